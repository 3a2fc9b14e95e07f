//! Copies in true shelf order (issue 13): items that share a call number file by enumeration and
//! chronology as numbers, then copy number, in the shelf list, the record's item list and the
//! reshelving list; the scheme of a call number typed without one comes from the record, then
//! the library's default; libraries stored before are put in order at opening.

mod common;

use carrel::catalogue::add_records;
use carrel::catalogue::callnumber::{item_key, sort_key, Scheme};
use carrel::catalogue::items::{
    add_item, get_item_by_barcode, guess_item_scheme, items_of_record, CallNumberScheme, ItemInput,
};
use carrel::catalogue::settings::set_default_scheme;
use carrel::catalogue::shelflist::{shelf_list, ShelfStart};
use carrel::circulation::{check_in, reshelving_list};
use carrel::{Library, RecordId};
use carrel_marc::Record;
use common::*;

/// The shelf, in order: (record, call number, enumeration, copy number). Records: 0 Dewey (082),
/// 1 a serial, 2 an annual, 3 a treatise in volumes, 4 its later edition.
const SHELF: &[(usize, &str, Option<&str>, Option<&str>)] = &[
    (0, "346.73 Kin", Some("pt. 1"), None),
    (0, "346.73 Kin", Some("pt. 2"), None),
    (0, "346.73 Kin", Some("pt. 2 suppl."), None),
    (0, "346.73 Kin", Some("pt. 3"), Some("1")),
    (0, "346.73 Kin", Some("pt. 3"), Some("2")),
    (1, "K1 .Y3", Some("no. 9"), None),
    (1, "K1 .Y3", Some("no. 10"), None),
    (1, "K1 .Y3", Some("no. 10"), Some("c.2")),
    (1, "K1 .Y3", Some("no. 100"), None),
    (2, "KF156 .B53", Some("2019"), None),
    (2, "KF156 .B53", Some("2020"), None),
    (2, "KF156 .B53", Some("Dec. 2020"), None),
    (2, "KF156 .B53", Some("Jan. 2021"), None),
    (3, "KF4558 15th .A2", None, None),
    (3, "KF4558 15th .A2", None, Some("2")),
    (3, "KF4558 15th .A2", Some("v.1"), Some("1")),
    (3, "KF4558 15th .A2", Some("v.1"), Some("2")),
    (3, "KF4558 15th .A2", Some("v.1"), Some("10")),
    (3, "KF4558 15th .A2", Some("v.2"), None),
    (3, "KF4558 15th .A2", Some("v.2 suppl."), None),
    (3, "KF4558 15th .A2", Some("v.10"), Some("1")),
    (3, "KF4558 15th .A2", Some("Suppl."), None),
    (4, "KF4558 15th .A2 2001", None, None),
];

fn records() -> Vec<Record> {
    let r = |n: usize, tag: &str, cn: &str| {
        Record::new()
            .with_control("001", &format!("cn{n}"))
            .with_data("245", "10", &[('a', &format!("Title {n}"))])
            .with_data(tag, "00", &[('a', cn)])
    };
    vec![
        r(0, "082", "346.73"),
        r(1, "050", "K1 .Y3"),
        r(2, "050", "KF156 .B53"),
        r(3, "050", "KF4558 15th .A2"),
        r(4, "050", "KF4558 15th .A2 2001"),
    ]
}

fn barcode(i: usize) -> String {
    format!("B{i:03}")
}

/// A tiny linear congruential generator (Knuth's MMIX constants): the same shuffles on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A library holding the copies of [`SHELF`], added in the order `order` gives.
fn library(order: &[usize]) -> (tempfile::TempDir, Library, Vec<RecordId>) {
    let (dir, mut lib) = new_library();
    let ids = add_records(&mut lib, &records(), "test", now()).unwrap();
    for &i in order {
        let (r, cn, e, c) = SHELF[i];
        let input = ItemInput {
            barcode: barcode(i),
            call_number: cn.into(),
            location: "Stacks".into(),
            enumeration: e.map(str::to_string),
            copy_number: c.map(str::to_string),
            ..ItemInput::default()
        };
        add_item(&mut lib, ids[r], &input, now()).unwrap();
    }
    (dir, lib, ids)
}

fn whole_shelf(lib: &Library) -> Vec<String> {
    shelf_list(lib, None, &ShelfStart::First, 500)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.barcode)
        .collect()
}

fn expected() -> Vec<String> {
    (0..SHELF.len()).map(barcode).collect()
}

#[test]
fn copies_added_in_any_order_stand_in_shelf_order() {
    let mut rng = Lcg(0x5EED_0013);
    for round in 0..6 {
        // The first round adds them in reverse shelf order, the others shuffled.
        let mut order: Vec<usize> = (0..SHELF.len()).rev().collect();
        if round > 0 {
            rng.shuffle(&mut order);
        }
        let (_d, lib, ids) = library(&order);
        assert_eq!(
            whole_shelf(&lib),
            expected(),
            "added in the order {order:?}"
        );
        // A page at a time gives the same order.
        let first = shelf_list(&lib, None, &ShelfStart::First, 7).unwrap();
        let next = shelf_list(&lib, None, &ShelfStart::After(first.after.unwrap()), 7).unwrap();
        let paged: Vec<String> = first
            .entries
            .iter()
            .chain(&next.entries)
            .map(|e| e.barcode.clone())
            .collect();
        assert_eq!(paged, expected()[..14]);
        // The record's own item list too.
        let of_3: Vec<String> = items_of_record(&lib, ids[3])
            .unwrap()
            .into_iter()
            .map(|i| i.barcode)
            .collect();
        let want: Vec<String> = (0..SHELF.len())
            .filter(|&i| SHELF[i].0 == 3)
            .map(barcode)
            .collect();
        assert_eq!(of_3, want);
    }
}

#[test]
fn browsing_to_a_call_number_lands_on_its_first_copy() {
    let (_d, lib, _) = library(&(0..SHELF.len()).rev().collect::<Vec<_>>());
    let page = shelf_list(
        &lib,
        None,
        &ShelfStart::Around("KF4558 15th .A2".into()),
        10,
    )
    .unwrap();
    let at = page.position.unwrap() as usize;
    assert!(page.exact, "the call number is on the shelf, with copies");
    assert_eq!(page.entries[at].barcode, barcode(13));
}

#[test]
fn the_reshelving_list_follows_enumeration_and_copy_and_shows_them() {
    let (_d, mut lib, _) = library(&(0..SHELF.len()).collect::<Vec<_>>());
    let mut order: Vec<usize> = (0..SHELF.len()).collect();
    Lcg(7).shuffle(&mut order);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let receipts: Vec<_> = order
        .iter()
        .map(|&i| check_in(&mut lib, &barcode(i), today).unwrap())
        .collect();
    let list = reshelving_list(&receipts);
    let got: Vec<String> = list.iter().map(|r| r.item_barcode.clone()).collect();
    assert_eq!(got, expected());
    let v1c2 = &list[16];
    assert_eq!(v1c2.enumeration.as_deref(), Some("v.1"));
    assert_eq!(v1c2.copy_number.as_deref(), Some("2"));
}

#[test]
fn a_call_number_without_a_scheme_takes_the_records_then_the_librarys() {
    let (_d, mut lib) = new_library();
    let ids = add_records(&mut lib, &records(), "test", now()).unwrap();
    let plain = add_records(
        &mut lib,
        &[Record::new().with_control("001", "plain").with_data(
            "245",
            "10",
            &[('a', "No call number")],
        )],
        "test",
        now(),
    )
    .unwrap()[0];
    let add = |lib: &mut Library, record: RecordId, b: &str, cn: &str| {
        let input = ItemInput {
            barcode: b.into(),
            call_number: cn.into(),
            ..ItemInput::default()
        };
        add_item(lib, record, &input, now()).unwrap()
    };
    // The record has 082: a Dewey number with its Cutter after a slash is Dewey, read as such.
    let i = add(&mut lib, ids[0], "G1", "340/Smi");
    assert_eq!(i.scheme, CallNumberScheme::Ddc);
    assert_eq!(i.call_number_warning, None);
    let g = guess_item_scheme(&lib, ids[0], "340/Smi").unwrap();
    assert_eq!(g.describe(), "ddc (guessed from the record's 082)");
    // The record has 050: a bare number is not a Dewey class among LC.
    assert_eq!(
        add(&mut lib, ids[1], "G2", "100").scheme,
        CallNumberScheme::Local
    );
    // No call number in the record: the library's default, when the call number fits it.
    set_default_scheme(&mut lib, Some(CallNumberScheme::Ddc)).unwrap();
    assert_eq!(
        add(&mut lib, plain, "G3", "346.73 Kin").scheme,
        CallNumberScheme::Ddc
    );
    let g = guess_item_scheme(&lib, plain, "100").unwrap();
    assert_eq!(g.describe(), "ddc (the library's default scheme)");
    // It does not fit: the call number's form.
    assert_eq!(
        add(&mut lib, plain, "G4", "QA76 .B6").scheme,
        CallNumberScheme::Lcc
    );
}

#[test]
fn a_library_stored_before_gets_its_copies_in_order_at_opening() {
    let (dir, lib, ids) = library(&(0..SHELF.len()).rev().collect::<Vec<_>>());
    let path = lib.path().to_path_buf();
    drop(lib);
    {
        // As an older Carrel stored them: the call number's key alone, the record's from its
        // first item; the recomputation marked as the schema 12 migration marks it.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT id, call_number FROM items")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (id, cn) in rows {
            let scheme = if cn.starts_with("346") {
                Scheme::Ddc
            } else {
                Scheme::Lcc
            };
            conn.execute(
                "UPDATE items SET shelf_key = ?2 WHERE id = ?1",
                rusqlite::params![id, sort_key(&cn, scheme).key],
            )
            .unwrap();
        }
        conn.execute_batch(
            "UPDATE records SET shelf_key = (SELECT i.shelf_key FROM items i
                 WHERE i.record_id = records.id ORDER BY i.id LIMIT 1)
             WHERE EXISTS (SELECT 1 FROM items i WHERE i.record_id = records.id);
             INSERT OR IGNORE INTO pending_work (task) VALUES ('item_shelf_keys');",
        )
        .unwrap();
    }
    let lib = carrel::open_library(Some(&path), now()).unwrap();
    assert_eq!(whole_shelf(&lib), expected());
    let sql = rusqlite::Connection::open(&path).unwrap();
    let pending: i64 = sql
        .query_row("SELECT count(*) FROM pending_work", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
    // Record 3's first item (by id: they were added in reverse) is its supplement.
    let first = get_item_by_barcode(&lib, &barcode(21)).unwrap();
    assert_eq!(
        first.shelf_key,
        item_key("KF4558 15th .A2", Scheme::Lcc, Some("Suppl."), None).key
    );
    assert_ne!(
        first.shelf_key,
        sort_key("KF4558 15th .A2", Scheme::Lcc).key
    );
    let record_key: String = sql
        .query_row(
            "SELECT shelf_key FROM records WHERE id = ?1",
            [ids[3]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(record_key, first.shelf_key);
    drop(dir);
}
