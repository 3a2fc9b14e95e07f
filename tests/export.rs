//! Export to ISO 2709 (UTF-8, MARC-8) and MARCXML: lossless where it can be, readable by the peers.

mod common;

use carrel::RecordId;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::add_records;
use carrel::catalogue::export::{
    export_to_path, ExportEncoding, ExportFormat, ExportSummary, Selection,
};
use carrel::Library;
use carrel_marc::{CharacterCoding, Reader};
use common::*;

fn export(
    lib: &Library,
    sel: Selection,
    format: ExportFormat,
    encoding: ExportEncoding,
    path: &Path,
) -> ExportSummary {
    export_to_path(
        lib,
        &sel,
        format,
        encoding,
        path,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap()
}

fn demo_library() -> (tempfile::TempDir, Library) {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &carrel::demo::records(), "demo", now()).unwrap();
    (dir, lib)
}

#[test]
fn utf8_export_gives_back_the_stored_bytes_and_imports_again() {
    let (dir, lib) = demo_library();
    let out = dir.path().join("all.mrc");
    let s = export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &out,
    );
    assert_eq!((s.written, s.unchanged, s.failed), (8, 8, 0));
    let expected: Vec<u8> = carrel::demo::records()
        .iter()
        .flat_map(carrel_marc::write_iso2709)
        .collect();
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    let (_d2, mut again) = new_library();
    assert_eq!(import(&mut again, &[out]).imported, 8);
}

#[test]
fn marc8_export_encodes_diacritics_and_writes_other_characters_as_references() {
    let (dir, lib) = demo_library();
    let out = dir.path().join("m8.mrc");
    let s = export(
        &lib,
        Selection::Query("dvorak".into()),
        ExportFormat::Iso2709,
        ExportEncoding::Marc8,
        &out,
    );
    assert_eq!((s.written, s.unchanged), (1, 0));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(bytes[9], b' ', "leader/09 blank for MARC-8");
    // "Dvořák": caron (0xE9) before r, acute (0xE2) before a, as ANSEL writes them.
    assert!(bytes.windows(6).any(|w| w == b"Dvo\xE9r\xE2"));
    // The en dash of "1580–1700" is not in MARC-8: a numeric character reference.
    assert!(
        bytes.windows(10).any(|w| w == b"1580&#x201"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let back = Reader::new(&bytes[..]).next().unwrap().unwrap();
    assert_eq!(back.encoding, CharacterCoding::Marc8);
    assert_eq!(
        back.record.field("245").unwrap().subfield('b'),
        Some("prints, publishers and collectors, 1580–1700 /")
    );
}

#[test]
fn marcxml_export_reads_back_with_the_same_records() {
    let (dir, lib) = demo_library();
    let out = dir.path().join("all.xml");
    let s = export(
        &lib,
        Selection::Ids(vec![RecordId(3), RecordId(1)]),
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        &out,
    );
    assert_eq!(s.written, 2);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("<?xml"));
    let records: Vec<_> = carrel_marc::marcxml::Reader::new(text.as_bytes())
        .map(|r| r.unwrap().record)
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0].field("100").unwrap().subfield('a'),
        Some("Dvořák, Tereza,")
    );
    assert_eq!(records[1].control_number(), Some("demo0001"));
}

#[test]
fn a_cancelled_export_leaves_no_file() {
    let (dir, lib) = demo_library();
    let out = dir.path().join("never.mrc");
    let s = export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(true),
        &mut |_| {},
    )
    .unwrap();
    assert!(s.cancelled);
    assert!(!out.exists());
    assert!(!dir.path().join("never.mrc.part").exists());
}

#[test]
fn an_unwritable_path_is_an_io_error_naming_the_file() {
    let (_dir, lib) = demo_library();
    let err = export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        Path::new("/no/such/dir/x.mrc"),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.kind(), carrel::ErrorKind::Io);
    assert!(err.to_string().contains("/no/such/dir/x.mrc"), "{err}");
}

#[test]
fn a_marc8_file_exports_as_marc8_byte_for_byte_and_as_utf8_that_yaz_reads() {
    let Some(data) = shared_data("export_marc8") else {
        return;
    };
    let original = data.join("marc/evergreen/jazz_1k.mrc");
    let (dir, mut lib) = new_library();
    assert_eq!(
        import(&mut lib, std::slice::from_ref(&original)).imported,
        1000
    );
    let m8 = dir.path().join("jazz-marc8.mrc");
    let s = export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Marc8,
        &m8,
    );
    assert_eq!((s.written, s.unchanged), (1000, 1000));
    assert_eq!(
        std::fs::read(&m8).unwrap(),
        std::fs::read(&original).unwrap()
    );

    let u8 = dir.path().join("jazz-utf8.mrc");
    let s = export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &u8,
    );
    assert_eq!((s.written, s.unchanged, s.failed), (1000, 0, 0));
    let reread: Vec<_> = Reader::new(std::io::BufReader::new(std::fs::File::open(&u8).unwrap()))
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(reread.len(), 1000);
    assert!(reread
        .iter()
        .all(|p| p.encoding == CharacterCoding::Utf8 && p.warnings.is_empty()));
    // The titles are the same text as the library shows.
    let first_title = carrel::catalogue::get_record(&lib, RecordId(1))
        .unwrap()
        .title;
    let again = carrel::catalogue::extract(&reread[0].record).title;
    assert_eq!(again, first_title);

    // Peers: yaz-marcdump reads both exports without error and counts the same records.
    if !carrel_testkit::tool("export_marc8 (yaz peer check)", "yaz-marcdump", "yaz") {
        return;
    }
    for (file, from) in [(&u8, "utf-8"), (&m8, "marc-8")] {
        let out = std::process::Command::new("yaz-marcdump")
            .args(["-f", from, "-t", "utf-8", "-o", "line"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let leaders = text
            .lines()
            .filter(|l| l.len() >= 24 && l.as_bytes()[..5].iter().all(u8::is_ascii_digit))
            .count();
        assert_eq!(leaders, 1000, "{}", file.display());
    }
}

/// pymarc (PyPI), the Python MARC library, reads what Carrel writes: ISO 2709 in UTF-8 and MARCXML,
/// with the same record count and titles.
#[test]
fn pymarc_reads_carrel_exports() {
    if !carrel_testkit::python_module("pymarc_reads_carrel_exports", "pymarc", "pymarc==5.4.0") {
        return;
    }
    let (dir, lib) = demo_library();
    let mrc = dir.path().join("demo.mrc");
    let xml = dir.path().join("demo.xml");
    export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &mrc,
    );
    export(
        &lib,
        Selection::All,
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        &xml,
    );
    let script = r#"
import sys, pymarc
with open(sys.argv[1], 'rb') as f:
    iso = [r for r in pymarc.MARCReader(f, to_unicode=True, force_utf8=True)]
xml = pymarc.parse_xml_to_array(sys.argv[2])
assert all(r is not None for r in iso), 'pymarc could not read a record'
print(len(iso), len(xml))
for r in iso:
    print(r['245']['a'])
for r in xml:
    print(r['245']['a'])
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&mrc)
        .arg(&xml)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "8 8");
    let titles: Vec<String> = carrel::demo::records()
        .iter()
        .map(|r| r.field("245").unwrap().subfield('a').unwrap().to_string())
        .collect();
    assert_eq!(
        lines[1..9],
        titles.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    assert_eq!(
        lines[9..17],
        titles.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
}

/// A record whose leader lies about its encoding (leader/09 blank, text UTF-8) is written
/// converted, never as its stored bytes under a MARC-8 label — and the other way round.
#[test]
fn records_with_a_dishonest_leader_are_converted_not_copied() {
    let (dir, mut lib) = new_library();
    let mut liar =
        carrel_marc::Record::new().with_data("245", "10", &[('a', "Dvořák :"), ('b', "a life.")]);
    liar.leader.set_character_coding(CharacterCoding::Marc8);
    let path = dir.path().join("liar.mrc");
    std::fs::write(&path, carrel_marc::write_iso2709(&liar)).unwrap();
    assert_eq!(import(&mut lib, &[path]).imported, 1);

    let m8 = dir.path().join("m8.mrc");
    let s = export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Marc8,
        &m8,
    );
    assert_eq!((s.written, s.unchanged), (1, 0));
    let bytes = std::fs::read(&m8).unwrap();
    assert!(
        bytes.windows(5).any(|w| w == b"Dvo\xE9r"),
        "MARC-8 caron before r"
    );
    let back = Reader::new(&bytes[..]).next().unwrap().unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(
        back.record.field("245").unwrap().subfield('a'),
        Some("Dvořák :")
    );

    let u8 = dir.path().join("u8.mrc");
    let s = export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &u8,
    );
    assert_eq!(
        (s.written, s.unchanged),
        (1, 0),
        "leader/09 must be corrected to 'a'"
    );
    assert_eq!(std::fs::read(&u8).unwrap()[9], b'a');
}

#[test]
fn exporting_over_a_symlink_writes_its_target_and_leaves_other_files_alone() {
    let (dir, lib) = demo_library();
    let target = dir.path().join("real.mrc");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.mrc");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    std::fs::write(dir.path().join("link.mrc.part"), "unrelated").unwrap();
    export(
        &lib,
        Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &link,
    );
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(import(&mut new_library().1, &[target]).imported, 8);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("link.mrc.part")).unwrap(),
        "unrelated"
    );
}
