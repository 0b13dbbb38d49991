//! The views of an assessment on every example profile, in English and
//! Dutch: the `full` view expands back to exactly the expanded assessment,
//! and each view keeps within its size (bytes of compact JSON; sizes, not
//! timings).

mod common;

use std::sync::OnceLock;

use kompas_engine::views::{self, View};
use kompas_engine::{AssessOptions, Engine, Lang};

/// The webshop example profile.
fn webshop(engine: &Engine) -> kompas_engine::Profile {
    engine
        .profile_from_text(
            include_str!("../../../examples/webshop.yaml"),
            "webshop.yaml",
        )
        .unwrap()
}

fn builtin() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::builtin)
}

/// The largest summary of the built-in KB, in bytes.
const SUMMARY_LIMIT: usize = 16 * 1024;
/// The largest full view of the built-in KB, in bytes (issue 12).
const FULL_LIMIT: usize = 100_000;

/// The full view read back from its JSON and expanded with the KB: exactly
/// the expanded assessment, so the view loses nothing.
fn assert_expands_back(engine: &Engine, a: &kompas_engine::Assessment<'_>, what: &str) {
    let json = views::to_json(a, View::Full);
    let read: views::FullView = serde_json::from_slice(&json).unwrap();
    assert_eq!(read, views::full(a), "{what}: the JSON reads back");
    let expanded = views::expand(&read, engine).unwrap();
    let (got, want) = (
        serde_json::to_value(&expanded).unwrap(),
        serde_json::to_value(a).unwrap(),
    );
    if let Some(difference) = first_difference(&got, &want, "") {
        panic!("{what}: the expanded full view differs at {difference}");
    }
}

/// The JSON path of the first place `got` and `want` differ, with both values.
fn first_difference(got: &serde_json::Value, want: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .find_map(|(k, wv)| match g.get(k) {
                Some(gv) => first_difference(gv, wv, &format!("{at}/{k}")),
                None => Some(format!("{at}/{k}: missing, expected {wv}")),
            })
            .or_else(|| {
                g.keys()
                    .find(|k| !w.contains_key(*k))
                    .map(|k| format!("{at}/{k}: not expected"))
            }),
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => g
            .iter()
            .zip(w)
            .enumerate()
            .find_map(|(i, (gv, wv))| first_difference(gv, wv, &format!("{at}/{i}"))),
        _ if got == want => None,
        _ => Some(format!("{at}: {got} instead of {want}")),
    }
}

fn examples() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out.push(("(empty profile)".into(), "{}".into()));
    out
}

#[test]
fn every_view_of_every_example_keeps_its_size_and_the_full_view_loses_nothing() {
    let engine = builtin();
    let mut report = String::new();
    for (name, text) in examples() {
        let profile = engine.profile_from_text(&text, &name).unwrap();
        for lang in [Lang::En, Lang::Nl] {
            let a = engine.assess_with(&profile, AssessOptions { lang, flips: true });
            let sizes: Vec<usize> = View::ALL
                .iter()
                .map(|&v| views::to_json(&a, v).len())
                .collect();
            report.push_str(&format!(
                "{name} {}: summary {} full {} expanded {}\n",
                lang.code(),
                sizes[0],
                sizes[1],
                sizes[2]
            ));
            assert!(
                sizes[0] <= SUMMARY_LIMIT,
                "{name} {lang:?}: summary {} bytes",
                sizes[0]
            );
            assert!(
                sizes[1] <= FULL_LIMIT,
                "{name} {lang:?}: full {} bytes",
                sizes[1]
            );
            assert!(
                sizes[1] < sizes[2],
                "{name}: the full view is smaller than the expanded one"
            );

            assert_expands_back(engine, &a, &format!("{name} {lang:?}"));
            // The brief assessment the server answers the summary view with.
            assert_eq!(
                views::to_json(&engine.assess_brief(&profile, lang), View::Summary),
                views::to_json(&a, View::Summary),
                "{name} {lang:?}: the brief assessment's summary"
            );
            // What is written once is written once; what the KB says is left to it.
            let json = String::from_utf8(views::to_json(&a, View::Full)).unwrap();
            let count = |text: &str| json.matches(&*serde_json::to_string(text).unwrap()).count();
            for q in a.open_questions.iter() {
                assert_eq!(count(&q.text), usize::from(q.generated), "{}", q.id);
            }
            for d in &a.decisions {
                if let Some(r) = &d.recommendation {
                    assert_eq!(count(&r.rationale), 0, "{} {}", d.id, r.option);
                }
                for x in &d.because {
                    assert_eq!(count(&x.text), 0, "{} {}", d.id, x.rule);
                }
            }
            let full = views::full(&a);
            for (i, fact) in full.facts.iter().enumerate() {
                assert!(!full.facts[..i].contains(fact), "{name}: fact {i} twice");
            }
        }
    }
    eprintln!("{report}");
}

#[test]
fn a_full_view_that_refers_to_what_is_not_there_does_not_expand() {
    let engine = builtin();
    let profile = webshop(engine);
    let a = engine.assess(&profile);
    let mut f = views::full(&a);
    f.decisions[0].because[0].facts.push(u32::MAX);
    let e = views::expand(&f, engine).unwrap_err();
    assert_eq!((e.kind, e.id.as_str()), ("fact", "4294967295"));
    let mut f = views::full(&a);
    f.decisions[0].recommendation.as_mut().unwrap().option = "no_such_option".into();
    assert!(views::expand(&f, engine)
        .unwrap_err()
        .to_string()
        .contains("`no_such_option`"));
    let mut f = views::full(&a);
    f.kb.to_mut().digest = "another".into();
    assert_eq!(
        views::expand(&f, engine).unwrap_err().kind,
        "knowledge base"
    );
}

#[test]
fn the_summary_names_every_decision_and_capability_with_a_reason() {
    let engine = builtin();
    let profile = webshop(engine);
    let a = engine.assess(&profile);
    let s = views::summary(&a);
    assert_eq!(s.stack.len(), a.decisions.len());
    assert_eq!(s.layer2.len(), a.layer2.len());
    let cni = s.stack.iter().find(|d| d.decision == "cni").unwrap();
    assert_eq!(cni.option.as_deref(), Some("cilium"));
    assert!(
        s.stack
            .iter()
            .all(|d| !d.why.is_empty() && d.why.len() < 600),
        "{:?}",
        s.stack
    );
    assert!(s.layer2.iter().all(|c| !c.why.is_empty()));
    assert_eq!(s.layer2[0].rank, Some(1));
    assert!(s.blocking_questions.iter().any(|q| q.id == "q1"));
}

#[test]
fn every_view_has_a_schema_its_json_fits_by_name() {
    for v in View::ALL {
        let schema = v.schema();
        assert!(schema["properties"].is_object(), "{}", v.name());
        assert_eq!(View::from_name(v.name()), Some(v));
    }
    assert_eq!(View::from_name("detail"), None);
}

#[test]
fn the_views_carry_open_decisions_close_calls_and_next_questions() {
    let engine = builtin();
    let text = format!(
        "{}\ncalico_expertise: unknown\n",
        include_str!("../../../examples/webshop.yaml")
    );
    let profile = engine.profile_from_text(&text, "webshop.yaml").unwrap();
    let a = engine.assess(&profile);
    let cni = a.decision("cni").unwrap();
    assert_eq!(cni.status, kompas_engine::Status::Open);

    let s = views::summary(&a);
    let entry = s.stack.iter().find(|d| d.decision == "cni").unwrap();
    assert_eq!(entry.status, kompas_engine::Status::Open);
    assert!(entry.provisional);
    assert_eq!(
        entry.possible,
        cni.possible
            .iter()
            .map(|p| p.option.clone())
            .collect::<Vec<_>>()
    );
    assert!(entry.possible.len() >= 2, "{:?}", entry.possible);
    assert_eq!(entry.blocked_by, ["calico_expertise"]);
    assert_eq!(s.unknown, ["calico_expertise"]);
    assert!(s.open.iter().any(|d| d == "cni"));
    assert!(s.provisional);
    assert_eq!(s.next_questions[0].input, "calico_expertise");
    assert!(s.next_questions[0].settles.iter().any(|d| d == "cni"));
    // Close calls come through for every decision that has them.
    for (d, e) in a.decisions.iter().zip(&s.stack) {
        assert_eq!(d.close_call.len(), e.close_calls.len(), "{}", d.id);
    }
    assert!(
        s.stack.iter().any(|e| !e.close_calls.is_empty()) || s.close_calls.is_empty(),
        "summary.close_calls names decisions with close calls"
    );
    let json = views::to_json(&a, View::Summary);
    assert!(json.len() <= SUMMARY_LIMIT, "{} bytes", json.len());

    // The full view keeps every field of the unknowns and expands back exactly.
    let full = views::full(&a);
    let value = serde_json::to_value(&full).unwrap();
    let cni_full = value["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cni")
        .unwrap();
    assert_eq!(cni_full["status"], "open");
    assert!(cni_full["possible"].as_array().unwrap().len() >= 2);
    assert!(!value["next_questions"].as_array().unwrap().is_empty());
    assert_expands_back(engine, &a, "calico_expertise unknown");
}

#[test]
fn a_profile_of_only_unknown_answers_has_a_bounded_summary() {
    let engine = builtin();
    let every: serde_json::Map<String, serde_json::Value> = engine
        .questionnaire()
        .groups
        .iter()
        .flat_map(|g| &g.inputs)
        .map(|q| (q.id.to_string(), serde_json::Value::from("unknown")))
        .collect();
    let text = serde_json::to_string(&every).unwrap();
    let profile = engine.profile_from_text(&text, "unknown.json").unwrap();
    for lang in [Lang::En, Lang::Nl] {
        let a = engine.assess_with(&profile, AssessOptions { lang, flips: true });
        assert!(a
            .decisions
            .iter()
            .any(|d| d.status == kompas_engine::Status::Open));
        let json = views::to_json(&a, View::Summary);
        // Everything open: four times the limit of a profile that answers.
        assert!(
            json.len() <= 4 * SUMMARY_LIMIT,
            "{lang:?}: {} bytes",
            json.len()
        );
        let s = views::summary(&a);
        assert!(s.stack.iter().all(|e| e.why.len() <= 600), "{lang:?}");
        // Generated questions and "no recommendation" come back from the full view too.
        assert!(a.open_questions.iter().any(|q| q.generated), "{lang:?}");
        assert_expands_back(engine, &a, &format!("everything unknown {lang:?}"));
        eprintln!(
            "everything unknown {}: full {} expanded {}",
            lang.code(),
            views::to_json(&a, View::Full).len(),
            views::to_json(&a, View::Expanded).len()
        );
        let without_flips = engine.assess_with(&profile, AssessOptions { lang, flips: false });
        assert_expands_back(engine, &without_flips, &format!("no flips {lang:?}"));
    }
}
