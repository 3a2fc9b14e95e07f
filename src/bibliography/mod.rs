//! Subject bibliographies: records selected from the catalogue, rendered in a CSL style and
//! written as documents (HTML, RTF, DOCX, PDF, text) or data (BibTeX, RIS, CSL-JSON).

pub mod crosswalk;
pub mod render;
pub mod rendered;
mod repairs;
pub mod select;
pub mod store;
pub mod styles;
pub mod writers;

use crate::ids::RecordId;
use std::path::Path;

use rusqlite::OptionalExtension;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

pub use rendered::{RenderedBibliography, RenderedEntry, RenderedSection, Span};
pub use select::{select_records, SelectionRule};
pub use store::{
    add_entries, create_bibliography, delete_bibliography, get_bibliography, list_bibliographies,
    update_bibliography, Bibliography, BibliographyDoc, BibliographySummary, EntryDoc, SectionDoc,
    SectionSort,
};
pub use styles::{list_styles, load_style, user_styles_dir, StyleChoice};

use crate::error::{Error, Result};
use crate::storage::Library;

/// A bibliography after rendering: what every output format is written from.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct BibliographyOutput {
    /// The sections and entries as styled text, what the writers lay out.
    pub rendered: RenderedBibliography,
    /// The CSL-JSON items rendered, in output order (what `csl-json` writes and BibTeX/RIS read).
    #[ts(type = "Array<Record<string, unknown>>")]
    pub items: Vec<Value>,
    /// Records the CSL engine could not render; they show as their title.
    pub failed: Vec<RecordId>,
    /// For each rendered section, the index of the document section it came from (a style with
    /// no bibliography splits a section into groups of authorities), so the editor can find the
    /// section an entry belongs to.
    pub section_of: Vec<u32>,
}

/// The output formats of a bibliography (`carrel bibliography --format`, the window's Export):
/// `"html"`, `"rtf"`, `"docx"`, `"pdf"`, `"txt"`, `"bibtex"`, `"ris"`, `"csl-json"` across IPC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename = "BibliographyFormat")]
pub enum Format {
    /// A web page (HTML 5).
    Html,
    /// Rich Text Format 1.9.
    Rtf,
    /// A Word document (Office Open XML, ISO/IEC 29500).
    Docx,
    /// PDF with embedded fonts.
    Pdf,
    /// Plain text (UTF-8).
    Txt,
    /// BibTeX / BibLaTeX data.
    Bibtex,
    /// RIS, for reference managers.
    Ris,
    /// CSL-JSON items (the Citation Style Language's data schema).
    CslJson,
}

impl Format {
    /// Reads "html", "rtf", "docx", "pdf", "txt", "bibtex", "ris", "csl-json".
    pub fn parse(s: &str) -> Result<Format> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "html" => Format::Html,
            "rtf" => Format::Rtf,
            "docx" => Format::Docx,
            "pdf" => Format::Pdf,
            "txt" | "text" => Format::Txt,
            "bibtex" | "bib" => Format::Bibtex,
            "ris" => Format::Ris,
            "csl-json" | "csljson" | "json" => Format::CslJson,
            other => {
                return Err(Error::InvalidInput(format!(
                "format {other:?} is not one of html, rtf, docx, pdf, txt, bibtex, ris, csl-json"
            )))
            }
        })
    }
}

/// The CSL-JSON item of record `record_id` (`"id": "r<record id>"`), by [`crosswalk::csl_item`].
/// Errors: [`Error::NotFound`].
pub fn record_item(lib: &Library, record_id: RecordId) -> Result<Value> {
    let rec = crate::catalogue::get_marc(lib, record_id)?;
    Ok(crosswalk::csl_item(&rec, &format!("r{record_id}")))
}

/// The record's summary (MARC 21 520 $a, all of them joined), the annotation's starting point.
pub fn record_summary(lib: &Library, record_id: RecordId) -> Result<Option<String>> {
    Ok(summary_of(&crate::catalogue::get_marc(lib, record_id)?))
}

fn summary_of(rec: &carrel_marc::Record) -> Option<String> {
    let parts: Vec<String> = rec
        .fields_with_tag("520")
        .filter_map(|f| f.subfield('a'))
        .map(|s| s.trim().to_string())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// "Where to find it": the first item's call number and location ("KF 9085 .A7 2019 — Main"),
/// else the record's own call number (050/090/082/099).
pub fn record_location(lib: &Library, record_id: RecordId) -> Result<Option<String>> {
    location_of(lib, record_id, &record_item(lib, record_id)?)
}

/// [`record_location`] with the record's CSL-JSON item already made (its `call-number` is the
/// fallback).
fn location_of(lib: &Library, record_id: RecordId, csl: &Value) -> Result<Option<String>> {
    let item: Option<(String, String)> = lib
        .conn()
        .query_row(
            "SELECT call_number, location FROM items WHERE record_id = ?1 ORDER BY shelf_key, id LIMIT 1",
            [record_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((cn, loc)) = item {
        let parts: Vec<&str> = [cn.trim(), loc.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            return Ok(Some(parts.join(" — ")));
        }
    }
    Ok(csl
        .get("call-number")
        .and_then(Value::as_str)
        .map(str::to_string))
}

/// How [`render_document`] renders: where user CSL styles are looked up, and who hears of its
/// progress. `RenderOptions::default()`: the library's own styles folder, no progress.
#[derive(Default)]
pub struct RenderOptions<'a> {
    /// The folder of user `.csl` styles and locales; `None`: the library's
    /// ([`user_styles_dir`]). The command line gives the folder of a `--style FILE.csl`.
    pub user_styles: Option<&'a Path>,
    /// Called as a long render goes on with `(done, total)`: `total` is the number of entries
    /// over all sections and `done` the entries rendered so far. Called with `(0, total)` once
    /// the records are selected, then at most about 200 times as entries render (every
    /// `total / 200` entries), and with `(total, total)` at the end.
    pub on_progress: Option<&'a mut dyn FnMut(usize, usize)>,
}

/// Renders a bibliography document, saved or not (a stored one is rendered from
/// [`get_bibliography`]`(lib, id)?.doc`, with its records as they are now; the editor's preview
/// renders the document being edited). The style is parsed once and cached; a few hundred
/// entries take well under a second, a few thousand take seconds (about 0.3–2 ms per entry in
/// a release build), hence [`RenderOptions::on_progress`]. Errors: the style's (not found, not
/// CSL); [`Error::InvalidInput`] for a malformed locale; database errors.
pub fn render_document(
    lib: &Library,
    doc: &BibliographyDoc,
    options: RenderOptions<'_>,
) -> Result<BibliographyOutput> {
    let library_styles;
    let user_dir = match options.user_styles {
        Some(dir) => Some(dir),
        None => {
            library_styles = user_styles_dir(lib);
            Some(library_styles.as_path())
        }
    };
    let mut no_progress = |_: usize, _: usize| {};
    let on_progress: &mut dyn FnMut(usize, usize) = match options.on_progress {
        Some(f) => f,
        None => &mut no_progress,
    };
    let style = load_style(doc.style.trim(), user_dir)?;
    if let Some(l) = &doc.locale {
        styles::locale_code(l)?;
    }
    let locales = styles::locales(user_dir);
    let mut out = RenderedBibliography {
        title: doc.title.clone(),
        introduction: Some(doc.introduction.clone()).filter(|i| !i.trim().is_empty()),
        style: style.title.clone(),
        hanging_indent: style
            .style
            .bibliography
            .as_ref()
            .is_some_and(|b| b.hanging_indent),
        sections: Vec::new(),
    };
    let mut items_out = Vec::new();
    let mut failed = Vec::new();
    let mut section_of = Vec::new();
    // First the records of every section (so that the total is known), then the rendering.
    let mut selected: Vec<Vec<render::EntryInput>> = Vec::with_capacity(doc.sections.len());
    for section in &doc.sections {
        let mut ids: Vec<RecordId> = select_records(lib, &section.rule)?;
        let excluded: std::collections::HashSet<RecordId> = section
            .entries
            .iter()
            .filter(|e| e.excluded)
            .map(|e| e.record_id)
            .collect();
        for e in section.entries.iter().filter(|e| e.pinned && !e.excluded) {
            if !ids.contains(&e.record_id) {
                ids.push(e.record_id);
            }
        }
        ids.retain(|id| !excluded.contains(id));
        // Never a deleted record, even one picked by hand before it was deleted, and never an
        // authority or holdings record picked by hand.
        let mut live = Vec::with_capacity(ids.len());
        for id in ids {
            if select::is_citable(lib, id)? {
                live.push(id);
            }
        }
        let mut inputs = Vec::with_capacity(live.len());
        for id in &live {
            let entry = section.entries.iter().find(|e| e.record_id == *id);
            // The record is read and parsed once for its item, summary and call number.
            let rec = crate::catalogue::get_marc(lib, *id)?;
            let item = crosswalk::csl_item(&rec, &format!("r{id}"));
            let mut annotation = entry
                .and_then(|e| e.annotation.clone())
                .filter(|a| !a.trim().is_empty());
            if annotation.is_none() && entry.is_some_and(|e| e.use_summary) {
                annotation = summary_of(&rec);
            }
            let location = if doc.show_locations {
                location_of(lib, *id, &item)?
            } else {
                None
            };
            inputs.push(render::EntryInput {
                record_id: *id,
                item,
                annotation,
                location,
            });
        }
        selected.push(inputs);
    }
    let total: usize = selected.iter().map(Vec::len).sum();
    let step = (total / 200).max(1);
    let mut done = 0usize;
    on_progress(0, total);
    for ((section_index, section), inputs) in doc.sections.iter().enumerate().zip(selected) {
        let manual = section.sort == SectionSort::Manual;
        let r = render::render_entries_with_progress(
            &style,
            &locales,
            doc.locale.as_deref(),
            &inputs,
            true,
            &mut |n| {
                if (done + n).is_multiple_of(step) && done + n < total {
                    on_progress(done + n, total);
                }
            },
        );
        done += inputs.len();
        failed.extend(r.failed);
        let mut entries = r.entries;
        if manual {
            // Entries the user placed first, by position; the others after, in the style's order.
            let pos = |rid: RecordId| {
                section
                    .entries
                    .iter()
                    .find(|e| e.record_id == rid)
                    .map(|e| e.position)
            };
            entries.sort_by_key(|e| match pos(e.record_id) {
                Some(p) => (0, p),
                None => (1, 0),
            });
        }
        let heading = Some(section.heading.trim().to_string()).filter(|h| !h.is_empty());
        let item_of = |rid: RecordId| {
            inputs
                .iter()
                .find(|i| i.record_id == rid)
                .map(|i| render::public_item(&i.item))
        };
        if style.has_bibliography {
            items_out.extend(entries.iter().filter_map(|e| item_of(e.record_id)));
            out.sections.push(RenderedSection { heading, entries });
            section_of.push(section_index as u32);
        } else if heading.is_some() {
            // The user's own heading stands alone ("Books", not "Books: Books & looseleafs"):
            // the user has grouped the authorities already; inside the section they follow the
            // list of authorities' order (cases, legislation, books, other sources), unless the
            // user ordered the section by hand.
            let list: Vec<RenderedEntry> = if manual {
                entries
            } else {
                authorities(entries, &inputs, false)
                    .into_iter()
                    .flat_map(|(_, list)| list)
                    .collect()
            };
            items_out.extend(list.iter().filter_map(|e| item_of(e.record_id)));
            out.sections.push(RenderedSection {
                heading,
                entries: list,
            });
            section_of.push(section_index as u32);
        } else {
            for (group, list) in authorities(entries, &inputs, manual) {
                items_out.extend(list.iter().filter_map(|e| item_of(e.record_id)));
                out.sections.push(RenderedSection {
                    heading: Some(group.to_string()),
                    entries: list,
                });
                section_of.push(section_index as u32);
            }
        }
    }
    on_progress(total, total);
    Ok(BibliographyOutput {
        rendered: out,
        items: items_out,
        failed,
        section_of,
    })
}

/// A list of authorities for a style with no bibliography (the Bluebook styles): each entry is
/// the item's first-note citation, grouped as Cases (CSL `legal_case`), Legislation
/// (`legislation`, `bill`, `regulation`, `treaty`), Books & looseleafs (`book`, `chapter`,
/// `report`, `thesis`) and Other sources, each group sorted by Carrel (folded text, so case
/// names sort by their first party) unless the section is ordered by hand. An unheaded section
/// shows each group under its name; a section with the user's heading shows the groups one
/// after the other under that heading alone.
fn authorities(
    entries: Vec<RenderedEntry>,
    inputs: &[render::EntryInput],
    manual: bool,
) -> Vec<(&'static str, Vec<RenderedEntry>)> {
    const GROUPS: [&str; 4] = [
        "Cases",
        "Legislation",
        "Books & looseleafs",
        "Other sources",
    ];
    let mut groups: Vec<(&'static str, Vec<RenderedEntry>)> =
        GROUPS.iter().map(|g| (*g, Vec::new())).collect();
    for e in entries {
        let kind = inputs
            .iter()
            .find(|i| i.record_id == e.record_id)
            .and_then(|i| {
                i.item
                    .get("type")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let g = match kind.as_str() {
            "legal_case" => 0,
            "legislation" | "bill" | "regulation" | "treaty" => 1,
            "book" | "chapter" | "report" | "thesis" | "manuscript" => 2,
            _ => 3,
        };
        groups[g].1.push(e);
    }
    if !manual {
        // Cases by name; the others by first author's family name (or corporate name, else the
        // title), then title, then the text.
        let key = |e: &RenderedEntry| {
            let item = inputs
                .iter()
                .find(|i| i.record_id == e.record_id)
                .map(|i| &i.item);
            let first = item.and_then(|it| {
                ["author", "editor"].iter().find_map(|role| {
                    let n = it.get(*role)?.as_array()?.first()?;
                    n.get("family")
                        .or_else(|| n.get("literal"))
                        .and_then(Value::as_str)
                        .map(|s| s.replace('\u{200b}', " "))
                })
            });
            let title = item
                .and_then(|it| it.get("title").and_then(Value::as_str))
                .unwrap_or("");
            let fold = crate::catalogue::extract::sort_fold;
            (
                fold(first.as_deref().unwrap_or(title)),
                fold(title),
                fold(&e.plain_text()),
            )
        };
        for (_, list) in groups.iter_mut() {
            list.sort_by_cached_key(key);
        }
    }
    groups.into_iter().filter(|(_, l)| !l.is_empty()).collect()
}

/// Writes a rendered bibliography in `format`: bytes ready for a file (UTF-8 for text formats).
/// Errors: those of the DOCX and PDF writers.
pub fn write_output(out: &BibliographyOutput, format: Format) -> Result<Vec<u8>> {
    write_output_report(out, format).map(|(bytes, _)| bytes)
}

/// [`write_output`], and what the reader should know about the file (see
/// [`ExportedBibliography::warnings`]). Errors: those of [`write_output`].
pub fn write_output_report(
    out: &BibliographyOutput,
    format: Format,
) -> Result<(Vec<u8>, Vec<String>)> {
    if format == Format::Pdf {
        let (pdf, undrawable) = writers::write_pdf_report(&out.rendered)?;
        return Ok((pdf, undrawable.message().into_iter().collect()));
    }
    Ok((
        match format {
            Format::Txt => writers::write_text(&out.rendered).into_bytes(),
            Format::Html => writers::write_html(&out.rendered).into_bytes(),
            Format::CslJson => {
                let mut s =
                    serde_json::to_string_pretty(&out.items).expect("JSON values serialise");
                s.push('\n');
                s.into_bytes()
            }
            Format::Rtf => writers::write_rtf(&out.rendered),
            Format::Docx => writers::write_docx(&out.rendered)?,
            Format::Pdf => writers::write_pdf(&out.rendered)?,
            Format::Bibtex => writers::write_bibtex(&out.items).into_bytes(),
            Format::Ris => writers::write_ris(&out.items).into_bytes(),
        },
        Vec::new(),
    ))
}

/// Renders stored bibliography `id` and writes it in `format` (the UI's export).
pub fn export_bibliography(lib: &Library, id: i64, format: Format) -> Result<Vec<u8>> {
    let b = get_bibliography(lib, id)?;
    write_output(
        &render_document(lib, &b.doc, RenderOptions::default())?,
        format,
    )
}

/// How far a long render has come (what the preview's progress bar shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RenderProgress {
    /// Entries rendered so far.
    pub done: u32,
    /// Entries over all sections.
    pub total: u32,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ExportedBibliography {
    /// The file written, as given.
    pub path: String,
    /// Entries written, over all sections.
    pub entries: u32,
    /// Size of the file, in bytes.
    pub bytes: u32,
    /// What the reader should know about the file, in sentences: in a PDF, the characters no
    /// font could draw ("12 characters could not be drawn: no installed font has them (e.g.
    /// 東); install fonts-noto-cjk …", see `crate::fonts`). Empty when all is well.
    pub warnings: Vec<String>,
}

/// Renders `doc` (saved or not) and writes it in `format` to `path`, replacing the file; the
/// file is written whole or not at all (`output::Output`: a temporary file beside it, renamed over
/// it when complete). Errors:
/// those of [`render_document`] and [`write_output`]; [`Error::Io`] naming the path.
pub fn export_document(
    lib: &Library,
    doc: &BibliographyDoc,
    format: Format,
    path: &Path,
) -> Result<ExportedBibliography> {
    let out = render_document(lib, doc, RenderOptions::default())?;
    write_to_path(&out, format, path)
}

/// Writes a rendered bibliography in `format` to `path` (the window's export and `carrel
/// bibliography -o`), whole or not at all (`output::Output`). Errors: those of [`write_output`];
/// [`Error::InvalidInput`] for a folder; [`Error::Io`] naming the path.
pub fn write_to_path(
    out: &BibliographyOutput,
    format: Format,
    path: &Path,
) -> Result<ExportedBibliography> {
    let (bytes, warnings) = write_output_report(out, format)?;
    let mut file = crate::output::Output::create(path)?;
    std::io::Write::write_all(&mut file.file, &bytes)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    file.commit()?;
    Ok(ExportedBibliography {
        path: path.display().to_string(),
        entries: out
            .rendered
            .sections
            .iter()
            .map(|s| s.entries.len() as u32)
            .sum(),
        bytes: bytes.len() as u32,
        warnings,
    })
}

/// Adds a user's `.csl` file to the library's styles folder ([`user_styles_dir`]) so it can be
/// chosen by name (its file stem). The style is parsed first: a file that is not CSL, or a
/// dependent style whose parent is neither bundled nor already in the folder, is refused and
/// nothing is copied. Errors: [`Error::InvalidInput`] (with the reason), [`Error::Io`].
pub fn install_style(lib: &Library, file: &Path) -> Result<StyleChoice> {
    let dir = user_styles_dir(lib);
    if file.extension().is_none_or(|e| e != "csl") {
        return Err(Error::InvalidInput(format!(
            "{} is not a .csl style file",
            file.display()
        )));
    }
    let loaded = load_style(&file.display().to_string(), Some(&dir))?;
    let name = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        context: format!("cannot create {}", dir.display()),
        source,
    })?;
    let target = dir.join(format!("{name}.csl"));
    if target != file {
        std::fs::copy(file, &target).map_err(|source| Error::Io {
            context: format!("cannot copy {} to {}", file.display(), target.display()),
            source,
        })?;
    }
    if let Err(e) = load_style(&name, Some(&dir)) {
        let _ = std::fs::remove_file(&target);
        return Err(e);
    }
    Ok(StyleChoice {
        name,
        title: loaded.title.clone(),
        source: "user".into(),
        aliases: Vec::new(),
    })
}
