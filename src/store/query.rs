//! SPARQL over the embedded store: named queries, typed parameters and result formats.
//!
//! Named queries live in `queries/*.rq` and are compiled into the binary. Each opens with
//! comment lines giving its title, description and parameters:
//!
//! ```text
//! # title: Holder on a date
//! # description: Who held the office on one day, and how sure that is.
//! # param: date date The day to ask about, as YYYY-MM-DD.
//! ```
//!
//! Parameters are bound as typed RDF terms with oxigraph's variable substitution, never
//! spliced into the query text. The project's prefixes (`cpsu:`, `schema:`, `person:` …)
//! are predeclared, so the files need not repeat them; [`NamedQuery::full_text`] gives a
//! self-contained version for other stores.
//!
//! ```
//! use cpsu_kg::store::query::{named_query, run, Outcome};
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let base = BaseIri::default();
//! let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None)?, &base)?;
//! let query = named_query("office-holders").expect("a named query");
//! let Outcome::Solutions { rows, .. } = run(&store, &base, &query.text, &[])? else { panic!() };
//! assert!(rows.len() >= 13);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::date::{DateError, DatePrecision, PartialDate};
use crate::data::model::Dataset;
use crate::graph::rdf::date_literal;
use crate::graph::vocab::{BaseIri, EntityKind, Prefixes};
use oxigraph::model::{Literal, Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, SparqlSyntaxError};
use oxigraph::store::Store;
use std::fmt;
use std::io::{self, Write};

/// The named queries, compiled in from `queries/`.
const NAMED_QUERY_FILES: &[(&str, &str)] = &[
    (
        "acting-holders",
        include_str!("../../queries/acting-holders.rq"),
    ),
    ("congresses", include_str!("../../queries/congresses.rq")),
    ("deputies", include_str!("../../queries/deputies.rq")),
    (
        "disputed-claims",
        include_str!("../../queries/disputed-claims.rq"),
    ),
    ("events", include_str!("../../queries/events.rq")),
    (
        "facts-with-sources",
        include_str!("../../queries/facts-with-sources.rq"),
    ),
    (
        "holder-on-date",
        include_str!("../../queries/holder-on-date.rq"),
    ),
    (
        "office-holders",
        include_str!("../../queries/office-holders.rq"),
    ),
    (
        "office-infobox",
        include_str!("../../queries/office-infobox.rq"),
    ),
    (
        "office-names",
        include_str!("../../queries/office-names.rq"),
    ),
    (
        "organizations",
        include_str!("../../queries/organizations.rq"),
    ),
    (
        "person-offices",
        include_str!("../../queries/person-offices.rq"),
    ),
    (
        "person-profile",
        include_str!("../../queries/person-profile.rq"),
    ),
    ("successions", include_str!("../../queries/successions.rq")),
    (
        "wikidata/births",
        include_str!("../../queries/wikidata/births.rq"),
    ),
    (
        "wikidata/disputed",
        include_str!("../../queries/wikidata/disputed.rq"),
    ),
    (
        "wikidata/holders",
        include_str!("../../queries/wikidata/holders.rq"),
    ),
    (
        "wikidata/office-events",
        include_str!("../../queries/wikidata/office-events.rq"),
    ),
    (
        "wikidata/office-succession",
        include_str!("../../queries/wikidata/office-succession.rq"),
    ),
    (
        "wikidata/officeholders",
        include_str!("../../queries/wikidata/officeholders.rq"),
    ),
    (
        "wikidata/person-positions",
        include_str!("../../queries/wikidata/person-positions.rq"),
    ),
    (
        "wikidata/position-history-check",
        include_str!("../../queries/wikidata/position-history-check.rq"),
    ),
    (
        "wikidata/statement-references",
        include_str!("../../queries/wikidata/statement-references.rq"),
    ),
];

/// What a parameter of a named query takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A full day, `YYYY-MM-DD`, bound as `xsd:date`.
    Date,
    /// A date of any precision, bound as `xsd:date`, `xsd:gYearMonth` or `xsd:gYear`.
    PartialDate,
    /// Plain text, bound as a string literal.
    Text,
    /// A whole number, bound as `xsd:integer`.
    Integer,
    /// The id of an entity of one kind, bound as its IRI.
    Entity(EntityKind),
}

impl ParamKind {
    fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "date" => Self::Date,
            "partial-date" => Self::PartialDate,
            "text" => Self::Text,
            "integer" => Self::Integer,
            other => Self::Entity(*EntityKind::ALL.iter().find(|k| k.segment() == other)?),
        })
    }

    /// The name used in query headers and `cpsu-kg queries`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Date => "date",
            Self::PartialDate => "partial-date",
            Self::Text => "text",
            Self::Integer => "integer",
            Self::Entity(kind) => kind.segment(),
        }
    }
}

/// One parameter of a named query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The variable it binds, without `?`.
    pub name: String,
    /// What it takes.
    pub kind: ParamKind,
    /// What it means.
    pub description: String,
}

/// A named query from `queries/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// The file name without `.rq`.
    pub name: String,
    /// A short title.
    pub title: String,
    /// What the query answers.
    pub description: String,
    /// Its parameters.
    pub params: Vec<Param>,
    /// The SPARQL text as written in the file.
    pub text: String,
}

impl NamedQuery {
    /// Reads the header comments of a query file.
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        let mut title = None;
        let mut description = None;
        let mut params = Vec::new();
        for line in text.lines().map_while(|l| l.strip_prefix('#')) {
            let line = line.trim();
            if let Some(t) = line.strip_prefix("title:") {
                title = Some(t.trim().to_owned());
            } else if let Some(d) = line.strip_prefix("description:") {
                description = Some(d.trim().to_owned());
            } else if let Some(p) = line.strip_prefix("param:") {
                let mut words = p.split_whitespace();
                let (Some(param), Some(kind)) = (words.next(), words.next()) else {
                    return Err(format!(
                        "query `{name}`: `# param:` needs a name, a kind and a description"
                    ));
                };
                let kind = ParamKind::parse(kind)
                    .ok_or_else(|| format!("query `{name}`: unknown parameter kind `{kind}`"))?;
                params.push(Param {
                    name: param.to_owned(),
                    kind,
                    description: words.collect::<Vec<_>>().join(" "),
                });
            }
        }
        Ok(Self {
            name: name.to_owned(),
            title: title.ok_or_else(|| format!("query `{name}` has no `# title:` line"))?,
            description: description
                .ok_or_else(|| format!("query `{name}` has no `# description:` line"))?,
            params,
            text: text.to_owned(),
        })
    }

    /// The query exactly as it runs under `base`: every file declares its prefixes, with
    /// entity namespaces under the default base IRI, which are moved under `base` here, so
    /// that the text runs verbatim in any SPARQL 1.1 store holding the export made with the
    /// same `--base-iri`.
    pub fn full_text(&self, base: &BaseIri) -> String {
        let default = BaseIri::default();
        if *base == default {
            return self.text.clone();
        }
        let mut text = self.text.clone();
        for kind in EntityKind::ALL {
            text = text.replace(
                &format!("<{}>", default.namespace(kind)),
                &format!("<{}>", base.namespace(kind)),
            );
        }
        text
    }
}

/// Every named query, in name order.
pub fn named_queries() -> Vec<NamedQuery> {
    NAMED_QUERY_FILES
        .iter()
        .filter_map(|(name, text)| NamedQuery::parse(name, text).ok())
        .collect()
}

/// The named query called `name`, if there is one.
pub fn named_query(name: &str) -> Option<NamedQuery> {
    named_queries().into_iter().find(|q| q.name == name)
}

/// What to say about `name`, which names no query: the closest named queries, if any are
/// close, and where the list is.
pub fn unknown_query(name: &str) -> String {
    let names: Vec<&str> = NAMED_QUERY_FILES.iter().map(|(n, _)| *n).collect();
    match crate::suggest::did_you_mean(name, names) {
        Some(hint) => format!("`{name}` is not a named query: {hint}"),
        None => format!("`{name}` is not a named query: `cpsu-kg queries` lists them"),
    }
}

/// Why a query could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The SPARQL text does not parse; the message names the line and column.
    #[error("invalid SPARQL: {0}")]
    Syntax(SparqlSyntaxError),
    /// The query failed while running.
    #[error("query evaluation failed: {0}")]
    Evaluation(QueryEvaluationError),
    /// A parameter was missing, unknown or of the wrong form.
    #[error("{0}")]
    Parameter(String),
    /// The query nests brackets deeper than the parser can safely follow.
    #[error("the query nests brackets {depth} deep; at most {MAX_NESTING} are accepted")]
    TooDeep {
        /// How deep it went before the check stopped.
        depth: usize,
    },
    /// The query's algebra nests deeper than the engine can safely follow.
    #[error(
        "the query is too complex: its operators nest {depth} deep (a long chain of &&, +, /, UNION, OPTIONAL, FILTER or triple patterns counts as nesting); at most {} are accepted",
        super::depth::MAX_DEPTH
    )]
    TooComplex {
        /// How deep it goes.
        depth: usize,
    },
    /// The query engine panicked: a bug of the engine, reported instead of a crash.
    #[error("the query engine failed on this query: {0}")]
    EnginePanic(String),
}

/// The deepest nesting of `(`, `{` and `[` a query may have. The parser and the evaluator
/// recurse once per level, and about 800 levels overflow a 2 MiB thread stack; real queries
/// stay under twenty.
pub const MAX_NESTING: usize = 100;

/// The longest query text read, from a file, standard input or a request body: 1 MiB.
pub const MAX_QUERY_BYTES: usize = 1024 * 1024;

/// Parses a query with the project's prefixes (its own `PREFIX` lines win), refusing what
/// the engine could not run safely: brackets nested past [`MAX_NESTING`] before parsing,
/// and algebra deeper than [`super::depth::MAX_DEPTH`] after.
pub fn parse(text: &str, prefixes: &Prefixes) -> Result<spargebra::Query, QueryError> {
    check_nesting(text)?;
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, namespace) in prefixes.pairs() {
        // Every pair is a valid prefix and an absolute IRI (a test checks it).
        if let Ok(with) = parser.clone().with_prefix(prefix, namespace) {
            parser = with;
        }
    }
    let query = parser.parse_query(text)?;
    let depth = super::depth::depth(&query);
    if depth > super::depth::MAX_DEPTH {
        return Err(QueryError::TooComplex { depth });
    }
    Ok(query)
}

/// Refuses a query that nests brackets deeper than [`MAX_NESTING`], before any parser sees
/// it. Every `(`, `{` and `[` counts, in strings, IRIs and comments too: a scanner that
/// tried to skip those could be fooled (an escaped quote in a prefixed name, `<` as an
/// operator) into missing brackets the parser then follows, and an over-count costs only
/// a query with a hundred unclosed brackets in its strings.
pub fn check_nesting(text: &str) -> Result<(), QueryError> {
    let mut depth = 0usize;
    for byte in text.bytes() {
        match byte {
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(QueryError::TooDeep { depth });
                }
            }
            b')' | b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

std::thread_local! {
    /// Set while this thread runs engine work whose panic is caught and reported.
    static CATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wraps the process's panic hook, once, so that a panic caught by [`catching_panics`]
/// prints nothing (no message, no backtrace): it is reported as an error, or, for the
/// engine's sort bug, worked around. Every other panic still goes to the hook before.
fn quiet_caught_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `work`, turning a panic inside the query engine into [`QueryError::EnginePanic`]
/// with its message, so that one bad query never takes the process down; the panic itself
/// prints nothing.
pub fn catching_panics<T>(work: impl FnOnce() -> Result<T, QueryError>) -> Result<T, QueryError> {
    quiet_caught_panics();
    let was = CATCHING.with(|c| c.replace(true));
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(was));
    caught.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_owned());
        Err(QueryError::EnginePanic(message))
    })
}

// Written by hand rather than with `#[from]`, which would also make the inner error the
// `source` and print its message twice in a `{:#}` chain.
impl From<SparqlSyntaxError> for QueryError {
    fn from(error: SparqlSyntaxError) -> Self {
        Self::Syntax(error)
    }
}

impl From<QueryEvaluationError> for QueryError {
    fn from(error: QueryEvaluationError) -> Self {
        Self::Evaluation(error)
    }
}

/// The answer to a query, collected in memory.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The rows of a SELECT.
    Solutions {
        /// The projected variables.
        variables: Vec<Variable>,
        /// One entry per row, one cell per variable.
        rows: Vec<Vec<Option<Term>>>,
    },
    /// The answer of an ASK.
    Boolean(bool),
    /// The triples of a CONSTRUCT or DESCRIBE.
    Graph(Vec<Triple>),
}

/// Binds `NAME=VALUE` parameters as typed terms for a named query.
pub fn bind_params(
    query: &NamedQuery,
    base: &BaseIri,
    given: &[(String, String)],
) -> Result<Vec<(Variable, Term)>, QueryError> {
    let mut bound = Vec::new();
    for (name, value) in given {
        let Some(param) = query.params.iter().find(|p| p.name == *name) else {
            let known: Vec<&str> = query.params.iter().map(|p| p.name.as_str()).collect();
            if let Some(hint) = crate::suggest::did_you_mean(name, known.iter().copied()) {
                return Err(QueryError::Parameter(format!(
                    "query `{}` has no parameter `{name}`: {hint}",
                    query.name
                )));
            }
            return Err(QueryError::Parameter(format!(
                "query `{}` has no parameter `{name}`; it takes: {}",
                query.name,
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        };
        let term = bind_value(param, base, value).map_err(|e| {
            QueryError::Parameter(format!("parameter `{name}` ({}): {e}", param.kind.name()))
        })?;
        bound.push((Variable::new_unchecked(name.clone()), term));
    }
    for param in &query.params {
        if !given.iter().any(|(n, _)| *n == param.name) {
            return Err(QueryError::Parameter(format!(
                "query `{}` needs `--param {}=…`: {}",
                query.name, param.name, param.description
            )));
        }
    }
    Ok(bound)
}

/// Refuses an entity parameter that names no record of its kind in `data`, with the
/// closest ids: the query would answer nothing, and say nothing of why.
pub fn check_entity_params(
    query: &NamedQuery,
    data: &Dataset,
    given: &[(String, String)],
) -> Result<(), QueryError> {
    for (name, value) in given {
        let Some(param) = query.params.iter().find(|p| p.name == *name) else {
            continue;
        };
        let ParamKind::Entity(kind) = param.kind else {
            continue;
        };
        let Some((ids, file)) = record_ids(data, kind) else {
            continue;
        };
        if ids.contains(&value.as_str()) {
            continue;
        }
        let hint = crate::suggest::did_you_mean(value, ids)
            .unwrap_or_else(|| format!("the ids are in {file}"));
        return Err(QueryError::Parameter(format!(
            "parameter `{name}` ({}): no {} has the id `{value}`: {hint}",
            param.kind.name(),
            kind.segment()
        )));
    }
    Ok(())
}

/// The ids of the records of `kind` and the data file they are in, for the kinds that are
/// records.
fn record_ids(data: &Dataset, kind: EntityKind) -> Option<(Vec<&str>, &'static str)> {
    fn keys<T>(map: &std::collections::BTreeMap<String, T>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }
    Some(match kind {
        EntityKind::Person => (keys(&data.persons), "persons.toml"),
        EntityKind::Office => (keys(&data.offices), "offices.toml"),
        EntityKind::Organization => (keys(&data.organizations), "organizations.toml"),
        EntityKind::Place => (keys(&data.places), "places.toml"),
        EntityKind::Tenure => (keys(&data.tenures), "tenures.toml"),
        EntityKind::Congress => (keys(&data.congresses), "congresses.toml"),
        EntityKind::Event => (keys(&data.events), "events.toml"),
        EntityKind::Source => (keys(&data.sources), "sources.toml"),
        _ => return None,
    })
}

fn bind_value(param: &Param, base: &BaseIri, value: &str) -> Result<Term, String> {
    Ok(match param.kind {
        // A full day only, and the message says so: listing the partial forms here would
        // offer what is then refused.
        ParamKind::Date => {
            let date: PartialDate = value.parse().map_err(|e| match e {
                DateError::Malformed(_) => {
                    format!(
                        "`{value}` is not a date: write the day as YYYY-MM-DD, such as 1953-06-01"
                    )
                }
                e => e.to_string(),
            })?;
            if date.precision() != DatePrecision::Day {
                return Err(format!(
                    "`{value}` is not a full day: write YYYY-MM-DD, such as 1953-06-01"
                ));
            }
            date_literal(&date).into()
        }
        ParamKind::PartialDate => {
            let date: PartialDate = value.parse().map_err(|e| format!("{e}"))?;
            date_literal(&date).into()
        }
        ParamKind::Text => Literal::new_simple_literal(value).into(),
        ParamKind::Integer => {
            let n: i64 = value
                .parse()
                .map_err(|_| format!("`{value}` is not a whole number"))?;
            Literal::from(n).into()
        }
        ParamKind::Entity(kind) => {
            if !crate::data::check::is_slug(value) {
                return Err(format!("`{value}` is not an id such as `stalin`"));
            }
            base.entity(kind, value).into()
        }
    })
}

/// Parses `NAME=VALUE` parameters of an ad-hoc query: each value is an N-Triples term
/// (`<iri>`, `"text"`, `"1953"^^<…#gYear>`) or a bare whole number.
pub fn bind_raw_params(given: &[(String, String)]) -> Result<Vec<(Variable, Term)>, QueryError> {
    given
        .iter()
        .map(|(name, value)| {
            let variable = Variable::new(name.clone()).map_err(|e| {
                QueryError::Parameter(format!("`{name}` is not a variable name: {e}"))
            })?;
            let term = match value.parse::<i64>() {
                Ok(n) => Literal::from(n).into(),
                Err(_) => value.parse::<Term>().map_err(|e| {
                    QueryError::Parameter(format!(
                        "parameter `{name}`: `{value}` is not an RDF term ({e}); write <iri>, \"text\" or \"value\"^^<datatype>"
                    ))
                })?,
            };
            Ok((variable, term))
        })
        .collect()
}

/// Runs a query on the store with the project's prefixes predeclared (a query's own
/// `PREFIX` lines win) and the given bindings.
pub fn run(
    store: &Store,
    base: &BaseIri,
    text: &str,
    bindings: &[(Variable, Term)],
) -> Result<Outcome, QueryError> {
    check_nesting(text)?;
    match catching_panics(|| evaluate(store, base, Source::Text(text), bindings)) {
        // The sort bug of the engine: run again with a total order (see `store::order`).
        Err(QueryError::EnginePanic(message)) => {
            match super::order::totally_ordered(text, Prefixes::new(base).pairs()) {
                Some(query) => catching_panics(|| {
                    evaluate(store, base, Source::Algebra(Box::new(query)), bindings)
                })
                .map_err(|_| QueryError::EnginePanic(message)),
                None => Err(QueryError::EnginePanic(message)),
            }
        }
        other => other,
    }
}

/// A query as text, or as algebra already parsed.
enum Source<'a> {
    Text(&'a str),
    Algebra(Box<spargebra::Query>),
}

fn evaluate(
    store: &Store,
    base: &BaseIri,
    source: Source<'_>,
    bindings: &[(Variable, Term)],
) -> Result<Outcome, QueryError> {
    let prefixes = Prefixes::new(base);
    let evaluator = prefixes.evaluator();
    // The text, to tell a parameter the query never names from one it does not project.
    let (text, query) = match source {
        Source::Text(text) => (text.to_owned(), parse(text, &prefixes)?),
        Source::Algebra(query) => (query.to_string(), *query),
    };
    let mut prepared = evaluator.for_query(query);
    for (variable, term) in bindings {
        prepared = prepared.substitute_variable(variable.clone(), term.clone());
    }
    let results = prepared.on_store(store).execute().map_err(|e| match e {
        QueryEvaluationError::NotExistingSubstitutedVariable(v) if !mentions(&text, &v) => {
            QueryError::Parameter(format!(
                "parameter {v} does not occur in the query: --param binds a variable the query uses, by its name"
            ))
        }
        QueryEvaluationError::NotExistingSubstitutedVariable(v) => QueryError::Parameter(format!(
            "parameter {v} must be projected: oxigraph binds parameters through the SELECT clause, so add {v} to it or use SELECT *"
        )),
        e => QueryError::Evaluation(e),
    })?;
    Ok(match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let mut rows = Vec::new();
            for solution in solutions {
                let solution = solution?;
                rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
            }
            Outcome::Solutions { variables, rows }
        }
        QueryResults::Boolean(value) => Outcome::Boolean(value),
        QueryResults::Graph(triples) => Outcome::Graph(triples.collect::<Result<_, _>>()?),
    })
}

/// Whether the query text names the variable `?name` or `$name`. A mention in a string
/// or a comment counts too, which only sends such a query to the "must be projected" hint.
fn mentions(text: &str, variable: &Variable) -> bool {
    let name = variable.as_str();
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '\u{b7}';
    text.match_indices(['?', '$']).any(|(at, _)| {
        let rest = &text[at + 1..];
        rest.strip_prefix(name)
            .is_some_and(|after| !after.starts_with(is_name))
    })
}

/// How to print the rows of a SELECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    /// An aligned text table for people.
    Table,
    /// W3C SPARQL CSV.
    Csv,
    /// W3C SPARQL TSV.
    Tsv,
    /// W3C SPARQL JSON.
    Json,
    /// W3C SPARQL XML.
    Xml,
}

impl ResultsFormat {
    fn w3c(self) -> Option<QueryResultsFormat> {
        match self {
            Self::Table => None,
            Self::Csv => Some(QueryResultsFormat::Csv),
            Self::Tsv => Some(QueryResultsFormat::Tsv),
            Self::Json => Some(QueryResultsFormat::Json),
            Self::Xml => Some(QueryResultsFormat::Xml),
        }
    }
}

/// Writes SELECT rows or an ASK answer in the chosen format.
pub fn write_solutions(
    outcome: &Outcome,
    format: ResultsFormat,
    base: &BaseIri,
    out: &mut impl Write,
) -> io::Result<()> {
    match (outcome, format.w3c()) {
        (Outcome::Boolean(value), None) => writeln!(out, "{value}"),
        (Outcome::Boolean(value), Some(w3c)) => {
            QueryResultsSerializer::from_format(w3c)
                .serialize_boolean_to_writer(&mut *out, *value)?;
            Ok(())
        }
        (Outcome::Solutions { variables, rows }, None) => write_table(variables, rows, base, out),
        (Outcome::Solutions { variables, rows }, Some(w3c)) => {
            let mut serializer = QueryResultsSerializer::from_format(w3c)
                .serialize_solutions_to_writer(&mut *out, variables.clone())?;
            for row in rows {
                serializer.serialize(
                    variables
                        .iter()
                        .zip(row)
                        .filter_map(|(v, t)| t.as_ref().map(|t| (v, t))),
                )?;
            }
            serializer.finish()?;
            Ok(())
        }
        (Outcome::Graph(_), _) => Err(io::Error::other("a graph result has no table form")),
    }
}

fn write_table(
    variables: &[Variable],
    rows: &[Vec<Option<Term>>],
    base: &BaseIri,
    out: &mut impl Write,
) -> io::Result<()> {
    let prefixes = Prefixes::new(base);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|t| t.as_ref().map_or_else(String::new, |t| prefixes.display(t)))
                .collect()
        })
        .collect();
    let header: Vec<&str> = variables.iter().map(Variable::as_str).collect();
    crate::table::write(&header, &cells, out)?;
    writeln!(
        out,
        "({})",
        crate::data::diagnostic::plural(rows.len(), "row")
    )
}

impl fmt::Display for ParamKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The counts `cpsu-kg stats` prints, as `(what, how many)`, in a fixed order.
pub fn stats(store: &Store, base: &BaseIri) -> Result<Vec<(String, u64)>, QueryError> {
    let count = |text: &str| -> Result<u64, QueryError> {
        match run(store, base, text, &[])? {
            Outcome::Solutions { rows, .. } => Ok(rows
                .first()
                .and_then(|row| row.first().cloned().flatten())
                .and_then(|t| match t {
                    Term::Literal(l) => l.value().parse().ok(),
                    _ => None,
                })
                .unwrap_or(0)),
            _ => Ok(0),
        }
    };
    let mut stats = vec![(
        "triples".to_owned(),
        count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")?,
    )];
    for class in crate::graph::vocab::COUNTED_CLASSES {
        let n = count(&format!(
            "SELECT (COUNT(DISTINCT ?x) AS ?n) {{ ?x a <{}> }}",
            class.as_str()
        ))?;
        let name = class
            .as_str()
            .trim_start_matches(crate::graph::vocab::cpsu::NAMESPACE);
        stats.push((format!("cpsu:{name}"), n));
    }
    stats.push((
        "disputed claims".to_owned(),
        count("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?c cpsu:disputed true }")?,
    ));
    stats.push((
        "facts with provenance".to_owned(),
        count("SELECT (COUNT(*) AS ?n) { ?s prov:wasDerivedFrom ?c }")?,
    ));
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_every_bracket_wherever_it_is() {
        let deep = |n: usize| format!("ASK {{ FILTER({}1{}) }}", "(".repeat(n), ")".repeat(n));
        assert!(check_nesting(&deep(MAX_NESTING - 2)).is_ok());
        assert!(matches!(
            check_nesting(&deep(MAX_NESTING)),
            Err(QueryError::TooDeep { .. })
        ));
        // The shapes that fooled a scanner which skipped strings, IRIs and comments: `<`
        // as an operator right before `>`, an escaped quote or `#` in a prefixed name.
        let hidden = "(".repeat(MAX_NESTING);
        let closed = ")".repeat(MAX_NESTING);
        for text in [
            format!("ASK {{ FILTER(1<{hidden}1{closed}&&2>1) }}"),
            format!("ASK {{ ?s ex:a\\' {hidden}1{closed} }}"),
            format!("ASK {{ ?s ex:a\\# {hidden}1{closed} }}"),
            format!("ASK {{ ?s ?p \"{hidden}\" }}"),
        ] {
            assert!(check_nesting(&text).is_err(), "{text}");
        }
        // Brackets that close again do not add up.
        let flat = "(1) ".repeat(MAX_NESTING * 3);
        assert!(check_nesting(&format!("ASK {{ FILTER({flat}) }}")).is_ok());
    }

    #[test]
    fn a_deeply_nested_query_is_refused_before_it_can_overflow_the_stack() {
        let store = Store::new().expect("a store");
        let text = format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let error = run(&store, &BaseIri::default(), &text, &[]).expect_err("refused");
        assert!(
            error.to_string().contains("at most 100 are accepted"),
            "{error}"
        );
    }

    /// Every named query declares its own prefixes: it parses with an evaluator that knows
    /// none, as another store's would.
    #[test]
    fn named_queries_run_verbatim_without_predeclared_prefixes() {
        let moved = BaseIri::new("http://127.0.0.1:7878/").expect("a base");
        for named in named_queries() {
            for base in [BaseIri::default(), moved.clone()] {
                let text = named.full_text(&base);
                if let Err(e) = oxigraph::sparql::SparqlEvaluator::new().parse_query(&text) {
                    panic!("{}: {e}", named.name);
                }
            }
        }
        let holders = named_query("office-holders").expect("a named query");
        assert!(
            holders
                .full_text(&moved)
                .contains("PREFIX office: <http://127.0.0.1:7878/office/>")
        );
        assert!(
            holders
                .full_text(&moved)
                .contains("PREFIX cpsu: <https://w3id.org/cpsu-kg/ontology#>")
        );
    }

    #[test]
    fn a_panic_in_the_engine_becomes_an_error() {
        let outcome: Result<(), QueryError> = catching_panics(|| {
            panic!("comparison function does not correctly implement a total order")
        });
        let error = outcome.expect_err("caught");
        assert!(error.to_string().contains("total order"), "{error}");
    }
}
