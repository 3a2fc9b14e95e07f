//! Several desks writing into one library file at once (issue 12, "the desk never waits"): every
//! writing transaction starts `BEGIN IMMEDIATE`, so a writer waits its turn (the busy timeout)
//! instead of failing with "database is locked" when its read turns into a write.

mod common;

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use carrel::catalogue::add_records;
use carrel::catalogue::editor::TemplateId;
use carrel::catalogue::editor::{apply_form, form_from_record, new_from_template, save_record};
use carrel::catalogue::items::{add_item, update_item, ItemInput};
use carrel::circulation::{self as circ, CheckoutOutcome, PatronInput};
use carrel::Library;
use carrel_marc::Record;
use chrono::NaiveDate;
use common::*;

const THREADS: usize = 8;
const ACTIONS: usize = 200;

/// What one desk did, as it reported it.
#[derive(Default)]
struct Done {
    edits: u32,
    checkouts: u32,
    checkins: u32,
    saves: u32,
}

#[test]
fn eight_desks_writing_at_once_never_see_busy_and_every_action_is_kept() {
    let (dir, mut lib) = new_library();
    let path = lib.path().to_path_buf();
    let records: Vec<Record> = (0..THREADS)
        .map(|i| {
            Record::new()
                .with_control("001", &format!("c{i}"))
                .with_data("245", "10", &[('a', &format!("Desk book {i}"))])
        })
        .collect();
    let ids = add_records(&mut lib, &records, "test", now()).unwrap();
    let mut items = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let input = ItemInput {
            barcode: format!("T{i:03}"),
            call_number: format!("KD{i} .A1"),
            location: "Main".into(),
            ..Default::default()
        };
        items.push((add_item(&mut lib, *id, &input, now()).unwrap().id, input));
        let patron = PatronInput {
            name: format!("Reader {i}"),
            card: Some(format!("P{i:03}")),
            ..Default::default()
        };
        circ::add_patron(&mut lib, &patron, now()).unwrap();
    }
    drop(lib);

    let today: NaiveDate = "2026-11-30".parse().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let began = Instant::now();
    let handles: Vec<_> = items
        .into_iter()
        .enumerate()
        .map(|(i, (item_id, input))| {
            let path = path.clone();
            let start = Arc::clone(&start);
            std::thread::spawn(move || -> Result<Done, String> {
                let mut lib = Library::open(&path).map_err(|e| e.to_string())?;
                let barcode = format!("T{i:03}");
                let card = format!("P{i:03}");
                let mut done = Done::default();
                start.wait();
                for k in 0..ACTIONS {
                    let step = match k % 4 {
                        0 => {
                            let edit = ItemInput {
                                location: format!("Shelf {k}"),
                                ..input.clone()
                            };
                            update_item(&mut lib, item_id, &edit, now()).map(|_| done.edits += 1)
                        }
                        1 => match circ::check_out(&mut lib, &barcode, &card, today, None) {
                            Ok(CheckoutOutcome::Done(_)) => {
                                done.checkouts += 1;
                                Ok(())
                            }
                            Ok(CheckoutOutcome::Refused(r)) => {
                                return Err(format!("desk {i} action {k}: refused: {}", r.message))
                            }
                            Err(e) => Err(e),
                        },
                        2 => circ::check_in(&mut lib, &barcode, today).map(|_| done.checkins += 1),
                        _ => {
                            let rec = new_from_template(TemplateId::Looseleaf, today, "Carrel");
                            let mut form = form_from_record(&rec);
                            form.title = format!("Loose-leaf {i}-{k}");
                            let rec = apply_form(&rec, &form);
                            save_record(&mut lib, None, &rec, "desk", now())
                                .map(|_| done.saves += 1)
                        }
                    };
                    step.map_err(|e| format!("desk {i} action {k}: {e}"))?;
                }
                Ok(done)
            })
        })
        .collect();
    let mut total = Done::default();
    for h in handles {
        let d = h.join().unwrap().unwrap_or_else(|e| panic!("{e}"));
        total.edits += d.edits;
        total.checkouts += d.checkouts;
        total.checkins += d.checkins;
        total.saves += d.saves;
    }
    let elapsed = began.elapsed();
    let each = (THREADS * ACTIONS / 4) as u32;
    assert_eq!(
        (total.edits, total.checkouts, total.checkins, total.saves),
        (each, each, each, each)
    );
    // Generous: the point is that nobody gave up, not speed (a debug build on two cores).
    assert!(
        elapsed < Duration::from_secs(300),
        "took {elapsed:?} for {} actions",
        THREADS * ACTIONS
    );

    // Every action reported is in the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let count = |sql: &str| -> u32 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM loans"), total.checkouts);
    assert_eq!(
        count("SELECT count(*) FROM loans WHERE returned_on IS NOT NULL"),
        total.checkins
    );
    assert_eq!(
        count("SELECT count(*) FROM records WHERE title LIKE 'Loose-leaf %'"),
        total.saves
    );
    assert_eq!(
        count("SELECT count(*) FROM items WHERE location = 'Shelf 196'"),
        THREADS as u32
    );
    assert_eq!(
        count("SELECT count(*) FROM items WHERE status <> 'available'"),
        0
    );
    drop(dir);
}
