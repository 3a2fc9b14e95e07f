//! Keyword search over the FTS5 index. A user's typing never reaches FTS5 as syntax: it is cut
//! into words, each quoted, so `"`, `*`, `AND`, `NEAR(`, unbalanced parentheses or SQL fragments
//! are searched as words and never produce an error.

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use super::RecordSummary;
use crate::error::Result;
use crate::storage::Library;

/// Counting stops here: beyond it the UI says "10,000+ records".
const COUNT_CAP: u32 = 10_000;

/// The answer to a search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SearchResults {
    pub query: String,
    /// Number of matching records, up to 10,000.
    pub total: u32,
    /// True when more than `total` records match (counting stopped).
    pub total_is_lower_bound: bool,
    /// The best matches first (bm25, title and names weighted), at most `limit`.
    pub hits: Vec<RecordSummary>,
}

/// Builds the FTS5 MATCH expression for what the user typed: every word quoted, all words
/// required; the last word also matches as a prefix while the user is still typing it (the
/// query does not end with a space). An ISBN typed with hyphens is searched without them.
/// Returns `None` when the text holds no word.
pub fn fts_query(text: &str) -> Option<String> {
    let folded = super::extract::fold_for_search(text);
    let mut words: Vec<String> = Vec::new();
    for chunk in folded.split_whitespace() {
        // 0-306-40615-2 or 978-0-306-40615-7: an ISBN/ISSN typed with hyphens.
        let compact: String = chunk.chars().filter(|c| *c != '-').collect();
        if chunk.contains('-') && compact.len() >= 8 && compact.chars().all(|c| c.is_ascii_digit() || c == 'X' || c == 'x') {
            words.push(compact);
            continue;
        }
        // Words as FTS5's unicode61 tokenizer sees them: runs of letters and digits.
        words.extend(chunk.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string));
    }
    if words.is_empty() {
        return None;
    }
    words.truncate(64);
    let still_typing = !text.ends_with(char::is_whitespace);
    let last = words.len() - 1;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let quoted = format!("\"{}\"", w.replace('"', ""));
                if i == last && still_typing {
                    format!("{quoted}*")
                } else {
                    quoted
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordSummary> {
    let record_type: String = r.get(6)?;
    let level: String = r.get(7)?;
    let first = |s: &str, default| s.chars().next().unwrap_or(default);
    let format = super::extract::format_label_of(first(&record_type, 'a'), first(&level, 'm')).to_string();
    Ok(RecordSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        responsibility: r.get(2)?,
        publication: r.get(3)?,
        date: r.get(4)?,
        undecoded: r.get(5)?,
        format,
    })
}

const SUMMARY_COLUMNS: &str =
    "r.id, r.title, r.responsibility, r.publication, r.date, r.undecoded, r.record_type, r.bibliographic_level";

/// Searches titles, names, subjects, publication/series/notes and identifiers. An empty query
/// (no words) lists the most recently added records. `limit` is capped at 500.
pub fn search(lib: &Library, query: &str, limit: u32) -> Result<SearchResults> {
    let limit = limit.clamp(1, 500);
    let conn = lib.conn();
    let Some(expr) = fts_query(query) else {
        let total: u32 = conn.query_row("SELECT count(*) FROM records", [], |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM records r ORDER BY r.id DESC LIMIT ?1"
        ))?;
        let hits = stmt.query_map([limit], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
        return Ok(SearchResults { query: query.to_string(), total, total_is_lower_bound: false, hits });
    };
    // Top ids first, then the join: cheaper than joining every match (see docs/performance.md).
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM (
             SELECT rowid, bm25(records_fts, 10.0, 6.0, 3.0, 1.0, 4.0) AS score
             FROM records_fts WHERE records_fts MATCH ?1 ORDER BY score LIMIT ?2
         ) AS top JOIN records r ON r.id = top.rowid ORDER BY top.score, r.id"
    ))?;
    let hits = stmt.query_map(params![expr, limit], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let total: u32 = conn.query_row(
        "SELECT count(*) FROM (SELECT 1 FROM records_fts WHERE records_fts MATCH ?1 LIMIT ?2)",
        params![expr, COUNT_CAP + 1],
        |r| r.get(0),
    )?;
    Ok(SearchResults {
        query: query.to_string(),
        total: total.min(COUNT_CAP),
        total_is_lower_bound: total > COUNT_CAP,
        hits,
    })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typing_becomes_quoted_words_with_a_prefix_on_the_last() {
        assert_eq!(fts_query("dvorak sym").as_deref(), Some("\"dvorak\" \"sym\"*"));
        assert_eq!(fts_query("dvorak ").as_deref(), Some("\"dvorak\""));
        assert_eq!(fts_query("978-0-306-40615-7").as_deref(), Some("\"9780306406157\"*"));
        assert_eq!(fts_query("  \" * ( ) ; -- "), None);
        assert_eq!(fts_query("NEAR(a b").as_deref(), Some("\"NEAR\" \"a\" \"b\"*"));
        assert_eq!(fts_query("x' OR 1=1; DROP TABLE records;--").as_deref(),
            Some("\"x\" \"OR\" \"1\" \"1\" \"DROP\" \"TABLE\" \"records\"*"));
    }
}
