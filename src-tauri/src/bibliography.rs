//! The Bibliographies section's commands (see `docs/bibliography.md`). Rendering and exporting
//! run on a worker thread with their own connection, so the window stays responsive while a
//! long bibliography renders.

use carrel::RecordId;
use std::path::{Path, PathBuf};

use carrel::bibliography::{
    self as bib, Bibliography, BibliographyDoc, BibliographyOutput, BibliographySummary,
    ExportedBibliography, RenderProgress, StyleChoice,
};
// Named as its TypeScript binding, which is the name codegen.rs writes for the argument.
use carrel::bibliography::Format as BibliographyFormat;
use carrel::{ApiError, Library};
use tauri::ipc::Channel;
use tauri::State;

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

/// Copies a `.csl` file (chosen in the native open dialog) into the styles folder.
#[tauri::command]
pub fn add_bibliography_style(
    state: State<'_, AppState>,
    path: String,
) -> Result<StyleChoice, ApiError> {
    Ok(bib::install_style(&*state.library()?, Path::new(&path))?)
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

/// Writes the document in `format` (html, rtf, docx, pdf, txt, bibtex, ris, csl-json) to the
/// path chosen in the native save dialog.
#[tauri::command]
pub async fn export_bibliography(
    state: State<'_, AppState>,
    doc: BibliographyDoc,
    format: BibliographyFormat,
    path: String,
) -> Result<ExportedBibliography, ApiError> {
    on_worker(state.library_path()?, move |lib| {
        bib::export_document(lib, &doc, format, Path::new(&path))
    })
    .await
}
