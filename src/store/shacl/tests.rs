//! One inline shapes graph per component, and one per construct the fence refuses.

use super::*;

const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
";

fn store(turtle: &str) -> Store {
    let store = Store::new().expect("a store");
    store
        .load_from_slice(RdfFormat::Turtle, format!("{PREFIXES}{turtle}").as_bytes())
        .expect("the data parses");
    store
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
    validate(&store(data), &shapes)
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
    let shapes = Shapes::parse(&format!("{PREFIXES}{shapes}")).expect("parses");
    let report = validate(&store(data), &shapes).expect("runs");
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
fn the_fence_refuses_what_the_engine_does_not_evaluate() {
    for (shapes, construct) in [
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
            "a sequence path",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:minCount 1 ] .",
            "an alternative path",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:minCount 1 ] .",
            "a zero-or-more path",
        ),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path [ sh:inversePath [ sh:oneOrMorePath ex:p ] ] ] .",
            "the inverse of a path",
        ),
        (
            "ex:C a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            "an implicit class target",
        ),
        ("ex:S sh:targetNode ex:a ; sh:closed true .", "sh:closed"),
        (
            "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .",
            "sh:qualifiedMinCount",
        ),
    ] {
        let error = Shapes::parse(&format!("{PREFIXES}{shapes}"))
            .err()
            .unwrap_or_else(|| panic!("{shapes} was accepted"));
        let text = error.to_string();
        assert!(text.contains(construct), "{shapes}: {text}");
        assert!(text.starts_with("shape "), "names the shape: {text}");
    }
}

#[test]
fn the_supported_list_comes_from_the_component_table() {
    let supported = supported();
    for component in COMPONENTS {
        assert!(supported.contains(&component.parameter));
    }
    assert!(supported.contains(&sh::FLAGS));
    assert!(!supported.contains(&sh::ALTERNATIVE_PATH));
    // The project's shapes use nothing outside it.
    Shapes::parse(SHAPES).expect("the project's shapes are supported");
}
