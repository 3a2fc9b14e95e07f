import { describe, expect, it } from 'vitest';
import {
  defaultFileName,
  defaultScope,
  exportFraction,
  exportProgressText,
  extensionFor,
  safeFileName,
  scopeChoices,
  selectionFor,
  unchangedNote,
  type ExportContext,
} from './exportOptions';

function ctx(extra: Partial<ExportContext> = {}): ExportContext {
  return {
    query: '',
    resultCount: null,
    resultCountIsLowerBound: false,
    openRecord: null,
    libraryRecords: 1000,
    libraryPath: '/home/ann/Chambers library.carrel',
    ...extra,
  };
}

describe('what to export', () => {
  it('offers only the whole library when nothing is searched or open', () => {
    const c = ctx();
    expect(scopeChoices(c).map((s) => [s.value, s.label, s.detail])).toEqual([['all', 'The whole library', '1,000 records']]);
    expect(defaultScope(c)).toBe('all');
    expect(selectionFor('all', c)).toEqual({ kind: 'all' });
  });

  it('offers the search results with their count, and picks them first', () => {
    const c = ctx({ query: 'jazz piano', resultCount: 42 });
    expect(scopeChoices(c).map((s) => [s.value, s.detail])).toEqual([
      ['results', '42 records matching “jazz piano”'],
      ['all', '1,000 records'],
    ]);
    expect(defaultScope(c)).toBe('results');
    expect(selectionFor('results', c)).toEqual({ kind: 'query', value: 'jazz piano' });
    expect(selectionFor('all', c)).toEqual({ kind: 'all' });
  });

  it('says "N+" for a lower bound and disables a search that matched nothing', () => {
    expect(scopeChoices(ctx({ query: 'a', resultCount: 10000, resultCountIsLowerBound: true }))[0]!.detail).toBe(
      '10,000+ records matching “a”',
    );
    const none = ctx({ query: 'zzz', resultCount: 0 });
    expect(scopeChoices(none)[0]).toMatchObject({ value: 'results', disabled: true });
    expect(defaultScope(none)).toBe('all');
  });

  it('offers the open record first, by its title', () => {
    const c = ctx({ query: 'kilcunda', resultCount: 1, openRecord: { id: 17, title: 'Rails by the sea' } });
    expect(scopeChoices(c).map((s) => [s.value, s.label, s.detail])).toEqual([
      ['record', 'This record', '“Rails by the sea”'],
      ['results', 'The search results', '1 record matching “kilcunda”'],
      ['all', 'The whole library', '1,000 records'],
    ]);
    expect(defaultScope(c)).toBe('record');
    expect(selectionFor('record', c)).toEqual({ kind: 'ids', value: [17] });
  });

  it('disables the whole library when it is empty', () => {
    expect(scopeChoices(ctx({ libraryRecords: 0 }))[0]).toMatchObject({ value: 'all', disabled: true });
    expect(scopeChoices(ctx({ libraryRecords: null }))[0]!.detail).toBe('Every record in the library');
  });
});

describe('file names', () => {
  it('proposes a name from what is exported, with the format’s extension', () => {
    expect(extensionFor('iso2709')).toBe('mrc');
    expect(extensionFor('marcxml')).toBe('xml');
    expect(extensionFor('mrk')).toBe('mrk');
    expect(defaultFileName('all', ctx(), 'iso2709')).toBe('Chambers library.mrc');
    expect(defaultFileName('all', ctx({ libraryPath: null }), 'marcxml')).toBe('Carrel library.xml');
    expect(defaultFileName('results', ctx({ query: 'jazz piano' }), 'marcxml')).toBe('jazz piano - search results.xml');
    expect(defaultFileName('results', ctx({ query: 'author:"Smith, J." / 2020?' }), 'iso2709')).toBe(
      'author Smith, J. 2020 - search results.mrc',
    );
    expect(
      defaultFileName(
        'record',
        ctx({ openRecord: { id: 5, title: "Rails by the sea : the remarkable story of Kilcunda's railway history" } }),
        'iso2709',
      ),
    ).toBe('Rails by the sea.mrc');
    expect(defaultFileName('record', ctx({ openRecord: { id: 5, title: '...' } }), 'iso2709')).toBe('record 5.mrc');
  });

  it('makes names safe and short', () => {
    expect(safeFileName('  a/b\\c:d*e?f"g<h>i|j\u0007k  ')).toBe('a b c d e f g h i j k');
    expect(safeFileName('Ça ira – Noël à Zürich')).toBe('Ça ira – Noël à Zürich');
    const long = safeFileName('word '.repeat(30));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('word')).toBe(true);
    expect(safeFileName('.hidden.')).toBe('hidden');
  });
});

describe('unchangedNote', () => {
  it('says whether records kept their imported bytes', () => {
    expect(unchangedNote({ written: 3, unchanged: 3 })).toBe('Every record was written byte for byte as it was imported.');
    expect(unchangedNote({ written: 3, unchanged: 0 })).toBe('Every record was converted to the chosen format or encoding.');
    expect(unchangedNote({ written: 3, unchanged: 1 })).toMatch(/^“Unchanged” records were written byte for byte/);
  });

  it('claims nothing of every record when long notes were split or records went to MARCXML', () => {
    const split = unchangedNote({ written: 3, unchanged: 0, split: 1, in_marcxml: 0 });
    expect(split).toBe('1 record had long notes split into repeated fields; the others were converted to the chosen format or encoding.');
    expect(unchangedNote({ written: 1, unchanged: 0, split: 1, in_marcxml: 0 })).toBe(
      'Every record was written with long notes split into repeated fields.',
    );
    expect(unchangedNote({ written: 3, unchanged: 0, split: 0, in_marcxml: 2 })).toBe(
      'Every record in this file was converted to the chosen format or encoding.',
    );
    expect(unchangedNote({ written: 4, unchanged: 1, split: 2, in_marcxml: 0 })).toContain('2 records had long notes split');
  });
});

describe('progress', () => {
  it('counts records written out of the total', () => {
    expect(exportProgressText(null)).toBe('Starting…');
    expect(exportFraction(null)).toBeNull();
    expect(exportProgressText({ written: 1500, total: 10000 })).toBe('1,500 of 10,000 records written');
    expect(exportFraction({ written: 1500, total: 10000 })).toBe(0.15);
    expect(exportFraction({ written: 0, total: 0 })).toBeNull();
  });
});
