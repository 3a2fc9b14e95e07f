//! MARCXML, the MARC 21 XML schema ("MARC21slim", Library of Congress): streaming reader and writer.
//!
//! A MARCXML document is a `<collection>` of `<record>` elements, or a single `<record>`, in the
//! namespace [`MARCXML_NAMESPACE`]. A record holds one `<leader>`, then `<controlfield tag="…">`
//! elements with text, and `<datafield tag="…" ind1="…" ind2="…">` elements holding
//! `<subfield code="…">` elements with text.
//!
//! # Reading
//!
//! [`Reader`] pulls records one at a time from any [`BufRead`]; memory use is one record (plus the
//! XML parser's buffer), never the whole document. It accepts the MARC21slim namespace with a prefix
//! (`<marc:record>`), as the default namespace, or no namespace at all; MarcXchange (ISO 25577)
//! namespaces are taken as the same schema. Elements of other namespaces that wrap records (an
//! OAI-PMH or SRU response) are walked through, so the records inside them are found.
//!
//! What a permissive reader can repair is repaired and said in the record's warnings (a leader of
//! the wrong length, a missing indicator, a tag written without its leading zeros, a control
//! character that XML cannot hold). A record that cannot be read (a field without its tag, a
//! subfield without its code, an element that is not part of MARCXML) is returned as an
//! [`XmlRecordError`] naming the record, the line, the element and the reason, and reading goes on
//! with the next record. XML that is not well-formed ends the stream with one error saying where;
//! the records before it have been returned already.
//!
//! Text in XML is Unicode, so every record read gets leader/09 = `a` (UCS/Unicode): a leader that
//! says otherwise (often blank, left over from a MARC-8 original) is corrected with a warning.
//!
//! Only UTF-8 (and its subset US-ASCII) documents are read; a document that declares another
//! encoding is refused with one error rather than misread.
//!
//! # Writing
//!
//! [`Writer`] writes `<?xml version="1.0" encoding="UTF-8"?>`, a `<collection>` in the MARC21slim
//! namespace and one record at a time, one element per line, indented by two spaces. Leader/09 is
//! always written as `a`. See [`Writer`] for what happens to characters that XML 1.0 cannot hold.

mod reader;
#[cfg(test)]
mod tests;
mod writer;

pub use reader::{
    Reader, XmlErrorKind, XmlParsed, XmlPosition, XmlRecordError, MAX_XML_RECORD, MAX_XML_TEXT,
};
pub use writer::{record_to_string, write_collection, WriteSummary, Writer};

/// The MARC21slim namespace, `http://www.loc.gov/MARC21/slim`.
pub const MARCXML_NAMESPACE: &str = "http://www.loc.gov/MARC21/slim";

/// Characters that XML 1.0 does not allow in a document, as text or as a character reference:
/// C0 controls other than tab, line feed and carriage return, and U+FFFE, U+FFFF.
fn not_xml_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}
