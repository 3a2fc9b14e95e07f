//! Backups, restores and `check` on real library files: a backup holds what is still only in
//! the `-wal` file, stays consistent while another connection writes, is written whole or not at
//! all; `check` finds planted inconsistencies; a restore round-trips and refuses what it must.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use carrel::catalogue::add_records;
use carrel::catalogue::items::{add_item, ItemInput};
use carrel::circulation::{self as circ, HoldOutcome, PatronInput};
use carrel::maintenance::{check, restore, restore_preview, FindingKind};
use carrel::storage::backup::{backup, checkpoint, Counts};
use carrel::{ErrorKind, Library, RecordId};
use carrel_marc::Record;
use common::*;
use rusqlite::Connection;

fn record(title: &str) -> Record {
    Record::new().with_data("245", "10", &[('a', title)])
}

/// Records "Contract law" (items A1, A2), "Tort" (B1), "Equity"; patron P1 has A1 on loan and a
/// hold on "Tort".
fn desk_library() -> (tempfile::TempDir, Library, Vec<RecordId>, i64) {
    let (dir, mut lib) = new_library();
    let ids = add_records(
        &mut lib,
        &[record("Contract law"), record("Tort"), record("Equity")],
        "test",
        now(),
    )
    .unwrap();
    for (rec, barcode) in [(ids[0], "A1"), (ids[0], "A2"), (ids[1], "B1")] {
        let input = ItemInput {
            barcode: barcode.into(),
            call_number: "KD1 .A1".into(),
            ..Default::default()
        };
        add_item(&mut lib, rec, &input, now()).unwrap();
    }
    let patron = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Ada Reader".into(),
            card: Some("P1".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    let today = now().date();
    circ::check_out(&mut lib, "A1", "P1", today, None).unwrap();
    // B1 is on the shelf, so a hold on "Tort" would be refused: lend it to make the hold wait.
    circ::check_out(&mut lib, "B1", "P1", today, None).unwrap();
    let hold = match circ::place_hold(&mut lib, patron.id, ids[1], None, today).unwrap() {
        HoldOutcome::Done(h) => h.id,
        HoldOutcome::Refused(r) => panic!("hold refused: {}", r.message),
    };
    (dir, lib, ids, hold)
}

fn titles(path: &Path) -> Vec<String> {
    let c = Connection::open(path).unwrap();
    let mut stmt = c
        .prepare("SELECT title FROM records WHERE deleted_at IS NULL ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn a_backup_holds_what_is_still_only_in_the_wal() {
    let (dir, mut lib, _, _) = desk_library();
    // A second connection (the window) adds 40 records; they stay in the -wal file while both
    // connections are open.
    let mut other = Library::open(lib.path()).unwrap();
    let added: Vec<Record> = (0..40).map(|i| record(&format!("Recent {i}"))).collect();
    add_records(&mut other, &added, "test", now()).unwrap();
    let wal = dir.path().join("library.sqlite-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    // What a file copy gets: the main file alone lacks them.
    let copied = dir.path().join("copy.sqlite");
    std::fs::copy(lib.path(), &copied).unwrap();
    let in_copy: rusqlite::Result<u32> =
        Connection::open(&copied)
            .unwrap()
            .query_row("SELECT count(*) FROM records", [], |r| r.get(0));
    assert!(!matches!(in_copy, Ok(43)), "the bug a backup avoids");

    let target = dir.path().join("backup.sqlite");
    let report = backup(&lib, &target, now()).unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!(
        report.counts,
        Counts {
            records: 43,
            items: 3,
            patrons: 1,
            loans: 2,
            bibliographies: 0
        }
    );
    assert_eq!(report.bytes, std::fs::metadata(&target).unwrap().len());
    let t = titles(&target);
    assert_eq!(t.len(), 43);
    assert_eq!(t[3], "Recent 0");
    assert_eq!(t[42], "Recent 39");
    // One self-contained file: nothing beside it, no leftover temporary file.
    assert!(!dir.path().join("backup.sqlite-wal").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty());
    drop(other);
    // After a checkpoint (the window's, when idle) the main file alone is current.
    assert!(checkpoint(&lib).unwrap());
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
    std::fs::copy(lib.path(), &copied).unwrap();
    assert_eq!(titles(&copied).len(), 43);
    // A folder as target: the default name from the caller's timestamp.
    let report = backup(&lib, dir.path(), ts("2026-12-07T09:05:03+01:00")).unwrap();
    assert!(
        report
            .path
            .ends_with("carrel-backup-2026-12-07-090503.sqlite"),
        "{}",
        report.path
    );
    // The library itself is never the target.
    let path = lib.path().to_path_buf();
    assert_eq!(
        backup(&lib, &path, now()).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let _ = &mut lib;
}

#[test]
fn a_backup_while_another_thread_writes_is_consistent_and_complete() {
    let (dir, lib, _, _) = desk_library();
    let path = lib.path().to_path_buf();
    let committed = Arc::new(AtomicU32::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (committed, stop) = (committed.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut other = Library::open(&path).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                add_records(&mut other, &[record(&format!("Write {n}"))], "test", now()).unwrap();
                n += 1;
                committed.store(n, Ordering::SeqCst);
            }
            n
        })
    };
    while committed.load(Ordering::SeqCst) < 30 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let mut reports = Vec::new();
    for i in 0..3 {
        let before = committed.load(Ordering::SeqCst);
        let target = dir.path().join(format!("b{i}.sqlite"));
        let report = backup(&lib, &target, now()).unwrap();
        let after = committed.load(Ordering::SeqCst);
        reports.push((before, after, target, report));
    }
    stop.store(true, Ordering::SeqCst);
    let total = writer.join().unwrap();
    assert!(total > 30);
    for (before, after, target, report) in reports {
        assert_eq!(report.integrity, "ok");
        let t = titles(&target);
        assert_eq!(t.len() as u32, report.counts.records);
        let writes = t.len() as u32 - 3;
        assert!(
            writes >= before && writes <= after,
            "{writes} not in {before}..={after}"
        );
        // Every write up to the last one copied, in order, none missing.
        for (n, title) in t[3..].iter().enumerate() {
            assert_eq!(title, &format!("Write {n}"));
        }
        assert!(Library::open(&target).unwrap().integrity_check().unwrap() == "ok");
    }
}

#[test]
fn a_backup_into_a_read_only_folder_fails_and_leaves_nothing() {
    let (dir, lib, _, _) = desk_library();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    // root writes into a 0555 folder anyway: then /proc stands for a read-only folder.
    let folder = if std::fs::write(folder.join("probe"), b"x").is_ok() {
        std::fs::remove_file(folder.join("probe")).unwrap();
        Path::new("/proc").to_path_buf()
    } else {
        folder
    };
    let before = std::fs::read_dir(&folder).unwrap().count();
    let err = backup(&lib, &folder.join("b.sqlite"), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert!(!folder.join("b.sqlite").exists());
    let after = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(before, after);
    // A folder that does not exist is named.
    let err = backup(&lib, &dir.path().join("missing/b.sqlite"), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("missing"), "{err}");
}

fn plant(lib: &Library, sql: &str) {
    let c = Connection::open(lib.path()).unwrap();
    c.execute_batch(sql).unwrap();
}

/// `check` on the library's long-lived connection (as the window holds it), which has checked the
/// file before the rows were planted by another connection.
fn findings(lib: &Library) -> Vec<(FindingKind, String, String)> {
    let report = check(lib).unwrap();
    assert_eq!(report.ok, report.findings.is_empty());
    report
        .findings
        .into_iter()
        .map(|f| (f.kind, f.row, f.message))
        .collect()
}

#[test]
fn check_reports_nothing_on_a_sound_library() {
    let (_dir, lib, _, _) = desk_library();
    let report = check(&lib).unwrap();
    assert_eq!(report.integrity, "ok");
    assert!(report.ok, "{:?}", report.findings);
}

#[test]
fn check_finds_each_planted_inconsistency() {
    let (_dir, lib, ids, hold) = desk_library();
    // On loan without a loan, and a loan on an item that says it is available.
    plant(
        &lib,
        "UPDATE items SET status = 'on_loan' WHERE barcode = 'A2';
         UPDATE items SET status = 'available' WHERE barcode = 'A1';",
    );
    let f = findings(&lib);
    assert!(f.iter().any(|(k, row, m)| *k == FindingKind::LoanStatus
        && row == "item A2"
        && m.contains("no open loan")));
    assert!(f.iter().any(|(k, row, m)| *k == FindingKind::LoanStatus
        && row == "item A1"
        && m.contains("patron P1")
        && m.contains("available")));
    assert_eq!(f.len(), 2, "{f:?}");
    plant(
        &lib,
        "UPDATE items SET status = 'available' WHERE barcode = 'A2';
         UPDATE items SET status = 'on_loan' WHERE barcode = 'A1';",
    );
    assert!(check(&lib).unwrap().ok);

    // A live record with no search entry.
    plant(
        &lib,
        &format!("DELETE FROM records_fts WHERE rowid = {}", ids[2]),
    );
    let f = findings(&lib);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, FindingKind::IndexEntry);
    assert_eq!(f[0].1, format!("record {}", ids[2]));
    assert!(f[0].2.contains("Equity"), "{}", f[0].2);

    // A waiting hold on a deleted record (deleted behind Carrel's back: its index entry stays).
    plant(
        &lib,
        &format!(
            "UPDATE records SET deleted_at = '2026-12-01T00:00:00+00:00' WHERE id = {}",
            ids[1]
        ),
    );
    let f = findings(&lib);
    assert!(f.iter().any(|(k, row, m)| *k == FindingKind::HoldRecord
        && *row == format!("hold {hold}")
        && m.contains("deleted")
        && m.contains("P1")));
    assert!(f
        .iter()
        .any(|(k, row, _)| *k == FindingKind::IndexEntry && *row == format!("record {}", ids[1])));

    // A row pointing at nothing.
    plant(
        &lib,
        "PRAGMA foreign_keys = OFF; UPDATE items SET record_id = 9999 WHERE barcode = 'A2';",
    );
    let f = findings(&lib);
    assert!(
        f.iter().any(|(k, row, m)| *k == FindingKind::ForeignKey
            && row == "item A2"
            && m.contains("records")),
        "{f:?}"
    );

    // The full-text index no longer matches what it indexed.
    plant(
        &lib,
        &format!(
            "UPDATE records_fts_content SET c0 = 'nothing like it' WHERE id = {}",
            ids[0]
        ),
    );
    let f = findings(&lib);
    assert!(
        f.iter().any(|(k, _, _)| *k == FindingKind::SearchIndex),
        "{f:?}"
    );
}

fn file_bytes(lib: &Library) -> (Vec<u8>, Vec<u8>) {
    let wal = format!("{}-wal", lib.path().display());
    (
        std::fs::read(lib.path()).unwrap(),
        std::fs::read(wal).unwrap_or_default(),
    )
}

#[test]
fn restore_brings_back_the_backup_and_keeps_what_it_replaced() {
    let (dir, mut lib, ids, _) = desk_library();
    let saved = dir.path().join("monday.sqlite");
    backup(&lib, &saved, now()).unwrap();
    // The day goes on: a record added, one deleted, A1 returned.
    add_records(&mut lib, &[record("Added after")], "test", now()).unwrap();
    carrel::catalogue::trash::delete_record(&mut lib, ids[2], false, "test", now()).unwrap();
    circ::check_in(&mut lib, "A1", now().date()).unwrap();

    let preview = restore_preview(&lib, &saved).unwrap();
    assert_eq!(preview.backup.counts.records, 3);
    assert_eq!(preview.current.counts.records, 3);
    assert_eq!(
        preview.backup.schema_version,
        preview.current.schema_version
    );
    assert!(preview.backup.newest_change.is_some());

    let report = restore(&mut lib, &saved, None, now()).unwrap();
    assert_eq!(
        titles(lib.path()),
        vec!["Contract law", "Tort", "Equity"],
        "the backup's records, read by another connection"
    );
    assert_eq!(report.now.counts.loans, 2);
    assert_eq!(
        carrel::catalogue::items::get_item_by_barcode(&lib, "A1")
            .unwrap()
            .status,
        carrel::catalogue::items::ItemStatus::OnLoan
    );
    assert!(check(&lib).unwrap().ok);
    let mode: String = Connection::open(lib.path())
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // The safety copy, in `backups` beside the library, holds the day's work.
    let before = Path::new(&report.before.path);
    assert_eq!(
        before.parent().unwrap(),
        dir.path().canonicalize().unwrap().join("backups")
    );
    let t = titles(before);
    assert!(t.contains(&"Added after".to_string()));
    assert!(!t.contains(&"Equity".to_string()));
    // The same connection sees the restored library and goes on working.
    add_records(&mut lib, &[record("After restore")], "test", now()).unwrap();
    assert_eq!(titles(lib.path()).len(), 4);
    let report = check(&lib).unwrap();
    assert!(report.ok, "{:?}", report.findings);
    let fresh = Library::open(lib.path()).unwrap();
    assert!(check(&fresh).unwrap().ok);
}

#[test]
fn restore_refuses_other_files_and_newer_libraries_leaving_the_library_untouched() {
    let (dir, mut lib, _, _) = desk_library();
    let text = dir.path().join("notes.sqlite");
    std::fs::write(
        &text,
        "not a database at all, only some text of some length",
    )
    .unwrap();
    let other = dir.path().join("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let newer = dir.path().join("newer.sqlite");
    backup(&lib, &newer, now()).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    // A backup with a damaged page in the middle (the records table's pages overwritten).
    let damaged = dir.path().join("damaged.sqlite");
    backup(&lib, &damaged, now()).unwrap();
    let root: u32 = Connection::open(&damaged)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'records'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let page = 4096 * (root as usize - 1);
    bytes[page..page + 4096].fill(0xA5);
    std::fs::write(&damaged, bytes).unwrap();
    let before = file_bytes(&lib);
    for (file, kind) in [
        (&damaged, ErrorKind::InvalidInput),
        (&text, ErrorKind::NotALibrary),
        (&other, ErrorKind::NotALibrary),
        (&newer, ErrorKind::NewerLibrary),
        (&dir.path().join("missing.sqlite"), ErrorKind::NotFound),
    ] {
        assert_eq!(
            restore_preview(&lib, file).unwrap_err().kind(),
            kind,
            "{}",
            file.display()
        );
        let err = restore(&mut lib, file, None, now()).unwrap_err();
        assert_eq!(err.kind(), kind, "{}: {err}", file.display());
        assert!(file_bytes(&lib) == before, "{}", file.display());
    }
    assert!(!dir.path().join("backups").exists());
    assert_eq!(titles(lib.path()).len(), 3);
}

#[test]
fn check_on_a_long_lived_connection_sees_what_another_connection_changed() {
    let (_dir, lib, ids, _) = desk_library();
    assert!(check(&lib).unwrap().ok);
    // Another connection (an import, the command line) changes the search index correctly.
    let mut other = Library::open(lib.path()).unwrap();
    add_records(&mut other, &[record("From elsewhere")], "test", now()).unwrap();
    carrel::catalogue::trash::delete_record(&mut other, ids[2], false, "test", now()).unwrap();
    drop(other);
    let report = check(&lib).unwrap();
    assert_eq!(report.integrity, "ok");
    assert!(report.ok, "{:?}", report.findings);
}

#[test]
fn a_read_only_library_is_backed_up_and_checked() {
    let (dir, lib, _, _) = desk_library();
    let path = lib.path().to_path_buf();
    drop(lib);
    let ro = Library::open_read_only(&path).unwrap();
    let report = check(&ro).unwrap();
    assert!(report.ok, "{:?}", report.findings);
    let b = backup(&ro, &dir.path().join("ro-backup.sqlite"), now()).unwrap();
    assert_eq!(b.counts.records, 3);
    assert_eq!(b.counts.loans, 2);
    assert_eq!(
        restore(
            &mut Library::open_read_only(&path).unwrap(),
            Path::new(&b.path),
            None,
            now()
        )
        .unwrap_err()
        .kind(),
        ErrorKind::InvalidInput
    );
}

/// Two backups or two restores within the same second never share a file: each restore's safety
/// copy keeps what that restore replaced; restoring the library onto itself is refused.
#[test]
fn backups_and_safety_copies_in_the_same_second_get_their_own_files() {
    let (dir, mut lib, _, _) = desk_library();
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let first = backup(&lib, &folder, now()).unwrap();
    let second = backup(&lib, &folder, now()).unwrap();
    assert_ne!(first.path, second.path);
    assert!(Path::new(&first.path).is_file() && Path::new(&second.path).is_file());
    // Both are generations that pruning and "the newest backup" know.
    assert_eq!(
        carrel::storage::backup::list_backups(&folder)
            .unwrap()
            .len(),
        2
    );

    add_records(&mut lib, &[record("Precious")], "test", now()).unwrap();
    let r1 = restore(&mut lib, Path::new(&first.path), None, now()).unwrap();
    let r2 = restore(&mut lib, Path::new(&second.path), None, now()).unwrap();
    assert_ne!(r1.before.path, r2.before.path);
    assert!(
        titles(Path::new(&r1.before.path)).contains(&"Precious".to_string()),
        "the first safety copy still holds what the first restore replaced"
    );

    let path = lib.path().to_path_buf();
    let err = restore(&mut lib, &path, None, now()).unwrap_err();
    assert!(err.to_string().contains("the library itself"), "{err}");
}

/// A backup cut short (a copy interrupted, a full stick) is called damaged or incomplete, not
/// "not a Carrel library", and nothing is changed.
#[test]
fn a_truncated_backup_is_called_incomplete() {
    let (dir, mut lib, _, _) = desk_library();
    let saved = dir.path().join("full.sqlite");
    backup(&lib, &saved, now()).unwrap();
    let bytes = std::fs::read(&saved).unwrap();
    let cut = dir.path().join("cut.sqlite");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let before = file_bytes(&lib);
    let err = restore(&mut lib, &cut, None, now()).unwrap_err();
    assert!(
        err.to_string().contains("damaged or incomplete") || err.to_string().contains("is damaged"),
        "{err}"
    );
    assert!(!err.to_string().contains("not a Carrel library"), "{err}");
    assert_eq!(file_bytes(&lib), before);
}

/// The comparison before a restore dates each side by its newest change to records, items or
/// patrons: a library whose desk changed since the backup never looks as old as the backup.
#[test]
fn the_restore_comparison_sees_changes_to_items_and_patrons() {
    let (dir, mut lib, _, _) = desk_library();
    let saved = dir.path().join("monday.sqlite");
    backup(&lib, &saved, ts("2026-11-30T12:00:00+00:00")).unwrap();
    circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Later Patron".into(),
            card: Some("P9".into()),
            ..Default::default()
        },
        ts("2026-12-01T09:30:00+00:00"),
    )
    .unwrap();
    let preview = restore_preview(&lib, &saved).unwrap();
    assert_eq!(
        preview.current.newest_change.as_deref(),
        Some("2026-12-01T09:30:00+00:00")
    );
    assert_ne!(preview.backup.newest_change, preview.current.newest_change);
}
