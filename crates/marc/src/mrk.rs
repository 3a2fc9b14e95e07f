//! MarcEdit's mnemonic text files (`.mrk`, the MarcMaker/MarcBreaker form), read and written.
//!
//! One line per field: `=LDR  ` and the 24 leader characters, `=001  ` and a control field's
//! data, `=245  10$aTitle :$bsub` for a data field (two indicators, then `$` and a code before
//! each subfield). A blank in the leader, a control field or an indicator is written `\`. Records
//! are separated by a blank line; a line starting `#` is a comment. Text is UTF-8, with or without
//! a byte-order mark; CR LF and LF line ends are both read.
//!
//! The characters that are syntax are written as MarcMaker character mnemonics: `{dollar}` for
//! `$`, `{lcub}` and `{rcub}` for `{` and `}`, `{bsol}` for `\` where `\` means a blank (leader,
//! control fields). The reader also takes the mnemonics MarcBreaker writes in a MARC-8 `.mrk` for
//! every ANSEL character (`{copy}`, `{pound}`, `{aelig}`, … and the combining diacritics
//! `{acute}`, `{uml}`, … written before their letter as in MARC-8), `{esc}` for the escapes to
//! other MARC-8 sets, and `{U+XXXX}` for any character by its hexadecimal code point. A brace
//! that starts no known mnemonic is kept as written, with a warning.

use std::fmt::Write as _;
use std::io::{self, BufRead, Read, Write};

use crate::record::{is_control_tag, Field, Leader, Record, Subfield};

/// The longest line read whole (1 MiB, the ISO 2709 reader's `MAX_READ`); a longer line is an
/// error of its record and the rest of it is skipped unread, so memory stays bounded.
pub const MAX_MRK_LINE: usize = 1 << 20;

/// The longest record kept (4 MiB of text, MARCXML's `MAX_XML_RECORD`): a longer one (a file with
/// no blank lines and no `=LDR` lines to split it) is rejected and its text cut there.
pub const MAX_MRK_RECORD: usize = 4 << 20;

/// Where a record starts in a `.mrk` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MrkPosition {
    /// 1-based record number in the file.
    pub ordinal: u64,
    /// 1-based line of the record's first line.
    pub line: u64,
    /// Byte offset of the record's first line.
    pub offset: u64,
}

/// A record read from a `.mrk` file.
#[derive(Clone, Debug)]
pub struct MrkParsed {
    /// The record, its text in Unicode as written (not normalised, except text around a MARC-8
    /// mnemonic, which is decoded as MARC-8 is: NFC).
    pub record: Record,
    /// Where it starts.
    pub position: MrkPosition,
    /// What the reader repaired or kept as written, one sentence each naming its line.
    pub warnings: Vec<String>,
}

/// A record of a `.mrk` file that could not be read.
#[derive(Clone, Debug)]
pub struct MrkError {
    /// Where the record starts.
    pub position: MrkPosition,
    /// 1-based line at fault.
    pub line: u64,
    /// The field at fault (e.g. `"LDR"`, `"245"`), when one is.
    pub tag: Option<String>,
    /// What is wrong, as a sentence for the user (without the line number).
    pub reason: String,
    /// The record's text as found in the file (lines joined by `\n`), kept for repair.
    pub raw: String,
}

impl std::fmt::Display for MrkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A streaming reader of `.mrk` records over any `BufRead`: one record in memory at a time.
/// A bad record is yielded as `Err` and reading goes on with the next.
pub struct MrkReader<R: BufRead> {
    inner: R,
    /// Lines read so far.
    line: u64,
    /// Bytes read so far.
    offset: u64,
    ordinal: u64,
    /// A `=LDR` line read while finishing the previous record (no blank line between them).
    held: Option<Line>,
    done: bool,
}

/// One line of the file, without its line end.
struct Line {
    bytes: Vec<u8>,
    /// 1-based line number.
    number: u64,
    /// Byte offset of its start.
    offset: u64,
    /// Longer than [`MAX_MRK_LINE`]: cut there, the rest skipped.
    too_long: bool,
}

/// The record being gathered.
struct Pending {
    position: MrkPosition,
    leader: Option<Leader>,
    fields: Vec<Field>,
    warnings: Vec<String>,
    error: Option<(u64, Option<String>, String)>,
    raw: String,
}

impl<R: BufRead> MrkReader<R> {
    /// A reader at the start of a `.mrk` file (a UTF-8 byte-order mark is skipped).
    pub fn new(inner: R) -> Self {
        MrkReader {
            inner,
            line: 0,
            offset: 0,
            ordinal: 0,
            held: None,
            done: false,
        }
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.offset
    }

    /// The next line; `None` at the end.
    fn next_line(&mut self) -> io::Result<Option<Line>> {
        let mut buf = Vec::new();
        let start = self.offset;
        let n = (&mut self.inner)
            .take(MAX_MRK_LINE as u64)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.offset += n as u64;
        let mut too_long = false;
        if buf.last() != Some(&b'\n') && n == MAX_MRK_LINE {
            too_long = true;
            // Skip the rest of the line unread into memory.
            loop {
                let avail = self.inner.fill_buf()?;
                if avail.is_empty() {
                    break;
                }
                match avail.iter().position(|b| *b == b'\n') {
                    Some(i) => {
                        self.inner.consume(i + 1);
                        self.offset += i as u64 + 1;
                        break;
                    }
                    None => {
                        let len = avail.len();
                        self.inner.consume(len);
                        self.offset += len as u64;
                    }
                }
            }
        }
        self.line += 1;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        Ok(Some(Line {
            bytes: buf,
            number: self.line,
            offset: start,
            too_long,
        }))
    }
}

impl<R: BufRead> Iterator for MrkReader<R> {
    type Item = Result<MrkParsed, MrkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut pending: Option<Pending> = None;
        loop {
            let next = match self.held.take() {
                Some(held) => Some(held),
                None => match self.next_line() {
                    Ok(l) => l,
                    Err(e) => {
                        self.done = true;
                        let position = MrkPosition {
                            ordinal: self.ordinal + 1,
                            line: self.line + 1,
                            offset: self.offset,
                        };
                        return Some(Err(MrkError {
                            position,
                            line: self.line + 1,
                            tag: None,
                            reason: format!("the file could not be read further: {e}"),
                            raw: pending.map(|p| p.raw).unwrap_or_default(),
                        }));
                    }
                },
            };
            let Some(Line {
                bytes,
                number: line,
                offset,
                too_long,
            }) = next
            else {
                self.done = true;
                return pending.map(finish);
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                match pending {
                    Some(p) => return Some(finish(p)),
                    None => continue,
                }
            }
            if pending.is_none() && bytes.starts_with(b"#") {
                continue;
            }
            // A new leader with no blank line before it starts the next record.
            if bytes.starts_with(b"=LDR") && pending.as_ref().is_some_and(|p| !p.raw.is_empty()) {
                self.held = Some(Line {
                    bytes,
                    number: line,
                    offset,
                    too_long,
                });
                return pending.map(finish);
            }
            let p = pending.get_or_insert_with(|| {
                self.ordinal += 1;
                Pending {
                    position: MrkPosition {
                        ordinal: self.ordinal,
                        line,
                        offset,
                    },
                    leader: None,
                    fields: Vec::new(),
                    warnings: Vec::new(),
                    error: None,
                    raw: String::new(),
                }
            });
            let text = String::from_utf8_lossy(&bytes);
            if p.raw.len() + text.len() < MAX_MRK_RECORD {
                if !p.raw.is_empty() {
                    p.raw.push('\n');
                }
                p.raw.push_str(&text);
            } else if p.error.is_none() {
                p.error = Some((
                    line,
                    None,
                    format!("the record is longer than {MAX_MRK_RECORD} bytes (a blank line or `=LDR` line missing?): its text is kept up to here"),
                ));
                p.fields = Vec::new();
            }
            if p.error.is_some() || bytes.starts_with(b"#") {
                continue;
            }
            if too_long {
                p.error = Some((
                    line,
                    None,
                    format!("the line is longer than {MAX_MRK_LINE} bytes"),
                ));
                continue;
            }
            if matches!(text, std::borrow::Cow::Owned(_)) {
                p.warnings.push(format!(
                    "line {line}: bytes that are not UTF-8 were read as U+FFFD"
                ));
            }
            if let Err((tag, reason)) = parse_line(&text, line, p) {
                p.error = Some((line, tag, reason));
            }
        }
    }
}

fn finish(p: Pending) -> Result<MrkParsed, MrkError> {
    if let Some((line, tag, reason)) = p.error {
        return Err(MrkError {
            position: p.position,
            line,
            tag,
            reason,
            raw: p.raw,
        });
    }
    match p.leader {
        Some(leader) => Ok(MrkParsed {
            record: Record {
                leader,
                fields: p.fields,
            },
            position: p.position,
            warnings: p.warnings,
        }),
        None => Err(MrkError {
            position: p.position,
            line: p.position.line,
            tag: Some("LDR".into()),
            reason: "the record has no =LDR line (each record starts with its leader)".into(),
            raw: p.raw,
        }),
    }
}

/// Reads one field line into the record being gathered.
fn parse_line(text: &str, line: u64, p: &mut Pending) -> Result<(), (Option<String>, String)> {
    let Some(rest) = text.strip_prefix('=') else {
        return Err((
            None,
            "a line of a record must start with `=` and a tag (e.g. `=245  10$a…`)".into(),
        ));
    };
    let tag: String = rest.chars().take(3).collect();
    // Any three characters but white space (ISO 2709 tags are three characters; MARC 21 uses
    // digits, local systems letters too, and a damaged record may hold others).
    if tag.chars().count() != 3 || tag.chars().any(char::is_whitespace) {
        return Err((
            None,
            format!("`={tag}` is not a tag (three characters, e.g. `=245`)"),
        ));
    }
    let mut data = &rest[tag.len()..];
    // A blank in a (damaged) tag is written `\`, as in the leader.
    let tag: String = tag.chars().map(indicator).collect();
    // MarcEdit writes two spaces after the tag; one is accepted too.
    for _ in 0..2 {
        data = data.strip_prefix(' ').unwrap_or(data);
    }
    let mut warn = |w: String| p.warnings.push(format!("line {line}: {w}"));
    if tag == "LDR" {
        if p.leader.is_some() {
            return Err((Some(tag), "a second =LDR line in one record".into()));
        }
        let value = unescape(data, true, &mut warn);
        let leader = Leader::from_bytes(value.as_bytes())
            .filter(|_| value.is_ascii())
            .ok_or_else(|| {
                (
                    Some(tag.clone()),
                    format!(
                        "the leader must be 24 ASCII characters (a blank written `\\`), not {} ({value:?})",
                        value.chars().count()
                    ),
                )
            })?;
        p.leader = Some(leader);
        return Ok(());
    }
    if p.leader.is_none() {
        return Err((
            Some(tag),
            "a field before the record's =LDR line (each record starts with its leader)".into(),
        ));
    }
    if is_control_tag(&tag) {
        let value = unescape(data, true, &mut warn);
        p.fields.push(Field::Control { tag, value });
        return Ok(());
    }
    let mut chars = data.chars();
    let (ind1, ind2) = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a != '$' && b != '$' => (indicator(a), indicator(b)),
        _ => {
            warn(format!(
                "field {tag} has no indicators before its first `$`: read as blanks"
            ));
            chars = data.chars();
            (' ', ' ')
        }
    };
    let body = chars.as_str();
    let mut subfields = Vec::new();
    let mut parts = body.split('$');
    let before = parts.next().unwrap_or("");
    if !before.is_empty() {
        warn(format!(
            "field {tag} has data before its first `$`: kept as subfield $a"
        ));
        subfields.push(Subfield {
            code: 'a',
            value: unescape(before, false, &mut warn),
        });
    }
    for part in parts {
        let mut cs = part.chars();
        match cs.next() {
            Some(code) => subfields.push(Subfield {
                code,
                value: unescape(cs.as_str(), false, &mut warn),
            }),
            None => warn(format!(
                "field {tag} has a `$` with no subfield code: dropped"
            )),
        }
    }
    p.fields.push(Field::Data {
        tag,
        ind1,
        ind2,
        subfields,
    });
    Ok(())
}

fn indicator(c: char) -> char {
    if c == '\\' {
        ' '
    } else {
        c
    }
}

/// The MARCMaker mnemonics of characters that are `.mrk` syntax.
const SYNTAX: &[(&str, char)] = &[
    ("dollar", '$'),
    ("lcub", '{'),
    ("rcub", '}'),
    ("bsol", '\\'),
];

/// The MARCMaker mnemonics of MARC-8 bytes (LC code tables: ANSEL, the G1 default set, and the
/// escape and joiner controls), as MarcBreaker writes them in a MARC-8 `.mrk`.
const MARC8: &[(&str, u8)] = &[
    ("esc", 0x1B),
    ("joiner", 0x8D),
    ("nonjoin", 0x8E),
    ("Lstrok", 0xA1),
    ("Ostrok", 0xA2),
    ("Dstrok", 0xA3),
    ("THORN", 0xA4),
    ("AElig", 0xA5),
    ("OElig", 0xA6),
    ("softsign", 0xA7),
    ("middot", 0xA8),
    ("flat", 0xA9),
    ("reg", 0xAA),
    ("plusmn", 0xAB),
    ("Ohorn", 0xAC),
    ("Uhorn", 0xAD),
    ("mlrhring", 0xAE),
    ("mllhring", 0xB0),
    ("lstrok", 0xB1),
    ("ostrok", 0xB2),
    ("dstrok", 0xB3),
    ("thorn", 0xB4),
    ("aelig", 0xB5),
    ("oelig", 0xB6),
    ("hardsign", 0xB7),
    ("inodot", 0xB8),
    ("pound", 0xB9),
    ("eth", 0xBA),
    ("ohorn", 0xBC),
    ("uhorn", 0xBD),
    ("deg", 0xC0),
    ("scriptl", 0xC1),
    ("phono", 0xC2),
    ("copy", 0xC3),
    ("sharp", 0xC4),
    ("iquest", 0xC5),
    ("iexcl", 0xC6),
    ("eszett", 0xC7),
    ("euro", 0xC8),
    // Combining diacritics, written before their letter as in MARC-8.
    ("hooka", 0xE0),
    ("grave", 0xE1),
    ("acute", 0xE2),
    ("circ", 0xE3),
    ("tilde", 0xE4),
    ("macr", 0xE5),
    ("breve", 0xE6),
    ("dot", 0xE7),
    ("uml", 0xE8),
    ("caron", 0xE9),
    ("ring", 0xEA),
    ("llig", 0xEB),
    ("rlig", 0xEC),
    ("rcommaa", 0xED),
    ("dblac", 0xEE),
    ("candra", 0xEF),
    ("cedil", 0xF0),
    ("ogon", 0xF1),
    ("dotb", 0xF2),
    ("dbldotb", 0xF3),
    ("ringb", 0xF4),
    ("dblunder", 0xF5),
    ("under", 0xF6),
    ("commab", 0xF7),
    ("rcedil", 0xF8),
    ("breveb", 0xF9),
    ("ldbltil", 0xFA),
    ("rdbltil", 0xFB),
    ("commaa", 0xFE),
];

/// What a mnemonic stands for.
enum Mnemonic {
    /// A character.
    Char(char),
    /// A MARC-8 byte, decoded with the MARC-8 text around it.
    Marc8(u8),
}

/// The mnemonic named `name` (between the braces), if it is one.
fn mnemonic(name: &str) -> Option<Mnemonic> {
    if let Some(hex) = name.strip_prefix("U+").or_else(|| name.strip_prefix("u+")) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .filter(|_| (1..=6).contains(&hex.len()))
            .and_then(char::from_u32)
            .map(Mnemonic::Char);
    }
    if let Some((_, c)) = SYNTAX.iter().find(|(n, _)| *n == name) {
        return Some(Mnemonic::Char(*c));
    }
    MARC8
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| Mnemonic::Marc8(*b))
}

/// Decodes the mnemonics of `.mrk` data; `warn` hears of what was kept as written. In the leader
/// and control fields (`fixed`) `\` is a blank.
///
/// A MARC-8 mnemonic (`{acute}e`, `{esc}(N…`) is decoded together with the ASCII text around it
/// by the MARC-8 decoder ([`crate::marc8::decode`]: a diacritic before its letter, NFC), so a
/// MARC-8 `.mrk` reads as the MARC-8 ISO 2709 record it was made from. Text without such a
/// mnemonic is kept as written (not normalised).
pub fn unescape(s: &str, fixed: bool, warn: &mut dyn FnMut(String)) -> String {
    let mut out = String::with_capacity(s.len());
    // ASCII text and MARC-8 bytes not yet decoded; `marc8` when any mnemonic byte is in it.
    let mut run: Vec<u8> = Vec::new();
    let mut marc8 = false;
    fn flush(run: &mut Vec<u8>, marc8: &mut bool, out: &mut String, warn: &mut dyn FnMut(String)) {
        if *marc8 {
            let decoded = crate::marc8::decode(run);
            for p in &decoded.problems {
                warn(format!("a MARC-8 mnemonic could not be decoded: {p}"));
            }
            out.push_str(&decoded.text);
        } else {
            out.push_str(std::str::from_utf8(run).unwrap_or_default());
        }
        run.clear();
        *marc8 = false;
    }
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let c = match c {
            '\\' if fixed => ' ',
            '{' => {
                let close = rest.find('}').filter(|&i| i <= 12);
                match close.and_then(|i| mnemonic(&rest[..i]).map(|m| (i, m))) {
                    Some((i, m)) => {
                        rest = &rest[i + 1..];
                        match m {
                            Mnemonic::Marc8(b) => {
                                run.push(b);
                                marc8 = true;
                                continue;
                            }
                            Mnemonic::Char(c) => c,
                        }
                    }
                    None => {
                        if let Some(i) = close {
                            let name = &rest[..i];
                            warn(format!(
                                "`{{{name}}}` is not a known mnemonic: kept as written"
                            ));
                        }
                        '{'
                    }
                }
            }
            c => c,
        };
        if c.is_ascii() && !c.is_ascii_control() {
            run.push(c as u8);
        } else {
            flush(&mut run, &mut marc8, &mut out, warn);
            out.push(c);
        }
    }
    flush(&mut run, &mut marc8, &mut out, warn);
    out
}

/// Writes `s` as `.mrk` data: `$`, `{`, `}` as `{dollar}`, `{lcub}`, `{rcub}`; control characters
/// as `{esc}` or `{U+XXXX}` (a line end would end the field). In the leader and control fields
/// (`fixed`) a blank is `\` and a backslash `{bsol}`.
pub fn escape(s: &str, fixed: bool, out: &mut String) {
    for c in s.chars() {
        match c {
            '$' => out.push_str("{dollar}"),
            '{' => out.push_str("{lcub}"),
            '}' => out.push_str("{rcub}"),
            '\\' if fixed => out.push_str("{bsol}"),
            ' ' if fixed => out.push('\\'),
            '\u{1B}' => out.push_str("{esc}"),
            c if c.is_control() => {
                let _ = write!(out, "{{U+{:04X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// One record as `.mrk` text: `=LDR` first, one line per field, each ended by `\n`, then the blank
/// line that ends the record.
pub fn record_to_mrk(record: &Record) -> String {
    let mut out = String::new();
    out.push_str("=LDR  ");
    escape(&record.leader.as_string(), true, &mut out);
    out.push('\n');
    for field in &record.fields {
        match field {
            Field::Control { tag, value } => {
                let _ = write!(out, "={}  ", tag.replace(' ', "\\"));
                escape(value, true, &mut out);
            }
            Field::Data {
                tag,
                ind1,
                ind2,
                subfields,
            } => {
                let _ = write!(out, "={}  ", tag.replace(' ', "\\"));
                escape(&ind1.to_string(), true, &mut out);
                escape(&ind2.to_string(), true, &mut out);
                for sf in subfields {
                    out.push('$');
                    escape(&sf.code.to_string(), false, &mut out);
                    escape(&sf.value, false, &mut out);
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Sets leader/00-04 (record length) and 12-16 (base address) to what [`crate::write_iso2709`]
/// writes for this record, so that the `.mrk` text of it compiles to ISO 2709 and breaks back to
/// the same text (a leader read from a MARC-8 file, or a damaged one, holds other lengths).
pub fn set_iso2709_lengths(record: &mut Record) {
    let bytes = crate::write_iso2709(record);
    record.leader.0[0..5].copy_from_slice(&bytes[0..5]);
    record.leader.0[12..17].copy_from_slice(&bytes[12..17]);
}

/// Writes records to a `.mrk` file (UTF-8, no byte-order mark, LF line ends), one after another.
pub struct MrkWriter<W: Write> {
    inner: W,
    records: u64,
}

impl<W: Write> MrkWriter<W> {
    /// A writer over `inner`; nothing is written until the first record.
    pub fn new(inner: W) -> MrkWriter<W> {
        MrkWriter { inner, records: 0 }
    }

    /// Writes one record and the blank line after it. Errors: the writer's.
    pub fn write_record(&mut self, record: &Record) -> io::Result<()> {
        self.inner.write_all(record_to_mrk(record).as_bytes())?;
        self.records += 1;
        Ok(())
    }

    /// Records written so far.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Flushes and gives back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.flush()?;
        Ok(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<Result<MrkParsed, MrkError>> {
        MrkReader::new(text.as_bytes()).collect()
    }

    fn unescaped(s: &str, fixed: bool) -> (String, Vec<String>) {
        let mut warnings = Vec::new();
        let v = unescape(s, fixed, &mut |w| warnings.push(w));
        (v, warnings)
    }

    #[test]
    fn escapes_are_read() {
        assert_eq!(unescaped("{dollar}25.00", false).0, "$25.00");
        assert_eq!(unescaped("{lcub}x{rcub}", false).0, "{x}");
        assert_eq!(unescaped("a\\b{bsol}", false).0, "a\\b\\");
        assert_eq!(unescaped("a\\b{bsol}", true).0, "a b\\");
        assert_eq!(unescaped("{U+00E9}t{u+00e9}", false).0, "été");
        assert_eq!(unescaped("{copy}1999 {pound}5", false).0, "©1999 £5");
        // MARC-8 order: the diacritic before its letter; composed.
        assert_eq!(unescaped("Caf{acute}e", false).0, "Café");
        assert_eq!(unescaped("{uml}u{cedil}c", false).0, "üç");
        // An escape to Cyrillic (MARC-8 G0 `(N`) and back to ASCII.
        assert_eq!(unescaped("{esc}(NMIR{esc}(B!", false).0, "мир!");
    }

    #[test]
    fn unknown_mnemonics_and_lone_braces_are_kept_as_written() {
        let (v, w) = unescaped("{nosuch} and {", false);
        assert_eq!(v, "{nosuch} and {");
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("{nosuch}"), "{w:?}");
        assert_eq!(unescaped("{U+D800}", false).1.len(), 1, "a surrogate");
        assert_eq!(unescaped("{joiner}", false).0, "\u{200D}");
    }

    #[test]
    fn escapes_are_written() {
        let mut out = String::new();
        escape("$5 {x} a\\b\nc\u{1B}", false, &mut out);
        assert_eq!(out, "{dollar}5 {lcub}x{rcub} a\\b{U+000A}c{esc}");
        out.clear();
        escape("a b\\", true, &mut out);
        assert_eq!(out, "a\\b{bsol}");
    }

    #[test]
    fn a_record_reads_and_writes_back() {
        let text = "=LDR  00000nam\\a2200000\\i\\4500\n=001  ocm\\12\n=008  240101s2024\\\\\\\\xxu\n=020  \\\\$a9780306406157$c{dollar}25.00\n=245  10$aTitle {lcub}1{rcub} :$bsub /$cresp.\n=500  \\\\$aPath C:\\dir{bsol}\n\n";
        let recs = read_all(text);
        assert_eq!(recs.len(), 1);
        let p = recs[0].as_ref().unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let r = &p.record;
        assert_eq!(r.leader.as_string(), "00000nam a2200000 i 4500");
        assert_eq!(r.control("001"), Some("ocm 12"));
        assert_eq!(r.field("020").unwrap().subfield('c'), Some("$25.00"));
        assert_eq!(r.field("245").unwrap().indicators(), ('1', '0'));
        assert_eq!(r.field("245").unwrap().subfield('a'), Some("Title {1} :"));
        assert_eq!(
            r.field("500").unwrap().subfield('a'),
            Some("Path C:\\dir\\")
        );
        // Written back: the same text, except that a `\` in data is written as itself.
        let back = record_to_mrk(r);
        assert_eq!(back, text.replace("C:\\dir{bsol}", "C:\\dir\\"));
    }

    #[test]
    fn records_bom_crlf_comments_and_missing_blank_lines() {
        let text = "\u{FEFF}# a comment\r\n\r\n=LDR  00000nam\\a2200000\\i\\4500\r\n=001  1\r\n\r\n\r\n=LDR  00000nam\\a2200000\\i\\4500\r\n=001  2\r\n=LDR  00000nam\\a2200000\\i\\4500\r\n=001  3";
        let recs: Vec<_> = read_all(text).into_iter().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].record.control("001"), Some("1"));
        assert_eq!(recs[0].position.line, 3);
        assert_eq!(recs[1].record.control("001"), Some("2"));
        assert_eq!(recs[2].record.control("001"), Some("3"));
        assert_eq!(recs[2].position.ordinal, 3);
        assert_eq!(recs[2].position.line, 9);
    }

    #[test]
    fn errors_name_the_line_and_reading_goes_on() {
        let text = "=LDR  00000nam\\a2200000\\i\\4500\n=001  1\nnot a field\n=245  10$aLost\n\n=LDR  short\n\n=245  10$aNo leader\n\n=LDR  00000nam\\a2200000\\i\\4500\n=24  10$aBad tag\n\n=LDR  00000nam\\a2200000\\i\\4500\n=245  10$aGood\n";
        let recs = read_all(text);
        assert_eq!(recs.len(), 5);
        let e = recs[0].as_ref().unwrap_err();
        assert_eq!((e.line, e.position.ordinal), (3, 1));
        assert!(e.to_string().starts_with("line 3: "), "{e}");
        assert!(e.raw.contains("not a field") && e.raw.contains("Lost"));
        let e = recs[1].as_ref().unwrap_err();
        assert_eq!((e.line, e.tag.as_deref()), (6, Some("LDR")));
        assert!(e.reason.contains("24"), "{}", e.reason);
        let e = recs[2].as_ref().unwrap_err();
        assert_eq!(e.line, 8);
        assert!(e.reason.contains("=LDR"), "{}", e.reason);
        let e = recs[3].as_ref().unwrap_err();
        assert_eq!(e.line, 11);
        assert!(e.reason.contains("tag"), "{}", e.reason);
        let ok = recs[4].as_ref().unwrap();
        assert_eq!(ok.record.field("245").unwrap().subfield('a'), Some("Good"));
    }

    #[test]
    fn repairs_are_warned_with_their_line() {
        let text =
            "=LDR  00000nam\\a2200000\\i\\4500\n=245  $aNo indicators\n=500  \\\\text first$$bx\n";
        let p = read_all(text).remove(0).unwrap();
        assert_eq!(p.warnings.len(), 3, "{:?}", p.warnings);
        assert!(p.warnings[0].starts_with("line 2: "));
        assert!(p.warnings[1].starts_with("line 3: "));
        let f500 = p.record.field("500").unwrap();
        assert_eq!(f500.subfield('a'), Some("text first"));
        assert_eq!(f500.subfield('b'), Some("x"));
        assert_eq!(p.record.field("245").unwrap().indicators(), (' ', ' '));
    }

    #[test]
    fn a_record_without_end_is_cut_and_rejected() {
        let mut text = String::from("=LDR  00000nam\\a2200000\\i\\4500\n");
        let line = format!("=500  \\\\$a{}\n", "x".repeat(1000));
        while text.len() < MAX_MRK_LINE * 5 {
            text.push_str(&line);
        }
        text.push_str("\n=LDR  00000nam\\a2200000\\i\\4500\n=001  next\n");
        let recs = read_all(&text);
        assert_eq!(recs.len(), 2);
        let e = recs[0].as_ref().unwrap_err();
        assert!(e.reason.contains("longer than"), "{}", e.reason);
        assert!(e.raw.len() < MAX_MRK_RECORD);
        assert_eq!(
            recs[1].as_ref().unwrap().record.control("001"),
            Some("next")
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_and_warned() {
        let mut bytes = b"=LDR  00000nam\\a2200000\\i\\4500\n=245  10$aCaf".to_vec();
        bytes.push(0xE9);
        bytes.push(b'\n');
        let p = MrkReader::new(&bytes[..]).next().unwrap().unwrap();
        assert_eq!(
            p.record.field("245").unwrap().subfield('a'),
            Some("Caf\u{FFFD}")
        );
        assert!(p.warnings[0].contains("line 2"), "{:?}", p.warnings);
    }
}
