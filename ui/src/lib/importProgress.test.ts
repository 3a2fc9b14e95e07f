import { describe, expect, it } from 'vitest';
import type { ImportSummary } from './bindings/ImportSummary';
import { applyImportEvent, fileLine, initialProgress, progressFraction, progressText } from './importProgress';

const summary: ImportSummary = {
  files: ['/data/a.mrc', '/data/b.mrc'],
  records_read: 1500,
  imported: 1490,
  rejected: 10,
  skipped: 0,
  merged: 0,
  unchanged: 0,
  warnings: 4,
  marc8_decoded: 2,
  undecoded: 0,
  cancelled: false,
  elapsed_ms: 1800,
  problems: [],
  problems_omitted: 0,
  formats: [],
  dry_run: false,
};

describe('applyImportEvent', () => {
  it('follows files, progress and the end', () => {
    let p = initialProgress(2);
    expect(fileLine(p)).toBe('Starting…');

    p = applyImportEvent(p, { type: 'file_started', file: '/data/a.mrc', index: 0, files: 2, bytes_total: 4000 });
    expect(p.file).toBe('a.mrc');
    expect(p.fileNumber).toBe(1);
    expect(p.bytesTotal).toBe(4000);
    expect(fileLine(p)).toBe('File 1 of 2: a.mrc');

    p = applyImportEvent(p, {
      type: 'progress',
      file: '/data/a.mrc',
      records_read: 1200,
      imported: 1190,
      rejected: 10,
      skipped: 0,
      merged: 0,
      unchanged: 0,
      bytes_read: 1000,
      bytes_total: 4000,
      records_per_second: 850.4,
    });
    expect(progressFraction(p.bytesRead, p.bytesTotal)).toBe(0.25);
    expect(progressText(p)).toBe('1,200 records read · 1,190 imported · 10 rejected · 850 records/s');

    p = applyImportEvent(p, { type: 'file_started', file: '/data/b.mrc', index: 1, files: 2, bytes_total: 10 });
    expect(fileLine(p)).toBe('File 2 of 2: b.mrc');
    expect(p.bytesRead).toBe(0);
    // Counts carry over between files.
    expect(p.recordsRead).toBe(1200);

    p = applyImportEvent(p, { type: 'finished', summary });
    expect(p.summary).toBe(summary);
    expect(p.imported).toBe(1490);
    expect(p.bytesRead).toBe(10);
  });

  it('names a single file without "File 1 of 1"', () => {
    const p = applyImportEvent(initialProgress(1), {
      type: 'file_started',
      file: 'C:\\marc\\one.xml',
      index: 0,
      files: 1,
      bytes_total: 5,
    });
    expect(fileLine(p)).toBe('one.xml');
  });
});

describe('progressFraction', () => {
  it('is null when the size is unknown', () => {
    expect(progressFraction(10, 0)).toBeNull();
  });
  it('clamps to 0..1', () => {
    expect(progressFraction(50, 40)).toBe(1);
    expect(progressFraction(-1, 40)).toBe(0);
    expect(progressFraction(20, 40)).toBe(0.5);
  });
});

describe('progressText', () => {
  it('uses the singular for one record', () => {
    expect(progressText({ recordsRead: 1, imported: 1, rejected: 0, skipped: 0, merged: 0, unchanged: 0, recordsPerSecond: 0 })).toBe(
      '1 record read · 1 imported · 0 rejected · 0 records/s',
    );
  });
  it('says what a merge import does with the duplicates it reads', () => {
    expect(
      progressText({ recordsRead: 4896, imported: 0, rejected: 0, skipped: 0, merged: 12, unchanged: 4884, recordsPerSecond: 900 }),
    ).toBe('4,896 records read · 0 imported · 12 merged · 4,884 unchanged · 0 rejected · 900 records/s');
  });
});
