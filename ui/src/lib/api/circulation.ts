// Circulation (docs/circulation.md). The core takes today's date from the shell (the computer's
// local date); the window never sends it.

import { call } from './core';
import type { CheckinReceipt } from '../bindings/CheckinReceipt';
import type { CheckoutOutcome } from '../bindings/CheckoutOutcome';
import type { CirculationSettings } from '../bindings/CirculationSettings';
import type { ClosedDay } from '../bindings/ClosedDay';
import type { Hold } from '../bindings/Hold';
import type { HoldFilter } from '../bindings/HoldFilter';
import type { HoldOutcome } from '../bindings/HoldOutcome';
import type { LoanLine } from '../bindings/LoanLine';
import type { LoanRule } from '../bindings/LoanRule';
import type { OverdueOrder } from '../bindings/OverdueOrder';
import type { Patron } from '../bindings/Patron';
import type { PatronAtDesk } from '../bindings/PatronAtDesk';
import type { PatronInput } from '../bindings/PatronInput';
import type { Policy } from '../bindings/Policy';
import type { RenewOutcome } from '../bindings/RenewOutcome';

/** Today's local date (YYYY-MM-DD) as the desk's commands use it. */
export function circulationToday(): Promise<string> {
  return call('circulation_today');
}

/** The patron with this card, their open loans and holds, and why they cannot borrow today (if so). */
export function patronAtDesk(card: string): Promise<PatronAtDesk> {
  return call('patron_at_desk', { card });
}

/**
 * Lends item `itemBarcode` to the patron with card `patronCard`: done (with the due date) or
 * refused (with the reason, and whether an override is allowed). `overrideReason` overrides
 * every overridable refusal and is recorded on the loan.
 */
export function checkOut(itemBarcode: string, patronCard: string, overrideReason: string | null = null): Promise<CheckoutOutcome> {
  return call('check_out', { itemBarcode, patronCard, overrideReason });
}

/** Returns an item: who had it, days overdue, and a hold slip when it is now trapped for a hold. */
export function checkIn(itemBarcode: string): Promise<CheckinReceipt> {
  return call('check_in', { itemBarcode });
}

/** Renews the loan of an item (by its barcode): done with the new due date, or refused. */
export function renew(itemBarcode: string, overrideReason: string | null = null): Promise<RenewOutcome> {
  return call('renew', { itemBarcode, overrideReason });
}

/** A check-in session's receipts as a reshelving list: by location, then shelf order; hold-shelf items left out. */
export function reshelvingList(receipts: CheckinReceipt[]): Promise<CheckinReceipt[]> {
  return call('reshelving_list', { receipts });
}

/** Patrons whose name or department contains `text` or whose card starts with it, by name. */
export function findPatrons(text: string, limit: number): Promise<Patron[]> {
  return call('find_patrons', { text, limit });
}

export function getPatron(id: number): Promise<Patron> {
  return call('get_patron', { id });
}

/** Registers a patron; an empty card number is generated from the library's pattern. */
export function addPatron(input: PatronInput): Promise<Patron> {
  return call('add_patron', { input });
}

export function updatePatron(id: number, input: PatronInput): Promise<Patron> {
  return call('update_patron', { id, input });
}

/** Deletes a patron; refused (`invalid_input`, saying why) while they have items on loan. */
export function deletePatron(id: number): Promise<Patron> {
  return call('delete_patron', { id });
}

/** A patron's open loans by due date, then (with `history`) the returned ones, most recent first. */
export function patronLoans(patronId: number, history: boolean): Promise<LoanLine[]> {
  return call('patron_loans', { patronId, history });
}

/** An item's loans, most recent first (the open one, if any, first). */
export function itemLoans(itemId: number): Promise<LoanLine[]> {
  return call('item_loans', { itemId });
}

/** Places a hold on a record (any copy, `itemId` null) or one of its items, for a patron. */
export function placeHold(patronId: number, recordId: number, itemId: number | null = null): Promise<HoldOutcome> {
  return call('place_hold', { patronId, recordId, itemId });
}

export function cancelHold(id: number): Promise<Hold> {
  return call('cancel_hold', { id });
}

/** Open holds (or all, with `filter.all`), optionally of one patron or record, in queue order. */
export function listHolds(filter: HoldFilter): Promise<Hold[]> {
  return call('list_holds', { filter });
}

/** Lapses holds past their date; resolves to them (trapped copies to take off the hold shelf). */
export function expireHolds(): Promise<Hold[]> {
  return call('expire_holds');
}

/** Open loans past their due date, by patron or by item, with days overdue. */
export function overdues(order: OverdueOrder): Promise<LoanLine[]> {
  return call('overdues', { order });
}

/** Open loans due within `days` (null: the library's setting). */
export function dueSoon(days: number | null = null): Promise<LoanLine[]> {
  return call('due_soon', { days });
}

/** The overdue notice (or, with `reminder`, the due-soon reminder) for a patron, from the template. */
export function overdueNotice(patronId: number, reminder: boolean): Promise<string> {
  return call('overdue_notice', { patronId, reminder });
}

export function circulationSettings(): Promise<CirculationSettings> {
  return call('circulation_settings');
}

export function setCirculationSettings(settings: CirculationSettings): Promise<CirculationSettings> {
  return call('set_circulation_settings', { settings });
}

/** The loan rules table (category × item type). */
export function loanPolicy(): Promise<Policy> {
  return call('loan_policy');
}

/** Adds or replaces the rule for its category × item type. */
export function setLoanRule(rule: LoanRule): Promise<Policy> {
  return call('set_loan_rule', { rule });
}

export function deleteLoanRule(category: string, itemType: string): Promise<Policy> {
  return call('delete_loan_rule', { category, itemType });
}

/** The closed-days list (besides the weekend), by date. */
export function closedDays(): Promise<ClosedDay[]> {
  return call('closed_days');
}

export function closeDays(days: string[], reason: string): Promise<ClosedDay[]> {
  return call('close_days', { days, reason });
}

export function reopenDays(days: string[]): Promise<ClosedDay[]> {
  return call('reopen_days', { days });
}

/**
 * Prints a patron's library card: asks where to save it in the native save dialog (proposing
 * `library-card-CARD.pdf`), then writes the PDF (ID-1 card, the card number as a Code 128
 * barcode). Resolves to the patron, or null when the person cancels the dialog.
 */
export function savePatronCard(card: string): Promise<Patron | null> {
  return call('save_patron_card', { card });
}
