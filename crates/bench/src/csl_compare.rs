//! `carrel-bench csl-compare`: how often Carrel's bibliography entries (hayagriva plus Carrel's
//! crosswalk and clean-up) are identical in plain text to what citeproc-js renders from the same
//! CSL-JSON items. citeproc-js (tools/citeproc-compare, a dev tool, never shipped) is the oracle
//! users compare with (Zotero). The same comparison backs the ratchet test
//! `crates/bench/tests/csl_agreement.rs`.
//!
//! Both sides render all the records as one bibliography, as a user prints one: the style's
//! disambiguation (year suffixes "2022a"/"2022b") and subsequent-author substitutes apply across
//! the entries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::{record_item, styles};
use carrel::catalogue::import::{import_files, ImportOptions};

/// The shared MARC files compared (relative to the shared data folder): LC records, National
/// Library of Australia records, French MARC-8 records, maps, fiction.
pub const FILES: &[&str] = &[
    "marc/cliffeh-marc/testfile.marc.gz",
    "marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc",
    "marc/evergreen/lul_fre_100.mrc",
    "marc/evergreen/map_data.mrc",
    "marc/marc4j/chabon.mrc",
];

/// The styles compared: the `.csl` file in `<shared data>/csl/` and the locale rendered.
pub const STYLES: &[(&str, &str)] = &[
    ("apa.csl", "en-US"),
    ("chicago-author-date.csl", "en-US"),
    ("modern-language-association.csl", "en-US"),
    ("oscola.csl", "en-GB"),
    ("chicago-notes-bibliography.csl", "en-US"),
    ("harvard-cite-them-right.csl", "en-GB"),
    ("ieee.csl", "en-US"),
];

/// Each side numbers the entries in its own order, so citation numbers ("[1] ") say nothing:
/// compare without.
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

/// The records compared, imported once into a temporary library, with their CSL-JSON items
/// written to a file for citeproc-js.
pub struct Corpus {
    _dir: tempfile::TempDir,
    /// The entries Carrel renders, in record order.
    pub inputs: Vec<EntryInput>,
    /// Each entry's stable key, parallel to `inputs`: the MARC file's name and the record's
    /// 1-based position in it (`For_DISC_HRID_match_1k.mrc#17`), independent of record ids.
    pub keys: Vec<String>,
    /// The CSL-JSON items (Carrel's public form of each record's item), one JSON array.
    pub items_path: PathBuf,
    /// How many of [`FILES`] were found and imported.
    pub files: usize,
}

impl Corpus {
    /// True when the entry at `i` is in Chinese or Japanese (CSL `language` zh, ja).
    pub fn is_zh_ja(&self, i: usize) -> bool {
        matches!(
            self.inputs[i].item.get("language").and_then(|l| l.as_str()),
            Some("zh" | "ja")
        )
    }
}

/// Imports [`FILES`] from the shared data folder `data` into a temporary library and builds the
/// CSL-JSON items of an even sample of at most `limit` bibliographic records (all of them when
/// `limit` is at least their number: 1,715 today).
pub fn load_corpus(data: &Path, limit: usize) -> Corpus {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("compare.sqlite");
    let mut lib = carrel::Library::open(&path).expect("library");
    let files: Vec<PathBuf> = FILES
        .iter()
        .map(|f| data.join(f))
        .filter(|p| p.exists())
        .collect();
    import_files(
        &mut lib,
        &files,
        &ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp")),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let mut st = conn
        .prepare(
            "SELECT id, source_file, source_ordinal FROM records \
             WHERE record_type NOT IN ('z','u','v','x','y','q') AND deleted_at IS NULL ORDER BY id",
        )
        .unwrap();
    let rows: Vec<(carrel::RecordId, String)> = st
        .query_map([], |r| {
            let file: Option<String> = r.get(1)?;
            let ordinal: Option<i64> = r.get(2)?;
            let name = file
                .as_deref()
                .and_then(|f| Path::new(f).file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((r.get(0)?, format!("{name}#{}", ordinal.unwrap_or(0))))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    // An even sample over all files, at most `limit` records.
    let step = (rows.len() / limit.max(1)).max(1);
    let rows: Vec<_> = rows.into_iter().step_by(step).take(limit).collect();
    let inputs: Vec<EntryInput> = rows
        .iter()
        .map(|&(id, _)| EntryInput {
            record_id: id,
            item: record_item(&lib, id).unwrap(),
            annotation: None,
            location: None,
        })
        .collect();
    let keys = rows.into_iter().map(|(_, k)| k).collect();
    let items: Vec<serde_json::Value> = inputs
        .iter()
        .map(|i| carrel::bibliography::render::public_item(&i.item))
        .collect();
    let items_path = dir.path().join("items.json");
    std::fs::write(&items_path, serde_json::to_string(&items).unwrap()).unwrap();
    // For a look at the items with tools/citeproc-compare by hand.
    if let Some(copy) = std::env::var_os("CSL_COMPARE_ITEMS").filter(|v| !v.is_empty()) {
        std::fs::copy(&items_path, copy).expect("copy of the items");
    }
    Corpus {
        _dir: dir,
        inputs,
        keys,
        items_path,
        files: files.len(),
    }
}

/// One style's comparison: each entry's text from both sides, parallel to [`Corpus::inputs`].
pub struct StyleComparison {
    /// Carrel's plain text of each entry (white space normalised).
    pub carrel: Vec<String>,
    /// citeproc-js's plain text of each entry (white space normalised, citation number removed).
    pub citeproc: Vec<String>,
    /// How long Carrel took to render the bibliography, in milliseconds.
    pub carrel_ms: u128,
}

impl StyleComparison {
    /// True when entry `i` is identical on both sides.
    pub fn agrees(&self, i: usize) -> bool {
        self.carrel[i] == self.citeproc[i]
    }

    /// How many entries agree.
    pub fn agreeing(&self) -> usize {
        (0..self.carrel.len()).filter(|&i| self.agrees(i)).count()
    }
}

/// The folder of the citeproc-js dev tool (`tools/citeproc-compare`); its `node_modules` exists
/// once `npm ci` ran there.
pub fn tool_dir() -> PathBuf {
    carrel_testkit::repo_root().join("tools/citeproc-compare")
}

/// Renders the corpus in `style_file` (a file name in `<data>/csl/`) and `locale` with Carrel
/// and with citeproc-js (one node process), or says why it could not.
pub fn compare_style(
    corpus: &Corpus,
    data: &Path,
    style_file: &str,
    locale: &str,
) -> Result<StyleComparison, String> {
    let csl_dir = data.join("csl");
    let locales_dir = csl_dir.join("locales");
    let locales = styles::locales(Some(&locales_dir));
    let style_path = csl_dir.join(style_file);
    let style = styles::load_style(style_path.to_str().unwrap(), Some(&csl_dir))
        .map_err(|e| format!("cannot load {style_file}: {e}"))?;
    let t0 = std::time::Instant::now();
    let ours = render_entries(&style, &locales, Some(locale), &corpus.inputs, true);
    let carrel_ms = t0.elapsed().as_millis();
    let mine: HashMap<carrel::RecordId, String> = ours
        .entries
        .iter()
        .map(|e| (e.record_id, norm(&e.plain_text())))
        .collect();
    let out = std::process::Command::new("node")
        .arg(tool_dir().join("render.js"))
        .arg(&style_path)
        .arg(&locales_dir)
        .arg(locale)
        .arg(&corpus.items_path)
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "citeproc-js failed on {style_file}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
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
    let carrel = corpus
        .inputs
        .iter()
        .map(|i| mine.get(&i.record_id).cloned().unwrap_or_default())
        .collect();
    let citeproc = corpus
        .inputs
        .iter()
        .map(|i| {
            theirs
                .get(&format!("r{}", i.record_id))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    Ok(StyleComparison {
        carrel,
        citeproc,
        carrel_ms,
    })
}

/// Prints the agreement per style over at most `limit` records and the first `show`
/// differences of each style.
pub fn csl_compare(data: &Path, limit: usize, show: usize) {
    if !tool_dir().join("node_modules/citeproc").is_dir() {
        eprintln!(
            "citeproc-js is not installed: run `npm ci` in {} (scripts/csl-compare does)",
            tool_dir().display()
        );
        std::process::exit(2);
    }
    let corpus = load_corpus(data, limit);
    println!(
        "{} records (bibliographic, from {} shared MARC files)",
        corpus.inputs.len(),
        corpus.files
    );
    println!("{:<36} {:>8} {:>10}", "style", "agree", "of");
    let mut report = String::new();
    for (file, locale) in STYLES {
        let cmp = match compare_style(&corpus, data, file, locale) {
            Ok(c) => c,
            Err(e) => {
                println!("{file:<36} {}", e.lines().next().unwrap_or(""));
                continue;
            }
        };
        let n = corpus.inputs.len();
        let (mut other, mut other_same) = (0, 0);
        let mut diffs = Vec::new();
        for i in 0..n {
            if !corpus.is_zh_ja(i) {
                other += 1;
                other_same += usize::from(cmp.agrees(i));
            }
            if !cmp.agrees(i) && diffs.len() < show {
                diffs.push(format!(
                    "  {} (r{})\n    carrel:      {}\n    citeproc-js: {}\n",
                    corpus.keys[i], corpus.inputs[i].record_id, cmp.carrel[i], cmp.citeproc[i]
                ));
            }
        }
        let pct = 100.0 * cmp.agreeing() as f64 / n.max(1) as f64;
        let pct_other = 100.0 * other_same as f64 / other.max(1) as f64;
        println!(
            "{:<36} {:>7.1}% {:>10}   {:>7.1}% of {:>4} without zh/ja items   (Carrel {} ms)",
            file.trim_end_matches(".csl"),
            pct,
            n,
            pct_other,
            other,
            cmp.carrel_ms
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
