//! Output writers of a subject bibliography.
//!
//! Documents (HTML, text, RTF, DOCX, PDF) are written from a [`RenderedBibliography`](super::rendered::RenderedBibliography),
//! so they all say the same; data exports (BibTeX/BibLaTeX, RIS) are
//! written from the selected records' CSL-JSON items (CSL-JSON schema 1.0.2), so a reference manager
//! receives fields rather than formatted text. Each writer is a pure function of its input.

pub mod bibtex;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod ris;
pub mod rtf;
pub mod text;

pub use bibtex::write_bibtex;
pub use docx::write_docx;
pub use html::write_html;
pub use pdf::{write_pdf, write_pdf_report};
pub use ris::write_ris;
pub use rtf::write_rtf;
pub use text::write_text;

use serde_json::Value;

/// A span's link when it is a web address (`http://` or `https://`, any case), trimmed; any other
/// scheme (`file:`, `javascript:`, a Word field switch, a UNC path) is written as plain text, so a
/// catalogue record cannot make a document open a local file or run a script when clicked.
pub(crate) fn web_link(link: Option<&str>) -> Option<&str> {
    let l = link?.trim();
    let scheme = l.get(..8).unwrap_or(l).to_ascii_lowercase();
    (scheme.starts_with("http://") || scheme.starts_with("https://")).then_some(l)
}

/// Helpers over CSL-JSON items (`serde_json::Value` objects) shared by the data writers.
pub(crate) mod csl {
    use super::Value;

    /// A string field ("title", "publisher", …); numbers are given as their decimal text
    /// (CSL-JSON allows `"volume": 3`). Empty strings count as absent.
    pub fn str_field(item: &Value, key: &str) -> Option<String> {
        let s = match item.get(key)? {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        (!s.is_empty()).then_some(s)
    }

    /// One CSL name: a person (family/given with particles and suffix) or a literal
    /// (corporate body: "Law Society of Ireland").
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Name {
        Person {
            family: String,
            given: Option<String>,
            particle: Option<String>,
            suffix: Option<String>,
        },
        Literal(String),
    }

    /// The names of a CSL name variable ("author", "editor"), in order; malformed entries are skipped.
    pub fn names(item: &Value, key: &str) -> Vec<Name> {
        let Some(Value::Array(list)) = item.get(key) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|n| {
                let get = |k: &str| {
                    n.get(k)
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                };
                if let Some(lit) = get("literal") {
                    return Some(Name::Literal(lit));
                }
                let family = get("family")?;
                let particle = match (get("non-dropping-particle"), get("dropping-particle")) {
                    (Some(a), Some(b)) => Some(format!("{b} {a}")),
                    (a, b) => a.or(b),
                };
                Some(Name::Person {
                    family,
                    given: get("given"),
                    particle,
                    suffix: get("suffix"),
                })
            })
            .collect()
    }

    /// The `date-parts` of a CSL date variable ("issued"): (year, month, day), where the month
    /// and day are present only when given. Falls back to the first four-digit year of
    /// `raw`/`literal` ("c1998" gives 1998).
    pub fn date(item: &Value, key: &str) -> Option<(i32, Option<u32>, Option<u32>)> {
        let d = item.get(key)?;
        if let Some(parts) = d
            .get("date-parts")
            .and_then(|p| p.get(0))
            .and_then(Value::as_array)
        {
            let num = |i: usize| -> Option<i64> {
                match parts.get(i)? {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                }
            };
            if let Some(y) = num(0) {
                let m = num(1).filter(|m| (1..=12).contains(m)).map(|m| m as u32);
                let day = m
                    .and(num(2))
                    .filter(|d| (1..=31).contains(d))
                    .map(|d| d as u32);
                return Some((y as i32, m, day));
            }
        }
        let text = d
            .get("raw")
            .or_else(|| d.get("literal"))
            .and_then(Value::as_str)?;
        let bytes = text.as_bytes();
        (0..bytes.len().saturating_sub(3)).find_map(|i| {
            let w = &bytes[i..i + 4];
            let edge_ok = (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_digit());
            (w.iter().all(u8::is_ascii_digit) && edge_ok)
                .then(|| (text[i..i + 4].parse().unwrap(), None, None))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::csl::*;
    use serde_json::json;

    #[test]
    fn csl_helpers_read_names_dates_and_numbers() {
        let item = json!({
            "author": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}, {"literal": "Law Society"}, {"given": "no family"}],
            "issued": {"date-parts": [[2019, 5]]},
            "volume": 3
        });
        assert_eq!(names(&item, "author").len(), 2);
        assert_eq!(
            names(&item, "author")[1],
            Name::Literal("Law Society".into())
        );
        assert_eq!(date(&item, "issued"), Some((2019, Some(5), None)));
        assert_eq!(str_field(&item, "volume").as_deref(), Some("3"));
        assert_eq!(
            date(&json!({"issued": {"raw": "c1998, printed 2001"}}), "issued"),
            Some((1998, None, None))
        );
    }
}
