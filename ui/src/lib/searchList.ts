// Pure helpers of the catalogue search view: the request it sends, facet filters, the rows a
// virtualised list renders, when to fetch the next page, and what a barcode scanner types.

import type { FacetFilter } from './bindings/FacetFilter';
import type { RecordSummary } from './bindings/RecordSummary';
import type { SearchRequest } from './bindings/SearchRequest';
import type { SortOrder } from './bindings/SortOrder';

/** The sort orders offered, in menu order, with their labels. */
export const SORT_OPTIONS: readonly { value: SortOrder; label: string }[] = [
  { value: 'relevance', label: 'Relevance' },
  { value: 'title', label: 'Title' },
  { value: 'author', label: 'Author' },
  { value: 'date_desc', label: 'Date, newest first' },
  { value: 'date_asc', label: 'Date, oldest first' },
  { value: 'call_number', label: 'Call number' },
];

/** The request for the first page of a search (with facets) or, given `after`, a later page. */
export function searchRequest(
  query: string,
  sort: SortOrder,
  filters: readonly FacetFilter[],
  limit: number,
  after: string | null = null,
): SearchRequest {
  return { query, sort, filters: [...filters], after, limit, facets: after === null };
}

/** Whether `value` of `facet` is among the filters. */
export function hasFilter(filters: readonly FacetFilter[], facet: string, value: string): boolean {
  return filters.some((f) => f.facet === facet && f.value === value);
}

/** The filters with `value` of `facet` added, or removed when it was there. */
export function toggleFilter(filters: readonly FacetFilter[], facet: string, value: string): FacetFilter[] {
  return hasFilter(filters, facet, value)
    ? filters.filter((f) => !(f.facet === facet && f.value === value))
    : [...filters, { facet, value }];
}

/** Appends a later page, dropping any record already listed (a library changed between pages). */
export function appendPage(hits: readonly RecordSummary[], page: readonly RecordSummary[]): RecordSummary[] {
  const seen = new Set(hits.map((h) => h.id));
  return [...hits, ...page.filter((h) => !seen.has(h.id))];
}

/**
 * The rows to render of a list of `count` rows of `rowHeight` px scrolled to `scrollTop` in a
 * viewport `viewport` px high, with `overscan` rows either side: `[start, end)`. A viewport of 0
 * (not laid out yet) counts as `fallback` px.
 */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan = 8,
  fallback = 800,
): { start: number; end: number } {
  const height = viewport > 0 ? viewport : fallback;
  const first = Math.floor(Math.max(scrollTop, 0) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + Math.ceil(height / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}

/** Whether to fetch the next page: there is one, and the rows shown or selected reach its last `margin`. */
export function shouldLoadMore(lastShown: number, loaded: number, hasNext: boolean, margin = 20): boolean {
  return hasNext && lastShown >= loaded - margin;
}

/** The scrollTop that brings row `index` fully into view (unchanged when it is already). */
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, viewport: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (viewport > 0 && bottom > scrollTop + viewport) return bottom - viewport;
  return scrollTop;
}

/**
 * Whether the text looks like what a barcode scanner types: one run of digits (an ISBN may end
 * in X, and may carry hyphens), at least 8 characters. Only then is Enter a jump.
 */
export function looksScanned(text: string): boolean {
  const t = text.trim();
  return /^[0-9][0-9-]{6,}[0-9Xx]$/.test(t) || /^[A-Za-z]?[0-9]{6,}[A-Za-z]?$/.test(t);
}
