import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportSummary } from '../../lib/bindings/ImportSummary';
import { byTestId, clearMocks, emptySummary, installFakeCore, press, until } from '../../test/fakeCore';
import ImportDialog from './ImportDialog.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

function start(paths = ['/home/ann/in/batch.mrc'], origin: 'command-line' | 'picked' | 'dropped' = 'dropped') {
  const onclose = vi.fn();
  component = mount(ImportDialog, { target, props: { paths, origin, onclose } });
  flushSync();
  return { onclose };
}

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')!;
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim();

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

const withProblems: ImportSummary = emptySummary({
  files: ['/home/ann/in/catalogue.xml'],
  records_read: 6,
  imported: 2,
  rejected: 1,
  skipped: 1,
  merged: 1,
  unchanged: 1,
  elapsed_ms: 120,
  problems: [
    {
      file: '/home/ann/in/catalogue.xml',
      ordinal: 2,
      offset: 812,
      line: 31,
      tag: '245',
      severity: 'error',
      reason: 'line 33: subfield without a code',
    },
    {
      file: '/home/ann/in/catalogue.xml',
      ordinal: 3,
      offset: 1604,
      line: null,
      tag: null,
      severity: 'duplicate',
      reason: 'not imported: same LCCN 2001012345 as record 9 in the library',
    },
  ],
});

describe('the duplicate policy', () => {
  it('lists the three policies with their explanations, "Skip duplicates" chosen', () => {
    installFakeCore();
    start();
    const radios = Array.from(dialog().querySelectorAll<HTMLInputElement>('input[type="radio"]'));
    expect(radios.map((r) => [r.value, r.checked])).toEqual([
      ['skip', true],
      ['merge', false],
      ['add', false],
    ]);
    // Each radio is named by its label and described by its one-line explanation.
    const described = radios.map((r) => [
      text(document.getElementById(r.getAttribute('aria-labelledby')!)),
      text(document.getElementById(r.getAttribute('aria-describedby')!)),
    ]);
    expect(described).toEqual([
      ['Skip duplicates', 'Keep the library’s record; the incoming copy is not imported.'],
      ['Merge duplicates', 'The incoming record becomes the new version; the old one is kept in the record’s history.'],
      ['Add as new records', 'Import the incoming record beside the library’s, so both are kept.'],
    ]);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
  });

  it.each([
    ['merge', 'Merge duplicates'],
    ['add', 'Add as new records'],
    ['skip', 'Skip duplicates'],
  ])('passes "%s" to import_files when "%s" is chosen', async (policy, label) => {
    const calls = installFakeCore({ handlers: { import_files: () => emptySummary({ files: ['/a.mrc'] }) } });
    start(['/home/ann/a.mrc', '/home/ann/b.xml']);
    const choice = Array.from(dialog().querySelectorAll('label')).find((l) => l.textContent?.includes(label))!;
    // A click anywhere on the choice, its explanation included, picks it.
    choice.querySelector<HTMLElement>('.detail')!.click();
    flushSync();
    expect(dialog().querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value).toBe(policy);
    byTestId('confirm-import').click();
    await until(() => byTestId('import-summary'));
    const call = calls.find((c) => c.cmd === 'import_files')!;
    expect(call.args.paths).toEqual(['/home/ann/a.mrc', '/home/ann/b.xml']);
    expect(call.args.duplicates).toBe(policy);
  });

  it('Escape leaves without importing', () => {
    const calls = installFakeCore();
    const { onclose } = start();
    press(dialog(), 'Escape');
    expect(onclose).toHaveBeenCalledWith(false);
    expect(calls.some((c) => c.cmd === 'import_files')).toBe(false);
  });

  it('shows each file’s name and folder', () => {
    installFakeCore();
    start(['/home/ann/Downloads/new books.mrc'], 'dropped');
    expect(text(dialog().querySelector('#import-question'))).toBe('You dropped this file on Carrel. Import its records into the library?');
    const item = byTestId('pending-files').querySelector('li')!;
    expect(item.querySelector('.name')?.textContent).toBe('new books.mrc');
    expect(item.querySelector('.dir')?.textContent).toBe('in /home/ann/Downloads');
    expect(item.getAttribute('title')).toBe('/home/ann/Downloads/new books.mrc');
  });
});

describe('the summary', () => {
  async function finish(summary: ImportSummary, handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
    const calls = installFakeCore({ handlers: { import_files: () => summary, ...handlers } });
    start();
    byTestId('confirm-import').click();
    const box = await until(() => byTestId('import-summary'));
    return { calls, box };
  }

  it('adds a Line column when a problem has a line (MARCXML)', async () => {
    const { box } = await finish(withProblems);
    expect(Array.from(box.querySelectorAll('thead th')).map((th) => th.textContent)).toEqual([
      'File',
      'Record',
      'From line',
      'Byte offset',
      'Field',
      'Kind',
      'Reason',
    ]);
    const rows = Array.from(box.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.querySelectorAll('td')).map(text));
    expect(rows).toEqual([
      ['catalogue.xml', '2', '31', '812', '245', 'Rejected', 'line 33: subfield without a code'],
      ['catalogue.xml', '3', '—', '1604', '—', 'Duplicate', 'not imported: same LCCN 2001012345 as record 9 in the library'],
    ]);
    expect(byTestId('import-merged').dataset.value).toBe('1');
    expect(byTestId('import-unchanged').dataset.value).toBe('1');
    // No MARC-8 lines when no record was MARC-8.
    expect(box.querySelector('[data-testid="import-marc8"]')).toBeNull();
    expect(box.querySelector('[data-testid="import-undecoded"]')).toBeNull();
  });

  it('"Save report…" saves the report where the person chooses and says where', async () => {
    const { calls, box } = await finish(withProblems, {
      save_import_report: () => '/home/ann/Documents/import-report.txt',
    });
    byTestId('save-report').click();
    const saved = await until(() => byTestId('report-saved'));
    expect(saved.textContent).toBe('Report saved to /home/ann/Documents/import-report.txt');
    expect(saved.getAttribute('role')).toBe('status');
    // The core opened the save dialog: the page named no file.
    expect(calls.find((c) => c.cmd === 'save_import_report')?.args).toEqual({});
    expect(box.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows why a report could not be saved', async () => {
    await finish(withProblems, {
      save_import_report: () => {
        throw { kind: 'io', message: 'cannot write /read-only/import-report.txt: Permission denied (os error 13)' };
      },
    });
    byTestId('save-report').click();
    const error = await until(() => byTestId('report-error'));
    expect(error.textContent).toBe('Could not save the report: cannot write /read-only/import-report.txt: Permission denied (os error 13)');
    expect(error.getAttribute('role')).toBe('alert');
    expect(document.querySelector('[data-testid="report-saved"]')).toBeNull();
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const { calls } = await finish(withProblems, { save_import_report: () => null });
    byTestId('save-report').click();
    await until(() => expect(calls.some((c) => c.cmd === 'save_import_report')).toBe(true));
    await until(() => expect(byTestId<HTMLButtonElement>('save-report').disabled).toBe(false));
    expect(document.querySelector('[data-testid="report-saved"], [data-testid="report-error"]')).toBeNull();
  });
});

describe('while the import runs (issue 12: the desk never waits)', () => {
  /** Starts an import the test finishes with `release`; `onmodalchange` records each change. */
  async function running() {
    let release: (s: ImportSummary) => void = () => {};
    const calls = installFakeCore({
      handlers: { import_files: () => new Promise<ImportSummary>((resolve) => (release = resolve)) },
    });
    const onclose = vi.fn();
    const modal: boolean[] = [];
    component = mount(ImportDialog, {
      target,
      props: { paths: ['/home/ann/in/big.mrc'], origin: 'picked', onclose, onmodalchange: (m: boolean) => modal.push(m) },
    });
    flushSync();
    byTestId('confirm-import').click();
    const panel = await until(() => byTestId('import-progress'));
    return { calls, onclose, modal, panel, release: (s: ImportSummary) => release(s) };
  }

  it('shows its progress in a panel that is not modal, with a polite status', async () => {
    const { panel, modal } = await running();
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(panel.closest('[aria-modal]')).toBeNull();
    expect(modal).toEqual([true, false]);
    expect(byTestId('import-status').getAttribute('role')).toBe('status');
    expect(panel.querySelector('progress')).not.toBeNull();
    expect(text(byTestId('cancel-import'))).toBe('Cancel import…');
  });

  it('asks before cancelling, with the focus on "Keep importing", so a stray Enter cancels nothing', async () => {
    const { calls, modal } = await running();
    byTestId('cancel-import').click();
    await until(() => expect(document.activeElement).toBe(byTestId('keep-importing')));
    expect(dialog().getAttribute('aria-modal')).toBe('true');
    expect(modal.at(-1)).toBe(true);
    // Escape keeps importing and gives the focus back to the panel's button.
    press(dialog(), 'Escape');
    await until(() => expect(document.activeElement).toBe(byTestId('cancel-import')));
    expect(modal.at(-1)).toBe(false);
    expect(calls.some((c) => c.cmd === 'cancel_import')).toBe(false);
    // Asked again and confirmed: now it cancels.
    byTestId('cancel-import').click();
    (await until(() => byTestId('confirm-cancel-import'))).click();
    await until(() => expect(calls.some((c) => c.cmd === 'cancel_import')).toBe(true));
    await until(() => expect(text(byTestId('cancel-import'))).toBe('Cancelling…'));
  });

  it('announces the end without taking the focus from a field the person is typing in', async () => {
    const { release, modal, onclose } = await running();
    const field = document.createElement('input');
    field.setAttribute('aria-label', 'Item barcode');
    document.body.append(field);
    try {
      field.focus();
      press(field, '3');
      press(field, 'Enter');
      release(emptySummary({ files: ['/home/ann/in/big.mrc'], records_read: 20000, imported: 20000 }));
      await until(() => expect(text(byTestId('import-status'))).toBe('Import finished: 20,000 imported, 0 rejected.'));
      expect(byTestId('import-status').getAttribute('role')).toBe('status');
      expect(document.querySelector('[role="dialog"]')).toBeNull();
      expect(document.activeElement).toBe(field);
      expect(modal.at(-1)).toBe(false);
      // The person opens the summary when they are ready.
      byTestId('show-import-summary').click();
      const summary = await until(() => byTestId('import-summary'));
      expect(byTestId('import-imported').dataset.value).toBe('20000');
      expect(document.activeElement).toBe(byTestId('close-summary'));
      expect(modal.at(-1)).toBe(true);
      expect(summary.getAttribute('aria-modal')).toBe('true');
      byTestId('close-summary').click();
      expect(onclose).toHaveBeenCalledWith(true);
    } finally {
      field.remove();
    }
  });

  it('opens the summary at the end when nobody was working elsewhere', async () => {
    const { release } = await running();
    release(emptySummary({ files: ['/home/ann/in/big.mrc'], records_read: 3, imported: 3 }));
    await until(() => byTestId('import-summary'));
    expect(document.activeElement).toBe(byTestId('close-summary'));
  });

  it('Dismiss closes the finished panel without opening the summary', async () => {
    const { release, onclose } = await running();
    press(document.body, 'x');
    release(emptySummary({ files: ['/home/ann/in/big.mrc'], records_read: 3, imported: 3 }));
    (await until(() => byTestId('dismiss-import'))).click();
    expect(onclose).toHaveBeenCalledWith(true);
    expect(document.querySelector('[data-testid="import-summary"]')).toBeNull();
  });
});
