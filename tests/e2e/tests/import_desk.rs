//! End-to-end: the desk works while an import runs in the window (issue 12, "The desk never
//! waits"). An import of 20,000 generated records is started with Import MARC…; while it runs,
//! a patron card and an item are scanned at Check out (digits and Enter, as a barcode scanner
//! types). The loan is made, the import is not cancelled by the scanner's Enter, and it
//! completes with all its records. Build the app first, then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::axe::describe;
use carrel_e2e::{answer_file_dialog, eventually, run, App, FileDialog, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};

const CARD: &str = "2000456";
const BOOK: &str = "39000000003001";
/// Large enough that the import takes several seconds in a debug build.
const RECORDS: u64 = 20_000;

/// A record with a control number and a title (and its 008, so it is a book).
fn book(control: &str, title: &str) -> Record {
    Record::new()
        .with_control("001", control)
        .with_control("008", "200101s2020    enk           000 0 eng d")
        .with_data("245", "10", &[('a', title)])
}

/// One book with a copy to lend (MARC 21 852: $b location, $h call number, $p barcode).
fn desk_fixture(dir: &Path) -> PathBuf {
    let record = book("imp-desk-1", "Contract drafting").with_data(
        "852",
        "0 ",
        &[('b', "Main"), ('h', "KF 801 .C6 2020"), ('p', BOOK)],
    );
    let path = dir.join("desk.mrc");
    std::fs::write(&path, write_iso2709(&record)).expect("write the desk fixture");
    path
}

/// `RECORDS` distinct books, no duplicates of each other or of the desk's book.
fn big_fixture(dir: &Path) -> PathBuf {
    let mut bytes = Vec::new();
    for n in 0..RECORDS {
        bytes.extend(write_iso2709(&book(
            &format!("big-{n:06}"),
            &format!("Generated report number {n}"),
        )));
    }
    let path = dir.join("big.mrc");
    std::fs::write(&path, bytes).expect("write the big fixture");
    path
}

async fn wait_focus(app: &App, id: &str, after: &str) {
    eventually(
        &format!("[data-testid={id}] to have focus {after}"),
        WAIT,
        || async {
            match app.focused_testid().await.as_deref() {
                Some(f) if f == id => Ok(()),
                _ => Err(app.focused_description().await),
            }
        },
    )
    .await;
}

/// The import panel's phase (`running` or `done`), or "" when there is no panel.
async fn import_phase(app: &App) -> String {
    app.js("const p = document.querySelector(\"[data-testid='import-progress']\"); return p ? p.dataset.phase : '';")
        .await
}

#[test]
fn a_loan_is_made_at_the_desk_while_an_import_runs_in_the_window_and_the_import_completes() {
    const TEST: &str =
        "a_loan_is_made_at_the_desk_while_an_import_runs_in_the_window_and_the_import_completes";
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk_fixture(dir.path());
    let big = big_fixture(dir.path());

    run(TEST, &[desk], move |app: App| async move {
        let counts = app
            .confirm_import(&["desk.mrc"], Duration::from_secs(60))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 1,
                rejected: 0
            },
            "the desk's book"
        );
        app.close_summary().await;

        // A patron to lend to.
        app.click("nav-circulation").await;
        app.click("circ-tab-patrons").await;
        app.click("patron-new").await;
        wait_focus(&app, "pf-name", "after New patron").await;
        app.press("Grace Hopper").await;
        app.shown("pf-card")
            .await
            .send_keys(CARD)
            .await
            .expect("card number");
        app.click("pf-save").await;
        app.wait_text("patron-card", CARD).await;

        // Import MARC… through the shell's own file dialog; the confirmation stays modal.
        app.click("import-button").await;
        answer_file_dialog("Import MARC records", &big, FileDialog::Open).await;
        app.start_import(&["big.mrc"]).await;
        app.shown("import-progress").await;
        assert_eq!(import_phase(&app).await, "running", "the import runs");
        let modal: bool = app
            .js("return document.querySelector(\"[aria-modal='true']\") !== null || document.querySelector('.shell').inert;")
            .await;
        assert!(!modal, "the progress is not modal: the window stays usable");

        // At the desk, while it runs: the card field takes the scanner's digits and Enter.
        app.click("circ-tab-checkout").await;
        wait_focus(&app, "desk-card", "on the Check out tab during the import").await;
        app.shot(&format!("{TEST}-progress-panel")).await;
        app.press(CARD).await;
        app.press(thirtyfour::Key::Enter).await;
        app.wait_text("desk-patron-name", "Grace Hopper").await;
        wait_focus(&app, "desk-item", "after the card scan").await;
        app.press(BOOK).await;
        app.press(thirtyfour::Key::Enter).await;
        let lent: Vec<String> = eventually("the loan's row", WAIT, || async {
            let rows: Vec<String> = app
                .js("return [...document.querySelectorAll(\"[data-testid='scan-ok']\")].map(e => e.textContent);")
                .await;
            if rows.is_empty() {
                Err("no loan yet".to_string())
            } else {
                Ok(rows)
            }
        })
        .await;
        assert!(
            lent[0].contains(BOOK) && lent[0].contains("Contract drafting"),
            "the loan: {lent:?}"
        );
        assert_eq!(
            import_phase(&app).await,
            "running",
            "the loan was made while the import ran (make the file larger if this machine is fast)"
        );
        app.shot(&format!("{TEST}-loan-during-import")).await;
        let found = vec![(
            "desk during an import".to_string(),
            app.axe_violations().await,
        )];
        assert!(found[0].1.is_empty(), "{}", describe(&found));

        // The import ends without taking the focus from the desk, says so, and has every record.
        eventually("the import to finish", Duration::from_secs(180), || async {
            match import_phase(&app).await.as_str() {
                "done" => Ok(()),
                other => Err(other.to_string()),
            }
        })
        .await;
        // The live region says it whole (its first words are for screen readers only).
        let said: String = app
            .js("return document.querySelector(\"[data-testid='import-status']\").textContent.replace(/\\s+/g, ' ').trim();")
            .await;
        assert_eq!(said, "Import finished: 20,000 imported, 0 rejected.");
        wait_focus(&app, "desk-item", "when the import has finished").await;
        app.wait_number("library-records", RECORDS + 1).await;
        app.shot(&format!("{TEST}-finished")).await;
        let found = vec![("import finished".to_string(), app.axe_violations().await)];
        assert!(found[0].1.is_empty(), "{}", describe(&found));
        let counts = app.import_summary(WAIT).await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: RECORDS,
                rejected: 0
            },
            "the big import"
        );
        app.close_summary().await;
        app.wait_number("library-records", RECORDS + 1).await;
        let on_loan: Vec<String> = app
            .js("return [...document.querySelectorAll(\"[data-testid='desk-loans'] tbody tr\")].map(r => r.textContent);")
            .await;
        assert_eq!(on_loan.len(), 1, "the loan is still there: {on_loan:?}");
    });
}
