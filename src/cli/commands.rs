//! One function per subcommand: each loads what it needs, calls the library and prints.
//! Errors carry context for the user (`anyhow`), and a failing outcome that is not an error
//! comes back as an exit code.

use super::args::{
    CheckArgs, ExportArgs, GenerateArgs, HoldersArgs, PushArgs, PushFormatArg, QueriesArgs,
    QueryArgs, ReportArg, ServeArgs, TimelineArgs, ValidateArgs,
};
use crate::data::model::Dataset;
use crate::graph::profile::Profile;
use crate::graph::vocab::BaseIri;
use crate::http::push::{Credentials, GraphTarget, Payload, Push};
use crate::output::export::{self, ExportFormat, Output};
use crate::output::{report, timeline};
use crate::store::query::{self, NamedQuery, Outcome, ResultsFormat};
use crate::store::shacl::{self, Shapes};
use anyhow::{Context as _, Result, bail};
use oxigraph::model::GraphName;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// What every subcommand shares: where the data is and the base IRI.
pub(super) struct Context {
    /// The data directory, or `None` for the data compiled in.
    pub data: Option<PathBuf>,
    /// The base IRI entity IRIs are minted under.
    pub base: BaseIri,
}

impl Context {
    fn load(&self) -> Result<Dataset> {
        // A directory that is not there is a mistake on the command line, not a problem
        // in the data: it gets its own message, not a count of one problem.
        if let Some(dir) = &self.data {
            match std::fs::metadata(dir) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
                    "no such directory: {} (--data takes a directory of data files laid out like data/; leave it out for the data compiled in)",
                    dir.display()
                ),
                Ok(metadata) if !metadata.is_dir() => bail!(
                    "not a directory: {} (--data takes a directory of data files laid out like data/, not one file)",
                    dir.display()
                ),
                _ => {}
            }
        }
        Ok(crate::data::check::load(self.data.as_deref())?)
    }
}

/// Refuses an office id the data does not have, with the closest ids.
fn known_office(data: &Dataset, office: &str) -> Result<()> {
    if data.offices.contains_key(office) {
        return Ok(());
    }
    let hint = crate::suggest::did_you_mean(office, data.offices.keys().map(String::as_str))
        .unwrap_or_else(|| {
            "see `cpsu-kg query office-names` or offices.toml for the ids".to_owned()
        });
    bail!("unknown office `{office}`: {hint}")
}

pub(super) fn export(context: &Context, options: ExportArgs) -> Result<ExitCode> {
    let ExportArgs {
        format,
        output,
        profile,
        create,
        report,
        against,
        fetch,
        wikidata_url,
        qs_only_existing: _,
        focus,
        depth,
        // Read into the context by `Args::shared`.
        data: _,
        base: _,
    } = options;
    let base = &context.base;
    let focus = focus.map(|id| crate::output::dot::Focus { id, depth });
    // `FILE.nt.gz` is N-Triples, gzipped, as bulk loaders (Jena's xloader, QLever) read it.
    let gzip = output
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e == "gz"));
    let format_path = output.as_ref().map(|p| {
        if gzip {
            p.with_extension("")
        } else {
            p.clone()
        }
    });
    let target = export_output(format, format_path.as_deref())?;
    if focus.is_some() && target != Output::Dot {
        bail!("--focus draws a neighbourhood, so it needs --format dot");
    }
    if (create || report.is_some() || !against.is_empty() || fetch)
        && target != Output::QuickStatements
    {
        bail!(
            "--create, --report, --against and --fetch belong to QuickStatements: add --format quickstatements"
        );
    }
    let profile = Profile::from(profile);
    if let Output::Rdf(format) = target
        && profile == Profile::All
        && !matches!(format, ExportFormat::TriG | ExportFormat::NQuads)
    {
        bail!(
            "--profile all puts each profile in a named graph, so it needs a dataset format: use --format trig or nq"
        );
    }
    let data = context.load()?;
    let live = if target == Output::QuickStatements && (fetch || !against.is_empty()) {
        let mut live = crate::output::live::Live::default();
        for path in &against {
            live.add_file(path)?;
        }
        if fetch {
            crate::http::fetch::entities_into(&mut live, &data, &wikidata_url)?;
        }
        Some(live)
    } else {
        None
    };
    let notes = std::cell::RefCell::new(Vec::new());
    let write = |out: &mut dyn Write| -> Result<()> {
        match target {
            Output::QuickStatements => {
                let options = crate::output::quickstatements::Options {
                    create,
                    against: live.as_ref(),
                };
                *notes.borrow_mut() =
                    crate::output::quickstatements::write(&data, base, options, out)?;
            }
            Output::Dot => {
                let store = crate::store::build(&data, base)?;
                out.write_all(crate::output::dot::write(&store, base, focus.as_ref())?.as_bytes())?;
            }
            Output::Rdf(format) => {
                let quads = export::profile_quads(&data, base, profile);
                export::write_graph(&quads, format, base, out)?;
                crate::store::leave_to_exit(quads);
            }
        }
        Ok(())
    };
    match output {
        Some(path) => {
            // Streamed into a temporary file that replaces `path` only when complete, so a
            // failure never leaves a partial file.
            let to_io = |e: anyhow::Error| io::Error::other(format!("{e:#}"));
            crate::output::file::write_atomically(&path, |file| {
                let mut out = io::BufWriter::with_capacity(1 << 20, file);
                if gzip {
                    let mut encoder = export::gzip_writer(&mut out);
                    write(&mut encoder).map_err(to_io)?;
                    encoder.finish()?;
                } else {
                    write(&mut out).map_err(to_io)?;
                }
                out.flush()
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => write(&mut io::stdout().lock())?,
    }
    if target == Output::QuickStatements {
        review_report(&notes.into_inner(), report.as_deref())?;
    }
    crate::store::leave_to_exit(data);
    Ok(ExitCode::SUCCESS)
}

/// Writes the QuickStatements review report, if asked, and says on standard error how much
/// the batch left out.
fn review_report(
    notes: &[crate::output::quickstatements::Note],
    path: Option<&Path>,
) -> Result<()> {
    match path {
        Some(path) => {
            crate::output::file::write_atomically(path, |file| {
                let mut out = io::BufWriter::new(file);
                crate::output::quickstatements::write_report(notes, &mut out)?;
                out.flush()
            })
            .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "{} items left out of the batch for review: see {}",
                notes.len(),
                path.display()
            );
        }
        None if !notes.is_empty() => eprintln!(
            "{} items left out of the batch for review: pass --report FILE to list them",
            notes.len()
        ),
        None => {}
    }
    Ok(())
}

/// An explicit `--format` wins, then the output file's extension, then Turtle on stdout.
fn export_output(format: Option<Output>, output: Option<&Path>) -> Result<Output> {
    match (format, output) {
        (Some(format), _) => Ok(format),
        (None, Some(path)) => Output::from_path(path).with_context(|| {
            format!(
                "cannot tell the format of {} from its extension: use --format with ttl, nt, nq, trig, rdf, jsonld, quickstatements or dot",
                path.display()
            )
        }),
        (None, None) => Ok(Output::Rdf(ExportFormat::Turtle)),
    }
}

pub(super) fn query(context: &Context, options: QueryArgs) -> Result<ExitCode> {
    let QueryArgs {
        query,
        results,
        params,
        profile,
        timeout_s,
        memory_mb,
        // Read into the context by `Args::shared`.
        data: _,
        base: _,
    } = options;
    let base = &context.base;
    let (text, named) = query_text(&query, base)?;
    let bindings = match &named {
        Some(named) => query::bind_params(named, base, &params)?,
        None => query::bind_raw_params(&params)?,
    };
    let profile = profile.map_or_else(
        || match &named {
            Some(named) if named.name.starts_with("wikidata/") => Profile::Wikidata,
            _ => Profile::Core,
        },
        Profile::from,
    );
    let dataset = context.load()?;
    if let Some(named) = &named {
        query::check_entity_params(named, &dataset, &params)?;
    }
    let store = crate::store::build_profile(&dataset, base, profile)?;
    let outcome = run_bounded(
        &store,
        base,
        text,
        bindings,
        timeout_s.map(Duration::from_secs),
        usize::try_from(memory_mb)?.saturating_mul(1024 * 1024),
    )?;
    let mut out = io::stdout().lock();
    match &outcome {
        Outcome::Graph(triples) => {
            let mut quads: Vec<_> = triples
                .iter()
                .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
                .collect();
            export::sort_quads(&mut quads);
            export::write_graph(&quads, ExportFormat::Turtle, base, &mut out)?;
        }
        _ => {
            let format = results.map_or_else(
                || {
                    // ASK answers `true` or `false`; a SELECT table is for people.
                    if matches!(outcome, Outcome::Boolean(_)) || io::stdout().is_terminal() {
                        ResultsFormat::Table
                    } else {
                        ResultsFormat::Tsv
                    }
                },
                ResultsFormat::from,
            );
            query::write_solutions(&outcome, format, base, &mut out)?;
        }
    }
    out.flush()?;
    crate::store::leave_to_exit((store, dataset));
    Ok(ExitCode::SUCCESS)
}

/// Runs a query on a thread of its own, with an explicit stack, under a memory budget and
/// an optional timeout. The engine does not check for cancellation outside store reads, so
/// the budget's stop switch ([`crate::budget`]) is what ends a query that only computes;
/// the stalled thread ends with the process.
fn run_bounded(
    store: &oxigraph::store::Store,
    base: &BaseIri,
    text: String,
    bindings: Vec<(oxigraph::sparql::Variable, oxigraph::model::Term)>,
    timeout: Option<Duration>,
    memory_bytes: usize,
) -> Result<Outcome> {
    let budget = crate::budget::Budget::new(memory_bytes);
    let (send, answer) = std::sync::mpsc::channel();
    let (store, base, worker_budget) = (store.clone(), base.clone(), budget.clone());
    std::thread::Builder::new()
        .name("cpsu-kg-query".to_owned())
        .stack_size(crate::http::serve::WORKER_STACK_BYTES)
        .spawn(move || {
            let outcome = worker_budget.run(|| query::run(&store, &base, &text, &bindings));
            let _ = send.send(outcome);
            crate::store::leave_to_exit(store);
        })
        .context("cannot start the query's thread")?;
    let started = std::time::Instant::now();
    loop {
        match answer.recv_timeout(Duration::from_millis(50)) {
            Ok(outcome) => return Ok(outcome?),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                bail!("the query's thread ended without an answer")
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
        if budget.stalled() == Some(crate::budget::Stall::Memory) {
            bail!(
                "the query was stopped: it needed more than {} MiB (raise --memory-mb)",
                memory_bytes / (1024 * 1024)
            );
        }
        if let Some(timeout) = timeout
            && started.elapsed() > timeout
        {
            budget.stop();
            bail!(
                "the query was stopped after the {} s timeout",
                timeout.as_secs()
            );
        }
    }
}

/// The query's text and, for a named query, its declaration.
fn query_text(query: &str, base: &BaseIri) -> Result<(String, Option<NamedQuery>)> {
    if query == "-" {
        return Ok((read_query(io::stdin(), "standard input")?, None));
    }
    if let Some(named) = query::named_query(query) {
        return Ok((named.full_text(base), Some(named)));
    }
    let path = Path::new(query);
    if path.is_file() {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot read the query file {}", path.display()))?;
        return Ok((read_query(file, &path.display().to_string())?, None));
    }
    if query.contains(char::is_whitespace) || query.contains('{') {
        return Ok((query.to_owned(), None));
    }
    if path.is_dir() {
        bail!(
            "{} is a directory: give a query file in it, such as {}",
            path.display(),
            path.join("query.rq").display()
        );
    }
    // What looks like a path is one, unless it is a misspelt `wikidata/…` query.
    let looks_like_path =
        [".rq", ".sparql"].iter().any(|e| query.ends_with(e)) || query.contains('/');
    let names: Vec<String> = query::named_queries().into_iter().map(|q| q.name).collect();
    if looks_like_path
        && crate::suggest::closest(query, names.iter().map(String::as_str)).is_empty()
    {
        bail!("no such query file: {}", path.display());
    }
    bail!("{}", query::unknown_query(query))
}

/// Reads a query's text, refusing more than [`query::MAX_QUERY_BYTES`] (`/dev/zero` as a
/// query must not fill memory) and anything that is not UTF-8.
fn read_query(source: impl Read, origin: &str) -> Result<String> {
    let mut bytes = Vec::new();
    source
        .take(query::MAX_QUERY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the query from {origin}"))?;
    if bytes.len() > query::MAX_QUERY_BYTES {
        bail!(
            "the query from {origin} is longer than {} MiB",
            query::MAX_QUERY_BYTES / (1024 * 1024)
        );
    }
    String::from_utf8(bytes).with_context(|| format!("the query from {origin} is not UTF-8"))
}

pub(super) fn holders(context: &Context, options: HoldersArgs) -> Result<ExitCode> {
    let HoldersArgs {
        office,
        on,
        between,
        // Read into the context by `Args::shared`.
        data: _,
    } = options;
    let data = context.load()?;
    known_office(&data, &office)?;
    let mut out = io::stdout().lock();
    let period = match (on, between.as_deref()) {
        (Some(on), _) => Some((on, on)),
        (None, Some([from, to])) => Some((*from, *to)),
        _ => None,
    };
    match period {
        None => report::holders_table(&data, &office, &mut out)?,
        Some((from, to)) => {
            if to.latest_day() < from.earliest_day() {
                bail!("the period ends ({to}) before it begins ({from})");
            }
            report::holders_between(&data, &office, from, to, &mut out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn timeline(context: &Context, options: TimelineArgs) -> Result<ExitCode> {
    let TimelineArgs {
        output,
        from,
        to,
        office,
        // Read into the context by `Args::shared`.
        data: _,
        base: _,
    } = options;
    if to < from {
        bail!("--to {to} is before --from {from}");
    }
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let draw = match extension.as_deref() {
        Some("svg") => timeline::svg,
        Some("html" | "htm") => timeline::html,
        _ => bail!(
            "cannot tell the format of {} from its extension: use .svg or .html",
            output.display()
        ),
    };
    let data = context.load()?;
    known_office(&data, &office)?;
    let picture = draw(
        &data,
        &context.base,
        &timeline::Options { office, from, to },
    );
    crate::output::file::write_atomically(&output, |file| file.write_all(picture.as_bytes()))
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn validate(context: &Context, options: ValidateArgs) -> Result<ExitCode> {
    let ValidateArgs {
        shapes,
        report,
        graph,
        // Read into the context by `Args::shared`.
        data: _,
        base: _,
    } = options;
    let base = &context.base;
    let shapes = match &shapes {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the shapes {}", path.display()))?;
            Shapes::parse_with_base(&text, Some(&shacl::file_url(path)))
                .with_context(|| format!("in {}", path.display()))?
        }
        None => Shapes::parse(shacl::SHAPES)?,
    };
    let outcome = match &graph {
        Some(path) => {
            let format = ExportFormat::from_path(path).with_context(|| {
                format!(
                    "cannot tell the RDF format of {} from its extension",
                    path.display()
                )
            })?;
            let text =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            // Relative IRIs resolve against the file's own URL, as in other SHACL engines.
            let graphs =
                shacl::parse_graphs(&text, format.rdf_format(), Some(&shacl::file_url(path)))
                    .with_context(|| format!("cannot parse {}", path.display()))?;
            let mut outcome = shacl::Report::default();
            for graph in &graphs {
                outcome.merge(shacl::validate_graph(graph, &shapes)?);
            }
            outcome
        }
        None => {
            let data = context.load()?;
            let mut outcome = shacl::Report::default();
            for profile in [Profile::Core, Profile::Wikidata] {
                let store = crate::store::build_profile(&data, base, profile)?;
                outcome.merge(shacl::validate(&store, &shapes)?);
            }
            outcome
        }
    };
    let mut out = io::stdout().lock();
    match report {
        ReportArg::Text => out.write_all(outcome.text(base).as_bytes())?,
        ReportArg::Ttl => {
            let mut quads: Vec<_> = outcome
                .triples(base)
                .into_iter()
                .map(|t| t.in_graph(GraphName::DefaultGraph))
                .collect();
            export::sort_quads(&mut quads);
            export::write_graph(&quads, ExportFormat::Turtle, base, &mut out)?;
        }
    }
    Ok(if outcome.conforms() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub(super) fn serve(context: &Context, options: ServeArgs) -> Result<ExitCode> {
    let base = &context.base;
    let data = context.load()?;
    let store = crate::store::build_served(&data, base)?;
    let mut limits = crate::http::serve::Limits::new(Duration::from_secs(options.timeout_s));
    if let Some(workers) = options.workers {
        limits.workers = usize::try_from(workers)?;
    }
    limits.max_workers = usize::try_from(options.max_workers)?.max(limits.workers);
    limits.queue = usize::try_from(options.queue)?;
    limits.memory_bytes = usize::try_from(options.memory_mb)?.saturating_mul(1024 * 1024);
    limits.memory_total_bytes =
        usize::try_from(options.memory_total_mb)?.saturating_mul(1024 * 1024);
    limits.max_abandoned = usize::try_from(options.max_abandoned)?;
    limits.max_abandoned_bytes = limits.memory_total_bytes;
    limits.max_connections = usize::try_from(options.max_connections)?;
    limits.header_timeout = Duration::from_secs(options.header_timeout_s);
    limits.idle_timeout = Duration::from_secs(options.idle_timeout_s);
    crate::http::serve::run(store, base.clone(), options.bind, limits)?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn push(context: &Context, options: PushArgs) -> Result<ExitCode> {
    let PushArgs {
        store_url,
        graph,
        default: _,
        replace,
        format,
        update_url,
        query_url,
        batch,
        profile,
        deadline_s,
        ca_cert,
        allow_http_credentials,
        // Read into the context by `Args::shared`.
        data: _,
        base: _,
    } = options;
    // clap requires `--graph` or `--default`, and not both.
    let graph = graph.map_or(GraphTarget::Default, GraphTarget::Named);
    let format = match format {
        PushFormatArg::Nt => ExportFormat::NTriples,
        PushFormatArg::Ttl => ExportFormat::Turtle,
    };
    let push = Push {
        store_url,
        graph,
        replace,
        update_url,
        query_url,
        batch: usize::try_from(batch).unwrap_or(usize::MAX),
        attempts: 5,
        backoff: Duration::from_millis(200),
        deadline: Duration::from_secs(deadline_s),
        credentials: Credentials::from_env(),
        ca_cert,
        allow_http_credentials,
    };
    // A push that cannot work fails at once, not after the export is made.
    if let Err(error) = push.check() {
        eprintln!("cpsu-kg: {error}");
        return Ok(ExitCode::from(error.exit_code()));
    }
    let data = context.load()?;
    let payload = Payload::new(&data, &context.base, Profile::from(profile), format)?;
    match push.run(&payload.triples, &payload.document, payload.content_type) {
        Ok(pushed) => {
            eprintln!(
                "cpsu-kg: pushed {} triples in {} requests; the target graph holds {}",
                pushed.local, pushed.requests, pushed.remote
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            eprintln!("cpsu-kg: {error}");
            Ok(ExitCode::from(error.exit_code()))
        }
    }
}

pub(super) fn check(context: &Context, options: CheckArgs) -> Result<ExitCode> {
    let data = context.load()?;
    let findings = crate::data::consistency::findings(&data);
    let (errors, warnings) =
        report::check_summary(&findings, data.record_count(), &mut io::stdout().lock())?;
    Ok(if errors > 0 || (options.strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub(super) fn generate(options: GenerateArgs) -> Result<ExitCode> {
    if let Some(reason) =
        crate::output::generate::refusal(options.scale, &options.output, options.force)
    {
        bail!("{reason}");
    }
    crate::output::generate::write(options.scale, &options.output).with_context(|| {
        format!(
            "cannot write synthetic data to {}",
            options.output.display()
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn queries(context: &Context, options: QueriesArgs) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match options.show {
        Some(name) => {
            let named = query::named_query(&name).with_context(|| query::unknown_query(&name))?;
            out.write_all(named.full_text(&context.base).as_bytes())?;
        }
        None => report::query_listing(&query::named_queries(), &mut out)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn wikidata(
    context: &Context,
    command: super::args::WikidataCommand,
) -> Result<ExitCode> {
    match command {
        super::args::WikidataCommand::Reconcile { output, .. } => {
            let data = context.load()?;
            let write = |out: &mut dyn Write| crate::output::reconcile::write_csv(&data, out);
            match output {
                Some(path) => crate::output::file::write_atomically(&path, |file| {
                    let mut out = io::BufWriter::new(file);
                    write(&mut out)?;
                    out.flush()
                })
                .with_context(|| format!("cannot write {}", path.display()))?,
                None => write(&mut io::stdout().lock())?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn provenance(context: &Context) -> Result<ExitCode> {
    let data = context.load()?;
    crate::output::provenance::write_report(&data, &mut io::stdout().lock())?;
    Ok(ExitCode::SUCCESS)
}

pub(super) fn stats(context: &Context) -> Result<ExitCode> {
    let data = context.load()?;
    let store = crate::store::build(&data, &context.base)?;
    let mut out = io::stdout().lock();
    for (what, count) in query::stats(&store, &context.base)? {
        writeln!(out, "{what:<24}{count:>8}")?;
    }
    Ok(ExitCode::SUCCESS)
}
