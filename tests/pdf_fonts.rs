//! Chinese, Japanese and Korean in Carrel's PDFs (bibliographies and library cards): the
//! characters DejaVu lacks are drawn in an installed CJK font (a second font embedded in the PDF),
//! `pdftotext` gives the text back, and a character no installed font has is reported, not
//! printed as a silent box. The CJK font is `fonts-droid-fallback` (or `fonts-noto-cjk`), which
//! `scripts/setup --test` installs; without one these tests say so and skip (in CI they fail).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use carrel::bibliography::writers::write_pdf_report;
use carrel::bibliography::{RenderedBibliography, RenderedEntry, RenderedSection, Span};
use carrel::circulation::{self as circ, PatronInput};
use common::{new_library, now};

/// Text in all three scripts, as the tests print it.
const JAPANESE: &str = "村上春樹『ノルウェイの森』東京：講談社、1987年。";
const CHINESE: &str = "鲁迅《呐喊》北京：新潮社，1923。";
const KOREAN: &str = "한강, 『채식주의자』 서울: 창비, 2007.";

/// The installed CJK font, or `None` after saying so (a failure in CI).
fn cjk_font(test: &str, serif: bool) -> Option<Vec<PathBuf>> {
    let fonts = carrel::fonts::installed_fonts_for(&format!("{JAPANESE}{CHINESE}{KOREAN}"), serif);
    let covered = !fonts.is_empty() && {
        let b = bibliography(&[JAPANESE, CHINESE, KOREAN]);
        write_pdf_report(&b).unwrap().1.count == 0
    };
    if !covered {
        carrel_testkit::skip(
            test,
            &format!("no installed font draws Chinese, Japanese and Korean (found {fonts:?}; Debian package fonts-noto-cjk; scripts/setup --test installs it)"),
        );
        return None;
    }
    Some(fonts)
}

fn poppler(test: &str, program: &str) -> bool {
    carrel_testkit::tool(test, program, "poppler-utils")
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The fonts `pdffonts` lists (its name column), and whether each is embedded.
fn pdffonts(pdf: &Path) -> Vec<(String, bool)> {
    run("pdffonts", &[pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [encoding…] emb sub uni object ID: "emb" is the 5th column from the end.
            (cols[0].to_string(), cols[cols.len() - 5] == "yes")
        })
        .collect()
}

/// Renders page 1 at 72 dpi into `dir/NAME-1.png` (to look at) and returns the share of dark
/// pixels in the grey PGM of the same page.
fn render(pdf: &Path, dir: &Path, name: &str) -> f64 {
    let prefix = dir.join(name);
    run(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    if let Some(keep) = std::env::var_os("CARREL_KEEP_PNG") {
        let _ = std::fs::copy(
            prefix.with_extension("png"),
            Path::new(&keep).join(format!("{name}.png")),
        );
    }
    let pgm = dir.join(format!("{name}-grey"));
    run(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            pgm.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(pgm.with_extension("pgm")).unwrap();
    // P5 header: "P5\nW H\n255\n".
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    let pixels = &bytes[at + 1..];
    pixels.iter().filter(|&&p| p < 128).count() as f64 / pixels.len() as f64
}

fn bibliography(lines: &[&str]) -> RenderedBibliography {
    RenderedBibliography {
        title: lines
            .first()
            .filter(|l| !l.is_ascii() && !l.contains('𓀀'))
            .map(|_| "東アジア資料 / 동아시아 자료")
            .unwrap_or("Bibliography")
            .into(),
        sections: vec![RenderedSection {
            heading: Some(
                if lines.iter().any(|l| l.contains('𓀀')) {
                    "Other scripts"
                } else {
                    "中文・日本語・한국어"
                }
                .into(),
            ),
            entries: lines
                .iter()
                .enumerate()
                .map(|(i, l)| RenderedEntry {
                    record_id: carrel::RecordId(i as i64 + 1),
                    spans: vec![Span {
                        text: l.to_string(),
                        ..Default::default()
                    }],
                    ..Default::default()
                })
                .collect(),
        }],
        ..Default::default()
    }
}

#[test]
fn a_bibliography_draws_chinese_japanese_and_korean_in_an_installed_font() {
    let test = "pdf_fonts::bibliography";
    let Some(font) = cjk_font(test, true) else {
        return;
    };
    // A long line of ideographs (no spaces) must still break inside the measure.
    let long = "中華人民共和国国家图书馆藏古籍善本书目".repeat(6);
    let b = bibliography(&[
        JAPANESE,
        CHINESE,
        KOREAN,
        "Dvořák, Antonín. Rusalka.",
        &long,
    ]);
    let (pdf, undrawable) = write_pdf_report(&b).unwrap();
    assert_eq!(undrawable.message(), None, "fonts {font:?}");
    if !(poppler(test, "pdffonts") && poppler(test, "pdftotext") && poppler(test, "pdftoppm")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cjk.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let fonts = pdffonts(&path);
    assert!(
        fonts.iter().all(|(_, embedded)| *embedded),
        "every font is embedded: {fonts:?}"
    );
    assert!(
        fonts.iter().any(|(n, _)| n.contains("DejaVuSerif")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|(n, _)| !n.contains("DejaVu")),
        "a second font draws the CJK characters: {fonts:?}"
    );
    let text: String = run("pdftotext", &[path.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect();
    for want in [JAPANESE, CHINESE, KOREAN, "東アジア資料", "Dvořák", &long] {
        let want: String = want.split_whitespace().collect();
        assert!(text.contains(&want), "{want} in {text}");
    }
    assert!(!text.contains('\u{FFFD}'), "{text}");
    let ink = render(&path, dir.path(), "bibliography-cjk");
    assert!(ink > 0.002, "the page has text on it ({ink})");
}

#[test]
fn a_library_card_draws_a_korean_name_and_a_japanese_department() {
    let test = "pdf_fonts::card";
    if cjk_font(test, false).is_none() {
        return;
    }
    let (_dir, mut lib) = new_library();
    let input = PatronInput {
        name: "김민준 (金敏俊)".into(),
        card: Some("P-2041".into()),
        category: Some("研究员".into()),
        department: "東京事務所".into(),
        ..PatronInput::default()
    };
    circ::add_patron(&mut lib, &input, now()).unwrap();
    let p = circ::get_patron_by_card(&lib, "P-2041").unwrap();
    let (pdf, undrawable) = circ::card::patron_card_pdf_report(&p, "北京法律图书馆").unwrap();
    assert_eq!(undrawable.message(), None);
    if !(poppler(test, "pdffonts") && poppler(test, "pdftotext") && poppler(test, "pdftoppm")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let fonts = pdffonts(&path);
    assert!(
        fonts.iter().any(|(n, _)| n.contains("DejaVuSans")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|(n, _)| !n.contains("DejaVu")),
        "{fonts:?}"
    );
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    for want in [
        "김민준 (金敏俊)",
        "研究员 · 東京事務所",
        "北京法律图书馆",
        "P-2041",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let ink = render(&path, dir.path(), "card-cjk");
    assert!(ink > 0.01, "the card has ink ({ink})");
}

#[test]
fn characters_no_installed_font_has_are_reported_and_the_pdf_still_writes() {
    // Egyptian hieroglyphs: no CJK font (nor DejaVu) has them.
    let b = bibliography(&["𓀀𓀁 Hieroglyphs, 2020."]);
    let (pdf, undrawable) = write_pdf_report(&b).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let m = undrawable.message().expect("reported");
    assert!(
        m.starts_with("2 characters could not be drawn: no installed font has them (e.g. 𓀀 𓀁)"),
        "{m}"
    );
    assert!(m.contains("fonts-noto-cjk"), "{m}");
}

#[test]
fn the_export_summary_carries_the_warning_for_the_cli_and_the_window() {
    let out = carrel::bibliography::BibliographyOutput {
        rendered: bibliography(&["𓀀 Hieroglyphs, 2020."]),
        items: Vec::new(),
        failed: Vec::new(),
        section_of: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("b.pdf");
    let done =
        carrel::bibliography::write_to_path(&out, carrel::bibliography::Format::Pdf, &pdf).unwrap();
    assert!(pdf.is_file());
    assert_eq!(done.warnings.len(), 1, "{:?}", done.warnings);
    assert!(done.warnings[0]
        .starts_with("1 character could not be drawn: no installed font has it (e.g. 𓀀)"));
    // Other formats draw no glyphs: nothing to say.
    let html = dir.path().join("b.html");
    let done = carrel::bibliography::write_to_path(&out, carrel::bibliography::Format::Html, &html)
        .unwrap();
    assert!(done.warnings.is_empty());
}
