//! The Bibliographies section's commands (see `docs/bibliography.md`). Rendering and exporting
//! run on a worker thread with their own connection, so the window stays responsive while a
//! long bibliography renders.

use carrel::RecordId;
use std::path::PathBuf;

use carrel::bibliography::{
    self as bib, Bibliography, BibliographyDoc, BibliographyOutput, BibliographySummary,
    ExportedBibliography, RenderProgress, StyleChoice,
};
// Named as its TypeScript binding, which is the name codegen.rs writes for the argument.
use carrel::bibliography::Format as BibliographyFormat;
use carrel::{ApiError, Library};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use crate::files;
use crate::state::{self, AppState};

/// Runs `f` on a worker thread over a connection of its own to the library file.
async fn on_worker<T: Send + 'static>(
    library: PathBuf,
    f: impl FnOnce(&Library) -> carrel::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let job = move || f(&Library::open(&library)?).map_err(ApiError::from);
    tauri::async_runtime::spawn_blocking(job)
        .await
        .map_err(state::join_error)?
}

#[tauri::command]
pub fn list_bibliographies(
    state: State<'_, AppState>,
) -> Result<Vec<BibliographySummary>, ApiError> {
    Ok(bib::list_bibliographies(&*state.library()?)?)
}

#[tauri::command]
pub fn get_bibliography(state: State<'_, AppState>, id: i64) -> Result<Bibliography, ApiError> {
    Ok(bib::get_bibliography(&*state.library()?, id)?)
}

#[tauri::command]
pub fn create_bibliography(
    state: State<'_, AppState>,
    doc: BibliographyDoc,
) -> Result<Bibliography, ApiError> {
    Ok(bib::create_bibliography(
        &mut *state.library()?,
        &doc,
        state::now(),
    )?)
}

/// Saves the whole document as the editor shows it, in one transaction.
#[tauri::command]
pub fn update_bibliography(
    state: State<'_, AppState>,
    id: i64,
    doc: BibliographyDoc,
) -> Result<Bibliography, ApiError> {
    Ok(bib::update_bibliography(
        &mut *state.library()?,
        id,
        &doc,
        state::now(),
    )?)
}

#[tauri::command]
pub fn delete_bibliography(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    Ok(bib::delete_bibliography(&mut *state.library()?, id)?)
}

/// Bundled styles and the `.csl` files in the library's styles folder.
#[tauri::command]
pub fn bibliography_styles(state: State<'_, AppState>) -> Result<Vec<StyleChoice>, ApiError> {
    Ok(bib::list_styles(Some(&bib::user_styles_dir(
        &*state.library()?,
    ))))
}

/// Asks for a `.csl` file in the native open dialog and copies it into the styles folder; `None`
/// when the person cancels.
#[tauri::command]
pub async fn add_bibliography_style(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<StyleChoice>, ApiError> {
    let dialog = files::Dialog {
        title: "Add a CSL style",
        filter: "CSL style",
        extensions: &["csl"],
    };
    let Some(path) = files::open_paths(&app, dialog, false).await?.pop() else {
        return Ok(None);
    };
    Ok(Some(bib::install_style(&*state.library()?, &path)?))
}

/// A record's summary (MARC 21 520 $a), the starting point of an annotation.
#[tauri::command]
pub fn record_summary(
    state: State<'_, AppState>,
    record_id: RecordId,
) -> Result<Option<String>, ApiError> {
    Ok(bib::record_summary(&*state.library()?, record_id)?)
}

/// The preview: renders the document as edited (saved or not), records as they are now.
#[tauri::command]
pub async fn preview_bibliography(
    state: State<'_, AppState>,
    doc: BibliographyDoc,
    on_progress: Channel<RenderProgress>,
) -> Result<BibliographyOutput, ApiError> {
    let mut report = move |done: usize, total: usize| {
        drop(on_progress.send(RenderProgress {
            done: done as u32,
            total: total as u32,
        }))
    };
    on_worker(state.library_path()?, move |lib| {
        bib::render_document(
            lib,
            &doc,
            bib::RenderOptions {
                on_progress: Some(&mut report),
                ..Default::default()
            },
        )
    })
    .await
}

/// Writes the document in `format` (html, rtf, docx, pdf, txt, bibtex, ris, csl-json) where the
/// person says in the native save dialog, proposing `name` with the format's extension; `None`
/// when they cancel.
#[tauri::command]
pub async fn export_bibliography(
    app: AppHandle,
    state: State<'_, AppState>,
    doc: BibliographyDoc,
    format: BibliographyFormat,
    name: String,
) -> Result<Option<ExportedBibliography>, ApiError> {
    let (label, extension) = match format {
        BibliographyFormat::Docx => ("Word document (.docx)", "docx"),
        BibliographyFormat::Rtf => ("Rich Text (.rtf)", "rtf"),
        BibliographyFormat::Html => ("Web page (.html)", "html"),
        BibliographyFormat::Pdf => ("PDF (.pdf)", "pdf"),
        BibliographyFormat::Txt => ("Plain text (.txt)", "txt"),
        BibliographyFormat::Bibtex => ("BibTeX / BibLaTeX (.bib)", "bib"),
        BibliographyFormat::Ris => ("RIS, for reference managers (.ris)", "ris"),
        BibliographyFormat::CslJson => ("CSL-JSON (.json)", "json"),
    };
    let dialog = files::Dialog {
        title: "Export bibliography",
        filter: label,
        extensions: &[extension],
    };
    let file_name = format!("{}.{extension}", files::suggested_name(&name));
    let Some(path) = files::save_path(&app, dialog, &file_name).await? else {
        return Ok(None);
    };
    on_worker(state.library_path()?, move |lib| {
        bib::export_document(lib, &doc, format, &path)
    })
    .await
    .map(Some)
}
