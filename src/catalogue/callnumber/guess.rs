//! Guessing the scheme of a call number typed without one: from the record first, then the
//! library's default scheme, and only then from the call number's own form; a guess always says
//! where it came from.
//!
//! A call number's form alone is often ambiguous: `100` is a Dewey class or an accession number,
//! `R 131` Dewey with prefix R or LC class R. The record knows how it was classified (MARC 21
//! Bibliographic 050/090 LC, 082/092 Dewey, 852 first indicator), and the library knows what it
//! uses; the form decides only when neither does.

use carrel_marc::Record;
use serde::Serialize;

use super::tokens::tokenize;
use super::{classed, detect_scheme, Scheme, KNOWN_PREFIXES};

/// A call number a bibliographic record carries, with the scheme its field names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordCallNumber {
    /// The scheme the field stands for: 050/090 and 852 indicator 1 `0` LC; 082/092 and 852
    /// indicator 1 `1` Dewey.
    pub scheme: Scheme,
    /// The MARC 21 tag it came from ("050", "082", "090", "092", "852").
    pub tag: String,
    /// The call number as written ($a and $b joined by a space; 852 $h and $i).
    pub text: String,
}

/// The classified call numbers of `record` (MARC 21 Bibliographic 090, 050, 092, 082 and 852 with
/// indicator 1 `0` or `1`), the library's own fields (09X, 852) before those of the agency that
/// catalogued it. Empty when it has none.
pub fn record_call_numbers(record: &Record) -> Vec<RecordCallNumber> {
    let mut out = Vec::new();
    for (tag, scheme, codes) in [
        ("852", None, "hi"),
        ("090", Some(Scheme::Lcc), "ab"),
        ("092", Some(Scheme::Ddc), "ab"),
        ("050", Some(Scheme::Lcc), "ab"),
        ("082", Some(Scheme::Ddc), "ab"),
    ] {
        for f in record.fields_with_tag(tag) {
            let scheme = match scheme {
                Some(s) => s,
                None => match f.indicators().0 {
                    '0' => Scheme::Lcc,
                    '1' => Scheme::Ddc,
                    _ => continue,
                },
            };
            // 082 $a may be repeated (alternative numbers): the first is the one used.
            let mut parts: Vec<&str> = Vec::new();
            for c in codes.chars() {
                if let Some(v) = f.subfield(c).map(str::trim).filter(|v| !v.is_empty()) {
                    parts.push(v);
                }
            }
            if !parts.is_empty() {
                out.push(RecordCallNumber {
                    scheme,
                    tag: tag.to_string(),
                    text: parts.join(" "),
                });
            }
        }
    }
    out
}

/// Where a scheme came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum GuessSource {
    /// Chosen by the user: no guess.
    Given,
    /// A call-number field of the item's record (its MARC 21 tag: 050, 082, 090, 092, 852).
    Record {
        /// The tag of the field.
        tag: String,
    },
    /// The library's default scheme (setting `default_call_number_scheme`).
    LibraryDefault,
    /// The call number's own form ([`detect_scheme`]).
    CallNumber,
    /// A bare number among call numbers of a scheme with class letters (a list, or a record or
    /// library that uses LC): taken as a local number, not a Dewey class.
    BareNumber,
}

/// A scheme and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SchemeGuess {
    /// The scheme the call number is filed by.
    pub scheme: Scheme,
    /// Why that scheme.
    pub source: GuessSource,
}

impl SchemeGuess {
    /// Whether the scheme was guessed (not given).
    pub fn guessed(&self) -> bool {
        self.source != GuessSource::Given
    }

    /// For people: "ddc (guessed from the record's 082)".
    pub fn describe(&self) -> String {
        let why = match &self.source {
            GuessSource::Given => "given".to_string(),
            GuessSource::Record { tag } => format!("guessed from the record's {tag}"),
            GuessSource::LibraryDefault => "the library's default scheme".to_string(),
            GuessSource::CallNumber => "guessed from the call number's form".to_string(),
            GuessSource::BareNumber => {
                "guessed: a bare number among LC call numbers is not a Dewey class".to_string()
            }
        };
        format!("{} ({why})", self.scheme.as_str())
    }
}

/// Whether `cn` can be read by the rules of `scheme` as a call number of that scheme: LC with
/// class letters of the LC outline; Dewey with three digits set off as [`detect_scheme`] wants
/// them; local always (when it has a letter or digit).
pub fn fits(cn: &str, scheme: Scheme) -> bool {
    match scheme {
        Scheme::Lcc => classed::lc_fits(cn),
        Scheme::Ddc => classed::ddc_fits(cn),
        Scheme::Local => !tokenize(cn).is_empty(),
    }
}

/// A three-digit number alone, after any known prefix words (`100`, `REF 340`): Dewey by its
/// form, but as often an accession or box number.
fn bare_number(cn: &str) -> bool {
    let t = tokenize(cn);
    let lead = t
        .iter()
        .take_while(|w| {
            w.is_word() && KNOWN_PREFIXES.contains(&w.text.to_ascii_uppercase().as_str())
        })
        .count();
    t.len() == lead + 1 && t[lead].is_num()
}

/// Tokens as lower-case words, to tell whether two call numbers are the same whatever their
/// spacing and punctuation.
fn same(a: &str, b: &str) -> bool {
    let norm =
        |s: &str| -> Vec<String> { tokenize(s).iter().map(|t| t.text.to_lowercase()).collect() };
    norm(a) == norm(b)
}

/// The scheme of call number `cn` of an item whose record carries `record` (see
/// [`record_call_numbers`]; empty when unknown) in a library whose default scheme is `default`:
///
/// 1. the scheme of the record's field that holds this very call number;
/// 2. the scheme of a record field (the library's default first, else 09X/852 before 050/082)
///    that the call number fits ([`fits`]);
/// 3. the library's default scheme, when the call number fits it;
/// 4. the call number's form ([`detect_scheme`]); a bare three-digit number is local rather than
///    Dewey when the record or the library use LC and not Dewey.
pub fn guess_scheme(cn: &str, record: &[RecordCallNumber], default: Option<Scheme>) -> SchemeGuess {
    let from_record = |r: &RecordCallNumber| SchemeGuess {
        scheme: r.scheme,
        source: GuessSource::Record { tag: r.tag.clone() },
    };
    if let Some(r) = record.iter().find(|r| same(&r.text, cn)) {
        return from_record(r);
    }
    let mut ordered: Vec<&RecordCallNumber> = record.iter().collect();
    ordered.sort_by_key(|r| Some(r.scheme) != default);
    if let Some(r) = ordered.iter().find(|r| fits(cn, r.scheme)) {
        return from_record(r);
    }
    if let Some(d) = default.filter(|&d| fits(cn, d)) {
        return SchemeGuess {
            scheme: d,
            source: GuessSource::LibraryDefault,
        };
    }
    let scheme = detect_scheme(cn);
    let context: Vec<Scheme> = record.iter().map(|r| r.scheme).chain(default).collect();
    if scheme == Scheme::Ddc
        && bare_number(cn)
        && context.contains(&Scheme::Lcc)
        && !context.contains(&Scheme::Ddc)
    {
        return SchemeGuess {
            scheme: Scheme::Local,
            source: GuessSource::BareNumber,
        };
    }
    SchemeGuess {
        scheme,
        source: GuessSource::CallNumber,
    }
}

/// The schemes of a list of call numbers given without one (`carrel callnumber sort`): each by
/// its form ([`detect_scheme`]), except that a bare three-digit number is local, not Dewey, in a
/// list that has LC call numbers and no other Dewey ones.
pub fn guess_schemes(list: &[&str]) -> Vec<SchemeGuess> {
    let detected: Vec<(Scheme, bool)> = list
        .iter()
        .map(|cn| (detect_scheme(cn), bare_number(cn)))
        .collect();
    let has = |s: Scheme| detected.iter().any(|&(d, bare)| d == s && !bare);
    let bare_is_local = has(Scheme::Lcc) && !has(Scheme::Ddc);
    detected
        .into_iter()
        .map(|(scheme, bare)| {
            if scheme == Scheme::Ddc && bare && bare_is_local {
                SchemeGuess {
                    scheme: Scheme::Local,
                    source: GuessSource::BareNumber,
                }
            } else {
                SchemeGuess {
                    scheme,
                    source: GuessSource::CallNumber,
                }
            }
        })
        .collect()
}

/// [`guess_schemes`] in a library whose default scheme is `default` (`carrel callnumber sort`
/// with a library): a call number that fits the default ([`fits`]) takes it, as [`guess_scheme`]
/// does for an item without a record call number; a bare number is local when the default is
/// LC; the others are guessed by their form and the list.
pub fn guess_schemes_with(list: &[&str], default: Option<Scheme>) -> Vec<SchemeGuess> {
    let by_form = guess_schemes(list);
    list.iter()
        .zip(by_form)
        .map(|(cn, g)| match default {
            Some(d) if fits(cn, d) => SchemeGuess {
                scheme: d,
                source: GuessSource::LibraryDefault,
            },
            Some(Scheme::Lcc) if g.scheme == Scheme::Ddc && bare_number(cn) => SchemeGuess {
                scheme: Scheme::Local,
                source: GuessSource::BareNumber,
            },
            _ => g,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rc(scheme: Scheme, tag: &str, text: &str) -> RecordCallNumber {
        RecordCallNumber {
            scheme,
            tag: tag.into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_record_comes_first() {
        let record = [
            rc(Scheme::Lcc, "050", "KF4558 15th .A2"),
            rc(Scheme::Ddc, "082", "342.73"),
        ];
        let g = guess_scheme("340/Smi", &record, None);
        assert_eq!(g.scheme, Scheme::Ddc);
        assert_eq!(g.source, GuessSource::Record { tag: "082".into() });
        assert_eq!(g.describe(), "ddc (guessed from the record's 082)");
        let g = guess_scheme("kf4558 15th.a2", &record, Some(Scheme::Ddc));
        assert_eq!(
            (g.scheme, g.source),
            (Scheme::Lcc, GuessSource::Record { tag: "050".into() })
        );
        // `R 131` fits both: the library's default decides among the record's schemes.
        let both = [
            rc(Scheme::Lcc, "050", "R131"),
            rc(Scheme::Ddc, "082", "610"),
        ];
        assert_eq!(
            guess_scheme("R 131 .B6", &both, Some(Scheme::Ddc)).scheme,
            Scheme::Ddc
        );
        assert_eq!(
            guess_scheme("R 131 .B6", &both, Some(Scheme::Lcc)).scheme,
            Scheme::Lcc
        );
    }

    #[test]
    fn then_the_default_then_the_form() {
        let g = guess_scheme("346.73 Kin", &[], Some(Scheme::Ddc));
        assert_eq!(
            (g.scheme, g.source),
            (Scheme::Ddc, GuessSource::LibraryDefault)
        );
        // The default does not fit: the form decides.
        let g = guess_scheme("QA76 .B6", &[], Some(Scheme::Ddc));
        assert_eq!((g.scheme, g.source), (Scheme::Lcc, GuessSource::CallNumber));
        let g = guess_scheme("340/Smi", &[], None);
        assert_eq!((g.scheme, g.source), (Scheme::Ddc, GuessSource::CallNumber));
        // A bare number in an LC library is not Dewey.
        let g = guess_scheme("100", &[], Some(Scheme::Lcc));
        assert_eq!(
            (g.scheme, g.source),
            (Scheme::Local, GuessSource::BareNumber)
        );
        assert_eq!(guess_scheme("100", &[], None).scheme, Scheme::Ddc);
    }

    #[test]
    fn lists_classify_each_line_with_its_neighbours() {
        let list = ["QA76 .B6", "100", "KF4558 15th", "Box 2"];
        let g: Vec<Scheme> = guess_schemes(&list).iter().map(|g| g.scheme).collect();
        assert_eq!(g, [Scheme::Lcc, Scheme::Local, Scheme::Lcc, Scheme::Local]);
        let list = ["QA76 .B6", "100", "340/Smi"];
        let g: Vec<Scheme> = guess_schemes(&list).iter().map(|g| g.scheme).collect();
        assert_eq!(g, [Scheme::Lcc, Scheme::Ddc, Scheme::Ddc]);
    }

    #[test]
    fn record_fields_are_read_with_their_schemes() {
        let r = Record::new()
            .with_data("050", "00", &[('a', "QA76.73.J38"), ('b', "B6 1994")])
            .with_data("082", "04", &[('a', "005.13/3"), ('2', "23")])
            .with_data("852", "8 ", &[('h', "Box 2")]);
        let got = record_call_numbers(&r);
        assert_eq!(
            got,
            [
                rc(Scheme::Lcc, "050", "QA76.73.J38 B6 1994"),
                rc(Scheme::Ddc, "082", "005.13/3")
            ]
        );
    }
}
