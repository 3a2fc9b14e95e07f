//! Shared helpers of the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::import::{
    import_files, DuplicatePolicy, ImportEvent, ImportOptions, ImportSummary,
};
use carrel::Library;

/// The shared test data folder: `$CARREL_TEST_DATA`, default `../shared/data` beside the repo.
/// Returns `None` and says so plainly when it is absent, so a fresh clone still passes.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CARREL_TEST_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    if dir.join("marc").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "NOTE: {test}: shared test data not found at {} (set CARREL_TEST_DATA); the part of this test \
             that needs real MARC files was not run",
            dir.display()
        );
        None
    }
}

pub const NOW: &str = "2026-11-30T12:00:00+00:00";

pub fn new_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("library.sqlite")).unwrap();
    (dir, lib)
}

pub fn import(lib: &mut Library, paths: &[PathBuf]) -> ImportSummary {
    import_with(lib, paths, &AtomicBool::new(false), &mut |_| {})
}

pub fn import_with(
    lib: &mut Library,
    paths: &[PathBuf],
    cancel: &AtomicBool,
    events: &mut dyn FnMut(&ImportEvent),
) -> ImportSummary {
    import_files(lib, paths, &ImportOptions::new(NOW), cancel, events).unwrap()
}

/// Imports with a duplicate policy other than the default (skip).
pub fn import_policy(
    lib: &mut Library,
    paths: &[PathBuf],
    policy: DuplicatePolicy,
) -> ImportSummary {
    import_files(
        lib,
        paths,
        &ImportOptions::new(NOW).with_duplicates(policy),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}
