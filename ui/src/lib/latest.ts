// Guards against answers arriving out of order, and a small debounce.

/**
 * Numbers each request; only the answer to the latest request is current. A search typed as
 * "s", "sm", "smith" may be answered "smith", then "s": the late "s" answer must be dropped.
 */
export class LatestGuard {
  #latest = 0;

  /** Starts a request and returns its ticket. */
  next(): number {
    this.#latest += 1;
    return this.#latest;
  }

  /** True while no newer request has started since `ticket` was issued. */
  isCurrent(ticket: number): boolean {
    return ticket === this.#latest;
  }

  /** Makes every outstanding ticket stale (e.g. when the view goes away). */
  invalidate(): void {
    this.#latest += 1;
  }
}

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Runs a waiting call now; returns whether there was one. */
  flush(): boolean;
  /** Drops a waiting call. */
  cancel(): void;
  /** Whether a call is waiting. */
  pending(): boolean;
}

/** Calls `fn` once `ms` have passed without another call; the last arguments win. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: A | undefined;

  const run = () => {
    const args = waiting;
    timer = undefined;
    waiting = undefined;
    if (args) fn(...args);
  };

  const debounced = ((...args: A) => {
    waiting = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }) as Debounced<A>;

  debounced.flush = () => {
    if (timer === undefined) return false;
    clearTimeout(timer);
    run();
    return true;
  };
  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    waiting = undefined;
  };
  debounced.pending = () => timer !== undefined;
  return debounced;
}
