//! The status machine: `draft` -> `proposed` -> `accepted` -> `superseded`.
//!
//! A record is saved as a draft; an editor proposes it; an approver accepts it;
//! an accepted record is superseded when a newer accepted record replaces it.
//! There is no way back: a change of mind is a new record that supersedes the
//! old one, so the history of what was signed stays intact.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a record stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Saved; the team may still add overrides.
    Draft,
    /// Put to the decision board; overrides and sign-offs may still be added.
    Proposed,
    /// Accepted by the decision board. Frozen: only sign-offs may be added.
    Accepted,
    /// Replaced by a newer accepted record (see `links.superseded_by`).
    Superseded,
}

/// What someone wants to do to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Draft -> proposed.
    Propose,
    /// Proposed -> accepted.
    Accept,
    /// Accepted -> superseded.
    Supersede,
    /// Set or withdraw an override.
    Override,
    /// Add a sign-off.
    Sign,
}

impl Status {
    /// All statuses, in order.
    pub const ALL: [Status; 4] = [
        Status::Draft,
        Status::Proposed,
        Status::Accepted,
        Status::Superseded,
    ];

    /// The status as written in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Superseded => "superseded",
        }
    }

    /// Parses `draft`, `proposed`, `accepted` or `superseded`.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status after `action`, or why it is not allowed now.
    pub fn after(self, action: Action) -> Result<Status, String> {
        use Action::*;
        use Status::*;
        match (self, action) {
            (Draft, Propose) => Ok(Proposed),
            (Proposed, Accept) => Ok(Accepted),
            (Accepted, Supersede) => Ok(Superseded),
            (Draft | Proposed, Override) => Ok(self),
            (Proposed | Accepted, Sign) => Ok(self),
            (Proposed, Propose) => Err("it is already proposed".into()),
            (Accepted, Accept) => Err("it is already accepted".into()),
            (Superseded, _) => Err(
                "it is superseded; it stays as it was signed (see the record that superseded it)"
                    .into(),
            ),
            (Draft, Accept) => Err("it is a draft: propose it first, then accept it".into()),
            (Draft, Sign) => Err("it is a draft: propose it first, then sign it".into()),
            (Draft | Proposed, Supersede) => Err(
                "only an accepted record can be superseded; this one was never accepted".into(),
            ),
            (Accepted, Propose) => Err("it is already accepted".into()),
            (Accepted, Override) => Err(
                "it is accepted and frozen: save a new record with the new choice and let it supersede this one"
                    .into(),
            ),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTIONS: [Action; 5] = [
        Action::Propose,
        Action::Accept,
        Action::Supersede,
        Action::Override,
        Action::Sign,
    ];

    #[test]
    fn the_happy_path_goes_forward_only() {
        let s = Status::Draft.after(Action::Propose).unwrap();
        let s = s.after(Action::Accept).unwrap();
        assert_eq!(s, Status::Accepted);
        assert_eq!(s.after(Action::Supersede).unwrap(), Status::Superseded);
    }

    #[test]
    fn no_action_moves_a_status_backwards_and_superseded_is_final() {
        for from in Status::ALL {
            for action in ACTIONS {
                if let Ok(to) = from.after(action) {
                    assert!(to >= from, "{from:?} --{action:?}--> {to:?}");
                }
            }
        }
        for action in ACTIONS {
            assert!(Status::Superseded.after(action).is_err());
        }
        assert!(Status::Accepted.after(Action::Override).is_err());
        assert!(Status::Draft
            .after(Action::Accept)
            .unwrap_err()
            .contains("propose it first"));
    }

    #[test]
    fn statuses_parse_their_names() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(Status::parse("Accepted"), None);
    }
}
