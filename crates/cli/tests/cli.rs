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
    let out = carrel(
        &["--library", lib, "import", file.to_str().unwrap(), "--json"],
        &[],
    );
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
    assert!(
        stdout(&out).contains("=100  1\\$aDvořák, Tereza,$eauthor."),
        "{}",
        stdout(&out)
    );
    let out = carrel(
        &[
            "--library",
            lib,
            "show",
            &id.to_string(),
            "--format",
            "json",
        ],
        &[],
    );
    let view: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(view["subjects"][0], "Engraving, Dutch -- 17th century");
}

#[test]
fn failures_exit_1_with_a_kind_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(
        &[
            "--library",
            lib.to_str().unwrap(),
            "show",
            "42",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["message"], "no record with id 42");

    let not_a_library = dir.path().join("notes.txt");
    std::fs::write(&not_a_library, "not a database").unwrap();
    let out = carrel(
        &["--library", not_a_library.to_str().unwrap(), "search", "x"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not a Carrel library"),
        "{out:?}"
    );
}

#[test]
fn the_default_library_is_created_in_the_data_dir_with_the_demo_collection() {
    let home = tempfile::tempdir().unwrap();
    let out = carrel(
        &["search", "", "--json"],
        &[("XDG_DATA_HOME", home.path()), ("HOME", home.path())],
    );
    assert!(out.status.success(), "{out:?}");
    let results: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(results["total"], carrel::demo::records().len());
    assert!(home.path().join("carrel/library.sqlite").is_file());
    // $CARREL_LIBRARY chooses another file, which starts empty.
    let other = home.path().join("other.sqlite");
    let out = carrel(
        &["search", "", "--json"],
        &[("XDG_DATA_HOME", home.path()), ("CARREL_LIBRARY", &other)],
    );
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

#[test]
fn validate_prints_one_json_object_per_value() {
    let out = carrel(
        &[
            "validate",
            "isbn",
            "0-306-40615-2",
            "0-306-40615-3",
            "--json",
        ],
        &[],
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v[0],
        serde_json::json!({"input": "0-306-40615-2", "valid": true, "normalized": "9780306406157", "hyphenated": "978-0-306-40615-7"})
    );
    assert_eq!(
        v[1],
        serde_json::json!({"input": "0-306-40615-3", "valid": false, "normalized": null, "hyphenated": null})
    );
    let out = carrel(&["validate", "issn", "2434-561x", "--json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["normalized"], "2434-561X");
    let out = carrel(&["validate", "lccn", "n78-89035", "--json"], &[]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["normalized"], "n78089035");
}

#[test]
fn convert_and_export_round_trip_through_marcxml_and_marc8() {
    let dir = tempfile::tempdir().unwrap();
    let file = fixture(dir.path());
    let xml = dir.path().join("out.xml");
    let out = carrel(
        &[
            "marc",
            "convert",
            file.to_str().unwrap(),
            xml.to_str().unwrap(),
            "--to",
            "marcxml",
            "--json",
        ],
        &[],
    );
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        (s["written"].as_u64(), s["rejected"].as_u64()),
        (Some(8), Some(1))
    );
    let m8 = dir.path().join("out8.mrc");
    let out = carrel(
        &[
            "marc",
            "convert",
            xml.to_str().unwrap(),
            m8.to_str().unwrap(),
            "--encoding",
            "marc8",
        ],
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    let dump = carrel(&["marc", "dump", m8.to_str().unwrap()], &[]);
    assert!(
        stdout(&dump).contains("=100  1\\$aDvořák, Tereza,$eauthor."),
        "{}",
        stdout(&dump)
    );

    let lib = dir.path().join("lib.sqlite");
    carrel(
        &[
            "--library",
            lib.to_str().unwrap(),
            "import",
            m8.to_str().unwrap(),
        ],
        &[],
    );
    let exported = dir.path().join("dvorak.xml");
    let out = carrel(
        &[
            "--library",
            lib.to_str().unwrap(),
            "export",
            "--query",
            "dvorak",
            "--format",
            "marcxml",
            "-o",
            exported.to_str().unwrap(),
            "--json",
        ],
        &[],
    );
    let s: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(s["written"], 1);
    assert!(std::fs::read_to_string(&exported)
        .unwrap()
        .contains("Dvořák, Tereza,"));
}

#[test]
fn callnumber_sort_puts_stdin_in_shelf_order() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(["callnumber", "sort", "--scheme", "lcc"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"QA76.9 .A1\nQA76.73 .J38 1994\nQA76.73 .B6\nQA76.73 .B59\nQA76.73 .B592\nQA100 .C3\nQA10 .C3\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "QA10 .C3\nQA76.73 .B59\nQA76.73 .B592\nQA76.73 .B6\nQA76.73 .J38 1994\nQA76.9 .A1\nQA100 .C3\n"
    );
}

#[test]
fn search_sorts_pages_filters_and_counts_facets() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let lib = lib.to_str().unwrap();
    let file = fixture(dir.path());
    assert!(
        carrel(&["--library", lib, "import", file.to_str().unwrap()], &[])
            .status
            .success()
    );
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--library", lib, "search"];
        all.extend_from_slice(args);
        all.push("--json");
        let out = carrel(&all, &[]);
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    // Every record by title, two at a time, following `next`.
    let whole = json(&["", "--sort", "title", "--limit", "500"]);
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut args = vec!["", "--sort", "title", "--limit", "2"];
        if let Some(a) = &after {
            args.extend_from_slice(&["--after", a]);
        }
        let page = json(&args);
        paged.extend(
            page["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_i64().unwrap()),
        );
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_string()),
            None => break,
        }
    }
    let ids: Vec<i64> = whole["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    assert_eq!(paged, ids);
    assert_eq!(ids.len(), 8);
    // Facets, and a filter that narrows.
    let r = json(&["", "--facets"]);
    let lang = r["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "language")
        .unwrap();
    let (code, n) = (
        lang["values"][0]["value"].as_str().unwrap().to_string(),
        lang["values"][0]["count"].as_u64().unwrap(),
    );
    let filtered = json(&["", "--filter", &format!("language={code}")]);
    assert_eq!(filtered["total"].as_u64().unwrap(), n);
    // A malformed query is explained, not refused; a bad filter is refused plainly.
    let r = json(&["\"dvorak"]);
    assert_eq!(r["total"], 1);
    assert!(r["notice"].as_str().unwrap().contains("not closed"));
    let out = carrel(
        &["--library", lib, "search", "x", "--filter", "colour"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("FACET=VALUE"));
    // Text output keeps its shape: "id  title / responsibility (date)", the count on stderr.
    let out = carrel(&["--library", lib, "search", "dvorak"], &[]);
    assert!(stdout(&out).contains("Tereza Dvořák"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 record matches"));
}

#[test]
fn rejects_are_listed_once_after_two_imports_saved_as_a_file_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let lib = lib.to_str().unwrap();
    let file = fixture(dir.path());
    for _ in 0..2 {
        assert!(
            carrel(&["--library", lib, "import", file.to_str().unwrap()], &[])
                .status
                .success()
        );
    }
    let out = carrel(&["--library", lib, "rejects", "--json"], &[]);
    assert!(out.status.success(), "{out:?}");
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(
        (list[0]["source_file"].as_str(), list[0]["ordinal"].as_i64()),
        (Some("demo.mrc"), Some(9))
    );
    let out = carrel(&["--library", lib, "rejects"], &[]);
    assert!(
        stdout(&out).starts_with("demo.mrc  record 9  offset "),
        "{}",
        stdout(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 rejected record"),
        "{out:?}"
    );

    let saved = dir.path().join("rejects.mrc");
    let out = carrel(
        &[
            "--library",
            lib,
            "rejects",
            "export",
            "-o",
            saved.to_str().unwrap(),
        ],
        &[],
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read(&saved).unwrap(), b"short\x1d");

    let out = carrel(&["--library", lib, "rejects", "clear", "--json"], &[]);
    let cleared: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(cleared["removed"], 1);
    let out = carrel(
        &[
            "--library",
            lib,
            "rejects",
            "export",
            "-o",
            saved.to_str().unwrap(),
            "--json",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["kind"], "not_found");
}

#[test]
fn settings_agency_sets_the_040_code_of_new_records() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let lib = lib.to_str().unwrap();
    let out = carrel(&["--library", lib, "settings", "agency"], &[]);
    assert_eq!(stdout(&out), "Cataloguing agency:  Carrel\n");
    let out = carrel(
        &["--library", lib, "settings", "agency", "UK-WkNB", "--json"],
        &[],
    );
    let set: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(set["agency"], "UK-WkNB");
    let out = carrel(&["--library", lib, "settings", "agency", "my library"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&carrel(&["--library", lib, "settings", "agency"], &[])),
        "Cataloguing agency:  UK-WkNB\n"
    );
}
