//! `carrel archive export` and `carrel archive import`, run as a user runs them: a real binary on
//! real library files.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .stdin(Stdio::null())
        .output()
        .expect("carrel runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"))
}

fn column(lib: &Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(lib).unwrap();
    let mut stmt = c.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

#[test]
fn export_then_import_into_a_new_library_and_refuse_a_non_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.sqlite");
    {
        let mut lib = carrel::Library::open(&source).unwrap();
        let now = carrel::Timestamp::parse("2026-11-30T12:00:00+00:00").unwrap();
        carrel::demo::seed(&mut lib, now).unwrap();
    }
    let src = source.to_str().unwrap();
    let zip = dir.path().join("library.zip");
    let zip_s = zip.to_str().unwrap();

    let out = carrel(&["--library", src, "archive", "export", "-o", zip_s, "--json"]);
    assert!(out.status.success(), "{out:?}");
    let written = json(&out);
    assert_eq!(written["path"], zip_s);
    assert_eq!(written["loans"], 3);
    assert!(written["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "records.xml"));

    let target = dir.path().join("new.sqlite");
    let tgt = target.to_str().unwrap();
    let out = carrel(&["--library", tgt, "archive", "import", zip_s]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Imported") && text.contains("3 open loans"),
        "{text}"
    );

    for sql in [
        "SELECT title FROM records ORDER BY id",
        "SELECT barcode || ' ' || status FROM items ORDER BY barcode",
        "SELECT card || ' ' || name FROM patrons ORDER BY id",
        "SELECT due_on FROM loans ORDER BY due_on",
    ] {
        let a = column(&source, sql);
        assert!(!a.is_empty(), "{sql}");
        assert_eq!(a, column(&target, sql), "{sql}");
    }

    // Again into the same library: refused, with the reason, and nothing changes.
    let before = column(&target, "SELECT title FROM records ORDER BY id");
    let out = carrel(&["--library", tgt, "archive", "import", zip_s, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let e = json(&out);
    assert_eq!(e["kind"], "invalid_input");
    assert!(e["message"].as_str().unwrap().contains("not empty"), "{e}");
    assert_eq!(
        column(&target, "SELECT title FROM records ORDER BY id"),
        before
    );

    // Without loan history, and readable by unzip.
    let zip2 = dir.path().join("nohistory.zip");
    let out = carrel(&[
        "--library",
        src,
        "archive",
        "export",
        "-o",
        zip2.to_str().unwrap(),
        "--no-loan-history",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("no loan history"));
    if carrel_testkit::tool("cli archive::unzip", "unzip", "unzip") {
        let out = Command::new("unzip").arg("-l").arg(&zip2).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let listing = String::from_utf8_lossy(&out.stdout);
        assert!(listing.contains("README.txt") && listing.contains("patrons.csv"));
        assert!(!listing.contains("loan_history.csv"), "{listing}");
    }
}

#[test]
fn a_file_that_is_not_an_archive_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("notes.zip");
    std::fs::write(&bogus, "not a zip").unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(&[
        "--library",
        lib.to_str().unwrap(),
        "archive",
        "import",
        bogus.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable zip archive"));
    // The library file this command would have created is not left behind.
    assert!(
        !lib.exists(),
        "a refused archive leaves no new library file"
    );
}
