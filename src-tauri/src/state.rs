//! The window's state: the open library (or why it could not be opened), the import in progress
//! and the files given on the command line.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use carrel::catalogue::export::{
    export_to_path_with, ExportEncoding, ExportFormat, ExportProgress, ExportSummary, LongRecords,
    Selection,
};
use carrel::catalogue::import::{
    import_files, report_text, DuplicatePolicy, ImportEvent, ImportOptions, ImportSummary,
};
use carrel::{ApiError, ErrorKind, Library};

/// The app's command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub library: Option<PathBuf>,
    pub files: Vec<String>,
}

impl Args {
    /// `--library FILE` (or `--library=FILE`) chooses the library; other arguments that are not
    /// options are MARC files to offer for import. Unknown options are ignored (desktop launchers
    /// add their own).
    pub fn parse(args: impl Iterator<Item = String>) -> Args {
        let mut out = Args::default();
        let mut args = args.peekable();
        while let Some(a) = args.next() {
            if a == "--library" {
                out.library = args.next().map(PathBuf::from);
            } else if let Some(v) = a.strip_prefix("--library=") {
                out.library = Some(PathBuf::from(v));
            } else if !a.starts_with('-') {
                let p = PathBuf::from(&a);
                out.files
                    .push(std::fs::canonicalize(&p).unwrap_or(p).display().to_string());
            }
        }
        out
    }
}

pub fn now() -> carrel::Timestamp {
    chrono::Local::now().into()
}

pub struct AppState {
    library: Mutex<Result<Library, ApiError>>,
    pub cancel: Arc<AtomicBool>,
    importing: Arc<AtomicBool>,
    pub cancel_export: Arc<AtomicBool>,
    pub pending_files: Mutex<Vec<String>>,
    /// The files the person offered for import; see `files.rs`.
    pub offered: crate::files::Offered,
    last_import: Mutex<Option<ImportSummary>>,
}

impl AppState {
    pub fn new(args: Args) -> AppState {
        let library = carrel::open_library(args.library.as_deref(), now()).map_err(ApiError::from);
        // Files named on the command line were offered by the person who started Carrel.
        let offered = crate::files::Offered::default();
        offered.grant(args.files.iter().map(PathBuf::from));
        AppState {
            library: Mutex::new(library),
            cancel: Arc::new(AtomicBool::new(false)),
            importing: Arc::new(AtomicBool::new(false)),
            cancel_export: Arc::new(AtomicBool::new(false)),
            pending_files: Mutex::new(args.files),
            offered,
            last_import: Mutex::new(None),
        }
    }

    /// The open library, or the error that kept it from opening. Counts as a command's use of
    /// the library (the idle checkpoint waits for a quiet minute, see `backups.rs`).
    pub fn library(&self) -> Result<LibraryGuard<'_>, ApiError> {
        crate::backups::touch();
        self.library_untouched()
    }

    /// [`AppState::library`] for the window's own background work, which is not a command.
    pub fn library_untouched(&self) -> Result<LibraryGuard<'_>, ApiError> {
        let guard = self
            .library
            .lock()
            .map_err(|_| internal("the library lock was poisoned"))?;
        if let Err(e) = &*guard {
            return Err(e.clone());
        }
        Ok(LibraryGuard(guard))
    }

    /// The library file's path, for work on a worker thread with its own connection.
    pub fn library_path(&self) -> Result<PathBuf, ApiError> {
        Ok(self.library()?.path().to_path_buf())
    }

    /// Whether an import is running (on its own connection).
    pub fn is_importing(&self) -> bool {
        self.importing.load(Ordering::SeqCst)
    }

    /// Keeps the summary of the import that just ended, for "Save report".
    pub fn remember_import(&self, summary: ImportSummary) -> ImportSummary {
        *self.last_import.lock().expect("last import lock") = Some(summary.clone());
        summary
    }

    /// Writes the last import's report (see `carrel::catalogue::import::report_text`) to `path`.
    pub fn save_import_report(&self, path: &std::path::Path) -> Result<(), ApiError> {
        let guard = self
            .last_import
            .lock()
            .map_err(|_| internal("the import report lock was poisoned"))?;
        let summary = guard.as_ref().ok_or_else(|| ApiError {
            kind: ErrorKind::NotFound,
            message: "no import has run in this window yet".into(),
        })?;
        std::fs::write(path, report_text(summary)).map_err(|e| ApiError {
            kind: ErrorKind::Io,
            message: format!("cannot write {}: {e}", path.display()),
        })
    }

    /// Prepares an export on its own connection to the library file.
    pub fn export_job(
        &self,
        selection: Selection,
        format: ExportFormat,
        encoding: ExportEncoding,
        split_long_fields: bool,
        path: PathBuf,
    ) -> Result<ExportJob, ApiError> {
        let library = self.library_path()?;
        self.cancel_export.store(false, Ordering::SeqCst);
        Ok(ExportJob {
            library,
            selection,
            format,
            encoding,
            long: if split_long_fields {
                LongRecords::SplitFields
            } else {
                LongRecords::Marcxml
            },
            path,
            cancel: self.cancel_export.clone(),
        })
    }

    /// Prepares an import on its own connection to the same file. Refuses a second import while
    /// one runs.
    pub fn import_job(
        &self,
        paths: Vec<String>,
        duplicates: DuplicatePolicy,
    ) -> Result<ImportJob, ApiError> {
        // Only files the person offered (dialog, command line, drop), never a path the page made up.
        let paths = self.offered.check(&paths)?;
        let path = {
            let lib = self.library()?;
            // Damage the background check found is known only to this connection: the import's
            // own connection would not know it and write into the damaged file.
            if let Some(why) = lib.damaged() {
                return Err(ApiError {
                    kind: ErrorKind::Damaged,
                    message: why.to_string(),
                });
            }
            lib.path().to_path_buf()
        };
        if self.importing.swap(true, Ordering::SeqCst) {
            return Err(ApiError {
                kind: ErrorKind::InvalidInput,
                message: "an import is already running".into(),
            });
        }
        self.cancel.store(false, Ordering::SeqCst);
        Ok(ImportJob {
            library: path,
            paths,
            duplicates,
            cancel: self.cancel.clone(),
            importing: self.importing.clone(),
        })
    }
}

/// The locked library; only made when it opened.
pub struct LibraryGuard<'a>(MutexGuard<'a, Result<Library, ApiError>>);

impl std::ops::Deref for LibraryGuard<'_> {
    type Target = Library;
    fn deref(&self) -> &Library {
        self.0.as_ref().expect("checked when the guard was made")
    }
}

impl std::ops::DerefMut for LibraryGuard<'_> {
    fn deref_mut(&mut self) -> &mut Library {
        self.0.as_mut().expect("checked when the guard was made")
    }
}

/// An export ready to run on a worker thread.
pub struct ExportJob {
    library: PathBuf,
    selection: Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    long: LongRecords,
    path: PathBuf,
    cancel: Arc<AtomicBool>,
}

impl ExportJob {
    pub fn run(
        self,
        mut on_progress: impl FnMut(&ExportProgress),
    ) -> Result<ExportSummary, ApiError> {
        let lib = Library::open(&self.library)?;
        Ok(export_to_path_with(
            &lib,
            &self.selection,
            self.format,
            self.encoding,
            self.long,
            &self.path,
            &self.cancel,
            &mut on_progress,
        )?)
    }
}

/// An import ready to run on a worker thread.
pub struct ImportJob {
    library: PathBuf,
    paths: Vec<PathBuf>,
    duplicates: DuplicatePolicy,
    cancel: Arc<AtomicBool>,
    importing: Arc<AtomicBool>,
}

impl ImportJob {
    pub fn run(self, mut on_event: impl FnMut(&ImportEvent)) -> Result<ImportSummary, ApiError> {
        let result = (|| {
            let mut lib = Library::open(&self.library)?;
            import_files(
                &mut lib,
                &self.paths,
                &ImportOptions::new(now()).with_duplicates(self.duplicates),
                &self.cancel,
                &mut on_event,
            )
        })();
        self.importing.store(false, Ordering::SeqCst);
        Ok(result?)
    }
}

fn internal(message: &str) -> ApiError {
    ApiError {
        kind: ErrorKind::Database,
        message: message.to_string(),
    }
}

pub fn join_error(e: tauri::Error) -> ApiError {
    internal(&format!(
        "the work on a worker thread stopped unexpectedly: {e}"
    ))
}

#[cfg(test)]
mod tests {
    use super::Args;

    /// `import_files` reads only what the person offered: a path the page names is refused.
    #[test]
    fn an_import_of_a_path_nobody_offered_is_refused() {
        let dir = std::env::temp_dir().join(format!("carrel-app-offered-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let offered = dir.join("offered.mrc");
        std::fs::write(&offered, b"").unwrap();
        let state = super::AppState::new(Args {
            library: Some(dir.join("library.sqlite")),
            files: vec![offered.display().to_string()],
        });
        let refused = state
            .import_job(
                vec![offered.display().to_string(), "/etc/passwd".to_string()],
                Default::default(),
            )
            .err()
            .expect("a path nobody offered is refused");
        assert_eq!(refused.kind, carrel::ErrorKind::InvalidInput);
        assert!(
            refused.message.contains("/etc/passwd"),
            "{}",
            refused.message
        );
        // A file named on the command line is read (and, once dropped, so is a dropped one).
        assert!(state
            .import_job(vec![offered.display().to_string()], Default::default())
            .is_ok());
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_command_line_gives_a_library_and_files() {
        let a = Args::parse(
            [
                "--library",
                "/tmp/l.sqlite",
                "/no/such/a.mrc",
                "--some-launcher-flag",
            ]
            .map(String::from)
            .into_iter(),
        );
        assert_eq!(
            a.library.as_deref(),
            Some(std::path::Path::new("/tmp/l.sqlite"))
        );
        assert_eq!(a.files, vec!["/no/such/a.mrc".to_string()]);
        let b = Args::parse(["--library=x.sqlite"].map(String::from).into_iter());
        assert_eq!(b.library.as_deref(), Some(std::path::Path::new("x.sqlite")));
    }
}
