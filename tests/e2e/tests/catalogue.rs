//! End-to-end: cataloguing a new looseleaf service in the real window (issue 4's acceptance
//! path). Build the app first, then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::{eventually, run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

/// Two books already on the shelf (items in MARC 21 852: $b location, $h call number, $p barcode),
/// one on each side of where the new looseleaf will stand (KF 9050 .L6).
fn shelf_neighbours(dir: &Path) -> PathBuf {
    let book = |cn: &str, title: &str, call: &str, barcode: &str| {
        Record::new()
            .with_control("001", cn)
            .with_control("008", "200101s2020    enk           000 0 eng d")
            .with_data("245", "10", &[('a', title)])
            .with_data("852", "0 ", &[('b', "Main"), ('h', call), ('p', barcode)])
    };
    let mut bytes = Vec::new();
    bytes.extend(write_iso2709(&book(
        "nb1",
        "Arbitration law before the courts",
        "KF 9000 .B2 2019",
        "39000000001001",
    )));
    bytes.extend(write_iso2709(&book(
        "nb2",
        "Mediation practice in commercial disputes",
        "KF 9100 .C3 2021",
        "39000000001003",
    )));
    let path = dir.join("neighbours.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The call number and barcode of each shelf-list row, top to bottom.
async fn shelf_rows(app: &App) -> Vec<(String, String)> {
    app.js(
        "return [...document.querySelectorAll(\"[data-testid='shelf-row']\")].map(r => \
         [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()]);",
    )
    .await
}

#[test]
fn a_looseleaf_catalogued_in_the_form_view_gets_an_item_by_scan_and_stands_between_its_neighbours()
{
    const TEST: &str = "a_looseleaf_catalogued_in_the_form_view_gets_an_item_by_scan_and_stands_between_its_neighbours";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = shelf_neighbours(dir.path());

    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["neighbours.mrc"], Duration::from_secs(60))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 2,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;

        // New record from the looseleaf template, in the form view.
        app.click("new-record-button").await;
        app.click("template-looseleaf").await;
        app.click("template-create").await;
        let title = app.shown("form-title").await;
        eventually("the Title field to have focus", WAIT, || async {
            match app.focused_testid().await.as_deref() {
                Some("form-title") => Ok(()),
                _ => Err(app.focused_description().await),
            }
        })
        .await;
        title
            .send_keys("Construction adjudication service")
            .await
            .expect("type the title");
        app.shown("form-publisher")
            .await
            .send_keys("Sweet & Maxwell")
            .await
            .expect("publisher");
        app.shown("form-place")
            .await
            .send_keys("London")
            .await
            .expect("place");
        app.shown("form-date")
            .await
            .send_keys("1998-")
            .await
            .expect("date");
        app.shot(&format!("{TEST}-form")).await;
        app.click("editor-save").await;

        // Saved: the record view shows it, and the Barcode field waits for the scanner.
        app.shown("record-saved").await;
        assert_eq!(
            app.record_title().await,
            "Construction adjudication service"
        );
        app.wait_number("library-records", 3).await;
        eventually(
            "the Barcode field to have focus after saving",
            WAIT,
            || async {
                match app.focused_testid().await.as_deref() {
                    Some("item-barcode") => Ok(()),
                    _ => Err(app.focused_description().await),
                }
            },
        )
        .await;
        let format: String = app
            .js("return document.querySelector(\"[data-testid='record-view']\").textContent;")
            .await;
        assert!(
            format.contains("Looseleaf"),
            "the record view should name the format: {format}"
        );

        // Call number and location first, then the scan: digits and Enter.
        let callno = app
            .driver
            .find(By::Css("[id^='item-callno-']"))
            .await
            .expect("call number field");
        callno.send_keys("KF 9050 .L6").await.expect("call number");
        let location = app
            .driver
            .find(By::Css("[id^='item-location-']"))
            .await
            .expect("location field");
        location.clear().await.expect("clear location");
        location.send_keys("Main").await.expect("location");
        app.shown("item-barcode")
            .await
            .click()
            .await
            .expect("focus the Barcode field");
        app.press("39000000001002").await;
        app.press(Key::Enter).await;
        let row = app.shown("item-row").await;
        let row_text = row.text().await.expect("item row text");
        assert!(
            row_text.contains("39000000001002") && row_text.contains("KF 9050 .L6"),
            "item row: {row_text}"
        );
        assert!(
            row_text.contains("Looseleaf"),
            "a copy of a looseleaf record is a looseleaf item: {row_text}"
        );
        eventually(
            "the Barcode field to be ready for the next copy",
            WAIT,
            || async {
                match app.focused_testid().await.as_deref() {
                    Some("item-barcode") => Ok(()),
                    _ => Err(app.focused_description().await),
                }
            },
        )
        .await;
        app.shot(&format!("{TEST}-item")).await;

        // Found by a word from its title.
        app.click("record-back").await;
        app.wait_search_focused("going back to the results").await;
        let results = app.search("adjudication").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        assert_eq!(
            results.rows[0].title, "Construction adjudication service",
            "{results:?}"
        );

        // In the shelf list, between its neighbours.
        app.click("nav-shelf").await;
        app.shown("shelf-table").await;
        let rows = eventually("three items in the shelf list", WAIT, || async {
            let rows = shelf_rows(&app).await;
            if rows.len() == 3 {
                Ok(rows)
            } else {
                Err(format!("{rows:?}"))
            }
        })
        .await;
        let barcodes: Vec<&str> = rows.iter().map(|(_, b)| b.as_str()).collect();
        assert_eq!(
            barcodes,
            ["39000000001001", "39000000001002", "39000000001003"],
            "shelf order: {rows:?}"
        );
        assert_eq!(rows[1].0, "KF 9050 .L6");
        app.shot(&format!("{TEST}-shelf")).await;
    });
}
