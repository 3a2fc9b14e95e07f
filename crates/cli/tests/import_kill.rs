//! `kill -9` of a real `carrel import` half-way (issue 12): the batches it committed stay hidden,
//! and the next `carrel` command removes them, so the library is as it was.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn counts(lib: &Path) -> (i64, i64, i64) {
    let conn = rusqlite::Connection::open(lib).unwrap();
    conn.query_row(
        "SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM records WHERE deleted_at IS NULL),
                (SELECT count(*) FROM import_pending)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap()
}

#[test]
fn an_import_killed_half_way_is_gone_at_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let small = dir.path().join("small.mrc");
    let big = dir.path().join("big.mrc");
    let record = |i: usize| {
        carrel_marc::write_iso2709(
            &carrel_marc::Record::new()
                .with_control("001", &format!("r{i}"))
                .with_data("245", "10", &[('a', &format!("Report number {i}"))]),
        )
    };
    std::fs::write(&small, (0..3).flat_map(record).collect::<Vec<u8>>()).unwrap();
    std::fs::write(&big, (10..200_010).flat_map(record).collect::<Vec<u8>>()).unwrap();
    let carrel = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_carrel"));
        c.arg("--library").arg(&lib).env_remove("CARREL_LIBRARY");
        c
    };
    assert!(carrel()
        .arg("import")
        .arg(&small)
        .status()
        .unwrap()
        .success());
    assert_eq!(counts(&lib), (3, 3, 0));

    let mut import = carrel()
        .arg("import")
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait (bounded) until some batches are committed, then kill the process outright.
    let deadline = Instant::now() + Duration::from_secs(120);
    while counts(&lib).2 < 1000 {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import ended first"
        );
        assert!(Instant::now() < deadline, "no batch committed in time");
        std::thread::sleep(Duration::from_millis(10));
    }
    import.kill().unwrap(); // SIGKILL on Unix
    import.wait().unwrap();
    let (all, visible, pending) = counts(&lib);
    assert!(all > 3 && pending > 0 && visible == 3);

    // Any command opens the library for use, which removes the dead import.
    let out = carrel().args(["search", "report"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(counts(&lib), (3, 3, 0));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.contains(".import-").then_some(n)
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
