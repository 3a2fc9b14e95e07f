import { describe, expect, it } from 'vitest';
import { DEFAULT_DUPLICATE_POLICY, DUPLICATE_POLICIES, confirmQuestion, hasLines, problemKind, problemRecord } from './importOptions';

describe('duplicate policies', () => {
  it('offers skip (the default), merge and add, each with a one-line explanation', () => {
    expect(DEFAULT_DUPLICATE_POLICY).toBe('skip');
    expect(DUPLICATE_POLICIES.map((p) => [p.value, p.label])).toEqual([
      ['skip', 'Skip duplicates'],
      ['merge', 'Merge duplicates'],
      ['add', 'Add as new records'],
    ]);
    for (const p of DUPLICATE_POLICIES) {
      expect(p.detail).toMatch(/^[A-Z].*\.$/);
      expect(p.detail).not.toContain('\n');
    }
    expect(DUPLICATE_POLICIES[1]!.detail).toContain('the old one is kept in the record’s history');
  });
});

describe('confirmQuestion', () => {
  it('words the question for where the files came from', () => {
    expect(confirmQuestion('command-line', 1)).toBe('Carrel was opened with this file. Import its records into the library?');
    expect(confirmQuestion('command-line', 2)).toBe('Carrel was opened with these 2 files. Import their records into the library?');
    expect(confirmQuestion('dropped', 3)).toBe('You dropped these 3 files on Carrel. Import their records into the library?');
    expect(confirmQuestion('picked', 1)).toBe('Import the records in this file into the library?');
  });
});

describe('problems', () => {
  it('names each kind the way the text report does', () => {
    expect(problemKind('error')).toBe('Rejected');
    expect(problemKind('warning')).toBe('Repaired');
    expect(problemKind('duplicate')).toBe('Duplicate');
  });

  it('shows record 0 as the whole file and big numbers grouped', () => {
    expect(problemRecord({ ordinal: 0 })).toBe('whole file');
    expect(problemRecord({ ordinal: 12345 })).toBe('12,345');
  });

  it('needs a Line column only when a problem has a line', () => {
    expect(hasLines([{ line: null }, { line: null }])).toBe(false);
    expect(hasLines([{ line: null }, { line: 7 }])).toBe(true);
    expect(hasLines([])).toBe(false);
  });
});
