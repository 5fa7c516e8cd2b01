//! The subcommands, run against the library; errors carry context for the user.

use anyhow::{Context, Result, bail};
use cpsu_kg::cli::{Cli, Command, ReportArg};
use cpsu_kg::data::consistency::Severity;
use cpsu_kg::data::date::PartialDate;
use cpsu_kg::data::diagnostic::plural;
use cpsu_kg::data::holders::{self, Coverage};
use cpsu_kg::data::model::Dataset;
use cpsu_kg::graph::profile::Profile;
use cpsu_kg::graph::rdf::BaseIri;
use cpsu_kg::http::push::GraphTarget;
use cpsu_kg::output::export::{self, ExportFormat, Output};
use cpsu_kg::output::timeline;
use cpsu_kg::store::query::{self, NamedQuery, Outcome, ResultsFormat};
use cpsu_kg::store::shacl::Shapes;
use oxigraph::store::Store;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let base = BaseIri::new(&cli.base_iri)?;
    match cli.command {
        Command::Export {
            format,
            output,
            profile,
            qs_only_existing,
            focus,
            depth,
        } => {
            let focus = focus.map(|id| cpsu_kg::output::dot::Focus { id, depth });
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
            let target = export_output(format.as_deref(), format_path.as_deref())?;
            if focus.is_some() && target != Output::Dot {
                bail!("--focus draws a neighbourhood, so it needs --format dot");
            }
            let profile = Profile::from(profile);
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            if let Output::Rdf(format) = target
                && profile == Profile::All
                && !matches!(format, ExportFormat::TriG | ExportFormat::NQuads)
            {
                bail!(
                    "--profile all puts each profile in a named graph, so it needs a dataset format: use --format trig or nq"
                );
            }
            let write = |out: &mut dyn Write| -> Result<()> {
                match target {
                    Output::QuickStatements => {
                        cpsu_kg::output::quickstatements::write(
                            &data,
                            &base,
                            qs_only_existing,
                            out,
                        )?;
                    }
                    Output::Dot => {
                        let store = cpsu_kg::store::build(&data, &base)?;
                        out.write_all(
                            cpsu_kg::output::dot::write(&store, &base, focus.as_ref())?.as_bytes(),
                        )?;
                    }
                    Output::Rdf(format) => {
                        let quads = export::profile_quads(&data, &base, profile);
                        export::write_graph(&quads, format, &base, out)?;
                        // The process ends soon after: freeing a million quads one
                        // allocation at a time took a fifth of a large export, for nothing.
                        std::mem::forget(quads);
                    }
                }
                Ok(())
            };
            match output {
                Some(path) => {
                    // Streamed into a temporary file that replaces `path` only when complete,
                    // so a failure never leaves a partial file.
                    let to_io = |e: anyhow::Error| io::Error::other(format!("{e:#}"));
                    export::write_atomically(&path, |file| {
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
            std::mem::forget(data);
        }
        Command::Query {
            query,
            results,
            params,
            profile,
        } => {
            let (text, named) = query_text(&query)?;
            let bindings = match &named {
                Some(named) => query::bind_params(named, &base, &params)?,
                None => query::bind_raw_params(&params)?,
            };
            let profile = profile.map_or_else(
                || match &named {
                    Some(named) if named.name.starts_with("wikidata/") => Profile::Wikidata,
                    _ => Profile::Core,
                },
                Profile::from,
            );
            if profile == Profile::All {
                bail!("queries run on one profile: use --profile core or wikidata");
            }
            let dataset = cpsu_kg::data::check::load(cli.data.as_deref())?;
            let store = cpsu_kg::store::build_profile(&dataset, &base, profile)?;
            let outcome = query::run(&store, &base, &text, &bindings)?;
            let mut out = io::stdout().lock();
            match &outcome {
                Outcome::Graph(triples) => {
                    let mut quads: Vec<_> = triples
                        .iter()
                        .map(|t| t.clone().in_graph(oxigraph::model::GraphName::DefaultGraph))
                        .collect();
                    export::sort_quads(&mut quads);
                    export::write_graph(&quads, ExportFormat::Turtle, &base, &mut out)?;
                }
                _ => {
                    let format = results.map_or_else(
                        || {
                            // ASK answers `true` or `false`; a SELECT table is for people.
                            if matches!(outcome, Outcome::Boolean(_)) || io::stdout().is_terminal()
                            {
                                ResultsFormat::Table
                            } else {
                                ResultsFormat::Tsv
                            }
                        },
                        ResultsFormat::from,
                    );
                    query::write_solutions(&outcome, format, &base, &mut out)?;
                }
            }
            out.flush()?;
            // The process ends here: tearing the store's indexes and the dataset down one
            // allocation at a time would take a fifth of a short query's run, for nothing.
            std::mem::forget(store);
            std::mem::forget(dataset);
        }
        Command::Holders {
            office,
            on,
            between,
        } => {
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            if !data.offices.contains_key(&office) {
                bail!(
                    "unknown office `{office}`: see `cpsu-kg query office-names` or data/offices.toml for ids"
                );
            }
            let mut out = io::stdout().lock();
            let period = match (on, between) {
                (Some(on), _) => Some((on.clone(), on)),
                (None, Some(dates)) => Some((dates[0].clone(), dates[1].clone())),
                (None, None) => None,
            };
            match period {
                None => write_holders_table(&data, &office, &mut out)?,
                Some((from, to)) => write_holders_on(&data, &office, &from, &to, &mut out)?,
            }
        }
        Command::Timeline {
            output,
            from,
            to,
            office,
        } => {
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
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            if !data.offices.contains_key(&office) {
                bail!("unknown office `{office}`");
            }
            let picture = draw(&data, &base, &timeline::Options { office, from, to });
            export::write_atomically(&output, |file| file.write_all(picture.as_bytes()))
                .with_context(|| format!("cannot write {}", output.display()))?;
        }
        Command::Validate {
            shapes,
            report,
            graph,
        } => {
            let shapes = match &shapes {
                Some(path) => {
                    let text = std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read the shapes {}", path.display()))?;
                    Shapes::parse(&text).with_context(|| format!("in {}", path.display()))?
                }
                None => Shapes::parse(cpsu_kg::store::shacl::SHAPES)?,
            };
            let outcome = match &graph {
                Some(path) => {
                    let format = ExportFormat::from_path(path).with_context(|| {
                        format!(
                            "cannot tell the RDF format of {} from its extension",
                            path.display()
                        )
                    })?;
                    let text = std::fs::read(path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let store = Store::new()?;
                    store
                        .load_from_slice(format.rdf_format(), &text)
                        .with_context(|| format!("cannot parse {}", path.display()))?;
                    cpsu_kg::store::shacl::validate(&store, &shapes)?
                }
                None => {
                    let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
                    let mut outcome = cpsu_kg::store::shacl::Report::default();
                    for profile in [Profile::Core, Profile::Wikidata] {
                        let store = cpsu_kg::store::build_profile(&data, &base, profile)?;
                        outcome.merge(cpsu_kg::store::shacl::validate(&store, &shapes)?);
                    }
                    outcome
                }
            };
            let mut out = io::stdout().lock();
            match report {
                ReportArg::Text => out.write_all(outcome.text(&base).as_bytes())?,
                ReportArg::Ttl => {
                    let mut quads: Vec<_> = outcome
                        .triples(&base)
                        .into_iter()
                        .map(|t| t.in_graph(oxigraph::model::GraphName::DefaultGraph))
                        .collect();
                    export::sort_quads(&mut quads);
                    export::write_graph(&quads, ExportFormat::Turtle, &base, &mut out)?;
                }
            }
            if !outcome.conforms() {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Serve { bind, timeout_s } => {
            let address: std::net::SocketAddr = bind.parse().with_context(|| {
                format!("--bind `{bind}` is not an address such as 127.0.0.1:7878")
            })?;
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            let store = cpsu_kg::store::build(&data, &base)?;
            let wikidata = Profile::Wikidata.graph(&base);
            cpsu_kg::store::add_profile(
                &store,
                &data,
                &base,
                Profile::Wikidata,
                wikidata.as_ref(),
            )?;
            let endpoint = std::sync::Arc::new(cpsu_kg::http::serve::Endpoint::new(
                store,
                base.clone(),
                std::time::Duration::from_secs(timeout_s.max(1)),
            ));
            let handler = std::sync::Arc::clone(&endpoint);
            let server = oxhttp::Server::new(move |request| handler.handle(request))
                .bind(address)
                .with_global_timeout(std::time::Duration::from_secs(timeout_s.max(1) + 50))
                .with_max_concurrent_connections(64)
                .spawn()
                .with_context(|| format!("cannot listen on {address}"))?;
            let shutdown = std::sync::Arc::clone(&endpoint);
            ctrlc::set_handler(move || {
                eprintln!("cpsu-kg: shutting down; waiting for running requests");
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
                while shutdown.in_flight.load(std::sync::atomic::Ordering::SeqCst) > 0
                    && std::time::Instant::now() < deadline
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                eprintln!("cpsu-kg: stopped");
                std::process::exit(0);
            })
            .context("cannot install the Ctrl-C handler")?;
            eprintln!("cpsu-kg: serving http://{address}/ (SPARQL at /sparql; Ctrl-C stops)");
            server.join().context("the server stopped")?;
        }
        Command::Push {
            store_url,
            graph,
            default,
            replace,
            format,
            update_url,
            batch,
            profile,
        } => {
            let graph = match (graph, default) {
                (Some(iri), _) => GraphTarget::Named(
                    oxigraph::model::NamedNode::new(&iri)
                        .with_context(|| format!("--graph `{iri}` is not an IRI"))?,
                ),
                (None, true) => GraphTarget::Default,
                (None, false) => bail!("say where the data goes: --graph IRI or --default"),
            };
            let format = match format.as_str() {
                "nt" | "ntriples" => ExportFormat::NTriples,
                "ttl" | "turtle" => ExportFormat::Turtle,
                other => bail!("unknown push format `{other}`: use nt or ttl"),
            };
            let profile = Profile::from(profile);
            if profile == Profile::All {
                bail!("push one profile at a time: use --profile core or wikidata");
            }
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            let store = cpsu_kg::store::build_profile(&data, &base, profile)?;
            let quads = export::sorted_quads(&store)?;
            let triples: Vec<_> = quads.iter().map(|q| q.clone().into()).collect();
            let mut document = Vec::new();
            export::write_graph(&quads, format, &base, &mut document)?;
            let content_type = match format {
                ExportFormat::Turtle => "text/turtle",
                _ => "application/n-triples",
            };
            let push = cpsu_kg::http::push::Push {
                store_url,
                graph,
                replace,
                update_url,
                batch,
                attempts: 5,
                backoff: std::time::Duration::from_millis(200),
                credentials: cpsu_kg::http::push::Credentials::from_env(),
            };
            match push.run(&triples, &document, content_type) {
                Ok(pushed) => eprintln!(
                    "cpsu-kg: pushed {} triples in {} requests; the target graph holds {}",
                    pushed.local, pushed.requests, pushed.remote
                ),
                Err(error) => {
                    eprintln!("cpsu-kg: {error}");
                    return Ok(ExitCode::from(error.exit_code()));
                }
            }
        }
        Command::Check { strict } => {
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            let findings = cpsu_kg::data::consistency::findings(&data);
            let mut out = io::stdout().lock();
            for finding in &findings {
                writeln!(out, "{finding}")?;
            }
            let errors = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count();
            let warnings = findings.len() - errors;
            writeln!(
                out,
                "cpsu-kg: {} and {} in {} records",
                plural(errors, "error"),
                plural(warnings, "warning"),
                data.record_count()
            )?;
            if errors > 0 || (strict && warnings > 0) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Generate { scale, output } => {
            cpsu_kg::output::generate::write(scale, &output)
                .with_context(|| format!("cannot write synthetic data to {}", output.display()))?;
        }
        Command::Queries => {
            let mut out = io::stdout().lock();
            for named in query::named_queries() {
                writeln!(
                    out,
                    "{}\n    {}\n    {}",
                    named.name, named.title, named.description
                )?;
                for param in &named.params {
                    writeln!(
                        out,
                        "    --param {}=<{}>  {}",
                        param.name, param.kind, param.description
                    )?;
                }
            }
        }
        Command::Provenance => {
            let data = cpsu_kg::data::check::load(cli.data.as_deref())?;
            cpsu_kg::output::provenance::write_report(&data, &mut io::stdout().lock())?;
        }
        Command::Stats => {
            let store = build(cli.data.as_deref(), &base)?;
            let mut out = io::stdout().lock();
            for (what, count) in query::stats(&store, &base)? {
                writeln!(out, "{what:<24}{count:>8}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads and checks the data, then builds the store.
fn build(data: Option<&Path>, base: &BaseIri) -> Result<Store> {
    let dataset = cpsu_kg::data::check::load(data)?;
    Ok(cpsu_kg::store::build(&dataset, base)?)
}

/// An explicit `--format` wins, then the output file's extension, then Turtle on stdout.
fn export_output(format: Option<&str>, output: Option<&Path>) -> Result<Output> {
    let names = "ttl, nt, nq, trig, rdf, jsonld, quickstatements or dot";
    match (format, output) {
        (Some(name), _) => Output::from_name(name)
            .with_context(|| format!("unknown format `{name}`: expected {names}, or a media type")),
        (None, Some(path)) => Output::from_path(path).with_context(|| {
            format!(
                "cannot tell the format of {} from its extension: use --format with {names}",
                path.display()
            )
        }),
        (None, None) => Ok(Output::Rdf(ExportFormat::Turtle)),
    }
}

/// The query's text and, for a named query, its declaration.
fn query_text(query: &str) -> Result<(String, Option<NamedQuery>)> {
    if query == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the query from standard input")?;
        return Ok((text, None));
    }
    if let Some(named) = query::named_query(query) {
        return Ok((named.text.clone(), Some(named)));
    }
    let path = Path::new(query);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the query file {}", path.display()))?;
        return Ok((text, None));
    }
    if query.contains(char::is_whitespace) || query.contains('{') {
        return Ok((query.to_owned(), None));
    }
    bail!(
        "`{query}` is not a named query, a file or SPARQL text: `cpsu-kg queries` lists the named queries"
    )
}

/// Reads a date of any precision from the command line.
fn parse_date(text: &str) -> Result<PartialDate> {
    text.parse::<PartialDate>()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

fn write_holders_table(data: &Dataset, office: &str, out: &mut impl Write) -> Result<()> {
    let rows: Vec<[String; 7]> = holders::lineage(data, office)
        .iter()
        .map(|h| {
            [
                h.title.clone(),
                h.person.entity.label_en.clone(),
                h.start
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), |b| b.shown.clone()),
                h.end
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), |b| b.shown.clone()),
                h.length(),
                if h.acting() {
                    "acting".to_owned()
                } else {
                    String::new()
                },
                h.citations(),
            ]
        })
        .collect();
    let header = [
        "title",
        "holder",
        "start",
        "end",
        "length",
        "acting",
        "citations",
    ];
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    writeln!(out, "{}", line(&header.map(str::to_owned)))?;
    writeln!(out, "{}", line(&widths.map(|w| "-".repeat(w))))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

fn write_holders_on(
    data: &Dataset,
    office: &str,
    from: &str,
    to: &str,
    out: &mut impl Write,
) -> Result<()> {
    let (first, last) = (parse_date(from)?, parse_date(to)?);
    if last.latest_day() < first.earliest_day() {
        bail!("the period ends ({to}) before it begins ({from})");
    }
    let period = if from == to {
        format!("On {from}")
    } else {
        format!("From {from} to {to}")
    };
    let name = &data.offices[office].entity.label_en;
    let answer = holders::holders_between(data, office, first.earliest_day(), last.latest_day());
    if answer.is_empty() {
        writeln!(out, "{period} nobody held the office of {name}.")?;
        let gap = holders::explain_gap(data, office, first.earliest_day(), last.latest_day());
        if let Some(before) = &gap.before {
            let end = before.end.as_ref().map_or("?", |e| e.shown.as_str());
            writeln!(
                out,
                "  Before: {}, {}, until {end}.",
                before.person.entity.label_en, before.title
            )?;
        }
        if let Some(after) = &gap.after {
            let start = after.start.as_ref().map_or("?", |s| s.shown.as_str());
            writeln!(
                out,
                "  After: {}, {}, from {start}.",
                after.person.entity.label_en, after.title
            )?;
        }
        if !gap.events.is_empty() {
            writeln!(out, "  In between:")?;
            let width = gap.events.iter().map(|(_, d)| d.len()).max().unwrap_or(0);
            for (event, date) in &gap.events {
                writeln!(out, "    {date:<width$}  {}", event.entity.label_en)?;
            }
        }
        return Ok(());
    }
    writeln!(out, "{period} the office of {name} was held by:")?;
    for (holding, coverage) in &answer {
        let dates = format!(
            "{} to {}",
            holding.start.as_ref().map_or("?", |s| s.shown.as_str()),
            holding.end.as_ref().map_or("?", |e| e.shown.as_str())
        );
        let acting = if holding.acting() && !holding.title.to_lowercase().contains("acting") {
            " (acting)"
        } else {
            ""
        };
        let how = match coverage {
            Coverage::Throughout => "certainly".to_owned(),
            Coverage::Partly => "certainly, for part of the period".to_owned(),
            Coverage::Possibly(reason) => format!("possibly: {reason}"),
        };
        writeln!(
            out,
            "  {}, {}{acting}, {dates}: {how} [{}]",
            holding.person.entity.label_en,
            holding.title,
            holding.citations()
        )?;
    }
    Ok(())
}
