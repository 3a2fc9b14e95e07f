//! Call-number order: a sort key whose byte order is shelf order, for Library of Congress (LCC),
//! Dewey (DDC) and local call numbers.
//!
//! [`sort_key`] turns a call number into a string that can be stored in an indexed SQLite `TEXT`
//! column (BINARY collation) and compared with plain `<`: two call numbers file in the order of
//! their keys. Call numbers that file alike (`QA 76.73 .J38 1994`, `qa76.73.j38 1994`,
//! `QA76.73 J38 1994`) get the same key. [`detect_scheme`] guesses the scheme of a call number
//! from its form; [`guess_scheme`] asks the record and the library's default first (module
//! `guess`). [`item_shelf_key`] adds an item's enumeration and copy number after the call
//! number's key (module `enumeration`).
//!
//! # The key
//!
//! `SCHEME BODY`: one letter for the scheme — `D` Dewey, `L` LC, `N` local — so that a list that
//! mixes schemes keeps each scheme together (Dewey, then LC, then local), then:
//!
//! - for a call number that was read, its prefix group and its elements (module `classed` for LC
//!   and Dewey, module `natural` for local);
//! - for one that could not be read, `~` and its natural-order key (module `natural`): it files after
//!   every call number of its scheme that was read, in natural order, with its text as typed as
//!   the tie-breaker. [`SortKey::warning`] says why it could not be read.
//!
//! The keys are printable ASCII except where they keep text of the call number (its non-ASCII
//! letters; the text as typed at the end of local and unread keys) and the separator [`ITEM`]
//! (U+001F) before an item's own part. They are about as long as the
//! call number, local and unread ones about twice as long.
//!
//! # Decisions a cataloguer should know
//!
//! - **Prefixes** (`REF`, `FOLIO`, `OVERSIZE`, `R`, `J`, any words before the class): a prefix
//!   makes a group of its own. All call numbers without a prefix file first, then each prefix
//!   group alphabetically (`FOLIO …`, `J …`, `OVERSIZE …`, `REF …`), each in class order. `Ref.`,
//!   `REF` and `ref` are the same prefix; `R` and `REF` are different ones. In the library the
//!   prefix usually means a location; the key keeps such a group together wherever it stands.
//! - **Volumes, copies, supplements**: `v.`, `pt.`, `no.`, `c.`/`copy`, `Suppl.`, `Index` need a
//!   point or a space before their number (`v.2`); `V2` touching its digits is a Cutter. They file
//!   with the work they follow, before a later edition (date) of it: `.B6`, `.B6 c.2`, `.B6 v.1`,
//!   `.B6 v.2`, `.B6 v.10`, `.B6 Suppl.`, `.B6 Index`, `.B6 1990`.
//! - **Dates and numbers before Cutters**: a date or ordinal right after the class number files
//!   before the Cutters of that number (`HD9710 1985` < `HD9710 .A1`): numerals before letters.
//!   An ordinal after a point is not a decimal (`PQ4453.10th` files as `PQ4453 10th`).
//! - **Letters-only Cutters** in LC (`M5 .L`, fiction title marks `PZ7 .S8 Bs`) are Cutters:
//!   `.K9` < `.L` < `.L2` < `.M`.
//! - **Unreadable call numbers** keep their text and are filed after the readable ones of their
//!   scheme, with a warning; a Dewey call number without a number (`FIC SMITH`) is one of them.
//! - **Local** call numbers are never "wrong": they file in natural order (`Box 2` < `Box 10`),
//!   ignoring case and punctuation; only one with no letter or digit at all is unreadable.

mod classed;
mod enumeration;
mod guess;
mod natural;
mod tokens;

use serde::{Deserialize, Serialize};

use tokens::tokenize;

pub use enumeration::{enumeration_key, item_key, item_shelf_key, split_enumeration, ITEM};
pub use guess::{
    fits, guess_scheme, guess_schemes, guess_schemes_with, record_call_numbers, GuessSource,
    RecordCallNumber, SchemeGuess,
};

/// A classification scheme, i.e. which filing rules a call number follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Library of Congress Classification.
    Lcc,
    /// Dewey Decimal Classification.
    Ddc,
    /// Anything else: shelf marks, box numbers, accession numbers.
    Local,
}

impl Scheme {
    /// The first character of every key of this scheme.
    fn tag(self) -> char {
        match self {
            Scheme::Ddc => 'D',
            Scheme::Lcc => 'L',
            Scheme::Local => 'N',
        }
    }

    /// The scheme's short name, as the command line and JSON write it: `lcc`, `ddc`, `local`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Lcc => "lcc",
            Scheme::Ddc => "ddc",
            Scheme::Local => "local",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scheme::Lcc => "LC",
            Scheme::Ddc => "Dewey",
            Scheme::Local => "local",
        }
    }
}

/// The key a call number files by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SortKey {
    /// Byte order of keys is shelf order.
    pub key: String,
    /// The call number was read by the rules of its scheme; when `false` it files after the
    /// readable call numbers of the scheme, in natural order of its text.
    pub parsed: bool,
    /// Why it could not be read, or what was odd about it (a part filed as plain text, class
    /// letters that are not in the LC outline).
    pub warning: Option<String>,
}

/// Marks the key of a call number that could not be read; above every character that starts the
/// body of a readable one (space, `A`–`Z`, `!`, `#`, `+`).
const UNPARSED: char = '~';

/// The sort key of `cn` read by the rules of `scheme`.
pub fn sort_key(cn: &str, scheme: Scheme) -> SortKey {
    let read = match scheme {
        Scheme::Lcc => classed::lc(cn).map(|p| (p.key, p.warnings)),
        Scheme::Ddc => classed::ddc(cn).map(|p| (p.key, p.warnings)),
        Scheme::Local => natural::local(cn).map(|k| (k, Vec::new())),
    };
    let tag = scheme.tag();
    match read {
        Ok((body, warnings)) => SortKey {
            key: format!("{tag}{body}"),
            parsed: true,
            warning: (!warnings.is_empty()).then(|| warnings.join("; ")),
        },
        Err(why) => SortKey {
            key: format!("{tag}{UNPARSED}{}", natural::key(cn)),
            parsed: false,
            warning: Some(format!(
                "{why}: kept as typed and filed after the {} call numbers that could be read",
                scheme.name()
            )),
        },
    }
}

/// Words taken as a location prefix when guessing the scheme (upper case, without their point).
/// `R` and `J` are also LC classes: `R 131` (space, three digits) is taken as Dewey with prefix R,
/// `R131` as LC.
const KNOWN_PREFIXES: &[&str] = &[
    "REF",
    "REFERENCE",
    "R",
    "FOLIO",
    "FOL",
    "OVERSIZE",
    "OVERSIZED",
    "OVERSZ",
    "OS",
    "J",
    "JUV",
    "JUVENILE",
    "YA",
    "PER",
    "PERIODICAL",
    "THESIS",
    "ATLAS",
    "RARE",
    "SPEC",
    "DESK",
    "DVD",
    "AV",
    "MEDIA",
    "LP",
    "MINI",
    "MICRO",
    "MICROFICHE",
    "MICROFILM",
];

/// Guesses the scheme of a call number.
///
/// - Dewey: after any known prefix words (`REF`, `FOLIO`, `OVERSIZE`, `R`, `J`, …), exactly three
///   digits followed by the end, a point, a space or a letter (`005.133`, `REF 341.2 B61`; not
///   `123-45`).
/// - LC: after any known prefix words, class letters of the LC outline (one to three letters:
///   `QA`, `KFN`; not `Box` or `No`) followed by a class number of at most four digits.
/// - Local: everything else.
pub fn detect_scheme(cn: &str) -> Scheme {
    let t = tokenize(cn);
    let lead = t
        .iter()
        .take_while(|w| {
            w.is_word() && KNOWN_PREFIXES.contains(&w.text.to_ascii_uppercase().as_str())
        })
        .count();
    if classed::looks_like_ddc(&t, lead) {
        Scheme::Ddc
    } else if (0..=lead).any(|i| classed::looks_like_lc(&t, i)) {
        Scheme::Lcc
    } else {
        Scheme::Local
    }
}

/// Longest number written with its own length: the length character is `'0' + length`, at most
/// `v`. A longer number (a barcode run together) keeps `v` and compares as text after that.
const MAX_DIGITS: usize = 70;

/// Writes a whole number so that byte order is numeric order: the count of its digits (leading
/// zeros dropped) as one character, then the digits (`7` → `17`, `10` → `210`, `100` → `3100`).
fn push_number(key: &mut String, digits: &str) {
    let d = digits.trim_start_matches('0');
    key.push(char::from(b'0' + d.len().min(MAX_DIGITS) as u8));
    key.push_str(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(cn: &str, s: Scheme) -> String {
        sort_key(cn, s).key
    }

    fn assert_order(list: &[&str], s: Scheme) {
        for w in list.windows(2) {
            let (a, b) = (k(w[0], s), k(w[1], s));
            assert!(
                a < b,
                "{:?} ({a}) should file before {:?} ({b})",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn numbers_keep_numeric_order() {
        let mut s = String::new();
        for n in ["0", "7", "10", "010", "100", "9999"] {
            push_number(&mut s, n);
            s.push(' ');
        }
        assert_eq!(s, "0 17 210 210 3100 49999 ");
    }

    #[test]
    fn lc_keys_look_like_this() {
        assert_eq!(k("QA76.73 .J38 1994", Scheme::Lcc), "L QA27673.J38+41994");
        assert_eq!(k("REF KF4558 15th .A2", Scheme::Lcc), "LREF KF44558+215.A2");
        assert_eq!(
            k("PN1995 .K23 1994b v.2 c.3", Scheme::Lcc),
            "L PN41995.K23+41994/b#c12#a13"
        );
        assert_eq!(k("DDC 005.133 B61a", Scheme::Ddc), "DDDC 005133.B61/a");
    }

    #[test]
    fn spacing_points_and_case_do_not_matter() {
        let want = k("QA76.73 .J38 1994", Scheme::Lcc);
        for v in [
            "QA 76.73 .J38 1994",
            "qa76.73.j38 1994",
            "QA76.73 J38 1994",
            "QA76.73.J38 1994.",
            " QA 76 .73 J38  1994 ",
        ] {
            assert_eq!(k(v, Scheme::Lcc), want, "{v}");
        }
        assert_eq!(
            k("005.13/3 B61", Scheme::Ddc),
            k("005.133 B61", Scheme::Ddc)
        );
        assert_eq!(
            k("Ref. 005.133", Scheme::Ddc),
            k("REF 005.133", Scheme::Ddc)
        );
    }

    #[test]
    fn lc_hard_cases() {
        assert_order(&["QA1", "QA10", "QA100"], Scheme::Lcc);
        assert_order(&["QA76.73", "QA76.9", "QA77"], Scheme::Lcc);
        assert_order(
            &["QA76 .B59", "QA76 .B592", "QA76 .B6", "QA76.1"],
            Scheme::Lcc,
        );
        assert_order(&["A1", "AB1", "AC1", "B1"], Scheme::Lcc);
        assert_order(&["K100", "KF1", "KFN1", "KZ1"], Scheme::Lcc);
        assert_order(
            &[
                "QA76 .B6",
                "QA76 .B6 v.2",
                "QA76 .B6 v.10",
                "QA76 .B6 Suppl.",
                "QA76 .B6 1990",
                "QA76 .B6 1990a",
                "QA76 .B6 2001",
            ],
            Scheme::Lcc,
        );
        assert_order(&["HD9710 1985", "HD9710 .A1"], Scheme::Lcc);
        assert_order(&["QA76.7 .Z9", "QA76.73"], Scheme::Lcc);
    }

    #[test]
    fn designations_need_a_point_or_space() {
        // `V2` touching its digits is a Cutter; `v.2` and `v 2` are volume 2.
        assert_eq!(
            k("QA76 .B6 v.2", Scheme::Lcc),
            k("QA76 .B6 v 2", Scheme::Lcc)
        );
        assert_ne!(
            k("QA76 .B6 v.2", Scheme::Lcc),
            k("QA76 .B6 V2", Scheme::Lcc)
        );
        assert_eq!(
            k("QA76 .B6 Suppl.", Scheme::Lcc),
            k("QA76 .B6 suppl", Scheme::Lcc)
        );
    }

    #[test]
    fn ordinals_and_work_letters() {
        assert_eq!(k("KF4558 15th", Scheme::Lcc), k("KF4558 15", Scheme::Lcc));
        assert_eq!(k("KF4558 2d", Scheme::Lcc), k("KF4558 2nd", Scheme::Lcc));
        assert_ne!(
            k("QA76 .B6 1990a", Scheme::Lcc),
            k("QA76 .B6 1990", Scheme::Lcc)
        );
        // `J38C2`: a second Cutter, not work letters.
        assert_eq!(
            k("QA76.73.J38C2", Scheme::Lcc),
            k("QA76.73 .J38 C2", Scheme::Lcc)
        );
    }

    #[test]
    fn prefixes_make_groups_after_the_unprefixed() {
        assert_order(
            &[
                "QA76 .B6",
                "Z1000",
                "FOLIO A1",
                "OVERSIZE QA1",
                "REF A1",
                "REF DESK A1",
                "REFERENCE A1",
            ],
            Scheme::Lcc,
        );
        assert_order(&["999.9", "FOLIO 000", "R 005", "REF 005"], Scheme::Ddc);
    }

    #[test]
    fn unreadable_call_numbers_file_last_with_a_warning() {
        for (cn, s) in [
            ("", Scheme::Lcc),
            ("QA", Scheme::Lcc),
            ("Box 2", Scheme::Lcc),
            ("QA12345", Scheme::Lcc),
            ("FIC SMITH", Scheme::Ddc),
            ("5.133", Scheme::Ddc),
            ("???", Scheme::Local),
        ] {
            let key = sort_key(cn, s);
            assert!(!key.parsed, "{cn:?}");
            assert!(key.warning.is_some());
            assert!(key.key.starts_with(&format!("{}~", s.tag())), "{}", key.key);
        }
        assert!(k("FIC SMITH", Scheme::Ddc) > k("REF 999.99 Z99", Scheme::Ddc));
        assert!(k("FIC SMITH", Scheme::Ddc) < k("FIC SMITH 2", Scheme::Ddc));
    }

    #[test]
    fn readable_with_warnings() {
        let s = sort_key("PZ3.S8 Ad 2001 ed.", Scheme::Lcc);
        assert!(s.parsed && s.warning.as_deref().unwrap().contains("ed"));
        let s = sort_key("NO5", Scheme::Lcc);
        assert!(s.parsed && s.warning.as_deref().unwrap().contains("outline"));
        assert_eq!(sort_key("QA76.73 .J38 1994", Scheme::Lcc).warning, None);
    }

    #[test]
    fn ordinal_class_numbers_and_letters_only_cutters() {
        // An ordinal after the point is no decimal: it files by value after the plain number.
        assert_eq!(
            k("PQ4453.10th .F3", Scheme::Lcc),
            k("PQ4453 10th .F3", Scheme::Lcc)
        );
        assert_eq!(sort_key("PQ4453.10th .F3", Scheme::Lcc).warning, None);
        assert_order(
            &[
                "PQ4453",
                "PQ4453 2d .A3",
                "PQ4453 9th .F3",
                "PQ4453.10th .F3",
                "PQ4453 .A1",
                "PQ4453.1",
            ],
            Scheme::Lcc,
        );
        // A letter alone is a Cutter: nothing before something, and before the next letter.
        assert_order(&["M5 .K9", "M5 .L", "M5 .L2", "M5 .M2"], Scheme::Lcc);
        assert_order(
            &[
                "PZ7 .S8",
                "PZ7 .S8 1990",
                "PZ7 .S8 B3",
                "PZ7.S8 Bs",
                "PZ7 .S8 Km",
            ],
            Scheme::Lcc,
        );
        for cn in ["M5 .L", "PZ7.S8 Bs", "PZ7 .S8 Km", "PZ7 .B6 Km 2005"] {
            assert_eq!(sort_key(cn, Scheme::Lcc).warning, None, "{cn}");
        }
    }

    #[test]
    fn detection() {
        for (cn, s) in [
            ("QA76.73 .J38 1994", Scheme::Lcc),
            ("KFN5225 .Z9", Scheme::Lcc),
            ("REF QA 76", Scheme::Lcc),
            ("J 80 .A3", Scheme::Lcc),
            ("R131", Scheme::Lcc),
            ("005.133 B61", Scheme::Ddc),
            ("340/Smi", Scheme::Ddc),
            ("346.73 Kin", Scheme::Ddc),
            ("346.73/Kin", Scheme::Ddc),
            ("346.73-Kin", Scheme::Ddc),
            ("PQ4453.10th .F3", Scheme::Lcc),
            ("M5 .L", Scheme::Lcc),
            ("R 610.73", Scheme::Ddc),
            ("REF 341.2 B61", Scheme::Ddc),
            ("OVERSIZE 780", Scheme::Ddc),
            ("Box 2", Scheme::Local),
            ("No 5", Scheme::Local),
            ("Map drawer 3, folder 12", Scheme::Local),
            ("123-45", Scheme::Local),
            ("2023.001", Scheme::Local),
            ("FIC SMITH", Scheme::Local),
            ("W 100", Scheme::Local),
            ("", Scheme::Local),
        ] {
            assert_eq!(detect_scheme(cn), s, "{cn:?}");
        }
    }
}
