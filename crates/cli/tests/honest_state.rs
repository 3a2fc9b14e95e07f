//! What `carrel` prints is what the library holds (issue 12): a copy exported while on loan comes
//! into another library available, with a warning naming it; a check-in of an item marked on
//! loan without a loan says what it found.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn ok(args: &[&str]) -> String {
    let out = carrel(args);
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_lent_copy_comes_in_available_and_a_false_on_loan_mark_is_named_at_check_in() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let marc = dir.path().join("one.mrc");
    let record = carrel_marc::Record::new()
        .with_control("001", "lent1")
        .with_data("245", "10", &[('a', "Contract law")]);
    std::fs::write(&marc, carrel_marc::write_iso2709(&record)).unwrap();
    let lib = ["--library", s(&a)];
    ok(&[&["import", s(&marc)][..], &lib].concat());
    ok(&[&["item", "add", "1", "--barcode", "X1"][..], &lib].concat());
    ok(&[
        &["patron", "add", "--name", "Ada Borrower", "--card", "P1"][..],
        &lib,
    ]
    .concat());
    ok(&[
        &["checkout", "X1", "--patron", "P1", "--today", "2026-12-01"][..],
        &lib,
    ]
    .concat());
    let xml = dir.path().join("lent.xml");
    ok(&[&["export", "--format", "marcxml", "-o", s(&xml)][..], &lib].concat());
    assert!(std::fs::read_to_string(&xml).unwrap().contains(">on_loan<"));

    let lib = ["--library", s(&b)];
    let said = ok(&[&["import", s(&xml)][..], &lib].concat());
    assert!(
        said.contains("item X1 was marked on loan where it came from, but it has no loan or hold in this library: it was added as available"),
        "{said}"
    );
    let shown = ok(&[&["item", "show", "X1", "--json"][..], &lib].concat());
    let item: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(item["status"], "available");

    // A status set by hand (or by an older Carrel) that claims a loan: the check-in says so.
    rusqlite::Connection::open(&b)
        .unwrap()
        .execute(
            "UPDATE items SET status = 'on_loan' WHERE barcode = 'X1'",
            [],
        )
        .unwrap();
    let said = ok(&[&["checkin", "X1", "--today", "2026-12-02"][..], &lib].concat());
    assert!(
        said.contains("was marked on loan but had no loan in this library: it is now available"),
        "{said}"
    );
    assert!(!said.contains("was not on loan"), "{said}");
    let shown = ok(&[&["item", "show", "X1", "--json"][..], &lib].concat());
    let item: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(item["status"], "available");
}
