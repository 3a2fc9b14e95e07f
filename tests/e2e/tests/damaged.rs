//! End-to-end: a damaged library in the real window (issue 12, "Honest refusals"). The library
//! file has garbage over pages in the middle (as `tests/damaged.rs` damages one) and a backup in
//! the `backups` folder beside it. The window opens it for reading, shows a banner that stays
//! (role="alert") naming the newest backup with a button to Settings → Backups → Restore…, a
//! change is refused saying why, and the page has no accessibility violation. Restoring that
//! backup there mends it: the banner goes and changes are saved again. A library over 200 MB is
//! not checked at opening: the window checks it in the background and shows the same banner.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use carrel::storage::backup::backup;
use carrel::{Library, Timestamp};
use carrel_e2e::{answer_file_dialog, eventually, run_prepared, App, FileDialog, WAIT};
use carrel_marc::Record;

fn records(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            Record::new()
                .with_control("001", &format!("d{i:06}"))
                .with_control("008", "200101s2020    enk           000 0 eng d")
                .with_data("100", "1 ", &[('a', &format!("Author {i}, Jane."))])
                .with_data(
                    "245",
                    "10",
                    &[(
                        'a',
                        &format!("Collected papers on contract law, volume {i}"),
                    )],
                )
                .with_data(
                    "520",
                    "  ",
                    &[('a', &"A long summary of the volume. ".repeat(8))],
                )
        })
        .collect()
}

/// A library of 600 records with one backup in `backups` beside it; returns the backup's path.
fn make_library(path: &Path) -> PathBuf {
    let at = |t: &str| Timestamp::parse(t).expect("a timestamp");
    let mut lib = Library::open(path).expect("a new library");
    carrel::catalogue::add_records(
        &mut lib,
        &records(600),
        "test",
        at("2026-12-01T09:00:00+00:00"),
    )
    .expect("records added");
    let folder = path.parent().unwrap().join("backups");
    std::fs::create_dir(&folder).expect("the backups folder");
    let report = backup(&lib, &folder, at("2026-12-06T17:00:00+00:00")).expect("a backup");
    drop(lib);
    PathBuf::from(report.path)
}

/// Writes garbage over one page in the middle of the (closed) library file: the root page of the
/// record history (`record_versions`), which the window does not read until a record's history
/// is opened, so that the window can still list and search while the check finds the damage.
fn damage(path: &Path) {
    let c = rusqlite::Connection::open(path).expect("open the library");
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    let page: i64 = c
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    let root: i64 = c
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'record_versions'",
            [],
            |r| r.get(0),
        )
        .expect("the record history's root page");
    drop(c);
    let (page, root) = (page as usize, root as usize);
    let mut bytes = std::fs::read(path).expect("read the library");
    assert!(root > 2 && root * page <= bytes.len(), "page {root}");
    let start = (root - 1) * page;
    for (i, b) in bytes[start..start + page].iter_mut().enumerate() {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(path, bytes).expect("write the damage");
}

async fn click(app: &App, id: &str) {
    app.shown(id)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click [data-testid={id}]: {e}"));
}

#[test]
fn a_damaged_library_shows_a_banner_naming_the_newest_backup_and_refuses_changes() {
    const TEST: &str =
        "a_damaged_library_shows_a_banner_naming_the_newest_backup_and_refuses_changes";
    let newest = Arc::new(Mutex::new(None::<PathBuf>));
    let made = newest.clone();
    run_prepared(
        TEST,
        &[],
        move |library| {
            let b = make_library(library);
            damage(library);
            *made.lock().unwrap() = Some(b);
        },
        move |app: App| async move {
            let newest = newest.lock().unwrap().clone().expect("the backup was made");

            // The banner: persistent, an alert, naming the newest backup.
            let banner = app.shown("damaged-banner").await;
            assert_eq!(
                banner.attr("role").await.expect("role").as_deref(),
                Some("alert")
            );
            let text = banner.text().await.expect("banner text");
            assert!(text.contains("This library is damaged."), "{text}");
            assert!(
                text.contains("carrel-backup-2026-12-06-170000.sqlite"),
                "names the newest backup: {text}"
            );
            assert!(!text.contains("Dismiss"), "the banner stays: {text}");
            let named = app
                .shown("damaged-newest-backup")
                .await
                .attr("data-path")
                .await
                .expect("data-path");
            assert_eq!(named.map(PathBuf::from), Some(newest.clone()));
            let found = app.axe_violations().await;
            assert!(
                found.is_empty(),
                "{}",
                carrel_e2e::axe::describe(&[("the damaged library's banner".into(), found)])
            );
            // Reading still works: the sidebar counts the records.
            app.wait_number("library-records", 600).await;
            app.shot(&format!("{TEST}-banner")).await;

            // A change is refused, saying why and what to do.
            click(&app, "new-record-button").await;
            click(&app, "template-looseleaf").await;
            click(&app, "template-create").await;
            app.shown("form-title")
                .await
                .send_keys("Written into a damaged library")
                .await
                .expect("type the title");
            click(&app, "editor-save").await;
            let refusal: String = eventually("the refusal", WAIT, || async {
                let alerts: Vec<String> = app
                    .js(
                        "return Array.from(document.querySelectorAll('[role=\"alert\"]'))\
                         .filter((e) => e.dataset.testid !== 'damaged-banner')\
                         .map((e) => e.textContent);",
                    )
                    .await;
                alerts
                    .into_iter()
                    .find(|t| t.contains("is damaged"))
                    .ok_or_else(|| "no refusal shown yet".to_string())
            })
            .await;
            assert!(
                refusal.contains("Carrel does not write into it"),
                "{refusal}"
            );
            assert!(
                refusal.contains(&newest.display().to_string()),
                "the refusal names the newest backup: {refusal}"
            );
            assert!(refusal.contains("Restore…"), "{refusal}");
            app.shot(&format!("{TEST}-refused")).await;

            // The banner's button: Settings → Backups, the focus on Restore….
            click(&app, "damaged-restore").await;
            app.shown("backups-section").await;
            let focused = eventually("Restore… focused", Duration::from_secs(5), || async {
                match app.focused_testid().await {
                    Some(id) if id == "backup-restore" => Ok(id),
                    other => Err(format!("focus on {other:?}")),
                }
            })
            .await;
            assert_eq!(focused, "backup-restore");
            app.shown("damaged-banner").await;
            let found = app.axe_violations().await;
            assert!(
                found.is_empty(),
                "{}",
                carrel_e2e::axe::describe(&[("Settings of a damaged library".into(), found)])
            );

            // Restoring the newest backup mends it: the banner goes and changes are saved again.
            click(&app, "backup-restore").await;
            answer_file_dialog("Restore a backup", &newest, FileDialog::Open).await;
            app.shown_within("restore-comparison", Duration::from_secs(30))
                .await;
            app.wait_text("restore-backup-records", "600").await;
            click(&app, "restore-confirm").await;
            app.shown_within("restore-done", Duration::from_secs(30))
                .await;
            click(&app, "restore-close").await;
            app.gone("restore-dialog").await;
            app.gone("damaged-banner").await;
            click(&app, "nav-catalogue").await;
            click(&app, "new-record-button").await;
            click(&app, "template-looseleaf").await;
            click(&app, "template-create").await;
            app.shown("form-title")
                .await
                .send_keys("Written after the restore")
                .await
                .expect("type the title");
            click(&app, "editor-save").await;
            app.shown("record-saved").await;
            app.wait_number("library-records", 601).await;
        },
    );
}

/// A library over 200 MB is not checked at opening: the window checks it in the background on a
/// connection of its own, and when that finds damage the banner appears and changes are refused.
#[test]
fn a_large_library_is_checked_in_the_background_and_its_damage_shown() {
    const TEST: &str = "a_large_library_is_checked_in_the_background_and_its_damage_shown";
    run_prepared(
        TEST,
        &[],
        |library| {
            let at = Timestamp::parse("2026-12-01T09:00:00+00:00").expect("a timestamp");
            let mut lib = Library::open(library).expect("a new library");
            carrel::catalogue::add_records(&mut lib, &records(100), "test", at)
                .expect("records added");
            drop(lib);
            // Over the 200 MB checked at opening: pages of a table made and dropped stay in the
            // file as free pages.
            let c = rusqlite::Connection::open(library).expect("open the library");
            c.execute_batch(
                "CREATE TABLE bloat (b BLOB);
                 INSERT INTO bloat VALUES (zeroblob(210 * 1024 * 1024));
                 DROP TABLE bloat;",
            )
            .expect("make the file large");
            drop(c);
            assert!(
                std::fs::metadata(library).expect("the library").len()
                    > carrel::storage::QUICK_CHECK_MAX_BYTES
            );
            damage(library);
        },
        |app: App| async move {
            let banner = app
                .shown_within("damaged-banner", Duration::from_secs(60))
                .await;
            let text = banner.text().await.expect("banner text");
            assert!(text.contains("This library is damaged."), "{text}");
            app.shown("damaged-no-backup").await;
            app.wait_number("library-records", 100).await;

            click(&app, "new-record-button").await;
            click(&app, "template-looseleaf").await;
            click(&app, "template-create").await;
            app.shown("form-title")
                .await
                .send_keys("Written into a damaged library")
                .await
                .expect("type the title");
            click(&app, "editor-save").await;
            let refusal: String = eventually("the refusal", WAIT, || async {
                let alerts: Vec<String> = app
                    .js(
                        "return Array.from(document.querySelectorAll('[role=\"alert\"]'))\
                         .filter((e) => e.dataset.testid !== 'damaged-banner')\
                         .map((e) => e.textContent);",
                    )
                    .await;
                alerts
                    .into_iter()
                    .find(|t| t.contains("is damaged"))
                    .ok_or_else(|| "no refusal shown yet".to_string())
            })
            .await;
            assert!(
                refusal.contains("Carrel does not write into it"),
                "{refusal}"
            );
            app.wait_number("library-records", 100).await;
        },
    );
}
