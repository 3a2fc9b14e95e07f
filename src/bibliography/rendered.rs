//! A bibliography after CSL rendering and before it becomes a file: sections of entries, each
//! entry a run of styled text spans. The renderer (CSL via hayagriva) produces it; the writers
//! (HTML, RTF, DOCX, PDF, plain text) consume it, so every output says the same thing.

use crate::ids::RecordId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A whole bibliography, ready to write.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedBibliography {
    /// The bibliography's title ("Arbitration in construction contracts: holdings").
    pub title: String,
    /// The technician's introduction, plain text; paragraphs separated by a blank line.
    pub introduction: Option<String>,
    /// The CSL style's title as shown to the user ("Chicago Manual of Style 17th edition (author-date)").
    pub style: String,
    /// Entries are laid out with a hanging indent (CSL `hanging-indent="true"` on `<bibliography>`).
    pub hanging_indent: bool,
    /// Its sections, in order.
    pub sections: Vec<RenderedSection>,
}

/// One section: an optional heading and its entries, in output order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedSection {
    /// The section's heading; `None` when it has none.
    pub heading: Option<String>,
    /// Its entries in output order (the style's sort, or the user's).
    pub entries: Vec<RenderedEntry>,
}

/// One entry: the formatted reference, and what the technician added under it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenderedEntry {
    /// The catalogue record the entry was made from.
    pub record_id: RecordId,
    /// The citation-number or label when the style shows one ("[1]"), else None.
    pub label: Option<String>,
    /// The formatted reference as styled spans, in order.
    pub spans: Vec<Span>,
    /// The technician's note (or the record's MARC 21 520 summary), plain text.
    pub annotation: Option<String>,
    /// "Where to find it": call number and location ("KF 9085 .A7 2019 — Main"), when asked for.
    pub location: Option<String>,
}

/// A run of text with one style.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Span {
    /// The text, plain Unicode (no markup).
    pub text: String,
    /// Set in italics (CSL `font-style="italic"`).
    #[serde(default)]
    pub italic: bool,
    /// Set in bold (CSL `font-weight="bold"`).
    #[serde(default)]
    pub bold: bool,
    /// Set in small capitals (CSL `font-variant="small-caps"`).
    #[serde(default)]
    pub small_caps: bool,
    /// Raised as a superscript (CSL `vertical-align="sup"`).
    #[serde(default)]
    pub superscript: bool,
    /// A URL or DOI link the text stands for.
    #[serde(default)]
    pub link: Option<String>,
}

impl RenderedEntry {
    /// The reference as plain text (spans joined, no styling).
    pub fn plain_text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}
