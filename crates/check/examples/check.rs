//! Checks a KB directory (or the built-in KB) and prints the report.
//! `cargo run -p kompas-check --example check -- [DIR] [--json]`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(std::path::PathBuf::from);
    let today = kompas_check::today();
    let (report, ok) = match kompas_check::load_checked(dir.as_deref(), &today) {
        Ok((_, _, report)) => (report, true),
        Err(report) => (report, false),
    };
    if json {
        println!("{:#}", report.to_json());
    } else {
        print!("{}", report.render_text());
    }
    std::process::exit(if ok { 0 } else { 1 });
}
