//! Subject headings: browse with counts, rename and merge across records in one transaction,
//! history kept; on real SQLite files.

mod common;

use carrel::catalogue::history::record_history;
use carrel::catalogue::subjects::{
    browse_subjects, merge_subjects, rename_subject, search_subjects, subject_records,
};
use carrel::catalogue::{add_records, get_marc, get_record, search};
use carrel::ErrorKind;
use carrel::RecordId;
use carrel_marc::Record;
use common::{new_library, now, shared_data, ts};

const LATER: &str = "2026-12-01T09:30:00+01:00";

fn later() -> carrel::Timestamp {
    ts(LATER)
}

/// A subject field: tag, indicators, subfields.
type Subject<'a> = (&'a str, &'a str, &'a [(char, &'a str)]);

fn book(id: &str, title: &str, subjects: &[Subject<'_>]) -> Record {
    let mut r = Record::new()
        .with_control("001", id)
        .with_control("003", "TEST")
        .with_data("245", "10", &[('a', title)]);
    for (tag, ind, subs) in subjects {
        r = r.with_data(tag, ind, subs);
    }
    r
}

fn fixture() -> Vec<Record> {
    vec![
        book(
            "s1",
            "Ships of the line",
            &[
                (
                    "650",
                    " 0",
                    &[
                        ('a', "Shipbuilding"),
                        ('z', "Great Britain"),
                        ('x', "History."),
                    ],
                ),
                ("650", " 0", &[('a', "Navies.")]),
            ],
        ),
        book(
            "s2",
            "Dockyards",
            &[(
                "650",
                " 0",
                &[
                    ('a', "Shipbuilding"),
                    ('z', "Great Britain"),
                    ('x', "History."),
                ],
            )],
        ),
        book(
            "s3",
            "Hulls",
            &[
                ("650", " 0", &[('a', "Ship-building.")]),
                ("650", " 0", &[('a', "Shipbuilding.")]),
            ],
        ),
        book(
            "s4",
            "Économie des ports",
            &[
                ("650", " 0", &[('a', "Économie maritime.")]),
                ("655", " 7", &[('a', "Shipbuilding."), ('2', "lcgft")]),
            ],
        ),
        book(
            "s5",
            "Sails",
            &[
                ("650", " 0", &[('a', "engraving")]),
                ("650", " 0", &[('a', "Ecology.")]),
            ],
        ),
    ]
}

#[test]
fn headings_are_browsed_with_counts_in_folded_order() {
    let (_dir, mut lib) = new_library();
    add_records(&mut lib, &fixture(), "t", now()).unwrap();
    let page = browse_subjects(&lib, None, None, 100).unwrap();
    let shown: Vec<(&str, u32)> = page
        .headings
        .iter()
        .map(|h| (h.heading.as_str(), h.count))
        .collect();
    // Case and diacritics ignored: "Ecology", "Économie", "engraving" file together; 655 is not a subject.
    assert_eq!(
        shown,
        vec![
            ("Ecology", 1),
            ("Économie maritime", 1),
            ("engraving", 1),
            ("Navies", 1),
            ("Ship-building", 1),
            ("Shipbuilding", 1),
            ("Shipbuilding -- Great Britain -- History", 2),
        ]
    );
    assert_eq!(page.total, 7);
    assert!(!page.more);
    // Type-to-jump and keyset paging.
    let jump = browse_subjects(&lib, Some("eco"), None, 2).unwrap();
    assert_eq!(
        jump.headings
            .iter()
            .map(|h| h.heading.as_str())
            .collect::<Vec<_>>(),
        vec!["Ecology", "Économie maritime"]
    );
    assert!(jump.more);
    let next = browse_subjects(&lib, None, Some("Économie maritime"), 2).unwrap();
    assert_eq!(
        next.headings
            .iter()
            .map(|h| h.heading.as_str())
            .collect::<Vec<_>>(),
        vec!["engraving", "Navies"]
    );
    let found = search_subjects(&lib, "britain", 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].count, 2);
    let records = subject_records(&lib, "Shipbuilding -- Great Britain -- History", 10).unwrap();
    assert_eq!(
        records.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(),
        vec!["Dockyards", "Ships of the line"]
    );
}

#[test]
fn a_rename_rewrites_every_record_and_keeps_the_old_versions() {
    let (_dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    let out = rename_subject(
        &mut lib,
        "Shipbuilding -- Great Britain -- History",
        "Shipbuilding -- England -- History",
        "alice",
        later(),
    )
    .unwrap();
    assert_eq!(out.records_changed, 2);
    assert_eq!(out.heading, "Shipbuilding -- England -- History");
    // Same number of subdivisions: $z and $x keep their codes.
    let marc = get_marc(&lib, ids[0]).unwrap().to_string();
    assert!(
        marc.contains("=650  \\0$aShipbuilding$zEngland$xHistory\n"),
        "{marc}"
    );
    assert!(marc.contains("=005  20261201093000.0\n"), "{marc}");
    assert!(
        marc.contains("=650  \\0$aNavies.\n"),
        "untouched field kept: {marc}"
    );
    assert_eq!(
        subject_records(&lib, "Shipbuilding -- Great Britain -- History", 10)
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        subject_records(&lib, "Shipbuilding -- England -- History", 10)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(search(&lib, "england", 10).unwrap().total, 2);
    assert_eq!(search(&lib, "britain", 10).unwrap().total, 0);
    let history = record_history(&lib, ids[1]).unwrap();
    assert_eq!(history.versions.len(), 1);
    let v = &history.versions[0];
    assert_eq!(v.changed_by.as_deref(), Some("alice"));
    assert_eq!(v.replaced_at, LATER);
    assert_eq!(v.replaced_by, "subject heading renamed: Shipbuilding -- Great Britain -- History → Shipbuilding -- England -- History");
    assert!(
        v.mnemonic.contains("$zGreat Britain$xHistory."),
        "{}",
        v.mnemonic
    );
    assert!(v.changes.iter().any(|l| l.text.contains("$zEngland")));
    // A record without the heading is untouched (no version).
    assert!(record_history(&lib, ids[4]).unwrap().versions.is_empty());
}

#[test]
fn a_merge_removes_the_field_a_record_already_had() {
    let (_dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    let out = merge_subjects(
        &mut lib,
        &["Ship-building".to_string()],
        "Shipbuilding",
        "bob",
        later(),
    )
    .unwrap();
    assert_eq!((out.records_changed, out.duplicates_removed), (1, 1));
    let view = get_record(&lib, ids[2]).unwrap();
    assert_eq!(view.subjects, vec!["Shipbuilding"]);
    let page = browse_subjects(&lib, Some("ship"), None, 10).unwrap();
    assert_eq!(page.headings[0].heading, "Shipbuilding");
    assert_eq!(page.headings[0].count, 1);
    // Several into one: counts add up.
    let out = merge_subjects(
        &mut lib,
        &["Ecology".to_string(), "Économie maritime".to_string()],
        "Maritime economics",
        "bob",
        later(),
    )
    .unwrap();
    assert_eq!(out.records_changed, 2);
    assert_eq!(
        subject_records(&lib, "Maritime economics", 10)
            .unwrap()
            .len(),
        2
    );
    // The 655 genre term with the same words is not a subject and stays.
    assert!(get_marc(&lib, ids[3])
        .unwrap()
        .to_string()
        .contains("=655  \\7$aShipbuilding.$2lcgft"));
}

#[test]
fn bad_renames_are_refused_and_change_nothing() {
    let (_dir, mut lib) = new_library();
    add_records(&mut lib, &fixture(), "t", now()).unwrap();
    assert_eq!(
        rename_subject(&mut lib, "Nothing such", "X", "a", later())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        rename_subject(&mut lib, "Navies", " -- ", "a", later())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        rename_subject(&mut lib, "Navies", "Navies", "a", later())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(browse_subjects(&lib, None, None, 100).unwrap().total, 7);
}

#[test]
fn a_failure_half_way_leaves_every_record_as_it_was() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    let before: Vec<String> = ids
        .iter()
        .map(|id| get_marc(&lib, *id).unwrap().to_string())
        .collect();
    // The second record to be rewritten fails (as a full disk would).
    let conn = rusqlite::Connection::open(dir.path().join("library.sqlite")).unwrap();
    conn.execute_batch(&format!(
        "CREATE TRIGGER fail_second BEFORE UPDATE OF marc ON records WHEN NEW.id = {}
         BEGIN SELECT RAISE(ABORT, 'forced failure'); END;",
        ids[1]
    ))
    .unwrap();
    drop(conn);
    let err = rename_subject(
        &mut lib,
        "Shipbuilding -- Great Britain -- History",
        "Shipbuilding -- England",
        "alice",
        later(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("forced failure"), "{err}");
    let after: Vec<String> = ids
        .iter()
        .map(|id| get_marc(&lib, *id).unwrap().to_string())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        subject_records(&lib, "Shipbuilding -- Great Britain -- History", 10)
            .unwrap()
            .len(),
        2
    );
    assert!(record_history(&lib, ids[0]).unwrap().versions.is_empty());
}

/// A real heading from the shared data renamed across all its records.
#[test]
fn a_heading_of_real_records_is_renamed_everywhere() {
    let Some(data) = shared_data("subjects_rename_real") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    common::import(&mut lib, &[data.join("marc/evergreen/jazz_1k.mrc")]);
    let page = browse_subjects(&lib, None, None, 1000).unwrap();
    assert!(
        page.total > 100,
        "jazz_1k has many headings: {}",
        page.total
    );
    let mut all = page.headings.clone();
    let mut after = page.headings.last().map(|h| h.heading.clone());
    while page.more && after.is_some() {
        let p = browse_subjects(&lib, None, after.as_deref(), 1000).unwrap();
        after = p.headings.last().map(|h| h.heading.clone());
        let more = p.more;
        all.extend(p.headings);
        if !more {
            break;
        }
    }
    assert_eq!(all.len() as u32, page.total);
    let top = all.iter().max_by_key(|h| h.count).unwrap().clone();
    assert!(top.count >= 10, "{top:?}");
    let ids: Vec<RecordId> = subject_records(&lib, &top.heading, 5000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len() as u32, top.count);
    let new_heading = "Zqxjazz studies -- Sources";
    let out = rename_subject(&mut lib, &top.heading, new_heading, "tester", later()).unwrap();
    assert_eq!(out.records_changed, top.count);
    assert_eq!(subject_records(&lib, &top.heading, 5000).unwrap().len(), 0);
    let renamed: Vec<RecordId> = subject_records(&lib, new_heading, 5000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    let mut renamed_sorted = renamed.clone();
    renamed_sorted.sort();
    assert_eq!(renamed_sorted, sorted);
    assert_eq!(search(&lib, "zqxjazz", 500).unwrap().total, top.count);
    for id in &ids {
        let h = record_history(&lib, *id).unwrap();
        let v = h.versions.first().expect("old version kept");
        assert!(
            v.replaced_by.starts_with("subject heading renamed"),
            "{}",
            v.replaced_by
        );
        assert!(get_record(&lib, *id)
            .unwrap()
            .subjects
            .iter()
            .any(|s| s == new_heading));
    }
    // One heading gone, one new: as many distinct headings as before.
    assert_eq!(
        browse_subjects(&lib, None, None, 1).unwrap().total,
        page.total
    );
}
