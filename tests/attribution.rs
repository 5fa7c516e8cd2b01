//! Every named query that credits values to sources (its rows have a `value` and a
//! `source` column) credits each value only to what supports that value itself: a citation
//! of the value's own claim, or of the record for the record's own facts (its existence,
//! English name and description), or the editors who wrote it, or how a Wikidata id was
//! matched. The check asks the graph, row by row, over the real data and every person.

mod common;

use common::term_text;
use cpsu_kg::graph::vocab::BaseIri;
use cpsu_kg::store::query::{Outcome, named_queries, run};
use oxigraph::model::Literal;

/// Whether the graph holds a support for `value` credited to `source` and `footnote`, on
/// a node that belongs to `subject` (an IRI, or an English label).
fn supported(
    store: &oxigraph::store::Store,
    base: &BaseIri,
    subject: &str,
    value: &str,
    source: &str,
    footnote: &str,
) -> bool {
    let [subject, value, source, footnote] =
        [subject, value, source, footnote].map(|s| Literal::new_simple_literal(s).to_string());
    // The citation ?c is of `source`, at `footnote` (or the section, or the whole source).
    let cited = format!(
        r#"?c dcterms:source/rdfs:label ?sl .
      FILTER(STR(?sl) = {source})
      OPTIONAL {{ ?c cpsu:footnote ?fn }}
      OPTIONAL {{ ?c cpsu:section ?sec }}
      FILTER(COALESCE(STR(?fn), ?sec, "") = {footnote})"#
    );
    let ask = format!(
        r#"ASK {{
  {{
    # A claim carries the value, cited to the source or written by the author.
    ?n cpsu:claimedValue ?v ; cpsu:claimSubject ?owner .
    FILTER(STR(?v) = {value})
    {{ ?n prov:wasDerivedFrom ?c . {cited} }}
    UNION
    {{ ?n cpsu:valueAuthor ?a FILTER(STR(?a) = {source} && {footnote} = "") }}
  }}
  UNION
  {{
    # The record's own facts, on the record's citations.
    ?n prov:wasDerivedFrom ?c .
    FILTER NOT EXISTS {{ ?n a cpsu:Claim }}
    BIND(?n AS ?owner)
    {{ ?n rdfs:label ?v FILTER(LANG(?v) = "en" && STR(?v) = {value}) }}
    UNION {{ ?n schema:description ?v FILTER(STR(?v) = {value}) }}
    UNION {{ FILTER({value} = "(the record)") }}
    {cited}
  }}
  UNION
  {{
    # A Russian name the editors wrote; a Wikidata link and how it was matched.
    {{ ?n rdfs:label ?v ; cpsu:russianLabelAuthor ?a FILTER(LANG(?v) = "ru") }}
    UNION {{ ?n owl:sameAs ?v ; cpsu:identifierMatchedBy ?a }}
    BIND(?n AS ?owner)
    FILTER(STR(?v) = {value} && STR(?a) = {source} && {footnote} = "")
  }}
  # The node belongs to the row's subject: it is the subject, a tenure of it, or has its name.
  FILTER(STR(?owner) = {subject}
    || EXISTS {{ ?owner org:member ?p FILTER(STR(?p) = {subject}) }}
    || EXISTS {{ ?owner rdfs:label ?l FILTER(LANG(?l) = "en" && STR(?l) = {subject}) }})
}}"#
    );
    match run(store, base, &ask, &[]).expect("the support query runs") {
        Outcome::Boolean(answer) => answer,
        other => panic!("not a boolean: {other:?}"),
    }
}

#[test]
fn named_queries_credit_each_value_to_its_own_support() {
    let base = BaseIri::default();
    let data = cpsu_kg::data::check::load(None).expect("the data loads");
    let store = cpsu_kg::store::build(&data, &base).expect("the store builds");
    let persons: Vec<String> = data.persons.keys().cloned().collect();

    let mut checked_queries = Vec::new();
    let mut rows_checked = 0;
    let mut wrong = Vec::new();
    for query in named_queries() {
        let runs: Vec<Vec<(String, String)>> = match query.params.as_slice() {
            [] => vec![Vec::new()],
            [param] if param.name == "person" => persons
                .iter()
                .map(|p| vec![("person".to_owned(), p.clone())])
                .collect(),
            [param] if param.name == "date" => {
                vec![vec![("date".to_owned(), "1953-03-10".to_owned())]]
            }
            other => panic!("query `{}`: no values to try for {other:?}", query.name),
        };
        for given in runs {
            let bindings =
                cpsu_kg::store::query::bind_params(&query, &base, &given).expect("params bind");
            let Outcome::Solutions { variables, rows } =
                run(&store, &base, &query.text, &bindings).expect("the query runs")
            else {
                panic!("`{}` is not a SELECT", query.name);
            };
            let column = |name: &str| {
                variables
                    .iter()
                    .position(|v| v.as_str() == name)
                    .expect("a column")
            };
            let has = |name: &str| variables.iter().any(|v| v.as_str() == name);
            if !(has("value") && has("source")) {
                continue;
            }
            let subject_column = ["person", "subject"]
                .into_iter()
                .find(|c| has(c))
                .unwrap_or_else(|| panic!("query `{}` names no subject column", query.name));
            let (s, v, src) = (column(subject_column), column("value"), column("source"));
            let footnote = variables.iter().position(|v| v.as_str() == "footnote");
            for row in &rows {
                let subject = term_text(row[s].as_ref());
                let subject = given.first().map_or(subject, |(_, id)| {
                    base.entity(cpsu_kg::graph::vocab::EntityKind::Person, id)
                        .as_str()
                        .to_owned()
                });
                let mut value = term_text(row[v].as_ref());
                // An Old Style twin is shown beside the date it belongs to.
                if let Some(at) = value.find(" (Old Style ") {
                    value.truncate(at);
                }
                let source = term_text(row[src].as_ref());
                let footnote = footnote
                    .map(|f| term_text(row[f].as_ref()))
                    .unwrap_or_default();
                rows_checked += 1;
                if !supported(&store, &base, &subject, &value, &source, &footnote) {
                    wrong.push(format!(
                        "{} {given:?}: {subject} | {value} | {source} | {footnote}",
                        query.name
                    ));
                }
            }
            checked_queries.push(query.name.clone());
        }
    }
    checked_queries.sort();
    checked_queries.dedup();
    assert_eq!(
        checked_queries,
        ["disputed-claims", "facts-with-sources", "person-profile"],
        "the queries that credit values to sources"
    );
    assert!(rows_checked > 500, "only {rows_checked} rows checked");
    assert!(
        wrong.is_empty(),
        "{} rows credit a value to a source that does not support it:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
