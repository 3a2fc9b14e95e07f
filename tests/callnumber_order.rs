//! Call-number order: the files in `tests/data/callnumbers/` list call numbers in the order they
//! stand on the shelf, grouped by the filing rule they exercise (`# rule: …` lines). A line
//! starting with `= ` files in the same place as the line before it; lines under a rule starting
//! with "unparsed" are not call numbers of the file's scheme and must file after the others.
//!
//! For each file: the sort keys rise strictly in file order (equal where marked), sorting a
//! shuffled copy by key gives the file order back, every line is read or not read as its rule
//! says, and `detect_scheme` names the file's scheme for every line that is read.

use std::path::PathBuf;

use carrel::catalogue::callnumber::{detect_scheme, sort_key, Scheme, SortKey};

struct Entry {
    text: String,
    line: usize,
    /// Files in the same place as the entry before it.
    same_as_previous: bool,
    /// The `# rule:` the entry stands under.
    rule: String,
    key: SortKey,
}

fn load(file: &str, scheme: Scheme) -> Vec<Entry> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/callnumbers")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut rule = String::new();
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if let Some(r) = line.strip_prefix("# rule:") {
            rule = r.trim().to_string();
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (same_as_previous, cn) = match line.strip_prefix("= ") {
            Some(cn) => (true, cn),
            None => (false, line),
        };
        assert!(
            !rule.is_empty(),
            "{file}:{}: call number before the first `# rule:` line",
            n + 1
        );
        entries.push(Entry {
            text: cn.to_string(),
            line: n + 1,
            same_as_previous,
            rule: rule.clone(),
            key: sort_key(cn, scheme),
        });
    }
    entries
}

fn check_order(file: &str, entries: &[Entry]) {
    for w in entries.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.same_as_previous {
            assert_eq!(
                a.key.key, b.key.key,
                "{file}:{}: {:?} should file in the same place as {:?} (line {})",
                b.line, b.text, a.text, a.line
            );
        } else {
            assert!(
                a.key.key < b.key.key,
                "{file}:{}: {:?} should file after {:?} (line {})\n  keys {:?} !< {:?}\n  rule: {}",
                b.line,
                b.text,
                a.text,
                a.line,
                a.key.key,
                b.key.key,
                b.rule
            );
        }
    }
}

fn check_parsed_and_detected(file: &str, entries: &[Entry], scheme: Scheme) {
    for e in entries {
        let unparsed = e.rule.starts_with("unparsed");
        assert_eq!(
            e.key.parsed, !unparsed,
            "{file}:{}: {:?} parsed = {} but it stands under rule {:?} (warning: {:?})",
            e.line, e.text, e.key.parsed, e.rule, e.key.warning
        );
        if unparsed {
            assert!(
                e.key.warning.is_some(),
                "{file}:{}: {:?} is not read but has no warning",
                e.line,
                e.text
            );
        } else {
            assert_eq!(
                detect_scheme(&e.text),
                scheme,
                "{file}:{}: detect_scheme({:?})",
                e.line,
                e.text
            );
        }
    }
}

/// A tiny linear congruential generator (Knuth's MMIX constants): the same shuffles on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Shuffles the entries 50 times (Fisher–Yates) and sorts them by key: the places (the index of
/// the first entry of each run of equal entries) must come back in file order.
fn check_shuffled_sort(file: &str, entries: &[Entry]) {
    let mut place = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        place.push(if e.same_as_previous { place[i - 1] } else { i });
    }
    let mut rng = Lcg(0x5EED_CA11_0000 + entries.len() as u64);
    let mut order: Vec<usize> = (0..entries.len()).collect();
    for round in 0..50 {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        let mut sorted = order.clone();
        sorted.sort_by(|&a, &b| entries[a].key.key.cmp(&entries[b].key.key));
        let got: Vec<usize> = sorted.iter().map(|&i| place[i]).collect();
        if got != place {
            let i = got.iter().zip(&place).position(|(g, p)| g != p).unwrap();
            panic!(
                "{file}: shuffle {round}: position {i} holds {:?} (line {}), expected the place of {:?} (line {})",
                entries[sorted[i]].text, entries[sorted[i]].line, entries[place[i]].text, entries[place[i]].line
            );
        }
    }
}

fn check_file(file: &str, scheme: Scheme, at_least: usize) -> usize {
    let entries = load(file, scheme);
    check_order(file, &entries);
    check_parsed_and_detected(file, &entries, scheme);
    check_shuffled_sort(file, &entries);
    let unparsed = entries.iter().filter(|e| !e.key.parsed).count();
    let equal = entries.iter().filter(|e| e.same_as_previous).count();
    println!(
        "{file}: {} call numbers ({unparsed} unparsed, {equal} filed with the line before)",
        entries.len()
    );
    for e in entries
        .iter()
        .filter(|e| e.key.parsed && e.key.warning.is_some())
    {
        println!(
            "  {file}:{}: {:?}: {}",
            e.line,
            e.text,
            e.key.warning.as_deref().unwrap_or_default()
        );
    }
    assert!(
        entries.len() >= at_least,
        "{file} has {} call numbers, want at least {at_least}",
        entries.len()
    );
    entries.len()
}

#[test]
fn lc_shelf_order() {
    check_file("lc.txt", Scheme::Lcc, 110);
}

#[test]
fn dewey_shelf_order() {
    check_file("ddc.txt", Scheme::Ddc, 60);
}

#[test]
fn local_shelf_order() {
    check_file("local.txt", Scheme::Local, 30);
}

#[test]
fn at_least_200_call_numbers_in_all() {
    let total: usize = [
        ("lc.txt", Scheme::Lcc),
        ("ddc.txt", Scheme::Ddc),
        ("local.txt", Scheme::Local),
    ]
    .iter()
    .map(|(f, s)| load(f, *s).len())
    .sum();
    assert!(total >= 200, "{total} call numbers in all");
}

#[test]
fn schemes_file_apart_and_unparsed_after_parsed() {
    // One list mixing schemes: Dewey, then LC, then local; in each, what was not read comes last.
    let order = [
        sort_key("005.133 B61", Scheme::Ddc),
        sort_key("REF 999 Z9", Scheme::Ddc),
        sort_key("FIC SMITH", Scheme::Ddc),
        sort_key("A1", Scheme::Lcc),
        sort_key("REF ZA9999 .Z99 2099 v.99", Scheme::Lcc),
        sort_key("Box 2", Scheme::Lcc),
        sort_key("1", Scheme::Local),
        sort_key("zzz", Scheme::Local),
        sort_key("---", Scheme::Local),
    ];
    for w in order.windows(2) {
        assert!(w[0].key < w[1].key, "{:?} < {:?}", w[0].key, w[1].key);
    }
}
