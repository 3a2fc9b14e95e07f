//! End-to-end: Settings → Backups in the real window (issue 12, "Backups and restore"): "Back up
//! now" shows the backup and its check; a record added afterwards is gone again once the backup
//! is restored, chosen in the native open dialog (answered by typing the path with xdotool, as a
//! person would type it) after the comparison of the backup with the library was confirmed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::{answer_file_dialog, run, App, FileDialog, ImportCounts};
use carrel_marc::{write_iso2709, Record};

fn records(dir: &Path) -> PathBuf {
    let book = |id: &str, title: &str| {
        Record::new()
            .with_control("001", id)
            .with_control("008", "200101s2020    enk           000 0 eng d")
            .with_data("245", "10", &[('a', title)])
    };
    let mut bytes = Vec::new();
    bytes.extend(write_iso2709(&book(
        "k1",
        "Arbitration law before the courts",
    )));
    bytes.extend(write_iso2709(&book("k2", "Mediation practice")));
    bytes.extend(write_iso2709(&book("k3", "Adjudication in construction")));
    let path = dir.join("backups.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

#[test]
fn a_backup_taken_in_settings_is_restored_and_the_record_added_since_is_gone() {
    const TEST: &str = "a_backup_taken_in_settings_is_restored_and_the_record_added_since_is_gone";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = records(dir.path());

    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["backups.mrc"], Duration::from_secs(60))
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
        app.wait_number("library-records", 3).await;

        // Settings → Backups → Back up now: the last backup shows with its check.
        app.click("nav-settings").await;
        app.shown("backups-section").await;
        app.click("backup-now").await;
        app.shown_within("backup-done", Duration::from_secs(30))
            .await;
        let check = app.shown("backup-last-check").await;
        let text = check.text().await.expect("check text");
        assert!(
            text.starts_with("checked: ok (3 records, 0 items"),
            "the last backup's check: {text}"
        );
        let backup = app
            .shown("backup-last-file")
            .await
            .attr("data-path")
            .await
            .expect("data-path")
            .expect("the backup's path");
        let backup = PathBuf::from(backup);
        assert!(backup.is_file(), "{} was written", backup.display());
        assert_eq!(
            backup.parent(),
            Some(app.library.parent().unwrap().join("backups").as_path()),
            "the default folder is `backups` beside the library"
        );
        app.js::<()>(
            "document.querySelector(\"[data-testid='backups-section']\").scrollIntoView();",
        )
        .await;
        app.shot(&format!("{TEST}-backups")).await;
        let found = app.axe_violations().await;
        assert!(
            found.is_empty(),
            "{}",
            carrel_e2e::axe::describe(&[("settings with a backup".into(), found)])
        );

        // Add a record.
        app.click("nav-catalogue").await;
        app.click("new-record-button").await;
        app.click("template-looseleaf").await;
        app.click("template-create").await;
        app.shown("form-title")
            .await
            .send_keys("Added after the backup")
            .await
            .expect("type the title");
        app.click("editor-save").await;
        app.shown("record-saved").await;
        app.wait_number("library-records", 4).await;

        // Restore… the backup: the comparison, then confirm.
        app.click("nav-settings").await;
        app.click("backup-restore").await;
        answer_file_dialog("Restore a backup", &backup, FileDialog::Open).await;
        app.shown_within("restore-comparison", Duration::from_secs(30))
            .await;
        app.wait_text("restore-backup-records", "3").await;
        app.wait_text("restore-current-records", "4").await;
        app.shot(&format!("{TEST}-comparison")).await;
        let found = app.axe_violations().await;
        assert!(
            found.is_empty(),
            "{}",
            carrel_e2e::axe::describe(&[("the restore comparison".into(), found)])
        );
        app.click("restore-confirm").await;
        let done = app
            .shown_within("restore-done", Duration::from_secs(30))
            .await;
        assert_eq!(
            done.attr("data-records").await.expect("attr").as_deref(),
            Some("3")
        );
        app.click("restore-close").await;
        app.gone("restore-dialog").await;

        // The window sees the backup's content: the sidebar's count is back to 3.
        app.wait_number("library-records", 3).await;
        let safety: Vec<String> = std::fs::read_dir(backup.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("carrel-before-restore-"))
            .collect();
        assert_eq!(safety.len(), 1, "the library was backed up first");
        app.click("nav-catalogue").await;
        let results = app.search("Added after the backup").await;
        assert!(
            results.rows.is_empty(),
            "the record added after the backup is gone: {results:?}"
        );
    });
}
