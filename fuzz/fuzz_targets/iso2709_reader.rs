//! Arbitrary bytes as an ISO 2709 file: `carrel_marc::Reader` must read them to the end without
//! panicking, whatever they hold.
//!
//! Round trip, for each record read cleanly (no warning) as UTF-8: `write_iso2709` of that record
//! reads back as one record with the same fields, no warning, and writes to the same bytes again.
//! Left out, where the invariant does not hold by design: a record that, written again, is longer
//! than 99,999 bytes (possible when the directory of a shorter record points several entries at
//! the same data). Leader/00-04 and the directory's starting positions cannot hold its lengths,
//! so the reader recovers the fields from the field terminators, with warnings, and a field whose
//! data holds a field terminator comes back split.
#![no_main]

use carrel_marc::{write_iso2709, CharacterCoding, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in Reader::new(data) {
        let Ok(parsed) = item else { continue };
        if !parsed.warnings.is_empty() || parsed.encoding != CharacterCoding::Utf8 {
            continue;
        }
        let bytes = write_iso2709(&parsed.record);
        if bytes.len() > 99_999 {
            continue;
        }
        let mut again: Vec<_> = Reader::new(&bytes[..]).collect();
        assert_eq!(again.len(), 1, "the written record reads as {} records", again.len());
        let again = match again.remove(0) {
            Ok(p) => p,
            Err(e) => panic!("the written record is rejected: {e}"),
        };
        assert_eq!(again.record.fields, parsed.record.fields, "fields differ after write and read");
        assert!(again.warnings.is_empty(), "warnings on the written record: {:?}", again.warnings);
        assert_eq!(again.encoding, CharacterCoding::Utf8);
        assert_eq!(write_iso2709(&again.record), bytes, "writing is not stable");
    }
});
