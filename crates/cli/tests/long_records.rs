//! `carrel export` and records too long for ISO 2709 (issue 13): named, written whole in MARCXML
//! beside the file, or split with `--split-long-fields`.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A library holding one record with a 505 of about 50,000 bytes (fits ISO 2709 only split).
fn library(dir: &Path) -> std::path::PathBuf {
    let entries: Vec<String> = (1..=600)
        .map(|i| format!("Chapter {i}: the law of contracts in the courts of appeal"))
        .collect();
    let record = carrel_marc::Record::new()
        .with_control("001", "long-1")
        .with_data("245", "00", &[('a', "Contracts.")])
        .with_data("505", "0 ", &[('a', &format!("{}.", entries.join(" -- ")))]);
    let input = dir.join("in.xml");
    let mut xml = Vec::new();
    carrel_marc::marcxml::write_collection(&mut xml, [&record]).unwrap();
    std::fs::write(&input, xml).unwrap();
    let lib = dir.join("lib.sqlite");
    let out = carrel(&["--library", s(&lib), "import", s(&input)]);
    assert!(out.status.success(), "{out:?}");
    lib
}

#[test]
fn export_names_a_record_too_long_and_writes_it_beside_or_splits_it_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());

    // By default: nothing fits, so no empty .mrc; the record whole in MARCXML beside it.
    let mrc = dir.path().join("out.mrc");
    let out = carrel(&["--library", s(&lib), "export", "-o", s(&mrc)]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let beside = dir.path().join("out-too-long.xml");
    assert!(
        text.contains("record 1 “Contracts”: field 505 is")
            && text.contains("written whole in MARCXML to out-too-long.xml")
            && text.contains(&format!(
                "No record fits in ISO 2709: nothing written to {}",
                mrc.display()
            ))
            && text.contains(&format!(
                "Wrote 1 record too long for ISO 2709 whole in MARCXML to {}",
                beside.display()
            ))
            && text.contains("export again with --split-long-fields"),
        "{text}"
    );
    assert!(!mrc.exists());
    assert!(beside.exists());

    // Split when asked: one record in the .mrc, with its 505 in several fields.
    let split = dir.path().join("split.mrc");
    let out = carrel(&[
        "--library",
        s(&lib),
        "export",
        "--split-long-fields",
        "-o",
        s(&split),
        "--json",
    ]);
    assert!(out.status.success(), "{out:?}");
    let summary: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(summary["written"], 1, "{summary}");
    assert_eq!(summary["split"], 1, "{summary}");
    assert_eq!(summary["in_marcxml"], 0, "{summary}");
    assert_eq!(summary["marcxml_path"], serde_json::Value::Null);
    assert_eq!(summary["too_long"][0]["outcome"], "split", "{summary}");
    let bytes = std::fs::read(&split).unwrap();
    carrel_marc::check_iso2709_lengths(&bytes).unwrap();
    let record = carrel_marc::Reader::new(&bytes[..])
        .next()
        .unwrap()
        .unwrap()
        .record;
    assert!(record.fields_with_tag("505").count() >= 4);
    assert!(!dir.path().join("split-too-long.xml").exists());

    // The text form says it too.
    let again = dir.path().join("again.mrc");
    let out = carrel(&[
        "--library",
        s(&lib),
        "export",
        "--split-long-fields",
        "-o",
        s(&again),
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("written with field 505 split into")
            && text.contains("Wrote 1 record to")
            && text.contains("Of those, 1 too long for ISO 2709 written with long notes split"),
        "{text}"
    );

    // MARCXML keeps every record whole: splitting is refused there.
    let out = carrel(&[
        "--library",
        s(&lib),
        "export",
        "--format",
        "marcxml",
        "--split-long-fields",
        "-o",
        s(&dir.path().join("x.xml")),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--split-long-fields is for ISO 2709 only")
    );
}
