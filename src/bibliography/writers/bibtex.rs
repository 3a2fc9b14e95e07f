//! BibTeX/BibLaTeX writer from CSL-JSON items.
//!
//! Entry types follow the BibLaTeX data model (biblatex manual §2.1), keeping BibTeX's field
//! names where BibLaTeX accepts them as aliases (`address`, `journal`), so classic BibTeX reads the
//! common types too. Dates are written twice: `year` (BibTeX) and `date` (BibLaTeX, ISO 8601
//! `YYYY[-MM[-DD]]`). Values are UTF-8 with the LaTeX special characters escaped; `url` and `doi`
//! are verbatim fields and are written as given.

use std::collections::HashMap;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::csl::{self, Name};

/// The BibLaTeX entry type of a CSL item type (CSL 1.0.2 appendix "Item types").
/// Types without a counterpart become `misc`.
pub fn entry_type(csl_type: &str) -> &'static str {
    match csl_type {
        "book" => "book",
        "chapter" => "incollection",
        "article-journal" => "article",
        "article-magazine" | "article-newspaper" | "article" => "article",
        "paper-conference" => "inproceedings",
        "report" => "techreport",
        "thesis" => "thesis",
        "manuscript" => "unpublished",
        "webpage" | "post-weblog" | "post" => "online",
        "legal_case" => "jurisdiction",
        "legislation" | "bill" | "regulation" => "legislation",
        "map" => "misc",
        _ => "misc",
    }
}

/// Writes `items` (CSL-JSON objects) as one `.bib` file: one entry per item, in order, with
/// citation keys `family` + `year` + first significant title word ("smith2019arbitration"),
/// ASCII, lower case, made unique with a letter suffix ("smith2019arbitrationb").
pub fn write_bibtex(items: &[Value]) -> String {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = String::new();
    for item in items {
        let key = unique_key(&base_key(item), &mut used);
        write_entry(&mut out, item, &key);
    }
    out
}

fn write_entry(out: &mut String, item: &Value, key: &str) {
    let csl_type = csl::str_field(item, "type").unwrap_or_default();
    let ty = entry_type(&csl_type);
    let mut fields: Vec<(&str, String)> = Vec::new();
    let s = |k: &str| csl::str_field(item, k);

    let authors = csl::names(item, "author");
    if !authors.is_empty() {
        fields.push(("author", names_field(&authors)));
    }
    let editors = csl::names(item, "editor");
    if !editors.is_empty() {
        fields.push(("editor", names_field(&editors)));
    }
    if let Some(t) = s("title") {
        fields.push(("title", title_field(&t)));
    }
    if let Some(c) = s("container-title") {
        let name = match ty {
            "article" => "journal",
            "incollection" | "inproceedings" => "booktitle",
            "jurisdiction" | "legislation" => "journaltitle",
            _ => "booktitle",
        };
        fields.push((name, title_field(&c)));
    }
    if let Some((y, m, d)) = csl::date(item, "issued") {
        fields.push(("year", y.to_string()));
        let iso = match (m, d) {
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}"),
        };
        if (0..=9999).contains(&y) {
            fields.push(("date", iso));
        }
    }
    if let Some(p) = s("publisher") {
        // BibLaTeX: a report's or thesis's issuing body is its institution.
        let name = if matches!(ty, "techreport" | "thesis") {
            "institution"
        } else {
            "publisher"
        };
        fields.push((name, escape(&p)));
    }
    if let Some(p) = s("publisher-place")
        .or_else(|| s("event-place"))
        .or_else(|| s("jurisdiction"))
    {
        fields.push(("address", escape(&p)));
    }
    if let Some(a) = s("authority") {
        fields.push(("institution", escape(&a)));
    }
    if let Some(e) = s("edition") {
        fields.push(("edition", escape(&e)));
    }
    if let Some(v) = s("collection-title") {
        fields.push(("series", escape(&v)));
    }
    if let Some(n) = s("number")
        .or_else(|| s("collection-number"))
        .or_else(|| s("issue"))
    {
        fields.push(("number", escape(&n)));
    }
    if let Some(v) = s("volume") {
        fields.push(("volume", escape(&v)));
    }
    if let Some(p) = s("page") {
        // CSL uses a hyphen or en dash for ranges; BibTeX wants "--".
        let range: Vec<&str> = p.split(['-', '–']).filter(|s| !s.is_empty()).collect();
        fields.push(("pages", escape(&range.join("--"))));
    }
    if let Some(g) = s("genre") {
        fields.push(("type", escape(&g)));
    } else if csl_type == "map" {
        fields.push(("type", "map".to_string()));
    }
    if let Some(v) = s("ISBN") {
        fields.push(("isbn", escape(&v)));
    }
    if let Some(v) = s("ISSN") {
        fields.push(("issn", escape(&v)));
    }
    if let Some(v) = s("URL") {
        fields.push(("url", verbatim(&v)));
    }
    if let Some(v) = s("DOI") {
        fields.push(("doi", verbatim(&v)));
    }
    if let Some(v) = s("language") {
        fields.push(("language", escape(&v)));
    }
    if let Some(v) = s("call-number") {
        fields.push(("library", escape(&v)));
    }
    if let Some(v) = s("note") {
        fields.push(("note", escape(&v)));
    }
    if let Some(v) = s("abstract") {
        fields.push(("abstract", escape(&v)));
    }
    // CSL `keyword` and BibLaTeX `keywords` are both comma-separated lists.
    if let Some(v) = s("keyword") {
        fields.push(("keywords", escape(&v)));
    }

    out.push_str(&format!("@{ty}{{{key},\n"));
    for (name, value) in &fields {
        out.push_str(&format!("  {name:<11} = {{{value}}},\n"));
    }
    out.push_str("}\n\n");
}

/// A name list joined by " and ". Persons are "von Last, Jr., First"; a corporate (literal)
/// name is wrapped in braces so it is not split into first and last names.
fn names_field(names: &[Name]) -> String {
    names
        .iter()
        .map(|n| match n {
            Name::Literal(l) => format!("{{{}}}", escape(l)),
            Name::Person {
                family,
                given,
                particle,
                suffix,
            } => {
                // A family name with a comma or the word "and" would be split: protect it.
                let fam = escape(family);
                let fam = if family.contains(',')
                    || family
                        .split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("and"))
                {
                    format!("{{{fam}}}")
                } else {
                    fam
                };
                let last = match particle {
                    Some(p) => format!("{} {fam}", escape(p)),
                    None => fam,
                };
                match (suffix, given) {
                    (Some(sfx), Some(g)) => format!("{last}, {}, {}", escape(sfx), escape(g)),
                    (Some(sfx), None) => format!("{last}, {}, ", escape(sfx)),
                    (None, Some(g)) => format!("{last}, {}", escape(g)),
                    (None, None) => last,
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A title with each word that holds a capital letter wrapped in braces, so BibTeX styles that
/// change case keep the catalogue's capitals (proper nouns in sentence-case titles).
fn title_field(title: &str) -> String {
    let mut out = String::new();
    for (i, word) in title.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let esc = escape(word);
        if word.chars().any(char::is_uppercase) {
            out.push('{');
            out.push_str(&esc);
            out.push('}');
        } else {
            out.push_str(&esc);
        }
    }
    out
}

/// Escapes LaTeX's special characters in a field value: `& % $ # _ { }` get a backslash,
/// `~ ^ \` become `\textasciitilde{}`, `\textasciicircum{}`, `\textbackslash{}`. Line breaks
/// become spaces. Other characters (including non-ASCII) stay as UTF-8.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '\r' | '\n' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A verbatim field (url, doi) must keep its braces balanced and cannot hold a line break.
fn verbatim(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '{' | '}' | '\r' | '\n'))
        .collect()
}

/// ASCII-folds text for a key: accents dropped (NFD, combining marks removed), then only
/// ASCII letters and digits kept, lower case.
fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "and", "to", "for", "le", "la", "les", "der", "die", "das",
    "el",
];

fn base_key(item: &Value) -> String {
    let first = csl::names(item, "author")
        .into_iter()
        .next()
        .or_else(|| csl::names(item, "editor").into_iter().next());
    let who = match first {
        Some(Name::Person { family, .. }) => fold(&family),
        Some(Name::Literal(l)) => l
            .split_whitespace()
            .map(fold)
            .find(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
            .unwrap_or_default(),
        None => String::new(),
    };
    let year = csl::date(item, "issued")
        .map(|(y, _, _)| y.to_string())
        .unwrap_or_default();
    let word = csl::str_field(item, "title")
        .and_then(|t| {
            t.split_whitespace()
                .map(fold)
                .find(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        })
        .unwrap_or_default();
    // Without a name the title word leads ("doyle2020"); a key never starts with a digit,
    // which confuses some BibTeX tools.
    let key = if who.is_empty() {
        format!("{word}{year}")
    } else {
        format!("{who}{year}{word}")
    };
    if key.is_empty() {
        "item".to_string()
    } else if key.as_bytes()[0].is_ascii_digit() {
        format!("item{key}")
    } else {
        key
    }
}

fn unique_key(base: &str, used: &mut HashMap<String, usize>) -> String {
    let n = used.entry(base.to_string()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return base.to_string();
    }
    // Second "smith2019arbitration" becomes "…b", the third "…c"; past z, a number.
    let mut k = *n;
    loop {
        let candidate = if k <= 26 {
            format!("{base}{}", (b'a' + (k - 1) as u8) as char)
        } else {
            format!("{base}{k}")
        };
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_latex_specials() {
        assert_eq!(
            escape("Smith & Sons 50% $5 #1 a_b {x}"),
            "Smith \\& Sons 50\\% \\$5 \\#1 a\\_b \\{x\\}"
        );
        assert_eq!(
            escape("~^\\"),
            "\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
        assert_eq!(escape("<b>&{\\}"), "<b>\\&\\{\\textbackslash{}\\}");
        assert_eq!(escape("Dvořák’s"), "Dvořák’s");
    }

    #[test]
    fn titles_protect_capitals() {
        assert_eq!(
            title_field("Arbitration in Ireland"),
            "{Arbitration} in {Ireland}"
        );
        assert_eq!(title_field("R&D law"), "{R\\&D} law");
    }

    #[test]
    fn keys_are_ascii_and_unique() {
        let item = json!({"type": "book", "title": "The arbitration of disputes", "author": [{"family": "Dvořák", "given": "A."}], "issued": {"date-parts": [[2019]]}});
        let out = write_bibtex(&[item.clone(), item.clone(), item]);
        assert!(out.contains("@book{dvorak2019arbitration,"));
        assert!(out.contains("@book{dvorak2019arbitrationb,"));
        assert!(out.contains("@book{dvorak2019arbitrationc,"));
    }

    #[test]
    fn names_join_with_and_and_protect_corporate_bodies() {
        let names = vec![
            Name::Person {
                family: "Gogh".into(),
                given: Some("Vincent".into()),
                particle: Some("van".into()),
                suffix: None,
            },
            Name::Literal("Smith and Jones LLP".into()),
            Name::Person {
                family: "King".into(),
                given: Some("Martin Luther".into()),
                particle: None,
                suffix: Some("Jr.".into()),
            },
        ];
        assert_eq!(
            names_field(&names),
            "van Gogh, Vincent and {Smith and Jones LLP} and King, Jr., Martin Luther"
        );
    }

    #[test]
    fn types_map() {
        assert_eq!(entry_type("chapter"), "incollection");
        assert_eq!(entry_type("legal_case"), "jurisdiction");
        assert_eq!(entry_type("map"), "misc");
        assert_eq!(entry_type("webpage"), "online");
        assert_eq!(entry_type("something-new"), "misc");
    }
}
