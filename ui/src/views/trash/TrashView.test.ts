import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeletedRecord } from '../../lib/bindings/DeletedRecord';
import { allByTestId, byTestId, clearMocks, installFakeCore, until } from '../../test/fakeCore';
import TrashView from './TrashView.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

const DELETED: DeletedRecord = {
  id: 12,
  title: 'Maritime salvage law',
  responsibility: null,
  deleted_at: '2026-11-30T12:00:00+00:00',
  deleted_by: 'alice',
  purge_on: '2026-12-30',
  items: 2,
  barcodes: ['3001', '3002'],
};

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

describe('TrashView', () => {
  it('lists deleted records with their purge day and restores one', async () => {
    let trash = [DELETED];
    const calls = installFakeCore({
      handlers: {
        deleted_records: () => trash,
        restore_record: () => {
          trash = [];
          return null;
        },
      },
    });
    const onchanged = vi.fn();
    component = mount(TrashView, { target, props: { onchanged } });
    flushSync();
    await until(() => expect(allByTestId('deleted-record')).toHaveLength(1));
    const row = allByTestId('deleted-record')[0]!;
    expect(row.textContent).toContain('2026-11-30 12:00');
    expect(row.textContent).toContain('by alice');
    expect(row.textContent).toContain('2026-12-30');
    row.querySelector<HTMLButtonElement>('button.primary')!.click();
    await until(() => expect(byTestId('trash-message').textContent).toContain('Restored “Maritime salvage law” with its 2 items'));
    expect(calls.find((c) => c.cmd === 'restore_record')?.args).toEqual({ id: 12 });
    await until(() => expect(byTestId('trash-empty')).toBeTruthy());
    expect(onchanged).toHaveBeenCalled();
  });
});
