//! Import, search and record view on fixtures written here (no shared data needed).

mod common;

use carrel::RecordId;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use carrel::catalogue::import::{ImportEvent, Severity};
use carrel::catalogue::{get_record, search};
use carrel_marc::{write_iso2709, Record};
use common::*;

fn fixture_records() -> Vec<Record> {
    let mut recs = carrel::demo::records();
    recs.push(
        Record::new()
            .with_control("001", "xss-1")
            .with_data(
                "245",
                "10",
                &[('a', "<img src=x onerror=alert(1)> and other tags")],
            )
            .with_data("020", "  ", &[('a', "978-0-306-40615-7")]),
    );
    recs
}

fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_file_with_a_broken_record_imports_the_rest_and_reports_the_bad_one() {
    let (dir, mut lib) = new_library();
    let recs = fixture_records();
    let mut bytes = Vec::new();
    for r in &recs[..3] {
        bytes.extend(write_iso2709(r));
    }
    let bad_offset = bytes.len() as u64;
    bytes.extend_from_slice(b"00042nam  2200000   4500garbage\x1d");
    for r in &recs[3..] {
        bytes.extend(write_iso2709(r));
    }
    let path = write_file(dir.path(), "mixed.mrc", &bytes);
    let s = import(&mut lib, &[path]);
    assert_eq!(
        (s.records_read, s.imported, s.rejected),
        (recs.len() as u32 + 1, recs.len() as u32, 1)
    );
    let bad = s
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .unwrap();
    assert_eq!((bad.ordinal, bad.offset), (4, bad_offset));
    assert!(bad.reason.contains("field terminator"), "{}", bad.reason);
    assert_eq!(lib.info().unwrap().records, recs.len() as u32);
    assert_eq!(lib.integrity_check().unwrap(), "ok");
}

#[test]
fn gzip_files_and_marcxml_are_read_by_content_not_by_name() {
    let (dir, mut lib) = new_library();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for r in fixture_records() {
        gz.write_all(&write_iso2709(&r)).unwrap();
    }
    let gz_path = write_file(dir.path(), "records.dat", &gz.finish().unwrap());
    let s = import(&mut lib, &[gz_path]);
    assert_eq!(s.imported, fixture_records().len() as u32);

    // The same records as MARCXML, with a broken record in the middle: the rest are imported.
    let mut xml = Vec::new();
    carrel_marc::marcxml::write_collection(&mut xml, fixture_records().iter()).unwrap();
    let xml = String::from_utf8(xml).unwrap().replacen(
        "<subfield code=\"a\">Delay",
        "<subfield>Delay",
        1,
    );
    let (dir2, mut lib2) = new_library();
    let xml_path = write_file(dir2.path(), "records.xml", xml.as_bytes());
    let s = import(&mut lib2, &[xml_path]);
    assert_eq!(
        (s.imported, s.rejected),
        (fixture_records().len() as u32 - 1, 1)
    );
    let bad = &s.problems[0];
    assert_eq!(bad.ordinal, 2);
    assert!(bad.line.is_some_and(|l| l > 2));
    assert!(bad.reason.contains("code"), "{}", bad.reason);
    let v = get_record(&lib2, RecordId(1)).unwrap();
    assert_eq!(
        v.title,
        "Arbitration in construction contracts : a practitioner's guide"
    );
}

#[test]
fn search_is_diacritic_and_case_insensitive_and_finds_isbns_with_or_without_hyphens() {
    let (_dir, mut lib) = new_library();
    carrel::catalogue::add_records(&mut lib, &fixture_records(), "fixtures", now()).unwrap();
    let hits = search(&lib, "dvorak engraving", 10).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(
        hits.hits[0].title,
        "Dutch engraving in the Golden Age : prints, publishers and collectors, 1580–1700"
    );
    assert_eq!(
        hits.hits[0].responsibility.as_deref(),
        Some("Tereza Dvořák")
    );
    for q in ["978-0-306-40615-7", "9780306406157"] {
        let r = search(&lib, q, 10).unwrap();
        assert_eq!(
            r.hits.first().map(|h| h.title.as_str()),
            Some("<img src=x onerror=alert(1)> and other tags"),
            "{q}"
        );
    }
    // Prefix while typing: "arbitr" finds "Arbitration …".
    assert_eq!(
        search(&lib, "arbitr", 10).unwrap().hits[0].title,
        "Arbitration in construction contracts : a practitioner's guide"
    );
    // A subject heading word.
    assert!(search(&lib, "insolvency", 10)
        .unwrap()
        .hits
        .iter()
        .any(|h| h.title.starts_with("Cross-border insolvency")));
}

#[test]
fn hostile_queries_never_reach_sqlite_as_syntax() {
    let (_dir, mut lib) = new_library();
    carrel::catalogue::add_records(&mut lib, &fixture_records(), "fixtures", now()).unwrap();
    let long = "construction ".repeat(800);
    for q in [
        "\"",
        "*",
        "AND",
        "NEAR(",
        "((contracts",
        "title:",
        "'; DROP TABLE records; --",
        "a\"b",
        "OR OR",
        "-",
        long.as_str(),
    ] {
        let r = search(&lib, q, 10);
        assert!(r.is_ok(), "query {q:?} failed: {:?}", r.err());
    }
    assert_eq!(lib.info().unwrap().records, fixture_records().len() as u32);
}

#[test]
fn an_empty_query_lists_the_newest_records_first() {
    let (_dir, mut lib) = new_library();
    carrel::catalogue::add_records(&mut lib, &fixture_records(), "fixtures", now()).unwrap();
    let r = search(&lib, "   ", 3).unwrap();
    assert_eq!(r.total, fixture_records().len() as u32);
    assert_eq!(r.hits.len(), 3);
    assert_eq!(
        r.hits[0].title,
        "<img src=x onerror=alert(1)> and other tags"
    );
}

#[test]
fn the_record_view_shows_display_fields_identifiers_and_mnemonic_marc() {
    let (_dir, mut lib) = new_library();
    let ids =
        carrel::catalogue::add_records(&mut lib, &fixture_records(), "fixtures", now()).unwrap();
    let v = get_record(&lib, ids[0]).unwrap();
    assert_eq!(
        v.title,
        "Arbitration in construction contracts : a practitioner's guide"
    );
    assert_eq!(v.edition.as_deref(), Some("Second edition"));
    assert_eq!(
        v.publication.as_deref(),
        Some("Oxford : Fenwick Legal Press, 2019")
    );
    assert_eq!(
        v.subjects,
        vec![
            "Construction contracts -- Great Britain",
            "Arbitration and award -- Great Britain"
        ]
    );
    assert_eq!(v.identifiers[0].kind, "Control number");
    assert_eq!(v.identifiers[0].value, "demo0001");
    assert_eq!(v.identifiers[0].qualifier.as_deref(), Some("CARREL"));
    assert!(v.mnemonic.contains("=245  10$aArbitration in construction contracts :$ba practitioner's guide /$cMiriam Hartley."), "{}", v.mnemonic);
    assert_eq!(v.source.as_deref(), Some("fixtures #1"));
    let missing = get_record(&lib, RecordId(999_999)).unwrap_err();
    assert_eq!(missing.kind(), carrel::ErrorKind::NotFound);
}

#[test]
fn a_cancelled_import_leaves_the_library_as_it_was() {
    let (dir, mut lib) = new_library();
    carrel::demo::seed(&mut lib, now()).unwrap();
    let before = lib.info().unwrap().records;
    let mut bytes = Vec::new();
    for _ in 0..50 {
        for r in fixture_records() {
            bytes.extend(write_iso2709(&r));
        }
    }
    let path = write_file(dir.path(), "many.mrc", &bytes);
    let cancel = AtomicBool::new(false);
    let mut events = Vec::new();
    let s = import_with(&mut lib, &[path], &cancel, &mut |e| {
        events.push(e.clone());
        // The user presses Cancel as soon as the file starts.
        if matches!(e, ImportEvent::FileStarted { .. }) {
            cancel.store(true, Ordering::SeqCst);
        }
    });
    assert!(s.cancelled);
    assert_eq!(s.imported, 0);
    assert_eq!(lib.info().unwrap().records, before);
    assert!(matches!(events.last(), Some(ImportEvent::Finished { summary }) if summary.cancelled));
}

#[test]
fn progress_reports_bytes_and_records_and_ends_with_the_summary() {
    let (dir, mut lib) = new_library();
    let mut bytes = Vec::new();
    for r in fixture_records() {
        bytes.extend(write_iso2709(&r));
    }
    let size = bytes.len() as u64;
    let path = write_file(dir.path(), "p.mrc", &bytes);
    let mut events = Vec::new();
    import_with(&mut lib, &[path], &AtomicBool::new(false), &mut |e| {
        events.push(e.clone())
    });
    assert!(
        matches!(events[0], ImportEvent::FileStarted { bytes_total, files: 1, .. } if bytes_total == size)
    );
    let last_progress = events.iter().rev().find_map(|e| match e {
        ImportEvent::Progress {
            bytes_read,
            records_read,
            ..
        } => Some((*bytes_read, *records_read)),
        _ => None,
    });
    assert_eq!(last_progress, Some((size, fixture_records().len() as u32)));
    assert!(
        matches!(events.last(), Some(ImportEvent::Finished { summary }) if summary.imported == fixture_records().len() as u32)
    );
}

#[test]
fn opening_the_default_library_the_first_time_seeds_the_demo_collection() {
    let dir = tempfile::tempdir().unwrap();
    // An explicit file starts empty.
    let lib = carrel::open_library(Some(&dir.path().join("explicit.sqlite")), now()).unwrap();
    assert_eq!(lib.info().unwrap().records, 0);
}

#[test]
fn duplicates_are_skipped_merged_or_added_as_the_user_chooses() {
    use carrel::catalogue::import::DuplicatePolicy;
    let (dir, mut lib) = new_library();
    let original = Record::new()
        .with_control("001", "ocm123")
        .with_control("003", "OCoLC")
        .with_data("020", "  ", &[('a', "0306406152")])
        .with_data(
            "245",
            "10",
            &[('a', "Law of contract /"), ('c', "J. Smith.")],
        );
    let ids = carrel::catalogue::add_records(&mut lib, &[original], "first", now()).unwrap();
    // The same book, described again by another library: no 001 match, but the same ISBN written as ISBN-13.
    let newer = Record::new()
        .with_control("001", "b998")
        .with_data("020", "  ", &[('a', "978-0-306-40615-7 (hbk.)")])
        .with_data(
            "245",
            "10",
            &[('a', "The law of contract /"), ('c', "John Smith.")],
        );
    let path = write_file(dir.path(), "newer.mrc", &write_iso2709(&newer));

    let s = import(&mut lib, std::slice::from_ref(&path));
    assert_eq!((s.imported, s.skipped), (0, 1));
    assert_eq!(s.problems[0].severity, Severity::Duplicate);
    assert!(
        s.problems[0]
            .reason
            .contains(&format!("same ISBN 9780306406157 as record {}", ids[0])),
        "{}",
        s.problems[0].reason
    );

    let s = import_policy(
        &mut lib,
        std::slice::from_ref(&path),
        DuplicatePolicy::Merge,
    );
    assert_eq!((s.imported, s.merged), (0, 1));
    let v = get_record(&lib, ids[0]).unwrap();
    assert_eq!(v.title, "The law of contract");
    assert_eq!(search(&lib, "john smith", 10).unwrap().hits.len(), 1);
    assert_eq!(lib.info().unwrap().records, 1);

    let s = import_policy(&mut lib, std::slice::from_ref(&path), DuplicatePolicy::Add);
    assert_eq!(s.imported, 1);
    assert_eq!(lib.info().unwrap().records, 2);
}

#[test]
fn the_import_report_lists_counts_and_each_problem_with_its_place() {
    let (dir, mut lib) = new_library();
    let mut bytes = write_iso2709(&fixture_records()[0]);
    bytes.extend_from_slice(b"tiny\x1d");
    let path = write_file(dir.path(), "r.mrc", &bytes);
    let s = import(&mut lib, std::slice::from_ref(&path));
    let text = carrel::catalogue::import::report_text(&s);
    assert!(text.contains("Imported: 1\nRejected: 1\n"), "{text}");
    let line = format!(
        "{}  record 2  offset {}  rejected: only 4 bytes: shorter than the 24-byte leader",
        path.display(),
        bytes.len() - 5
    );
    assert!(text.contains(&line), "{text}");
}

#[test]
fn search_finds_vernacular_script_romanised_apostrophes_and_either_isbn_form() {
    let (_dir, mut lib) = new_library();
    let hebrew = Record::new()
        .with_control("001", "heb1")
        .with_data("020", "  ", &[('a', "0306406152")])
        .with_data(
            "245",
            "10",
            &[
                ('6', "880-01"),
                ('a', "Sheʼelot u-teshuvot :"),
                ('b', "ʻal ha-Torah."),
            ],
        )
        .with_data(
            "880",
            "10",
            &[
                ('6', "245-01/(2/r"),
                ('a', "שאלות ותשובות :"),
                ('b', "על התורה."),
            ],
        );
    let ids = carrel::catalogue::add_records(&mut lib, &[hebrew], "fixtures", now()).unwrap();
    for q in [
        "שאלות",
        "she'elot",
        "sheelot",
        "sheʼelot",
        "al ha-torah",
        "9780306406157",
        "978-0-306-40615-7",
        "0306406152",
    ] {
        let r = search(&lib, q, 10).unwrap();
        assert_eq!(r.hits.first().map(|h| h.id), Some(ids[0]), "query {q:?}");
    }
}
