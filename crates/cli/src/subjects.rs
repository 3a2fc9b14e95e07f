//! `carrel subjects`, `carrel trash` and the record commands delete, restore, history, revert and
//! purge: subject heading control, the trash and record history from the command line.

use carrel::RecordId;
use std::path::Path;
use std::process::ExitCode;

use carrel::catalogue::history::{record_history, revert_to_version, DiffKind};
use carrel::catalogue::subjects::{
    browse_subjects, merge_subjects, search_subjects, subject_records, SubjectPage,
};
use carrel::catalogue::trash::{delete_record, deleted_records, purge_record, restore_record};
use carrel::storage::current_user;
use carrel::Error;

use crate::{emit, now, print_json};

/// `carrel subjects`: list the headings in use, or rename / merge them.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SubjectsArgs {
    #[command(subcommand)]
    pub command: Option<SubjectsCommand>,
    /// Start at the first heading that files at or after this text (case and accents ignored).
    #[arg(long)]
    pub from: Option<String>,
    /// Only headings that contain this text (case and accents ignored).
    #[arg(long, conflicts_with = "from")]
    pub contains: Option<String>,
    /// At most this many headings (1-1000).
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// Print {headings: [{heading, count}], total, more} as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum SubjectsCommand {
    /// Rename a heading in every record that carries it (a few hundred records per transaction;
    /// finished at the next opening if interrupted; each record keeps its previous version in
    /// its history).
    Rename {
        /// The heading as listed by `carrel subjects` ("Main -- Subdivision").
        from: String,
        /// The new heading; parts separated by " -- ".
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Merge several headings into one (a record that already has it keeps one field).
    Merge {
        #[arg(required = true, value_name = "FROM")]
        from: Vec<String>,
        /// The heading they all become.
        #[arg(long, value_name = "TO")]
        into: String,
        #[arg(long)]
        json: bool,
    },
    /// List the records that carry a heading.
    Records {
        heading: String,
        #[arg(long, default_value_t = 500)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

impl SubjectsArgs {
    /// Whether failures are printed as JSON.
    pub fn json(&self) -> bool {
        match &self.command {
            None => self.json,
            Some(
                SubjectsCommand::Rename { json, .. }
                | SubjectsCommand::Merge { json, .. }
                | SubjectsCommand::Records { json, .. },
            ) => *json,
        }
    }
}

pub fn run_subjects(library: Option<&Path>, args: SubjectsArgs) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    match args.command {
        None => {
            let page = match &args.contains {
                Some(text) => {
                    let headings = search_subjects(&lib, text, args.limit)?;
                    SubjectPage {
                        total: headings.len() as u32,
                        more: false,
                        headings,
                    }
                }
                None => browse_subjects(&lib, args.from.as_deref(), None, args.limit)?,
            };
            if args.json {
                print_json(&page);
            } else {
                for h in &page.headings {
                    emit(&format!("{:>7}  {}\n", h.count, h.heading));
                }
                eprintln!("{} of {} headings", page.headings.len(), page.total);
            }
        }
        Some(SubjectsCommand::Rename { from, to, json }) => {
            let outcome = merge_subjects(
                &mut lib,
                std::slice::from_ref(&from),
                &to,
                &current_user(),
                now(),
            )?;
            if json {
                print_json(&outcome);
            } else {
                emit(&format!(
                    "Renamed “{from}” to “{}” in {} records\n",
                    outcome.heading, outcome.records_changed
                ));
            }
        }
        Some(SubjectsCommand::Merge { from, into, json }) => {
            let outcome = merge_subjects(&mut lib, &from, &into, &current_user(), now())?;
            if json {
                print_json(&outcome);
            } else {
                emit(&format!(
                    "Merged {} headings into “{}” in {} records ({} repeated fields removed)\n",
                    from.len(),
                    outcome.heading,
                    outcome.records_changed,
                    outcome.duplicates_removed
                ));
            }
        }
        Some(SubjectsCommand::Records {
            heading,
            limit,
            json,
        }) => {
            let records = subject_records(&lib, &heading, limit)?;
            if json {
                print_json(&records);
            } else {
                for r in &records {
                    emit(&format!("{:>7}  {}\n", r.id, r.title));
                }
                eprintln!("{} records", records.len());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel record delete ID [--with-items]`.
pub fn run_delete(
    library: Option<&Path>,
    id: RecordId,
    with_items: bool,
    json: bool,
) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    let outcome = delete_record(&mut lib, id, with_items, &current_user(), now())?;
    if json {
        print_json(&outcome);
    } else {
        let items = if outcome.items > 0 {
            format!(" with its {} items", outcome.items)
        } else {
            String::new()
        };
        emit(&format!("Deleted record {id}{items}; it can be restored until {} (carrel record restore {id})\n", outcome.purge_on));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel record restore ID`.
pub fn run_restore(library: Option<&Path>, id: RecordId, json: bool) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    restore_record(&mut lib, id, &current_user(), now())?;
    if json {
        print_json(&serde_json::json!({ "id": id, "restored": true }));
    } else {
        emit(&format!("Restored record {id}\n"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel record purge ID`: a deleted record removed for good now.
pub fn run_purge(library: Option<&Path>, id: RecordId, json: bool) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    purge_record(&mut lib, id)?;
    if json {
        print_json(&serde_json::json!({ "id": id, "purged": true }));
    } else {
        emit(&format!(
            "Removed record {id} for good, with its items and history\n"
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel trash`: the deleted records and when each is removed for good.
pub fn run_trash(library: Option<&Path>, json: bool) -> Result<ExitCode, Error> {
    let lib = carrel::open_library(library, now())?;
    let records = deleted_records(&lib)?;
    if json {
        print_json(&records);
    } else {
        for r in &records {
            let items = if r.items > 0 {
                format!(", {} items", r.items)
            } else {
                String::new()
            };
            let by = r
                .deleted_by
                .as_deref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default();
            emit(&format!(
                "{:>7}  {}  (deleted {}{by}{items}; removed for good on {})\n",
                r.id, r.title, r.deleted_at, r.purge_on
            ));
        }
        eprintln!("{} deleted records", records.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel record history ID`: the record's earlier versions, newest first, with what changed.
pub fn run_history(library: Option<&Path>, id: RecordId, json: bool) -> Result<ExitCode, Error> {
    let lib = carrel::open_library(library, now())?;
    let history = record_history(&lib, id)?;
    if json {
        print_json(&history);
        return Ok(ExitCode::SUCCESS);
    }
    if history.versions.is_empty() {
        emit(&format!(
            "Record {id} has no earlier versions (stored {})\n",
            history.created_at
        ));
    }
    for v in &history.versions {
        let by = v
            .changed_by
            .as_deref()
            .map(|b| format!(" by {b}"))
            .unwrap_or_default();
        emit(&format!(
            "version {}  {}{by}: {}\n",
            v.number,
            v.replaced_at,
            v.summary.as_deref().unwrap_or(&v.replaced_by)
        ));
        for line in &v.changes {
            let mark = if line.kind == DiffKind::Removed {
                '-'
            } else {
                '+'
            };
            emit(&format!("    {mark} {}\n", line.text));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `carrel record revert ID VERSION`.
pub fn run_revert(
    library: Option<&Path>,
    id: RecordId,
    version: u32,
    json: bool,
) -> Result<ExitCode, Error> {
    let mut lib = carrel::open_library(library, now())?;
    // VERSION is the number `history` shows (per record), not the library-wide row id.
    let version_id = record_history(&lib, id)?
        .versions
        .iter()
        .find(|v| v.number == version)
        .map(|v| v.version_id)
        .ok_or_else(|| Error::NotFound(format!("record {id} has no version {version}")))?;
    let versions = revert_to_version(&mut lib, id, version_id, &current_user(), now())?;
    if json {
        print_json(&serde_json::json!({ "id": id, "reverted_to": version, "versions": versions }));
    } else {
        emit(&format!("Record {id} is version {version} again (the replaced state is kept as a version too)\n"));
    }
    Ok(ExitCode::SUCCESS)
}
