//! The desk's decisions — check-out, check-in, renewal, placing a hold — as pure functions of
//! values. They never read the clock or the database: `store` loads the values, calls them and
//! writes the outcome in one transaction.

use crate::ids::RecordId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::Calendar;
use super::holds::{Hold, HoldStatus};
use super::patrons::Patron;
use super::policy::Policy;
use crate::catalogue::items::{ItemStatus, ItemType};

/// One loan, open (`returned_on` None) or returned (the loan history).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Loan {
    /// Row id of the loan (table `loans`).
    pub id: i64,
    /// None when the item was deleted since.
    pub item_id: Option<i64>,
    /// None when the loan was anonymised (or the patron deleted) after its return.
    pub patron_id: Option<i64>,
    /// Day of the check-out (ISO 8601 `YYYY-MM-DD` in JSON).
    pub checked_out_on: NaiveDate,
    /// Due date (ISO 8601 `YYYY-MM-DD`), moved by renewals.
    pub due_on: NaiveDate,
    /// Day of the check-in (ISO 8601 `YYYY-MM-DD`); `None` while the loan is open.
    pub returned_on: Option<NaiveDate>,
    /// Renewals made so far.
    pub renewals: u32,
    /// Why a refusal was overridden at check-out or renewal (with the refusals' kinds).
    pub override_reason: Option<String>,
}

/// What the decisions need to know about an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemState {
    /// Row id of the item (table `items`).
    pub id: i64,
    /// Row id of its bibliographic record.
    pub record_id: RecordId,
    /// Its barcode.
    pub barcode: String,
    /// Its type, which selects the loan rule.
    pub item_type: ItemType,
    /// Its status now (before the action).
    pub status: ItemStatus,
    /// Its open loan, if any.
    pub open_loan: Option<Loan>,
    /// Other copies of the same record that are available on the shelf now.
    pub other_copies_available: u32,
}

/// Why the desk refuses an action. Serialised as snake_case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefusalKind {
    /// The patron's card is blocked (the message gives the reason).
    PatronBlocked,
    /// The patron's card has expired.
    PatronExpired,
    /// The item is already on loan (to someone else, or to this patron: renew instead).
    AlreadyOnLoan,
    /// The item (or its record) is held for another patron.
    OnHoldForOther,
    /// The item's type or status keeps it in the library (reading room only).
    NotCirculating,
    /// The item is missing, withdrawn, in repair or in transit.
    ItemUnavailable,
    /// The patron has as many items as the policy allows.
    LimitReached,
    /// The loan has been renewed as often as the policy allows.
    RenewalLimit,
    /// Another patron is waiting for this item or record.
    HoldBlocksRenewal,
    /// The item is not on loan (renewal).
    NotOnLoan,
    /// The policy does not allow holds on this item type for this patron category.
    HoldsNotAllowed,
    /// The patron already has a hold on this record or item.
    DuplicateHold,
}

/// A refused action: a kind to branch on, a sentence for the desk, and whether the technician
/// may override it (with a reason, which is recorded on the loan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Refusal {
    /// What was refused, to branch on.
    pub kind: RefusalKind,
    /// A sentence for the desk naming the patron or item, e.g. "Ada Lovelace's card expired on 2026-01-31".
    pub message: String,
    /// Whether the technician may override it with a reason (not for already on loan, not on loan, or a duplicate hold).
    pub overridable: bool,
}

impl Refusal {
    fn new(kind: RefusalKind, message: String) -> Refusal {
        let overridable = !matches!(
            kind,
            RefusalKind::AlreadyOnLoan | RefusalKind::NotOnLoan | RefusalKind::DuplicateHold
        );
        Refusal {
            kind,
            message,
            overridable,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a check-out will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutDecision {
    /// Due date of the new loan: today plus the rule's period (or its fixed date), moved to the next open day.
    pub due_on: NaiveDate,
    /// The refusals the override set aside (empty without one).
    pub overridden: Vec<Refusal>,
    /// The patron's own hold this loan fills (waiting or trapped for them).
    pub fills_hold: Option<i64>,
    /// What is recorded on the loan: the reason and the kinds overridden.
    pub override_note: Option<String>,
}

/// What a check-in will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckinDecision {
    /// The loan closed, if the item was on loan.
    pub loan_id: Option<i64>,
    /// Days past the due date (0 when on time or not on loan).
    pub days_overdue: i64,
    /// The hold the item is now trapped for (first in the queue), with its pickup date.
    pub trap: Option<(i64, NaiveDate)>,
    /// The item's status after check-in.
    pub new_status: ItemStatus,
}

/// What a renewal will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenewDecision {
    /// The new due date: the loan rule's due date counted from today, never before the old one.
    pub due_on: NaiveDate,
    /// The refusals the override set aside (empty without one).
    pub overridden: Vec<Refusal>,
    /// What is recorded on the loan: the reason and the kinds overridden.
    pub override_note: Option<String>,
}

fn check_patron(patron: &Patron, today: NaiveDate, out: &mut Vec<Refusal>) {
    if patron.blocked {
        let why = patron
            .block_reason
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        out.push(Refusal::new(
            RefusalKind::PatronBlocked,
            format!("{}'s card is blocked{why}", patron.name),
        ));
    }
    if let Some(exp) = patron.expires_on.filter(|e| *e < today) {
        out.push(Refusal::new(
            RefusalKind::PatronExpired,
            format!("{}'s card expired on {exp}", patron.name),
        ));
    }
}

/// Why `patron` may not borrow on `today` (blocked, else expired), if so.
pub fn patron_refusal(patron: &Patron, today: NaiveDate) -> Option<Refusal> {
    let mut out = Vec::new();
    check_patron(patron, today, &mut out);
    out.into_iter().next()
}

/// Open holds (waiting or trapped) that concern `item`: on it, or on its record without an item.
fn holds_on<'a>(item: &'a ItemState, holds: &'a [Hold]) -> impl Iterator<Item = &'a Hold> + 'a {
    holds.iter().filter(move |h| {
        h.record_id == item.record_id
            && h.item_id.is_none_or(|i| i == item.id)
            && matches!(h.status, HoldStatus::Waiting | HoldStatus::Trapped)
    })
}

/// Settles a list of refusals against an override: none → Ok; one that cannot be overridden, or
/// no (or an empty) reason → the first refusal; else the overridden list and the note recorded.
fn settle(
    refusals: Vec<Refusal>,
    override_reason: Option<&str>,
) -> Result<(Vec<Refusal>, Option<String>), Refusal> {
    if refusals.is_empty() {
        return Ok((refusals, None));
    }
    if let Some(r) = refusals.iter().find(|r| !r.overridable) {
        return Err(r.clone());
    }
    match override_reason.map(str::trim).filter(|r| !r.is_empty()) {
        None => Err(refusals[0].clone()),
        Some(reason) => {
            let kinds: Vec<String> = refusals
                .iter()
                .map(|r| {
                    serde_json::to_value(r.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .collect();
            let note = format!("{reason} (overrode {})", kinds.join(", "));
            Ok((refusals, Some(note)))
        }
    }
}

/// Decides a check-out of `item` to `patron` on `today`.
///
/// `patron_loans` are the patron's open loans; `holds` the open holds on the item's record
/// (queue order). Refusals, all collected before settling: patron blocked or expired; item on
/// loan (not overridable); item missing/withdrawn/in repair/in transit; item reading-room only
/// (status) or of a type the policy keeps in the library; held for another patron (a trapped
/// copy, a hold on this item, or more record holds of others than other copies on the shelf);
/// the patron at the category's maximum. With a non-empty `override_reason` every overridable
/// refusal is set aside and recorded.
#[allow(clippy::too_many_arguments)]
pub fn decide_checkout(
    policy: &Policy,
    calendar: &Calendar,
    patron: &Patron,
    item: &ItemState,
    patron_loans: &[Loan],
    holds: &[Hold],
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<CheckoutDecision, Refusal> {
    let rule = policy.rule_for(&patron.category, item.item_type);
    let mut refusals = Vec::new();
    if let Some(loan) = &item.open_loan {
        let msg = if loan.patron_id == Some(patron.id) {
            format!(
                "item {} is already on loan to {}, due {}: renew it instead",
                item.barcode, patron.name, loan.due_on
            )
        } else {
            format!(
                "item {} is already on loan (due {}): check it in first",
                item.barcode, loan.due_on
            )
        };
        return Err(Refusal::new(RefusalKind::AlreadyOnLoan, msg));
    }
    check_patron(patron, today, &mut refusals);
    match item.status {
        ItemStatus::Available | ItemStatus::OnHoldShelf | ItemStatus::OnLoan => {}
        ItemStatus::ReadingRoomOnly => refusals.push(Refusal::new(
            RefusalKind::NotCirculating,
            format!("item {} is for the reading room only", item.barcode),
        )),
        s => refusals.push(Refusal::new(
            RefusalKind::ItemUnavailable,
            format!(
                "item {} is marked {}",
                item.barcode,
                s.as_str().replace('_', " ")
            ),
        )),
    }
    if !rule.circulates && item.status != ItemStatus::ReadingRoomOnly {
        refusals.push(Refusal::new(
            RefusalKind::NotCirculating,
            format!(
                "items of type {} do not circulate (reading room only)",
                item.item_type.as_str().replace('_', " ")
            ),
        ));
    }
    let open: Vec<&Hold> = holds_on(item, holds).collect();
    let own = open.iter().find(|h| {
        h.patron_id == patron.id
            && (h.status == HoldStatus::Waiting || h.trapped_item_id == Some(item.id))
    });
    let trapped_other = open.iter().find(|h| {
        h.status == HoldStatus::Trapped
            && h.trapped_item_id == Some(item.id)
            && h.patron_id != patron.id
    });
    let item_hold_other = open.iter().any(|h| {
        h.status == HoldStatus::Waiting && h.item_id == Some(item.id) && h.patron_id != patron.id
    });
    // Record holds of others that come before the patron's own (all of them if none).
    let own_id = own.map(|h| h.id).unwrap_or(i64::MAX);
    let record_holds_ahead = open
        .iter()
        .filter(|h| {
            h.status == HoldStatus::Waiting
                && h.item_id.is_none()
                && h.patron_id != patron.id
                && h.id < own_id
        })
        .count() as u32;
    if trapped_other.is_some()
        || item_hold_other
        || (item.status != ItemStatus::OnHoldShelf
            && record_holds_ahead > item.other_copies_available)
    {
        let who = if trapped_other.is_some() {
            "is on the hold shelf for another patron"
        } else {
            "is held for another patron"
        };
        refusals.push(Refusal::new(
            RefusalKind::OnHoldForOther,
            format!("item {} {who}", item.barcode),
        ));
    }
    if patron_loans.len() as u32 >= rule.max_items {
        refusals.push(Refusal::new(
            RefusalKind::LimitReached,
            format!(
                "{} already has {} items on loan, the most a {} patron may have",
                patron.name,
                patron_loans.len(),
                patron.category
            ),
        ));
    }
    let (overridden, override_note) = settle(refusals, override_reason)?;
    Ok(CheckoutDecision {
        due_on: rule.due_date(calendar, today),
        overridden,
        fills_hold: own.map(|h| h.id),
        override_note,
    })
}

/// Decides a check-in of `item` on `today`: closes its open loan (if any), counts the days
/// overdue, and traps the item for the first open hold in queue order (`holds` in placement
/// order) that it can fill, the hold waiting on the hold shelf until `pickup_days` later (moved to
/// an open day). An item trapped already stays trapped. Without a hold, an item lent from the
/// reading room (`status_before`) goes back to `reading_room_only`, any other to `available`.
pub fn decide_checkin(
    calendar: &Calendar,
    item: &ItemState,
    status_before: ItemStatus,
    holds: &[Hold],
    today: NaiveDate,
    pickup_days: u32,
) -> CheckinDecision {
    let loan_id = item.open_loan.as_ref().map(|l| l.id);
    let days_overdue = item
        .open_loan
        .as_ref()
        .map_or(0, |l| (today - l.due_on).num_days().max(0));
    let already = holds_on(item, holds)
        .find(|h| h.status == HoldStatus::Trapped && h.trapped_item_id == Some(item.id));
    let trap = if let Some(h) = already {
        Some((h.id, h.pickup_by.unwrap_or(today)))
    } else {
        holds_on(item, holds)
            .filter(|h| h.status == HoldStatus::Waiting && h.expires_on.is_none_or(|e| e >= today))
            .min_by_key(|h| h.id)
            .map(|h| {
                (
                    h.id,
                    super::calendar::due_after(calendar, today, pickup_days),
                )
            })
    };
    let new_status = if trap.is_some() {
        ItemStatus::OnHoldShelf
    } else if status_before == ItemStatus::ReadingRoomOnly {
        ItemStatus::ReadingRoomOnly
    } else if item.open_loan.is_none()
        && !matches!(item.status, ItemStatus::OnLoan | ItemStatus::OnHoldShelf)
    {
        // A check-in scan of an item that was not lent (found on a table) leaves a missing or
        // in-repair mark to the cataloguer, but a found item is on the shelf again.
        if item.status == ItemStatus::Missing {
            ItemStatus::Available
        } else {
            item.status
        }
    } else {
        ItemStatus::Available
    };
    CheckinDecision {
        loan_id,
        days_overdue,
        trap,
        new_status,
    }
}

/// Decides a renewal of `item`'s open loan for `patron` on `today`: refused when it is not on
/// loan (not overridable), the patron is blocked or expired, the renewal limit is reached, or
/// another patron waits for the item or its record (unless another copy is on the shelf for
/// them). The new due date counts from today and is never earlier than the current one.
#[allow(clippy::too_many_arguments)]
pub fn decide_renew(
    policy: &Policy,
    calendar: &Calendar,
    patron: &Patron,
    item: &ItemState,
    holds: &[Hold],
    today: NaiveDate,
    override_reason: Option<&str>,
) -> Result<RenewDecision, Refusal> {
    let Some(loan) = &item.open_loan else {
        return Err(Refusal::new(
            RefusalKind::NotOnLoan,
            format!("item {} is not on loan", item.barcode),
        ));
    };
    let rule = policy.rule_for(&patron.category, item.item_type);
    let mut refusals = Vec::new();
    check_patron(patron, today, &mut refusals);
    if loan.renewals >= rule.renewals {
        refusals.push(Refusal::new(
            RefusalKind::RenewalLimit,
            format!(
                "item {} has been renewed {} time{}, the most allowed",
                item.barcode,
                loan.renewals,
                if loan.renewals == 1 { "" } else { "s" }
            ),
        ));
    }
    let waiting_others = holds_on(item, holds)
        .filter(|h| h.status == HoldStatus::Waiting && h.patron_id != patron.id)
        .collect::<Vec<_>>();
    let on_item = waiting_others.iter().any(|h| h.item_id == Some(item.id));
    if on_item || waiting_others.len() as u32 > item.other_copies_available {
        refusals.push(Refusal::new(
            RefusalKind::HoldBlocksRenewal,
            format!("another patron is waiting for item {}", item.barcode),
        ));
    }
    let (overridden, override_note) = settle(refusals, override_reason)?;
    let due_on = rule.due_date(calendar, today).max(loan.due_on);
    Ok(RenewDecision {
        due_on,
        overridden,
        override_note,
    })
}

/// Decides whether `patron` may place a hold on a record (or one item of it) whose items are of
/// `item_types`: refused when the patron is blocked or expired, already has an open hold on it,
/// or the policy allows holds on none of the types (a record with no items may be held).
pub fn decide_hold(
    policy: &Policy,
    patron: &Patron,
    item_types: &[ItemType],
    existing: &[Hold],
    record_id: RecordId,
    item_id: Option<i64>,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let mut refusals = Vec::new();
    check_patron(patron, today, &mut refusals);
    if existing.iter().any(|h| {
        h.patron_id == patron.id
            && h.record_id == record_id
            && h.item_id == item_id
            && matches!(h.status, HoldStatus::Waiting | HoldStatus::Trapped)
    }) {
        return Err(Refusal::new(
            RefusalKind::DuplicateHold,
            format!("{} already has a hold on this", patron.name),
        ));
    }
    if !item_types.is_empty()
        && !item_types
            .iter()
            .any(|t| policy.rule_for(&patron.category, *t).holds_allowed)
    {
        refusals.push(Refusal::new(
            RefusalKind::HoldsNotAllowed,
            format!(
                "{} patrons may not place holds on items of type {}",
                patron.category,
                item_types[0].as_str().replace('_', " ")
            ),
        ));
    }
    match refusals.into_iter().next() {
        Some(r) => Err(r),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circulation::policy::{default_rule, LoanRule};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    const TODAY: &str = "2026-12-01"; // a Tuesday

    /// (patron, item, the patron's loans, holds, override, Ok(due date) or Err((kind, overridable)))
    type CheckoutCase = (
        Patron,
        ItemState,
        Vec<Loan>,
        Vec<Hold>,
        Option<&'static str>,
        Result<&'static str, (RefusalKind, bool)>,
    );
    /// (item with its loan, holds, override, Ok(due date) or Err(kind))
    type RenewCase = (
        ItemState,
        Vec<Hold>,
        Option<&'static str>,
        Result<&'static str, RefusalKind>,
    );

    fn policy() -> Policy {
        Policy {
            rules: vec![
                default_rule(),
                LoanRule {
                    item_type: "looseleaf".into(),
                    circulates: false,
                    holds_allowed: false,
                    ..default_rule()
                },
                LoanRule {
                    item_type: "dvd".into(),
                    period_days: 7,
                    renewals: 1,
                    ..default_rule()
                },
                LoanRule {
                    category: "external".into(),
                    max_items: 2,
                    ..default_rule()
                },
            ],
        }
    }
    fn cal() -> Calendar {
        Calendar::with_weekend(&[6, 7]).close(d("2026-12-22"), "closure")
    }
    fn patron(id: i64) -> Patron {
        Patron {
            id,
            name: format!("Patron {id}"),
            card: format!("P{id}"),
            category: "staff".into(),
            ..Default::default()
        }
    }
    fn item(status: ItemStatus, t: ItemType) -> ItemState {
        ItemState {
            id: 10,
            record_id: RecordId(100),
            barcode: "B10".into(),
            item_type: t,
            status,
            open_loan: None,
            other_copies_available: 0,
        }
    }
    fn loan(id: i64, patron: i64, due: &str, renewals: u32) -> Loan {
        Loan {
            id,
            item_id: Some(10),
            patron_id: Some(patron),
            checked_out_on: d("2026-11-10"),
            due_on: d(due),
            renewals,
            ..Default::default()
        }
    }
    fn hold(id: i64, patron: i64, item: Option<i64>, status: HoldStatus) -> Hold {
        Hold {
            id,
            record_id: RecordId(100),
            item_id: item,
            patron_id: patron,
            status,
            placed_on: d("2026-11-01"),
            ..Default::default()
        }
    }

    #[test]
    fn checkout_cases() {
        use RefusalKind::*;
        let mut expired = patron(1);
        expired.expires_on = Some(d("2026-11-30"));
        let mut blocked = patron(1);
        blocked.blocked = true;
        blocked.block_reason = Some("lost two books".into());
        let mut external = patron(1);
        external.category = "external".into();
        let two = [loan(1, 1, "2026-12-20", 0), loan(2, 1, "2026-12-20", 0)];
        let on_loan = ItemState {
            open_loan: Some(loan(5, 2, "2026-12-15", 0)),
            ..item(ItemStatus::OnLoan, ItemType::Book)
        };
        let trapped_for_2 = [Hold {
            trapped_item_id: Some(10),
            ..hold(7, 2, None, HoldStatus::Trapped)
        }];
        let trapped_for_1 = [Hold {
            trapped_item_id: Some(10),
            ..hold(7, 1, None, HoldStatus::Trapped)
        }];
        let spare = ItemState {
            other_copies_available: 1,
            ..item(ItemStatus::Available, ItemType::Book)
        };
        let book = item(ItemStatus::Available, ItemType::Book);
        let none: Vec<Hold> = vec![];
        // (patron, item, loans, holds, override, expected: Ok(due) or Err(kind, overridable))
        let cases: Vec<CheckoutCase> = vec![
            (
                patron(1),
                book.clone(),
                vec![],
                none.clone(),
                None,
                Ok("2026-12-23"),
            ), // 22nd closed
            (
                patron(1),
                item(ItemStatus::Available, ItemType::Dvd),
                vec![],
                none.clone(),
                None,
                Ok("2026-12-08"),
            ),
            (
                expired.clone(),
                book.clone(),
                vec![],
                none.clone(),
                None,
                Err((PatronExpired, true)),
            ),
            (
                expired.clone(),
                book.clone(),
                vec![],
                none.clone(),
                Some("renewed by phone"),
                Ok("2026-12-23"),
            ),
            (
                blocked.clone(),
                book.clone(),
                vec![],
                none.clone(),
                None,
                Err((PatronBlocked, true)),
            ),
            (
                patron(1),
                on_loan.clone(),
                vec![],
                none.clone(),
                Some("x"),
                Err((AlreadyOnLoan, false)),
            ),
            (
                patron(1),
                item(ItemStatus::Available, ItemType::Looseleaf),
                vec![],
                none.clone(),
                None,
                Err((NotCirculating, true)),
            ),
            (
                patron(1),
                item(ItemStatus::ReadingRoomOnly, ItemType::Book),
                vec![],
                none.clone(),
                None,
                Err((NotCirculating, true)),
            ),
            (
                patron(1),
                item(ItemStatus::ReadingRoomOnly, ItemType::Book),
                vec![],
                none.clone(),
                Some("partner's request"),
                Ok("2026-12-23"),
            ),
            (
                patron(1),
                item(ItemStatus::Missing, ItemType::Book),
                vec![],
                none.clone(),
                None,
                Err((ItemUnavailable, true)),
            ),
            (
                external.clone(),
                book.clone(),
                two.to_vec(),
                none.clone(),
                None,
                Err((LimitReached, true)),
            ),
            (
                external.clone(),
                book.clone(),
                two[..1].to_vec(),
                none.clone(),
                None,
                Ok("2026-12-23"),
            ),
            (
                patron(1),
                item(ItemStatus::OnHoldShelf, ItemType::Book),
                vec![],
                trapped_for_2.to_vec(),
                None,
                Err((OnHoldForOther, true)),
            ),
            (
                patron(1),
                item(ItemStatus::OnHoldShelf, ItemType::Book),
                vec![],
                trapped_for_1.to_vec(),
                None,
                Ok("2026-12-23"),
            ),
            (
                patron(1),
                book.clone(),
                vec![],
                vec![hold(8, 2, None, HoldStatus::Waiting)],
                None,
                Err((OnHoldForOther, true)),
            ),
            (
                patron(1),
                spare.clone(),
                vec![],
                vec![hold(8, 2, None, HoldStatus::Waiting)],
                None,
                Ok("2026-12-23"),
            ),
            (
                patron(1),
                spare.clone(),
                vec![],
                vec![hold(8, 2, Some(10), HoldStatus::Waiting)],
                None,
                Err((OnHoldForOther, true)),
            ),
            (
                patron(1),
                book.clone(),
                vec![],
                vec![
                    hold(8, 1, None, HoldStatus::Waiting),
                    hold(9, 2, None, HoldStatus::Waiting),
                ],
                None,
                Ok("2026-12-23"),
            ),
            (
                patron(1),
                book.clone(),
                vec![],
                none.clone(),
                Some("   "),
                Ok("2026-12-23"),
            ),
            (
                expired.clone(),
                book.clone(),
                vec![],
                none.clone(),
                Some("   "),
                Err((PatronExpired, true)),
            ),
        ];
        for (i, (p, it, loans, holds, ov, want)) in cases.into_iter().enumerate() {
            let got = decide_checkout(&policy(), &cal(), &p, &it, &loans, &holds, d(TODAY), ov);
            match (got, want) {
                (Ok(dec), Ok(due)) => assert_eq!(dec.due_on, d(due), "case {i}"),
                (Err(r), Err((kind, ov))) => assert_eq!(
                    (r.kind, r.overridable),
                    (kind, ov),
                    "case {i}: {}",
                    r.message
                ),
                (got, want) => panic!("case {i}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn an_override_is_recorded_with_what_it_overrode() {
        let mut p = patron(1);
        p.expires_on = Some(d("2026-01-01"));
        let dec = decide_checkout(
            &policy(),
            &cal(),
            &p,
            &item(ItemStatus::Available, ItemType::Looseleaf),
            &[],
            &[],
            d(TODAY),
            Some("Partner needs it at home"),
        )
        .unwrap();
        assert_eq!(dec.overridden.len(), 2);
        assert_eq!(
            dec.override_note.as_deref(),
            Some("Partner needs it at home (overrode patron_expired, not_circulating)")
        );
        let r = decide_checkout(
            &policy(),
            &cal(),
            &p,
            &item(ItemStatus::Available, ItemType::Book),
            &[],
            &[],
            d(TODAY),
            None,
        )
        .unwrap_err();
        assert_eq!(r.message, "Patron 1's card expired on 2026-01-01");
    }

    #[test]
    fn checkout_fills_the_patrons_own_hold() {
        let holds = [hold(8, 1, None, HoldStatus::Waiting)];
        let dec = decide_checkout(
            &policy(),
            &cal(),
            &patron(1),
            &item(ItemStatus::Available, ItemType::Book),
            &[],
            &holds,
            d(TODAY),
            None,
        )
        .unwrap();
        assert_eq!(dec.fills_hold, Some(8));
    }

    #[test]
    fn checkin_traps_the_first_hold_in_queue_order() {
        let on_loan = ItemState {
            open_loan: Some(loan(5, 1, "2026-11-24", 0)),
            ..item(ItemStatus::OnLoan, ItemType::Book)
        };
        let mut lapsed = hold(3, 4, None, HoldStatus::Waiting);
        lapsed.expires_on = Some(d("2026-11-30"));
        let other_record = Hold {
            record_id: RecordId(999),
            ..hold(2, 5, None, HoldStatus::Waiting)
        };
        let other_item = hold(4, 6, Some(11), HoldStatus::Waiting);
        let cases: Vec<(Vec<Hold>, Option<i64>)> = vec![
            (vec![], None),
            (
                vec![
                    hold(9, 2, None, HoldStatus::Waiting),
                    hold(6, 3, None, HoldStatus::Waiting),
                ],
                Some(6),
            ),
            (
                vec![lapsed.clone(), hold(9, 2, None, HoldStatus::Waiting)],
                Some(9),
            ),
            (
                vec![
                    other_record,
                    other_item,
                    hold(12, 7, Some(10), HoldStatus::Waiting),
                ],
                Some(12),
            ),
            (vec![hold(1, 2, None, HoldStatus::Cancelled)], None),
        ];
        for (holds, want) in cases {
            let dec = decide_checkin(&cal(), &on_loan, ItemStatus::Available, &holds, d(TODAY), 7);
            assert_eq!(dec.loan_id, Some(5));
            assert_eq!(dec.days_overdue, 7);
            assert_eq!(dec.trap.map(|t| t.0), want, "{holds:?}");
            assert_eq!(
                dec.new_status,
                if want.is_some() {
                    ItemStatus::OnHoldShelf
                } else {
                    ItemStatus::Available
                }
            );
            if want.is_some() {
                assert_eq!(dec.trap.unwrap().1, d("2026-12-08"));
            }
        }
        // A reading-room item lent by override goes back to the reading room.
        let dec = decide_checkin(
            &cal(),
            &on_loan,
            ItemStatus::ReadingRoomOnly,
            &[],
            d("2026-11-20"),
            7,
        );
        assert_eq!(
            (dec.days_overdue, dec.new_status),
            (0, ItemStatus::ReadingRoomOnly)
        );
    }

    #[test]
    fn renew_cases() {
        use RefusalKind::*;
        let with = |l: Loan| ItemState {
            open_loan: Some(l),
            ..item(ItemStatus::OnLoan, ItemType::Book)
        };
        let dvd = ItemState {
            open_loan: Some(loan(5, 1, "2026-12-02", 1)),
            ..item(ItemStatus::OnLoan, ItemType::Dvd)
        };
        let spare = ItemState {
            other_copies_available: 1,
            ..with(loan(5, 1, "2026-12-10", 0))
        };
        let cases: Vec<RenewCase> = vec![
            (
                with(loan(5, 1, "2026-12-10", 0)),
                vec![],
                None,
                Ok("2026-12-23"),
            ),
            (
                with(loan(5, 1, "2026-12-10", 1)),
                vec![],
                None,
                Ok("2026-12-23"),
            ),
            (
                with(loan(5, 1, "2026-12-10", 2)),
                vec![],
                None,
                Err(RenewalLimit),
            ),
            (
                with(loan(5, 1, "2026-12-10", 2)),
                vec![],
                Some("end of case"),
                Ok("2026-12-23"),
            ),
            (dvd, vec![], None, Err(RenewalLimit)),
            (
                with(loan(5, 1, "2026-12-10", 0)),
                vec![hold(8, 2, None, HoldStatus::Waiting)],
                None,
                Err(HoldBlocksRenewal),
            ),
            (
                spare,
                vec![hold(8, 2, None, HoldStatus::Waiting)],
                None,
                Ok("2026-12-23"),
            ),
            (
                with(loan(5, 1, "2027-02-01", 0)),
                vec![],
                None,
                Ok("2027-02-01"),
            ),
            (
                item(ItemStatus::Available, ItemType::Book),
                vec![],
                Some("x"),
                Err(NotOnLoan),
            ),
        ];
        for (i, (it, holds, ov, want)) in cases.into_iter().enumerate() {
            match (
                decide_renew(&policy(), &cal(), &patron(1), &it, &holds, d(TODAY), ov),
                want,
            ) {
                (Ok(dec), Ok(due)) => assert_eq!(dec.due_on, d(due), "case {i}"),
                (Err(r), Err(kind)) => assert_eq!(r.kind, kind, "case {i}"),
                (got, want) => panic!("case {i}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn hold_cases() {
        let existing = [hold(1, 1, None, HoldStatus::Waiting)];
        assert_eq!(
            decide_hold(
                &policy(),
                &patron(1),
                &[ItemType::Book],
                &existing,
                RecordId(100),
                None,
                d(TODAY)
            )
            .unwrap_err()
            .kind,
            RefusalKind::DuplicateHold
        );
        assert!(decide_hold(
            &policy(),
            &patron(1),
            &[ItemType::Book],
            &existing,
            RecordId(100),
            Some(10),
            d(TODAY)
        )
        .is_ok());
        assert!(decide_hold(
            &policy(),
            &patron(2),
            &[ItemType::Book],
            &existing,
            RecordId(100),
            None,
            d(TODAY)
        )
        .is_ok());
        assert_eq!(
            decide_hold(
                &policy(),
                &patron(2),
                &[ItemType::Looseleaf],
                &[],
                RecordId(100),
                None,
                d(TODAY)
            )
            .unwrap_err()
            .kind,
            RefusalKind::HoldsNotAllowed
        );
        let mut gone = patron(2);
        gone.expires_on = Some(d("2026-06-30"));
        assert_eq!(
            decide_hold(&policy(), &gone, &[], &[], RecordId(100), None, d(TODAY))
                .unwrap_err()
                .kind,
            RefusalKind::PatronExpired
        );
    }
}
