//! Faults a tester found in the reference-manager import (issue 14): a host's standard number
//! made two chapters "duplicates", a `{"}` in a quoted BibTeX field lost the rest of the entry,
//! Windows-1252 and UTF-16 files, lists of standard numbers, and the DOI as a match key.

mod common;

use carrel::catalogue::import::DuplicatePolicy;
use carrel::intake::{self, marc::to_marc, Format};
use carrel_marc::Record;
use common::*;

/// The records a file's text makes, in order (entries that cannot be read left out).
fn records(format: Format, text: &str) -> Vec<Record> {
    intake::read(format, text)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| to_marc(&e.item, "261130", Some((format.name(), &e.source))).record)
        .collect()
}

/// Every field `tag` of `r` as MarcEdit's mnemonic line.
fn lines(r: &Record, tag: &str) -> Vec<String> {
    r.fields
        .iter()
        .filter(|f| f.tag() == tag)
        .map(|f| f.to_string())
        .collect()
}

const TWO_ARTICLES: &str = r#"@article{a1,
  author = {Adams, Ann},
  title = {First article},
  journal = {Journal of Things},
  issn = {0028-0836},
  year = {2019}, volume = {1}, pages = {1--10}
}
@article{a2,
  author = {Brown, Bob},
  title = {Second article},
  journal = {Journal of Things},
  issn = {0028-0836},
  year = {2020}, volume = {2}, pages = {11--20}
}
"#;

const BOOK: &str = "TY  - BOOK\nA2  - Editor, Ed\nTI  - Handbook of Stuff\nPY  - 2015\nPB  - Springer\nCY  - Cham\nSN  - 978-3-319-12345-5\nER  - \n";

const TWO_CHAPTERS: &str = "TY  - CHAP\nAU  - Adams, Ann\nTI  - First chapter\nT2  - Handbook of Stuff\nA2  - Editor, Ed\nPY  - 2015\nSP  - 1\nEP  - 20\nPB  - Springer\nCY  - Cham\nSN  - 978-3-319-12345-5\nER  - \n\nTY  - CHAP\nAU  - Brown, Bob\nTI  - Second chapter\nT2  - Handbook of Stuff\nA2  - Editor, Ed\nPY  - 2015\nSP  - 21\nEP  - 40\nPB  - Springer\nCY  - Cham\nSN  - 978-3-319-12345-5\nER  - \n";

#[test]
fn a_hosts_standard_number_goes_to_773_and_is_no_match_key() {
    let articles = records(Format::Bibtex, TWO_ARTICLES);
    assert!(lines(&articles[0], "022").is_empty());
    assert!(
        lines(&articles[0], "773")[0].ends_with("$x0028-0836"),
        "{:?}",
        lines(&articles[0], "773")
    );
    let chapters = records(Format::Ris, TWO_CHAPTERS);
    assert!(lines(&chapters[0], "020").is_empty());
    assert!(
        lines(&chapters[0], "773")[0].ends_with("$z9783319123455"),
        "{:?}",
        lines(&chapters[0], "773")
    );

    let (dir, mut lib) = new_library();
    let bib = dir.path().join("articles.bib");
    std::fs::write(&bib, TWO_ARTICLES).unwrap();
    let s = import(&mut lib, &[bib]);
    assert_eq!(s.imported, 2, "{s:?}");
    let ris = dir.path().join("chapters.ris");
    std::fs::write(&ris, TWO_CHAPTERS).unwrap();
    let s = import(&mut lib, &[ris]);
    assert_eq!(s.imported, 2, "{s:?}");

    // The book first, then its chapters merged: the book stays the book.
    let (dir, mut lib) = new_library();
    let book = dir.path().join("book.ris");
    std::fs::write(&book, BOOK).unwrap();
    assert_eq!(import(&mut lib, &[book]).imported, 1);
    let ris = dir.path().join("chapters.ris");
    std::fs::write(&ris, TWO_CHAPTERS).unwrap();
    let s = import_policy(&mut lib, &[ris], DuplicatePolicy::Merge);
    assert_eq!((s.imported, s.merged), (2, 0), "{s:?}");
    let book = carrel::catalogue::search(&lib, "Handbook of Stuff", 10).unwrap();
    assert_eq!(book.hits.len(), 1);
    let view = carrel::catalogue::get_record(&lib, book.hits[0].id).unwrap();
    assert!(
        view.mnemonic.contains("$aHandbook of Stuff") && view.mnemonic.contains("=020  "),
        "{}",
        view.mnemonic
    );
    let chapters = carrel::catalogue::search(&lib, "chapter", 10).unwrap();
    assert_eq!(chapters.hits.len(), 2);
}

#[test]
fn a_quote_in_braces_in_a_quoted_field_is_read() {
    let text = "@book{t3,\n  title = \"Quoted {\"}inner{\"} string\",\n  author = \"Anon, Ymous\",\n  year = \"1990\"\n}\n";
    let r = &records(Format::Bibtex, text)[0];
    let t = lines(r, "245").join("");
    assert!(t.contains("Quoted \"inner\" string"), "{t}");
    assert!(
        lines(r, "100")[0].contains("Anon, Ymous"),
        "{:?}",
        lines(r, "100")
    );
    assert!(
        lines(r, "264").join("").contains("1990"),
        "{:?}",
        lines(r, "264")
    );
}

#[test]
fn windows_1252_utf16_and_single_space_ris_files_are_read() {
    let (dir, mut lib) = new_library();
    // Windows-1252: "–" is 0x96, the quotes 0x93 and 0x94.
    let cp = dir.path().join("cp1252.ris");
    std::fs::write(
        &cp,
        b"TY  - BOOK\r\nAU  - M\xfcller, J\xfcrgen\r\nTI  - Stra\xdfe \x96 \x93quoted\x94 title\r\nPY  - 2001\r\nER  - \r\n",
    )
    .unwrap();
    let s = import(&mut lib, &[cp]);
    assert_eq!(s.imported, 1, "{s:?}");
    assert!(
        s.problems
            .iter()
            .any(|p| p.reason.contains("read as Windows-1252")),
        "{:?}",
        s.problems
    );
    let hits = carrel::catalogue::search(&lib, "Müller", 10).unwrap();
    let view = carrel::catalogue::get_record(&lib, hits.hits[0].id).unwrap();
    assert!(
        view.mnemonic.contains("Straße – “quoted” title"),
        "{}",
        view.mnemonic
    );
    assert!(!view
        .mnemonic
        .chars()
        .any(|c| ('\u{80}'..='\u{9f}').contains(&c)));

    // UTF-16 with a byte-order mark, little- and big-endian.
    let text = "@book{k,\n author = {Zweig, Stefan},\n title = {Schachnovelle},\n year = 1942,\n publisher={Pub}\n}\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let ris =
        "TY  - BOOK\r\nAU  - Roth, Joseph\r\nTI  - Radetzkymarsch\r\nPY  - 1932\r\nER  - \r\n";
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(ris.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    assert_eq!(intake::sniff(&le), Some(Format::Bibtex));
    assert_eq!(intake::sniff(&be), Some(Format::Ris));
    let (a, b) = (dir.path().join("le.bib"), dir.path().join("be.ris"));
    std::fs::write(&a, le).unwrap();
    std::fs::write(&b, be).unwrap();
    let s = import(&mut lib, &[a, b]);
    assert_eq!(s.imported, 2, "{s:?}");
    assert_eq!(
        carrel::catalogue::search(&lib, "Schachnovelle", 10)
            .unwrap()
            .hits
            .len(),
        1
    );

    // RIS with one space before the dash.
    let single = "TY - BOOK\nAU - Single, Space\nTI - Single space tags\nPY - 2000\nER -\n";
    assert_eq!(intake::sniff(single.as_bytes()), Some(Format::Ris));
    let r = &records(Format::Ris, single)[0];
    assert!(lines(r, "245")[0].contains("Single space tags"));
    assert!(lines(r, "100")[0].contains("Single, Space"));

    // A file of no known kind names every format Carrel reads.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "just some words\nand more\n").unwrap();
    let s = import(&mut lib, &[junk]);
    let reason = &s.problems[0].reason;
    assert!(
        reason.contains("is not a file Carrel can import: not MARC (ISO 2709, MARCXML, .mrk), BibTeX, RIS, CSL-JSON or EndNote XML"),
        "{reason}"
    );
}

#[test]
fn lists_of_standard_numbers_are_each_kept() {
    let csl = r#"[{"id":"3","type":"book","title":"Three","ISBN":"9780151446476 9780151446483","issued":{"date-parts":[[1999]]}}]"#;
    let r = &records(Format::CslJson, csl)[0];
    assert_eq!(
        lines(r, "020"),
        vec!["=020  \\\\$a9780151446476", "=020  \\\\$a9780151446483"]
    );
    let ris = "TY  - BOOK\nTI  - Four\nSN  - 0-19-852663-6 (pbk.)\nSN  - 9780151446476\nSN  - 1234-5679\nER  - \n";
    let r = &records(Format::Ris, ris)[0];
    assert_eq!(
        lines(r, "020"),
        vec!["=020  \\\\$a0198526636$qpbk.", "=020  \\\\$a9780151446476"]
    );
    assert_eq!(lines(r, "022"), vec!["=022  \\\\$a1234-5679"]);
    // PubMed's electronic and linking ISSNs of an article: the journal's, in 773.
    let pubmed = "TY  - JOUR\nTI  - Five\nJO  - Nature\nSN  - 1476-4687 (Electronic)\nSN  - 0028-0836 (Linking)\nER  - \n";
    let r = &records(Format::Ris, pubmed)[0];
    assert!(lines(r, "022").is_empty());
    assert!(
        lines(r, "773")[0].ends_with("$x1476-4687$x0028-0836"),
        "{:?}",
        lines(r, "773")
    );
}

#[test]
fn an_entry_with_a_doi_is_unchanged_when_imported_again() {
    let (dir, mut lib) = new_library();
    let bib = dir.path().join("doi.bib");
    std::fs::write(
        &bib,
        "@article{d1, author = {Adams, Ann}, title = {With a DOI}, journal = {J}, year = 2001, doi = {10.1000/ABC.1}}\n@misc{d2, title = {Without}, year = 2002}\n",
    )
    .unwrap();
    assert_eq!(import(&mut lib, std::slice::from_ref(&bib)).imported, 2);
    let again = import(&mut lib, &[bib]);
    assert_eq!((again.imported, again.unchanged), (1, 1), "{again:?}");
    // The same DOI in RIS, in another case: the same work.
    let ris = dir.path().join("doi.ris");
    std::fs::write(
        &ris,
        "TY  - JOUR\nAU  - Adams, Ann\nTI  - With a DOI\nJO  - J\nPY  - 2001\nDO  - 10.1000/abc.1\nER  - \n",
    )
    .unwrap();
    let s = import(&mut lib, &[ris]);
    assert_eq!(s.imported, 0, "{s:?}");
}
