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
    let text = String::from_utf8_lossy(head);
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
        Format::Bibtex => bibtex::read(text),
        Format::Ris => ris::read(text),
        Format::CslJson => csljson::read(text),
        Format::EndnoteXml => endnote::read(text),
    };
    for e in out.iter_mut().flatten() {
        finish(&mut e.item);
    }
    out
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

/// 1-based line number of byte `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> u64 {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
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
/// entry that could not be read with its text. Text that is not UTF-8 is read as Latin-1 (old
/// BibTeX files), and each record says so in its warnings. `entered` is 008/00-05 (`yymmdd`).
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
    let (text, latin1) = match String::from_utf8(bytes) {
        Ok(t) => (t, false),
        Err(e) => (e.into_bytes().iter().map(|b| *b as char).collect(), true),
    };
    let items = read(format, &text)
        .into_iter()
        .enumerate()
        .map(|(i, entry)| match entry {
            Ok(e) => {
                let c = marc::to_marc(&e.item, entered, Some((format.name(), &e.source)));
                let mut warnings = e.warnings;
                warnings.extend(c.warnings);
                if latin1 {
                    warnings.push("the file is not UTF-8: read as Latin-1".into());
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
