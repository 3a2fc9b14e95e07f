//! `carrel-bench csl-compare`: how often Carrel's bibliography entries (hayagriva plus Carrel's
//! crosswalk and clean-up) are identical in plain text to what citeproc-js renders from the same
//! CSL-JSON items. A measurement, not a test: citeproc-js (tools/citeproc-compare, a dev tool,
//! never shipped) is the oracle users compare with (Zotero).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::{record_item, styles};
use carrel::catalogue::import::{import_files, ImportOptions};

const FILES: &[&str] = &[
    "marc/cliffeh-marc/testfile.marc.gz",
    "marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc",
    "marc/evergreen/lul_fre_100.mrc",
    "marc/evergreen/map_data.mrc",
    "marc/marc4j/chabon.mrc",
];

const STYLES: &[(&str, &str)] = &[
    ("apa.csl", "en-US"),
    ("chicago-author-date.csl", "en-US"),
    ("modern-language-association.csl", "en-US"),
    ("oscola.csl", "en-GB"),
    ("chicago-notes-bibliography.csl", "en-US"),
    ("harvard-cite-them-right.csl", "en-GB"),
    ("ieee.csl", "en-US"),
];

/// Each side renders items one by one, so citation numbers ("[1] ") say nothing: compare without.
fn strip_label(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(end) = rest.find(']') {
            if rest[..end].chars().all(|c| c.is_ascii_digit()) {
                return rest[end + 1..].trim_start();
            }
        }
    }
    t
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn csl_compare(data: &Path, limit: usize, show: usize) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tool = repo.join("tools/citeproc-compare");
    if !tool.join("node_modules/citeproc").is_dir() {
        eprintln!(
            "citeproc-js is not installed: run `npm install` in {} (scripts/csl-compare does)",
            tool.display()
        );
        std::process::exit(2);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("compare.sqlite");
    let mut lib = carrel::Library::open(&path).expect("library");
    let files: Vec<PathBuf> = FILES
        .iter()
        .map(|f| data.join(f))
        .filter(|p| p.exists())
        .collect();
    let summary = import_files(
        &mut lib,
        &files,
        &ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp")),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import");
    eprintln!(
        "imported {} records from {} files",
        summary.imported,
        files.len()
    );
    let conn = rusqlite::Connection::open(&path).expect("open");
    let mut st = conn
        .prepare("SELECT id FROM records WHERE record_type NOT IN ('z','u','v','x','y','q') AND deleted_at IS NULL ORDER BY id")
        .unwrap();
    let ids: Vec<carrel::RecordId> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // An even sample over all files, at most `limit` records.
    let step = (ids.len() / limit.max(1)).max(1);
    let ids: Vec<carrel::RecordId> = ids.into_iter().step_by(step).take(limit).collect();
    let inputs: Vec<EntryInput> = ids
        .iter()
        .map(|&id| EntryInput {
            record_id: id,
            item: record_item(&lib, id).unwrap(),
            annotation: None,
            location: None,
        })
        .collect();
    let items: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| carrel::bibliography::render::public_item(&i.item))
        .collect();
    let items_path = dir.path().join("items.json");
    std::fs::write(&items_path, serde_json::to_string(&items).unwrap()).unwrap();
    let csl_dir = data.join("csl");
    let locales_dir = csl_dir.join("locales");
    let locales = styles::locales(Some(&locales_dir));
    println!(
        "{} records (bibliographic, sampled from {} shared MARC files)",
        inputs.len(),
        files.len()
    );
    println!("{:<36} {:>8} {:>10}", "style", "agree", "of");
    let mut report = String::new();
    for (file, locale) in STYLES {
        let style_path = csl_dir.join(file);
        let style = match styles::load_style(style_path.to_str().unwrap(), Some(&csl_dir)) {
            Ok(s) => s,
            Err(e) => {
                println!("{file:<36} cannot load: {e}");
                continue;
            }
        };
        let t0 = std::time::Instant::now();
        let ours = render_entries(&style, &locales, Some(locale), &inputs, false);
        let ms = t0.elapsed().as_millis();
        let mine: HashMap<String, String> = ours
            .entries
            .iter()
            .map(|e| (format!("r{}", e.record_id), norm(&e.plain_text())))
            .collect();
        let out = std::process::Command::new("node")
            .arg(tool.join("render.js"))
            .arg(&style_path)
            .arg(&locales_dir)
            .arg(locale)
            .arg(&items_path)
            .output()
            .expect("node");
        if !out.status.success() {
            println!(
                "{file:<36} citeproc-js failed: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            );
            continue;
        }
        let theirs: HashMap<String, String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                Some((
                    v["id"].as_str()?.to_string(),
                    norm(strip_label(v["text"].as_str()?)),
                ))
            })
            .collect();
        let mut same = 0;
        let (mut other, mut other_same) = (0, 0);
        let mut diffs = Vec::new();
        for inp in &inputs {
            let id = format!("r{}", inp.record_id);
            let a = mine.get(&id).cloned().unwrap_or_default();
            let b = theirs.get(&id).cloned().unwrap_or_default();
            // citeproc-js writes names of Chinese and Japanese items uninverted by design.
            let cjk = matches!(
                inp.item.get("language").and_then(|l| l.as_str()),
                Some("zh" | "ja")
            );
            if !cjk {
                other += 1;
                if a == b {
                    other_same += 1;
                }
            }
            if a == b {
                same += 1;
            } else if diffs.len() < show {
                diffs.push(format!(
                    "  {id}\n    carrel:      {a}\n    citeproc-js: {b}\n"
                ));
            }
        }
        let pct = 100.0 * same as f64 / inputs.len().max(1) as f64;
        let pct_other = 100.0 * other_same as f64 / other.max(1) as f64;
        println!(
            "{:<36} {:>7.1}% {:>10}   {:>7.1}% of {:>4} without zh/ja items   (hayagriva {ms} ms)",
            file.trim_end_matches(".csl"),
            pct,
            inputs.len(),
            pct_other,
            other
        );
        if !diffs.is_empty() {
            report.push_str(&format!(
                "\n== {file}: first differences\n{}",
                diffs.concat()
            ));
        }
    }
    print!("{report}");
}
