//! A library is one SQLite file: WAL journal, foreign keys on, a busy timeout, and schema
//! migrations (rusqlite_migration, tracked in `PRAGMA user_version`) run in one transaction at open.
//!
//! A file written by a newer Carrel (a higher schema version than this build knows) is refused
//! before anything is written to it, and so is a SQLite file that belongs to another program.
//! An upgrade that needs more than SQL (reading records again) is marked as pending work
//! (`pending.rs`) and done after the library is open.

pub mod backup;
mod migrations;
pub(crate) mod pending;

#[cfg(test)]
pub(crate) use migrations::{count as migrations_count, migrate_to};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// `PRAGMA application_id` of a Carrel library: "CARL" in ASCII. Lets Carrel tell its own files
/// from other SQLite databases (SQLite file format, offset 68).
pub const APPLICATION_ID: i32 = 0x4341_524C;

/// Environment variable that names the library file when `--library` is not given.
pub const LIBRARY_ENV: &str = "CARREL_LIBRARY";

/// An open library file.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// What the check at opening (or the background check) found (`None`: sound, or too large
    /// to check at opening and not checked since).
    damaged: Option<Damage>,
    /// Whether the check at opening was skipped because the file is larger than
    /// [`QUICK_CHECK_MAX_BYTES`] (see [`Library::unchecked`]).
    unchecked: bool,
}

/// A library found damaged by `PRAGMA quick_check` (at opening, or by [`check_for_damage`] in
/// the background): what was found and which backup to restore. Crosses IPC for the window's
/// banner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Damage {
    /// What `PRAGMA quick_check` reported, its lines joined by "; " (at most 300 characters).
    pub found: String,
    /// Absolute path of the newest backup in the library's backups folder, `None` when there is
    /// none.
    pub newest_backup: Option<String>,
    /// The backups folder looked in: the library's setting, else `backups` beside it.
    pub backups_folder: String,
    /// The message every refused write gives ([`Error::Damaged`]): the above in a sentence,
    /// with the `carrel restore` command and Settings → Backups → Restore….
    pub message: String,
}

/// What the window's sidebar shows about the open library.
#[derive(Clone, Debug, Serialize, TS)]
pub struct LibraryInfo {
    /// Absolute path of the library file.
    pub path: String,
    /// Number of bibliographic (and authority/holdings) records stored, not counting deleted ones.
    pub records: u32,
    /// Records with characters that could not be decoded (shown as U+FFFD).
    pub undecoded: u32,
    /// The schema version of the file (`PRAGMA user_version`).
    pub schema_version: u32,
}

/// The default library file: `<platform data dir>/carrel/library.sqlite`
/// (`~/.local/share/carrel/library.sqlite` on Linux). `None` when the platform has no data dir.
pub fn default_library_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("carrel").join("library.sqlite"))
}

/// Chooses the library file: the explicit path if given, else `$CARREL_LIBRARY`, else
/// [`default_library_path`]. The flag says whether the default location was chosen.
pub fn resolve_library_path(explicit: Option<&Path>) -> Result<(PathBuf, bool)> {
    if let Some(p) = explicit {
        return Ok((p.to_path_buf(), false));
    }
    if let Some(p) = std::env::var_os(LIBRARY_ENV).filter(|v| !v.is_empty()) {
        return Ok((PathBuf::from(p), false));
    }
    default_library_path().map(|p| (p, true)).ok_or_else(|| {
        Error::InvalidInput("no data directory on this system: give --library FILE".into())
    })
}

/// Who is making a change, for record history (`record_versions.changed_by`) and merges: the
/// operating-system user name (`$USER`, else `$USERNAME` on Windows), `"unknown"` when neither
/// is set. The command line and the window both record this name.
pub fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Library {
    /// Opens (or creates) the library at `path` (its folder must exist) and brings its schema up
    /// to date in one transaction. A file this user may not write is opened read-only.
    ///
    /// Only a path that does not exist becomes a new library.
    ///
    /// Errors: [`Error::NotALibrary`] for a file that is not SQLite, is empty (zero bytes), is
    /// another program's database or has a negative schema version (damaged); [`Error::NewerLibrary`] when the file's schema is newer than this build (the file
    /// is not modified); [`Error::NotFound`] when the folder does not exist.
    pub fn open(path: &Path) -> Result<Library> {
        if let Some(parent) = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
        {
            return Err(Error::NotFound(format!(
                "the folder {} does not exist",
                parent.display()
            )));
        }
        check_header(path)?;
        if path.exists() && !writable(path) {
            return Library::open_read_only(path);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Checks that only read come first, so that a refused file is left byte for byte as it was.
        check_schema(&conn, path)?;
        conn.busy_handler(Some(wait_for_the_writer))?;
        let size = library_bytes(path);
        let unchecked = size > QUICK_CHECK_MAX_BYTES;
        let found = if unchecked { None } else { quick_check(&conn)? };
        if let Some(found) = found {
            // Writing into damaged pages spreads the damage (SQLite may reuse a page that two
            // tables claim). The file stays open for reading, checking and restoring a backup into.
            let damage = damage_of(&conn, path, &found);
            let conn = reading_only(conn, path);
            let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            return Ok(Library {
                conn,
                path,
                read_only: false,
                damaged: Some(damage),
                unchecked: false,
            });
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut conn = conn;
        migrations::migrations().to_latest(&mut conn)?;
        let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(Library {
            conn,
            path,
            read_only: false,
            damaged: None,
            unchecked,
        })
    }

    /// A library file this user may not write (a backup, a read-only share): opened for reading
    /// only, so that it can be searched and exported. Its schema must be this build's.
    /// [`Library::open`] chooses this by itself for a file it may not write; calling it directly
    /// opens any library read-only (also for root, who may write every file).
    ///
    /// Changes committed but still in the `-wal` file beside it are read too (SQLite's
    /// `mode=ro`, which needs to create or find the `-shm` file). Only when that cannot work and
    /// there is no `-wal` content (a read-only folder holding the file alone) is the file read as
    /// unchanging (`immutable=1`), which then loses nothing.
    ///
    /// Errors: [`Error::NotALibrary`] and [`Error::NewerLibrary`] as [`Library::open`] (an empty
    /// file is "empty"); [`Error::InvalidInput`] for a library that needs upgrading (which needs
    /// writing) and for one whose `-wal` holds changes that cannot be read in a read-only folder;
    /// [`Error::Database`] for a file SQLite cannot open.
    pub fn open_read_only(path: &Path) -> Result<Library> {
        check_header(path)?;
        let conn = match open_ro(path, false).and_then(|c| check_schema(&c, path).map(|()| c)) {
            Ok(conn) => conn,
            // SQLite could not set up reading the write-ahead log (no `-shm` and a folder it may
            // not write): with nothing in the log the file alone is the whole library.
            Err(Error::Database(e)) if cannot_share(&e) && !wal_has_data(path) => {
                let conn = open_ro(path, true)?;
                check_schema(&conn, path)?;
                conn
            }
            Err(Error::Database(e)) if cannot_share(&e) => {
                return Err(Error::InvalidInput(format!(
                    "{} cannot be opened read-only here: changes saved to it are still in {}-wal beside \
                     it, and SQLite cannot read them from a folder this user may not write ({e}). \
                     Open it where it can be written (Carrel then folds the changes into the file), \
                     or copy the library together with its -wal file to a folder you may write.",
                    path.display(),
                    path.file_name().unwrap_or_default().to_string_lossy(),
                )))
            }
            Err(e) => return Err(e),
        };
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        // An upgrade whose work was interrupted (pending_work not empty) leaves the schema at this
        // build's version but the catalogue's index half made: as unusable read-only as an old file.
        if version < migrations::count() || !pending::pending_work(&conn)?.is_empty() {
            return Err(Error::InvalidInput(format!(
                "{} is read-only and was written by an older Carrel: it needs upgrading, which needs write access",
                path.display()
            )));
        }
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        Ok(Library {
            conn,
            path,
            read_only: true,
            damaged: None,
            unchecked: false,
        })
    }

    /// Whether the library was opened read-only (the file is not writable by this user).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Why the library is refused writes when its check at opening ([`Library::open`]) found it
    /// damaged: what the check found, to restore a backup, and the newest backup in its backups
    /// folder. `None` for a sound file (and one too large to check at opening, until the check
    /// in the background finds it damaged: [`Library::refuse_writes`]).
    pub fn damaged(&self) -> Option<&str> {
        self.damaged.as_ref().map(|d| d.message.as_str())
    }

    /// [`Library::damaged`] with its parts (what was found, the newest backup), for the window's
    /// banner.
    pub fn damage(&self) -> Option<&Damage> {
        self.damaged.as_ref()
    }

    /// Whether the check at opening was skipped because the file (with its `-wal`) is larger
    /// than [`QUICK_CHECK_MAX_BYTES`]: then the caller runs [`check_for_damage`] on a thread of
    /// its own and gives what it finds to [`Library::refuse_writes`]. False for a library checked
    /// at opening, found damaged, or opened read-only.
    pub fn unchecked(&self) -> bool {
        self.unchecked && self.damaged.is_none() && !self.read_only
    }

    /// From now on every write is refused with [`Error::Damaged`] (the connection becomes
    /// read-only): what [`check_for_damage`] found in the background for a library too large to
    /// check at opening. A restore lifts it, as for damage found at opening.
    pub fn refuse_writes(&mut self, damage: Damage) {
        self.unchecked = false;
        self.mark_damaged(damage);
    }

    /// After a restore replaced the whole content with a checked backup's: the library is sound
    /// and may be written again.
    pub(crate) fn mark_sound(&mut self) -> Result<()> {
        if self.conn.is_readonly(rusqlite::MAIN_DB)? {
            let conn = Connection::open_with_flags(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_handler(Some(wait_for_the_writer))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            self.conn = conn;
        }
        self.conn.pragma_update(None, "query_only", false)?;
        self.damaged = None;
        Ok(())
    }

    /// Back to refusing writes, when a restore into a damaged library failed.
    pub(crate) fn mark_damaged(&mut self, damage: Damage) {
        match open_ro(&self.path, false) {
            // As in `reading_only`: the old connection closes after the read-only one opened.
            Ok(ro) => self.conn = ro,
            Err(_) => {
                let _ = self.conn.pragma_update(None, "query_only", true);
            }
        }
        self.damaged = Some(damage);
    }

    /// The damage found, taken as it is (a restore puts it back when it fails).
    pub(crate) fn damage_found(&self) -> Option<Damage> {
        self.damaged.clone()
    }

    /// The library file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for the core's own modules.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Starts a transaction that may write: `BEGIN IMMEDIATE`, so that the write lock is taken
    /// at once (waiting up to the busy timeout for another writer) rather than failing with
    /// "database is locked" when a read in a deferred transaction turns into a write. Every
    /// writing transaction of the core starts here (docs/architecture.md).
    ///
    /// Errors: [`Error::Damaged`] for a library found damaged (at opening or in the background).
    pub(crate) fn immediate(&mut self) -> Result<rusqlite::Transaction<'_>> {
        if let Some(damage) = &self.damaged {
            return Err(Error::Damaged(damage.message.clone()));
        }
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// Counts for the sidebar.
    pub fn info(&self) -> Result<LibraryInfo> {
        let (records, undecoded): (u32, u32) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(undecoded), 0) FROM records WHERE deleted_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let schema_version: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(LibraryInfo {
            path: self.path.display().to_string(),
            records,
            undecoded,
            schema_version,
        })
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// The largest library file checked (`PRAGMA quick_check`) at every opening: 200 MB. A
/// 1,000-record library checks in a few milliseconds and a 100 MB one in well under a second
/// (docs/architecture.md); a larger file is not checked at opening ([`Library::unchecked`]): the
/// window checks it in the background ([`check_for_damage`]), `carrel check` checks it.
pub const QUICK_CHECK_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Bytes of the library file and its `-wal`.
fn library_bytes(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    size(path) + size(Path::new(&wal))
}

/// `PRAGMA quick_check` of the library file at `path`, whatever its size, on a read-only
/// connection of its own, so that it never holds up the connection in use (WAL readers do not
/// wait for writers, nor writers for them). For a library that [`Library::unchecked`] says was
/// not checked at opening: run it on a thread of its own and give what it finds to
/// [`Library::refuse_writes`]. `Ok(None)` when the file is sound.
///
/// Errors: [`Error::Database`] when SQLite cannot open or read the file for another reason than
/// damage (damage itself, "database disk image is malformed" included, is `Ok(Some(_))`).
pub fn check_for_damage(path: &Path) -> Result<Option<Damage>> {
    let conn = open_ro(path, false)?;
    Ok(quick_check(&conn)?.map(|found| damage_of(&conn, path, &found)))
}

/// `PRAGMA quick_check` on `conn`: `None` when it is sound, else what the check found. A check
/// that SQLite stops with "database disk image is malformed" is damage too.
fn quick_check(conn: &Connection) -> Result<Option<String>> {
    let found = conn.prepare("PRAGMA quick_check(20)").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match found {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(None),
        Ok(lines) => Ok(Some(lines.join("; "))),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            Ok(Some(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

/// A damaged library's [`Damage`]: what was found, and the newest backup in its backups folder
/// (the one its settings name, else `backups` beside it).
fn damage_of(conn: &Connection, path: &Path, found: &str) -> Damage {
    // The settings table may be among the damaged pages: then the default folder.
    let folder = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'backup_folder' AND value <> ''",
            [],
            |r| r.get::<_, String>(0),
        )
        .map(PathBuf::from)
        .unwrap_or_else(|_| backup::default_backups_folder(path));
    let found: String = if found.chars().count() > 300 {
        found.chars().take(300).chain("…".chars()).collect()
    } else {
        found.to_string()
    };
    let newest = backup::list_backups(&folder).ok().and_then(|mut b| b.pop());
    let newest_backup = newest.as_ref().map(|b| {
        std::fs::canonicalize(b)
            .unwrap_or_else(|_| b.clone())
            .display()
            .to_string()
    });
    let restore = match &newest {
        Some(b) => format!(
            "Restore a backup: the newest is {} (`carrel restore {}`, or Settings → Backups → Restore…).",
            b.display(),
            b.display()
        ),
        None => format!(
            "Restore a backup (`carrel restore FILE`, or Settings → Backups → Restore…); none was found in {}.",
            folder.display()
        ),
    };
    let message = format!(
        "{} is damaged ({found}): Carrel does not write into it, so that the damage does not spread; it can still be searched, exported and checked (`carrel check`). {restore}",
        path.display()
    );
    Damage {
        found,
        newest_backup,
        backups_folder: folder.display().to_string(),
        message,
    }
}

/// The connection of a damaged library: one opened read-only (`mode=ro`), so that nothing at all
/// is written into the file (not even the checkpoint a closing read-write connection does) while
/// reading still works, temporary tables included (the search's facets use one, which
/// `PRAGMA query_only` refuses). When a read-only connection cannot be opened, `conn` itself
/// with `query_only`.
fn reading_only(conn: Connection, path: &Path) -> Connection {
    // Opened before `conn` closes, so that `conn` is not the last connection (which would
    // checkpoint the `-wal` into the damaged file).
    match open_ro(path, false) {
        Ok(ro) => {
            drop(conn);
            ro
        }
        Err(_) => {
            let _ = conn.pragma_update(None, "query_only", true);
            conn
        }
    }
}

/// Whether SQLite failed for want of the `-shm`/`-wal` files it may not create (a read-only
/// folder), rather than for the file itself.
fn cannot_share(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

/// Opens `path` read-only through a URI; `immutable` tells SQLite the file cannot change (no
/// locks, no `-wal`: only right when there is no `-wal` content).
fn open_ro(path: &Path, immutable: bool) -> Result<Connection> {
    let uri = format!(
        "file:{}?mode=ro{}",
        path.display()
            .to_string()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23"),
        if immutable { "&immutable=1" } else { "" }
    );
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Busy handler of a writable library: try again every millisecond, for up to about 5 s
/// ([`BUSY_ATTEMPTS`]). SQLite's own busy timeout sleeps ever longer (up to 100 ms between tries),
/// so a desk action waiting behind a batched import would keep missing the short gap the import
/// leaves between two batches (docs/architecture.md, issue 12).
fn wait_for_the_writer(attempts: i32) -> bool {
    if attempts >= BUSY_ATTEMPTS {
        return false;
    }
    std::thread::sleep(std::time::Duration::from_millis(1));
    true
}

/// Tries of [`wait_for_the_writer`] before "the library is busy": about 5 s.
const BUSY_ATTEMPTS: i32 = 5000;

/// Refuses another program's database and a schema newer than this build, reading only.
fn check_schema(conn: &Connection, path: &Path) -> Result<()> {
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: u32 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (tables > 0 || version != 0) {
        return Err(Error::NotALibrary(format!(
            "{} is a SQLite database of another program, not a Carrel library; it was left untouched",
            path.display()
        )));
    }
    if version < 0 {
        // Carrel only ever counts migrations up from 0: a negative version is not ours, or the
        // header was damaged. Calling it "newer" would send the user after an upgrade that does
        // not exist.
        return Err(Error::NotALibrary(format!(
            "{} is not a Carrel library, or it is damaged: its schema version is {version}, which no \
             Carrel writes. The file was left untouched; restore a backup if it was your library.",
            path.display()
        )));
    }
    let known = migrations::count();
    if version > i64::from(known) {
        return Err(Error::NewerLibrary(format!(
            "{} was written by a newer version of Carrel (library schema {version}; this version knows up to \
             {known}). Install the newer Carrel to open it; the file was left untouched.",
            path.display()
        )));
    }
    Ok(())
}

/// Whether this user may write the file (and so the library can be opened read-write).
pub(crate) fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .is_ok()
}

fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Error::io(
                format!("cannot open library {}", path.display()),
                e,
            ))
        }
    };
    let mut head = [0u8; 16];
    let n = file
        .read(&mut head)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if n == 0 {
        // A library only comes into being from a path that does not exist yet. An empty file is
        // a failed copy, a truncated download or a placeholder: making it a library would hide
        // that. (A database whose pages are all still in its `-wal` file is empty on disk but is
        // a library: let SQLite read it.)
        if wal_has_data(path) {
            return Ok(());
        }
        return Err(Error::NotALibrary(format!(
            "{} is empty: it is not a Carrel library; it was left untouched. To start a new library, \
             give the name of a file that does not exist yet.",
            path.display()
        )));
    }
    if &head[..n] == SQLITE_MAGIC {
        return Ok(());
    }
    Err(Error::NotALibrary(format!(
        "{} is not a Carrel library (not a SQLite file); it was left untouched",
        path.display()
    )))
}

/// Whether a non-empty `-wal` file sits beside `path` (SQLite's write-ahead log of that file).
fn wal_has_data(path: &Path) -> bool {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).is_ok_and(|m| m.len() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_library_gets_the_current_schema_and_our_application_id() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Library::open(&dir.path().join("missing/lib.sqlite"))
                .err()
                .unwrap()
                .kind(),
            crate::ErrorKind::NotFound
        );
        let lib = Library::open(&dir.path().join("lib.sqlite")).unwrap();
        let info = lib.info().unwrap();
        assert_eq!(info.records, 0);
        assert_eq!(info.schema_version, migrations::count());
        let id: i32 = lib
            .conn()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        let mode: String = lib
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_library_from_a_newer_carrel_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.sqlite");
        {
            let lib = Library::open(&path).unwrap();
            lib.conn().pragma_update(None, "user_version", 999).unwrap();
            lib.conn()
                .pragma_update(None, "journal_mode", "DELETE")
                .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Library::open(&path).err().expect("refused");
        assert_eq!(err.kind(), crate::ErrorKind::NewerLibrary);
        assert!(err.to_string().contains("newer version of Carrel"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn other_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello, this is not a database").unwrap();
        assert_eq!(
            Library::open(&text).err().unwrap().kind(),
            crate::ErrorKind::NotALibrary
        );

        let other = dir.path().join("other.sqlite");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t(x)")
            .unwrap();
        let before = std::fs::read(&other).unwrap();
        assert_eq!(
            Library::open(&other).err().unwrap().kind(),
            crate::ErrorKind::NotALibrary
        );
        assert_eq!(std::fs::read(&other).unwrap(), before);
    }
}
