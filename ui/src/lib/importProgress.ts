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
  /** Duplicates skipped, merged, and found the same as the library's record (nothing written). */
  skipped: number;
  merged: number;
  unchanged: number;
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
    skipped: 0,
    merged: 0,
    unchanged: 0,
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
        skipped: event.skipped,
        merged: event.merged,
        unchanged: event.unchanged,
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
        skipped: event.summary.skipped,
        merged: event.summary.merged,
        unchanged: event.summary.unchanged,
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

/**
 * "1,200 records read · 1,180 imported · 20 rejected · 850 records/s"; duplicates merged,
 * unchanged or skipped are named when there are any (a merge import imports nothing new).
 */
export function progressText(
  p: Pick<ImportProgress, 'recordsRead' | 'imported' | 'rejected' | 'skipped' | 'merged' | 'unchanged' | 'recordsPerSecond'>,
): string {
  const duplicates = [
    [p.merged, 'merged'],
    [p.unchanged, 'unchanged'],
    [p.skipped, 'skipped'],
  ] as const;
  return [
    `${formatNumber(p.recordsRead)} ${p.recordsRead === 1 ? 'record' : 'records'} read`,
    `${formatNumber(p.imported)} imported`,
    ...duplicates.filter(([n]) => n > 0).map(([n, what]) => `${formatNumber(n)} ${what}`),
    `${formatNumber(p.rejected)} rejected`,
    `${formatNumber(p.recordsPerSecond)} records/s`,
  ].join(' · ');
}

/** "File 2 of 3: batch.mrc", or just the name for a single file. */
export function fileLine(p: Pick<ImportProgress, 'file' | 'fileNumber' | 'files'>): string {
  if (!p.file) return 'Starting…';
  return p.files > 1 ? `File ${p.fileNumber} of ${p.files}: ${p.file}` : p.file;
}
