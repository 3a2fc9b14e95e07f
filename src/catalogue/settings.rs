//! Library settings the Settings view edits that are not barcode rules (those, and the check
//! of a sample barcode, are in [`super::barcode`]): the cataloguing agency code and the default
//! call-number scheme.

use crate::error::{Error, Result};
use crate::storage::Library;
use rusqlite::{params, Connection, OptionalExtension};

use super::items::CallNumberScheme;

/// The settings key of the library's default call-number scheme.
const DEFAULT_SCHEME_KEY: &str = "default_call_number_scheme";

/// The library's default call-number scheme (setting `default_call_number_scheme`): the scheme a
/// call number typed without one gets when the item's record does not say (see
/// [`super::callnumber::guess_scheme`]). `None` when it was never set.
pub fn default_scheme(lib: &Library) -> Result<Option<CallNumberScheme>> {
    default_scheme_conn(lib.conn())
}

/// [`default_scheme`] on a connection (inside a transaction).
pub(crate) fn default_scheme_conn(conn: &Connection) -> Result<Option<CallNumberScheme>> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [DEFAULT_SCHEME_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.as_deref().and_then(CallNumberScheme::parse))
}

/// Stores the library's default call-number scheme (`None` removes it: the form of each call
/// number decides). Items already stored keep their scheme. Returns the scheme now in force.
pub fn set_default_scheme(
    lib: &mut Library,
    scheme: Option<CallNumberScheme>,
) -> Result<Option<CallNumberScheme>> {
    let tx = lib.immediate()?;
    match scheme {
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [DEFAULT_SCHEME_KEY])?;
        }
        Some(s) => {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![DEFAULT_SCHEME_KEY, s.as_str()],
            )?;
        }
    }
    tx.commit()?;
    default_scheme(lib)
}

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
    let tx = lib.immediate()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(&dir.path().join("library.sqlite")).unwrap();
        (dir, lib)
    }

    #[test]
    fn the_default_scheme_is_stored_and_removed() {
        let (_dir, mut lib) = library();
        assert_eq!(default_scheme(&lib).unwrap(), None);
        let s = set_default_scheme(&mut lib, Some(CallNumberScheme::Ddc)).unwrap();
        assert_eq!(s, Some(CallNumberScheme::Ddc));
        assert_eq!(default_scheme(&lib).unwrap(), Some(CallNumberScheme::Ddc));
        assert_eq!(set_default_scheme(&mut lib, None).unwrap(), None);
    }

    #[test]
    fn the_agency_code_has_a_default_is_stored_trimmed_and_reset_by_an_empty_one() {
        let (_dir, mut lib) = library();
        assert_eq!(cataloguing_agency(&lib).unwrap(), "Carrel");
        assert_eq!(
            set_cataloguing_agency(&mut lib, " UK-WkNB ").unwrap(),
            "UK-WkNB"
        );
        let rec = crate::catalogue::editor::new_record(
            &lib,
            crate::catalogue::editor::TemplateId::Book,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        )
        .unwrap();
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
}
