//! Circulation on real library files: a day at the desk end to end, the invariants after it,
//! and two desks lending the same item at once.

mod common;

use carrel::catalogue::add_records;
use carrel::catalogue::items::{add_item, get_item_by_barcode, ItemInput, ItemStatus, ItemType};
use carrel::circulation::{
    self as circ, CheckoutOutcome, HoldFilter, HoldOutcome, HoldStatus, OverdueOrder, PatronInput,
    RefusalKind, RenewOutcome,
};
use carrel::RecordId;
use carrel::{ErrorKind, Library};
use carrel_marc::Record;
use chrono::NaiveDate;
use common::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn item(barcode: &str, call_number: &str, t: ItemType) -> ItemInput {
    ItemInput {
        barcode: barcode.into(),
        call_number: call_number.into(),
        location: "Main".into(),
        item_type: Some(t),
        ..Default::default()
    }
}

/// Records: 1 "Contract law" (copies A1, A2), 2 "Tort" (B1), 3 "Law reports" (loose-leaf L1).
fn desk_library() -> (tempfile::TempDir, Library, Vec<RecordId>) {
    let (dir, mut lib) = new_library();
    let records: Vec<Record> = ["Contract law", "Tort", "Law reports"]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            Record::new()
                .with_control("001", &format!("c{i}"))
                .with_data("245", "10", &[('a', t)])
        })
        .collect();
    let ids = add_records(&mut lib, &records, "test", now()).unwrap();
    add_item(
        &mut lib,
        ids[0],
        &item("A1", "KD1554 .T7", ItemType::Book),
        now(),
    )
    .unwrap();
    add_item(
        &mut lib,
        ids[0],
        &item("A2", "KD1554 .T7 c.2", ItemType::Book),
        now(),
    )
    .unwrap();
    add_item(
        &mut lib,
        ids[1],
        &item("B1", "KD1949 .R6", ItemType::Book),
        now(),
    )
    .unwrap();
    add_item(
        &mut lib,
        ids[2],
        &ItemInput {
            status: Some(ItemStatus::ReadingRoomOnly),
            ..item("L1", "KD1 .L3", ItemType::Looseleaf)
        },
        now(),
    )
    .unwrap();
    (dir, lib, ids)
}

fn patron(
    lib: &mut Library,
    name: &str,
    card: &str,
    category: &str,
    expires: Option<&str>,
) -> circ::Patron {
    let input = PatronInput {
        name: name.into(),
        card: Some(card.into()),
        category: Some(category.into()),
        expires_on: expires.map(d),
        ..Default::default()
    };
    circ::add_patron(lib, &input, now()).unwrap()
}

fn done(o: CheckoutOutcome) -> circ::CheckoutReceipt {
    match o {
        CheckoutOutcome::Done(r) => r,
        CheckoutOutcome::Refused(r) => panic!("refused: {}", r.message),
    }
}

fn refused(o: CheckoutOutcome) -> circ::Refusal {
    match o {
        CheckoutOutcome::Refused(r) => r,
        CheckoutOutcome::Done(r) => panic!("lent, due {}", r.due_date),
    }
}

fn status(lib: &Library, barcode: &str) -> ItemStatus {
    get_item_by_barcode(lib, barcode).unwrap().status
}

/// The invariants every desk action keeps, checked with SQL of their own.
fn assert_sound(lib: &Library) {
    assert_eq!(lib.integrity_check().unwrap(), "ok");
    assert_eq!(
        circ::circulation_problems(lib).unwrap(),
        Vec::<String>::new()
    );
    let c = rusqlite::Connection::open(lib.path()).unwrap();
    let bad: u32 = c
        .query_row(
            "SELECT count(*) FROM items i WHERE (i.status = 'on_loan') <> ((SELECT count(*) FROM loans l WHERE l.item_id = i.id AND l.returned_on IS NULL) = 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        bad, 0,
        "an item is on loan iff it has exactly one open loan"
    );
    let fk: u32 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn a_day_at_the_desk() {
    let (_dir, mut lib, ids) = desk_library();
    let ada = patron(&mut lib, "Ada Byron", "P1", "partner", None);
    let bob = patron(&mut lib, "Bob Cole", "P2", "staff", Some("2027-06-30"));
    let cy = patron(&mut lib, "Cy Young", "P3", "researcher", Some("2026-12-31"));
    circ::close_days(
        &mut lib,
        &[d("2026-12-25"), d("2026-12-28"), d("2027-01-01")],
        "Public holiday",
    )
    .unwrap();

    // Friday 4 December: 21 days is Friday 25th (closed), then the weekend, then the 28th
    // (closed): due Tuesday 29th.
    let day1 = d("2026-12-04");
    let a1 = done(circ::check_out(&mut lib, "A1", "P1", day1, None).unwrap());
    assert_eq!(a1.due_date, d("2026-12-29"));
    assert_eq!(status(&lib, "A1"), ItemStatus::OnLoan);
    let b1 = done(circ::check_out(&mut lib, " B1 ", "P2", day1, None).unwrap());
    assert_eq!((b1.due_date, b1.title.as_str()), (d("2026-12-29"), "Tort"));

    // The same item again: refused, not overridable, nothing written.
    let r = refused(circ::check_out(&mut lib, "A1", "P2", day1, Some("please")).unwrap());
    assert_eq!((r.kind, r.overridable), (RefusalKind::AlreadyOnLoan, false));
    // The reading-room loose-leaf: refused, then lent by override, the reason recorded.
    let r = refused(circ::check_out(&mut lib, "L1", "P2", day1, None).unwrap());
    assert_eq!((r.kind, r.overridable), (RefusalKind::NotCirculating, true));
    let l1 = done(
        circ::check_out(
            &mut lib,
            "L1",
            "P2",
            day1,
            Some("Partner's hearing tomorrow"),
        )
        .unwrap(),
    );
    assert_eq!(l1.overridden[0].kind, RefusalKind::NotCirculating);
    // The loose-leaf rule's period is 0 days: lent by override, it is due back the same day.
    assert_eq!(l1.due_date, day1);
    let hist = circ::patron_loans(&lib, bob.id, day1, false).unwrap();
    assert_eq!(hist.len(), 2);
    assert!(hist.iter().any(|l| l.loan.override_reason.as_deref()
        == Some("Partner's hearing tomorrow (overrode not_circulating)")));
    // Unknown card or barcode: not found, not a refusal.
    assert_eq!(
        circ::check_out(&mut lib, "A2", "NOPE", day1, None)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        circ::check_out(&mut lib, "ZZ", "P1", day1, None)
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );

    // Holds on Tort (B1 on loan): Cy first, then Ada; Cy's second hold is a duplicate.
    let placed = |o: HoldOutcome| match o {
        HoldOutcome::Done(h) => h,
        HoldOutcome::Refused(r) => panic!("{}", r.message),
    };
    let not_placed = |o: HoldOutcome| match o {
        HoldOutcome::Refused(r) => r.kind,
        HoldOutcome::Done(h) => panic!("placed hold {}", h.id),
    };
    let h_cy = placed(circ::place_hold(&mut lib, cy.id, ids[1], None, day1).unwrap());
    let h_ada = placed(circ::place_hold(&mut lib, ada.id, ids[1], None, day1).unwrap());
    assert_eq!((h_cy.position, h_ada.position), (1, 2));
    assert_eq!(
        not_placed(circ::place_hold(&mut lib, cy.id, ids[1], None, day1).unwrap()),
        RefusalKind::DuplicateHold
    );
    assert_eq!(
        not_placed(circ::place_hold(&mut lib, ada.id, ids[2], None, day1).unwrap()),
        RefusalKind::HoldsNotAllowed
    );

    // Bob cannot renew Tort: others wait for it. Ada renews Contract law (another copy is on the
    // shelf, nobody waits).
    match circ::renew(&mut lib, "B1", d("2026-12-21"), None).unwrap() {
        RenewOutcome::Refused(r) => assert_eq!(r.kind, RefusalKind::HoldBlocksRenewal),
        RenewOutcome::Done(_) => panic!("renewed over a hold"),
    }
    match circ::renew(&mut lib, "A1", d("2026-12-21"), None).unwrap() {
        RenewOutcome::Done(r) => assert_eq!((r.due_date, r.renewals), (d("2027-01-11"), 1)),
        RenewOutcome::Refused(r) => panic!("{}", r.message),
    }

    // Wednesday 30 December: Tort comes back a day late and is trapped for Cy.
    let day2 = d("2026-12-30");
    let back = circ::check_in(&mut lib, "B1", day2).unwrap();
    assert_eq!(
        (back.patron_name.as_deref(), back.days_overdue),
        (Some("Bob Cole"), 1)
    );
    let slip = back.hold.expect("a hold slip");
    assert_eq!(
        (slip.patron_name.as_str(), slip.hold_id),
        ("Cy Young", h_cy.id)
    );
    assert_eq!(slip.pickup_by, d("2027-01-06")); // 30 Dec + 7 days
    assert_eq!(status(&lib, "B1"), ItemStatus::OnHoldShelf);
    assert_sound(&lib);
    // Ada cannot take it; Cy can, which fills Cy's hold; Ada is now first in the queue.
    assert_eq!(
        refused(circ::check_out(&mut lib, "B1", "P1", day2, None).unwrap()).kind,
        RefusalKind::OnHoldForOther
    );
    let cy_loan = done(circ::check_out(&mut lib, "B1", "P3", day2, None).unwrap());
    assert_eq!(cy_loan.filled_hold, Some(h_cy.id));
    // 30 Dec + 21 = 20 Jan, but Cy's card expires on 31 Dec: still lent (expiry is checked on
    // the day of the loan).
    assert_eq!(cy_loan.due_date, d("2027-01-20"));
    let open = circ::list_holds(
        &lib,
        &HoldFilter {
            record_id: Some(ids[1]),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        open.iter()
            .map(|h| (h.patron_name.as_str(), h.position))
            .collect::<Vec<_>>(),
        vec![("Ada Byron", 1)]
    );

    // The reading-room loan comes back (26 days late) and goes back to the reading room.
    let l1_back = circ::check_in(&mut lib, "L1", day2).unwrap();
    assert_eq!(
        (l1_back.new_status, l1_back.days_overdue),
        (ItemStatus::ReadingRoomOnly, 26)
    );

    // Overdues on 5 January: none for Ada (renewed to the 11th); Cy's card has expired now.
    let jan5 = d("2027-01-05");
    assert!(circ::overdues(&lib, jan5, OverdueOrder::Patron)
        .unwrap()
        .is_empty());
    let soon = circ::due_soon(&lib, d("2027-01-08"), 3).unwrap();
    assert_eq!(
        soon.iter()
            .map(|l| l.item_barcode.as_str())
            .collect::<Vec<_>>(),
        vec!["A1"]
    );
    let jan25 = d("2027-01-25");
    let late = circ::overdues(&lib, jan25, OverdueOrder::Item).unwrap();
    assert_eq!(
        late.iter()
            .map(|l| (l.item_barcode.as_str(), l.days_overdue))
            .collect::<Vec<_>>(),
        vec![("A1", 14), ("B1", 5)]
    );
    let s = circ::settings(&lib).unwrap();
    let ada_now = circ::get_patron(&lib, ada.id).unwrap();
    let notice = circ::overdue_notice(
        &s.notice_template,
        "Smith & Co Library",
        &ada_now,
        &late[..1],
        jan25,
    );
    assert!(
        notice.contains("Dear Ada Byron,")
            && notice.contains("- Contract law (barcode A1), due 2027-01-11, 14 days overdue"),
        "{notice}"
    );

    // Cy's card, scanned on 5 January: one loan, and why Cy cannot borrow more.
    let at_desk = circ::patron_at_desk(&lib, "P3", jan5).unwrap();
    assert_eq!(
        at_desk
            .loans
            .iter()
            .map(|l| l.item_barcode.as_str())
            .collect::<Vec<_>>(),
        vec!["B1"]
    );
    assert_eq!(
        at_desk.cannot_borrow.map(|r| r.kind),
        Some(RefusalKind::PatronExpired)
    );

    // Ada has a loan: she cannot be deleted.
    assert_eq!(
        circ::delete_patron(&mut lib, ada.id).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(ada_now.loans, 1);

    // End of the day: a check-in session and its reshelving list in shelf order.
    let r1 = circ::check_in(&mut lib, "B1", jan25).unwrap(); // trapped for Ada
    let r2 = circ::check_in(&mut lib, "A1", jan25).unwrap();
    let r3 = circ::check_in(&mut lib, "A2", jan25).unwrap(); // was on the shelf
    assert!(!r3.was_on_loan);
    assert_eq!(
        r1.hold.as_ref().map(|h| h.patron_name.as_str()),
        Some("Ada Byron")
    );
    let list = circ::reshelving_list(&[r1, r3, r2]);
    assert_eq!(
        list.iter()
            .map(|r| r.item_barcode.as_str())
            .collect::<Vec<_>>(),
        vec!["A1", "A2"]
    );

    // Ada does not come: her hold lapses after the pickup date and B1 goes back to the shelf.
    let lapsed = circ::expire_holds(&mut lib, d("2027-02-10")).unwrap();
    assert_eq!(
        lapsed
            .iter()
            .map(|h| (h.patron_name.as_str(), h.status))
            .collect::<Vec<_>>(),
        vec![("Ada Byron", HoldStatus::Trapped)]
    );
    assert_eq!(status(&lib, "B1"), ItemStatus::Available);

    // Privacy: returned loans lose their patron 30 days after return.
    let mut s = circ::settings(&lib).unwrap();
    s.anonymise_after_days = Some(30);
    circ::set_settings(&mut lib, &s).unwrap();
    let n = circ::anonymise_loans(&mut lib, d("2027-03-01")).unwrap();
    assert_eq!(n, 4); // A1, B1 twice, L1
    let b1_id = get_item_by_barcode(&lib, "B1").unwrap().id;
    let history = circ::item_loans(&lib, b1_id, d("2027-03-01")).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history
        .iter()
        .all(|l| l.loan.patron_id.is_none() && l.patron_name.is_empty()));
    // Now Ada can go.
    circ::delete_patron(&mut lib, ada.id).unwrap();
    assert_sound(&lib);
}

#[test]
fn a_blocked_or_expired_patron_is_told_why_and_generated_cards_follow_the_pattern() {
    let (_dir, mut lib, _) = desk_library();
    let mut s = circ::settings(&lib).unwrap();
    s.card_prefix = "2123400".into();
    s.card_check_digit = true;
    circ::set_settings(&mut lib, &s).unwrap();
    let p = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Dee Ell".into(),
            blocked: true,
            block_reason: Some("unpaid invoice".into()),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    assert_eq!(p.card.len(), 14);
    assert!(p.card.starts_with("2123400000001"));
    let q = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Eve".into(),
            ..Default::default()
        },
        now(),
    )
    .unwrap();
    assert!(q.card.starts_with("2123400000002"), "{}", q.card);
    let r = refused(circ::check_out(&mut lib, "A1", &p.card, d("2026-12-01"), None).unwrap());
    assert_eq!(r.message, "Dee Ell's card is blocked: unpaid invoice");
    assert_eq!(status(&lib, "A1"), ItemStatus::Available);
    // A duplicate card is refused by name.
    let dup = circ::add_patron(
        &mut lib,
        &PatronInput {
            name: "Other".into(),
            card: Some(q.card.clone()),
            ..Default::default()
        },
        now(),
    )
    .unwrap_err();
    assert!(dup.to_string().contains("already Eve's"), "{dup}");
    // Find as you type: by name, card prefix, department.
    assert_eq!(circ::find_patrons(&lib, "dee", 10).unwrap().len(), 1);
    assert_eq!(circ::find_patrons(&lib, "2123400", 10).unwrap().len(), 2);
    assert_sound(&lib);
}

#[test]
fn two_desks_lending_the_same_item_at_once_lend_it_once() {
    let (_dir, mut lib, _) = desk_library();
    patron(&mut lib, "Ada", "P1", "staff", None);
    patron(&mut lib, "Bob", "P2", "staff", None);
    let path = lib.path().to_path_buf();
    for round in 0..5 {
        let barcode = if round % 2 == 0 { "A1" } else { "A2" };
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let handles: Vec<_> = ["P1", "P2"]
            .into_iter()
            .map(|card| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut lib = Library::open(&path).unwrap();
                    barrier.wait();
                    matches!(
                        circ::check_out(&mut lib, barcode, card, d("2026-12-01"), None).unwrap(),
                        CheckoutOutcome::Done(_)
                    )
                })
            })
            .collect();
        let lent: Vec<bool> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert_eq!(
            lent.iter().filter(|x| **x).count(),
            1,
            "round {round}: {lent:?}"
        );
        assert_sound(&lib);
        circ::check_in(&mut lib, barcode, d("2026-12-02")).unwrap();
    }
    // The partial unique index refuses a second open loan even from SQL written by hand.
    circ::check_out(&mut lib, "A1", "P1", d("2026-12-03"), None).unwrap();
    let c = rusqlite::Connection::open(lib.path()).unwrap();
    let item_id = get_item_by_barcode(&lib, "A1").unwrap().id;
    let err = c.execute("INSERT INTO loans (item_id, patron_id, checked_out_on, due_on) VALUES (?1, 2, '2026-12-03', '2026-12-24')", [item_id]);
    assert!(err.is_err());
    // … and a lent item cannot be deleted, even by SQL.
    let err = c
        .execute("DELETE FROM items WHERE id = ?1", [item_id])
        .unwrap_err();
    assert!(err.to_string().contains("on loan"), "{err}");
    assert_sound(&lib);
}

#[test]
fn cancelling_a_trapped_hold_traps_the_copy_for_the_next_in_the_queue() {
    let (_dir, mut lib, ids) = desk_library();
    let ada = patron(&mut lib, "Ada", "P1", "staff", None);
    let bob = patron(&mut lib, "Bob", "P2", "staff", None);
    patron(&mut lib, "Cy", "P3", "staff", None);
    let today = d("2026-12-01");
    done(circ::check_out(&mut lib, "B1", "P3", today, None).unwrap());
    let hold =
        |lib: &mut Library, p: i64| match circ::place_hold(lib, p, ids[1], None, today).unwrap() {
            HoldOutcome::Done(h) => h,
            HoldOutcome::Refused(r) => panic!("{}", r.message),
        };
    let first = hold(&mut lib, ada.id);
    let second = hold(&mut lib, bob.id);
    let back = circ::check_in(&mut lib, "B1", d("2026-12-02")).unwrap();
    assert_eq!(back.hold.map(|h| h.hold_id), Some(first.id));
    let cancelled = circ::cancel_hold(&mut lib, first.id, d("2026-12-03")).unwrap();
    assert_eq!(cancelled.status, HoldStatus::Cancelled);
    let now = circ::get_hold(&lib, second.id).unwrap();
    assert_eq!(
        (now.status, now.item_barcode.as_deref(), now.pickup_by),
        (HoldStatus::Trapped, Some("B1"), Some(d("2026-12-10")))
    );
    assert_eq!(status(&lib, "B1"), ItemStatus::OnHoldShelf);
    assert_sound(&lib);
    circ::cancel_hold(&mut lib, second.id, d("2026-12-03")).unwrap();
    assert_eq!(status(&lib, "B1"), ItemStatus::Available);
    assert_eq!(
        circ::cancel_hold(&mut lib, second.id, d("2026-12-03"))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_sound(&lib);
}
