import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byTestId, clearMocks, installFakeCore, press, typeInto, until } from '../../test/fakeCore';
import { fakeDesk, patron } from '../../test/fakeCirculation';
import PlaceHold from './PlaceHold.svelte';

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

describe('PlaceHold', () => {
  it('asks for the patron card and places a hold on the record, saying the place in the queue', async () => {
    const desk = fakeDesk([], [patron(7, 'Ada Byron', '2000123')]);
    const calls = installFakeCore({
      handlers: {
        ...desk.handlers,
        place_hold: () => ({
          outcome: 'done',
          id: 1,
          record_id: 5,
          item_id: null,
          patron_id: 7,
          placed_on: '2026-11-30',
          expires_on: '2027-05-29',
          status: 'waiting',
          trapped_item_id: null,
          pickup_by: null,
          position: 2,
          title: 'T',
          patron_name: 'Ada Byron',
          patron_card: '2000123',
          item_barcode: null,
        }),
      },
    });
    component = mount(PlaceHold, { target, props: { recordId: 5 } });
    flushSync();
    byTestId<HTMLButtonElement>('place-hold').click();
    await until(() => expect(document.activeElement).toBe(byTestId('place-hold-card')));
    typeInto(byTestId<HTMLInputElement>('place-hold-card'), '2000123');
    byTestId<HTMLInputElement>('place-hold-card').form!.requestSubmit();
    await until(() => expect(byTestId('place-hold-result').textContent).toBe('Hold placed for Ada Byron: number 2 in the queue.'));
    expect(calls.find((c) => c.cmd === 'place_hold')?.args).toEqual({ patronId: 7, recordId: 5, itemId: null });
    expect(document.activeElement).toBe(byTestId('place-hold'));
  });

  it('says why a hold is refused, and Esc closes the form', async () => {
    const desk = fakeDesk([], [patron(7, 'Ada Byron', '2000123')]);
    installFakeCore({
      handlers: {
        ...desk.handlers,
        place_hold: () => ({
          outcome: 'refused',
          kind: 'holds_not_allowed',
          message: 'holds are not allowed on looseleaf items',
          overridable: false,
        }),
      },
    });
    component = mount(PlaceHold, { target, props: { recordId: 5 } });
    flushSync();
    byTestId<HTMLButtonElement>('place-hold').click();
    await until(() => expect(document.activeElement).toBe(byTestId('place-hold-card')));
    typeInto(byTestId<HTMLInputElement>('place-hold-card'), '2000123');
    byTestId<HTMLInputElement>('place-hold-card').form!.requestSubmit();
    await until(() => expect(byTestId('place-hold-result').textContent).toBe('Holds are not allowed on looseleaf items.'));
    press(byTestId('place-hold-card'), 'Escape');
    await until(() => expect(document.activeElement).toBe(byTestId('place-hold')));
  });
});
