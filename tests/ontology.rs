//! The ontology declares every project term the code uses, each with a label, a comment,
//! and (for properties) a domain and a range.

use cpsu_kg::graph::vocab::{cpsu, owl, rdfs};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNodeRef, Term, Triple};

fn ontology() -> Vec<Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(cpsu_kg::graph::profile::ONTOLOGY.as_bytes())
        .map(|q| q.expect("the ontology parses").into())
        .collect()
}

fn has(triples: &[Triple], subject: NamedNodeRef<'_>, predicate: NamedNodeRef<'_>) -> bool {
    triples
        .iter()
        .any(|t| t.subject.to_string() == subject.to_string() && t.predicate == predicate)
}

#[test]
fn ontology_declares_every_project_term() {
    let triples = ontology();
    for term in cpsu::ALL {
        for predicate in [rdfs::LABEL, rdfs::COMMENT] {
            assert!(has(&triples, *term, predicate), "{term} has no {predicate}");
        }
        let is_property = term.as_str()[cpsu::NAMESPACE.len()..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if is_property && *term != cpsu::NOTE {
            for predicate in [rdfs::DOMAIN, rdfs::RANGE] {
                assert!(has(&triples, *term, predicate), "{term} has no {predicate}");
            }
        }
    }
}

#[test]
fn ontology_declares_nothing_the_code_does_not_use() {
    let triples = ontology();
    let declared: Vec<String> = triples
        .iter()
        .filter(|t| t.predicate == rdfs::LABEL)
        .map(|t| t.subject.to_string())
        .filter(|s| s.starts_with(&format!("<{}", cpsu::NAMESPACE)))
        .collect();
    for subject in declared {
        let used = cpsu::ALL.iter().any(|t| t.to_string() == subject)
            || subject == "<https://w3id.org/cpsu-kg/ontology#Institution>";
        assert!(used, "{subject} is declared but never written");
    }
}

#[test]
fn ontology_has_no_blank_nodes_and_aligns_classes() {
    let triples = ontology();
    assert!(
        triples
            .iter()
            .all(|t| !t.subject.is_blank_node() && !matches!(t.object, Term::BlankNode(_)))
    );
    assert!(
        triples
            .iter()
            .any(|t| t.subject.to_string() == cpsu::ONTOLOGY.to_string()
                && t.object == Term::from(owl::ONTOLOGY.into_owned())),
        "the ontology names itself an owl:Ontology"
    );
    for class in [
        cpsu::PERSON,
        cpsu::OFFICE,
        cpsu::TENURE,
        cpsu::PLACE,
        cpsu::SOURCE,
    ] {
        assert!(
            has(&triples, class, rdfs::SUB_CLASS_OF),
            "{class} is not aligned"
        );
    }
}
