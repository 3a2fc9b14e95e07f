//! `carrel-bench catalogue [--records N]`: a library of N bibliographic records built from the
//! shared MARC files (repeated, each copy with its own 001 and a valid ISBN-13 of its own), 30%
//! of them with an item (barcode, LC call number, location), then search, facet, sort and
//! shelf-list latencies. Figures only; never pass/fail.

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use carrel::catalogue::import::{import_files, DuplicatePolicy, ImportOptions};
use carrel::catalogue::shelflist::{shelf_list, ShelfStart};
use carrel::catalogue::{search_request, SearchRequest, SortOrder};
use carrel_marc::{CharacterCoding, Field, Record, Subfield};

/// The bibliographic source files, read in turn (UTF-8 and MARC-8, several languages).
const SOURCES: &[&str] = &[
    "marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc",
    "marc/evergreen/lul_fre_500.mrc",
    "marc/evergreen/jazz_1k.mrc",
    "marc/solrmarc/uva_001_2000.mrc",
];

const LOCATIONS: [&str; 5] = ["Main", "Annex", "Reading room", "Stack B", "Rare books"];

fn isbn13(n: u64) -> String {
    let body = format!("9780{:08}", n % 100_000_000);
    let sum: u32 = body
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn barcode(n: u64) -> String {
    format!("3900{:010}", n)
}

fn set_control(r: &mut Record, tag: &str, value: String) {
    match r.fields.iter_mut().find(|f| f.tag() == tag) {
        Some(Field::Control { value: v, .. }) => *v = value,
        _ => r.fields.insert(
            0,
            Field::Control {
                tag: tag.into(),
                value,
            },
        ),
    }
}

fn set_isbn(r: &mut Record, isbn: String) {
    r.fields.retain(|f| f.tag() != "020");
    let at = r
        .fields
        .iter()
        .position(|f| f.tag() > "020")
        .unwrap_or(r.fields.len());
    r.fields.insert(
        at,
        Field::Data {
            tag: "020".into(),
            ind1: ' ',
            ind2: ' ',
            subfields: vec![Subfield {
                code: 'a',
                value: isbn,
            }],
        },
    );
}

fn load_sources(data: &Path) -> Vec<Record> {
    let mut out = Vec::new();
    for s in SOURCES {
        let f =
            std::fs::File::open(data.join(s)).unwrap_or_else(|e| panic!("cannot read {s}: {e}"));
        for r in carrel_marc::Reader::new(BufReader::new(f)).flatten() {
            let mut rec = r.record;
            if rec.field("245").is_some() {
                rec.leader.set_character_coding(CharacterCoding::Utf8);
                out.push(rec);
            }
        }
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(label: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label:<44} n={:<5} p50 {:>8.2} ms  p95 {:>8.2} ms  max {:>8.1} ms",
        ms.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.95),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

fn time<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed().as_secs_f64() * 1000.0)
}

/// Builds (or, when `keep` names an existing file, reuses) the library and measures it.
pub fn catalogue(data: PathBuf, n: u64, keep: Option<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let path = keep.unwrap_or_else(|| dir.path().join("library.sqlite"));
    if !path.exists() {
        build(&data, n, &path, dir.path());
    } else {
        println!("Reusing {}", path.display());
    }
    measure(&path, n);
}

fn build(data: &Path, n: u64, path: &Path, dir: &Path) {
    let base = load_sources(data);
    println!(
        "Carrel catalogue benchmark: {n} records from {} source records ({} cores)",
        base.len(),
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );

    // 1. The MARC file: copies with their own 001 and ISBN.
    let marc = dir.join("catalogue.mrc");
    let (_, ms) = time(|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&marc).unwrap());
        for i in 0..n {
            let mut r = base[(i % base.len() as u64) as usize].clone();
            set_control(&mut r, "001", format!("bench{i}"));
            set_isbn(&mut r, isbn13(i));
            w.write_all(&carrel_marc::write_iso2709(&r)).unwrap();
        }
        w.flush().unwrap();
    });
    println!(
        "MARC file written: {:.0} MiB in {:.1} s",
        std::fs::metadata(&marc).unwrap().len() as f64 / 1048576.0,
        ms / 1000.0
    );

    // 2. Import.
    let mut lib = carrel::Library::open(path).unwrap();
    let options =
        ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp"))
            .with_duplicates(DuplicatePolicy::Add);
    let (summary, ms) = time(|| {
        import_files(
            &mut lib,
            std::slice::from_ref(&marc),
            &options,
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap()
    });
    println!(
        "Import: {} records in {:.1} s ({:.0} records/s)",
        summary.imported,
        ms / 1000.0,
        f64::from(summary.imported) / (ms / 1000.0)
    );
    drop(lib);
    let _ = std::fs::remove_file(&marc);

    // 3. Items on 30% of the records, written directly (as a bulk holdings load would), with
    //    their call numbers and barcodes added to the records' index entries.
    let (items, ms) = time(|| {
        let mut conn = rusqlite::Connection::open(path).unwrap();
        let tx = conn.transaction().unwrap();
        let mut count = 0u64;
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO items (record_id, barcode, call_number, scheme, shelf_key, location, item_type, status, created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'lcc', ?4, ?5, 'book', ?6, 't', 't')",
                )
                .unwrap();
            let mut fts = tx
                .prepare("UPDATE records_fts SET shelf = ?2 WHERE rowid = ?1")
                .unwrap();
            let mut rec = tx
                .prepare("UPDATE records SET shelf_key = ?2 WHERE id = ?1")
                .unwrap();
            for id in 1..=n as i64 {
                if id % 10 >= 3 {
                    continue;
                }
                let i = id as u64;
                let class = ["QA", "KF", "ML", "PQ", "HE", "Z"][(i % 6) as usize];
                let cn = format!(
                    "{class}{} .{}{} {}",
                    1 + (i * 7919) % 9000,
                    (b'A' + (i % 26) as u8) as char,
                    10 + (i * 31) % 89,
                    1900 + i % 120
                );
                let key = carrel::catalogue::callnumber::sort_key(
                    &cn,
                    carrel::catalogue::callnumber::Scheme::Lcc,
                )
                .key;
                let bc = barcode(i);
                let status = if i % 10 == 1 { "on_loan" } else { "available" };
                insert
                    .execute(rusqlite::params![
                        id,
                        bc,
                        cn,
                        key,
                        LOCATIONS[(i % 5) as usize],
                        status
                    ])
                    .unwrap();
                let compact: String = cn.chars().filter(|c| c.is_alphanumeric()).collect();
                fts.execute(rusqlite::params![id, format!("{cn} {compact} {bc}")])
                    .unwrap();
                rec.execute(rusqlite::params![id, key]).unwrap();
                count += 1;
            }
        }
        tx.commit().unwrap();
        conn.execute_batch("INSERT INTO records_fts(records_fts) VALUES('optimize'); ANALYZE;")
            .unwrap();
        count
    });
    println!(
        "Items: {items} added with call numbers and barcodes, index optimised, in {:.1} s",
        ms / 1000.0
    );
    let size: u64 = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "Library file: {:.0} MiB ({:.0} bytes/record)\n",
        size as f64 / 1048576.0,
        size as f64 / n as f64
    );
}

fn measure(path: &Path, n: u64) {
    // 4. Queries.
    let lib = carrel::Library::open(path).unwrap();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = |m: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % m
    };
    let common = [
        "history ",
        "music ",
        "jazz ",
        "australia ",
        "canada ",
        "social ",
        "the ",
        "war ",
        "france ",
        "women ",
    ];
    let rare = [
        "kilcunda ",
        "vermoulures ",
        "chateauguay ",
        "laurentiens ",
        "sweers ",
        "cockburn ",
        "proughon ",
        "brunetiere ",
        "coltrane ",
        "depreciation ",
    ];
    let two = [
        "jazz history ",
        "social change ",
        "canada history ",
        "music women ",
        "railway history ",
    ];
    let typing = ["hist", "jaz", "canad", "musi", "railw", "coltr"];
    let fielded = [
        "title:jazz ",
        "author:smith ",
        "subject:history ",
        "subject:\"jazz\" year:1950-1970",
        "title:canada -history ",
        "callno:QA1 ",
    ];
    let mut queries: Vec<(&str, String)> = Vec::new();
    for _ in 0..4 {
        queries.extend(common.iter().map(|q| ("common word", q.to_string())));
        queries.extend(rare.iter().map(|q| ("rare word", q.to_string())));
        queries.extend(two.iter().map(|q| ("two words", q.to_string())));
        queries.extend(
            typing
                .iter()
                .map(|q| ("as you type (prefix)", q.to_string())),
        );
        queries.extend(fielded.iter().map(|q| ("fielded", q.to_string())));
        for _ in 0..10 {
            let i = next(n);
            let isbn = isbn13(i);
            queries.push((
                "ISBN",
                if i % 2 == 0 {
                    isbn
                } else {
                    format!(
                        "{}-{}-{}-{}",
                        &isbn[..3],
                        &isbn[3..4],
                        &isbn[4..8],
                        &isbn[8..]
                    )
                },
            ));
            let j = next(n) / 10 * 10 + next(3);
            queries.push(("barcode", barcode(j.max(1))));
        }
    }
    let request = |q: &str| SearchRequest {
        query: q.to_string(),
        limit: 50,
        ..SearchRequest::default()
    };
    // Warm the cache once.
    for (_, q) in &queries {
        search_request(&lib, &request(q)).unwrap();
    }
    let mut by_kind: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut all = Vec::new();
    for (kind, q) in &queries {
        let (_, ms) = time(|| search_request(&lib, &request(q)).unwrap());
        all.push(ms);
        match by_kind.iter_mut().find(|(k, _)| k == kind) {
            Some((_, v)) => v.push(ms),
            None => by_kind.push((kind, vec![ms])),
        }
    }
    println!("Search, first page of 50 with total (warm cache):");
    report("  all queries", all);
    for (kind, v) in by_kind {
        report(&format!("  {kind}"), v);
    }
    let mut slowest: Vec<(f64, &str)> = Vec::new();
    for (_, q) in queries.iter().take(41) {
        let (_, ms) = time(|| search_request(&lib, &request(q)).unwrap());
        slowest.push((ms, q));
    }
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "  slowest: {}",
        slowest
            .iter()
            .take(4)
            .map(|(ms, q)| format!("{:?} {ms:.0} ms", q.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    // 5. Facets: the same searches with facets counted.
    let mut facet_ms = Vec::new();
    let mut facet_only = Vec::new();
    for (_, q) in queries
        .iter()
        .filter(|(k, _)| *k != "ISBN" && *k != "barcode")
    {
        let (_, plain) = time(|| search_request(&lib, &request(q)).unwrap());
        let (_, with) = time(|| {
            search_request(
                &lib,
                &SearchRequest {
                    facets: true,
                    ..request(q)
                },
            )
            .unwrap()
        });
        facet_ms.push(with);
        facet_only.push((with - plain).max(0.0));
    }
    let (_, all_facets) = time(|| {
        search_request(
            &lib,
            &SearchRequest {
                facets: true,
                ..request("")
            },
        )
        .unwrap()
    });
    println!("\nFacets (7 facets over at most the first 2,000 matches):");
    report("  search + facets", facet_ms);
    report("  facets alone (difference)", facet_only);
    println!("  whole library, no words: {all_facets:.1} ms");

    // 6. Sorted pages and the shelf list.
    let mut title_pages = Vec::new();
    let mut after = None;
    for _ in 0..40 {
        let (page, ms) = time(|| {
            search_request(
                &lib,
                &SearchRequest {
                    sort: SortOrder::Title,
                    after: after.clone(),
                    ..request("")
                },
            )
            .unwrap()
        });
        title_pages.push(ms);
        after = page.next;
    }
    let mut date_pages = Vec::new();
    for q in ["history ", "jazz ", "kilcunda "] {
        for sort in [SortOrder::Title, SortOrder::DateDesc, SortOrder::Author] {
            let (_, ms) =
                time(|| search_request(&lib, &SearchRequest { sort, ..request(q) }).unwrap());
            date_pages.push(ms);
        }
    }
    let mut shelf_pages = Vec::new();
    let mut start = ShelfStart::First;
    for _ in 0..40 {
        let (page, ms) = time(|| shelf_list(&lib, None, &start, 50).unwrap());
        shelf_pages.push(ms);
        match page.after {
            Some(c) => start = ShelfStart::After(c),
            None => break,
        }
    }
    let mut around = Vec::new();
    for cn in ["QA76.73 .P98", "KF801 .A2", "ML410 .B4", "Z699 .A1"] {
        let (_, ms) = time(|| shelf_list(&lib, None, &ShelfStart::Around(cn.into()), 50).unwrap());
        around.push(ms);
    }
    println!("\nPages:");
    report("  sort by title, no words, 40 pages of 50", title_pages);
    report("  words sorted by title/date/author", date_pages);
    report("  shelf list, 40 pages of 50", shelf_pages);
    report("  shelf list around a call number", around);
}
