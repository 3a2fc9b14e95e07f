//! Unit tests of the MARC-8 codec, on hand-written byte strings.

use unicode_normalization::UnicodeNormalization;

use super::*;

fn text(bytes: &[u8]) -> String {
    let decoded = decode(bytes);
    assert!(
        decoded.problems.is_empty(),
        "unexpected problems for {bytes:02X?}: {:?}",
        decoded.problems
    );
    decoded.text
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[test]
fn ascii_passes_through() {
    assert_eq!(
        text(b"The Hobbit / by J.R.R. Tolkien."),
        "The Hobbit / by J.R.R. Tolkien."
    );
    assert_eq!(
        encode("The Hobbit / by J.R.R. Tolkien."),
        b"The Hobbit / by J.R.R. Tolkien."
    );
}

#[test]
fn ansel_diacritic_comes_before_its_letter() {
    // 0xE2 acute, 0xF0 cedilla, 0xE8 umlaut.
    assert_eq!(text(b"Soci\xe2et\xe2e"), "Soci\u{e9}t\u{e9}");
    assert_eq!(text(b"Fran\xf0cais"), "Fran\u{e7}ais");
    assert_eq!(text(b"M\xe8unchen"), "M\u{fc}nchen");
    assert_eq!(encode("Soci\u{e9}t\u{e9}"), b"Soci\xe2et\xe2e");
    assert_eq!(encode("M\u{fc}nchen"), b"M\xe8unchen");
}

#[test]
fn ansel_spacing_characters() {
    // 0xA5 AE, 0xB5 ae, 0xA3 D with stroke, 0xC7 eszett, 0xC8 euro, 0xAC O with horn.
    assert_eq!(
        text(b"\xa5sir \xb5on \xa3ur\xc7e \xc8 \xac"),
        "\u{c6}sir \u{e6}on \u{110}ur\u{df}e \u{20ac} \u{1a0}"
    );
    assert_eq!(
        encode("\u{c6}sir \u{e6}on \u{df} \u{20ac} \u{1a0}"),
        b"\xa5sir \xb5on \xc7 \xc8 \xac"
    );
}

#[test]
fn stacked_diacritics_keep_their_order() {
    // Circumflex (0xE3) then acute (0xE2) over a: a + U+0302 + U+0301 = U+1EA5.
    assert_eq!(text(b"\xe3\xe2a"), "\u{1ea5}");
    // Acute then circumflex: a U+0301 U+0302 (no precomposed form).
    assert_eq!(text(b"\xe2\xe3a"), nfc("a\u{301}\u{302}"));
    // Dot below (0xF2) and circumflex, in either order: canonical order makes them the same.
    assert_eq!(text(b"\xf2\xe3e"), "\u{1ec7}");
    assert_eq!(text(b"\xe3\xf2e"), "\u{1ec7}");
    // Vietnamese o with horn, grave: the horn letter is precomposed in ANSEL (0xBC).
    assert_eq!(text(b"\xe1\xbc"), "\u{1edd}");
    assert_eq!(encode("\u{1edd}"), b"\xe1\xbc");
    assert_eq!(encode("\u{1ea5}"), b"\xe3\xe2a");
    assert_eq!(encode(&nfc("a\u{301}\u{302}")), b"\xe2\xe3a");
    // Three marks on one letter.
    assert_eq!(text(b"\xe5\xe8\xf2u"), nfc("u\u{304}\u{308}\u{323}"));
}

#[test]
fn double_diacritics() {
    // Ligature halves EB/EC around "ts": U+0361 after the t, the second half adds nothing.
    assert_eq!(text(b"\xebt\xecs"), "t\u{361}s");
    assert_eq!(encode("t\u{361}s"), b"\xebt\xecs");
    // Double tilde halves FA/FB.
    assert_eq!(text(b"\xfan\xfbg"), "n\u{360}g");
    assert_eq!(encode("n\u{360}g"), b"\xfan\xfbg");
    // The half marks (the table's <alt>) encode the same way.
    assert_eq!(encode("t\u{fe20}s\u{fe21}"), b"\xebt\xecs");
    // A second half with no first half keeps its <alt> meaning rather than vanishing.
    assert_eq!(text(b"t\xecs"), "ts\u{fe21}");
}

#[test]
fn lone_trailing_diacritic_is_reported() {
    let decoded = decode(b"abc\xe2");
    assert_eq!(decoded.text, "abc\u{fffd}");
    assert_eq!(decoded.problems.len(), 1);
    assert_eq!(decoded.problems[0].byte_offset, 3);
    assert!(
        decoded.problems[0].reason.contains("0xE2"),
        "{}",
        decoded.problems[0].reason
    );
    // Before a subfield delimiter: same, and the next subfield is unaffected.
    let decoded = decode(b"abc\xe2\x1fbdef");
    assert_eq!(decoded.text, "abc\u{fffd}\u{1f}bdef");
    assert_eq!(decoded.problems.len(), 1);
}

#[test]
fn diacritic_on_space_is_kept() {
    assert_eq!(text(b"\xe2 "), " \u{301}");
}

#[test]
fn unmapped_bytes_become_replacement_characters() {
    let decoded = decode(b"a\xc9b");
    assert_eq!(decoded.text, "a\u{fffd}b");
    assert_eq!(
        decoded.problems,
        vec![Marc8Problem {
            byte_offset: 1,
            reason: "no mapping for 0xC9 in Extended Latin (ANSEL)".to_string()
        }]
    );
    for bytes in [&b"a\x01b"[..], b"a\x7fb", b"a\xa0b", b"a\xffb", b"a\x80b"] {
        let decoded = decode(bytes);
        assert_eq!(decoded.text, "a\u{fffd}b", "{bytes:02X?}");
        assert_eq!(decoded.problems.len(), 1);
        assert_eq!(decoded.problems[0].byte_offset, 1);
    }
}

#[test]
fn c1_controls() {
    // Non-sort begin/end and the joiners are ANSEL's C1 controls.
    assert_eq!(text(b"\x88The\x89 end"), "\u{98}The\u{9c} end");
    assert_eq!(text(b"a\x8db\x8ec"), "a\u{200d}b\u{200c}c");
    assert_eq!(encode("\u{98}The\u{9c} end"), b"\x88The\x89 end");
}

#[test]
fn technique_1_sets() {
    // Superscript 2 (ESC p), subscript 2 (ESC b), back with ESC s.
    assert_eq!(text(b"m\x1bp2\x1bs H\x1bb2\x1bsO"), "m\u{b2} H\u{2082}O");
    // Back to ASCII before the space, as records do.
    assert_eq!(encode("m\u{b2} H\u{2082}O"), b"m\x1bp2\x1bs H\x1bb2\x1bsO");
    // Greek symbols: alpha, beta, gamma. Encoded back through the Greek set, as LC says.
    assert_eq!(text(b"\x1bgabc\x1bs-rays"), "\u{3b1}\u{3b2}\u{3b3}-rays");
    assert_eq!(text(b"\x1b(S\x61\x62\x64\x1b(B"), "\u{3b1}\u{3b2}\u{3b3}");
    assert_eq!(encode("\u{3b1}\u{3b2}\u{3b3}"), b"\x1b(S\x61\x62\x64\x1b(B");
    // ESC ( B also ends a technique-1 set.
    assert_eq!(
        text(b"33\x1bp1\x1b(B/\x1bb3 \x1b(Brpm"),
        "33\u{b9}/\u{2083} rpm"
    );
    // EACC has two codes for U+3000 IDEOGRAPHIC SPACE; the one ANSI Z39.64 gives is written.
    assert_eq!(text(b"\x1b$1!# \x1b(B"), "\u{3000}");
    assert_eq!(encode("\u{3000}"), b"\x1b$1!#!\x1b(B");
    // And of U+8853's two codes, not the one LC calls a variant (0x215746).
    assert_eq!(encode("\u{8853}"), b"\x1b$1KWF\x1b(B");
}

#[test]
fn cyrillic() {
    // "Москва : Эксмо" in Basic Cyrillic; the space and colon stay in the Cyrillic set.
    let bytes = b"\x1b(NmOSKWA : |KSMO\x1b(B";
    assert_eq!(
        text(bytes),
        "\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430} : \u{42d}\u{43a}\u{441}\u{43c}\u{43e}"
    );
    assert_eq!(encode(&text(bytes)), bytes);
    // Extended Cyrillic (ESC ( Q): Serbian dje, then back to Basic Cyrillic.
    assert_eq!(
        text(b"\x1b(NMI[\x1b(QA\x1b(NE\x1b(B"),
        "\u{43c}\u{438}\u{448}\u{452}\u{435}"
    );
    // Short i is one Cyrillic code; so is yo (Extended Cyrillic 0x44).
    assert_eq!(encode("\u{439}\u{451}"), b"\x1b(NJ\x1b(QD\x1b(B");
}

#[test]
fn cyrillic_as_g1() {
    // ESC ) N puts Basic Cyrillic in G1: bytes 0xA1..0xFE are Cyrillic, ASCII stays in G0.
    assert_eq!(text(b"\x1b)Nab\xc1\xc2"), "ab\u{430}\u{431}");
    // And ANSEL as G0 (ESC ( ! E): 0x61 is ANSEL 0xE1, combining grave.
    // The pending mark waits across the escape sequence for its letter.
    assert_eq!(text(b"\x1b(!E\x62\x1b(Be"), "\u{e9}");
}

#[test]
fn greek() {
    // Basic Greek: accents (0x22 tonos) are combining and come first.
    let bytes = b"\x1b(S\x22anza\x1b(B";
    assert_eq!(text(bytes), "\u{3ac}\u{3bb}\u{3c6}\u{3b1}");
    assert_eq!(encode(&text(bytes)), bytes);
}

#[test]
fn hebrew() {
    // Basic Hebrew (ESC ( 2): shalom with a holam (0x45, combining) before the vav.
    let bytes = b"\x1b(2ylem\x1b(B";
    assert_eq!(text(bytes), "\u{5e9}\u{5dc}\u{5d5}\u{5dd}");
    assert_eq!(encode(&text(bytes)), bytes);
    let pointed = text(b"\x1b(2ylEem\x1b(B");
    assert_eq!(pointed, nfc("\u{5e9}\u{5dc}\u{5d5}\u{5b9}\u{5dd}"));
    assert_eq!(encode(&pointed), b"\x1b(2ylEem\x1b(B");
}

#[test]
fn arabic() {
    // Basic Arabic (ESC ( 3), with the ASCII digits back in ASCII.
    let bytes = b"\x1b(3GdYOO \x1b(B1. (\x1b(3jhdjhR \x1b(B2005)-";
    let decoded = text(bytes);
    assert!(decoded.starts_with('\u{627}'), "{decoded}");
    assert!(decoded.contains("1. ("), "{decoded}");
    assert_eq!(encode(&decoded), bytes);
    // Extended Arabic (ESC ( 4) has its own letters.
    let ext = decode(b"\x1b(4\x21\x1b(B");
    assert!(ext.problems.is_empty());
}

#[test]
fn eacc() {
    // ESC $ 1: three bytes per character. 0x213021 is U+4E00, 0x212F30 U+3007.
    assert_eq!(text(b"\x1b$1!0!!/0\x1b(B"), "\u{4e00}\u{3007}");
    assert_eq!(encode("\u{4e00}\u{3007}"), b"\x1b$1!0!!/0\x1b(B");
    // Space in EACC is 0x20; the encoder goes back to ASCII for it, as records do.
    assert_eq!(text(b"\x1b$1!0! !0!\x1b(B"), "\u{4e00} \u{4e00}");
    assert_eq!(
        encode("\u{4e00} \u{4e00}"),
        b"\x1b$1!0!\x1b(B \x1b$1!0!\x1b(B"
    );
    // A Korean Hangul syllable stays a syllable (no jamo from NFD).
    let hangul = text(b"\x1b$1\x6f\x5c\x65\x6f\x49\x6f\x1b(B");
    assert_eq!(hangul, "\u{d55c}\u{ad6d}");
    assert_eq!(encode(&hangul), b"\x1b$1\x6f\x5c\x65\x6f\x49\x6f\x1b(B");
    // EACC in G1 (ESC $ ) 1).
    assert_eq!(text(b"\x1b$)1\xa1\xb0\xa1"), "\u{4e00}");
    // A character outside the Basic Multilingual Plane (CJK Extension B).
    assert_eq!(text(b"\x1b$1!uY\x1b(B"), "\u{212c4}");
    assert_eq!(encode("\u{212c4}"), b"\x1b$1!uY\x1b(B");
}

#[test]
fn eacc_truncated_or_unmapped() {
    let decoded = decode(b"\x1b$1!0");
    assert_eq!(decoded.text, "\u{fffd}");
    assert_eq!(decoded.problems.len(), 1);
    assert_eq!(decoded.problems[0].byte_offset, 3);
    assert!(
        decoded.problems[0]
            .reason
            .contains("truncated EACC character 0x21 0x30"),
        "{:?}",
        decoded.problems
    );
    // Truncated by an escape sequence: the escape still works.
    let decoded = decode(b"\x1b$1!0\x1b(Bab");
    assert_eq!(decoded.text, "\u{fffd}ab");
    // {69 is not an EACC code.
    let decoded = decode(b"\x1b$1{69\x1b(B");
    assert_eq!(decoded.text, "\u{fffd}");
    assert!(
        decoded.problems[0].reason.contains("0x7B 0x36 0x39"),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn escapes_switch_g0_and_g1_mid_field() {
    // Latin, Cyrillic G0, then Cyrillic moved to G1 while G0 goes back to ASCII, then ANSEL back.
    let bytes = b"a\x1b(NAB\x1b(B\x1b)N c\xc1\x1b)!E\xe2e";
    assert_eq!(text(bytes), "a\u{430}\u{431} c\u{430}\u{e9}");
    // The alternative intermediates , and - work as ( and ).
    assert_eq!(text(b"\x1b,NAB\x1b,B"), "\u{430}\u{431}");
    assert_eq!(text(b"\x1b-N\xc1"), "\u{430}");
    // State persists across subfields; the subfield code itself is always ASCII.
    assert_eq!(
        text(b"\x1fa\x1b(NAB\x1fbAB\x1b(B"),
        "\u{1f}a\u{430}\u{431}\u{1f}b\u{430}\u{431}"
    );
    // A field terminator brings back the defaults.
    assert_eq!(text(b"\x1b(NAB\x1eab"), "\u{430}\u{431}\u{1e}ab");
}

#[test]
fn incomplete_and_unknown_escapes() {
    for (bytes, expected) in [
        (&b"ab\x1b"[..], "ab\u{fffd}"),
        (b"ab\x1b(", "ab\u{fffd}"),
        (b"ab\x1b$", "ab\u{fffd}"),
        (b"ab\x1b$)", "ab\u{fffd}"),
        (b"ab\x1b(!", "ab\u{fffd}"),
    ] {
        let decoded = decode(bytes);
        assert_eq!(decoded.text, expected, "{bytes:02X?}");
        assert_eq!(decoded.problems.len(), 1, "{bytes:02X?}");
        assert_eq!(decoded.problems[0].byte_offset, 2);
        assert!(
            decoded.problems[0]
                .reason
                .starts_with("incomplete escape sequence 0x1B"),
            "{:?}",
            decoded.problems
        );
    }
    // An escape cut short by a subfield delimiter: the delimiter still counts.
    let decoded = decode(b"a\x1b$\x1fbc");
    assert_eq!(decoded.text, "a\u{fffd}\u{1f}bc");
    // A stray ESC before a letter: the ESC is reported, the letter kept.
    let decoded = decode(b"Soci\x1bte");
    assert_eq!(decoded.text, "Soci\u{fffd}te");
    assert_eq!(
        decoded.problems[0].reason,
        "unknown escape sequence 0x1B 0x74"
    );
    // A designation of a set MARC-8 does not have: its characters are unknown.
    let decoded = decode(b"a\x1b(Zbc d\x1b(Be");
    assert_eq!(decoded.text, "a\u{fffd}\u{fffd}\u{fffd} \u{fffd}e");
    assert_eq!(decoded.problems.len(), 1);
    assert!(
        decoded.problems[0].reason.contains("0x1B 0x28 0x5A"),
        "{:?}",
        decoded.problems
    );
}

#[test]
fn numeric_character_references() {
    assert_eq!(text(b"&#x0041;&#x1EA5;x"), "A\u{1ea5}x");
    assert_eq!(text(b"caf&#x00E9;"), "caf\u{e9}");
    // Not references: left as they are.
    assert_eq!(
        text(b"AT&T &#x; &#xZZ; &#x110000; &#xD800;"),
        "AT&T &#x; &#xZZ; &#x110000; &#xD800;"
    );
    // Characters outside MARC-8: uppercase hex, at least four digits.
    assert_eq!(
        encode("\u{1e9e} \u{263a} \u{1f600}"),
        b"&#x1E9E; &#x263A; &#x1F600;"
    );
    // A base letter outside MARC-8 with a mark inside it: the mark still comes first.
    assert_eq!(
        decode(&encode("\u{127}\u{301}")).text,
        nfc("\u{127}\u{301}")
    );
    // A mark outside MARC-8 goes after its base as a reference.
    assert_eq!(encode("a\u{331}"), b"a&#x0331;");
    assert_eq!(text(b"a&#x0331;"), "a\u{331}");
    // An ampersand that would read as a reference is itself written as one.
    assert_eq!(encode("&#x41;"), b"&#x0026;#x41;");
    assert_eq!(text(b"&#x0026;#x41;"), "&#x41;");
    // References inside a Cyrillic run: the encoder switches to ASCII for them.
    assert_eq!(
        decode(&encode("\u{430}\u{263a}\u{431}")).text,
        "\u{430}\u{263a}\u{431}"
    );
}

#[test]
fn mark_outside_marc8_keeps_order_with_others() {
    for s in [
        "a\u{301}\u{35b}",
        "a\u{35b}\u{301}",
        "\u{1ec7}\u{35b}",
        "x\u{308}\u{331}",
    ] {
        assert_eq!(decode(&encode(s)).text, nfc(s), "{s:?}");
    }
}

#[test]
fn arabic_superscript_alef_is_spacing_in_marc8() {
    // U+0670 is a combining mark in Unicode but a spacing character (0x74) in Basic Arabic.
    let s = "\u{644}\u{670}";
    let bytes = encode(s);
    assert!(!bytes.windows(3).any(|w| w == b"&#x"), "{bytes:02X?}");
    assert_eq!(decode(&bytes).text, nfc(s));
}

#[test]
fn encode_returns_to_default_sets() {
    assert_eq!(encode("\u{430}"), b"\x1b(NA\x1b(B");
    assert_eq!(encode("x\u{2082}"), b"x\x1bb2\x1bs");
    assert_eq!(encode("\u{4e00}"), b"\x1b$1!0!\x1b(B");
    // Before a subfield delimiter too.
    assert_eq!(
        encode("\u{1f}a\u{430}\u{1f}bx"),
        b"\x1fa\x1b(NA\x1b(B\x1fbx"
    );
}

#[test]
fn greek_not_nfc_characters_round_trip_in_greek() {
    // U+0387 ANO TELEIA (Greek 0x3B) decodes to its NFC form U+00B7; in a Greek run it goes
    // back to the Greek code, elsewhere to ANSEL's middle dot (0xA8).
    let bytes = b"\x1b(Sa;b\x1b(B";
    let decoded = text(bytes);
    assert_eq!(decoded, "\u{3b1}\u{b7}\u{3b2}");
    assert_eq!(encode(&decoded), bytes);
    assert_eq!(encode("a\u{b7}b"), b"a\xa8b");
}

/// Strings over each repertoire: decode(encode(s)) == NFC(s).
#[test]
fn round_trip_over_every_repertoire() {
    let mut all = String::new();
    for set in tables::CHARACTER_SETS.iter() {
        let mut s = String::new();
        for &(code, value) in set.map {
            let ucs = value & !tables::COMBINING;
            if ucs == 0 || (code >= 0x80 && set.final_byte == b'E') {
                continue;
            }
            let ch = char::from_u32(ucs).unwrap();
            if value & tables::COMBINING != 0 {
                // Put each mark on a letter of its own script.
                let base = match set.final_byte {
                    b'2' => '\u{5d0}',
                    b'3' | b'4' => '\u{628}',
                    b'S' => '\u{3b1}',
                    _ => 'o',
                };
                s.push(base);
            }
            s.push(ch);
            if ch == '&' {
                s.push(' ');
            }
        }
        let encoded = encode(&s);
        let decoded = decode(&encoded);
        assert!(
            decoded.problems.is_empty(),
            "{}: {:?}",
            set.name,
            decoded.problems
        );
        assert_eq!(decoded.text, nfc(&s), "{}", set.name);
        all.push_str(&s);
        all.push(' ');
    }
    // All scripts in one string, switching sets all along.
    let decoded = decode(&encode(&all));
    assert!(decoded.problems.is_empty());
    assert_eq!(decoded.text, nfc(&all));
}

#[test]
fn round_trip_mixed_text() {
    for s in [
        "Dostoevski\u{12d}, F\u{2b9}odor",
        "\u{41f}\u{443}\u{448}\u{43a}\u{438}\u{43d}, \u{410}. \u{421}. (1799-1837)",
        "Tr\u{1ea7}n V\u{103}n Gi\u{e0}u",
        "\u{3a3}\u{3c9}\u{3ba}\u{3c1}\u{3ac}\u{3c4}\u{3b7}\u{3c2}; \u{1f08}\u{3b8}\u{1fc6}\u{3bd}\u{3b1}\u{3b9}",
        "\u{5d1}\u{5bc}\u{5b0}\u{5e8}\u{5b5}\u{5d0}\u{5e9}\u{5b4}\u{5c1}\u{5d9}\u{5ea}",
        "\u{6e5} \u{627}\u{644}\u{639}\u{631}\u{628}\u{64a}\u{629} 2005",
        "\u{6771}\u{4eac} : \u{5927}\u{4fee}\u{9928}\u{66f8}\u{5e97}, 2001.",
        "\u{d55c}\u{ad6d} \u{bb38}\u{d559} \u{c0ac}",
        "H\u{2082}SO\u{2084} + x\u{b2} \u{2260} \u{221e}",
        "Emoji \u{1f600} and \u{2603} kept as references & ampersands",
    ] {
        let decoded = decode(&encode(s));
        assert!(decoded.problems.is_empty(), "{s:?}: {:?}", decoded.problems);
        assert_eq!(decoded.text, nfc(s), "{s:?}");
    }
}

#[test]
fn decoding_random_bytes_never_panics() {
    // A small xorshift generator: deterministic, no dependency.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Bytes biased towards the interesting ones: ESC, intermediates, finals, diacritics.
    const INTERESTING: &[u8] =
        b"\x1b\x1b\x1b()$,-!1BENQS234gbps\xe0\xe2\xeb\xec\xfa\xfb\x1f\x1e&#x;0A ";
    for round in 0..4000 {
        let len = (next() % 40) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = next();
                if round % 2 == 0 && r % 3 == 0 {
                    INTERESTING[(r >> 8) as usize % INTERESTING.len()]
                } else {
                    (r >> 16) as u8
                }
            })
            .collect();
        let decoded = decode(&bytes);
        for problem in &decoded.problems {
            assert!(
                problem.byte_offset < bytes.len().max(1),
                "{bytes:02X?}: {problem}"
            );
        }
        // Whatever was decoded encodes, and that decodes to the same text (unless a subfield
        // delimiter is followed by something that cannot be a subfield code).
        let chars: Vec<char> = decoded.text.chars().collect();
        if chars
            .windows(2)
            .any(|w| w[0] == '\u{1f}' && !w[1].is_ascii_graphic())
        {
            continue;
        }
        let again = decode(&encode(&decoded.text));
        assert_eq!(again.text, decoded.text, "{bytes:02X?}");
    }
}

#[test]
fn guesses_encoding() {
    assert_eq!(guess_encoding(b"plain ASCII\x1fbtext\x1e"), Guess::Ascii);
    assert_eq!(guess_encoding("Soci\u{e9}t\u{e9}".as_bytes()), Guess::Utf8);
    assert_eq!(guess_encoding(b"Soci\xe2et\xe2e"), Guess::Marc8);
    assert_eq!(guess_encoding(b"\x1b(Nab\x1b(B"), Guess::Marc8);
    assert_eq!(guess_encoding(b"a\xc9\xca"), Guess::Unclear);
    assert!(looks_like_utf8("\u{41c}\u{43e}".as_bytes()));
    assert!(!looks_like_utf8(b"M\xe8unchen"));
}

#[test]
fn random_unicode_round_trips() {
    // Characters drawn from the MARC-8 repertoire, ASCII, combining marks MARC-8 has and lacks,
    // and anything else in the BMP and beyond: decode(encode(s)) == NFC(s) for all of them.
    let repertoire: Vec<char> = tables::CHARACTER_SETS
        .iter()
        .flat_map(|set| set.map.iter())
        .filter_map(|&(_, value)| char::from_u32(value & !tables::COMBINING))
        .filter(|&c| c != '\0')
        .collect();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let s: String = (0..len)
            .filter_map(|_| {
                let r = next();
                let c = match r % 6 {
                    0 | 1 => repertoire[(r >> 8) as usize % repertoire.len()],
                    2 => char::from_u32(0x20 + (r >> 8) as u32 % 0x5F)?,
                    3 => char::from_u32(0x300 + (r >> 8) as u32 % 0x70)?,
                    4 => char::from_u32((r >> 8) as u32 % 0x1_0000)?,
                    _ => char::from_u32((r >> 8) as u32 % 0x11_0000)?,
                };
                // The ISO 2709 separators are structure, not text.
                (!matches!(c, '\u{1d}' | '\u{1e}' | '\u{1f}')).then_some(c)
            })
            .collect();
        let encoded = encode(&s);
        let decoded = decode(&encoded);
        assert!(
            decoded.problems.is_empty(),
            "{s:?} -> {encoded:02X?}: {:?}",
            decoded.problems
        );
        assert_eq!(decoded.text, nfc(&s), "{s:?} -> {encoded:02X?}");
    }
}

#[test]
fn empty_input() {
    assert_eq!(decode(b""), Decoded::default());
    assert!(encode("").is_empty());
}

/// Regression (found while adding fuzzing): encoding a character that MARC-8 does not have
/// precomposed tried every prefix of its decomposition, normalising each again, so the time grew
/// with the square of the number of marks on it (64 KB of U+0301 after one letter took 10 s).
#[test]
fn many_marks_on_one_character_encode_in_linear_time() {
    for base in ['\u{1F600}', 'a', '\u{1F0}'] {
        let mut s = String::from(base);
        s.extend(std::iter::repeat_n('\u{301}', 20_000));
        let start = std::time::Instant::now();
        let encoded = encode(&s);
        let took = start.elapsed();
        assert!(
            took < std::time::Duration::from_secs(5),
            "{base:?} with 20,000 marks took {took:?} to encode"
        );
        let decoded = decode(&encoded);
        assert!(
            decoded.problems.is_empty(),
            "{base:?}: {:?}",
            &decoded.problems[..1]
        );
        assert_eq!(decoded.text, nfc(&s), "{base:?}");
    }
}

/// The encoder tries recomposing at most [`encode::MAX_DECOMPOSITION`] characters: no character
/// decomposes into more.
#[test]
fn no_character_decomposes_into_more_than_max_decomposition() {
    let longest = (0..=0x10_FFFF)
        .filter_map(char::from_u32)
        .map(|c| std::iter::once(c).nfd().count())
        .max()
        .unwrap();
    assert_eq!(longest, encode::MAX_DECOMPOSITION);
}
