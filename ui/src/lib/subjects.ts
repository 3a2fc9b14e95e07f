// Wording and small decisions of the subject heading browser, the trash and record history,
// kept apart from the components so they can be tested.

import type { DeletionCheck } from './bindings/DeletionCheck';
import type { RenameOutcome } from './bindings/RenameOutcome';
import type { SubjectHeading } from './bindings/SubjectHeading';
import type { Version } from './bindings/Version';

function records(n: number): string {
  return `${n.toLocaleString('en')} ${n === 1 ? 'record' : 'records'}`;
}

/** Tidies a typed heading as the core will: parts around "--" trimmed, joined by " -- ". */
export function tidyHeading(text: string): string {
  return text
    .split('--')
    .map((p) => p.trim())
    .join(' -- ');
}

/** Why a typed heading cannot be used, or null when it can. */
export function headingProblem(text: string, from: readonly string[]): string | null {
  const tidy = tidyHeading(text);
  if (tidy.split(' -- ').some((p) => p.length === 0)) {
    return 'Type a heading; parts are separated by “--” and none may be empty.';
  }
  if (from.includes(tidy)) return 'The new heading is the same as the one it replaces.';
  return null;
}

/**
 * How many records a rename or merge will change: the counts added up, which is exact for one
 * heading and an upper bound for several (a record may carry two of them).
 */
export function affectedRecords(selected: readonly SubjectHeading[]): { count: number; exact: boolean } {
  return { count: selected.reduce((n, h) => n + h.count, 0), exact: selected.length <= 1 };
}

/** The sentence that asks for confirmation before a rename or merge. */
export function confirmText(selected: readonly SubjectHeading[], into: string): string {
  const { count, exact } = affectedRecords(selected);
  const amount = exact ? records(count) : `up to ${records(count)}`;
  const target = `“${tidyHeading(into)}”`;
  if (selected.length === 1) {
    return `Rename “${selected[0]!.heading}” to ${target} in ${amount}. Each record keeps its previous version in its history.`;
  }
  return `Merge ${selected.length} headings into ${target} in ${amount}. Each record keeps its previous version in its history.`;
}

/** The message shown once a rename or merge has been done. */
export function outcomeText(outcome: RenameOutcome, headings: number): string {
  const verb = headings === 1 ? 'Renamed' : `Merged ${headings} headings`;
  const dup =
    outcome.duplicates_removed > 0
      ? ` (${outcome.duplicates_removed} repeated ${outcome.duplicates_removed === 1 ? 'field' : 'fields'} removed)`
      : '';
  const carry = outcome.records_changed === 1 ? 'carries' : 'carry';
  return `${verb}: ${records(outcome.records_changed)} now ${carry} “${outcome.heading}”${dup}.`;
}

/** Adds `heading` to the selection, or takes it out when it is already there. */
export function toggle(selected: readonly string[], heading: string): string[] {
  return selected.includes(heading) ? selected.filter((h) => h !== heading) : [...selected, heading];
}

/** What the delete confirmation says about a record's items, or null when it has none. */
export function itemsText(check: DeletionCheck): string | null {
  if (check.on_loan.length > 0) {
    const n = check.on_loan.length;
    return `${n === 1 ? 'An item' : `${n} items`} of this record ${n === 1 ? 'is' : 'are'} on loan (barcode ${check.on_loan.join(', ')}). Return ${n === 1 ? 'it' : 'them'} before deleting the record.`;
  }
  if (check.items === 0) return null;
  const list = check.barcodes.length <= 5 ? check.barcodes.join(', ') : `${check.barcodes.slice(0, 5).join(', ')}, …`;
  return `This record has ${check.items === 1 ? '1 item' : `${check.items} items`} (barcode${check.items === 1 ? '' : 's'} ${list}).`;
}

/** An ISO 8601 timestamp as a person reads it: "2026-12-01 10:00" (the time as it was written). */
export function when(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** One line about a version: what changed it, and who. */
export function versionLabel(v: Version): string {
  const what = v.summary ?? v.replaced_by;
  return v.changed_by ? `${what} — ${v.changed_by}` : what;
}
