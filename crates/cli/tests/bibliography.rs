//! `carrel bibliography`, run as a user runs it: a real binary on a real library file.

use std::path::Path;
use std::process::{Command, Output};

use carrel_marc::{write_iso2709, Record};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn library(dir: &Path) -> String {
    let recs = [
        Record::new()
            .with_control("008", "200101s2004    enk           000 0 eng d")
            .with_data("100", "1 ", &[('a', "Merkin, Robert,")])
            .with_data(
                "245",
                "10",
                &[('a', "Arbitration law /"), ('c', "Robert Merkin.")],
            )
            .with_data(
                "264",
                " 1",
                &[('a', "London :"), ('b', "Informa,"), ('c', "2004.")],
            )
            .with_data(
                "650",
                " 0",
                &[('a', "Arbitration and award"), ('z', "England.")],
            ),
        Record::new()
            .with_control("008", "200101s1996    enk           000 0 eng d")
            .with_data("100", "1 ", &[('a', "Bobbio, Norberto,")])
            .with_data("245", "10", &[('a', "Left & right <new> /")])
            .with_data(
                "264",
                " 1",
                &[('a', "Cambridge :"), ('b', "Polity Press,"), ('c', "1996.")],
            )
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
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--subject",
        "Arbitration and award",
        "--narrower",
        "--style",
        "apa",
        "--format",
        "txt",
    ]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "Bibliography\n\nMerkin, R. (2004). Arbitration law. Informa.\n"
    );

    let html = dir.path().join("b.html");
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--query",
        "bobbio",
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Left &amp; right &lt;new&gt;"), "{page}");

    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--id",
        "1",
        "2",
        "--format",
        "csl-json",
    ]);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 2);

    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--style",
        "no-such-style",
        "--id",
        "1",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no CSL style named"));
}

#[test]
fn a_stored_bibliography_is_saved_listed_and_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "new",
        "--title",
        "Arbitration",
        "--subject",
        "Arbitration and award",
        "--narrower",
        "--style",
        "mla",
    ]);
    assert!(out.status.success(), "{out:?}");
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let out = carrel(&["--library", &lib, "bibliography", "list"]);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Arbitration"));
    let out = carrel(&["--library", &lib, "bibliography", "render", &id]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Arbitration\n\nMerkin, Robert. Arbitration Law. Informa, 2004.\n"
    );
}

#[test]
fn a_stored_bibliography_is_annotated_extended_edited_and_deleted_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let run = |args: &[&str]| {
        let mut all = vec!["--library", lib.as_str(), "bibliography"];
        all.extend_from_slice(args);
        carrel(&all)
    };
    let out = run(&[
        "new",
        "--title",
        "Arbitration",
        "--subject",
        "Arbitration and award",
        "--narrower",
        "--style",
        "apa",
    ]);
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();

    // A note under an entry the section lists; a record it does not list is refused with the way out.
    let out = run(&[
        "annotate",
        &id,
        "--record",
        "1",
        "--note",
        "The leading English text.",
    ]);
    assert!(out.status.success(), "{out:?}");
    let out = run(&["annotate", &id, "--record", "2", "--note", "x"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("add it first"),
        "{out:?}"
    );

    // Picked by hand, then rendered with both.
    let out = run(&["add", &id, "--record", "2"]);
    assert!(out.status.success(), "{out:?}");
    let out = run(&["render", &id]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Arbitration\n\nBobbio, N. (1996). Left & right <new>. Polity Press.\nMerkin, R. (2004). Arbitration law. Informa.\n    The leading English text.\n"
    );

    // `show` → edit → `update`: the style changes; then the bibliography is deleted.
    let shown = String::from_utf8(run(&["show", &id]).stdout).unwrap();
    let file = dir.path().join("doc.json");
    std::fs::write(
        &file,
        shown.replace(
            "\"style\": \"apa\"",
            "\"style\": \"modern-language-association\"",
        ),
    )
    .unwrap();
    let out = run(&["update", &id, "--doc", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(run(&["render", &id]).stdout).unwrap();
    assert!(
        text.contains("Merkin, Robert. Arbitration Law. Informa, 2004."),
        "{text}"
    );
    assert!(run(&["delete", &id]).status.success());
    assert_eq!(String::from_utf8(run(&["list"]).stdout).unwrap(), "");
}

#[test]
fn a_style_file_is_added_to_the_library_and_a_broken_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let broken = dir.path().join("broken.csl");
    std::fs::write(&broken, "<style>not really</style>").unwrap();
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "add-style",
        broken.to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        !dir.path().join("styles").join("broken.csl").exists(),
        "nothing copied"
    );

    // A style of our own: a dependent style on APA, found afterwards by its file name.
    let mine = dir.path().join("firm-house-style.csl");
    std::fs::write(
        &mine,
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-GB">
  <info>
    <title>Firm house style</title>
    <id>http://www.example.org/styles/firm-house-style</id>
    <link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>
    <updated>2026-11-30T00:00:00+00:00</updated>
  </info>
</style>
"#,
    )
    .unwrap();
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "add-style",
        mine.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "firm-house-style  Firm house style\n"
    );
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--id",
        "1",
        "--style",
        "firm-house-style",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("Merkin, R. (2004). Arbitration law. Informa."));
}

#[test]
fn new_refuses_a_missing_style_and_the_selection_warns_of_what_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "new",
        "--style",
        "no-such-style",
        "--id",
        "1",
    ]);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no CSL style named"),
        "{out:?}"
    );
    let out = carrel(&["--library", &lib, "bibliography", "list"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "", "nothing saved");

    // One year is that year.
    let out = carrel(&["--library", &lib, "bibliography", "--years", "1996"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Bibliography\n\nBobbio, N. (1996). Left & right <new>. Polity Press.\n"
    );

    // A subject with headings only under it: a warning that suggests --narrower, not a failure.
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--subject",
        "Arbitration and award",
    ]);
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no record has the subject heading \"Arbitration and award\"")
            && err.contains("--narrower"),
        "{err}"
    );
    let out = carrel(&[
        "--library",
        &lib,
        "bibliography",
        "--subject",
        "Arbitration and award",
        "--narrower",
    ]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("warning"),
        "{out:?}"
    );

    // An id that names no record.
    let out = carrel(&["--library", &lib, "bibliography", "--id", "1", "99"]);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--id 99 names no bibliographic record"),
        "{out:?}"
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Bibliography\n\nMerkin, R. (2004). Arbitration law. Informa.\n"
    );
}
