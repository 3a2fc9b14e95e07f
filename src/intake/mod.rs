//! Reference-manager files in: BibTeX/BibLaTeX, RIS, CSL-JSON and EndNote XML (what Zotero,
//! Mendeley, JabRef and EndNote export) read into CSL-JSON items, then made into MARC 21
//! bibliographic records by the reverse of the bibliography crosswalk
//! ([`crate::bibliography::crosswalk`]), so that an item imported and rendered again in the same
//! style reads the same. Pure conversion: the import (`catalogue::import`) reads the file and
//! stores the records through the same path as MARC. See docs/intake.md.

mod bibtex;
mod csljson;
mod endnote;
pub mod marc;
mod ris;

use serde_json::{Map, Value};

/// A reference-manager format, recognised by content ([`sniff`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// BibTeX or BibLaTeX (`@book{key, …}`), read with the `biblatex` crate.
    Bibtex,
    /// RIS (Research Information Systems tagged format: `TY  - BOOK` … `ER  - `).
    Ris,
    /// CSL-JSON (an array of CSL 1.0.2 items, Zotero's "Exported Items.json").
    CslJson,
    /// EndNote XML (`<xml><records><record>…`).
    EndnoteXml,
}

impl Format {
    /// The format's name, as the report and 887 $2 give it ("bibtex", "ris", "csl-json",
    /// "endnote-xml").
    pub fn name(self) -> &'static str {
        match self {
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::CslJson => "csl-json",
            Format::EndnoteXml => "endnote-xml",
        }
    }
}

/// One entry of a reference-manager file, read into a CSL-JSON item.
#[derive(Clone, Debug)]
pub struct Entry {
    /// 1-based line of the entry's start in the file.
    pub line: u64,
    /// Byte offset of the entry's start in the file (after a byte-order mark).
    pub offset: u64,
    /// The CSL-JSON item (CSL 1.0.2 variables; `type` always set).
    pub item: Map<String, Value>,
    /// The entry's text as it is in the file, kept with the record (887 $a).
    pub source: String,
    /// What was repaired or left out while reading, one sentence each.
    pub warnings: Vec<String>,
}

/// An entry that could not be read.
#[derive(Clone, Debug)]
pub struct Problem {
    /// 1-based line where the entry (or the fault) starts.
    pub line: u64,
    /// Byte offset of that line.
    pub offset: u64,
    /// What is wrong, as a sentence for the user.
    pub reason: String,
    /// The entry's text, kept aside for repair.
    pub source: String,
}

/// The format of a file from its first bytes (`head`, a few kilobytes suffice), or `None` when
/// it is none of the reference-manager formats. A UTF-8 byte-order mark is skipped.
pub fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // A UTF-16 file (with its byte-order mark) is read as the text it is; an odd last byte of
    // the head is a character cut in two.
    let text = match utf16(head) {
        Some(t) => std::borrow::Cow::Owned(t),
        None => String::from_utf8_lossy(head),
    };
    let t = text.trim_start();
    if t.starts_with('[') || t.starts_with('{') {
        // CSL-JSON: objects with a CSL `type`; MARC-in-JSON (`"leader"`, `"fields"`) is not.
        let csl = t.contains("\"type\"")
            && (t.contains("\"title\"") || t.contains("\"id\""))
            && !t.contains("\"leader\"")
            && !t.contains("\"fields\"");
        let empty = t
            .strip_prefix('[')
            .is_some_and(|r| r.trim_start().starts_with(']'));
        return (csl || empty).then_some(Format::CslJson);
    }
    if t.starts_with('<') {
        let low = t.to_ascii_lowercase();
        let endnote =
            low.contains("<records>") && low.contains("<record>") || low.contains("<ref-type");
        return (endnote && !low.contains("<collection")).then_some(Format::EndnoteXml);
    }
    // RIS: the first tag line is "TY  - ". Some exports put blank lines or a BOM first.
    if t.lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .any(ris::is_type_line)
    {
        return Some(Format::Ris);
    }
    // BibTeX: an entry, a @string/@comment/@preamble, or comments before them (JabRef writes
    // "% Encoding: UTF-8"); text outside entries is a comment in BibTeX.
    for line in t.lines().filter(|l| !l.trim().is_empty()).take(30) {
        let l = line.trim_start();
        // MARC's separators (ISO 2709) or other control characters: not a text file.
        if l.chars().any(|c| c.is_control() && c != '\t' && c != '\r') {
            return None;
        }
        if l.starts_with('%') {
            continue;
        }
        if let Some(rest) = l.strip_prefix('@') {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            let after = rest[name.len()..].trim_start();
            if !name.is_empty() && (after.starts_with('{') || after.starts_with('(')) {
                return Some(Format::Bibtex);
            }
        }
        if l.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    None
}

/// Reads every entry of `text` in `format`, in file order: each one read, or why not.
pub fn read(format: Format, text: &str) -> Vec<std::result::Result<Entry, Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = match format {
        Format::Bibtex => {
            let braced = bibtex::braced(text);
            let mut out = bibtex::read(&braced);
            partly_read(&braced, &mut out);
            if let std::borrow::Cow::Owned(_) = braced {
                // The source kept with each record is the file's text, quotes and all.
                for e in &mut out {
                    let (offset, source) = match e {
                        Ok(e) => (e.offset as usize, &mut e.source),
                        Err(p) => (p.offset as usize, &mut p.source),
                    };
                    if let Some(t) = text.get(offset..offset + source.len()) {
                        *source = t.to_string();
                    }
                }
            }
            out
        }
        Format::Ris => ris::read(text),
        Format::CslJson => csljson::read(text),
        Format::EndnoteXml => endnote::read(text),
    };
    for e in out.iter_mut().flatten() {
        finish(&mut e.item);
    }
    out
}

/// Warns of each BibTeX entry the crate read only in part (a value it ended too early swallows
/// the fields after it without an error) and keeps the entry's whole text as its source.
fn partly_read(text: &str, out: &mut [std::result::Result<Entry, Problem>]) {
    for e in out.iter_mut().flatten() {
        let at = e.offset as usize;
        let (Some(end), declared) = text.get(at..).map_or((None, 0), bibtex::entry_extent) else {
            continue;
        };
        let read_to = at + e.source.len();
        if at + end > read_to && text.get(read_to..at + end).is_some_and(|r| r.contains('=')) {
            e.warnings.push(format!(
                "line {}: only part of the entry could be read (its {declared} fields end at line {}); the fields after line {} were left out",
                e.line,
                line_of(text, at + end),
                line_of(text, read_to)
            ));
            e.source = text[at..at + end].to_string();
        }
    }
}

/// What every reader's item is made to be: a `type`, trimmed strings, no empty values.
fn finish(item: &mut Map<String, Value>) {
    item.retain(|_, v| match v {
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Null => false,
        _ => true,
    });
    for v in item.values_mut() {
        if let Value::String(s) = v {
            let t = collapse(s);
            *s = t;
        }
    }
    if !item.contains_key("type") {
        item.insert("type".into(), Value::String("book".into()));
    }
}

/// White space runs (line breaks of wrapped fields) as one space, trimmed.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line number of byte `offset` in `text`, by counting from the start: for one look-up
/// only (a whole file's entries use [`Lines`]).
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    #[cfg(test)]
    LINE_OF_CALLS.with(|c| c.set(c.get() + 1));
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

#[cfg(test)]
thread_local! {
    /// How many times [`line_of`] counted from the start (the tests check that readers don't).
    static LINE_OF_CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The line numbers of one text: the offsets of its line breaks, found once, so that the line of
/// each entry is a binary search. (Counting from the start of the file for every entry made
/// reading N entries take time in N².)
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    /// The line breaks of `text`.
    pub(crate) fn new(text: &str) -> Self {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The 1-based line of byte `offset` of the text the index was made from.
    pub(crate) fn line(&self, offset: usize) -> u64 {
        self.0.partition_point(|&nl| nl < offset) as u64 + 1
    }
}

/// Sets `key` to a string value when `value` is not empty.
pub(crate) fn put(item: &mut Map<String, Value>, key: &str, value: &str) {
    let v = collapse(value);
    if !v.is_empty() {
        item.insert(key.into(), Value::String(v));
    }
}

/// Appends a name to the name list `role` (`author`, `editor`, …).
pub(crate) fn push_name(item: &mut Map<String, Value>, role: &str, name: Value) {
    let list = item
        .entry(role.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(a) = list {
        a.push(name);
    }
}

/// A name written "Family, Given" or "Given Family" (RIS, EndNote) as a CSL name: a name
/// without a comma and of one word, or with more words than a person's, is `literal`
/// (an organisation).
pub(crate) fn name_from_text(s: &str) -> Value {
    let s = collapse(s);
    if let Some((family, given)) = s.split_once(',') {
        let (given, suffix) = match given.split_once(',') {
            Some((g, suf)) => (g.trim().to_string(), Some(suf.trim().to_string())),
            None => (given.trim().to_string(), None),
        };
        let mut m = Map::new();
        split_particle(family.trim(), &mut m);
        if !given.is_empty() {
            m.insert("given".into(), Value::String(given));
        }
        if let Some(suf) = suffix.filter(|s| !s.is_empty()) {
            m.insert("suffix".into(), Value::String(suf));
        }
        return Value::Object(m);
    }
    let words: Vec<&str> = s.split(' ').collect();
    if words.len() < 2 || words.len() > 4 {
        let mut m = Map::new();
        m.insert("literal".into(), Value::String(s));
        return Value::Object(m);
    }
    // "Given [particle] Family": lower-case words before the last are the particle.
    let mut first_lower = words.len() - 1;
    while first_lower > 1 && is_particle(words[first_lower - 1]) {
        first_lower -= 1;
    }
    let mut m = Map::new();
    m.insert(
        "family".into(),
        Value::String(words[words.len() - 1].into()),
    );
    if first_lower < words.len() - 1 {
        m.insert(
            "non-dropping-particle".into(),
            Value::String(words[first_lower..words.len() - 1].join(" ")),
        );
    }
    m.insert(
        "given".into(),
        Value::String(words[..first_lower].join(" ")),
    );
    Value::Object(m)
}

/// "de la Mare" → particle "de la", family "Mare" (only lower-case leading words).
pub(crate) fn split_particle(family: &str, m: &mut Map<String, Value>) {
    let words: Vec<&str> = family.split(' ').collect();
    let n = words
        .iter()
        .take_while(|w| is_particle(w))
        .count()
        .min(words.len().saturating_sub(1));
    if n > 0 {
        m.insert(
            "non-dropping-particle".into(),
            Value::String(words[..n].join(" ")),
        );
    }
    m.insert("family".into(), Value::String(words[n..].join(" ")));
}

fn is_particle(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

/// The first four-digit year in `s` ("2019-05-01", "May 2019", "2019///").
pub(crate) fn year_in(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let edge_before = i == 0 || !b[i - 1].is_ascii_digit();
        let edge_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (w.iter().all(u8::is_ascii_digit) && edge_before && edge_after)
            .then(|| s[i..i + 4].parse().ok())
            .flatten()
    })
}

/// Sets `issued` to `{"date-parts": [[year]]}` from the first year in `s`.
pub(crate) fn put_year(item: &mut Map<String, Value>, s: &str) {
    if let Some(y) = year_in(s) {
        item.insert("issued".into(), serde_json::json!({ "date-parts": [[y]] }));
    }
}

/// "10-20", "10--20", "10–20" as CSL `page` "10-20".
pub(crate) fn pages(s: &str) -> String {
    let s = collapse(s).replace("--", "-").replace('–', "-");
    s.trim_matches('-').to_string()
}

/// Reads a whole reference-manager file from `stream` and makes each entry a MARC 21 record
/// ([`marc::to_marc`]), as the import's items: a record with its ISO 2709 (UTF-8) bytes, or the
/// entry that could not be read with its text. UTF-16 with a byte-order mark is decoded; other
/// text that is not UTF-8 is read as Windows-1252 (old BibTeX files), and each record says so
/// in its warnings. `entered` is 008/00-05 (`yymmdd`).
pub fn file_items(
    format: Format,
    mut stream: impl std::io::Read,
    entered: &str,
) -> crate::Result<Vec<crate::catalogue::marcfile::Item>> {
    use crate::catalogue::marcfile::{Item, ReadRecord, Rejected};
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .map_err(|e| crate::Error::io("cannot read the file".to_string(), e))?;
    let (text, read_as) = decode(bytes);
    let items = read(format, &text)
        .into_iter()
        .enumerate()
        .map(|(i, entry)| match entry {
            Ok(e) => {
                let c = marc::to_marc(&e.item, entered, Some((format.name(), &e.source)));
                let mut warnings = e.warnings;
                warnings.extend(c.warnings);
                if let Some(how) = read_as {
                    warnings.push(format!("the file is not UTF-8: read as {how}"));
                }
                Item {
                    ordinal: i as u64 + 1,
                    offset: e.offset,
                    line: Some(e.line),
                    outcome: Ok(ReadRecord {
                        raw: carrel_marc::write_iso2709(&c.record),
                        record: c.record,
                        marc8: false,
                        undecoded: false,
                        warnings,
                    }),
                }
            }
            Err(p) => Item {
                ordinal: i as u64 + 1,
                offset: p.offset,
                line: Some(p.line),
                outcome: Err(Rejected {
                    tag: None,
                    reason: p.reason,
                    raw: p.source.into_bytes(),
                }),
            },
        })
        .collect();
    Ok(items)
}

/// The text of UTF-16 bytes that start with a byte-order mark (FF FE little-endian, FE FF
/// big-endian; Unicode 15, 23.8), or `None` without one. Unpaired surrogates become U+FFFD.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (le, rest) = if let Some(r) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, r)
    } else {
        (false, bytes.strip_prefix(b"\xFE\xFF")?)
    };
    let units = rest.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// What Windows-1252 has at 0x80–0x9F, where Latin-1 has C1 control characters (WHATWG
/// Encoding, index windows-1252); the five bytes it leaves undefined stay as they are.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The text of a reference-manager file: UTF-16 with its byte-order mark, UTF-8, or else
/// Windows-1252 (old BibTeX and EndNote files; a superset of Latin-1 for text); with the name
/// of the encoding when it was not UTF-8, for the report.
fn decode(bytes: Vec<u8>) -> (String, Option<&'static str>) {
    if let Some(t) = utf16(&bytes) {
        return (t, None);
    }
    match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let text = e
                .into_bytes()
                .iter()
                .map(|b| match b {
                    0x80..=0x9F => CP1252_HIGH[(*b - 0x80) as usize],
                    _ => *b as char,
                })
                .collect();
            (text, Some("Windows-1252"))
        }
    }
}

/// 008/00-05 (date entered on file, `yymmdd`) for records made from the file at `path`: the
/// day the file was last written (the core reads no clock), or `||||||` when unknown.
pub fn entered_date(path: &std::path::Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map(|t| {
            chrono::DateTime::<chrono::Utc>::from(t)
                .format("%y%m%d")
                .to_string()
        })
        .unwrap_or_else(|_| "||||||".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        assert_eq!(sniff(b"TY  - BOOK\nTI  - X\nER  - \n"), Some(Format::Ris));
        assert_eq!(sniff(b"\xEF\xBB\xBF\n\nTY  - JOUR\n"), Some(Format::Ris));
        assert_eq!(
            sniff(b"% Encoding: UTF-8\n\n@Book{k,\n"),
            Some(Format::Bibtex)
        );
        assert_eq!(
            sniff(b"[\n  {\"id\": \"x\", \"type\": \"book\"}"),
            Some(Format::CslJson)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><xml><records><record><ref-type name=\"Book\">6</ref-type>"),
            Some(Format::EndnoteXml)
        );
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><collection xmlns=\"http://www.loc.gov/MARC21/slim\"><record>"), None);
        assert_eq!(sniff(b"00714cam a2200205 a 4500"), None);
        assert_eq!(
            sniff(b"[{\"leader\": \"01471cjm  2200349 a 4500\", \"fields\": [{\"001\": \"5674874\"}]}]"),
            None
        );
        assert_eq!(sniff(b"=LDR  00714cam"), None);
    }

    /// Each reader finds its entries' lines in one index of the file, never by counting from
    /// the start for each entry (which made 20,000 entries take minutes: time in N²).
    #[test]
    fn entry_lines_come_from_one_index() {
        let text = "a\nbc\n\nd\n";
        let lines = Lines::new(text);
        for i in 0..=text.len() {
            assert_eq!(lines.line(i), line_of(text, i), "offset {i}");
        }
        let bib: String = (0..50)
            .map(|i| format!("@book{{k{i},\n  title = {{T{i}}}\n}}\n\n"))
            .collect();
        let json = format!(
            "[{}]",
            (0..50)
                .map(|i| format!("\n{{\"type\": \"book\", \"title\": \"T{i}\"}}"))
                .collect::<Vec<_>>()
                .join(",")
        );
        let xml = format!(
            "<xml><records>{}</records></xml>",
            (0..50)
                .map(|i| format!("\n<record><ref-type name=\"Book\">6</ref-type><titles><title>T{i}</title></titles></record>"))
                .collect::<String>()
        );
        LINE_OF_CALLS.with(|c| c.set(0));
        for (format, text, first, step) in [
            (Format::Bibtex, &bib, 1, 4),
            (Format::CslJson, &json, 2, 1),
            (Format::EndnoteXml, &xml, 2, 1),
        ] {
            let entries = read(format, text);
            assert_eq!(entries.len(), 50, "{format:?}");
            for (i, e) in entries.iter().enumerate() {
                assert_eq!(
                    e.as_ref().unwrap().line,
                    first + step * i as u64,
                    "{format:?} {i}"
                );
            }
        }
        assert_eq!(LINE_OF_CALLS.with(std::cell::Cell::get), 0);
    }

    /// An entry the BibTeX crate reads only in part says so, naming the lines, and keeps its text.
    #[test]
    fn a_partly_read_bibtex_entry_is_never_silent() {
        let text = "\n@book{t3,\n  title = \"Quoted {\"}inner{\"} string\",\n  author = \"Anon, Ymous\",\n  year = \"1990\"\n}\n";
        let mut out = bibtex::read(text);
        partly_read(text, &mut out);
        let e = out[0].as_ref().unwrap();
        assert!(
            e.warnings.iter().any(|w| w.starts_with(
                "line 2: only part of the entry could be read (its 3 fields end at line 6)"
            )),
            "{:?}",
            e.warnings
        );
        assert!(e.source.ends_with("\"1990\"\n}"), "{}", e.source);
        // Read as `read` does, with the quotes braced, it is whole.
        let e = &read(Format::Bibtex, text)[0].as_ref().unwrap().clone();
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
        assert_eq!(e.item["title"], "Quoted \"inner\" string");
        assert_eq!(e.source, text.trim());
    }

    #[test]
    fn names_from_text() {
        assert_eq!(
            name_from_text("de la Mare, Walter"),
            serde_json::json!({"non-dropping-particle": "de la", "family": "Mare", "given": "Walter"})
        );
        assert_eq!(
            name_from_text("Jane Q. Doe"),
            serde_json::json!({"family": "Doe", "given": "Jane Q."})
        );
        assert_eq!(
            name_from_text("Smith, John, Jr."),
            serde_json::json!({"family": "Smith", "given": "John", "suffix": "Jr."})
        );
        assert_eq!(
            name_from_text("UNESCO"),
            serde_json::json!({"literal": "UNESCO"})
        );
    }
}
