//! Legal materials: the legal CSL styles (OSCOLA, Bluebook law review, AGLC, McGill; a library
//! adds them as `.csl` files — the tests read the official files from the shared test data) render
//! statutes, cases and books, and the crosswalk carries what those styles cite (code,
//! volume, section, report series, page, court) from MARC records of statutes, codes, cases
//! and looseleafs (hand-built records, one per material type).

use carrel::bibliography::crosswalk::csl_item;
use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::styles::{load_style, locales};
use carrel::RecordId;
use carrel_marc::Record;
use serde_json::{json, Value};

/// A data field: tag, indicators, subfields.
type DataField<'a> = (&'a str, &'a str, Vec<(char, &'a str)>);

/// A language-material record (leader/06 `a`, /07 `m`) with 008 nature of contents `nature`
/// (008/24-27) and the data fields given.
fn record(nature: &str, fields: &[DataField]) -> Record {
    let mut f008 = String::from("870101s1871    dcu           000 0 eng d");
    f008.replace_range(24..24 + nature.len(), nature);
    assert_eq!(f008.len(), 40);
    let mut r = Record::new().with_control("008", &f008);
    for (tag, ind, subs) in fields {
        r = r.with_data(tag, ind, subs);
    }
    r.leader.0[6] = b'a';
    r.leader.0[7] = b'm';
    r
}

/// A statute catalogued as a law: 110 jurisdiction, 240 "Laws, etc.", 245 short title, 773 host
/// code with $g "Title 42, sec. 1983".
fn statute() -> Record {
    record(
        "l",
        &[
            ("110", "1 ", vec![('a', "United States.")]),
            ("240", "10", vec![('a', "Laws, etc.")]),
            ("245", "10", vec![('a', "Civil Rights Act of 1871.")]),
            ("260", "  ", vec![('c', "1871.")]),
            (
                "773",
                "0 ",
                vec![('t', "United States code."), ('g', "Title 42, sec. 1983.")],
            ),
        ],
    )
}

/// A case in a law report: 245 case name, 110 court, 773 report series with volume and page.
fn case() -> Record {
    record(
        "v",
        &[
            (
                "110",
                "1 ",
                vec![('a', "United States."), ('b', "Supreme Court.")],
            ),
            (
                "245",
                "10",
                vec![('a', "Brown v. Board of Education of Topeka.")],
            ),
            ("260", "  ", vec![('c', "1954.")]),
            (
                "773",
                "0 ",
                vec![('t', "United States reports."), ('g', "Vol. 347, p. 483.")],
            ),
        ],
    )
}

/// A book: author, title, edition, publisher, year.
fn book() -> Record {
    record(
        "    ",
        &[
            ("100", "1 ", vec![('a', "Hart, H. L. A.")]),
            (
                "245",
                "14",
                vec![('a', "The concept of law /"), ('c', "H.L.A. Hart.")],
            ),
            ("250", "  ", vec![('a', "3rd ed.")]),
            (
                "264",
                " 1",
                vec![
                    ('a', "Oxford :"),
                    ('b', "Oxford University Press,"),
                    ('c', "2012."),
                ],
            ),
        ],
    )
}

fn input(n: i64, item: Value) -> EntryInput {
    EntryInput {
        record_id: RecordId(n),
        item,
        annotation: None,
        location: None,
    }
}

/// The official `.csl` file of a legal style in the shared test data (`csl/`), by its file name
/// or a short name.
fn style_file(name: &str) -> String {
    let file = match name {
        "aglc" => "australian-guide-to-legal-citation",
        "mcgill" => "mcgill-en",
        "bluebook" => "bluebook-law-review",
        other => other,
    };
    carrel_testkit::data_dir()
        .join("csl")
        .join(format!("{file}.csl"))
        .to_string_lossy()
        .into_owned()
}

/// Whether the shared CSL styles are here (in CI their absence fails the test).
fn have_styles(test: &str) -> bool {
    carrel_testkit::shared_data_with(test, "csl").is_some()
}

fn render(style: &str, locale: &str, item: Value) -> String {
    let s = load_style(&style_file(style), None).unwrap();
    let out = render_entries(&s, &locales(None), Some(locale), &[input(1, item)], true);
    assert!(out.failed.is_empty(), "{style}: {:?}", out.failed);
    out.entries[0].plain_text()
}

fn s<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item.get(key).and_then(Value::as_str)
}

#[test]
fn the_four_legal_styles_render_a_case_a_statute_and_a_book() {
    if !have_styles("the_four_legal_styles_render_a_case_a_statute_and_a_book") {
        return;
    }
    for name in [
        "oscola",
        "bluebook-law-review",
        "australian-guide-to-legal-citation",
        "mcgill-en",
    ] {
        for r in [statute(), case(), book()] {
            let text = render(name, "en-GB", csl_item(&r, "r1"));
            assert!(!text.trim().is_empty(), "{name} rendered nothing");
        }
    }
    assert!(load_style(&style_file("oscola"), None)
        .unwrap()
        .title
        .starts_with("OSCOLA"));

    // OSCOLA: abbreviations without a full stop ("edn": `strip-periods` on the edition label),
    // a reported case as "(year) volume report page (court)".
    let book_oscola = render("oscola", "en-GB", csl_item(&book(), "r1"));
    assert_eq!(
        book_oscola,
        "Hart HLA, The Concept of Law (3rd edn, Oxford University Press 2012)"
    );
    assert_eq!(
        render("oscola", "en-GB", csl_item(&case(), "r1")),
        "Brown v Board of Education of Topeka (1954) 347 United States reports 483 (United States Supreme Court)"
    );
    // OSCOLA prints no section in a list of legislation: the short title, the year, the code.
    assert_eq!(
        render("oscola", "en-GB", csl_item(&statute(), "r1")),
        "Civil Rights Act 1871 (United States code)"
    );
    // Bluebook: "Title of YEAR, VOLUME CODE § SECTION" (its `<text value="§"/>`), and a case's
    // court and year in parentheses at the end.
    assert_eq!(
        render("bluebook-law-review", "en-US", csl_item(&statute(), "r1")),
        "Civil Rights Act of 1871, 42 United States code § 1983."
    );
    assert!(
        render("bluebook-law-review", "en-US", csl_item(&case(), "r1"))
            .ends_with("347 United States reports 483 (United States. Supreme Court 1954).")
    );
    // AGLC: publisher, edition and year together in parentheses.
    assert!(render("aglc", "en-GB", csl_item(&book(), "r1"))
        .ends_with("(Oxford University Press, 3ʳᵈ edn, 2012)"));
    // McGill: edition before "(Place: Publisher, year)".
    assert!(render("mcgill", "en-GB", csl_item(&book(), "r1"))
        .ends_with("3rd edn (Oxford: Oxford University Press, 2012)."));
}

#[test]
fn a_statute_in_a_code_carries_its_jurisdiction_code_title_and_section() {
    let item = csl_item(&statute(), "r1");
    assert_eq!(s(&item, "type"), Some("legislation"));
    assert_eq!(
        s(&item, "title"),
        Some("Civil Rights Act"),
        "the year is the style's to write"
    );
    assert_eq!(item["issued"], json!({"date-parts": [[1871]]}));
    assert_eq!(s(&item, "container-title"), Some("United States code"));
    assert_eq!(s(&item, "volume"), Some("42"));
    assert_eq!(s(&item, "section"), Some("1983"));
    assert_eq!(s(&item, "jurisdiction"), Some("United States"));
    assert!(
        item.get("author").is_none(),
        "a jurisdiction is not an author"
    );
}

#[test]
fn a_code_citation_in_a_note_gives_volume_code_and_section_or_page() {
    let mut with_510 = record(
        "l",
        &[
            ("110", "1 ", vec![('a', "United States.")]),
            ("240", "10", vec![('a', "Laws, etc.")]),
            ("245", "10", vec![('a', "Civil Rights Act of 1871.")]),
            (
                "510",
                "4 ",
                vec![('a', "United States code"), ('c', "42 U.S.C. § 1983")],
            ),
        ],
    );
    let item = csl_item(&with_510, "r1");
    assert_eq!(s(&item, "volume"), Some("42"));
    assert_eq!(s(&item, "container-title"), Some("U.S.C."));
    assert_eq!(s(&item, "section"), Some("1983"));
    assert_eq!(
        item["issued"],
        json!({"date-parts": [[1871]]}),
        "the year from the title"
    );

    // Statutes at Large: volume and page.
    with_510 = record(
        "l",
        &[
            ("245", "10", vec![('a', "Ku Klux Klan Act.")]),
            ("500", "  ", vec![('a', "17 Stat. 13.")]),
        ],
    );
    let item = csl_item(&with_510, "r1");
    assert_eq!(
        (
            s(&item, "volume"),
            s(&item, "container-title"),
            s(&item, "page")
        ),
        (Some("17"), Some("Stat."), Some("13"))
    );

    // A UK Act: the year after the short title.
    let act = record(
        "l",
        &[
            ("245", "10", vec![('a', "Human Rights Act 1998.")]),
            ("260", "  ", vec![('c', "1998.")]),
        ],
    );
    let item = csl_item(&act, "r1");
    assert_eq!(s(&item, "title"), Some("Human Rights Act"));
    if !have_styles("a_code_citation_in_a_note_gives_volume_code_and_section_or_page") {
        return;
    }
    assert_eq!(render("oscola", "en-GB", item), "Human Rights Act 1998");
}

#[test]
fn a_case_carries_its_report_volume_page_and_court() {
    let item = csl_item(&case(), "r1");
    assert_eq!(s(&item, "type"), Some("legal_case"));
    assert_eq!(
        s(&item, "title"),
        Some("Brown v. Board of Education of Topeka")
    );
    assert_eq!(s(&item, "container-title"), Some("United States reports"));
    assert_eq!(s(&item, "volume"), Some("347"));
    assert_eq!(s(&item, "page"), Some("483"));
    assert_eq!(s(&item, "authority"), Some("United States. Supreme Court"));
    assert!(item.get("author").is_none(), "a court is not an author");

    // A law report as a series (490 $a $v) and a citation in a note (500).
    let series = record(
        "v",
        &[
            ("245", "10", vec![('a', "Donoghue v Stevenson.")]),
            ("260", "  ", vec![('c', "1932.")]),
            ("490", "1 ", vec![('a', "Appeal cases ;"), ('v', "v. 1932")]),
        ],
    );
    let item = csl_item(&series, "r1");
    assert_eq!(s(&item, "container-title"), Some("Appeal cases"));
    assert_eq!(s(&item, "volume"), Some("1932"));
    assert!(item.get("collection-title").is_none());
    let noted = record(
        "v",
        &[
            ("245", "10", vec![('a', "Brown v. Board of Education.")]),
            ("260", "  ", vec![('c', "1954.")]),
            ("500", "  ", vec![('a', "347 U.S. 483")]),
        ],
    );
    let item = csl_item(&noted, "r1");
    assert_eq!(
        (
            s(&item, "volume"),
            s(&item, "container-title"),
            s(&item, "page")
        ),
        (Some("347"), Some("U.S."), Some("483"))
    );
    if !have_styles("a_case_carries_its_report_volume_page_and_court") {
        return;
    }
    assert_eq!(
        render("oscola", "en-GB", item),
        "Brown v Board of Education (1954) 347 US 483"
    );
}
