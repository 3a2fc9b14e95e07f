//! Rejected records (`import_rejects`): listed, saved back as a file, cleared, and not piled up
//! when the same broken file is imported again. Real SQLite files; own fixtures and shared files.

mod common;

use carrel::catalogue::rejects::{clear_rejects, count_rejects, export_rejects, list_rejects};
use carrel::ErrorKind;
use carrel_marc::{write_iso2709, Record};
use common::*;

fn record(n: u32, title: &str) -> Record {
    Record::new()
        .with_control("001", &format!("rej-{n}"))
        .with_data("245", "10", &[('a', title)])
}

/// Two good records, then a third cut off inside its directory (a file copied before its end was
/// written): the reader cannot recover its fields, so it is rejected.
fn truncated_file(dir: &std::path::Path) -> (std::path::PathBuf, Vec<u8>, u64) {
    let mut bytes = write_iso2709(&record(1, "Contract law"));
    bytes.extend(write_iso2709(&record(2, "Law of torts")));
    let offset = bytes.len() as u64;
    let third = write_iso2709(&record(
        3,
        "Equity and trusts, with a title long enough to cut",
    ));
    let cut = &third[..24 + 10];
    bytes.extend_from_slice(cut);
    let path = dir.join("truncated.mrc");
    std::fs::write(&path, &bytes).unwrap();
    (path, cut.to_vec(), offset)
}

#[test]
fn a_truncated_record_is_listed_saved_as_its_bytes_and_cleared() {
    let (dir, mut lib) = new_library();
    let (path, cut, offset) = truncated_file(dir.path());
    let s = import(&mut lib, std::slice::from_ref(&path));
    assert_eq!((s.imported, s.rejected), (2, 1));

    let list = list_rejects(&lib, 10).unwrap();
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!(
        (r.source_file.as_str(), r.ordinal, r.byte_offset, r.bytes),
        ("truncated.mrc", 3, offset as i64, cut.len() as i64)
    );
    assert_eq!(r.rejected_at, NOW);
    assert!(!r.reason.is_empty());

    // Importing the same file again neither adds the good records (unchanged duplicates) nor a
    // second reject.
    let again = import(&mut lib, std::slice::from_ref(&path));
    assert_eq!((again.imported, again.unchanged, again.rejected), (0, 2, 1));
    assert_eq!(count_rejects(&lib).unwrap(), 1);

    // Saved as a file: exactly the bytes of the broken record, ready for a MARC editor.
    let out = dir.path().join("rejects.mrc");
    let e = export_rejects(&lib, &out).unwrap();
    assert_eq!((e.records, e.xml_path.as_deref()), (1, None));
    assert_eq!(std::fs::read(&out).unwrap(), cut);
    assert!(!dir.path().join("rejects.mrc.part").exists());
    // A folder that does not exist: an I/O error naming the file, and no file left behind.
    let nowhere = dir.path().join("missing/rejects.mrc");
    let e = export_rejects(&lib, &nowhere).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(e.to_string().contains("missing/rejects.mrc"), "{e}");

    assert_eq!(clear_rejects(&mut lib).unwrap(), 1);
    assert_eq!(count_rejects(&lib).unwrap(), 0);
    assert!(list_rejects(&lib, 10).unwrap().is_empty());
    assert_eq!(
        export_rejects(&lib, &dir.path().join("none.mrc"))
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert!(!dir.path().join("none.mrc").exists());
    assert_eq!(
        lib.info().unwrap().records,
        2,
        "clearing rejects leaves the records"
    );
    assert_eq!(lib.integrity_check().unwrap(), "ok");
}

#[test]
fn a_changed_record_at_the_same_place_is_kept_beside_the_earlier_one() {
    // Same file name and record number, different bytes: another record, both are kept.
    let (dir, mut lib) = new_library();
    let (path, _, _) = truncated_file(dir.path());
    import(&mut lib, std::slice::from_ref(&path));
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.truncate(bytes.len() - 3);
    std::fs::write(&path, &bytes).unwrap();
    import(&mut lib, std::slice::from_ref(&path));
    assert_eq!(count_rejects(&lib).unwrap(), 2);
}

#[test]
fn marcxml_rejects_are_saved_in_a_collection_beside_the_iso2709_ones() {
    let (dir, mut lib) = new_library();
    let (path, cut, _) = truncated_file(dir.path());
    let mut xml = Vec::new();
    carrel_marc::marcxml::write_collection(
        &mut xml,
        [record(4, "Delay in arbitration"), record(5, "Evidence")].iter(),
    )
    .unwrap();
    let xml = String::from_utf8(xml).unwrap().replacen(
        "<subfield code=\"a\">Delay",
        "<subfield>Delay",
        1,
    );
    let xml_path = dir.path().join("vendor.xml");
    std::fs::write(&xml_path, xml).unwrap();
    let s = import(&mut lib, &[path, xml_path]);
    assert_eq!((s.imported, s.rejected), (3, 2));
    let out = dir.path().join("rejects.mrc");
    let e = export_rejects(&lib, &out).unwrap();
    assert_eq!((e.records, e.xml_records), (1, 1));
    assert_eq!(std::fs::read(&out).unwrap(), cut);
    let xml_out = std::fs::read_to_string(e.xml_path.unwrap()).unwrap();
    assert!(
        xml_out.contains("<collection xmlns=\"http://www.loc.gov/MARC21/slim\">"),
        "{xml_out}"
    );
    assert!(
        xml_out.contains("<subfield>Delay in arbitration"),
        "{xml_out}"
    );
    assert!(xml_out.trim_end().ends_with("</collection>"));
}

#[test]
fn a_shared_broken_file_imported_twice_keeps_one_reject_and_gives_back_its_bytes() {
    let Some(data) = shared_data("rejects") else {
        return;
    };
    let file = data.join("marc/pymarc/bad_records.mrc");
    let (dir, mut lib) = new_library();
    import(&mut lib, std::slice::from_ref(&file));
    import(&mut lib, std::slice::from_ref(&file));
    let list = list_rejects(&lib, 10).unwrap();
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_eq!(
        (r.source_file.as_str(), r.ordinal, r.byte_offset),
        ("bad_records.mrc", 7, 764)
    );
    assert_eq!(r.reason, "the directory has no entries");
    let out = dir.path().join("bad.mrc");
    export_rejects(&lib, &out).unwrap();
    let original = std::fs::read(&file).unwrap();
    assert_eq!(
        std::fs::read(&out).unwrap(),
        original[764..764 + r.bytes as usize]
    );
    // The saved file is the broken record itself: importing it reports the same reason.
    let again = import(&mut lib, &[out]);
    assert_eq!(again.rejected, 1);
    assert!(again
        .problems
        .iter()
        .any(|p| p.reason == "the directory has no entries"));
}
