//! An import committed in batches (issue 12): the desk writes between two batches, while the
//! import stays all or nothing.
//!
//! A batched import registers itself in `imports` (with the token of a lock file its process
//! holds while it runs) and writes each record whole — row, items, match keys — then hides it as
//! a deleted record is hidden (`deleted_at` set, which every read path already filters) and
//! parks its full-text entry (`import_pending`) and subject headings
//! (`import_pending_subjects`) where no search or browse looks; rejects wait in
//! `import_pending_rejects`. Its match keys stay, so that a duplicate later in the same import is
//! still found. Finishing ([`Batch::publish`]) is one short transaction that shows everything at
//! once; a cancel or a failure ([`Batch::discard`]) removes it in short transactions; an import
//! whose process died (its lock file no longer locked) is removed at the next opening
//! ([`discard_abandoned`]).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{params, Transaction};

use crate::error::{Error, Result};
use crate::storage::Library;
use crate::timestamp::Timestamp;

/// Records removed per transaction when an import is discarded.
const DISCARD_CHUNK: usize = 500;

/// An import under way, registered in `imports`; its lock file is held until it is dropped.
pub(crate) struct Batch {
    /// The `imports` row.
    pub(crate) id: i64,
    lock: Option<File>,
    lock_path: PathBuf,
}

fn lock_path(library: &Path, token: &str) -> PathBuf {
    PathBuf::from(format!("{}.import-{token}.lock", library.display()))
}

impl Batch {
    /// Registers a new import: takes its lock file first, so that an `imports` row another
    /// process can see always has a live lock while its import runs.
    pub(crate) fn begin(lib: &mut Library) -> Result<Batch> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let token = format!(
            "{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let lock_path = lock_path(lib.path(), &token);
        let lock = File::create(&lock_path)
            .map_err(|e| Error::io(format!("cannot create {}", lock_path.display()), e))?;
        lock.lock()
            .map_err(|e| Error::io(format!("cannot lock {}", lock_path.display()), e))?;
        let tx = lib.immediate()?;
        tx.execute("INSERT INTO imports (token) VALUES (?1)", [&token])?;
        let id = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Batch {
            id,
            lock: Some(lock),
            lock_path,
        })
    }

    /// Shows every record, heading and reject of the import at once (one transaction) and
    /// forgets the import.
    /// If that transaction fails, what the batches wrote is removed (the import failed whole).
    pub(crate) fn publish(mut self, lib: &mut Library) -> Result<()> {
        let done = publish(lib, self.id);
        if done.is_err() {
            let _ = discard(lib, self.id);
        }
        self.release();
        done
    }

    /// Removes everything the import wrote, in short transactions.
    pub(crate) fn discard(mut self, lib: &mut Library) -> Result<()> {
        discard(lib, self.id)?;
        self.release();
        Ok(())
    }

    fn release(&mut self) {
        if let Some(lock) = self.lock.take() {
            drop(lock);
            let _ = std::fs::remove_file(&self.lock_path);
        }
    }
}

fn publish(lib: &mut Library, import_id: i64) -> Result<()> {
    let tx = lib.immediate()?;
    tx.execute(
        "UPDATE records SET deleted_at = NULL
             WHERE id IN (SELECT record_id FROM import_pending WHERE import_id = ?1)",
        [import_id],
    )?;
    tx.execute(
        "INSERT INTO records_fts (rowid, title, names, subjects, other, identifiers, shelf)
             SELECT record_id, title, names, subjects, other, identifiers, shelf
             FROM import_pending WHERE import_id = ?1",
        [import_id],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO record_subjects (sort_key, heading, record_id)
             SELECT sort_key, heading, record_id FROM import_pending_subjects WHERE import_id = ?1",
        [import_id],
    )?;
    super::rejects::publish_rejects(&tx, import_id)?;
    forget(&tx, import_id)?;
    tx.commit()?;
    Ok(())
}

impl Drop for Batch {
    /// A batch dropped without publish or discard (a panic) keeps its rows; its lock is released
    /// with the file handle, so the next opening removes them.
    fn drop(&mut self) {
        self.lock.take();
    }
}

/// Hides record `record_id`, just written by import `import_id`: marked deleted, its full-text
/// entry and subject headings moved aside until [`Batch::publish`].
pub(crate) fn hide(
    tx: &Transaction<'_>,
    import_id: i64,
    record_id: crate::RecordId,
    now: Timestamp,
) -> Result<()> {
    tx.prepare_cached("UPDATE records SET deleted_at = ?2 WHERE id = ?1")?
        .execute(params![record_id, now])?;
    tx.prepare_cached(
        "INSERT INTO import_pending (record_id, import_id, title, names, subjects, other, identifiers, shelf)
         SELECT ?1, ?2, title, names, subjects, other, identifiers, shelf FROM records_fts WHERE rowid = ?1",
    )?
    .execute(params![record_id, import_id])?;
    tx.prepare_cached("DELETE FROM records_fts WHERE rowid = ?1")?
        .execute([record_id])?;
    tx.prepare_cached(
        "INSERT INTO import_pending_subjects (import_id, sort_key, heading, record_id)
         SELECT ?2, sort_key, heading, record_id FROM record_subjects WHERE record_id = ?1",
    )?
    .execute(params![record_id, import_id])?;
    tx.prepare_cached("DELETE FROM record_subjects WHERE record_id = ?1")?
        .execute([record_id])?;
    Ok(())
}

/// Whether record `id` belongs to an import not finished yet (it is hidden, not deleted).
pub(crate) fn is_pending(tx: &Transaction<'_>, id: crate::RecordId) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM import_pending WHERE record_id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

fn forget(tx: &Transaction<'_>, import_id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM import_pending WHERE import_id = ?1",
        "DELETE FROM import_pending_subjects WHERE import_id = ?1",
        "DELETE FROM import_pending_rejects WHERE import_id = ?1",
        "DELETE FROM imports WHERE id = ?1",
    ] {
        tx.execute(sql, [import_id])?;
    }
    Ok(())
}

/// Removes import `import_id`'s records (with their items and keys), headings and rejects, a
/// few hundred records per transaction so that the desk is never kept waiting.
fn discard(lib: &mut Library, import_id: i64) -> Result<()> {
    loop {
        let tx = lib.immediate()?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare_cached(
                "SELECT record_id FROM import_pending WHERE import_id = ?1 LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![import_id, DISCARD_CHUNK as i64], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if ids.is_empty() {
            forget(&tx, import_id)?;
            tx.commit()?;
            return Ok(());
        }
        // Keys, items, headings and the pending row go with the record (ON DELETE CASCADE). A
        // record with a copy on loan cannot go (the loan is real): it is kept as a deleted record,
        // which Deleted records lists and can restore, instead of making the library unopenable.
        for id in ids {
            let lent: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM items i JOIN loans l ON l.item_id = i.id
                 WHERE i.record_id = ?1 AND l.returned_on IS NULL)",
                [id],
                |r| r.get(0),
            )?;
            if lent {
                tx.prepare_cached("DELETE FROM import_pending WHERE record_id = ?1")?
                    .execute([id])?;
            } else {
                tx.prepare_cached("DELETE FROM records WHERE id = ?1")?
                    .execute([id])?;
            }
        }
        tx.commit()?;
    }
}

/// Removes the imports whose process is gone (killed, crashed, power cut): their lock file is
/// missing or no longer locked. An import still running in this or another process is left
/// alone. Called when a library is opened for use (`catalogue::finish_pending_work`).
pub(crate) fn discard_abandoned(lib: &mut Library) -> Result<()> {
    if lib.is_read_only() {
        return Ok(());
    }
    let imports: Vec<(i64, String)> = {
        let mut stmt = lib.conn().prepare("SELECT id, token FROM imports")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, token) in imports {
        let path = lock_path(lib.path(), &token);
        let abandoned = match File::open(&path) {
            Err(_) => true,
            Ok(f) => match f.try_lock() {
                Ok(()) => true,
                Err(std::fs::TryLockError::WouldBlock) => false,
                // Locks unsupported here: never remove what may be a running import.
                Err(std::fs::TryLockError::Error(_)) => false,
            },
        };
        if abandoned {
            discard(lib, id)?;
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}
