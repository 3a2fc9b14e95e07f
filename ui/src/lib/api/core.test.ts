import { describe, expect, it } from 'vitest';

// Every UI source file, as text (Vite's raw import), to check the rule below.
const sources = import.meta.glob(['../../**/*.ts', '../../**/*.svelte', '!../../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('the one door to the core', () => {
  it('reads the UI sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    expect(Object.keys(sources)).toContain('./core.ts');
  });

  it('is the only place that calls invoke', () => {
    const callers = Object.entries(sources)
      .filter(([path, text]) => path !== './core.ts' && /\binvoke\b\s*(<[^>]*>)?\s*\(|import\s*\{[^}]*\binvoke\b/.test(text))
      .map(([path]) => path);
    expect(callers).toEqual([]);
  });
});
