// Plain words for the coded parts of a record (MARC 21 Bibliographic Leader/06-07 and 008).

const RECORD_TYPES: Record<string, string> = {
  a: 'Language material',
  c: 'Notated music',
  d: 'Manuscript notated music',
  e: 'Cartographic material',
  f: 'Manuscript cartographic material',
  g: 'Projected medium (film, video)',
  i: 'Nonmusical sound recording',
  j: 'Musical sound recording',
  k: 'Two-dimensional nonprojectable graphic',
  m: 'Computer file',
  o: 'Kit',
  p: 'Mixed materials',
  r: 'Three-dimensional artefact or object',
  t: 'Manuscript language material',
};

const LEVELS: Record<string, string> = {
  a: 'component part (monographic)',
  b: 'component part (serial)',
  c: 'collection',
  d: 'subunit',
  i: 'integrating resource (updated in place, e.g. a looseleaf)',
  m: 'monograph',
  s: 'serial',
};

const STATUS: Record<string, string> = {
  a: 'encoding level raised',
  c: 'corrected or revised',
  d: 'deleted',
  n: 'new',
  p: 'encoding level raised from prepublication',
};

/** Leader/05-07 in words: "New record · Language material · integrating resource …". */
export function describeLeader(leader: string): string {
  if (leader.length !== 24) return `The leader is ${leader.length} characters long; it should be 24.`;
  const status = STATUS[leader[5]!] ?? `status ${leader[5]}`;
  const type = RECORD_TYPES[leader[6]!] ?? `unknown type ${JSON.stringify(leader[6])}`;
  const level = LEVELS[leader[7]!] ?? `unknown level ${JSON.stringify(leader[7])}`;
  const coding = leader[9] === 'a' ? 'Unicode' : 'MARC-8';
  return `${type}, ${level}. Record status: ${status}. Characters: ${coding}.`;
}

export interface FixedPart {
  label: string;
  positions: string;
  value: string;
}

const DATE_TYPES: Record<string, string> = {
  s: 'single known date',
  m: 'multiple dates',
  c: 'continuing resource, currently published',
  d: 'continuing resource, ceased',
  u: 'continuing resource, status unknown',
  q: 'questionable date',
  t: 'publication and copyright date',
  r: 'reprint and original date',
  n: 'dates unknown',
  e: 'detailed date',
  i: 'inclusive dates of collection',
  k: 'range of years of bulk of collection',
  p: 'distribution and production date',
  b: 'no dates, B.C. date involved',
};

/** The positions of 008 common to every material, labelled (MARC 21 Bibliographic 008/00-17, 35-39). */
export function describe008(value: string): FixedPart[] {
  const at = (from: number, to: number): string => value.slice(from, to + 1);
  const shown = (s: string): string => (s.trim() === '' ? '(blank)' : s);
  const entered = at(0, 5);
  const enteredText = /^\d{6}$/.test(entered)
    ? `${entered} (20${entered.slice(0, 2)}-${entered.slice(2, 4)}-${entered.slice(4, 6)})`
    : shown(entered);
  const dateType = at(6, 6);
  return [
    { label: 'Date entered', positions: '00-05', value: enteredText },
    { label: 'Type of date', positions: '06', value: `${shown(dateType)}${DATE_TYPES[dateType] ? ` — ${DATE_TYPES[dateType]}` : ''}` },
    { label: 'Date 1', positions: '07-10', value: shown(at(7, 10)) },
    { label: 'Date 2', positions: '11-14', value: shown(at(11, 14)) },
    { label: 'Place of publication', positions: '15-17', value: shown(at(15, 17)) },
    { label: 'Material specific', positions: '18-34', value: at(18, 34).replace(/ /g, '·') },
    { label: 'Language', positions: '35-37', value: shown(at(35, 37)) },
    { label: 'Cataloguing source', positions: '39', value: shown(at(39, 39)) },
  ];
}

/** Relator terms offered for names in the form (MARC 21 100/700 $e). */
export const ROLES = [
  'author',
  'editor',
  'compiler',
  'translator',
  'illustrator',
  'contributor',
  'issuing body',
  'creator',
  'artist',
  'cartographer',
  'photographer',
];
