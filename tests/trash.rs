//! Deleting records (with their items after confirmation), restoring them within 30 days, purging
//! them after; record history and revert. On real SQLite files.

mod common;

use carrel::catalogue::history::{record_history, revert_to_version};
use carrel::catalogue::subjects::{rename_subject, subject_records};
use carrel::catalogue::trash::{
    delete_record, deleted_records, purge_deleted, purge_record, restore_record,
};
use carrel::catalogue::{add_records, get_marc, search};
use carrel::RecordId;
use carrel::{ErrorKind, Library};
use carrel_marc::Record;
use common::{new_library, now, ts};

fn fixture() -> Vec<Record> {
    vec![
        Record::new()
            .with_control("001", "t1")
            .with_data("245", "10", &[('a', "Maritime salvage law")])
            .with_data("650", " 0", &[('a', "Salvage.")]),
        Record::new()
            .with_control("001", "t2")
            .with_data("245", "10", &[('a', "Charter parties")])
            .with_data("650", " 0", &[('a', "Salvage.")]),
    ]
}

/// Adds an item directly (the items module is not needed to test deletion).
fn add_item(dir: &tempfile::TempDir, record: RecordId, barcode: &str, status: &str) {
    let conn = rusqlite::Connection::open(dir.path().join("library.sqlite")).unwrap();
    conn.execute(
        "INSERT INTO items (record_id, barcode, status, created_at, updated_at) VALUES (?1, ?2, ?3, 't', 't')",
        rusqlite::params![record, barcode, status],
    )
    .unwrap();
}

fn item_count(dir: &tempfile::TempDir) -> u32 {
    let conn = rusqlite::Connection::open(dir.path().join("library.sqlite")).unwrap();
    conn.query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_record_with_items_is_deleted_only_with_them() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    add_item(&dir, ids[0], "30001", "available");
    add_item(&dir, ids[0], "30002", "available");
    let err = delete_record(&mut lib, ids[0], false, "alice", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string()
            .contains("has 2 items (barcodes 30001, 30002): confirm to delete them too"),
        "{err}"
    );
    assert_eq!(search(&lib, "salvage law", 10).unwrap().total, 1);
    assert_eq!(lib.info().unwrap().records, 2);
    let out = delete_record(&mut lib, ids[0], true, "alice", now()).unwrap();
    assert_eq!(out.items, 2);
    assert_eq!(
        lib.info().unwrap().records,
        1,
        "the sidebar count leaves deleted records out"
    );
    assert_eq!(out.purge_on, "2026-12-30");
    assert_eq!(search(&lib, "salvage law", 10).unwrap().total, 0);
    assert_eq!(subject_records(&lib, "Salvage", 10).unwrap().len(), 1);
    let trash = deleted_records(&lib).unwrap();
    assert_eq!(trash.len(), 1);
    assert_eq!(
        (trash[0].id, trash[0].items, trash[0].deleted_by.as_deref()),
        (ids[0], 2, Some("alice"))
    );
    assert_eq!(trash[0].barcodes, vec!["30001", "30002"]);
    assert_eq!(trash[0].purge_on, "2026-12-30");
    // Deleting twice is refused.
    assert_eq!(
        delete_record(&mut lib, ids[0], true, "alice", now())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn an_item_on_loan_blocks_the_deletion() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    add_item(&dir, ids[1], "40001", "available");
    // A real loan, made at the desk.
    carrel::circulation::add_patron(
        &mut lib,
        &carrel::circulation::PatronInput {
            name: "Ada Reader".into(),
            card: Some("P1".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    carrel::circulation::check_out(&mut lib, "40001", "P1", now().date(), None).unwrap();
    let err = delete_record(&mut lib, ids[1], true, "alice", now()).unwrap_err();
    assert!(err.to_string().contains("on loan (barcode 40001)"), "{err}");
    assert!(deleted_records(&lib).unwrap().is_empty());
    assert_eq!(
        delete_record(&mut lib, RecordId(999), true, "a", now())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn a_restored_record_is_found_again_with_its_headings_and_items() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    add_item(&dir, ids[0], "30001", "available");
    delete_record(&mut lib, ids[0], true, "alice", now()).unwrap();
    // A rename while it is deleted does not touch it.
    rename_subject(&mut lib, "Salvage", "Salvage operations", "bob", now()).unwrap();
    restore_record(&mut lib, ids[0], "alice", ts("2026-12-05T10:00:00+00:00")).unwrap();
    assert_eq!(search(&lib, "salvage law", 10).unwrap().total, 1);
    assert_eq!(
        search(&lib, "30001", 10).unwrap().total,
        1,
        "barcode searchable again"
    );
    assert_eq!(subject_records(&lib, "Salvage", 10).unwrap().len(), 1);
    assert_eq!(item_count(&dir), 1);
    assert!(deleted_records(&lib).unwrap().is_empty());
    let history = record_history(&lib, ids[0]).unwrap();
    let events: Vec<&str> = history
        .versions
        .iter()
        .map(|v| v.replaced_by.as_str())
        .collect();
    assert_eq!(events, vec!["restored", "deleted"]);
    assert_eq!(
        restore_record(&mut lib, ids[0], "a", now())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn deleted_records_are_purged_after_30_days_not_before() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    add_item(&dir, ids[0], "30001", "available");
    delete_record(
        &mut lib,
        ids[0],
        true,
        "alice",
        ts("2026-11-30T12:00:00+00:00"),
    )
    .unwrap();
    assert_eq!(
        purge_deleted(&mut lib, ts("2026-12-30T11:59:00+00:00")).unwrap(),
        0
    );
    // Same instant written in another offset: still within 30 days.
    assert_eq!(
        purge_deleted(&mut lib, ts("2026-12-30T12:30:00+01:00")).unwrap(),
        0
    );
    assert_eq!(deleted_records(&lib).unwrap().len(), 1);
    assert_eq!(
        purge_deleted(&mut lib, ts("2026-12-30T12:00:01+00:00")).unwrap(),
        1
    );
    assert!(deleted_records(&lib).unwrap().is_empty());
    assert_eq!(item_count(&dir), 0, "its items went with it");
    assert_eq!(
        get_marc(&lib, ids[0]).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        restore_record(&mut lib, ids[0], "a", now())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    // The other record is untouched.
    assert_eq!(search(&lib, "charter", 10).unwrap().total, 1);
    // A "now" that is not a date and time never reaches the purge: the type refuses it.
    assert_eq!(
        carrel::Timestamp::parse("not a date").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn a_deleted_record_can_be_removed_for_good_at_once() {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    assert_eq!(
        purge_record(&mut lib, ids[1]).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    add_item(&dir, ids[1], "50001", "available");
    delete_record(&mut lib, ids[1], true, "alice", now()).unwrap();
    purge_record(&mut lib, ids[1]).unwrap();
    // Its barcode is free for a new item.
    add_item(&dir, ids[0], "50001", "available");
    assert_eq!(item_count(&dir), 1);
}

#[test]
fn history_lists_versions_and_a_revert_is_itself_undoable() {
    let (_dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
    rename_subject(
        &mut lib,
        "Salvage",
        "Salvage -- Law and legislation",
        "alice",
        ts("2026-12-01T10:00:00+00:00"),
    )
    .unwrap();
    rename_subject(
        &mut lib,
        "Salvage -- Law and legislation",
        "Wreck",
        "bob",
        ts("2026-12-02T10:00:00+00:00"),
    )
    .unwrap();
    let h = record_history(&lib, ids[0]).unwrap();
    assert_eq!(h.versions.len(), 2);
    assert_eq!(h.versions[0].changed_by.as_deref(), Some("bob"));
    assert_eq!(h.versions[1].changed_by.as_deref(), Some("alice"));
    assert!(h.current.contains("$aWreck"));
    let oldest = h.versions[1].version_id;
    assert!(h.versions[1].mnemonic.contains("=650  \\0$aSalvage."));
    revert_to_version(
        &mut lib,
        ids[0],
        oldest,
        "carol",
        ts("2026-12-03T10:00:00+00:00"),
    )
    .unwrap();
    assert!(get_marc(&lib, ids[0])
        .unwrap()
        .to_string()
        .contains("=650  \\0$aSalvage.\n"));
    assert_eq!(subject_records(&lib, "Salvage", 10).unwrap().len(), 1);
    let h = record_history(&lib, ids[0]).unwrap();
    assert_eq!(h.versions.len(), 3);
    assert_eq!(h.versions[0].changed_by.as_deref(), Some("carol"));
    assert!(h.versions[0].mnemonic.contains("$aWreck"));
    // A version of another record is not this record's.
    let other = record_history(&lib, ids[1]).unwrap().versions[0].version_id;
    assert_eq!(
        revert_to_version(&mut lib, ids[0], other, "c", now())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn a_read_only_library_is_not_purged_and_refuses_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.sqlite");
    {
        let mut lib = Library::open(&path).unwrap();
        let ids = add_records(&mut lib, &fixture(), "t", now()).unwrap();
        delete_record(&mut lib, ids[0], false, "a", now()).unwrap();
        lib.integrity_check().unwrap();
    }
    // Checkpoint the WAL into the file before it becomes read-only.
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "journal_mode", "DELETE")
        .unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    // Root may write every file whatever its mode (CI runs as root): open it read-only then, as
    // `Library::open` does for everyone else.
    let mut lib = Library::open(&path).unwrap();
    if !lib.is_read_only() {
        lib = Library::open_read_only(&path).unwrap();
    }
    assert!(lib.is_read_only());
    assert_eq!(
        purge_deleted(&mut lib, ts("2027-06-01T00:00:00Z")).unwrap(),
        0
    );
    assert_eq!(deleted_records(&lib).unwrap().len(), 1);
    let err = delete_record(&mut lib, RecordId(2), false, "a", now()).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
}
