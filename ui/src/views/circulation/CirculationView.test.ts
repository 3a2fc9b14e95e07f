import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allByTestId, byTestId, clearMocks, installFakeCore, press, typeInto, until } from '../../test/fakeCore';
import { DUE, fakeDesk, patron } from '../../test/fakeCirculation';
import CirculationView from './CirculationView.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

const ITEMS = [
  { id: 1, barcode: '3001', title: 'Company law handbook', callNumber: 'KF 1414 .C6', location: 'Main', lendable: true },
  { id: 2, barcode: '3002', title: 'Arbitration in practice', callNumber: 'KF 9085 .A7', location: 'Main', lendable: true },
  { id: 3, barcode: '3003', title: 'Employment law service', callNumber: 'KF 3319 .E6', location: 'Main', lendable: false },
];

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
  localStorage.setItem('carrel.desk.sound', 'off');
});

afterEach(() => {
  if (component) unmount(component);
  component = null;
  target.remove();
  clearMocks();
});

/** The text of a test id as shown (white space collapsed, as the page renders it). */
function text(testId: string): string {
  return (byTestId(testId).textContent ?? '').replace(/\s+/g, ' ');
}

/** A scanner: the digits into the focused field, then Enter. */
function scan(digits: string): void {
  const field = document.activeElement as HTMLInputElement;
  typeInto(field, digits);
  press(field, 'Enter');
}

describe('CirculationView', () => {
  it('checks out by scan: card, then items; green rows with the due date, a red row with the reason and an override', async () => {
    const desk = fakeDesk(ITEMS, [patron(7, 'Ada Byron', '2000123')]);
    const calls = installFakeCore({ handlers: desk.handlers });
    component = mount(CirculationView, { target });
    flushSync();
    await (component as unknown as { focus: () => Promise<void> }).focus();
    expect(document.activeElement).toBe(byTestId('desk-card'));

    scan('2000123');
    await until(() => expect(byTestId('desk-patron-name').textContent).toBe('Ada Byron'));
    await until(() => expect(document.activeElement).toBe(byTestId('desk-item')));

    scan('3001');
    await until(() => expect(allByTestId('scan-ok')).toHaveLength(1));
    expect(byTestId('scan-due').textContent).toBe(`${DUE} (Mon)`);
    await until(() => expect(document.activeElement).toBe(byTestId('desk-item')));
    expect(byTestId<HTMLInputElement>('desk-item').value).toBe('');

    scan('3003');
    await until(() => expect(allByTestId('scan-refused')).toHaveLength(1));
    expect(byTestId('scan-reason').textContent).toBe('Items of type looseleaf do not circulate (reading room only).');
    byTestId<HTMLButtonElement>('scan-override').click();
    await until(() => expect(document.activeElement).toBe(byTestId('override-reason')));
    typeInto(byTestId<HTMLInputElement>('override-reason'), 'Partner needs it at home');
    flushSync();
    byTestId<HTMLButtonElement>('override-confirm').click();
    await until(() => expect(allByTestId('scan-ok')).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === 'check_out').at(-1)?.args).toEqual({
      itemBarcode: '3003',
      patronCard: '2000123',
      overrideReason: 'Partner needs it at home',
    });
    await until(() => expect(allByTestId('desk-loans')[0]!.querySelectorAll('tbody tr')).toHaveLength(2));

    // Esc ends the session; the card field waits for the next patron.
    press(byTestId('desk-item'), 'Escape');
    await until(() => expect(allByTestId('desk-patron')).toHaveLength(0));
    await until(() => expect(document.activeElement).toBe(byTestId('desk-card')));
  });

  it('says so when a scanned card belongs to nobody, and keeps the focus on the card field', async () => {
    installFakeCore({ handlers: fakeDesk(ITEMS).handlers });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId('desk-card').focus();
    scan('999');
    await until(() => expect(byTestId('desk-card-error').textContent).toBe('No patron has card number 999.'));
    expect(document.activeElement).toBe(byTestId('desk-card'));
  });

  it('checks in by scan and builds the reshelving list in shelf order', async () => {
    const desk = fakeDesk(ITEMS, [patron(7, 'Ada Byron', '2000123')]);
    desk.loans.set('3002', { patronId: 7, loanId: 1 });
    desk.loans.set('3001', { patronId: 7, loanId: 2 });
    installFakeCore({ handlers: desk.handlers });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId<HTMLButtonElement>('circ-tab-checkin').click();
    await until(() => expect(document.activeElement).toBe(byTestId('checkin-item')));
    scan('3002');
    await until(() => expect(allByTestId('checkin-row')).toHaveLength(1));
    expect(allByTestId('checkin-row')[0]!.textContent).toContain('from Ada Byron (2000123)');
    scan('3001');
    await until(() => expect(allByTestId('reshelving-row')).toHaveLength(2));
    expect(allByTestId('reshelving-row').map((r) => r.querySelector('td:nth-child(2)')!.textContent)).toEqual([
      'KF 1414 .C6',
      'KF 9085 .A7',
    ]);
    expect(document.activeElement).toBe(byTestId('checkin-item'));
  });

  it('moves between tabs with the arrow keys', async () => {
    installFakeCore({ handlers: fakeDesk(ITEMS).handlers });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId('circ-tab-checkout').focus();
    press(byTestId('circ-tab-checkout'), 'ArrowRight');
    await until(() => expect(document.activeElement).toBe(byTestId('circ-tab-checkin')));
    expect(byTestId('circ-tab-checkin').getAttribute('aria-selected')).toBe('true');
    press(byTestId('circ-tab-checkin'), 'ArrowLeft');
    await until(() => expect(byTestId('circ-tab-checkout').getAttribute('aria-selected')).toBe('true'));
  });

  it('registers a patron, finds them as you type, and refuses to delete one with loans, saying why', async () => {
    const desk = fakeDesk(ITEMS, [patron(7, 'Ada Byron', '2000123', { department: 'Litigation' })]);
    desk.loans.set('3001', { patronId: 7, loanId: 1 });
    installFakeCore({ handlers: desk.handlers });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId<HTMLButtonElement>('circ-tab-patrons').click();
    await until(() => expect(allByTestId('patron-row')).toHaveLength(1));

    byTestId<HTMLButtonElement>('patron-new').click();
    await until(() => expect(document.activeElement).toBe(byTestId('pf-name')));
    typeInto(byTestId<HTMLInputElement>('pf-name'), 'Ben Okri');
    typeInto(byTestId<HTMLInputElement>('pf-department'), 'Tax');
    flushSync();
    byTestId<HTMLButtonElement>('pf-save').click();
    await until(() => expect(byTestId('patron-message').textContent).toMatch(/^Registered Ben Okri, card P\d{6}\.$/));

    typeInto(byTestId<HTMLInputElement>('patron-search'), 'litig');
    await until(() => expect(allByTestId('patron-row').map((r) => r.textContent)).toEqual([expect.stringContaining('Ada Byron')]));
    allByTestId<HTMLButtonElement>('patron-row')[0]!.click();
    await until(() => expect(byTestId('patron-card').textContent).toBe('2000123'));
    expect(byTestId('patron-loans').textContent).toContain('Company law handbook');

    const confirm = window.confirm;
    window.confirm = () => true;
    try {
      byTestId<HTMLButtonElement>('patron-delete').click();
      await until(() => expect(byTestId('patron-error').textContent).toContain('has 1 item(s) on loan'));
    } finally {
      window.confirm = confirm;
    }
  });

  it('saves the patron’s library card as a PDF where the save dialog says', async () => {
    const desk = fakeDesk(ITEMS, [patron(7, 'Ada Byron', '2000123')]);
    const calls = installFakeCore({
      handlers: { ...desk.handlers, save_patron_card: () => desk.patrons[0] },
    });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId<HTMLButtonElement>('circ-tab-patrons').click();
    await until(() => expect(allByTestId('patron-row')).toHaveLength(1));
    allByTestId<HTMLButtonElement>('patron-row')[0]!.click();
    await until(() => byTestId('patron-print-card'));
    byTestId<HTMLButtonElement>('patron-print-card').click();
    await until(() => expect(byTestId('patron-message').textContent).toBe('Library card of Ada Byron saved as PDF: print it from there.'));
    // The core opens the save dialog (proposing the card's name): the page names no file.
    expect(calls.find((c) => c.cmd === 'save_patron_card')?.args).toEqual({ card: '2000123' });
  });

  it('renews by scan: an item the patron already has offers Renew, and the row turns green with the new date', async () => {
    const desk = fakeDesk(ITEMS, [patron(7, 'Ada Byron', '2000123')]);
    desk.loans.set('3001', { patronId: 7, loanId: 4 });
    const calls = installFakeCore({
      handlers: {
        ...desk.handlers,
        renew: () => ({
          outcome: 'done',
          loan_id: 4,
          item_barcode: '3001',
          title: 'Company law handbook',
          patron_name: 'Ada Byron',
          due_date: '2027-01-11',
          renewals: 1,
          overridden: [],
        }),
      },
    });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId('desk-card').focus();
    scan('2000123');
    await until(() => expect(document.activeElement).toBe(byTestId('desk-item')));
    scan('3001');
    await until(() => expect(byTestId('scan-reason').textContent).toBe('Item 3001 is already on loan.'));
    expect(allByTestId('scan-override')).toHaveLength(0);
    byTestId<HTMLButtonElement>('scan-renew').click();
    await until(() => expect(byTestId('scan-due').textContent).toBe('2027-01-11 (Mon)'));
    expect(calls.find((c) => c.cmd === 'renew')?.args).toEqual({ itemBarcode: '3001', overrideReason: null });
    expect(document.activeElement).toBe(byTestId('desk-item'));
  });

  it('tells two copies of one volume apart in the check-out, on-loan and check-in rows', async () => {
    const oeuvres = { title: 'Œuvres complètes', callNumber: 'PQ2040 .A1 1959', location: 'Main', lendable: true, enumeration: 'v.2' };
    const desk = fakeDesk(
      [
        { ...oeuvres, id: 11, barcode: '4001', copy: '1' },
        { ...oeuvres, id: 12, barcode: '4002', copy: '2' },
      ],
      [patron(7, 'Ada Byron', '2000123')],
    );
    installFakeCore({ handlers: desk.handlers });
    component = mount(CirculationView, { target });
    flushSync();
    byTestId('desk-card').focus();
    scan('2000123');
    await until(() => expect(document.activeElement).toBe(byTestId('desk-item')));
    scan('4002');
    await until(() => expect(allByTestId('scan-ok')).toHaveLength(1));
    expect(text('scan-ok')).toContain('Œuvres complètes — v.2 c.2 · PQ2040 .A1 1959');
    await until(() => expect(allByTestId('desk-loans')).toHaveLength(1));
    expect(text('desk-loans')).toContain('v.2 c.2 · PQ2040 .A1 1959');

    byTestId<HTMLButtonElement>('circ-tab-checkin').click();
    await until(() => expect(document.activeElement).toBe(byTestId('checkin-item')));
    scan('4002');
    await until(() => expect(allByTestId('checkin-row')).toHaveLength(1));
    expect(text('checkin-row')).toContain('Œuvres complètes — v.2 c.2 · PQ2040 .A1 1959');
  });
});
