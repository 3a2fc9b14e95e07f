//! The TypeScript bindings in `ui/src/lib/bindings/` are generated from the Rust types that cross
//! IPC (ts-rs). This test fails when they are stale; `UPDATE_BINDINGS=1 cargo test --test bindings`
//! rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use carrel::catalogue::import::{DuplicatePolicy, ImportEvent, ImportProblem, ImportSummary, Severity};
use carrel::catalogue::export::{ExportEncoding, ExportFormat, ExportProgress, ExportSummary, Selection};
use carrel::catalogue::{Identifier, RecordSummary, RecordView, SearchResults};
use carrel::{ApiError, ErrorKind, LibraryInfo};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    ApiError::export_all(&cfg).unwrap();
    ErrorKind::export_all(&cfg).unwrap();
    LibraryInfo::export_all(&cfg).unwrap();
    RecordSummary::export_all(&cfg).unwrap();
    SearchResults::export_all(&cfg).unwrap();
    Identifier::export_all(&cfg).unwrap();
    RecordView::export_all(&cfg).unwrap();
    ImportProblem::export_all(&cfg).unwrap();
    Severity::export_all(&cfg).unwrap();
    DuplicatePolicy::export_all(&cfg).unwrap();
    ImportSummary::export_all(&cfg).unwrap();
    ImportEvent::export_all(&cfg).unwrap();
    Selection::export_all(&cfg).unwrap();
    ExportFormat::export_all(&cfg).unwrap();
    ExportEncoding::export_all(&cfg).unwrap();
    ExportSummary::export_all(&cfg).unwrap();
    ExportProgress::export_all(&cfg).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ts") {
                out.insert(name, std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    out
}

#[test]
fn typescript_bindings_are_up_to_date() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for name in read_dir(&committed_dir).keys() {
            std::fs::remove_file(committed_dir.join(name)).unwrap();
        }
        export_all(&committed_dir);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let fresh = read_dir(fresh.path());
    let committed = read_dir(&committed_dir);
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "binding files differ: run `UPDATE_BINDINGS=1 cargo test --test bindings`"
    );
    for (name, text) in &fresh {
        assert_eq!(
            Some(text),
            committed.get(name),
            "{name} is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings`"
        );
    }
}
