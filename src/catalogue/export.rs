//! Export of bibliographic records: the whole library, a search result or a selection, to ISO 2709
//! (UTF-8 or MARC-8) or MARCXML.
//!
//! Lossless where it can be: a record asked for in the encoding it was imported in is written
//! with the exact bytes it came with (every field, unknown tags, 9XX local fields, leader, 005,
//! 008). Otherwise it is converted: MARC-8 → UTF-8 sets leader/09 to `a`; UTF-8 → MARC-8 sets it
//! blank and writes characters outside MARC-8 as numeric character references (`&#xXXXX;`).
//!
//! The file is written through [`crate::output::Output`]: a hidden temporary file renamed at the
//! end, so a cancelled or failed export never leaves a half-written file under the chosen name.
//!
//! A record too long for ISO 2709 (issue 13) is never written broken: it goes whole in MARCXML
//! to a second file beside the first ([`too_long_path`]), or, when the person asks, has its long
//! notes split into repeated fields ([`carrel_marc::split_long_fields`]) so that it fits.

use crate::ids::RecordId;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use carrel_marc::CharacterCoding;

use super::parse_stored;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::storage::Library;

/// Which records to export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Selection {
    /// Every record, in id order.
    All,
    /// Every record a search matches (the same words as the search box), in id order.
    Query(String),
    /// These records, in this order.
    Ids(Vec<RecordId>),
}

/// The file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// ISO 2709 exchange records (`.mrc`).
    Iso2709,
    /// MARCXML, MARC21slim namespace, one `<collection>` (always Unicode).
    Marcxml,
    /// MarcEdit's mnemonic text (`.mrk`, UTF-8, leader/09 `a`), a record whole whatever its
    /// length; the leader's lengths are those of the record as UTF-8 ISO 2709.
    Mrk,
}

/// The character encoding of ISO 2709 output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportEncoding {
    /// UTF-8 (ISO 2709 leader/09 `a`); records imported as MARC-8 are converted.
    Utf8,
    /// MARC-8 (ISO 2709 leader/09 blank), for older systems; characters outside it are written as `&#xXXXX;`.
    Marc8,
}

/// What an export did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct ExportSummary {
    /// The file asked for, as given. Not written when no record went into it (`written` 0 and
    /// every record in `marcxml_path`): an empty file would look like a successful export, and a
    /// file of an earlier export there is removed (the export replaces both files as one; so is
    /// an earlier `NAME-too-long.xml` when this export has no record too long).
    pub path: String,
    /// Records written to `path` (records whose notes were split included).
    pub written: u32,
    /// Of those, records written byte for byte as they were imported.
    pub unchanged: u32,
    /// Records that could not be written (each listed in `problems`).
    pub failed: u32,
    /// The user cancelled: the file was not written (an existing file is left as it was).
    pub cancelled: bool,
    /// Why each failed record could not be written, one sentence each, in export order.
    pub problems: Vec<String>,
    /// Records too long for one ISO 2709 record (more than 99,999 bytes, or a field of more than
    /// 9,999), in export order, each with what was done with it. Empty in a MARCXML export,
    /// which keeps every record whole.
    pub too_long: Vec<TooLongRecord>,
    /// Of `too_long`, records written to `path` with long notes split into repeated fields
    /// ([`LongRecords::SplitFields`]); counted in `written`.
    pub split: u32,
    /// Of `too_long`, records written whole in MARCXML to `marcxml_path`; not counted in
    /// `written`.
    pub in_marcxml: u32,
    /// The MARCXML file beside `path` (`NAME.mrc` → `NAME-too-long.xml`) that holds the records
    /// too long for ISO 2709, when there were any; written whole or not at all, like `path`.
    pub marcxml_path: Option<String>,
}

/// One record too long for ISO 2709 in an export, and where it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct TooLongRecord {
    /// The record.
    pub id: RecordId,
    /// Its title (245), as the catalogue shows it.
    pub title: String,
    /// Its length as one ISO 2709 record in the chosen encoding, in bytes, before any split.
    pub bytes: u32,
    /// What was done with it.
    pub outcome: TooLongOutcome,
    /// One sentence naming the record, what is too long and where it went.
    pub message: String,
}

/// Where a record too long for ISO 2709 went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TooLongOutcome {
    /// Written to the ISO 2709 file with its long notes split into repeated fields.
    Split,
    /// Written whole in MARCXML, to the file beside the ISO 2709 file.
    Marcxml,
}

/// What an ISO 2709 export does with a record too long for ISO 2709 (its length is 5 digits,
/// a field's 4: ISO 2709:2008 4.3.1, MARC 21 Specifications "Record Structure").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LongRecords {
    /// Writes it whole, in MARCXML, to `NAME-too-long.xml` beside the file (the default:
    /// nothing in the record is changed).
    #[default]
    Marcxml,
    /// Splits its long repeatable notes (505 and other 5XX) into several fields of the same tag,
    /// as MARC 21 allows ([`carrel_marc::split_long_fields`]); a record that still does not fit
    /// (a long field that may not repeat, or more than 99,999 bytes in all) goes to MARCXML.
    SplitFields,
}

/// Progress of an export: records written so far out of the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ExportProgress {
    /// Records written so far (reported every 500 records).
    pub written: u32,
    /// Records selected for the export.
    pub total: u32,
}

/// The record ids a selection stands for.
pub fn selected_ids(lib: &Library, selection: &Selection) -> Result<Vec<RecordId>> {
    let conn = lib.conn();
    match selection {
        Selection::All => {
            let mut stmt = conn.prepare("SELECT id FROM records ORDER BY id")?;
            let ids = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<RecordId>>>()?;
            Ok(ids)
        }
        // The search's own reading of the query (words, fields, years), never a deleted record.
        Selection::Query(q) => super::search::matching_ids(lib, q, &[]),
        Selection::Ids(ids) => Ok(ids.clone()),
    }
}

/// How one stored record is written, and whether it is its stored bytes unchanged. The stored
/// bytes go out as they are only when they are what was asked for: the encoding the reader
/// actually found (not merely what leader/09 claims) and a leader/09 that says so.
fn encode_record(raw: &[u8], encoding: ExportEncoding, id: RecordId) -> Result<(Vec<u8>, bool)> {
    let parsed = parse_stored(raw, id)?;
    let honest = |coding: CharacterCoding, leader_byte: u8| {
        parsed.encoding == coding && raw.get(9) == Some(&leader_byte)
    };
    match encoding {
        ExportEncoding::Utf8 if honest(CharacterCoding::Utf8, b'a') && !parsed.undecoded => {
            Ok((raw.to_vec(), true))
        }
        ExportEncoding::Marc8 if honest(CharacterCoding::Marc8, b' ') && !parsed.undecoded => {
            Ok((raw.to_vec(), true))
        }
        ExportEncoding::Utf8 => {
            let mut record = parsed.record;
            record.leader.set_character_coding(CharacterCoding::Utf8);
            Ok((carrel_marc::write_iso2709(&record), false))
        }
        ExportEncoding::Marc8 => Ok((carrel_marc::write_iso2709_marc8(&parsed.record), false)),
    }
}

/// The MARCXML file beside an ISO 2709 export for its records too long for ISO 2709:
/// `NAME.mrc` → `NAME-too-long.xml`, in the same folder.
pub fn too_long_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!("{stem}-too-long.xml"))
}

/// Where the records go.
enum Sink {
    Iso2709(BufWriter<File>),
    Marcxml(carrel_marc::marcxml::Writer<BufWriter<File>>),
    Mrk(carrel_marc::mrk::MrkWriter<BufWriter<File>>),
}

/// The MARCXML file beside an ISO 2709 export, made when the first record too long comes.
struct Beside {
    output: Output,
    xml: carrel_marc::marcxml::Writer<BufWriter<File>>,
    path: PathBuf,
}

/// Where one record went.
enum Placed {
    /// Into the file asked for; `true` when byte for byte as imported.
    Main(bool),
    /// Into the MARCXML file beside it.
    Beside,
}

/// The record ready for ISO 2709 in `encoding`: parsed, with its items, leader/09 set.
fn iso_record(
    raw: &[u8],
    items: &[super::items::Item],
    encoding: ExportEncoding,
    id: RecordId,
) -> Result<carrel_marc::Record> {
    let mut record = parse_stored(raw, id)?.record;
    super::holdings::merge_items(&mut record, items);
    record.leader.set_character_coding(match encoding {
        ExportEncoding::Utf8 => CharacterCoding::Utf8,
        ExportEncoding::Marc8 => CharacterCoding::Marc8,
    });
    Ok(record)
}

fn write_iso(record: &carrel_marc::Record, encoding: ExportEncoding) -> Vec<u8> {
    match encoding {
        ExportEncoding::Utf8 => carrel_marc::write_iso2709(record),
        ExportEncoding::Marc8 => carrel_marc::write_iso2709_marc8(record),
    }
}

/// Bytes of a text as written in `encoding` (what the ISO 2709 lengths count).
fn measure(encoding: ExportEncoding) -> fn(&str) -> usize {
    match encoding {
        ExportEncoding::Utf8 => str::len,
        ExportEncoding::Marc8 => |s| carrel_marc::marc8::encode(s).len(),
    }
}

/// Writes the selected records to `path`, a record too long for ISO 2709 whole in MARCXML beside
/// it: [`export_to_path_with`] with [`LongRecords::Marcxml`].
pub fn export_to_path(
    lib: &Library,
    selection: &Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    path: &Path,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ExportProgress),
) -> Result<ExportSummary> {
    export_to_path_with(
        lib,
        selection,
        format,
        encoding,
        LongRecords::Marcxml,
        path,
        cancel,
        progress,
    )
}

/// Writes the selected records to `path`. `progress` is called at the start, every 500 records and
/// at the end; setting `cancel` stops the export and removes the partial files.
///
/// In ISO 2709 a record too long for its length digits (more than 99,999 bytes, or a field of
/// more than 9,999) is never written broken: `long` says whether it goes whole in MARCXML to
/// [`too_long_path`] or has its long notes split first; each is listed in the summary's
/// `too_long`. Both files are written whole or not at all. MARCXML keeps every record whole.
/// A record that cannot be written otherwise is listed in `problems` and the export goes on.
///
/// Errors: [`Error::Io`] when a file cannot be written; [`Error::NotFound`] (every record asked
/// for is missing) or [`Error::InvalidInput`] when records were asked for and none could be
/// written. Nothing new is left under `path` or beside it after an error.
#[allow(clippy::too_many_arguments)]
pub fn export_to_path_with(
    lib: &Library,
    selection: &Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    long: LongRecords,
    path: &Path,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ExportProgress),
) -> Result<ExportSummary> {
    let ids = selected_ids(lib, selection)?;
    let total = ids.len() as u32;
    let output = Output::create(path)?;
    let io = |e: std::io::Error| Error::io(format!("cannot write {}", path.display()), e);
    let file = BufWriter::new(output.file.try_clone().map_err(io)?);
    let mut sink = match format {
        ExportFormat::Iso2709 => Sink::Iso2709(file),
        ExportFormat::Marcxml => {
            Sink::Marcxml(carrel_marc::marcxml::Writer::new(file).map_err(io)?)
        }
        ExportFormat::Mrk => Sink::Mrk(carrel_marc::mrk::MrkWriter::new(file)),
    };
    let mut beside: Option<Beside> = None;
    let mut summary = ExportSummary {
        path: path.display().to_string(),
        ..ExportSummary::default()
    };
    progress(&ExportProgress { written: 0, total });
    let result = (|| -> Result<()> {
        let mut stmt = lib
            .conn()
            .prepare_cached("SELECT marc, title FROM records WHERE id = ?1")?;
        for id in ids {
            if cancel.load(Ordering::Relaxed) {
                summary.cancelled = true;
                return Ok(());
            }
            let Some((raw, title)) = stmt
                .query_row([id], |r| {
                    Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?
            else {
                summary.failed += 1;
                summary
                    .problems
                    .push(format!("record {id}: no such record"));
                continue;
            };
            let items = super::items::items_in_id_order(lib, id)?;
            let placed = match &mut sink {
                Sink::Iso2709(out) => {
                    // A record with items is written with them (MARC 21 852/876, see
                    // `holdings`), so no longer byte for byte.
                    let encoded = if items.is_empty() {
                        encode_record(&raw, encoding, id)
                    } else {
                        iso_record(&raw, &items, encoding, id)
                            .map(|r| (write_iso(&r, encoding), false))
                    };
                    encoded.and_then(
                        |(bytes, unchanged)| match carrel_marc::check_iso2709_lengths(&bytes) {
                            Ok(()) => out
                                .write_all(&bytes)
                                .map(|()| Placed::Main(unchanged))
                                .map_err(io),
                            Err(too_long) => {
                                let record = iso_record(&raw, &items, encoding, id)?;
                                let info = LongRecordInfo {
                                    id,
                                    title: &title,
                                    bytes: bytes.len(),
                                    reason: too_long,
                                };
                                place_long(
                                    record,
                                    info,
                                    encoding,
                                    long,
                                    out,
                                    &mut beside,
                                    path,
                                    &mut summary,
                                )
                            }
                        },
                    )
                }
                Sink::Mrk(mrk) => {
                    parse_stored(&raw, id)
                        .map(|p| p.record)
                        .and_then(|mut record| {
                            super::holdings::merge_items(&mut record, &items);
                            record.leader.set_character_coding(CharacterCoding::Utf8);
                            carrel_marc::mrk::set_iso2709_lengths(&mut record);
                            mrk.write_record(&record)
                                .map(|()| Placed::Main(false))
                                .map_err(io)
                        })
                }
                Sink::Marcxml(xml) => {
                    parse_stored(&raw, id)
                        .map(|p| p.record)
                        .and_then(|mut record| {
                            super::holdings::merge_items(&mut record, &items);
                            record.leader.set_character_coding(CharacterCoding::Utf8);
                            xml.write_record(&record)
                                .map(|_| Placed::Main(false))
                                .map_err(io)
                        })
                }
            };
            match placed {
                Ok(placed) => {
                    match placed {
                        Placed::Main(unchanged) => {
                            summary.written += 1;
                            summary.unchanged += u32::from(unchanged);
                        }
                        Placed::Beside => summary.in_marcxml += 1,
                    }
                    let done = summary.written + summary.in_marcxml;
                    if done.is_multiple_of(500) {
                        progress(&ExportProgress {
                            written: done,
                            total,
                        });
                    }
                }
                Err(e @ Error::Io { .. }) => return Err(e),
                Err(e) => {
                    summary.failed += 1;
                    summary.problems.push(e.to_string());
                }
            }
        }
        match sink {
            Sink::Iso2709(mut out) => out.flush().map_err(io)?,
            Sink::Marcxml(xml) => xml.finish().map_err(io)?.flush().map_err(io)?,
            Sink::Mrk(mrk) => mrk.finish().map_err(io)?.flush().map_err(io)?,
        }
        Ok(())
    })();
    let done = summary.written + summary.in_marcxml;
    match result {
        // Records were asked for and none could be written: an empty file would look like a
        // successful export. Dropping the output leaves nothing under `path`.
        Ok(()) if !summary.cancelled && done == 0 && summary.failed > 0 => {
            let all_missing = summary
                .problems
                .iter()
                .all(|p| p.ends_with(": no such record"));
            let text = format!(
                "nothing was exported ({}); no file was written to {}",
                summary.problems.join("; "),
                path.display()
            );
            Err(if all_missing {
                Error::NotFound(text)
            } else {
                Error::InvalidInput(text)
            })
        }
        Ok(()) if !summary.cancelled => {
            // The two files of an ISO 2709 export are replaced as one: a file of an earlier
            // export under the same name must not stand beside this one as if it belonged to it.
            // Only a plain file, and at best: the export itself has succeeded by now.
            let remove_stale = |stale: &Path| -> Result<()> {
                if std::fs::symlink_metadata(stale).is_ok_and(|m| m.is_file()) {
                    let _ = std::fs::remove_file(stale);
                }
                Ok(())
            };
            if let Some(b) = beside {
                let xml_io =
                    |e: std::io::Error| Error::io(format!("cannot write {}", b.path.display()), e);
                b.xml.finish().map_err(xml_io)?.flush().map_err(xml_io)?;
                b.output.commit()?;
                // Both files or neither: the main file failing takes the one beside it away.
                let main = if summary.written > 0 {
                    output.commit()
                } else {
                    remove_stale(path)
                };
                if let Err(e) = main {
                    let _ = std::fs::remove_file(&b.path);
                    return Err(e);
                }
            } else {
                output.commit()?;
                if format == ExportFormat::Iso2709 {
                    remove_stale(&too_long_path(path))?;
                }
            }
            progress(&ExportProgress {
                written: done,
                total,
            });
            Ok(summary)
        }
        // Dropping the outputs removes their temporary files: nothing appears under `path`.
        Ok(()) => Ok(summary),
        Err(e) => Err(e),
    }
}

/// A title short enough for a message: its first 80 characters, then "…". A record's title can be
/// the very field that is too long (a 245 of 15,000 bytes).
fn short_title(title: &str) -> String {
    const MAX: usize = 80;
    match title.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", title[..end].trim_end()),
        None => title.to_string(),
    }
}

/// Why [`carrel_marc::split_long_fields`] left the long field `tag` of `record` whole, for
/// people: it splits only repeatable notes (MARC 21 Bibliographic 5XX but 507 and 514), and never
/// one with a `$6` (its 880 pairs with one field).
fn why_not_splittable(record: &carrel_marc::Record, tag: &str) -> &'static str {
    let linked = record
        .fields_with_tag(tag)
        .any(|f| f.subfields().iter().any(|s| s.code == '6'));
    if linked {
        if tag == "880" {
            "it is the 880 of another field, paired with it by $6"
        } else {
            "it is linked to an 880 by $6, which pairs with one field only"
        }
    } else if carrel_marc::continues_in_repeated_fields(tag) {
        "its parts that must stay together are too long"
    } else if tag.starts_with('5') || matches!(tag, "245" | "100" | "110" | "111" | "130") {
        "MARC 21 does not repeat it"
    } else {
        "only repeatable notes, 5XX, are split"
    }
}

/// A record found too long for ISO 2709.
struct LongRecordInfo<'a> {
    id: RecordId,
    title: &'a str,
    /// Its length as one ISO 2709 record.
    bytes: usize,
    reason: carrel_marc::TooLong,
}

/// Writes a record too long for ISO 2709: split (when asked and MARC 21 allows it) into the
/// ISO 2709 file, else whole into the MARCXML file beside it, and lists it in the summary.
#[allow(clippy::too_many_arguments)]
fn place_long(
    record: carrel_marc::Record,
    info: LongRecordInfo<'_>,
    encoding: ExportEncoding,
    long: LongRecords,
    out: &mut BufWriter<File>,
    beside: &mut Option<Beside>,
    path: &Path,
    summary: &mut ExportSummary,
) -> Result<Placed> {
    let LongRecordInfo {
        id,
        title,
        bytes,
        reason,
    } = info;
    let named = format!("record {id} “{}”: {reason}", short_title(title));
    let mut why_not_split = String::new();
    if long == LongRecords::SplitFields {
        match carrel_marc::split_long_fields(
            &record,
            carrel_marc::ISO2709_MAX_FIELD,
            measure(encoding),
        ) {
            Ok((split, fields)) => {
                let written = write_iso(&split, encoding);
                if carrel_marc::check_iso2709_lengths(&written).is_ok() {
                    out.write_all(&written)
                        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
                    let how = fields
                        .iter()
                        .map(|f| format!("field {} split into {} fields", f.tag, f.into))
                        .collect::<Vec<_>>()
                        .join(", ");
                    summary.split += 1;
                    summary.too_long.push(TooLongRecord {
                        id,
                        title: title.to_string(),
                        bytes: bytes as u32,
                        outcome: TooLongOutcome::Split,
                        message: format!("{named}; written with {how} (MARC 21 repeatable notes)"),
                    });
                    return Ok(Placed::Main(false));
                }
                why_not_split = if fields.is_empty() {
                    // Many fields each short enough: there was nothing to split.
                    "; no field in it is too long, so splitting notes cannot help".to_string()
                } else {
                    format!(
                        "; with its notes split it is still {} bytes, more than ISO 2709 allows ({})",
                        written.len(),
                        carrel_marc::ISO2709_MAX_RECORD
                    )
                };
            }
            Err(carrel_marc::TooLong::Field(tag, _)) => {
                why_not_split = format!(
                    "; field {tag} cannot be split ({})",
                    why_not_splittable(&record, &tag)
                );
            }
            Err(carrel_marc::TooLong::Record(_)) => {}
        }
    }
    if beside.is_none() {
        let beside_path = too_long_path(path);
        // Named with the record, as every record that could not be written is.
        let output = Output::create(&beside_path).map_err(|e| match e {
            Error::InvalidInput(why) => Error::InvalidInput(format!("{named}: {why}")),
            e => e,
        })?;
        let xml_io =
            |e: std::io::Error| Error::io(format!("cannot write {}", beside_path.display()), e);
        let file = BufWriter::new(output.file.try_clone().map_err(xml_io)?);
        let xml = carrel_marc::marcxml::Writer::new(file).map_err(xml_io)?;
        summary.marcxml_path = Some(beside_path.display().to_string());
        *beside = Some(Beside {
            output,
            xml,
            path: beside_path,
        });
    }
    let b = beside.as_mut().expect("made above");
    let mut record = record;
    record.leader.set_character_coding(CharacterCoding::Utf8);
    b.xml
        .write_record(&record)
        .map_err(|e| Error::io(format!("cannot write {}", b.path.display()), e))?;
    let file_name = b
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    summary.too_long.push(TooLongRecord {
        id,
        title: title.to_string(),
        bytes: bytes as u32,
        outcome: TooLongOutcome::Marcxml,
        message: format!("{named}{why_not_split}; written whole in MARCXML to {file_name}"),
    });
    Ok(Placed::Beside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marcxml_file_is_named_after_the_export_beside_it() {
        for (given, beside) in [
            ("/home/ann/law.mrc", "/home/ann/law-too-long.xml"),
            ("law.mrc", "law-too-long.xml"),
            ("exports/v1.2.mrc", "exports/v1.2-too-long.xml"),
            ("/tmp/no-extension", "/tmp/no-extension-too-long.xml"),
        ] {
            assert_eq!(too_long_path(Path::new(given)), PathBuf::from(beside));
        }
    }
}

/// A reference-manager format for [`export_references`]: the records go through the
/// bibliography crosswalk (MARC 21 → CSL-JSON, [`crate::bibliography::crosswalk::csl_item`]) and
/// the bibliography writers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceFormat {
    /// RIS (UTF-8, CRLF), [`crate::bibliography::writers::write_ris`].
    Ris,
    /// BibTeX, [`crate::bibliography::writers::write_bibtex`].
    Bibtex,
    /// CSL-JSON: one JSON array of CSL items.
    CslJson,
}

/// Writes the selected records to `path` in a reference format, whole or not at all
/// ([`Output`]). The summary counts records written in `written` (`unchanged` is 0: nothing is
/// byte for byte). Keywords are the records' subject headings (MARC 21 600–655 and 653 $a).
///
/// Errors: [`Error::InvalidInput`] when the selection holds no record; [`Error::NotFound`] for
/// an id that is not in the catalogue; [`Error::Io`] naming the path when it cannot be written
/// (a read-only folder or file). Nothing is left under `path` after an error.
pub fn export_references(
    lib: &Library,
    selection: &Selection,
    format: ReferenceFormat,
    path: &Path,
) -> Result<ExportSummary> {
    use crate::bibliography::{crosswalk, render, writers};
    let ids = selected_ids(lib, selection)?;
    if ids.is_empty() {
        return Err(Error::InvalidInput(
            "no record selected: nothing to export".into(),
        ));
    }
    let mut items = Vec::with_capacity(ids.len());
    for id in &ids {
        let rec = super::get_marc(lib, *id)?;
        let mut item = render::public_item(&crosswalk::csl_item(&rec, &format!("r{id}")));
        let keywords = subject_keywords(&rec);
        if !keywords.is_empty() {
            if let Some(o) = item.as_object_mut() {
                o.insert("keyword".into(), keywords.join(", ").into());
            }
        }
        items.push(item);
    }
    let text = match format {
        ReferenceFormat::Ris => writers::write_ris(&items),
        ReferenceFormat::Bibtex => writers::write_bibtex(&items),
        ReferenceFormat::CslJson => {
            let mut s = serde_json::to_string_pretty(&items).expect("JSON values serialise");
            s.push('\n');
            s
        }
    };
    let mut output = Output::create(path)?;
    output
        .file
        .write_all(text.as_bytes())
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    output.commit()?;
    Ok(ExportSummary {
        path: path.display().to_string(),
        written: items.len() as u32,
        ..ExportSummary::default()
    })
}

/// The record's subject terms (MARC 21 600–655 $a, 653 included), in field order, without the
/// closing full stop, each once. A term holding a comma (a personal name heading) is left out:
/// CSL's `keyword` is one comma-separated string.
fn subject_keywords(rec: &carrel_marc::Record) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &rec.fields {
        let subject = ("600"..="655").contains(&f.tag());
        if !subject {
            continue;
        }
        if let Some(a) = f.subfield('a') {
            let term = a.trim().trim_end_matches('.').trim().to_string();
            if !term.is_empty() && !term.contains(',') && !out.contains(&term) {
                out.push(term);
            }
        }
    }
    out
}
