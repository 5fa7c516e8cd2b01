//! The dataset's description at `/.well-known/void`: the VoID and DCAT statements the graph
//! carries about itself (see [`crate::graph::describe`]), with the SPARQL endpoint added,
//! collected once when the server starts and served from memory in any graph format; and
//! the SPARQL 1.1 Service Description of the endpoint, made the same way.

use crate::graph::describe::dataset_iri;
use crate::graph::profile::Profile;
use crate::graph::vocab::{BaseIri, EntityKind, dcat, formats, rdf, sd, void};
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad,
};
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

/// The named graphs of the store, sorted: those `default-graph-uri` and `named-graph-uri`
/// may name, and those the service description lists.
pub(super) fn named_graphs(store: &Store) -> Vec<NamedNode> {
    let mut named: Vec<NamedNode> = store
        .named_graphs()
        .filter_map(Result::ok)
        .filter_map(|g| match g {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n),
            oxigraph::model::NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    named.sort();
    named
}

/// The SPARQL 1.1 Service Description answered at `GET /sparql` without a query: the
/// endpoint, the language, every result format, and the dataset a query runs on (the core
/// profile as the default graph, each served named graph), with no blank node. The default
/// graph and each named graph point at the VoID description the graph carries of itself.
pub(super) fn service_description(named: &[NamedNode], base: &BaseIri) -> Vec<Quad> {
    let node = |name: &str| base.entity(EntityKind::Graph, name);
    let service = node("service");
    let dataset = node("service-dataset");
    let endpoint = NamedNode::new_unchecked(format!("{}sparql", base.as_str()));
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNodeRef<'_>, o: NamedNodeRef<'_>| {
        let quad = Quad::new(s.clone(), p, o, GraphName::DefaultGraph);
        if !quads.contains(&quad) {
            quads.push(quad);
        }
    };
    add(&service, rdf::TYPE, sd::SERVICE);
    add(&service, sd::ENDPOINT, endpoint.as_ref());
    add(&service, sd::SUPPORTED_LANGUAGE, sd::SPARQL11_QUERY);
    for format in [
        formats::SPARQL_RESULTS_JSON,
        formats::SPARQL_RESULTS_XML,
        formats::SPARQL_RESULTS_CSV,
        formats::SPARQL_RESULTS_TSV,
        formats::TURTLE,
        formats::N_TRIPLES,
        formats::RDF_XML,
        formats::JSON_LD,
        formats::N_QUADS,
        formats::TRIG,
    ] {
        add(&service, sd::RESULT_FORMAT, format);
    }
    add(&service, sd::DEFAULT_DATASET, dataset.as_ref());
    add(&dataset, rdf::TYPE, sd::DATASET);
    let default = dataset_iri(base, Profile::Core);
    add(&dataset, sd::DEFAULT_GRAPH, default.as_ref());
    add(&default, rdf::TYPE, sd::GRAPH);
    for (part, graph) in [Profile::Core, Profile::Wikidata]
        .into_iter()
        .map(|part| (part, part.graph(base)))
    {
        let GraphName::NamedNode(graph) = graph else {
            continue;
        };
        if !named.contains(&graph) {
            continue;
        }
        let id = graph.as_str().rsplit('/').next().unwrap_or_default();
        let entry = node(&format!("service-named-{id}"));
        add(&dataset, sd::NAMED_GRAPH, entry.as_ref());
        add(&entry, rdf::TYPE, sd::NAMED_GRAPH_CLASS);
        add(&entry, sd::NAME, graph.as_ref());
        let described = dataset_iri(base, part);
        add(&entry, sd::GRAPH_PROPERTY, described.as_ref());
        add(&described, rdf::TYPE, sd::GRAPH);
    }
    quads
}
