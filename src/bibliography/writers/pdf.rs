//! PDF writer, with `krilla` (MIT OR Apache-2.0) and DejaVu Serif embedded as subsets.
//!
//! Page: A4 (210 × 297 mm) with 25 mm margins; body text 11 pt on 14 pt leading; the title
//! 18 pt bold; section headings 13 pt bold, kept with the entry that follows; entries with a
//! hanging indent of 18 pt (0.25 in) when the CSL style asks for one; annotations 9.5 pt italic
//! and the location line 9.5 pt, both indented under the entry; page numbers centred in the
//! bottom margin. Lines are broken at spaces by measuring each glyph's advance width (hmtx) in
//! the embedded font, so what is measured is exactly what is drawn; section headings are
//! bookmarks (the PDF outline); a word longer than a line
//! (a URL) is broken between characters. Fonts: `assets/fonts/DejaVuSerif*.ttf`, Bitstream Vera
//! licence (`assets/fonts/LICENSE-DejaVu.txt`), which allows embedding. Characters DejaVu lacks
//! (Chinese, Japanese, Korean) are drawn, and measured, in installed fonts found once per
//! document by `crate::fonts` (a serif preferred); a line is split into one glyph run per font.

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::Document;

use crate::bibliography::rendered::{RenderedBibliography, RenderedEntry, Span};
use crate::fonts::{Face, Stack, Undrawable};
use crate::Error;

/// A4 width (210 mm), in PostScript points (1/72 in).
pub const PAGE_WIDTH: f32 = 595.2756;
/// A4 height (297 mm), in points.
pub const PAGE_HEIGHT: f32 = 841.8898;
/// Margins on all four sides: 25 mm in points.
pub const MARGIN: f32 = 70.866;
/// Body text size and leading (baseline-to-baseline distance), in points.
pub const BODY_SIZE: f32 = 11.0;
/// Leading of body text (baseline to baseline), in points.
pub const LINE_HEIGHT: f32 = 14.0;
/// Space after each entry (and its note and location), in points.
pub const ENTRY_GAP: f32 = 6.0;
/// The hanging indent, in points (0.25 in).
pub const HANG: f32 = 18.0;

const TITLE_SIZE: f32 = 18.0;
const HEADING_SIZE: f32 = 13.0;
const NOTE_SIZE: f32 = 9.5;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif.ttf");
static ITALIC: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-Italic.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-Bold.ttf");
static BOLD_ITALIC: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSerif-BoldItalic.ttf");

/// The four bundled faces (regular, italic, bold, bold italic) and the installed fonts drawn
/// for the characters they lack (the same for all four: CJK fonts rarely have italics).
struct Faces<'a> {
    styles: [Face<'a>; 4],
    fallback: Vec<Face<'a>>,
}

impl<'a> Faces<'a> {
    fn bundled() -> crate::Result<[Face<'static>; 4]> {
        let load = |b| {
            Face::bundled(b).ok_or_else(|| {
                Error::InvalidInput("the bundled DejaVu Serif font could not be read".into())
            })
        };
        Ok([
            load(REGULAR)?,
            load(ITALIC)?,
            load(BOLD)?,
            load(BOLD_ITALIC)?,
        ])
    }

    /// Face `i` with the fallback behind it.
    fn stack(&self, i: usize) -> Stack<'_, 'a> {
        Stack {
            primary: &self.styles[i],
            fallback: &self.fallback,
        }
    }
}

/// A run of text in one face and size (index into the four faces: regular, italic, bold, bold italic).
#[derive(Clone, Debug)]
struct Run {
    text: String,
    face: usize,
    size: f32,
    /// Baseline shift upwards, in points (superscript).
    rise: f32,
    link: Option<String>,
}

/// A paragraph before line breaking.
struct Block {
    runs: Vec<Run>,
    /// Indent of the first line and of the following lines, from the left margin, in points.
    first_indent: f32,
    rest_indent: f32,
    leading: f32,
    gap_before: f32,
    gap_after: f32,
    /// Do not end a page after this block (headings; an entry whose note follows).
    keep_with_next: bool,
    /// The text of a bookmark (PDF outline entry) that points at this block: section headings.
    bookmark: Option<String>,
}

/// A positioned piece of a line.
struct Frag {
    run: usize,
    text: String,
    x: f32,
    width: f32,
}

struct Line {
    frags: Vec<Frag>,
}

/// Where a line ends up: page, baseline y from the top, its block's runs and frags.
struct Placed<'a> {
    page: usize,
    baseline: f32,
    block: &'a Block,
    line: Line,
    /// The block's first line (it takes the first-line indent; a bookmark points at it).
    first: bool,
}

fn face_index(italic: bool, bold: bool) -> usize {
    (italic as usize) | ((bold as usize) << 1)
}

fn plain_runs(text: &str, italic: bool, bold: bool, size: f32) -> Vec<Run> {
    vec![Run {
        text: text.to_string(),
        face: face_index(italic, bold),
        size,
        rise: 0.0,
        link: None,
    }]
}

/// Turns spans into runs; small capitals are drawn as capitals at 80 % size for the letters
/// that were lower case (the face has no small-cap glyphs), superscript at 65 % size raised.
fn span_runs(spans: &[Span], size: f32) -> Vec<Run> {
    let mut runs = Vec::new();
    for s in spans {
        let face = face_index(s.italic, s.bold);
        let (size, rise) = if s.superscript {
            (size * 0.65, size * 0.35)
        } else {
            (size, 0.0)
        };
        if s.small_caps {
            let mut cur = String::new();
            let mut cur_lower = None;
            for c in s.text.chars() {
                let lower = c.is_lowercase();
                if cur_lower.is_some_and(|l| l != lower) {
                    let sz = if cur_lower == Some(true) {
                        size * 0.8
                    } else {
                        size
                    };
                    runs.push(Run {
                        text: std::mem::take(&mut cur),
                        face,
                        size: sz,
                        rise,
                        link: s.link.clone(),
                    });
                }
                cur_lower = Some(lower);
                if lower {
                    cur.extend(c.to_uppercase());
                } else {
                    cur.push(c);
                }
            }
            if !cur.is_empty() {
                let sz = if cur_lower == Some(true) {
                    size * 0.8
                } else {
                    size
                };
                runs.push(Run {
                    text: cur,
                    face,
                    size: sz,
                    rise,
                    link: s.link.clone(),
                });
            }
        } else if !s.text.is_empty() {
            runs.push(Run {
                text: s.text.clone(),
                face,
                size,
                rise,
                link: s.link.clone(),
            });
        }
    }
    runs
}

fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn blocks(b: &RenderedBibliography) -> Vec<Block> {
    let mut out = Vec::new();
    let block =
        |runs, first_indent, rest_indent, leading, gap_before, gap_after, keep_with_next| Block {
            runs,
            first_indent,
            rest_indent,
            leading,
            gap_before,
            gap_after,
            keep_with_next,
            bookmark: None,
        };
    if !b.title.trim().is_empty() {
        out.push(block(
            plain_runs(b.title.trim(), false, true, TITLE_SIZE),
            0.0,
            0.0,
            TITLE_SIZE * 1.25,
            0.0,
            12.0,
            true,
        ));
    }
    for p in paragraphs(b.introduction.as_deref().unwrap_or("")) {
        out.push(block(
            plain_runs(&p, false, false, BODY_SIZE),
            0.0,
            0.0,
            LINE_HEIGHT,
            0.0,
            8.0,
            false,
        ));
    }
    let (first, rest) = if b.hanging_indent {
        (0.0, HANG)
    } else {
        (0.0, 0.0)
    };
    let under = if b.hanging_indent { HANG * 2.0 } else { HANG };
    for section in &b.sections {
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            let mut heading = block(
                plain_runs(h.trim(), false, true, HEADING_SIZE),
                0.0,
                0.0,
                HEADING_SIZE * 1.3,
                12.0,
                6.0,
                true,
            );
            heading.bookmark = Some(h.trim().to_string());
            out.push(heading);
        }
        for e in &section.entries {
            entry_blocks(&mut out, e, first, rest, under);
        }
    }
    out
}

fn entry_blocks(out: &mut Vec<Block>, e: &RenderedEntry, first: f32, rest: f32, under: f32) {
    let mut runs = Vec::new();
    if let Some(label) = e.label.as_deref().filter(|l| !l.is_empty()) {
        runs.extend(plain_runs(&format!("{label} "), false, false, BODY_SIZE));
    }
    runs.extend(span_runs(&e.spans, BODY_SIZE));
    let notes: Vec<String> = e.annotation.as_deref().map(paragraphs).unwrap_or_default();
    let location = e
        .location
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let followed = !notes.is_empty() || location.is_some();
    let note_leading = NOTE_SIZE * 1.3;
    out.push(Block {
        runs,
        first_indent: first,
        rest_indent: rest,
        leading: LINE_HEIGHT,
        gap_before: 0.0,
        gap_after: if followed { 2.0 } else { ENTRY_GAP },
        keep_with_next: followed,
        bookmark: None,
    });
    let n = notes.len();
    for (i, note) in notes.into_iter().enumerate() {
        let last = i + 1 == n && location.is_none();
        out.push(Block {
            runs: plain_runs(&note, true, false, NOTE_SIZE),
            first_indent: under,
            rest_indent: under,
            leading: note_leading,
            gap_before: 0.0,
            gap_after: if last { ENTRY_GAP } else { 2.0 },
            keep_with_next: false,
            bookmark: None,
        });
    }
    if let Some(loc) = location {
        out.push(Block {
            runs: plain_runs(loc, false, false, NOTE_SIZE),
            first_indent: under,
            rest_indent: under,
            leading: note_leading,
            gap_before: 0.0,
            gap_after: ENTRY_GAP,
            keep_with_next: false,
            bookmark: None,
        });
    }
}

/// Chinese and Japanese are written without spaces: a line may end after any ideograph or kana
/// (and after closing punctuation), so long CJK titles fill their lines.
fn cjk_break_after(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
        || cjk_no_line_start(c)
}

/// Characters that never begin a line in CJK text (the closing punctuation, small kana and the
/// prolonged sound mark of JIS X 4051's rules, in short).
fn cjk_no_line_start(c: char) -> bool {
    "、。，．：；！？）」』》〉】〕・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ".contains(c)
        || ",.;:!?)]}".contains(c)
}

/// Breaks a block into lines no wider than `width` (points), at spaces and between CJK
/// characters; a word wider than a whole line is broken between characters.
fn break_lines(block: &Block, faces: &Faces<'_>, width: f32) -> Vec<Line> {
    // Words: runs of (run index, text) pieces up to and including trailing spaces.
    let mut words: Vec<Vec<(usize, String)>> = vec![Vec::new()];
    for (ri, run) in block.runs.iter().enumerate() {
        let mut piece = String::new();
        let mut after_space = false;
        let mut after_cjk = false;
        for c in run.text.chars() {
            let space = c == ' ' || c == '\n' || c == '\t';
            let cjk_break = after_cjk && !space && !cjk_no_line_start(c);
            if (after_space || cjk_break) && !space && !piece.is_empty() {
                words
                    .last_mut()
                    .unwrap()
                    .push((ri, std::mem::take(&mut piece)));
                words.push(Vec::new());
            }
            piece.push(if space { ' ' } else { c });
            after_space = space;
            after_cjk = cjk_break_after(c);
        }
        if !piece.is_empty() {
            words.last_mut().unwrap().push((ri, piece));
        }
        if after_space {
            words.push(Vec::new());
        }
    }
    let measure = |ri: usize, t: &str| {
        let r = &block.runs[ri];
        faces.stack(r.face).width(t, r.size)
    };

    let mut lines = vec![Line { frags: Vec::new() }];
    let mut x = 0.0f32;
    let avail = |n: usize| {
        width
            - if n == 0 {
                block.first_indent
            } else {
                block.rest_indent
            }
    };
    let push = |line: &mut Line, ri: usize, text: &str, x: &mut f32, w: f32| {
        match line.frags.last_mut() {
            Some(f) if f.run == ri => {
                f.text.push_str(text);
                f.width += w;
            }
            _ => line.frags.push(Frag {
                run: ri,
                text: text.to_string(),
                x: *x,
                width: w,
            }),
        }
        *x += w;
    };
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        let visible: f32 = word.iter().map(|(ri, t)| measure(*ri, t.trim_end())).sum();
        let line_no = lines.len() - 1;
        if x + visible > avail(line_no) && !lines.last().unwrap().frags.is_empty() {
            lines.push(Line { frags: Vec::new() });
            x = 0.0;
        }
        let line_no = lines.len() - 1;
        if visible > avail(line_no) {
            // Too long for any line: place it character by character.
            for (ri, t) in &word {
                for c in t.chars() {
                    let mut buf = [0u8; 4];
                    let s = c.encode_utf8(&mut buf);
                    let w = measure(*ri, s);
                    if x + w > avail(lines.len() - 1)
                        && !lines.last().unwrap().frags.is_empty()
                        && c != ' '
                    {
                        lines.push(Line { frags: Vec::new() });
                        x = 0.0;
                    }
                    if x == 0.0 && c == ' ' {
                        continue;
                    }
                    push(lines.last_mut().unwrap(), *ri, s, &mut x, w);
                }
            }
            continue;
        }
        for (ri, t) in &word {
            let t = if x == 0.0 { t.trim_start() } else { t.as_str() };
            if t.is_empty() {
                continue;
            }
            let w = measure(*ri, t);
            push(lines.last_mut().unwrap(), *ri, t, &mut x, w);
        }
    }
    // Trailing spaces at a line's end are not drawn.
    for line in &mut lines {
        while let Some(f) = line.frags.last_mut() {
            let trimmed = f.text.trim_end().to_string();
            if trimmed.len() != f.text.len() {
                f.width = measure(f.run, &trimmed);
                f.text = trimmed;
            }
            if f.text.is_empty() {
                line.frags.pop();
            } else {
                break;
            }
        }
    }
    lines.retain(|l| !l.frags.is_empty());
    lines
}

/// Lays the blocks out on pages; returns the placed lines and the page count.
fn paginate<'a>(blocks: &'a [Block], faces: &Faces<'_>) -> (Vec<Placed<'a>>, usize) {
    let width = PAGE_WIDTH - 2.0 * MARGIN;
    let bottom = PAGE_HEIGHT - MARGIN;
    let broken: Vec<Vec<Line>> = blocks
        .iter()
        .map(|b| break_lines(b, faces, width))
        .collect();
    let heights: Vec<f32> = broken
        .iter()
        .zip(blocks)
        .map(|(l, b)| l.len() as f32 * b.leading)
        .collect();
    let height = |i: usize| heights[i];
    let mut placed = Vec::new();
    let mut page = 0usize;
    let mut y = MARGIN;
    for (i, lines) in broken.into_iter().enumerate() {
        let block = &blocks[i];
        if lines.is_empty() {
            continue;
        }
        if y > MARGIN {
            y += block.gap_before;
        }
        // Keep a short block whole, and a kept-with-next block together with the start of
        // what follows; a long block only needs its first two lines on this page.
        let mut needed = if height(i) <= (bottom - MARGIN) / 3.0 {
            height(i)
        } else {
            2.0 * block.leading
        };
        let mut j = i;
        while blocks[j].keep_with_next && j + 1 < blocks.len() {
            j += 1;
            needed += blocks[j - 1].gap_after
                + blocks[j].gap_before
                + height(j).min(2.0 * blocks[j].leading);
        }
        if y + needed > bottom && y > MARGIN {
            page += 1;
            y = MARGIN;
        }
        for (li, line) in lines.into_iter().enumerate() {
            if y + block.leading > bottom + 0.01 && y > MARGIN {
                page += 1;
                y = MARGIN;
            }
            // The baseline sits at 80 % of the leading below the line's top.
            placed.push(Placed {
                page,
                baseline: y + block.leading * 0.8,
                block,
                line,
                first: li == 0,
            });
            y += block.leading;
        }
        y += block.gap_after;
    }
    (placed, page + 1)
}

/// Writes `b` as a PDF (A4; see the module docs for the layout).
///
/// Errors: `Error::InvalidInput` if the bundled font cannot be read; `Error::Io` when krilla
/// refuses to serialise the document.
pub fn write_pdf(b: &RenderedBibliography) -> crate::Result<Vec<u8>> {
    write_pdf_report(b).map(|(pdf, _)| pdf)
}

/// Writes `b` as a PDF like [`write_pdf`], and says which characters no font could draw: the
/// characters DejaVu Serif lacks are drawn in an installed font (`crate::fonts`), chosen once for
/// the document; those no installed font has either are drawn as U+FFFD and counted.
///
/// Errors: those of [`write_pdf`].
pub fn write_pdf_report(b: &RenderedBibliography) -> crate::Result<(Vec<u8>, Undrawable)> {
    let blocks = blocks(b);
    let styles = Faces::bundled()?;
    // The installed font is searched for only when some character needs it.
    let needed = crate::fonts::lacking(
        &styles[0],
        blocks
            .iter()
            .flat_map(|bl| bl.runs.iter().map(|r| r.text.as_str())),
    );
    let system = if needed.is_empty() {
        Vec::new()
    } else {
        crate::fonts::find_fallback(&needed, true)
    };
    let faces = Faces {
        styles,
        fallback: system.iter().filter_map(|s| s.face()).collect(),
    };
    let mut undrawable = Undrawable::default();
    let (placed, pages) = paginate(&blocks, &faces);

    // Bookmarks: one per section heading, pointing at the top of its first line.
    let mut outline = Outline::new();
    for p in placed.iter().filter(|p| p.first) {
        if let Some(text) = p.block.bookmark.as_deref() {
            let top = p.baseline - p.block.leading * 0.8;
            outline.push_child(OutlineNode::new(
                text.to_string(),
                XyzDestination::new(p.page, Point::from_xy(MARGIN, top)),
            ));
        }
    }

    let mut doc = Document::new();
    let mut metadata = Metadata::new().creator("Carrel".to_string());
    if !b.title.trim().is_empty() {
        metadata = metadata.title(b.title.trim().to_string());
    }
    doc.set_metadata(metadata);
    doc.set_outline(outline);

    let mut at = 0;
    for page_no in 0..pages {
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid page size");
        let mut page = doc.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            while at < placed.len() && placed[at].page == page_no {
                let p = &placed[at];
                let indent = if p.first {
                    p.block.first_indent
                } else {
                    p.block.rest_indent
                };
                let left = MARGIN + indent;
                for f in &p.line.frags {
                    let run = &p.block.runs[f.run];
                    let origin = Point::from_xy(left + f.x, p.baseline - run.rise);
                    faces.stack(run.face).draw(
                        &mut surface,
                        origin,
                        &f.text,
                        run.size,
                        &mut undrawable,
                    );
                    if let Some(url) = super::web_link(run.link.as_deref()) {
                        if let Some(rect) = Rect::from_xywh(
                            left + f.x,
                            p.baseline - run.size * 0.85,
                            f.width,
                            run.size * 1.1,
                        ) {
                            links.push((rect, url.to_string()));
                        }
                    }
                }
                at += 1;
            }
            // Page number, centred in the bottom margin.
            let label = format!("{}", page_no + 1);
            let face = faces.stack(0);
            let w = face.width(&label, 9.0);
            let origin = Point::from_xy((PAGE_WIDTH - w) / 2.0, PAGE_HEIGHT - MARGIN / 2.0);
            face.draw(&mut surface, origin, &label, 9.0, &mut undrawable);
            surface.finish();
        }
        for (rect, url) in links {
            let target = Target::Action(Action::Link(LinkAction::new(url.clone())));
            page.add_annotation(Annotation::new_link(
                LinkAnnotation::new(rect, target),
                Some(url),
            ));
        }
        page.finish();
    }
    let pdf = doc.finish().map_err(|e| Error::Io {
        context: "writing the PDF bibliography".into(),
        source: std::io::Error::other(format!("{e:?}")),
    })?;
    Ok((pdf, undrawable))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces() -> Faces<'static> {
        Faces {
            styles: Faces::bundled().unwrap(),
            fallback: Vec::new(),
        }
    }

    #[test]
    fn lines_fit_the_measure_and_keep_every_word() {
        let faces = faces();
        let text = "Arbitration in construction contracts: a practitioner's guide to the law and practice of Ireland, 2nd edition, with forms. ".repeat(4);
        let block = Block {
            runs: plain_runs(&text, false, false, BODY_SIZE),
            first_indent: 0.0,
            rest_indent: HANG,
            leading: LINE_HEIGHT,
            gap_before: 0.0,
            gap_after: 0.0,
            keep_with_next: false,
            bookmark: None,
        };
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let lines = break_lines(&block, &faces, width);
        assert!(lines.len() >= 4, "{} lines", lines.len());
        for (i, l) in lines.iter().enumerate() {
            let w: f32 = l.frags.iter().map(|f| f.width).sum();
            assert!(
                w <= width - if i == 0 { 0.0 } else { HANG } + 0.01,
                "line {i} is {w} pt wide"
            );
        }
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect())
            .collect();
        assert_eq!(joined.join(" "), text.trim_end());
    }

    #[test]
    fn a_heading_is_not_left_alone_at_the_foot_of_a_page() {
        use crate::bibliography::rendered::RenderedSection;
        let entry = |i: i64| RenderedEntry {
            record_id: crate::RecordId(i),
            spans: vec![Span {
                text: format!("Entry {i}"),
                ..Default::default()
            }],
            ..Default::default()
        };
        // 33 one-line entries leave room for the heading but not for the heading and an entry.
        let b = RenderedBibliography {
            sections: vec![
                RenderedSection {
                    heading: None,
                    entries: (1..=33).map(entry).collect(),
                },
                RenderedSection {
                    heading: Some("Cases".into()),
                    entries: vec![entry(34)],
                },
            ],
            ..Default::default()
        };
        let faces = faces();
        let blocks = blocks(&b);
        let (placed, pages) = paginate(&blocks, &faces);
        assert_eq!(pages, 2);
        let page_of = |text: &str| {
            placed
                .iter()
                .find(|p| p.line.frags[0].text == text)
                .unwrap()
                .page
        };
        assert_eq!(page_of("Entry 33"), 0);
        assert_eq!(page_of("Cases"), 1);
        assert_eq!(page_of("Entry 34"), 1);
    }

    #[test]
    fn chinese_and_japanese_break_between_characters_but_not_before_closing_marks() {
        let faces = faces();
        let text = "村上春樹『ノルウェイの森』東京：講談社、1987年。".repeat(3);
        let block = Block {
            runs: plain_runs(&text, false, false, BODY_SIZE),
            first_indent: 0.0,
            rest_indent: 0.0,
            leading: LINE_HEIGHT,
            gap_before: 0.0,
            gap_after: 0.0,
            keep_with_next: false,
            bookmark: None,
        };
        // Measured with DejaVu's replacement mark here (no installed font in a unit test).
        let lines = break_lines(&block, &faces, 120.0);
        assert!(lines.len() > 2, "{} lines", lines.len());
        let texts: Vec<String> = lines
            .iter()
            .map(|l| l.frags.iter().map(|f| f.text.as_str()).collect())
            .collect();
        assert_eq!(texts.concat(), text);
        for (i, l) in lines.iter().enumerate() {
            let w: f32 = l.frags.iter().map(|f| f.width).sum();
            assert!(w <= 120.01, "line {i} is {w} pt wide");
            let first = texts[i].chars().next().unwrap();
            assert!(!cjk_no_line_start(first), "line {i} starts with {first}");
        }
    }

    #[test]
    fn a_long_url_is_broken_between_characters() {
        let faces = faces();
        let url = format!("https://example.test/{}", "a".repeat(200));
        let block = Block {
            runs: plain_runs(&url, false, false, BODY_SIZE),
            first_indent: 0.0,
            rest_indent: 0.0,
            leading: LINE_HEIGHT,
            gap_before: 0.0,
            gap_after: 0.0,
            keep_with_next: false,
            bookmark: None,
        };
        let lines = break_lines(&block, &faces, 200.0);
        assert!(lines.len() > 1);
        let joined: String = lines
            .iter()
            .flat_map(|l| l.frags.iter().map(|f| f.text.clone()))
            .collect();
        assert_eq!(joined, url);
    }

    /// One entry linking to a web page, a local file and a script: only the web page may link.
    fn linked_entry() -> RenderedBibliography {
        let span = |text: &str, link: &str| Span {
            text: text.into(),
            link: Some(link.into()),
            ..Default::default()
        };
        RenderedBibliography {
            title: "Links".into(),
            sections: vec![crate::bibliography::rendered::RenderedSection {
                heading: None,
                entries: vec![RenderedEntry {
                    spans: vec![
                        span("Online ", " HTTPS://example.test/online "),
                        span("Local ", "file:///home/ann/.bashrc"),
                        span("Script", "javascript:alert(1)"),
                    ],
                    ..Default::default()
                }],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn only_web_links_become_link_annotations() {
        let pdf = write_pdf(&linked_entry()).unwrap();
        let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(has(b"HTTPS://example.test/online"), "the web link is kept");
        assert!(!has(b"file:///"), "no link to a local file");
        assert!(!has(b"javascript:"), "no link to a script");
    }
}
