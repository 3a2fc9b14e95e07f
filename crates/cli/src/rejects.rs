//! `carrel rejects`: the records imports could not read, kept with their bytes; list them, save
//! them as a file to mend in a MARC editor, or forget them.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carrel::catalogue::rejects::{clear_rejects, count_rejects, export_rejects, list_rejects};
use carrel::Error;

use crate::{emit, now, print_json};

/// `carrel rejects`: list the rejected records (file, record number, byte offset, why).
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RejectsArgs {
    #[command(subcommand)]
    pub command: Option<RejectsCommand>,
    /// At most this many (most recent import first).
    #[arg(long, default_value_t = 1000)]
    pub limit: u32,
    /// Print a JSON array of {id, source_file, ordinal, byte_offset, tag, reason, bytes, rejected_at}.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum RejectsCommand {
    /// Write the rejected records' bytes, unchanged, to one file (MARCXML ones, when there are
    /// ISO 2709 ones too, to FILE.xml).
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Forget every rejected record (save them first with `export`).
    Clear {
        #[arg(long)]
        json: bool,
    },
}

impl RejectsArgs {
    /// Whether failures are printed as JSON.
    pub fn json(&self) -> bool {
        match &self.command {
            None => self.json,
            Some(RejectsCommand::Export { json, .. } | RejectsCommand::Clear { json }) => *json,
        }
    }
}

pub fn run(library: Option<&Path>, args: RejectsArgs) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    match args.command {
        None => {
            let list = list_rejects(&lib, args.limit)?;
            if args.json {
                print_json(&list);
            } else {
                for r in &list {
                    let tag = r
                        .tag
                        .as_deref()
                        .map(|t| format!(" (field {t})"))
                        .unwrap_or_default();
                    emit(&format!(
                        "{}  record {}  offset {}  {}{tag}  [{}]\n",
                        r.source_file, r.ordinal, r.byte_offset, r.reason, r.rejected_at
                    ));
                }
                let total = count_rejects(&lib)?;
                eprintln!(
                    "{total} rejected record{}",
                    if total == 1 { "" } else { "s" }
                );
            }
        }
        Some(RejectsCommand::Export { output, json }) => {
            let done = export_rejects(&lib, &output)?;
            if json {
                print_json(&done);
            } else {
                emit(&format!(
                    "Saved {} rejected record{} to {}\n",
                    done.records,
                    if done.records == 1 { "" } else { "s" },
                    done.path
                ));
                if let Some(p) = &done.xml_path {
                    emit(&format!(
                        "Saved {} MARCXML record{} to {p}\n",
                        done.xml_records,
                        if done.xml_records == 1 { "" } else { "s" }
                    ));
                }
            }
        }
        Some(RejectsCommand::Clear { json }) => {
            let removed = clear_rejects(&mut lib)?;
            if json {
                print_json(&serde_json::json!({ "removed": removed }));
            } else {
                emit(&format!(
                    "Removed {removed} rejected record{}\n",
                    if removed == 1 { "" } else { "s" }
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
