//! The in-memory MARC 21 record: leader, control fields (00X) and data fields.

use std::fmt;

/// The 24-character record leader (MARC 21 Bibliographic, Leader).
///
/// Kept as the 24 bytes that were read (or built), so that a record read and written again gives
/// back the leader it came with; the named accessors read single positions.
#[derive(Clone, PartialEq, Eq)]
pub struct Leader(pub [u8; 24]);

/// How the record's text is encoded, from leader/09 (MARC 21 Leader/09 "Character coding scheme").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharacterCoding {
    /// Leader/09 blank: MARC-8.
    Marc8,
    /// Leader/09 `a`: UCS/Unicode, written as UTF-8.
    Utf8,
    /// Any other value at leader/09 (the byte is kept).
    Other(u8),
}

impl Leader {
    /// A leader for a new bibliographic record: status `n`, type `a` (language material), level `m`
    /// (monograph), UTF-8 (`a` at 09), indicator and subfield-code counts 2, entry map `4500`.
    /// Lengths (00-04, 12-16) are filled in when the record is written.
    pub fn new_bibliographic() -> Leader {
        Leader(*b"00000nam a2200000 i 4500")
    }

    /// Builds a leader from its 24 bytes, or `None` when the slice is not exactly 24 bytes long.
    pub fn from_bytes(bytes: &[u8]) -> Option<Leader> {
        <[u8; 24]>::try_from(bytes).ok().map(Leader)
    }

    /// The 24 bytes as text (every leader byte is ASCII in a valid record; others show as U+FFFD).
    pub fn as_string(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    /// Leader/05, record status (`a` increase in encoding level, `c` corrected, `d` deleted, `n` new, `p`).
    pub fn record_status(&self) -> char {
        self.0[5] as char
    }

    /// Leader/06, type of record (`a` language material, `e` cartographic, `g` projected medium, `j`
    /// musical sound recording, `z` authority …).
    pub fn record_type(&self) -> char {
        self.0[6] as char
    }

    /// Leader/07, bibliographic level (`a` component part, `m` monograph, `s` serial, …).
    pub fn bibliographic_level(&self) -> char {
        self.0[7] as char
    }

    /// Leader/09, character coding scheme.
    pub fn character_coding(&self) -> CharacterCoding {
        match self.0[9] {
            b' ' => CharacterCoding::Marc8,
            b'a' => CharacterCoding::Utf8,
            other => CharacterCoding::Other(other),
        }
    }

    /// Sets leader/09 (`a` for UTF-8, blank for MARC-8).
    pub fn set_character_coding(&mut self, coding: CharacterCoding) {
        self.0[9] = match coding {
            CharacterCoding::Marc8 => b' ',
            CharacterCoding::Utf8 => b'a',
            CharacterCoding::Other(b) => b,
        };
    }

    /// Leader/00-04, record length in bytes as written in the leader, if those are five digits.
    pub fn record_length(&self) -> Option<usize> {
        digits(&self.0[0..5])
    }

    /// Leader/12-16, base address of data (offset of the first field's data), if five digits.
    pub fn base_address(&self) -> Option<usize> {
        digits(&self.0[12..17])
    }
}

impl fmt::Debug for Leader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Leader({:?})", self.as_string())
    }
}

pub(crate) fn digits(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0usize, |n, b| n * 10 + usize::from(b - b'0')),
    )
}

/// One subfield of a data field: its code (MARC 21: one lowercase letter or digit) and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subfield {
    /// The subfield code (the character after the delimiter 0x1F), e.g. `'a'` for 245 $a.
    pub code: char,
    /// The subfield's data, in Unicode (NFC as read).
    pub value: String,
}

/// A variable field: a control field (tags `001`–`009`) holds data only; a data field holds two
/// indicators and ordered subfields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// A control field (`001`–`009`, e.g. 008 fixed-length data elements): no indicators, no
    /// subfields.
    Control {
        /// The three-character tag.
        tag: String,
        /// The field's data, positions counted from 0 as MARC 21 does (008/07-10 = Date 1).
        value: String,
    },
    /// A data field (`010`–`999`): two indicators and ordered subfields.
    Data {
        /// The three-character tag.
        tag: String,
        /// First indicator (a blank is `' '`).
        ind1: char,
        /// Second indicator (a blank is `' '`).
        ind2: char,
        /// The subfields in the order they were read or added.
        subfields: Vec<Subfield>,
    },
}

impl Field {
    /// The three-character tag.
    pub fn tag(&self) -> &str {
        match self {
            Field::Control { tag, .. } | Field::Data { tag, .. } => tag,
        }
    }

    /// The subfields of a data field (empty for a control field).
    pub fn subfields(&self) -> &[Subfield] {
        match self {
            Field::Control { .. } => &[],
            Field::Data { subfields, .. } => subfields,
        }
    }

    /// The first subfield with this code, if any.
    pub fn subfield(&self, code: char) -> Option<&str> {
        self.subfields()
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.value.as_str())
    }

    /// Every subfield value with one of these codes, in field order.
    pub fn values<'a>(&'a self, codes: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.subfields()
            .iter()
            .filter(move |s| codes.contains(s.code))
            .map(|s| s.value.as_str())
    }

    /// Indicator 1 and 2 of a data field (blank for a control field).
    pub fn indicators(&self) -> (char, char) {
        match self {
            Field::Control { .. } => (' ', ' '),
            Field::Data { ind1, ind2, .. } => (*ind1, *ind2),
        }
    }
}

/// Whether a tag names a control field (MARC 21: `00X`).
pub fn is_control_tag(tag: &str) -> bool {
    tag.len() == 3 && tag.starts_with("00")
}

/// A MARC 21 record: a leader and its variable fields in the order they were read or added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// The 24-character leader (ISO 2709 / MARC 21 Leader).
    pub leader: Leader,
    /// Control and data fields, in record order.
    pub fields: Vec<Field>,
}

impl Record {
    /// An empty bibliographic record with [`Leader::new_bibliographic`].
    pub fn new() -> Record {
        Record {
            leader: Leader::new_bibliographic(),
            fields: Vec::new(),
        }
    }

    /// Appends a control field (builder style).
    pub fn with_control(mut self, tag: &str, value: &str) -> Record {
        self.fields.push(Field::Control {
            tag: tag.to_string(),
            value: value.to_string(),
        });
        self
    }

    /// Appends a data field; `subfields` pairs each code with its value (builder style).
    pub fn with_data(mut self, tag: &str, ind: &str, subfields: &[(char, &str)]) -> Record {
        let mut chars = ind.chars();
        let ind1 = chars.next().unwrap_or(' ');
        let ind2 = chars.next().unwrap_or(' ');
        self.fields.push(Field::Data {
            tag: tag.to_string(),
            ind1,
            ind2,
            subfields: subfields
                .iter()
                .map(|(code, value)| Subfield {
                    code: *code,
                    value: value.to_string(),
                })
                .collect(),
        });
        self
    }

    /// Every field with this tag, in record order.
    pub fn fields_with_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Field> + 'a {
        self.fields.iter().filter(move |f| f.tag() == tag)
    }

    /// The first field with this tag.
    pub fn field(&self, tag: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.tag() == tag)
    }

    /// The value of a control field (e.g. `001`, `003`, `005`, `008`).
    pub fn control(&self, tag: &str) -> Option<&str> {
        self.fields.iter().find_map(|f| match f {
            Field::Control { tag: t, value } if t == tag => Some(value.as_str()),
            _ => None,
        })
    }

    /// MARC 21 Bibliographic 001, control number.
    pub fn control_number(&self) -> Option<&str> {
        self.control("001").map(str::trim)
    }

    /// MARC 21 Bibliographic 003, control number identifier (the organisation whose number 001 is).
    pub fn control_number_identifier(&self) -> Option<&str> {
        self.control("003").map(str::trim)
    }
}

impl Default for Record {
    fn default() -> Self {
        Record::new()
    }
}
