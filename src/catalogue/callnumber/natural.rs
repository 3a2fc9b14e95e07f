//! Natural order, for local call numbers (`Box 2`, `Map drawer 3, folder 12`) and for call numbers
//! of any scheme that could not be read.
//!
//! The rules are those of word-by-word filing in the ALA Filing Rules (1980) and the Library of
//! Congress Filing Rules (1980), reduced to what a local shelf mark needs:
//! - a number inside the text files by its numeric value, not character by character
//!   (`Box 2` < `Box 10` < `Box 100`);
//! - numerals file before letters, and "nothing before something" (a word that is the leading part
//!   of a longer heading files first): `Box` < `Box 2` < `Box A` < `Boxes`;
//! - upper and lower case file alike and punctuation is not a filing element (spacing neither):
//!   `box-2`, `BOX 2` and `Box  2` file together;
//! - leading zeros do not count (`Box 007` files with `Box 7`).
//!
//! Two call numbers that are equal by these rules are ordered by their text as typed (byte order),
//! so the order is total and the same on every run. Accents are not folded: `é` files after `z`.

use super::push_number;
use super::tokens::{tokenize, Kind};

/// Marks a number token. Lower than [`WORD`]: numbers file before letters.
const NUMBER: char = '#';
/// Marks a word token.
const WORD: char = '+';
/// Ends the tokens; the text as typed follows as the tie-breaker. Lower than both marks, so that a
/// call number that is a leading part of another files first ("nothing before something").
const END: char = '!';

/// The natural-order key of `s`: its tokens, then `!` and `s` as typed.
pub(super) fn key(s: &str) -> String {
    let mut k = String::with_capacity(2 * s.len() + 4);
    for t in tokenize(s) {
        match t.kind {
            Kind::Num => {
                k.push(NUMBER);
                push_number(&mut k, t.text);
            }
            Kind::Word => {
                k.push(WORD);
                k.extend(t.text.chars().flat_map(char::to_lowercase));
            }
        }
    }
    k.push(END);
    k.push_str(s);
    k
}

/// A local call number: its natural key, or why it cannot be filed (it has no letter or digit).
pub(super) fn local(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("the call number is empty".into())
    } else if tokenize(s).is_empty() {
        Err("the call number has no letter or digit".into())
    } else {
        Ok(key(s))
    }
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn numbers_compare_as_numbers_and_before_letters() {
        let order = [
            "Box", "Box 2", "Box 10", "Box 100", "Box A", "Box B 1", "Boxes",
        ];
        for w in order.windows(2) {
            assert!(key(w[0]) < key(w[1]), "{:?} < {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn case_punctuation_and_spacing_only_break_ties() {
        let (a, b) = (key("Box 2"), key("box-2"));
        assert_ne!(a, b);
        assert_eq!(a.split('!').next(), b.split('!').next());
        assert!(key("box-2") < key("Box 3"));
        assert!(key("Box 007") < key("Box 8") && key("Box 7") < key("Box 8"));
    }
}
