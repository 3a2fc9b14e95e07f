//! The MARCXML writer: a `<collection>` written one record at a time.

use std::io::{self, Write};

use super::{not_xml_char, MARCXML_NAMESPACE};
use crate::record::{Field, Record};

/// Streaming MARCXML writer: [`Writer::new`] writes the XML declaration and the `<collection>`
/// start tag, [`Writer::write_record`] one `<record>`, [`Writer::finish`] the end tag. Wrap a file
/// in a [`std::io::BufWriter`]; each record is written with one `write_all`.
///
/// Output is UTF-8, one element per line, indented by two spaces per level. In text and attribute
/// values `&`, `<`, `>` and `"` are escaped; a carriage return is written as `&#13;` (and tab and
/// line feed in attributes as `&#9;`, `&#10;`) so that a reader gets them back unchanged. Characters
/// that XML 1.0 cannot hold at all (C0 controls other than tab, line feed and carriage return, such
/// as stray ISO 2709 delimiters, and U+FFFE, U+FFFF) are written as U+FFFD; [`Writer::write_record`]
/// returns how many were replaced so that the caller can warn. The leader is written as the record
/// has it, with bytes that are not printable ASCII as blanks and leader/09 always `a`, since the
/// text of a MARCXML document is Unicode (the ISO 2709 reader has already decoded MARC-8 records:
/// see [`crate::Parsed::encoding`]).
///
/// A record without fields is written (a leader alone), but MARCXML readers, this one included,
/// reject it. Dropping a writer without [`Writer::finish`] leaves the collection unclosed.
pub struct Writer<W: Write> {
    inner: W,
    records: u64,
    replaced: u64,
}

impl<W: Write> Writer<W> {
    /// Starts a document: the XML declaration and `<collection xmlns="http://www.loc.gov/MARC21/slim">`.
    pub fn new(mut inner: W) -> io::Result<Writer<W>> {
        inner.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        inner.write_all(format!("<collection xmlns=\"{MARCXML_NAMESPACE}\">\n").as_bytes())?;
        Ok(Writer {
            inner,
            records: 0,
            replaced: 0,
        })
    }

    /// Writes one record; returns how many characters XML could not hold and were written as U+FFFD.
    pub fn write_record(&mut self, record: &Record) -> io::Result<usize> {
        let mut out = String::with_capacity(2048);
        let replaced = write_record_xml(&mut out, record, "  ", false);
        self.inner.write_all(out.as_bytes())?;
        self.records += 1;
        self.replaced += replaced as u64;
        Ok(replaced)
    }

    /// Records written so far.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Characters written as U+FFFD so far, over all records.
    pub fn characters_replaced(&self) -> u64 {
        self.replaced
    }

    /// Closes the collection, flushes, and gives back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(b"</collection>\n")?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

/// What [`write_collection`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteSummary {
    /// `<record>` elements written.
    pub records: u64,
    /// Characters that XML 1.0 cannot hold, written as U+FFFD.
    pub characters_replaced: u64,
}

/// Writes a whole MARCXML collection (see [`Writer`] for the details of the output).
pub fn write_collection<'a, W: Write>(
    w: W,
    records: impl IntoIterator<Item = &'a Record>,
) -> io::Result<WriteSummary> {
    let mut writer = Writer::new(w)?;
    for record in records {
        writer.write_record(record)?;
    }
    let summary = WriteSummary {
        records: writer.records_written(),
        characters_replaced: writer.characters_replaced(),
    };
    writer.finish()?;
    Ok(summary)
}

/// One record as a MARCXML `<record xmlns="http://www.loc.gov/MARC21/slim">` element, ending with a
/// line end, without an XML declaration (it is a complete UTF-8 document by itself, and can also be
/// embedded in another one). Escaping and replacement as for [`Writer`].
pub fn record_to_string(record: &Record) -> String {
    let mut out = String::with_capacity(2048);
    write_record_xml(&mut out, record, "", true);
    out
}

/// Appends one `<record>` element; returns how many characters were written as U+FFFD.
fn write_record_xml(
    out: &mut String,
    record: &Record,
    indent: &str,
    with_namespace: bool,
) -> usize {
    let mut replaced = 0;
    out.push_str(indent);
    if with_namespace {
        out.push_str(&format!("<record xmlns=\"{MARCXML_NAMESPACE}\">\n"));
    } else {
        out.push_str("<record>\n");
    }
    let mut leader = record.leader.0;
    leader[9] = b'a';
    out.push_str(indent);
    out.push_str("  <leader>");
    for b in leader {
        if b == b' ' || b.is_ascii_graphic() {
            push_escaped(out, (b as char).encode_utf8(&mut [0; 4]), false);
        } else {
            out.push(' ');
        }
    }
    out.push_str("</leader>\n");
    for field in &record.fields {
        out.push_str(indent);
        match field {
            Field::Control { tag, value } => {
                out.push_str("  <controlfield tag=\"");
                replaced += push_escaped(out, tag, true);
                out.push_str("\">");
                replaced += push_escaped(out, value, false);
                out.push_str("</controlfield>\n");
            }
            Field::Data {
                tag,
                ind1,
                ind2,
                subfields,
            } => {
                out.push_str("  <datafield tag=\"");
                replaced += push_escaped(out, tag, true);
                out.push_str("\" ind1=\"");
                replaced += push_escaped(out, ind1.encode_utf8(&mut [0; 4]), true);
                out.push_str("\" ind2=\"");
                replaced += push_escaped(out, ind2.encode_utf8(&mut [0; 4]), true);
                out.push_str("\">\n");
                for sf in subfields {
                    out.push_str(indent);
                    out.push_str("    <subfield code=\"");
                    replaced += push_escaped(out, sf.code.encode_utf8(&mut [0; 4]), true);
                    out.push_str("\">");
                    replaced += push_escaped(out, &sf.value, false);
                    out.push_str("</subfield>\n");
                }
                out.push_str(indent);
                out.push_str("  </datafield>\n");
            }
        }
    }
    out.push_str(indent);
    out.push_str("</record>\n");
    replaced
}

/// Appends `s` escaped for XML text (or an attribute value in double quotes); returns how many
/// characters were written as U+FFFD.
fn push_escaped(out: &mut String, s: &str, attribute: bool) -> usize {
    let mut replaced = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if not_xml_char(c) => {
                out.push('\u{FFFD}');
                replaced += 1;
            }
            c => out.push(c),
        }
    }
    replaced
}
