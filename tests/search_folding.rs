//! Issue 13, "Search folds what librarians fold": the NACO folding in the index, the query and the
//! subject browse; CJK runs found by a word inside them; LCCNs found by any printed form (search
//! box, `lccn:`, duplicate detection); an old library file folded anew when it is opened.

mod common;

use std::path::PathBuf;

use carrel::catalogue::subjects::browse_subjects;
use carrel::catalogue::{add_records, search};
use carrel::Library;
use carrel_marc::Record;
use common::{import, new_library, now, shared_data};

fn titles(lib: &Library, q: &str) -> Vec<String> {
    search(lib, q, 100)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn finds(lib: &Library, q: &str, title_part: &str) {
    let found = titles(lib, q);
    assert!(
        found.iter().any(|t| t.contains(title_part)),
        "{q:?} should find {title_part:?}; found {found:?}"
    );
}

fn titled(id: &str, title: &str) -> Record {
    Record::new()
        .with_control("001", id)
        .with_data("245", "10", &[('a', title)])
}

/// Records of our own: the examples, CJK 880 fields and printed LCCNs.
fn fixtures() -> Vec<Record> {
    vec![
        titled("n1", "Œuvres complètes").with_data("650", " 0", &[('a', "Æsthetics")]),
        titled("n2", "Sjælland i middelalderen"),
        titled("n3", "Gießen und Umgebung").with_data("650", " 0", &[('a', "Łódź (Poland)")]),
        titled("n4", "Tbilisiʹs architecture"),
        titled(
            "n5",
            "Þingvellir and Ðorgeir, Ħal Far, Kırıkkale, Đakovo, Øresund",
        ),
        // A law faculty's bulletin: romanised 245 with its vernacular 880.
        titled("c1", "Tōkyō Daigaku Hōgakubu kiyō")
            .with_data(
                "245",
                "10",
                &[('6', "880-01"), ('a', "Tōkyō Daigaku Hōgakubu kiyō")],
            )
            .with_data(
                "880",
                "10",
                &[('6', "245-01/$1"), ('a', "東京大学法学部紀要")],
            ),
        titled("c2", "Taehan Min'guk hŏnpŏp").with_data(
            "880",
            "10",
            &[('6', "245-01/$1"), ('a', "대한민국헌법")],
        ),
        titled("l1", "Card catalogue LCCN").with_data("010", "  ", &[('a', "   85001234 //r53")]),
        titled("l2", "Serial LCCN").with_data("010", "  ", &[('a', "sn 78004321 ")]),
        titled("l3", "Four-digit year LCCN").with_data("010", "  ", &[('a', "  2004012345")]),
        titled("l4", "Prefixed LCCN").with_data("010", "  ", &[('a', "agr25000123 ")]),
    ]
}

/// Real MARC files of the shared data with the letters and scripts in question, and the fixtures,
/// in a library file on disk.
fn library() -> Option<(tempfile::TempDir, Library)> {
    let data = shared_data("search_folding")?;
    let (dir, mut lib) = new_library();
    let files: Vec<PathBuf> = [
        "marc/solrmarc/u392.mrc",
        "marc/solrmarc/u988749.mrc",
        "marc/marc4j/brkrtest_UTF8.mrc",
        "marc/marc4j/pride-and-prejudice-fixed.mrc",
        "marc/mrrc-testbed/fixtures/bibliographic/sample.mrc",
        "marc/yaz/marc-files/marccol1.u8.marc",
    ]
    .iter()
    .map(|f| data.join(f))
    .collect();
    let summary = import(&mut lib, &files);
    assert!(summary.imported > 700, "{summary:?}");
    add_records(&mut lib, &fixtures(), "fixtures", now()).unwrap();
    Some((dir, lib))
}

#[test]
fn letters_and_romanisation_marks_fold_as_naco_says() {
    let Some((_dir, lib)) = library() else { return };
    // The examples.
    finds(&lib, "oeuvres ", "Œuvres");
    finds(&lib, "OEUVRES complètes ", "Œuvres");
    finds(&lib, "sjaelland ", "Sjælland");
    finds(&lib, "giessen ", "Gießen");
    finds(&lib, "Giessen und ", "Gießen");
    finds(&lib, "tbilisis ", "Tbilisiʹs");
    // And in reverse: the special letter typed finds the plain spelling.
    finds(&lib, "Gießen ", "Gießen");
    finds(&lib, "Œuvres ", "Œuvres");
    finds(
        &lib,
        "thingvellir dorgeir hal kirikkale dakovo oresund ",
        "Þingvellir",
    );
    finds(&lib, "subject:aesthetics ", "Œuvres");
    finds(&lib, "subject:lodz ", "Gießen");
    // Real records: ALA-LC romanised Russian with ligature ties and soft signs (MARC-8 decoded).
    finds(&lib, "russkaia natsionalnaia arkhitektura ", "Russkai");
    finds(&lib, "parotkina ", "Vtorai");
    // Polish ł, Danish ø, Azerbaijani dotless ı in real UTF-8 records.
    finds(&lib, "lodz ", "diacritics");
    finds(&lib, "przedpelska ", "Duma i uprzedzenie");
    finds(&lib, "vedrorende regionaludvikling ", "");
    assert!(!titles(&lib, "baki kartoqrafiya ").is_empty());
}

#[test]
fn subject_headings_browse_by_the_same_fold() {
    let Some((_dir, lib)) = library() else { return };
    let page = browse_subjects(&lib, Some("aesth"), None, 1).unwrap();
    assert_eq!(page.headings[0].heading, "Æsthetics");
    let page = browse_subjects(&lib, Some("lodz"), None, 1).unwrap();
    assert_eq!(page.headings[0].heading, "Łódź (Poland)");
}

#[test]
fn a_word_inside_a_cjk_run_finds_it() {
    let Some((_dir, lib)) = library() else { return };
    // Our fixtures.
    finds(&lib, "東京 ", "Tōkyō Daigaku");
    finds(&lib, "法学部 ", "Tōkyō Daigaku");
    finds(&lib, "title:大学法学 ", "Tōkyō Daigaku");
    finds(&lib, "紀要", "Tōkyō Daigaku");
    finds(&lib, "대한 ", "Taehan");
    finds(&lib, "헌법 ", "Taehan");
    finds(&lib, "법", "Taehan");
    // The whole run still finds it; a run that is not in it does not.
    finds(&lib, "東京大学法学部紀要 ", "Tōkyō Daigaku");
    assert!(titles(&lib, "京東 ").is_empty());
    assert!(titles(&lib, "大学院 ").is_empty());
    // Real 880 fields: "傲慢与偏见" (Pride and prejudice), "理性與感性", "地震工程與工程振動".
    finds(&lib, "偏见 ", "Pride");
    finds(&lib, "與感性 ", "Sense");
    finds(&lib, "工程振動 ", "");
    assert!(!titles(&lib, "工程振動 ").is_empty());
    // Latin-script search is unchanged.
    finds(&lib, "prejudice ", "Pride");
}

#[test]
fn printed_lccns_find_the_record() {
    let Some((_dir, lib)) = library() else { return };
    for (q, title) in [
        ("85-1234", "Card catalogue"),
        ("85-1234//r53", "Card catalogue"),
        ("85001234", "Card catalogue"),
        ("sn 78-4321", "Serial"),
        ("sn78-4321", "Serial"),
        ("2004-12345", "Four-digit"),
        ("agr25-123", "Prefixed"),
        ("agr 25-123", "Prefixed"),
        ("lccn:85-1234", "Card catalogue"),
        ("lccn:\"85-1234 //r53\"", "Card catalogue"),
        ("lccn:sn 78-4321", "Serial"),
        ("lccn:2004-12345", "Four-digit"),
        ("lccn:agr25-123", "Prefixed"),
        ("lccn:AGR 25-123", "Prefixed"),
    ] {
        let found = titles(&lib, &format!("{q} "));
        assert_eq!(found.len(), 1, "{q:?}: {found:?}");
        assert!(found[0].contains(title), "{q:?}: {found:?}");
    }
    assert!(titles(&lib, "lccn:85-1235 ").is_empty());
}

#[test]
fn a_printed_lccn_is_a_duplicate_of_the_normalised_one() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &fixtures(), "fixtures", now()).unwrap();
    let incoming = [
        Record::new()
            .with_control("001", "other-1")
            .with_data("010", "  ", &[('a', "85-1234")])
            .with_data("245", "10", &[('a', "Same book, printed LCCN")]),
        Record::new()
            .with_control("001", "other-2")
            .with_data("010", "  ", &[('a', "agr25-123 //r60")])
            .with_data("245", "10", &[('a', "Same book, revised LCCN")]),
        Record::new()
            .with_control("001", "other-3")
            .with_data("010", "  ", &[('a', "85-1235")])
            .with_data("245", "10", &[('a', "Another book")]),
    ];
    let path = dir.path().join("incoming.mrc");
    let bytes: Vec<u8> = incoming
        .iter()
        .flat_map(carrel_marc::write_iso2709)
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let summary = import(&mut lib, &[path]);
    assert_eq!((summary.imported, summary.skipped), (1, 2), "{summary:?}");
}

/// A library whose index holds text as unicode61 alone folded it, with the re-reading that the
/// schema 11 upgrade marks (tested from a real schema 10 file in `catalogue::fold`), gets the new
/// folding when it is opened.
#[test]
fn an_old_library_file_gets_the_new_folding_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    {
        let mut lib = Library::open(&path).unwrap();
        add_records(&mut lib, &fixtures(), "fixtures", now()).unwrap();
    }
    {
        // As schema 10 left it: the index text unfolded, browse keys without the NACO letters.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "UPDATE records_fts SET title = (SELECT title FROM records WHERE id = records_fts.rowid),
                 subjects = '', identifiers = '';
             UPDATE record_subjects SET sort_key = lower(heading);
             INSERT INTO pending_work (task) VALUES ('reread_records');",
        )
        .unwrap();
        let count: u32 = conn
            .query_row(
                "SELECT count(*) FROM records_fts WHERE records_fts MATCH '\"giessen\"'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(count, 0, "the old index does not fold ß");
    }
    let lib = carrel::open_library(Some(&path), now()).unwrap();
    let (_new_dir, new) = new_library();
    assert_eq!(
        lib.info().unwrap().schema_version,
        new.info().unwrap().schema_version
    );
    finds(&lib, "giessen ", "Gießen");
    finds(&lib, "sjaelland ", "Sjælland");
    finds(&lib, "東京 ", "Tōkyō Daigaku");
    finds(&lib, "lccn:85-1234 ", "Card catalogue");
    let page = browse_subjects(&lib, Some("aesth"), None, 1).unwrap();
    assert_eq!(page.headings[0].heading, "Æsthetics");
}
