// Pure helpers of the shelf list: where a page starts, which row is the browsed-to place, and
// the heading a printed list carries.

import type { ShelfPage } from '../../lib/bindings/ShelfPage';
import type { ShelfStart } from '../../lib/bindings/ShelfStart';

export type ShelfMove = 'first' | 'next' | 'previous';

/** The start of the page a move goes to, or null when there is nothing that way. */
export function startFor(move: ShelfMove, page: ShelfPage | null): ShelfStart | null {
  if (move === 'first' || page === null) return { kind: 'first' };
  if (move === 'next') return page.after ? { kind: 'after', value: page.after } : null;
  return page.before ? { kind: 'before', value: page.before } : null;
}

/** The start of a "Go to call number" browse; null for blank text. */
export function startAround(callNumber: string): ShelfStart | null {
  const t = callNumber.trim();
  return t === '' ? null : { kind: 'around', value: t };
}

/**
 * Where the browsed-to call number stands: `row` is the index of the entry to highlight (the
 * first at or after it), `before` is true when no entry has that call number and it would stand
 * just before that row, `atEnd` when it would stand after the last entry.
 */
export function browsedPlace(page: ShelfPage): { row: number; exact: boolean; atEnd: boolean } | null {
  if (page.position === null) return null;
  const row = page.position;
  return { row, exact: page.exact, atEnd: row >= page.entries.length };
}

/** "Shelf list — Stacks — 30 November 2026" (or "all locations"). */
export function printHeading(location: string | null, today: Date): string {
  const date = today.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
  return `Shelf list — ${location ? location : 'all locations'} — ${date}`;
}
