//! Where file paths come from. The page never names a file to read or write: a path comes from
//! a native dialog the shell opened, from the command line ("Open with Carrel") or from the
//! window's own drag-and-drop event. A compromised page therefore cannot read or overwrite a
//! file the person did not choose (issue 12, "Paths come from the person, not from the page").

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use carrel::{ApiError, ErrorKind};
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::DialogExt;

/// The files the person offered for import (picked in the open dialog, named at start-up or
/// dropped on the window). `import_files` reads only these.
#[derive(Default)]
pub struct Offered(Mutex<HashSet<PathBuf>>);

impl Offered {
    /// Records `paths` as offered by the person; returns them as the page shows them.
    pub fn grant(&self, paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        let mut set = self.0.lock().expect("offered files lock");
        paths
            .into_iter()
            .map(|p| {
                let shown = p.display().to_string();
                set.insert(p);
                shown
            })
            .collect()
    }

    /// The paths the page asks to import, each one offered by the person; else an error naming
    /// the first that was not (and nothing is read).
    pub fn check(&self, paths: &[String]) -> Result<Vec<PathBuf>, ApiError> {
        let set = self.0.lock().expect("offered files lock");
        paths
            .iter()
            .map(|p| {
                let path = PathBuf::from(p);
                if set.contains(&path) {
                    Ok(path)
                } else {
                    Err(ApiError {
                        kind: ErrorKind::InvalidInput,
                        message: format!(
                            "{p} was not chosen in Import…, named when Carrel started or dropped \
                             on the window; Carrel does not read it"
                        ),
                    })
                }
            })
            .collect()
    }
}

/// What a file dialog offers: its title and one filter (label, extensions without the dot).
pub struct Dialog<'a> {
    pub title: &'a str,
    pub filter: &'a str,
    pub extensions: &'a [&'a str],
}

fn builder(app: &AppHandle, d: &Dialog<'_>) -> tauri_plugin_dialog::FileDialogBuilder<tauri::Wry> {
    let mut b = app
        .dialog()
        .file()
        .set_title(d.title)
        .add_filter(d.filter, d.extensions);
    // Modal over the window, as the page's dialogs were.
    if let Some(w) = app.get_webview_window("main") {
        b = b.set_parent(&w);
    }
    b
}

fn dialog_error(e: impl std::fmt::Display) -> ApiError {
    ApiError {
        kind: ErrorKind::Io,
        message: format!("the file dialog failed: {e}"),
    }
}

/// Opens the native save dialog proposing `file_name` (only its last component: a name, never a
/// folder the page picked) and waits on a worker thread for the answer; `None` when cancelled.
pub async fn save_path(
    app: &AppHandle,
    d: Dialog<'_>,
    file_name: &str,
) -> Result<Option<PathBuf>, ApiError> {
    let name = suggested_name(file_name);
    let b = builder(app, &d).set_file_name(name);
    let picked = tauri::async_runtime::spawn_blocking(move || b.blocking_save_file())
        .await
        .map_err(dialog_error)?;
    picked
        .map(|p| p.into_path().map_err(dialog_error))
        .transpose()
}

/// Opens the native open dialog (several files when `multiple`); empty when cancelled.
pub async fn open_paths(
    app: &AppHandle,
    d: Dialog<'_>,
    multiple: bool,
) -> Result<Vec<PathBuf>, ApiError> {
    let b = builder(app, &d);
    let picked = tauri::async_runtime::spawn_blocking(move || {
        if multiple {
            b.blocking_pick_files()
        } else {
            b.blocking_pick_file().map(|p| vec![p])
        }
    })
    .await
    .map_err(dialog_error)?;
    picked
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.into_path().map_err(dialog_error))
        .collect()
}

/// The last component of a name the page proposes, so that the dialog opens in its usual folder.
pub fn suggested_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    match Path::new(last).file_name() {
        Some(n) if !last.trim().is_empty() => n.to_string_lossy().into_owned(),
        _ => "untitled".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_offered_files_are_read() {
        let offered = Offered::default();
        let shown = offered.grant([PathBuf::from("/home/ann/a.mrc")]);
        assert_eq!(shown, vec!["/home/ann/a.mrc".to_string()]);
        assert_eq!(
            offered.check(&["/home/ann/a.mrc".into()]).unwrap(),
            vec![PathBuf::from("/home/ann/a.mrc")]
        );
        let refused = offered
            .check(&["/home/ann/a.mrc".into(), "/home/ann/.ssh/id_ed25519".into()])
            .unwrap_err();
        assert_eq!(refused.kind, ErrorKind::InvalidInput);
        assert!(
            refused.message.contains(".ssh/id_ed25519"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_proposed_name_never_chooses_the_folder() {
        assert_eq!(suggested_name("Reading list.docx"), "Reading list.docx");
        assert_eq!(suggested_name("/home/ann/.bashrc"), ".bashrc");
        assert_eq!(suggested_name("..\\..\\x.rtf"), "x.rtf");
        assert_eq!(suggested_name("../"), "untitled");
        assert_eq!(suggested_name(".."), "untitled");
    }
}
