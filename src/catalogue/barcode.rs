//! Item barcodes: the library's rules (prefix, length, check digit), kept in the `settings`
//! table, and the pure check a barcode passes before it is stored.
//!
//! Check digits:
//! - `codabar_mod10`: the check digit printed on library Codabar labels (14 digits: `3` for an
//!   item, four digits of institution, eight of sequence, one check digit). It is the Luhn mod 10
//!   digit: from the right, every second digit before the check digit is doubled (9 subtracted
//!   when over 9), the check digit brings the sum to a multiple of 10.
//! - `code39_mod43`: the optional Code 39 check character: the sum of the values of the data
//!   characters (`0`–`9` = 0–9, `A`–`Z` = 10–35, `-` 36, `.` 37, space 38, `$` 39, `/` 40,
//!   `+` 41, `%` 42) modulo 43, written as the character of that value.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::storage::Library;

/// Which check digit a barcode ends with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckDigit {
    /// No check digit.
    #[default]
    None,
    /// Luhn mod 10 digit of library Codabar labels (digits only).
    CodabarMod10,
    /// Code 39 modulo 43 check character (upper-case letters, digits, `-.$/+%`).
    Code39Mod43,
}

impl CheckDigit {
    /// The settings value: `none`, `codabar_mod10`, `code39_mod43`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckDigit::None => "none",
            CheckDigit::CodabarMod10 => "codabar_mod10",
            CheckDigit::Code39Mod43 => "code39_mod43",
        }
    }

    /// Reads a settings value (see [`CheckDigit::as_str`]).
    pub fn parse(s: &str) -> Option<CheckDigit> {
        match s.trim() {
            "none" | "" => Some(CheckDigit::None),
            "codabar_mod10" => Some(CheckDigit::CodabarMod10),
            "code39_mod43" => Some(CheckDigit::Code39Mod43),
            _ => None,
        }
    }
}

/// The library's barcode rules (settings `barcode.prefix`, `barcode.length`,
/// `barcode.check_digit`). The default accepts any barcode without spaces.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BarcodeRules {
    /// Every barcode starts with this text (empty: any start), e.g. `"31234"` for item labels of
    /// institution 1234.
    pub prefix: String,
    /// Every barcode has exactly this many characters, prefix and check digit included.
    pub length: Option<u32>,
    /// The check digit every barcode must end with; `none` checks nothing.
    pub check_digit: CheckDigit,
}

/// Code 39 characters in value order (MOD 43 values 0–42).
const CODE39: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

/// Checks `text` against `rules`; returns the barcode as stored (trimmed; upper case under Code
/// 39) or why it is refused, in words for the person at the scanner.
pub fn validate_barcode(rules: &BarcodeRules, text: &str) -> std::result::Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("a barcode is needed".into());
    }
    if let Some(c) = t.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let what = if c.is_whitespace() {
            "a space".to_string()
        } else {
            format!("the control character U+{:04X}", c as u32)
        };
        return Err(format!(
            "barcode {t:?} contains {what}; a barcode is one word"
        ));
    }
    let code = if rules.check_digit == CheckDigit::Code39Mod43 {
        t.to_ascii_uppercase()
    } else {
        t.to_string()
    };
    if !rules.prefix.is_empty() && !code.starts_with(&rules.prefix) {
        return Err(format!(
            "barcode {code} does not start with this library's prefix {}",
            rules.prefix
        ));
    }
    if let Some(n) = rules.length {
        let len = code.chars().count();
        if len != n as usize {
            return Err(format!(
                "barcode {code} has {len} characters; this library's barcodes have {n}"
            ));
        }
    }
    match rules.check_digit {
        CheckDigit::None => {}
        CheckDigit::CodabarMod10 => {
            if !code.bytes().all(|b| b.is_ascii_digit()) || code.len() < 2 {
                return Err(format!(
                    "barcode {code} must be digits only (Codabar with a check digit)"
                ));
            }
            let (body, check) = code.split_at(code.len() - 1);
            let expected = luhn_digit(body);
            if check.as_bytes()[0] - b'0' != expected {
                return Err(format!("barcode {code}: the check digit should be {expected}; probably mistyped or misread"));
            }
        }
        CheckDigit::Code39Mod43 => {
            if let Some(c) = code.chars().find(|c| !CODE39.contains(*c)) {
                return Err(format!(
                    "barcode {code} contains {c:?}, which Code 39 cannot print"
                ));
            }
            if code.len() < 2 {
                return Err(format!(
                    "barcode {code} is too short to carry a check character"
                ));
            }
            let (body, check) = code.split_at(code.len() - 1);
            let expected = code39_check(body).expect("checked characters");
            if !check.starts_with(expected) {
                return Err(format!("barcode {code}: the check character should be {expected}; probably mistyped or misread"));
            }
        }
    }
    Ok(code)
}

/// The Luhn mod 10 check digit of a string of ASCII digits: counting from the right, the 1st,
/// 3rd, 5th … digit is doubled (9 subtracted when over 9). Non-digits count as 0.
pub fn luhn_digit(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b.saturating_sub(b'0') % 10);
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The Code 39 modulo 43 check character of `data`, or None when a character is not Code 39.
pub fn code39_check(data: &str) -> Option<char> {
    let mut sum = 0usize;
    for c in data.chars() {
        sum += CODE39.find(c)?;
    }
    CODE39.chars().nth(sum % 43)
}

fn setting(lib: &Library, key: &str) -> Result<Option<String>> {
    Ok(lib
        .conn()
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The library's barcode rules; the default when none were set. A stored value this build cannot
/// read counts as unset.
pub fn barcode_rules(lib: &Library) -> Result<BarcodeRules> {
    Ok(BarcodeRules {
        prefix: setting(lib, "barcode.prefix")?.unwrap_or_default(),
        length: setting(lib, "barcode.length")?
            .and_then(|v| v.trim().parse().ok())
            .filter(|&n: &u32| n > 0),
        check_digit: setting(lib, "barcode.check_digit")?
            .and_then(|v| CheckDigit::parse(&v))
            .unwrap_or_default(),
    })
}

/// Stores the library's barcode rules (one transaction). Items already stored are not checked
/// again. Errors: [`Error::InvalidInput`] for a prefix with spaces, a length of 0 or over 64, or
/// a prefix longer than the length.
pub fn set_barcode_rules(lib: &mut Library, rules: &BarcodeRules) -> Result<BarcodeRules> {
    let prefix = rules.prefix.trim();
    if prefix.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::InvalidInput(format!(
            "barcode prefix {prefix:?} contains a space or control character"
        )));
    }
    let prefix = if rules.check_digit == CheckDigit::Code39Mod43 {
        prefix.to_ascii_uppercase()
    } else {
        prefix.to_string()
    };
    if let Some(n) = rules.length {
        if n == 0 || n > 64 {
            return Err(Error::InvalidInput(format!(
                "barcode length {n}: give a length from 1 to 64, or none"
            )));
        }
        if prefix.chars().count() >= n as usize {
            return Err(Error::InvalidInput(format!(
                "barcode prefix {prefix} is as long as the barcode length {n}"
            )));
        }
    }
    if rules.check_digit == CheckDigit::CodabarMod10 && !prefix.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Error::InvalidInput(format!(
            "barcode prefix {prefix} is not digits, but Codabar barcodes are"
        )));
    }
    let tx = lib.immediate()?;
    {
        let mut put = tx.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")?;
        put.execute(params!["barcode.prefix", prefix])?;
        put.execute(params![
            "barcode.length",
            rules.length.map(|n| n.to_string()).unwrap_or_default()
        ])?;
        put.execute(params!["barcode.check_digit", rules.check_digit.as_str()])?;
    }
    tx.commit()?;
    barcode_rules(lib)
}

/// Whether a sample barcode passes barcode rules, for "Try a barcode" in the Settings view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct BarcodeCheck {
    /// The barcode as it would be stored (trimmed; upper case under Code 39) when it passes.
    pub barcode: Option<String>,
    /// Why it does not pass, in words for the person at the scanner; None when it passes.
    pub problem: Option<String>,
}

/// Checks `text` against `rules` (rules as typed in the form, not necessarily saved); see
/// [`validate_barcode`].
pub fn check_barcode(rules: &BarcodeRules, text: &str) -> BarcodeCheck {
    match validate_barcode(rules, text) {
        Ok(b) => BarcodeCheck {
            barcode: Some(b),
            problem: None,
        },
        Err(p) => BarcodeCheck {
            barcode: None,
            problem: Some(p),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codabar() -> BarcodeRules {
        BarcodeRules {
            prefix: "31234".into(),
            length: Some(14),
            check_digit: CheckDigit::CodabarMod10,
        }
    }

    #[test]
    fn codabar_item_label_with_its_check_digit_passes() {
        // 3 1234 00012345 + check: odd positions from the left 3,2,4,0,1,3,5 doubled
        // 6+4+8+0+2+6+1 = 27, even positions 1+3+0+0+2+4 = 10; 37 → check 3.
        assert_eq!(luhn_digit("3123400012345"), 3);
        assert_eq!(
            validate_barcode(&codabar(), " 31234000123453\n"),
            Ok("31234000123453".into())
        );
        // 3 1234 00000018: doubled 3,2,4,0,0,0,1 → 6+4+8+0+0+0+2 = 20; plain 1+3+0+0+0+0 = 4; 24 → 6.
        assert_eq!(
            validate_barcode(&codabar(), "31234000000016"),
            Ok("31234000000016".into())
        );
    }

    #[test]
    fn codabar_refuses_a_wrong_check_digit_a_wrong_prefix_and_a_short_code() {
        let e = validate_barcode(&codabar(), "31234000123454").unwrap_err();
        assert!(e.contains("should be 3"), "{e}");
        assert!(validate_barcode(&codabar(), "39999000123453")
            .unwrap_err()
            .contains("prefix 31234"));
        assert!(validate_barcode(&codabar(), "3123400012345")
            .unwrap_err()
            .contains("has 13 characters"));
        assert!(validate_barcode(&codabar(), "3123400012345X")
            .unwrap_err()
            .contains("digits only"));
    }

    #[test]
    fn code39_mod43_check_character() {
        // C12 O24 D13 E14 3 9 = 75; 75 mod 43 = 32 = W.
        assert_eq!(code39_check("CODE39"), Some('W'));
        // L21 I18 B11 0 0 4 2 = 56; 56 mod 43 = 13 = D.
        let rules = BarcodeRules {
            prefix: "LIB".into(),
            length: None,
            check_digit: CheckDigit::Code39Mod43,
        };
        assert_eq!(validate_barcode(&rules, "lib0042d"), Ok("LIB0042D".into()));
        assert!(validate_barcode(&rules, "LIB0042E")
            .unwrap_err()
            .contains("should be D"));
        assert!(validate_barcode(&rules, "LIB_0042")
            .unwrap_err()
            .contains("cannot print"));
    }

    #[test]
    fn any_barcode_without_spaces_passes_the_default_rules() {
        let rules = BarcodeRules::default();
        assert_eq!(validate_barcode(&rules, "  b-0001 "), Ok("b-0001".into()));
        assert!(validate_barcode(&rules, "").unwrap_err().contains("needed"));
        assert!(validate_barcode(&rules, "12 34")
            .unwrap_err()
            .contains("a space"));
        assert!(validate_barcode(&rules, "12\u{7}34")
            .unwrap_err()
            .contains("U+0007"));
    }

    #[test]
    fn a_sample_barcode_is_checked_against_the_rules_as_typed() {
        let rules = BarcodeRules {
            prefix: "31234".into(),
            length: Some(14),
            check_digit: CheckDigit::CodabarMod10,
        };
        assert_eq!(
            check_barcode(&rules, "31234000123453 "),
            BarcodeCheck {
                barcode: Some("31234000123453".into()),
                problem: None
            }
        );
        let bad = check_barcode(&rules, "31234000123454");
        assert_eq!(bad.barcode, None);
        assert!(bad.problem.unwrap().contains("check digit should be 3"));
    }
}
