//! What the MCP server needs from the program it runs in: the KB being served,
//! the record store, and who is calling.
//!
//! `kompas mcp` (stdio) runs on a [`LocalHost`]: one KB loaded at start, the
//! record store opened on first use, the local user as the caller.
//! `kompas serve` implements [`Host`] on its own state, so `/mcp` sees the KB
//! it serves (reloads included), its record store and its authentication.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use kompas_engine::Engine;
use kompas_record::{Actor, KbIdentity, Record};
use kompas_store::{DatabaseUrl, Store};
use serde_json::Value;
use tokio::sync::OnceCell;

/// A future the host returns (boxed: the trait is used as `dyn Host`).
pub type HostFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Who calls a tool, and what they may do.
///
/// Over HTTP the server's authentication decides it and puts it into the
/// request's extensions; over stdio it is the local user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Who (recorded on every record they save).
    pub actor: Actor,
    /// Whether they may save records (the editor role or higher).
    pub may_save: bool,
}

impl Caller {
    /// The person at this machine, with every right.
    pub fn local() -> Caller {
        Caller {
            actor: Actor::local(),
            may_save: true,
        }
    }
}

/// The environment of the MCP server.
pub trait Host: Send + Sync + 'static {
    /// The engine on the KB being served now.
    fn engine(&self) -> Engine;

    /// The KB directory (`None`: the built-in KB).
    fn kb_dir(&self) -> Option<PathBuf>;

    /// The identity of the KB being served, for records.
    fn kb_identity(&self, engine: &Engine) -> KbIdentity {
        kompas_record::identity::kb_identity(engine.kb(), self.kb_dir().as_deref())
    }

    /// The snapshot of the KB being served, stored with records.
    fn kb_snapshot(&self, engine: &Engine) -> Arc<Value> {
        Arc::new(kompas_record::identity::kb_snapshot(engine.kb()))
    }

    /// The record store (opened on first use), or why there is none.
    fn store(&self) -> HostFuture<'_, Result<Store, String>>;

    /// Who calls when the transport names nobody (stdio).
    fn default_caller(&self) -> Caller {
        Caller::local()
    }

    /// Told after a record was saved (for metrics and logs).
    fn record_saved(&self, _record: &Record) {}
}

/// The host of `kompas mcp`: one KB, loaded and checked at start.
pub struct LocalHost {
    engine: Engine,
    kb_dir: Option<PathBuf>,
    database: Option<DatabaseUrl>,
    store: OnceCell<Store>,
}

impl LocalHost {
    /// A host on `engine` (the KB in `kb_dir`, `None` for the built-in one),
    /// keeping records in `database` (`None`: the default SQLite file).
    pub fn new(engine: Engine, kb_dir: Option<&Path>, database: Option<DatabaseUrl>) -> LocalHost {
        LocalHost {
            engine,
            kb_dir: kb_dir.map(Path::to_path_buf),
            database,
            store: OnceCell::new(),
        }
    }
}

impl Host for LocalHost {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn kb_dir(&self) -> Option<PathBuf> {
        self.kb_dir.clone()
    }

    fn store(&self) -> HostFuture<'_, Result<Store, String>> {
        Box::pin(async move {
            self.store
                .get_or_try_init(|| async {
                    let url = match &self.database {
                        Some(url) => url.clone(),
                        None => DatabaseUrl::default_sqlite()?,
                    };
                    Store::open(&url).await.map_err(|e| e.to_string())
                })
                .await
                .cloned()
        })
    }
}
