//! Who may do what with decision records.
//!
//! Roles, each including the one before: **reader** (support staff: read
//! records, diffs, drift, ADRs), **editor** (architects: save, propose,
//! override, sign), **approver** (the decision board: accept, supersede).
//!
//! Two modes:
//! - **single user** (no auth file, the default): the server is meant to listen
//!   on loopback; requests from this machine act as the local user with every
//!   role, requests from anywhere else are refused (403);
//! - **shared** (`--auth FILE` or `KOMPAS_AUTH_FILE`): every records request
//!   carries `Authorization: Bearer TOKEN`, either an OIDC access token (a JWT
//!   checked against the issuer's published keys, its roles read from a
//!   configurable claim) or a static API token for CI and agents (stored as
//!   its SHA-256 only). No token: 401; too small a role: 403.
//!
//! The auth file (YAML):
//! ```yaml
//! oidc:
//!   issuer: https://login.example.com/realms/platform
//!   audience: kompas
//!   roles_claim: realm_access.roles   # a dotted path to a string or a list (default: roles)
//!   roles: {architects: editor, decision-board: approver}   # claim value -> role
//! tokens:
//!   - {name: ci, role: reader, sha256: 9f86d081884c7d65...}
//! ```

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, AlgorithmFamily, DecodingKey, Validation};
use kompas_record::{Actor, ActorVia};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::problem::Problem;

/// The environment variable that names the auth file.
pub const AUTH_FILE_ENV: &str = "KOMPAS_AUTH_FILE";

/// How long fetched signing keys are trusted before they are fetched again
/// when a token names a key we do not have.
const KEY_REFETCH_AFTER: Duration = Duration::from_secs(60);

/// What a person may do with records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Read records, diffs, drift and ADRs.
    Reader,
    /// Also save, propose, override and sign.
    Editor,
    /// Also accept and supersede.
    Approver,
}

impl Role {
    /// The role's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Editor => "editor",
            Role::Approver => "approver",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        match text {
            "reader" => Some(Role::Reader),
            "editor" => Some(Role::Editor),
            "approver" => Some(Role::Approver),
            _ => None,
        }
    }
}

/// Who is asking, and with which role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Who (recorded on every change they make).
    pub actor: Actor,
    /// Their role.
    pub role: Role,
}

/// The auth file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthFile {
    /// OIDC bearer tokens.
    #[serde(default)]
    pub oidc: Option<OidcConfig>,
    /// Static API tokens.
    #[serde(default)]
    pub tokens: Vec<TokenEntry>,
}

/// How OIDC access tokens are checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The issuer (`iss`), e.g. `https://login.example.com/realms/platform`.
    pub issuer: String,
    /// The audience the tokens must carry (`aud`).
    pub audience: String,
    /// Where the roles are: a dotted path into the claims (default `roles`).
    #[serde(default = "default_roles_claim")]
    pub roles_claim: String,
    /// Claim value -> role. Without it, the values `reader`, `editor` and
    /// `approver` name the roles themselves.
    #[serde(default)]
    pub roles: BTreeMap<String, Role>,
    /// The claim with the name to show (default `name`, then
    /// `preferred_username`, `email`, `sub`).
    #[serde(default)]
    pub name_claim: Option<String>,
    /// The key set URL; default: `jwks_uri` of the issuer's discovery document.
    #[serde(default)]
    pub jwks_uri: Option<String>,
    /// A key set file instead of fetching it (air-gapped set-ups).
    #[serde(default)]
    pub jwks_file: Option<PathBuf>,
}

fn default_roles_claim() -> String {
    "roles".into()
}

/// A static API token: its name, role and SHA-256.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenEntry {
    /// Who uses it (`ci`, `renovate-bot`), recorded on every change it makes.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// SHA-256 of the token, hex (`kompas token hash`).
    pub sha256: String,
}

/// Why auth could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum AuthSetupError {
    /// The file could not be read.
    #[error("cannot read the auth file `{}`: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Line.
        line: usize,
        /// Column.
        col: usize,
        /// What is wrong and what is expected.
        message: String,
    },
    /// The issuer's keys could not be fetched or read.
    #[error("cannot get the signing keys of the OIDC issuer: {0}")]
    Keys(String),
}

/// The auth of a running server.
#[derive(Clone)]
pub struct Auth {
    mode: Arc<Mode>,
}

enum Mode {
    SingleUser,
    Shared {
        oidc: Option<Box<Oidc>>,
        tokens: Vec<([u8; 32], String, Role)>,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match *self.mode {
            Mode::SingleUser => "Auth::SingleUser",
            Mode::Shared { .. } => "Auth::Shared",
        })
    }
}

impl Auth {
    /// Single-user mode: the local user, from this machine only.
    pub fn single_user() -> Auth {
        Auth {
            mode: Arc::new(Mode::SingleUser),
        }
    }

    /// Whether this is single-user mode.
    pub fn is_single_user(&self) -> bool {
        matches!(*self.mode, Mode::SingleUser)
    }

    /// Reads an auth file and, for OIDC, fetches the issuer's keys.
    pub async fn from_file(path: &Path) -> Result<Auth, AuthSetupError> {
        let text = std::fs::read_to_string(path).map_err(|source| AuthSetupError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let file = parse_file(path, &text)?;
        Auth::from_config(file).await
    }

    /// Auth from a parsed file (fetching OIDC keys).
    pub async fn from_config(file: AuthFile) -> Result<Auth, AuthSetupError> {
        let tokens = file
            .tokens
            .iter()
            .map(|t| {
                let mut digest = [0u8; 32];
                hex_decode(&t.sha256, &mut digest)
                    .map(|()| (digest, t.name.clone(), t.role))
                    .ok_or_else(|| {
                        AuthSetupError::Keys(format!(
                            "token `{}`: sha256 must be 64 hex digits (`kompas token hash`)",
                            t.name
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let oidc = match file.oidc {
            Some(config) => Some(Box::new(Oidc::start(config).await?)),
            None => None,
        };
        Ok(Auth {
            mode: Arc::new(Mode::Shared { oidc, tokens }),
        })
    }

    /// Who sent a request with these headers from `peer`, or the 401/403 problem to answer.
    pub async fn principal(
        &self,
        headers: &HeaderMap,
        peer: Option<IpAddr>,
    ) -> Result<Principal, AuthProblem> {
        match &*self.mode {
            Mode::SingleUser => match peer {
                Some(ip) if !ip.is_loopback() => Err(AuthProblem::forbidden(
                    "this server has no authentication set up, so records are available only from the machine it runs on; \
                     for a shared deployment start it with --auth FILE (see the README)",
                )),
                _ => Ok(Principal {
                    actor: Actor::local(),
                    role: Role::Approver,
                }),
            },
            Mode::Shared { oidc, tokens } => {
                let token = bearer(headers)?;
                if !looks_like_jwt(token) {
                    let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
                    // Compare every entry in full, so timing does not tell which matched.
                    let mut found = None;
                    for (hash, name, role) in tokens {
                        if constant_time_eq(hash, &digest) {
                            found = Some((name, *role));
                        }
                    }
                    return match found {
                        Some((name, role)) => Ok(Principal {
                            actor: Actor {
                                id: format!("token:{name}"),
                                name: name.clone(),
                                via: ActorVia::Token,
                            },
                            role,
                        }),
                        None => Err(AuthProblem::unauthorized("the API token is not known to this server")),
                    };
                }
                match oidc {
                    Some(oidc) => oidc.verify(token).await,
                    None => Err(AuthProblem::unauthorized(
                        "this server does not accept OIDC tokens (no `oidc` in its auth file); use an API token",
                    )),
                }
            }
        }
    }
}

/// A refusal: 401 (who are you?) or 403 (not allowed).
#[derive(Debug, Clone)]
pub struct AuthProblem {
    status: u16,
    detail: String,
}

impl AuthProblem {
    fn unauthorized(detail: impl Into<String>) -> AuthProblem {
        AuthProblem {
            status: 401,
            detail: detail.into(),
        }
    }

    /// 403 with this detail.
    pub fn forbidden(detail: impl Into<String>) -> AuthProblem {
        AuthProblem {
            status: 403,
            detail: detail.into(),
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl IntoResponse for AuthProblem {
    fn into_response(self) -> Response {
        let (kind, title) = if self.status == 401 {
            ("urn:kompas:problem:unauthorized", "Authentication required")
        } else {
            ("urn:kompas:problem:forbidden", "Not allowed")
        };
        let problem = Problem {
            kind: kind.into(),
            title: title.into(),
            status: self.status,
            detail: self.detail,
            errors: Vec::new(),
        };
        let mut response = problem.into_response();
        if self.status == 401 {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"kompas\""),
            );
        }
        response
    }
}

/// Refuses unless `principal` has at least `needed`.
pub fn require(principal: &Principal, needed: Role, what: &str) -> Result<(), AuthProblem> {
    if principal.role >= needed {
        Ok(())
    } else {
        Err(AuthProblem::forbidden(format!(
            "{} has the role {}; to {what} takes the role {} or higher",
            principal.actor.name,
            principal.role.as_str(),
            needed.as_str()
        )))
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, AuthProblem> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        AuthProblem::unauthorized(
            "send `Authorization: Bearer TOKEN` (an OIDC access token or an API token)",
        )
    })?;
    let value = value
        .to_str()
        .map_err(|_| AuthProblem::unauthorized("the Authorization header is not text"))?;
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthProblem::unauthorized(
            "the Authorization header must be `Bearer TOKEN`",
        ));
    }
    Ok(token.trim())
}

fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex_decode(text: &str, out: &mut [u8; 32]) -> Option<()> {
    let text = text.trim();
    if text.len() != 64 {
        return None;
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(())
}

/// SHA-256 of a token, hex: what the auth file stores.
pub fn token_hash(token: &str) -> String {
    kompas_record::canonical::sha256_hex(token.trim().as_bytes())
}

/// A new random API token (`kpt_` and 43 base64url characters, 256 bits).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides random bytes");
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::from("kpt_");
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 6 {
            bits -= 6;
            out.push(ALPHABET[((acc >> bits) & 63) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (6 - bits)) & 63) as usize] as char);
    }
    out
}

/// Parses the auth file, every problem located at `file:line:col`.
pub fn parse_file(path: &Path, text: &str) -> Result<AuthFile, AuthSetupError> {
    let invalid = |pos: kompas_kb::yaml::Pos, message: String| AuthSetupError::Invalid {
        path: path.to_path_buf(),
        line: pos.line,
        col: pos.col,
        message,
    };
    let (value, map) = kompas_kb::yaml::parse(text).map_err(|e| invalid(e.pos, e.message))?;
    let file: AuthFile = serde_path_to_error::deserialize(&value).map_err(|e| {
        let pointer: String = e.path().iter().map(|s| format!("/{s}")).collect();
        let pos = map.value_pos(&pointer).unwrap_or_default();
        let what = e.path().to_string();
        invalid(pos, format!("`{what}`: {}", e.inner()))
    })?;
    for (i, t) in file.tokens.iter().enumerate() {
        if hex_decode(&t.sha256, &mut [0u8; 32]).is_none() {
            let pos = map
                .value_pos(&format!("/tokens/{i}/sha256"))
                .unwrap_or_default();
            return Err(invalid(pos, format!(
                "token `{}`: `sha256` must be the 64 hex digits of the token's SHA-256 (`kompas token hash`), not the token itself",
                t.name
            )));
        }
    }
    if let Some(oidc) = &file.oidc {
        let check_url = |url: &str, key: &str| -> Result<(), AuthSetupError> {
            if is_allowed_url(url) {
                Ok(())
            } else {
                let pos = map.value_pos(&format!("/oidc/{key}")).unwrap_or_default();
                Err(invalid(pos, format!(
                    "`oidc.{key}` is `{url}`; it must be an https:// URL (http:// only to this machine, e.g. http://127.0.0.1:PORT)"
                )))
            }
        };
        check_url(&oidc.issuer, "issuer")?;
        if let Some(uri) = &oidc.jwks_uri {
            check_url(uri, "jwks_uri")?;
        }
        if oidc.audience.trim().is_empty() {
            let pos = map.value_pos("/oidc/audience").unwrap_or_default();
            return Err(invalid(pos, "`oidc.audience` is empty; name the audience your identity provider puts in kompas' tokens".into()));
        }
    }
    Ok(file)
}

/// https anywhere; http only to a loopback address.
fn is_allowed_url(url: &str) -> bool {
    match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "https" => u.host_str().is_some(),
        Ok(u) if u.scheme() == "http" => u.host_str().is_some_and(|host| {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            host == "localhost"
                || host
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// OIDC
// ---------------------------------------------------------------------------

struct Oidc {
    config: OidcConfig,
    client: reqwest::Client,
    jwks_uri: Option<String>,
    keys: RwLock<(JwkSet, Instant)>,
    refetching: tokio::sync::Mutex<()>,
}

impl Oidc {
    async fn start(config: OidcConfig) -> Result<Oidc, AuthSetupError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AuthSetupError::Keys(e.to_string()))?;
        let jwks_uri = match (&config.jwks_file, &config.jwks_uri) {
            (Some(_), _) => None,
            (None, Some(uri)) => Some(uri.clone()),
            (None, None) => Some(discover(&client, &config.issuer).await?),
        };
        let mut oidc = Oidc {
            config,
            client,
            jwks_uri,
            keys: RwLock::new((JwkSet { keys: Vec::new() }, Instant::now())),
            refetching: tokio::sync::Mutex::new(()),
        };
        let keys = oidc.fetch_keys().await?;
        tracing::info!(issuer = %oidc.config.issuer, keys = keys.keys.len(), "OIDC signing keys loaded");
        oidc.keys = RwLock::new((keys, Instant::now()));
        Ok(oidc)
    }

    async fn fetch_keys(&self) -> Result<JwkSet, AuthSetupError> {
        let text = match (&self.config.jwks_file, &self.jwks_uri) {
            (Some(path), _) => std::fs::read_to_string(path).map_err(|e| {
                AuthSetupError::Keys(format!("cannot read `{}`: {e}", path.display()))
            })?,
            (None, Some(uri)) => get_text(&self.client, uri).await?,
            (None, None) => return Err(AuthSetupError::Keys("no key set configured".into())),
        };
        let set: JwkSet = serde_json::from_str(&text).map_err(|e| {
            AuthSetupError::Keys(format!("the key set is not a JWKS document: {e}"))
        })?;
        Ok(set)
    }

    fn key(&self, kid: Option<&str>, alg: Algorithm) -> Option<(DecodingKey, bool)> {
        let guard = self.keys.read().unwrap_or_else(|p| p.into_inner());
        let (set, fetched) = &*guard;
        let jwk = match kid {
            Some(kid) => set.find(kid),
            None => set.keys.iter().find(|k| jwk_fits(k, alg)),
        }?;
        let stale = fetched.elapsed() > KEY_REFETCH_AFTER;
        DecodingKey::from_jwk(jwk).ok().map(|k| (k, stale))
    }

    async fn verify(&self, token: &str) -> Result<Principal, AuthProblem> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| AuthProblem::unauthorized(format!("the token is not a JWT: {e}")))?;
        if header.alg.family() == AlgorithmFamily::Hmac {
            return Err(AuthProblem::unauthorized(
                "the token is signed with a shared secret (HS*); only the issuer's published keys are trusted",
            ));
        }
        let kid = header.kid.as_deref();
        let key = match self.key(kid, header.alg) {
            Some((key, _)) => key,
            None => {
                // Perhaps the issuer rotated its keys: fetch them again, at most once a minute.
                let _one = self.refetching.lock().await;
                let stale = self
                    .keys
                    .read()
                    .map(|g| g.1.elapsed() > KEY_REFETCH_AFTER)
                    .unwrap_or(true);
                if stale {
                    match self.fetch_keys().await {
                        Ok(set) => {
                            if let Ok(mut guard) = self.keys.write() {
                                *guard = (set, Instant::now());
                            }
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "cannot refresh the OIDC signing keys")
                        }
                    }
                }
                self.key(kid, header.alg).map(|(k, _)| k).ok_or_else(|| {
                    AuthProblem::unauthorized(
                        "the token is signed with a key the issuer does not publish",
                    )
                })?
            }
        };
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.audience]);
        validation.leeway = 60;
        validation.validate_nbf = true;
        let data = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|e| AuthProblem::unauthorized(format!("the token is not valid: {e}")))?;
        let claims = data.claims;
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let name = self
            .config
            .name_claim
            .iter()
            .map(String::as_str)
            .chain(["name", "preferred_username", "email", "sub"])
            .find_map(|c| claims.get(c).and_then(Value::as_str))
            .unwrap_or("unknown")
            .to_owned();
        let role = self.role_of(&claims).ok_or_else(|| {
            AuthProblem::forbidden(format!(
                "{name} has no kompas role: the token's `{}` claim names none of {}",
                self.config.roles_claim,
                self.role_names()
            ))
        })?;
        Ok(Principal {
            actor: Actor {
                id: format!("oidc:{}#{subject}", self.config.issuer),
                name,
                via: ActorVia::Oidc,
            },
            role,
        })
    }

    fn role_names(&self) -> String {
        if self.config.roles.is_empty() {
            "`reader`, `editor`, `approver`".into()
        } else {
            self.config
                .roles
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// The highest role the claims name.
    fn role_of(&self, claims: &Value) -> Option<Role> {
        let mut at = claims;
        for part in self.config.roles_claim.split('.') {
            at = at.get(part)?;
        }
        let values: Vec<&str> = match at {
            Value::String(s) => s.split([' ', ',']).filter(|s| !s.is_empty()).collect(),
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => return None,
        };
        values
            .into_iter()
            .filter_map(|v| {
                if self.config.roles.is_empty() {
                    Role::parse(v)
                } else {
                    self.config.roles.get(v).copied()
                }
            })
            .max()
    }
}

/// Whether a published key is of the family the token's algorithm needs (for tokens without `kid`).
fn jwk_fits(jwk: &jsonwebtoken::jwk::Jwk, alg: Algorithm) -> bool {
    use jsonwebtoken::jwk::AlgorithmParameters as P;
    let family = match &jwk.algorithm {
        P::EllipticCurve(_) => AlgorithmFamily::Ec,
        P::RSA(_) => AlgorithmFamily::Rsa,
        P::OctetKeyPair(_) => AlgorithmFamily::Ed,
        _ => return false,
    };
    family == alg.family()
}

async fn discover(client: &reqwest::Client, issuer: &str) -> Result<String, AuthSetupError> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    );
    let text = get_text(client, &url).await?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| AuthSetupError::Keys(format!("{url} is not JSON: {e}")))?;
    let uri = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or_else(|| AuthSetupError::Keys(format!("{url} names no `jwks_uri`")))?;
    if !is_allowed_url(uri) {
        return Err(AuthSetupError::Keys(format!(
            "the issuer's jwks_uri `{uri}` is not https"
        )));
    }
    Ok(uri.to_owned())
}

async fn get_text(client: &reqwest::Client, url: &str) -> Result<String, AuthSetupError> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| AuthSetupError::Keys(format!("GET {url}: {e}")))?;
    if !response.status().is_success() {
        return Err(AuthSetupError::Keys(format!(
            "GET {url}: HTTP {}",
            response.status()
        )));
    }
    response
        .text()
        .await
        .map_err(|e| AuthSetupError::Keys(format!("GET {url}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Reader < Role::Editor && Role::Editor < Role::Approver);
        let p = Principal {
            actor: Actor::local(),
            role: Role::Editor,
        };
        assert!(require(&p, Role::Editor, "propose").is_ok());
        let refusal = require(&p, Role::Approver, "accept a record").unwrap_err();
        assert_eq!(refusal.status(), 403);
        assert!(
            refusal
                .detail
                .contains("to accept a record takes the role approver"),
            "{}",
            refusal.detail
        );
    }

    #[test]
    fn tokens_are_stored_as_sha256_and_new_ones_are_long() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let t = new_token();
        assert!(t.starts_with("kpt_") && t.len() == 47, "{t}");
        assert_ne!(new_token(), t);
        assert!(!looks_like_jwt(&t));
    }

    #[test]
    fn the_auth_file_is_checked_with_positions() {
        let path = Path::new("auth.yaml");
        let ok = "oidc:\n  issuer: https://id.example\n  audience: kompas\n  roles: {board: approver}\ntokens:\n  - {name: ci, role: reader, sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad}\n";
        let file = parse_file(path, ok).unwrap();
        assert_eq!(file.tokens[0].role, Role::Reader);
        assert_eq!(file.oidc.unwrap().roles["board"], Role::Approver);

        let err = parse_file(path, "tokens:\n  - {name: ci, role: admin, sha256: x}\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("auth.yaml:2:"), "{err}");
        assert!(err.contains("unknown variant `admin`"), "{err}");
        let err = parse_file(
            path,
            "tokens:\n  - {name: ci, role: reader, sha256: secret}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("not the token itself"), "{err}");
        let err = parse_file(path, "oidc:\n  issuer: http://id.example\n  audience: k\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("auth.yaml:2:") && err.contains("https://"),
            "{err}"
        );
        assert!(parse_file(
            path,
            "oidc:\n  issuer: http://127.0.0.1:9/x\n  audience: k\n"
        )
        .is_ok());
        let err = parse_file(path, "tokenz: []\n").unwrap_err().to_string();
        assert!(err.contains("unknown field `tokenz`"), "{err}");
    }

    #[test]
    fn bearer_headers_are_read_strictly() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h).unwrap_err().status, 401);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert!(bearer(&h).is_err());
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  kpt_x "),
        );
        assert_eq!(bearer(&h).unwrap(), "kpt_x");
    }
}
