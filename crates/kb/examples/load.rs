//! Loads a KB directory and prints its diagnostics or a summary.
//! `cargo run -p kompas-kb --example load -- kb/webshop`
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "kb/webshop".into());
    match kompas_kb::load_dir(std::path::Path::new(&dir)) {
        Ok(kb) => println!(
            "loaded `{}`: {} inputs, {} derived, {} layer0, {} decisions, {} tradeoffs, {} questions, {} capabilities, {} tools, {} guidance",
            kb.meta.id, kb.inputs.len(), kb.derived.len(), kb.layer0.len(), kb.decisions.len(),
            kb.tradeoffs.len(), kb.open_questions.len(), kb.capabilities.len(), kb.tools.len(), kb.guidance.len()
        ),
        Err(e) => {
            for d in e.diagnostics {
                eprintln!("{}", d.render());
            }
            std::process::exit(1);
        }
    }
}
