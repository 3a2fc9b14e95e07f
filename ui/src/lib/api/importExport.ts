// Importing and exporting MARC records, the records imports could not read, files handed to the app.

import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open } from '@tauri-apps/plugin-dialog';
import { call, channelFor, chooseSavePath, CarrelError } from './core';
import type { DuplicatePolicy } from '../bindings/DuplicatePolicy';
import type { ExportEncoding } from '../bindings/ExportEncoding';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { ExportProgress } from '../bindings/ExportProgress';
import type { ExportSummary } from '../bindings/ExportSummary';
import type { ImportEvent } from '../bindings/ImportEvent';
import type { ImportSummary } from '../bindings/ImportSummary';
import type { RejectedRecord } from '../bindings/RejectedRecord';
import type { RejectsExport } from '../bindings/RejectsExport';
import type { Selection } from '../bindings/Selection';

/**
 * Imports MARC files (ISO 2709 or MARCXML, plain or gzip). `duplicates` says what to do with a
 * record the library already holds. Progress events arrive through `onEvent` while the command
 * runs; the returned summary is the authoritative result.
 */
export async function importFiles(
  paths: string[],
  duplicates: DuplicatePolicy,
  onEvent: (event: ImportEvent) => void,
): Promise<ImportSummary> {
  const channel = channelFor(onEvent);
  return call('import_files', { paths, duplicates, onEvent: channel });
}

/** Writes the report of the last import in this window as a text file at `path`. */
export function saveImportReport(path: string): Promise<void> {
  return call('save_import_report', { path });
}

/** Asks a running import to stop; the import then rolls back and reports `cancelled`. */
export function cancelImport(): Promise<void> {
  return call('cancel_import');
}

/**
 * Exports records to `path` (chosen with `chooseExportPath`). Progress arrives through
 * `onProgress`; a cancelled export resolves with `cancelled: true` and leaves no file.
 */
export async function exportRecords(
  selection: Selection,
  format: ExportFormat,
  encoding: ExportEncoding,
  path: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportSummary> {
  const channel = channelFor(onProgress);
  return call('export_records', { selection, format, encoding, path, onProgress: channel });
}

/** Asks a running export to stop; it then removes its partial file and reports `cancelled`. */
export function cancelExport(): Promise<void> {
  return call('cancel_export');
}

/** How many records imports could not read (kept with their bytes). */
export function countRejects(): Promise<number> {
  return call('count_rejects');
}

/** The records imports could not read, most recent import first; at most `limit`. */
export function listRejects(limit: number): Promise<RejectedRecord[]> {
  return call('list_rejects', { limit });
}

/** Writes the rejected records' bytes to `path` (chosen with `chooseRejectsPath`). */
export function exportRejects(path: string): Promise<RejectsExport> {
  return call('export_rejects', { path });
}

/** Forgets every rejected record; resolves to how many were removed. */
export function clearRejects(): Promise<number> {
  return call('clear_rejects');
}

/** Files named on the app's command line ("Open with Carrel"); returned once, then cleared. */
export function pendingOpenFiles(): Promise<string[]> {
  return call('pending_open_files');
}

export const MARC_EXTENSIONS = ['mrc', 'marc', 'dat', 'mrk', 'xml', 'gz', 'iso', 'usm'];

/** The native open-file dialog for MARC files; an empty list when the person cancels. */
export async function chooseMarcFiles(): Promise<string[]> {
  let picked: string[] | string | null;
  try {
    picked = await open({
      multiple: true,
      directory: false,
      title: 'Import MARC records',
      filters: [{ name: 'MARC records', extensions: MARC_EXTENSIONS }],
    });
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  if (picked === null) return [];
  return Array.isArray(picked) ? picked : [picked];
}

/** The native save dialog for an import report; null when the person cancels. */
export function chooseReportPath(): Promise<string | null> {
  return chooseSavePath({
    title: 'Save import report',
    defaultPath: 'import-report.txt',
    filters: [{ name: 'Text file', extensions: ['txt'] }],
  });
}

/** The native save dialog for the rejected records' file; null when the person cancels. */
export function chooseRejectsPath(): Promise<string | null> {
  return chooseSavePath({
    title: 'Save rejected records',
    defaultPath: 'rejected-records.mrc',
    filters: [{ name: 'MARC 21 records (ISO 2709)', extensions: ['mrc'] }],
  });
}

/** The native save dialog for an export, proposing `defaultName`; null when the person cancels. */
export function chooseExportPath(defaultName: string, format: ExportFormat): Promise<string | null> {
  return chooseSavePath({
    title: 'Export MARC records',
    defaultPath: defaultName,
    filters:
      format === 'marcxml' ? [{ name: 'MARCXML', extensions: ['xml'] }] : [{ name: 'MARC 21 records (ISO 2709)', extensions: ['mrc'] }],
  });
}

/** A file drag over the window, as the webview reports it (see `lib/dragDrop.ts`). */
export type FileDragEvent = { type: 'enter'; paths: string[] } | { type: 'over' } | { type: 'drop'; paths: string[] } | { type: 'leave' };

/**
 * Calls `handler` while files are dragged over the window and when they are dropped (Tauri's
 * webview drag-drop events). Resolves to a function that stops listening.
 */
export async function onFileDrag(handler: (event: FileDragEvent) => void): Promise<() => void> {
  let unlisten: () => void;
  try {
    unlisten = await getCurrentWebview().onDragDropEvent(({ payload }) => {
      if (payload.type === 'enter' || payload.type === 'drop') {
        handler({ type: payload.type, paths: [...payload.paths] });
      } else {
        handler({ type: payload.type });
      }
    });
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  return () => {
    // Typed as returning nothing, but it answers with a promise of the core's reply.
    Promise.resolve(unlisten() as unknown).catch(() => {
      // The window is going away; nothing is left to tidy.
    });
  };
}
