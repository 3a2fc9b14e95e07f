//! `kill -9` of the real `carrel` during desk actions (issue 12, "How it is checked"): a stream of
//! check-outs, check-ins, renewals and holds, one `carrel` process each as a script runs them,
//! with the running process killed outright at a random moment; N runs, about 25 s in all. After
//! each kill: `carrel check` finds the file sound and Carrel's invariants kept (an item is on
//! loan exactly when it has one open loan, every hold on a live record…), the counts of loans
//! and holds are those before plus what was reported (and at most the killed action besides), and
//! every action a process reported as done is in the library.
//!
//! Seeded: the seed is printed; `CARREL_CRASH_SEED=N` runs the same choices again (the moments of
//! the kills depend on timing too).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use carrel::catalogue::add_records;
use carrel::catalogue::items::{add_item, ItemInput};
use carrel::circulation::{add_patron, PatronInput};
use carrel::{Library, Timestamp};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

/// Time for the runs (the setup and the checks after the last run come on top).
const BUDGET: Duration = Duration::from_secs(25);
const MAX_RUNS: usize = 60;
const TODAY: &str = "2026-12-01";
const ITEMS: usize = 6;
const PATRONS: usize = 4;

/// splitmix64: small, seeded, good enough to pick actions and moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len() as u64) as usize]
    }
}

fn seed() -> u64 {
    std::env::var("CARREL_CRASH_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

/// Three records, items `B0`…`B5` on them, patrons `P0`…`P3`, made with the core.
fn library(dir: &Path) -> (PathBuf, Vec<i64>) {
    let path = dir.join("lib.sqlite");
    let now = Timestamp::parse("2026-11-30T09:00:00+00:00").unwrap();
    let mut lib = Library::open(&path).unwrap();
    let record = |t: &str| carrel_marc::Record::new().with_data("245", "10", &[('a', t)]);
    let records = add_records(
        &mut lib,
        &[record("Contract law"), record("Tort"), record("Equity")],
        "test",
        now,
    )
    .unwrap();
    for i in 0..ITEMS {
        let input = ItemInput {
            barcode: format!("B{i}"),
            call_number: format!("KD{i} .A1"),
            location: "Main".into(),
            ..Default::default()
        };
        add_item(&mut lib, records[i % records.len()], &input, now).unwrap();
    }
    for i in 0..PATRONS {
        let input = PatronInput {
            name: format!("Reader {i}"),
            card: Some(format!("P{i}")),
            ..Default::default()
        };
        add_patron(&mut lib, &input, now).unwrap();
    }
    let ids = records.iter().map(|r| i64::from(*r)).collect();
    (path, ids)
}

/// One desk action, as the `carrel` arguments that do it.
#[derive(Clone, Debug)]
enum Action {
    Checkout { item: String, patron: String },
    Checkin { item: String },
    Renew { item: String },
    Hold { patron: String, record: i64 },
    Cancel { hold: i64 },
}

impl Action {
    fn args(&self) -> Vec<String> {
        let mut a: Vec<String> = match self {
            Action::Checkout { item, patron } => {
                vec![
                    "checkout".into(),
                    item.clone(),
                    "--patron".into(),
                    patron.clone(),
                ]
            }
            Action::Checkin { item } => vec!["checkin".into(), item.clone()],
            Action::Renew { item } => vec!["renew".into(), item.clone()],
            Action::Hold { patron, record } => vec![
                "hold".into(),
                "place".into(),
                "--patron".into(),
                patron.clone(),
                "--record".into(),
                record.to_string(),
            ],
            Action::Cancel { hold } => vec!["hold".into(), "cancel".into(), hold.to_string()],
        };
        a.extend(["--today".into(), TODAY.into(), "--json".into()]);
        a
    }
}

/// What the library holds at the start of a run: the open loan of each item (by barcode) and
/// the open holds.
struct Desk {
    open_loan: BTreeMap<String, i64>,
    open_holds: Vec<i64>,
    loans: i64,
    holds: i64,
}

fn desk(lib: &Path) -> Desk {
    let c = Connection::open(lib).unwrap();
    let mut open_loan = BTreeMap::new();
    let mut stmt = c
        .prepare("SELECT i.barcode, l.id FROM loans l JOIN items i ON i.id = l.item_id WHERE l.returned_on IS NULL")
        .unwrap();
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (b, id) = row.unwrap();
        open_loan.insert(b, id);
    }
    let mut stmt = c
        .prepare("SELECT id FROM holds WHERE status IN ('waiting', 'trapped')")
        .unwrap();
    let open_holds = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let (loans, holds) = c
        .query_row(
            "SELECT (SELECT count(*) FROM loans), (SELECT count(*) FROM holds)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    Desk {
        open_loan,
        open_holds,
        loans,
        holds,
    }
}

/// An action chosen to make sense most of the time (the library may still refuse it: a
/// refusal is an answer, not a failure).
fn choose(rng: &mut Rng, desk: &Desk, records: &[i64]) -> Action {
    let items: Vec<String> = (0..ITEMS).map(|i| format!("B{i}")).collect();
    let patrons: Vec<String> = (0..PATRONS).map(|i| format!("P{i}")).collect();
    let lent: Vec<String> = desk.open_loan.keys().cloned().collect();
    match rng.below(10) {
        0..=3 => Action::Checkout {
            item: rng.pick(&items).clone(),
            patron: rng.pick(&patrons).clone(),
        },
        4..=6 if !lent.is_empty() => Action::Checkin {
            item: rng.pick(&lent).clone(),
        },
        7 if !lent.is_empty() => Action::Renew {
            item: rng.pick(&lent).clone(),
        },
        8 => Action::Hold {
            patron: rng.pick(&patrons).clone(),
            record: *rng.pick(records),
        },
        9 if !desk.open_holds.is_empty() => Action::Cancel {
            hold: *rng.pick(&desk.open_holds),
        },
        _ => Action::Checkin {
            item: rng.pick(&items).clone(),
        },
    }
}

/// What a process reported as done, to look for in the library afterwards.
#[derive(Debug)]
enum Done {
    Loan {
        id: i64,
        item: String,
        patron: String,
    },
    Returned {
        loan: i64,
    },
    Renewed {
        loan: i64,
        renewals: i64,
    },
    Hold {
        id: i64,
        record: i64,
        patron: String,
    },
    Cancelled {
        hold: i64,
    },
}

fn spawn(lib: &Path, action: &Action) -> Child {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .args(action.args())
        .env_remove("CARREL_LIBRARY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("carrel runs")
}

/// Reads what a finished process said: what it did, or `None` for a refusal (exit 1 with the
/// reason). Anything else (a database error, "busy") fails the test.
fn outcome(action: &Action, child: Child, desk: &mut Desk) -> Option<Done> {
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let json: Option<Value> = serde_json::from_str(&stdout).ok();
    if !out.status.success() {
        // A refusal ({"kind", "message", "overridable"}) or an item or hold not found (a check-in
        // of a copy on the shelf).
        let kind = json
            .as_ref()
            .and_then(|j| j.get("kind"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let refused = json
            .as_ref()
            .is_some_and(|j| j.get("overridable").is_some())
            || matches!(kind.as_deref(), Some("not_found" | "invalid_input"))
            || json
                .as_ref()
                .and_then(|j| j.get("failed"))
                .and_then(Value::as_array)
                .is_some_and(|f| !f.is_empty());
        assert!(
            refused,
            "{action:?} failed (exit {:?}): {stdout} {stderr}",
            out.status.code()
        );
        return None;
    }
    let j = json.unwrap_or_else(|| panic!("{action:?}: not JSON: {stdout}"));
    let int = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_i64)
            .unwrap_or_else(|| panic!("{action:?}: no {k} in {v}"))
    };
    match action {
        Action::Checkout { item, patron } => {
            let id = int(&j, "loan_id");
            desk.open_loan.insert(item.clone(), id);
            Some(Done::Loan {
                id,
                item: item.clone(),
                patron: patron.clone(),
            })
        }
        Action::Checkin { item } => {
            let receipt = &j["checked_in"][0];
            let loan = desk.open_loan.remove(item);
            match (receipt["was_on_loan"].as_bool(), loan) {
                (Some(true), Some(loan)) => Some(Done::Returned { loan }),
                (Some(true), None) => {
                    panic!("{item} was returned from a loan the library did not have open")
                }
                _ => None,
            }
        }
        Action::Renew { .. } => Some(Done::Renewed {
            loan: int(&j, "loan_id"),
            renewals: int(&j, "renewals"),
        }),
        Action::Hold { patron, record } => {
            let id = int(&j, "id");
            desk.open_holds.push(id);
            Some(Done::Hold {
                id,
                record: *record,
                patron: patron.clone(),
            })
        }
        Action::Cancel { hold } => {
            desk.open_holds.retain(|h| h != hold);
            Some(Done::Cancelled { hold: *hold })
        }
    }
}

/// Whether what was reported is in the library.
fn present(c: &Connection, done: &Done) -> bool {
    match done {
        Done::Loan { id, item, patron } => {
            c.query_row(
                "SELECT count(*) FROM loans l JOIN items i ON i.id = l.item_id
                 JOIN patrons p ON p.id = l.patron_id
                 WHERE l.id = ?1 AND i.barcode = ?2 AND p.card = ?3 AND l.checked_out_on = ?4",
                rusqlite::params![id, item, patron, TODAY],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
                == 1
        }
        Done::Returned { loan } => c
            .query_row(
                "SELECT returned_on IS NOT NULL FROM loans WHERE id = ?1",
                [loan],
                |r| r.get::<_, bool>(0),
            )
            .optional()
            .unwrap()
            .unwrap_or(false),
        Done::Renewed { loan, renewals } => c
            .query_row("SELECT renewals FROM loans WHERE id = ?1", [loan], |r| {
                r.get::<_, i64>(0)
            })
            .optional()
            .unwrap()
            .is_some_and(|n| n >= *renewals),
        Done::Hold { id, record, patron } => {
            c.query_row(
                "SELECT count(*) FROM holds h JOIN patrons p ON p.id = h.patron_id
                 WHERE h.id = ?1 AND h.record_id = ?2 AND p.card = ?3",
                rusqlite::params![id, record, patron],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
                == 1
        }
        Done::Cancelled { hold } => {
            c.query_row("SELECT status FROM holds WHERE id = ?1", [hold], |r| {
                r.get::<_, String>(0)
            })
            .optional()
            .unwrap()
            .as_deref()
                == Some("cancelled")
        }
    }
}

/// `carrel check --json`: the file's integrity and Carrel's invariants.
fn check(lib: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .args(["check", "--json"])
        .env_remove("CARREL_LIBRARY")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "check said: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        out.status.success() && report["ok"] == Value::Bool(true),
        "carrel check: {report}"
    );
    assert_eq!(report["integrity"], "ok", "{report}");
}

#[test]
fn desk_actions_killed_at_random_moments_lose_nothing_reported_and_break_nothing() {
    let seed = seed();
    eprintln!("desk_kill seed = {seed} (CARREL_CRASH_SEED={seed} repeats the choices)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let (lib, records) = library(dir.path());
    let began = Instant::now();
    let (mut runs, mut kills, mut reported, mut refused) = (0, 0, 0, 0);
    // Killed check-outs and holds whose row was there after the kill, and those whose was not:
    // both should happen (the kills land before and after the commit).
    let (mut landed, mut lost) = (0, 0);
    while runs < MAX_RUNS && began.elapsed() < BUDGET {
        runs += 1;
        let mut desk = desk(&lib);
        let (loans_before, holds_before) = (desk.loans, desk.holds);
        let mut done = Vec::new();
        // The kill comes this long into the run, inside whichever process is running then.
        let run_started = Instant::now();
        let mut kill_at = run_started + Duration::from_millis(rng.below(1200));
        let killed = loop {
            let action = choose(&mut rng, &desk, &records);
            let started = Instant::now();
            if kill_at <= started {
                // Past the moment between two processes: kill this one at a random point of its
                // life instead (start-up, opening, the transaction, the answer).
                kill_at = started + Duration::from_micros(rng.below(60_000));
            }
            let mut child = spawn(&lib, &action);
            let finished = loop {
                if child.try_wait().unwrap().is_some() {
                    break true;
                }
                if Instant::now() >= kill_at {
                    break false;
                }
                std::thread::sleep(Duration::from_micros(200));
            };
            if finished {
                match outcome(&action, child, &mut desk) {
                    Some(d) => done.push(d),
                    None => refused += 1,
                }
                continue;
            }
            child.kill().unwrap(); // SIGKILL on Unix
            let status = child.wait().unwrap();
            // It may have finished just before the signal: then its answer counts as reported.
            if status.success() {
                if let Some(d) = outcome(&action, child, &mut desk) {
                    done.push(d);
                }
                continue;
            }
            break action;
        };
        kills += 1;
        reported += done.len();

        // Every action reported before the kill is there, and the file and its invariants are
        // sound (`carrel check` opens the library, as the next desk action would).
        check(&lib);
        let c = Connection::open(&lib).unwrap();
        for d in &done {
            assert!(
                present(&c, d),
                "run {runs} (seed {seed}): reported but missing after the kill: {d:?}"
            );
        }
        let after = desk_counts(&c);
        let new_loans = done
            .iter()
            .filter(|d| matches!(d, Done::Loan { .. }))
            .count() as i64;
        let new_holds = done
            .iter()
            .filter(|d| matches!(d, Done::Hold { .. }))
            .count() as i64;
        let (maybe_loan, maybe_hold) = match killed {
            Action::Checkout { .. } => (1, 0),
            Action::Hold { .. } => (0, 1),
            _ => (0, 0),
        };
        assert!(
            (loans_before + new_loans..=loans_before + new_loans + maybe_loan).contains(&after.0),
            "run {runs} (seed {seed}): {} loans after {loans_before} + {new_loans} reported (killed: {killed:?})",
            after.0
        );
        if maybe_loan + maybe_hold > 0 {
            if after.0 + after.1 > loans_before + new_loans + holds_before + new_holds {
                landed += 1;
            } else {
                lost += 1;
            }
        }
        assert!(
            (holds_before + new_holds..=holds_before + new_holds + maybe_hold).contains(&after.1),
            "run {runs} (seed {seed}): {} holds after {holds_before} + {new_holds} reported (killed: {killed:?})",
            after.1
        );
    }
    eprintln!(
        "desk_kill: {runs} runs, {kills} kills, {reported} actions reported done and found, {refused} refused, in {:.1} s; \
         killed check-outs and holds: {landed} committed before the kill, {lost} not",
        began.elapsed().as_secs_f64()
    );
    assert!(kills >= 10, "only {kills} kills in the time allowed");
    assert!(reported > 0, "no action finished before a kill");
    // Nothing left behind: no lock or temporary file beside the library.
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("lib.sqlite"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn desk_counts(c: &Connection) -> (i64, i64) {
    c.query_row(
        "SELECT (SELECT count(*) FROM loans), (SELECT count(*) FROM holds)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}
