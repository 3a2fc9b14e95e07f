//! A small demo collection, written for Carrel, that seeds a brand-new default library so that a
//! newcomer sees records at once. The records are invented examples of what a law-firm or museum
//! library holds; they are UTF-8 MARC 21 built in code. They carry no ISBN or ISSN, so that they
//! can never be taken for duplicates of real records a technician imports.

use carrel_marc::Record;

use crate::catalogue::add_records;
use crate::error::Result;
use crate::storage::Library;

fn book(id: &str, date: &str) -> Record {
    Record::new()
        .with_control("001", id)
        .with_control("003", "CARREL")
        .with_control(
            "008",
            &format!("261130s{date}    enk           000 0 eng d"),
        )
}

/// The demo records.
pub fn records() -> Vec<Record> {
    vec![
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
        book("demo0005", "2018")
            .with_data("245", "00", &[('a', "Journal of construction law.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Fenwick Legal Press,"), ('c', "2018-")])
            .with_data("310", "  ", &[('a', "Quarterly")])
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
        book("demo0008", "2023")
            .with_data("100", "1 ", &[('a', "Adeyemi, Grace,"), ('e', "author.")])
            .with_data("245", "10", &[('a', "Employment law handbook /"), ('c', "Grace Adeyemi.")])
            .with_data("250", "  ", &[('a', "Looseleaf edition, updated to Release 14.")])
            .with_data("264", " 1", &[('a', "London :"), ('b', "Harcourt & Lyle,"), ('c', "2023-")])
            .with_data("300", "  ", &[('a', "2 volumes (looseleaf) ;"), ('c', "26 cm")])
            .with_data("650", " 0", &[('a', "Labor laws and legislation"), ('z', "Great Britain.")]),
    ]
}

/// Adds the demo collection to `lib` (used for a brand-new default library).
pub fn seed(lib: &mut Library, now: &str) -> Result<usize> {
    let recs = records();
    add_records(lib, &recs, "Carrel demo collection", now)?;
    Ok(recs.len())
}
