//! The SHACL terms the engine reads and writes: the project's `sh:` constants
//! ([`crate::graph::vocab::sh`]) and the rest of SHACL Core and SHACL-SPARQL, which only
//! the engine needs and so are declared beside it.

/// The SHACL namespace, `http://www.w3.org/ns/shacl#`.
pub mod sh {
    pub use crate::graph::vocab::sh::*;
    use oxigraph::model::NamedNodeRef;

    /// `sh:and`
    pub const AND: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#and");
    /// `sh:xone`
    pub const XONE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#xone");
    /// `sh:not`
    pub const NOT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#not");
    /// `sh:qualifiedValueShape`
    pub const QUALIFIED_VALUE_SHAPE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#qualifiedValueShape");
    /// `sh:qualifiedMinCount`
    pub const QUALIFIED_MIN_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#qualifiedMinCount");
    /// `sh:qualifiedMaxCount`
    pub const QUALIFIED_MAX_COUNT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#qualifiedMaxCount");
    /// `sh:qualifiedValueShapesDisjoint`
    pub const QUALIFIED_VALUE_SHAPES_DISJOINT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#qualifiedValueShapesDisjoint");
    /// `sh:closed`
    pub const CLOSED: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#closed");
    /// `sh:ignoredProperties`
    pub const IGNORED_PROPERTIES: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#ignoredProperties");
    /// `sh:equals`
    pub const EQUALS: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#equals");
    /// `sh:disjoint`
    pub const DISJOINT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#disjoint");
    /// `sh:minExclusive`
    pub const MIN_EXCLUSIVE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#minExclusive");
    /// `sh:minInclusive`
    pub const MIN_INCLUSIVE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#minInclusive");
    /// `sh:maxExclusive`
    pub const MAX_EXCLUSIVE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#maxExclusive");
    /// `sh:maxInclusive`
    pub const MAX_INCLUSIVE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#maxInclusive");
    /// `sh:minLength`
    pub const MIN_LENGTH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#minLength");
    /// `sh:maxLength`
    pub const MAX_LENGTH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#maxLength");
    /// `sh:AndConstraintComponent`
    pub const AND_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#AndConstraintComponent");
    /// `sh:XoneConstraintComponent`
    pub const XONE_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#XoneConstraintComponent");
    /// `sh:NotConstraintComponent`
    pub const NOT_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#NotConstraintComponent");
    /// `sh:PropertyConstraintComponent`
    pub const PROPERTY_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#PropertyConstraintComponent");
    /// `sh:QualifiedMinCountConstraintComponent`
    pub const QUALIFIED_MIN_COUNT_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked(
            "http://www.w3.org/ns/shacl#QualifiedMinCountConstraintComponent",
        );
    /// `sh:QualifiedMaxCountConstraintComponent`
    pub const QUALIFIED_MAX_COUNT_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked(
            "http://www.w3.org/ns/shacl#QualifiedMaxCountConstraintComponent",
        );
    /// `sh:ClosedConstraintComponent`
    pub const CLOSED_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#ClosedConstraintComponent");
    /// `sh:EqualsConstraintComponent`
    pub const EQUALS_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#EqualsConstraintComponent");
    /// `sh:DisjointConstraintComponent`
    pub const DISJOINT_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#DisjointConstraintComponent");
    /// `sh:MinExclusiveConstraintComponent`
    pub const MIN_EXCLUSIVE_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MinExclusiveConstraintComponent");
    /// `sh:MinInclusiveConstraintComponent`
    pub const MIN_INCLUSIVE_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MinInclusiveConstraintComponent");
    /// `sh:MaxExclusiveConstraintComponent`
    pub const MAX_EXCLUSIVE_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MaxExclusiveConstraintComponent");
    /// `sh:MaxInclusiveConstraintComponent`
    pub const MAX_INCLUSIVE_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MaxInclusiveConstraintComponent");
    /// `sh:MinLengthConstraintComponent`
    pub const MIN_LENGTH_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MinLengthConstraintComponent");
    /// `sh:MaxLengthConstraintComponent`
    pub const MAX_LENGTH_CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#MaxLengthConstraintComponent");
    /// `sh:ask`
    pub const ASK: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#ask");
    /// `sh:ConstraintComponent`
    pub const CONSTRAINT_COMPONENT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#ConstraintComponent");
    /// `sh:parameter`
    pub const PARAMETER: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#parameter");
    /// `sh:optional`
    pub const OPTIONAL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#optional");
    /// `sh:validator`
    pub const VALIDATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#validator");
    /// `sh:nodeValidator`
    pub const NODE_VALIDATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#nodeValidator");
    /// `sh:propertyValidator`
    pub const PROPERTY_VALIDATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#propertyValidator");
    /// `sh:SPARQLAskValidator`
    pub const SPARQL_ASK_VALIDATOR: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#SPARQLAskValidator");
    /// `sh:sourceConstraint`
    pub const SOURCE_CONSTRAINT: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#sourceConstraint");
    /// `sh:defaultValue`
    pub const DEFAULT_VALUE: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#defaultValue");
    /// `sh:shapesGraph`
    pub const SHAPES_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#shapesGraph");
    /// `sh:suggestedShapesGraph`
    pub const SUGGESTED_SHAPES_GRAPH: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#suggestedShapesGraph");
}

/// The name of the graph that holds the shapes while a SPARQL query that reads
/// `$shapesGraph` runs (SHACL-SPARQL §5.3.1 pre-binds it to a graph of the dataset).
pub const SHAPES_GRAPH_NAME: oxigraph::model::NamedNodeRef<'static> =
    oxigraph::model::NamedNodeRef::new_unchecked("urn:x-cpsu-kg:shacl:shapes-graph");

/// `owl:imports`, which `sh:prefixes` follows to more `sh:declare`s.
pub const OWL_IMPORTS: oxigraph::model::NamedNodeRef<'static> =
    oxigraph::model::NamedNodeRef::new_unchecked("http://www.w3.org/2002/07/owl#imports");
