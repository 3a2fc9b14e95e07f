//! The one error type of the core, and its IPC/JSON shape `{kind, message}`.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, in terms a caller (the window, a script) can branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The record, item or file asked for does not exist.
    NotFound,
    /// The caller's input was refused (the message says which value and why).
    InvalidInput,
    /// The library file was written by a newer Carrel; it was left untouched.
    NewerLibrary,
    /// The file is not a Carrel library (another SQLite database, or not SQLite at all).
    NotALibrary,
    /// The user cancelled a long action; nothing of it was kept.
    Cancelled,
    /// Reading or writing a file failed.
    Io,
    /// The database failed (disk full, locked beyond the busy timeout, corrupt file).
    Database,
    /// The library file is damaged (its check at opening failed): nothing is written into it;
    /// the message says to restore a backup and names the newest one found.
    Damaged,
}

/// Every failure of the core. `Display` gives a sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record, item, patron or file asked for does not exist; the text names it.
    #[error("{0}")]
    NotFound(String),
    /// The caller's input was refused; the text says which value and why.
    #[error("{0}")]
    InvalidInput(String),
    /// The library file was written by a newer Carrel (schema version above ours); it was left untouched.
    #[error("{0}")]
    NewerLibrary(String),
    /// The file is not a Carrel library (another SQLite database, or not SQLite at all).
    #[error("{0}")]
    NotALibrary(String),
    /// The user cancelled a long action; nothing of it was kept. The text says which action.
    #[error("cancelled: {0}")]
    Cancelled(String),
    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, e.g. `"cannot open /x.mrc"`.
        context: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// SQLite failed (busy, read-only, disk full, corrupt file...).
    #[error("{}", describe_database_error(.0))]
    Database(#[from] rusqlite::Error),
    /// The library file is damaged: Carrel does not write into it (nor back it up). The text
    /// says what the check found, to restore a backup, and which backup is the newest.
    #[error("{0}")]
    Damaged(String),
    /// Bringing the library's schema up to date failed.
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl Error {
    /// The kind a caller branches on.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::NewerLibrary(_) => ErrorKind::NewerLibrary,
            Error::NotALibrary(_) => ErrorKind::NotALibrary,
            Error::Cancelled(_) => ErrorKind::Cancelled,
            Error::Io { .. } => ErrorKind::Io,
            Error::Damaged(_) => ErrorKind::Damaged,
            Error::Database(_) | Error::Migration(_) => ErrorKind::Database,
        }
    }

    /// Wraps an I/O error with what was being done, e.g. `"cannot open /x.mrc"`.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// Says what a database failure means for the user where SQLite's own words would not.
fn describe_database_error(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            "the library is busy: another import or another program is writing to it; try again when it has finished".into()
        }
        Some(ErrorCode::ReadOnly) => "the library file is read-only: it can be searched and exported, not changed".into(),
        Some(ErrorCode::DiskFull) => "the disk is full: nothing was changed".into(),
        _ => format!("database error: {e}"),
    }
}

/// The error as it crosses IPC and as the command line prints it with `--json`:
/// `{"kind": "not_found", "message": "no record with id 42"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    /// What went wrong, for the caller to branch on.
    pub kind: ErrorKind,
    /// A sentence for the user (the `Display` of [`Error`]).
    pub message: String,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
