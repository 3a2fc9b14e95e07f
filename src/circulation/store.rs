//! Storage of circulation: loads the values the desk's decisions need, calls them ([`super::desk`])
//! and writes the outcome — the loan, the item's status and the holds together — in ONE
//! `BEGIN IMMEDIATE` transaction, so that two desks can never both lend one item (the partial
//! unique index `loans_open_item` is the second guard).

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{Calendar, ClosedDay};
use super::desk::{decide_checkin, decide_checkout, decide_renew, ItemState, Loan, Refusal};
use super::holds::{open_holds_on_record, HoldStatus};
use super::overdues::{line_from_row, loan_from_row, LoanLine, LINE_COLUMNS, LINE_FROM};
use super::patrons::{select_patron, Patron};
use super::policy::{CirculationSettings, LoanRule, Policy};
use crate::catalogue::items::{ItemStatus, ItemType};
use crate::error::{Error, Result};
use crate::storage::Library;

// ---------------------------------------------------------------- settings, policy, calendar

fn get_setting(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The circulation settings (keys `circulation.*` of table `settings`); defaults for the unset.
pub fn settings(lib: &Library) -> Result<CirculationSettings> {
    let c = lib.conn();
    let d = CirculationSettings::default();
    let num = |k: &str| -> Result<Option<u32>> {
        Ok(get_setting(c, k)?.and_then(|v| v.trim().parse().ok()))
    };
    Ok(CirculationSettings {
        library_name: get_setting(c, "circulation.library_name")?.unwrap_or(d.library_name),
        weekend: match get_setting(c, "circulation.weekend")? {
            Some(v) => v
                .split(',')
                .filter_map(|x| x.trim().parse::<u8>().ok())
                .filter(|n| (1..=7).contains(n))
                .collect(),
            None => d.weekend,
        },
        anonymise_after_days: num("circulation.anonymise_after_days")?,
        hold_expiry_days: num("circulation.hold_expiry_days")?.unwrap_or(d.hold_expiry_days),
        hold_pickup_days: num("circulation.hold_pickup_days")?.unwrap_or(d.hold_pickup_days),
        due_soon_days: num("circulation.due_soon_days")?.unwrap_or(d.due_soon_days),
        card_prefix: get_setting(c, "circulation.card_prefix")?.unwrap_or(d.card_prefix),
        card_digits: num("circulation.card_digits")?.unwrap_or(d.card_digits),
        card_check_digit: get_setting(c, "circulation.card_check_digit")?
            .map_or(d.card_check_digit, |v| v == "true"),
        notice_template: get_setting(c, "circulation.notice_template")?
            .unwrap_or(d.notice_template),
    })
}

/// Saves every circulation setting. Errors: [`Error::InvalidInput`] for a weekend day outside
/// 1–7, a weekend of all seven days, more than 12 card digits, or a number of days above
/// [`super::policy::MAX_SETTING_DAYS`].
pub fn set_settings(lib: &mut Library, s: &CirculationSettings) -> Result<CirculationSettings> {
    let max = super::policy::MAX_SETTING_DAYS;
    for (name, days) in [
        ("anonymise after", s.anonymise_after_days.unwrap_or(0)),
        ("hold expiry", s.hold_expiry_days),
        ("hold pickup", s.hold_pickup_days),
        ("due soon", s.due_soon_days),
    ] {
        if days > max {
            return Err(Error::InvalidInput(format!(
                "{name}: {days} days is too long (at most {max} days, ten years)"
            )));
        }
    }
    if let Some(bad) = s.weekend.iter().find(|d| !(1..=7).contains(*d)) {
        return Err(Error::InvalidInput(format!(
            "weekend day {bad} is not an ISO weekday (1 = Monday … 7 = Sunday)"
        )));
    }
    if (1..=7).all(|d| s.weekend.contains(&d)) {
        return Err(Error::InvalidInput(
            "a weekend of all seven days leaves no day to return books on".into(),
        ));
    }
    if s.card_digits > 12 {
        return Err(Error::InvalidInput(format!(
            "{} card digits is too many (at most 12)",
            s.card_digits
        )));
    }
    let weekend = s
        .weekend
        .iter()
        .map(u8::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let pairs: [(&str, Option<String>); 10] = [
        ("library_name", Some(s.library_name.clone())),
        ("weekend", Some(weekend)),
        (
            "anonymise_after_days",
            s.anonymise_after_days.map(|n| n.to_string()),
        ),
        ("hold_expiry_days", Some(s.hold_expiry_days.to_string())),
        ("hold_pickup_days", Some(s.hold_pickup_days.to_string())),
        ("due_soon_days", Some(s.due_soon_days.to_string())),
        ("card_prefix", Some(s.card_prefix.clone())),
        ("card_digits", Some(s.card_digits.to_string())),
        ("card_check_digit", Some(s.card_check_digit.to_string())),
        ("notice_template", Some(s.notice_template.clone())),
    ];
    let tx = lib.immediate()?;
    for (k, v) in pairs {
        match v {
            Some(v) => tx.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
                params![format!("circulation.{k}"), v],
            )?,
            None => tx.execute(
                "DELETE FROM settings WHERE key = ?1",
                [format!("circulation.{k}")],
            )?,
        };
    }
    tx.commit()?;
    settings(lib)
}

fn policy_conn(conn: &rusqlite::Connection) -> Result<Policy> {
    let mut stmt = conn.prepare_cached(
        "SELECT category, item_type, period_days, due_on, renewals, max_items, holds_allowed, circulates FROM loan_policies ORDER BY category, item_type",
    )?;
    let rules = stmt
        .query_map([], |r| {
            Ok(LoanRule {
                category: r.get(0)?,
                item_type: r.get(1)?,
                period_days: r.get::<_, Option<u32>>(2)?.unwrap_or(0),
                due_on: r.get::<_, Option<String>>(3)?.and_then(|s| s.parse().ok()),
                renewals: r.get(4)?,
                max_items: r.get(5)?,
                holds_allowed: r.get(6)?,
                circulates: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Policy { rules })
}

/// The loan policy table. A fresh library has `*`×`*` 21 days, 2 renewals, 20 items; serial
/// issues and DVDs 7 days, 1 renewal; loose-leaf services and objects reading room only.
pub fn policy(lib: &Library) -> Result<Policy> {
    policy_conn(lib.conn())
}

/// Adds or replaces the rule for (`rule.category`, `rule.item_type`). Errors:
/// [`Error::InvalidInput`] for an empty category, an item type that is neither `*` nor an
/// item type name, or a value out of bounds ([`LoanRule::validate`]).
pub fn set_loan_rule(lib: &mut Library, rule: &LoanRule) -> Result<Policy> {
    rule.validate()?;
    let cat = rule.category.trim();
    if cat.is_empty() {
        return Err(Error::InvalidInput(
            "a loan rule needs a patron category (or * for any)".into(),
        ));
    }
    let t = rule.item_type.trim();
    let t = if t == "*" {
        "*".to_string()
    } else {
        ItemType::parse(t)
            .map(|t| t.as_str().to_string())
            .ok_or_else(|| {
                Error::InvalidInput(format!("{t:?} is not an item type (or * for any)"))
            })?
    };
    // Through the one door every write takes (a damaged library refuses it by name).
    let tx = immediate(lib)?;
    tx.execute(
        "INSERT OR REPLACE INTO loan_policies (category, item_type, period_days, due_on, renewals, max_items, holds_allowed, circulates)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![cat, t, rule.period_days, rule.due_on.map(|d| d.to_string()), rule.renewals, rule.max_items, rule.holds_allowed, rule.circulates],
    )?;
    tx.commit()?;
    policy(lib)
}

/// Removes the rule for (`category`, `item_type`). Errors: [`Error::NotFound`].
pub fn delete_loan_rule(lib: &mut Library, category: &str, item_type: &str) -> Result<Policy> {
    let tx = immediate(lib)?;
    let n = tx.execute(
        "DELETE FROM loan_policies WHERE category = ?1 AND item_type = ?2",
        params![category.trim(), item_type.trim()],
    )?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "no loan rule for {category} × {item_type}"
        )));
    }
    tx.commit()?;
    policy(lib)
}

fn calendar_conn(conn: &rusqlite::Connection, weekend: Vec<u8>) -> Result<Calendar> {
    let mut stmt = conn.prepare_cached("SELECT day, reason FROM closed_days")?;
    let closed = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .filter_map(|row| {
            row.ok()
                .and_then(|(d, why)| d.parse().ok().map(|d| (d, why)))
        })
        .collect();
    Ok(Calendar { weekend, closed })
}

/// The library's calendar: weekend (setting) and closed days.
pub fn calendar(lib: &Library) -> Result<Calendar> {
    calendar_conn(lib.conn(), settings(lib)?.weekend)
}

/// Closed days from `from` on (None: all), by date.
pub fn closed_days(lib: &Library, from: Option<NaiveDate>) -> Result<Vec<ClosedDay>> {
    Ok(calendar(lib)?
        .closed
        .into_iter()
        .filter(|(d, _)| from.is_none_or(|f| *d >= f))
        .map(|(day, reason)| ClosedDay { day, reason })
        .collect())
}

/// Marks `days` closed with `reason` (replacing the reason of a day already closed). Loans
/// already made keep their due dates.
pub fn close_days(lib: &mut Library, days: &[NaiveDate], reason: &str) -> Result<Vec<ClosedDay>> {
    let tx = lib.immediate()?;
    for d in days {
        tx.execute(
            "INSERT OR REPLACE INTO closed_days (day, reason) VALUES (?1, ?2)",
            params![d.to_string(), reason.trim()],
        )?;
    }
    tx.commit()?;
    closed_days(lib, None)
}

/// Opens `days` again (removes them from the closed days; the weekend stays closed).
pub fn reopen_days(lib: &mut Library, days: &[NaiveDate]) -> Result<Vec<ClosedDay>> {
    let tx = lib.immediate()?;
    for d in days {
        tx.execute("DELETE FROM closed_days WHERE day = ?1", [d.to_string()])?;
    }
    tx.commit()?;
    closed_days(lib, None)
}

// ---------------------------------------------------------------- the desk

/// A check-out done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckoutReceipt {
    /// Row id of the new loan (table `loans`).
    pub loan_id: i64,
    /// Due date (ISO 8601 `YYYY-MM-DD` in JSON), moved past closed days.
    pub due_date: NaiveDate,
    /// Barcode of the item lent.
    pub item_barcode: String,
    /// Title of the item's record (empty when the record has none).
    pub title: String,
    /// The item's call number as typed (empty when none).
    pub call_number: String,
    /// The item's volume, part or date ("v.2"; MARC 21 Holdings 852 $3), to tell copies apart;
    /// `None` when it has none.
    pub enumeration: Option<String>,
    /// The item's copy number ("2"; MARC 21 Holdings 852 $t); `None` when it has none.
    pub copy_number: Option<String>,
    /// Name of the borrower, as on their patron record.
    pub patron_name: String,
    /// Card number of the borrower.
    pub patron_card: String,
    /// Refusals the technician overrode (empty normally); the reason is on the loan.
    pub overridden: Vec<Refusal>,
    /// The patron's hold this loan filled.
    pub filled_hold: Option<i64>,
}

/// The outcome of a check-out: done, or refused (say why; offer an override when `overridable`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CheckoutOutcome {
    /// The loan was made.
    Done(CheckoutReceipt),
    /// Nothing was written; the refusal says why.
    Refused(Refusal),
}

/// The slip put in a book trapped for a hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HoldSlip {
    /// Row id of the hold the item is trapped for (table `holds`).
    pub hold_id: i64,
    /// Name of the patron who placed the hold.
    pub patron_name: String,
    /// Card number of that patron.
    pub patron_card: String,
    /// That patron's e-mail address, to tell them; `None` when not recorded.
    pub patron_email: Option<String>,
    /// That patron's telephone number; `None` when not recorded.
    pub patron_phone: Option<String>,
    /// Last day to pick it up.
    pub pickup_by: NaiveDate,
}

/// A check-in done: who had it, whether it was overdue, where it goes now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckinReceipt {
    /// Row id of the item returned (table `items`).
    pub item_id: i64,
    /// Barcode of the item returned.
    pub item_barcode: String,
    /// Title of the item's record (empty when the record has none).
    pub title: String,
    /// The item's call number as typed (empty when none), to reshelve it.
    pub call_number: String,
    /// The item's shelving location (empty when none).
    pub location: String,
    /// The item's volume, part or date ("v.2"; MARC 21 Holdings 852 $3), to reshelve it; `None`
    /// when it has none.
    pub enumeration: Option<String>,
    /// The item's copy number ("2"; MARC 21 Holdings 852 $t); `None` when it has none.
    pub copy_number: Option<String>,
    /// Shelf key: the call number's sort key, then enumeration and copy number (shelf order; see
    /// `catalogue::callnumber::item_shelf_key`).
    pub shelf_key: String,
    /// Whether the item was on loan (a scan of an item on the shelf closes no loan).
    pub was_on_loan: bool,
    /// Name of the borrower; `None` when it was not on loan or the loan is anonymised.
    pub patron_name: Option<String>,
    /// Card number of the borrower; `None` as for `patron_name`.
    pub patron_card: Option<String>,
    /// Due date of the loan closed (ISO 8601 `YYYY-MM-DD`); `None` when it was not on loan.
    pub due_on: Option<NaiveDate>,
    /// Days past the due date (0: on time).
    pub days_overdue: i64,
    /// Set when the item is now on the hold shelf for someone: print the slip.
    pub hold: Option<HoldSlip>,
    /// The item's status now: available, on the hold shelf, or as before the loan.
    pub new_status: ItemStatus,
    /// The status the item was marked with when that claimed a loan or a hold that was not there
    /// (`on_loan` with no open loan, `on_hold_shelf` with no trapped hold: a copy imported from
    /// another library's export); the check-in put it right (`new_status`). `None` otherwise.
    pub corrected_from: Option<ItemStatus>,
}

/// A renewal done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenewReceipt {
    /// Row id of the loan renewed (table `loans`).
    pub loan_id: i64,
    /// Barcode of the item renewed.
    pub item_barcode: String,
    /// Title of the item's record (empty when the record has none).
    pub title: String,
    /// Name of the borrower.
    pub patron_name: String,
    /// The new due date (ISO 8601 `YYYY-MM-DD`), moved past closed days.
    pub due_date: NaiveDate,
    /// Renewals made, this one included.
    pub renewals: u32,
    /// Refusals the technician overrode (empty normally); the reason is on the loan.
    pub overridden: Vec<Refusal>,
}

/// The outcome of a renewal: done, or refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum RenewOutcome {
    /// The loan was renewed.
    Done(RenewReceipt),
    /// Nothing was written; the refusal says why.
    Refused(Refusal),
}

struct ItemRow {
    state: ItemState,
    title: String,
    call_number: String,
    location: String,
    enumeration: Option<String>,
    copy_number: Option<String>,
    shelf_key: String,
    status_before: ItemStatus,
}

fn load_item(tx: &Transaction<'_>, barcode: &str) -> Result<ItemRow> {
    let b = barcode.trim();
    let mut stmt = tx.prepare_cached(
        "SELECT i.id, i.record_id, i.barcode, i.item_type, i.status, coalesce(r.title, ''), i.call_number, i.location, i.shelf_key,
             i.enumeration, i.copy_number
         FROM items i LEFT JOIN records r ON r.id = i.record_id WHERE i.barcode = ?1",
    )?;
    let read = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, crate::RecordId>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<String>>(10)?,
        ))
    };
    let row = match stmt.query_row([b], read).optional()? {
        Some(r) => r,
        None => stmt
            .query_row([b.to_ascii_uppercase()], read)
            .optional()?
            .ok_or_else(|| Error::NotFound(format!("no item with barcode {b}")))?,
    };
    let (
        id,
        record_id,
        barcode,
        item_type,
        status,
        title,
        call_number,
        location,
        shelf_key,
        enumeration,
        copy_number,
    ) = row;
    let (open_loan, status_before) = match tx
        .prepare_cached("SELECT id, item_id, patron_id, checked_out_on, due_on, returned_on, renewals, override_reason, status_before FROM loans WHERE item_id = ?1 AND returned_on IS NULL")?
        .query_row([id], |r| Ok((loan_from_row(r)?, r.get::<_, String>(8)?)))
        .optional()?
    {
        Some((l, s)) => (Some(l), ItemStatus::parse(&s).unwrap_or_default()),
        None => (None, ItemStatus::Available),
    };
    let other_copies_available: u32 = tx
        .prepare_cached(
            "SELECT count(*) FROM items WHERE record_id = ?1 AND id <> ?2 AND status = 'available'",
        )?
        .query_row(params![record_id, id], |r| r.get(0))?;
    Ok(ItemRow {
        state: ItemState {
            id,
            record_id,
            barcode,
            item_type: ItemType::parse(&item_type).unwrap_or(ItemType::Other),
            status: ItemStatus::parse(&status).unwrap_or_default(),
            open_loan,
            other_copies_available,
        },
        title,
        call_number,
        location,
        enumeration,
        copy_number,
        shelf_key,
        status_before,
    })
}

fn open_loans_of(tx: &rusqlite::Connection, patron_id: i64) -> Result<Vec<Loan>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, item_id, patron_id, checked_out_on, due_on, returned_on, renewals, override_reason FROM loans WHERE patron_id = ?1 AND returned_on IS NULL",
    )?;
    let rows = stmt
        .query_map([patron_id], loan_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn immediate(lib: &mut Library) -> Result<Transaction<'_>> {
    lib.immediate()
}

/// Checks out the item with `item_barcode` to the patron with card `patron_card` on `today`
/// (one `BEGIN IMMEDIATE` transaction: the loan, the item's status `on_loan` and the hold it
/// fills are written together or not at all). `override_reason` (non-empty) sets aside every
/// overridable refusal and is recorded on the loan.
///
/// Returns [`CheckoutOutcome::Refused`] with the reason for a refused check-out
/// ([`decide_checkout`]). Errors: [`Error::NotFound`] for an unknown barcode or card;
/// [`Error::Database`] when the library is busy beyond the timeout.
pub fn check_out(
    lib: &mut Library,
    item_barcode: &str,
    patron_card: &str,
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<CheckoutOutcome> {
    let weekend = settings(lib)?.weekend;
    let tx = immediate(lib)?;
    let policy = policy_conn(&tx)?;
    let cal = calendar_conn(&tx, weekend)?;
    let card = patron_card.trim();
    let patron: Patron = select_patron(&tx, "p.card = ?1", &card)?
        .ok_or_else(|| Error::NotFound(format!("no patron with card number {card}")))?;
    let item = load_item(&tx, item_barcode)?;
    // A copy of a record an unfinished import is still writing (hidden until it finishes) is not
    // lent: a cancelled or killed import removes its records, and a loan would hold them.
    if crate::catalogue::batches::is_pending(&tx, item.state.record_id)? {
        return Err(Error::InvalidInput(format!(
            "item {} belongs to a record that is still being imported: lend it when the import has finished",
            item.state.barcode
        )));
    }
    let loans = open_loans_of(&tx, patron.id)?;
    let holds = open_holds_on_record(&tx, item.state.record_id)?;
    let decision = match decide_checkout(
        &policy,
        &cal,
        &patron,
        &item.state,
        &loans,
        &holds,
        today,
        override_reason,
    ) {
        Ok(d) => d,
        Err(r) => return Ok(CheckoutOutcome::Refused(r)),
    };
    let s = &item.state;
    let before = if s.status == ItemStatus::OnHoldShelf {
        ItemStatus::Available
    } else {
        s.status
    };
    let t = today.to_string();
    tx.prepare_cached(
        "INSERT INTO loans (item_id, patron_id, checked_out_on, due_on, override_reason, status_before) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![s.id, patron.id, t, decision.due_on.to_string(), decision.override_note, before.as_str()])?;
    let loan_id = tx.last_insert_rowid();
    tx.prepare_cached("UPDATE items SET status = 'on_loan' WHERE id = ?1")?
        .execute([s.id])?;
    // Another patron's hold trapped on this copy (overridden) goes back to waiting, first in line.
    for h in holds.iter().filter(|h| {
        h.status == HoldStatus::Trapped
            && h.trapped_item_id == Some(s.id)
            && h.patron_id != patron.id
    }) {
        tx.execute("UPDATE holds SET status = 'waiting', trapped_item_id = NULL, trapped_on = NULL, pickup_by = NULL WHERE id = ?1", [h.id])?;
    }
    if let Some(h) = decision.fills_hold {
        tx.execute("UPDATE holds SET status = 'fulfilled', closed_on = ?2, trapped_item_id = ?3 WHERE id = ?1", params![h, t, s.id])?;
    }
    tx.commit()?;
    Ok(CheckoutOutcome::Done(CheckoutReceipt {
        loan_id,
        due_date: decision.due_on,
        item_barcode: s.barcode.clone(),
        title: item.title,
        call_number: item.call_number,
        enumeration: item.enumeration,
        copy_number: item.copy_number,
        patron_name: patron.name,
        patron_card: patron.card,
        overridden: decision.overridden,
        filled_hold: decision.fills_hold,
    }))
}

/// Traps item `item_id` (on the hold shelf after its hold was cancelled or lapsed) for the next
/// hold in its queue, or puts it back on the shelf (`available`).
pub(crate) fn retrap(
    tx: &Transaction<'_>,
    cal: &Calendar,
    item_id: i64,
    today: NaiveDate,
    pickup_days: u32,
) -> Result<()> {
    let barcode: Option<(String, String)> = tx
        .query_row(
            "SELECT barcode, status FROM items WHERE id = ?1",
            [item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((barcode, status)) = barcode else {
        return Ok(());
    };
    if status != ItemStatus::OnHoldShelf.as_str() {
        return Ok(());
    }
    let item = load_item(tx, &barcode)?;
    let holds = open_holds_on_record(tx, item.state.record_id)?;
    let d = decide_checkin(
        cal,
        &item.state,
        ItemStatus::Available,
        &holds,
        today,
        pickup_days,
    );
    write_trap(tx, &d.trap, item.state.id, today)?;
    tx.execute(
        "UPDATE items SET status = ?2 WHERE id = ?1",
        params![item_id, d.new_status.as_str()],
    )?;
    Ok(())
}

fn write_trap(
    tx: &Transaction<'_>,
    trap: &Option<(i64, NaiveDate)>,
    item_id: i64,
    today: NaiveDate,
) -> Result<()> {
    if let Some((hold, pickup)) = trap {
        tx.prepare_cached(
            "UPDATE holds SET status = 'trapped', trapped_item_id = ?2, trapped_on = ?3, pickup_by = ?4 WHERE id = ?1 AND status = 'waiting'",
        )?
        .execute(params![hold, item_id, today.to_string(), pickup.to_string()])?;
    }
    Ok(())
}

/// Checks in the item with `item_barcode` on `today` (one `BEGIN IMMEDIATE` transaction): closes
/// its open loan, traps it for the first hold in the queue it can fill (status `on_hold_shelf`,
/// with a [`HoldSlip`]) or puts it back (`available`, or `reading_room_only` for an item lent
/// from the reading room). Returned loans older than the anonymising setting lose their patron
/// in the same transaction. Errors: [`Error::NotFound`] for an unknown barcode.
pub fn check_in(lib: &mut Library, item_barcode: &str, today: NaiveDate) -> Result<CheckinReceipt> {
    let s = settings(lib)?;
    let tx = immediate(lib)?;
    let cal = calendar_conn(&tx, s.weekend.clone())?;
    let item = load_item(&tx, item_barcode)?;
    let holds = open_holds_on_record(&tx, item.state.record_id)?;
    let d = decide_checkin(
        &cal,
        &item.state,
        item.status_before,
        &holds,
        today,
        s.hold_pickup_days,
    );
    if let Some(loan) = d.loan_id {
        tx.prepare_cached("UPDATE loans SET returned_on = ?2 WHERE id = ?1")?
            .execute(params![loan, today.to_string()])?;
    }
    tx.prepare_cached("UPDATE items SET status = ?2 WHERE id = ?1")?
        .execute(params![item.state.id, d.new_status.as_str()])?;
    write_trap(&tx, &d.trap, item.state.id, today)?;
    let borrower = match item.state.open_loan.as_ref().and_then(|l| l.patron_id) {
        Some(p) => select_patron(&tx, "p.id = ?1", &p)?,
        None => None,
    };
    let hold = match d.trap {
        Some((hold_id, pickup_by)) => {
            let h = holds
                .iter()
                .find(|h| h.id == hold_id)
                .expect("trapped hold is one of the holds");
            let p = select_patron(&tx, "p.id = ?1", &h.patron_id)?;
            p.map(|p| HoldSlip {
                hold_id,
                patron_name: p.name,
                patron_card: p.card,
                patron_email: p.email,
                patron_phone: p.phone,
                pickup_by,
            })
        }
        None => None,
    };
    if let Some(days) = s.anonymise_after_days {
        anonymise_in(&tx, today, days)?;
    }
    tx.commit()?;
    let s = item.state;
    // The status claimed a loan (or a trapped hold) that did not exist: the receipt says so, so
    // that the desk sees what was found rather than a quiet change.
    let corrected_from = match s.status {
        ItemStatus::OnLoan if s.open_loan.is_none() => Some(ItemStatus::OnLoan),
        ItemStatus::OnHoldShelf
            if !holds
                .iter()
                .any(|h| h.status == HoldStatus::Trapped && h.trapped_item_id == Some(s.id)) =>
        {
            Some(ItemStatus::OnHoldShelf)
        }
        _ => None,
    };
    Ok(CheckinReceipt {
        item_id: s.id,
        item_barcode: s.barcode,
        title: item.title,
        call_number: item.call_number,
        location: item.location,
        enumeration: item.enumeration,
        copy_number: item.copy_number,
        shelf_key: item.shelf_key,
        was_on_loan: s.open_loan.is_some(),
        patron_name: borrower.as_ref().map(|p| p.name.clone()),
        patron_card: borrower.map(|p| p.card),
        due_on: s.open_loan.map(|l| l.due_on),
        days_overdue: d.days_overdue,
        hold,
        new_status: d.new_status,
        corrected_from,
    })
}

/// Renews the open loan of the item with `item_barcode` on `today` (one `BEGIN IMMEDIATE`
/// transaction). Returns [`RenewOutcome::Refused`] with the reason ([`decide_renew`]). Errors:
/// [`Error::NotFound`] for an unknown barcode.
pub fn renew(
    lib: &mut Library,
    item_barcode: &str,
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<RenewOutcome> {
    let weekend = settings(lib)?.weekend;
    let tx = immediate(lib)?;
    let policy = policy_conn(&tx)?;
    let cal = calendar_conn(&tx, weekend)?;
    let item = load_item(&tx, item_barcode)?;
    let patron = match item.state.open_loan.as_ref().and_then(|l| l.patron_id) {
        Some(p) => select_patron(&tx, "p.id = ?1", &p)?,
        None => None,
    };
    let patron = patron.unwrap_or_default();
    let holds = open_holds_on_record(&tx, item.state.record_id)?;
    let d = match decide_renew(
        &policy,
        &cal,
        &patron,
        &item.state,
        &holds,
        today,
        override_reason,
    ) {
        Ok(d) => d,
        Err(r) => return Ok(RenewOutcome::Refused(r)),
    };
    let loan = item
        .state
        .open_loan
        .as_ref()
        .expect("decide_renew refuses an item not on loan");
    tx.execute(
        "UPDATE loans SET due_on = ?2, renewals = renewals + 1, last_renewed_on = ?3,
             override_reason = CASE WHEN ?4 IS NULL THEN override_reason ELSE trim(coalesce(override_reason || '; ', '') || ?4) END
         WHERE id = ?1",
        params![loan.id, d.due_on.to_string(), today.to_string(), d.override_note],
    )?;
    tx.commit()?;
    Ok(RenewOutcome::Done(RenewReceipt {
        loan_id: loan.id,
        item_barcode: item.state.barcode.clone(),
        title: item.title,
        patron_name: patron.name,
        due_date: d.due_on,
        renewals: loan.renewals + 1,
        overridden: d.overridden,
    }))
}

/// Sorts a check-in session's receipts into a reshelving list: by location, then shelf order
/// (item shelf key: call number, then enumeration and copy number), then barcode. Items now on
/// the hold shelf are left out.
pub fn reshelving_list(receipts: &[CheckinReceipt]) -> Vec<CheckinReceipt> {
    let mut list: Vec<CheckinReceipt> = receipts
        .iter()
        .filter(|r| r.hold.is_none())
        .cloned()
        .collect();
    list.sort_by(|a, b| {
        (&a.location, &a.shelf_key, &a.item_barcode).cmp(&(
            &b.location,
            &b.shelf_key,
            &b.item_barcode,
        ))
    });
    list.dedup_by(|a, b| a.item_id == b.item_id);
    list
}

// ---------------------------------------------------------------- loans and history

/// What the desk shows when a patron's card is scanned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PatronAtDesk {
    /// The patron whose card was scanned, with their count of open loans.
    pub patron: Patron,
    /// Open loans by due date, with days overdue on `today`.
    pub loans: Vec<LoanLine>,
    /// Open holds (waiting or trapped: trapped ones are ready to pick up).
    pub holds: Vec<super::holds::Hold>,
    /// Why the patron may not borrow today (blocked or expired), if so.
    pub cannot_borrow: Option<Refusal>,
}

/// The patron with card `card` as the desk shows them on `today`. Errors: [`Error::NotFound`].
pub fn patron_at_desk(lib: &Library, card: &str, today: NaiveDate) -> Result<PatronAtDesk> {
    let patron = super::patrons::get_patron_by_card(lib, card)?;
    let loans = patron_loans(lib, patron.id, today, false)?;
    let holds = super::holds::list_holds(
        lib,
        &super::holds::HoldFilter {
            patron_id: Some(patron.id),
            ..Default::default()
        },
    )?;
    let cannot_borrow = super::desk::patron_refusal(&patron, today);
    Ok(PatronAtDesk {
        patron,
        loans,
        holds,
        cannot_borrow,
    })
}

/// Patron `patron_id`'s loans: open ones by due date, then (with `history`) returned ones, most
/// recent first. Days overdue are counted on `today`.
pub fn patron_loans(
    lib: &Library,
    patron_id: i64,
    today: NaiveDate,
    history: bool,
) -> Result<Vec<LoanLine>> {
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM {LINE_FROM} WHERE l.patron_id = ?1 AND (?2 OR l.returned_on IS NULL)
         ORDER BY l.returned_on IS NOT NULL, CASE WHEN l.returned_on IS NULL THEN l.due_on END, l.returned_on DESC, l.id DESC"
    ))?;
    let rows = stmt
        .query_map(params![patron_id, history], |r| line_from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Item `item_id`'s loan history, most recent first (anonymised loans without patron).
pub fn item_loans(lib: &Library, item_id: i64, today: NaiveDate) -> Result<Vec<LoanLine>> {
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM {LINE_FROM} WHERE l.item_id = ?1 ORDER BY l.id DESC"
    ))?;
    let rows = stmt
        .query_map([item_id], |r| line_from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn anonymise_in(tx: &rusqlite::Connection, today: NaiveDate, days: u32) -> Result<u32> {
    let cutoff = today
        .checked_sub_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(today);
    Ok(tx
        .prepare_cached("UPDATE loans SET patron_id = NULL WHERE returned_on IS NOT NULL AND patron_id IS NOT NULL AND returned_on <= ?1")?
        .execute([cutoff.to_string()])? as u32)
}

/// Removes the patron from loans returned `anonymise_after_days` or more days before `today`
/// (privacy); returns how many. Does nothing when the setting is unset.
pub fn anonymise_loans(lib: &mut Library, today: NaiveDate) -> Result<u32> {
    match settings(lib)?.anonymise_after_days {
        Some(days) => anonymise_in(lib.conn(), today, days),
        None => Ok(0),
    }
}

/// Checks the circulation invariants; returns the broken ones, in words (empty: sound). An item
/// is `on_loan` if and only if it has exactly one open loan; an item is `on_hold_shelf` if and
/// only if exactly one hold is trapped on it.
pub fn circulation_problems(lib: &Library) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stmt = lib.conn().prepare(
        "SELECT i.barcode, i.status, (SELECT count(*) FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL),
                (SELECT count(*) FROM holds h WHERE h.trapped_item_id = i.id AND h.status = 'trapped')
         FROM items i
         WHERE (i.status = 'on_loan') <> (EXISTS (SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL))
            OR (SELECT count(*) FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL) > 1
            OR (i.status = 'on_hold_shelf') <> (EXISTS (SELECT 1 FROM holds h WHERE h.trapped_item_id = i.id AND h.status = 'trapped'))",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, u32>(2)?,
            r.get::<_, u32>(3)?,
        ))
    })?;
    for row in rows {
        let (b, s, loans, traps) = row?;
        out.push(format!(
            "item {b}: status {s} with {loans} open loan(s) and {traps} trapped hold(s)"
        ));
    }
    Ok(out)
}
