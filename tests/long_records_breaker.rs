//! Issue 13, tried further: an ISO 2709 export written again under the same name replaces the
//! pair of files (`NAME.mrc`, `NAME-too-long.xml`) as one, so a file left from an earlier export
//! never stands beside the new one as if it belonged to it; and what the export says about a
//! record it could not split is short and true.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::export::{
    export_to_path_with, too_long_path, ExportEncoding, ExportFormat, ExportSummary, LongRecords,
    Selection,
};
use carrel::{Library, RecordId};
use carrel_marc::Record;
use common::*;

fn record(id: &str, title: &str, extra: &[(&str, &[(char, &str)])]) -> Record {
    let mut r = Record::new()
        .with_control("001", id)
        .with_control("008", "240101s2024    xxu           000 0 eng d")
        .with_data("245", "00", &[('a', title)]);
    for (tag, subfields) in extra {
        r = r.with_data(tag, "  ", subfields);
    }
    r
}

/// A library with 1 a short record, 2 one with a 30,000-byte 500 note, 3 one with a
/// 12,000-byte 246 (repeatable, but not a note), 4 one with a 12,000-byte 520 linked to an 880,
/// 5 one whose title is 12,000 bytes long, 6 one with thirty 4,000-byte notes (none too long,
/// 120,000 bytes in all).
fn library(dir: &Path) -> Library {
    let long_note = "A sentence of the note. ".repeat(1250);
    let long_246 = "variant ".repeat(1500);
    let long_title = "word ".repeat(2400);
    let long_520 = "Summary. ".repeat(1400);
    let records = [
        record("r1", "Short record", &[]),
        record("r2", "Long note", &[("500", &[('a', &long_note)])]),
        record("r3", "Long varying title", &[("246", &[('a', &long_246)])]),
        record(
            "r4",
            "Linked summary",
            &[
                ("520", &[('6', "880-01"), ('a', &long_520)]),
                ("880", &[('6', "520-01"), ('a', "Résumé.")]),
            ],
        ),
        record("r5", &long_title, &[]),
        {
            let mut r = record("r6", "Many notes", &[]);
            for i in 0..30 {
                r = r.with_data(
                    "500",
                    "  ",
                    &[('a', &format!("Note {i}. {}", "x".repeat(4000)))],
                );
            }
            r
        },
    ];
    let xml = dir.join("incoming.xml");
    let mut text = Vec::new();
    carrel_marc::marcxml::write_collection(&mut text, records.iter()).unwrap();
    std::fs::write(&xml, text).unwrap();
    let mut lib = Library::open(&dir.join("lib.sqlite")).unwrap();
    assert_eq!(import(&mut lib, &[xml]).imported, 6);
    lib
}

fn export(lib: &Library, ids: &[i64], long: LongRecords, path: &Path) -> ExportSummary {
    export_to_path_with(
        lib,
        &Selection::Ids(ids.iter().map(|&i| RecordId::from(i)).collect()),
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        long,
        path,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

#[test]
fn a_new_export_under_the_same_name_leaves_no_file_of_the_old_one_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let path = dir.path().join("law.mrc");
    let beside = too_long_path(&path);

    // First export: a short record and a long one: both files.
    let s = export(&lib, &[1, 2], LongRecords::Marcxml, &path);
    assert_eq!((s.written, s.in_marcxml), (1, 1));
    assert!(path.exists() && beside.exists());

    // Again, only the short record: the MARCXML file of the first export must not stay.
    let s = export(&lib, &[1], LongRecords::Marcxml, &path);
    assert_eq!((s.written, s.in_marcxml), (1, 0));
    assert!(path.exists());
    assert!(
        !beside.exists(),
        "{} is left from the earlier export",
        beside.display()
    );

    // Again, only the long record: nothing fits ISO 2709, so law.mrc is not written; the one of
    // the earlier export must not stay beside the new MARCXML file either.
    let s = export(&lib, &[2], LongRecords::Marcxml, &path);
    assert_eq!((s.written, s.in_marcxml), (0, 1));
    assert!(beside.exists());
    assert!(
        !path.exists(),
        "{} is left from the earlier export",
        path.display()
    );
}

#[test]
fn what_the_export_says_about_a_record_it_cannot_split_is_short_and_true() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let path = dir.path().join("law.mrc");
    let s = export(&lib, &[2, 3, 4, 5, 6], LongRecords::SplitFields, &path);
    assert_eq!((s.split, s.in_marcxml), (1, 4), "{:#?}", s.too_long);
    for t in &s.too_long {
        // A 12,000-byte title is not printed whole in every message.
        assert!(t.message.chars().count() < 400, "{}", t.message);
    }
    let message = |id: i64| {
        s.too_long
            .iter()
            .find(|t| t.id == RecordId::from(id))
            .unwrap()
            .message
            .clone()
    };
    // 246 and 520 are repeatable in MARC 21: the message must not say that they are not.
    for id in [3, 4] {
        assert!(!message(id).contains("does not repeat"), "{}", message(id));
    }
    assert!(message(3).contains("only"), "{}", message(3));
    assert!(message(4).contains("880"), "{}", message(4));
    assert!(message(5).contains("does not repeat"), "{}", message(5));
    // Nothing was split in a record of many short notes: the message does not say it was.
    assert!(
        !message(6).contains("with its notes split"),
        "{}",
        message(6)
    );
}
