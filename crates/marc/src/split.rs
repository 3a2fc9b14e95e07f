//! Splitting fields too long for one ISO 2709 directory entry into repeated fields, as MARC 21
//! allows for notes: a long 505 contents note goes on in further 505 fields (first indicator 8,
//! no display constant, as the 505 examples of *MARC 21 Format for Bibliographic Data* show for
//! "continues the contents note begun in the first occurrence"), another repeatable 5XX note in
//! further fields with the same tag and indicators.
//!
//! A pure function of the record: nothing is written here. Lengths are counted by a `measure`
//! the caller gives (bytes of a text in the output encoding: UTF-8 or MARC-8), so the pieces fit
//! the bytes that will actually be written.

use unicode_normalization::char::is_combining_mark;

use crate::iso2709::TooLong;
use crate::record::{Field, Record, Subfield};

/// Whether a long field with this tag may be continued in further fields of the same tag: the
/// repeatable notes of MARC 21 Bibliographic (every 5XX but 507 "Scale Note for Visual
/// Materials" and 514 "Data Quality Note", which are not repeatable). Local 59X notes are counted
/// repeatable, as libraries use them.
pub fn continues_in_repeated_fields(tag: &str) -> bool {
    tag.len() == 3
        && tag.starts_with('5')
        && tag.bytes().all(|b| b.is_ascii_digit())
        && tag != "507"
        && tag != "514"
}

/// One field that [`split_long_fields`] split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitField {
    /// The field's tag (e.g. `505`).
    pub tag: String,
    /// Its length before the split, in bytes as written (indicators, delimiters and field
    /// terminator included).
    pub bytes: usize,
    /// How many fields it became (at least 2).
    pub into: usize,
}

/// Subfields that say what a whole note is about or where it comes from, copied into every
/// piece: $3 materials specified, $5 institution to which field applies, $8 field link and
/// sequence number (MARC 21 Bibliographic, Appendix A "Control Subfields").
fn carried(code: char) -> bool {
    matches!(code, '3' | '5' | '8')
}

/// Bytes of one field as written in ISO 2709, its field terminator included: for a data field
/// two indicators, then per subfield the delimiter, the code and the text.
pub fn field_length(field: &Field, measure: &impl Fn(&str) -> usize) -> usize {
    match field {
        Field::Control { value, .. } => measure(value) + 1,
        Field::Data { subfields, .. } => {
            2 + subfields
                .iter()
                .map(|s| 2 + measure(&s.value))
                .sum::<usize>()
                + 1
        }
    }
}

/// Splits every field longer than `max` bytes (as [`field_length`] counts it with `measure`,
/// the bytes of a text in the output encoding) into several fields of the same tag, each at most
/// `max` bytes, in the same place in the record. Only the notes [`continues_in_repeated_fields`]
/// names are split, between subfields where that is enough (in an enhanced 505, before a `$g` or
/// `$t` that begins an entry), else inside the text: at " -- " in a 505 (the earlier piece keeps
/// its " --"), else after a sentence (". "), else at a space, else between two characters (never
/// before a combining mark). Subfields $3, $5 and $8 are repeated in each piece; a 505 continued
/// gets first indicator 8. Give [`crate::ISO2709_MAX_FIELD`] as `max` for ISO 2709.
///
/// Returns the record (a clone when nothing was too long) and the fields split, in record order.
/// Errors: [`TooLong::Field`] naming the first field too long that cannot be split (a control
/// field, a field that may not repeat, a field with a `$6` linkage to an 880, which pairs with
/// one field only). The whole record may still be longer than ISO 2709 allows: check the bytes
/// written ([`crate::check_iso2709_lengths`]).
pub fn split_long_fields(
    record: &Record,
    max: usize,
    measure: impl Fn(&str) -> usize,
) -> Result<(Record, Vec<SplitField>), TooLong> {
    let mut out = Record {
        leader: record.leader.clone(),
        fields: Vec::with_capacity(record.fields.len()),
    };
    let mut split = Vec::new();
    for field in &record.fields {
        let bytes = field_length(field, &measure);
        if bytes <= max {
            out.fields.push(field.clone());
            continue;
        }
        let too_long = || TooLong::Field(field.tag().to_string(), bytes);
        let Field::Data {
            tag,
            ind1,
            ind2,
            subfields,
        } = field
        else {
            return Err(too_long());
        };
        if !continues_in_repeated_fields(tag) || subfields.iter().any(|s| s.code == '6') {
            return Err(too_long());
        }
        let groups =
            split_subfields(subfields, tag == "505", max, &measure).ok_or_else(too_long)?;
        split.push(SplitField {
            tag: tag.clone(),
            bytes,
            into: groups.len(),
        });
        for (i, subfields) in groups.into_iter().enumerate() {
            out.fields.push(Field::Data {
                tag: tag.clone(),
                // MARC 21 505: "8 - No display constant generated" for the continuation, so
                // "Contents:" is shown once.
                ind1: if tag == "505" && i > 0 { '8' } else { *ind1 },
                ind2: *ind2,
                subfields,
            });
        }
    }
    Ok((out, split))
}

/// The subfields of each piece of one field, or `None` when they cannot be made to fit.
fn split_subfields(
    subfields: &[Subfield],
    contents: bool,
    max: usize,
    measure: &impl Fn(&str) -> usize,
) -> Option<Vec<Vec<Subfield>>> {
    let size = |s: &Subfield| 2 + measure(&s.value);
    let first_body = subfields.iter().position(|s| !carried(s.code))?;
    let pre = &subfields[..first_body];
    let post: Vec<Subfield> = subfields[first_body..]
        .iter()
        .filter(|s| carried(s.code))
        .cloned()
        .collect();
    let body = subfields[first_body..].iter().filter(|s| !carried(s.code));
    let overhead = 3 + pre.iter().map(size).sum::<usize>() + post.iter().map(size).sum::<usize>();
    let budget = max.checked_sub(overhead)?;

    let mut groups: Vec<Vec<Subfield>> = Vec::new();
    let mut cur: Vec<Subfield> = Vec::new();
    let mut used = 0;
    for sf in body {
        let n = size(sf);
        if used + n <= budget {
            cur.push(sf.clone());
            used += n;
            continue;
        }
        if n <= budget {
            // A new piece; in an enhanced 505 the entry begun at the end of this one goes along.
            let keep = if contents && !starts_entry(sf, cur.last()) {
                (1..cur.len())
                    .rev()
                    .find(|&k| starts_entry(&cur[k], Some(&cur[k - 1])))
                    .unwrap_or(cur.len())
            } else {
                cur.len()
            };
            let moved: usize = cur[keep..].iter().map(size).sum();
            let moved = if keep < cur.len() && moved + n <= budget {
                cur.split_off(keep)
            } else {
                Vec::new()
            };
            groups.push(std::mem::take(&mut cur));
            used = moved.iter().map(size).sum::<usize>() + n;
            cur = moved;
            cur.push(sf.clone());
            continue;
        }
        // Too long alone: its text is cut, each piece filling what is left of a field.
        let mut rest = sf.value.clone();
        loop {
            // Not a scrap at the end of a full piece: a new one instead.
            if !cur.is_empty() && budget - used < budget / 4 {
                groups.push(std::mem::take(&mut cur));
                used = 0;
            }
            let room = budget - used;
            if 2 + measure(&rest) <= room {
                used += 2 + measure(&rest);
                cur.push(Subfield {
                    code: sf.code,
                    value: rest,
                });
                break;
            }
            match cut_text(&rest, room.saturating_sub(2), contents, measure) {
                Some((piece, remainder)) => {
                    cur.push(Subfield {
                        code: sf.code,
                        value: piece,
                    });
                    groups.push(std::mem::take(&mut cur));
                    used = 0;
                    rest = remainder;
                }
                None if !cur.is_empty() => {
                    groups.push(std::mem::take(&mut cur));
                    used = 0;
                }
                None => return None,
            }
        }
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    Some(
        groups
            .into_iter()
            .map(|g| {
                pre.iter()
                    .cloned()
                    .chain(g)
                    .chain(post.iter().cloned())
                    .collect()
            })
            .collect(),
    )
}

/// Whether a subfield of an enhanced 505 begins an entry: a `$g` (volume, part), or a `$t` not
/// after its `$g`.
fn starts_entry(sf: &Subfield, previous: Option<&Subfield>) -> bool {
    sf.code == 'g' || (sf.code == 't' && previous.is_none_or(|p| p.code != 'g'))
}

/// Cuts `text` into a first piece of at most `budget` bytes (as `measure` counts) and the rest,
/// at the best boundary that gives a piece of at least half the budget: " -- " in a contents
/// note, then the end of a sentence, then a space, then any character boundary not before a
/// combining mark. `None` when not even one character fits.
fn cut_text(
    text: &str,
    budget: usize,
    contents: bool,
    measure: &impl Fn(&str) -> usize,
) -> Option<(String, String)> {
    // Each kind: where the piece may end, and how the piece and the rest are made there.
    let dashes: Vec<usize> = if contents {
        text.match_indices(" -- ").map(|(i, _)| i).collect()
    } else {
        Vec::new()
    };
    let sentences: Vec<usize> = text
        .match_indices(['.', '?', '!'])
        .map(|(i, _)| i)
        .filter(|&i| text[i + 1..].starts_with(' '))
        .collect();
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    let chars: Vec<usize> = text
        .char_indices()
        .skip(1)
        .filter(|&(_, c)| !is_combining_mark(c))
        .map(|(i, _)| i)
        .collect();
    type Make = fn(&str, usize) -> (String, String);
    let kinds: [(&[usize], Make); 4] = [
        (&dashes, |t, i| {
            (format!("{} --", &t[..i]), t[i + 4..].to_string())
        }),
        (&sentences, |t, i| {
            (t[..=i].to_string(), t[i + 1..].trim_start().to_string())
        }),
        (&spaces, |t, i| {
            (t[..i].trim_end().to_string(), t[i + 1..].to_string())
        }),
        (&chars, |t, i| (t[..i].to_string(), t[i..].to_string())),
    ];
    let last = kinds.len() - 1;
    for (k, (candidates, make)) in kinds.iter().enumerate() {
        let fits = |i: usize| measure(&make(text, i).0) <= budget;
        // Pieces grow with the position: the last candidate that fits, by bisection.
        let n = candidates.partition_point(|&i| fits(i));
        let Some(mut at) = n.checked_sub(1) else {
            continue;
        };
        // MARC-8 escapes make the growth not quite even: step back until it truly fits.
        while !fits(candidates[at]) {
            at = at.checked_sub(1)?;
        }
        let (piece, rest) = make(text, candidates[at]);
        if piece.is_empty() || rest.is_empty() {
            continue;
        }
        if k == last || measure(&piece) * 2 >= budget {
            return Some((piece, rest));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_iso2709_lengths, write_iso2709, Reader, ISO2709_MAX_FIELD};

    fn utf8(s: &str) -> usize {
        s.len()
    }

    /// Every value of subfield `code` in the fields with `tag`, in record order.
    fn texts<'a>(r: &'a Record, tag: &'a str, code: char) -> Vec<&'a str> {
        r.fields_with_tag(tag)
            .flat_map(|f| f.subfields())
            .filter(|s| s.code == code)
            .map(|s| s.value.as_str())
            .collect()
    }

    /// "pt. 1. Title of part one -- pt. 2. … ." with `n` entries.
    fn basic_contents(n: usize) -> String {
        let parts: Vec<String> = (1..=n)
            .map(|i| format!("pt. {i}. The proceedings of session number {i} of the congress"))
            .collect();
        format!("{}.", parts.join(" -- "))
    }

    fn with_contents(text: &str) -> Record {
        Record::new()
            .with_control("001", "c1")
            .with_data("245", "00", &[('a', "Proceedings.")])
            .with_data("505", "0 ", &[('a', text)])
            .with_data("650", " 0", &[('a', "Congresses.")])
    }

    fn assert_fits(r: &Record) {
        let bytes = write_iso2709(r);
        check_iso2709_lengths(&bytes).unwrap();
        let back = Reader::new(&bytes[..]).next().unwrap().unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.record.fields, r.fields);
    }

    #[test]
    fn a_long_basic_contents_note_is_continued_in_505_fields_at_double_dashes() {
        let text = basic_contents(400);
        assert!(text.len() > 2 * ISO2709_MAX_FIELD);
        let (r, split) = split_long_fields(&with_contents(&text), ISO2709_MAX_FIELD, utf8).unwrap();
        let pieces = texts(&r, "505", 'a');
        assert_eq!(split.len(), 1);
        assert_eq!(split[0].tag, "505");
        assert_eq!(split[0].into, pieces.len());
        assert!(pieces.len() >= 3, "{}", pieces.len());
        // Joined again with the space the cut took, the note is what it was.
        assert_eq!(pieces.join(" "), text);
        for (i, p) in pieces.iter().enumerate() {
            if i + 1 < pieces.len() {
                assert!(p.ends_with("congress --"), "cut at an entry: {p:?}");
            }
            assert!(p.starts_with("pt. "), "{p:?}");
        }
        // Same place in the record, first indicator 8 after the first.
        let tags: Vec<&str> = r.fields.iter().map(Field::tag).collect();
        assert_eq!(tags[..3], ["001", "245", "505"]);
        assert_eq!(tags.last(), Some(&"650"));
        let inds: Vec<(char, char)> = r.fields_with_tag("505").map(Field::indicators).collect();
        assert_eq!(inds[0], ('0', ' '));
        assert!(inds[1..].iter().all(|&i| i == ('8', ' ')), "{inds:?}");
        for f in r.fields_with_tag("505") {
            assert!(field_length(f, &utf8) <= ISO2709_MAX_FIELD);
        }
        assert_fits(&r);
    }

    #[test]
    fn other_notes_are_cut_after_a_sentence_keeping_their_indicators() {
        let text = "The committee met in the spring. ".repeat(700);
        let text = text.trim_end();
        let record = Record::new().with_data("520", "3 ", &[('a', text)]);
        let (r, split) = split_long_fields(&record, ISO2709_MAX_FIELD, utf8).unwrap();
        assert_eq!(split[0].into, 3);
        let pieces = texts(&r, "520", 'a');
        assert!(pieces.iter().all(|p| p.ends_with("spring.")), "{pieces:?}");
        assert_eq!(pieces.join(" "), text);
        assert!(r
            .fields_with_tag("520")
            .all(|f| f.indicators() == ('3', ' ')));
        assert_fits(&r);
    }

    #[test]
    fn text_without_sentences_is_cut_at_a_space_and_text_without_spaces_between_characters() {
        let words = "word ".repeat(4000);
        let words = words.trim_end();
        let (r, _) = split_long_fields(
            &Record::new().with_data("500", "  ", &[('a', words)]),
            ISO2709_MAX_FIELD,
            utf8,
        )
        .unwrap();
        let pieces = texts(&r, "500", 'a');
        assert!(pieces
            .iter()
            .all(|p| p.ends_with("word") && p.starts_with("word")));
        assert_eq!(pieces.join(" "), words);

        // Two-byte letters and a combining mark after each base letter: never split inside a
        // character or between a letter and its mark.
        let run = "e\u{301}ł".repeat(5000);
        let (r, split) = split_long_fields(
            &Record::new().with_data("590", "  ", &[('a', &run)]),
            ISO2709_MAX_FIELD,
            utf8,
        )
        .unwrap();
        let pieces = texts(&r, "590", 'a');
        assert_eq!(split[0].into, pieces.len());
        assert_eq!(pieces.concat(), run);
        assert!(
            pieces.iter().all(|p| !p.starts_with('\u{301}')),
            "no piece begins with a mark"
        );
        assert_fits(&r);
    }

    #[test]
    fn an_enhanced_contents_note_is_split_before_an_entry_never_between_a_title_and_its_author() {
        let mut subfields = Vec::new();
        for i in 1..=300 {
            subfields.push(('g', format!("v. {i}.")));
            subfields.push(('t', format!("The collected letters, volume {i} /")));
            subfields.push(('r', format!("edited by Editor Number {i} --")));
        }
        let pairs: Vec<(char, &str)> = subfields.iter().map(|(c, v)| (*c, v.as_str())).collect();
        let record = Record::new().with_data("505", "00", &pairs);
        let (r, split) = split_long_fields(&record, ISO2709_MAX_FIELD, utf8).unwrap();
        assert!(split[0].into >= 2);
        let fields: Vec<&Field> = r.fields_with_tag("505").collect();
        for (i, f) in fields.iter().enumerate() {
            assert_eq!(f.subfields()[0].code, 'g', "piece {i} begins an entry");
            assert_eq!(f.indicators(), (if i == 0 { '0' } else { '8' }, '0'));
            assert!(field_length(f, &utf8) <= ISO2709_MAX_FIELD);
        }
        let all: Vec<(char, String)> = fields
            .iter()
            .flat_map(|f| f.subfields().iter().map(|s| (s.code, s.value.clone())))
            .collect();
        assert_eq!(all, subfields);
        assert_fits(&r);
    }

    #[test]
    fn materials_institution_and_link_subfields_are_repeated_in_every_piece() {
        let text = "A very long note about the binding. ".repeat(600);
        let record = Record::new().with_data(
            "563",
            "  ",
            &[
                ('3', "v. 2"),
                ('a', text.trim_end()),
                ('5', "DLC"),
                ('8', "1\\c"),
            ],
        );
        let (r, _) = split_long_fields(&record, ISO2709_MAX_FIELD, utf8).unwrap();
        let fields: Vec<&Field> = r.fields_with_tag("563").collect();
        assert!(fields.len() >= 2);
        for f in &fields {
            let codes: String = f.subfields().iter().map(|s| s.code).collect();
            assert_eq!(codes, "3a58");
            assert_eq!(f.subfield('3'), Some("v. 2"));
            assert_eq!(f.subfield('5'), Some("DLC"));
        }
        assert_fits(&r);
    }

    #[test]
    fn fields_that_may_not_repeat_or_pair_with_an_880_are_not_split() {
        let long = "x ".repeat(6000);
        for record in [
            Record::new().with_data("245", "00", &[('a', &long)]),
            Record::new().with_data("514", "  ", &[('a', &long)]),
            Record::new().with_data("505", "0 ", &[('6', "880-01"), ('a', &long)]),
            Record::new().with_control("008", &long),
        ] {
            let tag = record.fields[0].tag().to_string();
            let bytes = field_length(&record.fields[0], &utf8);
            assert_eq!(
                split_long_fields(&record, ISO2709_MAX_FIELD, utf8),
                Err(TooLong::Field(tag, bytes))
            );
        }
    }

    #[test]
    fn a_record_that_fits_comes_back_as_it_was() {
        let record = with_contents(&basic_contents(5));
        let (r, split) = split_long_fields(&record, ISO2709_MAX_FIELD, utf8).unwrap();
        assert_eq!(r, record);
        assert!(split.is_empty());
    }

    #[test]
    fn pieces_fit_in_the_bytes_of_the_output_encoding() {
        // In MARC-8 "é" is two bytes (combining acute first) and "ł" one, and escapes for other
        // scripts add more: measured in MARC-8, each piece fits as MARC-8.
        let text = format!("{}.", vec!["Café łódzki -- Αθήνα"; 1200].join(" -- "));
        let marc8 = |s: &str| crate::marc8::encode(s).len();
        let (r, _) = split_long_fields(&with_contents(&text), ISO2709_MAX_FIELD, marc8).unwrap();
        let bytes = crate::write_iso2709_marc8(&r);
        check_iso2709_lengths(&bytes).unwrap();
        assert!(texts(&r, "505", 'a').len() >= 3);
        assert_eq!(texts(&r, "505", 'a').join(" "), text);
    }
}
