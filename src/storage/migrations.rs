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

/// Every migration, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1)])
}

/// The schema version this build writes.
pub fn count() -> u32 {
    1
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
