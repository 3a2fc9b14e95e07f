import { describe, expect, it } from 'vitest';
import type { LoanLine } from './bindings/LoanLine';
import { byPatron, dateProblem, dayLabel, emptyPatronForm, nextTab, overdueLabel, patronForm, patronInput, sentence } from './circulation';

describe('circulation helpers', () => {
  it('labels days overdue in words', () => {
    expect(overdueLabel(0)).toBe('');
    expect(overdueLabel(1)).toBe('1 day overdue');
    expect(overdueLabel(12)).toBe('12 days overdue');
  });

  it('shows a date with its weekday', () => {
    expect(dayLabel('2026-12-21')).toBe('2026-12-21 (Mon)');
    expect(dayLabel('2027-01-03')).toBe('2027-01-03 (Sun)');
    expect(dayLabel(null)).toBe('');
  });

  it('turns a core message into a sentence', () => {
    expect(sentence('items of type looseleaf do not circulate (reading room only)')).toBe(
      'Items of type looseleaf do not circulate (reading room only).',
    );
    expect(sentence('Done.')).toBe('Done.');
    expect(sentence('')).toBe('');
  });

  it('sends empty text as none, so an empty card number is generated', () => {
    const f = { ...emptyPatronForm(), name: '  Ada Byron ', department: 'Litigation', email: ' ', blockReason: 'lost card' };
    const input = patronInput(f);
    expect(input).toMatchObject({ name: 'Ada Byron', card: null, category: 'staff', email: null, blocked: false, block_reason: null });
    expect(patronInput({ ...f, blocked: true }).block_reason).toBe('lost card');
  });

  it('fills the edit form from a patron and back', () => {
    const p = {
      id: 3,
      name: 'Ada',
      card: '2000123',
      category: 'partner',
      department: 'Tax',
      email: 'ada@example.org',
      phone: null,
      expires_on: '2027-06-30',
      notes: null,
      blocked: false,
      block_reason: null,
      loans: 0,
    };
    expect(patronInput(patronForm(p))).toEqual({
      name: 'Ada',
      card: '2000123',
      category: 'partner',
      department: 'Tax',
      email: 'ada@example.org',
      phone: null,
      expires_on: '2027-06-30',
      notes: null,
      blocked: false,
      block_reason: null,
    });
  });

  it('groups loans by patron in the order given', () => {
    const line = (patronId: number, name: string, id: number) =>
      ({ loan: { id, patron_id: patronId }, patron_name: name, patron_card: `c${patronId}` }) as unknown as LoanLine;
    const groups = byPatron([line(1, 'Ada', 1), line(1, 'Ada', 2), line(2, 'Ben', 3)]);
    expect(groups.map((g) => [g.name, g.lines.length])).toEqual([
      ['Ada', 2],
      ['Ben', 1],
    ]);
  });

  it('moves between tabs with the arrow keys, wrapping round', () => {
    expect(nextTab(0, 6, 'ArrowRight')).toBe(1);
    expect(nextTab(5, 6, 'ArrowRight')).toBe(0);
    expect(nextTab(0, 6, 'ArrowLeft')).toBe(5);
    expect(nextTab(3, 6, 'Home')).toBe(0);
    expect(nextTab(3, 6, 'End')).toBe(5);
    expect(nextTab(3, 6, 'a')).toBeNull();
  });
});

describe('dateProblem', () => {
  it('accepts ISO dates that exist, and empty text', () => {
    expect(dateProblem('2027-06-30', 'Expiry')).toBeNull();
    expect(dateProblem(' 2028-02-29 ', 'Expiry')).toBeNull();
    expect(dateProblem('', 'Expiry')).toBeNull();
  });
  it('refuses other orders and days that do not exist, saying how to write a date', () => {
    expect(dateProblem('06/30/2027', 'Expiry')).toBe('Expiry “06/30/2027” is not a date: write it as YYYY-MM-DD, e.g. 2027-06-30.');
    expect(dateProblem('2027-02-30', 'Expiry')).not.toBeNull();
    expect(dateProblem('2027-6-3', 'Expiry')).not.toBeNull();
  });
});
