//! End-to-end tests of Carrel in its real window (see `src/lib.rs` for the harness).
//!
//! Build the app first, then run these under X:
//!
//! ```text
//! cargo build -p carrel-app
//! xvfb-run -a -s "-screen 0 1280x900x24" cargo test -p carrel-e2e -- --test-threads=1
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::{
    answer_file_dialog, artifacts_dir, eventually, run, testid, App, FileDialog, ImportCounts, WAIT,
};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

/// Writes `records` as one ISO 2709 file `name` in `dir`.
fn write_marc(dir: &Path, name: &str, records: &[Record]) -> PathBuf {
    let mut bytes = Vec::new();
    for r in records {
        bytes.extend(write_iso2709(r));
    }
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

fn book(control: &str, title: &str) -> Record {
    Record::new()
        .with_control("001", control)
        .with_control("008", "250101s2025    at            000 0 eng d")
        .with_data("245", "10", &[('a', title)])
}

#[test]
fn imports_real_records_given_on_the_command_line_then_finds_and_shows_one() {
    const TEST: &str = "imports_real_records_given_on_the_command_line_then_finds_and_shows_one";
    let Some(file) =
        carrel_e2e::shared_file(TEST, "marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc")
    else {
        return;
    };

    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["For_DISC_HRID_match_1k.mrc"], Duration::from_secs(120))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 1000,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;
        app.wait_search_focused("closing the import summary").await;
        app.wait_text("library-records", "1,000 records").await;
        app.wait_number("library-records", 1000).await;

        let results = app.search("Kilcunda").await;
        assert_eq!(
            results.count, "1 record",
            "result count for Kilcunda: {results:?}"
        );
        assert_eq!(results.rows.len(), 1, "{results:?}");
        // The first result is selected as results arrive, so Enter in the box opens it.
        assert!(
            results.rows[0].selected,
            "the first result should be selected: {results:?}"
        );
        app.press(Key::Enter).await;

        let title = app.record_title().await;
        assert_eq!(
            title,
            "Rails by the sea : the remarkable story of Kilcunda's railway history"
        );

        let identifiers = app.shown("record-identifiers").await;
        let mut isbns = Vec::new();
        for dd in identifiers
            .find_all(By::XPath(".//dt[normalize-space()='ISBN']/following-sibling::dd[1]/span[contains(@class,'mono')]"))
            .await
            .expect("ISBN entries")
        {
            isbns.push(dd.text().await.expect("ISBN text"));
        }
        assert!(
            isbns.iter().any(|i| i == "9780648176503"),
            "the identifiers should show ISBN 9780648176503; ISBNs shown: {isbns:?}; all identifiers: {:?}",
            identifiers.text().await.unwrap_or_default()
        );

        let marc = app
            .shown("record-marc")
            .await
            .text()
            .await
            .expect("MARC text");
        assert!(
            marc.lines().any(|l| l == "=001  8660664"),
            "the MARC should have the line `=001  8660664`:\n{marc}"
        );
    });
}

#[test]
fn record_text_is_shown_as_text_never_as_html() {
    const TEST: &str = "record_text_is_shown_as_text_never_as_html";
    const HOSTILE: &str = "<img src=x onerror=document.title='pwned'> Hostile title";
    let fixtures = tempfile::tempdir().expect("temporary folder");
    let file = write_marc(
        fixtures.path(),
        "hostile.mrc",
        &[
            book("hostile-1", HOSTILE),
            book("plain-1", "An ordinary book about gardens"),
        ],
    );

    run(TEST, &[file], |app: App| async move {
        let counts = app.confirm_import(&["hostile.mrc"], WAIT).await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 2,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;

        let results = app.search("hostile").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        assert_eq!(
            results.rows[0].title, HOSTILE,
            "the result row shows the title as text"
        );
        app.driver
            .find(testid("result"))
            .await
            .expect("result row")
            .click()
            .await
            .expect("click the result");

        let title = app.record_title().await;
        let view = app.shown("record-view").await;
        let images = view.find_all(By::Tag("img")).await.expect("look for img");
        assert!(
            images.is_empty(),
            "the record view holds {} img element(s): record text was parsed as HTML",
            images.len()
        );
        assert_eq!(title, HOSTILE, "record title");
        let in_results: usize = app
            .js("return document.querySelectorAll('#catalogue-results img').length;")
            .await;
        assert_eq!(in_results, 0, "img elements in the results list");
        let marc = app
            .shown("record-marc")
            .await
            .text()
            .await
            .expect("MARC text");
        assert!(
            marc.contains(&format!("$a{HOSTILE}")),
            "the MARC shows the title as text:\n{marc}"
        );

        let document_title: String = app.js("return document.title;").await;
        assert_ne!(document_title, "pwned", "a script in the record ran");
        assert_eq!(document_title, "Carrel");
    });
}

#[test]
fn keyboard_navigation_and_cancel() {
    const TEST: &str = "keyboard_navigation_and_cancel";
    let fixtures = tempfile::tempdir().expect("temporary folder");
    let titles = [
        "Zephyrine almanac of tides",
        "Zephyrine book of knots",
        "Zephyrine charts of the southern coast",
        "Zephyrine diary of a lighthouse keeper",
        "Zephyrine encyclopaedia of sails",
    ];
    let records: Vec<Record> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| book(&format!("kbd-{i}"), t))
        .collect();
    let file = write_marc(fixtures.path(), "five.mrc", &records);

    run(TEST, std::slice::from_ref(&file), |app: App| async move {
        let counts = app.confirm_import(&["five.mrc"], WAIT).await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 5,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;
        app.wait_search_focused("closing the import summary").await;

        let results = app.search("zephyrine").await;
        assert_eq!(results.count, "5 records", "{results:?}");
        let mut shown: Vec<&str> = results.rows.iter().map(|r| r.title.as_str()).collect();
        shown.sort_unstable();
        assert_eq!(shown, titles, "the five titles are listed");
        assert_eq!(
            app.selected_result().await,
            Some(0),
            "the first result is selected when results arrive"
        );

        // The keyboard stays in the search box (a combobox) while the selection moves.
        app.press(Key::Down).await;
        app.wait_selected(1, "ArrowDown").await;
        app.press(Key::Down).await;
        app.wait_selected(2, "ArrowDown twice").await;
        app.press(Key::Up).await;
        app.wait_selected(1, "ArrowUp").await;
        assert_eq!(
            app.focused_testid().await.as_deref(),
            Some("search"),
            "focus stays in the search box"
        );

        // `/` and Ctrl+K come back to the search box from elsewhere (a section without a text
        // field, Deleted records: in one, such as the desk's card field, `/` is typed as a
        // character).
        app.shown("nav-trash")
            .await
            .click()
            .await
            .expect("click Deleted records");
        app.gone("search").await;
        assert_ne!(app.focused_testid().await.as_deref(), Some("search"));
        app.press("/").await;
        app.wait_search_focused("pressing /").await;
        let value = app
            .shown("search")
            .await
            .prop("value")
            .await
            .expect("value");
        assert_eq!(
            value.as_deref(),
            Some("zephyrine"),
            "`/` keeps the query (and types no slash)"
        );

        app.shown("nav-trash")
            .await
            .click()
            .await
            .expect("click Deleted records");
        app.gone("search").await;
        app.press_ctrl("k").await;
        app.wait_search_focused("pressing Ctrl+K").await;
        let (value, start, end): (String, u32, u32) = app
            .js("const b = document.querySelector('[data-testid=search]'); return [b.value, b.selectionStart, b.selectionEnd];")
            .await;
        assert_eq!(value, "zephyrine", "Ctrl+K keeps the query");
        assert_eq!(
            (start, end),
            (0, 9),
            "Ctrl+K selects the query so typing replaces it"
        );
        assert_eq!(
            app.selected_result().await,
            Some(1),
            "the selection survives leaving the catalogue"
        );

        // Enter opens the selected record; Esc comes back to the same results.
        let expected = results.rows[1].title.clone();
        app.press(Key::Enter).await;
        assert_eq!(
            app.record_title().await,
            expected,
            "Enter opens the selected result"
        );
        app.gone("search").await;
        app.press(Key::Escape).await;
        app.gone("record-view").await;
        app.wait_search_focused("Esc from the record").await;
        let back = app.settled_results("zephyrine").await;
        assert_eq!(back.rows.len(), 5, "{back:?}");
        assert_eq!(
            app.selected_result().await,
            Some(1),
            "the same result stays selected"
        );
        let value = app
            .shown("search")
            .await
            .prop("value")
            .await
            .expect("value");
        assert_eq!(
            value.as_deref(),
            Some("zephyrine"),
            "the search box still holds the query"
        );
    });

    // A second start: Cancel on the confirmation dialog imports nothing.
    run(&format!("{TEST}-cancel"), &[file], |app: App| async move {
        let dialog = app.shown("pending-files").await;
        assert!(dialog.text().await.expect("files").contains("five.mrc"));
        let cancel = app
            .driver
            .find(By::XPath(
                "//*[@role='dialog']//button[normalize-space()='Cancel']",
            ))
            .await
            .expect("the Cancel button of the confirmation dialog");
        cancel.click().await.expect("click Cancel");
        app.gone("pending-files").await;
        let dialogs = app
            .driver
            .find_all(By::Css("[role=dialog]"))
            .await
            .expect("dialogs");
        assert!(dialogs.is_empty(), "no dialog after Cancel");
        app.wait_search_focused("cancelling the import").await;

        app.wait_text("library-records", "0 records").await;
        app.wait_number("library-records", 0).await;
        let results = app.settled_results("").await;
        assert_eq!(results.count, "0 records", "{results:?}");
        assert_empty_message_under_count(&app, "The catalogue is empty.").await;

        let results = app.search("zephyrine").await;
        assert_eq!(results.count, "0 records", "{results:?}");
        assert!(results.rows.is_empty(), "{results:?}");
        assert_empty_message_under_count(&app, "No records match “zephyrine”.").await;
    });
}

/// The empty-results message reads `first_line` and sits just under the count line (not at the
/// far bottom of the window, where it is easily missed).
async fn assert_empty_message_under_count(app: &App, first_line: &str) {
    let (text, gap): (String, f64) = app
        .js(
            "const msg = document.querySelector('.search-view .empty');
             const count = document.querySelector('[data-testid=result-count]');
             if (!msg || !count) return ['', -1];
             return [msg.innerText.trim(), msg.getBoundingClientRect().top - count.getBoundingClientRect().bottom];",
        )
        .await;
    assert!(
        text.starts_with(first_line),
        "the empty-results message should start {first_line:?}; it reads {text:?}"
    );
    assert!(
        (0.0..80.0).contains(&gap),
        "the empty-results message should sit under the count line; it is {gap} px below it"
    );
}

#[test]
fn dropped_files_are_imported_with_the_chosen_duplicate_policy() {
    const TEST: &str = "dropped_files_are_imported_with_the_chosen_duplicate_policy";
    let fixtures = tempfile::tempdir().expect("temporary folder");
    let file = write_marc(
        fixtures.path(),
        "two.mrc",
        &[
            book("drop-1", "Quillwort field notes"),
            book("drop-2", "Quillwort herbarium catalogue"),
        ],
    );
    let shots = artifacts_dir();

    run(TEST, &[], move |app: App| async move {
        app.wait_search_focused("start").await;
        // Listening for drops worked (a refused `listen` would show a banner).
        let banners: Vec<String> = app
            .js("return [...document.querySelectorAll('.problems [role=alert]')].map(e => e.textContent.trim());")
            .await;
        assert!(banners.is_empty(), "banners at start: {banners:?}");
        eventually("the page to listen for dropped files", WAIT, || async {
            let n: usize = app
                .js("return Object.getOwnPropertyNames((window.__internal_unstable_listeners_object_id__ || {})['tauri://drag-drop'] || {}).length;")
                .await;
            if n > 0 { Ok(()) } else { Err("no drag-drop listener".to_string()) }
        })
        .await;

        // Hovering shows the overlay; leaving hides it.
        assert_eq!(
            app.native_file_drag("enter", &[&file]).await,
            1,
            "drag-enter listeners"
        );
        app.native_file_drag("over", &[]).await;
        let overlay = app
            .shown("drop-overlay")
            .await
            .text()
            .await
            .expect("overlay text");
        assert!(overlay.contains("Drop MARC files to import"), "{overlay:?}");
        let _ = app
            .screenshot(&shots.join(format!("{TEST}-overlay.png")))
            .await;
        app.native_file_drag("leave", &[]).await;
        app.gone("drop-overlay").await;

        // A drop the page made up (its event only, not the window system's) is refused by the
        // shell: nothing is read.
        app.native_file_drag("enter", &[&file]).await;
        app.native_file_drag("drop", &[&file]).await;
        app.gone("drop-overlay").await;
        app.shown("pending-files").await;
        app.shown("confirm-import")
            .await
            .click()
            .await
            .expect("click Import");
        let refused = eventually("the refusal", WAIT, || async {
            let t: String = app
                .js("return document.querySelector('[role=dialog] [role=alert]')?.textContent ?? '';")
                .await;
            if t.is_empty() { Err("no alert yet".to_string()) } else { Ok(t) }
        })
        .await;
        assert!(
            refused.contains("two.mrc") && refused.contains("does not read it"),
            "{refused:?}"
        );
        app.close_summary().await;
        app.wait_number("library-records", 0).await;

        // Each real drop (an X drag-and-drop from another window) asks first, with the policy
        // chosen in the dialog.
        let cases: [(&str, &str, u64, u64); 4] = [
            // policy, count shown, imported, that count. The same file again is unchanged,
            // whatever the policy: nothing written, nothing to look at.
            ("skip", "import-skipped", 2, 0),
            ("merge", "import-unchanged", 0, 2),
            ("add", "import-imported", 2, 2),
            ("skip", "import-unchanged", 0, 2),
        ];
        for (round, (policy, count_id, imported, count)) in cases.into_iter().enumerate() {
            real_drop(&file).await;
            app.gone("drop-overlay").await;
            let question = app
                .driver
                .find(By::Id("import-question"))
                .await
                .expect("the confirmation's question")
                .text()
                .await
                .expect("question text");
            assert_eq!(
                question,
                "You dropped this file on Carrel. Import its records into the library?"
            );
            app.shown(&format!("duplicates-{policy}"))
                .await
                .click()
                .await
                .expect("choose the policy");
            let counts = app.confirm_import(&["two.mrc"], WAIT).await;
            assert_eq!(
                (counts.imported, app.number(count_id).await),
                (imported, count),
                "round {round} ({policy}): imported and {count_id}"
            );
            if policy == "merge" {
                let kinds: Vec<String> = app
                    .js("return [...document.querySelectorAll('[data-testid=import-problems] td.kind')].map(td => td.textContent.trim());")
                    .await;
                assert!(
                    kinds.is_empty(),
                    "records found unchanged are no problem: {kinds:?}"
                );
                let _ = app
                    .screenshot(&shots.join(format!("{TEST}-merged.png")))
                    .await;
            }
            app.close_summary().await;
        }
        app.wait_number("library-records", 4).await;
        let results = app.search("quillwort").await;
        assert_eq!(results.count, "4 records", "{results:?}");
    });
}

#[test]
fn import_and_save_report_go_through_the_shells_own_dialogs() {
    const TEST: &str = "import_and_save_report_go_through_the_shells_own_dialogs";
    let fixtures = tempfile::tempdir().expect("temporary folder");
    let file = write_marc(
        fixtures.path(),
        "chosen.mrc",
        &[book("dlg-1", "Saxifrage monographs")],
    );
    let report = fixtures.path().join("report.txt");
    run(TEST, &[], move |app: App| async move {
        app.wait_search_focused("start").await;
        // Import MARC…: the shell opens the GTK open dialog; the person types the path.
        app.shown("import-button")
            .await
            .click()
            .await
            .expect("click Import MARC…");
        answer_file_dialog("Import MARC records", &file, FileDialog::Open).await;
        let counts = app.confirm_import(&["chosen.mrc"], WAIT).await;
        assert_eq!(counts.imported, 1, "imported");
        // Save report…: the shell opens the GTK save dialog, proposing import-report.txt.
        app.shown("save-report")
            .await
            .click()
            .await
            .expect("click Save report…");
        answer_file_dialog("Save import report", &report, FileDialog::Save).await;
        let saved = app.shown("report-saved").await.text().await.expect("saved");
        assert!(saved.ends_with("report.txt"), "{saved:?}");
        let text = std::fs::read_to_string(&report).expect("the report was written");
        assert!(text.contains("chosen.mrc"), "{text}");
        app.close_summary().await;
        app.wait_number("library-records", 1).await;
    });
}

/// Drops `file` on Carrel's window as a person would: a drag from another X window
/// (`src/bin/drag_source.rs`) moved with xdotool and released over the window.
async fn real_drop(file: &Path) {
    use std::process::{Command, Stdio};
    let mut source = Command::new(env!("CARGO_BIN_EXE_drag_source"))
        .args(["1100", "760"])
        .arg(file)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the drag source");
    let window = eventually("the drag source's window", WAIT, || async {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "carrel-drag-source"])
            .output()
            .map_err(|e| format!("xdotool: {e}"))?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .map(str::to_string)
            .ok_or_else(|| "no window yet".to_string())
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let xdo = |args: &[&str]| {
        let st = Command::new("xdotool")
            .args(args)
            .status()
            .expect("xdotool");
        assert!(st.success(), "xdotool {args:?}");
    };
    xdo(&["windowraise", &window]);
    xdo(&["mousemove", "1180", "820"]);
    xdo(&["mousedown", "1"]);
    // Past GTK's drag threshold, then across to the middle of Carrel's window, in steps so that
    // each window sees the pointer move.
    for (x, y) in [
        (1170, 810),
        (1150, 790),
        (1000, 700),
        (800, 550),
        (600, 420),
        (500, 350),
    ] {
        xdo(&["mousemove", &x.to_string(), &y.to_string()]);
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    }
    xdo(&["mouseup", "1"]);
    // The source quits when its drag ends.
    let deadline = std::time::Instant::now() + WAIT;
    while source.try_wait().expect("drag source").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = source.kill();
            panic!("the drag did not end");
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Record 987 of jazz_1k.mrc (it has no 001): 245 03 $a `Le th{E2}e{E3}atre de Pagnol :`
/// $b `personnages et th{E1}emes dans les oeuvres de jeunesse /` in MARC-8, where E2 is the
/// combining acute, E3 the circumflex and E1 the grave, each written before its letter.
const PAGNOL_TITLE: &str =
    "Le th\u{e9}\u{e2}tre de Pagnol : personnages et th\u{e8}mes dans les oeuvres de jeunesse";
/// Record 188 of jazz_1k.mrc (001 `03-0017438`): 245 1_ $a `The K{E8}oln concert`, E8 the
/// combining diaeresis.
const KOLN_TITLE: &str = "The K\u{f6}ln concert";

#[test]
fn imports_marc8_records_and_shows_their_accented_titles() {
    const TEST: &str = "imports_marc8_records_and_shows_their_accented_titles";
    let Some(file) = carrel_e2e::shared_file(TEST, "marc/evergreen/jazz_1k.mrc") else {
        return;
    };
    let shots = artifacts_dir();

    run(TEST, &[file], move |app: App| async move {
        // The confirmation offers the duplicate policies as radio buttons, "skip" chosen.
        app.shown("pending-files").await;
        let policies: Vec<(String, bool)> = app
            .js("return [...document.querySelectorAll('input[name=duplicates]')].map(r => [r.value, r.checked]);")
            .await;
        assert_eq!(
            policies,
            [("skip", true), ("merge", false), ("add", false)].map(|(v, c)| (v.to_string(), c)),
            "the duplicate policies and the default"
        );

        // The keyboard reaches them: focus starts on Import, Shift+Tab goes to the chosen policy,
        // the arrow keys choose another.
        eventually("Import to have focus", WAIT, || async {
            match app.focused_testid().await.as_deref() {
                Some("confirm-import") => Ok(()),
                _ => Err(app.focused_description().await),
            }
        })
        .await;
        app.driver
            .action_chain()
            .key_down(Key::Shift)
            .send_keys(Key::Tab)
            .key_up(Key::Shift)
            .perform()
            .await
            .expect("Shift+Tab");
        assert_eq!(
            app.focused_testid().await.as_deref(),
            Some("duplicates-skip"),
            "Shift+Tab from Import reaches the chosen policy; focus on {}",
            app.focused_description().await
        );
        app.press(Key::Down).await;
        wait_policy(&app, "merge").await;
        app.press(Key::Up).await;
        wait_policy(&app, "skip").await;
        let _ = app
            .screenshot(&shots.join(format!("{TEST}-confirm.png")))
            .await;

        let counts = app
            .confirm_import(&["jazz_1k.mrc"], Duration::from_secs(120))
            .await;
        assert_eq!(counts.imported, 1000, "records imported: {counts:?}");
        let _ = app
            .screenshot(&shots.join(format!("{TEST}-summary.png")))
            .await;
        app.close_summary().await;
        app.wait_search_focused("closing the import summary").await;
        app.wait_number("library-records", 1000).await;

        // A title with three MARC-8 diacritics, found by a word without any.
        let results = app.search("personnages").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        assert_eq!(
            results.rows[0].title, PAGNOL_TITLE,
            "the result row's title"
        );
        app.press(Key::Enter).await;
        let title = app.record_title().await;
        assert!(
            !title.contains('\u{fffd}'),
            "the title shows U+FFFD: MARC-8 was not decoded: {title:?}"
        );
        assert_eq!(title, PAGNOL_TITLE, "the record view's title");
        let marc = app
            .shown("record-marc")
            .await
            .text()
            .await
            .expect("MARC text");
        assert!(
            marc.contains("$aLe th\u{e9}\u{e2}tre de Pagnol :"),
            "the MARC shows 245 $a decoded:\n{marc}"
        );

        // Export… offers this record by its title (and the other choices).
        app.shown("export-button")
            .await
            .click()
            .await
            .expect("click Export…");
        let scope = app
            .shown("export-scope")
            .await
            .text()
            .await
            .expect("export choices");
        assert!(
            scope.contains(&format!("\u{201c}{PAGNOL_TITLE}\u{201d}")),
            "the export dialog offers this record by its title: {scope:?}"
        );
        assert!(
            scope.contains("1 record matching \u{201c}personnages\u{201d}"),
            "{scope:?}"
        );
        assert!(scope.contains("1,000 records"), "{scope:?}");
        let _ = app
            .screenshot(&shots.join(format!("{TEST}-export.png")))
            .await;
        app.press(Key::Escape).await;
        app.gone("export-dialog").await;

        app.press(Key::Escape).await;
        app.gone("record-view").await;
        app.wait_search_focused("Esc from the record").await;

        // Searching without the umlaut finds the record with it.
        let results = app.search("koln").await;
        assert_eq!(results.count, "1 record", "{results:?}");
        assert_eq!(results.rows[0].title, KOLN_TITLE, "the result row's title");
    });
}

/// Waits until the duplicate policy `value` is the checked one.
async fn wait_policy(app: &App, value: &str) {
    eventually(
        &format!("the {value} policy to be chosen"),
        WAIT,
        || async {
            let checked: Option<String> = app
            .js("return document.querySelector('input[name=duplicates]:checked')?.value ?? null;")
            .await;
            let focused = app.focused_testid().await;
            if checked.as_deref() == Some(value)
                && focused.as_deref() == Some(&format!("duplicates-{value}"))
            {
                Ok(())
            } else {
                Err(format!("checked {checked:?}, focus on {focused:?}"))
            }
        },
    )
    .await;
}
