//! One inline shapes graph per component and per kind of mistake the engine refuses; the
//! W3C suite (`tests/w3c_shacl.rs`) covers the rest of the specification.

use super::*;
use vocab::sh;

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
";

fn graph(turtle: &str) -> Graph {
    parse_graphs(
        format!("{PREFIXES}{turtle}").as_bytes(),
        RdfFormat::Turtle,
        None,
    )
    .expect("the data parses")
    .remove(0)
}

fn report(data: &str, shapes: &str) -> Result<Report, ShaclError> {
    validate_graph(
        &graph(data),
        &Shapes::parse(&format!("{PREFIXES}{shapes}"))?,
    )
}

/// The results as `(focus, component, value)`, with the `ex:` and `sh:` namespaces cut,
/// sorted.
fn results(data: &str, shapes: &str) -> Vec<(String, String, String)> {
    let shapes = Shapes::parse(&format!("{PREFIXES}{shapes}")).expect("the shapes are supported");
    let short = |t: &Term| match t {
        Term::NamedNode(n) => n
            .as_str()
            .trim_start_matches("http://example.org/")
            .to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    };
    validate_graph(&graph(data), &shapes)
        .expect("validation runs")
        .results
        .iter()
        .map(|r| {
            (
                short(&r.focus),
                r.component
                    .as_str()
                    .trim_start_matches(sh::NAMESPACE)
                    .to_owned(),
                r.value.as_ref().map_or_else(String::new, short),
            )
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn one(focus: &str, component: &str, value: &str) -> Vec<(String, String, String)> {
    vec![(focus.to_owned(), component.to_owned(), value.to_owned())]
}

#[test]
fn min_and_max_count() {
    let shapes =
        "ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ] .";
    assert_eq!(
        results(
            "ex:a a ex:C . ex:b a ex:C ; ex:p 1, 2 . ex:c a ex:C ; ex:p 1 .",
            shapes
        ),
        [
            one("a", "MinCountConstraintComponent", ""),
            one("b", "MaxCountConstraintComponent", "")
        ]
        .concat()
    );
}

#[test]
fn datatype_class_and_node_kind() {
    let shapes =
        "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:d ; sh:datatype xsd:integer ] ,
        [ sh:path ex:k ; sh:class ex:K ] , [ sh:path ex:n ; sh:nodeKind sh:IRI ] .
        ex:Sub rdfs:subClassOf ex:K .";
    assert_eq!(
        results(
            "ex:a ex:d 1, \"x\" ; ex:k ex:ok, ex:sub, ex:no ; ex:n ex:x, \"lit\" . ex:ok a ex:K . ex:sub a ex:Sub . ex:Sub rdfs:subClassOf ex:K .",
            shapes
        ),
        [
            one("a", "ClassConstraintComponent", "no"),
            one("a", "DatatypeConstraintComponent", "x"),
            one("a", "NodeKindConstraintComponent", "lit"),
        ]
        .concat()
    );
}

#[test]
fn in_has_value_and_pattern() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:i ; sh:in ( \"x\" \"y\" ) ] ,
        [ sh:path ex:h ; sh:hasValue \"needed\" ] , [ sh:path ex:t ; sh:pattern \"^q[0-9]+$\" ; sh:flags \"i\" ] .";
    assert_eq!(
        results(
            "ex:a ex:i \"x\", \"z\" ; ex:h \"other\" ; ex:t \"Q12\", \"12\" .",
            shapes
        ),
        [
            one("a", "HasValueConstraintComponent", ""),
            one("a", "InConstraintComponent", "z"),
            one("a", "PatternConstraintComponent", "12"),
        ]
        .concat()
    );
}

#[test]
fn language_in_and_unique_lang() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:l ; sh:languageIn ( \"en\" \"ru\" ) ; sh:uniqueLang true ] .";
    assert_eq!(
        results(
            "ex:a ex:l \"one\"@en, \"two\"@en-GB, \"три\"@ru, \"vier\"@de .",
            shapes
        ),
        [
            one("a", "LanguageInConstraintComponent", "vier"),
            // `en` and `en-GB` are different tags: no uniqueLang result for them.
        ]
        .concat()
    );
    assert_eq!(
        results("ex:a ex:l \"one\"@en, \"two\"@en .", shapes),
        one("a", "UniqueLangConstraintComponent", "")
    );
}

#[test]
fn less_than_and_less_than_or_equals() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ,
        [ sh:path ex:from ; sh:lessThanOrEquals ex:to ] .";
    assert_eq!(
        results("ex:a ex:start 5 ; ex:end 5 ; ex:from 5 ; ex:to 5 .", shapes),
        one("a", "LessThanConstraintComponent", "5")
    );
    assert!(results("ex:a ex:start 4 ; ex:end 5 .", shapes).is_empty());
}

#[test]
fn or_and_node() {
    let shapes = "ex:Int sh:datatype xsd:integer . ex:Str sh:datatype xsd:string .
        ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:v ; sh:or ( ex:Int ex:Str ) ] ,
        [ sh:path ex:w ; sh:node ex:Int ] .";
    assert_eq!(
        results("ex:a ex:v 1, \"s\", true ; ex:w 2, \"no\" .", shapes),
        [
            one("a", "NodeConstraintComponent", "no"),
            one("a", "OrConstraintComponent", "true"),
        ]
        .concat()
    );
}

#[test]
fn sparql_constraints_bind_this_and_keep_their_message() {
    let shapes = "ex:S sh:targetClass ex:C ; sh:message \"the shape's word\" ; sh:sparql [
        sh:message \"a self-loop\" ;
        sh:select \"SELECT $this ?value WHERE { $this <http://example.org/p> ?value FILTER(?value = $this) }\" ] .";
    let data = "ex:a a ex:C ; ex:p ex:a . ex:b a ex:C ; ex:p ex:a .";
    assert_eq!(
        results(data, shapes),
        one("a", "SPARQLConstraintComponent", "a")
    );
    let report = report(data, shapes).expect("runs");
    assert_eq!(report.results[0].message, "a self-loop");
}

#[test]
fn inverse_paths_and_deactivated_shapes() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 2 ] .
        ex:Off sh:targetNode ex:a ; sh:deactivated true ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .";
    assert_eq!(
        results("ex:x ex:p ex:a .", shapes),
        one("a", "MinCountConstraintComponent", "")
    );
}

#[test]
fn ill_typed_literals_fail_their_datatype() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:i ; sh:datatype xsd:integer ] , [ sh:path ex:d ; sh:datatype xsd:date ] .";
    assert_eq!(
        results(
            "ex:a ex:i 1, \"aldi\"^^xsd:integer ; ex:d \"1878-12-31\"^^xsd:date, \"1878-12-32\"^^xsd:date .",
            shapes
        ),
        [
            one("a", "DatatypeConstraintComponent", "1878-12-32"),
            one("a", "DatatypeConstraintComponent", "aldi"),
        ]
        .concat()
    );
}

#[test]
fn node_kind_class_and_pattern_see_every_value() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:k ; sh:nodeKind sh:IRI ] ,
        [ sh:path ex:c ; sh:class ex:C ] , [ sh:path ex:t ; sh:pattern \"^x\" ] .";
    assert_eq!(
        results(
            "ex:a ex:k ex:ok, \"lit\" ; ex:c \"literal\" ; ex:t [ ex:q 1 ], \"xyz\" .",
            shapes
        )
        .into_iter()
        .map(|(focus, component, _)| (focus, component))
        .collect::<Vec<_>>(),
        [
            ("a".to_owned(), "ClassConstraintComponent".to_owned()),
            ("a".to_owned(), "NodeKindConstraintComponent".to_owned()),
            ("a".to_owned(), "PatternConstraintComponent".to_owned()),
        ]
    );
}

#[test]
fn unique_lang_false_checks_nothing() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:l ; sh:uniqueLang false ] .";
    assert!(results("ex:a ex:l \"one\"@en, \"two\"@en .", shapes).is_empty());
}

#[test]
fn every_path_form() {
    let shapes = "ex:S sh:targetNode ex:a ;
        sh:property [ sh:path ( ex:p ex:q ) ; sh:hasValue ex:end ] ,
        [ sh:path [ sh:alternativePath ( ex:p ex:r ) ] ; sh:minCount 3 ] ,
        [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:maxCount 1 ] ,
        [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ] .";
    assert_eq!(
        results(
            "ex:a ex:p ex:b . ex:b ex:q ex:end . ex:a ex:r ex:c .",
            shapes
        ),
        [
            one("a", "MaxCountConstraintComponent", ""),
            one("a", "MinCountConstraintComponent", ""),
        ]
        .concat()
    );
}

#[test]
fn recursive_shapes_are_an_error_naming_them() {
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:knows ; sh:node ex:T ] .
        ex:T sh:property [ sh:path ex:knows ; sh:or ( ex:T ex:U ) ] . ex:U sh:datatype xsd:string .";
    // Acyclic data: recursion through sh:or ends, and the answer is defined.
    assert!(results("ex:a ex:knows ex:b . ex:b ex:knows \"s\" .", shapes).is_empty());
    // A cycle in the data makes the shapes depend on themselves.
    let error = report("ex:a ex:knows ex:b . ex:b ex:knows ex:a .", shapes)
        .expect_err("a cycle is refused");
    let text = error.to_string();
    assert!(
        text.contains("recursive") && text.contains("<http://example.org/T>"),
        "{text}"
    );
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let shapes = "ex:S sh:targetNode ex:n0 ; sh:node ex:Chain . ex:Chain sh:property [ sh:path ex:next ; sh:node ex:Chain ] .";
    let data: String = (0..5_000)
        .map(|i| format!("ex:n{i} ex:next ex:n{} .\n", i + 1))
        .collect();
    let error = report(&data, shapes).expect_err("too deep");
    assert!(error.to_string().contains("deeper than"), "{error}");
}

#[test]
fn sparql_binds_this_to_blank_nodes_and_never_edits_the_text() {
    let shapes = "ex:S sh:targetClass ex:C ; sh:sparql [ sh:select \"\"\"
        SELECT $this ?thisOther WHERE { $this <http://example.org/p> ?thisOther FILTER(?thisOther > 1) }\"\"\" ] .";
    let found = results(
        "[] a ex:C ; ex:p 2 . ex:i a ex:C ; ex:p 2 . ex:j a ex:C ; ex:p 1 .",
        shapes,
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|(focus, _, _)| focus.starts_with("_:")),
        "{found:?}"
    );
    assert!(found.iter().any(|(focus, _, _)| focus == "i"), "{found:?}");
}

#[test]
fn sparql_restrictions_of_pre_binding_are_refused() {
    for query in [
        "SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }",
        "SELECT $this WHERE { VALUES ?o { 1 } }",
        "SELECT $this WHERE { BIND(1 AS $this) }",
        "SELECT $this WHERE { { SELECT ?o WHERE { ?s ?p ?o } } }",
    ] {
        let shapes = format!("ex:S sh:targetNode ex:a ; sh:sparql [ sh:select \"{query}\" ] .");
        let error = Shapes::parse(&format!("{PREFIXES}{shapes}"))
            .err()
            .unwrap_or_else(|| panic!("{query} was accepted"));
        assert!(error.to_string().contains("SHACL"), "{error}");
    }
}

#[test]
fn what_the_engine_does_not_evaluate_is_refused_naming_the_shape() {
    for (shapes, construct) in [
        ("ex:S sh:targetNode ex:a ; sh:rule [ ] .", "sh:rule"),
        ("ex:S sh:targetNode ex:a ; sh:minCont 1 .", "sh:minCont"),
        (
            "ex:S sh:targetNode ex:a ; sh:minCount 1 .",
            "sh:minCount in a node shape",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount \"two\" ] .",
            "sh:maxCount \"two\"",
        ),
        ("ex:S sh:targetNode ex:a ; sh:pattern \"(\" .", "sh:pattern"),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath ex:p ; sh:zeroOrMorePath ex:p ] ] .",
            "two forms",
        ),
        ("ex:S sh:targetNode ex:a ; sh:in ( ex:x ex:y .", ""),
    ] {
        let error = Shapes::parse(&format!("{PREFIXES}{shapes}"))
            .err()
            .unwrap_or_else(|| panic!("{shapes} was accepted"));
        let text = error.to_string();
        assert!(text.contains(construct), "{shapes}: {text}");
        assert!(
            text.starts_with("shape ") || text.starts_with("the shapes do not parse"),
            "names the shape: {text}"
        );
    }
}

#[test]
fn a_shapes_graph_with_other_data_validates() {
    // A manifest or a report beside the shapes is not read as shapes.
    let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
        ex:report a sh:ValidationReport ; sh:result [ sh:focusNode ex:a ; sh:resultPath ex:p ; sh:sourceShape ex:S ] .";
    assert_eq!(
        results("ex:a ex:q 1 .", shapes),
        one("a", "MinCountConstraintComponent", "")
    );
}

#[test]
fn the_projects_shapes_are_read() {
    Shapes::parse(SHAPES).expect("the project's shapes are supported");
}
