//! The schema, as an append-only list of migrations. Never edit a migration that has shipped:
//! add a new one. The number of migrations is the schema version (`PRAGMA user_version`).

use rusqlite_migration::{Migrations, M};

use super::pending::{self, PendingWork};

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

const V3: &str = r#"
-- Since MARC-8 is decoded on import, the flag means "some characters could not be decoded".
ALTER TABLE records RENAME COLUMN needs_marc8 TO undecoded;
ALTER TABLE record_versions RENAME COLUMN needs_marc8 TO undecoded;
"#;

// Schema 3 and 4 had hooks that read every (flagged) record again; the schema 5 upgrade reads every
// record again anyway, with the columns this build writes, so those hooks are no longer run
// (a hook of an older schema cannot write columns that only a later schema adds). The re-read is
// the catalogue's: schema 5 marks it as pending work (see `pending.rs`), done after the library is
// open, when `record_subjects.sort_key` of schema 8 exists.

const V4: &str = r#"
-- Schema 4 changes only what goes into the full-text index (880 vernacular text, folded
-- romanisation marks, both ISBN forms): the hook rebuilds it.
DELETE FROM records_fts;
"#;

const V5: &str = r#"
-- Schema 5: items (holdings), sorting and facet columns, subject headings in use, record
-- history with who and what, deletion that can be undone, settings.

-- One row per physical copy (MARC 21 Holdings 852/876-878 on export). Our own rows: the
-- bibliographic record's bytes are not changed when an item is added.
CREATE TABLE items (
    id                  INTEGER PRIMARY KEY,
    record_id           INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    barcode             TEXT NOT NULL,
    call_number         TEXT NOT NULL DEFAULT '',
    scheme              TEXT NOT NULL DEFAULT 'local' CHECK (scheme IN ('lcc', 'ddc', 'local')),
    shelf_key           TEXT NOT NULL DEFAULT '',   -- callnumber::sort_key: byte order = shelf order
    call_number_warning TEXT,                       -- why the call number could not be read
    location            TEXT NOT NULL DEFAULT '',
    item_type           TEXT NOT NULL DEFAULT 'book',
    status              TEXT NOT NULL DEFAULT 'available',
    enumeration         TEXT,   -- volume/part designation (852 $3 / 863-style "v.2")
    copy_number         TEXT,   -- 852 $t
    price               TEXT,   -- 876 $c, as written ("45.00 GBP")
    acquired_on         TEXT,   -- YYYY-MM-DD, 876 $d
    accession_number    TEXT,   -- 876 $a
    provenance          TEXT,   -- MARC 21 561 $a
    binding             TEXT,   -- MARC 21 563 $a
    note                TEXT,   -- free note (876 $z)
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX items_barcode ON items (barcode);
CREATE INDEX items_record ON items (record_id);
CREATE INDEX items_shelf ON items (shelf_key, id);
CREATE INDEX items_location_shelf ON items (location, shelf_key, id);

-- Sorting and facets, extracted from the record like title and date.
ALTER TABLE records ADD COLUMN filing_title TEXT NOT NULL DEFAULT '';  -- 245 without non-filing characters, folded
ALTER TABLE records ADD COLUMN sort_author TEXT NOT NULL DEFAULT '';   -- main entry (1XX) else first 7XX, folded
ALTER TABLE records ADD COLUMN year INTEGER;                           -- publication year (264/260 $c, 008/07-10)
ALTER TABLE records ADD COLUMN language TEXT;                          -- 008/35-37, else 041 $a
ALTER TABLE records ADD COLUMN shelf_key TEXT NOT NULL DEFAULT '';     -- first call number's sort key
ALTER TABLE records ADD COLUMN deleted_at TEXT;                        -- set when deleted; purged after 30 days
CREATE INDEX records_filing_title ON records (filing_title, id);
CREATE INDEX records_sort_author ON records (sort_author, id);
CREATE INDEX records_year ON records (year, id);
CREATE INDEX records_shelf_key ON records (shelf_key, id);
CREATE INDEX records_deleted ON records (deleted_at) WHERE deleted_at IS NOT NULL;

-- Subject headings in use (6XX as displayed, subdivisions joined by " -- "), for facets and the
-- heading browse.
CREATE TABLE record_subjects (
    heading   TEXT NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (heading, record_id)
) WITHOUT ROWID;
CREATE INDEX record_subjects_record ON record_subjects (record_id);

-- History: who replaced a version and a one-line account of the change.
ALTER TABLE record_versions ADD COLUMN changed_by TEXT;
ALTER TABLE record_versions ADD COLUMN summary TEXT;

-- Library settings (barcode pattern, check digit, …) as key/value text.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The full-text index gains a column for call numbers and barcodes (`callno:`, `barcode:`).
DROP TABLE records_fts;
CREATE VIRTUAL TABLE records_fts USING fts5(
    title, names, subjects, other, identifiers, shelf,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

const V6: &str = r#"
-- Schema 6: circulation (patrons, loan rules, the calendar of closed days, loans, holds).
-- Dates are YYYY-MM-DD text (due dates are dates, never timestamps).

CREATE TABLE patrons (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    card         TEXT NOT NULL,                  -- card number (barcode)
    category     TEXT NOT NULL DEFAULT 'staff',  -- partner, associate, staff, researcher, external…
    department   TEXT NOT NULL DEFAULT '',
    email        TEXT,
    phone        TEXT,
    expires_on   TEXT,                           -- last day the card is valid; NULL: no expiry
    notes        TEXT,
    blocked      INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    block_reason TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX patrons_card ON patrons (card);
CREATE INDEX patrons_name ON patrons (name COLLATE NOCASE, id);

-- The loan policy table: patron category x item type. '*' matches any; the most specific row
-- wins (category and type, then category, then type, then '*' x '*').
CREATE TABLE loan_policies (
    category      TEXT NOT NULL,
    item_type     TEXT NOT NULL,
    period_days   INTEGER,            -- loan period in days, or
    due_on        TEXT,               -- a fixed due date (end of term)
    renewals      INTEGER NOT NULL DEFAULT 0,
    max_items     INTEGER NOT NULL DEFAULT 20,
    holds_allowed INTEGER NOT NULL DEFAULT 1 CHECK (holds_allowed IN (0, 1)),
    circulates    INTEGER NOT NULL DEFAULT 1 CHECK (circulates IN (0, 1)),  -- 0: reading room only
    PRIMARY KEY (category, item_type)
) WITHOUT ROWID;
INSERT INTO loan_policies (category, item_type, period_days, renewals, max_items, holds_allowed, circulates) VALUES
    ('*', '*', 21, 2, 20, 1, 1),
    ('*', 'serial_issue', 7, 1, 20, 1, 1),
    ('*', 'dvd', 7, 1, 20, 1, 1),
    ('*', 'looseleaf', 0, 0, 20, 0, 0),
    ('*', 'object', 0, 0, 20, 0, 0);

-- Days the library is closed besides the weekend (setting circulation.weekend).
CREATE TABLE closed_days (
    day    TEXT PRIMARY KEY,
    reason TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- Loans, open (returned_on NULL) and returned: the loan history. Anonymising a returned loan
-- sets patron_id NULL. At most one open loan per item (the partial unique index).
CREATE TABLE loans (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER REFERENCES items (id) ON DELETE SET NULL,
    patron_id       INTEGER REFERENCES patrons (id) ON DELETE SET NULL,
    checked_out_on  TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    returned_on     TEXT,
    renewals        INTEGER NOT NULL DEFAULT 0,
    last_renewed_on TEXT,
    override_reason TEXT,                              -- why a refusal was overridden
    status_before   TEXT NOT NULL DEFAULT 'available'  -- the item's status before the loan
);
CREATE UNIQUE INDEX loans_open_item ON loans (item_id) WHERE returned_on IS NULL;
CREATE INDEX loans_open_patron ON loans (patron_id) WHERE returned_on IS NULL;
CREATE INDEX loans_open_due ON loans (due_on) WHERE returned_on IS NULL;
CREATE INDEX loans_item ON loans (item_id, id);
CREATE INDEX loans_patron ON loans (patron_id, id);
CREATE INDEX loans_to_anonymise ON loans (returned_on) WHERE returned_on IS NOT NULL AND patron_id IS NOT NULL;
-- An item with an open loan is never deleted (nor purged with its record): check it in first.
CREATE TRIGGER items_keep_lent BEFORE DELETE ON items
WHEN EXISTS (SELECT 1 FROM loans WHERE item_id = OLD.id AND returned_on IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'the item is on loan: check it in before deleting it');
END;

-- Holds on a record (any copy, item_id NULL) or one item; the queue is placement order (id).
CREATE TABLE holds (
    id              INTEGER PRIMARY KEY,
    record_id       INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    item_id         INTEGER REFERENCES items (id) ON DELETE CASCADE,
    patron_id       INTEGER NOT NULL REFERENCES patrons (id) ON DELETE CASCADE,
    placed_on       TEXT NOT NULL,
    expires_on      TEXT,            -- a waiting hold lapses after this day
    status          TEXT NOT NULL DEFAULT 'waiting'
                    CHECK (status IN ('waiting', 'trapped', 'fulfilled', 'cancelled', 'expired')),
    trapped_item_id INTEGER REFERENCES items (id) ON DELETE SET NULL,
    trapped_on      TEXT,
    pickup_by       TEXT,            -- a trapped hold lapses after this day
    closed_on       TEXT
);
CREATE INDEX holds_record_open ON holds (record_id, id) WHERE status IN ('waiting', 'trapped');
CREATE INDEX holds_patron ON holds (patron_id, id);
CREATE INDEX holds_trapped_item ON holds (trapped_item_id) WHERE status = 'trapped';
"#;

const V7: &str = r#"
-- Schema 7: bibliographies, saved documents in the library (title, introduction, style and
-- sections). A section takes the records its rule selects (JSON: subject with or without
-- narrower headings, call-number range, saved search, year range, item type) plus the records
-- picked by hand (entries with pinned = 1); entries also hold the technician's annotation and the
-- manual position, and can leave out a record the rule selected (excluded = 1).
CREATE TABLE bibliographies (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    introduction   TEXT NOT NULL DEFAULT '',
    style          TEXT NOT NULL DEFAULT 'apa',   -- bundled style name or a user .csl file
    locale         TEXT,                          -- "en-GB"; NULL: the style's default
    show_locations INTEGER NOT NULL DEFAULT 0 CHECK (show_locations IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE TABLE bibliography_sections (
    id              INTEGER PRIMARY KEY,
    bibliography_id INTEGER NOT NULL REFERENCES bibliographies (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    heading         TEXT NOT NULL DEFAULT '',
    rule            TEXT NOT NULL DEFAULT '{}',
    sort            TEXT NOT NULL DEFAULT 'style' CHECK (sort IN ('style', 'manual'))
);
CREATE INDEX bibliography_sections_bib ON bibliography_sections (bibliography_id, position);
CREATE TABLE bibliography_entries (
    section_id  INTEGER NOT NULL REFERENCES bibliography_sections (id) ON DELETE CASCADE,
    record_id   INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    annotation  TEXT,
    use_summary INTEGER NOT NULL DEFAULT 0 CHECK (use_summary IN (0, 1)),  -- annotate with 520
    pinned      INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),       -- picked by hand
    excluded    INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),     -- left out of the rule's records
    PRIMARY KEY (section_id, record_id)
) WITHOUT ROWID;
CREATE INDEX bibliography_entries_record ON bibliography_entries (record_id);
"#;

// Schema 8's SQL as it shipped (a comment reworded only); the copy it speaks of is now pending work (see `subject_sort_keys`).
const V8: &str = r#"
-- Schema 8: each subject heading in use carries its browse key (the catalogue's sort_fold:
-- case and diacritics ignored), and the table is ordered by it, so that SQLite pages the heading
-- browse in its order. The key leads the primary key rather than a second index, which would be
-- one more B-tree for every heading the import writes. The hook copies the rows with their keys,
-- then makes the index `record_subjects_record (record_id)` (quicker after the copy than during it).
ALTER TABLE record_subjects RENAME TO record_subjects_v7;
DROP INDEX record_subjects_record;
CREATE TABLE record_subjects (
    sort_key  TEXT NOT NULL,   -- sort_fold(heading): byte order = browse order
    heading   TEXT NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    PRIMARY KEY (sort_key, heading, record_id)
) WITHOUT ROWID;
"#;

/// Schema 5: every record must be read again from its stored bytes (MARC-8 decoding of schema 3,
/// the full-text index of schemas 4 and 5, the sorting, facet and subject columns). Reading MARC is
/// the catalogue's work: this marks it as pending (a library with no records has nothing to read).
fn reindex_later(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "records")? {
        pending::mark(tx, PendingWork::RereadRecords)?;
    }
    Ok(())
}

/// Schema 8: the subject headings of schema 7 need their browse keys, which only the catalogue
/// computes (SQLite cannot fold diacritics): when there are any, the copy into the new table is
/// marked as pending work and `record_subjects_v7` stays until it is done. Without headings the
/// old table goes now and the record index is made at once.
fn subject_sort_keys(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "record_subjects_v7")? {
        pending::mark(tx, PendingWork::SubjectSortKeys)?;
    } else {
        tx.execute_batch(
            "CREATE INDEX record_subjects_record ON record_subjects (record_id);
             DROP TABLE record_subjects_v7;",
        )?;
    }
    Ok(())
}

/// Schema 2 adds match keys: those of the records already stored are marked as pending work for
/// the catalogue.
fn backfill_keys(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "records")? {
        pending::mark(tx, PendingWork::MatchKeys)?;
    }
    Ok(())
}

/// Schema 14 (issue 14, intake): a DOI (024 7_ $2 doi) is a match key, and a component part's
/// 020/022 (its host's numbers) are not: the match keys are computed again. No table changes.
const V14: &str = "
-- Schema 14: match keys computed again (catalogue/keys.rs: DOI keys; none from a chapter's or
-- an article's 020/022); the hook marks it as pending.
";

/// Schema 14: the match keys of the records already stored are computed again (pending work).
fn match_keys_again(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "records")? {
        pending::mark(tx, PendingWork::MatchKeys)?;
    }
    Ok(())
}

/// Whether `table` (a name of ours, not user input) has a row.
fn has_rows(tx: &rusqlite::Transaction<'_>, table: &str) -> rusqlite::Result<bool> {
    tx.query_row(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), [], |r| {
        r.get(0)
    })
}

/// Every migration, oldest first. Schema 9 is [`pending::TABLE`].
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up_with_hook(V2, backfill_keys),
        M::up(V3),
        M::up(V4),
        M::up_with_hook(V5, reindex_later),
        M::up(V6),
        M::up(V7),
        M::up_with_hook(V8, subject_sort_keys),
        M::up(pending::TABLE),
        M::up(V10),
        M::up_with_hook(V11, refold_later),
        M::up_with_hook(V12, item_shelf_keys_later),
        M::up(V13),
        M::up_with_hook(V14, match_keys_again),
    ])
}

/// Schema 13 (issue 12): long writes that change records already shown — an import that merges
/// duplicates, a subject heading renamed or merged over many records — are done in short
/// transactions too. An import stages each merge (`import_pending_merges`, with the match keys
/// it brings, `import_pending_merge_keys`) until it is decided (`imports.decided`: all read, not
/// cancelled); a heading change lists the records it still has to rewrite
/// (`heading_change_records`). Decided work is finished at the next opening if its process died.
const V13: &str = r#"
ALTER TABLE imports ADD COLUMN decided INTEGER NOT NULL DEFAULT 0;
CREATE TABLE import_pending_merges (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL,
    target_id      INTEGER NOT NULL,
    marc           BLOB NOT NULL,
    undecoded      INTEGER NOT NULL,
    warnings       TEXT NOT NULL,
    source_file    TEXT,
    source_ordinal INTEGER,
    replaced_by    TEXT NOT NULL,
    replaced_at    TEXT NOT NULL
);
CREATE INDEX import_pending_merges_import ON import_pending_merges (import_id, id);
CREATE TABLE import_pending_merge_keys (
    import_id INTEGER NOT NULL,
    key       TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    PRIMARY KEY (import_id, key, target_id)
) WITHOUT ROWID;
CREATE TABLE heading_changes (
    import_id    INTEGER PRIMARY KEY,
    headings     TEXT NOT NULL,
    into_heading TEXT NOT NULL,
    replaced_by TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    summary     TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE TABLE heading_change_records (
    import_id INTEGER NOT NULL,
    record_id INTEGER NOT NULL,
    PRIMARY KEY (import_id, record_id)
) WITHOUT ROWID;
"#;

/// Schema 12 (issue 13): an item's shelf key takes its enumeration and copy number after the call
/// number, and LC letters-only Cutters and ordinals file by LC's rules. No table changes.
const V12: &str = r#"
-- Schema 12: items.shelf_key is the call number's key, then enumeration and copy number
-- (catalogue/callnumber/enumeration.rs); the hook marks the recomputation as pending.
"#;

/// Schema 12: the shelf keys of the items already stored are computed again (the catalogue's
/// work, marked as pending), and every record is read again for its own shelf key.
fn item_shelf_keys_later(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "items")? {
        pending::mark(tx, PendingWork::ItemShelfKeys)?;
    }
    if has_rows(tx, "records")? {
        pending::mark(tx, PendingWork::RereadRecords)?;
    }
    Ok(())
}

/// Schema 11 (issue 13): search text, subject browse keys and the sorting columns are folded by
/// the catalogue's one rule (NACO normalization, CJK bigrams, LCCNs in normalised form). No
/// table changes; the hook marks every record to be read again.
const V11: &str = r#"
-- Schema 11: the full-text index, subject browse keys and sorting columns are folded by the
-- NACO rules (catalogue/fold.rs); the hook marks the re-reading of every record as pending.
"#;

/// Schema 11: what the index holds for every record changed (the folding of issue 13); reading
/// MARC again is the catalogue's work, marked as pending (nothing to do without records).
fn refold_later(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    if has_rows(tx, "records")? {
        pending::mark(tx, PendingWork::RereadRecords)?;
    }
    Ok(())
}

/// Schema 10 (issue 12): an import commits in batches so that the desk can write in between.
/// Until it finishes, its records are hidden as deleted ones are (`deleted_at` set) and listed
/// in `import_pending` with their full-text entry; their subject headings and the records it
/// could not read wait in staging tables. `imports` names the imports under way (the token of
/// the lock file their process holds, so that an abandoned one can be told from a running one).
const V10: &str = r#"
CREATE TABLE imports (
    id    INTEGER PRIMARY KEY,
    token TEXT NOT NULL
);
CREATE TABLE import_pending (
    record_id   INTEGER PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    import_id   INTEGER NOT NULL,
    title       TEXT,
    names       TEXT,
    subjects    TEXT,
    other       TEXT,
    identifiers TEXT,
    shelf       TEXT
);
CREATE INDEX import_pending_import ON import_pending (import_id);
CREATE TABLE import_pending_subjects (
    import_id INTEGER NOT NULL,
    sort_key  TEXT NOT NULL,
    heading   TEXT NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records (id) ON DELETE CASCADE
);
CREATE INDEX import_pending_subjects_import ON import_pending_subjects (import_id);
CREATE INDEX import_pending_subjects_record ON import_pending_subjects (record_id);
CREATE TABLE import_pending_rejects (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL,
    source_file TEXT NOT NULL,
    ordinal     INTEGER NOT NULL,
    byte_offset INTEGER NOT NULL,
    tag         TEXT,
    reason      TEXT NOT NULL,
    raw         BLOB NOT NULL,
    rejected_at TEXT NOT NULL
);
CREATE INDEX import_pending_rejects_import ON import_pending_rejects (import_id);
"#;

/// The schema version this build writes.
pub fn count() -> u32 {
    14
}

/// Brings a new connection to schema `version` (older than this build's), for the tests of
/// upgrades from files that older builds wrote.
#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut rusqlite::Connection, version: usize) {
    migrations().to_version(conn, version).unwrap();
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(super::migrations().validate().is_ok());
        let n = super::migrations()
            .pending_migrations(&rusqlite::Connection::open_in_memory().unwrap())
            .unwrap();
        assert_eq!(n as u32, super::count());
    }
}
