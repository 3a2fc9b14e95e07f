//! End-to-end: the shelf list keeps each call number on one line (issue 13), also long LC call
//! numbers with volumes and copies, and files a volume typed into the call number among the
//! volumes given as enumerations. Build the app first, then run under X (see `src/lib.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use carrel_e2e::{eventually, run, App, ImportCounts, WAIT};
use carrel_marc::{write_iso2709, Record};

/// Items in MARC 21 852 (indicator 1 `0`: LC; $b location, $h call number, $3 volume, $t copy,
/// $p barcode).
fn long_call_numbers(dir: &Path) -> PathBuf {
    let items: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "HD9710.U52 I5243 1985",
            "39000000002001",
            Some("v.12 pt. 3"),
            Some("2"),
        ),
        (
            "KF4558 15th .A2 2001",
            "39000000002002",
            Some("v.10"),
            Some("1"),
        ),
        (
            "KF4558 15th .A2 2001",
            "39000000002003",
            Some("v.2"),
            Some("1"),
        ),
        (
            "KF4558 15th .A2 2001 v.3",
            "39000000002004",
            None,
            Some("1"),
        ),
        (
            "KFN5225 .Z9 N49 2019",
            "39000000002005",
            Some("Suppl. 2020"),
            None,
        ),
        ("PQ2040 .A1 1959 v.10", "39000000002006", None, Some("2")),
    ];
    let mut bytes = Vec::new();
    for (n, (call, barcode, volume, copy)) in items.iter().enumerate() {
        let mut sub: Vec<(char, &str)> = vec![('b', "Main"), ('h', call)];
        if let Some(v) = volume {
            sub.push(('3', v));
        }
        if let Some(c) = copy {
            sub.push(('t', c));
        }
        sub.push(('p', barcode));
        let r = Record::new()
            .with_control("001", &format!("long{n}"))
            .with_control("008", "200101s2020    enk           000 0 eng d")
            .with_data(
                "245",
                "10",
                &[(
                    'a',
                    "A treatise on the law with a title long enough to wrap",
                )],
            )
            .with_data("852", "0 ", &sub);
        bytes.extend(write_iso2709(&r));
    }
    let path = dir.join("long.mrc");
    std::fs::write(&path, bytes).expect("write the fixture");
    path
}

#[test]
fn long_call_numbers_stay_on_one_line_in_the_shelf_list() {
    const TEST: &str = "long_call_numbers_stay_on_one_line_in_the_shelf_list";
    let dir = tempfile::tempdir().expect("temp dir");
    let file = long_call_numbers(dir.path());

    run(TEST, &[file], |app: App| async move {
        let counts = app
            .confirm_import(&["long.mrc"], Duration::from_secs(60))
            .await;
        assert_eq!(
            counts,
            ImportCounts {
                imported: 6,
                rejected: 0
            },
            "import summary"
        );
        app.close_summary().await;
        app.click("nav-shelf").await;
        app.shown("shelf-table").await;
        // Each row: the call-number cell's text, and how many lines it takes.
        let rows: Vec<(String, u32)> = eventually("six items in the shelf list", WAIT, || async {
            let rows: Vec<(String, u32)> = app
                .js(
                    "return [...document.querySelectorAll(\"[data-testid='shelf-row']\")].map(r => { \
                       const range = document.createRange(); \
                       range.selectNodeContents(r.cells[0]); \
                       const tops = new Set([...range.getClientRects()] \
                         .filter(x => x.width > 0).map(x => Math.round(x.top))); \
                       return [r.cells[0].textContent.trim(), tops.size]; });",
                )
                .await;
            if rows.len() == 6 {
                Ok(rows)
            } else {
                Err(format!("{rows:?}"))
            }
        })
        .await;
        let marks: Vec<&str> = rows.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            marks,
            [
                "HD9710.U52 I5243 1985 v.12 pt. 3 c.2",
                "KF4558 15th .A2 2001 v.2 c.1",
                "KF4558 15th .A2 2001 v.3 c.1",
                "KF4558 15th .A2 2001 v.10 c.1",
                "KFN5225 .Z9 N49 2019 Suppl. 2020",
                "PQ2040 .A1 1959 v.10 c.2",
            ],
            "shelf order"
        );
        for (mark, lines) in &rows {
            assert_eq!(*lines, 1, "{mark:?} is on {lines} lines");
        }
    });
}
