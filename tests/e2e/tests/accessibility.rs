//! End-to-end: axe-core over every view of the real window, at WCAG 2.2 AA (issue 11): the
//! catalogue (results, a record with its items and history, the editor, a new record, delete),
//! shelf list, subjects, deleted records, settings, the desk's tabs, a bibliography, and the
//! import and export dialogs. Each view is also saved as a screenshot,
//! `artifacts/accessibility-<view>.png`, to be looked at as a person would.
//!
//! Needs axe-core from the UI's npm packages (`npm ci --prefix ui`). Build the app first, then
//! run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::axe::{axe_path, describe, Violation};
use carrel_e2e::{eventually, run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

const CARD: &str = "2000777";
const BOOK: &str = "39000000007001";

/// Five records with authors, imprints, subjects (MARC 21 650), a summary (520) and items
/// (852: $b location, $h call number, $p barcode), so that every view has something to show.
fn fixture(dir: &Path) -> PathBuf {
    let book = |id: &str, author: &str, title: &str, year: &str, subject: &str| {
        Record::new()
            .with_control("001", id)
            .with_control(
                "008",
                &format!("200101s{year}    enk           000 0 eng d"),
            )
            .with_data("100", "1 ", &[('a', author)])
            .with_data("245", "10", &[('a', title)])
            .with_data(
                "264",
                " 1",
                &[('a', "London :"), ('b', "Sweet & Maxwell,"), ('c', year)],
            )
            .with_data("650", " 0", &[('a', subject)])
    };
    fn item<'a>(call: &'a str, barcode: &'a str) -> [(char, &'a str); 3] {
        [('b', "Main"), ('h', call), ('p', barcode)]
    }
    let records = [
        book(
            "a1",
            "Harding, Ruth,",
            "Construction adjudication and arbitration /",
            "2019",
            "Arbitration and award",
        )
        .with_data(
            "520",
            "  ",
            &[('a', "Adjudication under the Construction Act.")],
        )
        .with_data("852", "0 ", &item("KF 9085 .H37 2019", BOOK)),
        book(
            "a2",
            "Abbott, Peter,",
            "Arbitration of building disputes /",
            "2015",
            "Arbitration and award",
        )
        .with_data("852", "0 ", &item("KF 9085 .A23 2015", "39000000007002")),
        book(
            "a3",
            "Mills, Karen,",
            "International commercial arbitration /",
            "2021",
            "Arbitration and award",
        )
        .with_data("852", "0 ", &item("KF 9086 .M55 2021", "39000000007003")),
        book(
            "a4",
            "Young, Alan,",
            "Dutch engraving in the golden age /",
            "2010",
            "Engraving, Dutch",
        )
        .with_data("852", "0 ", &item("NE 660 .Y68 2010", "39000000007004")),
        book(
            "a5",
            "Quint, Mary,",
            "Company law handbook /",
            "2020",
            "Corporation law",
        ),
    ];
    let bytes: Vec<u8> = records.iter().flat_map(write_iso2709).collect();
    let path = dir.join("accessibility.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The violations found so far, view by view.
#[derive(Default)]
struct Audit {
    found: Vec<(String, Vec<Violation>)>,
    /// Empty text fields whose placeholder does not fit ("Scan or type the card number, th").
    clipped: Vec<String>,
}

impl Audit {
    /// Screenshots the view as `accessibility-<view>.png`, runs axe-core over it and looks for
    /// clipped placeholders (which axe does not check).
    async fn check(&mut self, app: &App, view: &str) {
        app.shot(&format!("accessibility-{view}")).await;
        let violations = app.axe_violations().await;
        eprintln!("{view}: {} axe violation(s)", violations.len());
        self.found.push((view.to_string(), violations));
        let clipped: Vec<String> = app.js(CLIPPED_PLACEHOLDERS).await;
        self.clipped
            .extend(clipped.into_iter().map(|c| format!("{view}: {c}")));
    }

    /// Fails, listing every violation of every view, unless there were none.
    fn assert_none(&self) {
        let report = describe(&self.found);
        assert!(
            report.is_empty(),
            "axe-core found WCAG 2.2 AA violations:\n{report}"
        );
        assert!(
            self.clipped.is_empty(),
            "placeholders cut off by their field:\n{}",
            self.clipped.join("\n")
        );
    }
}

/// Each shown, empty `<input>` whose placeholder is wider than the room inside the field,
/// measured in the field's own font.
const CLIPPED_PLACEHOLDERS: &str = "
    const ctx = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('input[placeholder]')]
      .filter((e) => e.placeholder && e.value === '' && e.getClientRects().length > 0)
      .map((e) => {
        const s = getComputedStyle(e);
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        const need = ctx.measureText(e.placeholder).width;
        const name = e.id || e.dataset.testid || e.name || e.outerHTML.slice(0, 60);
        return need > room + 1 ? `${name}: \"${e.placeholder}\" needs ${Math.ceil(need)} px, has ${Math.floor(room)}` : null;
      })
      .filter((x) => x !== null);";

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

/// Waits until no `aria-busy="true"` is left in the page (lists and panels still loading).
async fn settled(app: &App) {
    eventually("the page to finish loading", WAIT, || async {
        let busy: usize = app
            .js("return document.querySelectorAll('[aria-busy=true]').length;")
            .await;
        if busy == 0 {
            Ok(())
        } else {
            Err(format!("{busy} element(s) aria-busy"))
        }
    })
    .await;
}

/// The editor's Cancel (nothing was changed, so nothing is asked).
async fn cancel_editing(app: &App) {
    app.driver
        .find(By::XPath(
            "//*[@data-testid='record-editor']//button[normalize-space()='Cancel']",
        ))
        .await
        .expect("the editor's Cancel button")
        .click()
        .await
        .expect("click Cancel");
    app.gone("record-editor").await;
}

/// Imports the fixture from the command line, auditing the confirmation and the summary.
async fn import(app: &App, audit: &mut Audit) {
    app.shown("pending-files").await;
    audit.check(app, "import-confirm").await;
    let counts = app
        .confirm_import(&["accessibility.mrc"], Duration::from_secs(60))
        .await;
    assert_eq!(
        counts,
        ImportCounts {
            imported: 5,
            rejected: 0
        },
        "import summary"
    );
    audit.check(app, "import-summary").await;
    app.close_summary().await;
}

/// The checks really run in this web view: a field without a label, grey-on-white text and a
/// field too narrow for its placeholder, put into the page, are found (a check that can find
/// nothing would pass every view).
async fn axe_finds_a_planted_violation(app: &App) {
    let _: bool = app
        .js("const d = document.createElement('div'); d.id = 'axe-probe'; d.style.cssText = 'position:fixed;top:0;left:0;z-index:99999;background:#fff;padding:8px'; \
             d.innerHTML = '<input type=\"text\"><p style=\"color:#c8c8c8;background:#fff\">faint</p>' + \
               '<input aria-label=\"probe\" id=\"axe-probe-narrow\" style=\"width:60px\" placeholder=\"Scan or type the card number\">'; \
             document.body.appendChild(d); return true;")
        .await;
    let found = app.axe_violations().await;
    let clipped: Vec<String> = app.js(CLIPPED_PLACEHOLDERS).await;
    let _: bool = app
        .js("document.getElementById('axe-probe').remove(); return true;")
        .await;
    let ids: Vec<&str> = found
        .iter()
        .filter(|v| {
            v.nodes
                .iter()
                .any(|n| n.html.contains("faint") || n.html.starts_with("<input type=\"text\">"))
        })
        .map(|v| v.id.as_str())
        .collect();
    assert!(
        ids.contains(&"label") && ids.contains(&"color-contrast"),
        "axe-core should find the planted unlabelled field and faint text; it found {ids:?}"
    );
    assert!(
        clipped.len() == 1 && clipped[0].starts_with("axe-probe-narrow:"),
        "the placeholder check should find the planted narrow field alone; it found {clipped:?}"
    );
}

/// Fails at once, with a clear message, when axe-core is not installed (before any window).
fn require_axe() {
    let path = axe_path();
    assert!(
        path.is_file(),
        "axe-core is not installed at {}: run `npm ci --prefix ui` first (the accessibility \
         tests inject it into the app's window)",
        path.display()
    );
}

#[test]
fn catalogue_views_and_dialogs_have_no_wcag_violations() {
    const TEST: &str = "catalogue_views_and_dialogs_have_no_wcag_violations";
    require_axe();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture(dir.path());

    run(TEST, &[file], |app: App| async move {
        let mut audit = Audit::default();
        import(&app, &mut audit).await;
        axe_finds_a_planted_violation(&app).await;

        // The catalogue with results, then a record with its items panel and its history.
        let results = app.search("arbitration").await;
        assert_eq!(results.count, "3 records", "{results:?}");
        audit.check(&app, "catalogue-results").await;

        app.press(Key::Enter).await;
        app.record_title().await;
        app.shown("items-table").await;
        settled(&app).await;
        audit.check(&app, "record").await;
        app.click("history-toggle").await;
        app.shown("history-panel").await;
        settled(&app).await;
        audit.check(&app, "record-history").await;

        // The export dialog, opened from the record.
        app.click("export-button").await;
        app.shown("export-dialog").await;
        audit.check(&app, "export-dialog").await;
        app.press(Key::Escape).await;
        app.gone("export-dialog").await;

        // The editor, on both of its tabs.
        app.click("record-edit").await;
        app.shown("editor-form").await;
        audit.check(&app, "editor-form").await;
        app.driver
            .find(By::Id("editor-tab-marc"))
            .await
            .expect("the MARC tab")
            .click()
            .await
            .expect("click MARC");
        app.shown("editor-marc").await;
        audit.check(&app, "editor-marc").await;
        cancel_editing(&app).await;

        // A new record: the template picker, then the empty form.
        app.click("nav-catalogue").await;
        app.click("new-record-button").await;
        app.shown("template-picker").await;
        audit.check(&app, "new-record-templates").await;
        app.click("template-create").await;
        app.shown("editor-form").await;
        audit.check(&app, "new-record-form").await;
        cancel_editing(&app).await;

        // Delete a record without items, so that Deleted records lists one.
        app.click("nav-catalogue").await;
        let results = app.search("company law").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        app.press(Key::Enter).await;
        app.record_title().await;
        app.click("delete-record").await;
        app.shown("delete-dialog").await;
        settled(&app).await;
        audit.check(&app, "delete-dialog").await;
        app.click("delete-confirm").await;
        app.shown("delete-done").await;
        // The focus stays in the dialog (its Close button), so Esc closes the dialog and the
        // catalogue and the sidebar's count hear of the deletion.
        eventually("the focus in the delete dialog", WAIT, || async {
            let inside: bool = app
                .js("return !!document.activeElement?.closest(\"[data-testid='delete-dialog']\");")
                .await;
            if inside {
                Ok(())
            } else {
                Err(app.focused_description().await)
            }
        })
        .await;
        app.press(Key::Escape).await;
        app.gone("delete-dialog").await;
        app.wait_number("library-records", 4).await;

        for (nav, view, ready) in [
            ("nav-shelf", "shelf-list", "shelf-row"),
            ("nav-subjects", "subjects", "heading"),
            ("nav-trash", "deleted-records", "deleted-record"),
            ("nav-settings", "settings", "agency-form"),
        ] {
            app.click(nav).await;
            app.shown(ready).await;
            settled(&app).await;
            audit.check(&app, view).await;
        }

        audit.assert_none();
    });
}

#[test]
fn desk_and_bibliography_views_have_no_wcag_violations() {
    const TEST: &str = "desk_and_bibliography_views_have_no_wcag_violations";
    require_axe();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture(dir.path());

    run(TEST, &[file], |app: App| async move {
        let mut audit = Audit::default();
        import(&app, &mut audit).await;

        // Patrons: the form, then the patron's page.
        app.click("nav-circulation").await;
        app.click("circ-tab-patrons").await;
        app.click("patron-new").await;
        wait_focus(&app, "pf-name", "after New patron").await;
        audit.check(&app, "desk-patron-form").await;
        app.press("Ada Byron").await;
        app.shown("pf-card")
            .await
            .send_keys(CARD)
            .await
            .expect("card number");
        app.click("pf-save").await;
        app.wait_text("patron-card", CARD).await;
        settled(&app).await;
        audit.check(&app, "desk-patrons").await;

        // Check out one book.
        app.click("circ-tab-checkout").await;
        wait_focus(&app, "desk-card", "on the Check out tab").await;
        audit.check(&app, "desk-checkout-empty").await;
        app.press(CARD).await;
        app.press(Key::Enter).await;
        app.wait_text("desk-patron-name", "Ada Byron").await;
        wait_focus(&app, "desk-item", "after the card scan").await;
        app.press(BOOK).await;
        app.press(Key::Enter).await;
        app.shown("scan-due").await;
        settled(&app).await;
        audit.check(&app, "desk-checkout").await;
        app.press(Key::Escape).await;
        app.gone("desk-patron").await;

        // A second patron places a hold on the book from the record view.
        app.click("circ-tab-patrons").await;
        app.click("patron-new").await;
        wait_focus(&app, "pf-name", "after New patron").await;
        app.press("Ben Okri").await;
        app.click("pf-save").await;
        app.wait_text("patron-message", "Registered Ben Okri, card P000001.")
            .await;
        app.click("nav-catalogue").await;
        let results = app.search("adjudication").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        app.press(Key::Enter).await;
        app.record_title().await;
        app.click("place-hold").await;
        wait_focus(&app, "place-hold-card", "after Place hold…").await;
        audit.check(&app, "record-place-hold").await;
        app.press("P000001").await;
        app.press(Key::Enter).await;
        app.shown("place-hold-result").await;
        settled(&app).await;
        audit.check(&app, "record-on-loan-with-hold").await;

        // The other desk tabs.
        app.click("nav-circulation").await;
        app.click("circ-tab-checkin").await;
        wait_focus(&app, "checkin-item", "on the Check in tab").await;
        audit.check(&app, "desk-checkin-empty").await;
        app.press(BOOK).await;
        app.press(Key::Enter).await;
        app.shown("checkin-hold").await;
        settled(&app).await;
        audit.check(&app, "desk-checkin").await;
        for (tab, ready) in [
            ("holds", "holds"),
            ("overdues", "overdues"),
            ("rules", "rules-table"),
        ] {
            app.click(&format!("circ-tab-{tab}")).await;
            app.shown(ready).await;
            settled(&app).await;
            audit.check(&app, &format!("desk-{tab}")).await;
        }

        // Bibliographies: none yet, then one open with a section from a subject heading.
        app.click("nav-bibliographies").await;
        app.shown("bib-empty").await;
        audit.check(&app, "bibliographies-empty").await;
        app.click("bib-new").await;
        wait_focus(&app, "bib-title", "after New bibliography").await;
        app.press("Arbitration reading list").await;
        app.shown("section-subject")
            .await
            .send_keys("Arbitration and award")
            .await
            .expect("type the heading");
        eventually(
            "three entries in the preview",
            Duration::from_secs(30),
            || async {
                let n: usize = app
                .js("return document.querySelectorAll(\"[data-testid='bib-entry-text']\").length;")
                .await;
                if n == 3 {
                    Ok(())
                } else {
                    Err(format!("{n} entries"))
                }
            },
        )
        .await;
        settled(&app).await;
        audit.check(&app, "bibliography").await;

        audit.assert_none();
    });
}
