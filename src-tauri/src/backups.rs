//! Backups in the window: Settings → Backups ("Back up now", "Restore…", the folder and the
//! generations kept), the automatic backups (when the window closes, and once a day while it is
//! open, each followed by pruning) and the WAL checkpoint when idle and on close (issue 12,
//! "Backups and restore").
//!
//! A backup runs on a worker thread with its own connection, so the window never waits for it
//! (SQLite's online backup copies one committed state while the window goes on writing). A
//! restore goes through the window's own connection, so every command after it sees the new
//! content. Paths come only from native dialogs opened here: the page never sends one.
//! The clock is read here (`state::now`), never in the core.
//!
//! A damaged library: the check at opening found it (the core then refuses every write), or, for
//! a file too large to check at opening, the check this module runs in the background on a
//! connection of its own finds it; either way `library_damage` and the [`DAMAGED_EVENT`] give the
//! window its banner.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use carrel::maintenance::{RestorePreview, RestoreReport};
use carrel::storage::backup::{
    self, BackupFailure, BackupReport, BackupSettings, BackupStatus, Generations, LastBackup,
};
use carrel::storage::Damage;
use carrel::{ApiError, ErrorKind, Library};
use tauri::{AppHandle, Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::{join_error, now, AppState};

/// The event the window gets when an automatic backup fails (payload: [`BackupFailure`]).
pub const FAILED_EVENT: &str = "backup-failed";
/// The event the window gets when the background check finds the library damaged (payload:
/// [`Damage`]); from then on every write is refused.
pub const DAMAGED_EVENT: &str = "library-damaged";
/// How often the background thread looks at the clock.
const TICK: Duration = Duration::from_secs(20);
/// How long without a command before the WAL is checkpointed.
const IDLE: Duration = Duration::from_secs(60);
/// Time from the window's opening to the first daily check (start-up stays quick).
const FIRST_DAILY_CHECK: Duration = Duration::from_secs(120);
/// How often the daily backup is considered; and how long after a failed one it is tried again.
const DAILY_CHECK: Duration = Duration::from_secs(600);
const RETRY_AFTER_FAILURE: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// A backup older than this is due.
const DAY: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// The longest the window waits on close for its backup before it exits anyway.
const CLOSE_LIMIT: Duration = Duration::from_secs(30);

/// Commands that used the library (see [`touch`]): the idle checkpoint waits until none ran
/// for [`IDLE`].
static ACTIVITY: AtomicU64 = AtomicU64::new(0);
static LAST_ACTIVE: Mutex<Option<Instant>> = Mutex::new(None);

/// Notes that a command used the library now.
pub fn touch() {
    ACTIVITY.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut t) = LAST_ACTIVE.lock() {
        *t = Some(Instant::now());
    }
}

fn idle_for() -> Duration {
    LAST_ACTIVE
        .lock()
        .ok()
        .and_then(|t| *t)
        .map_or(Duration::MAX, |t| t.elapsed())
}

/// The window's backup state: one backup or restore at a time, the backup chosen to restore,
/// and whether the window is closing.
#[derive(Default)]
pub struct Backups {
    running: Mutex<()>,
    restore_file: Mutex<Option<PathBuf>>,
    closing: AtomicBool,
}

fn api_error(kind: ErrorKind, message: impl Into<String>) -> ApiError {
    ApiError {
        kind,
        message: message.into(),
    }
}

/// The library's backup settings (folder, generations kept).
#[tauri::command]
pub fn backup_settings(state: State<'_, AppState>) -> Result<BackupSettings, ApiError> {
    Ok(backup::backup_settings(&*state.library()?)?)
}

/// Sets how many daily, weekly and monthly backups are kept.
#[tauri::command]
pub fn set_backup_generations(
    state: State<'_, AppState>,
    generations: Generations,
) -> Result<BackupSettings, ApiError> {
    Ok(backup::set_backup_generations(
        &mut *state.library()?,
        generations,
    )?)
}

/// Opens the native folder dialog (from the shell) and makes the folder chosen the backups
/// folder; `None` when the person cancels.
#[tauri::command]
pub async fn choose_backup_folder(app: AppHandle) -> Result<Option<BackupSettings>, ApiError> {
    let start = backup::backup_settings(&*app.state::<AppState>().library()?)?.folder;
    let mut b = app
        .dialog()
        .file()
        .set_title("Folder for backups")
        .set_directory(existing_ancestor(Path::new(&start)));
    if let Some(w) = app.get_webview_window("main") {
        b = b.set_parent(&w);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || b.blocking_pick_folder())
        .await
        .map_err(join_error)?;
    let Some(folder) = picked else {
        return Ok(None);
    };
    let folder = folder
        .into_path()
        .map_err(|e| api_error(ErrorKind::Io, format!("the folder dialog failed: {e}")))?;
    let state = app.state::<AppState>();
    let mut lib = state.library()?;
    Ok(Some(backup::set_backup_folder(&mut lib, Some(&folder))?))
}

/// Goes back to the default backups folder (`backups` beside the library).
#[tauri::command]
pub fn reset_backup_folder(state: State<'_, AppState>) -> Result<BackupSettings, ApiError> {
    Ok(backup::set_backup_folder(&mut *state.library()?, None)?)
}

/// Why the library is refused writes, when it was found damaged (at opening or by the check in
/// the background); `None` for a sound library.
#[tauri::command]
pub fn library_damage(state: State<'_, AppState>) -> Result<Option<Damage>, ApiError> {
    Ok(state.library_untouched()?.damage().cloned())
}

/// The last backup and, when the last attempt failed, why.
#[tauri::command]
pub fn backup_status(state: State<'_, AppState>) -> Result<BackupStatus, ApiError> {
    Ok(backup::backup_status(&*state.library()?)?)
}

/// Backs up now into the backups folder, on a worker thread with its own connection, then prunes
/// the old generations. The window goes on working meanwhile.
#[tauri::command]
pub async fn back_up_now(app: AppHandle) -> Result<BackupReport, ApiError> {
    tauri::async_runtime::spawn_blocking(move || take_backup(&app, false))
        .await
        .map_err(join_error)?
}

/// Opens the native open dialog for a backup file and compares it with the open library (nothing
/// is changed); `None` when the person cancels. The file chosen is the one `restore_backup`
/// restores.
#[tauri::command]
pub async fn choose_backup_to_restore(app: AppHandle) -> Result<Option<RestorePreview>, ApiError> {
    let start = backup::backup_settings(&*app.state::<AppState>().library()?)?.folder;
    let mut b = app
        .dialog()
        .file()
        .set_title("Restore a backup")
        .add_filter("Carrel libraries", &["sqlite", "db"])
        .set_directory(existing_ancestor(Path::new(&start)));
    if let Some(w) = app.get_webview_window("main") {
        b = b.set_parent(&w);
    }
    let picked = tauri::async_runtime::spawn_blocking(move || b.blocking_pick_file())
        .await
        .map_err(join_error)?;
    let Some(file) = picked else {
        return Ok(None);
    };
    let file = file
        .into_path()
        .map_err(|e| api_error(ErrorKind::Io, format!("the file dialog failed: {e}")))?;
    let preview = tauri::async_runtime::spawn_blocking({
        let app = app.clone();
        let file = file.clone();
        move || -> Result<RestorePreview, ApiError> {
            let state = app.state::<AppState>();
            let lib = state.library()?;
            Ok(carrel::maintenance::restore_preview(&lib, &file)?)
        }
    })
    .await
    .map_err(join_error)??;
    *app.state::<Backups>()
        .restore_file
        .lock()
        .expect("restore file lock") = Some(file);
    Ok(Some(preview))
}

/// Restores the backup chosen in `choose_backup_to_restore`: the open library is backed up first
/// (into the backups folder), then its content is replaced, through the window's own connection.
/// The backup settings and status stay this library's (they are about where backups go).
#[tauri::command]
pub async fn restore_backup(app: AppHandle) -> Result<RestoreReport, ApiError> {
    let file = app
        .state::<Backups>()
        .restore_file
        .lock()
        .expect("restore file lock")
        .take()
        .ok_or_else(|| {
            api_error(
                ErrorKind::InvalidInput,
                "choose the backup to restore first (Restore…)",
            )
        })?;
    tauri::async_runtime::spawn_blocking(move || {
        let backups = app.state::<Backups>();
        let _one = backups.running.lock().expect("backup lock");
        let state = app.state::<AppState>();
        if state.is_importing() {
            return Err(api_error(
                ErrorKind::InvalidInput,
                "an import is running: restore when it has finished",
            ));
        }
        let mut lib = state.library()?;
        let settings = backup::backup_settings(&lib)?;
        let status = backup::backup_status(&lib)?;
        let folder = PathBuf::from(&settings.folder);
        if settings.folder_is_default {
            create_folder(&folder)?;
        }
        let report = carrel::maintenance::restore(&mut lib, &file, Some(&folder), now())?;
        let custom = (!settings.folder_is_default).then_some(folder.as_path());
        backup::set_backup_folder(&mut lib, custom)?;
        backup::set_backup_generations(&mut lib, settings.generations)?;
        backup::set_backup_status(&mut lib, &status)?;
        Ok(report)
    })
    .await
    .map_err(join_error)?
}

/// The nearest folder of `path` that exists, for a dialog to start in.
fn existing_ancestor(path: &Path) -> PathBuf {
    path.ancestors()
        .find(|p| p.is_dir())
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

fn create_folder(folder: &Path) -> Result<(), ApiError> {
    std::fs::create_dir_all(folder).map_err(|e| {
        api_error(
            ErrorKind::Io,
            format!("cannot create folder {}: {e}", folder.display()),
        )
    })
}

/// Backs up into the backups folder on this thread, with its own connection, prunes, and stores
/// the outcome in the backup status (also a failure).
fn take_backup(app: &AppHandle, automatic: bool) -> Result<BackupReport, ApiError> {
    let backups = app.state::<Backups>();
    let _one = backups.running.lock().expect("backup lock");
    let state = app.state::<AppState>();
    let (path, read_only) = {
        let lib = state.library_untouched()?;
        // Damage the background check found is known only to the window's connection: a new
        // one would copy the damage (and then refuse the copy for failing its check).
        if let Some(why) = lib.damaged() {
            return Err(api_error(
                ErrorKind::Damaged,
                format!("no backup was taken: a backup of a damaged library is no backup. {why}"),
            ));
        }
        (lib.path().to_path_buf(), lib.is_read_only())
    };
    let mut lib = if read_only {
        Library::open_read_only(&path)?
    } else {
        Library::open(&path)?
    };
    let settings = backup::backup_settings(&lib)?;
    let at = now();
    let result = (|| -> Result<BackupReport, ApiError> {
        let folder = PathBuf::from(&settings.folder);
        // The default folder is made when missing; a folder that was set (a USB stick, a share)
        // must be there: making it would hide that the stick is not plugged in.
        if settings.folder_is_default {
            create_folder(&folder)?;
        } else if !folder.is_dir() {
            return Err(api_error(
                ErrorKind::NotFound,
                format!(
                    "the backups folder {} is not there: connect the USB stick or the share, or \
                     choose another folder in Settings → Backups",
                    folder.display()
                ),
            ));
        }
        let report = backup::backup(&lib, &folder, at)?;
        backup::prune_backups(&folder, settings.generations)?;
        Ok(report)
    })();
    let mut status = backup::backup_status(&lib).unwrap_or_default();
    match &result {
        Ok(report) => {
            status.last = Some(LastBackup {
                at: at.to_rfc3339(),
                automatic,
                report: report.clone(),
            });
            status.failure = None;
        }
        Err(e) => {
            status.failure = Some(BackupFailure {
                at: at.to_rfc3339(),
                automatic,
                message: e.message.clone(),
            });
        }
    }
    if !read_only {
        // The backup itself is written (or its error returned); a status that cannot be stored
        // only means Settings shows an older one.
        let _ = backup::set_backup_status(&mut lib, &status);
    }
    result
}

/// An automatic backup; a failure goes to the window as a [`FAILED_EVENT`].
fn automatic_backup(app: &AppHandle) {
    if let Err(e) = take_backup(app, true) {
        let failure = BackupFailure {
            at: now().to_rfc3339(),
            automatic: true,
            message: e.message,
        };
        let _ = app.emit(FAILED_EVENT, failure);
    }
}

/// Whether the daily backup is due: no backup yet, or the last is a day old (and the last attempt
/// did not fail within the hour).
fn daily_due(status: &BackupStatus, at: chrono::DateTime<chrono::FixedOffset>) -> bool {
    let age = |t: &str| chrono::DateTime::parse_from_rfc3339(t).map(|t| at - t).ok();
    if let Some(f) = &status.failure {
        if age(&f.at).is_some_and(|a| a < RETRY_AFTER_FAILURE) {
            return false;
        }
    }
    match &status.last {
        None => true,
        Some(last) => age(&last.at).is_none_or(|a| a >= DAY),
    }
}

/// WAL checkpoint through the window's connection (not counted as activity).
fn checkpoint(app: &AppHandle) {
    let state = app.state::<AppState>();
    if state.is_importing() {
        return;
    }
    if let Ok(lib) = state.library_untouched() {
        let _ = backup::checkpoint(&lib);
    };
}

/// For a library too large to check at opening: `PRAGMA quick_check` on a thread and a read
/// connection of its own (the window goes on working), and when it finds damage, every write
/// refused from then on and the window told ([`DAMAGED_EVENT`]).
fn check_in_background(app: &AppHandle) {
    let path = match app.state::<AppState>().library_untouched() {
        Ok(lib) if lib.unchecked() => lib.path().to_path_buf(),
        _ => return,
    };
    let app = app.clone();
    let _ = std::thread::Builder::new()
        .name("carrel-damage-check".into())
        .spawn(move || {
            // An error other than damage (the file cannot be read at all) shows at the next
            // command that reads it.
            if let Ok(Some(damage)) = carrel::storage::check_for_damage(&path) {
                if let Ok(mut lib) = app.state::<AppState>().library_untouched() {
                    lib.refuse_writes(damage.clone());
                }
                let _ = app.emit(DAMAGED_EVENT, damage);
            }
        });
}

/// Starts the background work: the damage check of a large library, and the thread of the idle
/// checkpoint and the daily backup.
pub fn start(app: &AppHandle) {
    check_in_background(app);
    let app = app.clone();
    let started = Instant::now();
    let _ = std::thread::Builder::new()
        .name("carrel-backups".into())
        .spawn(move || {
            let mut checkpointed_at = ACTIVITY.load(Ordering::Relaxed);
            let mut next_daily = started + FIRST_DAILY_CHECK;
            loop {
                std::thread::sleep(TICK);
                if app.state::<Backups>().closing.load(Ordering::SeqCst) {
                    return;
                }
                let activity = ACTIVITY.load(Ordering::Relaxed);
                if activity != checkpointed_at && idle_for() >= IDLE {
                    checkpoint(&app);
                    checkpointed_at = activity;
                }
                if Instant::now() >= next_daily {
                    next_daily = Instant::now() + DAILY_CHECK;
                    let due = app
                        .state::<AppState>()
                        .library_untouched()
                        .ok()
                        .filter(|lib| !lib.is_read_only() && lib.damaged().is_none())
                        .and_then(|lib| backup::backup_status(&lib).ok())
                        .is_some_and(|s| daily_due(&s, now().as_datetime()));
                    if due {
                        automatic_backup(&app);
                    }
                }
            }
        });
}

/// The window is asked to close, or the app to exit (`RunEvent::ExitRequested`: the last window
/// went without a close request, or something asked the app to exit): the first time, keeps it
/// open while it backs up (at most [`CLOSE_LIMIT`]) and checkpoints, then exits. Returns whether
/// the close (or exit) was held back; the exit this function asks for itself is let through.
pub fn on_close_requested(app: &AppHandle) -> bool {
    let backups = app.state::<Backups>();
    if backups.closing.swap(true, Ordering::SeqCst) {
        // Asked again while backing up: close now.
        return false;
    }
    // Nothing to back up from a read-only library, nor from a damaged one (the backup would be
    // refused: a copy of damage is no backup).
    let read_only = app
        .state::<AppState>()
        .library_untouched()
        .map_or(true, |lib| lib.is_read_only() || lib.damaged().is_some());
    let app = app.clone();
    std::thread::spawn(move || {
        if !read_only {
            let (done, wait) = std::sync::mpsc::channel();
            let worker = app.clone();
            std::thread::spawn(move || {
                // A failure is kept in the backup status: the window shows it at the next start.
                let _ = take_backup(&worker, true);
                let _ = done.send(());
            });
            let _ = wait.recv_timeout(CLOSE_LIMIT);
            checkpoint(&app);
        }
        app.exit(0);
    });
    true
}

#[cfg(test)]
mod tests;
