import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupReport } from '../../lib/bindings/BackupReport';
import type { BackupStatus } from '../../lib/bindings/BackupStatus';
import type { LibrarySummary } from '../../lib/bindings/LibrarySummary';
import { byTestId, clearMocks, installFakeCore, until } from '../../test/fakeCore';
import BackupsSettings from './BackupsSettings.svelte';
import { backupTime, checkLine, comparisonRows, formatBytes, generationsFromForm } from './backups';

const REPORT: BackupReport = {
  path: '/home/ann/backups/carrel-backup-2026-12-07-113000.sqlite',
  bytes: 2_500_000,
  counts: { records: 1234, items: 56, patrons: 7, loans: 12, bibliographies: 1 },
  integrity: 'ok',
};

function summary(path: string, records: number, newest: string | null): LibrarySummary {
  return { path, schema_version: 9, counts: { ...REPORT.counts, records }, newest_change: newest };
}

describe('backups logic', () => {
  it('reads sizes, times and the check as a person reads them', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(86_000)).toBe('84 KB');
    expect(formatBytes(2_500_000)).toBe('2.4 MB');
    expect(backupTime('2026-12-07T11:30:05+01:00')).toBe('2026-12-07 11:30');
    expect(checkLine(REPORT)).toBe('checked: ok (1,234 records, 56 items, 7 patrons, 12 loans, 1 bibliography)');
  });

  it('compares the backup with the library line by line and marks what differs', () => {
    const rows = comparisonRows({
      backup: summary('/b.sqlite', 1234, '2026-12-01T10:00:00+01:00'),
      current: summary('/l.sqlite', 1240, '2026-12-07T09:00:00+01:00'),
    });
    expect(rows[0]).toEqual({ label: 'Records', backup: '1,234', current: '1,240', differs: true });
    expect(rows.find((r) => r.label === 'Items')?.differs).toBe(false);
    expect(rows.find((r) => r.label === 'Newest change')).toMatchObject({ backup: '2026-12-01 10:00:00', differs: true });
  });

  it('accepts whole numbers up to 120 and not nothing at all', () => {
    expect(generationsFromForm({ daily: '7', weekly: ' 4 ', monthly: '12' })).toEqual({
      generations: { daily: 7, weekly: 4, monthly: 12 },
    });
    expect(generationsFromForm({ daily: '-1', weekly: '4', monthly: '12' })).toHaveProperty('problem');
    expect(generationsFromForm({ daily: '7', weekly: '4', monthly: '121' })).toEqual({ problem: 'At most 120 monthly backups.' });
    expect(generationsFromForm({ daily: '0', weekly: '0', monthly: '0' })).toHaveProperty('problem');
  });
});

describe('Settings → Backups', () => {
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

  it('backs up now, shows the check, then restores a backup after the comparison is confirmed', async () => {
    let status: BackupStatus = { last: null, failure: null };
    let restoredFired = 0;
    const calls = installFakeCore({
      handlers: {
        backup_settings: () => ({
          folder: '/home/ann/backups',
          folder_is_default: true,
          generations: { daily: 7, weekly: 4, monthly: 12 },
        }),
        backup_status: () => status,
        back_up_now: () => {
          status = { last: { at: '2026-12-07T11:30:00+01:00', automatic: false, report: REPORT }, failure: null };
          return REPORT;
        },
        choose_backup_to_restore: () => ({
          backup: summary(REPORT.path, 1234, null),
          current: summary('/home/ann/library.sqlite', 1235, null),
        }),
        restore_backup: () => ({
          before: { ...REPORT, path: '/home/ann/backups/carrel-before-restore-2026-12-07-113100.sqlite' },
          restored_from: REPORT.path,
          now: summary('/home/ann/library.sqlite', 1234, null),
        }),
      },
    });
    component = mount(BackupsSettings, { target, props: { onrestored: () => (restoredFired += 1) } });
    await until(() => byTestId('backup-last').textContent?.includes('None yet'), 'no backup yet');

    byTestId<HTMLButtonElement>('backup-now').click();
    await until(() => byTestId('backup-done'), 'the backup result');
    await until(() => byTestId('backup-last-check'), 'the last backup');
    expect(byTestId('backup-last-file').textContent).toBe('carrel-backup-2026-12-07-113000.sqlite');
    expect(byTestId('backup-last-check').textContent).toContain('checked: ok (1,234 records');
    // No path went from the page to the core.
    expect(calls.filter((c) => c.cmd.includes('backup')).every((c) => Object.keys(c.args).length === 0)).toBe(true);

    byTestId<HTMLButtonElement>('backup-restore').click();
    await until(() => byTestId('restore-comparison'), 'the comparison');
    expect(byTestId('restore-backup-records').textContent).toBe('1,234');
    expect(byTestId('restore-current-records').textContent).toBe('1,235');
    byTestId<HTMLButtonElement>('restore-confirm').click();
    await until(() => byTestId('restore-done'), 'the restore result');
    flushSync();
    expect(byTestId('restore-done').textContent).toContain('1,234 records');
    expect(restoredFired).toBe(1);
    // The backup's message gave way to the restore's result.
    expect(byTestId('backup-done').textContent).not.toContain('Backed up to');
    expect(byTestId('backup-done').textContent).toContain(
      'Restored carrel-backup-2026-12-07-113000.sqlite: the library now holds 1,234 records',
    );
  });

  it('says why the generations cannot be saved, without calling the core', async () => {
    const calls = installFakeCore({
      handlers: {
        backup_settings: () => ({ folder: '/b', folder_is_default: false, generations: { daily: 7, weekly: 4, monthly: 12 } }),
        backup_status: () => ({
          last: null,
          failure: { at: '2026-12-07T11:30:00+01:00', automatic: true, message: 'the folder /b does not exist' },
        }),
      },
    });
    component = mount(BackupsSettings, { target });
    await until(() => byTestId('backup-failure'), 'the failure');
    expect(byTestId('backup-failure').textContent).toContain('the folder /b does not exist');
    const daily = target.querySelector<HTMLInputElement>('#keep-daily')!;
    daily.value = 'x';
    daily.dispatchEvent(new Event('input', { bubbles: true }));
    byTestId<HTMLButtonElement>('backup-generations-save').click();
    await until(() => target.querySelector('[role=alert]:not([data-testid])'), 'the problem');
    expect(calls.some((c) => c.cmd === 'set_backup_generations')).toBe(false);
  });
});
