//! `carrel bibliography`: a bibliography of catalogue records in a CSL style, written as HTML,
//! RTF, DOCX, PDF, plain text, BibTeX, RIS or CSL-JSON; and the stored bibliographies.

use carrel::RecordId;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use carrel::bibliography::{
    self as bib, BibliographyDoc, EntryDoc, Format, SectionDoc, SelectionRule,
};
use carrel::Error;

use crate::{emit, now, print_json};

/// `carrel bibliography`: select records, render them in a style, write a file.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BibliographyArgs {
    #[command(subcommand)]
    pub command: Option<BibliographyCommand>,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Which records (all given criteria together; `--id` adds records picked by hand).
#[derive(clap::Args, Clone, Default)]
pub struct SelectArgs {
    /// A subject heading as displayed ("Arbitration -- England").
    #[arg(long)]
    pub subject: Option<String>,
    /// With --subject: also the headings under it ("Arbitration" takes "Arbitration -- England").
    #[arg(long)]
    pub narrower: bool,
    /// A catalogue search, in the search box's syntax.
    #[arg(long)]
    pub query: Option<String>,
    /// A call-number range, FIRST-LAST in shelf order ("KF 1-KF 9999", "340-349"); LC class
    /// letters alone take the whole class ("KF-KF", "K-KZ"); anything else is a local call number.
    #[arg(long, value_name = "A-B")]
    pub class_range: Option<String>,
    /// Publication years FIRST-LAST ("1990-2005"), or one year ("2015").
    #[arg(long, value_name = "Y1-Y2")]
    pub years: Option<String>,
    /// Records with an item of this type ("book", "looseleaf").
    #[arg(long)]
    pub item_type: Option<String>,
    /// Record ids picked by hand.
    #[arg(long, num_args = 1.., value_name = "N")]
    pub id: Vec<RecordId>,
}

#[derive(clap::Args, Clone)]
pub struct OutputArgs {
    /// A bundled style name (apa, chicago-author-date, chicago-notes, mla, harvard-cite-them-right,
    /// ieee, …; see `carrel bibliography styles`) or a .csl file.
    #[arg(long, default_value = "apa")]
    pub style: String,
    /// The locale of the style's terms and dates (en-US, en-GB, …); default: the style's.
    #[arg(long)]
    pub locale: Option<String>,
    /// html, rtf, docx, pdf, txt, bibtex, ris or csl-json.
    #[arg(long, default_value = "txt")]
    pub format: String,
    /// The file to write; standard output when absent (text formats only).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The bibliography's title.
    #[arg(long, default_value = "Bibliography")]
    pub title: String,
    /// Show each entry's call number and location.
    #[arg(long)]
    pub locations: bool,
    /// Annotate each entry with its record's summary (MARC 21 520).
    #[arg(long)]
    pub summaries: bool,
}

#[derive(clap::Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum BibliographyCommand {
    /// List the styles: bundled ones and the .csl files in the library's styles folder.
    Styles,
    /// Save a new bibliography with one section made of the selection.
    New {
        #[command(flatten)]
        select: SelectArgs,
        #[command(flatten)]
        output: OutputArgs,
        /// The section's heading.
        #[arg(long, default_value = "")]
        heading: String,
    },
    /// List the stored bibliographies.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print a stored bibliography's document as JSON.
    Show { id: i64 },
    /// Replace a stored bibliography's document with a JSON file in the shape `show` prints
    /// (its "doc" object, or the whole output of `show`); "-" reads standard input.
    Update {
        id: i64,
        /// The JSON file ("-" for standard input).
        #[arg(long = "doc", value_name = "FILE")]
        doc: PathBuf,
    },
    /// Write (or clear, with an empty --note) the note under one record's entry in a section.
    Annotate {
        id: i64,
        /// The record the entry is made from.
        #[arg(long)]
        record: RecordId,
        /// The section, counted from 1.
        #[arg(long, default_value_t = 1)]
        section: usize,
        /// The note; empty clears it.
        #[arg(long, conflicts_with = "summary")]
        note: Option<String>,
        /// Start from the record's summary (MARC 21 520) instead.
        #[arg(long)]
        summary: bool,
    },
    /// Add records by hand to a section (kept whatever the section's rule selects).
    Add {
        id: i64,
        /// The section, counted from 1.
        #[arg(long, default_value_t = 1)]
        section: usize,
        #[arg(long = "record", num_args = 1.., required = true, value_name = "N")]
        records: Vec<RecordId>,
    },
    /// Delete a stored bibliography (records are not touched).
    Delete { id: i64 },
    /// Add a .csl file to the library's styles folder, so it can be chosen by name.
    AddStyle { file: PathBuf },
    /// Render a stored bibliography (records as they are now).
    Render {
        id: i64,
        /// html, rtf, docx, pdf, txt, bibtex, ris or csl-json.
        #[arg(long, default_value = "txt")]
        format: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn split_range(s: &str, what: &str) -> Result<(String, String), Error> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| Error::InvalidInput(format!("{what} {s:?} is not FIRST-LAST")))?;
    if a.trim().is_empty() || b.trim().is_empty() {
        return Err(Error::InvalidInput(format!(
            "{what} {s:?} is not FIRST-LAST"
        )));
    }
    Ok((a.trim().to_string(), b.trim().to_string()))
}

fn section(select: &SelectArgs, heading: &str, summaries: bool) -> Result<SectionDoc, Error> {
    let mut rule = SelectionRule {
        subject: select.subject.clone(),
        narrower: select.narrower,
        query: select.query.clone(),
        item_type: select.item_type.clone(),
        ..Default::default()
    };
    if let Some(r) = &select.class_range {
        let (a, b) = split_range(r, "call-number range")?;
        rule.class_from = Some(a);
        rule.class_to = Some(b);
    }
    if let Some(r) = &select.years {
        // One year ("2015") is the range 2015-2015.
        let (a, b) = if r.contains('-') {
            split_range(r, "year range")?
        } else {
            (r.trim().to_string(), r.trim().to_string())
        };
        let year = |y: &str| {
            y.parse::<i32>()
                .map_err(|_| Error::InvalidInput(format!("{y:?} is not a year")))
        };
        rule.year_from = Some(year(&a)?);
        rule.year_to = Some(year(&b)?);
    }
    if rule.is_empty() && select.id.is_empty() {
        return Err(Error::InvalidInput(
            "say which records: --subject, --query, --class-range, --years, --item-type or --id"
                .into(),
        ));
    }
    let entries: Vec<EntryDoc> = select
        .id
        .iter()
        .enumerate()
        .map(|(i, &record_id)| EntryDoc {
            record_id,
            position: i as i64 + 1,
            pinned: true,
            use_summary: summaries,
            ..Default::default()
        })
        .collect();
    Ok(SectionDoc {
        heading: heading.to_string(),
        rule,
        sort: bib::SectionSort::Style,
        entries,
    })
}

/// Warnings on standard error (not failures) for a selection that names what is not there: a
/// subject no record carries (with a hint when headings under it exist), an id no record has.
fn warn_unmatched(lib: &carrel::Library, select: &SelectArgs) -> Result<(), Error> {
    if let Some(subject) = select
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let (exact, narrower) = bib::select::subject_counts(lib, subject)?;
        if exact == 0 && !(select.narrower && narrower > 0) {
            if narrower > 0 {
                eprintln!("carrel: warning: no record has the subject heading {subject:?}; {narrower} records have headings under it: add --narrower to take them");
            } else {
                eprintln!("carrel: warning: no record has the subject heading {subject:?}");
            }
        }
    }
    for &id in &select.id {
        if !bib::select::is_citable(lib, id)? {
            eprintln!("carrel: warning: --id {id} names no bibliographic record in the catalogue (absent, deleted, or an authority or holdings record)");
        }
    }
    Ok(())
}

fn doc(
    lib: &carrel::Library,
    select: &SelectArgs,
    output: &OutputArgs,
    heading: &str,
) -> Result<BibliographyDoc, Error> {
    let mut s = section(select, heading, false)?;
    warn_unmatched(lib, select)?;
    if output.summaries {
        let mut ids = bib::select_records(lib, &s.rule)?;
        ids.extend(select.id.iter().copied());
        for id in ids {
            match s.entries.iter_mut().find(|e| e.record_id == id) {
                Some(e) => e.use_summary = true,
                None => s.entries.push(EntryDoc {
                    record_id: id,
                    use_summary: true,
                    ..Default::default()
                }),
            }
        }
    }
    Ok(BibliographyDoc {
        title: output.title.clone(),
        introduction: String::new(),
        style: output.style.clone(),
        locale: output.locale.clone(),
        show_locations: output.locations,
        sections: vec![s],
    })
}

fn write(out: &bib::BibliographyOutput, format: Format, path: Option<&Path>) -> Result<(), Error> {
    match path {
        Some(p) => {
            for w in bib::write_to_path(out, format, p)?.warnings {
                eprintln!("carrel: {}: {w}", p.display());
            }
        }
        None => {
            if matches!(format, Format::Docx | Format::Pdf) {
                return Err(Error::InvalidInput(
                    "DOCX and PDF need a file: give -o FILE".into(),
                ));
            }
            emit(&String::from_utf8_lossy(&bib::write_output(out, format)?));
        }
    }
    if !out.failed.is_empty() {
        eprintln!(
            "carrel: {} records could not be formatted by the style and show as their title: {:?}",
            out.failed.len(),
            out.failed
        );
    }
    Ok(())
}

/// Section `n` (from 1) of bibliography `id`'s document.
fn section_mut(d: &mut BibliographyDoc, id: i64, n: usize) -> Result<&mut SectionDoc, Error> {
    let count = d.sections.len();
    n.checked_sub(1)
        .and_then(|i| d.sections.get_mut(i))
        .ok_or_else(|| {
            Error::InvalidInput(format!(
                "bibliography {id} has {count} sections; there is no section {n}"
            ))
        })
}

/// The styles folder a render uses: the library's, or the folder of a `--style FILE.csl`.
fn styles_dir(lib: &carrel::Library, style: &str) -> PathBuf {
    let p = Path::new(style);
    if style.ends_with(".csl") {
        if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            return parent.to_path_buf();
        }
    }
    bib::user_styles_dir(lib)
}

pub fn run(library: Option<&Path>, args: BibliographyArgs) -> Result<ExitCode, Error> {
    match args.command {
        Some(BibliographyCommand::Styles) => {
            let lib = carrel::open_library(library, now())?;
            let dir = bib::user_styles_dir(&lib);
            for s in bib::list_styles(Some(&dir)) {
                emit(&format!("{:<48} {:<8} {}\n", s.name, s.source, s.title));
            }
            eprintln!("user styles folder: {}", dir.display());
        }
        Some(BibliographyCommand::New {
            select,
            output,
            heading,
        }) => {
            let mut lib = carrel::open_library(library, now())?;
            // A style that does not load is refused now, as render would refuse it later.
            bib::load_style(output.style.trim(), Some(&styles_dir(&lib, &output.style)))?;
            let d = doc(&lib, &select, &output, &heading)?;
            let b = bib::create_bibliography(&mut lib, &d, now())?;
            emit(&format!("{}\n", b.id));
        }
        Some(BibliographyCommand::List { json }) => {
            let lib = carrel::open_library(library, now())?;
            let list = bib::list_bibliographies(&lib)?;
            if json {
                print_json(&list);
            } else {
                for b in &list {
                    emit(&format!(
                        "{:>5}  {}  [{}]  {}\n",
                        b.id, b.title, b.style, b.updated_at
                    ));
                }
            }
        }
        Some(BibliographyCommand::Show { id }) => {
            let lib = carrel::open_library(library, now())?;
            print_json(&bib::get_bibliography(&lib, id)?);
        }
        Some(BibliographyCommand::Update { id, doc }) => {
            let text = if doc.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin())
                    .map_err(|e| Error::io("cannot read standard input".to_string(), e))?
            } else {
                std::fs::read_to_string(&doc)
                    .map_err(|e| Error::io(format!("cannot read {}", doc.display()), e))?
            };
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Error::InvalidInput(format!("{}: not JSON: {e}", doc.display())))?;
            let value = value.get("doc").cloned().unwrap_or(value);
            let d: BibliographyDoc = serde_json::from_value(value).map_err(|e| {
                Error::InvalidInput(format!(
                    "{}: not a bibliography document: {e}",
                    doc.display()
                ))
            })?;
            let mut lib = carrel::open_library(library, now())?;
            bib::update_bibliography(&mut lib, id, &d, now())?;
        }
        Some(BibliographyCommand::Annotate {
            id,
            record,
            section,
            note,
            summary,
        }) => {
            let mut lib = carrel::open_library(library, now())?;
            let mut d = bib::get_bibliography(&lib, id)?.doc;
            let text = if summary {
                bib::record_summary(&lib, record)?.ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "record {record} has no summary (MARC 21 520) to start from"
                    ))
                })?
            } else {
                note.ok_or_else(|| {
                    Error::InvalidInput("give --note TEXT (empty to clear) or --summary".into())
                })?
            };
            let s = section_mut(&mut d, id, section)?;
            let listed = s
                .entries
                .iter()
                .any(|e| e.record_id == record && e.pinned && !e.excluded)
                || (bib::select_records(&lib, &s.rule)?.contains(&record)
                    && !s
                        .entries
                        .iter()
                        .any(|e| e.record_id == record && e.excluded));
            if !listed {
                return Err(Error::InvalidInput(format!(
                    "record {record} is not in section {section} of bibliography {id}: add it first (`carrel bibliography add {id} --section {section} --record {record}`)"
                )));
            }
            let last = s.entries.iter().map(|e| e.position).max().unwrap_or(0);
            let annotation = Some(text.trim().to_string()).filter(|t| !t.is_empty());
            match s.entries.iter_mut().find(|e| e.record_id == record) {
                Some(e) => e.annotation = annotation,
                None => s.entries.push(EntryDoc {
                    record_id: record,
                    position: last + 1,
                    annotation,
                    ..Default::default()
                }),
            }
            bib::update_bibliography(&mut lib, id, &d, now())?;
        }
        Some(BibliographyCommand::Add {
            id,
            section,
            records,
        }) => {
            let mut lib = carrel::open_library(library, now())?;
            bib::add_entries(&mut lib, id, section.saturating_sub(1), &records, now())?;
        }
        Some(BibliographyCommand::Delete { id }) => {
            let mut lib = carrel::open_library(library, now())?;
            bib::delete_bibliography(&mut lib, id)?;
        }
        Some(BibliographyCommand::AddStyle { file }) => {
            let lib = carrel::open_library(library, now())?;
            let s = bib::install_style(&lib, &file)?;
            emit(&format!("{}  {}\n", s.name, s.title));
        }
        Some(BibliographyCommand::Render { id, format, output }) => {
            let format = Format::parse(&format)?;
            let lib = carrel::open_library(library, now())?;
            let b = bib::get_bibliography(&lib, id)?;
            let dir = styles_dir(&lib, &b.doc.style);
            let out = bib::render_document(
                &lib,
                &b.doc,
                bib::RenderOptions {
                    user_styles: Some(&dir),
                    ..Default::default()
                },
            )?;
            write(&out, format, output.as_deref())?;
        }
        None => {
            let format = Format::parse(&args.output.format)?;
            let lib = carrel::open_library(library, now())?;
            let d = doc(&lib, &args.select, &args.output, "")?;
            let dir = styles_dir(&lib, &d.style);
            let out = bib::render_document(
                &lib,
                &d,
                bib::RenderOptions {
                    user_styles: Some(&dir),
                    ..Default::default()
                },
            )?;
            write(&out, format, args.output.output.as_deref())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
