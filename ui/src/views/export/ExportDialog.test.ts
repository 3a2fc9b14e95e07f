import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportContext } from '../../lib/exportOptions';
import type { ExportSummary } from '../../lib/bindings/ExportSummary';
import { byTestId, clearMocks, emit, exportSummary, installFakeCore, press, until } from '../../test/fakeCore';
import ExportDialog from './ExportDialog.svelte';

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

const CONTEXT: ExportContext = {
  query: 'jazz',
  resultCount: 42,
  resultCountIsLowerBound: false,
  openRecord: { id: 17, title: 'Kind of blue' },
  libraryRecords: 1000,
  libraryPath: '/home/ann/Chambers library.carrel',
};

function start(context: Partial<ExportContext> = {}) {
  const onclose = vi.fn();
  component = mount(ExportDialog, { target, props: { context: { ...CONTEXT, ...context }, onclose } });
  flushSync();
  return { onclose };
}

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]')!;
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim();
const checked = (name: string) => dialog().querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;

function choose(testid: string): void {
  byTestId<HTMLInputElement>(testid).click();
  flushSync();
}

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

/**
 * A fake core whose save dialog (opened by `export_records` itself) answers `path` and whose
 * export writes everything at once.
 */
function core(path: string | null = '/home/ann/out.mrc', result: Partial<ExportSummary> = {}) {
  return installFakeCore({
    handlers: {
      export_records: (args) => {
        if (path === null) return null;
        emit(args.onProgress, 0, { written: 0, total: 0 });
        return exportSummary({ path, written: 1, ...result });
      },
    },
  });
}

describe('the export dialog', () => {
  it('offers this record, the search results and the whole library; the open record first', async () => {
    core();
    start();
    const box = dialog();
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(text(box.querySelector('h2'))).toBe('Export MARC records');
    const scopes = Array.from(byTestId('export-scope').querySelectorAll('label')).map((l) => [
      text(l.querySelector('.label')),
      text(l.querySelector('.detail')),
    ]);
    expect(scopes).toEqual([
      ['This record', '“Kind of blue”'],
      ['The search results', '42 records matching “jazz”'],
      ['The whole library', '1,000 records'],
    ]);
    expect(checked('export-scope')).toBe('record');
    expect(checked('export-format')).toBe('iso2709');
    expect(checked('export-encoding')).toBe('utf8');
    // Focus starts, visibly, on the first question's chosen answer (not on a button that a
    // click-opened dialog would focus without a ring).
    await until(() => expect(document.activeElement).toBe(byTestId('export-scope-record')));
    expect(byTestId('export-scope-record').hasAttribute('data-focus-ring')).toBe(true);
  });

  it('focuses the chosen scope when it is not the first, and the ring goes with the focus', async () => {
    core();
    start({ openRecord: null });
    const results = byTestId('export-scope-results');
    await until(() => expect(document.activeElement).toBe(results));
    expect(results.hasAttribute('data-focus-ring')).toBe(true);
    byTestId('export-choose-file').focus();
    expect(results.hasAttribute('data-focus-ring')).toBe(false);
  });

  it.each([
    ['export-scope-record', { kind: 'ids', value: [17] }, 'Kind of blue.mrc'],
    ['export-scope-results', { kind: 'query', value: 'jazz' }, 'jazz - search results.mrc'],
    ['export-scope-all', { kind: 'all' }, 'Chambers library.mrc'],
  ])('%s exports the selection %j, proposing "%s"', async (choice, selection, name) => {
    const calls = core('/home/ann/exports/out.mrc');
    start();
    choose(choice);
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-summary'));
    const { onProgress: _channel, ...args } = calls.find((c) => c.cmd === 'export_records')!.args;
    expect(args).toEqual({ selection, format: 'iso2709', encoding: 'utf8', splitLongFields: false, fileName: name });
    expect(byTestId('export-path').textContent).toBe('/home/ann/exports/out.mrc');
  });

  it('offers only the whole library when no search is shown and no record is open', () => {
    core();
    start({ query: '', resultCount: 3, openRecord: null });
    const values = Array.from(byTestId('export-scope').querySelectorAll<HTMLInputElement>('input')).map((i) => i.value);
    expect(values).toEqual(['all']);
    expect(checked('export-scope')).toBe('all');
  });

  it('MARCXML needs no encoding, and gets the .xml name', async () => {
    const calls = core('/home/ann/out.xml');
    start({ openRecord: null });
    choose('export-format-marcxml');
    expect(document.querySelector('[data-testid="export-encoding"]')).toBeNull();
    expect(byTestId('export-encoding-note').textContent).toBe('MARCXML is always written in Unicode (UTF-8).');
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-summary'));
    const args = calls.find((c) => c.cmd === 'export_records')!.args;
    expect([args.format, args.encoding, args.selection, args.fileName]).toEqual([
      'marcxml',
      'utf8',
      { kind: 'query', value: 'jazz' },
      'jazz - search results.xml',
    ]);
  });

  it('splits long notes only when asked, and only in ISO 2709', async () => {
    const calls = core();
    start();
    const box = byTestId<HTMLInputElement>('export-split-long');
    expect(box.checked).toBe(false);
    expect(box.closest('label')?.textContent).toContain('Split long notes so that long records fit ISO 2709');
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toContain('NAME-too-long.xml');
    box.click();
    flushSync();
    // MARCXML keeps every record whole: no choice to make there.
    choose('export-format-marcxml');
    expect(document.querySelector('[data-testid="export-split-long"]')).toBeNull();
    choose('export-format-iso2709');
    expect(byTestId<HTMLInputElement>('export-split-long').checked).toBe(true);
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-summary'));
    expect(calls.find((c) => c.cmd === 'export_records')?.args.splitLongFields).toBe(true);
  });

  it('names each record too long for ISO 2709 and the MARCXML file that holds it', async () => {
    core('/home/ann/exports/law.mrc', {
      written: 9,
      split: 1,
      in_marcxml: 1,
      marcxml_path: '/home/ann/exports/law-too-long.xml',
      too_long: [
        {
          id: 4,
          title: 'Digest',
          bytes: 61000,
          outcome: 'split',
          message:
            'record 4 “Digest”: field 505 is 60100 bytes long; written with field 505 split into 7 fields (MARC 21 repeatable notes)',
        },
        {
          id: 7,
          title: 'Reports',
          bytes: 120500,
          outcome: 'marcxml',
          message: 'record 7 “Reports”: the record is 120500 bytes long; written whole in MARCXML to law-too-long.xml',
        },
      ],
    });
    start();
    byTestId('export-choose-file').click();
    const summary = await until(() => byTestId('export-summary'));
    expect(text(summary.querySelector('p'))).toBe('9 records written to law.mrc.');
    expect(text(byTestId('export-long-marcxml'))).toBe('1 record written whole in MARCXML to law-too-long.xml.');
    expect(byTestId('export-long-path').textContent).toBe('/home/ann/exports/law-too-long.xml');
    expect(text(byTestId('export-long-split'))).toBe('1 record written with long notes split into repeated fields.');
    expect(text(byTestId('export-unchanged-note'))).not.toContain('Every record');
    expect(Array.from(byTestId('export-long').querySelectorAll('li')).map((li) => li.textContent)).toEqual([
      'record 4 “Digest”: field 505 is 60100 bytes long; written with field 505 split into 7 fields (MARC 21 repeatable notes)',
      'record 7 “Reports”: the record is 120500 bytes long; written whole in MARCXML to law-too-long.xml',
    ]);
  });

  it('says that nothing went into the ISO 2709 file when every record was too long', async () => {
    core('/home/ann/one.mrc', {
      written: 0,
      in_marcxml: 1,
      marcxml_path: '/home/ann/one-too-long.xml',
      too_long: [{ id: 17, title: 'Kind of blue', bytes: 120500, outcome: 'marcxml', message: 'record 17 …' }],
    });
    start();
    byTestId('export-choose-file').click();
    const summary = await until(() => byTestId('export-summary'));
    expect(text(summary.querySelector('p'))).toBe('No record fits in ISO 2709: nothing was written to one.mrc.');
    expect(document.querySelector('[data-testid="export-path"]')).toBeNull();
    expect(text(byTestId('export-long-marcxml'))).toBe('1 record written whole in MARCXML to one-too-long.xml.');
    // Splitting was not asked for: say that it may put such records into the file.
    expect(text(byTestId('export-long-suggest'))).toContain('export again with “Split long notes');
  });

  it('MARC-8 is passed as the encoding for ISO 2709', async () => {
    const calls = core();
    start();
    choose('export-encoding-marc8');
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-summary'));
    expect(calls.find((c) => c.cmd === 'export_records')?.args.encoding).toBe('marc8');
  });

  it('stays open, exporting nothing, when the save dialog is cancelled', async () => {
    const calls = core(null);
    start();
    byTestId('export-choose-file').click();
    await until(() => expect(calls.some((c) => c.cmd === 'export_records')).toBe(true));
    await until(() => expect(byTestId<HTMLButtonElement>('export-choose-file').disabled).toBe(false));
    expect(byTestId('export-dialog')).toBeTruthy();
    expect(document.querySelector('[data-testid="export-summary"]')).toBeNull();
    // Back, visibly, on the button that was disabled while the save dialog was open.
    await until(() => expect(document.activeElement).toBe(byTestId('export-choose-file')));
    expect(byTestId('export-choose-file').hasAttribute('data-focus-ring')).toBe(true);
  });

  it('Escape and Cancel close the options without exporting', () => {
    const calls = core();
    const { onclose } = start();
    press(dialog(), 'Escape');
    expect(onclose).toHaveBeenCalledTimes(1);
    Array.from(dialog().querySelectorAll('button'))
      .find((b) => b.textContent?.trim() === 'Cancel')!
      .click();
    expect(onclose).toHaveBeenCalledTimes(2);
    expect(calls.some((c) => c.cmd === 'export_records')).toBe(false);
  });

  it('shows progress, cancels, and says no file was written', async () => {
    let release: (s: ExportSummary) => void = () => {};
    let channel: unknown;
    const calls = installFakeCore({
      handlers: {
        export_records: (args) => {
          channel = args.onProgress;
          emit(channel, 0, { written: 0, total: 0 });
          return new Promise<ExportSummary>((resolve) => (release = resolve));
        },
      },
    });
    start();
    choose('export-scope-all');
    byTestId('export-choose-file').click();
    const progress = await until(() => byTestId('export-progress'));
    expect(byTestId('export-progress-text').textContent).toBe('Starting…');
    expect(document.activeElement).toBe(byTestId('cancel-export'));

    emit(channel, 1, { written: 500, total: 2000 });
    flushSync();
    expect(progress.querySelector('progress')?.value).toBe(0.25);
    expect(byTestId('export-progress-text').textContent).toBe('500 of 2,000 records written');

    // Escape does not abandon a running export.
    press(dialog(), 'Escape');
    expect(byTestId('export-progress')).toBeTruthy();

    byTestId('cancel-export').click();
    await until(() => expect(calls.some((c) => c.cmd === 'cancel_export')).toBe(true));
    await until(() => expect(byTestId('cancel-export').textContent?.trim()).toBe('Cancelling…'));
    release(exportSummary({ path: '/home/ann/all.mrc', written: 700, cancelled: true }));
    const summary = await until(() => byTestId('export-summary'));
    expect(text(summary.querySelector('h2'))).toBe('Export cancelled');
    expect(byTestId('export-cancelled').textContent).toBe('Cancelled: no file was written.');
    expect(summary.querySelector('[data-testid="export-written"]')).toBeNull();
  });

  it('summarises what was written, unchanged and failed, with the problems', async () => {
    core('/home/ann/exports/jazz.mrc', {
      written: 41,
      unchanged: 40,
      failed: 1,
      problems: ['record 12 cannot be read: <directory> entry 3 points past the end'],
    });
    start();
    choose('export-scope-results');
    byTestId('export-choose-file').click();
    const summary = await until(() => byTestId('export-summary'));
    expect(text(summary.querySelector('h2'))).toBe('Export finished');
    expect(text(summary.querySelector('p'))).toBe('41 records written to jazz.mrc.');
    expect(byTestId('export-path').textContent).toBe('/home/ann/exports/jazz.mrc');
    expect(byTestId('export-written').dataset.value).toBe('41');
    expect(byTestId('export-unchanged').textContent?.trim()).toBe('40');
    expect(byTestId('export-failed-count').textContent?.trim()).toBe('1');
    expect(byTestId('export-unchanged-note').textContent).toBe(
      '“Unchanged” records were written byte for byte as they were imported; the others were converted to the chosen format or encoding.',
    );
    expect(Array.from(byTestId('export-problems').querySelectorAll('li')).map((li) => li.textContent)).toEqual([
      'record 12 cannot be read: <directory> entry 3 points past the end',
    ]);
    expect(document.activeElement).toBe(byTestId('close-export'));
    expect(byTestId('close-export').hasAttribute('data-focus-ring')).toBe(true);
  });

  it('shows a failed export as an alert', async () => {
    installFakeCore({
      handlers: {
        export_records: (args) => {
          emit(args.onProgress, 0, { written: 0, total: 0 });
          throw { kind: 'io', message: 'cannot write /read-only/x.mrc.part: Permission denied (os error 13)' };
        },
      },
    });
    const { onclose } = start();
    byTestId('export-choose-file').click();
    const failed = await until(() => byTestId('export-failed'));
    expect(failed.querySelector('[role="alert"]')?.textContent).toBe('cannot write /read-only/x.mrc.part: Permission denied (os error 13)');
    expect(failed.textContent).toContain('No file was written.');
    expect(document.activeElement).toBe(byTestId('close-export'));
    expect(byTestId('close-export').hasAttribute('data-focus-ring')).toBe(true);
    byTestId('close-export').click();
    expect(onclose).toHaveBeenCalled();
  });
});
