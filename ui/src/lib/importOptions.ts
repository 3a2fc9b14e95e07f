// What the import dialog offers and how it words the results.

import type { DuplicatePolicy } from './bindings/DuplicatePolicy';
import type { ImportProblem } from './bindings/ImportProblem';
import type { Severity } from './bindings/Severity';
import { formatNumber } from './format';

/** One choice of a radio group: its value, a short label and a one-line explanation. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  detail: string;
  disabled?: boolean;
}

export const DEFAULT_DUPLICATE_POLICY: DuplicatePolicy = 'skip';

/** The duplicate policies, in the order the dialog lists them. */
export const DUPLICATE_POLICIES: readonly Choice<DuplicatePolicy>[] = [
  {
    value: 'skip',
    label: 'Skip duplicates',
    detail: 'Keep the library’s record; the incoming copy is not imported.',
  },
  {
    value: 'merge',
    label: 'Merge duplicates',
    detail: 'The incoming record becomes the new version; the old one is kept in the record’s history.',
  },
  {
    value: 'add',
    label: 'Add as new records',
    detail: 'Import the incoming record beside the library’s, so both are kept.',
  },
];

/** Where the files to import came from; the confirmation words its question accordingly. */
export type ImportOrigin = 'command-line' | 'picked' | 'dropped';

/** "Carrel was opened with these 2 files. Import their records into the library?" */
export function confirmQuestion(origin: ImportOrigin, files: number): string {
  const these = files === 1 ? 'this file' : `these ${files} files`;
  const its = files === 1 ? 'its' : 'their';
  switch (origin) {
    case 'command-line':
      return `Carrel was opened with ${these}. Import ${its} records into the library?`;
    case 'dropped':
      return `You dropped ${these} on Carrel. Import ${its} records into the library?`;
    case 'picked':
      return `Import the records in ${these} into the library?`;
  }
}

/** The word the problems table shows for a problem's kind. */
export function problemKind(severity: Severity): string {
  switch (severity) {
    case 'error':
      return 'Rejected';
    case 'warning':
      return 'Repaired';
    case 'duplicate':
      return 'Duplicate';
  }
}

/** "17", or "whole file" for a problem with the file itself (record 0). */
export function problemRecord(problem: Pick<ImportProblem, 'ordinal'>): string {
  return problem.ordinal === 0 ? 'whole file' : formatNumber(problem.ordinal);
}

/** Whether any problem carries a line number (MARCXML files), so the table needs the column. */
export function hasLines(problems: readonly Pick<ImportProblem, 'line'>[]): boolean {
  return problems.some((p) => p.line !== null);
}
