// Small pure helpers that turn core data into the words and numbers the UI shows.

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234 → "1,234". Rounds to a whole number. */
export function formatNumber(n: number): string {
  return numberFormat.format(Number.isFinite(n) ? n : 0);
}

/** Counts with the right noun: "1 record", "1,234 records", "500+ records". */
export function countLabel(n: number, singular: string, plural: string, lowerBound = false): string {
  const noun = n === 1 && !lowerBound ? singular : plural;
  return `${formatNumber(n)}${lowerBound ? '+' : ''} ${noun}`;
}

export function recordCount(n: number, lowerBound = false): string {
  return countLabel(n, 'record', 'records', lowerBound);
}

/** The last part of a path, for both `/` and `\` separators. */
export function fileName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut >= 0 ? trimmed.slice(cut + 1) : trimmed;
}

/** The folder part of a path ("" when there is none): "/home/ann/a.mrc" → "/home/ann". */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return '';
  return cut === 0 ? trimmed.charAt(0) : trimmed.slice(0, cut);
}

/** A library's display name: its file name without the extension. */
export function libraryName(path: string): string {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** "2021" or "London : Sweet & Maxwell, 2021" without repeating a date already present. */
export function publicationLine(publication: string | null, date: string | null): string {
  const pub = publication?.trim() ?? '';
  const d = date?.trim() ?? '';
  if (!pub) return d;
  if (!d || pub.includes(d)) return pub;
  return `${pub}, ${d}`;
}

const IDENTIFIER_LABELS: Record<string, string> = {
  isbn: 'ISBN',
  issn: 'ISSN',
  lccn: 'LCCN',
  control_number: 'Control number',
  'control number': 'Control number',
  control: 'Control number',
  oclc: 'OCLC number',
  ismn: 'ISMN',
  doi: 'DOI',
  other: 'Other identifier',
};

/** A human label for an identifier kind from the core ("ISBN", "Control number", or a code like "isbn"). */
export function identifierLabel(kind: string): string {
  const known = IDENTIFIER_LABELS[kind.toLowerCase()];
  if (known) return known;
  const words = kind.replace(/[_-]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Identifier';
}

/** 940 → "0.9 s", 61_000 → "1 min 1 s", 20 → "under 0.1 s" (not "0.0 s"). */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, Number.isFinite(ms) ? ms : 0);
  if (safe < 50) return 'under 0.1 s';
  if (safe < 60_000) {
    const seconds = safe / 1000;
    return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  }
  const total = Math.round(safe / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

/** How much of a long note the record view shows before "Show all" (characters). */
export const NOTE_HEAD = 1500;

/**
 * The start of a note longer than `limit` characters (code points), cut at a space when one is
 * near, with "…"; null when the note is short enough to show whole. A 30 KB contents note
 * (MARC 21 Bibliographic 505) would otherwise fill the record view.
 */
export function noteHead(text: string, limit = NOTE_HEAD): string | null {
  const chars = [...text];
  if (chars.length <= limit) return null;
  const head = chars.slice(0, limit).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > limit * 0.8 ? head.slice(0, space) : head).trimEnd()} …`;
}

/** A text's length in characters (code points), as "Show all (N characters)" counts it. */
export function charCount(text: string): number {
  return [...text].length;
}
