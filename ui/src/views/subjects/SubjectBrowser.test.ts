import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubjectHeading } from '../../lib/bindings/SubjectHeading';
import { allByTestId, byTestId, clearMocks, installFakeCore, press, typeInto, until, type Call } from '../../test/fakeCore';
import SubjectBrowser from './SubjectBrowser.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

const HEADINGS: SubjectHeading[] = [
  { heading: 'Ecology', count: 2 },
  { heading: 'Économie maritime', count: 1 },
  { heading: 'Ship-building', count: 3 },
  { heading: 'Shipbuilding', count: 40 },
];

function start(): Call[] {
  let headings = [...HEADINGS];
  const calls = installFakeCore({
    handlers: {
      browse_subjects: (args) => {
        const fold = (t: string) =>
          t
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase();
        const from = fold(String(args.from ?? ''));
        const shown = headings.filter((h) => fold(h.heading) >= from);
        return { headings: shown, total: headings.length, more: false };
      },
      subject_records: () => [],
      merge_subjects: (args) => {
        const from = args.from as string[];
        const into = String(args.into);
        const count = headings.filter((h) => from.includes(h.heading)).reduce((n, h) => n + h.count, 0);
        headings = [...headings.filter((h) => !from.includes(h.heading) && h.heading !== into), { heading: into, count }];
        return { heading: into, records_changed: count, duplicates_removed: 1 };
      },
    },
  });
  component = mount(SubjectBrowser, { target, props: {} });
  flushSync();
  return calls;
}

const shown = () => allByTestId('heading').map((li) => li.querySelector('.heading-text')?.textContent);

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

describe('SubjectBrowser', () => {
  it('lists headings with counts and jumps as one types', async () => {
    const calls = start();
    await until(() => expect(shown()).toHaveLength(4));
    expect(allByTestId('heading')[3]!.textContent).toContain('40');
    typeInto(byTestId<HTMLInputElement>('heading-filter'), 'ship');
    await until(() => expect(shown()).toEqual(['Ship-building', 'Shipbuilding']));
    expect(calls.some((c) => c.cmd === 'browse_subjects' && c.args.from === 'ship')).toBe(true);
  });

  it('merges the selected headings after a confirmation that counts records', async () => {
    const calls = start();
    await until(() => expect(shown()).toHaveLength(4));
    const list = byTestId('heading-list');
    press(list, 'End');
    flushSync();
    press(list, ' ');
    press(list, 'ArrowUp');
    flushSync();
    press(list, ' ');
    flushSync();
    const merge = byTestId<HTMLButtonElement>('merge-headings');
    expect(merge.disabled).toBe(false);
    merge.click();
    flushSync();
    const input = byTestId<HTMLInputElement>('new-heading');
    typeInto(input, 'Shipbuilding -- History');
    flushSync();
    expect(byTestId('rename-confirm').textContent).toContain('Merge 2 headings into “Shipbuilding -- History” in up to 43 records');
    byTestId<HTMLButtonElement>('rename-apply').click();
    await until(() => expect(byTestId('subjects-message').textContent).toContain('Merged 2 headings: 43 records now carry'));
    const call = calls.find((c) => c.cmd === 'merge_subjects');
    expect(call?.args).toEqual({ from: ['Ship-building', 'Shipbuilding'], into: 'Shipbuilding -- History' });
    expect(document.querySelector('[data-testid="rename-dialog"]')).toBeNull();
  });

  it('refuses an empty new heading before asking the core', async () => {
    const calls = start();
    await until(() => expect(shown()).toHaveLength(4));
    byTestId<HTMLButtonElement>('rename-heading').click();
    flushSync();
    typeInto(byTestId<HTMLInputElement>('new-heading'), 'Ecology -- ');
    flushSync();
    expect(byTestId<HTMLButtonElement>('rename-apply').disabled).toBe(true);
    expect(calls.some((c) => c.cmd === 'merge_subjects')).toBe(false);
  });
});
