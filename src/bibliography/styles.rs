//! CSL styles and locales: the styles hayagriva bundles, the `.csl` files the user adds (the
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
