//! The MARC mnemonic text form (MarcMaker/MarcBreaker, as MarcEdit writes it): one line per field,
//! `=TAG  ` then data. Blanks in indicators and control fields are written `\`, subfields as
//! `$a…`, and a literal `$` in data as `{dollar}`.
//!
//! Example: `=245  10$aTitle :$bsubtitle /$cresponsibility.`

use std::fmt;

use crate::record::{Field, Record};

/// Escapes data for the mnemonic form: `$` becomes `{dollar}` (MarcMaker's character entity).
pub fn escape_mnemonic(s: &str) -> String {
    s.replace('$', "{dollar}")
}

fn blank_as_backslash(c: char) -> char {
    if c == ' ' {
        '\\'
    } else {
        c
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Control { tag, value } => {
                let value: String = escape_mnemonic(value)
                    .chars()
                    .map(blank_as_backslash)
                    .collect();
                write!(f, "={tag}  {value}")
            }
            Field::Data {
                tag,
                ind1,
                ind2,
                subfields,
            } => {
                write!(
                    f,
                    "={tag}  {}{}",
                    blank_as_backslash(*ind1),
                    blank_as_backslash(*ind2)
                )?;
                for sf in subfields {
                    write!(f, "${}{}", sf.code, escape_mnemonic(&sf.value))?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Record {
    /// The whole record, `=LDR` first, one field per line, each line ended by `\n`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leader: String = self
            .leader
            .as_string()
            .chars()
            .map(blank_as_backslash)
            .collect();
        writeln!(f, "=LDR  {leader}")?;
        for field in &self.fields {
            writeln!(f, "{field}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Record;

    #[test]
    fn mnemonic_form_matches_marcmaker() {
        let r = Record::new()
            .with_control("008", "240101s2024    xxu")
            .with_data(
                "245",
                "10",
                &[('a', "Title :"), ('b', "sub /"), ('c', "resp.")],
            )
            .with_data("020", "  ", &[('a', "9780306406157"), ('c', "$25.00")]);
        let text = r.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "=LDR  00000nam\\a2200000\\i\\4500");
        assert_eq!(lines[1], "=008  240101s2024\\\\\\\\xxu");
        assert_eq!(lines[2], "=245  10$aTitle :$bsub /$cresp.");
        assert_eq!(lines[3], "=020  \\\\$a9780306406157$c{dollar}25.00");
    }
}
