//! `carrel patron card`: library cards written as PDF files by the real binary.

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

#[test]
fn patron_card_writes_a_pdf_and_an_unknown_card_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    ok(
        &lib,
        &[
            "patron",
            "add",
            "--name",
            "Ana Lima",
            "--card",
            "21234000567892",
            "--category",
            "staff",
        ],
    );
    ok(
        &lib,
        &[
            "patron",
            "add",
            "--name",
            "Chidi Okonkwo",
            "--card",
            "P-00042",
        ],
    );

    let card = dir.path().join("card.pdf");
    let text = ok(
        &lib,
        &[
            "patron",
            "card",
            "21234000567892",
            "-o",
            card.to_str().unwrap(),
        ],
    );
    assert!(
        text.contains("Ana Lima") && text.contains("card.pdf"),
        "{text}"
    );
    assert!(std::fs::read(&card).unwrap().starts_with(b"%PDF-"));

    let sheet = dir.path().join("sheet.pdf");
    let v: serde_json::Value = serde_json::from_str(&ok(
        &lib,
        &[
            "patron",
            "card",
            "P-00042",
            "21234000567892",
            "-o",
            sheet.to_str().unwrap(),
            "--json",
        ],
    ))
    .unwrap();
    assert_eq!(v["layout"], "sheet");
    assert_eq!(v["patrons"][0]["name"], "Chidi Okonkwo");
    assert_eq!(v["patrons"][1]["card"], "21234000567892");
    assert!(std::fs::read(&sheet).unwrap().starts_with(b"%PDF-"));

    let missing = dir.path().join("missing.pdf");
    let out = carrel(
        &lib,
        &[
            "patron",
            "card",
            "NOPE",
            "-o",
            missing.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "not_found");
    assert!(!missing.exists());
    // Nothing but the two PDFs and the library was left in the folder (no temporary file).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.retain(|n| !n.starts_with("lib.sqlite"));
    names.sort();
    assert_eq!(names, ["card.pdf", "sheet.pdf"]);
}
