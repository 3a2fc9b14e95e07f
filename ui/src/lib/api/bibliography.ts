// Subject bibliographies (docs/bibliography.md).

import { call, channelFor } from './core';
import type { Bibliography } from '../bindings/Bibliography';
import type { BibliographyDoc } from '../bindings/BibliographyDoc';
import type { BibliographyFormat } from '../bindings/BibliographyFormat';
import type { BibliographyOutput } from '../bindings/BibliographyOutput';
import type { BibliographySummary } from '../bindings/BibliographySummary';
import type { ExportedBibliography } from '../bindings/ExportedBibliography';
import type { RenderProgress } from '../bindings/RenderProgress';
import type { StyleChoice } from '../bindings/StyleChoice';

export type { BibliographyFormat };

/** The output formats of a bibliography, with the file extension and the save dialog's label. */
export const BIBLIOGRAPHY_FORMATS = [
  { id: 'docx', label: 'Word document (.docx)', extension: 'docx' },
  { id: 'rtf', label: 'Rich Text (.rtf)', extension: 'rtf' },
  { id: 'html', label: 'Web page (.html)', extension: 'html' },
  { id: 'pdf', label: 'PDF (.pdf)', extension: 'pdf' },
  { id: 'txt', label: 'Plain text (.txt)', extension: 'txt' },
  { id: 'bibtex', label: 'BibTeX / BibLaTeX (.bib)', extension: 'bib' },
  { id: 'ris', label: 'RIS, for reference managers (.ris)', extension: 'ris' },
  { id: 'csl-json', label: 'CSL-JSON (.json)', extension: 'json' },
] as const satisfies readonly { id: BibliographyFormat; label: string; extension: string }[];

export function listBibliographies(): Promise<BibliographySummary[]> {
  return call('list_bibliographies');
}

export function getBibliography(id: number): Promise<Bibliography> {
  return call('get_bibliography', { id });
}

export function createBibliography(doc: BibliographyDoc): Promise<Bibliography> {
  return call('create_bibliography', { doc });
}

/** Saves the whole document as edited, in one transaction. */
export function updateBibliography(id: number, doc: BibliographyDoc): Promise<Bibliography> {
  return call('update_bibliography', { id, doc });
}

export function deleteBibliography(id: number): Promise<void> {
  return call('delete_bibliography', { id });
}

/** Bundled CSL styles and the user's own (the library's styles folder). */
export function bibliographyStyles(): Promise<StyleChoice[]> {
  return call('bibliography_styles');
}

/**
 * Asks for a `.csl` file in the native open dialog (opened by the core) and adds it to the
 * library's styles folder. Resolves to the new style, or null when the person cancels.
 */
export function addBibliographyStyle(): Promise<StyleChoice | null> {
  return call('add_bibliography_style');
}

/** The record's summary (MARC 21 520 $a), to start an annotation from. */
export function recordSummary(recordId: number): Promise<string | null> {
  return call('record_summary', { recordId });
}

/**
 * Renders the document as edited (saved or not), records as they are now; `onProgress` hears how
 * far a long render has come (entries done of the total).
 */
export function previewBibliography(doc: BibliographyDoc, onProgress: (p: RenderProgress) => void = () => {}): Promise<BibliographyOutput> {
  const channel = channelFor(onProgress);
  return call('preview_bibliography', { doc, onProgress: channel });
}

/**
 * Exports the document: the core asks where in the native save dialog (proposing `NAME.EXT`),
 * then renders and writes it. Resolves to what was written, or null when the person cancels.
 */
export function exportBibliography(doc: BibliographyDoc, format: BibliographyFormat, name: string): Promise<ExportedBibliography | null> {
  return call('export_bibliography', { doc, format, name });
}
