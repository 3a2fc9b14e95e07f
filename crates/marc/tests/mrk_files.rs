//! MarcEdit's `.mrk` files: `.mrk` → ISO 2709 → `.mrk` gives the same bytes (the fixture, and every
//! record of the shared MARC files written as `.mrk`), and MarcBreaker's own output in the shared
//! data reads as the same records as the ISO 2709 file it was made from.

use std::path::{Path, PathBuf};

use carrel_marc::mrk::{record_to_mrk, set_iso2709_lengths, MrkReader};
use carrel_marc::{write_iso2709, Reader, Record};

/// `.mrk` text → records → ISO 2709 → records → `.mrk` text.
fn through_iso2709(text: &[u8]) -> String {
    let mut out = String::new();
    for parsed in MrkReader::new(text) {
        let parsed = parsed.unwrap();
        let bytes = write_iso2709(&parsed.record);
        let back = Reader::new(&bytes[..]).next().unwrap().unwrap();
        out.push_str(&record_to_mrk(&back.record));
    }
    out
}

#[test]
fn the_fixture_goes_through_iso2709_byte_for_byte() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture.mrk");
    let text = std::fs::read(&path).unwrap();
    let records: Vec<_> = MrkReader::new(&text[..]).map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|p| p.warnings.is_empty()));
    let r = &records[0].record;
    assert_eq!(r.control("001"), Some("mrk-fixture-1 "));
    assert_eq!(
        r.field("245").unwrap().subfield('a'),
        Some("Braces {and} dollars $5 :")
    );
    assert_eq!(
        r.field("245").unwrap().subfield('b'),
        Some("back\\slashes in data, C:\\temp /")
    );
    assert!(records[1]
        .record
        .field("500")
        .unwrap()
        .subfields()
        .is_empty());
    assert_eq!(through_iso2709(&text), String::from_utf8(text).unwrap());
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
fn every_shared_record_written_as_mrk_goes_through_iso2709_byte_for_byte() {
    let Some(data) = carrel_testkit::shared_data(
        "every_shared_record_written_as_mrk_goes_through_iso2709_byte_for_byte",
    ) else {
        return;
    };
    let mut files = Vec::new();
    iso_files(&data.join("marc"), &mut files);
    files.sort();
    let (mut total, mut skipped) = (0, 0);
    for file in &files {
        let f = std::fs::File::open(file).unwrap();
        let mut text = String::new();
        let mut records: Vec<Record> = Vec::new();
        for parsed in Reader::new(std::io::BufReader::new(f)).flatten() {
            // The lengths in the leader are those of the UTF-8 record (any ISO 2709 writer
            // computes them anew; a MARC-8 or damaged record held others).
            let mut record = parsed.record;
            // A tag that is not three ASCII characters (a damaged record read with U+FFFD in
            // it) cannot be said in an ISO 2709 directory of three bytes a tag, and a record
            // without fields is no ISO 2709 record (its reader rejects it).
            if record.fields.is_empty() || record.fields.iter().any(|f| !f.tag().is_ascii()) {
                skipped += 1;
                continue;
            }
            set_iso2709_lengths(&mut record);
            text.push_str(&record_to_mrk(&record));
            records.push(record);
        }
        // Read back: the same records.
        let read: Vec<Record> = MrkReader::new(text.as_bytes())
            .map(|r| {
                r.unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                    .record
            })
            .collect();
        assert_eq!(read.len(), records.len(), "{}", file.display());
        for (i, (a, b)) in records.iter().zip(&read).enumerate() {
            assert_eq!(
                a,
                b,
                "{} #{}: .mrk changed the record",
                file.display(),
                i + 1
            );
        }
        // And .mrk → ISO 2709 → .mrk: the same text, byte for byte.
        let again = through_iso2709(text.as_bytes());
        if again != text {
            let (x, y) = text
                .lines()
                .zip(again.lines())
                .find(|(x, y)| x != y)
                .unwrap_or(("", ""));
            panic!(
                "{}: .mrk → ISO 2709 → .mrk differs:\n{x}\n{y}",
                file.display()
            );
        }
        total += records.len();
    }
    assert!(total > 1000, "only {total} records");
    assert!(skipped < 20, "{skipped} records ISO 2709 cannot hold");
    println!(
        "{total} records of {} files ({skipped} that ISO 2709 cannot hold left out)",
        files.len()
    );
}

/// Records of an ISO 2709 file and of the `.mrk` MarcBreaker made of it, side by side.
fn compare(mrk: &Path, mrc: &Path) -> usize {
    let text = std::fs::read(mrk).unwrap();
    let from_mrk: Vec<Record> = MrkReader::new(&text[..])
        .map(|r| r.unwrap().record)
        .collect();
    let from_mrc: Vec<Record> =
        Reader::new(std::io::BufReader::new(std::fs::File::open(mrc).unwrap()))
            .map(|r| r.unwrap().record)
            .collect();
    assert_eq!(from_mrk.len(), from_mrc.len());
    for (i, (a, b)) in from_mrk.iter().zip(&from_mrc).enumerate() {
        for (fa, fb) in a.fields.iter().zip(&b.fields) {
            assert_eq!(fa, fb, "{} #{}", mrk.display(), i + 1);
        }
        assert_eq!(a.fields.len(), b.fields.len());
    }
    from_mrk.len()
}

#[test]
fn marcbreaker_output_reads_as_the_records_it_was_made_from() {
    let test = "marcbreaker_output_reads_as_the_records_it_was_made_from";
    let Some(data) = carrel_testkit::shared_data_with(test, "marc/marc4j") else {
        return;
    };
    let dir = data.join("marc/marc4j");
    // MARC-8 mnemonics (ANSEL diacritics as {acute}, …) against the MARC-8 file, decoded.
    assert_eq!(
        compare(&dir.join("brkrtest.mrk"), &dir.join("brkrtest.mrc")),
        compare(&dir.join("brkrtest.mrk8"), &dir.join("brkrtest_UTF8.mrc"))
    );
}
