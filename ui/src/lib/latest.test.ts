import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestGuard, debounce } from './latest';

describe('LatestGuard', () => {
  it('treats only the newest ticket as current', () => {
    const guard = new LatestGuard();
    const first = guard.next();
    expect(guard.isCurrent(first)).toBe(true);
    const second = guard.next();
    expect(guard.isCurrent(first)).toBe(false);
    expect(guard.isCurrent(second)).toBe(true);
  });

  it('drops an answer that arrives after a newer one', async () => {
    const guard = new LatestGuard();
    const shown: string[] = [];
    const answer = (query: string, delay: number) => {
      const ticket = guard.next();
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          if (guard.isCurrent(ticket)) shown.push(query);
          resolve();
        }, delay),
      );
    };
    // "s" is slow, "smith" is fast: the late "s" must not replace "smith".
    await Promise.all([answer('s', 20), answer('smith', 1)]);
    expect(shown).toEqual(['smith']);
  });

  it('invalidate makes the outstanding ticket stale', () => {
    const guard = new LatestGuard();
    const ticket = guard.next();
    guard.invalidate();
    expect(guard.isCurrent(ticket)).toBe(false);
  });
});

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once with the last arguments after the quiet period', () => {
    const calls: string[] = [];
    const d = debounce((q: string) => calls.push(q), 120);
    d('s');
    vi.advanceTimersByTime(100);
    d('sm');
    vi.advanceTimersByTime(100);
    d('smith');
    expect(calls).toEqual([]);
    expect(d.pending()).toBe(true);
    vi.advanceTimersByTime(119);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['smith']);
    expect(d.pending()).toBe(false);
  });

  it('flush runs the waiting call at once, and only once', () => {
    const calls: string[] = [];
    const d = debounce((q: string) => calls.push(q), 120);
    d('law');
    expect(d.flush()).toBe(true);
    expect(calls).toEqual(['law']);
    vi.advanceTimersByTime(500);
    expect(calls).toEqual(['law']);
    expect(d.flush()).toBe(false);
  });

  it('cancel drops the waiting call', () => {
    const calls: string[] = [];
    const d = debounce((q: string) => calls.push(q), 120);
    d('museum');
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([]);
  });
});
