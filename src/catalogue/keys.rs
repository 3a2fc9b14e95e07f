//! Match keys: what makes two bibliographic records "the same" for duplicate detection on import
//! (the rules Koha and MarcEdit offer: control number with its organisation, or a standard number).
//!
//! - `cn:<003>|<001>` — MARC 21 001 control number with 003 control number identifier (may be empty).
//! - `isbn:<13 digits>` — 020 $a, ISBN-10 converted to ISBN-13 (ISO 2108), only when the check
//!   digit is valid.
//! - `issn:<8 characters>` — 022 $a, when the check digit is valid (ISO 3297).
//! - `lccn:<normalised>` — 010 $a, normalised as the LC "LCCN normalization" rules say, so that
//!   every printed form ("85-1234", "sn 78-4321", "agr25-123 //r53") is one key.
//! - `doi:<lower case>` — 024 7_ $a with $2 `doi` (a DOI is case-insensitive, ANSI/NISO Z39.84),
//!   without a resolver prefix (`https://doi.org/`, `doi:`).
//!
//! A component part (leader/07 `a` or `b`: a chapter, an article) is keyed by its own numbers
//! only: an ISBN or ISSN in its 020/022 is its host's (a record made before the host's numbers
//! went to 773 $z/$x), and two chapters of one book are not one work. 773 is never a key.

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
    let component = matches!(record.leader.0[7], b'a' | b'b');
    for f in record.fields_with_tag("020").filter(|_| !component) {
        if let Some(isbn) = f.subfield('a').and_then(isbn13_digits) {
            push(format!("isbn:{isbn}"));
        }
    }
    for f in record.fields_with_tag("022").filter(|_| !component) {
        if let Some(issn) = f.subfield('a').and_then(issn) {
            push(format!("issn:{issn}"));
        }
    }
    for f in record.fields_with_tag("010") {
        if let Some(lccn) = f.subfield('a').and_then(normalize_lccn) {
            push(format!("lccn:{lccn}"));
        }
    }
    for f in record.fields_with_tag("024") {
        let is_doi = f
            .subfield('2')
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("doi"));
        if let Some(doi) = f.subfield('a').filter(|_| is_doi).and_then(normalize_doi) {
            push(format!("doi:{doi}"));
        }
    }
    keys
}

/// A DOI as one key: trimmed, without a resolver prefix, in lower case (DOIs are matched
/// case-insensitively, ANSI/NISO Z39.84 §4); `None` unless it starts `10.`.
fn normalize_doi(a: &str) -> Option<String> {
    let low = a.trim().to_lowercase();
    let bare = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|p| low.strip_prefix(p))
    .unwrap_or(&low)
    .trim();
    bare.starts_with("10.").then(|| bare.to_string())
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

    /// A DOI in 024 7_ $2 doi is a key whatever its case or resolver prefix; another 024
    /// (an ISMN, $2 other) is not.
    #[test]
    fn doi_is_a_key() {
        let key = |a: &str, src: &str| {
            match_keys(&Record::new().with_data("024", "7 ", &[('a', a), ('2', src)]))
        };
        assert_eq!(key("10.1000/XYZ123", "doi"), vec!["doi:10.1000/xyz123"]);
        assert_eq!(
            key("https://doi.org/10.1000/xyz123", "doi"),
            key("10.1000/XYZ123", "DOI")
        );
        assert!(key("10.1000/xyz123", "hdl").is_empty());
        assert!(key("not a doi", "doi").is_empty());
    }

    /// A chapter's 020 (its book's ISBN) and an article's 022 (its journal's ISSN) are no keys.
    #[test]
    fn component_parts_are_not_keyed_by_their_hosts_numbers() {
        let mut chapter = Record::new().with_data("020", "  ", &[('a', "9780306406157")]);
        chapter.leader.0[7] = b'a';
        assert!(match_keys(&chapter).is_empty());
        let mut article = Record::new().with_data("022", "  ", &[('a', "0028-0836")]);
        article.leader.0[7] = b'b';
        assert!(match_keys(&article).is_empty());
        let mut book = chapter.clone();
        book.leader.0[7] = b'm';
        assert_eq!(match_keys(&book), vec!["isbn:9780306406157"]);
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
