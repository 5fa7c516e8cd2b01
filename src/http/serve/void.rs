//! The dataset's description at `/.well-known/void`, in VoID and DCAT: built as triples once,
//! when the server starts, and served from memory in any graph format.

use crate::graph::vocab::{
    BaseIri, COUNTED_CLASSES, EntityKind, STANDARD_PREFIXES, cpsu, dcat, dcterms, rdf, void, xsd,
};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

/// The description's statements, counted on `store`.
pub(super) fn describe(store: &Store, base: &BaseIri) -> Vec<Quad> {
    let count = |query: &str| -> i64 {
        match SparqlEvaluator::new()
            .parse_query(query)
            .ok()
            .and_then(|q| q.on_store(store).execute().ok())
        {
            Some(QueryResults::Solutions(mut s)) => s
                .next()
                .and_then(Result::ok)
                .and_then(|row| row.get("n").cloned())
                .and_then(|t| match t {
                    Term::Literal(l) => l.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0),
            _ => 0,
        }
    };
    let dataset = base.entity(EntityKind::Graph, "dataset");
    let endpoint = NamedNode::new_unchecked(format!("{}sparql", base.as_str()));
    let mut quads = Vec::new();
    let mut add = |subject: &NamedNode, predicate, object: Term| {
        quads.push(Quad::new(
            subject.clone(),
            predicate,
            object,
            GraphName::DefaultGraph,
        ));
    };
    let integer =
        |n: i64| -> Term { Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into() };
    add(&dataset, rdf::TYPE, void::DATASET.into_owned().into());
    add(&dataset, rdf::TYPE, dcat::DATASET.into_owned().into());
    add(
        &dataset,
        dcterms::TITLE,
        Literal::new_language_tagged_literal_unchecked(
            "The office of General Secretary of the CPSU: a knowledge graph",
            "en",
        )
        .into(),
    );
    add(
        &dataset,
        dcterms::DESCRIPTION,
        Literal::new_language_tagged_literal_unchecked(
            "Holders, offices, congresses, events, organizations and places around the office of General Secretary of the Communist Party of the Soviet Union, every fact cited to its source.",
            "en",
        )
        .into(),
    );
    add(
        &dataset,
        dcterms::LICENSE,
        NamedNode::new_unchecked("https://creativecommons.org/licenses/by-sa/4.0/").into(),
    );
    add(
        &dataset,
        dcterms::SOURCE,
        NamedNode::new_unchecked(
            "https://en.wikipedia.org/wiki/General_Secretary_of_the_Communist_Party_of_the_Soviet_Union",
        )
        .into(),
    );
    add(
        &dataset,
        void::URI_SPACE,
        Literal::new_simple_literal(base.as_str()).into(),
    );
    add(&dataset, void::SPARQL_ENDPOINT, endpoint.clone().into());
    add(&dataset, dcat::ACCESS_URL, endpoint.into());
    for (predicate, query) in [
        (void::TRIPLES, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        (
            void::ENTITIES,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c }",
        ),
        (
            void::DISTINCT_SUBJECTS,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }",
        ),
        (
            void::PROPERTIES,
            "SELECT (COUNT(DISTINCT ?p) AS ?n) { ?s ?p ?o }",
        ),
    ] {
        add(&dataset, predicate, integer(count(query)));
    }
    for (_, namespace) in STANDARD_PREFIXES {
        if count(&format!(
            "SELECT (COUNT(*) AS ?n) {{ {{ ?s ?p ?o FILTER(STRSTARTS(STR(?p), \"{namespace}\")) }} UNION {{ ?s a ?o FILTER(STRSTARTS(STR(?o), \"{namespace}\")) }} }}"
        )) > 0
        {
            add(
                &dataset,
                void::VOCABULARY,
                NamedNode::new_unchecked(*namespace).into(),
            );
        }
    }
    // Class partitions are named nodes too, as every node the project writes.
    for class in COUNTED_CLASSES {
        let local = class
            .as_str()
            .trim_start_matches(cpsu::NAMESPACE)
            .to_lowercase();
        let partition = base.entity(EntityKind::Graph, &format!("dataset-{local}"));
        let n = count(&format!(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) {{ ?x a <{}> }}",
            class.as_str()
        ));
        add(&dataset, void::CLASS_PARTITION, partition.clone().into());
        add(&partition, void::CLASS, class.into_owned().into());
        add(&partition, void::ENTITIES, integer(n));
    }
    quads
}
