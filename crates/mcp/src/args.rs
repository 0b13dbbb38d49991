//! Reading a tool's arguments: every problem is collected, each naming the
//! JSON pointer, the value given and what is expected, so an agent fixes its
//! call in one round. Nothing here panics on any JSON.

use kompas_engine::{Engine, Lang, Profile, ProfileError};
use serde::Serialize;
use serde_json::{Map, Value};

/// One thing wrong with a tool call's arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArgProblem {
    /// JSON pointer into the arguments, e.g. `/profile/team_size`.
    pub path: String,
    /// The value given (`null` when it is missing).
    pub given: Value,
    /// What is expected there.
    pub expected: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// The longest value echoed back in a problem, as JSON text.
const MAX_ECHO: usize = 200;

fn echo(value: &Value) -> Value {
    let text = value.to_string();
    if text.len() <= MAX_ECHO {
        return value.clone();
    }
    let mut end = MAX_ECHO;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Value::String(format!("{}… ({} bytes in all)", &text[..end], text.len()))
}

/// The arguments of one call, read field by field.
pub struct Args {
    map: Map<String, Value>,
    problems: Vec<ArgProblem>,
}

impl Args {
    /// The arguments of a call to a tool that takes the fields `known`.
    pub fn new(arguments: Option<Map<String, Value>>, known: &[&str]) -> Args {
        let map = arguments.unwrap_or_default();
        let mut args = Args {
            map,
            problems: Vec::new(),
        };
        let unknown: Vec<(String, Value)> = args
            .map
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in unknown {
            let expected = if known.is_empty() {
                "no arguments".to_owned()
            } else {
                format!("only {}", list(known))
            };
            args.problem(ArgProblem {
                path: format!("/{}", pointer_token(&key)),
                given: echo(&value),
                expected,
                message: format!("unknown argument `{}`", clip(&key)),
                help: kompas_kb::diag::suggest(&key, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?")),
            });
        }
        args
    }

    fn problem(&mut self, p: ArgProblem) {
        self.problems.push(p);
    }

    fn missing(&mut self, key: &str, expected: &str) {
        self.problem(ArgProblem {
            path: format!("/{key}"),
            given: Value::Null,
            expected: expected.to_owned(),
            message: format!("`{key}` is missing"),
            help: None,
        });
    }

    fn wrong(&mut self, key: &str, value: &Value, expected: &str, message: String) {
        self.problem(ArgProblem {
            path: format!("/{key}"),
            given: echo(value),
            expected: expected.to_owned(),
            message,
            help: None,
        });
    }

    /// A required string.
    pub fn string(&mut self, key: &str, expected: &str) -> Option<String> {
        match self.map.get(key).cloned() {
            None | Some(Value::Null) => {
                self.missing(key, expected);
                None
            }
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                let message = format!("`{key}` must be a string, given {}", kind_of(&other));
                self.wrong(key, &other, expected, message);
                None
            }
        }
    }

    /// An optional string.
    pub fn opt_string(&mut self, key: &str, expected: &str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(_) => self.string(key, expected),
        }
    }

    /// A string that must be one of `choices`; `default` when left out.
    pub fn choice(&mut self, key: &str, choices: &[&str], default: &str) -> String {
        let expected = format!("one of {}", list(choices));
        match self.map.get(key).cloned() {
            None | Some(Value::Null) => default.to_owned(),
            Some(Value::String(s)) if choices.contains(&s.as_str()) => s,
            Some(other) => {
                let message = match &other {
                    Value::String(s) => format!("`{}` is not a known {key}", clip(s)),
                    _ => format!("`{key}` must be a string, given {}", kind_of(&other)),
                };
                let help = other
                    .as_str()
                    .and_then(|s| kompas_kb::diag::suggest(s, choices.iter().copied()))
                    .map(|s| format!("did you mean `{s}`?"));
                self.problem(ArgProblem {
                    path: format!("/{key}"),
                    given: echo(&other),
                    expected,
                    message,
                    help,
                });
                default.to_owned()
            }
        }
    }

    /// The language of the KB texts (`lang`, default English).
    pub fn lang(&mut self) -> Lang {
        let code = self.choice("lang", &["en", "nl"], "en");
        Lang::from_code(&code).unwrap_or(Lang::En)
    }

    /// The profile (`profile`: an object of answers), validated by the
    /// engine; its problems are named under `/profile`.
    pub fn profile(&mut self, engine: &Engine) -> Option<Profile> {
        let expected =
            "an object of answers keyed by input id, e.g. {\"team_size\": 10} (see `list_inputs`)";
        let value = match self.map.get("profile").cloned() {
            None | Some(Value::Null) => {
                self.missing("profile", expected);
                return None;
            }
            Some(v @ Value::Object(_)) => v,
            Some(other) => {
                let message = format!("`profile` must be an object, given {}", kind_of(&other));
                self.wrong("profile", &other, expected, message);
                return None;
            }
        };
        match engine.profile_from_value(&value) {
            Ok(profile) => Some(profile),
            Err(error) => {
                self.profile_problems(error);
                None
            }
        }
    }

    fn profile_problems(&mut self, error: ProfileError) {
        for p in error.problems {
            self.problem(ArgProblem {
                path: format!("/profile{}", p.path),
                given: p.given,
                expected: p.expected,
                message: p.message,
                help: p.help,
            });
        }
    }

    /// A record id (`r` and 10 characters), required.
    pub fn record_id(&mut self, key: &str) -> Option<String> {
        let expected = "a record id such as `r7k2m9qf3xa` (`record_save` returns one)";
        let id = self.string(key, expected)?;
        if kompas_record::id::is_valid(&id) {
            Some(id)
        } else {
            let message = format!("`{}` is not a record id", clip(&id));
            self.wrong(key, &Value::String(id), expected, message);
            None
        }
    }

    /// An optional record id.
    pub fn opt_record_id(&mut self, key: &str) -> Option<String> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(_) => self.record_id(key),
        }
    }

    /// Adds a problem found by the tool itself (e.g. an unknown decision).
    pub fn add(&mut self, problem: ArgProblem) {
        self.problem(problem);
    }

    /// Every problem found, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), Vec<ArgProblem>> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self.problems)
        }
    }
}

/// The problems as text: one line each, `path: message (given ...; expected ...)`.
pub fn describe(tool: &str, problems: &[ArgProblem]) -> String {
    let mut out = format!(
        "`{tool}` was called with {}:",
        if problems.len() == 1 {
            "1 problem".to_owned()
        } else {
            format!("{} problems", problems.len())
        }
    );
    for p in problems {
        let place = if p.path.is_empty() { "/" } else { &p.path };
        out.push_str(&format!("\n- {place}: {}", p.message));
        if !p.given.is_null() {
            out.push_str(&format!("; given {}", p.given));
        }
        out.push_str(&format!("; expected {}", p.expected));
        if let Some(help) = &p.help {
            out.push_str(&format!(" ({help})"));
        }
    }
    out
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn clip(text: &str) -> String {
    kompas_kb::yaml::clip(text)
}

fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Value) -> Option<Map<String, Value>> {
        v.as_object().cloned()
    }

    #[test]
    fn unknown_and_wrong_arguments_are_named_with_path_value_and_expectation() {
        let mut a = Args::new(args(json!({"lnag": "nl", "title": 7})), &["lang", "title"]);
        let title = a.string("title", "a short title");
        assert!(title.is_none());
        let problems = a.finish().unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].path, "/lnag");
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `lang`?"));
        assert_eq!(problems[1].path, "/title");
        assert_eq!(problems[1].given, json!(7));
        let text = describe("record_save", &problems);
        assert!(text.contains("- /title: `title` must be a string, given a number; given 7; expected a short title"), "{text}");
    }

    #[test]
    fn choices_default_and_suggest() {
        let mut a = Args::new(args(json!({"lang": "NL"})), &["lang"]);
        assert_eq!(a.lang(), Lang::En);
        let problems = a.finish().unwrap_err();
        assert_eq!(problems[0].expected, "one of `en`, `nl`");
        let mut a = Args::new(None, &["lang"]);
        assert_eq!(a.lang(), Lang::En);
        assert!(a.finish().is_ok());
    }

    #[test]
    fn huge_values_are_not_echoed_whole() {
        let big = "x".repeat(10_000);
        let mut a = Args::new(args(json!({"title": [big]})), &["title"]);
        a.string("title", "text");
        let p = a.finish().unwrap_err();
        assert!(p[0].given.as_str().unwrap().contains("bytes in all"));
    }

    #[test]
    fn record_ids_are_checked() {
        let mut a = Args::new(args(json!({"a": "nope", "b": "r7k2m9qf3xa"})), &["a", "b"]);
        assert!(a.record_id("a").is_none());
        assert_eq!(a.record_id("b").as_deref(), Some("r7k2m9qf3xa"));
        assert_eq!(a.finish().unwrap_err()[0].path, "/a");
    }
}
