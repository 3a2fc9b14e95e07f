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
import type { SearchRequest } from './bindings/SearchRequest';
import type { SearchResults } from './bindings/SearchResults';
import type { Selection } from './bindings/Selection';
import type { BarcodeRules } from './bindings/BarcodeRules';
import type { BarcodeCheck } from './bindings/BarcodeCheck';
import type { RejectedRecord } from './bindings/RejectedRecord';
import type { RejectsExport } from './bindings/RejectsExport';
import type { Item } from './bindings/Item';
import type { ItemInput } from './bindings/ItemInput';
import type { RecordItems } from './bindings/RecordItems';
import type { ShelfPage } from './bindings/ShelfPage';
import type { ShelfStart } from './bindings/ShelfStart';
import type { DeletedRecord } from './bindings/DeletedRecord';
import type { DeleteOutcome } from './bindings/DeleteOutcome';
import type { DeletionCheck } from './bindings/DeletionCheck';
import type { RecordHistory } from './bindings/RecordHistory';
import type { RecordSummary } from './bindings/RecordSummary';
import type { RenameOutcome } from './bindings/RenameOutcome';
import type { SubjectHeading } from './bindings/SubjectHeading';
import type { SubjectPage } from './bindings/SubjectPage';

import type { EditableRecord } from './bindings/EditableRecord';
import type { RecordForm } from './bindings/RecordForm';
import type { Saved } from './bindings/Saved';
import type { Template } from './bindings/Template';
import type { Validation } from './bindings/Validation';
import type { Warning } from './bindings/Warning';
import type { CheckinReceipt } from './bindings/CheckinReceipt';
import type { CheckoutOutcome } from './bindings/CheckoutOutcome';
import type { CirculationSettings } from './bindings/CirculationSettings';
import type { ClosedDay } from './bindings/ClosedDay';
import type { Hold } from './bindings/Hold';
import type { HoldFilter } from './bindings/HoldFilter';
import type { HoldOutcome } from './bindings/HoldOutcome';
import type { LoanLine } from './bindings/LoanLine';
import type { LoanRule } from './bindings/LoanRule';
import type { OverdueOrder } from './bindings/OverdueOrder';
import type { Patron } from './bindings/Patron';
import type { PatronAtDesk } from './bindings/PatronAtDesk';
import type { PatronInput } from './bindings/PatronInput';
import type { Policy } from './bindings/Policy';
import type { RenewOutcome } from './bindings/RenewOutcome';
import type { Bibliography } from './bindings/Bibliography';
import type { BibliographyDoc } from './bindings/BibliographyDoc';
import type { BibliographyOutput } from './bindings/BibliographyOutput';
import type { BibliographySummary } from './bindings/BibliographySummary';
import type { ExportedBibliography } from './bindings/ExportedBibliography';
import type { StyleChoice } from './bindings/StyleChoice';
import type { RenderProgress } from './bindings/RenderProgress';

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

/**
 * Searches the catalogue (query syntax in docs/search.md): one page in the requested sort, the
 * total, facets when asked, a notice for a leniently read query, a jump for a scanned code, and
 * `next` to pass as `after` for the following page.
 */
export function searchCatalogue(request: SearchRequest): Promise<SearchResults> {
  return call<SearchResults>('search', { request });
}

/** The first `limit` records for `query`, best first; an empty query lists the most recently added. */
export function search(query: string, limit: number): Promise<SearchResults> {
  return searchCatalogue({ query, limit, sort: 'relevance', filters: [], after: null, facets: false });
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

/**
 * A page of the subject headings in use with their record counts, in browse order (case and
 * accents ignored). `from` jumps to where a text files; `after` continues after a heading.
 */
export function browseSubjects(from: string | null, after: string | null, limit: number): Promise<SubjectPage> {
  return call<SubjectPage>('browse_subjects', { from, after, limit });
}

/** Headings in use that contain `text` anywhere (case and accents ignored). */
export function searchSubjects(text: string, limit: number): Promise<SubjectHeading[]> {
  return call<SubjectHeading[]>('search_subjects', { text, limit });
}

/** The records that carry exactly this heading, in title order. */
export function subjectRecords(heading: string, limit: number): Promise<RecordSummary[]> {
  return call<RecordSummary[]>('subject_records', { heading, limit });
}

/**
 * Renames (one heading) or merges (several) subject headings into `into` in every record that
 * carries them, in one transaction; each record keeps its previous version in its history.
 */
export function mergeSubjects(from: string[], into: string): Promise<RenameOutcome> {
  return call<RenameOutcome>('merge_subjects', { from, into });
}

/** What deleting a record would take with it (its items, those on loan); changes nothing. */
export function deletionCheck(id: number): Promise<DeletionCheck> {
  return call<DeletionCheck>('deletion_check', { id });
}

/** Moves a record (and, with `withItems`, its items) to the trash for 30 days. */
export function deleteRecord(id: number, withItems: boolean): Promise<DeleteOutcome> {
  return call<DeleteOutcome>('delete_record', { id, withItems });
}

/** Takes a deleted record out of the trash. */
export function restoreRecord(id: number): Promise<void> {
  return call<void>('restore_record', { id });
}

/** Removes a deleted record for good now, with its items and history. */
export function purgeRecord(id: number): Promise<void> {
  return call<void>('purge_record', { id });
}

/** The records in the trash, most recently deleted first. */
export function deletedRecords(): Promise<DeletedRecord[]> {
  return call<DeletedRecord[]>('deleted_records');
}

/** A record's current state and earlier versions, newest first. */
export function recordHistory(id: number): Promise<RecordHistory> {
  return call<RecordHistory>('record_history', { id });
}

/** Makes an earlier version the current record again (the current one is kept as a version). */
export function revertToVersion(id: number, versionId: number): Promise<number> {
  return call<number>('revert_to_version', { id, versionId });
}

/**
 * Adds an item (copy) to record `recordId`. Refused (`invalid_input`) when the barcode breaks
 * the library's barcode rules or is already on another item; the message says which and why.
 */
export function addItem(recordId: number, input: ItemInput): Promise<Item> {
  return call<Item>('add_item', { recordId, input });
}

/** Replaces the fields of item `id` (a null status keeps the current one). */
export function updateItem(id: number, input: ItemInput): Promise<Item> {
  return call<Item>('update_item', { id, input });
}

/** Deletes item `id`; refused while it is on loan. Resolves to the deleted item. */
export function deleteItem(id: number): Promise<Item> {
  return call<Item>('delete_item', { id });
}

/** The items of a record in shelf order, and the record's own call number for a new item. */
export function itemsOfRecord(recordId: number): Promise<RecordItems> {
  return call<RecordItems>('items_of_record', { recordId });
}

/** The item with this barcode (`not_found` when none). */
export function itemByBarcode(barcode: string): Promise<Item> {
  return call<Item>('item_by_barcode', { barcode });
}

/** A page of the shelf list (items in call-number order), of one location or all. */
export function shelfList(location: string | null, start: ShelfStart, limit: number): Promise<ShelfPage> {
  return call<ShelfPage>('shelf_list', { location, start, limit });
}

/** The shelving locations in use, for the shelf list's location filter. */
export function shelfLocations(): Promise<string[]> {
  return call<string[]>('shelf_locations');
}

/** The library's barcode rules (prefix, length, check digit). */
export function barcodeRules(): Promise<BarcodeRules> {
  return call<BarcodeRules>('barcode_rules');
}

/** Stores new barcode rules; resolves to the rules as stored. */
export function setBarcodeRules(rules: BarcodeRules): Promise<BarcodeRules> {
  return call<BarcodeRules>('set_barcode_rules', { rules });
}

/** Whether `barcode` passes `rules` as typed in the Settings form (saved or not), and why not. */
export function checkBarcode(rules: BarcodeRules, barcode: string): Promise<BarcodeCheck> {
  return call<BarcodeCheck>('check_barcode', { rules, barcode });
}

/** The cataloguing agency code new records get in 040 $a and $c. */
export function cataloguingAgency(): Promise<string> {
  return call<string>('cataloguing_agency');
}

/** Stores the cataloguing agency code ('' goes back to the default); resolves to the code in force. */
export function setCataloguingAgency(code: string): Promise<string> {
  return call<string>('set_cataloguing_agency', { code });
}

/** How many records imports could not read (kept with their bytes). */
export function countRejects(): Promise<number> {
  return call<number>('count_rejects');
}

/** The records imports could not read, most recent import first; at most `limit`. */
export function listRejects(limit: number): Promise<RejectedRecord[]> {
  return call<RejectedRecord[]>('list_rejects', { limit });
}

/** Writes the rejected records' bytes to `path` (chosen with `chooseRejectsPath`). */
export function exportRejects(path: string): Promise<RejectsExport> {
  return call<RejectsExport>('export_rejects', { path });
}

/** Forgets every rejected record; resolves to how many were removed. */
export function clearRejects(): Promise<number> {
  return call<number>('clear_rejects');
}

// The cataloguing editor. The mapping between the form and MARC lives in Rust only.

/** The templates for new records (book, looseleaf service, map, …). */
export function recordTemplates(): Promise<Template[]> {
  return call<Template[]>('record_templates');
}

/** A new, unsaved record from template `template`, dated today. */
export function newRecordFromTemplate(template: string): Promise<EditableRecord> {
  return call<EditableRecord>('new_record_from_template', { template });
}

/** Record `id` as the editor holds it (leader and fields). */
export function getEditableRecord(id: number): Promise<EditableRecord> {
  return call<EditableRecord>('get_editable_record', { id });
}

/** What looks wrong in a record, by MARC 21; warnings never stop a save. */
export function validateRecord(record: EditableRecord): Promise<Warning[]> {
  return call<Warning[]>('validate_record', { record });
}

/** Saves a new record (`id` null) or a new version of record `id` (the old one goes to its history). */
export function saveRecord(id: number | null, record: EditableRecord): Promise<Saved> {
  return call<Saved>('save_record', { id, record });
}

/** An unsaved copy of record `id` without its control numbers ("new from this"). */
export function duplicateRecord(id: number): Promise<EditableRecord> {
  return call<EditableRecord>('duplicate_record', { id });
}

/** The form view of a record. */
export function recordFormFrom(record: EditableRecord): Promise<RecordForm> {
  return call<RecordForm>('record_form_from', { record });
}

/** The record with the form's values written into the MARC fields the form owns. */
export function applyRecordForm(record: EditableRecord, form: RecordForm): Promise<EditableRecord> {
  return call<EditableRecord>('apply_record_form', { record, form });
}

/** Checks an ISBN, ISSN or LCCN as typed (check digit, shape). */
export function checkStandardNumber(kind: 'isbn' | 'issn' | 'lccn', value: string): Promise<Validation> {
  return call<Validation>('check_standard_number', { kind, value });
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

/** The native save dialog for the rejected records' file; null when the person cancels. */
export function chooseRejectsPath(): Promise<string | null> {
  return chooseSavePath({
    title: 'Save rejected records',
    defaultPath: 'rejected-records.mrc',
    filters: [{ name: 'MARC 21 records (ISO 2709)', extensions: ['mrc'] }],
  });
}

/**
 * Prints a patron's library card: asks where to save it in the native save dialog (proposing
 * `library-card-CARD.pdf`), then writes the PDF (ID-1 card, the card number as a Code 128
 * barcode). Resolves to the patron, or null when the person cancels the dialog.
 */
export async function savePatronCard(card: string): Promise<Patron | null> {
  const path = await chooseSavePath({
    title: 'Save library card',
    defaultPath: `library-card-${card.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`,
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (path === null) return null;
  return call<Patron>('save_patron_card', { card, path });
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

// ---------------------------------------------------------------- circulation (docs/circulation.md)
// The core takes today's date from the shell (the computer's local date); the window never sends it.

/** Today's local date (YYYY-MM-DD) as the desk's commands use it. */
export function circulationToday(): Promise<string> {
  return call<string>('circulation_today');
}

/** The patron with this card, their open loans and holds, and why they cannot borrow today (if so). */
export function patronAtDesk(card: string): Promise<PatronAtDesk> {
  return call<PatronAtDesk>('patron_at_desk', { card });
}

/**
 * Lends item `itemBarcode` to the patron with card `patronCard`: done (with the due date) or
 * refused (with the reason, and whether an override is allowed). `overrideReason` overrides
 * every overridable refusal and is recorded on the loan.
 */
export function checkOut(itemBarcode: string, patronCard: string, overrideReason: string | null = null): Promise<CheckoutOutcome> {
  return call<CheckoutOutcome>('check_out', { itemBarcode, patronCard, overrideReason });
}

/** Returns an item: who had it, days overdue, and a hold slip when it is now trapped for a hold. */
export function checkIn(itemBarcode: string): Promise<CheckinReceipt> {
  return call<CheckinReceipt>('check_in', { itemBarcode });
}

/** Renews the loan of an item (by its barcode): done with the new due date, or refused. */
export function renew(itemBarcode: string, overrideReason: string | null = null): Promise<RenewOutcome> {
  return call<RenewOutcome>('renew', { itemBarcode, overrideReason });
}

/** A check-in session's receipts as a reshelving list: by location, then shelf order; hold-shelf items left out. */
export function reshelvingList(receipts: CheckinReceipt[]): Promise<CheckinReceipt[]> {
  return call<CheckinReceipt[]>('reshelving_list', { receipts });
}

/** Patrons whose name or department contains `text` or whose card starts with it, by name. */
export function findPatrons(text: string, limit: number): Promise<Patron[]> {
  return call<Patron[]>('find_patrons', { text, limit });
}

export function getPatron(id: number): Promise<Patron> {
  return call<Patron>('get_patron', { id });
}

/** Registers a patron; an empty card number is generated from the library's pattern. */
export function addPatron(input: PatronInput): Promise<Patron> {
  return call<Patron>('add_patron', { input });
}

export function updatePatron(id: number, input: PatronInput): Promise<Patron> {
  return call<Patron>('update_patron', { id, input });
}

/** Deletes a patron; refused (`invalid_input`, saying why) while they have items on loan. */
export function deletePatron(id: number): Promise<Patron> {
  return call<Patron>('delete_patron', { id });
}

/** A patron's open loans by due date, then (with `history`) the returned ones, most recent first. */
export function patronLoans(patronId: number, history: boolean): Promise<LoanLine[]> {
  return call<LoanLine[]>('patron_loans', { patronId, history });
}

/** An item's loans, most recent first (the open one, if any, first). */
export function itemLoans(itemId: number): Promise<LoanLine[]> {
  return call<LoanLine[]>('item_loans', { itemId });
}

/** Places a hold on a record (any copy, `itemId` null) or one of its items, for a patron. */
export function placeHold(patronId: number, recordId: number, itemId: number | null = null): Promise<HoldOutcome> {
  return call<HoldOutcome>('place_hold', { patronId, recordId, itemId });
}

export function cancelHold(id: number): Promise<Hold> {
  return call<Hold>('cancel_hold', { id });
}

/** Open holds (or all, with `filter.all`), optionally of one patron or record, in queue order. */
export function listHolds(filter: HoldFilter): Promise<Hold[]> {
  return call<Hold[]>('list_holds', { filter });
}

/** Lapses holds past their date; resolves to them (trapped copies to take off the hold shelf). */
export function expireHolds(): Promise<Hold[]> {
  return call<Hold[]>('expire_holds');
}

/** Open loans past their due date, by patron or by item, with days overdue. */
export function overdues(order: OverdueOrder): Promise<LoanLine[]> {
  return call<LoanLine[]>('overdues', { order });
}

/** Open loans due within `days` (null: the library's setting). */
export function dueSoon(days: number | null = null): Promise<LoanLine[]> {
  return call<LoanLine[]>('due_soon', { days });
}

/** The overdue notice (or, with `reminder`, the due-soon reminder) for a patron, from the template. */
export function overdueNotice(patronId: number, reminder: boolean): Promise<string> {
  return call<string>('overdue_notice', { patronId, reminder });
}

export function circulationSettings(): Promise<CirculationSettings> {
  return call<CirculationSettings>('circulation_settings');
}

export function setCirculationSettings(settings: CirculationSettings): Promise<CirculationSettings> {
  return call<CirculationSettings>('set_circulation_settings', { settings });
}

/** The loan rules table (category × item type). */
export function loanPolicy(): Promise<Policy> {
  return call<Policy>('loan_policy');
}

/** Adds or replaces the rule for its category × item type. */
export function setLoanRule(rule: LoanRule): Promise<Policy> {
  return call<Policy>('set_loan_rule', { rule });
}

export function deleteLoanRule(category: string, itemType: string): Promise<Policy> {
  return call<Policy>('delete_loan_rule', { category, itemType });
}

/** The closed-days list (besides the weekend), by date. */
export function closedDays(): Promise<ClosedDay[]> {
  return call<ClosedDay[]>('closed_days');
}

export function closeDays(days: string[], reason: string): Promise<ClosedDay[]> {
  return call<ClosedDay[]>('close_days', { days, reason });
}

export function reopenDays(days: string[]): Promise<ClosedDay[]> {
  return call<ClosedDay[]>('reopen_days', { days });
}

// ---------------------------------------------------------------- bibliographies (docs/bibliography.md)

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
] as const;

export type BibliographyFormat = (typeof BIBLIOGRAPHY_FORMATS)[number]['id'];

export function listBibliographies(): Promise<BibliographySummary[]> {
  return call<BibliographySummary[]>('list_bibliographies');
}

export function getBibliography(id: number): Promise<Bibliography> {
  return call<Bibliography>('get_bibliography', { id });
}

export function createBibliography(doc: BibliographyDoc): Promise<Bibliography> {
  return call<Bibliography>('create_bibliography', { doc });
}

/** Saves the whole document as edited, in one transaction. */
export function updateBibliography(id: number, doc: BibliographyDoc): Promise<Bibliography> {
  return call<Bibliography>('update_bibliography', { id, doc });
}

export function deleteBibliography(id: number): Promise<void> {
  return call<void>('delete_bibliography', { id });
}

/** Bundled CSL styles and the user's own (the library's styles folder). */
export function bibliographyStyles(): Promise<StyleChoice[]> {
  return call<StyleChoice[]>('bibliography_styles');
}

/**
 * Asks for a `.csl` file in the native open dialog and adds it to the library's styles folder.
 * Resolves to the new style, or null when the person cancels.
 */
export async function addBibliographyStyle(): Promise<StyleChoice | null> {
  let picked: string | string[] | null;
  try {
    picked = await open({
      title: 'Add a CSL style',
      multiple: false,
      directory: false,
      filters: [{ name: 'CSL style', extensions: ['csl'] }],
    });
  } catch (raw) {
    throw CarrelError.from(raw);
  }
  const path = Array.isArray(picked) ? (picked[0] ?? null) : picked;
  if (path === null) return null;
  return call<StyleChoice>('add_bibliography_style', { path });
}

/** The record's summary (MARC 21 520 $a), to start an annotation from. */
export function recordSummary(recordId: number): Promise<string | null> {
  return call<string | null>('record_summary', { recordId });
}

/**
 * Renders the document as edited (saved or not), records as they are now; `onProgress` hears how
 * far a long render has come (entries done of the total).
 */
export function previewBibliography(
  doc: BibliographyDoc,
  onProgress: (p: RenderProgress) => void = () => {},
): Promise<BibliographyOutput> {
  const channel = new Channel<RenderProgress>();
  channel.onmessage = onProgress;
  return call<BibliographyOutput>('preview_bibliography', { doc, onProgress: channel });
}

/**
 * Exports the document: asks where in the native save dialog (proposing `NAME.EXT`), then
 * renders and writes it. Resolves to what was written, or null when the person cancels.
 */
export async function exportBibliography(
  doc: BibliographyDoc,
  format: BibliographyFormat,
  name: string,
): Promise<ExportedBibliography | null> {
  const f = BIBLIOGRAPHY_FORMATS.find((x) => x.id === format) ?? BIBLIOGRAPHY_FORMATS[0];
  const path = await chooseSavePath({
    title: 'Export bibliography',
    defaultPath: `${name}.${f.extension}`,
    filters: [{ name: f.label, extensions: [f.extension] }],
  });
  if (path === null) return null;
  return call<ExportedBibliography>('export_bibliography', { doc, format, path });
}
