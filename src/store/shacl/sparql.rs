//! SHACL-SPARQL (§5 and §6): SELECT and ASK queries with pre-bound variables.
//!
//! Pre-binding is done on the query's algebra, never on its text. The query is parsed with
//! its `sh:prefixes` given to the parser; the restrictions of SHACL §5.6.1 are checked on
//! the algebra (no `MINUS`, `VALUES` or `SERVICE`, no `AS` onto a pre-bound variable,
//! subqueries that return the pre-bound variables); `$PATH` becomes a property path
//! pattern; and the values are given to oxigraph as initial bindings of the outermost
//! projection, from which they reach every sub-pattern. A blank-node focus is therefore
//! bound like any other term.

use super::path::Path;
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};
use spargebra::term::{NamedNodePattern, TermPattern, TriplePattern};
use spargebra::{Query, SparqlParser};
use std::collections::BTreeMap;

/// Whether a query is a SELECT (constraints and SELECT validators) or an ASK (ASK
/// validators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    Select,
    Ask,
}

/// A parsed query, checked and ready to run with its pre-bound variables.
#[derive(Debug, Clone)]
pub(super) struct Prepared {
    query: Query,
    /// Whether the query reads `$shapesGraph` (so the shapes must be in the dataset).
    pub reads_shapes_graph: bool,
}

/// The variables SHACL pre-binds that a subquery may leave out.
const OPTIONAL_PREBOUND: [&str; 2] = ["shapesGraph", "currentShape"];

impl Prepared {
    /// Parses `text` with `prefixes` declared, checks it against SHACL's restrictions for
    /// the `prebound` variables, and puts `path` in place of `$PATH`.
    pub(super) fn new(
        text: &str,
        form: Form,
        prefixes: &[(String, String)],
        prebound: &[&str],
        path: Option<&Path>,
    ) -> Result<Self, String> {
        let mut parser = SparqlParser::new();
        for (prefix, namespace) in prefixes {
            parser = parser
                .with_prefix(prefix.clone(), namespace.clone())
                .map_err(|e| format!("the prefix {prefix}: declares a bad namespace: {e}"))?;
        }
        let query = parser.parse_query(text).map_err(|e| e.to_string())?;
        let mut walker = Walker {
            prebound,
            path,
            reads_shapes_graph: false,
        };
        let top: Vec<Variable> = prebound
            .iter()
            .map(|v| Variable::new_unchecked(*v))
            .collect();
        let query = match (query, form) {
            (
                Query::Select {
                    dataset,
                    mut pattern,
                    base_iri,
                },
                Form::Select,
            ) => {
                walker.top(&mut pattern, &top)?;
                Query::Select {
                    dataset,
                    pattern,
                    base_iri,
                }
            }
            (
                Query::Ask {
                    dataset,
                    mut pattern,
                    base_iri,
                },
                Form::Ask,
            ) => {
                // The parser gives ASK the projection of `SELECT *`; the pre-bound
                // variables join it, as in a SELECT.
                if !has_projection(&pattern) {
                    let variables = Vec::new();
                    pattern = GraphPattern::Project {
                        inner: Box::new(pattern),
                        variables,
                    };
                }
                walker.top(&mut pattern, &top)?;
                Query::Ask {
                    dataset,
                    pattern,
                    base_iri,
                }
            }
            (_, Form::Select) => return Err("sh:select must hold a SELECT query".to_owned()),
            (_, Form::Ask) => return Err("sh:ask must hold an ASK query".to_owned()),
        };
        if query_has_dataset(&query) {
            return Err("the query must not declare its own dataset (FROM)".to_owned());
        }
        Ok(Self {
            query,
            reads_shapes_graph: walker.reads_shapes_graph,
        })
    }

    /// The solutions of a SELECT, each as variable name to value, with `bindings`
    /// pre-bound.
    pub(super) fn select(
        &self,
        data: &Store,
        bindings: &[(&str, Term)],
    ) -> Result<Vec<BTreeMap<String, Term>>, String> {
        match self.execute(data, bindings)? {
            QueryResults::Solutions(solutions) => {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|e| e.to_string())?;
                    rows.push(
                        solution
                            .iter()
                            .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                            .collect(),
                    );
                }
                Ok(rows)
            }
            _ => Err("the query is not a SELECT".to_owned()),
        }
    }

    /// The answer of an ASK, with `bindings` pre-bound.
    pub(super) fn ask(&self, data: &Store, bindings: &[(&str, Term)]) -> Result<bool, String> {
        match self.execute(data, bindings)? {
            QueryResults::Boolean(answer) => Ok(answer),
            _ => Err("the query is not an ASK".to_owned()),
        }
    }

    /// Runs the query with `bindings` pre-bound. Where every pre-bound value can stand in
    /// the algebra (an IRI or a literal, in a place that takes it), each occurrence of the
    /// variable is replaced by its value, as SHACL's definition of pre-binding says, and the
    /// optimizer runs. Otherwise (a blank-node focus, for one: the algebra has no constant
    /// blank nodes) the values are only initial bindings and the optimizer is off, since it
    /// takes a variable that the pattern does not bind for unbound and would fold away a
    /// `FILTER` on it. Either way the values are also the initial bindings of the
    /// projection, so a `SELECT $this` returns the focus node. SERVICE was refused when the
    /// query was read.
    fn execute(
        &self,
        data: &Store,
        bindings: &[(&str, Term)],
    ) -> Result<QueryResults<'static>, String> {
        let values: BTreeMap<&str, &Term> = bindings.iter().map(|(n, v)| (*n, v)).collect();
        let mut prepared = match substitute_query(&self.query, &values) {
            Some(query) => SparqlEvaluator::new().for_query(query),
            None => SparqlEvaluator::new()
                .without_optimizations()
                .for_query(self.query.clone()),
        };
        for (name, value) in bindings {
            prepared = prepared.substitute_variable(Variable::new_unchecked(*name), value.clone());
        }
        prepared.on_store(data).execute().map_err(|e| e.to_string())
    }
}

/// Whether the outermost solution modifiers hold a projection.
fn has_projection(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner } => has_projection(inner),
        GraphPattern::Project { .. } => true,
        _ => false,
    }
}

/// The query with each pre-bound variable replaced by its value below the outermost
/// projection, or `None` where a value cannot stand in the algebra.
fn substitute_query(query: &Query, values: &BTreeMap<&str, &Term>) -> Option<Query> {
    let mut query = query.clone();
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Ask { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. } => pattern,
    };
    let mut top: &mut GraphPattern = pattern;
    loop {
        match top {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => top = inner,
            GraphPattern::Project { inner, .. } => {
                top = inner;
                break;
            }
            _ => break,
        }
    }
    substitute(top, values).then_some(query)
}

fn value_of<'a>(values: &BTreeMap<&str, &'a Term>, variable: &Variable) -> Option<&'a Term> {
    values.get(variable.as_str()).copied()
}

/// Replaces the pre-bound variables in a term position; false where a value cannot stand
/// there (a blank node, which the algebra would read as a variable).
fn substitute_term(term: &mut TermPattern, values: &BTreeMap<&str, &Term>) -> bool {
    if let TermPattern::Variable(v) = term {
        match value_of(values, v) {
            None => {}
            Some(Term::NamedNode(n)) => *term = TermPattern::NamedNode(n.clone()),
            Some(Term::Literal(l)) => *term = TermPattern::Literal(l.clone()),
            Some(Term::BlankNode(_)) => return false,
        }
    }
    true
}

fn substitute_named(name: &mut NamedNodePattern, values: &BTreeMap<&str, &Term>) -> bool {
    if let NamedNodePattern::Variable(v) = name {
        match value_of(values, v) {
            None => {}
            Some(Term::NamedNode(n)) => *name = NamedNodePattern::NamedNode(n.clone()),
            Some(_) => return false,
        }
    }
    true
}

fn substitute(pattern: &mut GraphPattern, values: &BTreeMap<&str, &Term>) -> bool {
    match pattern {
        GraphPattern::Bgp { patterns } => patterns.iter_mut().all(|t| {
            substitute_term(&mut t.subject, values)
                && substitute_named(&mut t.predicate, values)
                && substitute_term(&mut t.object, values)
        }),
        GraphPattern::Path {
            subject, object, ..
        } => substitute_term(subject, values) && substitute_term(object, values),
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Minus { left, right } => {
            substitute(left, values) && substitute(right, values)
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            substitute(left, values)
                && substitute(right, values)
                && expression
                    .as_mut()
                    .is_none_or(|e| substitute_expression(e, values))
        }
        GraphPattern::Filter { expr, inner } => {
            substitute_expression(expr, values) && substitute(inner, values)
        }
        GraphPattern::Graph { name, inner } => {
            substitute_named(name, values) && substitute(inner, values)
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => substitute_expression(expression, values) && substitute(inner, values),
        GraphPattern::OrderBy { inner, expression } => {
            expression.iter_mut().all(|e| match e {
                OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                    substitute_expression(e, values)
                }
            }) && substitute(inner, values)
        }
        GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => substitute(inner, values),
        // Grouping keys and aggregates are variables the algebra cannot replace.
        GraphPattern::Group { .. } | GraphPattern::Values { .. } | GraphPattern::Service { .. } => {
            false
        }
    }
}

fn substitute_expression(expression: &mut Expression, values: &BTreeMap<&str, &Term>) -> bool {
    match expression {
        Expression::NamedNode(_) | Expression::Literal(_) => true,
        Expression::Variable(v) => {
            match value_of(values, v) {
                None => {}
                Some(Term::NamedNode(n)) => *expression = Expression::NamedNode(n.clone()),
                Some(Term::Literal(l)) => *expression = Expression::Literal(l.clone()),
                Some(Term::BlankNode(_)) => return false,
            }
            true
        }
        Expression::Bound(v) => {
            if value_of(values, v).is_some() {
                *expression = Expression::Literal(true.into());
            }
            true
        }
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Equal(a, b)
        | Expression::SameTerm(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            substitute_expression(a, values) && substitute_expression(b, values)
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            substitute_expression(a, values)
        }
        Expression::In(a, list) => {
            substitute_expression(a, values)
                && list.iter_mut().all(|e| substitute_expression(e, values))
        }
        Expression::Exists(pattern) => substitute(pattern, values),
        Expression::If(a, b, c) => {
            substitute_expression(a, values)
                && substitute_expression(b, values)
                && substitute_expression(c, values)
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter_mut().all(|e| substitute_expression(e, values))
        }
    }
}

fn query_has_dataset(query: &Query) -> bool {
    match query {
        Query::Select { dataset, .. }
        | Query::Ask { dataset, .. }
        | Query::Construct { dataset, .. }
        | Query::Describe { dataset, .. } => dataset.is_some(),
    }
}

/// Walks a query's algebra once: checks SHACL's restrictions, notes `$shapesGraph`, and
/// replaces `$PATH`.
struct Walker<'a> {
    prebound: &'a [&'a str],
    path: Option<&'a Path>,
    reads_shapes_graph: bool,
}

impl Walker<'_> {
    fn is_prebound(&self, variable: &Variable) -> bool {
        self.prebound.contains(&variable.as_str())
    }

    /// The outermost SELECT: its projection gets every pre-bound variable, so that the
    /// initial bindings apply.
    fn top(&mut self, pattern: &mut GraphPattern, top: &[Variable]) -> Result<(), String> {
        match pattern {
            GraphPattern::Slice { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner } => self.top(inner, top),
            GraphPattern::Project { inner, variables } => {
                for variable in top {
                    if !variables.contains(variable) {
                        variables.push(variable.clone());
                    }
                }
                self.pattern(inner)
            }
            other => self.pattern(other),
        }
    }

    fn pattern(&mut self, pattern: &mut GraphPattern) -> Result<(), String> {
        match pattern {
            GraphPattern::Bgp { patterns } => {
                let Some(path) = self.path else {
                    return self.check_bgp(patterns);
                };
                let (with_path, rest): (Vec<TriplePattern>, Vec<TriplePattern>) =
                    patterns.drain(..).partition(|t| {
                        matches!(&t.predicate, NamedNodePattern::Variable(v) if v.as_str() == "PATH")
                    });
                self.check_bgp(&rest)?;
                let mut joined = GraphPattern::Bgp { patterns: rest };
                for triple in with_path {
                    self.check_term(&triple.subject)?;
                    self.check_term(&triple.object)?;
                    joined = GraphPattern::Join {
                        left: Box::new(joined),
                        right: Box::new(GraphPattern::Path {
                            subject: triple.subject,
                            path: path.to_sparql(),
                            object: triple.object,
                        }),
                    };
                }
                *pattern = joined;
                Ok(())
            }
            GraphPattern::Path {
                subject, object, ..
            } => {
                self.check_term(subject)?;
                self.check_term(object)
            }
            GraphPattern::Join { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Lateral { left, right } => {
                self.pattern(left)?;
                self.pattern(right)
            }
            GraphPattern::LeftJoin {
                left,
                right,
                expression,
            } => {
                self.pattern(left)?;
                self.pattern(right)?;
                if let Some(expression) = expression {
                    self.expression(expression)?;
                }
                Ok(())
            }
            GraphPattern::Filter { expr, inner } => {
                self.expression(expr)?;
                self.pattern(inner)
            }
            GraphPattern::Graph { name, inner } => {
                if let NamedNodePattern::Variable(v) = name {
                    self.check_variable(v)?;
                }
                self.pattern(inner)
            }
            GraphPattern::Extend {
                inner,
                variable,
                expression,
            } => {
                if self.is_prebound(variable) {
                    return Err(format!(
                        "the query assigns the pre-bound variable ${variable} with AS, which SHACL forbids",
                        variable = variable.as_str()
                    ));
                }
                self.expression(expression)?;
                self.pattern(inner)
            }
            GraphPattern::Minus { .. } => {
                Err("the query uses MINUS, which SHACL forbids with pre-bound variables".to_owned())
            }
            GraphPattern::Values { .. } => Err(
                "the query uses VALUES, which SHACL forbids with pre-bound variables".to_owned(),
            ),
            GraphPattern::Service { .. } => {
                Err("the query uses SERVICE (a federated query), which SHACL forbids".to_owned())
            }
            GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => self.pattern(inner),
            GraphPattern::Project { inner, variables } => {
                // A subquery must return every pre-bound variable it may be given.
                for name in self.prebound {
                    if !OPTIONAL_PREBOUND.contains(name)
                        && !variables.iter().any(|v| v.as_str() == *name)
                    {
                        return Err(format!(
                            "a subquery does not return the pre-bound variable ${name}, which SHACL requires"
                        ));
                    }
                }
                self.pattern(inner)
            }
            GraphPattern::Group {
                inner, aggregates, ..
            } => {
                for (variable, _) in aggregates.iter() {
                    if self.is_prebound(variable) {
                        return Err(format!(
                            "the query assigns the pre-bound variable ${} with AS, which SHACL forbids",
                            variable.as_str()
                        ));
                    }
                }
                self.pattern(inner)
            }
        }
    }

    fn check_bgp(&mut self, patterns: &[TriplePattern]) -> Result<(), String> {
        for triple in patterns {
            self.check_term(&triple.subject)?;
            if let NamedNodePattern::Variable(v) = &triple.predicate {
                self.check_variable(v)?;
            }
            self.check_term(&triple.object)?;
        }
        Ok(())
    }

    fn check_term(&mut self, term: &TermPattern) -> Result<(), String> {
        match term {
            TermPattern::Variable(v) => self.check_variable(v),
            _ => Ok(()),
        }
    }

    /// `$PATH` is only a predicate of a property shape's query.
    fn check_variable(&mut self, variable: &Variable) -> Result<(), String> {
        if variable.as_str() == "shapesGraph" {
            self.reads_shapes_graph = true;
        }
        if variable.as_str() == "PATH" {
            return Err(if self.path.is_some() {
                "$PATH may only stand as the predicate of a triple pattern".to_owned()
            } else {
                "$PATH is only defined in a property shape".to_owned()
            });
        }
        Ok(())
    }

    fn expression(&mut self, expression: &mut Expression) -> Result<(), String> {
        match expression {
            Expression::NamedNode(_) | Expression::Literal(_) => Ok(()),
            Expression::Variable(v) | Expression::Bound(v) => self.check_variable(v),
            Expression::Or(a, b)
            | Expression::And(a, b)
            | Expression::Equal(a, b)
            | Expression::SameTerm(a, b)
            | Expression::Greater(a, b)
            | Expression::GreaterOrEqual(a, b)
            | Expression::Less(a, b)
            | Expression::LessOrEqual(a, b)
            | Expression::Add(a, b)
            | Expression::Subtract(a, b)
            | Expression::Multiply(a, b)
            | Expression::Divide(a, b) => {
                self.expression(a)?;
                self.expression(b)
            }
            Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                self.expression(a)
            }
            Expression::In(a, list) => {
                self.expression(a)?;
                list.iter_mut().try_for_each(|e| self.expression(e))
            }
            Expression::Exists(pattern) => self.pattern(pattern),
            Expression::If(a, b, c) => {
                self.expression(a)?;
                self.expression(b)?;
                self.expression(c)
            }
            Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                list.iter_mut().try_for_each(|e| self.expression(e))
            }
        }
    }
}

/// Fills a message template: `{$name}` and `{?name}` become the value bound to `name`
/// (its lexical form for a literal), as SHACL §5.3.2 and §6.3 say.
pub(super) fn fill_template(template: &str, bindings: &BTreeMap<String, Term>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let filled = after.find('}').and_then(|end| {
            let name = after[..end].strip_prefix(['$', '?'])?;
            let value = bindings.get(name)?;
            Some((
                match value {
                    Term::Literal(l) => l.value().to_owned(),
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    other => other.to_string(),
                },
                end,
            ))
        });
        match filled {
            Some((value, end)) => {
                out.push_str(&value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
