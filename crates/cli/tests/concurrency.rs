//! Eight `carrel` processes lending and returning at once on one library file (issue 12): every
//! writing command waits its turn (`BEGIN IMMEDIATE` and the busy timeout), none says "busy".

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const DESKS: usize = 8;
const ROUNDS: usize = 15;

fn carrel(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn ok(lib: &Path, args: &[&str]) {
    let out = carrel(lib, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo records, one copy `B{i}` of record 1 and one patron `P{i}` per desk.
fn library(dir: &Path) -> PathBuf {
    let mut bytes = Vec::new();
    for r in carrel::demo::records() {
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    let file = dir.join("demo.mrc");
    std::fs::write(&file, bytes).unwrap();
    let lib = dir.join("lib.sqlite");
    ok(&lib, &["import", file.to_str().unwrap()]);
    for i in 0..DESKS {
        let (barcode, card) = (format!("B{i}"), format!("P{i}"));
        let call_number = format!("KD{i} .T7");
        ok(
            &lib,
            &[
                "item",
                "add",
                "1",
                "--barcode",
                &barcode,
                "--call-number",
                &call_number,
                "--location",
                "Main",
            ],
        );
        let name = format!("Reader {i}");
        ok(&lib, &["patron", "add", "--name", &name, "--card", &card]);
    }
    lib
}

#[test]
fn eight_carrel_processes_lending_at_once_never_see_busy() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let began = Instant::now();
    let desks: Vec<_> = (0..DESKS)
        .map(|i| {
            let lib = lib.clone();
            std::thread::spawn(move || -> Result<u32, String> {
                let (barcode, card) = (format!("B{i}"), format!("P{i}"));
                let mut lent = 0;
                for _ in 0..ROUNDS {
                    for args in [
                        vec![
                            "checkout",
                            &barcode,
                            "--patron",
                            &card,
                            "--today",
                            "2026-12-01",
                        ],
                        vec!["checkin", &barcode, "--today", "2026-12-01"],
                    ] {
                        let out = carrel(&lib, &args);
                        if !out.status.success() {
                            return Err(format!(
                                "desk {i} {args:?}: {}",
                                String::from_utf8_lossy(&out.stderr)
                            ));
                        }
                    }
                    lent += 1;
                }
                Ok(lent)
            })
        })
        .collect();
    let lent: u32 = desks
        .into_iter()
        .map(|d| d.join().unwrap().unwrap_or_else(|e| panic!("{e}")))
        .sum();
    assert_eq!(lent, (DESKS * ROUNDS) as u32);
    assert!(began.elapsed() < Duration::from_secs(300));
    let conn = rusqlite::Connection::open(&lib).unwrap();
    let loans: (u32, u32) = conn
        .query_row("SELECT count(*), count(returned_on) FROM loans", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(loans, (lent, lent));
}
