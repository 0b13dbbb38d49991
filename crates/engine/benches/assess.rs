//! Assessment benchmarks on the built-in KB and the webshop profile, one thread.
//!
//! `cargo bench -p kompas-engine --bench assess`
//!
//! - `evaluate`: the evaluation core (deciding rule per decision, verdict per capability);
//! - `assess_without_flips`: the full assessment with every explanation, no flips;
//! - `assess_with_flips`: the same plus the exact flips of every decision
//!   (read from the engine's flips memo after the first run: the flips of a
//!   cell are searched once);
//! - `assess_with_flips_searched`: the same with the memo emptied first, so
//!   every decision's flips are searched;
//! - `assess_brief`: only what the summary view reads (`Engine::assess_brief`);
//! - `render_json`: `serde_json::to_string` of a finished assessment;
//! - `profile_from_text`: parsing and validating the webshop profile (YAML);
//! - `json_to_decisions`: from the webshop profile as JSON bytes (a request
//!   body) to the deciding rule of every decision and the verdict of every
//!   capability: the fast path of `profile_from_json`, then `evaluate`;
//! - `json_to_decisions_thorough`: the same through serde_json's tree and the
//!   thorough validator (what the fast path falls back to);
//! - `engine_new`: compiling and preparing the KB (once per KB);
//! - `render_view`: the JSON of each view (summary, full, expanded) of a
//!   finished assessment, the view built and serialised;
//! - `assess_with_10_unknown_inputs`: the webshop profile with ten answers
//!   `unknown` (four it gives, six it leaves out), flips included: every
//!   open decision's possible options with their exact conditions, the next
//!   questions and the blocking questions;
//! - `assess_everything_unknown`: every answer `unknown`;
//! - `clone_floor`: copying a finished assessment without flips: the same heap
//!   blocks and bytes as building one, with nothing computed, so the floor for
//!   `assess_without_flips` with this output shape (see "Performance" in the
//!   crate docs).

use std::sync::LazyLock;

use divan::{black_box, Bencher};
use kompas_engine::{Assessment, Engine, Profile};

/// The allocator of the `kompas` binary, so that the numbers are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

const WEBSHOP: &str = include_str!("../../../examples/webshop.yaml");

static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::new(kompas_kb::builtin::load().expect("the built-in KB loads")));
static PROFILE: LazyLock<Profile> = LazyLock::new(|| {
    ENGINE
        .profile_from_text(WEBSHOP, "webshop.yaml")
        .expect("the webshop profile is valid")
});
static ASSESSMENT: LazyLock<Assessment> = LazyLock::new(|| ENGINE.assess(&PROFILE));

/// The ten unknown answers of `assess_with_10_unknown_inputs`.
const UNKNOWN_TEN: [&str; 10] = [
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

static UNKNOWN_10: LazyLock<Profile> = LazyLock::new(|| {
    let mut text = WEBSHOP.to_owned();
    text.push('\n');
    for id in UNKNOWN_TEN {
        // A later key would be a duplicate: replace the webshop's answer instead.
        text = text
            .lines()
            .filter(|l| !l.starts_with(&format!("{id}:")))
            .collect::<Vec<_>>()
            .join("\n");
        text.push_str(&format!("\n{id}: unknown"));
    }
    ENGINE
        .profile_from_text(&text, "unknown-10.yaml")
        .expect("the profile is valid")
});

static EVERYTHING_UNKNOWN: LazyLock<Profile> = LazyLock::new(|| {
    let text: String = ENGINE
        .kb()
        .inputs
        .iter()
        .map(|i| format!("{}: unknown\n", i.id))
        .collect();
    ENGINE
        .profile_from_text(&text, "everything-unknown.yaml")
        .expect("the profile is valid")
});

#[divan::bench]
fn evaluate(b: Bencher) {
    let (e, p) = (&*ENGINE, &*PROFILE);
    b.bench(|| e.evaluate(black_box(p)));
}

#[divan::bench]
fn assess_without_flips(b: Bencher) {
    let (e, p) = (&*ENGINE, &*PROFILE);
    b.bench(|| e.assess_without_flips(black_box(p)));
}

#[divan::bench]
fn assess_with_flips(b: Bencher) {
    let (e, p) = (&*ENGINE, &*PROFILE);
    b.bench(|| e.assess(black_box(p)));
}

/// The assessment the server makes for the summary view: only what the
/// summary reads.
#[divan::bench]
fn assess_brief(b: Bencher) {
    let (e, p) = (&*ENGINE, &*PROFILE);
    b.bench(|| e.assess_brief(black_box(p), kompas_engine::Lang::En));
}

/// The same, with the flips memo emptied first: every decision's flips are
/// searched, as for a profile in cells no profile reached before.
#[divan::bench]
fn assess_with_flips_searched(b: Bencher) {
    let (e, p) = (&*ENGINE, &*PROFILE);
    b.bench(|| {
        e.forget_flips();
        e.assess(black_box(p))
    });
}

#[divan::bench]
fn assess_with_10_unknown_inputs(b: Bencher) {
    let (e, p) = (&*ENGINE, &*UNKNOWN_10);
    assert_eq!(p.unknown().len(), 10);
    b.bench(|| e.assess(black_box(p)));
}

#[divan::bench(sample_count = 20)]
fn assess_everything_unknown(b: Bencher) {
    let (e, p) = (&*ENGINE, &*EVERYTHING_UNKNOWN);
    b.bench(|| e.assess(black_box(p)));
}

#[divan::bench]
fn render_json(b: Bencher) {
    let a = &*ASSESSMENT;
    b.bench(|| serde_json::to_string(black_box(a)).expect("serialises"));
}

static WEBSHOP_JSON: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let (value, _) = kompas_kb::yaml::parse(WEBSHOP).expect("the webshop profile parses");
    serde_json::to_vec(&value).expect("serialises")
});

#[divan::bench]
fn json_to_decisions(b: Bencher) {
    let (e, bytes) = (&*ENGINE, &*WEBSHOP_JSON);
    b.bench(|| {
        let p = e
            .profile_from_json(black_box(bytes), "body")
            .expect("valid");
        e.evaluate(&p)
    });
}

#[divan::bench]
fn json_to_decisions_thorough(b: Bencher) {
    let (e, bytes) = (&*ENGINE, &*WEBSHOP_JSON);
    b.bench(|| {
        let v: serde_json::Value = serde_json::from_slice(black_box(bytes)).expect("JSON");
        let p = e.profile_from_value(&v).expect("valid");
        e.evaluate(&p)
    });
}

#[divan::bench]
fn render_json_sonic(b: Bencher) {
    let a = &*ASSESSMENT;
    b.bench(|| sonic_rs::to_vec(black_box(a)).expect("serialises"));
}

/// Serialising each view of the finished assessment (the view is built from
/// it, borrowing; no assessing).
#[divan::bench(args = ["summary", "full", "expanded"])]
fn render_view(b: Bencher, view: &str) {
    let a = &*ASSESSMENT;
    let view = kompas_engine::View::from_name(view).expect("a view");
    b.bench(|| kompas_engine::views::to_json(black_box(a), view));
}

/// The same with sonic-rs (SIMD string escaping), the serialiser the server uses.
#[divan::bench(args = ["summary", "full", "expanded"])]
fn render_view_sonic(b: Bencher, view: &str) {
    let a = &*ASSESSMENT;
    let view = kompas_engine::View::from_name(view).expect("a view");
    b.bench(|| {
        sonic_rs::to_vec(&kompas_engine::views::Viewed::of(black_box(a), view)).expect("serialises")
    });
}

#[divan::bench]
fn profile_from_text(b: Bencher) {
    let e = &*ENGINE;
    b.bench(|| e.profile_from_text(black_box(WEBSHOP), "webshop.yaml"));
}

#[divan::bench(sample_count = 20)]
fn engine_new(b: Bencher) {
    let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
    b.with_inputs(|| kb.clone()).bench_values(Engine::new);
}

#[divan::bench]
fn clone_floor(b: Bencher) {
    // Built here rather than from ASSESSMENT: the floor is for the assessment
    // without flips.
    let a = ENGINE.assess_without_flips(&PROFILE);
    b.bench(|| black_box(&a).clone());
}
