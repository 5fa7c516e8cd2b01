//! The command line: [`args`] declares it with clap, and [`run`] dispatches each subcommand
//! to one function of [`commands`], as ripgrep's `main` does. The binary only parses the
//! arguments, calls [`run`] and prints the error.

pub mod args;
mod commands;

pub use args::{Args, Command};

use std::process::ExitCode;

/// Runs one command. `Ok` carries the exit code for outcomes that are not errors but still
/// fail (a graph that does not conform, a consistency error, a push the store refused).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let shared = match args.shared() {
        Ok(shared) => shared,
        Err(usage) => {
            usage.print()?;
            return Ok(ExitCode::from(2));
        }
    };
    let context = commands::Context {
        data: shared.data,
        base: shared.base,
    };
    match args.command {
        Command::Export(options) => commands::export(&context, options),
        Command::Query(options) => commands::query(&context, options),
        Command::Holders(options) => commands::holders(&context, options),
        Command::Timeline(options) => commands::timeline(&context, options),
        Command::Validate(options) => commands::validate(&context, options),
        Command::Serve(options) => commands::serve(&context, options),
        Command::Push(options) => commands::push(&context, options),
        Command::Check(options) => commands::check(&context, options),
        Command::Generate(options) => commands::generate(options),
        Command::Queries(options) => commands::queries(&context, options),
        Command::Stats(_) => commands::stats(&context),
        Command::Provenance(_) => commands::provenance(&context),
        Command::Wikidata(command) => commands::wikidata(&context, command),
    }
}
