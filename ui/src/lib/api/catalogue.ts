// The catalogue: the library, search, one record, the trash and a record's history.

import { call } from './core';
import type { DeleteOutcome } from '../bindings/DeleteOutcome';
import type { DeletedRecord } from '../bindings/DeletedRecord';
import type { DeletionCheck } from '../bindings/DeletionCheck';
import type { LibraryInfo } from '../bindings/LibraryInfo';
import type { RecordHistory } from '../bindings/RecordHistory';
import type { RecordView } from '../bindings/RecordView';
import type { SearchRequest } from '../bindings/SearchRequest';
import type { SearchResults } from '../bindings/SearchResults';

/** Where the open library lives and how much it holds. */
export function libraryInfo(): Promise<LibraryInfo> {
  return call('library_info');
}

/**
 * Searches the catalogue (query syntax in docs/search.md): one page in the requested sort, the
 * total, facets when asked, a notice for a leniently read query, a jump for a scanned code, and
 * `next` to pass as `after` for the following page.
 */
export function searchCatalogue(request: SearchRequest): Promise<SearchResults> {
  return call('search', { request });
}

/** The first `limit` records for `query`, best first; an empty query lists the most recently added. */
export function search(query: string, limit: number): Promise<SearchResults> {
  return searchCatalogue({ query, limit, sort: 'relevance', filters: [], after: null, facets: false });
}

/** One record, ready for display, with its MARC in mnemonic form. */
export function getRecord(id: number): Promise<RecordView> {
  return call('get_record', { id });
}

/** What deleting a record would take with it (its items, those on loan); changes nothing. */
export function deletionCheck(id: number): Promise<DeletionCheck> {
  return call('deletion_check', { id });
}

/** Moves a record (and, with `withItems`, its items) to the trash for 30 days. */
export function deleteRecord(id: number, withItems: boolean): Promise<DeleteOutcome> {
  return call('delete_record', { id, withItems });
}

/** Takes a deleted record out of the trash. */
export function restoreRecord(id: number): Promise<void> {
  return call('restore_record', { id });
}

/** Removes a deleted record for good now, with its items and history. */
export function purgeRecord(id: number): Promise<void> {
  return call('purge_record', { id });
}

/** The records in the trash, most recently deleted first. */
export function deletedRecords(): Promise<DeletedRecord[]> {
  return call('deleted_records');
}

/** A record's current state and earlier versions, newest first. */
export function recordHistory(id: number): Promise<RecordHistory> {
  return call('record_history', { id });
}

/** Makes an earlier version the current record again (the current one is kept as a version). */
export function revertToVersion(id: number, versionId: number): Promise<number> {
  return call('revert_to_version', { id, versionId });
}
