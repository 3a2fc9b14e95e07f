// Importing and exporting MARC records, the records imports could not read, files handed to the app.

import { getCurrentWebview } from '@tauri-apps/api/webview';
import { call, channelFor, CarrelError } from './core';
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
 * Imports MARC files (ISO 2709 or MARCXML, plain or gzip). `paths` must come from
 * `chooseMarcFiles`, `pendingOpenFiles` or a drop on the window: the core refuses any other path.
 * `duplicates` says what to do with a record the library already holds. Progress events arrive through `onEvent` while the command
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

/**
 * Writes the report of the last import in this window as a text file, where the person says in
 * the native save dialog (opened by the core). Resolves to the path written, or null when they
 * cancel.
 */
export function saveImportReport(): Promise<string | null> {
  return call('save_import_report');
}

/** Asks a running import to stop; the import then rolls back and reports `cancelled`. */
export function cancelImport(): Promise<void> {
  return call('cancel_import');
}

/**
 * Exports records: the core asks where in the native save dialog (proposing `fileName`), then
 * writes. In ISO 2709 a record too long for the format goes whole in MARCXML beside the file
 * (`NAME-too-long.xml`), or, with `splitLongFields`, has its long notes split into repeated
 * fields first. Resolves to null when the person cancels the dialog. Progress arrives through
 * `onProgress`, first `{written: 0, total: 0}` once a file is chosen; an export cancelled while it runs resolves with `cancelled: true` and leaves no file.
 */
export async function exportRecords(
  selection: Selection,
  format: ExportFormat,
  encoding: ExportEncoding,
  splitLongFields: boolean,
  fileName: string,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportSummary | null> {
  const channel = channelFor(onProgress);
  return call('export_records', { selection, format, encoding, splitLongFields, fileName, onProgress: channel });
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

/**
 * Writes the rejected records' bytes where the person says in the native save dialog (opened by
 * the core); null when they cancel.
 */
export function exportRejects(): Promise<RejectsExport | null> {
  return call('export_rejects');
}

/** Forgets every rejected record; resolves to how many were removed. */
export function clearRejects(): Promise<number> {
  return call('clear_rejects');
}

/** Files named on the app's command line ("Open with Carrel"); returned once, then cleared. */
export function pendingOpenFiles(): Promise<string[]> {
  return call('pending_open_files');
}

/**
 * The native open-file dialog for MARC files, opened by the core (which then lets `importFiles`
 * read what was chosen); an empty list when the person cancels.
 */
export function chooseMarcFiles(): Promise<string[]> {
  return call('choose_marc_files');
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
