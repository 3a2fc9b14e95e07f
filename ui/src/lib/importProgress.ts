// Folds the core's import events into what the progress panel shows.

import type { ImportEvent } from './bindings/ImportEvent';
import type { ImportSummary } from './bindings/ImportSummary';
import { fileName, formatNumber } from './format';

export interface ImportProgress {
  /** Name (not path) of the file being read, '' before the first event. */
  file: string;
  /** 1-based number of the current file and how many there are. */
  fileNumber: number;
  files: number;
  recordsRead: number;
  imported: number;
  rejected: number;
  recordsPerSecond: number;
  bytesRead: number;
  bytesTotal: number;
  /** Set by the `finished` event. */
  summary: ImportSummary | null;
}

export function initialProgress(files: number): ImportProgress {
  return {
    file: '',
    fileNumber: 0,
    files,
    recordsRead: 0,
    imported: 0,
    rejected: 0,
    recordsPerSecond: 0,
    bytesRead: 0,
    bytesTotal: 0,
    summary: null,
  };
}

/** The progress after `event`. `file_started.index` is 0-based. */
export function applyImportEvent(state: ImportProgress, event: ImportEvent): ImportProgress {
  switch (event.type) {
    case 'file_started':
      return {
        ...state,
        file: fileName(event.file),
        fileNumber: event.index + 1,
        files: event.files,
        bytesRead: 0,
        bytesTotal: event.bytes_total,
      };
    case 'progress':
      return {
        ...state,
        file: fileName(event.file),
        fileNumber: Math.max(state.fileNumber, 1),
        recordsRead: event.records_read,
        imported: event.imported,
        rejected: event.rejected,
        recordsPerSecond: event.records_per_second,
        bytesRead: event.bytes_read,
        bytesTotal: event.bytes_total,
      };
    case 'finished':
      return {
        ...state,
        recordsRead: event.summary.records_read,
        imported: event.summary.imported,
        rejected: event.summary.rejected,
        bytesRead: state.bytesTotal,
        summary: event.summary,
      };
  }
}

/** Fraction done in the current file, 0..1, or null when the size is unknown. */
export function progressFraction(bytesRead: number, bytesTotal: number): number | null {
  if (!(bytesTotal > 0)) return null;
  return Math.min(Math.max(bytesRead / bytesTotal, 0), 1);
}

/** "1,200 records read · 1,180 imported · 20 rejected · 850 records/s" */
export function progressText(p: Pick<ImportProgress, 'recordsRead' | 'imported' | 'rejected' | 'recordsPerSecond'>): string {
  return [
    `${formatNumber(p.recordsRead)} ${p.recordsRead === 1 ? 'record' : 'records'} read`,
    `${formatNumber(p.imported)} imported`,
    `${formatNumber(p.rejected)} rejected`,
    `${formatNumber(p.recordsPerSecond)} records/s`,
  ].join(' · ');
}

/** "File 2 of 3: batch.mrc", or just the name for a single file. */
export function fileLine(p: Pick<ImportProgress, 'file' | 'fileNumber' | 'files'>): string {
  if (!p.file) return 'Starting…';
  return p.files > 1 ? `File ${p.fileNumber} of ${p.files}: ${p.file}` : p.file;
}
