use super::*;
use crate::catalogue::editor::form::{apply_form, form_from_record, FormAuthor, RecordForm};

const NOW: &str = "2026-11-30T14:05:09+00:00";

fn now() -> crate::Timestamp {
    NOW.parse().unwrap()
}

/// The day of [`NOW`], the date entered of a new record.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

fn lib() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("library.sqlite")).unwrap();
    (dir, lib)
}

fn f008(rec: &EditableRecord) -> String {
    rec.control("008").unwrap().to_string()
}

#[test]
fn every_template_has_a_valid_leader_and_a_40_character_008_that_validate_accepts() {
    for t in templates() {
        let rec = new_from_template(t.id, today(), "Carrel");
        assert_eq!(rec.leader.len(), 24, "{}", t.id);
        let v = f008(&rec);
        assert_eq!(v.chars().count(), 40, "{}: {v:?}", t.id);
        assert_eq!(&v[0..6], "261130", "{}: date entered", t.id);
        assert_eq!(&v[35..38], "eng", "{}", t.id);
        let warnings = validate(&rec);
        // The only thing a fresh template lacks is its title.
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.message.as_str())
                .collect::<Vec<_>>(),
            vec!["245 $a (title) is empty"],
            "{}",
            t.id
        );
        assert!(rec.to_record().is_ok());
    }
}

#[test]
fn the_looseleaf_template_is_an_integrating_resource_updating_looseleaf() {
    let rec = new_from_template(TemplateId::Looseleaf, today(), "Carrel");
    assert_eq!((rec.leader_at(6), rec.leader_at(7)), ('a', 'i'));
    let v = f008(&rec);
    assert_eq!(
        v, "261130cuuuu9999xx uu l       0    2eng d",
        "as docs/editor.md shows it"
    );
    assert_eq!(&v[6..15], "cuuuu9999", "currently published, dates unknown");
    assert_eq!(&v[21..22], "l", "008/21 updating loose-leaf");
    assert_eq!(&v[34..35], "2", "008/34 integrated entry");
    assert_eq!(
        templates()
            .iter()
            .find(|t| t.id == TemplateId::Looseleaf)
            .unwrap()
            .label,
        "Looseleaf service"
    );
}

#[test]
fn templates_code_their_material_in_the_right_positions() {
    let pos = |id: &str, p: usize| {
        f008(&new_from_template(id.parse().unwrap(), today(), "X"))
            .chars()
            .nth(p)
            .unwrap()
    };
    let lt = |id: &str| {
        let r = new_from_template(id.parse().unwrap(), today(), "X");
        (r.leader_at(6), r.leader_at(7))
    };
    assert_eq!(lt("book"), ('a', 'm'));
    assert_eq!(lt("serial"), ('a', 's'));
    assert_eq!(pos("serial", 21), 'p');
    assert_eq!(pos("report", 24), 't');
    assert_eq!(pos("law_report", 24), 'w');
    assert_eq!(pos("exhibition_catalogue", 24), 'c');
    assert_eq!(lt("map"), ('e', 'm'));
    assert_eq!(pos("map", 25), 'a');
    assert_eq!(lt("audiovisual"), ('g', 'm'));
    assert_eq!(pos("audiovisual", 33), 'v');
    assert_eq!(lt("museum_object"), ('r', 'm'));
    assert_eq!(pos("museum_object", 33), 'r');
    let map = new_from_template(TemplateId::Map, today(), "X");
    assert_eq!(
        map.fields
            .iter()
            .find(|f| f.tag == "336")
            .unwrap()
            .subfield("a"),
        Some("cartographic image")
    );
    let rec = new_from_template(TemplateId::Book, today(), "ABC");
    assert_eq!(rec.field("040").unwrap().subfield("a"), Some("ABC"));
    assert!("scroll".parse::<TemplateId>().is_err());
    for t in TemplateId::ALL {
        assert_eq!(t.as_str().parse::<TemplateId>().unwrap(), t);
    }
    let listed: Vec<TemplateId> = templates().iter().map(|t| t.id).collect();
    assert_eq!(listed, TemplateId::ALL, "every id has a template, in order");
}

#[test]
fn validate_warns_about_indicators_repeats_codes_and_numbers() {
    let rec = EditableRecord {
        leader: "00000nam a2200000 i 4500".into(),
        fields: vec![
            EditableField::control("008", "short"),
            EditableField::data("020", "  ", &[('a', "0-306-40615-3")]),
            EditableField::data("100", "5 ", &[('a', "Smith, J.")]),
            EditableField::data("245", "10", &[('a', "A title.")]),
            EditableField::data("245", "10", &[('A', "Again")]),
            EditableField::data("650", " 7", &[('a', "Law"), ('x', "")]),
        ],
    };
    let msgs: Vec<String> = validate(&rec)
        .into_iter()
        .map(|w| format!("{}|{}", w.tag.unwrap_or_default(), w.message))
        .collect();
    let has = |s: &str| msgs.iter().any(|m| m.contains(s));
    assert!(has("008|008 is 5 characters long"), "{msgs:?}");
    assert!(
        has("020|020 \"0-306-40615-3\" is not a valid ISBN"),
        "{msgs:?}"
    );
    assert!(
        has("100|indicator 1 of 100 is '5'; MARC 21 defines 0, 1, 3"),
        "{msgs:?}"
    );
    assert!(has("245|245 is not repeatable"), "{msgs:?}");
    assert!(has("subfield code \"A\""), "{msgs:?}");
    assert!(has("650 $x is empty"), "{msgs:?}");
    assert!(has("no $2"), "{msgs:?}");
}

#[test]
fn invalid_standard_numbers_move_to_their_marc_subfields_and_valid_isbns_lose_hyphens() {
    let mut rec = EditableRecord {
        leader: "00000nam a2200000 i 4500".into(),
        fields: vec![
            EditableField::data("010", "  ", &[('a', "not an lccn")]),
            EditableField::data("020", "  ", &[('a', "0-306-40615-3")]),
            EditableField::data("020", "  ", &[('a', "978-0-306-40615-7 (pbk.)")]),
            EditableField::data("022", "  ", &[('a', "0378-5956")]),
            EditableField::data("022", "  ", &[('a', "0378-5955")]),
        ],
    };
    assert_eq!(normalize_standard_numbers(&mut rec), 3);
    assert_eq!(
        rec.fields[0].subfields[0].code, "z",
        "010 $z cancelled/invalid LCCN"
    );
    assert_eq!(
        (
            rec.fields[1].subfields[0].code.as_str(),
            rec.fields[1].subfields[0].value.as_str()
        ),
        ("z", "0-306-40615-3")
    );
    assert_eq!(rec.fields[2].subfield("a"), Some("9780306406157"));
    assert_eq!(rec.fields[2].subfield("q"), Some("pbk."));
    assert_eq!(
        rec.fields[3].subfields[0].code, "y",
        "022 $y incorrect ISSN"
    );
    assert_eq!(rec.fields[4].subfield("a"), Some("0378-5955"));
}

#[test]
fn date_formats_for_005_and_008() {
    assert_eq!(marc_005(now()), "20261130140509.0");
    assert_eq!(date_entered(today()), "261130");
}

fn sample() -> EditableRecord {
    EditableRecord::from(
        &carrel_marc::Record::new()
            .with_control("001", "42")
            .with_control("008", "990101s1999    enk           000 0 eng d")
            .with_data("020", "  ", &[('a', "0306406152"), ('q', "pbk.")])
            .with_data(
                "100",
                "1 ",
                &[('a', "Smith, John,"), ('d', "1950-"), ('e', "author.")],
            )
            .with_data(
                "245",
                "14",
                &[
                    ('a', "The law of trusts :"),
                    ('b', "a treatise /"),
                    ('c', "John Smith."),
                ],
            )
            .with_data("250", "  ", &[('a', "2nd edition.")])
            .with_data(
                "260",
                "  ",
                &[('a', "London :"), ('b', "Sweet & Maxwell,"), ('c', "1999.")],
            )
            .with_data("300", "  ", &[('a', "xii, 320 pages ;"), ('c', "24 cm")])
            .with_data("490", "1 ", &[('a', "Modern legal studies ;"), ('v', "12")])
            .with_data("500", "  ", &[('a', "Includes index.")])
            .with_data("600", "10", &[('a', "Bentham, Jeremy.")])
            .with_data(
                "650",
                " 0",
                &[('a', "Trusts and trustees"), ('z', "England."), ('2', "x")],
            )
            .with_data("700", "1 ", &[('a', "Jones, Ann,"), ('e', "editor.")])
            .with_data(
                "830",
                " 0",
                &[('a', "Modern legal studies ;"), ('v', "12.")],
            ),
    )
}

#[test]
fn the_form_reads_the_usual_fields() {
    let form = form_from_record(&sample());
    assert_eq!(
        (
            form.title.as_str(),
            form.subtitle.as_str(),
            form.responsibility.as_str()
        ),
        ("The law of trusts", "a treatise", "John Smith")
    );
    assert_eq!(
        form.authors,
        vec![
            FormAuthor {
                name: "Smith, John".into(),
                role: "author".into(),
                kind: "personal".into()
            },
            FormAuthor {
                name: "Jones, Ann".into(),
                role: "editor".into(),
                kind: "personal".into()
            },
        ]
    );
    assert_eq!(
        (
            form.place.as_str(),
            form.publisher.as_str(),
            form.date.as_str()
        ),
        ("London", "Sweet & Maxwell", "1999")
    );
    assert_eq!(
        (form.extent.as_str(), form.dimensions.as_str()),
        ("xii, 320 pages", "24 cm")
    );
    assert_eq!(form.subjects, vec!["Trusts and trustees -- England"]);
    assert_eq!(form.isbns, vec!["0306406152 (pbk.)"]);
    assert_eq!(form.series[0].number, "12");
    assert_eq!(form.language, "eng");
    assert_eq!(form.edition, "2nd edition");
}

#[test]
fn applying_an_unchanged_form_gives_the_record_back() {
    let rec = sample();
    assert_eq!(apply_form(&rec, &form_from_record(&rec)), rec);
    for t in templates() {
        let rec = new_from_template(t.id, today(), "Carrel");
        assert_eq!(apply_form(&rec, &form_from_record(&rec)), rec, "{}", t.id);
    }
    for r in crate::demo::records() {
        let rec = EditableRecord::from(&r);
        assert_eq!(apply_form(&rec, &form_from_record(&rec)), rec);
    }
}

#[test]
fn a_filled_in_form_writes_marc_with_isbd_punctuation() {
    let rec = new_from_template(TemplateId::Looseleaf, today(), "Carrel");
    let form = RecordForm {
        title: "The Encyclopedia of Forms and Precedents".into(),
        subtitle: "looseleaf edition".into(),
        responsibility: "general editor, A. Jones".into(),
        authors: vec![FormAuthor {
            name: "Jones, A.".into(),
            role: "editor".into(),
            kind: "personal".into(),
        }],
        place: "London".into(),
        publisher: "LexisNexis".into(),
        date: "1985-".into(),
        extent: "volumes (loose-leaf)".into(),
        dimensions: "26 cm".into(),
        subjects: vec!["Forms (Law) -- England".into()],
        notes: vec!["Updated by supplements.".into()],
        isbns: vec!["0-306-40615-3".into()],
        language: "eng".into(),
        ..RecordForm::default()
    };
    let out = apply_form(&rec, &form);
    let line = |tag: &str| {
        out.to_record()
            .unwrap()
            .field(tag)
            .map(|f| f.to_string())
            .unwrap_or_default()
    };
    assert_eq!(line("245"), "=245  04$aThe Encyclopedia of Forms and Precedents :$blooseleaf edition /$cgeneral editor, A. Jones.");
    assert_eq!(line("700"), "=700  1\\$aJones, A.,$eeditor.");
    assert_eq!(line("100"), "", "an editor is not a main entry");
    assert_eq!(line("264"), "=264  \\1$aLondon :$bLexisNexis,$c1985-");
    assert_eq!(
        &f008(&out)[6..15],
        "c19859999",
        "a looseleaf begun in 1985 and still updated: 008/06 c, date 2 9999"
    );
    assert_eq!(line("300"), "=300  \\\\$avolumes (loose-leaf) ;$c26 cm");
    assert_eq!(line("650"), "=650  \\4$aForms (Law)$xEngland");
    assert_eq!(line("500"), "=500  \\\\$aUpdated by supplements.");
    assert_eq!(line("020"), "=020  \\\\$a0-306-40615-3");
    // Fields stay in tag order.
    let tags: Vec<&str> = out.fields.iter().map(|f| f.tag.as_str()).collect();
    let mut sorted = tags.clone();
    sorted.sort();
    assert_eq!(tags, sorted);

    assert_eq!(form_from_record(&out).title, form.title);
    assert_eq!(form_from_record(&out).isbns, form.isbns);
    assert_eq!(form_from_record(&out).authors, form.authors);
}

#[test]
fn changing_one_part_of_the_form_leaves_the_other_fields_alone() {
    let rec = sample();
    let mut form = form_from_record(&rec);
    form.title = "A law of trusts".into();
    form.authors.remove(1);
    form.subjects.push("Equity".into());
    form.date = "2001".into();
    let out = apply_form(&rec, &form);
    let get = |tag: &str| out.fields.iter().find(|f| f.tag == tag).cloned();
    let t = get("245").unwrap();
    assert_eq!((t.ind1.as_str(), t.ind2.as_str()), ("1", "2"));
    assert_eq!(t.subfield("a"), Some("A law of trusts :"));
    assert!(get("700").is_none());
    assert_eq!(
        get("100"),
        rec.field("100").cloned(),
        "the author kept as it was"
    );
    assert_eq!(get("600"), rec.field("600").cloned());
    assert_eq!(get("830"), rec.field("830").cloned());
    assert_eq!(out.fields.iter().filter(|f| f.tag == "650").count(), 2);
    assert_eq!(
        out.fields.iter().find(|f| f.tag == "650").cloned(),
        rec.fields.iter().find(|f| f.tag == "650").cloned()
    );
    assert!(get("260").is_none(), "260 became 264");
    assert_eq!(
        get("264")
            .unwrap()
            .subfields
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>(),
        vec!["London :", "Sweet & Maxwell,", "2001."]
    );
    assert_eq!(&f008(&out)[6..11], "s2001");
}

#[test]
fn change_summaries_name_fields_changed_added_and_removed() {
    let old = sample();
    let mut new = old.clone();
    new.fields.retain(|f| f.tag != "500");
    new.fields
        .iter_mut()
        .find(|f| f.tag == "245")
        .unwrap()
        .subfields[0]
        .value = "Other :".into();
    new.fields
        .push(EditableField::data("650", " 4", &[('a', "Equity")]));
    new.set_control("005", "20261130140509.0");
    assert_eq!(
        change_summary(&old, &new),
        "245 changed; 500 removed; 650 added"
    );
    assert_eq!(change_summary(&old, &old), "no change");
}

#[test]
fn saving_a_new_record_then_an_edit_keeps_008_date_entered_and_a_version_with_who_and_what() {
    let (_dir, mut lib) = lib();
    let mut rec = new_from_template(TemplateId::Book, today(), "Carrel");
    let mut form = form_from_record(&rec);
    form.title = "Conveyancing precedents".into();
    form.isbns = vec!["0-306-40615-3".into()];
    rec = apply_form(&rec, &form);
    let saved = save_record(&mut lib, None, &rec, "ann", now()).unwrap();
    assert_eq!(saved.record.control("005"), Some("20261130140509.0"));
    assert_eq!(&saved.record.control("008").unwrap()[0..6], "261130");
    assert_eq!(
        saved.record.field("020").unwrap().subfield("z"),
        Some("0-306-40615-3"),
        "invalid ISBN kept in $z"
    );
    assert_eq!(saved.record.leader_at(5), 'n');
    assert_eq!(
        crate::catalogue::search(&lib, "conveyancing", 10)
            .unwrap()
            .total,
        1
    );

    let mut edit = get_editable(&lib, saved.id).unwrap();
    let mut form = form_from_record(&edit);
    form.notes.push("Looseleaf.".into());
    edit = apply_form(&edit, &form);
    let again = save_record(
        &mut lib,
        Some(saved.id),
        &edit,
        "bob",
        "2027-01-02T09:00:00+00:00".parse().unwrap(),
    )
    .unwrap();
    assert_eq!(again.summary.as_deref(), Some("500 added"));
    assert_eq!(
        &again.record.control("008").unwrap()[0..6],
        "261130",
        "date entered kept"
    );
    assert_eq!(again.record.control("005"), Some("20270102090000.0"));
    assert_eq!(again.record.leader_at(5), 'c');
    let (by, summary): (String, String) = lib
        .conn()
        .query_row(
            "SELECT changed_by, summary FROM record_versions WHERE record_id = ?1",
            [saved.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((by.as_str(), summary.as_str()), ("bob", "500 added"));
}

#[test]
fn what_cannot_be_stored_is_refused_and_nothing_is_written() {
    let (_dir, mut lib) = lib();
    let empty = EditableRecord {
        leader: "00000nam a2200000 i 4500".into(),
        fields: vec![],
    };
    assert!(matches!(
        save_record(&mut lib, None, &empty, "a", now()),
        Err(Error::InvalidInput(_))
    ));
    let mut bad = new_from_template(TemplateId::Book, today(), "X");
    bad.fields
        .push(EditableField::data("65", "  ", &[('a', "x")]));
    assert!(
        matches!(save_record(&mut lib, None, &bad, "a", now()), Err(Error::InvalidInput(m)) if m.contains("\"65\""))
    );
    assert_eq!(lib.info().unwrap().records, 0);
}
