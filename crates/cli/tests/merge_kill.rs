//! `kill -9` of a real `carrel import --duplicates merge` (issue 12): killed while it reads (not
//! decided), the next command removes what it staged and the library is as it was; killed while
//! it applies its merges (decided), the next command finishes them, each once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RECORDS: usize = 30_000;

fn query(lib: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(lib).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn staged(lib: &Path) -> i64 {
    query(lib, "SELECT count(*) FROM import_pending_merges")
}

fn decided(lib: &Path) -> bool {
    query(lib, "SELECT count(*) FROM imports WHERE decided = 1") > 0
}

fn write(path: &Path, title: &str) {
    let record = |i: usize| {
        carrel_marc::write_iso2709(
            &carrel_marc::Record::new()
                .with_control("001", &format!("r{i}"))
                .with_data("245", "10", &[('a', &format!("{title} report {i}"))]),
        )
    };
    std::fs::write(path, (0..RECORDS).flat_map(record).collect::<Vec<u8>>()).unwrap();
}

struct Setup {
    dir: tempfile::TempDir,
    lib: PathBuf,
    revised: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib.sqlite");
        let first = dir.path().join("first.mrc");
        let revised = dir.path().join("revised.mrc");
        write(&first, "First");
        write(&revised, "Revised");
        let s = Setup { dir, lib, revised };
        assert!(s
            .carrel()
            .arg("import")
            .arg(&first)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success());
        s
    }

    fn carrel(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_carrel"));
        c.arg("--library")
            .arg(&self.lib)
            .env_remove("CARREL_LIBRARY");
        c
    }

    /// Starts the merge import and kills it (SIGKILL) as soon as `when` holds.
    fn merge_killed_when(&self, when: impl Fn(&Path) -> bool) {
        let mut import = self
            .carrel()
            .args(["import", "--duplicates", "merge"])
            .arg(&self.revised)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(300);
        while !when(&self.lib) {
            assert!(
                import.try_wait().unwrap().is_none(),
                "the import ended first"
            );
            assert!(Instant::now() < deadline, "not reached in time");
            std::thread::sleep(Duration::from_millis(5));
        }
        import.kill().unwrap(); // SIGKILL on Unix
        import.wait().unwrap();
    }

    /// Any command opens the library for use, which removes or finishes the dead import.
    fn next_command(&self) {
        let out = self.carrel().args(["search", "report"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let leftovers: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| {
                let n = e.unwrap().file_name().to_string_lossy().into_owned();
                n.contains(".import-").then_some(n)
            })
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        assert_eq!(query(&self.lib, "SELECT count(*) FROM imports"), 0);
        assert_eq!(staged(&self.lib), 0);
    }
}

#[test]
fn a_merge_import_killed_while_it_reads_leaves_the_library_as_it_was() {
    let s = Setup::new();
    s.merge_killed_when(|lib| staged(lib) >= 1_000 && !decided(lib));
    s.next_command();
    assert_eq!(query(&s.lib, "SELECT count(*) FROM record_versions"), 0);
    assert_eq!(
        query(
            &s.lib,
            "SELECT count(*) FROM records WHERE title LIKE 'First report%'"
        ),
        RECORDS as i64
    );
}

#[test]
fn a_merge_import_killed_while_it_merges_is_finished_by_the_next_command() {
    let s = Setup::new();
    s.merge_killed_when(|lib| decided(lib) && staged(lib) < RECORDS as i64);
    let applied = query(&s.lib, "SELECT count(*) FROM record_versions");
    assert!(
        applied < RECORDS as i64,
        "killed before the end ({applied})"
    );
    s.next_command();
    assert_eq!(
        query(&s.lib, "SELECT count(*) FROM record_versions"),
        RECORDS as i64,
        "each merge applied once"
    );
    assert_eq!(
        query(
            &s.lib,
            "SELECT count(*) FROM records WHERE title LIKE 'Revised report%' AND deleted_at IS NULL"
        ),
        RECORDS as i64
    );
    assert_eq!(
        query(&s.lib, "SELECT count(*) FROM records"),
        RECORDS as i64
    );
}
