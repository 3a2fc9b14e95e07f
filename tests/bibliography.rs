//! Stored bibliographies: selection rules, annotations, re-rendering after a record changes,
//! and one broken item never stopping the rest.

mod common;

use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::{
    self as bib, create_bibliography, get_bibliography, write_output, BibliographyDoc, EntryDoc,
    Format, SectionDoc, SelectionRule,
};
use carrel::catalogue::editor::{get_editable, save_record, EditableSubfield};
use carrel::RecordId;
use carrel_marc::Record;
use common::{new_library, now, ts};

fn book(title: &[(char, &str)], author: &str, year: &str, subject: &[(char, &str)]) -> Record {
    Record::new()
        .with_control(
            "008",
            &format!("200101s{year}    enk           000 0 eng d"),
        )
        .with_data("100", "1 ", &[('a', author)])
        .with_data("245", "10", title)
        .with_data(
            "264",
            " 1",
            &[
                ('a', "London :"),
                ('b', "Sweet & Maxwell,"),
                ('c', &format!("{year}.")),
            ],
        )
        .with_data("650", " 0", subject)
}

fn seed(lib: &mut carrel::Library) -> Vec<RecordId> {
    let records = vec![
        book(
            &[('a', "Arbitration law /"), ('c', "Robert Merkin.")],
            "Merkin, Robert,",
            "2004",
            &[('a', "Arbitration and award"), ('z', "England.")],
        ),
        book(
            &[
                ('a', "Commercial arbitration :"),
                ('b', "a practical guide /"),
            ],
            "Mustill, Michael J.,",
            "1989",
            &[('a', "Arbitration and award.")],
        )
        .with_data(
            "520",
            "  ",
            &[(
                'a',
                "The standard English practitioners' text on commercial arbitration.",
            )],
        ),
        book(
            &[('a', "Contract law /")],
            "Treitel, G. H.",
            "2011",
            &[('a', "Contracts"), ('z', "England.")],
        ),
    ];
    carrel::catalogue::add_records(lib, &records, "test", now()).unwrap()
}

fn doc(subject: &str, narrower: bool, entries: Vec<EntryDoc>) -> BibliographyDoc {
    BibliographyDoc {
        title: "Arbitration: holdings".into(),
        introduction: "Works on arbitration held by the library.".into(),
        style: "apa".into(),
        locale: Some("en-GB".into()),
        show_locations: false,
        sections: vec![SectionDoc {
            heading: "Monographs".into(),
            rule: SelectionRule {
                subject: Some(subject.into()),
                narrower,
                ..Default::default()
            },
            sort: carrel::bibliography::SectionSort::Style,
            entries,
        }],
    }
}

/// A stored bibliography rendered as the window shows it (its records as they are now).
fn render_bibliography(lib: &carrel::Library, id: i64) -> carrel::Result<bib::BibliographyOutput> {
    bib::render_document(
        lib,
        &get_bibliography(lib, id)?.doc,
        bib::RenderOptions::default(),
    )
}

fn text(lib: &carrel::Library, id: i64) -> String {
    String::from_utf8(write_output(&render_bibliography(lib, id).unwrap(), Format::Txt).unwrap())
        .unwrap()
}

#[test]
fn a_stored_bibliography_selects_by_subject_with_narrower_headings_and_shows_annotations() {
    let (_dir, mut lib) = new_library();
    let ids = seed(&mut lib);
    let entries = vec![
        EntryDoc {
            record_id: ids[0],
            annotation: Some("Chapter 5 covers challenges to awards.".into()),
            ..Default::default()
        },
        EntryDoc {
            record_id: ids[1],
            use_summary: true,
            ..Default::default()
        },
    ];
    let b = create_bibliography(
        &mut lib,
        &doc("Arbitration and award", true, entries),
        now(),
    )
    .unwrap();
    assert_eq!(
        get_bibliography(&lib, b.id).unwrap().doc.sections[0]
            .entries
            .len(),
        2
    );
    let t = text(&lib, b.id);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines[0], "Arbitration: holdings");
    assert!(lines.contains(&"Monographs"), "{t}");
    // "Arbitration and award -- England" is narrower than "Arbitration and award": both records.
    let merkin = lines
        .iter()
        .position(|l| l.starts_with("Merkin, R. (2004). Arbitration law. Sweet & Maxwell."))
        .expect(&t);
    let mustill = lines.iter().position(|l| l.starts_with("Mustill, M. J. (1989). Commercial arbitration: a practical guide. Sweet & Maxwell.")).expect(&t);
    assert!(merkin < mustill, "APA sorts by author: {t}");
    assert_eq!(
        lines[merkin + 1],
        "    Chapter 5 covers challenges to awards."
    );
    assert_eq!(
        lines[mustill + 1],
        "    The standard English practitioners’ text on commercial arbitration.".replace('’', "'")
    );
    assert!(
        !t.contains("Treitel"),
        "Contracts is not under Arbitration: {t}"
    );

    // Without narrower headings only the record with the heading itself.
    let b2 = create_bibliography(
        &mut lib,
        &doc("Arbitration and award", false, vec![]),
        now(),
    )
    .unwrap();
    let t2 = text(&lib, b2.id);
    assert!(t2.contains("Mustill") && !t2.contains("Merkin"), "{t2}");
}

#[test]
fn a_stored_bibliography_shows_a_record_as_it_is_after_an_edit() {
    let (_dir, mut lib) = new_library();
    let ids = seed(&mut lib);
    let b = create_bibliography(&mut lib, &doc("Contracts", true, vec![]), now()).unwrap();
    assert!(text(&lib, b.id).contains("Treitel, G. H. (2011). Contract law. Sweet & Maxwell."));
    let mut rec = get_editable(&lib, ids[2]).unwrap();
    let f = rec.fields.iter_mut().find(|f| f.tag == "245").unwrap();
    f.subfields = vec![EditableSubfield {
        code: "a".into(),
        value: "The law of contract /".into(),
    }];
    save_record(
        &mut lib,
        Some(ids[2]),
        &rec,
        "test",
        ts("2026-12-01T09:00:00+00:00"),
    )
    .unwrap();
    let t = text(&lib, b.id);
    assert!(
        t.contains("Treitel, G. H. (2011). The law of contract. Sweet & Maxwell."),
        "{t}"
    );
    assert!(!t.contains("Contract law."), "{t}");
}

#[test]
fn one_broken_record_does_not_stop_the_others() {
    let (_dir, mut lib) = new_library();
    let mut ids = seed(&mut lib);
    // No title, a publication date range, and an author with nothing but commas.
    let broken = Record::new()
        .with_control("008", "200101m17651769enk           000 0 eng d")
        .with_data("100", "1 ", &[('a', ",")])
        .with_data("264", " 1", &[('c', "1765-1769.")])
        .with_data("650", " 0", &[('a', "Contracts.")]);
    ids.extend(carrel::catalogue::add_records(&mut lib, &[broken], "test", now()).unwrap());
    let b = create_bibliography(&mut lib, &doc("Contracts", true, vec![]), now()).unwrap();
    let out = render_bibliography(&lib, b.id).unwrap();
    let plain: Vec<String> = out.rendered.sections[0]
        .entries
        .iter()
        .map(|e| e.plain_text())
        .collect();
    assert_eq!(plain.len(), 2, "{plain:?}");
    assert!(
        plain.iter().any(|p| p.starts_with("Treitel, G. H. (2011)")),
        "{plain:?}"
    );
    assert!(
        plain
            .iter()
            .any(|p| p.contains("[Untitled]") && p.contains("1765")),
        "{plain:?}"
    );

    // Items straight from elsewhere (CSL-JSON), with a date range that would make the engine
    // panic, null and boolean values: all rendered, the good one intact.
    let style = bib::load_style("apa", None).unwrap();
    let locales = bib::styles::locales(None);
    let inputs = vec![
        EntryInput {
            record_id: RecordId(1),
            item: serde_json::json!({"id": "a", "type": "book", "issued": {"date-parts": [[1765], [1769]]}, "note": null, "x": true}),
            annotation: None,
            location: None,
        },
        EntryInput {
            record_id: RecordId(2),
            item: serde_json::json!({"id": "b", "type": "book", "title": "Good book", "author": [{"family": "Smith", "given": "Ann"}], "issued": {"date-parts": [[2001]]}}),
            annotation: None,
            location: None,
        },
        EntryInput {
            record_id: RecordId(3),
            item: serde_json::json!("not an object"),
            annotation: None,
            location: None,
        },
    ];
    let r = render_entries(&style, &locales, None, &inputs, true);
    let texts: Vec<String> = r.entries.iter().map(|e| e.plain_text()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(
        texts.contains(&"Smith, A. (2001). Good book.".to_string()),
        "{texts:?}"
    );
}

#[test]
fn html_output_escapes_record_text_and_csl_json_is_what_was_rendered() {
    let (_dir, mut lib) = new_library();
    let rec = book(
        &[('a', "Rules <draft> & \"notes\" /")],
        "O'Brien, Kate,",
        "2020",
        &[('a', "Evidence.")],
    );
    carrel::catalogue::add_records(&mut lib, &[rec], "test", now()).unwrap();
    let b = create_bibliography(&mut lib, &doc("Evidence", false, vec![]), now()).unwrap();
    let out = render_bibliography(&lib, b.id).unwrap();
    let html = String::from_utf8(write_output(&out, Format::Html).unwrap()).unwrap();
    assert!(html.contains("Rules &lt;draft&gt; &amp;"), "{html}");
    assert!(!html.contains("<draft>"));
    let json: serde_json::Value =
        serde_json::from_slice(&write_output(&out, Format::CslJson).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["author"][0]["family"], "O’Brien");
    assert_eq!(json[0]["title"], "Rules <draft> & “notes”");
}

#[test]
fn a_dependent_style_renders_with_its_parent_and_keeps_its_locale() {
    let dir = tempfile::tempdir().unwrap();
    let dep = dir.path().join("journal-of-arbitration.csl");
    std::fs::write(
        &dep,
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-GB">
  <info>
    <title>Journal of Arbitration</title>
    <id>http://www.zotero.org/styles/journal-of-arbitration</id>
    <link href="http://www.zotero.org/styles/journal-of-arbitration" rel="self"/>
    <link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>"#,
    )
    .unwrap();
    let style = bib::load_style(dep.to_str().unwrap(), Some(dir.path())).unwrap();
    assert_eq!(style.title, "Journal of Arbitration");
    assert_eq!(style.default_locale.as_deref(), Some("en-GB"));
    assert!(style.has_bibliography);
    let locales = bib::styles::locales(None);
    let inputs = vec![EntryInput {
        record_id: RecordId(1),
        item: serde_json::json!({"id": "a", "type": "book", "title": "Arbitration law", "author": [{"family": "Merkin", "given": "Robert"}], "issued": {"date-parts": [[2004]]}, "publisher": "Informa"}),
        annotation: None,
        location: None,
    }];
    let r = render_entries(&style, &locales, None, &inputs, true);
    assert_eq!(
        r.entries[0].plain_text(),
        "Merkin, R. (2004). Arbitration law. Informa."
    );
    // A style that is neither bundled nor a file.
    assert!(bib::load_style("no-such-style", Some(dir.path())).is_err());
}

/// An authority record (leader/06 `z`) and a holdings record (`y`) that match a rule, or that
/// were picked by hand, never become entries (they rendered as "[Untitled]").
#[test]
fn authority_and_holdings_records_are_never_entries() {
    let (_dir, mut lib) = new_library();
    let ids = seed(&mut lib);
    let mut authority = Record::new()
        .with_data("150", " 0", &[('a', "Arbitration and award")])
        .with_data("650", " 0", &[('a', "Arbitration and award.")]);
    authority.leader.0[6] = b'z';
    let mut holdings = Record::new()
        .with_data("852", "0 ", &[('b', "Main"), ('h', "KD 1235 .M47 2004")])
        .with_data("650", " 0", &[('a', "Arbitration and award.")]);
    holdings.leader.0[6] = b'y';
    let other =
        carrel::catalogue::add_records(&mut lib, &[authority, holdings], "test", now()).unwrap();
    for rule in [
        SelectionRule {
            subject: Some("Arbitration and award".into()),
            ..Default::default()
        },
        SelectionRule {
            query: Some("arbitration".into()),
            ..Default::default()
        },
    ] {
        let selected = bib::select_records(&lib, &rule).unwrap();
        assert!(
            selected.contains(&ids[1]) && !selected.iter().any(|id| other.contains(id)),
            "{rule:?}: {selected:?}"
        );
    }
    // Picked by hand: left out too.
    let entries = other
        .iter()
        .map(|&record_id| EntryDoc {
            record_id,
            pinned: true,
            ..Default::default()
        })
        .collect();
    let b = create_bibliography(&mut lib, &doc("Contracts", true, entries), now()).unwrap();
    let out = render_bibliography(&lib, b.id).unwrap();
    let plain: Vec<String> = out.rendered.sections[0]
        .entries
        .iter()
        .map(|e| e.plain_text())
        .collect();
    assert_eq!(
        plain,
        vec!["Treitel, G. H. (2011). Contract law. Sweet & Maxwell.".to_string()]
    );
}

/// A section's query selects the bibliographic records the catalogue search shows for it,
/// one-letter words ("a") and common words included.
#[test]
fn a_query_selects_what_the_catalogue_search_shows() {
    let (_dir, mut lib) = new_library();
    let ids = seed(&mut lib);
    let mut authority = Record::new().with_data("100", "1 ", &[('a', "Merkin, Robert A.")]);
    authority.leader.0[6] = b'z';
    carrel::catalogue::add_records(&mut lib, &[authority], "test", now()).unwrap();
    for (query, expected) in [
        // "a practical guide" (245 $b) of Mustill.
        ("a", vec![ids[1]]),
        ("A", vec![ids[1]]),
        ("law", vec![ids[0], ids[2]]),
        ("arbitration", vec![ids[0], ids[1]]),
        ("contr", vec![ids[2]]),
        ("merkin", vec![ids[0]]),
    ] {
        let selected = bib::select_records(
            &lib,
            &SelectionRule {
                query: Some(query.into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(selected, expected, "query {query:?}");
        // The catalogue search shows the same records (and the authority record, which is no citation).
        let req = carrel::catalogue::SearchRequest {
            query: query.into(),
            limit: 500,
            ..Default::default()
        };
        let shown: Vec<RecordId> = carrel::catalogue::search_request(&lib, &req)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.id)
            .collect();
        let mut shown_bib: Vec<RecordId> =
            shown.into_iter().filter(|id| ids.contains(id)).collect();
        shown_bib.sort();
        assert_eq!(selected, shown_bib, "query {query:?}");
    }
}

/// A long render reports progress: (0, total) first, entries done in order, (total, total) last,
/// where total is the number of entries rendered.
#[test]
fn rendering_reports_progress_over_all_sections() {
    let (_dir, mut lib) = new_library();
    seed(&mut lib);
    let mut d = doc("Arbitration and award", true, vec![]);
    d.sections.push(SectionDoc {
        heading: "Contracts".into(),
        rule: SelectionRule {
            subject: Some("Contracts".into()),
            narrower: true,
            ..Default::default()
        },
        sort: carrel::bibliography::SectionSort::Style,
        entries: vec![],
    });
    let mut calls = Vec::new();
    let mut record = |done, total| calls.push((done, total));
    let out = bib::render_document(
        &lib,
        &d,
        bib::RenderOptions {
            on_progress: Some(&mut record),
            ..Default::default()
        },
    )
    .unwrap();
    let entries: usize = out.rendered.sections.iter().map(|s| s.entries.len()).sum();
    assert_eq!(entries, 3);
    assert_eq!(calls.first(), Some(&(0, 3)), "{calls:?}");
    assert_eq!(calls.last(), Some(&(3, 3)), "{calls:?}");
    assert!(
        calls.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 == 3),
        "{calls:?}"
    );
    assert_eq!(
        out,
        bib::render_document(&lib, &d, bib::RenderOptions::default()).unwrap()
    );
}

/// A call-number range of LC class letters alone takes the whole class ("KF"–"KF": all of KF,
/// not KFN); a range that ends before it starts is refused, naming both ends.
#[test]
fn a_call_number_range_of_class_letters_takes_the_whole_class() {
    let (_dir, mut lib) = new_library();
    let with_cn = |title: &str, tag: &str, cn: &str| {
        Record::new()
            .with_data("245", "10", &[('a', title)])
            .with_data(tag, " 4", &[('a', cn)])
    };
    let records = vec![
        with_cn("Torts", "050", "KF1250 .P76 2019"),
        with_cn("Bankruptcy", "050", "KF1524 .C6"),
        with_cn("Federal courts", "050", "KF8700 .W7"),
        with_cn("New York practice", "050", "KFN5995 .S5"),
        with_cn("Jurisprudence", "050", "K230 .H3"),
        with_cn("English law", "050", "KD660 .B3"),
        with_cn("Treaties", "050", "KZ1250 .A5"),
        with_cn("Industries", "050", "HD9710 .U52"),
        with_cn("Local box", "099", "Box 3"),
    ];
    let ids = carrel::catalogue::add_records(&mut lib, &records, "test", now()).unwrap();
    let range = |a: &str, b: &str| {
        bib::select_records(
            &lib,
            &SelectionRule {
                class_from: Some(a.into()),
                class_to: Some(b.into()),
                ..Default::default()
            },
        )
    };
    assert_eq!(range("KF", "KF").unwrap(), ids[0..3].to_vec());
    assert_eq!(range("kf", "KFN").unwrap(), ids[0..4].to_vec());
    assert_eq!(range("K", "KZ").unwrap(), ids[0..7].to_vec());
    assert_eq!(range("HD", "HD").unwrap(), vec![ids[7]]);
    assert_eq!(range("KF 1", "KF 9999").unwrap(), ids[0..3].to_vec());
    assert_eq!(range("KF", "KF 1524 .C6").unwrap(), ids[0..2].to_vec());
    // Not LC class letters: local call numbers, in natural order.
    assert_eq!(range("abc", "xyz").unwrap(), vec![ids[8]]);
    let err = range("KF 9999", "KF 1").unwrap_err();
    assert_eq!(err.kind(), carrel::ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .contains("the call-number range KF 9999 to KF 1 ends before it starts"),
        "{err}"
    );
    assert!(range("KZ", "K").is_err());
}
