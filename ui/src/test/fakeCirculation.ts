// Fake handlers for the circulation commands (pass to installFakeCore's `handlers`): a tiny
// in-memory desk with patrons, items and loans, enough for the desk's flows. Due dates are
// fixed (`DUE`) since the real ones come from the core's calendar.

import type { CheckinReceipt } from '../lib/bindings/CheckinReceipt';
import type { CheckoutOutcome } from '../lib/bindings/CheckoutOutcome';
import type { LoanLine } from '../lib/bindings/LoanLine';
import type { Patron } from '../lib/bindings/Patron';
import type { PatronAtDesk } from '../lib/bindings/PatronAtDesk';
import type { PatronInput } from '../lib/bindings/PatronInput';

export const DUE = '2026-12-21';

export interface FakeItem {
  id: number;
  barcode: string;
  title: string;
  callNumber: string;
  location: string;
  lendable: boolean;
  /** Volume ("v.2"); none when absent. */
  enumeration?: string;
  /** Copy number ("2"); none when absent. */
  copy?: string;
}

export function patron(id: number, name: string, card: string, extra: Partial<Patron> = {}): Patron {
  return {
    id,
    name,
    card,
    category: 'staff',
    department: '',
    email: null,
    phone: null,
    expires_on: null,
    notes: null,
    blocked: false,
    block_reason: null,
    loans: 0,
    ...extra,
  };
}

export function fakeDesk(items: FakeItem[], patrons: Patron[] = []) {
  const loans = new Map<string, { patronId: number; loanId: number }>();
  let nextLoan = 1;
  let nextPatron = 100;
  const byCard = (card: string) => {
    const p = patrons.find((x) => x.card === card);
    if (!p) throw { kind: 'not_found', message: `no patron with card number ${card}` };
    return p;
  };
  const byBarcode = (b: string) => {
    const i = items.find((x) => x.barcode === b);
    if (!i) throw { kind: 'not_found', message: `no item with barcode ${b}` };
    return i;
  };
  const lines = (patronId: number): LoanLine[] =>
    [...loans.entries()]
      .filter(([, l]) => l.patronId === patronId)
      .map(([b, l]) => {
        const i = byBarcode(b);
        const p = patrons.find((x) => x.id === patronId)!;
        return {
          loan: {
            id: l.loanId,
            item_id: i.id,
            patron_id: patronId,
            checked_out_on: '2026-11-30',
            due_on: DUE,
            returned_on: null,
            renewals: 0,
            override_reason: null,
          },
          item_barcode: b,
          title: i.title,
          call_number: i.callNumber,
          location: i.location,
          enumeration: i.enumeration ?? null,
          copy_number: i.copy ?? null,
          patron_name: p.name,
          patron_card: p.card,
          days_overdue: 0,
        };
      });
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    patron_at_desk: (a) => {
      const p = byCard(String(a.card));
      const out: PatronAtDesk = {
        patron: p,
        loans: lines(p.id),
        holds: [],
        cannot_borrow: p.blocked
          ? { kind: 'patron_blocked', message: `patron ${p.name} is blocked: ${p.block_reason ?? ''}`, overridable: true }
          : null,
      };
      return out;
    },
    check_out: (a) => {
      const p = byCard(String(a.patronCard));
      const i = byBarcode(String(a.itemBarcode));
      if (loans.has(i.barcode))
        return {
          outcome: 'refused',
          kind: 'already_on_loan',
          message: `item ${i.barcode} is already on loan`,
          overridable: false,
        } satisfies CheckoutOutcome;
      if (!i.lendable && !a.overrideReason)
        return {
          outcome: 'refused',
          kind: 'not_circulating',
          message: 'items of type looseleaf do not circulate (reading room only)',
          overridable: true,
        } satisfies CheckoutOutcome;
      loans.set(i.barcode, { patronId: p.id, loanId: nextLoan++ });
      return {
        outcome: 'done',
        loan_id: nextLoan - 1,
        due_date: DUE,
        item_barcode: i.barcode,
        title: i.title,
        call_number: i.callNumber,
        enumeration: i.enumeration ?? null,
        copy_number: i.copy ?? null,
        patron_name: p.name,
        patron_card: p.card,
        overridden: a.overrideReason ? [{ kind: 'not_circulating', message: 'reading room only', overridable: true }] : [],
        filled_hold: null,
      } satisfies CheckoutOutcome;
    },
    check_in: (a) => {
      const i = byBarcode(String(a.itemBarcode));
      const l = loans.get(i.barcode);
      loans.delete(i.barcode);
      const p = l ? patrons.find((x) => x.id === l.patronId)! : null;
      return {
        item_id: i.id,
        item_barcode: i.barcode,
        title: i.title,
        call_number: i.callNumber,
        location: i.location,
        enumeration: i.enumeration ?? null,
        copy_number: i.copy ?? null,
        shelf_key: i.callNumber,
        was_on_loan: l !== undefined,
        patron_name: p?.name ?? null,
        patron_card: p?.card ?? null,
        due_on: l ? DUE : null,
        days_overdue: 0,
        hold: null,
        new_status: 'available',
        corrected_from: null,
      } satisfies CheckinReceipt;
    },
    reshelving_list: (a) =>
      [...(a.receipts as CheckinReceipt[])].sort((x, y) => (x.location + x.shelf_key).localeCompare(y.location + y.shelf_key)),
    find_patrons: (a) => {
      const t = String(a.text).toLowerCase();
      return patrons.filter((p) => p.name.toLowerCase().includes(t) || p.department.toLowerCase().includes(t) || p.card.startsWith(t));
    },
    get_patron: (a) => {
      const p = patrons.find((x) => x.id === a.id);
      if (!p) throw { kind: 'not_found', message: `no patron with id ${String(a.id)}` };
      return { ...p, loans: lines(p.id).length };
    },
    add_patron: (a) => {
      const i = a.input as PatronInput;
      const p = patron(nextPatron++, i.name, i.card ?? `P${String(nextPatron).padStart(6, '0')}`, {
        department: i.department,
        category: i.category ?? 'staff',
      });
      patrons.push(p);
      return p;
    },
    update_patron: (a) => {
      const i = a.input as PatronInput;
      const p = patrons.find((x) => x.id === a.id)!;
      Object.assign(p, { name: i.name, department: i.department, blocked: i.blocked, block_reason: i.block_reason });
      return p;
    },
    delete_patron: (a) => {
      const p = patrons.find((x) => x.id === a.id)!;
      if (lines(p.id).length > 0)
        throw { kind: 'invalid_input', message: `patron ${p.name} has ${lines(p.id).length} item(s) on loan; check them in first` };
      patrons.splice(patrons.indexOf(p), 1);
      return p;
    },
    patron_loans: (a) => lines(Number(a.patronId)),
    list_holds: () => [],
    renew: (a) => ({
      outcome: 'refused',
      kind: 'renewal_limit',
      message: `item ${String(a.itemBarcode)} has been renewed 2 times, the most allowed`,
      overridable: true,
    }),
  };
  return { handlers, loans, patrons };
}
