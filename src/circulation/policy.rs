//! Loan rules: the policy table (patron category × item type → loan period, renewals, maximum
//! items, holds) and the circulation settings.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{due_after, Calendar};
use crate::catalogue::items::ItemType;

/// One row of the loan policy table. `category` and `item_type` may be `"*"` (any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LoanRule {
    /// Patron category ("staff", "partner"…) or `"*"`.
    pub category: String,
    /// Item type (`ItemType` name: "book", "dvd"…) or `"*"`.
    pub item_type: String,
    /// Loan period in days (used when `due_on` is None).
    pub period_days: u32,
    /// A fixed due date instead of a period ("until end of term"); a date already past gives
    /// today.
    pub due_on: Option<NaiveDate>,
    /// How many times a loan may be renewed.
    pub renewals: u32,
    /// How many items a patron of this category may have on loan at once (all types counted).
    pub max_items: u32,
    /// Whether patrons may place holds on items of this type.
    pub holds_allowed: bool,
    /// False: not for loan (reading room only).
    pub circulates: bool,
}

/// The whole policy table, as values (loaded by `store::policy`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Policy {
    /// The rows. A loan uses the row of its category × type, else category × `*`, `*` × type, `*` × `*`.
    pub rules: Vec<LoanRule>,
}

/// The longest loan period a rule may give, in days (ten years). Longer periods are typing
/// mistakes, and dates past year 9999 would no longer compare correctly as ISO text in SQL.
pub const MAX_PERIOD_DAYS: u32 = 3650;

/// The most renewals a rule may allow.
pub const MAX_RENEWALS: u32 = 999;

/// The most items a rule may let a patron have on loan at once.
pub const MAX_ITEMS: u32 = 100_000;

/// The longest of the circulation settings' periods (hold expiry, pickup, reminders,
/// anonymisation), in days (ten years).
pub const MAX_SETTING_DAYS: u32 = 3650;

impl LoanRule {
    /// Refuses values outside what a library can mean: a period above [`MAX_PERIOD_DAYS`], more
    /// renewals than [`MAX_RENEWALS`], more items than [`MAX_ITEMS`], a fixed due date outside
    /// the years 1000–9999. Errors: [`crate::Error::InvalidInput`] naming the value and its bound.
    pub fn validate(&self) -> crate::Result<()> {
        use chrono::Datelike;
        let bad = |what: String| Err(crate::Error::InvalidInput(what));
        if self.period_days > MAX_PERIOD_DAYS {
            return bad(format!(
                "a loan period of {} days is too long: at most {MAX_PERIOD_DAYS} days (ten years)",
                self.period_days
            ));
        }
        if self.renewals > MAX_RENEWALS {
            return bad(format!(
                "{} renewals is too many: at most {MAX_RENEWALS}",
                self.renewals
            ));
        }
        if self.max_items > MAX_ITEMS {
            return bad(format!(
                "{} items on loan at once is too many: at most {MAX_ITEMS}",
                self.max_items
            ));
        }
        if let Some(d) = self.due_on.filter(|d| !(1000..=9999).contains(&d.year())) {
            return bad(format!(
                "the fixed due date {d} is not a date of the years 1000–9999"
            ));
        }
        Ok(())
    }
}

/// The rule a fresh library falls back on when its table has no `'*' × '*'` row: 21 days, 2
/// renewals, 20 items, holds allowed.
pub fn default_rule() -> LoanRule {
    LoanRule {
        category: "*".into(),
        item_type: "*".into(),
        period_days: 21,
        due_on: None,
        renewals: 2,
        max_items: 20,
        holds_allowed: true,
        circulates: true,
    }
}

impl Policy {
    /// The rule for a patron category and an item type: the most specific row (category and
    /// type, then category with `*`, then `*` with type, then `*` × `*`), else [`default_rule`].
    pub fn rule_for(&self, category: &str, item_type: ItemType) -> LoanRule {
        let t = item_type.as_str();
        let find = |c: &str, ty: &str| {
            self.rules
                .iter()
                .find(|r| r.category == c && r.item_type == ty)
        };
        find(category, t)
            .or_else(|| find(category, "*"))
            .or_else(|| find("*", t))
            .or_else(|| find("*", "*"))
            .cloned()
            .unwrap_or_else(default_rule)
    }
}

impl LoanRule {
    /// The due date of a loan (or renewal) made `today` under this rule, moved to an open day.
    pub fn due_date(&self, calendar: &Calendar, today: NaiveDate) -> NaiveDate {
        match self.due_on {
            Some(fixed) => calendar.next_open_day(fixed.max(today)),
            // A period stored before periods were bounded still gives a sane date.
            None => due_after(calendar, today, self.period_days.min(MAX_PERIOD_DAYS)),
        }
    }
}

/// Circulation settings (table `settings`, keys `circulation.*`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CirculationSettings {
    /// The library's name, for notices.
    pub library_name: String,
    /// Weekend days, ISO numbers 1 = Monday … 7 = Sunday (default `[6, 7]`).
    pub weekend: Vec<u8>,
    /// Returned loans lose their patron after this many days (privacy); None: kept.
    pub anonymise_after_days: Option<u32>,
    /// A waiting hold lapses this many days after it is placed.
    pub hold_expiry_days: u32,
    /// A trapped item waits on the hold shelf this many days (then moved to an open day).
    pub hold_pickup_days: u32,
    /// Reminders list loans due within this many days.
    pub due_soon_days: u32,
    /// Generated card numbers start with this text.
    pub card_prefix: String,
    /// Digits of the sequence number in a generated card number (zero-padded).
    pub card_digits: u32,
    /// Whether a generated card number ends with a Luhn (Codabar mod 10) check digit.
    pub card_check_digit: bool,
    /// The overdue notice (see `overdues::overdue_notice` for its fields).
    pub notice_template: String,
}

impl Default for CirculationSettings {
    fn default() -> Self {
        CirculationSettings {
            library_name: "The Library".into(),
            weekend: vec![6, 7],
            anonymise_after_days: None,
            hold_expiry_days: 180,
            hold_pickup_days: 7,
            due_soon_days: 3,
            card_prefix: "P".into(),
            card_digits: 6,
            card_check_digit: false,
            notice_template: super::overdues::DEFAULT_NOTICE.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(c: &str, t: &str, days: u32) -> LoanRule {
        LoanRule {
            category: c.into(),
            item_type: t.into(),
            period_days: days,
            ..default_rule()
        }
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let p = Policy {
            rules: vec![
                rule("*", "*", 21),
                rule("*", "dvd", 7),
                rule("partner", "*", 60),
                rule("partner", "dvd", 14),
            ],
        };
        let cases = [
            ("staff", ItemType::Book, 21),
            ("staff", ItemType::Dvd, 7),
            ("partner", ItemType::Book, 60),
            ("partner", ItemType::Dvd, 14),
        ];
        for (c, t, days) in cases {
            assert_eq!(p.rule_for(c, t).period_days, days, "{c} × {t:?}");
        }
        assert_eq!(
            Policy::default().rule_for("x", ItemType::Map),
            default_rule()
        );
    }

    #[test]
    fn a_fixed_due_date_is_kept_unless_past() {
        let cal = Calendar::with_weekend(&[6, 7]);
        let term = LoanRule {
            due_on: Some("2027-03-31".parse().unwrap()),
            ..default_rule()
        };
        assert_eq!(
            term.due_date(&cal, "2027-01-10".parse().unwrap())
                .to_string(),
            "2027-03-31"
        );
        // Past: today (a Monday).
        assert_eq!(
            term.due_date(&cal, "2027-04-05".parse().unwrap())
                .to_string(),
            "2027-04-05"
        );
    }
}
