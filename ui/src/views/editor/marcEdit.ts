// Pure edits of an editor record (the MARC view): each returns a new record, the old one is
// left as it was (it may be on the undo stack).

import type { EditableField } from '../../lib/bindings/EditableField';
import type { EditableRecord } from '../../lib/bindings/EditableRecord';

/** MARC 21: tags 001-009 are control fields (data, no indicators or subfields). */
export function isControlTag(tag: string): boolean {
  return tag.length === 3 && tag.startsWith('00');
}

function withField(rec: EditableRecord, index: number, change: (f: EditableField) => EditableField): EditableRecord {
  return { ...rec, fields: rec.fields.map((f, i) => (i === index ? change(structuredClone(f)) : f)) };
}

/** Changes a field's tag; a field that becomes a control field keeps its text as its value. */
export function setTag(rec: EditableRecord, index: number, tag: string): EditableRecord {
  return withField(rec, index, (f) => {
    if (isControlTag(tag) && f.value === null) {
      return { ...f, tag, value: f.subfields.map((s) => s.value).join(''), subfields: [], ind1: '', ind2: '' };
    }
    if (!isControlTag(tag) && f.value !== null && tag.length === 3) {
      return { ...f, tag, value: null, ind1: ' ', ind2: ' ', subfields: [{ code: 'a', value: f.value }] };
    }
    return { ...f, tag };
  });
}

/** Sets indicator 1 or 2 (an empty input is a blank). */
export function setIndicator(rec: EditableRecord, index: number, which: 1 | 2, value: string): EditableRecord {
  const v = value === '' ? ' ' : value;
  return withField(rec, index, (f) => (which === 1 ? { ...f, ind1: v } : { ...f, ind2: v }));
}

export function setControlValue(rec: EditableRecord, index: number, value: string): EditableRecord {
  return withField(rec, index, (f) => ({ ...f, value }));
}

export function setSubfield(rec: EditableRecord, index: number, sub: number, part: 'code' | 'value', value: string): EditableRecord {
  return withField(rec, index, (f) => {
    f.subfields = f.subfields.map((s, j) => (j === sub ? { ...s, [part]: value } : s));
    return f;
  });
}

export function addSubfield(rec: EditableRecord, index: number, after: number | null = null): EditableRecord {
  return withField(rec, index, (f) => {
    const at = after === null ? f.subfields.length : after + 1;
    f.subfields = [...f.subfields.slice(0, at), { code: 'a', value: '' }, ...f.subfields.slice(at)];
    return f;
  });
}

export function removeSubfield(rec: EditableRecord, index: number, sub: number): EditableRecord {
  return withField(rec, index, (f) => ({ ...f, subfields: f.subfields.filter((_, j) => j !== sub) }));
}

/** Adds an empty data field after `after` (at the end when null); returns the new index too. */
export function addField(rec: EditableRecord, after: number | null = null): { record: EditableRecord; index: number } {
  const at = after === null ? rec.fields.length : after + 1;
  const field: EditableField = { tag: '', ind1: ' ', ind2: ' ', value: null, subfields: [{ code: 'a', value: '' }] };
  return { record: { ...rec, fields: [...rec.fields.slice(0, at), field, ...rec.fields.slice(at)] }, index: at };
}

export function removeField(rec: EditableRecord, index: number): EditableRecord {
  return { ...rec, fields: rec.fields.filter((_, i) => i !== index) };
}

/** Moves a field one place up (-1) or down (+1); a move past either end changes nothing. */
export function moveField(rec: EditableRecord, index: number, by: -1 | 1): EditableRecord {
  const to = index + by;
  if (to < 0 || to >= rec.fields.length) return rec;
  const fields = [...rec.fields];
  [fields[index], fields[to]] = [fields[to]!, fields[index]!];
  return { ...rec, fields };
}

/** A field in MARC mnemonic form, for screen readers and summaries (`245 10 $a Title`). */
export function fieldText(f: EditableField): string {
  if (f.value !== null) return `${f.tag} ${f.value}`;
  const ind = `${f.ind1 === ' ' || f.ind1 === '' ? '_' : f.ind1}${f.ind2 === ' ' || f.ind2 === '' ? '_' : f.ind2}`;
  return `${f.tag} ${ind} ${f.subfields.map((s) => `$${s.code} ${s.value}`).join(' ')}`.trim();
}
