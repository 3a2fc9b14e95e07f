//! `carrel bibliography`, run as a user runs it: a real binary on a real library file.

use std::path::Path;
use std::process::{Command, Output};

use carrel_marc::{write_iso2709, Record};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel")).args(args).env_remove("CARREL_LIBRARY").output().expect("carrel runs")
}

fn library(dir: &Path) -> String {
    let recs = [
        Record::new()
            .with_control("008", "200101s2004    enk           000 0 eng d")
            .with_data("100", "1 ", &[('a', "Merkin, Robert,")])
            .with_data("245", "10", &[('a', "Arbitration law /"), ('c', "Robert Merkin.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Informa,"), ('c', "2004.")])
            .with_data("650", " 0", &[('a', "Arbitration and award"), ('z', "England.")]),
        Record::new()
            .with_control("008", "200101s1996    enk           000 0 eng d")
            .with_data("100", "1 ", &[('a', "Bobbio, Norberto,")])
            .with_data("245", "10", &[('a', "Left & right <new> /")])
            .with_data("264", " 1", &[('a', "Cambridge :"), ('b', "Polity Press,"), ('c', "1996.")])
            .with_data("650", " 0", &[('a', "Political science.")]),
    ];
    let mut bytes = Vec::new();
    for r in &recs {
        bytes.extend(write_iso2709(r));
    }
    let file = dir.join("recs.mrc");
    std::fs::write(&file, bytes).unwrap();
    let lib = dir.join("lib.sqlite").to_str().unwrap().to_string();
    let out = carrel(&["--library", &lib, "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    lib
}

#[test]
fn bibliography_of_a_subject_as_text_html_and_csl_json() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(&["--library", &lib, "bibliography", "--subject", "Arbitration and award", "--narrower", "--style", "apa", "--format", "txt"]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, "Bibliography\n\nMerkin, R. (2004). Arbitration law. Informa.\n");

    let html = dir.path().join("b.html");
    let out = carrel(&["--library", &lib, "bibliography", "--query", "bobbio", "--format", "html", "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Left &amp; right &lt;new&gt;"), "{page}");

    let out = carrel(&["--library", &lib, "bibliography", "--id", "1", "2", "--format", "csl-json"]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);

    let out = carrel(&["--library", &lib, "bibliography", "--style", "no-such-style", "--id", "1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no CSL style named"));
}

#[test]
fn a_stored_bibliography_is_saved_listed_and_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(&["--library", &lib, "bibliography", "new", "--title", "Arbitration", "--subject", "Arbitration and award", "--narrower", "--style", "mla"]);
    assert!(out.status.success(), "{out:?}");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = carrel(&["--library", &lib, "bibliography", "list"]);
    assert!(String::from_utf8(out.stdout).unwrap().contains("Arbitration"));
    let out = carrel(&["--library", &lib, "bibliography", "render", &id]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Arbitration\n\nMerkin, Robert. Arbitration Law. Informa, 2004.\n");
}
