//! The shelf list: items in shelf order (item shelf key — call number, then enumeration and
//! copy number — then item id), the whole collection or one shelving location, a page at a time.
//!
//! Pages are read by keyset on the `(location,) shelf_key, id` indexes (`items_shelf`,
//! `items_location_shelf`): a page costs the same wherever it is in the collection, never an
//! OFFSET over the table. Items of deleted records are left out.

use crate::ids::RecordId;
use rusqlite::{params_from_iter, types::Value, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::callnumber;
use super::items::{ItemStatus, ItemType};
use crate::error::{Error, Result};
use crate::storage::Library;

/// A place in shelf order: an item's shelf key and id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ShelfCursor {
    /// The item's shelf key (call-number sort key; byte order is shelf order).
    pub shelf_key: String,
    /// The item's row id, which orders items with the same key.
    pub id: i64,
}

/// Where a page starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ShelfStart {
    /// The start of the shelf.
    First,
    /// The items after this place (the "Next" page).
    After(ShelfCursor),
    /// The items before this place (the "Previous" page), still shown in shelf order.
    Before(ShelfCursor),
    /// The place where this call number would stand (its scheme the library's default when it
    /// fits, else guessed from its form), with about half a page of neighbours before it: the
    /// shelf browse.
    Around(String),
}

/// One line of the shelf list: an item and its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ShelfEntry {
    /// Row id of the item (table `items`).
    pub item_id: i64,
    /// Row id of its bibliographic record.
    pub record_id: RecordId,
    /// The item's barcode.
    pub barcode: String,
    /// The call number as typed (empty when none; such items file first).
    pub call_number: String,
    /// Why the call number could not be read by its scheme's rules; `None` when it could.
    pub call_number_warning: Option<String>,
    /// Shelving location (empty when none).
    pub location: String,
    /// What kind of thing the item is.
    pub item_type: ItemType,
    /// Where the item stands for circulation.
    pub status: ItemStatus,
    /// Volume or part ("v.2"; MARC 21 Holdings 852 $3).
    pub enumeration: Option<String>,
    /// Copy number ("2"; MARC 21 Holdings 852 $t).
    pub copy_number: Option<String>,
    /// Shelf key: the call number's sort key, then enumeration and copy number (byte order is
    /// shelf order).
    pub shelf_key: String,
    /// The record's title (245), responsibility (245 $c or main entry) and date.
    pub title: String,
    /// Statement of responsibility (245 $c), else the main entry; `None` when neither.
    pub responsibility: Option<String>,
    /// Publication year, four digits (264/260 $c, else 008/07-10); `None` when unknown.
    pub date: Option<String>,
}

/// A page of the shelf list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct ShelfPage {
    /// In shelf order.
    pub entries: Vec<ShelfEntry>,
    /// Start of the previous page (`ShelfStart::Before`), None at the start of the shelf.
    pub before: Option<ShelfCursor>,
    /// Start of the next page (`ShelfStart::After`), None at the end of the shelf.
    pub after: Option<ShelfCursor>,
    /// For `Around`: index in `entries` of the first item filed at or after the call number
    /// asked for (equal to `entries.len()` when it would stand after them all).
    pub position: Option<u32>,
    /// For `Around`: the item at `position` has exactly the call number asked for (same
    /// call-number key, whatever its enumeration and copy).
    pub exact: bool,
}

/// Most entries on one page.
pub const MAX_PAGE: u32 = 500;

const SELECT: &str = "SELECT i.id, i.record_id, i.barcode, i.call_number, i.call_number_warning, i.location, i.item_type, i.status,
    i.enumeration, i.copy_number, i.shelf_key, r.title, r.responsibility, r.date
    FROM items i JOIN records r ON r.id = i.record_id";

fn entry(r: &Row<'_>) -> rusqlite::Result<ShelfEntry> {
    Ok(ShelfEntry {
        item_id: r.get(0)?,
        record_id: r.get(1)?,
        barcode: r.get(2)?,
        call_number: r.get(3)?,
        call_number_warning: r.get(4)?,
        location: r.get(5)?,
        item_type: ItemType::parse(&r.get::<_, String>(6)?).unwrap_or(ItemType::Other),
        status: ItemStatus::parse(&r.get::<_, String>(7)?).unwrap_or(ItemStatus::Available),
        enumeration: r.get(8)?,
        copy_number: r.get(9)?,
        shelf_key: r.get(10)?,
        title: r.get(11)?,
        responsibility: r.get(12)?,
        date: r.get(13)?,
    })
}

/// Reads up to `limit` entries from `(key, id)` onwards (`forward`) or backwards, excluding that
/// place itself; backwards pages come back in reverse shelf order.
fn read(
    lib: &Library,
    location: Option<&str>,
    from: Option<(&str, i64)>,
    forward: bool,
    limit: u32,
) -> Result<Vec<ShelfEntry>> {
    let mut sql = format!("{SELECT} WHERE r.deleted_at IS NULL");
    let mut args: Vec<Value> = Vec::new();
    if let Some(loc) = location {
        sql.push_str(" AND i.location = ?");
        args.push(Value::Text(loc.to_string()));
    }
    if let Some((key, id)) = from {
        sql.push_str(if forward {
            " AND (i.shelf_key, i.id) > (?, ?)"
        } else {
            " AND (i.shelf_key, i.id) < (?, ?)"
        });
        args.push(Value::Text(key.to_string()));
        args.push(Value::Integer(id));
    }
    sql.push_str(if forward {
        " ORDER BY i.shelf_key, i.id"
    } else {
        " ORDER BY i.shelf_key DESC, i.id DESC"
    });
    sql.push_str(" LIMIT ?");
    args.push(Value::Integer(i64::from(limit)));
    let mut stmt = lib.conn().prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(args), entry)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn cursor(e: &ShelfEntry) -> ShelfCursor {
    ShelfCursor {
        shelf_key: e.shelf_key.clone(),
        id: e.item_id,
    }
}

/// A page of at most `limit` (1–[`MAX_PAGE`]) items in shelf order, of one shelving location
/// (`location`, exact) or all, starting as `start` says. Errors: [`Error::InvalidInput`] for a
/// limit of 0 or over [`MAX_PAGE`], or an empty call number to browse to.
pub fn shelf_list(
    lib: &Library,
    location: Option<&str>,
    start: &ShelfStart,
    limit: u32,
) -> Result<ShelfPage> {
    if limit == 0 || limit > MAX_PAGE {
        return Err(Error::InvalidInput(format!(
            "page size {limit}: give 1 to {MAX_PAGE}"
        )));
    }
    let location = location.filter(|l| !l.is_empty());
    // Read one more than the page to know whether there is more beyond it.
    let (entries, more_before, more_after, position, exact) = match start {
        ShelfStart::First => {
            let mut e = read(lib, location, None, true, limit + 1)?;
            let more = e.len() > limit as usize;
            e.truncate(limit as usize);
            (e, false, more, None, false)
        }
        ShelfStart::After(c) => {
            let mut e = read(lib, location, Some((&c.shelf_key, c.id)), true, limit + 1)?;
            let more = e.len() > limit as usize;
            e.truncate(limit as usize);
            (e, true, more, None, false)
        }
        ShelfStart::Before(c) => {
            let mut e = read(lib, location, Some((&c.shelf_key, c.id)), false, limit + 1)?;
            let more = e.len() > limit as usize;
            if !more && e.len() < limit as usize {
                // Near the start: a whole first page rather than a short one.
                return shelf_list(lib, location, &ShelfStart::First, limit);
            }
            e.truncate(limit as usize);
            e.reverse();
            (e, more, true, None, false)
        }
        ShelfStart::Around(cn) => {
            let cn = cn.trim();
            if cn.is_empty() {
                return Err(Error::InvalidInput("give a call number to go to".into()));
            }
            let default = super::settings::default_scheme(lib)?.map(callnumber::Scheme::from);
            let scheme = callnumber::guess_scheme(cn, &[], default).scheme;
            // As an item's key: a volume typed after the call number ("K1 .Y3 v.10", as the
            // shelf list shows it) is where that volume stands.
            let key = callnumber::item_key(cn, scheme, None, None).key;
            let (head, volume) = callnumber::split_enumeration(cn, scheme);
            let head_key = callnumber::sort_key(head, scheme).key;
            // (key, 0) sits before every item with this key: ids start at 1.
            let want_before = limit / 2;
            let mut after = read(lib, location, Some((&key, 0)), true, limit + 1)?;
            let mut before = read(lib, location, Some((&key, 0)), false, limit + 1)?;
            // Fill the page from the other side when one side runs short.
            let take_before = (want_before as usize)
                .max(limit as usize - after.len().min(limit as usize))
                .min(before.len());
            let take_after = (limit as usize - take_before).min(after.len());
            let more_before = before.len() > take_before;
            let more_after = after.len() > take_after;
            before.truncate(take_before);
            before.reverse();
            after.truncate(take_after);
            // The call number asked for, whatever the item's volume and copy; with a volume
            // asked for, that volume too.
            let exact = after.first().is_some_and(|e| {
                let (own_head, _) = callnumber::split_enumeration(&e.call_number, scheme);
                e.shelf_key.starts_with(&head_key)
                    && callnumber::sort_key(own_head, scheme).key == head_key
                    && (volume.is_empty()
                        || callnumber::item_key(
                            &e.call_number,
                            scheme,
                            e.enumeration.as_deref(),
                            None,
                        )
                        .key == key)
            });
            let position = before.len() as u32;
            before.extend(after);
            (before, more_before, more_after, Some(position), exact)
        }
    };
    Ok(ShelfPage {
        before: if more_before {
            entries.first().map(cursor)
        } else {
            None
        },
        after: if more_after {
            entries.last().map(cursor)
        } else {
            None
        },
        entries,
        position,
        exact,
    })
}

/// The shelving locations in use, in byte order (empty location left out).
pub fn locations(lib: &Library) -> Result<Vec<String>> {
    let mut stmt = lib.conn().prepare_cached(
        "SELECT DISTINCT location FROM items WHERE location <> '' ORDER BY location",
    )?;
    let v = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}
