//! Holds (reservations): a patron waits for a record (any copy) or one item. The queue is the
//! order holds were placed in; a checked-in copy is trapped for the first hold it can fill and
//! waits on the hold shelf until its pickup date. Waiting holds lapse `hold_expiry_days` after
//! they are placed, trapped ones after their pickup date ([`expire_holds`]).

use crate::ids::RecordId;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::desk::{decide_hold, Refusal};
use super::store::{calendar, policy, settings};
use crate::catalogue::items::ItemType;
use crate::error::{Error, Result};
use crate::storage::Library;

/// Where a hold stands. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HoldStatus {
    /// In the queue.
    #[default]
    Waiting,
    /// A copy is on the hold shelf for the patron.
    Trapped,
    /// The patron borrowed it.
    Fulfilled,
    /// Cancelled by the patron or the desk before it was filled.
    Cancelled,
    /// Lapsed: not picked up in time, or waited past its expiry date.
    Expired,
}

impl HoldStatus {
    /// The stored (and JSON) name: `waiting`, `trapped`, `fulfilled`, `cancelled`, `expired`.
    pub fn as_str(self) -> &'static str {
        match self {
            HoldStatus::Waiting => "waiting",
            HoldStatus::Trapped => "trapped",
            HoldStatus::Fulfilled => "fulfilled",
            HoldStatus::Cancelled => "cancelled",
            HoldStatus::Expired => "expired",
        }
    }
    /// Reads a stored name (exactly as [`HoldStatus::as_str`] writes it); `None` for any other text.
    pub fn parse(s: &str) -> Option<HoldStatus> {
        [
            HoldStatus::Waiting,
            HoldStatus::Trapped,
            HoldStatus::Fulfilled,
            HoldStatus::Cancelled,
            HoldStatus::Expired,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }
}

/// One hold, with what the desk shows about it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hold {
    /// Row id of the hold (table `holds`).
    pub id: i64,
    /// The bibliographic record held.
    pub record_id: RecordId,
    /// The item held; None: any copy of the record.
    pub item_id: Option<i64>,
    /// The patron who placed it.
    pub patron_id: i64,
    /// Day the hold was placed (ISO 8601 `YYYY-MM-DD`); the queue itself is in the order holds were placed.
    pub placed_on: NaiveDate,
    /// A waiting hold lapses after this day.
    pub expires_on: Option<NaiveDate>,
    /// Where the hold stands.
    pub status: HoldStatus,
    /// The copy on the hold shelf for it (status trapped).
    pub trapped_item_id: Option<i64>,
    /// Last day to pick up a trapped copy.
    pub pickup_by: Option<NaiveDate>,
    /// Place in the record's queue, 1 = next (waiting holds only; 0 otherwise).
    pub position: u32,
    /// The record's title.
    pub title: String,
    /// Name of the patron who placed it (empty when the patron was deleted).
    pub patron_name: String,
    /// Card number of that patron (empty when the patron was deleted).
    pub patron_card: String,
    /// Barcode of the held item (item hold) or of the trapped copy.
    pub item_barcode: Option<String>,
}

const COLUMNS: &str = "h.id, h.record_id, h.item_id, h.patron_id, h.placed_on, h.expires_on, h.status, h.trapped_item_id, h.pickup_by,
    CASE WHEN h.status = 'waiting' THEN (SELECT count(*) FROM holds q WHERE q.record_id = h.record_id AND q.status = 'waiting' AND q.id <= h.id) ELSE 0 END,
    coalesce(r.title, ''), coalesce(p.name, ''), coalesce(p.card, ''),
    (SELECT barcode FROM items i WHERE i.id = coalesce(h.trapped_item_id, h.item_id))";
const FROM: &str =
    "holds h LEFT JOIN records r ON r.id = h.record_id LEFT JOIN patrons p ON p.id = h.patron_id";

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

pub(crate) fn hold_from_row(r: &Row<'_>) -> rusqlite::Result<Hold> {
    Ok(Hold {
        id: r.get(0)?,
        record_id: r.get(1)?,
        item_id: r.get(2)?,
        patron_id: r.get(3)?,
        placed_on: date(r.get(4)?).unwrap_or_default(),
        expires_on: date(r.get(5)?),
        status: HoldStatus::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
        trapped_item_id: r.get(7)?,
        pickup_by: date(r.get(8)?),
        position: r.get(9)?,
        title: r.get(10)?,
        patron_name: r.get(11)?,
        patron_card: r.get(12)?,
        item_barcode: r.get(13)?,
    })
}

/// The open holds (waiting or trapped) on record `record_id`, in queue order.
pub(crate) fn open_holds_on_record(
    conn: &rusqlite::Connection,
    record_id: RecordId,
) -> Result<Vec<Hold>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE h.record_id = ?1 AND h.status IN ('waiting', 'trapped') ORDER BY h.id"))?;
    let rows = stmt
        .query_map([record_id], hold_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The outcome of placing a hold: done (with its place in the queue), or refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum HoldOutcome {
    /// The hold was placed; it carries its place in the queue.
    Done(Hold),
    /// Nothing was written; the refusal says why.
    Refused(Refusal),
}

/// Hold `id`. Errors: [`Error::NotFound`].
pub fn get_hold(lib: &Library, id: i64) -> Result<Hold> {
    lib.conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE h.id = ?1"),
            [id],
            hold_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no hold with id {id}")))
}

/// Which holds [`list_holds`] lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct HoldFilter {
    /// Only this patron's.
    pub patron_id: Option<i64>,
    /// Only this record's.
    pub record_id: Option<RecordId>,
    /// Also fulfilled, cancelled and expired holds (default: open ones only).
    pub all: bool,
}

/// Holds by `filter`: by record and queue order; at most 1000.
pub fn list_holds(lib: &Library, filter: &HoldFilter) -> Result<Vec<Hold>> {
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {FROM}
         WHERE (?1 IS NULL OR h.patron_id = ?1) AND (?2 IS NULL OR h.record_id = ?2) AND (?3 OR h.status IN ('waiting', 'trapped'))
         ORDER BY h.record_id, h.id LIMIT 1000"
    ))?;
    let rows = stmt
        .query_map(
            params![filter.patron_id, filter.record_id, filter.all],
            hold_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Places a hold for patron `patron_id` on record `record_id`, or on one item of it
/// (`item_id`), on `today`; it lapses `hold_expiry_days` later. Returns the hold with its place
/// in the queue, or the refusal ([`decide_hold`]) — neither overridable by the desk except by
/// editing the patron or the policy.
///
/// Errors: [`Error::NotFound`] for an unknown (or deleted) record, item or patron;
/// [`Error::InvalidInput`] when the item is not a copy of the record.
pub fn place_hold(
    lib: &mut Library,
    patron_id: i64,
    record_id: RecordId,
    item_id: Option<i64>,
    today: NaiveDate,
) -> Result<HoldOutcome> {
    let policy = policy(lib)?;
    let settings = settings(lib)?;
    let tx = lib.immediate()?;
    let patron = super::patrons::select_patron(&tx, "p.id = ?1", &patron_id)?
        .ok_or_else(|| Error::NotFound(format!("no patron with id {patron_id}")))?;
    let live: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM records WHERE id = ?1 AND deleted_at IS NULL)",
        [record_id],
        |r| r.get(0),
    )?;
    if !live {
        return Err(Error::NotFound(format!("no record with id {record_id}")));
    }
    let types: Vec<ItemType> = {
        let mut stmt = tx.prepare_cached("SELECT id, item_type FROM items WHERE record_id = ?1")?;
        let rows = stmt
            .query_map([record_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if let Some(i) = item_id {
            if !rows.iter().any(|(id, _)| *id == i) {
                return Err(Error::InvalidInput(format!(
                    "item {i} is not a copy of record {record_id}"
                )));
            }
        }
        rows.into_iter()
            .filter(|(id, _)| item_id.is_none_or(|i| i == *id))
            .map(|(_, t)| ItemType::parse(&t).unwrap_or(ItemType::Other))
            .collect()
    };
    let existing = open_holds_on_record(&tx, record_id)?;
    if let Err(r) = decide_hold(
        &policy, &patron, &types, &existing, record_id, item_id, today,
    ) {
        return Ok(HoldOutcome::Refused(r));
    }
    let expires = today
        .checked_add_days(chrono::Days::new(u64::from(settings.hold_expiry_days)))
        .unwrap_or(today);
    tx.execute(
        "INSERT INTO holds (record_id, item_id, patron_id, placed_on, expires_on, status) VALUES (?1, ?2, ?3, ?4, ?5, 'waiting')",
        params![record_id, item_id, patron_id, today.to_string(), expires.to_string()],
    )?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(HoldOutcome::Done(get_hold(lib, id)?))
}

/// Cancels hold `id` on `today`; a copy trapped for it goes back to the shelf, or to the next
/// hold in the queue (the returned list names such items, to move from the hold shelf).
/// Errors: [`Error::NotFound`]; [`Error::InvalidInput`] when the hold is no longer open.
pub fn cancel_hold(lib: &mut Library, id: i64, today: NaiveDate) -> Result<Hold> {
    let cal = calendar(lib)?;
    let settings = settings(lib)?;
    let tx = lib.immediate()?;
    let h = tx
        .query_row(
            &format!("SELECT {COLUMNS} FROM {FROM} WHERE h.id = ?1"),
            [id],
            hold_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no hold with id {id}")))?;
    if !matches!(h.status, HoldStatus::Waiting | HoldStatus::Trapped) {
        return Err(Error::InvalidInput(format!(
            "hold {id} is already {}",
            h.status.as_str()
        )));
    }
    tx.execute(
        "UPDATE holds SET status = 'cancelled', closed_on = ?2 WHERE id = ?1",
        params![id, today.to_string()],
    )?;
    if let Some(item) = h
        .trapped_item_id
        .filter(|_| h.status == HoldStatus::Trapped)
    {
        super::store::retrap(&tx, &cal, item, today, settings.hold_pickup_days)?;
    }
    tx.commit()?;
    get_hold(lib, id)
}

/// Lapses, on `today`, waiting holds past their expiry date and trapped holds past their pickup
/// date; each copy freed is trapped for the next hold or goes back to the shelf. Returns the
/// holds that lapsed (a trapped one's `item_barcode` is the copy to take off the hold shelf).
pub fn expire_holds(lib: &mut Library, today: NaiveDate) -> Result<Vec<Hold>> {
    let cal = calendar(lib)?;
    let settings = settings(lib)?;
    let tx = lib.immediate()?;
    let t = today.to_string();
    let lapsed: Vec<Hold> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE (h.status = 'waiting' AND h.expires_on < ?1) OR (h.status = 'trapped' AND h.pickup_by < ?1) ORDER BY h.id"
        ))?;
        let rows = stmt
            .query_map([&t], hold_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows
    };
    for h in &lapsed {
        tx.execute(
            "UPDATE holds SET status = 'expired', closed_on = ?2 WHERE id = ?1",
            params![h.id, t],
        )?;
    }
    for h in lapsed.iter().filter(|h| h.status == HoldStatus::Trapped) {
        if let Some(item) = h.trapped_item_id {
            super::store::retrap(&tx, &cal, item, today, settings.hold_pickup_days)?;
        }
    }
    tx.commit()?;
    Ok(lapsed)
}
