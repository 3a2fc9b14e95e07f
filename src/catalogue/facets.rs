//! Facets: counts of subject headings, formats, item types, locations, availability, languages
//! and publication decades among the records a search matches, and the filters they become.
//!
//! Counting is over the first [`SAMPLE`] matches (in index order) so that a very common word does
//! not make every keystroke count a whole large catalogue; the results say when it was sampled.
//! (Reading a record's language and year costs a walk over its stored MARC's overflow pages:
//! about 20 µs a record at 200,000 records, see docs/performance.md.)

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::search::Matching;
use crate::error::{Error, Result};

/// One chosen facet value: `{ "facet": "subject", "value": "Contracts -- England" }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FacetFilter {
    /// `subject`, `format`, `item_type`, `location`, `availability`, `language` or `decade`.
    pub facet: String,
    /// The value as the facet lists it (`FacetValue.value`).
    pub value: String,
}

/// One facet and its most frequent values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Facet {
    /// The name filters use (`subject`, …).
    pub name: String,
    /// The heading the UI shows ("Subject").
    pub label: String,
    /// Its values, most records first (at most 20); for `decade`, every decade, newest first.
    pub values: Vec<FacetValue>,
}

/// A facet value with the number of matching records that have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct FacetValue {
    /// What a filter passes back (a heading, a format label, a language code, a decade "1990").
    pub value: String,
    /// What the UI shows ("English (eng)", "1990s", "On loan or otherwise unavailable").
    pub label: String,
    /// Matching records that have this value.
    pub count: u32,
    /// Whether a filter of the request has chosen it.
    pub selected: bool,
}

/// Facets are counted over at most this many matching records.
pub const SAMPLE: u32 = 2_000;

/// Values listed per facet, most frequent first.
const TOP: usize = 20;

/// The facets, in the order the UI shows them: (name, label).
pub const FACETS: [(&str, &str); 7] = [
    ("subject", "Subject"),
    ("format", "Format"),
    ("item_type", "Item type"),
    ("location", "Location"),
    ("availability", "Availability"),
    ("language", "Language"),
    ("decade", "Decade"),
];

const AVAILABILITY: [(&str, &str); 3] = [
    ("available", "Available"),
    ("unavailable", "On loan or otherwise unavailable"),
    ("no_items", "No items"),
];

/// English names of common MARC 21 language codes (MARC Code List for Languages).
fn language_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "eng" => "English",
        "fre" => "French",
        "ger" => "German",
        "spa" => "Spanish",
        "ita" => "Italian",
        "por" => "Portuguese",
        "dut" => "Dutch",
        "lat" => "Latin",
        "rus" => "Russian",
        "pol" => "Polish",
        "cze" => "Czech",
        "slo" => "Slovak",
        "hun" => "Hungarian",
        "swe" => "Swedish",
        "dan" => "Danish",
        "nor" => "Norwegian",
        "fin" => "Finnish",
        "ice" => "Icelandic",
        "gre" => "Greek, Modern",
        "grc" => "Greek, Ancient",
        "heb" => "Hebrew",
        "yid" => "Yiddish",
        "ara" => "Arabic",
        "per" => "Persian",
        "tur" => "Turkish",
        "hin" => "Hindi",
        "urd" => "Urdu",
        "nep" => "Nepali",
        "chi" => "Chinese",
        "jpn" => "Japanese",
        "kor" => "Korean",
        "wel" => "Welsh",
        "gle" => "Irish",
        "gla" => "Scottish Gaelic",
        "cat" => "Catalan",
        "rum" => "Romanian",
        "ukr" => "Ukrainian",
        "mul" => "Multiple languages",
        _ => return None,
    })
}

/// Every (leader/06, leader/07) pair whose format label is `label`, as two-character strings.
fn format_codes(label: &str) -> Vec<String> {
    let chars = || (b'a'..=b'z').map(char::from).chain([' ', '|']);
    let mut out = Vec::new();
    for t in chars() {
        for l in chars() {
            if super::extract::format_label_of(t, l) == label {
                out.push(format!("{t}{l}"));
            }
        }
    }
    out
}

/// Adds the SQL conditions (over `records r`) of the chosen facet values: values of one facet
/// are alternatives (OR), different facets must all hold (AND). Errors: [`Error::InvalidInput`]
/// for an unknown facet or a decade that is not a number.
pub(crate) fn filter_conditions(
    filters: &[FacetFilter],
    conds: &mut Vec<String>,
    params: &mut Vec<Value>,
) -> Result<()> {
    for (name, _) in FACETS {
        let chosen: Vec<&FacetFilter> = filters.iter().filter(|f| f.facet == name).collect();
        if chosen.is_empty() {
            continue;
        }
        let mut alternatives = Vec::new();
        for f in chosen {
            let v = f.value.clone();
            let item = |c: &str| {
                format!("EXISTS (SELECT 1 FROM items i WHERE i.record_id = r.id AND {c})")
            };
            match name {
                "subject" => {
                    // The heading's browse key leads the table's primary key.
                    alternatives.push("r.id IN (SELECT record_id FROM record_subjects WHERE sort_key = ? AND heading = ?)".to_string());
                    params.push(Value::Text(super::subjects::heading_sort_key(&v)));
                    params.push(Value::Text(v));
                }
                "format" => {
                    let codes = format_codes(&v);
                    if codes.is_empty() {
                        alternatives.push("0".into());
                        continue;
                    }
                    alternatives.push(format!(
                        "(r.record_type || r.bibliographic_level) IN ({})",
                        vec!["?"; codes.len()].join(", ")
                    ));
                    params.extend(codes.into_iter().map(Value::Text));
                }
                "item_type" => {
                    alternatives.push(item("i.item_type = ?"));
                    params.push(Value::Text(v));
                }
                "location" => {
                    alternatives.push(item("i.location = ?"));
                    params.push(Value::Text(v));
                }
                "availability" => alternatives.push(match v.as_str() {
                    "available" => item("i.status = 'available'"),
                    "unavailable" => {
                        format!("{} AND NOT {}", item("1"), item("i.status = 'available'"))
                    }
                    "no_items" => format!("NOT {}", item("1")),
                    _ => {
                        return Err(Error::InvalidInput(format!(
                            "availability {v:?} is not one of available, unavailable, no_items"
                        )))
                    }
                }),
                "language" => {
                    alternatives.push("r.language = ?".into());
                    params.push(Value::Text(v));
                }
                "decade" => {
                    let d: i64 = v.trim_end_matches('s').parse().map_err(|_| {
                        Error::InvalidInput(format!("decade {v:?} is not a year like 1990"))
                    })?;
                    alternatives.push(
                        "r.id IN (SELECT id FROM records WHERE year >= ? AND year <= ?)".into(),
                    );
                    params.push(Value::Integer(d - d.rem_euclid(10)));
                    params.push(Value::Integer(d - d.rem_euclid(10) + 9));
                }
                _ => unreachable!(),
            }
        }
        conds.push(format!("({})", alternatives.join(" OR ")));
    }
    if let Some(f) = filters
        .iter()
        .find(|f| !FACETS.iter().any(|(n, _)| *n == f.facet))
    {
        let names: Vec<&str> = FACETS.iter().map(|(n, _)| *n).collect();
        return Err(Error::InvalidInput(format!(
            "{:?} is not a facet (facets: {})",
            f.facet,
            names.join(", ")
        )));
    }
    Ok(())
}

/// Counts the facets over the first `sample` records of the matching set `m`.
pub(crate) fn compute(
    conn: &Connection,
    m: &Matching,
    filters: &[FacetFilter],
    sample: u32,
) -> Result<Vec<Facet>> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS facet_sample (id INTEGER PRIMARY KEY); DELETE FROM temp.facet_sample;",
    )?;
    let mut params = m.params.clone();
    params.push(Value::Integer(sample.into()));
    let fill = match (&m.fts, m.filtered) {
        // Deleted records have no index entry: no need to read the records table for them.
        (Some(_), false) => "INSERT OR IGNORE INTO temp.facet_sample (id) SELECT rowid FROM records_fts WHERE records_fts MATCH ? LIMIT ?".to_string(),
        _ => format!("INSERT OR IGNORE INTO temp.facet_sample (id) SELECT r.id FROM {} WHERE {} LIMIT ?", m.from, m.where_clause()),
    };
    conn.execute(&fill, params_from_iter(params))?;
    // CROSS JOIN below keeps the sample as the outer loop: the temporary table has no statistics
    // and the planner would otherwise scan all of record_subjects, items or records (measured
    // 100-200 ms at 200,000 records, against 10 ms).
    // Format, language and decade in one pass over the (wide) records rows.
    let mut formats: Vec<(String, String, u32)> = Vec::new();
    let mut languages: Vec<(String, String, u32)> = Vec::new();
    let mut decades: Vec<(i64, u32)> = Vec::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT r.record_type || r.bibliographic_level, r.language, r.year / 10 * 10, count(*)
             FROM temp.facet_sample t CROSS JOIN records r ON r.id = t.id GROUP BY 1, 2, 3",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let codes: String = row.get(0)?;
            let language: Option<String> = row.get(1)?;
            let decade: Option<i64> = row.get(2)?;
            let n: u32 = row.get(3)?;
            let mut c = codes.chars();
            let label =
                super::extract::format_label_of(c.next().unwrap_or('a'), c.next().unwrap_or('m'))
                    .to_string();
            match formats.iter_mut().find(|(v, _, _)| *v == label) {
                Some(e) => e.2 += n,
                None => formats.push((label.clone(), label, n)),
            }
            if let Some(code) = language {
                match languages.iter_mut().find(|(v, _, _)| *v == code) {
                    Some(e) => e.2 += n,
                    None => {
                        let label = language_name(&code)
                            .map_or(code.clone(), |name| format!("{name} ({code})"));
                        languages.push((code, label, n));
                    }
                }
            }
            if let Some(d) = decade {
                match decades.iter_mut().find(|(v, _)| *v == d) {
                    Some(e) => e.1 += n,
                    None => decades.push((d, n)),
                }
            }
        }
    }
    decades.sort_by_key(|d| std::cmp::Reverse(d.0));
    let counts = |sql: &str| -> Result<Vec<(Value, u32)>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Value>(0)?, r.get::<_, u32>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    let text = |v: &Value| match v {
        Value::Text(t) => t.clone(),
        Value::Integer(i) => i.to_string(),
        _ => String::new(),
    };
    let mut out = Vec::new();
    for (name, label) in FACETS {
        let mut values: Vec<(String, String, u32)> = match name {
            "subject" => counts(
                "SELECT s.heading, count(*) AS n FROM temp.facet_sample t CROSS JOIN record_subjects s ON s.record_id = t.id
                 GROUP BY s.heading ORDER BY n DESC, s.heading LIMIT 20",
            )?
            .into_iter()
            .map(|(v, n)| (text(&v), text(&v), n))
            .collect(),
            "format" => std::mem::take(&mut formats),
            "item_type" | "location" => counts(&format!(
                "SELECT i.{name}, count(DISTINCT t.id) AS n FROM temp.facet_sample t CROSS JOIN items i ON i.record_id = t.id
                 WHERE i.{name} <> '' GROUP BY i.{name} ORDER BY n DESC, i.{name} LIMIT 20"
            ))?
            .into_iter()
            .map(|(v, n)| (text(&v), text(&v), n))
            .collect(),
            "availability" => counts(
                "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM items i WHERE i.record_id = t.id) THEN 'no_items'
                             WHEN EXISTS (SELECT 1 FROM items i WHERE i.record_id = t.id AND i.status = 'available') THEN 'available'
                             ELSE 'unavailable' END AS a, count(*) FROM temp.facet_sample t GROUP BY a",
            )?
            .into_iter()
            .map(|(v, n)| {
                let v = text(&v);
                let label = AVAILABILITY.iter().find(|(k, _)| *k == v).map_or(v.clone(), |(_, l)| l.to_string());
                (v, label, n)
            })
            .collect(),
            "language" => std::mem::take(&mut languages),
            "decade" => decades.iter().map(|(d, n)| (d.to_string(), format!("{d}s"), *n)).collect(),
            _ => unreachable!(),
        };
        if name != "decade" {
            values.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
            values.truncate(TOP);
        }
        if values.is_empty() {
            continue;
        }
        out.push(Facet {
            name: name.to_string(),
            label: label.to_string(),
            values: values
                .into_iter()
                .map(|(value, label, count)| {
                    let selected = filters.iter().any(|f| f.facet == name && f.value == value);
                    FacetValue {
                        value,
                        label,
                        count,
                        selected,
                    }
                })
                .collect(),
        })
    }
    conn.execute_batch("DELETE FROM temp.facet_sample")?;
    Ok(out)
}
