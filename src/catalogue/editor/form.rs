//! The form view: labelled fields a technician fills in, mapped to MARC 21 Bibliographic. Rust is
//! the one place where the mapping lives; the window asks for [`form_from_record`] and sends the
//! form back through [`apply_form`].
//!
//! `apply_form` rewrites only the fields the form owns, and among them only the parts whose form
//! values changed: a field whose value is unchanged is left byte for byte as it was, and every
//! field the form does not show (600, 651, 700 $t, 111, 5XX other than 500, …) is untouched.
//!
//! | Form | MARC 21 |
//! |---|---|
//! | title, subtitle, responsibility | 245 $a : $b / $c (ind1 1 when a 1XX exists; ind2 non-filing "The "/"A "/"An ") |
//! | authors (name, role, personal/corporate) | first creator: 100 1_/110 2_, others 700/710; role in $e |
//! | edition | 250 $a |
//! | place, publisher, date | 264 _1 $a : $b, $c (read from 260 too); year also 008/07-10 |
//! | extent, dimensions | 300 $a ; $c |
//! | series (title, number) | 490 0_ $a ; $v |
//! | subjects ("Main -- Sub") | 650 _4 $a $x |
//! | notes | 500 $a |
//! | ISBNs / ISSNs | 020 $a ($q qualifier) / 022 $a |
//! | language | 008/35-37 (and 041 $a when the record has a 041) |

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{
    insert_in_tag_order, set_range, split_isbn, EditableField, EditableRecord, EditableSubfield,
};
use crate::catalogue::extract::trim_isbd;
use crate::catalogue::standard_numbers::{self, NumberKind};

/// A name in the form: a person or an organisation with the role it had (a relator term, MARC 21
/// 100/700 $e: "author", "editor", "translator", "compiler", "illustrator", "issuing body", …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FormAuthor {
    /// The name as in the heading ($a $b), "Surname, Forename" for a person, e.g. "Reader, Ann".
    pub name: String,
    /// Relator term, empty when the record gives none.
    pub role: String,
    /// `"personal"` (X00) or `"corporate"` (X10).
    pub kind: String,
}

/// A series statement (490 $a, $v).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FormSeries {
    /// Series title (MARC 21 Bibliographic 490 $a).
    pub title: String,
    /// Volume or number within the series (490 $v), e.g. "v. 12"; empty when none.
    pub number: String,
}

/// The form view of a record. Empty text means "not given". See the module table for the MARC
/// fields behind each value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecordForm {
    /// Title proper (MARC 21 Bibliographic 245 $a), without ISBD punctuation.
    pub title: String,
    /// Remainder of title (245 $b).
    pub subtitle: String,
    /// Statement of responsibility (245 $c), e.g. "edited by Ann Reader".
    pub responsibility: String,
    /// Names (100/110, 700/710 without $t) in record order; on save the first may become the 1XX main entry.
    pub authors: Vec<FormAuthor>,
    /// Edition statement (250 $a), e.g. "2nd ed".
    pub edition: String,
    /// Place of publication (264 _1 $a, else 260 $a); several joined by " ; ".
    pub place: String,
    /// Publisher (264 _1 $b, else 260 $b); several joined by " : ".
    pub publisher: String,
    /// Date of publication as written (264 _1 $c, else 260 $c), e.g. "2019" or "c2019".
    pub date: String,
    /// 300 $a, e.g. "xii, 320 pages" or "1 volume (loose-leaf)".
    pub extent: String,
    /// 300 $c, e.g. "24 cm".
    pub dimensions: String,
    /// Series statements (490 $a $v; written with first indicator 0), in record order.
    pub series: Vec<FormSeries>,
    /// Topical subject headings (650), subdivisions joined by " -- ".
    pub subjects: Vec<String>,
    /// General notes (500).
    pub notes: Vec<String>,
    /// ISBNs (020 $a, else $z), each followed by its qualifier in brackets: "9780306406157 (pbk.)".
    pub isbns: Vec<String>,
    /// ISSNs (022 $a, else $y or $z), e.g. "0378-5955".
    pub issns: Vec<String>,
    /// MARC language code, three lower-case letters ("eng").
    pub language: String,
}

/// Which fields each part of the form was read from (indices into the record's fields).
#[derive(Default)]
struct Sources {
    title: Option<usize>,
    authors: Vec<usize>,
    edition: Option<usize>,
    publication: Option<usize>,
    physical: Option<usize>,
    series: Vec<usize>,
    subjects: Vec<usize>,
    notes: Vec<usize>,
    isbns: Vec<usize>,
    issns: Vec<usize>,
}

/// Relator terms that make a name the main entry (1XX) when it comes first.
const CREATOR_ROLES: &[&str] = &[
    "author",
    "creator",
    "artist",
    "cartographer",
    "composer",
    "photographer",
];

/// Relator codes (MARC Code List for Relators) read from $4 when a field has no $e.
fn relator_term(code: &str) -> Option<&'static str> {
    Some(match code {
        "aut" => "author",
        "edt" => "editor",
        "trl" => "translator",
        "com" => "compiler",
        "ill" => "illustrator",
        "ctb" => "contributor",
        "isb" => "issuing body",
        "cre" => "creator",
        "art" => "artist",
        "ctg" => "cartographer",
        "pht" => "photographer",
        "cmp" => "composer",
        _ => return None,
    })
}

fn joined(f: &EditableField, codes: &str, sep: &str) -> String {
    let parts: Vec<String> = f
        .subfields
        .iter()
        .filter(|s| codes.contains(s.code.as_str()) && s.code.len() == 1)
        .map(|s| trim_isbd(&s.value))
        .filter(|s| !s.is_empty())
        .collect();
    parts.join(sep)
}

fn author_of(f: &EditableField) -> FormAuthor {
    let kind = if f.tag.ends_with("00") {
        "personal"
    } else {
        "corporate"
    };
    let mut role = f
        .subfields
        .iter()
        .filter(|s| s.code == "e")
        .map(|s| trim_isbd(&s.value))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if role.is_empty() {
        role = f
            .subfields
            .iter()
            .filter(|s| s.code == "4")
            .filter_map(|s| relator_term(s.value.trim()))
            .collect::<Vec<_>>()
            .join(", ");
    }
    FormAuthor {
        name: joined(f, "ab", " "),
        role,
        kind: kind.into(),
    }
}

fn subject_of(f: &EditableField) -> String {
    let main = joined(f, "abcd", " ");
    let subs: Vec<String> = f
        .subfields
        .iter()
        .filter(|s| matches!(s.code.as_str(), "v" | "x" | "y" | "z"))
        .map(|s| trim_isbd(&s.value))
        .filter(|s| !s.is_empty())
        .collect();
    std::iter::once(main)
        .chain(subs)
        .collect::<Vec<_>>()
        .join(" -- ")
}

fn isbn_of(f: &EditableField) -> String {
    let number = f
        .subfield("a")
        .or_else(|| f.subfield("z"))
        .unwrap_or("")
        .trim()
        .to_string();
    match f.subfield("q").map(|q| {
        q.trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim()
    }) {
        Some(q) if !q.is_empty() => format!("{number} ({q})"),
        _ => number,
    }
}

fn issn_of(f: &EditableField) -> String {
    f.subfield("a")
        .or_else(|| f.subfield("y"))
        .or_else(|| f.subfield("z"))
        .unwrap_or("")
        .trim()
        .to_string()
}

fn series_of(f: &EditableField) -> FormSeries {
    FormSeries {
        title: joined(f, "a", " ; "),
        number: joined(f, "v", " ; "),
    }
}

fn read(rec: &EditableRecord) -> (RecordForm, Sources) {
    let mut form = RecordForm::default();
    let mut src = Sources::default();
    let mut publication_260 = None;
    for (i, f) in rec.fields.iter().enumerate() {
        match f.tag.as_str() {
            "245" if src.title.is_none() => {
                src.title = Some(i);
                form.title = joined(f, "a", " ");
                form.subtitle = joined(f, "b", " ");
                form.responsibility = joined(f, "c", " ");
            }
            "100" | "110" | "700" | "710" if f.subfield("t").is_none() => {
                src.authors.push(i);
                form.authors.push(author_of(f));
            }
            "250" if src.edition.is_none() => {
                src.edition = Some(i);
                form.edition = joined(f, "ab", " ");
            }
            "264" if src.publication.is_none() && f.ind2 == "1" => src.publication = Some(i),
            "260" if publication_260.is_none() => publication_260 = Some(i),
            "300" if src.physical.is_none() => {
                src.physical = Some(i);
                form.extent = joined(f, "a", " ");
                form.dimensions = joined(f, "c", " ");
            }
            "490" => {
                src.series.push(i);
                form.series.push(series_of(f));
            }
            "650" => {
                src.subjects.push(i);
                form.subjects.push(subject_of(f));
            }
            "500" => {
                src.notes.push(i);
                form.notes
                    .push(f.subfield("a").unwrap_or("").trim().to_string());
            }
            "020" if f.subfield("a").or(f.subfield("z")).is_some() => {
                src.isbns.push(i);
                form.isbns.push(isbn_of(f));
            }
            "022"
                if f.subfield("a")
                    .or(f.subfield("y"))
                    .or(f.subfield("z"))
                    .is_some() =>
            {
                src.issns.push(i);
                form.issns.push(issn_of(f));
            }
            _ => {}
        }
    }
    src.publication = src.publication.or(publication_260);
    if let Some(i) = src.publication {
        let f = &rec.fields[i];
        form.place = joined(f, "a", " ; ");
        form.publisher = joined(f, "b", " : ");
        form.date = joined(f, "c", " ");
    }
    form.language = language_of(rec);
    (form, src)
}

fn language_of(rec: &EditableRecord) -> String {
    let from_008 = rec
        .control("008")
        .and_then(|v| v.get(35..38))
        .map(str::trim)
        .filter(|l| l.len() == 3 && l.chars().all(|c| c.is_ascii_alphabetic()));
    from_008
        .map(str::to_string)
        .or_else(|| {
            rec.field("041")
                .and_then(|f| f.subfield("a"))
                .map(|a| a.trim().to_string())
        })
        .unwrap_or_default()
        .to_lowercase()
}

/// The form view of a record (see the module table).
pub fn form_from_record(rec: &EditableRecord) -> RecordForm {
    read(rec).0
}

/// Ends `value` with ISBD punctuation `mark` (" :", " /", ",", "."), unless it already ends with
/// it; "." is not added after "?", "!", "]", ")" or "-", nor doubled.
fn punctuate(value: &str, mark: &str) -> String {
    let v = value.trim_end();
    if mark == "." {
        if v.ends_with(['.', '?', '!', ']', ')', '-']) || v.is_empty() {
            return v.to_string();
        }
        return format!("{v}.");
    }
    if mark == "," && v.ends_with('-') {
        return v.to_string();
    }
    format!("{v}{mark}")
}

fn sf(code: &str, value: String) -> EditableSubfield {
    EditableSubfield {
        code: code.into(),
        value,
    }
}

/// Non-filing characters for an English initial article ("The " 4, "A " 2, "An " 3).
fn non_filing(title: &str) -> char {
    let lower = title.to_lowercase();
    for (article, n) in [("the ", '4'), ("an ", '3'), ("a ", '2')] {
        if lower.starts_with(article) {
            return n;
        }
    }
    '0'
}

/// The 245 for the form's title block, keeping the old field's other subfields ($n, $p, $f, …).
fn title_field(
    old: Option<&EditableField>,
    form: &RecordForm,
    english: bool,
) -> Option<EditableField> {
    if form.title.trim().is_empty()
        && form.subtitle.trim().is_empty()
        && form.responsibility.trim().is_empty()
        && old.is_none()
    {
        return None;
    }
    let mut f = old
        .cloned()
        .unwrap_or_else(|| EditableField::data("245", "00", &[]));
    let others: Vec<EditableSubfield> = f
        .subfields
        .iter()
        .filter(|s| !matches!(s.code.as_str(), "a" | "b" | "c"))
        .cloned()
        .collect();
    let mut subs = vec![sf("a", form.title.trim().to_string())];
    if !form.subtitle.trim().is_empty() {
        subs.push(sf("b", form.subtitle.trim().to_string()));
    }
    subs.extend(others);
    if !form.responsibility.trim().is_empty() {
        subs.push(sf("c", form.responsibility.trim().to_string()));
    }
    let n = subs.len();
    for k in 0..n {
        if !matches!(subs[k].code.as_str(), "a" | "b" | "c" | "n" | "p") {
            continue;
        }
        let base = trim_isbd(&subs[k].value);
        let mark = match subs.get(k + 1).map(|s| s.code.as_str()) {
            Some("b") => " :",
            Some("c") => " /",
            Some("n" | "p") | None => ".",
            _ => "",
        };
        subs[k].value = if base.is_empty() {
            base
        } else {
            punctuate(&base, mark)
        };
    }
    f.subfields = subs;
    if english {
        f.ind2 = non_filing(form.title.trim()).to_string();
    }
    Some(f)
}

/// The name field for `author` with tag prefix `'1'` or `'7'`, from `old` (its other subfields
/// kept, the role rewritten) or new.
fn author_field(author: &FormAuthor, old: Option<&EditableField>, prefix: char) -> EditableField {
    let corporate = author.kind == "corporate";
    let tag = format!("{prefix}{}", if corporate { "10" } else { "00" });
    if let Some(o) = old {
        let mut f = o.clone();
        f.tag = tag;
        if author_of(o).role != author.role.trim() {
            f.subfields.retain(|s| s.code != "e" && s.code != "4");
            let insert_at = f
                .subfields
                .iter()
                .position(|s| matches!(s.code.as_str(), "0" | "1" | "2" | "6" | "8"))
                .unwrap_or(f.subfields.len());
            if !author.role.trim().is_empty() && insert_at > 0 {
                let before = &mut f.subfields[insert_at - 1];
                before.value = punctuate(&trim_isbd(&before.value), ",");
                f.subfields
                    .insert(insert_at, sf("e", punctuate(author.role.trim(), ".")));
            } else if insert_at > 0 {
                let before = &mut f.subfields[insert_at - 1];
                before.value = punctuate(&trim_isbd(&before.value), ".");
            }
        }
        return f;
    }
    let name = author.name.trim();
    let ind1 = if corporate {
        '2'
    } else if name.contains(", ") || name.contains(',') {
        '1'
    } else {
        '0'
    };
    let mut f = EditableField::data(&tag, &format!("{ind1} "), &[]);
    if author.role.trim().is_empty() {
        f.subfields.push(sf("a", punctuate(name, ".")));
    } else {
        f.subfields.push(sf("a", punctuate(name, ",")));
        f.subfields
            .push(sf("e", punctuate(author.role.trim(), ".")));
    }
    f
}

/// The publication field (264 _1) for place, publisher and date.
fn publication_field(form: &RecordForm) -> Option<EditableField> {
    let (place, publisher, date) = (form.place.trim(), form.publisher.trim(), form.date.trim());
    if place.is_empty() && publisher.is_empty() && date.is_empty() {
        return None;
    }
    let mut subs = Vec::new();
    if !place.is_empty() {
        subs.push(sf("a", place.to_string()));
    }
    if !publisher.is_empty() {
        subs.push(sf("b", publisher.to_string()));
    }
    if !date.is_empty() {
        subs.push(sf("c", date.to_string()));
    }
    let n = subs.len();
    for k in 0..n {
        let mark = match subs.get(k + 1).map(|s| s.code.as_str()) {
            Some("b") => " :",
            Some("c") => ",",
            _ => ".",
        };
        subs[k].value = punctuate(&subs[k].value, mark);
    }
    Some(EditableField {
        tag: "264".into(),
        ind1: " ".into(),
        ind2: "1".into(),
        value: None,
        subfields: subs,
    })
}

/// The 300 for extent and dimensions, keeping the old field's other subfields ($b, $e, $3).
fn physical_field(old: Option<&EditableField>, form: &RecordForm) -> Option<EditableField> {
    let (extent, dims) = (form.extent.trim(), form.dimensions.trim());
    let mut f = old
        .cloned()
        .unwrap_or_else(|| EditableField::data("300", "  ", &[]));
    let mut subs: Vec<EditableSubfield> = Vec::new();
    if !extent.is_empty() {
        subs.push(sf("a", extent.to_string()));
    }
    subs.extend(f.subfields.iter().filter(|s| s.code == "b").cloned());
    if !dims.is_empty() {
        subs.push(sf("c", dims.to_string()));
    }
    subs.extend(
        f.subfields
            .iter()
            .filter(|s| !matches!(s.code.as_str(), "a" | "b" | "c"))
            .cloned(),
    );
    if !subs
        .iter()
        .any(|s| matches!(s.code.as_str(), "a" | "b" | "c"))
    {
        return None;
    }
    let n = subs.len();
    for k in 0..n {
        if !matches!(subs[k].code.as_str(), "a" | "b" | "c") {
            continue;
        }
        let mark = match subs.get(k + 1).map(|s| s.code.as_str()) {
            Some("b") => " :",
            Some("c") => " ;",
            Some("e") => " +",
            _ => "",
        };
        subs[k].value = format!("{}{mark}", trim_isbd(&subs[k].value));
    }
    f.subfields = subs;
    Some(f)
}

fn series_field(s: &FormSeries) -> EditableField {
    let (title, number) = (s.title.trim(), s.number.trim());
    if number.is_empty() {
        EditableField::data("490", "0 ", &[('a', title)])
    } else {
        EditableField::data("490", "0 ", &[('a', &format!("{title} ;")), ('v', number)])
    }
}

fn subject_field(heading: &str) -> EditableField {
    let mut parts = heading.split("--").map(str::trim).filter(|p| !p.is_empty());
    let mut f = EditableField::data("650", " 4", &[('a', parts.next().unwrap_or(""))]);
    f.subfields.extend(parts.map(|p| sf("x", p.to_string())));
    f
}

fn isbn_field(typed: &str) -> EditableField {
    if standard_numbers::isbn13(typed).is_some() {
        let (number, qualifier) = split_isbn(typed);
        let mut f = EditableField::data("020", "  ", &[('a', &number)]);
        if let Some(q) = qualifier {
            f.subfields.push(sf("q", q));
        }
        f
    } else {
        EditableField::data("020", "  ", &[('a', typed.trim())])
    }
}

fn issn_field(typed: &str) -> EditableField {
    let v = standard_numbers::validate(NumberKind::Issn, typed);
    EditableField::data(
        "022",
        "  ",
        &[('a', v.normalized.as_deref().unwrap_or(typed.trim()))],
    )
}

/// The form without the empty rows a window shows for typing into (a name, series, subject,
/// note or number left blank).
fn without_blank_rows(form: &RecordForm) -> RecordForm {
    let mut f = form.clone();
    f.authors.retain(|a| !a.name.trim().is_empty());
    f.series
        .retain(|s| !s.title.trim().is_empty() || !s.number.trim().is_empty());
    for list in [&mut f.subjects, &mut f.notes, &mut f.isbns, &mut f.issns] {
        list.retain(|v| !v.trim().is_empty());
    }
    f
}

/// Replaces a repeatable part: each new value whose derived form equals an old field's is kept as
/// that field (unchanged, in place); the other old fields go; new values become new fields.
fn replace_list<T: PartialEq>(
    slots: &mut [Option<EditableField>],
    added: &mut Vec<EditableField>,
    old_values: &[T],
    sources: &[usize],
    new_values: &[T],
    is_empty: impl Fn(&T) -> bool,
    build: impl Fn(&T) -> EditableField,
) {
    let mut unused: Vec<(usize, &T)> = sources.iter().copied().zip(old_values.iter()).collect();
    for v in new_values.iter().filter(|v| !is_empty(v)) {
        if let Some(k) = unused.iter().position(|(_, o)| *o == v) {
            unused.remove(k);
        } else {
            added.push(build(v));
        }
    }
    for (i, _) in unused {
        slots[i] = None;
    }
}

/// The record with the form's values written into the fields the form owns. Parts of the form
/// that equal what [`form_from_record`] reads from `rec` leave their fields untouched, so
/// `apply_form(r, &form_from_record(r)) == r`. See the module table for the mapping and the ISBD
/// punctuation written.
pub fn apply_form(rec: &EditableRecord, form: &RecordForm) -> EditableRecord {
    let form = &without_blank_rows(form);
    let (old, src) = read(rec);
    let mut out = rec.clone();
    let mut slots: Vec<Option<EditableField>> = rec.fields.iter().cloned().map(Some).collect();
    let mut added: Vec<EditableField> = Vec::new();
    let lang = form.language.trim().to_lowercase();
    let english = lang.is_empty() || lang == "eng";

    let authors_changed = old.authors != form.authors;
    let mut has_main_entry = rec.fields.iter().any(|f| f.tag.starts_with('1'));
    if authors_changed {
        let mut unused: Vec<(usize, FormAuthor)> = src
            .authors
            .iter()
            .copied()
            .zip(old.authors.iter().cloned())
            .collect();
        for i in &src.authors {
            slots[*i] = None;
        }
        // Main entries of other kinds (111, 130) stay; the form's first creator takes 1XX only
        // when no such heading is there.
        has_main_entry = slots.iter().flatten().any(|f| f.tag.starts_with('1'));
        let mut first = true;
        for a in form.authors.iter().filter(|a| !a.name.trim().is_empty()) {
            let matched = unused
                .iter()
                .position(|(_, o)| o.name == a.name.trim() && o.kind == a.kind)
                .map(|k| unused.remove(k));
            let old_field = matched.as_ref().map(|(i, _)| &rec.fields[*i]);
            let role = a.role.trim().to_lowercase();
            let creator = CREATOR_ROLES.contains(&role.as_str())
                || (role.is_empty() && old_field.is_none_or(|f| f.tag.starts_with('1')));
            let prefix = if first && creator && !has_main_entry {
                '1'
            } else {
                '7'
            };
            if prefix == '1' {
                has_main_entry = true;
            }
            first = false;
            added.push(author_field(a, old_field, prefix));
        }
    }

    let title_changed = (
        old.title.as_str(),
        old.subtitle.as_str(),
        old.responsibility.as_str(),
    ) != (
        form.title.as_str(),
        form.subtitle.as_str(),
        form.responsibility.as_str(),
    );
    if title_changed {
        match (
            src.title,
            title_field(src.title.map(|i| &rec.fields[i]), form, english),
        ) {
            (Some(i), f) => slots[i] = f,
            (None, Some(f)) => added.push(f),
            (None, None) => {}
        }
    }
    if title_changed || authors_changed {
        let ind1 = if has_main_entry { "1" } else { "0" };
        if let Some(f) = src.title.and_then(|i| slots[i].as_mut()) {
            f.ind1 = ind1.into();
        } else if let Some(f) = added.iter_mut().find(|f| f.tag == "245") {
            f.ind1 = ind1.into();
        }
    }

    if old.edition != form.edition {
        let new = (!form.edition.trim().is_empty()).then(|| {
            EditableField::data("250", "  ", &[('a', &punctuate(form.edition.trim(), "."))])
        });
        match src.edition {
            Some(i) => slots[i] = new,
            None => added.extend(new),
        }
    }
    let publication_changed = (
        old.place.as_str(),
        old.publisher.as_str(),
        old.date.as_str(),
    ) != (
        form.place.as_str(),
        form.publisher.as_str(),
        form.date.as_str(),
    );
    if publication_changed {
        match src.publication {
            Some(i) => slots[i] = publication_field(form),
            None => added.extend(publication_field(form)),
        }
    }
    if (old.extent.as_str(), old.dimensions.as_str())
        != (form.extent.as_str(), form.dimensions.as_str())
    {
        match src.physical {
            Some(i) => slots[i] = physical_field(Some(&rec.fields[i]), form),
            None => added.extend(physical_field(None, form)),
        }
    }
    let trimmed = |v: &[String]| v.iter().map(|s| s.trim().to_string()).collect::<Vec<_>>();
    replace_list(
        &mut slots,
        &mut added,
        &old.series,
        &src.series,
        &form.series,
        |s| s.title.trim().is_empty(),
        series_field,
    );
    replace_list(
        &mut slots,
        &mut added,
        &old.subjects,
        &src.subjects,
        &trimmed(&form.subjects),
        |s| s.is_empty(),
        |s| subject_field(s),
    );
    replace_list(
        &mut slots,
        &mut added,
        &old.notes,
        &src.notes,
        &trimmed(&form.notes),
        |s| s.is_empty(),
        |s| EditableField::data("500", "  ", &[('a', s)]),
    );
    replace_list(
        &mut slots,
        &mut added,
        &old.isbns,
        &src.isbns,
        &trimmed(&form.isbns),
        |s| s.is_empty(),
        |s| isbn_field(s),
    );
    replace_list(
        &mut slots,
        &mut added,
        &old.issns,
        &src.issns,
        &trimmed(&form.issns),
        |s| s.is_empty(),
        |s| issn_field(s),
    );

    out.fields = slots.into_iter().flatten().collect();
    for f in added {
        insert_in_tag_order(&mut out.fields, f);
    }

    if old.language != lang {
        let code = if lang.is_empty() {
            "   ".to_string()
        } else {
            format!("{lang:<3}").chars().take(3).collect()
        };
        if let Some(f) = out.fields.iter_mut().find(|f| f.tag == "008") {
            let v = f.value.get_or_insert_with(String::new);
            *v = set_range(v, 35, &code);
        }
        if let Some(a) = out
            .fields
            .iter_mut()
            .find(|f| f.tag == "041")
            .and_then(|f| f.subfields.iter_mut().find(|s| s.code == "a"))
        {
            if !lang.is_empty() {
                a.value = lang.clone();
            }
        }
    }
    // The year of publication is also 008/07-10 (date 1) for a resource with a single date.
    let continuing = matches!(rec.leader_at(7), 's' | 'i');
    if publication_changed && continuing {
        // Continuing resources (MARC 21 008/06 c currently published, d ceased): "1998-" began in
        // 1998 and goes on (date 2 = 9999); "1998-2004" ceased in 2004.
        let years: Vec<&str> = form
            .date
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .collect();
        let open = form.date.trim_end_matches(['.', ' ', ']']).ends_with('-');
        let dates = match years.as_slice() {
            [begin] if open => Some(format!("c{begin}9999")),
            [begin, end] => Some(format!("d{begin}{end}")),
            _ => None,
        };
        if let (Some(dates), Some(f)) = (dates, out.fields.iter_mut().find(|f| f.tag == "008")) {
            let v = f.value.get_or_insert_with(String::new);
            if v.chars().count() >= 15 {
                *v = set_range(v, 6, &dates);
            }
        }
    }
    if publication_changed && !continuing {
        let year: Option<String> = form
            .date
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 4)
            .map(str::to_string);
        if let (Some(year), Some(f)) = (year, out.fields.iter_mut().find(|f| f.tag == "008")) {
            let v = f.value.get_or_insert_with(String::new);
            if matches!(v.chars().nth(6), Some('s' | ' ' | '|')) {
                *v = set_range(v, 6, &format!("s{year}"));
            }
        }
    }
    out
}
