//! The one place where the server calls the checker, the engine and the
//! renderer. Handlers speak JSON and problem items; this module maps the
//! library types to them.

use std::path::Path;

use kompas_engine::{AssessOptions, Engine, Profile, ProfileError};
use kompas_kb::diag::suggest;
use kompas_kb::yaml::SourceMap;
use serde_json::Value;

use crate::problem::ProblemItem;

pub use kompas_engine::{Lang, View};

/// A KB that was refused: the checker's rendered diagnostics.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The diagnostics as text, in the compiler style, with a summary line.
    pub rendered: String,
    /// The number of errors.
    pub errors: usize,
}

/// A KB that passed check, compiled.
pub struct Checked {
    /// The engine on it.
    pub engine: Engine,
    /// Warnings found by check (logged).
    pub warnings: usize,
    /// The check's verdict: what it proved, in one paragraph.
    pub verdict: String,
}

/// Loads and checks a KB (`None`: the built-in one) and compiles it. A KB with
/// errors is refused whole.
pub fn load(dir: Option<&Path>) -> Result<Checked, Refused> {
    let today = kompas_check::today();
    match kompas_check::load_checked(dir, &today) {
        Ok((kb, _compiled, report)) => {
            // Warnings deserve a look in the log, led by the verdict; infos
            // (such as accepted trade-offs) only at debug level, so a clean
            // start stays quiet.
            if report.count(kompas_kb::Severity::Warning) > 0 {
                tracing::warn!(summary = %report.summary(), "KB check:\n{}", crate::logging::block(&report.render_text()));
            } else if !report.diagnostics.is_empty() {
                tracing::debug!(
                    summary = %report.summary(),
                    "KB check:\n{}",
                    crate::logging::block(&report.render_text_with(kompas_kb::Severity::Info))
                );
            }
            Ok(Checked {
                engine: Engine::new(kb),
                warnings: report.count(kompas_kb::Severity::Warning),
                verdict: report.verdict(),
            })
        }
        Err(report) => Err(Refused {
            rendered: report.render_text(),
            errors: report.count(kompas_kb::Severity::Error),
        }),
    }
}

/// The name YAML request bodies go by in the engine's `source:line:col`.
const BODY: &str = "body";

/// Validates the profile found at the JSON pointer `at` of a request body;
/// `yaml` holds the positions when the body was YAML, and then every problem
/// names the line and column of its value.
pub fn parse_profile(
    engine: &Engine,
    profile: &Value,
    yaml: Option<&SourceMap>,
    at: &str,
) -> Result<Profile, Vec<ProblemItem>> {
    match yaml {
        Some(map) => engine.profile_from_located(profile, map, BODY, at),
        None => engine.profile_from_value(profile),
    }
    .map_err(|e| profile_problems(e, at))
}

/// The assessment of a valid profile in a view, as JSON bytes.
///
/// Serialised with sonic-rs: the same serde implementations as serde_json
/// (the same JSON, tested), with SIMD string escaping, which is most of the
/// cost of an assessment's JSON.
pub fn assessment_json(engine: &Engine, profile: &Profile, lang: Lang, view: View) -> Vec<u8> {
    // The summary shows no flips, alternatives or facts: no need to make them.
    let assessment = match view {
        View::Summary => engine.assess_brief(profile, lang),
        View::Full | View::Expanded => {
            engine.assess_with(profile, AssessOptions { lang, flips: true })
        }
    };
    sonic_rs::to_vec(&kompas_engine::views::Viewed::of(&assessment, view))
        .unwrap_or_else(|_| kompas_engine::views::to_json(&assessment, view))
}

/// Explains one decision for a profile; the explanation as JSON bytes.
pub fn explain_json(
    engine: &Engine,
    profile: &Value,
    yaml: Option<&SourceMap>,
    decision: &str,
    lang: Lang,
) -> Result<Vec<u8>, Vec<ProblemItem>> {
    let parsed = parse_profile(engine, profile, yaml, "/profile");
    // Both the profile and the decision are checked, so one answer names every problem.
    let mut problems = parsed.as_ref().err().cloned().unwrap_or_default();
    if engine.kb().decision(decision).is_none() {
        problems.push(unknown_decision(engine, decision));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let profile = parsed.map_err(|_| Vec::new())?;
    match engine.explain_in(&profile, decision, lang) {
        Ok(explanation) => Ok(serde_json::to_vec(&explanation).expect("an explanation serialises")),
        Err(e) => Err(vec![ProblemItem {
            pointer: "/decision".into(),
            given: Some(Value::from(decision)),
            expected: None,
            message: e.to_string(),
            help: None,
            line: None,
            column: None,
        }]),
    }
}

/// The problem of an unknown decision id, with the closest known one.
fn unknown_decision(engine: &Engine, given: &str) -> ProblemItem {
    let kb = engine.kb();
    let known: Vec<&str> = kb.decisions.iter().map(|d| d.id.as_str()).collect();
    let message = if kb.capability(given).is_some() {
        format!("`{given}` is a Layer 2 capability, not a Layer 1 decision; its verdict is in the assessment's `layer2`")
    } else {
        format!("`{given}` is not a decision of this knowledge base")
    };
    ProblemItem {
        pointer: "/decision".into(),
        given: Some(Value::from(given)),
        expected: Some(format!("one of: {}", known.join(", "))),
        message,
        help: suggest(given, known.iter().copied()).map(|s| format!("did you mean `{s}`?")),
        line: None,
        column: None,
    }
}

/// The Markdown report of a profile's assessment.
pub fn report_markdown(
    engine: &Engine,
    profile: &Value,
    yaml: Option<&SourceMap>,
    lang: Lang,
) -> Result<String, Vec<ProblemItem>> {
    let profile = parse_profile(engine, profile, yaml, "")?;
    let assessment = engine.assess_with(&profile, AssessOptions { lang, flips: true });
    Ok(kompas_render::markdown(&assessment, lang))
}

/// The questionnaire as JSON.
pub fn questionnaire(engine: &Engine) -> Value {
    serde_json::to_value(engine.questionnaire()).expect("a questionnaire serialises")
}

/// The JSON Schema of a profile of this KB.
pub fn profile_schema(engine: &Engine) -> Value {
    kompas_engine::profile_schema(engine.kb())
}

/// The JSON Schema of an assessment in a view.
pub fn assessment_schema(view: View) -> Value {
    view.schema()
}

/// The JSON Schema of the questionnaire.
pub fn questionnaire_schema() -> Value {
    kompas_engine::questionnaire_schema()
}

/// The JSON Schema of an explanation.
pub fn explanation_schema() -> Value {
    kompas_engine::explanation_schema()
}

/// The JSON Schema of a KB file.
pub fn kb_schema() -> Value {
    kompas_kb::kb_schema()
}

/// Parses a language code (`en`, `nl`).
pub fn parse_lang(code: &str) -> Option<Lang> {
    Lang::from_code(code)
}

/// The engine's profile problems as problem items, their pointers under
/// `prefix`, with the line and column of a YAML body's value.
pub fn profile_problems(error: ProfileError, prefix: &str) -> Vec<ProblemItem> {
    error
        .problems
        .into_iter()
        .map(|p| {
            let (line, column) = p.location.as_deref().map_or((None, None), line_col);
            ProblemItem {
                pointer: format!("{prefix}{}", p.path),
                given: (!p.given.is_null()).then_some(p.given),
                expected: Some(p.expected),
                message: p.message,
                help: p.help,
                line,
                column,
            }
        })
        .collect()
}

/// `(line, column)` of a `source:line:col` location.
fn line_col(location: &str) -> (Option<usize>, Option<usize>) {
    let mut parts = location.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.parse().ok());
    let line = parts.next().and_then(|l| l.parse().ok());
    match (line, col) {
        (Some(l), Some(c)) => (Some(l), Some(c)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_serialiser_writes_the_same_json_as_serde_json() {
        let engine = Engine::new(kompas_kb::builtin::load().unwrap());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let profile = engine.profile_from_text(&text, "example").unwrap();
            for lang in [Lang::En, Lang::Nl] {
                for view in View::ALL {
                    let fast = assessment_json(&engine, &profile, lang, view);
                    let a = engine.assess_with(
                        &profile,
                        AssessOptions {
                            lang,
                            flips: view != View::Summary,
                        },
                    );
                    let reference = kompas_engine::views::to_json(&a, view);
                    let fast: Value = serde_json::from_slice(&fast).unwrap();
                    let reference: Value = serde_json::from_slice(&reference).unwrap();
                    assert_eq!(fast, reference, "{view:?} {lang:?}");
                }
            }
        }
    }
}
