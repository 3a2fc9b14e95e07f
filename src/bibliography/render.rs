//! Rendering CSL-JSON items with hayagriva into [`RenderedEntry`]s.
//!
//! Every item is checked and normalised first ([`normalise_item`]) and prepared for the style
//! (Chinese and Japanese names family name first in Chicago and MLA). Each entry's text comes
//! from a driver of its own (so that one item never changes another, and a panic inside hayagriva
//! is confined to its item, which then shows as its title); the order comes from one more driver
//! over all items, with the style's layouts reduced to the citation number. Punctuation left at
//! joins by the engine ("Life?." , ",.", doubled spaces, " :"), its title-case slips and other
//! known slips are repaired after rendering.

use crate::ids::RecordId;
use std::panic::{catch_unwind, AssertUnwindSafe};

use hayagriva::citationberg::json::Item;
use hayagriva::citationberg::{
    taxonomy::NameVariable, FontStyle, FontVariant, FontWeight, IndependentStyle, Locale,
    LocaleCode, SubsequentAuthorSubstituteRule, VerticalAlign,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Elem, ElemChild,
    ElemChildren, ElemMeta, Formatted, Formatting,
};
use serde_json::Value;

use super::rendered::{RenderedEntry, Span};
pub use super::repairs::clean_spans;
use super::repairs::{
    apa_title_group, editor_as_author, family_name_first, fix_slips, replace_in_spans,
};
use super::styles::LoadedStyle;

/// One entry to render: the record, its CSL-JSON item and what is shown under it.
#[derive(Clone, Debug)]
pub struct EntryInput {
    /// The record's id (`records.id`), reported when its item cannot be rendered.
    pub record_id: RecordId,
    /// Its CSL-JSON item (CSL-JSON schema 1.0.2), from the MARC→CSL crosswalk.
    pub item: Value,
    /// The annotation shown under the entry, when any.
    pub annotation: Option<String>,
    /// Where the copy is (call number — location), shown under the entry when asked for.
    pub location: Option<String>,
}

/// Makes `item` safe for both engines: drops null, boolean and float values (they fail
/// deserialisation), turns numbers that are not integers into strings, reduces a date range or
/// a date with extra parts to its first date (a range makes hayagriva panic), drops literal-only
/// and empty dates, and replaces a missing title by "[Untitled]". Returns the fixed item.
pub fn normalise_item(item: &Value) -> Value {
    let Value::Object(map) = item else {
        return serde_json::json!({"id": "x", "type": "book", "title": "[Untitled]"});
    };
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
                        let o: serde_json::Map<String, Value> = o
                            .iter()
                            .filter(|(_, v)| v.is_string())
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        (o.contains_key("family") || o.contains_key("literal"))
                            .then_some(Value::Object(o))
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

/// The item as written out (CSL-JSON export, BibTeX, RIS, the citeproc-js comparison):
/// [`normalise_item`], and the zero-width spaces the crosswalk uses inside capitalised particles
/// ("Du Bois") turned back into spaces.
pub fn public_item(item: &Value) -> Value {
    fn unfig(v: &mut Value) {
        match v {
            Value::String(s) if s.contains('\u{200b}') => *s = s.replace('\u{200b}', " "),
            Value::Array(a) => a.iter_mut().for_each(unfig),
            Value::Object(o) => o.values_mut().for_each(unfig),
            _ => {}
        }
    }
    let mut v = normalise_item(item);
    unfig(&mut v);
    v
}

fn first_date(d: &serde_json::Map<String, Value>) -> Option<Vec<i64>> {
    let parts = d.get("date-parts")?.as_array()?.first()?.as_array()?;
    let nums: Vec<i64> = parts
        .iter()
        .filter_map(|p| {
            p.as_i64()
                .or_else(|| p.as_str().and_then(|s| s.trim().parse().ok()))
        })
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
    /// One entry per input, in output order (the style's, or the input's).
    pub entries: Vec<RenderedEntry>,
    /// Items the engine could not render; they show as their title.
    pub failed: Vec<RecordId>,
}

/// Renders `inputs` with `style` in `locale` (else the style's default, else en-US).
/// `sort_by_style`: order as the style's `<bibliography><sort>` says; else keep input order.
/// For a style without a bibliography, each entry is the item's first-note citation.
pub fn render_entries(
    style: &LoadedStyle,
    locales: &[Locale],
    locale: Option<&str>,
    inputs: &[EntryInput],
    sort_by_style: bool,
) -> Rendered {
    render_entries_with_progress(style, locales, locale, inputs, sort_by_style, &mut |_| {})
}

/// [`render_entries`], calling `on_entry(n)` after the text of each of the `inputs` is rendered
/// (`n` = entries rendered so far, 1 to `inputs.len()`); the style's order is computed after the
/// last one.
pub fn render_entries_with_progress(
    style: &LoadedStyle,
    locales: &[Locale],
    locale: Option<&str>,
    inputs: &[EntryInput],
    sort_by_style: bool,
    on_entry: &mut dyn FnMut(usize),
) -> Rendered {
    let locale = locale
        .map(str::to_string)
        .or_else(|| style.default_locale.clone())
        .map(LocaleCode);
    let numbered = is_numeric(style);
    let apa = style.title.contains("APA") || style.name == "apa";
    let american = locale
        .as_ref()
        .is_none_or(|l| l.0 == "en-US" || l.0 == "en");
    let mla = style.title.contains("Modern Language")
        || style.name == "mla"
        || style.name.contains("modern-language");
    let chicago = style.title.contains("Chicago")
        || style.name.contains("chicago")
        || style.title.contains("Turabian");
    // The items as rendered: normalised, and prepared for the style (names of Chinese and
    // Japanese items family name first in Chicago and MLA).
    let prepared: Vec<Value> = inputs
        .iter()
        .map(|inp| {
            let mut v = normalise_item(&inp.item);
            if chicago || mla {
                family_name_first(&mut v);
            }
            // Carrel's legal styles write initials the guides' way ("HLA Hart", "H.L.A. Hart").
            super::styles::close_initials(style, &mut v);
            v
        })
        .collect();
    let mut items: Vec<Option<Item>> = Vec::with_capacity(inputs.len());
    for (i, v) in prepared.iter().enumerate() {
        let mut v = v.clone();
        // The key the engine returns is the item's index, so duplicates never collide.
        v["id"] = Value::String(format!("i{i}"));
        items.push(serde_json::from_value::<Item>(v).ok());
    }
    let mut failed = Vec::new();
    // The text of each entry comes from its own driver, so that one item never changes another
    // (hayagriva's name disambiguation across items shortened given names wrongly) and a panic
    // is confined to its item. The order comes from one driver over all items (the style's sort).
    let mut texts: Vec<Option<ElemChildren>> = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        let r = catch_unwind(AssertUnwindSafe(|| {
            run(style, locales, &locale, &items, vec![i])
        }));
        texts.push(r.ok().and_then(|mut v| v.pop()).map(|(_, c)| c));
        on_entry(i + 1);
    }
    let good: Vec<usize> = (0..items.len()).filter(|&i| texts[i].is_some()).collect();
    let mut order: Vec<usize> = good.clone();
    let has_sort = style
        .style
        .bibliography
        .as_ref()
        .is_some_and(|b| b.sort.is_some());
    if sort_by_style && style.has_bibliography && has_sort && good.len() > 1 {
        // The order is the engine's (its collation and sort keys), from one more driver over all
        // items. That pass is made cheap: it renders with `order_style` (the layouts reduced to the
        // citation number: nothing to render, nothing ambiguous), and the items are given in the order of their
        // folded text, which is nearly the style's order for a style that sorts by what it prints
        // first, so that the engine's sort (which renders the sort keys and builds a collator at
        // each comparison) meets runs already in order. Entries the style's keys cannot tell
        // apart stay in the order of their text.
        let plain: Vec<String> = texts
            .iter()
            .map(|t| {
                let mut spans = Vec::new();
                if let Some(t) = t {
                    collect(t, Formatting::default(), None, &mut spans);
                }
                crate::catalogue::extract::sort_fold(
                    &spans.iter().map(|s| s.text.as_str()).collect::<String>(),
                )
            })
            .collect();
        let mut pre = good.clone();
        pre.sort_by(|&a, &b| plain[a].cmp(&plain[b]).then(a.cmp(&b)));
        if let Ok(r) = catch_unwind(AssertUnwindSafe(|| {
            run_with(&style.order_style, locales, &locale, &items, pre.clone())
        })) {
            let sorted: Vec<usize> = r.into_iter().map(|(i, _)| i).collect();
            if sorted.len() == good.len() {
                order = sorted;
            }
        }
    }
    let suffixes = if style.style.citation.disambiguate_add_year_suffix && style.has_bibliography {
        year_suffixes(
            style,
            locales,
            &locale,
            &items,
            &prepared,
            &inputs.iter().map(|inp| &inp.item).collect::<Vec<_>>(),
            &mut order,
            &texts,
        )
    } else {
        vec![None; inputs.len()]
    };
    // CSL 1.0.2 `subsequent-author-substitute` (MLA "———", OSCOLA "——"), rule "complete-all"
    // (the default; the others are left as the engine's driver per entry renders them).
    let substitute = style.style.bibliography.as_ref().and_then(|b| {
        (b.subsequent_author_substitute_rule == SubsequentAuthorSubstituteRule::CompleteAll)
            .then(|| b.subsequent_author_substitute.clone())
            .flatten()
    });
    let mut last_names: Option<String> = None;
    let mut done = vec![false; inputs.len()];
    let mut entries = Vec::with_capacity(inputs.len());
    for i in order {
        if done[i] {
            continue;
        }
        done[i] = true;
        let Some(mut content) = texts[i].take() else {
            continue;
        };
        if let Some(subs) = &substitute {
            substitute_subsequent_names(&mut content, subs, &mut last_names);
        }
        let mut spans = Vec::new();
        collect(&content, Formatting::default(), None, &mut spans);
        let (mut label, spans) = split_label(spans);
        if numbered && label.is_some() {
            label = Some(format!("[{}]", entries.len() + 1));
        }
        let item = &prepared[i];
        let mut spans = fix_slips(clean_spans(spans), item, american, apa, chicago || mla);
        for s in spans.iter_mut() {
            if let Some(t) = drop_dangling_ties(&s.text) {
                s.text = t;
            }
        }
        if apa {
            if let Some(fixed) = apa_title_group(style, locales, &locale, item, &spans, american) {
                spans = fixed;
            }
        }
        if chicago {
            if let Some(fixed) =
                editor_as_author(style, locales, &locale, item, &spans, american, apa)
            {
                spans = fixed;
            }
            // CMOS 18 14.169 (the style's own comment): "released" is lower case after the
            // publisher; hayagriva capitalises it.
            if item.get("type").and_then(Value::as_str) == Some("software") {
                replace_in_spans(&mut spans, ", Released", ", released");
            }
        }
        if let Some((suffix, nth)) = &suffixes[i] {
            apply_year_suffix(&mut spans, item, suffix, *nth);
        }
        entries.push(entry(&inputs[i], label, spans));
    }
    for (i, inp) in inputs.iter().enumerate() {
        if !done[i] {
            failed.push(inp.record_id);
            let title = inp
                .item
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or("[Untitled]")
                .to_string();
            entries.push(entry(
                inp,
                None,
                vec![Span {
                    text: title,
                    ..Default::default()
                }],
            ));
        }
    }
    Rendered { entries, failed }
}

/// The CSL name variables a citation may print in the author's place (CSL 1.0.2 appendix IV,
/// in the order the common styles substitute them).
const NAME_VARIABLES: &[&str] = &[
    "author",
    "composer",
    "director",
    "editor",
    "editorial-director",
    "collection-editor",
    "compiler",
    "translator",
    "illustrator",
    "interviewer",
    "recipient",
    "chair",
    "curator",
    "organizer",
    "host",
    "performer",
    "producer",
    "executive-producer",
    "series-creator",
    "guest",
    "narrator",
    "script-writer",
    "contributor",
];

/// Year suffixes (CSL 1.0.2 `disambiguate-add-year-suffix`: "2022a", "2022b", "n.d.-a") for
/// entries that each driver rendered alone and so never saw as ambiguous. Works that may cite
/// alike — the same first name variable (author, composer, editor…) and year, or no names and
/// the same year — are rendered again together with the style's full citation layout, so that
/// the engine finds the ambiguity in the citations it prints. Only those groups: a driver over
/// all items changes names across items (see above). The letters follow the style's
/// bibliography order (CSL 1.0.2: "in the order of the bibliography"), ties kept in input order
/// as citeproc-js keeps them; `order` is rearranged within each group so that the entries are
/// listed a, b, c. Returns each entry's suffix, when it got one (for repairs that render an
/// entry again).
#[allow(clippy::too_many_arguments)]
fn year_suffixes(
    style: &LoadedStyle,
    locales: &[Locale],
    locale: &Option<LocaleCode>,
    items: &[Option<Item>],
    prepared: &[Value],
    originals: &[&Value],
    order: &mut [usize],
    texts: &[Option<ElemChildren>],
) -> Vec<Option<(String, usize)>> {
    let mut suffixes = vec![None; texts.len()];
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in order.iter() {
        if texts[i].is_none() {
            continue;
        }
        let v = &prepared[i];
        let year = v["issued"]["date-parts"][0][0]
            .as_i64()
            .map_or_else(|| "n.d.".to_string(), |y| y.to_string());
        // The names as catalogued (Chicago's family-name-first form of a Chinese name is one
        // literal, which must still meet the same name in an English item).
        let names = NAME_VARIABLES
            .iter()
            .find_map(|k| {
                originals[i]
                    .get(*k)
                    .and_then(Value::as_array)
                    .filter(|a| !a.is_empty())
            })
            .map(|a| {
                a.iter()
                    .map(|n| {
                        ["family", "given", "literal"]
                            .iter()
                            .filter_map(|k| n.get(*k).and_then(Value::as_str))
                            .collect::<Vec<_>>()
                            .join(",")
                            .to_lowercase()
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .unwrap_or_default();
        // Undated works without names cite alike only with the same title (the engine does not
        // letter undated works: see below).
        let title = if names.is_empty() && year == "n.d." {
            v["title"].to_string()
        } else {
            String::new()
        };
        let key = format!("{names}|{title}|{year}");
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    // The title as a sort key: folded, punctuation left out (citeproc-js compares "big world.
    // Stage 1" and "big world, Stage 3" on their words).
    let title_key = |i: usize| {
        crate::catalogue::extract::sort_fold(prepared[i]["title"].as_str().unwrap_or(""))
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
    };
    let date_key = |i: usize| -> Vec<i64> {
        prepared[i]["issued"]["date-parts"][0]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    };
    for (_, mut group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        let positions: Vec<usize> = group
            .iter()
            .filter_map(|i| order.iter().position(|o| o == i))
            .collect();
        group.sort_by(|&a, &b| {
            date_key(a)
                .cmp(&date_key(b))
                .then_with(|| title_key(a).cmp(&title_key(b)))
                .then(a.cmp(&b))
        });
        let Ok(out) = catch_unwind(AssertUnwindSafe(|| {
            run_with(&style.style, locales, locale, items, group.clone())
        })) else {
            continue;
        };
        if out.len() != group.len() {
            continue;
        }
        let mut lettered: Vec<(String, usize)> = Vec::new();
        let undated = prepared[group[0]]["issued"]["date-parts"][0][0]
            .as_i64()
            .is_none();
        if undated {
            // hayagriva letters no undated work; citeproc-js and the APA manual write "n.d.-a",
            // "n.d.-b" (APA 7 8.19), in the bibliography's order.
            for (k, &i) in group.iter().enumerate() {
                suffixes[i] = Some((format!("-{}", letters(k)), 0));
                lettered.push((letters(k), i));
            }
        }
        // Only the letters are taken from the group's rendering: a driver over several items
        // also changes their names (initials dropped), which the style does not ask for here.
        for (i, content) in out.into_iter().filter(|_| !undated) {
            let mut spans = Vec::new();
            collect(&content, Formatting::default(), None, &mut spans);
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            let year = prepared[i]["issued"]["date-parts"][0][0]
                .as_i64()
                .map_or_else(|| "n.d.-".to_string(), |y| y.to_string());
            if let Some((suffix, nth)) = suffix_after(&text, &year) {
                lettered.push((suffix.clone(), i));
                suffixes[i] = Some((suffix, nth));
            }
        }
        // List the group's entries in the order of their letters ("a" before "b", "z" before
        // "aa"), in the places the group held.
        if lettered.len() == group.len() && positions.len() == group.len() {
            lettered.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
            let mut positions = positions;
            positions.sort_unstable();
            for (p, (_, i)) in positions.into_iter().zip(lettered) {
                order[p] = i;
            }
        }
    }
    suffixes
}

/// Removes the left half of a ligature tie (U+FE20, ALA-LC romanisation "I︠A︡") left without
/// its right half (U+FE21), as when an initial is cut from a name: "I︠." → "I." (citeproc-js
/// prints "I."). `None` when there is none.
fn drop_dangling_ties(text: &str) -> Option<String> {
    if !text.contains('\u{fe20}') {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let kept = chars
        .iter()
        .enumerate()
        .filter(|&(k, &c)| {
            c != '\u{fe20}' || chars[k + 1..].iter().take(3).any(|&d| d == '\u{fe21}')
        })
        .map(|(_, &c)| c)
        .collect::<String>();
    (kept.len() != text.len()).then_some(kept)
}

/// Replaces the names that open an entry (the first `cs:names` output, or what stood in for it)
/// with `subs` when they read exactly as the previous entry's (CSL 1.0.2
/// `subsequent-author-substitute`, rule "complete-all"), which each entry's own driver cannot see.
fn substitute_subsequent_names(content: &mut ElemChildren, subs: &str, last: &mut Option<String>) {
    // The first names output that holds persons: a style may open with a `cs:names` for another
    // variable (MLA: composer) whose substitute holds the authors.
    fn has_persons(e: &Elem) -> bool {
        matches!(&e.meta, Some(ElemMeta::Names(ns)) if ns.iter().any(|(ps, _)| !ps.is_empty()))
    }
    fn find_mut(children: &mut ElemChildren) -> Option<&mut Elem> {
        for c in children.0.iter_mut() {
            if let ElemChild::Elem(e) = c {
                if has_persons(e) {
                    return Some(e);
                }
                if e.children.find_elem_by(&has_persons).is_some() {
                    return find_mut(&mut e.children);
                }
            }
        }
        None
    }
    let Some(names) = content.find_elem_by(&has_persons) else {
        *last = None;
        return;
    };
    // Only authors' names, as citeproc-js does: not a title standing in for missing names, and
    // not editors ("Young, Sophia, editor." is printed in full each time).
    let editors = matches!(&names.meta, Some(ElemMeta::Names(ns))
        if ns.iter().any(|(ps, v)| !ps.is_empty() && matches!(v,
            NameVariable::Editor | NameVariable::EditorTranslator
                | NameVariable::CollectionEditor | NameVariable::EditorialDirector)));
    if editors {
        *last = None;
        return;
    }
    let mut spans = Vec::new();
    collect(&names.children, Formatting::default(), None, &mut spans);
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    if text.trim().is_empty() {
        *last = None;
    } else if last.as_deref() == Some(text.as_str()) {
        if let Some(e) = find_mut(content) {
            e.children = ElemChildren(vec![ElemChild::Text(Formatted {
                text: subs.to_string(),
                formatting: Formatting::default(),
            })]);
        }
    } else {
        *last = Some(text);
    }
}

/// The year-suffix letters of the `k`-th work (from 0): a … z, aa, ab … (CSL 1.0.2).
fn letters(k: usize) -> String {
    if k < 26 {
        ((b'a' + k as u8) as char).to_string()
    } else {
        format!("{}{}", letters(k / 26 - 1), letters(k % 26))
    }
}

/// Gives an entry its year suffix: after the `nth` standalone `year` ("2022" → "2022b"), or
/// for an undated work (`suffix` "-a") after the locale's term ("n.d." → "n.d.-a").
fn apply_year_suffix(spans: &mut [Span], item: &Value, suffix: &str, nth: usize) {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    match item["issued"]["date-parts"][0][0].as_i64() {
        Some(year) => {
            add_year_suffix(spans, &year.to_string(), suffix, nth);
        }
        None => {
            let Some(term) = ["n.d.", "no date", "n.d"]
                .iter()
                .find(|t| text.contains(**t))
            else {
                return;
            };
            // The stop after the term had merged with the term's own ("n.d." then ". " or the
            // entry's end): it comes back after the letter ("n.d.-a. Title").
            let next = text
                .find(term)
                .and_then(|p| text[p + term.len()..].chars().next());
            if term.ends_with('.') && next.is_none_or(char::is_whitespace) {
                add_year_suffix(spans, term, &format!("{suffix}."), 0);
            } else if term.ends_with('.') {
                add_year_suffix(spans, term, suffix, 0);
            } else {
                // A spelt-out term takes a space, as Harvard's style asks ("no date a").
                add_year_suffix(spans, term, &suffix.replacen('-', " ", 1), 0);
            }
        }
    }
}

/// The byte ranges of `year` standing alone in `text` (no letter or digit touching it).
fn standalone(text: &str, year: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(year) {
        let start = from + at;
        let end = start + year.len();
        let before_ok = !text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        let after_ok = !text[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
        if before_ok && after_ok {
            out.push(end);
        }
        from = end;
    }
    out
}

/// Puts `suffix` after the `nth` standalone `year` in `spans` (counted across spans).
fn add_year_suffix(spans: &mut [Span], year: &str, suffix: &str, nth: usize) {
    let mut seen = 0;
    for s in spans.iter_mut() {
        let ends = standalone(&s.text, year);
        if seen + ends.len() > nth {
            s.text.insert_str(ends[nth - seen], suffix);
            return;
        }
        seen += ends.len();
    }
}

/// The letters right after a `year` in `text` ("2022b" → "b"), and which standalone occurrence
/// of the year that is once the letters are gone (0 for the first).
fn suffix_after(text: &str, year: &str) -> Option<(String, usize)> {
    let mut from = 0;
    let mut nth = 0;
    while let Some(at) = text[from..].find(year) {
        let start = from + at;
        let rest = &text[start + year.len()..];
        let before_ok = !text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        let letters: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        let after_ok = rest[letters.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            if !letters.is_empty() && letters.len() <= 3 {
                return Some((letters, nth));
            }
            nth += 1;
        }
        from = start + year.len();
    }
    None
}

/// Whether the style numbers its entries (citation-number in its bibliography).
fn is_numeric(style: &LoadedStyle) -> bool {
    matches!(
        style.style.settings.class,
        hayagriva::citationberg::StyleClass::InText
    ) && style
        .style
        .bibliography
        .as_ref()
        .is_some_and(|b| b.second_field_align.is_some())
}

fn entry(inp: &EntryInput, label: Option<String>, spans: Vec<Span>) -> RenderedEntry {
    RenderedEntry {
        record_id: inp.record_id,
        label,
        spans,
        annotation: inp.annotation.clone().filter(|a| !a.trim().is_empty()),
        location: inp.location.clone(),
    }
}

/// One driver, one `CitationRequest` per item; returns (input index, content) in the style's
/// bibliography order, or the citations in input order when the style has no bibliography.
pub(super) fn run(
    style: &LoadedStyle,
    locales: &[Locale],
    locale: &Option<LocaleCode>,
    items: &[Option<Item>],
    which: Vec<usize>,
) -> Vec<(usize, ElemChildren)> {
    // With a bibliography only its entries are wanted: the citations need not be rendered.
    run_with(&style.entry_style, locales, locale, items, which)
}

fn run_with(
    csl: &IndependentStyle,
    locales: &[Locale],
    locale: &Option<LocaleCode>,
    items: &[Option<Item>],
    which: Vec<usize>,
) -> Vec<(usize, ElemChildren)> {
    let mut driver = BibliographyDriver::new();
    let mut order = Vec::new();
    for &i in &which {
        if let Some(item) = &items[i] {
            driver.citation(CitationRequest::new(
                vec![CitationItem::with_entry(item)],
                csl,
                locale.clone(),
                locales,
                Some(order.len() + 1),
            ));
            order.push(i);
        }
    }
    let out = driver.finish(BibliographyRequest::new(csl, locale.clone(), locales));
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
                    children.extend(std::mem::take(&mut content.0));
                    content = ElemChildren(children);
                }
                Some((idx, content))
            })
            .collect(),
        None => out
            .citations
            .into_iter()
            .zip(order)
            .map(|(c, i)| (i, c.citation))
            .collect(),
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
        if last.italic == span.italic
            && last.bold == span.bold
            && last.small_caps == span.small_caps
            && last.superscript == span.superscript
            && last.link == span.link
        {
            last.text.push_str(&span.text);
            return;
        }
    }
    spans.push(span);
}

pub(super) fn collect(
    children: &ElemChildren,
    f: Formatting,
    link: Option<&str>,
    spans: &mut Vec<Span>,
) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => push(spans, &t.text, merge(f, t.formatting), link),
            ElemChild::Elem(e) => {
                let block = matches!(e.display, Some(hayagriva::citationberg::Display::Block));
                if block
                    && !spans.is_empty()
                    && !spans.last().is_some_and(|s| s.text.ends_with(' '))
                {
                    push(spans, " ", f, None);
                }
                collect(&e.children, f, link, spans);
            }
            ElemChild::Markup(m) => push(spans, m, f, link),
            ElemChild::Link { text, url } => {
                push(spans, &text.text, merge(f, text.formatting), Some(url))
            }
            ElemChild::Transparent { .. } => {}
        }
    }
}

/// Citation-number styles start the entry with a label ("[1]", "1."): keep it apart.
fn split_label(mut spans: Vec<Span>) -> (Option<String>, Vec<Span>) {
    if let Some(first) = spans.first_mut() {
        let t = first.text.trim_start();
        let looks = (t.starts_with('[')
            && t.find(']')
                .is_some_and(|e| t[1..e].chars().all(|c| c.is_ascii_digit())))
            || t.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The cheap ordering pass (reduced style, items given in text order) gives the order one
    /// driver over the whole style gives (the engine's own sort of the input order).
    #[test]
    fn order_is_the_engines() {
        let names = [
            ("Żuławski", "Andrzej"),
            ("Zola", "Émile"),
            ("van der Merwe", "Pieter"),
            ("Smith", "John"),
            ("Smith", "Anna"),
            ("O’Brien", "Flann"),
            ("Öberg", "Lena"),
            ("Oberg", "Karl"),
            ("Adams", "Douglas"),
            ("Åberg", "Nils"),
            ("de Beauvoir", "Simone"),
            ("MacDonald", "George"),
            ("McDonald", "Ian"),
            ("Lévi-Strauss", "Claude"),
            ("Levi", "Primo"),
        ];
        let mut inputs = Vec::new();
        for (k, (family, given)) in names.iter().enumerate() {
            for (j, year) in [2001, 1999].iter().enumerate() {
                let item = serde_json::json!({
                    "id": format!("x{k}-{j}"), "type": "book",
                    "title": format!("{} volume {}", ["Arbitration", "The law of trusts", "Ängste", "Zebra crossings"][(k + j) % 4], k * 2 + j),
                    "author": [{"family": family, "given": given}],
                    "issued": {"date-parts": [[year]]},
                });
                inputs.push(EntryInput {
                    record_id: RecordId((k * 2 + j) as i64),
                    item,
                    annotation: None,
                    location: None,
                });
            }
        }
        // Works with no author sort by title.
        for (k, t) in ["Beowulf", "The Anglo-Saxon chronicle", "Njáls saga"]
            .iter()
            .enumerate()
        {
            let item = serde_json::json!({"id": format!("t{k}"), "type": "book", "title": t, "issued": {"date-parts": [[1900 + k]]}});
            inputs.push(EntryInput {
                record_id: RecordId(100 + k as i64),
                item,
                annotation: None,
                location: None,
            });
        }
        let locales = crate::bibliography::styles::locales(None);
        for name in [
            "chicago-author-date",
            "apa",
            "modern-language-association",
            "harvard-cite-them-right",
        ] {
            let style = crate::bibliography::styles::load_style(name, None).unwrap();
            let ours: Vec<RecordId> = render_entries(&style, &locales, None, &inputs, true)
                .entries
                .iter()
                .map(|e| e.record_id)
                .collect();
            let items: Vec<Option<Item>> = inputs
                .iter()
                .enumerate()
                .map(|(i, inp)| {
                    let mut v = normalise_item(&inp.item);
                    v["id"] = Value::String(format!("i{i}"));
                    serde_json::from_value(v).ok()
                })
                .collect();
            let locale = style.default_locale.clone().map(LocaleCode);
            let engine: Vec<RecordId> = run_with(
                &style.style,
                &locales,
                &locale,
                &items,
                (0..items.len()).collect(),
            )
            .into_iter()
            .map(|(i, _)| inputs[i].record_id)
            .collect();
            assert_eq!(ours, engine, "{name}");
        }
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
