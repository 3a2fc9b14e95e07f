// The cataloguing editor. The mapping between the form and MARC lives in Rust only.

import { call } from './core';
import type { EditableRecord } from '../bindings/EditableRecord';
import type { NumberKind } from '../bindings/NumberKind';
import type { RecordForm } from '../bindings/RecordForm';
import type { Saved } from '../bindings/Saved';
import type { Template } from '../bindings/Template';
import type { TemplateId } from '../bindings/TemplateId';
import type { Validation } from '../bindings/Validation';
import type { Warning } from '../bindings/Warning';

/** The templates for new records (book, looseleaf service, map, …). */
export function recordTemplates(): Promise<Template[]> {
  return call('record_templates');
}

/** A new, unsaved record from template `template`, dated today. */
export function newRecordFromTemplate(template: TemplateId): Promise<EditableRecord> {
  return call('new_record_from_template', { template });
}

/** Record `id` as the editor holds it (leader and fields). */
export function getEditableRecord(id: number): Promise<EditableRecord> {
  return call('get_editable_record', { id });
}

/** What looks wrong in a record, by MARC 21; warnings never stop a save. */
export function validateRecord(record: EditableRecord): Promise<Warning[]> {
  return call('validate_record', { record });
}

/** Saves a new record (`id` null) or a new version of record `id` (the old one goes to its history). */
export function saveRecord(id: number | null, record: EditableRecord): Promise<Saved> {
  return call('save_record', { id, record });
}

/** An unsaved copy of record `id` without its control numbers ("new from this"). */
export function duplicateRecord(id: number): Promise<EditableRecord> {
  return call('duplicate_record', { id });
}

/** The form view of a record. */
export function recordFormFrom(record: EditableRecord): Promise<RecordForm> {
  return call('record_form_from', { record });
}

/** The record with the form's values written into the MARC fields the form owns. */
export function applyRecordForm(record: EditableRecord, form: RecordForm): Promise<EditableRecord> {
  return call('apply_record_form', { record, form });
}

/** Checks an ISBN, ISSN or LCCN as typed (check digit, shape). */
export function checkStandardNumber(kind: NumberKind, value: string): Promise<Validation> {
  return call('check_standard_number', { kind, value });
}
