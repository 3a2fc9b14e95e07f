//! Overdue loans, reminders for loans due soon, and notice texts from a template.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::desk::Loan;
use super::patrons::Patron;
use crate::error::Result;
use crate::storage::Library;

/// A loan with what the desk shows about it: the item, its record's title, the patron.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LoanLine {
    /// The loan itself (dates, renewals, override reason).
    pub loan: Loan,
    /// Empty when the item was deleted since.
    pub item_barcode: String,
    /// Title of the item's record (empty when the item or record was deleted).
    pub title: String,
    /// The item's call number as typed (empty when none).
    pub call_number: String,
    /// The item's shelving location (empty when none).
    pub location: String,
    /// The item's volume, part or date ("v.2"; MARC 21 Holdings 852 $3), to tell copies apart;
    /// `None` when it has none.
    pub enumeration: Option<String>,
    /// The item's copy number ("2"; MARC 21 Holdings 852 $t); `None` when it has none.
    pub copy_number: Option<String>,
    /// Empty when the loan was anonymised.
    pub patron_name: String,
    /// Card number of the borrower (empty when the loan was anonymised).
    pub patron_card: String,
    /// Days past the due date on the day asked for (0 when not overdue; for a returned loan, on
    /// the day it came back).
    pub days_overdue: i64,
}

pub(crate) const LINE_COLUMNS: &str = "l.id, l.item_id, l.patron_id, l.checked_out_on, l.due_on, l.returned_on, l.renewals, l.override_reason,
    coalesce(i.barcode, ''), coalesce(r.title, ''), coalesce(i.call_number, ''), coalesce(i.location, ''),
    coalesce(p.name, ''), coalesce(p.card, ''), i.enumeration, i.copy_number";
pub(crate) const LINE_FROM: &str = "loans l LEFT JOIN items i ON i.id = l.item_id LEFT JOIN records r ON r.id = i.record_id LEFT JOIN patrons p ON p.id = l.patron_id";

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

pub(crate) fn loan_from_row(r: &Row<'_>) -> rusqlite::Result<Loan> {
    Ok(Loan {
        id: r.get(0)?,
        item_id: r.get(1)?,
        patron_id: r.get(2)?,
        checked_out_on: date(r.get(3)?).unwrap_or_default(),
        due_on: date(r.get(4)?).unwrap_or_default(),
        returned_on: date(r.get(5)?),
        renewals: r.get(6)?,
        override_reason: r.get(7)?,
    })
}

/// Reads a row of `SELECT {LINE_COLUMNS} FROM {LINE_FROM}` and counts days overdue on `today`.
pub(crate) fn line_from_row(r: &Row<'_>, today: NaiveDate) -> rusqlite::Result<LoanLine> {
    let loan = loan_from_row(r)?;
    let until = loan.returned_on.unwrap_or(today);
    let days_overdue = (until - loan.due_on).num_days().max(0);
    Ok(LoanLine {
        loan,
        item_barcode: r.get(8)?,
        title: r.get(9)?,
        call_number: r.get(10)?,
        location: r.get(11)?,
        patron_name: r.get(12)?,
        patron_card: r.get(13)?,
        enumeration: r.get(14)?,
        copy_number: r.get(15)?,
        days_overdue,
    })
}

/// How [`overdues`] orders its list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OverdueOrder {
    /// By patron name, then due date (for notices).
    #[default]
    Patron,
    /// By item: most overdue first.
    Item,
}

/// Open loans due before `today` (days overdue counted on `today`).
pub fn overdues(lib: &Library, today: NaiveDate, order: OverdueOrder) -> Result<Vec<LoanLine>> {
    let order = match order {
        OverdueOrder::Patron => "p.name COLLATE NOCASE, l.patron_id, l.due_on, l.id",
        OverdueOrder::Item => "l.due_on, i.barcode",
    };
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM {LINE_FROM} WHERE l.returned_on IS NULL AND l.due_on < ?1 ORDER BY {order}"
    ))?;
    let rows = stmt
        .query_map([today.to_string()], |r| line_from_row(r, today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Open loans due from `today` to `days` days later (reminders), by patron and due date.
pub fn due_soon(lib: &Library, today: NaiveDate, days: u32) -> Result<Vec<LoanLine>> {
    let until = today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(today);
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {LINE_COLUMNS} FROM {LINE_FROM} WHERE l.returned_on IS NULL AND l.due_on >= ?1 AND l.due_on <= ?2
         ORDER BY p.name COLLATE NOCASE, l.patron_id, l.due_on, l.id"
    ))?;
    let rows = stmt
        .query_map(params![today.to_string(), until.to_string()], |r| {
            line_from_row(r, today)
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The notice a fresh library uses (setting `circulation.notice_template`).
pub const DEFAULT_NOTICE: &str = "Dear {patron_name},

According to our records, the following {count_items} borrowed from {library_name} {is_are} overdue as of {today}:

{items}

Please return {it_them} as soon as you can, or contact the library to renew. If you have already returned {it_them}, thank you, and please disregard this notice.

{library_name}
";

/// The reminder of loans coming due (not yet overdue): [`notices`] with
/// [`NoticeLoans::DueSoon`] fills this one, with the same fields as [`DEFAULT_NOTICE`], so that
/// a patron is never told that a loan due today or later is overdue.
pub const DEFAULT_REMINDER: &str = "Dear {patron_name},

This is a reminder that the following {count_items} borrowed from {library_name} {is_are} due soon:

{items}

Please return {it_them} by the due date, or contact the library to renew.

{library_name}
";

/// Which loans [`notices`] write to patrons about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLoans {
    /// Loans past their due date on `today` (overdue notices).
    Overdue,
    /// Loans due within this many days of `today` (reminders); `None`: the library's
    /// `due_soon_days` setting.
    DueSoon(Option<u32>),
}

/// One patron's notice: who it is for and its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// The patron written to.
    pub patron: Patron,
    /// Where to send it (the patron's e-mail address), `None` when not recorded.
    pub email: Option<String>,
    /// The library's notice template filled in ([`overdue_notice`]).
    pub notice: String,
}

/// The notices of `today` about `loans`, one per patron, from the library's template and name:
/// for `patron_id` only (a notice listing no loans when they have none, as the desk shows it),
/// or for every patron with such a loan, in patron id order. Loans within a notice are in
/// [`OverdueOrder::Patron`] order. Errors: [`crate::Error::NotFound`] for an unknown
/// `patron_id`; database errors.
pub fn notices(
    lib: &Library,
    loans: NoticeLoans,
    patron_id: Option<i64>,
    today: NaiveDate,
) -> Result<Vec<Notice>> {
    let s = super::settings(lib)?;
    let lines = match loans {
        NoticeLoans::Overdue => overdues(lib, today, OverdueOrder::Patron)?,
        NoticeLoans::DueSoon(days) => due_soon(lib, today, days.unwrap_or(s.due_soon_days))?,
    };
    let ids: Vec<i64> = match patron_id {
        Some(id) => vec![id],
        None => {
            let mut ids: Vec<i64> = lines.iter().filter_map(|l| l.loan.patron_id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let patron = super::get_patron(lib, id)?;
        let theirs: Vec<LoanLine> = lines
            .iter()
            .filter(|l| l.loan.patron_id == Some(patron.id))
            .cloned()
            .collect();
        let template = match loans {
            NoticeLoans::Overdue => s.notice_template.as_str(),
            NoticeLoans::DueSoon(_) => DEFAULT_REMINDER,
        };
        let notice = overdue_notice(template, &s.library_name, &patron, &theirs, today);
        out.push(Notice {
            email: patron.email.clone(),
            patron,
            notice,
        });
    }
    Ok(out)
}

/// Fills a notice `template` for `patron` and their `loans` on `today`. Fields (in braces):
/// `{patron_name}`, `{patron_card}`, `{library_name}`, `{today}` (YYYY-MM-DD), `{count}` (number
/// of loans), `{count_items}` ("1 item" / "3 items"), `{is_are}`, `{it_them}`, and `{items}`: one
/// line per loan, `- Title (barcode B), due YYYY-MM-DD, N days overdue` (or "due in N days" for
/// a reminder). Unknown fields are left as written.
pub fn overdue_notice(
    template: &str,
    library_name: &str,
    patron: &Patron,
    loans: &[LoanLine],
    today: NaiveDate,
) -> String {
    let mut items = String::new();
    for l in loans {
        let days = (today - l.loan.due_on).num_days();
        let when = match days {
            d if d > 0 => format!("{d} day{} overdue", if d == 1 { "" } else { "s" }),
            0 => "due today".to_string(),
            d => format!("due in {} day{}", -d, if d == -1 { "" } else { "s" }),
        };
        let _ = writeln!(
            items,
            "- {} (barcode {}), due {}, {when}",
            l.title, l.item_barcode, l.loan.due_on
        );
    }
    let n = loans.len();
    template
        .replace("{patron_name}", &patron.name)
        .replace("{patron_card}", &patron.card)
        .replace("{library_name}", library_name)
        .replace("{today}", &today.to_string())
        .replace(
            "{count_items}",
            &format!("{n} item{}", if n == 1 { "" } else { "s" }),
        )
        .replace("{count}", &n.to_string())
        .replace("{is_are}", if n == 1 { "is" } else { "are" })
        .replace("{it_them}", if n == 1 { "it" } else { "them" })
        .replace("{items}", items.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_lists_each_item_with_its_days_overdue() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let patron = Patron {
            name: "Ada Byron".into(),
            card: "P000001".into(),
            ..Default::default()
        };
        let line = |title: &str, bc: &str, due: &str| LoanLine {
            loan: Loan {
                due_on: d(due),
                ..Default::default()
            },
            title: title.into(),
            item_barcode: bc.into(),
            ..Default::default()
        };
        let loans = [
            line("Contract law", "B1", "2026-11-30"),
            line("Tort", "B2", "2026-11-20"),
        ];
        let text = overdue_notice(
            DEFAULT_NOTICE,
            "Smith & Co Library",
            &patron,
            &loans,
            d("2026-12-01"),
        );
        assert!(text.starts_with("Dear Ada Byron,"), "{text}");
        assert!(text.contains("the following 2 items borrowed from Smith & Co Library are overdue as of 2026-12-01"), "{text}");
        assert!(text.contains("- Contract law (barcode B1), due 2026-11-30, 1 day overdue\n- Tort (barcode B2), due 2026-11-20, 11 days overdue\n"), "{text}");
        let one = overdue_notice(
            "{count_items} {is_are} {it_them}: {items} {unknown}",
            "L",
            &patron,
            &loans[..1],
            d("2026-11-27"),
        );
        assert_eq!(
            one,
            "1 item is it: - Contract law (barcode B1), due 2026-11-30, due in 3 days {unknown}"
        );
    }
}
