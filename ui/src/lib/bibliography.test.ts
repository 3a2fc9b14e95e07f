import { describe, expect, it } from 'vitest';
import {
  annotate,
  clipboardOf,
  COMMON_STYLES,
  describeRule,
  emptyRule,
  entryOf,
  fileNameOf,
  leaveOut,
  leftOut,
  moveEntry,
  moved,
  newSection,
  parseYear,
  pick,
  putBack,
  ruleSelects,
  styleName,
} from './bibliography';

describe('the section rule in words', () => {
  it('names each criterion a technician gave', () => {
    const rule = {
      ...emptyRule(),
      subject: 'Arbitration',
      narrower: true,
      class_from: 'KF 1',
      class_to: 'KF 9999',
      year_from: 1990,
      year_to: 2005,
    };
    expect(describeRule(rule)).toBe('Subject “Arbitration” and narrower · Call numbers KF 1 to KF 9999 · Published 1990–2005');
    expect(ruleSelects(rule)).toBe(true);
  });

  it('says when only records picked by hand are in the section', () => {
    expect(describeRule(emptyRule())).toBe('Only records picked by hand');
    expect(ruleSelects({ ...emptyRule(), subject: '  ' })).toBe(false);
  });

  it('labels the item type and open-ended year ranges', () => {
    expect(describeRule({ ...emptyRule(), item_type: 'looseleaf', year_from: 2000 }, (t) => t.toUpperCase())).toBe(
      'Published 2000 or later · Items of type LOOSELEAF',
    );
  });
});

describe('entries', () => {
  it('keeps an annotation and clears it when blanked', () => {
    let s = annotate(newSection(), 7, '  Standard treatise; see ch. 4. ');
    expect(entryOf(s, 7).annotation).toBe('Standard treatise; see ch. 4.');
    s = annotate(s, 7, '   ');
    expect(entryOf(s, 7).annotation).toBeNull();
    expect(s.entries).toHaveLength(1);
  });

  it('moving an entry arranges the whole section by hand in the order shown', () => {
    const s = moveEntry(newSection(), [10, 20, 30], 30, -1);
    expect(s.sort).toBe('manual');
    const order = [...s.entries].sort((a, b) => a.position - b.position).map((e) => e.record_id);
    expect(order).toEqual([10, 30, 20]);
  });

  it('moving past the top keeps the entry first', () => {
    const s = moveEntry(newSection(), [10, 20], 10, -1);
    expect([...s.entries].sort((a, b) => a.position - b.position).map((e) => e.record_id)).toEqual([10, 20]);
  });

  it('leaves out and puts back, keeping the note', () => {
    let s = annotate(newSection(), 5, 'note');
    s = leaveOut(s, 5);
    expect(leftOut(s)).toEqual([5]);
    s = putBack(s, 5);
    expect(leftOut(s)).toEqual([]);
    expect(entryOf(s, 5).annotation).toBe('note');
  });

  it('picked records are pinned, once each', () => {
    const s = pick(pick(newSection(), [1, 2]), [2]);
    expect(s.entries.map((e) => [e.record_id, e.pinned])).toEqual([
      [1, true],
      [2, true],
    ]);
  });
});

describe('small helpers', () => {
  it('reads a year or nothing', () => {
    expect(parseYear(' 1999 ')).toBe(1999);
    expect(parseYear('19x9')).toBeNull();
    expect(parseYear('')).toBeNull();
  });

  it('makes a safe file name from a title', () => {
    expect(fileNameOf('Arbitration: construction / contracts?')).toBe('Arbitration construction contracts');
    expect(fileNameOf('  ')).toBe('bibliography');
  });

  it('moves a list element', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});

describe('styles', () => {
  it('finds a style by an alias the CLI accepts', () => {
    const styles = [
      { name: 'american-psychological-association', aliases: ['apa'] },
      { name: 'oscola', aliases: [] },
    ];
    expect(styleName(styles, 'apa')).toBe('american-psychological-association');
    expect(styleName(styles, 'oscola')).toBe('oscola');
    expect(styleName(styles, 'gone')).toBe('gone');
  });
});

describe('the clipboard', () => {
  it('gives formatted and plain text of the document, notes under their entries, text escaped', () => {
    const c = clipboardOf({
      title: 'Arbitration <draft>',
      introduction: 'Held in the library.\n\nAsk at the desk.',
      style: 'APA Style 7th edition',
      hanging_indent: true,
      sections: [
        {
          heading: 'Treatises',
          entries: [
            {
              record_id: 1,
              label: null,
              spans: [
                { text: 'Merkin, R. (2004). ', italic: false, bold: false, small_caps: false, superscript: false, link: null },
                { text: 'Arbitration law', italic: true, bold: false, small_caps: false, superscript: false, link: null },
                { text: '. Informa.', italic: false, bold: false, small_caps: false, superscript: false, link: null },
              ],
              annotation: 'The leading text & its successor.',
              location: 'KF 9085 .M4 — Main',
            },
          ],
        },
      ],
    });
    expect(c.entries).toBe(1);
    expect(c.text).toBe(
      'Arbitration <draft>\n\nHeld in the library.\n\nAsk at the desk.\n\nTreatises\n\nMerkin, R. (2004). Arbitration law. Informa.\n    The leading text & its successor.\n    Where: KF 9085 .M4 — Main\n',
    );
    expect(c.html).toContain('<h1>Arbitration &lt;draft&gt;</h1>');
    expect(c.html).toContain('text-indent:-2em;">Merkin, R. (2004). <i>Arbitration law</i>. Informa.</p>');
    expect(c.html).toContain('The leading text &amp; its successor.');
  });
});

describe('COMMON_STYLES', () => {
  it("lists Carrel's legal styles among the common ones, for a law firm", () => {
    for (const legal of ['oscola', 'bluebook-law-review', 'aglc', 'mcgill']) {
      expect(COMMON_STYLES).toContain(legal);
    }
  });
});
