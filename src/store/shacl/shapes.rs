//! Reads a shapes graph into compiled shapes: the shapes that have targets (explicit or
//! implicit class targets) and every shape they reach, each with its path, targets,
//! severity, messages and constraints, parameters checked once. Anything in a shape that
//! the engine does not evaluate, or a parameter of the wrong form, is refused here, naming
//! the shape and the construct. Shapes are read with a work list, so a long chain of
//! shapes cannot overflow the stack; the rest of the graph (a manifest, a report, an
//! ontology) is not read.

use super::ShaclError;
use super::path::{PATH_KINDS, Path};
use super::sparql::{Form, Prepared};
use super::vocab::{OWL_IMPORTS, sh};
use crate::graph::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef,
};
use std::collections::{HashMap, HashSet, VecDeque};

/// A shape's index in [`Compiled::shapes`].
pub(super) type ShapeId = usize;

/// How deep a path may nest in the shapes graph before it is taken for a cycle.
const MAX_PATH_DEPTH: usize = 64;

/// The shapes graph, its terms exactly as written (a store would rewrite `4.0` as `4`).
pub(super) struct ShapesGraph {
    pub graph: Graph,
}

/// Every shape the validation reaches.
pub(super) struct Compiled {
    pub shapes: Vec<Shape>,
    /// The shapes with targets, in a stable order.
    pub roots: Vec<ShapeId>,
    /// Whether a SPARQL query reads `$shapesGraph`.
    pub reads_shapes_graph: bool,
}

impl Compiled {
    /// Whether any constraint runs SPARQL on the data.
    pub fn uses_sparql(&self) -> bool {
        self.shapes.iter().any(|s| {
            s.constraints
                .iter()
                .any(|c| matches!(c.kind, Check::Sparql(_) | Check::Custom(_)))
        })
    }
}

/// One shape.
pub(super) struct Shape {
    pub node: Term,
    pub path: Option<Path>,
    pub targets: Vec<Target>,
    pub constraints: Vec<Constraint>,
    pub severity: NamedNode,
    pub message: Option<String>,
    pub deactivated: bool,
}

/// Where a shape's focus nodes come from.
pub(super) enum Target {
    /// `sh:targetClass`, or the shape itself as an implicit class target.
    Class(Term),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// One constraint: a component with its parameter values.
pub(super) struct Constraint {
    pub component: NamedNode,
    pub kind: Check,
}

/// The comparison SPARQL makes between a value node and a bound.
#[derive(Debug, Clone, Copy)]
pub(super) enum Order {
    Less,
    LessOrEqual,
}

/// The constraint components, each with its parameters read.
pub(super) enum Check {
    Class(Term),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    /// `sh:minExclusive` and its kin: `lower` when the bound is below the value.
    Range {
        bound: Term,
        order: Order,
        lower: bool,
    },
    MinLength(u64),
    MaxLength(u64),
    Pattern(regex::Regex),
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode, Order),
    Not(ShapeId),
    And(Vec<ShapeId>),
    Or(Vec<ShapeId>),
    Xone(Vec<ShapeId>),
    Node(ShapeId),
    Property(ShapeId),
    Qualified {
        shape: ShapeId,
        siblings: Vec<ShapeId>,
        count: u64,
        max: bool,
    },
    Closed(HashSet<NamedNode>),
    HasValue(Term),
    In(Vec<Term>),
    Sparql(Box<SparqlConstraint>),
    Custom(Box<CustomConstraint>),
}

/// An `sh:sparql` constraint.
pub(super) struct SparqlConstraint {
    pub node: Term,
    pub query: Prepared,
    pub message: Option<String>,
}

/// A use of a SPARQL-based constraint component (§6) in a shape.
pub(super) struct CustomConstraint {
    pub query: Prepared,
    pub form: Form,
    /// The parameters' values, by variable name.
    pub parameters: Vec<(String, Term)>,
    pub message: Option<String>,
}

/// The `sh:` predicates a shape may carry: targets, structure, annotations, and the
/// parameters of every component. Anything else in the `sh:` namespace is refused.
const KNOWN: &[NamedNodeRef<'static>] = &[
    sh::TARGET_CLASS,
    sh::TARGET_NODE,
    sh::TARGET_SUBJECTS_OF,
    sh::TARGET_OBJECTS_OF,
    sh::PROPERTY,
    sh::PATH,
    sh::MESSAGE,
    sh::SEVERITY,
    sh::DEACTIVATED,
    sh::NAME,
    sh::DESCRIPTION,
    sh::ORDER,
    sh::GROUP,
    sh::DEFAULT_VALUE,
    sh::CLASS,
    sh::DATATYPE,
    sh::NODE_KIND,
    sh::MIN_COUNT,
    sh::MAX_COUNT,
    sh::MIN_EXCLUSIVE,
    sh::MIN_INCLUSIVE,
    sh::MAX_EXCLUSIVE,
    sh::MAX_INCLUSIVE,
    sh::MIN_LENGTH,
    sh::MAX_LENGTH,
    sh::PATTERN,
    sh::FLAGS,
    sh::LANGUAGE_IN,
    sh::UNIQUE_LANG,
    sh::EQUALS,
    sh::DISJOINT,
    sh::LESS_THAN,
    sh::LESS_THAN_OR_EQUALS,
    sh::NOT,
    sh::AND,
    sh::OR,
    sh::XONE,
    sh::NODE,
    sh::QUALIFIED_VALUE_SHAPE,
    sh::QUALIFIED_MIN_COUNT,
    sh::QUALIFIED_MAX_COUNT,
    sh::QUALIFIED_VALUE_SHAPES_DISJOINT,
    sh::CLOSED,
    sh::IGNORED_PROPERTIES,
    sh::HAS_VALUE,
    sh::IN,
    sh::SPARQL,
    // A shape may be its own SPARQL-based constraint.
    sh::SELECT,
    sh::DECLARE,
    sh::PREFIXES,
    sh::SHAPES_GRAPH,
    sh::SUGGESTED_SHAPES_GRAPH,
];

fn unsupported(shape: &Term, construct: impl Into<String>) -> ShaclError {
    ShaclError::Unsupported {
        shape: shape.to_string(),
        construct: construct.into(),
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term.as_ref() {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

impl ShapesGraph {
    /// The objects of `subject` and `predicate`, in a stable order.
    pub fn objects(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, ShaclError> {
        let Some(s) = as_subject(subject) else {
            return Ok(Vec::new());
        };
        let mut objects: Vec<Term> = self
            .graph
            .objects_for_subject_predicate(s, predicate)
            .map(TermRef::into_owned)
            .collect();
        objects.sort_by_cached_key(ToString::to_string);
        Ok(objects)
    }

    pub fn object(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<Term>, ShaclError> {
        Ok(self.objects(subject, predicate)?.into_iter().next())
    }

    fn subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<&Term>,
    ) -> Result<Vec<Term>, ShaclError> {
        let mut subjects: Vec<Term> = match object {
            Some(object) => self
                .graph
                .subjects_for_predicate_object(predicate, object)
                .map(|s| Term::from(s.into_owned()))
                .collect(),
            None => self
                .graph
                .triples_for_predicate(predicate)
                .map(|t| Term::from(t.subject.into_owned()))
                .collect(),
        };
        subjects.sort_by_cached_key(ToString::to_string);
        subjects.dedup();
        Ok(subjects)
    }

    /// The members of a well-formed RDF list; a malformed or cyclic list is refused.
    pub fn list(&self, head: &Term, shape: &Term, what: &str) -> Result<Vec<Term>, ShaclError> {
        let nil: Term = rdf::NIL.into_owned().into();
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        let mut node = head.clone();
        while node != nil {
            let bad = || {
                unsupported(
                    shape,
                    format!("a malformed RDF list as the value of {what}"),
                )
            };
            if !seen.insert(node.clone()) {
                return Err(bad());
            }
            let (Some(first), Some(rest)) = (
                self.object(&node, rdf::FIRST)?,
                self.object(&node, rdf::REST)?,
            ) else {
                return Err(bad());
            };
            items.push(first);
            node = rest;
        }
        Ok(items)
    }

    /// Whether `node` is a SHACL instance of `class` in the shapes graph
    /// (`rdf:type/rdfs:subClassOf*`).
    fn is_instance(&self, node: &Term, class: NamedNodeRef<'_>) -> Result<bool, ShaclError> {
        let class: Term = class.into_owned().into();
        let mut todo: Vec<Term> = self.objects(node, rdf::TYPE)?;
        let mut seen = HashSet::new();
        while let Some(c) = todo.pop() {
            if c == class {
                return Ok(true);
            }
            if seen.insert(c.clone()) {
                todo.extend(self.objects(&c, rdfs::SUB_CLASS_OF)?);
            }
        }
        Ok(false)
    }

    /// A path node, read without recursion past [`MAX_PATH_DEPTH`].
    fn path(&self, node: &Term, shape: &Term, depth: usize) -> Result<Path, ShaclError> {
        if depth > MAX_PATH_DEPTH {
            return Err(unsupported(
                shape,
                "a path nested deeper than 64 levels (a cycle in the path?)",
            ));
        }
        let inner = |this: &Self, n: &Term| this.path(n, shape, depth + 1);
        match node {
            Term::NamedNode(p) => Ok(Path::Predicate(p.clone())),
            Term::Literal(_) => Err(unsupported(shape, format!("the literal {node} as a path"))),
            Term::BlankNode(_) => {
                if self.object(node, rdf::FIRST)?.is_some() {
                    let members = self.list(node, shape, "sh:path (a sequence path)")?;
                    if members.len() < 2 {
                        return Err(unsupported(
                            shape,
                            "a sequence path of fewer than two members",
                        ));
                    }
                    return Ok(Path::Sequence(
                        members
                            .iter()
                            .map(|m| inner(self, m))
                            .collect::<Result<_, _>>()?,
                    ));
                }
                let mut forms = Vec::new();
                if let Some(p) = self.object(node, sh::INVERSE_PATH)? {
                    forms.push(Path::Inverse(Box::new(inner(self, &p)?)));
                }
                for kind in PATH_KINDS {
                    let Some(value) = self.object(node, kind)? else {
                        continue;
                    };
                    forms.push(if kind == sh::ALTERNATIVE_PATH {
                        let members = self.list(&value, shape, "sh:alternativePath")?;
                        if members.len() < 2 {
                            return Err(unsupported(
                                shape,
                                "an alternative path of fewer than two members",
                            ));
                        }
                        Path::Alternative(
                            members
                                .iter()
                                .map(|m| inner(self, m))
                                .collect::<Result<_, _>>()?,
                        )
                    } else {
                        let path = Box::new(inner(self, &value)?);
                        match kind.as_str().rsplit('#').next() {
                            Some("zeroOrMorePath") => Path::ZeroOrMore(path),
                            Some("oneOrMorePath") => Path::OneOrMore(path),
                            _ => Path::ZeroOrOne(path),
                        }
                    });
                }
                match forms.len() {
                    1 => Ok(forms.remove(0)),
                    0 => Err(unsupported(
                        shape,
                        format!("a path of unknown form ({node})"),
                    )),
                    _ => Err(unsupported(
                        shape,
                        format!("a path node of two forms at once ({node})"),
                    )),
                }
            }
        }
    }

    /// The prefix declarations of a SPARQL query: `sh:declare` of each `sh:prefixes` value
    /// and of what it `owl:imports`, transitively.
    fn prefixes(&self, node: &Term, shape: &Term) -> Result<Vec<(String, String)>, ShaclError> {
        let mut todo = self.objects(node, sh::PREFIXES)?;
        let mut seen = HashSet::new();
        let mut declared: Vec<(String, String)> = Vec::new();
        while let Some(ontology) = todo.pop() {
            if !seen.insert(ontology.clone()) {
                continue;
            }
            for declaration in self.objects(&ontology, sh::DECLARE)? {
                match (
                    self.object(&declaration, sh::PREFIX_PROPERTY)?,
                    self.object(&declaration, sh::NAMESPACE_PROPERTY)?,
                ) {
                    (Some(Term::Literal(prefix)), Some(Term::Literal(namespace))) => {
                        let entry = (prefix.value().to_owned(), namespace.value().to_owned());
                        if let Some(other) = declared.iter().find(|(p, _)| *p == entry.0) {
                            if other.1 != entry.1 {
                                return Err(unsupported(
                                    shape,
                                    format!(
                                        "two namespaces for the prefix {}: ({} and {})",
                                        entry.0, other.1, entry.1
                                    ),
                                ));
                            }
                        } else {
                            declared.push(entry);
                        }
                    }
                    _ => {
                        return Err(unsupported(
                            shape,
                            "an sh:declare without a literal sh:prefix and sh:namespace",
                        ));
                    }
                }
            }
            todo.extend(self.objects(&ontology, OWL_IMPORTS)?);
        }
        declared.sort();
        Ok(declared)
    }
}

/// A SPARQL-based constraint component declared in the shapes graph (§6).
struct Component {
    iri: NamedNode,
    /// Each parameter's predicate, its variable name and whether it is optional.
    parameters: Vec<(NamedNode, String, bool)>,
    node: Term,
}

struct Compiler<'a> {
    graph: &'a ShapesGraph,
    shapes: Vec<Shape>,
    index: HashMap<Term, ShapeId>,
    queue: VecDeque<ShapeId>,
    components: Vec<Component>,
    reads_shapes_graph: bool,
}

/// Reads every shape the validation reaches.
pub(super) fn compile(graph: &ShapesGraph) -> Result<Compiled, ShaclError> {
    let mut compiler = Compiler {
        graph,
        shapes: Vec::new(),
        index: HashMap::new(),
        queue: VecDeque::new(),
        components: components(graph)?,
        reads_shapes_graph: false,
    };
    let mut roots: Vec<Term> = Vec::new();
    for target in [
        sh::TARGET_CLASS,
        sh::TARGET_NODE,
        sh::TARGET_SUBJECTS_OF,
        sh::TARGET_OBJECTS_OF,
    ] {
        roots.extend(graph.subjects(target, None)?);
    }
    for node in graph.subjects(rdf::TYPE, None)? {
        if implicit_class_target(graph, &node)? {
            roots.push(node);
        }
    }
    roots.sort_by_cached_key(ToString::to_string);
    roots.dedup();
    let roots = roots
        .into_iter()
        .map(|node| compiler.id(node))
        .collect::<Vec<_>>();
    while let Some(id) = compiler.queue.pop_front() {
        compiler.fill(id)?;
    }
    Ok(Compiled {
        shapes: compiler.shapes,
        roots,
        reads_shapes_graph: compiler.reads_shapes_graph,
    })
}

/// A shape that is also a class targets its instances (§2.1.3.3).
fn implicit_class_target(graph: &ShapesGraph, node: &Term) -> Result<bool, ShaclError> {
    if matches!(node, Term::Literal(_)) || !graph.is_instance(node, rdfs::CLASS)? {
        return Ok(false);
    }
    Ok(graph.is_instance(node, sh::NODE_SHAPE)? || graph.is_instance(node, sh::PROPERTY_SHAPE)?)
}

/// The SPARQL-based constraint components of the shapes graph.
fn components(graph: &ShapesGraph) -> Result<Vec<Component>, ShaclError> {
    let mut found = Vec::new();
    for node in graph.subjects(sh::PARAMETER, None)? {
        if !graph.is_instance(&node, sh::CONSTRAINT_COMPONENT)? {
            continue;
        }
        let Term::NamedNode(iri) = &node else {
            return Err(unsupported(
                &node,
                "a constraint component that is a blank node",
            ));
        };
        // The components of SHACL Core are built in, even where a shapes graph declares them.
        if iri.as_str().starts_with(sh::NAMESPACE) {
            continue;
        }
        let mut parameters = Vec::new();
        for parameter in graph.objects(&node, sh::PARAMETER)? {
            let Some(Term::NamedNode(path)) = graph.object(&parameter, sh::PATH)? else {
                return Err(unsupported(
                    &node,
                    "a parameter whose sh:path is not an IRI",
                ));
            };
            let name = path
                .as_str()
                .rsplit(['#', '/', ':'])
                .next()
                .unwrap_or_default()
                .to_owned();
            if name.is_empty() || oxigraph::model::Variable::new(&name).is_err() {
                return Err(unsupported(
                    &node,
                    format!("the parameter {path}, whose local name is not a SPARQL variable name"),
                ));
            }
            let optional =
                graph.object(&parameter, sh::OPTIONAL)? == Some(Literal::from(true).into());
            parameters.push((path, name, optional));
        }
        found.push(Component {
            iri: iri.clone(),
            parameters,
            node: node.clone(),
        });
    }
    Ok(found)
}

fn count(shape: &Term, parameter: NamedNodeRef<'_>, value: &Term) -> Result<u64, ShaclError> {
    match value {
        Term::Literal(l)
            if l.datatype()
                .as_str()
                .starts_with("http://www.w3.org/2001/XMLSchema#") =>
        {
            l.value().trim().parse().ok()
        }
        _ => None,
    }
    .ok_or_else(|| {
        unsupported(
            shape,
            format!(
                "{} {value}, which is not a non-negative integer",
                short(parameter)
            ),
        )
    })
}

/// `sh:minCount` for `http://www.w3.org/ns/shacl#minCount`.
pub(super) fn short(term: NamedNodeRef<'_>) -> String {
    term.as_str().strip_prefix(sh::NAMESPACE).map_or_else(
        || format!("<{}>", term.as_str()),
        |local| format!("sh:{local}"),
    )
}

fn iri(shape: &Term, parameter: NamedNodeRef<'_>, value: &Term) -> Result<NamedNode, ShaclError> {
    match value {
        Term::NamedNode(n) => Ok(n.clone()),
        _ => Err(unsupported(
            shape,
            format!("{} {value}, which is not an IRI", short(parameter)),
        )),
    }
}

/// A boolean parameter: only the literal `true` turns it on (`"1"^^xsd:boolean` is another
/// term, and SHACL names `true`); `None` for a value that is not a boolean at all.
fn boolean(value: &Term) -> Option<bool> {
    match value {
        Term::Literal(l) if l.datatype() == xsd::BOOLEAN => {
            Some(*value == Literal::from(true).into())
        }
        _ => None,
    }
}

impl Compiler<'_> {
    /// The id of the shape at `node`, queued to be read if it is new.
    fn id(&mut self, node: Term) -> ShapeId {
        if let Some(id) = self.index.get(&node) {
            return *id;
        }
        let id = self.shapes.len();
        self.shapes.push(Shape {
            node: node.clone(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            severity: sh::VIOLATION.into_owned(),
            message: None,
            deactivated: false,
        });
        self.index.insert(node, id);
        self.queue.push_back(id);
        id
    }

    fn fill(&mut self, id: ShapeId) -> Result<(), ShaclError> {
        let graph = self.graph;
        let node = self.shapes[id].node.clone();
        if matches!(node, Term::Literal(_)) {
            return Err(unsupported(&node, "a literal where a shape is expected"));
        }
        if let Some(value) = graph.object(&node, sh::DEACTIVATED)?
            && boolean(&value) == Some(true)
        {
            self.shapes[id].deactivated = true;
            return Ok(());
        }
        self.fence(&node)?;
        let path = match graph.object(&node, sh::PATH)? {
            Some(p) => Some(graph.path(&p, &node, 0)?),
            None => None,
        };
        let severity = match graph.object(&node, sh::SEVERITY)? {
            None => sh::VIOLATION.into_owned(),
            Some(Term::NamedNode(s)) => s,
            Some(other) => {
                return Err(unsupported(
                    &node,
                    format!("sh:severity {other}, which is not an IRI"),
                ));
            }
        };
        let message = message(graph, &node)?;
        let mut targets = Vec::new();
        for class in graph.objects(&node, sh::TARGET_CLASS)? {
            targets.push(Target::Class(class));
        }
        if implicit_class_target(graph, &node)? {
            targets.push(Target::Class(node.clone()));
        }
        for focus in graph.objects(&node, sh::TARGET_NODE)? {
            targets.push(Target::Node(focus));
        }
        for p in graph.objects(&node, sh::TARGET_SUBJECTS_OF)? {
            targets.push(Target::SubjectsOf(iri(&node, sh::TARGET_SUBJECTS_OF, &p)?));
        }
        for p in graph.objects(&node, sh::TARGET_OBJECTS_OF)? {
            targets.push(Target::ObjectsOf(iri(&node, sh::TARGET_OBJECTS_OF, &p)?));
        }
        let constraints = self.constraints(&node, path.as_ref())?;
        let shape = &mut self.shapes[id];
        shape.path = path;
        shape.severity = severity;
        shape.message = message;
        shape.targets = targets;
        shape.constraints = constraints;
        Ok(())
    }

    /// Refuses `sh:` terms the engine does not evaluate.
    fn fence(&self, node: &Term) -> Result<(), ShaclError> {
        let Some(subject) = as_subject(node) else {
            return Ok(());
        };
        let mut unknown = Vec::new();
        for triple in self.graph.graph.triples_for_subject(subject) {
            let predicate = triple.predicate;
            if predicate.as_str().starts_with(sh::NAMESPACE) && !KNOWN.contains(&predicate) {
                unknown.push(short(predicate));
            }
        }
        unknown.sort();
        match unknown.first() {
            Some(term) => Err(unsupported(
                node,
                match term.as_str() {
                    "sh:target" | "sh:rule" => format!("{term} (SHACL Advanced Features)"),
                    _ => term.clone(),
                },
            )),
            None => Ok(()),
        }
    }

    fn shape_list(
        &mut self,
        node: &Term,
        parameter: NamedNodeRef<'_>,
        value: &Term,
    ) -> Result<Vec<ShapeId>, ShaclError> {
        let members = self.graph.list(value, node, &short(parameter))?;
        Ok(members.into_iter().map(|m| self.id(m)).collect())
    }

    fn constraints(
        &mut self,
        node: &Term,
        path: Option<&Path>,
    ) -> Result<Vec<Constraint>, ShaclError> {
        let graph = self.graph;
        let mut out = Vec::new();
        let mut add = |component: NamedNodeRef<'_>, kind: Check| {
            out.push(Constraint {
                component: component.into_owned(),
                kind,
            });
        };
        let property_only = |parameter: NamedNodeRef<'_>| -> Result<(), ShaclError> {
            if path.is_none() {
                return Err(unsupported(
                    node,
                    format!(
                        "{} in a node shape; it applies to property shapes only",
                        short(parameter)
                    ),
                ));
            }
            Ok(())
        };
        let values = |p: NamedNodeRef<'_>| graph.objects(node, p);
        for class in values(sh::CLASS)? {
            add(sh::CLASS_CONSTRAINT_COMPONENT, Check::Class(class));
        }
        for datatype in values(sh::DATATYPE)? {
            add(
                sh::DATATYPE_CONSTRAINT_COMPONENT,
                Check::Datatype(iri(node, sh::DATATYPE, &datatype)?),
            );
        }
        for kind in values(sh::NODE_KIND)? {
            let kind = iri(node, sh::NODE_KIND, &kind)?;
            if ![
                sh::IRI,
                sh::BLANK_NODE,
                sh::LITERAL,
                sh::BLANK_NODE_OR_IRI,
                sh::BLANK_NODE_OR_LITERAL,
                sh::IRI_OR_LITERAL,
            ]
            .contains(&kind.as_ref())
            {
                return Err(unsupported(
                    node,
                    format!("sh:nodeKind {kind}, which is not a node kind"),
                ));
            }
            add(sh::NODE_KIND_CONSTRAINT_COMPONENT, Check::NodeKind(kind));
        }
        for value in values(sh::MIN_COUNT)? {
            property_only(sh::MIN_COUNT)?;
            add(
                sh::MIN_COUNT_CONSTRAINT_COMPONENT,
                Check::MinCount(count(node, sh::MIN_COUNT, &value)?),
            );
        }
        for value in values(sh::MAX_COUNT)? {
            property_only(sh::MAX_COUNT)?;
            add(
                sh::MAX_COUNT_CONSTRAINT_COMPONENT,
                Check::MaxCount(count(node, sh::MAX_COUNT, &value)?),
            );
        }
        for (parameter, component, order, lower) in [
            (
                sh::MIN_EXCLUSIVE,
                sh::MIN_EXCLUSIVE_CONSTRAINT_COMPONENT,
                Order::Less,
                true,
            ),
            (
                sh::MIN_INCLUSIVE,
                sh::MIN_INCLUSIVE_CONSTRAINT_COMPONENT,
                Order::LessOrEqual,
                true,
            ),
            (
                sh::MAX_EXCLUSIVE,
                sh::MAX_EXCLUSIVE_CONSTRAINT_COMPONENT,
                Order::Less,
                false,
            ),
            (
                sh::MAX_INCLUSIVE,
                sh::MAX_INCLUSIVE_CONSTRAINT_COMPONENT,
                Order::LessOrEqual,
                false,
            ),
        ] {
            for bound in values(parameter)? {
                if !matches!(bound, Term::Literal(_)) {
                    return Err(unsupported(
                        node,
                        format!("{} {bound}, which is not a literal", short(parameter)),
                    ));
                }
                add(
                    component,
                    Check::Range {
                        bound,
                        order,
                        lower,
                    },
                );
            }
        }
        for value in values(sh::MIN_LENGTH)? {
            add(
                sh::MIN_LENGTH_CONSTRAINT_COMPONENT,
                Check::MinLength(count(node, sh::MIN_LENGTH, &value)?),
            );
        }
        for value in values(sh::MAX_LENGTH)? {
            add(
                sh::MAX_LENGTH_CONSTRAINT_COMPONENT,
                Check::MaxLength(count(node, sh::MAX_LENGTH, &value)?),
            );
        }
        let flags = match graph.object(node, sh::FLAGS)? {
            None => String::new(),
            Some(Term::Literal(f)) => f.value().to_owned(),
            Some(other) => {
                return Err(unsupported(
                    node,
                    format!("sh:flags {other}, which is not a literal"),
                ));
            }
        };
        for pattern in values(sh::PATTERN)? {
            let Term::Literal(pattern) = pattern else {
                return Err(unsupported(
                    node,
                    format!("sh:pattern {pattern}, which is not a literal"),
                ));
            };
            add(
                sh::PATTERN_CONSTRAINT_COMPONENT,
                Check::Pattern(regex(node, pattern.value(), &flags)?),
            );
        }
        for list in values(sh::LANGUAGE_IN)? {
            let mut ranges = Vec::new();
            for member in graph.list(&list, node, "sh:languageIn")? {
                let Term::Literal(range) = member else {
                    return Err(unsupported(
                        node,
                        format!("sh:languageIn with the member {member}, which is not a literal"),
                    ));
                };
                ranges.push(range.value().to_ascii_lowercase());
            }
            add(
                sh::LANGUAGE_IN_CONSTRAINT_COMPONENT,
                Check::LanguageIn(ranges),
            );
        }
        for value in values(sh::UNIQUE_LANG)? {
            property_only(sh::UNIQUE_LANG)?;
            match boolean(&value) {
                Some(true) => add(sh::UNIQUE_LANG_CONSTRAINT_COMPONENT, Check::UniqueLang),
                Some(false) => {}
                None => {
                    return Err(unsupported(
                        node,
                        format!("sh:uniqueLang {value}, which is not a boolean"),
                    ));
                }
            }
        }
        for value in values(sh::EQUALS)? {
            add(
                sh::EQUALS_CONSTRAINT_COMPONENT,
                Check::Equals(iri(node, sh::EQUALS, &value)?),
            );
        }
        for value in values(sh::DISJOINT)? {
            add(
                sh::DISJOINT_CONSTRAINT_COMPONENT,
                Check::Disjoint(iri(node, sh::DISJOINT, &value)?),
            );
        }
        for (parameter, component, order) in [
            (
                sh::LESS_THAN,
                sh::LESS_THAN_CONSTRAINT_COMPONENT,
                Order::Less,
            ),
            (
                sh::LESS_THAN_OR_EQUALS,
                sh::LESS_THAN_OR_EQUALS_CONSTRAINT_COMPONENT,
                Order::LessOrEqual,
            ),
        ] {
            for value in values(parameter)? {
                property_only(parameter)?;
                add(
                    component,
                    Check::LessThan(iri(node, parameter, &value)?, order),
                );
            }
        }
        for value in values(sh::NOT)? {
            add(sh::NOT_CONSTRAINT_COMPONENT, Check::Not(self.id(value)));
        }
        for (parameter, component) in [
            (sh::AND, sh::AND_CONSTRAINT_COMPONENT),
            (sh::OR, sh::OR_CONSTRAINT_COMPONENT),
            (sh::XONE, sh::XONE_CONSTRAINT_COMPONENT),
        ] {
            for list in values(parameter)? {
                let members = self.shape_list(node, parameter, &list)?;
                add(
                    component,
                    match parameter.as_str().rsplit('#').next() {
                        Some("and") => Check::And(members),
                        Some("or") => Check::Or(members),
                        _ => Check::Xone(members),
                    },
                );
            }
        }
        for value in values(sh::NODE)? {
            add(sh::NODE_CONSTRAINT_COMPONENT, Check::Node(self.id(value)));
        }
        for value in values(sh::PROPERTY)? {
            if graph.object(&value, sh::PATH)?.is_none() {
                return Err(unsupported(
                    node,
                    format!("sh:property {value}, which has no sh:path"),
                ));
            }
            add(
                sh::PROPERTY_CONSTRAINT_COMPONENT,
                Check::Property(self.id(value)),
            );
        }
        self.qualified(node, path, &mut out)?;
        let closed = values(sh::CLOSED)?;
        if let Some(value) = closed.first() {
            match boolean(value) {
                Some(true) => {
                    let mut allowed = HashSet::new();
                    for property in values(sh::PROPERTY)? {
                        if let Some(Term::NamedNode(p)) = graph.object(&property, sh::PATH)? {
                            allowed.insert(p);
                        }
                    }
                    for list in values(sh::IGNORED_PROPERTIES)? {
                        for member in graph.list(&list, node, "sh:ignoredProperties")? {
                            allowed.insert(iri(node, sh::IGNORED_PROPERTIES, &member)?);
                        }
                    }
                    out.push(Constraint {
                        component: sh::CLOSED_CONSTRAINT_COMPONENT.into_owned(),
                        kind: Check::Closed(allowed),
                    });
                }
                Some(false) => {}
                None => {
                    return Err(unsupported(
                        node,
                        format!("sh:closed {value}, which is not a boolean"),
                    ));
                }
            }
        }
        for value in values(sh::HAS_VALUE)? {
            out.push(Constraint {
                component: sh::HAS_VALUE_CONSTRAINT_COMPONENT.into_owned(),
                kind: Check::HasValue(value),
            });
        }
        for list in values(sh::IN)? {
            let members = graph.list(&list, node, "sh:in")?;
            out.push(Constraint {
                component: sh::IN_CONSTRAINT_COMPONENT.into_owned(),
                kind: Check::In(members),
            });
        }
        for constraint in values(sh::SPARQL)? {
            if let Some(c) = self.sparql(node, &constraint, path)? {
                out.push(Constraint {
                    component: sh::SPARQL_CONSTRAINT_COMPONENT.into_owned(),
                    kind: Check::Sparql(Box::new(c)),
                });
            }
        }
        self.custom(node, path, &mut out)?;
        Ok(out)
    }

    fn qualified(
        &mut self,
        node: &Term,
        path: Option<&Path>,
        out: &mut Vec<Constraint>,
    ) -> Result<(), ShaclError> {
        let graph = self.graph;
        let shapes = graph.objects(node, sh::QUALIFIED_VALUE_SHAPE)?;
        let min = graph.objects(node, sh::QUALIFIED_MIN_COUNT)?;
        let max = graph.objects(node, sh::QUALIFIED_MAX_COUNT)?;
        // Without its shape the component is not active (SHACL §4.7.3), whatever counts
        // the shape gives.
        if shapes.is_empty() {
            return Ok(());
        }
        if path.is_none() {
            return Err(unsupported(
                node,
                "sh:qualifiedValueShape in a node shape; it applies to property shapes only",
            ));
        }
        if shapes.len() > 1 {
            return Err(unsupported(node, "more than one sh:qualifiedValueShape"));
        }
        let disjoint = match graph.object(node, sh::QUALIFIED_VALUE_SHAPES_DISJOINT)? {
            None => false,
            Some(value) => boolean(&value).ok_or_else(|| {
                unsupported(
                    node,
                    format!("sh:qualifiedValueShapesDisjoint {value}, which is not a boolean"),
                )
            })?,
        };
        let shape = self.id(shapes[0].clone());
        let mut siblings = Vec::new();
        if disjoint {
            for parent in graph.subjects(sh::PROPERTY, Some(node))? {
                for sibling in graph.objects(&parent, sh::PROPERTY)? {
                    if sibling == *node {
                        continue;
                    }
                    for q in graph.objects(&sibling, sh::QUALIFIED_VALUE_SHAPE)? {
                        siblings.push(self.id(q));
                    }
                }
            }
            siblings.sort_unstable();
            siblings.dedup();
        }
        for (values, parameter, component, is_max) in [
            (
                &min,
                sh::QUALIFIED_MIN_COUNT,
                sh::QUALIFIED_MIN_COUNT_CONSTRAINT_COMPONENT,
                false,
            ),
            (
                &max,
                sh::QUALIFIED_MAX_COUNT,
                sh::QUALIFIED_MAX_COUNT_CONSTRAINT_COMPONENT,
                true,
            ),
        ] {
            for value in values.iter() {
                out.push(Constraint {
                    component: component.into_owned(),
                    kind: Check::Qualified {
                        shape,
                        siblings: siblings.clone(),
                        count: count(node, parameter, value)?,
                        max: is_max,
                    },
                });
            }
        }
        Ok(())
    }

    fn sparql(
        &mut self,
        node: &Term,
        constraint: &Term,
        path: Option<&Path>,
    ) -> Result<Option<SparqlConstraint>, ShaclError> {
        let graph = self.graph;
        if let Some(value) = graph.object(constraint, sh::DEACTIVATED)?
            && boolean(&value) == Some(true)
        {
            return Ok(None);
        }
        let Some(Term::Literal(select)) = graph.object(constraint, sh::SELECT)? else {
            return Err(unsupported(
                node,
                format!("the sh:sparql constraint {constraint} without a literal sh:select query"),
            ));
        };
        let prefixes = graph.prefixes(constraint, node)?;
        let query = Prepared::new(
            select.value(),
            Form::Select,
            &prefixes,
            &["this", "currentShape", "shapesGraph"],
            path,
        )
        .map_err(|message| ShaclError::Sparql {
            shape: node.to_string(),
            message,
        })?;
        self.reads_shapes_graph |= query.reads_shapes_graph;
        Ok(Some(SparqlConstraint {
            node: constraint.clone(),
            query,
            message: message(graph, constraint)?,
        }))
    }

    /// The uses of SPARQL-based constraint components: a shape that has a value for every
    /// mandatory parameter (one constraint per combination of values).
    fn custom(
        &mut self,
        node: &Term,
        path: Option<&Path>,
        out: &mut Vec<Constraint>,
    ) -> Result<(), ShaclError> {
        let graph = self.graph;
        for component in &self.components {
            let mut combinations: Vec<Vec<(String, Term)>> = vec![Vec::new()];
            let mut active = true;
            for (parameter, name, optional) in &component.parameters {
                let values = graph.objects(node, parameter.as_ref())?;
                if values.is_empty() {
                    if *optional {
                        continue;
                    }
                    active = false;
                    break;
                }
                combinations = combinations
                    .into_iter()
                    .flat_map(|c| {
                        values.iter().map(move |v| {
                            let mut c = c.clone();
                            c.push((name.clone(), v.clone()));
                            c
                        })
                    })
                    .collect();
            }
            if !active
                || component
                    .parameters
                    .iter()
                    .all(|(_, _, optional)| *optional)
            {
                continue;
            }
            let (validator, form) = match self.validator(component, path.is_some())? {
                Some(v) => v,
                None => {
                    return Err(unsupported(
                        node,
                        format!(
                            "the constraint component {}, which has no validator for {}",
                            component.iri,
                            if path.is_some() {
                                "property shapes"
                            } else {
                                "node shapes"
                            }
                        ),
                    ));
                }
            };
            let text = graph
                .object(
                    &validator,
                    if form == Form::Ask {
                        sh::ASK
                    } else {
                        sh::SELECT
                    },
                )?
                .and_then(|t| match t {
                    Term::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                })
                .ok_or_else(|| {
                    unsupported(node, format!("the validator {validator} without a query"))
                })?;
            let prefixes = graph.prefixes(&validator, node)?;
            let mut prebound: Vec<&str> = vec!["this", "currentShape", "shapesGraph"];
            if form == Form::Ask {
                prebound.push("value");
            }
            prebound.extend(
                component
                    .parameters
                    .iter()
                    .map(|(_, name, _)| name.as_str()),
            );
            let query =
                Prepared::new(&text, form, &prefixes, &prebound, path).map_err(|message| {
                    ShaclError::Sparql {
                        shape: node.to_string(),
                        message: format!("{} ({})", message, component.iri),
                    }
                })?;
            self.reads_shapes_graph |= query.reads_shapes_graph;
            let message = match message(graph, &validator)? {
                Some(m) => Some(m),
                None => message(graph, &component.node)?,
            };
            for parameters in combinations {
                out.push(Constraint {
                    component: component.iri.clone(),
                    kind: Check::Custom(Box::new(CustomConstraint {
                        query: query.clone(),
                        form,
                        parameters,
                        message: message.clone(),
                    })),
                });
            }
        }
        Ok(())
    }

    /// The validator a component uses in a node or a property shape (§6.2.3).
    fn validator(
        &self,
        component: &Component,
        property: bool,
    ) -> Result<Option<(Term, Form)>, ShaclError> {
        let graph = self.graph;
        let specific = graph.object(
            &component.node,
            if property {
                sh::PROPERTY_VALIDATOR
            } else {
                sh::NODE_VALIDATOR
            },
        )?;
        let (validator, default_form) = match specific {
            Some(v) => (v, Form::Select),
            None => match graph.object(&component.node, sh::VALIDATOR)? {
                Some(v) => (v, Form::Ask),
                None => return Ok(None),
            },
        };
        let form = if graph.is_instance(&validator, sh::SPARQL_ASK_VALIDATOR)?
            || graph.object(&validator, sh::ASK)?.is_some()
        {
            Form::Ask
        } else if graph.object(&validator, sh::SELECT)?.is_some() {
            Form::Select
        } else {
            default_form
        };
        Ok(Some((validator, form)))
    }
}

/// The first `sh:message` of a node (an untagged or English one first).
fn message(graph: &ShapesGraph, node: &Term) -> Result<Option<String>, ShaclError> {
    let mut messages: Vec<(bool, String)> = graph
        .objects(node, sh::MESSAGE)?
        .into_iter()
        .filter_map(|m| match m {
            Term::Literal(l) => Some((
                !matches!(l.language(), None | Some("en")),
                l.value().to_owned(),
            )),
            _ => None,
        })
        .collect();
    messages.sort();
    Ok(messages.into_iter().next().map(|(_, m)| m))
}

/// An XPath regular expression with its flags (`s`, `m`, `i`, `x`, `q`), as `sh:pattern`
/// and SPARQL's `REGEX` read it.
fn regex(shape: &Term, pattern: &str, flags: &str) -> Result<regex::Regex, ShaclError> {
    let mut text = pattern.to_owned();
    let mut builder_flags = (false, false, false, false);
    for flag in flags.chars() {
        match flag {
            'i' => builder_flags.0 = true,
            's' => builder_flags.1 = true,
            'm' => builder_flags.2 = true,
            'x' => builder_flags.3 = true,
            'q' => text = regex::escape(pattern),
            other => {
                return Err(unsupported(
                    shape,
                    format!("sh:flags with the unknown flag {other:?}"),
                ));
            }
        }
    }
    regex::RegexBuilder::new(&text)
        .case_insensitive(builder_flags.0)
        .dot_matches_new_line(builder_flags.1)
        .multi_line(builder_flags.2)
        .ignore_whitespace(builder_flags.3)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| unsupported(shape, format!("sh:pattern {pattern:?}, which is not a regular expression this engine reads: {e}")))
}
