import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, installFakeCore } from '../test/fakeCore';
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
      ['search', { query: 'smith', limit: 25 }],
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
    const summary = await api.importFiles(['/a.mrc', '/b.xml'], () => {});
    expect(summary.imported).toBe(7);
    expect(calls[0]?.cmd).toBe('import_files');
    expect(calls[0]?.args.paths).toEqual(['/a.mrc', '/b.xml']);
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
    const importFailure = await api.importFiles(['/x.mrc'], () => {}).catch((e: unknown) => e);
    expect((importFailure as api.CarrelError).kind).toBe('ipc');
  });
});
