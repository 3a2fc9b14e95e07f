//! The record view's vernacular title (MARC 21 880 linked to 245), on a fixture and a shared file.

mod common;

use carrel::catalogue::{add_records, get_record, search};
use carrel_marc::Record;
use common::*;

#[test]
fn a_245_with_its_880_shows_the_original_script_title_on_its_own() {
    let (_dir, mut lib) = new_library();
    let rec = Record::new()
        .with_control("001", "heb-1")
        .with_data(
            "245",
            "10",
            &[
                ('6', "880-01"),
                ('a', "Sefer ha-ḥukim :"),
                ('b', "kovets /"),
                ('c', "ha-Kneset."),
            ],
        )
        .with_data(
            "880",
            "10",
            &[
                ('6', "245-01/(2/r"),
                ('a', "ספר החוקים :"),
                ('b', "קובץ /"),
                ('c', "הכנסת."),
            ],
        )
        .with_data("880", "  ", &[('6', "260-02/(2/r"), ('a', "ירושלים")]);
    let plain = Record::new().with_control("001", "plain-1").with_data(
        "245",
        "10",
        &[('a', "Company law")],
    );
    let ids = add_records(&mut lib, &[rec, plain], "fixture.mrc", now()).unwrap();
    let view = get_record(&lib, ids[0]).unwrap();
    assert_eq!(view.title, "Sefer ha-ḥukim : kovets");
    // $a $b as the title is shown, without the statement of responsibility or the 260's 880.
    assert_eq!(view.vernacular_title.as_deref(), Some("ספר החוקים : קובץ"));
    assert_eq!(get_record(&lib, ids[1]).unwrap().vernacular_title, None);
    assert_eq!(search(&lib, "החוקים", 5).unwrap().hits[0].id, ids[0]);
}

#[test]
fn a_shared_hebrew_record_shows_its_hebrew_title() {
    let Some(data) = shared_data("vernacular") else {
        return;
    };
    let (_dir, mut lib) = new_library();
    import(&mut lib, &[data.join("marc/evergreen/hebrew.marc")]);
    let hit = search(&lib, "13810341", 5).unwrap();
    let view = get_record(&lib, hit.hits[0].id).unwrap();
    assert_eq!(view.title, "La-Torah vela-moʻadim : resise hegyonot");
    assert_eq!(
        view.vernacular_title.as_deref(),
        Some("לתורה בלמועדים : רסיסי הגיונות")
    );
}
