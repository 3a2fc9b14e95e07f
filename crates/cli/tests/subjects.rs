//! `carrel subjects`, `carrel record delete|restore|history|revert|purge` and `carrel trash`, run as
//! a user runs them: the real binary on a real library file.

use std::path::Path;
use std::process::{Command, Output};

use carrel_marc::write_iso2709;

fn carrel(lib: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .env("USER", "cli-tester")
        .output()
        .expect("carrel runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&String::from_utf8_lossy(&o.stdout))
        .unwrap_or_else(|e| panic!("{e}: {o:?}"))
}

fn library(dir: &Path) -> String {
    let mut bytes = Vec::new();
    for r in carrel::demo::records() {
        bytes.extend(write_iso2709(&r));
    }
    let file = dir.join("demo.mrc");
    std::fs::write(&file, bytes).unwrap();
    let lib = dir.join("lib.sqlite").to_str().unwrap().to_string();
    let out = carrel(&lib, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    lib
}

#[test]
fn headings_are_listed_renamed_and_merged() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(
        &lib,
        &["subjects", "--from", "constr", "--limit", "2", "--json"],
    );
    assert!(out.status.success(), "{out:?}");
    let page = json(&out);
    assert_eq!(
        page["headings"][0]["heading"],
        "Construction contracts -- Great Britain"
    );
    assert_eq!(page["headings"][0]["count"], 1);
    assert_eq!(page["more"], true);

    let out = carrel(
        &lib,
        &[
            "subjects",
            "rename",
            "Construction contracts -- Great Britain",
            "Building contracts -- England",
            "--json",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(json(&out)["records_changed"], 1);
    let out = carrel(&lib, &["subjects", "--contains", "building"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "      1  Building contracts -- England\n"
    );

    let out = carrel(
        &lib,
        &[
            "subjects",
            "merge",
            "Building contracts -- England",
            "Construction contracts -- Performance",
            "--into",
            "Construction contracts",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("in 2 records"),
        "{out:?}"
    );
    let out = carrel(
        &lib,
        &["subjects", "records", "Construction contracts", "--json"],
    );
    assert_eq!(json(&out).as_array().unwrap().len(), 2);

    // Unknown heading: exit 1 with a kind.
    let out = carrel(
        &lib,
        &["subjects", "rename", "No such heading", "X", "--json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["kind"], "not_found");
}

#[test]
fn a_record_is_deleted_restored_and_its_history_reverted() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(&lib, &["subjects", "records", "Damages", "--json"]);
    let id = json(&out)[0]["id"].as_i64().unwrap().to_string();
    assert!(
        carrel(&lib, &["subjects", "rename", "Damages", "Damages (Law)"])
            .status
            .success()
    );

    let out = carrel(&lib, &["record", "history", &id, "--json"]);
    let history = json(&out);
    assert_eq!(history["versions"][0]["changed_by"], "cli-tester");
    assert_eq!(history["versions"][0]["number"], 1);
    let version = history["versions"][0]["number"]
        .as_i64()
        .unwrap()
        .to_string();
    let out = carrel(&lib, &["record", "history", &id]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("by cli-tester: Subject heading renamed: Damages → Damages (Law)"),
        "{text}"
    );
    assert!(text.contains("    - =650  \\0$aDamages."), "{text}");
    // Numbered per record, not by the library-wide row id.
    assert!(text.starts_with("version 1  "), "{text}");

    assert!(carrel(&lib, &["record", "revert", &id, &version])
        .status
        .success());
    let out = carrel(&lib, &["show", &id]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("=650  \\0$aDamages.\n"));

    let out = carrel(&lib, &["record", "delete", &id, "--json"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(json(&out)["items"], 0);
    let out = carrel(&lib, &["search", "delay disruption", "--json"]);
    assert_eq!(json(&out)["total"], 0);
    let out = carrel(&lib, &["trash", "--json"]);
    let trash = json(&out);
    assert_eq!(trash[0]["id"].as_i64().unwrap().to_string(), id);
    assert_eq!(trash[0]["deleted_by"], "cli-tester");
    assert!(carrel(&lib, &["record", "restore", &id]).status.success());
    let out = carrel(&lib, &["search", "delay disruption", "--json"]);
    assert_eq!(json(&out)["total"], 1);
    let out = carrel(&lib, &["record", "restore", &id, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["kind"], "invalid_input");
}
