//! The catalogue: bibliographic records stored whole, with extracted columns and a full-text
//! index; finding and showing them.

pub mod barcode;
pub mod callnumber;
pub mod editor;
pub mod export;
pub mod extract;
pub mod facets;
pub mod history;
pub mod holdings;
pub mod import;
pub mod items;
pub mod keys;
pub mod marcfile;
pub mod query;
pub mod rejects;
pub mod search;
pub mod settings;
pub mod shelflist;
pub mod standard_numbers;
pub mod subjects;
pub mod trash;

use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use carrel_marc::{Reader, Record};

use crate::error::{Error, Result};
use crate::storage::Library;
pub use extract::{extract, Extract};
pub use facets::{Facet, FacetFilter, FacetValue};
pub use search::{
    fts_query, lookup, search_request, Jump, SearchRequest, SearchResults, SortOrder,
};

/// One line of a result list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordSummary {
    pub id: i32,
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

/// A standard number or control number shown with the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Identifier {
    /// "ISBN" (020 $a), "ISSN" (022 $a), "LCCN" (010 $a) or "Control number" (001).
    pub kind: String,
    pub value: String,
    /// ISBN qualifier (020 $q, e.g. "pbk"), or the 003 organisation of a control number.
    pub qualifier: Option<String>,
}

/// The full record as the record view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordView {
    pub id: i32,
    pub title: String,
    /// The title in its original script (MARC 21 880 linked to 245 by $6 `245-…`, its $a $b $f $g
    /// $k $n $p $s), e.g. Hebrew or Chinese beside the romanized `title`; None when absent.
    pub vernacular_title: Option<String>,
    pub responsibility: Option<String>,
    /// Edition statement (250 $a $b).
    pub edition: Option<String>,
    pub publication: Option<String>,
    /// Physical description (300 $a $b $c $e).
    pub physical_description: Option<String>,
    /// Series statements (490, 830).
    pub series: Vec<String>,
    /// Subject headings (6XX), subdivisions joined by " -- ".
    pub subjects: Vec<String>,
    /// Notes (5XX $a; 505 as "Contents: …").
    pub notes: Vec<String>,
    pub identifiers: Vec<Identifier>,
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

/// A record to store: the parsed record, the exact bytes it came from and what reading it said.
pub(crate) struct Incoming<'a> {
    pub record: &'a Record,
    pub raw: &'a [u8],
    pub undecoded: bool,
    pub warnings: &'a [String],
    /// The file it came from and its record number there.
    pub source: Option<(&'a str, u64)>,
}

/// Stores one new record in a transaction: its original bytes, extracted columns, match keys and
/// index entry. Returns the new record id. `now` is the caller's timestamp (ISO 8601).
pub(crate) fn insert_record(tx: &Transaction<'_>, r: &Incoming<'_>, now: &str) -> Result<i64> {
    let x = extract(r.record);
    let id = write_row(tx, None, r, &x, now)?;
    // A record inserted just now has no items yet: no need to look for them (the bulk import's
    // hot path, one query saved per record).
    index_record(tx, id, r.record, &x, HasItems::No)?;
    Ok(id)
}

/// [`insert_record`], running `before_index(id)` between writing the row and indexing it: the
/// import writes the record's items there, so that one indexing takes in their call numbers and
/// barcodes.
pub(crate) fn insert_record_then(
    tx: &Transaction<'_>,
    r: &Incoming<'_>,
    now: &str,
    before_index: &mut dyn FnMut(i64) -> Result<()>,
) -> Result<i64> {
    let x = extract(r.record);
    let id = write_row(tx, None, r, &x, now)?;
    before_index(id)?;
    index_record(tx, id, r.record, &x, HasItems::Maybe)?;
    Ok(id)
}

/// Replaces record `id` with a newer version of it (an import's "merge"): the stored version is
/// kept in `record_versions`, the row, match keys and index entry are rewritten.
pub(crate) fn replace_record(
    tx: &Transaction<'_>,
    id: i64,
    r: &Incoming<'_>,
    replaced_by: &str,
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO record_versions (record_id, marc, undecoded, replaced_at, replaced_by)
         SELECT id, marc, undecoded, ?2, ?3 FROM records WHERE id = ?1",
    )?
    .execute(params![id, now, replaced_by])?;
    let x = extract(r.record);
    write_row(tx, Some(id), r, &x, now)?;
    unindex_record(tx, id)?;
    index_record(tx, id, r.record, &x, HasItems::Maybe)
}

/// Writes a record's row: a new one (`id` None) or over record `id` (its `created_at` kept).
fn write_row(
    tx: &Transaction<'_>,
    id: Option<i64>,
    r: &Incoming<'_>,
    x: &Extract,
    now: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO records (id, control_number, control_number_identifier, record_type, bibliographic_level,
             title, responsibility, publication, date, undecoded, marc, warnings, source_file, source_ordinal,
             created_at, updated_at, filing_title, sort_author, year, language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18, ?19)
         ON CONFLICT (id) DO UPDATE SET control_number = excluded.control_number,
             control_number_identifier = excluded.control_number_identifier, record_type = excluded.record_type,
             bibliographic_level = excluded.bibliographic_level, title = excluded.title,
             responsibility = excluded.responsibility, publication = excluded.publication, date = excluded.date,
             undecoded = excluded.undecoded, marc = excluded.marc, warnings = excluded.warnings,
             source_file = excluded.source_file, source_ordinal = excluded.source_ordinal,
             updated_at = excluded.updated_at, filing_title = excluded.filing_title,
             sort_author = excluded.sort_author, year = excluded.year, language = excluded.language",
    )?
    .execute(params![
        id,
        r.record.control_number(),
        r.record.control_number_identifier(),
        r.record.leader.record_type().to_string(),
        r.record.leader.bibliographic_level().to_string(),
        x.title,
        x.responsibility,
        x.publication,
        x.date,
        r.undecoded,
        r.raw,
        r.warnings.join("\n"),
        r.source.map(|s| s.0),
        r.source.map(|s| s.1 as i64),
        now,
        x.filing_title,
        x.sort_author,
        x.year,
        x.language,
    ])?;
    Ok(id.unwrap_or_else(|| tx.last_insert_rowid()))
}

/// Reads record `id` again from its stored bytes (after the reader learnt something, e.g. MARC-8
/// decoding) and rewrites its display columns, index entry and match keys in place.
pub(crate) fn reread_record(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let raw: Vec<u8> =
        tx.query_row("SELECT marc FROM records WHERE id = ?1", [id], |r| r.get(0))?;
    let parsed = parse_stored(&raw, id)?;
    let x = extract(&parsed.record);
    tx.execute(
        "UPDATE records SET title = ?2, responsibility = ?3, publication = ?4, date = ?5, undecoded = ?6, warnings = ?7,
             filing_title = ?8, sort_author = ?9, year = ?10, language = ?11
         WHERE id = ?1",
        params![
            id,
            x.title,
            x.responsibility,
            x.publication,
            x.date,
            parsed.undecoded,
            parsed.warnings.join("\n"),
            x.filing_title,
            x.sort_author,
            x.year,
            x.language
        ],
    )?;
    unindex_record(tx, id)?;
    let deleted: bool = tx.query_row(
        "SELECT deleted_at IS NOT NULL FROM records WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if deleted {
        // A deleted record keeps no index entry, so that no search finds it until it is restored.
        return Ok(());
    }
    index_record(tx, id, &parsed.record, &x, HasItems::Maybe)
}

/// Removes record `id`'s full-text entry, match keys and subject headings (before rewriting them,
/// or when the record is deleted).
pub(crate) fn unindex_record(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM records_fts WHERE rowid = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM record_keys WHERE record_id = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM record_subjects WHERE record_id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Whether the record being indexed can have items, which [`index_record`] then reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HasItems {
    Maybe,
    /// Inserted just now and no item written for it: nothing to read.
    No,
}

/// Writes the full-text entry, match keys, subject headings and shelf key of record `id`. The
/// `shelf` index column and the record's shelf key also take its items' call numbers and barcodes
/// (read unless `has_items` is [`HasItems::No`]).
fn index_record(
    tx: &Transaction<'_>,
    id: i64,
    record: &Record,
    x: &Extract,
    has_items: HasItems,
) -> Result<()> {
    let mut shelf: Vec<String> = x.call_numbers.clone();
    let mut first_item_key: Option<String> = None;
    if has_items == HasItems::Maybe {
        let mut items = tx.prepare_cached(
            "SELECT call_number, barcode, shelf_key FROM items WHERE record_id = ?1 ORDER BY id",
        )?;
        let rows = items.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (cn, barcode, key) = row?;
            if !cn.is_empty() && !shelf.contains(&cn) {
                shelf.push(cn);
            }
            shelf.push(barcode);
            if first_item_key.is_none() && !key.is_empty() {
                first_item_key = Some(key);
            }
        }
    }
    let shelf_key = first_item_key.or_else(|| {
        x.call_numbers
            .first()
            .map(|cn| callnumber::sort_key(cn, callnumber::detect_scheme(cn)).key)
    });
    let shelf_key = shelf_key.unwrap_or_default();
    // A row inserted just now already has the empty key (the column's default).
    if has_items == HasItems::Maybe || !shelf_key.is_empty() {
        tx.prepare_cached("UPDATE records SET shelf_key = ?2 WHERE id = ?1")?
            .execute(params![id, shelf_key])?;
    }
    let mut insert_subject = tx.prepare_cached(
        "INSERT OR IGNORE INTO record_subjects (sort_key, heading, record_id) VALUES (?1, ?2, ?3)",
    )?;
    for h in &x.subjects {
        insert_subject.execute(params![subjects::heading_sort_key(h), h, id])?;
    }
    // 880 vernacular text goes with the field it renders (title, names, subjects, the rest).
    let vernacular = |pred: &dyn Fn(&str) -> bool| {
        x.vernacular
            .iter()
            .filter(|(t, _)| pred(t))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let is_name = |t: &str| {
        matches!(t.get(..1), Some("1") | Some("7")) && t != "130" && t != "730" && t != "740"
    };
    let title = [
        x.title.clone(),
        vernacular(&|t: &str| matches!(t, "245" | "246" | "130" | "240" | "730" | "740")),
    ]
    .join(" ; ");
    let names = [
        x.names.join(" ; "),
        x.responsibility.clone().unwrap_or_default(),
        vernacular(&is_name),
    ]
    .join(" ; ");
    let subjects = [
        x.subjects.join(" ; "),
        vernacular(&|t: &str| t.starts_with('6')),
    ]
    .join(" ; ");
    let other = [
        x.publication.clone().unwrap_or_default(),
        x.series.join(" "),
        x.notes.join(" "),
        x.edition.clone().unwrap_or_default(),
        vernacular(&|t: &str| {
            !(t.starts_with('6')
                || is_name(t)
                || matches!(t, "245" | "246" | "130" | "240" | "730" | "740"))
        }),
    ]
    .join(" ");
    tx.prepare_cached(
        "INSERT INTO records_fts (rowid, title, names, subjects, other, identifiers, shelf)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        extract::fold_for_search(&title),
        extract::fold_for_search(&names),
        extract::fold_for_search(&subjects),
        extract::fold_for_search(&other),
        extract::identifier_search_text(x),
        shelf_search_text(&shelf),
    ])?;
    let mut insert_key =
        tx.prepare_cached("INSERT OR IGNORE INTO record_keys (record_id, key) VALUES (?1, ?2)")?;
    for key in keys::match_keys(record) {
        insert_key.execute(params![id, key])?;
    }
    Ok(())
}

/// Call numbers and barcodes as the `shelf` index column holds them: each as given, and each
/// without its spaces and points too, so that "QA76.73 .P98" is found by "QA76" and by "QA7673P98".
pub(crate) fn shelf_search_text(values: &[String]) -> String {
    let mut out = Vec::new();
    for v in values {
        out.push(v.clone());
        let compact: String = v.chars().filter(|c| c.is_alphanumeric()).collect();
        if compact != *v {
            out.push(compact);
        }
    }
    out.join(" ")
}

/// The first stored record that shares a match key with `record`, and that key.
pub(crate) fn find_duplicate(
    tx: &Transaction<'_>,
    record: &Record,
) -> Result<Option<(i64, String)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT record_id FROM record_keys WHERE key = ?1 ORDER BY record_id LIMIT 1",
    )?;
    for key in keys::match_keys(record) {
        if let Some(id) = stmt.query_row([&key], |r| r.get(0)).optional()? {
            return Ok(Some((id, key)));
        }
    }
    Ok(None)
}

/// Reads a stored record back from its original bytes.
pub(crate) fn parse_stored(raw: &[u8], id: i64) -> Result<carrel_marc::Parsed> {
    Reader::new(raw)
        .next()
        .ok_or_else(|| Error::NotFound(format!("record {id} has no MARC data")))?
        .map_err(|e| {
            Error::InvalidInput(format!(
                "record {id} is stored but cannot be read: {}",
                e.reason
            ))
        })
}

/// The full view of one record. Errors: [`Error::NotFound`] when there is no record with this id.
pub fn get_record(lib: &Library, id: i64) -> Result<RecordView> {
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
        id: id as i32,
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
pub fn get_marc(lib: &Library, id: i64) -> Result<Record> {
    let raw: Option<Vec<u8>> = lib
        .conn()
        .query_row("SELECT marc FROM records WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    let raw = raw.ok_or_else(|| Error::NotFound(format!("no record with id {id}")))?;
    Ok(parse_stored(&raw, id)?.record)
}

/// Searches the catalogue; see [`search::search`].
pub fn search(lib: &Library, query: &str, limit: u32) -> Result<SearchResults> {
    search::search(lib, query, limit)
}

/// Adds records built in code (the demo collection, tests) in one transaction; returns their ids.
pub fn add_records(
    lib: &mut Library,
    records: &[Record],
    source: &str,
    now: &str,
) -> Result<Vec<i64>> {
    let tx = lib.conn_mut().transaction()?;
    let mut ids = Vec::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        let raw = carrel_marc::write_iso2709(r);
        let incoming = Incoming {
            record: r,
            raw: &raw,
            undecoded: false,
            warnings: &[],
            source: Some((source, i as u64 + 1)),
        };
        ids.push(insert_record(&tx, &incoming, now)?);
    }
    tx.commit()?;
    Ok(ids)
}
