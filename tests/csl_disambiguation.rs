//! Disambiguation across a bibliography's entries, which Carrel adds around hayagriva (each entry
//! has its own driver): year suffixes by any name variable and for undated works, in the style's
//! order, without shortening names; and the subsequent-author substitute (CSL 1.0.2).

use carrel::bibliography::render::{render_entries, EntryInput};
use carrel::bibliography::styles::{load_style, locales};
use carrel::RecordId;
use serde_json::{json, Value};

fn input(n: i64, item: Value) -> EntryInput {
    EntryInput {
        record_id: RecordId(n),
        item,
        annotation: None,
        location: None,
    }
}

fn texts(style: &str, inputs: &[EntryInput]) -> Vec<String> {
    let style = load_style(style, None).unwrap();
    render_entries(&style, &locales(None), Some("en-US"), inputs, true)
        .entries
        .iter()
        .map(|e| e.plain_text())
        .collect()
}

#[test]
fn composers_and_undated_works_get_letters_in_title_order() {
    let score = |title: &str| {
        json!({"id": "x", "type": "musical_score", "title": title, "publisher": "Wirripang",
               "composer": [{"family": "Chitty", "given": "Gina"}], "issued": {"date-parts": [[2022]]}})
    };
    let undated = |title: &str| {
        json!({"id": "x", "type": "book", "title": title, "publisher": "Acme",
               "author": [{"family": "Levin", "given": "Adiel"}]})
    };
    let inputs = [
        input(1, score("The stomping Gygaborg")),
        input(2, score("The inscrutable cat")),
        input(3, undated("Zebras")),
        input(4, undated("Antelopes")),
    ];
    let t = texts("apa", &inputs);
    assert_eq!(
        t,
        [
            "Chitty, G. (2022a). The inscrutable cat. Wirripang.",
            "Chitty, G. (2022b). The stomping Gygaborg. Wirripang.",
            "Levin, A. (n.d.-a). Antelopes. Acme.",
            "Levin, A. (n.d.-b). Zebras. Acme.",
        ],
        "{t:?}"
    );
    let t = texts("chicago-author-date", &inputs);
    assert!(
        t.contains(&"Levin, Adiel. n.d.-a. Antelopes. Acme.".to_string()),
        "{t:?}"
    );
}

#[test]
fn lettered_entries_keep_their_names_and_namesakes_stay_apart() {
    let work = |given: &str, title: &str| {
        json!({"id": "x", "type": "book", "title": title, "publisher": "Acme",
               "author": [{"family": "Cooper", "given": given}], "issued": {"date-parts": [[2022]]}})
    };
    let inputs = [
        input(1, work("Barbara", "Quentin question mark")),
        input(2, work("Barbara", "Alex apostrophe")),
        input(3, work("Ian", "Emma exclamation mark")),
    ];
    let t = texts("apa", &inputs);
    assert_eq!(
        t,
        [
            "Cooper, B. (2022a). Alex apostrophe. Acme.",
            "Cooper, B. (2022b). Quentin question mark. Acme.",
            "Cooper, I. (2022). Emma exclamation mark. Acme.",
        ],
        "{t:?}"
    );
}

#[test]
fn an_authors_later_works_take_the_styles_substitute() {
    let work = |family: &str, title: &str| {
        json!({"id": "x", "type": "book", "title": title, "publisher": "Acme",
               "author": [{"family": family, "given": "James"}], "issued": {"date-parts": [[1850]]}})
    };
    let inputs = [
        input(1, work("Grant", "The bench and the bar")),
        input(2, work("Grant", "A treatise on banking")),
        input(3, work("Hart", "Corporations")),
    ];
    let t = texts("modern-language-association", &inputs);
    // MLA sorts "A Treatise" before "The Bench" (leading articles aside); the second of the
    // author's works takes "———".
    assert_eq!(
        t,
        [
            "Grant, James. A Treatise on Banking. Acme, 1850.",
            "———. The Bench and the Bar. Acme, 1850.",
            "Hart, James. Corporations. Acme, 1850.",
        ],
        "{t:?}"
    );
    // APA has no substitute: every entry names its author.
    let t = texts("apa", &inputs);
    assert!(t.iter().all(|e| !e.contains('—')), "{t:?}");
}

#[test]
fn a_compiler_in_the_authors_place_is_not_printed_again_in_apa() {
    let item = json!({"id": "x", "type": "book", "title": "Country music: the poetry",
        "compiler": [{"family": "Offen", "given": "Carol"}], "edition": "1",
        "issued": {"date-parts": [[1977]]}, "publisher": "Ballantine Books"});
    let t = texts("apa", &[input(1, item)]);
    assert_eq!(
        t,
        ["Offen, C. (Compiler). (1977). Country music: the poetry (1st ed.). Ballantine Books."],
        "{t:?}"
    );
}
