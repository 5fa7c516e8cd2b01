//! The dataset's description at `/.well-known/void`: the VoID and DCAT statements the graph
//! carries about itself (see [`crate::graph::describe`]), with the SPARQL endpoint added,
//! collected once when the server starts and served from memory in any graph format.

use crate::graph::describe::dataset_iri;
use crate::graph::profile::Profile;
use crate::graph::vocab::{BaseIri, dcat, void};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNodeRef, Quad};
use oxigraph::store::Store;

/// The description of the served default graph, with the endpoint it is served at.
pub(super) fn describe(store: &Store, base: &BaseIri) -> Vec<Quad> {
    let dataset = dataset_iri(base, Profile::Core);
    let partitions = format!("{}-", dataset.as_str());
    let mut quads: Vec<Quad> = store
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .filter_map(Result::ok)
        .filter(|q| match q.subject.as_ref() {
            NamedOrBlankNodeRef::NamedNode(s) => {
                s == dataset.as_ref() || s.as_str().starts_with(&partitions)
            }
            NamedOrBlankNodeRef::BlankNode(_) => false,
        })
        .collect();
    let endpoint = NamedNode::new_unchecked(format!("{}sparql", base.as_str()));
    for predicate in [void::SPARQL_ENDPOINT, dcat::ACCESS_URL] {
        quads.push(Quad::new(
            dataset.clone(),
            predicate,
            endpoint.clone(),
            GraphName::DefaultGraph,
        ));
    }
    quads
}
