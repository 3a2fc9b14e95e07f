import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeletionCheck } from '../../lib/bindings/DeletionCheck';
import { byTestId, clearMocks, installFakeCore, until, type Call } from '../../test/fakeCore';
import RecordDelete from './RecordDelete.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

function start(check: DeletionCheck): { calls: Call[]; ondeleted: () => void } {
  const calls = installFakeCore({
    handlers: {
      deletion_check: () => check,
      delete_record: (args) => ({ id: args.id, items: args.withItems ? check.items : 0, purge_on: '2026-12-30' }),
    },
  });
  const ondeleted = vi.fn();
  component = mount(RecordDelete, { target, props: { id: 7, title: 'Salvage law', ondeleted } });
  flushSync();
  return { calls, ondeleted };
}

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

describe('RecordDelete', () => {
  it('deletes a record with items only once “delete its items too” is ticked', async () => {
    const { calls, ondeleted } = start({ id: 7, items: 2, barcodes: ['3001', '3002'], on_loan: [] });
    byTestId<HTMLButtonElement>('delete-record').click();
    await until(() => expect(byTestId('delete-items-note').textContent).toBe('This record has 2 items (barcodes 3001, 3002).'));
    const confirm = byTestId<HTMLButtonElement>('delete-confirm');
    expect(confirm.disabled).toBe(true);
    byTestId<HTMLInputElement>('delete-with-items').click();
    flushSync();
    expect(confirm.disabled).toBe(false);
    confirm.click();
    await until(() => expect(byTestId('delete-done').textContent).toContain('with its 2 items'));
    expect(calls.find((c) => c.cmd === 'delete_record')?.args).toEqual({ id: 7, withItems: true });
    expect(byTestId('delete-done').textContent).toContain('until 2026-12-30');
    expect(ondeleted).not.toHaveBeenCalled();
  });

  it('cannot delete while an item is on loan', async () => {
    start({ id: 7, items: 1, barcodes: ['3001'], on_loan: ['3001'] });
    byTestId<HTMLButtonElement>('delete-record').click();
    await until(() => expect(byTestId('delete-items-note').textContent).toMatch(/on loan/));
    expect(byTestId<HTMLButtonElement>('delete-confirm').disabled).toBe(true);
    expect(document.querySelector('[data-testid="delete-with-items"]')).toBeNull();
  });
});
