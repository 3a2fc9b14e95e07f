//! Year suffixes in author-date styles: two works by one author in one year are "2022a" and
//! "2022b", in the bibliography's order (CSL 1.0.2 `disambiguate-add-year-suffix`).

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

#[test]
fn two_works_by_one_author_in_one_year_get_year_suffixes_in_author_date_styles() {
    let work = |title: &str| {
        json!({"id": "x", "type": "book", "title": title,
               "author": [{"family": "Smith", "given": "Jane"}],
               "issued": {"date-parts": [[2022]]}, "publisher": "Acme"})
    };
    let other = json!({"id": "y", "type": "book", "title": "Other", "author": [{"family": "Jones", "given": "Ann"}], "issued": {"date-parts": [[2022]]}, "publisher": "Acme"});
    let inputs = [
        input(1, work("Zebras")),
        input(2, other),
        input(3, work("Antelopes")),
    ];
    for (name, a, b) in [
        (
            "apa",
            "Smith, J. (2022a). Antelopes. Acme.",
            "Smith, J. (2022b). Zebras. Acme.",
        ),
        (
            "chicago-author-date",
            "Smith, Jane. 2022a. Antelopes. Acme.",
            "Smith, Jane. 2022b. Zebras. Acme.",
        ),
    ] {
        let style = load_style(name, None).unwrap();
        let out = render_entries(&style, &locales(None), Some("en-US"), &inputs, true);
        let texts: Vec<String> = out.entries.iter().map(|e| e.plain_text()).collect();
        assert!(texts.iter().any(|t| t == a), "{name}: {texts:?}");
        assert!(texts.iter().any(|t| t == b), "{name}: {texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.contains("(2022). Other") || t.contains(" 2022. Other")),
            "{name}: {texts:?}"
        );
    }
}
