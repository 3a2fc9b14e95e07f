//! Issue 13, tried further through the command line: a German serial's issues in the shelf list,
//! `shelflist --from` with a volume as the spine shows it, and `callnumber sort` in a library
//! with a default scheme.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn carrel(lib: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
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

/// A library with one serial (050 K1 .Y3) holding issues, added in a shuffled order.
fn serial(dir: &Path, issues: &[&str]) -> PathBuf {
    let lib = dir.join("lib.sqlite");
    let r = carrel_marc::Record::new()
        .with_control("001", "ser1")
        .with_data("245", "00", &[('a', "Zeitschrift für Rechtsvergleichung")])
        .with_data("050", "00", &[('a', "K1"), ('b', ".Y3")]);
    let file = dir.join("one.mrc");
    std::fs::write(&file, carrel_marc::write_iso2709(&r)).unwrap();
    assert!(carrel(&lib, &["import", file.to_str().unwrap()], "")
        .status
        .success());
    let mut order: Vec<usize> = (0..issues.len()).rev().collect();
    order.rotate_left(issues.len() / 2);
    for i in order {
        let barcode = format!("B{i}");
        let out = carrel(
            &lib,
            &[
                "item",
                "add",
                "1",
                "--barcode",
                &barcode,
                "--call-number",
                "K1 .Y3",
                "--enumeration",
                issues[i],
            ],
            "",
        );
        assert!(out.status.success(), "{out:?}");
    }
    lib
}

fn shelflist(lib: &Path, args: &[&str]) -> Vec<String> {
    let mut a = vec!["shelflist"];
    a.extend_from_slice(args);
    let out = carrel(lib, &a, "");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split("  ").next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn a_german_serial_stands_in_the_order_of_its_issues() {
    let issues = [
        "Jahrg. 9, Heft 12 (Dez. 2019)",
        "Jahrg. 10, Heft 1 (Jan. 2020)",
        "Jahrg. 10, Heft 3 (März 2020)",
        "Jahrg. 10, Heft 10 (Okt. 2020)",
        "Jahrg. 10 Register",
        "Jahrg. 11, Heft 1 (Jan. 2021)",
    ];
    let dir = tempfile::tempdir().unwrap();
    let lib = serial(dir.path(), &issues);
    let want: Vec<String> = issues.iter().map(|e| format!("K1 .Y3 {e}")).collect();
    assert_eq!(shelflist(&lib, &[]), want);
}

#[test]
fn shelflist_from_a_volume_starts_at_that_volume() {
    let dir = tempfile::tempdir().unwrap();
    let lib = serial(dir.path(), &["v.1", "v.2", "v.10", "v.11"]);
    // The shelf list shows "K1 .Y3 v.10"; typed back, it must start there.
    let got = shelflist(&lib, &["--from", "K1 .Y3 v.10", "--limit", "2"]);
    assert_eq!(got, ["K1 .Y3 v.10", "K1 .Y3 v.11"]);
}

#[test]
fn callnumber_sort_uses_the_library_default_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let lib = serial(dir.path(), &[]);
    assert!(carrel(&lib, &["settings", "scheme", "lcc"], "")
        .status
        .success());
    // In an LC library, "R 131" is LC class R, as `item add` would take it.
    let out = carrel(&lib, &["callnumber", "sort", "--json"], "R 131\nQA76 .B6\n");
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r131 = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["call_number"] == "R 131")
        .unwrap();
    assert_eq!(r131["scheme"], "lcc", "{v:#}");
    assert_eq!(r131["from"]["from"], "library_default", "{v:#}");
    // And the guess is said.
    let out = carrel(&lib, &["callnumber", "sort"], "R 131\n100\n");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("by the library's default scheme"), "{err}");
    assert!(err.contains("1 bare number"), "{err}");
}

#[test]
fn volumes_in_the_call_number_and_in_the_enumeration_file_together() {
    // Systems that keep the volume in the call number ("346.73 Kin v.1") and items added here
    // with it as an enumeration stand in one order.
    let dir = tempfile::tempdir().unwrap();
    let lib = serial(dir.path(), &[]);
    for (barcode, cn, enumeration) in [
        ("M3", "K1 .Y3 v.3", ""),
        ("M10", "K1 .Y3", "v.10"),
        ("M1", "K1 .Y3 v.1", ""),
        ("M2", "K1 .Y3", "v.2"),
        ("MS", "K1 .Y3 Suppl.", ""),
    ] {
        let mut args = vec![
            "item",
            "add",
            "1",
            "--barcode",
            barcode,
            "--call-number",
            cn,
        ];
        if !enumeration.is_empty() {
            args.extend(["--enumeration", enumeration]);
        }
        assert!(carrel(&lib, &args, "").status.success());
    }
    assert_eq!(
        shelflist(&lib, &[]),
        [
            "K1 .Y3 v.1",
            "K1 .Y3 v.2",
            "K1 .Y3 v.3",
            "K1 .Y3 v.10",
            "K1 .Y3 Suppl."
        ]
    );
}
