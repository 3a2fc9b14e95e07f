//! Subject headings in use: browsing them with their record counts, and renaming or merging a
//! heading across every record that carries it (authority control for a one-person library).
//!
//! A heading is a MARC 21 Bibliographic 6XX field (600–699 except 655 Genre/Form) as the catalogue
//! shows it: the main heading subfields ($a $b $c $d $q $t $n $p) joined by a space, then each
//! subdivision ($v form, $x general, $y chronological, $z geographic) after " -- ", with ISBD
//! punctuation that ends a subfield trimmed (see [`super::extract`]). `record_subjects` holds the
//! headings of every record that is not deleted.
//!
//! Rename and merge rewrite the fields, not just the index: see [`rewrite_field`] for the rule.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use std::collections::HashSet;

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use carrel_marc::{Field, Record, Subfield};

use super::extract::{sort_fold, trim_isbd};
use super::history::store_change;
use super::view::{summary_from_row, SUMMARY_COLUMNS};
use super::{parse_stored, RecordSummary};
use crate::error::{Error, Result};
use crate::storage::Library;

/// A subject heading in use and how many records carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SubjectHeading {
    /// The heading as displayed: "Construction contracts -- Great Britain".
    pub heading: String,
    /// Number of (not deleted) records with this heading.
    pub count: u32,
}

/// A page of the heading browse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SubjectPage {
    /// Headings in browse order (case and diacritics ignored, see [`sort_fold`]), at most `limit`.
    pub headings: Vec<SubjectHeading>,
    /// Number of distinct headings in use in the whole library.
    pub total: u32,
    /// Whether more headings follow the last one of this page (pass its heading as `after`).
    pub more: bool,
}

/// What a rename or merge did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RenameOutcome {
    /// The heading the records now carry (as given, spaces around " -- " tidied).
    pub heading: String,
    /// Number of records rewritten (each keeps its previous version in its history).
    pub records_changed: u32,
    /// Number of 6XX fields removed because the record already had the new heading.
    pub duplicates_removed: u32,
}

/// The browse key of a heading, stored beside it in `record_subjects.sort_key`: the catalogue's
/// one folding rule ([`super::fold::fold`], the Library of Congress NACO normalization), so that
/// "Économie" files with "economics", "Æsthetics" with "aesthetics" and "Łódź" with "lodz", and a
/// heading typed to jump or search is folded as the keys were.
pub(crate) fn heading_sort_key(text: &str) -> String {
    super::fold::fold(text)
}

/// A page of headings in use, in browse order (case and diacritics ignored, ties in byte order),
/// with their counts.
///
/// `from`: start at the first heading that files at or after this text (type-to-jump: "eng"
/// starts at "Engraving, Dutch"); `after`: the page starts after this exact heading (the last of
/// the previous page, for keyset paging). `limit` is clamped to 1–1000.
///
/// SQLite pages by the stored folded key (`record_subjects.sort_key`, which leads its primary
/// key), so a page reads only its own headings; `total` counts the distinct headings (one pass
/// over the table: most of the call's time, see `docs/performance.md`).
pub fn browse_subjects(
    lib: &Library,
    from: Option<&str>,
    after: Option<&str>,
    limit: u32,
) -> Result<SubjectPage> {
    let limit = limit.clamp(1, 1000);
    let conn = lib.conn();
    // One statement per start, each a plain range on the primary key (an OR of them would not be).
    let select = |filter: &str| {
        format!(
            "SELECT heading, count(*) FROM record_subjects {filter}
             GROUP BY sort_key, heading ORDER BY sort_key, heading LIMIT ?"
        )
    };
    let heading = |r: &rusqlite::Row<'_>| {
        Ok(SubjectHeading {
            heading: r.get(0)?,
            count: r.get(1)?,
        })
    };
    let mut headings = match (after, from) {
        (Some(after), _) => conn
            .prepare_cached(&select("WHERE (sort_key, heading) > (?, ?)"))?
            .query_map(params![heading_sort_key(after), after, limit + 1], heading)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        (None, Some(from)) => conn
            .prepare_cached(&select("WHERE sort_key >= ?"))?
            .query_map(params![heading_sort_key(from), limit + 1], heading)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
        (None, None) => conn
            .prepare_cached(&select(""))?
            .query_map([limit + 1], heading)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    };
    let more = headings.len() > limit as usize;
    headings.truncate(limit as usize);
    let total: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT DISTINCT sort_key, heading FROM record_subjects)",
        )?
        .query_row([], |r| r.get(0))?;
    Ok(SubjectPage {
        headings,
        total,
        more,
    })
}

/// Headings in use that contain `text` (case and diacritics ignored, anywhere in the heading), in
/// browse order, at most `limit` (1–1000). An empty `text` gives the first headings.
pub fn search_subjects(lib: &Library, text: &str, limit: u32) -> Result<Vec<SubjectHeading>> {
    let mut stmt = lib.conn().prepare_cached(
        "SELECT heading, count(*) FROM record_subjects WHERE instr(sort_key, ?1) > 0
         GROUP BY sort_key, heading ORDER BY sort_key, heading LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![sort_fold(text), limit.clamp(1, 1000)], |r| {
        Ok(SubjectHeading {
            heading: r.get(0)?,
            count: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The records (not deleted) that carry exactly this heading, in title order, at most `limit`
/// (1–5000).
pub fn subject_records(lib: &Library, heading: &str, limit: u32) -> Result<Vec<RecordSummary>> {
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}
         FROM record_subjects s JOIN records r ON r.id = s.record_id
         WHERE s.sort_key = ?3 AND s.heading = ?1 AND r.deleted_at IS NULL ORDER BY r.filing_title, r.id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(
        params![heading, limit.clamp(1, 5000), heading_sort_key(heading)],
        summary_from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Renames subject heading `from` to `to` in every record that carries it, a few hundred records
/// per transaction (see [`merge_subjects`], of which this is the one-heading case).
pub fn rename_subject(
    lib: &mut Library,
    from: &str,
    to: &str,
    changed_by: &str,
    now: Timestamp,
) -> Result<RenameOutcome> {
    merge_subjects(lib, &[from.to_string()], to, changed_by, now)
}

/// Replaces the headings `from` by `into` in every record that carries one of them.
///
/// The change is decided in one short transaction that lists the records carrying the headings
/// (a row of `imports` with its lock file, `heading_changes`, `heading_change_records`); the
/// records are then rewritten a few hundred per transaction (at most about 100 ms each), so that
/// the desk writes in between rather than waiting for thousands of records. Once listed, the
/// change is finished whatever happens: a process that dies half-way leaves the rest to the next
/// opening (`catalogue::finish_pending_work`), and each record is rewritten once (it leaves the
/// list in the transaction that rewrites it). A listed record deleted meanwhile, or whose stored
/// bytes cannot be read, is left as it is.
///
/// Each matching 6XX field is rewritten by [`rewrite_field`]; a rewritten field that would repeat a
/// field of the record with the same heading, tag, second indicator and $2 source is removed
/// instead. Each changed record gets 005 set from `now` and keeps its previous version in its
/// history (`replaced_by` "subject heading renamed: A → B", or "subject headings merged: A; B → C",
/// `changed_by`).
///
/// Errors: [`Error::InvalidInput`] when `from` is empty, `into` is empty or has an empty part
/// between " -- ", or `into` is one of `from`; [`Error::NotFound`] when no record carries any of
/// the `from` headings.
pub fn merge_subjects(
    lib: &mut Library,
    from: &[String],
    into: &str,
    changed_by: &str,
    now: Timestamp,
) -> Result<RenameOutcome> {
    merge_subjects_with_progress(lib, from, into, changed_by, now, &mut |_, _| {})
}

/// [`merge_subjects`], calling `progress(done, total)` after each committed chunk: `done` records
/// of the `total` listed have been rewritten (or found not to need it). A caller that stops
/// there (a crash) leaves the rest to the next opening.
pub fn merge_subjects_with_progress(
    lib: &mut Library,
    from: &[String],
    into: &str,
    changed_by: &str,
    now: Timestamp,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<RenameOutcome> {
    let into = tidy_heading(into)?;
    let from: Vec<String> = from
        .iter()
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .collect();
    if from.is_empty() {
        return Err(Error::InvalidInput(
            "give the subject heading to rename".into(),
        ));
    }
    if from.contains(&into) {
        return Err(Error::InvalidInput(format!(
            "“{into}” is both the heading to replace and the new heading"
        )));
    }
    let what = if from.len() == 1 {
        format!("subject heading renamed: {} → {into}", from[0])
    } else {
        format!("subject headings merged: {} → {into}", from.join("; "))
    };
    let summary = {
        let mut s = what.clone();
        s[..1].make_ascii_uppercase();
        s
    };
    let batch = super::batches::Batch::begin(lib)?;
    let job = batch.id;
    let listed = (|| -> Result<usize> {
        let tx = lib.immediate()?;
        let ids: Vec<RecordId> = {
            let mut stmt = tx.prepare_cached(
                "SELECT DISTINCT s.record_id FROM record_subjects s JOIN records r ON r.id = s.record_id
                 WHERE s.sort_key = ?2 AND s.heading = ?1 AND r.deleted_at IS NULL",
            )?;
            let mut ids = Vec::new();
            for f in &from {
                for id in
                    stmt.query_map(params![f, heading_sort_key(f)], |r| r.get::<_, RecordId>(0))?
                {
                    ids.push(id?);
                }
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        if ids.is_empty() {
            batch.forget(&tx)?;
            tx.commit()?;
            return Ok(0);
        }
        tx.execute(
            "INSERT INTO heading_changes (import_id, headings, into_heading, replaced_by, changed_by, summary, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                job,
                serde_json::to_string(&from).map_err(|e| Error::InvalidInput(e.to_string()))?,
                into,
                what,
                changed_by,
                summary,
                now
            ],
        )?;
        let mut list = tx.prepare_cached(
            "INSERT INTO heading_change_records (import_id, record_id) VALUES (?1, ?2)",
        )?;
        for id in &ids {
            list.execute(params![job, id])?;
        }
        drop(list);
        batch.decide(&tx)?;
        tx.commit()?;
        Ok(ids.len())
    })();
    let total = match listed {
        Ok(0) => {
            batch.release_lock();
            return Err(Error::NotFound(format!(
                "no record has the subject heading “{}”",
                from.join("” or “")
            )));
        }
        Ok(n) => n as u32,
        Err(e) => {
            // Not decided: the next opening removes the row.
            batch.release_lock();
            return Err(e);
        }
    };
    let mut progress = |done: u32| progress(done, total);
    // On a failure the lock goes with `batch` and the next opening finishes the change.
    let outcome = continue_heading_change(lib, job, &mut progress)?;
    batch.release_lock();
    Ok(outcome)
}

/// Finishes heading change `job` (a row of `heading_changes`) left by a process that died: the
/// records still listed are rewritten. Called by `batches::discard_abandoned`.
pub(crate) fn finish_heading_change(lib: &mut Library, job: i64) -> Result<()> {
    continue_heading_change(lib, job, &mut |_| {}).map(|_| ())
}

/// Rewrites the records heading change `job` still lists, a chunk per transaction, then forgets
/// the change; returns what was done by this call. `progress(done)` after each chunk: records
/// taken off the list by this call.
fn continue_heading_change(
    lib: &mut Library,
    job: i64,
    progress: &mut dyn FnMut(u32),
) -> Result<RenameOutcome> {
    use super::batches::{CHUNK_PAUSE, CHUNK_RECORDS, CHUNK_TIME};
    let (headings, into, what, changed_by, summary, at): (
        String,
        String,
        String,
        String,
        String,
        String,
    ) = lib.conn().query_row(
        "SELECT headings, into_heading, replaced_by, changed_by, summary, changed_at
         FROM heading_changes WHERE import_id = ?1",
        [job],
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        },
    )?;
    let from: Vec<String> = serde_json::from_str(&headings)
        .map_err(|e| Error::InvalidInput(format!("heading change {job}: {e}")))?;
    let now = Timestamp::parse(&at)?;
    let mut outcome = RenameOutcome {
        heading: into.clone(),
        records_changed: 0,
        duplicates_removed: 0,
    };
    let mut done = 0u32;
    loop {
        let tx = lib.immediate()?;
        let started = std::time::Instant::now();
        let ids: Vec<RecordId> = {
            let mut stmt = tx.prepare_cached(
                "SELECT record_id FROM heading_change_records WHERE import_id = ?1
                 ORDER BY record_id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![job, CHUNK_RECORDS as i64], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if ids.is_empty() {
            super::batches::forget(&tx, job)?;
            tx.commit()?;
            return Ok(outcome);
        }
        for id in ids {
            tx.prepare_cached(
                "DELETE FROM heading_change_records WHERE import_id = ?1 AND record_id = ?2",
            )?
            .execute(params![job, id])?;
            done += 1;
            let raw: Option<Vec<u8>> = tx
                .prepare_cached("SELECT marc FROM records WHERE id = ?1 AND deleted_at IS NULL")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let Some(raw) = raw else { continue };
            let Ok(parsed) = parse_stored(&raw, id) else {
                continue;
            };
            let Some((changed, removed)) = rewrite_record(&parsed.record, &from, &into) else {
                continue;
            };
            store_change(&tx, id, changed, &what, &changed_by, &summary, now)?;
            outcome.records_changed += 1;
            outcome.duplicates_removed += removed;
            if started.elapsed() >= CHUNK_TIME {
                break;
            }
        }
        tx.commit()?;
        progress(done);
        // A writer waiting for the lock (it tries every millisecond) gets in here.
        std::thread::sleep(CHUNK_PAUSE);
    }
}

/// Tidies a heading typed by a person: parts split on "--", each trimmed, joined by " -- ".
fn tidy_heading(heading: &str) -> Result<String> {
    let parts: Vec<&str> = heading.split("--").map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::InvalidInput(format!(
            "“{heading}” is not a subject heading: it is empty or has an empty part between “--”"
        )));
    }
    Ok(parts.join(" -- "))
}

/// Whether a field is a subject heading in the sense of this module: 6XX except 655.
fn is_subject_field(f: &Field) -> bool {
    let tag = f.tag();
    matches!(f, Field::Data { .. })
        && tag.len() == 3
        && tag.starts_with('6')
        && tag.as_bytes()[1].is_ascii_digit()
        && tag != "655"
}

/// A 6XX field's heading as the catalogue displays it (same rule as [`super::extract`]).
pub fn displayed_heading(f: &Field) -> Option<String> {
    let main: Vec<String> = f
        .subfields()
        .iter()
        .filter(|s| "abcdqtnp".contains(s.code))
        .map(|s| trim_isbd(&s.value))
        .filter(|s| !s.is_empty())
        .collect();
    let subdivisions = f.values("vxyz").map(trim_isbd).filter(|s| !s.is_empty());
    let parts: Vec<String> = std::iter::once(main.join(" "))
        .filter(|s| !s.is_empty())
        .chain(subdivisions)
        .collect();
    (!parts.is_empty()).then(|| parts.join(" -- "))
}

/// The record with every subject field whose heading is one of `from` rewritten to `into`, and the
/// number of duplicate fields dropped; None when no field matched.
fn rewrite_record(record: &Record, from: &[String], into: &str) -> Option<(Record, u32)> {
    // (tag, ind2, $2) of fields already carrying `into`: a rewritten field equal to one is dropped.
    let identity = |f: &Field| {
        (
            f.tag().to_string(),
            f.indicators().1,
            f.subfield('2').map(str::to_string),
        )
    };
    let mut present: HashSet<(String, char, Option<String>)> = record
        .fields
        .iter()
        .filter(|f| is_subject_field(f) && displayed_heading(f).as_deref() == Some(into))
        .map(identity)
        .collect();
    let mut out = record.clone();
    out.fields.clear();
    let (mut matched, mut removed) = (false, 0);
    for f in &record.fields {
        if is_subject_field(f) && displayed_heading(f).is_some_and(|h| from.contains(&h)) {
            matched = true;
            if !present.insert(identity(f)) {
                removed += 1;
                continue;
            }
            out.fields.push(rewrite_field(f, into));
        } else {
            out.fields.push(f.clone());
        }
    }
    matched.then_some((out, removed))
}

/// Rewrites one 6XX field so that it displays as `heading` ("Main -- Sub -- Sub").
///
/// The rule: the tag, both indicators, and the subfields that are not part of the displayed
/// heading ($e/$4 relator, $2 source, $3, $5, $6, $8) are kept. When the main heading is unchanged
/// its subfields are kept as they were (so a 600's $a $d stay apart); otherwise it becomes one $a.
/// When the number of subdivisions is unchanged each keeps its code ($v $x $y $z) in order;
/// otherwise every subdivision becomes $x (general subdivision). $0 and $1 (authority record
/// number, URI) are dropped when the heading changes, since they name the old heading.
pub fn rewrite_field(field: &Field, heading: &str) -> Field {
    let Field::Data {
        tag,
        ind1,
        ind2,
        subfields,
    } = field
    else {
        return field.clone();
    };
    let mut parts = heading.split(" -- ");
    let new_main = parts.next().unwrap_or_default();
    let new_subs: Vec<&str> = parts.collect();
    let is_main = |c: char| "abcdqtnp".contains(c);
    let is_sub = |c: char| "vxyz".contains(c);
    let old_main: Vec<&Subfield> = subfields.iter().filter(|s| is_main(s.code)).collect();
    let old_main_text = old_main
        .iter()
        .map(|s| trim_isbd(&s.value))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let old_sub_codes: Vec<char> = subfields
        .iter()
        .filter(|s| is_sub(s.code))
        .map(|s| s.code)
        .collect();
    let sf = |code: char, value: &str| Subfield {
        code,
        value: value.to_string(),
    };

    let mut out: Vec<Subfield> = Vec::new();
    if old_main_text == new_main {
        out.extend(old_main.iter().map(|s| (*s).clone()));
    } else {
        out.push(sf('a', new_main));
    }
    // Relators and other lettered subfields that are not displayed stay after the main heading.
    out.extend(
        subfields
            .iter()
            .filter(|s| s.code.is_ascii_lowercase() && !is_main(s.code) && !is_sub(s.code))
            .cloned(),
    );
    let keep_codes = old_sub_codes.len() == new_subs.len();
    for (i, s) in new_subs.iter().enumerate() {
        out.push(sf(if keep_codes { old_sub_codes[i] } else { 'x' }, s));
    }
    out.extend(
        subfields
            .iter()
            .filter(|s| s.code.is_ascii_digit() && s.code != '0' && s.code != '1')
            .cloned(),
    );
    Field::Data {
        tag: tag.clone(),
        ind1: *ind1,
        ind2: *ind2,
        subfields: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(tag: &str, ind: &str, subs: &[(char, &str)]) -> Field {
        Record::new().with_data(tag, ind, subs).fields.remove(0)
    }

    #[test]
    fn displayed_heading_agrees_with_the_catalogue_extract() {
        let r = Record::new()
            .with_data("245", "00", &[('a', "T")])
            .with_data(
                "600",
                "10",
                &[
                    ('a', "Dvořák, Antonín,"),
                    ('d', "1841-1904."),
                    ('v', "Correspondence."),
                ],
            )
            .with_data(
                "650",
                " 0",
                &[('a', "Engraving, Dutch"), ('y', "17th century.")],
            )
            .with_data(
                "651",
                " 7",
                &[
                    ('a', "Netherlands"),
                    ('x', "History"),
                    ('z', "Amsterdam."),
                    ('2', "fast"),
                    ('0', "(OCoLC)fst1"),
                ],
            );
        let x = super::super::extract(&r);
        let ours: Vec<String> = r
            .fields
            .iter()
            .filter(|f| is_subject_field(f))
            .filter_map(displayed_heading)
            .collect();
        assert_eq!(ours, x.subjects);
    }

    #[test]
    fn the_rewrite_keeps_tag_indicators_source_and_subdivision_codes() {
        let f = field(
            "651",
            " 7",
            &[
                ('a', "Netherlands"),
                ('x', "History"),
                ('y', "1600-1700."),
                ('2', "fast"),
                ('0', "(OCoLC)fst1"),
            ],
        );
        let g = rewrite_field(&f, "Dutch Republic -- History -- 17th century");
        assert_eq!(
            g.to_string(),
            "=651  \\7$aDutch Republic$xHistory$y17th century$2fast"
        );
        assert_eq!(
            displayed_heading(&g).as_deref(),
            Some("Dutch Republic -- History -- 17th century")
        );
        // Another number of subdivisions: they become $x.
        let h = rewrite_field(&f, "Holland -- Politics and government");
        assert_eq!(
            h.to_string(),
            "=651  \\7$aHolland$xPolitics and government$2fast"
        );
        // Same main heading: a 600's $a $d stay apart, relator kept.
        let p = field(
            "600",
            "10",
            &[
                ('a', "Dvořák, Antonín,"),
                ('d', "1841-1904"),
                ('e', "composer."),
                ('v', "Correspondence."),
            ],
        );
        let q = rewrite_field(&p, "Dvořák, Antonín 1841-1904 -- Letters");
        assert_eq!(
            q.to_string(),
            "=600  10$aDvořák, Antonín,$d1841-1904$ecomposer.$vLetters"
        );
    }

    #[test]
    fn a_rewrite_that_repeats_a_heading_drops_the_duplicate() {
        let r = Record::new()
            .with_data("650", " 0", &[('a', "Cats.")])
            .with_data("650", " 0", &[('a', "Felines.")])
            .with_data("650", " 7", &[('a', "Felines"), ('2', "fast")]);
        let (out, removed) = rewrite_record(&r, &["Felines".to_string()], "Cats").unwrap();
        assert_eq!(removed, 1);
        let lines: Vec<String> = out.fields.iter().map(|f| f.to_string()).collect();
        assert_eq!(lines, vec!["=650  \\0$aCats.", "=650  \\7$aCats$2fast"]);
        assert!(rewrite_record(&r, &["Dogs".to_string()], "Cats").is_none());
    }

    #[test]
    fn browse_keys_are_the_search_fold() {
        for t in [
            "Shipbuilding -- Great Britain -- History.",
            "  [Report]  of/the  ",
            "C++ & Rust: 2nd ed.",
            "a\tb\x0bc",
            "",
            "--",
        ] {
            assert_eq!(heading_sort_key(t), sort_fold(t), "{t:?}");
        }
        assert_eq!(heading_sort_key("Économie"), "economie");
        assert_eq!(heading_sort_key("Sjælland (Denmark)"), "sjaelland denmark");
        assert_eq!(
            heading_sort_key("Gießen -- Œuvres"),
            heading_sort_key("Giessen -- Oeuvres")
        );
    }

    #[test]
    fn typed_headings_are_tidied_or_refused() {
        assert_eq!(
            tidy_heading(" Cats--History  -- 20th century ").unwrap(),
            "Cats -- History -- 20th century"
        );
        assert!(tidy_heading("Cats -- ").is_err());
        assert!(tidy_heading("  ").is_err());
    }
}
