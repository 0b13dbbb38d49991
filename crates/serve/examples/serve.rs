//! A small stand-alone server: `kompas serve` without the rest of the CLI.
//!
//! ```sh
//! cargo run -p kompas-serve --example serve -- --addr 127.0.0.1:8080 [--kb DIR] [--watch] [--log-format json] [--database-url URL] [--auth FILE]
//! ```
//! Browser tests and load scripts use it when the `kompas` binary is not built;
//! a leading `serve` is accepted, so it takes the same arguments as `kompas serve`.

use std::process::ExitCode;

use kompas_serve::{run_blocking, ServeConfig};

/// The allocator of the `kompas` binary, so that measurements match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("error: {message}\nusage: serve [--addr HOST:PORT] [--kb DIR] [--watch] [--log-format text|json] [--header-timeout S] [--idle-timeout S] [--shutdown-timeout S] [--max-connections N] [--database-url URL] [--auth FILE]");
            return ExitCode::from(2);
        }
    };
    match run_blocking(config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<ServeConfig, String> {
    let mut config = ServeConfig::default();
    let mut first = true;
    while let Some(arg) = args.next() {
        if std::mem::take(&mut first) && arg == "serve" {
            continue;
        }
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--addr" => {
                config.addr = kompas_serve::parse_addr(&value("--addr")?)
                    .map_err(|e| format!("--addr: {e}"))?
            }
            "--header-timeout" => config.limits.header_read_timeout = seconds(&value(&arg)?)?,
            "--idle-timeout" => config.limits.idle_timeout = seconds(&value(&arg)?)?,
            "--shutdown-timeout" => config.limits.shutdown_timeout = seconds(&value(&arg)?)?,
            "--max-connections" => {
                config.limits.max_connections = value(&arg)?
                    .parse()
                    .map_err(|e| format!("--max-connections: {e}"))?
            }
            "--kb" => config.kb_dir = Some(value("--kb")?.into()),
            "--watch" => config.watch = true,
            "--log-format" => config.log_format = value("--log-format")?.parse()?,
            "--database-url" => config.records.database_url = Some(value("--database-url")?),
            "--auth" => config.records.auth_file = Some(value("--auth")?.into()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(config)
}

fn seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<u64>()
        .map(std::time::Duration::from_secs)
        .map_err(|e| format!("`{text}` is not a number of seconds: {e}"))
}
