//! The constraint components, one small function each: given a focus node and its value
//! nodes, what each constraint finds wrong (SHACL §4, SHACL-SPARQL §5 and §6). The
//! parameters were read and checked when the shapes were compiled ([`super::shapes`]).

use super::literal::well_formed;
use super::path::Path;
use super::shapes::{Check, Constraint, CustomConstraint, Order, ShapeId, SparqlConstraint};
use super::sparql::{Form, fill_template};
use super::vocab::{SHAPES_GRAPH_NAME, sh};
use super::{Finding, ShaclError, Validator, as_subject};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// What one constraint finds wrong with `focus`, whose value nodes are `values`.
pub(super) fn evaluate(
    validator: &mut Validator<'_>,
    id: ShapeId,
    focus: &Term,
    values: &[Term],
    constraint: &Constraint,
) -> Result<Vec<Finding>, ShaclError> {
    let each = |fails: &mut dyn FnMut(&Term) -> Result<Option<String>, ShaclError>| {
        let mut found = Vec::new();
        for value in values {
            if let Some(message) = fails(value)? {
                found.push(Finding::new(Some(value), message));
            }
        }
        Ok::<_, ShaclError>(found)
    };
    Ok(match &constraint.kind {
        Check::Class(class) => {
            let instances = validator.instances_of(class)?;
            each(&mut |v| {
                Ok((!instances.contains(v))
                    .then(|| format!("the value is not an instance of {class}")))
            })?
        }
        Check::Datatype(datatype) => each(&mut |v| {
            let ok = matches!(v, Term::Literal(l) if l.datatype() == datatype.as_ref() && well_formed(l.as_ref()));
            Ok((!ok)
                .then(|| format!("the value is not a well-formed literal of datatype {datatype}")))
        })?,
        Check::NodeKind(kind) => each(&mut |v| {
            Ok((!node_kind_allows(kind, v))
                .then(|| format!("the value is not a node of kind {kind}")))
        })?,
        Check::MinCount(min) => {
            if (values.len() as u64) < *min {
                vec![Finding::new(
                    None,
                    format!("fewer than {min} values ({} found)", values.len()),
                )]
            } else {
                Vec::new()
            }
        }
        Check::MaxCount(max) => {
            if values.len() as u64 > *max {
                vec![Finding::new(
                    None,
                    format!("more than {max} values ({} found)", values.len()),
                )]
            } else {
                Vec::new()
            }
        }
        Check::Range {
            bound,
            order,
            lower,
        } => {
            let mut found = Vec::new();
            for v in values {
                let ok = if *lower {
                    compare(validator, id, bound, v, *order)?
                } else {
                    compare(validator, id, v, bound, *order)?
                };
                if !ok {
                    let relation = match (lower, order) {
                        (true, Order::Less) => "greater than",
                        (true, Order::LessOrEqual) => "at least",
                        (false, Order::Less) => "less than",
                        (false, Order::LessOrEqual) => "at most",
                    };
                    found.push(Finding::new(
                        Some(v),
                        format!("the value is not {relation} {bound}"),
                    ));
                }
            }
            found
        }
        Check::MinLength(min) => each(&mut |v| {
            Ok(match text(v) {
                Some(t) if t.chars().count() as u64 >= *min => None,
                _ => Some(format!("the value is shorter than {min} characters")),
            })
        })?,
        Check::MaxLength(max) => each(&mut |v| {
            Ok(match text(v) {
                Some(t) if t.chars().count() as u64 <= *max => None,
                _ => Some(format!("the value is longer than {max} characters")),
            })
        })?,
        Check::Pattern(regex) => each(&mut |v| {
            Ok(match text(v) {
                Some(t) if regex.is_match(t) => None,
                _ => Some(format!(
                    "the value does not match the pattern {:?}",
                    regex.as_str()
                )),
            })
        })?,
        Check::LanguageIn(ranges) => each(&mut |v| {
            let ok = matches!(v, Term::Literal(l) if l.language().is_some_and(|tag| ranges.iter().any(|r| lang_matches(tag, r))));
            Ok((!ok).then(|| format!("the language is not one of {}", ranges.join(", "))))
        })?,
        Check::UniqueLang => {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            for v in values {
                if let Term::Literal(l) = v
                    && let Some(tag) = l.language()
                {
                    *seen.entry(tag.to_ascii_lowercase()).or_default() += 1;
                }
            }
            seen.into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(tag, n)| {
                    Finding::new(None, format!("{n} values share the language tag {tag:?}"))
                })
                .collect()
        }
        Check::Equals(p) => {
            let others = Path::Predicate(p.clone()).values(validator.data, focus);
            let mut found = Vec::new();
            for v in values.iter().filter(|v| !others.contains(v)) {
                found.push(Finding::new(
                    Some(v),
                    format!("the value is not a value of {p}"),
                ));
            }
            for o in others.iter().filter(|o| !values.contains(o)) {
                found.push(Finding::new(
                    Some(o),
                    format!("the value of {p} is not a value node"),
                ));
            }
            found
        }
        Check::Disjoint(p) => {
            let others = Path::Predicate(p.clone()).values(validator.data, focus);
            each(&mut |v| {
                Ok(others
                    .contains(v)
                    .then(|| format!("the value is also a value of {p}")))
            })?
        }
        Check::LessThan(p, order) => {
            let others = Path::Predicate(p.clone()).values(validator.data, focus);
            let mut found = Vec::new();
            for v in values {
                for o in &others {
                    if !compare(validator, id, v, o, *order)? {
                        let relation = match order {
                            Order::Less => "less than",
                            Order::LessOrEqual => "less than or equal to",
                        };
                        found.push(Finding::new(
                            Some(v),
                            format!("the value is not {relation} {o} ({p})"),
                        ));
                    }
                }
            }
            found
        }
        Check::Not(shape) => {
            let mut found = Vec::new();
            for v in values {
                if validator.conforms(*shape, v)? {
                    found.push(Finding::new(
                        Some(v),
                        format!(
                            "the value conforms to {}, which it must not",
                            name(validator, *shape)
                        ),
                    ));
                }
            }
            found
        }
        Check::And(shapes) | Check::Or(shapes) | Check::Xone(shapes) => {
            let mut found = Vec::new();
            for v in values {
                let mut conforming = 0;
                for shape in shapes {
                    if validator.conforms(*shape, v)? {
                        conforming += 1;
                    }
                }
                let (ok, wording) = match &constraint.kind {
                    Check::And(_) => (
                        conforming == shapes.len(),
                        "the value does not conform to all of the shapes",
                    ),
                    Check::Or(_) => (
                        conforming > 0,
                        "the value conforms to none of the alternatives",
                    ),
                    _ => (
                        conforming == 1,
                        "the value does not conform to exactly one of the shapes",
                    ),
                };
                if !ok {
                    found.push(Finding::new(Some(v), wording.to_owned()));
                }
            }
            found
        }
        Check::Node(shape) => {
            let mut found = Vec::new();
            for v in values {
                if !validator.conforms(*shape, v)? {
                    found.push(Finding::new(
                        Some(v),
                        format!("the value does not conform to {}", name(validator, *shape)),
                    ));
                }
            }
            found
        }
        // Handled by the caller, which reports the property shape's own results.
        Check::Property(_) => Vec::new(),
        Check::Qualified {
            shape,
            siblings,
            count,
            max,
        } => {
            let mut conforming = 0u64;
            'values: for v in values {
                if !validator.conforms(*shape, v)? {
                    continue;
                }
                for sibling in siblings {
                    if validator.conforms(*sibling, v)? {
                        continue 'values;
                    }
                }
                conforming += 1;
            }
            if (*max && conforming > *count) || (!*max && conforming < *count) {
                vec![Finding::new(
                    None,
                    format!(
                        "{conforming} values conform to {}, {} {count}",
                        name(validator, *shape),
                        if *max { "more than" } else { "fewer than" }
                    ),
                )]
            } else {
                Vec::new()
            }
        }
        Check::Closed(allowed) => {
            let mut found = Vec::new();
            for v in values {
                let Some(subject) = as_subject(v) else {
                    continue;
                };
                let mut triples = Vec::new();
                for triple in validator.data.triples_for_subject(subject) {
                    if !allowed.contains(&triple.predicate.into_owned()) {
                        triples.push((triple.predicate.into_owned(), triple.object.into_owned()));
                    }
                }
                for (predicate, object) in triples {
                    found.push(Finding {
                        value: Some(object),
                        path: Some(Path::Predicate(predicate.clone())),
                        message: format!("the shape is closed and does not allow {predicate}"),
                        own_message: None,
                        source_constraint: None,
                    });
                }
            }
            found
        }
        Check::HasValue(required) => {
            if values.contains(required) {
                Vec::new()
            } else {
                vec![Finding::new(
                    None,
                    format!("the value {required} is missing"),
                )]
            }
        }
        Check::In(allowed) => each(&mut |v| {
            Ok((!allowed.contains(v))
                .then(|| "the value is not one of the allowed values".to_owned()))
        })?,
        Check::Sparql(constraint) => sparql(validator, id, focus, constraint)?,
        Check::Custom(constraint) => custom(validator, id, focus, values, constraint)?,
    })
}

fn name(validator: &Validator<'_>, id: ShapeId) -> String {
    validator.compiled.shapes[id].node.to_string()
}

fn node_kind_allows(kind: &NamedNode, value: &Term) -> bool {
    let kind = kind.as_ref();
    match value {
        Term::NamedNode(_) => [sh::IRI, sh::BLANK_NODE_OR_IRI, sh::IRI_OR_LITERAL].contains(&kind),
        Term::BlankNode(_) => [
            sh::BLANK_NODE,
            sh::BLANK_NODE_OR_IRI,
            sh::BLANK_NODE_OR_LITERAL,
        ]
        .contains(&kind),
        Term::Literal(_) => {
            [sh::LITERAL, sh::BLANK_NODE_OR_LITERAL, sh::IRI_OR_LITERAL].contains(&kind)
        }
    }
}

/// SPARQL's `str()`: an IRI's text or a literal's lexical form; a blank node has none.
fn text(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        Term::BlankNode(_) => None,
    }
}

/// `langMatches` (RFC 4647 basic filtering): `*` matches every tag, a range matches the
/// tag itself and its subtags, case-insensitively.
fn lang_matches(tag: &str, range: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    range == "*"
        || tag == range
        || tag
            .strip_prefix(range)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// `a < b` (or `<=`) as SPARQL compares them; values it cannot compare are not in order.
fn compare(
    validator: &Validator<'_>,
    id: ShapeId,
    a: &Term,
    b: &Term,
    order: Order,
) -> Result<bool, ShaclError> {
    if !matches!(a, Term::Literal(_)) || !matches!(b, Term::Literal(_)) {
        return Ok(false);
    }
    static QUERIES: OnceLock<[spargebra::Query; 2]> = OnceLock::new();
    let queries = QUERIES.get_or_init(|| {
        ["<", "<="].map(|op| {
            spargebra::SparqlParser::new()
                .parse_query(&format!(
                    "SELECT ?a ?b ?r WHERE {{ BIND(COALESCE(?a {op} ?b, false) AS ?r) }}"
                ))
                .unwrap_or_else(|_| unreachable!("a fixed query that parses"))
        })
    });
    let query = match order {
        Order::Less => &queries[0],
        Order::LessOrEqual => &queries[1],
    };
    let results = SparqlEvaluator::new()
        .for_query(query.clone())
        .substitute_variable(Variable::new_unchecked("a"), a.clone())
        .substitute_variable(Variable::new_unchecked("b"), b.clone())
        .on_store(validator.store)
        .execute()
        .map_err(|e| validator.sparql_error(id, e.to_string()))?;
    let QueryResults::Solutions(mut solutions) = results else {
        return Ok(false);
    };
    Ok(match solutions.next() {
        Some(Ok(row)) => row.get("r") == Some(&Literal::from(true).into()),
        Some(Err(e)) => return Err(validator.sparql_error(id, e.to_string())),
        None => false,
    })
}

/// The variables every SPARQL query of a shape is given.
fn common_bindings(
    validator: &Validator<'_>,
    id: ShapeId,
    focus: &Term,
) -> Vec<(&'static str, Term)> {
    let mut bindings = vec![
        ("this", focus.clone()),
        ("currentShape", validator.compiled.shapes[id].node.clone()),
    ];
    if validator.compiled.reads_shapes_graph {
        bindings.push(("shapesGraph", SHAPES_GRAPH_NAME.into_owned().into()));
    }
    bindings
}

/// The findings of one SELECT's solutions: `?value` (else the focus node), `?path` where
/// it is an IRI, and a `?failure` that is true fails the whole validation (§5.3.2).
fn rows_to_findings(
    validator: &Validator<'_>,
    id: ShapeId,
    focus: &Term,
    rows: Vec<BTreeMap<String, Term>>,
    message: Option<&String>,
    parameters: &[(String, Term)],
    source_constraint: Option<&Term>,
) -> Result<Vec<Finding>, ShaclError> {
    let mut found = Vec::new();
    for mut row in rows {
        if row.get("failure") == Some(&Literal::from(true).into()) {
            return Err(
                validator.sparql_error(id, format!("the query reported a failure on {focus}"))
            );
        }
        let path = match row.get("path") {
            Some(Term::NamedNode(p)) if validator.compiled.shapes[id].path.is_none() => {
                Some(Path::Predicate(p.clone()))
            }
            _ => None,
        };
        for (name, value) in parameters {
            row.entry(name.clone()).or_insert_with(|| value.clone());
        }
        found.push(Finding {
            value: Some(row.get("value").unwrap_or(focus).clone()),
            path,
            message: "the SPARQL constraint has results".to_owned(),
            own_message: message.map(|m| fill_template(m, &row)),
            source_constraint: source_constraint.cloned(),
        });
    }
    Ok(found)
}

fn sparql(
    validator: &mut Validator<'_>,
    id: ShapeId,
    focus: &Term,
    constraint: &SparqlConstraint,
) -> Result<Vec<Finding>, ShaclError> {
    let bindings = common_bindings(validator, id, focus);
    let rows = constraint
        .query
        .select(validator.store, &bindings)
        .map_err(|e| validator.sparql_error(id, e))?;
    rows_to_findings(
        validator,
        id,
        focus,
        rows,
        constraint.message.as_ref(),
        &[],
        Some(&constraint.node),
    )
}

/// A SPARQL-based constraint component: an ASK per value node (`$value` pre-bound, a
/// `false` is a result), or one SELECT per focus node.
fn custom(
    validator: &mut Validator<'_>,
    id: ShapeId,
    focus: &Term,
    values: &[Term],
    constraint: &CustomConstraint,
) -> Result<Vec<Finding>, ShaclError> {
    let mut bindings = common_bindings(validator, id, focus);
    let parameters: Vec<(&str, Term)> = constraint
        .parameters
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    match constraint.form {
        Form::Ask => {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            for value in values {
                if !seen.insert(value.clone()) {
                    continue;
                }
                let mut all = bindings.clone();
                all.push(("value", value.clone()));
                all.extend(parameters.iter().cloned());
                let ok = constraint
                    .query
                    .ask(validator.store, &all)
                    .map_err(|e| validator.sparql_error(id, e))?;
                if !ok {
                    let row: BTreeMap<String, Term> = all
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), v.clone()))
                        .collect();
                    found.push(Finding {
                        value: Some(value.clone()),
                        path: None,
                        message: "the value does not satisfy the constraint component".to_owned(),
                        own_message: constraint.message.as_ref().map(|m| fill_template(m, &row)),
                        source_constraint: None,
                    });
                }
            }
            Ok(found)
        }
        Form::Select => {
            bindings.extend(parameters.iter().cloned());
            let rows = constraint
                .query
                .select(validator.store, &bindings)
                .map_err(|e| validator.sparql_error(id, e))?;
            rows_to_findings(
                validator,
                id,
                focus,
                rows,
                constraint.message.as_ref(),
                &constraint.parameters,
                None,
            )
        }
    }
}
