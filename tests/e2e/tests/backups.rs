//! End-to-end: Settings → Backups in the real window (issue 12, "Backups and restore"): "Back up
//! now" shows the backup and its check; a record added afterwards is gone again once the backup
//! is restored, chosen in the native open dialog (answered by typing the path with xdotool, as a
//! person would type it) after the comparison of the backup with the library was confirmed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use carrel_e2e::{artifacts_dir, eventually, run, App, ImportCounts};
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

async fn click(app: &App, id: &str) {
    app.shown(id)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click [data-testid={id}]: {e}"));
}

async fn shot(app: &App, name: &str) {
    let _ = app
        .screenshot(&artifacts_dir().join(format!("{name}.png")))
        .await;
}

/// Types `path` into the GTK open dialog titled `title` and presses Return.
async fn answer_open_dialog(title: &str, path: &Path) {
    let window = eventually(
        "the native open dialog",
        Duration::from_secs(20),
        || async {
            let out = Command::new("xdotool")
                .args(["search", "--name", title])
                .output()
                .map_err(|e| format!("xdotool: {e}"))?;
            let id = String::from_utf8_lossy(&out.stdout)
                .lines()
                .last()
                .map(str::to_string);
            id.filter(|s| !s.is_empty())
                .ok_or_else(|| "no window yet".to_string())
        },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let run = |args: &[&str]| {
        let st = Command::new("xdotool")
            .args(args)
            .status()
            .expect("xdotool");
        assert!(st.success(), "xdotool {args:?}");
    };
    run(&["windowfocus", "--sync", &window]);
    // Ctrl+L opens the location field of the GTK file chooser.
    run(&["key", "--window", &window, "ctrl+l"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["key", "--window", &window, "ctrl+a"]);
    run(&[
        "type",
        "--window",
        &window,
        "--delay",
        "15",
        &path.display().to_string(),
    ]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    run(&["key", "--window", &window, "Return"]);
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
        click(&app, "nav-settings").await;
        app.shown("backups-section").await;
        click(&app, "backup-now").await;
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
        shot(&app, &format!("{TEST}-backups")).await;
        let found = app.axe_violations().await;
        assert!(
            found.is_empty(),
            "{}",
            carrel_e2e::axe::describe(&[("settings with a backup".into(), found)])
        );

        // Add a record.
        click(&app, "nav-catalogue").await;
        click(&app, "new-record-button").await;
        click(&app, "template-looseleaf").await;
        click(&app, "template-create").await;
        app.shown("form-title")
            .await
            .send_keys("Added after the backup")
            .await
            .expect("type the title");
        click(&app, "editor-save").await;
        app.shown("record-saved").await;
        app.wait_number("library-records", 4).await;

        // Restore… the backup: the comparison, then confirm.
        click(&app, "nav-settings").await;
        click(&app, "backup-restore").await;
        answer_open_dialog("Restore a backup", &backup).await;
        app.shown_within("restore-comparison", Duration::from_secs(30))
            .await;
        app.wait_text("restore-backup-records", "3").await;
        app.wait_text("restore-current-records", "4").await;
        shot(&app, &format!("{TEST}-comparison")).await;
        let found = app.axe_violations().await;
        assert!(
            found.is_empty(),
            "{}",
            carrel_e2e::axe::describe(&[("the restore comparison".into(), found)])
        );
        click(&app, "restore-confirm").await;
        let done = app
            .shown_within("restore-done", Duration::from_secs(30))
            .await;
        assert_eq!(
            done.attr("data-records").await.expect("attr").as_deref(),
            Some("3")
        );
        click(&app, "restore-close").await;
        app.gone("restore-dialog").await;

        // The window sees the backup's content: the sidebar's count is back to 3.
        app.wait_number("library-records", 3).await;
        let safety: Vec<String> = std::fs::read_dir(backup.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("carrel-before-restore-"))
            .collect();
        assert_eq!(safety.len(), 1, "the library was backed up first");
        click(&app, "nav-catalogue").await;
        let results = app.search("Added after the backup").await;
        assert!(
            results.rows.is_empty(),
            "the record added after the backup is gone: {results:?}"
        );
    });
}
