//! Reference-manager material types (issue 14): RIS, EndNote XML and CSL-JSON films, maps,
//! recordings, scores, pictures, data sets, software, manuscripts and serials get their MARC 21
//! leader/06-07 and an 008 in the layout of that type (MARC 21 Bibliographic 008/18-34), not a
//! book's.

use carrel::intake::{self, marc::to_marc, Format};
use carrel_marc::Record;

/// The one record a file's text makes.
fn record(format: Format, text: &str) -> Record {
    let mut entries = intake::read(format, text);
    assert_eq!(entries.len(), 1, "{text}");
    let e = entries.remove(0).expect("the entry is read");
    to_marc(&e.item, "261207", Some((format.name(), &e.source))).record
}

fn ris(ty: &str) -> Record {
    record(
        Format::Ris,
        &format!("TY  - {ty}\nTI  - A work of type {ty}\nPY  - 2001\nER  - \n"),
    )
}

fn leader(r: &Record) -> String {
    String::from_utf8_lossy(&r.leader.0[6..8]).into_owned()
}

/// 008 positions `a..b` (0-based, as MARC 21 numbers them).
fn f008(r: &Record, a: usize, b: usize) -> String {
    r.control("008").expect("an 008")[a..b].to_string()
}

/// 008 positions `a..b` and what they must hold.
type Position = (usize, usize, &'static str);

#[test]
fn ris_types_get_their_leader_and_008_layout() {
    // (RIS type, leader/06-07, [(008 position, value)]).
    let cases: &[(&str, &str, &[Position])] = &[
        // Visual materials: 18-20 running time, 33 type (v videorecording, m motion picture,
        // a art original, s slide, c chart).
        (
            "VIDEO",
            "gm",
            &[(18, 21, "---"), (33, 34, "v"), (34, 35, "|")],
        ),
        ("MPCT", "gm", &[(18, 21, "---"), (33, 34, "m")]),
        ("ART", "km", &[(33, 34, "a"), (34, 35, "n")]),
        ("SLIDE", "km", &[(33, 34, "s")]),
        ("CHART", "km", &[(33, 34, "c")]),
        // Maps: 25 type of cartographic material (a single map), 24 and 29 not a book's.
        ("MAP", "em", &[(25, 26, "a"), (24, 25, " "), (31, 32, "0")]),
        // Music: 18-19 form of composition, 20 format of music, 33 transposition.
        (
            "SOUND",
            "jm",
            &[(18, 20, "uu"), (20, 21, "n"), (33, 34, "n")],
        ),
        (
            "MUSIC",
            "cm",
            &[(18, 20, "uu"), (20, 21, "u"), (21, 22, "u")],
        ),
        // Computer files: 26 type of file (a numeric data, b program).
        ("DATA", "mm", &[(26, 27, "a"), (33, 34, " ")]),
        ("COMP", "mm", &[(26, 27, "b")]),
        // A manuscript is language material in the books layout.
        ("MANSCPT", "tm", &[(24, 25, " "), (33, 34, "0")]),
        // Continuing resources: 21 type p (periodical), 34 successive entry; 06 u … uuuu.
        (
            "SER",
            "as",
            &[(6, 15, "u2001uuuu"), (21, 22, "p"), (34, 35, "0")],
        ),
        ("JFULL", "as", &[(21, 22, "p"), (19, 20, "u")]),
    ];
    for (ty, lead, positions) in cases {
        let r = ris(ty);
        assert_eq!(leader(&r), *lead, "{ty} leader/06-07");
        assert_eq!(r.control("008").unwrap().len(), 40, "{ty}");
        assert_eq!(f008(&r, 35, 38), "und", "{ty}");
        for (a, b, v) in *positions {
            assert_eq!(f008(&r, *a, *b), *v, "{ty} 008/{a}-{b}");
        }
        // JFULL is a whole issue: no 773 host.
        assert!(r.fields.iter().all(|f| f.tag() != "773"), "{ty}");
    }
    // A book keeps the books layout.
    let book = ris("BOOK");
    assert_eq!(leader(&book), "am");
    assert_eq!(f008(&book, 29, 32), "000");
}

#[test]
fn csl_json_types_get_their_leader_and_008_layout() {
    let cases: &[(&str, &str, usize, &str)] = &[
        ("motion_picture", "gm", 33, "m"),
        ("map", "em", 25, "a"),
        ("song", "jm", 20, "n"),
        ("graphic", "km", 33, "i"),
        ("dataset", "mm", 26, "a"),
        ("software", "mm", 26, "b"),
        ("manuscript", "tm", 29, "0"),
        ("periodical", "as", 21, "p"),
    ];
    for (ty, lead, pos, v) in cases {
        let r = record(
            Format::CslJson,
            &format!(
                r#"[{{"type": "{ty}", "title": "A {ty}", "issued": {{"date-parts": [[2001]]}}}}]"#
            ),
        );
        assert_eq!(leader(&r), *lead, "{ty}");
        assert_eq!(f008(&r, *pos, pos + 1), *v, "{ty} 008/{pos}");
    }
}

#[test]
fn endnote_films_maps_and_proceedings() {
    let rec = |name: &str, n: &str| {
        record(
            Format::EndnoteXml,
            &format!("<xml><records><record><ref-type name=\"{name}\">{n}</ref-type><titles><title>A {name}</title></titles><dates><year>1999</year></dates></record></records></xml>"),
        )
    };
    let film = rec("Film or Broadcast", "21");
    assert_eq!(leader(&film), "gm");
    assert_eq!(f008(&film, 33, 34), "m");
    let map = rec("Map", "20");
    assert_eq!(leader(&map), "em");
    assert_eq!(f008(&map, 25, 26), "a");
    // A whole volume of conference papers is a book, not a part of one.
    let proceedings = rec("Conference Proceedings", "10");
    assert_eq!(leader(&proceedings), "am");
    assert!(proceedings.fields.iter().all(|f| f.tag() != "773"));
}

/// EndNote's case (tester's file): the court is a body (110), not a person "of Lords, House"
/// with $e editor; the report and first page are where the crosswalk reads a case's reporter
/// and page (773 $t AC, $g "p. 562"; the "volume" 1932 is the year of a report numbered by
/// year), so APA and OSCOLA cite it ("[1932] AC 562").
#[test]
fn endnote_case_keeps_its_court_and_report() {
    use carrel::bibliography::crosswalk::csl_item;
    use carrel::bibliography::render::{render_entries, EntryInput};
    use carrel::bibliography::styles::{load_style, locales};
    let r = record(
        Format::EndnoteXml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?><xml><records><record><rec-number>3</rec-number><ref-type name=\"Case\">7</ref-type><titles><title>Donoghue v Stevenson</title><secondary-title>AC</secondary-title></titles><contributors><secondary-authors><author>House of Lords</author></secondary-authors></contributors><dates><year>1932</year></dates><volume>1932</volume><pages>562</pages></record></records></xml>",
    );
    let text = |tag: &str| -> Vec<String> {
        r.fields
            .iter()
            .filter(|f| f.tag() == tag)
            .map(|f| format!("{f:?}"))
            .collect()
    };
    assert!(text("700").is_empty(), "{:?}", text("700"));
    assert!(text("490").is_empty() && text("300").is_empty(), "{r:?}");
    assert_eq!(f008(&r, 24, 25), "v");
    let f110 = text("110");
    assert!(
        f110.len() == 1 && f110[0].contains("House of Lords"),
        "{f110:?}"
    );
    let f773 = text("773");
    assert!(
        f773.len() == 1 && f773[0].contains("\"AC\"") && f773[0].contains("\"p. 562\""),
        "{f773:?}"
    );
    let item = csl_item(&r, "case");
    let locales = locales(None);
    for (style, wants) in [("apa", "1932"), ("oscola", "[1932] AC 562")] {
        let style = load_style(style, None).unwrap();
        let input = EntryInput {
            record_id: carrel::RecordId(1),
            item: item.clone(),
            annotation: None,
            location: None,
        };
        let out = render_entries(&style, &locales, Some("en-GB"), &[input], false).entries[0]
            .plain_text();
        assert!(out.contains("Donoghue v Stevenson"), "{out}");
        assert!(
            out.contains(wants) && out.contains("AC") && out.contains("562"),
            "{out}"
        );
        assert!(!out.contains("Lords, House"), "{out}");
    }
}
