//! The bibliography writers (issue 6): each document format is read back by a real reader
//! (LibreOffice for RTF and DOCX, poppler's pdftotext/pdfinfo/pdffonts for PDF), BibTeX by the
//! `biblatex` crate, RIS by rispy (Python) when installed and by a small reader in this file.
//! Tests that need an outside program say so plainly and skip that part when it is absent.

use carrel::RecordId;
use std::path::{Path, PathBuf};
use std::process::Command;

use carrel::bibliography::rendered::{RenderedBibliography, RenderedEntry, RenderedSection, Span};
use carrel::bibliography::writers::{
    pdf, write_bibtex, write_docx, write_pdf, write_ris, write_rtf,
};
use serde_json::{json, Value};

const NOTE: &str = "Dvořák’s “notes” — €5";
const HOSTILE: &str = "<b>&{\\}";

fn span(text: &str) -> Span {
    Span {
        text: text.into(),
        ..Default::default()
    }
}

fn italic(text: &str) -> Span {
    Span {
        text: text.into(),
        italic: true,
        ..Default::default()
    }
}

/// Title, a two-paragraph introduction, two sections; italics, small capitals, a link, a
/// superscript, annotations with non-ASCII text, a location line and a hostile string.
fn fixture() -> RenderedBibliography {
    RenderedBibliography {
        title: "Arbitration in construction contracts".into(),
        introduction: Some(
            "Works held in the firm’s library on construction arbitration.\n\nAsk at the desk for the closed stack.".into(),
        ),
        style: "Chicago Manual of Style 17th edition (author-date)".into(),
        hanging_indent: true,
        sections: vec![
            RenderedSection {
                heading: Some("Books".into()),
                entries: vec![
                    RenderedEntry {
                        record_id: RecordId(1),
                        label: None,
                        spans: vec![
                            Span { text: "Smith".into(), small_caps: true, ..Default::default() },
                            span(", Jane. 2019. "),
                            italic("Construction Arbitration in Practice"),
                            span(". 2nd ed. Dublin: Round Hall. "),
                            Span {
                                text: "https://example.test/smith".into(),
                                link: Some("https://example.test/smith".into()),
                                ..Default::default()
                            },
                            span("."),
                        ],
                        annotation: Some(NOTE.into()),
                        location: Some("KF 9085 .A7 2019 — Main".into()),
                    },
                    RenderedEntry {
                        record_id: RecordId(2),
                        label: None,
                        spans: vec![
                            span("Ó Briain, Seán. 2021. "),
                            italic("Adjudication under the 2013 Act"),
                            span(". Cork: Mercier"),
                            Span { text: "2".into(), superscript: true, ..Default::default() },
                        ],
                        annotation: Some(format!("Hostile text kept as text: {HOSTILE}")),
                        location: None,
                    },
                ],
            },
            RenderedSection {
                heading: Some("Cases".into()),
                entries: vec![RenderedEntry {
                    record_id: RecordId(3),
                    label: None,
                    spans: vec![italic("Doyle v. Kildare County Council"), span(" [2020] IEHC 123.")],
                    annotation: None,
                    location: Some("Law reports shelf".into()),
                }],
            },
        ],
    }
}

/// The texts a reader must find in every document made from the fixture.
fn expected_texts() -> Vec<String> {
    let b = fixture();
    let mut v = vec![
        b.title.clone(),
        "Works held in the firm’s library on construction arbitration.".into(),
        "Books".into(),
        "Cases".into(),
    ];
    for s in &b.sections {
        for e in &s.entries {
            v.push(e.plain_text());
            v.extend(e.annotation.clone());
            v.extend(e.location.clone());
        }
    }
    v
}

/// Whitespace collapsed and case folded: readers rewrap lines and show small capitals as capitals.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn have(tool: &str, test: &str) -> bool {
    let package = match tool {
        "soffice" => "libreoffice-writer-nogui",
        "unzip" => "unzip",
        _ => "poppler-utils",
    };
    carrel_testkit::tool(test, tool, package)
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext gives UTF-8")
}

/// Converts a document to PDF with LibreOffice (its own profile folder, so parallel runs do not
/// collide) and returns the PDF's path.
fn libreoffice_to_pdf(dir: &Path, file: &Path) -> PathBuf {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(file)
        .output()
        .expect("soffice runs");
    let pdf = dir.join(file.file_stem().unwrap()).with_extension("pdf");
    assert!(
        pdf.exists(),
        "LibreOffice made no PDF from {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// The words of a PDF as (left x, bottom y, text), in points from the top left, from `pdftotext -bbox`.
fn pdf_words(pdf: &Path) -> Vec<(f32, f32, String)> {
    let html = pdftotext(pdf, &["-bbox"]);
    let attr = |line: &str, name: &str| -> f32 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[start..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<word "))
        .map(|l| {
            let text = l
                .split('>')
                .nth(1)
                .unwrap()
                .trim_end_matches("</word")
                .to_string();
            (
                attr(l, "xMin"),
                attr(l, "yMax"),
                text.replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">"),
            )
        })
        .collect()
}

/// pdfinfo's "Key: value" lines as a map.
fn pdfinfo(pdf: &Path) -> std::collections::HashMap<String, String> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(
        out.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn assert_all_found(text: &str, what: &str) {
    let text = norm(text);
    for want in expected_texts() {
        assert!(
            text.contains(&norm(&want)),
            "{what}: {want:?} not found in:\n{text}"
        );
    }
}

#[test]
fn rtf_reads_back_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let rtf = write_rtf(&fixture());
    assert!(rtf.is_ascii(), "RTF is 7-bit with \\u escapes");
    let text = String::from_utf8(rtf.clone()).unwrap();
    assert!(text.contains("\\fi-360\\li360"), "hanging indent");
    assert!(text.contains("{\\scaps Smith}"), "small capitals");
    assert!(text.contains("HYPERLINK \"https://example.test/smith\""));
    let path = dir.path().join("bibliography.rtf");
    std::fs::write(&path, &rtf).unwrap();
    if !(have("soffice", "rtf_reads_back_in_libreoffice")
        && have("pdftotext", "rtf_reads_back_in_libreoffice"))
    {
        return;
    }
    let pdf = libreoffice_to_pdf(dir.path(), &path);
    assert_all_found(&pdftotext(&pdf, &[]), "RTF via LibreOffice");
}

#[test]
fn docx_reads_back_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let docx = write_docx(&fixture()).unwrap();
    let path = dir.path().join("bibliography.docx");
    std::fs::write(&path, &docx).unwrap();
    if have("unzip", "docx_reads_back_in_libreoffice") {
        let part = |name: &str| {
            let o = Command::new("unzip")
                .arg("-p")
                .arg(&path)
                .arg(name)
                .output()
                .unwrap();
            String::from_utf8(o.stdout).unwrap()
        };
        let styles = part("word/styles.xml");
        for id in ["Heading1", "Heading2", "Bibliography", "BibliographyNote"] {
            assert!(
                styles.contains(&format!("w:styleId=\"{id}\"")),
                "style {id} in styles.xml"
            );
        }
        assert!(
            styles.contains("w:hanging=\"360\""),
            "the Bibliography style has the hanging indent"
        );
        let document = part("word/document.xml");
        assert!(document.contains("<w:pStyle w:val=\"Bibliography\" />"));
        assert!(document.contains("<w:i />"), "italic runs");
        assert!(
            document.contains("&lt;b&gt;&amp;{\\}"),
            "hostile text escaped as XML"
        );
        assert!(
            part("word/_rels/document.xml.rels").contains("https://example.test/smith"),
            "hyperlink target"
        );
        assert!(part("docProps/core.xml")
            .contains("<dc:title>Arbitration in construction contracts</dc:title>"));
    }
    if !(have("soffice", "docx_reads_back_in_libreoffice")
        && have("pdftotext", "docx_reads_back_in_libreoffice"))
    {
        return;
    }
    let pdf = libreoffice_to_pdf(dir.path(), &path);
    assert_all_found(&pdftotext(&pdf, &[]), "DOCX via LibreOffice");
}

#[test]
fn pdf_holds_the_entries_on_a4_with_embedded_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = write_pdf(&fixture()).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = dir.path().join("bibliography.pdf");
    std::fs::write(&path, &bytes).unwrap();
    if !have(
        "pdftotext",
        "pdf_holds_the_entries_on_a4_with_embedded_fonts",
    ) {
        return;
    }
    assert_all_found(&pdftotext(&path, &[]), "PDF");
    let info = pdfinfo(&path);
    assert!(info["Page size"].ends_with("(A4)"), "{info:?}");
    assert_eq!(info["Title"], "Arbitration in construction contracts");
    assert_eq!(info["Pages"], "1");
    // The section headings are bookmarks (outline items are uncompressed PDF objects).
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        raw.contains("/Outlines") && raw.contains("(Books)") && raw.contains("(Cases)"),
        "bookmarks for the sections"
    );
    assert!(
        raw.contains("/URI") && raw.contains("(https://example.test/smith)"),
        "the link is a link annotation"
    );
    // Hanging indent: the entry's first line at the margin, its other lines 18 pt in, the note
    // 36 pt in (pdftotext -bbox gives each word's box in points).
    let words = pdf_words(&path);
    let find = |t: &str| {
        words
            .iter()
            .find(|w| w.2 == t)
            .unwrap_or_else(|| panic!("{t} not in the PDF"))
    };
    let (jane, note) = (find("Jane."), find("Dvořák’s"));
    let line1 = words
        .iter()
        .filter(|w| (w.1 - jane.1).abs() < 2.0)
        .map(|w| w.0)
        .fold(f32::MAX, f32::min);
    let rest: Vec<_> = words
        .iter()
        .filter(|w| w.1 > jane.1 + 5.0 && w.1 < note.1 - 5.0)
        .collect();
    assert!(!rest.is_empty(), "the first entry wraps onto a second line");
    let line2 = rest.iter().map(|w| w.0).fold(f32::MAX, f32::min);
    assert!(
        (line1 - pdf::MARGIN).abs() < 0.5,
        "first line at {line1} pt"
    );
    assert!(
        (line2 - (pdf::MARGIN + pdf::HANG)).abs() < 0.5,
        "second line at {line2} pt"
    );
    assert!(
        (note.0 - (pdf::MARGIN + 2.0 * pdf::HANG)).abs() < 0.5,
        "note at {} pt",
        note.0
    );
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&path).output().unwrap().stdout).unwrap();
    for face in ["DejaVuSerif ", "DejaVuSerif-Italic", "DejaVuSerif-Bold"] {
        let line = fonts
            .lines()
            .find(|l| l.contains(face))
            .unwrap_or_else(|| panic!("{face} not in:\n{fonts}"));
        // pdffonts columns: name, type, encoding, then emb sub uni: embedded, subset, with a ToUnicode map.
        let cols: Vec<&str> = line.split_whitespace().collect();
        let at = cols
            .iter()
            .position(|c| *c == "Identity-H")
            .unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            cols[at + 1..at + 4],
            ["yes", "yes", "yes"],
            "{face} embedded, subset, unicode: {line}"
        );
    }
}

#[test]
fn pdf_of_200_entries_breaks_pages_where_the_layout_says() {
    let entries: Vec<RenderedEntry> = (1..=200)
        .map(|i| RenderedEntry {
            record_id: RecordId(i),
            spans: vec![
                span(&format!("Author {i:03}. ")),
                italic(&format!("Short title {i:03}")),
                span("."),
            ],
            ..Default::default()
        })
        .collect();
    let b = RenderedBibliography {
        title: String::new(),
        hanging_indent: true,
        sections: vec![RenderedSection {
            heading: None,
            entries,
        }],
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, write_pdf(&b).unwrap()).unwrap();
    // Each entry is one line: a page holds n entries where n lines plus n-1 gaps fit between
    // the margins.
    let usable = pdf::PAGE_HEIGHT - 2.0 * pdf::MARGIN;
    let per_page =
        ((usable + pdf::ENTRY_GAP) / (pdf::LINE_HEIGHT + pdf::ENTRY_GAP)).floor() as usize;
    let pages = 200usize.div_ceil(per_page);
    if !have(
        "pdfinfo",
        "pdf_of_200_entries_breaks_pages_where_the_layout_says",
    ) {
        return;
    }
    let info = pdfinfo(&path);
    assert_eq!(info["Page size"], "595.276 x 841.89 pts (A4)");
    assert_eq!(
        info["Pages"],
        pages.to_string(),
        "{per_page} entries a page"
    );
    // Every entry once, in order; page k starts with the entry after page k-1's last.
    let mut next = 1;
    for page in 1..=pages {
        let p = page.to_string();
        let text = pdftotext(&path, &["-f", &p, "-l", &p]);
        for line in text.lines().filter(|l| l.starts_with("Author ")) {
            assert_eq!(
                line,
                format!("Author {next:03}. Short title {next:03}."),
                "page {page}"
            );
            next += 1;
        }
        if page < pages {
            assert_eq!(next - 1, page * per_page, "page {page} is full");
        }
    }
    assert_eq!(next, 201, "all 200 entries were found");
}

fn items() -> Vec<Value> {
    vec![
        json!({"id": "1", "type": "book", "title": "Construction Arbitration in Practice", "author": [{"family": "Smith", "given": "Jane"}, {"family": "Dvořák", "given": "Antonín"}],
               "issued": {"date-parts": [[2019]]}, "publisher": "Round Hall", "publisher-place": "Dublin", "edition": "2nd", "ISBN": "9781858007447",
               "collection-title": "Irish law texts", "language": "eng", "note": "Costs & fees: 50% of $5, #1 a_b ~x^2"}),
        json!({"id": "2", "type": "chapter", "title": "Costs", "author": [{"family": "Ó Briain", "given": "Seán"}], "editor": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
               "container-title": "Handbook of Arbitration", "issued": {"date-parts": [[2021, 3, 4]]}, "page": "10-25", "publisher": "Mercier"}),
        json!({"id": "3", "type": "article-journal", "title": "Adjudication after 2013", "author": [{"family": "Smith", "given": "Jane"}], "container-title": "Irish Jurist",
               "volume": 50, "issue": "2", "issued": {"date-parts": [[2019]]}, "DOI": "10.1000/xyz_123", "ISSN": "0021-1273"}),
        json!({"id": "4", "type": "legal_case", "title": "Doyle v. Kildare County Council", "authority": "High Court", "issued": {"date-parts": [[2020]]}}),
        json!({"id": "5", "type": "report", "title": "Annual report", "author": [{"literal": "Law Society of Ireland"}], "issued": {"date-parts": [[2018]]}, "publisher": "Law Society"}),
        json!({"id": "6", "type": "webpage", "title": "Guide to <b>&{\\} tags", "URL": "https://example.test/guide?a=1&b=2", "issued": {"date-parts": [[2024]]}}),
        json!({"id": "7", "type": "map", "title": "Dublin", "issued": {"date-parts": [[1837]]}, "author": [{"literal": "Ordnance Survey"}]}),
        json!({"id": "8", "type": "thesis", "title": "Arbitration", "author": [{"family": "Smith", "given": "Jane"}], "issued": {"date-parts": [[2019]]}, "publisher": "Trinity College Dublin", "genre": "PhD thesis"}),
    ]
}

fn csl_names(item: &Value, key: &str) -> Vec<(String, String)> {
    item.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|n| match n.get("literal").and_then(Value::as_str) {
                    Some(l) => (l.to_string(), String::new()),
                    None => (
                        n["family"].as_str().unwrap().to_string(),
                        n["given"].as_str().unwrap_or("").to_string(),
                    ),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bibtex_parses_back_with_biblatex() {
    let items = items();
    let bib = write_bibtex(&items);
    let parsed = biblatex::Bibliography::parse(&bib).unwrap_or_else(|e| panic!("{e:?} in\n{bib}"));
    assert_eq!(parsed.len(), items.len(), "{bib}");
    let keys: Vec<&str> = parsed.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys[0], "smith2019construction");
    assert_eq!(keys[1], "obriain2021costs");
    assert_eq!(keys[2], "smith2019adjudication");
    assert_eq!(keys[3], "doyle2020", "no author: title word and year");
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "keys unique: {keys:?}");
    let types: Vec<String> = parsed
        .iter()
        .map(|e| match &e.entry_type {
            // BibLaTeX's non-standard types (@jurisdiction) are kept by name.
            biblatex::EntryType::Unknown(t) => t.clone(),
            t => t.to_string(),
        })
        .collect();
    assert_eq!(
        types,
        [
            "book",
            "incollection",
            "article",
            "jurisdiction",
            "techreport",
            "online",
            "misc",
            "thesis"
        ]
        .map(String::from)
    );

    for (item, entry) in items.iter().zip(parsed.iter()) {
        use biblatex::ChunksExt;
        let title = entry.title().unwrap().format_verbatim();
        assert_eq!(
            title,
            item["title"].as_str().unwrap(),
            "title of {}",
            entry.key
        );
        let want_year = item["issued"]["date-parts"][0][0].as_i64().unwrap() as i32;
        match entry.date().unwrap() {
            biblatex::PermissiveType::Typed(d) => match d.value {
                biblatex::DateValue::At(dt) => {
                    assert_eq!(dt.year, want_year, "year of {}", entry.key)
                }
                other => panic!("{other:?}"),
            },
            other => panic!("date of {} not typed: {other:?}", entry.key),
        }
        let want = csl_names(item, "author");
        let got: Vec<(String, String)> = entry
            .author()
            .map(|v| v.into_iter().map(|p| (p.name, p.given_name)).collect())
            .unwrap_or_default();
        assert_eq!(got, want, "authors of {}", entry.key);
    }
    let book = &parsed.iter().next().unwrap();
    use biblatex::ChunksExt;
    assert_eq!(
        book.get("note").unwrap().format_verbatim(),
        "Costs & fees: 50% of $5, #1 a_b ~x^2"
    );
    let chapter = parsed.get("obriain2021costs").unwrap();
    let (editors, _) = &chapter.editors().unwrap()[0];
    assert_eq!(
        (editors[0].prefix.as_str(), editors[0].name.as_str()),
        ("van", "Gogh")
    );
}

/// A small RIS reader: records as lists of (tag, value), per the tagged format
/// ("TY  - BOOK", a record ending at "ER  - ").
fn read_ris(text: &str) -> Vec<Vec<(String, String)>> {
    let mut records = Vec::new();
    let mut cur: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n") {
        if line.is_empty() {
            continue;
        }
        assert!(
            line.len() >= 6 && &line[2..6] == "  - ",
            "not a RIS line: {line:?}"
        );
        let (tag, value) = (line[..2].to_string(), line[6..].to_string());
        if tag == "ER" {
            records.push(std::mem::take(&mut cur));
        } else {
            cur.push((tag, value));
        }
    }
    assert!(cur.is_empty(), "a record without ER");
    records
}

#[test]
fn ris_reads_back() {
    let items = items();
    let ris = write_ris(&items);
    assert!(
        !ris.replace("\r\n", "").contains('\n'),
        "CRLF line endings only"
    );
    let records = read_ris(&ris);
    assert_eq!(records.len(), items.len());
    let types: Vec<&str> = records.iter().map(|r| r[0].1.as_str()).collect();
    assert_eq!(
        types,
        ["BOOK", "CHAP", "JOUR", "CASE", "RPRT", "ELEC", "MAP", "THES"]
    );
    let get = |r: &Vec<(String, String)>, tag: &str| {
        r.iter()
            .filter(|(t, _)| t == tag)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    for (item, rec) in items.iter().zip(&records) {
        assert_eq!(get(rec, "TI"), [item["title"].as_str().unwrap()]);
        let want: Vec<String> = csl_names(item, "author")
            .into_iter()
            .map(|(f, g)| if g.is_empty() { f } else { format!("{f}, {g}") })
            .collect();
        assert_eq!(get(rec, "AU"), want);
        assert_eq!(
            get(rec, "PY"),
            [item["issued"]["date-parts"][0][0].to_string()]
        );
    }
    assert_eq!(get(&records[0], "SN"), ["9781858007447"]);
    assert_eq!(get(&records[0], "ET"), ["2nd"]);
    assert_eq!(get(&records[1], "A2"), ["van Gogh, Vincent"]);
    assert_eq!(get(&records[1], "DA"), ["2021/03/04/"]);
    assert_eq!(get(&records[2], "DO"), ["10.1000/xyz_123"]);
    assert_eq!(
        get(&records[5], "UR"),
        ["https://example.test/guide?a=1&b=2"]
    );

    // The same reader also reads the rispy project's sample files, when the shared data is here.
    if let Some(sample) =
        carrel_testkit::shared_file("ris_reads_back", "biblio/rispy/example_basic.ris")
    {
        let text = std::fs::read_to_string(&sample).unwrap();
        {
            let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
            let recs = read_ris(crlf.trim_start_matches('\u{feff}'));
            assert!(
                !recs.is_empty() && recs.iter().all(|r| r[0].0 == "TY"),
                "{} read as {recs:?}",
                sample.display()
            );
        }
    }
}

#[test]
fn ris_reads_back_in_rispy() {
    if !carrel_testkit::python_module("ris_reads_back_in_rispy", "rispy", "rispy==0.10.0") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("items.ris");
    std::fs::write(&path, write_ris(&items())).unwrap();
    let script = "import rispy, json, sys\nwith open(sys.argv[1], encoding='utf-8') as f:\n    print(json.dumps(rispy.load(f), ensure_ascii=False))";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rispy failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let items = items();
    assert_eq!(parsed.len(), items.len());
    for (item, rec) in items.iter().zip(&parsed) {
        assert_eq!(rec["title"], item["title"], "{rec}");
        assert_eq!(
            rec["year"].as_str().unwrap(),
            item["issued"]["date-parts"][0][0].to_string()
        );
        let want: Vec<String> = csl_names(item, "author")
            .into_iter()
            .map(|(f, g)| if g.is_empty() { f } else { format!("{f}, {g}") })
            .collect();
        let got: Vec<String> = rec
            .get("authors")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(got, want, "{rec}");
    }
    assert_eq!(parsed[0]["type_of_reference"], "BOOK");
    assert_eq!(parsed[1]["secondary_authors"], json!(["van Gogh, Vincent"]));
    assert_eq!(parsed[2]["doi"], "10.1000/xyz_123");
}

#[test]
fn pdf_text_outside_the_font_stays_searchable() {
    // DejaVu Serif has no CJK glyphs: they are drawn as replacement marks, but the text layer keeps them.
    let b = RenderedBibliography {
        title: "Fonds".into(),
        sections: vec![RenderedSection {
            heading: None,
            entries: vec![RenderedEntry {
                record_id: RecordId(1),
                spans: vec![span("Tanaka. 漢字の本. Tokyo.")],
                ..Default::default()
            }],
        }],
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cjk.pdf");
    std::fs::write(&path, write_pdf(&b).unwrap()).unwrap();
    if !have("pdftotext", "pdf_text_outside_the_font_stays_searchable") {
        return;
    }
    let text = norm(&pdftotext(&path, &[]));
    assert!(text.contains("tanaka. 漢字の本. tokyo."), "{text}");
}
