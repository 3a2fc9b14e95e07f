//! Stored bibliographies (schema 7): the whole document is saved in one transaction, so the
//! editor sends what the user sees and a failed save leaves the stored one as it was.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::select::SelectionRule;
use crate::error::{Error, Result};
use crate::storage::Library;

/// A bibliography as the user edits it (also an unsaved one, for the preview).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct BibliographyDoc {
    /// The bibliography's title; required (an empty title is refused).
    pub title: String,
    /// Plain text; paragraphs separated by a blank line.
    pub introduction: String,
    /// A bundled style name ("apa", "chicago-author-date", "mla") or a user style ("oscola", a
    /// file in the styles folder, or a path to a `.csl` file).
    pub style: String,
    /// "en-GB", "en-US", …; None: the style's default locale.
    pub locale: Option<String>,
    /// Show each entry's call number and location ("where to find it").
    pub show_locations: bool,
    /// Its sections in order; a stored bibliography has at least one.
    pub sections: Vec<SectionDoc>,
}

/// One section: a heading, a rule, the entries the user touched, and how to order them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct SectionDoc {
    /// The section's heading (empty: none shown).
    pub heading: String,
    /// Which records the section takes by itself (subject, call-number range, search, years, item type).
    pub rule: SelectionRule,
    /// The style's order or by hand.
    pub sort: SectionSort,
    /// The entries the user touched (pinned, annotated, placed or excluded); the rule's other records have none.
    pub entries: Vec<EntryDoc>,
}

/// How a section's entries are ordered; `"style"` or `"manual"` across IPC and in the
/// `bibliography_sections.sort` column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SectionSort {
    /// The style's own sort (CSL `<bibliography><sort>`), else grouped and sorted by Carrel.
    #[default]
    Style,
    /// Entries by `position`, records without an entry after them in the style's order.
    Manual,
}

impl SectionSort {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionSort::Style => "style",
            SectionSort::Manual => "manual",
        }
    }

    /// Reads the stored spelling; anything but `"manual"` is the style's order (as before the
    /// column was checked).
    fn from_stored(s: &str) -> SectionSort {
        if s == "manual" {
            SectionSort::Manual
        } else {
            SectionSort::Style
        }
    }
}

/// A record in a section: picked by hand, annotated, placed, or left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct EntryDoc {
    /// The catalogue record (row id in `records`).
    pub record_id: RecordId,
    /// Place in a hand-ordered section (smaller first; new entries get the largest + 1).
    pub position: i64,
    /// The technician's note shown under the entry.
    pub annotation: Option<String>,
    /// With no annotation: show the record's summary (MARC 21 520 $a) instead.
    pub use_summary: bool,
    /// Picked by hand (kept whatever the rule selects).
    pub pinned: bool,
    /// Left out even though the rule selects it.
    pub excluded: bool,
}

/// A stored bibliography.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Bibliography {
    /// Row id of the bibliography (table `bibliographies`).
    pub id: i64,
    /// The document as last saved.
    pub doc: BibliographyDoc,
    /// When it was created: the caller's ISO 8601 timestamp.
    pub created_at: String,
    /// When it was last saved: the caller's ISO 8601 timestamp.
    pub updated_at: String,
}

/// One line of the list of bibliographies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BibliographySummary {
    /// Row id of the bibliography (table `bibliographies`).
    pub id: i64,
    /// Its title.
    pub title: String,
    /// Its style name as saved ("apa", or a user style).
    pub style: String,
    /// How many sections it has.
    pub sections: i64,
    /// When it was last saved: the caller's ISO 8601 timestamp.
    pub updated_at: String,
}

fn check(doc: &BibliographyDoc) -> Result<()> {
    if doc.title.trim().is_empty() {
        return Err(Error::InvalidInput("a bibliography needs a title".into()));
    }
    if doc.style.trim().is_empty() {
        return Err(Error::InvalidInput(
            "a bibliography needs a style (e.g. apa)".into(),
        ));
    }
    if let Some(l) = &doc.locale {
        super::styles::locale_code(l)?;
    }
    Ok(())
}

fn write_sections(tx: &rusqlite::Transaction<'_>, id: i64, doc: &BibliographyDoc) -> Result<()> {
    tx.execute(
        "DELETE FROM bibliography_sections WHERE bibliography_id = ?1",
        [id],
    )?;
    for (pos, s) in doc.sections.iter().enumerate() {
        let rule = serde_json::to_string(&s.rule).expect("rule serialises");
        let sort = s.sort.as_str();
        tx.execute(
            "INSERT INTO bibliography_sections (bibliography_id, position, heading, rule, sort) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, pos as i64, s.heading.trim(), rule, sort],
        )?;
        let sid = tx.last_insert_rowid();
        for e in &s.entries {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM records WHERE id = ?1)",
                [e.record_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::NotFound(format!(
                    "no record with id {} (section {:?})",
                    e.record_id, s.heading
                )));
            }
            tx.execute(
                "INSERT OR REPLACE INTO bibliography_entries (section_id, record_id, position, annotation, use_summary, pinned, excluded)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![sid, e.record_id, e.position, e.annotation.as_deref().map(str::trim).filter(|a| !a.is_empty()), e.use_summary, e.pinned, e.excluded],
            )?;
        }
    }
    Ok(())
}

/// Saves a new bibliography; returns it. `now` is the caller's timestamp. Errors:
/// [`Error::InvalidInput`] for an empty title or style or a malformed locale;
/// [`Error::NotFound`] for an entry naming no record.
pub fn create_bibliography(
    lib: &mut Library,
    doc: &BibliographyDoc,
    now: Timestamp,
) -> Result<Bibliography> {
    check(doc)?;
    let tx = lib.immediate()?;
    tx.execute(
        "INSERT INTO bibliographies (title, introduction, style, locale, show_locations, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![doc.title.trim(), doc.introduction, doc.style.trim(), doc.locale, doc.show_locations, now],
    )?;
    let id = tx.last_insert_rowid();
    write_sections(&tx, id, doc)?;
    tx.commit()?;
    get_bibliography(lib, id)
}

/// Replaces a stored bibliography's document (title, introduction, style, sections, entries).
/// Errors as [`create_bibliography`], and [`Error::NotFound`] for an unknown id.
pub fn update_bibliography(
    lib: &mut Library,
    id: i64,
    doc: &BibliographyDoc,
    now: Timestamp,
) -> Result<Bibliography> {
    check(doc)?;
    let tx = lib.immediate()?;
    let n = tx.execute(
        "UPDATE bibliographies SET title = ?2, introduction = ?3, style = ?4, locale = ?5, show_locations = ?6, updated_at = ?7 WHERE id = ?1",
        params![id, doc.title.trim(), doc.introduction, doc.style.trim(), doc.locale, doc.show_locations, now],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!("no bibliography with id {id}")));
    }
    write_sections(&tx, id, doc)?;
    tx.commit()?;
    get_bibliography(lib, id)
}

/// Adds records picked by hand to section `section` (0-based) of bibliography `id`, after its
/// entries, creating the section (heading empty) when the bibliography has none.
pub fn add_entries(
    lib: &mut Library,
    id: i64,
    section: usize,
    record_ids: &[RecordId],
    now: Timestamp,
) -> Result<Bibliography> {
    let mut b = get_bibliography(lib, id)?;
    if b.doc.sections.is_empty() {
        b.doc.sections.push(SectionDoc::default());
    }
    let n = b.doc.sections.len();
    let s = b.doc.sections.get_mut(section).ok_or_else(|| {
        Error::NotFound(format!(
            "bibliography {id} has {n} sections; no section {}",
            section + 1
        ))
    })?;
    let mut next = s.entries.iter().map(|e| e.position).max().unwrap_or(0) + 1;
    for &rid in record_ids {
        if let Some(e) = s.entries.iter_mut().find(|e| e.record_id == rid) {
            e.pinned = true;
            e.excluded = false;
        } else {
            s.entries.push(EntryDoc {
                record_id: rid,
                position: next,
                pinned: true,
                ..Default::default()
            });
            next += 1;
        }
    }
    update_bibliography(lib, id, &b.doc, now)
}

/// The stored bibliography `id`. Errors: [`Error::NotFound`].
pub fn get_bibliography(lib: &Library, id: i64) -> Result<Bibliography> {
    let conn = lib.conn();
    let head = conn
        .query_row(
            "SELECT title, introduction, style, locale, show_locations, created_at, updated_at FROM bibliographies WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    BibliographyDoc {
                        title: r.get(0)?,
                        introduction: r.get(1)?,
                        style: r.get(2)?,
                        locale: r.get(3)?,
                        show_locations: r.get(4)?,
                        sections: Vec::new(),
                    },
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let (mut doc, created_at, updated_at) =
        head.ok_or_else(|| Error::NotFound(format!("no bibliography with id {id}")))?;
    let mut st = conn.prepare("SELECT id, heading, rule, sort FROM bibliography_sections WHERE bibliography_id = ?1 ORDER BY position, id")?;
    let sections: Vec<(i64, String, String, String)> = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut est = conn.prepare(
        "SELECT record_id, position, annotation, use_summary, pinned, excluded FROM bibliography_entries WHERE section_id = ?1 ORDER BY position, record_id",
    )?;
    for (sid, heading, rule, sort) in sections {
        let entries = est
            .query_map([sid], |r| {
                Ok(EntryDoc {
                    record_id: r.get(0)?,
                    position: r.get(1)?,
                    annotation: r.get(2)?,
                    use_summary: r.get(3)?,
                    pinned: r.get(4)?,
                    excluded: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let rule: SelectionRule = serde_json::from_str(&rule).unwrap_or_default();
        doc.sections.push(SectionDoc {
            heading,
            rule,
            sort: SectionSort::from_stored(&sort),
            entries,
        });
    }
    Ok(Bibliography {
        id,
        doc,
        created_at,
        updated_at,
    })
}

/// Every stored bibliography, most recently changed first.
pub fn list_bibliographies(lib: &Library) -> Result<Vec<BibliographySummary>> {
    let mut st = lib.conn().prepare(
        "SELECT b.id, b.title, b.style, (SELECT COUNT(*) FROM bibliography_sections s WHERE s.bibliography_id = b.id), b.updated_at
         FROM bibliographies b ORDER BY b.updated_at DESC, b.id DESC",
    )?;
    let rows = st
        .query_map([], |r| {
            Ok(BibliographySummary {
                id: r.get(0)?,
                title: r.get(1)?,
                style: r.get(2)?,
                sections: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Deletes a stored bibliography (its sections and entries go with it). Errors: [`Error::NotFound`].
pub fn delete_bibliography(lib: &mut Library, id: i64) -> Result<()> {
    let n = lib
        .conn()
        .execute("DELETE FROM bibliographies WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound(format!("no bibliography with id {id}")));
    }
    Ok(())
}
