//! Searching the catalogue: the query language ([`super::query`]) over the FTS5 index, sorting,
//! keyset paging, facets ([`super::facets`]) and the jump from a scanned barcode or ISBN.
//!
//! A user's typing never reaches FTS5 or SQL as syntax (see [`super::query`]); values go to
//! SQLite only as bound parameters.

use crate::ids::RecordId;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facets::{self, Facet, FacetFilter};
use super::view::{summary_from_row, SUMMARY_COLUMNS};
use super::{query, RecordSummary};
use crate::error::{Error, Result};
use crate::storage::Library;

/// Counting stops here: beyond it the UI says "10,000+ records".
pub const COUNT_CAP: u32 = 10_000;

/// Relevance ranks at most this many matches: the most recently added ones. bm25 scores every
/// match it ranks (about 1 µs each), so a word in half of a million-record catalogue would cost
/// half a second a keystroke; beyond this many matches the best 50 are chosen among the newest
/// 20,000 (the total then reads "10,000+" anyway). Exact below it. With `year:`, subject, item
/// type, location or availability filters, the newest 20,000 matches that pass them are ranked;
/// with a language or format filter, every match.
pub const RANK_WINDOW: u32 = 20_000;

/// From this many matches a sort by title, author, date or call number walks the sort key's index
/// (see `search_request`); below it the matches are read and sorted.
const WALK_FROM: u32 = 2_000;
/// Index entries a walk looks at before it gives way to sorting the matches.
const WALK_WINDOW: u32 = 20_000;

/// bm25 column weights (FTS5 columns title, names, subjects, other, identifiers, shelf): a word
/// in the title counts most, then in a name; an identifier or call number hit is near-exact.
const BM25: &str = "bm25(records_fts, 10.0, 6.0, 3.0, 1.0, 4.0, 4.0)";

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first (weighted bm25); without search words, the most recently added first.
    #[default]
    Relevance,
    /// Filing title (MARC 21 245 without the non-filing characters of indicator 2), A–Z.
    Title,
    /// Main entry (1XX, else the first 7XX), A–Z; records without a name last.
    Author,
    /// Publication year, oldest first; records without a year last.
    DateAsc,
    /// Publication year, newest first; records without a year last.
    DateDesc,
    /// Shelf order of the first item's call number (else the record's); records without one last.
    CallNumber,
}

impl SortOrder {
    fn tag(self) -> char {
        match self {
            SortOrder::Relevance => 'r',
            SortOrder::Title => 't',
            SortOrder::Author => 'a',
            SortOrder::DateAsc => 'd',
            SortOrder::DateDesc => 'D',
            SortOrder::CallNumber => 'c',
        }
    }

    /// Parses the JSON/CLI name (`relevance`, `title`, `author`, `date_asc`, `date_desc`, `call_number`).
    pub fn parse(s: &str) -> Option<SortOrder> {
        Some(match s {
            "relevance" => SortOrder::Relevance,
            "title" => SortOrder::Title,
            "author" => SortOrder::Author,
            "date_asc" | "date" => SortOrder::DateAsc,
            "date_desc" => SortOrder::DateDesc,
            "call_number" | "callno" => SortOrder::CallNumber,
            _ => return None,
        })
    }
}

/// One search, as the search box, the CLI or a script asks for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SearchRequest {
    /// What the user typed (see docs/search.md for the syntax). Empty lists every record.
    pub query: String,
    /// The order of the hits.
    pub sort: SortOrder,
    /// Facet values chosen: records must match one of the chosen values of each facet named.
    pub filters: Vec<FacetFilter>,
    /// The `next` cursor of the previous page, to get the page after it; `None` for the first.
    pub after: Option<String>,
    /// Records per page, 1–500 (default 50).
    pub limit: u32,
    /// Whether to count facet values (skip it when only paging on).
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            sort: SortOrder::Relevance,
            filters: Vec::new(),
            after: None,
            limit: 50,
            facets: false,
        }
    }
}

/// Where a scanned code leads: the record, and the item when the code was an item barcode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Jump {
    /// Row id of the record found (table `records`).
    pub record_id: RecordId,
    /// The item barcode that matched exactly, when the code was one.
    pub item_barcode: Option<String>,
}

/// The answer to a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SearchResults {
    /// The query as asked (what the user typed), echoed so that a late answer can be matched to its request.
    pub query: String,
    /// Number of matching records, up to 10,000.
    pub total: u32,
    /// True when more than `total` records match (counting stopped).
    pub total_is_lower_bound: bool,
    /// One page of matches in the requested order, at most `limit`.
    pub hits: Vec<RecordSummary>,
    /// Cursor for the next page (pass as `after`), `None` on the last page.
    pub next: Option<String>,
    /// Facet counts (empty unless asked for); each lists its values by count, decades by decade.
    pub facets: Vec<Facet>,
    /// True when the facets were counted over the first 2,000 matches only ([`facets::SAMPLE`]).
    pub facets_sampled: bool,
    /// How a malformed query was read ("The quote before … is not closed …"), for the user.
    pub notice: Option<String>,
    /// The query as understood, in the query language, when it differs from what was typed.
    pub interpreted_as: Option<String>,
    /// A scanned or typed item barcode, ISBN or ISSN that names exactly one record (first page only).
    pub jump: Option<Jump>,
}

/// Builds the FTS5 MATCH expression for what the user typed ([`query::parse`]); `None` when the
/// text holds no word to search for. `year:` parts are not part of it.
pub fn fts_query(text: &str) -> Option<String> {
    query::parse(text).fts
}

/// Searches titles, names, subjects, publication/series/notes, identifiers, call numbers and
/// barcodes: the first `limit` (1–500) records, best first. An empty query lists the most
/// recently added records. The same as [`search_request`] with the default sort and no facets.
pub fn search(lib: &Library, query: &str, limit: u32) -> Result<SearchResults> {
    search_request(
        lib,
        &SearchRequest {
            query: query.to_string(),
            limit,
            ..SearchRequest::default()
        },
    )
}

/// The sort key of a sort order: its SQL expression, the condition of records that have no
/// value (they come last, in id order), the direction and how its cursor value is read.
struct SortSpec {
    key: &'static str,
    empty: Option<&'static str>,
    desc: bool,
    kind: KeyKind,
    /// The `(key, id)` index of the key (schema 5).
    index: Option<&'static str>,
}

#[derive(Clone, Copy, PartialEq)]
enum KeyKind {
    Text,
    Int,
    Score,
    /// The record id itself (newest first): no separate key.
    Id,
}

fn sort_spec(sort: SortOrder, has_words: bool) -> SortSpec {
    let s = |key, empty, desc, kind, index| SortSpec {
        key,
        empty: Some(empty),
        desc,
        kind,
        index: Some(index),
    };
    match sort {
        SortOrder::Relevance if has_words => SortSpec {
            key: "m.score",
            empty: None,
            desc: false,
            kind: KeyKind::Score,
            index: None,
        },
        SortOrder::Relevance => SortSpec {
            key: "r.id",
            empty: None,
            desc: true,
            kind: KeyKind::Id,
            index: None,
        },
        SortOrder::Title => s(
            "r.filing_title",
            "r.filing_title = ''",
            false,
            KeyKind::Text,
            "records_filing_title",
        ),
        SortOrder::Author => s(
            "r.sort_author",
            "r.sort_author = ''",
            false,
            KeyKind::Text,
            "records_sort_author",
        ),
        SortOrder::DateAsc => s(
            "r.year",
            "r.year IS NULL",
            false,
            KeyKind::Int,
            "records_year",
        ),
        SortOrder::DateDesc => s(
            "r.year",
            "r.year IS NULL",
            true,
            KeyKind::Int,
            "records_year",
        ),
        SortOrder::CallNumber => s(
            "r.shelf_key",
            "r.shelf_key = ''",
            false,
            KeyKind::Text,
            "records_shelf_key",
        ),
    }
}

/// Where a page starts: after the record `id` whose sort key is `key`, in segment 1 (records
/// with a sort value) or 2 (those without, in id order).
///
/// Written as `<sort tag><segment>.<id>.<key>`; a relevance key is the bm25 score's bits in hex,
/// so that the next page starts exactly after the last score shown. Scores are recomputed by
/// each query: when the library changes between pages, a page may repeat or skip a record near
/// the boundary, but never fails.
struct Cursor {
    segment: u8,
    id: RecordId,
    key: Value,
}

fn encode_cursor(sort: SortOrder, c: &Cursor) -> String {
    let key = match &c.key {
        Value::Real(f) => format!("{:x}", f.to_bits()),
        Value::Integer(i) => i.to_string(),
        Value::Text(t) => t.clone(),
        _ => String::new(),
    };
    format!("{}{}.{}.{}", sort.tag(), c.segment, c.id, key)
}

fn decode_cursor(sort: SortOrder, spec: &SortSpec, s: &str) -> Result<Cursor> {
    let bad = || {
        Error::InvalidInput(format!(
            "the page cursor {s:?} does not belong to this search (sort {sort:?})"
        ))
    };
    let mut chars = s.chars();
    if chars.next() != Some(sort.tag()) {
        return Err(bad());
    }
    let rest = chars.as_str();
    let (head, key) = rest
        .split_once('.')
        .and_then(|(seg, r)| r.split_once('.').map(|(id, key)| ((seg, id), key)))
        .ok_or_else(bad)?;
    let segment: u8 = head.0.parse().map_err(|_| bad())?;
    let id: RecordId = head.1.parse().map_err(|_| bad())?;
    let key = if segment == 2 {
        Value::Null
    } else {
        match spec.kind {
            KeyKind::Text => Value::Text(key.to_string()),
            KeyKind::Int | KeyKind::Id => Value::Integer(key.parse().map_err(|_| bad())?),
            KeyKind::Score => Value::Real(f64::from_bits(
                u64::from_str_radix(key, 16).map_err(|_| bad())?,
            )),
        }
    };
    if !(segment == 1 || segment == 2) {
        return Err(bad());
    }
    Ok(Cursor { segment, id, key })
}

/// The matching set as SQL: a FROM clause over `records r` (joined to the FTS matches `m` when
/// there are words), a WHERE clause and its parameters, in order.
pub(crate) struct Matching {
    pub from: String,
    pub conds: Vec<String>,
    pub params: Vec<Value>,
    pub fts: Option<String>,
    pub filtered: bool,
}

impl Matching {
    pub fn where_clause(&self) -> String {
        self.conds.join(" AND ")
    }
}

/// Records not deleted. Written against the small partial index `records_deleted` rather than as
/// `r.deleted_at IS NULL`: columns added by schema 5 sit after the MARC blob in the row, so
/// reading one walks the blob's overflow pages (measured: ~20 µs a row at 200,000 records).
pub(crate) const NOT_DELETED: &str =
    "r.id NOT IN (SELECT id FROM records WHERE deleted_at IS NOT NULL)";

fn matching(parsed: &query::Parsed, filters: &[FacetFilter], with_score: bool) -> Result<Matching> {
    // A deleted record has no full-text entry, so matches need no deletion test.
    let mut conds = if parsed.fts.is_some() {
        vec!["1".to_string()]
    } else {
        vec![NOT_DELETED.to_string()]
    };
    let mut params = Vec::new();
    let from = match &parsed.fts {
        Some(expr) => {
            params.push(Value::Text(expr.clone()));
            let score = if with_score {
                format!(", {BM25} AS score")
            } else {
                String::new()
            };
            // CROSS JOIN: always start from the index matches, never walk the records table.
            format!("(SELECT rowid AS id{score} FROM records_fts WHERE records_fts MATCH ?) AS m CROSS JOIN records r ON r.id = m.id")
        }
        None => "records r".to_string(),
    };
    for y in &parsed.years {
        // Through the (year, id) index, not the year column of the wide row (see NOT_DELETED).
        conds.push("r.id IN (SELECT id FROM records WHERE year >= ? AND year <= ?)".into());
        params.push(Value::Integer(y.from.unwrap_or(i32::MIN).into()));
        params.push(Value::Integer(y.to.unwrap_or(i32::MAX).into()));
    }
    facets::filter_conditions(filters, &mut conds, &mut params)?;
    let filtered = conds.len() > 1;
    if with_score && parsed.fts.is_some() && filtered {
        // Filters that need only the record id (years, subjects, items) go inside the index
        // query, so that bm25 scores only the matches that pass them, and at most RANK_WINDOW of
        // those (the newest). Filters on row columns (language, format) are applied to every match.
        // `+rowid`: without the unary plus SQLite hands `rowid IN (…)` to FTS5 as a rowid
        // constraint, which then evaluates the MATCH once per listed id (minutes at 1M records).
        let inner: Vec<String> = conds[1..]
            .iter()
            .map(|c| c.replace("r.id", "+records_fts.rowid"))
            .collect();
        let row_level = inner.iter().any(|c| {
            c.match_indices("r.").any(|(i, _)| {
                i == 0
                    || !c.as_bytes()[i - 1].is_ascii_alphanumeric() && c.as_bytes()[i - 1] != b'_'
            })
        });
        if !row_level {
            let from = format!(
                "(SELECT rowid AS id, {BM25} AS score FROM records_fts WHERE records_fts MATCH ? AND {}
                  ORDER BY rowid DESC LIMIT {RANK_WINDOW}) AS m CROSS JOIN records r ON r.id = m.id",
                inner.join(" AND ")
            );
            return Ok(Matching {
                from,
                conds: vec!["1".to_string()],
                params,
                fts: parsed.fts.clone(),
                filtered,
            });
        }
    }
    Ok(Matching {
        from,
        conds,
        params,
        fts: parsed.fts.clone(),
        filtered,
    })
}

/// Every record the query matches (words, fields, `year:`, the facet `filters`; never a deleted
/// record), in id order: what exporting a search writes. Errors as [`search_request`].
pub fn matching_ids(lib: &Library, query: &str, filters: &[FacetFilter]) -> Result<Vec<RecordId>> {
    let m = matching(&query::parse(query), filters, false)?;
    let sql = format!(
        "SELECT r.id FROM {} WHERE {} ORDER BY r.id",
        m.from,
        m.where_clause()
    );
    let mut stmt = lib.conn().prepare(&sql)?;
    let ids = stmt
        .query_map(params_from_iter(m.params), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<RecordId>>>()?;
    Ok(ids)
}

type Row = (RecordSummary, Value, u8);

/// Runs a search request: one page of results in the requested order, the total (capped at
/// [`COUNT_CAP`]), the next-page cursor, facets when asked, a notice when the query was read
/// leniently and a jump when the query is a code that names one record.
///
/// Paging is by keyset, never by offset: the cursor holds the last row's sort value and id
/// (`(score, id)` for relevance), so a page costs the same wherever it is. Relevance ranks at
/// most the newest [`RANK_WINDOW`] matches (exact below that many). Errors:
/// [`Error::InvalidInput`] for an unknown facet, a malformed facet value or a cursor from another
/// sort; database errors.
pub fn search_request(lib: &Library, req: &SearchRequest) -> Result<SearchResults> {
    let limit = req.limit.clamp(1, 500);
    let conn = lib.conn();
    let parsed = query::parse(&req.query);
    let spec = sort_spec(req.sort, parsed.fts.is_some());
    let m = matching(&parsed, &req.filters, spec.kind == KeyKind::Score)?;
    let cursor = req
        .after
        .as_deref()
        .map(|c| decode_cursor(req.sort, &spec, c))
        .transpose()?;

    let (total, lower_bound) = count(conn, &m)?;
    // Many matches in a sort by key: walk the key's index and keep the matches (the first page
    // comes after about N/matches index entries), instead of reading every match's row to sort.
    let walk = m.fts.is_some()
        && !m.filtered
        && spec.index.is_some()
        && (lower_bound || total > WALK_FROM);
    let mut rows: Vec<Row> = Vec::new();
    let want = limit as usize + 1;
    let (mut segment, mut after) = match cursor {
        Some(c) => (c.segment, Some((c.key, c.id))),
        None => (1, None),
    };
    if segment == 1 {
        rows.extend(fetch(conn, &m, &spec, walk, 1, after.take(), want)?);
        if rows.len() < want && spec.empty.is_some() {
            segment = 2;
        }
    }
    if segment == 2 && rows.len() < want {
        let start = after.map(|(_, id)| (Value::Null, id));
        rows.extend(fetch(conn, &m, &spec, walk, 2, start, want - rows.len())?);
    }
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(hit, key, seg)| {
            encode_cursor(
                req.sort,
                &Cursor {
                    segment: *seg,
                    id: hit.id,
                    key: key.clone(),
                },
            )
        })
    } else {
        None
    };

    let (facet_list, facets_sampled) = if req.facets {
        (
            facets::compute(conn, &m, &req.filters, facets::SAMPLE)?,
            lower_bound || total > facets::SAMPLE,
        )
    } else {
        (Vec::new(), false)
    };
    let jump = if req.after.is_none() {
        lookup(lib, &req.query)?
    } else {
        None
    };
    let typed = req.query.split_whitespace().collect::<Vec<_>>().join(" ");
    let interpreted_as = Some(parsed.interpreted_as.clone()).filter(|i| {
        !parsed.notices.is_empty() && !i.is_empty() && i.to_lowercase() != typed.to_lowercase()
    });
    Ok(SearchResults {
        query: req.query.clone(),
        total,
        total_is_lower_bound: lower_bound,
        hits: rows.into_iter().map(|(h, _, _)| h).collect(),
        next,
        facets: facet_list,
        facets_sampled,
        notice: (!parsed.notices.is_empty()).then(|| parsed.notices.join(" ")),
        interpreted_as,
        jump,
    })
}

/// One segment of a page: `limit` rows after `after` (key, id).
fn fetch(
    conn: &rusqlite::Connection,
    m: &Matching,
    spec: &SortSpec,
    walk: bool,
    segment: u8,
    after: Option<(Value, RecordId)>,
    limit: usize,
) -> Result<Vec<Row>> {
    let has_after = after.is_some();
    let after_copy = after.clone();
    let mut params = m.params.clone();
    let mut conds = m.conds.clone();
    let (order, key_expr) = if segment == 2 {
        conds.push(spec.empty.unwrap_or("0").to_string());
        if let Some((_, id)) = after {
            conds.push("r.id > ?".into());
            params.push(Value::Integer(id.get()));
        }
        ("r.id".to_string(), "NULL".to_string())
    } else {
        if let Some(e) = spec.empty {
            conds.push(format!("NOT ({e})"));
        }
        let (dir, cmp) = if spec.desc {
            ("DESC", "<")
        } else {
            ("ASC", ">")
        };
        if let Some((key, id)) = after {
            if spec.kind == KeyKind::Id {
                conds.push(format!("r.id {cmp} ?"));
                params.push(Value::Integer(id.get()));
            } else {
                conds.push(format!("({}, r.id) {cmp} (?, ?)", spec.key));
                params.push(key);
                params.push(Value::Integer(id.get()));
            }
        }
        let order = if spec.kind == KeyKind::Id {
            format!("r.id {dir}")
        } else {
            format!("{} {dir}, r.id {dir}", spec.key)
        };
        (order, spec.key.to_string())
    };
    params.push(Value::Integer(limit as i64));
    let sql = if spec.kind == KeyKind::Score && !m.filtered && segment == 1 {
        // Best ids first, then the join to records: cheaper than joining every match (docs/performance.md).
        let keyset = if has_after {
            "AND (score, id) > (?, ?)"
        } else {
            ""
        };
        format!(
            "SELECT {SUMMARY_COLUMNS}, top.score FROM (
                 SELECT id, score FROM (
                     SELECT rowid AS id, {BM25} AS score FROM records_fts WHERE records_fts MATCH ?
                     ORDER BY rowid DESC LIMIT {RANK_WINDOW}
                 ) WHERE 1 {keyset} ORDER BY score, id LIMIT ?
             ) AS top JOIN records r ON r.id = top.id ORDER BY top.score, top.id"
        )
    } else if let (true, Some(index)) = (walk, spec.index) {
        // The next WALK_WINDOW entries of the key's index (it covers key and id, so no row is
        // read), kept when they match; rows are read for the page only. When the window holds
        // too few matches (a rare word, or matches far apart in this order), the page is made
        // by sorting the matches instead, which is then cheap or, at worst, what it costs anyway.
        let dir = if spec.desc { "DESC" } else { "ASC" };
        let by = if segment == 2 {
            "id".to_string()
        } else {
            format!("key {dir}, id {dir}")
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, k.key FROM (
                 SELECT w.id AS id, w.key AS key FROM (
                     SELECT r.id AS id, {key_expr} AS key FROM records r INDEXED BY {index}
                     WHERE {} ORDER BY {order} LIMIT {WALK_WINDOW}
                 ) AS w WHERE w.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?) ORDER BY {by} LIMIT ?
             ) AS k JOIN records r ON r.id = k.id ORDER BY {}",
            conds.join(" AND "),
            by.replace("key", "k.key").replace("id", "k.id")
        );
        // Parameters: the window's (keyset) first, then the match expression, then the limit.
        let mut walk_params: Vec<Value> = params[m.params.len()..params.len() - 1].to_vec();
        walk_params.extend(m.params.iter().cloned());
        walk_params.push(Value::Integer(limit as i64));
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params_from_iter(walk_params), |r| {
                Ok((summary_from_row(r)?, r.get::<_, Value>(8)?, segment))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if rows.len() == limit {
            return Ok(rows);
        }
        return fetch(conn, m, spec, false, segment, after_copy, limit);
    } else {
        format!(
            "SELECT {SUMMARY_COLUMNS}, {key_expr} FROM {} WHERE {} ORDER BY {order} LIMIT ?",
            m.from,
            conds.join(" AND ")
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(params), |r| {
            Ok((summary_from_row(r)?, r.get::<_, Value>(8)?, segment))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The number of matches, counted up to [`COUNT_CAP`], and whether more match.
fn count(conn: &rusqlite::Connection, m: &Matching) -> Result<(u32, bool)> {
    let n: u32 = match (&m.fts, m.filtered) {
        (Some(expr), false) => conn.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ?1 LIMIT ?2)",
            params![expr, COUNT_CAP + 1],
            |r| r.get(0),
        )?,
        // Every record (no words, no filter) is counted the same capped way: an exact count(*)
        // of a million records costs ~7 ms a page, and the library's size is shown elsewhere.
        _ => {
            let mut params = m.params.clone();
            params.push(Value::Integer(i64::from(COUNT_CAP) + 1));
            conn.query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT 1 FROM {} WHERE {} LIMIT ?)",
                    m.from,
                    m.where_clause()
                ),
                params_from_iter(params),
                |r| r.get(0),
            )?
        }
    };
    Ok((n.min(COUNT_CAP), n > COUNT_CAP))
}

/// Where a scanned or typed code leads: an item barcode (exactly as stored in `items.barcode`),
/// else a valid ISBN-10/13 (with or without hyphens; a scanned EAN-13 with prefix 978/979) or
/// ISSN that is the match key of exactly one record (MARC 21 020 $a / 022 $a, see
/// [`super::keys`]). `None` for anything else, for text with spaces, or when several records
/// share the number (the search lists them). Deleted records are never a target.
pub fn lookup(lib: &Library, text: &str) -> Result<Option<Jump>> {
    let code = text.trim();
    if code.is_empty() || code.chars().any(char::is_whitespace) || code.len() > 64 {
        return Ok(None);
    }
    let conn = lib.conn();
    let item: Option<(RecordId, String)> = conn
        .prepare_cached(
            "SELECT i.record_id, i.barcode FROM items i JOIN records r ON r.id = i.record_id
             WHERE i.barcode = ?1 AND r.deleted_at IS NULL",
        )?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((record_id, barcode)) = item {
        return Ok(Some(Jump {
            record_id,
            item_barcode: Some(barcode),
        }));
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == 'X' || c == 'x')
    {
        return Ok(None);
    }
    let key = if let Some(i) = super::standard_numbers::isbn13_digits(code) {
        format!("isbn:{i}")
    } else if let Some(i) = super::standard_numbers::issn(code) {
        format!("issn:{i}")
    } else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT k.record_id FROM record_keys k JOIN records r ON r.id = k.record_id
         WHERE k.key = ?1 AND r.deleted_at IS NULL LIMIT 2",
    )?;
    let ids = stmt
        .query_map([key], |r| r.get::<_, RecordId>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(match ids.as_slice() {
        [one] => Some(Jump {
            record_id: *one,
            item_barcode: None,
        }),
        _ => None,
    })
}
