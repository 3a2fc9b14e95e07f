//! Standard numbers as a cataloguer types them: ISBN (ISO 2108; MARC 21 020 $a), ISSN (ISO 3297;
//! 022 $a) and LCCN (Library of Congress Control Number; 010 $a). Validation says whether the
//! number is well formed with a right check digit, gives its normalised form for matching, and
//! for an ISBN the hyphenated ISBN-13 from the International ISBN Agency's range data (through
//! the `isbn` crate, which carries that data).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of standard number; `"isbn"`, `"issn"` or `"lccn"` across IPC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum NumberKind {
    /// ISBN (ISO 2108), MARC 21 020 $a.
    Isbn,
    /// ISSN (ISO 3297), MARC 21 022 $a.
    Issn,
    /// Library of Congress Control Number, MARC 21 010 $a.
    Lccn,
}

/// The verdict on one typed value; printed by `carrel validate … --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Validation {
    /// The value as typed.
    pub input: String,
    /// Whether the value is a well-formed number of its kind with a correct check digit (ISBN, ISSN).
    pub valid: bool,
    /// ISBN: the 13 digits of the ISBN-13 (an ISBN-10 is converted); ISSN: `NNNN-NNNC`; LCCN: the
    /// normalised LCCN. `None` when the value is not valid.
    pub normalized: Option<String>,
    /// ISBN only: the ISBN-13 with hyphens between its parts, from the ISBN range data; `None`
    /// for other numbers, invalid ISBNs, and ISBNs in ranges the data does not cover.
    pub hyphenated: Option<String>,
}

/// Validates one value.
pub fn validate(kind: NumberKind, input: &str) -> Validation {
    let (normalized, hyphenated) = match kind {
        NumberKind::Isbn => match isbn13(input) {
            Some(i) => {
                let hyphens = i.hyphenate().ok().map(|h| h.to_string());
                (Some(i.to_string()), hyphens)
            }
            None => (None, None),
        },
        NumberKind::Issn => (
            issn(input).map(|s| format!("{}-{}", &s[..4], &s[4..])),
            None,
        ),
        NumberKind::Lccn => (lccn(input), None),
    };
    Validation {
        input: input.to_string(),
        valid: normalized.is_some(),
        normalized,
        hyphenated,
    }
}

/// An ISBN-10 or ISBN-13 written with or without hyphens or spaces, optionally followed by a
/// qualifier in parentheses (`"0-306-40615-2 (pbk.)"`), as an ISBN-13; `None` when malformed or
/// when the check digit is wrong.
pub fn isbn13(input: &str) -> Option<isbn::Isbn13> {
    // The number is the leading run of digits, X, hyphens and spaces; a qualifier may follow.
    let number: String = input
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x' | '-' | ' '))
        .collect();
    let compact: String = number.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match compact.parse::<isbn::Isbn>().ok()? {
        isbn::Isbn::_10(i) => Some(isbn::Isbn13::from(i)),
        // Only the "Bookland" EAN prefixes 978 and 979 are ISBNs (ISO 2108:2017, 4.2); any other
        // 13-digit EAN with a right check digit is a product barcode, not a book number.
        isbn::Isbn::_13(i) if compact.starts_with("978") || compact.starts_with("979") => Some(i),
        isbn::Isbn::_13(_) => None,
    }
}

/// A normalised LCCN when the value has the shape of one: an optional alphabetic prefix of up to
/// three letters, then a year of two or four digits and a serial number of up to six digits (LC,
/// "LCCN Structure": 8 to 12 characters after normalisation).
pub fn lccn(input: &str) -> Option<String> {
    let n = normalize_lccn(input)?;
    let prefix_len = n.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = &n[prefix_len..];
    let ok = prefix_len <= 3
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(digits.len(), 8 | 10);
    ok.then_some(n)
}

/// The 13 digits of [`isbn13`] (`"9780306406157"`), the form match keys and lookups compare;
/// `None` when malformed or the check digit is wrong.
pub fn isbn13_digits(text: &str) -> Option<String> {
    isbn13(text).map(|i| i.to_string())
}

/// An ISSN as eight characters (`"2434561X"`), or `None` when it is malformed or its check digit
/// is wrong. The halves may be joined by a hyphen (ISO 3297), nothing, or a space as people
/// type it (`"0317 8471"`); text after the number (a qualifier) is ignored.
pub fn issn(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let first = words.next()?;
    let joined;
    let first = match words.next() {
        Some(second)
            if first.len() == 4
                && first.bytes().all(|b| b.is_ascii_digit())
                && second.len() == 4 =>
        {
            joined = format!("{first}{second}");
            joined.as_str()
        }
        _ => first,
    };
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

/// Splits a typed ISBN into its digits (and X) and a qualifier: `"0-306-40615-2 (pbk.)"` →
/// (`"0306406152"`, `Some("pbk.")`). A value without a qualifier keeps nothing else.
pub fn split_isbn(typed: &str) -> (String, Option<String>) {
    let t = typed.trim();
    let number_len = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, 'X' | 'x' | '-' | ' '))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let number: String = t[..number_len]
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let rest = t[number_len..]
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    (number, (!rest.is_empty()).then(|| rest.to_string()))
}

/// Splits an ISBN as a record shows it (MARC 21 020 $a) into the number as written and its
/// qualifier without parentheses or ending ISBD punctuation: `"0306406152 (pbk.)"` →
/// (`"0306406152"`, `Some("pbk")`). Nothing is checked: this is for display.
pub fn split_isbn_as_written(a: &str) -> (String, Option<String>) {
    let a = a.trim();
    match a.find([' ', '(']) {
        Some(i) => {
            let q = a[i..]
                .trim()
                .trim_start_matches('(')
                .trim_end_matches([')', '.', ' ', ':', ';'])
                .trim();
            (
                a[..i].trim().to_string(),
                Some(q.to_string()).filter(|q| !q.is_empty()),
            )
        }
        None => (a.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_valid_invalid_and_edge_cases() {
        let v = validate(NumberKind::Isbn, "0-306-40615-2");
        assert_eq!(
            (v.valid, v.normalized.as_deref(), v.hyphenated.as_deref()),
            (true, Some("9780306406157"), Some("978-0-306-40615-7"))
        );
        let v = validate(NumberKind::Isbn, "9781492067665");
        assert_eq!(v.hyphenated.as_deref(), Some("978-1-4920-6766-5"));
        assert!(
            validate(NumberKind::Isbn, "080442957X").valid,
            "X check digit"
        );
        assert!(
            validate(NumberKind::Isbn, "080442957x").valid,
            "lower-case x"
        );
        assert!(
            validate(NumberKind::Isbn, "978-0-306-40615-7 (pbk.)").valid,
            "qualifier"
        );
        assert!(
            validate(NumberKind::Isbn, "0306406152 pbk.").valid,
            "qualifier without parentheses"
        );
        assert!(
            !validate(NumberKind::Isbn, "0-306-40615-3").valid,
            "wrong check digit"
        );
        assert!(
            !validate(NumberKind::Isbn, "978030640615").valid,
            "12 digits"
        );
        assert!(!validate(NumberKind::Isbn, "").valid);
        assert!(!validate(NumberKind::Isbn, "ISBN").valid);
        assert_eq!(validate(NumberKind::Isbn, "nonsense").normalized, None);
    }

    #[test]
    fn issns() {
        assert_eq!(
            validate(NumberKind::Issn, "0378-5955")
                .normalized
                .as_deref(),
            Some("0378-5955")
        );
        assert_eq!(
            validate(NumberKind::Issn, "2434561x").normalized.as_deref(),
            Some("2434-561X")
        );
        assert!(!validate(NumberKind::Issn, "0378-5956").valid);
        assert!(!validate(NumberKind::Issn, "0378-595").valid);
        assert_eq!(validate(NumberKind::Issn, "2434-561X").hyphenated, None);
    }

    #[test]
    fn lccns_are_normalised_as_lc_specifies() {
        assert_eq!(
            validate(NumberKind::Lccn, "n78-890351")
                .normalized
                .as_deref(),
            Some("n78890351")
        );
        assert_eq!(
            validate(NumberKind::Lccn, "n78-89035")
                .normalized
                .as_deref(),
            Some("n78089035")
        );
        assert_eq!(
            validate(NumberKind::Lccn, "  85000002 ")
                .normalized
                .as_deref(),
            Some("85000002")
        );
        assert_eq!(
            validate(NumberKind::Lccn, "2001-000002")
                .normalized
                .as_deref(),
            Some("2001000002")
        );
        assert_eq!(
            validate(NumberKind::Lccn, "2001-000002/AC/r932")
                .normalized
                .as_deref(),
            Some("2001000002")
        );
        assert!(!validate(NumberKind::Lccn, "abcd").valid);
        assert!(!validate(NumberKind::Lccn, "12").valid);
    }

    #[test]
    fn isbns_are_compared_as_isbn13_only_when_valid() {
        assert_eq!(
            isbn13_digits("0-306-40615-2 (pbk.)").as_deref(),
            Some("9780306406157")
        );
        assert_eq!(
            isbn13_digits("978-0-306-40615-7").as_deref(),
            Some("9780306406157")
        );
        assert_eq!(
            isbn13_digits("080442957X").as_deref(),
            Some("9780804429573")
        );
        assert_eq!(isbn13_digits("0-306-40615-3"), None);
        assert_eq!(isbn13_digits("9780306406158"), None);
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
}
