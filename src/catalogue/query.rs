//! The search box's query language, parsed leniently into a safe FTS5 expression.
//!
//! Syntax (documented for users in docs/search.md and the app's "Search help"):
//! - `contract law` — every word must occur (AND is implied); case and diacritics do not matter.
//! - `"law of contract"` — a phrase; `contr*` — a prefix (at least 2 letters). While the query does
//!   not end in a space, its last bare word of 3 letters or more is also searched as a prefix.
//! - `a OR b`, `NOT b` or `-b`, `AND`, parentheses. Operators are upper case; `or` is a word.
//! - Fields: `title:` `author:` `subject:` `isbn:` `issn:` `lccn:` `callno:` `barcode:`
//!   `publisher:` `note:` before a word, a "phrase" or a (group); `year:1990`, `year:1990-2000`, `year:>2000`,
//!   `year:<1900`, `year:1990-`.
//!
//! - Words are folded as the index is ([`super::fold`]: the NACO rules, so "oeuvres" finds
//!   "Œuvres"); a run of Chinese, Japanese or Korean characters becomes the phrase of its
//!   bigrams, as the index holds it. A word with the shape of a printed LCCN ("85-1234",
//!   "agr25-123", "2004-12345//r53") also finds the record with that LCCN (LC normalisation).
//!
//! Nothing the user types reaches FTS5 as syntax: the expression is built only from quoted
//! tokens (runs of letters and digits), the operators AND/OR/NOT, parentheses and column filters.
//! Whatever cannot be read as intended (an unclosed quote or parenthesis, a stray operator, an
//! unknown `foo:` prefix, `year:abc`) is read in the most useful way and a notice says how.

use super::fold;
use super::standard_numbers::{lccn, normalize_lccn};

/// A searchable field (`title:` etc.) and the FTS5 column it searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `title:` — 245/246/130/240/730/740 (FTS column `title`).
    Title,
    /// `author:` — 1XX/7XX names and 245 $c (column `names`).
    Author,
    /// `subject:` — 6XX headings (column `subjects`).
    Subject,
    /// `isbn:` / `issn:` — 020/022 (column `identifiers`), hyphens ignored.
    Isbn,
    /// `issn:` — 022 (column `identifiers`), hyphens ignored.
    Issn,
    /// `lccn:` — 010 $a (column `identifiers`), in any printed form: normalised as LC says
    /// ("sn 78-4321" → "sn78004321", "85-1234//r53" → "85001234").
    Lccn,
    /// `callno:` — call numbers, matched as a prefix of the number without spaces and points (column `shelf`).
    Callno,
    /// `barcode:` — item barcodes (column `shelf`).
    Barcode,
    /// `publisher:` / `note:` — publication, series, notes, edition (column `other`).
    Publisher,
    /// `note:` — the same column as `publisher:` (publication, series, notes, edition).
    Note,
}

impl Field {
    fn from_prefix(p: &str) -> Option<Field> {
        Some(match p {
            "title" | "ti" => Field::Title,
            "author" | "au" | "name" => Field::Author,
            "subject" | "su" => Field::Subject,
            "isbn" => Field::Isbn,
            "issn" => Field::Issn,
            "lccn" => Field::Lccn,
            "callno" | "call" | "cn" => Field::Callno,
            "barcode" | "bc" => Field::Barcode,
            "publisher" | "pub" => Field::Publisher,
            "note" | "notes" => Field::Note,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "author",
            Field::Subject => "subject",
            Field::Isbn => "isbn",
            Field::Issn => "issn",
            Field::Lccn => "lccn",
            Field::Callno => "callno",
            Field::Barcode => "barcode",
            Field::Publisher => "publisher",
            Field::Note => "note",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "names",
            Field::Subject => "subjects",
            Field::Isbn | Field::Issn | Field::Lccn => "identifiers",
            Field::Callno | Field::Barcode => "shelf",
            Field::Publisher | Field::Note => "other",
        }
    }

    /// Identifiers are matched as one compact token (hyphens, spaces and points removed).
    fn compact(self) -> bool {
        matches!(
            self,
            Field::Isbn | Field::Issn | Field::Lccn | Field::Callno | Field::Barcode
        )
    }
}

const DANGLING_OR: &str =
    "\u{201c}OR\u{201d} needs words on both sides; searched for the words given.";
const FIELD_LIST: &str =
    "title: author: subject: isbn: issn: lccn: callno: barcode: publisher: note: year:";

/// The most words a query keeps; the rest are dropped with a notice.
pub const MAX_TERMS: usize = 64;
/// Longer input is cut (at a character boundary) before parsing.
pub const MAX_QUERY_CHARS: usize = 2_000;
/// The last word typed is searched as a prefix only from this many characters: a 1–2 letter
/// prefix matches much of a large catalogue and costs a full scan (docs/performance.md).
pub const MIN_AUTO_PREFIX: usize = 3;

/// A parsed query node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// One word or a phrase (tokens adjacent, in order), optionally in one field, optionally
    /// with its last token as a prefix.
    Term {
        /// The field it is restricted to; `None`: any column.
        field: Option<Field>,
        /// The words (runs of letters and digits, after the index's romanisation folding); several make a phrase.
        tokens: Vec<String>,
        /// Whether the last token matches as a prefix (`contr*`, or the word being typed).
        prefix: bool,
    },
    /// Every child must match (words side by side, or `AND`).
    And(Vec<Node>),
    /// Any child may match (`a OR b`).
    Or(Vec<Node>),
    /// The child must not match (`NOT b` or `-b`).
    Not(Box<Node>),
}

/// A year range (inclusive bounds) from `year:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct YearRange {
    /// First year, inclusive (`year:1990-`, `year:>2000` gives 2001); `None`: no lower bound.
    pub from: Option<i32>,
    /// Last year, inclusive (`year:-2000`, `year:<1900` gives 1899); `None`: no upper bound.
    pub to: Option<i32>,
}

/// What a query means.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The FTS5 MATCH expression, `None` when the query has no word to search for.
    pub fts: Option<String>,
    /// `year:` restrictions (all must hold).
    pub years: Vec<YearRange>,
    /// How malformed parts were read, one sentence each, for the user.
    pub notices: Vec<String>,
    /// The query as it was understood, in the query language (`title:dvorak AND (a OR b)`).
    pub interpreted_as: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Or,
    And,
    Not,
    Field(Field),
    /// A bare word as typed; `star` when it ended in `*`, `typing` when it is the last thing
    /// typed (no space after it).
    Word {
        text: String,
        star: bool,
        typing: bool,
    },
    /// A quoted phrase (closed or not).
    Phrase(String),
    Year(String),
}

fn is_break(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || c == '"'
}

fn lex(text: &str, notices: &mut Vec<String>) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            toks.push(Tok::LParen);
            i += 1;
        } else if c == ')' {
            toks.push(Tok::RParen);
            i += 1;
        } else if c == '"' {
            let start = i + 1;
            let end = chars[start..]
                .iter()
                .position(|&c| c == '"')
                .map(|p| start + p);
            let body: String = chars[start..end.unwrap_or(chars.len())].iter().collect();
            if end.is_none() && !body.trim().is_empty() {
                notices.push(format!("The quote before \u{201c}{}\u{201d} is not closed: searched to the end as a phrase.", body.trim()));
            }
            toks.push(Tok::Phrase(body));
            i = end.map_or(chars.len(), |e| e + 1);
        } else {
            let start = i;
            while i < chars.len() && !is_break(chars[i]) {
                i += 1;
            }
            let mut chunk: String = chars[start..i].iter().collect();
            let typing = i == chars.len();
            // "85-1234 //r86": a revision suffix printed apart belongs to the LCCN before it
            // (LC normalisation then drops it).
            if chunk.starts_with('/') {
                if let Some(Tok::Word {
                    text,
                    typing: was_typing,
                    ..
                }) = toks.last_mut()
                {
                    let joined = format!("{text}{chunk}");
                    if lccn(trim_lccn(&joined)).is_some() {
                        *text = joined;
                        *was_typing = typing;
                        continue;
                    }
                }
            }
            if chunk == "OR" || chunk == "|" {
                toks.push(Tok::Or);
                continue;
            }
            if chunk == "AND" || chunk == "&" {
                toks.push(Tok::And);
                continue;
            }
            if chunk == "NOT" {
                toks.push(Tok::Not);
                continue;
            }
            // `-word`: excluded; a lone or doubled hyphen is not a word.
            if let Some(rest) = chunk.strip_prefix('-') {
                if rest.trim_start_matches('-').is_empty() {
                    continue;
                }
                toks.push(Tok::Not);
                chunk = rest.trim_start_matches('-').to_string();
            }
            if let Some(colon) = chunk.find(':') {
                let prefix = chunk[..colon].to_lowercase();
                let rest = chunk[colon + 1..].to_string();
                if prefix == "year" || prefix == "date" {
                    toks.push(Tok::Year(rest));
                    continue;
                }
                if let Some(field) = Field::from_prefix(&prefix) {
                    toks.push(Tok::Field(field));
                    let mut rest = rest;
                    let mut typing = typing;
                    // `lccn:sn 78-4321`: an LCCN prefix and its number, printed apart.
                    if field == Field::Lccn
                        && (1..=3).contains(&rest.len())
                        && rest.chars().all(|c| c.is_ascii_alphabetic())
                    {
                        let mut j = i;
                        while j < chars.len() && chars[j].is_whitespace() {
                            j += 1;
                        }
                        if j > i && chars.get(j).is_some_and(char::is_ascii_digit) {
                            let start = j;
                            while j < chars.len() && !is_break(chars[j]) {
                                j += 1;
                            }
                            rest.extend(&chars[start..j]);
                            i = j;
                            typing = i == chars.len();
                        }
                    }
                    if !rest.is_empty() {
                        push_word(&mut toks, rest, typing);
                    } else if !matches!(chars.get(i), Some('"') | Some('(')) {
                        notices.push(format!("\u{201c}{prefix}:\u{201d} needs a word after it (e.g. {prefix}:word); ignored."));
                        toks.pop();
                    }
                    continue;
                }
                if !prefix.is_empty() && prefix.chars().all(|c| c.is_alphabetic()) {
                    notices.push(format!(
                        "\u{201c}{prefix}:\u{201d} is not a field ({FIELD_LIST}): searched as words."
                    ));
                }
            }
            push_word(&mut toks, chunk, typing);
        }
    }
    toks
}

fn push_word(toks: &mut Vec<Tok>, chunk: String, typing: bool) {
    let star = chunk.ends_with('*');
    let text = chunk.trim_matches('*').to_string();
    if !text.is_empty() {
        toks.push(Tok::Word { text, star, typing });
    }
}

/// Splits typed text into index tokens as [`fold::index_text`] makes them: folded by the one
/// rule ([`fold::fold`]), split into runs of letters and digits, CJK runs as their bigrams. An
/// ISBN or ISSN typed with hyphens becomes one token of its digits; for identifier fields
/// everything is one compact token. The flag says that the last token is a single CJK
/// character, to be matched as a prefix (see [`fold::cjk_query_tokens`]).
fn tokens(text: &str, compact: bool) -> (Vec<String>, bool) {
    if compact {
        let dense: String = fold::fold(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        return (
            if dense.is_empty() {
                vec![]
            } else {
                vec![dense]
            },
            false,
        );
    }
    let mut out = Vec::new();
    let mut single_last = false;
    // The lone last character of a CJK run that ended the previous word: the index has it
    // between that run and whatever follows (see `fold::index_text`).
    let mut tail: Option<String> = None;
    for chunk in text.split_whitespace() {
        let digits: String = chunk.chars().filter(|c| *c != '-').collect();
        if chunk.contains('-')
            && digits.len() >= 8
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
        {
            out.extend(tail.take());
            out.push(digits);
            single_last = false;
            continue;
        }
        let folded = fold::fold(chunk);
        for word in folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            out.extend(tail.take());
            if word.chars().any(fold::is_cjk) {
                let (t, single) = fold::cjk_query_tokens(word);
                out.extend(t);
                single_last = single;
                tail = fold::cjk_run_tail(word);
            } else {
                out.push(word.to_string());
                single_last = false;
            }
        }
    }
    (out, single_last)
}

/// An LCCN as printed, without the punctuation a citation ends it with ("85-1234." → "85-1234").
fn trim_lccn(text: &str) -> &str {
    text.trim().trim_end_matches(['.', ',', ';', ':'])
}

/// The token of an `lccn:` value: its LC normalised form, letters and digits only.
fn lccn_tokens(text: &str) -> Vec<String> {
    let n: String = normalize_lccn(trim_lccn(text))
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if n.is_empty() {
        tokens(text, true).0
    } else {
        vec![n]
    }
}

/// The normalised LCCN of a word printed as an LCCN is printed ("85-1234", "2004-12345",
/// "agr25-123", "85-1234//r53"): a valid LCCN once normalised, written with a hyphen or a
/// slash (a plain number is found as a word already).
fn printed_lccn(word: &str) -> Option<String> {
    let word = trim_lccn(word);
    if !word.contains(['-', '/']) {
        return None;
    }
    lccn(word).filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `node`, or the record with the LCCN that `text` is a printed form of: in the plain box
/// (no field), a word or phrase such as "85-1234" or "sn 78-4321 //r85" also finds it.
fn or_printed_lccn(node: Option<Node>, text: &str, field: Option<Field>) -> Option<Node> {
    match printed_lccn(text).filter(|_| field.is_none()) {
        Some(n) => {
            let by_lccn = Node::Term {
                field: Some(Field::Lccn),
                tokens: vec![n],
                prefix: false,
            };
            Some(match node {
                Some(words) => Node::Or(vec![words, by_lccn]),
                None => by_lccn,
            })
        }
        None => node,
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    terms: usize,
    years: Vec<YearRange>,
    notices: Vec<String>,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn note(&mut self, s: String) {
        if !self.notices.contains(&s) {
            self.notices.push(s);
        }
    }

    /// A sequence of operands, all required (implicit or explicit AND). OR binds tighter than
    /// AND, as in web search engines: `law cats OR dogs` is `law (cats OR dogs)`.
    fn parse_group(&mut self, field: Option<Field>, depth: usize) -> Option<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None => break,
                Some(Tok::RParen) if depth > 0 => break,
                Some(Tok::RParen) => {
                    self.pos += 1;
                    self.note(
                        "A \u{201c})\u{201d} without its \u{201c}(\u{201d} was ignored.".into(),
                    );
                }
                Some(Tok::And) => self.pos += 1,
                Some(Tok::Or) => {
                    self.pos += 1;
                    self.note(DANGLING_OR.into());
                }
                _ => {
                    if let Some(n) = self.parse_or(field, depth) {
                        parts.push(n);
                    }
                }
            }
        }
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::And(parts)),
        }
    }

    /// `a OR b OR c`.
    fn parse_or(&mut self, field: Option<Field>, depth: usize) -> Option<Node> {
        let mut parts: Vec<Node> = self.parse_unary(field, depth).into_iter().collect();
        while matches!(self.peek(), Some(Tok::Or)) {
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Tok::Or) | Some(Tok::And) | Some(Tok::RParen)
            ) || parts.is_empty()
            {
                self.note(DANGLING_OR.into());
                if parts.is_empty() {
                    break;
                }
                continue;
            }
            parts.extend(self.parse_unary(field, depth));
        }
        match parts.len() {
            0 => None,
            1 => parts.pop(),
            _ => Some(Node::Or(parts)),
        }
    }

    fn parse_unary(&mut self, field: Option<Field>, depth: usize) -> Option<Node> {
        if matches!(self.peek(), Some(Tok::Not)) {
            self.pos += 1;
            return match self.peek() {
                None | Some(Tok::Or) | Some(Tok::And) | Some(Tok::RParen) => {
                    self.note("\u{201c}NOT\u{201d} (or \u{201c}-\u{201d}) needs a word after it; ignored.".into());
                    None
                }
                _ => self
                    .parse_unary(field, depth)
                    .map(|n| Node::Not(Box::new(n))),
            };
        }
        self.parse_primary(field, depth)
    }

    fn parse_primary(&mut self, field: Option<Field>, depth: usize) -> Option<Node> {
        let tok = self.toks.get(self.pos).cloned()?;
        self.pos += 1;
        match tok {
            Tok::LParen => {
                let inner = self.parse_group(field, depth + 1);
                if matches!(self.peek(), Some(Tok::RParen)) {
                    self.pos += 1;
                } else {
                    self.note("A \u{201c}(\u{201d} was not closed: closed at the end.".into());
                }
                inner
            }
            Tok::Field(f) => match self.peek() {
                Some(Tok::Word { .. }) | Some(Tok::Phrase(_)) | Some(Tok::LParen) => {
                    self.parse_primary(Some(f), depth)
                }
                _ => {
                    self.note(format!(
                        "\u{201c}{}:\u{201d} needs a word after it (e.g. {}:word); ignored.",
                        f.name(),
                        f.name()
                    ));
                    None
                }
            },
            Tok::Word { text, star, typing } => {
                let compact = field.is_some_and(Field::compact);
                let (toks, cjk_single) = if field == Some(Field::Lccn) {
                    (lccn_tokens(&text), false)
                } else {
                    tokens(&text, compact)
                };
                let last_len = toks.last().map_or(0, |t| t.chars().count());
                let mut prefix = (typing && last_len >= MIN_AUTO_PREFIX)
                    || field == Some(Field::Callno)
                    || cjk_single;
                // One CJK character is a prefix already (it begins the bigrams that hold it).
                if star && !cjk_single {
                    if last_len >= 2 {
                        prefix = true;
                    } else {
                        self.note(format!("A prefix search needs at least 2 letters: \u{201c}{text}*\u{201d} searched as a word."));
                    }
                }
                let node = self.term(field, toks, prefix);
                or_printed_lccn(node, &text, field)
            }
            Tok::Phrase(body) => {
                let compact = field.is_some_and(Field::compact);
                let (toks, cjk_single) = if field == Some(Field::Lccn) {
                    (lccn_tokens(&body), false)
                } else {
                    tokens(&body, compact)
                };
                let node = self.term(field, toks, field == Some(Field::Callno) || cjk_single);
                or_printed_lccn(node, &body, field)
            }
            Tok::Year(v) => {
                match parse_years(&v) {
                    Some(r) => self.years.push(r),
                    None => self.note(format!(
                        "\u{201c}year:{v}\u{201d} is not a year or range (year:1990, year:1990-2000, year:>2000); ignored."
                    )),
                }
                None
            }
            Tok::RParen | Tok::Or | Tok::And | Tok::Not => None,
        }
    }

    fn term(&mut self, field: Option<Field>, toks: Vec<String>, prefix: bool) -> Option<Node> {
        if toks.is_empty() {
            return None;
        }
        if self.terms >= MAX_TERMS {
            self.note(format!("Only the first {MAX_TERMS} words were searched."));
            return None;
        }
        self.terms += 1;
        Some(Node::Term {
            field,
            tokens: toks,
            prefix,
        })
    }
}

/// Reads `1990`, `1990-2000`, `1990..2000`, `1990-`, `-2000`, `>2000`, `>=2000`, `<1900`, `<=1900`.
fn parse_years(v: &str) -> Option<YearRange> {
    let year = |s: &str| -> Option<i32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let v = v.trim();
    if let Some(r) = v.strip_prefix(">=") {
        return Some(YearRange {
            from: Some(year(r)?),
            to: None,
        });
    }
    if let Some(r) = v.strip_prefix("<=") {
        return Some(YearRange {
            from: None,
            to: Some(year(r)?),
        });
    }
    if let Some(r) = v.strip_prefix('>') {
        return Some(YearRange {
            from: Some(year(r)? + 1),
            to: None,
        });
    }
    if let Some(r) = v.strip_prefix('<') {
        return Some(YearRange {
            from: None,
            to: Some(year(r)? - 1),
        });
    }
    if let Some((a, b)) = v.split_once("..").or_else(|| v.split_once('-')) {
        let from = if a.trim().is_empty() {
            None
        } else {
            Some(year(a)?)
        };
        let to = if b.trim().is_empty() {
            None
        } else {
            Some(year(b)?)
        };
        if from.is_none() && to.is_none() {
            return None;
        }
        return Some(match (from, to) {
            (Some(f), Some(t)) if f > t => YearRange {
                from: Some(t),
                to: Some(f),
            },
            _ => YearRange { from, to },
        });
    }
    let y = year(v)?;
    Some(YearRange {
        from: Some(y),
        to: Some(y),
    })
}

/// Parses what the user typed. Never fails: see the module documentation.
pub fn parse(text: &str) -> Parsed {
    let mut notices = Vec::new();
    let text = if text.chars().count() > MAX_QUERY_CHARS {
        notices.push(format!(
            "The query is long: only its first {MAX_QUERY_CHARS} characters were searched."
        ));
        let end = text
            .char_indices()
            .nth(MAX_QUERY_CHARS)
            .map_or(text.len(), |(i, _)| i);
        &text[..end]
    } else {
        text
    };
    let toks = lex(text, &mut notices);
    let mut p = Parser {
        toks,
        pos: 0,
        terms: 0,
        years: Vec::new(),
        notices,
    };
    let tree = p.parse_group(None, 0);
    let mut notices = p.notices;
    let fts = tree.as_ref().and_then(|t| compile(t, &mut notices));
    let mut interpreted_as = tree.as_ref().map(describe).unwrap_or_default();
    for y in &p.years {
        if !interpreted_as.is_empty() {
            interpreted_as.push(' ');
        }
        interpreted_as.push_str(&match (y.from, y.to) {
            (Some(f), Some(t)) if f == t => format!("year:{f}"),
            (Some(f), Some(t)) => format!("year:{f}-{t}"),
            (Some(f), None) => format!("year:{f}-"),
            (None, Some(t)) => format!("year:-{t}"),
            (None, None) => String::new(),
        });
    }
    Parsed {
        fts,
        years: p.years,
        notices,
        interpreted_as,
    }
}

fn quote(tokens: &[String], prefix: bool) -> String {
    // Tokens are runs of letters and digits: no quote can occur inside.
    format!("\"{}\"{}", tokens.join(" "), if prefix { "*" } else { "" })
}

/// Builds the FTS5 expression of a node; `None` for what cannot be searched alone (a query of
/// nothing but exclusions), with a notice.
fn compile(node: &Node, notices: &mut Vec<String>) -> Option<String> {
    match node {
        Node::Term {
            field,
            tokens,
            prefix,
        } => {
            let q = quote(tokens, *prefix);
            Some(match field {
                Some(f) => format!("{{{}}} : {q}", f.column()),
                None => q,
            })
        }
        Node::Or(children) => {
            let parts: Vec<String> = children
                .iter()
                .filter_map(|c| match c {
                    Node::Not(_) => {
                        note_lone_not(notices);
                        None
                    }
                    _ => compile(c, notices),
                })
                .collect();
            match parts.len() {
                0 => None,
                1 => parts.into_iter().next(),
                _ => Some(format!("({})", parts.join(" OR "))),
            }
        }
        Node::And(children) => {
            let mut pos = Vec::new();
            let mut neg = Vec::new();
            for c in children {
                match c {
                    Node::Not(inner) => neg.extend(compile(inner, notices)),
                    _ => pos.extend(compile(c, notices)),
                }
            }
            if pos.is_empty() {
                if !neg.is_empty() {
                    note_lone_not(notices);
                }
                return None;
            }
            let mut s = if pos.len() == 1 {
                pos.pop().unwrap()
            } else {
                format!("({})", pos.join(" AND "))
            };
            for n in neg {
                s = format!("({s} NOT {n})");
            }
            Some(s)
        }
        Node::Not(_) => {
            note_lone_not(notices);
            None
        }
    }
}

fn note_lone_not(notices: &mut Vec<String>) {
    let s = "Excluding words (NOT, -word) needs a word to search for beside it; the exclusion was ignored.".to_string();
    if !notices.contains(&s) {
        notices.push(s);
    }
}

/// The node written back in the query language.
pub fn describe(node: &Node) -> String {
    match node {
        Node::Term {
            field,
            tokens,
            prefix,
        } => {
            let joined = fold::join_tokens(tokens);
            let body = if joined.contains(' ') {
                format!("\"{joined}\"")
            } else {
                joined
            };
            let star = if *prefix { "*" } else { "" };
            match field {
                Some(f) => format!("{}:{body}{star}", f.name()),
                None => format!("{body}{star}"),
            }
        }
        Node::And(c) => c.iter().map(describe).collect::<Vec<_>>().join(" "),
        Node::Or(c) => format!(
            "({})",
            c.iter().map(describe).collect::<Vec<_>>().join(" OR ")
        ),
        Node::Not(n) => format!("-{}", describe(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(q: &str) -> Option<String> {
        parse(q).fts
    }

    #[test]
    fn words_are_anded_and_the_last_typed_word_is_a_prefix() {
        assert_eq!(
            fts("dvorak sym").as_deref(),
            Some("(\"dvorak\" AND \"sym\"*)")
        );
        assert_eq!(fts("dvorak ").as_deref(), Some("\"dvorak\""));
        assert_eq!(
            fts("dvořák sy").as_deref(),
            Some("(\"dvorak\" AND \"sy\")"),
            "2 letters: no automatic prefix"
        );
        assert_eq!(
            fts("978-0-306-40615-7").as_deref(),
            Some("\"9780306406157\"*")
        );
        assert_eq!(fts("u-teshuvot ").as_deref(), Some("\"u teshuvot\""));
    }

    #[test]
    fn phrases_prefixes_and_booleans() {
        assert_eq!(
            fts("\"law of contract\" ").as_deref(),
            Some("\"law of contract\"")
        );
        assert_eq!(
            fts("contr* law ").as_deref(),
            Some("(\"contr\"* AND \"law\")")
        );
        assert_eq!(
            fts("cats OR dogs ").as_deref(),
            Some("(\"cats\" OR \"dogs\")")
        );
        assert_eq!(
            fts("law -contract ").as_deref(),
            Some("(\"law\" NOT \"contract\")")
        );
        assert_eq!(
            fts("law NOT contract ").as_deref(),
            Some("(\"law\" NOT \"contract\")")
        );
        assert_eq!(
            fts("(cats OR dogs) pets ").as_deref(),
            Some("((\"cats\" OR \"dogs\") AND \"pets\")")
        );
        assert_eq!(
            fts("pets cats OR dogs ").as_deref(),
            Some("(\"pets\" AND (\"cats\" OR \"dogs\"))")
        );
        assert_eq!(fts("a AND b ").as_deref(), Some("(\"a\" AND \"b\")"));
    }

    #[test]
    fn fields_become_column_filters() {
        assert_eq!(
            fts("title:dvorak ").as_deref(),
            Some("{title} : \"dvorak\"")
        );
        assert_eq!(
            fts("author:\"smith john\" ").as_deref(),
            Some("{names} : \"smith john\"")
        );
        assert_eq!(
            fts("subject:(law OR ethics) ").as_deref(),
            Some("({subjects} : \"law\" OR {subjects} : \"ethics\")")
        );
        assert_eq!(
            fts("isbn:0-306-40615-2").as_deref(),
            Some("{identifiers} : \"0306406152\"*")
        );
        assert_eq!(
            fts("issn:0378-5955 ").as_deref(),
            Some("{identifiers} : \"03785955\"")
        );
        assert_eq!(
            fts("callno:QA76.73 ").as_deref(),
            Some("{shelf} : \"qa7673\"*")
        );
        assert_eq!(
            fts("barcode:31234000123 ").as_deref(),
            Some("{shelf} : \"31234000123\"")
        );
    }

    #[test]
    fn query_words_are_folded_as_the_index_is() {
        assert_eq!(fts("Œuvres ").as_deref(), Some("\"oeuvres\""));
        assert_eq!(fts("Sjælland ").as_deref(), Some("\"sjaelland\""));
        assert_eq!(fts("Gießen ").as_deref(), Some("\"giessen\""));
        assert_eq!(fts("Tbilisiʹs ").as_deref(), Some("\"tbilisis\""));
        assert_eq!(fts("O'Brien ").as_deref(), Some("\"obrien\""));
        assert_eq!(fts("gieß").as_deref(), Some("\"giess\"*"));
        assert_eq!(parse("Łódź ").interpreted_as, "lodz");
    }

    #[test]
    fn cjk_runs_become_phrases_of_bigrams() {
        assert_eq!(fts("東京 ").as_deref(), Some("\"東京\""));
        assert_eq!(fts("東京大学 ").as_deref(), Some("\"東京 京大 大学\""));
        assert_eq!(fts("대한 ").as_deref(), Some("\"대한\""));
        assert_eq!(fts("法 ").as_deref(), Some("\"法\"*"));
        assert_eq!(
            fts("title:東京大学 law ").as_deref(),
            Some("({title} : \"東京 京大 大学\" AND \"law\")")
        );
        assert_eq!(parse("東京大学 law ").interpreted_as, "東京大学 law");
    }

    #[test]
    fn printed_lccns_find_the_normalised_number() {
        assert_eq!(
            fts("lccn:85-1234 ").as_deref(),
            Some("{identifiers} : \"85001234\"")
        );
        assert_eq!(
            fts("lccn:sn 78-4321 ").as_deref(),
            Some("{identifiers} : \"sn78004321\"")
        );
        assert_eq!(
            fts("lccn:\"agr25-123\" ").as_deref(),
            Some("{identifiers} : \"agr25000123\"")
        );
        assert_eq!(
            fts("lccn:85-1234//r53 ").as_deref(),
            Some("{identifiers} : \"85001234\"")
        );
        // In the plain box: the words, or the LCCN.
        assert_eq!(
            fts("2004-12345 ").as_deref(),
            Some("(\"200412345\" OR {identifiers} : \"2004012345\")")
        );
        assert_eq!(
            fts("sn 78-4321 ").as_deref(),
            Some("(\"sn\" AND (\"78 4321\" OR {identifiers} : \"78004321\"))")
        );
        assert_eq!(fts("law-school ").as_deref(), Some("\"law school\""));
    }

    #[test]
    fn years_are_filters() {
        let p = parse("law year:1990-2000");
        assert_eq!(p.fts.as_deref(), Some("\"law\""));
        assert_eq!(
            p.years,
            vec![YearRange {
                from: Some(1990),
                to: Some(2000)
            }]
        );
        assert_eq!(
            parse("year:1990").years,
            vec![YearRange {
                from: Some(1990),
                to: Some(1990)
            }]
        );
        assert_eq!(
            parse("year:>2000").years,
            vec![YearRange {
                from: Some(2001),
                to: None
            }]
        );
        assert_eq!(
            parse("year:<=1900").years,
            vec![YearRange {
                from: None,
                to: Some(1900)
            }]
        );
        assert_eq!(
            parse("year:2000-1990").years,
            vec![YearRange {
                from: Some(1990),
                to: Some(2000)
            }]
        );
        let bad = parse("year:abc");
        assert!(bad.years.is_empty() && bad.fts.is_none());
        assert!(bad.notices[0].contains("year:abc"), "{:?}", bad.notices);
    }

    #[test]
    fn malformed_queries_are_read_leniently_and_explained() {
        let p = parse("\"dvorak sym");
        assert_eq!(p.fts.as_deref(), Some("\"dvorak sym\""));
        assert!(p.notices[0].contains("not closed"));
        let p = parse("((a b");
        assert_eq!(p.fts.as_deref(), Some("(\"a\" AND \"b\")"));
        assert!(p.notices.iter().any(|n| n.contains("not closed")));
        let p = parse("a) b");
        assert_eq!(p.fts.as_deref(), Some("(\"a\" AND \"b\")"));
        assert!(p.notices.iter().any(|n| n.contains("without its")));
        let p = parse("foo:bar");
        assert_eq!(p.fts.as_deref(), Some("\"foo bar\"*"));
        assert!(p.notices[0].contains("not a field"));
        let p = parse("OR law");
        assert_eq!(p.fts.as_deref(), Some("\"law\"*"));
        assert!(!p.notices.is_empty());
        let p = parse("-law");
        assert_eq!(p.fts, None);
        assert!(p.notices[0].contains("Excluding"));
        assert_eq!(parse("title:").fts, None);
        assert!(parse("title:").notices[0].contains("needs a word"));
        assert_eq!(
            parse("NEAR(a b").fts.as_deref(),
            Some("(\"near\" AND (\"a\" AND \"b\"))")
        );
    }

    #[test]
    fn hostile_text_never_reaches_fts_as_syntax() {
        for q in [
            "\"",
            "*",
            "AND",
            "OR",
            "NOT",
            "NEAR(",
            "((a",
            "a)",
            "' OR 1=1 --",
            "-",
            "--",
            "^",
            "{title}:x",
            "a:b:c",
            "\"\"\"",
            "x' OR 1=1; DROP TABLE records;--",
        ] {
            let p = parse(q);
            if let Some(f) = &p.fts {
                // Only quoted tokens, operators, parentheses and column filters.
                let outside: String = f.split('"').step_by(2).collect();
                assert!(
                    outside
                        .chars()
                        .all(|c| " ()*{}:ANDORTtitlenamesubjectsotherdfihf".contains(c)),
                    "{q:?} -> {f}"
                );
                for quoted in f.split('"').skip(1).step_by(2) {
                    assert!(
                        quoted.chars().all(|c| c.is_alphanumeric() || c == ' '),
                        "{q:?} -> {f}"
                    );
                }
            }
        }
        let long = "word ".repeat(2_000);
        let p = parse(&long);
        assert_eq!(
            p.fts.as_ref().map(|f| f.matches("\"word\"").count()),
            Some(MAX_TERMS)
        );
        assert!(!p.notices.is_empty());
    }

    #[test]
    fn the_interpretation_is_written_back() {
        assert_eq!(parse("\"dvorak sym").interpreted_as, "\"dvorak sym\"");
        assert_eq!(
            parse("title:law cats OR dogs year:1990-2000").interpreted_as,
            "title:law (cats OR dogs) year:1990-2000"
        );
    }
}
