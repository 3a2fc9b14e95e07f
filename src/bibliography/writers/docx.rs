//! DOCX (Office Open XML, ECMA-376) writer, with the `docx-rs` crate (MIT).
//!
//! The document uses real Word styles so the technician can restyle it in one place:
//! "Heading 1" for the title, "Heading 2" for section headings, "Bibliography" (hanging indent of
//! 0.25 in when the CSL style asks for one) for entries, "Bibliography Note" (indented, smaller,
//! italic) for annotations, "Bibliography Location" for the location line, and a "Small Caps"
//! character style. Runs carry italic, bold, small capitals and superscript from the spans; a
//! span with a link becomes a hyperlink. Page: A4, 25 mm margins.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, Hyperlink, HyperlinkType, LineSpacing, PageMargin, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType, VertAlign, VertAlignType,
};

use crate::bibliography::rendered::{RenderedBibliography, RenderedEntry, Span};
use crate::Error;

/// Twips of the hanging indent (0.25 in) and of a note's indent under its entry.
const HANG: i32 = 360;
const SMALL_CAPS_STYLE: &str = "BibliographySmallCaps";

/// Writes `b` as a DOCX file (the bytes of the ZIP package).
///
/// Errors: `Error::Io` when the package cannot be assembled (not expected: it is built in memory).
pub fn write_docx(b: &RenderedBibliography) -> crate::Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1417)
                .bottom(1417)
                .left(1417)
                .right(1417)
                .header(709)
                .footer(709),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(24);
    for style in styles(b.hanging_indent) {
        doc = doc.add_style(style);
    }

    if !b.title.trim().is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text(b.title.trim())),
        );
    }
    for para in paragraphs(b.introduction.as_deref().unwrap_or("")) {
        doc = doc.add_paragraph(text_paragraph(Paragraph::new(), &para));
    }
    for section in &b.sections {
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            doc = doc.add_paragraph(
                Paragraph::new()
                    .style("Heading2")
                    .add_run(Run::new().add_text(h.trim())),
            );
        }
        for entry in &section.entries {
            doc = add_entry(doc, entry);
        }
    }

    let mut xml = doc.build();
    // docx-rs has no small-caps property; give the character style <w:smallCaps/> in styles.xml.
    xml.styles = add_small_caps(&xml.styles);
    xml.doc_props.core = core_properties(&xml.doc_props.core, b.title.trim());
    let mut buf = Cursor::new(Vec::new());
    xml.pack(&mut buf).map_err(|e| Error::Io {
        context: "writing the DOCX package".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(buf.into_inner())
}

fn styles(hanging: bool) -> Vec<Style> {
    let spacing = |before: u32, after: u32| LineSpacing::new().before(before).after(after);
    let (left, special) = if hanging {
        (Some(HANG), Some(SpecialIndentType::Hanging(HANG)))
    } else {
        (None, None)
    };
    let under = if hanging { HANG * 2 } else { HANG };
    vec![
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(32)
            .outline_lvl(0)
            .line_spacing(spacing(240, 240)),
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Bibliography")
            .q_format(true)
            .bold()
            .size(28)
            .outline_lvl(1)
            .line_spacing(spacing(360, 120)),
        Style::new("Bibliography", StyleType::Paragraph)
            .name("Bibliography")
            .based_on("Normal")
            .next("Bibliography")
            .q_format(true)
            .indent(left, special, None, None)
            .line_spacing(spacing(0, 160)),
        Style::new("BibliographyNote", StyleType::Paragraph)
            .name("Bibliography Note")
            .based_on("Normal")
            .next("Bibliography")
            .italic()
            .size(20)
            .indent(Some(under), None, None, None)
            .line_spacing(spacing(0, 100)),
        Style::new("BibliographyLocation", StyleType::Paragraph)
            .name("Bibliography Location")
            .based_on("Normal")
            .next("Bibliography")
            .size(20)
            .indent(Some(under), None, None, None)
            .line_spacing(spacing(0, 160)),
        Style::new(SMALL_CAPS_STYLE, StyleType::Character).name("Small Caps"),
    ]
}

fn add_entry(mut doc: Docx, e: &RenderedEntry) -> Docx {
    let follows = e.annotation.is_some() || e.location.is_some();
    let mut p = Paragraph::new().style("Bibliography").keep_next(follows);
    if follows {
        // Note and location sit close under the entry.
        p = p.line_spacing(LineSpacing::new().after(40));
    }
    if let Some(label) = e.label.as_deref().filter(|l| !l.is_empty()) {
        p = p.add_run(Run::new().add_text(format!("{label} ")));
    }
    for span in &e.spans {
        if span.text.is_empty() {
            continue;
        }
        match super::web_link(span.link.as_deref()) {
            Some(url) => {
                p = p.add_hyperlink(
                    Hyperlink::new(url, HyperlinkType::External)
                        .add_run(span_run(span).color("0563C1").underline("single")),
                )
            }
            None => p = p.add_run(span_run(span)),
        }
    }
    doc = doc.add_paragraph(p);
    if let Some(note) = e.annotation.as_deref() {
        for para in paragraphs(note) {
            doc = doc.add_paragraph(text_paragraph(
                Paragraph::new().style("BibliographyNote"),
                &para,
            ));
        }
    }
    if let Some(loc) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("BibliographyLocation")
                .add_run(Run::new().add_text(loc.trim())),
        );
    }
    doc
}

fn span_run(s: &Span) -> Run {
    let mut run = Run::new().add_text(s.text.as_str());
    if s.italic {
        run = run.italic();
    }
    if s.bold {
        run = run.bold();
    }
    if s.small_caps {
        run = run.style(SMALL_CAPS_STYLE);
    }
    if s.superscript {
        run.run_property.vert_align = Some(VertAlign::new(VertAlignType::SuperScript));
    }
    run
}

/// A paragraph of plain text whose single line breaks are kept as line breaks.
fn text_paragraph(mut p: Paragraph, text: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    p = p.add_run(run);
    p.align(AlignmentType::Left)
}

fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Names the document (Dublin Core title, shown in File > Properties) and Carrel as its creator,
/// in place of docx-rs's "unknown"; its fixed 1970 dates stay (the core reads no clock).
fn core_properties(core: &[u8], title: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut xml = String::from_utf8_lossy(core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            "<dc:creator>Carrel</dc:creator>",
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>Carrel</cp:lastModifiedBy>",
        );
    if !title.is_empty() && !xml.contains("<dc:title>") {
        if let Some(i) = xml.find("<dc:creator>") {
            xml.insert_str(i, &format!("<dc:title>{}</dc:title>", esc(title)));
        }
    }
    xml.into_bytes()
}

/// Inserts `<w:smallCaps/>` into the run properties of the small-caps character style.
fn add_small_caps(styles: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(styles).into_owned();
    let marker = format!("w:styleId=\"{SMALL_CAPS_STYLE}\"");
    let Some(start) = xml.find(&marker) else {
        return styles.to_vec();
    };
    let Some(end) = xml[start..].find("</w:style>").map(|i| start + i) else {
        return styles.to_vec();
    };
    let style = &xml[start..end];
    let patched = if let Some(i) = style.find("<w:rPr>") {
        format!("{}<w:smallCaps />{}", &style[..i + 7], &style[i + 7..])
    } else if let Some(i) = style.find("<w:rPr />") {
        format!(
            "{}<w:rPr><w:smallCaps /></w:rPr>{}",
            &style[..i],
            &style[i + 9..]
        )
    } else {
        format!("{style}<w:rPr><w:smallCaps /></w:rPr>")
    };
    format!("{}{}{}", &xml[..start], patched, &xml[end..]).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bibliography::rendered::RenderedSection;

    #[test]
    fn small_caps_style_gets_the_property() {
        let b = RenderedBibliography {
            title: "T".into(),
            sections: vec![RenderedSection {
                heading: None,
                entries: vec![RenderedEntry {
                    spans: vec![Span {
                        text: "Smith".into(),
                        small_caps: true,
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
            }],
            ..Default::default()
        };
        let bytes = write_docx(&b).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let styles = String::from_utf8(add_small_caps(
            &Docx::new()
                .add_style(styles(true).pop().unwrap())
                .build()
                .styles,
        ))
        .unwrap();
        let at = styles.find(SMALL_CAPS_STYLE).unwrap();
        assert!(
            styles[at..]
                .split("</w:style>")
                .next()
                .unwrap()
                .contains("<w:smallCaps />"),
            "{styles}"
        );
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
    fn only_web_links_become_hyperlinks() {
        use std::io::Read;
        let bytes = write_docx(&linked_entry()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut all = String::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            if f.name().ends_with(".xml") || f.name().ends_with(".rels") {
                f.read_to_string(&mut all).unwrap();
            }
        }
        assert!(
            all.contains("HTTPS://example.test/online"),
            "the web link is kept"
        );
        assert!(!all.contains("file:///"), "no link to a local file");
        assert!(!all.contains("javascript:"), "no link to a script");
        assert!(
            all.contains("Local") && all.contains("Script"),
            "the text stays"
        );
    }
}
