//! The `carrel` command line, run as a user runs it: a real binary on a real library file.

use std::path::Path;
use std::process::{Command, Output};

use carrel_marc::write_iso2709;

fn carrel(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carrel"));
    cmd.args(args).env_remove("CARREL_LIBRARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("carrel runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn fixture(dir: &Path) -> std::path::PathBuf {
    let mut bytes = Vec::new();
    for r in carrel::demo::records() {
        bytes.extend(write_iso2709(&r));
    }
    bytes.extend_from_slice(b"short\x1d");
    let p = dir.join("demo.mrc");
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn import_search_and_show_with_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let lib = lib.to_str().unwrap();
    let file = fixture(dir.path());
    let out = carrel(&["--library", lib, "import", file.to_str().unwrap(), "--json"], &[]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["imported"], 8);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(summary["problems"][0]["ordinal"], 9);
    assert_eq!(summary["problems"][0]["severity"], "error");

    let out = carrel(&["--library", lib, "search", "dvorak", "--json"], &[]);
    let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(results["total"], 1);
    let id = results["hits"][0]["id"].as_i64().unwrap();
    assert_eq!(results["hits"][0]["responsibility"], "Tereza Dvořák");

    let out = carrel(&["--library", lib, "show", &id.to_string()], &[]);
    assert!(stdout(&out).contains("=100  1\\$aDvořák, Tereza,$eauthor."), "{}", stdout(&out));
    let out = carrel(&["--library", lib, "show", &id.to_string(), "--format", "json"], &[]);
    let view: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(view["subjects"][0], "Engraving, Dutch -- 17th century");
}

#[test]
fn failures_exit_1_with_a_kind_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(&["--library", lib.to_str().unwrap(), "show", "42", "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["message"], "no record with id 42");

    let not_a_library = dir.path().join("notes.txt");
    std::fs::write(&not_a_library, "not a database").unwrap();
    let out = carrel(&["--library", not_a_library.to_str().unwrap(), "search", "x"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Carrel library"), "{out:?}");
}

#[test]
fn the_default_library_is_created_in_the_data_dir_with_the_demo_collection() {
    let home = tempfile::tempdir().unwrap();
    let out = carrel(&["search", "", "--json"], &[("XDG_DATA_HOME", home.path()), ("HOME", home.path())]);
    assert!(out.status.success(), "{out:?}");
    let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(results["total"], carrel::demo::records().len());
    assert!(home.path().join("carrel/library.sqlite").is_file());
    // $CARREL_LIBRARY chooses another file, which starts empty.
    let other = home.path().join("other.sqlite");
    let out = carrel(&["search", "", "--json"], &[("XDG_DATA_HOME", home.path()), ("CARREL_LIBRARY", &other)]);
    let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(results["total"], 0);
}

#[test]
fn marc_dump_prints_mnemonic_records_and_reports_bad_ones_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture(dir.path());
    let out = carrel(&["marc", "dump", file.to_str().unwrap()], &[]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.matches("=LDR  ").count(), 8);
    assert!(text.contains("=245  10$aArbitration in construction contracts :$ba practitioner's guide /$cMiriam Hartley."));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("record 9 (byte offset"), "{err}");
}
