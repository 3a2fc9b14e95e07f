//! Library settings the Settings view edits that are not barcode rules (those are in
//! [`super::barcode`]): the cataloguing agency code; and the barcode check as the view shows it.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::barcode::{validate_barcode, BarcodeRules};
use crate::error::{Error, Result};
use crate::storage::Library;

/// The agency code new records get when none is set (the settings key `cataloguing_agency`
/// is read by [`super::editor::new_record`]).
pub const DEFAULT_AGENCY: &str = "Carrel";

/// The longest agency code accepted; codes of the MARC Code List for Organizations are far shorter.
const MAX_AGENCY: usize = 32;

/// The cataloguing agency code written to MARC 21 040 $a and $c (original cataloguing agency,
/// transcribing agency) of new records: the setting `cataloguing_agency`, else
/// [`DEFAULT_AGENCY`].
pub fn cataloguing_agency(lib: &Library) -> Result<String> {
    let v: Option<String> = lib
        .conn()
        .query_row(
            "SELECT value FROM settings WHERE key = 'cataloguing_agency'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_AGENCY.to_string()))
}

/// Stores the cataloguing agency code (a MARC organization code such as `"DLC"` or `"UK-WkNB"`);
/// an empty code goes back to [`DEFAULT_AGENCY`]. Records already stored keep their 040.
/// Returns the code now in force. Errors: [`Error::InvalidInput`] for a code with characters other
/// than ASCII letters, digits, `-`, `:` and `/`, or longer than 32 characters.
pub fn set_cataloguing_agency(lib: &mut Library, code: &str) -> Result<String> {
    let code = code.trim();
    if let Some(c) = code
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '/')))
    {
        return Err(Error::InvalidInput(format!(
            "agency code {code:?} contains {c:?}; a MARC organization code is letters, digits, '-', ':' or '/'"
        )));
    }
    if code.len() > MAX_AGENCY {
        return Err(Error::InvalidInput(format!(
            "agency code {code} has {} characters; at most {MAX_AGENCY}",
            code.len()
        )));
    }
    let tx = lib.conn_mut().transaction()?;
    if code.is_empty() {
        tx.execute("DELETE FROM settings WHERE key = 'cataloguing_agency'", [])?;
    } else {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('cataloguing_agency', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![code],
        )?;
    }
    tx.commit()?;
    cataloguing_agency(lib)
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
    use crate::catalogue::barcode::CheckDigit;

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("library.sqlite")).unwrap();
        (dir, lib)
    }

    #[test]
    fn the_agency_code_has_a_default_is_stored_trimmed_and_reset_by_an_empty_one() {
        let (_dir, mut lib) = library();
        assert_eq!(cataloguing_agency(&lib).unwrap(), "Carrel");
        assert_eq!(
            set_cataloguing_agency(&mut lib, " UK-WkNB ").unwrap(),
            "UK-WkNB"
        );
        let rec = crate::catalogue::editor::new_record(&lib, "book", "2026-11-30").unwrap();
        assert_eq!(rec.field("040").unwrap().subfield("a"), Some("UK-WkNB"));
        assert_eq!(set_cataloguing_agency(&mut lib, "").unwrap(), "Carrel");
        let e = set_cataloguing_agency(&mut lib, "My Library").unwrap_err();
        assert!(e.to_string().contains("' '"), "{e}");
        assert_eq!(
            cataloguing_agency(&lib).unwrap(),
            "Carrel",
            "a refused code changes nothing"
        );
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
