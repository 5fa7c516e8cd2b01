//! The command line, declared with clap: doc comments are the help texts. Option values are
//! parsed here into the library's own types (a base IRI, a date, a socket address, an
//! output format), so that every bad option is a usage error that exits 2 with clap's
//! message, before any work starts.

use crate::data::date::PartialDate;
use crate::graph::profile::Profile;
use crate::graph::vocab::BaseIri;
use crate::output::export::Output;
use crate::store::query::ResultsFormat;
use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use oxigraph::model::NamedNode;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Linked data about the office of General Secretary of the CPSU, from curated data to
/// SPARQL answers and RDF exports.
///
/// The data and the ontology are compiled in, so every command works from any folder;
/// `--data DIR` reads another directory of the same format instead.
#[derive(Debug, Parser)]
#[command(name = "cpsu-kg", version, propagate_version = true)]
pub struct Args {
    /// Read the data from this directory instead of the data compiled into the binary
    /// (for the commands that read data; also accepted after the command's name).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Mint entity IRIs under this base IRI, ending in `/` or `#` (for the commands that
    /// write or query IRIs; also accepted after the command's name)
    /// [default: https://w3id.org/cpsu-kg/].
    #[arg(long, value_name = "IRI", value_parser = parse_base_iri)]
    pub base_iri: Option<BaseIri>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// `--data DIR`, on the commands that read the data.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct DataArg {
    /// Read the data from this directory instead of the data compiled into the binary.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
}

/// `--base-iri IRI`, on the commands whose output or queries hold entity IRIs.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct BaseIriArg {
    /// Mint entity IRIs under this base IRI, ending in `/` or `#`
    /// [default: https://w3id.org/cpsu-kg/].
    #[arg(long, value_name = "IRI", value_parser = parse_base_iri)]
    pub base_iri: Option<BaseIri>,
}

/// What every command that reads data shares: where it is and the base IRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// The data directory, or `None` for the data compiled in.
    pub data: Option<PathBuf>,
    /// The base IRI entity IRIs are minted under.
    pub base: BaseIri,
}

impl Args {
    /// The data directory and base IRI the command runs with: given after the command's
    /// name (which wins, as it did when the options were global) or before it. Either
    /// given before a command that does not use it is a usage error, not silently ignored.
    pub fn shared(&self) -> Result<Shared, clap::Error> {
        let (data, base) = self.command.takes();
        let refuse = |option: &str| {
            <Self as clap::CommandFactory>::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "{option} does nothing for `cpsu-kg {}`: leave it out",
                    self.command.name()
                ),
            )
        };
        if self.data.is_some() && data.is_none() {
            return Err(refuse("--data"));
        }
        if self.base_iri.is_some() && base.is_none() {
            return Err(refuse("--base-iri"));
        }
        Ok(Shared {
            data: data
                .and_then(|d| d.data.clone())
                .or_else(|| self.data.clone()),
            base: base
                .and_then(|b| b.base_iri.clone())
                .or_else(|| self.base_iri.clone())
                .unwrap_or_default(),
        })
    }
}

impl Command {
    /// The command's `--data` and `--base-iri`, or `None` where it takes none.
    fn takes(&self) -> (Option<&DataArg>, Option<&BaseIriArg>) {
        match self {
            Self::Export(a) => (Some(&a.data), Some(&a.base)),
            Self::Query(a) => (Some(&a.data), Some(&a.base)),
            Self::Timeline(a) => (Some(&a.data), Some(&a.base)),
            Self::Validate(a) => (Some(&a.data), Some(&a.base)),
            Self::Serve(a) => (Some(&a.data), Some(&a.base)),
            Self::Push(a) => (Some(&a.data), Some(&a.base)),
            Self::Holders(a) => (Some(&a.data), None),
            Self::Check(a) => (Some(&a.data), None),
            Self::Stats(a) | Self::Provenance(a) => (Some(&a.data), None),
            Self::Wikidata(WikidataCommand::Reconcile { data, .. }) => (Some(data), None),
            Self::Queries(a) => (None, Some(&a.base)),
            Self::Generate(_) => (None, None),
        }
    }

    /// The command's name, as typed.
    fn name(&self) -> &'static str {
        match self {
            Self::Export(_) => "export",
            Self::Query(_) => "query",
            Self::Holders(_) => "holders",
            Self::Timeline(_) => "timeline",
            Self::Validate(_) => "validate",
            Self::Serve(_) => "serve",
            Self::Push(_) => "push",
            Self::Check(_) => "check",
            Self::Generate(_) => "generate",
            Self::Queries(_) => "queries",
            Self::Stats(_) => "stats",
            Self::Provenance(_) => "provenance",
            Self::Wikidata(_) => "wikidata reconcile",
        }
    }
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
    Export(ExportArgs),
    /// Run a SPARQL query: a named query, a file, `-` for standard input, or the text itself.
    ///
    /// SELECT prints an aligned table on a terminal and TSV otherwise, unless `--results`
    /// says which. ASK prints true or false. CONSTRUCT and DESCRIBE print Turtle.
    /// Parameters of named queries are bound as typed values, never pasted into the text.
    ///
    /// Example: cpsu-kg query holder-on-date --param date=1953-06-01
    Query(QueryArgs),
    /// Who held an office: every holder in order, or who held it on a date or in a period.
    ///
    /// Without `--on` or `--between`, prints every holding of the office and of the posts it
    /// grew out of: title held, holder, start, end, length, acting, and citations. With
    /// `--on DATE`, says who held it that day (or in that month or year), whether surely or
    /// possibly, and why; when nobody did, explains the gap from the events in it. Dates
    /// are YYYY, YYYY-MM or YYYY-MM-DD.
    ///
    /// Example: cpsu-kg holders --on 1953-06-01
    Holders(HoldersArgs),
    /// Draw the office's history: an SVG Gantt chart, or an HTML page with tooltips.
    ///
    /// One row per office name and one bar per tenure; acting tenures are hatched, and a
    /// date known only to the month or year (or disputed) fades over every possible day.
    /// Markers show congresses, plenums, deaths, the coup and the abolitions. The format
    /// follows the extension of `-o`: `.svg` or `.html`.
    ///
    /// Example: cpsu-kg timeline -o timeline.html
    Timeline(TimelineArgs),
    /// Validate the graph against SHACL shapes: the project's own, or yours.
    ///
    /// Builds the graph from the data (both the core and the Wikidata profile) and checks
    /// it against `ontology/shapes.ttl`, or checks an RDF file given with `--graph`. The
    /// report is text, or a standard `sh:ValidationReport` in Turtle with `--report ttl`.
    /// Exits 1 when the graph does not conform.
    ///
    /// Example: cpsu-kg validate --report ttl
    Validate(ValidateArgs),
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
    Serve(ServeArgs),
    /// Push the export into another triple store over the SPARQL 1.1 Graph Store Protocol.
    ///
    /// `--replace` sends PUT (the graph becomes the export); otherwise POST adds to it.
    /// `--update-url` sends SPARQL Update `INSERT DATA` in batches instead, for stores without
    /// the Graph Store Protocol. Connection failures and 408, 429, 502, 503 and 504 answers
    /// are retried with backoff (honouring Retry-After), within `--deadline-s`; any other
    /// error stops the push at once with the store's message, and redirects are not
    /// followed. Afterwards the target graph is read back and its distinct triples counted:
    /// through the Graph Store Protocol, or with `--update-url` by a SPARQL query sent to
    /// `--query-url` (by default the update URL).
    /// Credentials come from the environment: CPSU_KG_PUSH_TOKEN (bearer), or
    /// CPSU_KG_PUSH_USER and CPSU_KG_PUSH_PASSWORD (basic).
    ///
    /// Example: cpsu-kg push --store-url http://localhost:7878/store --graph https://w3id.org/cpsu-kg/graph/core --replace
    Push(PushArgs),
    /// Check the data for consistency, as position-history tools do.
    ///
    /// Reports, with file and line: a tenure of an office lineage missing a start, an end,
    /// a predecessor or a successor; a succession that disagrees with the dates; overlapping
    /// terms of one office (unless acting); gaps between successive holders, with their
    /// size; dates too imprecise to order; each claimed start or end before birth or after
    /// death; Old Style dates that are not the day of their Gregorian twin; events that
    /// disagree with the tenures they begin or end; congress numbers out of date order;
    /// cycles in part-of relations. Errors exit 1; warnings exit 0 unless `--strict`.
    ///
    /// Example: cpsu-kg check --strict
    Check(CheckArgs),
    /// Write synthetic data of a given size, for tests and benchmarks only.
    ///
    /// N persons, about N tenures across up to 300 offices, N/2 events, with citations and
    /// dates of every precision, in the project's own format. The same N always gives the
    /// same files, and the data passes `check` and `validate`.
    ///
    /// Example: cpsu-kg generate --scale 10000 -o /tmp/synthetic
    Generate(GenerateArgs),
    /// List the named queries with their descriptions and parameters, or print one.
    ///
    /// `--show NAME` prints exactly the text `cpsu-kg query NAME` runs: it declares its own
    /// prefixes (entity namespaces under `--base-iri`), so it runs verbatim in any SPARQL 1.1
    /// store that holds the export.
    ///
    /// Example: cpsu-kg queries --show office-holders
    Queries(QueriesArgs),
    /// Count the graph: triples, entities per class, sources, citations and claims.
    ///
    /// Example: cpsu-kg stats
    Stats(DataOnlyArgs),
    /// List, per source, every value it is cited for, by footnote or infobox.
    ///
    /// Each line names a record, a field and the value the citation supports: `record` for
    /// the record's existence, English label and description, else a claimed value (a
    /// date, a title, a Russian name) with its own citations. Read one source's list
    /// against the source itself to audit what it is credited with.
    ///
    /// Example: cpsu-kg provenance
    Provenance(DataOnlyArgs),
    /// Tools for Wikidata editors.
    #[command(subcommand)]
    Wikidata(WikidataCommand),
}

/// The subcommands of `cpsu-kg wikidata`.
#[derive(Debug, Subcommand)]
pub enum WikidataCommand {
    /// Write every entity without a Wikidata id as a CSV for OpenRefine's Wikidata
    /// reconciliation: id, kind, English and Russian labels, the type to match against
    /// (a Q-id), its label, birth and death years, start and end years, description.
    ///
    /// Put each match back in data/ as `wikidata = "Q…"` with a `wikidata_source` saying
    /// how it was matched; QuickStatements then writes that entity's statements.
    ///
    /// Example: cpsu-kg wikidata reconcile -o reconcile.csv
    Reconcile {
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Where the data is.
        #[command(flatten)]
        data: DataArg,
    },
}

/// The options of `cpsu-kg export`.
#[derive(Debug, ClapArgs)]
pub struct ExportArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// The format: ttl, nt, nq, trig, rdf, jsonld, quickstatements or dot, or a media
    /// type such as text/turtle.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_output)]
    pub format: Option<Output>,
    /// Write to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Which model of the data to write.
    #[arg(long, value_enum, default_value_t = ProfileArg::Core)]
    pub profile: ProfileArg,
    /// With QuickStatements, also write a CREATE block for each entity without a
    /// Wikidata id that can be created whole (a Wikidata class, both labels). Without it,
    /// nothing is created: reconcile first (`cpsu-kg` docs/wikidata.md).
    #[arg(long)]
    pub create: bool,
    /// With QuickStatements, write the review report here: a TSV of everything the batch
    /// leaves out (entity, property, value, reason).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// With QuickStatements, Wikidata entity JSON of what Wikidata holds (as
    /// `Special:EntityData/Q….json` or `wbgetentities` write it); repeat for several. The
    /// batch then holds only what is missing there, and conflicts go to the report.
    #[arg(long, value_name = "FILE")]
    pub against: Vec<PathBuf>,
    /// With QuickStatements, fetch that JSON for every Q-id the batch writes to, from
    /// `--wikidata-url`.
    #[arg(long)]
    pub fetch: bool,
    /// Where `--fetch` gets entity JSON: the URL that `Q855.json` is appended to.
    #[arg(
        long,
        value_name = "URL",
        default_value = "https://www.wikidata.org/wiki/Special:EntityData/"
    )]
    pub wikidata_url: String,
    /// Accepted for older scripts: writing only statements on items with a Wikidata id is
    /// now the default.
    #[arg(long, hide = true, conflicts_with = "create")]
    pub qs_only_existing: bool,
    /// With `--format dot`, draw only this entity (by id) and its neighbourhood.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
    /// With `--focus`, how many links away from the entity to go.
    #[arg(long, default_value_t = 1, value_name = "N", requires = "focus")]
    pub depth: usize,
}

/// The options of `cpsu-kg query`.
#[derive(Debug, ClapArgs)]
pub struct QueryArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// The named query (see `cpsu-kg queries`), a `.rq` file, `-`, or SPARQL text.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// How to print SELECT and ASK results.
    #[arg(long, short = 'r', value_enum, value_name = "FORMAT")]
    pub results: Option<ResultsArg>,
    /// Bind a parameter, as NAME=VALUE; repeat for several.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// Which model of the data to query: core, or wikidata for WDQS-style queries.
    /// Named queries under `wikidata/` default to wikidata, all others to core.
    #[arg(long, value_enum)]
    pub profile: Option<SingleProfileArg>,
    /// Give up on the query after this many seconds (exit 1).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout_s: Option<u64>,
    /// Memory the query may hold, in MiB; a query that needs more is stopped (exit 1).
    #[arg(long, default_value_t = 1024, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub memory_mb: u64,
}

/// The options of `cpsu-kg holders`.
#[derive(Debug, ClapArgs)]
pub struct HoldersArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The office, by id; its incarnations are included.
    #[arg(long, default_value = "general-secretary", value_name = "ID")]
    pub office: String,
    /// The date to ask about.
    #[arg(long, value_name = "DATE", conflicts_with = "between", value_parser = parse_date)]
    pub on: Option<PartialDate>,
    /// The first and last dates of a period to ask about.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"], value_parser = parse_date)]
    pub between: Option<Vec<PartialDate>>,
}

/// The options of `cpsu-kg timeline`.
#[derive(Debug, ClapArgs)]
pub struct TimelineArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// The file to write, `.svg` or `.html`.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
    /// The first year shown.
    #[arg(long, default_value_t = 1917, value_name = "YEAR")]
    pub from: i32,
    /// The last year shown.
    #[arg(long, default_value_t = 1993, value_name = "YEAR")]
    pub to: i32,
    /// The office whose lineage is drawn.
    #[arg(long, default_value = "general-secretary", value_name = "ID")]
    pub office: String,
}

/// The options of `cpsu-kg validate`.
#[derive(Debug, ClapArgs)]
pub struct ValidateArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// Shapes to use instead of the project's, in Turtle (relative IRIs resolve against the
    /// file's URL).
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,
    /// The report format.
    #[arg(long, value_enum, default_value_t = ReportArg::Text)]
    pub report: ReportArg,
    /// Validate this RDF file instead of the graph built from the data (relative IRIs
    /// resolve against the file's URL).
    #[arg(long, value_name = "FILE")]
    pub graph: Option<PathBuf>,
}

/// The options of `cpsu-kg serve`.
#[derive(Debug, ClapArgs)]
pub struct ServeArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// The address to listen on; loopback unless you say otherwise (port 0 picks one).
    #[arg(
        long,
        default_value = "127.0.0.1:7878",
        value_name = "ADDRESS",
        overrides_with = "bind"
    )]
    pub bind: SocketAddr,
    /// Cancel a query after this many seconds (503), counted from its arrival.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout_s: u64,
    /// Worker threads for queries and whole graphs [default: the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub workers: Option<u64>,
    /// Worker threads at most: while long queries (past 100 ms) hold the others, workers are
    /// added so that short queries do not wait behind them.
    #[arg(long, default_value_t = 64, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_workers: u64,
    /// Queries waiting for a worker, at most; more are answered 503 with Retry-After.
    #[arg(long, default_value_t = 256, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub queue: u64,
    /// Memory one query may hold, in MiB; a query that needs more is stopped (503).
    #[arg(long, default_value_t = 128, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub memory_mb: u64,
    /// Memory all queries together may hold, in MiB, abandoned ones included.
    #[arg(long, default_value_t = 512, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub memory_total_mb: u64,
    /// Abandoned queries (stopped past their deadline, which the engine could not cancel)
    /// kept at most; past it, or past --memory-total-mb reserved by them, the server
    /// restarts itself in place to let go of them.
    #[arg(long, default_value_t = 256, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_abandoned: u64,
    /// Open connections, at most; more are answered 503 and closed.
    #[arg(long, default_value_t = 1024, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,
    /// A request's head and body must arrive within this many seconds (else 408).
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_s: u64,
    /// Close a kept-alive connection after this many idle seconds.
    #[arg(long, default_value_t = 5, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout_s: u64,
}

/// The options of `cpsu-kg push`.
#[derive(Debug, ClapArgs)]
#[command(group = clap::ArgGroup::new("target").required(true).args(["graph", "default"]))]
#[command(group = clap::ArgGroup::new("endpoint").required(true).args(["store_url", "update_url"]))]
pub struct PushArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// The Graph Store Protocol endpoint, such as http://localhost:7878/store.
    #[arg(long, value_name = "URL")]
    pub store_url: Option<String>,
    /// Write into this named graph (or --default).
    #[arg(long, value_name = "IRI", conflicts_with = "default", value_parser = parse_iri)]
    pub graph: Option<NamedNode>,
    /// Write into the default graph.
    #[arg(long)]
    pub default: bool,
    /// Replace the graph's content instead of adding to it.
    #[arg(long)]
    pub replace: bool,
    /// What to send.
    #[arg(long, value_enum, default_value_t = PushFormatArg::Nt, value_name = "FORMAT")]
    pub format: PushFormatArg,
    /// Send SPARQL Update to this endpoint instead of using the Graph Store Protocol.
    #[arg(long, value_name = "URL", conflicts_with = "store_url")]
    pub update_url: Option<String>,
    /// With `--update-url`, count the pushed graph with a SPARQL query sent here
    /// [default: the update URL, which Fuseki, Virtuoso and Oxigraph answer at one
    /// `/sparql`-style endpoint]. Without `--update-url` it is refused (exit 2).
    #[arg(long, value_name = "URL")]
    pub query_url: Option<String>,
    /// Triples per INSERT DATA request, with `--update-url`.
    #[arg(long, default_value_t = 10_000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// Which model of the data to push.
    #[arg(long, value_enum, default_value_t = SingleProfileArg::Core)]
    pub profile: SingleProfileArg,
    /// Give up on the whole push, retries included, after this many seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub deadline_s: u64,
    /// Trust the CA certificates in this PEM file as well as the platform's, for an HTTPS
    /// store with a private or self-signed certificate.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Send the credentials of `CPSU_KG_PUSH_TOKEN` or `CPSU_KG_PUSH_USER` over plain
    /// `http://` to a host other than this machine.
    ///
    /// Without it, a push with credentials to such a URL stops before any request, since
    /// anyone on the network between could read them, on every retry.
    #[arg(long)]
    pub allow_http_credentials: bool,
}

/// The options of `cpsu-kg queries`.
#[derive(Debug, ClapArgs)]
pub struct QueriesArgs {
    /// The base IRI.
    #[command(flatten)]
    pub base: BaseIriArg,
    /// Print this named query's text instead of the list.
    #[arg(long, value_name = "NAME")]
    pub show: Option<String>,
}

/// The options of `cpsu-kg check`.
#[derive(Debug, ClapArgs)]
pub struct CheckArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

/// The options of `cpsu-kg stats` and `cpsu-kg provenance`: where the data is.
#[derive(Debug, ClapArgs)]
pub struct DataOnlyArgs {
    /// Where the data is.
    #[command(flatten)]
    pub data: DataArg,
}

/// The options of `cpsu-kg generate`.
#[derive(Debug, ClapArgs)]
pub struct GenerateArgs {
    /// How many persons.
    #[arg(long, value_name = "N")]
    pub scale: u64,
    /// The directory to write.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the data files already in the directory.
    #[arg(long)]
    pub force: bool,
}

/// The formats of `validate --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportArg {
    /// One line per result.
    Text,
    /// A `sh:ValidationReport` in Turtle.
    Ttl,
}

/// The profiles of `export --profile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// The project's model in standard vocabularies.
    Core,
    /// Wikidata's Wikibase RDF model.
    Wikidata,
    /// Both, each in its own named graph (TriG and N-Quads only).
    All,
}

impl From<ProfileArg> for Profile {
    fn from(arg: ProfileArg) -> Self {
        match arg {
            ProfileArg::Core => Self::Core,
            ProfileArg::Wikidata => Self::Wikidata,
            ProfileArg::All => Self::All,
        }
    }
}

/// The profiles of `query` and `push`, which work on one model at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SingleProfileArg {
    /// The project's model in standard vocabularies.
    Core,
    /// Wikidata's Wikibase RDF model.
    Wikidata,
}

impl From<SingleProfileArg> for Profile {
    fn from(arg: SingleProfileArg) -> Self {
        match arg {
            SingleProfileArg::Core => Self::Core,
            SingleProfileArg::Wikidata => Self::Wikidata,
        }
    }
}

/// The formats `push` sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PushFormatArg {
    /// N-Triples.
    #[value(alias = "ntriples")]
    Nt,
    /// Turtle.
    #[value(alias = "turtle")]
    Ttl,
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

impl From<ResultsArg> for ResultsFormat {
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

fn parse_base_iri(text: &str) -> Result<BaseIri, String> {
    BaseIri::new(text).map_err(|e| e.to_string())
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    text.parse::<PartialDate>().map_err(|e| e.to_string())
}

fn parse_iri(text: &str) -> Result<NamedNode, String> {
    NamedNode::new(text).map_err(|e| format!("`{text}` is not an IRI: {e}"))
}

fn parse_output(text: &str) -> Result<Output, String> {
    Output::from_name(text).ok_or_else(|| {
        format!(
            "unknown format `{text}`: expected ttl, nt, nq, trig, rdf, jsonld, quickstatements or dot, or a media type"
        )
    })
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
        Args::command().debug_assert();
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

    /// Every bad option value is a usage error (clap's exit code 2), caught before any work.
    #[test]
    fn bad_option_values_are_usage_errors() {
        for args in [
            &["cpsu-kg", "--base-iri", "not an iri", "stats"][..],
            &[
                "cpsu-kg",
                "--base-iri",
                "https://example.org/no-slash",
                "stats",
            ],
            &["cpsu-kg", "holders", "--on", "1953-02-30"],
            &["cpsu-kg", "holders", "--between", "1953", "June"],
            &["cpsu-kg", "serve", "--bind", "localhost"],
            &["cpsu-kg", "serve", "--timeout-s", "0"],
            &["cpsu-kg", "export", "--format", "docx"],
            &["cpsu-kg", "export", "--profile", "both"],
            &[
                "cpsu-kg",
                "push",
                "--store-url",
                "http://x/",
                "--graph",
                "not an iri",
            ],
            &[
                "cpsu-kg",
                "push",
                "--store-url",
                "http://x/",
                "--default",
                "--format",
                "xml",
            ],
            &["cpsu-kg", "push", "--store-url", "http://x/"],
            &["cpsu-kg", "query", "q", "--profile", "all"],
        ] {
            let error = Args::try_parse_from(args).expect_err(&format!("{args:?} parses"));
            assert_eq!(error.exit_code(), 2, "{args:?}: {error}");
        }
        let good =
            Args::try_parse_from(["cpsu-kg", "--base-iri", "http://127.0.0.1:7878/", "export"])
                .expect("parses");
        let shared = good.shared().expect("export takes --base-iri");
        assert_eq!(shared.base.as_str(), "http://127.0.0.1:7878/");
    }

    /// `--data` and `--base-iri` work before or after the command's name (after wins, as
    /// with the global options they were), and only where the command uses them.
    #[test]
    fn shared_options_go_where_they_are_used() {
        let shared = |args: &[&str]| {
            Args::try_parse_from(args)
                .map_err(|e| e.exit_code())
                .and_then(|a| a.shared().map_err(|e| e.exit_code()))
        };
        let data = |dir: &str, base: &str| {
            Ok(Shared {
                data: Some(PathBuf::from(dir)),
                base: BaseIri::new(base).expect("a base"),
            })
        };
        let default = crate::graph::vocab::DEFAULT_BASE_IRI;
        assert_eq!(
            shared(&["cpsu-kg", "--data", "d", "export"]),
            data("d", default)
        );
        assert_eq!(
            shared(&["cpsu-kg", "export", "--data", "d"]),
            data("d", default)
        );
        assert_eq!(
            shared(&["cpsu-kg", "--data", "a", "stats", "--data", "b"]),
            data("b", default)
        );
        assert_eq!(
            shared(&[
                "cpsu-kg",
                "query",
                "q",
                "--base-iri",
                "http://x/",
                "--data",
                "d"
            ]),
            data("d", "http://x/")
        );
        for refused in [
            &[
                "cpsu-kg", "generate", "--scale", "1", "-o", "x", "--data", "d",
            ][..],
            &[
                "cpsu-kg",
                "generate",
                "--scale",
                "1",
                "-o",
                "x",
                "--base-iri",
                "http://x/",
            ],
            &[
                "cpsu-kg", "--data", "d", "generate", "--scale", "1", "-o", "x",
            ],
            &["cpsu-kg", "--base-iri", "http://x/", "holders"],
            &["cpsu-kg", "queries", "--data", "d"],
        ] {
            assert_eq!(shared(refused), Err(2), "{refused:?}");
        }
    }
}
