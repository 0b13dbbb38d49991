//! The records API over real HTTP: ETags and If-Match, concurrent accepts,
//! diff, drift, ADR zips, metrics; and who may do what (single user, static
//! tokens, OIDC tokens checked against a key set served on loopback).

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use common::{builtin_engine, webshop_profile};
use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use kompas_serve::auth::{Auth, AuthFile, OidcConfig, Role, TokenEntry};
use kompas_serve::{AppState, LoadedKb, Records};
use kompas_store::{DatabaseUrl, Store};
use serde_json::{json, Value};
use tokio::net::TcpListener;

struct Server {
    base: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(auth: Auth) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&DatabaseUrl::sqlite(&dir.path().join("records.sqlite3")))
            .await
            .unwrap();
        let state = AppState::new(LoadedKb::from_engine(builtin_engine(), 0), None);
        state.set_records(Records::new(store, auth));
        Server::serve(state, dir).await
    }

    async fn serve(state: AppState, dir: tempfile::TempDir) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { kompas_serve::serve(listener, state, false).await });
        Server {
            base,
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    fn req(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let r = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        self.req(reqwest::Method::GET, path, token)
            .send()
            .await
            .unwrap()
    }

    async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> reqwest::Response {
        let mut r = self.req(reqwest::Method::POST, path, token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        if let Some(tag) = if_match {
            r = r.header("if-match", tag);
        }
        r.send().await.unwrap()
    }

    async fn save(&self, token: Option<&str>) -> (String, String) {
        let r = self
            .post(
                "/api/v1/records",
                token,
                Some(json!({"title": "Platform choices", "profile": webshop_profile()})),
                None,
            )
            .await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let record: Value = r.json().await.unwrap();
        (record["id"].as_str().unwrap().to_owned(), etag)
    }
}

async fn status_and_json(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn etag_of(r: &reqwest::Response) -> String {
    r.headers()["etag"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_record_is_saved_read_changed_and_attributed_with_etags() {
    let s = Server::start(Auth::single_user()).await;
    let r = s
        .post("/api/v1/records", None, Some(json!({"title": "Platform choices", "organisation": "Webshop", "profile": webshop_profile()})), None)
        .await;
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(etag_of(&r), "\"r1\"");
    let record: Value = r.json().await.unwrap();
    let id = record["id"].as_str().unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/records/{id}"));
    assert_eq!(record["status"], "draft");
    assert_eq!(record["created"]["by"]["via"], "local");

    let r = s.get(&location, None).await;
    assert_eq!((r.status().as_u16(), etag_of(&r)), (200, "\"r1\"".into()));
    let r = s
        .req(reqwest::Method::GET, &location, None)
        .header("if-none-match", "\"r1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);

    // Status changes need If-Match: missing 428, stale 412.
    let (status, p) = status_and_json(
        s.post(&format!("{location}/propose"), None, None, None)
            .await,
    )
    .await;
    assert_eq!(status, 428);
    assert_eq!(p["type"], "urn:kompas:problem:precondition-required");
    let r = s
        .post(&format!("{location}/propose"), None, None, Some("\"r1\""))
        .await;
    assert_eq!((r.status().as_u16(), etag_of(&r)), (200, "\"r2\"".into()));
    let (status, p) = status_and_json(
        s.post(&format!("{location}/accept"), None, None, Some("\"r1\""))
            .await,
    )
    .await;
    assert_eq!(status, 412, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("is at revision 2"),
        "{p}"
    );

    // Overrides and sign-offs: If-Match optional; bad input named by pointer.
    let (status, p) = status_and_json(
        s.post(
            &format!("{location}/override"),
            None,
            Some(json!({"decision": "ingres", "option": "contour", "reason": "x"})),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["pointer"], "/decision");
    assert_eq!(p["errors"][0]["help"], "did you mean `ingress`?");
    let (status, p) = status_and_json(
        s.post(
            &format!("{location}/override"),
            None,
            Some(json!({"decision": "ingress", "option": "contour"})),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "{p}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("missing field `reason`"),
        "{p}"
    );
    let r = s
        .post(
            &format!("{location}/override"),
            None,
            Some(json!({"decision": "ingress", "option": "contour", "reason": "We run Contour."})),
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = s
        .post(
            &format!("{location}/sign"),
            None,
            Some(json!({"role": "CTO", "comment": "Go."})),
            Some("\"r3\""),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = s
        .post(&format!("{location}/accept"), None, None, Some("\"r4\""))
        .await;
    assert_eq!(r.status(), 200);
    let record: Value = r.json().await.unwrap();
    assert_eq!(record["status"], "accepted");
    assert_eq!(
        record["signoffs"][0]["name"], record["accepted"]["by"]["name"],
        "the signer defaults to the caller"
    );
    let (status, p) = status_and_json(
        s.post(&format!("{location}/accept"), None, None, Some("\"r5\""))
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        p["detail"].as_str().unwrap().contains("already accepted"),
        "{p}"
    );
    let (status, _) = status_and_json(
        s.post(
            &format!("{location}/override"),
            None,
            Some(json!({"decision": "cni", "option": "calico", "reason": "x"})),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "an accepted record is frozen");

    let (status, revisions) =
        status_and_json(s.get(&format!("{location}/revisions"), None).await).await;
    assert_eq!(status, 200);
    let kinds: Vec<&str> = revisions["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["change"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["created", "proposed", "overridden", "signed", "accepted"]
    );

    let (_, list) = status_and_json(s.get("/api/v1/records?status=accepted", None).await).await;
    assert_eq!(list["records"][0]["id"], id.as_str());
    assert_eq!(
        s.get("/api/v1/records?status=nope", None).await.status(),
        400
    );
    assert_eq!(
        s.get("/api/v1/records/r0000000000", None).await.status(),
        404
    );
    assert_eq!(s.get("/api/v1/records/..%2Fetc", None).await.status(), 404);

    // Invalid profiles are named inside the body.
    let (status, p) = status_and_json(
        s.post(
            "/api/v1/records",
            None,
            Some(json!({"title": "x", "profile": {"team_size": "many"}})),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["pointer"], "/profile/team_size");
}

#[tokio::test]
async fn of_concurrent_accepts_exactly_one_succeeds() {
    let s = Arc::new(Server::start(Auth::single_user()).await);
    let (id, _) = s.save(None).await;
    let r = s
        .post(
            &format!("/api/v1/records/{id}/propose"),
            None,
            None,
            Some("\"r1\""),
        )
        .await;
    assert_eq!(r.status(), 200);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (s, id) = (s.clone(), id.clone());
            tokio::spawn(async move {
                s.post(
                    &format!("/api/v1/records/{id}/accept"),
                    None,
                    None,
                    Some("\"r2\""),
                )
                .await
                .status()
                .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409 || *s == 412),
        "{statuses:?}"
    );
    let (_, revisions) = status_and_json(
        s.get(&format!("/api/v1/records/{id}/revisions"), None)
            .await,
    )
    .await;
    assert_eq!(
        revisions["revisions"].as_array().unwrap().len(),
        3,
        "one accept, recorded once"
    );
}

#[tokio::test]
async fn diff_compare_drift_adr_and_metrics() {
    let s = Server::start(Auth::single_user()).await;
    let (a, _) = s.save(None).await;
    let r = s
        .post(
            "/api/v1/records",
            None,
            Some(
                json!({"title": "Bigger", "profile": {"team_size": 40, "calico_expertise": true}}),
            ),
            None,
        )
        .await;
    let b: Value = r.json().await.unwrap();
    let b = b["id"].as_str().unwrap();
    let (status, d) =
        status_and_json(s.get(&format!("/api/v1/records/{a}/diff/{b}"), None).await).await;
    assert_eq!(status, 200);
    assert_eq!(d["same"], false);
    let cni = d["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["decision"] == "cni")
        .unwrap();
    assert_eq!(
        (cni["from"]["option"].as_str(), cni["to"]["option"].as_str()),
        (Some("cilium"), Some("calico"))
    );

    let (status, c) = status_and_json(
        s.post(
            &format!("/api/v1/records/{a}/compare"),
            None,
            Some(webshop_profile()),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(c["same"], true, "{c}");
    assert!(c["to"]["record"].is_null());

    s.post(
        &format!("/api/v1/records/{a}/propose"),
        None,
        None,
        Some("\"r1\""),
    )
    .await;
    s.post(
        &format!("/api/v1/records/{a}/accept"),
        None,
        None,
        Some("\"r2\""),
    )
    .await;
    let (status, review) = status_and_json(s.get("/api/v1/records/drift", None).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            review["reviewed"].as_u64(),
            review["drifted"].as_array().map(Vec::len)
        ),
        (Some(1), Some(0))
    );
    let (_, one) = status_and_json(s.get(&format!("/api/v1/records/{a}/drift"), None).await).await;
    assert_eq!(one["drifted"], false);

    let r = s.get(&format!("/api/v1/records/{a}/adr.zip"), None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".zip"));
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let metrics = s.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains("kompas_records_drifted 0"), "{metrics}");
    assert!(metrics.contains("kompas_records_accepted 1"));
    assert!(metrics.contains("kompas_record_changes_total{change=\"created\"} 2"));

    let (_, doc) = status_and_json(s.get("/api/v1/openapi.json", None).await).await;
    for path in [
        "/api/v1/records",
        "/api/v1/records/{id}",
        "/api/v1/records/{id}/revisions",
        "/api/v1/records/{id}/propose",
        "/api/v1/records/{id}/accept",
        "/api/v1/records/{id}/supersede",
        "/api/v1/records/{id}/override",
        "/api/v1/records/{id}/sign",
        "/api/v1/records/{id}/diff/{other}",
        "/api/v1/records/drift",
        "/api/v1/records/{id}/adr.zip",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} is in the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["Record"]["properties"]["assessment"].is_object());
}

#[tokio::test]
async fn a_server_without_records_says_so() {
    let state = AppState::new(LoadedKb::from_engine(builtin_engine(), 0), None);
    let s = Server::serve(state, tempfile::tempdir().unwrap()).await;
    let (status, p) = status_and_json(s.get("/api/v1/records", None).await).await;
    assert_eq!(status, 503);
    assert_eq!(p["type"], "urn:kompas:problem:records-disabled");
}

#[tokio::test]
async fn a_single_user_server_refuses_other_machines() {
    let auth = Auth::single_user();
    let headers = axum::http::HeaderMap::new();
    let local = auth
        .principal(&headers, Some("127.0.0.1".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(local.role, Role::Approver);
    let refusal = auth
        .principal(&headers, Some("10.1.2.3".parse().unwrap()))
        .await
        .unwrap_err();
    assert_eq!(refusal.status(), 403);
}

// ---------------------------------------------------------------------------
// Shared deployment: tokens and OIDC
// ---------------------------------------------------------------------------

const READER: &str = "kpt_reader-token-for-tests-0000000000000000000";
const EDITOR: &str = "kpt_editor-token-for-tests-0000000000000000000";
const APPROVER: &str = "kpt_approver-token-for-tests-000000000000000000";

fn tokens() -> Vec<TokenEntry> {
    [
        ("support", Role::Reader, READER),
        ("architect", Role::Editor, EDITOR),
        ("board", Role::Approver, APPROVER),
    ]
    .into_iter()
    .map(|(name, role, token)| TokenEntry {
        name: name.into(),
        role,
        sha256: kompas_serve::auth::token_hash(token),
    })
    .collect()
}

/// A test identity provider: an Ed25519 key pair made here, its key set and
/// discovery document served on loopback.
struct Issuer {
    url: String,
    key: EncodingKey,
    other_key: EncodingKey,
}

fn ed25519_key() -> EncodingKey {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).unwrap();
    // PKCS#8 v1 wrapping of an Ed25519 private key (RFC 8410).
    let mut der = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    der.extend_from_slice(&seed);
    EncodingKey::from_ed_der(&der)
}

impl Issuer {
    async fn start() -> Issuer {
        let key = ed25519_key();
        let mut jwk = Jwk::from_encoding_key(&key, Algorithm::EdDSA).unwrap();
        jwk.common.key_id = Some("test-key".into());
        let set = JwkSet { keys: vec![jwk] };
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let discovery = json!({"issuer": url, "jwks_uri": format!("{url}/jwks")});
        let set = serde_json::to_value(&set).unwrap();
        let app = axum::Router::new()
            .route(
                "/.well-known/openid-configuration",
                axum::routing::get(move || async move { axum::Json(discovery) }),
            )
            .route(
                "/jwks",
                axum::routing::get(move || async move { axum::Json(set) }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await });
        Issuer {
            url,
            key,
            other_key: ed25519_key(),
        }
    }

    fn token(&self, claims: Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some("test-key".into());
        jsonwebtoken::encode(&header, &claims, &self.key).unwrap()
    }

    fn claims(&self, name: &str, groups: &[&str]) -> Value {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        json!({"iss": self.url, "aud": "kompas", "sub": format!("{name}-id"), "name": name,
               "exp": now + 300, "iat": now, "realm_access": {"roles": groups}})
    }
}

async fn shared_server(issuer: &Issuer) -> Server {
    let auth = Auth::from_config(AuthFile {
        oidc: Some(OidcConfig {
            issuer: issuer.url.clone(),
            audience: "kompas".into(),
            roles_claim: "realm_access.roles".into(),
            roles: BTreeMap::from([
                ("architects".into(), Role::Editor),
                ("decision-board".into(), Role::Approver),
                ("support".into(), Role::Reader),
            ]),
            name_claim: None,
            jwks_uri: None,
            jwks_file: None,
        }),
        tokens: tokens(),
    })
    .await
    .expect("the key set is fetched from the issuer on loopback");
    Server::start(auth).await
}

#[tokio::test]
async fn each_role_is_refused_what_it_may_not_do() {
    let issuer = Issuer::start().await;
    let s = shared_server(&issuer).await;

    // No token, an unknown token: 401 with a challenge.
    let r = s.get("/api/v1/records", None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"kompas\"");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert_eq!(
        s.get("/api/v1/records", Some("kpt_wrong")).await.status(),
        401
    );

    // Reader: reads, changes nothing.
    assert_eq!(s.get("/api/v1/records", Some(READER)).await.status(), 200);
    let body = json!({"title": "x", "profile": {}});
    let (status, p) = status_and_json(
        s.post("/api/v1/records", Some(READER), Some(body.clone()), None)
            .await,
    )
    .await;
    assert_eq!(status, 403);
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("support has the role reader; to save a record takes the role editor"),
        "{p}"
    );

    // Editor: saves, proposes, overrides, signs; cannot accept or supersede.
    let (id, _) = s.save(Some(EDITOR)).await;
    let path = |action: &str| format!("/api/v1/records/{id}/{action}");
    for (action, body) in [
        ("propose", None),
        ("accept", None),
        (
            "override",
            Some(json!({"decision": "ingress", "option": "contour", "reason": "x"})),
        ),
        ("sign", Some(json!({"role": "CTO"}))),
        ("supersede", Some(json!({"by": id}))),
    ] {
        let status = s
            .post(&path(action), Some(READER), body, Some("\"r1\""))
            .await
            .status();
        assert_eq!(status, 403, "a reader may not {action}");
    }
    assert_eq!(
        s.post(
            &path("override"),
            Some(EDITOR),
            Some(json!({"decision": "ingress", "option": "contour", "reason": "We run it."})),
            None
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        s.post(&path("propose"), Some(EDITOR), None, Some("\"r2\""))
            .await
            .status(),
        200
    );
    assert_eq!(
        s.post(
            &path("sign"),
            Some(EDITOR),
            Some(json!({"name": "Ann", "role": "architect"})),
            None
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        s.post(&path("accept"), Some(EDITOR), None, Some("\"r4\""))
            .await
            .status(),
        403,
        "an editor may not accept"
    );
    assert_eq!(
        s.post(
            &path("supersede"),
            Some(EDITOR),
            Some(json!({"by": id})),
            Some("\"r4\"")
        )
        .await
        .status(),
        403
    );

    // Approver (a static token): accepts; the change is attributed to it.
    let r = s
        .post(&path("accept"), Some(APPROVER), None, Some("\"r4\""))
        .await;
    assert_eq!(r.status(), 200);
    let record: Value = r.json().await.unwrap();
    assert_eq!(
        record["accepted"]["by"],
        json!({"id": "token:board", "name": "board", "via": "token"})
    );
    assert_eq!(record["overrides"][0]["at"]["by"]["id"], "token:architect");

    // OIDC: roles from the configured claim, names from the token.
    let board = issuer.token(issuer.claims("Dana Board", &["decision-board", "support"]));
    let (status, me) = status_and_json(s.get("/api/v1/me", Some(&board)).await).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            me["name"].as_str(),
            me["role"].as_str(),
            me["mode"].as_str()
        ),
        (Some("Dana Board"), Some("approver"), Some("shared"))
    );
    let (id2, _) = s
        .save(Some(&issuer.token(issuer.claims("Arie", &["architects"]))))
        .await;
    let p2 = |action: &str| format!("/api/v1/records/{id2}/{action}");
    assert_eq!(
        s.post(&p2("propose"), Some(&board), None, Some("\"r1\""))
            .await
            .status(),
        200
    );
    let r = s
        .post(&p2("accept"), Some(&board), None, Some("\"r2\""))
        .await;
    assert_eq!(r.status(), 200);
    let record: Value = r.json().await.unwrap();
    assert_eq!(
        record["accepted"]["by"]["id"],
        format!("oidc:{}#Dana Board-id", issuer.url)
    );
    assert_eq!(record["created"]["by"]["name"], "Arie");
    let support = issuer.token(issuer.claims("Sam", &["support"]));
    assert_eq!(
        s.post(
            &p2("sign"),
            Some(&support),
            Some(json!({"role": "x"})),
            None
        )
        .await
        .status(),
        403
    );
    let nobody = issuer.token(issuer.claims("Nils", &["other"]));
    let (status, p) = status_and_json(s.get("/api/v1/records", Some(&nobody)).await).await;
    assert_eq!(status, 403);
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("Nils has no kompas role"),
        "{p}"
    );

    // Tokens that must not pass: expired, another audience or issuer, another key, HMAC.
    let mut expired = issuer.claims("Dana Board", &["decision-board"]);
    expired["exp"] = json!(1_000_000_000);
    let mut audience = issuer.claims("Dana Board", &["decision-board"]);
    audience["aud"] = json!("another-app");
    let mut other_issuer = issuer.claims("Dana Board", &["decision-board"]);
    other_issuer["iss"] = json!("https://evil.example");
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some("test-key".into());
    let forged = jsonwebtoken::encode(
        &header,
        &issuer.claims("Mallory", &["decision-board"]),
        &issuer.other_key,
    )
    .unwrap();
    let hmac = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &issuer.claims("Mallory", &["decision-board"]),
        &EncodingKey::from_secret(b"guess-guess-guess-guess-guess-32").unwrap(),
    )
    .unwrap();
    for (what, token) in [
        ("expired", issuer.token(expired)),
        ("another audience", issuer.token(audience)),
        ("another issuer", issuer.token(other_issuer)),
        ("signed with another key", forged),
        ("HMAC", hmac),
    ] {
        assert_eq!(
            s.get("/api/v1/records", Some(&token)).await.status(),
            401,
            "a token {what} is refused"
        );
    }
}
