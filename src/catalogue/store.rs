//! The catalogue's write and index path: a record's row (original bytes and extracted columns),
//! its full-text entry, match keys, subject headings and shelf key, written and rewritten in the
//! caller's transaction.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};

use carrel_marc::{Field, Reader, Record};

use super::extract::{self, extract, Extract};
use super::{callnumber, fold, keys, subjects};
use crate::error::{Error, Result};
use crate::storage::Library;

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
pub(crate) fn insert_record(
    tx: &Transaction<'_>,
    r: &Incoming<'_>,
    now: Timestamp,
) -> Result<RecordId> {
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
    now: Timestamp,
    before_index: &mut dyn FnMut(RecordId) -> Result<()>,
) -> Result<RecordId> {
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
    id: RecordId,
    r: &Incoming<'_>,
    replaced_by: &str,
    now: Timestamp,
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
    id: Option<RecordId>,
    r: &Incoming<'_>,
    x: &Extract,
    now: Timestamp,
) -> Result<RecordId> {
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
    Ok(id.unwrap_or_else(|| RecordId(tx.last_insert_rowid())))
}

/// Reads record `id` again from its stored bytes (after the reader learnt something, e.g. MARC-8
/// decoding) and rewrites its display columns, index entry and match keys in place.
pub(crate) fn reread_record(tx: &Transaction<'_>, id: RecordId) -> Result<()> {
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
pub(crate) fn unindex_record(tx: &Transaction<'_>, id: RecordId) -> Result<()> {
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
    id: RecordId,
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
        x.call_numbers.first().map(|cn| {
            // The scheme of the field it came from (050 LC, 082 Dewey, …), else its form.
            let own = callnumber::record_call_numbers(record);
            callnumber::sort_key(cn, callnumber::guess_scheme(cn, &own, None).scheme).key
        })
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
        fold::index_text(&title),
        fold::index_text(&names),
        fold::index_text(&subjects),
        fold::index_text(&other),
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
) -> Result<Option<(RecordId, String)>> {
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

/// Whether an incoming record (`incoming`, read from its bytes `raw`) is the stored record whose
/// bytes are `stored`: the same bytes, or, read back, the same MARC 21 leader and fields once what
/// only the encoding decides is set aside — record length (leader/00-04), character coding
/// (leader/09), the counts and base address (leader/10-16), the entry map (leader/20-23) — and
/// 005 (date and time of latest transaction), which a vendor restamps without changing the record.
/// So a file imported again (MARC-8 or UTF-8, ISO 2709 or MARCXML) is found unchanged.
pub(crate) fn same_record(incoming: &Record, raw: &[u8], stored: &[u8]) -> bool {
    if raw == stored {
        return true;
    }
    let Some(Ok(parsed)) = Reader::new(stored).next() else {
        return false;
    };
    let leader = |r: &Record| {
        let mut l = r.leader.0;
        for i in (0..5).chain(9..17).chain(20..24) {
            l[i] = b' ';
        }
        l
    };
    fn fields(r: &Record) -> impl Iterator<Item = &Field> {
        r.fields.iter().filter(|f| f.tag() != "005")
    }
    leader(incoming) == leader(&parsed.record) && fields(incoming).eq(fields(&parsed.record))
}

/// Reads a stored record back from its original bytes.
pub(crate) fn parse_stored(raw: &[u8], id: RecordId) -> Result<carrel_marc::Parsed> {
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

/// Adds records built in code (the demo collection, tests) in one transaction; returns their ids.
pub fn add_records(
    lib: &mut Library,
    records: &[Record],
    source: &str,
    now: Timestamp,
) -> Result<Vec<RecordId>> {
    let tx = lib.immediate()?;
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
