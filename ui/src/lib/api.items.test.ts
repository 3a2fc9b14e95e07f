import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, installFakeCore } from '../test/fakeCore';
import * as api from './api';
import { quickInput } from './items';

afterEach(() => clearMocks());

describe('item and shelf list commands', () => {
  it('send the names and camelCase arguments the Rust commands expect', async () => {
    const calls = installFakeCore({
      handlers: {
        add_item: () => null,
        update_item: () => null,
        delete_item: () => null,
        item_by_barcode: () => null,
        barcode_rules: () => null,
        set_barcode_rules: () => null,
      },
    });
    const input = quickInput('0001', { callNumber: 'KF 801', location: 'Stacks', itemType: 'book' });
    await api.addItem(4, input);
    await api.updateItem(9, input);
    await api.deleteItem(9);
    await api.itemsOfRecord(4);
    await api.itemByBarcode('0001');
    await api.shelfList('Stacks', { kind: 'around', value: 'KF 801' }, 50);
    await api.shelfLocations();
    await api.barcodeRules();
    await api.setBarcodeRules({ prefix: '31234', length: 14, check_digit: 'codabar_mod10' });
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['add_item', { recordId: 4, input }],
      ['update_item', { id: 9, input }],
      ['delete_item', { id: 9 }],
      ['items_of_record', { recordId: 4 }],
      ['item_by_barcode', { barcode: '0001' }],
      ['shelf_list', { location: 'Stacks', start: { kind: 'around', value: 'KF 801' }, limit: 50 }],
      ['shelf_locations', {}],
      ['barcode_rules', {}],
      ['set_barcode_rules', { rules: { prefix: '31234', length: 14, check_digit: 'codabar_mod10' } }],
    ]);
  });

  it('turns a refused barcode into a CarrelError with the core’s words', async () => {
    installFakeCore({
      handlers: {
        add_item: () => {
          throw { kind: 'invalid_input', message: 'barcode 0001 is already on an item of record 2' };
        },
      },
    });
    await expect(api.addItem(1, quickInput('0001', { callNumber: '', location: '', itemType: 'book' }))).rejects.toMatchObject({
      kind: 'invalid_input',
      message: 'barcode 0001 is already on an item of record 2',
    });
  });
});
