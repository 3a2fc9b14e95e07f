import { describe, expect, it } from 'vitest';
import { affectedRecords, confirmText, headingProblem, itemsText, outcomeText, tidyHeading, toggle, versionLabel, when } from './subjects';

const h = (heading: string, count: number) => ({ heading, count });

describe('subject heading wording', () => {
  it('tidies typed headings and refuses empty parts or no change', () => {
    expect(tidyHeading(' Cats--History  -- 20th century ')).toBe('Cats -- History -- 20th century');
    expect(headingProblem('Cats -- ', ['Dogs'])).toMatch(/none may be empty/);
    expect(headingProblem('  ', ['Dogs'])).not.toBeNull();
    expect(headingProblem('Dogs--History', ['Dogs -- History'])).toMatch(/same/);
    expect(headingProblem('Felines', ['Cats'])).toBeNull();
  });

  it('counts the records a change touches, exactly for one heading', () => {
    expect(affectedRecords([h('A', 3)])).toEqual({ count: 3, exact: true });
    expect(affectedRecords([h('A', 3), h('B', 2)])).toEqual({ count: 5, exact: false });
    expect(confirmText([h('Ship-building', 1)], 'Shipbuilding')).toBe(
      'Rename “Ship-building” to “Shipbuilding” in 1 record. Each record keeps its previous version in its history.',
    );
    expect(confirmText([h('A', 1200), h('B', 2)], 'C--D')).toContain('Merge 2 headings into “C -- D” in up to 1,202 records');
  });

  it('reports what was done', () => {
    expect(outcomeText({ heading: 'Cats', records_changed: 2, duplicates_removed: 0 }, 1)).toBe('Renamed: 2 records now carry “Cats”.');
    expect(outcomeText({ heading: 'Cats', records_changed: 1, duplicates_removed: 1 }, 3)).toBe(
      'Merged 3 headings: 1 record now carries “Cats” (1 repeated field removed).',
    );
  });

  it('toggles a heading in the selection', () => {
    expect(toggle(['A'], 'B')).toEqual(['A', 'B']);
    expect(toggle(['A', 'B'], 'A')).toEqual(['B']);
  });
});

describe('delete and history wording', () => {
  it('mentions items, and loans first', () => {
    expect(itemsText({ id: 1, items: 0, barcodes: [], on_loan: [] })).toBeNull();
    expect(itemsText({ id: 1, items: 2, barcodes: ['3001', '3002'], on_loan: [] })).toBe('This record has 2 items (barcodes 3001, 3002).');
    expect(itemsText({ id: 1, items: 2, barcodes: ['3001', '3002'], on_loan: ['3002'] })).toMatch(
      /^An item of this record is on loan \(barcode 3002\)\. Return it/,
    );
  });

  it('shows when and who', () => {
    expect(when('2026-12-01T10:05:09+01:00')).toBe('2026-12-01 10:05');
    expect(when('someday')).toBe('someday');
    const v = {
      version_id: 1,
      number: 1,
      replaced_at: 'x',
      replaced_by: 'import of a.mrc #1',
      changed_by: null,
      summary: null,
      mnemonic: '',
      changes: [],
    };
    expect(versionLabel(v)).toBe('import of a.mrc #1');
    expect(versionLabel({ ...v, summary: 'Deleted', changed_by: 'alice' })).toBe('Deleted — alice');
  });
});
