//! A driver for instruction-count measurements (`valgrind --tool=callgrind`),
//! which are stable on a busy machine where wall-clock benchmarks are not.
//!
//! ```text
//! cargo build --release -p kompas-engine --example assess_loop
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!     --toggle-collect='assess_loop::run*' target/release/examples/assess_loop flips 1000
//! ```
//!
//! The first argument picks the work (`evaluate`, `noflips`, `flips`, `json`,
//! `clone`: copying a finished assessment, the floor for building one;
//! `unknown10`: the webshop with ten answers unknown, as in the benchmark;
//! `unknownall`: every answer unknown), the second the number of repetitions; instructions per repetition are the
//! collected total divided by it. Engine construction and profile parsing stay
//! outside `run`, so `--toggle-collect` leaves them out.
//!
//! Two more modes:
//!
//! - `assess_loop time noflips|flips|clone N`: wall-clock min / median / p90 of
//!   N single calls, each result dropped outside the timing (as divan does);
//! - `assess_loop dump PROFILE...`: every assessment and explanation of the
//!   profiles, and of 300 generated ones, as JSON lines, to compare two builds
//!   byte for byte (`cmp`).
//!
//! Heap blocks per call: `valgrind --tool=dhat` with N = 0 and N = 100, the
//! difference divided by 100.

use std::hint::black_box;

use kompas_engine::{Engine, Profile};

const WEBSHOP: &str = include_str!("../../../examples/webshop.yaml");

#[inline(never)]
fn run(what: &str, n: usize, engine: &Engine, profile: &Profile) -> usize {
    let mut total = 0;
    match what {
        "evaluate" => {
            for _ in 0..n {
                total += black_box(engine.evaluate(black_box(profile))).rules.len();
            }
        }
        "noflips" => {
            for _ in 0..n {
                total += black_box(engine.assess_without_flips(black_box(profile)))
                    .decisions
                    .len();
            }
        }
        "flips" => {
            for _ in 0..n {
                total += black_box(engine.assess(black_box(profile))).decisions.len();
            }
        }
        "json" => {
            let a = engine.assess(profile);
            for _ in 0..n {
                total += serde_json::to_string(black_box(&a))
                    .expect("serialises")
                    .len();
            }
        }
        "clone" => {
            let a = engine.assess_without_flips(profile);
            for _ in 0..n {
                total += black_box(black_box(&a).clone()).decisions.len();
            }
        }
        "unknown10" | "unknownall" => {
            let p = unknown_profile(engine, what == "unknownall");
            for _ in 0..n {
                total += black_box(engine.assess(black_box(&p))).decisions.len();
            }
        }
        other => panic!("unknown work `{other}`: evaluate, noflips, flips, json, clone, unknown10, unknownall or dump"),
    }
    total
}

/// The webshop with the ten unknown answers of the `assess_with_10_unknown_inputs`
/// benchmark, or every answer unknown.
fn unknown_profile(engine: &Engine, all: bool) -> Profile {
    const TEN: [&str; 10] = [
        "team_size",
        "kubernetes_experience",
        "service_count",
        "compliance_requirements",
        "calico_expertise",
        "prefer_saas",
        "all_in_one_cloud",
        "database_ha_expertise",
        "layer2_capacity",
        "support_needs_ui",
    ];
    let compiled = engine.compiled();
    let base = if all {
        engine.default_profile()
    } else {
        engine
            .profile_from_text(WEBSHOP, "webshop.yaml")
            .expect("the webshop profile is valid")
    };
    let vars: Vec<usize> = if all {
        (0..compiled.vars.len()).collect()
    } else {
        TEN.iter().map(|id| compiled.var_index[*id]).collect()
    };
    vars.into_iter()
        .fold(base, |p, v| p.with_unknown(compiled, v))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("flips", String::as_str);
    let engine = Engine::new(kompas_kb::builtin::load().expect("the built-in KB loads"));
    if what == "dump" {
        return dump(&engine, &args[1..]);
    }
    if what == "time" {
        return time(&engine, &args[1..]);
    }
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let profile = engine
        .profile_from_text(WEBSHOP, "webshop.yaml")
        .expect("the webshop profile is valid");
    println!("{}", run(what, n, &engine, &profile));
}

/// `dump FILE...`: every output for each profile, then for 300 profiles spread
/// over every input's classes, as JSON lines, to compare two builds byte for byte.
fn dump(engine: &Engine, files: &[String]) {
    use kompas_engine::{AssessOptions, Lang};
    let mut profiles: Vec<Profile> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("readable profile");
            engine
                .profile_from_text(&text, file)
                .expect("valid profile")
        })
        .collect();
    let compiled = engine.compiled();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..300 {
        let mut p = engine.default_profile();
        for (v, var) in compiled.vars.iter().enumerate() {
            // xorshift: deterministic and spread out.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let class = (seed % var.class_count() as u64) as usize;
            let input = &engine.kb().inputs[compiled.var_input[v]];
            let exclusive = input
                .values
                .iter()
                .enumerate()
                .filter(|(_, x)| x.exclusive)
                .fold(0i64, |acc, (i, _)| acc | 1 << i);
            let value = var.representative(class, (seed >> 1) as i64) & !exclusive;
            p = p.with_value(compiled, v, value);
        }
        profiles.push(p);
    }
    for profile in &profiles {
        for lang in [Lang::En, Lang::Nl] {
            for flips in [true, false] {
                let a = engine.assess_with(profile, AssessOptions { lang, flips });
                println!("{}", serde_json::to_string(&a).expect("serialises"));
            }
            for d in &engine.kb().decisions {
                let e = engine.explain_in(profile, &d.id, lang).expect("known");
                println!("{}", serde_json::to_string(&e).expect("serialises"));
            }
        }
    }
}

/// `time WORK N`: wall-clock nanoseconds of N single calls (dropping each result
/// outside the timing, as divan does), printed as min, median and p90; for
/// A/B runs with more samples than a busy machine allows divan.
fn time(engine: &Engine, args: &[String]) {
    let what = args.first().map_or("noflips", String::as_str);
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let profile = engine
        .profile_from_text(WEBSHOP, "webshop.yaml")
        .expect("the webshop profile is valid");
    let finished = engine.assess_without_flips(&profile);
    let mut ns = Vec::with_capacity(n);
    for _ in 0..n {
        let start = std::time::Instant::now();
        let a = match what {
            "noflips" => engine.assess_without_flips(black_box(&profile)),
            "flips" => engine.assess(black_box(&profile)),
            "clone" => black_box(&finished).clone(),
            other => panic!("unknown work `{other}`: noflips, flips or clone"),
        };
        ns.push(start.elapsed().as_nanos());
        drop(black_box(a));
    }
    ns.sort_unstable();
    println!(
        "{what}: min {} median {} p90 {} ns",
        ns[0],
        ns[n / 2],
        ns[n * 9 / 10]
    );
}
