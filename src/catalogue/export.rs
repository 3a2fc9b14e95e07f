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

use crate::ids::RecordId;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
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
    /// The file written, as given.
    pub path: String,
    /// Records written.
    pub written: u32,
    /// Of those, records written byte for byte as they were imported.
    pub unchanged: u32,
    /// Records that could not be written (each listed in `problems`).
    pub failed: u32,
    /// The user cancelled: the file was not written (an existing file is left as it was).
    pub cancelled: bool,
    /// Why each failed record could not be written, one sentence each, in export order.
    pub problems: Vec<String>,
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

/// Refuses bytes that are not a valid ISO 2709 record (too long for its length digits): written,
/// they would be a broken record. MARCXML has no such limit.
fn fits_iso2709(bytes: &[u8], id: RecordId) -> Result<()> {
    carrel_marc::check_iso2709_lengths(bytes).map_err(|e| {
        Error::InvalidInput(format!(
            "record {id}: not exported: {e}; export it as MARCXML instead"
        ))
    })
}

/// Where the records go.
enum Sink {
    Iso2709(BufWriter<File>),
    Marcxml(carrel_marc::marcxml::Writer<BufWriter<File>>),
}

/// Writes the selected records to `path`. `progress` is called at the start, every 500 records and
/// at the end;
/// setting `cancel` stops the export and removes the partial file. A record that cannot be
/// written (in ISO 2709 also one too long for its length digits: more than 99,999 bytes, or a
/// field of more than 9,999) is listed in the summary and the export goes on. Errors:
/// [`Error::Io`] when the file cannot be written; [`Error::NotFound`] (every record asked for is
/// missing) or [`Error::InvalidInput`] when records were asked for and none could be written.
/// Nothing is left under `path` after an error.
pub fn export_to_path(
    lib: &Library,
    selection: &Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
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
    };
    let mut summary = ExportSummary {
        path: path.display().to_string(),
        ..ExportSummary::default()
    };
    progress(&ExportProgress { written: 0, total });
    let result = (|| -> Result<()> {
        let mut stmt = lib
            .conn()
            .prepare_cached("SELECT marc FROM records WHERE id = ?1")?;
        for id in ids {
            if cancel.load(Ordering::Relaxed) {
                summary.cancelled = true;
                return Ok(());
            }
            let Some(raw) = stmt
                .query_row([id], |r| r.get::<_, Vec<u8>>(0))
                .optional()?
            else {
                summary.failed += 1;
                summary
                    .problems
                    .push(format!("record {id}: no such record"));
                continue;
            };
            let items = super::items::items_in_id_order(lib, id)?;
            let written = match &mut sink {
                // A record with items is written with them (MARC 21 852/876, see `holdings`), so
                // no longer byte for byte.
                Sink::Iso2709(out) if !items.is_empty() => parse_stored(&raw, id).and_then(|p| {
                    let mut record = p.record;
                    super::holdings::merge_items(&mut record, &items);
                    let bytes = match encoding {
                        ExportEncoding::Utf8 => {
                            record.leader.set_character_coding(CharacterCoding::Utf8);
                            carrel_marc::write_iso2709(&record)
                        }
                        ExportEncoding::Marc8 => carrel_marc::write_iso2709_marc8(&record),
                    };
                    fits_iso2709(&bytes, id)?;
                    out.write_all(&bytes).map(|()| false).map_err(io)
                }),
                Sink::Iso2709(out) => {
                    encode_record(&raw, encoding, id).and_then(|(bytes, unchanged)| {
                        fits_iso2709(&bytes, id)?;
                        out.write_all(&bytes).map(|()| unchanged).map_err(io)
                    })
                }
                Sink::Marcxml(xml) => {
                    parse_stored(&raw, id)
                        .map(|p| p.record)
                        .and_then(|mut record| {
                            super::holdings::merge_items(&mut record, &items);
                            record.leader.set_character_coding(CharacterCoding::Utf8);
                            xml.write_record(&record).map(|_| false).map_err(io)
                        })
                }
            };
            match written {
                Ok(unchanged) => {
                    summary.written += 1;
                    summary.unchanged += u32::from(unchanged);
                    if summary.written.is_multiple_of(500) {
                        progress(&ExportProgress {
                            written: summary.written,
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
        }
        Ok(())
    })();
    match result {
        // Records were asked for and none could be written: an empty file would look like a
        // successful export. Dropping the output leaves nothing under `path`.
        Ok(()) if !summary.cancelled && summary.written == 0 && summary.failed > 0 => {
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
            output.commit()?;
            progress(&ExportProgress {
                written: summary.written,
                total,
            });
            Ok(summary)
        }
        // Dropping the output removes its temporary file: nothing appears under `path`.
        Ok(()) => Ok(summary),
        Err(e) => Err(e),
    }
}
