//! `cargo bench -p kompas-check`: the cost of `kompas check` on the built-in KB.
//!
//! - `load_compile_check`: what `kompas check` does end to end (minus printing);
//! - `check_only`: the checker alone, exhaustive analysis included, on a KB
//!   loaded and compiled once.

use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

const TODAY: &str = "2026-11-22";

#[divan::bench]
fn load_compile_check() -> usize {
    let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
    let compiled = kompas_logic::compile(&kb);
    kompas_check::check(black_box(&kb), black_box(&compiled), TODAY)
        .diagnostics
        .len()
}

#[divan::bench]
fn check_only(bencher: Bencher) {
    let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
    let compiled = kompas_logic::compile(&kb);
    bencher.bench_local(|| {
        kompas_check::check(black_box(&kb), black_box(&compiled), TODAY)
            .diagnostics
            .len()
    });
}

#[divan::bench]
fn load_only() -> usize {
    kompas_kb::builtin::load()
        .expect("the built-in KB loads")
        .decisions
        .len()
}

#[divan::bench]
fn compile_only(bencher: Bencher) {
    let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
    bencher.bench_local(|| kompas_logic::compile(black_box(&kb)).decisions.len());
}
