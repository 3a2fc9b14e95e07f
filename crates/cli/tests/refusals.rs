//! Honest refusals of the `carrel` command (issue 12), run as a user runs it: the real binary on
//! real files, checking exit codes, messages and the files left behind.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_empty_library_file_is_refused_and_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let out = carrel(&["--library", s(&empty), "search", "x"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).contains("empty.sqlite is empty: it is not a Carrel library"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let out = carrel(&["--library", s(&empty), "search", "x", "--json"]);
    let err: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["kind"], "not_a_library");
    // A name that does not exist yet is a new library.
    let new = dir.path().join("new.sqlite");
    let out = carrel(&["--library", s(&new), "search", "x"]);
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::metadata(&new).unwrap().len() > 0);
}

#[test]
fn a_negative_schema_version_is_called_damaged_not_newer() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    assert!(carrel(&["--library", s(&lib), "search", "x"])
        .status
        .success());
    {
        let conn = rusqlite::Connection::open(&lib).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
    }
    let before = std::fs::read(&lib).unwrap();
    let out = carrel(&["--library", s(&lib), "search", "x", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["kind"], "not_a_library");
    let message = err["message"].as_str().unwrap();
    assert!(!message.contains("newer"), "{message}");
    assert!(message.contains("damaged"), "{message}");
    assert_eq!(std::fs::read(&lib).unwrap(), before);
}

#[test]
fn policy_set_refuses_a_loan_period_of_four_billion_days() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(&[
        "--library",
        s(&lib),
        "policy",
        "set",
        "--days",
        "4294967295",
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).contains("a loan period of 4294967295 days is too long: at most 3650"),
        "{}",
        stderr(&out)
    );
    let out = carrel(&["--library", s(&lib), "policy", "--json"]);
    assert!(
        !stdout(&out).contains("4294967295"),
        "not stored: {}",
        stdout(&out)
    );
    let out = carrel(&["--library", s(&lib), "policy", "set", "--days", "3650"]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn an_export_of_a_missing_id_fails_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = dir.path().join("out.mrc");
    let out = carrel(&[
        "--library",
        s(&lib),
        "export",
        "--id",
        "999999",
        "-o",
        s(&file),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).contains("record 999999: no such record"),
        "{}",
        stderr(&out)
    );
    assert!(!file.exists());
}

#[test]
fn a_record_too_long_for_iso2709_is_named_and_goes_out_as_marcxml_beside_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let long = carrel_marc::Record::new()
        .with_control("001", "long-1")
        .with_data("245", "00", &[('a', "A very long note")])
        .with_data("500", "  ", &[('a', &"x".repeat(120_000))]);
    let mut bytes = carrel_marc::write_iso2709(&carrel::demo::records()[0]);
    bytes.extend(carrel_marc::write_iso2709(&long));
    let input = dir.path().join("in.mrc");
    std::fs::write(&input, bytes).unwrap();
    let out = carrel(&["--library", s(&lib), "import", s(&input), "--json"]);
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["imported"], 2, "{summary}");

    let file = dir.path().join("out.mrc");
    let out = carrel(&["--library", s(&lib), "export", "-o", s(&file)]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("record 2 “A very long note”: field 500 is 1200")
            && text.contains("bytes long, more than ISO 2709 allows in one field (9999)")
            && text.contains("written whole in MARCXML to out-too-long.xml"),
        "{text}"
    );
    assert!(
        text.contains("Wrote 1 record to") && text.contains("0 failed"),
        "{text}"
    );
    let beside = dir.path().join("out-too-long.xml");
    assert!(
        text.contains(&format!(
            "Wrote 1 record too long for ISO 2709 whole in MARCXML to {}",
            beside.display()
        )),
        "{text}"
    );
    assert!(std::fs::metadata(&file).unwrap().len() < 99_999);
    assert!(std::fs::read_to_string(&beside)
        .unwrap()
        .contains(&"x".repeat(120_000)));

    let xml = dir.path().join("out.xml");
    let out = carrel(&[
        "--library",
        s(&lib),
        "export",
        "--format",
        "marcxml",
        "-o",
        s(&xml),
    ]);
    assert!(
        stdout(&out).contains("Wrote 2 records") && stdout(&out).contains("0 failed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_export_keeps_the_mode_of_the_file_it_replaces_and_refuses_a_read_only_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let input = dir.path().join("in.mrc");
    std::fs::write(
        &input,
        carrel_marc::write_iso2709(&carrel::demo::records()[0]),
    )
    .unwrap();
    assert!(carrel(&["--library", s(&lib), "import", s(&input)])
        .status
        .success());
    let target = dir.path().join("shared.mrc");
    std::fs::write(&target, b"old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = carrel(&["--library", s(&lib), "export", "-o", s(&target)]);
    assert!(out.status.success(), "{out:?}");
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);

    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&target).unwrap();
    let out = carrel(&["--library", s(&lib), "export", "-o", s(&target)]);
    if std::fs::OpenOptions::new()
        .write(true)
        .open(&target)
        .is_ok()
    {
        return; // root: every file is writable
    }
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr(&out).contains("shared.mrc is read-only"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn importing_a_file_with_no_records_says_so_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let empty = dir.path().join("empty.mrc");
    std::fs::write(&empty, b"").unwrap();
    let zeros = dir.path().join("zeros.mrc");
    std::fs::write(&zeros, vec![0u8; 4096]).unwrap();
    let out = carrel(&["--library", s(&lib), "import", s(&empty), s(&zeros)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.contains("empty.mrc") && text.contains("no records in this file (it is empty)"),
        "{text}"
    );
    assert!(
        text.contains("zeros.mrc")
            && text.contains("no records in this file (4096 bytes, none of them a MARC record)"),
        "{text}"
    );
    assert!(text.contains("Imported 0 records"), "{text}");
}

#[test]
fn validate_refuses_a_product_ean_as_an_isbn_and_accepts_a_spaced_issn() {
    let out = carrel(&[
        "validate",
        "isbn",
        "4006381333931",
        "9780306406157",
        "--json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[1]["valid"], true);
    let out = carrel(&["validate", "issn", "0317 8471", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["normalized"], "0317-8471");
}
