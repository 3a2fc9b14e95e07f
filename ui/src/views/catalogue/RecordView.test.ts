import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { charCount, noteHead } from '../../lib/format';
import { allByTestId, byTestId, clearMocks, installFakeCore, record, until } from '../../test/fakeCore';
import RecordView from './RecordView.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

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

// A contents note (505) of about 30 KB, as a law report series has.
const CONTENTS = Array.from({ length: 1000 }, (_, i) => `Chapter ${i + 1}. Œuvres`).join(' -- ');

describe('noteHead', () => {
  it('keeps a short note whole and cuts a long one at a space', () => {
    expect(noteHead('Includes index.')).toBeNull();
    const head = noteHead(CONTENTS)!;
    expect(charCount(head)).toBeLessThanOrEqual(1502);
    expect(head.endsWith(' …')).toBe(true);
    expect(CONTENTS.startsWith(head.slice(0, -2))).toBe(true);
  });
});

describe('RecordView', () => {
  it('shows the first part of a long note, and all of it after "Show all"', async () => {
    installFakeCore({ records: [record(9, 'Law reports', { notes: ['Includes index.', CONTENTS] })] });
    component = mount(RecordView, { target, props: { id: 9, onback: () => {} } });
    flushSync();
    await until(() => expect(allByTestId('record-note')).toHaveLength(2));
    const [short, long] = allByTestId('record-note');
    expect(short!.textContent).toBe('Includes index.');
    expect(long!.textContent!.length).toBeLessThan(1600);
    const button = byTestId<HTMLButtonElement>('record-note-show-all');
    expect(button.tagName).toBe('BUTTON');
    expect(button.textContent?.trim()).toBe(`Show all (${charCount(CONTENTS).toLocaleString('en-US')} characters)`);
    button.click();
    await until(() => expect(allByTestId('record-note')[1]!.textContent).toBe(CONTENTS));
    expect(allByTestId('record-note-show-all')).toHaveLength(0);
    expect(document.activeElement).toBe(allByTestId('record-note')[1]);
  });
});
