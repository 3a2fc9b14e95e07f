//! What the catalogue reads out of a MARC 21 record for display and search.
//!
//! Fields follow MARC 21 Bibliographic (and, for records that are headings rather than
//! descriptions, MARC 21 Authority 1XX). ISBD punctuation that ends a subfield (" /", " :", " ;",
//! a final ".") is trimmed for display.

use carrel_marc::{Field, Record};

/// Display and index values of one record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extract {
    /// Title for display: MARC 21 Bibliographic 245 $a $b $f $g $k $n $p $s, else the 1XX heading or 240; never empty ("[Book 123, no title]").
    pub title: String,
    /// Statement of responsibility (245 $c), else the main entry (100/110/111 $a $b $c $d $q); `None` when neither.
    pub responsibility: Option<String>,
    /// Edition statement (250 $a $b).
    pub edition: Option<String>,
    /// Place : publisher, date, from 264 (second indicator 1), else 260 (ISBD punctuation), e.g. "London : Sweet & Maxwell, 2019".
    pub publication: Option<String>,
    /// Publication year, four digits: the first year in 264/260 $c, else 008/07-10 (Date 1).
    pub date: Option<String>,
    /// Physical description (300 $a $b $c $e), e.g. "xii, 340 p. : ill. ; 24 cm".
    pub physical_description: Option<String>,
    /// Series statements and added entries (490, 830, 440 $a $n $p $v), without repeats.
    pub series: Vec<String>,
    /// Personal, corporate and meeting names for search: 100/110/111, 700/710/711 (and authority 400/410/411) $a $b $c $d $q.
    pub names: Vec<String>,
    /// Subject headings (6XX but 655) with their subdivisions ($v $x $y $z) joined by " -- ", without repeats.
    pub subjects: Vec<String>,
    /// Notes: every lettered subfield of each 5XX field, then 505 as "Contents: …".
    pub notes: Vec<String>,
    /// (kind, value, qualifier) — kind is "ISBN", "ISSN", "LCCN" or "Control number".
    pub identifiers: Vec<(String, String, Option<String>)>,
    /// Format label from leader/06-07 ([`format_label`]), e.g. "Book", "Serial", "Map".
    pub format: String,
    /// Text in the original script (MARC 21 880, Alternate Graphic Representation), with the tag
    /// of the field it stands for (from 880 $6, e.g. "245" for a vernacular title).
    pub vernacular: Vec<(String, String)>,
    /// Title for sorting: 245 $a $b $n $p without the non-filing characters that 245 indicator 2
    /// counts ("The ", "Die "), folded by [`sort_fold`].
    pub filing_title: String,
    /// Author for sorting: the main entry (100/110/111 $a), else the first added entry
    /// (700/710/711 $a), folded by [`sort_fold`]; empty when the record has no name.
    pub sort_author: String,
    /// Publication year as a number (from `date`).
    pub year: Option<i32>,
    /// Language code (MARC 21 008/35-37, else 041 $a), lower case, e.g. "eng"; None when blank
    /// or unknown ("   ", "|||", "und").
    pub language: Option<String>,
    /// Call numbers the record carries: 050/090 (LC), 082/092 (Dewey), 099 (local), 852 $h $i.
    pub call_numbers: Vec<String>,
}

/// Removes the ISBD punctuation and spaces that end a MARC subfield: `"Title /"` → `"Title"`,
/// `"London :"` → `"London"`, `"2001."` → `"2001"`. A full stop after an initial or an
/// abbreviation of one letter (`"Smith, J."`) is kept.
pub fn trim_isbd(s: &str) -> String {
    let mut t = s.trim();
    loop {
        let before = t;
        t = t
            .trim_end_matches([' ', '/', ':', ';', ',', '='])
            .trim_end();
        if let Some(stripped) = t.strip_suffix('.') {
            // Keep the stop of an initial ("J.") or of "ed." style abbreviations? Only initials:
            // a single letter before the stop.
            let last_word = stripped.rsplit([' ', ',']).next().unwrap_or("");
            if !(last_word.chars().count() == 1 && last_word.chars().all(char::is_alphabetic)) {
                t = stripped;
            }
        }
        if t == before {
            return t.to_string();
        }
    }
}

fn join_subfields(field: &Field, codes: &str) -> Option<String> {
    // Inner ISBD punctuation stays ("Title : subtitle"); only what ends the whole is trimmed.
    let joined = field
        .values(codes)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(trim_isbd(&joined)).filter(|s| !s.is_empty())
}

/// A format label from leader/06–07 (MARC 21 Leader/06 Type of record, /07 Bibliographic level).
pub fn format_label(record: &Record) -> &'static str {
    format_label_of(
        record.leader.record_type(),
        record.leader.bibliographic_level(),
    )
}

/// [`format_label`] from leader/06 (type of record) and leader/07 (bibliographic level).
pub fn format_label_of(t: char, l: char) -> &'static str {
    match t {
        'a' | 't' => match l {
            's' => "Serial",
            // Integrating resource (leader/07 i): looseleaf services and updating websites.
            'i' => "Looseleaf / updating",
            'a' | 'b' => "Article",
            _ if t == 't' => "Manuscript",
            _ => "Book",
        },
        'c' | 'd' => "Music score",
        'e' | 'f' => "Map",
        'g' => "Video",
        'i' => "Sound recording",
        'j' => "Music recording",
        'k' => "Image",
        'm' => "Computer file",
        'o' => "Kit",
        'p' => "Mixed materials",
        'r' => "Object",
        'z' => "Authority",
        'u' | 'v' | 'x' | 'y' => "Holdings",
        'w' => "Classification",
        _ => "Record",
    }
}

/// Reads display and index values out of a record.
pub fn extract(record: &Record) -> Extract {
    let mut x = Extract {
        format: format_label(record).to_string(),
        ..Extract::default()
    };

    // Title: 245 $a $b $n $p (Title statement). Records without 245 (authorities) use their 1XX
    // heading; holdings records have neither.
    if let Some(f) = record.field("245") {
        x.title = join_subfields(f, "abfgknps").unwrap_or_default();
        x.responsibility = f.subfield('c').map(trim_isbd).filter(|s| !s.is_empty());
    }
    let main_entry = ["100", "110", "111", "130"]
        .iter()
        .find_map(|t| record.field(t));
    if x.title.is_empty() {
        if let Some(f) = main_entry {
            x.title = join_subfields(f, "abcdqtnp").unwrap_or_default();
        } else if let Some(f) = record.field("240") {
            x.title = join_subfields(f, "anp").unwrap_or_default();
        }
    }
    if x.title.is_empty() {
        x.title = match record.control_number() {
            Some(n) => format!("[{} {n}, no title]", x.format),
            None => format!("[{}, no title]", x.format),
        };
    }
    if x.responsibility.is_none() {
        x.responsibility = main_entry
            .filter(|f| f.tag() != "130")
            .and_then(|f| join_subfields(f, "abcdq"));
    }

    // Names for search: 100/110/111 and 700/710/711 $a (with $b $c $d $q for context).
    for f in &record.fields {
        if matches!(
            f.tag(),
            "100" | "110" | "111" | "700" | "710" | "711" | "400" | "410" | "411"
        ) {
            if let Some(n) = join_subfields(f, "abcdq") {
                x.names.push(n);
            }
        }
    }

    x.edition = record.field("250").and_then(|f| join_subfields(f, "ab"));

    // Publication: 264 second indicator 1 (publication) first, then 260 (RDA vs AACR2).
    let publication = record
        .fields_with_tag("264")
        .find(|f| f.indicators().1 == '1')
        .or_else(|| record.field("260"))
        .or_else(|| record.field("264"));
    if let Some(f) = publication {
        let place = f.values("a").map(trim_isbd).collect::<Vec<_>>().join(" ; ");
        let publisher = f.values("b").map(trim_isbd).collect::<Vec<_>>().join(" ; ");
        let date = f.subfield('c').map(trim_isbd);
        let mut s = String::new();
        if !place.is_empty() {
            s.push_str(&place);
        }
        if !publisher.is_empty() {
            if !s.is_empty() {
                s.push_str(" : ");
            }
            s.push_str(&publisher);
        }
        if let Some(d) = date.as_deref().filter(|d| !d.is_empty()) {
            if !s.is_empty() {
                s.push_str(", ");
            }
            s.push_str(d);
        }
        x.publication = Some(s).filter(|s| !s.is_empty());
        x.date = date.and_then(|d| year_in(&d));
    }
    // 008/07-10 (Date 1) when 260/264 gives no year.
    if x.date.is_none() {
        if let Some(f008) = record.control("008") {
            x.date = f008.get(7..11).and_then(year_in);
        }
    }

    x.physical_description = record.field("300").and_then(|f| join_subfields(f, "abce"));
    for f in record
        .fields
        .iter()
        .filter(|f| matches!(f.tag(), "490" | "830" | "440"))
    {
        if let Some(s) = join_subfields(f, "anpv") {
            if !x.series.contains(&s) {
                x.series.push(s);
            }
        }
    }
    // Subject headings: 600–662 with subdivisions ($v $x $y $z) joined by " -- ".
    for f in &record.fields {
        let tag = f.tag();
        // 655 is a genre/form term (what the item is, not what it is about): not a subject.
        if tag.len() == 3
            && tag.starts_with('6')
            && tag.as_bytes()[1].is_ascii_digit()
            && tag != "655"
        {
            let main: Vec<String> = f
                .subfields()
                .iter()
                .filter(|s| "abcdqtnp".contains(s.code))
                .map(|s| trim_isbd(&s.value))
                .filter(|s| !s.is_empty())
                .collect();
            let subdivisions = f.values("vxyz").map(trim_isbd).filter(|s| !s.is_empty());
            let heading: Vec<String> = std::iter::once(main.join(" "))
                .filter(|s| !s.is_empty())
                .chain(subdivisions)
                .collect();
            if !heading.is_empty() {
                let h = heading.join(" -- ");
                if !x.subjects.contains(&h) {
                    x.subjects.push(h);
                }
            }
        }
    }
    // Notes: every lettered subfield (520 $a summary + $b expansion, 546 $a $b, …); numbered
    // subfields ($2 source, $5 institution, $6 linkage, $8 sequence) are control data.
    for f in record
        .fields
        .iter()
        .filter(|f| f.tag().starts_with('5') && f.tag() != "505")
    {
        if let Some(s) = join_subfields(f, "abcdefghijklmnopqrstuvwxyz") {
            x.notes.push(s);
        }
    }
    if let Some(f) = record.field("505") {
        if let Some(s) = join_subfields(f, "agrt") {
            x.notes.push(format!("Contents: {s}"));
        }
    }

    // 880 Alternate Graphic Representation: $6 "245-01/(2/r" links it to the field it renders.
    for f in record.fields_with_tag("880") {
        let linked = f
            .subfield('6')
            .map(|l| l.chars().take(3).collect::<String>())
            .unwrap_or_default();
        let codes = if linked.starts_with('6') {
            "abcdqtnpvxyz"
        } else {
            "abcdefghijklmnopqrstuvwxyz"
        };
        if let Some(text) = join_subfields(f, codes) {
            x.vernacular.push((linked, text));
        }
    }

    // Identifiers: 020 ISBN, 022 ISSN, 010 LCCN, 001 control number.
    for f in record.fields_with_tag("020") {
        if let Some(a) = f.subfield('a') {
            let (value, rest) = super::standard_numbers::split_isbn_as_written(a);
            let qualifier = f.subfield('q').map(trim_isbd).or(rest);
            x.identifiers.push(("ISBN".into(), value, qualifier));
        }
    }
    for f in record.fields_with_tag("022") {
        if let Some(a) = f.subfield('a') {
            x.identifiers.push(("ISSN".into(), trim_isbd(a), None));
        }
    }
    for f in record.fields_with_tag("010") {
        if let Some(a) = f.subfield('a') {
            x.identifiers
                .push(("LCCN".into(), a.trim().to_string(), None));
        }
    }
    if let Some(n) = record.control_number() {
        let q = record.control_number_identifier().map(str::to_string);
        x.identifiers
            .push(("Control number".into(), n.to_string(), q));
    }
    sort_values(record, &mut x);
    x
}

/// Fills the sorting values of an extract: filing title, sort author, year, language, call numbers.
fn sort_values(record: &Record, x: &mut Extract) {
    x.filing_title = match record.field("245") {
        Some(f) => {
            // MARC 21 245 second indicator: number of non-filing characters (0-9) at the start of $a.
            let skip = f.indicators().1.to_digit(10).unwrap_or(0) as usize;
            let title = join_subfields(f, "abnp").unwrap_or_default();
            let rest: String = title.chars().skip(skip).collect();
            sort_fold(if skip > 0 && !rest.trim().is_empty() {
                &rest
            } else {
                &title
            })
        }
        None => sort_fold(&x.title),
    };
    let author = ["100", "110", "111", "700", "710", "711"]
        .iter()
        .find_map(|t| record.field(t).and_then(|f| join_subfields(f, "ab")));
    x.sort_author = author.map(|a| sort_fold(&a)).unwrap_or_default();
    x.year = x.date.as_deref().and_then(|d| d.parse().ok());
    let lang_008 = record
        .control("008")
        .and_then(|f| f.get(35..38))
        .map(str::to_ascii_lowercase);
    let lang_041 = record.field("041").and_then(|f| f.subfield('a')).map(|a| {
        a.trim()
            .chars()
            .take(3)
            .collect::<String>()
            .to_ascii_lowercase()
    });
    x.language = lang_008.into_iter().chain(lang_041).find(|l| {
        l.len() == 3 && l.chars().all(|c| c.is_ascii_lowercase()) && l != "und" && l != "zxx"
    });
    for f in &record.fields {
        let cn = match f.tag() {
            "050" | "090" | "055" | "060" | "070" | "086" => join_subfields(f, "ab"),
            // Dewey class number ($a, without its segmentation marks `/`) and, when the library
            // recorded one, its item number ($b: MARC 21 Bibliographic 082 $b).
            "082" | "092" => join_subfields(f, "a").map(|a| {
                let class = a.replace('/', "");
                match join_subfields(f, "b") {
                    Some(item) => format!("{class} {item}"),
                    None => class,
                }
            }),
            "099" => join_subfields(f, "a"),
            "852" => join_subfields(f, "hijklm"),
            _ => None,
        };
        if let Some(cn) = cn.filter(|c| !x.call_numbers.contains(c)) {
            x.call_numbers.push(cn);
        }
    }
}

/// Folds text for sorting and browsing: the catalogue's one folding rule, [`super::fold::fold`]
/// (Library of Congress NACO normalization: case, diacritics, romanisation marks and punctuation
/// ignored, "Æ" as "ae", "Ø" as "o"), so that "Ålesund" sorts with "alesund" and "[Report]" with
/// "report". Byte order of folded text is the sort order (numbers are not compared as numbers).
pub fn sort_fold(text: &str) -> String {
    super::fold::fold(text)
}

/// The first four-digit year (1000–2999) in a date statement like `"c2001."` or `"[1998?]"`.
fn year_in(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let after_ok = b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        (w.iter().all(u8::is_ascii_digit)
            && (w[0] == b'1' || w[0] == b'2')
            && before_ok
            && after_ok)
            .then(|| String::from_utf8_lossy(w).into_owned())
    })
}

/// The text an identifier is also found by: ISBNs and ISSNs without hyphens, as well as given,
/// and every ISBN in both its ISBN-13 and (for 978 numbers) ISBN-10 forms, since a scanner reads
/// the ISBN-13 of a book catalogued with its ISBN-10. An LCCN is also found by its LC
/// normalised form ("85-1234 //r53" → "85001234"; "sn 78-4321" → "sn78004321" and "sn 78004321"),
/// which is what a query turns any printed form into.
pub fn identifier_search_text(x: &Extract) -> String {
    let mut out = Vec::new();
    for (kind, value, _) in &x.identifiers {
        out.push(value.clone());
        if kind == "ISBN" {
            if let Some(i13) = super::standard_numbers::isbn13(value) {
                let digits = i13.to_string();
                if let Ok(i10) = isbn::Isbn10::try_from(i13) {
                    out.push(i10.to_string());
                }
                out.push(digits);
            }
        }
        if kind == "ISBN" || kind == "ISSN" || kind == "LCCN" {
            let compact: String = value
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            if compact != *value {
                out.push(compact);
            }
        }
        if kind == "LCCN" {
            if let Some(n) = super::standard_numbers::normalize_lccn(value) {
                // The prefix apart too, for "agr 25-123" typed as two words.
                let serial = n.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                if serial.len() < n.len() && !serial.is_empty() {
                    out.push(format!("{} {serial}", &n[..n.len() - serial.len()]));
                }
                out.push(n);
            }
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbd_punctuation_is_trimmed_but_initials_keep_their_stop() {
        assert_eq!(trim_isbd("Dvořák in Prague :"), "Dvořák in Prague");
        assert_eq!(trim_isbd("a study /"), "a study");
        assert_eq!(trim_isbd("by A. Reader."), "by A. Reader");
        assert_eq!(trim_isbd("Smith, J."), "Smith, J.");
        assert_eq!(trim_isbd("2001."), "2001");
    }

    #[test]
    fn a_book_record_gives_its_display_values() {
        let r = Record::new()
            .with_control("001", "42")
            .with_control("003", "DLC")
            .with_control("008", "990101s1999    enk           000 0 eng d")
            .with_data("020", "  ", &[('a', "0306406152 (pbk.)")])
            .with_data("100", "1 ", &[('a', "Reader, Ann,"), ('d', "1950-")])
            .with_data(
                "245",
                "10",
                &[
                    ('a', "Contracts in construction :"),
                    ('b', "a guide /"),
                    ('c', "Ann Reader."),
                ],
            )
            .with_data(
                "264",
                " 1",
                &[
                    ('a', "London :"),
                    ('b', "Sweet & Maxwell,"),
                    ('c', "[2001]"),
                ],
            )
            .with_data(
                "650",
                " 0",
                &[('a', "Construction contracts"), ('z', "England.")],
            );
        let x = extract(&r);
        assert_eq!(x.title, "Contracts in construction : a guide");
        assert_eq!(x.responsibility.as_deref(), Some("Ann Reader"));
        assert_eq!(
            x.publication.as_deref(),
            Some("London : Sweet & Maxwell, [2001]")
        );
        assert_eq!(x.date.as_deref(), Some("2001"));
        assert_eq!(x.subjects, vec!["Construction contracts -- England"]);
        assert_eq!(
            x.identifiers[0],
            ("ISBN".into(), "0306406152".into(), Some("pbk".into()))
        );
        assert_eq!(x.format, "Book");
    }

    #[test]
    fn year_is_found_in_date_statements() {
        assert_eq!(year_in("c1998."), Some("1998".into()));
        assert_eq!(year_in("[between 1890 and 1900]"), Some("1890".into()));
        assert_eq!(year_in("19uu"), None);
    }
}
