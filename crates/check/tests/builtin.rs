//! The built-in KB (kb/webshop) must check without errors or warnings (on a
//! fixed date, so ageing tool facts do not make the test flaky).

use std::path::PathBuf;

use kompas_check::{check, Report};
use kompas_kb::Severity;

const TODAY: &str = "2026-11-22";

fn print_findings(what: &str, report: &Report) {
    println!("{what}: {}", report.summary());
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
    {
        print!("{}", d.render());
    }
}

fn assert_clean(what: &str, loaded: Result<kompas_kb::Kb, kompas_kb::LoadError>) {
    let report = match loaded {
        Ok(kb) => check(&kb, &kompas_logic::compile(&kb), TODAY),
        Err(e) => Report::new(e.diagnostics),
    };
    print_findings(what, &report);
    assert!(
        !report.has_errors(),
        "{what} has errors:\n{}",
        report.render_text()
    );
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning),
        "{what} has warnings:\n{}",
        report.render_text()
    );
}

/// The KB as embedded in the binary.
#[test]
fn builtin_kb_checks_clean() {
    assert_clean("built-in KB", kompas_kb::builtin::load());
}

/// The KB's source directory: the embedded copy can lag behind it until the
/// kb crate is rebuilt, and this is what `kompas check --kb kb/webshop` reads.
#[test]
fn webshop_directory_checks_clean() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../kb/webshop");
    assert_clean("kb/webshop", kompas_kb::load_dir(&dir));
}
