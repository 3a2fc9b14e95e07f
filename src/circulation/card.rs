//! Library cards: a patron's card as a PDF, with the card number as a Code 128 barcode that a
//! desk scanner reads back (see `docs/circulation.md`, "Library cards").
//!
//! The card is ISO/IEC 7810 ID-1 (85.60 × 53.98 mm, the size of a bank card). The barcode is Code
//! 128 (ISO/IEC 15417) drawn as vector bars: module width X of 5, 4 or 3 dots at 300 dpi (0.423,
//! 0.339 or 0.254 mm: the widest that fits, never under 0.25 mm), bars 12 mm high, 10 X of quiet
//! zone each side, the card number printed under it. Text is set in DejaVu Sans, embedded in the
//! program (`assets/fonts/`, Bitstream Vera licence) and subset into each PDF, so a card prints
//! the same on every machine; characters it lacks (CJK) are drawn in an installed font found by
//! `crate::fonts`. Pure functions: no clock; the only files read are installed fonts.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::Document;

use super::patrons::{get_patron_by_card, Patron};
use crate::error::{Error, Result};
use crate::fonts::{Face, Stack, Undrawable};
use crate::output::Output;
use crate::storage::Library;

/// DejaVu Sans 2.37 (Bitstream Vera licence, `assets/fonts/LICENSE-DejaVu.txt`).
static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Points per millimetre (PDF user space is 1/72 inch).
const MM: f32 = 72.0 / 25.4;
/// ISO/IEC 7810 ID-1, in points.
pub const CARD_WIDTH_PT: f32 = 85.60 * MM;
/// Height of an ISO/IEC 7810 ID-1 card (53.98 mm), in points.
pub const CARD_HEIGHT_PT: f32 = 53.98 * MM;
/// A4, in points.
const A4_WIDTH_PT: f32 = 210.0 * MM;
const A4_HEIGHT_PT: f32 = 297.0 * MM;
/// One printer dot at 300 dpi, in points: module widths are whole dots at 300 and 600 dpi so that
/// every bar of a width prints with the same number of dots.
const DOT_300: f32 = 72.0 / 300.0;
/// Bar height: 12 mm (a hand scanner's line crosses it easily; over 15 % of the symbol's length).
const BAR_HEIGHT_PT: f32 = 12.0 * MM;
/// Quiet zone each side of the symbol, in modules (ISO/IEC 15417 §4.4.2: at least 10 X).
pub const QUIET_ZONE_MODULES: usize = 10;
/// Margin of the printed content from the card's edge.
const MARGIN_PT: f32 = 4.0 * MM;

/// Code 128 symbol character patterns, values 0–106 (ISO/IEC 15417 Table 1): the widths in
/// modules of bar, space, bar, space, bar, space (and the stop's final bar). 103–105 are Start
/// A/B/C, 106 is Stop.
#[rustfmt::skip]
const PATTERNS: [&[u8]; 107] = [
    b"212222", b"222122", b"222221", b"121223", b"121322", b"131222", b"122213", b"122312", b"132212", b"221213", //
    b"221312", b"231212", b"112232", b"122132", b"122231", b"113222", b"123122", b"123221", b"223211", b"221132", //
    b"221231", b"213212", b"223112", b"312131", b"311222", b"321122", b"321221", b"312212", b"322112", b"322211", //
    b"212123", b"212321", b"232121", b"111323", b"131123", b"131321", b"112313", b"132113", b"132311", b"211313", //
    b"231113", b"231311", b"112133", b"112331", b"132131", b"113123", b"113321", b"133121", b"313121", b"211331", //
    b"231131", b"213113", b"213311", b"213131", b"311123", b"311321", b"331121", b"312113", b"312311", b"332111", //
    b"314111", b"221411", b"431111", b"111224", b"111422", b"121124", b"121421", b"141122", b"141221", b"112214", //
    b"112412", b"122114", b"122411", b"142112", b"142211", b"241211", b"221114", b"413111", b"241112", b"134111", //
    b"111242", b"121142", b"121241", b"114212", b"124112", b"124211", b"411212", b"421112", b"421211", b"212141", //
    b"214121", b"412121", b"111143", b"111341", b"131141", b"114113", b"114311", b"411113", b"411311", b"113141", //
    b"114131", b"311141", b"411131", b"211412", b"211214", b"211232", b"2331112",
];
const START_B: u8 = 104;
const START_C: u8 = 105;
/// In code set C: switch to B. In code set B: switch to C.
const CODE_B: u8 = 100;
const CODE_C: u8 = 99;
const STOP: u8 = 106;

/// The Code 128 symbol characters (values 0–106) for `data`: start character, data (code sets B
/// and C, switching to C for runs of digits where that makes the symbol shorter, following
/// ISO/IEC 15417 Annex E), the mod 103 check character, stop.
///
/// Errors: [`Error::InvalidInput`] when `data` is empty or has a character outside printable ASCII
/// (space to `~`), which code set B cannot carry.
pub fn code128_values(data: &str) -> Result<Vec<u8>> {
    if data.is_empty() {
        return Err(Error::InvalidInput(
            "an empty card number cannot be printed as a barcode".into(),
        ));
    }
    if let Some(c) = data.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(Error::InvalidInput(format!(
            "card number {data:?} has {c:?}, which a Code 128 barcode cannot carry (letters A–Z, a–z, digits, punctuation and space only)"
        )));
    }
    let b = data.as_bytes();
    // Length of the run of digits starting at i.
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut values = Vec::with_capacity(b.len() + 4);
    let mut in_c;
    let mut i = 0;
    // Annex E: start in C when the data begins with 4 or more digits (or is exactly 2 digits).
    let lead = digits_at(0);
    if lead >= 4 || (lead == 2 && b.len() == 2) {
        values.push(START_C);
        in_c = true;
    } else {
        values.push(START_B);
        in_c = false;
    }
    while i < b.len() {
        let run = digits_at(i);
        if in_c {
            if run >= 2 {
                values.push((b[i] - b'0') * 10 + (b[i + 1] - b'0'));
                i += 2;
                continue;
            }
            values.push(CODE_B);
            in_c = false;
        }
        // In B, a run of digits is worth a switch to C when it saves symbol characters: 4 or more
        // digits ending the data, 6 or more elsewhere (the switch back costs one more). An odd
        // run keeps its first digit in B.
        let ends_data = i + run == b.len();
        if run >= 6 || (run >= 4 && ends_data) {
            if run % 2 == 1 {
                values.push(b[i] - b' ');
                i += 1;
            }
            values.push(CODE_C);
            in_c = true;
            continue;
        }
        values.push(b[i] - b' ');
        i += 1;
    }
    // Check character: start value plus each data character's value times its position, mod 103.
    let sum = values
        .iter()
        .enumerate()
        .map(|(pos, &v)| pos.max(1) as u32 * u32::from(v))
        .sum::<u32>();
    values.push((sum % 103) as u8);
    values.push(STOP);
    Ok(values)
}

/// The symbol's modules, left to right, `true` for a bar, without quiet zones: 11 per character
/// and 13 for the stop. Errors: as [`code128_values`].
pub fn code128_modules(data: &str) -> Result<Vec<bool>> {
    let mut modules = Vec::new();
    for v in code128_values(data)? {
        for (k, w) in PATTERNS[v as usize].iter().enumerate() {
            modules.extend(std::iter::repeat_n(k % 2 == 0, usize::from(w - b'0')));
        }
    }
    Ok(modules)
}

/// The card face (DejaVu Sans) with an installed font behind it for the characters it lacks
/// (`crate::fonts`), and what neither could draw.
struct Pen<'f, 'a> {
    stack: Stack<'f, 'a>,
    undrawable: Undrawable,
}

/// Loads DejaVu Sans and, when `texts` hold characters it lacks, finds an installed font for
/// them (a sans face preferred), then calls `f` with the pen.
fn with_pen<T>(
    texts: &[&str],
    f: impl FnOnce(&mut Pen<'_, '_>) -> Result<T>,
) -> Result<(T, Undrawable)> {
    let primary = Face::bundled(FONT_BYTES).ok_or_else(|| {
        Error::InvalidInput("the card font (DejaVu Sans) could not be read".into())
    })?;
    let needed = crate::fonts::lacking(&primary, texts.iter().copied());
    let system = if needed.is_empty() {
        Vec::new()
    } else {
        crate::fonts::find_fallback(&needed, false)
    };
    let fallback: Vec<Face<'_>> = system.iter().filter_map(|s| s.face()).collect();
    let mut pen = Pen {
        stack: Stack {
            primary: &primary,
            fallback: &fallback,
        },
        undrawable: Undrawable::default(),
    };
    let out = f(&mut pen)?;
    Ok((out, pen.undrawable))
}

/// The texts a card prints (to find the characters DejaVu Sans lacks).
fn card_texts<'p>(patron: &'p Patron, library_name: &'p str) -> [&'p str; 5] {
    [
        library_name,
        &patron.name,
        &patron.category,
        &patron.department,
        &patron.card,
    ]
}

impl Pen<'_, '_> {
    /// Width of `text` at `size` points, each character in the face that draws it (advance
    /// widths, no kerning).
    fn width(&self, text: &str, size: f32) -> f32 {
        self.stack.width(text, size)
    }
}

/// `text` at the largest size from `size` down to `min` that fits `width`; at `min`, cut with "…".
fn fit(pen: &Pen<'_, '_>, text: &str, size: f32, min: f32, width: f32) -> (String, f32) {
    let text_width = |t: &str, s: f32| pen.width(t, s);
    let mut s = size;
    while s > min && text_width(text, s) > width {
        s -= 0.5;
    }
    let s = s.max(min);
    if text_width(text, s) <= width {
        return (text.to_string(), s);
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty()
        && text_width(&format!("{}…", chars.iter().collect::<String>()), s) > width
    {
        chars.pop();
    }
    (
        format!("{}…", chars.iter().collect::<String>().trim_end()),
        s,
    )
}

fn black() -> Fill {
    Fill {
        paint: rgb::Color::new(0, 0, 0).into(),
        ..Fill::default()
    }
}

/// Draws `text` with its left end at `x`, baseline at `y`.
fn text(surface: &mut Surface<'_>, pen: &mut Pen<'_, '_>, x: f32, y: f32, size: f32, s: &str) {
    if !s.is_empty() {
        pen.stack
            .draw(surface, Point::from_xy(x, y), s, size, &mut pen.undrawable);
    }
}

/// The module width for a symbol of `modules` modules (quiet zones included) to fit `width`:
/// 5, 4 or 3 dots at 300 dpi. Errors: [`Error::InvalidInput`] when even 3 dots (0.254 mm, the
/// narrowest a cheap scanner reads) is too wide.
fn module_width(modules: usize, width: f32, card: &str) -> Result<f32> {
    [5.0, 4.0, 3.0].iter().map(|d| d * DOT_300).find(|x| x * modules as f32 <= width).ok_or_else(|| {
        Error::InvalidInput(format!(
            "card number {card:?} is too long to print as a barcode on a card (at most about 24 letters, or 48 digits)"
        ))
    })
}

/// Draws one card with its top-left corner at the surface's origin.
fn draw_card(
    surface: &mut Surface<'_>,
    pen: &mut Pen<'_, '_>,
    patron: &Patron,
    library_name: &str,
) -> Result<()> {
    let card = patron.card.trim();
    let modules = code128_modules(card)?;
    let total = modules.len() + 2 * QUIET_ZONE_MODULES;
    let x = module_width(total, CARD_WIDTH_PT - 2.0 * 2.0 * MM, card)?;
    let inner = CARD_WIDTH_PT - 2.0 * MARGIN_PT;

    surface.set_fill(Some(black()));
    // Heading: the library, then a hairline.
    let (lib, lib_size) = fit(pen, library_name.trim(), 9.0, 6.0, inner);
    let mut y = MARGIN_PT + lib_size * 0.76;
    text(surface, pen, MARGIN_PT, y, lib_size, &lib);
    y += 2.2 * MM;
    surface.set_fill(None);
    surface.set_stroke(Some(Stroke {
        paint: rgb::Color::new(0, 0, 0).into(),
        width: 0.5,
        ..Stroke::default()
    }));
    let mut pb = PathBuilder::new();
    pb.move_to(MARGIN_PT, y);
    pb.line_to(CARD_WIDTH_PT - MARGIN_PT, y);
    if let Some(p) = pb.finish() {
        surface.draw_path(&p);
    }
    surface.set_stroke(None);
    surface.set_fill(Some(black()));

    // The patron.
    let (name, name_size) = fit(pen, patron.name.trim(), 13.0, 8.0, inner);
    y += 2.0 * MM + name_size * 0.76;
    text(surface, pen, MARGIN_PT, y, name_size, &name);
    let who = [patron.category.trim(), patron.department.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    let (who, who_size) = fit(pen, &who, 8.0, 6.0, inner);
    y += 1.6 * MM + who_size * 0.76;
    text(surface, pen, MARGIN_PT, y, who_size, &who);
    let valid = match patron.expires_on {
        Some(d) => format!("Valid until {}", d.format("%Y-%m-%d")),
        None => "No expiry date".to_string(),
    };
    y += 1.4 * MM + 8.0 * 0.76;
    text(surface, pen, MARGIN_PT, y, 8.0, &valid);

    // The barcode, centred, its left edge on the 300 dpi grid; the number under it.
    let number_size = 8.0;
    let number_top = CARD_HEIGHT_PT - MARGIN_PT - number_size;
    let bar_top = number_top - 0.8 * MM - BAR_HEIGHT_PT;
    let symbol_left = (((CARD_WIDTH_PT - total as f32 * x) / 2.0 / DOT_300).round() * DOT_300)
        + QUIET_ZONE_MODULES as f32 * x;
    let mut pb = PathBuilder::new();
    let mut m = 0;
    while m < modules.len() {
        let len = modules[m..]
            .iter()
            .take_while(|&&b| b == modules[m])
            .count();
        if modules[m] {
            if let Some(r) = Rect::from_xywh(
                symbol_left + m as f32 * x,
                bar_top,
                len as f32 * x,
                BAR_HEIGHT_PT,
            ) {
                pb.push_rect(r);
            }
        }
        m += len;
    }
    if let Some(p) = pb.finish() {
        surface.draw_path(&p);
    }
    let w = pen.width(card, number_size);
    text(
        surface,
        pen,
        (CARD_WIDTH_PT - w) / 2.0,
        number_top + number_size * 0.76,
        number_size,
        card,
    );
    Ok(())
}

fn metadata(title: String) -> Metadata {
    Metadata::new().title(title).creator("Carrel".into())
}

fn finish(document: Document) -> Result<Vec<u8>> {
    document
        .finish()
        .map_err(|e| Error::InvalidInput(format!("the card PDF could not be made: {e:?}")))
}

/// A one-page PDF of `patron`'s library card, page size ID-1 (85.60 × 53.98 mm): `library_name`,
/// the patron's name, category · department, "Valid until YYYY-MM-DD" (or "No expiry date"), and
/// the card number as a Code 128 barcode with the number under it. Long text is set smaller,
/// then cut with "…". Characters DejaVu Sans lacks (e.g. Chinese, Japanese, Korean) are drawn
/// in an installed font that has them (`crate::fonts`); see [`patron_card_pdf_report`] for
/// those no installed font has.
///
/// Errors: [`Error::InvalidInput`] when the card number is empty, has characters outside
/// printable ASCII, or is too long for the barcode to fit the card at 0.254 mm modules.
pub fn patron_card_pdf(patron: &Patron, library_name: &str) -> Result<Vec<u8>> {
    patron_card_pdf_report(patron, library_name).map(|(pdf, _)| pdf)
}

/// [`patron_card_pdf`], and the characters no font (bundled or installed) could draw (printed
/// as U+FFFD; [`Undrawable::message`] says so). Errors: as [`patron_card_pdf`].
pub fn patron_card_pdf_report(
    patron: &Patron,
    library_name: &str,
) -> Result<(Vec<u8>, Undrawable)> {
    with_pen(&card_texts(patron, library_name), |pen| {
        let mut document = Document::new();
        document.set_metadata(metadata(format!("Library card: {}", patron.name.trim())));
        let settings = PageSettings::from_wh(CARD_WIDTH_PT, CARD_HEIGHT_PT)
            .expect("ID-1 is a valid page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        draw_card(&mut surface, pen, patron, library_name)?;
        surface.finish();
        page.finish();
        finish(document)
    })
}

/// Cards per A4 sheet: 2 across, 5 down.
pub const CARDS_PER_SHEET: usize = 10;

/// A PDF of A4 sheets, 10 cards each (2 × 5, ID-1 size, abutting and centred), with crop marks
/// at every cut line outside the block of cards, in the order of `patrons`.
///
/// Errors: [`Error::InvalidInput`] when `patrons` is empty, or as [`patron_card_pdf`] for any
/// patron (the message names the card).
pub fn patron_cards_pdf(patrons: &[Patron], library_name: &str) -> Result<Vec<u8>> {
    patron_cards_pdf_report(patrons, library_name).map(|(pdf, _)| pdf)
}

/// [`patron_cards_pdf`], and the characters no font could draw (see
/// [`patron_card_pdf_report`]). Errors: as [`patron_cards_pdf`].
pub fn patron_cards_pdf_report(
    patrons: &[Patron],
    library_name: &str,
) -> Result<(Vec<u8>, Undrawable)> {
    if patrons.is_empty() {
        return Err(Error::InvalidInput("no patrons to print cards for".into()));
    }
    let texts: Vec<&str> = patrons
        .iter()
        .flat_map(|p| card_texts(p, library_name))
        .collect();
    with_pen(&texts, |pen| cards_sheets(pen, patrons, library_name))
}

fn cards_sheets(pen: &mut Pen<'_, '_>, patrons: &[Patron], library_name: &str) -> Result<Vec<u8>> {
    let mut document = Document::new();
    document.set_metadata(metadata(format!("Library cards ({})", patrons.len())));
    let left = (A4_WIDTH_PT - 2.0 * CARD_WIDTH_PT) / 2.0;
    let top = (A4_HEIGHT_PT - 5.0 * CARD_HEIGHT_PT) / 2.0;
    for sheet in patrons.chunks(CARDS_PER_SHEET) {
        let settings =
            PageSettings::from_wh(A4_WIDTH_PT, A4_HEIGHT_PT).expect("A4 is a valid page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (k, patron) in sheet.iter().enumerate() {
            let (col, row) = ((k % 2) as f32, (k / 2) as f32);
            surface.push_transform(&Transform::from_translate(
                left + col * CARD_WIDTH_PT,
                top + row * CARD_HEIGHT_PT,
            ));
            draw_card(&mut surface, pen, patron, library_name)?;
            surface.pop();
        }
        // Crop marks: 5 mm lines starting 2 mm outside the block, on every cut line.
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(0, 0, 0).into(),
            width: 0.3,
            ..Stroke::default()
        }));
        let (gap, len) = (2.0 * MM, 5.0 * MM);
        let (right, bottom) = (left + 2.0 * CARD_WIDTH_PT, top + 5.0 * CARD_HEIGHT_PT);
        let mut pb = PathBuilder::new();
        for c in 0..=2 {
            let cx = left + c as f32 * CARD_WIDTH_PT;
            pb.move_to(cx, top - gap - len);
            pb.line_to(cx, top - gap);
            pb.move_to(cx, bottom + gap);
            pb.line_to(cx, bottom + gap + len);
        }
        for r in 0..=5 {
            let ry = top + r as f32 * CARD_HEIGHT_PT;
            pb.move_to(left - gap - len, ry);
            pb.line_to(left - gap, ry);
            pb.move_to(right + gap, ry);
            pb.line_to(right + gap + len, ry);
        }
        if let Some(p) = pb.finish() {
            surface.draw_path(&p);
        }
        surface.finish();
        page.finish();
    }
    finish(document)
}

fn write_file(path: &std::path::Path, pdf: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = Output::create(path)?;
    out.file
        .write_all(pdf)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    out.commit()
}

/// Writes the cards of the patrons with these card numbers to `path`: one ID-1 page when there
/// is one card and not `sheet` ([`patron_card_pdf`]), else A4 sheets ([`patron_cards_pdf`]).
/// Returns the patrons and what the user should know about the file (the characters no
/// installed font could draw, [`Undrawable::message`]). Errors: as [`save_patron_cards`].
pub fn save_patron_cards_report(
    lib: &Library,
    cards: &[String],
    path: &std::path::Path,
    sheet: bool,
) -> Result<(Vec<Patron>, Vec<String>)> {
    let patrons = cards
        .iter()
        .map(|c| get_patron_by_card(lib, c))
        .collect::<Result<Vec<_>>>()?;
    let library_name = super::store::settings(lib)?.library_name;
    let (pdf, undrawable) = match patrons.as_slice() {
        [one] if !sheet => patron_card_pdf_report(one, &library_name)?,
        _ => patron_cards_pdf_report(&patrons, &library_name)?,
    };
    write_file(path, &pdf)?;
    Ok((patrons, undrawable.message().into_iter().collect()))
}

/// Writes the library card of the patron with card number `card` to `path` as a PDF
/// ([`patron_card_pdf`], with the library's name from the circulation settings); the file
/// appears only when complete. Returns the patron.
///
/// Errors: [`Error::NotFound`] (no such card), [`Error::InvalidInput`] (see
/// [`patron_card_pdf`]; `path` a folder), [`Error::Io`] (the file cannot be written).
pub fn save_patron_card(lib: &Library, card: &str, path: &std::path::Path) -> Result<Patron> {
    let patron = get_patron_by_card(lib, card)?;
    let library_name = super::store::settings(lib)?.library_name;
    write_file(path, &patron_card_pdf(&patron, &library_name)?)?;
    Ok(patron)
}

/// Writes the cards of the patrons with these card numbers, in this order, to `path` as A4
/// sheets ([`patron_cards_pdf`]). Returns the patrons. Errors: as [`save_patron_card`] (the
/// first unknown card number is named) and [`patron_cards_pdf`].
pub fn save_patron_cards(
    lib: &Library,
    cards: &[String],
    path: &std::path::Path,
) -> Result<Vec<Patron>> {
    let patrons = cards
        .iter()
        .map(|c| get_patron_by_card(lib, c))
        .collect::<Result<Vec<_>>>()?;
    let library_name = super::store::settings(lib)?.library_name;
    write_file(path, &patron_cards_pdf(&patrons, &library_name)?)?;
    Ok(patrons)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_is_eleven_modules_and_distinct() {
        for (v, p) in PATTERNS.iter().enumerate() {
            let sum: u32 = p.iter().map(|w| u32::from(w - b'0')).sum();
            assert_eq!(sum, if v == 106 { 13 } else { 11 }, "value {v}");
            // Bars (odd positions counted from 1) have an even sum of modules: the parity check.
            let bars: u32 = p.iter().step_by(2).map(|w| u32::from(w - b'0')).sum();
            assert_eq!(bars % 2, 0, "value {v}");
        }
        let mut sorted: Vec<_> = PATTERNS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 107);
    }

    #[test]
    fn all_digit_card_is_code_set_c_with_its_check_character() {
        // Start C 105; pairs 20 00 00 00 00 00 42; check (105 + 1·20 + 7·42) mod 103 = 419 mod 103 = 7.
        assert_eq!(
            code128_values("20000000000042").unwrap(),
            vec![105, 20, 0, 0, 0, 0, 0, 42, 7, 106]
        );
        // Odd count: C for the pairs, then Code B for the last digit ('5' = 21 in set B).
        // Check (105 + 12 + 2·34 + 3·100 + 4·21) mod 103 = 569 mod 103 = 54.
        assert_eq!(
            code128_values("12345").unwrap(),
            vec![105, 12, 34, 100, 21, 54, 106]
        );
    }

    #[test]
    fn letters_then_digits_switch_to_c_after_an_odd_digit() {
        // Start B; 'P' 48, '-' 13, '0' 16 in B; Code C 99; 00, 42.
        // Check (104 + 48 + 2·13 + 3·16 + 4·99 + 5·0 + 6·42) mod 103 = 874 mod 103 = 50.
        assert_eq!(
            code128_values("P-00042").unwrap(),
            vec![104, 48, 13, 16, 99, 0, 42, 50, 106]
        );
        // Two digits at the end stay in B: 'A' 33, 'B' 34, '1' 17, '2' 18;
        // check (104 + 33 + 2·34 + 3·17 + 4·18) mod 103 = 328 mod 103 = 19.
        assert_eq!(
            code128_values("AB12").unwrap(),
            vec![104, 33, 34, 17, 18, 19, 106]
        );
        // Four digits in the middle stay in B (switching and back would not be shorter).
        assert!(!code128_values("A1234B").unwrap().contains(&CODE_C));
        // Six digits in the middle switch to C and back.
        let v = code128_values("A123456B").unwrap();
        assert_eq!(&v[..6], &[104, 33, 99, 12, 34, 56]);
        assert_eq!(v[6], CODE_B);
    }

    #[test]
    fn a_symbol_starts_and_ends_with_a_bar_and_has_the_standard_length() {
        let m = code128_modules("21234000567892").unwrap();
        // Start + 7 pairs + check = 9 characters of 11 modules, stop 13.
        assert_eq!(m.len(), 9 * 11 + 13);
        assert!(m[0] && m[m.len() - 1]);
        // Start C is 211232: bar 2, space 1, bar 1, space 2, bar 3, space 2.
        assert_eq!(
            &m[..11],
            &[true, true, false, true, false, false, true, true, true, false, false]
        );
    }

    #[test]
    fn characters_outside_printable_ascii_are_refused_by_name() {
        let e = code128_values("Zoë-1").unwrap_err().to_string();
        assert!(e.contains("'ë'"), "{e}");
        assert!(code128_values("").is_err());
        assert!(code128_values("A\tB").is_err());
    }

    #[test]
    fn a_card_number_too_long_for_the_card_is_refused() {
        let p = Patron {
            name: "A".into(),
            card: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh".into(),
            ..Patron::default()
        };
        let e = patron_card_pdf(&p, "Library").unwrap_err().to_string();
        assert!(e.contains("too long"), "{e}");
    }
}
