//! The `cpsu-kg` binary: parses the command line and dispatches to the library.

mod commands;

use clap::Parser;
use cpsu_kg::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            if let Some(data) = error.downcast_ref::<cpsu_kg::data::diagnostic::DataError>() {
                for diagnostic in &data.0 {
                    eprintln!("{diagnostic}");
                }
            }
            eprintln!("cpsu-kg: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// A reader that went away (`cpsu-kg export | head`) is not an error worth reporting.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
