//! K0315: the statements of answers (`states`), from which the reasons for a
//! choice are written in plain words ("the team has no Calico expertise").
//! Readers see every input (as a question, in the answers and the reasons)
//! and every derived fact (in the reasons and what follows from the answers):
//! one without
//! statements, or without one for some answer, is a warning, because the site
//! and the reports then fall back to the question's wording. A statement for
//! an answer that does not exist, or a number template without `{n}`, is an
//! error: it could never be shown right.

use std::collections::BTreeMap;

use kompas_kb::{InputType, Origin, Severity, Text};

use crate::ctx::Ctx;

/// Runs the statement checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for input in &kb.inputs {
        let expected: Vec<String> = match input.kind {
            InputType::Bool => vec!["true".into(), "false".into()],
            InputType::Enum | InputType::Set => input.values.iter().map(|v| v.id.clone()).collect(),
            InputType::Integer => vec!["n".into()],
        };
        let what = format!("input `{}`", input.id);
        if input.states.is_empty() {
            ctx.emit(
                "K0315",
                Severity::Warning,
                &input.origin.child("id"),
                format!(
                    "{what} has no statements of its answers (`states`): readers see its question where a plain sentence about the organisation belongs"
                ),
            )
            .help = Some(example(input.kind, &expected));
            continue;
        }
        keys(ctx, &what, &input.states, &expected, &input.origin);
        if input.kind == InputType::Integer {
            if let Some(template) = input.states.get("n") {
                for (lang, text) in texts(template) {
                    if !text.contains("{n}") {
                        ctx.emit(
                            "K0315",
                            Severity::Error,
                            &input.origin.child("states").child("n"),
                            format!(
                                "the statement of {what} ({lang}) has no `{{n}}` where the number goes: `{text}`"
                            ),
                        )
                        .help = Some("write the number as `{n}`, e.g. \"{n} people build and run the platform\"".into());
                    }
                }
            }
        }
    }
    for (fact, compiled) in kb.derived.iter().zip(&ctx.compiled.derived) {
        // Another name of an input reads as that input, statements included.
        if compiled.is_none() || fact.same_as.is_some() {
            continue;
        }
        let expected: Vec<String> = if fact.values.is_empty() {
            vec!["true".into(), "false".into()]
        } else {
            fact.values.iter().map(|v| v.id.clone()).collect()
        };
        let what = format!("derived fact `{}`", fact.id);
        if fact.states.is_empty() {
            ctx.emit(
                "K0315",
                Severity::Warning,
                &fact.origin.child("id"),
                format!(
                    "{what} has no statements of its values (`states`): readers see its description where a plain sentence about the organisation belongs"
                ),
            )
            .help = Some(format!(
                "add `states:` with a statement for each of {}",
                expected.join(", ")
            ));
            continue;
        }
        keys(ctx, &what, &fact.states, &expected, &fact.origin);
    }
}

/// Every expected answer has a statement, and every statement is of an answer.
fn keys(
    ctx: &mut Ctx,
    what: &str,
    states: &BTreeMap<String, Text>,
    expected: &[String],
    origin: &Origin,
) {
    let missing: Vec<&str> = expected
        .iter()
        .filter(|k| !states.contains_key(k.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        ctx.emit(
            "K0315",
            Severity::Warning,
            &origin.child("states"),
            format!(
                "{what} has no statement for {}: readers of that answer get the question's wording instead",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .help = Some(format!("add {} under `states`", missing.join(", ")));
    }
    for key in states.keys() {
        if !expected.contains(key) {
            ctx.emit(
                "K0315",
                Severity::Error,
                &origin.child("states").child(key.as_str()),
                format!(
                    "{what} has a statement for `{key}`, which is not one of its answers ({})",
                    expected.join(", ")
                ),
            )
            .help = Some(
                "use the answers' ids as keys (`true`/`false` for yes/no, `n` for a number)".into(),
            );
        }
    }
}

/// The texts of a statement by language.
fn texts(text: &Text) -> Vec<(&str, &str)> {
    match text {
        Text::Plain(s) => vec![("en", s.as_str())],
        Text::Localized(map) => map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
    }
}

/// An example `states` block for an input of this type.
fn example(kind: InputType, keys: &[String]) -> String {
    match kind {
        InputType::Bool => "add `states: {true: {en: the team has Calico expertise, nl: ...}, false: {en: the team has no Calico expertise, nl: ...}}`".into(),
        InputType::Integer => "add `states: {n: {en: \"{n} people build and run the platform\", nl: ...}}`".into(),
        InputType::Enum | InputType::Set => format!(
            "add `states:` with a statement for each of {}",
            keys.join(", ")
        ),
    }
}
