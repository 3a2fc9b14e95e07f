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
  it('never opens a file dialog itself nor names a file: the core does both', async () => {
    const calls = installFakeCore({
      handlers: {
        save_import_report: () => '/home/ann/reports/import-report.txt',
        save_patron_card: (args) => ({ name: 'Chidi Okonkwo', card: args.card }),
        export_bibliography: () => ({ path: '/home/ann/Reading list.json', entries: 0 }),
        export_rejects: () => null,
        add_bibliography_style: () => null,
        choose_marc_files: () => ['/home/ann/a.mrc'],
      },
    });
    expect(await api.saveImportReport()).toBe('/home/ann/reports/import-report.txt');
    expect((await api.savePatronCard('P-00042'))?.name).toBe('Chidi Okonkwo');
    const doc = { title: 'Reading list', introduction: '', style: 'apa', locale: null, show_locations: false, sections: [] };
    await api.exportBibliography(doc, 'csl-json', 'Reading list');
    expect(await api.exportRejects()).toBeNull();
    expect(await api.addBibliographyStyle()).toBeNull();
    expect(await api.chooseMarcFiles()).toEqual(['/home/ann/a.mrc']);
    expect(calls.map((c) => [c.cmd, c.args])).toEqual([
      ['save_import_report', {}],
      ['save_patron_card', { card: 'P-00042' }],
      ['export_bibliography', { doc, format: 'csl-json', name: 'Reading list' }],
      ['export_rejects', {}],
      ['add_bibliography_style', {}],
      ['choose_marc_files', {}],
    ]);
    expect(calls.some((c) => c.cmd.startsWith('plugin:dialog'))).toBe(false);
  });

  it('sends export_records its selection, format, encoding, split choice, proposed name and a progress Channel', async () => {
    let channelArg: unknown;
    const calls = installFakeCore({
      handlers: {
        export_records: (args) => {
          channelArg = args.onProgress;
          return exportSummary({ path: `/home/ann/${String(args.fileName)}`, written: 3, unchanged: 2 });
        },
      },
    });
    const summary = await api.exportRecords({ kind: 'ids', value: [7, 3] }, 'iso2709', 'marc8', true, 'two.mrc', () => {});
    await api.cancelExport();
    expect(summary).toEqual(exportSummary({ path: '/home/ann/two.mrc', written: 3, unchanged: 2 }));
    expect(calls.map((c) => c.cmd)).toEqual(['export_records', 'cancel_export']);
    const { onProgress: _channel, ...rest } = calls[0]!.args;
    expect(rest).toEqual({
      selection: { kind: 'ids', value: [7, 3] },
      format: 'iso2709',
      encoding: 'marc8',
      splitLongFields: true,
      fileName: 'two.mrc',
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
