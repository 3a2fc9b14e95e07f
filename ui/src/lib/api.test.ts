import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, dragFiles, exportSummary, installFakeCore, listenerCount } from '../test/fakeCore';
import * as api from './api';

afterEach(() => clearMocks());

describe('CarrelError.from', () => {
  it('keeps the kind and message of a core error', () => {
    const e = api.CarrelError.from({ kind: 'newer_library', message: 'Made by a newer Carrel (schema 9).' });
    expect(e).toBeInstanceOf(api.CarrelError);
    expect(e).toBeInstanceOf(Error);
    expect(e.kind).toBe('newer_library');
    expect(e.message).toBe('Made by a newer Carrel (schema 9).');
  });

  it('explains that the core is missing when the page runs outside Tauri', () => {
    const e = api.CarrelError.from(new TypeError("Cannot read properties of undefined (reading 'invoke')"));
    expect(e.kind).toBe('ipc');
    expect(e.message).toMatch(/not reachable.*outside the Carrel application/);
  });

  it('keeps the text of an unexpected error inside Tauri', () => {
    installFakeCore();
    expect(api.CarrelError.from('command search not found').message).toBe('command search not found');
    expect(api.CarrelError.from({ kind: 'weird', message: 'x' }).kind).toBe('ipc');
    expect(api.CarrelError.from(new Error('boom')).message).toBe('boom');
  });
});

describe('commands', () => {
  it('sends the names and camelCase arguments the Rust commands expect', async () => {
    const calls = installFakeCore({ pending: ['/tmp/a.mrc'] });
    await api.libraryInfo();
    await api.search('smith', 25);
    await api.getRecord(2);
    await api.cancelImport();
    expect(await api.pendingOpenFiles()).toEqual(['/tmp/a.mrc']);
    expect(await api.pendingOpenFiles()).toEqual([]);
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['library_info', {}],
      ['search', { request: { query: 'smith', limit: 25, sort: 'relevance', filters: [], after: null, facets: false } }],
      ['get_record', { id: 2 }],
      ['cancel_import', {}],
      ['pending_open_files', {}],
      ['pending_open_files', {}],
    ]);
  });

  it('passes a Channel as onEvent to import_files and returns the summary', async () => {
    let channelArg: unknown;
    const calls = installFakeCore({
      handlers: {
        import_files: (args) => {
          channelArg = args.onEvent;
          return { files: args.paths, imported: 7 };
        },
      },
    });
    const summary = await api.importFiles(['/a.mrc', '/b.xml'], 'merge', () => {});
    expect(summary.imported).toBe(7);
    expect(calls[0]?.cmd).toBe('import_files');
    expect(calls[0]?.args.paths).toEqual(['/a.mrc', '/b.xml']);
    expect(calls[0]?.args.duplicates).toBe('merge');
    expect(JSON.stringify(channelArg)).toMatch(/^"__CHANNEL__:\d+"$/);
  });

  it('rejects with a CarrelError carrying the core’s kind', async () => {
    installFakeCore();
    const failure = await api.getRecord(999).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(api.CarrelError);
    expect((failure as api.CarrelError).kind).toBe('not_found');
    expect((failure as api.CarrelError).message).toBe('No record with id 999.');
  });

  it('fails with a readable error outside Tauri instead of crashing', async () => {
    clearMocks();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    const failure = await api.search('', 10).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(api.CarrelError);
    expect((failure as api.CarrelError).kind).toBe('ipc');
    const importFailure = await api.importFiles(['/x.mrc'], 'skip', () => {}).catch((e: unknown) => e);
    expect((importFailure as api.CarrelError).kind).toBe('ipc');
  });
});

describe('saving and exporting', () => {
  it('saves the import report at the path chosen in the native save dialog', async () => {
    const calls = installFakeCore({
      handlers: {
        'plugin:dialog|save': () => '/home/ann/reports/import-report.txt',
        save_import_report: () => null,
      },
    });
    const path = await api.chooseReportPath();
    expect(path).toBe('/home/ann/reports/import-report.txt');
    await api.saveImportReport(path!);
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      [
        'plugin:dialog|save',
        {
          options: {
            title: 'Save import report',
            defaultPath: 'import-report.txt',
            filters: [{ name: 'Text file', extensions: ['txt'] }],
          },
        },
      ],
      ['save_import_report', { path: '/home/ann/reports/import-report.txt' }],
    ]);
  });

  it('saves a library card at the path chosen in the save dialog', async () => {
    const calls = installFakeCore({
      handlers: {
        'plugin:dialog|save': () => '/home/ann/cards/P-00042.pdf',
        save_patron_card: (args) => ({ name: 'Chidi Okonkwo', card: args.card }),
      },
    });
    const saved = await api.savePatronCard('P-00042');
    expect(saved?.name).toBe('Chidi Okonkwo');
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      [
        'plugin:dialog|save',
        {
          options: {
            title: 'Save library card',
            defaultPath: 'library-card-P-00042.pdf',
            filters: [{ name: 'PDF', extensions: ['pdf'] }],
          },
        },
      ],
      ['save_patron_card', { card: 'P-00042', path: '/home/ann/cards/P-00042.pdf' }],
    ]);
  });

  it('exports a bibliography in the format chosen, named as the core names it', async () => {
    const calls = installFakeCore({
      handlers: {
        'plugin:dialog|save': () => '/home/ann/Reading list.json',
        export_bibliography: (args) => ({ path: args.path, entries: 0 }),
      },
    });
    const doc = { title: 'Reading list', introduction: '', style: 'apa', locale: null, show_locations: false, sections: [] };
    await api.exportBibliography(doc, 'csl-json', 'Reading list');
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      [
        'plugin:dialog|save',
        {
          options: {
            title: 'Export bibliography',
            defaultPath: 'Reading list.json',
            filters: [{ name: 'CSL-JSON (.json)', extensions: ['json'] }],
          },
        },
      ],
      ['export_bibliography', { doc, format: 'csl-json', path: '/home/ann/Reading list.json' }],
    ]);
  });

  it('writes no card when the save dialog is cancelled', async () => {
    const calls = installFakeCore({ handlers: { 'plugin:dialog|save': () => null } });
    expect(await api.savePatronCard('P-00042')).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(['plugin:dialog|save']);
  });

  it('gives null when the save dialog is cancelled', async () => {
    installFakeCore({ handlers: { 'plugin:dialog|save': () => null } });
    expect(await api.chooseReportPath()).toBeNull();
    expect(await api.chooseExportPath('x.mrc', 'iso2709')).toBeNull();
  });

  it('offers the export file type in the save dialog', async () => {
    const calls = installFakeCore({ handlers: { 'plugin:dialog|save': () => '/tmp/out.xml' } });
    await api.chooseExportPath('Chambers library.mrc', 'iso2709');
    await api.chooseExportPath('Chambers library.xml', 'marcxml');
    expect(calls.map((c) => c.args.options)).toEqual([
      {
        title: 'Export MARC records',
        defaultPath: 'Chambers library.mrc',
        filters: [{ name: 'MARC 21 records (ISO 2709)', extensions: ['mrc'] }],
      },
      {
        title: 'Export MARC records',
        defaultPath: 'Chambers library.xml',
        filters: [{ name: 'MARCXML', extensions: ['xml'] }],
      },
    ]);
  });

  it('sends export_records its selection, format, encoding, path and a progress Channel', async () => {
    let channelArg: unknown;
    const calls = installFakeCore({
      handlers: {
        export_records: (args) => {
          channelArg = args.onProgress;
          return exportSummary({ path: String(args.path), written: 3, unchanged: 2 });
        },
      },
    });
    const summary = await api.exportRecords({ kind: 'ids', value: [7, 3] }, 'iso2709', 'marc8', '/tmp/two.mrc', () => {});
    await api.cancelExport();
    expect(summary).toEqual(exportSummary({ path: '/tmp/two.mrc', written: 3, unchanged: 2 }));
    expect(calls.map((c) => c.cmd)).toEqual(['export_records', 'cancel_export']);
    const { onProgress: _channel, ...rest } = calls[0]!.args;
    expect(rest).toEqual({
      selection: { kind: 'ids', value: [7, 3] },
      format: 'iso2709',
      encoding: 'marc8',
      path: '/tmp/two.mrc',
    });
    expect(JSON.stringify(channelArg)).toMatch(/^"__CHANNEL__:\d+"$/);
  });
});

describe('onFileDrag', () => {
  it('listens to the webview’s drag-drop events and stops listening when asked', async () => {
    const calls = installFakeCore();
    const seen: api.FileDragEvent[] = [];
    const stop = await api.onFileDrag((e) => seen.push(e));
    const listens = calls.filter((c) => c.cmd === 'plugin:event|listen');
    expect(listens.map((c) => c.args.event).sort()).toEqual([
      'tauri://drag-drop',
      'tauri://drag-enter',
      'tauri://drag-leave',
      'tauri://drag-over',
    ]);
    expect(listens[0]?.args.target).toEqual({ kind: 'Webview', label: 'main' });

    dragFiles('enter', ['/home/ann/a.mrc']);
    dragFiles('over');
    dragFiles('leave');
    dragFiles('drop', ['/home/ann/a.mrc', '/home/ann/b.xml']);
    expect(seen).toEqual([
      { type: 'enter', paths: ['/home/ann/a.mrc'] },
      { type: 'over' },
      { type: 'leave' },
      { type: 'drop', paths: ['/home/ann/a.mrc', '/home/ann/b.xml'] },
    ]);

    stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.filter((c) => c.cmd === 'plugin:event|unlisten')).toHaveLength(4);
    expect(listenerCount('tauri://drag-drop')).toBe(0);
  });

  it('rejects with a CarrelError outside Tauri', async () => {
    clearMocks();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    const failure = await api.onFileDrag(() => {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(api.CarrelError);
    expect((failure as api.CarrelError).kind).toBe('ipc');
  });
});
