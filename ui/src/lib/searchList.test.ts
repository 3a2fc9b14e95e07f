import { describe, expect, it } from 'vitest';
import type { RecordSummary } from './bindings/RecordSummary';
import { appendPage, hasFilter, looksScanned, scrollToShow, searchRequest, shouldLoadMore, toggleFilter, visibleRange } from './searchList';

const hit = (id: number): RecordSummary => ({
  id,
  title: `T${id}`,
  responsibility: null,
  publication: null,
  date: null,
  format: 'Book',
  undecoded: false,
});

describe('searchRequest', () => {
  it('asks for facets on the first page only', () => {
    expect(searchRequest('law', 'title', [], 50)).toEqual({
      query: 'law',
      sort: 'title',
      filters: [],
      after: null,
      limit: 50,
      facets: true,
    });
    expect(searchRequest('law', 'title', [], 50, 't1.3.x').facets).toBe(false);
  });
});

describe('filters', () => {
  it('toggles a facet value on and off, keeping the others', () => {
    const a = toggleFilter([], 'subject', 'Zoos');
    expect(a).toEqual([{ facet: 'subject', value: 'Zoos' }]);
    const b = toggleFilter(a, 'language', 'fre');
    expect(hasFilter(b, 'language', 'fre')).toBe(true);
    expect(toggleFilter(b, 'subject', 'Zoos')).toEqual([{ facet: 'language', value: 'fre' }]);
    expect(hasFilter(b, 'subject', 'zoos')).toBe(false);
  });
});

describe('paging and the virtual list', () => {
  it('appends a page without repeating a record', () => {
    expect(appendPage([hit(1), hit(2)], [hit(2), hit(3)]).map((h) => h.id)).toEqual([1, 2, 3]);
  });

  it('renders only the rows in view plus an overscan', () => {
    expect(visibleRange(0, 400, 80, 1000, 2)).toEqual({ start: 0, end: 7 });
    expect(visibleRange(8000, 400, 80, 1000, 2)).toEqual({ start: 98, end: 107 });
    expect(visibleRange(8000, 400, 80, 100, 2)).toEqual({ start: 98, end: 100 });
    expect(visibleRange(0, 0, 80, 3)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 400, 80, 0)).toEqual({ start: 0, end: 0 });
  });

  it('fetches the next page when the end comes near and there is one', () => {
    expect(shouldLoadMore(35, 50, true)).toBe(true);
    expect(shouldLoadMore(10, 50, true)).toBe(false);
    expect(shouldLoadMore(49, 50, false)).toBe(false);
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToShow(0, 80, 400, 400)).toBe(0);
    expect(scrollToShow(10, 80, 0, 400)).toBe(480);
    expect(scrollToShow(3, 80, 0, 400)).toBe(0);
  });
});

describe('looksScanned', () => {
  it('knows barcodes and ISBNs from words', () => {
    expect(looksScanned('31234000000025')).toBe(true);
    expect(looksScanned('978-0-306-40615-7')).toBe(true);
    expect(looksScanned('030640615X')).toBe(true);
    expect(looksScanned('dvorak')).toBe(false);
    expect(looksScanned('1990')).toBe(false);
    expect(looksScanned('978 0306')).toBe(false);
  });
});
