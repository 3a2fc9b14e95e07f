//! Work a migration leaves for after the library is open.
//!
//! Some upgrades need what only the catalogue knows (reading MARC again, match keys, the browse
//! key of a subject heading). Storage never calls up into the catalogue: such a migration only
//! marks the work in the `pending_work` table, in the migration's own transaction, and the
//! catalogue does it when the library is opened for use (its `finish_pending_work`,
//! called by [`crate::open_library`]), unmarking each task in the transaction that does it. An
//! interrupted upgrade is therefore finished at the next opening.

use rusqlite::Connection;

use crate::error::Result;

/// A task a migration has marked as due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PendingWork {
    /// Schemas 2 and 14: compute the duplicate match keys (`record_keys`) of the records
    /// already stored (again, for 14: DOI keys, none from a component part's 020/022).
    MatchKeys,
    /// Schema 8: copy the subject headings kept in `record_subjects_v7` into `record_subjects`
    /// with their browse keys, index them by record, and drop the old table.
    SubjectSortKeys,
    /// Schema 5 (for 3 and 4 too): read every record again from its stored bytes and rewrite its
    /// columns, full-text entry, match keys and subject headings.
    RereadRecords,
    /// Schema 12: compute the shelf key of every item again (call number, then enumeration and
    /// copy number), and the records' shelf keys that follow their first item.
    ItemShelfKeys,
}

impl PendingWork {
    /// Every task, in the order they are done (the heading copy before the re-read, which
    /// writes headings of its own; the item shelf keys before the re-read, which gives a record
    /// the key of its first item).
    pub(crate) const ALL: [PendingWork; 4] = [
        PendingWork::MatchKeys,
        PendingWork::SubjectSortKeys,
        PendingWork::ItemShelfKeys,
        PendingWork::RereadRecords,
    ];

    /// The task's name in the `pending_work` table.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PendingWork::MatchKeys => "match_keys",
            PendingWork::SubjectSortKeys => "subject_sort_keys",
            PendingWork::RereadRecords => "reread_records",
            PendingWork::ItemShelfKeys => "item_shelf_keys",
        }
    }
}

/// `pending_work`: the schema 9 table, also made by the earlier migrations that mark work (their
/// hooks run before schema 9's SQL on an old file).
pub(crate) const TABLE: &str = "
-- Work a migration marked for the catalogue to do after the library is open (storage/pending.rs):
-- one row per task, deleted in the transaction that does it.
CREATE TABLE IF NOT EXISTS pending_work (
    task TEXT PRIMARY KEY
) WITHOUT ROWID;
";

/// Marks `task` as due (from a migration hook, inside the migration's transaction).
pub(crate) fn mark(conn: &Connection, task: PendingWork) -> rusqlite::Result<()> {
    conn.execute_batch(TABLE)?;
    conn.execute(
        "INSERT OR IGNORE INTO pending_work (task) VALUES (?1)",
        [task.as_str()],
    )?;
    Ok(())
}

/// The tasks marked as due on `conn`, in [`PendingWork::ALL`] order (none when the table does
/// not exist).
pub(crate) fn pending_work(conn: &Connection) -> Result<Vec<PendingWork>> {
    let exists: bool = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pending_work'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT task FROM pending_work")?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(PendingWork::ALL
        .into_iter()
        .filter(|t| names.iter().any(|n| n == t.as_str()))
        .collect())
}

/// Unmarks `task`: call it in the transaction that did the work.
pub(crate) fn work_done(conn: &Connection, task: PendingWork) -> Result<()> {
    conn.execute("DELETE FROM pending_work WHERE task = ?1", [task.as_str()])?;
    Ok(())
}
