//! Generator for `src/marc8/tables.rs`, the MARC-8 code tables compiled into the crate.
//!
//! The source is the Library of Congress MARC-8 code tables in XML (`codetables.xml`, a US
//! government work), which is test data outside the repository (`<shared data>/marc8/`). The
//! generated Rust file is committed, so a fresh clone builds without the XML.
//!
//! Regenerate (after a change to the XML or to this generator):
//!
//! ```text
//! cargo test -p carrel-marc --test marc8_tables -- --ignored regenerate_marc8_tables
//! ```
//!
//! `CARREL_TEST_DATA` points at the shared data folder (default `<repo>/../shared/data`).
//! The ordinary (non-ignored) test checks that the committed file is what the generator makes.
//!
//! The XML is read with a few lines of plain string scanning: the file is regular (one `<code>`
//! element per character, with `<marc>`, `<ucs>`, `<alt>`, `<isCombining>` children, grouped in
//! `<characterSet name=".." ISOcode="..">`), and the generator fails loudly on anything unexpected.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    carrel_testkit::data_dir()
}

fn xml_path() -> PathBuf {
    data_dir().join("marc8").join("codetables.xml")
}

fn tables_rs_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("marc8")
        .join("tables.rs")
}

struct Entry {
    code: u32,
    ucs: Option<u32>,
    alt: Option<u32>,
    combining: bool,
    /// The LC name calls the code a variant or duplicate of another (EACC).
    secondary: bool,
}

struct Set {
    name: String,
    final_byte: u8,
    entries: Vec<Entry>,
}

/// Text of the first `<tag>..</tag>` in `block` (None when absent; `<tag/>` gives "").
fn element<'a>(block: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let empty = format!("<{tag}/>");
    if let Some(start) = block.find(&open) {
        let rest = &block[start + open.len()..];
        let end = rest
            .find(&format!("</{tag}>"))
            .unwrap_or_else(|| panic!("unclosed <{tag}> in {block}"));
        Some(rest[..end].trim())
    } else if block.contains(&empty) {
        Some("")
    } else {
        None
    }
}

fn attribute<'a>(tag: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let start = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + key.len();
    let end = tag[start..].find('"').expect("unclosed attribute") + start;
    &tag[start..end]
}

fn hex(text: &str, what: &str) -> u32 {
    u32::from_str_radix(text, 16).unwrap_or_else(|_| panic!("bad hex {what}: {text:?}"))
}

fn parse(xml: &str) -> Vec<Set> {
    let mut sets = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<characterSet ") {
        rest = &rest[start..];
        let tag_end = rest.find('>').expect("unclosed characterSet tag");
        let tag = &rest[..tag_end];
        let name = attribute(tag, "name").to_string();
        let iso = hex(attribute(tag, "ISOcode"), "ISOcode");
        let end = rest.find("</characterSet>").expect("unclosed characterSet");
        let body = &rest[tag_end..end];
        rest = &rest[end..];

        let final_byte = u8::try_from(iso).expect("ISOcode is one byte");
        let multibyte = final_byte == b'1';
        let mut entries = Vec::new();
        let mut codes = body;
        while let Some(open) = codes.find("<code>") {
            let close = codes[open..].find("</code>").expect("unclosed code") + open;
            let block = &codes[open + "<code>".len()..close];
            codes = &codes[close..];
            let marc = element(block, "marc").expect("code without marc");
            let mut code = hex(marc, "marc");
            let ucs = element(block, "ucs")
                .filter(|s| !s.is_empty())
                .map(|s| hex(s, "ucs"));
            let alt = element(block, "alt")
                .filter(|s| !s.is_empty())
                .map(|s| hex(s, "alt"));
            let name = element(block, "name")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let secondary = [
                "variant of",
                "duplicate",
                "in some implementations",
                "unified with",
            ]
            .iter()
            .any(|marker| name.contains(marker));
            let combining = match element(block, "isCombining") {
                None => false,
                Some("true") => true,
                Some(other) => panic!("isCombining {other:?}"),
            };
            if multibyte {
                assert_eq!(marc.len(), 6, "EACC codes are three bytes: {marc}");
            } else {
                assert_eq!(marc.len(), 2, "single-byte code: {marc}");
                if code < 0x20 {
                    // The C0 controls listed with ASCII (ESC and the three ISO 2709 separators)
                    // are structure, handled by the decoder itself.
                    assert!(
                        final_byte == b'B' && ucs == Some(code),
                        "unexpected control {marc} in {name}"
                    );
                    continue;
                }
                if code >= 0xA0 {
                    // G1 form (ANSEL is listed that way): store the 7-bit position.
                    code &= 0x7F;
                }
            }
            if let Some(u) = ucs.or(alt) {
                assert!(char::from_u32(u).is_some(), "not a character: {u:X}");
            } else {
                panic!("code {marc} in {name} has neither ucs nor alt");
            }
            entries.push(Entry {
                code,
                ucs,
                alt,
                combining,
                secondary,
            });
        }
        entries.sort_by_key(|e| e.code);
        for pair in entries.windows(2) {
            assert!(
                pair[0].code != pair[1].code,
                "duplicate code {:X} in {name}",
                pair[0].code
            );
        }
        sets.push(Set {
            name,
            final_byte,
            entries,
        });
    }
    sets
}

fn generate(xml: &str) -> String {
    let sets = parse(xml);
    let expected = [
        b'B', b'E', b'g', b'b', b'p', b'2', b'N', b'Q', b'3', b'4', b'S', b'1',
    ];
    let finals: Vec<u8> = sets.iter().map(|s| s.final_byte).collect();
    assert_eq!(
        finals, expected,
        "the LC file lists the character sets in this order"
    );

    let mut out = String::new();
    out.push_str(
        "// @generated — do not edit by hand.\n\
         //\n\
         // MARC-8 code tables, generated from the Library of Congress MARC-8 code tables\n\
         // (codetables.xml; a work of the US government) by\n\
         //     cargo test -p carrel-marc --test marc8_tables -- --ignored regenerate_marc8_tables\n\
         // (generator: crates/marc/tests/marc8_tables.rs).\n\
         //\n\
         // Each map is (MARC-8 code, Unicode scalar value) sorted by code, for binary search.\n\
         // Single-byte codes are stored in their 7-bit (G0) form 0x21..0x7E whether the LC table\n\
         // lists them as G0 or G1; ANSEL's C1 controls keep their codes 0x88..0x8E. EACC codes are\n\
         // the three bytes as one number (0x213021). The value has bit 31 (COMBINING) set when the\n\
         // LC table marks the character as combining, and is 0 (plus COMBINING) where the table\n\
         // gives no <ucs> mapping (the second halves of ANSEL's double diacritics).\n\
         // ALTERNATES lists the <alt> mappings the table also gives; ENCODING_SECONDARY the codes\n\
         // whose LC name calls them a variant or duplicate of another code with the same Unicode.\n\n",
    );
    out.push_str(
        "/// Set in a [`CharacterSet::map`] value when the character is a combining mark.\n",
    );
    out.push_str("pub(crate) const COMBINING: u32 = 0x8000_0000;\n\n");
    out.push_str("/// One MARC-8 graphic character set, as listed in the LC code tables.\n");
    out.push_str("pub(crate) struct CharacterSet {\n");
    out.push_str("    /// The LC name of the set.\n    pub name: &'static str,\n");
    out.push_str("    /// The final byte of the escape sequence that designates the set (the table's ISOcode).\n");
    out.push_str("    pub final_byte: u8,\n");
    out.push_str("    /// Bytes per character: 1, or 3 for EACC.\n    pub width: u8,\n");
    out.push_str("    /// (code, Unicode | flags), sorted by code.\n    pub map: &'static [(u32, u32)],\n}\n\n");

    writeln!(
        out,
        "pub(crate) static CHARACTER_SETS: [CharacterSet; {}] = [",
        sets.len()
    )
    .unwrap();
    for set in &sets {
        let width = if set.final_byte == b'1' { 3 } else { 1 };
        let fb = set.final_byte as char;
        writeln!(
            out,
            "    CharacterSet {{ name: {:?}, final_byte: b'{fb}', width: {width}, map: &[",
            set.name
        )
        .unwrap();
        let per_line = if width == 3 { 6 } else { 5 };
        for chunk in set.entries.chunks(per_line) {
            out.push_str("       ");
            for e in chunk {
                let value = e.ucs.unwrap_or(0);
                let flag = if e.combining { "|COMBINING" } else { "" };
                if width == 3 {
                    write!(out, " (0x{:06X},0x{value:04X}{flag}),", e.code).unwrap();
                } else {
                    write!(out, " (0x{:02X},0x{value:04X}{flag}),", e.code).unwrap();
                }
            }
            out.push('\n');
        }
        out.push_str("    ] },\n");
    }
    out.push_str("];\n\n");

    out.push_str(
        "/// The `<alt>` mappings: (final byte of the set, code, alternative Unicode value).\n",
    );
    out.push_str("pub(crate) static ALTERNATES: &[(u8, u32, u32)] = &[\n");
    for set in &sets {
        let fb = set.final_byte as char;
        for e in set.entries.iter().filter(|e| e.alt.is_some()) {
            writeln!(
                out,
                "    (b'{fb}', 0x{:X}, 0x{:04X}),",
                e.code,
                e.alt.unwrap()
            )
            .unwrap();
        }
    }
    out.push_str("];\n\n");

    // Codes that share their Unicode value with another code of the same set, and that the LC
    // name calls a variant, a duplicate, or an implementation's alternative: not chosen when
    // encoding.
    out.push_str(
        "/// Codes not chosen when encoding, because another code of the same set has the same\n",
    );
    out.push_str("/// Unicode value and the LC name calls this one a variant or duplicate: (final byte, code).\n");
    out.push_str("pub(crate) static ENCODING_SECONDARY: &[(u8, u32)] = &[\n");
    for set in &sets {
        let fb = set.final_byte as char;
        let mut count = std::collections::HashMap::new();
        for e in &set.entries {
            *count.entry(e.ucs).or_insert(0) += 1;
        }
        let mut line = String::new();
        for e in set
            .entries
            .iter()
            .filter(|e| e.secondary && e.ucs.is_some() && count[&e.ucs] > 1)
        {
            if line.len() > 80 {
                writeln!(out, "   {line}").unwrap();
                line.clear();
            }
            write!(line, " (b'{fb}', 0x{:X}),", e.code).unwrap();
        }
        if !line.is_empty() {
            writeln!(out, "   {line}").unwrap();
        }
    }
    out.push_str("];\n");
    out
}

#[test]
fn generated_tables_are_current() {
    let xml_path = xml_path();
    let Ok(xml) = std::fs::read_to_string(&xml_path) else {
        carrel_testkit::skip(
            "generated_tables_are_current",
            &format!(
                "LC code tables not found at {} (set CARREL_TEST_DATA)",
                xml_path.display()
            ),
        );
        return;
    };
    let generated = generate(&xml);
    let committed = std::fs::read_to_string(tables_rs_path()).expect("src/marc8/tables.rs");
    assert!(
        generated == committed,
        "src/marc8/tables.rs is out of date: run\n  cargo test -p carrel-marc --test marc8_tables -- --ignored regenerate_marc8_tables"
    );
}

#[test]
#[ignore = "writes src/marc8/tables.rs; run by hand to regenerate"]
fn regenerate_marc8_tables() {
    let xml_path = xml_path();
    let xml = std::fs::read_to_string(&xml_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", xml_path.display()));
    std::fs::write(tables_rs_path(), generate(&xml)).expect("write tables.rs");
    eprintln!("wrote {}", tables_rs_path().display());
}
