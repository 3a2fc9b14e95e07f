//! Patrons: the people who borrow. Card numbers are scanned from pre-printed cards or generated
//! from the library's pattern (settings `circulation.card_prefix`, `card_digits`,
//! `card_check_digit`: prefix + zero-padded sequence + optional Luhn/Codabar mod 10 digit).

use crate::timestamp::Timestamp;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::policy::CirculationSettings;
use crate::catalogue::barcode::luhn_digit;
use crate::error::{Error, Result};
use crate::storage::Library;

/// One patron as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Patron {
    /// Row id of the patron (table `patrons`).
    pub id: i64,
    /// The patron's name as entered (required), e.g. "Ada Lovelace".
    pub name: String,
    /// Card number (the barcode on the card); unique.
    pub card: String,
    /// Category for the loan policy: "partner", "associate", "staff", "researcher", "external"…
    pub category: String,
    /// Department, chambers or team (empty when none).
    pub department: String,
    /// E-mail address for notices; `None` when not recorded.
    pub email: Option<String>,
    /// Telephone number; `None` when not recorded.
    pub phone: Option<String>,
    /// Last day the card is valid; None: no expiry.
    pub expires_on: Option<NaiveDate>,
    /// Free notes of the staff about the patron; `None` when none.
    pub notes: Option<String>,
    /// Whether the card is blocked: the desk refuses loans and renewals (overridable).
    pub blocked: bool,
    /// Why the card is blocked, shown at the desk; `None` when no reason was given.
    pub block_reason: Option<String>,
    /// Open loans (filled by `get_patron` and `find_patrons`; 0 elsewhere).
    pub loans: u32,
}

/// A patron as the desk enters it (add and edit). Text is trimmed; empty text counts as none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PatronInput {
    /// The patron's name; required (an empty name is refused).
    pub name: String,
    /// None or empty: generate from the library's pattern (on add) / keep (on edit).
    pub card: Option<String>,
    /// None or empty: "staff".
    pub category: Option<String>,
    /// Department, chambers or team (empty when none).
    pub department: String,
    /// E-mail address for notices.
    pub email: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Last day the card is valid (ISO 8601 `YYYY-MM-DD`); `None`: no expiry.
    pub expires_on: Option<NaiveDate>,
    /// Free notes of the staff about the patron.
    pub notes: Option<String>,
    /// Whether the card is blocked (loans and renewals refused unless overridden).
    pub blocked: bool,
    /// Why the card is blocked, shown at the desk.
    pub block_reason: Option<String>,
}

impl From<&Patron> for PatronInput {
    /// The patron as their edit form starts: every field as stored, the card kept.
    fn from(p: &Patron) -> PatronInput {
        PatronInput {
            name: p.name.clone(),
            card: Some(p.card.clone()),
            category: Some(p.category.clone()),
            department: p.department.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            expires_on: p.expires_on,
            notes: p.notes.clone(),
            blocked: p.blocked,
            block_reason: p.block_reason.clone(),
        }
    }
}

/// The card number with sequence `n` under `settings`: prefix, `n` zero-padded to `card_digits`,
/// and the Luhn (Codabar mod 10) digit of the digits before it when `card_check_digit` is set.
pub fn card_number(settings: &CirculationSettings, n: u64) -> String {
    let body = format!(
        "{}{:0width$}",
        settings.card_prefix,
        n,
        width = settings.card_digits as usize
    );
    if settings.card_check_digit {
        let digits: String = body.chars().filter(char::is_ascii_digit).collect();
        format!("{body}{}", luhn_digit(&digits))
    } else {
        body
    }
}

const COLUMNS: &str = "p.id, p.name, p.card, p.category, p.department, p.email, p.phone, p.expires_on, p.notes, p.blocked, p.block_reason,
    (SELECT count(*) FROM loans l WHERE l.patron_id = p.id AND l.returned_on IS NULL)";

pub(crate) fn patron_from_row(r: &Row<'_>) -> rusqlite::Result<Patron> {
    Ok(Patron {
        id: r.get(0)?,
        name: r.get(1)?,
        card: r.get(2)?,
        category: r.get(3)?,
        department: r.get(4)?,
        email: r.get(5)?,
        phone: r.get(6)?,
        expires_on: r.get::<_, Option<String>>(7)?.and_then(|s| s.parse().ok()),
        notes: r.get(8)?,
        blocked: r.get(9)?,
        block_reason: r.get(10)?,
        loans: r.get(11)?,
    })
}

pub(crate) fn select_patron(
    conn: &rusqlite::Connection,
    where_: &str,
    arg: &dyn rusqlite::ToSql,
) -> Result<Option<Patron>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM patrons p WHERE {where_}"))?
        .query_row([arg], patron_from_row)
        .optional()?)
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Patron `id`. Errors: [`Error::NotFound`].
pub fn get_patron(lib: &Library, id: i64) -> Result<Patron> {
    select_patron(lib.conn(), "p.id = ?1", &id)?
        .ok_or_else(|| Error::NotFound(format!("no patron with id {id}")))
}

/// The patron with this card number (trimmed). Errors: [`Error::NotFound`].
pub fn get_patron_by_card(lib: &Library, card: &str) -> Result<Patron> {
    let c = card.trim();
    select_patron(lib.conn(), "p.card = ?1", &c)?
        .ok_or_else(|| Error::NotFound(format!("no patron with card number {c}")))
}

/// Patrons whose name or department contains `text`, or whose card number starts with it
/// (case-insensitive), by name; at most `limit`. For find-as-you-type at the desk.
pub fn find_patrons(lib: &Library, text: &str, limit: u32) -> Result<Vec<Patron>> {
    let t = text
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM patrons p
         WHERE p.name LIKE '%' || ?1 || '%' ESCAPE '\\' OR p.department LIKE '%' || ?1 || '%' ESCAPE '\\' OR p.card LIKE ?1 || '%' ESCAPE '\\'
         ORDER BY p.name COLLATE NOCASE, p.id LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(params![t, limit], patron_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn check_input(input: &PatronInput) -> Result<()> {
    if input.name.trim().is_empty() {
        return Err(Error::InvalidInput("a patron needs a name".into()));
    }
    if let Some(c) = opt(&input.card) {
        if c.chars().any(char::is_whitespace) {
            return Err(Error::InvalidInput(format!(
                "card number {c:?} contains a space; a card number is one word"
            )));
        }
    }
    Ok(())
}

/// Adds a patron (one transaction). A card number left empty is generated from the library's
/// pattern (the next unused sequence number). Errors: [`Error::InvalidInput`] for an empty name,
/// a card number with spaces or already on another patron (the message names them).
pub fn add_patron(lib: &mut Library, input: &PatronInput, now: Timestamp) -> Result<Patron> {
    check_input(input)?;
    let settings = super::store::settings(lib)?;
    let tx = lib.immediate()?;
    let card = match opt(&input.card) {
        Some(c) => c,
        None => {
            let mut n: u64 = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = 'circulation.card_next'",
                    [],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            loop {
                let c = card_number(&settings, n);
                n += 1;
                let used: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM patrons WHERE card = ?1)",
                    [&c],
                    |r| r.get(0),
                )?;
                if !used {
                    tx.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('circulation.card_next', ?1)", [n.to_string()])?;
                    break c;
                }
            }
        }
    };
    if let Some(other) = tx
        .query_row("SELECT name FROM patrons WHERE card = ?1", [&card], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    {
        return Err(Error::InvalidInput(format!(
            "card number {card} is already {other}'s"
        )));
    }
    tx.execute(
        "INSERT INTO patrons (name, card, category, department, email, phone, expires_on, notes, blocked, block_reason, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            input.name.trim(),
            card,
            opt(&input.category).unwrap_or_else(|| "staff".into()),
            input.department.trim(),
            opt(&input.email),
            opt(&input.phone),
            input.expires_on.map(|d| d.to_string()),
            opt(&input.notes),
            input.blocked,
            opt(&input.block_reason),
            now
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    get_patron(lib, id)
}

/// Replaces patron `id`'s fields with `input` (a None card keeps the current one). Errors as
/// [`add_patron`], and [`Error::NotFound`].
pub fn update_patron(
    lib: &mut Library,
    id: i64,
    input: &PatronInput,
    now: Timestamp,
) -> Result<Patron> {
    check_input(input)?;
    let current = get_patron(lib, id)?;
    let card = opt(&input.card).unwrap_or(current.card);
    let tx = lib.immediate()?;
    if let Some(other) = tx
        .query_row(
            "SELECT name FROM patrons WHERE card = ?1 AND id <> ?2",
            params![card, id],
            |r| r.get::<_, String>(0),
        )
        .optional()?
    {
        return Err(Error::InvalidInput(format!(
            "card number {card} is already {other}'s"
        )));
    }
    tx.execute(
        "UPDATE patrons SET name = ?2, card = ?3, category = ?4, department = ?5, email = ?6, phone = ?7, expires_on = ?8, notes = ?9,
             blocked = ?10, block_reason = ?11, updated_at = ?12 WHERE id = ?1",
        params![
            id,
            input.name.trim(),
            card,
            opt(&input.category).unwrap_or_else(|| "staff".into()),
            input.department.trim(),
            opt(&input.email),
            opt(&input.phone),
            input.expires_on.map(|d| d.to_string()),
            opt(&input.notes),
            input.blocked,
            opt(&input.block_reason),
            now
        ],
    )?;
    tx.commit()?;
    get_patron(lib, id)
}

/// Deletes patron `id` (their holds go; their returned loans stay in the history without them).
/// Errors: [`Error::NotFound`]; [`Error::InvalidInput`] while they have items on loan.
pub fn delete_patron(lib: &mut Library, id: i64) -> Result<Patron> {
    let p = get_patron(lib, id)?;
    let tx = lib.immediate()?;
    let open: u32 = tx.query_row(
        "SELECT count(*) FROM loans WHERE patron_id = ?1 AND returned_on IS NULL",
        [id],
        |r| r.get(0),
    )?;
    if open > 0 {
        return Err(Error::InvalidInput(format!(
            "{} has {open} item{} on loan: check them in before deleting the patron",
            p.name,
            if open == 1 { "" } else { "s" }
        )));
    }
    // A trapped hold's item goes back to the shelf.
    tx.execute(
        "UPDATE items SET status = 'available' WHERE status = 'on_hold_shelf'
         AND id IN (SELECT trapped_item_id FROM holds WHERE patron_id = ?1 AND status = 'trapped')",
        [id],
    )?;
    tx.execute("DELETE FROM patrons WHERE id = ?1", [id])?;
    tx.commit()?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_card_numbers_follow_the_pattern() {
        let mut s = CirculationSettings::default();
        assert_eq!(card_number(&s, 42), "P000042");
        s.card_prefix = "2123400".into();
        s.card_digits = 6;
        s.card_check_digit = true;
        let c = card_number(&s, 17);
        assert_eq!(c.len(), 14);
        let rules = crate::catalogue::barcode::BarcodeRules {
            check_digit: crate::catalogue::barcode::CheckDigit::CodabarMod10,
            ..Default::default()
        };
        assert_eq!(
            crate::catalogue::barcode::validate_barcode(&rules, &c),
            Ok(c.clone())
        );
    }
}
