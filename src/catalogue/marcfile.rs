//! Reading MARC files whatever their form: ISO 2709 or MARCXML, plain or gzip-compressed,
//! detected by content. Used by the import, `carrel marc dump` and `carrel marc convert`.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

use carrel_marc::Reader;

use crate::error::{Error, Result};

/// A reader that counts the bytes it hands out, so progress can be told for gzip files too.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Records of one file, whatever its format.
pub enum Source {
    /// An ISO 2709 file (MARC 21 exchange format), MARC-8 or UTF-8 by leader/09.
    Iso2709(Reader<Box<dyn BufRead>>),
    /// A MARCXML file (MARC 21 XML schema), read element by element. Boxed: the XML reader's
    /// state is far larger than the ISO 2709 reader's.
    Marcxml(Box<carrel_marc::marcxml::Reader<Box<dyn BufRead>>>),
    /// A reference-manager file (BibTeX, RIS, CSL-JSON, EndNote XML), read whole and made into
    /// MARC 21 records by [`crate::intake`].
    Converted(crate::intake::Format, std::vec::IntoIter<Item>),
    /// A MarcEdit mnemonic file (`.mrk`), read line by line.
    Mrk(carrel_marc::mrk::MrkReader<Box<dyn BufRead>>),
}

impl Source {
    /// The name of the format the file was recognised as, as the import reports it ("ISO 2709",
    /// "MARCXML", "MarcEdit .mrk", "BibTeX", "RIS", "CSL-JSON", "EndNote XML").
    pub fn format_name(&self) -> &'static str {
        match self {
            Source::Iso2709(_) => "ISO 2709",
            Source::Marcxml(_) => "MARCXML",
            Source::Mrk(_) => "MarcEdit .mrk",
            Source::Converted(format, _) => match format {
                crate::intake::Format::Bibtex => "BibTeX",
                crate::intake::Format::Ris => "RIS",
                crate::intake::Format::CslJson => "CSL-JSON",
                crate::intake::Format::EndnoteXml => "EndNote XML",
            },
        }
    }
}

/// One record as it came out of a file: read, or rejected with its bytes.
pub struct Item {
    /// 1-based record number in the file.
    pub ordinal: u64,
    /// Byte offset of the record in the (uncompressed) file.
    pub offset: u64,
    /// Line of the record in a MARCXML or `.mrk` file.
    pub line: Option<u64>,
    /// The record read, or why it could not be read (with its bytes).
    pub outcome: std::result::Result<ReadRecord, Rejected>,
}

/// A record that was read (text in Unicode).
pub struct ReadRecord {
    /// The record, its text in Unicode.
    pub record: carrel_marc::Record,
    /// The ISO 2709 bytes as read (for MARCXML: the record written as UTF-8 ISO 2709).
    pub raw: Vec<u8>,
    /// The text was MARC-8 and was decoded.
    pub marc8: bool,
    /// Some characters could not be decoded (U+FFFD).
    pub undecoded: bool,
    /// What the reader repaired to read the record, one sentence each (empty when nothing).
    pub warnings: Vec<String>,
}

/// A record that could not be read, with its bytes.
pub struct Rejected {
    /// The field at fault (e.g. "245"), when one is.
    pub tag: Option<String>,
    /// What is wrong, as a sentence for the user (MARCXML: prefixed with the line and element).
    pub reason: String,
    /// The record's bytes as found in the file (MARCXML: its XML text as far as
    /// it was read), kept aside for repair.
    pub raw: Vec<u8>,
}

impl Iterator for Source {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            Source::Converted(_, items) => items.next(),
            Source::Iso2709(r) => r.next().map(|res| match res {
                Ok(p) => Item {
                    ordinal: p.position.ordinal,
                    offset: p.position.offset,
                    line: None,
                    outcome: Ok(ReadRecord {
                        marc8: p.encoding == carrel_marc::CharacterCoding::Marc8,
                        undecoded: p.undecoded,
                        record: p.record,
                        raw: p.raw,
                        warnings: p.warnings,
                    }),
                },
                Err(e) => Item {
                    ordinal: e.position.ordinal,
                    offset: e.position.offset,
                    line: None,
                    outcome: Err(Rejected {
                        tag: e.tag,
                        reason: e.reason,
                        raw: e.raw,
                    }),
                },
            }),
            // A MARCXML record is stored as the ISO 2709 (UTF-8) record it describes: the same
            // MARC content, in the form every other record is kept in.
            Source::Marcxml(r) => r.next().map(|res| match res {
                Ok(p) => Item {
                    ordinal: p.position.ordinal,
                    offset: p.position.offset,
                    line: Some(p.position.line),
                    outcome: Ok(ReadRecord {
                        raw: carrel_marc::write_iso2709(&p.record),
                        record: p.record,
                        marc8: false,
                        undecoded: false,
                        warnings: p.warnings,
                    }),
                },
                Err(e) => Item {
                    ordinal: e.position.ordinal,
                    offset: e.position.offset,
                    line: Some(e.position.line),
                    outcome: Err(Rejected {
                        tag: e.tag.clone(),
                        reason: match &e.element {
                            Some(el) => format!("line {}, <{el}>: {}", e.line, e.reason),
                            None => format!("line {}: {}", e.line, e.reason),
                        },
                        raw: e.raw.into_bytes(),
                    }),
                },
            }),
            // Like MARCXML, a .mrk record is stored as the UTF-8 ISO 2709 record it describes.
            Source::Mrk(r) => r.next().map(|res| match res {
                Ok(mut p) => {
                    if p.record.leader.0[9] != b'a' {
                        p.warnings.push(format!(
                            "leader/09 was {:?}: set to 'a', the text being Unicode now",
                            p.record.leader.0[9] as char
                        ));
                        p.record
                            .leader
                            .set_character_coding(carrel_marc::CharacterCoding::Utf8);
                    }
                    Item {
                        ordinal: p.position.ordinal,
                        offset: p.position.offset,
                        line: Some(p.position.line),
                        outcome: Ok(ReadRecord {
                            raw: carrel_marc::write_iso2709(&p.record),
                            record: p.record,
                            marc8: false,
                            undecoded: p.warnings.iter().any(|w| w.contains("U+FFFD")),
                            warnings: p.warnings,
                        }),
                    }
                }
                Err(e) => Item {
                    ordinal: e.position.ordinal,
                    offset: e.position.offset,
                    line: Some(e.position.line),
                    outcome: Err(Rejected {
                        reason: e.to_string(),
                        tag: e.tag,
                        raw: e.raw.into_bytes(),
                    }),
                },
            }),
        }
    }
}

/// Opens a MARC file for reading. Gzip is detected from the first bytes, then MARCXML (the first
/// character that is not white space or a byte-order mark is `<`) and MarcEdit's `.mrk` (the
/// first line that is not blank starts `=LDR`) from ISO 2709.
/// Returns the records, the file's size on disk, and the counter of bytes read from disk.
/// Records made from a reference-manager file get the day the file was last written as their
/// 008/00-05; an import passes its own day with [`open_marc_entered`].
pub fn open_marc(path: &Path) -> Result<(Source, u64, Rc<Cell<u64>>)> {
    open_marc_entered(path, None)
}

/// [`open_marc`], with `entered` (the day of the import, the caller's clock) as MARC 21 008/00-05
/// "date entered on file" of records made from a reference-manager file; `None`: the day the
/// file was last written.
pub fn open_marc_entered(
    path: &Path,
    entered: Option<chrono::NaiveDate>,
) -> Result<(Source, u64, Rc<Cell<u64>>)> {
    let file =
        File::open(path).map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let count = Rc::new(Cell::new(0));
    let mut buffered = BufReader::with_capacity(
        256 * 1024,
        Counting {
            inner: file,
            count: count.clone(),
        },
    );
    let head = buffered
        .fill_buf()
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let mut stream: Box<dyn BufRead> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            256 * 1024,
            flate2::bufread::MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    };
    let head = stream
        .fill_buf()
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let first = head
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xEF && **b != 0xBB && **b != 0xBF);
    // Reference-manager formats (docs/intake.md), recognised by content like the rest.
    if let Some(format) = crate::intake::sniff(head) {
        let entered = match entered {
            Some(day) => day.format("%y%m%d").to_string(),
            None => crate::intake::entered_date(path),
        };
        let items = crate::intake::file_items(format, stream, &entered)?;
        return Ok((Source::Converted(format, items.into_iter()), size, count));
    }
    let source = if first == Some(&b'<') {
        Source::Marcxml(Box::new(carrel_marc::marcxml::Reader::new(stream)))
    } else if is_mrk(head) {
        Source::Mrk(carrel_marc::mrk::MrkReader::new(stream))
    } else {
        let start = head
            .iter()
            .position(|b| !matches!(b, b'\n' | b'\r' | 0 | b' ' | 0x1D))
            .unwrap_or(head.len());
        not_marc(&head[start..]).map_or(Ok(()), |why| {
            Err(Error::InvalidInput(format!(
                "{} is not a file Carrel can import: not MARC (ISO 2709, MARCXML, .mrk), BibTeX, RIS, CSL-JSON or EndNote XML ({why}); nothing was read from it",
                path.display()
            )))
        })?;
        Source::Iso2709(Reader::new(stream))
    };
    Ok((source, size, count))
}

/// Whether a file is MarcEdit's mnemonic text: its first line that is not blank starts `=LDR`.
fn is_mrk(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    head.iter()
        .position(|b| !b.is_ascii_whitespace())
        .is_some_and(|i| head[i..].starts_with(b"=LDR"))
}

/// Why the first bytes of a file are not an ISO 2709 record, if they are clearly not: other
/// formats a technician may pick by mistake are named. A damaged leader still passes when enough
/// of it looks like one (so that the reader can repair it).
fn not_marc(head: &[u8]) -> Option<String> {
    if head.is_empty() {
        return None;
    }
    let known: [(&[u8], &str); 7] = [
        (b"\x89PNG", "it is a PNG image"),
        (b"%PDF", "it is a PDF document"),
        (b"PK\x03\x04", "it is a ZIP archive: unpack it first"),
        (b"BZh", "it is a bzip2 archive: unpack it first"),
        (b"\x1f\x8b", "it is compressed twice (gzip inside gzip)"),
        (b"TY  -", "it is a RIS file (citations), not MARC"),
        (
            b"{",
            "it looks like JSON (MARC-in-JSON is not imported yet)",
        ),
    ];
    if let Some((_, why)) = known.iter().find(|(magic, _)| head.starts_with(magic)) {
        return Some((*why).into());
    }
    let leader = &head[..head.len().min(24)];
    let digits = leader.iter().take(5).filter(|b| b.is_ascii_digit()).count();
    let fixed = leader.get(10..12) == Some(b"22") || leader.get(20..24) == Some(b"4500");
    if digits >= 4 || fixed {
        None
    } else {
        Some("it does not start with a MARC record leader (five digits of record length)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::{is_mrk, not_marc};

    #[test]
    fn mrk_is_known_by_its_first_line() {
        assert!(is_mrk(b"=LDR  00714cam"));
        assert!(is_mrk(b"\xEF\xBB\xBF\r\n\r\n=LDR  00714cam"));
        assert!(!is_mrk(b"=245  10$a"));
        assert!(!is_mrk(b"00714cam a2200205 a 4500"));
    }

    #[test]
    fn other_formats_are_named_and_damaged_leaders_still_pass() {
        assert!(not_marc(b"\x89PNG\r\n").unwrap().contains("PNG"));
        assert!(not_marc(b"Hello, this is text").unwrap().contains("leader"));
        assert_eq!(
            not_marc(b"X0150nam a2200061   4500"),
            None,
            "one bad byte in the length"
        );
        assert_eq!(not_marc(b"01025cam a2200277Ia 45\x020"), None);
    }
}
