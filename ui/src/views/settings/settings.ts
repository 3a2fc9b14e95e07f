// Pure helpers of the Settings view: reading the barcode form, and the sentences it shows.

import type { BarcodeRules } from '../../lib/bindings/BarcodeRules';
import type { CheckDigit } from '../../lib/bindings/CheckDigit';
import type { RejectedRecord } from '../../lib/bindings/RejectedRecord';
import type { RejectsExport } from '../../lib/bindings/RejectsExport';
import { countLabel, fileName, formatNumber } from '../../lib/format';
import type { Choice } from '../../lib/importOptions';

/** The longest barcode the core accepts a length for. */
export const MAX_BARCODE_LENGTH = 64;

export const CHECK_DIGITS: readonly Choice<CheckDigit>[] = [
  { value: 'none', label: 'No check digit', detail: 'Any characters; the barcode is taken as scanned.' },
  {
    value: 'codabar_mod10',
    label: 'Codabar, mod 10',
    detail: 'Digits only; the last digit checks the others (library Codabar labels, usually 14 digits).',
  },
  {
    value: 'code39_mod43',
    label: 'Code 39, mod 43',
    detail: 'Letters, digits and - . $ / + %; the last character checks the others.',
  },
];

/** The barcode form as typed: the length is text until it is read. */
export interface BarcodeForm {
  prefix: string;
  length: string;
  checkDigit: CheckDigit;
}

export function formFromRules(rules: BarcodeRules): BarcodeForm {
  return { prefix: rules.prefix, length: rules.length === null ? '' : String(rules.length), checkDigit: rules.check_digit };
}

/**
 * The rules the form stands for, or why the length cannot be read. An empty length is "any
 * length". The core checks the rest (spaces in the prefix, a prefix as long as the length…).
 */
export function rulesFromForm(form: BarcodeForm): { rules: BarcodeRules } | { error: string } {
  const text = form.length.trim();
  let length: number | null = null;
  if (text !== '') {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_BARCODE_LENGTH) {
      return { error: `Length “${text}”: give a whole number from 1 to ${MAX_BARCODE_LENGTH}, or leave it empty for any length.` };
    }
    length = Number(text);
  }
  return { rules: { prefix: form.prefix.trim(), length, check_digit: form.checkDigit } };
}

/** The rules in one sentence, e.g. “Barcodes start with 31234, have 14 characters and end with a Codabar mod 10 check digit.” */
export function rulesSentence(rules: BarcodeRules): string {
  const parts: string[] = [];
  if (rules.prefix !== '') parts.push(`start with ${rules.prefix}`);
  if (rules.length !== null) parts.push(`have ${countLabel(rules.length, 'character', 'characters')}`);
  if (rules.check_digit === 'codabar_mod10') parts.push('end with a Codabar mod 10 check digit');
  if (rules.check_digit === 'code39_mod43') parts.push('end with a Code 39 mod 43 check character');
  if (parts.length === 0) return 'Any barcode without spaces is accepted.';
  const last = parts.pop()!;
  return `Barcodes ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}.`;
}

/** One rejected record, for the list: “vendor.mrc, record 7 (byte 764): the directory has no entries”. */
export function rejectLine(r: RejectedRecord): string {
  const tag = r.tag ? ` (field ${r.tag})` : '';
  return `${r.source_file}, record ${formatNumber(r.ordinal)} (byte ${formatNumber(r.byte_offset)}): ${r.reason}${tag}`;
}

/** What “Save as file…” did, in a sentence. */
export function rejectsSavedMessage(e: RejectsExport): string {
  const first = `Saved ${countLabel(e.records, 'rejected record', 'rejected records')} to ${fileName(e.path)}`;
  if (e.xml_path === null) return `${first}.`;
  return `${first}, and ${countLabel(e.xml_records, 'MARCXML record', 'MARCXML records')} to ${fileName(e.xml_path)}.`;
}
