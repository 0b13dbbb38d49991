//! `kompas inputs`: the questions of a KB, for people and for machines,
//! without reading its JSON Schema: per input its id, the question, the
//! answers it accepts, its default (a fixed value, or one that follows from
//! other answers) and what it can move (the exact influence analysis of
//! `kompas kb influence`).

use std::fmt::Write as _;

use kompas_check::influence::{Influence, OutcomeKind, Via};
use kompas_engine::{Engine, Lang, LocalText, Question};
use serde_json::{json, Value};

use crate::style::Style;
use crate::wrap::{wrap, WIDTH};

fn local(t: &LocalText, lang: Lang) -> &str {
    match (lang, &t.nl) {
        (Lang::Nl, Some(nl)) => nl,
        _ => &t.en,
    }
}

/// The title of a decision or capability in a language.
fn title(engine: &Engine, id: &str, lang: Lang) -> String {
    let kb = engine.kb();
    kb.decision(id)
        .map(|d| d.title.get(lang.code()).to_owned())
        .or_else(|| {
            kb.capability(id)
                .map(|c| c.title.get(lang.code()).to_owned())
        })
        .unwrap_or_else(|| id.to_owned())
}

/// The outcomes an input can move, with how.
fn moves<'i>(influence: &'i Influence, input: &str) -> Vec<(OutcomeKind, &'i str, &'i Via)> {
    influence
        .outcomes
        .iter()
        .filter_map(|o| {
            o.moved_by
                .iter()
                .find(|(i, _)| i == input)
                .map(|(_, via)| (o.kind, o.id.as_str(), via))
        })
        .collect()
}

/// The answers an input accepts, in words.
fn accepts(q: &Question, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let values: Vec<String> = q
        .values
        .iter()
        .map(|v| {
            let label = local(&v.label, lang);
            if label == v.id {
                v.id.clone()
            } else {
                format!("{} ({label})", v.id)
            }
        })
        .collect();
    let unknown = if nl {
        "; of unknown als je het niet weet"
    } else {
        "; or unknown if you do not know"
    };
    let base = match q.kind {
        kompas_kb::InputType::Bool => {
            (if nl { "true of false" } else { "true or false" }).to_owned()
        }
        kompas_kb::InputType::Enum => {
            let order = match (q.ordered, nl) {
                (true, false) => ", in this order",
                (true, true) => ", in deze volgorde",
                _ => "",
            };
            format!(
                "{}{}{order}",
                if nl { "één van: " } else { "one of: " },
                values.join(", ")
            )
        }
        kompas_kb::InputType::Set => {
            format!(
                "{}{}",
                if nl { "een lijst van: " } else { "a list of: " },
                values.join(", ")
            )
        }
        kompas_kb::InputType::Integer => {
            let unit = q
                .unit
                .as_ref()
                .map(|u| format!(" {}", local(u, lang)))
                .unwrap_or_default();
            let range = match (q.min, q.max, nl) {
                (Some(lo), Some(hi), false) => format!("a whole number from {lo} to {hi}{unit}"),
                (Some(lo), Some(hi), true) => {
                    format!("een geheel getal van {lo} tot en met {hi}{unit}")
                }
                (Some(lo), None, false) => format!("a whole number of at least {lo}{unit}"),
                (Some(lo), None, true) => format!("een geheel getal van minstens {lo}{unit}"),
                (None, Some(hi), false) => format!("a whole number of at most {hi}{unit}"),
                (None, Some(hi), true) => format!("een geheel getal van hoogstens {hi}{unit}"),
                (None, None, false) => format!("a whole number{unit}"),
                (None, None, true) => format!("een geheel getal{unit}"),
            };
            if q.aliases.is_empty() {
                range
            } else {
                let aliases: Vec<String> = q
                    .aliases
                    .iter()
                    .map(|a| format!("\"{}\"", a.alias))
                    .collect();
                format!(
                    "{range}{}{}",
                    if nl { ", of " } else { ", or " },
                    aliases.join(", ")
                )
            }
        }
    };
    format!("{base}{unknown}")
}

/// The default in words: a value, or what it follows from.
fn default_text(engine: &Engine, q: &Question, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match &q.default_from {
        Some(from) => {
            let fact = engine
                .kb()
                .derived_fact(&from.fact)
                .map(|f| f.description.get(lang.code()).trim().to_owned())
                .unwrap_or_else(|| from.fact.clone());
            if nl {
                format!(
                    "volgt uit je andere antwoorden ({}): {fact}",
                    from.inputs.join(", ")
                )
            } else {
                format!(
                    "follows from your other answers ({}): {fact}",
                    from.inputs.join(", ")
                )
            }
        }
        None => show(&q.default),
    }
}

/// A value as a profile writes it: `none`, `10`, `[GDPR]`, `false`.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

/// Every question of the KB, in questionnaire order.
fn questions(engine: &Engine) -> Vec<(String, Question)> {
    engine
        .questionnaire()
        .groups
        .into_iter()
        .flat_map(|g| {
            let id = g.id.clone();
            g.inputs.into_iter().map(move |q| (id.clone(), q))
        })
        .collect()
}

fn kind_key(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Decision => "decisions",
        OutcomeKind::Verdict => "verdicts",
        OutcomeKind::ToolPick => "tool_picks",
    }
}

/// The inputs as JSON: `{kb, lang, unknown, inputs: [...]}`.
pub fn inputs_json(engine: &Engine, influence: &Influence, lang: Lang) -> Value {
    let inputs: Vec<Value> = questions(engine)
        .into_iter()
        .map(|(group, q)| {
            let mut influences = json!({"decisions": [], "verdicts": [], "tool_picks": []});
            let moved = moves(influence, &q.id);
            for (kind, id, via) in &moved {
                let through = match via {
                    Via::Direct => Value::Null,
                    Via::Default(input) => json!(input),
                };
                if let Some(list) = influences[kind_key(*kind)].as_array_mut() {
                    list.push(json!({"id": id, "title": title(engine, id, lang), "through_default_of": through}));
                }
            }
            json!({
                "id": q.id,
                "group": group,
                "type": q.kind,
                "question": local(&q.question, lang),
                "help": q.help.as_ref().map(|h| local(h, lang)),
                "accepts": accepts(&q, lang),
                "values": q.values.iter().map(|v| json!({"id": v.id, "label": local(&v.label, lang)})).collect::<Vec<_>>(),
                "ordered": q.ordered,
                "min": q.min,
                "max": q.max,
                "aliases": q.aliases.iter().map(|a| json!({"alias": a.alias, "value": a.value})).collect::<Vec<_>>(),
                "default": q.default,
                "default_from": q.default_from.as_ref().map(|f| json!({"fact": f.fact, "inputs": f.inputs})),
                "default_text": default_text(engine, &q, lang),
                "answers_question": q.answers_question,
                "influences": influences,
                "moves_nothing": moved.is_empty(),
            })
        })
        .collect();
    json!({
        "kb": {"id": engine.kb().meta.id, "version": engine.kb().meta.version},
        "lang": lang,
        "unknown": kompas_engine::UNKNOWN,
        "partial": influence.partial(),
        "inputs": inputs,
    })
}

/// The inputs for a terminal.
pub fn inputs_text(engine: &Engine, influence: &Influence, lang: Lang, color: bool) -> String {
    let st = Style { on: color };
    let nl = lang == Lang::Nl;
    let mut o = String::with_capacity(16 * 1024);
    let intro = if nl {
        "De vragen van de kennisbank. Elk antwoord mag `unknown` zijn: kompas laat dan zien wat het zou veranderen. Een weggelaten antwoord krijgt zijn standaardwaarde (een aanname die het advies noemt)."
    } else {
        "The questions of the knowledge base. Any answer may be `unknown`: kompas then shows what it could change. An answer left out takes its default (an assumption the assessment names)."
    };
    let _ = writeln!(o, "{}\n", wrap(intro, WIDTH, "", ""));
    for (_, q) in questions(engine) {
        let _ = writeln!(o, "{}", st.bold(&q.id));
        let _ = writeln!(o, "{}", wrap(local(&q.question, lang), WIDTH, "  ", "  "));
        let label = |en: &str, nl_: &str| if nl { nl_.to_owned() } else { en.to_owned() };
        let accepts_line = format!("{}: {}", label("answer", "antwoord"), accepts(&q, lang));
        let _ = writeln!(o, "{}", wrap(&accepts_line, WIDTH, "  ", "    "));
        let default_line = format!(
            "{}: {}",
            label("default", "standaard"),
            default_text(engine, &q, lang)
        );
        let _ = writeln!(o, "{}", wrap(&default_line, WIDTH, "  ", "    "));
        if let Some(question) = &q.answers_question {
            let line = format!(
                "{}: {}",
                label("answers open question", "beantwoordt open vraag"),
                question.to_uppercase()
            );
            let _ = writeln!(o, "  {line}");
        }
        let moved = moves(influence, &q.id);
        let items: Vec<String> = moved
            .iter()
            .map(|(kind, id, via)| {
                let what = match (kind, nl) {
                    (OutcomeKind::Decision, _) => title(engine, id, lang),
                    (OutcomeKind::Verdict, false) => {
                        format!("{} (verdict)", title(engine, id, lang))
                    }
                    (OutcomeKind::Verdict, true) => {
                        format!("{} (oordeel)", title(engine, id, lang))
                    }
                    (OutcomeKind::ToolPick, false) => format!("{} (tool)", title(engine, id, lang)),
                    (OutcomeKind::ToolPick, true) => format!("{} (tool)", title(engine, id, lang)),
                };
                match (via, nl) {
                    (Via::Direct, _) => what,
                    (Via::Default(input), false) => format!("{what} through {input}"),
                    (Via::Default(input), true) => format!("{what} via {input}"),
                }
            })
            .collect();
        let moves_line = if items.is_empty() {
            label("moves: nothing", "verandert: niets")
        } else {
            format!("{}: {}", label("moves", "verandert"), items.join(", "))
        };
        let _ = writeln!(o, "{}\n", wrap(&moves_line, WIDTH, "  ", "    "));
    }
    if influence.partial() {
        let _ = writeln!(
            o,
            "{}",
            wrap(
                if nl {
                    "Let op: de invloedsanalyse is voor sommige uitkomsten niet volledig (te veel combinaties)."
                } else {
                    "Note: the influence analysis is partial for some outcomes (too many combinations)."
                },
                WIDTH,
                "",
                ""
            )
        );
    }
    o
}
