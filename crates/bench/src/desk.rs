//! `carrel-bench desk-during-import [--records N] [--scans S] [--duplicates merge]` (default
//! 100,000 records, 2,000 scans): latency of a check-out (and the check-in after it) at the desk,
//! on its own connection, with no other writer and then while an import of N small records runs
//! on another connection (the window's case: imports run on a worker thread with their own
//! connection). With `--duplicates merge` the library first holds N records (imported before
//! the figures are taken) and the measured import merges a revised version into each of them.
//! `carrel-bench desk-during-rename [--records N] [--scans S]`: the same while a subject heading
//! carried by N records is renamed. Printed as p50 / p99 / max in milliseconds (the max is about
//! the longest time the long write held the write lock at once), with the number of desk calls
//! that failed (a failure is a "library is busy" after the 5 s busy timeout). Figures, never
//! pass/fail (issue 12).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use carrel::catalogue::add_records;
use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportOptions};
use carrel::catalogue::items::{add_item, ItemInput};
use carrel::catalogue::subjects::rename_subject;
use carrel::circulation::{add_patron, check_in, check_out, CheckoutOutcome, PatronInput};
use carrel::{Library, Timestamp};
use carrel_marc::Record;
use chrono::NaiveDate;

fn pct(v: &mut [Duration], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// One check-out then one check-in; the time of each call, or the error's text.
fn scan(lib: &mut Library, today: NaiveDate, out: &mut Vec<Duration>) -> Result<(), String> {
    let t = Instant::now();
    match check_out(lib, "D1", "P1", today, None) {
        Ok(CheckoutOutcome::Done(_)) => {}
        Ok(CheckoutOutcome::Refused(r)) => return Err(r.message),
        Err(e) => return Err(e.to_string()),
    }
    out.push(t.elapsed());
    let t = Instant::now();
    check_in(lib, "D1", today).map_err(|e| e.to_string())?;
    out.push(t.elapsed());
    Ok(())
}

fn report(label: &str, lat: &mut [Duration], failed: u32) {
    let max = lat.iter().max().copied().unwrap_or_default();
    println!(
        "{label:<28} calls {:>6}  p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.1} ms  failed {failed}",
        lat.len(),
        pct(lat, 0.50),
        pct(lat, 0.99),
        max.as_secs_f64() * 1000.0
    );
}

/// `records` small records `imp0…`; `revised` gives them another title (the versions a merge
/// import brings).
fn write_import_file(path: &Path, records: usize, revised: bool) {
    let mut bytes = Vec::with_capacity(records * 120);
    let title = if revised { "Revised" } else { "Imported" };
    for i in 0..records {
        let r = Record::new()
            .with_control("001", &format!("imp{i}"))
            .with_data(
                "245",
                "10",
                &[('a', &format!("{title} report number {i}"))],
            )
            .with_data("100", "1 ", &[('a', "Committee on Public Accounts.")])
            .with_data("260", "  ", &[('a', "Canberra :"), ('b', "The Committee,"), ('c', "1999.")])
            .with_data("500", "  ", &[('a', "A report of a few hundred bytes, the size of a vendor's brief record, so that the import takes as long per record as a real one.")])
            .with_data("650", " 0", &[('a', "Public accounts"), ('z', "Australia.")]);
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    std::fs::write(path, bytes).unwrap();
}

/// The long write measured by [`desk_during`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LongWrite {
    /// An import of new records.
    Import,
    /// An import that merges a revised version into every record already there.
    MergeImport,
    /// A subject heading carried by every record renamed.
    Rename,
}

/// Runs the benchmark and prints its figures.
pub fn desk_during(records: usize, scans: usize, long: LongWrite) {
    let now = Timestamp::parse("2026-12-01T10:00:00+00:00").unwrap();
    let today: NaiveDate = "2026-12-01".parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    let file = dir.path().join("import.mrc");
    write_import_file(&file, records, false);

    let mut desk = Library::open(&path).unwrap();
    let book = Record::new().with_control("001", "desk1").with_data(
        "245",
        "10",
        &[('a', "The desk copy")],
    );
    let ids = add_records(&mut desk, &[book], "bench", now).unwrap();
    let item = ItemInput {
        barcode: "D1".into(),
        call_number: "KD1 .D4".into(),
        location: "Main".into(),
        ..Default::default()
    };
    add_item(&mut desk, ids[0], &item, now).unwrap();
    let patron = PatronInput {
        name: "Desk reader".into(),
        card: Some("P1".into()),
        ..Default::default()
    };
    add_patron(&mut desk, &patron, now).unwrap();
    if long != LongWrite::Import {
        // The records the merges or the rename change, there before the figures are taken.
        let started = Instant::now();
        let summary = import_files(
            &mut desk,
            std::slice::from_ref(&file),
            &ImportOptions::new(now),
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
        println!(
            "library of {} records made in {:.1} s",
            summary.imported,
            started.elapsed().as_secs_f64()
        );
        write_import_file(&file, records, true);
    }

    let mut quiet = Vec::new();
    let mut failed = 0;
    for _ in 0..scans {
        if scan(&mut desk, today, &mut quiet).is_err() {
            failed += 1;
        }
    }
    report("no long write", &mut quiet, failed);

    let finished = Arc::new(AtomicBool::new(false));
    let worker = {
        let (path, file, finished) = (path.clone(), file.clone(), Arc::clone(&finished));
        std::thread::spawn(move || {
            let mut lib = Library::open(&path).unwrap();
            let started = Instant::now();
            let done = match long {
                LongWrite::Import | LongWrite::MergeImport => {
                    let policy = if long == LongWrite::MergeImport {
                        DuplicatePolicy::Merge
                    } else {
                        DuplicatePolicy::Skip
                    };
                    import_files(
                        &mut lib,
                        &[file],
                        &ImportOptions::new(now).with_duplicates(policy),
                        &AtomicBool::new(false),
                        &mut |_| {},
                    )
                    .map(|s| format!("{} records imported, {} merged", s.imported, s.merged))
                }
                LongWrite::Rename => rename_subject(
                    &mut lib,
                    "Public accounts -- Australia",
                    "Public finance -- Australia",
                    "bench",
                    now,
                )
                .map(|o| format!("{} records renamed", o.records_changed)),
            };
            finished.store(true, Ordering::SeqCst);
            (done, started.elapsed())
        })
    };
    let mut during = Vec::new();
    let mut failed = 0;
    let mut first_error = None;
    while !finished.load(Ordering::SeqCst) {
        let tick = Instant::now();
        if let Err(e) = scan(&mut desk, today, &mut during) {
            failed += 1;
            first_error.get_or_insert(e);
        }
        // A busy desk scans about every 20 ms; a pacing sleep, not synchronisation.
        std::thread::sleep(Duration::from_millis(20).saturating_sub(tick.elapsed()));
    }
    let (done, took) = worker.join().unwrap();
    let what = match long {
        LongWrite::Import => format!("during a {records}-record import"),
        LongWrite::MergeImport => format!("during a {records}-record merge"),
        LongWrite::Rename => format!("during a {records}-record rename"),
    };
    report(&what, &mut during, failed);
    println!(
        "{} in {:.1} s{}",
        done.unwrap_or_else(|e| format!("failed ({e})")),
        took.as_secs_f64(),
        first_error.map_or(String::new(), |e| format!("; first desk failure: {e}"))
    );
}
