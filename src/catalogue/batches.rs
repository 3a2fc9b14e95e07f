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
//!
//! An import that merges duplicates changes records already shown, so it does not touch them
//! while it reads: each merge is staged ([`stage_merge`]: the incoming version in
//! `import_pending_merges`, its match keys in `import_pending_merge_keys` so that a later record
//! of the same import still finds it). The publishing transaction also marks the import
//! *decided* (`imports.decided`); from then on the staged merges are applied in short
//! transactions ([`apply_merges`]: the old version to the history, the new MARC, items, index).
//! A process that dies after the decision leaves work that the next opening finishes rather than
//! removes: the import was complete and not cancelled, so finishing it is what the user asked.
//! A subject heading renamed or merged over many records uses the same row and lock (see
//! `subjects.rs`): it is decided as soon as it starts, and finished at the next opening too.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use std::time::{Duration, Instant};

use rusqlite::{params, OptionalExtension, Transaction};

use super::barcode::BarcodeRules;
use super::store::{insert_record_then, parse_stored, replace_record, Incoming};
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::storage::Library;
use crate::timestamp::Timestamp;

/// Records removed per transaction when an import is discarded.
const DISCARD_CHUNK: usize = 500;

/// Long work done in chunks (staged merges applied, records of a heading change rewritten)
/// commits after this many records…
pub(crate) const CHUNK_RECORDS: usize = 500;
/// …or this long, whichever comes first, so that a desk action waits at most about this long.
pub(crate) const CHUNK_TIME: Duration = Duration::from_millis(100);
/// The pause between two chunks: longer than the interval at which a waiting writer tries again
/// (the library's busy handler tries every millisecond), so that it gets in.
pub(crate) const CHUNK_PAUSE: Duration = Duration::from_millis(3);

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
        let registered = (|| -> Result<i64> {
            let tx = lib.immediate()?;
            tx.execute("INSERT INTO imports (token) VALUES (?1)", [&token])?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(id)
        })();
        let id = match registered {
            Ok(id) => id,
            Err(e) => {
                // Refused (a damaged library, the lock not had): no lock file left behind.
                drop(lock);
                let _ = std::fs::remove_file(&lock_path);
                return Err(e);
            }
        };
        Ok(Batch {
            id,
            lock: Some(lock),
            lock_path,
        })
    }

    /// Shows every record, heading and reject of the import at once and marks it decided (one
    /// transaction), then applies its staged merges in short transactions ([`apply_merges`],
    /// `item_warnings` and `after_chunk` as there) and forgets the import.
    /// If the publishing transaction fails, what the batches wrote is removed (the import failed
    /// whole); if applying the merges fails, they stay decided and the next opening finishes them.
    pub(crate) fn publish(
        mut self,
        lib: &mut Library,
        rules: &BarcodeRules,
        item_warnings: &mut dyn FnMut(i64, Vec<(String, String)>),
        after_chunk: &mut dyn FnMut(),
    ) -> Result<()> {
        if let Err(e) = publish(lib, self.id) {
            let _ = discard(lib, self.id);
            self.release();
            return Err(e);
        }
        apply_merges(lib, self.id, rules, item_warnings, after_chunk)?;
        self.release();
        Ok(())
    }

    /// Marks the work decided, in `tx` (a heading change, decided as soon as it is listed).
    pub(crate) fn decide(&self, tx: &Transaction<'_>) -> Result<()> {
        tx.execute("UPDATE imports SET decided = 1 WHERE id = ?1", [self.id])?;
        Ok(())
    }

    /// Forgets work that is done or was never started (its row in `imports`, in `tx`) and, once
    /// `tx` is committed by the caller, lets its lock go ([`Batch::release_lock`]).
    pub(crate) fn forget(&self, tx: &Transaction<'_>) -> Result<()> {
        forget(tx, self.id)
    }

    /// Lets the lock file go (after the work's row is gone, or to leave decided work to the next
    /// opening).
    pub(crate) fn release_lock(mut self) {
        self.release();
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
    for sql in [
        "DELETE FROM import_pending WHERE import_id = ?1",
        "DELETE FROM import_pending_subjects WHERE import_id = ?1",
        "UPDATE imports SET decided = 1 WHERE id = ?1",
    ] {
        tx.execute(sql, [import_id])?;
    }
    tx.commit()?;
    Ok(())
}

/// Stages the merge of an incoming record into record `target` for import `import_id`: nothing
/// shown changes until the import is decided. Returns the staged merge's id (the order in which
/// merges are applied). Its match keys are kept beside it, for [`find_staged_duplicate`].
pub(crate) fn stage_merge(
    tx: &Transaction<'_>,
    import_id: i64,
    target: RecordId,
    incoming: &Incoming<'_>,
    replaced_by: &str,
    now: Timestamp,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO import_pending_merges (import_id, target_id, marc, undecoded, warnings,
             source_file, source_ordinal, replaced_by, replaced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        import_id,
        target,
        incoming.raw,
        incoming.undecoded,
        incoming.warnings.join("\n"),
        incoming.source.map(|s| s.0),
        incoming.source.map(|s| s.1 as i64),
        replaced_by,
        now,
    ])?;
    let staged = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO import_pending_merge_keys (import_id, key, target_id) VALUES (?1, ?2, ?3)",
    )?;
    for key in super::keys::match_keys(incoming.record) {
        insert.execute(params![import_id, key, target])?;
    }
    Ok(staged)
}

/// The bytes of record `target` as an import sees it: those of the version it staged last for the
/// record (`staged`, an `import_pending_merges` id; merges are applied only once the import is
/// decided), else the stored record's; `None` when there is no such record.
pub(crate) fn current_marc(
    tx: &Transaction<'_>,
    staged: Option<i64>,
    target: RecordId,
) -> Result<Option<Vec<u8>>> {
    if let Some(staged) = staged {
        let marc: Option<Vec<u8>> = tx
            .prepare_cached("SELECT marc FROM import_pending_merges WHERE id = ?1")?
            .query_row([staged], |r| r.get(0))
            .optional()?;
        if marc.is_some() {
            return Ok(marc);
        }
    }
    Ok(tx
        .prepare_cached("SELECT marc FROM records WHERE id = ?1")?
        .query_row([target], |r| r.get(0))
        .optional()?)
}

/// A record that import `import_id` already merged a version into, sharing a match key with
/// `record` through that staged version (the record's stored keys change only when the merge is
/// applied): the one transaction of old found it, so a staged import must too.
pub(crate) fn find_staged_duplicate(
    tx: &Transaction<'_>,
    import_id: i64,
    record: &carrel_marc::Record,
) -> Result<Option<(RecordId, String)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT target_id FROM import_pending_merge_keys WHERE import_id = ?1 AND key = ?2
         ORDER BY target_id LIMIT 1",
    )?;
    for key in super::keys::match_keys(record) {
        if let Some(id) = stmt
            .query_row(params![import_id, &key], |r| r.get(0))
            .optional()?
        {
            return Ok(Some((id, key)));
        }
    }
    Ok(None)
}

/// Applies the staged merges of decided import `import_id`, oldest first, a few hundred per
/// transaction ([`CHUNK_RECORDS`], [`CHUNK_TIME`]), then forgets the import. Each is deleted in
/// the transaction that applies it, so a merge is applied once however often this is
/// interrupted and resumed. `item_warnings(staged id, warnings)` receives the items of a merged
/// record that could not be made; `after_chunk` is called after each committed chunk (progress).
///
/// A target still in the library gets the new version (the old one to its history), then the
/// items the incoming record brings. A target deleted or purged meanwhile (the desk wrote
/// between two batches) gets nothing: the incoming version is kept as a new record, so that
/// nothing imported is lost.
pub(crate) fn apply_merges(
    lib: &mut Library,
    import_id: i64,
    rules: &BarcodeRules,
    item_warnings: &mut dyn FnMut(i64, Vec<(String, String)>),
    after_chunk: &mut dyn FnMut(),
) -> Result<()> {
    loop {
        let tx = lib.immediate()?;
        let started = Instant::now();
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM import_pending_merges WHERE import_id = ?1 ORDER BY id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![import_id, CHUNK_RECORDS as i64], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if ids.is_empty() {
            forget(&tx, import_id)?;
            tx.commit()?;
            return Ok(());
        }
        for staged in ids {
            let warnings = apply_merge(&tx, staged, rules)?;
            if !warnings.is_empty() {
                item_warnings(staged, warnings);
            }
            if started.elapsed() >= CHUNK_TIME {
                break;
            }
        }
        tx.commit()?;
        after_chunk();
        // A writer waiting for the lock (it tries every millisecond) gets in here.
        std::thread::sleep(CHUNK_PAUSE);
    }
}

/// A row of `import_pending_merges`.
struct StagedMerge {
    target: RecordId,
    raw: Vec<u8>,
    undecoded: bool,
    warnings: String,
    source_file: Option<String>,
    source_ordinal: Option<i64>,
    replaced_by: String,
    at: String,
}

/// Applies one staged merge and deletes it; returns the warnings of its items.
fn apply_merge(
    tx: &Transaction<'_>,
    staged: i64,
    rules: &BarcodeRules,
) -> Result<Vec<(String, String)>> {
    let row = tx.query_row(
        "SELECT target_id, marc, undecoded, warnings, source_file, source_ordinal, replaced_by,
             replaced_at
         FROM import_pending_merges WHERE id = ?1",
        [staged],
        |r| {
            Ok(StagedMerge {
                target: r.get(0)?,
                raw: r.get(1)?,
                undecoded: r.get(2)?,
                warnings: r.get(3)?,
                source_file: r.get(4)?,
                source_ordinal: r.get(5)?,
                replaced_by: r.get(6)?,
                at: r.get(7)?,
            })
        },
    )?;
    let StagedMerge {
        target,
        raw,
        undecoded,
        warnings,
        source_file,
        source_ordinal,
        replaced_by,
        at,
    } = row;
    tx.prepare_cached("DELETE FROM import_pending_merges WHERE id = ?1")?
        .execute([staged])?;
    let at = Timestamp::parse(&at)?;
    // The bytes were read once already; they read the same way again.
    let record = parse_stored(&raw, target)?.record;
    let warnings: Vec<String> = warnings
        .lines()
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let incoming = Incoming {
        record: &record,
        raw: &raw,
        undecoded,
        warnings: &warnings,
        source: source_file
            .as_deref()
            .map(|f| (f, source_ordinal.unwrap_or(0).max(0) as u64)),
    };
    let live: Option<bool> = tx
        .prepare_cached("SELECT deleted_at IS NULL FROM records WHERE id = ?1")?
        .query_row([target], |r| r.get(0))
        .optional()?;
    let has_holdings = super::holdings::has_holdings(&record);
    if live == Some(true) {
        replace_record(tx, target, &incoming, &replaced_by, at)?;
        if has_holdings {
            return super::holdings::import_items(tx, target, &record, rules, at);
        }
        return Ok(Vec::new());
    }
    let mut item_warnings = Vec::new();
    insert_record_then(tx, &incoming, at, &mut |id| {
        if has_holdings {
            item_warnings = super::holdings::write_items(tx, id, &record, rules, at)?.0;
        }
        Ok(())
    })?;
    Ok(item_warnings)
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

/// Forgets import (or heading change) `import_id`: its row and whatever it still has staged.
pub(crate) fn forget(tx: &Transaction<'_>, import_id: i64) -> Result<()> {
    for sql in [
        "DELETE FROM import_pending WHERE import_id = ?1",
        "DELETE FROM import_pending_subjects WHERE import_id = ?1",
        "DELETE FROM import_pending_rejects WHERE import_id = ?1",
        "DELETE FROM import_pending_merges WHERE import_id = ?1",
        "DELETE FROM import_pending_merge_keys WHERE import_id = ?1",
        "DELETE FROM heading_change_records WHERE import_id = ?1",
        "DELETE FROM heading_changes WHERE import_id = ?1",
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
/// missing or no longer locked. One that was decided (all read, not cancelled) is finished
/// instead: its staged merges are applied, and a heading change rewrites the records it has
/// left. Work still running in this or another process is left alone. Called when a library is
/// opened for use (`catalogue::finish_pending_work`).
pub(crate) fn discard_abandoned(lib: &mut Library) -> Result<()> {
    if lib.is_read_only() {
        return Ok(());
    }
    let imports: Vec<(i64, String, bool)> = {
        let mut stmt = lib
            .conn()
            .prepare("SELECT id, token, decided FROM imports")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (id, token, decided) in imports {
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
            if decided {
                let heading_change: bool = lib.conn().query_row(
                    "SELECT EXISTS (SELECT 1 FROM heading_changes WHERE import_id = ?1)",
                    [id],
                    |r| r.get(0),
                )?;
                if heading_change {
                    super::subjects::finish_heading_change(lib, id)?;
                } else {
                    let rules = super::barcode::barcode_rules(lib)?;
                    apply_merges(lib, id, &rules, &mut |_, _| {}, &mut || {})?;
                }
            } else {
                discard(lib, id)?;
            }
            let _ = std::fs::remove_file(&path);
        }
    }
    Ok(())
}
