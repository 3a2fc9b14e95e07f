//! Match keys: what makes two bibliographic records "the same" for duplicate detection on import
//! (the rules Koha and MarcEdit offer: control number with its organisation, or a standard number).
//!
//! - `cn:<003>|<001>` — MARC 21 001 control number with 003 control number identifier (may be empty).
//! - `isbn:<13 digits>` — 020 $a, ISBN-10 converted to ISBN-13 (ISO 2108), only when the check
//!   digit is valid.
//! - `issn:<8 characters>` — 022 $a, when the check digit is valid (ISO 3297).
//! - `lccn:<normalised>` — 010 $a, normalised as the LC "LCCN normalization" rules say, so that
//!   every printed form ("85-1234", "sn 78-4321", "agr25-123 //r53") is one key.

use carrel_marc::Record;

use super::standard_numbers::{isbn13_digits, issn, normalize_lccn};

/// Every match key of a record, without repeats.
pub fn match_keys(record: &Record) -> Vec<String> {
    let mut keys = Vec::new();
    let mut push = |k: String| {
        if !keys.contains(&k) {
            keys.push(k);
        }
    };
    if let Some(cn) = record.control_number().filter(|c| !c.is_empty()) {
        push(format!(
            "cn:{}|{cn}",
            record.control_number_identifier().unwrap_or("")
        ));
    }
    for f in record.fields_with_tag("020") {
        if let Some(isbn) = f.subfield('a').and_then(isbn13_digits) {
            push(format!("isbn:{isbn}"));
        }
    }
    for f in record.fields_with_tag("022") {
        if let Some(issn) = f.subfield('a').and_then(issn) {
            push(format!("issn:{issn}"));
        }
    }
    for f in record.fields_with_tag("010") {
        if let Some(lccn) = f.subfield('a').and_then(normalize_lccn) {
            push(format!("lccn:{lccn}"));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_a_record() {
        let r = Record::new()
            .with_control("001", "8661707")
            .with_control("003", "AuCNLKIN")
            .with_data("020", "  ", &[('a', "0306406152")])
            .with_data("020", "  ", &[('a', "978-0-306-40615-7")]);
        assert_eq!(
            match_keys(&r),
            vec!["cn:AuCNLKIN|8661707", "isbn:9780306406157"]
        );
    }

    /// Every printed form of an LCCN is one key (LC normalisation), so a record whose 010 was
    /// typed from a card ("85-1234") is a duplicate of the one LC distributes ("   85001234 ").
    #[test]
    fn printed_lccns_are_one_key() {
        let key = |a: &str| match_keys(&Record::new().with_data("010", "  ", &[('a', a)]));
        for (printed, normalised) in [
            ("85-1234", "   85001234 "),
            ("85-1234//r53", "   85001234 //r53"),
            ("sn 78-4321", "sn 78004321 "),
            ("2004-12345", "  2004012345"),
            ("agr25-123", "agr25000123 "),
        ] {
            assert_eq!(key(printed), key(normalised), "{printed}");
            assert_eq!(key(printed).len(), 1, "{printed}");
        }
        assert_ne!(key("85-1234"), key("85-1235"));
    }
}
