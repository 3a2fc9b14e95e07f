//! MARC-8, the character encoding of MARC 21 records whose leader/09 is blank, to and from
//! Unicode.
//!
//! MARC-8 is an ISO 2022-style encoding: a G0 set (bytes 0x21..0x7E) and a G1 set (bytes
//! 0xA1..0xFE) are in force at any moment, ASCII and ANSEL (Extended Latin) by default, and
//! escape sequences designate other sets in their place. The character sets and their
//! mappings come from the Library of Congress MARC-8 code tables, compiled into `tables.rs`
//! (generated, see that file's header for how): Basic and Extended Latin, Greek symbols, subscripts,
//! superscripts, Basic Hebrew, Basic and Extended Cyrillic, Basic and Extended Arabic, Basic
//! Greek and EACC (East Asian, three bytes per character).
//!
//! Escape sequences understood by [`decode`] (*MARC 21 Specifications*, "Character Sets, Part 2:
//! MARC-8 Encoding Environment"):
//!
//! | sequence | effect |
//! |---|---|
//! | `ESC g`, `ESC b`, `ESC p` | technique 1: G0 = Greek symbols, subscripts, superscripts |
//! | `ESC s` | technique 1: G0 = ASCII again |
//! | `ESC ( F`, `ESC , F` | G0 = the single-byte set whose final byte is F |
//! | `ESC ) F`, `ESC - F` | G1 = that set |
//! | `ESC ( ! E`, `ESC ) ! E` | ANSEL as G0 or G1 (the `!` is part of ANSEL's designation) |
//! | `ESC $ 1`, `ESC $ ( 1`, `ESC $ , 1` | G0 = EACC |
//! | `ESC $ ) 1`, `ESC $ - 1` | G1 = EACC |
//!
//! Final bytes: `B` ASCII, `E` ANSEL, `2` Hebrew, `N` Basic Cyrillic, `Q` Extended Cyrillic,
//! `3` Basic Arabic, `4` Extended Arabic, `S` Basic Greek, `1` EACC (and, as yaz also accepts,
//! `g`, `b`, `p` with the technique-2 syntax). A designation lasts until the next one or the end
//! of the field: a field terminator (0x1E) or record terminator (0x1D) in the input brings back
//! the defaults, a subfield delimiter (0x1F) does not, and the byte after a subfield delimiter
//! (the subfield code) is always read as ASCII.
//!
//! Combining marks: in MARC-8 the combining marks come *before* the character they modify, in
//! Unicode *after* it. [`decode`] moves them after their base, keeping their relative order (as
//! yaz does; NFC's canonical ordering then sorts marks of different classes, dot below before
//! circumflex and so on), and normalises to NFC. [`encode`] does the reverse from canonical
//! order.
//!
//! `<ucs>` and `<alt>`: decoding uses the table's `<ucs>` mapping, as yaz does and as the LC
//! notes recommend. ANSEL's double diacritics are two halves around two letters (`EB` t `EC` s);
//! the first half decodes to the single Unicode double mark (U+0361, or U+0360 for `FA`/`FB`),
//! placed after the first letter, and the second half, which has no `<ucs>`, to nothing. The
//! `<alt>` half marks U+FE20..U+FE23 are used only for a second half that follows no first half
//! (decoded to U+FE21 or U+FE23 rather than lost; yaz drops it), and [`encode`] accepts them
//! (U+0361 and U+FE20/U+FE21 give the same bytes). The 61 ancient Hangul syllables that EACC
//! maps to the Private Use Area decode to those PUA code points (`<ucs>`), not to their `<alt>`
//! U+3013 GETA MARK, which stands for all 61 and could not be encoded back.
//!
//! Numeric character references: `&#xXXXX;`, which LC prescribes for characters outside the
//! MARC-8 repertoire, decodes to its character (yaz leaves it as it is), and is what [`encode`]
//! writes for such characters.
//!
//! Errors: decoding never fails and never drops bytes silently. A byte with no mapping, an
//! unknown or incomplete escape sequence, EACC bytes that form no character, a control character
//! or a combining mark left without a base character gives U+FFFD and a [`Marc8Problem`]. (yaz
//! drops such bytes, or the whole subfield.) In EACC, bytes that start no character are skipped
//! one at a time until a character starts again, as yaz does, so that a record that lost a byte
//! gets back in step.

mod decode;
mod encode;
#[allow(clippy::unreadable_literal, clippy::identity_op)]
mod tables;
#[cfg(test)]
mod tests;

use std::fmt;

pub use decode::decode;
pub use encode::encode;

/// The result of decoding MARC-8 bytes: NFC text, and what could not be decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    /// The text, NFC-normalised. Bytes that could not be decoded show as U+FFFD.
    pub text: String,
    /// One entry for each place where the input was not valid MARC-8 (empty for clean input).
    pub problems: Vec<Marc8Problem>,
}

/// A place where MARC-8 input could not be decoded as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marc8Problem {
    /// Offset of the first offending byte in the decoded byte string.
    pub byte_offset: usize,
    /// What is wrong, naming the bytes, e.g. "no mapping for 0xC9 in Extended Latin (ANSEL)".
    pub reason: String,
}

impl fmt::Display for Marc8Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.byte_offset, self.reason)
    }
}

/// What the bytes of a record's fields look like, whatever its leader/09 says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guess {
    /// Only 7-bit bytes and no escape sequence: the same text in MARC-8 and UTF-8.
    Ascii,
    /// Valid UTF-8 with at least one multibyte character, and no MARC-8 escape sequence.
    Utf8,
    /// Not UTF-8 (or 7-bit with MARC-8 escape sequences), and decodes as MARC-8 without a problem.
    Marc8,
    /// Neither reading is clean (for instance a broken MARC-8 record, or a single-byte code
    /// page such as Windows-1251): trust the leader.
    Unclear,
}

/// Guesses the encoding of a record from the bytes of its fields (everything after the
/// directory, or the fields' data concatenated), to catch a leader/09 that does not tell the
/// truth.
///
/// The heuristic:
/// 1. No byte above 0x7F and no ESC (0x1B): [`Guess::Ascii`].
/// 2. Valid UTF-8 and no ESC: [`Guess::Utf8`]. MARC-8 text is almost never valid UTF-8 by
///    accident: ANSEL puts its diacritics (0xE0..0xFE) before ASCII letters, where UTF-8 needs
///    continuation bytes (0x80..0xBF), and the ANSEL letters 0xA1..0xC8 on their own are
///    continuation bytes without a lead byte.
/// 3. Otherwise, when [`decode`] finds no problem: [`Guess::Marc8`].
/// 4. Otherwise [`Guess::Unclear`].
pub fn guess_encoding(all_field_bytes: &[u8]) -> Guess {
    let has_escape = all_field_bytes.contains(&0x1B);
    if !has_escape && all_field_bytes.is_ascii() {
        return Guess::Ascii;
    }
    if !has_escape && std::str::from_utf8(all_field_bytes).is_ok() {
        return Guess::Utf8;
    }
    if decode(all_field_bytes).problems.is_empty() {
        Guess::Marc8
    } else {
        Guess::Unclear
    }
}

/// True when the bytes are valid UTF-8 with at least one multibyte character and no ESC:
/// [`guess_encoding`] says [`Guess::Utf8`].
pub fn looks_like_utf8(bytes: &[u8]) -> bool {
    guess_encoding(bytes) == Guess::Utf8
}

/// Formats bytes for a problem's reason: `0x1B 0x28 0x5A`.
fn hex_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("0x{b:02X}"));
    }
    out
}

/// The character set designated by `final_byte`, if MARC-8 has one.
fn set_by_final(final_byte: u8) -> Option<&'static tables::CharacterSet> {
    tables::CHARACTER_SETS
        .iter()
        .find(|set| set.final_byte == final_byte)
}

/// Looks `code` up in `set`: Unicode value (with [`tables::COMBINING`]), if mapped.
fn lookup(set: &tables::CharacterSet, code: u32) -> Option<u32> {
    set.map
        .binary_search_by_key(&code, |&(c, _)| c)
        .ok()
        .map(|i| set.map[i].1)
}

/// The `<alt>` mapping of `code` in the set with `final_byte`, if the table gives one.
fn alternate(final_byte: u8, code: u32) -> Option<u32> {
    tables::ALTERNATES
        .iter()
        .find(|&&(f, c, _)| f == final_byte && c == code)
        .map(|&(_, _, alt)| alt)
}
