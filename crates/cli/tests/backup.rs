//! `carrel backup`, `carrel restore` and `carrel check`, run as a user runs them: a real binary on
//! a real library file.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use carrel_marc::{write_iso2709, Record};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .stdin(Stdio::null())
        .output()
        .expect("carrel runs")
}

fn import(lib: &str, dir: &Path, titles: &[&str]) {
    let mut bytes = Vec::new();
    for t in titles {
        bytes.extend(write_iso2709(&Record::new().with_data(
            "245",
            "10",
            &[('a', t)],
        )));
    }
    let file = dir.join("recs.mrc");
    std::fs::write(&file, bytes).unwrap();
    let out = carrel(&["--library", lib, "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
}

fn titles(lib: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(lib).unwrap();
    let mut stmt = c
        .prepare("SELECT title FROM records WHERE deleted_at IS NULL ORDER BY id")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.collect::<rusqlite::Result<_>>().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{out:?}"))
}

#[test]
fn backup_check_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite").to_str().unwrap().to_string();
    import(&lib, dir.path(), &["Contract law", "Tort"]);

    // Without -o: into `backups` beside the library.
    let out = carrel(&["--library", &lib, "backup", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let report = json(&out);
    assert_eq!(report["counts"]["records"], 2);
    assert_eq!(report["integrity"], "ok");
    let path = report["path"].as_str().unwrap();
    assert!(Path::new(path).starts_with(dir.path().canonicalize().unwrap().join("backups")));
    assert!(path.contains("carrel-backup-"), "{path}");

    let saved = dir.path().join("saved.sqlite");
    let out = carrel(&["--library", &lib, "backup", "-o", saved.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 records"), "{text}");

    let out = carrel(&["--library", &lib, "check"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("all is well"));

    // A record the search index lost: found, named, exit 1.
    rusqlite::Connection::open(&lib)
        .unwrap()
        .execute("DELETE FROM records_fts WHERE rowid = 2", [])
        .unwrap();
    let out = carrel(&["--library", &lib, "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("record 2: “Tort” has no entry in the search index"),
        "{text}"
    );
    let out = carrel(&["--library", &lib, "check", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["ok"], false);
    assert_eq!(report["findings"][0]["kind"], "index_entry");
    assert_eq!(report["findings"][0]["row"], "record 2");

    // More work, then restore the saved backup.
    import(&lib, dir.path(), &["Added after"]);
    assert_eq!(titles(&lib).len(), 3);
    // Not a terminal and no --yes: the comparison, a refusal, nothing changed.
    let out = carrel(&["--library", &lib, "restore", saved.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 records"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(titles(&lib).len(), 3);

    let out = carrel(&[
        "--library",
        &lib,
        "restore",
        saved.to_str().unwrap(),
        "--yes",
        "--json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let report = json(&out);
    assert_eq!(report["now"]["counts"]["records"], 2);
    assert_eq!(report["before"]["counts"]["records"], 3);
    assert_eq!(titles(&lib), vec!["Contract law", "Tort"]);
    let before = report["before"]["path"].as_str().unwrap();
    assert_eq!(titles(before), vec!["Contract law", "Tort", "Added after"]);

    // A file that is not a library: refused, said so as JSON.
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "shopping list, certainly not a library file").unwrap();
    let out = carrel(&[
        "--library",
        &lib,
        "restore",
        notes.to_str().unwrap(),
        "--yes",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["kind"], "not_a_library");
    assert_eq!(titles(&lib), vec!["Contract law", "Tort"]);
}

/// Garbage over three pages in the middle of a closed library file (no `-wal`), header intact.
fn damage(path: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let page = c
        .query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize;
    drop(c);
    let mut bytes = std::fs::read(path).unwrap();
    let first = bytes.len() / page / 2;
    for (i, b) in bytes[first * page..(first + 3) * page]
        .iter_mut()
        .enumerate()
    {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_library_is_refused_writes_and_backups_but_checked_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite").to_str().unwrap().to_string();
    let titles_in: Vec<String> = (0..400)
        .map(|i| format!("Collected papers on the law of contract, volume {i}"))
        .collect();
    let refs: Vec<&str> = titles_in.iter().map(String::as_str).collect();
    import(&lib, dir.path(), &refs);
    let out = carrel(&["--library", &lib, "backup", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let newest = json(&out)["path"].as_str().unwrap().to_string();
    damage(&lib);

    // A change is refused, naming the newest backup.
    let out = carrel(&[
        "--library",
        &lib,
        "import",
        dir.path().join("recs.mrc").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("is damaged"), "{said}");
    assert!(said.contains(&newest), "{said}");
    // A backup of the damage is refused.
    let out = carrel(&["--library", &lib, "backup"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("a backup of a damaged library is no backup"),
        "{said}"
    );
    // The check says what is wrong.
    let out = carrel(&["--library", &lib, "check"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("the file is damaged"), "{said}");
    // The restore mends it.
    let out = carrel(&["--library", &lib, "restore", &newest, "--yes"]);
    assert!(out.status.success(), "{out:?}");
    let out = carrel(&["--library", &lib, "check"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(titles(&lib).len(), 400);
}
