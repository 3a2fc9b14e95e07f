//! `carrel record templates | new | get | save | duplicate | validate`, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

fn carrel(lib: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_carrel"));
    cmd.arg("--library")
        .arg(lib)
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .env("USER", "tester");
    cmd.output().expect("carrel runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{o:?}");
    serde_json::from_str(&stdout(o)).unwrap()
}

#[test]
fn templates_list_the_looseleaf_service() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(&lib, &["record", "templates"]);
    assert!(
        stdout(&out)
            .lines()
            .any(|l| l.starts_with("looseleaf\tLooseleaf service\t")),
        "{}",
        stdout(&out)
    );
    let all = json(&carrel(&lib, &["record", "templates", "--json"]));
    assert_eq!(all.as_array().unwrap().len(), 9);
}

#[test]
fn new_get_edit_save_duplicate_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let out = carrel(
        &lib,
        &[
            "record",
            "new",
            "--template",
            "looseleaf",
            "--title",
            "Company law precedents",
            "--editor",
            "Jones, Ann",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    let id = stdout(&out).trim().to_string();
    assert_eq!(id, "1");

    let mnemonic = stdout(&carrel(&lib, &["record", "get", &id]));
    assert!(
        mnemonic.contains("=LDR  00") && mnemonic.contains("nai\\a22"),
        "{mnemonic}"
    );
    assert!(
        mnemonic.contains("=700  1\\$aJones, Ann,$eeditor."),
        "{mnemonic}"
    );

    // Change the title in the JSON and save it as a new version.
    let mut rec = json(&carrel(&lib, &["record", "get", &id, "--json"]));
    for f in rec["fields"].as_array_mut().unwrap() {
        if f["tag"] == "245" {
            f["subfields"][0]["value"] = "Partnership law precedents.".into();
        }
    }
    let file = dir.path().join("rec.json");
    std::fs::write(&file, serde_json::to_string(&rec).unwrap()).unwrap();
    let saved = json(&carrel(
        &lib,
        &[
            "record",
            "save",
            file.to_str().unwrap(),
            "--id",
            &id,
            "--json",
        ],
    ));
    assert_eq!(saved["id"], 1);
    assert_eq!(saved["summary"], "245 changed");
    let history = stdout(&carrel(&lib, &["record", "history", &id]));
    assert!(history.contains("by tester: 245 changed"), "{history}");

    let found = json(&carrel(&lib, &["search", "partnership", "--json"]));
    assert_eq!(found["total"], 1);

    let copy = carrel(&lib, &["record", "duplicate", &id]);
    let copy_file = dir.path().join("copy.json");
    std::fs::write(&copy_file, &copy.stdout).unwrap();
    let out = carrel(&lib, &["record", "save", copy_file.to_str().unwrap()]);
    assert_eq!(stdout(&out).trim(), "2", "{out:?}");
    assert_eq!(
        json(&carrel(&lib, &["search", "partnership", "--json"]))["total"],
        2
    );
}

#[test]
fn validate_prints_warnings_and_an_invalid_isbn_is_saved_in_z() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.sqlite");
    let file = dir.path().join("bad.json");
    std::fs::write(
        &file,
        r#"{"leader": "00000nam a2200000 i 4500", "fields": [
            {"tag": "020", "ind1": " ", "ind2": " ", "value": null, "subfields": [{"code": "a", "value": "0-306-40615-3"}]},
            {"tag": "245", "ind1": "1", "ind2": "9", "value": null, "subfields": [{"code": "a", "value": "Odd record"}]}]}"#,
    )
    .unwrap();
    let out = carrel(&lib, &["record", "validate", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("no 008"), "{text}");
    assert!(
        text.contains("020\t020 \"0-306-40615-3\" is not a valid ISBN"),
        "{text}"
    );
    let out = carrel(&lib, &["record", "save", file.to_str().unwrap(), "--json"]);
    let saved = json(&out);
    let f020 = saved["record"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["tag"] == "020")
        .unwrap()
        .clone();
    assert_eq!(f020["subfields"][0]["code"], "z");

    let out = carrel(
        &lib,
        &[
            "record",
            "new",
            "--template",
            "book",
            "--title",
            "Contract law",
            "--author",
            "Smith, Ann",
            "--place",
            "Oxford",
            "--publisher",
            "Hart",
            "--date",
            "2024",
            "--isbn",
            "9780306406157",
            "--json",
        ],
    );
    let saved = json(&out);
    let lines: Vec<String> = saved["record"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["tag"].as_str().unwrap(),
                f["subfields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["value"].as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("|")
            )
        })
        .collect();
    assert!(
        lines.contains(&"100 Smith, Ann,|author.".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"264 Oxford :|Hart,|2024.".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"020 9780306406157".to_string()),
        "{lines:?}"
    );
    let f008 = saved["record"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["tag"] == "008")
        .unwrap()["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(&f008[6..11], "s2024");

    let out = carrel(
        &lib,
        &[
            "record",
            "new",
            "--template",
            "scroll",
            "--title",
            "x",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_err(&out)["kind"], "invalid_input");
}

fn json_err(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap()
}
