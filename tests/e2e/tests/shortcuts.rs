//! End-to-end: "/" ("return to the search box") after a look elsewhere (issue 11). Back in the
//! Catalogue with a query, "/" focuses the search box and selects the query, so that typing
//! replaces it; it never types a slash into the old query ("dvorak/"). Build the app first,
//! then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};

use carrel_e2e::{run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

const QUERY: &str = "dvorak";

fn fixture(dir: &Path) -> PathBuf {
    let book = |id: &str, author: &str, title: &str| {
        Record::new()
            .with_control("001", id)
            .with_control("008", "200101s2020    enk           000 0 eng d")
            .with_data("100", "1 ", &[('a', author)])
            .with_data("245", "10", &[('a', title)])
            .with_data(
                "852",
                "0 ",
                &[
                    ('b', "Main"),
                    ('h', &format!("ML 410 .D99 {id}")),
                    ('p', &format!("3900000000{id}")),
                ],
            )
    };
    let bytes: Vec<u8> = [
        book("5001", "Dvorak, Antonin,", "Letters and reminiscences"),
        book("5002", "Clapham, John,", "Dvorak"),
        book("5003", "Smith, Alan,", "Unrelated handbook"),
    ]
    .iter()
    .flat_map(write_iso2709)
    .collect();
    let path = dir.join("dvorak.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The search box's (focused, value, selectionStart, selectionEnd).
async fn search_box(app: &App) -> (bool, String, u32, u32) {
    app.js("const b = document.querySelector('[data-testid=search]'); \
         return [document.activeElement === b, b.value, b.selectionStart, b.selectionEnd];")
        .await
}

/// Presses "/" and checks the search box has the focus, still holds the query (no slash) and
/// has it all selected.
async fn slash_selects_the_query(app: &App, after: &str) {
    app.press("/").await;
    app.wait_search_focused(&format!("pressing / {after}"))
        .await;
    let (focused, value, start, end) = search_box(app).await;
    assert!(focused, "{after}: the search box has the focus");
    assert_eq!(
        value, QUERY,
        "{after}: `/` keeps the query and types no slash into it"
    );
    assert_eq!(
        (start, end),
        (0, QUERY.len() as u32),
        "{after}: `/` selects the whole query, so typing replaces it"
    );
    app.settled_results(QUERY).await;
}

#[test]
fn slash_back_in_the_catalogue_focuses_and_selects_the_query() {
    const TEST: &str = "slash_back_in_the_catalogue_focuses_and_selects_the_query";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture(dir.path());

    run(TEST, &[file], |app: App| async move {
        let counts = app.confirm_import(&["dvorak.mrc"], WAIT * 6).await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 3,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;

        let results = app.search(QUERY).await;
        assert_eq!(results.count, "2 records", "{results:?}");

        // A record opened, then back to the Catalogue by its sidebar entry, then "/".
        app.press(Key::Enter).await;
        app.record_title().await;
        app.click("nav-catalogue").await;
        app.wait_search_focused("going back to the Catalogue").await;
        app.settled_results(QUERY).await;
        slash_selects_the_query(&app, "after a record and the Catalogue entry").await;

        // The same after another section (the shelf list) and back.
        app.click("nav-shelf").await;
        app.shown("shelf-list").await;
        app.click("nav-catalogue").await;
        app.wait_search_focused("going back to the Catalogue").await;
        slash_selects_the_query(&app, "after the shelf list and the Catalogue entry").await;

        // From an open record, "/" comes straight back to the query.
        app.press(Key::Enter).await;
        app.record_title().await;
        app.gone("search").await;
        slash_selects_the_query(&app, "from an open record").await;

        // Typing now replaces the query.
        app.press("clapham").await;
        let results = app.settled_results("clapham").await;
        assert_eq!(results.count, "1 record", "{results:?}");
    });
}
