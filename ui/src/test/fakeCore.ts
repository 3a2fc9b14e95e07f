// An in-memory stand-in for Carrel's Rust core, answering the UI's commands through mockIPC.

import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type { ExportProgress } from '../lib/bindings/ExportProgress';
import type { ExportSummary } from '../lib/bindings/ExportSummary';
import type { ImportEvent } from '../lib/bindings/ImportEvent';
import type { ImportSummary } from '../lib/bindings/ImportSummary';
import type { LibraryInfo } from '../lib/bindings/LibraryInfo';
import type { RecordSummary } from '../lib/bindings/RecordSummary';
import type { RecordView } from '../lib/bindings/RecordView';
import type { SearchResults } from '../lib/bindings/SearchResults';

export const XSS_TITLE = '<img src=x onerror=alert(1)> Evidence & <b>procedure</b>';

export function record(id: number, title: string, extra: Partial<RecordView> = {}): RecordView {
  return {
    id,
    title,
    vernacular_title: null,
    responsibility: null,
    edition: null,
    publication: null,
    physical_description: null,
    series: [],
    subjects: [],
    notes: [],
    identifiers: [],
    format: 'Book',
    undecoded: false,
    warnings: [],
    source: null,
    mnemonic: `=LDR  00000nam a2200000 a 4500\n=001  ${id}\n=245  10$a${title}`,
    ...extra,
  };
}

export const SAMPLE: RecordView[] = [
  record(1, 'Principles of contract law', {
    responsibility: 'by Anne Smith',
    publication: 'London : Sweet & Maxwell, 2019',
    edition: '3rd edition',
    physical_description: 'xl, 512 pages ; 24 cm',
    series: ['Law in context'],
    subjects: ['Contracts -- Great Britain', 'Commercial law'],
    notes: ['Includes bibliographical references and index.'],
    identifiers: [
      { kind: 'ISBN', value: '9780414071234', qualifier: 'hardback' },
      { kind: 'LCCN', value: '2018012345', qualifier: null },
      { kind: 'Control number', value: 'ocm123456', qualifier: 'OCoLC' },
    ],
    warnings: ['020: invalid ISBN check digit kept as given'],
    source: 'batch-2019.mrc',
  }),
  record(2, 'Museum registration methods', {
    responsibility: 'edited by John Brown',
    publication: 'Washington, D.C. : AAM Press',
  }),
  record(3, XSS_TITLE, { undecoded: true, responsibility: 'Z. Wójcik' }),
];

export function summaryOf(r: RecordView): RecordSummary {
  return {
    id: r.id,
    title: r.title,
    responsibility: r.responsibility,
    publication: r.publication,
    date: null,
    format: r.format,
    undecoded: r.undecoded,
  };
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

export interface FakeCoreOptions {
  records?: RecordView[];
  pending?: string[];
  info?: Partial<LibraryInfo>;
  /** Overrides for single commands; return a value or throw/reject like the core. */
  handlers?: Record<string, (args: Record<string, unknown>) => unknown>;
}

/** Emits events through the Channel the UI passed, the way Tauri delivers them. */
export function emit(channel: unknown, index: number, message: ImportEvent | ExportProgress): void {
  const id = (channel as { id: number }).id;
  (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } }).__TAURI_INTERNALS__.runCallback(id, {
    index,
    message,
  });
}

export function matches(r: RecordView, query: string): boolean {
  const q = query.toLowerCase();
  return [r.title, r.responsibility ?? '', ...r.subjects, ...r.identifiers.map((i) => i.value)].some((t) => t.toLowerCase().includes(q));
}

export function defaultSearch(records: RecordView[], query: string, limit: number): SearchResults {
  const found = query === '' ? [...records].reverse() : records.filter((r) => matches(r, query));
  return {
    query,
    total: found.length,
    total_is_lower_bound: false,
    hits: found.slice(0, limit).map(summaryOf),
    next: null,
    facets: [],
    facets_sampled: false,
    notice: null,
    interpreted_as: null,
    jump: null,
  };
}

/** The search arguments of a call, whether sent as `{ request }` or as plain fields. */
export function searchArgs(args: Record<string, unknown>): { query: string; limit: number } & Record<string, unknown> {
  const r = (args.request ?? args) as Record<string, unknown>;
  return { ...r, query: String(r.query ?? ''), limit: Number(r.limit ?? 50) };
}

export function exportSummary(extra: Partial<ExportSummary> = {}): ExportSummary {
  return {
    path: '',
    written: 0,
    unchanged: 0,
    failed: 0,
    cancelled: false,
    problems: [],
    too_long: [],
    split: 0,
    in_marcxml: 0,
    marcxml_path: null,
    ...extra,
  };
}

export function emptySummary(extra: Partial<ImportSummary> = {}): ImportSummary {
  return {
    files: [],
    records_read: 0,
    imported: 0,
    rejected: 0,
    skipped: 0,
    merged: 0,
    unchanged: 0,
    warnings: 0,
    marc8_decoded: 0,
    undecoded: 0,
    cancelled: false,
    elapsed_ms: 0,
    problems: [],
    problems_omitted: 0,
    formats: [],
    dry_run: false,
    ...extra,
  };
}

/** Event listeners the UI registered (`plugin:event|listen`): event name → callback ids. */
let listeners = new Map<string, number[]>();
let nextEventId = 1;

/** Delivers a Tauri event to the UI's listeners, the way the webview does. */
export function fireEvent(event: string, payload: unknown): number {
  const ids = listeners.get(event) ?? [];
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback: (id: number, data: unknown) => void } })
    .__TAURI_INTERNALS__;
  for (const id of ids) internals.runCallback(id, { event, id: nextEventId++, payload });
  return ids.length;
}

/** A native file drag over the window, as Tauri 2 reports it (`tauri://drag-*` events). */
export function dragFiles(type: 'enter' | 'over' | 'drop' | 'leave', paths: string[] = []): number {
  const position = { x: 400, y: 300 };
  switch (type) {
    case 'enter':
      return fireEvent('tauri://drag-enter', { paths, position });
    case 'over':
      return fireEvent('tauri://drag-over', { position });
    case 'drop':
      return fireEvent('tauri://drag-drop', { paths, position });
    case 'leave':
      return fireEvent('tauri://drag-leave', null);
  }
}

/** Installs the fake core; returns the list of calls it receives. */
export function installFakeCore(options: FakeCoreOptions = {}): Call[] {
  const records = options.records ?? SAMPLE;
  let pending = options.pending ?? [];
  const calls: Call[] = [];
  listeners = new Map();
  mockWindows('main');
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const override = options.handlers?.[cmd];
    if (override) return override(args);
    switch (cmd) {
      case 'plugin:event|listen': {
        const event = String(args.event);
        listeners.set(event, [...(listeners.get(event) ?? []), Number(args.handler)]);
        return Number(args.handler);
      }
      case 'plugin:event|unlisten': {
        const event = String(args.event);
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((id) => id !== Number(args.eventId)),
        );
        return null;
      }
      case 'library_info':
        return {
          path: '/home/ann/Chambers library.carrel',
          records: records.length,
          undecoded: records.filter((r) => r.undecoded).length,
          schema_version: 1,
          ...options.info,
        } satisfies LibraryInfo;
      case 'pending_open_files': {
        const files = pending;
        pending = [];
        return files;
      }
      case 'search': {
        const { query, limit } = searchArgs(args);
        return defaultSearch(records, query, limit);
      }
      case 'get_record': {
        const found = records.find((r) => r.id === args.id);
        if (!found) throw { kind: 'not_found', message: `No record with id ${String(args.id)}.` };
        return found;
      }
      case 'items_of_record':
        return { record_id: Number(args.recordId), items: [], suggested_call_number: null, suggested_item_type: 'book' };
      case 'shelf_locations':
        return [];
      case 'shelf_list':
        return { entries: [], before: null, after: null, position: null, exact: false };
      case 'cancel_import':
      case 'cancel_export':
        return null;
      default:
        throw { kind: 'invalid_input', message: `The fake core has no command ${cmd}.` };
    }
  });
  return calls;
}

export { clearMocks };

/** The number of event listeners the UI holds for `event`. */
export function listenerCount(event: string): number {
  return listeners.get(event)?.length ?? 0;
}

/** Waits until `check` stops throwing (polls every 5 ms, up to 2 s). */
export async function until<T>(check: () => T, what = 'condition'): Promise<T> {
  const deadline = Date.now() + 2000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return check();
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Timed out waiting for ${what}: ${String(last)}`);
}

/** Types into an input the way the browser reports it. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

export function byTestId<T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid="${id}"`);
  return el;
}

export function allByTestId<T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document): T[] {
  return Array.from(root.querySelectorAll<T>(`[data-testid="${id}"]`));
}
