//! Search: the query language, sorts, keyset paging, facets and the jump from a scanned code,
//! on fixture records built here and on real shared MARC files.

mod common;

use carrel::RecordId;
use std::collections::HashSet;

use carrel::catalogue::items::{add_item, ItemInput, ItemStatus};
use carrel::catalogue::{
    add_records, lookup, search, search_request, FacetFilter, SearchRequest, SearchResults,
    SortOrder,
};
use carrel::Library;
use carrel_marc::Record;
use common::{import, new_library, now, shared_data};

fn book(
    id: &str,
    title: (&str, char),
    author: Option<&str>,
    year: &str,
    lang: &str,
    subjects: &[&str],
    isbn: Option<&str>,
) -> Record {
    let mut r = Record::new().with_control("001", id).with_control(
        "008",
        &format!("990101s{year}    enk           000 0 {lang} d"),
    );
    if let Some(i) = isbn {
        r = r.with_data("020", "  ", &[('a', i)]);
    }
    if let Some(a) = author {
        r = r.with_data("100", "1 ", &[('a', a)]);
    }
    r = r.with_data("245", &format!("1{}", title.1), &[('a', title.0)]);
    r = r.with_data(
        "264",
        " 1",
        &[('a', "London :"), ('b', "Fixture Press,"), ('c', year)],
    );
    for s in subjects {
        r = r.with_data("650", " 0", &[('a', s)]);
    }
    r
}

/// Eight records: diacritics, non-filing articles, years, languages, subjects, an ISBN; items
/// with barcodes and call numbers on three of them.
fn fixture() -> (tempfile::TempDir, Library, Vec<RecordId>) {
    let (dir, mut lib) = new_library();
    let records = vec![
        book(
            "f1",
            ("Dvořák :", '0'),
            Some("Clapham, John."),
            "1979",
            "eng",
            &["Composers -- Czech Republic"],
            Some("0-306-40615-2"),
        ),
        book(
            "f2",
            ("The law of contract", '4'),
            Some("Treitel, G. H."),
            "1995",
            "eng",
            &["Contracts -- England"],
            None,
        ),
        book(
            "f3",
            ("A history of the Czech lands", '2'),
            Some("Pánek, Jaroslav"),
            "2009",
            "eng",
            &["Czech Republic -- History"],
            None,
        ),
        book(
            "f4",
            ("Les contrats spéciaux", '4'),
            Some("Bénabent, Alain"),
            "1993",
            "fre",
            &["Contracts -- France"],
            None,
        ),
        book(
            "f5",
            ("Zoos and the law", '0'),
            None,
            "2001",
            "eng",
            &["Contracts -- England", "Zoos"],
            None,
        ),
        book(
            "f6",
            ("Symphonies of Dvořák", '0'),
            Some("Šourek, Otakar"),
            "1955",
            "cze",
            &["Composers -- Czech Republic"],
            None,
        ),
        book(
            "f7",
            ("Contract drafting", '0'),
            Some("Aardvark, Anne"),
            "uuuu",
            "eng",
            &["Contracts -- England"],
            None,
        ),
        book(
            "f8",
            ("Ödön von Horváth", '0'),
            Some("Zweig, Z."),
            "1990",
            "ger",
            &[],
            None,
        ),
    ];
    let ids = add_records(&mut lib, &records, "fixture", now()).unwrap();
    let item = |barcode: &str, cn: &str, location: &str, status| ItemInput {
        barcode: barcode.into(),
        call_number: cn.into(),
        location: location.into(),
        status: Some(status),
        ..ItemInput::default()
    };
    add_item(
        &mut lib,
        ids[1],
        &item(
            "31234000000017",
            "KD1554 .T7 1995",
            "Main",
            ItemStatus::Available,
        ),
        now(),
    )
    .unwrap();
    add_item(
        &mut lib,
        ids[3],
        &item(
            "31234000000025",
            "KJV1554 .B4 1993",
            "Annex",
            ItemStatus::Available,
        ),
        now(),
    )
    .unwrap();
    // On loan through the desk, as the status is only ever set.
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
    carrel::circulation::check_out(&mut lib, "31234000000025", "P1", now().date(), None).unwrap();
    add_item(
        &mut lib,
        ids[6],
        &item(
            "31234000000033",
            "KD1554 .A2",
            "Main",
            ItemStatus::Available,
        ),
        now(),
    )
    .unwrap();
    (dir, lib, ids)
}

fn req(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 50,
        ..SearchRequest::default()
    }
}

fn run(lib: &Library, r: SearchRequest) -> SearchResults {
    search_request(lib, &r).unwrap_or_else(|e| panic!("{:?}: {e}", r.query))
}

fn titles(r: &SearchResults) -> Vec<String> {
    r.hits.iter().map(|h| h.title.clone()).collect()
}

#[test]
fn diacritics_and_case_do_not_matter() {
    let (_d, lib, _) = fixture();
    for q in ["dvorak ", "DVORAK ", "Dvořák ", "dvor"] {
        let r = run(&lib, req(q));
        let mut t = titles(&r);
        t.sort();
        assert_eq!(t, vec!["Dvořák", "Symphonies of Dvořák"], "{q}");
    }
    assert_eq!(
        titles(&run(&lib, req("odon horvath "))),
        vec!["Ödön von Horváth"]
    );
}

#[test]
fn fields_phrases_booleans_and_years() {
    let (_d, lib, _) = fixture();
    assert_eq!(run(&lib, req("title:dvorak ")).total, 2);
    assert_eq!(run(&lib, req("title:composers ")).total, 0);
    assert_eq!(
        titles(&run(&lib, req("author:sourek "))),
        vec!["Symphonies of Dvořák"]
    );
    assert_eq!(run(&lib, req("subject:\"contracts england\"")).total, 3);
    assert_eq!(run(&lib, req("subject:zoos ")).total, 1);
    assert_eq!(
        titles(&run(&lib, req("\"law of contract\""))),
        vec!["The law of contract"]
    );
    assert_eq!(run(&lib, req("law ")).total, 2);
    assert_eq!(
        titles(&run(&lib, req("law -zoos "))),
        vec!["The law of contract"]
    );
    assert_eq!(
        titles(&run(&lib, req("law NOT zoos "))),
        vec!["The law of contract"]
    );
    assert_eq!(run(&lib, req("zoos OR symphonies ")).total, 2);
    assert_eq!(run(&lib, req("contract* ")).total, 4, "not \"contrats\"");
    assert_eq!(
        titles(&run(&lib, req("contracts year:1990-2000 "))).len(),
        2
    );
    assert_eq!(
        titles(&run(&lib, req("year:1993"))),
        vec!["Les contrats spéciaux"]
    );
    assert_eq!(run(&lib, req("year:>2000")).total, 2);
    assert_eq!(
        titles(&run(&lib, req("publisher:fixture year:<1960 "))),
        vec!["Symphonies of Dvořák"]
    );
    // Call numbers: as typed, compact, and as a prefix with callno:.
    assert_eq!(
        titles(&run(&lib, req("KD1554 .T7 "))),
        vec!["The law of contract"]
    );
    assert_eq!(run(&lib, req("callno:KD1554 ")).total, 2);
    assert_eq!(
        titles(&run(&lib, req("callno:\"KJV1554 .B4\""))),
        vec!["Les contrats spéciaux"]
    );
    assert_eq!(
        titles(&run(&lib, req("barcode:31234000000025 "))),
        vec!["Les contrats spéciaux"]
    );
}

#[test]
fn isbns_are_found_with_and_without_hyphens_and_jump_to_their_record() {
    let (_d, lib, ids) = fixture();
    for q in [
        "0-306-40615-2",
        "0306406152",
        "978-0-306-40615-7",
        "9780306406157",
        "isbn:0306406152",
    ] {
        let r = run(&lib, req(q));
        assert_eq!(titles(&r), vec!["Dvořák"], "{q}");
    }
    let r = run(&lib, req("9780306406157"));
    assert_eq!(r.jump.as_ref().map(|j| j.record_id), Some(ids[0]));
    assert_eq!(r.jump.unwrap().item_barcode, None);
    // A wrong check digit is not a jump.
    assert_eq!(lookup(&lib, "9780306406158").unwrap(), None);
}

#[test]
fn a_scanned_barcode_jumps_to_its_item() {
    let (_d, lib, ids) = fixture();
    let r = run(&lib, req("31234000000025"));
    let jump = r.jump.clone().expect("a barcode jumps");
    assert_eq!(jump.record_id, ids[3]);
    assert_eq!(jump.item_barcode.as_deref(), Some("31234000000025"));
    assert_eq!(titles(&r), vec!["Les contrats spéciaux"]);
    assert_eq!(
        lookup(&lib, "3123400000002").unwrap(),
        None,
        "a prefix of a barcode is no jump"
    );
    assert_eq!(lookup(&lib, "contract law").unwrap(), None);
}

#[test]
fn each_sort_order_orders_by_its_key_with_missing_values_last() {
    let (_d, lib, _) = fixture();
    let sorted = |sort| titles(&run(&lib, SearchRequest { sort, ..req("") }));
    // Filing titles skip "The " and "A " and "Les " (245 second indicator).
    assert_eq!(
        sorted(SortOrder::Title),
        vec![
            "Contract drafting",
            "Les contrats spéciaux",
            "Dvořák",
            "A history of the Czech lands",
            "The law of contract",
            "Ödön von Horváth",
            "Symphonies of Dvořák",
            "Zoos and the law"
        ]
    );
    let by_author = sorted(SortOrder::Author);
    assert_eq!(
        by_author.first().map(String::as_str),
        Some("Contract drafting"),
        "Aardvark"
    );
    assert_eq!(
        by_author.last().map(String::as_str),
        Some("Zoos and the law"),
        "no author: last"
    );
    let oldest = sorted(SortOrder::DateAsc);
    assert_eq!(oldest[0], "Symphonies of Dvořák");
    assert_eq!(
        oldest.last().map(String::as_str),
        Some("Contract drafting"),
        "no year: last"
    );
    let newest = sorted(SortOrder::DateDesc);
    assert_eq!(newest[0], "A history of the Czech lands");
    assert_eq!(newest.last().map(String::as_str), Some("Contract drafting"));
    let shelf = sorted(SortOrder::CallNumber);
    assert_eq!(
        &shelf[..3],
        &[
            "Contract drafting",
            "The law of contract",
            "Les contrats spéciaux"
        ]
    );
    // Relevance without words: the most recently added first.
    assert_eq!(sorted(SortOrder::Relevance)[0], "Ödön von Horváth");
    // With words: the sort applies to the matches.
    let r = run(
        &lib,
        SearchRequest {
            sort: SortOrder::DateAsc,
            ..req("contract* ")
        },
    );
    assert_eq!(
        titles(&r),
        vec![
            "Les contrats spéciaux",
            "The law of contract",
            "Zoos and the law",
            "Contract drafting",
            "A history of the Czech lands"
        ]
        .into_iter()
        .filter(|t| r.hits.iter().any(|h| &h.title == t))
        .collect::<Vec<_>>()
    );
}

/// Pages of `limit` records, following `next`, concatenate to the one-page answer.
fn check_paging(
    lib: &Library,
    query: &str,
    sort: SortOrder,
    filters: Vec<FacetFilter>,
    limit: u32,
) -> Vec<RecordId> {
    let whole = run(
        lib,
        SearchRequest {
            sort,
            filters: filters.clone(),
            limit: 500,
            ..req(query)
        },
    );
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = run(
            lib,
            SearchRequest {
                sort,
                filters: filters.clone(),
                limit,
                after: after.clone(),
                ..req(query)
            },
        );
        assert!(page.hits.len() <= limit as usize);
        paged.extend(page.hits.iter().map(|h| h.id));
        match page.next {
            Some(n) if paged.len() < whole.hits.len() => after = Some(n),
            Some(_) => {
                assert!(
                    whole.next.is_some(),
                    "paging does not end: {query:?} {sort:?}"
                );
                break;
            }
            None => break,
        }
    }
    paged.truncate(whole.hits.len());
    let ids: Vec<RecordId> = whole.hits.iter().map(|h| h.id).collect();
    assert_eq!(paged, ids, "{query:?} {sort:?} by {limit}");
    assert_eq!(
        paged.iter().collect::<HashSet<_>>().len(),
        paged.len(),
        "no repeats"
    );
    ids
}

#[test]
fn keyset_pages_concatenate_to_the_whole_list_for_every_sort() {
    let (_d, lib, _) = fixture();
    for sort in [
        SortOrder::Relevance,
        SortOrder::Title,
        SortOrder::Author,
        SortOrder::DateAsc,
        SortOrder::DateDesc,
        SortOrder::CallNumber,
    ] {
        for limit in [1, 2, 3] {
            assert_eq!(check_paging(&lib, "", sort, vec![], limit).len(), 8);
            assert_eq!(
                check_paging(&lib, "contract* ", sort, vec![], limit).len(),
                4
            );
            check_paging(
                &lib,
                "contract* ",
                sort,
                vec![FacetFilter {
                    facet: "language".into(),
                    value: "eng".into(),
                }],
                limit,
            );
            let england = FacetFilter {
                facet: "subject".into(),
                value: "Contracts -- England".into(),
            };
            assert_eq!(
                check_paging(&lib, "contract* ", sort, vec![england], limit).len(),
                3
            );
            assert_eq!(
                check_paging(&lib, "contract* year:1990-2001", sort, vec![], limit).len(),
                3
            );
        }
    }
    // A cursor from another sort is refused plainly.
    let first = run(
        &lib,
        SearchRequest {
            sort: SortOrder::Title,
            limit: 2,
            ..req("")
        },
    );
    let e = search_request(
        &lib,
        &SearchRequest {
            sort: SortOrder::Author,
            after: first.next,
            ..req("")
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("cursor"), "{e}");
}

#[test]
fn facets_count_what_sql_counts_and_filters_narrow() {
    let (_d, lib, _) = fixture();
    let r = run(
        &lib,
        SearchRequest {
            facets: true,
            ..req("")
        },
    );
    assert!(!r.facets_sampled);
    let facet = |r: &SearchResults, name: &str| -> Vec<(String, u32)> {
        r.facets
            .iter()
            .find(|f| f.name == name)
            .map(|f| {
                f.values
                    .iter()
                    .map(|v| (v.value.clone(), v.count))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        facet(&r, "subject")[0],
        ("Contracts -- England".to_string(), 3)
    );
    assert_eq!(facet(&r, "format"), vec![("Book".to_string(), 8)]);
    assert_eq!(facet(&r, "language")[0], ("eng".to_string(), 5));
    assert_eq!(
        facet(&r, "location"),
        vec![("Main".to_string(), 2), ("Annex".to_string(), 1)]
    );
    let avail: HashSet<(String, u32)> = facet(&r, "availability").into_iter().collect();
    assert_eq!(
        avail,
        [
            ("available".to_string(), 2),
            ("unavailable".to_string(), 1),
            ("no_items".to_string(), 5)
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(facet(&r, "decade")[0], ("2000".to_string(), 2));
    let lang = r.facets.iter().find(|f| f.name == "language").unwrap();
    assert_eq!(lang.values[0].label, "English (eng)");

    // Every subject count equals a SQL count over the same records.
    let conn = rusqlite::Connection::open(lib.path()).unwrap();
    for (heading, n) in facet(&r, "subject") {
        let sql: u32 = conn
            .query_row(
                "SELECT count(*) FROM record_subjects WHERE heading = ?1",
                [&heading],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, sql, "{heading}");
    }

    // Choosing values narrows the results and marks them selected.
    let f = |facet: &str, value: &str| FacetFilter {
        facet: facet.into(),
        value: value.into(),
    };
    let narrowed = run(
        &lib,
        SearchRequest {
            facets: true,
            filters: vec![f("subject", "Contracts -- England")],
            ..req("")
        },
    );
    assert_eq!(narrowed.total, 3);
    assert!(narrowed
        .facets
        .iter()
        .find(|x| x.name == "subject")
        .unwrap()
        .values
        .iter()
        .any(|v| v.selected));
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                filters: vec![f("subject", "Contracts -- England"), f("location", "Main")],
                ..req("")
            }
        )
        .total,
        2
    );
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                filters: vec![f("availability", "unavailable")],
                ..req("")
            }
        )
        .total,
        1
    );
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                filters: vec![f("language", "fre"), f("language", "cze")],
                ..req("")
            }
        )
        .total,
        2
    );
    assert_eq!(
        titles(&run(
            &lib,
            SearchRequest {
                filters: vec![f("decade", "1950")],
                ..req("")
            }
        )),
        vec!["Symphonies of Dvořák"]
    );
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                filters: vec![f("format", "Map")],
                ..req("")
            }
        )
        .total,
        0
    );
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                filters: vec![f("item_type", "book")],
                ..req("contract* ")
            }
        )
        .total,
        3
    );
    let e = search_request(
        &lib,
        &SearchRequest {
            filters: vec![f("colour", "red")],
            ..req("")
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a facet"), "{e}");
}

#[test]
fn deleted_records_never_appear() {
    let (_d, mut lib, ids) = fixture();
    carrel::catalogue::trash::delete_record(&mut lib, ids[4], true, "test", now()).unwrap();
    assert_eq!(run(&lib, req("zoos ")).total, 0);
    let all = run(
        &lib,
        SearchRequest {
            facets: true,
            ..req("")
        },
    );
    assert_eq!(all.total, 7);
    assert!(!all.hits.iter().any(|h| h.id == ids[4]));
    assert_eq!(
        run(
            &lib,
            SearchRequest {
                sort: SortOrder::Title,
                ..req("year:2001")
            }
        )
        .total,
        0
    );
    // What an export of a search writes: the same records, in id order, none deleted.
    use carrel::catalogue::search::matching_ids;
    assert_eq!(
        matching_ids(&lib, "contract* ", &[]).unwrap(),
        vec![ids[1], ids[3], ids[6]]
    );
    assert_eq!(
        matching_ids(&lib, "year:1990-2001", &[]).unwrap(),
        vec![ids[1], ids[3], ids[7]]
    );
    assert_eq!(matching_ids(&lib, "", &[]).unwrap().len(), 7);
}

const HOSTILE: &[&str] = &[
    "\"",
    "*",
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b",
    "((a",
    "a)",
    ")",
    "' OR 1=1 --",
    "title:",
    "year:abc",
    "-",
    "--",
    "- -a",
    "\"\"",
    "{title}: x",
    "title:(",
    "author:\"",
    "a OR",
    "OR OR",
    "NOT NOT",
    "x' ; DROP TABLE records; --",
    "^a",
    "a:b:c:d",
    "isbn:",
    "callno:*",
    "barcode:\"",
    "\u{0}",
    "%_",
    "col:\"a\" *",
    "a -",
    "year:-",
    "year:99999",
    "year:1990-abc",
];

#[test]
fn hostile_queries_give_results_or_a_notice_never_an_error() {
    let (_d, lib, _) = fixture();
    let long = "dvořák \"(*) ".repeat(1_000);
    for q in HOSTILE.iter().copied().chain([long.as_str()]) {
        for sort in [SortOrder::Relevance, SortOrder::Title] {
            let r = search_request(
                &lib,
                &SearchRequest {
                    sort,
                    facets: true,
                    ..req(q)
                },
            );
            assert!(r.is_ok(), "{q:?}: {r:?}");
        }
    }
    let r = run(&lib, req("\"dvorak"));
    assert!(
        r.notice.as_deref().unwrap_or("").contains("not closed"),
        "{:?}",
        r.notice
    );
    assert_eq!(r.total, 2);
    let r = run(&lib, req("year:abc"));
    assert!(r.notice.unwrap().contains("year:abc"));
    let r = run(&lib, req(&long));
    assert!(r.notice.unwrap().contains("first"));
}

#[test]
fn the_old_entry_point_still_answers() {
    let (_d, lib, _) = fixture();
    let r = search(&lib, "dvorak", 1).unwrap();
    assert_eq!((r.total, r.hits.len(), r.next.is_some()), (2, 1, true));
}

#[test]
fn real_shared_files_answer_known_queries_first() {
    let Some(data) = shared_data("search") else {
        return;
    };
    let (_d, mut lib) = new_library();
    import(
        &mut lib,
        &[
            data.join("marc/evergreen/lul_fre_100.mrc"),
            data.join("marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc"),
        ],
    );
    let first_of = |lib: &Library, q: &str| {
        run(lib, req(q))
            .hits
            .first()
            .map(|h| h.title.clone())
            .unwrap_or_default()
    };
    let first = |q: &str| first_of(&lib, q);
    // A title word typed without its diacritics (MARC-8 records, decoded).
    assert!(first("depreciation monetaire").starts_with("L'influence de la dépréciation monétaire"));
    assert!(first("recits laurentiens").starts_with("Récits laurentiens"));
    // An author, a subject, a title word.
    assert!(first("author:faguet").starts_with("Dix-huitième siècle"));
    assert!(first("subject:\"obligations droit\"").starts_with("L'influence de la dépréciation"));
    assert!(first("Kilcunda").starts_with("Rails by the sea"));
    // ISBNs with and without hyphens, ISBN-10 as ISBN-13.
    for q in [
        "2130389481",
        "2-13-038948-1",
        "9782130389484",
        "978-2-13-038948-4",
    ] {
        assert!(first(q).starts_with("La Place du désordre"), "{q}");
    }
    for q in ["9781922669551", "978-1-922669-55-1"] {
        let r = run(&lib, req(q));
        assert!(r.hits[0].title.starts_with("Writing for his life"), "{q}");
        assert_eq!(r.jump.map(|j| j.record_id), Some(r.hits[0].id));
    }
    // A barcode given to an item of a real record.
    let id = run(&lib, req("Kilcunda")).hits[0].id;
    add_item(
        &mut lib,
        id,
        &ItemInput {
            barcode: "39000012345678".into(),
            call_number: "HE3550 .K55 C38".into(),
            ..ItemInput::default()
        },
        now(),
    )
    .unwrap();
    assert!(first_of(&lib, "39000012345678").starts_with("Rails by the sea"));
    assert!(first_of(&lib, "callno:HE3550").starts_with("Rails by the sea"));
    // Filing title: 245 ind2 3 skips "La ".
    let by_title = run(
        &lib,
        SearchRequest {
            sort: SortOrder::Title,
            limit: 500,
            ..req("subject:changement")
        },
    );
    assert!(by_title
        .hits
        .iter()
        .any(|h| h.title.starts_with("La Place du désordre")));
    // Facets over a real file and hostile text on real data.
    let r = run(
        &lib,
        SearchRequest {
            facets: true,
            ..req("history ")
        },
    );
    assert!(r
        .facets
        .iter()
        .any(|f| f.name == "subject" && !f.values.is_empty()));
    for q in HOSTILE {
        assert!(search_request(&lib, &req(q)).is_ok(), "{q:?}");
    }
    check_paging(&lib, "history ", SortOrder::Relevance, vec![], 7);
    check_paging(&lib, "history ", SortOrder::Title, vec![], 7);
    check_paging(&lib, "", SortOrder::DateDesc, vec![], 97);
}

/// With more than 2,000 matches a sort walks the key's index; its pages must list exactly what
/// sorting every match lists (missing values last, in id order).
#[test]
fn sorted_pages_of_a_common_word_follow_the_key_order() {
    let (_d, mut lib) = new_library();
    let records: Vec<Record> = (0..2_150)
        .map(|i| {
            let author = (i % 7 != 0).then(|| format!("Author {}", (i * 37) % 101));
            let year = if i % 5 == 0 {
                "uuuu".to_string()
            } else {
                (1900 + (i * 13) % 120).to_string()
            };
            book(
                &format!("c{i}"),
                (&format!("Common words {}", (i * 7919) % 1000), '0'),
                author.as_deref(),
                &year,
                "eng",
                &[],
                None,
            )
        })
        .collect();
    add_records(&mut lib, &records, "fixture", now()).unwrap();
    let conn = rusqlite::Connection::open(lib.path()).unwrap();
    let expected = |sql: &str| -> Vec<RecordId> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<RecordId>, _>>()
            .unwrap()
    };
    let cases = [
        (SortOrder::Title, "SELECT id FROM records ORDER BY filing_title = '', CASE WHEN filing_title = '' THEN '' ELSE filing_title END, id"),
        (SortOrder::Author, "SELECT id FROM records ORDER BY sort_author = '', CASE WHEN sort_author = '' THEN '' ELSE sort_author END, id"),
        (SortOrder::DateDesc, "SELECT id FROM records ORDER BY year IS NULL, year DESC, CASE WHEN year IS NULL THEN id ELSE -id END"),
        (SortOrder::DateAsc, "SELECT id FROM records ORDER BY year IS NULL, year, id"),
    ];
    for (sort, sql) in cases {
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = run(
                &lib,
                SearchRequest {
                    sort,
                    after: after.clone(),
                    limit: 400,
                    ..req("common ")
                },
            );
            assert!(page.total_is_lower_bound || page.total == 2_150);
            paged.extend(page.hits.iter().map(|h| h.id));
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(paged, expected(sql), "{sort:?}");
    }
}
