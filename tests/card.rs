//! Library cards: the PDF as a user gets it. Its text is read back with `pdftotext`, and the
//! page is rendered at 300 dpi with `pdftoppm` and its barcode decoded with rxing's Code 128
//! reader, as a desk scanner would read the printed card. The poppler tools come from
//! `scripts/setup --test`; without them those tests say so and skip.

mod common;

use std::path::Path;
use std::process::Command;

use carrel::circulation::{self as circ, Patron, PatronInput};
use common::{new_library, now};
use rxing::common::HybridBinarizer;
use rxing::oned::Code128Reader;
use rxing::{
    BarcodeFormat, BinaryBitmap, DecodeHintValue, DecodeHints, Luma8LuminanceSource, Reader,
};

fn have(tool: &str, test: &str) -> bool {
    carrel_testkit::tool(test, tool, "poppler-utils")
}

/// A patron stored in a real library, read back as the desk would.
fn patron(
    card: &str,
    name: &str,
    category: &str,
    department: &str,
    expires: Option<&str>,
) -> (tempfile::TempDir, Patron) {
    let (dir, mut lib) = new_library();
    let input = PatronInput {
        name: name.into(),
        card: Some(card.into()),
        category: Some(category.into()),
        department: department.into(),
        expires_on: expires.map(|d| d.parse().unwrap()),
        ..PatronInput::default()
    };
    circ::add_patron(&mut lib, &input, now()).unwrap();
    let p = circ::get_patron_by_card(&lib, card).unwrap();
    (dir, p)
}

fn write(dir: &Path, name: &str, pdf: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// `pdfinfo`'s page count and page size in points.
fn pdfinfo(pdf: &Path) -> (u32, f32, f32) {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {info}"))
            .trim()
            .to_string()
    };
    let size = field("Page size:");
    let words: Vec<&str> = size.split_whitespace().collect();
    (
        field("Pages:").parse().unwrap(),
        words[0].parse().unwrap(),
        words[2].parse().unwrap(),
    )
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Renders page `page` at 300 dpi in grey and returns (width, height, pixels).
fn render(pdf: &Path, page: u32) -> (u32, u32, Vec<u8>) {
    let prefix = pdf.with_extension("");
    let out = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-singlefile",
            "-f",
            &page.to_string(),
            "-l",
            &page.to_string(),
        ])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pgm = std::fs::read(prefix.with_extension("pgm")).unwrap();
    // Binary PGM: "P5" width height maxval, each separated by whitespace, then one byte a pixel.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = pgm[i + 1..].to_vec();
    assert_eq!(pixels.len(), (w * h) as usize);
    (w, h, pixels)
}

/// Decodes the Code 128 symbol in a grey image, as a scanner would.
fn decode(w: u32, h: u32, pixels: Vec<u8>) -> String {
    let source = Luma8LuminanceSource::new(pixels, w, h).unwrap();
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints::default().with(DecodeHintValue::TryHarder(true));
    let result = Code128Reader
        .decode_with_hints(&mut bitmap, &hints)
        .expect("the barcode should decode");
    assert_eq!(*result.getBarcodeFormat(), BarcodeFormat::CODE_128);
    result.getText().to_string()
}

/// Crops a grey image to the rectangle (x, y, w, h).
fn crop(w: u32, pixels: &[u8], x: u32, y: u32, cw: u32, ch: u32) -> Vec<u8> {
    (y..y + ch)
        .flat_map(|r| {
            pixels[(r * w + x) as usize..(r * w + x + cw) as usize]
                .iter()
                .copied()
        })
        .collect()
}

#[test]
fn a_card_is_an_id1_pdf_with_the_patron_and_the_number() {
    let (dir, p) = patron(
        "21234000567892",
        "Margaret Oyelaran-Whitfield",
        "partner",
        "Litigation",
        Some("2027-06-30"),
    );
    let pdf = circ::patron_card_pdf(&p, "Hartley & Vance Law Library").unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {:?}", &pdf[..8]);
    if !have(
        "pdftotext",
        "a_card_is_an_id1_pdf_with_the_patron_and_the_number",
    ) {
        return;
    }
    let path = write(dir.path(), "card.pdf", &pdf);
    // ID-1 in points: 85.60 mm × 53.98 mm = 242.65 × 153.01 pt.
    let (pages, w, h) = pdfinfo(&path);
    assert_eq!(pages, 1);
    assert!(
        (w - 242.65).abs() < 0.01 && (h - 153.01).abs() < 0.01,
        "page {w} × {h} pt"
    );
    let text = pdftotext(&path);
    for want in [
        "Hartley & Vance Law Library",
        "Margaret Oyelaran-Whitfield",
        "partner · Litigation",
        "Valid until 2027-06-30",
        "21234000567892",
    ] {
        assert!(
            text.contains(want),
            "{want:?} not in the card's text:\n{text}"
        );
    }
}

#[test]
fn a_scanner_reads_back_a_numeric_card() {
    let (dir, p) = patron("21234000567892", "Ana Lima", "staff", "Records", None);
    let pdf = circ::patron_card_pdf(&p, "Museum Library").unwrap();
    if !have("pdftoppm", "a_scanner_reads_back_a_numeric_card") {
        return;
    }
    let path = write(dir.path(), "numeric.pdf", &pdf);
    let (w, h, pixels) = render(&path, 1);
    // 85.60 mm at 300 dpi is 1011 pixels.
    assert!((1010..=1012).contains(&w), "width {w}");
    assert_eq!(decode(w, h, pixels), "21234000567892");
    assert!(pdftotext(&path).contains("No expiry date"));
}

#[test]
fn a_scanner_reads_back_an_alphanumeric_card() {
    let (dir, p) = patron(
        "P-00042",
        "Chidi Okonkwo",
        "researcher",
        "",
        Some("2026-12-31"),
    );
    let pdf = circ::patron_card_pdf(&p, "Museum Library").unwrap();
    if !have("pdftoppm", "a_scanner_reads_back_an_alphanumeric_card") {
        return;
    }
    let path = write(dir.path(), "alpha.pdf", &pdf);
    let (w, h, pixels) = render(&path, 1);
    assert_eq!(decode(w, h, pixels), "P-00042");
    let text = pdftotext(&path);
    assert!(
        text.contains("Chidi Okonkwo") && text.contains("P-00042"),
        "{text}"
    );
}

#[test]
fn every_code_set_switch_reads_back() {
    if !have("pdftoppm", "every_code_set_switch_reads_back") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // C then B (odd digits), B then C and back (6 digits inside), lower case and space, the
    // longest number that fits at the narrowest module (24 characters of code set B).
    for card in [
        "12345",
        "A123456B",
        "lib 7-x",
        "23",
        "ABCDEFGHIJKLMNOPQRSTUVWX",
    ] {
        let p = Patron {
            name: "Reader".into(),
            card: card.into(),
            category: "staff".into(),
            ..Patron::default()
        };
        let pdf = circ::patron_card_pdf(&p, "Library").unwrap();
        let (w, h, pixels) = render(&write(dir.path(), "c.pdf", &pdf), 1);
        assert_eq!(decode(w, h, pixels), card);
    }
}

#[test]
fn the_barcode_has_its_quiet_zones_and_printable_bars() {
    let (dir, p) = patron("21234000567892", "Ana Lima", "staff", "Records", None);
    let pdf = circ::patron_card_pdf(&p, "Museum Library").unwrap();
    if !have(
        "pdftoppm",
        "the_barcode_has_its_quiet_zones_and_printable_bars",
    ) {
        return;
    }
    let (w, h, pixels) = render(&write(dir.path(), "q.pdf", &pdf), 1);
    // The row through the middle of the bars: 12 mm high, bottom 4 mm + 8 pt + 0.8 mm above the
    // card's bottom edge.
    let row_of = |mm_from_bottom: f32| h - (mm_from_bottom / 25.4 * 300.0) as u32;
    let dark = |y: u32| {
        (0..w)
            .filter(|&x| pixels[(y * w + x) as usize] < 128)
            .collect::<Vec<_>>()
    };
    let bars = dark(row_of(4.0 + 8.0 * 25.4 / 72.0 + 0.8 + 6.0));
    let (first, last) = (*bars.first().unwrap(), *bars.last().unwrap());
    // 14 digits: start C, 7 pairs, check, stop = 112 modules; X = 5 dots at 300 dpi.
    assert_eq!(last - first + 1, 112 * 5, "symbol width in pixels");
    // Quiet zones: at least 10 modules of white on both sides, on the card.
    assert!(
        first >= 50 && w - 1 - last >= 50,
        "quiet zones {first} and {}",
        w - 1 - last
    );
    // Bar height: the same column is dark 10 mm above and below the row (bars are 12 mm).
    let col = first + 2;
    for dy in [-65i32, 65] {
        let y = (row_of(4.0 + 8.0 * 25.4 / 72.0 + 0.8 + 6.0) as i32 + dy) as u32;
        assert!(
            pixels[(y * w + col) as usize] < 128,
            "bar not dark at {dy} px from the middle"
        );
    }
}

#[test]
fn a_sheet_holds_ten_cards_a_page_and_each_reads_back() {
    let (dir, mut lib) = new_library();
    let mut patrons = Vec::new();
    for n in 1..=12 {
        let input = PatronInput {
            name: format!("Patron {n:02}"),
            card: Some(format!("P-{n:05}")),
            ..PatronInput::default()
        };
        patrons.push(circ::add_patron(&mut lib, &input, now()).unwrap());
    }
    let pdf = circ::patron_cards_pdf(&patrons, "Museum Library").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    if !have(
        "pdftoppm",
        "a_sheet_holds_ten_cards_a_page_and_each_reads_back",
    ) {
        return;
    }
    let path = write(dir.path(), "sheet.pdf", &pdf);
    // 12 cards: two A4 pages (210 × 297 mm = 595.28 × 841.89 pt).
    let (pages, pw, ph) = pdfinfo(&path);
    assert_eq!(pages, 2);
    assert!(
        (pw - 595.28).abs() < 0.01 && (ph - 841.89).abs() < 0.01,
        "page {pw} × {ph} pt"
    );
    // Each card on the first sheet, cropped out of the page, decodes to its own number.
    let (w, _h, pixels) = render(&path, 1);
    // Cards are 85.60 × 53.98 mm = 1011 × 637.5 pixels at 300 dpi, centred on the page.
    let px = |mm: f32| mm / 25.4 * 300.0;
    let (cw, ch) = (1011u32, 637u32);
    let (left, top) = (
        (px(210.0) - 2.0 * px(85.60)) / 2.0,
        (px(297.0) - 5.0 * px(53.98)) / 2.0,
    );
    for k in 0..10u32 {
        let (x, y) = (
            (left + (k % 2) as f32 * px(85.60)).round() as u32,
            (top + (k / 2) as f32 * px(53.98)).round() as u32,
        );
        let card = crop(w, &pixels, x, y, cw, ch);
        assert_eq!(decode(cw, ch, card), format!("P-{:05}", k + 1), "card {k}");
    }
    // Pages are separated by a form feed in pdftotext's output.
    let text = pdftotext(&path);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(
        pages[0].contains("Patron 10") && !pages[0].contains("Patron 11"),
        "{text}"
    );
    assert!(
        pages[1].contains("Patron 11") && pages[1].contains("P-00012"),
        "{text}"
    );
}

#[test]
fn a_card_number_a_scanner_cannot_carry_is_refused() {
    let p = Patron {
        name: "Zoë".into(),
        card: "Zoë-1".into(),
        ..Patron::default()
    };
    let e = circ::patron_card_pdf(&p, "Library").unwrap_err();
    assert_eq!(e.kind(), carrel::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("'ë'"), "{e}");
    // A name with letters beyond ASCII is fine on the card itself.
    let p = Patron {
        name: "Zoë Ångström".into(),
        card: "12345678".into(),
        ..Patron::default()
    };
    assert!(circ::patron_card_pdf(&p, "Bibliothèque")
        .unwrap()
        .starts_with(b"%PDF"));
}
