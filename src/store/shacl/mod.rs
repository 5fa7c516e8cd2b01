//! SHACL validation on top of oxigraph: the SHACL Core constraint components the project's
//! shapes use, plus SPARQL-based constraints, evaluated against an in-memory store.
//!
//! The engine is fenced. What it evaluates is the table in [`components`] (one small
//! function per component: `sh:minCount`, `sh:maxCount`, `sh:datatype`, `sh:class`,
//! `sh:nodeKind`, `sh:in`, `sh:hasValue`, `sh:pattern`, `sh:languageIn`, `sh:uniqueLang`,
//! `sh:lessThan`, `sh:lessThanOrEquals`, `sh:or`, `sh:node`, `sh:sparql`) and the
//! structure around it ([`STRUCTURAL`]: explicit targets, `sh:property`, predicate and
//! inverse paths, `sh:message`, `sh:severity`, `sh:deactivated`, and the non-validating
//! annotations). A shapes graph that uses anything else (a sequence, alternative or
//! zero-or-more path, an implicit class target, `sh:closed`, …) is refused when it is
//! read, with an error naming the shape and the construct: a constraint is never
//! silently half-checked.
//!
//! The choice is deliberate: the shapes need about fifteen components, which SPARQL on
//! oxigraph evaluates directly, so the crate takes no SHACL dependency (and its build
//! time). The verdicts, components and values are cross-checked against pySHACL in the
//! tests.
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
mod report;

pub use report::{Report, ValidationResult};

use crate::graph::vocab::{owl, rdf, rdfs, sh};
use components::COMPONENTS;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator, Variable};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// The project's shapes, compiled into the binary.
pub const SHAPES: &str = include_str!("../../../ontology/shapes.ttl");

/// The `sh:` terms the engine reads besides the components' parameters: targets, property
/// shapes and paths, how results are worded, and annotations that do not validate.
pub const STRUCTURAL: &[NamedNodeRef<'static>] = &[
    sh::TARGET_CLASS,
    sh::TARGET_NODE,
    sh::TARGET_SUBJECTS_OF,
    sh::TARGET_OBJECTS_OF,
    sh::PROPERTY,
    sh::PATH,
    sh::INVERSE_PATH,
    sh::MESSAGE,
    sh::SEVERITY,
    sh::DEACTIVATED,
    sh::NAME,
    sh::DESCRIPTION,
    sh::ORDER,
    sh::GROUP,
];

/// Every `sh:` predicate a shapes graph may use: [`STRUCTURAL`] and the parameters of the
/// components the engine evaluates.
pub fn supported() -> Vec<NamedNodeRef<'static>> {
    let mut terms: Vec<NamedNodeRef<'static>> = STRUCTURAL.to_vec();
    for component in COMPONENTS {
        terms.push(component.parameter);
        terms.extend(component.reads);
    }
    terms.sort_by_key(|t| t.as_str());
    terms.dedup();
    terms
}

/// Why validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum ShaclError {
    /// The shapes graph does not parse.
    #[error("the shapes do not parse: {0}")]
    Parse(String),
    /// The shapes use something the engine does not evaluate.
    #[error("shape {shape} uses {construct}, which this SHACL engine does not evaluate")]
    Unsupported {
        /// The shape (or shape node) that uses it.
        shape: String,
        /// What it uses.
        construct: String,
    },
    /// The store failed.
    #[error("store error")]
    Store(#[from] StorageError),
    /// One of the engine's own queries failed.
    #[error("the query {query:?} failed: {message}")]
    Query {
        /// The query.
        query: String,
        /// The error.
        message: String,
    },
    /// A SPARQL-based constraint failed to run.
    #[error("the SPARQL constraint of shape {shape} failed: {message}")]
    Sparql {
        /// The shape.
        shape: String,
        /// The error.
        message: String,
    },
}

/// A shapes graph, loaded into its own store and checked against the engine's fence.
pub struct Shapes {
    store: Store,
}

impl Shapes {
    /// Parses shapes written in Turtle, and refuses shapes that use anything the engine
    /// does not evaluate.
    pub fn parse(turtle: &str) -> Result<Self, ShaclError> {
        let store = Store::new()?;
        store
            .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), turtle)
            .map_err(|e| ShaclError::Parse(e.to_string()))?;
        let shapes = Self { store };
        shapes.fence()?;
        Ok(shapes)
    }

    /// Refuses unsupported paths, implicit class targets and unknown `sh:` terms.
    fn fence(&self) -> Result<(), ShaclError> {
        let unsupported =
            |shape: &dyn std::fmt::Display, construct: &str| ShaclError::Unsupported {
                shape: shape.to_string(),
                construct: construct.to_owned(),
            };
        let mut paths = self.pairs(sh::PATH)?;
        paths.sort_by_key(|(s, p)| (s.to_string(), p.to_string()));
        for (shape, path) in paths {
            if let Some(construct) = self.unsupported_path(&path)? {
                return Err(unsupported(&shape, &construct));
            }
        }
        for kind in [sh::NODE_SHAPE, sh::PROPERTY_SHAPE] {
            for quad in self
                .store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(kind.into()), None)
            {
                let shape: Term = quad?.subject.into();
                for class in [rdfs::CLASS, owl::CLASS] {
                    if self
                        .objects(&shape, rdf::TYPE)?
                        .contains(&class.into_owned().into())
                    {
                        return Err(unsupported(
                            &shape,
                            "an implicit class target (a shape that is also a class); name the class with sh:targetClass",
                        ));
                    }
                }
            }
        }
        let supported = supported();
        let mut unknown: Vec<(String, String)> = Vec::new();
        for quad in self.store.iter() {
            let quad = quad?;
            if quad.predicate.as_str().starts_with(sh::NAMESPACE)
                && !supported.contains(&quad.predicate.as_ref())
            {
                unknown.push((
                    quad.subject.to_string(),
                    format!("sh:{}", &quad.predicate.as_str()[sh::NAMESPACE.len()..]),
                ));
            }
        }
        unknown.sort();
        match unknown.first() {
            Some((shape, term)) => Err(unsupported(shape, term)),
            None => Ok(()),
        }
    }

    /// What is wrong with a path the engine cannot follow, or `None` for a predicate path
    /// or the inverse of one.
    fn unsupported_path(&self, path: &Term) -> Result<Option<String>, ShaclError> {
        Ok(match path {
            Term::NamedNode(_) => None,
            Term::Literal(_) => Some("a literal as sh:path".to_owned()),
            Term::BlankNode(_) => {
                if !self.objects(path, rdf::FIRST)?.is_empty() {
                    Some("a sequence path".to_owned())
                } else if let Some(inverse) = self.object(path, sh::INVERSE_PATH)? {
                    match inverse {
                        Term::NamedNode(_) => None,
                        _ => Some("the inverse of a path that is not a predicate".to_owned()),
                    }
                } else {
                    let kinds = [
                        (
                            sh::ALTERNATIVE_PATH,
                            "an alternative path (sh:alternativePath)",
                        ),
                        (
                            sh::ZERO_OR_MORE_PATH,
                            "a zero-or-more path (sh:zeroOrMorePath)",
                        ),
                        (
                            sh::ONE_OR_MORE_PATH,
                            "a one-or-more path (sh:oneOrMorePath)",
                        ),
                        (
                            sh::ZERO_OR_ONE_PATH,
                            "a zero-or-one path (sh:zeroOrOnePath)",
                        ),
                    ];
                    let mut which = "a path of unknown form".to_owned();
                    for (predicate, name) in kinds {
                        if self.object(path, predicate)?.is_some() {
                            name.clone_into(&mut which);
                        }
                    }
                    Some(which)
                }
            }
        })
    }

    fn pairs(&self, predicate: NamedNodeRef<'_>) -> Result<Vec<(Term, Term)>, ShaclError> {
        self.store
            .quads_for_pattern(None, Some(predicate), None, None)
            .map(|q| q.map(|q| (q.subject.into(), q.object)).map_err(Into::into))
            .collect()
    }

    fn objects(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, ShaclError> {
        let Some(subject) = as_subject(subject) else {
            return Ok(Vec::new());
        };
        let mut objects = self
            .store
            .quads_for_pattern(Some(subject.as_ref()), Some(predicate), None, None)
            .map(|q| q.map(|q| q.object))
            .collect::<Result<Vec<_>, _>>()?;
        objects.sort_by_key(ToString::to_string);
        Ok(objects)
    }

    fn object(
        &self,
        subject: &Term,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<Term>, ShaclError> {
        Ok(self.objects(subject, predicate)?.into_iter().next())
    }

    /// The members of an RDF list.
    fn list(&self, head: &Term) -> Result<Vec<Term>, ShaclError> {
        let mut items = Vec::new();
        let mut node = head.clone();
        let nil: Term = rdf::NIL.into_owned().into();
        // A cyclic list is a mistake in the shapes; ten thousand members is far past any.
        while node != nil && items.len() < 10_000 {
            let Some(first) = self.object(&node, rdf::FIRST)? else {
                break;
            };
            items.push(first);
            let Some(rest) = self.object(&node, rdf::REST)? else {
                break;
            };
            node = rest;
        }
        Ok(items)
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

/// A property path the engine follows: the fence lets no other through.
#[derive(Debug, Clone)]
enum Path {
    Predicate(NamedNode),
    Inverse(NamedNode),
}

/// What a component checks: a shape, a focus node and the value nodes the shape's path
/// reaches from it (the focus node itself for a node shape).
struct Context<'a> {
    shape: &'a Term,
    focus: &'a Term,
    values: &'a [Term],
}

/// One thing a component found wrong.
struct Finding {
    /// The offending value, where there is one.
    value: Option<Term>,
    /// The component's wording, which the shape's `sh:message` replaces.
    message: String,
    /// Whether `message` is the constraint's own (`sh:sparql`), which the shape's
    /// `sh:message` does not replace.
    own_message: bool,
}

struct Validator<'a> {
    data: &'a Store,
    shapes: &'a Shapes,
    instances: BTreeMap<String, HashSet<Term>>,
}

/// Validates the default graph of `data` against `shapes`.
pub fn validate(data: &Store, shapes: &Shapes) -> Result<Report, ShaclError> {
    let mut validator = Validator {
        data,
        shapes,
        instances: BTreeMap::new(),
    };
    let mut shape_nodes: Vec<Term> = Vec::new();
    for target in [
        sh::TARGET_CLASS,
        sh::TARGET_NODE,
        sh::TARGET_SUBJECTS_OF,
        sh::TARGET_OBJECTS_OF,
    ] {
        shape_nodes.extend(shapes.pairs(target)?.into_iter().map(|(s, _)| s));
    }
    shape_nodes.sort_by_key(ToString::to_string);
    shape_nodes.dedup();
    let mut results = Vec::new();
    for shape in shape_nodes {
        if validator.deactivated(&shape)? {
            continue;
        }
        for focus in validator.targets(&shape)? {
            results.extend(validator.check_shape(&shape, &focus)?);
        }
    }
    Ok(Report::new(results))
}

impl Validator<'_> {
    fn deactivated(&self, shape: &Term) -> Result<bool, ShaclError> {
        Ok(self.shapes.object(shape, sh::DEACTIVATED)? == Some(Literal::from(true).into()))
    }

    fn query_error(query: &str, error: impl ToString) -> ShaclError {
        ShaclError::Query {
            query: query.to_owned(),
            message: error.to_string(),
        }
    }

    /// Runs one of the engine's own ASK queries on the data.
    fn ask(&self, query: &str) -> Result<bool, ShaclError> {
        match SparqlEvaluator::new()
            .parse_query(query)
            .map_err(|e| Self::query_error(query, e))?
            .on_store(self.data)
            .execute()
            .map_err(|e| Self::query_error(query, e))?
        {
            QueryResults::Boolean(answer) => Ok(answer),
            _ => Err(Self::query_error(query, "expected an ASK query")),
        }
    }

    /// The instances of `class`, through `rdfs:subClassOf*` in the data graph, computed
    /// once per class.
    fn instances_of(&mut self, class: &Term) -> Result<&HashSet<Term>, ShaclError> {
        let key = class.to_string();
        if !self.instances.contains_key(&key) {
            let mut set = HashSet::new();
            if let Term::NamedNode(iri) = class {
                let query = format!(
                    "SELECT DISTINCT ?x WHERE {{ ?x <{}>/<{}>* <{}> }}",
                    rdf::TYPE.as_str(),
                    rdfs::SUB_CLASS_OF.as_str(),
                    iri.as_str()
                );
                let results = SparqlEvaluator::new()
                    .parse_query(&query)
                    .map_err(|e| Self::query_error(&query, e))?
                    .on_store(self.data)
                    .execute()
                    .map_err(|e| Self::query_error(&query, e))?;
                if let QueryResults::Solutions(solutions) = results {
                    for solution in solutions {
                        let solution = solution.map_err(|e| Self::query_error(&query, e))?;
                        if let Some(x) = solution.get("x") {
                            set.insert(x.clone());
                        }
                    }
                }
            }
            self.instances.insert(key.clone(), set);
        }
        Ok(&self.instances[&key])
    }

    fn targets(&mut self, shape: &Term) -> Result<Vec<Term>, ShaclError> {
        let mut focus = Vec::new();
        for class in self.shapes.objects(shape, sh::TARGET_CLASS)? {
            focus.extend(self.instances_of(&class)?.iter().cloned());
        }
        focus.extend(self.shapes.objects(shape, sh::TARGET_NODE)?);
        for (target, subjects) in [
            (sh::TARGET_SUBJECTS_OF, true),
            (sh::TARGET_OBJECTS_OF, false),
        ] {
            for predicate in self.shapes.objects(shape, target)? {
                let Term::NamedNode(p) = predicate else {
                    continue;
                };
                for quad in self
                    .data
                    .quads_for_pattern(None, Some(p.as_ref()), None, None)
                {
                    let quad = quad?;
                    focus.push(if subjects {
                        quad.subject.into()
                    } else {
                        quad.object
                    });
                }
            }
        }
        focus.sort_by_key(ToString::to_string);
        focus.dedup();
        Ok(focus)
    }

    fn path(&self, shape: &Term) -> Result<Option<Path>, ShaclError> {
        Ok(match self.shapes.object(shape, sh::PATH)? {
            None => None,
            Some(Term::NamedNode(p)) => Some(Path::Predicate(p)),
            Some(node) => match self.shapes.object(&node, sh::INVERSE_PATH)? {
                Some(Term::NamedNode(p)) => Some(Path::Inverse(p)),
                // The fence refused every other path when the shapes were read.
                _ => {
                    return Err(ShaclError::Unsupported {
                        shape: shape.to_string(),
                        construct: "a path that is not a predicate or its inverse".to_owned(),
                    });
                }
            },
        })
    }

    fn values(&self, focus: &Term, path: &Path) -> Result<Vec<Term>, ShaclError> {
        let mut values: Vec<Term> = match path {
            Path::Predicate(p) => match as_subject(focus) {
                Some(s) => self
                    .data
                    .quads_for_pattern(Some(s.as_ref()), Some(p.as_ref()), None, None)
                    .map(|q| q.map(|q| q.object))
                    .collect::<Result<_, _>>()?,
                None => Vec::new(),
            },
            Path::Inverse(p) => self
                .data
                .quads_for_pattern(None, Some(p.as_ref()), Some(focus.as_ref()), None)
                .map(|q| q.map(|q| q.subject.into()))
                .collect::<Result<_, _>>()?,
        };
        values.sort_by_key(ToString::to_string);
        values.dedup();
        Ok(values)
    }

    /// Every result of `shape` on `focus`: each component's, then its property shapes'.
    fn check_shape(
        &mut self,
        shape: &Term,
        focus: &Term,
    ) -> Result<Vec<ValidationResult>, ShaclError> {
        let mut results = Vec::new();
        if self.deactivated(shape)? {
            return Ok(results);
        }
        let path = self.path(shape)?;
        let values = match &path {
            Some(path) => self.values(focus, path)?,
            None => vec![focus.clone()],
        };
        let result_path = match &path {
            Some(Path::Predicate(p)) => Some(p.clone()),
            _ => None,
        };
        let severity = match self.shapes.object(shape, sh::SEVERITY)? {
            Some(Term::NamedNode(s)) => s,
            _ => sh::VIOLATION.into_owned(),
        };
        let shape_message = match self.shapes.object(shape, sh::MESSAGE)? {
            Some(Term::Literal(m)) => Some(m.value().to_owned()),
            _ => None,
        };
        let context = Context {
            shape,
            focus,
            values: &values,
        };
        for component in COMPONENTS {
            for parameter in self.shapes.objects(shape, component.parameter)? {
                for finding in (component.check)(self, &context, &parameter)? {
                    let message = match (&shape_message, finding.own_message) {
                        (Some(message), false) => message.clone(),
                        _ => finding.message,
                    };
                    results.push(ValidationResult {
                        focus: focus.clone(),
                        path: result_path.clone(),
                        value: finding.value,
                        component: component.iri.into_owned(),
                        source_shape: shape.clone(),
                        severity: severity.clone(),
                        message,
                    });
                }
            }
        }
        for property in self.shapes.objects(shape, sh::PROPERTY)? {
            for value in &values {
                results.extend(self.check_shape(&property, value)?);
            }
        }
        Ok(results)
    }

    /// The rows of an `sh:select` query with `$this` bound to `focus` and the constraint's
    /// `sh:prefixes` declared.
    fn sparql(
        &self,
        shape: &Term,
        constraint: &Term,
        select: &str,
        focus: &Term,
    ) -> Result<Vec<BTreeMap<String, Term>>, ShaclError> {
        let mut prefixes = String::new();
        for declarations in self.shapes.objects(constraint, sh::PREFIXES)? {
            for declaration in self.shapes.objects(&declarations, sh::DECLARE)? {
                if let (Some(Term::Literal(prefix)), Some(Term::Literal(namespace))) = (
                    self.shapes.object(&declaration, sh::PREFIX_PROPERTY)?,
                    self.shapes.object(&declaration, sh::NAMESPACE_PROPERTY)?,
                ) {
                    let _ = writeln!(
                        prefixes,
                        "PREFIX {}: <{}>",
                        prefix.value(),
                        namespace.value()
                    );
                }
            }
        }
        let error = |e: String| ShaclError::Sparql {
            shape: shape.to_string(),
            message: e,
        };
        // `$this` is pre-bound through oxigraph's substitution, which needs it projected (as
        // `SELECT $this …` does). A query that does not project it gets the focus written
        // in its place, in N-Triples form, which cannot change the query's structure.
        let query = format!("{prefixes}{select}");
        let prepared = SparqlEvaluator::new()
            .parse_query(&query)
            .map_err(|e| error(e.to_string()))?
            .substitute_variable(Variable::new_unchecked("this"), focus.clone());
        let results = match prepared.on_store(self.data).execute() {
            Err(QueryEvaluationError::NotExistingSubstitutedVariable(_)) => {
                let Term::NamedNode(iri) = focus else {
                    return Ok(Vec::new());
                };
                let query = format!(
                    "{prefixes}{}",
                    select.replace("$this", &format!("<{}>", iri.as_str()))
                );
                SparqlEvaluator::new()
                    .parse_query(&query)
                    .map_err(|e| error(e.to_string()))?
                    .on_store(self.data)
                    .execute()
            }
            other => other,
        };
        match results.map_err(|e| error(e.to_string()))? {
            QueryResults::Solutions(solutions) => {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| error(e.to_string()))?;
                    rows.push(
                        solution
                            .iter()
                            .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                            .collect(),
                    );
                }
                Ok(rows)
            }
            _ => Err(error("sh:select must be a SELECT query".to_owned())),
        }
    }
}

#[cfg(test)]
mod tests;
