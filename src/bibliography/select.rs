//! Which records a section rule selects: a subject heading (with narrower headings), a
//! call-number range, a saved search, a publication-year range and an item type, all given
//! criteria together (AND). Never a deleted record.

use crate::ids::RecordId;
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalogue::callnumber::{detect_scheme, sort_key, Scheme};
use crate::error::{Error, Result};
use crate::storage::Library;

/// A section's rule, stored as JSON in `bibliography_sections.rule`. Empty: no record (the
/// section has only the records picked by hand).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SelectionRule {
    /// A subject heading as displayed ("Arbitration -- England"), compared without regard to case.
    pub subject: Option<String>,
    /// Also take the headings under `subject` ("Arbitration" takes "Arbitration -- England").
    pub narrower: bool,
    /// First call number of the range ("KF 1", "340"), compared by shelf order; LC class letters
    /// alone ("KF") start at the beginning of the class.
    pub class_from: Option<String>,
    /// Last call number of the range, inclusive of everything filed under it ("KF 9999" takes
    /// "KF 9999 .A7 2019"); LC class letters alone ("KF") end with the end of the class.
    pub class_to: Option<String>,
    /// A catalogue search (the search box's syntax).
    pub query: Option<String>,
    /// Publication years (records.year), inclusive.
    pub year_from: Option<i32>,
    /// Last publication year (records.year), inclusive.
    pub year_to: Option<i32>,
    /// An item type ("book", "looseleaf", …): records with at least one such item.
    pub item_type: Option<String>,
}

impl SelectionRule {
    /// Whether the rule selects nothing by itself.
    pub fn is_empty(&self) -> bool {
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
        blank(&self.subject)
            && blank(&self.class_from)
            && blank(&self.class_to)
            && blank(&self.query)
            && self.year_from.is_none()
            && self.year_to.is_none()
            && blank(&self.item_type)
    }
}

/// The leader/06 codes (MARC 21) of records that are never cited: authority (`z`), holdings
/// (`u`, `v`, `x`, `y`) and community information (`q`) records, which arrive in the same files
/// as bibliographic ones.
pub const NOT_CITABLE: [&str; 6] = ["z", "u", "v", "x", "y", "q"];

/// Whether record `id` may be an entry of a bibliography: it exists, is not deleted and is a
/// bibliographic record (leader/06 not in [`NOT_CITABLE`]). Records picked by hand go through
/// this too, so that an authority record never renders as an "[Untitled]" entry.
pub fn is_citable(lib: &Library, id: RecordId) -> Result<bool> {
    use rusqlite::OptionalExtension;
    let row: Option<(Option<String>, String)> = lib
        .conn()
        .query_row(
            "SELECT deleted_at, record_type FROM records WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(matches!(row, Some((None, t)) if !NOT_CITABLE.contains(&t.as_str())))
}

fn key_of(cn: &str) -> String {
    sort_key(cn.trim(), detect_scheme(cn.trim())).key
}

/// The LC class letters `cn` is, if it is nothing else: one to three letters of the LC outline
/// ("KF", "k"), upper-cased. "abc" (not in the outline) is a local call number.
fn lc_class_letters(cn: &str) -> Option<String> {
    let t = cn.trim();
    if !(1..=3).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let letters = t.to_ascii_uppercase();
    // The key of class number 1 under these letters, read without warning, means the letters are
    // an LC class (the reader warns for letters outside the LC outline).
    let k = sort_key(&format!("{letters} 1"), Scheme::Lcc);
    (k.parsed && k.warning.is_none()).then_some(letters)
}

/// The LC key of class `letters` with no class number: it files before every call number of
/// the class. The key of "KF 1" ends with the class number written as "11" (length, digits).
fn class_key(letters: &str) -> String {
    let k = sort_key(&format!("{letters} 1"), Scheme::Lcc).key;
    k.strip_suffix("11").map(str::to_string).unwrap_or(k)
}

/// A range bound as keys: `(lowest key, upper bound)`. The upper bound of a call number takes
/// everything filed under it ("KF 9999" takes "KF 9999 .A7 2019"); of class letters alone
/// ("KF"), every class number of that class but not a longer class ("KFN"): the class number
/// follows the letters as a length digit, so ":" (after "9") closes the class.
enum Upper {
    Under(String),
    Before(String),
}

fn bounds(cn: &str) -> (String, Upper) {
    match lc_class_letters(cn) {
        Some(l) => {
            let base = class_key(&l);
            (base.clone(), Upper::Before(format!("{base}:")))
        }
        None => {
            let k = key_of(cn);
            (k.clone(), Upper::Under(k))
        }
    }
}

/// The ids of the records `rule` selects, in id order. A call-number bound that is LC class
/// letters alone ("KF", "K"–"KZ") stands for the whole class; any other bound is a call number
/// of the scheme it looks like (LC, Dewey or local: "abc"–"xyz" selects local call numbers filed
/// between them). Errors: [`Error::InvalidInput`] for a year range or a call-number range that
/// ends before it starts; search errors of a malformed query.
pub fn select_records(lib: &Library, rule: &SelectionRule) -> Result<Vec<RecordId>> {
    if rule.is_empty() {
        return Ok(Vec::new());
    }
    if let (Some(a), Some(b)) = (rule.year_from, rule.year_to) {
        if b < a {
            return Err(Error::InvalidInput(format!(
                "the year range {a}-{b} ends before it starts"
            )));
        }
    }
    // Bibliographic records only: authority and holdings records (leader/06 z, u, v, x, y) that
    // arrived in the same files are no citations.
    let not_citable = NOT_CITABLE
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut conds = vec![
        "r.deleted_at IS NULL".to_string(),
        format!("r.record_type NOT IN ({not_citable})"),
    ];
    let mut params: Vec<rusqlite::types::Value> = Vec::new();
    let p = |v: rusqlite::types::Value, params: &mut Vec<rusqlite::types::Value>| {
        params.push(v);
        format!("?{}", params.len())
    };
    if let Some(s) = rule
        .subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let a = p(s.to_string().into(), &mut params);
        let narrower = if rule.narrower {
            let b = p(format!("{} -- ", s.to_lowercase()).into(), &mut params);
            format!(" OR substr(lower(s.heading), 1, length({b})) = {b}")
        } else {
            String::new()
        };
        conds.push(format!(
            "EXISTS (SELECT 1 FROM record_subjects s WHERE s.record_id = r.id AND (s.heading = {a} COLLATE NOCASE{narrower}))"
        ));
    }
    let from_cn = rule
        .class_from
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let to_cn = rule
        .class_to
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let from = from_cn.map(|c| bounds(c).0);
    let to = to_cn.map(|c| bounds(c).1);
    if let (Some(f), Some(t), Some(a), Some(b)) = (&from, &to, from_cn, to_cn) {
        let reversed = match t {
            Upper::Under(t) => t < f && !f.starts_with(t.as_str()),
            Upper::Before(t) => t <= f,
        };
        if reversed {
            return Err(Error::InvalidInput(format!(
                "the call-number range {a} to {b} ends before it starts"
            )));
        }
    }
    if from.is_some() || to.is_some() {
        // KEY stands for the shelf-key column, filled in for the record and for its items.
        let mut c: Vec<String> = Vec::new();
        if let Some(f) = from {
            let a = p(f.into(), &mut params);
            c.push(format!("KEY >= {a}"));
        }
        match to {
            Some(Upper::Under(t)) => {
                let b = p(t.into(), &mut params);
                // Inclusive of everything filed under the last call number.
                c.push(format!("(KEY <= {b} OR substr(KEY, 1, length({b})) = {b})"));
            }
            Some(Upper::Before(t)) => {
                let b = p(t.into(), &mut params);
                c.push(format!("KEY < {b}"));
            }
            None => {}
        }
        let c = c.join(" AND ");
        let (on_record, on_item) = (
            c.replace("KEY", "r.shelf_key"),
            c.replace("KEY", "i.shelf_key"),
        );
        conds.push(format!(
            "((r.shelf_key <> '' AND {on_record}) OR EXISTS (SELECT 1 FROM items i WHERE i.record_id = r.id AND i.shelf_key <> '' AND {on_item}))"
        ));
    }
    if let Some(y) = rule.year_from {
        let a = p(i64::from(y).into(), &mut params);
        conds.push(format!("r.year >= {a}"));
    }
    if let Some(y) = rule.year_to {
        let a = p(i64::from(y).into(), &mut params);
        conds.push(format!("r.year <= {a}"));
    }
    if let Some(t) = rule
        .item_type
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let a = p(t.to_string().into(), &mut params);
        conds.push(format!(
            "EXISTS (SELECT 1 FROM items i WHERE i.record_id = r.id AND i.item_type = {a})"
        ));
    }
    let sql = format!(
        "SELECT r.id FROM records r WHERE {} ORDER BY r.id",
        conds.join(" AND ")
    );
    let mut stmt = lib.conn().prepare(&sql)?;
    let mut ids = stmt
        .query_map(params_from_iter(params), |r| r.get::<_, RecordId>(0))?
        .collect::<rusqlite::Result<Vec<RecordId>>>()?;
    if let Some(q) = rule
        .query
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let hits: std::collections::HashSet<RecordId> =
            crate::catalogue::search::matching_ids(lib, q, &[])?
                .into_iter()
                .collect();
        ids.retain(|id| hits.contains(id));
    }
    Ok(ids)
}

/// How many records carry subject heading `subject` exactly (compared without regard
/// to case) and how many carry a heading under it ("Arbitration -- England" under
/// "Arbitration"), deleted records left out: `(exact, narrower)`. For telling a user that a
/// section's subject selects nothing, and whether `narrower` would help.
pub fn subject_counts(lib: &Library, subject: &str) -> Result<(i64, i64)> {
    let s = subject.trim();
    let count = |sql: &str, v: String| -> Result<i64> {
        Ok(lib.conn().query_row(
            &format!("SELECT COUNT(DISTINCT s.record_id) FROM record_subjects s JOIN records r ON r.id = s.record_id WHERE r.deleted_at IS NULL AND {sql}"),
            [v],
            |r| r.get(0),
        )?)
    };
    let exact = count("s.heading = ?1 COLLATE NOCASE", s.to_string())?;
    let narrower = count(
        "substr(lower(s.heading), 1, length(?1)) = ?1",
        format!("{} -- ", s.to_lowercase()),
    )?;
    Ok((exact, narrower))
}
