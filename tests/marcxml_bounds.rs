//! One huge MARCXML record inside a gzip (issue 12): the record is rejected with a clear
//! per-record error naming the line, reading goes on at the next record, and memory stays
//! bounded. Alone in its test binary so that the process's peak memory is this test's.

mod common;

use std::io::Write;

use carrel::catalogue::import::Severity;
use carrel::catalogue::search;
use common::*;

/// Peak resident memory of this process so far, in KiB (Linux `VmHWM`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn record(id: &str, title: &str) -> String {
    format!(
        "  <record>\n    <leader>00000nam a2200000 a 4500</leader>\n    <controlfield tag=\"001\">{id}</controlfield>\n    <datafield tag=\"245\" ind1=\"1\" ind2=\"0\">\n      <subfield code=\"a\">{title}</subfield>\n    </datafield>\n  </record>\n"
    )
}

#[test]
fn a_64_mib_subfield_in_a_gzip_rejects_its_record_only_with_memory_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xml.gz");
    {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        gz.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<collection xmlns=\"http://www.loc.gov/MARC21/slim\">\n")
            .unwrap();
        gz.write_all(record("first", "The first record").as_bytes())
            .unwrap();
        gz.write_all(b"  <record>\n    <leader>00000nam a2200000 a 4500</leader>\n    <controlfield tag=\"001\">huge</controlfield>\n    <datafield tag=\"520\" ind1=\" \" ind2=\" \">\n      <subfield code=\"a\">")
            .unwrap();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..64 {
            gz.write_all(&block).unwrap();
        }
        gz.write_all(b"</subfield>\n    </datafield>\n  </record>\n")
            .unwrap();
        gz.write_all(record("last", "The last record").as_bytes())
            .unwrap();
        gz.write_all(b"</collection>\n").unwrap();
        gz.finish().unwrap();
    }
    assert!(
        std::fs::metadata(&path).unwrap().len() < 2 << 20,
        "small on disk"
    );

    let (_d, mut lib) = new_library();
    let before = peak_kib();
    let summary = import(&mut lib, std::slice::from_ref(&path));
    let grew_mib = (peak_kib() - before) / 1024;

    assert_eq!(summary.records_read, 3);
    assert_eq!(summary.imported, 2, "the records before and after it");
    assert_eq!(summary.rejected, 1);
    let error = summary
        .problems
        .iter()
        .find(|p| p.severity == Severity::Error)
        .expect("the huge record's error");
    assert_eq!(error.ordinal, 2);
    assert_eq!(error.line, Some(10), "the line of its <record>");
    assert!(
        error.reason.contains("line 14")
            && error.reason.contains("more than 1048576 bytes (1 MiB)"),
        "{}",
        error.reason
    );
    eprintln!("{} (peak grew {grew_mib} MiB)", error.reason);
    assert_eq!(error.tag.as_deref(), Some("520"));
    let titles: Vec<String> = search::search(&lib, "record", 10)
        .map(|r| r.hits.into_iter().map(|h| h.title).collect())
        .unwrap_or_default();
    assert!(titles.iter().any(|t| t.contains("last")), "{titles:?}");
    // Without the bound the parser's buffer, the kept raw text and the record's value each
    // held the 64 MiB; now one 1 MiB text and a 4 MiB kept copy at most.
    assert!(grew_mib < 40, "peak memory grew by {grew_mib} MiB");
    // What is kept of the rejected record is bounded too.
    let kept: i64 = rusqlite::Connection::open(lib.path())
        .unwrap()
        .query_row(
            "SELECT coalesce(max(length(raw)), 0) FROM import_rejects",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(kept <= 4 << 20, "kept {kept} bytes");
}
