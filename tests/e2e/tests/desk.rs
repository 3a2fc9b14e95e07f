//! End-to-end: the circulation desk in the real window (issue 5's acceptance path): register a
//! patron, scan the card, scan two books (due in 21 days, moved past the weekend), scan a
//! looseleaf (refused: reading room only), check a book in and find it on the reshelving list.
//! Build the app first, then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};

use carrel_e2e::{eventually, run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use chrono::{Datelike, Days, Local, Weekday};

const CARD: &str = "2000123";
const BOOK_A: &str = "39000000002001";
const BOOK_B: &str = "39000000002002";
const LOOSELEAF: &str = "39000000002003";

/// Two books (items in MARC 21 852: $b location, $h call number, $p barcode; type book from the
/// leader) and a looseleaf service (Koha 952: $y LL = looseleaf, not lent by the default policy).
fn fixture(dir: &Path) -> PathBuf {
    let record = |cn: &str, title: &str| {
        Record::new()
            .with_control("001", cn)
            .with_control("008", "200101s2020    enk           000 0 eng d")
            .with_data("245", "10", &[('a', title)])
    };
    let mut bytes = Vec::new();
    bytes.extend(write_iso2709(
        &record("d1", "Company law handbook").with_data(
            "852",
            "0 ",
            &[('b', "Main"), ('h', "KF 1414 .C6 2020"), ('p', BOOK_A)],
        ),
    ));
    bytes.extend(write_iso2709(
        &record("d2", "Arbitration in practice").with_data(
            "852",
            "0 ",
            &[('b', "Main"), ('h', "KF 9085 .A7 2019"), ('p', BOOK_B)],
        ),
    ));
    bytes.extend(write_iso2709(
        &record("d3", "Employment law service").with_data(
            "952",
            "  ",
            &[
                ('p', LOOSELEAF),
                ('o', "KF 3319 .E6"),
                ('c', "Main"),
                ('y', "LL"),
            ],
        ),
    ));
    let path = dir.join("desk.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The default policy's due date for a book lent today: 21 days, moved off Saturday and Sunday.
fn expected_book_due() -> String {
    let mut due = Local::now()
        .date_naive()
        .checked_add_days(Days::new(21))
        .expect("a date");
    while matches!(due.weekday(), Weekday::Sat | Weekday::Sun) {
        due = due.succ_opt().expect("a date");
    }
    due.format("%Y-%m-%d").to_string()
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

/// The text of every element with `data-testid`, in page order.
async fn texts(app: &App, id: &str) -> Vec<String> {
    app.js(&format!("return [...document.querySelectorAll(\"[data-testid='{id}']\")].map(e => e.textContent.trim());")).await
}

async fn wait_count(app: &App, id: &str, n: usize) -> Vec<String> {
    eventually(&format!("{n} [data-testid={id}]"), WAIT, || async {
        let t = texts(app, id).await;
        if t.len() == n {
            Ok(t)
        } else {
            Err(format!("{t:?}"))
        }
    })
    .await
}

#[test]
fn a_patron_registered_at_the_desk_borrows_two_books_is_refused_a_looseleaf_and_returns_one() {
    const TEST: &str =
        "a_patron_registered_at_the_desk_borrows_two_books_is_refused_a_looseleaf_and_returns_one";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture(dir.path());
    let due = expected_book_due();

    run(TEST, &[file], move |app: App| async move {
        let counts = app
            .confirm_import(&["desk.mrc"], std::time::Duration::from_secs(60))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 3,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;

        // Register the patron, the card scanned from a pre-printed card.
        app.click("nav-circulation").await;
        app.click("circ-tab-patrons").await;
        app.click("patron-new").await;
        wait_focus(&app, "pf-name", "after New patron").await;
        app.press("Ada Byron").await;
        app.shown("pf-card")
            .await
            .send_keys(CARD)
            .await
            .expect("card number");
        app.shown("pf-department")
            .await
            .send_keys("Litigation")
            .await
            .expect("department");
        app.shot(&format!("{TEST}-patron-form")).await;
        app.click("pf-save").await;
        app.wait_text("patron-card", CARD).await;
        let listed = wait_count(&app, "patron-row", 1).await;
        assert!(
            listed[0].contains("Ada Byron") && listed[0].contains("Litigation"),
            "patron list: {listed:?}"
        );
        app.shot(&format!("{TEST}-patron")).await;

        // Check out: the card field waits for the scanner; then the item field.
        app.click("circ-tab-checkout").await;
        wait_focus(&app, "desk-card", "on the Check out tab").await;
        app.press(CARD).await;
        app.press(thirtyfour::Key::Enter).await;
        app.wait_text("desk-patron-name", "Ada Byron").await;
        wait_focus(&app, "desk-item", "after the card scan").await;

        for (n, barcode) in [BOOK_A, BOOK_B].into_iter().enumerate() {
            app.press(barcode).await;
            app.press(thirtyfour::Key::Enter).await;
            let dues = wait_count(&app, "scan-due", n + 1).await;
            assert!(
                dues[0].starts_with(&due),
                "the newest row shows the due date {due}: {dues:?}"
            );
            wait_focus(&app, "desk-item", "after an item scan").await;
            let left: String = app
                .js("return document.querySelector(\"[data-testid='desk-item']\").value;")
                .await;
            assert_eq!(left, "", "the item field is cleared for the next scan");
        }
        let rows = texts(&app, "scan-ok").await;
        assert!(
            rows[0].contains(BOOK_B) && rows[0].contains("Arbitration in practice"),
            "newest first: {rows:?}"
        );
        assert!(
            rows[1].contains(BOOK_A) && rows[1].contains("Company law handbook"),
            "{rows:?}"
        );
        app.shot(&format!("{TEST}-checkout")).await;

        // The looseleaf is refused, with the reason, and may be overridden.
        app.press(LOOSELEAF).await;
        app.press(thirtyfour::Key::Enter).await;
        let reasons = wait_count(&app, "scan-reason", 1).await;
        assert!(
            reasons[0].contains("looseleaf") && reasons[0].contains("reading room only"),
            "refusal: {reasons:?}"
        );
        app.shown("scan-override").await;
        wait_focus(&app, "desk-item", "after a refused scan").await;
        let on_loan: Vec<String> = app.js("return [...document.querySelectorAll(\"[data-testid='desk-loans'] tbody tr\")].map(r => r.textContent);").await;
        assert_eq!(on_loan.len(), 2, "two items on loan: {on_loan:?}");
        app.shot(&format!("{TEST}-refused")).await;

        // Esc ends the session: the card field waits for the next patron.
        app.press(thirtyfour::Key::Escape).await;
        app.gone("desk-patron").await;
        wait_focus(&app, "desk-card", "after Esc").await;

        // Check in one book: who had it, and the reshelving list.
        app.click("circ-tab-checkin").await;
        wait_focus(&app, "checkin-item", "on the Check in tab").await;
        app.press(BOOK_A).await;
        app.press(thirtyfour::Key::Enter).await;
        let returned = wait_count(&app, "checkin-row", 1).await;
        assert!(
            returned[0].contains("Ada Byron") && returned[0].contains(&due),
            "check-in row: {returned:?}"
        );
        let shelf = wait_count(&app, "reshelving-row", 1).await;
        assert!(
            shelf[0].contains("KF 1414 .C6 2020") && shelf[0].contains(BOOK_A),
            "reshelving list: {shelf:?}"
        );
        wait_focus(&app, "checkin-item", "after the check-in").await;
        app.shot(&format!("{TEST}-checkin")).await;

        // The patron page lists the loan still out and the returned one in the history.
        app.click("circ-tab-patrons").await;
        app.shown("patron-search")
            .await
            .send_keys("byron")
            .await
            .expect("find the patron");
        let found = wait_count(&app, "patron-row", 1).await;
        assert!(found[0].contains("Ada Byron"), "{found:?}");
        app.click("patron-row").await;
        let out = app.shown("patron-loans").await.text().await.expect("loans");
        assert!(
            out.contains(BOOK_B) && !out.contains(BOOK_A),
            "on loan: {out}"
        );
        let history = app
            .shown("patron-history")
            .await
            .text()
            .await
            .expect("history");
        assert!(history.contains(BOOK_A), "history: {history}");
        app.shot(&format!("{TEST}-patron-page")).await;

        // The default rules: a looseleaf is for the reading room only.
        app.click("circ-tab-rules").await;
        let rules = app.shown("rules-table").await.text().await.expect("rules");
        assert!(
            rules
                .lines()
                .any(|l| l.contains("Looseleaf") && l.contains("reading room only")),
            "rules: {rules}"
        );
        app.shot(&format!("{TEST}-rules")).await;

        // A second patron with a generated card places a hold from the record view.
        app.click("circ-tab-patrons").await;
        app.click("patron-new").await;
        wait_focus(&app, "pf-name", "after New patron").await;
        app.press("Ben Okri").await;
        app.click("pf-save").await;
        app.wait_text("patron-message", "Registered Ben Okri, card P000001.")
            .await;
        app.click("nav-catalogue").await;
        let results = app.search("arbitration").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        app.click("result").await;
        assert_eq!(app.record_title().await, "Arbitration in practice");
        app.click("place-hold").await;
        wait_focus(&app, "place-hold-card", "after Place hold…").await;
        app.press("P000001").await;
        app.press(thirtyfour::Key::Enter).await;
        app.wait_text(
            "place-hold-result",
            "Hold placed for Ben Okri: number 1 in the queue.",
        )
        .await;
        let item_row = app
            .shown("item-loan")
            .await
            .text()
            .await
            .expect("loan note");
        assert_eq!(
            item_row,
            format!("On loan to Ada Byron, due {due}"),
            "the record's item says who has it"
        );
        app.shot(&format!("{TEST}-record-hold")).await;

        // Ada returns it: it goes to the hold shelf for Ben, not onto the reshelving list.
        app.click("nav-circulation").await;
        app.click("circ-tab-checkin").await;
        wait_focus(&app, "checkin-item", "back on the Check in tab").await;
        app.press(BOOK_B).await;
        app.press(thirtyfour::Key::Enter).await;
        let slip = app
            .shown("checkin-hold")
            .await
            .text()
            .await
            .expect("hold text");
        assert!(
            slip.contains("On hold for Ben Okri"),
            "check-in of a held item: {slip}"
        );
        let shelf = wait_count(&app, "reshelving-row", 1).await;
        assert!(
            shelf[0].contains(BOOK_A),
            "the session's reshelving list is kept across tabs: {shelf:?}"
        );
        app.shot(&format!("{TEST}-checkin-hold")).await;
        app.click("circ-tab-holds").await;
        let trapped = app
            .shown("holds-trapped")
            .await
            .text()
            .await
            .expect("hold shelf");
        assert!(
            trapped.contains("Ben Okri") && trapped.contains(BOOK_B),
            "on the hold shelf: {trapped}"
        );
        app.shot(&format!("{TEST}-holds")).await;
    });
}
