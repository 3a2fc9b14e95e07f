//! `carrel record templates | new | get | save | duplicate | validate`: the cataloguing editor
//! from the command line. Records travel as the editor's JSON (`EditableRecord`: leader and
//! fields with tag, ind1, ind2, value or subfields), so a script can get, change and save one.

use carrel::RecordId;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carrel::catalogue::editor::{
    apply_form, duplicate_record, form_from_record, get_editable, new_record, save_record,
    templates, validate, EditableRecord, FormAuthor, Saved, TemplateId, Warning,
};
use carrel::Error;

use crate::{emit, now, print_json};
use carrel::storage::current_user;

#[derive(clap::Subcommand)]
pub enum EditCommand {
    /// List the templates for new records (id, label, what it codes).
    Templates {
        #[arg(long)]
        json: bool,
    },
    /// Create and save a record from a template, with a title and names; prints the new id.
    New {
        /// Template id (see `carrel record templates`), e.g. book, looseleaf, report.
        #[arg(long)]
        template: String,
        /// Title proper (245 $a).
        #[arg(long)]
        title: String,
        /// Other title information (245 $b).
        #[arg(long)]
        subtitle: Option<String>,
        /// Author (repeatable): "Surname, Forename"; the first becomes the main entry (100).
        #[arg(long = "author", value_name = "NAME")]
        authors: Vec<String>,
        /// Editor (repeatable), recorded as an added entry (700 $e editor).
        #[arg(long = "editor", value_name = "NAME")]
        editors: Vec<String>,
        /// Statement of responsibility (245 $c).
        #[arg(long)]
        responsibility: Option<String>,
        /// Place of publication (264 $a).
        #[arg(long)]
        place: Option<String>,
        /// Publisher (264 $b).
        #[arg(long)]
        publisher: Option<String>,
        /// Date of publication (264 $c; its year also goes to 008/07-10).
        #[arg(long)]
        date: Option<String>,
        /// ISBN (repeatable); an invalid one is kept in 020 $z.
        #[arg(long = "isbn", value_name = "ISBN")]
        isbns: Vec<String>,
        /// Print what was saved ({id, warnings, record, summary}) as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a record as the editor's JSON (with --json) or in mnemonic form.
    Get {
        id: RecordId,
        #[arg(long)]
        json: bool,
    },
    /// Save a record from a JSON file ("-" for standard input): a new record, or a new version
    /// of record --id (the old one is kept in its history). Warnings go to stderr; they never
    /// stop the save.
    Save {
        file: PathBuf,
        #[arg(long)]
        id: Option<RecordId>,
        #[arg(long)]
        json: bool,
    },
    /// Print a copy of a record, without 001/003/005/035, as the editor's JSON ("new from
    /// this"); nothing is stored until it is saved with `carrel record save`.
    Duplicate { id: RecordId },
    /// Check a record in a JSON file against MARC 21 and print the warnings (exit 0 either way).
    Validate {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

impl EditCommand {
    /// Whether failures should be printed as JSON.
    pub fn json(&self) -> bool {
        match self {
            EditCommand::Templates { json }
            | EditCommand::New { json, .. }
            | EditCommand::Get { json, .. } => *json,
            EditCommand::Save { json, .. } | EditCommand::Validate { json, .. } => *json,
            EditCommand::Duplicate { .. } => true,
        }
    }
}

fn read_json(file: &Path) -> Result<EditableRecord, Error> {
    let text = if file == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Error::io("cannot read standard input", e))?
    } else {
        std::fs::read_to_string(file)
            .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?
    };
    serde_json::from_str(&text).map_err(|e| {
        Error::InvalidInput(format!(
            "{} is not an editor record (JSON with leader and fields): {e}",
            file.display()
        ))
    })
}

fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        let place = match (&w.tag, &w.subfield) {
            (Some(t), Some(s)) => format!("{t} ${s}: "),
            (Some(t), None) => format!("{t}: "),
            _ => String::new(),
        };
        eprintln!("warning: {place}{}", w.message);
    }
}

fn report_saved(saved: &Saved, json: bool) {
    if json {
        print_json(saved);
    } else {
        print_warnings(&saved.warnings);
        emit(&format!("{}\n", saved.id));
    }
}

pub fn run(library: Option<&Path>, command: EditCommand) -> Result<ExitCode, Error> {
    let now = now();
    let today = now.date();
    match command {
        EditCommand::Templates { json } => {
            let all = templates();
            if json {
                print_json(&all);
            } else {
                for t in &all {
                    emit(&format!("{}\t{}\t{}\n", t.id, t.label, t.description));
                }
            }
        }
        EditCommand::New {
            template,
            title,
            subtitle,
            authors,
            editors,
            responsibility,
            place,
            publisher,
            date,
            isbns,
            json,
        } => {
            let mut lib = carrel::open_library(library, now)?;
            let rec = new_record(&lib, template.parse::<TemplateId>()?, today)?;
            let mut form = form_from_record(&rec);
            form.title = title;
            form.subtitle = subtitle.unwrap_or_default();
            form.responsibility = responsibility.unwrap_or_default();
            form.place = place.unwrap_or_default();
            form.publisher = publisher.unwrap_or_default();
            form.date = date.unwrap_or_default();
            form.isbns = isbns;
            let person = |name: &String, role: &str| FormAuthor {
                name: name.clone(),
                role: role.into(),
                kind: "personal".into(),
            };
            form.authors = authors
                .iter()
                .map(|a| person(a, "author"))
                .chain(editors.iter().map(|e| person(e, "editor")))
                .collect();
            let saved = save_record(
                &mut lib,
                None,
                &apply_form(&rec, &form),
                &current_user(),
                now,
            )?;
            report_saved(&saved, json);
        }
        EditCommand::Get { id, json } => {
            let lib = carrel::open_library(library, now)?;
            let rec = get_editable(&lib, id)?;
            if json {
                print_json(&rec);
            } else {
                emit(&format!("{}\n", rec.to_record()?));
            }
        }
        EditCommand::Save { file, id, json } => {
            let rec = read_json(&file)?;
            let mut lib = carrel::open_library(library, now)?;
            let saved = save_record(&mut lib, id, &rec, &current_user(), now)?;
            report_saved(&saved, json);
        }
        EditCommand::Duplicate { id } => {
            let lib = carrel::open_library(library, now)?;
            print_json(&duplicate_record(&lib, id, today)?);
        }
        EditCommand::Validate { file, json } => {
            let warnings = validate(&read_json(&file)?);
            if json {
                print_json(&warnings);
            } else if warnings.is_empty() {
                emit("no warnings\n");
            } else {
                for w in &warnings {
                    let place = w
                        .tag
                        .as_deref()
                        .map(|t| format!("{t}\t"))
                        .unwrap_or_else(|| "-\t".into());
                    emit(&format!("{place}{}\n", w.message));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
