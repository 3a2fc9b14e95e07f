//! A library is one SQLite file: WAL journal, foreign keys on, a busy timeout, and schema
//! migrations (rusqlite_migration, tracked in `PRAGMA user_version`) run in one transaction at open.
//!
//! A file written by a newer Carrel (a higher schema version than this build knows) is refused
//! before anything is written to it, and so is a SQLite file that belongs to another program.
//! An upgrade that needs more than SQL (reading records again) is marked as pending work
//! (`pending.rs`) and done after the library is open.

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
    /// Errors: [`Error::NotALibrary`] for a file that is not SQLite or is another program's
    /// database; [`Error::NewerLibrary`] when the file's schema is newer than this build (the file
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
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
        })
    }

    /// A library file this user may not write (a backup, a read-only share): opened for reading
    /// only, so that it can be searched and exported. Its schema must be this build's.
    /// [`Library::open`] chooses this by itself for a file it may not write; calling it directly
    /// opens any library read-only (also for root, who may write every file).
    ///
    /// Errors: [`Error::NotALibrary`] and [`Error::NewerLibrary`] as [`Library::open`];
    /// [`Error::InvalidInput`] for a library that needs upgrading (which needs writing);
    /// [`Error::Database`] for a file SQLite cannot open.
    pub fn open_read_only(path: &Path) -> Result<Library> {
        let uri = format!(
            "file:{}?mode=ro&immutable=1",
            path.display()
                .to_string()
                .replace('?', "%3f")
                .replace('#', "%23")
        );
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        check_schema(&conn, path)?;
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < migrations::count() {
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
        })
    }

    /// Whether the library was opened read-only (the file is not writable by this user).
    pub fn is_read_only(&self) -> bool {
        self.read_only
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
    let known = migrations::count();
    if version > i64::from(known) || version < 0 {
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
    if n == 0 || &head[..n] == SQLITE_MAGIC {
        return Ok(());
    }
    Err(Error::NotALibrary(format!(
        "{} is not a Carrel library (not a SQLite file); it was left untouched",
        path.display()
    )))
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
