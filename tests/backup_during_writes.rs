//! A backup taken during heavy writes (issue 12, "How it is checked"): four connections write at
//! once — records saved, check-outs and check-ins at two desks, patrons added — while another
//! connection (the window's) takes a backup. The backup is restored into a fresh library
//! elsewhere, which must be sound (integrity, Carrel's invariants) and hold every action reported
//! done before the backup began; what it holds beyond that is whole actions only.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use carrel::catalogue::add_records;
use carrel::catalogue::items::{add_item, ItemInput};
use carrel::circulation::{self as circ, CheckoutOutcome, PatronInput};
use carrel::maintenance::{check, restore};
use carrel::storage::backup::backup;
use carrel::{Library, RecordId};
use carrel_marc::Record;
use common::*;
use rusqlite::{Connection, OptionalExtension};

/// An action a writer reported done (its call returned Ok).
#[derive(Clone, Debug)]
enum Done {
    Record { id: RecordId, title: String },
    Loan { id: i64, barcode: String },
    Returned { loan: i64 },
    Patron { id: i64, card: String },
}

fn record(title: &str) -> Record {
    Record::new().with_data("245", "10", &[('a', title)])
}

/// Copies `D{desk}-{n}` of one record, and the desk's patron `D{desk}`.
fn desk_library(desks: usize, copies: usize) -> (tempfile::TempDir, Library) {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &[record("Contract law")], "test", now()).unwrap();
    for d in 0..desks {
        for n in 0..copies {
            let input = ItemInput {
                barcode: format!("D{d}-{n}"),
                call_number: format!("KD{d} .A{n}"),
                ..Default::default()
            };
            add_item(&mut lib, ids[0], &input, now()).unwrap();
        }
        let patron = PatronInput {
            name: format!("Desk reader {d}"),
            card: Some(format!("D{d}")),
            ..Default::default()
        };
        circ::add_patron(&mut lib, &patron, now()).unwrap();
    }
    (dir, lib)
}

fn present(c: &Connection, done: &Done) -> bool {
    match done {
        Done::Record { id, title } => c
            .query_row(
                "SELECT title FROM records WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .unwrap()
            .as_deref()
            == Some(title.as_str()),
        Done::Loan { id, barcode } => c
            .query_row(
                "SELECT count(*) FROM loans l JOIN items i ON i.id = l.item_id WHERE l.id = ?1 AND i.barcode = ?2",
                rusqlite::params![id, barcode],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1,
        Done::Returned { loan } => c
            .query_row(
                "SELECT returned_on IS NOT NULL FROM loans WHERE id = ?1",
                [loan],
                |r| r.get::<_, bool>(0),
            )
            .optional()
            .unwrap()
            == Some(true),
        Done::Patron { id, card } => c
            .query_row(
                "SELECT count(*) FROM patrons WHERE id = ?1 AND card = ?2",
                rusqlite::params![id, card],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            == 1,
    }
}

#[test]
fn a_backup_taken_during_heavy_writes_restores_to_a_sound_library_holding_every_reported_action() {
    const DESKS: usize = 2;
    const COPIES: usize = 4;
    let (dir, lib) = desk_library(DESKS, COPIES);
    let path = lib.path().to_path_buf();
    let log: Arc<Mutex<Vec<Done>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();

    // Records saved one by one.
    writers.push({
        let (path, log, stop) = (path.clone(), log.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut w = Library::open(&path).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let title = format!("Written during the backup {n}");
                let id = add_records(&mut w, &[record(&title)], "test", now()).unwrap()[0];
                log.lock().unwrap().push(Done::Record { id, title });
                n += 1;
            }
        })
    });
    // Two desks lending and taking back their copies in turn.
    for d in 0..DESKS {
        let (path, log, stop) = (path.clone(), log.clone(), stop.clone());
        writers.push(std::thread::spawn(move || {
            let mut w = Library::open(&path).unwrap();
            let today = now().date();
            let card = format!("D{d}");
            let mut open: Vec<(String, i64)> = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let barcode = format!("D{d}-{}", n % COPIES);
                if let Some(i) = open.iter().position(|(b, _)| *b == barcode) {
                    let (_, loan) = open.remove(i);
                    let receipt = circ::check_in(&mut w, &barcode, today).unwrap();
                    assert!(receipt.was_on_loan);
                    log.lock().unwrap().push(Done::Returned { loan });
                } else {
                    match circ::check_out(&mut w, &barcode, &card, today, None).unwrap() {
                        CheckoutOutcome::Done(r) => {
                            open.push((barcode.clone(), r.loan_id));
                            log.lock().unwrap().push(Done::Loan {
                                id: r.loan_id,
                                barcode,
                            });
                        }
                        CheckoutOutcome::Refused(r) => panic!("{barcode}: {}", r.message),
                    }
                }
                n += 1;
            }
        }));
    }
    // Patrons added.
    writers.push({
        let (path, log, stop) = (path.clone(), log.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut w = Library::open(&path).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let card = format!("N{n}");
                let input = PatronInput {
                    name: format!("New reader {n}"),
                    card: Some(card.clone()),
                    ..Default::default()
                };
                let p = circ::add_patron(&mut w, &input, now()).unwrap();
                log.lock().unwrap().push(Done::Patron { id: p.id, card });
                n += 1;
            }
        })
    });

    // Three backups from the window's connection while the writers write, each after another
    // 200 actions.
    let folder = dir.path().join("backups");
    std::fs::create_dir(&folder).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut backups = Vec::new();
    for round in 1..=3 {
        while log.lock().unwrap().len() < 200 * round {
            assert!(Instant::now() < deadline, "the writers did not get going");
            std::thread::sleep(Duration::from_millis(2));
        }
        let before: Vec<Done> = log.lock().unwrap().clone();
        let began = Instant::now();
        let report = backup(&lib, &folder, now()).unwrap();
        let during = log.lock().unwrap().len() - before.len();
        eprintln!(
            "backup {round} of {:?} in {:?}: {} actions reported before it began, {during} while it ran",
            report.counts,
            began.elapsed(),
            before.len()
        );
        assert_eq!(report.integrity, "ok");
        backups.push((before, report));
    }
    // The writers go on a little after the last, then stop.
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::SeqCst);
    for w in writers {
        w.join().expect("a writer failed");
    }
    let total = log.lock().unwrap().len();
    eprintln!("{total} actions in all");
    assert!(
        total > backups.last().unwrap().0.len(),
        "the writers wrote after the last backup began"
    );

    let mut fresh = None;
    for (before, report) in &backups {
        // Restored into a fresh library elsewhere.
        let elsewhere = tempfile::tempdir().unwrap();
        let mut lib = Library::open(&elsewhere.path().join("restored.sqlite")).unwrap();
        let restored = restore(
            &mut lib,
            Path::new(&report.path),
            Some(&elsewhere.path().join("backups")),
            now(),
        )
        .unwrap();
        assert_eq!(
            restored.now.counts, report.counts,
            "it holds what the backup held"
        );
        let found = check(&lib).unwrap();
        assert!(found.ok, "{}: {:?}", report.path, found.findings);
        assert_eq!(found.integrity, "ok");
        let c = Connection::open(lib.path()).unwrap();
        let missing: Vec<&Done> = before.iter().filter(|d| !present(&c, d)).collect();
        assert!(
            missing.is_empty(),
            "{}: {} of {} actions reported before the backup began are missing: {:?}",
            report.path,
            missing.len(),
            before.len(),
            &missing[..missing.len().min(5)]
        );
        // Whole actions only: an item is on loan exactly when it has an open loan (also in
        // `check`).
        let torn: i64 = c
            .query_row(
                "SELECT count(*) FROM items i WHERE (i.status = 'on_loan') <>
                     EXISTS (SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(torn, 0);
        drop(c);
        fresh = Some((elsewhere, lib));
    }
    let (_elsewhere, mut fresh) = fresh.unwrap();

    // The restored library is a working one: the desk takes a copy back and lends it again.
    let today = now().date();
    circ::check_in(&mut fresh, "D0-0", today).unwrap();
    assert!(matches!(
        circ::check_out(&mut fresh, "D0-0", "D1", today, None).unwrap(),
        CheckoutOutcome::Done(_)
    ));
    assert!(check(&fresh).unwrap().ok);
}
