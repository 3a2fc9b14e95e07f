//! HTML output: one self-contained, printable page (inline CSS, no scripts, no external
//! resources). Every piece of record or user text is escaped (`&`, `<`, `>`, `"`, `'`).

use crate::bibliography::rendered::{RenderedBibliography, Span};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn span_html(s: &Span) -> String {
    let mut t = escape(&s.text);
    if s.small_caps {
        t = format!("<span style=\"font-variant:small-caps\">{t}</span>");
    }
    if s.italic {
        t = format!("<i>{t}</i>");
    }
    if s.bold {
        t = format!("<b>{t}</b>");
    }
    if s.superscript {
        t = format!("<sup>{t}</sup>");
    }
    if let Some(link) = s
        .link
        .as_deref()
        .filter(|l| l.starts_with("http://") || l.starts_with("https://"))
    {
        t = format!("<a href=\"{}\">{t}</a>", escape(link));
    }
    t
}

/// The bibliography as a complete HTML document (UTF-8).
pub fn write_html(b: &RenderedBibliography) -> String {
    let title = if b.title.trim().is_empty() {
        "Bibliography"
    } else {
        b.title.trim()
    };
    let indent = if b.hanging_indent {
        "padding-left:2em;text-indent:-2em;"
    } else {
        ""
    };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(&format!(
        "<style>\nbody{{font-family:Georgia,'Times New Roman',serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.45;color:#111}}\n\
         h1{{font-size:1.5em}} h2{{font-size:1.15em;margin-top:1.6em}}\n\
         .entry{{margin:0 0 .7em 0;{indent}}}\n.label{{display:inline-block;min-width:2.2em}}\n\
         .annotation,.location{{margin:.2em 0 0 2em;text-indent:0;font-size:.95em}}\n.location{{color:#333}}\n\
         .style{{color:#444;font-size:.9em}}\n@media print{{body{{margin:0;max-width:none}} a{{color:inherit;text-decoration:none}}}}\n</style>\n"
    ));
    out.push_str("</head>\n<body>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    if let Some(intro) = b.introduction.as_deref().filter(|i| !i.trim().is_empty()) {
        for para in intro.split("\n\n").filter(|p| !p.trim().is_empty()) {
            out.push_str(&format!("<p>{}</p>\n", escape(para.trim())));
        }
    }
    if !b.style.is_empty() {
        out.push_str(&format!(
            "<p class=\"style\">Style: {}</p>\n",
            escape(&b.style)
        ));
    }
    for section in &b.sections {
        out.push_str("<section>\n");
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            out.push_str(&format!("<h2>{}</h2>\n", escape(h.trim())));
        }
        for e in &section.entries {
            out.push_str("<div class=\"entry\">");
            if let Some(l) = &e.label {
                out.push_str(&format!("<span class=\"label\">{}</span> ", escape(l)));
            }
            for s in &e.spans {
                out.push_str(&span_html(s));
            }
            if let Some(a) = e.annotation.as_deref().filter(|a| !a.trim().is_empty()) {
                out.push_str(&format!(
                    "<div class=\"annotation\">{}</div>",
                    escape(a.trim())
                ));
            }
            if let Some(l) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
                out.push_str(&format!(
                    "<div class=\"location\">Where: {}</div>",
                    escape(l.trim())
                ));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
