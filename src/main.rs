//! The `cpsu-kg` binary: parses the command line, runs it with the library, and prints the
//! error, if any.

use clap::Parser;
use cpsu_kg::cli::Args;
use std::process::ExitCode;

/// The system allocator, counting what query threads hold so that their memory budgets and
/// deadlines hold even where the query engine does not check them.
#[global_allocator]
static ALLOCATOR: cpsu_kg::budget::Counting = cpsu_kg::budget::Counting;

fn main() -> ExitCode {
    match cpsu_kg::cli::run(Args::parse()) {
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
