// Pure helpers for items (copies): labels, the quick-add defaults a barcode scan uses, and the
// edit form's values.

import type { CallNumberScheme } from './bindings/CallNumberScheme';
import type { Item } from './bindings/Item';
import type { ItemInput } from './bindings/ItemInput';
import type { ItemStatus } from './bindings/ItemStatus';
import type { ItemType } from './bindings/ItemType';

/** An option of a list box (`<select>`): the value stored and the words the user reads. */
export interface SelectOption<T> {
  value: T;
  label: string;
}

/** The options of a list box from a value → label table, in the table's order. The table's type
 * makes TypeScript ask for a label for every value the core can send. */
function selectOptions<T extends string>(labels: Record<T, string>): SelectOption<T>[] {
  return (Object.entries(labels) as [T, string][]).map(([value, label]) => ({ value, label }));
}

/** The label of `value` among `options`, else the value itself (one the UI does not know yet). */
export function labelOf(options: readonly SelectOption<string>[], value: string): string {
  return options.find((x) => x.value === value)?.label ?? value;
}

export const ITEM_TYPES = selectOptions<ItemType>({
  book: 'Book',
  serial_issue: 'Serial issue',
  looseleaf: 'Looseleaf',
  map: 'Map',
  dvd: 'DVD',
  audio: 'Audio',
  object: 'Object',
  other: 'Other',
});

export const ITEM_STATUSES = selectOptions<ItemStatus>({
  available: 'Available',
  on_loan: 'On loan',
  in_transit: 'In transit',
  missing: 'Missing',
  withdrawn: 'Withdrawn',
  in_repair: 'In repair',
  reading_room_only: 'Reading room only',
  on_hold_shelf: 'On hold shelf',
});

/** Statuses only the desk sets, with a loan or a trapped hold behind them: never typed. */
export const DESK_STATUSES: readonly ItemStatus[] = ['on_loan', 'on_hold_shelf'];

/**
 * The statuses an item form offers: every status but the desk's; an item that has one of those
 * shows it, disabled, so that the form keeps it without offering it.
 */
export function statusChoices(current: ItemStatus | null): (SelectOption<ItemStatus> & { disabled: boolean })[] {
  return ITEM_STATUSES.filter((s) => !DESK_STATUSES.includes(s.value) || s.value === current).map((s) => ({
    ...s,
    disabled: DESK_STATUSES.includes(s.value),
  }));
}

export const SCHEMES: SelectOption<CallNumberScheme | null>[] = [
  { value: null, label: 'Guess (record, then library default)' },
  { value: 'lcc', label: 'Library of Congress' },
  { value: 'ddc', label: 'Dewey' },
  { value: 'local', label: 'Local' },
];

export function itemTypeLabel(t: ItemType): string {
  return labelOf(ITEM_TYPES, t);
}

export function statusLabel(s: ItemStatus): string {
  return labelOf(ITEM_STATUSES, s);
}

/** The note beside an item on loan: "On loan to Ada Byron, due 2026-12-21". */
export function loanNote(patronName: string, dueOn: string): string {
  return `On loan to ${patronName.trim() === '' ? 'a patron' : patronName}, due ${dueOn}`;
}

/** What a scanned barcode gets when nothing else is typed: remembered from the last item added. */
export interface QuickDefaults {
  callNumber: string;
  location: string;
  itemType: ItemType;
  /** Volume, part or date ("v.2"; MARC 21 Holdings 852 $3); empty for none. */
  enumeration?: string;
  /** Copy number ("2"; MARC 21 Holdings 852 $t); empty for none. */
  copy?: string;
}

// A volume or copy designation at the end of a call number: " v.2", " vol. 3", " no.4", " pt.1",
// " c.2", " copy 2" (a dot or a space before the number, so a Cutter such as " C5" is kept).
const TRAILING_DESIGNATION = /\s+(?:v|vol|no|pt|c|cop|copy)(?:\.\s*|\s+)\d+[a-z]?$/i;

/**
 * The call number without the volume and copy typed at its end ("KF 801 .A2 v.2 c.1" →
 * "KF 801 .A2"): what the next copy of the record starts from, so that one copy's volume is not
 * carried over to the next.
 */
export function callNumberBase(callNumber: string): string {
  let cn = callNumber.trim();
  for (let before = ''; before !== cn;) {
    before = cn;
    cn = cn.replace(TRAILING_DESIGNATION, '');
  }
  return cn;
}

/**
 * The defaults for the next item of a record: the call number last used on this record, else
 * the record's own call number (050/082/090/099/852), else empty; location and type from the
 * last item added anywhere in this session, else ""; the type from the record's leader when it is
 * not a book (a looseleaf, a map), else from the last item added, else book.
 */
export function quickDefaults(
  recordCallNumber: string | null,
  lastOnRecord: string | null,
  lastAdded: { location: string; itemType: ItemType } | null,
  recordItemType: ItemType = 'book',
): QuickDefaults {
  return {
    callNumber: lastOnRecord ?? recordCallNumber ?? '',
    location: lastAdded?.location ?? '',
    // The record's own kind (a looseleaf, a map) says more than the last item added elsewhere.
    itemType: recordItemType !== 'book' ? recordItemType : (lastAdded?.itemType ?? 'book'),
  };
}

/** Empty text counts as none, as the core stores it. */
function opt(v: string): string | null {
  const t = v.trim();
  return t === '' ? null : t;
}

/** The input a scanned barcode adds with the defaults (status available). */
export function quickInput(barcode: string, d: QuickDefaults): ItemInput {
  return {
    barcode: barcode.trim(),
    call_number: d.callNumber.trim(),
    scheme: null,
    location: d.location.trim(),
    item_type: d.itemType,
    status: null,
    enumeration: opt(d.enumeration ?? ''),
    copy_number: opt(d.copy ?? ''),
    price: null,
    acquired_on: null,
    accession_number: null,
    provenance: null,
    binding: null,
    note: null,
  };
}

/** The edit form's values: every field as text (none = ""). */
export interface ItemForm {
  barcode: string;
  call_number: string;
  scheme: CallNumberScheme | null;
  location: string;
  item_type: ItemType;
  status: ItemStatus;
  enumeration: string;
  copy_number: string;
  price: string;
  acquired_on: string;
  accession_number: string;
  provenance: string;
  binding: string;
  note: string;
}

export function formOf(item: Item): ItemForm {
  return {
    barcode: item.barcode,
    call_number: item.call_number,
    scheme: item.scheme,
    location: item.location,
    item_type: item.item_type,
    status: item.status,
    enumeration: item.enumeration ?? '',
    copy_number: item.copy_number ?? '',
    price: item.price ?? '',
    acquired_on: item.acquired_on ?? '',
    accession_number: item.accession_number ?? '',
    provenance: item.provenance ?? '',
    binding: item.binding ?? '',
    note: item.note ?? '',
  };
}

/** The edit form's values as the core takes them. A changed call number has its scheme guessed again (record, library default, form) unless one was chosen. */
export function inputOf(form: ItemForm, before: Item | null): ItemInput {
  const callNumberChanged = before !== null && form.call_number.trim() !== before.call_number;
  const schemeUntouched = before !== null && form.scheme === before.scheme;
  return {
    barcode: form.barcode.trim(),
    call_number: form.call_number.trim(),
    scheme: callNumberChanged && schemeUntouched ? null : form.scheme,
    location: form.location.trim(),
    item_type: form.item_type,
    status: form.status,
    enumeration: opt(form.enumeration),
    copy_number: opt(form.copy_number),
    price: opt(form.price),
    acquired_on: opt(form.acquired_on),
    accession_number: opt(form.accession_number),
    provenance: opt(form.provenance),
    binding: opt(form.binding),
    note: opt(form.note),
  };
}

/**
 * What tells one copy from another at the desk: "v.2 c.2 · PQ2040 .A1 1959" (volume and copy, then
 * the call number); empty when the item has none of them. The volume is left out when the call
 * number already carries it.
 */
export function copyMark(callNumber: string, enumeration: string | null, copy: string | null): string {
  const cn = callNumber.trim();
  const vol: string[] = [];
  const e = enumeration?.trim() ?? '';
  if (e !== '' && !cn.includes(e)) vol.push(e);
  const c = copy?.trim() ?? '';
  if (c !== '') vol.push(/^\d+$/.test(c) ? `c.${c}` : c);
  return [vol.join(' '), cn].filter((p) => p !== '').join(' · ');
}

/** What follows a title at the desk: " — v.2 c.2 · PQ2040 .A1 1959", or "" (see `copyMark`). */
export function copySuffix(callNumber: string, enumeration: string | null, copy: string | null): string {
  const mark = copyMark(callNumber, enumeration, copy);
  return mark === '' ? '' : ` — ${mark}`;
}

/** "KF 801 .A2 v.2 c.2": the call number with the volume and copy a shelf label shows. */
export function shelfMark(callNumber: string, enumeration: string | null, copy: string | null): string {
  const parts = [callNumber.trim()];
  if (enumeration && !callNumber.includes(enumeration)) parts.push(enumeration);
  // "2" is written c.2; a copy number typed with its designation ("c.2", "copy 2") as it is.
  if (copy) parts.push(/^\d+$/.test(copy.trim()) ? `c.${copy.trim()}` : copy.trim());
  return parts.filter((p) => p !== '').join(' ');
}
