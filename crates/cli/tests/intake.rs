//! `carrel import` of reference-manager files (issue 14): BibTeX and RIS recognised by content,
//! imported as MARC records, a broken entry reported with its file and line in `--json`.

use std::process::Command;

#[test]
fn carrel_import_takes_bibtex_and_ris_and_names_the_line_of_a_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    // A name that says nothing: the content decides the format.
    let bib = dir.path().join("export.txt");
    std::fs::write(
        &bib,
        "@book{a, author = {Lessig, Lawrence}, title = {Free Culture}, year = 2004,\n  publisher = {Penguin}, isbn = {1594200068}}\n\n@article{b,\n  title = {Broken\n\n@misc{c, title = {Fine again}, year = 2020}\n",
    )
    .unwrap();
    let ris = dir.path().join("zotero.ris");
    std::fs::write(
        &ris,
        "TY  - JOUR\nAU  - Doe, Jane\nTI  - Sorting the stacks\nJO  - Library Quarterly\nVL  - 7\nPY  - 2001\nER  - \n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(&lib)
        .env_remove("CARREL_LIBRARY")
        .args(["import", "--json"])
        .arg(&bib)
        .arg(&ris)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report["imported"], 3, "{report}");
    assert_eq!(report["rejected"], 1, "{report}");
    let problem = &report["problems"][0];
    assert_eq!(problem["line"], 4, "{report}");
    assert!(
        problem["file"].as_str().unwrap().ends_with("export.txt"),
        "{report}"
    );

    let show = Command::new(env!("CARGO_BIN_EXE_carrel"))
        .arg("--library")
        .arg(&lib)
        .env_remove("CARREL_LIBRARY")
        .args(["search", "sorting stacks"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&show.stdout).contains("Sorting the stacks"),
        "{}",
        String::from_utf8_lossy(&show.stdout)
    );
}
