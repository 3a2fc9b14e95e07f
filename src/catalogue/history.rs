//! Record history: the earlier versions of a record kept in `record_versions` (who replaced each,
//! when and why), a line diff between versions, and going back to an earlier version.
//!
//! A version row holds the record as it was *before* a change: `replaced_at` is when the change
//! was made, `replaced_by` what made it ("import of vendor.mrc #12", "subject heading renamed:
//! A → B", "edited"), `changed_by` who (the operating-system user name) and `summary` a one-line
//! account of the change. Versions are kept as long as the record (deleting the record for good,
//! see [`super::trash`], removes them).

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use carrel_marc::{CharacterCoding, Field, Record};

use super::{parse_stored, replace_record, Incoming};
use crate::error::{Error, Result};
use crate::storage::Library;

/// Whether a line of a [`version_diff`] was removed by the change, added by it, or kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The line is in the older version only.
    Removed,
    /// The line is in the newer version only.
    Added,
    /// The line is in both.
    Same,
}

/// One line of a diff between two records in mnemonic form (one line = one field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct DiffLine {
    /// Whether the change removed, added or kept the field.
    pub kind: DiffKind,
    /// The field in MARC mnemonic form (`=650  \0$aEngraving, Dutch$y17th century.`).
    pub text: String,
}

/// An earlier version of a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Version {
    /// Id of the version (`record_versions.id`, counted across the whole library), for
    /// [`revert_to_version`]; not for people to read.
    pub version_id: i64,
    /// The version's number in this record's history, as shown: 1 for the oldest version kept,
    /// 2 for the next… (the current record is the one after the newest).
    pub number: u32,
    /// When the change that replaced this version was made (ISO 8601, as the caller passed it).
    pub replaced_at: String,
    /// What replaced it: "import of vendor.mrc #12", "subject heading renamed: A → B", …
    pub replaced_by: String,
    /// Who made the change (user name); None for changes recorded before schema 5 (imports).
    pub changed_by: Option<String>,
    /// One-line account of the change, when the change gave one.
    pub summary: Option<String>,
    /// The version in MARC mnemonic form, one field per line (empty when its bytes cannot be read).
    pub mnemonic: String,
    /// What the change did: the lines this version had and the next one (newer version or the
    /// current record) does not (`removed`), and the reverse (`added`). Unchanged lines are left out.
    pub changes: Vec<DiffLine>,
}

/// A record's history: its current state and its earlier versions, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordHistory {
    /// Row id of the record (table `records`).
    pub record_id: RecordId,
    /// When the record was last changed (ISO 8601).
    pub updated_at: String,
    /// When the record was first stored (ISO 8601).
    pub created_at: String,
    /// Set when the record is deleted (in the trash).
    pub deleted_at: Option<String>,
    /// The current record in MARC mnemonic form.
    pub current: String,
    /// Earlier versions, newest first.
    pub versions: Vec<Version>,
}

/// The current state and every earlier version of record `id`, newest first, each with the lines
/// its change removed and added. Errors: [`Error::NotFound`] when there is no such record.
pub fn record_history(lib: &Library, id: RecordId) -> Result<RecordHistory> {
    let conn = lib.conn();
    let row = conn
        .query_row(
            "SELECT marc, updated_at, created_at, deleted_at FROM records WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((raw, updated_at, created_at, deleted_at)) = row else {
        return Err(Error::NotFound(format!("no record with id {id}")));
    };
    let current = parse_stored(&raw, id)
        .map(|p| p.record.to_string())
        .unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, marc, replaced_at, replaced_by, changed_by, summary FROM record_versions
         WHERE record_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut versions = Vec::new();
    let mut newer = current.clone();
    for row in rows {
        let (version_id, marc, replaced_at, replaced_by, changed_by, summary) = row?;
        let mnemonic = parse_stored(&marc, id)
            .map(|p| p.record.to_string())
            .unwrap_or_default();
        let changes = version_diff(&mnemonic, &newer)
            .into_iter()
            .filter(|l| l.kind != DiffKind::Same)
            .collect();
        newer = mnemonic.clone();
        versions.push(Version {
            version_id,
            number: 0,
            replaced_at,
            replaced_by,
            changed_by,
            summary,
            mnemonic,
            changes,
        });
    }
    // Newest first: the last one is version 1.
    let total = versions.len() as u32;
    for (i, v) in versions.iter_mut().enumerate() {
        v.number = total - i as u32;
    }
    Ok(RecordHistory {
        record_id: id,
        updated_at,
        created_at,
        deleted_at,
        current,
        versions,
    })
}

/// Makes version `version_id` of record `id` the current record again. The current record is kept
/// as a version first (so a revert can itself be undone); 005 is set from `now`. Returns the number
/// of versions the record now has.
///
/// Errors: [`Error::NotFound`] when the record or the version (of this record) does not exist;
/// [`Error::InvalidInput`] when the record is deleted (restore it first) or the version's bytes
/// cannot be read.
pub fn revert_to_version(
    lib: &mut Library,
    id: RecordId,
    version_id: i64,
    changed_by: &str,
    now: Timestamp,
) -> Result<u32> {
    let tx = lib.immediate()?;
    let deleted: Option<Option<String>> = tx
        .query_row("SELECT deleted_at FROM records WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match deleted {
        None => return Err(Error::NotFound(format!("no record with id {id}"))),
        Some(Some(_)) => {
            return Err(Error::InvalidInput(format!(
                "record {id} is deleted: restore it from the trash before reverting it"
            )))
        }
        Some(None) => {}
    }
    let version: Option<(Vec<u8>, String)> = tx
        .query_row(
            "SELECT marc, replaced_at FROM record_versions WHERE id = ?1 AND record_id = ?2",
            params![version_id, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((marc, replaced_at)) = version else {
        return Err(Error::NotFound(format!(
            "record {id} has no version {version_id}"
        )));
    };
    let record = parse_stored(&marc, id)?.record;
    // Named by its number in this record's history, as the history shows it.
    let number: u32 = tx.query_row(
        "SELECT count(*) FROM record_versions WHERE record_id = ?1 AND id <= ?2",
        params![id, version_id],
        |r| r.get(0),
    )?;
    let what = format!("reverted to the version replaced on {replaced_at}");
    store_change(
        &tx,
        id,
        record,
        &what,
        changed_by,
        &format!("Reverted to version {number} (replaced on {replaced_at})"),
        now,
    )?;
    let count: u32 = tx.query_row(
        "SELECT count(*) FROM record_versions WHERE record_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok(count)
}

/// Stores `record` as the new current version of record `id` inside `tx`: 005 set from `now`, written
/// as UTF-8 ISO 2709, the record's import warnings, undecoded flag and source kept; the previous
/// version goes to `record_versions` with `replaced_by`, `changed_by` and `summary`.
pub(crate) fn store_change(
    tx: &Transaction<'_>,
    id: RecordId,
    mut record: Record,
    replaced_by: &str,
    changed_by: &str,
    summary: &str,
    now: Timestamp,
) -> Result<()> {
    let (undecoded, warnings, source_file, source_ordinal): (
        bool,
        String,
        Option<String>,
        Option<i64>,
    ) = tx.query_row(
        "SELECT undecoded, warnings, source_file, source_ordinal FROM records WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    set_005(&mut record, now);
    record.leader.set_character_coding(CharacterCoding::Utf8);
    let raw = carrel_marc::write_iso2709(&record);
    let warnings: Vec<String> = warnings
        .lines()
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let incoming = Incoming {
        record: &record,
        raw: &raw,
        undecoded,
        warnings: &warnings,
        source: source_file
            .as_deref()
            .map(|f| (f, source_ordinal.unwrap_or(0).max(0) as u64)),
    };
    replace_record(tx, id, &incoming, replaced_by, now)?;
    // replace_record wrote the version row first; it is the newest of this record.
    tx.execute(
        "UPDATE record_versions SET changed_by = ?2, summary = ?3
         WHERE id = (SELECT max(id) FROM record_versions WHERE record_id = ?1)",
        params![id, changed_by, summary],
    )?;
    Ok(())
}

/// MARC 21 005 (Date and Time of Latest Transaction, `yyyymmddhhmmss.f`) from a timestamp such
/// as `2026-11-30T14:05:09+01:00`: its date and time at its own offset (the caller's local time),
/// `20261130140509.0`.
pub fn marc_005(now: Timestamp) -> String {
    now.as_datetime().format("%Y%m%d%H%M%S.0").to_string()
}

/// Sets (or adds, in tag order) the 005 field of `record` from `now`.
pub(crate) fn set_005(record: &mut Record, now: Timestamp) {
    let value = marc_005(now);
    if let Some(Field::Control { value: v, .. }) =
        record.fields.iter_mut().find(|f| f.tag() == "005")
    {
        *v = value;
        return;
    }
    let at = record
        .fields
        .iter()
        .position(|f| f.tag() > "005")
        .unwrap_or(record.fields.len());
    record.fields.insert(
        at,
        Field::Control {
            tag: "005".into(),
            value,
        },
    );
}

/// The lines of `old` and `new` (records in mnemonic form, one field per line) as a diff: every
/// line of both in order, each marked kept, removed (only in `old`) or added (only in `new`).
/// Longest common subsequence of whole lines; removed lines come before the added ones that
/// replace them.
pub fn version_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Records have tens of fields, so the quadratic table is small.
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    let line = |kind, text: &str| DiffLine {
        kind,
        text: text.to_string(),
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(line(DiffKind::Same, a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(line(DiffKind::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(DiffKind::Added, b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_changed_fields() {
        let old = "=001  a\n=245  10$aOld title\n=650  \\0$aCats\n";
        let new = "=001  a\n=245  10$aNew title\n=650  \\0$aCats\n=650  \\0$aDogs\n";
        let d = version_diff(old, new);
        let kinds: Vec<_> = d.iter().map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (DiffKind::Same, "=001  a"),
                (DiffKind::Removed, "=245  10$aOld title"),
                (DiffKind::Added, "=245  10$aNew title"),
                (DiffKind::Same, "=650  \\0$aCats"),
                (DiffKind::Added, "=650  \\0$aDogs"),
            ]
        );
        assert!(version_diff(old, old)
            .iter()
            .all(|l| l.kind == DiffKind::Same));
        assert_eq!(version_diff("", "=001  x").len(), 1);
    }

    #[test]
    fn field_005_comes_from_the_callers_timestamp() {
        let at = |s: &str| crate::Timestamp::parse(s).unwrap();
        assert_eq!(
            marc_005(at("2026-11-30T14:05:09+01:00")),
            "20261130140509.0"
        );
        let mut r = Record::new()
            .with_control("001", "x")
            .with_control("008", "y");
        set_005(&mut r, at("2026-01-02T03:04:05Z"));
        assert_eq!(r.fields[1].tag(), "005");
        set_005(&mut r, at("2026-01-02T03:04:06Z"));
        assert_eq!(r.control("005"), Some("20260102030406.0"));
        assert_eq!(r.fields.len(), 3);
    }
}
