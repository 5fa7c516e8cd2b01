//! SHACL validation on top of oxigraph: all of SHACL Core (every target, every property
//! path, every constraint component, `sh:deactivated`, severities and messages) and
//! SHACL-SPARQL (SPARQL-based constraints and constraint components, with pre-binding as
//! the specification defines it), evaluated against an in-memory store.
//!
//! The shapes graph is read once into compiled shapes ([`shapes`]): every parameter is
//! checked there, and whatever the engine does not evaluate (an unknown `sh:` term, a SHACL
//! Advanced Features rule, a parameter of the wrong form) is refused with an error naming
//! the shape and the construct, so nothing is validated half-way. Validation then walks the
//! compiled shapes ([`components`] holds one small function per component). Recursive
//! shapes, which SHACL leaves undefined, are detected when a shape is asked about a focus
//! node it is already validating, and reported as an error naming the shapes of the cycle;
//! validation runs on a thread with a large stack and a bound on nesting, so nothing
//! overflows.
//!
//! The W3C SHACL test suite (core and SPARQL) runs in `cargo test` (`tests/w3c_shacl.rs`),
//! and the verdicts on the project's shapes are cross-checked with pySHACL and Jena.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let base = BaseIri::default();
//! let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None)?, &base)?;
//! let shapes = cpsu_kg::store::shacl::Shapes::parse(cpsu_kg::store::shacl::SHAPES)?;
//! let report = cpsu_kg::store::shacl::validate(&store, &shapes)?;
//! assert!(report.conforms(), "{:?}", report.results.first());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod components;
mod literal;
mod path;
mod report;
mod shapes;
mod sparql;
mod vocab;

pub use path::Path;
pub use report::{Report, ValidationResult};

use crate::graph::vocab::{rdf, rdfs};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    BlankNode, Graph, GraphNameRef, NamedOrBlankNode, NamedOrBlankNodeRef, QuadRef, Term, TermRef,
    Triple, TripleRef,
};
use oxigraph::store::{StorageError, Store};
use shapes::{Compiled, ShapeId, ShapesGraph, Target};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use vocab::SHAPES_GRAPH_NAME;

/// The project's shapes, compiled into the binary.
pub const SHAPES: &str = include_str!("../../../ontology/shapes.ttl");

/// How many shapes may nest (through `sh:node`, `sh:property`, `sh:and` …) on one focus
/// node's validation before it is refused.
pub const MAX_NESTING: usize = 2_000;

/// The stack of the validation thread: room for [`MAX_NESTING`] levels and then some.
const STACK_BYTES: usize = 512 << 20;

/// Why validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum ShaclError {
    /// The shapes graph does not parse.
    #[error("the shapes do not parse: {0}")]
    Parse(String),
    /// The shapes use something the engine does not evaluate, or a parameter of the wrong
    /// form.
    #[error("shape {shape} uses {construct}, which this SHACL engine does not evaluate")]
    Unsupported {
        /// The shape (or shape node) that uses it.
        shape: String,
        /// What it uses.
        construct: String,
    },
    /// The shapes are recursive on some focus node, which SHACL leaves undefined.
    #[error(
        "the shapes are recursive: validating {focus} against {cycle} comes back to the first shape on the same node, which SHACL leaves undefined"
    )]
    Recursion {
        /// The focus node.
        focus: String,
        /// The shapes of the cycle, joined by arrows.
        cycle: String,
    },
    /// Shapes nest deeper than [`MAX_NESTING`].
    #[error("shape {shape} nests shapes deeper than {MAX_NESTING} levels on {focus}")]
    TooDeep {
        /// The shape at the limit.
        shape: String,
        /// The focus node.
        focus: String,
    },
    /// The store failed.
    #[error("store error")]
    Store(#[from] StorageError),
    /// The engine itself failed (a bug, never the input's fault).
    #[error("internal error of the SHACL engine: {0}")]
    Internal(String),
    /// A SPARQL-based constraint or component cannot run, or failed.
    #[error("the SPARQL query of shape {shape} cannot run: {message}")]
    Sparql {
        /// The shape.
        shape: String,
        /// The error.
        message: String,
    },
}

/// A shapes graph, read and compiled: ready to validate any number of data graphs.
pub struct Shapes {
    graph: ShapesGraph,
    compiled: Compiled,
}

impl Shapes {
    /// Parses shapes written in Turtle, and refuses shapes that use anything the engine
    /// does not evaluate.
    pub fn parse(turtle: &str) -> Result<Self, ShaclError> {
        Self::parse_with_base(turtle, None)
    }

    /// Parses shapes written in Turtle, resolving relative IRIs against `base` (the file's
    /// own URL, as other SHACL engines do).
    pub fn parse_with_base(turtle: &str, base: Option<&str>) -> Result<Self, ShaclError> {
        let graphs = read_graphs(turtle.as_bytes(), RdfFormat::Turtle, base, "s")?;
        Self::from_graph(graphs.into_iter().next().unwrap_or_default())
    }

    /// Compiles the shapes in `graph`.
    pub fn from_graph(graph: Graph) -> Result<Self, ShaclError> {
        let graph = ShapesGraph { graph };
        // Parsing a SPARQL query nests as deeply as the query does.
        let compiled = on_large_stack(|| shapes::compile(&graph))?;
        Ok(Self { graph, compiled })
    }
}

/// Parses RDF into graphs that keep every term exactly as written (a store would rewrite
/// `"4.0"^^xsd:decimal` as `4` and lose the type of `"300"^^xsd:byte`), resolving relative
/// IRIs against `base`: the default graph first, then each named graph of a dataset (TriG,
/// N-Quads) in the order the file names them, each to be validated on its own (an export
/// of both profiles holds each in its graph). Blank nodes are labelled `d1`, `d2` … in the
/// order the file gives them, so a report on the graph is the same from run to run.
pub fn parse_graphs(
    bytes: &[u8],
    format: RdfFormat,
    base: Option<&str>,
) -> Result<Vec<Graph>, ShaclError> {
    read_graphs(bytes, format, base, "d")
}

/// [`parse_graphs`], with blank nodes labelled `{label}1`, `{label}2` …: the shapes and
/// the data get different labels, since a blank node of one is never a node of the other.
fn read_graphs(
    bytes: &[u8],
    format: RdfFormat,
    base: Option<&str>,
    label: &str,
) -> Result<Vec<Graph>, ShaclError> {
    let mut parser = RdfParser::from_format(format);
    if let Some(base) = base {
        parser = parser
            .with_base_iri(base)
            .map_err(|e| ShaclError::Parse(e.to_string()))?;
    }
    let mut graphs: Vec<(oxigraph::model::GraphName, Graph)> =
        vec![(oxigraph::model::GraphName::DefaultGraph, Graph::new())];
    let mut labels: HashMap<BlankNode, BlankNode> = HashMap::new();
    let mut relabel = |node: &BlankNode| {
        let next = labels.len() + 1;
        labels
            .entry(node.clone())
            .or_insert_with(|| BlankNode::new_unchecked(format!("{label}{next}")))
            .clone()
    };
    for quad in parser.for_slice(bytes) {
        let quad = quad.map_err(|e| ShaclError::Parse(e.to_string()))?;
        let subject: NamedOrBlankNode = match quad.subject {
            NamedOrBlankNode::BlankNode(b) => relabel(&b).into(),
            named => named,
        };
        let object: Term = match quad.object {
            Term::BlankNode(b) => relabel(&b).into(),
            other => other,
        };
        let index = match graphs.iter().position(|(name, _)| *name == quad.graph_name) {
            Some(index) => index,
            None => {
                graphs.push((quad.graph_name.clone(), Graph::new()));
                graphs.len() - 1
            }
        };
        graphs[index]
            .1
            .insert(TripleRef::new(&subject, &quad.predicate, &object));
    }
    Ok(graphs.into_iter().map(|(_, graph)| graph).collect())
}

/// The file URL of `path` (made absolute), the base IRI its relative IRIs resolve against.
pub fn file_url(path: &std::path::Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Validates the default graph of `data` against `shapes`.
///
/// A SPARQL query that reads `$shapesGraph` needs the shapes in the dataset: they are
/// added to `data` as a named graph for the validation and removed after it.
pub fn validate(data: &Store, shapes: &Shapes) -> Result<Report, ShaclError> {
    let mut graph = Graph::new();
    for quad in data.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
        let quad = quad?;
        graph.insert(TripleRef::new(&quad.subject, &quad.predicate, &quad.object));
    }
    validate_with_store(&graph, data, shapes)
}

/// Validates `data` against `shapes`, with the terms exactly as they are in the graph.
/// SPARQL-based constraints run on a store loaded with the same triples.
pub fn validate_graph(data: &Graph, shapes: &Shapes) -> Result<Report, ShaclError> {
    let store = Store::new()?;
    if shapes.compiled.uses_sparql() {
        store.extend(
            data.iter()
                .map(|t| Triple::from(t).in_graph(oxigraph::model::GraphName::DefaultGraph)),
        )?;
    }
    validate_with_store(data, &store, shapes)
}

fn validate_with_store(data: &Graph, store: &Store, shapes: &Shapes) -> Result<Report, ShaclError> {
    let _shapes_graph = if shapes.compiled.reads_shapes_graph {
        Some(ShapesInData::add(store, &shapes.graph.graph)?)
    } else {
        None
    };
    on_large_stack(|| run(data, store, &shapes.compiled))
}

/// Runs `work` on a thread with a stack of [`STACK_BYTES`].
fn on_large_stack<T: Send>(
    work: impl FnOnce() -> Result<T, ShaclError> + Send,
) -> Result<T, ShaclError> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("shacl".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(StorageError::Io)?
            .join()
            .unwrap_or_else(|_| Err(ShaclError::Internal("the SHACL thread stopped".to_owned())))
    })
}

/// The shapes, copied into the data store as [`SHAPES_GRAPH_NAME`] while a validation
/// runs.
struct ShapesInData<'a> {
    data: &'a Store,
}

impl<'a> ShapesInData<'a> {
    fn add(data: &'a Store, shapes: &Graph) -> Result<Self, ShaclError> {
        for triple in shapes {
            data.insert(QuadRef::new(
                triple.subject,
                triple.predicate,
                triple.object,
                SHAPES_GRAPH_NAME,
            ))?;
        }
        Ok(Self { data })
    }
}

impl Drop for ShapesInData<'_> {
    fn drop(&mut self) {
        // Best effort: the named graph is ours alone, and a failure here leaves only it.
        let _ = self.data.remove_named_graph(SHAPES_GRAPH_NAME);
    }
}

fn run(data: &Graph, store: &Store, compiled: &Compiled) -> Result<Report, ShaclError> {
    let mut validator = Validator {
        data,
        store,
        compiled,
        instances: HashMap::new(),
        memo: HashMap::new(),
        stack: Vec::new(),
        active: HashSet::new(),
    };
    let mut results = Vec::new();
    for &root in &compiled.roots {
        if compiled.shapes[root].deactivated {
            continue;
        }
        for focus in validator.focus_nodes(root)? {
            results.extend(validator.check(root, &focus)?);
        }
    }
    Ok(Report::new(results))
}

/// One thing a component found wrong.
struct Finding {
    /// The offending value, where there is one.
    value: Option<Term>,
    /// A path that replaces the shape's (`sh:closed`, a SPARQL `?path`).
    path: Option<Path>,
    /// The component's wording, used when the shape has no `sh:message`.
    message: String,
    /// A message of the constraint itself (SPARQL), which wins over the shape's.
    own_message: Option<String>,
    /// `sh:sourceConstraint`, for SPARQL-based constraints.
    source_constraint: Option<Term>,
}

impl Finding {
    fn new(value: Option<&Term>, message: String) -> Self {
        Self {
            value: value.cloned(),
            path: None,
            message,
            own_message: None,
            source_constraint: None,
        }
    }
}

struct Validator<'a> {
    /// The data graph, its terms as written.
    data: &'a Graph,
    /// The same triples in a store, for SPARQL.
    store: &'a Store,
    compiled: &'a Compiled,
    /// The SHACL instances of each class in the data, computed once per class.
    instances: HashMap<Term, Rc<HashSet<Term>>>,
    /// Whether a node conforms to a shape, computed once per pair.
    memo: HashMap<(ShapeId, Term), bool>,
    /// The shapes being validated, outermost first, and the same as a set.
    stack: Vec<(ShapeId, Term)>,
    active: HashSet<(ShapeId, Term)>,
}

impl<'a> Validator<'a> {
    fn sparql_error(&self, id: ShapeId, message: String) -> ShaclError {
        ShaclError::Sparql {
            shape: self.compiled.shapes[id].node.to_string(),
            message,
        }
    }

    /// The SHACL instances of `class` in the data graph (`rdf:type/rdfs:subClassOf*`).
    fn instances_of(&mut self, class: &Term) -> Result<Rc<HashSet<Term>>, ShaclError> {
        if let Some(set) = self.instances.get(class) {
            return Ok(Rc::clone(set));
        }
        let mut classes = vec![class.clone()];
        let mut seen: HashSet<Term> = classes.iter().cloned().collect();
        let mut index = 0;
        while index < classes.len() {
            let current = classes[index].clone();
            index += 1;
            for sub in self
                .data
                .subjects_for_predicate_object(rdfs::SUB_CLASS_OF, &current)
            {
                let sub: Term = sub.into_owned().into();
                if seen.insert(sub.clone()) {
                    classes.push(sub);
                }
            }
        }
        let mut set = HashSet::new();
        for c in &classes {
            for instance in self.data.subjects_for_predicate_object(rdf::TYPE, c) {
                set.insert(Term::from(instance.into_owned()));
            }
        }
        let set = Rc::new(set);
        self.instances.insert(class.clone(), Rc::clone(&set));
        Ok(set)
    }

    fn focus_nodes(&mut self, id: ShapeId) -> Result<Vec<Term>, ShaclError> {
        let shape = &self.compiled.shapes[id];
        let mut focus = Vec::new();
        let mut seen = HashSet::new();
        let mut add = |t: Term, focus: &mut Vec<Term>| {
            if seen.insert(t.clone()) {
                focus.push(t);
            }
        };
        for target in &shape.targets {
            match target {
                Target::Class(class) => {
                    for t in self.instances_of(class)?.iter() {
                        add(t.clone(), &mut focus);
                    }
                }
                Target::Node(node) => add(node.clone(), &mut focus),
                Target::SubjectsOf(p) | Target::ObjectsOf(p) => {
                    let subjects = matches!(target, Target::SubjectsOf(_));
                    for triple in self.data.triples_for_predicate(p) {
                        add(
                            if subjects {
                                triple.subject.into_owned().into()
                            } else {
                                triple.object.into_owned()
                            },
                            &mut focus,
                        );
                    }
                }
            }
        }
        Ok(focus)
    }

    /// Whether `node` conforms to the shape: its validation has no result.
    fn conforms(&mut self, id: ShapeId, node: &Term) -> Result<bool, ShaclError> {
        if let Some(known) = self.memo.get(&(id, node.clone())) {
            return Ok(*known);
        }
        let conforms = self.check(id, node)?.is_empty();
        self.memo.insert((id, node.clone()), conforms);
        Ok(conforms)
    }

    /// Every result of validating `focus` against the shape.
    fn check(&mut self, id: ShapeId, focus: &Term) -> Result<Vec<ValidationResult>, ShaclError> {
        let compiled: &'a Compiled = self.compiled;
        let shape = &compiled.shapes[id];
        if shape.deactivated {
            return Ok(Vec::new());
        }
        let key = (id, focus.clone());
        if self.active.contains(&key) {
            let start = self.stack.iter().position(|k| *k == key).unwrap_or(0);
            let mut cycle: Vec<String> = self.stack[start..]
                .iter()
                .map(|(s, _)| compiled.shapes[*s].node.to_string())
                .collect();
            cycle.push(shape.node.to_string());
            cycle.dedup();
            return Err(ShaclError::Recursion {
                focus: focus.to_string(),
                cycle: cycle.join(" -> "),
            });
        }
        if self.stack.len() >= MAX_NESTING {
            return Err(ShaclError::TooDeep {
                shape: shape.node.to_string(),
                focus: focus.to_string(),
            });
        }
        self.active.insert(key.clone());
        self.stack.push(key.clone());
        let outcome = self.check_constraints(id, focus);
        self.stack.pop();
        self.active.remove(&key);
        outcome
    }

    fn check_constraints(
        &mut self,
        id: ShapeId,
        focus: &Term,
    ) -> Result<Vec<ValidationResult>, ShaclError> {
        let compiled: &'a Compiled = self.compiled;
        let shape = &compiled.shapes[id];
        let values = match &shape.path {
            Some(path) => path.values(self.data, focus),
            None => vec![focus.clone()],
        };
        let mut results = Vec::new();
        for constraint in &shape.constraints {
            if let shapes::Check::Property(property) = &constraint.kind {
                for value in &values {
                    results.extend(self.check(*property, value)?);
                }
                continue;
            }
            for finding in components::evaluate(self, id, focus, &values, constraint)? {
                let message = finding
                    .own_message
                    .or_else(|| shape.message.clone())
                    .unwrap_or(finding.message);
                results.push(ValidationResult {
                    focus: focus.clone(),
                    path: finding.path.or_else(|| shape.path.clone()),
                    value: finding.value,
                    component: constraint.component.clone(),
                    source_shape: shape.node.clone(),
                    source_constraint: finding.source_constraint,
                    severity: shape.severity.clone(),
                    message,
                });
            }
        }
        Ok(results)
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term.as_ref() {
        TermRef::NamedNode(n) => Some(n.into()),
        TermRef::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
