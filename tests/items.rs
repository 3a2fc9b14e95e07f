//! Items, barcodes and the shelf list on real library files; items through export and import.

mod common;

use carrel::RecordId;
use std::sync::atomic::AtomicBool;

use carrel::catalogue::add_records;
use carrel::catalogue::barcode::{set_barcode_rules, BarcodeRules, CheckDigit};
use carrel::catalogue::export::{export_to_path, ExportEncoding, ExportFormat, Selection};
use carrel::catalogue::items::{
    add_item, delete_item, get_item_by_barcode, items_of_record, record_items, update_item,
    CallNumberScheme, ItemInput, ItemStatus, ItemType,
};
use carrel::catalogue::shelflist::{shelf_list, ShelfStart};
use carrel::{ErrorKind, Library};
use carrel_marc::Record;
use common::*;

fn book(n: usize, title: &str) -> Record {
    Record::new()
        .with_control("001", &format!("it{n:04}"))
        .with_data("245", "10", &[('a', title)])
}

/// A library with `n` one-title records; returns their ids.
fn library_with(n: usize) -> (tempfile::TempDir, Library, Vec<RecordId>) {
    let (dir, mut lib) = new_library();
    let records: Vec<Record> = (1..=n).map(|i| book(i, &format!("Title {i}"))).collect();
    let ids = add_records(&mut lib, &records, "test", now()).unwrap();
    (dir, lib, ids)
}

/// A second connection to the library file, to look at or set what the API does not show.
fn sql(lib: &Library) -> rusqlite::Connection {
    rusqlite::Connection::open(lib.path()).unwrap()
}

fn input(barcode: &str, call_number: &str, location: &str) -> ItemInput {
    ItemInput {
        barcode: barcode.into(),
        call_number: call_number.into(),
        location: location.into(),
        ..ItemInput::default()
    }
}

#[test]
fn an_item_is_added_shown_listed_and_found_by_search() {
    let (_d, mut lib, ids) = library_with(2);
    let item = add_item(
        &mut lib,
        ids[0],
        &input(" 0001 ", "KF 4550 .A2 1998", "Reference"),
        now(),
    )
    .unwrap();
    assert_eq!(item.barcode, "0001");
    assert_eq!(item.scheme, CallNumberScheme::Lcc);
    assert_eq!(
        (item.item_type, item.status),
        (ItemType::Book, ItemStatus::Available)
    );
    assert_eq!(get_item_by_barcode(&lib, "0001").unwrap().record_id, ids[0]);
    assert_eq!(items_of_record(&lib, ids[0]).unwrap().len(), 1);
    assert!(items_of_record(&lib, ids[1]).unwrap().is_empty());
    // The record's index now has the barcode and call number.
    let hits = carrel::catalogue::search(&lib, "0001", 10).unwrap();
    assert_eq!(
        hits.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        vec![ids[0]]
    );
    let hits = carrel::catalogue::search(&lib, "KF4550", 10).unwrap();
    assert_eq!(hits.hits.len(), 1);
    let shelf_key: String = sql(&lib)
        .query_row(
            "SELECT shelf_key FROM records WHERE id = ?1",
            [ids[0]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(shelf_key, item.shelf_key);
}

#[test]
fn a_barcode_is_unique_and_must_follow_the_library_rules() {
    let (_d, mut lib, ids) = library_with(2);
    add_item(&mut lib, ids[0], &input("0001", "", ""), now()).unwrap();
    let e = add_item(&mut lib, ids[1], &input("0001", "", ""), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains(&format!(
            "barcode 0001 is already on an item of record {}",
            ids[0]
        )),
        "{e}"
    );

    set_barcode_rules(
        &mut lib,
        &BarcodeRules {
            prefix: "31234".into(),
            length: Some(14),
            check_digit: CheckDigit::CodabarMod10,
        },
    )
    .unwrap();
    let e = add_item(&mut lib, ids[1], &input("31234000123454", "", ""), now()).unwrap_err();
    assert!(e.to_string().contains("check digit should be 3"), "{e}");
    let ok = add_item(&mut lib, ids[1], &input("31234000123453", "", ""), now()).unwrap();
    assert_eq!(ok.barcode, "31234000123453");
    // Nothing of the refused additions was stored.
    let n: i64 = sql(&lib)
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        add_item(
            &mut lib,
            RecordId(999),
            &input("31234000000016", "", ""),
            now()
        )
        .unwrap_err()
        .kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn an_item_is_edited_and_one_on_loan_is_not_deleted() {
    let (_d, mut lib, ids) = library_with(1);
    let item = add_item(
        &mut lib,
        ids[0],
        &input("A1", "QA76.73 .P98", "Stacks"),
        now(),
    )
    .unwrap();
    let mut edit = input("A1", "FIC SMITH", "Stacks");
    edit.scheme = Some(CallNumberScheme::Ddc);
    // "On loan" typed by hand would claim a loan that is not there: refused.
    edit.status = Some(ItemStatus::OnLoan);
    let e = update_item(&mut lib, item.id, &edit, now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("set by the desk"), "{e}");
    edit.status = Some(ItemStatus::InRepair);
    edit.price = Some("45.00 GBP".into());
    let edited = update_item(&mut lib, item.id, &edit, ts("2026-12-01T09:00:00+00:00")).unwrap();
    assert_eq!(edited.status, ItemStatus::InRepair);
    edit.status = Some(ItemStatus::Available);
    update_item(&mut lib, item.id, &edit, now()).unwrap();
    // A real loan, made at the desk.
    carrel::circulation::add_patron(
        &mut lib,
        &carrel::circulation::PatronInput {
            name: "Ada Reader".into(),
            card: Some("P1".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    carrel::circulation::check_out(&mut lib, "A1", "P1", now().date(), None).unwrap();
    // Sending back the status the item has (an edit form does) is no claim.
    edit.status = Some(ItemStatus::OnLoan);
    update_item(&mut lib, item.id, &edit, now()).unwrap();
    assert_eq!(edited.call_number, "FIC SMITH");
    assert!(
        edited.call_number_warning.is_some(),
        "an unreadable Dewey call number carries a warning"
    );
    assert_eq!(edited.price.as_deref(), Some("45.00 GBP"));
    let e = delete_item(&mut lib, item.id).unwrap_err();
    assert!(e.to_string().contains("on loan"), "{e}");
    carrel::circulation::check_in(&mut lib, "A1", now().date()).unwrap();
    delete_item(&mut lib, item.id).unwrap();
    assert_eq!(
        get_item_by_barcode(&lib, "A1").unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert!(carrel::catalogue::search(&lib, "A1", 10)
        .unwrap()
        .hits
        .is_empty());
}

/// Call numbers in shelf order: Dewey, then LC, then local; unreadable ones after their scheme.
const SHELF: &[(&str, &str)] = &[
    ("D1", "005.133 S65"),
    ("D2", "005.2 A1"),
    ("D3", "341.2 B61"),
    ("L1", "HD9710 1985"),
    ("L2", "HD9710 .A1"),
    ("L3", "KF 4550 .A2 1998"),
    ("L4", "KF4550 .A2 1998 v.2"),
    ("L5", "QA76.73 .J38 1994"),
    ("N1", "Box 2"),
    ("N2", "Box 10"),
];

fn shelved_library() -> (tempfile::TempDir, Library, Vec<RecordId>) {
    let (d, mut lib, ids) = library_with(SHELF.len());
    // Added in reverse so that id order is not shelf order.
    for (i, (barcode, cn)) in SHELF.iter().enumerate().rev() {
        let location = if i % 2 == 0 { "Stacks" } else { "Reading room" };
        add_item(&mut lib, ids[i], &input(barcode, cn, location), now()).unwrap();
    }
    (d, lib, ids)
}

fn barcodes(page: &carrel::catalogue::shelflist::ShelfPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.barcode.as_str()).collect()
}

#[test]
fn the_shelf_list_is_in_shelf_order_across_schemes_and_by_location() {
    let (_d, lib, _) = shelved_library();
    let page = shelf_list(&lib, None, &ShelfStart::First, 100).unwrap();
    assert_eq!(
        barcodes(&page),
        SHELF.iter().map(|(b, _)| *b).collect::<Vec<_>>()
    );
    assert_eq!(page.entries[0].title, "Title 1");
    assert!(page.before.is_none() && page.after.is_none());
    let stacks = shelf_list(&lib, Some("Stacks"), &ShelfStart::First, 100).unwrap();
    assert_eq!(barcodes(&stacks), vec!["D1", "D3", "L2", "L4", "N1"]);
}

#[test]
fn keyset_pages_go_forward_and_back_without_gaps_or_repeats() {
    let (_d, lib, _) = shelved_library();
    let mut seen = Vec::new();
    let mut page = shelf_list(&lib, None, &ShelfStart::First, 3).unwrap();
    let mut pages = vec![barcodes(&page)
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()];
    seen.extend(pages[0].clone());
    while let Some(after) = page.after.clone() {
        page = shelf_list(&lib, None, &ShelfStart::After(after), 3).unwrap();
        let b: Vec<String> = barcodes(&page).into_iter().map(String::from).collect();
        seen.extend(b.clone());
        pages.push(b);
    }
    assert_eq!(
        seen,
        SHELF.iter().map(|(b, _)| b.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(pages.len(), 4);
    // Back from the last page gives the one before it.
    let back = shelf_list(
        &lib,
        None,
        &ShelfStart::Before(page.before.clone().unwrap()),
        3,
    )
    .unwrap();
    assert_eq!(
        barcodes(&back),
        pages[2].iter().map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn browsing_to_a_call_number_shows_its_neighbours() {
    let (_d, lib, _) = shelved_library();
    let page = shelf_list(&lib, None, &ShelfStart::Around("kf4550 .a2 1998".into()), 4).unwrap();
    assert_eq!(barcodes(&page), vec!["L1", "L2", "L3", "L4"]);
    assert_eq!(page.position, Some(2));
    assert!(page.exact);
    // A call number no item has: the place where it would stand.
    let page = shelf_list(&lib, None, &ShelfStart::Around("HF 5000".into()), 4).unwrap();
    assert_eq!(barcodes(&page), vec!["L1", "L2", "L3", "L4"]);
    assert_eq!((page.position, page.exact), (Some(2), false));
    // After the end: the last page, the place after it.
    let page = shelf_list(&lib, None, &ShelfStart::Around("Box 99".into()), 4).unwrap();
    assert_eq!(barcodes(&page), vec!["L4", "L5", "N1", "N2"]);
    assert_eq!(page.position, Some(4));
}

#[test]
fn items_of_deleted_records_leave_the_shelf_list() {
    let (_d, lib, ids) = shelved_library();
    // As a deletion leaves it (the trash module also removes the index entry).
    sql(&lib)
        .execute(
            "UPDATE records SET deleted_at = ?2 WHERE id = ?1",
            rusqlite::params![ids[0], NOW],
        )
        .unwrap();
    let page = shelf_list(&lib, None, &ShelfStart::First, 100).unwrap();
    assert_eq!(page.entries.len(), SHELF.len() - 1);
    assert!(!barcodes(&page).contains(&"D1"));
}

#[test]
fn export_writes_items_as_852_876_and_import_reads_them_back() {
    let (dir, mut lib, ids) = library_with(2);
    let mut full = input("31234000123453", "KF 4550 .A2 1998", "Reference");
    full.price = Some("85.00 USD".into());
    full.acquired_on = Some("2019-03-04".into());
    full.provenance = Some("Gift of the Hartley family, 2019.".into());
    full.binding = Some("Quarter calf, marbled boards.".into());
    full.copy_number = Some("2".into());
    full.item_type = Some(ItemType::Looseleaf);
    full.status = Some(ItemStatus::ReadingRoomOnly);
    full.accession_number = Some("2019/044".into());
    full.note = Some("Updated to release 12".into());
    add_item(&mut lib, ids[0], &full, now()).unwrap();
    add_item(&mut lib, ids[0], &input("X-2", "Box 2", "Store"), now()).unwrap();
    let out = dir.path().join("out.mrc");
    let s = export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        (s.written, s.unchanged),
        (2, 1),
        "the record without items is written byte for byte"
    );
    let bytes = std::fs::read(&out).unwrap();
    let first = carrel_marc::Reader::new(&bytes[..])
        .next()
        .unwrap()
        .unwrap()
        .record;
    let text = first.to_string();
    assert!(
        text.contains("=852  0\\$81$cReference$hKF 4550 .A2 1998$p31234000123453$t2"),
        "{text}"
    );
    assert!(
        text.contains("$c85.00 USD$d20190304$jreading_room_only$p31234000123453"),
        "{text}"
    );
    assert!(
        text.contains("=561  \\\\$81\\u$aGift of the Hartley family, 2019."),
        "{text}"
    );

    let xml = dir.path().join("out.xml");
    export_to_path(
        &lib,
        &Selection::Ids(vec![ids[0]]),
        ExportFormat::Marcxml,
        ExportEncoding::Utf8,
        &xml,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let xml = std::fs::read_to_string(&xml).unwrap();
    assert_eq!(xml.matches("tag=\"852\"").count(), 2, "{xml}");
    assert!(xml.contains("<subfield code=\"p\">X-2</subfield>"), "{xml}");

    // Exporting what was imported does not double the holdings.
    let (_d2, mut again) = new_library();
    let summary = import(&mut again, std::slice::from_ref(&out));
    assert_eq!(
        (summary.imported, summary.warnings),
        (2, 0),
        "{:?}",
        summary.problems
    );
    let back = get_item_by_barcode(&again, "31234000123453").unwrap();
    assert_eq!(back.call_number, "KF 4550 .A2 1998");
    assert_eq!(back.scheme, CallNumberScheme::Lcc);
    assert_eq!(back.location, "Reference");
    assert_eq!(back.price.as_deref(), Some("85.00 USD"));
    assert_eq!(back.acquired_on.as_deref(), Some("2019-03-04"));
    assert_eq!(
        back.provenance.as_deref(),
        Some("Gift of the Hartley family, 2019.")
    );
    assert_eq!(
        back.binding.as_deref(),
        Some("Quarter calf, marbled boards.")
    );
    assert_eq!(
        (back.item_type, back.status),
        (ItemType::Looseleaf, ItemStatus::ReadingRoomOnly)
    );
    assert_eq!(
        (
            back.copy_number.as_deref(),
            back.accession_number.as_deref()
        ),
        (Some("2"), Some("2019/044"))
    );
    assert_eq!(back.note.as_deref(), Some("Updated to release 12"));
    assert_eq!(
        get_item_by_barcode(&again, "X-2").unwrap().location,
        "Store"
    );
    let out2 = dir.path().join("again.mrc");
    export_to_path(
        &again,
        &Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &out2,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let bytes2 = std::fs::read(&out2).unwrap();
    let rec2 = carrel_marc::Reader::new(&bytes2[..])
        .next()
        .unwrap()
        .unwrap()
        .record;
    assert_eq!(rec2.fields_with_tag("852").count(), 2);
    assert_eq!(rec2.fields_with_tag("876").count(), 2);
    assert_eq!(rec2.fields_with_tag("561").count(), 1);
    assert_eq!(rec2, first, "a second round trip gives the same record");
}

#[test]
fn a_koha_952_record_imports_as_an_item_and_a_clash_is_a_warning() {
    let (dir, mut lib, ids) = library_with(1);
    add_item(&mut lib, ids[0], &input("KOHA2", "", ""), now()).unwrap();
    let rec = Record::new()
        .with_control("001", "koha1")
        .with_data("245", "10", &[('a', "Law of trusts")])
        .with_data(
            "952",
            "  ",
            &[
                ('a', "MAIN"),
                ('b', "MAIN"),
                ('c', "REF"),
                ('o', "KN 2 .B4"),
                ('p', "KOHA1"),
                ('y', "BK"),
                ('g', "12.50"),
                ('d', "2020-01-31"),
                ('2', "lcc"),
            ],
        )
        .with_data(
            "952",
            "  ",
            &[
                ('a', "MAIN"),
                ('o', "KN 2 .B4"),
                ('p', "KOHA2"),
                ('y', "BK"),
            ],
        );
    let path = dir.path().join("koha.mrc");
    std::fs::write(&path, carrel_marc::write_iso2709(&rec)).unwrap();
    let summary = import(&mut lib, &[path]);
    assert_eq!(summary.imported, 1);
    let item = get_item_by_barcode(&lib, "KOHA1").unwrap();
    assert_eq!(
        (
            item.call_number.as_str(),
            item.location.as_str(),
            item.scheme
        ),
        ("KN 2 .B4", "REF", CallNumberScheme::Lcc)
    );
    assert_eq!(
        (item.price.as_deref(), item.acquired_on.as_deref()),
        (Some("12.50"), Some("2020-01-31"))
    );
    let clash = summary
        .problems
        .iter()
        .find(|p| p.tag.as_deref() == Some("952"))
        .expect("a warning for the barcode clash");
    assert!(
        clash.reason.contains(&format!(
            "barcode KOHA2 is already on an item of record {}",
            ids[0]
        )),
        "{}",
        clash.reason
    );
    assert_eq!(
        get_item_by_barcode(&lib, "KOHA2").unwrap().record_id,
        ids[0]
    );
    let record = record_items(&lib, item.record_id).unwrap();
    assert_eq!(record.items.len(), 1);
}

#[test]
fn evergreen_852_items_of_a_real_file_import() {
    let Some(data) = shared_data("evergreen_852_items_of_a_real_file_import") else {
        return;
    };
    let path = data.join("marc/evergreen/map_data.mrc");
    if !path.exists() {
        carrel_testkit::skip(
            "evergreen_852_items_of_a_real_file_import",
            &format!("{} not found", path.display()),
        );
        return;
    }
    let (_d, mut lib) = new_library();
    let summary = import(&mut lib, &[path]);
    assert!(summary.imported > 0);
    // 852 $p 11223344, $c Stacks, $j G4362.C6C5 s250.C37 (Evergreen's call number).
    let item = get_item_by_barcode(&lib, "11223344").unwrap();
    assert_eq!(item.location, "Stacks");
    assert_eq!(item.call_number, "G4362.C6C5 s250.C37");
    let page = shelf_list(&lib, Some("Stacks"), &ShelfStart::First, 50).unwrap();
    assert!(page.entries.len() >= 3, "{:?}", barcodes(&page));
}

#[test]
fn merging_a_record_with_the_same_holdings_keeps_one_item_per_barcode() {
    let (dir, mut lib, ids) = library_with(1);
    add_item(
        &mut lib,
        ids[0],
        &input("M-1", "KF 801 .A2", "Stacks"),
        now(),
    )
    .unwrap();
    let out = dir.path().join("one.mrc");
    export_to_path(
        &lib,
        &Selection::All,
        ExportFormat::Iso2709,
        ExportEncoding::Utf8,
        &out,
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .unwrap();
    let summary = import_policy(
        &mut lib,
        &[out],
        carrel::catalogue::import::DuplicatePolicy::Merge,
    );
    assert_eq!(
        (summary.merged, summary.warnings),
        (1, 0),
        "{:?}",
        summary.problems
    );
    let items = items_of_record(&lib, ids[0]).unwrap();
    assert_eq!(
        items.iter().map(|i| i.barcode.as_str()).collect::<Vec<_>>(),
        ["M-1"]
    );
}

#[test]
fn holdings_without_an_item_type_take_the_records_usual_type() {
    let (dir, mut lib) = new_library();
    let mut looseleaf = Record::new()
        .with_control("001", "ll1")
        .with_data("245", "00", &[('a', "Collier on bankruptcy")])
        .with_data(
            "852",
            "0 ",
            &[('c', "Reference"), ('h', "KF 1524 .C6"), ('p', "LL-0001")],
        );
    looseleaf.leader.0[7] = b'i';
    let mut film = Record::new()
        .with_control("001", "dvd1")
        .with_data("245", "00", &[('a', "Twelve angry men")])
        .with_data("852", "8 ", &[('h', "DVD 12 c.2"), ('p', "DVD-0002")])
        .with_data("852", "8 ", &[('h', "DVD 12"), ('p', "DVD-0001")])
        .with_data("876", "  ", &[('p', "DVD-0002"), ('x', "item type: book")]);
    film.leader.0[6] = b'g';
    let path = dir.path().join("types.mrc");
    let mut bytes = carrel_marc::write_iso2709(&looseleaf);
    bytes.extend(carrel_marc::write_iso2709(&film));
    std::fs::write(&path, bytes).unwrap();
    let summary = import(&mut lib, &[path]);
    assert_eq!(
        (summary.imported, summary.warnings),
        (2, 0),
        "{:?}",
        summary.problems
    );
    assert_eq!(
        get_item_by_barcode(&lib, "LL-0001").unwrap().item_type,
        ItemType::Looseleaf
    );
    assert_eq!(
        get_item_by_barcode(&lib, "DVD-0001").unwrap().item_type,
        ItemType::Dvd
    );
    // A type the holdings state is kept.
    assert_eq!(
        get_item_by_barcode(&lib, "DVD-0002").unwrap().item_type,
        ItemType::Book
    );
}
