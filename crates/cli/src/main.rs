//! `carrel`: the command line. Everything the window does, a script can do.
//!
//! Exit status: 0 done (an import or dump that skipped unreadable records still exits 0 and
//! reports them); 1 the action failed (the message, or `{"kind","message"}` with `--json`, says
//! why); 2 the command line was wrong.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::{Parser, Subcommand, ValueEnum};

use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportEvent, ImportOptions};
use carrel::catalogue::{get_record, search};
use carrel::{ApiError, Error};

#[derive(Parser)]
#[command(name = "carrel", version, about = "Carrel: catalogue, loans and bibliographies for a one-person library")]
struct Cli {
    /// The library file (default: $CARREL_LIBRARY, else ~/.local/share/carrel/library.sqlite).
    #[arg(long, global = true, value_name = "FILE")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import MARC files (ISO 2709, plain or gzip) into the library, in one transaction.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Records that match one in the library (same 001+003, ISBN, ISSN or LCCN): skip them,
        /// merge them in as the record's new version, or add them as new records.
        #[arg(long, value_enum, default_value_t = Duplicates::Skip)]
        duplicates: Duplicates,
        /// Print the import summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the catalogue (words are ANDed; the last word also matches as a prefix).
    Search {
        query: String,
        /// At most this many records (1-500).
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show one record.
    Show {
        record_id: i64,
        #[arg(long, value_enum, default_value_t = ShowFormat::Mnemonic)]
        format: ShowFormat,
    },
    /// Work on MARC files without a library.
    Marc {
        #[command(subcommand)]
        command: MarcCommand,
    },
}

#[derive(Subcommand)]
enum MarcCommand {
    /// Print every record of a MARC file in mnemonic form (`=245  10$a…`); problems go to stderr.
    Dump { file: PathBuf },
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

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn print_json<T: serde::Serialize>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = matches!(cli.command, Command::Import { json: true, .. } | Command::Search { json: true, .. })
        || matches!(cli.command, Command::Show { format: ShowFormat::Json, .. });
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
        Command::Import { files, duplicates, json } => {
            let mut lib = carrel::open_library(library, &now())?;
            let show_progress = !json && std::io::stderr().is_terminal();
            let mut on_event = |event: &ImportEvent| {
                if let (true, ImportEvent::Progress { file, records_read, records_per_second, .. }) = (show_progress, event) {
                    eprint!("\r{file}: {records_read} records ({records_per_second} records/s)   ");
                    let _ = std::io::stderr().flush();
                }
            };
            let summary = import_files(&mut lib, &files, &ImportOptions::new(now()).with_duplicates(duplicates.into()), &AtomicBool::new(false), &mut on_event)?;
            if show_progress {
                eprintln!();
            }
            if json {
                print_json(&summary);
            } else {
                for p in &summary.problems {
                    let tag = p.tag.as_deref().map(|t| format!(", field {t}")).unwrap_or_default();
                    println!("{:?}: {} record {} (byte offset {}{tag}): {}", p.severity, p.file, p.ordinal, p.offset, p.reason);
                }
                if summary.problems_omitted > 0 {
                    println!("… and {} more problems", summary.problems_omitted);
                }
                println!(
                    "Imported {} records ({} rejected, {} duplicates skipped, {} merged, {} with repairs, {} awaiting MARC-8 decoding) in {:.1} s into {}",
                    summary.imported,
                    summary.rejected,
                    summary.skipped,
                    summary.merged,
                    summary.warnings,
                    summary.marc8_flagged,
                    summary.elapsed_ms as f64 / 1000.0,
                    lib.path().display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Search { query, limit, json } => {
            let lib = carrel::open_library(library, &now())?;
            let results = search(&lib, &query, limit)?;
            if json {
                print_json(&results);
            } else {
                for hit in &results.hits {
                    let resp = hit.responsibility.as_deref().map(|r| format!(" / {r}")).unwrap_or_default();
                    let date = hit.date.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
                    println!("{:>7}  {}{resp}{date}", hit.id, hit.title);
                }
                let plus = if results.total_is_lower_bound { "+" } else { "" };
                eprintln!("{}{plus} records match", results.total);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { record_id, format } => {
            let lib = carrel::open_library(library, &now())?;
            let view = get_record(&lib, record_id)?;
            match format {
                ShowFormat::Json => print_json(&view),
                ShowFormat::Mnemonic => print!("{}", view.mnemonic),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Marc { command: MarcCommand::Dump { file } } => {
            let f = std::fs::File::open(&file).map_err(|e| Error::io(format!("cannot open {}", file.display()), e))?;
            let reader = carrel_marc::Reader::new(std::io::BufReader::new(f));
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for item in reader {
                match item {
                    Ok(parsed) => {
                        for w in &parsed.warnings {
                            eprintln!("record {} (byte offset {}): warning: {w}", parsed.position.ordinal, parsed.position.offset);
                        }
                        if parsed.needs_marc8_decoding {
                            eprintln!("record {}: MARC-8 text not decoded (shown as U+FFFD)", parsed.position.ordinal);
                        }
                        let _ = writeln!(out, "{}", parsed.record);
                    }
                    Err(e) => eprintln!("{e}"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
