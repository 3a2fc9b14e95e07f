//! Records an import could not read (`import_rejects`): listing them, saving their bytes as a
//! file to mend in a MARC editor, and clearing them.
//!
//! The import keeps each unreadable record with its exact bytes, the file name, its record number
//! there and why it was refused. Importing the same broken file again replaces the earlier entry
//! of an identical record (same file name, record number and bytes) instead of adding another.

use crate::timestamp::Timestamp;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::storage::Library;

/// One record an import refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RejectedRecord {
    /// Row id of the rejected record (table `import_rejects`).
    pub id: i64,
    /// Name of the file it came from (without its folder), e.g. `"vendor.mrc"`.
    pub source_file: String,
    /// Its 1-based record number in that file.
    pub ordinal: i64,
    /// Where it starts in the (uncompressed) file, in bytes from the start.
    pub byte_offset: i64,
    /// The MARC tag of the field at fault, when the reader could tell.
    pub tag: Option<String>,
    /// Why it could not be read, e.g. `"the directory has no entries"`.
    pub reason: String,
    /// Size of the kept bytes.
    pub bytes: i64,
    /// When the import that refused it ran (ISO 8601, as the caller passed it).
    pub rejected_at: String,
}

/// What [`export_rejects`] wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RejectsExport {
    /// The file holding the ISO 2709 rejects (or, when there are only MARCXML ones, those).
    pub path: String,
    /// Records written to `path`.
    pub records: u32,
    /// When rejects came from both ISO 2709 and MARCXML files: the second file, beside `path`
    /// with `.xml` added, holding the MARCXML ones in a `<collection>`.
    pub xml_path: Option<String>,
    /// Records written to `xml_path`.
    pub xml_records: u32,
}

/// The most bytes of one rejected record kept in `import_rejects`: more than any ISO 2709 record
/// may have (99,999), so a real record is always kept whole; a longer run of bytes is not a
/// record to mend by hand, and is kept only in part (the reason says how much).
pub const MAX_KEPT_REJECT: usize = 128 * 1024;

/// The bytes and reason kept of a rejected record (at most [`MAX_KEPT_REJECT`] bytes).
fn kept(rejected: &super::marcfile::Rejected) -> (&[u8], String) {
    if rejected.raw.len() > MAX_KEPT_REJECT {
        (
            &rejected.raw[..MAX_KEPT_REJECT],
            format!(
                "{} (only its first {MAX_KEPT_REJECT} bytes were kept)",
                rejected.reason
            ),
        )
    } else {
        (&rejected.raw[..], rejected.reason.clone())
    }
}

/// Keeps a record import `import_id` could not read (in the import's transaction): its bytes,
/// file name `source`, 1-based record number `ordinal`, byte `offset` in the (uncompressed)
/// file, the tag at fault and the reason; `now` is the import's timestamp. It waits in
/// `import_pending_rejects` until the import finishes ([`publish_rejects`]), so that a cancelled
/// import leaves the list of rejects as it was.
pub(crate) fn stage_reject(
    tx: &rusqlite::Transaction<'_>,
    import_id: i64,
    source: &str,
    ordinal: u64,
    offset: u64,
    rejected: &super::marcfile::Rejected,
    now: Timestamp,
) -> Result<()> {
    let (raw, reason) = kept(rejected);
    tx.prepare_cached(
        "INSERT INTO import_pending_rejects (import_id, source_file, ordinal, byte_offset, tag, reason, raw, rejected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        import_id,
        source,
        ordinal as i64,
        offset as i64,
        rejected.tag,
        reason,
        raw,
        now
    ])?;
    Ok(())
}

/// Moves the rejects staged by import `import_id` into `import_rejects`. The same broken record
/// imported again (same file name, record number and bytes) replaces its earlier entry, so that
/// re-importing a file does not pile up copies.
pub(crate) fn publish_rejects(tx: &rusqlite::Transaction<'_>, import_id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM import_rejects WHERE EXISTS (SELECT 1 FROM import_pending_rejects p
             WHERE p.import_id = ?1 AND p.source_file = import_rejects.source_file
               AND p.ordinal = import_rejects.ordinal AND p.raw = import_rejects.raw)",
        [import_id],
    )?;
    tx.execute(
        "INSERT INTO import_rejects (source_file, ordinal, byte_offset, tag, reason, raw, rejected_at)
         SELECT source_file, ordinal, byte_offset, tag, reason, raw, rejected_at
         FROM import_pending_rejects WHERE import_id = ?1 ORDER BY id",
        [import_id],
    )?;
    tx.execute(
        "DELETE FROM import_pending_rejects WHERE import_id = ?1",
        [import_id],
    )?;
    Ok(())
}

/// How many rejected records the library keeps.
pub fn count_rejects(lib: &Library) -> Result<u32> {
    Ok(lib
        .conn()
        .query_row("SELECT count(*) FROM import_rejects", [], |r| r.get(0))?)
}

/// The rejected records, most recent import first, then in file order; at most `limit`.
pub fn list_rejects(lib: &Library, limit: u32) -> Result<Vec<RejectedRecord>> {
    let mut stmt = lib.conn().prepare(
        "SELECT id, source_file, ordinal, byte_offset, tag, reason, length(raw), rejected_at FROM import_rejects
         ORDER BY rejected_at DESC, source_file, ordinal, id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(RejectedRecord {
            id: r.get(0)?,
            source_file: r.get(1)?,
            ordinal: r.get(2)?,
            byte_offset: r.get(3)?,
            tag: r.get(4)?,
            reason: r.get(5)?,
            bytes: r.get(6)?,
            rejected_at: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A rejected MARCXML record is kept as its `<record>` element; an ISO 2709 one as its bytes.
fn is_xml(raw: &[u8]) -> bool {
    raw.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// Writes the rejected records' bytes, unchanged and in file order, to `path`, so that they can be
/// mended in a MARC editor and imported again. ISO 2709 records are written one after the other;
/// MARCXML records (kept as their `<record>` elements) inside one `<collection>` of the MARC 21
/// slim schema. When there are both, the MARCXML ones go to a second file, `path` + `.xml`.
/// Nothing is removed from the library (see [`clear_rejects`]). Errors: [`Error::NotFound`] when
/// there are no rejected records; [`Error::Io`] when a file cannot be written.
pub fn export_rejects(lib: &Library, path: &Path) -> Result<RejectsExport> {
    let mut stmt = lib
        .conn()
        .prepare("SELECT raw FROM import_rejects ORDER BY source_file, ordinal, id")?;
    let raws: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if raws.is_empty() {
        return Err(Error::NotFound(
            "there are no rejected records to save".into(),
        ));
    }
    let (xml, iso): (Vec<&Vec<u8>>, Vec<&Vec<u8>>) = raws.iter().partition(|r| is_xml(r));
    let xml_path = if iso.is_empty() {
        path.to_path_buf()
    } else {
        append_ext(path, "xml")
    };
    let mut out = RejectsExport {
        path: path.display().to_string(),
        records: 0,
        xml_path: None,
        xml_records: 0,
    };
    if !iso.is_empty() {
        write_file(path, |w| iso.iter().try_for_each(|r| w.write_all(r)))?;
        out.records = iso.len() as u32;
    }
    if !xml.is_empty() {
        write_file(&xml_path, |w| {
            w.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n")?;
            for r in &xml {
                w.write_all(r)?;
                w.write_all(b"\n")?;
            }
            w.write_all(b"</collection>\n")
        })?;
        if iso.is_empty() {
            out.records = xml.len() as u32;
        } else {
            out.xml_path = Some(xml_path.display().to_string());
            out.xml_records = xml.len() as u32;
        }
    }
    Ok(out)
}

fn append_ext(path: &Path, ext: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    s.into()
}

/// Writes `NAME.part` and renames it to `path` when complete, as exports do, so that a failed
/// write never leaves a half file under the chosen name.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let io = |e| Error::io(format!("cannot write {}", path.display()), e);
    let part = append_ext(path, "part");
    let written = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&part)?);
        body(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&part, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written.map_err(io)
}

/// Forgets every rejected record (their bytes too: save them first with [`export_rejects`]).
/// Returns how many were removed.
pub fn clear_rejects(lib: &mut Library) -> Result<u32> {
    // Through the one door every write takes (a damaged library refuses it by name).
    let tx = lib.immediate()?;
    let n = tx.execute("DELETE FROM import_rejects", [])? as u32;
    tx.commit()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marcxml_reject_is_told_from_iso2709_bytes() {
        assert!(is_xml(b"  \n<record><leader>"));
        assert!(!is_xml(b"00042nam  2200000   4500"));
        assert!(!is_xml(b""));
    }
}
