import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResults } from '../../lib/bindings/SearchResults';
import {
  SAMPLE,
  XSS_TITLE,
  allByTestId,
  byTestId,
  clearMocks,
  defaultSearch,
  installFakeCore,
  press,
  searchArgs,
  typeInto,
  until,
} from '../../test/fakeCore';
import SearchView from './SearchView.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

function start(props: { onopen?: (id: number) => void; delay?: number } = {}) {
  const onopen = props.onopen ?? vi.fn();
  component = mount(SearchView, { target, props: { onopen, delay: props.delay ?? 120 } });
  flushSync();
  return { onopen, input: byTestId<HTMLInputElement>('search') };
}

const titles = () => allByTestId('result').map((el) => el.querySelector('.title')?.textContent);
const count = () => byTestId('result-count').textContent?.trim();

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
  clearMocks();
});

describe('SearchView', () => {
  it('focuses the search box and lists the most recent records for the empty query', async () => {
    const calls = installFakeCore();
    const { input } = start();
    expect(document.activeElement).toBe(input);
    expect(input.getAttribute('placeholder')).toBe('Title, author, subject, ISBN…');
    expect(document.querySelector('label[for="catalogue-search"]')?.textContent).toBe('Search the catalogue');

    await until(() => expect(count()).toBe('3 records'));
    expect(titles()).toEqual([XSS_TITLE, 'Museum registration methods', 'Principles of contract law']);
    expect(calls.filter((c) => c.cmd === 'search')[0]?.args).toEqual({
      request: { query: '', limit: 100, sort: 'relevance', filters: [], after: null, facets: true },
    });
    expect(target.textContent).toContain('Most recently added');
  });

  it('searches as you type, after the debounce, with one call for a burst of keys', async () => {
    const calls = installFakeCore();
    const { input } = start();
    await until(() => expect(count()).toBe('3 records'));

    typeInto(input, 'm');
    typeInto(input, 'mu');
    typeInto(input, 'museum');
    // Nothing is asked before the quiet period ends.
    expect(calls.filter((c) => c.cmd === 'search')).toHaveLength(1);

    await until(() => expect(titles()).toEqual(['Museum registration methods']));
    expect(count()).toBe('1 record');
    const searches = calls.filter((c) => c.cmd === 'search').map((c) => searchArgs(c.args).query);
    expect(searches).toEqual(['', 'museum']);
    expect(target.textContent).not.toContain('Most recently added');

    const row = allByTestId('result')[0]!;
    expect(row.textContent).toContain('edited by John Brown');
    expect(row.textContent).toContain('Washington, D.C. : AAM Press');
  });

  it('shows record text as text, never as HTML', async () => {
    installFakeCore();
    const { input } = start();
    typeInto(input, 'evidence');
    await until(() => expect(titles()).toEqual([XSS_TITLE]));

    const row = allByTestId('result')[0]!;
    expect(row.querySelector('.title')?.textContent).toBe('<img src=x onerror=alert(1)> Evidence & <b>procedure</b>');
    expect(target.querySelector('img')).toBeNull();
    expect(target.querySelector('.results b')).toBeNull();
    expect(row.textContent).toContain('Some characters not decoded');
  });

  it('marks only records with characters that could not be decoded', async () => {
    installFakeCore();
    start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    const flagged = allByTestId('result').map((el) => el.textContent?.includes('Some characters not decoded'));
    expect(flagged).toEqual([true, false, false]);
  });

  it('drops answers that arrive after a newer one', async () => {
    const answers = new Map<string, (r: SearchResults) => void>();
    installFakeCore({
      handlers: {
        search: (args) => new Promise<SearchResults>((resolve) => answers.set(searchArgs(args).query, resolve)),
      },
    });
    const { input } = start({ delay: 5 });
    await until(() => expect(answers.has('')).toBe(true));
    answers.get('')!(defaultSearch(SAMPLE, '', 100));
    await until(() => expect(count()).toBe('3 records'));

    typeInto(input, 'p');
    await until(() => expect(answers.has('p')).toBe(true));
    typeInto(input, 'principles');
    await until(() => expect(answers.has('principles')).toBe(true));

    // The newer answer comes first, then the stale one.
    answers.get('principles')!(defaultSearch(SAMPLE, 'principles', 100));
    await until(() => expect(titles()).toEqual(['Principles of contract law']));
    answers.get('p')!(defaultSearch(SAMPLE, 'p', 100));
    await new Promise((r) => setTimeout(r, 30));
    expect(titles()).toEqual(['Principles of contract law']);
    expect(count()).toBe('1 record');
  });

  it('moves the selection with the arrow keys and opens the record with Enter', async () => {
    installFakeCore();
    const { input, onopen } = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));

    const selected = () => allByTestId('result').map((el) => el.getAttribute('aria-selected'));
    expect(selected()).toEqual(['true', 'false', 'false']);
    expect(input.getAttribute('aria-activedescendant')).toBe('result-3');

    expect(press(input, 'ArrowDown').defaultPrevented).toBe(true);
    flushSync();
    expect(selected()).toEqual(['false', 'true', 'false']);
    press(input, 'ArrowDown');
    press(input, 'ArrowDown');
    flushSync();
    expect(selected()).toEqual(['false', 'false', 'true']);
    expect(input.getAttribute('aria-activedescendant')).toBe('result-1');

    press(input, 'ArrowUp');
    flushSync();
    expect(selected()).toEqual(['false', 'true', 'false']);

    press(input, 'Enter');
    expect(onopen).toHaveBeenCalledTimes(1);
    expect(onopen).toHaveBeenCalledWith(2);
  });

  it('opens a record when its row is clicked', async () => {
    installFakeCore();
    const { onopen } = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    allByTestId('result')[2]!.querySelector<HTMLElement>('.title')!.click();
    expect(onopen).toHaveBeenCalledWith(1);
  });

  it('Enter while a search is still waiting runs it instead of opening an old result', async () => {
    const calls = installFakeCore();
    const { input, onopen } = start({ delay: 10_000 });
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    typeInto(input, 'contract');
    press(input, 'Enter');
    expect(onopen).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.cmd === 'search').map((c) => searchArgs(c.args).query)).toEqual(['', 'contract']);
    await until(() => expect(titles()).toEqual(['Principles of contract law']));
    press(input, 'Enter');
    expect(onopen).toHaveBeenCalledWith(1);
  });

  it('Esc clears the query and shows the recent records again', async () => {
    installFakeCore();
    const { input } = start({ delay: 5 });
    typeInto(input, 'museum');
    await until(() => expect(count()).toBe('1 record'));
    press(input, 'Escape');
    flushSync();
    expect(input.value).toBe('');
    await until(() => expect(count()).toBe('3 records'));
  });

  it('says "N+ records" when the total is a lower bound', async () => {
    installFakeCore({
      handlers: {
        search: (args) => ({ ...defaultSearch(SAMPLE, searchArgs(args).query, 100), total: 1500, total_is_lower_bound: true }),
      },
    });
    start();
    await until(() => expect(count()).toBe('1,500+ records'));
  });

  it('tells the person when nothing matches', async () => {
    installFakeCore();
    const { input } = start({ delay: 5 });
    typeInto(input, 'zzzz');
    await until(() => expect(count()).toBe('0 records'));
    expect(target.textContent).toContain('No records match “zzzz”.');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
  });

  it('shows a failed search as an alert with the core’s message', async () => {
    installFakeCore({
      handlers: {
        search: () => {
          throw { kind: 'database', message: 'database disk image is malformed' };
        },
      },
    });
    start();
    const alert = await until(() => {
      const el = target.querySelector('[role="alert"]');
      if (!el) throw new Error('no alert yet');
      return el;
    });
    expect(alert.textContent).toBe('Search failed: database disk image is malformed');
  });

  it('lists facets with counts, and a chosen value narrows the search and shows as a removable chip', async () => {
    const calls = installFakeCore({
      handlers: {
        search: (args) => {
          const a = searchArgs(args);
          const base = defaultSearch(SAMPLE, a.query, a.limit);
          const chosen = (a.filters as { facet: string; value: string }[]) ?? [];
          return {
            ...base,
            total: chosen.length ? 1 : base.total,
            hits: chosen.length ? base.hits.slice(0, 1) : base.hits,
            facets: [
              {
                name: 'language',
                label: 'Language',
                values: [
                  { value: 'eng', label: 'English (eng)', count: 2, selected: chosen.length > 0 },
                  { value: 'fre', label: 'French (fre)', count: 1, selected: false },
                ],
              },
            ],
          };
        },
      },
    });
    start({ delay: 5 });
    await until(() => expect(byTestId('facets').textContent).toContain('English (eng)'));
    const box = byTestId('facets').querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    expect(box.closest('label')?.textContent).toMatch(/English \(eng\)\s*2/);
    box.click();
    await until(() => expect(count()).toBe('1 record'));
    const last = calls.filter((c) => c.cmd === 'search').at(-1)!;
    expect(searchArgs(last.args).filters).toEqual([{ facet: 'language', value: 'eng' }]);
    const chip = byTestId('filter-chip');
    expect(chip.textContent).toContain('Language: English (eng)');
    chip.click();
    await until(() => expect(count()).toBe('3 records'));
    expect(searchArgs(calls.filter((c) => c.cmd === 'search').at(-1)!.args).filters).toEqual([]);
  });

  it('asks again in the chosen sort order', async () => {
    const calls = installFakeCore();
    start();
    await until(() => expect(count()).toBe('3 records'));
    const select = byTestId<HTMLSelectElement>('sort');
    select.value = 'title';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => expect(searchArgs(calls.filter((c) => c.cmd === 'search').at(-1)!.args).sort).toBe('title'));
  });

  it('shows how a malformed query was read', async () => {
    installFakeCore({
      handlers: {
        search: (args) => ({
          ...defaultSearch(SAMPLE, searchArgs(args).query, 100),
          notice: 'The quote before “museum” is not closed: searched to the end as a phrase.',
          interpreted_as: '"museum"',
        }),
      },
    });
    const { input } = start({ delay: 5 });
    typeInto(input, '"museum');
    await until(() => expect(byTestId('search-notice').textContent).toContain('is not closed'));
    expect(byTestId('search-notice').textContent).toContain('Searched for: "museum"');
    expect(byTestId('search-syntax').textContent).toContain('year:1990-2000');
  });

  it('opens the record of a scanned code on Enter, even before its answer came', async () => {
    installFakeCore({
      handlers: {
        search: (args) => {
          const q = searchArgs(args).query;
          return { ...defaultSearch(SAMPLE, q, 100), jump: q === '31234000000025' ? { record_id: 2, item_barcode: q } : null };
        },
      },
    });
    const { input, onopen } = start({ delay: 10_000 });
    await until(() => expect(count()).toBe('3 records'));
    typeInto(input, '31234000000025');
    press(input, 'Enter');
    await until(() => expect(onopen).toHaveBeenCalledWith(2));
    expect(onopen).toHaveBeenCalledTimes(1);
  });

  it('renders only the rows in view and fetches the next page near the end', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({
      id: i + 1,
      title: `Record ${i + 1}`,
      responsibility: null,
      publication: null,
      date: null,
      format: 'Book',
      undecoded: false,
    }));
    const calls = installFakeCore({
      handlers: {
        search: (args) => {
          const a = searchArgs(args);
          const from = a.after === null || a.after === undefined ? 0 : Number(a.after);
          const page = many.slice(from, from + 100);
          return {
            ...defaultSearch([], '', 100),
            total: 250,
            hits: page,
            next: from + 100 < 250 ? String(from + 100) : null,
          };
        },
      },
    });
    const { input } = start();
    const listbox = document.getElementById('catalogue-results')!;
    await until(() => expect(count()).toBe('250 records'));
    // 800 px assumed before layout at 84 px a row, plus the overscan: far fewer than 100 rows.
    expect(allByTestId('result').length).toBeLessThan(30);
    press(listbox, 'End');
    flushSync();
    await until(() => expect(searchArgs(calls.filter((c) => c.cmd === 'search').at(-1)!.args).after).toBe('100'));
    press(listbox, 'End');
    await until(() => expect(calls.filter((c) => c.cmd === 'search')).toHaveLength(3));
    await until(() => {
      press(listbox, 'End');
      flushSync();
      expect(input.getAttribute('aria-activedescendant')).toBe('result-250');
    });
    expect(allByTestId('result').length).toBeLessThan(30);
  });
});
