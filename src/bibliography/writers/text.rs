//! Plain-text output: one entry per line; the title, introduction, section headings,
//! annotations and locations each on lines of their own (UTF-8, `\n` line ends).

use crate::bibliography::rendered::RenderedBibliography;

/// The bibliography as plain text. Entries are single lines (`[1] ` label first when the style
/// numbers them); an annotation follows its entry on a line indented by four spaces, and the
/// location ("Where: …") likewise.
pub fn write_text(b: &RenderedBibliography) -> String {
    let mut out = String::new();
    if !b.title.trim().is_empty() {
        out.push_str(b.title.trim());
        out.push_str("\n\n");
    }
    if let Some(intro) = b.introduction.as_deref().filter(|i| !i.trim().is_empty()) {
        for para in intro.split("\n\n") {
            out.push_str(&one_line(para));
            out.push_str("\n\n");
        }
    }
    for (n, section) in b.sections.iter().enumerate() {
        if let Some(h) = section.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            if n > 0 {
                out.push('\n');
            }
            out.push_str(&one_line(h));
            out.push_str("\n\n");
        }
        for e in &section.entries {
            if let Some(l) = &e.label {
                out.push_str(l);
                out.push(' ');
            }
            out.push_str(&one_line(&e.plain_text()));
            out.push('\n');
            if let Some(a) = e.annotation.as_deref().filter(|a| !a.trim().is_empty()) {
                out.push_str("    ");
                out.push_str(&one_line(a));
                out.push('\n');
            }
            if let Some(l) = e.location.as_deref().filter(|l| !l.trim().is_empty()) {
                out.push_str("    Where: ");
                out.push_str(&one_line(l));
                out.push('\n');
            }
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
