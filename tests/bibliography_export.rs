//! Exporting a bibliography as edited (the window's Export…): the file is written whole, in the
//! chosen format, and a path that cannot take it leaves nothing behind.

mod common;

use carrel::bibliography::{export_document, BibliographyDoc, Format, SectionDoc, SelectionRule};
use carrel_marc::Record;
use common::{new_library, now};

fn library_with_two_books() -> (tempfile::TempDir, carrel::Library) {
    let (dir, mut lib) = new_library();
    let book = |title: &str, author: &str, year: &str| {
        Record::new()
            .with_control(
                "008",
                &format!("200101s{year}    enk           000 0 eng d"),
            )
            .with_data("100", "1 ", &[('a', author)])
            .with_data("245", "10", &[('a', title)])
            .with_data(
                "264",
                " 1",
                &[('a', "London :"), ('b', "Informa,"), ('c', year)],
            )
            .with_data("650", " 0", &[('a', "Arbitration and award.")])
    };
    carrel::catalogue::add_records(
        &mut lib,
        &[
            book("Arbitration law /", "Merkin, Robert,", "2004"),
            book("Commercial arbitration /", "Mustill, Michael J.,", "1989"),
        ],
        "test",
        now(),
    )
    .unwrap();
    (dir, lib)
}

fn doc() -> BibliographyDoc {
    BibliographyDoc {
        title: "Arbitration".into(),
        style: "apa".into(),
        sections: vec![SectionDoc {
            rule: SelectionRule {
                subject: Some("Arbitration and award".into()),
                ..Default::default()
            },
            sort: carrel::bibliography::SectionSort::Style,
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[test]
fn an_unsaved_bibliography_is_exported_as_text_replacing_the_file() {
    let (dir, lib) = library_with_two_books();
    let path = dir.path().join("arbitration.txt");
    std::fs::write(&path, "an older list").unwrap();
    let done = export_document(&lib, &doc(), Format::Txt, &path).unwrap();
    assert_eq!(done.entries, 2);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Arbitration\n\nMerkin, R. (2004). Arbitration law. Informa.\nMustill, M. J. (1989). Commercial arbitration. Informa.\n"
    );
    assert_eq!(
        done.bytes as usize,
        std::fs::metadata(&path).unwrap().len() as usize
    );
    // Only the file itself: no temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
}

#[test]
fn an_export_to_a_folder_is_refused_and_a_bad_style_writes_nothing() {
    let (dir, lib) = library_with_two_books();
    let err = export_document(&lib, &doc(), Format::Docx, dir.path()).unwrap_err();
    assert_eq!(err.kind(), carrel::ErrorKind::InvalidInput, "{err}");
    let path = dir.path().join("x.docx");
    let mut bad = doc();
    bad.style = "no-such-style".into();
    assert!(export_document(&lib, &bad, Format::Docx, &path).is_err());
    assert!(
        !path.exists(),
        "nothing written for a style that does not load"
    );
}
