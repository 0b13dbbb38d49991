//! What can go wrong with the store, in words a person can act on.

use std::path::PathBuf;

/// A store error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data directory could not be created.
    #[error("cannot create the data directory `{}`: {source}", path.display())]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The database could not be reached or opened.
    #[error("cannot open the database {url}: {source}")]
    Connect {
        /// The URL, password hidden.
        url: String,
        /// Why.
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot bring the schema of {url} up to date: {source}")]
    Migrate {
        /// The URL, password hidden.
        url: String,
        /// Why.
        source: sqlx::migrate::MigrateError,
    },
    /// No record has this id.
    #[error("there is no record `{id}`; `kompas record list` shows the records there are")]
    NotFound {
        /// The id asked for.
        id: String,
    },
    /// The record has no such revision.
    #[error("record {id} has no revision {revision}")]
    NoRevision {
        /// Record id.
        id: String,
        /// The revision asked for.
        revision: u32,
    },
    /// Someone else changed the record first.
    #[error("record {id} was changed by someone else (it is at revision {}, this change was made on revision {expected}); reload it and try again", current.map_or("?".to_owned(), |c| c.to_string()))]
    Conflict {
        /// Record id.
        id: String,
        /// The revision the change was made on.
        expected: u32,
        /// The revision stored now, when known.
        current: Option<u32>,
    },
    /// A stored row does not read back (a bug, or a database edited by hand).
    #[error("record {id} revision {revision} is damaged: {why}")]
    Corrupt {
        /// Record id (or document key).
        id: String,
        /// Revision.
        revision: i64,
        /// What is wrong.
        why: String,
    },
    /// A record could not be written as JSON (a bug).
    #[error("cannot encode a record: {0}")]
    Encode(serde_json::Error),
    /// The database failed.
    #[error("the database failed: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub(crate) fn corrupt(id: &str, revision: i64, why: String) -> StoreError {
        StoreError::Corrupt {
            id: id.to_owned(),
            revision,
            why,
        }
    }

    pub(crate) fn encode(e: serde_json::Error) -> StoreError {
        StoreError::Encode(e)
    }
}
