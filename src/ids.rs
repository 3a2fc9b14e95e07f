//! Typed row ids: one Rust type for a record id from the database to the window and the command
//! line, so that an item's or a patron's number cannot be passed where a record's is meant.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The row id of a bibliographic or authority record (SQLite rowid of table `records`), stable
/// for the life of the library (a deleted record's id is not reused while it is in the trash).
///
/// Crosses IPC and JSON as a plain number (TypeScript `number`, where ts-rs would make an `i64` a
/// `bigint`); reads and writes SQLite `INTEGER`; parses from and prints as decimal text (`42`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
)]
pub struct RecordId(
    /// The rowid. Record ids are below 2^53, so a JavaScript number holds them exactly.
    #[ts(type = "number")]
    pub i64,
);

impl RecordId {
    /// The rowid as SQLite stores it.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl From<i64> for RecordId {
    fn from(id: i64) -> Self {
        RecordId(id)
    }
}

impl From<RecordId> for i64 {
    fn from(id: RecordId) -> Self {
        id.0
    }
}

/// A record id equals the rowid it wraps (tests and SQL results compare so).
impl PartialEq<i64> for RecordId {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

/// A rowid equals the record id that wraps it.
impl PartialEq<RecordId> for i64 {
    fn eq(&self, other: &RecordId) -> bool {
        *self == other.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for RecordId {
    type Err = Error;

    /// A record id from decimal text (`"42"`; surrounding spaces allowed). Errors:
    /// [`Error::InvalidInput`] naming the text when it is not a whole number, or is one too large
    /// to be a record id (beyond 64-bit signed, SQLite's rowid range).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim();
        t.parse::<i64>().map(RecordId).map_err(|_| {
            let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                Error::InvalidInput(format!("“{s}” is too large to be a record id"))
            } else {
                Error::InvalidInput(format!("“{s}” is not a record id (a whole number)"))
            }
        })
    }
}

impl ToSql for RecordId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for RecordId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(RecordId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prints_and_serialises_as_a_number() {
        let id: RecordId = " 42 ".parse().unwrap();
        assert_eq!(id, RecordId(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<RecordId>("7").unwrap(), RecordId(7));
        let err = "4x".parse::<RecordId>().unwrap_err();
        assert!(err.to_string().contains("4x"), "{err}");
        let big = "99999999999999999999".parse::<RecordId>().unwrap_err();
        assert!(big.to_string().contains("too large"), "{big}");
    }

    #[test]
    fn reads_and_writes_sqlite_integers() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let id: RecordId = conn
            .query_row("SELECT ?1 + 1", [RecordId(9)], |r| r.get(0))
            .unwrap();
        assert_eq!(id, RecordId(10));
    }
}
