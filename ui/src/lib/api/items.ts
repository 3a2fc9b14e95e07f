// Items (copies) and the shelf list.

import { call } from './core';
import type { Item } from '../bindings/Item';
import type { ItemInput } from '../bindings/ItemInput';
import type { RecordItems } from '../bindings/RecordItems';
import type { ShelfPage } from '../bindings/ShelfPage';
import type { ShelfStart } from '../bindings/ShelfStart';

/**
 * Adds an item (copy) to record `recordId`. Refused (`invalid_input`) when the barcode breaks
 * the library's barcode rules or is already on another item; the message says which and why.
 */
export function addItem(recordId: number, input: ItemInput): Promise<Item> {
  return call('add_item', { recordId, input });
}

/** Replaces the fields of item `id` (a null status keeps the current one). */
export function updateItem(id: number, input: ItemInput): Promise<Item> {
  return call('update_item', { id, input });
}

/** Deletes item `id`; refused while it is on loan. Resolves to the deleted item. */
export function deleteItem(id: number): Promise<Item> {
  return call('delete_item', { id });
}

/** The items of a record in shelf order, and the record's own call number for a new item. */
export function itemsOfRecord(recordId: number): Promise<RecordItems> {
  return call('items_of_record', { recordId });
}

/** The item with this barcode (`not_found` when none). */
export function itemByBarcode(barcode: string): Promise<Item> {
  return call('item_by_barcode', { barcode });
}

/** A page of the shelf list (items in call-number order), of one location or all. */
export function shelfList(location: string | null, start: ShelfStart, limit: number): Promise<ShelfPage> {
  return call('shelf_list', { location, start, limit });
}

/** The shelving locations in use, for the shelf list's location filter. */
export function shelfLocations(): Promise<string[]> {
  return call('shelf_locations');
}
