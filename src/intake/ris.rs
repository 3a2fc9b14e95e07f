//! RIS (Research Information Systems tagged format, as Zotero, Mendeley and EndNote write it):
//! `TY  - JOUR` opens a reference, `ER  - ` closes it, each line `XX  - value`; a line without
//! a tag continues the value above it. Text outside references (numbering, headers) is skipped.

use serde_json::{Map, Value};

use super::{name_from_text, pages, push_name, put, put_year, Entry, Problem};

/// The tag of a RIS line (`"TI"` for `"TI  - Title"`), and its value.
fn tagged(line: &str) -> Option<(&str, &str)> {
    let b = line.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_alphanumeric() {
        return None;
    }
    // "TY  - " as the RIS specification writes it; some exporters write one space ("TY - ").
    let dash = if &b[2..4] == b"  " && b[4] == b'-' {
        4
    } else if b[2] == b' ' && b[3] == b'-' && b.get(4).is_none_or(|c| *c == b' ') {
        3
    } else {
        return None;
    };
    let value = line.get(dash + 1..).unwrap_or("");
    Some((&line[..2], value.strip_prefix(' ').unwrap_or(value)))
}

/// Whether `line` opens a RIS reference (`TY  - …`).
pub(super) fn is_type_line(line: &str) -> bool {
    let line = line.trim_start_matches('\u{feff}').trim_start();
    tagged(line).is_some_and(|(t, _)| t == "TY")
}

/// Reads every reference of a RIS file.
pub(super) fn read(text: &str) -> Vec<Result<Entry, Problem>> {
    let mut out = Vec::new();
    // (line, offset, tags in order, source lines)
    #[allow(clippy::type_complexity)]
    let mut current: Option<(u64, u64, Vec<(String, String)>, usize)> = None;
    let mut offset = 0usize;
    for (n, raw_line) in text.split_inclusive('\n').enumerate() {
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let here = offset;
        offset += raw_line.len();
        match (tagged(line.trim_start()), current.as_mut()) {
            (Some(("TY", v)), _) => {
                if let Some((l, o, tags, start)) = current.take() {
                    let mut e = entry(l, o, &tags, &text[start..here]);
                    e.warnings.push(
                        "the reference had no closing \"ER  -\" line before the next \"TY  -\""
                            .into(),
                    );
                    out.push(Ok(e));
                }
                current = Some((
                    n as u64 + 1,
                    here as u64,
                    vec![("TY".into(), v.trim().into())],
                    here,
                ));
            }
            (Some(("ER", _)), Some(_)) => {
                let (l, o, tags, start) = current.take().unwrap_or_default();
                out.push(Ok(entry(l, o, &tags, &text[start..offset])));
            }
            (Some((t, v)), Some(cur)) => cur.2.push((t.to_string(), v.trim().to_string())),
            (None, Some(cur)) => {
                // A continuation line of the value above.
                if let Some(last) = cur.2.last_mut() {
                    if !line.trim().is_empty() {
                        last.1.push('\n');
                        last.1.push_str(line.trim());
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((l, o, tags, start)) = current {
        let mut e = entry(l, o, &tags, &text[start..]);
        e.warnings
            .push("the reference had no closing \"ER  -\" line (end of file)".into());
        out.push(Ok(e));
    }
    out
}

/// CSL type of a RIS reference type (RIS specification, `TY`).
fn csl_type(ty: &str) -> &'static str {
    match ty.to_ascii_uppercase().as_str() {
        "JOUR" | "ABST" | "INPR" | "EJOUR" => "article-journal",
        // A whole issue or a serial: the continuing resource itself, not an article in it.
        "JFULL" | "SER" => "periodical",
        "VIDEO" | "MPCT" => "motion_picture",
        "MAP" => "map",
        "SOUND" => "song",
        "MUSIC" => "musical_score",
        "ART" | "SLIDE" | "CHART" => "graphic",
        "DATA" => "dataset",
        "COMP" => "software",
        "MANSCPT" => "manuscript",
        "MGZN" => "article-magazine",
        "NEWS" => "article-newspaper",
        "CHAP" | "ECHAP" => "chapter",
        "CONF" | "CPAPER" => "paper-conference",
        "THES" => "thesis",
        "RPRT" => "report",
        "CASE" => "legal_case",
        "STAT" | "BILL" | "LEGAL" => "legislation",
        "ELEC" | "WEB" | "ICOMM" | "BLOG" => "webpage",
        _ => "book",
    }
}

fn entry(line: u64, offset: u64, tags: &[(String, String)], source: &str) -> Entry {
    let mut item = Map::new();
    let mut warnings = Vec::new();
    let ty = tags.first().map(|t| t.1.as_str()).unwrap_or("GEN");
    let kind = csl_type(ty);
    item.insert("type".into(), Value::String(kind.into()));
    // The kind of picture, which MARC 21 008/33 (type of visual material) tells apart.
    let medium = match ty.to_ascii_uppercase().as_str() {
        "VIDEO" => "Video",
        "SLIDE" => "Slide",
        "CHART" => "Chart",
        "ART" => "Art original",
        _ => "",
    };
    if !medium.is_empty() {
        item.insert("medium".into(), Value::String(medium.into()));
    }
    // Parts of a host (T2 is the journal or book; SP-EP the pages), and laws and cases (T2 is
    // the code or the law report).
    let article = kind.starts_with("article")
        || matches!(
            kind,
            "chapter" | "paper-conference" | "legal_case" | "legislation"
        );
    let get = |t: &str| tags.iter().find(|(k, _)| k == t).map(|(_, v)| v.as_str());
    let mut sp = None;
    let mut ep = None;
    let mut keywords = Vec::new();
    let mut notes = Vec::new();
    for (tag, value) in tags.iter().skip(1) {
        let v = value.as_str();
        match tag.as_str() {
            "TI" | "T1" | "CT" if !item.contains_key("title") => put(&mut item, "title", v),
            "AU" | "A1" => push_name(&mut item, "author", name_from_text(v)),
            "A2" | "ED" if kind != "legal_case" => {
                push_name(&mut item, "editor", name_from_text(v))
            }
            "A2" => put(&mut item, "authority", v),
            "A4" => push_name(&mut item, "translator", name_from_text(v)),
            "T2" | "JF" | "JO" | "BT" if article && !item.contains_key("container-title") => {
                put(&mut item, "container-title", v)
            }
            "T2" | "BT" if !article && !item.contains_key("collection-title") => {
                put(&mut item, "collection-title", v)
            }
            "T3" => put(&mut item, "collection-title", v),
            "PY" | "Y1" | "DA" if !item.contains_key("issued") => put_year(&mut item, v),
            "PB" => put(&mut item, "publisher", v),
            "CY" | "PP" => put(&mut item, "publisher-place", v),
            "SN" => {
                let digits = v.chars().filter(|c| c.is_ascii_alphanumeric()).count();
                let key = if digits == 8 || (article && digits != 10 && digits != 13) {
                    "ISSN"
                } else {
                    "ISBN"
                };
                // Several SN lines (an ISBN per binding, PubMed's electronic and linking
                // ISSNs): each is kept, as one list the MARC conversion splits.
                let joined = match item.get(key).and_then(Value::as_str) {
                    Some(prev) => format!("{prev}; {v}"),
                    None => v.to_string(),
                };
                put(&mut item, key, &joined)
            }
            "VL" => put(&mut item, "volume", v),
            "IS" | "CP" => put(&mut item, "issue", v),
            "SP" => sp = Some(v.to_string()),
            "EP" => ep = Some(v.to_string()),
            "ET" => put(&mut item, "edition", v),
            "AB" | "N2" => put(&mut item, "abstract", v),
            "N1" => notes.push(v.to_string()),
            "KW" => keywords.extend(v.split(['\n', ';']).map(|k| k.trim().to_string())),
            "UR" if !item.contains_key("URL") => {
                put(&mut item, "URL", v.lines().next().unwrap_or(""))
            }
            "DO" => put(&mut item, "DOI", v),
            "LA" => put(&mut item, "language", v),
            "M3" => put(&mut item, "genre", v),
            "M1" if kind == "report" => put(&mut item, "number", v),
            "ID" => put(&mut item, "id", v),
            _ => {}
        }
    }
    if kind == "thesis" && !item.contains_key("publisher") {
        if let Some(pb) = get("PB") {
            put(&mut item, "publisher", pb);
        }
    }
    match (sp, ep) {
        (Some(s), Some(e)) if !s.is_empty() && !e.is_empty() && s != e => {
            put(&mut item, "page", &pages(&format!("{s}-{e}")))
        }
        (Some(s), _) if article => put(&mut item, "page", &pages(&s)),
        (Some(s), _) => put(&mut item, "number-of-pages", &s),
        _ => {}
    }
    keywords.retain(|k| !k.is_empty());
    if !keywords.is_empty() {
        item.insert("keyword".into(), Value::String(keywords.join(", ")));
    }
    if !notes.is_empty() {
        item.insert("note".into(), Value::String(notes.join("\n")));
    }
    if !item.contains_key("title") {
        warnings.push("the reference has no title (TI or T1)".into());
    }
    Entry {
        line,
        offset,
        item,
        source: source.to_string(),
        warnings,
    }
}
