//! `carrel bibliography --style oscola` (and the other legal styles) out of the box: Carrel's own
//! legal styles are bundled, so a law library needs no `.csl` file.

use std::path::Path;
use std::process::{Command, Output};

use carrel_marc::{write_iso2709, Record};

fn carrel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carrel"))
        .args(args)
        .env_remove("CARREL_LIBRARY")
        .output()
        .expect("carrel runs")
}

/// A data field: tag, indicators, subfields.
type DataField<'a> = (&'a str, &'a str, Vec<(char, &'a str)>);

/// A record with leader/06 `a`, /07 `m` and 008 nature of contents (008/24) `nature`.
fn record(nature: char, fields: &[DataField]) -> Record {
    let mut f008 = String::from("200101s2015    enk           000 0 eng d");
    f008.replace_range(24..25, &nature.to_string());
    let mut r = Record::new().with_control("008", &f008);
    for (tag, ind, subs) in fields {
        r = r.with_data(tag, ind, subs);
    }
    r.leader.0[6] = b'a';
    r.leader.0[7] = b'm';
    r
}

fn library(dir: &Path) -> String {
    let recs = [
        record(
            'v',
            &[
                (
                    "110",
                    "1 ",
                    vec![('a', "Great Britain."), ('b', "Supreme Court.")],
                ),
                (
                    "245",
                    "10",
                    vec![('a', "Montgomery v. Lanarkshire Health Board.")],
                ),
                ("264", " 1", vec![('c', "2015.")]),
                ("500", "  ", vec![('a', "[2015] UKSC 11")]),
                ("773", "0 ", vec![('t', "Appeal cases."), ('g', "p. 1430.")]),
            ],
        ),
        record(
            'l',
            &[
                ("110", "1 ", vec![('a', "Great Britain.")]),
                ("240", "10", vec![('a', "Laws, etc.")]),
                ("245", "10", vec![('a', "Human Rights Act 1998.")]),
                ("264", " 1", vec![('c', "1998.")]),
            ],
        ),
        record(
            ' ',
            &[
                ("100", "1 ", vec![('a', "Hart, H. L. A.")]),
                ("245", "14", vec![('a', "The concept of law.")]),
                ("250", "  ", vec![('a', "3rd ed.")]),
                (
                    "264",
                    " 1",
                    vec![
                        ('a', "Oxford :"),
                        ('b', "Oxford University Press,"),
                        ('c', "2012."),
                    ],
                ),
            ],
        ),
    ];
    let mut bytes = Vec::new();
    for r in &recs {
        bytes.extend(write_iso2709(r));
    }
    let file = dir.join("recs.mrc");
    std::fs::write(&file, bytes).unwrap();
    let lib = dir.join("lib.sqlite").to_str().unwrap().to_string();
    let out = carrel(&["--library", &lib, "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    lib
}

fn bibliography(lib: &str, style: &str) -> String {
    let out = carrel(&[
        "--library",
        lib,
        "bibliography",
        "--id",
        "1",
        "2",
        "3",
        "--style",
        style,
        "--format",
        "txt",
    ]);
    assert!(out.status.success(), "{style}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_legal_styles_work_out_of_the_box() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    // OSCOLA: the table of cases, then legislation, then secondary sources (OSCOLA 1.7).
    assert_eq!(
        bibliography(&lib, "oscola"),
        "Bibliography\n\n\
         Montgomery v Lanarkshire Health Board [2015] UKSC 11, [2015] Appeal Cases 1430\n\
         Human Rights Act 1998\n\
         Hart HLA, The Concept of Law (3rd edn, Oxford University Press 2012)\n"
    );
    // The Bluebook has no bibliography: Carrel's list of authorities, grouped.
    let bluebook = bibliography(&lib, "bluebook-law-review");
    assert!(
        bluebook.contains("H.L.A. Hart, The Concept of Law (3d ed. 2012)."),
        "{bluebook}"
    );
    assert!(bluebook.contains("Cases"), "{bluebook}");
    // AGLC and McGill, by their short names and by the ids of the CSL repository's styles.
    for style in ["aglc", "australian-guide-to-legal-citation"] {
        assert!(
            bibliography(&lib, style)
                .contains("Hart, HLA, The Concept of Law (Oxford University Press, 3rd ed, 2012)"),
            "{style}"
        );
    }
    for style in ["mcgill", "mcgill-en"] {
        assert!(
            bibliography(&lib, style).contains(
                "Hart, HLA, The Concept of Law, 3rd ed (Oxford: Oxford University Press, 2012)."
            ),
            "{style}"
        );
    }

    let out = carrel(&["--library", &lib, "bibliography", "styles"]);
    let listed = String::from_utf8(out.stdout).unwrap();
    for name in ["oscola", "bluebook-law-review", "aglc", "mcgill"] {
        assert!(
            listed
                .lines()
                .any(|l| l.split_whitespace().next() == Some(name)),
            "{name} not in:\n{listed}"
        );
    }
}

/// The demo library's looseleaf ("Looseleaf edition, updated to Release 14.") from the command
/// line: cited by its release as each guide says, never "Release 14 ed".
#[test]
fn the_demo_looseleaf_is_cited_by_its_release() {
    let home = tempfile::tempdir().unwrap();
    let run = |style: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_carrel"))
            .args([
                "bibliography",
                "--item-type",
                "looseleaf",
                "--style",
                style,
                "--format",
                "txt",
            ])
            .env_remove("CARREL_LIBRARY")
            .env("XDG_DATA_HOME", home.path())
            .env("HOME", home.path())
            .output()
            .expect("carrel runs");
        assert!(out.status.success(), "{style}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for (style, want) in [
        (
            "aglc",
            "Adeyemi, Grace, Employment Law Handbook (Harcourt & Lyle, at Release 14)\n",
        ),
        (
            "mcgill",
            "Adeyemi, Grace, Employment Law Handbook, loose-leaf (Release 14) (London: Harcourt & Lyle, 2023).\n",
        ),
        (
            "oscola",
            "Adeyemi G, Employment Law Handbook (looseleaf, Release 14, Harcourt & Lyle 2023)\n",
        ),
        (
            "bluebook-law-review",
            "Books & looseleafs\n\nGrace Adeyemi, Employment Law Handbook (looseleaf, Release 14, 2023).\n",
        ),
    ] {
        let text = run(style);
        assert!(text.ends_with(want), "{style}:\n{text}");
        assert!(!text.contains(" ed,") && !text.contains("14 ed"), "{text}");
    }
}
