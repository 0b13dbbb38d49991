//! kompas decision records: the audit trail a decision board signs.
//!
//! A record holds the answers (with the hash of their canonical form), the
//! identity of the knowledge base (id, version, digest, Git commit), the full
//! assessment, the status (`draft` -> `proposed` -> `accepted` ->
//! `superseded`), the team's overrides, sign-offs and links to other records.
//! Every change is a new revision; nothing is overwritten.
//!
//! - [`model`]: the record and its parts (the JSON contract, `docs/records.md`);
//! - [`status`]: the status machine;
//! - [`ops`]: making a record and changing it, with errors for people;
//! - [`diff`]: what differs between two records (or a record and the answers of now);
//! - [`drift`]: re-assessing accepted records with the KB being served;
//! - [`adr`]: MADR 4 files, one per decision, and a zip of them;
//! - [`identity`] and [`git`]: the KB's identity, its Git commit, a snapshot of it;
//! - [`assessment`]: reading stored assessments generically, as JSON;
//! - [`canonical`], [`id`], [`time`]: hashing, record ids, timestamps.
//!
//! Storage is elsewhere (`kompas-store`); nothing here does I/O except reading
//! a KB directory's `.git`.

#![warn(missing_docs)]

pub mod adr;
pub mod assessment;
pub mod canonical;
pub mod diff;
pub mod drift;
pub mod git;
pub mod id;
pub mod identity;
pub mod model;
pub mod ops;
pub mod status;
pub mod time;

pub use model::*;
pub use ops::{NewRecord, OpError};
pub use status::{Action, Status};

/// The JSON Schema of a record (`kompas schema record`).
pub fn record_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Record)).expect("a schema serialises")
}
