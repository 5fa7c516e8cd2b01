//! SHACL property paths (§2.3.1): every form, read from the shapes graph, followed in the
//! data graph without recursion on the data, and written back as SPARQL or as RDF.

use super::vocab::sh;
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNodeRef, Term, TermRef};
use spargebra::algebra::PropertyPathExpression;
use std::collections::HashSet;

/// A SHACL property path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Path {
    /// A predicate path: one IRI.
    Predicate(NamedNode),
    /// `sh:inversePath`.
    Inverse(Box<Path>),
    /// A sequence path: an RDF list of two or more paths.
    Sequence(Vec<Path>),
    /// `sh:alternativePath`: a list of two or more paths.
    Alternative(Vec<Path>),
    /// `sh:zeroOrMorePath`.
    ZeroOrMore(Box<Path>),
    /// `sh:oneOrMorePath`.
    OneOrMore(Box<Path>),
    /// `sh:zeroOrOnePath`.
    ZeroOrOne(Box<Path>),
}

impl Path {
    /// The predicate, when the path is a single IRI.
    pub fn predicate(&self) -> Option<&NamedNode> {
        match self {
            Self::Predicate(p) => Some(p),
            _ => None,
        }
    }

    /// The path in SPARQL's property path syntax, for `$PATH` and for the text report.
    pub fn to_sparql(&self) -> PropertyPathExpression {
        let fold = |paths: &[Path], join: fn(_, _) -> PropertyPathExpression| {
            let mut iter = paths.iter().map(Path::to_sparql);
            let first = iter.next().unwrap_or_else(|| {
                // Parsing refuses empty lists; an empty sequence is the empty path.
                PropertyPathExpression::ZeroOrOne(Box::new(
                    PropertyPathExpression::NegatedPropertySet(Vec::new()),
                ))
            });
            iter.fold(first, |a, b| join(Box::new(a), Box::new(b)))
        };
        match self {
            Self::Predicate(p) => PropertyPathExpression::NamedNode(p.clone()),
            Self::Inverse(p) => PropertyPathExpression::Reverse(Box::new(p.to_sparql())),
            Self::Sequence(paths) => fold(paths, PropertyPathExpression::Sequence),
            Self::Alternative(paths) => fold(paths, PropertyPathExpression::Alternative),
            Self::ZeroOrMore(p) => PropertyPathExpression::ZeroOrMore(Box::new(p.to_sparql())),
            Self::OneOrMore(p) => PropertyPathExpression::OneOrMore(Box::new(p.to_sparql())),
            Self::ZeroOrOne(p) => PropertyPathExpression::ZeroOrOne(Box::new(p.to_sparql())),
        }
    }

    /// The value nodes the path reaches from `focus` in the default graph of `data`, each
    /// once, in the order they are found.
    pub fn values(&self, data: &Graph, focus: &Term) -> Vec<Term> {
        let mut found = Nodes::default();
        for node in self.follow(data, vec![focus.clone()], true) {
            found.insert(node);
        }
        found.list
    }

    /// Every node reached from any of `start` by the path (forward) or by its inverse.
    fn follow(&self, data: &Graph, start: Vec<Term>, forward: bool) -> Vec<Term> {
        match self {
            Self::Predicate(p) => {
                let mut out = Nodes::default();
                for node in &start {
                    step(data, p, node, forward, &mut out);
                }
                out.list
            }
            Self::Inverse(inner) => inner.follow(data, start, !forward),
            Self::Sequence(paths) => {
                let mut nodes = start;
                let ordered: Vec<&Path> = if forward {
                    paths.iter().collect()
                } else {
                    paths.iter().rev().collect()
                };
                for path in ordered {
                    nodes = path.follow(data, nodes, forward);
                }
                nodes
            }
            Self::Alternative(paths) => {
                let mut out = Nodes::default();
                for path in paths {
                    for node in path.follow(data, start.clone(), forward) {
                        out.insert(node);
                    }
                }
                out.list
            }
            Self::ZeroOrOne(inner) => {
                let mut out = Nodes::default();
                for node in start.iter().cloned() {
                    out.insert(node);
                }
                for node in inner.follow(data, start, forward) {
                    out.insert(node);
                }
                out.list
            }
            Self::ZeroOrMore(inner) | Self::OneOrMore(inner) => {
                // A breadth-first closure: a worklist, never recursion on the data.
                let mut out = Nodes::default();
                if matches!(self, Self::ZeroOrMore(_)) {
                    for node in start.iter().cloned() {
                        out.insert(node);
                    }
                }
                let mut frontier = start;
                let mut seen: HashSet<Term> = HashSet::new();
                while !frontier.is_empty() {
                    let next = inner.follow(data, frontier, forward);
                    frontier = Vec::new();
                    for node in next {
                        if seen.insert(node.clone()) {
                            out.insert(node.clone());
                            frontier.push(node);
                        }
                    }
                }
                out.list
            }
        }
    }
}

/// One step along a predicate, forward (subject to objects) or backward.
fn step(data: &Graph, predicate: &NamedNode, node: &Term, forward: bool, out: &mut Nodes) {
    if forward {
        let subject = match node.as_ref() {
            TermRef::NamedNode(n) => NamedOrBlankNodeRef::from(n),
            TermRef::BlankNode(b) => NamedOrBlankNodeRef::from(b),
            TermRef::Literal(_) => return,
        };
        for object in data.objects_for_subject_predicate(subject, predicate) {
            out.insert(object.into_owned());
        }
    } else {
        for subject in data.subjects_for_predicate_object(predicate, node) {
            out.insert(subject.into_owned().into());
        }
    }
}

/// A set of nodes that remembers the order they were added in.
#[derive(Default)]
struct Nodes {
    list: Vec<Term>,
    seen: HashSet<Term>,
}

impl Nodes {
    fn insert(&mut self, node: Term) {
        if self.seen.insert(node.clone()) {
            self.list.push(node);
        }
    }
}

/// The `sh:` predicates that make a blank node a path other than a sequence.
pub(super) const PATH_KINDS: [oxigraph::model::NamedNodeRef<'static>; 4] = [
    sh::ALTERNATIVE_PATH,
    sh::ZERO_OR_MORE_PATH,
    sh::ONE_OR_MORE_PATH,
    sh::ZERO_OR_ONE_PATH,
];
