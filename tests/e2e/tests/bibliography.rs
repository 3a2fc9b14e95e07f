//! End-to-end: a subject bibliography compiled in the real window (issue 6's acceptance path):
//! built from a subject heading, annotated from the record's summary, switched from APA to
//! Chicago author-date with the preview following, and exported to Word through the native save
//! dialog (answered by typing the path with xdotool, as a person would type it).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use carrel_e2e::{answer_file_dialog, eventually, run, App, FileDialog, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

const SUMMARY: &str =
    "Explains adjudication under the Construction Act and its interplay with arbitration.";

/// Four records: three on arbitration (one under a narrower heading, one with a 520 summary),
/// one on another subject that must stay out.
fn records(dir: &Path) -> PathBuf {
    let book = |id: &str,
                author: &str,
                title: &str,
                place: &str,
                publisher: &str,
                year: &str,
                subject: &[(char, &str)]| {
        Record::new()
            .with_control("001", id)
            .with_control(
                "008",
                &format!("200101s{year}    enk           000 0 eng d"),
            )
            .with_data("100", "1 ", &[('a', author)])
            .with_data("245", "10", &[('a', title)])
            .with_data("264", " 1", &[('a', place), ('b', publisher), ('c', year)])
            .with_data("650", " 0", subject)
    };
    let mut bytes = Vec::new();
    bytes.extend(write_iso2709(
        &book(
            "b1",
            "Harding, Ruth,",
            "Construction adjudication and arbitration /",
            "London :",
            "Sweet & Maxwell,",
            "2019",
            &[('a', "Arbitration and award")],
        )
        .with_data("520", "  ", &[('a', SUMMARY)]),
    ));
    bytes.extend(write_iso2709(&book(
        "b2",
        "Abbott, Peter,",
        "Arbitration of building disputes /",
        "Oxford :",
        "Hart,",
        "2015",
        &[('a', "Arbitration and award"), ('z', "England")],
    )));
    bytes.extend(write_iso2709(&book(
        "b3",
        "Mills, Karen,",
        "International commercial arbitration /",
        "Cambridge :",
        "Cambridge University Press,",
        "2021",
        &[('a', "Arbitration and award")],
    )));
    bytes.extend(write_iso2709(&book(
        "b4",
        "Young, Alan,",
        "Dutch engraving in the golden age /",
        "Amsterdam :",
        "Rijksmuseum,",
        "2010",
        &[('a', "Engraving, Dutch")],
    )));
    let path = dir.join("arbitration.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The entries of the preview as shown (text of each reference), once `count` are there.
async fn entries(app: &App, count: usize) -> Vec<String> {
    eventually(&format!("{count} entries in the preview"), Duration::from_secs(30), || async {
        let texts: Vec<String> = app
            .js("return [...document.querySelectorAll(\"[data-testid='bib-entry-text']\")].map(e => e.textContent.trim());")
            .await;
        if texts.len() == count { Ok(texts) } else { Err(format!("{texts:?}")) }
    })
    .await
}

/// Chooses the option with `value` in the select `[data-testid=id]`.
async fn choose(app: &App, id: &str, value: &str) {
    let select = app.shown(id).await;
    select
        .find(By::Css(format!("option[value='{value}']")))
        .await
        .unwrap_or_else(|e| panic!("option {value} of {id}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("choose {value} in {id}: {e}"));
}

#[test]
fn a_bibliography_from_a_subject_heading_is_annotated_restyled_and_exported_to_word() {
    const TEST: &str =
        "a_bibliography_from_a_subject_heading_is_annotated_restyled_and_exported_to_word";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = records(dir.path());
    let docx = dir.path().join("out").join("arbitration reading list.docx");
    std::fs::create_dir_all(docx.parent().unwrap()).unwrap();
    let docx_for_app = docx.clone();

    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["arbitration.mrc"], Duration::from_secs(60))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 4,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;

        app.click("nav-bibliographies").await;
        app.shown("bib-empty").await;
        app.click("bib-new").await;

        // The title is selected for typing over.
        let title = app.shown("bib-title").await;
        eventually("the Title field to have focus", WAIT, || async {
            match app.focused_testid().await.as_deref() {
                Some("bib-title") => Ok(()),
                _ => Err(app.focused_description().await),
            }
        })
        .await;
        app.press("Arbitration reading list").await;
        assert_eq!(
            title.prop("value").await.unwrap().as_deref(),
            Some("Arbitration reading list")
        );

        // From the subject heading, with narrower headings: the three arbitration books, in APA.
        app.shown("section-subject")
            .await
            .send_keys("Arbitration and award")
            .await
            .expect("type the heading");
        let exact = entries(&app, 2).await;
        assert!(
            exact.iter().all(|e| !e.contains("Abbott")),
            "the narrower heading waits for the box: {exact:?}"
        );
        app.click("section-narrower").await;
        let apa = entries(&app, 3).await;
        assert!(
            apa[0].starts_with("Abbott, P. (2015). Arbitration of building disputes"),
            "APA entry: {}",
            apa[0]
        );
        assert!(
            apa.iter().all(|e| !e.contains("Dutch engraving")),
            "the other subject stays out: {apa:?}"
        );
        assert!(
            apa.iter().all(|e| !e.contains(" /") && !e.contains(":.")),
            "no ISBD punctuation: {apa:?}"
        );
        app.wait_text("bib-preview-title", "Arbitration reading list")
            .await;
        app.shot(&format!("{TEST}-apa")).await;

        // Annotate Harding's book from its summary (MARC 520), with the keyboard.
        let harding = app
            .driver
            .find(By::XPath(
                "//li[@data-testid='bib-entry'][.//*[contains(., 'Harding')]]",
            ))
            .await
            .expect("Harding's entry");
        harding.focus().await.expect("focus the entry");
        app.press(Key::Enter).await;
        let note = app.shown("annotation-input").await;
        app.click("annotation-summary").await;
        eventually("the summary in the note field", WAIT, || async {
            let v = note
                .prop("value")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            if v == SUMMARY {
                Ok(())
            } else {
                Err(v)
            }
        })
        .await;
        note.send_keys(" Chapter 4 is the one to read.")
            .await
            .expect("type in the note");
        note.focus().await.expect("focus the note");
        app.driver
            .action_chain()
            .key_down(Key::Control)
            .send_keys(Key::Enter)
            .key_up(Key::Control)
            .perform()
            .await
            .expect("Ctrl+Enter");
        app.wait_text(
            "bib-entry-annotation",
            &format!("{SUMMARY} Chapter 4 is the one to read."),
        )
        .await;

        // Alt+↓ moves Harding's entry below Mills's (the section is now ordered by hand); Delete
        // leaves Mills out, and "Put back" brings it back.
        let harding = app
            .driver
            .find(By::XPath(
                "//li[@data-testid='bib-entry'][.//*[contains(., 'Harding')]]",
            ))
            .await
            .expect("Harding's entry");
        harding.focus().await.expect("focus the entry");
        app.driver
            .action_chain()
            .key_down(Key::Alt)
            .send_keys(Key::Down)
            .key_up(Key::Alt)
            .perform()
            .await
            .expect("Alt+Down");
        let order = eventually("Harding's entry last", WAIT, || async {
            let now = entries(&app, 3).await;
            if now[2].starts_with("Harding") {
                Ok(now)
            } else {
                Err(format!("{now:?}"))
            }
        })
        .await;
        assert_eq!(
            app.shown("section-sort")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some("manual")
        );
        let mills = app
            .driver
            .find(By::XPath(
                "//li[@data-testid='bib-entry'][.//*[contains(., 'Mills')]]",
            ))
            .await
            .expect("Mills's entry");
        mills.focus().await.expect("focus Mills's entry");
        app.press(Key::Delete).await;
        let two = entries(&app, 2).await;
        assert!(two.iter().all(|e| !e.contains("Mills")), "{two:?}");
        let left_out = app.shown("bib-left-out").await;
        assert!(left_out
            .text()
            .await
            .unwrap()
            .starts_with("1 record left out"));
        left_out
            .find(By::Tag("button"))
            .await
            .expect("Put back")
            .click()
            .await
            .expect("put back");
        assert_eq!(entries(&app, 3).await, order, "put back in its place");
        // Back to the style's order for the rest.
        choose(&app, "section-sort", "style").await;
        eventually("the style's order again", WAIT, || async {
            let now = entries(&app, 3).await;
            if now == apa {
                Ok(())
            } else {
                Err(format!("{now:?}"))
            }
        })
        .await;

        // Switch to Chicago author-date: the preview follows.
        choose(&app, "bib-style", "chicago-author-date").await;
        let chicago = eventually(
            "the preview in Chicago author-date",
            Duration::from_secs(30),
            || async {
                let now = entries(&app, 3).await;
                if now.iter().all(|e| !e.contains(" (20")) {
                    Ok(now)
                } else {
                    Err(format!("still APA: {now:?}"))
                }
            },
        )
        .await;
        let abbott = chicago
            .iter()
            .find(|e| e.contains("Abbott"))
            .expect("Abbott in Chicago");
        // Chicago 18th edition (the bundled style) leaves out the place of publication.
        assert_eq!(
            abbott, "Abbott, Peter. 2015. Arbitration of Building Disputes. Hart.",
            "Chicago entry"
        );
        let status = app.shown("bib-preview-status").await.text().await.unwrap();
        assert!(
            status.contains("3 entries") && status.contains("Chicago"),
            "status: {status}"
        );
        app.wait_text("bib-save-state", "Saved").await;
        app.shot(&format!("{TEST}-chicago")).await;

        // Copy: formatted and plain text on the clipboard, within the click.
        app.click("bib-copy").await;
        let copied = app.shown("bib-status").await.text().await.unwrap();
        assert!(
            copied.starts_with("Copied 3 entries"),
            "copy status: {copied}"
        );

        // A title cleared by mistake is not saved, said so, and the edit survives a look elsewhere.
        let title = app.shown("bib-title").await;
        title.clear().await.expect("clear the title");
        title.send_keys(" ").await.expect("type a space");
        title.send_keys(Key::Backspace).await.expect("empty");
        eventually("the save to be refused", WAIT, || async {
            let t = app
                .shown("bib-save-state")
                .await
                .text()
                .await
                .map_err(|e| e.to_string())?;
            if t.starts_with("Not saved") && t.contains("title") {
                Ok(())
            } else {
                Err(t)
            }
        })
        .await;
        app.click("nav-catalogue").await;
        app.click("nav-bibliographies").await;
        let title = app.shown("bib-title").await;
        assert_eq!(
            title.prop("value").await.unwrap().as_deref(),
            Some(""),
            "the edit is still there"
        );
        title
            .send_keys("Arbitration reading list")
            .await
            .expect("retype the title");
        app.wait_text("bib-save-state", "Saved").await;

        // Export to Word through the native save dialog.
        choose(&app, "bib-format", "docx").await;
        app.click("bib-export").await;
        answer_file_dialog("Export bibliography", &docx_for_app, FileDialog::Save).await;
        let status = eventually("the export to finish", Duration::from_secs(30), || async {
            let t = app
                .shown("bib-status")
                .await
                .text()
                .await
                .map_err(|e| e.to_string())?;
            if t.starts_with("Exported") {
                Ok(t)
            } else {
                Err(t)
            }
        })
        .await;
        assert!(status.contains("Exported 3 entries"), "status: {status}");
        app.shot(&format!("{TEST}-exported")).await;

        // From the Subjects section: "Bibliography…" on a heading starts one of it and below it.
        app.click("nav-subjects").await;
        let heading = eventually("the heading in the Subjects list", WAIT, || async {
            app.driver
                .find(By::XPath(
                    "//li[@data-testid='heading'][.//*[normalize-space()='Arbitration and award']]",
                ))
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        heading.click().await.expect("choose the heading");
        app.click("heading-bibliography").await;
        app.shown("bibliography-view").await;
        eventually("the new bibliography's title", WAIT, || async {
            let v = app
                .shown("bib-title")
                .await
                .prop("value")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            if v == "Arbitration and award" {
                Ok(())
            } else {
                Err(v)
            }
        })
        .await;
        let from_subject = entries(&app, 3).await;
        assert!(
            from_subject[0].starts_with("Abbott, P. (2015)."),
            "{from_subject:?}"
        );
    });

    // The Word file holds the title, the Chicago entries and the note.
    let out = Command::new("unzip")
        .arg("-p")
        .arg(&docx)
        .arg("word/document.xml")
        .output()
        .expect("unzip the DOCX");
    assert!(out.status.success(), "{} is a DOCX package", docx.display());
    let xml = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Arbitration reading list",
        "Arbitration of Building Disputes",
        "Chapter 4 is the one to read.",
        "Mills, Karen",
    ] {
        assert!(xml.contains(expected), "{expected:?} in the document");
    }
}
