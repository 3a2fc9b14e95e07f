//! The MARC 21 record format, and nothing else: the leader, control and data fields, subfields,
//! ISO 2709 exchange files (reading and writing, and splitting notes too long for one ISO 2709
//! field into repeated fields), the mnemonic (MarcMaker) text form and MarcEdit's `.mrk` files
//! of it (`mrk`: reader and writer).
//!
//! No database and no library policy live here; the Carrel core builds on this crate.
//!
//! Sources: *MARC 21 Specifications for Record Structure, Character Sets, and Exchange Media*
//! (Library of Congress), ISO 2709:2008 *Format for information exchange*.

mod iso2709;
pub mod marc8;
pub mod marcxml;
mod mnemonic;
pub mod mrk;
mod record;
mod split;

pub use iso2709::{
    check_iso2709_lengths, write_iso2709, write_iso2709_marc8, write_iso2709_with, Parsed,
    Position, Reader, RecordError, TooLong, ISO2709_MAX_FIELD, ISO2709_MAX_RECORD, MAX_READ,
};
pub use mnemonic::escape_mnemonic;
pub use record::{CharacterCoding, Field, Leader, Record, Subfield};
pub use split::{continues_in_repeated_fields, field_length, split_long_fields, SplitField};

/// ISO 2709 record terminator (MARC 21: `1D` hex).
pub const RECORD_TERMINATOR: u8 = 0x1D;
/// ISO 2709 field terminator (MARC 21: `1E` hex).
pub const FIELD_TERMINATOR: u8 = 0x1E;
/// ISO 2709 subfield delimiter (MARC 21: `1F` hex).
pub const SUBFIELD_DELIMITER: u8 = 0x1F;
