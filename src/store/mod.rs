//! The embedded store: the dataset's triples and the ontology in an in-memory Oxigraph
//! [`Store`], ready for SPARQL and export.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let data = cpsu_kg::data::check::load(None)?;
//! let store = cpsu_kg::store::build(&data, &BaseIri::default())?;
//! assert!(store.len()? > 1000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod depth;
pub mod order;
pub mod query;
pub mod shacl;

use crate::data::model::Dataset;
use crate::graph::profile::{ONTOLOGY, Profile};
use crate::graph::rdf::to_quads_with;
use crate::graph::vocab::BaseIri;
use crate::graph::wikidata;
use crate::parallel::Thresholds;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, GraphNameRef, Quad};
use oxigraph::store::{LoaderError, StorageError, Store};

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
    for (part, graph) in profile.graphs(base) {
        // The graph describes itself, counted on what it holds, as the export does.
        add_ontology_and_description(&store, base, part, &graph, &graph)?;
    }
    Ok(store)
}

/// The store `cpsu-kg serve` answers from: the core profile in the default graph, and each
/// profile in its named graph (`graph/core`, `graph/wikidata`) exactly as
/// `cpsu-kg export --profile core|wikidata` writes it, its own description included. A
/// client that names a graph with the protocol's `default-graph-uri` thus queries what the
/// export of that profile holds.
pub fn build_served(data: &Dataset, base: &BaseIri) -> Result<Store, StoreError> {
    let store = build(data, base)?;
    for part in [Profile::Core, Profile::Wikidata] {
        let graph = part.graph(base);
        add_profile(&store, data, base, part, graph.as_ref())?;
        add_ontology_and_description(&store, base, part, &graph, &GraphName::DefaultGraph)?;
    }
    Ok(store)
}

/// Adds the ontology to `graph`, then the description of what `graph` holds, written as the
/// description of a graph named `described_as` (a single profile's export describes its
/// default graph, a named graph of [`Profile::All`] names itself as the root).
fn add_ontology_and_description(
    store: &Store,
    base: &BaseIri,
    part: Profile,
    graph: &GraphName,
    described_as: &GraphName,
) -> Result<(), StoreError> {
    store.load_from_slice(
        RdfParser::from_format(RdfFormat::Turtle).with_default_graph(graph.clone()),
        ONTOLOGY,
    )?;
    let held = store
        .quads_for_pattern(None, None, None, Some(graph.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let description = crate::graph::describe::describe(&held, base, part, described_as, None);
    let mut transaction = store.start_transaction()?;
    for quad in description {
        transaction.insert(&Quad::new(
            quad.subject,
            quad.predicate,
            quad.object,
            graph.clone(),
        ));
    }
    transaction.commit()?;
    Ok(())
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
    add_profile_with(store, data, base, part, graph, &Thresholds::MEASURED)
}

/// [`add_profile`] with the parallel threshold given: the same statements either way.
pub fn add_profile_with(
    store: &Store,
    data: &Dataset,
    base: &BaseIri,
    part: Profile,
    graph: GraphNameRef<'_>,
    thresholds: &Thresholds,
) -> Result<(), StorageError> {
    let mut transaction = store.start_transaction()?;
    match part {
        Profile::Wikidata => wikidata::insert_into(&mut transaction, data, base, graph),
        // Straight in, without owned quads: most of a small store's mapping time.
        _ if !crate::graph::rdf::is_large(data, thresholds) => {
            crate::graph::rdf::insert_into(&mut transaction, data, base, graph);
        }
        // A large data set maps faster on two threads, into quads.
        _ => {
            for quad in to_quads_with(data, base, &graph.into_owned(), thresholds) {
                transaction.insert(&quad);
            }
        }
    }
    transaction.commit()
}

/// Leaves `value` to the end of the process instead of freeing it: a command about to exit
/// would spend a fifth of a short query's run (or of a large export) tearing a store or a
/// million quads down one allocation at a time, for nothing.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The store takes the mapping straight into a transaction, the export through owned
    /// quads: both must hold the same statements, in every profile.
    #[test]
    fn a_store_holds_exactly_the_quads_of_the_export() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        for profile in [Profile::Core, Profile::Wikidata, Profile::All] {
            let store = build_profile(&data, &base, profile).expect("the store builds");
            let stored = crate::output::export::sorted_quads(&store).expect("the store reads");
            let exported = crate::output::export::profile_quads(&data, &base, profile);
            assert!(stored.len() > 3000, "{profile:?}: {} quads", stored.len());
            assert!(stored == exported, "{profile:?} differs");
        }
    }

    /// Every graph `serve` answers from is the export of its profile, in content.
    #[test]
    fn the_served_graphs_are_the_exports() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        let store = build_served(&data, &base).expect("the store builds");
        let graph = |name: GraphName| -> Vec<Quad> {
            let mut quads: Vec<Quad> = store
                .quads_for_pattern(None, None, None, Some(name.as_ref()))
                .map(|q| {
                    let q = q.expect("the store reads");
                    Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)
                })
                .collect();
            crate::output::export::sort_quads(&mut quads);
            quads
        };
        for (profile, served) in [
            (Profile::Core, GraphName::DefaultGraph),
            (Profile::Core, Profile::Core.graph(&base)),
            (Profile::Wikidata, Profile::Wikidata.graph(&base)),
        ] {
            let exported = crate::output::export::profile_quads(&data, &base, profile);
            let held = graph(served.clone());
            assert!(
                held == exported,
                "{served}: {} against {}",
                held.len(),
                exported.len()
            );
        }
    }

    /// The bulk insert's parallel branch fills the store with the sequential one's quads.
    #[test]
    fn the_parallel_bulk_insert_gives_the_same_store() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        let fill = |thresholds: &Thresholds| {
            let store = Store::new().expect("a store");
            add_profile_with(
                &store,
                &data,
                &base,
                Profile::Core,
                GraphNameRef::DefaultGraph,
                thresholds,
            )
            .expect("filled");
            crate::output::export::sorted_quads(&store).expect("the store reads")
        };
        assert!(fill(&Thresholds::ALWAYS) == fill(&Thresholds::NEVER));
    }
}
