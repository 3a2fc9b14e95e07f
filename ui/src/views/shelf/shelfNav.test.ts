import { describe, expect, it } from 'vitest';
import type { ShelfPage } from '../../lib/bindings/ShelfPage';
import { browsedPlace, printHeading, startAround, startFor } from './shelfNav';

function page(extra: Partial<ShelfPage> = {}): ShelfPage {
  return { entries: [], before: null, after: null, position: null, exact: false, ...extra };
}

const entry = (barcode: string, key: string, id: number) => ({
  item_id: id,
  record_id: id,
  barcode,
  call_number: barcode,
  call_number_warning: null,
  location: 'Stacks',
  item_type: 'book' as const,
  status: 'available' as const,
  enumeration: null,
  copy_number: null,
  shelf_key: key,
  title: 'T',
  responsibility: null,
  date: null,
});

describe('shelf pages', () => {
  it('moves by the page cursors and refuses to move past either end', () => {
    const p = page({ before: { shelf_key: 'La', id: 1 }, after: { shelf_key: 'Lz', id: 9 } });
    expect(startFor('next', p)).toEqual({ kind: 'after', value: { shelf_key: 'Lz', id: 9 } });
    expect(startFor('previous', p)).toEqual({ kind: 'before', value: { shelf_key: 'La', id: 1 } });
    expect(startFor('next', page())).toBeNull();
    expect(startFor('previous', page())).toBeNull();
    expect(startFor('first', p)).toEqual({ kind: 'first' });
  });

  it('browses to a typed call number, trimmed; blank goes nowhere', () => {
    expect(startAround('  KF 801 ')).toEqual({ kind: 'around', value: 'KF 801' });
    expect(startAround('   ')).toBeNull();
  });

  it('marks the browsed-to place', () => {
    const entries = [entry('A', 'La', 1), entry('B', 'Lb', 2)];
    expect(browsedPlace(page({ entries, position: 1, exact: true }))).toEqual({ row: 1, exact: true, atEnd: false });
    expect(browsedPlace(page({ entries, position: 2 }))).toEqual({ row: 2, exact: false, atEnd: true });
    expect(browsedPlace(page({ entries }))).toBeNull();
  });

  it('heads a printed list with the location and the date', () => {
    expect(printHeading('Stacks', new Date(2026, 10, 30))).toBe('Shelf list — Stacks — 30 November 2026');
    expect(printHeading(null, new Date(2026, 0, 2))).toBe('Shelf list — all locations — 2 January 2026');
  });
});
