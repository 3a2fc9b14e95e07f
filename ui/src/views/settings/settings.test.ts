import { describe, expect, it } from 'vitest';
import { formFromRules, rejectLine, rejectsSavedMessage, rulesFromForm, rulesSentence } from './settings';

describe('barcode form', () => {
  it('reads an empty length as any length and a number as the length', () => {
    expect(rulesFromForm({ prefix: ' 31234 ', length: '', checkDigit: 'none' })).toEqual({
      rules: { prefix: '31234', length: null, check_digit: 'none' },
    });
    expect(rulesFromForm({ prefix: '', length: ' 14 ', checkDigit: 'codabar_mod10' })).toEqual({
      rules: { prefix: '', length: 14, check_digit: 'codabar_mod10' },
    });
  });

  it('refuses a length that is not a whole number from 1 to 64, saying which', () => {
    for (const bad of ['0', '65', '14.5', 'fourteen', '-3']) {
      const read = rulesFromForm({ prefix: '', length: bad, checkDigit: 'none' });
      expect('error' in read && read.error).toContain(`Length “${bad}”`);
    }
  });

  it('gives the stored rules back as the form shows them', () => {
    expect(formFromRules({ prefix: 'LIB', length: null, check_digit: 'code39_mod43' })).toEqual({
      prefix: 'LIB',
      length: '',
      checkDigit: 'code39_mod43',
    });
    expect(formFromRules({ prefix: '', length: 14, check_digit: 'none' }).length).toBe('14');
  });

  it('says the rules in one sentence', () => {
    expect(rulesSentence({ prefix: '31234', length: 14, check_digit: 'codabar_mod10' })).toBe(
      'Barcodes start with 31234, have 14 characters and end with a Codabar mod 10 check digit.',
    );
    expect(rulesSentence({ prefix: '', length: 1, check_digit: 'none' })).toBe('Barcodes have 1 character.');
    expect(rulesSentence({ prefix: '', length: null, check_digit: 'none' })).toBe('Any barcode without spaces is accepted.');
  });
});

describe('rejected records', () => {
  it('lists one with its file, record number, byte offset and reason', () => {
    expect(
      rejectLine({
        id: 1,
        source_file: 'bad_records.mrc',
        ordinal: 7,
        byte_offset: 1764,
        tag: null,
        reason: 'the directory has no entries',
        bytes: 127,
        rejected_at: '2026-11-30T12:00:00+00:00',
      }),
    ).toBe('bad_records.mrc, record 7 (byte 1,764): the directory has no entries');
  });

  it('says where a save put them, with the MARCXML file when there is one', () => {
    expect(rejectsSavedMessage({ path: '/home/ann/rejected.mrc', records: 1, xml_path: null, xml_records: 0 })).toBe(
      'Saved 1 rejected record to rejected.mrc.',
    );
    expect(rejectsSavedMessage({ path: '/home/ann/r.mrc', records: 2, xml_path: '/home/ann/r.mrc.xml', xml_records: 3 })).toBe(
      'Saved 2 rejected records to r.mrc, and 3 MARCXML records to r.mrc.xml.',
    );
  });
});
