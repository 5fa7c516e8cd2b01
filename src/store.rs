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
use oxigraph::io::RdfFormat;
use oxigraph::model::GraphNameRef;
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

/// Builds a fresh in-memory store holding the dataset and the ontology in the default graph.
pub fn build(data: &Dataset, base: &BaseIri) -> Result<Store, StoreError> {
    let store = Store::new()?;
    store.extend(
        to_triples(data, base)
            .into_iter()
            .map(|t| t.in_graph(GraphNameRef::DefaultGraph)),
    )?;
    store.load_from_slice(RdfFormat::Turtle, ONTOLOGY)?;
    Ok(store)
}
