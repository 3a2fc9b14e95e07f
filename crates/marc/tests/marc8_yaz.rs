//! The MARC-8 decoder against yaz-marcdump (YAZ, Index Data), the reference implementation,
//! on the real MARC-8 files of the shared test data.
//!
//! For each file, `yaz-marcdump -f MARC-8 -t UTF-8 -o json FILE` gives every subfield in UTF-8;
//! the test reads the same records with the crate's `Reader`, takes each field's bytes from the
//! record's own directory (the `Reader` shows MARC-8 text as U+FFFD until it is decoded), decodes
//! the field with `marc8::decode` and compares subfield by subfield, after NFC normalisation of
//! both sides.
//!
//! Subfields are compared with their code in front (`$a` + value), since in broken records yaz
//! and we may cut code and value differently (yaz honours leader/11, and decodes a code byte
//! that is an ANSEL diacritic together with what follows).
//!
//! Where the two differ on purpose the difference is classified, and the test fails only on a
//! difference that none of these account for (a subfield may need several, joined with `+`):
//!
//! - `StateAcrossSubfields`: an escape sequence in one subfield still applies in the next.
//!   yaz converts each subfield on its own, starting from ASCII/ANSEL again; we keep the
//!   designation to the end of the field (the MARC 21 specification: an escape sequence stays in
//!   effect until another one) and read the subfield code itself as ASCII. Recognised when
//!   decoding the subfield on its own gives yaz's text. The data is split on which reading is
//!   better: in `cyrillic_capital_e.mrc` and `u5278992.mrc` ours keeps Cyrillic text Cyrillic;
//!   in `greekmissingcharsetchange.mrc` and `chinese_mangled_multibyte.mrc`, records that forgot
//!   to switch back to ASCII, yaz's reset happens to give the intended "2011." or "2003".
//!   Decoding each subfield separately reproduces yaz's behaviour.
//! - `BadBytes`: bytes that have no entry in the LC code tables (0x7F and the C0 controls other
//!   than ESC and the separators, 0xA0, unassigned ANSEL codes such as 0xC9, digits inside a
//!   Greek run, EACC triples the table lacks, stray ESC bytes): yaz drops them silently, we write
//!   U+FFFD and report a problem. Recognised when our text without its U+FFFD is yaz's.
//! - `YazGivesUp`: a combining mark with no character after it, or an unknown or incomplete
//!   escape sequence: yaz returns an empty (or cut-short) subfield, we report the problem and
//!   keep the rest. Recognised when decoding reported a problem and yaz's text is empty or a
//!   prefix of ours without U+FFFD.
//! - `LoneSecondHalf`: ANSEL 0xEC (ligature, second half) or 0xFB (double tilde, second half)
//!   with no first half before it. The LC table gives these codes no `<ucs>` (the first half's
//!   U+0361/U+0360 covers both letters) but an `<alt>`, U+FE21 / U+FE23; with no first half to
//!   stand for them we decode to that `<alt>`, yaz drops the byte. Recognised when our text
//!   without U+FE21/U+FE23 is yaz's.
//! - `CharacterReference`: `&#xXXXX;` is the MARC 21 way to write a character outside the
//!   MARC-8 repertoire (MARC 21 Specifications, Character Sets, "lossless conversion"); yaz
//!   leaves it as it is (and puts a combining mark written before one after its `&`), we decode
//!   it. Recognised when decoding the references in yaz's text gives ours.
//!
//! The data folder is `CARREL_TEST_DATA` (default `<repo>/../shared/data`); when it or
//! `yaz-marcdump` (Debian package `yaz`) is missing, the test says so and passes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use carrel_marc::marc8::{decode, encode, guess_encoding, Guess};
use carrel_marc::Reader;
use serde_json::Value;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// MARC-8 files (leader/09 blank) of the shared data, relative to `<data>/marc/`.
const FILES: &[&str] = &[
    "evergreen/jazz_1k.mrc",
    "evergreen/hebrew.marc",
    "evergreen/lul_fre_500.mrc",
    "evergreen/map_data.mrc",
    "evergreen/oss.marc",
    "marc-perl/marc-charset/cjk1.marc",
    "marc-perl/marc-charset/cjk2.marc",
    "marc-perl/marc-charset/cjk3.marc",
    "marc-perl/marc-charset/cjk4.marc",
    "marc-perl/marc-charset/cyrillic.marc",
    "marc-perl/marc-charset/hebrew1.marc",
    "marc-perl/marc-charset/hebrew2.marc",
    "marc-perl/marc-charset/hebrew3.marc",
    "marc-perl/marc-charset/hebrew4.marc",
    "marc4j/185258.mrc",
    "marc4j/brkrtest.mrc",
    "marc4j/chabon-loc.mrc",
    "marc4j/chinese_mangled_multibyte.mrc",
    "marc4j/cyrillic_capital_e.mrc",
    "marc4j/greekmissingcharsetchange.mrc",
    "marc4j/incomplete_esc_seq.mrc",
    "marc4j/samples/diacritic4.mrc",
    "marc4j/selectedRecs.mrc",
    "marc4j/u335.mrc",
    "pymarc/marc8.dat",
    "pymarc/bad_marc8_escape.dat",
    "pymarc/bad_eacc_encoding.dat",
    "pymarc/test.dat",
    "ruby-marc/escaped_character_reference.marc8.marc",
    "ruby-marc/marc8_accented_chars.marc",
    "solrmarc/specTestRecs.mrc",
    "solrmarc/demoRecs.mrc",
    "solrmarc/field024.mrc",
    "solrmarc/u5278992.mrc",
    "solrmarc/uva_001_2000.mrc",
    "yaz/marc-files/marc1.marc",
    "yaz/marc-files/marc2.marc",
    "yaz/marc-files/marc7.marc",
    "yaz/marc-files/marc9.marc",
    "yaz/marc-files/marc10.marc",
    "yaz/marc-files/marc11.marc",
    "yaz/marc-files/marc12.marc",
];

/// Files on which decoding must agree with yaz on every subfield: well-formed MARC-8.
const CLEAN: &[&str] = &[
    "evergreen/jazz_1k.mrc",
    "evergreen/lul_fre_500.mrc",
    "evergreen/oss.marc",
    "marc-perl/marc-charset/cjk1.marc",
    "marc-perl/marc-charset/cjk2.marc",
    "marc-perl/marc-charset/cjk3.marc",
    "marc-perl/marc-charset/cjk4.marc",
    "marc-perl/marc-charset/cyrillic.marc",
    "marc-perl/marc-charset/hebrew1.marc",
    "marc-perl/marc-charset/hebrew2.marc",
    "marc-perl/marc-charset/hebrew3.marc",
    "marc-perl/marc-charset/hebrew4.marc",
    "marc4j/185258.mrc",
    "marc4j/brkrtest.mrc",
    "marc4j/chabon-loc.mrc",
    "marc4j/selectedRecs.mrc",
    "marc4j/u335.mrc",
    "pymarc/marc8.dat",
    "pymarc/test.dat",
    "solrmarc/specTestRecs.mrc",
    "solrmarc/demoRecs.mrc",
    "solrmarc/field024.mrc",
    "solrmarc/uva_001_2000.mrc",
    "yaz/marc-files/marc1.marc",
    "yaz/marc-files/marc2.marc",
    "yaz/marc-files/marc9.marc",
];

fn data_dir() -> PathBuf {
    carrel_testkit::data_dir()
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The fields of an ISO 2709 record, from its own directory: (tag, data without terminator).
fn raw_fields(raw: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let number = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()?
            .trim()
            .parse::<usize>()
            .ok()
    };
    let base = number(raw.get(12..17)?)?;
    let mut fields = Vec::new();
    let mut at = 24;
    while at + 12 <= base.min(raw.len()) && raw[at] != 0x1E {
        let entry = &raw[at..at + 12];
        let tag = String::from_utf8_lossy(&entry[..3]).into_owned();
        let length = number(&entry[3..7])?;
        let start = number(&entry[7..12])?;
        let mut data = raw.get(base + start..base + start + length)?;
        if data.last() == Some(&0x1E) {
            data = &data[..data.len() - 1];
        }
        fields.push((tag, data));
        at += 12;
    }
    Some(fields)
}

/// yaz's records: per field, the tag and either the control field's text or the subfields.
#[derive(Debug)]
enum YazField {
    Control(String),
    Data(Vec<(String, String)>),
}

fn yaz_records(path: &Path) -> Result<Vec<Vec<(String, YazField)>>, String> {
    let output = Command::new("yaz-marcdump")
        .args(["-f", "MARC-8", "-t", "UTF-8", "-o", "json"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run yaz-marcdump: {e}"))?;
    // yaz copies bytes it does not convert (a non-ASCII indicator) into its output as they are.
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut records = Vec::new();
    for value in serde_json::Deserializer::from_str(&stdout).into_iter::<Value>() {
        let value = value.map_err(|e| format!("yaz-marcdump output is not JSON: {e}"))?;
        let mut fields = Vec::new();
        for field in value["fields"].as_array().ok_or("no fields")? {
            let (tag, body) = field
                .as_object()
                .and_then(|o| o.iter().next())
                .ok_or("empty field")?;
            let parsed = match body {
                Value::String(s) => YazField::Control(s.clone()),
                Value::Object(o) => {
                    let mut subfields = Vec::new();
                    for sf in o
                        .get("subfields")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some((code, v)) = sf.as_object().and_then(|o| o.iter().next()) {
                            subfields
                                .push((code.clone(), v.as_str().unwrap_or_default().to_string()));
                        }
                    }
                    YazField::Data(subfields)
                }
                _ => return Err("unexpected field".into()),
            };
            fields.push((tag.clone(), parsed));
        }
        records.push(fields);
    }
    Ok(records)
}

/// Decodes `&#xXXXX;` references as our decoder does, including MARC-8 combining marks written
/// before one (yaz puts those after the `&`, we after the referenced character).
fn decode_references(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '&' {
            let mut j = i + 1;
            while j < chars.len() && is_combining_mark(chars[j]) {
                j += 1;
            }
            if chars.get(j) == Some(&'#') && chars.get(j + 1) == Some(&'x') {
                let digits = chars[j + 2..]
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count();
                let hex: String = chars[j + 2..j + 2 + digits].iter().collect();
                let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                if let (true, Some(';'), Some(ch)) =
                    ((1..=6).contains(&digits), chars.get(j + 2 + digits), ch)
                {
                    out.push(ch);
                    out.extend(&chars[i + 1..j]);
                    i = j + 3 + digits;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Why our text for one subfield differs from yaz's: the names of the differences that account
/// for it, joined with `+`, or "Unexplained". `ours` comes from decoding the whole field,
/// `alone` from decoding the subfield on its own (as yaz does).
fn classify(ours: &str, alone: &str, yaz: &str, field_had_problems: bool) -> String {
    for (candidate, state) in [(ours, false), (alone, true)] {
        let mut labels: Vec<&str> = Vec::new();
        if state {
            labels.push("StateAcrossSubfields");
        }
        let mut o = nfc(candidate);
        let mut t = nfc(yaz);
        let without_halves: String = o
            .chars()
            .filter(|c| !matches!(c, '\u{FE21}' | '\u{FE23}'))
            .collect();
        if without_halves != o && !t.contains(['\u{FE21}', '\u{FE23}']) {
            o = without_halves;
            labels.push("LoneSecondHalf");
        }
        let references = nfc(&decode_references(&t));
        if references != t {
            t = references;
            labels.push("CharacterReference");
        }
        let without_replacement: String = o.chars().filter(|&c| c != '\u{FFFD}').collect();
        if field_had_problems && without_replacement != o {
            o = without_replacement;
            labels.push("BadBytes");
        }
        if o == t {
            return labels.join("+");
        }
        if field_had_problems && (t.is_empty() || o.starts_with(&t)) {
            labels.push("YazGivesUp");
            return labels.join("+");
        }
    }
    "Unexplained".to_string()
}

#[derive(Default)]
struct Tally {
    records: usize,
    skipped_utf8: usize,
    skipped_marc8_as_utf8: usize,
    skipped_structure: usize,
    subfields: usize,
    agree: usize,
    differences: BTreeMap<String, usize>,
    examples: Vec<String>,
}

fn compare_file(path: &Path, tally: &mut Tally) -> Result<(), String> {
    let yaz = yaz_records(path)?;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let raws: Vec<Vec<u8>> = Reader::new(BufReader::new(file))
        .map(|r| match r {
            Ok(parsed) => parsed.raw,
            Err(error) => error.raw,
        })
        .collect();
    if raws.len() != yaz.len() {
        return Err(format!(
            "{} records here, {} from yaz: records not aligned",
            raws.len(),
            yaz.len()
        ));
    }
    for (index, (raw, yaz_fields)) in raws.iter().zip(&yaz).enumerate() {
        let Some(fields) = raw_fields(raw) else {
            tally.skipped_structure += 1;
            continue;
        };
        let body: Vec<u8> = fields
            .iter()
            .flat_map(|(_, data)| data.iter().copied())
            .collect();
        let guess = guess_encoding(&body);
        if raw.get(9) != Some(&b' ') {
            if guess == Guess::Marc8 {
                // A dishonest leader the other way: MARC-8 data with leader/09 'a'. yaz trusts
                // the leader and reads it as UTF-8, so there is nothing to compare.
                tally.skipped_marc8_as_utf8 += 1;
            }
            continue;
        }
        if guess == Guess::Utf8 {
            // A dishonest leader: UTF-8 data with leader/09 blank. Not MARC-8.
            tally.skipped_utf8 += 1;
            continue;
        }
        let tags_agree = fields.len() == yaz_fields.len()
            && fields.iter().zip(yaz_fields).all(|(a, b)| a.0 == b.0);
        if !tags_agree {
            tally.skipped_structure += 1;
            continue;
        }
        tally.records += 1;
        for ((tag, data), (_, yaz_field)) in fields.iter().zip(yaz_fields) {
            let mut compare = |ours: &str,
                               alone: &str,
                               theirs: &str,
                               problems: bool,
                               code: &str| {
                tally.subfields += 1;
                let theirs = nfc(theirs);
                if nfc(ours) == theirs {
                    tally.agree += 1;
                    return;
                }
                let difference = classify(ours, alone, &theirs, problems);
                let seen = tally
                    .examples
                    .iter()
                    .filter(|e| e.ends_with(&format!(" {difference}")))
                    .count();
                if difference == "Unexplained" || seen < 2 {
                    tally.examples.push(format!(
                        "  record {} field {tag} ${code}\n    ours {ours:?}\n    yaz  {theirs:?}\n    => {difference}",
                        index + 1
                    ));
                }
                *tally.differences.entry(difference).or_default() += 1;
            };
            match yaz_field {
                YazField::Control(theirs) => {
                    let decoded = decode(data);
                    let problems = !decoded.problems.is_empty();
                    compare(&decoded.text, &decoded.text, theirs, problems, "");
                }
                YazField::Data(theirs) => {
                    let Some(subfield_bytes) = data.get(2..) else {
                        continue;
                    };
                    let decoded = decode(subfield_bytes);
                    let problems = !decoded.problems.is_empty();
                    // yaz leaves out empty subfields (a delimiter with no code after it).
                    let ours: Vec<&str> = decoded
                        .text
                        .split('\u{1F}')
                        .skip(1)
                        .filter(|s| !s.is_empty())
                        .collect();
                    let alone: Vec<&[u8]> = subfield_bytes
                        .split(|&b| b == 0x1F)
                        .skip(1)
                        .filter(|s| !s.is_empty())
                        .collect();
                    if ours.len() != theirs.len() {
                        tally.skipped_structure += 1;
                        continue;
                    }
                    for ((our, alone), (code, their)) in ours.iter().zip(alone).zip(theirs) {
                        // Compared with the subfield code in front: in broken records yaz and we
                        // may cut code and value differently (yaz takes leader/11 into account).
                        let alone = decode(alone).text;
                        compare(our, &alone, &format!("{code}{their}"), problems, code);
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn marc8_decoding_agrees_with_yaz() {
    let Some(data) = carrel_testkit::shared_data("marc8_decoding_agrees_with_yaz") else {
        return;
    };
    if !carrel_testkit::tool("marc8_decoding_agrees_with_yaz", "yaz-marcdump", "yaz") {
        return;
    }
    let mut report = String::new();
    let mut unexplained = 0;
    let mut not_clean = Vec::new();
    let mut total = Tally::default();
    for name in FILES {
        let path = data.join("marc").join(name);
        if !path.is_file() {
            writeln!(report, "{name}: missing, skipped").unwrap();
            continue;
        }
        let mut tally = Tally::default();
        if let Err(e) = compare_file(&path, &mut tally) {
            writeln!(report, "{name}: not compared: {e}").unwrap();
            continue;
        }
        let rate = if tally.subfields == 0 {
            100.0
        } else {
            100.0 * tally.agree as f64 / tally.subfields as f64
        };
        write!(
            report,
            "{name}: {} MARC-8 records, {}/{} subfields agree ({rate:.2}%)",
            tally.records, tally.agree, tally.subfields
        )
        .unwrap();
        if tally.skipped_utf8 > 0 {
            write!(
                report,
                ", {} UTF-8 records with a blank leader/09 skipped",
                tally.skipped_utf8
            )
            .unwrap();
        }
        if tally.skipped_marc8_as_utf8 > 0 {
            write!(
                report,
                ", {} MARC-8 records with leader/09 'a' skipped (yaz reads them as UTF-8)",
                tally.skipped_marc8_as_utf8
            )
            .unwrap();
        }
        if tally.skipped_structure > 0 {
            write!(
                report,
                ", {} records/fields not aligned with yaz skipped",
                tally.skipped_structure
            )
            .unwrap();
        }
        for (difference, n) in &tally.differences {
            write!(report, ", {difference}: {n}").unwrap();
        }
        report.push('\n');
        for example in &tally.examples {
            report.push_str(example);
            report.push('\n');
        }
        unexplained += tally.differences.get("Unexplained").copied().unwrap_or(0);
        if CLEAN.contains(name) && tally.agree != tally.subfields {
            not_clean.push(*name);
        }
        total.records += tally.records;
        total.subfields += tally.subfields;
        total.agree += tally.agree;
        for (difference, n) in tally.differences {
            *total.differences.entry(difference).or_default() += n;
        }
    }
    writeln!(
        report,
        "total: {} records, {}/{} subfields agree, differences {:?}",
        total.records, total.agree, total.subfields, total.differences
    )
    .unwrap();
    eprintln!("{report}");
    assert!(total.subfields > 0, "nothing compared");
    assert_eq!(
        unexplained, 0,
        "unexplained differences from yaz:\n{report}"
    );
    assert!(
        not_clean.is_empty(),
        "well-formed files that do not agree with yaz: {not_clean:?}\n{report}"
    );
}

/// Leaders that do not tell the truth, in the shared data: `guess_encoding` sees through them.
#[test]
fn dishonest_leaders_are_detected() {
    let data = data_dir().join("marc");
    let cases = [
        // Leader/09 'a', data MARC-8 (ANSEL diacritics before their letters).
        (
            "ruby-marc/marc8_accented_chars.marc",
            Guess::Marc8,
            "Serreau, Genevi\u{e8}ve.",
        ),
        // Leader/09 blank, data UTF-8.
        ("evergreen/map_data.mrc", Guess::Utf8, ""),
    ];
    for (name, expected, sample) in cases {
        let path = data.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            carrel_testkit::skip(
                "encoding guesses",
                &format!("{} not found (set CARREL_TEST_DATA)", path.display()),
            );
            continue;
        };
        let raw = Reader::new(BufReader::new(&bytes[..]))
            .next()
            .expect("a record")
            .expect("readable")
            .raw;
        let fields = raw_fields(&raw).expect("directory");
        let body: Vec<u8> = fields
            .iter()
            .flat_map(|(_, data)| data.iter().copied())
            .collect();
        assert_eq!(guess_encoding(&body), expected, "{name}");
        if !sample.is_empty() {
            let text: String = fields.iter().map(|(_, data)| decode(data).text).collect();
            assert!(text.contains(sample), "{name}: {text}");
        }
    }
}

/// MARC-8 → Unicode → MARC-8 gives back the original bytes of typical records: checked subfield
/// by subfield (the way records are written, each subfield value encoded on its own) on every
/// subfield that decodes without a problem.
#[test]
fn marc8_round_trip_gives_back_the_bytes() {
    let Some(data) = carrel_testkit::shared_data("marc8_round_trip_gives_back_the_bytes") else {
        return;
    };
    let mut report = String::new();
    let (mut total, mut same) = (0usize, 0usize);
    let mut differences: BTreeMap<String, usize> = BTreeMap::new();
    for name in FILES {
        let Ok(file) = std::fs::File::open(data.join("marc").join(name)) else {
            continue;
        };
        let (mut file_total, mut file_same) = (0usize, 0usize);
        for result in Reader::new(BufReader::new(file)) {
            let raw = match result {
                Ok(parsed) => parsed.raw,
                Err(error) => error.raw,
            };
            let Some(fields) = raw_fields(&raw) else {
                continue;
            };
            let body: Vec<u8> = fields
                .iter()
                .flat_map(|(_, data)| data.iter().copied())
                .collect();
            if raw.get(9) != Some(&b' ') || guess_encoding(&body) == Guess::Utf8 {
                continue;
            }
            for (tag, data) in &fields {
                let values: Vec<&[u8]> = if tag.as_str() < "010" {
                    vec![&data[..]]
                } else {
                    data.split(|&b| b == 0x1F)
                        .skip(1)
                        .filter(|s| !s.is_empty())
                        .map(|s| &s[1..])
                        .collect()
                };
                for value in values {
                    let decoded = decode(value);
                    if !decoded.problems.is_empty() {
                        continue;
                    }
                    file_total += 1;
                    let encoded = encode(&decoded.text);
                    if encoded == value {
                        file_same += 1;
                    } else {
                        let entry = differences.entry(format!("{name} {tag}")).or_default();
                        *entry += 1;
                        if *entry <= 3 {
                            writeln!(
                                report,
                                "  {name} {tag}\n    original {}\n    encoded  {}",
                                String::from_utf8_lossy(&value.escape_ascii().collect::<Vec<u8>>()),
                                String::from_utf8_lossy(
                                    &encoded.escape_ascii().collect::<Vec<u8>>()
                                )
                            )
                            .unwrap();
                        }
                    }
                }
            }
        }
        writeln!(
            report,
            "{name}: {file_same}/{file_total} subfields give back their bytes"
        )
        .unwrap();
        total += file_total;
        same += file_same;
    }
    writeln!(report, "total: {same}/{total}").unwrap();
    eprintln!("{report}");
    assert!(
        same * 1000 >= total * 999,
        "fewer than 99.9% of subfields round-trip:\n{report}"
    );
}
