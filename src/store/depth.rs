//! How deep a query's algebra goes, measured without recursion.
//!
//! The engine optimizes and evaluates a query by recursion over its algebra, one stack frame
//! or more per level. Bracket nesting is refused before parsing
//! ([`super::query::check_nesting`]), but a flat chain nests as deep: `1 && 1 && …`,
//! `?a + ?b + …`, `p/p/p…`, a run of `UNION`, `OPTIONAL`, `MINUS`, `FILTER` or `BIND`, or a
//! basic graph pattern of many triple patterns (joined one by one) each add a level. A
//! 60 KB chain overflowed an 8 MiB stack. So the parsed query is measured here, with an
//! explicit stack, and refused past [`MAX_DEPTH`].

use spargebra::Query;
use spargebra::algebra::{
    AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression,
};

/// The deepest algebra accepted. The named queries reach about 40; 8 MiB of stack held
/// 8,000 levels of the worst shape, and a path of 500 steps took the engine 8 s.
pub const MAX_DEPTH: usize = 256;

enum Node<'a> {
    Pattern(&'a GraphPattern),
    Expression(&'a Expression),
    Path(&'a PropertyPathExpression),
}

/// The depth of `query`'s algebra: the longest chain of nested operators, counting each
/// triple pattern of a basic graph pattern as a level.
pub fn depth(query: &Query) -> usize {
    let root = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let mut deepest = 0;
    let mut stack = vec![(Node::Pattern(root), 1)];
    while let Some((node, level)) = stack.pop() {
        deepest = deepest.max(level);
        let below = level + 1;
        let mut push = |node| stack.push((node, below));
        match node {
            Node::Pattern(pattern) => match pattern {
                GraphPattern::Bgp { patterns } => {
                    deepest = deepest.max(level + patterns.len());
                }
                GraphPattern::Path { path, .. } => push(Node::Path(path)),
                GraphPattern::Join { left, right }
                | GraphPattern::Lateral { left, right }
                | GraphPattern::Union { left, right }
                | GraphPattern::Minus { left, right } => {
                    push(Node::Pattern(left));
                    push(Node::Pattern(right));
                }
                GraphPattern::LeftJoin {
                    left,
                    right,
                    expression,
                } => {
                    push(Node::Pattern(left));
                    push(Node::Pattern(right));
                    if let Some(expression) = expression {
                        push(Node::Expression(expression));
                    }
                }
                GraphPattern::Filter { expr, inner } => {
                    push(Node::Expression(expr));
                    push(Node::Pattern(inner));
                }
                GraphPattern::Extend {
                    inner, expression, ..
                } => {
                    push(Node::Expression(expression));
                    push(Node::Pattern(inner));
                }
                GraphPattern::OrderBy { inner, expression } => {
                    push(Node::Pattern(inner));
                    for key in expression {
                        match key {
                            OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                                push(Node::Expression(e));
                            }
                        }
                    }
                }
                GraphPattern::Group {
                    inner, aggregates, ..
                } => {
                    push(Node::Pattern(inner));
                    for (_, aggregate) in aggregates {
                        if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                            push(Node::Expression(expr));
                        }
                    }
                }
                GraphPattern::Graph { inner, .. }
                | GraphPattern::Project { inner, .. }
                | GraphPattern::Distinct { inner }
                | GraphPattern::Reduced { inner }
                | GraphPattern::Slice { inner, .. }
                | GraphPattern::Service { inner, .. } => push(Node::Pattern(inner)),
                GraphPattern::Values { .. } => {}
            },
            Node::Expression(expression) => match expression {
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
                    push(Node::Expression(a));
                    push(Node::Expression(b));
                }
                Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
                    push(Node::Expression(a));
                }
                Expression::In(a, list) => {
                    push(Node::Expression(a));
                    for item in list {
                        push(Node::Expression(item));
                    }
                }
                Expression::If(a, b, c) => {
                    push(Node::Expression(a));
                    push(Node::Expression(b));
                    push(Node::Expression(c));
                }
                Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
                    for item in list {
                        push(Node::Expression(item));
                    }
                }
                Expression::Exists(pattern) => push(Node::Pattern(pattern)),
                Expression::NamedNode(_)
                | Expression::Literal(_)
                | Expression::Variable(_)
                | Expression::Bound(_) => {}
            },
            Node::Path(path) => match path {
                PropertyPathExpression::Sequence(a, b)
                | PropertyPathExpression::Alternative(a, b) => {
                    push(Node::Path(a));
                    push(Node::Path(b));
                }
                PropertyPathExpression::Reverse(a)
                | PropertyPathExpression::ZeroOrMore(a)
                | PropertyPathExpression::OneOrMore(a)
                | PropertyPathExpression::ZeroOrOne(a) => push(Node::Path(a)),
                PropertyPathExpression::NamedNode(_)
                | PropertyPathExpression::NegatedPropertySet(_) => {}
            },
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> usize {
        depth(
            &spargebra::SparqlParser::new()
                .parse_query(text)
                .expect("SPARQL"),
        )
    }

    #[test]
    fn chains_count_as_deep_as_brackets() {
        let and = format!("ASK {{ FILTER({}1) }}", "1 && ".repeat(50));
        assert!(of(&and) > 50, "{}", of(&and));
        let path = format!("ASK {{ ?s <http://x/p>{} ?o }}", "/<http://x/p>".repeat(50));
        assert!(of(&path) > 50);
        let bgp = format!("ASK {{ {} }}", "?s <http://x/p> ?o . ".repeat(50));
        assert!(of(&bgp) > 50);
        let unions = format!("ASK {{ {{}} {} }}", "UNION {} ".repeat(50));
        assert!(of(&unions) > 50);
        assert!(of("ASK { ?s ?p ?o }") < 5);
    }

    #[test]
    fn the_named_queries_are_far_below_the_limit() {
        let base = crate::graph::vocab::BaseIri::default();
        let prefixes = crate::graph::vocab::Prefixes::new(&base);
        for query in crate::store::query::named_queries() {
            let mut parser = spargebra::SparqlParser::new();
            for (prefix, namespace) in prefixes.pairs() {
                parser = parser.with_prefix(prefix, namespace).expect("a prefix");
            }
            let parsed = parser
                .parse_query(&query.full_text(&base))
                .expect("a named query parses");
            assert!(
                depth(&parsed) < MAX_DEPTH / 2,
                "{}: {}",
                query.name,
                depth(&parsed)
            );
        }
    }
}
