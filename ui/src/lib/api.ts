// The one typed door between the web UI and Carrel's Rust core.
//
// Nothing else in the UI may call `invoke`: every command is wrapped here with the types that
// ts-rs generates from Rust (`./bindings`), and every failure is turned into a `CarrelError`.

import { Channel, invoke } from '@tauri-apps/api/core';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open, save } from '@tauri-apps/plugin-dialog';
import type { DuplicatePolicy } from './bindings/DuplicatePolicy';
import type { ErrorKind } from './bindings/ErrorKind';
import type { ExportEncoding } from './bindings/ExportEncoding';
import type { ExportFormat } from './bindings/ExportFormat';
import type { ExportProgress } from './bindings/ExportProgress';
import type { ExportSummary } from './bindings/ExportSummary';
import type { ImportEvent } from './bindings/ImportEvent';
import type { ImportSummary } from './bindings/ImportSummary';
import type { LibraryInfo } from './bindings/LibraryInfo';
import type { RecordView } from './bindings/RecordView';
import type { SearchResults } from './bindings/SearchResults';
import type { Selection } from './bindings/Selection';

/** The error kinds of the core, plus `ipc` for a call that never reached it. */
export type CarrelErrorKind = ErrorKind | 'ipc';

const CORE_KINDS: readonly string[] = [
  'not_found',
  'invalid_input',
  'newer_library',
  'not_a_library',
  'cancelled',
  'io',
  'database',
] satisfies ErrorKind[];

export class CarrelError extends Error {
  readonly kind: CarrelErrorKind;

  constructor(kind: CarrelErrorKind, message: string) {
    super(message);
    this.name = 'CarrelError';
    this.kind = kind;
  }

  /** Builds a CarrelError from whatever a command rejected with. */
  static from(raw: unknown): CarrelError {
    if (raw instanceof CarrelError) return raw;
    if (typeof raw === 'object' && raw !== null) {
      const { kind, message } = raw as { kind?: unknown; message?: unknown };
      if (typeof kind === 'string' && CORE_KINDS.includes(kind) && typeof message === 'string') {
        return new CarrelError(kind as ErrorKind, message);
      }
    }
    if (!insideTauri()) {
      return new CarrelError(
        'ipc',
        'Carrel’s core is not reachable: this page is running outside the Carrel application.',
      );
    }
    if (raw instanceof Error) return new CarrelError('ipc', raw.message);
    if (typeof raw === 'string' && raw.length > 0) return new CarrelError('ipc', raw);
    return new CarrelError('ipc', 'The Carrel core gave an answer the interface does not understand.');
  }
}

function insideTauri(): boolean {
  const internals = (globalThis as { __TAURI_INTERNALS__?: { invoke?: unknown } }).__TAURI_INTERNALS__;
  return typeof internals?.invoke === 'function';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw CarrelError.from(raw);
  }
}

/** Where the open library lives and how much it holds. */
export function libraryInfo(): Promise<LibraryInfo> {
  return call<LibraryInfo>('library_info');
}

/** Searches the catalogue; an empty query lists the most recently added records. */
export function search(query: string, limit: number): Promise<SearchResults> {
  return call<SearchResults>('search', { query, limit });
}

/** One record, ready for display, with its MARC in mnemonic form. */
export function getRecord(id: number): Promise<RecordView> {
  return call<RecordView>('get_record', { id });
}

function channelFor<T>(onMessage: (message: T) => void): Channel<T> {
  let channel: Channel<T>;
  try {
    channel = new Channel<T>();
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  channel.onmessage = onMessage;
  return channel;
}

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
  return call<ImportSummary>('import_files', { paths, duplicates, onEvent: channel });
}

/** Writes the report of the last import in this window as a text file at `path`. */
export function saveImportReport(path: string): Promise<void> {
  return call<void>('save_import_report', { path });
}

/** Asks a running import to stop; the import then rolls back and reports `cancelled`. */
export function cancelImport(): Promise<void> {
  return call<void>('cancel_import');
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
  return call<ExportSummary>('export_records', { selection, format, encoding, path, onProgress: channel });
}

/** Asks a running export to stop; it then removes its partial file and reports `cancelled`. */
export function cancelExport(): Promise<void> {
  return call<void>('cancel_export');
}

/** Files named on the app's command line ("Open with Carrel"); returned once, then cleared. */
export function pendingOpenFiles(): Promise<string[]> {
  return call<string[]>('pending_open_files');
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

async function chooseSavePath(options: {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}): Promise<string | null> {
  try {
    return (await save(options)) ?? null;
  } catch (raw) {
    throw CarrelError.from(raw);
  }
}

/** The native save dialog for an import report; null when the person cancels. */
export function chooseReportPath(): Promise<string | null> {
  return chooseSavePath({
    title: 'Save import report',
    defaultPath: 'import-report.txt',
    filters: [{ name: 'Text file', extensions: ['txt'] }],
  });
}

/** The native save dialog for an export, proposing `defaultName`; null when the person cancels. */
export function chooseExportPath(defaultName: string, format: ExportFormat): Promise<string | null> {
  return chooseSavePath({
    title: 'Export MARC records',
    defaultPath: defaultName,
    filters:
      format === 'marcxml'
        ? [{ name: 'MARCXML', extensions: ['xml'] }]
        : [{ name: 'MARC 21 records (ISO 2709)', extensions: ['mrc'] }],
  });
}

/** A file drag over the window, as the webview reports it (see `lib/dragDrop.ts`). */
export type FileDragEvent =
  | { type: 'enter'; paths: string[] }
  | { type: 'over' }
  | { type: 'drop'; paths: string[] }
  | { type: 'leave' };

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
