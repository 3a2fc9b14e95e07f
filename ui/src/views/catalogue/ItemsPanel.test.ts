import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../lib/bindings/Item';
import type { ItemInput } from '../../lib/bindings/ItemInput';
import { allByTestId, byTestId, clearMocks, installFakeCore, typeInto, until } from '../../test/fakeCore';
import ItemsPanel from './ItemsPanel.svelte';

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

function stored(recordId: number, input: ItemInput, id: number): Item {
  return {
    id,
    record_id: recordId,
    barcode: input.barcode,
    call_number: input.call_number,
    scheme: 'lcc',
    shelf_key: `L${input.call_number}${id}`,
    call_number_warning: null,
    location: input.location,
    item_type: input.item_type ?? 'book',
    status: 'available',
    enumeration: input.enumeration,
    copy_number: input.copy_number,
    price: null,
    acquired_on: null,
    accession_number: null,
    provenance: null,
    binding: null,
    note: null,
    created_at: 'now',
    updated_at: 'now',
  };
}

function scan(code: string): void {
  const input = byTestId<HTMLInputElement>('item-barcode');
  typeInto(input, code);
  // A scanner ends with Enter, which submits the form.
  input.form!.requestSubmit();
}

describe('ItemsPanel', () => {
  it('adds an item per scanned barcode with the record’s call number, keeping the focus in Barcode', async () => {
    const added: ItemInput[] = [];
    const calls = installFakeCore({
      handlers: {
        items_of_record: () => ({ record_id: 5, items: [], suggested_call_number: 'KF 801 .A2', suggested_item_type: 'book' }),
        add_item: (args) => {
          const input = args.input as ItemInput;
          added.push(input);
          return stored(Number(args.recordId), input, added.length);
        },
      },
    });
    component = mount(ItemsPanel, { target, props: { recordId: 5, focusOnLoad: true } });
    flushSync();
    await until(() => expect(document.activeElement).toBe(byTestId('item-barcode')));
    expect(byTestId('items-empty').textContent).toContain('No items yet');

    scan('31234000123453');
    await until(() => expect(allByTestId('item-row')).toHaveLength(1));
    expect(calls.find((c) => c.cmd === 'add_item')?.args.recordId).toBe(5);
    expect(added[0]).toMatchObject({ barcode: '31234000123453', call_number: 'KF 801 .A2', item_type: 'book' });
    expect(byTestId<HTMLInputElement>('item-barcode').value).toBe('');
    expect(document.activeElement).toBe(byTestId('item-barcode'));

    scan('31234000000016');
    await until(() => expect(allByTestId('item-row')).toHaveLength(2));
    expect(added[1]!.call_number).toBe('KF 801 .A2');
  });

  it('takes a volume and copy, and starts the next copy without the volume typed in the call number', async () => {
    const added: ItemInput[] = [];
    installFakeCore({
      handlers: {
        items_of_record: () => ({ record_id: 6, items: [], suggested_call_number: 'PQ2040 .A1 1959', suggested_item_type: 'book' }),
        add_item: (args) => {
          const input = args.input as ItemInput;
          added.push(input);
          return stored(Number(args.recordId), input, added.length);
        },
      },
    });
    component = mount(ItemsPanel, { target, props: { recordId: 6, focusOnLoad: true } });
    flushSync();
    await until(() => expect(document.activeElement).toBe(byTestId('item-barcode')));
    typeInto(byTestId<HTMLInputElement>('item-volume'), 'v.2');
    typeInto(byTestId<HTMLInputElement>('item-copy'), '2');
    scan('4002');
    await until(() => expect(allByTestId('item-row')).toHaveLength(1));
    expect(added[0]).toMatchObject({ call_number: 'PQ2040 .A1 1959', enumeration: 'v.2', copy_number: '2' });
    expect(allByTestId('item-row')[0]!.textContent).toContain('PQ2040 .A1 1959 v.2 c.2');
    expect(byTestId<HTMLInputElement>('item-volume').value).toBe('');
    expect(byTestId<HTMLInputElement>('item-copy').value).toBe('');

    // A volume typed into the call number is not carried over to the next copy.
    const callNo = document.getElementById('item-callno-6') as HTMLInputElement;
    typeInto(callNo, 'PQ2040 .A1 1959 v.3');
    scan('4003');
    await until(() => expect(allByTestId('item-row')).toHaveLength(2));
    expect(added[1]).toMatchObject({ call_number: 'PQ2040 .A1 1959 v.3', enumeration: null, copy_number: null });
    expect(callNo.value).toBe('PQ2040 .A1 1959');
  });

  it('brings the Edit form into view and puts the keyboard in its first field', async () => {
    const item = stored(8, { ...({} as ItemInput), barcode: '5001', call_number: 'KF 1', location: 'Main', item_type: 'book' }, 31);
    installFakeCore({
      handlers: { items_of_record: () => ({ record_id: 8, items: [item], suggested_call_number: null, suggested_item_type: 'book' }) },
    });
    const scrolled: Element[] = [];
    const before = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    try {
      component = mount(ItemsPanel, { target, props: { recordId: 8 } });
      flushSync();
      await until(() => expect(allByTestId('item-row')).toHaveLength(1));
      (document.getElementById('item-edit-button-31') as HTMLButtonElement).click();
      await until(() => expect(document.activeElement?.id).toBe('item-edit-barcode-8'));
      expect(scrolled.map((e) => e.tagName)).toEqual(['FORM']);
    } finally {
      Element.prototype.scrollIntoView = before;
    }
  });

  it('shows a refused barcode next to the field and keeps it for retyping', async () => {
    installFakeCore({
      handlers: {
        add_item: () => {
          throw { kind: 'invalid_input', message: 'barcode 0001 is already on an item of record 2' };
        },
      },
    });
    component = mount(ItemsPanel, { target, props: { recordId: 5 } });
    flushSync();
    await until(() => expect(byTestId<HTMLButtonElement>('item-add').disabled).toBe(false));
    scan('0001');
    const alert = await until(() => byTestId('item-add-error'));
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe('barcode 0001 is already on an item of record 2');
    expect(byTestId<HTMLInputElement>('item-barcode').value).toBe('0001');
    expect(byTestId('item-barcode').getAttribute('aria-invalid')).toBe('true');
    expect(allByTestId('item-row')).toHaveLength(0);
  });
});

describe('ItemsPanel and circulation', () => {
  it('says who has an item on loan and until when', async () => {
    const lent = {
      ...stored(5, { barcode: '3001', call_number: 'KF 801 .A2', location: 'Main' } as ItemInput, 1),
      status: 'on_loan' as const,
    };
    const shelf = stored(5, { barcode: '3002', call_number: 'KF 801 .A2', location: 'Main' } as ItemInput, 2);
    const calls = installFakeCore({
      handlers: {
        items_of_record: () => ({ record_id: 5, items: [lent, shelf], suggested_call_number: null, suggested_item_type: 'book' }),
        item_loans: () => [
          {
            loan: {
              id: 9,
              item_id: 1,
              patron_id: 7,
              checked_out_on: '2026-11-30',
              due_on: '2026-12-21',
              returned_on: null,
              renewals: 0,
              override_reason: null,
            },
            item_barcode: '3001',
            title: 'T',
            call_number: 'KF 801 .A2',
            location: 'Main',
            patron_name: 'Ada Byron',
            patron_card: '2000123',
            days_overdue: 0,
          },
        ],
      },
    });
    component = mount(ItemsPanel, { target, props: { recordId: 5 } });
    flushSync();
    await until(() => expect(allByTestId('item-loan').map((e) => e.textContent)).toEqual(['On loan to Ada Byron, due 2026-12-21']));
    expect(allByTestId('item-row')[1]!.textContent).toContain('Available');
    expect(calls.filter((c) => c.cmd === 'item_loans').map((c) => c.args)).toEqual([{ itemId: 1 }]);
  });
});
