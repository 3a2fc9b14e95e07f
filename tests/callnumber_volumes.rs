//! Issue 13, call numbers in true shelf order, tried further: a volume typed into the call number
//! files exactly as one typed in the item's volume field; a record's call-number field is
//! evidence of the scheme only for a call number that can be of that scheme; LC ordinal class
//! numbers file by LC's shelflisting rules.

mod common;

use carrel::catalogue::add_records;
use carrel::catalogue::callnumber::{
    guess_scheme, item_key, sort_key, split_enumeration, GuessSource, RecordCallNumber, Scheme,
};
use carrel::catalogue::items::{add_item, guess_item_scheme, items_of_record, ItemInput};
use carrel::catalogue::settings::set_default_scheme;
use carrel::catalogue::shelflist::{shelf_list, ShelfStart};
use carrel::circulation::{check_in, reshelving_list};
use carrel_marc::Record;
use common::*;

fn key(cn: &str, scheme: Scheme, enumeration: Option<&str>, copy: Option<&str>) -> String {
    item_key(cn, scheme, enumeration, copy).key
}

#[test]
fn a_volume_in_the_call_number_keys_as_one_in_the_volume_field() {
    for (cn, scheme, head, volume) in [
        ("PQ2040 .A1 1959 v.3", Scheme::Lcc, "PQ2040 .A1 1959", "v.3"),
        ("KF 9050 .L6 v.10", Scheme::Lcc, "KF 9050 .L6", "v.10"),
        ("340 SMI v.2", Scheme::Ddc, "340 SMI", "v.2"),
        ("K1 .Y3 no. 9", Scheme::Lcc, "K1 .Y3", "no. 9"),
        ("K1 .Y3 2019 suppl.", Scheme::Lcc, "K1 .Y3 2019", "suppl."),
        (
            "346.73 Kin pt. 2 suppl.",
            Scheme::Ddc,
            "346.73 Kin",
            "pt. 2 suppl.",
        ),
        ("Box 2 v.3", Scheme::Local, "Box 2", "v.3"),
    ] {
        assert_eq!(split_enumeration(cn, scheme), (head, volume), "{cn}");
        assert_eq!(
            key(cn, scheme, None, None),
            key(head, scheme, Some(volume), None),
            "{cn}"
        );
    }
    // The year of an annual's supplement: typed in either place, it files at the same place.
    assert_eq!(
        key("K1 .Y3 2019 suppl.", Scheme::Lcc, None, None),
        key("K1 .Y3", Scheme::Lcc, Some("2019 suppl."), None)
    );
    // The volume in both places counts once.
    assert_eq!(
        key("K1 .Y3 v.2", Scheme::Lcc, Some("v.2"), None),
        key("K1 .Y3", Scheme::Lcc, Some("v.2"), None)
    );
    assert_eq!(
        key("K1 .Y3 v.2", Scheme::Lcc, Some("v. 2, no. 3"), None),
        key("K1 .Y3", Scheme::Lcc, Some("v.2 no.3"), None)
    );
    // A copy designation at the end is the copy number.
    assert_eq!(
        key("K1 .Y3 v.3 c.2", Scheme::Lcc, None, None),
        key("K1 .Y3", Scheme::Lcc, Some("v.3"), Some("2"))
    );
    // Designations the LC and Dewey rules do not take for volumes stay in the call number: a
    // Cutter touching its digits, a class letter, a fiction title mark.
    for (cn, scheme) in [
        ("QA76 .B6 V2", Scheme::Lcc),
        ("V23 .B6", Scheme::Lcc),
        ("T 55 .B6", Scheme::Lcc),
        ("PZ7 .S8 No", Scheme::Lcc),
        ("PZ7 .S8 Bk", Scheme::Lcc),
        ("v.3", Scheme::Local),
    ] {
        assert_eq!(split_enumeration(cn, scheme).1, "", "{cn}");
    }
    // Years by value among the editions, a supplement after its year.
    let order = [
        key("K1 .Y3", Scheme::Lcc, Some("2019"), None),
        key("K1 .Y3 2019 suppl.", Scheme::Lcc, None, None),
        key("K1 .Y3 2020", Scheme::Lcc, None, None),
        key("K1 .Y3", Scheme::Lcc, Some("2021"), None),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

/// The same volumes of one work, half with the volume typed into the call number.
const WORK: &str = "PQ2040 .A1 1959";
const VOLUMES: [&str; 7] = ["v.2", "v.3", "v.5", "v.7", "v.8", "v.9", "v.10"];

#[test]
fn copies_mixing_both_ways_stand_in_order_everywhere() {
    let (_d, mut lib) = new_library();
    let records = [
        Record::new()
            .with_control("001", "w1")
            .with_data("245", "10", &[('a', "Œuvres")])
            .with_data("050", "00", &[('a', "PQ2040"), ('b', ".A1 1959")]),
        Record::new()
            .with_control("001", "w2")
            .with_data("245", "10", &[('a', "Next work")])
            .with_data("050", "00", &[('a', "PQ2040"), ('b', ".A2")]),
    ];
    let ids = add_records(&mut lib, &records, "test", now()).unwrap();
    // Shuffled: v.9, v.2, v.10, v.5, v.3, v.8, v.7; even places in the call number.
    let order = [5usize, 0, 6, 2, 1, 4, 3];
    for (n, &i) in order.iter().enumerate() {
        let in_call_number = n % 2 == 0;
        let input = ItemInput {
            barcode: format!("V{i}"),
            call_number: if in_call_number {
                format!("{WORK} {}", VOLUMES[i])
            } else {
                WORK.into()
            },
            enumeration: (!in_call_number).then(|| VOLUMES[i].to_string()),
            location: "Stacks".into(),
            ..ItemInput::default()
        };
        add_item(&mut lib, ids[0], &input, now()).unwrap();
    }
    let next = ItemInput {
        barcode: "N1".into(),
        call_number: "PQ2040 .A2".into(),
        location: "Stacks".into(),
        ..ItemInput::default()
    };
    add_item(&mut lib, ids[1], &next, now()).unwrap();
    let mut want: Vec<String> = (0..VOLUMES.len()).map(|i| format!("V{i}")).collect();
    let shelf: Vec<String> = shelf_list(&lib, None, &ShelfStart::First, 50)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.barcode)
        .collect();
    want.push("N1".into());
    assert_eq!(shelf, want, "shelf list");
    want.pop();
    let of_record: Vec<String> = items_of_record(&lib, ids[0])
        .unwrap()
        .into_iter()
        .map(|i| i.barcode)
        .collect();
    assert_eq!(of_record, want, "the record's items");
    // Go to call number: a volume typed either way lands on it; the work without one on its
    // first volume.
    for (typed, at) in [
        (format!("{WORK} v.8"), "V4"),
        (format!("{WORK} v.4"), "V2"),
        (WORK.to_string(), "V0"),
    ] {
        let page = shelf_list(&lib, None, &ShelfStart::Around(typed.clone()), 4).unwrap();
        let e = &page.entries[page.position.unwrap() as usize];
        assert_eq!(e.barcode, at, "{typed}");
        assert_eq!(page.exact, !typed.ends_with("v.4"), "{typed}");
    }
    // The reshelving list.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let receipts: Vec<_> = order
        .iter()
        .map(|&i| check_in(&mut lib, &format!("V{i}"), today).unwrap())
        .collect();
    let got: Vec<String> = reshelving_list(&receipts)
        .iter()
        .map(|r| r.item_barcode.clone())
        .collect();
    assert_eq!(got, want, "reshelving list");
}

fn rc(scheme: Scheme, tag: &str, text: &str) -> RecordCallNumber {
    RecordCallNumber {
        scheme,
        tag: tag.into(),
        text: text.into(),
    }
}

#[test]
fn a_record_field_is_evidence_only_for_call_numbers_of_its_scheme() {
    let dewey_only = [rc(Scheme::Ddc, "082", "346.73")];
    let lc_only = [rc(Scheme::Lcc, "050", "KF801 .A2")];
    // An LC number on a record with only an 082: not Dewey; the library's default, then the form.
    for cn in [
        "KF 900 .S3",
        "KF900 .S3",
        "K 900 .S3",
        "PQ2040 .A1 1959 v.3",
    ] {
        let g = guess_scheme(cn, &dewey_only, None);
        assert_eq!(
            (g.scheme, &g.source),
            (Scheme::Lcc, &GuessSource::CallNumber),
            "{cn}"
        );
        let g = guess_scheme(cn, &dewey_only, Some(Scheme::Lcc));
        assert_eq!(
            (g.scheme, &g.source),
            (Scheme::Lcc, &GuessSource::LibraryDefault),
            "{cn}"
        );
        let g = guess_scheme(cn, &dewey_only, Some(Scheme::Ddc));
        assert_eq!(
            (g.scheme, &g.source),
            (Scheme::Lcc, &GuessSource::CallNumber),
            "{cn}"
        );
    }
    // A Dewey number on a record with only an 050: not LC.
    for cn in ["346.73 Kin", "340/Smi", "340 SMI v.2", "005.133 B61"] {
        let g = guess_scheme(cn, &lc_only, None);
        assert_eq!(
            (g.scheme, &g.source),
            (Scheme::Ddc, &GuessSource::CallNumber),
            "{cn}"
        );
        let g = guess_scheme(cn, &lc_only, Some(Scheme::Ddc));
        assert_eq!(
            (g.scheme, &g.source),
            (Scheme::Ddc, &GuessSource::LibraryDefault),
            "{cn}"
        );
    }
    // Through the catalogue, with the record's own fields.
    let (_d, mut lib) = new_library();
    let r = Record::new()
        .with_control("001", "d1")
        .with_data("245", "10", &[('a', "Dewey only")])
        .with_data("082", "04", &[('a', "346.73")]);
    let id = add_records(&mut lib, &[r], "test", now()).unwrap()[0];
    assert_eq!(
        guess_item_scheme(&lib, id, "KF 900 .S3").unwrap().scheme,
        Scheme::Lcc
    );
    set_default_scheme(&mut lib, Some(Scheme::Lcc.into())).unwrap();
    let g = guess_item_scheme(&lib, id, "KF 900 .S3").unwrap();
    assert_eq!(g.describe(), "lcc (the library's default scheme)");
}

#[test]
fn lc_ordinal_class_numbers_file_by_lc_shelflisting_rules() {
    // See docs/holdings.md: an ordinal after the class number is a number (not a decimal, with
    // or without a point), filed by its value after the class number alone and before its
    // Cutters ("numbers before letters").
    let shelf = [
        "PQ4453",
        "PQ4453 2d .F3",
        "PQ4453.2d .F3a",
        "PQ4453 9th .F3",
        "PQ4453 10th .F3",
        "PQ4453 .A1",
        "PQ4453 .F3",
        "PQ4453.1",
        "PQ4453.2 .F3",
    ];
    for w in shelf.windows(2) {
        let (a, b) = (sort_key(w[0], Scheme::Lcc), sort_key(w[1], Scheme::Lcc));
        assert!(a.key < b.key, "{} < {}: {a:?} {b:?}", w[0], w[1]);
    }
    assert_eq!(
        sort_key("PQ4453.10th .F3", Scheme::Lcc).key,
        sort_key("PQ4453 10th .F3", Scheme::Lcc).key
    );
    assert_eq!(
        sort_key("PQ4453.2d .F3", Scheme::Lcc).key,
        sort_key("PQ4453 2d .F3", Scheme::Lcc).key
    );
    for cn in shelf {
        assert_eq!(sort_key(cn, Scheme::Lcc).warning, None, "{cn}");
    }
}
