//! An import commits in hidden batches (issue 12): the desk is served while it runs, and a
//! cancelled, failed or killed import still leaves the library as it was.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use carrel::catalogue::import::{import_files, ImportEvent, ImportOptions};
use carrel::catalogue::search::search;
use carrel::circulation::{self as circ, CheckoutOutcome};
use carrel::Library;
use carrel_marc::Record;
use common::*;

const RECORDS: u32 = 20_000;

/// `n` small records ("Imported report number I", subject "Public accounts").
fn write_import_file(path: &Path, n: u32) {
    let mut bytes = Vec::new();
    for i in 0..n {
        let r = Record::new()
            .with_control("001", &format!("imp{i}"))
            .with_data(
                "245",
                "10",
                &[('a', &format!("Imported report number {i}"))],
            )
            .with_data(
                "650",
                " 0",
                &[('a', "Public accounts"), ('z', "Australia.")],
            );
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    std::fs::write(path, bytes).unwrap();
}

/// A library with one record, its copy D1 and a reader P1, and the import file.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, lib) = desk_library();
    let file = dir.path().join("big.mrc");
    write_import_file(&file, RECORDS);
    let path = lib.path().to_path_buf();
    (dir, path, file)
}

/// Everything a reader could see: the count of rows of every table (the full-text index's own
/// bookkeeping aside), the entries of the full-text index, and what a search finds.
fn content(path: &Path) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'records_fts_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out: Vec<(String, i64)> = tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect();
    let lib = Library::open(path).unwrap();
    for q in ["report", "desk", "19999", "subject:\"Public accounts\""] {
        let found = search(&lib, q, 10).unwrap();
        out.push((format!("search {q}"), found.total as i64));
    }
    out.push(("visible".into(), lib.info().unwrap().records as i64));
    out
}

/// Imports `file` into the library at `path` on a thread that "dies" once `records` are
/// imported: the progress callback panics, so nothing cleans up (the committed batches stay; the
/// lock file's lock goes with the dead handle), as after `kill -9`.
fn import_killed_after(path: &Path, file: &Path, records: u32) {
    let (path, file) = (path.to_path_buf(), file.to_path_buf());
    let crashed = std::thread::spawn(move || {
        let mut lib = Library::open(&path).unwrap();
        import_files(
            &mut lib,
            &[file],
            &ImportOptions::new(now()),
            &AtomicBool::new(false),
            &mut |e| {
                if let ImportEvent::Progress { imported, .. } = e {
                    if *imported >= records {
                        panic!("killed");
                    }
                }
            },
        )
    })
    .join();
    assert!(crashed.is_err(), "the import was to die half-way");
}

#[test]
fn a_check_out_during_a_large_import_is_served_at_once() {
    let (dir, path, file) = setup();
    let seen = Arc::new(AtomicU32::new(0));
    let (started_tx, started_rx) = mpsc::channel();
    let importer = {
        let (path, seen) = (path.clone(), Arc::clone(&seen));
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            let mut told = false;
            import_files(
                &mut lib,
                &[file],
                &ImportOptions::new(now()),
                &AtomicBool::new(false),
                &mut |e| {
                    if let ImportEvent::Progress { imported, .. } = e {
                        seen.store(*imported, Ordering::SeqCst);
                        if *imported >= 2_000 && !told {
                            told = true;
                            started_tx.send(()).unwrap();
                        }
                    }
                },
            )
            .unwrap()
        })
    };
    started_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the import got going");
    let mut desk = Library::open(&path).unwrap();
    let asked = Instant::now();
    let outcome = circ::check_out(&mut desk, "D1", "P1", "2026-12-01".parse().unwrap(), None);
    let took = asked.elapsed();
    let imported_then = seen.load(Ordering::SeqCst);
    assert!(
        matches!(outcome, Ok(CheckoutOutcome::Done(_))),
        "{outcome:?}"
    );
    assert!(took < Duration::from_secs(2), "the check-out took {took:?}");
    let summary = importer.join().unwrap();
    assert_eq!(summary.imported, RECORDS);
    // The desk was served while the import went on, not after it.
    assert!(
        imported_then < RECORDS,
        "the check-out waited for the import's end"
    );
    // Everything is shown once the import is done.
    let c = content(&path);
    let get = |k: &str| c.iter().find(|(n, _)| n == k).unwrap().1;
    assert_eq!(get("visible"), RECORDS as i64 + 1);
    assert_eq!(get("search 19999"), 1);
    assert!(get("search subject:\"Public accounts\"") > 0);
    assert_eq!(get("import_pending") + get("imports"), 0);
    assert!(import_lock_files(dir.path()).is_empty());
}

#[test]
fn a_cancelled_import_leaves_the_library_as_it_was() {
    let (dir, path, file) = setup();
    let before = content(&path);
    let mut lib = Library::open(&path).unwrap();
    let cancel = AtomicBool::new(false);
    let summary = import_files(
        &mut lib,
        &[file],
        &ImportOptions::new(now()),
        &cancel,
        &mut |e| {
            if let ImportEvent::Progress { imported, .. } = e {
                if *imported >= 5_000 {
                    cancel.store(true, Ordering::SeqCst);
                }
            }
        },
    )
    .unwrap();
    assert!(summary.cancelled);
    assert!(summary.records_read > 5_000 && summary.records_read < RECORDS);
    drop(lib);
    assert_eq!(content(&path), before);
    assert!(import_lock_files(dir.path()).is_empty());
}

#[test]
fn an_import_killed_half_way_leaves_no_trace_after_the_next_opening() {
    let (dir, path, file) = setup();
    let before = content(&path);
    // The process "dies" half-way: the progress callback panics, so nothing cleans up (the
    // committed batches stay; the lock file's lock goes with the dead handle).
    import_killed_after(&path, &file, 5_000);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM import_pending", [], |r| r.get(0))
        .unwrap();
    assert!(left >= 500, "the batches were committed ({left} rows)");
    drop(conn);
    // Hidden meanwhile: a reader sees the library as it was.
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.info().unwrap().records, 1);
    drop(lib);
    // The next opening for use removes the unfinished import.
    drop(carrel::open_library(Some(&path), now()).unwrap());
    assert_eq!(content(&path), before);
    assert!(import_lock_files(dir.path()).is_empty());
}

#[test]
fn an_import_running_elsewhere_is_not_taken_for_a_dead_one() {
    let (_dir, path, file) = setup();
    let (started_tx, started_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let importer = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            let mut told = false;
            import_files(
                &mut lib,
                &[file],
                &ImportOptions::new(now()),
                &AtomicBool::new(false),
                &mut |e| {
                    if let ImportEvent::Progress { imported, .. } = e {
                        if *imported >= 2_000 && !told {
                            told = true;
                            started_tx.send(()).unwrap();
                            // Wait here (a batch may be open: the opening below only reads
                            // when it finds a live import).
                            go_rx.recv_timeout(Duration::from_secs(60)).unwrap();
                        }
                    }
                },
            )
            .unwrap()
        })
    };
    started_rx.recv_timeout(Duration::from_secs(120)).unwrap();
    drop(carrel::open_library(Some(&path), now()).unwrap());
    go_tx.send(()).unwrap();
    let summary = importer.join().unwrap();
    assert_eq!(summary.imported, RECORDS);
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.info().unwrap().records, RECORDS + 1);
}

/// A copy of a record that an unfinished import is still writing is not lent; and should a loan
/// be on such a copy anyway (lent before that rule, or by hand), the import's removal after a
/// crash keeps that record as a deleted record instead of making the library unopenable.
#[test]
fn a_lent_copy_of_a_killed_import_never_locks_the_library() {
    let (_dir, path, _) = setup();
    let file = path.with_file_name("with-items.mrc");
    let mut bytes = Vec::new();
    for i in 0..3_000 {
        let r = Record::new()
            .with_control("001", &format!("itm{i}"))
            .with_data("245", "10", &[('a', &format!("Lent report {i}"))])
            .with_data("952", "  ", &[('p', &format!("IMP{i}")), ('o', "KD9 .L4")]);
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    std::fs::write(&file, bytes).unwrap();
    import_killed_after(&path, &file, 1_000);
    let mut lib = Library::open(&path).unwrap();
    // The desk refuses the copy while its record is hidden.
    let err = circ::check_out(&mut lib, "IMP3", "P1", day(), None).unwrap_err();
    assert!(err.to_string().contains("still being imported"), "{err}");
    // A loan made anyway (as before the rule): the next opening must still succeed.
    drop(lib);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO loans (item_id, patron_id, checked_out_on, due_on, status_before)
             SELECT i.id, p.id, '2026-11-30', '2026-12-21', 'available'
             FROM items i, patrons p WHERE i.barcode = 'IMP3' AND p.card = 'P1';
             UPDATE items SET status = 'on_loan' WHERE barcode = 'IMP3';",
        )
        .unwrap();
    let mut lib = carrel::open_library(Some(&path), now()).unwrap();
    assert_eq!(
        lib.info().unwrap().records,
        1,
        "the import's other records are gone"
    );
    let kept = carrel::catalogue::trash::deleted_records(&lib).unwrap();
    assert_eq!(
        kept.len(),
        1,
        "the lent copy's record waits in Deleted records"
    );
    assert!(
        kept[0].title.starts_with("Lent report 3"),
        "{:?}",
        kept[0].title
    );
    // The copy comes back at the desk as usual.
    let back = circ::check_in(&mut lib, "IMP3", day()).unwrap();
    assert_eq!(back.item_barcode, "IMP3");
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}
