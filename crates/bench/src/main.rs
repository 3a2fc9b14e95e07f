//! `carrel-bench`: measures Carrel and prints figures (records/s, peak memory). Not a test: the
//! numbers depend on the machine. Run it in release mode: `scripts/bench` (see docs/performance.md).
//!
//! `carrel-bench marc [--records N]`: the MARC reader and the import, next to `yaz-marcdump`.
//! Each phase runs in a child process of its own so that its peak memory (VmHWM) is its own.
//!
//! `carrel-bench catalogue [--records N]` (default 1,000,000): import time, file size, search,
//! facet, sorted-page and shelf-list latencies on a library built from the shared files.
//!
//! `carrel-bench subjects [--headings N]` (default 100,000): subject heading browse and rename.
//!
//! `carrel-bench circulation [--records N] [--patrons P] [--loans L] [--scans S]`: time per scan of
//! check-out and check-in (default 100,000 records, 10,000 patrons, 50,000 open loans).
//!
//! `carrel-bench bibliography [--entries N]` (default 10,000): a Chicago author-date bibliography
//! rendered by Carrel and by citeproc-js from the same CSL-JSON, and a 500-entry preview.
//!
//! `carrel-bench intake`: BibTeX, CSL-JSON, RIS and EndNote XML files of 2,000, 8,000 and
//! 20,000 generated entries read and made MARC records, in records/s.
//!
//! `carrel-bench desk-during-import [--records N] [--scans S] [--duplicates merge]` (default
//! 100,000 records): check-out and check-in latency at the desk without an import and while one
//! runs on another connection (with `--duplicates merge`, one that merges into every record).
//! `carrel-bench desk-during-rename [--records N] [--scans S]`: the same while a subject heading on
//! N records is renamed.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportOptions};
use carrel_bench::csl_compare;

mod bibliography;
mod catalogue;
mod circulation;
mod desk;
mod intake;
mod subjects;

fn shared_data() -> PathBuf {
    carrel_testkit::data_dir()
}

/// Peak resident memory of this process, in MiB (Linux /proc; 0 elsewhere).
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Writes `source` repeated until the file holds at least `min_records` records; returns the count.
fn repeat_file(source: &Path, min_records: usize, out: &Path) -> usize {
    let bytes =
        std::fs::read(source).unwrap_or_else(|e| panic!("cannot read {}: {e}", source.display()));
    let per_copy = bytes
        .iter()
        .filter(|&&b| b == carrel_marc::RECORD_TERMINATOR)
        .count();
    let copies = min_records.div_ceil(per_copy);
    let mut f = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
    for _ in 0..copies {
        f.write_all(&bytes).unwrap();
    }
    f.flush().unwrap();
    copies * per_copy
}

/// Runs one phase in this process and prints `records seconds peak_mib` on stdout.
fn phase(name: &str, file: &Path) {
    let started = Instant::now();
    let records = match name {
        "reader" => {
            let f = std::fs::File::open(file).unwrap();
            let mut n = 0u64;
            for p in carrel_marc::Reader::new(BufReader::with_capacity(256 * 1024, f)).flatten() {
                // Touch the record so that nothing is optimised away.
                n += p.record.fields.len().min(1) as u64;
            }
            n
        }
        "import" => {
            let dir = tempfile::tempdir().unwrap();
            let mut lib = carrel::Library::open(&dir.path().join("bench.sqlite")).unwrap();
            let options = ImportOptions::new(
                carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp"),
            )
            .with_duplicates(DuplicatePolicy::Add);
            let s = import_files(
                &mut lib,
                &[file.to_path_buf()],
                &options,
                &AtomicBool::new(false),
                &mut |_| {},
            )
            .unwrap();
            let size = std::fs::metadata(dir.path().join("bench.sqlite"))
                .map(|m| m.len())
                .unwrap_or(0);
            eprintln!(
                "    library file: {:.0} MiB for {} records",
                size as f64 / 1048576.0,
                s.imported
            );
            u64::from(s.imported)
        }
        other => panic!("unknown phase {other}"),
    };
    println!(
        "{records} {:.3} {:.1}",
        started.elapsed().as_secs_f64(),
        peak_rss_mib()
    );
}

struct Figure {
    records: u64,
    seconds: f64,
    peak_mib: f64,
}

fn run_phase(name: &str, file: &Path) -> Figure {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["phase", name])
        .arg(file)
        .output()
        .unwrap();
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let v: Vec<f64> = text
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    assert!(v.len() == 3, "phase {name} failed: {text}");
    Figure {
        records: v[0] as u64,
        seconds: v[1],
        peak_mib: v[2],
    }
}

/// yaz-marcdump -o line over the file, output discarded; `None` when yaz is not installed.
fn yaz(file: &Path, marc8: bool, records: usize) -> Option<Figure> {
    let mut cmd = Command::new("yaz-marcdump");
    if marc8 {
        cmd.args(["-f", "MARC-8", "-t", "UTF-8"]);
    }
    cmd.args(["-o", "line"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let started = Instant::now();
    let status = cmd.status().ok()?;
    status.success().then(|| Figure {
        records: records as u64,
        seconds: started.elapsed().as_secs_f64(),
        peak_mib: f64::NAN,
    })
}

fn print(label: &str, f: &Figure) {
    let rate = f.records as f64 / f.seconds.max(1e-9);
    let mem = if f.peak_mib.is_nan() {
        "-".to_string()
    } else {
        format!("{:.0} MiB", f.peak_mib)
    };
    println!(
        "{label:<46} {:>9} records {:>8.2} s {:>12.0} records/s   peak {mem}",
        f.records, f.seconds, rate
    );
}

fn marc(min_records: usize) {
    let data = shared_data();
    let dir = tempfile::tempdir().unwrap();
    let utf8 = dir.path().join("authorities.mrc");
    let marc8 = dir.path().join("uva-marc8.mrc");
    let n_utf8 = repeat_file(
        &data.join("marc/folio-perf-testing/5k_authority_Create.mrc"),
        min_records,
        &utf8,
    );
    let n_marc8 = repeat_file(
        &data.join("marc/solrmarc/uva_001_2000.mrc"),
        min_records,
        &marc8,
    );
    println!(
        "Carrel MARC benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "UTF-8 input: 5k_authority_Create.mrc repeated to {n_utf8} records, {:.0} MiB",
        std::fs::metadata(&utf8).unwrap().len() as f64 / 1048576.0
    );
    println!(
        "MARC-8 input: uva_001_2000.mrc repeated to {n_marc8} records, {:.0} MiB\n",
        std::fs::metadata(&marc8).unwrap().len() as f64 / 1048576.0
    );
    print("Carrel reader, UTF-8", &run_phase("reader", &utf8));
    match yaz(&utf8, false, n_utf8) {
        Some(f) => print("yaz-marcdump -o line, UTF-8", &f),
        None => println!("yaz-marcdump: not installed (Debian package yaz), no comparison"),
    }
    print(
        "Carrel reader + MARC-8 decode",
        &run_phase("reader", &marc8),
    );
    if let Some(f) = yaz(&marc8, true, n_marc8) {
        print("yaz-marcdump -f MARC-8 -t UTF-8 -o line", &f);
    }
    print(
        "Full import (parse, store, index), UTF-8",
        &run_phase("import", &utf8),
    );
    print(
        "Full import (parse, store, index), MARC-8",
        &run_phase("import", &marc8),
    );
}

/// `carrel-bench shelf [--items N]`: a library of N one-item records (LC call numbers, four
/// locations), imported from 852 fields; then the time of shelf-list pages (50 items) from the
/// start, from the middle by keyset, by location, and browsed to a call number.
fn shelf(n: usize) {
    use carrel::catalogue::shelflist::{shelf_list, ShelfStart};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.mrc");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for i in 0..n {
            let cn = format!(
                "QA{} .A{} {}",
                1 + i % 9973,
                1 + (i / 7) % 97,
                1900 + i % 120
            );
            let location = ["Stacks", "Reference", "Reading room", "Store"][i % 4];
            let r = carrel_marc::Record::new()
                .with_control("001", &format!("b{i}"))
                .with_data("245", "10", &[('a', &format!("Title {i}"))])
                .with_data(
                    "852",
                    "0 ",
                    &[('c', location), ('h', &cn), ('p', &format!("3{i:013}"))],
                );
            f.write_all(&carrel_marc::write_iso2709(&r)).unwrap();
        }
        f.flush().unwrap();
    }
    let path = dir.path().join("bench.sqlite");
    let mut lib = carrel::Library::open(&path).unwrap();
    let started = Instant::now();
    let options =
        ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp"))
            .with_duplicates(DuplicatePolicy::Add);
    let summary = import_files(
        &mut lib,
        &[file],
        &options,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Import with one item per record: {} records in {secs:.1} s ({:.0} records/s)",
        summary.imported,
        summary.imported as f64 / secs
    );
    let time = |label: &str, f: &mut dyn FnMut(usize) -> usize| {
        let rounds = 200;
        let started = Instant::now();
        let mut total = 0;
        for i in 0..rounds {
            total += f(i);
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / rounds as f64;
        println!(
            "{label:<44} {ms:>8.2} ms/page ({} items/page)",
            total / rounds
        );
    };
    time("Shelf list, first page", &mut |_| {
        shelf_list(&lib, None, &ShelfStart::First, 50)
            .unwrap()
            .entries
            .len()
    });
    let middle = shelf_list(&lib, None, &ShelfStart::Around("QA5000".into()), 50).unwrap();
    let cursor = middle.after.clone().unwrap();
    time("Shelf list, next page from the middle", &mut |_| {
        shelf_list(&lib, None, &ShelfStart::After(cursor.clone()), 50)
            .unwrap()
            .entries
            .len()
    });
    time("Shelf list, previous page from the middle", &mut |_| {
        shelf_list(&lib, None, &ShelfStart::Before(cursor.clone()), 50)
            .unwrap()
            .entries
            .len()
    });
    time("Shelf list of one location, next page", &mut |_| {
        shelf_list(
            &lib,
            Some("Reference"),
            &ShelfStart::After(cursor.clone()),
            50,
        )
        .unwrap()
        .entries
        .len()
    });
    time("Shelf browse to a call number", &mut |i| {
        shelf_list(
            &lib,
            None,
            &ShelfStart::Around(format!("QA{} .B2", 1 + (i * 47) % 9973)),
            50,
        )
        .unwrap()
        .entries
        .len()
    });
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["phase", name, file] => phase(name, Path::new(file)),
        ["marc"] => marc(100_000),
        ["marc", "--records", n] => marc(n.parse().expect("--records N")),
        ["catalogue"] => catalogue::catalogue(shared_data(), 1_000_000, None),
        ["catalogue", "--records", n] => {
            catalogue::catalogue(shared_data(), n.parse().expect("--records N"), None)
        }
        ["catalogue", "--records", n, "--keep", file] => catalogue::catalogue(
            shared_data(),
            n.parse().expect("--records N"),
            Some(PathBuf::from(file)),
        ),
        ["csl-compare"] => csl_compare::csl_compare(&shared_data(), 600, 8),
        ["csl-compare", "--records", n] => {
            csl_compare::csl_compare(&shared_data(), n.parse().expect("--records N"), 8)
        }
        ["csl-compare", "--records", n, "--show", k] => csl_compare::csl_compare(
            &shared_data(),
            n.parse().expect("--records N"),
            k.parse().expect("--show K"),
        ),
        ["bibliography"] => bibliography::bibliography(&shared_data(), 10_000),
        ["bibliography", "--entries", n] => {
            bibliography::bibliography(&shared_data(), n.parse().expect("--entries N"))
        }
        ["intake"] => intake::intake(),
        ["shelf"] => shelf(100_000),
        ["subjects"] => subjects::subjects(100_000),
        ["subjects", "--headings", n] => subjects::subjects(n.parse().expect("--headings N")),
        ["shelf", "--items", n] => shelf(n.parse().expect("--items N")),
        [which @ ("desk-during-import" | "desk-during-rename"), rest @ ..] => {
            let mut opts = [100_000usize, 2_000];
            let mut long = if *which == "desk-during-rename" {
                desk::LongWrite::Rename
            } else {
                desk::LongWrite::Import
            };
            for pair in rest.chunks(2) {
                let slot = match (pair[0], pair.get(1).copied()) {
                    ("--records", _) => 0,
                    ("--scans", _) => 1,
                    ("--duplicates", Some("merge")) if long == desk::LongWrite::Import => {
                        long = desk::LongWrite::MergeImport;
                        continue;
                    }
                    (other, _) => panic!("unknown option {other}"),
                };
                opts[slot] = pair.get(1).and_then(|v| v.parse().ok()).expect("a number");
            }
            desk::desk_during(opts[0], opts[1], long)
        }
        ["circulation", rest @ ..] => {
            let mut opts = [100_000usize, 10_000, 50_000, 2_000];
            for pair in rest.chunks(2) {
                let slot = match pair[0] {
                    "--records" => 0,
                    "--patrons" => 1,
                    "--loans" => 2,
                    "--scans" => 3,
                    other => panic!("unknown option {other}"),
                };
                opts[slot] = pair.get(1).and_then(|v| v.parse().ok()).expect("a number");
            }
            circulation::circulation(opts[0], opts[1], opts[2], opts[3])
        }
        _ => {
            eprintln!("usage: carrel-bench marc [--records N] | shelf [--items N]");
            std::process::exit(2);
        }
    }
}
