//! Reference-manager files in (issue 14): BibTeX/BibLaTeX, RIS, CSL-JSON and EndNote XML made
//! into MARC 21 records, field by field per type; the real files of the shared data; the import
//! through the MARC path; and the round trip "imported, then rendered in APA, reads the same as
//! the CSL-JSON rendered directly".

mod common;

use carrel::bibliography::crosswalk::csl_item;
use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::styles::{load_style, locales};
use carrel::catalogue::import::Severity;
use carrel::intake::{self, marc::to_marc, Format};
use carrel::RecordId;
use carrel_marc::Record;
use common::*;
use serde_json::{json, Value};

/// The records a file's text makes, in order (entries that cannot be read left out).
fn records(format: Format, text: &str) -> Vec<Record> {
    intake::read(format, text)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| to_marc(&e.item, "261130", Some((format.name(), &e.source))).record)
        .collect()
}

/// A field as MarcEdit's mnemonic line ("=245  10$aTitle."), for comparing whole fields.
fn line(r: &Record, tag: &str) -> String {
    r.fields
        .iter()
        .find(|f| f.tag() == tag)
        .map(|f| f.to_string())
        .unwrap_or_default()
}

fn lines(r: &Record, tag: &str) -> Vec<String> {
    r.fields
        .iter()
        .filter(|f| f.tag() == tag)
        .map(|f| f.to_string())
        .collect()
}

fn leader67(r: &Record) -> String {
    String::from_utf8_lossy(&r.leader.0[6..8]).into_owned()
}

const BIB: &str = r#"% Encoding: UTF-8
@string{ucp = {University of Chicago Press}}

@book{booth2016,
  author    = {Booth, Wayne C. and Colomb, Gregory G. and Williams, Joseph M.},
  title     = {The Craft of Research},
  edition   = {4},
  publisher = ucp,
  address   = {Chicago},
  year      = {2016},
  isbn      = {978-0-226-23973-6},
  series    = {Chicago Guides to Writing, Editing, and Publishing},
  pagetotal = {336},
  keywords  = {research, methodology},
  langid    = {english}
}

@article{vanleer2001,
  author  = {van Leer, Anna and M{\"u}ller, J{\"o}rg},
  title   = {Sorting the Stacks: a Field Study},
  journal = {Library Quarterly},
  volume  = {71},
  number  = {2},
  pages   = {145--167},
  year    = {2001},
  issn    = {0024-2519},
  doi     = {10.1000/lq.2001.145}
}

@incollection{ng2019,
  author    = {Ng, Mei},
  title     = {Catalogues in Small Firms},
  booktitle = {Special Libraries Today},
  editor    = {Carter, Ruth},
  publisher = {Facet},
  address   = {London},
  pages     = {33--50},
  year      = {2019},
  isbn      = {978-0-306-40615-2}
}

@phdthesis{ortiz2011,
  author = {Ortiz, Lucía},
  title  = {Las bibliotecas de los abogados},
  school = {Universidad de Salamanca},
  year   = {2011},
  langid = {spanish}
}

@techreport{lc2020,
  author      = {{Law Commission}},
  title       = {Electronic Execution of Documents},
  institution = {Law Commission},
  type        = {Consultation paper},
  number      = {237},
  year        = {2018},
  address     = {London}
}

@online{wiki2024,
  title   = {Library classification},
  url     = {https://example.org/wiki/Library_classification},
  year    = {2024},
  urldate = {2024-05-01}
}
"#;

#[test]
fn bibtex_entries_become_marc_records_by_type() {
    let recs = records(Format::Bibtex, BIB);
    assert_eq!(recs.len(), 6);
    let book = &recs[0];
    assert_eq!(leader67(book), "am");
    let f008 = book.control("008").unwrap();
    assert_eq!(&f008[..6], "261130");
    assert_eq!(&f008[6..11], "s2016");
    assert_eq!(&f008[35..38], "eng");
    assert_eq!(line(book, "020"), "=020  \\\\$a9780226239736");
    assert_eq!(line(book, "100"), "=100  1\\$aBooth, Wayne C.,$eauthor.");
    assert_eq!(
        lines(book, "700"),
        [
            "=700  1\\$aColomb, Gregory G.,$eauthor.",
            "=700  1\\$aWilliams, Joseph M.,$eauthor."
        ]
    );
    // "The " is skipped in filing: 245 second indicator 4.
    assert_eq!(line(book, "245"), "=245  14$aThe Craft of Research.");
    assert_eq!(line(book, "250"), "=250  \\\\$a4th edition.");
    assert_eq!(
        line(book, "264"),
        "=264  \\1$aChicago :$bUniversity of Chicago Press,$c2016."
    );
    assert_eq!(line(book, "300"), "=300  \\\\$a336 pages");
    assert_eq!(
        line(book, "490"),
        "=490  0\\$aChicago Guides to Writing, Editing, and Publishing"
    );
    assert_eq!(
        lines(book, "653"),
        ["=653  \\\\$aresearch", "=653  \\\\$amethodology"]
    );
    assert!(line(book, "887").starts_with("=887  \\\\$a@book{booth2016,"));
    assert!(
        line(book, "887").ends_with("}$2bibtex"),
        "{}",
        line(book, "887")
    );

    let article = &recs[1];
    assert_eq!(leader67(article), "ab");
    assert_eq!(line(article, "100"), "=100  1\\$avan Leer, Anna,$eauthor.");
    assert_eq!(line(article, "700"), "=700  1\\$aMüller, Jörg,$eauthor.");
    assert_eq!(
        line(article, "245"),
        "=245  10$aSorting the Stacks :$ba Field Study."
    );
    // The journal's ISSN is the host's: 773 $x, never 022 (a match key).
    assert_eq!(line(article, "022"), "");
    assert_eq!(line(article, "024"), "=024  7\\$a10.1000/lq.2001.145$2doi");
    assert_eq!(
        line(article, "773"),
        "=773  0\\$tLibrary Quarterly$gVol. 71, no. 2 (2001), p. 145-167$x0024-2519"
    );
    assert_eq!(
        line(article, "856"),
        "=856  40$uhttps://doi.org/10.1000/lq.2001.145"
    );

    let chapter = &recs[2];
    assert_eq!(leader67(chapter), "aa");
    assert_eq!(line(chapter, "700"), "=700  1\\$aCarter, Ruth,$eeditor.");
    assert_eq!(
        line(chapter, "773"),
        "=773  0\\$tSpecial Libraries Today$g(2019), p. 33-50$z9780306406152"
    );
    // The book's ISBN (here with a wrong check digit) is the host's: 773 $z, never 020.
    assert_eq!(line(chapter, "020"), "");

    let thesis = &recs[3];
    let f008 = thesis.control("008").unwrap();
    assert_eq!((&f008[24..25], &f008[35..38]), ("m", "spa"));
    // "Las" is a Spanish article: 245 second indicator 4.
    assert_eq!(
        line(thesis, "245"),
        "=245  14$aLas bibliotecas de los abogados."
    );
    assert_eq!(
        line(thesis, "502"),
        "=502  \\\\$bDoctoral dissertation$cUniversidad de Salamanca$d2011"
    );
    assert!(line(thesis, "264").contains("$c2011") && !line(thesis, "264").contains("$b"));

    let report = &recs[4];
    assert_eq!(&report.control("008").unwrap()[24..25], "t");
    assert_eq!(line(report, "088"), "=088  \\\\$aConsultation paper 237");
    assert_eq!(line(report, "110"), "=110  2\\$aLaw Commission,$eauthor.");

    let web = &recs[5];
    assert_eq!(leader67(web), "ai");
    let f008 = web.control("008").unwrap();
    assert_eq!(
        (&f008[6..15], &f008[21..22], &f008[23..24]),
        ("c20249999", "w", "o")
    );
    assert_eq!(
        line(web, "856"),
        "=856  40$uhttps://example.org/wiki/Library_classification"
    );
    assert_eq!(line(web, "245"), "=245  00$aLibrary classification.");
}

const RIS: &str = "TY  - BOOK\r\nAU  - Lessig, Lawrence\r\nTI  - Code: Version 2.0\r\nPY  - 2006\r\nCY  - New York\r\nPB  - Basic Books\r\nSN  - 0-465-03914-6\r\nET  - 2\r\nKW  - law\r\nKW  - internet\r\nN1  - Revised edition of Code and other laws of cyberspace.\r\nER  - \r\n\r\nTY  - CHAP\r\nAU  - Ng, Mei\r\nA2  - Carter, Ruth\r\nTI  - Catalogues in small firms\r\nT2  - Special libraries today\r\nSP  - 33\r\nEP  - 50\r\nPY  - 2019\r\nPB  - Facet\r\nCY  - London\r\nER  - \r\n\r\nTY  - CASE\r\nTI  - Brown v. Board of Education\r\nA2  - United States. Supreme Court\r\nT2  - United States reports\r\nVL  - 347\r\nSP  - 483\r\nPY  - 1954\r\nER  - \r\n\r\nTY  - STAT\r\nTI  - Human Rights Act\r\nPY  - 1998\r\nER  - \r\n\r\nTY  - JOUR\r\nAU  - Doe, Jane\r\nTI  - An article whose\r\n      title goes on\r\nJO  - Journal of Things\r\nVL  - 3\r\nSP  - 10\r\nEP  - 20\r\nPY  - 1999/05/01/\r\nUR  - https://example.org/a\r\nER  - \r\n";

#[test]
fn ris_references_become_marc_records_by_type() {
    let entries = intake::read(Format::Ris, RIS);
    let lines_of: Vec<u64> = entries.iter().map(|e| e.as_ref().unwrap().line).collect();
    assert_eq!(lines_of, [1, 14, 26, 35, 40]);
    let recs = records(Format::Ris, RIS);
    let book = &recs[0];
    assert_eq!(leader67(book), "am");
    assert_eq!(line(book, "020"), "=020  \\\\$a0465039146");
    assert_eq!(line(book, "245"), "=245  10$aCode :$bVersion 2.0.");
    assert_eq!(line(book, "250"), "=250  \\\\$a2nd edition.");
    assert_eq!(
        line(book, "264"),
        "=264  \\1$aNew York :$bBasic Books,$c2006."
    );
    assert_eq!(
        line(book, "500"),
        "=500  \\\\$aRevised edition of Code and other laws of cyberspace."
    );
    assert_eq!(lines(book, "653").len(), 2);
    assert!(
        line(book, "887").ends_with("ER  -$2ris"),
        "{}",
        line(book, "887")
    );

    let chapter = &recs[1];
    assert_eq!(leader67(chapter), "aa");
    assert_eq!(
        line(chapter, "773"),
        "=773  0\\$tSpecial libraries today$g(2019), p. 33-50"
    );

    let case = &recs[2];
    assert_eq!(&case.control("008").unwrap()[24..25], "v");
    assert_eq!(
        line(case, "110"),
        "=110  1\\$aUnited States. Supreme Court."
    );
    assert_eq!(
        line(case, "773"),
        "=773  0\\$tUnited States reports$gVol. 347, p. 483"
    );
    let csl = csl_item(case, "x");
    assert_eq!(csl["type"], "legal_case");
    assert_eq!(csl["authority"], "United States. Supreme Court");
    assert_eq!(
        (&csl["volume"], &csl["page"]),
        (&json!("347"), &json!("483"))
    );

    let statute = &recs[3];
    assert_eq!(&statute.control("008").unwrap()[24..25], "l");
    assert_eq!(line(statute, "245"), "=245  00$aHuman Rights Act 1998.");
    let csl = csl_item(statute, "x");
    assert_eq!(
        (&csl["type"], &csl["title"]),
        (&json!("legislation"), &json!("Human Rights Act"))
    );

    let article = &recs[4];
    assert_eq!(leader67(article), "ab");
    // A value continued on the next line is one value; "An" is skipped in filing.
    assert_eq!(
        line(article, "245"),
        "=245  13$aAn article whose title goes on."
    );
    assert_eq!(
        line(article, "773"),
        "=773  0\\$tJournal of Things$gVol. 3 (1999), p. 10-20"
    );
}

const CSL: &str = r#"[
  {"id": "a1", "type": "book", "title": "The Organization of Information",
   "author": [{"family": "Joudrey", "given": "Daniel N."}, {"family": "Taylor", "given": "Arlene G."}],
   "edition": "4", "publisher": "Libraries Unlimited", "publisher-place": "Santa Barbara, CA",
   "issued": {"date-parts": [[2018, 1, 1]]}, "ISBN": "9781440861284", "language": "en"},
  {"id": "a2", "type": "article-journal", "title": "Cataloging in a small library",
   "author": [{"family": "Smith", "given": "Ann"}], "container-title": "Library Journal",
   "volume": "12", "issue": "3", "page": "45-60", "issued": {"date-parts": [["1998"]]},
   "DOI": "10.1234/lj.1998.45"},
  {"id": "a3", "type": "chapter", "title": "Rules for a dictionary catalog",
   "author": [{"family": "Cutter", "given": "Charles A."}],
   "editor": [{"family": "Carpenter", "given": "Michael"}],
   "container-title": "Foundations of cataloging", "publisher": "Libraries Unlimited",
   "publisher-place": "Littleton, CO", "page": "62-71", "issued": {"date-parts": [[1985]]}},
  {"id": "a4", "type": "thesis", "title": "Small special libraries and their catalogues",
   "author": [{"family": "Okafor", "given": "Chidi"}], "genre": "Doctoral dissertation",
   "publisher": "University of Leeds", "issued": {"date-parts": [[2015]]}},
  {"id": "a5", "type": "report", "title": "Electronic execution of documents",
   "author": [{"literal": "Law Commission"}], "genre": "Consultation paper", "number": "237",
   "publisher": "Law Commission", "publisher-place": "London", "issued": {"date-parts": [[2018]]}},
  {"id": "broken", "type": "book", "title": "Missing a comma" "issued": 2001},
  {"id": "a6", "type": "webpage", "title": "Library classification",
   "URL": "https://example.org/wiki/Library_classification", "issued": {"date-parts": [[2024]]}}
]"#;

#[test]
fn csl_json_items_are_read_one_by_one_and_a_broken_one_is_reported_by_line() {
    let entries = intake::read(Format::CslJson, CSL);
    assert_eq!(entries.len(), 7);
    let bad = entries[5].as_ref().unwrap_err();
    assert_eq!(bad.line, 21, "{}", bad.reason);
    assert!(bad.reason.contains("line 21"), "{}", bad.reason);
    let recs = records(Format::CslJson, CSL);
    assert_eq!(recs.len(), 6);
    assert_eq!(
        line(&recs[0], "245"),
        "=245  14$aThe Organization of Information."
    );
    assert_eq!(
        line(&recs[0], "264"),
        "=264  \\1$aSanta Barbara, CA :$bLibraries Unlimited,$c2018."
    );
    assert_eq!(&recs[1].control("008").unwrap()[7..11], "1998");
}

/// The round trip of issue 14: a CSL-JSON item imported (made into MARC) and rendered in APA
/// through the crosswalk reads the same as the item rendered directly.
#[test]
fn imported_items_render_in_apa_as_the_items_themselves() {
    let style = load_style("apa", None).unwrap();
    let locales = locales(None);
    let entries: Vec<_> = [
        (Format::CslJson, CSL),
        (Format::Bibtex, BIB),
        (Format::Ris, RIS),
    ]
    .into_iter()
    .flat_map(|(f, text)| intake::read(f, text))
    .filter_map(Result::ok)
    .collect();
    assert_eq!(entries.len(), 6 + 6 + 5);
    for (n, e) in entries.iter().enumerate() {
        let mut item = Value::Object(e.item.clone());
        item["id"] = json!(format!("item{n}"));
        let record = to_marc(&e.item, "261130", None).record;
        let back = csl_item(&record, item["id"].as_str().unwrap());
        let render = |item: Value| {
            let input = EntryInput {
                record_id: RecordId(n as i64 + 1),
                item,
                annotation: None,
                location: None,
            };
            render_entries(&style, &locales, Some("en-US"), &[input], false).entries[0].plain_text()
        };
        let text = render(item.clone());
        // A real reference: the title is in it (not "[Untitled]").
        let title = item["title"].as_str().unwrap();
        assert!(text.contains(&title[4..12]), "{text}");
        assert_eq!(render(back.clone()), text, "{item}\n{back}\n{record}");
    }
}

const ENDNOTE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xml><records>
<record><database name="My Library.enl">My Library.enl</database><rec-number>1</rec-number>
<ref-type name="Book">6</ref-type>
<contributors><authors><author><style face="normal" font="default" size="100%">Lessig, Lawrence</style></author></authors></contributors>
<titles><title><style face="normal" font="default" size="100%">Free culture</style></title></titles>
<dates><year><style face="normal" font="default" size="100%">2004</style></year></dates>
<pub-location><style face="normal" font="default" size="100%">New York</style></pub-location>
<publisher><style face="normal" font="default" size="100%">Penguin Press</style></publisher>
<isbn><style face="normal" font="default" size="100%">1594200068</style></isbn>
<keywords><keyword><style face="normal" font="default" size="100%">copyright</style></keyword></keywords>
</record>
<record><rec-number>2</rec-number>
<ref-type name="Journal Article">17</ref-type>
<contributors><authors><author>Smith, Ann</author><author>Jones, Bob</author></authors></contributors>
<titles><title>Cataloging in a small library</title><secondary-title>Library Journal</secondary-title></titles>
<periodical><full-title>Library Journal</full-title></periodical>
<pages>45-60</pages><volume>12</volume><number>3</number>
<dates><year>1998</year></dates>
<electronic-resource-num>10.1234/lj.1998.45</electronic-resource-num>
<urls><related-urls><url>https://example.org/lj/45</url></related-urls></urls>
</record>
</records></xml>
"#;

#[test]
fn endnote_xml_records_become_marc_records() {
    let entries = intake::read(Format::EndnoteXml, ENDNOTE);
    assert_eq!(
        entries
            .iter()
            .map(|e| e.as_ref().unwrap().line)
            .collect::<Vec<_>>(),
        [3, 13]
    );
    let recs = records(Format::EndnoteXml, ENDNOTE);
    assert_eq!(leader67(&recs[0]), "am");
    assert_eq!(
        line(&recs[0], "100"),
        "=100  1\\$aLessig, Lawrence,$eauthor."
    );
    assert_eq!(line(&recs[0], "245"), "=245  10$aFree culture.");
    assert_eq!(
        line(&recs[0], "264"),
        "=264  \\1$aNew York :$bPenguin Press,$c2004."
    );
    assert_eq!(line(&recs[0], "020"), "=020  \\\\$a1594200068");
    assert_eq!(line(&recs[0], "653"), "=653  \\\\$acopyright");
    assert!(line(&recs[0], "887").ends_with("</record>$2endnote-xml"));
    assert_eq!(leader67(&recs[1]), "ab");
    assert_eq!(
        line(&recs[1], "773"),
        "=773  0\\$tLibrary Journal$gVol. 12, no. 3 (1998), p. 45-60"
    );
    assert_eq!(lines(&recs[1], "856").len(), 2);
}

#[test]
fn the_shared_reference_files_read_without_loss_of_entries() {
    let Some(dir) = carrel_testkit::shared_data_with("intake shared files", "biblio") else {
        return;
    };
    let bib = std::fs::read_to_string(dir.join("biblio/biblatex/biblatex-examples.bib")).unwrap();
    assert_eq!(intake::sniff(bib.as_bytes()), Some(Format::Bibtex));
    let entries = intake::read(Format::Bibtex, &bib);
    let read = entries.iter().filter(|e| e.is_ok()).count();
    // Every @-entry but the two @set entries and the @string definitions.
    let declared = bib
        .lines()
        .filter(|l| l.starts_with('@') && !l.starts_with("@string") && !l.starts_with("@set"))
        .count();
    assert_eq!(
        read,
        declared,
        "{:?}",
        entries
            .iter()
            .filter_map(|e| e.as_ref().err())
            .collect::<Vec<_>>()
    );
    let recs = records(Format::Bibtex, &bib);
    for r in &recs {
        // Every record has a title and a type, and writes as ISO 2709.
        assert!(r.field("245").is_some());
        assert!(!carrel_marc::write_iso2709(r).is_empty());
    }
    // A German article is filed under its language.
    let angenendt = recs
        .iter()
        .find(|r| line(r, "100").contains("Angenendt"))
        .unwrap();
    assert_eq!(&angenendt.control("008").unwrap()[35..38], "ger");

    for name in std::fs::read_dir(dir.join("biblio/rispy")).unwrap() {
        let path = name.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let declared = text.lines().filter(|l| intake_ris_type_line(l)).count();
        if declared == 0 {
            continue;
        }
        assert_eq!(
            intake::sniff(&bytes),
            Some(Format::Ris),
            "{}",
            path.display()
        );
        let entries = intake::read(Format::Ris, &text);
        assert_eq!(entries.len(), declared, "{}", path.display());
        assert!(entries.iter().all(|e| e.is_ok()), "{}", path.display());
    }
}

#[test]
fn no_shared_marc_file_is_taken_for_a_reference_file() {
    let Some(dir) = carrel_testkit::shared_data("intake sniffing") else {
        return;
    };
    let mut stack = vec![dir.join("marc")];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let mut head = vec![0u8; 256 * 1024];
            let n = std::io::Read::read(&mut std::fs::File::open(&p).unwrap(), &mut head).unwrap();
            assert_eq!(intake::sniff(&head[..n]), None, "{}", p.display());
            seen += 1;
        }
    }
    assert!(seen > 150, "{seen}");
}

fn intake_ris_type_line(l: &str) -> bool {
    l.trim_start_matches('\u{feff}').starts_with("TY  -")
}

#[test]
fn reference_files_import_through_the_marc_path_with_problems_by_line() {
    let (dir, mut lib) = new_library();
    let bib = dir.path().join("refs.bib");
    // The third entry is broken (no closing brace before the next entry).
    let broken = format!("{BIB}\n@book{{broken,\n  title = {{No end\n\n@book{{after, title = {{After}}, year = 2001}}\n");
    std::fs::write(&bib, &broken).unwrap();
    let ris = dir.path().join("refs.ris");
    std::fs::write(&ris, RIS).unwrap();
    let json = dir.path().join("Exported Items.json");
    std::fs::write(&json, CSL).unwrap();
    let xml = dir.path().join("refs.xml");
    std::fs::write(&xml, ENDNOTE).unwrap();
    let s = import(
        &mut lib,
        &[bib.clone(), ris.clone(), json.clone(), xml.clone()],
    );
    let errors: Vec<_> = s
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .any(|p| p.file.ends_with("Exported Items.json") && p.line == Some(21)),
        "{errors:?}"
    );
    assert!(s.imported >= 6 + 5 + 6 + 2 - 3, "{s:?}");
    // Imported again, a record with a standard number is found unchanged (the one RIS book with
    // an ISBN); the others have no match key yet (title + author + year is issue 14's next part).
    let again = import(&mut lib, &[ris]);
    assert_eq!((again.records_read, again.unchanged), (5, 1), "{again:?}");
    // The source entry is kept with the record, and the record knows its file and entry.
    let hits = carrel::catalogue::search(&lib, "Lessig free culture", 10).unwrap();
    let view = carrel::catalogue::get_record(&lib, hits.hits[0].id).unwrap();
    assert_eq!(view.source.as_deref(), Some("refs.xml #1"));
    assert!(view.mnemonic.contains("$2endnote-xml"), "{}", view.mnemonic);
    // MARC 21 008/00-05, date entered on file: the day of the import (the caller's clock), not
    // the day the file was written.
    let entered = common::now().date().format("%y%m%d").to_string();
    assert!(
        view.mnemonic.contains(&format!("=008  {entered}")),
        "{entered}: {}",
        view.mnemonic
    );
}
