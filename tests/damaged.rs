//! A damaged library (issue 12, honest refusals): garbage written over pages in the middle of a
//! real library file. It is found when the library is opened, nothing is written into it (nor
//! backed up from it), the refusal names the newest backup, and `check` and `restore` still work
//! on it. Also: a backup file gets the mode the umask gives, as an export does.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Instant;

use carrel::catalogue::add_records;
use carrel::maintenance::{check, restore, restore_preview, FindingKind};
use carrel::storage::backup::{backup, list_backups};
use carrel::{ErrorKind, Library};
use carrel_marc::Record;
use common::*;

fn records(n: usize, tag: &str) -> Vec<Record> {
    (0..n)
        .map(|i| {
            Record::new()
                .with_control("001", &format!("{tag}{i:06}"))
                .with_data("100", "1 ", &[('a', &format!("Author {i}, Jane."))])
                .with_data(
                    "245",
                    "10",
                    &[
                        (
                            'a',
                            &format!("Collected papers on contract law, volume {i} :"),
                        ),
                        (
                            'b',
                            "cases, materials and commentary on the law of obligations /",
                        ),
                    ],
                )
                .with_data("650", " 0", &[('a', "Contracts"), ('x', "Cases.")])
                .with_data(
                    "520",
                    "  ",
                    &[('a', &"A long summary of the volume. ".repeat(8))],
                )
        })
        .collect()
}

/// Writes garbage over three pages in the middle of the library file (closed, checkpointed: no
/// `-wal`), keeping the header and the first pages (the schema) intact.
fn damage(path: &Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let page = c
        .query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
        .unwrap() as u64;
    drop(c);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(std::fs::metadata(Path::new(&wal)).map_or(true, |m| m.len() == 0));
    let mut bytes = std::fs::read(path).unwrap();
    let pages = bytes.len() as u64 / page;
    assert!(
        pages > 20,
        "a library of {pages} pages is too small to damage in the middle"
    );
    let first = (pages / 2) as usize;
    for p in first..first + 3 {
        let start = p * page as usize;
        for (i, b) in bytes[start..start + page as usize].iter_mut().enumerate() {
            *b = (i * 7 + 13) as u8;
        }
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_library_is_found_at_opening_refuses_writes_and_backups_and_restores() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &records(1000, "a"), "test", now()).unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    backup(&lib, &backups, ts("2026-12-01T09:00:00+00:00")).unwrap();
    let newest = backup(&lib, &backups, ts("2026-12-06T17:00:00+00:00")).unwrap();
    assert_eq!(list_backups(&backups).unwrap().len(), 2);
    let path = lib.path().to_path_buf();
    drop(lib);

    // A sound library of 1,000 records opens with its check in a few milliseconds.
    let started = Instant::now();
    let lib = Library::open(&path).unwrap();
    let took = started.elapsed();
    assert!(lib.damaged().is_none());
    eprintln!(
        "opening a sound {}-byte library of 1,000 records (quick_check included): {took:?}",
        std::fs::metadata(&path).unwrap().len()
    );
    drop(lib);

    damage(&path);
    let before = std::fs::read(&path).unwrap();
    let mut lib = carrel::open_library(Some(&path), now()).expect("a damaged library still opens");
    let why = lib.damaged().expect("found damaged at opening").to_string();
    assert!(why.contains("is damaged"), "{why}");
    assert!(why.contains("Restore a backup"), "{why}");
    assert!(why.contains(&newest.path), "names the newest backup: {why}");

    // No write goes in; the refusal says why and what to do.
    let err = add_records(&mut lib, &records(1, "b"), "test", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged);
    assert_eq!(err.to_string(), why);
    // Every other write says the same: a loan rule, clearing the rejected records.
    let rule = carrel::circulation::LoanRule {
        category: "*".into(),
        item_type: "*".into(),
        period_days: 14,
        due_on: None,
        renewals: 1,
        max_items: 10,
        holds_allowed: true,
        circulates: true,
    };
    let err = carrel::circulation::set_loan_rule(&mut lib, &rule).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    let err = carrel::catalogue::rejects::clear_rejects(&mut lib).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged, "{err}");
    // Nor is a copy of the damage taken as a backup.
    let err = backup(&lib, &backups, now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged);
    assert!(err.to_string().contains("no backup was taken"), "{err}");
    assert_eq!(list_backups(&backups).unwrap().len(), 2);

    // The check says what is wrong.
    let report = check(&lib).unwrap();
    assert!(!report.ok);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Integrity),
        "{:?}",
        report.findings
    );
    drop(lib);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "nothing was written into it"
    );

    // Restoring the newest backup mends it, and it may be written again.
    let mut lib = Library::open(&path).unwrap();
    let preview = restore_preview(&lib, Path::new(&newest.path)).unwrap();
    assert_eq!(preview.backup.counts.records, 1000);
    let report = restore(&mut lib, Path::new(&newest.path), None, now()).unwrap();
    assert_eq!(report.now.counts.records, 1000);
    assert!(lib.damaged().is_none());
    add_records(&mut lib, &records(1, "c"), "test", now()).unwrap();
    assert!(check(&lib).unwrap().ok);
    drop(lib);
    let lib = Library::open(&path).unwrap();
    assert!(lib.damaged().is_none());
    assert_eq!(lib.info().unwrap().records, 1001);
}

#[test]
fn with_no_backup_the_refusal_says_where_none_was_found() {
    let (_dir, mut lib) = new_library();
    add_records(&mut lib, &records(300, "a"), "test", now()).unwrap();
    let path = lib.path().to_path_buf();
    drop(lib);
    damage(&path);
    let lib = Library::open(&path).unwrap();
    let why = lib.damaged().unwrap();
    let folder = path.parent().unwrap().join("backups");
    assert!(
        why.contains(&format!("none was found in {}", folder.display())),
        "{why}"
    );
}

#[test]
fn a_backup_file_gets_the_mode_the_umask_gives() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &records(3, "a"), "test", now()).unwrap();
    // The test process's umask (usually 022), read without changing it for other threads.
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string()))
        })
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022);
    let report = backup(&lib, &dir.path().join("copy.sqlite"), now()).unwrap();
    let mode = std::fs::metadata(&report.path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o666 & !umask, "{mode:o}");
}

/// The background check of a library too large to check at opening (issue 12): on its own
/// read connection while the library is open, it finds damage that appeared after opening, and
/// [`Library::refuse_writes`] then refuses every write as for damage found at opening.
#[test]
fn the_background_check_finds_damage_and_the_library_then_refuses_writes() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &records(1000, "a"), "test", now()).unwrap();
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let newest = backup(&lib, &backups, ts("2026-12-06T17:00:00+00:00")).unwrap();
    let path = lib.path().to_path_buf();
    // A small library is checked at opening, so it needs no check in the background.
    assert!(!lib.unchecked());
    assert_eq!(carrel::storage::check_for_damage(&path).unwrap(), None);

    // Damage appears while the library is open (a failing disk).
    damage(&path);
    let found = carrel::storage::check_for_damage(&path)
        .unwrap()
        .expect("the background check finds the damage");
    assert_eq!(found.newest_backup.as_deref(), Some(newest.path.as_str()));
    assert_eq!(found.backups_folder, backups.display().to_string());
    assert!(found.message.contains("is damaged"), "{}", found.message);
    assert!(found.message.contains(&newest.path), "{}", found.message);
    lib.refuse_writes(found.clone());
    assert_eq!(lib.damage(), Some(&found));
    let err = add_records(&mut lib, &records(1, "b"), "test", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged);
    assert_eq!(err.to_string(), found.message);

    // Opening it again finds the same at opening, with the same parts.
    drop(lib);
    let lib = Library::open(&path).unwrap();
    let at_open = lib.damage().expect("damaged at opening");
    assert_eq!(at_open.newest_backup, found.newest_backup);
    assert!(!lib.unchecked());
}

/// A library refused writes is still searched, facets included (they count in a temporary
/// table, which a `query_only` connection would refuse: the connection is read-only instead).
#[test]
fn a_library_refused_writes_is_still_searched_with_its_facets() {
    let (_dir, mut lib) = new_library();
    add_records(&mut lib, &records(50, "a"), "test", now()).unwrap();
    lib.refuse_writes(carrel::storage::Damage {
        found: "planted for the test".into(),
        newest_backup: None,
        backups_folder: "/nowhere".into(),
        message: "damaged (planted for the test)".into(),
    });
    let request = carrel::catalogue::SearchRequest {
        query: "contract".into(),
        facets: true,
        ..Default::default()
    };
    let results = carrel::catalogue::search_request(&lib, &request).unwrap();
    assert_eq!(results.total, 50);
    assert!(!results.facets.is_empty());
    let err = add_records(&mut lib, &records(1, "b"), "test", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Damaged);
    assert_eq!(err.to_string(), "damaged (planted for the test)");
}
