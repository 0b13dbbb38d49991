//! Input definitions (K0307-K0312, K0314): values, ranges, aliases, defaults
//! and the reserved answer `unknown`.
//!
//! The compiler refuses an input it cannot encode (K0306) and points at the
//! input as a whole; the checks here point at the exact value and say what is
//! expected, so for a bad default the precise K0310 replaces the compiler's K0306.

use std::collections::{HashMap, HashSet};

use kompas_kb::{Input, InputType, Origin, Severity};
use serde_json::Value;

use crate::ctx::{did_you_mean, list, Ctx};

/// Runs the input checks; returns the inputs whose default got a precise K0310.
pub(crate) fn check(ctx: &mut Ctx) -> HashSet<Origin> {
    let mut bad_defaults = HashSet::new();
    for input in &ctx.kb.inputs {
        duplicate_values(ctx, input);
        range(ctx, input);
        aliases(ctx, input);
        fields_for_type(ctx, input);
        reserved(ctx, input);
        if !default(ctx, input) {
            bad_defaults.insert(input.origin.clone());
        }
    }
    bad_defaults
}

fn duplicate_values(ctx: &mut Ctx, input: &Input) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, v) in input.values.iter().enumerate() {
        if let Some(first) = seen.insert(v.id.as_str(), i) {
            seen.insert(v.id.as_str(), first);
            let at = input.origin.child("values").child(i).child("id");
            let earlier = ctx.place(&input.origin.child("values").child(first));
            ctx.emit(
                "K0307",
                Severity::Error,
                &at,
                format!(
                    "input `{}` lists the value `{}` twice; the first is at {earlier}",
                    input.id, v.id
                ),
            )
            .help = Some("remove the repeated value".into());
        }
    }
}

fn range(ctx: &mut Ctx, input: &Input) {
    if let (Some(min), Some(max)) = (input.min, input.max) {
        if min > max {
            ctx.emit(
                "K0308",
                Severity::Error,
                &input.origin.child("max"),
                format!(
                    "input `{}` has `min: {min}` above `max: {max}`; no number fits",
                    input.id
                ),
            )
            .help = Some("swap the bounds, or fix the one that is wrong".into());
        }
    }
}

fn aliases(ctx: &mut Ctx, input: &Input) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, a) in input.aliases.iter().enumerate() {
        let at = input.origin.child("aliases").child(i);
        if let Some(&first) = seen.get(a.alias.as_str()) {
            let earlier = ctx.place(&input.origin.child("aliases").child(first));
            ctx.emit(
                "K0309",
                Severity::Error,
                &at.child("alias"),
                format!(
                    "input `{}` defines the alias `{}` twice; the first is at {earlier}",
                    input.id, a.alias
                ),
            )
            .help = Some("an alias must stand for one number: remove one of them".into());
        } else {
            seen.insert(a.alias.as_str(), i);
        }
        let below = input.min.is_some_and(|min| a.value < min);
        let above = input.max.is_some_and(|max| a.value > max);
        if below || above {
            ctx.emit(
                "K0309",
                Severity::Error,
                &at.child("value"),
                format!(
                    "alias `{}` of input `{}` stands for {}, outside the allowed {}",
                    a.alias,
                    input.id,
                    a.value,
                    bounds(input)
                ),
            )
            .help = Some("pick a number inside the input's range to represent the alias".into());
        }
    }
}

fn bounds(input: &Input) -> String {
    match (input.min, input.max) {
        (Some(min), Some(max)) => format!("range {min}..={max}"),
        (Some(min), None) => format!("minimum {min}"),
        (None, Some(max)) => format!("maximum {max}"),
        (None, None) => "range".into(),
    }
}

/// Warns about fields that the input's type ignores (they are probably a mistake).
fn fields_for_type(ctx: &mut Ctx, input: &Input) {
    let kind = type_name(input.kind);
    let mut ignored: Vec<(&str, bool)> = Vec::new();
    let numeric = input.kind == InputType::Integer;
    let listed = matches!(input.kind, InputType::Enum | InputType::Set);
    ignored.push(("values", !listed && !input.values.is_empty()));
    ignored.push(("min", !numeric && input.min.is_some()));
    ignored.push(("max", !numeric && input.max.is_some()));
    ignored.push(("unit", !numeric && input.unit.is_some()));
    ignored.push(("aliases", !numeric && !input.aliases.is_empty()));
    ignored.push(("ordered", input.kind != InputType::Enum && input.ordered));
    for (field, set) in ignored {
        if set {
            ctx.emit(
                "K0312",
                Severity::Warning,
                &input.origin.child(field),
                format!("`{field}` has no meaning for input `{}`, which is of type {kind}; it is ignored", input.id),
            )
            .help = Some(format!("remove `{field}`, or change the input's `type`"));
        }
    }
    for (i, v) in input.values.iter().enumerate() {
        if v.exclusive && input.kind != InputType::Set {
            ctx.emit(
                "K0312",
                Severity::Warning,
                &input.origin.child("values").child(i).child("exclusive"),
                format!(
                    "`exclusive` only has a meaning for set inputs; `{}` is of type {kind}",
                    input.id
                ),
            )
            .help = Some("remove `exclusive`".into());
        }
    }
}

/// The answer a profile gives for "I don't know", for every input.
pub(crate) const UNKNOWN: &str = "unknown";

/// K0314: `unknown` is the answer "I don't know" for every input, so no value
/// or alias of an input may be called that.
fn reserved(ctx: &mut Ctx, input: &Input) {
    for (i, v) in input.values.iter().enumerate() {
        if v.id == UNKNOWN {
            ctx.emit(
                "K0314",
                Severity::Error,
                &input.origin.child("values").child(i).child("id"),
                format!(
                    "input `{}` has a value called `{UNKNOWN}`; that word is reserved: a profile answers `{UNKNOWN}` to say it does not know, for every input",
                    input.id
                ),
            )
            .help = Some("rename the value, e.g. `not_known` or `undecided`".into());
        }
    }
    for (i, a) in input.aliases.iter().enumerate() {
        if a.alias == UNKNOWN {
            ctx.emit(
                "K0314",
                Severity::Error,
                &input.origin.child("aliases").child(i).child("alias"),
                format!(
                    "input `{}` has an alias called `{UNKNOWN}`; that word is reserved: a profile answers `{UNKNOWN}` to say it does not know, for every input",
                    input.id
                ),
            )
            .help = Some("remove the alias, or give it another name".into());
        }
    }
}

fn type_name(kind: InputType) -> &'static str {
    match kind {
        InputType::Enum => "enum",
        InputType::Set => "set",
        InputType::Integer => "integer",
        InputType::Bool => "bool",
    }
}

/// Checks the default against the type; `false` when a K0310 was reported.
/// A derived default (`{from: FACT}`) is checked by the compiler (K0313).
fn default(ctx: &mut Ctx, input: &Input) -> bool {
    let at = input.origin.child("default");
    let Some(default) = input.default.value() else {
        return true;
    };
    let values: Vec<&str> = input.values.iter().map(|v| v.id.as_str()).collect();
    let id = &input.id;
    let mut ok = true;
    let mut bad =
        |ctx: &mut Ctx, at: &Origin, message: String, given: Option<&str>, help: Option<String>| {
            ok = false;
            let d = ctx.emit("K0310", Severity::Error, at, message);
            match given {
                Some(g) => did_you_mean(d, g, values.iter().copied(), help),
                None => d.help = help,
            }
        };
    match (input.kind, default) {
        (InputType::Enum, Value::String(s)) => {
            if !values.contains(&s.as_str()) && !values.is_empty() {
                let m = format!(
                    "the default `{s}` of input `{id}` is not one of its values: {}",
                    list(&values)
                );
                bad(ctx, &at, m, Some(s), None);
            }
        }
        (InputType::Set, Value::Array(items)) => {
            let mut exclusive_given = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) if values.contains(&s) => {
                        if input.values.iter().any(|v| v.id == s && v.exclusive) {
                            exclusive_given.push(s);
                        }
                    }
                    Some(s) => {
                        let m = format!("the default of input `{id}` lists `{s}`, which is not one of its values: {}", list(&values));
                        bad(ctx, &at.child(i), m, Some(s), None);
                    }
                    None => {
                        let m = format!("the default of input `{id}` lists {item}; set members are strings, one of: {}", list(&values));
                        bad(ctx, &at.child(i), m, None, None);
                    }
                }
            }
            if let (Some(first), true) = (exclusive_given.first(), items.len() > 1) {
                ctx.emit(
                    "K0311",
                    Severity::Error,
                    &at,
                    format!(
                        "the default of input `{id}` combines `{first}`, which excludes every other value, with other values"
                    ),
                )
                .help = Some(format!("use `[{first}]` alone, or leave `{first}` out"));
            }
        }
        (InputType::Integer, Value::Number(n)) => match n.as_i64() {
            Some(i) if input.min.is_some_and(|m| i < m) || input.max.is_some_and(|m| i > m) => {
                let m = format!(
                    "the default {i} of input `{id}` is outside the allowed {}",
                    bounds(input)
                );
                bad(ctx, &at, m, None, None);
            }
            Some(_) => {}
            None => {
                let m = format!("the default {n} of input `{id}` is not a whole number");
                bad(ctx, &at, m, None, None);
            }
        },
        (InputType::Integer, Value::String(s)) => {
            let help = input.aliases.iter().find(|a| &a.alias == s).map(|a| {
                format!(
                    "write the number the alias stands for: `default: {}`",
                    a.value
                )
            });
            let m = format!("the default `{s}` of integer input `{id}` is a string; a default is written as a whole number");
            bad(ctx, &at, m, None, help);
        }
        (InputType::Bool, Value::Bool(_)) => {}
        (_, Value::Object(map)) if map.contains_key("from") => {
            let m = format!(
                "the default of input `{id}` is a mapping with {}; a derived default is written `{{from: FACT}}` with nothing else",
                list(&map.keys().collect::<Vec<_>>())
            );
            bad(ctx, &at, m, None, Some("keep only `from:`".into()));
        }
        (kind, other) => {
            let expected = match kind {
                InputType::Enum => format!("one of its values ({})", list(&values)),
                InputType::Set => format!("a list of its values ({})", list(&values)),
                InputType::Integer => "a whole number".into(),
                InputType::Bool => "`true` or `false`".into(),
            };
            let m = format!(
                "the default {other} of input `{id}` does not fit its type {}; expected {expected}",
                type_name(kind)
            );
            bad(ctx, &at, m, None, None);
        }
    }
    ok
}
