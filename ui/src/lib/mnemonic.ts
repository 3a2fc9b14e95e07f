// Splits the MARC mnemonic text (MarcMaker/MarcBreaker form, one field a line) into the parts
// the record view lays out: each line left to right, each subfield's data isolated so that
// right-to-left text (an 880's Hebrew or Arabic) cannot reorder the tag or the `$a` delimiters.

/** One subfield (or a control field's value): the delimiter shown before it and its data. */
export interface MnemonicPart {
  /** `$a` for a subfield; '' for a control field's value or text before the first `$`. */
  code: string;
  value: string;
}

/** One line of the mnemonic text. */
export interface MnemonicLine {
  /** `=245  10`: the tag, the two spaces and (for a data field) the indicators. */
  head: string;
  parts: MnemonicPart[];
  /** '\n' when the line ended with one, so the text stays exactly as given. */
  end: string;
}

const FIELD = /^(=[0-9A-Za-z]{3}  )(.*)$/s;

function isControl(tag: string): boolean {
  return tag === 'LDR' || tag.startsWith('00');
}

/** Parses one line; joining `head`, every part's `code + value` and `end` gives it back. */
export function mnemonicLine(text: string, end = ''): MnemonicLine {
  const match = FIELD.exec(text);
  if (!match) return { head: '', parts: [{ code: '', value: text }], end };
  const start = match[1]!;
  const rest = match[2]!;
  const tag = start.slice(1, 4);
  if (isControl(tag) || rest.length < 2) return { head: start, parts: [{ code: '', value: rest }], end };
  // A literal `$` in data is written `{dollar}`, so every `$` after the indicators delimits.
  const [before, ...subfields] = rest.slice(2).split('$');
  const parts: MnemonicPart[] = before ? [{ code: '', value: before }] : [];
  for (const sf of subfields) parts.push({ code: '$' + sf.slice(0, 1), value: sf.slice(1) });
  return { head: start + rest.slice(0, 2), parts, end };
}

/** The lines of a record's mnemonic text; their text joined is the text given. */
export function mnemonicLines(text: string): MnemonicLine[] {
  const raw = text.split('\n');
  const lines: MnemonicLine[] = [];
  raw.forEach((line, i) => {
    const last = i === raw.length - 1;
    if (last && line === '') return;
    lines.push(mnemonicLine(line, last ? '' : '\n'));
  });
  return lines;
}

/** The text of a parsed line, as it was given. */
export function lineText(line: MnemonicLine): string {
  return line.head + line.parts.map((p) => p.code + p.value).join('') + line.end;
}
