//! Carrel's desktop shell: a Tauri 2 window over the core. Commands are thin (a few lines each):
//! they lock the library, call the core and turn its error into [`ApiError`] `{kind, message}`.

mod backups;
mod bibliography;
mod circulation;
mod files;
mod state;

use carrel::RecordId;
use std::sync::atomic::Ordering;

use carrel::catalogue::barcode::BarcodeCheck;
use carrel::catalogue::barcode::BarcodeRules;
use carrel::catalogue::editor::{EditableRecord, RecordForm, Saved, Template, TemplateId, Warning};
use carrel::catalogue::export::{
    ExportEncoding, ExportFormat, ExportProgress, ExportSummary, Selection,
};
use carrel::catalogue::history::RecordHistory;
use carrel::catalogue::import::{DuplicatePolicy, ImportEvent, ImportSummary};
use carrel::catalogue::items::{CallNumberScheme, Item, ItemInput, RecordItems};
use carrel::catalogue::rejects::{RejectedRecord, RejectsExport};
use carrel::catalogue::shelflist::{ShelfPage, ShelfStart};
use carrel::catalogue::standard_numbers::{NumberKind, Validation};
use carrel::catalogue::subjects::{RenameOutcome, SubjectHeading, SubjectPage};
use carrel::catalogue::trash::{DeleteOutcome, DeletedRecord, DeletionCheck};
use carrel::catalogue::RecordSummary;
use carrel::catalogue::{RecordView, SearchRequest, SearchResults};
use carrel::{ApiError, LibraryInfo};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};

use state::AppState;

// `carrel_handler!()`: `generate_handler!` over every `#[tauri::command]` function, listed by
// build.rs (codegen.rs) so that no one writes the list by hand.
include!(concat!(env!("OUT_DIR"), "/commands.rs"));

#[tauri::command]
fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, ApiError> {
    Ok(state.library()?.info()?)
}

#[tauri::command]
fn search(state: State<'_, AppState>, request: SearchRequest) -> Result<SearchResults, ApiError> {
    Ok(carrel::catalogue::search_request(
        &*state.library()?,
        &request,
    )?)
}

#[tauri::command]
fn get_record(state: State<'_, AppState>, id: RecordId) -> Result<RecordView, ApiError> {
    Ok(carrel::catalogue::get_record(&*state.library()?, id)?)
}

/// Runs on a worker thread with its own connection, so searching goes on while it imports.
/// `paths` must each have been offered by the person (`choose_marc_files`, the command line or a
/// drop on the window); any other path is refused and nothing is read.
#[tauri::command]
async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
    duplicates: Option<DuplicatePolicy>,
    on_event: Channel<ImportEvent>,
) -> Result<ImportSummary, ApiError> {
    let job = state.import_job(paths, duplicates.unwrap_or_default())?;
    let summary =
        tauri::async_runtime::spawn_blocking(move || job.run(|e| drop(on_event.send(e.clone()))))
            .await
            .map_err(state::join_error)??;
    Ok(state.remember_import(summary))
}

/// The native open dialog for MARC files, opened by the shell; the files chosen become ones
/// `import_files` may read. Empty when the person cancels.
#[tauri::command]
async fn choose_marc_files(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Vec<String>, ApiError> {
    let picked = files::open_paths(
        &app,
        files::Dialog {
            title: "Import MARC records",
            filter: "MARC records",
            extensions: &["mrc", "marc", "dat", "mrk", "xml", "gz", "iso", "usm"],
        },
        true,
    )
    .await?;
    Ok(state.offered.grant(picked))
}

/// Asks where in the native save dialog (proposing `file_name`, a name only), then exports the
/// records there on a worker thread (ISO 2709: records too long go whole in MARCXML beside the
/// file, or have their long notes split when `split_long_fields`). `None` when the person
/// cancels the dialog. The first
/// progress message, `{written: 0, total: 0}`, says that a file was chosen and the export begins.
// The window's arguments, one each, as `commands.ts` names them; Tauri fills in the first two.
#[allow(clippy::too_many_arguments)]
#[tauri::command]
async fn export_records(
    app: AppHandle,
    state: State<'_, AppState>,
    selection: Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    split_long_fields: bool,
    file_name: String,
    on_progress: Channel<ExportProgress>,
) -> Result<Option<ExportSummary>, ApiError> {
    let (filter, extensions): (&str, &[&str]) = match format {
        ExportFormat::Marcxml => ("MARCXML", &["xml"]),
        ExportFormat::Mrk => ("MarcEdit mnemonic text", &["mrk"]),
        _ => ("MARC 21 records (ISO 2709)", &["mrc"]),
    };
    let dialog = files::Dialog {
        title: "Export MARC records",
        filter,
        extensions,
    };
    let Some(path) = files::save_path(&app, dialog, &file_name).await? else {
        return Ok(None);
    };
    drop(on_progress.send(ExportProgress {
        written: 0,
        total: 0,
    }));
    let job = state.export_job(selection, format, encoding, split_long_fields, path)?;
    tauri::async_runtime::spawn_blocking(move || job.run(|p| drop(on_progress.send(p.clone()))))
        .await
        .map_err(state::join_error)?
        .map(Some)
}

#[tauri::command]
fn cancel_export(state: State<'_, AppState>) {
    state.cancel_export.store(true, Ordering::SeqCst);
}

/// Saves the report of the last import as a text file where the person says in the native save
/// dialog; the path written, or `None` when they cancel.
#[tauri::command]
async fn save_import_report(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<String>, ApiError> {
    let dialog = files::Dialog {
        title: "Save import report",
        filter: "Text file",
        extensions: &["txt"],
    };
    let Some(path) = files::save_path(&app, dialog, "import-report.txt").await? else {
        return Ok(None);
    };
    state.save_import_report(&path)?;
    Ok(Some(path.display().to_string()))
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

#[tauri::command]
fn browse_subjects(
    state: State<'_, AppState>,
    from: Option<String>,
    after: Option<String>,
    limit: u32,
) -> Result<SubjectPage, ApiError> {
    Ok(carrel::catalogue::subjects::browse_subjects(
        &*state.library()?,
        from.as_deref(),
        after.as_deref(),
        limit,
    )?)
}

#[tauri::command]
fn search_subjects(
    state: State<'_, AppState>,
    text: String,
    limit: u32,
) -> Result<Vec<SubjectHeading>, ApiError> {
    Ok(carrel::catalogue::subjects::search_subjects(
        &*state.library()?,
        &text,
        limit,
    )?)
}

#[tauri::command]
fn subject_records(
    state: State<'_, AppState>,
    heading: String,
    limit: u32,
) -> Result<Vec<RecordSummary>, ApiError> {
    Ok(carrel::catalogue::subjects::subject_records(
        &*state.library()?,
        &heading,
        limit,
    )?)
}

/// Renames (one heading in `from`) or merges subject headings in every record, in short
/// transactions (the desk is served in between).
#[tauri::command]
fn merge_subjects(
    state: State<'_, AppState>,
    from: Vec<String>,
    into: String,
) -> Result<RenameOutcome, ApiError> {
    Ok(carrel::catalogue::subjects::merge_subjects(
        &mut *state.library()?,
        &from,
        &into,
        &carrel::storage::current_user(),
        state::now(),
    )?)
}

#[tauri::command]
fn deletion_check(state: State<'_, AppState>, id: RecordId) -> Result<DeletionCheck, ApiError> {
    Ok(carrel::catalogue::trash::deletion_check(
        &*state.library()?,
        id,
    )?)
}

#[tauri::command]
fn delete_record(
    state: State<'_, AppState>,
    id: RecordId,
    with_items: bool,
) -> Result<DeleteOutcome, ApiError> {
    Ok(carrel::catalogue::trash::delete_record(
        &mut *state.library()?,
        id,
        with_items,
        &carrel::storage::current_user(),
        state::now(),
    )?)
}

#[tauri::command]
fn restore_record(state: State<'_, AppState>, id: RecordId) -> Result<(), ApiError> {
    Ok(carrel::catalogue::trash::restore_record(
        &mut *state.library()?,
        id,
        &carrel::storage::current_user(),
        state::now(),
    )?)
}

#[tauri::command]
fn purge_record(state: State<'_, AppState>, id: RecordId) -> Result<(), ApiError> {
    Ok(carrel::catalogue::trash::purge_record(
        &mut *state.library()?,
        id,
    )?)
}

#[tauri::command]
fn deleted_records(state: State<'_, AppState>) -> Result<Vec<DeletedRecord>, ApiError> {
    Ok(carrel::catalogue::trash::deleted_records(
        &*state.library()?,
    )?)
}

#[tauri::command]
fn record_history(state: State<'_, AppState>, id: RecordId) -> Result<RecordHistory, ApiError> {
    Ok(carrel::catalogue::history::record_history(
        &*state.library()?,
        id,
    )?)
}

#[tauri::command]
fn revert_to_version(
    state: State<'_, AppState>,
    id: RecordId,
    version_id: i64,
) -> Result<u32, ApiError> {
    Ok(carrel::catalogue::history::revert_to_version(
        &mut *state.library()?,
        id,
        version_id,
        &carrel::storage::current_user(),
        state::now(),
    )?)
}

#[tauri::command]
fn add_item(
    state: State<'_, AppState>,
    record_id: RecordId,
    input: ItemInput,
) -> Result<Item, ApiError> {
    Ok(carrel::catalogue::items::add_item(
        &mut *state.library()?,
        record_id,
        &input,
        state::now(),
    )?)
}

#[tauri::command]
fn update_item(state: State<'_, AppState>, id: i64, input: ItemInput) -> Result<Item, ApiError> {
    Ok(carrel::catalogue::items::update_item(
        &mut *state.library()?,
        id,
        &input,
        state::now(),
    )?)
}

#[tauri::command]
fn delete_item(state: State<'_, AppState>, id: i64) -> Result<Item, ApiError> {
    Ok(carrel::catalogue::items::delete_item(
        &mut *state.library()?,
        id,
    )?)
}

/// A record's items, with the call number a new item of it would get.
#[tauri::command]
fn items_of_record(
    state: State<'_, AppState>,
    record_id: RecordId,
) -> Result<RecordItems, ApiError> {
    Ok(carrel::catalogue::items::record_items(
        &*state.library()?,
        record_id,
    )?)
}

#[tauri::command]
fn item_by_barcode(state: State<'_, AppState>, barcode: String) -> Result<Item, ApiError> {
    Ok(carrel::catalogue::items::get_item_by_barcode(
        &*state.library()?,
        &barcode,
    )?)
}

#[tauri::command]
fn shelf_list(
    state: State<'_, AppState>,
    location: Option<String>,
    start: ShelfStart,
    limit: u32,
) -> Result<ShelfPage, ApiError> {
    Ok(carrel::catalogue::shelflist::shelf_list(
        &*state.library()?,
        location.as_deref(),
        &start,
        limit,
    )?)
}

#[tauri::command]
fn shelf_locations(state: State<'_, AppState>) -> Result<Vec<String>, ApiError> {
    Ok(carrel::catalogue::shelflist::locations(&*state.library()?)?)
}

#[tauri::command]
fn barcode_rules(state: State<'_, AppState>) -> Result<BarcodeRules, ApiError> {
    Ok(carrel::catalogue::barcode::barcode_rules(
        &*state.library()?,
    )?)
}

#[tauri::command]
fn set_barcode_rules(
    state: State<'_, AppState>,
    rules: BarcodeRules,
) -> Result<BarcodeRules, ApiError> {
    Ok(carrel::catalogue::barcode::set_barcode_rules(
        &mut *state.library()?,
        &rules,
    )?)
}

/// Checks a sample barcode against rules as typed in the Settings form (not necessarily saved).
#[tauri::command]
fn check_barcode(rules: BarcodeRules, barcode: String) -> BarcodeCheck {
    carrel::catalogue::barcode::check_barcode(&rules, &barcode)
}

#[tauri::command]
fn cataloguing_agency(state: State<'_, AppState>) -> Result<String, ApiError> {
    Ok(carrel::catalogue::settings::cataloguing_agency(
        &*state.library()?,
    )?)
}

#[tauri::command]
fn set_cataloguing_agency(state: State<'_, AppState>, code: String) -> Result<String, ApiError> {
    Ok(carrel::catalogue::settings::set_cataloguing_agency(
        &mut *state.library()?,
        &code,
    )?)
}

/// The library's default call-number scheme (`null`: each call number's form decides).
#[tauri::command]
fn default_call_number_scheme(
    state: State<'_, AppState>,
) -> Result<Option<CallNumberScheme>, ApiError> {
    Ok(carrel::catalogue::settings::default_scheme(
        &*state.library()?,
    )?)
}

/// Stores the library's default call-number scheme (`null` removes it); answers the one in force.
#[tauri::command]
fn set_default_call_number_scheme(
    state: State<'_, AppState>,
    scheme: Option<CallNumberScheme>,
) -> Result<Option<CallNumberScheme>, ApiError> {
    Ok(carrel::catalogue::settings::set_default_scheme(
        &mut *state.library()?,
        scheme,
    )?)
}

#[tauri::command]
fn count_rejects(state: State<'_, AppState>) -> Result<u32, ApiError> {
    Ok(carrel::catalogue::rejects::count_rejects(
        &*state.library()?,
    )?)
}

#[tauri::command]
fn list_rejects(state: State<'_, AppState>, limit: u32) -> Result<Vec<RejectedRecord>, ApiError> {
    Ok(carrel::catalogue::rejects::list_rejects(
        &*state.library()?,
        limit,
    )?)
}

/// Saves the rejected records' bytes where the person says in the native save dialog; `None`
/// when they cancel.
#[tauri::command]
async fn export_rejects(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<RejectsExport>, ApiError> {
    let dialog = files::Dialog {
        title: "Save rejected records",
        filter: "MARC 21 records (ISO 2709)",
        extensions: &["mrc"],
    };
    let Some(path) = files::save_path(&app, dialog, "rejected-records.mrc").await? else {
        return Ok(None);
    };
    Ok(Some(carrel::catalogue::rejects::export_rejects(
        &*state.library()?,
        &path,
    )?))
}

/// Saves a patron's library card (PDF, ID-1) where the person says in the native save dialog
/// (proposing `library-card-CARD.pdf`); `None` when they cancel.
#[tauri::command]
async fn save_patron_card(
    app: AppHandle,
    state: State<'_, AppState>,
    card: String,
) -> Result<Option<carrel::circulation::Patron>, ApiError> {
    let dialog = files::Dialog {
        title: "Save library card",
        filter: "PDF",
        extensions: &["pdf"],
    };
    let safe: String = card
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!("library-card-{safe}.pdf");
    let Some(path) = files::save_path(&app, dialog, &name).await? else {
        return Ok(None);
    };
    Ok(Some(carrel::circulation::save_patron_card(
        &*state.library()?,
        &card,
        &path,
    )?))
}

#[tauri::command]
fn clear_rejects(state: State<'_, AppState>) -> Result<u32, ApiError> {
    Ok(carrel::catalogue::rejects::clear_rejects(
        &mut *state.library()?,
    )?)
}

#[tauri::command]
fn record_templates() -> Vec<Template> {
    carrel::catalogue::editor::templates()
}

/// A new, unsaved record from a template, dated today.
#[tauri::command]
fn new_record_from_template(
    state: State<'_, AppState>,
    template: TemplateId,
) -> Result<EditableRecord, ApiError> {
    Ok(carrel::catalogue::editor::new_record(
        &*state.library()?,
        template,
        state::now().date(),
    )?)
}

#[tauri::command]
fn get_editable_record(
    state: State<'_, AppState>,
    id: RecordId,
) -> Result<EditableRecord, ApiError> {
    Ok(carrel::catalogue::editor::get_editable(
        &*state.library()?,
        id,
    )?)
}

#[tauri::command]
fn validate_record(record: EditableRecord) -> Vec<Warning> {
    carrel::catalogue::editor::validate(&record)
}

/// Saves a new record (`id` null) or a new version of record `id`, as the OS user, now.
#[tauri::command]
fn save_record(
    state: State<'_, AppState>,
    id: Option<RecordId>,
    record: EditableRecord,
) -> Result<Saved, ApiError> {
    Ok(carrel::catalogue::editor::save_record(
        &mut *state.library()?,
        id,
        &record,
        &carrel::storage::current_user(),
        state::now(),
    )?)
}

/// An unsaved copy of record `id` ("new from this").
#[tauri::command]
fn duplicate_record(state: State<'_, AppState>, id: RecordId) -> Result<EditableRecord, ApiError> {
    Ok(carrel::catalogue::editor::duplicate_record(
        &*state.library()?,
        id,
        state::now().date(),
    )?)
}

#[tauri::command]
fn record_form_from(record: EditableRecord) -> RecordForm {
    carrel::catalogue::editor::form_from_record(&record)
}

#[tauri::command]
fn apply_record_form(record: EditableRecord, form: RecordForm) -> EditableRecord {
    carrel::catalogue::editor::apply_form(&record, &form)
}

/// Checks an ISBN, ISSN or LCCN as the technician types it (check digit, shape).
#[tauri::command]
fn check_standard_number(kind: NumberKind, value: String) -> Validation {
    carrel::catalogue::standard_numbers::validate(kind, &value)
}

/// Starts the app: `carrel-app [--library FILE] [MARC FILE...]`.
pub fn run() {
    let args = state::Args::parse(std::env::args().skip(1));
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(args))
        .manage(backups::Backups::default())
        .setup(|app| {
            backups::start(app.handle());
            Ok(())
        })
        // Files dropped on the window, as the window system reports them (not as the page says):
        // the only dropped paths `import_files` will read.
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                tauri::Manager::state::<AppState>(webview)
                    .offered
                    .grant(paths.iter().cloned());
            }
        })
        .on_window_event(|window, event| {
            // Closing: back up (bounded in time) and checkpoint first.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == "main"
                    && backups::on_close_requested(tauri::Manager::app_handle(window))
                {
                    api.prevent_close();
                }
            }
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                tauri::Manager::state::<AppState>(window)
                    .offered
                    .grant(paths.iter().cloned());
            }
        })
        .invoke_handler(carrel_handler!())
        .build(tauri::generate_context!())
        .expect("error while building Carrel")
        .run(|app, event| {
            // An exit that no close request came before (the window system took the window, or
            // the app was asked to exit) backs up and checkpoints too.
            if let tauri::RunEvent::ExitRequested { api, .. } = event {
                if backups::on_close_requested(app) {
                    api.prevent_exit();
                }
            }
        });
}
