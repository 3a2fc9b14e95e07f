//! Long writes that change records already shown (issue 12): an import that merges duplicates,
//! and a subject heading renamed over many records. The desk is served while they run; a merge
//! import cancelled, failed or killed before it is decided leaves the library as it was; one
//! killed after it is decided, and a heading rename killed half-way, are finished at the next
//! opening, each record changed once.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use carrel::catalogue::add_records;
use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportEvent, ImportOptions};
use carrel::catalogue::search::{search, COUNT_CAP};
use carrel::catalogue::subjects::{merge_subjects_with_progress, subject_records};
use carrel::circulation::{self as circ, CheckoutOutcome};
use carrel::Library;
use carrel_marc::Record;
use common::*;

const RECORDS: u32 = 20_000;
/// Every this many incoming versions brings a copy (952), made when its merge is applied.
const WITH_ITEM_EVERY: u32 = 1_000;

/// `n` small records with control numbers `imp0…`: the first versions ("Imported report",
/// subject "Public accounts -- Australia"), or the revised ones an import merges ("Revised
/// report", subject "Public finance", a copy on every [`WITH_ITEM_EVERY`]th).
fn write_file(path: &Path, n: u32, revised: bool) {
    let mut bytes = Vec::new();
    for i in 0..n {
        let mut r = Record::new().with_control("001", &format!("imp{i}"));
        if revised {
            r = r
                .with_data("245", "10", &[('a', &format!("Revised report number {i}"))])
                .with_data("650", " 0", &[('a', "Public finance")]);
            if i % WITH_ITEM_EVERY == 0 {
                r = r.with_data("952", "  ", &[('p', &format!("MRG{i}")), ('o', "HJ9 .R4")]);
            }
        } else {
            r = r
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
        }
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    std::fs::write(path, bytes).unwrap();
}

/// A library with the desk's record, its copy D1 and a reader P1, and [`RECORDS`] first versions;
/// returns it with the file of revised versions.
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, mut lib) = desk_library();
    let first = dir.path().join("first.mrc");
    write_file(&first, RECORDS, false);
    let summary = import(&mut lib, &[first]);
    assert_eq!(summary.imported, RECORDS);
    let revised = dir.path().join("revised.mrc");
    write_file(&revised, RECORDS, true);
    let path = lib.path().to_path_buf();
    (dir, path, revised)
}

fn merge_options() -> ImportOptions {
    let mut o =
        ImportOptions::new(ts("2026-12-01T09:00:00+00:00")).with_duplicates(DuplicatePolicy::Merge);
    o.progress_interval = Duration::ZERO;
    o
}

/// A fingerprint of the rows of a query (every column, in order).
fn rows_hash(conn: &rusqlite::Connection, sql: &str) -> u64 {
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let mut h = DefaultHasher::new();
    let mut rows = stmt.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..n {
            format!("{:?}", row.get_ref(i).unwrap()).hash(&mut h);
        }
    }
    h.finish()
}

/// Everything a reader could see: the row count of every table (the full-text index's own
/// bookkeeping aside), the records, versions, items, keys and headings row by row, and what
/// searches find.
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
    for sql in [
        "SELECT * FROM records ORDER BY id",
        "SELECT * FROM record_versions ORDER BY id",
        "SELECT * FROM items ORDER BY id",
        "SELECT * FROM record_keys ORDER BY record_id, key",
        "SELECT * FROM record_subjects ORDER BY record_id, heading",
        "SELECT rowid, * FROM records_fts ORDER BY rowid",
    ] {
        out.push((sql.to_string(), rows_hash(&conn, sql) as i64));
    }
    let lib = Library::open(path).unwrap();
    for q in [
        "report",
        "revised",
        "desk",
        "19999",
        "subject:\"Public accounts\"",
        "subject:\"Public finance\"",
    ] {
        let found = search(&lib, q, 10).unwrap();
        out.push((format!("search {q}"), found.total as i64));
    }
    out.push(("visible".into(), lib.info().unwrap().records as i64));
    out
}

fn count(path: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn decided(path: &Path) -> bool {
    count(path, "SELECT count(*) FROM imports WHERE decided = 1") > 0
}

/// Nothing of a long write is left: no staged rows, no lock file.
fn nothing_left(dir: &Path, path: &Path) {
    for t in [
        "imports",
        "import_pending",
        "import_pending_merges",
        "import_pending_merge_keys",
        "heading_changes",
        "heading_change_records",
    ] {
        assert_eq!(count(path, &format!("SELECT count(*) FROM {t}")), 0, "{t}");
    }
    assert!(
        import_lock_files(dir).is_empty(),
        "{:?}",
        import_lock_files(dir)
    );
}

/// Every revised version is in, once: each record has the new title, exactly one earlier
/// version, and the copies the revised versions bring exist once each.
fn every_merge_applied_once(path: &Path) {
    assert_eq!(
        count(path, "SELECT count(*) FROM records WHERE title LIKE 'Revised report%' AND deleted_at IS NULL"),
        RECORDS as i64
    );
    assert_eq!(
        count(
            path,
            "SELECT count(*) FROM records WHERE title LIKE 'Imported report%'"
        ),
        0
    );
    assert_eq!(
        count(path, "SELECT count(*) FROM record_versions"),
        RECORDS as i64,
        "one earlier version per record, none twice"
    );
    assert_eq!(
        count(path, "SELECT count(*) FROM (SELECT record_id FROM record_versions GROUP BY record_id HAVING count(*) > 1)"),
        0
    );
    assert_eq!(
        count(path, "SELECT count(*) FROM items WHERE barcode LIKE 'MRG%'"),
        (RECORDS / WITH_ITEM_EVERY) as i64
    );
    let lib = Library::open(path).unwrap();
    assert_eq!(lib.info().unwrap().records, RECORDS + 1);
    // A search counts at most COUNT_CAP hits.
    assert_eq!(
        search(&lib, "revised", 1).unwrap().total,
        RECORDS.min(COUNT_CAP)
    );
    assert_eq!(search(&lib, "MRG19000", 1).unwrap().total, 1);
    assert_eq!(
        search(&lib, "subject:\"Public accounts\"", 1)
            .unwrap()
            .total,
        0
    );
}

/// Runs a merge import of `file` on a thread whose progress callback panics at the first event
/// for which `die(records read, decided)` is true: nothing cleans up (what was committed stays;
/// the lock file's lock goes with the dead handle), as after `kill -9`.
fn merge_import_killed_when(path: &Path, file: &Path, die: fn(u32, bool) -> bool) {
    let (path, file) = (path.to_path_buf(), file.to_path_buf());
    let crashed = std::thread::spawn(move || {
        let mut lib = Library::open(&path).unwrap();
        import_files(
            &mut lib,
            &[file],
            &merge_options(),
            &AtomicBool::new(false),
            &mut |e| {
                if let ImportEvent::Progress { records_read, .. } = e {
                    if die(*records_read, decided(&path)) {
                        panic!("killed");
                    }
                }
            },
        )
    })
    .join();
    assert!(crashed.is_err(), "the import was to die");
}

#[test]
fn the_desk_is_served_while_a_large_merge_import_reads_and_while_it_merges() {
    let (dir, path, file) = setup();
    let read = Arc::new(AtomicU32::new(0));
    let (reading_tx, reading_rx) = mpsc::channel();
    let (merging_tx, merging_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let importer = {
        let (path, read) = (path.clone(), Arc::clone(&read));
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            let (mut told_reading, mut told_merging) = (false, false);
            import_files(
                &mut lib,
                &[file],
                &merge_options(),
                &AtomicBool::new(false),
                &mut |e| {
                    if let ImportEvent::Progress { records_read, .. } = e {
                        read.store(*records_read, Ordering::SeqCst);
                        if *records_read >= 2_000 && !told_reading {
                            told_reading = true;
                            reading_tx.send(()).unwrap();
                        }
                        if !told_merging && decided(&path) {
                            // Between two chunks of merges (no transaction open): wait here
                            // while the desk checks the copy in, so that it is surely served
                            // half-way through the merges.
                            told_merging = true;
                            merging_tx.send(()).unwrap();
                            go_rx.recv_timeout(Duration::from_secs(60)).unwrap();
                        }
                    }
                },
            )
            .unwrap()
        })
    };
    reading_rx
        .recv_timeout(Duration::from_secs(300))
        .expect("the import got going");
    let mut desk = Library::open(&path).unwrap();
    let asked = Instant::now();
    let outcome = circ::check_out(&mut desk, "D1", "P1", "2026-12-01".parse().unwrap(), None);
    let took = asked.elapsed();
    let read_then = read.load(Ordering::SeqCst);
    assert!(
        matches!(outcome, Ok(CheckoutOutcome::Done(_))),
        "{outcome:?}"
    );
    assert!(took < Duration::from_secs(2), "the check-out took {took:?}");
    assert!(read_then < RECORDS, "the check-out waited for the reading");
    // Nothing merged is shown while the import reads.
    assert_eq!(
        search(&desk, "revised", 1).unwrap().total,
        0,
        "a merge shown before the import was decided"
    );

    merging_rx
        .recv_timeout(Duration::from_secs(300))
        .expect("the merges began");
    let applied = count(&path, "SELECT count(*) FROM record_versions");
    assert!(
        applied > 0 && applied < RECORDS as i64,
        "half-way through the merges ({applied} applied)"
    );
    let asked = Instant::now();
    circ::check_in(&mut desk, "D1", "2026-12-01".parse().unwrap()).unwrap();
    let took = asked.elapsed();
    assert!(took < Duration::from_secs(2), "the check-in took {took:?}");
    go_tx.send(()).unwrap();

    let summary = importer.join().unwrap();
    assert_eq!(summary.merged, RECORDS);
    assert_eq!(summary.imported, 0);
    every_merge_applied_once(&path);
    nothing_left(dir.path(), &path);
}

#[test]
fn a_merge_import_killed_before_it_is_decided_leaves_the_library_as_it_was() {
    let (dir, path, file) = setup();
    let before = content(&path);
    merge_import_killed_when(&path, &file, |read, _| read >= 5_000);
    assert!(
        count(&path, "SELECT count(*) FROM import_pending_merges") >= 500,
        "the staged merges were committed"
    );
    assert!(!decided(&path));
    // Meanwhile a reader sees the library as it was.
    let lib = Library::open(&path).unwrap();
    assert_eq!(search(&lib, "revised", 1).unwrap().total, 0);
    drop(lib);
    // The next opening for use removes the unfinished import.
    drop(carrel::open_library(Some(&path), now()).unwrap());
    assert_eq!(content(&path), before);
    nothing_left(dir.path(), &path);
}

#[test]
fn a_merge_import_killed_after_it_is_decided_is_finished_at_the_next_opening() {
    let (dir, path, file) = setup();
    // Dies at the first progress after the decision: after the first chunk of merges.
    merge_import_killed_when(&path, &file, |_, decided| decided);
    let applied = count(&path, "SELECT count(*) FROM record_versions");
    assert!(
        applied > 0 && applied < RECORDS as i64,
        "killed half-way through the merges ({applied} applied)"
    );
    // A plain opening (a reader) does no work.
    drop(Library::open(&path).unwrap());
    assert_eq!(
        count(&path, "SELECT count(*) FROM record_versions"),
        applied
    );
    // The next opening for use finishes it.
    drop(carrel::open_library(Some(&path), now()).unwrap());
    every_merge_applied_once(&path);
    nothing_left(dir.path(), &path);
    // And an opening after that has nothing to do.
    let after = content(&path);
    drop(carrel::open_library(Some(&path), now()).unwrap());
    assert_eq!(content(&path), after);
}

#[test]
fn a_cancelled_merge_import_leaves_the_library_as_it_was() {
    let (dir, path, file) = setup();
    let before = content(&path);
    let mut lib = Library::open(&path).unwrap();
    let cancel = AtomicBool::new(false);
    let summary = import_files(&mut lib, &[file], &merge_options(), &cancel, &mut |e| {
        if let ImportEvent::Progress { records_read, .. } = e {
            if *records_read >= 5_000 {
                cancel.store(true, Ordering::SeqCst);
            }
        }
    })
    .unwrap();
    assert!(summary.cancelled);
    assert_eq!(summary.merged, 0);
    drop(lib);
    assert_eq!(content(&path), before);
    nothing_left(dir.path(), &path);
}

/// A record merged twice by one import (the second incoming version found through a match key
/// only the first one brought) gets both versions in order, as when the import was one
/// transaction.
#[test]
fn a_second_version_in_the_same_import_finds_the_first_through_its_new_keys() {
    let (dir, mut lib) = new_library();
    let old =
        Record::new()
            .with_control("001", "ocm1")
            .with_data("245", "10", &[('a', "First version")]);
    add_records(&mut lib, &[old], "test", now()).unwrap();
    let v2 = Record::new()
        .with_control("001", "ocm1")
        .with_data("020", "  ", &[('a', "9780306406157")])
        .with_data("245", "10", &[('a', "Second version")]);
    let v3 = Record::new()
        .with_data("020", "  ", &[('a', "9780306406157")])
        .with_data("245", "10", &[('a', "Third version")]);
    let file = dir.path().join("versions.mrc");
    let mut bytes = carrel_marc::write_iso2709(&v2);
    bytes.extend(carrel_marc::write_iso2709(&v3));
    std::fs::write(&file, bytes).unwrap();
    let summary = import_policy(&mut lib, &[file], DuplicatePolicy::Merge);
    assert_eq!((summary.merged, summary.imported), (2, 0));
    assert_eq!(lib.info().unwrap().records, 1);
    let path = lib.path().to_path_buf();
    drop(lib);
    assert_eq!(
        count(
            &path,
            "SELECT count(*) FROM records WHERE title = 'Third version'"
        ),
        1
    );
    assert_eq!(count(&path, "SELECT count(*) FROM record_versions"), 2);
    nothing_left(dir.path(), &path);
}

#[test]
fn a_heading_rename_is_chunked_serves_the_desk_and_is_finished_at_open_when_killed() {
    let (dir, path, _) = setup();
    let from = vec!["Public accounts -- Australia".to_string()];
    let into = "Public finance -- Australia";
    // Served while it runs: a check-out from another connection after the first chunk.
    {
        let (chunk_tx, chunk_rx) = mpsc::channel();
        let renamer = {
            let (path, from) = (path.clone(), from.clone());
            std::thread::spawn(move || {
                let mut lib = Library::open(&path).unwrap();
                let mut told = false;
                merge_subjects_with_progress(
                    &mut lib,
                    &from,
                    "Public money -- Australia",
                    "tester",
                    now(),
                    &mut |done, total| {
                        assert_eq!(total, RECORDS);
                        if !told && done > 0 {
                            told = true;
                            chunk_tx.send(()).unwrap();
                        }
                    },
                )
                .unwrap()
            })
        };
        chunk_rx.recv_timeout(Duration::from_secs(300)).unwrap();
        let mut desk = Library::open(&path).unwrap();
        let asked = Instant::now();
        let outcome = circ::check_out(&mut desk, "D1", "P1", "2026-12-01".parse().unwrap(), None);
        let took = asked.elapsed();
        assert!(
            matches!(outcome, Ok(CheckoutOutcome::Done(_))),
            "{outcome:?}"
        );
        assert!(took < Duration::from_secs(2), "the check-out took {took:?}");
        let outcome = renamer.join().unwrap();
        assert_eq!(outcome.records_changed, RECORDS);
        nothing_left(dir.path(), &path);
    }
    // Killed after its first chunk: the next opening finishes it, each record once.
    let from = vec!["Public money -- Australia".to_string()];
    let versions_before = count(&path, "SELECT count(*) FROM record_versions");
    let crashed = {
        let (path, from) = (path.clone(), from.clone());
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            merge_subjects_with_progress(&mut lib, &from, into, "tester", now(), &mut |done, _| {
                if done > 0 {
                    panic!("killed");
                }
            })
        })
        .join()
    };
    assert!(crashed.is_err(), "the rename was to die half-way");
    let changed = count(&path, "SELECT count(*) FROM record_versions") - versions_before;
    assert!(
        changed > 0 && changed < RECORDS as i64,
        "killed half-way ({changed} records renamed)"
    );
    drop(carrel::open_library(Some(&path), now()).unwrap());
    assert_eq!(
        count(&path, "SELECT count(*) FROM record_versions") - versions_before,
        RECORDS as i64,
        "every record renamed once"
    );
    let lib = Library::open(&path).unwrap();
    assert_eq!(subject_records(&lib, &from[0], 10).unwrap().len(), 0);
    assert_eq!(subject_records(&lib, into, 5000).unwrap().len(), 5000);
    assert_eq!(
        search(&lib, "subject:\"Public finance\"", 1).unwrap().total,
        RECORDS.min(COUNT_CAP)
    );
    drop(lib);
    nothing_left(dir.path(), &path);
}

/// `n` small records with control numbers `same0…`, the `changed`th (if any) with another title;
/// each with a 005 stamped at `stamp` (a vendor restamps 005 on every export).
fn small_records(n: u32, changed: Option<u32>, stamp: &str) -> Vec<Record> {
    (0..n)
        .map(|i| {
            let title = if Some(i) == changed {
                format!("Changed title {i}")
            } else {
                format!("Same title {i}")
            };
            Record::new()
                .with_control("001", &format!("same{i}"))
                .with_control("005", stamp)
                .with_data("245", "10", &[('a', &title)])
                .with_data("650", " 0", &[('a', "Public finance")])
        })
        .collect()
}

fn write_records(path: &Path, records: &[Record]) {
    let bytes: Vec<u8> = records
        .iter()
        .flat_map(carrel_marc::write_iso2709)
        .collect();
    std::fs::write(path, bytes).unwrap();
}

/// Importing a file that is already in the library, however often and with either policy,
/// writes nothing: no version, no problem, every record counted as unchanged.
#[test]
fn importing_the_same_file_again_adds_no_versions_and_lists_no_problems() {
    const N: u32 = 50;
    let (dir, mut lib) = new_library();
    let file = dir.path().join("same.mrc");
    write_records(&file, &small_records(N, None, "20261101120000.0"));
    assert_eq!(import(&mut lib, std::slice::from_ref(&file)).imported, N);
    let path = lib.path().to_path_buf();
    drop(lib);
    let before = content(&path);
    for round in 0..3 {
        let mut lib = Library::open(&path).unwrap();
        let mut last = None;
        let s = import_files(
            &mut lib,
            std::slice::from_ref(&file),
            &merge_options(),
            &AtomicBool::new(false),
            &mut |e| {
                if let ImportEvent::Progress {
                    merged, unchanged, ..
                } = e
                {
                    last = Some((*merged, *unchanged));
                }
            },
        )
        .unwrap();
        assert_eq!(
            (s.imported, s.merged, s.skipped, s.unchanged),
            (0, 0, 0, N),
            "round {round}"
        );
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        assert_eq!(last, Some((0, N)), "the progress says what was found");
        assert!(
            carrel::catalogue::import::report_text(&s).contains(&format!(
                "Duplicates unchanged (already in the library): {N}"
            ))
        );
        let s = import(&mut lib, std::slice::from_ref(&file));
        assert_eq!((s.skipped, s.unchanged), (0, N));
        assert!(s.problems.is_empty(), "{:?}", s.problems);
        drop(lib);
        assert_eq!(content(&path), before, "round {round} wrote nothing");
    }
    // The same records restamped (005) and written as MARCXML are still the same records.
    let xml = dir.path().join("same.xml");
    let restamped = small_records(N, None, "20261201090000.0");
    carrel_marc::marcxml::write_collection(std::fs::File::create(&xml).unwrap(), &restamped)
        .unwrap();
    let mut lib = Library::open(&path).unwrap();
    let s = import_policy(&mut lib, &[xml], DuplicatePolicy::Merge);
    assert_eq!((s.merged, s.unchanged), (0, N));
    drop(lib);
    assert_eq!(content(&path), before);
}

/// A file with one record changed since the last import gives that record one version (whose
/// change is the new title); the others are unchanged. An identical copy of a record later in
/// the same file is unchanged against the version this import merged, not merged again.
#[test]
fn a_changed_record_gets_one_version_and_its_repeat_in_the_file_none() {
    const N: u32 = 20;
    let (dir, mut lib) = new_library();
    let file = dir.path().join("first.mrc");
    write_records(&file, &small_records(N, None, "20261101120000.0"));
    assert_eq!(import(&mut lib, &[file]).imported, N);
    let mut records = small_records(N, Some(7), "20261101120000.0");
    records.push(records[7].clone());
    let file = dir.path().join("changed.mrc");
    write_records(&file, &records);
    let s = import_policy(&mut lib, &[file], DuplicatePolicy::Merge);
    assert_eq!(
        (s.imported, s.merged, s.unchanged),
        (0, 1, N),
        "{:?}",
        s.problems
    );
    assert!(
        s.problems.is_empty(),
        "a merge is no problem: {:?}",
        s.problems
    );
    let path = lib.path().to_path_buf();
    drop(lib);
    assert_eq!(count(&path, "SELECT count(*) FROM record_versions"), 1);
    let id = count(
        &path,
        "SELECT id FROM records WHERE control_number = 'same7'",
    );
    let lib = Library::open(&path).unwrap();
    let h = carrel::catalogue::history::record_history(&lib, carrel::RecordId(id)).unwrap();
    assert_eq!(h.versions.len(), 1);
    assert!(h.current.contains("Changed title 7"), "{}", h.current);
    assert!(
        h.versions[0]
            .changes
            .iter()
            .any(|l| l.text.contains("Same title 7")),
        "{:?}",
        h.versions[0].changes
    );
}

/// A version's number counts the record's own versions (1, 2, 3…), not every version in the
/// library; a revert names the version by that number.
#[test]
fn version_numbers_count_each_records_own_versions() {
    let (dir, mut lib) = new_library();
    let file = dir.path().join("v.mrc");
    write_records(&file, &small_records(3, None, "20261101120000.0"));
    import(&mut lib, std::slice::from_ref(&file));
    // Three rounds of changes to every record: versions are interleaved across records.
    for round in 0..3u32 {
        let records: Vec<Record> = (0..3)
            .map(|i| {
                Record::new()
                    .with_control("001", &format!("same{i}"))
                    .with_data("245", "10", &[('a', &format!("Round {round} of {i}"))])
            })
            .collect();
        write_records(&file, &records);
        let s = import_policy(
            &mut lib,
            std::slice::from_ref(&file),
            DuplicatePolicy::Merge,
        );
        assert_eq!(s.merged, 3);
    }
    let path = lib.path().to_path_buf();
    let last = carrel::RecordId(count(
        &path,
        "SELECT id FROM records WHERE control_number = 'same2'",
    ));
    let h = carrel::catalogue::history::record_history(&lib, last).unwrap();
    let numbers: Vec<u32> = h.versions.iter().map(|v| v.number).collect();
    assert_eq!(numbers, [3, 2, 1], "newest first");
    assert!(
        h.versions[0].version_id > 3,
        "the row ids run across records"
    );
    let oldest = h.versions[2].version_id;
    carrel::catalogue::history::revert_to_version(&mut lib, last, oldest, "tester", now()).unwrap();
    let h = carrel::catalogue::history::record_history(&lib, last).unwrap();
    assert_eq!(h.versions[0].number, 4);
    assert_eq!(
        h.versions[0].summary.as_deref(),
        Some(format!("Reverted to version 1 (replaced on {NOW})").as_str())
    );
}
