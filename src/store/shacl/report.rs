//! What a validation found: the results, sorted, as text for people or as a standard
//! `sh:ValidationReport`.

use super::path::Path;
use super::vocab::sh;
use crate::data::diagnostic::plural;
use crate::graph::vocab::{BaseIri, EntityKind, Prefixes, rdf};
use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};
use std::fmt::Write as _;

/// One violation (or warning, or info) found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationResult {
    /// The node that does not conform.
    pub focus: Term,
    /// The property path: a property shape's, or the one a component names (`sh:closed`,
    /// a SPARQL constraint's `?path`).
    pub path: Option<Path>,
    /// The offending value, where there is one.
    pub value: Option<Term>,
    /// The constraint component, such as `sh:MinCountConstraintComponent`.
    pub component: NamedNode,
    /// The shape whose constraint failed.
    pub source_shape: Term,
    /// The SPARQL-based constraint that found it (`sh:sourceConstraint`).
    pub source_constraint: Option<Term>,
    /// `sh:Violation`, `sh:Warning` or `sh:Info`.
    pub severity: NamedNode,
    /// What is wrong.
    pub message: String,
}

impl ValidationResult {
    fn key(&self) -> (String, String, String, String, String, String) {
        (
            self.focus.to_string(),
            self.path
                .as_ref()
                .map_or_else(String::new, |p| p.to_sparql().to_string()),
            self.component.to_string(),
            self.value
                .as_ref()
                .map_or_else(String::new, ToString::to_string),
            self.source_shape.to_string(),
            self.message.clone(),
        )
    }
}

/// The outcome of a validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every result, sorted by focus node, path, component, value and shape; a result
    /// found twice (a shape reached by two paths of shapes) is listed twice, as SHACL
    /// says.
    pub results: Vec<ValidationResult>,
}

impl Report {
    /// A report of `results`, sorted.
    pub(super) fn new(mut results: Vec<ValidationResult>) -> Self {
        sort_results(&mut results);
        Self { results }
    }

    /// Whether the data conforms: as the SHACL specification says, no result at all, of
    /// any severity.
    pub fn conforms(&self) -> bool {
        self.results.is_empty()
    }

    /// Adds another report's results.
    pub fn merge(&mut self, other: Self) {
        self.results.extend(other.results);
        sort_results(&mut self.results);
    }

    /// The report as human text, one line per result, then the verdict and the counts.
    pub fn text(&self, base: &BaseIri) -> String {
        let prefixes = Prefixes::new(base);
        let short = |t: &Term| prefixes.display(t);
        let mut out = String::new();
        for r in &self.results {
            let severity = r
                .severity
                .as_str()
                .trim_start_matches(sh::NAMESPACE)
                .to_lowercase();
            let path = r.path.as_ref().map_or_else(String::new, |p| match p {
                Path::Predicate(p) => format!(" {}", short(&p.clone().into())),
                other => format!(" {}", other.to_sparql()),
            });
            let value = r
                .value
                .as_ref()
                .map_or_else(String::new, |v| format!(" (value {v})"));
            let component = r.component.as_str().trim_start_matches(sh::NAMESPACE);
            let _ = writeln!(
                out,
                "{severity}: {}{path}: {}{value} [{component}]",
                short(&r.focus),
                r.message
            );
        }
        let violations = self
            .results
            .iter()
            .filter(|r| r.severity == sh::VIOLATION)
            .count();
        let _ = writeln!(
            out,
            "cpsu-kg: {} ({} and {} other results)",
            if self.conforms() {
                "the graph conforms to the shapes"
            } else {
                "the graph does not conform to the shapes"
            },
            plural(violations, "violation"),
            self.results.len() - violations
        );
        out
    }

    /// The report as a standard `sh:ValidationReport`, with named nodes only.
    pub fn triples(&self, base: &BaseIri) -> Vec<Triple> {
        let report = base.entity(EntityKind::Validation, "report");
        let mut triples = vec![
            Triple::new(report.clone(), rdf::TYPE, sh::VALIDATION_REPORT),
            Triple::new(report.clone(), sh::CONFORMS, Literal::from(self.conforms())),
        ];
        for (index, result) in self.results.iter().enumerate() {
            let node = base.entity(EntityKind::Validation, &format!("result-{}", index + 1));
            let mut add = |predicate, object: Term| {
                triples.push(Triple::new(node.clone(), predicate, object));
            };
            add(rdf::TYPE, sh::VALIDATION_RESULT.into_owned().into());
            add(sh::FOCUS_NODE, result.focus.clone());
            let mut path_triples = Vec::new();
            if let Some(path) = &result.path {
                let mut counter = 0;
                // A path is written in SHACL's own RDF form, whose nodes are blank; their
                // labels are fixed, so the report stays byte-identical.
                let mut mint = || {
                    counter += 1;
                    BlankNode::new_unchecked(format!("result{}path{counter}", index + 1))
                };
                let head = path_to_rdf(path, &mut mint, &mut path_triples);
                add(sh::RESULT_PATH, head);
            }
            if let Some(value) = &result.value {
                add(sh::VALUE, value.clone());
            }
            if let Some(constraint) = &result.source_constraint {
                add(sh::SOURCE_CONSTRAINT, constraint.clone());
            }
            add(
                sh::SOURCE_CONSTRAINT_COMPONENT,
                result.component.clone().into(),
            );
            add(sh::SOURCE_SHAPE, result.source_shape.clone());
            add(sh::RESULT_SEVERITY, result.severity.clone().into());
            add(
                sh::RESULT_MESSAGE,
                Literal::new_simple_literal(&result.message).into(),
            );
            triples.push(Triple::new(report.clone(), sh::RESULT, node));
            triples.extend(path_triples);
        }
        triples
    }
}

/// A path as SHACL writes it in RDF, its nodes made by `mint`; returns the path's head.
fn path_to_rdf(
    path: &Path,
    mint: &mut dyn FnMut() -> BlankNode,
    triples: &mut Vec<Triple>,
) -> Term {
    let list =
        |members: &[Path], mint: &mut dyn FnMut() -> BlankNode, triples: &mut Vec<Triple>| {
            let heads: Vec<Term> = members
                .iter()
                .map(|m| path_to_rdf(m, mint, triples))
                .collect();
            let cells: Vec<BlankNode> = heads.iter().map(|_| mint()).collect();
            for (i, (cell, head)) in cells.iter().zip(heads).enumerate() {
                triples.push(Triple::new(cell.clone(), rdf::FIRST, head));
                let rest: Term = cells
                    .get(i + 1)
                    .map_or_else(|| rdf::NIL.into_owned().into(), |n| n.clone().into());
                triples.push(Triple::new(cell.clone(), rdf::REST, rest));
            }
            cells
                .first()
                .map_or_else(|| rdf::NIL.into_owned().into(), |n| n.clone().into())
        };
    match path {
        Path::Predicate(p) => p.clone().into(),
        Path::Sequence(members) => list(members, mint, triples),
        Path::Alternative(members) => {
            let node = mint();
            let head = list(members, mint, triples);
            triples.push(Triple::new(node.clone(), sh::ALTERNATIVE_PATH, head));
            node.into()
        }
        Path::Inverse(inner)
        | Path::ZeroOrMore(inner)
        | Path::OneOrMore(inner)
        | Path::ZeroOrOne(inner) => {
            let node = mint();
            let predicate = match path {
                Path::Inverse(_) => sh::INVERSE_PATH,
                Path::ZeroOrMore(_) => sh::ZERO_OR_MORE_PATH,
                Path::OneOrMore(_) => sh::ONE_OR_MORE_PATH,
                _ => sh::ZERO_OR_ONE_PATH,
            };
            let head = path_to_rdf(inner, mint, triples);
            triples.push(Triple::new(node.clone(), predicate, head));
            node.into()
        }
    }
}

/// Sorts results by focus node, path, component, value and shape.
fn sort_results(results: &mut [ValidationResult]) {
    results.sort_by_cached_key(ValidationResult::key);
}
