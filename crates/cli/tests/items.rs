//! `carrel item …`, `carrel shelflist` and `carrel settings barcode`, run as a user runs them.

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

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {o:?}"))
}

/// A library with three records (ids 1, 2, 3).
fn library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib.sqlite");
    let mut bytes = Vec::new();
    for (i, title) in ["Contract law", "Law of trusts", "Maps of the county"]
        .iter()
        .enumerate()
    {
        let r = carrel_marc::Record::new()
            .with_control("001", &format!("cli{i}"))
            .with_data("245", "10", &[('a', title)]);
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    let file = dir.join("three.mrc");
    std::fs::write(&file, bytes).unwrap();
    let out = carrel(&lib, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    lib
}

#[test]
fn items_are_added_shown_listed_edited_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(
        &lib,
        &[
            "item",
            "add",
            "1",
            "--barcode",
            "0001",
            "--call-number",
            "KF 801 .A2",
            "--location",
            "Stacks",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let item = json(&out);
    assert_eq!(item["barcode"], "0001");
    assert_eq!(item["scheme"], "lcc");
    assert_eq!(item["status"], "available");
    let out = carrel(
        &lib,
        &[
            "item",
            "add",
            "1",
            "--barcode",
            "0002",
            "--call-number",
            "KF 801 .A2 c.2",
            "--type",
            "looseleaf",
        ],
    );
    assert_eq!(stdout(&out), "Added item 0002 to record 1\n");

    let out = carrel(&lib, &["item", "show", "0002"]);
    let text = stdout(&out);
    assert!(
        text.contains("Call number:  KF 801 .A2 c.2 (lcc)"),
        "{text}"
    );
    assert!(text.contains("Type:         looseleaf"), "{text}");

    let out = carrel(&lib, &["item", "list", "1", "--json"]);
    let list = json(&out);
    assert_eq!(list.as_array().unwrap().len(), 2);

    let out = carrel(
        &lib,
        &[
            "item",
            "edit",
            "0002",
            "--status",
            "in_repair",
            "--price",
            "45.00 GBP",
            "--json",
        ],
    );
    let edited = json(&out);
    assert_eq!(
        (edited["status"].as_str(), edited["price"].as_str()),
        (Some("in_repair"), Some("45.00 GBP"))
    );
    // "On loan" is the desk's to set, with a loan behind it: typed, it is refused.
    let out = carrel(&lib, &["item", "edit", "0002", "--status", "on_loan"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("set by the desk"), "{said}");
    carrel(&lib, &["item", "edit", "0002", "--status", "available"]);
    carrel(
        &lib,
        &["patron", "add", "--name", "Ada Byron", "--card", "P1"],
    );
    let out = carrel(
        &lib,
        &[
            "checkout",
            "0002",
            "--patron",
            "P1",
            "--override",
            "bindery copy lent to a partner",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        edited["call_number"], "KF 801 .A2 c.2",
        "fields not given stay as they were"
    );

    let out = carrel(&lib, &["item", "delete", "0002", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = json(&out);
    assert_eq!(err["kind"], "invalid_input");
    assert!(err["message"].as_str().unwrap().contains("on loan"));
    let out = carrel(&lib, &["checkin", "0002"]);
    assert!(out.status.success(), "{out:?}");
    let out = carrel(&lib, &["item", "delete", "0002"]);
    assert!(out.status.success(), "{out:?}");
    let out = carrel(&lib, &["item", "show", "0002", "--json"]);
    assert_eq!(json(&out)["kind"], "not_found");
}

#[test]
fn a_barcode_clash_and_a_barcode_against_the_rules_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    assert!(
        carrel(&lib, &["item", "add", "1", "--barcode", "31234000123453"])
            .status
            .success()
    );
    let out = carrel(
        &lib,
        &["item", "add", "2", "--barcode", "31234000123453", "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["message"],
        "barcode 31234000123453 is already on an item of record 1"
    );

    let out = carrel(
        &lib,
        &[
            "settings",
            "barcode",
            "--prefix",
            "31234",
            "--length",
            "14",
            "--check-digit",
            "codabar-mod10",
            "--json",
        ],
    );
    let rules = json(&out);
    assert_eq!(
        (
            rules["prefix"].as_str(),
            rules["length"].as_u64(),
            rules["check_digit"].as_str()
        ),
        (Some("31234"), Some(14), Some("codabar_mod10"))
    );
    let out = carrel(&lib, &["item", "add", "2", "--barcode", "31234000000017"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("check digit should be 6"),
        "{out:?}"
    );
    assert!(
        carrel(&lib, &["item", "add", "2", "--barcode", "31234000000016"])
            .status
            .success()
    );
    let out = carrel(&lib, &["settings", "barcode"]);
    assert!(
        stdout(&out).contains("Check digit:  codabar_mod10"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_shelf_list_prints_items_in_shelf_order() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    for (record, barcode, cn, location) in [
        ("3", "M1", "Map drawer 10", "Map room"),
        ("1", "B1", "KF 801 .A2", "Stacks"),
        ("2", "B2", "346.059 T78", "Stacks"),
        ("3", "M2", "Map drawer 9", "Map room"),
    ] {
        let out = carrel(
            &lib,
            &[
                "item",
                "add",
                record,
                "--barcode",
                barcode,
                "--call-number",
                cn,
                "--location",
                location,
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let out = carrel(&lib, &["shelflist"]);
    assert_eq!(
        stdout(&out),
        "346.059 T78    B2  Stacks    Law of trusts\n\
         KF 801 .A2     B1  Stacks    Contract law\n\
         Map drawer 9   M2  Map room  Maps of the county\n\
         Map drawer 10  M1  Map room  Maps of the county\n"
    );
    let out = carrel(&lib, &["shelflist", "--location", "Map room", "--json"]);
    let entries = json(&out);
    let barcodes: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["barcode"].as_str().unwrap())
        .collect();
    assert_eq!(barcodes, ["M2", "M1"]);
    assert_eq!(entries[0]["title"], "Maps of the county");
    let out = carrel(
        &lib,
        &["shelflist", "--from", "KF 800", "--limit", "2", "--json"],
    );
    let barcodes: Vec<String> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["barcode"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(barcodes, ["B1", "M2"]);
}
