//! SHACL validation on top of oxigraph: the SHACL Core constraints the project's shapes use,
//! plus SPARQL-based constraints, evaluated against an in-memory store.
//!
//! Supported: node shapes and property shapes; targets `sh:targetClass` (with
//! `rdfs:subClassOf*` in the data graph), `sh:targetNode`, `sh:targetSubjectsOf`,
//! `sh:targetObjectsOf`; predicate and inverse paths; `sh:minCount`, `sh:maxCount`,
//! `sh:datatype`, `sh:class`, `sh:nodeKind`, `sh:in`, `sh:hasValue`, `sh:pattern`,
//! `sh:languageIn`, `sh:uniqueLang`, `sh:lessThan`, `sh:lessThanOrEquals`, `sh:or`,
//! `sh:node`, `sh:sparql` (SELECT, with `$this` and `sh:prefixes`), `sh:message`,
//! `sh:severity` and `sh:deactivated`. Shapes that use other constraint components get a
//! warning naming them in the report, rather than being silently half-checked.
//!
//! The choice is deliberate: the shapes need about fifteen components, which SPARQL on
//! oxigraph evaluates directly, so the crate takes no SHACL dependency (and its build
//! time). The verdicts are cross-checked against pySHACL in the tests.
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

use crate::graph::vocab::BaseIri;
use crate::graph::vocab::{EntityKind, rdf, xsd};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlEvaluator, Variable};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// The project's shapes, compiled into the binary.
pub const SHAPES: &str = include_str!("../../ontology/shapes.ttl");

const SH: &str = "http://www.w3.org/ns/shacl#";

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

/// Why validation could not run.
#[derive(Debug, thiserror::Error)]
pub enum ShaclError {
    /// The shapes graph does not parse.
    #[error("the shapes do not parse: {0}")]
    Parse(String),
    /// The store failed.
    #[error("store error: {0}")]
    Store(String),
    /// A SPARQL-based constraint failed to run.
    #[error("the SPARQL constraint of shape {shape} failed: {message}")]
    Sparql {
        /// The shape.
        shape: String,
        /// The error.
        message: String,
    },
}

/// A shapes graph, loaded into its own store.
pub struct Shapes {
    store: Store,
}

impl Shapes {
    /// Parses shapes written in Turtle.
    pub fn parse(turtle: &str) -> Result<Self, ShaclError> {
        let store = Store::new().map_err(|e| ShaclError::Store(e.to_string()))?;
        store
            .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), turtle)
            .map_err(|e| ShaclError::Parse(e.to_string()))?;
        Ok(Self { store })
    }

    fn objects(&self, subject: &Term, predicate: &NamedNode) -> Vec<Term> {
        let Some(subject) = as_subject(subject) else {
            return Vec::new();
        };
        let mut objects: Vec<Term> = self
            .store
            .quads_for_pattern(Some(subject.as_ref()), Some(predicate.as_ref()), None, None)
            .filter_map(Result::ok)
            .map(|q| q.object)
            .collect();
        objects.sort_by_key(ToString::to_string);
        objects
    }

    fn object(&self, subject: &Term, predicate: &str) -> Option<Term> {
        self.objects(subject, &sh(predicate)).into_iter().next()
    }

    fn list(&self, head: &Term) -> Vec<Term> {
        let mut items = Vec::new();
        let mut node = head.clone();
        let nil: Term = rdf::NIL.into_owned().into();
        while node != nil && items.len() < 10_000 {
            let Some(first) = self
                .objects(&node, &rdf::FIRST.into_owned())
                .into_iter()
                .next()
            else {
                break;
            };
            items.push(first);
            let Some(rest) = self
                .objects(&node, &rdf::REST.into_owned())
                .into_iter()
                .next()
            else {
                break;
            };
            node = rest;
        }
        items
    }

    fn subjects_with(&self, predicate: &NamedNode) -> Vec<Term> {
        self.store
            .quads_for_pattern(None, Some(predicate.as_ref()), None, None)
            .filter_map(Result::ok)
            .map(|q| q.subject.into())
            .collect()
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

/// One violation (or warning, or info) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    /// The node that does not conform.
    pub focus: Term,
    /// The property path, when the constraint is on a property shape with a predicate path.
    pub path: Option<NamedNode>,
    /// The offending value, where there is one.
    pub value: Option<Term>,
    /// The constraint component, such as `sh:MinCountConstraintComponent`.
    pub component: NamedNode,
    /// The shape whose constraint failed.
    pub source_shape: Term,
    /// `sh:Violation`, `sh:Warning` or `sh:Info`.
    pub severity: NamedNode,
    /// What is wrong.
    pub message: String,
}

/// The outcome of a validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every result, sorted.
    pub results: Vec<ValidationResult>,
    /// The SHACL terms the shapes use that this engine does not evaluate, such as
    /// `sh:closed`: reported, so a user knows a constraint was not checked.
    pub unsupported: Vec<String>,
}

/// Every `sh:` predicate the engine reads.
const SUPPORTED: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "property",
    "path",
    "inversePath",
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "nodeKind",
    "in",
    "hasValue",
    "pattern",
    "flags",
    "languageIn",
    "uniqueLang",
    "lessThan",
    "lessThanOrEquals",
    "or",
    "node",
    "sparql",
    "select",
    "prefixes",
    "declare",
    "prefix",
    "namespace",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
];

impl ValidationResult {
    fn key(&self) -> (String, String, String, String, String) {
        (
            self.focus.to_string(),
            self.path
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
            self.component.to_string(),
            self.value
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
            self.message.clone(),
        )
    }
}

/// Sorts results by focus node, path, component and value, and drops repeats.
fn sort_results(results: &mut Vec<ValidationResult>) {
    results.sort_by_cached_key(ValidationResult::key);
    results.dedup();
}

impl Report {
    /// Whether the data conforms: as the SHACL specification says, no result at all, of
    /// any severity.
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// Adds another report's results.
    pub fn merge(&mut self, other: Self) {
        self.results.extend(other.results);
        sort_results(&mut self.results);
        self.unsupported.extend(other.unsupported);
        self.unsupported.sort();
        self.unsupported.dedup();
    }

    /// The report as human text, one line per result.
    pub fn text(&self, base: &BaseIri) -> String {
        let prefixes = crate::graph::vocab::Prefixes::new(base);
        let short = |t: &Term| prefixes.display(t);
        let mut out = String::new();
        for r in &self.results {
            let severity = r.severity.as_str().trim_start_matches(SH).to_lowercase();
            let path = r
                .path
                .as_ref()
                .map_or_else(String::new, |p| format!(" {}", short(&p.clone().into())));
            let value = r
                .value
                .as_ref()
                .map_or_else(String::new, |v| format!(" (value {v})"));
            let component = r.component.as_str().trim_start_matches(SH);
            let _ = writeln!(
                out,
                "{severity}: {}{path}: {}{value} [{component}]",
                short(&r.focus),
                r.message
            );
        }
        for term in &self.unsupported {
            let _ = writeln!(
                out,
                "warning: the shapes use sh:{term}, which this engine does not evaluate"
            );
        }
        let violations = self
            .results
            .iter()
            .filter(|r| r.severity == sh("Violation"))
            .count();
        let _ = writeln!(
            out,
            "cpsu-kg: {} ({} and {} other results)",
            if self.conforms() {
                "the graph conforms to the shapes"
            } else {
                "the graph does not conform to the shapes"
            },
            crate::data::diagnostic::plural(violations, "violation"),
            self.results.len() - violations
        );
        out
    }

    /// The report as a standard `sh:ValidationReport`, with named nodes only.
    pub fn triples(&self, base: &BaseIri) -> Vec<Triple> {
        let report = base.entity(EntityKind::Validation, "report");
        let mut triples = vec![
            Triple::new(report.clone(), rdf::TYPE, sh("ValidationReport")),
            Triple::new(
                report.clone(),
                sh("conforms"),
                Literal::from(self.conforms()),
            ),
        ];
        for (index, result) in self.results.iter().enumerate() {
            let node = base.entity(EntityKind::Validation, &format!("result-{}", index + 1));
            triples.push(Triple::new(report.clone(), sh("result"), node.clone()));
            triples.push(Triple::new(node.clone(), rdf::TYPE, sh("ValidationResult")));
            triples.push(Triple::new(
                node.clone(),
                sh("focusNode"),
                result.focus.clone(),
            ));
            if let Some(path) = &result.path {
                triples.push(Triple::new(node.clone(), sh("resultPath"), path.clone()));
            }
            if let Some(value) = &result.value {
                triples.push(Triple::new(node.clone(), sh("value"), value.clone()));
            }
            triples.push(Triple::new(
                node.clone(),
                sh("sourceConstraintComponent"),
                result.component.clone(),
            ));
            triples.push(Triple::new(
                node.clone(),
                sh("sourceShape"),
                result.source_shape.clone(),
            ));
            triples.push(Triple::new(
                node.clone(),
                sh("resultSeverity"),
                result.severity.clone(),
            ));
            triples.push(Triple::new(
                node,
                sh("resultMessage"),
                Literal::new_simple_literal(&result.message),
            ));
        }
        triples
    }
}

/// A property path the engine follows.
#[derive(Debug, Clone)]
enum Path {
    Predicate(NamedNode),
    Inverse(NamedNode),
}

struct Validator<'a> {
    data: &'a Store,
    shapes: &'a Shapes,
    instances: BTreeMap<String, HashSet<Term>>,
    results: Vec<ValidationResult>,
}

/// Validates the default graph of `data` against `shapes`.
pub fn validate(data: &Store, shapes: &Shapes) -> Result<Report, ShaclError> {
    let mut validator = Validator {
        data,
        shapes,
        instances: BTreeMap::new(),
        results: Vec::new(),
    };
    let mut shape_nodes: Vec<Term> = Vec::new();
    for target in [
        "targetClass",
        "targetNode",
        "targetSubjectsOf",
        "targetObjectsOf",
    ] {
        shape_nodes.extend(shapes.subjects_with(&sh(target)));
    }
    shape_nodes.sort_by_key(ToString::to_string);
    shape_nodes.dedup();
    for shape in shape_nodes {
        if validator.deactivated(&shape) {
            continue;
        }
        for focus in validator.targets(&shape)? {
            let results = validator.check_shape(&shape, &focus)?;
            validator.results.extend(results);
        }
    }
    let mut results = validator.results;
    sort_results(&mut results);
    let mut unsupported: Vec<String> = shapes
        .store
        .iter()
        .filter_map(Result::ok)
        .filter_map(|q| q.predicate.as_str().strip_prefix(SH).map(str::to_owned))
        .filter(|local| !SUPPORTED.contains(&local.as_str()))
        .collect();
    unsupported.sort();
    unsupported.dedup();
    Ok(Report {
        results,
        unsupported,
    })
}

impl Validator<'_> {
    fn deactivated(&self, shape: &Term) -> bool {
        self.shapes.object(shape, "deactivated") == Some(Literal::from(true).into())
    }

    fn select(&self, query: &str) -> Result<Vec<Vec<Option<Term>>>, String> {
        let prepared = SparqlEvaluator::new()
            .parse_query(query)
            .map_err(|e| e.to_string())?;
        match prepared
            .on_store(self.data)
            .execute()
            .map_err(|e| e.to_string())?
        {
            QueryResults::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| e.to_string())?;
                    rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
                }
                Ok(rows)
            }
            _ => Err("expected a SELECT query".to_owned()),
        }
    }

    fn instances_of(&mut self, class: &Term) -> Result<&HashSet<Term>, ShaclError> {
        let key = class.to_string();
        if !self.instances.contains_key(&key) {
            let Term::NamedNode(iri) = class else {
                return Ok(self.instances.entry(key).or_default());
            };
            let rows = self
                .select(&format!(
                    "SELECT DISTINCT ?x WHERE {{ ?x <{}>/<{}>* <{}> }}",
                    rdf::TYPE.as_str(),
                    crate::graph::vocab::rdfs::SUB_CLASS_OF.as_str(),
                    iri.as_str()
                ))
                .map_err(ShaclError::Store)?;
            let set = rows
                .into_iter()
                .filter_map(|mut r| r.pop().flatten())
                .collect();
            self.instances.insert(key.clone(), set);
        }
        Ok(&self.instances[&key])
    }

    fn targets(&mut self, shape: &Term) -> Result<Vec<Term>, ShaclError> {
        let mut focus = Vec::new();
        for class in self.shapes.objects(shape, &sh("targetClass")) {
            focus.extend(self.instances_of(&class)?.iter().cloned());
        }
        focus.extend(self.shapes.objects(shape, &sh("targetNode")));
        for (target, subjects) in [("targetSubjectsOf", true), ("targetObjectsOf", false)] {
            for predicate in self.shapes.objects(shape, &sh(target)) {
                let Term::NamedNode(p) = predicate else {
                    continue;
                };
                for quad in self
                    .data
                    .quads_for_pattern(None, Some(p.as_ref()), None, None)
                    .filter_map(Result::ok)
                {
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

    fn path(&self, shape: &Term) -> Option<Path> {
        match self.shapes.object(shape, "path")? {
            Term::NamedNode(p) => Some(Path::Predicate(p)),
            node @ Term::BlankNode(_) => match self.shapes.object(&node, "inversePath") {
                Some(Term::NamedNode(p)) => Some(Path::Inverse(p)),
                _ => None,
            },
            Term::Literal(_) => None,
        }
    }

    fn values(&self, focus: &Term, path: &Path) -> Vec<Term> {
        let mut values: Vec<Term> = match path {
            Path::Predicate(p) => match as_subject(focus) {
                Some(s) => self
                    .data
                    .quads_for_pattern(Some(s.as_ref()), Some(p.as_ref()), None, None)
                    .filter_map(Result::ok)
                    .map(|q| q.object)
                    .collect(),
                None => Vec::new(),
            },
            Path::Inverse(p) => self
                .data
                .quads_for_pattern(None, Some(p.as_ref()), Some(focus.as_ref()), None)
                .filter_map(Result::ok)
                .map(|q| q.subject.into())
                .collect(),
        };
        values.sort_by_key(ToString::to_string);
        values.dedup();
        values
    }

    /// Every result of `shape` on `focus`: its own constraints, and its property shapes.
    fn check_shape(
        &mut self,
        shape: &Term,
        focus: &Term,
    ) -> Result<Vec<ValidationResult>, ShaclError> {
        let mut results = Vec::new();
        if self.deactivated(shape) {
            return Ok(results);
        }
        let path = self.path(shape);
        let values = match &path {
            Some(path) => self.values(focus, path),
            None => vec![focus.clone()],
        };
        let result_path = match &path {
            Some(Path::Predicate(p)) => Some(p.clone()),
            _ => None,
        };
        let severity = match self.shapes.object(shape, "severity") {
            Some(Term::NamedNode(s)) => s,
            _ => sh("Violation"),
        };
        let custom_message = match self.shapes.object(shape, "message") {
            Some(Term::Literal(m)) => Some(m.value().to_owned()),
            _ => None,
        };
        let mut push = |component: &str, value: Option<Term>, message: String| {
            results.push(ValidationResult {
                focus: focus.clone(),
                path: result_path.clone(),
                value,
                component: sh(&format!("{component}ConstraintComponent")),
                source_shape: shape.clone(),
                severity: severity.clone(),
                message: custom_message.clone().unwrap_or(message),
            });
        };

        if let Some(min) = self
            .shapes
            .object(shape, "minCount")
            .and_then(|t| integer(&t))
            && (values.len() as i64) < min
        {
            push("MinCount", None, format!("fewer than {min} values"));
        }
        if let Some(max) = self
            .shapes
            .object(shape, "maxCount")
            .and_then(|t| integer(&t))
            && (values.len() as i64) > max
        {
            push(
                "MaxCount",
                None,
                format!("more than {max} values ({} found)", values.len()),
            );
        }
        for datatype in self.shapes.objects(shape, &sh("datatype")) {
            for value in &values {
                let ok = matches!((value, &datatype), (Term::Literal(l), Term::NamedNode(d)) if l.datatype() == d.as_ref());
                if !ok {
                    push(
                        "Datatype",
                        Some(value.clone()),
                        format!("the value is not of datatype {datatype}"),
                    );
                }
            }
        }
        for class in self.shapes.objects(shape, &sh("class")) {
            for value in &values {
                if !self.instances_of(&class)?.contains(value) {
                    push(
                        "Class",
                        Some(value.clone()),
                        format!("the value is not an instance of {class}"),
                    );
                }
            }
        }
        for kind in self.shapes.objects(shape, &sh("nodeKind")) {
            let local = kind
                .to_string()
                .trim_start_matches(&format!("<{SH}"))
                .trim_end_matches('>')
                .to_owned();
            for value in &values {
                let ok = match value {
                    Term::NamedNode(_) => local.contains("IRI"),
                    Term::BlankNode(_) => local.starts_with("BlankNode"),
                    Term::Literal(_) => local.contains("Literal"),
                };
                if !ok {
                    push(
                        "NodeKind",
                        Some(value.clone()),
                        format!("the value is not a node of kind sh:{local}"),
                    );
                }
            }
        }
        for list in self.shapes.objects(shape, &sh("in")) {
            let allowed = self.shapes.list(&list);
            for value in &values {
                if !allowed.contains(value) {
                    push(
                        "In",
                        Some(value.clone()),
                        "the value is not one of the allowed values".to_owned(),
                    );
                }
            }
        }
        for required in self.shapes.objects(shape, &sh("hasValue")) {
            if !values.contains(&required) {
                push("HasValue", None, format!("the value {required} is missing"));
            }
        }
        for pattern in self.shapes.objects(shape, &sh("pattern")) {
            let Term::Literal(pattern) = pattern else {
                continue;
            };
            let flags = match self.shapes.object(shape, "flags") {
                Some(Term::Literal(f)) => f.value().to_owned(),
                _ => String::new(),
            };
            for value in &values {
                if matches!(value, Term::BlankNode(_))
                    || !self.matches(value, pattern.value(), &flags)?
                {
                    push(
                        "Pattern",
                        Some(value.clone()),
                        format!("the value does not match the pattern {:?}", pattern.value()),
                    );
                }
            }
        }
        for list in self.shapes.objects(shape, &sh("languageIn")) {
            let ranges: Vec<String> = self
                .shapes
                .list(&list)
                .iter()
                .filter_map(|t| match t {
                    Term::Literal(l) => Some(l.value().to_ascii_lowercase()),
                    _ => None,
                })
                .collect();
            for value in &values {
                let ok = match value {
                    Term::Literal(l) => l.language().is_some_and(|tag| {
                        let tag = tag.to_ascii_lowercase();
                        ranges
                            .iter()
                            .any(|r| tag == *r || tag.starts_with(&format!("{r}-")))
                    }),
                    _ => false,
                };
                if !ok {
                    push(
                        "LanguageIn",
                        Some(value.clone()),
                        format!("the language is not one of {}", ranges.join(", ")),
                    );
                }
            }
        }
        if self.shapes.object(shape, "uniqueLang") == Some(Literal::from(true).into()) {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for value in &values {
                if let Term::Literal(l) = value
                    && let Some(tag) = l.language()
                {
                    *seen.entry(tag.to_ascii_lowercase()).or_default() += 1;
                }
            }
            for (tag, count) in seen.into_iter().filter(|(_, c)| *c > 1) {
                push(
                    "UniqueLang",
                    None,
                    format!("{count} values share the language tag {tag:?}"),
                );
            }
        }
        for (key, strict) in [("lessThan", true), ("lessThanOrEquals", false)] {
            for other in self.shapes.objects(shape, &sh(key)) {
                let Term::NamedNode(other) = other else {
                    continue;
                };
                let others = self.values(focus, &Path::Predicate(other.clone()));
                for value in &values {
                    for bound in &others {
                        if !self.compare(value, bound, strict)? {
                            let component = if strict {
                                "LessThan"
                            } else {
                                "LessThanOrEquals"
                            };
                            let relation = if strict {
                                "less than"
                            } else {
                                "less than or equal to"
                            };
                            push(
                                component,
                                Some(value.clone()),
                                format!("the value is not {relation} {bound} ({other})"),
                            );
                        }
                    }
                }
            }
        }
        for list in self.shapes.objects(shape, &sh("or")) {
            let members = self.shapes.list(&list);
            for value in &values {
                let mut any = false;
                for member in &members {
                    if self.check_shape(member, value)?.is_empty() {
                        any = true;
                        break;
                    }
                }
                if !any {
                    push(
                        "Or",
                        Some(value.clone()),
                        "the value conforms to none of the alternatives".to_owned(),
                    );
                }
            }
        }
        for node_shape in self.shapes.objects(shape, &sh("node")) {
            for value in &values {
                if !self.check_shape(&node_shape, value)?.is_empty() {
                    push(
                        "Node",
                        Some(value.clone()),
                        format!("the value does not conform to {node_shape}"),
                    );
                }
            }
        }
        for constraint in self.shapes.objects(shape, &sh("sparql")) {
            if self.deactivated(&constraint) {
                continue;
            }
            let Some(Term::Literal(select)) = self.shapes.object(&constraint, "select") else {
                continue;
            };
            let message = match self.shapes.object(&constraint, "message") {
                Some(Term::Literal(m)) => m.value().to_owned(),
                _ => "the SPARQL constraint has results".to_owned(),
            };
            for row in self.sparql(shape, &constraint, select.value(), focus)? {
                let value = row.get("value").cloned();
                results.push(ValidationResult {
                    focus: focus.clone(),
                    path: result_path.clone(),
                    value,
                    component: sh("SPARQLConstraintComponent"),
                    source_shape: shape.clone(),
                    severity: severity.clone(),
                    message: message.clone(),
                });
            }
        }
        for property in self.shapes.objects(shape, &sh("property")) {
            for value in &values {
                let nested = self.check_shape(&property, value)?;
                results.extend(nested);
            }
        }
        Ok(results)
    }

    fn matches(&self, value: &Term, pattern: &str, flags: &str) -> Result<bool, ShaclError> {
        let text = match value {
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            Term::BlankNode(_) => return Ok(false),
        };
        let query = format!(
            "SELECT ?ok WHERE {{ BIND(REGEX({}, {}, {}) AS ?ok) }}",
            Literal::new_simple_literal(text),
            Literal::new_simple_literal(pattern),
            Literal::new_simple_literal(flags)
        );
        let rows = self.select(&query).map_err(ShaclError::Store)?;
        Ok(rows.first().and_then(|r| r[0].clone()) == Some(Literal::from(true).into()))
    }

    /// `value < bound` (or `<=`), with SPARQL's comparison; values that cannot be compared fail.
    fn compare(&self, value: &Term, bound: &Term, strict: bool) -> Result<bool, ShaclError> {
        let operator = if strict { "<" } else { "<=" };
        let query = format!(
            "SELECT ?ok WHERE {{ BIND(COALESCE({value} {operator} {bound}, false) AS ?ok) }}"
        );
        let rows = self.select(&query).map_err(ShaclError::Store)?;
        Ok(rows.first().and_then(|r| r[0].clone()) == Some(Literal::from(true).into()))
    }

    fn sparql(
        &self,
        shape: &Term,
        constraint: &Term,
        select: &str,
        focus: &Term,
    ) -> Result<Vec<BTreeMap<String, Term>>, ShaclError> {
        let mut prefixes = String::new();
        for declarations in self.shapes.objects(constraint, &sh("prefixes")) {
            for declaration in self.shapes.objects(&declarations, &sh("declare")) {
                if let (Some(Term::Literal(prefix)), Some(Term::Literal(namespace))) = (
                    self.shapes.object(&declaration, "prefix"),
                    self.shapes.object(&declaration, "namespace"),
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

fn integer(term: &Term) -> Option<i64> {
    match term {
        Term::Literal(l) if l.datatype() == xsd::INTEGER => l.value().parse().ok(),
        _ => None,
    }
}
