//! Making records and changing them: each change takes a record at revision
//! `n` and gives the record at revision `n + 1` with the [`Change`] it made,
//! or says in plain words why it is not allowed.

use kompas_engine::{AssessOptions, Engine, Lang, Profile};
use kompas_kb::diag::suggest;

use crate::assessment::{self as a};
use crate::canonical;
use crate::id;
use crate::model::{
    Actor, Change, KbIdentity, Links, Override, Record, RecordProfile, SignOff, Stamp,
};
use crate::status::{Action, Status};

/// The longest title, organisation, name or role accepted.
pub const MAX_SHORT_TEXT: usize = 200;
/// The longest reason or comment accepted.
pub const MAX_LONG_TEXT: usize = 4000;

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpError {
    /// The status does not allow the action.
    #[error("record {id} is {status}; cannot {action}: {why}")]
    NotAllowed {
        /// Record id.
        id: String,
        /// Its status.
        status: Status,
        /// What was asked, in words (`accept it`).
        action: &'static str,
        /// Why not, and what to do instead.
        why: String,
    },
    /// A field is empty, too long or otherwise unfit.
    #[error("{field}: {message}")]
    Invalid {
        /// The field (`title`, `reason`, ...).
        field: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The decision is not in the record's assessment.
    #[error("the record has no decision `{given}`{}; its decisions are: {}", hint(.suggestion), .known.join(", "))]
    UnknownDecision {
        /// The id given.
        given: String,
        /// The closest known id.
        suggestion: Option<String>,
        /// Every decision id of the record.
        known: Vec<String>,
    },
    /// The option is not one of the decision's options.
    #[error("decision `{decision}` has no option `{given}`{}; its options are: {}", hint(.suggestion), .known.join(", "))]
    UnknownOption {
        /// Decision id.
        decision: String,
        /// The option given.
        given: String,
        /// The closest known option.
        suggestion: Option<String>,
        /// Every option of the decision.
        known: Vec<String>,
    },
}

fn hint(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// A record at its next revision, with the change that made it.
pub type Revised = (Record, Change);

/// What a new record says about itself.
#[derive(Debug, Clone, Default)]
pub struct NewRecord {
    /// Title.
    pub title: String,
    /// Organisation.
    pub organisation: Option<String>,
}

/// Assesses `profile` and makes a draft record of it (revision 1).
pub fn create(
    engine: &Engine,
    profile: &Profile,
    kb: KbIdentity,
    new: NewRecord,
    by: Actor,
    at: String,
) -> Result<Record, OpError> {
    let title = short_text("title", &new.title, true)?;
    let organisation = match new.organisation.as_deref() {
        Some(org) if !org.trim().is_empty() => Some(short_text("organisation", org, true)?),
        _ => None,
    };
    let assessment = engine.assess_with(
        profile,
        AssessOptions {
            lang: Lang::En,
            flips: true,
        },
    );
    let assessment = serde_json::to_value(&assessment).expect("an assessment serialises");
    let normalised = a::inputs(&assessment)
        .map(|m| serde_json::Value::Object(m.clone()))
        .unwrap_or_else(|| engine.profile_to_value(profile));
    let stamp = Stamp { at, by };
    Ok(Record {
        id: id::new_id(),
        revision: 1,
        title,
        organisation,
        status: Status::Draft,
        profile: RecordProfile {
            answers: a::given_answers(&assessment),
            sha256: canonical::hash(&normalised),
        },
        kb,
        assessment,
        overrides: Vec::new(),
        signoffs: Vec::new(),
        links: Links::default(),
        created: stamp.clone(),
        updated: stamp,
        accepted: None,
    })
}

/// The record after `change`, one revision on.
fn next(record: &Record, at: &Stamp) -> Record {
    let mut next = record.clone();
    next.revision = record.revision + 1;
    next.updated = at.clone();
    next
}

fn transition(record: &Record, action: Action, words: &'static str) -> Result<Status, OpError> {
    record
        .status
        .after(action)
        .map_err(|why| OpError::NotAllowed {
            id: record.id.clone(),
            status: record.status,
            action: words,
            why,
        })
}

/// Draft -> proposed.
pub fn propose(record: &Record, at: Stamp) -> Result<(Record, Change), OpError> {
    let status = transition(record, Action::Propose, "propose it")?;
    let mut out = next(record, &at);
    out.status = status;
    Ok((out, Change::Proposed))
}

/// Proposed -> accepted.
pub fn accept(record: &Record, at: Stamp) -> Result<(Record, Change), OpError> {
    let status = transition(record, Action::Accept, "accept it")?;
    let mut out = next(record, &at);
    out.status = status;
    out.accepted = Some(at);
    Ok((out, Change::Accepted))
}

/// `old` (accepted) is superseded by `new` (accepted): both change, together.
pub fn supersede(old: &Record, new: &Record, at: Stamp) -> Result<(Revised, Revised), OpError> {
    if old.id == new.id {
        return Err(OpError::Invalid {
            field: "by",
            message: "a record cannot supersede itself; name the newer record".into(),
        });
    }
    let status = transition(old, Action::Supersede, "supersede it")?;
    if new.status != Status::Accepted {
        return Err(OpError::Invalid {
            field: "by",
            message: format!(
                "record {} is {}; only an accepted record can supersede another (accept it first)",
                new.id, new.status
            ),
        });
    }
    let mut old_next = next(old, &at);
    old_next.status = status;
    old_next.links.superseded_by = Some(new.id.clone());
    let mut new_next = next(new, &at);
    if !new_next.links.supersedes.contains(&old.id) {
        new_next.links.supersedes.push(old.id.clone());
    }
    Ok((
        (old_next, Change::Superseded { by: new.id.clone() }),
        (
            new_next,
            Change::Supersedes {
                record: old.id.clone(),
            },
        ),
    ))
}

/// The team chooses `option` for `decision`, for `reason`. Choosing the
/// recommendation again withdraws an earlier override.
pub fn set_override(
    record: &Record,
    decision: &str,
    option: &str,
    reason: &str,
    at: Stamp,
) -> Result<(Record, Change), OpError> {
    transition(record, Action::Override, "change a choice")?;
    let reason = long_text("reason", reason, true)?;
    let Some(d) = a::decision(&record.assessment, decision) else {
        let known: Vec<String> = a::decisions(&record.assessment)
            .iter()
            .map(|d| a::text(d, "id").to_owned())
            .collect();
        return Err(OpError::UnknownDecision {
            given: decision.to_owned(),
            suggestion: suggest(decision, known.iter().map(String::as_str)),
            known,
        });
    };
    let known: Vec<String> = a::options(d).iter().map(|o| o.id.to_owned()).collect();
    if !known.iter().any(|o| o == option) {
        return Err(OpError::UnknownOption {
            decision: decision.to_owned(),
            given: option.to_owned(),
            suggestion: suggest(option, known.iter().map(String::as_str)),
            known,
        });
    }
    let recommended = a::recommended(d).unwrap_or("").to_owned();
    let mut out = next(record, &at);
    out.overrides.retain(|o| o.decision != decision);
    let change = if option == recommended {
        if record.override_of(decision).is_none() {
            return Err(OpError::Invalid {
                field: "option",
                message: format!(
                    "`{option}` is already the recommendation for `{decision}`; an override names another option"
                ),
            });
        }
        Change::OverrideWithdrawn {
            decision: decision.to_owned(),
            reason,
        }
    } else {
        out.overrides.push(Override {
            decision: decision.to_owned(),
            option: option.to_owned(),
            recommended,
            reason: reason.clone(),
            at,
        });
        // Keep overrides in the assessment's decision order.
        let order: Vec<&str> = a::decisions(&record.assessment)
            .iter()
            .map(|d| a::text(d, "id"))
            .collect();
        out.overrides
            .sort_by_key(|o| order.iter().position(|d| *d == o.decision));
        Change::Overridden {
            decision: decision.to_owned(),
            option: option.to_owned(),
            reason,
        }
    };
    Ok((out, change))
}

/// `name` signs in `role`.
pub fn sign(
    record: &Record,
    name: &str,
    role: &str,
    comment: Option<&str>,
    at: Stamp,
) -> Result<(Record, Change), OpError> {
    transition(record, Action::Sign, "sign it")?;
    let name = short_text("name", name, true)?;
    let role = short_text("role", role, true)?;
    let comment = match comment {
        Some(c) if !c.trim().is_empty() => Some(long_text("comment", c, false)?),
        _ => None,
    };
    if record
        .signoffs
        .iter()
        .any(|s| s.name == name && s.role == role)
    {
        return Err(OpError::Invalid {
            field: "name",
            message: format!("{name} already signed this record as {role}"),
        });
    }
    let mut out = next(record, &at);
    out.signoffs.push(SignOff {
        name: name.clone(),
        role: role.clone(),
        comment,
        at,
    });
    Ok((out, Change::Signed { name, role }))
}

fn short_text(field: &'static str, text: &str, required: bool) -> Result<String, OpError> {
    checked_text(field, text, required, MAX_SHORT_TEXT, true)
}

fn long_text(field: &'static str, text: &str, required: bool) -> Result<String, OpError> {
    checked_text(field, text, required, MAX_LONG_TEXT, false)
}

fn checked_text(
    field: &'static str,
    text: &str,
    required: bool,
    max: usize,
    one_line: bool,
) -> Result<String, OpError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(OpError::Invalid {
            field,
            message: format!("the {field} is empty; write a few words"),
        });
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(OpError::Invalid {
            field,
            message: format!("the {field} has {chars} characters; at most {max} are allowed"),
        });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\t' && (one_line || c != '\n'))
    {
        return Err(OpError::Invalid {
            field,
            message: format!(
                "the {field} contains control characters{}",
                if one_line { " or line breaks" } else { "" }
            ),
        });
    }
    Ok(if one_line {
        a::one_line(text)
    } else {
        text.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorVia, KbSource};
    use serde_json::json;

    pub(crate) fn stamp(at: &str) -> Stamp {
        Stamp {
            at: at.into(),
            by: Actor {
                id: "local:test".into(),
                name: "test".into(),
                via: ActorVia::Local,
            },
        }
    }

    fn record() -> Record {
        Record {
            id: "r0000000001".into(),
            revision: 1,
            title: "T".into(),
            organisation: None,
            status: Status::Draft,
            profile: RecordProfile {
                answers: json!({}),
                sha256: "0".repeat(64),
            },
            kb: KbIdentity {
                id: "kb".into(),
                version: "1".into(),
                digest: "d".into(),
                title: "KB".into(),
                source: KbSource::BuiltIn,
                path: None,
                git: None,
            },
            assessment: json!({"decisions": [{
                "id": "ingress",
                "recommendation": {"option": "traefik", "title": "Traefik"},
                "alternatives": [{"option": "contour", "title": "Contour"}]
            }]}),
            overrides: vec![],
            signoffs: vec![],
            links: Links::default(),
            created: stamp("2026-11-30T09:00:00.000Z"),
            updated: stamp("2026-11-30T09:00:00.000Z"),
            accepted: None,
        }
    }

    #[test]
    fn every_change_adds_one_revision_and_stamps_it() {
        let r = record();
        let (r, c) = propose(&r, stamp("2026-11-30T10:00:00.000Z")).unwrap();
        assert_eq!(
            (r.revision, r.status, c),
            (2, Status::Proposed, Change::Proposed)
        );
        assert_eq!(r.updated.at, "2026-11-30T10:00:00.000Z");
        assert_eq!(r.created.at, "2026-11-30T09:00:00.000Z");
        let (r, _) = accept(&r, stamp("2026-11-30T11:00:00.000Z")).unwrap();
        assert_eq!((r.revision, r.status), (3, Status::Accepted));
        assert_eq!(r.accepted.as_ref().unwrap().at, "2026-11-30T11:00:00.000Z");
        let err = accept(&r, stamp("x")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "record r0000000001 is accepted; cannot accept it: it is already accepted"
        );
    }

    #[test]
    fn overrides_name_a_known_option_with_a_reason_and_can_be_withdrawn() {
        let r = record();
        let err = set_override(&r, "ingres", "contour", "x", stamp("t")).unwrap_err();
        assert!(err.to_string().contains("did you mean `ingress`?"), "{err}");
        let err = set_override(&r, "ingress", "contur", "x", stamp("t")).unwrap_err();
        assert!(
            err.to_string()
                .contains("its options are: traefik, contour"),
            "{err}"
        );
        let err = set_override(&r, "ingress", "contour", "  ", stamp("t")).unwrap_err();
        assert!(
            err.to_string().starts_with("reason: the reason is empty"),
            "{err}"
        );
        let err = set_override(&r, "ingress", "traefik", "x", stamp("t")).unwrap_err();
        assert!(
            err.to_string().contains("already the recommendation"),
            "{err}"
        );

        let (r, c) = set_override(
            &r,
            "ingress",
            "contour",
            "We run Contour today.",
            stamp("t"),
        )
        .unwrap();
        assert_eq!(r.overrides[0].recommended, "traefik");
        assert!(matches!(c, Change::Overridden { .. }));
        let (r, c) =
            set_override(&r, "ingress", "traefik", "Back to the advice.", stamp("t")).unwrap();
        assert!(r.overrides.is_empty());
        assert!(matches!(c, Change::OverrideWithdrawn { .. }));
    }

    #[test]
    fn sign_offs_need_a_proposal_and_are_not_doubled() {
        let r = record();
        assert!(sign(&r, "Ann", "CTO", None, stamp("t"))
            .unwrap_err()
            .to_string()
            .contains("propose it first"));
        let (r, _) = propose(&r, stamp("t")).unwrap();
        let (r, c) = sign(&r, " Ann ", "CTO", Some("fine"), stamp("t")).unwrap();
        assert_eq!(
            c,
            Change::Signed {
                name: "Ann".into(),
                role: "CTO".into()
            }
        );
        assert_eq!(r.signoffs[0].comment.as_deref(), Some("fine"));
        assert!(sign(&r, "Ann", "CTO", None, stamp("t")).is_err());
        assert!(sign(&r, "Ann\nB", "CTO", None, stamp("t"))
            .unwrap_err()
            .to_string()
            .contains("line breaks"));
        assert!(sign(&r, &"x".repeat(201), "CTO", None, stamp("t"))
            .unwrap_err()
            .to_string()
            .contains("201 characters"));
    }

    #[test]
    fn supersede_links_both_records() {
        let (old, _) = propose(&record(), stamp("t")).unwrap();
        let (old, _) = accept(&old, stamp("t")).unwrap();
        let mut new = old.clone();
        new.id = "r0000000002".into();
        new.links = Links::default();
        assert!(supersede(&old, &old, stamp("t")).is_err());
        let ((o, oc), (n, nc)) = supersede(&old, &new, stamp("t")).unwrap();
        assert_eq!(o.status, Status::Superseded);
        assert_eq!(o.links.superseded_by.as_deref(), Some("r0000000002"));
        assert_eq!(n.links.supersedes, ["r0000000001"]);
        assert_eq!(
            oc,
            Change::Superseded {
                by: "r0000000002".into()
            }
        );
        assert_eq!(
            nc,
            Change::Supersedes {
                record: "r0000000001".into()
            }
        );
        assert_eq!(n.status, Status::Accepted);
        let mut draft = new.clone();
        draft.status = Status::Draft;
        assert!(supersede(&old, &draft, stamp("t"))
            .unwrap_err()
            .to_string()
            .contains("accept it first"));
    }
}
