//! The KB's items as MCP resources, by URI:
//!
//! - `kompas://kb/decisions/{id}`: a Layer 1 decision (options, rules, trace);
//! - `kompas://kb/capabilities/{id}`: a Layer 2 capability;
//! - `kompas://kb/layer0/{id}`: a goal, requirement, principle, constraint,
//!   non-goal or risk;
//! - `kompas://kb/questions/{id}`: an open question.
//!
//! Each is the item as the KB holds it (`kompas schema kb`), in JSON.

use kompas_kb::Kb;
use rmcp::model::{Resource, ResourceContents, ResourceTemplate};
use serde::Serialize;

/// The URI prefix of every resource.
pub const PREFIX: &str = "kompas://kb/";

const JSON: &str = "application/json";

/// The kinds of resources: URI segment, name, description.
const KINDS: [(&str, &str, &str); 4] = [
    (
        "decisions",
        "Layer 1 decision",
        "A Layer 1 decision of the knowledge base: its question, options, rules and trace to Layer 0.",
    ),
    (
        "capabilities",
        "Layer 2 capability",
        "A Layer 2 capability: triggers, skip-if, timing rules and tool choices.",
    ),
    (
        "layer0",
        "Layer 0 item",
        "A Layer 0 item: a goal, requirement, principle, constraint, non-goal or risk.",
    ),
    (
        "questions",
        "Open question",
        "An open question: what it blocks, its priority and the assumption until it is answered.",
    ),
];

/// Every item of the KB as a resource.
pub fn list(kb: &Kb) -> Vec<Resource> {
    let en = |t: &kompas_kb::Text| t.en().to_owned();
    let mut out = Vec::new();
    for d in &kb.decisions {
        out.push(resource("decisions", &d.id, en(&d.title), en(&d.question)));
    }
    for c in &kb.capabilities {
        out.push(resource(
            "capabilities",
            &c.id,
            en(&c.title),
            en(&c.question),
        ));
    }
    for l in &kb.layer0 {
        let kind = serde_json::to_value(l.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push(resource(
            "layer0",
            &l.id,
            en(&l.title),
            format!("Layer 0 {kind}"),
        ));
    }
    for q in &kb.open_questions {
        let text = en(&q.text);
        out.push(resource("questions", &q.id, q.id.to_uppercase(), text));
    }
    out
}

fn resource(kind: &str, id: &str, title: String, description: String) -> Resource {
    Resource::new(format!("{PREFIX}{kind}/{id}"), format!("{kind}/{id}"))
        .with_title(title)
        .with_description(description)
        .with_mime_type(JSON)
}

/// The URI templates, one per kind.
pub fn templates() -> Vec<ResourceTemplate> {
    KINDS
        .iter()
        .map(|(kind, name, description)| {
            ResourceTemplate::new(format!("{PREFIX}{kind}/{{id}}"), *name)
                .with_description(*description)
                .with_mime_type(JSON)
        })
        .collect()
}

/// The contents of the resource at `uri`, or `None` when there is none.
pub fn read(kb: &Kb, uri: &str) -> Option<ResourceContents> {
    let rest = uri.strip_prefix(PREFIX)?;
    let (kind, id) = rest.split_once('/')?;
    let text = match kind {
        "decisions" => to_json(kb.decisions.iter().find(|d| d.id == id)?),
        "capabilities" => to_json(kb.capabilities.iter().find(|c| c.id == id)?),
        "layer0" => to_json(kb.layer0.iter().find(|l| l.id == id)?),
        "questions" => to_json(kb.open_questions.iter().find(|q| q.id == id)?),
        _ => return None,
    };
    Some(ResourceContents::text(text, uri).with_mime_type(JSON))
}

fn to_json<T: Serialize>(item: &T) -> String {
    serde_json::to_string_pretty(item).unwrap_or_default()
}

/// The kinds of URI there are, for a "not found" message.
pub fn kinds_hint() -> String {
    KINDS
        .iter()
        .map(|(kind, _, _)| format!("{PREFIX}{kind}/{{id}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_resource_reads() {
        let kb = kompas_kb::builtin::load().unwrap();
        let listed = list(&kb);
        assert!(listed.len() > kb.decisions.len() + kb.layer0.len());
        for r in &listed {
            let contents = read(&kb, &r.uri).unwrap_or_else(|| panic!("{}", r.uri));
            let ResourceContents::TextResourceContents { text, .. } = contents else {
                panic!("text")
            };
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
        }
        assert!(read(&kb, "kompas://kb/decisions/nope").is_none());
        assert!(read(&kb, "kompas://kb/other/cni").is_none());
        assert!(read(&kb, "file:///etc/passwd").is_none());
        assert_eq!(templates().len(), 4);
    }
}
