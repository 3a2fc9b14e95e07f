// What the export dialog offers, the selection each choice stands for, and the file name it
// proposes.

import type { ExportEncoding } from './bindings/ExportEncoding';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ExportProgress } from './bindings/ExportProgress';
import type { ExportSummary } from './bindings/ExportSummary';
import type { Selection } from './bindings/Selection';
import { formatNumber, libraryName, recordCount } from './format';
import type { Choice } from './importOptions';

/** What the catalogue shows when Export… is chosen. */
export interface ExportContext {
  /** The search whose results are listed ('' when the most recent records are listed). */
  query: string;
  /** How many records that search matches, when known. */
  resultCount: number | null;
  /** True when more than `resultCount` records match. */
  resultCountIsLowerBound: boolean;
  /** The record open in the record view, if any. */
  openRecord: { id: number; title: string } | null;
  /** How many records the library holds, when known. */
  libraryRecords: number | null;
  /** The library file, for the proposed file name. */
  libraryPath: string | null;
}

export type ExportScope = 'record' | 'results' | 'all';

/** The "what to export" choices that make sense in `ctx`. */
export function scopeChoices(ctx: ExportContext): Choice<ExportScope>[] {
  const choices: Choice<ExportScope>[] = [];
  if (ctx.openRecord) {
    choices.push({
      value: 'record',
      label: 'This record',
      detail: `“${ctx.openRecord.title || '[No title]'}”`,
    });
  }
  if (ctx.query.trim() !== '') {
    choices.push({
      value: 'results',
      label: 'The search results',
      detail:
        ctx.resultCount === null
          ? `Every record matching “${ctx.query}”`
          : `${recordCount(ctx.resultCount, ctx.resultCountIsLowerBound)} matching “${ctx.query}”`,
      disabled: ctx.resultCount === 0,
    });
  }
  choices.push({
    value: 'all',
    label: 'The whole library',
    detail: ctx.libraryRecords === null ? 'Every record in the library' : recordCount(ctx.libraryRecords),
    disabled: ctx.libraryRecords === 0,
  });
  return choices;
}

/** The open record if there is one, else the search results, else the whole library. */
export function defaultScope(ctx: ExportContext): ExportScope {
  const usable = scopeChoices(ctx).filter((c) => !c.disabled);
  return usable[0]?.value ?? 'all';
}

/** The selection `export_records` is given for `scope`. */
export function selectionFor(scope: ExportScope, ctx: ExportContext): Selection {
  if (scope === 'record' && ctx.openRecord) return { kind: 'ids', value: [ctx.openRecord.id] };
  if (scope === 'results' && ctx.query.trim() !== '') return { kind: 'query', value: ctx.query.trim() };
  return { kind: 'all' };
}

export const FORMAT_CHOICES: readonly Choice<ExportFormat>[] = [
  {
    value: 'iso2709',
    label: 'ISO 2709 (.mrc)',
    detail: 'The MARC exchange format that most library systems import.',
  },
  {
    value: 'marcxml',
    label: 'MARCXML (.xml)',
    detail: 'MARC 21 in XML, for web services and XML tools. Always Unicode.',
  },
  {
    value: 'mrk',
    label: 'MarcEdit text (.mrk)',
    detail: 'The mnemonic text MarcEdit opens and edits (=245  10$a…). Always Unicode.',
  },
];

export const ENCODING_CHOICES: readonly Choice<ExportEncoding>[] = [
  {
    value: 'utf8',
    label: 'UTF-8 (Unicode)',
    detail: 'For current systems: every character is kept as it is.',
  },
  {
    value: 'marc8',
    label: 'MARC-8',
    detail: 'For older systems. Characters MARC-8 lacks become numeric codes (&#x20AC; for €).',
  },
];

export function extensionFor(format: ExportFormat): 'mrc' | 'xml' | 'mrk' {
  return format === 'marcxml' ? 'xml' : format === 'mrk' ? 'mrk' : 'mrc';
}

/** Makes `text` safe as a file name on Linux, macOS and Windows, at most `max` characters. */
export function safeFileName(text: string, max = 60): string {
  let name = text
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (name.length > max) {
    const cut = name.lastIndexOf(' ', max);
    name = name.slice(0, cut > max / 2 ? cut : max).trim();
  }
  return name;
}

/** A title without its subtitle: "Rails by the sea : the story…" → "Rails by the sea". */
function mainTitle(title: string): string {
  const cut = title.search(/\s[:;/=]\s/);
  return cut > 0 ? title.slice(0, cut) : title;
}

/** The file name the save dialog proposes, e.g. "Chambers library.mrc" or "jazz - search results.xml". */
export function defaultFileName(scope: ExportScope, ctx: ExportContext, format: ExportFormat): string {
  let base = '';
  if (scope === 'record' && ctx.openRecord) {
    base = safeFileName(mainTitle(ctx.openRecord.title)) || `record ${ctx.openRecord.id}`;
  } else if (scope === 'results') {
    const words = safeFileName(ctx.query, 40);
    base = words ? `${words} - search results` : 'search results';
  } else {
    base = safeFileName(ctx.libraryPath ? libraryName(ctx.libraryPath) : '') || 'Carrel library';
  }
  return `${base}.${extensionFor(format)}`;
}

/**
 * What "unchanged" means for this export's records. Records whose long notes were split (`split`)
 * were changed, not converted, and records written to MARCXML beside the file (`in_marcxml`) are
 * not in it: the note claims nothing about every record when either happened.
 */
export function unchangedNote(
  s: Pick<ExportSummary, 'written' | 'unchanged'> & Partial<Pick<ExportSummary, 'split' | 'in_marcxml'>>,
): string {
  const split = s.split ?? 0;
  const every = (s.in_marcxml ?? 0) > 0 ? 'Every record in this file' : 'Every record';
  if (split === 0 && s.unchanged >= s.written) return `${every} was written byte for byte as it was imported.`;
  if (split === 0 && s.unchanged === 0) return `${every} was converted to the chosen format or encoding.`;
  if (split >= s.written) return `${every} was written with long notes split into repeated fields.`;
  const splitText = `${split === 1 ? '1 record' : `${formatNumber(split)} records`} had long notes split into repeated fields`;
  if (s.unchanged === 0) return `${splitText}; the others were converted to the chosen format or encoding.`;
  return `“Unchanged” records were written byte for byte as they were imported; ${
    split > 0 ? `${splitText}; ` : ''
  }the others were converted to the chosen format or encoding.`;
}

/** Fraction written, 0..1, or null before the total is known. */
export function exportFraction(p: ExportProgress | null): number | null {
  if (!p || !(p.total > 0)) return null;
  return Math.min(Math.max(p.written / p.total, 0), 1);
}

/** "1,500 of 10,000 records written" */
export function exportProgressText(p: ExportProgress | null): string {
  if (!p) return 'Starting…';
  return `${formatNumber(p.written)} of ${recordCount(p.total)} written`;
}
