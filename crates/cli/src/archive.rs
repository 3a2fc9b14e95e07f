//! `carrel archive export` and `carrel archive import`: everything in the library in one portable
//! zip (MARCXML, CSV, JSON and a README of the columns; see docs/archive.md), and back into an
//! empty library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carrel::archive::{self, ArchiveSummary};
use carrel::Error;

use crate::{emit, now, print_json};

/// `carrel archive`.
#[derive(clap::Subcommand)]
pub enum ArchiveCommand {
    /// Write the whole library to one zip: records with their items (MARCXML), patrons, loans,
    /// loan history, holds, loan rules, closed days (CSV), settings and bibliographies (JSON),
    /// and README.txt describing every column. Written whole or not at all.
    Export {
        /// The archive to write (FILE.zip).
        #[arg(short = 'o', long = "output", value_name = "FILE.zip")]
        output: PathBuf,
        /// Leave the loan history (returned loans) out.
        #[arg(long)]
        no_loan_history: bool,
        /// Print what was written as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read an archive into an EMPTY library (e.g. `carrel --library new.sqlite archive import
    /// FILE.zip`), in one transaction: a bad row is reported with its file, line and column, and
    /// nothing is kept.
    Import {
        /// The archive written by `carrel archive export`.
        file: PathBuf,
        /// Print what was read as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl ArchiveCommand {
    /// Whether failures are printed as JSON.
    pub fn json(&self) -> bool {
        match self {
            ArchiveCommand::Export { json, .. } | ArchiveCommand::Import { json, .. } => *json,
        }
    }
}

fn counts(s: &ArchiveSummary) -> String {
    let history = if s.loan_history_included {
        format!("{} returned loans", s.loan_history)
    } else {
        "no loan history".to_string()
    };
    format!(
        "{} records, {} items, {} patrons, {} open loans, {history}, {} holds, {} loan rules, \
         {} closed days, {} bibliographies",
        s.records,
        s.items,
        s.patrons,
        s.loans,
        s.holds,
        s.loan_rules,
        s.closed_days,
        s.bibliographies
    )
}

/// Runs an archive command on the library `library` (or the default one).
pub fn run(library: Option<&Path>, command: ArchiveCommand) -> Result<ExitCode, Error> {
    match command {
        ArchiveCommand::Export {
            output,
            no_loan_history,
            json,
        } => {
            let lib = carrel::open_library(library, now())?;
            let s = archive::export(&lib, &output, now(), !no_loan_history)?;
            if json {
                print_json(&s);
            } else {
                emit(&format!("Archived to {}: {}\n", s.path, counts(&s)));
            }
        }
        ArchiveCommand::Import { file, json } => {
            // A library file this command creates is removed again when the import fails, so a
            // refused archive leaves nothing behind (an existing library is left as it was).
            let created = library.filter(|p| !p.exists()).map(Path::to_path_buf);
            let mut lib = carrel::open_library(library, now())?;
            let s = match archive::import(&mut lib, &file, now()) {
                Ok(s) => s,
                Err(e) => {
                    drop(lib);
                    if let Some(path) = created {
                        for suffix in ["", "-wal", "-shm"] {
                            let mut p = path.clone().into_os_string();
                            p.push(suffix);
                            let _ = std::fs::remove_file(p);
                        }
                    }
                    return Err(e);
                }
            };
            if json {
                print_json(&s);
            } else {
                emit(&format!(
                    "Imported {} into {}: {}\n",
                    s.path,
                    lib.path().display(),
                    counts(&s)
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
