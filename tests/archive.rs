//! The portable archive: a library exported to one zip and imported into a new, empty library
//! gives an equal library, compared table by table; refusals leave the target as it was.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use carrel::archive::{self, README_TXT};
use carrel::catalogue::items::get_item_by_barcode;
use carrel::circulation::{self as circ, HoldOutcome};
use carrel::{ErrorKind, Library};
use common::*;
use rusqlite::types::Value;
use rusqlite::Connection;

/// The demo collection, plus a returned loan, a cancelled hold, a closed day and settings.
fn demo_library(dir: &Path) -> Library {
    let mut lib = Library::open(&dir.join("source.sqlite")).unwrap();
    carrel::demo::seed(&mut lib, now()).unwrap();
    let today = now().date();
    // D0003 was lent 5 days ago by the demo: returned today, it is loan history.
    circ::check_in(&mut lib, "D0003", today).unwrap();
    let patron = circ::get_patron_by_card(&lib, &patron_cards(&lib)[4]).unwrap();
    let record = get_item_by_barcode(&lib, "D0001").unwrap().record_id;
    let HoldOutcome::Done(hold) =
        circ::place_hold(&mut lib, patron.id, record, None, today).unwrap()
    else {
        panic!("hold refused")
    };
    circ::cancel_hold(&mut lib, hold.id, today).unwrap();
    circ::close_days(
        &mut lib,
        &["2026-12-25".parse().unwrap()],
        "Christmas, \"closed\", all day",
    )
    .unwrap();
    carrel::catalogue::settings::set_cataloguing_agency(&mut lib, "UK-WkNB").unwrap();
    lib
}

fn patron_cards(lib: &Library) -> Vec<String> {
    let c = Connection::open(lib.path()).unwrap();
    let mut s = c.prepare("SELECT card FROM patrons ORDER BY id").unwrap();
    let cards = s.query_map([], |r| r.get(0)).unwrap();
    cards.collect::<rusqlite::Result<_>>().unwrap()
}

/// The rows of `sql` as values, to compare two libraries.
fn rows(path: &Path, sql: &str) -> Vec<Vec<Value>> {
    let c = Connection::open(path).unwrap();
    let mut s = c.prepare(sql).unwrap();
    let n = s.column_count();
    let rows = s
        .query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

/// A record named by its place among the live records (ids differ between the libraries).
const RECORD_NO: &str =
    "(SELECT count(*) FROM records r2 WHERE r2.deleted_at IS NULL AND r2.id <= {})";

/// Every table, ids replaced by what a user knows a row by: a record's place, an item's barcode,
/// a patron's card.
fn tables() -> Vec<(&'static str, String)> {
    let rec = |col: &str| RECORD_NO.replace("{}", col);
    vec![
        ("records", "SELECT marc, title, responsibility, publication, date, control_number, filing_title, sort_author, year, language, shelf_key, created_at, updated_at FROM records WHERE deleted_at IS NULL ORDER BY id".into()),
        ("records_fts", "SELECT title, names, subjects, other, identifiers, shelf FROM records_fts ORDER BY rowid".into()),
        ("record_subjects", format!("SELECT sort_key, heading, {} FROM record_subjects ORDER BY 1, 2, 3", rec("record_id"))),
        ("record_keys", format!("SELECT key, {} FROM record_keys ORDER BY 1, 2", rec("record_id"))),
        ("items", format!("SELECT {}, barcode, call_number, scheme, shelf_key, call_number_warning, location, item_type, status, enumeration, copy_number, price, acquired_on, accession_number, provenance, binding, note FROM items ORDER BY id", rec("record_id"))),
        ("patrons", "SELECT name, card, category, department, email, phone, expires_on, notes, blocked, block_reason, created_at, updated_at FROM patrons ORDER BY id".into()),
        ("loans", "SELECT i.barcode, p.card, checked_out_on, due_on, returned_on, renewals, last_renewed_on, override_reason, status_before FROM loans l LEFT JOIN items i ON i.id = l.item_id LEFT JOIN patrons p ON p.id = l.patron_id ORDER BY l.returned_on IS NOT NULL, l.id".into()),
        ("holds", format!("SELECT {}, i.barcode, p.card, placed_on, h.expires_on, h.status, t.barcode, trapped_on, pickup_by, closed_on FROM holds h LEFT JOIN items i ON i.id = h.item_id JOIN patrons p ON p.id = h.patron_id LEFT JOIN items t ON t.id = h.trapped_item_id ORDER BY h.id", rec("h.record_id"))),
        ("loan_policies", "SELECT * FROM loan_policies ORDER BY category, item_type".into()),
        ("closed_days", "SELECT * FROM closed_days ORDER BY day".into()),
        ("settings", "SELECT * FROM settings ORDER BY key".into()),
        ("bibliographies", "SELECT title, introduction, style, locale, show_locations, created_at, updated_at FROM bibliographies ORDER BY id".into()),
        ("bibliography_sections", "SELECT b.title, s.position, s.heading, s.rule, s.sort FROM bibliography_sections s JOIN bibliographies b ON b.id = s.bibliography_id ORDER BY b.id, s.position".into()),
        ("bibliography_entries", format!("SELECT s.heading, {}, e.position, e.annotation, e.use_summary, e.pinned, e.excluded FROM bibliography_entries e JOIN bibliography_sections s ON s.id = e.section_id ORDER BY s.id, 2", rec("e.record_id"))),
    ]
}

fn one(path: &Path, sql: &str) -> Vec<String> {
    rows(path, sql)
        .into_iter()
        .map(|r| match &r[0] {
            Value::Text(t) => t.clone(),
            Value::Null => String::new(),
            v => format!("{v:?}"),
        })
        .collect()
}

#[test]
fn an_archive_imported_into_an_empty_library_gives_an_equal_library() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_library(dir.path());
    let zip = dir.path().join("library.zip");
    let written = archive::export(&source, &zip, now(), true).unwrap();
    assert!(written.records >= 8, "{written:?}");
    assert_eq!(written.loans, 2, "two demo loans are still out");
    assert_eq!(written.loan_history, 1);
    assert_eq!(written.holds, 2);

    let mut target = Library::open(&dir.path().join("target.sqlite")).unwrap();
    let read = archive::import(&mut target, &zip, now()).unwrap();
    assert_eq!(
        (
            read.records,
            read.items,
            read.patrons,
            read.loans,
            read.loan_history,
            read.holds
        ),
        (
            written.records,
            written.items,
            written.patrons,
            written.loans,
            written.loan_history,
            written.holds
        )
    );
    assert_eq!(read.bibliographies, 1);

    for (table, sql) in tables() {
        let a = rows(source.path(), &sql);
        let b = rows(target.path(), &sql);
        assert!(!a.is_empty(), "{table}: the demo library has rows");
        assert_eq!(a, b, "table {table} differs after the round trip");
    }

    // What a user would look at: titles, barcodes, cards, due dates, the hold queue.
    let t = target.path();
    assert_eq!(
        one(t, "SELECT title FROM records ORDER BY id"),
        one(
            source.path(),
            "SELECT title FROM records WHERE deleted_at IS NULL ORDER BY id"
        )
    );
    assert!(one(t, "SELECT title FROM records")
        .iter()
        .any(|x| x.starts_with("Delay and disruption")));
    assert_eq!(
        one(t, "SELECT barcode FROM items ORDER BY barcode")[..3],
        ["D0001", "D0002", "D0003"]
    );
    assert_eq!(patron_cards(&target), patron_cards(&source));
    let today = now().date();
    let overdue = circ::overdues(&target, today, circ::OverdueOrder::Item).unwrap();
    assert_eq!(
        overdue.len(),
        1,
        "the demo loan taken 35 days ago is overdue"
    );
    assert_eq!(
        one(
            t,
            "SELECT due_on FROM loans WHERE returned_on IS NULL ORDER BY due_on"
        ),
        one(
            source.path(),
            "SELECT due_on FROM loans WHERE returned_on IS NULL ORDER BY due_on"
        )
    );
    assert_eq!(
        one(t, "SELECT status FROM holds ORDER BY id"),
        ["trapped", "cancelled"],
        "the check-in of D0003 trapped the demo hold"
    );
    assert_eq!(
        get_item_by_barcode(&target, "D0008").unwrap().status,
        carrel::catalogue::items::ItemStatus::OnLoan
    );
    assert!(circ::circulation_problems(&target).unwrap().is_empty());
    assert_eq!(
        carrel::catalogue::settings::cataloguing_agency(&target).unwrap(),
        "UK-WkNB"
    );
    // Search finds the imported records by barcode (the index took in their items).
    assert_eq!(
        carrel::catalogue::search(&target, "barcode:D0004", 10)
            .unwrap()
            .total,
        1
    );
}

#[test]
fn an_archive_without_loan_history_leaves_returned_loans_out() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_library(dir.path());
    let zip = dir.path().join("nohistory.zip");
    let s = archive::export(&source, &zip, now(), false).unwrap();
    assert!(!s.files.contains(&"loan_history.csv".to_string()));
    let mut target = Library::open(&dir.path().join("t.sqlite")).unwrap();
    let r = archive::import(&mut target, &zip, now()).unwrap();
    assert_eq!((r.loans, r.loan_history), (2, 0));
}

#[test]
fn a_non_empty_library_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = demo_library(dir.path());
    let zip = dir.path().join("a.zip");
    archive::export(&source, &zip, now(), true).unwrap();
    let before: Vec<_> = tables()
        .iter()
        .map(|(_, q)| rows(source.path(), q))
        .collect();
    let e = archive::import(&mut source, &zip, now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("not empty"), "{e}");
    let after: Vec<_> = tables()
        .iter()
        .map(|(_, q)| rows(source.path(), q))
        .collect();
    assert_eq!(before, after);
}

/// Loan rules someone set count as content: an archive would replace them, so a library holding
/// only such a rule is refused, and one with the defaults of a new library is not.
#[test]
fn a_library_with_loan_rules_of_its_own_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_library(dir.path());
    let zip = dir.path().join("a.zip");
    archive::export(&source, &zip, now(), true).unwrap();
    let mut target = Library::open(&dir.path().join("rules.sqlite")).unwrap();
    carrel::circulation::set_loan_rule(
        &mut target,
        &carrel::circulation::LoanRule {
            category: "researcher".into(),
            item_type: "*".into(),
            period_days: 60,
            due_on: None,
            renewals: 1,
            max_items: 10,
            holds_allowed: true,
            circulates: true,
        },
    )
    .unwrap();
    let e = archive::import(&mut target, &zip, now()).unwrap_err();
    assert!(e.to_string().contains("loan rules of its own"), "{e}");
    let fresh = dir.path().join("fresh.sqlite");
    let mut fresh = Library::open(&fresh).unwrap();
    archive::import(&mut fresh, &zip, now()).unwrap();
}

/// Rewrites one file of the archive `from` into `to`.
fn with_file(from: &Path, to: &Path, name: &str, edit: impl Fn(String) -> String) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let text = if f.name() == name { edit(text) } else { text };
        zout.start_file(f.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(text.as_bytes()).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn a_damaged_row_is_refused_naming_file_line_and_column_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_library(dir.path());
    let good = dir.path().join("good.zip");
    archive::export(&source, &good, now(), true).unwrap();
    let bad = dir.path().join("bad.zip");
    // The second loan's due date (line 3: the header is line 1).
    with_file(&good, &bad, "loans.csv", |t| {
        let mut lines: Vec<String> = t.split("\r\n").map(str::to_string).collect();
        let cols: Vec<&str> = lines[2].split(',').collect();
        let mut cols: Vec<String> = cols.into_iter().map(str::to_string).collect();
        cols[3] = "2026-02-30".into();
        lines[2] = cols.join(",");
        lines.join("\r\n")
    });
    let mut target = Library::open(&dir.path().join("t.sqlite")).unwrap();
    let e = archive::import(&mut target, &bad, now()).unwrap_err();
    let m = e.to_string();
    assert!(
        m.contains("loans.csv, line 3, column due_on"),
        "the message names file, line and column: {m}"
    );
    // A value of the wrong type: the column is named by the CSV reader's field.
    let bad2 = dir.path().join("bad2.zip");
    with_file(&good, &bad2, "patrons.csv", |t| {
        t.replacen(",false,", ",perhaps,", 1)
    });
    let m = archive::import(&mut target, &bad2, now())
        .unwrap_err()
        .to_string();
    assert!(m.contains("patrons.csv, line 2, column blocked"), "{m}");
    // An item on loan (876 $j) whose loan is missing from loans.csv.
    let bad3 = dir.path().join("bad3.zip");
    with_file(&good, &bad3, "loans.csv", |t| {
        t.split("\r\n")
            .filter(|l| !l.starts_with("D0008,"))
            .collect::<Vec<_>>()
            .join("\r\n")
    });
    let m = archive::import(&mut target, &bad3, now())
        .unwrap_err()
        .to_string();
    assert!(
        m.contains("records.xml, line") && m.contains("item D0008 has status on_loan"),
        "{m}"
    );
    for (table, sql) in tables() {
        if ["loan_policies", "settings"].contains(&table) {
            continue; // a new library's defaults
        }
        assert!(rows(target.path(), &sql).is_empty(), "{table} is empty");
    }
    // The good archive still goes in afterwards.
    archive::import(&mut target, &good, now()).unwrap();
}

#[test]
fn the_zip_opens_with_unzip_and_the_readme_lists_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = demo_library(dir.path());
    let zip = dir.path().join("library.zip");
    let s = archive::export(&source, &zip, now(), true).unwrap();
    let mut names = Vec::new();
    let mut z = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    for i in 0..z.len() {
        names.push(z.by_index(i).unwrap().name().to_string());
    }
    assert_eq!(names, s.files);
    let mut readme = String::new();
    z.by_name(README_TXT)
        .unwrap()
        .read_to_string(&mut readme)
        .unwrap();
    for n in &names {
        assert!(readme.contains(&format!("\n{n}\n")), "README describes {n}");
        assert!(readme.contains(&format!("  {n}\n")), "README lists {n}");
    }
    for column in [
        "due_on",
        "patron_card",
        "trapped_item_barcode",
        "852 $p",
        "952",
    ] {
        assert!(readme.contains(column), "README names {column}");
    }
    if carrel_testkit::tool("archive::unzip", "unzip", "unzip") {
        let out = std::process::Command::new("unzip")
            .arg("-l")
            .arg(&zip)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let listing = String::from_utf8_lossy(&out.stdout);
        for n in &names {
            assert!(
                listing.contains(n.as_str()),
                "unzip -l lists {n}: {listing}"
            );
        }
        let test = std::process::Command::new("unzip")
            .arg("-tq")
            .arg(&zip)
            .output()
            .unwrap();
        assert!(test.status.success(), "unzip -t: {test:?}");
    }
}

#[test]
fn docs_archive_md_carries_the_readme() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/archive.md")).unwrap();
    assert!(
        doc.contains(archive::README),
        "docs/archive.md is stale: copy src/archive/README.txt into it"
    );
}
