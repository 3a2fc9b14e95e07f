// Subject headings: browse, search, rename and merge.

import { call } from './core';
import type { RecordSummary } from '../bindings/RecordSummary';
import type { RenameOutcome } from '../bindings/RenameOutcome';
import type { SubjectHeading } from '../bindings/SubjectHeading';
import type { SubjectPage } from '../bindings/SubjectPage';

/**
 * A page of the subject headings in use with their record counts, in browse order (case and
 * accents ignored). `from` jumps to where a text files; `after` continues after a heading.
 */
export function browseSubjects(from: string | null, after: string | null, limit: number): Promise<SubjectPage> {
  return call('browse_subjects', { from, after, limit });
}

/** Headings in use that contain `text` anywhere (case and accents ignored). */
export function searchSubjects(text: string, limit: number): Promise<SubjectHeading[]> {
  return call('search_subjects', { text, limit });
}

/** The records that carry exactly this heading, in title order. */
export function subjectRecords(heading: string, limit: number): Promise<RecordSummary[]> {
  return call('subject_records', { heading, limit });
}

/**
 * Renames (one heading) or merges (several) subject headings into `into` in every record that
 * carries them, a few hundred records per transaction (finished at the next opening if
 * interrupted); each record keeps its previous version in its history.
 */
export function mergeSubjects(from: string[], into: string): Promise<RenameOutcome> {
  return call('merge_subjects', { from, into });
}
