//! Items (holdings): the physical copies of a bibliographic record, each with its barcode, call
//! number, shelving location, type and status.
//!
//! Items are Carrel's own rows (table `items`); the record's MARC bytes are not changed when an
//! item is added. Export writes them as MARC 21 Holdings 852/876 embedded in the record and
//! import reads them back, with Koha's 952 (see `docs/holdings.md` and [`super::holdings`]).
//! Every change re-indexes the record, so that its barcodes and call numbers are found by search
//! and its shelf key follows its first item.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::barcode::{barcode_rules, validate_barcode, BarcodeRules};
use super::callnumber::{self, Scheme};
use crate::error::{Error, Result};
use crate::storage::Library;

/// What kind of thing an item is. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// A book or other printed monograph (the default).
    #[default]
    Book,
    /// One issue or bound volume of a serial.
    SerialIssue,
    /// A loose-leaf service (law reports, updated by replacement pages).
    Looseleaf,
    /// A map, atlas or other cartographic material.
    Map,
    /// A DVD or other projected video.
    Dvd,
    /// Sound recording (CD, tape, record).
    Audio,
    /// A three-dimensional object (museum collections).
    Object,
    /// Anything else (also Koha item types Carrel does not know).
    Other,
}

/// Where an item stands for circulation. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// On the shelf and free to lend (the default).
    #[default]
    Available,
    /// Lent to a patron (set by checkout, cleared by checkin).
    OnLoan,
    /// On its way between locations.
    InTransit,
    /// Not found where it should be (lost, not yet withdrawn).
    Missing,
    /// Taken out of the collection; kept for the record.
    Withdrawn,
    /// Away for binding or repair.
    InRepair,
    /// Not for loan: used in the reading room only.
    ReadingRoomOnly,
    /// Returned and kept on the hold shelf for the patron first in a hold queue (circulation).
    OnHoldShelf,
}

/// The classification an item's call number follows (see [`callnumber::Scheme`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CallNumberScheme {
    /// Library of Congress Classification.
    Lcc,
    /// Dewey Decimal Classification.
    Ddc,
    /// Anything else, filed in natural order.
    Local,
}

macro_rules! string_enum {
    ($t:ty { $($v:ident = $s:literal),* $(,)? }) => {
        impl $t {
            /// The stored (and JSON) name.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }
            /// Reads a stored name; also accepts spaces or hyphens for underscores and any case.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
                match s.as_str() { $($s => Some(Self::$v),)* _ => None }
            }
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$v),*];
        }
    };
}

string_enum!(ItemType { Book = "book", SerialIssue = "serial_issue", Looseleaf = "looseleaf", Map = "map", Dvd = "dvd", Audio = "audio", Object = "object", Other = "other" });
string_enum!(ItemStatus { Available = "available", OnLoan = "on_loan", InTransit = "in_transit", Missing = "missing", Withdrawn = "withdrawn", InRepair = "in_repair", ReadingRoomOnly = "reading_room_only", OnHoldShelf = "on_hold_shelf" });
string_enum!(CallNumberScheme { Lcc = "lcc", Ddc = "ddc", Local = "local" });

impl From<Scheme> for CallNumberScheme {
    fn from(s: Scheme) -> Self {
        match s {
            Scheme::Lcc => CallNumberScheme::Lcc,
            Scheme::Ddc => CallNumberScheme::Ddc,
            Scheme::Local => CallNumberScheme::Local,
        }
    }
}

impl From<CallNumberScheme> for Scheme {
    fn from(s: CallNumberScheme) -> Self {
        match s {
            CallNumberScheme::Lcc => Scheme::Lcc,
            CallNumberScheme::Ddc => Scheme::Ddc,
            CallNumberScheme::Local => Scheme::Local,
        }
    }
}

/// One item as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Item {
    /// Row id of the item (table `items`), stable for the life of the library.
    pub id: i64,
    /// The bibliographic record the item is a copy of.
    pub record_id: RecordId,
    /// The item's barcode, unique in the library and checked against the library's [`BarcodeRules`](super::barcode::BarcodeRules) (MARC 21 Holdings 852 $p).
    pub barcode: String,
    /// As typed (empty when none).
    pub call_number: String,
    /// The classification the call number follows (MARC 21 Holdings 852 first indicator).
    pub scheme: CallNumberScheme,
    /// Shelf key: the call number's sort key, then the enumeration and copy number (byte order is
    /// shelf order; see `callnumber::sort_key` and `callnumber::item_shelf_key`).
    pub shelf_key: String,
    /// Why the call number could not be read by its scheme's rules (it is then filed after the
    /// readable ones, as typed).
    pub call_number_warning: Option<String>,
    /// Shelving location ("Stacks", "Reading room"); empty when none.
    pub location: String,
    /// What kind of thing the copy is.
    pub item_type: ItemType,
    /// Where the copy stands for circulation (exported as MARC 21 Holdings 876 $j).
    pub status: ItemStatus,
    /// Volume or part ("v.2").
    pub enumeration: Option<String>,
    /// Copy number ("2").
    pub copy_number: Option<String>,
    /// Price as written ("45.00 GBP").
    pub price: Option<String>,
    /// Date acquired, YYYY-MM-DD.
    pub acquired_on: Option<String>,
    /// The library's accession number for this copy (MARC 21 Holdings 876 $a).
    pub accession_number: Option<String>,
    /// Ownership and custodial history of this copy (MARC 21 561 $a).
    pub provenance: Option<String>,
    /// Binding information (MARC 21 563 $a).
    pub binding: Option<String>,
    /// Public note about this copy (MARC 21 Holdings 876 $z).
    pub note: Option<String>,
    /// When the item was added: RFC 3339 timestamp with offset, as passed by the caller.
    pub created_at: String,
    /// When the item was last changed: RFC 3339 timestamp with offset, as passed by the caller.
    pub updated_at: String,
}

/// An item as the user enters it (add and edit). Text fields are trimmed; empty text counts as
/// none. Every field but `barcode` may be left out of JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ItemInput {
    /// The barcode as scanned or typed; required, unique, and checked against the library's rules.
    pub barcode: String,
    /// The call number as typed (MARC 21 Holdings 852 $h); empty when none.
    pub call_number: String,
    /// None: guessed from the record, the library's default scheme, then the call number's form
    /// ([`guess_item_scheme`]).
    pub scheme: Option<CallNumberScheme>,
    /// Shelving location ("Stacks"); empty when none.
    pub location: String,
    /// None: book.
    pub item_type: Option<ItemType>,
    /// None: available (on edit: unchanged).
    pub status: Option<ItemStatus>,
    /// Volume or part ("v.2"; MARC 21 Holdings 852 $3).
    pub enumeration: Option<String>,
    /// Copy number ("2"; MARC 21 Holdings 852 $t).
    pub copy_number: Option<String>,
    /// Price as written ("45.00 GBP"; MARC 21 Holdings 876 $c).
    pub price: Option<String>,
    /// YYYY-MM-DD.
    pub acquired_on: Option<String>,
    /// The library's accession number (MARC 21 Holdings 876 $a).
    pub accession_number: Option<String>,
    /// Ownership and custodial history of this copy (MARC 21 561 $a).
    pub provenance: Option<String>,
    /// Binding information (MARC 21 563 $a).
    pub binding: Option<String>,
    /// Public note (MARC 21 Holdings 876 $z).
    pub note: Option<String>,
}

impl From<&Item> for ItemInput {
    /// The item as its edit form starts: every field as stored (scheme, type and status given,
    /// so that an edit changes only what it sets).
    fn from(item: &Item) -> ItemInput {
        ItemInput {
            barcode: item.barcode.clone(),
            call_number: item.call_number.clone(),
            scheme: Some(item.scheme),
            location: item.location.clone(),
            item_type: Some(item.item_type),
            status: Some(item.status),
            enumeration: item.enumeration.clone(),
            copy_number: item.copy_number.clone(),
            price: item.price.clone(),
            acquired_on: item.acquired_on.clone(),
            accession_number: item.accession_number.clone(),
            provenance: item.provenance.clone(),
            binding: item.binding.clone(),
            note: item.note.clone(),
        }
    }
}

/// The items of one record and the call number a new item of it would get (the record's own
/// call number, MARC 21 050/082/090/099/852), for the record view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct RecordItems {
    /// The bibliographic record whose items these are.
    pub record_id: RecordId,
    /// Its items in shelf order (shelf key, then id).
    pub items: Vec<Item>,
    /// The record's own first call number (MARC 21 Bibliographic 050/082/090/099/852); `None` when it has none.
    pub suggested_call_number: Option<String>,
    /// The item type a new copy of this record most likely is, from leader/06-07
    /// ([`ItemType::for_leader`]).
    pub suggested_item_type: ItemType,
}

impl ItemType {
    /// The usual item type of a record with MARC 21 leader/06 `record_type` and leader/07
    /// `level`: looseleaf for an integrating resource (i), serial issue for a serial (s), map for
    /// cartographic material (e, f), DVD for projected video (g), audio for sound recordings
    /// (i, j), object for three-dimensional artefacts (r); otherwise book.
    pub fn for_leader(record_type: char, level: char) -> ItemType {
        match (record_type, level) {
            ('a', 'i') => ItemType::Looseleaf,
            ('a', 's') => ItemType::SerialIssue,
            ('e' | 'f', _) => ItemType::Map,
            ('g', _) => ItemType::Dvd,
            ('i' | 'j', _) => ItemType::Audio,
            ('r', _) => ItemType::Object,
            _ => ItemType::Book,
        }
    }
}

const COLUMNS: &str = "id, record_id, barcode, call_number, scheme, shelf_key, call_number_warning, location, item_type, status,
    enumeration, copy_number, price, acquired_on, accession_number, provenance, binding, note, created_at, updated_at";

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    Ok(Item {
        id: r.get(0)?,
        record_id: r.get(1)?,
        barcode: text(2)?,
        call_number: text(3)?,
        scheme: CallNumberScheme::parse(&text(4)?).unwrap_or(CallNumberScheme::Local),
        shelf_key: text(5)?,
        call_number_warning: r.get(6)?,
        location: text(7)?,
        item_type: ItemType::parse(&text(8)?).unwrap_or(ItemType::Other),
        status: ItemStatus::parse(&text(9)?).unwrap_or(ItemStatus::Available),
        enumeration: r.get(10)?,
        copy_number: r.get(11)?,
        price: r.get(12)?,
        acquired_on: r.get(13)?,
        accession_number: r.get(14)?,
        provenance: r.get(15)?,
        binding: r.get(16)?,
        note: r.get(17)?,
        created_at: text(18)?,
        updated_at: text(19)?,
    })
}

/// An input checked and completed: what goes into the row.
#[derive(Debug)]
pub(crate) struct CleanItem {
    pub barcode: String,
    pub call_number: String,
    pub scheme: CallNumberScheme,
    pub shelf_key: String,
    pub warning: Option<String>,
    pub location: String,
    pub item_type: ItemType,
    pub status: ItemStatus,
    pub enumeration: Option<String>,
    pub copy_number: Option<String>,
    pub price: Option<String>,
    pub acquired_on: Option<String>,
    pub accession_number: Option<String>,
    pub provenance: Option<String>,
    pub binding: Option<String>,
    pub note: Option<String>,
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Whether `s` is a calendar date written YYYY-MM-DD.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Checks an input (pure): barcode by the library's rules, the acquisition date, and computes the
/// call number's shelf key. `status_default` is the status when the input names none.
pub(crate) fn clean(
    rules: &BarcodeRules,
    input: &ItemInput,
    status_default: ItemStatus,
) -> std::result::Result<CleanItem, String> {
    let barcode = validate_barcode(rules, &input.barcode)?;
    let call_number = input.call_number.trim().to_string();
    let scheme = input
        .scheme
        .unwrap_or_else(|| callnumber::detect_scheme(&call_number).into());
    let enumeration = opt(&input.enumeration);
    let copy_number = opt(&input.copy_number);
    let callnumber::SortKey {
        key: shelf_key,
        warning,
        ..
    } = callnumber::item_key(
        &call_number,
        scheme.into(),
        enumeration.as_deref(),
        copy_number.as_deref(),
    );
    let acquired_on = opt(&input.acquired_on);
    if let Some(d) = &acquired_on {
        if !is_iso_date(d) {
            return Err(format!(
                "acquisition date {d:?} is not a date written YYYY-MM-DD"
            ));
        }
    }
    Ok(CleanItem {
        barcode,
        call_number,
        scheme,
        shelf_key,
        warning,
        location: input.location.trim().to_string(),
        item_type: input.item_type.unwrap_or_default(),
        status: input.status.unwrap_or(status_default),
        enumeration,
        copy_number,
        price: opt(&input.price),
        acquired_on,
        accession_number: opt(&input.accession_number),
        provenance: opt(&input.provenance),
        binding: opt(&input.binding),
        note: opt(&input.note),
    })
}

/// The shelf key and call-number warning of a stored item (its call number, stored scheme name,
/// enumeration and copy number): what [`clean`] computes, for the schema 12 upgrade.
pub(crate) fn item_key(
    call_number: &str,
    scheme: &str,
    enumeration: Option<&str>,
    copy_number: Option<&str>,
) -> (String, Option<String>) {
    let call_number = call_number.trim();
    let scheme = CallNumberScheme::parse(scheme)
        .map(Scheme::from)
        .unwrap_or_else(|| callnumber::detect_scheme(call_number));
    let k = callnumber::item_key(call_number, scheme, enumeration, copy_number);
    (k.key, k.warning)
}

/// Refuses a barcode another item already has, naming that item's record.
fn check_unique(tx: &Transaction<'_>, barcode: &str, except_item: Option<i64>) -> Result<()> {
    let other: Option<(i64, i64)> = tx
        .prepare_cached("SELECT id, record_id FROM items WHERE barcode = ?1")?
        .query_row([barcode], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match other {
        Some((id, record)) if Some(id) != except_item => Err(Error::InvalidInput(format!(
            "barcode {barcode} is already on an item of record {record}"
        ))),
        _ => Ok(()),
    }
}

fn check_record(tx: &Transaction<'_>, record_id: RecordId) -> Result<()> {
    let deleted: Option<bool> = tx
        .query_row(
            "SELECT deleted_at IS NOT NULL FROM records WHERE id = ?1",
            [record_id],
            |r| r.get(0),
        )
        .optional()?;
    match deleted {
        None => Err(Error::NotFound(format!("no record with id {record_id}"))),
        Some(true) => Err(Error::InvalidInput(format!(
            "record {record_id} is deleted: restore it before adding items"
        ))),
        Some(false) => Ok(()),
    }
}

/// Inserts a checked item inside the caller's transaction (no re-index); returns its id.
pub(crate) fn insert_item(
    tx: &Transaction<'_>,
    record_id: RecordId,
    c: &CleanItem,
    now: Timestamp,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO items (record_id, barcode, call_number, scheme, shelf_key, call_number_warning, location, item_type,
             status, enumeration, copy_number, price, acquired_on, accession_number, provenance, binding, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)",
    )?
    .execute(params![
        record_id,
        c.barcode,
        c.call_number,
        c.scheme.as_str(),
        c.shelf_key,
        c.warning,
        c.location,
        c.item_type.as_str(),
        c.status.as_str(),
        c.enumeration,
        c.copy_number,
        c.price,
        c.acquired_on,
        c.accession_number,
        c.provenance,
        c.binding,
        c.note,
        now
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Whether an item with this barcode exists (any record).
pub(crate) fn barcode_in_use(tx: &Transaction<'_>, barcode: &str) -> Result<Option<RecordId>> {
    Ok(tx
        .prepare_cached("SELECT record_id FROM items WHERE barcode = ?1")?
        .query_row([barcode], |r| r.get(0))
        .optional()?)
}

/// The scheme a call number typed without one gets for an item of record `record_id`, and where it
/// came from: the record's call-number fields (MARC 21 050/090 LC, 082/092 Dewey, 852 indicator
/// 1), then the library's default scheme ([`super::settings::default_scheme`]), then the call
/// number's form (see [`callnumber::guess_scheme`]). [`add_item`] and [`update_item`] use it for
/// an input without a scheme; callers show it, so that a guess is never silent.
///
/// Errors: [`Error::NotFound`] when there is no such record.
pub fn guess_item_scheme(
    lib: &Library,
    record_id: RecordId,
    call_number: &str,
) -> Result<callnumber::SchemeGuess> {
    // A stored record that cannot be parsed again tells nothing; the guess goes on without it.
    let own = match super::get_marc(lib, record_id) {
        Ok(record) => callnumber::record_call_numbers(&record),
        Err(e @ Error::NotFound(_)) => return Err(e),
        Err(_) => Vec::new(),
    };
    let default = super::settings::default_scheme(lib)?.map(Scheme::from);
    Ok(callnumber::guess_scheme(call_number.trim(), &own, default))
}

/// `input` with its scheme guessed ([`guess_item_scheme`]) when it names none and has a call
/// number.
fn with_scheme(lib: &Library, record_id: RecordId, input: &ItemInput) -> Result<ItemInput> {
    let mut input = input.clone();
    if input.scheme.is_none() && !input.call_number.trim().is_empty() {
        input.scheme = Some(
            guess_item_scheme(lib, record_id, &input.call_number)?
                .scheme
                .into(),
        );
    }
    Ok(input)
}

/// Refuses "on loan" and "on the hold shelf" typed by hand (an item form, `carrel item add|edit
/// --status`): an item's status never claims a loan or a trapped hold that is not there. The
/// desk sets them, with the loan or hold behind them (check-out, hold trapping). Keeping the
/// status the item already has (`current`, an edit form sending it back) is no claim.
fn refuse_desk_status(status: Option<ItemStatus>, current: Option<ItemStatus>) -> Result<()> {
    let Some(s) = status else { return Ok(()) };
    if current == Some(s) {
        return Ok(());
    }
    let how = match s {
        ItemStatus::OnLoan => "check it out to a patron at the desk (`carrel checkout`)",
        ItemStatus::OnHoldShelf => {
            "trap a hold on it at the desk (check it in while a hold waits for its record)"
        }
        _ => return Ok(()),
    };
    Err(Error::InvalidInput(format!(
        "the status {:?} is set by the desk, not by hand, so that it never claims a loan or hold that is not there: {how}",
        s.as_str()
    )))
}

/// Adds an item to record `record_id` (one transaction) and re-indexes the record.
///
/// Errors: [`Error::NotFound`] when there is no such record; [`Error::InvalidInput`] when the
/// status is `on_loan` or `on_hold_shelf` (the desk sets those), the record is deleted, the barcode breaks the library's rules ([`super::barcode`]) or is already on
/// another item (the message names that item's record), or the acquisition date is not
/// YYYY-MM-DD. A call number that cannot be read is kept as typed with `call_number_warning`.
pub fn add_item(
    lib: &mut Library,
    record_id: RecordId,
    input: &ItemInput,
    now: Timestamp,
) -> Result<Item> {
    refuse_desk_status(input.status, None)?;
    let rules = barcode_rules(lib)?;
    let input = &with_scheme(lib, record_id, input)?;
    let c = clean(&rules, input, ItemStatus::Available).map_err(Error::InvalidInput)?;
    let tx = lib.immediate()?;
    check_record(&tx, record_id)?;
    check_unique(&tx, &c.barcode, None)?;
    let id = insert_item(&tx, record_id, &c, now)?;
    super::reread_record(&tx, record_id)?;
    tx.commit()?;
    get_item(lib, id)
}

/// Replaces every field of item `id` with `input` (a `None` status keeps the current one) and
/// re-indexes its record. Errors as [`add_item`] (a status `on_loan` or `on_hold_shelf` the item
/// already has may be kept), and [`Error::NotFound`] for an unknown item.
pub fn update_item(lib: &mut Library, id: i64, input: &ItemInput, now: Timestamp) -> Result<Item> {
    let current = get_item(lib, id)?;
    refuse_desk_status(input.status, Some(current.status))?;
    let rules = barcode_rules(lib)?;
    let input = &with_scheme(lib, current.record_id, input)?;
    // A barcode stored before the rules changed may be kept as it is.
    let c = if input.barcode.trim() == current.barcode {
        let any = BarcodeRules::default();
        clean(&any, input, current.status)
    } else {
        clean(&rules, input, current.status)
    }
    .map_err(Error::InvalidInput)?;
    let tx = lib.immediate()?;
    check_unique(&tx, &c.barcode, Some(id))?;
    tx.execute(
        "UPDATE items SET barcode = ?2, call_number = ?3, scheme = ?4, shelf_key = ?5, call_number_warning = ?6, location = ?7,
             item_type = ?8, status = ?9, enumeration = ?10, copy_number = ?11, price = ?12, acquired_on = ?13,
             accession_number = ?14, provenance = ?15, binding = ?16, note = ?17, updated_at = ?18
         WHERE id = ?1",
        params![
            id,
            c.barcode,
            c.call_number,
            c.scheme.as_str(),
            c.shelf_key,
            c.warning,
            c.location,
            c.item_type.as_str(),
            c.status.as_str(),
            c.enumeration,
            c.copy_number,
            c.price,
            c.acquired_on,
            c.accession_number,
            c.provenance,
            c.binding,
            c.note,
            now
        ],
    )?;
    super::reread_record(&tx, current.record_id)?;
    tx.commit()?;
    get_item(lib, id)
}

/// Deletes item `id` and re-indexes its record. Errors: [`Error::NotFound`]; [`Error::InvalidInput`]
/// when the item is on loan (return it first).
pub fn delete_item(lib: &mut Library, id: i64) -> Result<Item> {
    let item = get_item(lib, id)?;
    if item.status == ItemStatus::OnLoan {
        return Err(Error::InvalidInput(format!(
            "item {} is on loan: return it before deleting it",
            item.barcode
        )));
    }
    let tx = lib.immediate()?;
    tx.execute("DELETE FROM items WHERE id = ?1", [id])?;
    super::reread_record(&tx, item.record_id)?;
    tx.commit()?;
    Ok(item)
}

/// Item `id`. Errors: [`Error::NotFound`].
pub fn get_item(lib: &Library, id: i64) -> Result<Item> {
    lib.conn()
        .query_row(
            &format!("SELECT {COLUMNS} FROM items WHERE id = ?1"),
            [id],
            item_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no item with id {id}")))
}

/// The item with this barcode (trimmed; under Code 39 rules also upper-cased, as stored).
/// Errors: [`Error::NotFound`].
pub fn get_item_by_barcode(lib: &Library, barcode: &str) -> Result<Item> {
    let b = barcode.trim();
    let mut stmt = lib
        .conn()
        .prepare_cached(&format!("SELECT {COLUMNS} FROM items WHERE barcode = ?1"))?;
    if let Some(item) = stmt.query_row([b], item_from_row).optional()? {
        return Ok(item);
    }
    let upper = b.to_ascii_uppercase();
    if upper != b {
        if let Some(item) = stmt.query_row([&upper], item_from_row).optional()? {
            return Ok(item);
        }
    }
    Err(Error::NotFound(format!("no item with barcode {b}")))
}

/// The items of record `record_id`, in shelf order (then in the order they were added).
/// Errors: [`Error::NotFound`] when there is no such record.
pub fn items_of_record(lib: &Library, record_id: RecordId) -> Result<Vec<Item>> {
    let exists: bool = lib.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM records WHERE id = ?1)",
        [record_id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound(format!("no record with id {record_id}")));
    }
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM items WHERE record_id = ?1 ORDER BY shelf_key, id"
    ))?;
    let items = stmt
        .query_map([record_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// The items of record `record_id` in the order they were added (no check that it exists): what
/// export writes.
pub(crate) fn items_in_id_order(lib: &Library, record_id: RecordId) -> Result<Vec<Item>> {
    let mut stmt = lib.conn().prepare_cached(&format!(
        "SELECT {COLUMNS} FROM items WHERE record_id = ?1 ORDER BY id"
    ))?;
    let items = stmt
        .query_map([record_id], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// [`items_of_record`] with the call number the record view offers for a new item: the record's
/// own first call number (bibliographic 050/082/090/099/852), else that of its first copy that
/// has one (a record catalogued without a call number still shelves its next copy beside the others).
pub fn record_items(lib: &Library, record_id: RecordId) -> Result<RecordItems> {
    let items = items_of_record(lib, record_id)?;
    let record = super::get_marc(lib, record_id)?;
    let suggested_call_number = super::extract(&record)
        .call_numbers
        .into_iter()
        .next()
        .or_else(|| {
            items
                .iter()
                .map(|i| i.call_number.trim())
                .find(|c| !c.is_empty())
                .map(str::to_string)
        });
    let suggested_item_type = ItemType::for_leader(
        record.leader.record_type(),
        record.leader.bibliographic_level(),
    );
    Ok(RecordItems {
        record_id,
        items,
        suggested_call_number,
        suggested_item_type,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_enums_read_their_names_and_loose_spellings() {
        assert_eq!(
            ItemStatus::parse("Reading room only"),
            Some(ItemStatus::ReadingRoomOnly)
        );
        assert_eq!(ItemStatus::parse("on-loan"), Some(ItemStatus::OnLoan));
        assert_eq!(ItemType::parse("serial_issue"), Some(ItemType::SerialIssue));
        assert_eq!(ItemType::parse("cassette"), None);
        for t in ItemType::ALL {
            assert_eq!(
                serde_json::to_value(t).unwrap(),
                serde_json::Value::from(t.as_str())
            );
        }
        for s in ItemStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::from(s.as_str())
            );
        }
    }

    #[test]
    fn dates_are_checked_as_calendar_dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2024-13-01"));
        assert!(!is_iso_date("24-01-01"));
    }

    #[test]
    fn an_unreadable_call_number_is_kept_with_a_warning() {
        let input = ItemInput {
            barcode: "X1".into(),
            call_number: "FIC SMITH".into(),
            scheme: Some(CallNumberScheme::Ddc),
            ..Default::default()
        };
        let c = clean(&BarcodeRules::default(), &input, ItemStatus::Available).unwrap();
        assert_eq!(c.call_number, "FIC SMITH");
        assert!(c.warning.is_some());
        assert!(c.shelf_key.starts_with("D~"), "{}", c.shelf_key);
    }
}
