// The logic of Settings → Backups: how a backup, its check, a restore's comparison and the
// generations form read.

import type { BackupReport } from '../../lib/bindings/BackupReport';
import type { Counts } from '../../lib/bindings/Counts';
import type { Generations } from '../../lib/bindings/Generations';
import type { RestorePreview } from '../../lib/bindings/RestorePreview';
import { countLabel, formatNumber } from '../../lib/format';

/** A size in bytes as a person reads it: "512 bytes", "84 KB", "12.3 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return countLabel(bytes, 'byte', 'bytes');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let n = bytes / 1024;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${n < 10 ? n.toFixed(1) : Math.round(n).toString()} ${units[unit]}`;
}

/** When a backup was taken (RFC 3339 with the offset of the machine's clock): "2026-12-07 11:30". */
export function backupTime(rfc3339: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(rfc3339);
  return m ? `${m[1]} ${m[2]}` : rfc3339;
}

/** What a library holds, in words: "1,234 records, 56 items, 7 patrons, 12 loans, 1 bibliography". */
export function countsLine(c: Counts): string {
  return [
    countLabel(c.records, 'record', 'records'),
    countLabel(c.items, 'item', 'items'),
    countLabel(c.patrons, 'patron', 'patrons'),
    countLabel(c.loans, 'loan', 'loans'),
    countLabel(c.bibliographies, 'bibliography', 'bibliographies'),
  ].join(', ');
}

/** The check of a backup: "checked: ok (1,234 records, …)". */
export function checkLine(report: BackupReport): string {
  return `checked: ${report.integrity} (${countsLine(report.counts)})`;
}

/** One line of the restore comparison. */
export interface ComparisonRow {
  label: string;
  backup: string;
  current: string;
  /** Whether the two differ (the row is marked). */
  differs: boolean;
}

/** The backup against the current library, line by line: counts, schema, newest change. */
export function comparisonRows(preview: RestorePreview): ComparisonRow[] {
  const b = preview.backup;
  const c = preview.current;
  const counts: [string, keyof Counts][] = [
    ['Records', 'records'],
    ['Items', 'items'],
    ['Patrons', 'patrons'],
    ['Loans', 'loans'],
    ['Bibliographies', 'bibliographies'],
  ];
  const rows: ComparisonRow[] = counts.map(([label, key]) => ({
    label,
    backup: formatNumber(b.counts[key]),
    current: formatNumber(c.counts[key]),
    differs: b.counts[key] !== c.counts[key],
  }));
  // To the second: a backup taken minutes ago differs from the library within the minute.
  const newest = (t: string | null) => (t ? t.slice(0, 19).replace('T', ' ') : '—');
  rows.push({
    label: 'Newest change',
    backup: newest(b.newest_change),
    current: newest(c.newest_change),
    differs: b.newest_change !== c.newest_change,
  });
  rows.push({
    label: 'Schema version',
    backup: String(b.schema_version),
    current: String(c.schema_version),
    differs: b.schema_version !== c.schema_version,
  });
  return rows;
}

/** The generations form: what was typed in each box. */
export interface GenerationsForm {
  daily: string;
  weekly: string;
  monthly: string;
}

export function formFromGenerations(g: Generations): GenerationsForm {
  return { daily: String(g.daily), weekly: String(g.weekly), monthly: String(g.monthly) };
}

/** The largest count accepted in one box (the core's bound). */
export const MAX_GENERATIONS = 120;

/** The generations typed, or what is wrong with them. */
export function generationsFromForm(form: GenerationsForm): { generations: Generations } | { problem: string } {
  const out: Partial<Generations> = {};
  for (const key of ['daily', 'weekly', 'monthly'] as const) {
    const text = form[key].trim();
    if (!/^\d+$/.test(text)) return { problem: `The number of ${key} backups must be a whole number, 0 or more.` };
    const n = Number(text);
    if (n > MAX_GENERATIONS) return { problem: `At most ${MAX_GENERATIONS} ${key} backups.` };
    out[key] = n;
  }
  const g = out as Generations;
  if (g.daily + g.weekly + g.monthly === 0) return { problem: 'Keep at least one daily, weekly or monthly backup.' };
  return { generations: g };
}

/** The file name of a path (backups are shown by name; the whole path is in the tooltip). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
