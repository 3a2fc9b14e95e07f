//! A CSL-JSON item made into a MARC 21 bibliographic record: the reverse of the bibliography
//! crosswalk (docs/crosswalk.md), as a cataloguer would record the same facts, so that the
//! crosswalk gives the item back and a style renders it the same. Field by field in
//! docs/intake.md.

use carrel_marc::{Field, Record, Subfield};
use serde_json::{Map, Value};

use crate::catalogue::standard_numbers::{isbn13, issn};

/// The longest text put in one subfield, in bytes: an ISO 2709 field is at most 9,999 bytes
/// (4-digit length in the directory), and the record's other subfields and codes need room.
const MAX_SUBFIELD: usize = 9000;

/// A record made from an item, and what was changed on the way (one sentence each).
pub struct Converted {
    /// The MARC 21 bibliographic record.
    pub record: Record,
    /// What the conversion kept aside or cut (an invalid ISBN in 020 $z, a long source cut…).
    pub warnings: Vec<String>,
}

/// Makes a MARC 21 bibliographic record of a CSL-JSON `item` (CSL 1.0.2 variables, as
/// [`super::read`] gives them). `entered` is 008/00-05, the date entered on file (`yymmdd`);
/// `source` is the format's name and the entry's text as it was in the file, kept in 887
/// (MARC 21 Bibliographic 887 Non-MARC Information Field: $a the text, $2 its format).
pub fn to_marc(
    item: &Map<String, Value>,
    entered: &str,
    source: Option<(&str, &str)>,
) -> Converted {
    let mut w = Vec::new();
    let s = |k: &str| -> Option<String> {
        match item.get(k)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let kind = s("type").unwrap_or_else(|| "book".into());
    let kind = kind.as_str();
    let lang = marc_language(s("language").as_deref());
    let year = item.get("issued").and_then(|v| {
        let y = &v["date-parts"][0][0];
        y.as_i64().or_else(|| y.as_str()?.trim().parse().ok())
    });

    // Leader/06 type of record, /07 bibliographic level.
    let mut r = Record::new();
    let level = match kind {
        "chapter" | "paper-conference" | "entry-dictionary" | "entry-encyclopedia" => b'a',
        k if k.starts_with("article") || k == "review" => b'b',
        "webpage" | "post-weblog" | "post" => b'i',
        "periodical" => b's',
        _ => b'm',
    };
    r.leader.0[6] = match kind {
        "map" => b'e',
        "musical_score" => b'c',
        "motion_picture" | "broadcast" => b'g',
        "song" => b'j',
        "graphic" => b'k',
        "software" | "dataset" => b'm',
        "manuscript" => b't',
        _ => b'a',
    };
    r.leader.0[7] = level;
    // 17 encoding level 7 (minimal), as a record made from a citation is.
    r.leader.0[17] = b'7';

    // 008 (MARC 21 Bibliographic 008, all materials).
    let mut f008: Vec<u8> = vec![b' '; 40];
    let entered: Vec<u8> = entered
        .bytes()
        .chain(std::iter::repeat(b'|'))
        .take(6)
        .collect();
    f008[..6].copy_from_slice(&entered);
    match year {
        Some(y) if (0..=9999).contains(&y) => {
            // A website is current (c … 9999); a serial's status is unknown (u … uuuu).
            f008[6] = match level {
                b'i' => b'c',
                b's' => b'u',
                _ => b's',
            };
            f008[7..11].copy_from_slice(format!("{y:04}").as_bytes());
            if level == b'i' {
                f008[11..15].copy_from_slice(b"9999");
            } else if level == b's' {
                f008[11..15].copy_from_slice(b"uuuu");
            }
        }
        _ => {
            f008[6] = b'n';
            f008[7..11].copy_from_slice(b"uuuu");
            f008[11..15].copy_from_slice(b"uuuu");
        }
    }
    f008[15..18].copy_from_slice(b"xx ");
    // 18-34 in the layout of the record's type (MARC 21 Bibliographic 008/18-34: books,
    // computer files, maps, music, continuing resources, visual materials).
    let medium = s("medium").unwrap_or_default().to_lowercase();
    match (r.leader.0[6], level) {
        (_, b'i' | b's') => {
            // Continuing resource: 18 frequency, 19 regularity, 21 type (w updating website,
            // p periodical), 23 form (o online), 34 entry convention (2 integrated, 0 successive).
            if level == b'i' {
                f008[18] = b'k';
                f008[19] = b'x';
                f008[21] = b'w';
                f008[23] = b'o';
                f008[34] = b'2';
            } else {
                f008[19] = b'u';
                f008[21] = b'p';
                f008[34] = b'0';
            }
            f008[33] = b'0';
        }
        (b'g' | b'k', _) => {
            // Visual materials: 18-20 running time unknown, 33 type of visual material,
            // 34 technique (n not applicable to still images, | not coded).
            f008[18..21].copy_from_slice(b"---");
            f008[33] = if medium.contains("video") || medium.contains("dvd") {
                b'v'
            } else if medium.contains("slide") {
                b's'
            } else if medium.contains("chart") {
                b'c'
            } else if medium.contains("art") || medium.contains("painting") {
                b'a'
            } else if r.leader.0[6] == b'g' {
                b'm'
            } else {
                b'i'
            };
            f008[34] = if r.leader.0[6] == b'g' { b'|' } else { b'n' };
        }
        (b'e', _) => {
            // Maps: 25 type of cartographic material (a single map), 31 index (0 none).
            f008[25] = b'a';
            f008[31] = b'0';
        }
        (b'c' | b'd' | b'i' | b'j', _) => {
            // Music: 18-19 form of composition unknown, 20 format of music (n for a
            // recording, u unknown for a score), 21 music parts, 33 transposition (n).
            f008[18..20].copy_from_slice(b"uu");
            let score = matches!(r.leader.0[6], b'c' | b'd');
            f008[20] = if score { b'u' } else { b'n' };
            f008[21] = if score { b'u' } else { b'n' };
            f008[33] = b'n';
        }
        (b'm', _) => {
            // Computer files: 23 form (o online), 26 type of file (a numeric data,
            // b computer program).
            if s("URL").is_some() {
                f008[23] = b'o';
            }
            f008[26] = if kind == "dataset" { b'a' } else { b'b' };
        }
        _ => {
            f008[24] = match kind {
                "thesis" => b'm',
                "report" => b't',
                "legal_case" => b'v',
                "legislation" => b'l',
                _ => b' ',
            };
            f008[29] = if kind == "paper-conference" {
                b'1'
            } else {
                b'0'
            };
            f008[30] = b'0';
            f008[31] = b'0';
            f008[33] = b'0';
            if s("URL").is_some() && s("publisher").is_none() {
                f008[23] = b'o';
            }
        }
    }
    f008[35..38].copy_from_slice(lang.unwrap_or("und").as_bytes());
    f008[39] = b'd';
    r = r.with_control("008", &String::from_utf8_lossy(&f008));

    // 020 ISBN, 022 ISSN: an invalid number is kept, in 020 $z (cancelled/invalid) and 022 $y
    // (incorrect ISSN, MARC 21 022 has no $z for it). An analytic's (leader/07 a or b) numbers
    // are its host's (the journal's ISSN, the book's ISBN): they go to 773 $x/$z only, since
    // 020/022 are duplicate match keys and two chapters of one book are not one work.
    let analytic = level == b'a' || level == b'b';
    let mut host_numbers: Vec<(char, String)> = Vec::new();
    let mut numbers = Vec::new();
    if let Some(v) = s("ISBN") {
        numbers.extend(standard_numbers(&v, false));
    }
    if let Some(v) = s("ISSN") {
        numbers.extend(standard_numbers(&v, true));
    }
    for (num, qual, is_issn) in numbers {
        if analytic {
            // MARC 21 773 $x ISSN, $z ISBN of the host item.
            let code = if is_issn { 'x' } else { 'z' };
            let valid = if is_issn {
                issn(&num).is_some()
            } else {
                isbn13(&num).is_some()
            };
            if !valid {
                let kind = if is_issn { "ISSN" } else { "ISBN" };
                w.push(format!(
                    "{kind} \"{num}\" is not valid; kept in 773 ${code}"
                ));
            }
            if !host_numbers.iter().any(|(c, n)| *c == code && *n == num) {
                host_numbers.push((code, num));
            }
            continue;
        }
        let mut sf = if is_issn {
            let code = if issn(&num).is_some() { 'a' } else { 'y' };
            if code == 'y' {
                w.push(format!("ISSN \"{num}\" is not valid; kept in 022 $y"));
            }
            vec![(code, num)]
        } else {
            let code = if isbn13(&num).is_some() { 'a' } else { 'z' };
            if code == 'z' {
                w.push(format!("ISBN \"{num}\" is not valid; kept in 020 $z"));
            }
            vec![(code, num)]
        };
        match qual {
            // MARC 21 020 $q qualifying information ("pbk."); 022 has no $q, but PubMed's
            // "(Linking)" names the linking ISSN, 022 $l (ISSN-L).
            Some(q) if !is_issn => sf.push(('q', q)),
            Some(q) if q.eq_ignore_ascii_case("linking") => {
                let n = sf[0].1.clone();
                sf.push(('l', n));
            }
            _ => {}
        }
        r = data(r, if is_issn { "022" } else { "020" }, "  ", sf);
    }
    if let Some(doi) = s("DOI") {
        r = data(
            r,
            "024",
            "7 ",
            vec![('a', doi.clone()), ('2', "doi".into())],
        );
    }
    // 088 report number: the crosswalk reads "Consultation paper 257" as genre + number.
    if kind == "report" {
        if let Some(n) = s("number") {
            let v = match s("genre") {
                Some(g) => format!("{g} {n}"),
                None => n,
            };
            r = data(r, "088", "  ", vec![('a', v)]);
        }
    }

    // Names: the first author is the main entry (100/110), the rest and the editors and
    // translators added entries (700/710) with their relator terms (MARC 21 Bibliographic X00 $e).
    let mut main_entry = false;
    let legal_body = match kind {
        "legislation" => s("jurisdiction"),
        "legal_case" => s("authority"),
        _ => None,
    };
    if let Some(body) = &legal_body {
        // A jurisdiction (law) or court (case) is the main entry, with no relator (crosswalk::legal).
        r = data(r, "110", "1 ", vec![('a', end_with(body, '.'))]);
        main_entry = true;
    }
    for role in [
        "author",
        "editor",
        "translator",
        "compiler",
        "illustrator",
        "director",
        "composer",
    ] {
        let Some(Value::Array(names)) = item.get(role) else {
            continue;
        };
        for n in names {
            let Some((personal, heading, suffix)) = name_heading(n) else {
                continue;
            };
            let main = !main_entry && role == "author";
            let tag = match (main, personal) {
                (true, true) => "100",
                (true, false) => "110",
                (false, true) => "700",
                (false, false) => "710",
            };
            let mut sf = vec![('a', heading)];
            if let Some(x) = suffix {
                sf.push(('c', x));
            }
            // The heading ends with a comma before the relator term (RDA/ISBD punctuation).
            if let Some(last) = sf.last_mut() {
                last.1 = end_with(&last.1, ',');
            }
            sf.push(('e', format!("{role}.")));
            r = data(r, tag, if personal { "1 " } else { "2 " }, sf);
            main_entry |= main;
        }
    }

    // 245 title: $a before the first ": ", $b after; second indicator: the leading article.
    let mut title = s("title").unwrap_or_else(|| {
        w.push("no title: recorded as \"[Untitled]\"".into());
        "[Untitled]".into()
    });
    if kind == "legislation" {
        // The crosswalk takes the year off a short title ("Human Rights Act 1998"): give it back.
        if let Some(y) = year {
            let short = [
                "Act",
                "Acts",
                "Code",
                "Ordinance",
                "Order",
                "Regulations",
                "Rules",
                "Statute",
            ];
            if short.iter().any(|t| title.ends_with(&format!(" {t}"))) {
                title = format!("{title} {y}");
            }
        }
    }
    let skip = nonfiling(&title, lang);
    let (main, sub) = match title.split_once(": ") {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (title.clone(), None),
    };
    let mut sf = vec![];
    match sub {
        Some(b) => {
            sf.push(('a', format!("{main} :")));
            sf.push(('b', end_with(&b, '.')));
        }
        None => sf.push(('a', end_with(&main, '.'))),
    }
    r = data(
        r,
        "245",
        &format!("{}{}", if main_entry { '1' } else { '0' }, skip),
        sf,
    );
    if let Some(e) = s("edition") {
        let e = if e.chars().all(|c| c.is_ascii_digit()) {
            format!("{} edition.", ordinal(&e))
        } else {
            end_with(&e, '.')
        };
        r = data(r, "250", "  ", vec![('a', e)]);
    }

    // 264 _1 publication (a thesis' institution goes in 502 $c: a publisher would make it a book).
    let publisher = if kind == "thesis" {
        None
    } else {
        s("publisher")
    };
    let place = s("publisher-place");
    if publisher.is_some() || place.is_some() || year.is_some() {
        let mut sf: Vec<(char, String)> = Vec::new();
        if let Some(p) = &place {
            sf.push(('a', p.clone()));
        }
        if let Some(p) = &publisher {
            sf.push(('b', p.clone()));
        }
        if let Some(y) = year {
            sf.push(('c', y.to_string()));
        }
        // ISBD punctuation between the parts: "Place : Publisher, 2020."
        for i in 0..sf.len() {
            let next = sf.get(i + 1).map(|x| x.0);
            let v = &sf[i].1;
            sf[i].1 = match next {
                Some('b') => format!("{v} :"),
                Some('c') => end_with(v, ','),
                _ => end_with(v, '.'),
            };
        }
        r = data(r, "264", " 1", sf);
    }
    // 300 extent.
    if let Some(p) = s("number-of-pages") {
        if level != b'a' && level != b'b' {
            r = data(r, "300", "  ", vec![('a', format!("{p} pages"))]);
        }
    } else if let Some(v) = s("number-of-volumes").filter(|v| v != "1") {
        r = data(r, "300", "  ", vec![('a', format!("{v} volumes"))]);
    }
    // 490 0_ series, untraced.
    if let Some(series) = s("collection-title") {
        let mut sf = vec![('a', series)];
        if let Some(n) = s("collection-number") {
            sf[0].1.push_str(" ;");
            sf.push(('v', n));
        }
        r = data(r, "490", "0 ", sf);
    }
    if let Some(n) = s("note") {
        r = data(
            r,
            "500",
            "  ",
            vec![('a', end_with(&cut(&n, &mut w, "500"), '.'))],
        );
    }
    if kind == "legal_case" {
        if let Some(n) = s("number") {
            // A medium neutral citation, which the crosswalk reads from a note.
            r = data(r, "500", "  ", vec![('a', n)]);
        }
    }
    if kind == "thesis" {
        let mut sf = vec![('b', s("genre").unwrap_or_else(|| "Thesis".into()))];
        if let Some(i) = s("publisher") {
            sf.push(('c', i));
        }
        if let Some(y) = year {
            sf.push(('d', y.to_string()));
        }
        r = data(r, "502", "  ", sf);
    }
    if let Some(a) = s("abstract") {
        r = data(r, "520", "  ", vec![('a', cut(&a, &mut w, "520"))]);
    }
    // Keywords are tags, not subject headings: 653 (index term, uncontrolled).
    if let Some(k) = s("keyword") {
        for t in k.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()) {
            r = data(r, "653", "  ", vec![('a', t.to_string())]);
        }
    }
    // 773 host item of a component part (chapter, article) or the code/report of a law or case.
    let container = s("container-title");
    if level == b'a' || level == b'b' || matches!(kind, "legal_case" | "legislation") {
        let mut g: Vec<String> = Vec::new();
        let legal = matches!(kind, "legal_case" | "legislation");
        if let Some(v) = s("volume") {
            g.push(format!(
                "{} {v}",
                if legal && kind == "legislation" {
                    "Title"
                } else {
                    "Vol."
                }
            ));
        }
        if let Some(v) = s("issue") {
            g.push(format!("no. {v}"));
        }
        if let Some(v) = s("section") {
            g.push(format!("sec. {v}"));
        }
        let mut gs = g.join(", ");
        if let (Some(y), false) = (year, legal) {
            gs = format!("{gs} ({y})").trim().to_string();
        }
        if let Some(p) = s("page") {
            gs = if gs.is_empty() {
                format!("p. {p}")
            } else {
                format!("{gs}, p. {p}")
            };
        }
        if container.is_some() || !gs.is_empty() || !host_numbers.is_empty() {
            let mut sf = Vec::new();
            if let Some(c) = &container {
                sf.push(('t', c.clone()));
            }
            if !gs.is_empty() {
                sf.push(('g', gs));
            }
            sf.extend(host_numbers);
            r = data(r, "773", "0 ", sf);
        }
    } else if let Some(c) = container {
        r = data(
            r,
            "500",
            "  ",
            vec![('a', end_with(&format!("In: {c}"), '.'))],
        );
    }
    // 856 electronic location: the URL, and the DOI as a resolver address.
    if let Some(u) = s("URL") {
        r = data(r, "856", "40", vec![('u', u)]);
    }
    if let Some(doi) = s("DOI") {
        r = data(
            r,
            "856",
            "40",
            vec![('u', format!("https://doi.org/{doi}"))],
        );
    }
    if let Some((format, text)) = source {
        let t = cut(text.trim(), &mut w, "887");
        r = data(r, "887", "  ", vec![('a', t), ('2', format.to_string())]);
    }
    Converted {
        record: r,
        warnings: w,
    }
}

/// The standard numbers in a list as reference managers write it ("9780151446476
/// 9780151446483", "0-19-852663-6 (pbk.); 1234-5679", "0028-0836 (Linking)"): each number
/// (hyphens and spaces removed) with its qualifier (the words after it, without brackets) and
/// whether it is an ISSN (ISO 3297: eight characters, `NNNN-NNNX`) rather than an ISBN. In an
/// `ISSN` list (`issn_list`) every number is an ISSN.
fn standard_numbers(list: &str, issn_list: bool) -> Vec<(String, Option<String>, bool)> {
    let mut out: Vec<(String, Option<String>, bool)> = Vec::new();
    for part in list.split([',', ';']) {
        for word in part.split_whitespace() {
            let bare: String = word.chars().filter(|c| *c != '-').collect();
            let numeric = bare.len() >= 8
                && bare
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
                && bare.chars().next().is_some_and(|c| c.is_ascii_digit());
            if numeric || out.is_empty() {
                let is_issn = issn_list || (numeric && bare.len() == 8);
                // An ISSN keeps its printed form (NNNN-NNNX); an ISBN is digits only.
                let num = if is_issn { word.to_string() } else { bare };
                out.push((num, None, is_issn));
            } else if let Some(last) = out.last_mut() {
                let q = word.trim_matches(['(', ')']);
                if !q.is_empty() {
                    last.1 = Some(match last.1.take() {
                        Some(prev) => format!("{prev} {q}"),
                        None => q.to_string(),
                    });
                }
            }
        }
    }
    out
}

fn data(r: Record, tag: &str, ind: &str, sf: Vec<(char, String)>) -> Record {
    let mut chars = ind.chars();
    let mut r = r;
    r.fields.push(Field::Data {
        tag: tag.into(),
        ind1: chars.next().unwrap_or(' '),
        ind2: chars.next().unwrap_or(' '),
        subfields: sf
            .into_iter()
            .map(|(code, value)| Subfield { code, value })
            .collect(),
    });
    r
}

/// `s` cut at [`MAX_SUBFIELD`] bytes (on a character boundary), with a warning when it is.
fn cut(s: &str, w: &mut Vec<String>, tag: &str) -> String {
    if s.len() <= MAX_SUBFIELD {
        return s.to_string();
    }
    let mut end = MAX_SUBFIELD;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    w.push(format!(
        "{tag}: text of {} bytes cut to {end} (the most a MARC field holds)",
        s.len()
    ));
    format!("{}…", &s[..end])
}

/// `s` ending with `mark` unless it already ends with a stop, question or exclamation mark
/// (ISBD: the area's last mark is not doubled).
fn end_with(s: &str, mark: char) -> String {
    let s = s.trim_end();
    if (s.ends_with(['.', '?', '!']) && mark == '.') || s.ends_with(mark) {
        s.to_string()
    } else {
        format!("{s}{mark}")
    }
}

fn ordinal(n: &str) -> String {
    let suffix = match (
        n.parse::<u32>().unwrap_or(0) % 100,
        n.parse::<u32>().unwrap_or(0) % 10,
    ) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A CSL name as a MARC heading: (personal, "Family, Given", suffix for $c). A `literal` name
/// is corporate (110/710).
fn name_heading(n: &Value) -> Option<(bool, String, Option<String>)> {
    let get = |k: &str| {
        n.get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    if let Some(l) = get("literal") {
        return Some((false, l.to_string(), None));
    }
    let family = get("family")?;
    let family = match get("non-dropping-particle") {
        Some(p) => format!("{p} {family}"),
        None => family.to_string(),
    };
    let given = match (get("given"), get("dropping-particle")) {
        (Some(g), Some(p)) => Some(format!("{g} {p}")),
        (Some(g), None) => Some(g.to_string()),
        (None, Some(p)) => Some(p.to_string()),
        (None, None) => None,
    };
    let heading = match given {
        Some(g) => format!("{family}, {g}"),
        None => family,
    };
    Some((true, heading, get("suffix").map(str::to_string)))
}

/// The MARC language code (MARC Code List for Languages) of an ISO 639-1/-2 code or an English
/// language name ("en", "en-US", "eng", "English"), the reverse of the crosswalk's table.
pub fn marc_language(lang: Option<&str>) -> Option<&'static str> {
    let l = lang?.trim().to_ascii_lowercase();
    let base = l.split(['-', '_']).next().unwrap_or("");
    let table: [(&str, &str, &str); 22] = [
        ("en", "eng", "english"),
        ("fr", "fre", "french"),
        ("de", "ger", "german"),
        ("es", "spa", "spanish"),
        ("it", "ita", "italian"),
        ("nl", "dut", "dutch"),
        ("pt", "por", "portuguese"),
        ("ru", "rus", "russian"),
        ("ja", "jpn", "japanese"),
        ("zh", "chi", "chinese"),
        ("la", "lat", "latin"),
        ("he", "heb", "hebrew"),
        ("ar", "ara", "arabic"),
        ("sv", "swe", "swedish"),
        ("da", "dan", "danish"),
        ("no", "nor", "norwegian"),
        ("pl", "pol", "polish"),
        ("el", "gre", "greek"),
        ("ko", "kor", "korean"),
        ("fi", "fin", "finnish"),
        ("hu", "hun", "hungarian"),
        ("cs", "cze", "czech"),
    ];
    table
        .iter()
        .find(|(a, b, c)| base == *a || base == *b || l == *c || (base == "ger" && *b == "ger"))
        .map(|(_, b, _)| *b)
        .or(match base {
            "deu" => Some("ger"),
            "fra" => Some("fre"),
            "nld" => Some("dut"),
            _ => None,
        })
}

/// 245 second indicator: the characters of a leading article to skip in filing, in the record's
/// language (English when unknown), from the MARC 21 list of initial articles.
pub fn nonfiling(title: &str, lang: Option<&str>) -> char {
    let articles: &[&str] = match lang.unwrap_or("eng") {
        "eng" => &["the ", "a ", "an "],
        "fre" => &["le ", "la ", "les ", "l'", "l’", "un ", "une "],
        "ger" => &["der ", "die ", "das ", "ein ", "eine "],
        "spa" => &["el ", "la ", "los ", "las ", "un ", "una "],
        "ita" => &[
            "il ", "lo ", "la ", "i ", "gli ", "le ", "l'", "l’", "un ", "una ", "uno ",
        ],
        "dut" => &["de ", "het ", "een "],
        "por" => &["o ", "a ", "os ", "as ", "um ", "uma "],
        _ => &[],
    };
    let low = title.to_lowercase();
    // A title that is only the article ("A") is not skipped.
    articles
        .iter()
        .find(|a| low.starts_with(*a) && low.len() > a.len())
        .map(|a| char::from_digit(a.chars().count() as u32, 10).unwrap_or('0'))
        .unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_articles_by_language() {
        assert_eq!(nonfiling("The Hobbit", Some("eng")), '4');
        assert_eq!(nonfiling("An essay", None), '3');
        assert_eq!(nonfiling("L'étranger", Some("fre")), '2');
        assert_eq!(nonfiling("Die Blechtrommel", Some("ger")), '4');
        assert_eq!(nonfiling("Die Hard", Some("eng")), '0');
        assert_eq!(marc_language(Some("en-US")), Some("eng"));
        assert_eq!(marc_language(Some("German")), Some("ger"));
    }
}
