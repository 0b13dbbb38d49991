//! Tracing subscriber set-up: text for people, JSON for log collectors.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::LogFormat;

/// The filter when `RUST_LOG` is not set: the server's own events at `info`
/// (start, reloads, failures), per-request lines only at `debug`.
const DEFAULT_FILTER: &str = "info,notify=warn";

/// Installs the global subscriber. A second call (tests start several servers
/// in one process) keeps the first subscriber and is not an error.
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // Colours only for a person at a terminal, never in files or pipes.
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi);
    let _already_set = match format {
        LogFormat::Text => builder.with_target(false).try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
}

/// A value for a log field: control characters (a CR or LF in a KB id or a
/// path) are escaped, so no value can end a log line and forge the next.
pub fn clean(value: &str) -> String {
    if !value.chars().any(char::is_control) {
        return value.to_owned();
    }
    value
        .chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// A block of lines for a log message (the checker's diagnostics): each line
/// after the first is indented, so none can pass for a log line of its own,
/// and other control characters are escaped.
pub fn block(text: &str) -> String {
    text.trim_end()
        .split('\n')
        .map(|line| format!("    {}", clean(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_split_a_log_line() {
        assert_eq!(clean("webshop"), "webshop");
        assert_eq!(clean("web\nshop\r"), "web\\nshop\\r");
        assert_eq!(
            block("error[K0401]: `a\rb`\n  --> kb.yaml:1:1"),
            "    error[K0401]: `a\\rb`\n      --> kb.yaml:1:1"
        );
    }
}
