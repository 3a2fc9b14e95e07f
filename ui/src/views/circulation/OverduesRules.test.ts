import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoanLine } from '../../lib/bindings/LoanLine';
import { allByTestId, byTestId, clearMocks, installFakeCore, until } from '../../test/fakeCore';
import Overdues from './Overdues.svelte';
import Rules from './Rules.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
  clearMocks();
});

function line(id: number, patronId: number, name: string, barcode: string, days: number): LoanLine {
  return {
    loan: {
      id,
      item_id: id,
      patron_id: patronId,
      checked_out_on: '2026-10-01',
      due_on: '2026-11-20',
      returned_on: null,
      renewals: 0,
      override_reason: null,
    },
    item_barcode: barcode,
    title: `Title ${barcode}`,
    call_number: 'KF 1',
    location: 'Main',
    enumeration: null,
    copy_number: null,
    patron_name: name,
    patron_card: `C${patronId}`,
    days_overdue: days,
  };
}

describe('Overdues', () => {
  it('lists overdue loans by patron with days overdue, and copies a patron’s notice to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const calls = installFakeCore({
      handlers: {
        overdues: () => [line(1, 7, 'Ada Byron', '3001', 10), line(2, 7, 'Ada Byron', '3002', 1), line(3, 8, 'Ben Okri', '3003', 4)],
        due_soon: () => [],
        overdue_notice: (a) => `Dear Ada Byron,\n- Title 3001 (barcode 3001), due 2026-11-20, 10 days overdue\n(${String(a.patronId)})`,
      },
    });
    component = mount(Overdues, { target });
    flushSync();
    await until(() => expect(byTestId('overdues').textContent).toContain('Overdue (3)'));
    expect(byTestId('overdues').textContent).toContain('10 days overdue');
    expect(byTestId('overdues').textContent).toContain('1 day overdue');
    const notices = Array.from(target.querySelectorAll<HTMLButtonElement>('button.link')).filter((b) => b.textContent === 'Notice…');
    expect(notices).toHaveLength(2);
    notices[0]!.click();
    await until(() => expect(byTestId('notice-text').textContent).toContain('Dear Ada Byron'));
    expect(calls.find((c) => c.cmd === 'overdue_notice')?.args).toEqual({ patronId: 7, reminder: false });
    byTestId<HTMLButtonElement>('notice-copy').click();
    await until(() => expect(writeText).toHaveBeenCalledWith(byTestId('notice-text').textContent));
  });
});

describe('Rules & calendar', () => {
  it('shows the loan rules and closes a day with its reason', async () => {
    let days = [{ day: '2026-12-25', reason: 'Christmas Day' }];
    const calls = installFakeCore({
      handlers: {
        loan_policy: () => ({
          rules: [
            {
              category: '*',
              item_type: '*',
              period_days: 21,
              due_on: null,
              renewals: 2,
              max_items: 20,
              holds_allowed: true,
              circulates: true,
            },
            {
              category: '*',
              item_type: 'looseleaf',
              period_days: 0,
              due_on: null,
              renewals: 0,
              max_items: 20,
              holds_allowed: false,
              circulates: false,
            },
          ],
        }),
        circulation_settings: () => ({
          library_name: 'L',
          weekend: [6, 7],
          anonymise_after_days: null,
          hold_expiry_days: 180,
          hold_pickup_days: 7,
          due_soon_days: 3,
          card_prefix: 'P',
          card_digits: 6,
          card_check_digit: false,
          notice_template: '',
        }),
        closed_days: () => days,
        close_days: (a) => {
          days = [...days, { day: (a.days as string[])[0]!, reason: String(a.reason) }];
          return days;
        },
      },
    });
    component = mount(Rules, { target });
    flushSync();
    await until(() => expect(byTestId('rules-table').querySelectorAll('tbody tr')).toHaveLength(2));
    const rows = Array.from(byTestId('rules-table').querySelectorAll('tbody tr')).map((r) => r.textContent ?? '');
    expect(rows[0]).toContain('21 days');
    expect(rows[1]).toContain('Looseleaf');
    expect(rows[1]).toContain('reading room only');
    const date = byTestId<HTMLInputElement>('closed-day-date');
    date.value = '2026-12-28';
    date.dispatchEvent(new Event('input', { bubbles: true }));
    const reason = target.querySelector<HTMLInputElement>('input[placeholder="Christmas Day"]')!;
    reason.value = 'Office move';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    date.form!.requestSubmit();
    await until(() => expect(allByTestId('closed-days')[0]!.textContent).toContain('2026-12-28 (Mon)Office move'));
    expect(calls.find((c) => c.cmd === 'close_days')?.args).toEqual({ days: ['2026-12-28'], reason: 'Office move' });
  });
});
