//! The MARCXML reader: records pulled one at a time from a byte stream (see the module
//! documentation of [`super`] for what it accepts and repairs).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use quick_xml::XmlVersion;

use super::{not_xml_char, MARCXML_NAMESPACE};
use crate::record::{is_control_tag, Field, Leader, Record, Subfield};

/// MarcXchange (ISO 25577) namespaces: the same elements and attributes as MARCXML.
const MARCXCHANGE_NAMESPACES: [&str; 2] = [
    "info:lc/xmlns/marcxchange-v1",
    "info:lc/xmlns/marcxchange-v2",
];

/// The element names of the MARC21slim schema.
const MARC_ELEMENTS: [&str; 6] = [
    "collection",
    "record",
    "leader",
    "controlfield",
    "datafield",
    "subfield",
];

/// Values of the record's optional `type` attribute in the MARC21slim schema.
const RECORD_TYPES: [&str; 5] = [
    "Bibliographic",
    "Authority",
    "Holdings",
    "Classification",
    "Community",
];

// ------------------------------------------------------------------------------------------------
// Public reading types
// ------------------------------------------------------------------------------------------------

/// Where a record (or a fault outside any record) stands in its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XmlPosition {
    /// 1-based number of the record in the document, counting rejected records too. For a fault
    /// outside any record, the number the next record would get.
    pub ordinal: u64,
    /// 1-based line where the `<record>` start tag begins (for a fault outside any record: where
    /// the fault is).
    pub line: u64,
    /// Byte offset of that point from the start of the input (a UTF-8 byte-order mark counts).
    pub offset: u64,
}

/// A record read from a MARCXML document.
#[derive(Clone, Debug)]
pub struct XmlParsed {
    /// The record, its leader/09 `a` (UCS/Unicode): the text of a MARCXML document is Unicode.
    pub record: Record,
    /// Where the record's `<record>` element starts in the document.
    pub position: XmlPosition,
    /// What was repaired or guessed while reading, each starting with the line it concerns
    /// (empty for a clean record).
    pub warnings: Vec<String>,
}

/// What kind of fault an [`XmlRecordError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlErrorKind {
    /// The record could not be read (the XML is well-formed); reading goes on with the next one.
    BadRecord,
    /// A MARC element (`leader`, `controlfield`, `datafield`, `subfield`) outside any `<record>`;
    /// it is skipped and reading goes on.
    OutsideRecord,
    /// The document holds no MARCXML record: its root element is something else. Ends the stream.
    NotMarcXml,
    /// The XML is not well-formed (or is truncated). Ends the stream.
    NotWellFormed,
    /// The document is in an encoding other than UTF-8. Ends the stream.
    UnsupportedEncoding,
    /// The underlying reader failed. Ends the stream.
    Io,
}

/// A record (or a document) that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlRecordError {
    /// What kind of fault: whether reading goes on after it.
    pub kind: XmlErrorKind,
    /// The record at fault (its start), or the place of the fault when it is outside any record.
    pub position: XmlPosition,
    /// 1-based line of the fault itself.
    pub line: u64,
    /// The element at fault, as written in the document (`datafield`, `marc:subfield`, …).
    pub element: Option<String>,
    /// The tag of the field at fault, when one field is to blame.
    pub tag: Option<String>,
    /// Why, in words for the person importing (`"subfield without a code"`).
    pub reason: String,
    /// The XML text of the rejected record as far as it was read (empty for faults outside a
    /// record), kept so that nothing is lost.
    pub raw: String,
}

impl XmlRecordError {
    /// Whether the stream ends with this error (the document cannot be read further).
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self.kind,
            XmlErrorKind::BadRecord | XmlErrorKind::OutsideRecord
        )
    }
}

impl fmt::Display for XmlRecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            XmlErrorKind::BadRecord => {
                write!(
                    f,
                    "record {} (line {})",
                    self.position.ordinal, self.position.line
                )?;
                if self.line != self.position.line {
                    write!(f, ", line {}", self.line)?;
                }
            }
            _ if self.raw.is_empty() => write!(f, "line {}", self.line)?,
            _ => write!(
                f,
                "line {} (in record {} from line {})",
                self.line, self.position.ordinal, self.position.line
            )?,
        }
        if let Some(element) = &self.element {
            write!(f, ", <{element}>")?;
        }
        if let Some(tag) = &self.tag {
            write!(f, " field {tag}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for XmlRecordError {}

// ------------------------------------------------------------------------------------------------
// Byte counting under the XML parser
// ------------------------------------------------------------------------------------------------

/// How many recent line ends are remembered to turn a parser error offset back into a line.
const RECENT_NEWLINES: usize = 4096;

/// Bytes pulled from the input at a time.
const CHUNK: usize = 16 * 1024;

/// The longest run of text (bytes between two markup characters `<` or `>`) handed to the
/// parser: 1 MiB, the bound of the ISO 2709 reader ([`crate::iso2709::MAX_READ`]), ten times
/// what one ISO 2709 record may hold in all. The rest of a longer run is dropped unread (memory
/// stays bounded whatever the input, e.g. a gzip that unpacks to one 64 MiB subfield), and the
/// record holding it is rejected.
pub const MAX_XML_TEXT: usize = 1 << 20;

/// The most XML text one `<record>` may take, 4 MiB: far beyond any MARC record (ISO 2709 holds
/// at most 99,999 bytes, a few times that as XML). A longer record is rejected, what was read of it
/// is let go, and reading goes on at the next record; its kept text ([`XmlRecordError::raw`])
/// is cut at this size.
pub const MAX_XML_RECORD: usize = 4 << 20;

/// What a byte that is not UTF-8 is replaced with before the parser sees it: SUB (1A hex), a
/// control character that the record reader then turns into U+FFFD with a warning. One byte for
/// one byte, so that offsets and lines stay those of the input.
const NOT_UTF8: u8 = 0x1A;

/// Sits between the input and the XML parser: counts bytes and lines as the parser consumes them,
/// keeps the bytes of the record being read (for [`XmlRecordError::raw`]), and replaces bytes that
/// are not UTF-8 by [`NOT_UTF8`] (the parser would otherwise stop at the first one, losing every
/// record after it; a Latin-1 byte in a "UTF-8" export is a common fault).
struct Tracked<R> {
    inner: R,
    /// Checked bytes `pos..ready` are handed to the parser; `ready..` is the start of a UTF-8
    /// sequence cut by the end of a chunk, waiting for the rest.
    buf: Vec<u8>,
    pos: usize,
    ready: usize,
    eof: bool,
    offset: u64,
    newlines: u64,
    recent: VecDeque<u64>,
    capture: Vec<u8>,
    /// Bytes of text since the last `<` or `>` handed to the parser.
    run: usize,
    /// Dropping a text run longer than [`MAX_XML_TEXT`] up to the next `<`.
    skipping: bool,
    /// The line where a text run was cut, until the reader takes it.
    cut: Option<u64>,
}

impl<R: BufRead> Tracked<R> {
    fn new(inner: R) -> Self {
        Tracked {
            inner,
            buf: Vec::new(),
            pos: 0,
            ready: 0,
            eof: false,
            offset: 0,
            newlines: 0,
            recent: VecDeque::new(),
            capture: Vec::new(),
            run: 0,
            skipping: false,
            cut: None,
        }
    }

    /// Counts a line end at `offset` (dropped or handed on).
    fn newline_at(&mut self, offset: u64) {
        self.newlines += 1;
        if self.recent.len() == RECENT_NEWLINES {
            self.recent.pop_front();
        }
        self.recent.push_back(offset);
    }

    /// 1-based line of a byte offset at or a little before the current one.
    fn line_at(&self, offset: u64) -> u64 {
        let after = self
            .recent
            .iter()
            .rev()
            .take_while(|&&nl| nl >= offset)
            .count() as u64;
        1 + self.newlines - after
    }

    fn line(&self) -> u64 {
        1 + self.newlines
    }

    /// Replaces invalid UTF-8 in `buf` from the start; returns how far it is complete (a sequence
    /// cut at the end is left for the next chunk).
    fn check_utf8(&mut self) -> usize {
        let mut start = 0;
        loop {
            match std::str::from_utf8(&self.buf[start..]) {
                Ok(_) => return self.buf.len(),
                Err(e) => {
                    let bad = start + e.valid_up_to();
                    match e.error_len() {
                        Some(n) => {
                            self.buf[bad..bad + n].fill(NOT_UTF8);
                            start = bad + n;
                        }
                        None => return bad,
                    }
                }
            }
        }
    }
}

impl<R: BufRead> io::Read for Tracked<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = {
            let available = self.fill_buf()?;
            let n = available.len().min(out.len());
            out[..n].copy_from_slice(&available[..n]);
            n
        };
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.ready {
            self.buf.drain(..self.ready);
            self.pos = 0;
            self.ready = 0;
            if self.eof {
                // A sequence cut by the end of the input is not UTF-8 either.
                self.buf.fill(NOT_UTF8);
                self.ready = self.buf.len();
                if self.ready == 0 {
                    break;
                }
                continue;
            }
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                self.eof = true;
                continue;
            }
            if self.skipping {
                // Everything handed on before has been consumed (pos == ready), so the dropped
                // bytes are counted in place: offsets and lines stay those of the input.
                let n = chunk.iter().position(|&b| b == b'<').unwrap_or(chunk.len());
                let found = n < chunk.len();
                let lines: Vec<u64> = chunk[..n]
                    .iter()
                    .enumerate()
                    .filter(|(_, &b)| b == b'\n')
                    .map(|(i, _)| self.offset + i as u64)
                    .collect();
                self.inner.consume(n);
                for at in lines {
                    self.newline_at(at);
                }
                self.offset += n as u64;
                if found {
                    self.skipping = false;
                    self.run = 0;
                }
                continue;
            }
            let mut take = chunk.len().min(CHUNK);
            for (i, &b) in chunk[..take].iter().enumerate() {
                if b == b'<' || b == b'>' {
                    self.run = 0;
                } else {
                    self.run += 1;
                    if self.run > MAX_XML_TEXT {
                        let before = chunk[..i].iter().filter(|&&b| b == b'\n').count() as u64;
                        self.cut = Some(1 + self.newlines + before);
                        self.skipping = true;
                        take = i;
                        break;
                    }
                }
            }
            self.buf.extend_from_slice(&chunk[..take]);
            self.inner.consume(take);
            self.ready = self.check_utf8();
        }
        Ok(&self.buf[self.pos..self.ready])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.ready - self.pos);
        let keep = amt.min(MAX_XML_RECORD.saturating_sub(self.capture.len()));
        self.capture
            .extend_from_slice(&self.buf[self.pos..self.pos + keep]);
        for i in 0..amt {
            if self.buf[self.pos + i] == b'\n' {
                self.newline_at(self.offset + i as u64);
            }
        }
        self.pos += amt;
        self.offset += amt as u64;
    }
}

// ------------------------------------------------------------------------------------------------
// The reader
// ------------------------------------------------------------------------------------------------

/// Streaming MARCXML reader over any [`BufRead`]; memory use is one record at a time.
///
/// Yields `Ok(XmlParsed)` per readable record and `Err(XmlRecordError)` per unreadable one (see
/// [`XmlErrorKind`]); after an error for which [`XmlRecordError::is_fatal`] holds, the iteration
/// ends.
pub struct Reader<R: BufRead> {
    xml: NsReader<Tracked<R>>,
    buf: Vec<u8>,
    state: State,
    started: bool,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `inner` (wrap a file in a [`std::io::BufReader`]); nothing is read until the
    /// first record is asked for.
    pub fn new(inner: R) -> Self {
        let tracked = Tracked::new(inner);
        let mut xml = NsReader::from_reader(tracked);
        let config = xml.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = false;
        config.check_end_names = true;
        // A bare `&` (as in "Smith & Sons") is a well-formedness error, but a common one in exported
        // records: keep it as text and warn instead of losing the rest of the file.
        config.allow_dangling_amp = true;
        Reader {
            xml,
            buf: Vec::new(),
            state: State {
                version: XmlVersion::Implicit1_0,
                ordinal: 0,
                depth: 0,
                root: None,
                skip_outside: None,
                record: None,
            },
            started: false,
            done: false,
        }
    }

    /// Bytes consumed so far (for progress reporting).
    pub fn bytes_read(&self) -> u64 {
        self.xml.get_ref().offset
    }

    /// Rejects the open record when a text in it was cut at [`MAX_XML_TEXT`] or it has grown past
    /// [`MAX_XML_RECORD`], and lets go of what was read of it; the parser reads on to its end.
    fn bound_record(&mut self) {
        let t = self.xml.get_mut();
        let cut = t.cut.take();
        let (offset, line) = (t.offset, t.line());
        let Some(rec) = self.state.record.as_mut() else {
            return;
        };
        if let Some(line) = cut {
            rec.give_up(
                line,
                format!(
                    "a text of more than {MAX_XML_TEXT} bytes (1 MiB) without markup, longer than \
                     any MARC field: the record was not read (the rest of that text was skipped)"
                ),
            );
        } else if !rec.discard && offset.saturating_sub(rec.position.offset) > MAX_XML_RECORD as u64
        {
            rec.give_up(
                line,
                format!(
                    "the record is longer than {MAX_XML_RECORD} bytes (4 MiB) of XML, more than any \
                     MARC record: it was not read"
                ),
            );
        }
    }

    /// Refuses UTF-16 (recognised by its byte-order mark) before the parser sees it.
    fn check_start(&mut self) -> Option<XmlRecordError> {
        let head = match self.xml.get_mut().inner.fill_buf() {
            Ok(head) => head,
            Err(e) => return Some(self.fatal(XmlErrorKind::Io, 1, 0, format!("read error: {e}"))),
        };
        if head.starts_with(&[0xFE, 0xFF]) || head.starts_with(&[0xFF, 0xFE]) {
            let reason =
                "the document is UTF-16; only UTF-8 MARCXML is read (convert it to UTF-8 first)";
            return Some(self.fatal(XmlErrorKind::UnsupportedEncoding, 1, 0, reason.to_string()));
        }
        None
    }

    /// An error that ends the stream; names the record being read, if any.
    fn fatal(
        &mut self,
        kind: XmlErrorKind,
        line: u64,
        offset: u64,
        reason: String,
    ) -> XmlRecordError {
        self.done = true;
        let (position, raw) = match self.state.record.take() {
            Some(rec) => {
                let raw = String::from_utf8_lossy(&self.xml.get_ref().capture).into_owned();
                (rec.position, raw)
            }
            None => (
                XmlPosition {
                    ordinal: self.state.ordinal + 1,
                    line,
                    offset,
                },
                String::new(),
            ),
        };
        XmlRecordError {
            kind,
            position,
            line,
            element: None,
            tag: None,
            reason,
            raw,
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<XmlParsed, XmlRecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            if let Some(err) = self.check_start() {
                return Some(Err(err));
            }
        }
        loop {
            if self.state.record.is_none() {
                self.xml.get_mut().capture.clear();
            }
            let here = {
                let t = self.xml.get_ref();
                Here {
                    line: t.line(),
                    offset: t.offset,
                }
            };
            let parser_before = self.xml.buffer_position();
            self.buf.clear();
            let step = match self.xml.read_resolved_event_into(&mut self.buf) {
                Ok((ns, event)) => {
                    let ns = Ns::classify(ns);
                    let step = self.state.handle(ns, event, here);
                    self.bound_record();
                    step
                }
                Err(err) => {
                    let fault_offset =
                        here.offset + self.xml.error_position().saturating_sub(parser_before);
                    let line = self.xml.get_ref().line_at(fault_offset);
                    match err {
                        quick_xml::Error::Io(e) => {
                            return Some(Err(self.fatal(
                                XmlErrorKind::Io,
                                line,
                                fault_offset,
                                format!("read error: {e}"),
                            )));
                        }
                        other => {
                            let reason = format!("the XML is not well-formed: {other}");
                            return Some(Err(self.fatal(
                                XmlErrorKind::NotWellFormed,
                                line,
                                fault_offset,
                                reason,
                            )));
                        }
                    }
                }
            };
            match step {
                Step::Continue => {}
                Step::Yield(item) => return Some(item),
                Step::RecordEnd => {
                    let rec = self.state.record.take().expect("a record was open");
                    let raw = std::mem::take(&mut self.xml.get_mut().capture);
                    return Some(rec.finish(raw));
                }
                Step::Fatal(kind, reason) => {
                    return Some(Err(self.fatal(kind, here.line, here.offset, reason)));
                }
                Step::Eof => {
                    if let Some(ordinal) = self.state.record.as_ref().map(|r| r.position.ordinal) {
                        let reason =
                            format!("the document ends inside record {ordinal} (truncated?)");
                        return Some(Err(self.fatal(
                            XmlErrorKind::NotWellFormed,
                            here.line,
                            here.offset,
                            reason,
                        )));
                    }
                    self.done = true;
                    return self.state.at_eof(here).map(Err);
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Here {
    line: u64,
    offset: u64,
}

/// What the parser said about an element's namespace, owned.
enum Ns {
    /// MARC21slim (or MarcXchange).
    Marc,
    /// No namespace.
    None,
    /// A prefix that no `xmlns:` declares (taken as MARC when the name fits).
    Undeclared(String),
    /// Any other namespace.
    Other(String),
}

impl Ns {
    fn classify(ns: ResolveResult<'_>) -> Ns {
        match ns {
            ResolveResult::Unbound => Ns::None,
            ResolveResult::Unknown(prefix) => Ns::Undeclared(prefix),
            ResolveResult::Bound(ns) => {
                let uri = ns.as_ref();
                if uri == MARCXML_NAMESPACE || MARCXCHANGE_NAMESPACES.contains(&uri) {
                    Ns::Marc
                } else if uri.is_empty() {
                    Ns::None
                } else {
                    Ns::Other(uri.to_string())
                }
            }
        }
    }

    fn is_marc(&self) -> bool {
        !matches!(self, Ns::Other(_))
    }
}

enum Step {
    Continue,
    Yield(Result<XmlParsed, XmlRecordError>),
    RecordEnd,
    Fatal(XmlErrorKind, String),
    Eof,
}

/// The document-level state (everything but the parser and its buffer).
struct State {
    version: XmlVersion,
    ordinal: u64,
    /// Open elements in the document.
    depth: usize,
    /// The root element as written, and whether it is a MARC `collection` or `record`.
    root: Option<(String, Option<String>, bool)>,
    /// Depth at which a stray element outside any record started; its content is skipped.
    skip_outside: Option<usize>,
    record: Option<RecordState>,
}

impl State {
    fn handle(&mut self, ns: Ns, event: Event<'_>, here: Here) -> Step {
        match event {
            Event::Start(e) => self.open(ns, &e, here, false),
            Event::Empty(e) => self.open(ns, &e, here, true),
            Event::End(e) => {
                let name = e.name().as_ref().to_string();
                self.close(&name, here)
            }
            Event::Text(t) => {
                let text = t.xml_content(self.version);
                if let Some(rec) = self.record.as_mut() {
                    if text.contains('&') {
                        rec.warn(
                            here.line,
                            "a bare '&' (not written as &amp;) was kept as text".to_string(),
                        );
                    }
                    rec.text(&text, here);
                }
                Step::Continue
            }
            Event::CData(t) => {
                let text = t.xml_content(self.version);
                if let Some(rec) = self.record.as_mut() {
                    rec.text(&text, here);
                }
                Step::Continue
            }
            Event::GeneralRef(r) => {
                if let Some(rec) = self.record.as_mut() {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                            Some(s) => s.to_string(),
                            None => {
                                let raw = format!("&{};", &*r);
                                rec.warn(
                                    here.line,
                                    format!("unknown entity {raw} kept as written"),
                                );
                                raw
                            }
                        },
                        Err(_) => {
                            rec.warn(
                                here.line,
                                format!(
                                    "character reference &{}; is not a character; U+FFFD used",
                                    &*r
                                ),
                            );
                            '\u{FFFD}'.to_string()
                        }
                    };
                    rec.text(&text, here);
                }
                Step::Continue
            }
            Event::Decl(d) => {
                if let Ok(version) = d.xml_version() {
                    self.version = version;
                }
                if let Some(Ok(enc)) = d.encoding() {
                    let e = enc.to_ascii_lowercase();
                    if !matches!(e.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                        let reason = format!(
                            "the document declares encoding {enc:?}; only UTF-8 MARCXML is read (convert it to UTF-8 first)"
                        );
                        return Step::Fatal(XmlErrorKind::UnsupportedEncoding, reason);
                    }
                }
                Step::Continue
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => Step::Continue,
            Event::Eof => Step::Eof,
        }
    }

    fn open(&mut self, ns: Ns, e: &BytesStart<'_>, here: Here, empty: bool) -> Step {
        let qname = e.name().as_ref().to_string();
        let local = e.local_name().as_ref().to_string();
        if self.depth == 0 && self.root.is_none() {
            let uri = match &ns {
                Ns::Other(uri) => Some(uri.clone()),
                _ => None,
            };
            let marc = ns.is_marc() && matches!(local.as_str(), "collection" | "record");
            self.root = Some((qname.clone(), uri, marc));
        }
        if !empty {
            self.depth += 1;
        }
        if let Some(rec) = self.record.as_mut() {
            rec.open(&ns, e, &qname, &local, here, self.version);
            if empty {
                rec.close(here);
            }
            return Step::Continue;
        }
        if self.skip_outside.is_some() {
            return Step::Continue;
        }
        if ns.is_marc() && local == "record" {
            self.ordinal += 1;
            let position = XmlPosition {
                ordinal: self.ordinal,
                line: here.line,
                offset: here.offset,
            };
            let mut rec = RecordState::new(position, self.depth);
            if let Ns::Undeclared(prefix) = &ns {
                rec.warn_undeclared(here.line, prefix);
            }
            match attributes(e, self.version) {
                Ok(attrs) => {
                    if let Some(t) = attrs.kind.filter(|t| !RECORD_TYPES.contains(&t.as_str())) {
                        rec.warn(
                            here.line,
                            format!("record type {t:?} is not one of the MARCXML types; ignored"),
                        );
                    }
                }
                Err(reason) => rec.fault(here.line, Some(&qname), None, reason),
            }
            self.record = Some(rec);
            if empty {
                return Step::RecordEnd;
            }
            return Step::Continue;
        }
        if ns.is_marc()
            && matches!(
                local.as_str(),
                "leader" | "controlfield" | "datafield" | "subfield"
            )
        {
            if !empty {
                self.skip_outside = Some(self.depth);
            }
            let tag = attributes(e, self.version).ok().and_then(|a| a.tag);
            return Step::Yield(Err(XmlRecordError {
                kind: XmlErrorKind::OutsideRecord,
                position: XmlPosition {
                    ordinal: self.ordinal + 1,
                    line: here.line,
                    offset: here.offset,
                },
                line: here.line,
                element: Some(qname),
                tag,
                reason: "MARC element outside any <record>; skipped".to_string(),
                raw: String::new(),
            }));
        }
        Step::Continue
    }

    fn close(&mut self, _name: &str, here: Here) -> Step {
        let depth = self.depth;
        self.depth = self.depth.saturating_sub(1);
        if let Some(rec) = self.record.as_mut() {
            if depth == rec.depth {
                return Step::RecordEnd;
            }
            rec.close(here);
            return Step::Continue;
        }
        if self.skip_outside == Some(depth) {
            self.skip_outside = None;
        }
        Step::Continue
    }

    /// The end of a document outside any record.
    fn at_eof(&mut self, here: Here) -> Option<XmlRecordError> {
        let error = |kind, position: XmlPosition, reason: String| XmlRecordError {
            kind,
            position,
            line: here.line,
            element: None,
            tag: None,
            reason,
            raw: String::new(),
        };
        let next = XmlPosition {
            ordinal: self.ordinal + 1,
            line: here.line,
            offset: here.offset,
        };
        if self.depth > 0 {
            let root = self.root.as_ref().map(|r| r.0.as_str()).unwrap_or("?");
            let reason = format!(
                "the document ends before its root element <{root}> is closed (truncated?)"
            );
            return Some(error(XmlErrorKind::NotWellFormed, next, reason));
        }
        match &self.root {
            None => Some(error(
                XmlErrorKind::NotWellFormed,
                next,
                "the document has no root element (empty document?)".to_string(),
            )),
            Some((name, uri, false)) if self.ordinal == 0 => {
                let ns = uri
                    .as_ref()
                    .map(|u| format!(" in namespace {u}"))
                    .unwrap_or_default();
                let reason = format!("no MARCXML record found: the root element is <{name}>{ns}");
                Some(error(XmlErrorKind::NotMarcXml, next, reason))
            }
            _ => None,
        }
    }
}

/// The attributes MARCXML uses, read from a start tag (unprefixed names only, as the schema has them).
#[derive(Default)]
struct Attrs {
    tag: Option<String>,
    ind1: Option<String>,
    ind2: Option<String>,
    code: Option<String>,
    kind: Option<String>,
    /// `ind3` … `ind9` (formats with more than two indicators, such as danMARC2).
    more_indicators: Vec<String>,
}

fn attributes(e: &BytesStart<'_>, version: XmlVersion) -> Result<Attrs, String> {
    let mut attrs = Attrs::default();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| format!("bad attribute: {err}"))?;
        if attr.key.prefix().is_some() {
            continue;
        }
        let name = attr.key.local_name();
        let slot = match name.as_ref() {
            "tag" => &mut attrs.tag,
            "ind1" => &mut attrs.ind1,
            "ind2" => &mut attrs.ind2,
            "code" => &mut attrs.code,
            "type" => &mut attrs.kind,
            other
                if other.len() == 4
                    && other.starts_with("ind")
                    && other.as_bytes()[3].is_ascii_digit() =>
            {
                attrs.more_indicators.push(other.to_string());
                continue;
            }
            _ => continue,
        };
        let value = attr
            .normalized_value(version)
            .map_err(|err| format!("attribute {}: {err}", name.as_ref()))?;
        *slot = Some(value.into_owned());
    }
    Ok(attrs)
}

/// What an open element inside a record is.
enum Frame {
    Leader,
    /// A control field; `None` when its tag was bad (the record is rejected).
    Control(Option<String>),
    Data,
    /// A subfield; `None` when its code was bad (the record is rejected).
    Subfield(Option<char>),
    /// Content that is skipped (foreign or unexpected elements).
    Skip,
}

struct Fault {
    line: u64,
    element: Option<String>,
    tag: Option<String>,
    reason: String,
}

/// A data field being read.
struct OpenData {
    /// `None` when the tag was bad (the record is rejected).
    tag: Option<String>,
    ind1: char,
    ind2: char,
    subfields: Vec<Subfield>,
}

struct RecordState {
    position: XmlPosition,
    /// Document depth of the `<record>` element.
    depth: usize,
    stack: Vec<Frame>,
    leader: Option<Leader>,
    fields: Vec<Field>,
    data: Option<OpenData>,
    text: String,
    warnings: Vec<String>,
    fault: Option<Fault>,
    more_faults: usize,
    /// Tag of the field being read, for messages.
    current_tag: Option<String>,
    /// The record has its warning about an undeclared namespace prefix.
    undeclared_warned: bool,
    /// The record is too large ([`MAX_XML_RECORD`], [`MAX_XML_TEXT`]): it is rejected and what
    /// is read of it is not kept.
    discard: bool,
}

impl RecordState {
    fn new(position: XmlPosition, depth: usize) -> RecordState {
        RecordState {
            position,
            depth,
            stack: Vec::new(),
            leader: None,
            fields: Vec::new(),
            data: None,
            text: String::new(),
            warnings: Vec::new(),
            fault: None,
            more_faults: 0,
            current_tag: None,
            undeclared_warned: false,
            discard: false,
        }
    }

    /// Rejects the record for its size and lets go of what was read of it.
    fn give_up(&mut self, line: u64, reason: String) {
        self.fault(line, None, None, reason);
        self.discard = true;
        self.fields = Vec::new();
        self.text = String::new();
        if let Some(data) = self.data.as_mut() {
            data.subfields = Vec::new();
        }
    }

    fn warn(&mut self, line: u64, message: String) {
        self.warnings.push(format!("line {line}: {message}"));
    }

    /// Warns, once per record, that a namespace prefix is not declared.
    fn warn_undeclared(&mut self, line: u64, prefix: &str) {
        if !self.undeclared_warned {
            self.undeclared_warned = true;
            self.warn(
                line,
                format!("namespace prefix {prefix:?} is not declared; taken as MARC21slim"),
            );
        }
    }

    /// Records why the record is rejected (the first fault is reported, later ones are counted).
    fn fault(&mut self, line: u64, element: Option<&str>, tag: Option<&str>, reason: String) {
        if self.fault.is_some() {
            self.more_faults += 1;
            return;
        }
        self.fault = Some(Fault {
            line,
            element: element.map(str::to_string),
            tag: tag.map(str::to_string).or_else(|| self.current_tag.clone()),
            reason,
        });
    }

    fn open(
        &mut self,
        ns: &Ns,
        e: &BytesStart<'_>,
        qname: &str,
        local: &str,
        here: Here,
        version: XmlVersion,
    ) {
        let line = here.line;
        let parent_skips = matches!(self.stack.last(), Some(Frame::Skip));
        if parent_skips {
            self.stack.push(Frame::Skip);
            return;
        }
        if !ns.is_marc() {
            let where_ = self.here_name();
            self.warn(
                line,
                format!("element <{qname}> of another namespace in {where_} skipped"),
            );
            self.stack.push(Frame::Skip);
            return;
        }
        if let Ns::Undeclared(prefix) = ns {
            if self.stack.is_empty() {
                self.warn_undeclared(line, prefix);
            }
        }
        let frame = match (self.stack.last(), local) {
            (None, "leader") => {
                self.text.clear();
                Frame::Leader
            }
            (None, "controlfield") => {
                self.text.clear();
                let tag = self.field_tag(e, qname, line, version, true);
                self.current_tag = tag.clone();
                Frame::Control(tag)
            }
            (None, "datafield") => {
                let (tag, ind1, ind2) = match attributes(e, version) {
                    Ok(attrs) => {
                        let tag = self.check_tag(attrs.tag, qname, line, false);
                        self.current_tag = tag.clone();
                        let ind1 = self.indicator(attrs.ind1, "ind1", line);
                        let ind2 = self.indicator(attrs.ind2, "ind2", line);
                        for name in attrs.more_indicators {
                            let field = self.here_field();
                            self.warn(
                                line,
                                format!(
                                    "{field} has {name}; dropped (a record holds two indicators)"
                                ),
                            );
                        }
                        (tag, ind1, ind2)
                    }
                    Err(reason) => {
                        self.fault(line, Some(qname), None, reason);
                        (None, ' ', ' ')
                    }
                };
                self.data = Some(OpenData {
                    tag,
                    ind1,
                    ind2,
                    subfields: Vec::new(),
                });
                Frame::Data
            }
            (Some(Frame::Data), "subfield") => {
                self.text.clear();
                let code = match attributes(e, version) {
                    Ok(attrs) => self.subfield_code(attrs.code, qname, line),
                    Err(reason) => {
                        self.fault(line, Some(qname), None, reason);
                        None
                    }
                };
                Frame::Subfield(code)
            }
            // Elements that are no part of MARCXML directly in the record (as the OAI-PMH
            // `<identifier>` and `<datestamp>` some exports leave there) hold no field: skipped.
            (None, _) if !MARC_ELEMENTS.contains(&local) => {
                self.warn(line, format!("<{qname}> is not a MARCXML element; skipped"));
                Frame::Skip
            }
            // A MARC element out of place, or anything else inside a field, would lose data.
            _ => {
                let where_ = self.here_name();
                self.fault(
                    line,
                    Some(qname),
                    None,
                    format!("<{qname}> is not allowed in {where_}"),
                );
                Frame::Skip
            }
        };
        self.stack.push(frame);
    }

    /// Names the element being read, for messages.
    fn here_name(&self) -> String {
        match self.stack.last() {
            None => "the record".to_string(),
            Some(Frame::Leader) => "the leader".to_string(),
            Some(Frame::Control(_)) | Some(Frame::Data) => match &self.current_tag {
                Some(tag) => format!("field {tag}"),
                None => "a field".to_string(),
            },
            Some(Frame::Subfield(_)) => "a subfield".to_string(),
            Some(Frame::Skip) => "a skipped element".to_string(),
        }
    }

    fn field_tag(
        &mut self,
        e: &BytesStart<'_>,
        qname: &str,
        line: u64,
        version: XmlVersion,
        control: bool,
    ) -> Option<String> {
        match attributes(e, version) {
            Ok(attrs) => self.check_tag(attrs.tag, qname, line, control),
            Err(reason) => {
                self.fault(line, Some(qname), None, reason);
                None
            }
        }
    }

    /// A tag is three ASCII letters or digits. One or two digits are taken as a number written
    /// without its leading zeros (`42` → `042`).
    fn check_tag(
        &mut self,
        tag: Option<String>,
        qname: &str,
        line: u64,
        control: bool,
    ) -> Option<String> {
        let Some(tag) = tag.filter(|t| !t.is_empty()) else {
            self.current_tag = None;
            self.fault(line, Some(qname), None, "no tag attribute".to_string());
            return None;
        };
        let tag = if (1..=2).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_digit()) {
            let padded = format!("{tag:0>3}");
            self.warn(
                line,
                format!("tag {tag:?} taken as {padded:?} (leading zeros added)"),
            );
            padded
        } else {
            tag
        };
        if tag.len() != 3 || !tag.bytes().all(|b| b.is_ascii_graphic()) {
            self.fault(
                line,
                Some(qname),
                Some(&tag),
                format!("tag {tag:?} is not three letters or digits"),
            );
            return None;
        }
        if !tag.bytes().all(|b| b.is_ascii_alphanumeric()) {
            self.warn(
                line,
                format!("field tag {tag:?} is not three letters or digits"),
            );
        }
        if control && !is_control_tag(&tag) {
            self.warn(
                line,
                format!("controlfield with tag {tag}: MARC 21 control fields are 001-009"),
            );
        } else if !control && is_control_tag(&tag) {
            self.warn(line, format!("datafield with control-field tag {tag}: ISO 2709 readers take it as a control field"));
        }
        Some(tag)
    }

    /// An indicator is one ASCII letter, digit, blank or other printable character; a missing,
    /// empty or unprintable one is taken as blank, a longer one is cut to its first character.
    fn indicator(&mut self, value: Option<String>, name: &str, line: u64) -> char {
        let field = self.here_field();
        let Some(value) = value else {
            self.warn(line, format!("{field} has no {name}; blank assumed"));
            return ' ';
        };
        let mut chars = value.chars();
        let Some(c) = chars.next() else {
            self.warn(line, format!("{field} has an empty {name}; blank assumed"));
            return ' ';
        };
        if chars.next().is_some() {
            self.warn(
                line,
                format!("{field} has {name}={value:?}, longer than one character; first kept"),
            );
        }
        if c == ' ' || c.is_ascii_graphic() {
            c
        } else {
            self.warn(
                line,
                format!("{field} has {name} {c:?}, not a printable ASCII character; blank assumed"),
            );
            ' '
        }
    }

    fn here_field(&self) -> String {
        match &self.current_tag {
            Some(tag) => format!("field {tag}"),
            None => "a field".to_string(),
        }
    }

    /// A subfield code is one character: a printable ASCII one is kept, a control character
    /// (which XML 1.0 cannot hold) rejects the record, any other character becomes `?` with a
    /// warning (as the ISO 2709 reader does).
    fn subfield_code(&mut self, code: Option<String>, qname: &str, line: u64) -> Option<char> {
        let Some(code) = code.filter(|c| !c.is_empty()) else {
            self.fault(line, Some(qname), None, "no code attribute".to_string());
            return None;
        };
        let mut chars = code.chars();
        let c = chars.next().expect("not empty");
        if chars.next().is_some() {
            self.fault(
                line,
                Some(qname),
                None,
                format!("subfield code {code:?} is longer than one character"),
            );
            return None;
        }
        if c.is_ascii_graphic() {
            Some(c)
        } else if c.is_control() {
            let reason = format!(
                "subfield code U+{:04X} is a control character (not allowed in XML)",
                c as u32
            );
            self.fault(line, Some(qname), None, reason);
            None
        } else {
            let field = self.here_field();
            self.warn(
                line,
                format!(
                    "{field} has subfield code {c:?}, not a printable ASCII character; kept as '?'"
                ),
            );
            Some('?')
        }
    }

    fn text(&mut self, text: &str, here: Here) {
        if self.discard {
            return;
        }
        match self.stack.last() {
            Some(Frame::Leader) | Some(Frame::Control(_)) | Some(Frame::Subfield(_)) => {
                self.text.push_str(text)
            }
            Some(Frame::Skip) => {}
            None | Some(Frame::Data) => {
                if !text.chars().all(char::is_whitespace) {
                    let where_ = self.here_name();
                    self.warn(
                        here.line,
                        format!(
                            "text {:?} directly in {where_} (not in a subfield) ignored",
                            shorten(text)
                        ),
                    );
                }
            }
        }
    }

    fn close(&mut self, here: Here) {
        let line = here.line;
        match self.stack.pop() {
            Some(Frame::Leader) => {
                let text = std::mem::take(&mut self.text);
                if self.leader.is_some() {
                    self.warn(line, "a second <leader> ignored".to_string());
                } else {
                    let leader = self.make_leader(&text, line);
                    self.leader = Some(leader);
                }
            }
            Some(Frame::Control(tag)) => {
                let text = std::mem::take(&mut self.text);
                let value = self.clean(text, line);
                if let Some(tag) = tag.filter(|_| !self.discard) {
                    self.fields.push(Field::Control { tag, value });
                }
                self.current_tag = None;
            }
            Some(Frame::Data) => {
                if let Some(data) = self.data.take() {
                    if data.subfields.is_empty() {
                        self.warn(line, format!("{} has no subfields", self.here_field()));
                    }
                    if let Some(tag) = data.tag.filter(|_| !self.discard) {
                        self.fields.push(Field::Data {
                            tag,
                            ind1: data.ind1,
                            ind2: data.ind2,
                            subfields: data.subfields,
                        });
                    }
                }
                self.current_tag = None;
            }
            Some(Frame::Subfield(code)) => {
                let text = std::mem::take(&mut self.text);
                let value = self.clean(text, line);
                if let (Some(code), Some(data), false) = (code, self.data.as_mut(), self.discard) {
                    data.subfields.push(Subfield { code, value });
                }
            }
            Some(Frame::Skip) | None => {}
        }
    }

    /// Replaces characters that XML 1.0 cannot hold (and that would break ISO 2709 structure, like
    /// the 1D/1E/1F terminators), and bytes that were not UTF-8 (see [`NOT_UTF8`]), by U+FFFD, with a
    /// warning.
    fn clean(&mut self, value: String, line: u64) -> String {
        if !value.chars().any(not_xml_char) {
            return value;
        }
        let n = value.chars().filter(|&c| not_xml_char(c)).count();
        let field = self.here_field();
        self.warn(line, format!("{field}: {n} control character(s) or byte(s) that are not UTF-8 replaced by U+FFFD"));
        value
            .chars()
            .map(|c| if not_xml_char(c) { '\u{FFFD}' } else { c })
            .collect()
    }

    /// The leader is 24 ASCII characters. Line ends and tabs around it (an indented leader) are
    /// trimmed; a shorter one is padded (with `0` at 00-04 and 12-16, `22` at 10-11, `4500` at
    /// 20-23, blanks elsewhere: the values MARC 21 fixes or that are computed on output), a longer
    /// one is cut; a character that is not printable ASCII becomes a blank. Each repair warns.
    fn make_leader(&mut self, text: &str, line: u64) -> Leader {
        let mut text = text;
        if text.contains(['\n', '\r', '\t']) {
            text = text.trim_matches(|c: char| c.is_ascii_whitespace());
            self.warn(
                line,
                "line ends or tabs around the leader trimmed".to_string(),
            );
        }
        const PADDING: &[u8; 24] = b"00000     2200000   4500";
        let mut bytes = *PADDING;
        let mut bad = 0;
        let mut n = 0;
        for c in text.chars() {
            if n < 24 {
                bytes[n] = if c == ' ' || c.is_ascii_graphic() {
                    c as u8
                } else {
                    bad += 1;
                    b' '
                };
            }
            n += 1;
        }
        if n < 24 {
            self.warn(
                line,
                format!("leader is {n} characters long, not 24; padded"),
            );
        } else if n > 24 {
            self.warn(
                line,
                format!("leader is {n} characters long, not 24; cut to 24"),
            );
        }
        if bad > 0 {
            self.warn(
                line,
                format!("{bad} leader character(s) not printable ASCII; blanks used"),
            );
        }
        Leader(bytes)
    }

    #[allow(clippy::result_large_err)] // one per record, moved straight to the caller
    fn finish(mut self, raw: Vec<u8>) -> Result<XmlParsed, XmlRecordError> {
        let line = self.position.line;
        if self.fault.is_none() && self.fields.is_empty() {
            let reason = if self.leader.is_none() {
                "empty record: no leader and no fields"
            } else {
                "the record has no fields"
            };
            self.fault(line, None, None, reason.to_string());
        }
        if let Some(fault) = self.fault {
            let mut reason = fault.reason;
            if self.more_faults > 0 {
                reason.push_str(&format!(
                    " (and {} more fault(s) in this record)",
                    self.more_faults
                ));
            }
            return Err(XmlRecordError {
                kind: XmlErrorKind::BadRecord,
                position: self.position,
                line: fault.line,
                element: fault.element,
                tag: fault.tag,
                reason,
                raw: String::from_utf8_lossy(&raw).into_owned(),
            });
        }
        let mut leader = match self.leader.take() {
            Some(leader) => leader,
            None => {
                let leader = Leader::new_bibliographic();
                let text = leader.as_string();
                self.warn(
                    line,
                    format!("no <leader>; {text:?} (new bibliographic record) used"),
                );
                leader
            }
        };
        if leader.0[9] != b'a' {
            let was = leader.0[9] as char;
            self.warn(
                line,
                format!("leader/09 {was:?} set to 'a': MARCXML text is Unicode"),
            );
            leader.0[9] = b'a';
        }
        Ok(XmlParsed {
            record: Record {
                leader,
                fields: self.fields,
            },
            position: self.position,
            warnings: self.warnings,
        })
    }
}

fn shorten(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 40 {
        let mut s: String = t.chars().take(40).collect();
        s.push('…');
        s
    } else {
        t.to_string()
    }
}
