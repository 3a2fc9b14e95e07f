//! The ratchet on Carrel's agreement with citeproc-js (Zotero's processor): all the shared
//! bibliographic records (1,715 from five MARC files) are rendered as one bibliography by Carrel
//! and by citeproc-js (tools/citeproc-compare, a dev-only oracle, never shipped), per style.
//!
//! `tests/data/csl-agreement/STYLE.txt` lists the entries that agree, one key a line (the MARC
//! file's name and the record's position in it: `For_DISC_HRID_match_1k.mrc#17`). The test
//! fails when a listed entry no longer agrees, or when the share of agreeing entries falls under
//! the style's floor. Entries that newly agree are printed with the command that adds them
//! (`CSL_AGREEMENT_UPDATE=1 cargo test -p carrel-bench --test csl_agreement`): the lists only
//! grow. Needs node and `npm ci` in tools/citeproc-compare (`scripts/setup --test`); without
//! them the test is listed as not run, and fails in CI.

use std::collections::BTreeSet;
use std::path::PathBuf;

use carrel_bench::csl_compare::{compare_style, load_corpus, tool_dir};

/// The styles held by the ratchet: `.csl` file, locale, list name, and the floor (per cent of
/// all entries that must agree). docs/bibliography.md says why the floors are what they are.
const STYLES: &[(&str, &str, &str, f64)] = &[
    ("apa.csl", "en-US", "apa", 96.5),
    (
        "chicago-author-date.csl",
        "en-US",
        "chicago-author-date",
        96.5,
    ),
];

fn list_path(name: &str) -> PathBuf {
    carrel_testkit::repo_root()
        .join("tests/data/csl-agreement")
        .join(format!("{name}.txt"))
}

fn read_list(name: &str) -> BTreeSet<String> {
    std::fs::read_to_string(list_path(name))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn write_list(name: &str, style: &str, keys: &BTreeSet<String>, in_order: &[String]) {
    let mut out = format!(
        "# Entries whose {style} text is identical in Carrel and citeproc-js (crates/bench/tests/csl_agreement.rs).\n\
         # One key a line: MARC file name#record position. The list only grows.\n"
    );
    for k in in_order.iter().filter(|k| keys.contains(*k)) {
        out.push_str(k);
        out.push('\n');
    }
    std::fs::create_dir_all(list_path(name).parent().unwrap()).unwrap();
    std::fs::write(list_path(name), out).unwrap();
}

#[test]
fn agreement_with_citeproc_js_only_grows() {
    let test = "csl_agreement";
    let Some(data) = carrel_testkit::shared_data_with(test, "csl") else {
        return;
    };
    if carrel_testkit::shared_data(test).is_none() || !carrel_testkit::tool(test, "node", "nodejs")
    {
        return;
    }
    if !tool_dir().join("node_modules/citeproc").is_dir() {
        carrel_testkit::skip(
            test,
            "citeproc-js is not installed (npm ci in tools/citeproc-compare; scripts/setup --test does it)",
        );
        return;
    }
    let update = std::env::var_os("CSL_AGREEMENT_UPDATE").is_some_and(|v| !v.is_empty());
    let corpus = load_corpus(&data, usize::MAX);
    assert!(
        corpus.inputs.len() > 1000,
        "the shared MARC files gave only {} records",
        corpus.inputs.len()
    );
    let mut failures = Vec::new();
    for &(file, locale, name, floor) in STYLES {
        let cmp = compare_style(&corpus, &data, file, locale).unwrap_or_else(|e| panic!("{e}"));
        let listed = read_list(name);
        let n = corpus.inputs.len();
        let mut agreeing = BTreeSet::new();
        let mut lost = Vec::new();
        for i in 0..n {
            let key = &corpus.keys[i];
            if cmp.agrees(i) {
                agreeing.insert(key.clone());
            } else if listed.contains(key) {
                lost.push(format!(
                    "  {key}\n    carrel:      {}\n    citeproc-js: {}",
                    cmp.carrel[i], cmp.citeproc[i]
                ));
            }
        }
        let missing: Vec<&String> = listed.iter().filter(|k| !corpus.keys.contains(k)).collect();
        let new: Vec<&String> = agreeing.difference(&listed).collect();
        let pct = 100.0 * agreeing.len() as f64 / n as f64;
        eprintln!(
            "{name}: {} of {n} entries agree ({pct:.1}%; floor {floor}%), {} listed",
            agreeing.len(),
            listed.len()
        );
        if !new.is_empty() {
            if update {
                let all: BTreeSet<String> = listed.union(&agreeing).cloned().collect();
                write_list(name, name, &all, &corpus.keys);
                eprintln!(
                    "{name}: added {} entries to {}",
                    new.len(),
                    list_path(name).display()
                );
            } else {
                eprintln!(
                    "{name}: {} entries agree that are not listed yet (add them: \
                     CSL_AGREEMENT_UPDATE=1 cargo test -p carrel-bench --test csl_agreement):",
                    new.len()
                );
                for k in new.iter().take(20) {
                    eprintln!("  {k}");
                }
            }
        }
        if !lost.is_empty() {
            failures.push(format!(
                "{name}: {} listed entries no longer agree with citeproc-js:\n{}",
                lost.len(),
                lost.join("\n")
            ));
        }
        if !missing.is_empty() {
            failures.push(format!(
                "{name}: {} listed entries are not among the shared records any more: {:?}",
                missing.len(),
                missing.iter().take(10).collect::<Vec<_>>()
            ));
        }
        if pct < floor {
            failures.push(format!(
                "{name}: {pct:.1}% of entries agree with citeproc-js, under the floor of {floor}%"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
