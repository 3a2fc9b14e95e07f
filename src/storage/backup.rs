//! Backups of the library file, taken while it is in use, and the storage half of a restore.
//!
//! A copy of the file made by the file manager while Carrel is open misses the work still in the
//! `-wal` file beside it (committed, but not yet checkpointed into the main file), and a copy
//! taken during a write can be torn. A backup here uses SQLite's online backup API
//! (`sqlite3_backup_*`, rusqlite's `backup` feature) in ONE step, inside a read transaction of
//! the library's own connection: it copies the pages of one committed state, WAL included, while
//! other connections go on writing (in WAL mode readers and writers do not block each other).
//! The backup API rather than `VACUUM INTO` because the same API, run the other way into the open
//! connection, is what a restore needs (it keeps the library's path, and a failure rolls back), so
//! both directions share one mechanism; and because a page copy keeps the file as it was (its
//! page size and free pages), which is what a technician expects of "a copy".
//!
//! The copy is written to a hidden temporary file in the target's folder, checked (`PRAGMA
//! integrity_check` is `ok`, and the counts of records, items, patrons, loans and bibliographies
//! read from the copy equal those read from the library in the same snapshot), flushed to disk
//! and only then renamed over the target: a backup is written whole or not at all.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{check_header, check_schema, migrations, Library, APPLICATION_ID};
use crate::error::{Error, Result};
use crate::timestamp::Timestamp;

/// How long a backup step waits for a lock held by another connection before giving up
/// (the same as the library's busy timeout).
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// What a library file holds, counted: what a backup is checked against and what a restore shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    /// Records not deleted (bibliographic, authority and holdings records).
    pub records: u32,
    /// Items (copies).
    pub items: u32,
    /// Patrons.
    pub patrons: u32,
    /// Loans, open and returned (the loan history).
    pub loans: u32,
    /// Stored bibliographies.
    pub bibliographies: u32,
}

/// The outcome of [`backup`]: the file written and what its check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupReport {
    /// Absolute path of the backup file.
    pub path: String,
    /// Size of the backup file in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// What the backup holds (equal to what the library held when the backup began).
    pub counts: Counts,
    /// `PRAGMA integrity_check` of the copy: `"ok"` for a sound file (always so for a backup that
    /// [`backup`] returns; the safety copy a restore takes of a damaged library may say otherwise).
    pub integrity: String,
}

/// One side of a restore's comparison: a library file's schema and contents.
#[derive(Clone, Debug, Serialize, TS)]
pub struct LibrarySummary {
    /// Absolute path of the file.
    pub path: String,
    /// Its schema version (`PRAGMA user_version`).
    pub schema_version: u32,
    /// What it holds.
    pub counts: Counts,
    /// The latest `updated_at` of its records, items and patrons (RFC 3339 as stored), `None`
    /// when it has none.
    pub newest_change: Option<String>,
}

/// The default file name of a backup taken at `now` (the caller's clock, its own offset):
/// `carrel-backup-YYYY-MM-DD-HHMMSS.sqlite`.
pub fn default_backup_name(now: Timestamp) -> String {
    format!(
        "carrel-backup-{}.sqlite",
        now.as_datetime().format("%Y-%m-%d-%H%M%S")
    )
}

/// `folder/stem.sqlite`, or, when a file of that name is already there (two backups in the same
/// second), `folder/stem-2.sqlite`, `-3`, …: a backup never replaces another one by its default
/// name.
pub fn unused_backup_path(folder: &Path, stem: &str) -> PathBuf {
    let first = folder.join(format!("{stem}.sqlite"));
    if !first.exists() {
        return first;
    }
    (2u32..)
        .map(|n| folder.join(format!("{stem}-{n}.sqlite")))
        .find(|p| !p.exists())
        .expect("a free name")
}

/// The default backups folder: `backups` beside the library file.
pub fn default_backups_folder(library: &Path) -> PathBuf {
    library
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Takes a consistent, checked copy of `lib` while it is in use (other connections may write
/// meanwhile; the copy holds every change committed before it began, those in the `-wal` file
/// included). `target` is the file to write, or an existing folder, in which the file is named
/// [`default_backup_name`] of `now`. An existing file of that name is replaced, but only by a
/// copy that passed its check.
///
/// Errors: [`Error::Damaged`] when the library was found damaged at opening (nothing is
/// written); [`Error::NotFound`] when the target's folder does not exist; [`Error::InvalidInput`]
/// when the target is the library file itself; [`Error::Io`] when the folder cannot be written
/// (nothing is left in it); [`Error::Database`] when the copy fails its check (then nothing is
/// written either).
pub fn backup(lib: &Library, target: &Path, now: Timestamp) -> Result<BackupReport> {
    if let Some(why) = lib.damaged() {
        // A copy of the damage would take a place among the generations kept and push a sound
        // backup out.
        return Err(Error::Damaged(format!(
            "no backup was taken: a backup of a damaged library is no backup. {why}"
        )));
    }
    backup_checked(lib, target, now, true)
}

/// [`backup`], with `require_sound` false for the safety copy a restore takes first: a damaged
/// library is still copied as it is (its report says what the check found) rather than blocking
/// the restore that would mend it.
pub(crate) fn backup_checked(
    lib: &Library,
    target: &Path,
    now: Timestamp,
    require_sound: bool,
) -> Result<BackupReport> {
    let target = if target.is_dir() {
        let name = default_backup_name(now);
        unused_backup_path(target, name.trim_end_matches(".sqlite"))
    } else {
        target.to_path_buf()
    };
    // As for every file Carrel writes (output::Output): a file this user may not write is not
    // replaced.
    if target.is_file()
        && std::fs::OpenOptions::new()
            .write(true)
            .open(&target)
            .is_err()
    {
        return Err(Error::InvalidInput(format!(
            "{} is read-only: Carrel does not replace a file it may not write; \
             choose another name, or make the file writable first",
            target.display()
        )));
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(Error::NotFound(format!(
            "the folder {} does not exist",
            folder.display()
        )));
    }
    if let Ok(t) = std::fs::canonicalize(&target) {
        if t == lib.path() {
            return Err(Error::InvalidInput(format!(
                "{} is the library itself: choose another file or folder for the backup",
                target.display()
            )));
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".carrel-backup-").suffix(".part");
    // tempfile makes 0600 files; a backup is a file like an export: asking for 0666 lets the
    // umask decide its mode (src/output.rs).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder
        .tempfile_in(&folder)
        .map_err(|e| Error::io(format!("cannot write a backup in {}", folder.display()), e))?;
    let mut copy = Connection::open(tmp.path())?;
    // One read transaction on the library's connection: the counts and the pages copied come
    // from the same committed state, whatever other connections write meanwhile.
    // Counting a damaged library (the safety copy of a restore) may stop at its damage: what can
    // be counted is reported, and nothing is compared.
    let count = |conn: &Connection| {
        if require_sound {
            count(conn)
        } else {
            Ok(count_what_can_be_read(conn))
        }
    };
    let counts = {
        let tx = lib.conn().unchecked_transaction()?;
        let counts = count(&tx)?;
        copy_all(&tx, &mut copy)?;
        tx.rollback()?;
        counts
    };
    // A backup is one self-contained file: no `-wal` beside it.
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let integrity = match integrity_of(&copy) {
        Err(e) if !require_sound => e.to_string(),
        other => other?,
    };
    let copied = count(&copy)?;
    copy.close().map_err(|(_, e)| e)?;
    if require_sound && integrity != "ok" {
        return Err(Error::InvalidInput(format!(
            "the backup failed its check (integrity: {integrity}); nothing was written. \
             Run `carrel check` on the library"
        )));
    }
    if require_sound && copied != counts {
        return Err(Error::InvalidInput(format!(
            "the backup does not hold what the library holds ({copied:?} against {counts:?}); nothing was written"
        )));
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("cannot write {}", tmp.path().display()), e))?;
    tmp.persist(&target)
        .map_err(|e| Error::io(format!("cannot write {}", target.display()), e.error))?;
    let bytes = std::fs::metadata(&target)
        .map_err(|e| Error::io(format!("cannot read {}", target.display()), e))?
        .len();
    let path = std::fs::canonicalize(&target).unwrap_or(target);
    Ok(BackupReport {
        path: path.display().to_string(),
        bytes,
        counts,
        integrity,
    })
}

/// How many backups [`prune_backups`] keeps: the newest of each of the last `daily` days, `weekly`
/// ISO weeks and `monthly` months that have a backup (a backup may count for all three). The
/// newest backup is always kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Generations {
    /// Days, newest first, of which the newest backup is kept.
    pub daily: u32,
    /// ISO 8601 weeks, likewise.
    pub weekly: u32,
    /// Calendar months, likewise.
    pub monthly: u32,
}

impl Default for Generations {
    /// 7 daily, 4 weekly, 12 monthly.
    fn default() -> Self {
        Generations {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// Removes from `folder` the backups [`backup`] named by default
/// (`carrel-backup-YYYY-MM-DD-HHMMSS.sqlite`) that `keep` does not keep; other files, the safety
/// copies a restore takes (`carrel-before-restore-…`) included, are never touched. Returns the
/// paths removed, oldest first.
///
/// Errors: [`Error::Io`] when the folder cannot be read or a file cannot be removed (those
/// removed before stay removed).
pub fn prune_backups(folder: &Path, keep: Generations) -> Result<Vec<PathBuf>> {
    use chrono::Datelike;
    let backups = dated_backups(folder)?;
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    let mut months = Vec::new();
    let mut removed = Vec::new();
    for (i, (at, path)) in backups.iter().enumerate().rev() {
        let d = at.date();
        let mut kept = i + 1 == backups.len();
        let mut bucket = |seen: &mut Vec<(i32, u32)>, key: (i32, u32), limit: u32| {
            if !seen.contains(&key) && seen.len() < limit as usize {
                seen.push(key);
                kept = true;
            }
        };
        bucket(&mut days, (d.year(), d.ordinal()), keep.daily);
        bucket(
            &mut weeks,
            (d.iso_week().year(), d.iso_week().week()),
            keep.weekly,
        );
        bucket(&mut months, (d.year(), d.month()), keep.monthly);
        if !kept {
            removed.push(path.clone());
        }
    }
    removed.reverse();
    for path in &removed {
        std::fs::remove_file(path)
            .map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?;
    }
    Ok(removed)
}

/// The backups in `folder` that [`backup`] named by default
/// (`carrel-backup-YYYY-MM-DD-HHMMSS.sqlite`), oldest first (by the time in the name). Other
/// files, the safety copies a restore takes included, are not listed.
///
/// Errors: [`Error::Io`] when the folder cannot be read (a folder that does not exist included).
pub fn list_backups(folder: &Path) -> Result<Vec<PathBuf>> {
    Ok(dated_backups(folder)?.into_iter().map(|(_, p)| p).collect())
}

fn dated_backups(folder: &Path) -> Result<Vec<(chrono::NaiveDateTime, PathBuf)>> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| Error::io(format!("cannot read folder {}", folder.display()), e))?;
    let mut backups: Vec<(chrono::NaiveDateTime, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stamp = name
                .strip_prefix("carrel-backup-")?
                .strip_suffix(".sqlite")?;
            // `YYYY-MM-DD-HHMMSS`, then `-N` for a second backup in the same second.
            let stamp = stamp.get(..17)?;
            let at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d-%H%M%S").ok()?;
            Some((at, e.path()))
        })
        .collect();
    backups.sort();
    Ok(backups)
}

/// Writes the work in the `-wal` file into the library file and empties the `-wal`
/// (`PRAGMA wal_checkpoint(TRUNCATE)`), so that the main file alone is current: what the window
/// does when idle and on close. Returns whether the checkpoint was complete (false when another
/// connection's reading or writing held part of it back; the rest is done next time).
pub fn checkpoint(lib: &Library) -> Result<bool> {
    // Nothing is written into a damaged library, not even its own log.
    if lib.is_read_only() || lib.damaged().is_some() {
        return Ok(true);
    }
    let busy: i64 = lib
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// What the library holds now, for the restore comparison. Of a library found damaged at
/// opening, what can still be read (a table whose damage stops the count counts 0).
pub fn summarize(lib: &Library) -> Result<LibrarySummary> {
    if lib.damaged().is_some() {
        let conn = lib.conn();
        return Ok(LibrarySummary {
            path: lib.path().display().to_string(),
            schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            counts: count_what_can_be_read(conn),
            newest_change: conn
                .query_row("SELECT max(updated_at) FROM records", [], |r| r.get(0))
                .unwrap_or(None),
        });
    }
    summary_of(lib.conn(), lib.path())
}

/// Opens a backup file for reading and checks that it can be restored into this build's
/// library: a SQLite file, a Carrel library (its `application_id`, a schema version above 0),
/// not newer than this build, and sound (`PRAGMA integrity_check` is `ok`). Writes nothing.
///
/// Errors: [`Error::NotFound`] for a missing file; [`Error::NotALibrary`] for a file that is not
/// a Carrel library; [`Error::NewerLibrary`] for a newer schema; [`Error::InvalidInput`] for a
/// damaged file.
pub fn open_backup(file: &Path) -> Result<(Connection, LibrarySummary)> {
    if !file.is_file() {
        return Err(Error::NotFound(format!(
            "no backup file {}",
            file.display()
        )));
    }
    check_header(file)?;
    let conn = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // The header names a Carrel library (application id at bytes 68–71, SQLite file format) even
    // when the rest of the file is cut short: such a file is a damaged backup, not a stranger.
    let says_carrel = {
        let mut head = [0u8; 72];
        std::fs::File::open(file)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
            && head[68..72] == APPLICATION_ID.to_be_bytes()
    };
    let not_a_library = || {
        if says_carrel {
            Error::InvalidInput(format!(
                "the backup {} is damaged or incomplete (cut short?): it cannot be read; nothing was changed",
                file.display()
            ))
        } else {
            Error::NotALibrary(format!(
                "{} is not a Carrel library; nothing was changed",
                file.display()
            ))
        }
    };
    // A file SQLite cannot read at all ("file is not a database") is not a library either.
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| not_a_library())?;
    check_schema(&conn, file)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID || version <= 0 {
        return Err(not_a_library());
    }
    // A file too damaged for the check to finish is as damaged as one the check finds fault with.
    let integrity = integrity_of(&conn).unwrap_or_else(|e| e.to_string());
    if integrity != "ok" {
        return Err(Error::InvalidInput(format!(
            "the backup {} is damaged (integrity check: {integrity}); nothing was changed",
            file.display()
        )));
    }
    let path = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let summary = summary_of(&conn, &path)?;
    Ok((conn, summary))
}

/// Copies a checked backup (from [`open_backup`]) into a temporary file in the library's folder
/// and brings its schema up to date there, so that neither the backup file nor the library is
/// touched before the copy is known to be good. The page size is made the library's (the backup
/// API cannot copy between page sizes into a WAL file).
pub(crate) fn stage_restore(
    lib: &Library,
    backup: &Connection,
) -> Result<(tempfile::NamedTempFile, Connection)> {
    let folder = lib
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let tmp = tempfile::Builder::new()
        .prefix(".carrel-restore-")
        .suffix(".part")
        .tempfile_in(&folder)
        .map_err(|e| Error::io(format!("cannot write in {}", folder.display()), e))?;
    let mut staged = Connection::open(tmp.path())?;
    copy_all(backup, &mut staged)?;
    staged.pragma_update(None, "journal_mode", "DELETE")?;
    staged.pragma_update(None, "foreign_keys", "ON")?;
    migrations::migrations().to_latest(&mut staged)?;
    let ours: i64 = lib.conn().query_row("PRAGMA page_size", [], |r| r.get(0))?;
    let theirs: i64 = staged.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    if ours != theirs {
        staged.pragma_update(None, "page_size", ours)?;
        staged.execute_batch("VACUUM")?;
    }
    let integrity = integrity_of(&staged)?;
    if integrity != "ok" {
        return Err(Error::InvalidInput(format!(
            "the backup could not be made ready to restore (integrity check: {integrity}); nothing was changed"
        )));
    }
    Ok((tmp, staged))
}

/// Replaces the library's whole content with `staged`'s, through the open connection (the
/// library keeps its path; one write transaction: a failure leaves it as it was).
pub(crate) fn replace_content(lib: &mut Library, staged: &Connection) -> Result<()> {
    copy_all(staged, lib.conn_mut())
}

/// Copies every page of `from` into `to` in one step (one consistent state), waiting up to
/// [`LOCK_WAIT`] for locks other connections hold.
fn copy_all(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Busy or Locked (another connection holds a lock): wait and try again.
            _ => {
                if started.elapsed() > LOCK_WAIT {
                    return Err(Error::Database(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    )));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// `PRAGMA integrity_check`, its lines joined by "; " (`"ok"` for a sound file; at most 100 lines).
pub(crate) fn integrity_of(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(100)")?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.join("; "))
}

/// Whether `table` exists (an older schema may lack it).
fn has_table(conn: &Connection, table: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)",
        [table],
        |r| r.get(0),
    )?)
}

/// The counts of a library file, of any schema version (a table it lacks counts 0).
pub(crate) fn count(conn: &Connection) -> Result<Counts> {
    let n = |table: &str, filter: &str| -> Result<u32> {
        if !has_table(conn, table)? {
            return Ok(0);
        }
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {table} {filter}"), [], |r| {
                r.get(0)
            })?,
        )
    };
    let live = if has_column(conn, "records", "deleted_at")? {
        "WHERE deleted_at IS NULL"
    } else {
        ""
    };
    Ok(Counts {
        records: n("records", live)?,
        items: n("items", "")?,
        patrons: n("patrons", "")?,
        loans: n("loans", "")?,
        bibliographies: n("bibliographies", "")?,
    })
}

/// [`count`] of a file that may be damaged: a table whose damage stops the count counts 0.
fn count_what_can_be_read(conn: &Connection) -> Counts {
    let n = |table: &str, filter: &str| -> u32 {
        conn.query_row(&format!("SELECT count(*) FROM {table} {filter}"), [], |r| {
            r.get(0)
        })
        .unwrap_or(0)
    };
    Counts {
        records: n("records", "WHERE deleted_at IS NULL"),
        items: n("items", ""),
        patrons: n("patrons", ""),
        loans: n("loans", ""),
        bibliographies: n("bibliographies", ""),
    }
}

fn has_column(conn: &Connection, table: &str, column: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)",
        [table, column],
        |r| r.get(0),
    )?)
}

fn summary_of(conn: &Connection, path: &Path) -> Result<LibrarySummary> {
    let schema_version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // The newest change to records, items or patrons (their `updated_at`, RFC 3339, compared by
    // instant): a backup must never look as new as a library whose desk has changed since.
    let mut newest: Option<(f64, String)> = None;
    for table in ["records", "items", "patrons"] {
        if !has_table(conn, table)? {
            continue;
        }
        let row: Option<(f64, String)> = conn
            .query_row(
                &format!(
                    "SELECT julianday(updated_at), updated_at FROM {table}
                     WHERE julianday(updated_at) IS NOT NULL
                     ORDER BY julianday(updated_at) DESC LIMIT 1"
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some(row) = row {
            if newest.as_ref().is_none_or(|n| row.0 > n.0) {
                newest = Some(row);
            }
        }
    }
    let newest_change = newest.map(|(_, text)| text);
    Ok(LibrarySummary {
        path: path.display().to_string(),
        schema_version,
        counts: count(conn)?,
        newest_change,
    })
}

/// Where the window's backups go and how many it keeps: library settings (keys `backup_folder`
/// and `backup_generations`), so that they travel with the library file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupSettings {
    /// The backups folder, absolute: the one set, else [`default_backups_folder`].
    pub folder: String,
    /// Whether `folder` is the default (none was set).
    pub folder_is_default: bool,
    /// The generations [`prune_backups`] keeps after each backup.
    pub generations: Generations,
}

/// The most generations of one kind that may be kept (a decade of monthly backups).
const MAX_GENERATIONS: u32 = 120;

fn setting(lib: &Library, key: &str) -> Result<Option<String>> {
    Ok(lib
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn set_setting(lib: &mut Library, key: &str, value: Option<&str>) -> Result<()> {
    let tx = lib.immediate()?;
    match value {
        Some(v) => tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, v],
        )?,
        None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
    };
    tx.commit()?;
    Ok(())
}

/// The library's backup settings; defaults ([`default_backups_folder`], [`Generations::default`])
/// for those not set or not readable.
pub fn backup_settings(lib: &Library) -> Result<BackupSettings> {
    let folder = setting(lib, "backup_folder")?.filter(|f| !f.is_empty());
    let generations = setting(lib, "backup_generations")?
        .and_then(|g| serde_json::from_str(&g).ok())
        .unwrap_or_default();
    Ok(BackupSettings {
        folder_is_default: folder.is_none(),
        folder: folder.unwrap_or_else(|| default_backups_folder(lib.path()).display().to_string()),
        generations,
    })
}

/// Sets the backups folder (`None`: back to the default beside the library). The folder is not
/// required to exist now (a USB stick may be unplugged); a backup says so when it does not.
///
/// Errors: [`Error::InvalidInput`] for a relative path.
pub fn set_backup_folder(lib: &mut Library, folder: Option<&Path>) -> Result<BackupSettings> {
    if let Some(f) = folder {
        if !f.is_absolute() {
            return Err(Error::InvalidInput(format!(
                "the backups folder {} is not an absolute path",
                f.display()
            )));
        }
    }
    let text = folder.map(|f| f.display().to_string());
    set_setting(lib, "backup_folder", text.as_deref())?;
    backup_settings(lib)
}

/// Sets how many daily, weekly and monthly backups are kept.
///
/// Errors: [`Error::InvalidInput`] when a count is above 120, or all three are 0 (the newest
/// backup is always kept, but a setting of nothing at all is a mistake).
pub fn set_backup_generations(lib: &mut Library, keep: Generations) -> Result<BackupSettings> {
    for (n, what) in [
        (keep.daily, "daily"),
        (keep.weekly, "weekly"),
        (keep.monthly, "monthly"),
    ] {
        if n > MAX_GENERATIONS {
            return Err(Error::InvalidInput(format!(
                "{n} {what} backups: at most {MAX_GENERATIONS}"
            )));
        }
    }
    if keep.daily + keep.weekly + keep.monthly == 0 {
        return Err(Error::InvalidInput(
            "keep at least one daily, weekly or monthly backup".into(),
        ));
    }
    let text = serde_json::to_string(&keep).map_err(|e| Error::InvalidInput(e.to_string()))?;
    set_setting(lib, "backup_generations", Some(&text))?;
    backup_settings(lib)
}

/// A backup that was written: when (RFC 3339, the caller's clock) and what its check found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LastBackup {
    /// When it was taken (RFC 3339 with offset).
    pub at: String,
    /// Whether the window took it by itself (on close, daily) rather than on "Back up now".
    pub automatic: bool,
    /// The file written and its check.
    pub report: BackupReport,
}

/// A backup that failed: when, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupFailure {
    /// When it was attempted (RFC 3339 with offset).
    pub at: String,
    /// Whether the window attempted it by itself.
    pub automatic: bool,
    /// Why it failed, for a person to read.
    pub message: String,
}

/// The last successful backup, and the failure of the last attempt when it failed (`None` once a
/// later backup succeeds). Stored in the library (setting `backup_status`, JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupStatus {
    /// The last backup written, if any.
    pub last: Option<LastBackup>,
    /// Why the last attempt failed, when it did.
    pub failure: Option<BackupFailure>,
}

/// The stored [`BackupStatus`]; empty when none was stored (or it cannot be read).
pub fn backup_status(lib: &Library) -> Result<BackupStatus> {
    Ok(setting(lib, "backup_status")?
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

/// Stores `status` (one write transaction).
pub fn set_backup_status(lib: &mut Library, status: &BackupStatus) -> Result<()> {
    let text = serde_json::to_string(status).map_err(|e| Error::InvalidInput(e.to_string()))?;
    set_setting(lib, "backup_status", Some(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_settings_and_status_are_kept_in_the_library() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.sqlite");
        let mut lib = Library::open(&path).unwrap();
        let s = backup_settings(&lib).unwrap();
        assert!(s.folder_is_default);
        assert_eq!(PathBuf::from(&s.folder), dir.path().join("backups"));
        assert_eq!(s.generations, Generations::default());

        let usb = dir.path().join("usb");
        let keep = Generations {
            daily: 3,
            weekly: 0,
            monthly: 24,
        };
        set_backup_folder(&mut lib, Some(&usb)).unwrap();
        let s = set_backup_generations(&mut lib, keep).unwrap();
        assert_eq!(
            (s.folder.as_str(), s.folder_is_default),
            (usb.to_str().unwrap(), false)
        );
        assert_eq!(s.generations, keep);
        assert!(set_backup_folder(&mut lib, Some(Path::new("relative"))).is_err());
        for bad in [(0, 0, 0), (121, 4, 12)] {
            let g = Generations {
                daily: bad.0,
                weekly: bad.1,
                monthly: bad.2,
            };
            assert!(set_backup_generations(&mut lib, g).is_err(), "{g:?}");
        }

        assert_eq!(backup_status(&lib).unwrap(), BackupStatus::default());
        let status = BackupStatus {
            last: None,
            failure: Some(BackupFailure {
                at: "2026-12-07T11:30:00+01:00".into(),
                automatic: true,
                message: "the folder does not exist".into(),
            }),
        };
        set_backup_status(&mut lib, &status).unwrap();
        drop(lib);
        let lib = Library::open(&path).unwrap();
        assert_eq!(backup_status(&lib).unwrap(), status);
        assert_eq!(backup_settings(&lib).unwrap().generations, keep);
    }

    #[test]
    fn pruning_keeps_daily_weekly_and_monthly_generations_and_nothing_else_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        // Two backups a day (09:00 and 17:00) for 120 days.
        for n in 0..120 {
            let d = start + chrono::Days::new(n);
            for h in [9, 17] {
                let name = format!("carrel-backup-{}-{h:02}0000.sqlite", d.format("%Y-%m-%d"));
                std::fs::write(dir.path().join(name), b"x").unwrap();
            }
        }
        for other in [
            "carrel-before-restore-2026-01-01-090000.sqlite",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(other), b"x").unwrap();
        }
        let removed = prune_backups(dir.path(), Generations::default()).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(left.len() + removed.len(), 242);
        // The last 7 days' evening backups (2026-04-24 … 2026-04-30).
        for day in 24..=30 {
            assert!(left.contains(&format!("carrel-backup-2026-04-{day}-170000.sqlite")));
        }
        assert!(!left.contains(&"carrel-backup-2026-04-30-090000.sqlite".to_string()));
        // Weeks: the newest of the 4 latest ISO weeks (Sundays 04-26, 04-19, 04-12; 04-30 is kept
        // as a day and counts for its week).
        for day in ["04-19", "04-12"] {
            assert!(left.contains(&format!("carrel-backup-2026-{day}-170000.sqlite")));
        }
        // Months: the last backup of January, February and March.
        for day in ["01-31", "02-28", "03-31"] {
            assert!(left.contains(&format!("carrel-backup-2026-{day}-170000.sqlite")));
        }
        assert!(left.contains(&"carrel-before-restore-2026-01-01-090000.sqlite".to_string()));
        assert!(left.contains(&"notes.txt".to_string()));
        assert_eq!(left.len(), 7 + 2 + 3 + 2, "{left:?}");
        // Pruning again removes nothing.
        assert!(prune_backups(dir.path(), Generations::default())
            .unwrap()
            .is_empty());
    }
}
