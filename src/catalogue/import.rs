//! Batch import of MARC files into the library.
//!
//! - ISO 2709 files (`.mrc`, `.marc`, `.dat`, …) and MARCXML, plain or gzip-compressed (detected
//!   by content, not by name). MARC-8 records are decoded to Unicode (NFC) for display and search;
//!   every record keeps the exact bytes it came with.
//! - A record that cannot be read is reported (file, record number, byte offset, reason), its
//!   bytes are kept in `import_rejects`, and the import goes on.
//! - The import is **all or nothing**: if it is cancelled or fails, the library is left exactly as
//!   it was before it started (see docs/architecture.md). It commits in batches that stay hidden
//!   until it finishes (see `batches.rs`), so that the desk can write meanwhile; the merges of
//!   duplicates are staged and applied in short transactions once the import is decided.

use crate::timestamp::Timestamp;
use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::marcfile::open_marc_entered;
use super::{find_duplicate, insert_record, insert_record_then, Incoming};
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::storage::Library;

// A batched import commits after this many records, or this long, whichever comes first, so
// that a desk action waits at most about this long; then pauses so that a waiting writer gets in
// (the same figures as every chunked write, see `batches.rs`).
use super::batches::{
    CHUNK_PAUSE as BATCH_PAUSE, CHUNK_RECORDS as BATCH_RECORDS, CHUNK_TIME as BATCH_TIME,
};

/// At most this many problems are listed in a summary; the rest are counted.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// One thing that went wrong or was repaired while importing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ImportProblem {
    /// The file's name as given.
    pub file: String,
    /// 1-based record number in the file (0 when the whole file is at fault).
    pub ordinal: u32,
    /// Byte offset of the record in the (uncompressed) file.
    #[ts(type = "number")]
    pub offset: u64,
    /// Line of the record's start (MARCXML and `.mrk` files only; reasons name the line of the
    /// fault).
    pub line: Option<u32>,
    /// The field at fault, when one is.
    pub tag: Option<String>,
    /// `error`: not imported (its bytes are kept aside); `warning`: imported after a repair;
    /// `duplicate`: matched a different record in the library and was skipped (a merge is no
    /// problem: [`ImportSummary::merged`] counts it).
    pub severity: Severity,
    /// What is wrong (or what was repaired, or which record it duplicates), as a sentence for the user.
    pub reason: String,
}

/// How bad an [`ImportProblem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record was not imported; its bytes are kept in `import_rejects`.
    Error,
    /// The record was imported after a repair.
    Warning,
    /// The record matched a different one already in the library and was not imported (policy
    /// [`DuplicatePolicy::Skip`]; the reason names the record and the matching key).
    Duplicate,
}

/// What to do with an incoming record that matches one already in the library (same 001 + 003,
/// or same ISBN, ISSN or LCCN; see [`super::keys`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Keep the library's record; the incoming one is not imported (it is reported).
    #[default]
    Skip,
    /// The incoming record replaces the library's record, whose old version is kept in its history.
    Merge,
    /// Import the incoming record as a new record beside the existing one.
    Add,
}

/// What an import did, shown at its end and printed by `carrel import --json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportSummary {
    /// The files imported, as their paths were given, in import order.
    pub files: Vec<String>,
    /// Records found in the files (imported + rejected + skipped + merged + unchanged).
    pub records_read: u32,
    /// Records stored in the library (0 when cancelled).
    pub imported: u32,
    /// Records that could not be read.
    pub rejected: u32,
    /// Duplicates not imported (policy `skip`).
    pub skipped: u32,
    /// Duplicates merged into the library's record as its new version (policy `merge`).
    pub merged: u32,
    /// Duplicates that are the library's record as it stands (the same leader and fields, 005
    /// aside, however the file encodes them): nothing written, no new version, not listed as a
    /// problem (policies `skip` and `merge`).
    pub unchanged: u32,
    /// Records imported with a repair (each listed as a warning problem).
    pub warnings: u32,
    /// MARC-8 records converted to Unicode (their original bytes are kept).
    pub marc8_decoded: u32,
    /// Records stored with characters that could not be decoded (shown as U+FFFD; each is
    /// listed as a warning).
    pub undecoded: u32,
    /// The user cancelled: nothing was kept.
    pub cancelled: bool,
    /// Wall-clock time the import took, in milliseconds.
    #[ts(type = "number")]
    pub elapsed_ms: u64,
    /// The first [`MAX_LISTED_PROBLEMS`] problems, in file order.
    pub problems: Vec<ImportProblem>,
    /// Problems not listed because of the cap.
    pub problems_omitted: u32,
    /// Per file read, in import order, the format it was recognised as and its records, one
    /// line each: "refs.bib: BibTeX, 12 entries", "vendor.mrc: ISO 2709, 500 records".
    pub formats: Vec<String>,
    /// A dry run ([`dry_run_import`]): the counts say what the import would do; nothing was
    /// written to the library.
    pub dry_run: bool,
}

/// Progress events, streamed to the window (a Tauri channel) or the terminal.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ImportEvent {
    /// Sent when a file was opened, before its first record.
    FileStarted {
        /// The file's path as given.
        file: String,
        /// 0-based index of this file among `files`.
        index: u32,
        /// How many files the import has in all.
        files: u32,
        /// Size of the file on disk (compressed size for a gzip file).
        #[ts(type = "number")]
        bytes_total: u64,
    },
    /// Sent at most every `progress_interval` while records are read, and at each file's end;
    /// counts are for the whole import so far.
    Progress {
        /// The path of the file being read.
        file: String,
        /// Records read so far, all files together.
        records_read: u32,
        /// Records stored so far (kept only if the import is not cancelled).
        imported: u32,
        /// Records that could not be read so far.
        rejected: u32,
        /// Duplicates not imported so far (policy `skip`).
        skipped: u32,
        /// Duplicates merged so far (policy `merge`; applied once every record is read).
        merged: u32,
        /// Duplicates that are the library's record as it stands so far (nothing written).
        unchanged: u32,
        /// Bytes of the current file read so far (on disk).
        #[ts(type = "number")]
        bytes_read: u64,
        /// Size of the current file on disk, in bytes (compressed size for a gzip file).
        #[ts(type = "number")]
        bytes_total: u64,
        /// Records read per second since the import began, rounded to a whole number.
        records_per_second: f64,
    },
    /// Sent once at the end, also after a cancel.
    Finished {
        /// What the import did.
        summary: ImportSummary,
    },
}

/// Options of an import.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// Timestamp stored with the records; the caller's clock, not the core's.
    pub now: Timestamp,
    /// Minimum time between two `Progress` events.
    pub progress_interval: Duration,
    /// What to do with records that match one already stored.
    pub duplicates: DuplicatePolicy,
}

impl ImportOptions {
    /// Options with a 100 ms progress interval and duplicates skipped.
    pub fn new(now: Timestamp) -> ImportOptions {
        ImportOptions {
            now,
            progress_interval: Duration::from_millis(100),
            duplicates: DuplicatePolicy::Skip,
        }
    }

    /// The same options with another duplicate policy.
    pub fn with_duplicates(mut self, policy: DuplicatePolicy) -> ImportOptions {
        self.duplicates = policy;
        self
    }
}

/// Reads and converts `paths` as [`import_files`] would into the library at `library` and
/// reports what the import would do (counts, duplicates found, problems by line, the format of
/// each file), writing nothing to the library: the import runs against a copy of it made with
/// SQLite's `VACUUM INTO` in a temporary folder (removed afterwards), so every check an import
/// makes (duplicates against the library and within the files, merges) is the real one. The
/// library file is only read; one that does not exist yet is not created. The copy costs about
/// the library's size in temporary disk space and time.
///
/// The summary has `dry_run: true`. Errors: [`Error::Database`] when the library cannot be read
/// or copied; [`Error::Io`] when no temporary folder can be made; those of [`import_files`].
pub fn dry_run_import(
    library: &Path,
    paths: &[PathBuf],
    options: &ImportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportSummary> {
    let dir = tempfile::Builder::new()
        .prefix("carrel-dry-run-")
        .tempdir()
        .map_err(|e| {
            Error::io(
                "cannot make a temporary folder for the dry run".to_string(),
                e,
            )
        })?;
    let copy = dir.path().join("library.sqlite");
    if library.exists() {
        // Opened without CREATE, only read: VACUUM INTO writes the consistent copy elsewhere.
        let conn = rusqlite::Connection::open_with_flags(
            library,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.execute("VACUUM INTO ?1", [copy.to_string_lossy().as_ref()])?;
    }
    let mut lib = crate::open_library(Some(&copy), options.now)?;
    let mut summary = import_files(&mut lib, paths, options, cancel, progress)?;
    summary.dry_run = true;
    Ok(summary)
}

/// Imports MARC files into the library, all or nothing, in hidden batches (merges of
/// duplicates staged, then applied in short transactions once every record is read).
///
/// `progress` receives `FileStarted`, then `Progress` at most every `progress_interval`, and
/// `Finished`. Setting `cancel` stops the import at the next record and rolls everything back; the
/// summary then has `cancelled: true` and `imported: 0`.
///
/// A file that cannot be opened is reported as a problem (record number 0) and the others go
/// on. Errors: [`Error::Database`] when the library cannot be written (the transaction is rolled
/// back and the library is unchanged).
pub fn import_files(
    lib: &mut Library,
    paths: &[PathBuf],
    options: &ImportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&ImportEvent),
) -> Result<ImportSummary> {
    let started = Instant::now();
    let mut summary = ImportSummary {
        files: paths.iter().map(|p| p.display().to_string()).collect(),
        ..ImportSummary::default()
    };
    let problem = |summary: &mut ImportSummary, p: ImportProblem| {
        if summary.problems.len() < MAX_LISTED_PROBLEMS {
            summary.problems.push(p);
        } else {
            summary.problems_omitted += 1;
        }
    };
    let barcode_rules = super::barcode::barcode_rules(lib)?;
    // Commits in batches that stay hidden until the end. A merge changes a record already shown:
    // it is staged, and applied once the import is decided (all read, not cancelled).
    let batch = super::batches::Batch::begin(lib)?;
    let import_id = batch.id;
    // Staged merges whose record brings items: where to report the items that cannot be made
    // (they are made when the merge is applied), and whether the record was already counted as
    // imported with a repair.
    let mut merge_sites: HashMap<i64, (ImportProblem, bool)> = HashMap::new();
    // The merge this import staged last for each record (a record's current version as the
    // import sees it, before any merge is applied).
    let mut last_staged: HashMap<RecordId, i64> = HashMap::new();
    // The last file read and its size: what the progress reports while merges are applied.
    let mut last_file = (String::new(), 0u64);
    let outcome = (|| -> Result<()> {
        // IMMEDIATE: take the write lock now (waiting up to the busy timeout for another writer),
        // rather than failing halfway when a read turns into a write.
        let mut tx = lib.immediate()?;
        let mut batch_len = 0usize;
        let mut batch_started = Instant::now();
        let mut last_report = Instant::now();
        'files: for (index, path) in paths.iter().enumerate() {
            let file_name = path.display().to_string();
            let (stream, bytes_total, bytes_read) =
                match open_marc_entered(path, Some(options.now.date())) {
                    Ok(v) => v,
                    Err(e) => {
                        problem(
                            &mut summary,
                            ImportProblem {
                                file: file_name,
                                ordinal: 0,
                                offset: 0,
                                line: None,
                                tag: None,
                                severity: Severity::Error,
                                reason: e.to_string(),
                            },
                        );
                        continue;
                    }
                };
            progress(&ImportEvent::FileStarted {
                file: file_name.clone(),
                index: index as u32,
                files: paths.len() as u32,
                bytes_total,
            });
            let source = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file_name.clone());
            let format_name = stream.format_name();
            let read_before = summary.records_read;
            last_file = (file_name.clone(), bytes_total);
            for item in stream {
                if cancel.load(Ordering::Relaxed) {
                    summary.cancelled = true;
                    break 'files;
                }
                // Let the desk in: commit what is written (still hidden) every few hundred records
                // or tenth of a second. Checked before each record, so that a long run of
                // duplicates that write nothing does not hold the lock either.
                if batch_len >= BATCH_RECORDS || batch_started.elapsed() >= BATCH_TIME {
                    tx.commit()?;
                    // A writer waiting for the lock (it tries every millisecond) gets in here.
                    std::thread::sleep(BATCH_PAUSE);
                    tx = lib.immediate()?;
                    batch_len = 0;
                    batch_started = Instant::now();
                }
                batch_len += 1;
                summary.records_read += 1;
                let problem_at = |severity, tag: Option<String>, reason: String| ImportProblem {
                    file: file_name.clone(),
                    ordinal: item.ordinal as u32,
                    offset: item.offset,
                    line: item.line.map(|l| l as u32),
                    tag,
                    severity,
                    reason,
                };
                match &item.outcome {
                    Ok(read) => {
                        let incoming = Incoming {
                            record: &read.record,
                            raw: &read.raw,
                            undecoded: read.undecoded,
                            warnings: &read.warnings,
                            source: Some((&source, item.ordinal)),
                        };
                        let duplicate = match options.duplicates {
                            DuplicatePolicy::Add => None,
                            DuplicatePolicy::Skip => find_duplicate(&tx, &read.record)?,
                            DuplicatePolicy::Merge => match find_duplicate(&tx, &read.record)? {
                                Some(found) => Some(found),
                                None => super::batches::find_staged_duplicate(
                                    &tx,
                                    import_id,
                                    &read.record,
                                )?,
                            },
                        };
                        // A duplicate that is the library's record as this import sees it (its
                        // staged version, if this import merged one) writes nothing: importing a
                        // file again adds no empty versions and lists no problems.
                        if let Some((id, _)) = &duplicate {
                            let staged = last_staged.get(id).copied();
                            let seen = super::batches::current_marc(&tx, staged, *id)?;
                            if seen.is_some_and(|stored| {
                                super::store::same_record(&read.record, &read.raw, &stored)
                            }) {
                                summary.unchanged += 1;
                                continue_progress(
                                    &mut last_report,
                                    options,
                                    &started,
                                    &summary,
                                    &file_name,
                                    &bytes_read,
                                    bytes_total,
                                    progress,
                                );
                                continue;
                            }
                        }
                        // Items (852/876, Koha 952): read only when the record has such a field.
                        let has_holdings = super::holdings::has_holdings(&read.record);
                        let mut item_warnings: Vec<(String, String)> = Vec::new();
                        let duplicate_merged = duplicate.is_some();
                        let stored_id = match duplicate {
                            Some((id, key)) if options.duplicates == DuplicatePolicy::Skip => {
                                summary.skipped += 1;
                                let reason = format!(
                                    "not imported: same {} as record {id} in the library",
                                    describe_key(&key)
                                );
                                problem(
                                    &mut summary,
                                    problem_at(Severity::Duplicate, None, reason),
                                );
                                continue_progress(
                                    &mut last_report,
                                    options,
                                    &started,
                                    &summary,
                                    &file_name,
                                    &bytes_read,
                                    bytes_total,
                                    progress,
                                );
                                continue;
                            }
                            Some((id, _)) => {
                                let by = format!("import of {source} #{}", item.ordinal);
                                let staged = super::batches::stage_merge(
                                    &tx,
                                    import_id,
                                    id,
                                    &incoming,
                                    &by,
                                    options.now,
                                )?;
                                last_staged.insert(id, staged);
                                if has_holdings {
                                    merge_sites.insert(
                                        staged,
                                        (
                                            problem_at(Severity::Warning, None, String::new()),
                                            !read.warnings.is_empty(),
                                        ),
                                    );
                                }
                                // Counted, not listed: a merge is what the user asked for,
                                // nothing a person must look at.
                                summary.merged += 1;
                                id
                            }
                            None if has_holdings => {
                                // Items first, so that the record is indexed once, with them.
                                let id =
                                    insert_record_then(&tx, &incoming, options.now, &mut |id| {
                                        let (w, _) = super::holdings::write_items(
                                            &tx,
                                            id,
                                            &read.record,
                                            &barcode_rules,
                                            options.now,
                                        )?;
                                        item_warnings = w;
                                        Ok(())
                                    })?;
                                summary.imported += 1;
                                id
                            }
                            None => {
                                let id = insert_record(&tx, &incoming, options.now)?;
                                summary.imported += 1;
                                id
                            }
                        };
                        if !duplicate_merged {
                            super::batches::hide(&tx, import_id, stored_id, options.now)?;
                        }
                        summary.marc8_decoded += u32::from(read.marc8);
                        summary.undecoded += u32::from(read.undecoded);
                        if !read.warnings.is_empty() || !item_warnings.is_empty() {
                            summary.warnings += 1;
                        }
                        if !read.warnings.is_empty() {
                            problem(
                                &mut summary,
                                problem_at(Severity::Warning, None, read.warnings.join("; ")),
                            );
                        }
                        // An item that could not be made is a warning on its record, never a lost record.
                        for (tag, reason) in item_warnings {
                            problem(
                                &mut summary,
                                problem_at(Severity::Warning, Some(tag), reason),
                            );
                        }
                    }
                    Err(err) => {
                        summary.rejected += 1;
                        super::rejects::stage_reject(
                            &tx,
                            import_id,
                            &source,
                            item.ordinal,
                            item.offset,
                            err,
                            options.now,
                        )?;
                        problem(
                            &mut summary,
                            problem_at(Severity::Error, err.tag.clone(), err.reason.clone()),
                        );
                    }
                }
                continue_progress(
                    &mut last_report,
                    options,
                    &started,
                    &summary,
                    &file_name,
                    &bytes_read,
                    bytes_total,
                    progress,
                );
            }
            let read_here = summary.records_read - read_before;
            let unit = match (format_name, read_here) {
                ("ISO 2709" | "MARCXML" | "MarcEdit .mrk", 1) => "record",
                ("ISO 2709" | "MARCXML" | "MarcEdit .mrk", _) => "records",
                (_, 1) => "entry",
                _ => "entries",
            };
            summary
                .formats
                .push(format!("{source}: {format_name}, {read_here} {unit}"));
            if summary.records_read == read_before {
                // An empty file, or one of only blank or NUL bytes: "0 records imported" alone would
                // hide that the wrong file was picked (or a copy failed). Record 0 marks the file.
                problem(
                    &mut summary,
                    ImportProblem {
                        file: file_name.clone(),
                        ordinal: 0,
                        offset: 0,
                        line: None,
                        tag: None,
                        severity: Severity::Warning,
                        reason: format!(
                            "no records in this file ({}): nothing was imported from it",
                            if bytes_total == 0 {
                                "it is empty".to_string()
                            } else {
                                format!("{bytes_total} bytes, none of them a MARC record")
                            }
                        ),
                    },
                );
            }
            progress(&progress_event(
                &started,
                &summary,
                &file_name,
                bytes_read.get(),
                bytes_total,
            ));
        }
        if summary.cancelled {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(())
    })();
    match outcome {
        Ok(()) if !summary.cancelled => {
            let mut late: Vec<(i64, Vec<(String, String)>)> = Vec::new();
            let mut last_report = Instant::now();
            batch.publish(
                lib,
                &barcode_rules,
                &mut |staged, warnings| late.push((staged, warnings)),
                // Applying many merges takes a while: the window's progress keeps moving.
                &mut || {
                    if last_report.elapsed() >= options.progress_interval {
                        last_report = Instant::now();
                        progress(&progress_event(
                            &started,
                            &summary,
                            &last_file.0,
                            last_file.1,
                            last_file.1,
                        ));
                    }
                },
            )?;
            // The items of merged records, made as their merge was applied.
            for (staged, warnings) in late {
                let Some((site, counted)) = merge_sites.remove(&staged) else {
                    continue;
                };
                if !counted {
                    summary.warnings += 1;
                }
                for (tag, reason) in warnings {
                    problem(
                        &mut summary,
                        ImportProblem {
                            tag: Some(tag),
                            reason,
                            ..site.clone()
                        },
                    );
                }
            }
        }
        Ok(()) => batch.discard(lib)?,
        Err(e) => {
            let _ = batch.discard(lib);
            return Err(e);
        }
    }
    if summary.cancelled {
        summary.imported = 0;
        summary.merged = 0;
        summary.skipped = 0;
        summary.unchanged = 0;
        summary.marc8_decoded = 0;
        summary.undecoded = 0;
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    progress(&ImportEvent::Finished {
        summary: summary.clone(),
    });
    Ok(summary)
}

fn progress_event(
    started: &Instant,
    summary: &ImportSummary,
    file: &str,
    bytes_read: u64,
    bytes_total: u64,
) -> ImportEvent {
    let secs = started.elapsed().as_secs_f64().max(1e-3);
    ImportEvent::Progress {
        file: file.to_string(),
        records_read: summary.records_read,
        imported: summary.imported,
        rejected: summary.rejected,
        skipped: summary.skipped,
        merged: summary.merged,
        unchanged: summary.unchanged,
        bytes_read,
        bytes_total,
        records_per_second: (summary.records_read as f64 / secs).round(),
    }
}

/// Sends a `Progress` event when the interval has passed since the last one.
#[allow(clippy::too_many_arguments)]
fn continue_progress(
    last_report: &mut Instant,
    options: &ImportOptions,
    started: &Instant,
    summary: &ImportSummary,
    file: &str,
    bytes_read: &Cell<u64>,
    bytes_total: u64,
    progress: &mut dyn FnMut(&ImportEvent),
) {
    if last_report.elapsed() >= options.progress_interval {
        *last_report = Instant::now();
        progress(&progress_event(
            started,
            summary,
            file,
            bytes_read.get(),
            bytes_total,
        ));
    }
}

/// `"isbn:9780306406157"` → `"ISBN 9780306406157"`, for messages.
fn describe_key(key: &str) -> String {
    match key.split_once(':') {
        Some(("issn", v)) if v.len() == 8 => format!("ISSN {}-{}", &v[..4], &v[4..]),
        Some(("cn", v)) => match v.split_once('|') {
            Some(("", n)) => format!("control number {n}"),
            Some((org, n)) => format!("control number {n} ({org})"),
            None => format!("control number {v}"),
        },
        Some((kind, v)) => format!("{} {v}", kind.to_uppercase()),
        None => key.to_string(),
    }
}

/// The import report as plain text, to save beside the files: the counts, then one line per
/// problem (`file  record N  [line L]  offset B  [field T]  severity: reason`).
pub fn report_text(summary: &ImportSummary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "Carrel import report");
    for f in &summary.files {
        let _ = writeln!(out, "File: {f}");
    }
    if summary.cancelled {
        let _ = writeln!(
            out,
            "CANCELLED: nothing was imported; the library is as it was."
        );
    }
    let _ = writeln!(
        out,
        "Records read: {}\nImported: {}\nRejected: {}\nDuplicates skipped: {}\nDuplicates merged: {}\nDuplicates unchanged (already in the library): {}\nImported with repairs: {}\nMARC-8 records converted to Unicode: {}\nWith undecodable characters: {}\nTime: {:.1} s",
        summary.records_read,
        summary.imported,
        summary.rejected,
        summary.skipped,
        summary.merged,
        summary.unchanged,
        summary.warnings,
        summary.marc8_decoded,
        summary.undecoded,
        summary.elapsed_ms as f64 / 1000.0
    );
    if !summary.problems.is_empty() {
        let _ = writeln!(out, "\nProblems:");
    }
    for p in &summary.problems {
        let severity = match p.severity {
            Severity::Warning if p.ordinal == 0 => "no records",
            Severity::Error => "rejected",
            Severity::Warning => "repaired",
            Severity::Duplicate => "duplicate",
        };
        let field = p
            .tag
            .as_deref()
            .map(|t| format!("  field {t}"))
            .unwrap_or_default();
        let line = p.line.map(|l| format!("  line {l}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{}  record {}{line}  offset {}{field}  {severity}: {}",
            p.file, p.ordinal, p.offset, p.reason
        );
    }
    if summary.problems_omitted > 0 {
        let _ = writeln!(
            out,
            "… and {} more problems not listed",
            summary.problems_omitted
        );
    }
    out
}
