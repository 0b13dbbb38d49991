//! Shared helpers for the engine's integration tests.
#![allow(dead_code)]

use std::path::Path;

use kompas_engine::{Assessment, Engine, Profile};

/// The small fixture KB of these tests.
pub fn mini() -> Engine {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let kb =
        kompas_kb::load_dir(&dir).unwrap_or_else(|e| panic!("fixture KB: {:#?}", e.diagnostics));
    let engine = Engine::new(kb);
    assert!(
        engine.compiled().issues.is_empty(),
        "{:?}",
        engine.compiled().issues
    );
    engine
}

/// The built-in KB.
pub fn builtin() -> Engine {
    let kb = kompas_kb::builtin::load().unwrap_or_else(|e| {
        panic!(
            "{}",
            e.diagnostics.iter().map(|d| d.render()).collect::<String>()
        )
    });
    Engine::new(kb)
}

/// A profile from YAML text; panics with every problem.
pub fn profile(engine: &Engine, yaml: &str) -> Profile {
    engine
        .profile_from_text(yaml, "test.yaml")
        .unwrap_or_else(|e| panic!("profile refused:\n{e}"))
}

/// Assesses a YAML profile; the assessment is detached (owned) so the profile can go.
pub fn assess(engine: &Engine, yaml: &str) -> Assessment<'static> {
    owned(&engine.assess(&profile(engine, yaml)))
}

/// An owned copy of an assessment, through its JSON.
pub fn owned(a: &Assessment) -> Assessment<'static> {
    serde_json::from_str(&serde_json::to_string(a).unwrap()).unwrap()
}
