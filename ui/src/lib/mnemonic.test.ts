import { describe, expect, it } from 'vitest';
import { lineText, mnemonicLine, mnemonicLines } from './mnemonic';

const HEBREW_880 = '=880  10$6245-01/(2/r$aגג :$bשירים /$cמאת דוד.';

describe('mnemonicLines', () => {
  it('splits a data field into its tag and indicators, then one part per subfield', () => {
    expect(mnemonicLine(HEBREW_880)).toEqual({
      head: '=880  10',
      parts: [
        { code: '$6', value: '245-01/(2/r' },
        { code: '$a', value: 'גג :' },
        { code: '$b', value: 'שירים /' },
        { code: '$c', value: 'מאת דוד.' },
      ],
      end: '',
    });
  });

  it('keeps the leader and control fields whole, and `{dollar}` inside its subfield', () => {
    expect(mnemonicLine('=LDR  00000nam\\a2200000\\i\\4500').parts).toEqual([{ code: '', value: '00000nam\\a2200000\\i\\4500' }]);
    expect(mnemonicLine('=001  8660664')).toEqual({ head: '=001  ', parts: [{ code: '', value: '8660664' }], end: '' });
    expect(mnemonicLine('=020  \\\\$a9780306406157$c{dollar}25.00').parts).toEqual([
      { code: '$a', value: '9780306406157' },
      { code: '$c', value: '{dollar}25.00' },
    ]);
  });

  it('gives back exactly the text it was given, with or without a final newline', () => {
    for (const text of [
      `=LDR  00000nam a2200000 a 4500\n=001  1\n${HEBREW_880}\n`,
      '=LDR  x\n=245  10$aNo final newline',
      'not mnemonic at all\n\n=999  ',
      '',
    ]) {
      expect(mnemonicLines(text).map(lineText).join('')).toBe(text);
    }
    expect(mnemonicLines('=001  1\n=245  10$aA\n')).toHaveLength(2);
  });
});
