import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BarcodeRules } from '../../lib/bindings/BarcodeRules';
import type { RejectedRecord } from '../../lib/bindings/RejectedRecord';
import { allByTestId, byTestId, clearMocks, installFakeCore, typeInto, until } from '../../test/fakeCore';
import SettingsView from './SettingsView.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

const REJECT: RejectedRecord = {
  id: 3,
  source_file: 'bad_records.mrc',
  ordinal: 7,
  byte_offset: 764,
  tag: null,
  reason: 'the directory has no entries',
  bytes: 127,
  rejected_at: '2026-11-30T12:00:00+00:00',
};

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

function fakeSettings(extra: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  let rules: BarcodeRules = { prefix: '31234', length: 14, check_digit: 'codabar_mod10' };
  let rejects = [REJECT];
  let scheme: string | null = null;
  return installFakeCore({
    info: { path: '/home/ann/Chambers library.carrel', records: 1234, schema_version: 5 },
    handlers: {
      barcode_rules: () => rules,
      set_barcode_rules: (args) => {
        const r = args.rules as BarcodeRules;
        if (r.prefix.includes(' '))
          throw { kind: 'invalid_input', message: `barcode prefix "${r.prefix}" contains a space or control character` };
        rules = r;
        return rules;
      },
      check_barcode: (args) => {
        const r = args.rules as BarcodeRules;
        const b = String(args.barcode).trim();
        return r.length !== null && b.length !== r.length
          ? { barcode: null, problem: `barcode ${b} has ${b.length} characters; this library's barcodes have ${r.length}` }
          : { barcode: b, problem: null };
      },
      cataloguing_agency: () => 'Carrel',
      set_cataloguing_agency: (args) => String(args.code).trim() || 'Carrel',
      default_call_number_scheme: () => scheme,
      set_default_call_number_scheme: (args) => {
        scheme = (args.scheme as string | null) ?? null;
        return scheme;
      },
      count_rejects: () => rejects.length,
      list_rejects: () => rejects,
      // The core asks where in its own save dialog: the page names no file.
      export_rejects: () => ({ path: '/home/ann/rejected-records.mrc', records: rejects.length, xml_path: null, xml_records: 0 }),
      clear_rejects: () => {
        const n = rejects.length;
        rejects = [];
        return n;
      },
      ...extra,
    },
  });
}

function start() {
  component = mount(SettingsView, { target, props: {} });
  flushSync();
}

describe('SettingsView', () => {
  it('shows the stored barcode rules, tries a sample against the rules as typed and saves them', async () => {
    const calls = fakeSettings();
    start();
    const length = byTestId<HTMLInputElement>('barcode-length');
    await until(() => expect(length.value).toBe('14'));
    expect(byTestId<HTMLInputElement>('barcode-prefix').value).toBe('31234');
    expect(byTestId<HTMLInputElement>('barcode-check-codabar_mod10').checked).toBe(true);
    // Every input has a label.
    for (const input of Array.from(document.querySelectorAll('input:not([type="radio"])'))) {
      expect(document.querySelector(`label[for="${input.id}"]`), input.id).not.toBeNull();
    }

    typeInto(byTestId<HTMLInputElement>('barcode-sample'), '3123400012345');
    byTestId('barcode-try').click();
    await until(() => expect(byTestId('barcode-verdict').textContent).toContain('Does not pass: barcode 3123400012345 has 13 characters'));

    typeInto(length, '13');
    byTestId('barcode-try').click();
    await until(() => expect(byTestId('barcode-verdict').textContent).toContain('Passes the rules above: 3123400012345'));
    expect(calls.filter((c) => c.cmd === 'set_barcode_rules')).toHaveLength(0);

    byTestId('barcode-save').click();
    await until(() =>
      expect(byTestId('barcode-rules-saved').textContent).toContain(
        'Barcode rules saved. Barcodes start with 31234, have 13 characters and end with a Codabar mod 10 check digit.',
      ),
    );
    expect(calls.find((c) => c.cmd === 'set_barcode_rules')?.args).toEqual({
      rules: { prefix: '31234', length: 13, check_digit: 'codabar_mod10' },
    });
  });

  it('refuses an unreadable length without asking the core, and shows the core’s refusal in an alert', async () => {
    const calls = fakeSettings();
    start();
    await until(() => expect(byTestId<HTMLInputElement>('barcode-length').value).toBe('14'));
    typeInto(byTestId<HTMLInputElement>('barcode-length'), 'ten');
    byTestId('barcode-save').click();
    await until(() => expect(byTestId('barcode-rules-error').textContent).toContain('Length “ten”'));
    expect(byTestId('barcode-rules-error').getAttribute('role')).toBe('alert');
    expect(calls.filter((c) => c.cmd === 'set_barcode_rules')).toHaveLength(0);

    typeInto(byTestId<HTMLInputElement>('barcode-length'), '');
    typeInto(byTestId<HTMLInputElement>('barcode-prefix'), '31 234');
    byTestId('barcode-save').click();
    await until(() => expect(byTestId('barcode-rules-error').textContent).toContain('Not saved: barcode prefix "31 234" contains a space'));
  });

  it('saves the default call-number scheme, and none again', async () => {
    const calls = fakeSettings();
    start();
    const select = byTestId<HTMLSelectElement>('default-scheme');
    await until(() => expect(select.value).toBe(''));
    expect(document.querySelector('label[for="default-scheme"]')?.textContent).toBe('Default classification scheme');
    select.value = 'ddc';
    select.dispatchEvent(new Event('change'));
    byTestId('scheme-save').click();
    await until(() => expect(byTestId('scheme-saved').textContent).toBe('Default scheme saved: Dewey.'));
    expect(calls.find((c) => c.cmd === 'set_default_call_number_scheme')?.args).toEqual({ scheme: 'ddc' });

    select.value = '';
    select.dispatchEvent(new Event('change'));
    byTestId('scheme-save').click();
    await until(() => expect(byTestId('scheme-saved').textContent).toContain('No default scheme'));
    expect(calls.filter((c) => c.cmd === 'set_default_call_number_scheme').at(-1)?.args).toEqual({ scheme: null });
  });

  it('saves the cataloguing agency code and shows the library file', async () => {
    const calls = fakeSettings();
    start();
    const code = byTestId<HTMLInputElement>('agency-code');
    await until(() => expect(code.value).toBe('Carrel'));
    typeInto(code, 'UK-WkNB');
    byTestId('agency-save').click();
    await until(() => expect(byTestId('agency-saved').textContent).toBe('Agency code saved: new records get UK-WkNB in 040 $a and $c.'));
    expect(calls.find((c) => c.cmd === 'set_cataloguing_agency')?.args).toEqual({ code: 'UK-WkNB' });

    const facts = Array.from(byTestId('settings-library').querySelectorAll('dt')).map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]);
    expect(facts).toEqual([
      ['File', '/home/ann/Chambers library.carrel'],
      ['Records', '1,234'],
      ['Schema version', '5'],
    ]);
  });

  it('counts the rejected records, saves them as a file and clears them after a confirmation', async () => {
    const calls = fakeSettings();
    start();
    await until(() => expect(byTestId('rejects-count').textContent).toContain('1 rejected record.'));
    expect(allByTestId('rejects-list')[0]!.textContent).toContain('bad_records.mrc, record 7 (byte 764): the directory has no entries');

    byTestId('rejects-save').click();
    await until(() => expect(byTestId('rejects-message').textContent).toBe('Saved 1 rejected record to rejected-records.mrc.'));
    expect(calls.find((c) => c.cmd === 'export_rejects')?.args).toEqual({});

    byTestId('rejects-clear').click();
    await until(() => expect(byTestId('clear-rejects-dialog')).toBeTruthy());
    expect(calls.filter((c) => c.cmd === 'clear_rejects')).toHaveLength(0);
    byTestId('rejects-clear-confirm').click();
    await until(() => expect(byTestId('rejects-count').textContent).toContain('No rejected records.'));
    expect(byTestId('rejects-message').textContent).toBe('Cleared 1 rejected record.');
    expect(byTestId<HTMLButtonElement>('rejects-save').disabled).toBe(true);
  });
});
