//! End-to-end: a law firm's technician compiles a list of authorities in the real window. The
//! legal styles are in the style menu's "Common" group; in the Bluebook an unheaded section is
//! split under the list of authorities' groups, and a heading the user types stands alone (never
//! "Employment law: Cases"); the firm's looseleaf is cited by its release.

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::{eventually, run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};
use thirtyfour::prelude::*;

/// A case, a book and a looseleaf (leader/07 i, 008/21 l), all under one subject heading.
fn records(dir: &Path) -> PathBuf {
    let subject = ('a', "Labor laws and legislation");
    // 008/24 v: a law report (nature of contents).
    let mut case_008 = String::from("870101s1954    xx            000 0 eng d");
    case_008.replace_range(24..25, "v");
    let case = Record::new()
        .with_control("001", "c1")
        .with_control("008", &case_008)
        .with_data(
            "110",
            "1 ",
            &[('a', "United States."), ('b', "Supreme Court.")],
        )
        .with_data(
            "245",
            "10",
            &[('a', "Brown v. Board of Education of Topeka.")],
        )
        .with_data("260", "  ", &[('c', "1954.")])
        .with_data(
            "773",
            "0 ",
            &[('t', "United States reports."), ('g', "Vol. 347, p. 483.")],
        )
        .with_data("650", " 0", &[subject]);
    let book = Record::new()
        .with_control("001", "b1")
        .with_control("008", "200101s2012    enk           000 0 eng d")
        .with_data("100", "1 ", &[('a', "Hart, H. L. A.")])
        .with_data("245", "14", &[('a', "The concept of law.")])
        .with_data("250", "  ", &[('a', "3rd ed.")])
        .with_data(
            "264",
            " 1",
            &[
                ('a', "Oxford :"),
                ('b', "Oxford University Press,"),
                ('c', "2012."),
            ],
        )
        .with_data("650", " 0", &[subject]);
    // 008/06-14 c20239999: a continuing resource; 008/21 l: updating loose-leaf.
    let mut looseleaf_008 = String::from("870101s1871    xx            000 0 eng d");
    looseleaf_008.replace_range(6..15, "c20239999");
    looseleaf_008.replace_range(21..22, "l");
    let mut looseleaf = Record::new()
        .with_control("001", "l1")
        .with_control("008", &looseleaf_008)
        .with_data("100", "1 ", &[('a', "Adeyemi, Grace,"), ('e', "author.")])
        .with_data("245", "10", &[('a', "Employment law handbook /")])
        .with_data(
            "250",
            "  ",
            &[('a', "Looseleaf edition, updated to Release 14.")],
        )
        .with_data(
            "264",
            " 1",
            &[('a', "London :"), ('b', "Harcourt & Lyle,"), ('c', "2023-")],
        )
        .with_data("650", " 0", &[subject]);
    looseleaf.leader.0[7] = b'i';
    let mut bytes = Vec::new();
    for r in [&case, &book, &looseleaf] {
        bytes.extend(write_iso2709(r));
    }
    let path = dir.join("authorities.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

/// The headings of the preview's sections, once they read as `want`.
async fn headings(app: &App, want: &[&str]) -> Vec<String> {
    eventually(
        &format!("the preview's headings {want:?}"),
        Duration::from_secs(30),
        || async {
            let got: Vec<String> = app
                .js("return [...document.querySelectorAll(\"[data-testid='bib-preview'] section h3\")].map(h => h.textContent.trim());")
                .await;
            if got == want {
                Ok(got)
            } else {
                Err(format!("{got:?}"))
            }
        },
    )
    .await
}

#[test]
fn a_list_of_authorities_in_the_bluebook_keeps_the_users_heading() {
    const TEST: &str = "a_list_of_authorities_in_the_bluebook_keeps_the_users_heading";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = records(dir.path());
    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["authorities.mrc"], Duration::from_secs(60))
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
        app.click("nav-bibliographies").await;
        app.click("bib-new").await;
        app.shown("bib-title").await;

        // The legal styles are among the common ones.
        let common: Vec<String> = app
            .js("return [...document.querySelectorAll(\"[data-testid='bib-style'] optgroup[label='Common'] option\")].map(o => o.value);")
            .await;
        for legal in ["oscola", "bluebook-law-review", "aglc", "mcgill"] {
            assert!(common.iter().any(|v| v == legal), "{legal} in {common:?}");
        }
        app.shown("bib-style")
            .await
            .find(By::Css(
                "optgroup[label='Common'] option[value='bluebook-law-review']",
            ))
            .await
            .expect("the Bluebook in the Common group")
            .click()
            .await
            .expect("choose the Bluebook");

        app.shown("section-subject")
            .await
            .send_keys("Labor laws and legislation")
            .await
            .expect("type the heading");
        // No heading of the user's: the list of authorities' own groups.
        headings(&app, &["Cases", "Books & looseleafs"]).await;
        let texts: Vec<String> = app
            .js("return [...document.querySelectorAll(\"[data-testid='bib-entry-text']\")].map(e => e.textContent.replace(/\\s+/g, ' ').trim());")
            .await;
        assert!(
            texts
                .iter()
                .any(|t| t.contains("Employment Law Handbook (looseleaf, Release 14, 2023).")),
            "the looseleaf by its release: {texts:?}"
        );
        app.shot(&format!("{TEST}-groups")).await;

        // The user's heading stands alone, the case still first under it.
        app.shown("section-heading")
            .await
            .send_keys("Employment law")
            .await
            .expect("type the section heading");
        headings(&app, &["Employment law"]).await;
        eventually("the case first under the heading", WAIT, || async {
            let first: Vec<String> = app
                .js("return [...document.querySelectorAll(\"[data-testid='bib-entry-text']\")].map(e => e.textContent.trim());")
                .await;
            if first.len() == 3 && first[0].starts_with("Brown") {
                Ok(())
            } else {
                Err(format!("{first:?}"))
            }
        })
        .await;
        app.shot(&format!("{TEST}-heading")).await;
    });
}
