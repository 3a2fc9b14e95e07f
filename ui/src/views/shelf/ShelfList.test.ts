import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShelfEntry } from '../../lib/bindings/ShelfEntry';
import type { ShelfPage } from '../../lib/bindings/ShelfPage';
import type { ShelfStart } from '../../lib/bindings/ShelfStart';
import { XSS_TITLE, allByTestId, byTestId, clearMocks, installFakeCore, typeInto, until } from '../../test/fakeCore';
import ShelfList from './ShelfList.svelte';

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

function entry(id: number, callNumber: string, title = `Title ${id}`): ShelfEntry {
  return {
    item_id: id,
    record_id: 100 + id,
    barcode: `B${id}`,
    call_number: callNumber,
    call_number_warning: null,
    location: 'Stacks',
    item_type: 'book',
    status: 'available',
    enumeration: null,
    copy_number: null,
    shelf_key: `L${callNumber}`,
    title,
    responsibility: null,
    date: null,
  };
}

describe('ShelfList', () => {
  it('pages by cursor, marks the browsed-to call number and opens a record from its title', async () => {
    const starts: ShelfStart[] = [];
    const first: ShelfPage = {
      entries: [entry(1, 'KF 1'), entry(2, 'KF 2', XSS_TITLE)],
      before: null,
      after: { shelf_key: 'LKF 2', id: 2 },
      position: null,
      exact: false,
    };
    const next: ShelfPage = {
      entries: [entry(3, 'KF 3')],
      before: { shelf_key: 'LKF 3', id: 3 },
      after: null,
      position: null,
      exact: false,
    };
    const around: ShelfPage = { entries: [entry(2, 'KF 2'), entry(3, 'KF 3')], before: null, after: null, position: 1, exact: true };
    installFakeCore({
      handlers: {
        shelf_locations: () => ['Stacks', 'Store'],
        shelf_list: (args) => {
          const start = args.start as ShelfStart;
          starts.push(start);
          return start.kind === 'first' ? first : start.kind === 'after' ? next : around;
        },
      },
    });
    const onopenrecord = vi.fn();
    component = mount(ShelfList, { target, props: { onopenrecord } });
    flushSync();
    await until(() => expect(allByTestId('shelf-row')).toHaveLength(2));
    // A hostile title is text, not markup.
    expect(allByTestId('shelf-row')[1]!.querySelector('img')).toBeNull();
    expect(allByTestId('shelf-row')[1]!.textContent).toContain('<img src=x');
    expect(byTestId<HTMLButtonElement>('shelf-previous').disabled).toBe(true);

    byTestId('shelf-next').click();
    await until(() => expect(allByTestId('shelf-row')).toHaveLength(1));
    expect(starts[1]).toEqual({ kind: 'after', value: { shelf_key: 'LKF 2', id: 2 } });

    typeInto(byTestId<HTMLInputElement>('shelf-goto'), ' KF 3 ');
    byTestId<HTMLInputElement>('shelf-goto').form!.requestSubmit();
    await until(() => expect(allByTestId('shelf-row')).toHaveLength(2));
    expect(starts[2]).toEqual({ kind: 'around', value: 'KF 3' });
    const here = allByTestId('shelf-row')[1]!;
    expect(here.getAttribute('aria-current')).toBe('location');
    expect(here.classList.contains('here')).toBe(true);

    (here.querySelector('button') as HTMLButtonElement).click();
    expect(onopenrecord).toHaveBeenCalledWith(103);
  });
});
