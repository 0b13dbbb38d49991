//! The transports: stdio (`kompas mcp`) and streamable HTTP (`/mcp` on
//! `kompas serve`).

use std::sync::Arc;

use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::ServiceExt;

use crate::{Host, KompasMcp};

/// The largest JSON-RPC message accepted over HTTP, as for the API's bodies.
pub const MAX_HTTP_BODY_BYTES: usize = 64 * 1024;

/// Serves MCP on standard input and output until the client closes them.
pub async fn serve_stdio(host: Arc<dyn Host>) -> Result<(), String> {
    let running = KompasMcp::new(host)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| format!("the MCP client did not start a session: {e}"))?;
    running
        .waiting()
        .await
        .map_err(|e| format!("the MCP session ended with an error: {e}"))?;
    Ok(())
}

/// The streamable HTTP service: stateless (every request stands alone, so
/// replicas are interchangeable and nothing is kept between requests), JSON
/// answers rather than event streams. `loopback_only` keeps rmcp's check that
/// the `Host` header names this machine (against DNS rebinding while the
/// server has no authentication); a shared server authenticates every request
/// instead and accepts any host name.
pub fn http_service(
    host: Arc<dyn Host>,
    loopback_only: bool,
) -> StreamableHttpService<KompasMcp, NeverSessionManager> {
    let mut config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(MAX_HTTP_BODY_BYTES);
    if !loopback_only {
        config = config.disable_allowed_hosts();
    }
    let server = KompasMcp::new(host);
    StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(NeverSessionManager::default()),
        config,
    )
}
