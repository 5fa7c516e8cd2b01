//! The one rule for every text a data file writes (labels, alternative labels,
//! descriptions, notes, titles, periods): not blank, not padded at its ends or inside, and
//! made only of characters a person types. Invisible and control characters come from
//! copying and pasting, and would reach Wikidata and every export unseen.

/// What is wrong with a text, as the end of a message that starts with the field's name,
/// or `None` when it is fine.
pub fn problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("is empty: write the text or drop the field".to_owned());
    }
    if text.trim() != text {
        return Some(format!(
            "has leading or trailing white space: write `{}`",
            text.trim()
        ));
    }
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| odd(c).is_some()) {
        let column = text[..at].chars().count() + 1;
        let what = odd(c).unwrap_or("an invisible character");
        return Some(format!(
            "holds U+{:04X} ({what}) at character {column}, which no one types: delete it or write the character it stands for",
            u32::from(c)
        ));
    }
    if let Some(at) = text.find("  ") {
        let column = text[..at].chars().count() + 1;
        return Some(format!(
            "has two spaces in a row at character {column}: write one"
        ));
    }
    None
}

/// Why a character has no place in a typed text, or `None` when it has one. Covers the
/// control, format, separator, private-use and non-characters of Unicode: the general
/// categories Cc, Cf, Zl, Zp, Co, the non-characters, and every space but U+0020.
fn odd(c: char) -> Option<&'static str> {
    let u = u32::from(c);
    Some(match u {
        0x09 => "a tab",
        0x0A | 0x0D => "a line break",
        0x00..=0x1F | 0x7F..=0x9F => "a control character",
        0xA0 | 0x202F => "a no-break space",
        0xAD => "a soft hyphen",
        0x1680 | 0x2000..=0x200A | 0x205F | 0x3000 => "a space other than the plain one",
        0x200B => "a zero-width space",
        0x200C | 0x200D => "a zero-width joiner",
        0x200E | 0x200F | 0x061C | 0x202A..=0x202E | 0x2066..=0x2069 => "a bidirectional control",
        0x2028 | 0x2029 => "a line or paragraph separator",
        0x2060..=0x2064 | 0xFEFF => "an invisible format character",
        0x180E | 0xFFF9..=0xFFFB => "an invisible format character",
        0xFFFD => "the replacement character, left where a text was decoded wrongly",
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => "a private-use character",
        0xFDD0..=0xFDEF => "a non-character",
        _ if u & 0xFFFE == 0xFFFE => "a non-character",
        0xE0000..=0xE007F => "an invisible tag character",
        0xFE00..=0xFE0F => "a variation selector",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn typed_text_passes() {
        for text in [
            "Joseph Stalin",
            "Иосиф Сталин",
            "UCP–CPSU",
            "Mr. General Secretary",
        ] {
            assert_eq!(problem(text), None, "{text}");
        }
    }

    #[test]
    fn blank_padded_and_invisible_text_is_refused() {
        let cases = [
            ("", "is empty"),
            ("  ", "is empty"),
            (" Stalin", "leading or trailing"),
            (
                "Stalin\u{200B}",
                "U+200B (a zero-width space) at character 7",
            ),
            ("Sta\u{00A0}lin", "U+00A0 (a no-break space) at character 4"),
            ("Stalin\ttwo", "U+0009 (a tab)"),
            ("line\nbreak", "a line break"),
            ("\u{FEFF}Stalin", "U+FEFF"),
            ("Sta\u{202E}lin", "a bidirectional control"),
            ("Sta\u{FFFD}lin", "the replacement character"),
            ("Sta\u{E000}lin", "a private-use character"),
            ("Joseph  Stalin", "two spaces in a row at character 7"),
        ];
        for (text, expected) in cases {
            let found = problem(text).unwrap_or_default();
            assert!(found.contains(expected), "{text:?}: {found}");
        }
    }
}
