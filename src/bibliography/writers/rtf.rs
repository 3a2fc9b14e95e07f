//! RTF 1.9.1 (Microsoft Rich Text Format) writer, by hand: the subset needed is small and
//! every word processor reads it.
//!
//! Layout: A4 paper with 25 mm margins; the title as a level-1 heading, the introduction's
//! paragraphs, each section's heading as a level-2 heading (bold, larger), then the entries —
//! hanging indent of 0.25 in (`\fi-360\li360`) when the style asks for one — with italic, bold,
//! small-capital (`\scaps`) and superscript runs as the spans say, links as HYPERLINK fields,
//! the annotation as a smaller italic paragraph indented under the entry and the location line
//! under that. Text outside ASCII is written as `\uN?` escapes (RTF spec "Unicode RTF").

use crate::bibliography::rendered::{RenderedBibliography, RenderedEntry, Span};

/// Twips (1/20 pt) of the hanging indent: 0.25 inch.
const HANG: i32 = 360;

/// Writes `b` as an RTF document (7-bit ASCII bytes; non-ASCII as `\uN?`).
pub fn write_rtf(b: &RenderedBibliography) -> Vec<u8> {
    let mut out = String::new();
    // \uc1: one fallback character ("?") follows each \u escape, for readers without Unicode.
    out.push_str("{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0\n");
    out.push_str("{\\fonttbl{\\f0\\froman\\fcharset0 Times New Roman;}}\n");
    out.push_str(
        "{\\stylesheet{\\s0\\f0\\fs24 Normal;}{\\s1\\sbasedon0\\snext0\\keepn\\b\\fs32 heading 1;}",
    );
    out.push_str("{\\s2\\sbasedon0\\snext0\\keepn\\b\\fs28 heading 2;}}\n");
    out.push_str("{\\info{\\title ");
    out.push_str(&escape(&b.title));
    out.push_str("}}\n");
    // A4 (11906 x 16838 twips), 25 mm margins (1417 twips).
    out.push_str(
        "\\paperw11906\\paperh16838\\margl1417\\margr1417\\margt1417\\margb1417\\widowctrl\n",
    );

    if !b.title.trim().is_empty() {
        out.push_str("{\\pard\\plain\\s1\\keepn\\sb240\\sa240\\f0\\b\\fs32 ");
        out.push_str(&escape(b.title.trim()));
        out.push_str("\\par}\n");
    }
    for para in paragraphs(b.introduction.as_deref().unwrap_or("")) {
        out.push_str("{\\pard\\plain\\sa160\\f0\\fs24 ");
        out.push_str(&escape(&para));
        out.push_str("\\par}\n");
    }
    for section in &b.sections {
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            out.push_str("{\\pard\\plain\\s2\\keepn\\sb360\\sa120\\f0\\b\\fs28 ");
            out.push_str(&escape(h.trim()));
            out.push_str("\\par}\n");
        }
        for entry in &section.entries {
            write_entry(&mut out, entry, b.hanging_indent);
        }
    }
    out.push_str("}\n");
    out.into_bytes()
}

fn write_entry(out: &mut String, e: &RenderedEntry, hanging: bool) {
    let indent = if hanging {
        format!("\\fi-{HANG}\\li{HANG}")
    } else {
        String::new()
    };
    let follows = e.annotation.is_some() || e.location.is_some();
    out.push_str(&format!(
        "{{\\pard\\plain{indent}\\sa{}{}\\f0\\fs24 ",
        if follows { 60 } else { 160 },
        if follows { "\\keepn" } else { "" }
    ));
    if let Some(label) = e.label.as_deref().filter(|l| !l.is_empty()) {
        out.push_str(&escape(label));
        out.push(' ');
    }
    for span in &e.spans {
        write_span(out, span);
    }
    out.push_str("\\par}\n");
    // Notes sit under the entry's text: indented one step past the hanging indent.
    let under = if hanging { HANG * 2 } else { HANG };
    if let Some(note) = e.annotation.as_deref() {
        let paras = paragraphs(note);
        let n = paras.len();
        for (i, para) in paras.into_iter().enumerate() {
            let last = i + 1 == n && e.location.is_none();
            out.push_str(&format!(
                "{{\\pard\\plain\\li{under}\\sa{}\\f0\\fs20\\i ",
                if last { 160 } else { 60 }
            ));
            out.push_str(&escape(&para));
            out.push_str("\\par}\n");
        }
    }
    if let Some(loc) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
        out.push_str(&format!("{{\\pard\\plain\\li{under}\\sa160\\f0\\fs20 "));
        out.push_str(&escape(loc.trim()));
        out.push_str("\\par}\n");
    }
}

fn write_span(out: &mut String, s: &Span) {
    if s.text.is_empty() {
        return;
    }
    let mut fmt = String::new();
    if s.italic {
        fmt.push_str("\\i");
    }
    if s.bold {
        fmt.push_str("\\b");
    }
    if s.small_caps {
        fmt.push_str("\\scaps");
    }
    if s.superscript {
        fmt.push_str("\\super");
    }
    let body = if fmt.is_empty() {
        escape(&s.text)
    } else {
        format!("{{{fmt} {}}}", escape(&s.text))
    };
    match super::web_link(s.link.as_deref()) {
        // A field's instruction is a quoted string: a quote or backslash in the URL is escaped
        // with a backslash (Word field syntax) before the RTF escaping.
        Some(url) => {
            let quoted = url.replace('\\', "\\\\").replace('"', "\\\"");
            out.push_str(&format!(
                "{{\\field{{\\*\\fldinst{{HYPERLINK \"{}\"}}}}{{\\fldrslt{{\\ul {body}}}}}}}",
                escape(&quoted)
            ));
        }
        None => out.push_str(&body),
    }
}

/// Splits plain text into paragraphs at blank lines; single line breaks inside a paragraph
/// are kept as RTF line breaks by [`escape`].
fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Escapes text for an RTF body: `\ { }` are backslash-escaped, tab and line break become
/// `\tab` and `\line`, other control characters are dropped, and every character outside
/// ASCII becomes `\uN?` per UTF-16 code unit, N a signed 16-bit decimal (RTF's rule: code
/// units above 32767 are written minus 65536), `?` the fallback for readers without Unicode.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '\t' => out.push_str("\\tab "),
            '\n' => out.push_str("\\line "),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {}
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let n = if *unit > 32767 {
                        *unit as i32 - 65536
                    } else {
                        *unit as i32
                    };
                    out.push_str(&format!("\\u{n}?"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_handles_specials_and_unicode() {
        assert_eq!(escape(r"<b>&{\}"), r"<b>&\{\\\}");
        assert_eq!(escape("Dvořák"), "Dvo\\u345?\\u225?k");
        // U+2019 RIGHT SINGLE QUOTATION MARK = 8217, fits in a signed 16-bit value.
        assert_eq!(escape("’"), "\\u8217?");
        // U+FB01 (64257) is above 32767: written as 64257 - 65536.
        assert_eq!(escape("\u{FB01}"), "\\u-1279?");
        // Outside the BMP: a surrogate pair, both halves negative.
        assert_eq!(escape("\u{1D11E}"), "\\u-10188?\\u-8930?");
        assert_eq!(escape("a\tb\nc\u{7}"), "a\\tab b\\line c");
    }

    #[test]
    fn document_is_ascii_and_balanced() {
        let b = RenderedBibliography {
            title: "Über {x}".into(),
            hanging_indent: true,
            sections: vec![crate::bibliography::rendered::RenderedSection {
                heading: Some("Cases".into()),
                entries: vec![RenderedEntry {
                    spans: vec![Span {
                        text: "Title".into(),
                        italic: true,
                        link: Some("https://x.test/a\"b".into()),
                        ..Default::default()
                    }],
                    annotation: Some("€5".into()),
                    ..Default::default()
                }],
            }],
            ..Default::default()
        };
        let rtf = String::from_utf8(write_rtf(&b)).unwrap();
        assert!(rtf.is_ascii());
        assert!(rtf.contains("\\fi-360\\li360"));
        assert!(rtf.contains("\\u8364?5"));
        assert!(rtf.contains("{\\i Title}"));
        // Braces balance once escaped braces are discounted.
        let unescaped = rtf
            .replace("\\\\", "")
            .replace("\\{", "")
            .replace("\\}", "");
        assert_eq!(
            unescaped.matches('{').count(),
            unescaped.matches('}').count()
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
        let rtf = String::from_utf8(write_rtf(&linked_entry())).unwrap();
        assert!(
            rtf.contains("HYPERLINK \"HTTPS://example.test/online\""),
            "{rtf}"
        );
        assert_eq!(rtf.matches("HYPERLINK").count(), 1, "{rtf}");
        assert!(!rtf.contains("file:"), "{rtf}");
        assert!(!rtf.contains("javascript:"), "{rtf}");
        assert!(
            rtf.contains("Local") && rtf.contains("Script"),
            "the text stays: {rtf}"
        );
    }
}
