//! `carrel`: the command line. Everything the window does, a script can do.
//!
//! Exit status: 0 done (an import or dump that skipped unreadable records still exits 0 and
//! reports them); 1 the action failed (the message, or `{"kind","message"}` with `--json`, says
//! why); 2 the command line was wrong.

use carrel::RecordId;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand, ValueEnum};

mod archive;
mod bibliography;
mod circulation;
mod items;
mod maintenance;
mod records;
mod rejects;
mod search;
mod subjects;

use carrel::catalogue::export::{
    export_references, export_to_path_with, ExportEncoding, ExportFormat, LongRecords,
    ReferenceFormat, Selection,
};
use carrel::catalogue::get_record;
use carrel::catalogue::import::{
    dry_run_import, import_files, DuplicatePolicy, ImportEvent, ImportOptions,
};
use carrel::catalogue::marcfile::open_marc;
use carrel::catalogue::standard_numbers::{validate, NumberKind};
use carrel::{ApiError, Error};

#[derive(Parser)]
#[command(
    name = "carrel",
    version,
    about = "Carrel: catalogue, loans and bibliographies for a one-person library"
)]
struct Cli {
    /// The library file (default: $CARREL_LIBRARY, else ~/.local/share/carrel/library.sqlite).
    #[arg(long, global = true, value_name = "FILE")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of its largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Import MARC files (ISO 2709 in UTF-8 or MARC-8, MARCXML or MarcEdit .mrk; plain or gzip)
    /// and reference-manager files (BibTeX/BibLaTeX, RIS, CSL-JSON, EndNote XML), all or nothing.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Records that match one in the library (same 001+003, ISBN, ISSN, LCCN or DOI): skip them,
        /// merge them in as the record's new version, or add them as new records.
        #[arg(long, value_enum, default_value_t = Duplicates::Skip)]
        duplicates: Duplicates,
        /// Read and convert everything and report what would be imported (counts, duplicates,
        /// problems, each file's format), writing nothing to the library.
        #[arg(long)]
        dry_run: bool,
        /// Print the import summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the catalogue (words are ANDed; the last word also matches as a prefix; syntax in docs/search.md).
    Search(search::SearchArgs),
    /// Show one record.
    Show {
        record_id: RecordId,
        #[arg(long, value_enum, default_value_t = ShowFormat::Mnemonic)]
        format: ShowFormat,
    },
    /// Export records to ISO 2709, MARCXML, MarcEdit's .mrk, RIS, BibTeX or CSL-JSON (the whole
    /// library, or what a search finds).
    Export {
        /// Only the records this search finds (same words as `search`).
        #[arg(long)]
        query: Option<String>,
        /// Only these record ids (repeatable).
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<RecordId>,
        #[arg(long, value_enum, default_value_t = ExportAs::Iso2709)]
        format: ExportAs,
        /// Character encoding of ISO 2709 output (MARCXML and .mrk are always Unicode).
        #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
        encoding: Encoding,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// ISO 2709 only: split long 505 contents notes and other repeatable 5XX notes into
        /// several fields (MARC 21 allows it) so that a record too long for ISO 2709 fits. Without
        /// it, such a record is written whole in MARCXML beside the file (NAME-too-long.xml).
        #[arg(long)]
        split_long_fields: bool,
        /// Print the export summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check ISBNs, ISSNs or LCCNs: prints, per value, whether it is valid, its normalised form and
    /// (ISBN) the hyphenated ISBN-13. Exits 0 whatever the verdicts (they are in the output).
    Validate {
        #[arg(value_enum)]
        kind: NumberArg,
        #[arg(required = true)]
        values: Vec<String>,
        /// Print a JSON array of {input, valid, normalized, hyphenated}.
        #[arg(long)]
        json: bool,
    },
    /// Call numbers.
    Callnumber {
        #[command(subcommand)]
        command: CallnumberCommand,
    },
    /// Items (copies) of records: add, show, list, edit, delete, found by barcode.
    Item {
        #[command(subcommand)]
        command: items::ItemCommand,
    },
    /// Print items in shelf order (call number, barcode, location, title).
    Shelflist {
        /// Only this shelving location.
        #[arg(long, value_name = "L")]
        location: Option<String>,
        /// Start where this call number stands in shelf order.
        #[arg(long, value_name = "CALLNO")]
        from: Option<String>,
        /// At most this many items (default: all).
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Print a JSON array of entries.
        #[arg(long)]
        json: bool,
    },
    /// Library settings.
    Settings {
        #[command(subcommand)]
        command: items::SettingsCommand,
    },
    /// Work on MARC files without a library.
    Marc {
        #[command(subcommand)]
        command: MarcCommand,
    },
    /// Subject headings in use with their record counts; rename or merge them in every record.
    Subjects(subjects::SubjectsArgs),
    /// One catalogue record: create, edit, duplicate, validate; delete, restore, history, revert.
    Record {
        #[command(subcommand)]
        command: RecordCommand,
    },
    /// Records imports could not read: list them, save them as a file to mend, or clear them.
    Rejects(rejects::RejectsArgs),
    /// Deleted records, restorable until they are removed for good 30 days after deletion.
    Trash {
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Circulation(circulation::CirculationCommand),
    /// Bibliographies: records in a CSL style (APA, Chicago, MLA, OSCOLA, …) as HTML, RTF, DOCX,
    /// PDF, text, BibTeX, RIS or CSL-JSON; stored bibliographies.
    Bibliography(bibliography::BibliographyArgs),
    /// Everything in the library in one portable zip (MARCXML, CSV, JSON, a README of the
    /// columns), and back into an empty library.
    Archive {
        #[command(subcommand)]
        command: archive::ArchiveCommand,
    },
    #[command(flatten)]
    Maintenance(maintenance::MaintenanceCommand),
}

// Parsed once per run: the size of its largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum RecordCommand {
    /// Delete a record (restorable for 30 days). A record with items needs --with-items.
    Delete {
        id: RecordId,
        /// Delete its items (copies) too; refused while one is on loan.
        #[arg(long)]
        with_items: bool,
        #[arg(long)]
        json: bool,
    },
    /// Take a deleted record out of the trash.
    Restore {
        id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// Remove a deleted record for good now (frees its items' barcodes).
    Purge {
        id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// The record's earlier versions, newest first: when, who, what changed.
    History {
        id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// Make an earlier version (see `history`) the current record again.
    Revert {
        id: RecordId,
        /// The version's number in the record's history (`version N` there: 1 is the oldest).
        version: u32,
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Edit(records::EditCommand),
}

#[derive(Subcommand)]
enum MarcCommand {
    /// Print every record of a MARC file (ISO 2709, MARCXML or .mrk, plain or gzip) in mnemonic form
    /// (`=245  10$a…`), MARC-8 decoded to Unicode; problems go to stderr.
    Dump { file: PathBuf },
    /// Convert a MARC file between ISO 2709, MARCXML and MarcEdit's .mrk, UTF-8 and MARC-8.
    Convert {
        input: PathBuf,
        output: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Iso2709)]
        to: Format,
        /// Character encoding of ISO 2709 output.
        #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
        encoding: Encoding,
        /// Print the conversion summary as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CallnumberCommand {
    /// Read call numbers, one per line, from standard input and print them in shelf order.
    /// Without --scheme a line that fits the library's default scheme (when the library exists
    /// and has one) takes it; the others are guessed from their form and the list (a bare number
    /// among LC call numbers is local); the guesses are summed up on standard error.
    Sort {
        /// The classification: LC, Dewey, local (natural order), or guessed per line.
        #[arg(long, value_enum, default_value_t = SchemeArg::Auto)]
        scheme: SchemeArg,
        /// Print a JSON array of {call_number, scheme, guessed, from, key, warning} in shelf order.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Lcc,
    Ddc,
    Local,
    Auto,
}

#[derive(Clone, Copy, ValueEnum)]
enum NumberArg {
    Isbn,
    Issn,
    Lccn,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Iso2709,
    Marcxml,
    /// MarcEdit's mnemonic text (.mrk), UTF-8.
    Mrk,
}

#[derive(Clone, Copy, ValueEnum)]
enum Encoding {
    Utf8,
    Marc8,
}

/// What `export` writes: a MARC format or a reference manager's.
#[derive(Clone, Copy, ValueEnum)]
enum ExportAs {
    Iso2709,
    Marcxml,
    /// MarcEdit's mnemonic text (.mrk), UTF-8.
    Mrk,
    /// RIS, through the bibliography crosswalk.
    Ris,
    /// BibTeX, through the bibliography crosswalk.
    Bibtex,
    /// CSL-JSON (one JSON array), through the bibliography crosswalk.
    CslJson,
}

impl ExportAs {
    /// The MARC format, or the reference format.
    fn split(self) -> Result<ExportFormat, ReferenceFormat> {
        match self {
            ExportAs::Iso2709 => Ok(ExportFormat::Iso2709),
            ExportAs::Marcxml => Ok(ExportFormat::Marcxml),
            ExportAs::Mrk => Ok(ExportFormat::Mrk),
            ExportAs::Ris => Err(ReferenceFormat::Ris),
            ExportAs::Bibtex => Err(ReferenceFormat::Bibtex),
            ExportAs::CslJson => Err(ReferenceFormat::CslJson),
        }
    }
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> ExportFormat {
        match f {
            Format::Iso2709 => ExportFormat::Iso2709,
            Format::Marcxml => ExportFormat::Marcxml,
            Format::Mrk => ExportFormat::Mrk,
        }
    }
}

impl From<Encoding> for ExportEncoding {
    fn from(e: Encoding) -> ExportEncoding {
        match e {
            Encoding::Utf8 => ExportEncoding::Utf8,
            Encoding::Marc8 => ExportEncoding::Marc8,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Duplicates {
    Skip,
    Merge,
    Add,
}

impl From<Duplicates> for DuplicatePolicy {
    fn from(d: Duplicates) -> DuplicatePolicy {
        match d {
            Duplicates::Skip => DuplicatePolicy::Skip,
            Duplicates::Merge => DuplicatePolicy::Merge,
            Duplicates::Add => DuplicatePolicy::Add,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Mnemonic,
    Json,
}

/// The clock's date and time, with the local offset: the core never reads the clock itself.
fn now() -> carrel::Timestamp {
    chrono::Local::now().into()
}

fn print_json<T: serde::Serialize>(value: &T) {
    emit(&format!(
        "{}\n",
        serde_json::to_string_pretty(value).expect("serialisable")
    ));
}

/// Writes to standard output; when the reader went away (`carrel … | head`), stops quietly.
fn emit(text: &str) {
    if let Err(e) = std::io::stdout().lock().write_all(text.as_bytes()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("carrel: cannot write output: {e}");
        std::process::exit(1);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(
        cli.command,
        Command::Import { json: true, .. }
            | Command::Search(search::SearchArgs { json: true, .. })
            | Command::Export { json: true, .. }
            | Command::Marc {
                command: MarcCommand::Convert { json: true, .. }
            }
            | Command::Show {
                format: ShowFormat::Json,
                ..
            }
            | Command::Trash { json: true }
            | Command::Record {
                command: RecordCommand::Delete { json: true, .. }
                    | RecordCommand::Restore { json: true, .. }
                    | RecordCommand::Purge { json: true, .. }
                    | RecordCommand::History { json: true, .. }
                    | RecordCommand::Revert { json: true, .. }
            }
    ) || matches!(&cli.command, Command::Subjects(args) if args.json())
        || matches!(&cli.command, Command::Rejects(args) if args.json())
        || matches!(&cli.command, Command::Record { command: RecordCommand::Edit(c) } if c.json());
    let json = json
        || match &cli.command {
            Command::Item { command } => items::item_wants_json(command),
            Command::Settings { command } => items::settings_wants_json(command),
            Command::Shelflist { json, .. } => *json,
            Command::Callnumber {
                command: CallnumberCommand::Sort { json, .. },
            } => *json,
            Command::Circulation(c) => c.json(),
            Command::Maintenance(c) => c.json(),
            Command::Archive { command } => command.json(),
            _ => false,
        };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if json {
                print_json(&ApiError::from(e));
            } else {
                eprintln!("carrel: {e}");
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let library = cli.library.as_deref();
    match cli.command {
        Command::Subjects(args) => subjects::run_subjects(library, args),
        Command::Trash { json } => subjects::run_trash(library, json),
        Command::Rejects(args) => rejects::run(library, args),
        Command::Circulation(command) => circulation::run(library, command),
        Command::Bibliography(args) => bibliography::run(library, args),
        Command::Archive { command } => archive::run(library, command),
        Command::Maintenance(command) => maintenance::run(library, command),
        Command::Record {
            command:
                RecordCommand::Delete {
                    id,
                    with_items,
                    json,
                },
        } => subjects::run_delete(library, id, with_items, json),
        Command::Record {
            command: RecordCommand::Restore { id, json },
        } => subjects::run_restore(library, id, json),
        Command::Record {
            command: RecordCommand::Purge { id, json },
        } => subjects::run_purge(library, id, json),
        Command::Record {
            command: RecordCommand::History { id, json },
        } => subjects::run_history(library, id, json),
        Command::Record {
            command: RecordCommand::Revert { id, version, json },
        } => subjects::run_revert(library, id, version, json),
        Command::Record {
            command: RecordCommand::Edit(command),
        } => records::run(library, command),
        Command::Import {
            files,
            duplicates,
            dry_run,
            json,
        } => {
            let show_progress = !json && std::io::stderr().is_terminal();
            let mut on_event = |event: &ImportEvent| {
                if let (
                    true,
                    ImportEvent::Progress {
                        file,
                        records_read,
                        merged,
                        unchanged,
                        records_per_second,
                        ..
                    },
                ) = (show_progress, event)
                {
                    // A merge import imports nothing new: say what it does with what it reads.
                    let duplicates = if merged + unchanged > 0 {
                        format!(", {merged} merged, {unchanged} unchanged")
                    } else {
                        String::new()
                    };
                    eprint!("\r{file}: {records_read} records{duplicates} ({records_per_second} records/s)   ");
                    let _ = std::io::stderr().flush();
                }
            };
            let options = ImportOptions::new(now()).with_duplicates(duplicates.into());
            let (summary, library_path) = if dry_run {
                // The library is only read (never opened for use: opening may write).
                let (path, _) = carrel::storage::resolve_library_path(library)?;
                let summary = dry_run_import(
                    &path,
                    &files,
                    &options,
                    &AtomicBool::new(false),
                    &mut on_event,
                )?;
                (summary, path)
            } else {
                let mut lib = carrel::open_library(library, now())?;
                let summary = import_files(
                    &mut lib,
                    &files,
                    &options,
                    &AtomicBool::new(false),
                    &mut on_event,
                )?;
                (summary, lib.path().to_path_buf())
            };
            if show_progress {
                eprintln!();
            }
            // A file that could not be read at all (missing, not MARC) fails the command, even
            // though the other files were imported.
            let unreadable = summary.problems.iter().any(|p| p.ordinal == 0);
            if json {
                print_json(&summary);
            } else {
                for f in &summary.formats {
                    emit(&format!("{f}\n"));
                }
                for p in &summary.problems {
                    let tag = p
                        .tag
                        .as_deref()
                        .map(|t| format!(", field {t}"))
                        .unwrap_or_default();
                    let line = p.line.map(|l| format!(", line {l}")).unwrap_or_default();
                    emit(&format!(
                        "{:?}: {} record {} (byte offset {}{line}{tag}): {}\n",
                        p.severity, p.file, p.ordinal, p.offset, p.reason
                    ));
                }
                if summary.problems_omitted > 0 {
                    emit(&format!(
                        "… and {} more problems\n",
                        summary.problems_omitted
                    ));
                }
                emit(&format!(
                    "{} {} ({} rejected, {} duplicates skipped, {} merged, {} unchanged, {} with repairs, {} converted from MARC-8, {} with undecodable characters) in {:.1} s into {}\n",
                    if dry_run { "Dry run, nothing written: would import" } else { "Imported" },
                    records(summary.imported),
                    summary.rejected,
                    summary.skipped,
                    summary.merged,
                    summary.unchanged,
                    summary.warnings,
                    summary.marc8_decoded,
                    summary.undecoded,
                    summary.elapsed_ms as f64 / 1000.0,
                    library_path.display()
                ));
            }
            Ok(if unreadable {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Search(args) => search::run(library, args),
        Command::Show { record_id, format } => {
            let lib = carrel::open_library(library, now())?;
            let view = get_record(&lib, record_id)?;
            match format {
                ShowFormat::Json => print_json(&view),
                ShowFormat::Mnemonic => emit(&view.mnemonic),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Callnumber {
            command: CallnumberCommand::Sort { scheme, json },
        } => {
            use carrel::catalogue::callnumber::{
                guess_schemes_with, sort_key, GuessSource, Scheme, SchemeGuess,
            };
            let mut input: Vec<String> = Vec::new();
            for line in std::io::stdin().lines() {
                let line = line.map_err(|e| Error::io("cannot read standard input", e))?;
                if !line.trim().is_empty() {
                    input.push(line);
                }
            }
            let given = |scheme| SchemeGuess {
                scheme,
                source: GuessSource::Given,
            };
            let guesses: Vec<SchemeGuess> = match scheme {
                SchemeArg::Lcc => input.iter().map(|_| given(Scheme::Lcc)).collect(),
                SchemeArg::Ddc => input.iter().map(|_| given(Scheme::Ddc)).collect(),
                SchemeArg::Local => input.iter().map(|_| given(Scheme::Local)).collect(),
                SchemeArg::Auto => {
                    // The library's default scheme counts, as for `item add`, when there is a
                    // library to read it from (sorting needs none: no library, no default).
                    let default = carrel::storage::resolve_library_path(library)
                        .ok()
                        .filter(|(path, _)| path.is_file())
                        .and_then(|(path, _)| carrel::Library::open_read_only(&path).ok())
                        .and_then(|lib| carrel::catalogue::settings::default_scheme(&lib).ok())
                        .flatten()
                        .map(Scheme::from);
                    guess_schemes_with(
                        &input.iter().map(String::as_str).collect::<Vec<_>>(),
                        default,
                    )
                }
            };
            let mut lines: Vec<_> = input
                .into_iter()
                .zip(guesses)
                .map(|(line, g)| (sort_key(&line, g.scheme), line, g))
                .collect();
            lines.sort_by(|a, b| a.0.key.cmp(&b.0.key));
            if matches!(scheme, SchemeArg::Auto) && !lines.is_empty() {
                // A guess is never silent: say what each scheme was taken for.
                let count = |s: Scheme| lines.iter().filter(|l| l.2.scheme == s).count();
                let bare = lines
                    .iter()
                    .filter(|l| l.2.source == GuessSource::BareNumber)
                    .count();
                let by_default = lines
                    .iter()
                    .filter(|l| l.2.source == GuessSource::LibraryDefault)
                    .count();
                eprintln!(
                    "scheme: guessed from each call number's form: {} LC, {} Dewey, {} local{}{} (give --scheme to choose)",
                    count(Scheme::Lcc),
                    count(Scheme::Ddc),
                    count(Scheme::Local),
                    if by_default > 0 {
                        format!("; {by_default} of them by the library's default scheme")
                    } else {
                        String::new()
                    },
                    if bare > 0 {
                        format!("; {bare} bare number(s) among LC call numbers taken as local")
                    } else {
                        String::new()
                    }
                );
            }
            if json {
                let out: Vec<_> = lines
                    .iter()
                    .map(|(key, line, g)| {
                        serde_json::json!({
                            "call_number": line,
                            "scheme": g.scheme.as_str(),
                            "guessed": g.guessed(),
                            "from": g.source,
                            "key": key.key,
                            "warning": key.warning,
                        })
                    })
                    .collect();
                print_json(&out);
                return Ok(ExitCode::SUCCESS);
            }
            for (key, line, g) in &lines {
                if let Some(w) = &key.warning {
                    eprintln!("{line}: {w}");
                }
                if g.source == GuessSource::BareNumber {
                    eprintln!("{line}: scheme {}", g.describe());
                }
            }
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for (_, line, _) in lines {
                let _ = writeln!(out, "{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { kind, values, json } => {
            let kind = match kind {
                NumberArg::Isbn => NumberKind::Isbn,
                NumberArg::Issn => NumberKind::Issn,
                NumberArg::Lccn => NumberKind::Lccn,
            };
            let results: Vec<_> = values.iter().map(|v| validate(kind, v)).collect();
            if json {
                print_json(&results);
            } else {
                for r in &results {
                    let shown = r
                        .hyphenated
                        .as_deref()
                        .or(r.normalized.as_deref())
                        .unwrap_or("");
                    emit(&format!(
                        "{}\t{}\t{shown}\n",
                        r.input,
                        if r.valid { "valid" } else { "INVALID" }
                    ));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            query,
            ids,
            format,
            encoding,
            output,
            split_long_fields,
            json,
        } => {
            if split_long_fields && !matches!(format, ExportAs::Iso2709) {
                return Err(Error::InvalidInput(
                    "--split-long-fields is for ISO 2709 only: the other formats keep every record whole"
                        .into(),
                ));
            }
            let lib = carrel::open_library(library, now())?;
            let selection = match (query, ids.is_empty()) {
                (Some(_), false) => {
                    return Err(Error::InvalidInput("give --query or --id, not both".into()))
                }
                (Some(q), true) => Selection::Query(q),
                (None, false) => Selection::Ids(ids),
                (None, true) => Selection::All,
            };
            let long = if split_long_fields {
                LongRecords::SplitFields
            } else {
                LongRecords::Marcxml
            };
            let format = match format.split() {
                Ok(marc) => marc,
                Err(reference) => {
                    let summary = export_references(&lib, &selection, reference, &output)?;
                    if json {
                        print_json(&summary);
                    } else {
                        emit(&format!(
                            "Wrote {} to {}\n",
                            records(summary.written),
                            summary.path
                        ));
                    }
                    return Ok(ExitCode::SUCCESS);
                }
            };
            let summary = export_to_path_with(
                &lib,
                &selection,
                format,
                encoding.into(),
                long,
                &output,
                &AtomicBool::new(false),
                &mut |_| {},
            )?;
            if json {
                print_json(&summary);
            } else {
                for p in &summary.problems {
                    eprintln!("{p}");
                }
                // Each record too long for ISO 2709 is named with where it went.
                for r in &summary.too_long {
                    emit(&format!("{}\n", r.message));
                }
                if summary.written > 0 || summary.marcxml_path.is_none() {
                    emit(&format!(
                        "Wrote {} to {} ({} unchanged byte for byte, {} failed)\n",
                        records(summary.written),
                        summary.path,
                        summary.unchanged,
                        summary.failed
                    ));
                } else {
                    emit(&format!(
                        "No record fits in ISO 2709: nothing written to {} ({} failed)\n",
                        summary.path, summary.failed
                    ));
                }
                if summary.split > 0 {
                    emit(&format!(
                        "Of those, {} too long for ISO 2709 written with long notes split into repeated fields\n",
                        summary.split
                    ));
                }
                if let Some(xml) = &summary.marcxml_path {
                    emit(&format!(
                        "Wrote {} too long for ISO 2709 whole in MARCXML to {xml}\n",
                        records(summary.in_marcxml)
                    ));
                    if !split_long_fields {
                        emit("To put records whose notes are too long into the ISO 2709 file, export again with --split-long-fields\n");
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Item { command } => items::run_item(library, command),
        Command::Shelflist {
            location,
            from,
            limit,
            json,
        } => items::run_shelflist(library, location, from, limit, json),
        Command::Settings { command } => items::run_settings(library, command),
        Command::Marc {
            command: MarcCommand::Dump { file },
        } => {
            let (records, _, _) = open_marc(&file)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for item in records {
                match item.outcome {
                    Ok(read) => {
                        for w in &read.warnings {
                            eprintln!(
                                "record {} (byte offset {}): warning: {w}",
                                item.ordinal, item.offset
                            );
                        }
                        if writeln!(out, "{}", read.record).is_err() {
                            return Ok(ExitCode::SUCCESS);
                        }
                    }
                    Err(e) => eprintln!(
                        "record {} (byte offset {}): {}",
                        item.ordinal, item.offset, e.reason
                    ),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Marc {
            command:
                MarcCommand::Convert {
                    input,
                    output,
                    to,
                    encoding,
                    json,
                },
        } => {
            let summary = convert(&input, &output, to, encoding)?;
            if json {
                print_json(&summary);
            } else {
                for p in &summary.problems {
                    eprintln!("{p}");
                }
                emit(&format!(
                    "Converted {} to {} ({} could not be read)\n",
                    records(summary.written),
                    output.display(),
                    summary.rejected
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// "1 record", "2 records": a count of records as a sentence says it.
fn records(n: impl Into<u64>) -> String {
    let n: u64 = n.into();
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

/// Where converted records go.
enum Out {
    Xml(carrel_marc::marcxml::Writer<std::io::BufWriter<std::fs::File>>),
    Iso(std::io::BufWriter<std::fs::File>),
    Mrk(carrel_marc::mrk::MrkWriter<std::io::BufWriter<std::fs::File>>),
}

/// What `carrel marc convert` did (`--json`).
#[derive(serde::Serialize)]
struct ConvertSummary {
    written: u32,
    rejected: u32,
    problems: Vec<String>,
}

/// Reads any MARC file and writes it in the asked format; unreadable records are reported and
/// left out. The output appears only when complete (see `carrel::output`).
fn convert(
    input: &std::path::Path,
    output: &std::path::Path,
    to: Format,
    encoding: Encoding,
) -> Result<ConvertSummary, Error> {
    let (records, _, _) = open_marc(input)?;
    let out_file = carrel::output::Output::create(output)?;
    let io = |e: std::io::Error| Error::io(format!("cannot write {}", output.display()), e);
    let file = std::io::BufWriter::new(out_file.file.try_clone().map_err(io)?);
    let mut summary = ConvertSummary {
        written: 0,
        rejected: 0,
        problems: Vec::new(),
    };
    let result = (|| -> Result<(), Error> {
        let mut out = match to {
            Format::Marcxml => Out::Xml(carrel_marc::marcxml::Writer::new(file).map_err(io)?),
            Format::Iso2709 => Out::Iso(file),
            Format::Mrk => Out::Mrk(carrel_marc::mrk::MrkWriter::new(file)),
        };
        for item in records {
            match item.outcome {
                Ok(read) => {
                    let mut record = read.record;
                    match &mut out {
                        Out::Xml(x) => {
                            x.write_record(&record).map_err(io)?;
                        }
                        Out::Mrk(m) => {
                            record
                                .leader
                                .set_character_coding(carrel_marc::CharacterCoding::Utf8);
                            carrel_marc::mrk::set_iso2709_lengths(&mut record);
                            m.write_record(&record).map_err(io)?;
                        }
                        Out::Iso(w) => {
                            let bytes = match encoding {
                                Encoding::Utf8 => {
                                    record
                                        .leader
                                        .set_character_coding(carrel_marc::CharacterCoding::Utf8);
                                    carrel_marc::write_iso2709(&record)
                                }
                                Encoding::Marc8 => carrel_marc::write_iso2709_marc8(&record),
                            };
                            w.write_all(&bytes).map_err(io)?;
                        }
                    }
                    summary.written += 1;
                }
                Err(e) => {
                    summary.rejected += 1;
                    summary.problems.push(format!(
                        "record {} (byte offset {}): {}",
                        item.ordinal, item.offset, e.reason
                    ));
                }
            }
        }
        match out {
            Out::Xml(x) => x.finish().map_err(io)?.flush().map_err(io)?,
            Out::Iso(mut w) => w.flush().map_err(io)?,
            Out::Mrk(m) => m.finish().map_err(io)?.flush().map_err(io)?,
        }
        Ok(())
    })();
    result?;
    out_file.commit()?;
    Ok(summary)
}
