//! The schema, as an append-only list of migrations. Never edit a migration that has shipped:
//! add a new one. The number of migrations is the schema version (`PRAGMA user_version`).

use rusqlite_migration::{Migrations, M};

const V1: &str = r#"
-- One row per bibliographic record (also authority and holdings records that arrive in the same
-- files). `marc` keeps the record exactly as it was read (ISO 2709 bytes), so that nothing is
-- lost and export gives it back; the other columns are extracted from it for display and search.
CREATE TABLE records (
    id                        INTEGER PRIMARY KEY,
    control_number            TEXT,               -- MARC 21 001
    control_number_identifier TEXT,               -- MARC 21 003
    record_type               TEXT NOT NULL,      -- leader/06
    bibliographic_level       TEXT NOT NULL,      -- leader/07
    title                     TEXT NOT NULL,
    responsibility            TEXT,
    publication               TEXT,
    date                      TEXT,
    needs_marc8               INTEGER NOT NULL DEFAULT 0 CHECK (needs_marc8 IN (0, 1)),
    marc                      BLOB NOT NULL,
    warnings                  TEXT NOT NULL DEFAULT '',  -- import warnings, one per line
    source_file               TEXT,
    source_ordinal            INTEGER,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);
CREATE INDEX records_control_number ON records (control_number, control_number_identifier);

-- Full-text index, rowid = records.id. unicode61 with remove_diacritics 2 so that "Dvorak"
-- finds "Dvořák". Columns are weighted in ranking: title, names, subjects, other, identifiers.
CREATE VIRTUAL TABLE records_fts USING fts5(
    title, names, subjects, other, identifiers,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Records an import could not read, kept with their bytes so that nothing is lost.
CREATE TABLE import_rejects (
    id          INTEGER PRIMARY KEY,
    source_file TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    tag         TEXT,
    reason      TEXT NOT NULL,
    raw         BLOB NOT NULL,
    rejected_at TEXT NOT NULL
);
"#;

const V2: &str = r#"
-- Match keys for duplicate detection on import: "cn:<003>|<001>", "isbn:<ISBN-13>",
-- "issn:<NNNNNNNC>", "lccn:<normalised LCCN>".
CREATE TABLE record_keys (
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    PRIMARY KEY (key, record_id)
) WITHOUT ROWID;
CREATE INDEX record_keys_record ON record_keys (record_id);

-- Earlier versions of a record, kept when an import merges a newer one into it.
CREATE TABLE record_versions (
    id          INTEGER PRIMARY KEY,
    record_id   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    marc        BLOB NOT NULL,
    needs_marc8 INTEGER NOT NULL DEFAULT 0,
    replaced_at TEXT NOT NULL,
    replaced_by TEXT NOT NULL      -- what replaced it, e.g. "import of vendor.mrc #12"
);
CREATE INDEX record_versions_record ON record_versions (record_id);
"#;

/// Schema 2 adds match keys: compute them for the records already stored.
fn backfill_keys(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    let mut select = tx.prepare("SELECT id, marc FROM records")?;
    let mut insert = tx.prepare("INSERT OR IGNORE INTO record_keys (record_id, key) VALUES (?1, ?2)")?;
    let rows = select.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?;
    for row in rows {
        let (id, raw) = row?;
        if let Some(Ok(parsed)) = carrel_marc::Reader::new(&raw[..]).next() {
            for key in crate::catalogue::keys::match_keys(&parsed.record) {
                insert.execute(rusqlite::params![id, key])?;
            }
        }
    }
    Ok(())
}

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up_with_hook(V2, backfill_keys)])
}

/// The schema version this build writes.
pub fn count() -> u32 {
    2
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(super::migrations().validate().is_ok());
        let n = super::migrations().pending_migrations(&mut rusqlite::Connection::open_in_memory().unwrap()).unwrap();
        assert_eq!(n as u32, super::count());
    }
}
