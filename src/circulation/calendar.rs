//! The calendar of open and closed days, and due dates that fall on open days only.
//!
//! The library is closed on its weekend days (setting `circulation.weekend`, ISO weekday numbers,
//! default Saturday and Sunday) and on the dates of table `closed_days` (public holidays, ad-hoc
//! closures). A due date that falls on a closed day moves to the next open day.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One closed day besides the weekend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClosedDay {
    /// The date (YYYY-MM-DD).
    pub day: NaiveDate,
    /// Why ("Christmas Day", "Office move"); may be empty.
    pub reason: String,
}

/// The library's open and closed days, as values (loaded by `store::calendar`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    /// Weekend days, ISO numbers 1 = Monday … 7 = Sunday.
    pub weekend: Vec<u8>,
    /// Closed dates with their reasons.
    pub closed: BTreeMap<NaiveDate, String>,
}

impl Calendar {
    /// A calendar with these weekend days (ISO 1–7) and no other closures.
    pub fn with_weekend(weekend: &[u8]) -> Calendar {
        Calendar {
            weekend: weekend.to_vec(),
            closed: BTreeMap::new(),
        }
    }

    /// Adds a closed day (builder style, for tests and the store).
    pub fn close(mut self, day: NaiveDate, reason: &str) -> Calendar {
        self.closed.insert(day, reason.to_string());
        self
    }

    /// Whether the library is open on `day`.
    pub fn is_open(&self, day: NaiveDate) -> bool {
        let iso = day.weekday().number_from_monday() as u8;
        !self.weekend.contains(&iso) && !self.closed.contains_key(&day)
    }

    /// `day` if the library is open then, else the next open day. A calendar closed every day
    /// of the week (a misconfiguration) gives `day` itself rather than search forever; so does a
    /// run of more than ten years of closed dates.
    pub fn next_open_day(&self, day: NaiveDate) -> NaiveDate {
        if (1..=7).all(|d| self.weekend.contains(&d)) {
            return day;
        }
        let mut d = day;
        for _ in 0..3700 {
            if self.is_open(d) {
                return d;
            }
            match d.checked_add_days(Days::new(1)) {
                Some(next) => d = next,
                None => return day,
            }
        }
        day
    }
}

/// `today` plus `days` calendar days, moved to the next open day. Saturates at the end of
/// chrono's date range.
pub fn due_after(calendar: &Calendar, today: NaiveDate, days: u32) -> NaiveDate {
    let raw = today
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    calendar.next_open_day(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn due_dates_move_past_closed_days_across_month_and_year_ends() {
        let cal = Calendar::with_weekend(&[6, 7])
            .close(d("2026-12-25"), "Christmas Day")
            .close(d("2026-12-28"), "Boxing Day (substitute)")
            .close(d("2027-01-01"), "New Year's Day");
        // (today, days, expected due date)
        let cases = [
            ("2026-12-04", 21, "2026-12-29"), // Fri 25th closed, weekend, Mon 28th closed → Tue 29th
            ("2026-12-11", 21, "2027-01-04"), // Fri 1 Jan closed, weekend → Mon 4 Jan
            ("2026-11-09", 21, "2026-11-30"), // Monday, open: unchanged
            ("2026-11-07", 21, "2026-11-30"), // lands Sat 28 Nov → Mon 30 Nov (month end)
            ("2027-01-30", 0, "2027-02-01"),  // Saturday, zero days → Monday, next month
        ];
        for (today, days, due) in cases {
            assert_eq!(due_after(&cal, d(today), days), d(due), "{today} + {days}");
        }
    }

    #[test]
    fn a_leap_day_is_an_ordinary_open_day() {
        let cal = Calendar::with_weekend(&[6, 7]);
        assert_eq!(due_after(&cal, d("2028-02-08"), 21), d("2028-02-29")); // Tuesday
        assert_eq!(due_after(&cal, d("2028-02-09"), 21), d("2028-03-01"));
        let closed = cal.close(d("2028-02-29"), "Leap day stocktake");
        assert_eq!(due_after(&closed, d("2028-02-08"), 21), d("2028-03-01"));
        // 2027 is not a leap year: 7 Feb + 21 days is 28 Feb, a Sunday → Monday 1 March.
        assert_eq!(
            due_after(&Calendar::with_weekend(&[6, 7]), d("2027-02-07"), 21),
            d("2027-03-01")
        );
    }

    #[test]
    fn other_weekends_and_a_calendar_closed_all_week() {
        let fri_sat = Calendar::with_weekend(&[5, 6]);
        assert_eq!(fri_sat.next_open_day(d("2026-12-04")), d("2026-12-06")); // Fri → Sun
        let none = Calendar::with_weekend(&[]);
        assert_eq!(none.next_open_day(d("2026-12-05")), d("2026-12-05"));
        let always = Calendar::with_weekend(&[1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(always.next_open_day(d("2026-12-05")), d("2026-12-05"));
    }
}
