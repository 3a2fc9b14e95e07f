// Keyboard movement through a list of results, kept apart from the DOM so it can be tested.

/** How many rows PageUp / PageDown move. */
export const PAGE_STEP = 10;

export type NavKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

const NAV_KEYS: readonly string[] = ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'];

export function isNavKey(key: string): key is NavKey {
  return NAV_KEYS.includes(key);
}

/**
 * The index selected after pressing `key` with `current` selected among `count` rows.
 * -1 means nothing is selected. Movement stops at the ends (no wrapping), so holding a key
 * never jumps the view from the bottom back to the top.
 */
export function moveSelection(current: number, count: number, key: NavKey): number {
  if (count <= 0) return -1;
  const last = count - 1;
  const from = Math.min(Math.max(current, -1), last);
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return from <= 0 ? 0 : from - 1;
    case 'PageDown':
      return Math.min(Math.max(from, 0) + PAGE_STEP, last);
    case 'PageUp':
      return Math.max(from - PAGE_STEP, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
  }
}

/**
 * The selection to keep when the list is replaced: the same record if it is still there,
 * otherwise the first row (or nothing for an empty list).
 */
export function reselect(previousId: number | null, ids: readonly number[]): number {
  if (ids.length === 0) return -1;
  if (previousId !== null) {
    const at = ids.indexOf(previousId);
    if (at >= 0) return at;
  }
  return 0;
}
