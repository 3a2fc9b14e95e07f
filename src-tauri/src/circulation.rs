//! The circulation desk's commands (see `docs/circulation.md`). Each is thin: it locks the
//! library, passes today's LOCAL date (the core never reads the clock) and maps the error.

use carrel::circulation::{
    self as circ, CheckinReceipt, CheckoutOutcome, CirculationSettings, ClosedDay, Hold,
    HoldFilter, HoldOutcome, LoanLine, LoanRule, OverdueOrder, Patron, PatronAtDesk, PatronInput,
    Policy, RenewOutcome,
};
use carrel::ApiError;
use carrel::RecordId;
use chrono::NaiveDate;
use tauri::State;

use crate::state::{self, AppState};

/// Today in the computer's time zone: the desk's day (due dates are local dates).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Today's local date as YYYY-MM-DD, so the window shows the day the core was given.
#[tauri::command]
pub fn circulation_today() -> String {
    today().to_string()
}

#[tauri::command]
pub fn patron_at_desk(state: State<'_, AppState>, card: String) -> Result<PatronAtDesk, ApiError> {
    Ok(circ::patron_at_desk(&*state.library()?, &card, today())?)
}

#[tauri::command]
pub fn check_out(
    state: State<'_, AppState>,
    item_barcode: String,
    patron_card: String,
    override_reason: Option<String>,
) -> Result<CheckoutOutcome, ApiError> {
    Ok(circ::check_out(
        &mut *state.library()?,
        &item_barcode,
        &patron_card,
        today(),
        override_reason.as_deref(),
    )?)
}

#[tauri::command]
pub fn check_in(
    state: State<'_, AppState>,
    item_barcode: String,
) -> Result<CheckinReceipt, ApiError> {
    Ok(circ::check_in(
        &mut *state.library()?,
        &item_barcode,
        today(),
    )?)
}

#[tauri::command]
pub fn renew(
    state: State<'_, AppState>,
    item_barcode: String,
    override_reason: Option<String>,
) -> Result<RenewOutcome, ApiError> {
    Ok(circ::renew(
        &mut *state.library()?,
        &item_barcode,
        today(),
        override_reason.as_deref(),
    )?)
}

/// A check-in session's receipts in reshelving order (location, then shelf order).
#[tauri::command]
pub fn reshelving_list(receipts: Vec<CheckinReceipt>) -> Vec<CheckinReceipt> {
    circ::reshelving_list(&receipts)
}

#[tauri::command]
pub fn find_patrons(
    state: State<'_, AppState>,
    text: String,
    limit: u32,
) -> Result<Vec<Patron>, ApiError> {
    Ok(circ::find_patrons(&*state.library()?, &text, limit)?)
}

#[tauri::command]
pub fn get_patron(state: State<'_, AppState>, id: i64) -> Result<Patron, ApiError> {
    Ok(circ::get_patron(&*state.library()?, id)?)
}

#[tauri::command]
pub fn add_patron(state: State<'_, AppState>, input: PatronInput) -> Result<Patron, ApiError> {
    Ok(circ::add_patron(
        &mut *state.library()?,
        &input,
        state::now(),
    )?)
}

#[tauri::command]
pub fn update_patron(
    state: State<'_, AppState>,
    id: i64,
    input: PatronInput,
) -> Result<Patron, ApiError> {
    Ok(circ::update_patron(
        &mut *state.library()?,
        id,
        &input,
        state::now(),
    )?)
}

#[tauri::command]
pub fn delete_patron(state: State<'_, AppState>, id: i64) -> Result<Patron, ApiError> {
    Ok(circ::delete_patron(&mut *state.library()?, id)?)
}

/// A patron's open loans by due date, then (with `history`) the returned ones.
#[tauri::command]
pub fn patron_loans(
    state: State<'_, AppState>,
    patron_id: i64,
    history: bool,
) -> Result<Vec<LoanLine>, ApiError> {
    Ok(circ::patron_loans(
        &*state.library()?,
        patron_id,
        today(),
        history,
    )?)
}

#[tauri::command]
pub fn item_loans(state: State<'_, AppState>, item_id: i64) -> Result<Vec<LoanLine>, ApiError> {
    Ok(circ::item_loans(&*state.library()?, item_id, today())?)
}

#[tauri::command]
pub fn place_hold(
    state: State<'_, AppState>,
    patron_id: i64,
    record_id: RecordId,
    item_id: Option<i64>,
) -> Result<HoldOutcome, ApiError> {
    Ok(circ::place_hold(
        &mut *state.library()?,
        patron_id,
        record_id,
        item_id,
        today(),
    )?)
}

#[tauri::command]
pub fn cancel_hold(state: State<'_, AppState>, id: i64) -> Result<Hold, ApiError> {
    Ok(circ::cancel_hold(&mut *state.library()?, id, today())?)
}

#[tauri::command]
pub fn list_holds(state: State<'_, AppState>, filter: HoldFilter) -> Result<Vec<Hold>, ApiError> {
    Ok(circ::list_holds(&*state.library()?, &filter)?)
}

/// Lapses holds past their date; returns them (trapped copies to take off the hold shelf).
#[tauri::command]
pub fn expire_holds(state: State<'_, AppState>) -> Result<Vec<Hold>, ApiError> {
    Ok(circ::expire_holds(&mut *state.library()?, today())?)
}

#[tauri::command]
pub fn overdues(
    state: State<'_, AppState>,
    order: OverdueOrder,
) -> Result<Vec<LoanLine>, ApiError> {
    Ok(circ::overdues(&*state.library()?, today(), order)?)
}

/// Loans due within `days` (None: the setting `due_soon_days`).
#[tauri::command]
pub fn due_soon(state: State<'_, AppState>, days: Option<u32>) -> Result<Vec<LoanLine>, ApiError> {
    let lib = state.library()?;
    let days = match days {
        Some(d) => d,
        None => circ::settings(&lib)?.due_soon_days,
    };
    Ok(circ::due_soon(&lib, today(), days)?)
}

/// The notice for patron `patron_id`: their overdue loans, or (with `reminder`) those due soon.
#[tauri::command]
pub fn overdue_notice(
    state: State<'_, AppState>,
    patron_id: i64,
    reminder: bool,
) -> Result<String, ApiError> {
    let lib = state.library()?;
    let loans = if reminder {
        circ::NoticeLoans::DueSoon(None)
    } else {
        circ::NoticeLoans::Overdue
    };
    let notice = circ::notices(&lib, loans, Some(patron_id), today())?.pop();
    Ok(notice.map(|n| n.notice).unwrap_or_default())
}

#[tauri::command]
pub fn circulation_settings(state: State<'_, AppState>) -> Result<CirculationSettings, ApiError> {
    Ok(circ::settings(&*state.library()?)?)
}

#[tauri::command]
pub fn set_circulation_settings(
    state: State<'_, AppState>,
    settings: CirculationSettings,
) -> Result<CirculationSettings, ApiError> {
    Ok(circ::set_settings(&mut *state.library()?, &settings)?)
}

#[tauri::command]
pub fn loan_policy(state: State<'_, AppState>) -> Result<Policy, ApiError> {
    Ok(circ::policy(&*state.library()?)?)
}

#[tauri::command]
pub fn set_loan_rule(state: State<'_, AppState>, rule: LoanRule) -> Result<Policy, ApiError> {
    Ok(circ::set_loan_rule(&mut *state.library()?, &rule)?)
}

#[tauri::command]
pub fn delete_loan_rule(
    state: State<'_, AppState>,
    category: String,
    item_type: String,
) -> Result<Policy, ApiError> {
    Ok(circ::delete_loan_rule(
        &mut *state.library()?,
        &category,
        &item_type,
    )?)
}

/// The closed-days list, by date.
#[tauri::command]
pub fn closed_days(state: State<'_, AppState>) -> Result<Vec<ClosedDay>, ApiError> {
    Ok(circ::closed_days(&*state.library()?, None)?)
}

#[tauri::command]
pub fn close_days(
    state: State<'_, AppState>,
    days: Vec<NaiveDate>,
    reason: String,
) -> Result<Vec<ClosedDay>, ApiError> {
    Ok(circ::close_days(&mut *state.library()?, &days, &reason)?)
}

#[tauri::command]
pub fn reopen_days(
    state: State<'_, AppState>,
    days: Vec<NaiveDate>,
) -> Result<Vec<ClosedDay>, ApiError> {
    Ok(circ::reopen_days(&mut *state.library()?, &days)?)
}
