//! `carrel backup`, `carrel restore`, `carrel check`: a consistent copy of the library taken
//! while it is in use, putting one back, and checking the file and Carrel's invariants.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carrel::maintenance::{check, restore, restore_preview};
use carrel::storage::backup::{backup, default_backups_folder, Counts, LibrarySummary};
use carrel::Error;

use crate::{emit, now, print_json};

/// The maintenance commands (flattened into the top level).
#[derive(clap::Subcommand)]
pub enum MaintenanceCommand {
    /// Copy the library, while it is in use, to a checked backup file (written whole or not at
    /// all). Default: the `backups` folder beside the library.
    Backup {
        /// The backup file, or a folder to write `carrel-backup-YYYY-MM-DD-HHMMSS.sqlite` in.
        #[arg(short = 'o', long = "output", value_name = "FILE|FOLDER")]
        output: Option<PathBuf>,
        /// Print {path, bytes, counts, integrity} as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Replace the library's content with a backup's (the current library is backed up first
    /// into the `backups` folder beside it).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Do not ask (needed when standard input is not a terminal).
        #[arg(long)]
        yes: bool,
        /// Print the comparison, or the restore report, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the library: file integrity, references between rows, the search index, loans and
    /// holds. Exits 0 when all is well, 1 when something was found.
    Check {
        /// Print {path, ok, integrity, findings: [{kind, row, message}]} as JSON.
        #[arg(long)]
        json: bool,
    },
}

impl MaintenanceCommand {
    /// Whether failures are printed as JSON.
    pub fn json(&self) -> bool {
        match self {
            MaintenanceCommand::Backup { json, .. }
            | MaintenanceCommand::Restore { json, .. }
            | MaintenanceCommand::Check { json } => *json,
        }
    }
}

pub fn run(library: Option<&Path>, command: MaintenanceCommand) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    match command {
        MaintenanceCommand::Backup { output, json } => {
            let target = match output {
                Some(p) => p,
                None => {
                    let folder = default_backups_folder(lib.path());
                    std::fs::create_dir_all(&folder).map_err(|e| {
                        Error::io(format!("cannot create folder {}", folder.display()), e)
                    })?;
                    folder
                }
            };
            let report = backup(&lib, &target, now())?;
            if json {
                print_json(&report);
            } else {
                emit(&format!(
                    "Backed up to {} ({} bytes, check: {}): {}\n",
                    report.path,
                    report.bytes,
                    report.integrity,
                    counts(&report.counts)
                ));
            }
        }
        MaintenanceCommand::Restore { file, yes, json } => {
            let preview = restore_preview(&lib, &file)?;
            if !yes {
                if json {
                    print_json(&preview);
                } else {
                    emit(&side("Backup ", &preview.backup));
                    emit(&side("Library", &preview.current));
                }
                if !std::io::stdin().is_terminal() {
                    return Err(Error::InvalidInput(
                        "nothing was restored: add --yes to replace the library with the backup"
                            .into(),
                    ));
                }
                eprint!(
                    "Replace the library's content with the backup? (the library is backed up first) [y/N] "
                );
                let _ = std::io::stderr().flush();
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer).ok();
                if !matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
                    eprintln!("Nothing was restored.");
                    return Ok(ExitCode::from(1));
                }
            }
            let report = restore(&mut lib, &file, None, now())?;
            if json {
                print_json(&report);
            } else {
                emit(&format!(
                    "The library as it was is saved in {}\nRestored {}: {}\n",
                    report.before.path,
                    report.restored_from,
                    counts(&report.now.counts)
                ));
            }
        }
        MaintenanceCommand::Check { json } => {
            let report = check(&lib)?;
            if json {
                print_json(&report);
            } else {
                for f in &report.findings {
                    emit(&format!("{}: {}\n", f.row, f.message));
                }
                if report.ok {
                    emit(&format!("{}: all is well\n", report.path));
                } else {
                    emit(&format!(
                        "{}: {} problem{} found\n",
                        report.path,
                        report.findings.len(),
                        if report.findings.len() == 1 { "" } else { "s" }
                    ));
                }
            }
            if !report.ok {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn counts(c: &Counts) -> String {
    format!(
        "{} records, {} items, {} patrons, {} loans, {} bibliographies",
        c.records, c.items, c.patrons, c.loans, c.bibliographies
    )
}

fn side(label: &str, s: &LibrarySummary) -> String {
    format!(
        "{label}  {}\n         schema {}, {}, last change {}\n",
        s.path,
        s.schema_version,
        counts(&s.counts),
        s.newest_change.as_deref().unwrap_or("none")
    )
}
