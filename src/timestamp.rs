//! The caller's "now": a date and time with the offset of the clock it was read from. The core
//! never reads the clock; the command line and the shell make a [`Timestamp`] and pass it in.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{ToSql, ToSqlOutput};

use crate::error::{Error, Result};

/// An instant with the UTC offset of the clock that read it (ISO 8601 / RFC 3339), e.g.
/// `2026-11-30T14:05:09+01:00`. Stored in the library as that text, to the second
/// ([`Timestamp::to_rfc3339`]); its [`date`](Timestamp::date) is the calendar day at that offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    /// Reads an RFC 3339 date and time (`2026-11-30T14:05:09+01:00`, `…Z`, a fraction of a
    /// second allowed; a space may stand for the `T`). Errors: [`Error::InvalidInput`] naming the
    /// text when it is not one (a date alone, or a time without its offset, is refused: the
    /// offset says which day it is where the user is).
    pub fn parse(text: &str) -> Result<Timestamp> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(Timestamp)
            .map_err(|_| {
                Error::InvalidInput(format!(
                    "“{text}” is not a date and time with its offset (RFC 3339, e.g. 2026-11-30T14:05:09+01:00)"
                ))
            })
    }

    /// The calendar date at the timestamp's own offset (the user's day, not UTC's).
    pub fn date(&self) -> NaiveDate {
        self.0.date_naive()
    }

    /// The text stored in the library: RFC 3339 to the second, the offset as `±hh:mm`
    /// (`2026-11-30T14:05:09+00:00`, never `Z`).
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, false)
    }

    /// The date and time with its offset.
    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl fmt::Display for Timestamp {
    /// As [`Timestamp::to_rfc3339`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl FromStr for Timestamp {
    type Err = Error;

    /// As [`Timestamp::parse`].
    fn from_str(s: &str) -> Result<Self> {
        Timestamp::parse(s)
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(t: DateTime<FixedOffset>) -> Self {
        Timestamp(t)
    }
}

impl From<DateTime<Local>> for Timestamp {
    fn from(t: DateTime<Local>) -> Self {
        Timestamp(t.fixed_offset())
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp(t.fixed_offset())
    }
}

impl ToSql for Timestamp {
    /// As the text of [`Timestamp::to_rfc3339`] (what SQLite's date functions read).
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_rfc3339()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_stored_text_and_the_local_day() {
        let t = Timestamp::parse("2026-11-30T23:30:00-05:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-30T23:30:00-05:00");
        assert_eq!(t.to_string(), "2026-11-30T23:30:00-05:00");
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let z = Timestamp::parse("2026-11-30T12:00:00.25Z").unwrap();
        assert_eq!(z.to_rfc3339(), "2026-11-30T12:00:00+00:00");
        let utc: Timestamp = DateTime::<Utc>::from_timestamp(0, 0).unwrap().into();
        assert_eq!(utc.to_rfc3339(), "1970-01-01T00:00:00+00:00");
    }

    #[test]
    fn refuses_text_that_is_not_a_timestamp() {
        for bad in ["2026-11-30", "2026-11-30T12:00:00", "yesterday", ""] {
            let err = Timestamp::parse(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{bad}");
            assert!(err.to_string().contains(&format!("“{bad}”")), "{err}");
        }
    }
}
