//! The command line, declared with clap: doc comments are the help texts.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Linked data about the office of General Secretary of the CPSU, from curated data to
/// SPARQL answers and RDF exports.
///
/// The data and the ontology are compiled in, so every command works from any folder;
/// `--data DIR` reads another directory of the same format instead.
#[derive(Debug, Parser)]
#[command(name = "cpsu-kg", version, propagate_version = true)]
pub struct Cli {
    /// Read the data from this directory instead of the data compiled into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Mint entity IRIs under this base IRI (it must end in `/` or `#`).
    #[arg(long, global = true, value_name = "IRI", default_value = crate::graph::vocab::DEFAULT_BASE_IRI)]
    pub base_iri: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the whole graph (data and ontology) as RDF.
    ///
    /// The format is `--format` if given, else the extension of `-o`, else Turtle. The output
    /// is sorted, so the same data always gives the same bytes, and `-o` is written
    /// atomically: a failed run leaves no file behind.
    ///
    /// `--profile wikidata` writes Wikidata's own RDF model (the Wikibase dump format that
    /// WDQS indexes); `--profile all` puts both profiles in named graphs of a TriG or
    /// N-Quads file. `--format quickstatements` (or `-o FILE.qs`) writes the Wikidata
    /// profile's statements as QuickStatements V1 commands, and `--format dot` a Graphviz
    /// picture of the entities and their links (`--focus ID --depth N` for one entity's
    /// neighbourhood).
    ///
    /// Example: cpsu-kg export -o graph.ttl
    Export {
        /// The format: ttl, nt, nq, trig, rdf, jsonld, quickstatements or dot, or a media
        /// type such as text/turtle.
        #[arg(long, short = 'f', value_name = "FORMAT")]
        format: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Which model of the data to write.
        #[arg(long, value_enum, default_value_t = ProfileArg::Core)]
        profile: ProfileArg,
        /// With QuickStatements, write only statements on items that already have a
        /// Wikidata id (no CREATE blocks).
        #[arg(long)]
        qs_only_existing: bool,
        /// With `--format dot`, draw only this entity (by id) and its neighbourhood.
        #[arg(long, value_name = "ID")]
        focus: Option<String>,
        /// With `--focus`, how many links away from the entity to go.
        #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
        depth: usize,
    },
    /// Run a SPARQL query: a named query, a file, `-` for standard input, or the text itself.
    ///
    /// SELECT prints an aligned table on a terminal and TSV otherwise, unless `--results`
    /// says which. ASK prints true or false. CONSTRUCT and DESCRIBE print Turtle.
    /// Parameters of named queries are bound as typed values, never pasted into the text.
    ///
    /// Example: cpsu-kg query holder-on-date --param date=1953-06-01
    Query {
        /// The named query (see `cpsu-kg queries`), a `.rq` file, `-`, or SPARQL text.
        #[arg(value_name = "QUERY")]
        query: String,
        /// How to print SELECT and ASK results.
        #[arg(long, short = 'r', value_enum, value_name = "FORMAT")]
        results: Option<ResultsArg>,
        /// Bind a parameter, as NAME=VALUE; repeat for several.
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// Which model of the data to query: core, or wikidata for WDQS-style queries.
        /// Named queries under `wikidata/` default to wikidata, all others to core.
        #[arg(long, value_enum)]
        profile: Option<ProfileArg>,
    },
    /// Who held an office: every holder in order, or who held it on a date or in a period.
    ///
    /// Without `--on` or `--between`, prints every holding of the office and of the posts it
    /// grew out of: title held, holder, start, end, length, acting, and citations. With
    /// `--on DATE`, says who held it that day (or in that month or year), whether surely or
    /// possibly, and why; when nobody did, explains the gap from the events in it. Dates
    /// are YYYY, YYYY-MM or YYYY-MM-DD.
    ///
    /// Example: cpsu-kg holders --on 1953-06-01
    Holders {
        /// The office, by id; its incarnations are included.
        #[arg(long, default_value = "general-secretary", value_name = "ID")]
        office: String,
        /// The date to ask about.
        #[arg(long, value_name = "DATE", conflicts_with = "between")]
        on: Option<String>,
        /// The first and last dates of a period to ask about.
        #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
        between: Option<Vec<String>>,
    },
    /// Draw the office's history: an SVG Gantt chart, or an HTML page with tooltips.
    ///
    /// One row per office name and one bar per tenure; acting tenures are hatched, and a
    /// date known only to the month or year (or disputed) fades over every possible day.
    /// Markers show congresses, plenums, deaths, the coup and the abolitions. The format
    /// follows the extension of `-o`: `.svg` or `.html`.
    ///
    /// Example: cpsu-kg timeline -o timeline.html
    Timeline {
        /// The file to write, `.svg` or `.html`.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
        /// The first year shown.
        #[arg(long, default_value_t = 1917, value_name = "YEAR")]
        from: i32,
        /// The last year shown.
        #[arg(long, default_value_t = 1993, value_name = "YEAR")]
        to: i32,
        /// The office whose lineage is drawn.
        #[arg(long, default_value = "general-secretary", value_name = "ID")]
        office: String,
    },
    /// Validate the graph against SHACL shapes: the project's own, or yours.
    ///
    /// Builds the graph from the data (both the core and the Wikidata profile) and checks
    /// it against `ontology/shapes.ttl`, or checks an RDF file given with `--graph`. The
    /// report is text, or a standard `sh:ValidationReport` in Turtle with `--report ttl`.
    /// Exits 1 when the graph does not conform.
    ///
    /// Example: cpsu-kg validate --report ttl
    Validate {
        /// Shapes to use instead of the project's, in Turtle.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,
        /// The report format.
        #[arg(long, value_enum, default_value_t = ReportArg::Text)]
        report: ReportArg,
        /// Validate this RDF file instead of the graph built from the data.
        #[arg(long, value_name = "FILE")]
        graph: Option<PathBuf>,
    },
    /// Serve the graph: a read-only SPARQL endpoint with Linked Data pages.
    ///
    /// `/sparql` answers the SPARQL 1.1 Protocol (GET, POST form, POST
    /// application/sparql-query) in the result format the `Accept` header asks for; updates
    /// are refused. `/store?default` and `/store?graph=IRI` are the Graph Store Protocol's
    /// read side. Every entity IRI dereferences when `--base-iri` is the served address
    /// (RDF by `Accept`, or HTML for browsers). `/` has a query box; `/.well-known/void`
    /// describes the dataset. Each request is logged to standard error; Ctrl-C lets running
    /// requests finish, then stops.
    ///
    /// Example: cpsu-kg serve --bind 127.0.0.1:7878 --base-iri http://127.0.0.1:7878/
    Serve {
        /// The address to listen on; loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDRESS")]
        bind: String,
        /// Cancel a query after this many seconds.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        timeout_s: u64,
    },
    /// Push the export into another triple store over the SPARQL 1.1 Graph Store Protocol.
    ///
    /// `--replace` sends PUT (the graph becomes the export); otherwise POST adds to it.
    /// `--update-url` sends SPARQL Update `INSERT DATA` in batches instead, for stores without
    /// the Graph Store Protocol. Connection failures and 5xx answers are retried with backoff,
    /// 4xx answers are not. Afterwards the target graph is read back and its triples counted.
    /// Credentials come from the environment: CPSU_KG_PUSH_TOKEN (bearer), or
    /// CPSU_KG_PUSH_USER and CPSU_KG_PUSH_PASSWORD (basic).
    ///
    /// Example: cpsu-kg push --store-url http://localhost:7878/store --graph https://w3id.org/cpsu-kg/graph/core --replace
    Push {
        /// The Graph Store Protocol endpoint.
        #[arg(long, value_name = "URL")]
        store_url: String,
        /// Write into this named graph.
        #[arg(long, value_name = "IRI", conflicts_with = "default")]
        graph: Option<String>,
        /// Write into the default graph.
        #[arg(long)]
        default: bool,
        /// Replace the graph's content instead of adding to it.
        #[arg(long)]
        replace: bool,
        /// What to send: nt or ttl.
        #[arg(long, default_value = "nt", value_name = "FORMAT")]
        format: String,
        /// Send SPARQL Update to this endpoint instead of using the Graph Store Protocol.
        #[arg(long, value_name = "URL")]
        update_url: Option<String>,
        /// Triples per INSERT DATA request, with `--update-url`.
        #[arg(long, default_value_t = 10_000, value_name = "N")]
        batch: usize,
        /// Which model of the data to push.
        #[arg(long, value_enum, default_value_t = ProfileArg::Core)]
        profile: ProfileArg,
    },
    /// Check the data for consistency, as position-history tools do.
    ///
    /// Reports, with file and line: a tenure of an office lineage missing a start, an end,
    /// a predecessor or a successor; a succession that disagrees with the dates; overlapping
    /// terms of one office (unless acting); gaps between successive holders, with their
    /// size; dates too imprecise to order; office held before birth or after death; congress
    /// numbers out of date order; cycles in part-of relations. Errors exit 1; warnings exit
    /// 0 unless `--strict`.
    ///
    /// Example: cpsu-kg check --strict
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Write synthetic data of a given size, for tests and benchmarks only.
    ///
    /// N persons, about N tenures across up to 300 offices, N/2 events, with citations and
    /// dates of every precision, in the project's own format. The same N always gives the
    /// same files, and the data passes `check` and `validate`.
    ///
    /// Example: cpsu-kg generate --scale 10000 -o /tmp/synthetic
    Generate {
        /// How many persons.
        #[arg(long, value_name = "N")]
        scale: u64,
        /// The directory to write.
        #[arg(long, short = 'o', value_name = "DIR")]
        output: PathBuf,
    },
    /// List the named queries with their descriptions and parameters.
    ///
    /// Example: cpsu-kg queries
    Queries,
    /// Count the graph: triples, entities per class, sources, citations and claims.
    ///
    /// Example: cpsu-kg stats
    Stats,
    /// List, per source, every value it is cited for, by footnote or infobox.
    ///
    /// Each line names a record, a field and the value the citation supports: `record` for
    /// the record's existence, English label and description, else a claimed value (a
    /// date, a title, a Russian name) with its own citations. Read one source's list
    /// against the source itself to audit what it is credited with.
    ///
    /// Example: cpsu-kg provenance
    Provenance,
}

/// The formats of `validate --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    /// One line per result.
    Text,
    /// A `sh:ValidationReport` in Turtle.
    Ttl,
}

/// The profiles of `--profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The project's model in standard vocabularies.
    Core,
    /// Wikidata's Wikibase RDF model.
    Wikidata,
    /// Both, each in its own named graph (TriG and N-Quads only).
    All,
}

impl From<ProfileArg> for crate::graph::profile::Profile {
    fn from(arg: ProfileArg) -> Self {
        match arg {
            ProfileArg::Core => Self::Core,
            ProfileArg::Wikidata => Self::Wikidata,
            ProfileArg::All => Self::All,
        }
    }
}

/// The result formats of `query --results`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResultsArg {
    /// An aligned text table.
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

impl From<ResultsArg> for crate::store::query::ResultsFormat {
    fn from(arg: ResultsArg) -> Self {
        match arg {
            ResultsArg::Table => Self::Table,
            ResultsArg::Csv => Self::Csv,
            ResultsArg::Tsv => Self::Tsv,
            ResultsArg::Json => Self::Json,
            ResultsArg::Xml => Self::Xml,
        }
    }
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('?');
    if name.is_empty() {
        return Err(format!("`{text}` has no parameter name before `=`"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn params_split_on_the_first_equals_sign() {
        assert_eq!(
            parse_param("date=1953-03-05"),
            Ok(("date".into(), "1953-03-05".into()))
        );
        assert_eq!(parse_param("?q=a=b"), Ok(("q".into(), "a=b".into())));
        assert!(parse_param("date").is_err());
        assert!(parse_param("=x").is_err());
    }
}
