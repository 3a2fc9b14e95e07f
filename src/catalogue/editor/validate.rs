//! Checks a record against MARC 21 Bibliographic for the tags a special library uses most, and
//! says what looks wrong. Warnings only: the technician decides, and saving is never blocked.

use serde::Serialize;
use ts_rs::TS;

use super::{EditableField, EditableRecord};
use crate::catalogue::standard_numbers::{self, NumberKind};

/// One thing that looks wrong in a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Warning {
    /// Index of the field in `EditableRecord::fields`; `None` for the leader or the record as a
    /// whole.
    pub field_index: Option<u32>,
    /// The field's tag (`"LDR"` for the leader); `None` for the record as a whole.
    pub tag: Option<String>,
    /// The subfield code the warning is about, if one.
    pub subfield: Option<String>,
    /// The warning, as a sentence for the cataloguer.
    pub message: String,
}

/// Tags defined as not repeatable (NR) in MARC 21 Bibliographic, among those checked.
const NON_REPEATABLE: &[&str] = &[
    "001", "003", "005", "008", "010", "040", "042", "043", "066", "100", "110", "111", "130",
    "240", "243", "245", "254", "256", "263", "306", "384",
];

/// Defined indicator values of the common tags (MARC 21 Bibliographic), `' '` for blank.
fn indicators(tag: &str) -> Option<(&'static str, &'static str)> {
    const DIGITS: &str = "0123456789";
    const B: &str = " ";
    Some(match tag {
        "010" | "020" | "040" | "250" | "300" | "336" | "337" | "338" | "546" => (B, B),
        "022" => (" 01", B),
        "041" => (" 01", " 7"),
        "050" => (" 01", "04"),
        "082" => ("017", " 04"),
        "100" | "600" => ("013", if tag == "100" { B } else { "01234567" }),
        "110" | "111" | "610" | "611" => ("012", if tag.starts_with('1') { B } else { "01234567" }),
        "130" => (DIGITS, B),
        "630" => (DIGITS, "01234567"),
        "245" => ("01", DIGITS),
        "246" => ("0123", " 012345678"),
        "260" => (" 23", B),
        "264" => (" 23", "01234"),
        "490" => ("01", B),
        "500" | "502" | "504" | "510" | "530" | "590" => (B, B),
        "505" => ("0128", " 0"),
        "520" => (" 012348", B),
        "588" => (" 01", B),
        "650" => (" 012", "01234567"),
        "651" => (B, "01234567"),
        "655" => (" 0", "01234567"),
        "700" => ("013", " 2"),
        "710" | "711" => ("012", " 2"),
        "830" => (B, DIGITS),
        "852" => (" 012345678", " 012"),
        "856" => (" 012347", " 0128"),
        _ => return None,
    })
}

/// Checks a record and returns every warning, in field order (leader first):
///
/// - leader: 24 characters; leader/06 and /07 among the MARC 21 values;
/// - 008 present and 40 characters; 245 present and with a non-empty $a;
/// - tags: 3 letters or digits; not-repeatable tags (001, 003, 005, 008, 010, 040, 1XX, 240,
///   245, …) not repeated; at most one 1XX;
/// - indicators of the common tags (010 … 856) among their defined values;
/// - subfield codes one lower-case letter or digit; no empty subfield; a data field has a subfield;
/// - 6XX with indicator 2 `7` has a $2 source;
/// - ISBN (020 $a), ISSN (022 $a) and LCCN (010 $a) well formed with a right check digit (saving
///   moves an invalid one to 020 $z / 022 $y / 010 $z, so it is kept and flagged).
pub fn validate(rec: &EditableRecord) -> Vec<Warning> {
    let mut out = Vec::new();
    let leader = |message: String| Warning {
        field_index: None,
        tag: Some("LDR".into()),
        subfield: None,
        message,
    };
    if rec.leader.chars().count() != 24 {
        out.push(leader(format!(
            "the leader is {} characters long; MARC 21 leaders are 24",
            rec.leader.chars().count()
        )));
    } else {
        let t = rec.leader_at(6);
        if !"acdefgijkmoprt".contains(t) {
            out.push(leader(format!(
                "leader/06 (type of record) {t:?} is not a MARC 21 Bibliographic value"
            )));
        }
        let l = rec.leader_at(7);
        if !"abcdims".contains(l) {
            out.push(leader(format!(
                "leader/07 (bibliographic level) {l:?} is not a MARC 21 value"
            )));
        }
    }
    let whole = |message: &str| Warning {
        field_index: None,
        tag: None,
        subfield: None,
        message: message.into(),
    };
    match rec.fields.iter().position(|f| f.tag == "008") {
        None => out.push(whole("the record has no 008 (fixed-length data elements)")),
        Some(i) => {
            let n = rec.fields[i].value.as_deref().unwrap_or("").chars().count();
            if n != 40 {
                out.push(at(
                    i,
                    &rec.fields[i],
                    None,
                    format!("008 is {n} characters long; MARC 21 Bibliographic 008 is 40"),
                ));
            }
        }
    }
    match rec.fields.iter().position(|f| f.tag == "245") {
        None => out.push(whole("the record has no 245 (title statement)")),
        Some(i) => {
            if rec.fields[i]
                .subfield("a")
                .is_none_or(|a| a.trim().is_empty())
            {
                out.push(at(
                    i,
                    &rec.fields[i],
                    Some("a"),
                    "245 $a (title) is empty".into(),
                ));
            }
        }
    }
    let main_entries = rec.fields.iter().filter(|f| f.tag.starts_with('1')).count();
    for (i, f) in rec.fields.iter().enumerate() {
        if f.tag.len() != 3 || !f.tag.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push(at(
                i,
                f,
                None,
                format!("tag {:?} is not 3 letters or digits", f.tag),
            ));
            continue;
        }
        let earlier = rec.fields[..i].iter().any(|g| g.tag == f.tag);
        if earlier && NON_REPEATABLE.contains(&f.tag.as_str()) {
            out.push(at(
                i,
                f,
                None,
                format!(
                    "{} is not repeatable in MARC 21; this is a second one",
                    f.tag
                ),
            ));
        } else if f.tag.starts_with('1')
            && main_entries > 1
            && rec.fields[..i].iter().any(|g| g.tag.starts_with('1'))
        {
            out.push(at(
                i,
                f,
                None,
                format!(
                    "{} is a second main entry (1XX); a record has at most one",
                    f.tag
                ),
            ));
        }
        if f.is_control() {
            if !f.subfields.is_empty() {
                out.push(at(
                    i,
                    f,
                    None,
                    format!("{} is a control field: it has data, not subfields", f.tag),
                ));
            }
            continue;
        }
        check_indicators(i, f, &mut out);
        if f.subfields.is_empty() {
            out.push(at(i, f, None, format!("{} has no subfields", f.tag)));
        }
        for s in &f.subfields {
            let ok = s.code.chars().count() == 1
                && s.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if !ok {
                out.push(at(
                    i,
                    f,
                    Some(&s.code),
                    format!(
                        "{} has subfield code {:?}; codes are one lower-case letter or digit",
                        f.tag, s.code
                    ),
                ));
            } else if s.value.trim().is_empty() && !(f.tag == "245" && s.code == "a") {
                out.push(at(
                    i,
                    f,
                    Some(&s.code),
                    format!("{} ${} is empty", f.tag, s.code),
                ));
            }
        }
        if f.tag.starts_with('6') && f.ind2 == "7" && f.subfield("2").is_none() {
            out.push(at(
                i,
                f,
                None,
                format!("{} has indicator 2 = 7 (source in $2) but no $2", f.tag),
            ));
        }
        let number = |kind, name: &str, goes: &str, out: &mut Vec<Warning>| {
            for s in f
                .subfields
                .iter()
                .filter(|s| s.code == "a" && !s.value.trim().is_empty())
            {
                if !standard_numbers::validate(kind, &s.value).valid {
                    out.push(at(i, f, Some("a"), format!("{} {:?} is not a valid {name}; it is kept in {}{goes} (invalid) when saved", f.tag, s.value, f.tag)));
                }
            }
        };
        match f.tag.as_str() {
            "020" => number(
                NumberKind::Isbn,
                "ISBN (ISBN-10 or ISBN-13 with a right check digit)",
                " $z",
                &mut out,
            ),
            "022" => number(
                NumberKind::Issn,
                "ISSN (NNNN-NNNC with a right check digit)",
                " $y",
                &mut out,
            ),
            "010" => number(NumberKind::Lccn, "LCCN", " $z", &mut out),
            _ => {}
        }
    }
    out
}

fn at(i: usize, f: &EditableField, subfield: Option<&str>, message: String) -> Warning {
    Warning {
        field_index: Some(i as u32),
        tag: Some(f.tag.clone()),
        subfield: subfield.map(str::to_string),
        message,
    }
}

fn check_indicators(i: usize, f: &EditableField, out: &mut Vec<Warning>) {
    for (n, ind) in [(1, &f.ind1), (2, &f.ind2)] {
        if ind.chars().count() > 1 {
            out.push(at(
                i,
                f,
                None,
                format!(
                    "indicator {n} of {} is {ind:?}; an indicator is one character",
                    f.tag
                ),
            ));
        }
    }
    let Some((allowed1, allowed2)) = indicators(&f.tag) else {
        return;
    };
    for (n, c, allowed) in [(1, f.ind1_char(), allowed1), (2, f.ind2_char(), allowed2)] {
        if !allowed.contains(c) {
            let shown: Vec<String> = allowed
                .chars()
                .map(|c| {
                    if c == ' ' {
                        "blank".to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            let got = if c == ' ' {
                "blank".to_string()
            } else {
                format!("{c:?}")
            };
            out.push(at(
                i,
                f,
                None,
                format!(
                    "indicator {n} of {} is {got}; MARC 21 defines {}",
                    f.tag,
                    shown.join(", ")
                ),
            ));
        }
    }
}
