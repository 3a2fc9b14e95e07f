//! The archive's SQL: reading every table for [`export`] (one read transaction, so the archive
//! is one committed state of the library) and writing them all for [`import`] (one
//! `BEGIN IMMEDIATE` transaction: a bad row anywhere and nothing is kept).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use carrel_marc::{CharacterCoding, Field, Record};

use super::*;
use crate::bibliography::store::{get_bibliography, Bibliography};
use crate::catalogue::holdings::{merge_items, read_items};
use crate::catalogue::items::{clean, insert_item, items_in_id_order, ItemStatus, ItemType};
use crate::catalogue::store::{insert_record_then, parse_stored, Incoming};
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::output::Output;
use crate::storage::Library;
use crate::timestamp::Timestamp;

/// The settings keys of circulation start with this (they go to `circulation_settings.json`).
const CIRCULATION_PREFIX: &str = "circulation.";

fn zip_error(path: &Path) -> impl Fn(zip::result::ZipError) -> Error + '_ {
    move |e| {
        Error::InvalidInput(format!(
            "{}: not a readable zip archive: {e}",
            path.display()
        ))
    }
}

/// Writes the whole library to the zip archive `target` (see the module docs and `README.txt`
/// for the files and columns): written to a temporary file and renamed when complete
/// ([`Output`]), so `target` is the whole archive or is left as it was. Live records only
/// (records in the trash are not archived, nor holds and bibliography entries on them);
/// `include_loan_history` false leaves returned loans out (`loan_history.csv` is not written).
/// `now` is the caller's timestamp, named in the README. Errors: [`Error::Io`] when the file
/// cannot be written; [`Error::InvalidInput`] when a stored record cannot be read (the archive
/// would not be complete, so none is written).
pub fn export(
    lib: &Library,
    target: &Path,
    now: Timestamp,
    include_loan_history: bool,
) -> Result<ArchiveSummary> {
    // One read transaction: every file describes the same committed state.
    let tx = lib.conn().unchecked_transaction()?;
    let conn: &Connection = &tx;
    let mut summary = ArchiveSummary {
        path: target.display().to_string(),
        loan_history_included: include_loan_history,
        ..ArchiveSummary::default()
    };
    let output = Output::create(target)?;
    let io = |e: std::io::Error| Error::io(format!("cannot write {}", target.display()), e);
    let zerr = |e: zip::result::ZipError| {
        Error::io(
            format!("cannot write {}", target.display()),
            std::io::Error::other(e),
        )
    };
    let mut zip = zip::ZipWriter::new(output.file.try_clone().map_err(io)?);
    // The files carry the caller's `now` (at its offset, as the zip format has no zone), not
    // the zip crate's 1980 default.
    let at = now.as_datetime();
    let stamp = {
        use chrono::{Datelike, Timelike};
        zip::DateTime::from_date_and_time(
            u16::try_from(at.year()).unwrap_or(1980),
            at.month() as u8,
            at.day() as u8,
            at.hour() as u8,
            at.minute() as u8,
            at.second().min(59) as u8,
        )
        .unwrap_or_default()
    };
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .last_modified_time(stamp);
    let mut files: Vec<&str> = Vec::new();

    // records.xml and records.csv: the MARC of each live record with its items merged in as
    // MARC 21 Holdings 852/876, exactly as the MARCXML export writes it.
    let mut record_numbers: HashMap<RecordId, i64> = HashMap::new();
    let mut item_barcodes: HashMap<i64, String> = HashMap::new();
    let mut record_rows = Vec::new();
    zip.start_file(RECORDS_XML, options).map_err(zerr)?;
    {
        let mut xml = carrel_marc::marcxml::Writer::new(&mut zip).map_err(io)?;
        let mut stmt = conn.prepare(
            "SELECT id, marc, control_number, title, created_at, updated_at FROM records
             WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: RecordId = r.get(0)?;
            let raw: Vec<u8> = r.get(1)?;
            let mut record = parse_stored(&raw, id)?.record;
            let items = items_in_id_order(lib, id)?;
            for i in &items {
                item_barcodes.insert(i.id, i.barcode.clone());
            }
            summary.items += items.len() as u32;
            merge_items(&mut record, &items);
            record.leader.set_character_coding(CharacterCoding::Utf8);
            xml.write_record(&record).map_err(io)?;
            summary.records += 1;
            let n = i64::from(summary.records);
            record_numbers.insert(id, n);
            record_rows.push(RecordRow {
                record_id: n,
                control_number: r.get(2)?,
                title: r.get(3)?,
                created_at: r.get(4)?,
                updated_at: r.get(5)?,
            });
        }
        xml.finish().map_err(io)?;
    }
    files.push(RECORDS_XML);
    let mut put = |zip: &mut zip::ZipWriter<std::fs::File>, name: &'static str, bytes: &[u8]| {
        zip.start_file(name, options).map_err(zerr)?;
        zip.write_all(bytes).map_err(io)?;
        files.push(name);
        Ok::<(), Error>(())
    };
    put(
        &mut zip,
        RECORDS_CSV,
        &to_csv(&record_rows, RECORD_COLUMNS)?,
    )?;

    let patrons = read_patrons(conn)?;
    summary.patrons = patrons.len() as u32;
    put(&mut zip, PATRONS_CSV, &to_csv(&patrons, PATRON_COLUMNS)?)?;

    let open = read_loans(conn, false, &item_barcodes)?;
    summary.loans = open.len() as u32;
    put(&mut zip, LOANS_CSV, &to_csv(&open, LOAN_COLUMNS)?)?;
    if include_loan_history {
        let history = read_loans(conn, true, &item_barcodes)?;
        summary.loan_history = history.len() as u32;
        put(&mut zip, LOAN_HISTORY_CSV, &to_csv(&history, LOAN_COLUMNS)?)?;
    }

    let holds = read_holds(conn, &record_numbers, &item_barcodes)?;
    summary.holds = holds.len() as u32;
    put(&mut zip, HOLDS_CSV, &to_csv(&holds, HOLD_COLUMNS)?)?;

    let rules = read_rules(conn)?;
    summary.loan_rules = rules.len() as u32;
    put(
        &mut zip,
        LOAN_RULES_CSV,
        &to_csv(&rules, LOAN_RULE_COLUMNS)?,
    )?;

    let days = read_closed_days(conn)?;
    summary.closed_days = days.len() as u32;
    put(
        &mut zip,
        CLOSED_DAYS_CSV,
        &to_csv(&days, CLOSED_DAY_COLUMNS)?,
    )?;

    let (circulation, other) = read_settings(conn)?;
    put(&mut zip, CIRCULATION_SETTINGS_JSON, &json(&circulation))?;

    let bibliographies = read_bibliographies(lib, conn, &record_numbers)?;
    summary.bibliographies = bibliographies.len() as u32;
    put(&mut zip, BIBLIOGRAPHIES_JSON, &json(&bibliographies))?;
    put(&mut zip, SETTINGS_JSON, &json(&other))?;

    let readme = format!(
        "Carrel library archive of {}, written {}.\n\n{}",
        lib.path().display(),
        now.to_rfc3339(),
        readme_for(&files, include_loan_history)
    );
    zip.start_file(README_TXT, options).map_err(zerr)?;
    zip.write_all(readme.as_bytes()).map_err(io)?;
    files.push(README_TXT);
    summary.files = files.iter().map(|f| f.to_string()).collect();
    zip.finish().map_err(zerr)?.flush().map_err(io)?;
    drop(tx);
    output.commit()?;
    Ok(summary)
}

fn json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let mut s = serde_json::to_vec_pretty(v).expect("archive values serialise");
    s.push(b'\n');
    s
}

fn read_patrons(conn: &Connection) -> Result<Vec<PatronRow>> {
    let mut stmt = conn.prepare(
        "SELECT card, name, category, department, email, phone, expires_on, notes, blocked,
                block_reason, created_at, updated_at FROM patrons ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(PatronRow {
                card: r.get(0)?,
                name: r.get(1)?,
                category: r.get(2)?,
                department: r.get(3)?,
                email: r.get(4)?,
                phone: r.get(5)?,
                expires_on: r.get(6)?,
                notes: r.get(7)?,
                blocked: r.get(8)?,
                block_reason: r.get(9)?,
                created_at: r.get(10)?,
                updated_at: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Open loans (`returned` false) or returned ones, in id order. An open loan whose item is not in
/// the archive (its record is in the trash) is left out; a returned one keeps an empty barcode.
fn read_loans(
    conn: &Connection,
    returned: bool,
    items: &HashMap<i64, String>,
) -> Result<Vec<LoanRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.item_id, p.card, l.checked_out_on, l.due_on, l.returned_on, l.renewals,
                l.last_renewed_on, l.override_reason, l.status_before
         FROM loans l LEFT JOIN patrons p ON p.id = l.patron_id
         WHERE l.returned_on IS {} NULL ORDER BY l.id",
        if returned { "NOT" } else { "" }
    ))?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let barcode = r
            .get::<_, Option<i64>>(0)?
            .and_then(|id| items.get(&id).cloned());
        if barcode.is_none() && !returned {
            continue;
        }
        out.push(LoanRow {
            item_barcode: barcode.unwrap_or_default(),
            patron_card: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            checked_out_on: r.get(2)?,
            due_on: r.get(3)?,
            returned_on: r.get(4)?,
            renewals: r.get(5)?,
            last_renewed_on: r.get(6)?,
            override_reason: r.get(7)?,
            status_before: r.get(8)?,
        });
    }
    Ok(out)
}

fn read_holds(
    conn: &Connection,
    records: &HashMap<RecordId, i64>,
    items: &HashMap<i64, String>,
) -> Result<Vec<HoldRow>> {
    let mut stmt = conn.prepare(
        "SELECT h.record_id, h.item_id, p.card, h.placed_on, h.expires_on, h.status,
                h.trapped_item_id, h.trapped_on, h.pickup_by, h.closed_on
         FROM holds h JOIN patrons p ON p.id = h.patron_id ORDER BY h.id",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(&record_id) = records.get(&r.get::<_, RecordId>(0)?) else {
            continue;
        };
        let barcode =
            |v: Option<i64>| -> Option<String> { v.and_then(|id| items.get(&id).cloned()) };
        out.push(HoldRow {
            record_id,
            item_barcode: barcode(r.get(1)?),
            patron_card: r.get(2)?,
            placed_on: r.get(3)?,
            expires_on: r.get(4)?,
            status: r.get(5)?,
            trapped_item_barcode: barcode(r.get(6)?),
            trapped_on: r.get(7)?,
            pickup_by: r.get(8)?,
            closed_on: r.get(9)?,
        });
    }
    Ok(out)
}

fn read_rules(conn: &Connection) -> Result<Vec<LoanRuleRow>> {
    let mut stmt = conn.prepare(
        "SELECT category, item_type, period_days, due_on, renewals, max_items, holds_allowed,
                circulates FROM loan_policies ORDER BY category, item_type",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(LoanRuleRow {
                category: r.get(0)?,
                item_type: r.get(1)?,
                period_days: r.get(2)?,
                due_on: r.get(3)?,
                renewals: r.get(4)?,
                max_items: r.get(5)?,
                holds_allowed: r.get(6)?,
                circulates: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn read_closed_days(conn: &Connection) -> Result<Vec<ClosedDayRow>> {
    let mut stmt = conn.prepare("SELECT day, reason FROM closed_days ORDER BY day")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(ClosedDayRow {
                day: r.get(0)?,
                reason: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The settings as stored text: `(circulation keys without their prefix, every other key)`.
type Settings = (BTreeMap<String, String>, BTreeMap<String, String>);

fn read_settings(conn: &Connection) -> Result<Settings> {
    let mut circulation = BTreeMap::new();
    let mut other = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let value: String = r.get(1)?;
        match key.strip_prefix(CIRCULATION_PREFIX) {
            Some(k) => circulation.insert(k.to_string(), value),
            None => other.insert(key, value),
        };
    }
    Ok((circulation, other))
}

/// The stored bibliographies, their entries' record ids replaced by the records' numbers in the
/// archive (entries on records in the trash are left out).
fn read_bibliographies(
    lib: &Library,
    conn: &Connection,
    records: &HashMap<RecordId, i64>,
) -> Result<Vec<Bibliography>> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM bibliographies ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for id in ids {
        let mut b = get_bibliography(lib, id)?;
        for s in &mut b.doc.sections {
            s.entries.retain_mut(|e| match records.get(&e.record_id) {
                Some(&n) => {
                    e.record_id = RecordId(n);
                    true
                }
                None => false,
            });
        }
        out.push(b);
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------ import

/// The archive's files, read whole (an archive is read before anything is written).
struct Files {
    files: HashMap<String, Vec<u8>>,
}

impl Files {
    fn open(path: &Path) -> Result<Files> {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        let mut zip = zip::ZipArchive::new(file).map_err(zip_error(path))?;
        let mut files = HashMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(zip_error(path))?;
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).map_err(|e| {
                Error::io(format!("cannot read {} in {}", f.name(), path.display()), e)
            })?;
            files.insert(f.name().to_string(), bytes);
        }
        Ok(Files { files })
    }

    fn get(&self, name: &str) -> Result<&[u8]> {
        self.files.get(name).map(Vec::as_slice).ok_or_else(|| {
            Error::InvalidInput(format!(
                "the archive has no {name}: it is not a Carrel archive, or it is incomplete; nothing was imported"
            ))
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T> {
        serde_json::from_slice(self.get(name)?).map_err(|e| {
            Error::InvalidInput(format!(
                "{name}, line {}, column {}: {e}; nothing was imported",
                e.line(),
                e.column()
            ))
        })
    }
}

/// Whether the library holds nothing an import could clash with: no records (not even in the
/// trash), items, patrons, loans, holds, bibliographies or closed days, and loan rules as a new
/// library has them (rules someone set are content too: the archive's would replace them).
/// Settings do not count: a new library has defaults, which the archive's replace.
fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM records) AND NOT EXISTS (SELECT 1 FROM items)
            AND NOT EXISTS (SELECT 1 FROM patrons) AND NOT EXISTS (SELECT 1 FROM loans)
            AND NOT EXISTS (SELECT 1 FROM holds) AND NOT EXISTS (SELECT 1 FROM bibliographies)
            AND NOT EXISTS (SELECT 1 FROM closed_days)
            AND (SELECT count(*) FROM loan_policies) = 5
            AND NOT EXISTS (SELECT 1 FROM loan_policies
                WHERE (category, item_type, coalesce(period_days, -1), coalesce(due_on, ''),
                       renewals, max_items, holds_allowed, circulates)
                NOT IN (VALUES ('*', '*', 21, '', 2, 20, 1, 1),
                               ('*', 'serial_issue', 7, '', 1, 20, 1, 1),
                               ('*', 'dvd', 7, '', 1, 20, 1, 1),
                               ('*', 'looseleaf', 0, '', 0, 20, 0, 0),
                               ('*', 'object', 0, '', 0, 20, 0, 0)))",
        [],
        |r| r.get(0),
    )?)
}

/// Removes from `record` the fields that describe `barcodes` (852/876-878/952 with one of them in
/// $p, and the 561/563 linked to those by $8): what [`merge_items`] added on export, so the
/// record stored is the record as it was stored before.
fn strip_items(record: &mut Record, barcodes: &HashSet<String>) {
    let link = |f: &Field| -> Option<u32> {
        let v = f.subfield('8')?;
        let d: String = v.chars().take_while(char::is_ascii_digit).collect();
        d.parse().ok()
    };
    let ours = |f: &Field| {
        matches!(f.tag(), "852" | "876" | "877" | "878" | "952")
            && f.subfields()
                .iter()
                .any(|s| s.code == 'p' && barcodes.contains(s.value.trim()))
    };
    let links: Vec<u32> = record
        .fields
        .iter()
        .filter(|f| ours(f))
        .filter_map(link)
        .collect();
    record.fields.retain(|f| {
        !(ours(f)
            || (matches!(f.tag(), "561" | "563") && link(f).is_some_and(|n| links.contains(&n))))
    });
}

/// Reads the archive `source` (written by [`export`]) into `lib`, which must be empty (no
/// records, items, patrons, loans, holds, bibliographies or closed days), in one
/// `BEGIN IMMEDIATE` transaction: records with their items (MARCXML, MARC 21 Holdings 852/876),
/// their dates, patrons with their card numbers, open loans and loan history with their dates,
/// holds in queue order with their status, loan rules, closed days, settings and bibliographies
/// (their entries pointed at the new record ids). Items get `now` as their creation time.
/// Errors (nothing is kept): [`Error::InvalidInput`] when the library is not empty, the file is
/// not a zip or lacks a file, or a row is bad — the message names the file, line and column.
pub fn import(lib: &mut Library, source: &Path, now: Timestamp) -> Result<ArchiveSummary> {
    if !is_empty(lib.conn())? {
        return Err(not_empty(lib));
    }
    let files = Files::open(source)?;
    let records_xml = files.get(RECORDS_XML)?;
    let record_rows: Vec<(u64, RecordRow)> =
        from_csv(RECORDS_CSV, files.get(RECORDS_CSV)?, RECORD_COLUMNS)?;
    let patrons: Vec<(u64, PatronRow)> =
        from_csv(PATRONS_CSV, files.get(PATRONS_CSV)?, PATRON_COLUMNS)?;
    let loans: Vec<(u64, LoanRow)> = from_csv(LOANS_CSV, files.get(LOANS_CSV)?, LOAN_COLUMNS)?;
    let history: Vec<(u64, LoanRow)> = match files.files.get(LOAN_HISTORY_CSV) {
        Some(b) => from_csv(LOAN_HISTORY_CSV, b, LOAN_COLUMNS)?,
        None => Vec::new(),
    };
    let holds: Vec<(u64, HoldRow)> = from_csv(HOLDS_CSV, files.get(HOLDS_CSV)?, HOLD_COLUMNS)?;
    let rules: Vec<(u64, LoanRuleRow)> = from_csv(
        LOAN_RULES_CSV,
        files.get(LOAN_RULES_CSV)?,
        LOAN_RULE_COLUMNS,
    )?;
    let days: Vec<(u64, ClosedDayRow)> = from_csv(
        CLOSED_DAYS_CSV,
        files.get(CLOSED_DAYS_CSV)?,
        CLOSED_DAY_COLUMNS,
    )?;
    let circulation: BTreeMap<String, String> = files.json(CIRCULATION_SETTINGS_JSON)?;
    let settings: BTreeMap<String, String> = files.json(SETTINGS_JSON)?;
    let bibliographies: Vec<Bibliography> = files.json(BIBLIOGRAPHIES_JSON)?;

    let mut summary = ArchiveSummary {
        path: source.display().to_string(),
        files: {
            let mut f: Vec<String> = files.files.keys().cloned().collect();
            f.sort();
            f
        },
        loan_history_included: files.files.contains_key(LOAN_HISTORY_CSV),
        ..ArchiveSummary::default()
    };
    let tx = lib.immediate()?;
    // Checked again inside the write transaction: another program may have written meanwhile.
    if !is_empty(&tx)? {
        drop(tx);
        return Err(not_empty(lib));
    }

    // Records and their items.
    let mut record_ids: HashMap<i64, RecordId> = HashMap::new();
    let mut item_ids: HashMap<String, i64> = HashMap::new();
    // The line of records.xml each item came from, to name it when circulation disagrees.
    let mut item_lines: HashMap<i64, u64> = HashMap::new();
    let any_barcode = crate::catalogue::barcode::BarcodeRules::default();
    let mut rows = record_rows.iter();
    for parsed in carrel_marc::marcxml::Reader::new(records_xml) {
        let parsed = parsed.map_err(|e| {
            Error::InvalidInput(format!(
                "{RECORDS_XML}, line {}: {}; nothing was imported",
                e.line, e.reason
            ))
        })?;
        let line = parsed.position.line;
        let Some((row_line, row)) = rows.next() else {
            return Err(Error::InvalidInput(format!(
                "{RECORDS_XML}, line {line}: this record has no row in {RECORDS_CSV} (it has {} rows); nothing was imported",
                record_rows.len()
            )));
        };
        check_timestamp(RECORDS_CSV, *row_line, "created_at", &row.created_at)?;
        check_timestamp(RECORDS_CSV, *row_line, "updated_at", &row.updated_at)?;
        let mut record = parsed.record;
        let usual = ItemType::for_leader(
            record.leader.record_type(),
            record.leader.bibliographic_level(),
        );
        let mut items = Vec::new();
        for (tag, read) in read_items(&record) {
            let mut input = read.map_err(|why| {
                Error::InvalidInput(format!(
                    "{RECORDS_XML}, line {line}, field {tag}: {why}; nothing was imported"
                ))
            })?;
            input.item_type.get_or_insert(usual);
            let c = clean(&any_barcode, &input, ItemStatus::Available).map_err(|why| {
                Error::InvalidInput(format!(
                    "{RECORDS_XML}, line {line}, field {tag}: {why}; nothing was imported"
                ))
            })?;
            if item_ids.contains_key(&c.barcode)
                || items
                    .iter()
                    .any(|i: &crate::catalogue::items::CleanItem| i.barcode == c.barcode)
            {
                return Err(Error::InvalidInput(format!(
                    "{RECORDS_XML}, line {line}, field {tag}: barcode {} is on two items; nothing was imported",
                    c.barcode
                )));
            }
            items.push(c);
        }
        let barcodes: HashSet<String> = items.iter().map(|i| i.barcode.clone()).collect();
        strip_items(&mut record, &barcodes);
        let raw = carrel_marc::write_iso2709(&record);
        let incoming = Incoming {
            record: &record,
            raw: &raw,
            undecoded: false,
            warnings: &[],
            source: None,
        };
        let id = insert_record_then(&tx, &incoming, now, &mut |id| {
            for c in &items {
                let item_id = insert_item(&tx, id, c, now)?;
                item_ids.insert(c.barcode.clone(), item_id);
                item_lines.insert(item_id, line);
            }
            Ok(())
        })?;
        tx.execute(
            "UPDATE records SET created_at = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, row.created_at, row.updated_at],
        )?;
        if record_ids.insert(row.record_id, id).is_some() {
            return Err(bad(
                RECORDS_CSV,
                *row_line,
                "record_id",
                format!("record {} is listed twice", row.record_id),
            ));
        }
        summary.records += 1;
        summary.items += items.len() as u32;
    }
    if let Some((line, _)) = rows.next() {
        return Err(Error::InvalidInput(format!(
            "{RECORDS_CSV}, line {line}: no record of {RECORDS_XML} for this row ({RECORDS_XML} has {} records); nothing was imported",
            summary.records
        )));
    }

    // Patrons.
    let mut patron_ids: HashMap<String, i64> = HashMap::new();
    for (line, p) in &patrons {
        let line = *line;
        if p.card.trim().is_empty() {
            return Err(bad(
                PATRONS_CSV,
                line,
                "card",
                "a patron needs a card number",
            ));
        }
        if p.name.trim().is_empty() {
            return Err(bad(PATRONS_CSV, line, "name", "a patron needs a name"));
        }
        if patron_ids.contains_key(&p.card) {
            return Err(bad(
                PATRONS_CSV,
                line,
                "card",
                format!("card {} is listed twice", p.card),
            ));
        }
        check_date(PATRONS_CSV, line, "expires_on", p.expires_on.as_deref())?;
        check_timestamp(PATRONS_CSV, line, "created_at", &p.created_at)?;
        check_timestamp(PATRONS_CSV, line, "updated_at", &p.updated_at)?;
        tx.execute(
            "INSERT INTO patrons (name, card, category, department, email, phone, expires_on, notes,
                 blocked, block_reason, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                p.name, p.card, p.category, p.department, p.email, p.phone, p.expires_on, p.notes,
                p.blocked, p.block_reason, p.created_at, p.updated_at
            ],
        )?;
        patron_ids.insert(p.card.clone(), tx.last_insert_rowid());
    }
    summary.patrons = patrons.len() as u32;

    let item_of = |file: &str, line: u64, column: &str, barcode: &str| -> Result<i64> {
        item_ids.get(barcode).copied().ok_or_else(|| {
            bad(
                file,
                line,
                column,
                format!("no item with barcode {barcode:?} in {RECORDS_XML}"),
            )
        })
    };
    let patron_of = |file: &str, line: u64, column: &str, card: &str| -> Result<i64> {
        patron_ids.get(card).copied().ok_or_else(|| {
            bad(
                file,
                line,
                column,
                format!("no patron with card {card:?} in {PATRONS_CSV}"),
            )
        })
    };

    // Loans: open ones, then the history.
    for (file, rows, returned) in [
        (LOANS_CSV, &loans, false),
        (LOAN_HISTORY_CSV, &history, true),
    ] {
        for (line, l) in rows {
            let line = *line;
            let item = match (l.item_barcode.trim(), returned) {
                ("", false) => {
                    return Err(bad(
                        file,
                        line,
                        "item_barcode",
                        "an open loan needs an item",
                    ))
                }
                ("", true) => None,
                (b, _) => Some(item_of(file, line, "item_barcode", b)?),
            };
            let patron = match (l.patron_card.trim(), returned) {
                ("", false) => {
                    return Err(bad(
                        file,
                        line,
                        "patron_card",
                        "an open loan needs a patron",
                    ))
                }
                ("", true) => None,
                (c, _) => Some(patron_of(file, line, "patron_card", c)?),
            };
            check_date(file, line, "checked_out_on", Some(&l.checked_out_on))?;
            check_date(file, line, "due_on", Some(&l.due_on))?;
            check_date(file, line, "last_renewed_on", l.last_renewed_on.as_deref())?;
            match (&l.returned_on, returned) {
                (Some(_), false) => {
                    return Err(bad(
                        file,
                        line,
                        "returned_on",
                        format!(
                        "an open loan has no return day (returned loans go in {LOAN_HISTORY_CSV})"
                    ),
                    ))
                }
                (None, true) => {
                    return Err(bad(
                        file,
                        line,
                        "returned_on",
                        "a returned loan needs its return day",
                    ))
                }
                _ => check_date(file, line, "returned_on", l.returned_on.as_deref())?,
            }
            if ItemStatus::parse(&l.status_before).is_none() {
                return Err(bad(
                    file,
                    line,
                    "status_before",
                    format!("{:?} is not an item status", l.status_before),
                ));
            }
            tx.execute(
                "INSERT INTO loans (item_id, patron_id, checked_out_on, due_on, returned_on, renewals,
                     last_renewed_on, override_reason, status_before)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    item, patron, l.checked_out_on, l.due_on, l.returned_on, l.renewals,
                    l.last_renewed_on, l.override_reason, l.status_before
                ],
            )
            .map_err(|e| bad(file, line, "item_barcode", format!("cannot be stored: {e}")))?;
        }
    }
    summary.loans = loans.len() as u32;
    summary.loan_history = history.len() as u32;

    // Holds, in queue order: the row order is the placement order.
    for (line, h) in &holds {
        let line = *line;
        let record = record_ids.get(&h.record_id).copied().ok_or_else(|| {
            bad(
                HOLDS_CSV,
                line,
                "record_id",
                format!("no record {} in {RECORDS_CSV}", h.record_id),
            )
        })?;
        let item = match h.item_barcode.as_deref() {
            Some(b) => Some(item_of(HOLDS_CSV, line, "item_barcode", b)?),
            None => None,
        };
        let trapped = match h.trapped_item_barcode.as_deref() {
            Some(b) => Some(item_of(HOLDS_CSV, line, "trapped_item_barcode", b)?),
            None => None,
        };
        let patron = patron_of(HOLDS_CSV, line, "patron_card", &h.patron_card)?;
        if crate::circulation::holds::HoldStatus::parse(&h.status).is_none() {
            return Err(bad(
                HOLDS_CSV,
                line,
                "status",
                format!(
                    "{:?} is not a hold status (waiting, trapped, fulfilled, cancelled, expired)",
                    h.status
                ),
            ));
        }
        check_date(HOLDS_CSV, line, "placed_on", Some(&h.placed_on))?;
        for (column, v) in [
            ("expires_on", &h.expires_on),
            ("trapped_on", &h.trapped_on),
            ("pickup_by", &h.pickup_by),
            ("closed_on", &h.closed_on),
        ] {
            check_date(HOLDS_CSV, line, column, v.as_deref())?;
        }
        tx.execute(
            "INSERT INTO holds (record_id, item_id, patron_id, placed_on, expires_on, status,
                 trapped_item_id, trapped_on, pickup_by, closed_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                record,
                item,
                patron,
                h.placed_on,
                h.expires_on,
                h.status,
                trapped,
                h.trapped_on,
                h.pickup_by,
                h.closed_on
            ],
        )?;
    }
    summary.holds = holds.len() as u32;

    // An item's status (876 $j) and the loans and holds must tell the same story: on loan
    // exactly when loans.csv has its open loan, on the hold shelf exactly when holds.csv has a
    // hold trapped on it.
    let disagreeing: Option<(i64, String, String, bool, bool)> = tx
        .query_row(
            "SELECT i.id, i.barcode, i.status,
                    EXISTS (SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL),
                    EXISTS (SELECT 1 FROM holds h WHERE h.trapped_item_id = i.id AND h.status = 'trapped')
             FROM items i
             WHERE (i.status = 'on_loan') <> EXISTS (SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL)
                OR (i.status = 'on_hold_shelf') <> EXISTS (SELECT 1 FROM holds h WHERE h.trapped_item_id = i.id AND h.status = 'trapped')
             ORDER BY i.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    if let Some((id, barcode, status, lent, trapped)) = disagreeing {
        let line = item_lines.get(&id).copied().unwrap_or(0);
        let why = match (status.as_str(), lent, trapped) {
            ("on_loan", false, _) => format!("{LOANS_CSV} has no open loan of it"),
            (_, true, _) => format!("{LOANS_CSV} has an open loan of it"),
            ("on_hold_shelf", _, false) => format!("{HOLDS_CSV} has no hold trapped on it"),
            _ => format!("{HOLDS_CSV} has a hold trapped on it"),
        };
        return Err(Error::InvalidInput(format!(
            "{RECORDS_XML}, line {line}, field 876 $j: item {barcode} has status {status}, but {why}; nothing was imported"
        )));
    }

    // Loan rules replace the new library's defaults.
    tx.execute("DELETE FROM loan_policies", [])?;
    for (line, r) in &rules {
        let line = *line;
        if r.category.trim().is_empty() {
            return Err(bad(
                LOAN_RULES_CSV,
                line,
                "category",
                "empty (use * for any category)",
            ));
        }
        if r.item_type != "*" && ItemType::parse(&r.item_type).is_none() {
            return Err(bad(
                LOAN_RULES_CSV,
                line,
                "item_type",
                format!("{:?} is neither * nor an item type", r.item_type),
            ));
        }
        check_date(LOAN_RULES_CSV, line, "due_on", r.due_on.as_deref())?;
        tx.execute(
            "INSERT INTO loan_policies (category, item_type, period_days, due_on, renewals, max_items,
                 holds_allowed, circulates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                r.category, r.item_type, r.period_days, r.due_on, r.renewals, r.max_items,
                r.holds_allowed, r.circulates
            ],
        )
        .map_err(|e| bad(LOAN_RULES_CSV, line, "category", format!("cannot be stored: {e}")))?;
    }
    summary.loan_rules = rules.len() as u32;

    for (line, d) in &days {
        check_date(CLOSED_DAYS_CSV, *line, "day", Some(&d.day))?;
        tx.execute(
            "INSERT INTO closed_days (day, reason) VALUES (?1, ?2)",
            params![d.day, d.reason],
        )
        .map_err(|e| {
            bad(
                CLOSED_DAYS_CSV,
                *line,
                "day",
                format!("cannot be stored: {e}"),
            )
        })?;
    }
    summary.closed_days = days.len() as u32;

    // Settings: the archive's circulation settings replace the library's; other keys are set.
    tx.execute("DELETE FROM settings WHERE key LIKE 'circulation.%'", [])?;
    let mut put = tx.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    for (k, v) in &circulation {
        put.execute(params![format!("{CIRCULATION_PREFIX}{k}"), v])?;
    }
    for (k, v) in &settings {
        put.execute(params![k, v])?;
    }
    drop(put);

    // Bibliographies, their entries pointed at the new record ids.
    for (n, b) in bibliographies.iter().enumerate() {
        let where_ = |what: String| {
            Error::InvalidInput(format!(
                "{BIBLIOGRAPHIES_JSON}, bibliography {} ({:?}): {what}; nothing was imported",
                n + 1,
                b.doc.title
            ))
        };
        if !is_timestamp(&b.created_at) || !is_timestamp(&b.updated_at) {
            return Err(where_(
                "created_at and updated_at must be RFC 3339 timestamps".into(),
            ));
        }
        tx.execute(
            "INSERT INTO bibliographies (title, introduction, style, locale, show_locations, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![b.doc.title, b.doc.introduction, b.doc.style, b.doc.locale, b.doc.show_locations, b.created_at, b.updated_at],
        )?;
        let bid = tx.last_insert_rowid();
        for (pos, s) in b.doc.sections.iter().enumerate() {
            let rule = serde_json::to_string(&s.rule).expect("rule serialises");
            tx.execute(
                "INSERT INTO bibliography_sections (bibliography_id, position, heading, rule, sort) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![bid, pos as i64, s.heading, rule, s.sort.as_str()],
            )?;
            let sid = tx.last_insert_rowid();
            for e in &s.entries {
                let record = record_ids.get(&e.record_id.0).copied().ok_or_else(|| {
                    where_(format!(
                        "section {}: no record {} in {RECORDS_CSV}",
                        pos + 1,
                        e.record_id
                    ))
                })?;
                tx.execute(
                    "INSERT INTO bibliography_entries (section_id, record_id, position, annotation, use_summary, pinned, excluded)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![sid, record, e.position, e.annotation, e.use_summary, e.pinned, e.excluded],
                )
                .map_err(|e| where_(format!("section {}: {e}", pos + 1)))?;
            }
        }
    }
    summary.bibliographies = bibliographies.len() as u32;
    tx.commit()?;
    Ok(summary)
}

fn not_empty(lib: &Library) -> Error {
    Error::InvalidInput(format!(
        "{} is not empty: an archive is imported only into an empty library (no records, patrons, \
         loans, holds, bibliographies, closed days or loan rules of its own), so that nothing is \
         mixed or overwritten; \
         nothing was changed; import into a new library file (carrel --library NEW.sqlite archive import …)",
        lib.path().display()
    ))
}
