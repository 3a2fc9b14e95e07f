//! What Carrel shows is what the file holds (issue 12): a read-only library shows the changes
//! still in its `-wal`, an item's status never claims a loan that is not there (after an import
//! of another library's export, and at the desk), and a MARCXML export of characters XML 1.0
//! cannot carry stays well-formed.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::add_records;
use carrel::catalogue::export::{export_to_path, ExportEncoding, ExportFormat, Selection};
use carrel::catalogue::import::Severity;
use carrel::catalogue::items::{add_item, get_item_by_barcode, ItemInput, ItemStatus, ItemType};
use carrel::circulation::{self as circ, CheckoutOutcome, PatronInput};
use carrel::{ErrorKind, Library};
use carrel_marc::Record;
use chrono::NaiveDate;
use common::*;

fn records(from: usize, n: usize) -> Vec<Record> {
    (from..from + n)
        .map(|i| {
            Record::new()
                .with_control("001", &format!("r{i}"))
                .with_data("245", "10", &[('a', &format!("Record number {i}"))])
        })
        .collect()
}

fn copy_with_wal(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
    let mut wal = from.as_os_str().to_owned();
    wal.push("-wal");
    let mut to_wal = to.as_os_str().to_owned();
    to_wal.push("-wal");
    std::fs::copy(&wal, &to_wal).unwrap();
}

// 1. A read-only library shows the records still in its write-ahead log.
#[test]
fn a_read_only_library_shows_the_changes_still_in_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    {
        let mut lib = Library::open(&path).unwrap();
        add_records(&mut lib, &records(0, 100), "test", now()).unwrap();
    } // closed: the 100 records are in the main file now
    let mut writer = Library::open(&path).unwrap();
    // The window keeps its connection open: these commits stay in the -wal (far below the
    // 1,000-page automatic checkpoint).
    add_records(&mut writer, &records(100, 10), "test", now()).unwrap();

    let copies = tempfile::tempdir().unwrap();
    let copy = copies.path().join("copy.sqlite");
    copy_with_wal(&path, &copy);
    drop(writer);
    let wal_len = std::fs::metadata(copies.path().join("copy.sqlite-wal"))
        .unwrap()
        .len();
    assert!(wal_len > 0, "the copy has its -wal");
    // What `immutable=1` showed: the main file alone.
    let immutable = rusqlite::Connection::open_with_flags(
        format!("file:{}?mode=ro&immutable=1", copy.display()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    let in_main: u32 = immutable
        .query_row(
            "SELECT count(*) FROM records WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_main, 100, "the main file alone lacks the last 10");
    drop(immutable);

    let mut perms = std::fs::metadata(&copy).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&copy, perms).unwrap();
    let lib = Library::open_read_only(&copy).unwrap();
    assert!(lib.is_read_only());
    assert_eq!(
        lib.info().unwrap().records,
        110,
        "every record, also those in the -wal"
    );
    assert_eq!(lib.integrity_check().unwrap(), "ok");
    drop(lib);
    // The main file was not written by reading it.
    assert_eq!(
        rusqlite::Connection::open_with_flags(
            format!("file:{}?mode=ro&immutable=1", copy.display()),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
        )
        .unwrap()
        .query_row("SELECT count(*) FROM records", [], |r| r.get::<_, u32>(0))
        .unwrap(),
        100
    );

    // A library without a -wal still opens read-only.
    let plain = copies.path().join("plain.sqlite");
    std::fs::copy(&path, &plain).unwrap();
    assert_eq!(
        Library::open_read_only(&plain)
            .unwrap()
            .info()
            .unwrap()
            .records,
        110
    );
}

#[test]
fn an_empty_file_opened_read_only_is_called_empty() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let err = Library::open_read_only(&empty).err().expect("refused");
    assert_eq!(err.kind(), ErrorKind::NotALibrary);
    let text = err.to_string();
    assert!(text.contains("empty.sqlite is empty"), "{text}");
    assert!(!text.contains("upgrad"), "{text}");
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
}

// 2. An item's status never claims a loan that is not there.
fn lent_copy_exported(dir: &Path) -> std::path::PathBuf {
    let mut lib = Library::open(&dir.join("first.sqlite")).unwrap();
    let ids = add_records(&mut lib, &records(0, 1), "test", now()).unwrap();
    for barcode in ["X1", "X2"] {
        add_item(
            &mut lib,
            ids[0],
            &ItemInput {
                barcode: barcode.into(),
                call_number: "KD1554 .T7".into(),
                location: "Main".into(),
                item_type: Some(ItemType::Book),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    }
    let patron = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Ada Borrower".into(),
            card: Some("P1".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let today: NaiveDate = "2026-11-30".parse().unwrap();
    match circ::check_out(&mut lib, "X1", &patron.card, today, None).unwrap() {
        CheckoutOutcome::Done(_) => {}
        CheckoutOutcome::Refused(r) => panic!("refused: {}", r.message),
    }
    let out = dir.join("lent.xml");
    export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(
        xml.contains(">on_loan<"),
        "the export says the copy is lent"
    );
    out
}

#[test]
fn a_copy_exported_while_on_loan_comes_in_available_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let file = lent_copy_exported(dir.path());
    let (_d, mut lib) = new_library();
    let summary = import(&mut lib, &[file]);
    assert_eq!(summary.imported, 1);
    assert_eq!(summary.warnings, 1);
    let warning = summary
        .problems
        .iter()
        .find(|p| p.severity == Severity::Warning && p.reason.contains("X1"))
        .expect("a warning naming the barcode");
    assert!(
        warning
            .reason
            .contains("was marked on loan where it came from, but it has no loan"),
        "{}",
        warning.reason
    );
    assert!(
        warning.reason.contains("added as available"),
        "{}",
        warning.reason
    );
    assert_eq!(
        get_item_by_barcode(&lib, "X1").unwrap().status,
        ItemStatus::Available
    );
    assert_eq!(
        get_item_by_barcode(&lib, "X2").unwrap().status,
        ItemStatus::Available
    );
    assert!(
        !summary.problems.iter().any(|p| p.reason.contains("X2")),
        "no word about the copy that was on the shelf"
    );
    // The invariant `carrel check` holds: on loan exactly when an open loan exists.
    assert_eq!(
        circ::circulation_problems(&lib).unwrap(),
        Vec::<String>::new()
    );
    // And the desk can lend it.
    let patron = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Ben Reader".into(),
            card: Some("P9".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let today: NaiveDate = "2026-12-01".parse().unwrap();
    assert!(matches!(
        circ::check_out(&mut lib, "X1", &patron.card, today, None).unwrap(),
        CheckoutOutcome::Done(_)
    ));
}

#[test]
fn checking_in_an_item_marked_on_loan_without_a_loan_says_so_and_sets_it_right() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    let mut lib = Library::open(&path).unwrap();
    let ids = add_records(&mut lib, &records(0, 1), "test", now()).unwrap();
    for barcode in ["Y1", "Y2"] {
        add_item(
            &mut lib,
            ids[0],
            &ItemInput {
                barcode: barcode.into(),
                item_type: Some(ItemType::Book),
                ..Default::default()
            },
            now(),
        )
        .unwrap();
    }
    // A library written before this fix (or by hand): statuses that claim what is not there.
    {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute(
            "UPDATE items SET status = 'on_loan' WHERE barcode = 'Y1'",
            [],
        )
        .unwrap();
        raw.execute(
            "UPDATE items SET status = 'on_hold_shelf' WHERE barcode = 'Y2'",
            [],
        )
        .unwrap();
    }
    assert_eq!(circ::circulation_problems(&lib).unwrap().len(), 2);
    let today: NaiveDate = "2026-12-01".parse().unwrap();
    let r = circ::check_in(&mut lib, "Y1", today).unwrap();
    assert!(!r.was_on_loan);
    assert_eq!(r.corrected_from, Some(ItemStatus::OnLoan));
    assert_eq!(r.new_status, ItemStatus::Available);
    let r = circ::check_in(&mut lib, "Y2", today).unwrap();
    assert_eq!(r.corrected_from, Some(ItemStatus::OnHoldShelf));
    assert_eq!(r.new_status, ItemStatus::Available);
    assert_eq!(
        circ::circulation_problems(&lib).unwrap(),
        Vec::<String>::new()
    );
    // A plain scan of a shelved copy corrects nothing.
    let r = circ::check_in(&mut lib, "Y1", today).unwrap();
    assert_eq!(r.corrected_from, None);
}

// 4. Characters XML 1.0 cannot carry do not break a MARCXML export.
#[test]
fn a_title_with_characters_xml_cannot_carry_exports_as_well_formed_marcxml() {
    let (dir, mut lib) = new_library();
    let record = Record::new()
        .with_control("001", "x1")
        .with_data(
            "245",
            "10",
            &[
                ('a', "Bell\u{7} and form\u{C} feed"),
                ('b', "odd \u{FFFE} end"),
            ],
        )
        .with_data("500", "  ", &[('a', "Stray delimiter \u{1F}x kept out")]);
    let ids = add_records(&mut lib, &[record], "test", now()).unwrap();
    let out = dir.path().join("odd.xml");
    let summary = export_to_path(
        &lib,
        &Selection::Ids(ids),
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((summary.written, summary.failed), (1, 0));
    assert_eq!(summary.unchanged, 0, "not called unchanged");
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(!xml
        .chars()
        .any(|c| matches!(c, '\u{7}' | '\u{C}' | '\u{1F}' | '\u{FFFE}')));
    let back: Vec<_> = carrel_marc::marcxml::Reader::new(std::io::BufReader::new(
        std::fs::File::open(&out).unwrap(),
    ))
    .collect();
    assert_eq!(back.len(), 1);
    let parsed = back.into_iter().next().unwrap().expect("well-formed");
    let title = parsed.record.fields_with_tag("245").next().unwrap();
    assert_eq!(
        title.subfield('a'),
        Some("Bell\u{FFFD} and form\u{FFFD} feed")
    );
    assert_eq!(title.subfield('b'), Some("odd \u{FFFD} end"));
}
