//! Tests of the MARCXML reader and writer.

use super::*;
use crate::record::{Field, Leader, Record, Subfield};

fn read(xml: &str) -> Vec<Result<XmlParsed, XmlRecordError>> {
    Reader::new(xml.as_bytes()).collect()
}

fn ok(item: &Result<XmlParsed, XmlRecordError>) -> &XmlParsed {
    match item {
        Ok(p) => p,
        Err(e) => panic!("expected a record, got: {e}"),
    }
}

fn err(item: &Result<XmlParsed, XmlRecordError>) -> &XmlRecordError {
    match item {
        Ok(p) => panic!("expected an error, got record {:?}", p.position),
        Err(e) => e,
    }
}

fn sample() -> Record {
    let mut r = Record::new()
        .with_control("001", "demo-1")
        .with_control("008", "240101s2024    xxu           000 0 eng d")
        .with_data(
            "245",
            "10",
            &[
                ('a', "Dvořák & <Prague> \"quoted\" :"),
                ('b', "a study /"),
                ('c', "by A. Reader."),
            ],
        )
        .with_data("650", " 0", &[('a', "Composers"), ('z', "Czech Republic.")]);
    r.leader = Leader(*b"01234cam a2200289 i 4500");
    r
}

const RECORD_BODY: &str = r#"
<leader>00714cam a2200205 a 4500</leader>
<controlfield tag="001">12883376</controlfield>
<datafield tag="245" ind1="1" ind2="0">
  <subfield code="a">Summerland /</subfield>
  <subfield code="c">Michael Chabon.</subfield>
</datafield>
"#;

fn summerland() -> Record {
    let mut r = Record::new().with_control("001", "12883376").with_data(
        "245",
        "10",
        &[('a', "Summerland /"), ('c', "Michael Chabon.")],
    );
    r.leader = Leader(*b"00714cam a2200205 a 4500");
    r
}

#[test]
fn default_namespace_collection() {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"{MARCXML_NAMESPACE}\">\n  <record>{RECORD_BODY}</record>\n  <record>{RECORD_BODY}</record>\n</collection>\n"
    );
    let got = read(&xml);
    assert_eq!(got.len(), 2);
    let first = ok(&got[0]);
    assert_eq!(first.record, summerland());
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    assert_eq!(first.position.ordinal, 1);
    assert_eq!(first.position.line, 3);
    assert_eq!(&xml[first.position.offset as usize..][..8], "<record>");
    let second = ok(&got[1]);
    assert_eq!(second.position.ordinal, 2);
    assert_eq!(&xml[second.position.offset as usize..][..8], "<record>");
    assert_eq!(
        second.position.line,
        3 + 1 + RECORD_BODY.matches('\n').count() as u64
    );
}

#[test]
fn prefixed_namespace_and_single_record_root() {
    let body = RECORD_BODY
        .replace("<", "<marc:")
        .replace("<marc:/", "</marc:");
    let xml = format!("<marc:record xmlns:marc=\"{MARCXML_NAMESPACE}\">{body}</marc:record>");
    let got = read(&xml);
    assert_eq!(got.len(), 1);
    assert_eq!(ok(&got[0]).record, summerland());
    assert!(ok(&got[0]).warnings.is_empty());
}

#[test]
fn undeclared_prefix_and_marcxchange_namespace() {
    let body = RECORD_BODY
        .replace("<", "<marc:")
        .replace("<marc:/", "</marc:");
    let got = read(&format!(
        "<marc:collection><marc:record>{body}</marc:record></marc:collection>"
    ));
    assert_eq!(got.len(), 1, "{got:#?}");
    let p = ok(&got[0]);
    assert_eq!(p.record, summerland());
    assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
    assert!(p.warnings[0].contains("prefix \"marc\" is not declared"));

    let xml = format!(
        "<collection xmlns=\"info:lc/xmlns/marcxchange-v2\"><record format=\"MARC21\" type=\"Bibliographic\">{RECORD_BODY}</record></collection>"
    );
    let got = read(&xml);
    assert_eq!(ok(&got[0]).record, summerland());
    assert!(ok(&got[0]).warnings.is_empty());
}

/// Regression (found while adding fuzzing): whether a record had its warning about an
/// undeclared prefix was found by searching all its warnings again at each element, so many
/// skipped elements followed by many prefixed ones took quadratic time (450 KB: 3 s).
#[test]
fn many_warnings_then_undeclared_prefixes_read_in_linear_time() {
    let n = 20_000;
    let xml = format!(
        "<record>{}{RECORD_BODY}{}</record>",
        "<foo/>".repeat(n),
        "<x:foo/>".repeat(n)
    );
    let start = std::time::Instant::now();
    let got = read(&xml);
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    let p = ok(&got[0]);
    assert_eq!(p.record.fields, summerland().fields);
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.contains("is not declared"))
            .count(),
        1
    );
    assert_eq!(p.warnings.len(), 2 * n + 1);
}

#[test]
fn no_namespace_and_bom_comments_pis_and_doctype() {
    let xml = format!(
        "\u{FEFF}<?xml version=\"1.0\"?>\n<!DOCTYPE collection>\n<!-- exported -->\n<?app hint?>\n<collection>\n<!-- one -->\n<record>{RECORD_BODY}<!-- x --></record>\n</collection>"
    );
    let got = read(&xml);
    assert_eq!(got.len(), 1);
    let p = ok(&got[0]);
    assert_eq!(p.record, summerland());
    assert_eq!(p.position.line, 7);
    assert_eq!(
        &xml.as_bytes()[p.position.offset as usize..][..8],
        b"<record>"
    );
}

#[test]
fn foreign_wrappers_are_walked_through_and_foreign_records_ignored() {
    let xml = format!(
        r#"<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header/><metadata>
        <marc:record xmlns:marc="{MARCXML_NAMESPACE}">{}</marc:record></metadata></record></ListRecords></OAI-PMH>"#,
        RECORD_BODY
            .replace("<", "<marc:")
            .replace("<marc:/", "</marc:")
    );
    let got = read(&xml);
    assert_eq!(got.len(), 1);
    assert_eq!(ok(&got[0]).record, summerland());
    assert_eq!(ok(&got[0]).position.ordinal, 1);
}

#[test]
fn entities_and_character_references_are_decoded() {
    let xml = r#"<record><leader>00000nam a2200000 a 4500</leader>
        <datafield tag="245" ind1="0" ind2="0"><subfield code="a">Tom &amp; Jerry &#x2014; &lt;cartoons&gt; &quot;1940&quot; &apos;s&#233;rie&apos; <![CDATA[<raw & cdata>]]></subfield></datafield>
        <datafield tag="246" ind1="&#x33;" ind2=" "><subfield code="&#x61;">line&#13;&#10;end</subfield></datafield></record>"#;
    let got = read(xml);
    let p = ok(&got[0]);
    let f = p.record.field("245").unwrap();
    assert_eq!(
        f.subfield('a'),
        Some("Tom & Jerry — <cartoons> \"1940\" 'série' <raw & cdata>")
    );
    let f = p.record.field("246").unwrap();
    assert_eq!(f.indicators(), ('3', ' '));
    assert_eq!(f.subfield('a'), Some("line\r\nend"));
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

#[test]
fn literal_line_ends_are_normalised_and_bare_ampersands_kept_with_a_warning() {
    let xml = "<record><leader>00000nam a2200000 a 4500</leader>\r\n<datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">a\r\nb & c</subfield></datafield></record>";
    let p = read(xml).remove(0).unwrap();
    assert_eq!(
        p.record.field("245").unwrap().subfield('a'),
        Some("a\nb & c")
    );
    assert!(
        p.warnings.iter().any(|w| w.contains("bare '&'")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn leader_repairs() {
    let xml = r#"<collection>
<record><leader>      Z   22 4500</leader><controlfield tag="001">x</controlfield></record>
<record><leader>00714cam a2200205 a 4500EXTRA</leader><controlfield tag="001">x</controlfield></record>
<record><leader>
   00714cam  2200205 a 4500
</leader><controlfield tag="001">x</controlfield></record>
<record><controlfield tag="001">x</controlfield></record>
</collection>"#;
    let got = read(xml);
    assert_eq!(got.len(), 4);
    let short = ok(&got[0]);
    assert_eq!(short.record.leader.as_string(), "      Z  a22 4500   4500");
    assert!(
        short
            .warnings
            .iter()
            .any(|w| w.contains("17 characters long, not 24; padded")),
        "{:?}",
        short.warnings
    );
    assert!(short.warnings.iter().any(|w| w.contains("leader/09")));
    let long = ok(&got[1]);
    assert_eq!(long.record.leader.as_string(), "00714cam a2200205 a 4500");
    assert!(long.warnings.iter().any(|w| w.contains("cut to 24")));
    assert!(!long.warnings.iter().any(|w| w.contains("leader/09")));
    let indented = ok(&got[2]);
    assert_eq!(
        indented.record.leader.as_string(),
        "00714cam a2200205 a 4500"
    );
    assert!(indented.warnings.iter().any(|w| w.contains("trimmed")));
    let missing = ok(&got[3]);
    assert_eq!(missing.record.leader, Leader::new_bibliographic());
    assert!(missing.warnings.iter().any(|w| w.contains("no <leader>")));
}

#[test]
fn missing_attributes_reject_the_record_and_reading_goes_on() {
    let xml = format!(
        r#"<collection xmlns="{MARCXML_NAMESPACE}">
<record>{RECORD_BODY}</record>
<record>
  <leader>00714cam a2200205 a 4500</leader>
  <controlfield>12883376</controlfield>
</record>
<record>
  <leader>00714cam a2200205 a 4500</leader>
  <datafield tag="245" ind1="1" ind2="0">
<subfield>Summerland /</subfield>
  </datafield>
</record>
<record>
  <leader>00714cam a2200205 a 4500</leader>
  <datafield ind1="1" ind2="0"><subfield code="a">x</subfield></datafield>
</record>
<record>
  <leader>00714cam a2200205 a 4500</leader>
  <controlfield tag="001">12883376</controlfield>
  <datafield tag="245">
<subfield code="a">Summerland /</subfield>
<subfield code="c">Michael Chabon.</subfield>
  </datafield>
</record>
</collection>"#
    );
    let got = read(&xml);
    assert_eq!(got.len(), 5);
    assert_eq!(ok(&got[0]).record, summerland());

    let e = err(&got[1]);
    assert_eq!(e.kind, XmlErrorKind::BadRecord);
    assert_eq!(e.position.ordinal, 2);
    assert_eq!(e.position.line, 10);
    assert_eq!(e.line, 12);
    assert_eq!(e.element.as_deref(), Some("controlfield"));
    assert_eq!(e.reason, "no tag attribute");
    assert!(
        e.raw.starts_with("<record>") && e.raw.ends_with("</record>"),
        "{}",
        e.raw
    );
    assert_eq!(
        e.to_string(),
        "record 2 (line 10), line 12, <controlfield>: no tag attribute"
    );

    let e = err(&got[2]);
    assert_eq!((e.position.ordinal, e.line), (3, 17));
    assert_eq!(e.element.as_deref(), Some("subfield"));
    assert_eq!(e.tag.as_deref(), Some("245"));
    assert_eq!(e.reason, "no code attribute");

    let e = err(&got[3]);
    assert_eq!(
        (e.position.ordinal, e.line, e.element.as_deref()),
        (4, 22, Some("datafield"))
    );
    assert_eq!(e.reason, "no tag attribute");

    // Missing indicators are blanks, with a warning.
    let p = ok(&got[4]);
    assert_eq!(p.position.ordinal, 5);
    let mut expected = summerland();
    expected.fields[1] = Field::Data {
        tag: "245".into(),
        ind1: ' ',
        ind2: ' ',
        subfields: vec![
            Subfield {
                code: 'a',
                value: "Summerland /".into(),
            },
            Subfield {
                code: 'c',
                value: "Michael Chabon.".into(),
            },
        ],
    };
    assert_eq!(p.record, expected);
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    assert!(
        p.warnings[0].starts_with("line 27: field 245 has no ind1"),
        "{:?}",
        p.warnings
    );
}

#[test]
fn unexpected_elements_reject_the_record_and_foreign_ones_are_skipped() {
    let xml = r#"<collection xmlns="http://www.loc.gov/MARC21/slim" xmlns:x="urn:x">
<record><leader>00000nam a2200000 a 4500</leader><datafield tag="020" ind1=" " ind2=" "><subfields code="a">1</subfields></datafield></record>
<record><leader>00000nam a2200000 a 4500</leader><x:note>local</x:note><datafield tag="020" ind1=" " ind2=" "><subfield code="a">1</subfield></datafield></record>
</collection>"#;
    let got = read(xml);
    assert_eq!(got.len(), 2);
    let e = err(&got[0]);
    assert_eq!(e.element.as_deref(), Some("subfields"));
    assert_eq!(e.tag.as_deref(), Some("020"));
    let p = ok(&got[1]);
    assert_eq!(p.record.fields.len(), 1);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("<x:note> of another namespace")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn tags_codes_and_indicators() {
    let xml = r#"<record><leader>00000nam a2200000 a 4500</leader>
<datafield tag="42" ind1="z" ind2="10"><subfield code="a">dc</subfield></datafield>
<datafield tag="TSO" ind1="" ind2="&#xE1;"><subfield code=" ">x</subfield><subfield code="b"/></datafield>
<controlfield tag="009">a&#x1F;b</controlfield>
</record>"#;
    let p = read(xml).remove(0).unwrap();
    assert_eq!(
        p.record.fields,
        vec![
            Field::Data {
                tag: "042".into(),
                ind1: 'z',
                ind2: '1',
                subfields: vec![Subfield {
                    code: 'a',
                    value: "dc".into()
                }]
            },
            Field::Data {
                tag: "TSO".into(),
                ind1: ' ',
                ind2: ' ',
                subfields: vec![
                    Subfield {
                        code: '?',
                        value: "x".into()
                    },
                    Subfield {
                        code: 'b',
                        value: String::new()
                    }
                ]
            },
            Field::Control {
                tag: "009".into(),
                value: "a\u{FFFD}b".into()
            },
        ]
    );
    assert_eq!(p.warnings.len(), 6, "{:#?}", p.warnings);

    for (bad, reason) in [
        (
            r#"<datafield tag="1234" ind1=" " ind2=" "><subfield code="a">x</subfield></datafield>"#,
            "tag \"1234\"",
        ),
        (
            r#"<datafield tag="24" ind1=" " ind2=" "><subfield code="ab">x</subfield></datafield>"#,
            "longer than one",
        ),
        (
            r#"<datafield tag="245" ind1=" " ind2=" "><subfield code="&#x7;">x</subfield></datafield>"#,
            "U+0007",
        ),
        (
            r#"<datafield tag="245" ind1=" " ind2=" "><subfield code="a"><b>x</b></subfield></datafield>"#,
            "<b> is not allowed",
        ),
        (
            r#"<datafield tag="245" tag="245"><subfield code="a">x</subfield></datafield>"#,
            "bad attribute",
        ),
    ] {
        let xml = format!("<record><leader>00000nam a2200000 a 4500</leader>{bad}</record>");
        let got = read(&xml);
        assert_eq!(got.len(), 1, "{bad}");
        let e = err(&got[0]);
        assert!(e.reason.contains(reason), "{bad}: {e}");
    }
}

#[test]
fn not_well_formed_at_record_3_of_5_yields_1_and_2_then_one_error() {
    let good = format!("<record>{RECORD_BODY}</record>\n");
    let bad = "<record>\n<leader>00714cam a2200205 a 4500</leader>\n<datafield tag=\"245\" ind1=\"1\" ind2=\"0\">\n<subfield code=\"a\">x</datafield>\n</record>\n";
    let xml = format!("<collection>\n{good}{good}{bad}{good}{good}</collection>\n");
    let got = read(&xml);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(ok(&got[0]).position.ordinal, 1);
    assert_eq!(ok(&got[1]).position.ordinal, 2);
    let e = err(&got[2]);
    assert_eq!(e.kind, XmlErrorKind::NotWellFormed);
    assert!(e.is_fatal());
    assert_eq!(e.position.ordinal, 3);
    let bad_start = 2 + 2 * good.matches('\n').count() as u64;
    assert_eq!(e.position.line, bad_start);
    assert_eq!(e.line, bad_start + 3, "{e}");
    assert!(e.reason.contains("not well-formed"), "{e}");
}

#[test]
fn truncated_documents_and_non_marc_documents() {
    let good = format!("<record>{RECORD_BODY}</record>\n");
    let cut = format!("<collection>\n{good}{}", &good[..good.len() / 2]);
    let got = read(&cut);
    assert_eq!(got.len(), 2);
    assert!(got[0].is_ok());
    let e = err(&got[1]);
    assert_eq!(
        (e.kind, e.position.ordinal),
        (XmlErrorKind::NotWellFormed, 2)
    );

    let got = read(&format!("<collection>\n{good}"));
    assert_eq!(got.len(), 2);
    assert!(err(&got[1]).reason.contains("<collection> is closed"));

    let got = read(r#"<mods xmlns="http://www.loc.gov/mods/v3"><titleInfo/></mods>"#);
    assert_eq!(got.len(), 1);
    assert_eq!(err(&got[0]).kind, XmlErrorKind::NotMarcXml);

    assert_eq!(
        read("<collection xmlns=\"http://www.loc.gov/MARC21/slim\"/>").len(),
        0
    );
    assert_eq!(err(&read("")[0]).kind, XmlErrorKind::NotWellFormed);
    assert_eq!(
        err(&read("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><collection/>")[0]).kind,
        XmlErrorKind::UnsupportedEncoding
    );
    let utf16: Vec<u8> = [0xFF, 0xFE, b'<', 0].to_vec();
    let got: Vec<_> = Reader::new(&utf16[..]).collect();
    assert_eq!(err(&got[0]).kind, XmlErrorKind::UnsupportedEncoding);
}

#[test]
fn fields_outside_records_and_empty_records_are_reported() {
    let xml = r#"<collection xmlns="http://www.loc.gov/MARC21/slim">
<datafield tag="952" ind1=" " ind2=" "><subfield code="a">CPL</subfield></datafield>
<record/>
<record><leader>00000nam a2200000 a 4500</leader></record>
</collection>"#;
    let got = read(xml);
    assert_eq!(got.len(), 3);
    let e = err(&got[0]);
    assert_eq!(
        (e.kind, e.line, e.tag.as_deref()),
        (XmlErrorKind::OutsideRecord, 2, Some("952"))
    );
    assert!(!e.is_fatal());
    let e = err(&got[1]);
    assert_eq!((e.kind, e.position.ordinal), (XmlErrorKind::BadRecord, 1));
    assert!(e.reason.contains("empty record"));
    let e = err(&got[2]);
    assert_eq!(
        (e.position.ordinal, e.reason.as_str()),
        (2, "the record has no fields")
    );
}

#[test]
fn bytes_that_are_not_utf8_become_replacement_characters_with_a_warning() {
    let good = format!("<record>{RECORD_BODY}</record>\n");
    let mut bytes = format!("<collection>\n{good}").into_bytes();
    bytes.extend_from_slice(good.replace("Summerland", "Summerl\u{1}nd").as_bytes());
    let pos = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[pos] = 0xE9; // Latin-1 é: not UTF-8
    bytes.extend_from_slice(format!("{good}</collection>").as_bytes());
    // A tiny buffer also cuts multi-byte sequences between chunks.
    let mut bytes_with_utf8 = bytes.clone();
    bytes_with_utf8.splice(pos + 1..pos + 1, "ąę—".bytes());
    for input in [bytes, bytes_with_utf8] {
        let got: Vec<_> = Reader::new(std::io::BufReader::with_capacity(1, &input[..])).collect();
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].is_ok() && got[2].is_ok());
        let p = ok(&got[1]);
        let a = p.record.field("245").unwrap().subfield('a').unwrap();
        assert!(
            a == "Summerl\u{FFFD}nd /" || a == "Summerl\u{FFFD}ąę—nd /",
            "{a}"
        );
        assert!(
            p.warnings.iter().any(|w| w.contains("not UTF-8")),
            "{:?}",
            p.warnings
        );
    }
}

#[test]
fn write_then_read_gives_the_same_record() {
    let records = vec![sample(), summerland()];
    let mut out = Vec::new();
    let summary = write_collection(&mut out, &records).unwrap();
    assert_eq!(
        summary,
        WriteSummary {
            records: 2,
            characters_replaced: 0
        }
    );
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n  <record>\n    <leader>01234cam a2200289 i 4500</leader>\n"));
    assert!(text.contains("      <subfield code=\"a\">Dvořák &amp; &lt;Prague&gt; &quot;quoted&quot; :</subfield>\n"), "{text}");
    assert!(text.ends_with("  </record>\n</collection>\n"));
    let back: Vec<Record> = Reader::new(&out[..]).map(|r| r.unwrap().record).collect();
    assert_eq!(back, records);
}

#[test]
fn writer_replaces_what_xml_cannot_hold_and_sets_leader_09() {
    let mut r = sample().with_data(
        "500",
        "  ",
        &[('a', "tab\there, cr\rthere, delimiter\u{1F}x, nul\u{0}")],
    );
    r.leader.0[9] = b' ';
    r.leader.0[18] = 0x1B;
    let text = record_to_string(&r);
    assert!(text.starts_with("<record xmlns=\"http://www.loc.gov/MARC21/slim\">\n  <leader>01234cam a2200289   4500</leader>\n"), "{text}");
    assert!(text.contains("tab\there, cr&#13;there, delimiter\u{FFFD}x, nul\u{FFFD}"));
    let mut w = Writer::new(Vec::new()).unwrap();
    assert_eq!(w.write_record(&r).unwrap(), 2);
    assert_eq!(w.characters_replaced(), 2);
    let out = w.finish().unwrap();
    let back = Reader::new(&out[..]).next().unwrap().unwrap();
    assert_eq!(
        back.record.field("500").unwrap().subfield('a'),
        Some("tab\there, cr\rthere, delimiter\u{FFFD}x, nul\u{FFFD}")
    );
    assert_eq!(back.record.leader.0[9], b'a');
    let single = Reader::new(text.as_bytes()).next().unwrap().unwrap();
    assert_eq!(single.record.fields, back.record.fields);
}

#[test]
fn odd_values_survive_a_round_trip() {
    let r = Record::new().with_control("001", "  spaced  ").with_data(
        "245",
        "\"&",
        &[
            ('&', "<>"),
            ('"', ""),
            ('a', " lead and trail "),
            ('b', "\n"),
        ],
    );
    let back = Reader::new(record_to_string(&r).as_bytes())
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(back.record, r);
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn lines_are_counted_in_long_documents() {
    let mut xml = String::from("<collection>\n");
    for _ in 0..3000 {
        xml.push_str(&record_to_string(&summerland()));
    }
    xml.push_str("</collection>\n");
    let per = record_to_string(&summerland()).matches('\n').count() as u64;
    let got: Vec<_> = Reader::new(std::io::BufReader::with_capacity(64, xml.as_bytes())).collect();
    assert_eq!(got.len(), 3000);
    for (i, item) in got.iter().enumerate() {
        let p = ok(item);
        assert_eq!(p.position.line, 2 + i as u64 * per);
        assert_eq!(&xml[p.position.offset as usize..][..7], "<record");
    }
}

#[test]
fn a_record_longer_than_the_bound_is_rejected_and_reading_goes_on() {
    // 5,000 fields of 1,000 characters: each one fine, the record over 4 MiB of XML.
    let mut xml = String::from("<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n");
    xml.push_str("<record><datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">First</subfield></datafield></record>\n");
    xml.push_str("<record>\n");
    let text = "y".repeat(1000);
    for _ in 0..5000 {
        xml.push_str(&format!(
            "<datafield tag=\"500\" ind1=\" \" ind2=\" \"><subfield code=\"a\">{text}</subfield></datafield>\n"
        ));
    }
    xml.push_str("</record>\n<record><datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">Last</subfield></datafield></record>\n</collection>\n");
    let items = read(&xml);
    assert_eq!(items.len(), 3);
    assert_eq!(ok(&items[0]).record.fields.len(), 1);
    let e = err(&items[1]);
    assert_eq!(e.kind, XmlErrorKind::BadRecord);
    assert!(!e.is_fatal());
    assert_eq!(e.position.line, 3);
    assert!(
        e.reason.contains("longer than 4194304 bytes (4 MiB)"),
        "{e}"
    );
    assert!(e.raw.len() <= MAX_XML_RECORD, "kept text bounded");
    assert_eq!(ok(&items[2]).record.fields.len(), 1);
}

#[test]
fn a_text_longer_than_the_bound_is_cut_with_its_line_named() {
    let mut xml = String::from(
        "<record>\n<datafield tag=\"520\" ind1=\" \" ind2=\" \">\n<subfield code=\"a\">",
    );
    xml.push_str(&"z\n".repeat(MAX_XML_TEXT));
    xml.push_str("</subfield></datafield></record>\n");
    let items = read(&xml);
    assert_eq!(items.len(), 1);
    let e = err(&items[0]);
    assert_eq!(e.kind, XmlErrorKind::BadRecord);
    assert_eq!(e.tag.as_deref(), Some("520"));
    // The cut falls after 1 MiB of text: half of it line ends, each counted although dropped.
    assert_eq!(e.line, 3 + (MAX_XML_TEXT as u64) / 2);
    assert!(e.reason.contains("more than 1048576 bytes"), "{e}");
}
