//! Every valid UTF-8 ISO 2709 record of the shared test data, read and written again, gives the
//! same bytes; every record read from any file survives ISO 2709 → MARCXML → read unchanged.

use std::path::{Path, PathBuf};

use carrel_marc::{write_iso2709, CharacterCoding, Reader};

fn shared_data() -> Option<PathBuf> {
    carrel_testkit::shared_data(
        "valid_utf8_records_write_back_to_the_same_bytes_and_survive_marcxml",
    )
}

fn iso_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            iso_files(&p, out);
        } else {
            let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
            let skip = [
                ".gz", ".txt", ".json", ".xml", ".lst", ".chr", ".md", ".lif", ".mrk", ".mrk8",
                "readme",
            ];
            if !skip.iter().any(|s| name.ends_with(s)) {
                out.push(p);
            }
        }
    }
}

#[test]
fn valid_utf8_records_write_back_to_the_same_bytes_and_survive_marcxml() {
    let Some(data) = shared_data() else { return };
    let mut files = Vec::new();
    iso_files(&data.join("marc"), &mut files);
    files.sort();
    let (mut same, mut xml_same, mut total) = (0, 0, 0);
    for file in &files {
        let f = std::fs::File::open(file).unwrap();
        for parsed in Reader::new(std::io::BufReader::new(f)).flatten() {
            total += 1;
            let clean = parsed.warnings.is_empty()
                && parsed.encoding == CharacterCoding::Utf8
                && parsed.raw[9] == b'a';
            if clean {
                assert_eq!(
                    write_iso2709(&parsed.record),
                    parsed.raw,
                    "{} #{}: writing gave other bytes",
                    file.display(),
                    parsed.position.ordinal
                );
                same += 1;
            }
            // Through MARCXML and back: the same record (leader/09 becomes 'a', XML being Unicode),
            // unless it holds control characters XML 1.0 cannot carry (e.g. subfield delimiters
            // inside a control field), which the writer replaces with U+FFFD.
            let text = parsed.record.to_string();
            if text
                .chars()
                .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
            {
                continue;
            }
            let xml = carrel_marc::marcxml::record_to_string(&parsed.record);
            let back = carrel_marc::marcxml::Reader::new(xml.as_bytes()).next();
            if let Some(Ok(back)) = back {
                let mut expected = parsed.record.clone();
                expected.leader.set_character_coding(CharacterCoding::Utf8);
                if back.record.fields == expected.fields {
                    xml_same += 1;
                } else {
                    panic!(
                        "{} #{}: MARCXML round trip changed the record",
                        file.display(),
                        parsed.position.ordinal
                    );
                }
            }
        }
    }
    eprintln!("{same} valid UTF-8 records written back byte for byte; {xml_same} of {total} records through MARCXML unchanged");
    assert!(same > 17_000, "expected the shared UTF-8 files, got {same}");
}
