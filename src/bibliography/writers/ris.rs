//! RIS writer from CSL-JSON items.
//!
//! RIS is the tagged format of the Research Information Systems specification (as read by
//! EndNote, Zotero, Mendeley): one `TAG  - value` line per field (two letters or a letter and
//! a digit, two spaces, a hyphen, a space), CRLF line endings, a record starting with `TY` and
//! ending with `ER  - `. Repeatable tags (AU, A2, ED, SN) get one line per value.

use serde_json::Value;

use super::csl::{self, Name};

/// The RIS reference type of a CSL item type; `GEN` (generic) when there is none.
pub fn ris_type(csl_type: &str) -> &'static str {
    match csl_type {
        "book" => "BOOK",
        "chapter" => "CHAP",
        "article-journal" => "JOUR",
        "article-magazine" => "MGZN",
        "article-newspaper" => "NEWS",
        "paper-conference" => "CONF",
        "report" => "RPRT",
        "thesis" => "THES",
        "map" => "MAP",
        "legal_case" => "CASE",
        "legislation" | "bill" | "regulation" => "STAT",
        "manuscript" => "MANSCPT",
        "webpage" | "post-weblog" | "post" => "ELEC",
        _ => "GEN",
    }
}

/// Writes `items` (CSL-JSON objects) as one RIS file (UTF-8, CRLF), one record per item in
/// order. Tags written: TY, AU (authors), ED (editors; A2 for the editors of the book that holds a
/// chapter), TI, T2 (container title), T3 (series), PY (year), DA (`YYYY/MM/DD/`), PB, CY, ET,
/// VL, IS, SP/EP, SN (ISBN and ISSN), UR, DO, LA, CN (call number), KW (keywords), AB, N1 (note), ER.
pub fn write_ris(items: &[Value]) -> String {
    let mut out = String::new();
    for item in items {
        write_record(&mut out, item);
    }
    out
}

fn line(out: &mut String, tag: &str, value: &str) {
    // RIS is line based: a value cannot hold a line break.
    let value: String = value
        .split(['\r', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(tag);
    out.push_str("  - ");
    out.push_str(&value);
    out.push_str("\r\n");
}

fn name_text(n: &Name) -> String {
    match n {
        Name::Literal(l) => l.clone(),
        Name::Person {
            family,
            given,
            particle,
            suffix,
        } => {
            let last = match particle {
                Some(p) => format!("{p} {family}"),
                None => family.clone(),
            };
            // RIS name form: "Last, First, Suffix".
            match (given, suffix) {
                (Some(g), Some(s)) => format!("{last}, {g}, {s}"),
                (Some(g), None) => format!("{last}, {g}"),
                (None, Some(s)) => format!("{last}, , {s}"),
                (None, None) => last,
            }
        }
    }
}

fn write_record(out: &mut String, item: &Value) {
    let csl_type = csl::str_field(item, "type").unwrap_or_default();
    let ty = ris_type(&csl_type);
    let s = |k: &str| csl::str_field(item, k);
    line(out, "TY", ty);
    for n in csl::names(item, "author") {
        line(out, "AU", &name_text(&n));
    }
    let editor_tag = if ty == "CHAP" { "A2" } else { "ED" };
    for n in csl::names(item, "editor") {
        line(out, editor_tag, &name_text(&n));
    }
    if let Some(v) = s("title") {
        line(out, "TI", &v);
    }
    if let Some(v) = s("container-title") {
        line(out, "T2", &v);
    }
    if let Some(v) = s("collection-title") {
        line(out, "T3", &v);
    }
    if let Some((y, m, d)) = csl::date(item, "issued") {
        line(out, "PY", &y.to_string());
        let m = m.map(|m| format!("{m:02}")).unwrap_or_default();
        let d = d.map(|d| format!("{d:02}")).unwrap_or_default();
        line(out, "DA", &format!("{y}/{m}/{d}/"));
    }
    if let Some(v) = s("publisher").or_else(|| s("authority")) {
        line(out, "PB", &v);
    }
    if let Some(v) = s("publisher-place")
        .or_else(|| s("event-place"))
        .or_else(|| s("jurisdiction"))
    {
        line(out, "CY", &v);
    }
    if let Some(v) = s("edition") {
        line(out, "ET", &v);
    }
    if let Some(v) = s("volume") {
        line(out, "VL", &v);
    }
    if let Some(v) = s("issue")
        .or_else(|| s("number"))
        .or_else(|| s("collection-number"))
    {
        line(out, "IS", &v);
    }
    if let Some(p) = s("page") {
        let mut parts = p.split(['-', '–']).map(str::trim).filter(|x| !x.is_empty());
        if let Some(sp) = parts.next() {
            line(out, "SP", sp);
        }
        if let Some(ep) = parts.next() {
            line(out, "EP", ep);
        }
    }
    for key in ["ISBN", "ISSN"] {
        if let Some(v) = s(key) {
            line(out, "SN", &v);
        }
    }
    if let Some(v) = s("URL") {
        line(out, "UR", &v);
    }
    if let Some(v) = s("DOI") {
        line(out, "DO", &v);
    }
    if let Some(v) = s("language") {
        line(out, "LA", &v);
    }
    if let Some(v) = s("call-number") {
        line(out, "CN", &v);
    }
    // CSL `keyword` is one comma-separated string; RIS has a KW line per keyword.
    if let Some(v) = s("keyword") {
        for k in v.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            line(out, "KW", k);
        }
    }
    if let Some(v) = s("abstract") {
        line(out, "AB", &v);
    }
    if let Some(v) = s("note") {
        line(out, "N1", &v);
    }
    out.push_str("ER  - \r\n\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn record_has_tags_in_ris_form_with_crlf() {
        let item = json!({"type": "chapter", "title": "Costs\nin arbitration", "author": [{"family": "Smith", "given": "Jane"}],
            "editor": [{"literal": "Law Society"}], "issued": {"date-parts": [[2019, 3]]}, "page": "10–25"});
        let ris = write_ris(&[item]);
        assert!(ris.starts_with("TY  - CHAP\r\nAU  - Smith, Jane\r\nA2  - Law Society\r\nTI  - Costs in arbitration\r\n"));
        assert!(ris.contains("DA  - 2019/03//\r\n"));
        assert!(ris.contains("SP  - 10\r\nEP  - 25\r\n"));
        assert!(ris.ends_with("ER  - \r\n\r\n"));
        assert!(!ris.replace("\r\n", "").contains('\n'));
    }
}
