//! The embedded store: the dataset's triples and the ontology in an in-memory Oxigraph
//! [`Store`], ready for SPARQL and export.
//!
//! ```
//! use cpsu_kg::rdf::BaseIri;
//!
//! let data = cpsu_kg::check::load(None)?;
//! let store = cpsu_kg::store::build(&data, &BaseIri::default())?;
//! assert!(store.len()? > 1000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::Dataset;
use crate::rdf::{BaseIri, to_quads};
use crate::vocab::EntityKind;
use crate::wikidata;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use oxigraph::store::{LoaderError, StorageError, Store};

/// The project's OWL ontology, compiled into the binary.
pub const ONTOLOGY: &str = include_str!("../ontology/cpsu.ttl");

/// Why the store could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The in-memory storage failed.
    #[error("store error")]
    Storage(#[from] StorageError),
    /// The compiled-in ontology did not parse; a build of the project with a broken
    /// `ontology/cpsu.ttl` would be caught by the tests first.
    #[error("cannot load the ontology")]
    Ontology(#[from] LoaderError),
}

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

/// Builds a fresh in-memory store holding the dataset and the ontology in the default graph.
pub fn build(data: &Dataset, base: &BaseIri) -> Result<Store, StoreError> {
    build_profile(data, base, Profile::Core)
}

/// Builds a store of one profile in the default graph, or of both in their named graphs.
pub fn build_profile(
    data: &Dataset,
    base: &BaseIri,
    profile: Profile,
) -> Result<Store, StoreError> {
    let store = Store::new()?;
    let mut transaction = store.start_transaction()?;
    for (part, graph) in profile.graphs(base) {
        match part {
            Profile::Wikidata => {
                wikidata::insert_into(&mut transaction, data, base, graph.as_ref());
            }
            // Straight in, without owned quads: most of a small store's mapping time.
            _ if !crate::rdf::is_large(data) => {
                crate::rdf::insert_into(&mut transaction, data, base, graph.as_ref());
            }
            // A large data set maps faster on two threads, into quads.
            _ => {
                for quad in to_quads(data, base, &graph) {
                    transaction.insert(&quad);
                }
            }
        }
    }
    transaction.commit()?;
    for (_, graph) in profile.graphs(base) {
        store.load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph),
            ONTOLOGY,
        )?;
    }
    Ok(store)
}

/// The mapped quads of a profile, in the graphs [`Profile::graphs`] names, without the
/// ontology and in no particular order.
pub fn mapped_quads(data: &Dataset, base: &BaseIri, profile: Profile) -> Vec<Quad> {
    let mut quads = Vec::new();
    for (part, graph) in profile.graphs(base) {
        let mapped = part_quads(data, base, part, &graph);
        if quads.is_empty() {
            quads = mapped;
        } else {
            quads.extend(mapped);
        }
    }
    quads
}

/// The mapped quads of one single profile in `graph`.
fn part_quads(data: &Dataset, base: &BaseIri, part: Profile, graph: &GraphName) -> Vec<Quad> {
    match part {
        Profile::Wikidata => wikidata::to_quads(data, base, graph),
        Profile::Core | Profile::All => to_quads(data, base, graph),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store takes the mapping straight into a transaction, the export through owned
    /// quads: both must hold the same statements, in every profile.
    #[test]
    fn a_store_holds_exactly_the_quads_of_the_export() {
        let data = crate::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        for profile in [Profile::Core, Profile::Wikidata, Profile::All] {
            let store = build_profile(&data, &base, profile).expect("the store builds");
            let stored = crate::export::sorted_quads(&store).expect("the store reads");
            let exported = crate::export::profile_quads(&data, &base, profile);
            assert!(stored.len() > 3000, "{profile:?}: {} quads", stored.len());
            assert!(stored == exported, "{profile:?} differs");
        }
    }
}
