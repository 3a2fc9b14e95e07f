//! Circulation: patrons, loan rules, the calendar, check-out, check-in, renewal, holds,
//! overdues and loan history (see `docs/circulation.md`).
//!
//! The decisions ([`desk`]) are pure functions of values; [`store`] loads those values, calls
//! them and writes the outcome in one `BEGIN IMMEDIATE` transaction. The core never reads the
//! clock: every function takes `today` (a `chrono::NaiveDate`) from its caller. Due dates are
//! dates, never timestamps.
//!
//! The desk calls: [`check_out`], [`check_in`], [`renew`], [`reshelving_list`];
//! patrons: [`patrons::add_patron`], [`patrons::find_patrons`], [`patrons::get_patron_by_card`],
//! [`patron_loans`]; holds: [`holds::place_hold`], [`holds::cancel_hold`], [`holds::list_holds`],
//! [`holds::expire_holds`]; overdues: [`overdues::overdues`], [`overdues::due_soon`],
//! [`overdues::overdue_notice`]; setup: [`settings`], [`policy`], [`set_loan_rule`],
//! [`close_days`]; library cards: [`card::patron_card_pdf`], [`card::patron_cards_pdf`].

pub mod calendar;
pub mod card;
pub mod desk;
pub mod holds;
pub mod overdues;
pub mod patrons;
pub mod policy;
pub mod store;

pub use calendar::{Calendar, ClosedDay};
pub use card::{patron_card_pdf, patron_cards_pdf, save_patron_card, save_patron_cards};
pub use desk::{Loan, Refusal, RefusalKind};
pub use holds::{
    cancel_hold, expire_holds, get_hold, list_holds, place_hold, Hold, HoldFilter, HoldOutcome,
    HoldStatus,
};
pub use overdues::{
    due_soon, notices, overdue_notice, overdues, LoanLine, Notice, NoticeLoans, OverdueOrder,
};
pub use patrons::{
    add_patron, delete_patron, find_patrons, get_patron, get_patron_by_card, update_patron, Patron,
    PatronInput,
};
pub use policy::{CirculationSettings, LoanRule, Policy};
pub use store::{
    anonymise_loans, calendar, check_in, check_out, circulation_problems, close_days, closed_days,
    delete_loan_rule, item_loans, patron_at_desk, patron_loans, policy, renew, reopen_days,
    reshelving_list, set_loan_rule, set_settings, settings, CheckinReceipt, CheckoutOutcome,
    CheckoutReceipt, HoldSlip, PatronAtDesk, RenewOutcome, RenewReceipt,
};
