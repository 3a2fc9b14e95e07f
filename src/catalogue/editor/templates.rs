//! Templates for new records: each sets leader/06 (type of record) and leader/07 (bibliographic
//! level), an 008 of the right configuration for the material (MARC 21 Bibliographic 008/18-34
//! differ for books, continuing resources, maps and visual materials), 040 and the RDA
//! content/media/carrier types (336/337/338), so that the technician never types a leader.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{date_entered, EditableField, EditableRecord};
use crate::error::Error;

/// A template's stable id: `"book"`, `"serial"`, … (snake case) across IPC and on the command
/// line (`carrel record new --template law_report`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateId {
    /// A printed monograph.
    Book,
    /// A periodical (continuing resource, successive).
    Serial,
    /// A looseleaf service (continuing resource, integrating).
    Looseleaf,
    /// A technical or research report.
    Report,
    /// A law report.
    LawReport,
    /// An exhibition catalogue.
    ExhibitionCatalogue,
    /// A printed map.
    Map,
    /// A video recording.
    Audiovisual,
    /// A three-dimensional object (realia).
    MuseumObject,
}

impl TemplateId {
    /// Every id, in the order the picker lists the templates.
    pub const ALL: [TemplateId; 9] = [
        TemplateId::Book,
        TemplateId::Serial,
        TemplateId::Looseleaf,
        TemplateId::Report,
        TemplateId::LawReport,
        TemplateId::ExhibitionCatalogue,
        TemplateId::Map,
        TemplateId::Audiovisual,
        TemplateId::MuseumObject,
    ];

    /// The id as written (`"law_report"`).
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::Book => "book",
            TemplateId::Serial => "serial",
            TemplateId::Looseleaf => "looseleaf",
            TemplateId::Report => "report",
            TemplateId::LawReport => "law_report",
            TemplateId::ExhibitionCatalogue => "exhibition_catalogue",
            TemplateId::Map => "map",
            TemplateId::Audiovisual => "audiovisual",
            TemplateId::MuseumObject => "museum_object",
        }
    }
}

impl std::fmt::Display for TemplateId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TemplateId {
    type Err = Error;

    /// Reads an id as [`TemplateId::as_str`] writes it. Errors: [`Error::InvalidInput`] naming
    /// the templates.
    fn from_str(s: &str) -> Result<TemplateId, Error> {
        TemplateId::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                let all: Vec<&str> = TemplateId::ALL.iter().map(|t| t.as_str()).collect();
                Error::InvalidInput(format!(
                    "no template {s:?}; the templates are {}",
                    all.join(", ")
                ))
            })
    }
}

/// A template a new record can be made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Template {
    /// Stable id.
    pub id: TemplateId,
    /// What the technician picks ("Looseleaf service").
    pub label: String,
    /// One sentence on what it is for and how it is coded.
    pub description: String,
}

struct Spec {
    id: TemplateId,
    label: &'static str,
    description: &'static str,
    /// Leader/06-07.
    type_level: &'static str,
    /// 008/06-17: type of date, date 1, date 2, place of publication.
    dates: &'static str,
    /// 008/18-34, the material-specific positions: (008 position, value) over blanks.
    material: &'static [(usize, &'static str)],
    /// 336, 337, 338 as (term, code).
    rda: [(&'static str, &'static str); 3],
    /// A genre/form term (655 _7 $2 lcgft), when the template names one.
    genre: Option<&'static str>,
}

// 008/18-34 per configuration (MARC 21 Bibliographic 008):
// Books (BK): 18-21 illustrations, 22 audience, 23 form of item, 24-27 nature of contents,
//   28 government publication, 29 conference, 30 festschrift, 31 index, 32 undefined,
//   33 literary form (0 not fiction), 34 biography.
// Continuing resources (CR): 18 frequency, 19 regularity, 20 undefined, 21 type of continuing
//   resource, 22 form of original, 23 form of item, 24 nature of entire work, 25-27 nature of
//   contents, 28 government publication, 29 conference, 30-32 undefined, 33 original script,
//   34 entry convention (0 successive, 2 integrated).
// Maps (CM): 18-21 relief, 22-23 projection, 24 undefined, 25 type of cartographic material,
//   26-27 undefined, 28 government publication, 29 form of item, 30 undefined, 31 index,
//   32 undefined, 33-34 special format characteristics.
// Visual materials (VM): 18-20 running time, 21 undefined, 22 audience, 23-27 undefined,
//   28 government publication, 29 form of item, 30-32 undefined, 33 type of visual material,
//   34 technique.
const BOOK_DATES: &str = "suuuu    xx ";
const SERIAL_DATES: &str = "cuuuu9999xx ";
const TEXT: [(&str, &str); 3] = [("text", "txt"), ("unmediated", "n"), ("volume", "nc")];

const SPECS: &[Spec] = &[
    Spec {
        id: TemplateId::Book,
        label: "Book",
        description: "A printed monograph (leader/06 a language material, /07 m monograph; 008 for books).",
        type_level: "am",
        dates: BOOK_DATES,
        material: &[(29, "0"), (30, "0"), (31, "0"), (33, "0")],
        rda: TEXT,
        genre: None,
    },
    Spec {
        id: TemplateId::Serial,
        label: "Journal or other serial",
        description: "A journal or other serial issued in successive parts (leader/07 s; 008/21 p periodical, 008/34 0 successive entry).",
        type_level: "as",
        dates: SERIAL_DATES,
        material: &[(18, "u"), (19, "u"), (21, "p"), (29, "0"), (34, "0")],
        rda: TEXT,
        genre: None,
    },
    Spec {
        id: TemplateId::Looseleaf,
        label: "Looseleaf service",
        description: "An updating looseleaf: an integrating resource (leader/07 i; 008/21 l updating loose-leaf, 008/34 2 integrated entry).",
        type_level: "ai",
        dates: SERIAL_DATES,
        material: &[(18, "u"), (19, "u"), (21, "l"), (29, "0"), (34, "2")],
        rda: TEXT,
        genre: None,
    },
    Spec {
        id: TemplateId::Report,
        label: "Report or grey literature",
        description: "A report, working paper or other grey literature (008/24 t technical report; 655 Technical reports).",
        type_level: "am",
        dates: BOOK_DATES,
        material: &[(24, "t"), (29, "0"), (30, "0"), (31, "0"), (33, "0")],
        rda: TEXT,
        genre: Some("Technical reports."),
    },
    Spec {
        id: TemplateId::LawReport,
        label: "Law report",
        description: "A series of law reports (leader/07 s; 008/24 w law reports and digests; 655 Law reports, digests, etc.).",
        type_level: "as",
        dates: SERIAL_DATES,
        material: &[(18, "u"), (19, "u"), (24, "w"), (29, "0"), (34, "0")],
        rda: TEXT,
        genre: Some("Law reports, digests, etc."),
    },
    Spec {
        id: TemplateId::ExhibitionCatalogue,
        label: "Exhibition catalogue",
        description: "The catalogue of an exhibition (008/18 a illustrations, 008/24 c catalogs; 655 Exhibition catalogs).",
        type_level: "am",
        dates: BOOK_DATES,
        material: &[(18, "a"), (24, "c"), (29, "0"), (30, "0"), (31, "0"), (33, "0")],
        rda: TEXT,
        genre: Some("Exhibition catalogs."),
    },
    Spec {
        id: TemplateId::Map,
        label: "Map",
        description: "A printed map (leader/06 e cartographic material; 008 for maps, 008/25 a single map).",
        type_level: "em",
        dates: BOOK_DATES,
        material: &[(25, "a"), (31, "0")],
        rda: [("cartographic image", "cri"), ("unmediated", "n"), ("sheet", "nb")],
        genre: None,
    },
    Spec {
        id: TemplateId::Audiovisual,
        label: "Audiovisual (video)",
        description: "A video recording (leader/06 g projected medium; 008 for visual materials, 008/33 v videorecording).",
        type_level: "gm",
        dates: BOOK_DATES,
        material: &[(18, "---"), (33, "v"), (34, "u")],
        rda: [("two-dimensional moving image", "tdi"), ("video", "v"), ("videodisc", "vd")],
        genre: None,
    },
    Spec {
        id: TemplateId::MuseumObject,
        label: "Museum object",
        description: "A reference record for an object (leader/06 r three-dimensional artefact; 008/33 r realia).",
        type_level: "rm",
        dates: BOOK_DATES,
        material: &[(18, "nnn"), (33, "r"), (34, "n")],
        rda: [("three-dimensional form", "tdf"), ("unmediated", "n"), ("object", "nr")],
        genre: None,
    },
];

/// Every template, in the order the picker lists them.
pub fn templates() -> Vec<Template> {
    SPECS
        .iter()
        .map(|s| Template {
            id: s.id,
            label: s.label.into(),
            description: s.description.into(),
        })
        .collect()
}

/// A new, unsaved record from template `id` for `today` (the date entered, 008/00-05), with
/// 040 $a and $c `agency` (the library's MARC organisation code), $b eng, $e rda; an empty 245
/// for the form to fill.
pub fn new_from_template(id: TemplateId, today: NaiveDate, agency: &str) -> EditableRecord {
    let spec = SPECS
        .iter()
        .find(|s| s.id == id)
        .expect("every template id has a spec");
    let entered = date_entered(today);
    // 008/35-37 language, 38 modified record (blank), 39 cataloguing source (d: other).
    let mut material = " ".repeat(17);
    for (pos, value) in spec.material {
        material = super::set_range(&material, pos - 18, value);
    }
    let f008 = format!("{entered}{}{material}eng d", spec.dates);
    debug_assert_eq!(f008.chars().count(), 40);
    let mut fields = vec![
        EditableField::control("008", &f008),
        EditableField::data(
            "040",
            "  ",
            &[('a', agency), ('b', "eng"), ('e', "rda"), ('c', agency)],
        ),
        EditableField::data("245", "00", &[('a', "")]),
    ];
    for ((term, code), (tag, source)) in spec.rda.iter().zip([
        ("336", "rdacontent"),
        ("337", "rdamedia"),
        ("338", "rdacarrier"),
    ]) {
        fields.push(EditableField::data(
            tag,
            "  ",
            &[('a', term), ('b', code), ('2', source)],
        ));
    }
    if let Some(genre) = spec.genre {
        fields.push(EditableField::data(
            "655",
            " 7",
            &[('a', genre), ('2', "lcgft")],
        ));
    }
    EditableRecord {
        leader: format!("00000n{} a2200000 i 4500", spec.type_level),
        fields,
    }
}
