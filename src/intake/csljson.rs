//! CSL-JSON (CSL 1.0.2 input data schema): an array of items, as Zotero, Mendeley and Carrel's
//! own `--format csl-json` write them. Each item is read on its own, so a broken one is
//! reported with its line and the others are imported.

use serde_json::{Map, Value};

use super::{Entry, Lines, Problem};

/// The byte ranges of the top-level objects of a JSON array (or of the one top-level object).
fn objects(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut start) = (0usize, false, false, 0usize);
    let top_array = text.trim_start().starts_with('[');
    let level = if top_array { 2 } else { 1 };
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth == level && b == b'{' {
                    start = i;
                }
            }
            b'}' | b']' => {
                if depth == level && b == b'}' {
                    out.push((start, i + 1));
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    out
}

/// Reads every item of a CSL-JSON file.
pub(super) fn read(text: &str) -> Vec<Result<Entry, Problem>> {
    let lines = Lines::new(text);
    objects(text)
        .into_iter()
        .map(|(a, b)| {
            let source = &text[a..b];
            let line = lines.line(a);
            match serde_json::from_str::<Map<String, Value>>(source) {
                Ok(mut item) => {
                    let mut warnings = Vec::new();
                    if !item.contains_key("type") {
                        warnings.push("the item has no \"type\"; read as a book".into());
                    }
                    // Dates as CSL-JSON writes them: date-parts, or raw/literal text.
                    if let Some(issued) = item.get("issued").cloned() {
                        let year = issued["date-parts"][0][0]
                            .as_i64()
                            .or_else(|| issued["date-parts"][0][0].as_str()?.parse().ok())
                            .or_else(|| issued["raw"].as_str().and_then(super::year_in))
                            .or_else(|| issued["literal"].as_str().and_then(super::year_in))
                            .or_else(|| issued.as_str().and_then(super::year_in));
                        match year {
                            Some(y) => {
                                item.insert(
                                    "issued".into(),
                                    serde_json::json!({"date-parts": [[y]]}),
                                );
                            }
                            None => {
                                item.remove("issued");
                                warnings.push(format!("the date {issued} has no year; left out"));
                            }
                        }
                    }
                    // Numbers as text, so that every variable reads the same way.
                    for v in item.values_mut() {
                        if let Value::Number(n) = v {
                            *v = Value::String(n.to_string());
                        }
                    }
                    Ok(Entry {
                        line,
                        offset: a as u64,
                        item,
                        source: source.to_string(),
                        warnings,
                    })
                }
                Err(e) => Err(Problem {
                    line,
                    offset: a as u64,
                    reason: format!(
                        "line {line}: not a CSL-JSON item ({} at line {}); it was not imported",
                        e.to_string().split(" at line ").next().unwrap_or(""),
                        line + e.line() as u64 - 1
                    ),
                    source: source.to_string(),
                }),
            }
        })
        .collect()
}
