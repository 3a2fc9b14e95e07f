import { describe, expect, it } from 'vitest';
import type { Item } from './bindings/Item';
import {
  callNumberBase,
  copyMark,
  formOf,
  inputOf,
  itemTypeLabel,
  loanNote,
  quickDefaults,
  quickInput,
  shelfMark,
  statusChoices,
  statusLabel,
} from './items';

function item(extra: Partial<Item> = {}): Item {
  return {
    id: 7,
    record_id: 3,
    barcode: '31234000123453',
    call_number: 'KF 801 .A2',
    scheme: 'lcc',
    shelf_key: 'L…',
    call_number_warning: null,
    location: 'Stacks',
    item_type: 'book',
    status: 'available',
    enumeration: null,
    copy_number: null,
    price: null,
    acquired_on: null,
    accession_number: null,
    provenance: null,
    binding: null,
    note: null,
    created_at: '2026-11-30T12:00:00+00:00',
    updated_at: '2026-11-30T12:00:00+00:00',
    ...extra,
  };
}

describe('quick add defaults', () => {
  it('takes the call number last used on the record, else the record’s own', () => {
    expect(quickDefaults('KF 801 .A2', null, null)).toEqual({ callNumber: 'KF 801 .A2', location: '', itemType: 'book' });
    expect(quickDefaults('KF 801 .A2', 'KF 801 .A2 c.2', { location: 'Reference', itemType: 'looseleaf' })).toEqual({
      callNumber: 'KF 801 .A2 c.2',
      location: 'Reference',
      itemType: 'looseleaf',
    });
    expect(quickDefaults(null, null, null).callNumber).toBe('');
    // A looseleaf record's copy is a looseleaf, whatever was added last.
    expect(quickDefaults(null, null, { location: 'Stacks', itemType: 'book' }, 'looseleaf').itemType).toBe('looseleaf');
    expect(quickDefaults(null, null, { location: 'Stacks', itemType: 'dvd' }, 'book').itemType).toBe('dvd');
  });

  it('builds the input a scanned barcode adds, trimmed, with the scheme detected', () => {
    const input = quickInput(' 31234000123453\n', { callNumber: ' QA76.73 .P98 ', location: 'Stacks', itemType: 'map' });
    expect(input.barcode).toBe('31234000123453');
    expect(input.call_number).toBe('QA76.73 .P98');
    expect(input.scheme).toBeNull();
    expect(input.item_type).toBe('map');
    expect(input.status).toBeNull();
    expect(input.enumeration).toBeNull();
    const vol = quickInput('3001', { callNumber: 'PQ2040 .A1 1959', location: '', itemType: 'book', enumeration: ' v.2 ', copy: '2' });
    expect([vol.enumeration, vol.copy_number]).toEqual(['v.2', '2']);
  });

  it('starts the next copy from the call number without the volume or copy typed at its end', () => {
    expect(callNumberBase('KF 801 .A2 v.2')).toBe('KF 801 .A2');
    expect(callNumberBase('KF 801 .A2 v. 2 c.1')).toBe('KF 801 .A2');
    expect(callNumberBase('PQ2040 .A1 1959 vol 3')).toBe('PQ2040 .A1 1959');
    expect(callNumberBase('PQ2040 .A1 1959')).toBe('PQ2040 .A1 1959');
    expect(callNumberBase('342.73 C5')).toBe('342.73 C5');
  });
});

describe('edit form', () => {
  it('turns empty text into none and keeps the rest', () => {
    const form = formOf(item({ price: '45.00 GBP' }));
    form.note = '  ';
    form.provenance = ' Gift of A. Smith ';
    const input = inputOf(form, item());
    expect(input.price).toBe('45.00 GBP');
    expect(input.note).toBeNull();
    expect(input.provenance).toBe('Gift of A. Smith');
    expect(input.scheme).toBe('lcc');
  });

  it('detects the scheme again when the call number changed and no scheme was chosen', () => {
    const form = formOf(item());
    form.call_number = '346.02 S65';
    expect(inputOf(form, item()).scheme).toBeNull();
    form.scheme = 'local';
    expect(inputOf(form, item()).scheme).toBe('local');
  });
});

describe('labels', () => {
  it('names types, statuses and shelf marks as a label shows them', () => {
    expect(itemTypeLabel('serial_issue')).toBe('Serial issue');
    expect(statusLabel('reading_room_only')).toBe('Reading room only');
    expect(shelfMark('KF 801 .A2', 'v.2', '2')).toBe('KF 801 .A2 v.2 c.2');
    expect(shelfMark('KF 801 .A2 v.2', 'v.2', null)).toBe('KF 801 .A2 v.2');
    expect(shelfMark('KF 801 .A2', 'v.2', 'c.2')).toBe('KF 801 .A2 v.2 c.2');
  });

  it('tells copies apart at the desk by volume, copy and call number', () => {
    expect(copyMark('PQ2040 .A1 1959', 'v.2', '2')).toBe('v.2 c.2 · PQ2040 .A1 1959');
    expect(copyMark('PQ2040 .A1 1959 v.2', 'v.2', '1')).toBe('c.1 · PQ2040 .A1 1959 v.2');
    expect(copyMark('', 'v.2', null)).toBe('v.2');
    expect(copyMark('KF 801 .A2', null, null)).toBe('KF 801 .A2');
    expect(copyMark('', null, null)).toBe('');
  });
});

describe('circulation labels', () => {
  it('names the hold shelf status and who has an item on loan', () => {
    expect(statusLabel('on_hold_shelf')).toBe('On hold shelf');
    expect(loanNote('Ada Byron', '2026-12-21')).toBe('On loan to Ada Byron, due 2026-12-21');
    expect(loanNote('', '2026-12-21')).toBe('On loan to a patron, due 2026-12-21');
  });
});

describe('the status an item form offers', () => {
  it('never offers the statuses the desk sets, and shows one the item has, disabled', () => {
    const offered = statusChoices('available');
    expect(offered.map((s) => s.value)).not.toContain('on_loan');
    expect(offered.map((s) => s.value)).not.toContain('on_hold_shelf');
    expect(offered.map((s) => s.value)).toContain('in_repair');
    const lent = statusChoices('on_loan');
    expect(lent.find((s) => s.value === 'on_loan')).toMatchObject({ label: 'On loan', disabled: true });
    expect(lent.map((s) => s.value)).not.toContain('on_hold_shelf');
    expect(lent.filter((s) => s.disabled)).toHaveLength(1);
  });
});
