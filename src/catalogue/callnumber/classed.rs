//! Keys for classified call numbers: Library of Congress (LCC) and Dewey (DDC).
//!
//! Both are read as `[prefix words] class [elements…]`, and both keys are written as
//! `PREFIX ␠ CLASS ELEMENT*`, where every element starts with a mark that decides which kind of
//! element files first when two call numbers differ in kind at the same place:
//!
//! | mark | element | example | key |
//! |---|---|---|---|
//! | (end) | nothing more | `QA76 .B6` | |
//! | `#` | volume, part, number, copy, supplement, index | `v.10` | `#c210` |
//! | `+` | a number: date, year with work letters, ordinal | `1990a` | `+41990/a` |
//! | `-` | text that is none of these | `ed.` | `-ED` |
//! | `.` | Cutter number (letters, then digits read as a decimal; letters only in LC `.L`, PZ7 `Bs`) | `.B592` | `.B592` |
//! | `/` | work letters after a Cutter or a date | `B61a` | `/a` |
//!
//! The order of the marks implements:
//! - "nothing before something" (LC Filing Rules; CSM G 100): `QA76 .B6` < `QA76 .B6 1990`,
//!   `.B6 1990` < `.B6 1990a`;
//! - the designations of one work (its volumes, copies and supplements; CSM G 615, G 155) stay with
//!   that work, before a later edition (a date) or a different work (a further Cutter):
//!   `.B6 v.10` < `.B6 Suppl.` < `.B6 1990`;
//! - numerals before letters (LC Filing Rules): a date or number after the class number or a
//!   Cutter files before a Cutter at the same place (`HD9710 1985` < `HD9710 .A1`);
//! - work letters (CSM G 140: `1982`, `1982a`, `1982b`, …; Dewey work marks `D55g`) file after
//!   everything else that shares the date or Cutter (`.B61 1990` < `.B61a` < `.B612`).
//!
//! All marks are below `0`, so a shorter decimal (class number or Cutter) followed by anything
//! files before a longer one: `QA76.7 .Z9` < `QA76.73`.
//!
//! The prefix (`REF`, `FOLIO`, `OVERSIZE`, …: words before the class) comes first: it puts the
//! call number into a group of its own, shelved as a separate sequence. Call numbers without a
//! prefix come first (the key has a space there), then each prefix group, alphabetically.

use super::tokens::{tokenize, Token};
use super::{push_number, Scheme};

const DESIGNATION: char = '#';
const NUMBER: char = '+';
const TEXT: char = '-';
const CUTTER: char = '.';
const WORK_LETTERS: char = '/';

/// Ranks of designations (CSM G 615 "Designations for volume, part, etc."; G 155 supplementary
/// works), in filing order when two differ at the same place: copies of the work as catalogued,
/// then its series, volumes, parts and numbers, then supplements, then indexes.
const COPY: char = 'a';
const SERIES: char = 'b';
const VOLUME: char = 'c';
const PART: char = 'd';
const ISSUE: char = 'e';
const SUPPLEMENT: char = 'f';
const INDEX: char = 'g';

/// The words that name a designation (lower case, without their point), and their rank.
pub(super) fn designation(word: &str) -> Option<char> {
    Some(match word {
        "c" | "cop" | "copy" => COPY,
        "ser" | "series" => SERIES,
        "v" | "vol" | "vols" | "volume" | "t" | "tome" | "bd" | "band" | "bk" | "book" => VOLUME,
        "pt" | "pts" | "part" | "teil" | "fasc" | "sect" => PART,
        "no" | "nos" | "nr" | "num" | "number" | "iss" | "issue" | "heft" => ISSUE,
        "suppl" | "supp" | "supl" | "suppls" | "supplement" => SUPPLEMENT,
        "index" | "indexes" => INDEX,
        _ => return None,
    })
}

/// The two-letter subclasses of the LC outline (and the one-letter classes), for telling an LC
/// class from a word that happens to be short. Three-letter classes are DAW, DJK and K + a
/// listed K subclass + a letter (KBM, KFN, KJV, …).
const LC_OUTLINE: &str = "A AC AE AG AI AM AN AP AS AY AZ B BC BD BF BH BJ BL BM BP BQ BR BS BT BV BX \
    C CB CC CD CE CJ CN CR CS CT D DA DB DC DD DE DF DG DH DJ DK DL DP DQ DR DS DT DU DX E F \
    G GA GB GC GE GF GN GR GT GV H HA HB HC HD HE HF HG HJ HM HN HQ HS HT HV HX \
    J JA JC JF JJ JK JL JN JQ JS JV JX JZ K KB KD KE KF KG KH KJ KK KL KM KN KP KQ KR KS KT KU KV KW KZ \
    L LA LB LC LD LE LF LG LH LJ LT M ML MT N NA NB NC ND NE NK NX \
    P PA PB PC PD PE PF PG PH PJ PK PL PM PN PQ PR PS PT PZ Q QA QB QC QD QE QH QK QL QM QP QR \
    R RA RB RC RD RE RF RG RJ RK RL RM RS RT RV RX RZ S SB SD SF SH SK \
    T TA TC TD TE TF TG TH TJ TK TL TN TP TR TS TT TX U UA UB UC UD UE UF UG UH \
    V VA VB VC VD VE VF VG VK VM Z ZA";

/// Class letters the LC outline has.
fn in_lc_outline(letters: &str) -> bool {
    let listed = |s: &str| LC_OUTLINE.split_whitespace().any(|c| c == s);
    match letters.len() {
        3 => {
            matches!(letters, "DAW" | "DJK") || (letters.starts_with('K') && listed(&letters[..2]))
        }
        _ => listed(letters),
    }
}

/// Could be LC class letters: one to three letters A–Z, not starting with I, O, W, X or Y (LC
/// does not use them; W is the National Library of Medicine's), three only in D and K.
fn lc_letters(word: &str) -> bool {
    let up = word.to_ascii_uppercase();
    let b = up.as_bytes();
    (1..=3).contains(&b.len())
        && up.bytes().all(|c| c.is_ascii_uppercase())
        && !matches!(b[0], b'I' | b'O' | b'W' | b'X' | b'Y')
        && (b.len() < 3 || matches!(b[0], b'D' | b'K'))
}

/// Token `i` starts an LC class: class letters, then (after nothing or white space only) a number.
fn lc_class_at(t: &[Token<'_>], i: usize) -> bool {
    t[i].is_word()
        && lc_letters(t[i].text)
        && t.get(i + 1).is_some_and(|n| n.is_num() && n.plain_gap())
}

/// For [`super::detect_scheme`]: token `i` starts a class of the LC outline with a class number
/// of at most four digits.
pub(super) fn looks_like_lc(t: &[Token<'_>], i: usize) -> bool {
    i < t.len()
        && lc_class_at(t, i)
        && in_lc_outline(&t[i].text.to_ascii_uppercase())
        && t[i + 1].text.len() <= 4
}

/// For [`super::detect_scheme`]: token `i` is a three-digit number (set off from any prefix
/// before it) followed by the end, a point, white space, a letter, or a segmentation mark or
/// slash (`005.13/3`, `340/Smi`, `340'.0262`), or a hyphen before a word (`346.73-Kin`).
pub(super) fn looks_like_ddc(t: &[Token<'_>], i: usize) -> bool {
    let Some(n) = t.get(i) else { return false };
    n.is_num()
        && n.text.len() == 3
        && (i == 0 || !n.touches())
        && t.get(i + 1).is_none_or(|x| {
            x.touches()
                || x.before.starts_with(['.', '/', '\'', '’', '′'])
                || x.before.starts_with(char::is_whitespace)
                || (x.is_word() && x.before == "-")
        })
}

/// For [`super::guess::fits`]: an LC call number whose class letters are in the LC outline, with a
/// class number of at most four digits (any words before the class are a prefix).
pub(super) fn lc_fits(cn: &str) -> bool {
    let t = tokenize(cn);
    let mut i = 0;
    while i < t.len() && t[i].is_word() && !lc_class_at(&t, i) {
        i += 1;
    }
    i < t.len() && t[i].is_word() && looks_like_lc(&t, i)
}

/// For [`super::guess::fits`]: a Dewey call number whose first number is three digits set off as
/// [`looks_like_ddc`] wants (any words before it are a prefix), unless the word right before it
/// is LC class letters of the outline that are not a known location prefix: `HD 100 .S6` is LC
/// HD100, not Dewey 100 shelved under "HD" (`R 131`, `J 398.2`, `LAW 346.73` stay Dewey fits).
pub(super) fn ddc_fits(cn: &str) -> bool {
    let t = tokenize(cn);
    t.iter().position(|x| x.is_num()).is_some_and(|i| {
        looks_like_ddc(&t, i)
            && !(i > 0
                && looks_like_lc(&t, i - 1)
                && !super::KNOWN_PREFIXES.contains(&t[i - 1].text.to_ascii_uppercase().as_str()))
    })
}

/// A key (without the scheme letter) and what was odd about the call number.
pub(super) struct Parsed {
    pub key: String,
    pub warnings: Vec<String>,
    /// Index (in the call number's tokens) of the word that starts its first designation
    /// (`v.3`, `no. 9`, `Suppl.`): where the item's own enumeration begins, if it has one.
    pub designation_at: Option<usize>,
}

/// An LC call number (LC Filing Rules; Classification and Shelflisting Manual G 60, G 63, G 100):
/// `[prefix] LETTERS NUMBER[.DECIMAL] [date or ordinal] [.Cutter [date] [Cutter [Cutter]]] [date[work
/// letters]] [volume, copy, supplement…]`.
///
/// - Class letters file alphabetically, a letter alone before it with a second letter
///   (`A` < `AB` < `B`; `K` < `KF` < `KFN`): the letters are followed by the length digit of the
///   class number, and digits are below letters.
/// - The class number files as a whole number, then its decimal part as a decimal
///   (`1` < `10` < `100`; `QA76.73` < `QA76.9` < `QA77`).
/// - Cutter numbers are decimals: `.B59` < `.B592` < `.B6`, `.A2` < `.A21`.
pub(super) fn lc(cn: &str) -> Result<Parsed, String> {
    let t = tokenize(cn);
    if t.is_empty() {
        return Err(empty_reason(cn));
    }
    let mut i = 0;
    while i < t.len() && t[i].is_word() && !lc_class_at(&t, i) {
        i += 1;
    }
    if i == t.len() || !t[i].is_word() {
        return Err(
            "no LC class (one to three letters followed by a class number) was found".into(),
        );
    }
    let letters = t[i].text.to_ascii_uppercase();
    let number = t[i + 1].text;
    if number.len() > 4 {
        return Err(format!(
            "the LC class number {number} has more than four digits"
        ));
    }
    let mut warnings = Vec::new();
    if !in_lc_outline(&letters) {
        warnings.push(format!(
            "{letters} is not a class of the LC outline; filed by its letters anyway"
        ));
    }
    let mut key = prefix(&t[..i])?;
    key.push_str(&letters);
    push_number(&mut key, number);
    let mut j = i + 2;
    // `PQ4453.10th`: an ordinal after the point is a number of its own, not a decimal (LC
    // shelflisting files it by its value after the plain class number, CSM G 60).
    if let Some(d) = t
        .get(j)
        .filter(|d| d.is_num() && d.after_point() && !ordinal_follows(&t[j + 1..], d.text))
    {
        key.push_str(d.text.trim_end_matches('0'));
        j += 1;
    }
    let designation_at = elements(&t[j..], Scheme::Lcc, &mut key, &mut warnings).map(|d| d + j);
    Ok(Parsed {
        key,
        warnings,
        designation_at,
    })
}

/// A Dewey call number (DDC introduction: the notation is a decimal fraction, at least three
/// digits before the point): `[prefix] DDD[.DDD…] [Cutter or author letters[work mark]] [date]
/// [volume, copy, supplement…]`.
///
/// - The class number files digit by digit as a decimal: `005.133` < `005.2` < `005.75`,
///   `341` < `341.0262` < `341.2`. Segmentation marks (`005.13/3`, `005.13'3`) are ignored.
/// - Cutter and Cutter-Sanborn numbers are decimals (`B6` < `B61` < `B612` < `B62`), with the
///   work mark after them (`D55` < `D55g` < `D56`); letters-only author marks (`SMI`) file
///   alphabetically.
/// - A call number with no three-digit number (`FIC SMITH`, `B LINCOLN`) is not read; it files
///   after the Dewey numbers in natural order (see [`super::natural`]).
pub(super) fn ddc(cn: &str) -> Result<Parsed, String> {
    let t = tokenize(cn);
    if t.is_empty() {
        return Err(empty_reason(cn));
    }
    const NONE: &str = "no Dewey number (three digits before the point) was found";
    let i = t.iter().position(|x| x.is_num()).ok_or(NONE)?;
    let number = t[i].text;
    if number.len() != 3 {
        return Err(format!(
            "{NONE} (the first number, {number}, has {} digits)",
            number.len()
        ));
    }
    let mut key = prefix(&t[..i])?;
    key.push_str(number);
    let mut j = i + 1;
    if t.get(j).is_some_and(|d| d.is_num() && d.after_point()) {
        let mut decimals = t[j].text.to_string();
        j += 1;
        while let Some(d) = t
            .get(j)
            .filter(|d| d.is_num() && matches!(d.before, "/" | "'" | "’" | "′"))
        {
            decimals.push_str(d.text);
            j += 1;
        }
        key.push_str(decimals.trim_end_matches('0'));
    }
    let mut warnings = Vec::new();
    let designation_at = elements(&t[j..], Scheme::Ddc, &mut key, &mut warnings).map(|d| d + j);
    Ok(Parsed {
        key,
        warnings,
        designation_at,
    })
}

fn empty_reason(cn: &str) -> String {
    if cn.trim().is_empty() {
        "the call number is empty"
    } else {
        "the call number has no letter or digit"
    }
    .into()
}

/// The prefix group: the words before the class, upper case, joined by `-`, then a space (so that
/// no prefix files first, and `REF` before `REF DESK` before `REFA`).
fn prefix(words: &[Token<'_>]) -> Result<String, String> {
    let mut key = String::new();
    for (n, w) in words.iter().enumerate() {
        if !w.is_ascii_word() {
            return Err(format!(
                "the prefix word “{}” has letters other than A–Z",
                w.text
            ));
        }
        if n > 0 {
            key.push('-');
        }
        key.push_str(&w.text.to_ascii_uppercase());
    }
    key.push(' ');
    Ok(key)
}

/// Writes the elements after the class number. An LC Cutter has one to three letters; a Dewey
/// Cutter any number, and in Dewey a word without digits is an author mark (`823.912 SMI`).
/// Returns the index in `t` of the first designation, if any.
fn elements(
    t: &[Token<'_>],
    scheme: Scheme,
    key: &mut String,
    warnings: &mut Vec<String>,
) -> Option<usize> {
    let cutter_letters = if scheme == Scheme::Lcc { 3 } else { usize::MAX };
    let mut first_designation = None;
    let mut j = 0;
    // The element just written was a Cutter: a word after it is in the place of a title mark.
    let mut after_cutter = false;
    while j < t.len() {
        let tok = t[j];
        let cutter_before = std::mem::take(&mut after_cutter);
        if tok.is_num() {
            key.push(NUMBER);
            push_number(key, tok.text);
            j += 1 + suffix(&t[j + 1..], tok.text, key);
            continue;
        }
        let next_num = t.get(j + 1).filter(|n| n.is_num());
        // `v.2`, `copy 3`, `Suppl.`: a designation word set off from its number (`V2` touching
        // its digits is a Cutter).
        if let Some(rank) = designation(&tok.text.to_lowercase()) {
            match next_num {
                Some(n) if !n.touches() => {
                    first_designation.get_or_insert(j);
                    key.push(DESIGNATION);
                    key.push(rank);
                    push_number(key, n.text);
                    j += 2 + suffix(&t[j + 2..], n.text, key);
                    continue;
                }
                _ if matches!(rank, SUPPLEMENT | INDEX) => {
                    first_designation.get_or_insert(j);
                    key.push(DESIGNATION);
                    key.push(rank);
                    j += 1;
                    continue;
                }
                // `v. IX`, `t. II`: a Roman numeral set off after a designation is its number
                // (`pt. C`, a letter alone, is not: `roman` leaves out L, C, D and M alone).
                _ => {
                    let numeral = t.get(j + 1).filter(|w| w.is_ascii_word() && !w.touches());
                    if let Some(r) = numeral
                        .and_then(|w| super::enumeration::roman(&w.text.to_ascii_lowercase()))
                    {
                        first_designation.get_or_insert(j);
                        key.push(DESIGNATION);
                        key.push(rank);
                        push_number(key, &r.to_string());
                        j += 2;
                        continue;
                    }
                }
            }
        }
        if tok.is_ascii_word() && tok.text.len() <= cutter_letters {
            if let Some(n) = next_num.filter(|n| n.touches()) {
                key.push(CUTTER);
                key.push_str(&tok.text.to_ascii_uppercase());
                key.push_str(n.text.trim_end_matches('0'));
                j += 2;
                j += work_letters(&t[j..], key);
                after_cutter = true;
                continue;
            }
            // A Cutter of letters only: Dewey author marks (`SMI`); in LC a letter alone
            // (`M5 .L`, CSM G 60) and the letters-only title marks of fiction classes (PZ7
            // `.S8 Bs`), filed as Cutters ("nothing before something": `.L` < `.L2` < `.M`).
            // A designation word without its number or an edition word stays text.
            // A title mark that happens to spell a designation or edition word (PZ7 `.S8 No`,
            // `Bk`, `Ed`: a capital, then small letters, right after a Cutter, no number after
            // it) is a title mark too.
            let title_mark = cutter_before
                && next_num.is_none()
                && tok.text.starts_with(|c: char| c.is_ascii_uppercase())
                && tok.text[1..].bytes().all(|b| b.is_ascii_lowercase());
            if scheme == Scheme::Ddc || title_mark || !not_a_cutter(&tok.text.to_lowercase()) {
                key.push(CUTTER);
                key.push_str(&tok.text.to_ascii_uppercase());
                j += 1;
                after_cutter = true;
                continue;
            }
        }
        key.push(TEXT);
        key.extend(tok.text.chars().flat_map(char::to_uppercase));
        warnings.push(format!(
            "“{}” is not a Cutter number, date or designation; filed as text",
            tok.text
        ));
        j += 1;
    }
    first_designation
}

/// Words of at most three letters that are not a letters-only Cutter in an LC call number.
fn not_a_cutter(word: &str) -> bool {
    designation(word).is_some() || matches!(word, "ed" | "eds" | "edn")
}

/// An ordinal ending (`th`, `d`, …) touches the number `number` (the tokens after it).
fn ordinal_follows(rest: &[Token<'_>], number: &str) -> bool {
    rest.first().is_some_and(|w| {
        w.is_word() && w.touches() && number.len() <= 3 && is_ordinal(&w.text.to_lowercase())
    })
}

/// After a number: drops an ordinal ending (`15th`, `2d`: a number of at most three digits) or
/// writes work letters (`1990a`). Returns how many tokens it used.
fn suffix(rest: &[Token<'_>], number: &str, key: &mut String) -> usize {
    if ordinal_follows(rest, number) {
        1
    } else {
        work_letters(rest, key)
    }
}

fn is_ordinal(s: &str) -> bool {
    matches!(s, "st" | "nd" | "rd" | "th" | "d")
}

/// Work letters: up to three letters touching the Cutter or date before them and not followed by
/// digits (`J38C2` is two Cutters). Returns how many tokens it used.
fn work_letters(rest: &[Token<'_>], key: &mut String) -> usize {
    match rest {
        [w, n, ..] if n.is_num() && n.touches() && w.is_word() => 0,
        [w, ..] if w.is_ascii_word() && w.touches() && w.text.len() <= 3 => {
            key.push(WORK_LETTERS);
            key.push_str(&w.text.to_ascii_lowercase());
            1
        }
        _ => 0,
    }
}
