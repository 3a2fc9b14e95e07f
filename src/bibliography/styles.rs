//! CSL styles and locales: the styles hayagriva bundles, Carrel's own legal styles (OSCOLA,
//! Bluebook law review, AGLC, McGill), the `.csl` files the user adds (the
//! library's `styles/` folder, or a path), dependent styles resolved to their independent
//! parent, and a cache of parsed styles so that a preview does not parse the style again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::storage::Library;

/// A parsed independent style, ready to render with.
#[derive(Debug)]
pub struct LoadedStyle {
    /// What the user named ("apa", "oscola", "/path/to/x.csl").
    pub name: String,
    /// The style's title ("APA Style 7th edition"); for a dependent style, its own title.
    pub title: String,
    /// The independent style (the parent of a dependent one).
    pub style: IndependentStyle,
    /// The locale the style asks for (a dependent style's `default-locale` wins over its parent's).
    pub default_locale: Option<String>,
    /// Whether the style has a `<bibliography>` (Bluebook styles have none: Carrel builds a list of
    /// authorities from first-note citations instead).
    pub has_bibliography: bool,
    /// The style with its citation layout reduced to the citation number: what renders one
    /// bibliography entry (the engine renders each cited item's citation too; this one costs
    /// nothing). The same as `style` for a style without a bibliography.
    pub entry_style: IndependentStyle,
    /// The style with both layouts reduced to the citation number: what orders the entries
    /// (the sort keys and macros stay; nothing is rendered, nothing is ambiguous).
    pub order_style: IndependentStyle,
}

/// `csl` with the citation layout (and with `bibliography`, the bibliography's) reduced to the
/// citation number.
fn reduced(csl: &IndependentStyle, bibliography: bool) -> IndependentStyle {
    use hayagriva::citationberg::taxonomy::{NumberVariable, Variable};
    use hayagriva::citationberg::{
        Affixes, Formatting, LayoutRenderingElement, LongShortForm, Text, TextTarget,
    };
    let number = || {
        vec![LayoutRenderingElement::Text(Text {
            target: TextTarget::Variable {
                var: Variable::Number(NumberVariable::CitationNumber),
                form: LongShortForm::default(),
            },
            formatting: Formatting::default(),
            affixes: Affixes::default(),
            display: None,
            quotes: false,
            strip_periods: false,
            text_case: None,
        })]
    };
    let mut s = csl.clone();
    s.citation.layout.elements = number();
    if bibliography {
        if let Some(b) = s.bibliography.as_mut() {
            b.layout.elements = number();
        }
    }
    s
}

/// One style the user can choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct StyleChoice {
    /// The name to pass as `style` ("apa", "chicago-author-date", or a user file's stem).
    pub name: String,
    /// The style's title as its CSL file gives it (CSL 1.0.2 `cs:info/cs:title`), e.g. "Chicago Manual of Style 17th edition (author-date)".
    pub title: String,
    /// "bundled" (inside Carrel) or "user" (a `.csl` file in the styles folder).
    pub source: String,
    /// Other names the style answers to ("apa" for "american-psychological-association").
    pub aliases: Vec<String>,
}

/// Carrel's own legal styles, shipped inside the crate (`src/bibliography/styles/*.csl`): written
/// for Carrel from the published citation guides (no style file of another project is copied;
/// licence MIT OR Apache-2.0). Each is (short name, other names, CSL 1.0.2 XML). The other names
/// are the ids of the CSL repository's styles for the same guide, so that a bibliography or a
/// dependent style naming those finds Carrel's.
const LEGAL_STYLES: [(&str, &[&str], &str); 4] = [
    (
        "oscola",
        &["carrel-oscola"],
        include_str!("styles/carrel-oscola.csl"),
    ),
    (
        "bluebook-law-review",
        &["bluebook", "carrel-bluebook-law-review"],
        include_str!("styles/carrel-bluebook-law-review.csl"),
    ),
    (
        "aglc",
        &["australian-guide-to-legal-citation", "carrel-aglc"],
        include_str!("styles/carrel-aglc.csl"),
    ),
    (
        "mcgill",
        &["mcgill-en", "carrel-mcgill"],
        include_str!("styles/carrel-mcgill.csl"),
    ),
];

/// Carrel's legal style answering to `name` (its short name or another name), parsed.
fn legal_style(name: &str) -> Option<(&'static str, IndependentStyle)> {
    let (short, _, xml) = LEGAL_STYLES
        .iter()
        .find(|(n, aliases, _)| *n == name || aliases.contains(&name))?;
    match Style::from_xml(xml) {
        Ok(Style::Independent(i)) => Some((short, i)),
        _ => None,
    }
}

/// Initials the way Carrel's legal styles want them, in every name of `item` (CSL-JSON): the legal
/// guides join a name's initials without spaces, OSCOLA (1.2), AGLC (1.1.1, 1.13) and McGill
/// (6.1.1) without full stops too ("H. L. A." → "HLA", "Lon L." → "Lon L"), the Bluebook (15.1)
/// with them ("H.L.A."). hayagriva can only do that by initialising every given name
/// (`initialize-with`), which would also shorten "Lon" to "L". OSCOLA's bibliography does want
/// every given name as initials ("Fuller LL"): there the stops go and the spaces stay ("H L A"),
/// for the style's `initialize-with=""` to join them. The edition is prepared for these styles
/// too ([`legal_edition`]). Other styles: nothing changes.
pub fn close_initials(style: &LoadedStyle, item: &mut serde_json::Value) {
    let id = style.style.info.id.as_str();
    let stop = if id.ends_with("/carrel-bluebook-law-review") {
        "."
    } else if id.ends_with("/carrel-oscola") && style.has_bibliography {
        " "
    } else if ["/carrel-oscola", "/carrel-aglc", "/carrel-mcgill"]
        .iter()
        .any(|s| id.ends_with(s))
    {
        ""
    } else {
        return;
    };
    let Some(map) = item.as_object_mut() else {
        return;
    };
    legal_edition(map);
    for names in map.values_mut() {
        let Some(names) = names.as_array_mut() else {
            continue;
        };
        for name in names {
            if let Some(serde_json::Value::String(given)) = name.get_mut("given") {
                *given = joined_initials(given, stop);
            }
        }
    }
}

/// The edition of an item (CSL-JSON, MARC 21 Bibliographic 250 $a through the crosswalk) the way
/// Carrel's legal styles read it. A bare number ("3") stays in `edition`, for the style's "3rd
/// edn" / "3d ed."; any other statement moves to `version`, which the styles print as catalogued
/// ("Revised edition"), since hayagriva takes any text ending in a number ("updated to Release
/// 14") for a number and would add "ed" after it. A looseleaf ("Looseleaf edition, updated to
/// Release 14") also gets `medium` "looseleaf", and `version` holds only its release or update
/// as catalogued ("Release 14"), or nothing when the statement names none: each guide cites a
/// looseleaf by its release (AGLC 4th ed. 7.8 "(Publisher, at Release 14)", McGill 9th ed.
/// "loose-leaf (Release 14)"). Neither `medium` nor `version` is otherwise read by these styles.
fn legal_edition(map: &mut serde_json::Map<String, serde_json::Value>) {
    map.remove("medium");
    map.remove("version");
    let Some(serde_json::Value::String(ed)) = map.get("edition") else {
        return;
    };
    let ed = ed.trim().to_string();
    if !ed.is_empty() && ed.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    map.remove("edition");
    let low = ed.to_lowercase();
    let looseleaf = ["looseleaf", "loose-leaf", "loose leaf"]
        .iter()
        .any(|w| low.contains(w));
    let version = if looseleaf {
        map.insert("medium".into(), "looseleaf".into());
        looseleaf_release(&ed)
    } else {
        Some(ed)
    };
    if let Some(v) = version.filter(|v| !v.is_empty()) {
        map.insert("version".into(), v.into());
    }
}

/// The release of a looseleaf as its edition statement gives it: "Release 14" from "Looseleaf
/// edition, updated to Release 14", "issue 3" from "Loose-leaf ed., issue 3"; a word that names
/// an update (release, rel., update, service, issue, supplement) and the number after it.
fn looseleaf_release(statement: &str) -> Option<String> {
    let words: Vec<&str> = statement.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let name = w[0].trim_end_matches([',', ':', ';']);
        let named = [
            "release",
            "rel.",
            "rel",
            "update",
            "service",
            "issue",
            "supplement",
        ]
        .contains(&name.to_lowercase().as_str());
        let number = w[1].trim_end_matches(['.', ',', ';', ':', ')']);
        (named && number.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| format!("{name} {number}"))
    })
}

/// "H. L. A." → "HLA" (`stop` ""), "H.L.A." (`stop` ".") or "H L A" (`stop` " "); other words
/// stay as they are.
fn joined_initials(given: &str, stop: &str) -> String {
    let mut out = String::new();
    let mut last_was_initial = false;
    let spaced = stop == " ";
    let stop = stop.trim();
    for word in given.split_whitespace() {
        let letters: Vec<char> = word.trim_end_matches('.').chars().collect();
        let initial = letters.len() == 1 && letters[0].is_uppercase();
        if !out.is_empty() && (spaced || !(initial && last_was_initial)) {
            out.push(' ');
        }
        if initial {
            out.push(letters[0]);
            out.push_str(stop);
        } else {
            out.push_str(word);
        }
        last_was_initial = initial;
    }
    out
}

/// The folder of the user's own styles and locales: `<folder of the library file>/styles/`.
pub fn user_styles_dir(lib: &Library) -> PathBuf {
    lib.path()
        .parent()
        .map(|p| p.join("styles"))
        .unwrap_or_else(|| PathBuf::from("styles"))
}

/// Every style: the bundled ones (by their short name) and the `.csl` files in `user_dir`.
pub fn list_styles(user_dir: Option<&Path>) -> Vec<StyleChoice> {
    let mut out: Vec<StyleChoice> = ArchivedStyle::all()
        .iter()
        .map(|s| StyleChoice {
            name: s.names()[0].to_string(),
            title: s.display_name().to_string(),
            source: "bundled".into(),
            aliases: s.names()[1..].iter().map(|n| n.to_string()).collect(),
        })
        .collect();
    out.extend(LEGAL_STYLES.iter().filter_map(|(name, aliases, _)| {
        Some(StyleChoice {
            name: name.to_string(),
            title: legal_style(name)?.1.info.title.value,
            source: "bundled".into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        })
    }));
    if let Some(dir) = user_dir {
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut user: Vec<StyleChoice> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "csl"))
                .filter_map(|p| {
                    let xml = std::fs::read_to_string(&p).ok()?;
                    let title = match Style::from_xml(&xml).ok()? {
                        Style::Independent(i) => i.info.title.value,
                        Style::Dependent(d) => d.info.title.value,
                    };
                    Some(StyleChoice {
                        name: p.file_stem()?.to_string_lossy().into_owned(),
                        title,
                        source: "user".into(),
                        aliases: Vec::new(),
                    })
                })
                .collect();
            user.sort_by(|a, b| a.name.cmp(&b.name));
            out.extend(user);
        }
    }
    out
}

type Cache =
    Mutex<HashMap<(String, Option<PathBuf>, Option<std::time::SystemTime>), Arc<LoadedStyle>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The style `spec` names: a path to a `.csl` file, a file `<spec>.csl` in `user_dir`, or a
/// bundled style's name ("apa", "chicago-author-date", "mla", "ieee", …); an old name listed in
/// `renamed-styles.json` (in `user_dir` or beside the file) is followed. Parsed styles are cached
/// (a changed file is parsed again).
///
/// Errors: [`Error::NotFound`] for a name that is no style; [`Error::InvalidInput`] for a file
/// that is not CSL or a dependent style whose parent cannot be found.
pub fn load_style(spec: &str, user_dir: Option<&Path>) -> Result<Arc<LoadedStyle>> {
    let path = resolve_path(spec, user_dir);
    let mtime = path
        .as_ref()
        .and_then(|p| std::fs::metadata(p).ok())
        .and_then(|m| m.modified().ok());
    let key = (spec.to_string(), user_dir.map(Path::to_path_buf), mtime);
    if let Some(s) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(s);
    }
    let loaded = Arc::new(load_uncached(spec, path.as_deref(), user_dir)?);
    if let Ok(mut c) = cache().lock() {
        c.insert(key, loaded.clone());
    }
    Ok(loaded)
}

fn resolve_path(spec: &str, user_dir: Option<&Path>) -> Option<PathBuf> {
    let p = Path::new(spec);
    if spec.ends_with(".csl") || p.is_file() {
        return Some(p.to_path_buf());
    }
    let dir = user_dir?;
    let direct = dir.join(format!("{spec}.csl"));
    if direct.is_file() {
        return Some(direct);
    }
    let renamed = renamed(dir, spec)?;
    let p = dir.join(format!("{renamed}.csl"));
    p.is_file().then_some(p)
}

fn renamed(dir: &Path, name: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("renamed-styles.json")).ok()?;
    let map: HashMap<String, String> = serde_json::from_str(&text).ok()?;
    map.get(name).cloned()
}

fn load_uncached(spec: &str, path: Option<&Path>, user_dir: Option<&Path>) -> Result<LoadedStyle> {
    let Some(path) = path else {
        if let Some((_, i)) = legal_style(spec) {
            return Ok(from_independent(spec, i.info.title.value.clone(), None, i));
        }
        let arch = ArchivedStyle::by_name(spec).ok_or_else(|| {
            Error::NotFound(format!(
                "no CSL style named {spec:?}: see `carrel bibliography styles`"
            ))
        })?;
        return match arch.get() {
            Style::Independent(i) => {
                Ok(from_independent(spec, i.info.title.value.clone(), None, i))
            }
            Style::Dependent(_) => Err(Error::InvalidInput(format!(
                "bundled style {spec} is dependent"
            ))),
        };
    };
    let xml = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read style {}", path.display()), e))?;
    let style = Style::from_xml(&xml).map_err(|e| {
        Error::InvalidInput(format!("{} is not a CSL 1.0 style: {e}", path.display()))
    })?;
    match style {
        Style::Independent(i) => Ok(from_independent(spec, i.info.title.value.clone(), None, i)),
        Style::Dependent(d) => {
            // A dependent style only names its parent (`<link rel="independent-parent">`) and may
            // set a default locale; the layout is the parent's.
            let href = d.parent_link.href.clone();
            let parent_name = href
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let title = d.info.title.value.clone();
            let locale = d.default_locale.as_ref().map(|l| l.0.clone());
            let dirs: Vec<&Path> = [path.parent(), user_dir].into_iter().flatten().collect();
            for dir in &dirs {
                for candidate in [Some(parent_name.clone()), renamed(dir, &parent_name)]
                    .into_iter()
                    .flatten()
                {
                    let p = dir.join(format!("{candidate}.csl"));
                    if p.is_file() && p != path {
                        let xml = std::fs::read_to_string(&p).map_err(|e| {
                            Error::io(format!("cannot read style {}", p.display()), e)
                        })?;
                        if let Ok(Style::Independent(i)) = Style::from_xml(&xml) {
                            return Ok(from_independent(spec, title, locale, i));
                        }
                    }
                }
            }
            let arch = ArchivedStyle::by_id(&href).or_else(|| ArchivedStyle::by_name(&parent_name));
            if let Some(Style::Independent(i)) = arch.map(ArchivedStyle::get) {
                return Ok(from_independent(spec, title, locale, i));
            }
            if let Some((_, i)) = legal_style(&parent_name) {
                return Ok(from_independent(spec, title, locale, i));
            }
            Err(Error::InvalidInput(format!(
                "{} depends on the style {href}, which is neither bundled nor in {}: add its .csl file there",
                path.display(),
                dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(" or ")
            )))
        }
    }
}

fn from_independent(
    name: &str,
    title: String,
    locale: Option<String>,
    style: IndependentStyle,
) -> LoadedStyle {
    let default_locale = locale.or_else(|| style.default_locale.as_ref().map(|l| l.0.clone()));
    let has_bibliography = style.bibliography.is_some();
    let entry_style = if has_bibliography {
        reduced(&style, false)
    } else {
        style.clone()
    };
    let order_style = reduced(&style, true);
    LoadedStyle {
        name: name.to_string(),
        title,
        has_bibliography,
        style,
        default_locale,
        entry_style,
        order_style,
    }
}

/// The locales to render with: the user's `locales-*.xml` files (in `user_dir` or its `locales/`
/// folder; they win) then the ones hayagriva bundles (en-US, en-GB, de-DE, fr-FR and others).
pub fn locales(user_dir: Option<&Path>) -> Arc<Vec<Locale>> {
    static BUNDLED: OnceLock<Vec<Locale>> = OnceLock::new();
    let bundled = BUNDLED.get_or_init(hayagriva::archive::locales);
    let mut out = Vec::new();
    if let Some(dir) = user_dir {
        for d in [dir.to_path_buf(), dir.join("locales")] {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            let mut files: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("locales-") && n.ends_with(".xml"))
                })
                .collect();
            files.sort();
            for f in files {
                if let Some(l) = std::fs::read_to_string(&f)
                    .ok()
                    .and_then(|x| hayagriva::citationberg::LocaleFile::from_xml(&x).ok())
                    .map(Locale::from)
                {
                    out.push(l);
                }
            }
        }
    }
    out.extend(bundled.iter().cloned());
    Arc::new(out)
}

/// Checks a locale code ("en-GB"): letters and digits in parts joined by "-".
pub fn locale_code(code: &str) -> Result<LocaleCode> {
    let ok = !code.is_empty()
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !ok {
        return Err(Error::InvalidInput(format!(
            "{code:?} is not a locale code such as en-US or en-GB"
        )));
    }
    Ok(LocaleCode(code.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(edition: &str) -> serde_json::Map<String, serde_json::Value> {
        let mut map = serde_json::Map::new();
        map.insert("edition".into(), edition.into());
        legal_edition(&mut map);
        map
    }

    #[test]
    fn an_edition_number_stays_and_a_statement_moves_to_version() {
        assert_eq!(prepared("3")["edition"], "3");
        assert!(!prepared("3").contains_key("version"));
        let m = prepared("Revised edition, reprinted 2014");
        assert_eq!(m["version"], "Revised edition, reprinted 2014");
        assert!(!m.contains_key("edition") && !m.contains_key("medium"));
    }

    #[test]
    fn a_looseleaf_keeps_only_its_release() {
        let m = prepared("Looseleaf edition, updated to Release 14");
        assert_eq!(m["medium"], "looseleaf");
        assert_eq!(m["version"], "Release 14");
        assert_eq!(prepared("Loose-leaf ed., rel. 52.")["version"], "rel. 52");
        let bare = prepared("Loose-leaf edition");
        assert_eq!(bare["medium"], "looseleaf");
        assert!(!bare.contains_key("version") && !bare.contains_key("edition"));
    }
}
