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
use crate::rdf::{BaseIri, to_triples};
use crate::vocab::EntityKind;
use crate::wikidata;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Triple};
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
    let load = |triples: Vec<Triple>, graph: GraphName| -> Result<(), StoreError> {
        store.extend(triples.into_iter().map(|t| t.in_graph(graph.clone())))?;
        store.load_from_slice(
            RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph),
            ONTOLOGY,
        )?;
        Ok(())
    };
    match profile {
        Profile::Core => load(to_triples(data, base), GraphName::DefaultGraph)?,
        Profile::Wikidata => load(wikidata::to_triples(data, base), GraphName::DefaultGraph)?,
        Profile::All => {
            load(to_triples(data, base), Profile::Core.graph(base))?;
            load(
                wikidata::to_triples(data, base),
                Profile::Wikidata.graph(base),
            )?;
        }
    }
    Ok(store)
}
