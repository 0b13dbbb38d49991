//! What the CLI hands to [`crate::run`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use crate::conn::ConnLimits;

/// The address `kompas serve` listens on when none is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// How the server is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeConfig {
    /// Where to listen; port 0 picks a free port (the bound address is logged).
    pub addr: SocketAddr,
    /// A KB directory to serve instead of the built-in one.
    pub kb_dir: Option<PathBuf>,
    /// Reload the KB when a file in `kb_dir` changes (SIGHUP always reloads).
    pub watch: bool,
    /// Log lines for people (`text`) or for log collectors (`json`).
    pub log_format: LogFormat,
    /// Decision records: the database and who may use it.
    pub records: crate::records::RecordsConfig,
    /// Timeouts and the connection limit.
    pub limits: ConnLimits,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            addr: DEFAULT_ADDR.parse().expect("the default address parses"),
            kb_dir: None,
            watch: false,
            log_format: LogFormat::Text,
            records: crate::records::RecordsConfig::default(),
            limits: ConnLimits::default(),
        }
    }
}

/// The format of the server's log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

impl FromStr for LogFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!(
                "unknown log format `{other}`; expected `text` or `json`"
            )),
        }
    }
}

impl std::fmt::Display for LogFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_format_round_trips() {
        for f in [LogFormat::Text, LogFormat::Json] {
            assert_eq!(f.to_string().parse::<LogFormat>(), Ok(f));
        }
        assert!("yaml"
            .parse::<LogFormat>()
            .unwrap_err()
            .contains("`text` or `json`"));
    }

    #[test]
    fn default_listens_on_loopback_8080() {
        assert_eq!(ServeConfig::default().addr.to_string(), "127.0.0.1:8080");
    }
}
