//! `carrel patron|checkout|checkin|renew|hold|overdues|calendar` run as a script runs them: the
//! real binary on a real library file, with `--today` fixed.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn ok(lib: &Path, args: &[&str]) -> String {
    let out = carrel(lib, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(lib: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(lib, args)).unwrap()
}

/// A library with the demo records and two copies of the first one (B1, B2).
fn library(dir: &Path) -> std::path::PathBuf {
    let mut bytes = Vec::new();
    for r in carrel::demo::records() {
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    let file = dir.join("demo.mrc");
    std::fs::write(&file, bytes).unwrap();
    let lib = dir.join("lib.sqlite");
    ok(&lib, &["import", file.to_str().unwrap()]);
    ok(
        &lib,
        &[
            "item",
            "add",
            "1",
            "--barcode",
            "B1",
            "--call-number",
            "KD1554 .T7",
            "--location",
            "Main",
        ],
    );
    ok(
        &lib,
        &[
            "item",
            "add",
            "1",
            "--barcode",
            "B2",
            "--call-number",
            "KD1554 .A2",
            "--location",
            "Main",
        ],
    );
    lib
}

#[test]
fn lending_works_out_of_the_box_and_refusals_exit_non_zero_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let ada = json(
        &lib,
        &[
            "patron",
            "add",
            "--name",
            "Ada Byron",
            "--card",
            "P1",
            "--category",
            "partner",
            "--json",
        ],
    );
    assert_eq!(
        (ada["card"].as_str(), ada["category"].as_str()),
        (Some("P1"), Some("partner"))
    );
    ok(
        &lib,
        &[
            "patron",
            "add",
            "--name",
            "Bob Cole",
            "--card",
            "P2",
            "--expires",
            "2026-11-30",
        ],
    );
    ok(
        &lib,
        &[
            "calendar",
            "close",
            "2026-12-22",
            "--reason",
            "Office party",
            "--today",
            "2026-12-01",
        ],
    );

    // Tuesday 1 December + 21 days = Tuesday 22nd, closed: due Wednesday 23rd.
    let loan = json(
        &lib,
        &[
            "checkout",
            "B1",
            "--patron",
            "P1",
            "--today",
            "2026-12-01",
            "--json",
        ],
    );
    assert_eq!(loan["due_date"], "2026-12-23");
    assert_eq!(loan["patron_name"], "Ada Byron");

    // Refused: on loan already; an expired card (with the reason, as JSON and as text).
    let out = carrel(
        &lib,
        &[
            "checkout",
            "B1",
            "--patron",
            "P2",
            "--today",
            "2026-12-01",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (r["kind"].as_str(), r["overridable"].as_bool()),
        (Some("already_on_loan"), Some(false))
    );
    let out = carrel(
        &lib,
        &["checkout", "B2", "--patron", "P2", "--today", "2026-12-01"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Bob Cole's card expired on 2026-11-30"),
        "{out:?}"
    );
    let lent = json(
        &lib,
        &[
            "checkout",
            "B2",
            "--patron",
            "P2",
            "--today",
            "2026-12-01",
            "--override",
            "card renewed at the desk",
            "--json",
        ],
    );
    assert_eq!(lent["overridden"][0]["kind"], "patron_expired");

    // Bob's card has expired: no renewal. Ada renews (due 21 days from the 10th).
    let out = carrel(&lib, &["renew", "B2", "--today", "2026-12-10", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["kind"], "patron_expired");
    let renewed = json(&lib, &["renew", "B1", "--today", "2026-12-10", "--json"]);
    assert_eq!(
        (renewed["due_date"].as_str(), renewed["renewals"].as_u64()),
        (Some("2026-12-31"), Some(1))
    );
    // A hold by Cy on the record then blocks Ada's next renewal.
    let p3 = json(&lib, &["patron", "add", "--name", "Cy Young", "--json"]);
    assert_eq!(p3["card"], "P000001", "generated from the default pattern");
    let hold = json(
        &lib,
        &[
            "hold",
            "place",
            "--patron",
            "P000001",
            "--record",
            "1",
            "--today",
            "2026-12-10",
            "--json",
        ],
    );
    assert_eq!(hold["position"], 1);
    let out = carrel(&lib, &["renew", "B1", "--today", "2026-12-11", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["kind"], "hold_blocks_renewal");

    // Overdues on 4 January: both, with days overdue.
    let late = json(
        &lib,
        &[
            "overdues",
            "--today",
            "2027-01-04",
            "--json",
            "--by",
            "item",
        ],
    );
    let late: Vec<(String, i64)> = late
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["item_barcode"].as_str().unwrap().to_string(),
                l["days_overdue"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(late.len(), 2);
    assert!(late.contains(&("B1".to_string(), 4)), "{late:?}");
    let notices = ok(&lib, &["overdues", "--today", "2027-01-04", "--notices"]);
    assert!(notices.contains("Dear Ada Byron,"), "{notices}");

    // Check-in: who had it, overdue, trapped for Cy; then the reshelving list.
    let back = json(
        &lib,
        &["checkin", "B1", "B2", "--today", "2027-01-04", "--json"],
    );
    assert_eq!(back["checked_in"][0]["patron_name"], "Ada Byron");
    assert_eq!(back["checked_in"][0]["days_overdue"], 4);
    assert_eq!(back["checked_in"][0]["hold"]["patron_name"], "Cy Young");
    assert_eq!(back["reshelve"].as_array().unwrap().len(), 1);
    let text = ok(&lib, &["hold", "list"]);
    assert!(text.contains("on the hold shelf (B1)"), "{text}");

    // Ada has no loans now; a patron with a loan cannot be deleted.
    json(
        &lib,
        &[
            "checkout",
            "B2",
            "--patron",
            "P1",
            "--today",
            "2027-01-04",
            "--json",
        ],
    );
    let out = carrel(&lib, &["patron", "delete", "P1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("on loan"),
        "{out:?}"
    );
    let shown = json(
        &lib,
        &[
            "patron",
            "show",
            "P1",
            "--history",
            "--json",
            "--today",
            "2027-01-04",
        ],
    );
    assert_eq!(shown["loans"].as_array().unwrap().len(), 2);
    let found = json(&lib, &["patron", "find", "byr", "--json"]);
    assert_eq!(found[0]["card"], "P1");

    // A bad date is a usage error (exit 2).
    assert_eq!(
        carrel(&lib, &["overdues", "--today", "2027-02-30"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn settings_change_card_numbers_and_the_weekend() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let s = json(
        &lib,
        &[
            "policy",
            "settings",
            "--card-prefix",
            "2123400",
            "--card-check-digit",
            "true",
            "--weekend",
            "5,6",
            "--json",
        ],
    );
    assert_eq!(
        (s["card_prefix"].as_str(), s["weekend"].clone()),
        (Some("2123400"), serde_json::json!([5, 6]))
    );
    let p = json(&lib, &["patron", "add", "--name", "Dee", "--json"]);
    let card = p["card"].as_str().unwrap().to_string();
    assert_eq!(card.len(), 14, "{card}");
    assert!(card.starts_with("2123400000001"));
    // Sunday 6 December + 21 days = Sunday 27th: open under a Friday–Saturday weekend.
    let loan = json(
        &lib,
        &[
            "checkout",
            "B1",
            "--patron",
            &card,
            "--today",
            "2026-12-06",
            "--json",
        ],
    );
    assert_eq!(loan["due_date"], "2026-12-27");
    // Friday 4 December + 21 = Friday 25th: closed, so Sunday 27th.
    let loan = json(
        &lib,
        &[
            "checkout",
            "B2",
            "--patron",
            &card,
            "--today",
            "2026-12-04",
            "--json",
        ],
    );
    assert_eq!(loan["due_date"], "2026-12-27");
    // A rule of the partners' own; a weekend of seven days is refused with exit 1.
    let policy = json(
        &lib,
        &[
            "policy",
            "set",
            "--category",
            "partner",
            "--item-type",
            "book",
            "--days",
            "60",
            "--json",
        ],
    );
    assert!(policy["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["category"] == "partner" && r["period_days"] == 60));
    let out = carrel(&lib, &["policy", "settings", "--weekend", "1,2,3,4,5,6,7"]);
    assert_eq!(out.status.code(), Some(1));
}

/// A `--today` whose due dates would leave four-digit years (or no date at all) is refused before
/// anything is lent, naming the value.
#[test]
fn today_out_of_range_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    for (day, says) in [
        ("9999-12-31", "outside 1900-01-01 to 9998-12-31"),
        ("0000-01-01", "outside 1900-01-01 to 9998-12-31"),
        ("2026-02-30", "is not a date"),
    ] {
        let out = carrel(&lib, &["overdues", "--today", day]);
        assert_eq!(out.status.code(), Some(2), "{day}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{day}: {err}");
    }
    let fine = carrel(&lib, &["overdues", "--today", "2026-12-07"]);
    assert!(fine.status.success());
}
