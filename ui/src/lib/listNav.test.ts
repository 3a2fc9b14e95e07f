import { describe, expect, it } from 'vitest';
import { PAGE_STEP, isNavKey, moveSelection, reselect } from './listNav';

describe('moveSelection', () => {
  it('moves down and up one row at a time', () => {
    expect(moveSelection(0, 5, 'ArrowDown')).toBe(1);
    expect(moveSelection(3, 5, 'ArrowUp')).toBe(2);
  });
  it('starts at the first row when nothing is selected', () => {
    expect(moveSelection(-1, 5, 'ArrowDown')).toBe(0);
    expect(moveSelection(-1, 5, 'ArrowUp')).toBe(0);
  });
  it('stops at both ends instead of wrapping', () => {
    expect(moveSelection(4, 5, 'ArrowDown')).toBe(4);
    expect(moveSelection(0, 5, 'ArrowUp')).toBe(0);
  });
  it('pages by PAGE_STEP and clamps', () => {
    expect(moveSelection(0, 50, 'PageDown')).toBe(PAGE_STEP);
    expect(moveSelection(45, 50, 'PageDown')).toBe(49);
    expect(moveSelection(25, 50, 'PageUp')).toBe(25 - PAGE_STEP);
    expect(moveSelection(3, 50, 'PageUp')).toBe(0);
  });
  it('jumps to the ends with Home and End', () => {
    expect(moveSelection(7, 12, 'Home')).toBe(0);
    expect(moveSelection(2, 12, 'End')).toBe(11);
  });
  it('selects nothing in an empty list', () => {
    expect(moveSelection(0, 0, 'ArrowDown')).toBe(-1);
    expect(moveSelection(-1, 0, 'End')).toBe(-1);
  });
  it('repairs a selection that is past the end of a shorter list', () => {
    expect(moveSelection(9, 3, 'ArrowUp')).toBe(1);
    expect(moveSelection(9, 3, 'ArrowDown')).toBe(2);
  });
});

describe('isNavKey', () => {
  it('accepts navigation keys only', () => {
    expect(isNavKey('ArrowDown')).toBe(true);
    expect(isNavKey('PageUp')).toBe(true);
    expect(isNavKey('Enter')).toBe(false);
    expect(isNavKey('a')).toBe(false);
  });
});

describe('reselect', () => {
  it('keeps the same record selected when it is still listed', () => {
    expect(reselect(42, [7, 9, 42, 3])).toBe(2);
  });
  it('falls back to the first row', () => {
    expect(reselect(42, [7, 9])).toBe(0);
    expect(reselect(null, [7, 9])).toBe(0);
  });
  it('selects nothing in an empty list', () => {
    expect(reselect(42, [])).toBe(-1);
  });
});
