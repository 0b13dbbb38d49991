//! Running a tool: read the arguments, call the engine, the checker or the
//! record store as the CLI does, and answer with a concise text and the
//! structured result. A call the tool cannot carry out (bad arguments, an
//! unknown record, a role too small) is a tool error that says why, never a
//! protocol error and never a crash.

use std::fmt::Write as _;

use kompas_engine::{AssessOptions, Engine, Lang};
use kompas_record::diff::{self, RecordDiff, Side};
use kompas_record::drift::{self, DriftReview};
use kompas_record::{ops, time, Status};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use serde::Serialize;
use serde_json::{json, Value};

use crate::args::{describe, ArgProblem, Args};
use crate::host::{Caller, Host};
use crate::tools::{arguments_of, name};

/// A tool's answer: text for people and models, and the structured result.
fn answer(text: String, structured: Value) -> CallToolResult {
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

/// A tool error: what went wrong, in words, and as data.
pub fn failure(text: String, structured: Value) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result
}

fn bad_arguments(tool: &str, problems: Vec<ArgProblem>) -> CallToolResult {
    let text = describe(tool, &problems);
    failure(
        text,
        json!({"error": "invalid_arguments", "problems": problems}),
    )
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Runs the tool `tool` for `caller`.
pub async fn call(
    host: &dyn Host,
    caller: &Caller,
    tool: &str,
    arguments: Option<JsonObject>,
) -> CallToolResult {
    let known = arguments_of(tool);
    let args = Args::new(arguments, known);
    match tool {
        name::ASSESS => assess(host, args),
        name::EXPLAIN => explain(host, args),
        name::NEXT_QUESTIONS => next_questions(host, args),
        name::LIST_DECISIONS => list_decisions(host, args),
        name::LIST_INPUTS => list_inputs(host, args),
        name::CHECK_KB => check_kb(host, args).await,
        name::RECORD_SAVE => record_save(host, caller, args).await,
        name::RECORD_DIFF => record_diff(host, args).await,
        name::RECORD_DRIFT => record_drift(host, args).await,
        other => failure(
            format!("there is no tool `{}`", kompas_kb::yaml::clip(other)),
            json!({"error": "unknown_tool"}),
        ),
    }
}

fn assess(host: &dyn Host, mut args: Args) -> CallToolResult {
    let engine = host.engine();
    let lang = args.lang();
    let view = args.choice("view", &["summary", "full", "expanded"], "summary");
    let view = kompas_engine::View::from_name(&view).unwrap_or(kompas_engine::View::Summary);
    let profile = args.profile(&engine);
    if let Err(problems) = args.finish() {
        return bad_arguments(name::ASSESS, problems);
    }
    let Some(profile) = profile else {
        return bad_arguments(name::ASSESS, Vec::new());
    };
    let flips = view != kompas_engine::View::Summary;
    let assessment = engine.assess_with(&profile, AssessOptions { lang, flips });
    let mut text = kompas_render::text(&assessment, false);
    text.push_str(match lang {
        Lang::Nl => {
            "\n`explain` legt één beslissing volledig uit; view `full` geeft de hele beoordeling.\n"
        }
        _ => "\n`explain` gives one decision in full; view `full` gives the whole assessment.\n",
    });
    let structured = to_value(&kompas_engine::views::Viewed::of(&assessment, view));
    answer(text, structured)
}

fn explain(host: &dyn Host, mut args: Args) -> CallToolResult {
    let engine = host.engine();
    let lang = args.lang();
    let profile = args.profile(&engine);
    let decision = args.string("decision", "a decision id (see `list_decisions`)");
    if let Some(d) = &decision {
        if engine.kb().decision(d).is_none() {
            args.add(unknown_decision(&engine, d));
        }
    }
    if let Err(problems) = args.finish() {
        return bad_arguments(name::EXPLAIN, problems);
    }
    let (Some(profile), Some(decision)) = (profile, decision) else {
        return bad_arguments(name::EXPLAIN, Vec::new());
    };
    match engine.explain_in(&profile, &decision, lang) {
        Ok(explanation) => answer(
            kompas_render::explain_text(&explanation, false),
            to_value(&explanation),
        ),
        Err(e) => failure(e.to_string(), json!({"error": "unknown_decision"})),
    }
}

fn next_questions(host: &dyn Host, mut args: Args) -> CallToolResult {
    let engine = host.engine();
    let lang = args.lang();
    let profile = args.profile(&engine);
    if let Err(problems) = args.finish() {
        return bad_arguments(name::NEXT_QUESTIONS, problems);
    }
    let Some(profile) = profile else {
        return bad_arguments(name::NEXT_QUESTIONS, Vec::new());
    };
    let assessment = engine.assess_with(&profile, AssessOptions { lang, flips: false });
    let text = next_questions_text(&assessment);
    let s = &assessment.summary;
    answer(
        text,
        json!({
            "next_questions": to_value(&assessment.next_questions),
            "open": s.open, "unknown": s.unknown, "assumed": s.assumed,
            "provisional": s.provisional,
        }),
    )
}

/// The next questions in words, one a line, the most useful first.
fn next_questions_text(a: &kompas_engine::Assessment<'_>) -> String {
    let nl = a.lang == Lang::Nl;
    let mut text = String::new();
    if a.next_questions.is_empty() {
        text.push_str(if nl {
            "Niets staat open en geen aangenomen antwoord beslist iets: er is geen vraag om eerst te beantwoorden.\n"
        } else {
            "Nothing is open and no assumed answer decides anything: there is no question to answer next.\n"
        });
        return text;
    }
    let open = a.summary.open.len();
    let _ = writeln!(
        text,
        "{}",
        match (nl, open) {
            (true, 0) => "Niets staat open. Vragen om te bevestigen, de nuttigste eerst:".to_owned(),
            (true, 1) => "1 beslissing of capability staat open. Vragen om eerst te beantwoorden, de nuttigste eerst:".to_owned(),
            (true, n) => format!("{n} beslissingen of capabilities staan open. Vragen om eerst te beantwoorden, de nuttigste eerst:"),
            (false, 0) => "Nothing is open. Questions to confirm, the most useful first:".to_owned(),
            (false, 1) => "1 decision or capability is open. Questions to answer next, the most useful first:".to_owned(),
            (false, n) => format!("{n} decisions or capabilities are open. Questions to answer next, the most useful first:"),
        }
    );
    for (i, q) in a.next_questions.iter().enumerate() {
        let state = match (nl, q.state) {
            (true, kompas_engine::QuestionState::Unknown) => "onbekend",
            (true, kompas_engine::QuestionState::Assumed) => "weggelaten, aangenomen",
            (false, kompas_engine::QuestionState::Unknown) => "unknown",
            (false, kompas_engine::QuestionState::Assumed) => "left out, assumed",
        };
        // `why` names what it settles or narrows down, and the assumed value.
        let _ = writeln!(
            text,
            "{}. {} (`{}`, {state}) {}",
            i + 1,
            q.question,
            q.input,
            q.why
        );
    }
    text
}

fn unknown_decision(engine: &Engine, given: &str) -> ArgProblem {
    let kb = engine.kb();
    let known: Vec<&str> = kb.decisions.iter().map(|d| d.id.as_str()).collect();
    let message = if kb.capability(given).is_some() {
        format!(
            "`{given}` is a Layer 2 capability, not a Layer 1 decision; its verdict is in `assess`"
        )
    } else {
        format!(
            "`{}` is not a decision of this knowledge base",
            kompas_kb::yaml::clip(given)
        )
    };
    ArgProblem {
        path: "/decision".into(),
        given: Value::from(kompas_kb::yaml::clip(given)),
        expected: format!("one of: {}", known.join(", ")),
        message,
        help: kompas_kb::diag::suggest(given, known.iter().copied())
            .map(|s| format!("did you mean `{s}`?")),
    }
}

fn list_decisions(host: &dyn Host, mut args: Args) -> CallToolResult {
    let lang = args.lang();
    if let Err(problems) = args.finish() {
        return bad_arguments(name::LIST_DECISIONS, problems);
    }
    let engine = host.engine();
    let kb = engine.kb();
    let code = lang.code();
    let mut text = String::new();
    let mut decisions = Vec::new();
    for (d, cd) in kb.decisions.iter().zip(&engine.compiled().decisions) {
        let options: Vec<Value> = d
            .options
            .iter()
            .map(|o| json!({"id": o.id, "title": o.title.get(code)}))
            .collect();
        let reads: Vec<&str> = cd
            .vars
            .iter()
            .filter_map(|&v| engine.compiled().vars.get(v).map(|x| x.id.as_str()))
            .collect();
        let _ = writeln!(
            text,
            "{} ({}): {} Options: {}.",
            d.id,
            d.title.get(code),
            d.question.get(code),
            d.options
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        decisions.push(json!({
            "id": d.id, "title": d.title.get(code), "question": d.question.get(code),
            "options": options, "reads": reads,
            "resource": format!("kompas://kb/decisions/{}", d.id),
        }));
    }
    let mut capabilities = Vec::new();
    let _ = writeln!(text, "\nLayer 2:");
    for c in &kb.capabilities {
        let _ = writeln!(
            text,
            "{} ({}): {}",
            c.id,
            c.title.get(code),
            c.question.get(code)
        );
        capabilities.push(json!({
            "id": c.id, "title": c.title.get(code), "question": c.question.get(code),
            "resource": format!("kompas://kb/capabilities/{}", c.id),
        }));
    }
    answer(
        text,
        json!({"kb": {"id": kb.meta.id, "version": kb.meta.version, "title": kb.meta.title.get(code)},
               "decisions": decisions, "capabilities": capabilities}),
    )
}

fn list_inputs(host: &dyn Host, mut args: Args) -> CallToolResult {
    let lang = args.lang();
    if let Err(problems) = args.finish() {
        return bad_arguments(name::LIST_INPUTS, problems);
    }
    let engine = host.engine();
    let questionnaire = engine.questionnaire();
    let mut text = String::new();
    let mut inputs = Vec::new();
    for group in &questionnaire.groups {
        for q in &group.inputs {
            let question = match (lang, &q.question.nl) {
                (Lang::Nl, Some(nl)) => nl.as_str(),
                _ => q.question.en.as_str(),
            };
            let default = match &q.default_from {
                Some(from) => format!("follows the other answers ({})", from.fact),
                None => q.default.to_string(),
            };
            let _ = writeln!(
                text,
                "{}: {} Accepts {}; default {}.",
                q.id, question, q.expected, default
            );
            let values: Vec<&str> = q.values.iter().map(|v| v.id.as_str()).collect();
            inputs.push(json!({
                "id": q.id, "group": group.id, "type": q.kind, "question": question,
                "expected": q.expected, "values": values, "min": q.min, "max": q.max,
                "aliases": q.aliases.iter().map(|a| json!({"alias": a.alias, "value": a.value})).collect::<Vec<_>>(),
                "default": q.default,
                "default_from": q.default_from.as_ref().map(|f| json!({"fact": f.fact, "inputs": f.inputs})),
                "influences": q.influences,
            }));
        }
    }
    answer(text, json!({"inputs": inputs}))
}

async fn check_kb(host: &dyn Host, mut args: Args) -> CallToolResult {
    let severity = args.choice("severity", &["error", "warning", "info"], "warning");
    if let Err(problems) = args.finish() {
        return bad_arguments(name::CHECK_KB, problems);
    }
    let dir = host.kb_dir();
    let report = tokio::task::spawn_blocking(move || {
        let today = kompas_check::today();
        match kompas_check::load_checked(dir.as_deref(), &today) {
            Ok((_, _, report)) | Err(report) => report,
        }
    })
    .await;
    let Ok(report) = report else {
        return failure(
            "the check failed to run; try again".into(),
            json!({"error": "check_failed"}),
        );
    };
    let shown = match severity.as_str() {
        "error" => kompas_kb::Severity::Error,
        "info" => kompas_kb::Severity::Info,
        _ => kompas_kb::Severity::Warning,
    };
    answer(report.render_text_with(shown), report.to_json())
}

async fn record_save(host: &dyn Host, caller: &Caller, mut args: Args) -> CallToolResult {
    let engine = host.engine();
    let profile = args.profile(&engine);
    let title = args.string("title", "a short title, e.g. `Platform choices, Q1`");
    let organisation = args.opt_string("organisation", "the organisation's name");
    if let Err(problems) = args.finish() {
        return bad_arguments(name::RECORD_SAVE, problems);
    }
    let (Some(profile), Some(title)) = (profile, title) else {
        return bad_arguments(name::RECORD_SAVE, Vec::new());
    };
    if !caller.may_save {
        return failure(
            format!(
                "{} may read but not save records: saving takes the role editor or higher",
                caller.actor.name
            ),
            json!({"error": "forbidden", "needed_role": "editor"}),
        );
    }
    let record = match ops::create(
        &engine,
        &profile,
        host.kb_identity(&engine),
        ops::NewRecord {
            title,
            organisation,
        },
        caller.actor.clone(),
        time::now(),
    ) {
        Ok(record) => record,
        Err(e) => return failure(e.to_string(), json!({"error": "invalid_record"})),
    };
    let store = match host.store().await {
        Ok(store) => store,
        Err(e) => return store_failure(e),
    };
    let snapshot = host.kb_snapshot(&engine);
    if let Err(e) = store.create(&record, Some(&snapshot)).await {
        return store_failure(e.to_string());
    }
    host.record_saved(&record);
    let text = format!(
        "Saved draft record {} \"{}\" (revision 1) with {} {}. Next: propose it for sign-off; compare it with `record_diff`.",
        record.id, record.title, record.kb.id, record.kb.version
    );
    answer(
        text,
        json!({"id": record.id, "title": record.title, "status": record.status, "revision": record.revision,
               "kb": record.kb, "profile_sha256": record.profile.sha256,
               "created": record.created}),
    )
}

fn store_failure(message: String) -> CallToolResult {
    failure(
        format!("the record store cannot be used: {message}"),
        json!({"error": "store_unavailable"}),
    )
}

async fn record_diff(host: &dyn Host, mut args: Args) -> CallToolResult {
    let from = args.record_id("from");
    let to = args.record_id("to");
    if let Err(problems) = args.finish() {
        return bad_arguments(name::RECORD_DIFF, problems);
    }
    let (Some(from), Some(to)) = (from, to) else {
        return bad_arguments(name::RECORD_DIFF, Vec::new());
    };
    let store = match host.store().await {
        Ok(store) => store,
        Err(e) => return store_failure(e),
    };
    let loaded = async {
        let a = store.get(&from).await?;
        let b = store.get(&to).await?;
        let sa = store.kb_snapshot(&a.kb.digest).await?;
        let sb = store.kb_snapshot(&b.kb.digest).await?;
        Ok::<_, kompas_store::StoreError>((a, b, sa, sb))
    }
    .await;
    let (a, b, sa, sb) = match loaded {
        Ok(x) => x,
        Err(e) => return record_failure(e),
    };
    let d = diff::diff(
        Side::of_record(&a, sa.as_ref()),
        Side::of_record(&b, sb.as_ref()),
    );
    answer(diff_text(&d), to_value(&d))
}

fn record_failure(e: kompas_store::StoreError) -> CallToolResult {
    match e {
        kompas_store::StoreError::NotFound { .. } => {
            failure(e.to_string(), json!({"error": "not_found"}))
        }
        other => store_failure(other.to_string()),
    }
}

/// The differences in a few lines: what changed, by kind.
fn diff_text(d: &RecordDiff) -> String {
    let side = |s: &diff::SideInfo| match (&s.record, s.revision) {
        (Some(id), Some(rev)) => format!("{id} (revision {rev})"),
        _ => "the answers of now".to_owned(),
    };
    let mut out = format!("{} -> {}\n", side(&d.from), side(&d.to));
    if d.same {
        out.push_str("No differences: the same answers, knowledge and recommendations.\n");
        return out;
    }
    for c in &d.answers {
        let v = |v: &Option<Value>| {
            v.as_ref()
                .map(diff::render_value)
                .unwrap_or_else(|| "(none)".into())
        };
        let _ = writeln!(out, "answer {}: {} -> {}", c.input, v(&c.from), v(&c.to));
    }
    if d.kb.changed {
        let _ = writeln!(
            out,
            "knowledge base: {} {} -> {} {} ({} item(s) changed)",
            d.from.kb.id,
            d.from.kb.version,
            d.to.kb.id,
            d.to.kb.version,
            d.kb.items.len()
        );
    }
    for c in &d.recommendations {
        let o = |o: &Option<diff::OptionRef>| {
            o.as_ref()
                .map(|o| o.title.clone())
                .unwrap_or_else(|| "nothing".into())
        };
        let _ = write!(out, "{}: {} -> {}", c.title, o(&c.from), o(&c.to));
        if let Some(why) = &c.why {
            let _ = write!(out, " because {}", why.text);
        }
        out.push('\n');
    }
    for c in &d.layer2 {
        let v = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
        let _ = writeln!(out, "{}: {} -> {}", c.title, v(&c.from), v(&c.to));
    }
    let counts = [
        ("new findings", d.findings_added.len()),
        ("findings gone", d.findings_removed.len()),
        ("new blocking questions", d.blocking_added.len()),
        ("questions no longer blocking", d.blocking_removed.len()),
        ("override changes", d.overrides.len()),
    ];
    for (label, n) in counts {
        if n > 0 {
            let _ = writeln!(out, "{label}: {n}");
        }
    }
    out
}

async fn record_drift(host: &dyn Host, mut args: Args) -> CallToolResult {
    let record = args.opt_record_id("record");
    if let Err(problems) = args.finish() {
        return bad_arguments(name::RECORD_DRIFT, problems);
    }
    let store = match host.store().await {
        Ok(store) => store,
        Err(e) => return store_failure(e),
    };
    let engine = host.engine();
    let served = host.kb_identity(&engine);
    let today = kompas_check::today();
    match record {
        Some(id) => {
            let record = match store.get(&id).await {
                Ok(r) => r,
                Err(e) => return record_failure(e),
            };
            let drift = if record.status == Status::Superseded {
                None
            } else {
                let then = match store.kb_snapshot(&record.kb.digest).await {
                    Ok(s) => s,
                    Err(e) => return record_failure(e),
                };
                let snapshot = host.kb_snapshot(&engine);
                drift::review(&record, &engine, &served, &snapshot, then.as_ref(), &today)
            };
            let text = match &drift {
                None => format!(
                    "Record {} ({}) has not drifted: its recommendations, findings and blocking questions hold with {} {}.",
                    record.id, record.status, served.id, served.version
                ),
                Some(d) => {
                    let mut t = format!("Record {} ({}) drifted:\n", record.id, record.status);
                    for c in &d.changes {
                        let _ = writeln!(t, "- {}", drift::describe(c));
                    }
                    t
                }
            };
            answer(
                text,
                json!({"record": record.id, "status": record.status, "drifted": drift.is_some(), "drift": drift}),
            )
        }
        None => {
            let records = match store.accepted().await {
                Ok(r) => r,
                Err(e) => return record_failure(e),
            };
            let mut snapshots = std::collections::BTreeMap::new();
            for r in &records {
                if !snapshots.contains_key(&r.kb.digest) {
                    match store.kb_snapshot(&r.kb.digest).await {
                        Ok(s) => snapshots.insert(r.kb.digest.clone(), s),
                        Err(e) => return record_failure(e),
                    };
                }
            }
            let pairs = records
                .iter()
                .map(|r| (r, snapshots.get(&r.kb.digest).and_then(Option::as_ref)));
            let review = drift::review_all(pairs, &engine, &served, &today);
            answer(review_text(&review), to_value(&review))
        }
    }
}

fn review_text(r: &DriftReview) -> String {
    let mut out = format!(
        "Reviewed {} accepted record(s) against {} {} on {}: ",
        r.reviewed, r.kb.id, r.kb.version, r.today
    );
    if r.drifted.is_empty() {
        out.push_str("none drifted.\n");
        return out;
    }
    let _ = writeln!(out, "{} drifted.", r.drifted.len());
    for d in &r.drifted {
        let _ = writeln!(out, "{} \"{}\":", d.record, d.title);
        for c in &d.changes {
            let _ = writeln!(out, "- {}", drift::describe(c));
        }
    }
    out
}
