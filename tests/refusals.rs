//! Honest refusals (issue 12): files that are not libraries, loan periods no library means,
//! records ISO 2709 cannot carry, exports of nothing, files Carrel must not replace or litter,
//! imports of files with no records, and numbers that are not what they claim.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::add_records;
use carrel::catalogue::export::{
    export_to_path, ExportEncoding, ExportFormat, ExportSummary, Selection,
};
use carrel::catalogue::standard_numbers::{issn, validate, NumberKind};
use carrel::circulation::{self as circ, Calendar, LoanRule};
use carrel::{ErrorKind, Library, RecordId};
use carrel_marc::Record;
use common::*;

fn export(
    lib: &Library,
    sel: Selection,
    format: ExportFormat,
    path: &Path,
) -> carrel::Result<ExportSummary> {
    export_to_path(
        lib,
        &sel,
        format,
        ExportEncoding::Utf8,
        path,
        &AtomicBool::new(false),
        &mut |_| {},
    )
}

// 1. An empty file is not a library.
#[test]
fn an_empty_file_is_refused_as_a_library_and_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();
    let err = Library::open(&empty).err().expect("refused");
    assert_eq!(err.kind(), ErrorKind::NotALibrary);
    let text = err.to_string();
    assert!(text.contains("empty.sqlite is empty"), "{text}");
    assert!(text.contains("not a Carrel library"), "{text}");
    assert_eq!(
        std::fs::metadata(&empty).unwrap().len(),
        0,
        "left as it was"
    );
    // The same through the door every program uses.
    assert_eq!(
        carrel::open_library(Some(&empty), now())
            .err()
            .unwrap()
            .kind(),
        ErrorKind::NotALibrary
    );
    // A path that does not exist is still a new library.
    let new = dir.path().join("new.sqlite");
    Library::open(&new).unwrap();
    assert!(std::fs::metadata(&new).unwrap().len() > 0);
    // And a library reopens.
    Library::open(&new).unwrap();
}

// 2. A negative schema version is damage, not a newer Carrel.
#[test]
fn a_negative_schema_version_is_not_called_a_newer_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.sqlite");
    {
        let lib = Library::open(&path).unwrap();
        drop(lib);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Library::open(&path).err().expect("refused");
    assert_eq!(err.kind(), ErrorKind::NotALibrary);
    let text = err.to_string();
    assert!(!text.contains("newer"), "{text}");
    assert!(text.contains("schema version is -1"), "{text}");
    assert!(text.contains("damaged"), "{text}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "left untouched");
}

// 3. Loan periods are bounded.
#[test]
fn loan_periods_and_settings_out_of_bounds_are_refused() {
    let (_dir, mut lib) = new_library();
    let before = circ::policy(&lib).unwrap();
    let mut rule = carrel::circulation::policy::default_rule();
    rule.period_days = u32::MAX;
    let err = circ::set_loan_rule(&mut lib, &rule).expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("4294967295 days"), "{err}");
    rule.period_days = 3650;
    rule.renewals = 1_000_000;
    assert!(circ::set_loan_rule(&mut lib, &rule).is_err());
    assert_eq!(circ::policy(&lib).unwrap(), before, "nothing stored");
    rule.renewals = 2;
    circ::set_loan_rule(&mut lib, &rule).unwrap();

    let mut s = circ::settings(&lib).unwrap();
    s.hold_expiry_days = 1_000_000;
    assert_eq!(
        circ::set_settings(&mut lib, &s).err().unwrap().kind(),
        ErrorKind::InvalidInput
    );

    // A rule stored before the bound still gives a date of four-digit year, which compares
    // correctly as ISO text.
    let today: chrono::NaiveDate = "2026-12-07".parse().unwrap();
    let old = LoanRule {
        period_days: u32::MAX,
        ..carrel::circulation::policy::default_rule()
    };
    let due = old.due_date(&Calendar::with_weekend(&[6, 7]), today);
    assert!(due.to_string().len() == 10 && due <= today + chrono::Days::new(3660));
}

fn long_record() -> Record {
    Record::new()
        .with_control("001", "long-1")
        .with_data("245", "00", &[('a', "A record with a very long note")])
        .with_data("500", "  ", &[('a', &"x".repeat(120_000))])
}

// 4. What ISO 2709 cannot carry is never written broken: it goes whole in MARCXML beside the
// file, by name (issue 13); an export of nothing is an error.
#[test]
fn a_record_too_long_for_iso2709_is_named_and_goes_out_as_marcxml_beside_the_file() {
    let (dir, mut lib) = new_library();
    let ids = add_records(
        &mut lib,
        &[carrel::demo::records()[0].clone(), long_record()],
        "test",
        now(),
    )
    .unwrap();
    let out = dir.path().join("out.mrc");
    let s = export(&lib, Selection::All, ExportFormat::Iso2709, &out).unwrap();
    assert_eq!((s.written, s.failed, s.in_marcxml), (1, 0, 1));
    let long_id = ids[1];
    let beside = dir.path().join("out-too-long.xml");
    assert_eq!(s.marcxml_path.as_deref(), Some(beside.to_str().unwrap()));
    assert_eq!(s.too_long.len(), 1);
    assert_eq!(s.too_long[0].id, long_id);
    assert!(
        s.too_long[0]
            .message
            .starts_with(&format!("record {long_id} “A record with a very long note"))
            && s.too_long[0]
                .message
                .contains("MARCXML to out-too-long.xml"),
        "{:?}",
        s.too_long
    );
    // The file holds the one good record, a valid ISO 2709 record.
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.len() < 99_999);
    assert_eq!(
        carrel_marc::Reader::new(&bytes[..])
            .filter(|r| r.is_ok())
            .count(),
        1
    );
    assert!(std::fs::read_to_string(&beside)
        .unwrap()
        .contains(&"x".repeat(120_000)));
    // Only the long record: no empty ISO 2709 file, the record in MARCXML beside it.
    let only = dir.path().join("only.mrc");
    let s = export(
        &lib,
        Selection::Ids(vec![long_id]),
        ExportFormat::Iso2709,
        &only,
    )
    .unwrap();
    assert_eq!((s.written, s.in_marcxml), (0, 1));
    assert!(!only.exists());
    assert!(dir.path().join("only-too-long.xml").exists());
    // MARCXML carries it.
    let xml = dir.path().join("only.xml");
    let s = export(
        &lib,
        Selection::Ids(vec![long_id]),
        ExportFormat::Marcxml,
        &xml,
    )
    .unwrap();
    assert_eq!((s.written, s.failed), (1, 0));
    assert!(s.too_long.is_empty() && s.marcxml_path.is_none());
    assert!(std::fs::read_to_string(&xml)
        .unwrap()
        .contains(&"x".repeat(120_000)));
}

#[test]
fn an_export_of_records_that_do_not_exist_is_an_error_and_leaves_no_file() {
    let (dir, lib) = new_library();
    let out = dir.path().join("none.mrc");
    let err = export(
        &lib,
        Selection::Ids(vec![RecordId(999_999)]),
        ExportFormat::Iso2709,
        &out,
    )
    .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(
        err.to_string().contains("record 999999: no such record"),
        "{err}"
    );
    assert!(!out.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("library.sqlite"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// 5. Written files: the umask decides a new file's mode; a replaced file keeps its own; a
// read-only file is not replaced; litter of killed exports is cleared.
#[test]
fn exported_files_respect_the_umask_and_keep_an_existing_mode() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &carrel::demo::records(), "demo", now()).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // The test process's umask (usually 022), read without changing it for other threads.
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string()))
        })
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022);
    let new = dir.path().join("new.mrc");
    export(&lib, Selection::All, ExportFormat::Iso2709, &new).unwrap();
    assert_eq!(mode(&new), 0o666 & !umask);

    let shared = dir.path().join("shared.mrc");
    std::fs::write(&shared, b"old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    export(&lib, Selection::All, ExportFormat::Iso2709, &shared).unwrap();
    assert_eq!(mode(&shared), 0o644);
    assert!(std::fs::metadata(&shared).unwrap().len() > 3);
}

#[test]
fn a_read_only_target_is_not_replaced() {
    if rustix_is_root() {
        eprintln!("skipped: root may write every file");
        return;
    }
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &carrel::demo::records(), "demo", now()).unwrap();
    let target = dir.path().join("keep.mrc");
    std::fs::write(&target, b"precious").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o444)).unwrap();
    let err = export(&lib, Selection::All, ExportFormat::Iso2709, &target).expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("keep.mrc is read-only"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"precious");
}

/// Whether the tests run as root (who may write a read-only file).
fn rustix_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("Uid:")
                    .map(|v| v.split_whitespace().next() == Some("0"))
            })
        })
        .unwrap_or(false)
}

#[test]
fn part_files_of_a_killed_export_are_cleared_by_the_next_export() {
    let (dir, mut lib) = new_library();
    add_records(&mut lib, &carrel::demo::records(), "demo", now()).unwrap();
    let d = dir.path();
    // Left by a process that is gone (pid beyond the kernel's maximum), by an older Carrel an
    // hour ago, and things that are not Carrel's or not stale.
    let dead = d.join(".out.mrc.4194305.AbC123.part");
    let old = d.join(".out.mrc.Xy9876.part");
    let fresh_old_style = d.join(".out.mrc.Fresh1.part");
    let alive = d.join(format!(".out.mrc.{}.Live12.part", std::process::id()));
    let other = d.join(".other.mrc.4194305.AbC123.part");
    let not_ours = d.join(".out.mrc.notes.part");
    for p in [&dead, &old, &fresh_old_style, &alive, &other, &not_ours] {
        std::fs::File::create(p).unwrap().write_all(b"x").unwrap();
    }
    // An hour before the file system's "now" (the test reads no clock either).
    let hour_ago =
        std::fs::metadata(&old).unwrap().modified().unwrap() - std::time::Duration::from_secs(3700);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let out = d.join("out.mrc");
    export(&lib, Selection::All, ExportFormat::Iso2709, &out).unwrap();
    assert!(!dead.exists(), "its process is gone");
    assert!(!old.exists(), "older than an hour");
    for p in [&fresh_old_style, &alive, &other, &not_ours] {
        assert!(p.exists(), "{} kept", p.display());
    }
    assert!(out.exists());
}

// 6. Files with no records, and records too long to keep whole.
#[test]
fn files_with_no_records_say_so() {
    let (dir, mut lib) = new_library();
    let empty = dir.path().join("empty.mrc");
    std::fs::write(&empty, b"").unwrap();
    let nul = dir.path().join("zeros.mrc");
    std::fs::write(&nul, vec![0u8; 1 << 20]).unwrap();
    let s = import(&mut lib, &[empty, nul]);
    assert_eq!((s.records_read, s.imported, s.rejected), (0, 0, 0));
    assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
    assert!(s.problems[0].file.ends_with("empty.mrc"));
    assert!(
        s.problems[0]
            .reason
            .contains("no records in this file (it is empty)"),
        "{}",
        s.problems[0].reason
    );
    assert!(s.problems[1].file.ends_with("zeros.mrc"));
    assert!(
        s.problems[1]
            .reason
            .contains("1048576 bytes, none of them a MARC record"),
        "{}",
        s.problems[1].reason
    );
    let report = carrel::catalogue::import::report_text(&s);
    assert!(
        report.contains("no records: no records in this file"),
        "{report}"
    );
}

#[test]
fn a_gzip_stream_without_terminators_is_read_in_bounded_pieces_and_kept_in_part() {
    let (dir, mut lib) = new_library();
    // 64 MB of a leader-like run with no record terminator, then one good record: unpacked
    // whole it would be held in memory; bounded, it is one rejected record and the good one.
    let mut plain = b"00100nam a2200000 a 4500".to_vec();
    plain.resize(64 << 20, b'a');
    plain.push(0x1D);
    plain.extend(carrel_marc::write_iso2709(&carrel::demo::records()[0]));
    let gz = dir.path().join("bomb.mrc.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).unwrap(),
        flate2::Compression::best(),
    );
    enc.write_all(&plain).unwrap();
    enc.finish().unwrap();
    drop(plain);
    assert!(std::fs::metadata(&gz).unwrap().len() < 1 << 20);

    let s = import(&mut lib, &[gz]);
    assert_eq!((s.imported, s.rejected), (1, 1), "{:?}", s.problems);
    let reason = &s.problems[0].reason;
    assert!(
        reason.contains(&format!("{} bytes before the record terminator", 64 << 20)),
        "{reason}"
    );
    let rejects = carrel::catalogue::rejects::list_rejects(&lib, 10).unwrap();
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].bytes, 128 * 1024, "only the first bytes kept");
    assert!(
        rejects[0]
            .reason
            .contains("only its first 131072 bytes were kept"),
        "{}",
        rejects[0].reason
    );
}

// 7. ISBNs are Bookland EANs; an ISSN typed with a space is an ISSN.
#[test]
fn only_bookland_eans_are_isbns_and_spaced_issns_are_normalised() {
    // 4006381333931 is a valid EAN-13 (a product), not an ISBN.
    assert!(!validate(NumberKind::Isbn, "4006381333931").valid);
    assert!(!validate(NumberKind::Isbn, "5901234123457").valid);
    assert!(validate(NumberKind::Isbn, "9780306406157").valid);
    assert!(validate(NumberKind::Isbn, "979-10-90636-07-1").valid);
    assert!(validate(NumberKind::Isbn, "0-306-40615-2").valid);
    assert_eq!(
        carrel::catalogue::standard_numbers::isbn13_digits("4006381333931"),
        None
    );

    let v = validate(NumberKind::Issn, "0317 8471");
    assert!(v.valid);
    assert_eq!(v.normalized.as_deref(), Some("0317-8471"));
    assert_eq!(issn("0317 8471 (print)").as_deref(), Some("03178471"));
    assert!(!validate(NumberKind::Issn, "0317 8472").valid);
}

#[test]
fn a_long_run_of_records_without_terminators_is_still_read_whole() {
    // Records whose terminators were lost, more than the reader's limit in all: each is found at
    // its leader length, also the one that straddles the limit.
    let mut bytes = Vec::new();
    let records = carrel::demo::records();
    let mut n = 0;
    while bytes.len() < 3 * carrel_marc::MAX_READ {
        let mut r = carrel_marc::write_iso2709(&records[n % records.len()]);
        r.pop();
        bytes.extend(r);
        n += 1;
    }
    let read = carrel_marc::Reader::new(&bytes[..])
        .filter(|r| r.is_ok())
        .count();
    assert_eq!(read, n);
}
