//! Shared helpers of the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::import::{
    import_files, DuplicatePolicy, ImportEvent, ImportOptions, ImportSummary,
};
use carrel::{Library, Timestamp};

/// The shared test data folder (`$CARREL_TEST_DATA`, default `../shared/data` beside the repo),
/// or `None` after saying what did not run; in CI a missing folder fails the test
/// (see `carrel_testkit`).
pub fn shared_data(test: &str) -> Option<PathBuf> {
    carrel_testkit::shared_data(test)
}

/// The tests' "now" as the library stores it (assertions on stored text compare with this).
pub const NOW: &str = "2026-11-30T12:00:00+00:00";

/// [`NOW`] as the timestamp the core takes (the core never reads the clock).
pub fn now() -> Timestamp {
    ts(NOW)
}

/// A timestamp from RFC 3339 text; a typo in a test panics here.
pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

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
    import_files(lib, paths, &ImportOptions::new(now()), cancel, events).unwrap()
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
        &ImportOptions::new(now()).with_duplicates(policy),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

/// A new library set up for the desk to work in while a long write runs: the record "The desk
/// copy" (001 `desk1`), its copy with barcode `D1` (call number KD1 .D4, location Main) and a
/// reader with card `P1`.
pub fn desk_library() -> (tempfile::TempDir, Library) {
    use carrel::catalogue::add_records;
    use carrel::catalogue::items::{add_item, ItemInput};
    use carrel::circulation::{add_patron, PatronInput};
    let (dir, mut lib) = new_library();
    let book = carrel_marc::Record::new()
        .with_control("001", "desk1")
        .with_data("245", "10", &[('a', "The desk copy")])
        .with_data("650", " 0", &[('a', "Contracts")]);
    let ids = add_records(&mut lib, &[book], "test", now()).unwrap();
    let item = ItemInput {
        barcode: "D1".into(),
        call_number: "KD1 .D4".into(),
        location: "Main".into(),
        ..Default::default()
    };
    add_item(&mut lib, ids[0], &item, now()).unwrap();
    let patron = PatronInput {
        name: "Desk reader".into(),
        card: Some("P1".into()),
        ..Default::default()
    };
    add_patron(&mut lib, &patron, now()).unwrap();
    (dir, lib)
}

/// The names of the import lock files (`LIBRARY.import-…lock`) in `dir`.
pub fn import_lock_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.contains(".import-").then_some(name)
        })
        .collect()
}
