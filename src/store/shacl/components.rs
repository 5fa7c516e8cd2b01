//! The SHACL Core constraint components the engine evaluates, one small function each, and
//! the table that names them. The table is the engine's fence: a shapes graph that uses any
//! `sh:` term not in it (or in [`super::STRUCTURAL`]) is refused when it is read.

use super::{Context, Finding, Path, ShaclError, Validator};
use crate::graph::vocab::sh;
use oxigraph::model::{Literal, NamedNodeRef, Term};
use std::collections::BTreeMap;

/// One constraint component.
pub(super) struct Component {
    /// The parameter that turns the component on, such as `sh:minCount`.
    pub parameter: NamedNodeRef<'static>,
    /// Other parameters it reads, such as `sh:flags` for `sh:pattern`.
    pub reads: &'static [NamedNodeRef<'static>],
    /// The component's IRI, for the results.
    pub iri: NamedNodeRef<'static>,
    /// Checks the focus node's values against one value of the parameter.
    pub check: fn(&mut Validator<'_>, &Context<'_>, &Term) -> Result<Vec<Finding>, ShaclError>,
}

/// Every component the engine evaluates, in the order results are found.
pub(super) const COMPONENTS: &[Component] = &[
    Component {
        parameter: sh::MIN_COUNT,
        reads: &[],
        iri: sh::MIN_COUNT_CONSTRAINT_COMPONENT,
        check: min_count,
    },
    Component {
        parameter: sh::MAX_COUNT,
        reads: &[],
        iri: sh::MAX_COUNT_CONSTRAINT_COMPONENT,
        check: max_count,
    },
    Component {
        parameter: sh::DATATYPE,
        reads: &[],
        iri: sh::DATATYPE_CONSTRAINT_COMPONENT,
        check: datatype,
    },
    Component {
        parameter: sh::CLASS,
        reads: &[],
        iri: sh::CLASS_CONSTRAINT_COMPONENT,
        check: class,
    },
    Component {
        parameter: sh::NODE_KIND,
        reads: &[],
        iri: sh::NODE_KIND_CONSTRAINT_COMPONENT,
        check: node_kind,
    },
    Component {
        parameter: sh::IN,
        reads: &[],
        iri: sh::IN_CONSTRAINT_COMPONENT,
        check: in_list,
    },
    Component {
        parameter: sh::HAS_VALUE,
        reads: &[],
        iri: sh::HAS_VALUE_CONSTRAINT_COMPONENT,
        check: has_value,
    },
    Component {
        parameter: sh::PATTERN,
        reads: &[sh::FLAGS],
        iri: sh::PATTERN_CONSTRAINT_COMPONENT,
        check: pattern,
    },
    Component {
        parameter: sh::LANGUAGE_IN,
        reads: &[],
        iri: sh::LANGUAGE_IN_CONSTRAINT_COMPONENT,
        check: language_in,
    },
    Component {
        parameter: sh::UNIQUE_LANG,
        reads: &[],
        iri: sh::UNIQUE_LANG_CONSTRAINT_COMPONENT,
        check: unique_lang,
    },
    Component {
        parameter: sh::LESS_THAN,
        reads: &[],
        iri: sh::LESS_THAN_CONSTRAINT_COMPONENT,
        check: less_than,
    },
    Component {
        parameter: sh::LESS_THAN_OR_EQUALS,
        reads: &[],
        iri: sh::LESS_THAN_OR_EQUALS_CONSTRAINT_COMPONENT,
        check: less_than_or_equals,
    },
    Component {
        parameter: sh::OR,
        reads: &[],
        iri: sh::OR_CONSTRAINT_COMPONENT,
        check: or,
    },
    Component {
        parameter: sh::NODE,
        reads: &[],
        iri: sh::NODE_CONSTRAINT_COMPONENT,
        check: node,
    },
    Component {
        parameter: sh::SPARQL,
        reads: &[
            sh::SELECT,
            sh::PREFIXES,
            sh::DECLARE,
            sh::PREFIX_PROPERTY,
            sh::NAMESPACE_PROPERTY,
        ],
        iri: sh::SPARQL_CONSTRAINT_COMPONENT,
        check: sparql,
    },
];

fn finding(value: Option<&Term>, message: String) -> Finding {
    Finding {
        value: value.cloned(),
        message,
        own_message: false,
    }
}

/// Each value that `fails` says does not conform, with the message `why` gives for it.
fn each_value(
    context: &Context<'_>,
    mut fails: impl FnMut(&Term) -> Result<Option<String>, ShaclError>,
) -> Result<Vec<Finding>, ShaclError> {
    let mut found = Vec::new();
    for value in context.values {
        if let Some(message) = fails(value)? {
            found.push(finding(Some(value), message));
        }
    }
    Ok(found)
}

fn integer(term: &Term) -> Option<usize> {
    match term {
        Term::Literal(l) if l.datatype() == crate::graph::vocab::xsd::INTEGER => {
            l.value().parse().ok()
        }
        _ => None,
    }
}

fn min_count(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    min: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    Ok(match integer(min) {
        Some(min) if context.values.len() < min => {
            vec![finding(None, format!("fewer than {min} values"))]
        }
        _ => Vec::new(),
    })
}

fn max_count(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    max: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    Ok(match integer(max) {
        Some(max) if context.values.len() > max => vec![finding(
            None,
            format!("more than {max} values ({} found)", context.values.len()),
        )],
        _ => Vec::new(),
    })
}

fn datatype(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    datatype: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    each_value(context, |value| {
        let ok = matches!((value, datatype), (Term::Literal(l), Term::NamedNode(d)) if l.datatype() == d.as_ref());
        Ok((!ok).then(|| format!("the value is not of datatype {datatype}")))
    })
}

fn class(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    class: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let instances = validator.instances_of(class)?.clone();
    each_value(context, |value| {
        Ok(
            (!instances.contains(value))
                .then(|| format!("the value is not an instance of {class}")),
        )
    })
}

fn node_kind(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    kind: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let allowed = |value: &Term| -> bool {
        let Term::NamedNode(kind) = kind else {
            return false;
        };
        let kind = kind.as_ref();
        match value {
            Term::NamedNode(_) => {
                [sh::IRI, sh::BLANK_NODE_OR_IRI, sh::IRI_OR_LITERAL].contains(&kind)
            }
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
    };
    each_value(context, |value| {
        Ok((!allowed(value)).then(|| format!("the value is not a node of kind {kind}")))
    })
}

fn in_list(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    list: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let allowed = validator.shapes.list(list)?;
    each_value(context, |value| {
        Ok((!allowed.contains(value))
            .then(|| "the value is not one of the allowed values".to_owned()))
    })
}

fn has_value(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    required: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    Ok(if context.values.contains(required) {
        Vec::new()
    } else {
        vec![finding(None, format!("the value {required} is missing"))]
    })
}

fn pattern(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    pattern: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let Term::Literal(pattern) = pattern else {
        return Ok(Vec::new());
    };
    let flags = match validator.shapes.object(context.shape, sh::FLAGS)? {
        Some(Term::Literal(f)) => f.value().to_owned(),
        _ => String::new(),
    };
    each_value(context, |value| {
        let text = match value {
            Term::NamedNode(n) => n.as_str(),
            Term::Literal(l) => l.value(),
            Term::BlankNode(_) => return Ok(Some("a blank node has no text to match".to_owned())),
        };
        let ok = validator.ask(&format!(
            "ASK {{ FILTER(REGEX({}, {}, {})) }}",
            Literal::new_simple_literal(text),
            Literal::new_simple_literal(pattern.value()),
            Literal::new_simple_literal(&flags)
        ))?;
        Ok((!ok).then(|| format!("the value does not match the pattern {:?}", pattern.value())))
    })
}

fn language_in(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    list: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let ranges: Vec<String> = validator
        .shapes
        .list(list)?
        .iter()
        .filter_map(|t| match t {
            Term::Literal(l) => Some(l.value().to_ascii_lowercase()),
            _ => None,
        })
        .collect();
    each_value(context, |value| {
        let ok = match value {
            Term::Literal(l) => l.language().is_some_and(|tag| {
                let tag = tag.to_ascii_lowercase();
                ranges
                    .iter()
                    .any(|r| tag == *r || tag.starts_with(&format!("{r}-")))
            }),
            _ => false,
        };
        Ok((!ok).then(|| format!("the language is not one of {}", ranges.join(", "))))
    })
}

fn unique_lang(
    _: &mut Validator<'_>,
    context: &Context<'_>,
    unique: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    if *unique != Term::from(Literal::from(true)) {
        return Ok(Vec::new());
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for value in context.values {
        if let Term::Literal(l) = value
            && let Some(tag) = l.language()
        {
            *seen.entry(tag.to_ascii_lowercase()).or_default() += 1;
        }
    }
    Ok(seen
        .into_iter()
        .filter(|(_, count)| *count > 1)
        .map(|(tag, count)| {
            finding(
                None,
                format!("{count} values share the language tag {tag:?}"),
            )
        })
        .collect())
}

/// `sh:lessThan` and `sh:lessThanOrEquals`: each value against each value of the other
/// property on the focus node, with SPARQL's comparison; values that cannot be compared
/// fail, as the specification says.
fn compare_with(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    other: &Term,
    strict: bool,
) -> Result<Vec<Finding>, ShaclError> {
    let Term::NamedNode(other) = other else {
        return Ok(Vec::new());
    };
    let bounds = validator.values(context.focus, &Path::Predicate(other.clone()))?;
    let (operator, relation) = if strict {
        ("<", "less than")
    } else {
        ("<=", "less than or equal to")
    };
    let mut found = Vec::new();
    for value in context.values {
        for bound in &bounds {
            if !validator.ask(&format!(
                "ASK {{ FILTER(COALESCE({value} {operator} {bound}, false)) }}"
            ))? {
                found.push(finding(
                    Some(value),
                    format!("the value is not {relation} {bound} ({other})"),
                ));
            }
        }
    }
    Ok(found)
}

fn less_than(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    other: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    compare_with(validator, context, other, true)
}

fn less_than_or_equals(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    other: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    compare_with(validator, context, other, false)
}

fn or(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    list: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    let members = validator.shapes.list(list)?;
    each_value(context, |value| {
        for member in &members {
            if validator.check_shape(member, value)?.is_empty() {
                return Ok(None);
            }
        }
        Ok(Some(
            "the value conforms to none of the alternatives".to_owned(),
        ))
    })
}

fn node(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    shape: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    each_value(context, |value| {
        Ok((!validator.check_shape(shape, value)?.is_empty())
            .then(|| format!("the value does not conform to {shape}")))
    })
}

/// `sh:sparql`: a SELECT with `$this` bound to the focus node; each row is a result, with
/// its `?value` (or the focus node), under the constraint's own message.
fn sparql(
    validator: &mut Validator<'_>,
    context: &Context<'_>,
    constraint: &Term,
) -> Result<Vec<Finding>, ShaclError> {
    if validator.deactivated(constraint)? {
        return Ok(Vec::new());
    }
    let Some(Term::Literal(select)) = validator.shapes.object(constraint, sh::SELECT)? else {
        return Err(ShaclError::Unsupported {
            shape: context.shape.to_string(),
            construct: "an sh:sparql constraint without an sh:select query".to_owned(),
        });
    };
    let message = match validator.shapes.object(constraint, sh::MESSAGE)? {
        Some(Term::Literal(m)) => m.value().to_owned(),
        _ => "the SPARQL constraint has results".to_owned(),
    };
    Ok(validator
        .sparql(context.shape, constraint, select.value(), context.focus)?
        .into_iter()
        // As the specification says: `?value` where the query binds it, else the focus
        // node itself.
        .map(|row| Finding {
            value: Some(row.get("value").unwrap_or(context.focus).clone()),
            message: message.clone(),
            own_message: true,
        })
        .collect())
}
