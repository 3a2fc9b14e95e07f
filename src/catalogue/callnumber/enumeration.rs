//! The shelf key of an item: its call number's key, then its enumeration and chronology, then its
//! copy number, so that the copies and volumes of one call number stand in true order.
//!
//! An item's volume, part, issue or date (its enumeration and chronology: MARC 21 Holdings 852 $3,
//! 863–865, Koha 952 $h) and its copy number (852 $t) are kept apart from the call number. In
//! the key the enumeration follows a classed call number's key with the marks of the call
//! number's own designations and dates, so that a volume typed in the enumeration field and one
//! typed at the end of the call number (`K1 .Y3 v.3`, split off by [`item_key`]) file alike; it
//! follows a local one after [`ITEM`], a character below every character a call-number key
//! continues with. The copy number comes last, after [`ITEM`].
//!
//! The enumeration is read as the designations of CSM G 615/G 155 are in a call number (module
//! `classed`): designation words with their numbers (`v.2`, `no. 10`, `pt. 2`), numbers and years
//! by value (`v.2` < `v.10`, `2019` < `2020`), a supplement or index after the volume or part it
//! follows (`v.2` < `v.2 suppl.` < `v.3`; `Suppl.` alone after every volume), "nothing before
//! something" (`v.2` < `v.2 no.1`). In a chronology a month or season files by its place in the
//! year, and a month named with its year files by the year first (`Dec. 2019` < `Jan. 2020`).
//! Months and seasons are read in English, German, French, Spanish, Italian and Portuguese
//! (`Dez. 2019` < `janv. 2020` < `März 2020`), a numeric date by its separators (`15.03.2020` day
//! first, `3/15/2020` month first, `03/2020`), and the designations of those languages as their
//! English equivalents (`Jahrg.`, `Jg.`, `tomo` volume; `Lfg.` part; `Erg.-Bd.`, `Nachtrag`
//! supplement; `Register` index). A Roman numeral standing alone (`II`, `XIV`, `iv`) is a number.
//! Other words file by their letters, case ignored. The copy number files by value (`2` < `10`;
//! `c.2`, `copy 2` and `2` alike); an item with neither files first.

use super::classed::designation;
use super::tokens::tokenize;
use super::{push_number, sort_key, Scheme, SortKey};

/// Separates the copy number from what comes before it, and a local (or unread, or empty) call
/// number's key from the item's enumeration: the control character US (unit separator), below
/// every character of a call-number key.
pub const ITEM: char = '\u{1f}';

/// Marks of the item part, in filing order when two differ at the same place (as in `classed`):
/// a designation, then a number, then a word.
const DESIGNATION: char = '#';
const NUMBER: char = '+';
const WORD: char = '-';

/// The shelf key of an item whose call number's key (from [`super::sort_key`]; empty for an item
/// without a call number) is `call_number_key`. Byte order of the keys is shelf order.
///
/// - A classed call number that was read (LC, Dewey): the enumeration's key follows the call
///   number's key directly, with the same marks as the call number's own designations and dates,
///   so that an item's enumeration files exactly as the same words typed at the end of its call
///   number would (`K1 .Y3` with `2019 suppl.` as `K1 .Y3 2019 suppl.`; `v.2` before the later
///   edition `1990`, a year by its value among the editions).
/// - A local call number, one that was not read, or none: [`ITEM`], then the enumeration's key,
///   so that the items of one local shelf mark stand together right after it.
///
/// Then, when the item has a copy number, [`ITEM`] and the copy number's key: copies of one volume
/// stand together, in order, before the next volume or a longer enumeration (`v.2` c.1, `v.2`
/// c.2, `v.2 no.1`). For a call number typed with a volume in it (`K1 .Y3 v.10`) use
/// [`item_key`], which splits it off first.
pub fn item_shelf_key(
    call_number_key: &str,
    enumeration: Option<&str>,
    copy_number: Option<&str>,
) -> String {
    let enumeration = enumeration.map(str::trim).filter(|s| !s.is_empty());
    let copy_number = copy_number.map(str::trim).filter(|s| !s.is_empty());
    let mut key = call_number_key.to_string();
    if enumeration.is_none() && copy_number.is_none() {
        return key;
    }
    let classed = call_number_key.starts_with(['D', 'L'])
        && !call_number_key[1..].starts_with(super::UNPARSED);
    if !classed {
        key.push(ITEM);
    }
    if let Some(e) = enumeration {
        key.push_str(&enumeration_key(e));
    }
    if let Some(c) = copy_number {
        key.push(ITEM);
        key.push_str(&copy_key(c));
    }
    key
}

/// The shelf key of an item (in [`SortKey::key`]) and what was odd about its call number: the
/// item's call number `call_number` read by the rules of `scheme`, its `enumeration` (volume,
/// part, issue, date: MARC 21 Holdings 852 $3) and its `copy_number` (852 $t).
///
/// A volume typed into the call number (`PQ2040 .A1 1959 v.3`, `340 SMI v.2`, `K1 .Y3 no. 9`,
/// `K1 .Y3 2019 suppl.`, as systems that keep it there export it) is split off
/// ([`split_enumeration`]) and keyed with the enumeration, before it: the item files exactly as
/// one with that volume in its enumeration field, so both kinds interleave by number
/// (`v.2` < `v.3` < `v.10`). A copy designation at its end (`v.3 c.2`) is the copy number when
/// the item has none. The warning is that of the call number without the split-off volume.
pub fn item_key(
    call_number: &str,
    scheme: Scheme,
    enumeration: Option<&str>,
    copy_number: Option<&str>,
) -> SortKey {
    let call_number = call_number.trim();
    let (head, tail) = split_enumeration(call_number, scheme);
    let cn = if call_number.is_empty() {
        SortKey {
            key: String::new(),
            parsed: true,
            warning: None,
        }
    } else {
        sort_key(head, scheme)
    };
    let copy_number = copy_number.map(str::trim).filter(|c| !c.is_empty());
    let (tail, tail_copy) = match copy_number {
        Some(_) => (tail, None),
        None => split_copy(tail),
    };
    let (tail, enumeration) = (tail.trim(), enumeration.unwrap_or("").trim());
    // The volume in both places (852 $h `K1 .Y3 v.2` with $3 `v.2`, as some systems export it)
    // counts once.
    let enumeration = if !tail.is_empty()
        && !enumeration.is_empty()
        && enumeration_key(enumeration).starts_with(&enumeration_key(tail))
    {
        enumeration.to_string()
    } else {
        [tail, enumeration]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    SortKey {
        key: item_shelf_key(&cn.key, Some(&enumeration), copy_number.or(tail_copy)),
        ..cn
    }
}

/// Splits `call_number` (read by the rules of `scheme`) before the volume typed at its end:
/// (the call number proper, the volume and what follows it), e.g. (`PQ2040 .A1 1959`, `v.3`),
/// (`K1 .Y3 2019`, `suppl.`). The volume starts at the first designation the scheme's rules read
/// as one (module `classed`: `v.3`, `no. 9`, `pt. 2`, `c.2`, `Suppl.`, `Index`; `V2` touching its
/// digits is a Cutter), after the class number; in a local call number at a designation word set
/// off from its number after the first word (`Box 2 v.3`). A date stays with the call number (an
/// edition date, CSM G 140): the same year as an enumeration files at the same place. `(whole,
/// "")` when there is no volume or the call number cannot be read.
pub fn split_enumeration(call_number: &str, scheme: Scheme) -> (&str, &str) {
    let cn = call_number.trim();
    let t = tokenize(cn);
    let at = match scheme {
        Scheme::Lcc => super::classed::lc(cn).ok().and_then(|p| p.designation_at),
        Scheme::Ddc => super::classed::ddc(cn).ok().and_then(|p| p.designation_at),
        Scheme::Local => (1..t.len()).find(|&i| {
            t[i].is_word()
                && !t[i].touches()
                && designation(&t[i].text.to_lowercase()).is_some()
                && t.get(i + 1).is_some_and(|n| n.is_num() && !n.touches())
        }),
    };
    match at.and_then(|i| t.get(i)) {
        Some(tok) => {
            // Tokens are slices of `cn`.
            let off = tok.text.as_ptr() as usize - cn.as_ptr() as usize;
            let head = cn[..off].trim_end();
            if head.is_empty() {
                (cn, "")
            } else {
                (head, &cn[off..])
            }
        }
        None => (cn, ""),
    }
}

/// A copy designation with its number at the end of a volume split off a call number (`v.3 c.2`,
/// `copy 2`): (the rest, the copy number).
fn split_copy(tail: &str) -> (&str, Option<&str>) {
    let t = tokenize(tail);
    match t.as_slice() {
        [.., w, n]
            if n.is_num()
                && !n.touches()
                && w.is_word()
                && matches!(w.text.to_lowercase().as_str(), "c" | "cop" | "copy") =>
        {
            let off = w.text.as_ptr() as usize - tail.as_ptr() as usize;
            (tail[..off].trim_end(), Some(n.text))
        }
        _ => (tail, None),
    }
}

/// One element of an enumeration.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Elem {
    /// A designation word (its rank in `classed`) with its number, if any.
    Designation(char, Option<String>),
    /// A number (digits, leading zeros dropped by the key) and what it is in a chronology.
    Number(String, Chron),
    /// Any other word, lower case.
    Word(String),
}

/// What a number is in a chronology, for putting the year of a month first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Chron {
    Year,
    Month,
    Other,
}

/// The place in the year of a month or season name (English, abbreviated or not; lower case,
/// without its point). Seasons after the months (MARC 21 Holdings 863 $i–$l codes 21–24 are
/// seasons, kept after 01–12 the same way).
fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    // "Sept", "March", "Mar": a leading part of the month's name, at least three letters.
    if word.len() >= 3 {
        if let Some(i) = MONTHS.iter().position(|m| m.starts_with(word)) {
            return Some(i as u32 + 1);
        }
    }
    // German, French, Spanish, Italian and Portuguese names and their usual abbreviations, as
    // the issues of a law or art serial from those countries are marked ("Dez. 2019", "févr.
    // 2020", "genn. 2020"); listed whole, since their leading letters collide ("mar", "ma").
    Some(match word {
        "januar" | "jänner" | "jän" | "janv" | "janvier" | "enero" | "ene" | "gennaio" | "genn"
        | "gen" | "janeiro" => 1,
        "februar" | "feber" | "febr" | "févr" | "fevr" | "fév" | "fev" | "février" | "fevrier"
        | "febrero" | "febbraio" | "febb" | "fevereiro" => 2,
        "märz" | "maerz" | "mär" | "mrz" | "mars" | "marzo" | "março" | "marco" => 3,
        "avr" | "avril" | "abril" | "abr" | "aprile" => 4,
        "mai" | "mayo" | "maggio" | "magg" | "maio" => 5,
        "juni" | "juin" | "junio" | "giugno" | "giu" | "junho" => 6,
        "juli" | "juil" | "juillet" | "julio" | "luglio" | "lug" | "julho" => 7,
        "août" | "aout" | "agosto" | "ago" => 8,
        "septembre" | "septiembre" | "settembre" | "sett" | "setembro" => 9,
        "okt" | "oktober" | "octobre" | "octubre" | "ottobre" | "ott" | "outubro" | "out" => 10,
        "novembre" | "noviembre" | "novembro" => 11,
        "dez" | "dezember" | "déc" | "décembre" | "decembre" | "diciembre" | "dicembre" | "dic"
        | "dezembro" => 12,
        "spring" | "spr" | "frühjahr" | "frühling" | "printemps" | "primavera" => 21,
        "summer" | "sum" | "sommer" | "été" | "ete" | "verano" | "estate" | "verão" => 22,
        "autumn" | "fall" | "aut" | "herbst" | "automne" | "otoño" | "autunno" | "outono" => 23,
        "winter" | "win" | "wint" | "hiver" | "invierno" | "inverno" => 24,
        _ => return None,
    })
}

/// The designation words of an item's own enumeration: those of call numbers
/// ([`designation`]) and the German, French, Spanish and Italian ones serials and looseleafs
/// carry (Jahrgang a periodical's annual volume, tomo, Lieferung an instalment, Register an
/// index, Ergänzungsband a supplementary volume), each filed as its English equivalent.
fn item_designation(word: &str) -> Option<char> {
    designation(word).or_else(|| {
        designation(match word {
            "jahrg" | "jahrgang" | "jg" | "tomo" | "tom" => "v",
            "lfg" | "lieferung" | "livr" | "livraison" | "abt" | "abteilung" => "pt",
            "erg" | "ergbd" | "ergänzungsband" | "nachtrag" | "nachtr" | "beiheft" | "beih"
            | "supplément" => "suppl",
            "register" | "reg" | "gesamtregister" | "índice" | "indice" => "index",
            _ => return None,
        })
    })
}

/// A word that is a Roman numeral standing alone as a volume or part number ("II", "XIV",
/// "iv"): in capitals of I, V, X, L, C, or in small letters of i, v, x only, so that words
/// ("mix", "CD" for a disc) are not read as numbers.
fn bare_roman(text: &str) -> Option<u32> {
    let upper = text.bytes().all(|b| b"IVXLC".contains(&b));
    let lower = text.bytes().all(|b| b"ivx".contains(&b));
    if upper || lower {
        roman(&text.to_ascii_lowercase())
    } else {
        None
    }
}

/// What the numbers of a numeric date are, by their separators: `15.03.2020` (day, month,
/// year, the European order), `3/15/2020` and `3-15-2020` (month, day, year, the US order),
/// `03/2020` and `03.2020` (month, year); `None` for a number that is not part of one. A date
/// written year first (`2020-03-15`) needs nothing: it already files by year, month, day.
fn numeric_dates(t: &[super::tokens::Token<'_>]) -> Vec<Option<Chron>> {
    let mut hints = vec![None; t.len()];
    let small = |i: usize, max: u32| {
        t.get(i).is_some_and(|x| {
            x.is_num()
                && x.text.len() <= 2
                && x.text.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
        })
    };
    let year = |i: usize| {
        t.get(i).is_some_and(|x| {
            x.is_num() && x.text.len() == 4 && matches!(x.text.as_bytes()[0], b'1' | b'2')
        })
    };
    let mut i = 0;
    while i < t.len() {
        let sep = |k: usize| {
            t.get(k)
                .map(|x| x.before)
                .filter(|b| matches!(*b, "." | "/" | "-"))
        };
        if year(i + 2) && sep(i + 1).is_some() && sep(i + 1) == sep(i + 2) {
            let (first, second) = if sep(i + 1) == Some(".") {
                (Chron::Other, Chron::Month)
            } else {
                (Chron::Month, Chron::Other)
            };
            let month_at = if first == Chron::Month { i } else { i + 1 };
            if small(i, 31) && small(i + 1, 31) && small(month_at, 12) {
                hints[i] = Some(first);
                hints[i + 1] = Some(second);
                i += 3;
                continue;
            }
        }
        if year(i + 1) && small(i, 12) && matches!(sep(i + 1), Some("/" | ".")) {
            hints[i] = Some(Chron::Month);
            i += 2;
            continue;
        }
        i += 1;
    }
    hints
}

/// The value of a Roman numeral written in lower case (`iv` 4, `xii` 12, `mcmxc` 1990), only when
/// it is written the usual way (each value at most three times running, subtractive pairs IV, IX,
/// XL, XC, CD, CM), and not a lone L, C, D or M.
pub(super) fn roman(word: &str) -> Option<u32> {
    let value = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    // `pt. C`, `pt. D`: one of these letters alone names a part by letter, not 100 or 500.
    if word.is_empty() || matches!(word, "l" | "c" | "d" | "m") {
        return None;
    }
    let digits: Vec<u32> = word.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(&next) if next > d => total -= d as i64,
            _ => total += d as i64,
        }
    }
    let n = u32::try_from(total).ok().filter(|&n| n > 0)?;
    // Written back the usual way, it must be the same word.
    (to_roman(n) == word).then_some(n)
}

fn to_roman(mut n: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, p) in PARTS {
        while n >= v {
            s.push_str(p);
            n -= v;
        }
    }
    s
}

fn elements(s: &str) -> Vec<Elem> {
    let t = tokenize(s);
    let dates = numeric_dates(&t);
    let mut out = Vec::new();
    let mut j = 0;
    while j < t.len() {
        let tok = t[j];
        if tok.is_num() {
            let chron = if let Some(c) = dates[j] {
                c
            } else if tok.text.len() == 4 && matches!(tok.text.as_bytes()[0], b'1' | b'2') {
                Chron::Year
            } else {
                Chron::Other
            };
            out.push(Elem::Number(tok.text.to_string(), chron));
            j += 1;
            // An ordinal ending ("2nd ser."), dropped.
            if t.get(j).is_some_and(|w| {
                w.is_word()
                    && w.touches()
                    && matches!(
                        w.text.to_lowercase().as_str(),
                        "st" | "nd" | "rd" | "th" | "d"
                    )
            }) {
                j += 1;
            }
            continue;
        }
        let word = tok.text.to_lowercase();
        if let Some(rank) = item_designation(&word) {
            // In an item's own field there are no Cutters: `v2` is volume 2 too; `t. III`,
            // `Bd. xii`: a Roman numeral after a designation is its number.
            let next = t.get(j + 1);
            let roman = next
                .filter(|w| w.is_word())
                .and_then(|w| roman(&w.text.to_ascii_lowercase()));
            match (next.filter(|n| n.is_num()), roman) {
                (Some(n), _) => {
                    out.push(Elem::Designation(rank, Some(n.text.to_string())));
                    j += 2;
                }
                (None, Some(r)) => {
                    out.push(Elem::Designation(rank, Some(r.to_string())));
                    j += 2;
                }
                // `pt. C`: a letter alone (no number after it) names the part.
                (None, None)
                    if next.is_some_and(|w| w.is_word() && w.text.chars().count() == 1)
                        && !t.get(j + 2).is_some_and(|n| n.is_num()) =>
                {
                    out.push(Elem::Designation(rank, None));
                    out.push(Elem::Word(next.unwrap().text.to_lowercase()));
                    j += 2;
                }
                // "V" alone is volume five, not "volume" without a number.
                (None, None)
                    if next.is_none_or(|w| !w.is_word()) && bare_roman(tok.text).is_some() =>
                {
                    let n = bare_roman(tok.text).unwrap_or_default();
                    out.push(Elem::Number(n.to_string(), Chron::Other));
                    j += 1;
                }
                (None, None) => {
                    out.push(Elem::Designation(rank, None));
                    j += 1;
                }
            }
            continue;
        }
        if let Some(m) = month(&word) {
            out.push(Elem::Number(m.to_string(), Chron::Month));
        } else if let Some(n) = bare_roman(tok.text) {
            out.push(Elem::Number(n.to_string(), Chron::Other));
        } else {
            out.push(Elem::Word(word));
        }
        j += 1;
    }
    // A run of numbers that names a month and its year ("Jan. 15, 2020", "Dec. 2019") files by
    // the year, then the month, then the day.
    let mut i = 0;
    while i < out.len() {
        let end = (i..out.len())
            .find(|&k| !matches!(out[k], Elem::Number(..)))
            .unwrap_or(out.len());
        let run = &mut out[i..end];
        let has = |c: Chron| {
            run.iter()
                .any(|e| matches!(e, Elem::Number(_, x) if *x == c))
        };
        if has(Chron::Year) && has(Chron::Month) {
            run.sort_by_key(|e| match e {
                Elem::Number(_, c) => *c,
                _ => Chron::Other,
            });
        }
        i = end + 1;
    }
    out
}

/// The key of an enumeration and chronology ("v.2", "no. 10", "2019", "v.2 suppl.",
/// "v.5 no.3 (Mar. 2020)"): see the module documentation.
pub fn enumeration_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len() + 4);
    for e in elements(s) {
        match e {
            Elem::Designation(rank, n) => {
                key.push(DESIGNATION);
                key.push(rank);
                if let Some(n) = n {
                    push_number(&mut key, &n);
                }
            }
            Elem::Number(n, _) => {
                key.push(NUMBER);
                push_number(&mut key, &n);
            }
            Elem::Word(w) => {
                key.push(WORD);
                key.push_str(&w);
            }
        }
    }
    key
}

/// The key of a copy number ("2", "c.2", "copy 2"): its numbers by value and its words, the
/// copy designation left out.
fn copy_key(s: &str) -> String {
    let mut key = String::new();
    for tok in tokenize(s) {
        if tok.is_num() {
            key.push(NUMBER);
            push_number(&mut key, tok.text);
        } else {
            let w = tok.text.to_lowercase();
            if !matches!(w.as_str(), "c" | "cop" | "copy") {
                key.push(WORD);
                key.push_str(&w);
            }
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_order(list: &[&str]) {
        for w in list.windows(2) {
            let (a, b) = (enumeration_key(w[0]), enumeration_key(w[1]));
            assert!(
                a < b,
                "{:?} ({a:?}) should file before {:?} ({b:?})",
                w[0],
                w[1]
            );
        }
    }

    #[test]
    fn volumes_numbers_and_years_by_value() {
        assert_order(&["v.1", "v.2", "v.9", "v.10", "v.100"]);
        assert_order(&["no. 1", "no. 9", "no. 10", "no. 11"]);
        assert_order(&["1999", "2019", "2020"]);
        assert_order(&["v.2", "v.2 no.1", "v.2 no.2", "v.2 no.10", "v.3"]);
        assert_order(&["pt. 1", "pt. 2", "pt. 2 suppl.", "pt. 3"]);
        assert_order(&[
            "v.2",
            "v.2 suppl.",
            "v.3",
            "v.10",
            "Suppl.",
            "Suppl. 2",
            "Index",
        ]);
        assert_order(&["2nd ser.", "10th ser."]);
    }

    #[test]
    fn spellings_of_one_designation_file_alike() {
        let want = enumeration_key("v.2");
        for v in ["V. 2", "vol. 2", "Vol 2", "v2", "volume 2", "v.02"] {
            assert_eq!(enumeration_key(v), want, "{v}");
        }
        assert_eq!(enumeration_key("suppl."), enumeration_key("Suppl"));
        assert_eq!(enumeration_key("Supplement"), enumeration_key("suppl."));
        assert_eq!(enumeration_key("t. II"), enumeration_key("t. 2"));
        assert_eq!(enumeration_key("Bd. xii"), enumeration_key("Bd. 12"));
        assert_order(&["v. IV", "v. IX", "v. X", "v. XL"]);
        // Not a numeral written the usual way: a word.
        assert_eq!(roman("iiii"), None);
        assert_order(&["pt. A", "pt. B", "pt. C", "pt. D"]);
        assert_eq!(roman("mcmxc"), Some(1990));
    }

    #[test]
    fn months_file_by_their_place_and_year() {
        assert_order(&["Jan. 2020", "Feb. 2020", "Sept. 2020", "Dec. 2020"]);
        assert_order(&["Dec. 2019", "Jan. 2020"]);
        assert_order(&["v.5 no.3 (Mar. 2020)", "v.5 no.4 (Apr. 2020)"]);
        assert_order(&["2020 Spring", "2020 Summer", "2020 Fall", "2020 Winter"]);
        assert_eq!(enumeration_key("2020 Jan."), enumeration_key("Jan. 2020"));
    }

    #[test]
    fn the_item_part_follows_the_call_number_and_copies_come_last() {
        let k = "L QA276.B6";
        let keys: Vec<String> = [
            (None, None),
            (None, Some("2")),
            (Some("v.2"), None),
            (Some("v.2"), Some("1")),
            (Some("v.2"), Some("c.2")),
            (Some("v.2"), Some("copy 10")),
            (Some("v.2 suppl."), None),
            (Some("v.10"), Some("1")),
        ]
        .iter()
        .map(|(e, c)| item_shelf_key(k, *e, *c))
        .collect();
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{:?} < {:?}", w[0], w[1]);
        }
        assert!(keys.iter().all(|x| x.starts_with(k)));
        assert!(
            keys.last().unwrap() < &format!("{k}+41990"),
            "before a later edition"
        );
        assert_eq!(item_shelf_key(k, Some(" "), Some("")), k);
    }
}
