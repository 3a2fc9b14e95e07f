//! The portable archive: everything in a library, in one zip of open formats, and back.
//!
//! [`export`] writes records with their items as MARCXML (MARC 21 slim schema; items embedded as
//! MARC 21 Holdings 852/876, as `carrel export --format marcxml` writes them), patrons, loans,
//! loan history, holds, loan rules and closed days as CSV (RFC 4180, UTF-8, a header row of the
//! stable column names in [`README`]), the settings and bibliographies as JSON, and a
//! `README.txt` describing every file and column. [`import`] reads such an archive into an empty
//! library, in one transaction, so that the library it makes is equal to the one exported (ids
//! aside: records, items, patrons, loans and holds get new ids, and every reference follows).
//!
//! This module is the mapping between the library's values and the archive's rows (pure);
//! [`store`] holds its SQL, as `circulation::desk` and `circulation::store` are split.

pub mod store;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use store::{export, import};

/// The MARCXML collection of every live record, items embedded (MARC 21 Holdings 852/876).
pub const RECORDS_XML: &str = "records.xml";
/// One row per record of `records.xml`, in the same order: its archive number and dates.
pub const RECORDS_CSV: &str = "records.csv";
/// The patrons, one row each.
pub const PATRONS_CSV: &str = "patrons.csv";
/// The open loans.
pub const LOANS_CSV: &str = "loans.csv";
/// The returned loans (left out of an archive written without loan history).
pub const LOAN_HISTORY_CSV: &str = "loan_history.csv";
/// Holds, in queue order (placement order).
pub const HOLDS_CSV: &str = "holds.csv";
/// The loan policy table.
pub const LOAN_RULES_CSV: &str = "loan_rules.csv";
/// The calendar: days closed besides the weekend.
pub const CLOSED_DAYS_CSV: &str = "closed_days.csv";
/// The circulation settings (keys `circulation.*` of the settings, without the prefix).
pub const CIRCULATION_SETTINGS_JSON: &str = "circulation_settings.json";
/// The stored bibliography documents.
pub const BIBLIOGRAPHIES_JSON: &str = "bibliographies.json";
/// The other settings (barcode rules, cataloguing agency, …).
pub const SETTINGS_JSON: &str = "settings.json";
/// The description of every file and column ([`README`]).
pub const README_TXT: &str = "README.txt";

/// What an archive export or import did: the file and how many rows of each kind it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ArchiveSummary {
    /// The archive file, as given.
    pub path: String,
    /// The files in the archive, in the order written.
    pub files: Vec<String>,
    /// Bibliographic records (live ones; records in the trash are not archived).
    pub records: u32,
    /// Items (copies), embedded in the records as MARC 21 Holdings 852/876.
    pub items: u32,
    /// Patrons.
    pub patrons: u32,
    /// Open loans.
    pub loans: u32,
    /// Returned loans (0 when the archive was written without loan history).
    pub loan_history: u32,
    /// Holds of every status.
    pub holds: u32,
    /// Rows of the loan policy table.
    pub loan_rules: u32,
    /// Closed days of the calendar.
    pub closed_days: u32,
    /// Stored bibliographies.
    pub bibliographies: u32,
    /// Whether returned loans were written (export) or found (import).
    pub loan_history_included: bool,
}

/// A row of `records.csv`: the n-th row describes the n-th `<record>` of `records.xml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRow {
    /// The record's number in this archive (1, 2, …), used by `holds.csv` and
    /// `bibliographies.json`; not the library's own id.
    pub record_id: i64,
    /// MARC 21 001, for a person reading the file (the MARC in `records.xml` is what counts).
    pub control_number: Option<String>,
    /// The title as Carrel displays it, for a person reading the file.
    pub title: String,
    /// When the record was added: RFC 3339 timestamp.
    pub created_at: String,
    /// When the record was last changed: RFC 3339 timestamp.
    pub updated_at: String,
}

/// A row of `patrons.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatronRow {
    /// The card number (barcode); unique. Loans and holds name patrons by it.
    pub card: String,
    /// The name as entered.
    pub name: String,
    /// The patron category the loan rules use (`staff`, `researcher`, …).
    pub category: String,
    /// Department or affiliation (may be empty).
    pub department: String,
    /// E-mail address (empty: none).
    pub email: Option<String>,
    /// Telephone (empty: none).
    pub phone: Option<String>,
    /// Last day the card is valid, YYYY-MM-DD (empty: no expiry).
    pub expires_on: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// `true` when the patron may not borrow.
    pub blocked: bool,
    /// Why the patron is blocked.
    pub block_reason: Option<String>,
    /// RFC 3339 timestamp of creation.
    pub created_at: String,
    /// RFC 3339 timestamp of the last change.
    pub updated_at: String,
}

/// A row of `loans.csv` (open loans, `returned_on` empty) or `loan_history.csv` (returned).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRow {
    /// The item's barcode (852 $p in `records.xml`); empty when the item was deleted since.
    pub item_barcode: String,
    /// The patron's card; empty when the loan was anonymised (or the patron deleted).
    pub patron_card: String,
    /// Day of the check-out, YYYY-MM-DD.
    pub checked_out_on: String,
    /// Due date, YYYY-MM-DD.
    pub due_on: String,
    /// Day of the return, YYYY-MM-DD (empty in `loans.csv`).
    pub returned_on: Option<String>,
    /// Renewals made.
    pub renewals: u32,
    /// Day of the last renewal, YYYY-MM-DD.
    pub last_renewed_on: Option<String>,
    /// Why a refusal was overridden at check-out.
    pub override_reason: Option<String>,
    /// The item's status before the loan (`available`, `on_hold_shelf`, …).
    pub status_before: String,
}

/// A row of `holds.csv`; rows are in queue order (first placed first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldRow {
    /// The record held: its number in `records.csv`.
    pub record_id: i64,
    /// The one copy asked for, by barcode (empty: any copy).
    pub item_barcode: Option<String>,
    /// The patron's card.
    pub patron_card: String,
    /// Day placed, YYYY-MM-DD.
    pub placed_on: String,
    /// A waiting hold lapses after this day, YYYY-MM-DD.
    pub expires_on: Option<String>,
    /// `waiting`, `trapped`, `fulfilled`, `cancelled` or `expired`.
    pub status: String,
    /// The copy kept on the hold shelf for it, by barcode.
    pub trapped_item_barcode: Option<String>,
    /// Day it was trapped, YYYY-MM-DD.
    pub trapped_on: Option<String>,
    /// A trapped hold lapses after this day, YYYY-MM-DD.
    pub pickup_by: Option<String>,
    /// Day it was fulfilled, cancelled or expired, YYYY-MM-DD.
    pub closed_on: Option<String>,
}

/// A row of `loan_rules.csv` (the loan policy table: patron category × item type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanRuleRow {
    /// Patron category, or `*` for any.
    pub category: String,
    /// Item type (`book`, `dvd`, …), or `*` for any.
    pub item_type: String,
    /// Loan period in days (empty when a fixed due date is set).
    pub period_days: Option<u32>,
    /// A fixed due date, YYYY-MM-DD (end of term).
    pub due_on: Option<String>,
    /// Renewals allowed.
    pub renewals: u32,
    /// Most items a patron may have at once.
    pub max_items: u32,
    /// `true` when holds may be placed.
    pub holds_allowed: bool,
    /// `false`: reading room only.
    pub circulates: bool,
}

/// A row of `closed_days.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosedDayRow {
    /// The day, YYYY-MM-DD.
    pub day: String,
    /// Why (may be empty).
    pub reason: String,
}

/// `true` when `s` is a calendar date written YYYY-MM-DD.
pub(crate) fn is_date(s: &str) -> bool {
    crate::catalogue::items::is_iso_date(s)
}

/// `true` when `s` is an RFC 3339 timestamp.
pub(crate) fn is_timestamp(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

/// The error for a bad value: the file, its line (1 is the header) and column, and why.
pub(crate) fn bad(file: &str, line: u64, column: &str, why: impl std::fmt::Display) -> Error {
    Error::InvalidInput(format!(
        "{file}, line {line}, column {column}: {why}; nothing was imported"
    ))
}

/// Checks a date column: empty when optional, else YYYY-MM-DD.
pub(crate) fn check_date(file: &str, line: u64, column: &str, v: Option<&str>) -> Result<()> {
    match v {
        Some(d) if !is_date(d) => Err(bad(
            file,
            line,
            column,
            format!("{d:?} is not a date written YYYY-MM-DD"),
        )),
        _ => Ok(()),
    }
}

/// Checks a timestamp column (RFC 3339).
pub(crate) fn check_timestamp(file: &str, line: u64, column: &str, v: &str) -> Result<()> {
    if is_timestamp(v) {
        Ok(())
    } else {
        Err(bad(
            file,
            line,
            column,
            format!("{v:?} is not an RFC 3339 timestamp (e.g. 2026-11-30T14:05:09+01:00)"),
        ))
    }
}

/// Writes `rows` as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
/// quoted, quotes doubled, CRLF line ends), with a header row of the column names.
pub(crate) fn to_csv<T: Serialize>(rows: &[T], header: &[&str]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::InvalidInput(format!("cannot write CSV: {e}"));
    w.write_record(header).map_err(fail)?;
    for r in rows {
        w.serialize(r).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| Error::InvalidInput(format!("cannot write CSV: {e}")))
}

/// Reads the CSV file `name`: its header must be `header` exactly (the stable column names);
/// each row is returned with its line number. A row that cannot be read is an error naming the
/// file, the line and the column.
pub(crate) fn from_csv<T: serde::de::DeserializeOwned>(
    name: &str,
    bytes: &[u8],
    header: &[&str],
) -> Result<Vec<(u64, T)>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::InvalidInput(format!(
            "{name} is not UTF-8 (at byte {}); nothing was imported",
            e.valid_up_to()
        ))
    })?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let found: Vec<String> = r
        .headers()
        .map_err(|e| Error::InvalidInput(format!("{name}, line 1: {e}; nothing was imported")))?
        .iter()
        .map(str::to_string)
        .collect();
    if found != header {
        return Err(Error::InvalidInput(format!(
            "{name}, line 1: the columns are {}, expected {}; nothing was imported",
            found.join(","),
            header.join(",")
        )));
    }
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = line_at(text, r.position().byte());
        match r.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| line_at(text, p.byte()));
                return Err(Error::InvalidInput(format!(
                    "{name}, line {line}: {e}; nothing was imported"
                )));
            }
        }
        let line = record.position().map_or(line, |p| line_at(text, p.byte()));
        let row: T = record.deserialize(None).map_err(|e| {
            let column = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err
                    .field()
                    .and_then(|i| header.get(i as usize))
                    .copied()
                    .unwrap_or("?"),
                _ => "?",
            };
            let why = match e.kind() {
                csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                _ => e.to_string(),
            };
            bad(name, line, column, why)
        })?;
        out.push((line, row));
    }
    Ok(out)
}

/// The 1-based line of the row starting at byte `at` of `text`. The CSV reader's own line count
/// lags by one after a CRLF (it stops at the CR), so lines are counted here; the line ends left
/// before the row are skipped.
fn line_at(text: &str, at: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut at = (at as usize).min(bytes.len());
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64
}

/// The header of `records.csv`.
pub const RECORD_COLUMNS: &[&str] = &[
    "record_id",
    "control_number",
    "title",
    "created_at",
    "updated_at",
];
/// The header of `patrons.csv`.
pub const PATRON_COLUMNS: &[&str] = &[
    "card",
    "name",
    "category",
    "department",
    "email",
    "phone",
    "expires_on",
    "notes",
    "blocked",
    "block_reason",
    "created_at",
    "updated_at",
];
/// The header of `loans.csv` and `loan_history.csv`.
pub const LOAN_COLUMNS: &[&str] = &[
    "item_barcode",
    "patron_card",
    "checked_out_on",
    "due_on",
    "returned_on",
    "renewals",
    "last_renewed_on",
    "override_reason",
    "status_before",
];
/// The header of `holds.csv`.
pub const HOLD_COLUMNS: &[&str] = &[
    "record_id",
    "item_barcode",
    "patron_card",
    "placed_on",
    "expires_on",
    "status",
    "trapped_item_barcode",
    "trapped_on",
    "pickup_by",
    "closed_on",
];
/// The header of `loan_rules.csv`.
pub const LOAN_RULE_COLUMNS: &[&str] = &[
    "category",
    "item_type",
    "period_days",
    "due_on",
    "renewals",
    "max_items",
    "holds_allowed",
    "circulates",
];
/// The header of `closed_days.csv`.
pub const CLOSED_DAY_COLUMNS: &[&str] = &["day", "reason"];

/// `README.txt`: what every file and column of the archive holds (also `docs/archive.md`).
pub const README: &str = include_str!("README.txt");

/// The README written into an archive: [`README`] and the list of the files this archive holds.
pub fn readme_for(files: &[&str], loan_history: bool) -> String {
    let mut s = README.replace("\r\n", "\n");
    s.push_str("\nFILES IN THIS ARCHIVE\n\n");
    for f in files {
        s.push_str(&format!("  {f}\n"));
    }
    s.push_str(&format!("  {README_TXT}\n"));
    if !loan_history {
        s.push_str(
            "\nThis archive was written without loan history (--no-loan-history): \
             loan_history.csv is left out.\n",
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_and_bad_rows_name_their_line_and_column() {
        let rows = vec![
            ClosedDayRow {
                day: "2026-12-25".into(),
                reason: "Christmas, \"closed\"\nall day".into(),
            },
            ClosedDayRow {
                day: "2026-12-26".into(),
                reason: String::new(),
            },
        ];
        let bytes = to_csv(&rows, CLOSED_DAY_COLUMNS).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            text.starts_with("day,reason\r\n2026-12-25,\"Christmas, \"\"closed\"\"\nall day\"\r\n")
        );
        let back: Vec<(u64, ClosedDayRow)> =
            from_csv("closed_days.csv", &bytes, CLOSED_DAY_COLUMNS).unwrap();
        assert_eq!(back.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(back.into_iter().map(|r| r.1).collect::<Vec<_>>(), rows);
        let bad = b"day,reason\r\n2026-01-01,a\r\n2026-01-02,b,extra\r\n";
        let e = from_csv::<ClosedDayRow>("closed_days.csv", bad, CLOSED_DAY_COLUMNS).unwrap_err();
        assert!(e.to_string().contains("closed_days.csv, line 3"), "{e}");
        let rules = b"category,item_type,period_days,due_on,renewals,max_items,holds_allowed,circulates\r\n*,*,21,,2,twenty,true,true\r\n";
        let e = from_csv::<LoanRuleRow>("loan_rules.csv", rules, LOAN_RULE_COLUMNS).unwrap_err();
        assert!(
            e.to_string()
                .contains("loan_rules.csv, line 2, column max_items"),
            "{e}"
        );
        let e = from_csv::<ClosedDayRow>("closed_days.csv", b"day\r\n", CLOSED_DAY_COLUMNS)
            .unwrap_err();
        assert!(e.to_string().contains("line 1: the columns are day"), "{e}");
    }
}
