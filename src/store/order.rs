//! A work-around for an upstream bug: spareval 0.2.9 (in oxigraph 0.5) sorts `ORDER BY` keys
//! with a comparison that is not a total order when the keys mix kinds of terms (numbers and
//! strings, say), and Rust's sort then panics ("comparison function does not correctly
//! implement a total order"). See docs/interop.md for a reproduction. Every `ORDER BY` is
//! rewritten, in subqueries and in `EXISTS` patterns too.
//!
//! SPARQL leaves the relative order of terms that `<` cannot compare to the engine. So when
//! the engine panics on a query, it is run again with every `ORDER BY` key `E` preceded by
//! two keys that group the terms by kind: first blank nodes, IRIs, numbers, NaN, other
//! literals (a rank), then, for literals that are not numbers, their datatype and language.
//! Within a group the engine's comparison is consistent, and the order of comparable terms
//! is unchanged.

use oxigraph::model::Literal;
use spargebra::algebra::{Expression, Function, GraphPattern, OrderExpression};
use spargebra::{Query, SparqlParser};

/// The query `text` with a total order on every `ORDER BY`, or `None` when it does not parse
/// or sorts nothing.
pub fn totally_ordered(text: &str, prefixes: &[(String, String)]) -> Option<Query> {
    let mut parser = SparqlParser::new();
    for (prefix, namespace) in prefixes {
        parser = parser.with_prefix(prefix, namespace).ok()?;
    }
    let mut query = parser.parse_query(text).ok()?;
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    order_totally(pattern).then_some(query)
}

/// Rewrites every `ORDER BY` under `pattern`; returns whether there was one.
fn order_totally(pattern: &mut GraphPattern) -> bool {
    match pattern {
        GraphPattern::OrderBy { inner, expression } => {
            let keys = std::mem::take(expression);
            for key in keys {
                let (key, descending) = match key {
                    OrderExpression::Asc(e) => (e, false),
                    OrderExpression::Desc(e) => (e, true),
                };
                for part in [rank(&key), kind(&key), key] {
                    expression.push(if descending {
                        OrderExpression::Desc(part)
                    } else {
                        OrderExpression::Asc(part)
                    });
                }
            }
            order_totally(inner);
            true
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            let found = order_totally(left);
            order_totally(right) || found
        }
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            let found = order_totally(left);
            let found = order_totally(right) || found;
            expression.as_mut().is_some_and(order_inside) || found
        }
        GraphPattern::Filter { expr, inner } => {
            let found = order_totally(inner);
            order_inside(expr) || found
        }
        GraphPattern::Extend {
            inner, expression, ..
        } => {
            let found = order_totally(inner);
            order_inside(expression) || found
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Service { inner, .. } => order_totally(inner),
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => false,
    }
}

/// Rewrites every `ORDER BY` in the `EXISTS` patterns under `expression` (a subquery there
/// sorts too); returns whether there was one. The depth limit keeps this recursion short.
fn order_inside(expression: &mut Expression) -> bool {
    match expression {
        Expression::Exists(pattern) => order_totally(pattern),
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
            let found = order_inside(a);
            order_inside(b) || found
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => {
            order_inside(a)
        }
        Expression::If(a, b, c) => {
            let found = order_inside(a);
            let found = order_inside(b) || found;
            order_inside(c) || found
        }
        Expression::In(a, list) => {
            let mut found = order_inside(a);
            // Every item is visited: `any` would stop at the first.
            for item in list {
                found |= order_inside(item);
            }
            found
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            let mut found = false;
            for item in list {
                found |= order_inside(item);
            }
            found
        }
        Expression::NamedNode(_)
        | Expression::Literal(_)
        | Expression::Variable(_)
        | Expression::Bound(_) => false,
    }
}

fn call(function: Function, argument: &Expression) -> Expression {
    Expression::FunctionCall(function, vec![argument.clone()])
}

fn number(n: i64) -> Expression {
    Expression::Literal(Literal::from(n))
}

fn when(condition: Expression, then: Expression, otherwise: Expression) -> Expression {
    Expression::If(Box::new(condition), Box::new(then), Box::new(otherwise))
}

/// 1 for a blank node, 2 an IRI, 3 a number, 4 NaN, 5 another literal (unbound sorts first,
/// as the key is then unbound too).
fn rank(key: &Expression) -> Expression {
    let nan = Expression::Not(Box::new(Expression::Equal(
        Box::new(key.clone()),
        Box::new(key.clone()),
    )));
    when(
        call(Function::IsBlank, key),
        number(1),
        when(
            call(Function::IsIri, key),
            number(2),
            when(
                call(Function::IsNumeric, key),
                when(nan, number(4), number(3)),
                number(5),
            ),
        ),
    )
}

/// A literal's datatype and language, for literals that are not numbers; else "".
fn kind(key: &Expression) -> Expression {
    when(
        Expression::And(
            Box::new(call(Function::IsLiteral, key)),
            Box::new(Expression::Not(Box::new(call(Function::IsNumeric, key)))),
        ),
        Expression::FunctionCall(
            Function::Concat,
            vec![
                call(Function::Str, &call(Function::Datatype, key)),
                Expression::Literal(Literal::new_simple_literal("@")),
                call(Function::Lang, key),
            ],
        ),
        Expression::Literal(Literal::new_simple_literal("")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_by_gets_the_kind_keys_first() {
        let query = totally_ordered(
            "SELECT ?x { { SELECT ?x { VALUES ?x { 1 } } ORDER BY DESC(?x) } } ORDER BY ?x",
            &[],
        )
        .expect("rewritten");
        let text = query.to_string();
        assert_eq!(text.matches("isNUMERIC").count(), 4, "{text}");
        assert!(text.contains("DESC"), "{text}");
        assert!(totally_ordered("SELECT * { ?s ?p ?o }", &[]).is_none());
        // A subquery inside FILTER EXISTS sorts too.
        let inside = totally_ordered(
            "SELECT * { BIND(1 AS ?y) FILTER EXISTS { SELECT ?x { VALUES ?x { 1 } } ORDER BY ?x LIMIT 3 } }",
            &[],
        )
        .expect("rewritten");
        assert!(inside.to_string().contains("isNUMERIC"), "{inside}");
        assert!(totally_ordered("not SPARQL", &[]).is_none());
    }
}
