//! Fonts for Carrel's PDFs (bibliographies and library cards): the bundled DejaVu faces, and a
//! fallback face found among the fonts installed on the computer for the characters DejaVu lacks
//! (Chinese, Japanese, Korean and other scripts).
//!
//! No font file is bundled for those scripts (their licences and sizes differ): the standard font
//! folders are searched for a known CJK-capable font (Noto Serif/Sans CJK, Source Han, Droid Sans
//! Fallback, WenQuanYi, and the system fonts of macOS and Windows), once per document, and only
//! when the document holds a character the bundled face cannot draw. A character no font has is
//! drawn as U+FFFD (the text layer still holds the real character) and counted, so the caller
//! can say so ([`Undrawable::message`]) instead of printing silent boxes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::text::{Font, KrillaGlyph};
use skrifa::metrics::GlyphMetrics;
use skrifa::prelude::{LocationRef, Size};
use skrifa::GlyphId;
use skrifa::{FontRef, MetadataProvider};

/// One face: krilla's font for drawing, skrifa's tables for measuring, so what is measured is
/// exactly what is drawn.
pub(crate) struct Face<'a> {
    pub(crate) font: Font,
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: GlyphMetrics<'a>,
    units_per_em: f32,
}

impl<'a> Face<'a> {
    /// Reads face `index` of `bytes` (a font file or collection); `data` is the same bytes for
    /// krilla. `None` when either cannot read it.
    pub(crate) fn new(bytes: &'a [u8], data: krilla::Data, index: u32) -> Option<Face<'a>> {
        let font_ref = FontRef::from_index(bytes, index).ok()?;
        let units_per_em = font_ref
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Some(Face {
            font: Font::new(data, index)?,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        })
    }

    /// A bundled face (`'static` bytes).
    pub(crate) fn bundled(bytes: &'static [u8]) -> Option<Face<'static>> {
        Face::new(bytes, bytes.into(), 0)
    }

    /// The face's glyph for `c`, if it has one (not .notdef).
    fn glyph_id(&self, c: char) -> Option<GlyphId> {
        self.charmap.map(c).filter(|g| g.to_u32() != 0)
    }

    /// Advance width of a glyph, in em.
    fn advance(&self, gid: GlyphId) -> f32 {
        self.metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph_id(c).is_some()
    }
}

/// A face and the fallback drawn for the characters it lacks.
#[derive(Clone, Copy)]
pub(crate) struct Stack<'f, 'a> {
    /// The bundled face.
    pub(crate) primary: &'f Face<'a>,
    /// The installed fonts used, in order, for the characters `primary` lacks.
    pub(crate) fallback: &'f [Face<'a>],
}

/// Where a character is drawn from: which face (0 primary, i + 1 fallback i), glyph, advance in em,
/// and whether no face had it (drawn as U+FFFD).
struct Pick {
    face: usize,
    gid: GlyphId,
    advance: f32,
    missing: bool,
}

impl<'f, 'a> Stack<'f, 'a> {
    fn pick(&self, c: char) -> Pick {
        if let Some(g) = self.primary.glyph_id(c) {
            return Pick {
                face: 0,
                gid: g,
                advance: self.primary.advance(g),
                missing: false,
            };
        }
        if let Some((i, f, g)) = self
            .fallback
            .iter()
            .enumerate()
            .find_map(|(i, f)| Some((i, f, f.glyph_id(c)?)))
        {
            return Pick {
                face: i + 1,
                gid: g,
                advance: f.advance(g),
                missing: false,
            };
        }
        // Controls and format characters (zero width joiner, soft hyphen) draw nothing anyway.
        let missing = !(c.is_control() || is_invisible(c));
        let g = self.primary.glyph_id('\u{FFFD}').unwrap_or(GlyphId::new(0));
        Pick {
            face: 0,
            gid: g,
            advance: self.primary.advance(g),
            missing,
        }
    }

    /// Width of `text` at `size` points, each character measured in the face that draws it.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.pick(c).advance).sum::<f32>() * size
    }

    /// `text` cut into runs by the face that draws them. Characters no face has are counted in
    /// `undrawable`.
    fn runs(&self, text: &str, undrawable: &mut Undrawable) -> Vec<Segment<'f, 'a>> {
        let mut out: Vec<(usize, Vec<KrillaGlyph>, String, f32)> = Vec::new();
        for c in text.chars() {
            let p = self.pick(c);
            if p.missing {
                undrawable.add(c);
            }
            if out.last().is_none_or(|r| r.0 != p.face) {
                out.push((p.face, Vec::new(), String::new(), 0.0));
            }
            let run = out.last_mut().expect("a run was just pushed");
            let at = run.2.len();
            run.2.push(c);
            run.1.push(KrillaGlyph::new(
                krilla::text::GlyphId::new(p.gid.to_u32()),
                p.advance,
                0.0,
                0.0,
                0.0,
                at..at + c.len_utf8(),
                None,
            ));
            run.3 += p.advance;
        }
        out.into_iter()
            .map(|(f, glyphs, text, width)| Segment {
                face: if f == 0 {
                    self.primary
                } else {
                    &self.fallback[f - 1]
                },
                glyphs,
                text,
                width,
            })
            .collect()
    }

    /// Draws `text` with its left end at `origin` (baseline), run by run.
    pub(crate) fn draw(
        &self,
        surface: &mut krilla::surface::Surface<'_>,
        origin: krilla::geom::Point,
        text: &str,
        size: f32,
        undrawable: &mut Undrawable,
    ) {
        let mut x = origin.x;
        for seg in self.runs(text, undrawable) {
            surface.draw_glyphs(
                krilla::geom::Point::from_xy(x, origin.y),
                &seg.glyphs,
                seg.face.font.clone(),
                &seg.text,
                size,
                false,
            );
            x += seg.width * size;
        }
    }
}

/// A piece of text drawn in one face: its glyphs, the text they stand for, the width in em.
struct Segment<'f, 'a> {
    face: &'f Face<'a>,
    glyphs: Vec<KrillaGlyph>,
    text: String,
    width: f32,
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Characters that no font (bundled or installed) could draw in a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Undrawable {
    /// How many characters of the text (counting repeats) were drawn as U+FFFD.
    pub count: usize,
    /// Up to five distinct examples, in the order met.
    pub examples: Vec<char>,
}

impl Undrawable {
    fn add(&mut self, c: char) {
        self.count += 1;
        if self.examples.len() < 5 && !self.examples.contains(&c) {
            self.examples.push(c);
        }
    }

    /// What to tell the user, or `None` when every character was drawn: for example "12
    /// characters could not be drawn: no installed font has them (e.g. 東); install
    /// fonts-noto-cjk (or another font for these scripts)".
    pub fn message(&self) -> Option<String> {
        (self.count > 0).then(|| {
            let eg = self
                .examples
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            format!(
                "{} character{} could not be drawn: no installed font has {} (e.g. {eg}); install fonts-noto-cjk (or another font for these scripts)",
                self.count,
                if self.count == 1 { "" } else { "s" },
                if self.count == 1 { "it" } else { "them" },
            )
        })
    }
}

/// An installed font file read into memory: the fallback of one document.
pub(crate) struct SystemFont {
    /// Where it was found.
    pub(crate) path: PathBuf,
    /// The face's index in a collection (.ttc), 0 otherwise.
    pub(crate) index: u32,
    /// The file's bytes.
    pub(crate) bytes: Arc<Vec<u8>>,
}

impl SystemFont {
    /// The face, borrowing the bytes.
    pub(crate) fn face(&self) -> Option<Face<'_>> {
        Face::new(&self.bytes, self.bytes.clone().into(), self.index)
    }
}

/// The folders searched, in order: the user's, then the system's.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(home) = dirs::home_dir() {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(d) = dirs::data_local_dir() {
        dirs.push(d.join("Microsoft/Windows/Fonts"));
    }
    dirs.extend(
        [
            "/usr/local/share/fonts",
            "/usr/share/fonts",
            "/Library/Fonts",
            "/System/Library/Fonts",
            "/System/Library/Fonts/Supplemental",
        ]
        .map(PathBuf::from),
    );
    if let Some(w) = std::env::var_os("WINDIR") {
        dirs.push(Path::new(&w).join("Fonts"));
    } else if cfg!(windows) {
        dirs.push(PathBuf::from(r"C:\Windows\Fonts"));
    }
    dirs
}

/// Known CJK-capable font files (lower-case file name prefixes), best first; `serif` marks the
/// Ming/Song/Mincho faces a bibliography prefers. The regular weight is asked for by name.
const KNOWN: &[(&str, bool)] = &[
    ("notoserifcjk-regular.ttc", true),
    ("notoserifcjk-regular.otf", true),
    ("notoserifcjksc-regular.otf", true),
    ("notoserifcjkjp-regular.otf", true),
    ("sourcehanserif-regular.ttc", true),
    ("sourcehanserif-regular.otf", true),
    ("songti.ttc", true),
    ("simsun.ttc", true),
    ("nanummyeongjo.ttf", true),
    ("unbatang.ttf", true),
    ("notosanscjk-regular.ttc", false),
    ("notosanscjk-regular.otf", false),
    ("notosanscjksc-regular.otf", false),
    ("notosanscjkjp-regular.otf", false),
    ("sourcehansans-regular.ttc", false),
    ("sourcehansans-regular.otf", false),
    ("droidsansfallbackfull.ttf", false),
    ("droidsansfallback.ttf", false),
    ("wqy-microhei.ttc", false),
    ("wqy-zenhei.ttc", false),
    ("hiragino sans gb.ttc", false),
    ("pingfang.ttc", false),
    ("msyh.ttc", false),
    ("nanumgothic.ttf", false),
    ("undotum.ttf", false),
    ("malgun.ttf", false),
    ("applesdgothicneo.ttc", false),
    ("applegothic.ttf", false),
    ("arial unicode.ttf", false),
];

/// Every known font file under the font folders, ranked: serif first when `prefer_serif`, then
/// in the order of [`KNOWN`].
fn candidates(prefer_serif: bool) -> Vec<PathBuf> {
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    for dir in font_dirs() {
        walk(&dir, 0, &mut |p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if let Some(i) = KNOWN.iter().position(|(k, _)| *k == name) {
                let serif = KNOWN[i].1;
                let rank = if prefer_serif == serif { i } else { i + 100 };
                found.push((rank, p.to_path_buf()));
            }
        });
    }
    found.sort();
    found.dedup_by(|a, b| a.1 == b.1);
    found.into_iter().map(|(_, p)| p).collect()
}

fn walk(dir: &Path, depth: usize, f: &mut dyn FnMut(&Path)) {
    if depth > 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, depth + 1, f),
            Ok(_) => f(&p),
            Err(_) => {}
        }
    }
}

/// Installed fonts that together draw `needed` (the characters the bundled face lacks), best
/// first, preferring serif faces when `prefer_serif`: each known font found is read in turn and
/// kept when it draws a character the ones kept so far do not (Droid Sans Fallback has no Hangul,
/// for example, so a Korean font joins it); the search stops once all are drawn. Empty when no
/// known font is installed or none draws any of them.
pub(crate) fn find_fallback(needed: &[char], prefer_serif: bool) -> Vec<SystemFont> {
    let mut kept: Vec<SystemFont> = Vec::new();
    let mut left: Vec<char> = needed.to_vec();
    for path in candidates(prefer_serif).into_iter().take(12) {
        if left.is_empty() || kept.len() == 4 {
            break;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let font = SystemFont {
            path,
            index: 0,
            bytes: Arc::new(bytes),
        };
        let Some(face) = font.face() else {
            continue;
        };
        let before = left.len();
        left.retain(|c| !face.has(*c));
        drop(face);
        if left.len() < before {
            kept.push(font);
        }
    }
    kept
}

/// The installed font files Carrel would draw the characters of `text` in when the bundled face
/// lacks them (`prefer_serif`: as a bibliography asks; a card prefers sans), best first; empty
/// when no known font that has any of them is installed. For diagnostics and tests; the writers
/// choose the same way.
pub fn installed_fonts_for(text: &str, prefer_serif: bool) -> Vec<PathBuf> {
    let mut needed: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && !is_invisible(*c))
        .collect();
    needed.sort_unstable();
    needed.dedup();
    find_fallback(&needed, prefer_serif)
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// The distinct characters of `texts` that `primary` lacks (controls and invisible format
/// characters aside), in the order met.
pub(crate) fn lacking<'t>(
    primary: &Face<'_>,
    texts: impl IntoIterator<Item = &'t str>,
) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for t in texts {
        for c in t.chars() {
            if !primary.has(c) && !c.is_control() && !is_invisible(c) && !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_counts_and_shows_examples() {
        let mut u = Undrawable::default();
        assert_eq!(u.message(), None);
        for c in "東東京".chars() {
            u.add(c);
        }
        let m = u.message().unwrap();
        assert!(m.starts_with("3 characters could not be drawn"), "{m}");
        assert!(m.contains("(e.g. 東 京)"), "{m}");
        assert!(m.contains("fonts-noto-cjk"), "{m}");
    }
}
