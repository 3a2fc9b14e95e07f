//! Records too long for ISO 2709 (issue 13): MARCXML keeps them whole; an ISO 2709 export names
//! each one and writes it whole in MARCXML beside the file, or, when asked, splits its long
//! repeatable notes so that it fits. What is written is read back by Carrel and by independent
//! readers (yaz-marcdump, pymarc) used as test oracles.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::export::{
    export_to_path_with, ExportEncoding, ExportFormat, ExportSummary, LongRecords, Selection,
    TooLongOutcome,
};
use carrel::Library;
use carrel_marc::{Field, Reader, Record};
use common::*;

/// A basic 505 of about `chars` characters: "v. 1. Proceedings of session 1 … -- v. 2. …".
fn contents(chars: usize) -> String {
    let mut parts = Vec::new();
    let mut len = 0;
    let mut i = 1;
    while len < chars {
        let p = format!(
            "v. {i}. Proceedings of session {i} of the international congress on comparative law"
        );
        len += p.len() + 4;
        parts.push(p);
        i += 1;
    }
    let mut text = parts.join(" -- ");
    text.truncate(chars - 1);
    let text = text.trim_end_matches([' ', '-']).to_string();
    format!("{text}.")
}

fn long_record(id: &str, note: &str) -> Record {
    Record::new()
        .with_control("001", id)
        .with_control("008", "240101s2024    xxu           000 0 eng d")
        .with_data("245", "00", &[('a', "Proceedings of the congress.")])
        .with_data("505", "0 ", &[('a', note)])
        .with_data(
            "650",
            " 0",
            &[('a', "Comparative law"), ('v', "Congresses.")],
        )
}

/// A library holding a short demo record and the long one, imported from MARCXML (the only way
/// such a record arrives whole).
fn library_with(dir: &Path, long: &Record) -> Library {
    let xml = dir.join("incoming.xml");
    let mut text = Vec::new();
    carrel_marc::marcxml::write_collection(&mut text, [&carrel::demo::records()[0], long]).unwrap();
    std::fs::write(&xml, text).unwrap();
    let path = dir.join("lib.sqlite");
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(import(&mut lib, &[xml]).imported, 2);
    lib
}

fn export(
    lib: &Library,
    format: ExportFormat,
    encoding: ExportEncoding,
    long: LongRecords,
    path: &Path,
) -> ExportSummary {
    export_to_path_with(
        lib,
        &Selection::All,
        format,
        encoding,
        long,
        path,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

/// The text of every 505 $a, in record order.
fn notes(r: &Record) -> Vec<String> {
    r.fields_with_tag("505")
        .flat_map(Field::subfields)
        .filter(|s| s.code == 'a')
        .map(|s| s.value.clone())
        .collect()
}

fn read_iso(path: &Path) -> Vec<Record> {
    let bytes = std::fs::read(path).unwrap();
    Reader::new(&bytes[..])
        .map(|r| {
            let p = r.unwrap();
            assert!(p.warnings.is_empty(), "{:?}", p.warnings);
            p.record
        })
        .collect()
}

fn read_xml(path: &Path) -> Vec<Record> {
    let text = std::fs::read(path).unwrap();
    carrel_marc::marcxml::Reader::new(&text[..])
        .map(|r| r.unwrap().record)
        .collect()
}

/// yaz-marcdump reads the file without complaint: the number of records and of 505 fields.
fn yaz_counts(test: &str, path: &Path, format: &str, from: &str) -> Option<(usize, usize)> {
    if !carrel_testkit::tool(test, "yaz-marcdump", "yaz") {
        return None;
    }
    let out = Command::new("yaz-marcdump")
        .args(["-i", format, "-f", from, "-t", "utf-8", "-o", "line"])
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && err.trim().is_empty(), "{err}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let records = text
        .lines()
        .filter(|l| l.len() >= 24 && l.as_bytes()[..5].iter().all(u8::is_ascii_digit))
        .count();
    let contents = text.lines().filter(|l| l.starts_with("505 ")).count();
    Some((records, contents))
}

/// pymarc reads the file: per record, its 505 $a texts joined by " ", one line each.
fn pymarc_notes(test: &str, path: &Path, xml: bool) -> Option<Vec<String>> {
    if !carrel_testkit::python_module(test, "pymarc", "pymarc==5.4.0") {
        return None;
    }
    let script = r#"
import sys, pymarc
if sys.argv[2] == 'xml':
    records = pymarc.parse_xml_to_array(sys.argv[1])
else:
    with open(sys.argv[1], 'rb') as f:
        records = list(pymarc.MARCReader(f, to_unicode=True, force_utf8=True))
for r in records:
    assert r is not None, 'pymarc could not read a record'
    print(' '.join(sf for f in r.get_fields('505') for sf in f.get_subfields('a')))
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .arg(if xml { "xml" } else { "iso" })
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn a_120000_character_contents_note_is_kept_whole_in_marcxml_both_ways() {
    let test = "a_120000_character_contents_note_is_kept_whole_in_marcxml_both_ways";
    let dir = tempfile::tempdir().unwrap();
    let note = contents(120_000);
    assert_eq!(note.chars().count(), 120_000);
    let lib = library_with(dir.path(), &long_record("long-505", &note));

    // MARCXML keeps the record whole.
    let xml = dir.path().join("all.xml");
    let s = export(
        &lib,
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        LongRecords::Marcxml,
        &xml,
    );
    assert_eq!((s.written, s.failed, s.too_long.len()), (2, 0, 0));
    assert_eq!(notes(&read_xml(&xml)[1]), std::slice::from_ref(&note));

    // ISO 2709, each way: the short record in the file, the long one whole in MARCXML beside
    // it (120,000 bytes of notes cannot fit 99,999 even split), named in the report.
    for long in [LongRecords::Marcxml, LongRecords::SplitFields] {
        let mrc = dir.path().join(format!("{long:?}.mrc"));
        let beside = dir.path().join(format!("{long:?}-too-long.xml"));
        let s = export(
            &lib,
            ExportFormat::Iso2709,
            ExportEncoding::Utf8,
            long,
            &mrc,
        );
        assert_eq!(
            (s.written, s.split, s.in_marcxml, s.failed),
            (1, 0, 1, 0),
            "{long:?}"
        );
        assert_eq!(s.marcxml_path.as_deref(), Some(beside.to_str().unwrap()));
        let r = &s.too_long[0];
        assert_eq!((r.id.0, r.outcome), (2, TooLongOutcome::Marcxml));
        assert!(r.bytes > 120_000, "{}", r.bytes);
        assert!(
            r.message
                .starts_with("record 2 “Proceedings of the congress”: field 505 is")
                && r.message.ends_with(&format!(
                    "written whole in MARCXML to {long:?}-too-long.xml"
                )),
            "{}",
            r.message
        );
        if long == LongRecords::SplitFields {
            assert!(
                r.message.contains("with its notes split it is still"),
                "{}",
                r.message
            );
        }
        // Carrel reads both files back: the short record, and the long one whole.
        let short = read_iso(&mrc);
        assert_eq!(short.len(), 1);
        assert_eq!(short[0].control_number(), Some("demo0001"));
        let whole = read_xml(&beside);
        assert_eq!(whole.len(), 1);
        assert_eq!(notes(&whole[0]), std::slice::from_ref(&note));
        // And so do the oracles.
        if let Some(counts) = yaz_counts(test, &mrc, "marc", "utf-8") {
            assert_eq!(counts, (1, 0));
        }
        if let Some(counts) = yaz_counts(test, &beside, "marcxml", "utf-8") {
            assert_eq!(counts, (1, 1));
        }
        if let Some(lines) = pymarc_notes(test, &beside, true) {
            assert_eq!(lines, std::slice::from_ref(&note));
        }
        if let Some(lines) = pymarc_notes(test, &mrc, false) {
            assert_eq!(lines, [""]);
        }
    }
}

#[test]
fn a_long_contents_note_split_into_505_fields_fits_iso2709_and_reads_back_everywhere() {
    let test = "a_long_contents_note_split_into_505_fields_fits_iso2709_and_reads_back_everywhere";
    let dir = tempfile::tempdir().unwrap();
    let note = contents(60_000);
    let lib = library_with(dir.path(), &long_record("long-505", &note));

    // By default the record goes whole to MARCXML.
    let plain = dir.path().join("plain.mrc");
    let s = export(
        &lib,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        LongRecords::Marcxml,
        &plain,
    );
    assert_eq!((s.written, s.split, s.in_marcxml), (1, 0, 1));
    assert!(dir.path().join("plain-too-long.xml").exists());

    // Split when asked: 505 fields of at most 9,999 bytes each, in the ISO 2709 file.
    let mrc = dir.path().join("split.mrc");
    let s = export(
        &lib,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        LongRecords::SplitFields,
        &mrc,
    );
    assert_eq!((s.written, s.split, s.in_marcxml, s.failed), (2, 1, 0, 0));
    assert_eq!(s.marcxml_path, None);
    assert!(!dir.path().join("split-too-long.xml").exists());
    let r = &s.too_long[0];
    assert_eq!(r.outcome, TooLongOutcome::Split);
    assert!(
        r.message
            .contains("written with field 505 split into 7 fields"),
        "{}",
        r.message
    );
    let bytes = std::fs::read(&mrc).unwrap();
    let records = read_iso(&mrc);
    assert_eq!(records.len(), 2);
    let pieces = notes(&records[1]);
    assert_eq!(pieces.len(), 7);
    assert_eq!(pieces.join(" "), note);
    assert!(pieces[..6].iter().all(|p| p.ends_with(" --")));
    let fields: Vec<&Field> = records[1].fields_with_tag("505").collect();
    assert_eq!(fields[0].indicators(), ('0', ' '));
    assert!(fields[1..].iter().all(|f| f.indicators() == ('8', ' ')));
    // Every length in the file is what its digits say.
    let mut at = 0;
    for _ in 0..2 {
        let len: usize = std::str::from_utf8(&bytes[at..at + 5])
            .unwrap()
            .parse()
            .unwrap();
        assert!(len <= 99_999);
        carrel_marc::check_iso2709_lengths(&bytes[at..at + len]).unwrap();
        at += len;
    }
    assert_eq!(at, bytes.len());
    // The file imports again into Carrel, with the note whole.
    let (_d, mut again) = new_library();
    assert_eq!(import(&mut again, std::slice::from_ref(&mrc)).imported, 2);

    // The oracles read it, with every piece and nothing cut.
    if let Some(counts) = yaz_counts(test, &mrc, "marc", "utf-8") {
        assert_eq!(counts, (2, 7));
    }
    if let Some(lines) = pymarc_notes(test, &mrc, false) {
        assert_eq!(lines, ["", note.as_str()]);
    }

    // In MARC-8 too: the pieces are measured in MARC-8 bytes.
    let m8 = dir.path().join("split-marc8.mrc");
    let s = export(
        &lib,
        ExportFormat::Iso2709,
        ExportEncoding::Marc8,
        LongRecords::SplitFields,
        &m8,
    );
    assert_eq!((s.written, s.split), (2, 1));
    assert_eq!(notes(&read_iso(&m8)[1]).join(" "), note);
    if let Some(counts) = yaz_counts(test, &m8, "marc", "marc-8") {
        assert_eq!(counts, (2, 7));
    }
}

#[test]
fn a_long_field_that_may_not_repeat_goes_to_marcxml_even_when_splitting() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Proceedings ".repeat(1000);
    let record = Record::new().with_control("001", "long-245").with_data(
        "245",
        "00",
        &[('a', title.trim_end())],
    );
    let lib = library_with(dir.path(), &record);
    let mrc = dir.path().join("out.mrc");
    let s = export(
        &lib,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        LongRecords::SplitFields,
        &mrc,
    );
    assert_eq!((s.written, s.split, s.in_marcxml), (1, 0, 1));
    assert!(
        s.too_long[0]
            .message
            .contains("field 245 cannot be split (MARC 21 does not repeat it"),
        "{}",
        s.too_long[0].message
    );
    assert_eq!(read_xml(&dir.path().join("out-too-long.xml")).len(), 1);
}

#[test]
fn a_cancelled_export_leaves_neither_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = library_with(dir.path(), &long_record("long-505", &contents(120_000)));
    // The long record first, then enough short ones for a progress report (every 500), where
    // the export is cancelled: the MARCXML file beside was begun by then.
    let mut ids = vec![carrel::RecordId(2)];
    for _ in 0..63 {
        ids.extend(
            carrel::catalogue::add_records(&mut lib, &carrel::demo::records(), "demo", now())
                .unwrap(),
        );
    }
    let cancel = AtomicBool::new(false);
    let mrc = dir.path().join("gone.mrc");
    let s = export_to_path_with(
        &lib,
        &Selection::Ids(ids),
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        LongRecords::Marcxml,
        &mrc,
        &cancel,
        &mut |p| {
            if p.written == 500 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
    )
    .unwrap();
    assert!(s.cancelled);
    assert_eq!(s.in_marcxml, 1);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gone"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
