// Pure helpers of the bibliography editor: new documents, the section rule in words, and the
// changes a technician makes to entries (annotate, move, leave out, pick by hand). Each returns a
// new section so the editor can save and re-render the whole document (docs/bibliography.md).

import type { BibliographyDoc } from './bindings/BibliographyDoc';
import type { RenderedBibliography } from './bindings/RenderedBibliography';
import type { EntryDoc } from './bindings/EntryDoc';
import type { SectionDoc } from './bindings/SectionDoc';
import type { SelectionRule } from './bindings/SelectionRule';

/** The styles a law or museum library reaches for first, listed before all the others. */
export const COMMON_STYLES: readonly string[] = [
  'american-psychological-association',
  'chicago-author-date',
  'chicago-notes',
  'modern-language-association',
  'harvard-cite-them-right',
  'institute-of-electrical-and-electronics-engineers',
  // Carrel's own legal styles: a law firm reaches for these first.
  'oscola',
  'bluebook-law-review',
  'aglc',
  'mcgill',
];

/** The name under which `styles` lists the style a document names (which may be an alias such as "apa"). */
export function styleName(styles: readonly { name: string; aliases: string[] }[], style: string): string {
  return styles.find((s) => s.name === style || s.aliases.includes(style))?.name ?? style;
}

/** Locales offered besides the style's own (hayagriva bundles these CSL locales). */
export const LOCALES: { code: string; label: string }[] = [
  { code: 'en-US', label: 'English (United States)' },
  { code: 'en-GB', label: 'English (United Kingdom)' },
  { code: 'de-DE', label: 'German' },
  { code: 'fr-FR', label: 'French' },
  { code: 'es-ES', label: 'Spanish' },
  { code: 'it-IT', label: 'Italian' },
  { code: 'nl-NL', label: 'Dutch' },
];

export function emptyRule(): SelectionRule {
  return {
    subject: null,
    narrower: false,
    class_from: null,
    class_to: null,
    query: null,
    year_from: null,
    year_to: null,
    item_type: null,
  };
}

export function newSection(heading = ''): SectionDoc {
  return { heading, rule: emptyRule(), sort: 'style', entries: [] };
}

/** A new document: APA, the style's locale, one section. */
export function newDocument(title = 'Untitled bibliography'): BibliographyDoc {
  return { title, introduction: '', style: 'apa', locale: null, show_locations: false, sections: [newSection()] };
}

/** Whether the rule selects anything by itself (the core's `SelectionRule::is_empty`, negated). */
export function ruleSelects(rule: SelectionRule): boolean {
  const given = (s: string | null) => s !== null && s.trim() !== '';
  return (
    given(rule.subject) ||
    given(rule.class_from) ||
    given(rule.class_to) ||
    given(rule.query) ||
    rule.year_from !== null ||
    rule.year_to !== null ||
    given(rule.item_type)
  );
}

/** The rule in words, for the section's summary line ("Subject “Arbitration” and narrower · 1990–2005"). */
export function describeRule(rule: SelectionRule, itemTypeLabel: (t: string) => string = (t) => t): string {
  const parts: string[] = [];
  const s = rule.subject?.trim();
  if (s) parts.push(`Subject “${s}”${rule.narrower ? ' and narrower' : ''}`);
  const a = rule.class_from?.trim();
  const b = rule.class_to?.trim();
  if (a && b) parts.push(`Call numbers ${a} to ${b}`);
  else if (a) parts.push(`Call numbers from ${a}`);
  else if (b) parts.push(`Call numbers up to ${b}`);
  const q = rule.query?.trim();
  if (q) parts.push(`Search “${q}”`);
  if (rule.year_from !== null && rule.year_to !== null) parts.push(`Published ${rule.year_from}–${rule.year_to}`);
  else if (rule.year_from !== null) parts.push(`Published ${rule.year_from} or later`);
  else if (rule.year_to !== null) parts.push(`Published ${rule.year_to} or earlier`);
  const t = rule.item_type?.trim();
  if (t) parts.push(`Items of type ${itemTypeLabel(t)}`);
  return parts.length > 0 ? parts.join(' · ') : 'Only records picked by hand';
}

/** A year typed in a field: a whole number of 1 to 4 digits, else null (blank or not a year). */
export function parseYear(text: string): number | null {
  const t = text.trim();
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

function entryDefaults(recordId: number): EntryDoc {
  return { record_id: recordId, position: 0, annotation: null, use_summary: false, pinned: false, excluded: false };
}

/** The section's entry for a record, or the defaults when the user has not touched it. */
export function entryOf(section: SectionDoc, recordId: number): EntryDoc {
  return section.entries.find((e) => e.record_id === recordId) ?? entryDefaults(recordId);
}

/** The section with the record's entry changed by `patch` (added when it had none). */
export function patchEntry(section: SectionDoc, recordId: number, patch: Partial<EntryDoc>): SectionDoc {
  const at = section.entries.findIndex((e) => e.record_id === recordId);
  const entries = [...section.entries];
  if (at >= 0) entries[at] = { ...entries[at]!, ...patch, record_id: recordId };
  else {
    const last = entries.reduce((m, e) => Math.max(m, e.position), 0);
    entries.push({ ...entryDefaults(recordId), position: last + 1, ...patch, record_id: recordId });
  }
  return { ...section, entries };
}

/** The technician's note under an entry; blank clears it. */
export function annotate(section: SectionDoc, recordId: number, note: string): SectionDoc {
  const text = note.trim();
  return patchEntry(section, recordId, { annotation: text === '' ? null : text });
}

/**
 * Moves a record `delta` places within the order shown (`shown`, record ids as the preview lists
 * them): the section becomes arranged by hand, every shown record taking its place.
 */
export function moveEntry(section: SectionDoc, shown: readonly number[], recordId: number, delta: number): SectionDoc {
  const from = shown.indexOf(recordId);
  if (from < 0) return section;
  const to = Math.min(Math.max(from + delta, 0), shown.length - 1);
  if (to === from && section.sort === 'manual') return section;
  const order = [...shown];
  order.splice(from, 1);
  order.splice(to, 0, recordId);
  let next: SectionDoc = { ...section, sort: 'manual' };
  order.forEach((id, i) => {
    next = patchEntry(next, id, { position: i + 1 });
  });
  return next;
}

/** Leaves a record out of the section even though its rule selects it (or it was picked). */
export function leaveOut(section: SectionDoc, recordId: number): SectionDoc {
  return patchEntry(section, recordId, { excluded: true, pinned: false });
}

/** Puts a left-out record back. */
export function putBack(section: SectionDoc, recordId: number): SectionDoc {
  return patchEntry(section, recordId, { excluded: false });
}

/** Adds records picked by hand (kept whatever the rule selects); already-shown ones are kept as they are. */
export function pick(section: SectionDoc, recordIds: readonly number[]): SectionDoc {
  let next = section;
  for (const id of recordIds) next = patchEntry(next, id, { pinned: true, excluded: false });
  return next;
}

/** Records the user left out of the section. */
export function leftOut(section: SectionDoc): number[] {
  return section.entries.filter((e) => e.excluded).map((e) => e.record_id);
}

/** A file name for an export: the title without characters file systems refuse. */
export function fileNameOf(title: string): string {
  const name = title
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return name === '' ? 'bibliography' : name;
}

/** Moves an element of a list `delta` places (clamped). */
export function moved<T>(list: readonly T[], index: number, delta: number): T[] {
  const to = Math.min(Math.max(index + delta, 0), list.length - 1);
  const out = [...list];
  const [x] = out.splice(index, 1);
  if (x !== undefined) out.splice(to, 0, x);
  return out;
}

/** Escapes text for HTML. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The rendered bibliography for the clipboard, built here so that the copy happens within the
 * click (WebKitGTK refuses a copy that comes after waiting for the core): HTML that word
 * processors paste with italics, headings, hanging indent and notes, and plain text in the shape
 * of the `txt` export (one entry per line, notes indented by four spaces).
 */
export function clipboardOf(r: RenderedBibliography): { html: string; text: string; entries: number } {
  const indent = r.hanging_indent ? 'padding-left:2em;text-indent:-2em;' : '';
  const html: string[] = [];
  const text: string[] = [];
  const oneLine = (s: string) => s.split(/\s+/).filter(Boolean).join(' ');
  let entries = 0;
  if (r.title.trim()) {
    html.push(`<h1>${esc(r.title.trim())}</h1>`);
    text.push(r.title.trim(), '');
  }
  for (const para of (r.introduction ?? '').split(/\n\s*\n/).filter((p) => p.trim())) {
    html.push(`<p>${esc(para.trim())}</p>`);
    text.push(oneLine(para), '');
  }
  for (const section of r.sections) {
    if (section.heading?.trim()) {
      html.push(`<h2>${esc(section.heading.trim())}</h2>`);
      if (text.length > 0 && text[text.length - 1] !== '') text.push('');
      text.push(oneLine(section.heading), '');
    }
    for (const e of section.entries) {
      entries += 1;
      const spans = e.spans
        .map((s) => {
          let t = esc(s.text);
          if (s.small_caps) t = `<span style="font-variant:small-caps">${t}</span>`;
          if (s.italic) t = `<i>${t}</i>`;
          if (s.bold) t = `<b>${t}</b>`;
          if (s.superscript) t = `<sup>${t}</sup>`;
          return t;
        })
        .join('');
      const label = e.label ? `${esc(e.label)} ` : '';
      html.push(`<p style="margin:0 0 .6em 0;${indent}">${label}${spans}</p>`);
      text.push(`${e.label ? `${e.label} ` : ''}${oneLine(e.spans.map((s) => s.text).join(''))}`);
      if (e.annotation?.trim()) {
        html.push(`<p style="margin:0 0 .6em 2em">${esc(e.annotation.trim())}</p>`);
        text.push(`    ${oneLine(e.annotation)}`);
      }
      if (e.location?.trim()) {
        html.push(`<p style="margin:0 0 .6em 2em">Where: ${esc(e.location.trim())}</p>`);
        text.push(`    Where: ${oneLine(e.location)}`);
      }
    }
  }
  return { html: html.join('\n'), text: `${text.join('\n')}\n`, entries };
}
