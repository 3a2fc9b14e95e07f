//! MarcEdit's `.mrk` through the command line: `carrel import FILE.mrk`, `carrel export --format
//! mrk` (the same text back), and `carrel marc convert --to mrk` / back to ISO 2709.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../marc/tests/data/fixture.mrk")
}

#[test]
fn import_a_mrk_file_and_export_it_as_mrk_again() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let lib = lib.to_str().unwrap();
    let input = fixture();
    let out = carrel(&[
        "--library",
        lib,
        "import",
        input.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["imported"], 2, "{summary}");
    assert_eq!(summary["rejected"], 0, "{summary}");

    let exported = dir.path().join("out.mrk");
    let out = carrel(&[
        "--library",
        lib,
        "export",
        "--format",
        "mrk",
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        std::fs::read_to_string(fixture()).unwrap()
    );

    // .mrk → ISO 2709 → .mrk with `marc convert`: the same bytes.
    let mrc = dir.path().join("fixture.mrc");
    let back = dir.path().join("back.mrk");
    for (from, to, format) in [(&input, &mrc, "iso2709"), (&mrc, &back, "mrk")] {
        let out = carrel(&[
            "marc",
            "convert",
            from.to_str().unwrap(),
            to.to_str().unwrap(),
            "--to",
            format,
        ]);
        assert!(out.status.success(), "{out:?}");
    }
    assert_eq!(
        std::fs::read(&back).unwrap(),
        std::fs::read(&input).unwrap()
    );

    // --split-long-fields is for ISO 2709 only.
    let out = carrel(&[
        "--library",
        lib,
        "export",
        "--format",
        "mrk",
        "--split-long-fields",
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
}
