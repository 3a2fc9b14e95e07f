import { describe, expect, it } from 'vitest';
import type { EditableRecord } from '../../lib/bindings/EditableRecord';
import { addField, addSubfield, fieldText, moveField, removeField, removeSubfield, setIndicator, setSubfield, setTag } from './marcEdit';
import { describe008, describeLeader } from './marcLabels';
import { UndoStack } from './undo';

const rec = (): EditableRecord => ({
  leader: '00000nai a2200000 i 4500',
  fields: [
    { tag: '008', ind1: '', ind2: '', value: '261130cuuuu9999xx uu l       0    2eng d', subfields: [] },
    { tag: '245', ind1: '0', ind2: '0', value: null, subfields: [{ code: 'a', value: 'Forms.' }] },
    { tag: '650', ind1: ' ', ind2: '4', value: null, subfields: [{ code: 'a', value: 'Law' }] },
  ],
});

describe('undo stack', () => {
  it('goes back one change at a time, typing in one place being one change', () => {
    const undo = new UndoStack<string>();
    undo.record('a', 'title');
    undo.record('ab', 'title');
    undo.record('abc', null);
    expect(undo.depth).toBe(2);
    expect(undo.undo()).toBe('abc');
    expect(undo.undo()).toBe('a');
    expect(undo.undo()).toBeNull();
    expect(undo.canUndo).toBe(false);
  });

  it('keeps snapshots, not references', () => {
    const undo = new UndoStack<EditableRecord>();
    const r = rec();
    undo.record(r);
    r.fields[1]!.subfields[0]!.value = 'changed';
    expect(undo.undo()!.fields[1]!.subfields[0]!.value).toBe('Forms.');
  });

  it('forgets the oldest beyond its limit', () => {
    const undo = new UndoStack<number>(2);
    undo.record(1);
    undo.record(2);
    undo.record(3);
    expect([undo.undo(), undo.undo(), undo.undo()]).toEqual([3, 2, null]);
  });
});

describe('MARC view edits', () => {
  it('edit tags, indicators and subfields without touching the original', () => {
    const r = rec();
    let out = setIndicator(r, 1, 2, '4');
    out = setSubfield(out, 1, 0, 'value', 'The forms');
    out = addSubfield(out, 1);
    out = setSubfield(out, 1, 1, 'code', 'b');
    expect(fieldText(out.fields[1]!)).toBe('245 04 $a The forms $b');
    expect(fieldText(r.fields[1]!)).toBe('245 00 $a Forms.');
    expect(removeSubfield(out, 1, 1).fields[1]!.subfields).toHaveLength(1);
  });

  it('adds, removes and moves fields', () => {
    const { record, index } = addField(rec(), 1);
    expect(index).toBe(2);
    expect(record.fields.map((f) => f.tag)).toEqual(['008', '245', '', '650']);
    expect(moveField(record, 3, -1).fields.map((f) => f.tag)).toEqual(['008', '245', '650', '']);
    expect(moveField(record, 0, -1)).toBe(record);
    expect(removeField(record, 2).fields.map((f) => f.tag)).toEqual(['008', '245', '650']);
  });

  it('turns a data field into a control field and back when its tag changes', () => {
    const control = setTag(rec(), 2, '001');
    expect(control.fields[2]).toMatchObject({ tag: '001', value: 'Law', subfields: [] });
    const data = setTag(control, 2, '500');
    expect(data.fields[2]).toMatchObject({ tag: '500', value: null, subfields: [{ code: 'a', value: 'Law' }] });
  });
});

describe('coded values in words', () => {
  it('describes the leader of a looseleaf service', () => {
    expect(describeLeader('00000nai a2200000 i 4500')).toBe(
      'Language material, integrating resource (updated in place, e.g. a looseleaf). Record status: new. Characters: Unicode.',
    );
    expect(describeLeader('short')).toMatch(/5 characters/);
  });

  it('labels the common 008 positions', () => {
    const parts = describe008('261130cuuuu9999xx uu l       0    2eng d');
    const by = (label: string) => parts.find((p) => p.label === label)!.value;
    expect(by('Date entered')).toBe('261130 (2026-11-30)');
    expect(by('Type of date')).toBe('c — continuing resource, currently published');
    expect(by('Date 1')).toBe('uuuu');
    expect(by('Language')).toBe('eng');
  });
});
