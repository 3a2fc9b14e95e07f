//! Issue 13: `item add` without `--scheme` says its guess, and advises setting the library's
//! default scheme only to a library that has none.

use std::path::{Path, PathBuf};
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

/// A library with one record that has no call number of its own.
fn library(dir: &Path) -> PathBuf {
    let lib = dir.join("lib.sqlite");
    let r = carrel_marc::Record::new()
        .with_control("001", "r1")
        .with_data("245", "00", &[('a', "Box of letters")]);
    let file = dir.join("one.mrc");
    std::fs::write(&file, carrel_marc::write_iso2709(&r)).unwrap();
    assert!(carrel(&lib, &["import", file.to_str().unwrap()])
        .status
        .success());
    lib
}

fn add(lib: &Path, barcode: &str, call_number: &str) -> String {
    let out = carrel(
        lib,
        &[
            "item",
            "add",
            "1",
            "--barcode",
            barcode,
            "--call-number",
            call_number,
        ],
    );
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_default_scheme_is_advised_only_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let err = add(&lib, "A1", "Box 2");
    assert!(err.contains("scheme: local"), "{err}");
    assert!(err.contains("carrel settings scheme"), "{err}");
    assert!(carrel(&lib, &["settings", "scheme", "ddc"])
        .status
        .success());
    let err = add(&lib, "A2", "Box 3");
    assert!(err.contains("scheme: local"), "{err}");
    assert!(!err.contains("carrel settings scheme"), "{err}");
    assert!(err.contains("library's default scheme, ddc"), "{err}");
    // A call number that fits the default takes it, and nothing is advised.
    let err = add(&lib, "A3", "346.73 Kin v.2");
    assert!(err.contains("ddc (the library's default scheme)"), "{err}");
    assert!(!err.contains("give --scheme"), "{err}");
}
