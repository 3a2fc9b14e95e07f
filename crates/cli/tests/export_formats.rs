//! `carrel export --format ris|bibtex|csl-json` (issue 14, "And out again"): records go out
//! through the bibliography crosswalk and writers, and what RIS carried in comes out again.

use std::path::Path;
use std::process::{Command, Output};

const RIS: &str = "TY  - BOOK\r\nAU  - Lessig, Lawrence\r\nTI  - Code: version 2.0\r\nPY  - 2006\r\nCY  - New York\r\nPB  - Basic Books\r\nSN  - 0465039146\r\nKW  - Internet\r\nKW  - Copyright\r\nUR  - https://example.org/code\r\nAB  - How code regulates cyberspace.\r\nER  - \r\n\r\nTY  - JOUR\r\nAU  - Doe, Jane\r\nTI  - Sorting the stacks\r\nJO  - Library Quarterly\r\nVL  - 7\r\nPY  - 2001\r\nDO  - 10.1000/xyz123\r\nER  - \r\n\r\nTY  - BOOK\r\nAU  - Ng, Mei\r\nTI  - Catalogues in small firms\r\nPY  - 2019\r\nPB  - Facet\r\nCY  - London\r\nER  - \r\n";

fn carrel(lib: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(lib)
        .env_remove("CARREL_LIBRARY")
        .args(args)
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{} {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn import(lib: &Path, file: &Path) {
    ok(carrel(lib, &["import", file.to_str().unwrap()]));
}

/// (title, first author's family name, year) of each record of a library, sorted.
fn records(lib: &Path, dir: &Path) -> Vec<(String, String, String)> {
    let json = dir.join("check.json");
    ok(carrel(
        lib,
        &[
            "export",
            "--format",
            "csl-json",
            "-o",
            json.to_str().unwrap(),
        ],
    ));
    let items: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut out: Vec<_> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["title"].as_str().unwrap_or_default().to_string(),
                i["author"][0]["family"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                i["issued"]["date-parts"][0][0].to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn ris_fields_come_out_and_bibtex_and_csl_json_go_round() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ris_in = dir.path().join("in.ris");
    std::fs::write(&ris_in, RIS).unwrap();
    import(&lib, &ris_in);

    // RIS: every field RIS carried in comes out.
    let ris_out = dir.path().join("out.ris");
    let said = ok(carrel(
        &lib,
        &["export", "--format", "ris", "-o", ris_out.to_str().unwrap()],
    ));
    assert!(said.contains("3 records"), "{said}");
    let ris = std::fs::read_to_string(&ris_out).unwrap();
    for line in [
        "TY  - BOOK",
        "TY  - JOUR",
        "AU  - Lessig, Lawrence",
        "AU  - Doe, Jane",
        "TI  - Code: version 2.0",
        "PY  - 2006",
        "PY  - 2001",
        "SN  - 0465039146",
        "PB  - Basic Books",
        "CY  - New York",
        "UR  - https://example.org/code",
        "DO  - 10.1000/xyz123",
        "KW  - Internet",
        "KW  - Copyright",
        "AB  - How code regulates cyberspace.",
    ] {
        assert!(
            ris.lines().any(|l| l.trim_end() == line),
            "{line:?} missing from\n{ris}"
        );
    }
    assert_eq!(ris.matches("ER  - ").count(), 3, "{ris}");

    // CSL-JSON: a JSON array of the items.
    let before = records(&lib, dir.path());
    assert_eq!(before.len(), 3, "{before:?}");
    assert!(
        before.contains(&("Sorting the stacks".into(), "Doe".into(), "2001".into())),
        "{before:?}"
    );

    // BibTeX: re-imports to the same records.
    let bib = dir.path().join("out.bib");
    ok(carrel(
        &lib,
        &["export", "--format", "bibtex", "-o", bib.to_str().unwrap()],
    ));
    let lib2 = dir.path().join("lib2.sqlite");
    import(&lib2, &bib);
    assert_eq!(records(&lib2, dir.path()), before);

    // A query and ids select; the summary counts.
    let one = dir.path().join("one.ris");
    let out = ok(carrel(
        &lib,
        &[
            "export",
            "--format",
            "ris",
            "--query",
            "stacks",
            "--json",
            "-o",
            one.to_str().unwrap(),
        ],
    ));
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["written"], 1, "{summary}");
    assert!(std::fs::read_to_string(&one)
        .unwrap()
        .contains("Sorting the stacks"));
}

#[test]
fn nothing_selected_or_an_unwritable_target_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let ris_in = dir.path().join("in.ris");
    std::fs::write(&ris_in, RIS).unwrap();
    import(&lib, &ris_in);

    let none = dir.path().join("none.bib");
    let out = carrel(
        &lib,
        &[
            "export",
            "--format",
            "bibtex",
            "--query",
            "zzzznothing",
            "-o",
            none.to_str().unwrap(),
        ],
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no record"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!none.exists());

    // A target in a folder that does not exist cannot be written.
    let missing = dir.path().join("no such folder").join("out.ris");
    let out = carrel(
        &lib,
        &["export", "--format", "ris", "-o", missing.to_str().unwrap()],
    );
    assert!(!out.status.success());
    assert!(!missing.exists());

    // A file without write permission is refused and left as it was.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked.ris");
        std::fs::write(&locked, "keep me").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
        let out = carrel(
            &lib,
            &["export", "--format", "ris", "-o", locked.to_str().unwrap()],
        );
        // root may write every file: nothing to refuse then.
        if std::fs::OpenOptions::new()
            .write(true)
            .open(&locked)
            .is_ok()
        {
            return;
        }
        assert!(!out.status.success());
        assert_eq!(std::fs::read_to_string(&locked).unwrap(), "keep me");
    }
}
