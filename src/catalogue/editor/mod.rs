//! The cataloguing editor: one bibliographic record as the technician edits it, in two views of
//! the same data — the MARC view ([`EditableRecord`]: leader, tags, indicators, subfields) and the
//! form view ([`form::RecordForm`]: labelled fields mapped to MARC) — with templates for new
//! records, validation that warns and never blocks, and saving with history.
//!
//! Saving maintains MARC 21 Bibliographic 005 (date and time of latest transaction) and 008/00-05
//! (date entered on file), moves invalid standard numbers to the subfields MARC 21 defines for
//! them (020 $z, 022 $y, 010 $z), and keeps the replaced version in `record_versions` with who
//! changed it and a one-line summary of what changed.

pub mod form;
pub mod templates;
pub mod validate;

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use carrel_marc::{Field, Leader, Record, Subfield};

use super::standard_numbers;
pub use super::standard_numbers::split_isbn;
use super::Incoming;
use crate::error::{Error, Result};
use crate::storage::Library;

pub use form::{apply_form, form_from_record, FormAuthor, FormSeries, RecordForm};
pub use templates::{new_from_template, templates, Template, TemplateId};
pub use validate::{validate, Warning};

/// One subfield as edited: its code (one lower-case letter or digit) and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditableSubfield {
    /// The subfield code, e.g. "a" for $a (ISO 2709 data element identifier).
    pub code: String,
    /// The subfield's data, in Unicode, ISBD punctuation included as catalogued.
    pub value: String,
}

/// One variable field as edited. A control field (tag `00X`) has `value` and no indicators or
/// subfields; a data field has two indicators (one character each, `" "` for blank) and subfields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditableField {
    /// The three-character tag, e.g. "245" (ISO 2709 directory tag).
    pub tag: String,
    /// First indicator, one character (" " or empty when blank; empty for a control field).
    pub ind1: String,
    /// Second indicator, one character (" " or empty when blank; empty for a control field).
    pub ind2: String,
    /// Control field data (MARC 21 001-009); `None` for a data field.
    pub value: Option<String>,
    /// The subfields in order; empty for a control field.
    pub subfields: Vec<EditableSubfield>,
}

/// A bibliographic record as the editor holds it: the 24-character leader as text and the fields
/// in record order. Converts to and from [`carrel_marc::Record`] without loss for any record whose
/// indicators and subfield codes are single characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditableRecord {
    /// The leader, 24 characters (ISO 2709 / MARC 21 Leader).
    pub leader: String,
    /// The variable fields in record order.
    pub fields: Vec<EditableField>,
}

/// What [`save_record`] stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Saved {
    /// The record id (new or the one edited).
    pub id: RecordId,
    /// What [`validate`] says of the record as stored (warnings only: it was saved).
    pub warnings: Vec<Warning>,
    /// The record as stored, with 005, 008/00-05 and moved standard numbers.
    pub record: EditableRecord,
    /// One line naming the fields changed, added and removed ("245 changed; 650 added"), for an
    /// edit; `None` for a new record.
    pub summary: Option<String>,
}

impl EditableField {
    /// A control field.
    pub fn control(tag: &str, value: &str) -> EditableField {
        EditableField {
            tag: tag.into(),
            ind1: String::new(),
            ind2: String::new(),
            value: Some(value.into()),
            subfields: Vec::new(),
        }
    }

    /// A data field; `ind` is the two indicators (`" 0"`), `subfields` pairs codes with values.
    pub fn data(tag: &str, ind: &str, subfields: &[(char, &str)]) -> EditableField {
        let mut chars = ind.chars();
        EditableField {
            tag: tag.into(),
            ind1: chars.next().unwrap_or(' ').to_string(),
            ind2: chars.next().unwrap_or(' ').to_string(),
            value: None,
            subfields: subfields
                .iter()
                .map(|(c, v)| EditableSubfield {
                    code: c.to_string(),
                    value: (*v).to_string(),
                })
                .collect(),
        }
    }

    /// Whether the tag names a control field (MARC 21: `001`-`009`).
    pub fn is_control(&self) -> bool {
        carrel_marc_is_control(&self.tag)
    }

    /// The first subfield value with this code.
    pub fn subfield(&self, code: &str) -> Option<&str> {
        self.subfields
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.value.as_str())
    }

    /// Indicator 1 as a character (blank when empty).
    pub fn ind1_char(&self) -> char {
        self.ind1.chars().next().unwrap_or(' ')
    }

    /// Indicator 2 as a character (blank when empty).
    pub fn ind2_char(&self) -> char {
        self.ind2.chars().next().unwrap_or(' ')
    }
}

fn carrel_marc_is_control(tag: &str) -> bool {
    tag.len() == 3 && tag.starts_with("00")
}

impl EditableRecord {
    /// The value of the first control field with this tag.
    pub fn control(&self, tag: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.tag == tag)
            .and_then(|f| f.value.as_deref())
    }

    /// The first field with this tag.
    pub fn field(&self, tag: &str) -> Option<&EditableField> {
        self.fields.iter().find(|f| f.tag == tag)
    }

    /// Sets a control field's value, adding the field in tag order when absent.
    pub fn set_control(&mut self, tag: &str, value: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.tag == tag) {
            f.value = Some(value.to_string());
        } else {
            insert_in_tag_order(&mut self.fields, EditableField::control(tag, value));
        }
    }

    /// Leader position `pos` as a character (blank when the leader is shorter).
    pub fn leader_at(&self, pos: usize) -> char {
        self.leader.chars().nth(pos).unwrap_or(' ')
    }
}

/// Inserts `field` after the last field whose tag sorts at or before its tag (MARC order).
pub(crate) fn insert_in_tag_order(fields: &mut Vec<EditableField>, field: EditableField) {
    let at = fields
        .iter()
        .rposition(|f| f.tag.as_str() <= field.tag.as_str())
        .map_or(0, |i| i + 1);
    fields.insert(at, field);
}

impl From<&Record> for EditableRecord {
    fn from(r: &Record) -> EditableRecord {
        EditableRecord {
            leader: r.leader.as_string(),
            fields: r
                .fields
                .iter()
                .map(|f| match f {
                    Field::Control { tag, value } => EditableField::control(tag, value),
                    Field::Data {
                        tag,
                        ind1,
                        ind2,
                        subfields,
                    } => EditableField {
                        tag: tag.clone(),
                        ind1: ind1.to_string(),
                        ind2: ind2.to_string(),
                        value: None,
                        subfields: subfields
                            .iter()
                            .map(|s| EditableSubfield {
                                code: s.code.to_string(),
                                value: s.value.clone(),
                            })
                            .collect(),
                    },
                })
                .collect(),
        }
    }
}

/// One character from an indicator or subfield code as typed: empty is blank; more than one
/// character cannot be stored.
fn one_char(s: &str, what: &str) -> Result<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(' '),
        (Some(c), None) if c.is_ascii() && !c.is_ascii_control() => Ok(c),
        _ => Err(Error::InvalidInput(format!(
            "{what} {s:?} cannot be stored: MARC 21 allows one ASCII character there"
        ))),
    }
}

impl EditableRecord {
    /// The record as a [`carrel_marc::Record`]. Errors ([`Error::InvalidInput`]) only for what
    /// ISO 2709 cannot hold: a leader that is not 24 ASCII characters, a tag that is not 3 ASCII
    /// letters or digits, an indicator or subfield code longer than one character, an empty
    /// subfield code, or a record separator character (1D/1E/1F hex) inside data.
    pub fn to_record(&self) -> Result<Record> {
        let leader = Leader::from_bytes(self.leader.as_bytes())
            .filter(|_| self.leader.is_ascii())
            .ok_or_else(|| {
                Error::InvalidInput(format!(
                    "the leader {:?} is not 24 characters; it cannot be stored",
                    self.leader
                ))
            })?;
        let mut fields = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            if f.tag.len() != 3 || !f.tag.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(Error::InvalidInput(format!(
                    "the tag {:?} cannot be stored: a MARC tag is 3 letters or digits",
                    f.tag
                )));
            }
            let separator = |s: &str| s.contains(['\u{1d}', '\u{1e}', '\u{1f}']);
            if f.is_control() {
                let value = f
                    .value
                    .clone()
                    .unwrap_or_else(|| f.subfields.iter().map(|s| s.value.as_str()).collect());
                if separator(&value) {
                    return Err(Error::InvalidInput(format!(
                        "field {} holds a MARC separator character; it cannot be stored",
                        f.tag
                    )));
                }
                fields.push(Field::Control {
                    tag: f.tag.clone(),
                    value,
                });
            } else {
                let ind1 = one_char(&f.ind1, &format!("indicator 1 of {}", f.tag))?;
                let ind2 = one_char(&f.ind2, &format!("indicator 2 of {}", f.tag))?;
                let mut subfields = Vec::with_capacity(f.subfields.len());
                for s in &f.subfields {
                    let code = one_char(&s.code, &format!("subfield code in {}", f.tag))?;
                    if code == ' ' {
                        return Err(Error::InvalidInput(format!(
                            "a subfield of {} has no code; it cannot be stored",
                            f.tag
                        )));
                    }
                    if separator(&s.value) {
                        return Err(Error::InvalidInput(format!(
                            "{} ${code} holds a MARC separator character; it cannot be stored",
                            f.tag
                        )));
                    }
                    subfields.push(Subfield {
                        code,
                        value: s.value.clone(),
                    });
                }
                fields.push(Field::Data {
                    tag: f.tag.clone(),
                    ind1,
                    ind2,
                    subfields,
                });
            }
        }
        Ok(Record { leader, fields })
    }
}

/// MARC 21 Bibliographic 005 from a timestamp (`2026-11-30T14:05:09+00:00` →
/// `20261130140509.0`); see [`super::history::marc_005`].
pub use super::history::marc_005;

/// MARC 21 Bibliographic 008/00-05 (date entered on file, `yymmdd`) of `today`
/// (2026-11-30 → `261130`).
pub fn date_entered(today: NaiveDate) -> String {
    today.format("%y%m%d").to_string()
}

/// Moves invalid standard numbers to the subfields MARC 21 defines for them, keeping the value:
/// an ISBN in 020 $a that is malformed or has a wrong check digit goes to 020 $z ("Canceled/
/// invalid ISBN"); an ISSN in 022 $a with a wrong check digit or shape goes to 022 $y
/// ("Incorrect ISSN"); an LCCN in 010 $a that is not of LCCN shape goes to 010 $z ("Canceled/
/// invalid LCCN"). A valid ISBN typed with hyphens or spaces is kept as its digits (hyphens are
/// not recorded in 020 $a), with a parenthesised qualifier moved to 020 $q. Returns how many
/// values were moved.
pub fn normalize_standard_numbers(rec: &mut EditableRecord) -> usize {
    let mut moved = 0;
    for f in rec.fields.iter_mut() {
        let (target, check): (&str, fn(&str) -> bool) = match f.tag.as_str() {
            "020" => ("z", |v| standard_numbers::isbn13(v).is_some()),
            "022" => ("y", |v| {
                standard_numbers::validate(standard_numbers::NumberKind::Issn, v).valid
            }),
            "010" => ("z", |v| standard_numbers::lccn(v).is_some()),
            _ => continue,
        };
        let mut extra_q: Vec<EditableSubfield> = Vec::new();
        for s in f.subfields.iter_mut().filter(|s| s.code == "a") {
            if s.value.trim().is_empty() {
                continue;
            }
            if !check(&s.value) {
                s.code = target.to_string();
                moved += 1;
            } else if f.tag == "020" {
                let (number, qualifier) = split_isbn(&s.value);
                s.value = number;
                if let Some(q) = qualifier {
                    extra_q.push(EditableSubfield {
                        code: "q".into(),
                        value: q,
                    });
                }
            }
        }
        for q in extra_q {
            if !f
                .subfields
                .iter()
                .any(|s| s.code == "q" && s.value == q.value)
            {
                f.subfields.push(q);
            }
        }
    }
    moved
}

/// One line saying which fields an edit changed: fields present in both versions but different
/// are "changed", new ones "added", missing ones "removed", per tag in record order
/// ("245 changed; 650 added; 500 removed"). 005 is left out (every save changes it); a changed
/// leader is "leader changed". "no change" when the versions are the same.
pub fn change_summary(old: &EditableRecord, new: &EditableRecord) -> String {
    let mut parts: Vec<String> = Vec::new();
    // Lengths (00-04, 12-16) and the status (05) change with every save.
    let meaningful = |l: &str| l.get(6..12).unwrap_or("").to_string() + l.get(17..).unwrap_or("");
    if meaningful(&old.leader) != meaningful(&new.leader) {
        parts.push("leader changed".into());
    }
    let mut tags: Vec<&str> = Vec::new();
    for f in old.fields.iter().chain(new.fields.iter()) {
        if f.tag != "005" && !tags.contains(&f.tag.as_str()) {
            tags.push(&f.tag);
        }
    }
    tags.sort();
    for tag in tags {
        let mut olds: Vec<&EditableField> = old.fields.iter().filter(|f| f.tag == tag).collect();
        let mut news: Vec<&EditableField> = new.fields.iter().filter(|f| f.tag == tag).collect();
        olds.retain(|o| {
            if let Some(i) = news.iter().position(|n| n == o) {
                news.remove(i);
                false
            } else {
                true
            }
        });
        let changed = olds.len().min(news.len());
        let mut say = |n: usize, what: &str| {
            if n > 0 {
                parts.push(if n == 1 {
                    format!("{tag} {what}")
                } else {
                    format!("{tag} {what} ({n})")
                });
            }
        };
        say(changed, "changed");
        say(news.len() - changed, "added");
        say(olds.len() - changed, "removed");
    }
    if parts.is_empty() {
        "no change".into()
    } else {
        parts.join("; ")
    }
}

/// The record stored under `id`, for editing. Errors: [`Error::NotFound`].
pub fn get_editable(lib: &Library, id: RecordId) -> Result<EditableRecord> {
    Ok(EditableRecord::from(&super::get_marc(lib, id)?))
}

/// A copy of record `id` to catalogue a similar item from ("new from this"): the same fields
/// without the ones that identify the stored record — 001 (control number), 003 (its
/// organisation), 005 (latest transaction) and 035 (system control numbers) — with leader/05 `n`
/// (new) and 008/00-05 set to `today`. Standard numbers are kept for the
/// cataloguer to change. Nothing is stored until the copy is saved.
pub fn duplicate_record(lib: &Library, id: RecordId, today: NaiveDate) -> Result<EditableRecord> {
    let mut rec = get_editable(lib, id)?;
    rec.fields
        .retain(|f| !matches!(f.tag.as_str(), "001" | "003" | "005" | "035"));
    set_leader(&mut rec, 5, 'n');
    if let Some(f) = rec.fields.iter_mut().find(|f| f.tag == "008") {
        let v = f.value.get_or_insert_with(String::new);
        *v = set_range(v, 0, &date_entered(today));
    }
    Ok(rec)
}

/// Sets one leader position (the leader is padded to 24 characters first).
pub(crate) fn set_leader(rec: &mut EditableRecord, pos: usize, c: char) {
    let mut chars: Vec<char> = rec.leader.chars().collect();
    chars.resize(chars.len().max(24), ' ');
    chars[pos] = c;
    rec.leader = chars.into_iter().collect();
}

/// `value` with `text` written from character `start` (padded with blanks when short).
pub(crate) fn set_range(value: &str, start: usize, text: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let end = start + text.chars().count();
    if chars.len() < end {
        chars.resize(end, ' ');
    }
    for (i, c) in text.chars().enumerate() {
        chars[start + i] = c;
    }
    chars.into_iter().collect()
}

/// Stores a record from the editor, in one transaction: a new record when `id` is `None`, else
/// a new version of record `id` (the stored one is kept in `record_versions` with `changed_by`
/// and a [`change_summary`]). Saving an edit that changes no field (005 aside) writes nothing and
/// returns the stored record with the summary "no change".
///
/// Before storing: invalid standard numbers move to their MARC 21 "invalid" subfields
/// ([`normalize_standard_numbers`]); 005 becomes `now` as `yyyymmddhhmmss.f`; 008/00-05 (date
/// entered) is set from `now`'s day when it is not six digits (so it is set once and kept on later
/// edits); leader/05 becomes `n` for a new record and `c` (corrected or revised) for an edit;
/// leader/09 `a` (the record is written as UTF-8 ISO 2709). `now` is the caller's timestamp;
/// `changed_by` names who saved (the OS user).
///
/// Validation warnings do not stop saving. Errors: [`Error::InvalidInput`] when the record has
/// no fields, when ISO 2709 cannot hold it (see [`EditableRecord::to_record`]), or when record
/// `id` is deleted; [`Error::NotFound`] when there is no
/// record `id`.
pub fn save_record(
    lib: &mut Library,
    id: Option<RecordId>,
    rec: &EditableRecord,
    changed_by: &str,
    now: Timestamp,
) -> Result<Saved> {
    if rec.fields.is_empty() {
        return Err(Error::InvalidInput(
            "the record has no fields; there is nothing to save".into(),
        ));
    }
    let stamp = marc_005(now);
    let mut rec = rec.clone();
    normalize_standard_numbers(&mut rec);
    rec.set_control("005", &stamp);
    if let Some(f) = rec.fields.iter_mut().find(|f| f.tag == "008") {
        let v = f.value.get_or_insert_with(String::new);
        let entered: String = v.chars().take(6).collect();
        if entered.len() != 6 || !entered.chars().all(|c| c.is_ascii_digit()) {
            *v = set_range(v, 0, &date_entered(now.date()));
        }
    }
    set_leader(&mut rec, 5, if id.is_some() { 'c' } else { 'n' });
    set_leader(&mut rec, 9, 'a');
    let mut record = rec.to_record()?;
    record
        .leader
        .set_character_coding(carrel_marc::CharacterCoding::Utf8);
    let raw = carrel_marc::write_iso2709(&record);
    // What is stored is what the reader gives back (lengths filled in).
    let stored = EditableRecord::from(&super::parse_stored(&raw, id.unwrap_or_default())?.record);

    let tx = lib.immediate()?;
    let (new_id, summary) = match id {
        None => {
            let incoming = Incoming {
                record: &record,
                raw: &raw,
                undecoded: false,
                warnings: &[],
                source: None,
            };
            (super::insert_record(&tx, &incoming, now)?, None)
        }
        Some(id) => {
            let row: Option<(Vec<u8>, Option<String>)> = tx
                .query_row(
                    "SELECT marc, deleted_at FROM records WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((old_raw, deleted_at)) = row else {
                return Err(Error::NotFound(format!("no record with id {id}")));
            };
            if let Some(when) = deleted_at {
                return Err(Error::InvalidInput(format!(
                    "record {id} was deleted on {when}; restore it before editing"
                )));
            }
            let old = EditableRecord::from(&super::parse_stored(&old_raw, id)?.record);
            let summary = change_summary(&old, &stored);
            if summary == "no change" {
                // Nothing to record: the stored record (and its 005) stays as it is.
                return Ok(Saved {
                    id,
                    warnings: validate(&old),
                    record: old,
                    summary: Some(summary),
                });
            }
            super::history::store_change(&tx, id, record, "edited", changed_by, &summary, now)?;
            (id, Some(summary))
        }
    };
    tx.commit()?;
    Ok(Saved {
        id: new_id,
        warnings: validate(&stored),
        record: stored,
        summary,
    })
}

/// Creates a new record from template `template` (see [`templates`]) for `today` (the date
/// entered, 008/00-05), with 040 $a set to the library's cataloguing agency code (setting
/// `cataloguing_agency`, default `Carrel`). Not stored until saved. Errors: [`Error::Database`]
/// reading the setting.
pub fn new_record(lib: &Library, template: TemplateId, today: NaiveDate) -> Result<EditableRecord> {
    let agency: Option<String> = lib
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = 'cataloguing_agency'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(new_from_template(
        template,
        today,
        agency
            .as_deref()
            .filter(|a| !a.trim().is_empty())
            .unwrap_or("Carrel"),
    ))
}

#[cfg(test)]
mod tests;
