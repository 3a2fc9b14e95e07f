//! MARCXML reading and writing against the real files of the shared test data
//! (`$CARREL_TEST_DATA`, default `<repo>/../shared/data`), and against yaz-marcdump when it is
//! installed. Without the data (or without yaz) the tests say so plainly and pass.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Command;

use carrel_marc::marcxml::{self, XmlErrorKind, XmlParsed, XmlRecordError};
use carrel_marc::{write_iso2709, CharacterCoding, Field, Record};

fn shared_data(test: &str) -> Option<PathBuf> {
    let data = carrel_testkit::shared_data(test)?;
    carrel_testkit::shared_data_with(test, "marcxml").map(|_| data)
}

fn read_xml(path: &Path) -> Vec<Result<XmlParsed, XmlRecordError>> {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    marcxml::Reader::new(BufReader::new(file)).collect()
}

/// Every MARCXML file: the collection of `marcxml/` and yaz's `marc-files/*.xml`.
fn all_xml_files(data: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "xml") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&data.join("marcxml"), &mut files);
    walk(&data.join("marc/yaz/marc-files"), &mut files);
    files
}

/// yaz-marcdump, when installed.
fn yaz(test: &str) -> Option<&'static str> {
    carrel_testkit::tool(test, "yaz-marcdump", "yaz").then_some("yaz-marcdump")
}

/// Records yaz reads from a MARCXML file: `(exit status, records)`, counting in its line output
/// the lines that start a record (the first line after a blank one, leaving out yaz's own
/// parenthesised diagnostics).
fn yaz_count(yaz: &str, path: &Path) -> (i32, usize) {
    let out = Command::new(yaz)
        .args(["-i", "marcxml", "-o", "line"])
        .arg(path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut records = 0;
    let mut at_start = true;
    for line in text.lines() {
        if line.is_empty() {
            at_start = true;
        } else if !line.starts_with('(') && at_start {
            records += 1;
            at_start = false;
        }
    }
    (out.status.code().unwrap_or(-1), records)
}

fn counts(items: &[Result<XmlParsed, XmlRecordError>]) -> (usize, usize) {
    let ok = items.iter().filter(|i| i.is_ok()).count();
    (ok, items.len() - ok)
}

#[test]
fn every_file_is_read_and_what_is_read_round_trips_through_marcxml() {
    let Some(data) = shared_data("every_file_is_read_and_what_is_read_round_trips_through_marcxml")
    else {
        return;
    };
    let files = all_xml_files(&data);
    assert_eq!(
        files.len(),
        96,
        "MARCXML files found: 44 in marcxml/, 52 in marc/yaz/marc-files/"
    );
    let mut records = 0;
    for path in &files {
        let items = read_xml(path);
        // At most one error ends the stream, and it is the last item.
        for (i, item) in items.iter().enumerate() {
            if let Err(e) = item {
                assert!(
                    !e.is_fatal() || i + 1 == items.len(),
                    "{}: fatal error not last: {e}",
                    path.display()
                );
                assert!(
                    e.line >= 1 && e.position.ordinal >= 1,
                    "{}: {e:?}",
                    path.display()
                );
            }
        }
        // Read → write → read gives the same records.
        let read: Vec<Record> = items
            .into_iter()
            .filter_map(Result::ok)
            .map(|p| p.record)
            .collect();
        let mut xml = Vec::new();
        let summary = marcxml::write_collection(&mut xml, &read).unwrap();
        assert_eq!(summary.records as usize, read.len());
        assert_eq!(summary.characters_replaced, 0, "{}", path.display());
        let again: Vec<Record> = marcxml::Reader::new(&xml[..])
            .map(|r| {
                r.unwrap_or_else(|e| panic!("{}: written XML not read back: {e}", path.display()))
                    .record
            })
            .collect();
        assert_eq!(again, read, "{}", path.display());
        for record in &read {
            let one = marcxml::record_to_string(record);
            let back = marcxml::Reader::new(one.as_bytes())
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(&back.record, record);
            // Only the notes on data fields tagged 001-009 (danMARC2) are said again.
            assert!(
                back.warnings
                    .iter()
                    .all(|w| w.contains("control-field tag")),
                "{:?}",
                back.warnings
            );
        }
        records += read.len();
    }
    println!(
        "{} files, {records} records read and round-tripped",
        files.len()
    );
}

/// Expected `(records, errors)` per file, and what yaz-marcdump (libxml2) reads, with the reason
/// where the two differ.
const EXPECTED: &[(&str, usize, usize, usize)] = &[
    // (file, records read, errors, records yaz reads)
    ("marcxml/pymarc/batch.xml", 2, 0, 2),
    ("marcxml/pymarc/utf8.xml", 1, 0, 1),
    ("marcxml/marc4j/summerland.xml", 1, 0, 1),
    ("marcxml/marc4j/chabon.xml", 2, 0, 2),
    ("marcxml/marc4j/sample1a.xml", 9, 0, 9),
    ("marcxml/marc-perl/batch.xml", 10, 0, 10),
    ("marcxml/marc-perl/batch-ns.xml", 10, 0, 10),
    ("marcxml/solrmarc/specTestRecs.xml", 76, 0, 76),
    ("marcxml/solrmarc/specTestRecs_no_Prolog.xml", 76, 0, 76),
    ("marcxml/solrmarc/specTestRecs_withBOM.xml", 76, 0, 76),
    // Seven <record> elements one after the other with no <collection> around them: several root
    // elements, which XML does not allow. libxml2 stops after the first; a record sequence like
    // this is a common way of concatenating exports, and each record is well-formed, so we read
    // all seven.
    ("marcxml/evergreen/serials_marc21.xml", 7, 0, 1),
    // `<identifier>` and `<datestamp>` (OAI-PMH header elements) directly in the record: skipped
    // with a warning, as yaz does.
    ("marcxml/marc4j/1474920681_KOHA_LFL_5.xml", 1, 0, 1),
    (
        "marcxml/marc4j/1474920681_KOHA_LFL_6_with_comment.xml",
        1,
        0,
        1,
    ),
    // Broken on purpose.
    // Record 2 has a subfield code that is the control character U+0007, which XML 1.0 does not
    // allow: libxml2 stops there (record 1 only). The markup around it is intact, so we reject
    // record 2 alone and read record 3.
    ("marcxml/ruby-marc/three-records-second-bad.xml", 2, 1, 1),
    // `<subfields>` instead of `<subfield>` inside a datafield: the record is rejected (its data
    // would be lost). yaz skips the unknown element and keeps the record.
    ("marcxml/marc4j/chabon-bad-subfields-element.xml", 0, 1, 1),
    // A controlfield / datafield without its tag, a subfield without its code: the record is
    // rejected. yaz keeps the record with an empty tag or code.
    (
        "marcxml/marc4j/chabon-missing-controlfield-tag.xml",
        0,
        1,
        1,
    ),
    ("marcxml/marc4j/chabon-missing-datafield-tag.xml", 0, 1, 1),
    ("marcxml/marc4j/chabon-missing-subfield-code.xml", 0, 1, 1),
    // `type="Bibliographical"` is not a MARCXML record type: a warning, the record is read.
    ("marcxml/marc4j/chabon-record-type-bad.xml", 2, 0, 2),
    // tag="42": taken as 042 with a warning (the field is 042 $a dc, "Dublin Core"); the 17
    // character leader is padded. yaz keeps the two-character tag.
    ("marcxml/pymarc/bad_tag.xml", 1, 0, 1),
    ("marcxml/ruby-marc/no-leading-zero.xml", 1, 0, 1),
    // A datafield directly in the collection, no record: one error for the stray field, no
    // record; yaz reads nothing.
    ("marcxml/marc-perl/invalid.xml", 0, 1, 0),
    // An empty <record/>: rejected (no leader, no fields); yaz fails on it (exit status 5).
    ("marcxml/marc-perl/empty-record.xml", 0, 1, 0),
    ("marcxml/marc-perl/empty-record-2.xml", 0, 1, 0),
    // Indicators written as ind1="": blanks, with warnings.
    ("marcxml/marc-perl/namespace.xml", 1, 0, 1),
    (
        "marcxml/marc4j/cruel-cruel-indicatorless-summerland.xml",
        1,
        0,
        1,
    ),
    // MODS, not MARCXML: one error saying so.
    ("marcxml/marc4j/samples/modsoutput.xml", 0, 1, 0),
    // A leader and no field: rejected, as the ISO 2709 reader rejects a record without a
    // directory entry. yaz writes out the leader alone.
    ("marc/yaz/marc-files/marc4.xml", 0, 1, 1),
    // Three indicators (danMARC2) and data fields tagged 001-009: read, with warnings.
    ("marc/yaz/marc-files/marc1.xml", 1, 0, 1),
    // TurboMARC (Index Data's compact schema), not MARCXML: one error saying so; yaz reads it only
    // with `-i turbomarc`.
    ("marc/yaz/marc-files/tmarc0.xml", 0, 1, 0),
];

#[test]
fn record_counts_of_known_files() {
    let Some(data) = shared_data("record_counts_of_known_files") else {
        return;
    };
    for &(file, ok, errors, _) in EXPECTED {
        let items = read_xml(&data.join(file));
        assert_eq!(counts(&items), (ok, errors), "{file}: {items:#?}");
    }
    let kind = |file: &str| {
        read_xml(&data.join(file))
            .into_iter()
            .find_map(Result::err)
            .map(|e| e.kind)
    };
    assert_eq!(
        kind("marcxml/marc-perl/invalid.xml"),
        Some(XmlErrorKind::OutsideRecord)
    );
    assert_eq!(
        kind("marcxml/marc4j/samples/modsoutput.xml"),
        Some(XmlErrorKind::NotMarcXml)
    );
    assert_eq!(
        kind("marc/yaz/marc-files/tmarc0.xml"),
        Some(XmlErrorKind::NotMarcXml)
    );

    let bad = read_xml(&data.join("marcxml/ruby-marc/three-records-second-bad.xml"));
    let e = bad[1].as_ref().unwrap_err();
    assert_eq!(
        (e.kind, e.position.ordinal, e.position.line, e.line),
        (XmlErrorKind::BadRecord, 2, 55, 72)
    );
    assert_eq!(
        (e.element.as_deref(), e.tag.as_deref()),
        (Some("subfield"), Some("245"))
    );
    assert_eq!(bad[2].as_ref().unwrap().position.ordinal, 3);

    let e = &read_xml(&data.join("marcxml/marc4j/chabon-missing-datafield-tag.xml"))[0];
    let e = e.as_ref().unwrap_err();
    // The first fault in the record is the <subfields> element on line 8; the datafield without
    // a tag (line 61) is counted in the reason.
    assert_eq!((e.line, e.element.as_deref()), (8, Some("subfields")));
    assert!(e.reason.contains("1 more fault"), "{e}");
    let e = &read_xml(&data.join("marcxml/marc4j/chabon-missing-controlfield-tag.xml"))[0];
    let e = e.as_ref().unwrap_err();
    assert_eq!(
        (e.line, e.element.as_deref(), e.reason.as_str()),
        (
            5,
            Some("controlfield"),
            "no tag attribute (and 1 more fault(s) in this record)"
        )
    );
    let e = &read_xml(&data.join("marcxml/marc4j/chabon-missing-subfield-code.xml"))[0];
    assert_eq!(
        e.as_ref().unwrap_err().to_string(),
        "record 1 (line 2), line 8, <subfield> field 020: no code attribute"
    );

    let tag = read_xml(&data.join("marcxml/pymarc/bad_tag.xml"))
        .remove(0)
        .unwrap();
    let f042 = tag.record.field("042").expect("tag 42 read as 042");
    assert_eq!(
        (f042.indicators(), f042.subfield('a')),
        (('z', 'z'), Some("dc"))
    );
    assert_eq!(tag.record.fields.len(), 15);
    assert_eq!(tag.record.leader.as_string(), "      Z  a22 4500   4500");

    let bom = read_xml(&data.join("marcxml/solrmarc/specTestRecs_withBOM.xml"));
    let plain = read_xml(&data.join("marcxml/solrmarc/specTestRecs.xml"));
    let records = |items: Vec<Result<XmlParsed, XmlRecordError>>| -> Vec<Record> {
        items.into_iter().map(|r| r.unwrap().record).collect()
    };
    assert_eq!(records(bom), records(plain));
}

#[test]
fn record_counts_agree_with_yaz_where_noted() {
    let Some(data) = shared_data("record_counts_agree_with_yaz_where_noted") else {
        return;
    };
    let Some(yaz) = yaz("record_counts_agree_with_yaz_where_noted") else {
        return;
    };
    for &(file, _, _, yaz_records) in EXPECTED {
        let (_, n) = yaz_count(yaz, &data.join(file));
        assert_eq!(n, yaz_records, "{file}: yaz reads {n}");
    }
}

/// What the ISO 2709 reader makes of a field: it decides control or data by the tag, so a data
/// field tagged 001-009 (danMARC2 has them) comes back as a control field holding the indicators
/// and subfields as text.
fn as_iso2709_reads_it(record: &Record) -> Record {
    let mut out = record.clone();
    for field in &mut out.fields {
        if let Field::Data {
            tag,
            ind1,
            ind2,
            subfields,
        } = field
        {
            if tag.starts_with("00") {
                let mut value = format!("{ind1}{ind2}");
                for sf in subfields.iter() {
                    value.push('\u{1F}');
                    value.push(sf.code);
                    value.push_str(&sf.value);
                }
                *field = Field::Control {
                    tag: tag.clone(),
                    value,
                };
            }
        }
    }
    out
}

#[test]
fn yaz_xml_files_written_as_iso2709_read_back_equal() {
    let Some(data) = shared_data("yaz_xml_files_written_as_iso2709_read_back_equal") else {
        return;
    };
    let dir = data.join("marc/yaz/marc-files");
    let mut compared = 0;
    let mut same_fields_as_yaz = 0;
    for n in 0..100 {
        let xml = dir.join(format!("marc{n}.xml"));
        let companion = dir.join(format!("marc{n}.xml.marc"));
        if !xml.exists() || !companion.exists() {
            continue;
        }
        let items = read_xml(&xml);
        let yaz_iso: Vec<_> =
            carrel_marc::Reader::new(BufReader::new(File::open(&companion).unwrap())).collect();
        if n == 4 {
            // A leader without fields: we reject it; yaz's ISO 2709 rendering of it (a leader and an
            // empty directory) is rejected by the ISO 2709 reader too.
            assert!(items[0].is_err() && yaz_iso[0].is_err());
            continue;
        }
        assert_eq!(items.len(), 1, "{}", xml.display());
        let parsed = items.into_iter().next().unwrap().unwrap();
        let bytes = write_iso2709(&parsed.record);
        let back: Vec<_> = carrel_marc::Reader::new(&bytes[..]).collect();
        assert_eq!(back.len(), 1);
        let back = back.into_iter().next().unwrap().unwrap();
        assert!(!back.undecoded);
        // write_iso2709 computes leader/00-04 (record length) and 12-16 (base address).
        let mut expected = as_iso2709_reads_it(&parsed.record);
        expected.leader.0[0..5].copy_from_slice(&back.record.leader.0[0..5]);
        expected.leader.0[12..17].copy_from_slice(&back.record.leader.0[12..17]);
        assert_eq!(back.record, expected, "{}", xml.display());
        assert!(
            back.warnings.is_empty(),
            "{}: {:?}",
            xml.display(),
            back.warnings
        );

        // yaz's own ISO 2709 conversion of the same XML holds the same fields with the same tags.
        // Where that record is clean UTF-8 (yaz writes a non-ASCII indicator, as in marc0, as two
        // bytes, which no ISO 2709 reader can take as one indicator), the fields are equal too.
        let theirs = yaz_iso.into_iter().next().unwrap().unwrap();
        let tags = |r: &Record| {
            r.fields
                .iter()
                .map(|f| f.tag().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            tags(&theirs.record),
            tags(&back.record),
            "{}",
            companion.display()
        );
        if theirs.record.leader.character_coding() == CharacterCoding::Utf8
            && theirs.warnings.is_empty()
        {
            assert_eq!(
                theirs.record.fields,
                back.record.fields,
                "{}",
                companion.display()
            );
            same_fields_as_yaz += 1;
        }
        compared += 1;
    }
    assert_eq!(compared, 12);
    // The other four: marc0 (the indicator above) and marc1-3, whose yaz rendering keeps three
    // indicators (leader/10 = 3), which the ISO 2709 reader, reading two, repairs with warnings.
    assert_eq!(same_fields_as_yaz, 8);
    println!("{compared} records compared; {same_fields_as_yaz} have exactly the fields of yaz's own conversion");
}

fn folio_records(data: &Path) -> Vec<Record> {
    let path = data.join("marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc");
    let mut records = Vec::new();
    for item in carrel_marc::Reader::new(BufReader::new(File::open(path).unwrap())) {
        let parsed = item.expect("the folio records are readable");
        assert_eq!(
            parsed.record.leader.character_coding(),
            CharacterCoding::Utf8
        );
        records.push(parsed.record);
    }
    records
}

#[test]
fn iso2709_utf8_records_to_marcxml_and_back_are_equal() {
    let Some(data) = shared_data("iso2709_utf8_records_to_marcxml_and_back_are_equal") else {
        return;
    };
    let records = folio_records(&data);
    assert_eq!(records.len(), 1000);
    let mut writer = marcxml::Writer::new(Vec::new()).unwrap();
    for record in &records {
        assert_eq!(writer.write_record(record).unwrap(), 0);
    }
    assert_eq!(writer.records_written(), 1000);
    let xml = writer.finish().unwrap();
    let mut n = 0;
    for (item, original) in marcxml::Reader::new(&xml[..]).zip(&records) {
        let parsed = item.unwrap();
        assert_eq!(
            &parsed.record, original,
            "record {}",
            parsed.position.ordinal
        );
        assert!(
            parsed.warnings.is_empty(),
            "record {}: {:?}",
            parsed.position.ordinal,
            parsed.warnings
        );
        n += 1;
    }
    assert_eq!(n, 1000);
}

#[test]
fn yaz_reads_the_marcxml_we_write() {
    let Some(data) = shared_data("yaz_reads_the_marcxml_we_write") else {
        return;
    };
    let Some(yaz) = yaz("yaz_reads_the_marcxml_we_write") else {
        return;
    };
    let records = folio_records(&data);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("folio-1k.xml");
    let file = std::io::BufWriter::new(File::create(&path).unwrap());
    let summary = marcxml::write_collection(file, &records).unwrap();
    assert_eq!(summary.records, 1000);
    let (status, n) = yaz_count(yaz, &path);
    assert_eq!((status, n), (0, 1000));
}
