//! Unicode to MARC-8.

use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::tables::{CharacterSet, ALTERNATES, CHARACTER_SETS, COMBINING, ENCODING_SECONDARY};

/// Where a Unicode character can be written in MARC-8.
#[derive(Clone, Copy, Debug)]
struct Place {
    /// Index into `CHARACTER_SETS`.
    set: usize,
    /// The code as stored in the tables (7-bit form; C1 controls as 0x80..0x9F; EACC 3 bytes).
    code: u32,
    combining: bool,
    /// False when the table maps the code to another form of the character, whose NFC form is
    /// this one (Greek question mark for `;`): used only when that set is already in G0.
    primary: bool,
}

/// The order in which sets are tried for a character the current G0 set does not have. ANSEL
/// comes first because it is always there as G1; Greek symbols are left out, as LC says
/// (their alpha, beta and gamma go to the Greek set when mapped back to MARC-8).
const PRIORITY: [u8; 11] = [
    b'E', b'B', b'N', b'Q', b'S', b'2', b'3', b'4', b'b', b'p', b'1',
];

/// The longest canonical decomposition of a Unicode character (U+1F82 GREEK SMALL LETTER ALPHA
/// WITH PSILI AND VARIA AND YPOGEGRAMMENI: alpha and three marks).
pub(super) const MAX_DECOMPOSITION: usize = 4;

fn set_index(final_byte: u8) -> usize {
    CHARACTER_SETS
        .iter()
        .position(|s| s.final_byte == final_byte)
        .expect("MARC-8 set")
}

/// Unicode → places, sorted by Unicode value then preference.
fn reverse_table() -> &'static [(u32, Place)] {
    static TABLE: OnceLock<Vec<(u32, Place)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut entries = Vec::with_capacity(17_000);
        for (rank, &final_byte) in PRIORITY.iter().enumerate() {
            let set = set_index(final_byte);
            for &(code, value) in CHARACTER_SETS[set].map {
                let ucs = value & !COMBINING;
                if ucs == 0 {
                    continue; // ANSEL's second halves: written after their first half.
                }
                let combining = value & COMBINING != 0;
                // Where EACC has two codes for one character, the one the LC table does not call
                // a variant or duplicate is written.
                let secondary = ENCODING_SECONDARY.contains(&(final_byte, code));
                entries.push((
                    ucs,
                    (rank, secondary),
                    Place {
                        set,
                        code,
                        combining,
                        primary: true,
                    },
                ));
                // Three Greek characters are not NFC (U+0387 ANO TELEIA becomes U+00B7):
                // decoding gives back their NFC form, so take that as a second key.
                if let Some(ch) = char::from_u32(ucs) {
                    let mut nfc = std::iter::once(ch).nfc();
                    if let (Some(n), None) = (nfc.next(), nfc.next()) {
                        if n != ch {
                            entries.push((
                                n as u32,
                                (rank, true),
                                Place {
                                    set,
                                    code,
                                    combining,
                                    primary: false,
                                },
                            ));
                        }
                    }
                }
            }
        }
        // The half double diacritics (U+FE20..U+FE23) are the <alt> of ANSEL's EB, EC, FA, FB.
        // (The EACC <alt> U+3013 stands for 61 different codes and is not mapped back.)
        let ansel = set_index(b'E');
        for &(final_byte, code, alt) in ALTERNATES {
            if final_byte == b'E' {
                entries.push((
                    alt,
                    (0, false),
                    Place {
                        set: ansel,
                        code,
                        combining: true,
                        primary: true,
                    },
                ));
            }
        }
        // Stable sort: otherwise the lowest code comes first.
        entries.sort_by_key(|&(ucs, rank, _)| (ucs, rank));
        entries
            .into_iter()
            .map(|(ucs, _, place)| (ucs, place))
            .collect()
    })
}

/// The places `ch` can be written at, in order of preference.
fn places(ch: char) -> impl Iterator<Item = Place> {
    let table = reverse_table();
    let key = ch as u32;
    let start = table.partition_point(|&(u, _)| u < key);
    table[start..]
        .iter()
        .take_while(move |&&(u, _)| u == key)
        .map(|&(_, place)| place)
}

/// Where to write `ch` (a base character if `combining` is false, a mark otherwise): in the
/// set `prefer` if it has it, else in the first set of [`PRIORITY`] that has it.
fn place_of(ch: char, combining: bool, prefer: Option<usize>) -> Option<Place> {
    let mut first = None;
    for place in places(ch).filter(|p| p.combining == combining) {
        if Some(place.set) == prefer {
            return Some(place);
        }
        if first.is_none() && place.primary {
            first = Some(place);
        }
    }
    first
}

/// Encodes Unicode text as MARC-8 for export.
///
/// The text is normalised to NFC, and each character MARC-8 does not have precomposed is
/// decomposed; combining marks are written before their base character, as MARC-8 wants, in
/// canonical order. Output starts and ends with ASCII as G0 and ANSEL as G1 (the defaults), and
/// ANSEL stays G1 throughout. The G0 set is changed only when the next character is not in the
/// set already there (spaces, and the punctuation a script set shares with ASCII, stay in a
/// script set; after EACC, subscripts and superscripts a space is written in ASCII),
/// with `ESC ( F`, `ESC $ 1` for EACC, `ESC b` / `ESC p` for subscripts and superscripts, and
/// back to ASCII with `ESC ( B`, or `ESC s` after subscripts and superscripts. Alpha, beta and
/// gamma go to the Greek set, not to the Greek symbols set, as LC says.
///
/// A character outside the MARC-8 repertoire is written as the numeric character reference
/// `&#xXXXX;` (uppercase hex, at least four digits), as LC prescribes; so is an `&` that would
/// otherwise read as the start of one.
///
/// Subfield delimiters, field and record terminators in the text are written as they are, with
/// G0 back to ASCII before them.
pub fn encode(text: &str) -> Vec<u8> {
    let ascii = set_index(b'B');
    let mut encoder = Encoder {
        out: Vec::with_capacity(text.len() + 8),
        g0: ascii,
        ascii,
        ansel: set_index(b'E'),
        second_half: None,
    };
    let chars: Vec<char> = text.nfc().collect();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if matches!(ch, '\u{1D}' | '\u{1E}' | '\u{1F}') {
            encoder.second_half = None;
            encoder.switch_g0(ascii);
            encoder.out.push(ch as u8);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && is_combining_mark(chars[end]) {
            end += 1;
        }
        encoder.cluster(&chars[i..end], &chars[end..]);
        i = end;
    }
    encoder.switch_g0(ascii);
    encoder.out
}

struct Encoder {
    out: Vec<u8>,
    /// Index of the set in G0. G1 is always ANSEL.
    g0: usize,
    ascii: usize,
    ansel: usize,
    /// A double diacritic's first half was written: its second half (ANSEL EC or FB) goes
    /// before the next character.
    second_half: Option<u8>,
}

impl Encoder {
    fn set(&self, index: usize) -> &'static CharacterSet {
        &CHARACTER_SETS[index]
    }

    fn switch_g0(&mut self, target: usize) {
        if self.g0 == target {
            return;
        }
        let from = self.set(self.g0).final_byte;
        let to = self.set(target).final_byte;
        match to {
            b'B' if matches!(from, b'g' | b'b' | b'p') => self.out.extend_from_slice(b"\x1bs"),
            b'g' | b'b' | b'p' => self.out.extend_from_slice(&[0x1B, to]),
            b'1' => self.out.extend_from_slice(b"\x1b$1"),
            _ => self.out.extend_from_slice(&[0x1B, b'(', to]),
        }
        self.g0 = target;
    }

    /// Writes a character from `place`, designating its set as G0 first when needed.
    fn put(&mut self, place: Place) {
        if place.set == self.ansel {
            // G1, or ANSEL's C1 controls, stored with their own codes.
            let byte = if place.code >= 0x80 {
                place.code
            } else {
                place.code | 0x80
            };
            self.out.push(byte as u8);
            return;
        }
        self.switch_g0(place.set);
        if self.set(place.set).width == 3 {
            self.out.extend_from_slice(&[
                (place.code >> 16) as u8,
                (place.code >> 8) as u8,
                place.code as u8,
            ]);
        } else {
            self.out.push(place.code as u8);
        }
    }

    /// Writes `&#xXXXX;` in ASCII.
    fn reference(&mut self, ch: char) {
        self.switch_g0(self.ascii);
        self.out
            .extend_from_slice(format!("&#x{:04X};", ch as u32).as_bytes());
    }

    /// Writes one character and the combining marks after it. `rest` is the text after them.
    fn cluster(&mut self, cluster: &[char], rest: &[char]) {
        let first = cluster[0];
        if is_combining_mark(first) {
            // Marks with no base character (at the start of the text): references decode in
            // place, MARC-8 marks would attach to the next character.
            for &mark in cluster {
                self.reference(mark);
            }
            return;
        }
        if let Some(second) = self.second_half.take() {
            self.out.push(second);
        }
        let (base_char, base, marks) = self.choose_base(cluster);
        let base = if base_char == '&' && looks_like_reference(rest) {
            None
        } else {
            base
        };
        let base_set = base.map(|p| p.set);
        let places: Vec<Option<Place>> =
            marks.iter().map(|&m| place_of(m, true, base_set)).collect();

        // Marks MARC-8 has as combining marks, up to the first that is not one, go before the
        // base; from that one on, the marks go after the base, keeping their order.
        let before = places.iter().take_while(|p| p.is_some()).count();
        for (&mark, place) in marks.iter().zip(&places).take(before) {
            let place = place.expect("counted as representable");
            self.put(place);
            if place.set == self.ansel {
                match mark {
                    '\u{0361}' => self.second_half = Some(0xEC),
                    '\u{0360}' => self.second_half = Some(0xFB),
                    _ => {}
                }
            }
        }
        match base {
            Some(place) => self.put(place),
            None if base_char == ' ' => {
                // SPACE is 0x20 in every set and stays in a script set (Cyrillic, Hebrew...);
                // after EACC, subscripts or superscripts records go back to ASCII for it.
                if matches!(self.set(self.g0).final_byte, b'1' | b'b' | b'p' | b'g') {
                    self.switch_g0(self.ascii);
                }
                self.out.push(b' ');
            }
            None => self.reference(base_char),
        }
        for &mark in &marks[before..] {
            // A mark MARC-8 has as a spacing character (Arabic superscript alef) is written in
            // place, after its base, as it decodes.
            match place_of(mark, false, base_set) {
                Some(place) => self.put(place),
                None => self.reference(mark),
            }
        }
    }

    /// The base character to write for a cluster, where, and the marks left to write.
    fn choose_base(&self, cluster: &[char]) -> (char, Option<Place>, Vec<char>) {
        let first = cluster[0];
        if first == ' ' {
            return (' ', None, cluster[1..].to_vec());
        }
        if let Some(place) = place_of(first, false, Some(self.g0)) {
            return (first, Some(place), cluster[1..].to_vec());
        }
        // Decompose, then recompose as much as MARC-8 has precomposed (ANSEL's o and u with
        // horn, Cyrillic short i, Arabic alef with hamza...). A prefix of the decomposition is one
        // character only if it is that character's whole decomposition, so longer prefixes are not
        // tried: the work stays linear however many marks the character carries.
        let decomposed: Vec<char> = cluster.iter().collect::<String>().nfd().collect();
        for used in (1..=decomposed.len().min(MAX_DECOMPOSITION)).rev() {
            let prefix: String = decomposed[..used].iter().collect();
            let mut composed = prefix.nfc();
            if let (Some(c), None) = (composed.next(), composed.next()) {
                if is_combining_mark(c) {
                    continue;
                }
                if let Some(place) = place_of(c, false, Some(self.g0)) {
                    return (c, Some(place), decomposed[used..].to_vec());
                }
            }
        }
        (decomposed[0], None, decomposed[1..].to_vec())
    }
}

/// True when `rest` (the text after an `&`) would make the `&` read as a numeric character
/// reference: `#x`, one to six hex digits, `;`.
fn looks_like_reference(rest: &[char]) -> bool {
    if rest.len() < 3 || rest[0] != '#' || !matches!(rest[1], 'x' | 'X') {
        return false;
    }
    let digits = rest[2..]
        .iter()
        .take(7)
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    (1..=6).contains(&digits) && rest.get(2 + digits) == Some(&';')
}
