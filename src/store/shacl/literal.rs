//! Whether a literal is well-formed for its datatype: `sh:datatype` holds only for a
//! literal in its datatype's lexical space (SHACL §4.1.1), so `"aldi"^^xsd:integer` and
//! `"1878-12-32"^^xsd:date` fail it. The date, time, duration and floating-point forms are
//! parsed by `oxsdatatypes` (oxigraph's own XSD types); the integer types by their lexical
//! rule and range.

use crate::graph::vocab::rdf;
#[cfg(test)]
use crate::graph::vocab::xsd;
use oxigraph::model::LiteralRef;
use std::str::FromStr;

/// Whether `literal` is in the lexical space of its datatype. A datatype this table does
/// not know (a string type, `xsd:anyURI`, a datatype of the user's) accepts every form.
pub(super) fn well_formed(literal: LiteralRef<'_>) -> bool {
    let datatype = literal.datatype();
    if datatype == rdf::LANG_STRING {
        return literal.language().is_some();
    }
    let Some(local) = datatype.as_str().strip_prefix(XSD) else {
        return true;
    };
    // The types below all collapse white space before they read the lexical form.
    let text = literal.value().trim_matches([' ', '\t', '\n', '\r']);
    match local {
        "boolean" => matches!(text, "true" | "false" | "1" | "0"),
        "decimal" => decimal(text),
        "float" => oxsdatatypes::Float::from_str(text).is_ok(),
        "double" => oxsdatatypes::Double::from_str(text).is_ok(),
        "date" => oxsdatatypes::Date::from_str(text).is_ok(),
        "dateTime" => oxsdatatypes::DateTime::from_str(text).is_ok(),
        "dateTimeStamp" => {
            oxsdatatypes::DateTime::from_str(text).is_ok_and(|d| d.timezone_offset().is_some())
        }
        "time" => oxsdatatypes::Time::from_str(text).is_ok(),
        "gYear" => oxsdatatypes::GYear::from_str(text).is_ok(),
        "gYearMonth" => oxsdatatypes::GYearMonth::from_str(text).is_ok(),
        "gMonth" => oxsdatatypes::GMonth::from_str(text).is_ok(),
        "gDay" => oxsdatatypes::GDay::from_str(text).is_ok(),
        "gMonthDay" => oxsdatatypes::GMonthDay::from_str(text).is_ok(),
        "duration" => oxsdatatypes::Duration::from_str(text).is_ok(),
        "dayTimeDuration" => oxsdatatypes::DayTimeDuration::from_str(text).is_ok(),
        "yearMonthDuration" => oxsdatatypes::YearMonthDuration::from_str(text).is_ok(),
        "hexBinary" => text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit()),
        "base64Binary" => base64(text),
        other => match integer_range(other) {
            Some((min, max)) => integer(text, min, max),
            None => true,
        },
    }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The inclusive bounds of an integer type (`None` for no bound), or `None` for a type
/// that is not an integer type.
fn integer_range(local: &str) -> Option<(Option<i128>, Option<i128>)> {
    Some(match local {
        "integer" => (None, None),
        "nonPositiveInteger" => (None, Some(0)),
        "negativeInteger" => (None, Some(-1)),
        "nonNegativeInteger" => (Some(0), None),
        "positiveInteger" => (Some(1), None),
        "long" => (Some(i64::MIN.into()), Some(i64::MAX.into())),
        "int" => (Some(i32::MIN.into()), Some(i32::MAX.into())),
        "short" => (Some(i16::MIN.into()), Some(i16::MAX.into())),
        "byte" => (Some(i8::MIN.into()), Some(i8::MAX.into())),
        "unsignedLong" => (Some(0), Some(u64::MAX.into())),
        "unsignedInt" => (Some(0), Some(u32::MAX.into())),
        "unsignedShort" => (Some(0), Some(u16::MAX.into())),
        "unsignedByte" => (Some(0), Some(u8::MAX.into())),
        _ => return None,
    })
}

/// `[+-]?[0-9]+` within the bounds; a number too long for `i128` is past every finite
/// bound, on the side of its sign.
fn integer(text: &str, min: Option<i128>, max: Option<i128>) -> bool {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    match text.parse::<i128>() {
        Ok(value) => min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m),
        Err(_) if negative => min.is_none(),
        Err(_) => max.is_none(),
    }
}

/// `[+-]?` digits with at most one `.`, and at least one digit.
fn decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    !(whole.is_empty() && fraction.is_empty())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Base64 with optional padding, white space allowed between groups.
fn base64(text: &str) -> bool {
    let compact: Vec<u8> = text.bytes().filter(|b| *b != b' ').collect();
    if !compact.len().is_multiple_of(4) {
        return false;
    }
    let body = compact
        .iter()
        .rposition(|b| *b != b'=')
        .map_or(0, |i| i + 1);
    compact.len() - body <= 2
        && compact[..body]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        && compact[body..].iter().all(|b| *b == b'=')
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    fn typed(value: &str, local: &str) -> bool {
        let datatype = NamedNode::new_unchecked(format!("{XSD}{local}"));
        well_formed(Literal::new_typed_literal(value, datatype).as_ref())
    }

    #[test]
    fn lexical_forms() {
        for (value, local, ok) in [
            ("aldi", "integer", false),
            ("42", "integer", true),
            ("-0", "integer", true),
            ("300", "byte", false),
            ("127", "byte", true),
            ("c", "byte", false),
            ("1878-12-32", "date", false),
            ("1878-12-31", "date", true),
            ("2021-02-29", "date", false),
            ("1.5", "decimal", true),
            (".5", "decimal", true),
            ("1.", "decimal", true),
            (".", "decimal", false),
            ("1e5", "decimal", false),
            ("1e5", "double", true),
            ("INF", "float", true),
            ("yes", "boolean", false),
            ("1", "boolean", true),
            ("1953-03", "gYearMonth", true),
            ("1953-13", "gYearMonth", false),
            ("P1Y2M", "duration", true),
            ("P", "duration", false),
            ("-1", "nonNegativeInteger", false),
            (
                "99999999999999999999999999999999999999999999",
                "positiveInteger",
                true,
            ),
            (
                "99999999999999999999999999999999999999999999",
                "long",
                false,
            ),
            ("anything", "string", true),
            ("0FB7", "hexBinary", true),
            ("0FB", "hexBinary", false),
        ] {
            assert_eq!(typed(value, local), ok, "{value:?}^^xsd:{local}");
        }
        assert!(!well_formed(LiteralRef::new_typed_literal(
            "x",
            rdf::LANG_STRING
        )));
        assert!(well_formed(LiteralRef::new_typed_literal("x", xsd::STRING)));
    }
}
