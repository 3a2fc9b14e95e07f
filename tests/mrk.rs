//! MarcEdit's `.mrk` files through the catalogue: imported by content (whatever the file's name),
//! a bad record rejected naming its line, and exported again (`ExportFormat::Mrk`) as the same
//! text.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use carrel::catalogue::export::{export_to_path, ExportEncoding, ExportFormat, Selection};
use carrel::catalogue::import::Severity;
use common::*;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/marc/tests/data/fixture.mrk")
}

#[test]
fn a_mrk_file_is_imported_by_content_and_exported_as_the_same_text() {
    let (dir, mut lib) = new_library();
    // Named .txt: the content says what it is.
    let input = dir.path().join("from marcedit.txt");
    std::fs::copy(fixture(), &input).unwrap();
    let s = import(&mut lib, std::slice::from_ref(&input));
    assert_eq!((s.imported, s.rejected), (2, 0), "{:?}", s.problems);
    let hits = carrel::catalogue::search::search(&lib, "braces", 10).unwrap();
    assert_eq!(hits.total, 2);

    let out = dir.path().join("out.mrk");
    let summary = export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Mrk,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((summary.written, summary.failed), (2, 0));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(fixture()).unwrap()
    );
}

#[test]
fn a_bad_mrk_record_is_rejected_naming_its_line_and_the_rest_imported() {
    let (dir, mut lib) = new_library();
    let input = dir.path().join("two.mrk");
    std::fs::write(
        &input,
        "\u{FEFF}=LDR  00000nam\\a2200000\\i\\4500\r\n=245  10$aFirst.\r\n\r\n=LDR  00000nam\\a2200000\\i\\4500\r\nnot a field\r\n\r\n=LDR  00000nam\\\\2200000\\i\\4500\r\n=245  10$aCaf{acute}e.\r\n",
    )
    .unwrap();
    let s = import(&mut lib, &[input]);
    assert_eq!((s.imported, s.rejected), (2, 1), "{:?}", s.problems);
    let error = s
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .unwrap();
    assert_eq!((error.ordinal, error.line), (2, Some(4)));
    assert!(error.reason.starts_with("line 5: "), "{}", error.reason);
    // A MARC-8 .mrk (leader/09 blank) is Unicode once read: stored with leader/09 `a`, said so.
    assert!(s
        .problems
        .iter()
        .any(|p| p.severity == Severity::Warning && p.reason.contains("leader/09")));
    let hits = carrel::catalogue::search::search(&lib, "café", 10).unwrap();
    assert_eq!(hits.total, 1);
}

#[test]
fn marcbreaker_files_of_the_shared_data_import_whole() {
    let Some(data) = shared_data("marcbreaker_files_of_the_shared_data_import_whole") else {
        return;
    };
    let dir = data.join("marc/marc4j");
    for name in ["brkrtest.mrk", "brkrtest.mrk8", "u17_marc4j.mrk8"] {
        let (_d, mut lib) = new_library();
        let s = import(&mut lib, &[dir.join(name)]);
        assert!(s.imported > 0, "{name}: {:?}", s.problems);
        assert_eq!(s.rejected, 0, "{name}: {:?}", s.problems);
    }
}
