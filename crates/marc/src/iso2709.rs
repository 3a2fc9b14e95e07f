//! ISO 2709 exchange records (MARC 21 "Record Structure"): streaming reader and writer.
//!
//! A record is the 24-byte leader, a directory of 12-byte entries (tag, field length, starting
//! position) ended by a field terminator, and the fields' data, ended by the record terminator.
//!
//! The reader splits the stream on record terminators rather than trusting leader/00-04, so a
//! wrong record length or a record longer than 99,999 bytes is still read. When a directory entry
//! does not match the data it points at, the fields are recovered from the field terminators, the
//! way permissive readers (marc4j, pymarc) do, and a warning says so.

use std::fmt;
use std::io::{self, BufRead, Read};

use crate::marc8::{self, Guess};
use crate::record::{digits, is_control_tag, CharacterCoding, Field, Leader, Record, Subfield};
use crate::{FIELD_TERMINATOR, RECORD_TERMINATOR, SUBFIELD_DELIMITER};

/// Where a record stands in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based number of the record in the file (counting rejected records too).
    pub ordinal: u64,
    /// Byte offset of the record's first byte from the start of the file.
    pub offset: u64,
}

/// A record read from an ISO 2709 stream, with the exact bytes it came from.
#[derive(Clone, Debug)]
pub struct Parsed {
    /// The record as read, text decoded to Unicode.
    pub record: Record,
    /// The record's bytes as read, from the leader through the record terminator.
    pub raw: Vec<u8>,
    /// Where the record was in the stream (ordinal and byte offset).
    pub position: Position,
    /// What was repaired or guessed while reading (empty for a well-formed record).
    pub warnings: Vec<String>,
    /// The encoding the text was read as: leader/09, unless the bytes clearly say otherwise (then
    /// a warning says what was assumed). `record` always holds Unicode.
    pub encoding: CharacterCoding,
    /// Some bytes could not be decoded and show as U+FFFD in `record` (each is in `warnings`;
    /// `raw` keeps the bytes).
    pub undecoded: bool,
}

/// A record that could not be read. The batch goes on with the next record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// Where the record was in the stream (ordinal and byte offset).
    pub position: Position,
    /// The tag of the field at fault, when one field is to blame.
    pub tag: Option<String>,
    /// Why the record could not be read, in words a cataloguer understands.
    pub reason: String,
    /// The bytes of the rejected record, kept so that nothing is lost.
    pub raw: Vec<u8>,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "record {} (byte offset {})",
            self.position.ordinal, self.position.offset
        )?;
        if let Some(tag) = &self.tag {
            write!(f, ", field {tag}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for RecordError {}

/// Streaming ISO 2709 reader over any [`BufRead`]; memory use is one record at a time.
///
/// Yields `Ok(Parsed)` per readable record and `Err(RecordError)` per unreadable one;
/// an I/O error of the underlying stream ends the iteration after being returned as
/// an `Err` with reason `"read error: …"`.
pub struct Reader<R: BufRead> {
    inner: R,
    ordinal: u64,
    offset: u64,
    done: bool,
    /// Bytes already read that belong to the next records, from `pending_at` on (a record whose
    /// terminator was missing was split at its declared length).
    pending: Vec<u8>,
    pending_at: usize,
    /// The last read stopped at [`MAX_READ`] without a record terminator.
    hit_limit: bool,
    /// The start of a record cut by [`MAX_READ`], to be read on from the stream.
    carry: Vec<u8>,
}

/// The most bytes read for one record while looking for its terminator: ten times the ISO 2709
/// maximum ([`ISO2709_MAX_RECORD`]) rounded up, so that lenient reading of slightly overlong
/// records still works but a file (or a gzip stream unpacking to gigabytes) with no terminator
/// never fills memory. A longer record is rejected, only its first bytes kept.
pub const MAX_READ: usize = 1 << 20;

impl<R: BufRead> Reader<R> {
    /// A reader of the ISO 2709 records in `inner` (wrap a file in a `BufReader`); iterate it to
    /// get one `Result<Parsed, RecordError>` per record.
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            ordinal: 0,
            offset: 0,
            done: false,
            pending: Vec::new(),
            pending_at: 0,
            hit_limit: false,
            carry: Vec::new(),
        }
    }

    /// Bytes consumed so far (for progress reporting).
    pub fn bytes_read(&self) -> u64 {
        self.offset
    }

    /// Reads on, keeping nothing, to just past the next record terminator (or the end). Returns
    /// the bytes skipped and how the skip ended, as words for a reason.
    fn skip_past_terminator(&mut self) -> io::Result<(u64, String)> {
        let mut skipped = 0u64;
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok((
                    skipped,
                    " up to the end of the file without a record terminator".into(),
                ));
            }
            match buf.iter().position(|&b| b == RECORD_TERMINATOR) {
                Some(i) => {
                    self.inner.consume(i + 1);
                    // Counted without the terminator, which the caller adds to the offset.
                    return Ok((skipped + i as u64, " before the record terminator".into()));
                }
                None => {
                    let n = buf.len();
                    self.inner.consume(n);
                    skipped += n as u64;
                }
            }
        }
    }

    /// Skips the bytes that some files put between records (line ends, NUL padding, spaces).
    fn skip_filler(&mut self) -> io::Result<()> {
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            // A lone record terminator (an empty record) is filler too.
            let n = buf
                .iter()
                .take_while(|b| matches!(**b, b'\n' | b'\r' | 0 | b' ' | 0x1A | RECORD_TERMINATOR))
                .count();
            let all = n == buf.len();
            self.inner.consume(n);
            self.offset += n as u64;
            if !all {
                return Ok(());
            }
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Parsed, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let start = self.offset;
        let mut raw = Vec::new();
        let fresh = self.pending_at == self.pending.len();
        let read = if fresh {
            self.pending.clear();
            self.pending_at = 0;
            // A record cut by the read limit goes on from the stream, with no filler skipped.
            raw = std::mem::take(&mut self.carry);
            let skip = if raw.is_empty() {
                self.skip_filler()
            } else {
                Ok(())
            };
            skip.and_then(|()| {
                let start_inner = self.offset;
                let limit = MAX_READ.saturating_sub(raw.len()) as u64;
                let n = self
                    .inner
                    .by_ref()
                    .take(limit)
                    .read_until(RECORD_TERMINATOR, &mut raw)?;
                self.hit_limit = n as u64 == limit && raw.last() != Some(&RECORD_TERMINATOR);
                Ok((start_inner, raw.len()))
            })
        } else {
            // The next record of a run without terminators: only its bytes are copied (copying
            // all the rest for each record took time quadratic in the length of the run).
            let rest = &self.pending[self.pending_at..];
            match missing_terminator_cut(rest) {
                Some(end) => {
                    raw.extend_from_slice(&rest[..end]);
                    self.pending_at += end;
                }
                // The last piece of a read that stopped at the limit: its record goes on in the
                // stream.
                None if self.hit_limit => {
                    self.carry = rest.to_vec();
                    self.pending_at = self.pending.len();
                    return self.next();
                }
                None => {
                    raw.extend_from_slice(rest);
                    self.pending_at += rest.len();
                }
            }
            Ok((self.offset, raw.len()))
        };
        let (record_start, n) = match read {
            Ok(v) => v,
            Err(e) => {
                self.done = true;
                self.ordinal += 1;
                return Some(Err(RecordError {
                    position: Position {
                        ordinal: self.ordinal,
                        offset: start,
                    },
                    tag: None,
                    reason: format!("read error: {e}"),
                    raw,
                }));
            }
        };
        if n == 0 {
            self.done = true;
            return None;
        }
        if let (true, Some(cut)) = (fresh, missing_terminator_cut(&raw)) {
            self.pending = raw.split_off(cut);
        } else if fresh && self.hit_limit {
            // No terminator within the limit and no declared length to cut at: the record is
            // rejected, and the stream skipped to the next terminator without keeping its bytes.
            self.hit_limit = false;
            let (skipped, ended) = match self.skip_past_terminator() {
                Ok(v) => v,
                Err(e) => {
                    self.done = true;
                    (0, format!(" (then the file could not be read on: {e})"))
                }
            };
            let total = raw.len() as u64 + skipped;
            let terminator = u64::from(ended.starts_with(" before"));
            self.offset = record_start + total + terminator;
            self.ordinal += 1;
            return Some(Err(RecordError {
                position: Position {
                    ordinal: self.ordinal,
                    offset: record_start,
                },
                tag: None,
                reason: format!(
                    "{total} bytes{ended}, far more than an ISO 2709 record may have \
                     ({ISO2709_MAX_RECORD}): not read as a record"
                ),
                raw,
            }));
        }
        self.offset = record_start + raw.len() as u64;
        let _ = n;
        self.ordinal += 1;
        let position = Position {
            ordinal: self.ordinal,
            offset: record_start,
        };
        let mut parsed = parse_record(raw, position);
        if let (Ok(p), true) = (&mut parsed, self.pending_at < self.pending.len()) {
            p.warnings.push("record terminator missing; the record was ended at its leader length, where the next record starts".into());
        }
        Some(parsed)
    }
}

/// Where a record whose record terminator is missing ends: at its leader's record length, when the
/// byte before is a field terminator and a plausible leader starts there.
fn missing_terminator_cut(raw: &[u8]) -> Option<usize> {
    let len = digits(raw.get(0..5)?)?;
    // The declared length counts the missing terminator, so the next record starts one byte
    // early; some writers leave the terminator out of the count, so try the length itself too.
    [len.saturating_sub(1), len].into_iter().find(|&cut| {
        cut > 25
            && cut + 24 <= raw.len()
            && raw[cut - 1] == FIELD_TERMINATOR
            && plausible_leader(&raw[cut..cut + 24])
    })
}

/// Five digits of length, then the fixed parts of a MARC 21 leader (indicator and subfield-code
/// counts `22` at 10-11, five digits of base address at 12-16).
fn plausible_leader(l: &[u8]) -> bool {
    l.len() >= 24
        && l[0..5].iter().all(u8::is_ascii_digit)
        && &l[10..12] == b"22"
        && l[12..17].iter().all(u8::is_ascii_digit)
}

/// Parses one ISO 2709 record from its bytes (the record terminator may be present or missing).
pub(crate) fn parse_record(raw: Vec<u8>, position: Position) -> Result<Parsed, RecordError> {
    let fail = |raw: Vec<u8>, tag: Option<String>, reason: String| {
        Err(RecordError {
            position,
            tag,
            reason,
            raw,
        })
    };
    let mut warnings = Vec::new();
    let body: &[u8] = match raw.last() {
        Some(&RECORD_TERMINATOR) => &raw[..raw.len() - 1],
        _ => {
            warnings.push(
                "no record terminator at the end of the file; record read to the end".to_string(),
            );
            &raw[..]
        }
    };
    if body.len() < 24 {
        let reason = format!("only {} bytes: shorter than the 24-byte leader", body.len());
        return fail(raw, None, reason);
    }
    let mut leader = Leader::from_bytes(&body[..24]).expect("24 bytes");
    let bad: Vec<usize> = (0..24)
        .filter(|&i| !(leader.0[i].is_ascii_graphic() || leader.0[i] == b' '))
        .collect();
    if bad.len() > 3 {
        return fail(
            raw,
            None,
            format!(
                "leader has {} control or non-ASCII bytes: not a MARC record",
                bad.len()
            ),
        );
    }
    for &i in &bad {
        // The MARC 21 values of the fixed positions; blank elsewhere.
        let fix = b"00000     22000000  4500"[i];
        warnings.push(format!(
            "leader/{i:02} held byte 0x{:02X}; replaced by '{}'",
            leader.0[i], fix as char
        ));
        leader.0[i] = fix;
    }
    match leader.record_length() {
        Some(len) if len == raw.len() => {}
        Some(len) => warnings.push(format!(
            "leader record length {len} does not match the {} bytes up to the record terminator",
            raw.len()
        )),
        None => warnings.push("leader record length is not numeric".to_string()),
    }

    // The directory runs from byte 24 to the first field terminator. The base address should point
    // just past it; when it does not, trust the terminator.
    let Some(dir_end) = body[24..]
        .iter()
        .position(|&b| b == FIELD_TERMINATOR)
        .map(|p| p + 24)
    else {
        return fail(
            raw,
            None,
            "no field terminator after the directory".to_string(),
        );
    };
    let base = dir_end + 1;
    match leader.base_address() {
        Some(b) if b == base => {}
        Some(b) => warnings.push(format!(
            "leader base address {b} is wrong; the directory ends at {base}"
        )),
        None => warnings.push("leader base address is not numeric".to_string()),
    }
    let directory = &body[24..dir_end];
    if !directory.len().is_multiple_of(12) {
        warnings.push(format!(
            "directory length {} is not a multiple of 12",
            directory.len()
        ));
    }
    let entries: Vec<(&[u8], Option<usize>, Option<usize>)> = directory
        .chunks_exact(12)
        .map(|e| (&e[0..3], digits(&e[3..7]), digits(&e[7..12])))
        .collect();
    if entries.is_empty() {
        return fail(raw, None, "the directory has no entries".to_string());
    }
    let data = &body[base.min(body.len())..];

    // Trust the directory when every entry points at data that ends with a field terminator;
    // otherwise split the data on field terminators and pair the pieces with the tags in order.
    let directory_ok = entries.iter().all(|(_, len, start)| match (len, start) {
        (Some(len), Some(start)) => {
            *len > 0 && start + len <= data.len() && data[start + len - 1] == FIELD_TERMINATOR
        }
        _ => false,
    });
    let pieces: Vec<(&[u8], &[u8])> = if directory_ok {
        entries
            .iter()
            .map(|(tag, len, start)| {
                let (len, start) = (len.unwrap(), start.unwrap());
                (*tag, &data[start..start + len - 1])
            })
            .collect()
    } else {
        warnings.push(
            "directory does not match the field data; fields recovered from field terminators"
                .to_string(),
        );
        let mut chunks: Vec<&[u8]> = data.split(|&b| b == FIELD_TERMINATOR).collect();
        if chunks.last().is_some_and(|c| c.is_empty()) {
            chunks.pop();
        }
        if chunks.len() != entries.len() {
            warnings.push(format!(
                "directory lists {} fields but the data holds {}",
                entries.len(),
                chunks.len()
            ));
        }
        entries
            .iter()
            .zip(chunks)
            .map(|((tag, _, _), chunk)| (*tag, chunk))
            .collect()
    };

    // Leader/09 says how the text is encoded, but records lie: trust the bytes when they clearly
    // say otherwise, and say so (MARC 21 Leader/09; the "dishonest leader" of vendor files).
    let declared = leader.character_coding();
    // Only the cheap half of the guess is needed when the bytes agree with the leader: a MARC-8
    // record that is not valid UTF-8, or a UTF-8 record that is (no trial MARC-8 decoding).
    let agrees = match declared {
        CharacterCoding::Marc8 => data.contains(&0x1B) || std::str::from_utf8(data).is_err(),
        CharacterCoding::Utf8 => std::str::from_utf8(data).is_ok(),
        CharacterCoding::Other(_) => false,
    };
    let guess = if agrees {
        Guess::Unclear
    } else {
        marc8::guess_encoding(data)
    };
    let encoding = match (declared, guess) {
        (CharacterCoding::Marc8, Guess::Utf8) => {
            warnings.push("leader/09 says MARC-8 but the text is UTF-8; read as UTF-8".into());
            CharacterCoding::Utf8
        }
        (CharacterCoding::Utf8, Guess::Marc8) => {
            warnings.push("leader/09 says UTF-8 but the text is not UTF-8 and reads cleanly as MARC-8; read as MARC-8".into());
            CharacterCoding::Marc8
        }
        (CharacterCoding::Other(b), guess) => {
            let read_as = if guess == Guess::Marc8 {
                CharacterCoding::Marc8
            } else {
                CharacterCoding::Utf8
            };
            warnings.push(format!(
                "leader/09 holds '{}', not a MARC 21 value; read as {}",
                b as char,
                if read_as == CharacterCoding::Marc8 {
                    "MARC-8"
                } else {
                    "UTF-8"
                }
            ));
            read_as
        }
        (d, _) => d,
    };
    let mut undecoded = false;
    let mut fields = Vec::with_capacity(pieces.len());
    for (tag_bytes, bytes) in pieces {
        let tag = String::from_utf8_lossy(tag_bytes).into_owned();
        if !tag_bytes.iter().all(u8::is_ascii_alphanumeric) {
            warnings.push(format!("field tag {tag:?} is not three letters or digits"));
        }
        if is_control_tag(&tag) {
            let value = decode_text(bytes, encoding, &tag, &mut warnings, &mut undecoded);
            fields.push(Field::Control { value, tag });
            continue;
        }
        if bytes.len() < 2 {
            warnings.push(format!(
                "field {tag} is too short to hold its two indicators; kept empty"
            ));
            fields.push(Field::Data {
                tag,
                ind1: ' ',
                ind2: ' ',
                subfields: Vec::new(),
            });
            continue;
        }
        let (ind1, ind2, rest) = if bytes[0] == SUBFIELD_DELIMITER || bytes[1] == SUBFIELD_DELIMITER
        {
            warnings.push(format!("field {tag} has no indicators; blanks assumed"));
            let skip = if bytes[0] == SUBFIELD_DELIMITER { 0 } else { 1 };
            (' ', ' ', &bytes[skip..])
        } else {
            (
                indicator(bytes[0], &tag, &mut warnings),
                indicator(bytes[1], &tag, &mut warnings),
                &bytes[2..],
            )
        };
        // The field's subfields are decoded as one text, since a MARC-8 escape stays in effect
        // across subfield delimiters to the end of the field; the decoded text keeps U+001F.
        let text = decode_text(rest, encoding, &tag, &mut warnings, &mut undecoded);
        let mut parts = text.split('\u{1F}');
        let lead = parts.next().unwrap_or("");
        let mut subfields = Vec::new();
        if !lead.is_empty() {
            warnings.push(format!(
                "field {tag} has data before its first subfield delimiter; kept as subfield 'a'"
            ));
            subfields.push(Subfield {
                code: 'a',
                value: lead.to_string(),
            });
        }
        for part in parts {
            let mut chars = part.chars();
            let Some(code) = chars.next() else {
                warnings.push(format!("field {tag} has an empty subfield; dropped"));
                continue;
            };
            let code = if code.is_ascii_graphic() {
                code
            } else {
                warnings.push(format!("field {tag} has a subfield code that is not a printable character; kept as '?'"));
                '?'
            };
            subfields.push(Subfield {
                code,
                value: chars.as_str().to_string(),
            });
        }
        fields.push(Field::Data {
            tag,
            ind1,
            ind2,
            subfields,
        });
    }
    Ok(Parsed {
        record: Record { leader, fields },
        raw,
        position,
        warnings,
        encoding,
        undecoded,
    })
}

fn indicator(b: u8, tag: &str, warnings: &mut Vec<String>) -> char {
    if b.is_ascii_graphic() || b == b' ' {
        b as char
    } else {
        warnings.push(format!(
            "field {tag} has an indicator that is not a printable character; blank assumed"
        ));
        ' '
    }
}

/// Decodes field text from the record's encoding to Unicode (NFC for MARC-8, as decoded).
/// Bytes that cannot be decoded become U+FFFD, each reported as a warning naming the field, and
/// `undecoded` is set.
fn decode_text(
    bytes: &[u8],
    encoding: CharacterCoding,
    tag: &str,
    warnings: &mut Vec<String>,
    undecoded: &mut bool,
) -> String {
    match encoding {
        CharacterCoding::Marc8 => {
            let decoded = marc8::decode(bytes);
            for p in &decoded.problems {
                warnings.push(format!(
                    "field {tag}: MARC-8 byte {}: {}; shown as U+FFFD",
                    p.byte_offset, p.reason
                ));
            }
            *undecoded |= decoded.text.contains('\u{FFFD}');
            decoded.text
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => {
                warnings.push(format!(
                    "field {tag} is not valid UTF-8; bad bytes shown as U+FFFD"
                ));
                *undecoded = true;
                String::from_utf8_lossy(bytes).into_owned()
            }
        },
    }
}

/// The most bytes an ISO 2709 record may have: its length is five digits (leader/00-04,
/// ISO 2709:2008 4.3.1; MARC 21 Specifications, "Record Structure").
pub const ISO2709_MAX_RECORD: usize = 99_999;

/// The most bytes one field may have, its field terminator included: the length in a MARC 21
/// directory entry is four digits.
pub const ISO2709_MAX_FIELD: usize = 9_999;

/// Why record bytes cannot be a valid ISO 2709 record: something longer than its length digits
/// can say ([`ISO2709_MAX_RECORD`], [`ISO2709_MAX_FIELD`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TooLong {
    /// The whole record has this many bytes.
    Record(usize),
    /// The field with this tag has this many bytes (field terminator included).
    Field(String, usize),
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TooLong::Record(n) => write!(
                f,
                "the record is {n} bytes long, more than ISO 2709 allows ({ISO2709_MAX_RECORD})"
            ),
            TooLong::Field(tag, n) => write!(
                f,
                "field {tag} is {n} bytes long, more than ISO 2709 allows in one field ({ISO2709_MAX_FIELD})"
            ),
        }
    }
}

/// Checks that record bytes (as [`write_iso2709`] writes them, or as stored) fit the length
/// digits of ISO 2709: at most [`ISO2709_MAX_RECORD`] bytes in all and [`ISO2709_MAX_FIELD`] per
/// field. [`write_iso2709`] caps the lengths it writes (so a reader that splits on terminators
/// can still read the record); call this before offering the bytes as a valid record.
/// Fields are found by their terminators after the directory, their tags in the directory.
pub fn check_iso2709_lengths(bytes: &[u8]) -> Result<(), TooLong> {
    let whole = || {
        if bytes.len() > ISO2709_MAX_RECORD {
            Err(TooLong::Record(bytes.len()))
        } else {
            Ok(())
        }
    };
    if bytes.len() <= 24 + ISO2709_MAX_FIELD {
        // No field can be longer than the bytes after the leader.
        return whole();
    }
    let Some(dir_end) = bytes[24..]
        .iter()
        .position(|&b| b == crate::FIELD_TERMINATOR)
        .map(|p| p + 24)
    else {
        return whole();
    };
    let directory = &bytes[24..dir_end];
    let data = &bytes[dir_end + 1..];
    for (i, field) in data
        .split_inclusive(|&b| b == crate::FIELD_TERMINATOR)
        .enumerate()
    {
        if field.len() > ISO2709_MAX_FIELD {
            let tag = directory
                .get(i * 12..i * 12 + 3)
                .map(|t| String::from_utf8_lossy(t).into_owned())
                .unwrap_or_else(|| "?".into());
            return Err(TooLong::Field(tag, field.len()));
        }
    }
    // A field too long is named first: it says what to shorten.
    whole()
}

/// Writes a record as MARC-8 ISO 2709 (leader/09 blank): text is encoded with
/// [`marc8::encode`], characters outside the MARC-8 repertoire as `&#xXXXX;`.
pub fn write_iso2709_marc8(record: &Record) -> Vec<u8> {
    let mut record = record.clone();
    record.leader.set_character_coding(CharacterCoding::Marc8);
    write_iso2709_with(&record, |text, out| {
        out.extend_from_slice(&marc8::encode(text))
    })
}

/// Writes a record as ISO 2709 bytes (MARC 21 exchange format): leader with correct record length
/// (00-04) and base address (12-16), directory, fields, terminators. Text is written as UTF-8, as
/// the record's fields hold it; the leader is written as the record has it (leader/09 stays what it
/// is, so set it to `a` with [`Leader::set_character_coding`] for a UTF-8 record). A record longer
/// than 99,999 bytes gets `99999` as its length; readers that split on terminators still read it.
/// Such a record is not valid ISO 2709: [`check_iso2709_lengths`] tells.
pub fn write_iso2709(record: &Record) -> Vec<u8> {
    write_iso2709_with(record, |text, out| out.extend_from_slice(text.as_bytes()))
}

/// Writes a record as ISO 2709 with each piece of text (control field data, subfield values)
/// encoded by `encode`, which appends the bytes to its output. Lengths in the leader and directory
/// are counted in bytes of the encoded text. Indicators and subfield codes are written as ASCII
/// (MARC 21 allows nothing else there); any other character becomes a blank or `?`.
pub fn write_iso2709_with(record: &Record, mut encode: impl FnMut(&str, &mut Vec<u8>)) -> Vec<u8> {
    let ascii = |c: char, fallback: u8| {
        if c.is_ascii() && !c.is_ascii_control() {
            c as u8
        } else {
            fallback
        }
    };
    let mut directory = Vec::with_capacity(record.fields.len() * 12 + 1);
    let mut data = Vec::new();
    for field in &record.fields {
        let start = data.len();
        match field {
            Field::Control { value, .. } => encode(value, &mut data),
            Field::Data {
                ind1,
                ind2,
                subfields,
                ..
            } => {
                data.push(ascii(*ind1, b' '));
                data.push(ascii(*ind2, b' '));
                for sf in subfields {
                    data.push(SUBFIELD_DELIMITER);
                    data.push(ascii(sf.code, b'?'));
                    encode(&sf.value, &mut data);
                }
            }
        }
        data.push(FIELD_TERMINATOR);
        let tag = field.tag().as_bytes();
        let mut tag3 = [b' '; 3];
        for (i, b) in tag.iter().take(3).enumerate() {
            tag3[i] = *b;
        }
        directory.extend_from_slice(&tag3);
        directory.extend_from_slice(
            format!(
                "{:04}{:05}",
                (data.len() - start).min(9999),
                start.min(99999)
            )
            .as_bytes(),
        );
    }
    directory.push(FIELD_TERMINATOR);
    let base = 24 + directory.len();
    let total = base + data.len() + 1;
    let mut leader = record.leader.0;
    leader[0..5].copy_from_slice(format!("{:05}", total.min(99999)).as_bytes());
    leader[12..17].copy_from_slice(format!("{:05}", base.min(99999)).as_bytes());
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&leader);
    out.extend_from_slice(&directory);
    out.extend_from_slice(&data);
    out.push(RECORD_TERMINATOR);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        Record::new()
            .with_control("001", "demo-1")
            .with_control("008", "240101s2024    xxu           000 0 eng d")
            .with_data(
                "245",
                "10",
                &[
                    ('a', "Dvořák in Prague :"),
                    ('b', "a study /"),
                    ('c', "by A. Reader."),
                ],
            )
            .with_data("650", " 0", &[('a', "Composers"), ('z', "Czech Republic.")])
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<Parsed, RecordError>> {
        Reader::new(bytes).collect()
    }

    #[test]
    fn write_then_read_gives_the_same_record_and_bytes() {
        let bytes = write_iso2709(&sample());
        assert_eq!(&bytes[0..5], format!("{:05}", bytes.len()).as_bytes());
        let got = read_all(&bytes);
        assert_eq!(got.len(), 1);
        let parsed = got.into_iter().next().unwrap().unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(parsed.record.fields, sample().fields);
        assert_eq!(write_iso2709(&parsed.record), bytes);
        assert_eq!(
            parsed.record.field("245").unwrap().subfield('a'),
            Some("Dvořák in Prague :")
        );
    }

    #[test]
    fn a_bad_record_is_reported_with_its_number_and_offset_and_the_next_is_read() {
        let good = write_iso2709(&sample());
        let mut file = good.clone();
        file.extend_from_slice(b"0001x\x1d");
        file.extend_from_slice(&good);
        let got = read_all(&file);
        assert_eq!(got.len(), 3);
        assert!(got[0].is_ok() && got[2].is_ok());
        let err = got[1].as_ref().unwrap_err();
        assert_eq!(
            err.position,
            Position {
                ordinal: 2,
                offset: good.len() as u64
            }
        );
        assert!(
            err.reason.contains("shorter than the 24-byte leader"),
            "{}",
            err.reason
        );
        assert_eq!(
            got[2].as_ref().unwrap().position.offset,
            good.len() as u64 + 6
        );
    }

    #[test]
    fn a_wrong_directory_is_recovered_from_field_terminators() {
        let mut bytes = write_iso2709(&sample());
        // Corrupt the length of the 245 entry (third directory entry, bytes 3..7 of it).
        let e = 24 + 2 * 12;
        bytes[e + 3..e + 7].copy_from_slice(b"0999");
        let parsed = read_all(&bytes).remove(0).unwrap();
        assert_eq!(parsed.record.fields, sample().fields);
        assert!(parsed.warnings.iter().any(|w| w.contains("recovered")));
    }

    #[test]
    fn marc8_records_are_decoded_to_unicode_and_keep_their_bytes() {
        let bytes = write_iso2709_marc8(&sample());
        assert_eq!(bytes[9], b' ');
        // ANSEL writes the diacritic before its letter: caron 0xE9 + r, acute 0xE2 + a.
        assert!(bytes.windows(6).any(|w| w == b"Dvo\xE9r\xE2"), "{bytes:?}");
        let parsed = read_all(&bytes).remove(0).unwrap();
        assert_eq!(parsed.encoding, CharacterCoding::Marc8);
        assert!(
            !parsed.undecoded && parsed.warnings.is_empty(),
            "{:?}",
            parsed.warnings
        );
        assert_eq!(parsed.record.fields, sample().fields);
        assert_eq!(parsed.raw, bytes);
    }

    #[test]
    fn a_dishonest_leader_is_overruled_by_the_bytes_with_a_warning() {
        // Leader/09 blank (MARC-8) but UTF-8 text.
        let mut rec = sample();
        rec.leader.set_character_coding(CharacterCoding::Marc8);
        let parsed = read_all(&write_iso2709(&rec)).remove(0).unwrap();
        assert_eq!(parsed.encoding, CharacterCoding::Utf8);
        assert_eq!(parsed.record.fields, sample().fields);
        assert!(
            parsed.warnings[0].contains("says MARC-8 but the text is UTF-8"),
            "{:?}",
            parsed.warnings
        );
        // Leader/09 'a' (UTF-8) but MARC-8 text.
        let mut bytes = write_iso2709_marc8(&sample());
        bytes[9] = b'a';
        let parsed = read_all(&bytes).remove(0).unwrap();
        assert_eq!(parsed.encoding, CharacterCoding::Marc8);
        assert_eq!(parsed.record.fields, sample().fields);
        assert!(
            parsed.warnings[0].contains("reads cleanly as MARC-8"),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn undecodable_marc8_bytes_show_as_replacement_characters_and_are_reported() {
        let mut rec = Record::new().with_data("245", "10", &[('a', "Title X")]);
        rec.leader.set_character_coding(CharacterCoding::Marc8);
        let mut bytes = write_iso2709(&rec);
        let pos = bytes.iter().position(|&b| b == b'X').unwrap();
        bytes[pos] = 0x7F; // no mapping in the LC tables
        let parsed = read_all(&bytes).remove(0).unwrap();
        assert!(parsed.undecoded);
        assert_eq!(
            parsed.record.field("245").unwrap().subfield('a'),
            Some("Title \u{FFFD}")
        );
        assert!(
            parsed
                .warnings
                .iter()
                .any(|w| w.starts_with("field 245: MARC-8 byte")),
            "{:?}",
            parsed.warnings
        );
    }

    #[test]
    fn line_ends_between_records_are_skipped() {
        let good = write_iso2709(&sample());
        let mut file = good.clone();
        file.extend_from_slice(b"\r\n");
        file.extend_from_slice(&good);
        file.extend_from_slice(b"\n");
        let got = read_all(&file);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(Result::is_ok));
    }

    #[test]
    fn a_leader_with_a_few_bad_bytes_is_repaired_with_a_warning() {
        let mut bytes = write_iso2709(&sample());
        bytes[22] = 0x02; // entry map "4500" → "45\x020", as in marc4j's sample1.mrc
        let parsed = read_all(&bytes).remove(0).unwrap();
        assert_eq!(&parsed.record.leader.0[20..24], b"4500");
        assert!(
            parsed
                .warnings
                .iter()
                .any(|w| w.contains("leader/22 held byte 0x02")),
            "{:?}",
            parsed.warnings
        );
        assert_eq!(parsed.record.fields, sample().fields);
    }

    #[test]
    fn a_missing_record_terminator_is_found_from_the_leader_length() {
        let good = write_iso2709(&sample());
        let mut file = good[..good.len() - 1].to_vec(); // drop the terminator
        file.extend_from_slice(&good);
        let got = read_all(&file);
        assert_eq!(got.len(), 2, "{got:?}");
        let first = got[0].as_ref().unwrap();
        assert_eq!(first.record.fields, sample().fields);
        assert!(first
            .warnings
            .iter()
            .any(|w| w.contains("record terminator missing")));
        assert_eq!(
            got[1].as_ref().unwrap().position,
            Position {
                ordinal: 2,
                offset: good.len() as u64 - 1
            }
        );
    }

    /// Regression (found while adding fuzzing): each record of a run without record terminators
    /// was cut from the rest of the run by copying that rest, so reading took time quadratic in
    /// the length of the run (jazz_1k.mrc 16 times over, 14 MB, without its terminators: 5 s).
    #[test]
    fn a_long_run_of_records_without_terminators_is_read_in_linear_time() {
        let good = write_iso2709(&sample());
        let one = &good[..good.len() - 1];
        let n = 80_000;
        let file = one.repeat(n);
        let start = std::time::Instant::now();
        let mut count = 0;
        for (i, item) in Reader::new(&file[..]).enumerate() {
            // Checked as it goes, each record dropped: the quadratic version also kept the rest of
            // the run as spare capacity in each record's `raw`.
            let took = start.elapsed();
            assert!(
                took < std::time::Duration::from_secs(10),
                "{took:?} for {i} records"
            );
            let p = item.unwrap();
            assert_eq!(
                p.position,
                Position {
                    ordinal: i as u64 + 1,
                    offset: (i * one.len()) as u64
                }
            );
            assert_eq!(p.record.fields, sample().fields);
            let cut = p
                .warnings
                .iter()
                .any(|w| w.contains("record terminator missing"));
            assert_eq!(cut, i + 1 < n, "record {}: {:?}", i + 1, p.warnings);
            count += 1;
        }
        assert_eq!(count, n);
    }

    #[test]
    fn doubled_record_terminators_are_not_records() {
        let good = write_iso2709(&sample());
        let mut file = good.clone();
        file.push(RECORD_TERMINATOR);
        file.extend_from_slice(&good);
        let got = read_all(&file);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(Result::is_ok));
    }
}
