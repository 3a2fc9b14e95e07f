//! EndNote XML (`<xml><records><record>…`, EndNote's "XML" export): one `<record>` per
//! reference, text in `<style>` elements, the reference type in `<ref-type name="…">`.

use roxmltree::{Document, Node};
use serde_json::{Map, Value};

use super::{name_from_text, pages, push_name, put, put_year, Entry, Lines, Problem};

/// The text of an element, its `<style>` runs joined.
fn text_of(n: Node) -> String {
    let s: String = n
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    super::collapse(&s)
}

fn child<'a, 'i>(n: Node<'a, 'i>, path: &[&str]) -> Option<Node<'a, 'i>> {
    let mut cur = n;
    for p in path {
        cur = cur.children().find(|c| c.has_tag_name(*p))?;
    }
    Some(cur)
}

fn get(n: Node, path: &[&str]) -> Option<String> {
    child(n, path).map(text_of).filter(|s| !s.is_empty())
}

/// CSL type of an EndNote reference type (its name, else its number).
fn csl_type(name: &str, number: &str) -> &'static str {
    match (name.to_ascii_lowercase().as_str(), number) {
        ("journal article", _) | (_, "17") | ("electronic article", _) | (_, "43") => {
            "article-journal"
        }
        ("magazine article", _) | (_, "19") => "article-magazine",
        ("newspaper article", _) | (_, "23") => "article-newspaper",
        ("book section", _) | (_, "5") | ("electronic book section", _) | (_, "60") => "chapter",
        ("conference paper", _) | (_, "47") => "paper-conference",
        // A whole volume of papers: a book (am), not a part of one.
        ("conference proceedings", _) | (_, "10") => "book",
        ("film or broadcast", _) | (_, "21") => "motion_picture",
        ("map", _) | (_, "20") => "map",
        ("thesis", _) | (_, "32") => "thesis",
        ("report", _) | (_, "27") => "report",
        ("case", _) | (_, "7") => "legal_case",
        ("statute", _) | (_, "31") | ("bill", _) | (_, "4") => "legislation",
        ("web page", _) | (_, "12") => "webpage",
        _ => "book",
    }
}

/// Reads every record of an EndNote XML file.
pub(super) fn read(text: &str) -> Vec<Result<Entry, Problem>> {
    let doc = match Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let pos = e.pos();
            return vec![Err(Problem {
                line: pos.row as u64,
                offset: 0,
                reason: format!(
                    "line {}: the file is not well-formed XML ({e}); nothing was read from it",
                    pos.row
                ),
                source: String::new(),
            })];
        }
    };
    // roxmltree's `text_pos_at` counts from the start of the file: once per record, that is
    // time in N².
    let lines = Lines::new(text);
    doc.descendants()
        .filter(|n| n.has_tag_name("record"))
        .map(|r| Ok(record(&lines, r, text)))
        .collect()
}

fn record(lines: &Lines, r: Node, text: &str) -> Entry {
    let range = r.range();
    let line = lines.line(range.start);
    let mut item = Map::new();
    let mut warnings = Vec::new();
    let rt = child(r, &["ref-type"]);
    let ty = csl_type(
        rt.and_then(|n| n.attribute("name")).unwrap_or(""),
        &rt.map(text_of).unwrap_or_default(),
    );
    item.insert("type".into(), Value::String(ty.into()));
    // Parts of a host (secondary title the journal or book, pages the range), and cases and
    // laws (secondary title the law report or code, pages the first page), as in RIS.
    let part = ty == "chapter"
        || ty == "paper-conference"
        || ty.starts_with("article")
        || ty == "legal_case"
        || ty == "legislation";
    if let Some(k) = get(r, &["rec-number"]) {
        put(&mut item, "id", &k);
    }
    let roles = [
        ("authors", "author"),
        ("secondary-authors", "editor"),
        ("translated-authors", "translator"),
    ];
    for (el, role) in roles {
        if let Some(list) = child(r, &["contributors", el]) {
            for a in list.children().filter(|c| c.has_tag_name("author")) {
                let n = text_of(a);
                if n.is_empty() {
                    continue;
                }
                if ty == "legal_case" && el == "secondary-authors" {
                    // EndNote's "Court" of a case: a body, not an editor's name.
                    put(&mut item, "authority", &n);
                } else {
                    push_name(&mut item, role, name_from_text(&n));
                }
            }
        }
    }
    if let Some(t) = get(r, &["titles", "title"]) {
        put(&mut item, "title", &t);
    } else {
        warnings.push("the record has no <title>".into());
    }
    let secondary =
        get(r, &["titles", "secondary-title"]).or_else(|| get(r, &["periodical", "full-title"]));
    if let Some(s) = secondary {
        put(
            &mut item,
            if part {
                "container-title"
            } else {
                "collection-title"
            },
            &s,
        );
    }
    if let Some(s) = get(r, &["titles", "tertiary-title"]) {
        put(&mut item, "collection-title", &s);
    }
    if let Some(y) = get(r, &["dates", "year"]) {
        put_year(&mut item, &y);
    }
    let simple = [
        ("publisher", "publisher"),
        ("pub-location", "publisher-place"),
        ("volume", "volume"),
        ("edition", "edition"),
        ("abstract", "abstract"),
        ("notes", "note"),
        ("language", "language"),
        ("work-type", "genre"),
        ("electronic-resource-num", "DOI"),
    ];
    for (el, key) in simple {
        if let Some(v) = get(r, &[el]) {
            put(&mut item, key, &v);
        }
    }
    // A report numbered by year (AC, QB, WLR): the "volume" is the year, which the styles print
    // in square brackets ("[1932] AC 562", OSCOLA 2.2.3), so it is no volume of its own.
    if ty == "legal_case"
        && get(r, &["volume"]).is_some_and(|v| Some(v) == get(r, &["dates", "year"]))
    {
        item.remove("volume");
    }
    if let Some(n) = get(r, &["number"]) {
        let key = if part {
            "issue"
        } else if ty == "report" {
            "number"
        } else {
            "collection-number"
        };
        put(&mut item, key, &n);
    }
    if let Some(p) = get(r, &["pages"]) {
        put(
            &mut item,
            if part { "page" } else { "number-of-pages" },
            &pages(&p),
        );
    }
    if let Some(sn) = get(r, &["isbn"]) {
        let digits = sn.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        put(&mut item, if digits == 8 { "ISSN" } else { "ISBN" }, &sn);
    }
    if let Some(u) = child(r, &["urls", "related-urls"])
        .and_then(|n| n.children().find(|c| c.has_tag_name("url")))
        .map(text_of)
    {
        put(&mut item, "URL", &u);
    }
    let keywords: Vec<String> = child(r, &["keywords"])
        .map(|k| {
            k.children()
                .filter(|c| c.has_tag_name("keyword"))
                .map(text_of)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if !keywords.is_empty() {
        put(&mut item, "keyword", &keywords.join(", "));
    }
    if let Some(doi) = item.get("DOI").and_then(Value::as_str) {
        let d = doi
            .trim_start_matches("https://doi.org/")
            .trim_start_matches("doi:")
            .trim()
            .to_string();
        item.insert("DOI".into(), Value::String(d));
    }
    Entry {
        line,
        offset: range.start as u64,
        item,
        source: text[range].to_string(),
        warnings,
    }
}
