//! Carrel's desktop shell: a Tauri 2 window over the core. Commands are thin (a few lines each):
//! they lock the library, call the core and turn its error into [`ApiError`] `{kind, message}`.

mod state;

use std::sync::atomic::Ordering;

use carrel::catalogue::export::{ExportEncoding, ExportFormat, ExportProgress, ExportSummary, Selection};
use carrel::catalogue::import::{DuplicatePolicy, ImportEvent, ImportSummary};
use carrel::catalogue::{RecordView, SearchResults};
use carrel::{ApiError, LibraryInfo};
use tauri::ipc::Channel;
use tauri::State;

use state::AppState;

#[tauri::command]
fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, ApiError> {
    Ok(state.library()?.info()?)
}

#[tauri::command]
fn search(state: State<'_, AppState>, query: String, limit: u32) -> Result<SearchResults, ApiError> {
    Ok(carrel::catalogue::search(&*state.library()?, &query, limit)?)
}

#[tauri::command]
fn get_record(state: State<'_, AppState>, id: i64) -> Result<RecordView, ApiError> {
    Ok(carrel::catalogue::get_record(&*state.library()?, id)?)
}

/// Runs on a worker thread with its own connection, so searching goes on while it imports.
#[tauri::command]
async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    duplicates: Option<DuplicatePolicy>,
    on_event: Channel<ImportEvent>,
) -> Result<ImportSummary, ApiError> {
    let job = state.import_job(paths, duplicates.unwrap_or_default())?;
    let summary = tauri::async_runtime::spawn_blocking(move || job.run(|e| drop(on_event.send(e.clone())))).await.map_err(state::join_error)??;
    Ok(state.remember_import(summary))
}

/// Exports records to a file chosen in the native save dialog; runs on a worker thread.
#[tauri::command]
async fn export_records(
    state: State<'_, AppState>,
    selection: Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    path: String,
    on_progress: Channel<ExportProgress>,
) -> Result<ExportSummary, ApiError> {
    let job = state.export_job(selection, format, encoding, path)?;
    tauri::async_runtime::spawn_blocking(move || job.run(|p| drop(on_progress.send(p.clone())))).await.map_err(state::join_error)?
}

#[tauri::command]
fn cancel_export(state: State<'_, AppState>) {
    state.cancel_export.store(true, Ordering::SeqCst);
}

/// Saves the report of the last import as a text file (the path comes from the native save dialog).
#[tauri::command]
fn save_import_report(state: State<'_, AppState>, path: String) -> Result<(), ApiError> {
    state.save_import_report(std::path::Path::new(&path))
}

#[tauri::command]
fn cancel_import(state: State<'_, AppState>) {
    state.cancel.store(true, Ordering::SeqCst);
}

/// Files given on the command line ("Open with Carrel"), handed over once.
#[tauri::command]
fn pending_open_files(state: State<'_, AppState>) -> Vec<String> {
    std::mem::take(&mut *state.pending_files.lock().expect("pending files lock"))
}

/// Starts the app: `carrel-app [--library FILE] [MARC FILE...]`.
pub fn run() {
    let args = state::Args::parse(std::env::args().skip(1));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(args))
        .invoke_handler(tauri::generate_handler![library_info, search, get_record, import_files, cancel_import, pending_open_files, save_import_report, export_records, cancel_export])
        .run(tauri::generate_context!())
        .expect("error while running Carrel");
}
