//! Imports the real MARC files of the shared test data (`$CARREL_TEST_DATA`, default
//! `../shared/data`): every ISO 2709 file is read without a panic, counts add up, and known
//! records show the expected values.

mod common;

use carrel::RecordId;
use std::path::{Path, PathBuf};

use carrel::catalogue::import::{DuplicatePolicy, Severity};
use carrel::catalogue::{get_record, search};
use common::*;

/// Every file under `marc/` that is meant to be ISO 2709 (plain or gzip), skipping the text,
/// JSON, XML, MicroLIF and mnemonic files that sit beside them.
fn iso2709_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
            let skip = [
                ".txt", ".txt.gz", ".json", ".xml", ".xml.gz", ".lst", ".chr", ".md", ".lif",
                ".mrk", ".mrk8", "readme",
            ];
            if !skip.iter().any(|s| name.ends_with(s)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_shared_marc_file_is_read_and_every_record_is_imported_or_reported() {
    let Some(data) = shared_data("every_shared_marc_file") else {
        return;
    };
    let files = iso2709_files(&data.join("marc"));
    assert!(
        files.len() > 150,
        "expected the shared MARC files, found {}",
        files.len()
    );
    let (_dir, mut lib) = new_library();
    let mut total_imported = 0;
    for file in &files {
        let s = import(&mut lib, std::slice::from_ref(file));
        assert_eq!(
            s.records_read,
            s.imported + s.rejected + s.skipped + s.merged + s.unchanged,
            "{}",
            file.display()
        );
        // Record-level errors; a file that is not MARC at all is one problem with record number 0.
        let errors = s
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error && p.ordinal > 0)
            .count() as u32;
        if s.problems_omitted == 0 {
            assert_eq!(
                errors,
                s.rejected,
                "{}: each rejected record is reported",
                file.display()
            );
        }
        total_imported += s.imported;
    }
    assert_eq!(lib.info().unwrap().records, total_imported);
    assert_eq!(lib.integrity_check().unwrap(), "ok");
}

#[test]
fn the_national_library_of_australia_file_imports_whole_with_its_titles_and_isbns() {
    let Some(data) = shared_data("nla_file") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    let s = import(
        &mut lib,
        &[data.join("marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc")],
    );
    assert_eq!(
        (
            s.records_read,
            s.imported,
            s.rejected,
            s.marc8_decoded,
            s.undecoded
        ),
        (1000, 1000, 0, 0, 0)
    );
    // The first record: a 1939 German street atlas (a map, leader/06 e).
    let first = get_record(&lib, RecordId(1)).unwrap();
    assert_eq!(
        first.title,
        "Stadt-Durchfahrten in Belgien und angrenzenden Gebieten"
    );
    assert_eq!(first.format, "Map");
    assert!(first
        .identifiers
        .iter()
        .any(|i| i.kind == "Control number" && i.value == "8661707"));
    // A title word finds its record first.
    let r = search(&lib, "Kilcunda", 5).unwrap();
    assert_eq!(
        r.hits[0].title,
        "Rails by the sea : the remarkable story of Kilcunda's railway history"
    );
    assert_eq!(r.hits[0].responsibility.as_deref(), Some("Mark Cauchi"));
}

#[test]
fn gzip_and_large_shared_files_give_the_record_counts_yaz_gives() {
    let Some(data) = shared_data("counts") else {
        return;
    };
    // (file, records yaz-marcdump reads, records we import)
    let cases = [
        ("marc/cliffeh-marc/testfile.marc.gz", 1010, 1010),
        (
            "marc/folio-perf-testing/5k_authority_Create.mrc",
            5000,
            5000,
        ),
        (
            "marc/folio-perf-testing/10k_holdings_Create.mrc",
            10000,
            10000,
        ),
        ("marc/evergreen/auth-1066.mrc", 1066, 1066),
        (
            "marc/marc4j/pride-and-prejudice-with-many-errors.mrc",
            383,
            383,
        ),
    ];
    for (file, read, imported) in cases {
        let (_dir, mut lib) = new_library();
        // Records that share a control number or ISBN are all kept, as yaz lists them all.
        let s = import_policy(&mut lib, &[data.join(file)], DuplicatePolicy::Add);
        assert_eq!((s.records_read, s.imported), (read, imported), "{file}");
    }
}

#[test]
fn marc8_files_are_decoded_and_found_without_their_diacritics() {
    let Some(data) = shared_data("marc8") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    let s = import(&mut lib, &[data.join("marc/evergreen/lul_fre_500.mrc")]);
    assert_eq!((s.imported, s.marc8_decoded, s.undecoded), (500, 500, 0));
    assert_eq!(lib.info().unwrap().undecoded, 0);
    // A French title with accents, found by typing it without them.
    let r = search(&lib, "theatre", 50).unwrap();
    assert!(
        r.hits
            .iter()
            .any(|h| h.title.contains("théâtre") || h.title.contains("Théâtre")),
        "{:?}",
        r.hits.iter().map(|h| &h.title).collect::<Vec<_>>()
    );
    // Hebrew and CJK records decode to their scripts.
    let (_d2, mut lib2) = new_library();
    import(
        &mut lib2,
        &[
            data.join("marc/marc-perl/marc-charset/hebrew1.marc"),
            data.join("marc/marc-perl/marc-charset/cjk1.marc"),
        ],
    );
    // Their titles are romanised (245); the original script is in the 880 fields.
    let hebrew = get_record(&lib2, RecordId(1)).unwrap();
    assert_eq!(
        hebrew.title,
        "Gag : biṭʼon Igud kelali shel sofrim be-Yiśraʼel"
    );
    assert!(
        hebrew
            .mnemonic
            .lines()
            .any(|l| l.starts_with("=880")
                && l.chars().any(|c| ('\u{0590}'..='\u{05FF}').contains(&c))),
        "{}",
        hebrew.mnemonic
    );
    let japanese = get_record(&lib2, RecordId(2)).unwrap();
    assert_eq!(japanese.title, "Kindaichi Kyōsuke to Ainugo");
    assert!(
        japanese
            .mnemonic
            .lines()
            .any(|l| l.starts_with("=880")
                && l.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))),
        "{}",
        japanese.mnemonic
    );
    assert!(!hebrew.undecoded && !japanese.undecoded && !japanese.mnemonic.contains('\u{FFFD}'));
}

#[test]
fn broken_files_report_record_number_offset_and_reason() {
    let Some(data) = shared_data("broken") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    let s = import(&mut lib, &[data.join("marc/pymarc/bad_records.mrc")]);
    assert_eq!((s.records_read, s.imported, s.rejected), (8, 7, 1));
    let err = s
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .unwrap();
    assert_eq!((err.ordinal, err.offset), (7, 764));
    assert_eq!(err.reason, "the directory has no entries");
    // A file of garbage is refused as a whole, saying why, rather than read as hundreds of rejects.
    let garbage = import(
        &mut lib,
        &[data.join("marc/mrrc-testbed/synthetic/malformed/garbage.mrc")],
    );
    assert_eq!((garbage.imported, garbage.rejected), (0, 0));
    assert_eq!(garbage.problems[0].ordinal, 0);
    assert!(
        garbage.problems[0]
            .reason
            .contains("is not a file Carrel can import"),
        "{}",
        garbage.problems[0].reason
    );
}

#[test]
fn re_importing_a_file_finds_its_records_unchanged_whatever_the_policy() {
    let Some(data) = shared_data("reimport") else {
        return;
    };
    let file = data.join("marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc");
    let (_dir, mut lib) = new_library();
    let first = import(&mut lib, std::slice::from_ref(&file));
    assert_eq!(first.imported, 1000);
    // The same records again: unchanged, nothing to look at (no problem listed), nothing written.
    let again = import(&mut lib, std::slice::from_ref(&file));
    assert_eq!(
        (again.imported, again.skipped, again.unchanged),
        (0, 0, 1000)
    );
    assert!(again.problems.is_empty(), "{:?}", again.problems[0]);
    let merged = import_policy(
        &mut lib,
        std::slice::from_ref(&file),
        DuplicatePolicy::Merge,
    );
    assert_eq!(
        (merged.imported, merged.merged, merged.unchanged),
        (0, 0, 1000)
    );
    let versions: i64 = rusqlite::Connection::open(lib.path())
        .unwrap()
        .query_row("SELECT count(*) FROM record_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 0, "no empty versions");
    assert_eq!(lib.info().unwrap().records, 1000);
    assert_eq!(lib.integrity_check().unwrap(), "ok");
}

#[test]
fn shared_marcxml_files_are_imported_and_broken_records_reported_with_their_line() {
    let Some(data) = shared_data("marcxml") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    let s = import_policy(
        &mut lib,
        &[data.join("marc/cliffeh-marc/testfile.xml.gz")],
        DuplicatePolicy::Add,
    );
    assert_eq!((s.imported, s.rejected), (1010, 0));
    let s = import(
        &mut lib,
        &[data.join("marcxml/ruby-marc/three-records-second-bad.xml")],
    );
    assert_eq!((s.records_read, s.rejected), (3, 1));
    let bad = s
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .unwrap();
    assert_eq!((bad.ordinal, bad.line), (2, Some(55)));
    assert!(bad.reason.starts_with("line 72"), "{}", bad.reason);
    // Every MARCXML file is read without a panic and every record is accounted for.
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("marcxml"))
        .unwrap()
        .flatten()
        .flat_map(|d| {
            std::fs::read_dir(d.path())
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    assert!(files.len() > 40, "{}", files.len());
    for f in &files {
        let s = import(&mut lib, std::slice::from_ref(f));
        assert_eq!(
            s.records_read,
            s.imported + s.rejected + s.skipped + s.merged + s.unchanged,
            "{}",
            f.display()
        );
    }
    assert_eq!(lib.integrity_check().unwrap(), "ok");
}
