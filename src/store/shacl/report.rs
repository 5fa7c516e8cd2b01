//! What a validation found: the results, sorted, as text for people or as a standard
//! `sh:ValidationReport`.

use crate::data::diagnostic::plural;
use crate::graph::vocab::{BaseIri, EntityKind, Prefixes, rdf, sh};
use oxigraph::model::{Literal, NamedNode, Term, Triple};
use std::fmt::Write as _;

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

/// The outcome of a validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Every result, sorted by focus node, path, component and value.
    pub results: Vec<ValidationResult>,
}

impl Report {
    /// A report of `results`, sorted and without repeats.
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
            let path = r
                .path
                .as_ref()
                .map_or_else(String::new, |p| format!(" {}", short(&p.clone().into())));
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
            if let Some(path) = &result.path {
                add(sh::RESULT_PATH, path.clone().into());
            }
            if let Some(value) = &result.value {
                add(sh::VALUE, value.clone());
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
        }
        triples
    }
}

/// Sorts results by focus node, path, component and value, and drops repeats.
fn sort_results(results: &mut Vec<ValidationResult>) {
    results.sort_by_cached_key(ValidationResult::key);
    results.dedup();
}
