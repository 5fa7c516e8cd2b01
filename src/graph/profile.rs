//! The two models of the data, and the ontology that goes with either: what a store, an
//! export or a push holds. Both the store and the exports use this; neither owns it.

use crate::graph::vocab::BaseIri;
use crate::graph::vocab::EntityKind;
use oxigraph::model::GraphName;

/// The project's OWL ontology, compiled into the binary.
pub const ONTOLOGY: &str = include_str!("../../ontology/cpsu.ttl");

/// Which model of the data a store or an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The project's own model in standard vocabularies (the default).
    Core,
    /// Wikidata's Wikibase RDF model, for WDQS-style queries.
    Wikidata,
    /// Both, each in its own named graph.
    All,
}

impl Profile {
    /// The named graph a profile goes into under [`Profile::All`].
    pub fn graph(self, base: &BaseIri) -> GraphName {
        let name = match self {
            Self::Core => "core",
            Self::Wikidata => "wikidata",
            Self::All => return GraphName::DefaultGraph,
        };
        base.entity(EntityKind::Graph, name).into()
    }

    /// The single profiles a store or an export of this profile holds, each with its
    /// graph: the default graph for one profile, a named graph each for [`Profile::All`].
    pub fn graphs(self, base: &BaseIri) -> Vec<(Profile, GraphName)> {
        match self {
            Self::All => [Self::Core, Self::Wikidata]
                .into_iter()
                .map(|part| (part, part.graph(base)))
                .collect(),
            single => vec![(single, GraphName::DefaultGraph)],
        }
    }
}
