//! Rendering CSL-JSON items with hayagriva into [`RenderedEntry`]s.
//!
//! Every item is checked and normalised first ([`normalise_item`]), each record goes in its own
//! `CitationRequest` (one driver per section, so the style's sort order and disambiguation still
//! apply), and a panic inside hayagriva is caught: the section is then rendered item by item, so
//! one bad item never stops the rest (it shows as its title). Punctuation left at joins by the
//! engine ("Life?." , ",.", doubled spaces, " :") is cleaned after rendering.

use std::panic::{catch_unwind, AssertUnwindSafe};

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, Locale, LocaleCode, VerticalAlign};
use hayagriva::{BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild, ElemChildren, Formatting};
use serde_json::Value;

use super::rendered::{RenderedEntry, Span};
use super::styles::LoadedStyle;

/// One entry to render: the record, its CSL-JSON item and what is shown under it.
#[derive(Clone, Debug)]
pub struct EntryInput {
    pub record_id: i64,
    pub item: Value,
    pub annotation: Option<String>,
    pub location: Option<String>,
}

/// Makes `item` safe for both engines: drops null, boolean and float values (they fail
/// deserialisation), turns numbers that are not integers into strings, reduces a date range or
/// a date with extra parts to its first date (a range makes hayagriva panic), drops literal-only
/// and empty dates, and replaces a missing title by "[Untitled]". Returns the fixed item.
pub fn normalise_item(item: &Value) -> Value {
    let Value::Object(map) = item else { return serde_json::json!({"id": "x", "type": "book", "title": "[Untitled]"}) };
    let mut out = serde_json::Map::new();
    for (k, v) in map {
        let v = match v {
            Value::Null | Value::Bool(_) => continue,
            Value::Number(n) if n.is_i64() => v.clone(),
            Value::Number(n) => Value::String(n.to_string()),
            Value::String(s) if s.trim().is_empty() => continue,
            Value::String(_) => v.clone(),
            Value::Array(names) => {
                let names: Vec<Value> = names
                    .iter()
                    .filter_map(|n| {
                        let Value::Object(o) = n else { return None };
                        let o: serde_json::Map<String, Value> = o.iter().filter(|(_, v)| v.is_string()).map(|(k, v)| (k.clone(), v.clone())).collect();
                        (o.contains_key("family") || o.contains_key("literal")).then_some(Value::Object(o))
                    })
                    .collect();
                if names.is_empty() {
                    continue;
                }
                Value::Array(names)
            }
            Value::Object(d) => match first_date(d) {
                Some(parts) => serde_json::json!({"date-parts": [parts]}),
                None => continue,
            },
        };
        out.insert(k.clone(), v);
    }
    if !out.get("title").is_some_and(Value::is_string) {
        out.insert("title".into(), Value::String("[Untitled]".into()));
    }
    if !out.get("type").is_some_and(Value::is_string) {
        out.insert("type".into(), Value::String("book".into()));
    }
    Value::Object(out)
}

fn first_date(d: &serde_json::Map<String, Value>) -> Option<Vec<i64>> {
    let parts = d.get("date-parts")?.as_array()?.first()?.as_array()?;
    let nums: Vec<i64> = parts
        .iter()
        .filter_map(|p| p.as_i64().or_else(|| p.as_str().and_then(|s| s.trim().parse().ok())))
        .take(3)
        .collect();
    let year = *nums.first()?;
    if !(-9999..=9999).contains(&year) {
        return None;
    }
    // A month or day of 0 or out of range would underflow in the engine: keep what is valid.
    let mut out = vec![year];
    if let Some(&m) = nums.get(1).filter(|m| (1..=12).contains(*m)) {
        out.push(m);
        if let Some(&day) = nums.get(2).filter(|d| (1..=31).contains(*d)) {
            out.push(day);
        }
    }
    Some(out)
}

/// What one render gives: entries in output order, and whether the style had no bibliography
/// (then the entries are first-note citations).
pub struct Rendered {
    pub entries: Vec<RenderedEntry>,
    /// Items the engine could not render; they show as their title.
    pub failed: Vec<i64>,
}

/// Renders `inputs` with `style` in `locale` (else the style's default, else en-US).
/// `sort_by_style`: order as the style's `<bibliography><sort>` says; else keep input order.
/// For a style without a bibliography, each entry is the item's first-note citation.
pub fn render_entries(style: &LoadedStyle, locales: &[Locale], locale: Option<&str>, inputs: &[EntryInput], sort_by_style: bool) -> Rendered {
    let locale = locale.map(str::to_string).or_else(|| style.default_locale.clone()).map(LocaleCode);
    let mut items: Vec<Option<Item>> = Vec::with_capacity(inputs.len());
    for (i, inp) in inputs.iter().enumerate() {
        let mut v = normalise_item(&inp.item);
        // The key the engine returns is the item's index, so duplicates never collide.
        v["id"] = Value::String(format!("i{i}"));
        items.push(serde_json::from_value::<Item>(v).ok());
    }
    let mut failed = Vec::new();
    let whole = catch_unwind(AssertUnwindSafe(|| run(style, locales, &locale, &items, (0..items.len()).collect())));
    let mut rendered: Vec<(usize, ElemChildren)> = match whole {
        Ok(r) => r,
        Err(_) => {
            // Find the bad items by rendering each on its own.
            let mut all = Vec::new();
            for i in 0..items.len() {
                match catch_unwind(AssertUnwindSafe(|| run(style, locales, &locale, &items, vec![i]))) {
                    Ok(mut r) => all.append(&mut r),
                    Err(_) => {}
                }
            }
            if sort_by_style && style.has_bibliography {
                // Sort the survivors once more as the style says, in one pass without the bad ones.
                let good: Vec<usize> = all.iter().map(|(i, _)| *i).collect();
                if let Ok(r) = catch_unwind(AssertUnwindSafe(|| run(style, locales, &locale, &items, good))) {
                    all = r;
                }
            }
            all
        }
    };
    if !sort_by_style || !style.has_bibliography {
        rendered.sort_by_key(|(i, _)| *i);
    }
    let mut done = vec![false; inputs.len()];
    let mut entries = Vec::with_capacity(inputs.len());
    for (i, content) in rendered {
        if done[i] {
            continue;
        }
        done[i] = true;
        let mut spans = Vec::new();
        collect(&content, Formatting::default(), None, &mut spans);
        let (label, spans) = split_label(spans);
        entries.push(entry(&inputs[i], label, clean_spans(spans)));
    }
    for (i, inp) in inputs.iter().enumerate() {
        if !done[i] {
            failed.push(inp.record_id);
            let title = inp.item.get("title").and_then(Value::as_str).unwrap_or("[Untitled]").to_string();
            entries.push(entry(inp, None, vec![Span { text: title, ..Default::default() }]));
        }
    }
    Rendered { entries, failed }
}

fn entry(inp: &EntryInput, label: Option<String>, spans: Vec<Span>) -> RenderedEntry {
    RenderedEntry {
        record_id: inp.record_id as i32,
        label,
        spans,
        annotation: inp.annotation.clone().filter(|a| !a.trim().is_empty()),
        location: inp.location.clone(),
    }
}

/// One driver, one `CitationRequest` per item; returns (input index, content) in the style's
/// bibliography order, or the citations in input order when the style has no bibliography.
fn run(style: &LoadedStyle, locales: &[Locale], locale: &Option<LocaleCode>, items: &[Option<Item>], which: Vec<usize>) -> Vec<(usize, ElemChildren)> {
    let mut driver = BibliographyDriver::new();
    let mut order = Vec::new();
    for &i in &which {
        if let Some(item) = &items[i] {
            driver.citation(CitationRequest::new(vec![CitationItem::with_entry(item)], &style.style, locale.clone(), locales, Some(order.len() + 1)));
            order.push(i);
        }
    }
    let out = driver.finish(BibliographyRequest::new(&style.style, locale.clone(), locales));
    match out.bibliography {
        Some(b) => b
            .items
            .into_iter()
            .filter_map(|it| {
                let idx: usize = it.key.strip_prefix('i')?.parse().ok()?;
                let mut content = it.content;
                if let Some(first) = it.first_field {
                    // Second-field-align styles (IEEE "[1]") give the label apart.
                    let mut children = vec![first];
                    children.extend(std::mem::take(&mut content.0).into_iter());
                    content = ElemChildren(children);
                }
                Some((idx, content))
            })
            .collect(),
        None => out.citations.into_iter().zip(order).map(|(c, i)| (i, c.citation)).collect(),
    }
}

fn merge(outer: Formatting, inner: Formatting) -> Formatting {
    let mut f = outer;
    if inner.font_style != FontStyle::Normal {
        f.font_style = inner.font_style;
    }
    if inner.font_weight != FontWeight::Normal {
        f.font_weight = inner.font_weight;
    }
    if inner.font_variant != FontVariant::Normal {
        f.font_variant = inner.font_variant;
    }
    if inner.vertical_align != VerticalAlign::None {
        f.vertical_align = inner.vertical_align;
    }
    f
}

fn push(spans: &mut Vec<Span>, text: &str, f: Formatting, link: Option<&str>) {
    if text.is_empty() {
        return;
    }
    let span = Span {
        text: text.to_string(),
        italic: f.font_style == FontStyle::Italic,
        bold: f.font_weight == FontWeight::Bold,
        small_caps: f.font_variant == FontVariant::SmallCaps,
        superscript: f.vertical_align == VerticalAlign::Sup,
        link: link.map(str::to_string),
    };
    if let Some(last) = spans.last_mut() {
        if last.italic == span.italic && last.bold == span.bold && last.small_caps == span.small_caps && last.superscript == span.superscript && last.link == span.link {
            last.text.push_str(&span.text);
            return;
        }
    }
    spans.push(span);
}

fn collect(children: &ElemChildren, f: Formatting, link: Option<&str>, spans: &mut Vec<Span>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => push(spans, &t.text, merge(f, t.formatting), link),
            ElemChild::Elem(e) => {
                let block = matches!(e.display, Some(hayagriva::citationberg::Display::Block));
                if block && !spans.is_empty() && !spans.last().is_some_and(|s| s.text.ends_with(' ')) {
                    push(spans, " ", f, None);
                }
                collect(&e.children, f, link, spans);
            }
            ElemChild::Markup(m) => push(spans, m, f, link),
            ElemChild::Link { text, url } => push(spans, &text.text, merge(f, text.formatting), Some(url)),
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Citation-number styles start the entry with a label ("[1]", "1."): keep it apart.
fn split_label(mut spans: Vec<Span>) -> (Option<String>, Vec<Span>) {
    if let Some(first) = spans.first_mut() {
        let t = first.text.trim_start();
        let looks = (t.starts_with('[') && t.find(']').is_some_and(|e| t[1..e].chars().all(|c| c.is_ascii_digit())))
            || t.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if looks && t.chars().next().is_some_and(|c| c == '[') {
            let end = t.find(']').unwrap() + 1;
            let label = t[..end].to_string();
            first.text = t[end..].trim_start().to_string();
            if first.text.is_empty() {
                spans.remove(0);
            }
            return (Some(label), spans);
        }
    }
    (None, spans)
}

/// Removes the engine's stray punctuation at joins, over span boundaries: "?." / "!." → "?" /
/// "!", ",." → ".", ".." → "." (an ellipsis "..." stays), ". ." → ".", doubled spaces, a space
/// before ":" "," "." ";", and leading/trailing spaces.
pub fn clean_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut chars: Vec<(char, usize)> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        chars.extend(s.text.chars().map(|c| (c, i)));
    }
    let mut out: Vec<(char, usize)> = Vec::with_capacity(chars.len());
    let mut k = 0;
    while k < chars.len() {
        let (c, i) = chars[k];
        let prev = out.last().map(|p| p.0);
        let next = chars.get(k + 1).map(|p| p.0);
        match c {
            ' ' if prev.is_none() || prev == Some(' ') || matches!(next, Some(':' | ',' | '.' | ';') | None) => {}
            '.' if matches!(prev, Some('?' | '!' | ',' | '.')) => {
                if prev == Some('.') && (next == Some('.') || out.len() >= 2 && out[out.len() - 2].0 == '.') {
                    out.push((c, i)); // an ellipsis
                } else if prev == Some(',') {
                    out.pop();
                    out.push((c, i));
                }
            }
            ',' if matches!(prev, Some(',')) => {}
            _ => out.push((c, i)),
        }
        k += 1;
    }
    while out.last().is_some_and(|p| p.0 == ' ') {
        out.pop();
    }
    let mut result: Vec<Span> = Vec::new();
    for (idx, s) in spans.iter().enumerate() {
        let text: String = out.iter().filter(|p| p.1 == idx).map(|p| p.0).collect();
        if !text.is_empty() {
            result.push(Span { text, ..s.clone() });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Span {
        Span { text: t.into(), ..Default::default() }
    }

    #[test]
    fn cleans_punctuation_across_spans() {
        let out = clean_spans(vec![s("What is life?"), s(". Cambridge ,  CUP ."), s(" Wait...")]);
        let text: String = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "What is life? Cambridge, CUP. Wait...");
        let out = clean_spans(vec![s("Smith, J.,. Title :"), s(" sub")]);
        let text: String = out.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "Smith, J.. Title: sub".replace("J..", "J."));
    }

    #[test]
    fn normalise_drops_ranges_and_bad_values() {
        let v = serde_json::json!({"id": "a", "type": "book", "issued": {"date-parts": [[1765], [1769]]}, "note": null, "x": 1.5, "flag": true});
        let n = normalise_item(&v);
        assert_eq!(n["issued"], serde_json::json!({"date-parts": [[1765]]}));
        assert!(n.get("note").is_none() && n.get("flag").is_none());
        assert_eq!(n["x"], "1.5");
        assert_eq!(n["title"], "[Untitled]");
    }
}
