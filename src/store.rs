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
use oxigraph::model::{GraphName, GraphNameRef};
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
    for (part, graph) in profile.graphs(base) {
        add_profile(&store, data, base, part, graph.as_ref())?;
    }
    for (_, graph) in profile.graphs(base) {
        store.load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph),
            ONTOLOGY,
        )?;
    }
    Ok(store)
}

/// Adds the statements of one single profile (not [`Profile::All`]) to a store, in `graph`,
/// in one transaction and without the ontology.
pub fn add_profile(
    store: &Store,
    data: &Dataset,
    base: &BaseIri,
    part: Profile,
    graph: GraphNameRef<'_>,
) -> Result<(), StorageError> {
    let mut transaction = store.start_transaction()?;
    match part {
        Profile::Wikidata => wikidata::insert_into(&mut transaction, data, base, graph),
        // Straight in, without owned quads: most of a small store's mapping time.
        _ if !crate::rdf::is_large(data) => {
            crate::rdf::insert_into(&mut transaction, data, base, graph);
        }
        // A large data set maps faster on two threads, into quads.
        _ => {
            for quad in to_quads(data, base, &graph.into_owned()) {
                transaction.insert(&quad);
            }
        }
    }
    transaction.commit()
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
