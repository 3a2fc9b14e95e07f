//! Match keys: what makes two bibliographic records "the same" for duplicate detection on import
//! (the rules Koha and MarcEdit offer: control number with its organisation, or a standard number).
//!
//! - `cn:<003>|<001>` — MARC 21 001 control number with 003 control number identifier (may be empty).
//! - `isbn:<13 digits>` — 020 $a, ISBN-10 converted to ISBN-13 (ISO 2108), only when the check
//!   digit is valid.
//! - `issn:<8 characters>` — 022 $a, when the check digit is valid (ISO 3297).
//! - `lccn:<normalised>` — 010 $a, normalised as the LC "LCCN normalization" rules say.

use carrel_marc::Record;

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
        if let Some(isbn) = f.subfield('a').and_then(isbn13) {
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

/// The ISBN-13 digits of an ISBN-10 or ISBN-13 written with or without hyphens and followed by
/// a qualifier (`"0-306-40615-2 (pbk.)"`), or `None` when the check digit is wrong.
pub fn isbn13(text: &str) -> Option<String> {
    super::standard_numbers::isbn13(text).map(|i| i.to_string())
}

/// An ISSN as eight characters (`"2434561X"`), or `None` when it is malformed or its check digit
/// is wrong.
pub fn issn(text: &str) -> Option<String> {
    let first = text.split_whitespace().next()?;
    let chars: Vec<char> = first
        .chars()
        .filter(|c| *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.len() != 8 {
        return None;
    }
    let digits: Vec<u32> = chars[..7]
        .iter()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| (8 - i as u32) * d)
        .sum();
    let check = (11 - sum % 11) % 11;
    let expected = if check == 10 {
        'X'
    } else {
        char::from_digit(check, 10)?
    };
    (chars[7] == expected).then(|| chars.iter().collect())
}

/// LCCN normalisation (Library of Congress, "LCCN Structure and Normalization"): remove blanks,
/// drop everything from a forward slash on, and when a hyphen is present, remove it and left-pad
/// the part after it with zeros to six digits.
pub fn normalize_lccn(text: &str) -> Option<String> {
    let mut s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(i) = s.find('/') {
        s.truncate(i);
    }
    if let Some(i) = s.find('-') {
        let (prefix, rest) = s.split_at(i);
        let rest = &rest[1..];
        if rest.chars().all(|c| c.is_ascii_digit()) && rest.len() <= 6 {
            s = format!("{prefix}{rest:0>6}");
        } else {
            s = format!("{prefix}{rest}");
        }
    }
    Some(s.to_lowercase()).filter(|s| !s.is_empty() && s.chars().any(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_compared_as_isbn13_only_when_valid() {
        assert_eq!(
            isbn13("0-306-40615-2 (pbk.)").as_deref(),
            Some("9780306406157")
        );
        assert_eq!(
            isbn13("978-0-306-40615-7").as_deref(),
            Some("9780306406157")
        );
        assert_eq!(isbn13("080442957X").as_deref(), Some("9780804429573"));
        assert_eq!(isbn13("0-306-40615-3"), None);
        assert_eq!(isbn13("9780306406158"), None);
    }

    #[test]
    fn issns_and_lccns() {
        assert_eq!(issn("0378-5955").as_deref(), Some("03785955"));
        assert_eq!(issn("2434-561x").as_deref(), Some("2434561X"));
        assert_eq!(issn("0378-5956"), None);
        assert_eq!(normalize_lccn("n78-890351").as_deref(), Some("n78890351"));
        assert_eq!(normalize_lccn("n78-89035").as_deref(), Some("n78089035"));
        assert_eq!(normalize_lccn("   85000002 ").as_deref(), Some("85000002"));
        assert_eq!(
            normalize_lccn("2001-000002/AC/r932").as_deref(),
            Some("2001000002")
        );
    }

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
}
