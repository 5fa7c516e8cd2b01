//! A Graphviz rendering of the graph, for people who want to see its shape.
//!
//! Entities (persons, offices, organizations, places, tenures, congresses, events) are nodes
//! coloured by class and labelled in English; every link between two of them is an edge
//! named by its property. Claims, citations and sources are left out: they would hide the
//! shape. [`Focus`] keeps one entity's neighbourhood.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let base = BaseIri::default();
//! let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None)?, &base)?;
//! let focus = cpsu_kg::output::dot::Focus { id: "ivashko".into(), depth: 1 };
//! let dot = cpsu_kg::output::dot::write(&store, &base, Some(&focus))?;
//! assert!(dot.starts_with("digraph cpsu_kg {"));
//! assert!(dot.contains("\"Vladimir Ivashko\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::graph::vocab::BaseIri;
use crate::graph::vocab::{cpsu, rdf, rdfs};
use oxigraph::model::{NamedNodeRef, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

/// The classes drawn, with their fill colours.
const CLASSES: [(NamedNodeRef<'static>, &str, &str); 8] = [
    (cpsu::PERSON, "person", "#f4a582"),
    (cpsu::OFFICE, "office", "#92c5de"),
    (cpsu::ORGANIZATION, "organization", "#a6dba0"),
    (cpsu::PLACE, "place", "#d9f0d3"),
    (cpsu::TENURE, "tenure", "#fddbc7"),
    (cpsu::CONGRESS, "congress", "#fee090"),
    (cpsu::PLENUM, "plenum", "#fee090"),
    (cpsu::HISTORICAL_EVENT, "event", "#e0e0e0"),
];

/// One entity and how far around it to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    /// The entity's id, such as `stalin`.
    pub id: String,
    /// How many links away from it to go.
    pub depth: usize,
}

/// Why a rendering could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DotError {
    /// The store could not be read.
    #[error("store error")]
    Storage(#[from] StorageError),
    /// `--focus` names no entity; the hint names the closest ids, if any.
    #[error("no entity has the id `{id}`: {hint}")]
    UnknownFocus {
        /// The id given.
        id: String,
        /// What to do instead.
        hint: String,
    },
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the graph, or one entity's neighbourhood, in the DOT language.
pub fn write(store: &Store, base: &BaseIri, focus: Option<&Focus>) -> Result<String, DotError> {
    let mut class_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut links: BTreeSet<(String, String, String)> = BTreeSet::new();
    for quad in store.iter() {
        let quad = quad?;
        let subject = quad.subject.to_string();
        if quad.predicate == rdf::TYPE {
            if let Some(index) = CLASSES
                .iter()
                .position(|(c, _, _)| Term::from(c.into_owned()) == quad.object)
            {
                // A congress is also a schema:Event; keep the most specific class seen.
                class_of
                    .entry(subject)
                    .and_modify(|i| *i = (*i).min(index))
                    .or_insert(index);
            }
        } else if quad.predicate == rdfs::LABEL {
            if let Term::Literal(label) = &quad.object
                && label.language() == Some("en")
            {
                labels.insert(subject, label.value().to_owned());
            }
        } else if let Term::NamedNode(object) = &quad.object {
            links.insert((
                subject,
                quad.predicate.as_str().to_owned(),
                format!("<{}>", object.as_str()),
            ));
        }
    }
    links.retain(|(s, _, o)| class_of.contains_key(s) && class_of.contains_key(o));
    let mut keep: BTreeSet<&String> = class_of.keys().collect();
    if let Some(focus) = focus {
        let local = |iri: &str| {
            iri.trim_end_matches('>')
                .rsplit('/')
                .next()
                .map(str::to_owned)
        };
        let start = class_of
            .keys()
            .find(|iri| local(iri).as_deref() == Some(focus.id.as_str()))
            .ok_or_else(|| {
                let ids: BTreeSet<String> = class_of.keys().filter_map(|iri| local(iri)).collect();
                DotError::UnknownFocus {
                    id: focus.id.clone(),
                    hint: crate::suggest::did_you_mean(&focus.id, ids.iter().map(String::as_str))
                        .unwrap_or_else(|| {
                            "give the id of a person, office or other record, such as `stalin`"
                                .to_owned()
                        }),
                }
            })?;
        let mut seen: BTreeSet<&String> = BTreeSet::from([start]);
        let mut queue = VecDeque::from([(start, 0)]);
        while let Some((node, distance)) = queue.pop_front() {
            if distance == focus.depth {
                continue;
            }
            for (s, _, o) in &links {
                let next = if s == node {
                    o
                } else if o == node {
                    s
                } else {
                    continue;
                };
                if seen.insert(next) {
                    queue.push_back((next, distance + 1));
                }
            }
        }
        keep = seen;
    }
    let prefixes = crate::graph::vocab::Prefixes::new(base);
    let short = |iri: &str| -> String {
        let iri = iri.trim_start_matches('<').trim_end_matches('>');
        prefixes.compact(iri).unwrap_or_else(|| iri.to_owned())
    };
    let mut out = String::from(
        "digraph cpsu_kg {\n  graph [rankdir=LR, fontname=\"DejaVu Sans\", overlap=false];\n  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=11];\n  edge [fontname=\"DejaVu Sans\", fontsize=9, color=\"#666666\"];\n",
    );
    for (index, (_, name, colour)) in CLASSES.iter().enumerate() {
        let nodes: Vec<&String> = keep
            .iter()
            .copied()
            .filter(|n| class_of[*n] == index)
            .collect();
        if nodes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  // {name}");
        for node in nodes {
            let label = labels.get(node).cloned().unwrap_or_else(|| short(node));
            let _ = writeln!(
                out,
                "  {} [label={}, fillcolor=\"{colour}\", tooltip={}];",
                quote(&short(node)),
                quote(&label),
                quote(&format!("{name}: {}", node.trim_matches(['<', '>'])))
            );
        }
    }
    for (s, p, o) in &links {
        if keep.contains(s) && keep.contains(o) {
            let _ = writeln!(
                out,
                "  {} -> {} [label={}];",
                quote(&short(s)),
                quote(&short(o)),
                quote(&short(p))
            );
        }
    }
    out.push_str("}\n");
    Ok(out)
}
