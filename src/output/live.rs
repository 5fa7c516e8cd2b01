//! What Wikidata already holds, read from its entity JSON (`Special:EntityData/Q….json` and
//! `wbgetentities` both write `{"entities": {"Q855": {…}}}`), in QuickStatements V1
//! notation, so that a batch can be reduced to what is missing.
//!
//! Only what a diff needs is kept: each item's statements with their main value, their
//! qualifiers and their references. Values are normalized the way V1 writes them: an item
//! as `Q855`, a time as `+1922-04-03T00:00:00Z/11` (with the unused month and day zeroed
//! at year and month precision), a string in quotes, a monolingual text as `ru:"…"`.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// One existing statement, in V1 notation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveStatement {
    /// The main value; "unknown value" and "no value" snaks are `somevalue` and `novalue`.
    pub value: Option<String>,
    /// Whether Wikidata ranks the statement deprecated.
    pub deprecated: bool,
    /// Qualifier values by property number.
    pub qualifiers: BTreeMap<u32, Vec<String>>,
    /// Each reference as its `(property, value)` snaks.
    pub references: Vec<Vec<(u32, String)>>,
}

/// Every statement of the items read, by item and property number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Live {
    items: BTreeMap<String, BTreeMap<u32, Vec<LiveStatement>>>,
}

/// Why a file of entity JSON could not be read.
#[derive(Debug)]
pub struct LiveError {
    /// The file or URL.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

impl std::error::Error for LiveError {}

#[derive(Deserialize)]
struct Document {
    entities: BTreeMap<String, EntityJson>,
}

#[derive(Deserialize)]
struct EntityJson {
    #[serde(default)]
    claims: BTreeMap<String, Vec<StatementJson>>,
    #[serde(default)]
    missing: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct StatementJson {
    mainsnak: Snak,
    #[serde(default)]
    rank: Option<String>,
    #[serde(default)]
    qualifiers: BTreeMap<String, Vec<Snak>>,
    #[serde(default)]
    references: Vec<ReferenceJson>,
}

#[derive(Deserialize)]
struct ReferenceJson {
    #[serde(default)]
    snaks: BTreeMap<String, Vec<Snak>>,
}

#[derive(Deserialize)]
struct Snak {
    #[serde(default)]
    snaktype: Option<String>,
    property: String,
    #[serde(default)]
    datavalue: Option<DataValue>,
}

#[derive(Deserialize)]
struct DataValue {
    #[serde(rename = "type")]
    kind: String,
    value: serde_json::Value,
}

/// `P580` as 580.
fn property_number(id: &str) -> Option<u32> {
    id.strip_prefix('P')?.parse().ok()
}

/// A data value in V1 notation, or `None` for a type the project never writes.
fn v1(value: &DataValue) -> Option<String> {
    let field = |name: &str| value.value.get(name);
    match value.kind.as_str() {
        "wikibase-entityid" => field("id")
            .and_then(|id| id.as_str().map(str::to_owned))
            .or_else(|| {
                field("numeric-id")
                    .and_then(|n| n.as_u64())
                    .map(|n| format!("Q{n}"))
            }),
        "time" => {
            let time = field("time")?.as_str()?;
            let precision = field("precision")?.as_u64()?;
            // `+1918-01-01T00:00:00Z` at year precision is `+1918-00-00T00:00:00Z` in V1.
            let (sign, rest) = time.split_at(1);
            let mut parts = rest.splitn(3, '-');
            let (year, month, tail) = (parts.next()?, parts.next()?, parts.next()?);
            let day = tail.get(..2)?;
            let (month, day) = match precision {
                ..=9 => ("00", "00"),
                10 => (month, "00"),
                _ => (month, day),
            };
            // V1 writes at least four year digits, no more than the value needs.
            let year = year.trim_start_matches('0');
            // A Julian date is another value than the same digits in the Gregorian
            // calendar, which is all the project writes.
            let julian = field("calendarmodel")
                .and_then(|c| c.as_str())
                .is_some_and(|c| c.ends_with("/Q1985786"));
            let calendar = if julian { " (Julian)" } else { "" };
            Some(format!(
                "{sign}{year:0>4}-{month}-{day}T00:00:00Z/{precision}{calendar}"
            ))
        }
        "string" => Some(format!("\"{}\"", value.value.as_str()?)),
        "monolingualtext" => Some(format!(
            "{}:\"{}\"",
            field("language")?.as_str()?,
            field("text")?.as_str()?
        )),
        _ => None,
    }
}

/// A snak's value in V1 notation: its data value, or `somevalue` / `novalue`, which differ
/// from every value the project writes.
fn snak_value(snak: &Snak) -> Option<String> {
    match snak.snaktype.as_deref() {
        Some("somevalue") => Some("somevalue".to_owned()),
        Some("novalue") => Some("novalue".to_owned()),
        _ => snak.datavalue.as_ref().and_then(v1),
    }
}

fn snaks(snaks: &BTreeMap<String, Vec<Snak>>) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for list in snaks.values() {
        for snak in list {
            if let (Some(p), Some(v)) = (property_number(&snak.property), snak_value(snak)) {
                out.push((p, v));
            }
        }
    }
    out.sort();
    out
}

impl Live {
    /// Adds the items of one entity JSON document. `origin` names it in errors.
    pub fn add_json(&mut self, origin: &str, text: &str) -> Result<(), LiveError> {
        let document: Document = serde_json::from_str(text).map_err(|e| LiveError {
            origin: origin.to_owned(),
            message: format!(
                "line {}, column {}: not Wikidata entity JSON (`{{\"entities\": {{\"Q…\": …}}}}`): {e}",
                e.line(),
                e.column()
            ),
        })?;
        for (id, entity) in document.entities {
            if entity.missing.is_some() {
                continue;
            }
            let item = self.items.entry(id).or_default();
            for (property, statements) in entity.claims {
                let Some(number) = property_number(&property) else {
                    continue;
                };
                for statement in statements {
                    let mut qualifiers: BTreeMap<u32, Vec<String>> = BTreeMap::new();
                    for (p, v) in snaks(&statement.qualifiers) {
                        qualifiers.entry(p).or_default().push(v);
                    }
                    item.entry(number).or_default().push(LiveStatement {
                        value: snak_value(&statement.mainsnak),
                        deprecated: statement.rank.as_deref() == Some("deprecated"),
                        qualifiers,
                        references: statement
                            .references
                            .iter()
                            .map(|r| snaks(&r.snaks))
                            .collect(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Reads one file of entity JSON.
    pub fn add_file(&mut self, path: &Path) -> Result<(), LiveError> {
        let text = std::fs::read_to_string(path).map_err(|e| LiveError {
            origin: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.add_json(&path.display().to_string(), &text)
    }

    /// Whether the item was read.
    pub fn has(&self, item: &str) -> bool {
        self.items.contains_key(item)
    }

    /// The item's statements of one property; empty where it has none.
    pub fn statements(&self, item: &str, property: u32) -> &[LiveStatement] {
        self.items
            .get(item)
            .and_then(|p| p.get(&property))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_v1_writes_them() {
        let mut live = Live::default();
        live.add_json(
            "test",
            r#"{"entities": {"Q1": {"id": "Q1", "claims": {
              "P569": [{"mainsnak": {"snaktype": "value", "property": "P569", "datatype": "time",
                 "datavalue": {"type": "time", "value": {"time": "+1918-01-01T00:00:00Z", "precision": 9,
                 "timezone": 0, "before": 0, "after": 0, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}},
                 "type": "statement", "rank": "normal"}],
              "P39": [{"mainsnak": {"snaktype": "value", "property": "P39",
                 "datavalue": {"type": "wikibase-entityid", "value": {"entity-type": "item", "numeric-id": 1048744, "id": "Q1048744"}}},
                 "qualifiers": {"P1932": [{"snaktype": "value", "property": "P1932", "datavalue": {"type": "string", "value": "First Secretary"}}]},
                 "qualifiers-order": ["P1932"],
                 "references": [{"hash": "x", "snaks": {"P143": [{"snaktype": "value", "property": "P143",
                   "datavalue": {"type": "wikibase-entityid", "value": {"entity-type": "item", "numeric-id": 328}}}]},
                   "snaks-order": ["P143"]}]}],
              "P1705": [{"mainsnak": {"snaktype": "value", "property": "P1705",
                 "datavalue": {"type": "monolingualtext", "value": {"text": "Имя", "language": "ru"}}}}],
              "P570": [{"mainsnak": {"snaktype": "somevalue", "property": "P570"}}]
            }}, "Q2": {"id": "Q2", "missing": ""}}}"#,
        )
        .expect("reads");
        assert_eq!(
            live.statements("Q1", 569)[0].value.as_deref(),
            Some("+1918-00-00T00:00:00Z/9")
        );
        let held = &live.statements("Q1", 39)[0];
        assert_eq!(held.value.as_deref(), Some("Q1048744"));
        assert_eq!(
            held.qualifiers[&1932],
            vec!["\"First Secretary\"".to_owned()]
        );
        assert_eq!(held.references, vec![vec![(143, "Q328".to_owned())]]);
        assert_eq!(
            live.statements("Q1", 1705)[0].value.as_deref(),
            Some("ru:\"Имя\"")
        );
        assert_eq!(
            live.statements("Q1", 570)[0].value.as_deref(),
            Some("somevalue")
        );
        assert!(!live.has("Q2"), "a missing entity holds nothing");
        let error = Live::default()
            .add_json("bad.json", "{\"entities\": [1]}")
            .expect_err("refused");
        assert!(
            error.to_string().starts_with("bad.json: line 1, column"),
            "{error}"
        );
    }
}
