import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { focusableWithin } from './lib/focusTrap';
import type { ImportSummary } from './lib/bindings/ImportSummary';
import {
  allByTestId,
  byTestId,
  clearMocks,
  dragFiles,
  emit,
  emptySummary,
  exportSummary,
  installFakeCore,
  listenerCount,
  record,
  press,
  typeInto,
  until,
} from './test/fakeCore';

let target: HTMLElement;
let app: ReturnType<typeof mount> | null = null;

function start() {
  app = mount(App, { target });
  flushSync();
  return byTestId<HTMLInputElement>('search');
}

const query = (selector: string) => document.querySelector<HTMLElement>(selector);
const dialog = () => query('[role="dialog"]');
// Svelte sets `inert` as a property; jsdom does not reflect it to the attribute.
const isInert = () => (query('.shell') as (HTMLElement & { inert?: boolean }) | null)?.inert === true;

beforeEach(() => {
  target = document.createElement('div');
  document.body.append(target);
});

afterEach(() => {
  if (app) unmount(app);
  app = null;
  target.remove();
  clearMocks();
});

describe('App shell', () => {
  it('shows the sections, the library and its record count', async () => {
    installFakeCore();
    start();
    const nav = Array.from(document.querySelectorAll('nav[aria-label="Sections"] button')).map((b) => b.textContent?.trim());
    expect(nav).toEqual(['Catalogue', 'Shelf list', 'Subjects', 'Deleted records', 'Circulation', 'Bibliographies', 'Settings']);
    expect(query('nav [aria-current="page"]')?.textContent?.trim()).toBe('Catalogue');

    await until(() => expect(byTestId('library-records').textContent?.trim()).toBe('3 records'));
    const footer = byTestId('library-info').textContent ?? '';
    expect(footer).toContain('Chambers library');
    expect(footer).toContain('/home/ann/Chambers library.carrel');
    expect(footer.replace(/\s+/g, ' ')).toContain('1 record has characters that could not be decoded');
  });

  it('offers no section that does not exist yet', async () => {
    installFakeCore();
    start();
    const shell = query('.shell')!.textContent ?? '';
    expect(shell).not.toMatch(/later version|coming/i);
    expect(query('[data-testid="nav-reports"]')).toBeNull();
  });

  it('"/" from another section brings the catalogue back with the query focused and selected', async () => {
    installFakeCore();
    const input = start();
    typeInto(input, 'contract');
    // A click focuses the button it clicks (jsdom's click() does not).
    byTestId('nav-trash').focus();
    byTestId('nav-trash').click();
    flushSync();
    expect(query('h1')?.textContent).toBe('Deleted records');
    expect(input.closest('[hidden]')).not.toBeNull();

    const event = press(document.body, '/');
    expect(event.defaultPrevented).toBe(true);
    await until(() => expect(document.activeElement).toBe(input));
    expect(query('h1')?.textContent).toBe('Catalogue');
    expect(input.value).toBe('contract');
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'contract'.length]);
  });

  it('"/" after going back to the catalogue selects the query instead of typing a slash', async () => {
    installFakeCore();
    const input = start();
    typeInto(input, 'dvorak');
    byTestId('nav-shelf').focus();
    byTestId('nav-shelf').click();
    flushSync();
    byTestId('nav-catalogue').focus();
    byTestId('nav-catalogue').click();
    await until(() => expect(document.activeElement).toBe(input));

    // Carrel put the focus in the box: "/" is the shortcut, not a character.
    const event = press(input, '/');
    expect(event.defaultPrevented).toBe(true);
    expect(input.value).toBe('dvorak');
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, 'dvorak'.length]);

    // Once the user types, "/" is a character again (call numbers and titles have slashes).
    typeInto(input, 'KF');
    expect(press(input, '/').defaultPrevented).toBe(false);
  });

  it('opens the circulation desk with the card field ready for a scan', async () => {
    installFakeCore();
    start();
    byTestId('nav-circulation').click();
    await until(() => expect(document.activeElement).toBe(byTestId('desk-card')));
    expect(query('h1')?.textContent).toBe('Circulation');
    expect(byTestId('circ-tab-checkout').getAttribute('aria-selected')).toBe('true');
  });

  it('shows a library that cannot be opened as an alert, not a blank page', async () => {
    installFakeCore({
      handlers: {
        library_info: () => {
          throw { kind: 'not_a_library', message: 'notes.txt is not a Carrel library.' };
        },
      },
    });
    start();
    await until(() =>
      expect(Array.from(document.querySelectorAll('[role="alert"]')).map((a) => a.firstElementChild?.textContent)).toContain(
        'Could not open the library: notes.txt is not a Carrel library.',
      ),
    );
    expect(byTestId('library-info').textContent).toContain('No library open');
    expect(byTestId('import-button')).toBeTruthy();
  });
});

const HEBREW = record(7, 'Gag : shirim', {
  vernacular_title: 'גג : שירים',
  mnemonic: [
    '=LDR  00000nam\\a2200000\\a\\4500',
    '=001  7',
    '=245  10$6880-01$aGag :$bshirim /$cDavid.',
    '=880  10$6245-01/(2/r$aגג :$bשירים /$cדוד.',
    '',
  ].join('\n'),
});

describe('record view', () => {
  it('lays out each MARC line left to right, with right-to-left subfield data isolated', async () => {
    installFakeCore({ records: [HEBREW] });
    const input = start();
    await until(() => expect(allByTestId('result')).toHaveLength(1));
    press(input, 'Enter');
    await until(() => expect(byTestId('record-title').textContent).toBe('Gag : shirim'));
    // Titles take their direction from their text: a Hebrew one would align right.
    expect(byTestId('record-title').getAttribute('dir')).toBe('auto');
    // The 880 title in its own script, on its own line, taking its direction from its text.
    expect(byTestId('record-vernacular-title').textContent).toBe('גג : שירים');
    expect(byTestId('record-vernacular-title').getAttribute('dir')).toBe('auto');

    const marc = byTestId('record-marc');
    // The text is the mnemonic unchanged: one field a line.
    expect(marc.textContent).toBe(HEBREW.mnemonic);
    // One element per line, each left to right.
    const lines = allByTestId('record-marc-line', marc);
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => l.getAttribute('dir'))).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
    expect(lines.map((l) => l.textContent)).toEqual(
      HEBREW.mnemonic
        .split('\n')
        .slice(0, 4)
        .map((l) => l + '\n'),
    );

    // The 880: tag and indicators first, then `$6`, `$a`… each before its own isolated data.
    const hebrew = lines[3]!;
    expect(hebrew.textContent).toMatch(/^=880  10\$6245-01\/\(2\/r\$aגג :\$b/);
    const isolated = Array.from(hebrew.querySelectorAll('bdi')).map((b) => b.textContent);
    expect(isolated).toEqual(['245-01/(2/r', 'גג :', 'שירים /', 'דוד.']);
    const codes = Array.from(hebrew.querySelectorAll('.marc-code')).map((c) => c.textContent);
    expect(codes).toEqual(['$6', '$a', '$b', '$c']);
    // No delimiter is inside an isolated run, where right-to-left text could move it.
    expect(isolated.some((t) => t?.includes('$'))).toBe(false);
    // The MARC wraps in the record's own scroll, so it is no longer a Tab stop of its own.
    expect(marc.hasAttribute('tabindex')).toBe(false);
  });

  it('opens with Enter, shows every part as text, and Esc goes back to the results', async () => {
    const calls = installFakeCore();
    const input = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    press(input, 'End'); // End stays with the caret while typing: selection unchanged
    press(input, 'ArrowDown');
    press(input, 'ArrowDown');
    press(input, 'Enter');

    await until(() => expect(byTestId('record-title').textContent).toBe('Principles of contract law'));
    expect(calls.find((c) => c.cmd === 'get_record')?.args).toEqual({ id: 1 });
    const view = byTestId('record-view');
    expect(view.textContent).toContain('by Anne Smith');
    expect(view.textContent).toContain('3rd edition');
    expect(view.textContent).toContain('London : Sweet & Maxwell, 2019');
    expect(view.textContent).toContain('xl, 512 pages ; 24 cm');
    expect(view.textContent).toContain('Law in context');
    expect(Array.from(byTestId('record-subjects').querySelectorAll('li')).map((li) => li.textContent)).toEqual([
      'Contracts -- Great Britain',
      'Commercial law',
    ]);
    expect(view.textContent).toContain('Includes bibliographical references and index.');
    expect(view.textContent).toContain('020: invalid ISBN check digit kept as given');

    const ids = byTestId('record-identifiers');
    expect(ids.tagName).toBe('DL');
    const pairs = Array.from(ids.querySelectorAll('dt')).map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim(),
    ]);
    expect(pairs).toEqual([
      ['ISBN', '9780414071234 (hardback)'],
      ['LCCN', '2018012345'],
      ['Control number', 'ocm123456 (OCoLC)'],
    ]);

    const marc = byTestId('record-marc');
    expect(marc.tagName).toBe('PRE');
    expect(marc.textContent).toBe('=LDR  00000nam a2200000 a 4500\n=001  1\n=245  10$aPrinciples of contract law');
    expect(document.activeElement).toBe(byTestId('record-title'));

    press(document.activeElement!, 'Escape');
    await until(() => expect(query('[data-testid="record-view"]')).toBeNull());
    expect(document.activeElement).toBe(input);
    // The same result is still selected.
    const selected = allByTestId('result').filter((r) => r.getAttribute('aria-selected') === 'true');
    expect(selected.map((r) => r.dataset.id)).toEqual(['1']);
  });

  it('renders a hostile title as text in the record view', async () => {
    installFakeCore();
    const input = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    press(input, 'Enter');
    await until(() => expect(byTestId('record-title').textContent).toBe('<img src=x onerror=alert(1)> Evidence & <b>procedure</b>'));
    expect(document.querySelector('img')).toBeNull();
    expect(byTestId('record-view').textContent).toContain('Some characters not decoded');
  });

  it('"Back to results" returns to the list; Ctrl+K from the record focuses the search', async () => {
    installFakeCore();
    const input = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    press(input, 'Enter');
    await until(() => byTestId('record-title'));
    const back = Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.includes('Back to results'));
    back!.click();
    await until(() => expect(query('[data-testid="record-view"]')).toBeNull());
    expect(document.activeElement).toBe(input);

    press(input, 'Enter');
    await until(() => byTestId('record-title'));
    const event = press(document.activeElement!, 'k', { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    await until(() => expect(document.activeElement).toBe(input));
    expect(query('[data-testid="record-view"]')).toBeNull();
  });

  it('a "/" typed in the search box stays a slash', async () => {
    installFakeCore();
    const input = start();
    const event = press(input, '/');
    expect(event.defaultPrevented).toBe(false);
    typeInto(input, 'KF/801');
    expect(input.value).toBe('KF/801');
  });

  it('shows a record that cannot be read as an alert', async () => {
    installFakeCore({
      handlers: {
        get_record: () => {
          throw { kind: 'not_found', message: 'Record 3 was deleted.' };
        },
      },
    });
    const input = start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    press(input, 'Enter');
    await until(() => expect(byTestId('record-view').querySelector('[role="alert"]')?.textContent).toBe('Record 3 was deleted.'));
  });
});

describe('import', () => {
  const finished: ImportSummary = emptySummary({
    files: ['/home/ann/in/batch.mrc'],
    records_read: 1502,
    imported: 1490,
    rejected: 12,
    skipped: 2,
    merged: 0,
    warnings: 3,
    marc8_decoded: 40,
    undecoded: 1,
    elapsed_ms: 2300,
    problems: [
      {
        file: '/home/ann/in/batch.mrc',
        ordinal: 17,
        offset: 40960,
        line: null,
        tag: '245',
        severity: 'error',
        reason: 'field has no subfields',
      },
      {
        file: '/home/ann/in/batch.mrc',
        ordinal: 99,
        offset: 200000,
        line: null,
        tag: null,
        severity: 'warning',
        reason: 'leader length <wrong>',
      },
      {
        file: '/home/ann/in/batch.mrc',
        ordinal: 120,
        offset: 260000,
        line: null,
        tag: null,
        severity: 'duplicate',
        reason: 'not imported: same ISBN 9780414071234 as record 1 in the library',
      },
      { file: '/home/ann/in/broken.mrc', ordinal: 0, offset: 0, line: null, tag: null, severity: 'error', reason: 'not a MARC file' },
    ],
    problems_omitted: 10,
  });

  it('asks before importing files given on the command line, shows progress, then the summary', async () => {
    let release: (s: ImportSummary) => void = () => {};
    let channel: unknown;
    const calls = installFakeCore({
      pending: ['/home/ann/in/batch.mrc'],
      handlers: {
        import_files: (args) => {
          channel = args.onEvent;
          return new Promise<ImportSummary>((resolve) => (release = resolve));
        },
      },
    });
    start();

    const confirm = await until(() => byTestId('confirm-import'));
    const box = dialog()!;
    expect(box.getAttribute('aria-modal')).toBe('true');
    expect(box.textContent).toContain('batch.mrc');
    expect(document.activeElement).toBe(confirm);
    expect(isInert()).toBe(true);

    // The duplicate policy is a labelled group of native radios; "Skip duplicates" is chosen.
    const group = byTestId('duplicate-policy');
    expect(group.tagName).toBe('FIELDSET');
    expect(group.querySelector('legend')?.textContent).toBe('Records already in the library');
    expect(byTestId<HTMLInputElement>('duplicates-skip').checked).toBe(true);
    expect(byTestId<HTMLInputElement>('duplicates-skip').type).toBe('radio');

    // Tab stays inside the dialog and stops once in the radio group (on the chosen policy):
    // Tab from the last button wraps to the group, Shift+Tab from the group to the last button.
    const cancel = Array.from(dialog()!.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Cancel')!;
    cancel.focus();
    press(cancel, 'Tab');
    expect(document.activeElement).toBe(byTestId('duplicates-skip'));
    press(document.activeElement!, 'Tab', { shiftKey: true });
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel');

    confirm.click();
    const progress = await until(() => byTestId('import-progress'));
    // The progress is a panel, not a dialog: the window stays usable, the search keeps the keyboard.
    expect(progress.closest('[role="dialog"]')).toBeNull();
    await until(() => expect(isInert()).toBe(false));
    await until(() => expect(document.activeElement).toBe(byTestId('search')));
    expect(byTestId<HTMLButtonElement>('import-button').disabled).toBe(true);
    expect(calls.find((c) => c.cmd === 'import_files')?.args.paths).toEqual(['/home/ann/in/batch.mrc']);
    expect(calls.find((c) => c.cmd === 'import_files')?.args.duplicates).toBe('skip');

    // Files dragged over the window meanwhile: the overlay names the running import, not a dialog.
    dragFiles('enter', ['/tmp/more.mrc']);
    flushSync();
    expect(query('[data-testid="drop-overlay"]')?.textContent).toContain('An import is running: drop files again when it has finished');
    dragFiles('leave');
    flushSync();

    emit(channel, 0, { type: 'file_started', file: '/home/ann/in/batch.mrc', index: 0, files: 1, bytes_total: 8000 });
    emit(channel, 1, {
      type: 'progress',
      file: '/home/ann/in/batch.mrc',
      records_read: 1200,
      imported: 1190,
      rejected: 10,
      skipped: 0,
      merged: 0,
      unchanged: 0,
      bytes_read: 6000,
      bytes_total: 8000,
      records_per_second: 812.7,
    });
    flushSync();
    expect(progress.querySelector('progress')?.value).toBe(0.75);
    expect(progress.textContent).toContain('1,200 records read · 1,190 imported · 10 rejected · 813 records/s');
    expect(progress.textContent).toContain('batch.mrc');

    // Cancel asks first (a stray Enter never throws the import away).
    byTestId('cancel-import').click();
    await until(() => expect(document.activeElement).toBe(byTestId('keep-importing')));
    expect(isInert()).toBe(true);
    expect(calls.some((c) => c.cmd === 'cancel_import')).toBe(false);
    byTestId('confirm-cancel-import').click();
    await until(() => expect(calls.some((c) => c.cmd === 'cancel_import')).toBe(true));
    await until(() => expect(byTestId('cancel-import').textContent?.trim()).toBe('Cancelling…'));

    const searchesBefore = calls.filter((c) => c.cmd === 'search').length;
    release(finished);
    const summary = await until(() => byTestId('import-summary'));
    expect(byTestId('import-imported').textContent?.trim()).toBe('1,490');
    expect(byTestId('import-imported').dataset.value).toBe('1490');
    expect(byTestId('import-rejected').textContent?.trim()).toBe('12');
    expect(byTestId('import-skipped').textContent?.trim()).toBe('2');
    expect(byTestId('import-merged').textContent?.trim()).toBe('0');
    expect(byTestId('import-repaired').textContent?.trim()).toBe('3');
    expect(byTestId('import-marc8').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '40 records were converted from MARC-8 to Unicode; the original bytes are kept.',
    );
    expect(byTestId('import-undecoded').textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '1 record has characters that could not be decoded; they show as “�”. The problems below say which.',
    );
    const labels = Array.from(summary.querySelectorAll('.counts dt')).map((dt) => dt.textContent);
    expect(labels).toEqual(['Imported', 'Rejected', 'Duplicates skipped', 'Duplicates merged', 'Duplicates unchanged', 'Repaired']);
    expect(summary.textContent?.replace(/\s+/g, ' ')).toContain('1,502 records read from batch.mrc in 2.3 s.');
    const headers = Array.from(summary.querySelectorAll('thead th')).map((th) => th.textContent);
    expect(headers).toEqual(['File', 'Record', 'Byte offset', 'Field', 'Kind', 'Reason']);
    const rows = Array.from(summary.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows).toEqual([
      ['batch.mrc', '17', '40960', '245', 'Rejected', 'field has no subfields'],
      ['batch.mrc', '99', '200000', '—', 'Repaired', 'leader length <wrong>'],
      ['batch.mrc', '120', '260000', '—', 'Duplicate', 'not imported: same ISBN 9780414071234 as record 1 in the library'],
      ['broken.mrc', 'whole file', '0', '—', 'Rejected', 'not a MARC file'],
    ]);
    expect(summary.textContent?.replace(/\s+/g, ' ')).toContain('…and 10 more problems not listed here.');
    expect(document.activeElement).toBe(byTestId('close-summary'));

    byTestId('close-summary').click();
    await until(() => expect(dialog()).toBeNull());
    await until(() => expect(calls.filter((c) => c.cmd === 'search').length).toBe(searchesBefore + 1));
    expect(calls.filter((c) => c.cmd === 'library_info')).toHaveLength(2);
    expect(isInert()).toBe(false);
    await until(() => expect(document.activeElement).toBe(byTestId('search')));
  });

  it('Cancel in the confirmation imports nothing', async () => {
    const calls = installFakeCore({ pending: ['/tmp/one.mrc', '/tmp/two.xml'] });
    start();
    await until(() => byTestId('confirm-import'));
    expect(dialog()!.textContent).toContain('these 2 files');
    press(dialog()!, 'Escape');
    await until(() => expect(dialog()).toBeNull());
    expect(calls.some((c) => c.cmd === 'import_files')).toBe(false);
  });

  it('says plainly that a cancelled import changed nothing', async () => {
    installFakeCore({
      pending: ['/tmp/big.mrc'],
      handlers: {
        import_files: () => emptySummary({ files: ['/tmp/big.mrc'], records_read: 5000, imported: 4800, cancelled: true }),
      },
    });
    start();
    (await until(() => byTestId('confirm-import'))).click();
    const summary = await until(() => byTestId('import-summary'));
    expect(summary.querySelector('h2')?.textContent).toBe('Import cancelled');
    expect(byTestId('import-cancelled').textContent?.trim()).toBe('Cancelled: nothing was imported; the library is as it was.');
    expect(byTestId('import-cancelled').getAttribute('role')).toBe('status');
    expect(summary.textContent?.replace(/\s+/g, ' ')).toContain('5,000 records had been read when the import stopped.');
    // No counts that could be read as "4,800 imported", and nothing to save.
    expect(summary.querySelector('[data-testid="import-imported"]')).toBeNull();
    expect(summary.querySelector('.counts')).toBeNull();
    expect(summary.querySelector('[data-testid="save-report"]')).toBeNull();
  });

  it('says the same when the core reports cancelling as an error', async () => {
    installFakeCore({
      pending: ['/tmp/big.mrc'],
      handlers: {
        import_files: () => {
          throw { kind: 'cancelled', message: 'cancelled' };
        },
      },
    });
    start();
    (await until(() => byTestId('confirm-import'))).click();
    await until(() =>
      expect(byTestId('import-cancelled').textContent?.trim()).toBe('Cancelled: nothing was imported; the library is as it was.'),
    );
  });

  it('shows an import that fails as an alert with the core’s message', async () => {
    installFakeCore({
      pending: ['/tmp/locked.mrc'],
      handlers: {
        import_files: () => {
          throw { kind: 'io', message: 'Permission denied: /tmp/locked.mrc' };
        },
      },
    });
    start();
    (await until(() => byTestId('confirm-import'))).click();
    await until(() => expect(dialog()?.querySelector('[role="alert"]')?.textContent).toBe('Permission denied: /tmp/locked.mrc'));
  });

  it('the Import MARC… button opens the native dialog, then confirms the chosen files', async () => {
    const calls = installFakeCore({
      handlers: {
        choose_marc_files: () => ['/home/ann/a.mrc', '/home/ann/b.xml'],
        import_files: (args) => emptySummary({ files: args.paths as string[], imported: 2, records_read: 2 }),
      },
    });
    start();
    byTestId('import-button').click();
    const confirm = await until(() => byTestId('confirm-import'));
    expect(dialog()!.querySelector('#import-question')?.textContent).toBe('Import the records in these 2 files into the library?');
    expect(Array.from(byTestId('pending-files').querySelectorAll('.name')).map((n) => n.textContent)).toEqual(['a.mrc', 'b.xml']);
    expect(calls.some((c) => c.cmd === 'import_files')).toBe(false);
    confirm.click();
    await until(() => byTestId('import-summary'));
    expect(calls.some((c) => c.cmd.startsWith('plugin:dialog'))).toBe(false);
    expect(calls.find((c) => c.cmd === 'import_files')?.args.paths).toEqual(['/home/ann/a.mrc', '/home/ann/b.xml']);
    expect(byTestId('import-imported').textContent?.trim()).toBe('2');
  });
});

describe('dropping files on the window', () => {
  const overlay = () => query('[data-testid="drop-overlay"]');

  it('shows the drop overlay while files hover, then confirms the dropped files', async () => {
    const calls = installFakeCore({
      handlers: { import_files: (args) => emptySummary({ files: args.paths as string[], imported: 2, records_read: 2 }) },
    });
    start();
    await until(() => expect(listenerCount('tauri://drag-drop')).toBe(1));
    expect(overlay()).toBeNull();

    dragFiles('enter', ['/home/ann/Downloads/a.mrc']);
    flushSync();
    expect(overlay()?.textContent).toContain('Drop MARC files to import');
    dragFiles('over');
    dragFiles('leave');
    flushSync();
    expect(overlay()).toBeNull();

    dragFiles('enter', ['/home/ann/Downloads/a.mrc', '/home/ann/Downloads/b.xml.gz']);
    dragFiles('drop', ['/home/ann/Downloads/a.mrc', '/home/ann/Downloads/b.xml.gz']);
    const confirm = await until(() => byTestId('confirm-import'));
    expect(overlay()).toBeNull();
    expect(dialog()!.querySelector('#import-question')?.textContent).toBe(
      'You dropped these 2 files on Carrel. Import their records into the library?',
    );
    expect(Array.from(byTestId('pending-files').querySelectorAll('li')).map((li) => li.getAttribute('title'))).toEqual([
      '/home/ann/Downloads/a.mrc',
      '/home/ann/Downloads/b.xml.gz',
    ]);
    expect(calls.some((c) => c.cmd === 'import_files')).toBe(false);

    // While the confirmation is open, more files are not taken, and the overlay says so.
    dragFiles('enter', ['/tmp/other.mrc']);
    flushSync();
    expect(overlay()?.textContent).toContain('Finish with the open dialog first');
    dragFiles('drop', ['/tmp/other.mrc']);
    flushSync();
    expect(overlay()).toBeNull();
    expect(byTestId('pending-files').textContent).not.toContain('other.mrc');

    confirm.click();
    await until(() => byTestId('import-summary'));
    const call = calls.find((c) => c.cmd === 'import_files')!;
    expect(call.args.paths).toEqual(['/home/ann/Downloads/a.mrc', '/home/ann/Downloads/b.xml.gz']);
    expect(call.args.duplicates).toBe('skip');
  });

  it('stops listening when the window’s page goes away', async () => {
    installFakeCore();
    start();
    await until(() => expect(listenerCount('tauri://drag-enter')).toBe(1));
    unmount(app!);
    app = null;
    await until(() => expect(listenerCount('tauri://drag-enter')).toBe(0));
    expect(listenerCount('tauri://drag-drop')).toBe(0);
  });
});

describe('keyboard focus', () => {
  it('Tab from the last control goes round to the first control, not out of the page', async () => {
    installFakeCore();
    start();
    await until(() => expect(allByTestId('result')).toHaveLength(3));
    await until(() => expect(byTestId<HTMLButtonElement>('export-button').disabled).toBe(false));
    // The results list is reached with the arrow keys from the box, never by Tab.
    expect(byTestId('result').closest('[role="listbox"]')?.getAttribute('tabindex')).toBe('-1');
    // The last control of the catalogue search (its sort menu, or a facet when there are facets).
    const last = focusableWithin(document.querySelector<HTMLElement>('.shell')!).at(-1)!;
    last.focus();
    const tab = press(last, 'Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(byTestId('nav-catalogue'));
    press(document.activeElement!, 'Tab', { shiftKey: true });
    expect(document.activeElement).toBe(last);
    // In between, Tab is left to the browser.
    byTestId('export-button').focus();
    expect(press(byTestId('export-button'), 'Tab').defaultPrevented).toBe(false);
  });

  it('the export error returns the focus, visibly, to Export…', async () => {
    installFakeCore({
      handlers: {
        export_records: (args) => {
          emit(args.onProgress, 0, { written: 0, total: 0 });
          throw { kind: 'io', message: 'Permission denied (os error 13)' };
        },
      },
    });
    start();
    const exportButton = byTestId<HTMLButtonElement>('export-button');
    await until(() => expect(exportButton.disabled).toBe(false));
    exportButton.click();
    await until(() => expect(document.activeElement?.getAttribute('name')).toBe('export-scope'));
    expect(document.activeElement?.hasAttribute('data-focus-ring')).toBe(true);
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-failed'));
    press(dialog()!, 'Escape');
    await until(() => expect(dialog()).toBeNull());
    await until(() => expect(document.activeElement).toBe(exportButton));
    expect(exportButton.hasAttribute('data-focus-ring')).toBe(true);
  });
});

describe('export', () => {
  it('is offered in the catalogue only', async () => {
    installFakeCore();
    start();
    await until(() => expect(byTestId<HTMLButtonElement>('export-button').disabled).toBe(false));
    byTestId('nav-trash').click();
    flushSync();
    expect(query('[data-testid="export-button"]')).toBeNull();
  });

  it('exports the search results shown, or the open record, and returns focus afterwards', async () => {
    const calls = installFakeCore({
      handlers: {
        export_records: (args) => exportSummary({ path: `/home/ann/${String(args.fileName)}`, written: 1 }),
      },
    });
    const input = start();
    await until(() => expect(byTestId<HTMLButtonElement>('export-button').disabled).toBe(false));
    typeInto(input, 'contract');
    await until(() => expect(allByTestId('result')).toHaveLength(1));

    const exportButton = byTestId('export-button');
    exportButton.focus();
    exportButton.click();
    await until(() => byTestId('export-dialog'));
    expect(isInert()).toBe(true);
    const scopes = Array.from(byTestId('export-scope').querySelectorAll('label')).map((l) => l.textContent?.replace(/\s+/g, ' ').trim());
    expect(scopes).toEqual(['The search results 1 record matching “contract”', 'The whole library 3 records']);
    byTestId('export-choose-file').click();
    await until(() => byTestId('export-summary'));
    expect(calls.find((c) => c.cmd === 'export_records')?.args.selection).toEqual({ kind: 'query', value: 'contract' });
    byTestId('close-export').click();
    await until(() => expect(dialog()).toBeNull());
    expect(isInert()).toBe(false);
    await until(() => expect(document.activeElement).toBe(exportButton));
    // Visibly: the close was a click, after which the browser would show no ring on its own.
    expect(exportButton.hasAttribute('data-focus-ring')).toBe(true);

    // With a record open, "This record" is offered first, by the title the results showed.
    input.focus();
    press(input, 'Enter');
    await until(() => expect(byTestId('record-title').textContent).toBe('Principles of contract law'));
    byTestId('export-button').click();
    await until(() => byTestId('export-dialog'));
    const first = byTestId('export-scope').querySelector('label');
    expect(first?.textContent?.replace(/\s+/g, ' ').trim()).toBe('This record “Principles of contract law”');
    byTestId('export-choose-file').click();
    await until(() => expect(calls.filter((c) => c.cmd === 'export_records')).toHaveLength(2));
    expect(calls.filter((c) => c.cmd === 'export_records')[1]?.args.selection).toEqual({ kind: 'ids', value: [1] });
    const names = calls.filter((c) => c.cmd === 'export_records').map((c) => c.args.fileName);
    expect(names).toEqual(['contract - search results.mrc', 'Principles of contract law.mrc']);
  });
});
