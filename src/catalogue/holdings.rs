//! Items in MARC: written as MARC 21 Holdings 852 + 876 embedded in the bibliographic record
//! (with 561 and 563 for an item's provenance and binding), read back from 852/876 and from
//! Koha's 952. The mapping and the reasons for it are in `docs/holdings.md`.
//!
//! Export, item number `n` (1, 2, … after any link number already in the record):
//!
//! | item | field |
//! |---|---|
//! | location | 852 $c (shelving location) |
//! | call number | 852 $h, whole; indicator 1 `0` LC, `1` Dewey, `8` other scheme |
//! | barcode | 852 $p and 876 $p (piece designation) |
//! | copy number | 852 $t |
//! | enumeration | 852 $3 (materials specified) |
//! | accession number | 876 $a (internal item number) |
//! | price | 876 $c (cost) |
//! | acquisition date | 876 $d (date acquired, yyyymmdd) |
//! | status | 876 $j (item status: `available`, `on_loan`, …) |
//! | item type | 876 $x (nonpublic note) `item type: map` |
//! | note | 876 $z (public note) |
//! | provenance | 561 $a, linked by $8 `n\u` |
//! | binding | 563 $a, linked by $8 `n\u` |
//!
//! 852 carries $8 `n`, 876 $8 `n.1`.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use carrel_marc::{Field, Record, Subfield};
use rusqlite::Transaction;

use super::barcode::BarcodeRules;
use super::callnumber;
use super::items::{
    barcode_in_use, clean, insert_item, CallNumberScheme, Item, ItemInput, ItemStatus, ItemType,
};
use crate::error::Result;

/// Tags whose fields may describe items.
const ITEM_TAGS: [&str; 6] = ["852", "876", "877", "878", "952", "561"];

/// Whether the record has a field an item could be read from (852, 876, 952): the import reads
/// items only then, so that records without holdings cost nothing more.
pub fn has_holdings(record: &Record) -> bool {
    record
        .fields
        .iter()
        .any(|f| matches!(f.tag(), "852" | "876" | "952"))
}

fn data(tag: &str, ind1: char, subfields: Vec<(char, String)>) -> Field {
    Field::Data {
        tag: tag.into(),
        ind1,
        ind2: ' ',
        subfields: subfields
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(code, value)| Subfield { code, value })
            .collect(),
    }
}

/// The leading digits of a $8 value: the link number (`"2.1"`, `"2\u"` → 2).
fn link_number(f: &Field) -> Option<u32> {
    let v = f.subfield('8')?;
    let digits: String = v.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The fields that describe `item` as item number `n` (see the module table).
pub fn item_fields(item: &Item, n: u32) -> Vec<Field> {
    let ind1 = match (item.call_number.is_empty(), item.scheme) {
        (true, _) => ' ',
        (false, CallNumberScheme::Lcc) => '0',
        (false, CallNumberScheme::Ddc) => '1',
        (false, CallNumberScheme::Local) => '8',
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut out = vec![
        data(
            "852",
            ind1,
            vec![
                ('8', n.to_string()),
                ('3', s(&item.enumeration)),
                ('c', item.location.clone()),
                ('h', item.call_number.clone()),
                ('p', item.barcode.clone()),
                ('t', s(&item.copy_number)),
            ],
        ),
        data(
            "876",
            ' ',
            vec![
                ('8', format!("{n}.1")),
                ('a', s(&item.accession_number)),
                ('c', s(&item.price)),
                (
                    'd',
                    item.acquired_on
                        .as_deref()
                        .map(|d| d.replace('-', ""))
                        .unwrap_or_default(),
                ),
                ('j', item.status.as_str().to_string()),
                ('p', item.barcode.clone()),
                ('x', format!("item type: {}", item.item_type.as_str())),
                ('z', s(&item.note)),
            ],
        ),
    ];
    if let Some(p) = &item.provenance {
        out.push(data(
            "561",
            ' ',
            vec![('8', format!("{n}\\u")), ('a', p.clone())],
        ));
    }
    if let Some(b) = &item.binding {
        out.push(data(
            "563",
            ' ',
            vec![('8', format!("{n}\\u")), ('a', b.clone())],
        ));
    }
    out
}

/// Writes `items` into `record`: fields 852/876-878/952 that carry one of their barcodes in $p
/// are replaced (with the 561/563 linked to them by $8), so that a record imported with its
/// holdings does not get them twice; each new field goes before the first field with a higher
/// tag.
pub fn merge_items(record: &mut Record, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    let ours = |f: &Field| {
        matches!(f.tag(), "852" | "876" | "877" | "878" | "952")
            && f.subfields()
                .iter()
                .any(|s| s.code == 'p' && items.iter().any(|i| i.barcode == s.value.trim()))
    };
    let dropped_links: Vec<u32> = record
        .fields
        .iter()
        .filter(|f| ours(f))
        .filter_map(link_number)
        .collect();
    record.fields.retain(|f| {
        !(ours(f)
            || (matches!(f.tag(), "561" | "563")
                && link_number(f).is_some_and(|n| dropped_links.contains(&n))))
    });
    let mut next = record
        .fields
        .iter()
        .filter(|f| ITEM_TAGS.contains(&f.tag()) || f.tag() == "563")
        .filter_map(link_number)
        .max()
        .unwrap_or(0);
    for item in items {
        next += 1;
        for field in item_fields(item, next) {
            let at = record
                .fields
                .iter()
                .position(|f| f.tag() > field.tag())
                .unwrap_or(record.fields.len());
            record.fields.insert(at, field);
        }
    }
}

/// An item read from a record, or why one could not be: `(tag, input or reason)`.
pub type ReadItem = (String, std::result::Result<ItemInput, String>);

fn joined(f: &Field, codes: &str) -> String {
    f.values(codes)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn some(v: String) -> Option<String> {
    Some(v).filter(|s| !s.is_empty())
}

/// `yyyymmdd` (MARC 21 876 $d) or `yyyy-mm-dd` → `yyyy-mm-dd`; anything else as given (it is
/// then refused with a reason).
fn iso_date(v: &str) -> String {
    let v = v.trim();
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..])
    } else {
        v.to_string()
    }
}

/// Reads the items a record carries: 852 paired with its 876 (same $8 link number, else the same
/// $p barcode, else in order), an 876 alone, and Koha 952. Fields without a barcode are
/// location statements, not items, and are skipped.
pub fn read_items(record: &Record) -> Vec<ReadItem> {
    let mut out = Vec::new();
    let f852: Vec<&Field> = record.fields_with_tag("852").collect();
    let f876: Vec<&Field> = record.fields_with_tag("876").collect();
    let mut used876 = vec![false; f876.len()];
    let linked = |tag: &str, n: Option<u32>| -> Option<String> {
        let n = n?;
        record
            .fields_with_tag(tag)
            .find(|f| link_number(f) == Some(n))
            .map(|f| joined(f, "a"))
            .filter(|s| !s.is_empty())
    };
    let mut unlinked_876 = f876
        .iter()
        .enumerate()
        .filter(|(_, f)| link_number(f).is_none())
        .map(|(i, _)| i);
    for h in &f852 {
        let link = link_number(h);
        let barcode852 = h.subfield('p').map(str::trim).filter(|s| !s.is_empty());
        let pair = f876
            .iter()
            .enumerate()
            .find(|(i, f)| !used876[*i] && link.is_some() && link_number(f) == link)
            .or_else(|| {
                f876.iter().enumerate().find(|(i, f)| {
                    !used876[*i]
                        && barcode852.is_some()
                        && f.subfield('p').map(str::trim) == barcode852
                })
            })
            .map(|(i, _)| i)
            .or_else(|| {
                if link.is_none() {
                    unlinked_876.next().filter(|&i| !used876[i])
                } else {
                    None
                }
            });
        if let Some(i) = pair {
            used876[i] = true;
        }
        let i876 = pair.map(|i| f876[i]);
        let barcode = barcode852
            .or_else(|| i876.and_then(|f| f.subfield('p')).map(str::trim))
            .unwrap_or("");
        if barcode.is_empty() {
            continue;
        }
        let (ind1, _) = h.indicators();
        let mut call_number = joined(h, "khim");
        if call_number.is_empty() {
            // Shelving control number: where Evergreen writes the call number.
            call_number = joined(h, "j");
        }
        let scheme = match ind1 {
            '0' => Some(CallNumberScheme::Lcc),
            '1' => Some(CallNumberScheme::Ddc),
            '8' => Some(CallNumberScheme::Local),
            _ => None,
        };
        let location = [h.subfield('c'), h.subfield('b'), h.subfield('a')]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string();
        let mut input = ItemInput {
            barcode: barcode.to_string(),
            call_number,
            scheme,
            location,
            enumeration: some(joined(h, "3")),
            copy_number: some(joined(h, "t")),
            provenance: linked("561", link),
            binding: linked("563", link),
            ..ItemInput::default()
        };
        let mut problem = None;
        if let Some(f) = i876 {
            if let Err(why) = apply_876(&mut input, f) {
                problem = Some(why);
            }
        }
        out.push((
            "852".to_string(),
            match problem {
                Some(why) => Err(why),
                None => Ok(input),
            },
        ));
    }
    for (i, f) in f876.iter().enumerate() {
        if used876[i] {
            continue;
        }
        let Some(barcode) = f.subfield('p').map(str::trim).filter(|s| !s.is_empty()) else {
            continue;
        };
        let mut input = ItemInput {
            barcode: barcode.to_string(),
            ..ItemInput::default()
        };
        let r = apply_876(&mut input, f).map(|()| input);
        out.push(("876".to_string(), r));
    }
    for f in record.fields_with_tag("952") {
        if let Some(item) = read_952(f) {
            out.push(("952".to_string(), item));
        }
    }
    out
}

fn apply_876(input: &mut ItemInput, f: &Field) -> std::result::Result<(), String> {
    input.accession_number = some(joined(f, "a"));
    input.price = some(joined(f, "c"));
    input.acquired_on = some(iso_date(&joined(f, "d")));
    input.note = some(joined(f, "z"));
    if let Some(status) = f.subfield('j').map(str::trim).filter(|s| !s.is_empty()) {
        input.status = Some(ItemStatus::parse(status).ok_or_else(|| {
            format!(
                "item {}: unknown item status {status:?} in 876 $j",
                input.barcode
            )
        })?);
    }
    for x in f.values("x") {
        if let Some(t) = x.trim().strip_prefix("item type:") {
            input.item_type = Some(ItemType::parse(t).ok_or_else(|| {
                format!("item {}: unknown item type {:?}", input.barcode, t.trim())
            })?);
        }
    }
    Ok(())
}

/// Koha's item type codes (952 $y) as far as they are common; anything else is `other`.
fn koha_item_type(code: &str) -> ItemType {
    if let Some(t) = ItemType::parse(code) {
        return t;
    }
    match code.trim().to_ascii_uppercase().as_str() {
        "BK" | "BKS" | "BOOKS" | "MONO" => ItemType::Book,
        "SER" | "CR" | "PER" | "JOURNAL" | "MAG" | "SERIAL" => ItemType::SerialIssue,
        "MP" | "MAPS" => ItemType::Map,
        "VM" | "VIDEO" | "DVDS" | "BLURAY" => ItemType::Dvd,
        "CD" | "SR" | "MU" | "MUSIC" => ItemType::Audio,
        "LL" | "LOOSE" => ItemType::Looseleaf,
        "REALIA" | "OBJ" | "KT" => ItemType::Object,
        _ => ItemType::Other,
    }
}

/// Koha 952: $p barcode, $o call number, $2 classification source, $c shelving location (else
/// $b holding branch, else $a home branch), $y item type, $g purchase price (else $v replacement
/// price), $d date acquired, $t copy number, $h enumeration, $i inventory number, $z public
/// note; $0 withdrawn, $1 lost (missing), $4 damaged (in repair), $7 not for loan (reading room
/// only) when not 0.
fn read_952(f: &Field) -> Option<std::result::Result<ItemInput, String>> {
    let barcode = f.subfield('p').map(str::trim).filter(|s| !s.is_empty())?;
    let flag = |c: char| {
        f.subfield(c)
            .map(str::trim)
            .is_some_and(|v| !v.is_empty() && v != "0")
    };
    let status = if flag('0') {
        ItemStatus::Withdrawn
    } else if flag('1') {
        ItemStatus::Missing
    } else if flag('4') {
        ItemStatus::InRepair
    } else if flag('7') {
        ItemStatus::ReadingRoomOnly
    } else {
        ItemStatus::Available
    };
    let scheme = match f.subfield('2').map(|s| s.trim().to_ascii_lowercase()) {
        Some(s) if s == "lcc" => Some(CallNumberScheme::Lcc),
        Some(s) if s == "ddc" => Some(CallNumberScheme::Ddc),
        Some(s) if !s.is_empty() => Some(CallNumberScheme::Local),
        _ => None,
    };
    let location = ['c', 'b', 'a']
        .into_iter()
        .filter_map(|c| f.subfield(c))
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("");
    Some(Ok(ItemInput {
        barcode: barcode.to_string(),
        call_number: joined(f, "o"),
        scheme,
        location: location.to_string(),
        item_type: f.subfield('y').map(koha_item_type),
        status: Some(status),
        enumeration: some(joined(f, "h")),
        copy_number: some(joined(f, "t")),
        price: some(joined(f, "g")).or_else(|| some(joined(f, "v"))),
        acquired_on: some(iso_date(&joined(f, "d"))),
        accession_number: some(joined(f, "i")),
        note: some(joined(f, "z")),
        ..ItemInput::default()
    }))
}

/// Creates the items `record` carries for stored record `record_id`, inside the import's
/// transaction, and re-indexes the record when it got any. A barcode already on an item of this
/// record is left as it is (a merge that brings the same holdings); one on another record, a
/// barcode the library's rules refuse, or an unreadable value gives a warning `(tag, reason)` and
/// no item.
pub(crate) fn import_items(
    tx: &Transaction<'_>,
    record_id: RecordId,
    record: &Record,
    rules: &BarcodeRules,
    now: Timestamp,
) -> Result<Vec<(String, String)>> {
    let (warnings, added) = write_items(tx, record_id, record, rules, now)?;
    if added > 0 {
        super::reread_record(tx, record_id)?;
    }
    Ok(warnings)
}

/// [`import_items`] without the re-indexing: for a record not indexed yet. Returns the warnings
/// and the number of items made.
pub(crate) fn write_items(
    tx: &Transaction<'_>,
    record_id: RecordId,
    record: &Record,
    rules: &BarcodeRules,
    now: Timestamp,
) -> Result<(Vec<(String, String)>, usize)> {
    let mut warnings = Vec::new();
    let mut added = 0;
    // Holdings that do not say the item type get the record's usual one (leader/06-07), so a
    // looseleaf service's copies are looseleafs and a film's are DVDs, not books.
    let usual_type = ItemType::for_leader(
        record.leader.record_type(),
        record.leader.bibliographic_level(),
    );
    // A call number without a scheme ($2 of 952, indicator 1 of 852 blank): guessed from the
    // record's own call numbers, then the library's default, then its form.
    let record_call_numbers = callnumber::record_call_numbers(record);
    let default_scheme = super::settings::default_scheme_conn(tx)?.map(callnumber::Scheme::from);
    for (tag, read) in read_items(record) {
        let input = match read {
            Ok(mut i) => {
                i.item_type.get_or_insert(usual_type);
                if i.scheme.is_none() && !i.call_number.trim().is_empty() {
                    let g = callnumber::guess_scheme(
                        i.call_number.trim(),
                        &record_call_numbers,
                        default_scheme,
                    );
                    i.scheme = Some(g.scheme.into());
                }
                i
            }
            Err(why) => {
                warnings.push((tag, format!("{why}: no item made")));
                continue;
            }
        };
        let mut c = match clean(rules, &input, ItemStatus::Available) {
            Ok(c) => c,
            Err(why) => {
                warnings.push((tag, format!("{why}: no item made")));
                continue;
            }
        };
        match barcode_in_use(tx, &c.barcode)? {
            Some(r) if r == record_id => continue,
            Some(r) => {
                warnings.push((
                    tag,
                    format!(
                        "barcode {} is already on an item of record {r}: no item made",
                        c.barcode
                    ),
                ));
                continue;
            }
            None => {}
        }
        // A status that claims a loan or a hold (another library's, or this one's before an
        // export) would claim one that is not here: a new item has neither. The copy came in, so
        // it is on the shelf; the warning says where the mark went.
        if let Some(was) = match c.status {
            ItemStatus::OnLoan => Some("on loan"),
            ItemStatus::OnHoldShelf => Some("on the hold shelf"),
            _ => None,
        } {
            c.status = ItemStatus::Available;
            warnings.push((
                tag.clone(),
                format!(
                    "item {} was marked {was} where it came from, but it has no loan or hold in \
                     this library: it was added as available",
                    c.barcode
                ),
            ));
        }
        insert_item(tx, record_id, &c, now)?;
        added += 1;
    }
    Ok((warnings, added))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn koha_952_reads_as_an_item() {
        let r = Record::new().with_data(
            "952",
            "  ",
            &[
                ('a', "MAIN"),
                ('c', "REF"),
                ('o', "KF 4550 .A2 1998"),
                ('p', "0001234"),
                ('y', "BK"),
                ('g', "85.00"),
                ('d', "2019-03-04"),
                ('7', "1"),
            ],
        );
        let items = read_items(&r);
        assert_eq!(items.len(), 1);
        let i = items[0].1.as_ref().unwrap();
        assert_eq!(
            (
                i.barcode.as_str(),
                i.call_number.as_str(),
                i.location.as_str()
            ),
            ("0001234", "KF 4550 .A2 1998", "REF")
        );
        assert_eq!(
            (i.item_type, i.status),
            (Some(ItemType::Book), Some(ItemStatus::ReadingRoomOnly))
        );
        assert_eq!(
            (i.price.as_deref(), i.acquired_on.as_deref()),
            (Some("85.00"), Some("2019-03-04"))
        );
    }

    #[test]
    fn an_852_without_a_barcode_is_a_location_not_an_item() {
        let r = Record::new().with_data("852", "  ", &[('b', "ALDERMAN"), ('c', "STACKS")]);
        assert!(read_items(&r).is_empty());
        assert!(has_holdings(&r));
    }
}
