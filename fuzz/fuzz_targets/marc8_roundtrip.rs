//! MARC-8 (`carrel_marc::marc8`), checked only for what the module promises (see its docs and
//! tests):
//! - `decode` takes any bytes without panicking; its text is NFC ("The text, NFC-normalised")
//!   and each problem points at a byte of the input;
//! - `decode(&encode(s))` gives NFC(s) back with no problem, for any text without the ISO 2709
//!   separators U+001D, U+001E, U+001F (those are structure, not text: the byte after a subfield
//!   delimiter is read as a subfield code, so a mark or an `&#x…;` reference written there would
//!   not read back), and without the half double diacritics U+FE20..U+FE23 (the module says that
//!   `encode` takes them as another spelling of ANSEL's double diacritics, giving the same bytes as
//!   U+0361 and U+0360, so they decode as those). The module's own tests
//!   (`random_unicode_round_trips`) hold it to this.
//!
//! The input is used three ways: as MARC-8 bytes; as text (UTF-8, invalid bytes as U+FFFD) to
//! encode; and the decoded text is encoded again, since decoding gives text that MARC-8 can hold.
#![no_main]

use carrel_marc::marc8::{decode, encode};
use libfuzzer_sys::fuzz_target;
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// The text the round trip is promised for: `s` without separators and half double diacritics.
fn promised(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '\u{1D}' | '\u{1E}' | '\u{1F}' | '\u{FE20}'..='\u{FE23}')).collect()
}

fn round_trip(s: &str) {
    let encoded = encode(s);
    let decoded = decode(&encoded);
    assert!(decoded.problems.is_empty(), "{s:?} -> {encoded:02X?}: {:?}", decoded.problems);
    let nfc: String = s.nfc().collect();
    assert_eq!(decoded.text, nfc, "{s:?} -> {encoded:02X?}");
}

fuzz_target!(|data: &[u8]| {
    let decoded = decode(data);
    assert!(is_nfc(&decoded.text), "decoded text is not NFC: {:?}", decoded.text);
    for p in &decoded.problems {
        assert!(p.byte_offset < data.len(), "problem offset {} outside the {} bytes: {p}", p.byte_offset, data.len());
    }
    round_trip(&promised(&String::from_utf8_lossy(data)));
    round_trip(&promised(&decoded.text));
});
