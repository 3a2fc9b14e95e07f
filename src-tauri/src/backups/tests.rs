//! When the daily backup is due.

use super::*;

fn status(last: Option<&str>, failed: Option<&str>) -> BackupStatus {
    BackupStatus {
        last: last.map(|at| LastBackup {
            at: at.into(),
            automatic: true,
            report: BackupReport {
                path: "/b/x.sqlite".into(),
                bytes: 1,
                counts: Default::default(),
                integrity: "ok".into(),
            },
        }),
        failure: failed.map(|at| BackupFailure {
            at: at.into(),
            automatic: true,
            message: "no".into(),
        }),
    }
}

#[test]
fn the_daily_backup_is_due_after_a_day_and_not_within_the_hour_after_a_failure() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-05-02T10:00:00+02:00").unwrap();
    assert!(daily_due(&status(None, None), at));
    assert!(!daily_due(
        &status(Some("2026-05-01T12:00:00+02:00"), None),
        at
    ));
    assert!(daily_due(
        &status(Some("2026-05-01T10:00:00+02:00"), None),
        at
    ));
    assert!(!daily_due(
        &status(None, Some("2026-05-02T09:30:00+02:00")),
        at
    ));
    assert!(daily_due(
        &status(None, Some("2026-05-02T08:30:00+02:00")),
        at
    ));
}
