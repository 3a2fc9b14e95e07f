//! Issue 13, tried as its tester would: further cases of the kinds "Search folds what librarians
//! fold" names (romanisation marks as they are often typed, CJK phrases across runs, LCCNs printed
//! with a revision suffix or a full stop), each found by the first version and fixed since.

mod common;

use carrel::catalogue::{add_records, search};
use carrel::Library;
use carrel_marc::Record;
use common::{new_library, now};

fn titles(lib: &Library, q: &str) -> Vec<String> {
    search(lib, q, 100)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

#[track_caller]
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

fn library() -> (tempfile::TempDir, Library) {
    let (dir, mut lib) = new_library();
    let records = vec![
        titled("c1", "東京 法学 入門"),
        titled("c2", "ジェーン・オースティン全集"),
        titled("c3", "東京大学 Law Review"),
        titled("c4", "東京Law"),
        titled("c5", "日本の法律、第2版"),
        // Romanisation marks as much typed text has them: ayn as a left quotation mark, soft
        // and hard signs as prime and double prime.
        titled("r1", "Shi‘ah studies"),
        titled("r2", "Tbilisi′s old town"),
        titled("r3", "Ob″edinennye nat︠s︡ii"),
        titled("s1", "Microsoft® Windows™ 95 guide"),
        titled("e1", "L'État de droit"),
        titled("e2", "Storia dell’arte italiana"),
        titled("e3", "The O'Brien papers"),
        titled("l1", "Card catalogue LCCN").with_data("010", "  ", &[('a', "   85001234 ")]),
        titled("l2", "Serial LCCN").with_data("010", "  ", &[('a', "sn 78004321 ")]),
    ];
    add_records(&mut lib, &records, "fixtures", now()).unwrap();
    (dir, lib)
}

/// A phrase (or a word with inner punctuation, as a title displays it) that spans two CJK runs
/// finds the record: the index writes each run's last character alone after its bigrams, and the
/// query must write it too.
#[test]
fn cjk_phrases_across_runs() {
    let (_dir, lib) = library();
    finds(&lib, "\"東京 法学\"", "東京 法学");
    finds(&lib, "\"法学 入門\" ", "東京 法学");
    finds(&lib, "\"東京 法\"", "東京 法学");
    finds(&lib, "ジェーン・オースティン ", "ジェーン");
    finds(&lib, "\"ジェーン オースティン\" ", "ジェーン");
    finds(&lib, "ｼﾞｪｰﾝ･ｵｰｽﾃｨﾝ ", "ジェーン");
    finds(&lib, "\"東京大学 law review\"", "東京大学 Law");
    finds(&lib, "title:\"東京大学 law\" ", "東京大学 Law");
    finds(&lib, "東京law ", "東京Law");
    finds(&lib, "日本の法律、第2版 ", "日本の法律");
    finds(&lib, "\"法律 第2版\"", "日本の法律");
    // Runs still have to be adjacent.
    assert!(titles(&lib, "\"法学 東京\" ").is_empty());
    // One CJK character with a star is the prefix search it already is, without a notice.
    finds(&lib, "東* ", "東京 法学");
    assert!(carrel::catalogue::query::parse("東* ").notices.is_empty());
    // The query is written back as typed, without the index's lone characters.
    let parsed = carrel::catalogue::query::parse("\"東京 法学\" ");
    assert_eq!(parsed.interpreted_as, "\"東京 法学\"");
}

/// Left quotation mark for ayn, prime and double prime for the soft and hard signs: deleted as the
/// marks they stand for (and as the right quotation mark already is), not word breaks.
#[test]
fn romanisation_marks_typed_as_quotes_and_primes() {
    let (_dir, lib) = library();
    finds(&lib, "shiah ", "Shi‘ah");
    finds(&lib, "shiʻah ", "Shi‘ah");
    finds(&lib, "tbilisis ", "Tbilisi′s");
    finds(&lib, "tbilisiʹs ", "Tbilisi′s");
    finds(&lib, "obedinennye natsii ", "Ob″edinennye");
}

/// An LCCN typed with its revision suffix after a space, or with the full stop of a citation,
/// is still the LCCN (LC normalisation drops everything from the first slash).
#[test]
fn printed_lccns_with_a_suffix_or_a_full_stop() {
    let (_dir, lib) = library();
    for q in [
        "85-1234 //r86",
        "85001234 //r86",
        "85-1234.",
        "lccn:85-1234.",
        "lccn:85-1234 //r86",
        "lccn:\"85-1234.\"",
        "\"85-1234 //r53\"",
    ] {
        finds(&lib, &format!("{q} "), "Card catalogue");
    }
    for q in [
        "sn 78-4321 //r85",
        "lccn:sn 78-4321 //r85",
        "sn 78-4321.",
        "\"sn 78-4321\"",
    ] {
        finds(&lib, &format!("{q} "), "Serial");
    }
    assert!(titles(&lib, "lccn:85-1235. ").is_empty());
}

/// A symbol whose compatibility decomposition is letters ("™" → "TM") does not glue them to the
/// word before it: "windows" finds "Windows™".
#[test]
fn a_trademark_sign_does_not_join_the_word_before_it() {
    let (_dir, lib) = library();
    finds(&lib, "windows 95 ", "Windows™");
    finds(&lib, "Windows™ ", "Windows™");
    finds(&lib, "microsoft windows ", "Windows™");
}

/// A word elided with an apostrophe is found by the word it elides to ("etat" finds "L'État",
/// "arte" finds "dell’arte"), as well as by the joined form NACO makes of it.
#[test]
fn the_word_after_an_elision_finds_it() {
    let (_dir, lib) = library();
    finds(&lib, "etat de droit ", "L'État");
    finds(&lib, "l'etat ", "L'État");
    finds(&lib, "\"l'état de droit\" ", "L'État");
    finds(&lib, "arte italiana ", "dell’arte");
    finds(&lib, "dell'arte ", "dell’arte");
    finds(&lib, "brien ", "O'Brien");
    finds(&lib, "obrien ", "O'Brien");
    finds(&lib, "\"the o'brien papers\" ", "O'Brien");
}
