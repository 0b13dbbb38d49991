//! The decision record: what a decision board signs, and every revision of it.
//!
//! A [`Record`] is the state of one record at one revision. Records are
//! append-only: every change ([`Change`]) makes a new [`Revision`] holding the
//! whole record as it is after the change; nothing is overwritten or deleted.
//! The JSON form of these types is a contract (see `docs/records.md` and
//! `kompas schema record`); keys are only ever added.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::status::Status;

/// A decision record at one revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Record {
    /// Stable id, e.g. `r7k2m9qf3xa` (see [`crate::id`]).
    pub id: String,
    /// The revision this state belongs to: 1 when saved, one more per change.
    pub revision: u32,
    /// What the record is about, e.g. "Platform choices for the webshop, Q1".
    pub title: String,
    /// The organisation the profile describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// `draft` -> `proposed` -> `accepted` -> `superseded`.
    pub status: Status,
    /// The answers the assessment was made from.
    pub profile: RecordProfile,
    /// The knowledge the assessment was made with.
    pub kb: KbIdentity,
    /// The full assessment, exactly as the engine produced it (English, with flips).
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub assessment: Value,
    /// The team's own choices where they differ from the recommendation.
    pub overrides: Vec<Override>,
    /// Who signed, in which role, when.
    pub signoffs: Vec<SignOff>,
    /// Links to other records.
    pub links: Links,
    /// When and by whom the record was saved.
    pub created: Stamp,
    /// When and by whom it was last changed (the change of this revision).
    pub updated: Stamp,
    /// When and by whom it was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Stamp>,
}

impl Record {
    /// The ETag of this revision (a strong validator: every change makes a new revision).
    pub fn etag(&self) -> String {
        etag(self.revision)
    }

    /// The override of a decision, if the team made one.
    pub fn override_of(&self, decision: &str) -> Option<&Override> {
        self.overrides.iter().find(|o| o.decision == decision)
    }

    /// The short form, for lists.
    pub fn summary(&self) -> RecordSummary {
        RecordSummary {
            id: self.id.clone(),
            revision: self.revision,
            title: self.title.clone(),
            organisation: self.organisation.clone(),
            status: self.status,
            created: self.created.clone(),
            updated: self.updated.clone(),
            kb: self.kb.clone(),
            profile_sha256: self.profile.sha256.clone(),
            overrides: self.overrides.len(),
            signoffs: self.signoffs.len(),
        }
    }
}

/// The ETag of a revision.
pub fn etag(revision: u32) -> String {
    format!("\"r{revision}\"")
}

/// The revision an ETag names (`"r3"` or `W/"r3"`), if it is one of ours.
pub fn revision_of_etag(tag: &str) -> Option<u32> {
    let tag = tag.trim();
    let tag = tag.strip_prefix("W/").unwrap_or(tag);
    tag.strip_prefix("\"r")?.strip_suffix('"')?.parse().ok()
}

/// The answers of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordProfile {
    /// The answers as given (inputs left out took the KB's defaults); a valid profile.
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub answers: Value,
    /// SHA-256 (hex) of the canonical JSON of the normalised answers (every
    /// input with its default filled in, keys sorted): equal answers, equal hash.
    pub sha256: String,
}

/// The identity of a knowledge base: enough to know whether two assessments
/// were made with the same knowledge, and where that knowledge lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KbIdentity {
    /// KB id, e.g. `webshop`.
    pub id: String,
    /// KB version.
    pub version: String,
    /// SHA-256 over the KB's files: the same digest means the same knowledge.
    pub digest: String,
    /// The KB's title (English).
    #[serde(default)]
    pub title: String,
    /// `built-in` or `directory`.
    pub source: KbSource,
    /// The KB directory, when the KB was read from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The Git commit of the checkout the KB directory is in, when it is in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<GitRevision>,
}

/// Where a KB came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KbSource {
    /// The KB built into the binary.
    BuiltIn,
    /// A KB directory (`--kb DIR`).
    Directory,
}

/// The Git commit a KB directory was checked out at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GitRevision {
    /// The commit id (40 or 64 hex digits).
    pub commit: String,
    /// The branch checked out (`main`), absent for a detached HEAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The KB directory relative to the top of the checkout (`kb/webshop`; `.` for the top).
    pub path: String,
}

/// The team's own choice for a decision, where it differs from the recommendation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Override {
    /// Decision id, e.g. `ingress`.
    pub decision: String,
    /// The option the team chose.
    pub option: String,
    /// The option kompas recommended.
    pub recommended: String,
    /// Why the team chose otherwise.
    pub reason: String,
    /// When and by whom.
    pub at: Stamp,
}

/// A sign-off: a person, in a role, approves the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SignOff {
    /// Who signs, e.g. "Jan de Vries".
    pub name: String,
    /// The role they sign in, e.g. "CTO" or "security officer".
    pub role: String,
    /// What they add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// When, and who recorded it.
    pub at: Stamp,
}

/// Links between records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Links {
    /// The records this one supersedes.
    #[serde(default)]
    pub supersedes: Vec<String>,
    /// The record that superseded this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
}

/// When something happened and who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Stamp {
    /// RFC 3339 UTC time, e.g. `2026-11-30T09:15:02.123Z`.
    pub at: String,
    /// Who.
    pub by: Actor,
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Actor {
    /// A stable id: `local:USER`, `oidc:ISSUER#SUBJECT` or `token:NAME`.
    pub id: String,
    /// A name to show.
    pub name: String,
    /// How they were recognised.
    pub via: ActorVia,
}

impl Actor {
    /// The person at this machine (single-user mode and the CLI).
    pub fn local() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "local".to_owned());
        Actor {
            id: format!("local:{user}"),
            name: user,
            via: ActorVia::Local,
        }
    }
}

/// How an actor was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorVia {
    /// The local user (single-user server on loopback, or the CLI).
    Local,
    /// An OIDC bearer token.
    Oidc,
    /// A static API token.
    Token,
}

/// What one revision changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The record was saved (revision 1).
    Created,
    /// Draft -> proposed.
    Proposed,
    /// Proposed -> accepted.
    Accepted,
    /// Accepted -> superseded by another record.
    Superseded {
        /// The record that supersedes this one.
        by: String,
    },
    /// This record now supersedes another one.
    Supersedes {
        /// The record superseded.
        record: String,
    },
    /// The team chose an option other than the recommendation.
    Overridden {
        /// Decision id.
        decision: String,
        /// The option chosen.
        option: String,
        /// Why.
        reason: String,
    },
    /// An override was withdrawn: the team follows the recommendation again.
    OverrideWithdrawn {
        /// Decision id.
        decision: String,
        /// Why.
        reason: String,
    },
    /// Someone signed.
    Signed {
        /// Who.
        name: String,
        /// In which role.
        role: String,
    },
}

impl Change {
    /// The `kind` tag, as stored and shown.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Proposed => "proposed",
            Change::Accepted => "accepted",
            Change::Superseded { .. } => "superseded",
            Change::Supersedes { .. } => "supersedes",
            Change::Overridden { .. } => "overridden",
            Change::OverrideWithdrawn { .. } => "override_withdrawn",
            Change::Signed { .. } => "signed",
        }
    }
}

/// One revision: the change made and the record as it was after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Revision {
    /// The record id.
    pub record: String,
    /// The revision number (1 = saved).
    pub revision: u32,
    /// What changed.
    pub change: Change,
    /// When and by whom.
    pub at: Stamp,
    /// The record's status after the change.
    pub status: Status,
}

/// A record in a list: no assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordSummary {
    /// Record id.
    pub id: String,
    /// Latest revision.
    pub revision: u32,
    /// Title.
    pub title: String,
    /// Organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Status.
    pub status: Status,
    /// Saved.
    pub created: Stamp,
    /// Last changed.
    pub updated: Stamp,
    /// The KB the assessment was made with.
    pub kb: KbIdentity,
    /// Hash of the canonical answers.
    pub profile_sha256: String,
    /// Number of overrides.
    pub overrides: usize,
    /// Number of sign-offs.
    pub signoffs: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_round_trip() {
        assert_eq!(etag(7), "\"r7\"");
        assert_eq!(revision_of_etag("\"r7\""), Some(7));
        assert_eq!(revision_of_etag(" W/\"r12\" "), Some(12));
        assert_eq!(revision_of_etag("\"7\""), None);
        assert_eq!(revision_of_etag("*"), None);
        assert_eq!(revision_of_etag("\"r-1\""), None);
    }

    #[test]
    fn change_kinds_match_their_tags() {
        for change in [
            Change::Created,
            Change::Proposed,
            Change::Accepted,
            Change::Superseded { by: "x".into() },
            Change::Supersedes { record: "x".into() },
            Change::Overridden {
                decision: "d".into(),
                option: "o".into(),
                reason: "r".into(),
            },
            Change::OverrideWithdrawn {
                decision: "d".into(),
                reason: "r".into(),
            },
            Change::Signed {
                name: "n".into(),
                role: "r".into(),
            },
        ] {
            let json = serde_json::to_value(&change).unwrap();
            assert_eq!(json["kind"], change.kind());
        }
    }
}
