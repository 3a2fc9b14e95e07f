//! The cataloguing editor on real library files: records made from templates and the form are
//! stored, found by search, edited with their history kept, duplicated; deleted records refused.

mod common;

use carrel::catalogue::editor::{
    apply_form, change_summary, duplicate_record, form_from_record, get_editable,
    new_from_template, save_record, EditableRecord, FormAuthor, TemplateId,
};
use carrel::catalogue::{get_record, search};
use carrel::ErrorKind;
use carrel::RecordId;
use common::{new_library, now, shared_data, ts, NOW};

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

fn looseleaf(title: &str) -> EditableRecord {
    let rec = new_from_template(TemplateId::Looseleaf, day("2026-11-30"), "Carrel");
    let mut form = form_from_record(&rec);
    form.title = title.into();
    form.responsibility = "general editor, Ann Smith".into();
    form.authors = vec![FormAuthor {
        name: "Smith, Ann".into(),
        role: "editor".into(),
        kind: "personal".into(),
    }];
    form.place = "London".into();
    form.publisher = "Sweet & Maxwell".into();
    form.date = "1998-".into();
    form.isbns = vec!["978-0-306-40615-7".into()];
    apply_form(&rec, &form)
}

#[test]
fn a_record_made_from_the_looseleaf_template_is_stored_and_found_by_a_title_word() {
    let (_dir, mut lib) = new_library();
    let saved = save_record(
        &mut lib,
        None,
        &looseleaf("Encyclopaedia of Conveyancing Precedents"),
        "ann",
        now(),
    )
    .unwrap();
    let hits = search(&lib, "precedents", 10).unwrap();
    assert_eq!(hits.total, 1);
    assert_eq!(hits.hits[0].id, saved.id);
    assert_eq!(
        hits.hits[0].title,
        "Encyclopaedia of Conveyancing Precedents"
    );
    assert_eq!(
        hits.hits[0].format, "Looseleaf / updating",
        "an integrating resource has its own format label"
    );
    let view = get_record(&lib, saved.id).unwrap();
    assert_eq!(
        view.publication.as_deref(),
        Some("London : Sweet & Maxwell, 1998-")
    );
    assert!(
        view.mnemonic.contains("=020  \\\\$a9780306406157"),
        "{}",
        view.mnemonic
    );
    assert!(view.mnemonic.starts_with("=LDR  "), "{}", view.mnemonic);
    assert_eq!(
        search(&lib, "9780306406157", 10).unwrap().total,
        1,
        "found by its ISBN"
    );
}

#[test]
fn an_edit_keeps_the_previous_version_with_who_and_what_and_reindexes() {
    let (dir, mut lib) = new_library();
    let saved = save_record(
        &mut lib,
        None,
        &looseleaf("Company law service"),
        "ann",
        now(),
    )
    .unwrap();
    let rec = get_editable(&lib, saved.id).unwrap();
    let mut form = form_from_record(&rec);
    form.title = "Partnership law service".into();
    form.subjects = vec!["Partnership -- England".into()];
    let again = save_record(
        &mut lib,
        Some(saved.id),
        &apply_form(&rec, &form),
        "bob",
        ts("2027-01-02T09:30:00+00:00"),
    )
    .unwrap();
    assert_eq!(again.id, saved.id);
    assert_eq!(again.summary.as_deref(), Some("245 changed; 650 added"));
    assert_eq!(search(&lib, "company", 10).unwrap().total, 0);
    assert_eq!(search(&lib, "partnership", 10).unwrap().total, 1);
    let rows: Vec<(String, String, String)> = {
        let conn = rusqlite::Connection::open(dir.path().join("library.sqlite")).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT changed_by, summary, replaced_at FROM record_versions WHERE record_id = ?1",
            )
            .unwrap();
        stmt.query_map([saved.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        rows,
        vec![(
            "bob".to_string(),
            "245 changed; 650 added".to_string(),
            "2027-01-02T09:30:00+00:00".to_string()
        )]
    );
    let stored = get_editable(&lib, saved.id).unwrap();
    assert_eq!(stored.control("005"), Some("20270102093000.0"));
    // Saving again without a change writes no version and keeps 005.
    let same = save_record(
        &mut lib,
        Some(saved.id),
        &stored,
        "bob",
        ts("2027-02-01T10:00:00+00:00"),
    )
    .unwrap();
    assert_eq!(same.summary.as_deref(), Some("no change"));
    assert_eq!(
        get_editable(&lib, saved.id).unwrap().control("005"),
        Some("20270102093000.0")
    );
    let versions: i64 = rusqlite::Connection::open(dir.path().join("library.sqlite"))
        .unwrap()
        .query_row(
            "SELECT count(*) FROM record_versions WHERE record_id = ?1",
            [saved.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(versions, 1);
    assert_eq!(
        &stored.control("008").unwrap()[0..6],
        "261130",
        "date entered stays"
    );
}

#[test]
fn a_duplicate_is_a_new_unsaved_record_without_the_identifying_fields() {
    let (_dir, mut lib) = new_library();
    let mut rec = looseleaf("Tax handbook");
    rec.fields.insert(
        0,
        carrel::catalogue::editor::EditableField::control("001", "ocm123"),
    );
    rec.fields.insert(
        1,
        carrel::catalogue::editor::EditableField::control("003", "OCoLC"),
    );
    rec.fields
        .push(carrel::catalogue::editor::EditableField::data(
            "035",
            "  ",
            &[('a', "(OCoLC)123")],
        ));
    let saved = save_record(&mut lib, None, &rec, "ann", now()).unwrap();
    let copy = duplicate_record(&lib, saved.id, day("2027-03-04")).unwrap();
    for tag in ["001", "003", "005", "035"] {
        assert!(copy.field(tag).is_none(), "{tag} dropped");
    }
    assert_eq!(&copy.control("008").unwrap()[0..6], "270304");
    assert_eq!(form_from_record(&copy).title, "Tax handbook");
    assert_eq!(lib.info().unwrap().records, 1, "nothing stored yet");
    let second = save_record(&mut lib, None, &copy, "ann", now()).unwrap();
    assert_ne!(second.id, saved.id);
    assert_eq!(search(&lib, "tax handbook", 10).unwrap().total, 2);
}

#[test]
fn a_deleted_record_cannot_be_edited() {
    let (dir, mut lib) = new_library();
    let saved = save_record(&mut lib, None, &looseleaf("Gone"), "ann", now()).unwrap();
    rusqlite::Connection::open(dir.path().join("library.sqlite"))
        .unwrap()
        .execute(
            "UPDATE records SET deleted_at = ?2 WHERE id = ?1",
            rusqlite::params![saved.id, NOW],
        )
        .unwrap();
    let err = save_record(&mut lib, Some(saved.id), &saved.record, "ann", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("deleted"), "{err}");
    let missing =
        save_record(&mut lib, Some(RecordId(999)), &saved.record, "ann", now()).unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
}

/// Every readable record of some real files: the editor's form of it, applied back unchanged,
/// gives the record back field for field, and the editable form converts back to the same MARC.
#[test]
fn real_records_survive_the_form_and_the_marc_view_unchanged() {
    let Some(data) = shared_data("editor_round_trip") else {
        return;
    };
    let files = [
        "marc/pymarc/test.dat",
        "marc/pymarc/marc.dat",
        "marc/pymarc/multi_isbn.dat",
        "marc/marc4j/chabon-loc.mrc",
        "marc/marc4j/brkrtest.mrc",
    ];
    let mut checked = 0;
    for file in files {
        let bytes = std::fs::read(data.join(file)).unwrap();
        for parsed in carrel_marc::Reader::new(&bytes[..]).flatten() {
            let rec = EditableRecord::from(&parsed.record);
            assert_eq!(
                apply_form(&rec, &form_from_record(&rec)),
                rec,
                "{file}: {}",
                parsed.record
            );
            assert_eq!(rec.to_record().unwrap(), parsed.record, "{file}");
            // Changing one thing in the form changes one field and nothing else.
            if rec.field("245").is_some() {
                let mut form = form_from_record(&rec);
                form.title = "A changed title".into();
                let out = apply_form(&rec, &form);
                assert_eq!(
                    change_summary(&rec, &out),
                    "245 changed",
                    "{file}: {}",
                    parsed.record
                );
                assert_eq!(form_from_record(&out).title, "A changed title");
                let mut form = form_from_record(&rec);
                form.notes.push("Added note.".into());
                assert_eq!(
                    change_summary(&rec, &apply_form(&rec, &form)),
                    "500 added",
                    "{file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} records read");
}
