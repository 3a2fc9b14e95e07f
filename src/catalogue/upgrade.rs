//! The catalogue's part of a schema upgrade: the work a migration marked as pending (storage
//! never calls up into the catalogue), done after the library is open.

use crate::ids::RecordId;
use rusqlite::{params, Transaction};

use crate::error::{Error, Result};
use crate::storage::pending::{self, PendingWork};
use crate::storage::Library;

/// Does the work the schema upgrades marked as pending (match keys of schema 2, the subject
/// browse keys of schema 8, reading every record again for schema 5), in one `BEGIN IMMEDIATE`
/// transaction that also unmarks it; nothing when nothing is pending (one query), or when the
/// library is read-only. [`crate::open_library`] calls it; a program that opens libraries with
/// [`Library::open`] for use should call it once after opening.
///
/// Errors: a database failure rolls the work back, and it stays pending for the next opening. A
/// record that cannot be read again stays as it was.
pub fn finish_pending_work(lib: &mut Library) -> Result<()> {
    // An import whose process died (kill -9, power cut) left hidden batches: remove them. A
    // failure here is not a reason to refuse the library (restore must always be reachable):
    // the hidden records stay hidden and the next opening tries again.
    let _ = super::batches::discard_abandoned(lib);
    if lib.is_read_only() || pending::pending_work(lib.conn())?.is_empty() {
        return Ok(());
    }
    let tx = lib.immediate()?;
    // Read again inside the transaction: another connection may have done it meanwhile.
    for task in pending::pending_work(&tx)? {
        match task {
            PendingWork::MatchKeys => match_keys(&tx)?,
            PendingWork::SubjectSortKeys => subject_sort_keys(&tx)?,
            PendingWork::RereadRecords => reread_records(&tx)?,
            PendingWork::ItemShelfKeys => item_shelf_keys(&tx)?,
        }
        pending::work_done(&tx, task)?;
    }
    tx.commit()?;
    Ok(())
}

/// Schema 2: the match keys of the records stored before it; schema 14: all of them again, the
/// old ones first removed (the rules changed, so a stale key must not stay).
fn match_keys(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM record_keys", [])?;
    let mut select = tx.prepare("SELECT id, marc FROM records")?;
    let mut insert =
        tx.prepare("INSERT OR IGNORE INTO record_keys (record_id, key) VALUES (?1, ?2)")?;
    let rows = select.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
    for row in rows {
        let (id, raw) = row?;
        if let Some(Ok(parsed)) = carrel_marc::Reader::new(&raw[..]).next() {
            for key in super::keys::match_keys(&parsed.record) {
                insert.execute(params![id, key])?;
            }
        }
    }
    Ok(())
}

/// Schema 8: copies the subject headings of schema 7 (`record_subjects_v7`) with their browse
/// keys, then indexes them by record and drops the old table.
///
/// The keys are computed one per distinct heading into a temporary table; then one sorted copy
/// writes the rows in primary-key order and the record index is built after it. Row by row,
/// inserting into both B-trees at random places took minutes for a million headings; this takes
/// seconds.
fn subject_sort_keys(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE heading_keys (heading TEXT PRIMARY KEY, sort_key TEXT NOT NULL) WITHOUT ROWID",
    )?;
    {
        let mut select = tx.prepare("SELECT DISTINCT heading FROM record_subjects_v7")?;
        let mut insert =
            tx.prepare("INSERT INTO temp.heading_keys (heading, sort_key) VALUES (?1, ?2)")?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let heading: String = row.get(0)?;
            insert.execute(params![
                heading,
                super::subjects::heading_sort_key(&heading)
            ])?;
        }
    }
    tx.execute_batch(
        "INSERT INTO record_subjects (sort_key, heading, record_id)
             SELECT k.sort_key, s.heading, s.record_id
             FROM record_subjects_v7 s JOIN temp.heading_keys k ON k.heading = s.heading
             ORDER BY 1, 2, 3;
         CREATE INDEX record_subjects_record ON record_subjects (record_id);
         DROP TABLE record_subjects_v7;
         DROP TABLE temp.heading_keys;",
    )?;
    Ok(())
}

/// Schema 12: computes the shelf key (and call-number warning) of every item again from its call
/// number, scheme, enumeration and copy number, and gives each record with items the key of its
/// first item, as indexing a record does.
fn item_shelf_keys(tx: &Transaction<'_>) -> Result<()> {
    /// Id, call number, scheme, enumeration, copy number.
    type ItemRow = (i64, String, String, Option<String>, Option<String>);
    let rows: Vec<ItemRow> = {
        let mut stmt =
            tx.prepare("SELECT id, call_number, scheme, enumeration, copy_number FROM items")?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    let mut update = tx.prepare(
        "UPDATE items SET shelf_key = ?2, call_number_warning = ?3 WHERE id = ?1 AND (shelf_key IS NOT ?2 OR call_number_warning IS NOT ?3)",
    )?;
    for (id, cn, scheme, enumeration, copy_number) in rows {
        let (key, warning) =
            super::items::item_key(&cn, &scheme, enumeration.as_deref(), copy_number.as_deref());
        update.execute(params![id, key, warning])?;
    }
    tx.execute_batch(
        "UPDATE records SET shelf_key = (SELECT i.shelf_key FROM items i
             WHERE i.record_id = records.id AND i.shelf_key <> '' ORDER BY i.id LIMIT 1)
         WHERE EXISTS (SELECT 1 FROM items i WHERE i.record_id = records.id AND i.shelf_key <> '')",
    )?;
    Ok(())
}

/// Schema 5: reads every record again from its stored bytes. A record that cannot be read again
/// stays as it was; only a database failure stops the work.
fn reread_records(tx: &Transaction<'_>) -> Result<()> {
    let ids: Vec<RecordId> = {
        let mut stmt = tx.prepare("SELECT id FROM records")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<RecordId>>>()?;
        ids
    };
    for id in ids {
        if let Err(e @ Error::Database(_)) = super::store::reread_record(tx, id) {
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::storage::{migrate_to, Library, APPLICATION_ID};

    /// Opens `path` as a user would: the library, then its pending work.
    fn open(path: &std::path::Path) -> Library {
        let mut lib = Library::open(path).unwrap();
        super::finish_pending_work(&mut lib).unwrap();
        lib
    }

    #[test]
    fn opening_a_schema_2_library_decodes_its_flagged_marc8_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        let record = carrel_marc::Record::new()
            .with_control("001", "m8")
            .with_data("245", "10", &[('a', "Dvořák :"), ('b', "symfonie.")]);
        let raw = carrel_marc::write_iso2709_marc8(&record);
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, 2);
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            // As the skeleton stored MARC-8 records: title with U+FFFD, flagged.
            conn.execute(
                "INSERT INTO records (id, record_type, bibliographic_level, title, needs_marc8, marc, created_at, updated_at)
                 VALUES (1, 'a', 'm', 'Dvo\u{FFFD}r\u{FFFD}ak', 1, ?1, 't', 't')",
                [&raw],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO records_fts (rowid, title) VALUES (1, 'Dvo r ak')",
                [],
            )
            .unwrap();
        }
        let lib = open(&path);
        assert_eq!(lib.info().unwrap().undecoded, 0);
        let hits = crate::catalogue::search(&lib, "dvorak", 10).unwrap();
        assert_eq!(hits.hits.len(), 1);
        assert_eq!(hits.hits[0].title, "Dvořák : symfonie");
        assert!(crate::storage::pending::pending_work(lib.conn())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_schema_1_library_gets_the_match_keys_of_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("one.sqlite");
        let record = carrel_marc::Record::new()
            .with_control("001", "k1")
            .with_control("003", "DLC")
            .with_data("245", "10", &[('a', "Keys.")]);
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, 1);
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO records (id, record_type, bibliographic_level, title, marc, created_at, updated_at)
                 VALUES (1, 'a', 'm', 'Keys', ?1, 't', 't')",
                [carrel_marc::write_iso2709(&record)],
            )
            .unwrap();
        }
        let lib = open(&path);
        let keys: Vec<String> = lib
            .conn()
            .prepare("SELECT key FROM record_keys WHERE record_id = 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keys, ["cn:DLC|k1"]);
    }

    /// Schema 14: an article imported before keeps no key from its journal's ISSN (022), which
    /// made two articles of one journal duplicates, and gets its DOI's.
    #[test]
    fn a_schema_13_library_gets_its_match_keys_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("thirteen.sqlite");
        let mut record = carrel_marc::Record::new()
            .with_data("022", "  ", &[('a', "0028-0836")])
            .with_data("024", "7 ", &[('a', "10.1000/X1"), ('2', "doi")])
            .with_data("245", "10", &[('a', "An article.")]);
        record.leader.0[7] = b'b';
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, 13);
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            conn.execute(
                "INSERT INTO records (id, record_type, bibliographic_level, title, marc, created_at, updated_at)
                 VALUES (1, 'a', 'b', 'An article', ?1, 't', 't')",
                [carrel_marc::write_iso2709(&record)],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO record_keys (record_id, key) VALUES (1, 'issn:0028-0836')",
                [],
            )
            .unwrap();
        }
        let lib = open(&path);
        let keys: Vec<String> = lib
            .conn()
            .prepare("SELECT key FROM record_keys WHERE record_id = 1")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(keys, ["doi:10.1000/x1"]);
    }

    #[test]
    fn a_schema_7_library_browses_its_subject_headings_in_the_same_order_after_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seven.sqlite");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, 7);
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            for (id, headings) in [
                (
                    1,
                    &["Shipbuilding -- History", "Économie maritime", "engraving"][..],
                ),
                (
                    2,
                    &[
                        "Shipbuilding -- History",
                        "Ecology",
                        "Ship-building",
                        "Navies",
                    ],
                ),
            ] {
                conn.execute(
                    "INSERT INTO records (id, record_type, bibliographic_level, title, marc, created_at, updated_at)
                     VALUES (?1, 'a', 'm', 'T', x'', 't', 't')",
                    [id],
                )
                .unwrap();
                for h in headings {
                    conn.execute(
                        "INSERT INTO record_subjects (heading, record_id) VALUES (?1, ?2)",
                        rusqlite::params![h, id],
                    )
                    .unwrap();
                }
            }
        }
        let lib = open(&path);
        assert_eq!(
            lib.info().unwrap().schema_version,
            crate::storage::migrations_count()
        );
        let names = |p: crate::catalogue::subjects::SubjectPage| {
            p.headings
                .into_iter()
                .map(|h| (h.heading, h.count))
                .collect::<Vec<_>>()
        };
        let all = crate::catalogue::subjects::browse_subjects(&lib, None, None, 100).unwrap();
        assert_eq!((all.total, all.more), (6, false));
        let expected: Vec<(String, u32)> = [
            ("Ecology", 1),
            ("Économie maritime", 1),
            ("engraving", 1),
            ("Navies", 1),
            ("Ship-building", 1),
            ("Shipbuilding -- History", 2),
        ]
        .iter()
        .map(|(h, n)| (h.to_string(), *n))
        .collect();
        assert_eq!(names(all), expected);
        let jump =
            crate::catalogue::subjects::browse_subjects(&lib, Some("ECON"), None, 2).unwrap();
        assert!(jump.more);
        assert_eq!(names(jump), expected[1..3]);
        let next =
            crate::catalogue::subjects::browse_subjects(&lib, None, Some("Navies"), 10).unwrap();
        assert_eq!(names(next), expected[4..]);
        // Looked up by heading (its key computed again) and by record, as before the upgrade.
        assert_eq!(
            crate::catalogue::subjects::subject_records(&lib, "Shipbuilding -- History", 10)
                .unwrap()
                .len(),
            2
        );
        let tables: Vec<String> = lib
            .conn()
            .prepare(
                "SELECT name FROM sqlite_master WHERE name LIKE 'record_subjects%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tables, ["record_subjects", "record_subjects_record"]);
    }

    #[test]
    fn a_new_library_has_no_pending_work_and_its_subject_index() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("new.sqlite")).unwrap();
        assert!(crate::storage::pending::pending_work(lib.conn())
            .unwrap()
            .is_empty());
        let indexed: bool = lib
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'record_subjects_record'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(indexed);
    }

    #[test]
    fn a_read_only_library_can_be_searched_but_not_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.sqlite");
        {
            let mut lib = Library::open(&path).unwrap();
            crate::demo::seed(&mut lib, "2025-01-01T00:00:00Z".parse().unwrap()).unwrap();
        }
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        // Root may write any file, so open read-only directly when the permission does not bite.
        let mut lib = if crate::storage::writable(&path) {
            Library::open_read_only(&path).unwrap()
        } else {
            Library::open(&path).unwrap()
        };
        assert!(lib.is_read_only());
        super::finish_pending_work(&mut lib).unwrap();
        assert_eq!(
            crate::catalogue::search(&lib, "dvorak", 5).unwrap().total,
            1
        );
        let err = crate::catalogue::add_records(
            &mut lib,
            &crate::demo::records(),
            "x",
            "2025-01-01T00:00:00Z".parse().unwrap(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
    }

    /// An upgrade interrupted after its migration committed (work still marked) cannot be
    /// finished without writing: read-only, it is refused as an old library is, not shown half
    /// indexed (a search that finds nothing).
    #[test]
    fn a_read_only_library_with_unfinished_upgrade_work_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ro.sqlite");
        {
            let lib = Library::open(&path).unwrap();
            lib.conn()
                .execute(
                    "INSERT INTO pending_work (task) VALUES ('reread_records')",
                    [],
                )
                .unwrap();
        }
        let err = Library::open_read_only(&path).err().expect("refused");
        assert!(err.to_string().contains("needs upgrading"), "{err}");
    }
}
