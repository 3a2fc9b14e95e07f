//! One record as the catalogue shows it: a result line, the full view, the parsed MARC.

use crate::ids::RecordId;
use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use carrel_marc::Record;

use super::extract::{self, extract};
use super::store::parse_stored;
use crate::error::{Error, Result};
use crate::storage::Library;

/// One line of a result list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordSummary {
    /// Row id of the record (table `records`), stable for the life of the library.
    pub id: RecordId,
    /// Title proper and remainder (MARC 21 245 $a $b $n $p), or the heading of an authority.
    pub title: String,
    /// Statement of responsibility (245 $c) or the main entry (1XX).
    pub responsibility: Option<String>,
    /// Place : publisher, date (264 / 260).
    pub publication: Option<String>,
    /// Year of publication (264/260 $c, else 008/07-10).
    pub date: Option<String>,
    /// Format label from leader/06-07 ("Book", "Serial", "Map", …).
    pub format: String,
    /// Some characters of the record could not be decoded and show as U+FFFD (the import
    /// warnings say which; the original bytes are kept).
    pub undecoded: bool,
}

/// The columns of `records r` that [`summary_from_row`] reads, in its order (for `SELECT`).
pub(crate) const SUMMARY_COLUMNS: &str =
    "r.id, r.title, r.responsibility, r.publication, r.date, r.undecoded, r.record_type, r.bibliographic_level";

/// A result line from a row that starts with [`SUMMARY_COLUMNS`] (the format label from
/// leader/06-07, `a` and `m` when empty). Search and the subject browse both list records so.
pub(crate) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordSummary> {
    let record_type: String = r.get(6)?;
    let level: String = r.get(7)?;
    let first = |s: &str, default| s.chars().next().unwrap_or(default);
    let format =
        super::extract::format_label_of(first(&record_type, 'a'), first(&level, 'm')).to_string();
    Ok(RecordSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        responsibility: r.get(2)?,
        publication: r.get(3)?,
        date: r.get(4)?,
        undecoded: r.get(5)?,
        format,
    })
}

/// A standard number or control number shown with the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Identifier {
    /// "ISBN" (020 $a), "ISSN" (022 $a), "LCCN" (010 $a) or "Control number" (001).
    pub kind: String,
    /// The number as written in the record (ISBN without its qualifier).
    pub value: String,
    /// ISBN qualifier (020 $q, e.g. "pbk"), or the 003 organisation of a control number.
    pub qualifier: Option<String>,
}

/// The full record as the record view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordView {
    /// Row id of the record (table `records`).
    pub id: RecordId,
    /// Title proper and remainder (MARC 21 245 $a $b $f $g $k $n $p $s), or the heading of an authority; never empty.
    pub title: String,
    /// The title in its original script (MARC 21 880 linked to 245 by $6 `245-…`, its $a $b $f $g
    /// $k $n $p $s), e.g. Hebrew or Chinese beside the romanized `title`; None when absent.
    pub vernacular_title: Option<String>,
    /// Statement of responsibility (245 $c), else the main entry (1XX); `None` when neither.
    pub responsibility: Option<String>,
    /// Edition statement (250 $a $b).
    pub edition: Option<String>,
    /// Place : publisher, date (264 second indicator 1, else 260), e.g. "London : Sweet & Maxwell, 2019".
    pub publication: Option<String>,
    /// Physical description (300 $a $b $c $e).
    pub physical_description: Option<String>,
    /// Series statements (490, 830).
    pub series: Vec<String>,
    /// Subject headings (6XX), subdivisions joined by " -- ".
    pub subjects: Vec<String>,
    /// Notes (5XX $a; 505 as "Contents: …").
    pub notes: Vec<String>,
    /// ISBNs, ISSNs, LCCNs and the control number, in that order.
    pub identifiers: Vec<Identifier>,
    /// Format label from leader/06-07 ("Book", "Serial", "Map", …).
    pub format: String,
    /// Some characters could not be decoded and show as U+FFFD (see `warnings`).
    pub undecoded: bool,
    /// What the import repaired or guessed in this record.
    pub warnings: Vec<String>,
    /// The file the record was imported from, with its record number: `"books.mrc #12"`.
    pub source: Option<String>,
    /// The whole record in MARC mnemonic form (`=245  10$a…`), one field per line.
    pub mnemonic: String,
}

/// The full view of one record. Errors: [`Error::NotFound`] when there is no record with this id.
pub fn get_record(lib: &Library, id: RecordId) -> Result<RecordView> {
    let row = lib
        .conn()
        .query_row(
            "SELECT marc, undecoded, warnings, source_file, source_ordinal FROM records WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((raw, undecoded, warnings, source_file, ordinal)) = row else {
        return Err(Error::NotFound(format!("no record with id {id}")));
    };
    let parsed = parse_stored(&raw, id)?;
    let record = parsed.record;
    let x = extract(&record);
    Ok(RecordView {
        id,
        title: x.title,
        vernacular_title: vernacular_title(&record),
        responsibility: x.responsibility,
        edition: x.edition,
        publication: x.publication,
        physical_description: x.physical_description,
        series: x.series,
        subjects: x.subjects,
        notes: x.notes,
        identifiers: x
            .identifiers
            .into_iter()
            .map(|(kind, value, qualifier)| Identifier {
                kind,
                value,
                qualifier,
            })
            .collect(),
        format: x.format,
        undecoded,
        warnings: warnings
            .lines()
            .map(str::to_string)
            .filter(|w| !w.is_empty())
            .collect(),
        source: source_file.map(|f| match ordinal {
            Some(n) => format!("{f} #{n}"),
            None => f,
        }),
        mnemonic: record.to_string(),
    })
}

/// The first 880 (Alternate Graphic Representation) that renders the 245 title, as the title is
/// shown: $a $b $f $g $k $n $p $s joined, ending ISBD punctuation trimmed.
fn vernacular_title(record: &Record) -> Option<String> {
    record
        .fields_with_tag("880")
        .filter(|f| f.subfield('6').is_some_and(|l| l.starts_with("245")))
        .find_map(|f| {
            let joined = f
                .values("abfgknps")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Some(extract::trim_isbd(&joined)).filter(|s| !s.is_empty())
        })
}

/// The parsed MARC record stored under `id`.
pub fn get_marc(lib: &Library, id: RecordId) -> Result<Record> {
    let raw: Option<Vec<u8>> = lib
        .conn()
        .query_row("SELECT marc FROM records WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let raw = raw.ok_or_else(|| Error::NotFound(format!("no record with id {id}")))?;
    Ok(parse_stored(&raw, id)?.record)
}
