import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EditableRecord } from '../../lib/bindings/EditableRecord';
import type { RecordForm } from '../../lib/bindings/RecordForm';
import { byTestId, clearMocks, installFakeCore, record, SAMPLE, typeInto, until } from '../../test/fakeCore';
import CatalogueView from '../catalogue/CatalogueView.svelte';

// "New record" → template picker → form → Save → the record view with the keyboard in the items
// panel, as the end-to-end test drives it. The fake core stands in for Rust's mapping.
const TEMPLATES = [
  { id: 'book', label: 'Book', description: 'A printed monograph.' },
  { id: 'looseleaf', label: 'Looseleaf service', description: 'An updating looseleaf.' },
];

const looseleaf = (): EditableRecord => ({
  leader: '00000nai a2200000 i 4500',
  fields: [{ tag: '245', ind1: '0', ind2: '0', value: null, subfields: [{ code: 'a', value: '' }] }],
});

const emptyForm = (title: string): RecordForm => ({
  title,
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
  isbns: [],
  issns: [],
  language: 'eng',
});

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

describe('a new record from a template', () => {
  it('is picked by label, filled in, saved, and opened ready for a barcode', async () => {
    const calls = installFakeCore({
      records: [...SAMPLE, record(77, 'Encyclopaedia of forms')],
      handlers: {
        record_templates: () => TEMPLATES,
        new_record_from_template: () => looseleaf(),
        record_form_from: (a) => emptyForm((a.record as EditableRecord).fields[0]!.subfields[0]!.value),
        apply_record_form: (a) => ({
          ...(a.record as EditableRecord),
          fields: [{ tag: '245', ind1: '0', ind2: '0', value: null, subfields: [{ code: 'a', value: (a.form as RecordForm).title }] }],
        }),
        validate_record: () => [],
        save_record: (a) => ({ id: 77, warnings: [], record: a.record, summary: null }),
      },
    });
    const view = mount(CatalogueView, { target, props: {} });
    component = view;
    flushSync();
    (view as unknown as { newRecord: () => void }).newRecord();
    flushSync();

    const picker = await until(() => byTestId('template-picker'));
    const looseleafLabel = await until(() => {
      const l = Array.from(picker.querySelectorAll('label')).find((el) => el.textContent?.includes('Looseleaf service'));
      if (!l) throw new Error('not yet');
      return l;
    });
    // The chosen template's radio has the keyboard, so arrow keys choose and Enter creates.
    await until(() => expect((document.activeElement as HTMLInputElement | null)?.type).toBe('radio'));
    looseleafLabel.querySelector('input')!.click();
    byTestId<HTMLButtonElement>('template-create').click();
    await until(() => expect(calls.some((c) => c.cmd === 'new_record_from_template' && c.args.template === 'looseleaf')).toBe(true));

    await until(() => expect(byTestId('record-editor').textContent).toContain('New record: Looseleaf service'));
    const title = await until(() => document.getElementById('f-title') as HTMLInputElement);
    typeInto(title, 'Encyclopaedia of forms');
    byTestId<HTMLButtonElement>('editor-save').click();

    await until(() => byTestId('record-saved'));
    const saved = calls.find((c) => c.cmd === 'save_record')!.args as { id: number | null; record: EditableRecord };
    expect(saved.id).toBeNull();
    expect(saved.record.fields[0]!.subfields[0]!.value).toBe('Encyclopaedia of forms');
    expect(byTestId('record-view')).toBeTruthy();
    await until(() => expect(calls.some((c) => c.cmd === 'items_of_record')).toBe(true));
    await until(() => expect(document.activeElement?.id).toBe('item-barcode-77'));
  });
});
