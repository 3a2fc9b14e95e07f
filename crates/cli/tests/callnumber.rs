//! `carrel callnumber sort` on mixed lists without `--scheme`, the scheme guess of `carrel item
//! add` (never silent), `carrel settings scheme`, and copies in order in `carrel shelflist`
//! (issue 13), run as a user runs them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn carrel(lib: Option<&Path>, args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carrel"));
    if let Some(lib) = lib {
        cmd.arg("--library").arg(lib);
    }
    let mut child = cmd
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("carrel runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn sort(list: &[&str], args: &[&str]) -> (Vec<String>, String) {
    let mut a = vec!["callnumber", "sort"];
    a.extend_from_slice(args);
    let out = carrel(None, &a, &(list.join("\n") + "\n"));
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        stdout.lines().map(str::to_string).collect(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_mixed_list_sorts_each_scheme_by_its_own_rules_and_says_what_it_guessed() {
    let (got, err) = sort(
        &[
            "KF4558 15th .A2",
            "346.73 Kin",
            "Box 10",
            "340/Smi",
            "PQ4453.10th .F3",
            "100",
            "M5 .L",
            "PZ7 .S8 Km",
            "346.73/Kin 2004",
            "Box 2",
            "PQ4453 9th .F3",
            "M5 .L2",
            "M5 .K9",
        ],
        &[],
    );
    assert_eq!(
        got,
        [
            // Dewey: its Cutters after a slash or a space are Cutters, not local text; the bare
            // number is Dewey too, in a list that has Dewey numbers.
            "100",
            "340/Smi",
            "346.73 Kin",
            "346.73/Kin 2004",
            // LC: letters-only Cutters and ordinals where LC files them.
            "KF4558 15th .A2",
            "M5 .K9",
            "M5 .L",
            "M5 .L2",
            "PQ4453 9th .F3",
            "PQ4453.10th .F3",
            "PZ7 .S8 Km",
            "Box 2",
            "Box 10",
        ]
    );
    assert!(err.contains("scheme: guessed"), "{err}");
    assert!(err.contains("7 LC, 4 Dewey, 2 local"), "{err}");
    // Letters-only Cutters in fiction are common practice: no warning.
    assert!(!err.contains("Km"), "{err}");
    assert!(!err.contains("not a Cutter"), "{err}");
    // Among LC call numbers only, a bare number is not Dewey: it is local, and said so.
    let (got, err) = sort(&["100", "QA76 .B6", "Box 2", "KF1", "1000"], &[]);
    assert_eq!(got, ["KF1", "QA76 .B6", "100", "1000", "Box 2"]);
    assert!(err.contains("2 LC, 0 Dewey, 3 local"), "{err}");
    assert!(err.contains("100: scheme local"), "{err}");
}

#[test]
fn a_dewey_list_keeps_its_bare_numbers_and_json_shows_each_guess() {
    let (got, err) = sort(&["340/Smi", "100", "005.133 B61", "QA76 .B6"], &[]);
    assert_eq!(got, ["005.133 B61", "100", "340/Smi", "QA76 .B6"]);
    assert!(err.contains("3 Dewey, 0 local"), "{err}");
    let out = carrel(
        None,
        &["callnumber", "sort", "--json"],
        "QA76 .B6\n100\nBox 2\n",
    );
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows[0]["call_number"], "QA76 .B6");
    assert_eq!(rows[0]["scheme"], "lcc");
    assert_eq!(rows[0]["guessed"], true);
    assert_eq!(rows[0]["from"]["from"], "call_number");
    assert_eq!(rows[1]["call_number"], "100");
    assert_eq!(rows[1]["scheme"], "local");
    assert_eq!(rows[1]["from"]["from"], "bare_number");
    // A given scheme is no guess, and says nothing of one.
    let (got, err) = sort(&["100", "QA76"], &["--scheme", "lcc"]);
    assert_eq!(got, ["QA76", "100"]);
    assert!(!err.contains("scheme: guessed"), "{err}");
}

fn library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib.sqlite");
    let mut bytes = Vec::new();
    for (i, (tag, cn)) in [("082", "346.73"), ("050", "KF4558 15th .A2"), ("245", "")]
        .iter()
        .enumerate()
    {
        let mut r = carrel_marc::Record::new()
            .with_control("001", &format!("cli{i}"))
            .with_data("245", "10", &[('a', &format!("Title {i}"))]);
        if *tag != "245" {
            r = r.with_data(tag, "00", &[('a', cn)]);
        }
        bytes.extend(carrel_marc::write_iso2709(&r));
    }
    let file = dir.join("three.mrc");
    std::fs::write(&file, bytes).unwrap();
    let out = carrel(Some(&lib), &["import", file.to_str().unwrap()], "");
    assert!(out.status.success(), "{out:?}");
    lib
}

#[test]
fn item_add_says_where_its_scheme_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let add = |record: &str, barcode: &str, cn: &str| {
        let out = carrel(
            Some(&lib),
            &[
                "item",
                "add",
                record,
                "--barcode",
                barcode,
                "--call-number",
                cn,
                "--json",
            ],
            "",
        );
        assert!(out.status.success(), "{out:?}");
        let item: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            item["scheme"].as_str().unwrap().to_string(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (scheme, err) = add("1", "A1", "340/Smi");
    assert_eq!(scheme, "ddc");
    assert!(
        err.contains("scheme: ddc (guessed from the record's 082)"),
        "{err}"
    );
    let (scheme, err) = add("2", "A2", "100");
    assert_eq!(scheme, "local");
    assert!(err.contains("scheme: local"), "{err}");
    // No call number in the record, no default: the form, and how to set a default.
    let (scheme, err) = add("3", "A3", "346.73 Kin");
    assert_eq!(scheme, "ddc");
    assert!(err.contains("call number's form"), "{err}");
    assert!(err.contains("carrel settings scheme"), "{err}");
    // With a default scheme set once, it is used.
    let out = carrel(Some(&lib), &["settings", "scheme", "lcc", "--json"], "");
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["default_scheme"], "lcc");
    let (scheme, err) = add("3", "A4", "R 131 .B6");
    assert_eq!(scheme, "lcc");
    assert!(err.contains("the library's default scheme"), "{err}");
    let out = carrel(Some(&lib), &["settings", "scheme"], "");
    assert!(String::from_utf8(out.stdout).unwrap().contains("lcc"));
}

#[test]
fn the_shelflist_shows_copies_in_order_with_volume_and_copy() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    for (barcode, enumeration, copy) in [
        ("C4", "v.10", "1"),
        ("C2", "v.2", "1"),
        ("C3", "v.2", "2"),
        ("C5", "Suppl.", ""),
        ("C1", "v.1", ""),
    ] {
        let mut args = vec![
            "item",
            "add",
            "2",
            "--barcode",
            barcode,
            "--call-number",
            "KF4558 15th .A2",
            "--enumeration",
            enumeration,
        ];
        if !copy.is_empty() {
            args.extend(["--copy", copy]);
        }
        let out = carrel(Some(&lib), &args, "");
        assert!(out.status.success(), "{out:?}");
    }
    let out = carrel(Some(&lib), &["shelflist"], "");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    for (line, (mark, barcode)) in lines.iter().zip([
        ("KF4558 15th .A2 v.1", "C1"),
        ("KF4558 15th .A2 v.2 c.1", "C2"),
        ("KF4558 15th .A2 v.2 c.2", "C3"),
        ("KF4558 15th .A2 v.10 c.1", "C4"),
        ("KF4558 15th .A2 Suppl.", "C5"),
    ]) {
        assert!(
            line.starts_with(mark) && line.contains(barcode),
            "{line:?} should show {mark} {barcode}\n{text}"
        );
    }
}
