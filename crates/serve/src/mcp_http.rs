//! The Model Context Protocol at `/mcp`: kompas' tools and resources for AI
//! agents over streamable HTTP (see `kompas_mcp`), on the KB being served.
//!
//! Authentication is the records API's ([`crate::auth`]): with no auth file
//! only this machine may connect, as the local user; a shared server wants a
//! bearer token on every request (401 without, 403 for an unknown role). A
//! reader may call every tool that only reads; saving a record takes the
//! editor role (the tool answers with an error that says so).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use kompas_engine::Engine;
use kompas_mcp::{Caller, Host, HostFuture};
use kompas_record::{Actor, KbIdentity, Record};
use kompas_store::Store;
use serde_json::Value;

use crate::auth::Role;
use crate::records::Records;
use crate::state::AppState;

/// The path the MCP endpoint is mounted at.
pub const PATH: &str = "/mcp";

/// The server's state as the MCP server's host.
struct ServeHost {
    state: AppState,
}

impl Host for ServeHost {
    fn engine(&self) -> Engine {
        self.state.kb().engine.clone()
    }

    fn kb_dir(&self) -> Option<PathBuf> {
        self.state.kb_dir().map(PathBuf::from)
    }

    fn kb_identity(&self, _engine: &Engine) -> KbIdentity {
        Records::served_identity(&self.state)
    }

    fn kb_snapshot(&self, engine: &Engine) -> Arc<Value> {
        match self.state.records() {
            Some(records) => records.served_snapshot(&self.state),
            None => Arc::new(kompas_record::identity::kb_snapshot(engine.kb())),
        }
    }

    fn store(&self) -> HostFuture<'_, Result<Store, String>> {
        let store = self.state.records().map(|r| r.store.clone());
        Box::pin(
            async move { store.ok_or_else(|| "this server keeps no decision records".to_owned()) },
        )
    }

    fn default_caller(&self) -> Caller {
        // Every request is authenticated before it gets here; should one not
        // be, it may read and nothing more.
        Caller {
            actor: Actor::local(),
            may_save: false,
        }
    }

    fn record_saved(&self, record: &Record) {
        if let Some(records) = self.state.records() {
            records.mark_snapshot_stored(&record.kb.digest);
            records.count_change("created");
        }
        tracing::info!(record = %record.id, by = %record.created.by.id, "record saved over MCP");
    }
}

/// `POST /mcp` (and any other method, which rmcp answers 405): authenticate,
/// then hand the request to the MCP service.
pub async fn handle(State(state): State<AppState>, mut request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (caller, loopback_only) = match state.records() {
        Some(records) => match records.auth.principal(request.headers(), peer).await {
            Ok(principal) => (
                Caller {
                    may_save: principal.role >= Role::Editor,
                    actor: principal.actor,
                },
                records.auth.is_single_user(),
            ),
            Err(problem) => return problem.into_response(),
        },
        None => {
            if peer.is_some_and(|ip| !ip.is_loopback()) {
                return crate::auth::AuthProblem::forbidden(
                    "this server has no authentication set up, so MCP is available only from the machine it runs on",
                )
                .into_response();
            }
            (
                Caller {
                    actor: Actor::local(),
                    may_save: false,
                },
                true,
            )
        }
    };
    request.extensions_mut().insert(caller);
    let host: Arc<dyn Host> = Arc::new(ServeHost {
        state: state.clone(),
    });
    let service = kompas_mcp::transport::http_service(host, loopback_only);
    service.handle(request).await.map(Body::new)
}
