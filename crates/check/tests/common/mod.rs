//! Helpers shared by the check test suites.

use kompas_check::Report;
use kompas_kb::Diagnostic;

/// The finding with `code` at `file:line:col`; fails with the whole report otherwise.
pub fn find<'r>(report: &'r Report, code: &str, at: &str) -> &'r Diagnostic {
    report
        .diagnostics
        .iter()
        .find(|d| {
            d.code == code
                && d.location
                    .as_ref()
                    .is_some_and(|l| format!("{}:{}:{}", l.file, l.line, l.col) == at)
        })
        .unwrap_or_else(|| panic!("no {code} at {at}; report:\n{}", report.render_text()))
}
