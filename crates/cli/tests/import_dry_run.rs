//! `carrel import --dry-run` (issue 14): everything read and converted, what would be imported
//! reported (counts, duplicates, problems by line, each file's format), the library untouched.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .env_remove("CARREL_LIBRARY")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn count(lib: &Path) -> usize {
    let out = carrel(lib, &["search", "", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!(
            "{e}: {} {}",
            stdout(&out),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    v["total"].as_u64().unwrap() as usize
}

/// The bytes and modification time of every file of the library (the database and, if any,
/// its -wal and -shm).
fn snapshot(lib: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let dir = lib.parent().unwrap();
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("lib.sqlite")
        })
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).unwrap(),
                std::fs::metadata(&p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_dry_run_reports_what_would_be_imported_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let libdir = dir.path().join("library");
    std::fs::create_dir(&libdir).unwrap();
    let lib = libdir.join("lib.sqlite");
    let first = dir.path().join("first.ris");
    std::fs::write(
        &first,
        "TY  - BOOK\nAU  - Lessig, Lawrence\nTI  - Free culture\nPY  - 2004\nSN  - 1594200068\nER  - \n",
    )
    .unwrap();
    let out = carrel(&lib, &["import", first.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The normal import names the format too.
    assert!(
        stdout(&out).contains("first.ris: RIS, 1 entry"),
        "{}",
        stdout(&out)
    );
    let records_before = count(&lib);

    // A BibTeX file: one new record, one duplicate of the library's (same ISBN), one broken.
    let bib = dir.path().join("refs.bib");
    std::fs::write(
        &bib,
        "@book{a, author = {Lessig, Lawrence}, title = {Free Culture}, year = 2004, isbn = {1594200068}}\n\n@misc{c, title = {Fine again}, year = 2020}\n\n@article{b,\n  title = {Broken\n",
    )
    .unwrap();
    let before = snapshot(&lib);
    assert!(!before.is_empty());

    let out = carrel(&lib, &["import", "--dry-run", bib.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("refs.bib: BibTeX, 3 entries"), "{text}");
    assert!(
        text.contains("Dry run, nothing written: would import 1 record"),
        "{text}"
    );
    assert!(text.contains("1 duplicates skipped"), "{text}");
    assert!(text.contains(", line 5"), "{text}");

    let out = carrel(
        &lib,
        &["import", "--dry-run", "--json", bib.to_str().unwrap()],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["dry_run"], true, "{report}");
    assert_eq!(report["imported"], 1, "{report}");
    assert_eq!(report["skipped"], 1, "{report}");
    assert_eq!(report["rejected"], 1, "{report}");
    assert_eq!(
        report["formats"][0], "refs.bib: BibTeX, 3 entries",
        "{report}"
    );

    // Nothing written: the library's files are byte for byte and time for time as they were.
    assert_eq!(snapshot(&lib), before);
    assert_eq!(count(&lib), records_before);

    // A dry run against a library that does not exist does not create it.
    let none = libdir.join("none.sqlite");
    let out = carrel(&none, &["import", "--dry-run", bib.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("would import 2 records"),
        "{}",
        stdout(&out)
    );
    assert!(!none.exists());

    // The real import then does what the dry run said.
    let out = carrel(&lib, &["import", "--json", bib.to_str().unwrap()]);
    let real: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(real["imported"], 1, "{real}");
    assert_eq!(real["dry_run"], false, "{real}");
    assert_eq!(count(&lib), records_before + 1);
}
