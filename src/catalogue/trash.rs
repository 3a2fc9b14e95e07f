//! Deleting records, with 30 days to change one's mind.
//!
//! A deleted record keeps its row, bytes, items and history but gets `records.deleted_at` and loses
//! its full-text entry, match keys and subject headings: no search, heading browse, duplicate check
//! or shelf list (which joins `records.deleted_at IS NULL`) finds it. Restoring clears the mark and
//! indexes it again. [`purge_deleted`] removes for good the records deleted more than 30 days
//! before the caller's `now` (with their items, versions and keys: `ON DELETE CASCADE`); the app
//! and the command line call it when they open a library.
//!
//! Items of a deleted record keep their rows and barcodes: a barcode stays taken while its record
//! is in the trash (the barcode index is unique), so a restore never meets a barcode given to
//! another item meanwhile. To reuse such a barcode at once, delete the record for good
//! ([`purge_record`]).

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::{reread_record, unindex_record};
use crate::error::{Error, Result};
use crate::storage::Library;

/// Days a deleted record stays restorable.
pub const KEEP_DAYS: u32 = 30;

/// What a deletion did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DeleteOutcome {
    /// Row id of the record deleted (it keeps this id if restored).
    pub id: RecordId,
    /// Items (copies) deleted with the record.
    pub items: u32,
    /// When the record is removed for good unless restored (`YYYY-MM-DD`).
    pub purge_on: String,
}

/// A record in the trash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DeletedRecord {
    /// Row id of the deleted record (table `records`).
    pub id: RecordId,
    /// Its display title (MARC 21 245 $a $b $n $p, or the heading of an authority).
    pub title: String,
    /// Statement of responsibility (245 $c) or the main entry; `None` when neither.
    pub responsibility: Option<String>,
    /// When it was deleted (ISO 8601, as the caller passed it).
    pub deleted_at: String,
    /// Who deleted it (user name), when recorded.
    pub deleted_by: Option<String>,
    /// The day from which it is removed for good (`YYYY-MM-DD`, 30 days after `deleted_at`).
    pub purge_on: String,
    /// Its items (copies), deleted with it.
    pub items: u32,
    /// Their barcodes.
    pub barcodes: Vec<String>,
}

/// What deleting a record would take with it, for the confirmation a person sees first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DeletionCheck {
    /// Row id of the record (table `records`).
    pub id: RecordId,
    /// Its items (copies): they are deleted with it only when the person confirms.
    pub items: u32,
    /// Barcodes of its items.
    pub barcodes: Vec<String>,
    /// Barcodes of its items on loan: while there are any, the record cannot be deleted.
    pub on_loan: Vec<String>,
}

/// The items record `id` has, and those on loan, before deleting it (reads only).
/// Errors: [`Error::NotFound`] when there is no record `id`.
pub fn deletion_check(lib: &Library, id: RecordId) -> Result<DeletionCheck> {
    let conn = lib.conn();
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM records WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound(format!("no record with id {id}")));
    }
    let mut stmt =
        conn.prepare_cached("SELECT barcode, status FROM items WHERE record_id = ?1 ORDER BY id")?;
    let items = stmt
        .query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(DeletionCheck {
        id,
        items: items.len() as u32,
        on_loan: items
            .iter()
            .filter(|(_, s)| s == "on_loan")
            .map(|(b, _)| b.clone())
            .collect(),
        barcodes: items.into_iter().map(|(b, _)| b).collect(),
    })
}

/// `YYYY-MM-DD` that is [`KEEP_DAYS`] days after the date of `deleted_at` as written (the caller's
/// local date), by SQLite's date functions.
const PURGE_ON_SQL: &str = "date(substr(deleted_at, 1, 10), '+30 days')";

/// Deletes record `id` (moves it to the trash for [`KEEP_DAYS`] days).
///
/// A record with items is deleted only with `with_items` (its items go with it and can be restored
/// with it). `changed_by` and `now` are kept in the record's history.
///
/// Errors: [`Error::NotFound`] when there is no record `id`; [`Error::InvalidInput`] when it is
/// already deleted, has items and `with_items` is false, or has an item on loan (status `on_loan`):
/// return the item first.
pub fn delete_record(
    lib: &mut Library,
    id: RecordId,
    with_items: bool,
    changed_by: &str,
    now: Timestamp,
) -> Result<DeleteOutcome> {
    let tx = lib.immediate()?;
    let deleted: Option<Option<String>> = tx
        .query_row("SELECT deleted_at FROM records WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match deleted {
        None => return Err(Error::NotFound(format!("no record with id {id}"))),
        Some(Some(at)) => {
            return Err(Error::InvalidInput(format!(
                "record {id} was already deleted on {at}"
            )))
        }
        Some(None) => {}
    }
    let items = items_of(&tx, id)?;
    let on_loan: Vec<&str> = items
        .iter()
        .filter(|(_, s)| s == "on_loan")
        .map(|(b, _)| b.as_str())
        .collect();
    if !on_loan.is_empty() {
        return Err(Error::InvalidInput(format!(
            "record {id} has {} on loan (barcode {}): return {} before deleting the record",
            plural(on_loan.len(), "item", "items"),
            on_loan.join(", "),
            if on_loan.len() == 1 { "it" } else { "them" }
        )));
    }
    if !items.is_empty() && !with_items {
        let barcodes: Vec<&str> = items.iter().map(|(b, _)| b.as_str()).collect();
        return Err(Error::InvalidInput(format!(
            "record {id} has {} (barcode{} {}): confirm to delete them too",
            plural(items.len(), "item", "items"),
            if items.len() == 1 { "" } else { "s" },
            barcodes.join(", ")
        )));
    }
    let summary = if items.is_empty() {
        "Deleted".to_string()
    } else {
        format!("Deleted with its {}", plural(items.len(), "item", "items"))
    };
    // A version row records who deleted it and when (the history's only place for "who").
    tx.execute(
        "INSERT INTO record_versions (record_id, marc, undecoded, replaced_at, replaced_by, changed_by, summary)
         SELECT id, marc, undecoded, ?2, 'deleted', ?3, ?4 FROM records WHERE id = ?1",
        params![id, now, changed_by, summary],
    )?;
    tx.execute(
        "UPDATE records SET deleted_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    unindex_record(&tx, id)?;
    let purge_on: String = tx.query_row(
        &format!("SELECT {PURGE_ON_SQL} FROM records WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok(DeleteOutcome {
        id,
        items: items.len() as u32,
        purge_on,
    })
}

/// Takes record `id` out of the trash: clears its deletion mark and indexes it again (search,
/// headings, duplicate check, shelf list find it as before, with its items). `now` and
/// `changed_by` go into its history.
///
/// Errors: [`Error::NotFound`] when there is no record `id` (or it was purged);
/// [`Error::InvalidInput`] when it is not deleted.
pub fn restore_record(
    lib: &mut Library,
    id: RecordId,
    changed_by: &str,
    now: Timestamp,
) -> Result<()> {
    let tx = lib.immediate()?;
    if super::batches::is_pending(&tx, id)? {
        // A record of an import not finished yet: not in the trash, not shown anywhere.
        return Err(Error::NotFound(format!("no record with id {id}")));
    }
    let deleted: Option<Option<String>> = tx
        .query_row("SELECT deleted_at FROM records WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let at = match deleted {
        None => return Err(Error::NotFound(format!("no record with id {id} (records deleted more than {KEEP_DAYS} days ago are removed for good)"))),
        Some(None) => return Err(Error::InvalidInput(format!("record {id} is not deleted"))),
        Some(Some(at)) => at,
    };
    tx.execute("UPDATE records SET deleted_at = NULL WHERE id = ?1", [id])?;
    reread_record(&tx, id)?;
    tx.execute(
        "INSERT INTO record_versions (record_id, marc, undecoded, replaced_at, replaced_by, changed_by, summary)
         SELECT id, marc, undecoded, ?2, 'restored', ?3, ?4 FROM records WHERE id = ?1",
        params![id, now, changed_by, format!("Restored from the trash (deleted on {at})")],
    )?;
    tx.commit()?;
    Ok(())
}

/// The records in the trash, most recently deleted first, with the day each is removed for good.
pub fn deleted_records(lib: &Library) -> Result<Vec<DeletedRecord>> {
    let conn = lib.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT r.id, r.title, r.responsibility, r.deleted_at, {PURGE_ON_SQL},
             (SELECT v.changed_by FROM record_versions v WHERE v.record_id = r.id AND v.replaced_by = 'deleted'
              ORDER BY v.id DESC LIMIT 1)
         FROM records r WHERE r.deleted_at IS NOT NULL AND r.id NOT IN (SELECT record_id FROM import_pending) ORDER BY r.deleted_at DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok(DeletedRecord {
            id: r.get(0)?,
            title: r.get(1)?,
            responsibility: r.get(2)?,
            deleted_at: r.get(3)?,
            purge_on: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            deleted_by: r.get(5)?,
            items: 0,
            barcodes: Vec::new(),
        })
    })?;
    let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut barcodes =
        conn.prepare_cached("SELECT barcode FROM items WHERE record_id = ?1 ORDER BY id")?;
    for d in &mut out {
        d.barcodes = barcodes
            .query_map([d.id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        d.items = d.barcodes.len() as u32;
    }
    Ok(out)
}

/// Removes for good the records deleted more than [`KEEP_DAYS`] days before `now`, with their
/// items, history and keys. Returns how many were removed.
///
/// Timestamps are compared as instants (SQLite `julianday`, offsets honoured). Errors: database
/// errors.
pub fn purge_deleted(lib: &mut Library, now: Timestamp) -> Result<u32> {
    if lib.is_read_only() {
        return Ok(0);
    }
    // Read first: opening a library must not wait for the write lock when nothing is due.
    let due: bool = lib.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM records WHERE deleted_at IS NOT NULL AND julianday(?1) - julianday(deleted_at) > ?2 AND id NOT IN (SELECT record_id FROM import_pending))",
        params![now, KEEP_DAYS],
        |r| r.get(0),
    )?;
    if !due {
        return Ok(0);
    }
    let tx = lib.immediate()?;
    let n = tx.execute(
        "DELETE FROM records WHERE deleted_at IS NOT NULL AND julianday(?1) - julianday(deleted_at) > ?2 AND id NOT IN (SELECT record_id FROM import_pending)",
        params![now, KEEP_DAYS],
    )?;
    tx.commit()?;
    Ok(n as u32)
}

/// Removes one deleted record for good now, with its items (whose barcodes become free), history
/// and keys. Errors: [`Error::NotFound`] when there is no record `id`; [`Error::InvalidInput`] when
/// it is not deleted (delete it first).
pub fn purge_record(lib: &mut Library, id: RecordId) -> Result<()> {
    let tx = lib.immediate()?;
    if super::batches::is_pending(&tx, id)? {
        // A record of an import not finished yet: not in the trash, not shown anywhere.
        return Err(Error::NotFound(format!("no record with id {id}")));
    }
    let deleted: Option<Option<String>> = tx
        .query_row("SELECT deleted_at FROM records WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match deleted {
        None => return Err(Error::NotFound(format!("no record with id {id}"))),
        Some(None) => {
            return Err(Error::InvalidInput(format!(
                "record {id} is not deleted: delete it first"
            )))
        }
        Some(Some(_)) => {}
    }
    tx.execute("DELETE FROM records WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

/// (barcode, status) of the items of record `id`.
fn items_of(tx: &rusqlite::Transaction<'_>, id: RecordId) -> Result<Vec<(String, String)>> {
    let mut stmt =
        tx.prepare_cached("SELECT barcode, status FROM items WHERE record_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
