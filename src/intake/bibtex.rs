//! BibTeX and BibLaTeX (`@book{key, title = {…}, …}`), read with the `biblatex` crate: TeX
//! accents and `@string` abbreviations resolved, `crossref`/`xdata` parents filled in. A file
//! the crate cannot read whole is read entry by entry, so one broken entry is reported with its
//! line and the others are imported.

use biblatex::{Bibliography, ChunksExt, Entry as BibEntry, Person, RawBibliography};
use serde_json::{Map, Value};

use super::{line_of, pages, push_name, put, put_year, split_particle, Entry, Lines, Problem};

/// Reads every entry of a BibTeX/BibLaTeX file.
pub(super) fn read(text: &str) -> Vec<Result<Entry, Problem>> {
    let lines = Lines::new(text);
    if let (Ok(raw), Ok(bib)) = (RawBibliography::parse(text), Bibliography::parse(text)) {
        return raw
            .entries
            .iter()
            .filter_map(|r| {
                let e = bib.get(r.v.key.v)?;
                if skipped(r.v.kind.v) {
                    return None;
                }
                let (a, b) = (r.span.start, closing(text, r.span.end));
                Some(Ok(entry(
                    e,
                    r.v.kind.v,
                    lines.line(a),
                    a as u64,
                    &text[a..b],
                )))
            })
            .collect();
    }
    // Entry by entry: each chunk that starts with "@" at the start of a line, after the
    // @string definitions of the file.
    let mut starts: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('@') {
            starts.push(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    let chunks: Vec<(usize, &str)> = starts
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            (
                a,
                &text[a..starts.get(i + 1).copied().unwrap_or(text.len())],
            )
        })
        .collect();
    let strings: String = chunks
        .iter()
        .filter(|(_, c)| {
            c.get(..7)
                .is_some_and(|h| h.eq_ignore_ascii_case("@string"))
        })
        .map(|(_, c)| *c)
        .collect();
    let mut out = Vec::new();
    for (a, chunk) in chunks {
        let head = chunk.get(..8).unwrap_or(chunk).to_ascii_lowercase();
        if head.starts_with("@string")
            || head.starts_with("@comment")
            || head.starts_with("@preamb")
        {
            continue;
        }
        let line = lines.line(a);
        let src = format!("{strings}\n{chunk}");
        match (RawBibliography::parse(&src), Bibliography::parse(&src)) {
            (Ok(raw), Ok(bib)) => {
                for r in &raw.entries {
                    if let Some(e) = bib.get(r.v.key.v).filter(|_| !skipped(r.v.kind.v)) {
                        out.push(Ok(entry(e, r.v.kind.v, line, a as u64, chunk.trim_end())));
                    }
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                let at = line
                    + line_of(&src, e.span.start).saturating_sub(line_of(&src, strings.len() + 1));
                out.push(Err(Problem {
                    line,
                    offset: a as u64,
                    reason: format!(
                        "line {line}: the entry cannot be read as BibTeX ({} at line {at}); it was not imported",
                        e.kind
                    ),
                    source: chunk.to_string(),
                }));
            }
        }
    }
    out
}

/// Entries that are no work of their own: sets of entries and `@xdata` field containers.
fn skipped(kind: &str) -> bool {
    matches!(kind.to_ascii_lowercase().as_str(), "set" | "xdata")
}

/// The end of an entry whose span ends at `end`: past its closing brace or parenthesis.
fn closing(text: &str, end: usize) -> usize {
    let end = end.min(text.len());
    let rest = &text[end..];
    let ws = rest.len() - rest.trim_start().len();
    match rest.trim_start().chars().next() {
        Some('}' | ')') => end + ws + 1,
        _ => end,
    }
}

/// CSL type of a BibTeX/BibLaTeX entry type (biblatex manual §2.1; the mapping Zotero and
/// citation-js use).
fn csl_type(kind: &str, e: &BibEntry) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "article" => match field(e, "entrysubtype").as_deref() {
            Some("magazine") => "article-magazine",
            Some("newspaper") => "article-newspaper",
            _ => "article-journal",
        },
        "inbook" | "incollection" | "inreference" | "suppbook" | "suppcollection" => "chapter",
        "inproceedings" | "conference" => "paper-conference",
        "thesis" | "phdthesis" | "mastersthesis" => "thesis",
        "report" | "techreport" => "report",
        "online" | "www" | "electronic" => "webpage",
        "jurisdiction" => "legal_case",
        "legislation" | "legal" => "legislation",
        "misc" if e.fields.contains_key("url") && !e.fields.contains_key("publisher") => "webpage",
        _ => "book",
    }
}

fn field(e: &BibEntry, name: &str) -> Option<String> {
    e.fields
        .get(name)
        .map(|c| super::collapse(&detex(&c.format_verbatim())))
        .filter(|s| !s.is_empty())
}

/// What TeX markup the crate leaves in text: `~` (a tie: a space) and commands it does not know
/// (`\hyphen`, `\texttt`), which are dropped.
fn detex(s: &str) -> String {
    let s = s.replace('~', " ").replace("\\hyphen ", "-");
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.next();
            }
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            continue;
        }
        if c != '{' && c != '}' {
            out.push(c);
        }
    }
    out
}

/// Given names with their initials' stops ("John C" → "John C."): the crate drops them.
fn initials(given: &str) -> String {
    given
        .split(' ')
        .map(|w| {
            if w.chars().count() == 1 && w.chars().all(char::is_uppercase) {
                format!("{w}.")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn person(p: &Person) -> Value {
    let mut m = Map::new();
    if p.given_name.is_empty() && p.prefix.is_empty() && p.name.contains(' ') {
        m.insert("literal".into(), Value::String(p.name.clone()));
        return Value::Object(m);
    }
    if p.prefix.is_empty() {
        split_particle(&p.name, &mut m);
    } else {
        m.insert(
            "non-dropping-particle".into(),
            Value::String(p.prefix.clone()),
        );
        m.insert("family".into(), Value::String(p.name.clone()));
    }
    if !p.given_name.is_empty() {
        m.insert(
            "given".into(),
            Value::String(initials(&detex(&p.given_name))),
        );
    }
    if !p.suffix.is_empty() {
        m.insert("suffix".into(), Value::String(p.suffix.clone()));
    }
    Value::Object(m)
}

fn entry(e: &BibEntry, kind: &str, line: u64, offset: u64, source: &str) -> Entry {
    let mut item = Map::new();
    let mut warnings = Vec::new();
    let ty = csl_type(kind, e);
    item.insert("type".into(), Value::String(ty.into()));
    item.insert("id".into(), Value::String(e.key.clone()));
    let part = matches!(ty, "chapter" | "paper-conference") || ty.starts_with("article");
    for (role, names) in [
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
    ] {
        if e.fields.contains_key(names) {
            match e.get_as::<Vec<Person>>(names) {
                Ok(list) => list
                    .iter()
                    .for_each(|p| push_name(&mut item, role, person(p))),
                Err(err) => warnings.push(format!("{names}: {err}; left out")),
            }
        }
    }
    let mut title = field(e, "title").unwrap_or_default();
    if let Some(sub) = field(e, "subtitle") {
        title = format!("{title}: {sub}");
    }
    put(&mut item, "title", &title);
    let container = if ty.starts_with("article") {
        field(e, "journaltitle").or_else(|| field(e, "journal"))
    } else if part {
        field(e, "booktitle")
    } else {
        None
    };
    if let Some(c) = container {
        put(&mut item, "container-title", &c);
    }
    if let Some(d) = field(e, "date").or_else(|| field(e, "year")) {
        put_year(&mut item, &d);
    }
    let publisher = field(e, "publisher")
        .or_else(|| field(e, "institution"))
        .or_else(|| field(e, "school"))
        .or_else(|| field(e, "organization"));
    if let Some(p) = publisher {
        put(&mut item, "publisher", &p);
    }
    if let Some(p) = field(e, "location").or_else(|| field(e, "address")) {
        put(&mut item, "publisher-place", &p);
    }
    let simple = [
        ("edition", "edition"),
        ("volume", "volume"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("doi", "DOI"),
        ("url", "URL"),
        ("abstract", "abstract"),
        ("language", "language"),
        ("langid", "language"),
        ("series", "collection-title"),
        ("pagetotal", "number-of-pages"),
        ("keywords", "keyword"),
    ];
    for (from, to) in simple {
        if let Some(v) = field(e, from) {
            put(&mut item, to, &v);
        }
    }
    if let Some(n) = field(e, "number").or_else(|| field(e, "issue")) {
        let key = if ty.starts_with("article") {
            "issue"
        } else if ty == "report" {
            "number"
        } else {
            "collection-number"
        };
        put(&mut item, key, &n);
    }
    if let Some(p) = field(e, "pages") {
        if part {
            put(&mut item, "page", &pages(&p));
        } else if p.chars().all(|c| c.is_ascii_digit()) {
            put(&mut item, "number-of-pages", &p);
        }
    }
    let genre = field(e, "type").or_else(|| match kind.to_ascii_lowercase().as_str() {
        "phdthesis" => Some("Doctoral dissertation".into()),
        "mastersthesis" => Some("Master’s thesis".into()),
        _ => None,
    });
    if let Some(g) = genre {
        let g = match g.to_ascii_lowercase().as_str() {
            "phdthesis" => "Doctoral dissertation".to_string(),
            "mathesis" | "mastersthesis" => "Master’s thesis".to_string(),
            _ => g,
        };
        put(&mut item, "genre", &g);
    }
    let notes: Vec<String> = ["note", "addendum"]
        .iter()
        .filter_map(|f| field(e, f))
        .collect();
    if !notes.is_empty() {
        put(&mut item, "note", &notes.join(". "));
    }
    Entry {
        line,
        offset,
        item,
        source: source.to_string(),
        warnings,
    }
}

/// `text` with each quoted field value that holds a `"` inside braces (`"Quoted {"}inner{"}"`,
/// BibTeX's way to write a quote in a quoted value) delimited by braces instead: the same bytes
/// but two, so offsets hold, and the `biblatex` crate, which ends such a value at the inner
/// quote, reads it whole. Other text is returned as it is.
pub(super) fn braced(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            // A quoted value of an entry (depth 1): find its end at brace depth 0.
            b'"' if depth == 1 => {
                let (mut d, mut j, mut inner_quote) = (0usize, i + 1, false);
                while j < b.len() {
                    match b[j] {
                        b'{' => d += 1,
                        b'}' if d == 0 => break,
                        b'}' => d -= 1,
                        b'"' if d > 0 => inner_quote = true,
                        b'"' if b[j - 1] != b'\\' => break,
                        _ => {}
                    }
                    j += 1;
                }
                if j < b.len() && b[j] == b'"' {
                    if inner_quote {
                        let o = out.get_or_insert_with(|| b.to_vec());
                        o[i] = b'{';
                        o[j] = b'}';
                    }
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    match out {
        // Only ASCII bytes were swapped for ASCII bytes: still UTF-8.
        Some(o) => std::borrow::Cow::Owned(String::from_utf8(o).unwrap_or_else(|_| text.into())),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The extent of the entry that starts `text` (at its `@`): the byte just past its closing brace
/// or parenthesis (`None` when it has none) and how many fields (`name = value`) it declares,
/// counting each `=` at the entry's own level, outside braces and quoted values, as BibTeX does.
pub(super) fn entry_extent(text: &str) -> (Option<usize>, usize) {
    let (mut depth, mut quoted, mut n, mut closer) = (0usize, false, 0, '}');
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if depth == 0 {
            if c == '{' || c == '(' {
                depth = 1;
                closer = if c == '{' { '}' } else { ')' };
            }
            prev = c;
            continue;
        }
        match c {
            '{' => depth += 1,
            '}' if depth > 1 => depth -= 1,
            c if c == closer && depth == 1 && !quoted => return (Some(i + 1), n),
            '"' if depth == 1 && prev != '\\' => quoted = !quoted,
            '=' if depth == 1 && !quoted => n += 1,
            _ => {}
        }
        prev = c;
    }
    (None, n)
}
