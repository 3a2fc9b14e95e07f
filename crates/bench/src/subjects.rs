//! `carrel-bench subjects [--headings N]` (default 100,000): the subject heading browse (keyset
//! pages on the stored folded key, see `catalogue::subjects`), the contains-search, and a rename
//! that rewrites the records carrying one heading.

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportOptions};
use carrel::catalogue::subjects::{browse_subjects, rename_subject, search_subjects};

/// Builds a library of `headings / 2` records with three headings each — about `headings`
/// distinct headings in all, some with accents or in lower case as real catalogues have — then
/// times the heading calls.
pub fn subjects(headings: usize) {
    let n = (headings / 2).max(8);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("subjects.mrc");
    let words = [
        "Économie",
        "engraving",
        "Shipbuilding",
        "Ålesund",
        "law",
        "Contracts",
        "Zoology",
        "Maps",
    ];
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for i in 0..n {
            let a = format!("{} {}", words[i % words.len()], i);
            let b = format!("{} {}", words[(i / 3) % words.len()], (i * 7) % n);
            let r = carrel_marc::Record::new()
                .with_control("001", &format!("s{i}"))
                .with_data("245", "10", &[('a', &format!("Title {i}"))])
                .with_data("650", " 0", &[('a', &a), ('x', "History.")])
                .with_data("650", " 0", &[('a', &b)])
                .with_data(
                    "651",
                    " 0",
                    &[('a', words[i % words.len()]), ('x', "Common heading")],
                );
            f.write_all(&carrel_marc::write_iso2709(&r)).unwrap();
        }
        f.flush().unwrap();
    }
    let mut lib = carrel::Library::open(&dir.path().join("bench.sqlite")).unwrap();
    let options =
        ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp"))
            .with_duplicates(DuplicatePolicy::Add);
    import_files(
        &mut lib,
        &[file],
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let total = browse_subjects(&lib, None, None, 1).unwrap().total;
    println!("Subject headings: {total} distinct headings over {n} records");
    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        let mut ms = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            let got = f();
            ms.push(started.elapsed().as_secs_f64() * 1000.0);
            assert!(got > 0, "{label}: nothing found");
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{label}: median {:.0} ms, slowest {:.0} ms",
            ms[ms.len() / 2],
            ms[ms.len() - 1]
        );
    };
    time("Browse, first page of 200", &mut || {
        browse_subjects(&lib, None, None, 200)
            .unwrap()
            .headings
            .len()
    });
    time("Browse, jump to \"ship\"", &mut || {
        browse_subjects(&lib, Some("ship"), None, 200)
            .unwrap()
            .headings
            .len()
    });
    time("Headings containing \"grav\"", &mut || {
        search_subjects(&lib, "grav", 200).unwrap().len()
    });
    let heading = format!("{} -- Common heading", words[0]);
    let started = Instant::now();
    let out = rename_subject(
        &mut lib,
        &heading,
        "Economics -- Common heading",
        "bench",
        carrel::Timestamp::parse("2026-01-02T00:00:00Z").expect("a timestamp"),
    )
    .unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Rename of a heading on {} records: {secs:.2} s ({:.0} records/s)",
        out.records_changed,
        out.records_changed as f64 / secs
    );
}
