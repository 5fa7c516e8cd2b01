//! The dataset describes itself: a VoID and DCAT description added to every graph the tool
//! writes (each export, each store, each profile's named graph), so that a file loaded into
//! a store says what it is, under what license, from what source and version. No time
//! stamp goes in, so the same data still gives the same bytes.

use crate::graph::profile::Profile;
use crate::graph::vocab::{
    BaseIri, COUNTED_CLASSES, EntityKind, STANDARD_PREFIXES, cpsu, dcat, dcterms, owl, rdf, void,
    xsd,
};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef,
};
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;

/// The English Wikipedia article the data is derived from.
pub const SOURCE_ARTICLE: &str =
    "https://en.wikipedia.org/wiki/General_Secretary_of_the_Communist_Party_of_the_Soviet_Union";

/// The license of the data: that of its source, CC BY-SA 4.0.
pub const LICENSE: &str = "https://creativecommons.org/licenses/by-sa/4.0/";

/// The IRI of the description of one profile's graph: `graph/dataset` for the core profile,
/// `graph/dataset-wikidata` for the Wikidata profile.
pub fn dataset_iri(base: &BaseIri, part: Profile) -> NamedNode {
    match part {
        Profile::Wikidata => base.entity(EntityKind::Graph, "dataset-wikidata"),
        _ => base.entity(EntityKind::Graph, "dataset"),
    }
}

/// The description of the graph `quads` make up (one profile, with the ontology), in
/// `graph`: counts of triples, subjects, typed entities and properties, the entities of each
/// project class, the vocabularies used, and the title, license, source and version.
/// `endpoint` names the SPARQL endpoint when the graph is served.
pub fn describe(
    quads: &[Quad],
    base: &BaseIri,
    part: Profile,
    graph: &GraphName,
    endpoint: Option<&str>,
) -> Vec<Quad> {
    let dataset = dataset_iri(base, part);
    let mut subjects: FxHashSet<NamedOrBlankNodeRef<'_>> = FxHashSet::default();
    let mut typed: FxHashSet<NamedOrBlankNodeRef<'_>> = FxHashSet::default();
    let mut predicates: BTreeSet<NamedNodeRef<'_>> = BTreeSet::new();
    let mut types: BTreeSet<NamedNodeRef<'_>> = BTreeSet::new();
    let mut class_counts = [0i64; COUNTED_CLASSES.len()];
    for quad in quads {
        subjects.insert(quad.subject.as_ref());
        predicates.insert(quad.predicate.as_ref());
        if quad.predicate == rdf::TYPE {
            typed.insert(quad.subject.as_ref());
            if let TermRef::NamedNode(class) = quad.object.as_ref() {
                types.insert(class);
                if let Some(i) = COUNTED_CLASSES.iter().position(|c| *c == class) {
                    class_counts[i] += 1;
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut add = |subject: &NamedNode, predicate: NamedNodeRef<'_>, object: Term| {
        out.push(Quad::new(subject.clone(), predicate, object, graph.clone()));
    };
    let count =
        |n: usize| -> Term { Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into() };
    let english =
        |text: &str| -> Term { Literal::new_language_tagged_literal_unchecked(text, "en").into() };
    let iri = |text: &str| -> Term { NamedNode::new_unchecked(text).into() };
    add(&dataset, rdf::TYPE, void::DATASET.into_owned().into());
    add(&dataset, rdf::TYPE, dcat::DATASET.into_owned().into());
    let title = match part {
        Profile::Wikidata => {
            "The office of General Secretary of the CPSU: a knowledge graph (Wikidata profile)"
        }
        _ => "The office of General Secretary of the CPSU: a knowledge graph",
    };
    add(&dataset, dcterms::TITLE, english(title));
    add(
        &dataset,
        dcterms::DESCRIPTION,
        english(
            "Holders, offices, congresses, events, organizations and places around the office of General Secretary of the Communist Party of the Soviet Union, every fact cited to its source.",
        ),
    );
    add(&dataset, dcterms::LICENSE, iri(LICENSE));
    add(&dataset, dcterms::SOURCE, iri(SOURCE_ARTICLE));
    add(
        &dataset,
        owl::VERSION_INFO,
        Literal::new_simple_literal(env!("CARGO_PKG_VERSION")).into(),
    );
    add(&dataset, dcterms::CONFORMS_TO, iri(cpsu::NAMESPACE));
    add(
        &dataset,
        void::URI_SPACE,
        Literal::new_simple_literal(base.as_str()).into(),
    );
    if let GraphName::NamedNode(name) = graph {
        add(&dataset, void::ROOT_RESOURCE, name.clone().into());
    }
    if let Some(endpoint) = endpoint {
        add(&dataset, void::SPARQL_ENDPOINT, iri(endpoint));
        add(&dataset, dcat::ACCESS_URL, iri(endpoint));
    }
    add(&dataset, void::TRIPLES, count(quads.len()));
    add(&dataset, void::ENTITIES, count(typed.len()));
    add(&dataset, void::DISTINCT_SUBJECTS, count(subjects.len()));
    add(&dataset, void::PROPERTIES, count(predicates.len()));
    for (_, namespace) in STANDARD_PREFIXES {
        let used = predicates
            .iter()
            .chain(&types)
            .any(|term| term.as_str().starts_with(namespace));
        if used {
            add(&dataset, void::VOCABULARY, iri(namespace));
        }
    }
    // Class partitions are named nodes too, as every node the project writes.
    for (class, n) in COUNTED_CLASSES.iter().zip(class_counts) {
        if n == 0 {
            continue;
        }
        let local = class
            .as_str()
            .trim_start_matches(cpsu::NAMESPACE)
            .to_lowercase();
        let partition = NamedNode::new_unchecked(format!("{}-{local}", dataset.as_str()));
        add(&dataset, void::CLASS_PARTITION, partition.clone().into());
        add(&partition, void::CLASS, class.into_owned().into());
        add(&partition, void::ENTITIES, Literal::from(n).into());
    }
    out
}
