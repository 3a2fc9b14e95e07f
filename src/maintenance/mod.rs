//! Looking after the library file: checking it (SQLite's own checks and Carrel's invariants,
//! which need the catalogue's and circulation's meaning of the rows) and restoring a backup.
//! Taking a backup is storage's ([`crate::storage::backup`]); this area may call storage and the
//! other areas, never the other way round.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::storage::backup::{
    self, backup_checked, default_backups_folder, BackupReport, LibrarySummary,
};
use crate::storage::Library;
use crate::timestamp::Timestamp;

/// One of [`check`]'s checks: appends what it finds.
type CheckFn = fn(&Connection, &mut Vec<Finding>) -> Result<()>;

/// What kind of problem a [`Finding`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// `PRAGMA integrity_check` found damage in the file itself (restore a backup).
    Integrity,
    /// A row refers to a row that does not exist (`PRAGMA foreign_key_check`).
    ForeignKey,
    /// The full-text index's own check (FTS5 `integrity-check`) failed.
    SearchIndex,
    /// An item's status and its loans disagree (on loan exactly when it has one open loan).
    LoanStatus,
    /// An item's status and the holds trapped on it disagree (on the hold shelf exactly when one
    /// hold is trapped on it).
    HoldShelf,
    /// A live record has no search-index entry, or an entry belongs to no live record.
    IndexEntry,
    /// An open hold waits for a record that is deleted or gone.
    HoldRecord,
}

/// One problem [`check`] found, naming the row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// The row, as a technician finds it: `"record 42"`, `"item 30001234"`, `"hold 7"`,
    /// `"loan 12"`, `"file"` for damage to the file itself.
    pub row: String,
    /// What is wrong, in words.
    pub message: String,
}

/// The outcome of [`check`].
#[derive(Clone, Debug, Serialize, TS)]
pub struct CheckReport {
    /// Absolute path of the library checked.
    pub path: String,
    /// Whether nothing was found.
    pub ok: bool,
    /// `PRAGMA integrity_check`: `"ok"`, or its lines joined by "; ".
    pub integrity: String,
    /// Every problem found (empty when `ok`).
    pub findings: Vec<Finding>,
}

/// Checks the library: `PRAGMA integrity_check`, `PRAGMA foreign_key_check`, the full-text
/// index's own integrity check, and Carrel's invariants — an item is on loan exactly when it has
/// one open loan; an item is on the hold shelf exactly when one hold is trapped on it; every
/// live (not deleted) record has its search-index entry and every entry belongs to a live
/// record; every open hold (waiting or trapped) is on a live record (closed holds are history and
/// may name a record deleted since). Reads only (the FTS5 check writes nothing).
///
/// A check that cannot run (a damaged file) is itself a finding. Errors only when the library
/// cannot be read at all ([`Error::Database`]).
pub fn check(lib: &Library) -> Result<CheckReport> {
    // A connection of its own: on a long-lived connection (the window's), SQLite's
    // `integrity_check` of the FTS5 table reported a checksum mismatch that was not there after
    // another connection had changed the index since an earlier check (stale per-connection FTS5
    // state). A read-only library is opened `immutable`: nobody changes it behind our back.
    let own = if lib.is_read_only() {
        None
    } else {
        let c = Connection::open_with_flags(
            lib.path(),
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(std::time::Duration::from_secs(5))?;
        Some(c)
    };
    let conn = own.as_ref().unwrap_or(lib.conn());
    // A file so damaged that SQLite stops the check ("database disk image is malformed") is
    // reported as damage, not as a failure to check.
    let integrity = match backup::integrity_of(conn) {
        Err(Error::Database(e))
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
        {
            e.to_string()
        }
        other => other?,
    };
    let mut findings = Vec::new();
    if integrity != "ok" {
        for line in integrity.split("; ") {
            // SQLite's check includes the FTS5 index's own check: a fault there is in the search
            // index, not in the records.
            findings.push(if line.starts_with("fts5:") {
                Finding {
                    kind: FindingKind::SearchIndex,
                    row: "search index".into(),
                    message: format!(
                        "the full-text search index does not match the records it indexes ({line}); searches may miss or show wrong records"
                    ),
                }
            } else {
                Finding {
                    kind: FindingKind::Integrity,
                    row: "file".into(),
                    message: format!("the file is damaged: {line}"),
                }
            });
        }
    }
    let checks: [(FindingKind, CheckFn); 6] = [
        (FindingKind::ForeignKey, foreign_keys),
        (FindingKind::SearchIndex, search_index),
        (FindingKind::LoanStatus, loan_status),
        (FindingKind::HoldShelf, hold_shelf),
        (FindingKind::IndexEntry, index_entries),
        (FindingKind::HoldRecord, hold_records),
    ];
    for (kind, run) in checks {
        if let Err(e) = run(conn, &mut findings) {
            findings.push(Finding {
                kind,
                row: "file".into(),
                message: format!("this check could not run: {e}"),
            });
        }
    }
    Ok(CheckReport {
        path: lib.path().display().to_string(),
        ok: findings.is_empty(),
        integrity,
        findings,
    })
}

fn push_rows<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    kind: FindingKind,
    out: &mut Vec<Finding>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (row, message) = row?;
        out.push(Finding { kind, row, message });
    }
    Ok(())
}

fn foreign_keys(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    push_rows(
        conn,
        "SELECT CASE f.\"table\"
                    WHEN 'items' THEN 'item ' || coalesce((SELECT barcode FROM items WHERE id = f.rowid), f.rowid)
                    WHEN 'records' THEN 'record ' || f.rowid
                    WHEN 'holds' THEN 'hold ' || f.rowid
                    WHEN 'loans' THEN 'loan ' || f.rowid
                    ELSE f.\"table\" || ' row ' || coalesce(f.rowid, '?') END,
                f.\"table\" || ' row ' || coalesce(f.rowid, '?') || ' refers to a row of ' || f.parent || ' that does not exist'
         FROM pragma_foreign_key_check AS f",
        [],
        FindingKind::ForeignKey,
        out,
    )
}

fn search_index(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    match conn.execute(
        "INSERT INTO records_fts(records_fts) VALUES ('integrity-check')",
        [],
    ) {
        Ok(_) => {}
        // A read-only library cannot run the command (an INSERT); `PRAGMA integrity_check` has
        // already run the same FTS5 check (SQLite 3.44 and later check FTS5 tables too).
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly) => {}
        Err(e) => out.push(Finding {
            kind: FindingKind::SearchIndex,
            row: "search index".into(),
            message: format!(
                "the full-text search index does not match the records it indexes ({e}); searches may miss or show wrong records"
            ),
        }),
    }
    Ok(())
}

fn loan_status(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    push_rows(
        conn,
        "SELECT 'item ' || i.barcode,
                'marked on loan, but it has no open loan (record ' || i.record_id || ')'
         FROM items i
         WHERE i.status = 'on_loan'
           AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL)
         UNION ALL
         SELECT 'item ' || i.barcode,
                'has an open loan (loan ' || l.id || ', due ' || l.due_on || coalesce(', patron ' || p.card, '') ||
                ') but its status is ' || i.status
         FROM loans l JOIN items i ON i.id = l.item_id LEFT JOIN patrons p ON p.id = l.patron_id
         WHERE l.returned_on IS NULL AND i.status <> 'on_loan'
         UNION ALL
         SELECT 'item ' || i.barcode, 'has ' || count(*) || ' open loans; an item is lent once at a time'
         FROM loans l JOIN items i ON i.id = l.item_id
         WHERE l.returned_on IS NULL GROUP BY i.id HAVING count(*) > 1
         UNION ALL
         SELECT 'loan ' || l.id, 'is open but its item no longer exists'
         FROM loans l
         WHERE l.returned_on IS NULL AND (l.item_id IS NULL OR NOT EXISTS (SELECT 1 FROM items i WHERE i.id = l.item_id))",
        [],
        FindingKind::LoanStatus,
        out,
    )
}

fn hold_shelf(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    push_rows(
        conn,
        "SELECT 'item ' || i.barcode, 'marked on the hold shelf, but no hold is trapped on it'
         FROM items i
         WHERE i.status = 'on_hold_shelf'
           AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.trapped_item_id = i.id AND h.status = 'trapped')
         UNION ALL
         SELECT 'item ' || i.barcode,
                count(*) || ' trapped hold(s) wait for it (hold ' || min(h.id) || '), but its status is ' || i.status
         FROM holds h JOIN items i ON i.id = h.trapped_item_id
         WHERE h.status = 'trapped'
         GROUP BY i.id HAVING i.status <> 'on_hold_shelf' OR count(*) > 1",
        [],
        FindingKind::HoldShelf,
        out,
    )
}

fn index_entries(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    push_rows(
        conn,
        "SELECT 'record ' || r.id,
                '“' || r.title || '” has no entry in the search index: no search finds it'
         FROM records r
         WHERE r.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM records_fts f WHERE f.rowid = r.id)
         UNION ALL
         SELECT 'record ' || f.rowid,
                CASE WHEN r.id IS NULL THEN 'the search index has an entry for this record, which does not exist'
                     ELSE 'the search index has an entry for this deleted record: searches find it' END
         FROM records_fts f LEFT JOIN records r ON r.id = f.rowid
         WHERE r.id IS NULL OR r.deleted_at IS NOT NULL",
        [],
        FindingKind::IndexEntry,
        out,
    )
}

fn hold_records(conn: &Connection, out: &mut Vec<Finding>) -> Result<()> {
    push_rows(
        conn,
        "SELECT 'hold ' || h.id,
                'is ' || h.status || coalesce(' for patron ' || p.card, '') || ' on record ' || h.record_id ||
                CASE WHEN r.id IS NULL THEN ', which does not exist' ELSE ', which is deleted' END
         FROM holds h LEFT JOIN records r ON r.id = h.record_id LEFT JOIN patrons p ON p.id = h.patron_id
         WHERE h.status IN ('waiting', 'trapped') AND (r.id IS NULL OR r.deleted_at IS NOT NULL)",
        [],
        FindingKind::HoldRecord,
        out,
    )
}

/// What a restore would do: the backup's contents against the current library's.
#[derive(Clone, Debug, Serialize, TS)]
pub struct RestorePreview {
    /// The backup file (its schema may be older than this build's: it is upgraded on restore).
    pub backup: LibrarySummary,
    /// The library as it is now.
    pub current: LibrarySummary,
}

/// The outcome of [`restore`].
#[derive(Clone, Debug, Serialize, TS)]
pub struct RestoreReport {
    /// The safety copy of the library as it was before the restore.
    pub before: BackupReport,
    /// The backup restored from.
    pub restored_from: String,
    /// The library as it is now (the backup's contents, at this build's schema).
    pub now: LibrarySummary,
}

/// Reads `file` and compares it with the current library, changing nothing. The same checks as
/// [`restore`] run first, so a file this refuses, [`restore`] refuses too.
///
/// Errors: [`Error::NotFound`], [`Error::NotALibrary`], [`Error::NewerLibrary`],
/// [`Error::InvalidInput`] (a damaged backup), as [`backup::open_backup`].
pub fn restore_preview(lib: &Library, file: &Path) -> Result<RestorePreview> {
    let (_, summary) = backup::open_backup(file)?;
    Ok(RestorePreview {
        backup: summary,
        current: backup::summarize(lib)?,
    })
}

/// Replaces the library's content with the backup `file`'s. Before touching anything, the backup
/// is checked (a sound Carrel library, not newer than this build) and copied to a temporary file
/// where an older schema is upgraded; then the current library is backed up into
/// `backups_folder` (default [`default_backups_folder`]: `backups` beside the library, created
/// if missing), and only then is its content replaced, in one write transaction through the open
/// connection (the library keeps its path; a failure leaves it as it was). Work an upgrade leaves
/// pending is done after.
///
/// Errors: as [`restore_preview`]; [`Error::InvalidInput`] for a read-only library;
/// [`Error::Io`] when the safety copy cannot be written (then nothing was changed);
/// [`Error::Database`] when the library is busy beyond the busy timeout.
pub fn restore(
    lib: &mut Library,
    file: &Path,
    backups_folder: Option<&Path>,
    now: Timestamp,
) -> Result<RestoreReport> {
    if lib.is_read_only() {
        return Err(Error::InvalidInput(format!(
            "{} is read-only: a backup cannot be restored into it",
            lib.path().display()
        )));
    }
    if let Ok(f) = std::fs::canonicalize(file) {
        if f == lib.path() {
            return Err(Error::InvalidInput(format!(
                "{} is the library itself: choose a backup to restore",
                file.display()
            )));
        }
    }
    let (source, summary) = backup::open_backup(file)?;
    let (staged_file, staged) = backup::stage_restore(lib, &source)?;
    drop(source);
    let folder = backups_folder
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_backups_folder(lib.path()));
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(format!("cannot create folder {}", folder.display()), e))?;
    // Never over an earlier safety copy (two restores in the same second).
    let target = backup::unused_backup_path(
        &folder,
        &format!(
            "carrel-before-restore-{}",
            now.as_datetime().format("%Y-%m-%d-%H%M%S")
        ),
    );
    let before = backup_checked(lib, &target, now, false)?;
    // A library refused writes as damaged is mended by this: writing the backup's pages over it.
    let damaged = lib.damage_found();
    if damaged.is_some() {
        lib.mark_sound()?;
    }
    if let Err(e) = backup::replace_content(lib, &staged) {
        if let Some(why) = damaged {
            lib.mark_damaged(why);
        }
        return Err(e);
    }
    drop(staged);
    drop(staged_file);
    crate::catalogue::finish_pending_work(lib)?;
    Ok(RestoreReport {
        before,
        restored_from: summary.path,
        now: backup::summarize(lib)?,
    })
}

#[cfg(test)]
mod tests {
    use crate::storage::{migrate_to, migrations_count, Library, APPLICATION_ID};

    #[test]
    fn a_backup_of_an_older_schema_is_upgraded_on_restore_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old-backup.sqlite");
        let record = carrel_marc::Record::new()
            .with_control("001", "k1")
            .with_data("245", "10", &[('a', "Keys of old.")]);
        {
            let mut conn = rusqlite::Connection::open(&old).unwrap();
            migrate_to(&mut conn, 1);
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO records (id, record_type, bibliographic_level, title, marc, created_at, updated_at)
                 VALUES (1, 'a', 'm', 'Keys of old', ?1, 't', 't')",
                [carrel_marc::write_iso2709(&record)],
            )
            .unwrap();
        }
        let before = std::fs::read(&old).unwrap();
        let mut lib = Library::open(&dir.path().join("library.sqlite")).unwrap();
        let now = crate::Timestamp::parse("2026-12-07T10:00:00+00:00").unwrap();
        let preview = super::restore_preview(&lib, &old).unwrap();
        assert_eq!(preview.backup.schema_version, 1);
        assert_eq!(preview.backup.counts.records, 1);
        assert_eq!(preview.current.counts.records, 0);
        let report = super::restore(&mut lib, &old, None, now).unwrap();
        assert_eq!(report.now.schema_version, migrations_count());
        assert_eq!(report.now.counts.records, 1);
        assert_eq!(report.before.counts.records, 0);
        // The pending work of the upgrade was done: the record has its match key.
        let keys: Vec<String> = lib
            .conn()
            .prepare("SELECT key FROM record_keys WHERE record_id = 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keys, vec!["cn:|k1".to_string()], "{keys:?}");
        assert!(super::check(&lib).unwrap().ok);
        assert_eq!(
            std::fs::read(&old).unwrap(),
            before,
            "the backup file is not written"
        );
    }
}
