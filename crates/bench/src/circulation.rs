//! `carrel-bench circulation [--records N] [--patrons P] [--loans L] [--scans S]` (default
//! 100,000 records, 10,000 patrons, 50,000 open loans, 2,000 scans): time per scan of check-out
//! and check-in through the same core calls the desk makes (`circulation::check_out`,
//! `check_in`: each one `BEGIN IMMEDIATE` transaction on a WAL file).
//!
//! The library is built with SQL for speed (records with a title and a stub MARC record, one
//! item each, patrons, open loans spread evenly over patrons, a few hundred holds and closed
//! days); the measured calls are the real ones.

use std::time::{Duration, Instant};

use carrel::circulation::{check_in, check_out, CheckoutOutcome};
use chrono::{Days, NaiveDate};
use rusqlite::params;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

pub fn circulation(records: usize, patrons: usize, loans: usize, scans: usize) {
    let loans = loans.min(records);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circ.sqlite");
    drop(carrel::Library::open(&path).unwrap());
    let started = Instant::now();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "synchronous", "OFF").unwrap();
        let tx = c.transaction().unwrap();
        {
            let mut rec = tx
                .prepare("INSERT INTO records (id, record_type, bibliographic_level, title, marc, created_at, updated_at) VALUES (?1, 'a', 'm', ?2, x'00', 't', 't')")
                .unwrap();
            let mut item = tx
                .prepare("INSERT INTO items (id, record_id, barcode, call_number, shelf_key, location, status, created_at, updated_at) VALUES (?1, ?1, ?2, ?3, ?3, 'Main', ?4, 't', 't')")
                .unwrap();
            for i in 1..=records {
                rec.execute(params![i as i64, format!("Title {i}")])
                    .unwrap();
                let status = if i <= loans { "on_loan" } else { "available" };
                item.execute(params![
                    i as i64,
                    format!("3123400{i:07}"),
                    format!("KF{:05} .B{}", i % 99_991, i % 97),
                    status
                ])
                .unwrap();
            }
            let mut p = tx.prepare("INSERT INTO patrons (id, name, card, category, created_at, updated_at) VALUES (?1, ?2, ?3, 'staff', 't', 't')").unwrap();
            for i in 1..=patrons {
                p.execute(params![i as i64, format!("Patron {i}"), format!("P{i:06}")])
                    .unwrap();
            }
            let mut l = tx.prepare("INSERT INTO loans (item_id, patron_id, checked_out_on, due_on) VALUES (?1, ?2, ?3, ?4)").unwrap();
            for i in 1..=loans {
                let out = today.checked_sub_days(Days::new((i % 40) as u64)).unwrap();
                let due = out.checked_add_days(Days::new(21)).unwrap();
                l.execute(params![
                    i as i64,
                    (i % patrons + 1) as i64,
                    out.to_string(),
                    due.to_string()
                ])
                .unwrap();
            }
            let mut h = tx.prepare("INSERT INTO holds (record_id, patron_id, placed_on, expires_on) VALUES (?1, ?2, '2026-11-01', '2027-05-01')").unwrap();
            for i in 0..500usize {
                h.execute(params![
                    (i * 97 % loans.max(1) + 1) as i64,
                    (i % patrons + 1) as i64
                ])
                .unwrap();
            }
            for d in ["2026-12-24", "2026-12-25", "2026-12-28", "2027-01-01"] {
                tx.execute(
                    "INSERT INTO closed_days (day, reason) VALUES (?1, 'holiday')",
                    [d],
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();
        c.execute_batch("ANALYZE").unwrap();
    }
    println!(
        "Built {records} records/items, {patrons} patrons, {loans} open loans in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let mut lib = carrel::Library::open(&path).unwrap();
    let mut rng = Lcg(42);
    let mut outs = Vec::with_capacity(scans);
    let mut ins = Vec::with_capacity(scans);
    let mut refused = 0;
    for _ in 0..scans {
        // Check out an item from the shelf (never one already lent in this run).
        let item = loans + 1 + rng.next(records - loans);
        let card = format!("P{:06}", rng.next(patrons) + 1);
        let t = Instant::now();
        let outcome =
            check_out(&mut lib, &format!("3123400{item:07}"), &card, today, None).unwrap();
        outs.push(t.elapsed());
        if matches!(outcome, CheckoutOutcome::Refused(_)) {
            refused += 1;
        }
        // Check in an item that was on loan when the library was built.
        let back = 1 + rng.next(loans);
        let t = Instant::now();
        check_in(&mut lib, &format!("3123400{back:07}"), today).unwrap();
        ins.push(t.elapsed());
    }
    println!("Check-out: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {scans} scans ({refused} refused)", pct(&mut outs, 0.5), pct(&mut outs, 0.95), pct(&mut outs, 1.0));
    println!(
        "Check-in:  p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {scans} scans",
        pct(&mut ins, 0.5),
        pct(&mut ins, 0.95),
        pct(&mut ins, 1.0)
    );
    assert_eq!(lib.integrity_check().unwrap(), "ok");
    let problems = carrel::circulation::circulation_problems(&lib).unwrap();
    println!(
        "Invariants after the run: {}",
        if problems.is_empty() {
            "sound".to_string()
        } else {
            problems.join("; ")
        }
    );
}
