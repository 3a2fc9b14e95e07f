//! A small demo collection, written for Carrel, that seeds a brand-new default library so that a
//! newcomer can try every room at once: the catalogue (books, a periodical and a looseleaf
//! service, so the Format facet is not all "Book"), the shelf list (copies with Library of
//! Congress and Dewey call numbers on two locations), the desk (patrons of a law firm and a
//! museum with their cards, loans, one of them overdue, and a hold) and a stored bibliography.
//!
//! Everything is invented: the records are examples of what a law-firm or museum library holds,
//! UTF-8 MARC 21 built in code. They carry no ISBN or ISSN, so that they can never be taken for
//! duplicates of real records a technician imports (the import matches on those numbers), and
//! the patrons' e-mail addresses are at `example.org` (RFC 2606), so that no notice can reach a
//! real person.

use crate::ids::RecordId;
use crate::timestamp::Timestamp;
use carrel_marc::Record;
use chrono::{Days, NaiveDate};

use crate::bibliography::select::SelectionRule;
use crate::bibliography::store::{
    create_bibliography, BibliographyDoc, EntryDoc, SectionDoc, SectionSort,
};
use crate::catalogue::add_records;
use crate::catalogue::items::{add_item, ItemInput, ItemType};
use crate::circulation::{
    add_patron, check_out, place_hold, CheckoutOutcome, HoldOutcome, PatronInput,
};
use crate::error::{Error, Result};
use crate::storage::Library;

/// MARC 21 Bibliographic 008 for books (BK): 00-05 date entered, 06 `s` single date, 07-10
/// date, 15-17 place (`enk` England), 29-31 `000` (not a conference, festschrift or indexed), 33
/// `0` not fiction, 35-37 language, 39 `d` other cataloguing source.
fn book(id: &str, date: &str) -> Record {
    Record::new()
        .with_control("001", id)
        .with_control("003", "CARREL")
        .with_control(
            "008",
            &format!("261130s{date}    enk           000 0 eng d"),
        )
}

/// A continuing resource: leader/07 `level` (`s` serial, `i` integrating resource) and a MARC 21
/// Bibliographic 008 for continuing resources (CR): 06 `c` currently published, 07-10 first
/// year, 11-14 `9999`, 18 frequency, 19 regularity, 21 type of continuing resource (`p`
/// periodical, `l` updating loose-leaf), 29 `0` not a conference, 34 entry convention (`0`
/// successive, `2` integrated), as the editor's `serial` and `looseleaf` templates code them.
fn continuing(
    id: &str,
    level: char,
    from: &str,
    frequency: char,
    regularity: char,
    kind: char,
    entry: char,
) -> Record {
    let mut r = Record::new()
        .with_control("001", id)
        .with_control("003", "CARREL")
        .with_control(
            "008",
            &format!("261130c{from}9999enk{frequency}{regularity} {kind}       0    {entry}eng d"),
        );
    r.leader.0[7] = level as u8;
    r
}

/// The demo records.
pub fn records() -> Vec<Record> {
    let records = vec![
        book("demo0001", "2019")
            .with_data("100", "1 ", &[('a', "Hartley, Miriam,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Arbitration in construction contracts :"), ('b', "a practitioner's guide /"), ('c', "Miriam Hartley.")])
            .with_data("250", "  ", &[('a', "Second edition.")])
            .with_data("264", " 1", &[('a', "Oxford :"), ('b', "Fenwick Legal Press,"), ('c', "2019.")])
            .with_data("300", "  ", &[('a', "xxiv, 412 pages ;"), ('c', "24 cm")])
            .with_data("650", " 0", &[('a', "Construction contracts"), ('z', "Great Britain.")])
            .with_data("650", " 0", &[('a', "Arbitration and award"), ('z', "Great Britain.")]),
        book("demo0002", "2021")
            .with_data("100", "1 ", &[('a', "Okafor, Daniel,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Delay and disruption claims /"), ('c', "Daniel Okafor.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Harcourt & Lyle,"), ('c', "2021.")])
            .with_data("300", "  ", &[('a', "xv, 298 pages ;"), ('c', "24 cm")])
            .with_data("650", " 0", &[('a', "Construction contracts"), ('x', "Performance.")])
            .with_data("650", " 0", &[('a', "Damages.")]),
        book("demo0003", "2016")
            .with_data("100", "1 ", &[('a', "Dvořák, Tereza,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Dutch engraving in the Golden Age :"), ('b', "prints, publishers and collectors, 1580–1700 /"), ('c', "Tereza Dvořák.")])
            .with_data("264", " 1", &[('a', "Amsterdam :"), ('b', "Rijnsburg University Press,"), ('c', "2016.")])
            .with_data("300", "  ", &[('a', "320 pages :"), ('b', "illustrations ;"), ('c', "28 cm")])
            .with_data("520", "  ", &[('a', "A survey of engraving workshops in the Dutch Republic and the collectors who bought their prints.")])
            .with_data("650", " 0", &[('a', "Engraving, Dutch"), ('y', "17th century.")])
            .with_data("650", " 0", &[('a', "Print collectors"), ('z', "Netherlands.")]),
        book("demo0004", "2020")
            .with_data("110", "2 ", &[('a', "Museum of Maritime History.")])
            .with_data("245", "10", &[('a', "Charts and voyages :"), ('b', "an exhibition catalogue /"), ('c', "Museum of Maritime History ; edited by Ines Moreau.")])
            .with_data("264", " 1", &[('a', "Bristol :"), ('b', "The Museum,"), ('c', "2020.")])
            .with_data("300", "  ", &[('a', "144 pages :"), ('b', "colour illustrations, maps ;"), ('c', "30 cm")])
            .with_data("500", "  ", &[('a', "Published to accompany the exhibition held 3 March–2 August 2020.")])
            .with_data("650", " 0", &[('a', "Nautical charts"), ('v', "Exhibitions.")])
            .with_data("700", "1 ", &[('a', "Moreau, Ines,"), ('e', "editor.")]),
        // A periodical: leader/07 s, 008/18 q quarterly, 19 r regular, 21 p periodical.
        continuing("demo0005", 's', "2018", 'q', 'r', 'p', '0')
            .with_data("245", "00", &[('a', "Journal of construction law.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Fenwick Legal Press,"), ('c', "2018-")])
            .with_data("300", "  ", &[('a', "volumes ;"), ('c', "25 cm")])
            .with_data("310", "  ", &[('a', "Quarterly")])
            .with_data("362", "0 ", &[('a', "Volume 1, issue 1 (2018)-")])
            .with_data("650", " 0", &[('a', "Construction industry"), ('x', "Law and legislation"), ('v', "Periodicals.")]),
        book("demo0006", "2022")
            .with_data("100", "1 ", &[('a', "Müller-Lange, Sophie,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Cross-border insolvency :"), ('b', "a comparative study of European practice /"), ('c', "Sophie Müller-Lange.")])
            .with_data("264", " 1", &[('a', "Cambridge :"), ('b', "Ashgrove Academic,"), ('c', "2022.")])
            .with_data("490", "1 ", &[('a', "Studies in commercial law ;"), ('v', "12")])
            .with_data("650", " 0", &[('a', "Bankruptcy"), ('z', "Europe.")])
            .with_data("650", " 0", &[('a', "Conflict of laws"), ('x', "Bankruptcy.")]),
        book("demo0007", "2015")
            .with_data("100", "1 ", &[('a', "Nakamura, Kenji,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Conservation of works on paper /"), ('c', "Kenji Nakamura.")])
            .with_data("250", "  ", &[('a', "Third edition.")])
            .with_data("264", " 1", &[('a', "New York :"), ('b', "Linden Hall,"), ('c', "2015.")])
            .with_data("650", " 0", &[('a', "Paper"), ('x', "Conservation and restoration.")])
            .with_data("650", " 0", &[('a', "Prints"), ('x', "Conservation and restoration.")]),
        // A looseleaf service: leader/07 i integrating resource, 008/21 l updating loose-leaf,
        // 008/34 2 integrated entry.
        continuing("demo0008", 'i', "2023", 'u', 'u', 'l', '2')
            .with_data("100", "1 ", &[('a', "Adeyemi, Grace,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Employment law handbook /"), ('c', "Grace Adeyemi.")])
            .with_data("250", "  ", &[('a', "Looseleaf edition, updated to Release 14.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Harcourt & Lyle,"), ('c', "2023-")])
            .with_data("300", "  ", &[('a', "2 volumes (looseleaf) ;"), ('c', "26 cm")])
            .with_data("650", " 0", &[('a', "Labor laws and legislation"), ('z', "Great Britain.")]),
    ];
    records
        .into_iter()
        .enumerate()
        .map(|(i, r)| with_call_number(r, i))
        .collect()
}

/// The record's call number in its bibliographic field, as a cataloguer records it: MARC 21
/// Bibliographic 050 (LC, second indicator 4: assigned by this library) or 082 (Dewey, first
/// indicator 0 full edition, second 4), class number in $a and item number in $b; taken from the
/// record's first copy in [`COPIES`], so the record view offers it for the next copy scanned.
fn with_call_number(record: Record, index: usize) -> Record {
    let Some(&(_, _, call_number, ..)) = COPIES.iter().find(|c| c.0 == index) else {
        return record;
    };
    let (class, item) = call_number.split_once(' ').unwrap_or((call_number, ""));
    let dewey = class.starts_with(|c: char| c.is_ascii_digit());
    let (tag, ind) = if dewey { ("082", "04") } else { ("050", " 4") };
    let mut subfields = vec![('a', class)];
    if !item.is_empty() {
        subfields.push(('b', item));
    }
    // Appended, then moved to its place in tag order, where a cataloguer expects it.
    let mut record = record.with_data(tag, ind, &subfields);
    let field = record.fields.pop().expect("the field just added");
    let at = record
        .fields
        .iter()
        .position(|f| f.tag() > tag)
        .unwrap_or(record.fields.len());
    record.fields.insert(at, field);
    record
}

/// The shelving locations of the demo copies: the law books (Library of Congress call numbers)
/// in the main library, the art and museum books (Dewey) in the museum's stack.
pub const LOCATIONS: [&str; 2] = ["Main library", "Museum stack"];

/// The demo copies: (index into [`records()`], barcode, call number, location index into
/// [`LOCATIONS`], item type, enumeration, copy number).
type DemoCopy = (
    usize,
    &'static str,
    &'static str,
    usize,
    ItemType,
    Option<&'static str>,
    Option<&'static str>,
);

const COPIES: &[DemoCopy] = &[
    (
        0,
        "D0001",
        "KD1554 .H37 2019",
        0,
        ItemType::Book,
        None,
        Some("1"),
    ),
    (
        0,
        "D0002",
        "KD1554 .H37 2019",
        0,
        ItemType::Book,
        None,
        Some("2"),
    ),
    (
        1,
        "D0003",
        "KD1641 .O43 2021",
        0,
        ItemType::Book,
        None,
        None,
    ),
    (2, "D0004", "769.9492 DVO", 1, ItemType::Book, None, None),
    (3, "D0005", "912.09 MUS", 1, ItemType::Book, None, None),
    (
        4,
        "D0006",
        "KD1641 .A1 J68",
        0,
        ItemType::SerialIssue,
        Some("Vol. 5 (2022)"),
        None,
    ),
    (
        4,
        "D0007",
        "KD1641 .A1 J68",
        0,
        ItemType::SerialIssue,
        Some("Vol. 6 (2023)"),
        None,
    ),
    (
        5,
        "D0008",
        "KJC1526 .M85 2022",
        0,
        ItemType::Book,
        None,
        None,
    ),
    (6, "D0009", "702.88 NAK", 1, ItemType::Book, None, None),
    (
        7,
        "D0010",
        "KD3009 .A34",
        0,
        ItemType::Looseleaf,
        Some("Vol. 1"),
        None,
    ),
    (
        7,
        "D0011",
        "KD3009 .A34",
        0,
        ItemType::Looseleaf,
        Some("Vol. 2"),
        None,
    ),
];

/// The demo patrons: (name, category, department, e-mail). Categories are the loan policy's
/// (`partner`, `associate`, `researcher`, `staff`); card numbers come from the library's pattern.
const PATRONS: [(&str, &str, &str, &str); 5] = [
    (
        "Eleanor Whitcombe",
        "partner",
        "Construction and engineering",
        "e.whitcombe@example.org",
    ),
    (
        "Tomás Ferreira",
        "associate",
        "Construction and engineering",
        "t.ferreira@example.org",
    ),
    (
        "Priya Raman",
        "associate",
        "Restructuring and insolvency",
        "p.raman@example.org",
    ),
    (
        "Hélène Marchetti",
        "researcher",
        "Prints and drawings (museum)",
        "h.marchetti@example.org",
    ),
    (
        "Samuel Osei",
        "staff",
        "Conservation (museum)",
        "s.osei@example.org",
    ),
];

fn days_before(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).unwrap_or(today)
}

/// Adds the demo collection to `lib` (a brand-new default library), as a user would, through the
/// core's own functions, so that loans, item statuses and holds are as the desk leaves them:
/// the [`records`], copies of each (on the two [`LOCATIONS`]), five patrons with generated
/// card numbers, three loans made before `now` (one of them, taken 35 days before, overdue on
/// the day of `now` under the default 21-day rule), a hold on a copy that is on loan, and a
/// stored bibliography ("Construction disputes: a reading list").
///
/// `now` is the caller's timestamp; the loans and the hold are dated from its day.
/// Returns the number of records added.
///
/// Each step is its own transaction (the core's functions each open one), so a failure leaves
/// the steps before it; the library is brand-new, so nothing of the user's is at stake.
/// Errors: whatever a step returns (a refused check-out or hold is an [`Error::InvalidInput`] naming it).
pub fn seed(lib: &mut Library, now: Timestamp) -> Result<usize> {
    let today = now.date();
    let recs = records();
    let ids = add_records(lib, &recs, "Carrel demo collection", now)?;
    for &(rec, barcode, call_number, loc, item_type, enumeration, copy) in COPIES {
        let input = ItemInput {
            barcode: barcode.into(),
            call_number: call_number.into(),
            location: LOCATIONS[loc].into(),
            item_type: Some(item_type),
            enumeration: enumeration.map(Into::into),
            copy_number: copy.map(Into::into),
            ..ItemInput::default()
        };
        add_item(lib, ids[rec], &input, now)?;
    }
    let mut cards = Vec::new();
    for (name, category, department, email) in PATRONS {
        let input = PatronInput {
            name: name.into(),
            category: Some(category.into()),
            department: department.into(),
            email: Some(email.into()),
            // The museum's visiting researcher has a card for a year; the others' never expire.
            expires_on: (category == "researcher")
                .then(|| today.checked_add_days(Days::new(365)))
                .flatten(),
            ..PatronInput::default()
        };
        cards.push(add_patron(lib, &input, now)?);
    }
    // (barcode, patron, days before today): oldest first, as the desk would have lent them.
    let loans = [("D0008", 2, 35), ("D0004", 3, 10), ("D0003", 0, 5)];
    for (barcode, patron, ago) in loans {
        let day = days_before(today, ago);
        if let CheckoutOutcome::Refused(r) =
            check_out(lib, barcode, &cards[patron].card, day, None)?
        {
            return Err(Error::InvalidInput(format!(
                "demo loan of {barcode} refused: {}",
                r.message
            )));
        }
    }
    // Tomás waits for "Delay and disruption claims", on loan to Eleanor.
    let hold = place_hold(lib, cards[1].id, ids[1], None, days_before(today, 2))?;
    if let HoldOutcome::Refused(r) = hold {
        return Err(Error::InvalidInput(format!(
            "demo hold refused: {}",
            r.message
        )));
    }
    create_bibliography(lib, &reading_list(&ids), now)?;
    Ok(recs.len())
}

/// The stored bibliography: a section chosen by subject (with its narrower headings) and one
/// picked by hand, each with an annotation, showing where each entry is shelved.
fn reading_list(ids: &[RecordId]) -> BibliographyDoc {
    BibliographyDoc {
        title: "Construction disputes: a reading list".into(),
        introduction: "Books and journals in the library on construction contracts and the \
                       disputes they lead to, with where to find each on the shelves."
            .into(),
        style: "chicago-author-date".into(),
        locale: Some("en-GB".into()),
        show_locations: true,
        sections: vec![
            SectionDoc {
                heading: "Books".into(),
                rule: SelectionRule {
                    subject: Some("Construction contracts".into()),
                    narrower: true,
                    ..SelectionRule::default()
                },
                sort: SectionSort::Style,
                entries: vec![EntryDoc {
                    record_id: ids[0],
                    annotation: Some(
                        "Start here: how an arbitration under a building contract is run.".into(),
                    ),
                    ..EntryDoc::default()
                }],
            },
            SectionDoc {
                heading: "Journals".into(),
                rule: SelectionRule::default(),
                sort: SectionSort::Manual,
                entries: vec![EntryDoc {
                    record_id: ids[4],
                    pinned: true,
                    annotation: Some("The last two volumes are on the shelf.".into()),
                    ..EntryDoc::default()
                }],
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bibliography::store::list_bibliographies;
    use crate::catalogue::items::{items_of_record, CallNumberScheme, ItemStatus};
    use crate::catalogue::search::{search_request, SearchRequest};
    use crate::circulation::{find_patrons, list_holds, overdues, HoldFilter, OverdueOrder};

    const NOW: &str = "2026-11-30T10:00:00Z";

    fn seeded() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(&dir.path().join("demo.sqlite")).unwrap();
        assert_eq!(seed(&mut lib, NOW.parse().unwrap()).unwrap(), 8);
        (dir, lib)
    }

    #[test]
    fn the_format_facet_shows_books_a_serial_and_a_looseleaf() {
        let (_d, lib) = seeded();
        let r = search_request(
            &lib,
            &SearchRequest {
                facets: true,
                ..SearchRequest::default()
            },
        )
        .unwrap();
        assert_eq!(r.total, 8);
        let mut formats: Vec<(String, u32)> = r
            .facets
            .iter()
            .find(|f| f.name == "format")
            .unwrap()
            .values
            .iter()
            .map(|v| (v.value.clone(), v.count))
            .collect();
        formats.sort();
        assert_eq!(
            formats,
            [("Book", 6), ("Looseleaf / updating", 1), ("Serial", 1)]
                .map(|(v, n)| (v.to_string(), n))
        );
        let journal = r
            .hits
            .iter()
            .find(|h| h.title.starts_with("Journal of construction law"))
            .unwrap();
        assert_eq!(journal.format, "Serial");
    }

    #[test]
    fn the_demo_has_copies_in_lc_and_dewey_on_two_locations() {
        let (_d, lib) = seeded();
        let mut all = Vec::new();
        for id in 1..=8 {
            all.extend(items_of_record(&lib, RecordId(id)).unwrap());
        }
        assert_eq!(all.len(), 11);
        let engraving = all.iter().find(|i| i.barcode == "D0004").unwrap();
        assert_eq!(
            (
                engraving.call_number.as_str(),
                engraving.scheme,
                engraving.location.as_str()
            ),
            ("769.9492 DVO", CallNumberScheme::Ddc, "Museum stack")
        );
        let arbitration = all.iter().find(|i| i.barcode == "D0001").unwrap();
        assert_eq!(
            (arbitration.scheme, arbitration.location.as_str()),
            (CallNumberScheme::Lcc, "Main library")
        );
        assert!(
            all.iter().all(|i| i.call_number_warning.is_none()),
            "{all:?}"
        );
        let looseleaf = all.iter().find(|i| i.barcode == "D0010").unwrap();
        assert_eq!(looseleaf.item_type, ItemType::Looseleaf);
        let on_loan: Vec<&str> = all
            .iter()
            .filter(|i| i.status == ItemStatus::OnLoan)
            .map(|i| i.barcode.as_str())
            .collect();
        assert_eq!(on_loan, ["D0003", "D0004", "D0008"]);
    }

    #[test]
    fn a_reminder_says_due_soon_and_an_overdue_notice_says_overdue() {
        let (_d, lib) = seeded();
        let today = NOW.parse::<crate::Timestamp>().unwrap().date();
        let reminders = crate::circulation::notices(
            &lib,
            crate::circulation::NoticeLoans::DueSoon(Some(60)),
            None,
            today,
        )
        .unwrap();
        assert!(!reminders.is_empty());
        for r in &reminders {
            assert!(r.notice.contains("due soon"), "{}", r.notice);
            assert!(!r.notice.contains("overdue"), "{}", r.notice);
        }
        let overdue = crate::circulation::notices(
            &lib,
            crate::circulation::NoticeLoans::Overdue,
            None,
            today,
        )
        .unwrap();
        assert_eq!(overdue.len(), 1);
        assert!(
            overdue[0].notice.contains("overdue as of 2026-11-30"),
            "{}",
            overdue[0].notice
        );
    }

    #[test]
    fn a_copy_scanned_into_a_demo_record_is_offered_its_call_number() {
        let (_d, lib) = seeded();
        let marc = crate::catalogue::get_marc(&lib, RecordId(1)).unwrap();
        let lc = marc.field("050").expect("050 on the LC-classed book");
        assert_eq!(lc.subfield('a'), Some("KD1554"));
        assert_eq!(lc.subfield('b'), Some(".H37 2019"));
        let tags: Vec<&str> = marc.fields.iter().map(|f| f.tag()).collect();
        let mut sorted = tags.clone();
        sorted.sort();
        assert_eq!(tags, sorted, "fields in tag order");
        let offered = |id| {
            crate::catalogue::items::record_items(&lib, RecordId(id))
                .unwrap()
                .suggested_call_number
        };
        assert_eq!(offered(1).as_deref(), Some("KD1554 .H37 2019"));
        let engraving = (1..=8)
            .find(|&id| {
                items_of_record(&lib, RecordId(id))
                    .unwrap()
                    .iter()
                    .any(|i| i.barcode == "D0004")
            })
            .unwrap();
        assert_eq!(offered(engraving).as_deref(), Some("769.9492 DVO"));
    }

    #[test]
    fn the_desk_has_patrons_loans_one_overdue_and_a_hold() {
        let (_d, lib) = seeded();
        let patrons = find_patrons(&lib, "", 50).unwrap();
        assert_eq!(patrons.len(), 5);
        let priya = patrons.iter().find(|p| p.name == "Priya Raman").unwrap();
        assert_eq!((priya.category.as_str(), priya.loans), ("associate", 1));
        assert!(priya.card.starts_with('P'), "{}", priya.card);
        let categories: std::collections::BTreeSet<&str> =
            patrons.iter().map(|p| p.category.as_str()).collect();
        assert_eq!(
            categories.into_iter().collect::<Vec<_>>(),
            ["associate", "partner", "researcher", "staff"]
        );
        let today = NOW.parse::<crate::Timestamp>().unwrap().date();
        let late = overdues(&lib, today, OverdueOrder::Patron).unwrap();
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].patron_name, "Priya Raman");
        assert!(late[0].title.starts_with("Cross-border insolvency"));
        assert!(late[0].days_overdue >= 14, "{}", late[0].days_overdue);
        let holds = list_holds(&lib, &HoldFilter::default()).unwrap();
        assert_eq!(holds.len(), 1);
        let tomas = patrons.iter().find(|p| p.name == "Tomás Ferreira").unwrap();
        assert_eq!(holds[0].patron_id, tomas.id);
    }

    #[test]
    fn the_demo_has_a_stored_bibliography_that_renders() {
        let (_d, lib) = seeded();
        let list = list_bibliographies(&lib).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].title, "Construction disputes: a reading list");
        assert_eq!(list[0].sections, 2);
        let txt = crate::bibliography::export_bibliography(
            &lib,
            list[0].id,
            crate::bibliography::Format::Txt,
        )
        .unwrap();
        let text = String::from_utf8(txt).unwrap().to_lowercase();
        assert!(
            text.contains("arbitration in construction contracts"),
            "{text}"
        );
        assert!(text.contains("journal of construction law"), "{text}");
        assert!(text.contains("start here: how an arbitration"), "{text}");
        assert!(text.contains("main library"), "{text}");
    }
}
