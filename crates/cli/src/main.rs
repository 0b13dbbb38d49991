//! `kompas`: the command line.
//!
//! Each subcommand is a thin shell over a library crate: `check` over
//! kompas-check, `assess`/`explain` over kompas-engine and kompas-render,
//! `serve` over kompas-serve, `record`/`review`/`adr` over kompas-record and
//! kompas-store. Exit codes: 0 success, 1 invalid input or
//! findings of severity error, 2 usage errors (clap's own code).

mod args;
mod commands;
mod records;

use std::process::ExitCode;

use clap::Parser;

/// An assessment allocates hundreds of small texts and lists; mimalloc serves
/// them faster than the system allocator (see "Performance" in the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Every error has already been worded for people; print it once.
            anstream::eprintln!("{err}");
            ExitCode::from(err.exit_code())
        }
    }
}
