//! MARC-8 to Unicode.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::tables::{CharacterSet, COMBINING};
use super::{alternate, hex_bytes, lookup, set_by_final, Decoded, Marc8Problem};

const ESC: u8 = 0x1B;
const RECORD_TERMINATOR: u8 = 0x1D;
const FIELD_TERMINATOR: u8 = 0x1E;
const SUBFIELD_DELIMITER: u8 = 0x1F;
const REPLACEMENT: char = '\u{FFFD}';

/// What a G0 or G1 slot holds.
#[derive(Clone, Copy)]
enum Slot {
    Set(&'static CharacterSet),
    /// A well-formed designation of a set MARC-8 does not have: its characters are unknown.
    Unknown,
}

/// A combining mark read before its base character.
struct PendingMark {
    ch: char,
    offset: usize,
    len: usize,
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
    g0: Slot,
    g1: Slot,
    /// Text before normalisation.
    out: String,
    problems: Vec<Marc8Problem>,
    pending: Vec<PendingMark>,
    /// Double-diacritic first halves (U+0361, U+0360) written and not yet closed by their
    /// second half (ANSEL EC, FB).
    open_ligature: bool,
    open_double_tilde: bool,
    /// The previous byte was a subfield delimiter: this one is the subfield code.
    at_subfield_code: bool,
}

/// Decodes MARC-8 bytes (one field's data, one subfield value, or several fields with their
/// terminators) to NFC Unicode.
///
/// Decoding starts with ASCII as G0 and ANSEL as G1. It never fails: a byte with no mapping,
/// an unknown or incomplete escape sequence, a truncated EACC character, a control character or
/// a combining mark with no character after it becomes U+FFFD in the text and a
/// [`Marc8Problem`] naming the bytes.
pub fn decode(bytes: &[u8]) -> Decoded {
    // Most MARC-8 fields are plain ASCII: no escape, no diacritic, no reference to decode.
    if bytes
        .iter()
        .all(|&b| (0x20..=0x7E).contains(&b) && b != b'&' || matches!(b, 0x1D..=0x1F))
    {
        let text = std::str::from_utf8(bytes).expect("ASCII").to_string();
        return Decoded {
            text,
            problems: Vec::new(),
        };
    }
    let mut decoder = Decoder::new(bytes);
    decoder.run();
    let raw = decoder.out;
    let text = if is_nfc_quick(raw.chars()) == IsNormalized::Yes {
        raw
    } else {
        raw.nfc().collect()
    };
    Decoded {
        text,
        problems: decoder.problems,
    }
}

fn default_g0() -> Slot {
    Slot::Set(set_by_final(b'B').expect("ASCII table"))
}

fn default_g1() -> Slot {
    Slot::Set(set_by_final(b'E').expect("ANSEL table"))
}

impl<'a> Decoder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Decoder {
            bytes,
            pos: 0,
            g0: default_g0(),
            g1: default_g1(),
            out: String::with_capacity(bytes.len() + bytes.len() / 4),
            problems: Vec::new(),
            pending: Vec::new(),
            open_ligature: false,
            open_double_tilde: false,
            at_subfield_code: false,
        }
    }

    fn problem(&mut self, byte_offset: usize, reason: String) {
        self.problems.push(Marc8Problem {
            byte_offset,
            reason,
        });
    }

    /// Writes U+FFFD for bytes that could not be decoded. Pending combining marks stay pending:
    /// they belong to the next real character.
    fn replacement(&mut self, byte_offset: usize, reason: String) {
        self.out.push(REPLACEMENT);
        self.problem(byte_offset, reason);
    }

    /// Writes a base character, then the combining marks that came before it.
    fn base(&mut self, ch: char) {
        self.out.push(ch);
        for mark in self.pending.drain(..) {
            self.out.push(mark.ch);
            match mark.ch {
                '\u{0361}' => self.open_ligature = true,
                '\u{0360}' => self.open_double_tilde = true,
                _ => {}
            }
        }
    }

    /// Combining marks with no character after them, at a delimiter or the end of the data.
    fn orphan_marks(&mut self, before: &str) {
        if self.pending.is_empty() {
            return;
        }
        let first = self.pending[0].offset;
        let mut bytes = Vec::new();
        let mut chars = Vec::new();
        for mark in &self.pending {
            bytes.extend_from_slice(&self.bytes[mark.offset..mark.offset + mark.len]);
            chars.push(format!("U+{:04X}", mark.ch as u32));
        }
        self.pending.clear();
        let what = if chars.len() == 1 {
            "combining mark"
        } else {
            "combining marks"
        };
        self.replacement(
            first,
            format!(
                "{what} {} ({}) with no base character before {before}",
                hex_bytes(&bytes),
                chars.join(" ")
            ),
        );
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if self.at_subfield_code {
                self.at_subfield_code = false;
                if (0x20..0x7F).contains(&b) {
                    // The subfield code is structure, always ASCII whatever G0 holds.
                    self.base(b as char);
                    self.pos += 1;
                    continue;
                }
            }
            match b {
                ESC => self.escape(),
                SUBFIELD_DELIMITER | FIELD_TERMINATOR | RECORD_TERMINATOR => {
                    let before = match b {
                        SUBFIELD_DELIMITER => "the subfield delimiter",
                        FIELD_TERMINATOR => "the field terminator",
                        _ => "the record terminator",
                    };
                    self.orphan_marks(before);
                    self.out.push(b as char);
                    self.open_ligature = false;
                    self.open_double_tilde = false;
                    if b == SUBFIELD_DELIMITER {
                        self.at_subfield_code = true;
                    } else {
                        self.g0 = default_g0();
                        self.g1 = default_g1();
                    }
                    self.pos += 1;
                }
                0x00..=0x1F | 0x7F => {
                    self.replacement(
                        self.pos,
                        format!("control character 0x{b:02X} has no mapping in MARC-8"),
                    );
                    self.pos += 1;
                }
                b' ' => {
                    // SPACE is 0x20 whatever set is in G0, EACC included.
                    self.base(' ');
                    self.pos += 1;
                }
                0x21..=0x7E => self.graphic(self.g0),
                0x80..=0x9F => self.c1(b),
                0xA0 | 0xFF => {
                    self.replacement(
                        self.pos,
                        format!("byte 0x{b:02X} is outside the G1 set's range 0xA1..0xFE"),
                    );
                    self.pos += 1;
                }
                0xA1..=0xFE => self.graphic(self.g1),
            }
        }
        self.orphan_marks("the end of the data");
    }

    /// ANSEL's C1 controls (non-sort begin and end, joiner and non-joiner), whatever G1 holds.
    fn c1(&mut self, b: u8) {
        let ansel = set_by_final(b'E').expect("ANSEL table");
        match lookup(ansel, u32::from(b)).and_then(|v| char::from_u32(v & !COMBINING)) {
            Some(ch) => self.base(ch),
            None => self.replacement(self.pos, format!("no mapping for C1 control 0x{b:02X}")),
        }
        self.pos += 1;
    }

    /// A character from the G0 or G1 set, starting at `self.pos`.
    fn graphic(&mut self, slot: Slot) {
        let start = self.pos;
        let b = self.bytes[start];
        let set = match slot {
            Slot::Set(set) => set,
            Slot::Unknown => {
                // Reported once, at the escape sequence.
                self.out.push(REPLACEMENT);
                self.pos += 1;
                return;
            }
        };
        if set.width == 3 {
            self.eacc(set);
            return;
        }
        self.pos += 1;
        if set.final_byte == b'B' && b == b'&' && self.reference(start) {
            return;
        }
        let code = u32::from(b & 0x7F);
        match lookup(set, code) {
            Some(value) if value & COMBINING != 0 => {
                self.mark(set, code, value & !COMBINING, start, 1)
            }
            Some(value) => match char::from_u32(value) {
                Some(ch) => self.base(ch),
                None => {
                    self.replacement(start, format!("no mapping for 0x{b:02X} in {}", set.name))
                }
            },
            None => self.replacement(start, format!("no mapping for 0x{b:02X} in {}", set.name)),
        }
    }

    /// A combining mark: kept until its base character arrives.
    fn mark(&mut self, set: &CharacterSet, code: u32, ucs: u32, offset: usize, len: usize) {
        let ch = if ucs == 0 {
            // A double diacritic's second half (ANSEL EC, FB): its first half already wrote the
            // whole Unicode mark. Without a first half, fall back on the table's <alt>.
            let closes = match code {
                0x6C => std::mem::replace(&mut self.open_ligature, false),
                0x7B => std::mem::replace(&mut self.open_double_tilde, false),
                _ => false,
            };
            if closes {
                return;
            }
            match alternate(set.final_byte, code).and_then(char::from_u32) {
                Some(ch) => ch,
                None => {
                    let bytes = hex_bytes(&self.bytes[offset..offset + len]);
                    self.replacement(offset, format!("no mapping for {bytes} in {}", set.name));
                    return;
                }
            }
        } else {
            match char::from_u32(ucs) {
                Some(ch) => ch,
                None => return,
            }
        };
        self.pending.push(PendingMark { ch, offset, len });
    }

    /// An EACC character: three bytes from the same half (G0 or G1) of the code.
    ///
    /// Bytes that start no character the table has are skipped one at a time until a character
    /// starts again (as yaz does), so that a record that lost a byte in the middle of EACC text
    /// gets back in step; the skipped bytes become one U+FFFD and one problem.
    fn eacc(&mut self, set: &CharacterSet) {
        let bytes = self.bytes;
        let start = self.pos;
        let high = bytes[start] & 0x80;
        let in_half = |b: u8| b & 0x80 == high && (0x20..0x7F).contains(&(b & 0x7F));
        let mut at = start;
        while at < bytes.len() && in_half(bytes[at]) && bytes[at] & 0x7F != b' ' {
            if at + 2 < bytes.len() && in_half(bytes[at + 1]) && in_half(bytes[at + 2]) {
                let code = bytes[at..at + 3]
                    .iter()
                    .fold(0u32, |acc, &b| (acc << 8) | u32::from(b & 0x7F));
                if let Some(ch) = lookup(set, code).and_then(char::from_u32) {
                    if at > start {
                        self.unmapped_eacc(set, start, at, false);
                    }
                    self.pos = at + 3;
                    self.base(ch);
                    return;
                }
            }
            at += 1;
        }
        self.pos = at;
        self.unmapped_eacc(set, start, at, true);
    }

    /// Reports EACC bytes `start..end` that form no character.
    fn unmapped_eacc(&mut self, set: &CharacterSet, start: usize, end: usize, at_boundary: bool) {
        let raw = hex_bytes(&self.bytes[start..end]);
        let reason = if at_boundary && end - start < 3 {
            let after = match self.bytes.get(end) {
                None => "the end of the data".to_string(),
                Some(b) => format!("0x{b:02X}"),
            };
            format!("truncated EACC character {raw} before {after}")
        } else {
            format!("no mapping for {raw} in {}", set.name)
        };
        self.replacement(start, reason);
    }

    /// A numeric character reference `&#xXXXX;` in ASCII, starting at `start` (the `&`, already
    /// consumed). Returns false, consuming nothing more, when the bytes are not one.
    fn reference(&mut self, start: usize) -> bool {
        let rest = &self.bytes[start + 1..];
        if rest.len() < 3 || rest[0] != b'#' || !matches!(rest[1], b'x' | b'X') {
            return false;
        }
        let digits = rest[2..]
            .iter()
            .take(7)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        if digits == 0 || digits > 6 || rest.get(2 + digits) != Some(&b';') {
            return false;
        }
        let hex = std::str::from_utf8(&rest[2..2 + digits]).expect("hex digits are ASCII");
        let Some(ch) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) else {
            return false;
        };
        self.pos = start + 1 + 2 + digits + 1;
        self.base(ch);
        true
    }

    /// An escape sequence at `self.pos`.
    fn escape(&mut self) {
        let start = self.pos;
        let rest = &self.bytes[start + 1..];
        let Some(&first) = rest.first() else {
            self.pos = self.bytes.len();
            self.replacement(
                start,
                "incomplete escape sequence 0x1B at the end of the data".to_string(),
            );
            return;
        };
        match first {
            b'g' | b'b' | b'p' | b's' => {
                // Technique 1: Greek symbols, subscripts, superscripts, back to ASCII.
                let final_byte = if first == b's' { b'B' } else { first };
                self.g0 = Slot::Set(set_by_final(final_byte).expect("technique 1 table"));
                self.pos += 2;
            }
            b'(' | b',' | b')' | b'-' | b'$' => self.designation(start),
            _ => {
                // Not an escape sequence MARC-8 has: only the ESC is taken, the next byte is
                // read as data (stray ESC bytes stand for lost characters in some records).
                self.pos += 1;
                let reason = format!(
                    "unknown escape sequence {}",
                    hex_bytes(&self.bytes[start..start + 2])
                );
                self.replacement(start, reason);
            }
        }
    }

    /// `ESC [$] I [!] F`: designation of a G0 or G1 set.
    fn designation(&mut self, start: usize) {
        let bytes = self.bytes;
        let mut i = start + 1;
        let multibyte = bytes[i] == b'$';
        if multibyte {
            i += 1;
        }
        let mut g1 = false;
        match bytes.get(i) {
            Some(b'(' | b',') => i += 1,
            Some(b')' | b'-') => {
                g1 = true;
                i += 1;
            }
            // ESC $ F: G0, the short form MARC-8 uses for EACC.
            _ => {}
        }
        if bytes.get(i) == Some(&b'!') {
            i += 1;
        }
        let final_byte = match bytes.get(i) {
            Some(&f) if (0x30..=0x7E).contains(&f) => f,
            next => {
                self.pos = i;
                let seq = hex_bytes(&bytes[start..i]);
                let reason = match next {
                    None => format!("incomplete escape sequence {seq} at the end of the data"),
                    Some(b) => format!("incomplete escape sequence {seq} before 0x{b:02X}"),
                };
                self.replacement(start, reason);
                return;
            }
        };
        self.pos = i + 1;
        let slot = match set_by_final(final_byte) {
            Some(set) => Slot::Set(set),
            None => {
                let seq = hex_bytes(&bytes[start..=i]);
                let reason = format!(
                    "escape sequence {seq} designates a character set MARC-8 does not have; \
                     its characters are shown as U+FFFD"
                );
                self.replacement(start, reason);
                Slot::Unknown
            }
        };
        if g1 {
            self.g1 = slot;
        } else {
            self.g0 = slot;
        }
    }
}
