//! End-to-end: exporting records too long for ISO 2709 from the real window (issue 13). The
//! export dialog's "Split long notes" box, the save dialog, and the summary that names each long
//! record and the MARCXML file beside the export; the files on disk; axe-core over the summary.
//!
//! Build the app first, then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::axe::describe;
use carrel_e2e::{answer_file_dialog, run, App, FileDialog, WAIT};
use carrel_marc::Record;

/// A basic 505 contents note of about `chars` bytes, entries joined by " -- ".
fn contents(chars: usize) -> String {
    let entries: Vec<String> = (1..)
        .map(|i| format!("Chapter {i}: the law of contracts in the courts of appeal"))
        .scan(0, |len, e| {
            *len += e.len() + 4;
            (*len < chars).then_some(e)
        })
        .collect();
    format!("{}.", entries.join(" -- "))
}

/// One short record, one whose 505 fits only split (about 40,000 bytes) and one too long for
/// ISO 2709 even split (about 120,000 bytes), as MARCXML (the only way they arrive whole).
fn fixture(dir: &Path) -> PathBuf {
    let record = |id: &str, title: &str, note: Option<String>| {
        let r = Record::new()
            .with_control("001", id)
            .with_control("008", "240101s2024    xxu           000 0 eng d")
            .with_data("245", "00", &[('a', title)]);
        match note {
            Some(n) => r.with_data("505", "0 ", &[('a', &n)]),
            None => r,
        }
    };
    let records = [
        record("short-1", "Contracts in brief", None),
        record("split-1", "Contracts at length", Some(contents(40_000))),
        record("long-1", "Contracts without end", Some(contents(120_000))),
    ];
    let mut xml = Vec::new();
    carrel_marc::marcxml::write_collection(&mut xml, &records).expect("MARCXML");
    let path = dir.join("long.xml");
    std::fs::write(&path, xml).expect("write the fixture");
    path
}

#[test]
fn an_export_splits_long_notes_when_asked_and_writes_the_rest_in_marcxml_beside_it() {
    const TEST: &str =
        "an_export_splits_long_notes_when_asked_and_writes_the_rest_in_marcxml_beside_it";
    let fixtures = tempfile::tempdir().expect("temporary folder");
    let file = fixture(fixtures.path());
    let out = fixtures.path().join("law.mrc");
    let beside = fixtures.path().join("law-too-long.xml");
    run(TEST, &[file], move |app: App| async move {
        let counts = app
            .confirm_import(&["long.xml"], Duration::from_secs(60))
            .await;
        assert_eq!(counts.imported, 3, "imported");
        app.close_summary().await;
        app.wait_number("library-records", 3).await;

        app.click("export-button").await;
        app.shown("export-dialog").await;
        app.click("export-scope-all").await;
        let split = app.shown("export-split-long").await;
        assert!(
            !split.is_selected().await.expect("checked?"),
            "off by default"
        );
        app.click("export-split-long").await;
        app.shot(&format!("{TEST}-options")).await;
        app.click("export-choose-file").await;
        answer_file_dialog("Export MARC records", &out, FileDialog::Save).await;

        let summary = app.shown_within("export-summary", WAIT * 3).await;
        app.wait_text("export-written", "2").await;
        let text = summary.text().await.expect("summary text");
        assert!(text.contains("Records too long for ISO 2709"), "{text}");
        let marcxml = app
            .shown("export-long-marcxml")
            .await
            .text()
            .await
            .expect("text");
        assert_eq!(
            marcxml, "1 record written whole in MARCXML to law-too-long.xml.",
            "{text}"
        );
        let split_line = app
            .shown("export-long-split")
            .await
            .text()
            .await
            .expect("text");
        assert_eq!(
            split_line,
            "1 record written with long notes split into repeated fields."
        );
        let list = app.shown("export-long").await.text().await.expect("text");
        assert!(
            list.contains("“Contracts at length”: field 505 is")
                && list.contains("written with field 505 split into")
                && list.contains("“Contracts without end”: field 505 is")
                && list.contains("written whole in MARCXML to law-too-long.xml"),
            "{list}"
        );
        app.shot(&format!("{TEST}-summary")).await;
        let violations = app.axe_violations().await;
        assert!(
            violations.is_empty(),
            "{}",
            describe(&[("export-summary".to_string(), violations)])
        );

        // On disk: valid ISO 2709 with two records, the third whole in MARCXML.
        let bytes = std::fs::read(&out).expect("the export was written");
        let records: Vec<Record> = carrel_marc::Reader::new(&bytes[..])
            .map(|r| {
                let p = r.expect("reads back");
                assert!(p.warnings.is_empty(), "{:?}", p.warnings);
                carrel_marc::check_iso2709_lengths(&p.raw).expect("fits ISO 2709");
                p.record
            })
            .collect();
        assert_eq!(records.len(), 2);
        assert!(records[1].fields_with_tag("505").count() >= 4);
        let xml = std::fs::read(&beside).expect("the MARCXML file beside it");
        let whole: Vec<Record> = carrel_marc::marcxml::Reader::new(&xml[..])
            .map(|r| r.expect("reads back").record)
            .collect();
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].control_number(), Some("long-1"));
        app.click("close-export").await;
        app.gone("export-summary").await;
    });
}
