//! Profiles: the answers of one organisation, validated and normalised.
//!
//! A profile is a mapping of the KB's input ids to answers, in YAML or JSON.
//! An answer has one of three states: *given* (a value), *unknown* (the
//! string `unknown`, for any input: the person does not know) and *not asked*
//! (left out: the KB's default is assumed). An unknown answer still gets the
//! value it would be assumed to have, so the assessment has a provisional
//! recommendation; the engine then works out what the unknown answers could
//! change.
//! Validation collects *every* problem (each with its JSON pointer, the value
//! given, what is allowed and a "did you mean") before giving up, so a person
//! fixes a profile in one round. Normalising resolves integer aliases (`"5-10"`)
//! and drops exclusive set values (`[none]` means the empty set); inputs left out
//! take their defaults and stay marked as defaults. An input whose default is a
//! derived fact (`default: {from: FACT}`) gets the fact's value on the rest of
//! the profile, computed in dependency order.

use std::fmt::Write as _;

use kompas_kb::diag::suggest;
use kompas_kb::yaml::{self, SourceMap};
use kompas_kb::{Input, InputType, Kb};
use kompas_logic::Compiled;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many problems are listed; a profile with more is reported with
/// a final "and N more" line rather than a wall of text.
pub const MAX_PROBLEMS: usize = 100;

/// At most this many keys are read from a profile: a KB has some dozens of
/// inputs, and every unknown key costs a "did you mean" search. A profile
/// with more is refused at once, before any key is looked at.
pub const MAX_PROFILE_KEYS: usize = 1000;

/// A validated, normalised profile: one dense value per KB input.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Dense values, indexed like [`Compiled::vars`].
    values: Vec<i64>,
    /// The value as the profile wrote it, for the inputs it gave.
    given: Vec<Option<Value>>,
    /// The variables the profile answered `unknown`, in KB order (usually none).
    unknown: Vec<usize>,
}

/// The answer a profile gives for an input whose answer the person does not know.
pub const UNKNOWN: &str = "unknown";

impl Profile {
    /// The default profile: every input at its default.
    pub(crate) fn defaults(compiled: &Compiled) -> Profile {
        Profile {
            values: compiled.defaults.clone(),
            given: vec![None; compiled.defaults.len()],
            unknown: Vec::new(),
        }
    }

    /// Dense values, indexed like `Compiled::vars`.
    pub fn values(&self) -> &[i64] {
        &self.values
    }

    /// Whether the profile gave variable `var` a value (otherwise it is
    /// unknown, or left out and assumed).
    pub fn is_given(&self, var: usize) -> bool {
        self.given.get(var).is_some_and(Option::is_some)
    }

    /// Whether the profile answered variable `var` with `unknown`.
    pub fn is_unknown(&self, var: usize) -> bool {
        self.unknown.contains(&var)
    }

    /// The variables answered `unknown`, in KB order.
    pub fn unknown(&self) -> &[usize] {
        &self.unknown
    }

    /// Marks variable `var` unknown, as if the profile had answered `unknown`;
    /// its value becomes the one it would be assumed to have.
    pub fn with_unknown(mut self, compiled: &Compiled, var: usize) -> Profile {
        if var < self.values.len() {
            self.given[var] = None;
            if let Err(at) = self.unknown.binary_search(&var) {
                self.unknown.insert(at, var);
            }
            self.values[var] = compiled.defaults[var];
            self.derive(compiled);
        }
        self
    }

    /// The value as written in the profile, for a given input.
    pub fn given_value(&self, var: usize) -> Option<&Value> {
        self.given.get(var).and_then(Option::as_ref)
    }

    /// Sets variable `var` to a dense value, as if the profile had given it,
    /// and recomputes the derived defaults of the inputs it left out.
    /// For tests and tools that explore nearby profiles.
    pub fn with_value(mut self, compiled: &Compiled, var: usize, value: i64) -> Profile {
        if let Some(v) = compiled.vars.get(var) {
            self.values[var] = value;
            self.given[var] = Some(v.decode(value));
            self.unknown.retain(|u| *u != var);
            self.derive(compiled);
        }
        self
    }

    /// Per variable: whether the profile gave it.
    pub fn given_mask(&self) -> Vec<bool> {
        self.given.iter().map(Option::is_some).collect()
    }

    /// Computes the derived defaults of the inputs the profile left out.
    fn derive(&mut self, compiled: &Compiled) {
        let given = &self.given;
        compiled.apply_derived_defaults(&mut self.values, |v| given[v].is_some());
    }
}

/// One thing wrong with a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProfileProblem {
    /// JSON pointer (RFC 6901) of the offending value; `""` is the whole profile.
    pub path: String,
    /// The value given (`null` when nothing could be read).
    pub given: Value,
    /// What is allowed there.
    pub expected: String,
    /// What is wrong, in words.
    pub message: String,
    /// How to fix it ("did you mean ...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// `source:line:col`, when the profile was read from text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// Why a profile was refused: every problem found.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, thiserror::Error,
)]
pub struct ProfileError {
    /// The problems, in the order of the profile's keys.
    pub problems: Vec<ProfileProblem>,
}

impl std::fmt::Display for ProfileError {
    /// One problem per line: `where: what (expected ...) help: ...`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            let mut line = String::new();
            if let Some(loc) = &p.location {
                let _ = write!(line, "{loc}: ");
            }
            if !p.path.is_empty() {
                let _ = write!(line, "{}: ", p.path);
            }
            let _ = write!(line, "{}; expected {}", p.message, p.expected);
            if let Some(help) = &p.help {
                let _ = write!(line, " (help: {help})");
            }
            f.write_str(&line)?;
        }
        Ok(())
    }
}

/// Parses YAML or JSON text (YAML 1.2 is a superset of JSON) and validates it.
/// Problems carry `source:line:col`.
pub(crate) fn from_text(
    kb: &Kb,
    compiled: &Compiled,
    text: &str,
    source: &str,
) -> Result<Profile, ProfileError> {
    match yaml::parse_with(text, &yaml::Limits::PROFILE) {
        Ok((value, map)) => from_value(kb, compiled, &value, Some((&map, source))),
        Err(e) => Err(ProfileError {
            problems: vec![ProfileProblem {
                path: String::new(),
                given: Value::Null,
                expected: "a YAML or JSON mapping of input ids to answers".into(),
                message: format!("syntax error: {}", e.message),
                help: Some("check the indentation and the quoting around this position".into()),
                location: Some(format!("{source}:{}:{}", e.pos.line, e.pos.col)),
            }],
        }),
    }
}

/// Validates and normalises a profile given as a JSON value.
pub(crate) fn from_value(
    kb: &Kb,
    compiled: &Compiled,
    value: &Value,
    map: Option<(&SourceMap, &str)>,
) -> Result<Profile, ProfileError> {
    let mut problems = Problems {
        list: Vec::new(),
        map,
        dropped: 0,
    };
    let mut profile = Profile::defaults(compiled);
    let Some(object) = value.as_object() else {
        problems.push(ProfileProblem {
            path: String::new(),
            given: value.clone(),
            expected: "a mapping of input ids to answers, e.g. {team_size: 10}".into(),
            message: format!("the profile is {}, not a mapping", kind_of(value)),
            help: None,
            location: None,
        });
        return Err(problems.finish());
    };
    if object.len() > MAX_PROFILE_KEYS {
        problems.push(ProfileProblem {
            path: String::new(),
            given: Value::Null,
            expected: format!(
                "a mapping of at most {MAX_PROFILE_KEYS} input ids to answers (this knowledge base has {} inputs)",
                kb.inputs.len()
            ),
            message: format!("the profile has {} keys", object.len()),
            help: Some("give only the inputs of the knowledge base (see `kompas schema profile`)".into()),
            location: None,
        });
        return Err(problems.finish());
    }
    for (key, given) in object {
        let path = format!("/{}", yaml::escape(key));
        let Some(&var) = compiled.var_index.get(key) else {
            problems.push_at_key(unknown_key(kb, key, given, &path));
            continue;
        };
        if given.as_str() == Some(UNKNOWN) {
            profile.unknown.push(var);
            continue;
        }
        let input = &kb.inputs[compiled.var_input[var]];
        match parse_answer(compiled, var, input, given, &path) {
            Ok(dense) => {
                profile.values[var] = dense;
                profile.given[var] = Some(given.clone());
            }
            Err(found) => found.into_iter().for_each(|p| problems.push(p)),
        }
    }
    if problems.list.is_empty() && problems.dropped == 0 {
        profile.unknown.sort_unstable();
        profile.unknown.dedup();
        profile.derive(compiled);
        Ok(profile)
    } else {
        Err(problems.finish())
    }
}

struct Problems<'a> {
    list: Vec<ProfileProblem>,
    map: Option<(&'a SourceMap, &'a str)>,
    dropped: usize,
}

impl Problems<'_> {
    /// A problem with a value: located at the value.
    fn push(&mut self, p: ProfileProblem) {
        self.add(p, false);
    }

    /// A problem with a key (an unknown input): located at the key.
    fn push_at_key(&mut self, p: ProfileProblem) {
        self.add(p, true);
    }

    fn add(&mut self, mut p: ProfileProblem, at_key: bool) {
        if self.list.len() >= MAX_PROBLEMS {
            self.dropped += 1;
            return;
        }
        // A problem names the value given; a huge one is cut, never echoed whole.
        p.given = clip_value(p.given);
        p.message = clip_text(p.message, MAX_MESSAGE);
        p.help = p.help.map(|h| clip_text(h, MAX_MESSAGE));
        if let (Some((map, source)), None) = (self.map, &p.location) {
            let pos = if at_key {
                map.key_pos(&p.path)
            } else {
                map.value_pos(&p.path)
            };
            if let Some(pos) = pos {
                p.location = Some(format!("{source}:{}:{}", pos.line, pos.col));
            }
        }
        p.path = clip_text(p.path, MAX_MESSAGE);
        self.list.push(p);
    }

    fn finish(mut self) -> ProfileError {
        // Problems from text read top to bottom; the JSON object itself is unordered.
        self.list
            .sort_by_key(|p| p.location.as_deref().map(position_key));
        if self.dropped > 0 {
            self.list.push(ProfileProblem {
                path: String::new(),
                given: Value::Null,
                expected: "a profile with fewer problems".into(),
                message: format!("and {} more problem(s) not listed", self.dropped),
                help: Some("fix the problems above first".into()),
                location: None,
            });
        }
        ProfileError {
            problems: self.list,
        }
    }
}

/// The longest message of a problem, in bytes; longer ones (which can only be
/// long because they quote what was given) are cut.
const MAX_MESSAGE: usize = 400;

/// The longest value echoed as `given`, as JSON text.
const MAX_GIVEN: usize = 200;

fn clip_text(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

/// `given` as it is, or, when its JSON text is long, the start of that text.
fn clip_value(given: Value) -> Value {
    match &given {
        Value::Null | Value::Bool(_) | Value::Number(_) => given,
        Value::String(s) if s.len() <= MAX_GIVEN => given,
        Value::String(s) => Value::String(yaml::clip(s)),
        Value::Array(_) | Value::Object(_) => {
            // Serialising is bounded: the profile itself is bounded in size.
            let text = given.to_string();
            if text.len() <= MAX_GIVEN {
                given
            } else {
                Value::String(clip_text(text, MAX_GIVEN))
            }
        }
    }
}

/// `(line, col)` of a `source:line:col` location, for sorting.
fn position_key(location: &str) -> (usize, usize) {
    let mut parts = location.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
    let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
    (line, col)
}

fn unknown_key(kb: &Kb, key: &str, given: &Value, path: &str) -> ProfileProblem {
    let expected = "an input id of this knowledge base (see `kompas schema profile`)".to_string();
    if let Some(d) = kb.derived_fact(key) {
        let from = d
            .same_as
            .as_deref()
            .map(|s| format!("; answer `{s}` instead"))
            .unwrap_or_default();
        return ProfileProblem {
            path: path.to_owned(),
            given: given.clone(),
            expected,
            message: format!(
                "`{key}` is a derived fact, computed from other answers, not a question{from}"
            ),
            help: Some(format!("remove `{key}`: {}", d.description.en())),
            location: None,
        };
    }
    let ids = kb.inputs.iter().map(|i| i.id.as_str());
    let help = suggest(key, ids)
        .or_else(|| {
            kb.inputs
                .iter()
                .find(|i| i.id.eq_ignore_ascii_case(key))
                .map(|i| i.id.clone())
        })
        .map(|s| format!("did you mean `{s}`?"));
    ProfileProblem {
        path: path.to_owned(),
        given: given.clone(),
        expected,
        message: format!(
            "`{key}` is not an input of the knowledge base `{}`",
            kb.meta.id
        ),
        help,
        location: None,
    }
}

/// What an input accepts, in words (besides `unknown`, which every input accepts).
pub(crate) fn expected_for(input: &Input) -> String {
    let values = || {
        input
            .values
            .iter()
            .map(|v| v.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match input.kind {
        InputType::Enum => format!("one of: {}", values()),
        InputType::Set => {
            let exclusive: Vec<&str> = input
                .values
                .iter()
                .filter(|v| v.exclusive)
                .map(|v| v.id.as_str())
                .collect();
            if exclusive.is_empty() {
                format!("a list of: {}", values())
            } else {
                format!(
                    "a list of: {} ([{}] alone means none of the others)",
                    values(),
                    exclusive.join("], [")
                )
            }
        }
        InputType::Integer => {
            let range = match (input.min, input.max) {
                (Some(lo), Some(hi)) => format!("a whole number from {lo} to {hi}"),
                (Some(lo), None) => format!("a whole number of at least {lo}"),
                (None, Some(hi)) => format!("a whole number of at most {hi}"),
                (None, None) => "a whole number".into(),
            };
            if input.aliases.is_empty() {
                range
            } else {
                let aliases: Vec<String> = input
                    .aliases
                    .iter()
                    .map(|a| format!("\"{}\"", a.alias))
                    .collect();
                format!("{range}, or one of {}", aliases.join(", "))
            }
        }
        InputType::Bool => "true or false".into(),
    }
}

/// What an answer accepts: the input's values, or `unknown`.
fn or_unknown(expected: String) -> String {
    format!("{expected}; or `{UNKNOWN}` if you do not know")
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "empty (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A "did you mean" for a value: an exact match ignoring case first, then a close one.
fn suggest_value<'a>(
    given: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<String> {
    candidates
        .clone()
        .find(|c| c.eq_ignore_ascii_case(given))
        .map(str::to_owned)
        .or_else(|| suggest(given, candidates))
        .map(|s| format!("did you mean `{s}`?"))
}

fn parse_answer(
    compiled: &Compiled,
    var: usize,
    input: &Input,
    given: &Value,
    path: &str,
) -> Result<i64, Vec<ProfileProblem>> {
    let problem = |message: String, help: Option<String>| ProfileProblem {
        path: path.to_owned(),
        given: given.clone(),
        expected: or_unknown(expected_for(input)),
        message,
        help,
        location: None,
    };
    if given.is_null() {
        return Err(vec![problem(
            format!("`{}` has no answer", input.id),
            Some(match input.default.from_fact() {
                Some(_) => format!(
                    "give an answer, `{UNKNOWN}` if you do not know, or leave `{}` out to have it follow your other answers",
                    input.id
                ),
                None => format!(
                    "give an answer, `{UNKNOWN}` if you do not know, or leave `{}` out to use the default ({})",
                    input.id, input.default
                ),
            }),
        )]);
    }
    if let Some(s) = given
        .as_str()
        .filter(|s| s.trim().eq_ignore_ascii_case(UNKNOWN))
    {
        return Err(vec![problem(
            format!("`{s}` is not an answer to `{}`", input.id),
            Some(format!(
                "write `{UNKNOWN}` in lower case, without spaces, to say you do not know"
            )),
        )]);
    }
    let values = || input.values.iter().map(|v| v.id.as_str());
    match input.kind {
        InputType::Enum => match given {
            Value::String(s) => match input.values.iter().position(|v| &v.id == s) {
                Some(i) => Ok(i as i64),
                None => Err(vec![problem(
                    format!("`{s}` is not an answer to `{}`", input.id),
                    suggest_value(s, values()),
                )]),
            },
            other => Err(vec![problem(
                format!("`{}` takes one value, given {}", input.id, kind_of(other)),
                match other {
                    Value::Array(items) if items.len() == 1 && items[0].is_string() => {
                        Some(format!("write it without brackets: {}", items[0]))
                    }
                    _ => None,
                },
            )]),
        },
        InputType::Set => {
            let Value::Array(items) = given else {
                let help = match given {
                    Value::String(s) => Some(format!("write it as a list: [{s}]")),
                    _ => None,
                };
                return Err(vec![problem(
                    format!("`{}` takes a list, given {}", input.id, kind_of(given)),
                    help,
                )]);
            };
            let mut problems = Vec::new();
            let mut mask = 0i64;
            let mut exclusive: Option<(usize, &str)> = None;
            let mut others = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}/{i}");
                let item_problem = |message: String, help: Option<String>| ProfileProblem {
                    path: item_path.clone(),
                    given: item.clone(),
                    expected: expected_for(input),
                    message,
                    help,
                    location: None,
                };
                let Some(s) = item.as_str() else {
                    problems.push(item_problem(
                        format!("list items are values, given {}", kind_of(item)),
                        None,
                    ));
                    continue;
                };
                match input.values.iter().position(|v| v.id == s) {
                    Some(bit) if input.values[bit].exclusive => exclusive = Some((i, s)),
                    // A set holds at most 63 values; Var::from_input refuses more.
                    Some(bit) if bit < 63 => {
                        mask |= 1 << bit;
                        others.push(s);
                    }
                    Some(_) => {}
                    None => problems.push(item_problem(
                        format!("`{s}` is not an answer to `{}`", input.id),
                        suggest_value(s, values()),
                    )),
                }
            }
            if let (Some((i, s)), false) = (exclusive, others.is_empty()) {
                problems.push(ProfileProblem {
                    path: format!("{path}/{i}"),
                    given: Value::String(s.to_owned()),
                    expected: expected_for(input),
                    message: format!(
                        "`{s}` means none of the others, but the list also holds {}",
                        others.join(", ")
                    ),
                    help: Some(format!("remove `{s}`, or remove {}", others.join(", "))),
                    location: None,
                });
            }
            if problems.is_empty() {
                Ok(mask)
            } else {
                Err(problems)
            }
        }
        InputType::Integer => {
            let (min, max) = match compiled.vars[var].domain {
                kompas_logic::Domain::Int { min, max } => (min, max),
                _ => (i64::MIN, i64::MAX),
            };
            let too_large = |shown: &str| {
                let negative = shown.starts_with('-');
                problem(
                    format!(
                        "{shown} is too {}",
                        if negative { "small" } else { "large" }
                    ),
                    None,
                )
            };
            let number = match given {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => i,
                    None if n.is_u64() => return Err(vec![too_large(&n.to_string())]),
                    None => match n.as_f64() {
                        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
                        Some(f) if f.is_finite() && f.fract() == 0.0 => {
                            return Err(vec![too_large(&n.to_string())]);
                        }
                        _ => {
                            return Err(vec![problem(format!("{n} is not a whole number"), None)]);
                        }
                    },
                },
                Value::String(s) if is_digits(s) && s.trim().parse::<i64>().is_err() => {
                    return Err(vec![too_large(&yaml::clip(s.trim()))]);
                }
                Value::String(s) => match input.aliases.iter().find(|a| &a.alias == s) {
                    Some(a) => a.value,
                    None => {
                        let help = if s.trim().parse::<i64>().is_ok() {
                            Some(format!("write the number without quotes: {}", s.trim()))
                        } else {
                            suggest_value(s, input.aliases.iter().map(|a| a.alias.as_str()))
                        };
                        return Err(vec![problem(
                            format!(
                                "`{s}` is not a number{}",
                                if input.aliases.is_empty() {
                                    ""
                                } else {
                                    " or a known range"
                                }
                            ),
                            help,
                        )]);
                    }
                },
                other => {
                    return Err(vec![problem(
                        format!("`{}` takes a number, given {}", input.id, kind_of(other)),
                        None,
                    )]);
                }
            };
            if number < min || number > max {
                return Err(vec![problem(
                    format!("{number} is outside {min}..{max}"),
                    None,
                )]);
            }
            Ok(number)
        }
        InputType::Bool => match given {
            Value::Bool(b) => Ok(*b as i64),
            Value::String(s) => {
                let lower = s.to_ascii_lowercase();
                let meant = match lower.as_str() {
                    "true" | "yes" | "y" | "on" | "ja" | "1" => Some("true"),
                    "false" | "no" | "n" | "off" | "nee" | "0" => Some("false"),
                    _ => None,
                };
                Err(vec![problem(
                    format!(
                        "`{}` takes true or false, given the string \"{s}\"",
                        input.id
                    ),
                    meant.map(|m| format!("write {m} without quotes")),
                )])
            }
            Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => {
                Err(vec![problem(
                    format!("`{}` takes true or false, given the number {n}", input.id),
                    Some(format!(
                        "write {}",
                        if n.as_i64() == Some(1) {
                            "true"
                        } else {
                            "false"
                        }
                    )),
                )])
            }
            other => Err(vec![problem(
                format!(
                    "`{}` takes true or false, given {}",
                    input.id,
                    kind_of(other)
                ),
                None,
            )]),
        },
    }
}

/// Whether `s` is a whole number in digits (any size), with an optional sign.
fn is_digits(s: &str) -> bool {
    let t = s.trim();
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_clipped() {
        let long = "x".repeat(10_000);
        let clipped = clip_value(Value::String(long.clone()));
        assert!(clipped.as_str().unwrap().len() < 120, "{clipped}");
        let list = Value::Array(vec![Value::String("y".repeat(50)); 100]);
        let clipped = clip_value(list);
        assert!(
            clipped.as_str().unwrap().contains("bytes in all"),
            "{clipped}"
        );
        assert_eq!(clip_value(Value::from(7)), Value::from(7));
        assert!(clip_text(format!("`{long}` is not an answer"), MAX_MESSAGE).len() < 450);
        assert!(is_digits("-9223372036854775809") && !is_digits("5-10") && !is_digits(""));
    }

    #[test]
    fn position_keys_sort_by_line_then_column() {
        assert_eq!(position_key("p.yaml:3:14"), (3, 14));
        assert_eq!(position_key("C:/dir/p.yaml:10:2"), (10, 2));
        assert_eq!(position_key("nonsense"), (0, 0));
    }

    #[test]
    fn display_lists_one_problem_per_line() {
        let e = ProfileError {
            problems: vec![
                ProfileProblem {
                    path: "/a".into(),
                    given: Value::Null,
                    expected: "true or false".into(),
                    message: "`a` has no answer".into(),
                    help: Some("leave it out".into()),
                    location: Some("p.yaml:1:4".into()),
                },
                ProfileProblem {
                    path: String::new(),
                    given: Value::Null,
                    expected: "a mapping".into(),
                    message: "not a mapping".into(),
                    help: None,
                    location: None,
                },
            ],
        };
        assert_eq!(
            e.to_string(),
            "p.yaml:1:4: /a: `a` has no answer; expected true or false (help: leave it out)\nnot a mapping; expected a mapping"
        );
    }
}
