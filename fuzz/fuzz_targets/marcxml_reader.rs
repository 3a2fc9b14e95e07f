//! Arbitrary bytes as a MARCXML document: `carrel_marc::marcxml::Reader` must read them to the
//! end without panicking, and stop after its first fatal error.
//!
//! Round trip, for each record read without a warning: `marcxml::record_to_string` of that
//! record reads back as one record, equal to it (leader included), without a warning (the
//! writer's promise: escaping so that "a reader gets them back unchanged").
#![no_main]

use carrel_marc::marcxml::{record_to_string, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = Reader::new(data);
    while let Some(item) = reader.next() {
        let parsed = match item {
            Ok(parsed) => parsed,
            Err(e) => {
                if e.is_fatal() {
                    assert!(reader.next().is_none(), "the reader goes on after a fatal error: {e}");
                    break;
                }
                continue;
            }
        };
        if !parsed.warnings.is_empty() {
            continue;
        }
        let xml = record_to_string(&parsed.record);
        let mut again: Vec<_> = Reader::new(xml.as_bytes()).collect();
        assert_eq!(again.len(), 1, "the written record reads as {} items:\n{xml}", again.len());
        let again = match again.remove(0) {
            Ok(p) => p,
            Err(e) => panic!("the written record is rejected: {e}\n{xml}"),
        };
        assert_eq!(again.record, parsed.record, "the record differs after write and read:\n{xml}");
        assert!(again.warnings.is_empty(), "warnings on the written record: {:?}\n{xml}", again.warnings);
    }
});
