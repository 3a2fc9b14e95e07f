//! Issue 13, tried further: enumerations and chronologies of the kinds serials and looseleafs
//! carry in German, French, Spanish and Italian collections, volumes numbered in bare Roman
//! numerals, and numeric dates. Each list is in shelf order; it is shuffled and sorted by
//! `item_shelf_key` as the shelf list sorts it.

use carrel::catalogue::callnumber::{enumeration_key, item_shelf_key, sort_key, Scheme};

fn assert_shelf_order(list: &[&str]) {
    let cn = sort_key("K1 .Y3", Scheme::Lcc).key;
    // A fixed shuffle: reversed, then the odd places before the even ones.
    let reversed: Vec<&str> = list.iter().rev().copied().collect();
    let mut sorted: Vec<&str> = (0..2)
        .flat_map(|r| reversed.iter().skip(1 - r).step_by(2).copied())
        .collect();
    sorted.sort_by_key(|e| item_shelf_key(&cn, Some(e), None));
    assert_eq!(sorted, list, "keys: {:?}", {
        list.iter()
            .map(|e| (e, enumeration_key(e)))
            .collect::<Vec<_>>()
    });
}

#[test]
fn months_of_german_french_spanish_and_italian_serials_file_by_their_place_in_the_year() {
    assert_shelf_order(&[
        "Nov. 2019",
        "Dez. 2019",
        "Jan. 2020",
        "März 2020",
        "Mai 2020",
    ]);
    assert_shelf_order(&[
        "déc. 2019",
        "janv. 2020",
        "févr. 2020",
        "mars 2020",
        "avr. 2020",
        "juin 2020",
        "juil. 2020",
        "août 2020",
    ]);
    assert_shelf_order(&[
        "dic. 2019",
        "enero 2020",
        "feb. 2020",
        "marzo 2020",
        "mayo 2020",
    ]);
    assert_shelf_order(&[
        "dic. 2019",
        "genn. 2020",
        "febbraio 2020",
        "maggio 2020",
        "giugno 2020",
    ]);
    assert_shelf_order(&["Heft 12 (Dez. 2019)", "Heft 1 (Jan. 2020)"][..1]);
    assert_shelf_order(&["Herbst 2019", "Winter 2019", "Frühjahr 2020", "Sommer 2020"]);
    assert_shelf_order(&["automne 2019", "hiver 2019", "printemps 2020", "été 2020"]);
}

#[test]
fn volumes_numbered_in_bare_roman_numerals_file_by_value() {
    assert_shelf_order(&[
        "I", "II", "III", "IV", "V", "VI", "IX", "X", "XI", "XIV", "XL",
    ]);
    assert_shelf_order(&["i", "ii", "iii", "iv", "v", "ix", "x"]);
    // The same volumes written in Arabic and Roman numerals stand together.
    assert_eq!(enumeration_key("IV"), enumeration_key("4"));
    assert_eq!(enumeration_key("V"), enumeration_key("5"));
    assert_eq!(enumeration_key("Part IV"), enumeration_key("pt. 4"));
}

#[test]
fn german_spanish_and_italian_designations_are_designations() {
    // Jahrgang (a periodical's annual volume), tomo, Lieferung, Register, Ergänzungsband.
    assert_eq!(enumeration_key("Jahrg. 10"), enumeration_key("v.10"));
    assert_eq!(enumeration_key("Jg. 10"), enumeration_key("v.10"));
    assert_eq!(enumeration_key("tomo 2"), enumeration_key("t. 2"));
    assert_shelf_order(&[
        "Jahrg. 9",
        "Jahrg. 9, Heft 2",
        "Jahrg. 10",
        "Jahrg. 10 Erg.-Bd.",
        "Jahrg. 11",
        "Register",
    ]);
    assert_shelf_order(&[
        "Bd. 2",
        "Bd. 10",
        "Erg.-Bd. 1",
        "Erg.-Bd. 2",
        "Gesamtregister",
    ]);
    assert_shelf_order(&["Lfg. 9", "Lfg. 10"]);
}

#[test]
fn numeric_dates_file_by_year_month_day() {
    // German day.month.year, US month/day/year, month/year.
    assert_shelf_order(&["15.12.2019", "1.3.2020", "15.03.2020", "01.04.2020"]);
    assert_shelf_order(&["12/1/2019", "1/5/2020", "3/15/2020", "4/1/2020"]);
    assert_shelf_order(&["12/2019", "1/2020", "3/2020", "11/2020"]);
    assert_shelf_order(&["2019-12-15", "2020-03-01", "2020-03-15"]);
}

#[test]
fn lc_class_letters_before_a_number_are_not_a_dewey_prefix() {
    use carrel::catalogue::callnumber::{guess_scheme, RecordCallNumber};
    // A record classed only in Dewey (a vendor's 082), in a library that shelves by LC: an LC
    // call number with a space after its class letters is LC, not Dewey 100 with prefix "HD".
    let dewey = [RecordCallNumber {
        scheme: Scheme::Ddc,
        tag: "082".into(),
        text: "338.7".into(),
    }];
    for cn in ["HD 100 .S6", "KF 801 .A2 1990", "QA 276 .B6"] {
        assert_eq!(guess_scheme(cn, &dewey, None).scheme, Scheme::Lcc, "{cn}");
        assert_eq!(
            guess_scheme(cn, &[], Some(Scheme::Ddc)).scheme,
            Scheme::Lcc,
            "{cn}"
        );
    }
    // Location prefixes that are also LC classes stay ambiguous: the record decides.
    assert_eq!(guess_scheme("R 131 .B6", &dewey, None).scheme, Scheme::Ddc);
    assert_eq!(
        guess_scheme("J 398.2 GRI", &dewey, None).scheme,
        Scheme::Ddc
    );
    // And a Dewey number with a location prefix that is no LC class is Dewey.
    assert_eq!(
        guess_scheme("LAW 346.73 K58", &dewey, None).scheme,
        Scheme::Ddc
    );
}

fn assert_call_number_order(list: &[&str], scheme: Scheme) {
    for w in list.windows(2) {
        let (a, b) = (sort_key(w[0], scheme), sort_key(w[1], scheme));
        assert!(
            a.key < b.key,
            "{:?} ({a:?}) should file before {:?} ({b:?})",
            w[0],
            w[1]
        );
    }
}

#[test]
fn fiction_title_marks_that_spell_a_designation_are_title_marks() {
    // PZ7 title marks are the first letters of the title: "No", "Bk", "Ed", "V" are as much
    // title marks as "Nm" and "Np", and file among them without a warning.
    let list = [
        "PZ7 .S8 Ab",
        "PZ7 .S8 Bj",
        "PZ7 .S8 Bk",
        "PZ7 .S8 Bl",
        "PZ7 .S8 Ec",
        "PZ7 .S8 Ed",
        "PZ7 .S8 Ee",
        "PZ7 .S8 Nm",
        "PZ7 .S8 No",
        "PZ7 .S8 Np",
        "PZ7 .S8 U",
        "PZ7 .S8 V",
        "PZ7 .S8 W",
    ];
    assert_call_number_order(&list, Scheme::Lcc);
    for cn in list {
        assert_eq!(sort_key(cn, Scheme::Lcc).warning, None, "{cn}");
    }
    // A volume is still a volume.
    assert_call_number_order(
        &["QA76 .B6", "QA76 .B6 v.2", "QA76 .B6 v.10", "QA76 .B6 .C2"],
        Scheme::Lcc,
    );
}

#[test]
fn roman_volume_numbers_in_a_call_number_file_by_value() {
    assert_call_number_order(
        &[
            "346.73 K58 v.2",
            "346.73 K58 v.IV",
            "346.73 K58 v.V",
            "346.73 K58 v.IX",
            "346.73 K58 v.10",
            "346.73 K58 2009",
        ],
        Scheme::Ddc,
    );
    assert_call_number_order(
        &[
            "QA76 .B6 1990 t. II",
            "QA76 .B6 1990 t. V",
            "QA76 .B6 1990 t. IX",
            "QA76 .B6 1991",
        ],
        Scheme::Lcc,
    );
    assert_eq!(sort_key("QA76 .B6 v.IX", Scheme::Lcc).warning, None);
}
