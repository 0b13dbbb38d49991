//! kompas for AI agents: a Model Context Protocol server.
//!
//! Built on the official Rust SDK (`rmcp`, pinned exactly), speaking every
//! protocol revision it knows up to the newest (2026-07-28: no `initialize`
//! handshake, `server/discover`, self-contained requests), and the older ones
//! with a handshake.
//!
//! - **Tools** ([`tools`]): `assess`, `explain`, `list_decisions`,
//!   `list_inputs`, `check_kb`, and the decision-record tools `record_save`,
//!   `record_diff`, `record_drift`. Input schemas come from the API's JSON
//!   Schemas; every answer is a concise text plus structured content; a call
//!   with bad arguments gets a tool error naming each problem's JSON pointer,
//!   the value given and what was expected ([`args`]).
//! - **Resources** ([`resources`]): the KB's decisions, capabilities, Layer 0
//!   items and open questions by URI (`kompas://kb/decisions/cni`).
//! - **Transports** ([`transport`]): stdio for `kompas mcp`, and the
//!   streamable HTTP service `kompas serve` mounts at `/mcp`.
//!
//! The environment (which KB, which record store, who calls) is a [`Host`].

#![warn(missing_docs)]

pub mod args;
mod call;
pub mod host;
pub mod resources;
pub mod tools;
pub mod transport;

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, Implementation, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler};

pub use host::{Caller, Host, HostFuture, LocalHost};

/// What the server tells a client about itself.
const INSTRUCTIONS: &str = "kompas recommends cloud-native platform choices for an organisation, traceably. \
Describe the organisation as a profile (see `list_inputs`; answers left out take defaults), then call `assess` \
for the whole stack or `explain` for one decision. `list_decisions` names the decisions; resources \
kompas://kb/decisions/{id}, kompas://kb/layer0/{id}, kompas://kb/questions/{id} and \
kompas://kb/capabilities/{id} hold the knowledge behind them. `record_save` keeps an assessment as a decision \
record; `record_diff` and `record_drift` compare records and review them against today's knowledge.";

/// The kompas MCP server on a [`Host`]. Cheap to clone.
#[derive(Clone)]
pub struct KompasMcp {
    host: Arc<dyn Host>,
}

impl KompasMcp {
    /// A server on `host`.
    pub fn new(host: Arc<dyn Host>) -> KompasMcp {
        KompasMcp { host }
    }

    /// Who sent this request: the caller the HTTP transport put into the
    /// request's extensions, else the host's default (stdio: the local user).
    fn caller(&self, context: &RequestContext<RoleServer>) -> Caller {
        context
            .extensions
            .get::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>().cloned())
            .unwrap_or_else(|| self.host.default_caller())
    }

    /// The tools, with schemas for the KB being served now.
    pub fn tools(&self) -> Vec<Tool> {
        tools::catalogue(&self.host.engine())
    }
}

impl ServerHandler for KompasMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .build(),
        )
        .with_server_info(
            Implementation::new("kompas", env!("CARGO_PKG_VERSION"))
                .with_title("kompas: traceable cloud-native platform choices"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.tools()))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        self.tools().into_iter().find(|t| t.name == name)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let caller = self.caller(&context);
        let known = self.tools();
        if !known.iter().any(|t| t.name == request.name) {
            let names: Vec<&str> = known.iter().map(|t| t.name.as_ref()).collect();
            return Err(ErrorData::invalid_params(
                format!(
                    "there is no tool `{}`; the tools are {}",
                    kompas_kb::yaml::clip(&request.name),
                    names.join(", ")
                ),
                None,
            ));
        }
        let result = call::call(&*self.host, &caller, &request.name, request.arguments).await;
        Ok(result.into())
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let engine = self.host.engine();
        Ok(ListResourcesResult::with_all_items(resources::list(
            engine.kb(),
        )))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let engine = self.host.engine();
        match resources::read(engine.kb(), &request.uri) {
            Some(contents) => Ok(ReadResourceResult::new(vec![contents]).into()),
            None => Err(ErrorData::resource_not_found(
                format!(
                    "there is no resource `{}`; resources are {} (see resources/list)",
                    kompas_kb::yaml::clip(&request.uri),
                    resources::kinds_hint()
                ),
                None,
            )),
        }
    }
}
