import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditableRecord } from '../../lib/bindings/EditableRecord';
import type { RecordForm } from '../../lib/bindings/RecordForm';
import { byTestId, clearMocks, installFakeCore, press, typeInto, until } from '../../test/fakeCore';
import RecordEditor from './RecordEditor.svelte';

// The form <-> MARC mapping is Rust's (tested there); this fake core maps only the title and
// ISBNs, enough to follow the window's side of the conversation.
const template = (): EditableRecord => ({
  leader: '00000nai a2200000 i 4500',
  fields: [
    { tag: '008', ind1: '', ind2: '', value: '261130cuuuu9999xx uu l       0    2eng d', subfields: [] },
    { tag: '245', ind1: '0', ind2: '0', value: null, subfields: [{ code: 'a', value: '' }] },
  ],
});

function formOf(rec: EditableRecord): RecordForm {
  return {
    title: rec.fields.find((f) => f.tag === '245')?.subfields[0]?.value ?? '',
    subtitle: '',
    responsibility: '',
    authors: [],
    edition: '',
    place: '',
    publisher: '',
    date: '',
    extent: '',
    dimensions: '',
    series: [],
    subjects: [],
    notes: [],
    isbns: rec.fields.filter((f) => f.tag === '020').map((f) => f.subfields[0]!.value),
    issns: [],
    language: 'eng',
  };
}

function applied(rec: EditableRecord, form: RecordForm): EditableRecord {
  const fields = rec.fields
    .filter((f) => f.tag !== '020')
    .map((f) => (f.tag === '245' ? { ...f, subfields: [{ code: 'a', value: form.title }] } : f));
  for (const isbn of form.isbns.filter((i) => i !== '')) {
    fields.splice(1, 0, { tag: '020', ind1: ' ', ind2: ' ', value: null, subfields: [{ code: 'a', value: isbn }] });
  }
  return { ...rec, fields };
}

let target: HTMLElement;
let component: ReturnType<typeof mount> | null = null;

function start(id: number | null = null) {
  const onsaved = vi.fn();
  const oncancel = vi.fn();
  const calls = installFakeCore({
    handlers: {
      record_form_from: (a) => formOf(a.record as EditableRecord),
      apply_record_form: (a) => applied(a.record as EditableRecord, a.form as RecordForm),
      validate_record: (a) => {
        const title = (a.record as EditableRecord).fields.find((f) => f.tag === '245')?.subfields[0]?.value;
        return title ? [] : [{ field_index: 1, tag: '245', subfield: 'a', message: '245 $a (title) is empty' }];
      },
      check_standard_number: (a) => ({ input: a.value, valid: a.value === '0306406152', normalized: null, hyphenated: null }),
      save_record: (a) => ({ id: 7, warnings: [], record: a.record, summary: null }),
    },
  });
  component = mount(RecordEditor, {
    target,
    props: { id, initial: template(), heading: 'New record: Looseleaf service', onsaved, oncancel },
  });
  flushSync();
  return { calls, onsaved, oncancel };
}

/** The control a person finds by its label text. */
function labelled(text: string): HTMLInputElement {
  const label = Array.from(document.querySelectorAll('label')).find((l) => l.textContent?.trim() === text);
  const el = label ? document.getElementById(label.htmlFor) : document.querySelector(`[aria-label="${text}"]`);
  if (!el) throw new Error(`nothing labelled ${text}`);
  return el as HTMLInputElement;
}

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

describe('RecordEditor', () => {
  it('shows the labelled form fields, starts in Title and lists the checks', async () => {
    start();
    await until(() => expect(document.activeElement).toBe(labelled('Title')));
    for (const label of [
      'Subtitle',
      'Statement of responsibility',
      'Edition',
      'Place',
      'Publisher',
      'Date',
      'Extent',
      'Dimensions',
      'ISBN',
      'Language',
    ]) {
      expect(labelled(label)).toBeTruthy();
    }
    await until(() => expect(byTestId('editor-warnings').textContent).toContain('245 $a (title) is empty'));
    expect(byTestId('editor-warnings').getAttribute('role')).toBe('status');
  });

  it('flags an invalid ISBN as typed but still saves with Ctrl+S', async () => {
    const { calls, onsaved } = start();
    await until(() => labelled('Title'));
    typeInto(labelled('Title'), 'Encyclopaedia of forms');
    typeInto(labelled('ISBN'), '0306406153');
    await until(() => expect(byTestId('isbn-warning').textContent).toContain('020 $z'));
    expect(labelled('ISBN').getAttribute('aria-invalid')).toBe('true');
    const event = press(labelled('ISBN'), 's', { ctrlKey: true });
    expect(event.defaultPrevented).toBe(true);
    await until(() => expect(onsaved).toHaveBeenCalled());
    const sent = calls.find((c) => c.cmd === 'save_record')!.args as { id: number | null; record: EditableRecord };
    expect(sent.id).toBeNull();
    expect(sent.record.fields.find((f) => f.tag === '245')!.subfields[0]!.value).toBe('Encyclopaedia of forms');
    expect(sent.record.fields.find((f) => f.tag === '020')!.subfields[0]!.value).toBe('0306406153');
    expect(onsaved.mock.calls[0]![0].id).toBe(7);
  });

  it('shows the same record in the MARC view and undoes a change there', async () => {
    start(12);
    await until(() => labelled('Title'));
    typeInto(labelled('Title'), 'Company law');
    (document.getElementById('editor-tab-marc') as HTMLButtonElement).click();
    await until(() => byTestId('editor-marc'));
    const value = document.querySelector<HTMLInputElement>('[aria-label="245 $a"]')!;
    expect(value.value).toBe('Company law');
    expect(byTestId('editor-leader').textContent).toBe('00000nai·a2200000·i·4500');
    expect(target.textContent).toContain('integrating resource');
    (document.querySelector('[aria-label="Remove field 245"]') as HTMLButtonElement).click();
    flushSync();
    expect(document.querySelector('[aria-label="245 $a"]')).toBeNull();
    // Ctrl+Z outside a text field undoes the removal.
    press(document.body, 'z', { ctrlKey: true });
    await until(() => expect(document.querySelector<HTMLInputElement>('[aria-label="245 $a"]')?.value).toBe('Company law'));
  });
});
