//! The tokenizer shared by every scheme: a call number as runs of letters and runs of digits, each
//! with the characters that stood before it.
//!
//! Filing ignores spacing and punctuation (LC Filing Rules: punctuation is not a filing element),
//! but a few marks carry meaning in classified call numbers: the point before a decimal or a
//! Cutter (`QA76.73.J38`), the point of an abbreviation (`v.2`), and the slash or prime of a
//! segmented Dewey number (`005.13/3`). So a token keeps what stood before it, and the scheme
//! parsers ask about that rather than about the raw string.

/// Letters or digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of alphabetic characters (any script).
    Word,
    /// A run of ASCII digits 0–9.
    Num,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// What stood between the previous token (or the start) and this one: `""` when the two touch
    /// (`J38`, `1990a`), `"."` for a decimal point or Cutter point, `" ."`, `". "`, `"/"`, …
    pub before: &'a str,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }

    /// Touches the previous token: nothing at all between them.
    pub fn touches(&self) -> bool {
        self.before.is_empty()
    }

    /// Only white space (or nothing) stands before it.
    pub fn plain_gap(&self) -> bool {
        self.before.chars().all(char::is_whitespace)
    }

    /// A point, alone or with white space around it, stands before it (`76.73`, `76 .73`).
    pub fn after_point(&self) -> bool {
        self.before.trim() == "."
    }

    /// A word made only of the letters A–Z (either case).
    pub fn is_ascii_word(&self) -> bool {
        self.is_word() && self.text.bytes().all(|b| b.is_ascii_alphabetic())
    }
}

/// Splits a call number into words and numbers. Everything that is neither a letter nor an ASCII
/// digit separates tokens and is kept only as the `before` of the next token; a trailing mark is
/// dropped.
pub(super) fn tokenize(s: &str) -> Vec<Token<'_>> {
    let class = |c: char| {
        if c.is_ascii_digit() {
            Some(Kind::Num)
        } else if c.is_alphabetic() {
            Some(Kind::Word)
        } else {
            None
        }
    };
    let mut tokens = Vec::new();
    let mut gap_start = 0;
    let mut run: Option<(Kind, usize)> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        match (run, k) {
            (Some((kind, _)), Some(k)) if kind == k => {}
            (Some((kind, start)), _) => {
                tokens.push(Token {
                    kind,
                    text: &s[start..i],
                    before: &s[gap_start..start],
                });
                gap_start = i;
                run = k.map(|k| (k, i));
            }
            (None, Some(k)) => run = Some((k, i)),
            (None, None) => {}
        }
    }
    if let Some((kind, start)) = run {
        tokens.push(Token {
            kind,
            text: &s[start..],
            before: &s[gap_start..start],
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Vec<(char, &str, &str)> {
        tokenize(s)
            .iter()
            .map(|t| (if t.is_num() { 'n' } else { 'w' }, t.before, t.text))
            .collect()
    }

    #[test]
    fn letters_and_digits_split_even_when_they_touch() {
        assert_eq!(
            show("QA76.73.J38 1994a"),
            vec![
                ('w', "", "QA"),
                ('n', "", "76"),
                ('n', ".", "73"),
                ('w', ".", "J"),
                ('n', "", "38"),
                ('n', " ", "1994"),
                ('w', "", "a")
            ]
        );
    }

    #[test]
    fn spacing_and_points_are_kept_as_the_gap_before_a_token() {
        assert_eq!(
            show("  QA 76 .J38"),
            vec![
                ('w', "  ", "QA"),
                ('n', " ", "76"),
                ('w', " .", "J"),
                ('n', "", "38")
            ]
        );
        assert_eq!(show("v. 2"), vec![('w', "", "v"), ('n', ". ", "2")]);
        assert_eq!(
            show("005.13/3"),
            vec![('n', "", "005"), ('n', ".", "13"), ('n', "/", "3")]
        );
    }

    #[test]
    fn trailing_marks_and_empty_input_give_no_token() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ?!- ").is_empty());
        assert_eq!(show("Suppl."), vec![('w', "", "Suppl")]);
    }

    #[test]
    fn non_ascii_letters_are_words_and_other_digits_are_separators() {
        assert_eq!(
            show("Übergröße 3"),
            vec![('w', "", "Übergröße"), ('n', " ", "3")]
        );
        // Arabic-Indic digits are not ASCII digits: they separate, like punctuation.
        assert_eq!(show("A٣B"), vec![('w', "", "A"), ('w', "٣", "B")]);
    }

    #[test]
    fn endings_touching_numbers_are_separate_words() {
        assert_eq!(show("15th"), vec![('n', "", "15"), ('w', "", "th")]);
        assert_eq!(
            show("Box 2A"),
            vec![('w', "", "Box"), ('n', " ", "2"), ('w', "", "A")]
        );
        assert_eq!(show("0042"), vec![('n', "", "0042")]);
    }

    #[test]
    fn a_combining_accent_separates_like_punctuation() {
        // Decomposed "é" (e + U+0301): the mark is not alphabetic, so the word ends at "Cafe".
        // Precomposed "é" stays inside the word. (No Unicode normalization here.)
        assert_eq!(
            show("Cafe\u{301} 3"),
            vec![('w', "", "Cafe"), ('n', "\u{301} ", "3")]
        );
        assert_eq!(show("Café 3"), vec![('w', "", "Café"), ('n', " ", "3")]);
    }

    #[test]
    fn gap_predicates() {
        let t = tokenize("QA 76 .73 v.2");
        assert!(t[1].plain_gap() && !t[1].touches());
        assert!(t[2].after_point());
        assert!(!t[4].plain_gap() && !t[4].touches() && t[4].before == ".");
        assert!(t[0].is_ascii_word() && !tokenize("Ärzte")[0].is_ascii_word());
    }
}
