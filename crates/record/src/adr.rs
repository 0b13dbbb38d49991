//! MADR 4 export: one Markdown Any Decision Record per decision of a record,
//! ready to commit next to the code.
//!
//! Each file has MADR 4.0.0's front matter (`status`, `date`,
//! `decision-makers`) and its sections in its order: Context and Problem
//! Statement (the decision's question, the record, the KB and the dependency
//! chain), Decision Drivers (the Layer 0 items it traces to and the answers
//! that decided), Considered Options, Decision Outcome with Consequences (the
//! trade-offs accepted) and Confirmation (the open questions and sign-offs),
//! Pros and Cons of the Options, and More Information (links to the ADRs this
//! one supersedes or is superseded by, findings and flips). An override is
//! always shown: the chosen option is then the team's, with its reason, and
//! the recommendation is named beside it.
//!
//! File names: `<record id>-<NN>-<decision id>.md`, NN the decision's place in
//! the record, so the ADRs of several records can share one directory.

use std::io::Write;

use serde_json::Value;

use crate::assessment::{self as a, kb_text, one_line};
use crate::diff::render_value;
use crate::model::Record;
use crate::status::Status;
use crate::time::date_of;

/// One ADR file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdrFile {
    /// The file name (no directory).
    pub name: String,
    /// The Markdown text.
    pub text: String,
}

/// The records an export links to.
#[derive(Debug, Default, Clone, Copy)]
pub struct Related<'a> {
    /// The records this one supersedes.
    pub supersedes: &'a [Record],
    /// The record that superseded this one.
    pub superseded_by: Option<&'a Record>,
}

/// The file name of the ADR of `decision` in `record` (`None` if the record has no such decision).
pub fn file_name(record: &Record, decision: &str) -> Option<String> {
    let index = a::decisions(&record.assessment)
        .iter()
        .position(|d| a::text(d, "id") == decision)?;
    Some(format!(
        "{}-{:02}-{}.md",
        safe(&record.id),
        index + 1,
        safe(decision)
    ))
}

fn safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The ADRs of every decision of `record`. `kb_snapshot` (the KB the record
/// was made with) adds the pros and cons of the options not recommended.
pub fn export(record: &Record, kb_snapshot: Option<&Value>, related: Related<'_>) -> Vec<AdrFile> {
    a::decisions(&record.assessment)
        .iter()
        .filter_map(|decision| {
            let id = a::text(decision, "id");
            Some(AdrFile {
                name: file_name(record, id)?,
                text: adr(record, decision, kb_snapshot, related),
            })
        })
        .collect()
}

/// The ADRs in a zip archive (deflate), under a directory named after the record.
pub fn zip(record_id: &str, files: &[AdrFile]) -> std::io::Result<Vec<u8>> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let dir = safe(record_id);
    for file in files {
        archive
            .start_file(format!("{dir}/{}", file.name), options)
            .map_err(std::io::Error::other)?;
        archive.write_all(file.text.as_bytes())?;
    }
    let cursor = archive.finish().map_err(std::io::Error::other)?;
    Ok(cursor.into_inner())
}

/// A YAML scalar: a JSON string is a valid YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

fn adr(
    record: &Record,
    decision: &Value,
    snapshot: Option<&Value>,
    related: Related<'_>,
) -> String {
    let id = a::text(decision, "id");
    let title = one_line(a::text(decision, "title"));
    let recommended = a::recommended(decision);
    let chosen_override = record.override_of(id);
    let chosen = chosen_override
        .map(|o| o.option.as_str())
        .or(recommended)
        .unwrap_or("");
    let chosen_title = one_line(a::option_title(decision, chosen));
    let mut md = String::with_capacity(8 * 1024);

    // --- front matter --------------------------------------------------------
    let status = match (record.status, related.superseded_by) {
        (Status::Superseded, Some(by)) => match file_name(by, id) {
            Some(file) => format!("superseded by [{}]({file})", file.trim_end_matches(".md")),
            None => format!("superseded by {}", by.id),
        },
        (status, _) => status.as_str().to_owned(),
    };
    let date = record
        .accepted
        .as_ref()
        .map(|s| date_of(&s.at))
        .unwrap_or_else(|| date_of(&record.updated.at));
    md.push_str("---\n");
    md.push_str(&format!("status: {}\n", yaml_string(&status)));
    md.push_str(&format!("date: {date}\n"));
    md.push_str(&format!(
        "decision-makers: {}\n",
        yaml_string(&decision_makers(record))
    ));
    md.push_str("---\n\n");

    // --- title and context -----------------------------------------------------
    md.push_str(&format!("# {title}: {chosen_title}\n\n"));
    md.push_str("## Context and Problem Statement\n\n");
    md.push_str(&format!("{}\n\n", one_line(a::text(decision, "question"))));
    md.push_str(&format!(
        "This decision is part of the decision record \"{}\"{} (`{}`, revision {}, {}), assessed with the knowledge base \"{}\" version {} (digest `{}`{}).\n",
        one_line(&record.title),
        record
            .organisation
            .as_deref()
            .map(|o| format!(" for {}", one_line(o)))
            .unwrap_or_default(),
        record.id,
        record.revision,
        record.status,
        one_line(if record.kb.title.is_empty() { &record.kb.id } else { &record.kb.title }),
        record.kb.version,
        short(&record.kb.digest),
        record
            .kb
            .git
            .as_ref()
            .map(|g| format!(", Git commit `{}` in `{}`", short(&g.commit), g.path))
            .unwrap_or_default(),
    ));
    if let Some(chain) = decision.get("chain").filter(|c| c.is_object()) {
        md.push_str("\nHow the decision follows from the business:\n\n");
        for (label, key) in [
            ("Business requirement", "business"),
            ("Technical requirement", "technical"),
            ("Platform capability", "capability"),
            ("Tooling", "tooling"),
        ] {
            let text = one_line(a::text(chain, key));
            if !text.is_empty() {
                md.push_str(&format!("* {label}: {text}\n"));
            }
        }
    }
    md.push('\n');

    // --- drivers -------------------------------------------------------------
    let traces = a::list(decision, "traces_to");
    let why = crate::diff::why_of(decision);
    if !traces.is_empty() || why.as_ref().is_some_and(|w| !w.facts.is_empty()) {
        md.push_str("## Decision Drivers\n\n");
        for item in traces {
            md.push_str(&format!(
                "* {} ({}, `{}`)\n",
                one_line(a::text(item, "title")),
                a::text(item, "kind").replace('_', " "),
                a::text(item, "id")
            ));
        }
        if let Some(why) = &why {
            for fact in &why.facts {
                md.push_str(&format!("* The answers: {}\n", one_line(fact)));
            }
        }
        md.push('\n');
    }

    // --- options -------------------------------------------------------------
    let options = a::options(decision);
    md.push_str("## Considered Options\n\n");
    for option in &options {
        let mut notes = Vec::new();
        if option.recommended {
            notes.push("recommended by kompas");
        }
        if option.id == chosen && chosen_override.is_some() {
            notes.push("the team's choice");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join("; "))
        };
        md.push_str(&format!("* {}{notes}\n", one_line(option.title)));
    }
    md.push('\n');

    // --- outcome -------------------------------------------------------------
    md.push_str("## Decision Outcome\n\n");
    match (chosen_override, recommended) {
        (Some(o), rec) => {
            md.push_str(&format!(
                "Chosen option: \"{chosen_title}\", because {}\n\n",
                lower_first(&sentence(&o.reason))
            ));
            let rec_title = rec.map(|r| one_line(a::option_title(decision, r)));
            md.push_str(&format!(
                "This overrides the recommendation of kompas, \"{}\"; the override was recorded by {} on {}.\n\n",
                rec_title.unwrap_or_else(|| "none".into()),
                o.at.by.name,
                date_of(&o.at.at)
            ));
        }
        (None, Some(_)) => {
            let rationale = decision
                .get("recommendation")
                .map(|r| a::text(r, "rationale"))
                .unwrap_or("");
            md.push_str(&format!(
                "Chosen option: \"{chosen_title}\", because {}\n\n",
                lower_first(&sentence(rationale))
            ));
            if let Some(why) = &why {
                md.push_str(&format!(
                    "The rule `{}` decided: {}\n\n",
                    why.rule,
                    sentence(&why.text)
                ));
            }
        }
        (None, None) => md.push_str(
            "Chosen option: none, because no rule of the knowledge base applies to these answers.\n\n",
        ),
    }

    md.push_str("### Consequences\n\n");
    let tradeoffs = a::list(decision, "tradeoffs");
    if chosen_override.is_some() && !tradeoffs.is_empty() {
        md.push_str("* Neutral, because these trade-offs were accepted for the recommended option; check that they hold for the team's choice.\n");
    }
    for t in tradeoffs {
        let names = |key: &str| {
            let mut titles: Vec<String> = Vec::new();
            for item in a::list(t, key) {
                let title = one_line(a::text(item, "title"));
                if !titles.contains(&title) {
                    titles.push(title);
                }
            }
            titles.join(", ")
        };
        md.push_str(&format!(
            "* Good, because it favours {}: {}\n",
            names("favours"),
            sentence(a::text(t, "resolution"))
        ));
        let scope = a::text(t, "scope");
        md.push_str(&format!(
            "* Bad, because it gives way on {}{}\n",
            names("over"),
            if scope.is_empty() {
                ".".to_owned()
            } else {
                format!(" ({}).", one_line(scope).trim_end_matches('.'))
            }
        ));
    }
    if tradeoffs.is_empty() {
        md.push_str("* Neutral, because the choice accepts no trade-off between Layer 0 requirements, principles or constraints.\n");
    }
    md.push('\n');

    md.push_str("### Confirmation\n\n");
    let questions = a::list(decision, "open_questions");
    if questions.is_empty() {
        md.push_str("No open question affects this decision.\n");
    } else {
        md.push_str("Confirm the decision once these open questions are answered:\n\n");
        for q in questions {
            let mut line = format!("* {} (`{}`", one_line(a::text(q, "text")), a::text(q, "id"));
            if q.get("blocking").and_then(Value::as_bool) == Some(true) {
                line.push_str("; blocking");
            }
            let by = a::text(q, "decide_by");
            if !by.is_empty() {
                line.push_str(&format!("; decide by {}", one_line(by)));
            }
            line.push(')');
            let assume = a::text(q, "default_assumption");
            if !assume.is_empty() {
                line.push_str(&format!(". Until then assume: {}", sentence(assume)));
            }
            md.push_str(&line);
            md.push('\n');
        }
    }
    if !record.signoffs.is_empty() {
        md.push_str("\nSigned off by:\n\n");
        for s in &record.signoffs {
            md.push_str(&format!(
                "* {} ({}), {}{}\n",
                s.name,
                s.role,
                date_of(&s.at.at),
                s.comment
                    .as_deref()
                    .map(|c| format!(": {}", one_line(c)))
                    .unwrap_or_default()
            ));
        }
    }
    md.push('\n');

    // --- pros and cons -------------------------------------------------------
    md.push_str("## Pros and Cons of the Options\n\n");
    for option in &options {
        md.push_str(&format!("### {}\n\n", one_line(option.title)));
        let rationale = one_line(a::text(option.value, "rationale"));
        if !rationale.is_empty() {
            md.push_str(&format!("{rationale}\n\n"));
        }
        let (pros, cons) = pros_cons(option.value, snapshot, id, option.id);
        for pro in &pros {
            md.push_str(&format!("* Good, because {}\n", lower_first(pro)));
        }
        for con in &cons {
            md.push_str(&format!("* Bad, because {}\n", lower_first(con)));
        }
        if !option.recommended {
            if let Some(why_not) = why_not(option.value, decision) {
                md.push_str(&format!("* Bad, because {why_not}\n"));
            }
        }
        if pros.is_empty() && cons.is_empty() && option.recommended {
            md.push_str("* Good, because kompas recommends it for these answers.\n");
        }
        md.push('\n');
    }

    // --- more information ----------------------------------------------------
    md.push_str("## More Information\n\n");
    if let Some(o) = chosen_override {
        md.push_str(&format!(
            "* Override: the team chose \"{}\" instead of \"{}\". Reason: {}\n",
            chosen_title,
            one_line(a::option_title(decision, &o.recommended)),
            sentence(&o.reason)
        ));
    }
    for old in related.supersedes {
        match file_name(old, id) {
            Some(file) => md.push_str(&format!(
                "* Supersedes [{}]({file}), from the record \"{}\".\n",
                file.trim_end_matches(".md"),
                one_line(&old.title)
            )),
            None => md.push_str(&format!(
                "* The record supersedes \"{}\" (`{}`), which had no ADR for this decision.\n",
                one_line(&old.title),
                old.id
            )),
        }
    }
    if let Some(by) = related.superseded_by {
        if let Some(file) = file_name(by, id) {
            md.push_str(&format!(
                "* Superseded by [{}]({file}), from the record \"{}\".\n",
                file.trim_end_matches(".md"),
                one_line(&by.title)
            ));
        }
    }
    for f in a::findings(&record.assessment)
        .iter()
        .filter(|f| a::text(f, "decision") == id)
    {
        md.push_str(&format!(
            "* Finding {} ({}): {}\n",
            a::text(f, "code"),
            a::text(f, "severity"),
            sentence(a::text(f, "message"))
        ));
    }
    for flip in a::list(decision, "flips") {
        let changes: Vec<String> = a::list(flip, "changes")
            .iter()
            .map(|c| {
                format!(
                    "`{}` from {} to {}",
                    a::text(c, "input"),
                    c.get("from").map(render_value).unwrap_or_default(),
                    a::text(c, "to_text")
                )
            })
            .collect();
        md.push_str(&format!(
            "* kompas would recommend \"{}\" if {}.\n",
            one_line(a::text(flip, "title")),
            changes.join(" and ")
        ));
    }
    md.push_str(&format!(
        "* Record `{}` revision {}; saved {} by {}.\n",
        record.id,
        record.revision,
        date_of(&record.created.at),
        record.created.by.name
    ));
    md
}

/// The people who decided: those who signed, and the approver who accepted.
fn decision_makers(record: &Record) -> String {
    let mut names: Vec<String> = record
        .signoffs
        .iter()
        .map(|s| format!("{} ({})", s.name, s.role))
        .collect();
    if let Some(accepted) = &record.accepted {
        let name = &accepted.by.name;
        if !record.signoffs.iter().any(|s| &s.name == name) {
            names.push(format!("{name} (accepted)"));
        }
    }
    if names.is_empty() {
        names.push(record.created.by.name.clone());
    }
    names.join(", ")
}

/// Pros and cons: the assessment's for the recommendation, else the KB snapshot's option.
fn pros_cons(
    option: &Value,
    snapshot: Option<&Value>,
    decision: &str,
    id: &str,
) -> (Vec<String>, Vec<String>) {
    let texts = |v: &Value, key: &str| -> Vec<String> {
        a::list(v, key)
            .iter()
            .map(|t| one_line(&kb_text(Some(t))))
            .filter(|t| !t.is_empty())
            .collect()
    };
    if option.get("pros").is_some() || option.get("cons").is_some() {
        return (texts(option, "pros"), texts(option, "cons"));
    }
    let from_kb = snapshot.and_then(|kb| {
        a::list(kb, "decisions")
            .iter()
            .find(|d| a::text(d, "id") == decision)
            .and_then(|d| {
                a::list(d, "options")
                    .iter()
                    .find(|o| a::text(o, "id") == id)
            })
    });
    match from_kb {
        Some(o) => (texts(o, "pros"), texts(o, "cons")),
        None => (Vec::new(), Vec::new()),
    }
}

/// Why an alternative was not recommended, as the end of "Bad, because ...".
fn why_not(alternative: &Value, decision: &Value) -> Option<String> {
    let why = alternative.get("why_not")?;
    let reason = a::text(alternative, "reason");
    let text = match a::text(why, "kind") {
        "outranked" => format!(
            "a rule of higher priority chose \"{}\" for these answers.",
            one_line(a::option_title(decision, a::text(why, "option")))
        ),
        "superseded" => format!(
            "it is no longer recommended; it was replaced by \"{}\".{}",
            one_line(a::option_title(decision, a::text(why, "by"))),
            if reason.is_empty() {
                String::new()
            } else {
                format!(" {}", sentence(reason))
            }
        ),
        "condition_not_met" => match a::text(alternative, "condition") {
            "" => "its condition does not hold for these answers.".to_owned(),
            c => format!(
                "it is chosen only when {}, which does not hold for these answers.",
                one_line(c)
            ),
        },
        "no_rule" => "no rule of the knowledge base chooses it.".to_owned(),
        _ if !reason.is_empty() => sentence(reason),
        _ => return None,
    };
    Some(text)
}

fn short(hash: &str) -> &str {
    let hash = hash.strip_prefix("sha256:").unwrap_or(hash);
    hash.get(..12).unwrap_or(hash)
}

/// One line ending in a full stop.
fn sentence(text: &str) -> String {
    let mut s = one_line(text);
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// "Cloud-agnostic" -> "cloud-agnostic", but "SSL" and "Kubernetes" stay.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            let word_end = text.find([' ', ',', ';', ':']).unwrap_or(text.len());
            let word = &text[..word_end];
            // Keep names (a capital later in the word, e.g. "GitOps") as they are.
            if word.chars().skip(1).any(char::is_uppercase) {
                text.to_owned()
            } else {
                first
                    .to_lowercase()
                    .chain(text[first.len_utf8()..].chars())
                    .collect()
            }
        }
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_capitals() {
        assert_eq!(sentence("a\nb"), "a b.");
        assert_eq!(sentence("done!"), "done!");
        assert_eq!(lower_first("Cloud-agnostic."), "cloud-agnostic.");
        assert_eq!(lower_first("SSL and more"), "SSL and more");
        assert_eq!(lower_first("GitOps native"), "GitOps native");
        assert_eq!(yaml_string("a \"b\": c"), "\"a \\\"b\\\": c\"");
        assert_eq!(safe("container_registry"), "container_registry");
        assert_eq!(safe("../x"), "---x");
    }
}
