//! The kompas record store: decision records in SQLite (embedded, the
//! default: a file in the data directory, no set-up) or PostgreSQL (when
//! several replicas serve one organisation).
//!
//! - [`url`]: the database URL (`sqlite://PATH`, `postgres://...`) and the default;
//! - [`Store`]: open (migrating the schema), create, append revisions
//!   (optimistic concurrency), read records, revisions and KB snapshots;
//! - [`scratch`]: throw-away PostgreSQL databases for tests.
//!
//! One schema (`migrations/`), the same SQL on both databases, no queries
//! checked against a live database at compile time.

#![warn(missing_docs)]

mod error;
pub mod scratch;
mod store;
pub mod url;

pub use error::StoreError;
pub use store::{Append, Store};
pub use url::{BadUrl, DatabaseUrl};
