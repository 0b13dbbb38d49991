//! The HTTP API of decision records (`/api/v1/records...`), each endpoint
//! annotated for the generated OpenAPI document.
//!
//! Every request names its caller ([`crate::auth`]); every change is
//! attributed to them. Status changes (propose, accept, supersede) need
//! `If-Match` with the record's ETag: without it 428, with a stale one 412;
//! a change that loses a race, or that the status does not allow, is 409.

use std::borrow::Cow;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kompas_engine::{AssessOptions, Lang};
use kompas_record::diff::{self, RecordDiff, Side};
use kompas_record::drift::{DriftReview, RecordDrift};
use kompas_record::{
    adr, ops, time, Change, OpError, Record, RecordSummary, Revision, Stamp, Status,
};
use kompas_store::{Append, StoreError};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, Schema};
use utoipa::openapi::RefOr;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{require, Principal, Role};
use crate::extract::JsonBody;
use crate::problem::{Problem, ProblemItem, ProblemType};
use crate::records::Records;
use crate::state::AppState;

/// The records routes, with their OpenAPI paths.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_records, save_record))
        .routes(routes!(drift_review))
        .routes(routes!(get_record))
        .routes(routes!(record_revisions))
        .routes(routes!(propose_record))
        .routes(routes!(accept_record))
        .routes(routes!(supersede_record))
        .routes(routes!(override_decision))
        .routes(routes!(sign_record))
        .routes(routes!(diff_records))
        .routes(routes!(compare_record))
        .routes(routes!(record_drift))
        .routes(routes!(adr_zip))
        .routes(routes!(me))
}

// ---------------------------------------------------------------------------
// Schemas: the record types generate JSON Schemas (schemars); the OpenAPI
// document names them here and `openapi::document` fills them in.
// ---------------------------------------------------------------------------

macro_rules! schemars_schema {
    ($ty:ident, $name:literal, $description:literal) => {
        #[doc = $description]
        pub struct $ty;
        impl utoipa::PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new().description(Some($description)).into()
            }
        }
        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

schemars_schema!(
    RecordDoc,
    "Record",
    "A decision record at one revision (`kompas schema record`)."
);
schemars_schema!(
    RecordListDoc,
    "RecordList",
    "Every record as it stands, newest first."
);
schemars_schema!(
    RevisionListDoc,
    "RevisionList",
    "Every revision of a record, oldest first."
);
schemars_schema!(
    RecordDiffDoc,
    "RecordDiff",
    "What differs between two records, or a record and the answers of now."
);
schemars_schema!(
    DriftReviewDoc,
    "DriftReview",
    "Every accepted record that drifted under the KB being served, with what changed."
);
schemars_schema!(
    RecordDriftDoc,
    "RecordDriftStatus",
    "Whether one record drifted under the KB being served, and how."
);
schemars_schema!(
    MeDoc,
    "Me",
    "Who the server takes the caller to be, and their role."
);

/// `GET /api/v1/records` body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RecordList {
    /// The records, newest first.
    pub records: Vec<RecordSummary>,
}

/// `GET /api/v1/records/{id}/revisions` body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RevisionList {
    /// Record id.
    pub record: String,
    /// The revisions, oldest first.
    pub revisions: Vec<Revision>,
}

/// `GET /api/v1/records/{id}/drift` body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RecordDriftStatus {
    /// Record id.
    pub record: String,
    /// Its status.
    pub status: Status,
    /// Whether anything changed since it was saved (or accepted).
    pub drifted: bool,
    /// What changed.
    pub drift: Option<RecordDrift>,
}

/// `GET /api/v1/me` body.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Me {
    /// A stable id.
    pub id: String,
    /// The name changes are recorded under.
    pub name: String,
    /// `reader`, `editor` or `approver`.
    pub role: String,
    /// `local`, `oidc` or `token`.
    pub via: kompas_record::ActorVia,
    /// `single_user` (this machine only, no sign-in) or `shared`.
    pub mode: String,
}

/// The JSON Schemas of the records' documents, by component name.
pub fn schemas() -> Vec<(&'static str, Value)> {
    fn of<T: JsonSchema>() -> Value {
        serde_json::to_value(schemars::schema_for!(T)).expect("a schema serialises")
    }
    vec![
        ("Record", of::<Record>()),
        ("RecordList", of::<RecordList>()),
        ("RevisionList", of::<RevisionList>()),
        ("RecordDiff", of::<RecordDiff>()),
        ("DriftReview", of::<DriftReview>()),
        ("RecordDriftStatus", of::<RecordDriftStatus>()),
        ("Me", of::<Me>()),
    ]
}

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

/// `POST /api/v1/records` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    /// What the record is about.
    pub title: String,
    /// The organisation the profile describes.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The answers (inputs left out take their defaults).
    #[schema(value_type = crate::api::ProfileDoc)]
    pub profile: Value,
}

/// `POST /api/v1/records/{id}/override` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideRequest {
    /// Decision id, e.g. `ingress`.
    pub decision: String,
    /// The option the team chooses; the recommended option withdraws an override.
    pub option: String,
    /// Why.
    pub reason: String,
}

/// `POST /api/v1/records/{id}/sign` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignRequest {
    /// Who signs (default: the caller's name).
    #[serde(default)]
    pub name: Option<String>,
    /// The role they sign in, e.g. `CTO`.
    pub role: String,
    /// What they add.
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /api/v1/records/{id}/supersede` body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupersedeRequest {
    /// The accepted record that replaces this one.
    pub by: String,
}

/// `GET /api/v1/records` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only records with this status.
    #[param(value_type = Option<String>, example = "accepted")]
    pub status: Option<String>,
}

// ---------------------------------------------------------------------------
// The caller
// ---------------------------------------------------------------------------

/// The authenticated caller of a records endpoint.
pub struct Caller(pub Principal);

impl FromRequestParts<AppState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let records = records(state).map_err(IntoResponse::into_response)?;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        records
            .auth
            .principal(&parts.headers, peer)
            .await
            .map(Caller)
            .map_err(IntoResponse::into_response)
    }
}

fn records(state: &AppState) -> Result<&std::sync::Arc<Records>, Refusal> {
    state.records().ok_or_else(|| {
        problem(
            StatusCode::SERVICE_UNAVAILABLE,
            "records-disabled",
            "Decision records are not enabled",
            "this server keeps no decision records; start it with `kompas serve` (records are on by default)".into(),
        )
    })
}

fn allowed(caller: &Caller, role: Role, what: &str) -> Result<(), Refusal> {
    require(&caller.0, role, what).map_err(|p| Refusal::from(p.into_response()))
}

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

/// A refusal, ready to send (boxed: a response is large, and most calls succeed).
pub struct Refusal(Box<Response>);

impl From<Response> for Refusal {
    fn from(response: Response) -> Refusal {
        Refusal(Box::new(response))
    }
}

impl From<Problem> for Refusal {
    fn from(problem: Problem) -> Refusal {
        Refusal::from(problem.into_response())
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        *self.0
    }
}

fn problem(status: StatusCode, kind: &str, title: &str, detail: String) -> Refusal {
    Problem {
        kind: format!("urn:kompas:problem:{kind}"),
        title: title.into(),
        status: status.as_u16(),
        detail,
        errors: Vec::new(),
    }
    .into_response()
    .into()
}

fn store_problem(e: StoreError) -> Refusal {
    match e {
        StoreError::NotFound { .. } | StoreError::NoRevision { .. } => {
            Problem::new(ProblemType::NotFound, e.to_string()).into()
        }
        StoreError::Conflict { .. } => problem(
            StatusCode::CONFLICT,
            "conflict",
            "The record changed meanwhile",
            e.to_string(),
        ),
        StoreError::Connect { .. } | StoreError::Database(_) => {
            tracing::error!(error = %e, "record store unavailable");
            problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "store-unavailable",
                "The record store is unavailable",
                "the database of decision records cannot be reached; try again shortly".into(),
            )
        }
        other => {
            tracing::error!(error = %other, "record store failed");
            Problem::new(
                ProblemType::Internal,
                "the record store failed; it has been logged",
            )
            .into()
        }
    }
}

fn op_problem(e: OpError) -> Refusal {
    match &e {
        OpError::NotAllowed { .. } => problem(
            StatusCode::CONFLICT,
            "status-conflict",
            "Not allowed in this status",
            e.to_string(),
        ),
        OpError::Invalid { field, message } => {
            invalid(vec![item(&format!("/{field}"), None, message)])
        }
        OpError::UnknownDecision {
            given,
            known,
            suggestion,
        } => invalid(vec![ProblemItem {
            pointer: "/decision".into(),
            given: Some(Value::from(given.as_str())),
            expected: Some(format!("one of: {}", known.join(", "))),
            message: e.to_string(),
            help: suggestion.as_ref().map(|s| format!("did you mean `{s}`?")),
        }]),
        OpError::UnknownOption {
            given,
            known,
            suggestion,
            ..
        } => invalid(vec![ProblemItem {
            pointer: "/option".into(),
            given: Some(Value::from(given.as_str())),
            expected: Some(format!("one of: {}", known.join(", "))),
            message: e.to_string(),
            help: suggestion.as_ref().map(|s| format!("did you mean `{s}`?")),
        }]),
    }
}

fn invalid(errors: Vec<ProblemItem>) -> Refusal {
    let detail = match errors.len() {
        1 => format!("the request has 1 problem: {}", errors[0].message),
        n => format!("the request has {n} problems"),
    };
    Problem::new(ProblemType::InvalidRequest, detail)
        .with_errors(errors)
        .into()
}

fn item(pointer: &str, given: Option<Value>, message: &str) -> ProblemItem {
    ProblemItem {
        pointer: pointer.into(),
        given,
        expected: None,
        message: message.into(),
        help: None,
    }
}

/// Reads a JSON body into `T`, naming the place of a problem.
fn body<T: DeserializeOwned>(value: Value) -> Result<T, Refusal> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let pointer: String = e.path().iter().map(|s| format!("/{s}")).collect();
        let pointer = if pointer == "/." {
            String::new()
        } else {
            pointer
        };
        invalid(vec![item(&pointer, None, &e.inner().to_string())])
    })
}

/// An unknown id is a 404 (and an id that is not even of the right form too).
fn known_id(id: &str) -> Result<(), Refusal> {
    if kompas_record::id::is_valid(id) {
        Ok(())
    } else {
        Err(Problem::new(
            ProblemType::NotFound,
            format!(
                "there is no record `{}`; record ids look like `r7k2m9qf3xa`",
                id.chars().take(40).collect::<String>()
            ),
        )
        .into())
    }
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_vec(value).expect("records serialise");
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn record_response(status: StatusCode, record: &Record) -> Response {
    let mut response = json(status, record);
    if let Ok(etag) = HeaderValue::from_str(&record.etag()) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    if status == StatusCode::CREATED {
        if let Ok(location) = HeaderValue::from_str(&format!("/api/v1/records/{}", record.id)) {
            response.headers_mut().insert(header::LOCATION, location);
        }
    }
    response
}

/// Checks `If-Match` against the record: 428 when required and missing, 412 when stale.
fn if_match(headers: &HeaderMap, record: &Record, required: bool) -> Result<(), Refusal> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return if required {
            Err(problem(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "If-Match is required",
                format!(
                    "a status change needs `If-Match: {}` (the ETag of the revision you saw), so that two people cannot change the same record at once",
                    record.etag()
                ),
            ))
        } else {
            Ok(())
        };
    };
    let text = value.to_str().unwrap_or("");
    let matches = text
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || kompas_record::revision_of_etag(tag) == Some(record.revision));
    if matches {
        Ok(())
    } else {
        Err(problem(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "The record changed since you read it",
            format!(
                "record {} is at revision {} (ETag {}), not `{text}`; read it again and decide on what it says now",
                record.id,
                record.revision,
                record.etag()
            ),
        ))
    }
}

fn stamp(caller: &Caller) -> Stamp {
    Stamp {
        at: time::now(),
        by: caller.0.actor.clone(),
    }
}

/// A record about to change, with the store it is written back to.
struct RecordToChange<'s> {
    records: &'s std::sync::Arc<Records>,
    current: Record,
}

/// Reads the record a change applies to, refusing in the order a caller
/// expects: the caller's role, the id, the store, then `If-Match`. A body is
/// read only after these, so a caller without the role never learns what is
/// wrong with it.
async fn record_to_change<'s>(
    state: &'s AppState,
    caller: &Caller,
    (role, what): (Role, &str),
    id: &str,
    headers: &HeaderMap,
    if_match_required: bool,
) -> Result<RecordToChange<'s>, Refusal> {
    allowed(caller, role, what)?;
    known_id(id)?;
    let records = records(state)?;
    let current = records.store.get(id).await.map_err(store_problem)?;
    if_match(headers, &current, if_match_required)?;
    Ok(RecordToChange { records, current })
}

/// Appends the changes, counts them, answers with the first record.
async fn commit(records: &Records, changes: Vec<(Record, Change)>) -> Result<Response, Refusal> {
    let appends: Vec<Append<'_>> = changes
        .iter()
        .map(|(record, change)| Append { record, change })
        .collect();
    records
        .store
        .append(&appends)
        .await
        .map_err(store_problem)?;
    for (_, change) in &changes {
        records.count_change(change.kind());
    }
    Ok(record_response(StatusCode::OK, &changes[0].0))
}

// ---------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------

/// Every record as it stands, newest first (no assessments).
#[utoipa::path(get, path = "/api/v1/records", tag = "records",
    params(ListParams),
    responses(
        (status = 200, description = "The records", body = RecordListDoc),
        (status = 400, description = "Unknown status", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_records(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    let records = records(&state)?;
    let status = match crate::query::param(&params, "status") {
        None | Some("") => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            Refusal::from(Problem::new(
                ProblemType::InvalidQuery,
                format!("unknown status `{s}`; expected `draft`, `proposed`, `accepted` or `superseded`"),
            ))
        })?),
    };
    let mut list = records.store.list().await.map_err(store_problem)?;
    if let Some(status) = status {
        list.retain(|r| r.status == status);
    }
    Ok(json(StatusCode::OK, &RecordList { records: list }))
}

/// Saves the assessment of a profile as a new draft record (editor).
#[utoipa::path(post, path = "/api/v1/records", tag = "records",
    request_body(content = SaveRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The record; `Location` names it, `ETag` is its revision", body = RecordDoc,
            headers(("Location" = String, description = "/api/v1/records/{id}"), ("ETag" = String, description = "The revision"))),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing title, an invalid profile: each problem with its pointer", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn save_record(
    State(state): State<AppState>,
    caller: Caller,
    JsonBody(value): JsonBody,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Editor, "save a record")?;
    let records = records(&state)?;
    let request: SaveRequest = body(value)?;
    let kb = state.kb();
    let profile = kb
        .engine
        .profile_from_value(&request.profile)
        .map_err(|e| {
            invalid(
                e.problems
                    .into_iter()
                    .map(|p| ProblemItem {
                        pointer: format!("/profile{}", p.path),
                        given: (!p.given.is_null()).then_some(p.given),
                        expected: Some(p.expected),
                        message: p.message,
                        help: p.help,
                    })
                    .collect(),
            )
        })?;
    let identity = Records::served_identity(&state);
    let record = ops::create(
        &kb.engine,
        &profile,
        identity,
        ops::NewRecord {
            title: request.title,
            organisation: request.organisation,
        },
        caller.0.actor.clone(),
        time::now(),
    )
    .map_err(op_problem)?;
    let snapshot =
        (!records.snapshot_stored(&record.kb.digest)).then(|| records.served_snapshot(&state));
    records
        .store
        .create(&record, snapshot.as_deref())
        .await
        .map_err(store_problem)?;
    records.mark_snapshot_stored(&record.kb.digest);
    records.count_change("created");
    tracing::info!(record = %record.id, by = %record.created.by.id, "record saved");
    Ok(record_response(StatusCode::CREATED, &record))
}

/// A record as it stands, with its assessment; `ETag` is its revision.
#[utoipa::path(get, path = "/api/v1/records/{id}", tag = "records",
    params(("id" = String, Path, description = "Record id")),
    responses(
        (status = 200, description = "The record", body = RecordDoc, headers(("ETag" = String, description = "The revision"))),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn get_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    let records = records(&state)?;
    let record = records.store.get(&id).await.map_err(store_problem)?;
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| kompas_record::revision_of_etag(t) == Some(record.revision))
        });
    if fresh {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(etag) = HeaderValue::from_str(&record.etag()) {
            response.headers_mut().insert(header::ETAG, etag);
        }
        return Ok(response);
    }
    Ok(record_response(StatusCode::OK, &record))
}

/// Every revision of a record: what changed, when, by whom.
#[utoipa::path(get, path = "/api/v1/records/{id}/revisions", tag = "records",
    params(("id" = String, Path, description = "Record id")),
    responses(
        (status = 200, description = "The revisions, oldest first", body = RevisionListDoc),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn record_revisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    let records = records(&state)?;
    let revisions = records.store.revisions(&id).await.map_err(store_problem)?;
    Ok(json(
        StatusCode::OK,
        &RevisionList {
            record: id,
            revisions,
        },
    ))
}

/// Draft -> proposed (editor). Needs `If-Match`.
#[utoipa::path(post, path = "/api/v1/records/{id}/propose", tag = "records",
    params(("id" = String, Path, description = "Record id"), ("If-Match" = String, Header, description = "The ETag of the revision seen")),
    responses(
        (status = 200, description = "The record, proposed", body = RecordDoc, headers(("ETag" = String, description = "The new revision"))),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older revision", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn propose_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let RecordToChange { records, current } = record_to_change(
        &state,
        &caller,
        (Role::Editor, "propose a record"),
        &id,
        &headers,
        true,
    )
    .await?;
    let change = ops::propose(&current, stamp(&caller)).map_err(op_problem)?;
    commit(records, vec![change]).await
}

/// Proposed -> accepted (approver). Needs `If-Match`; of two concurrent accepts one wins.
#[utoipa::path(post, path = "/api/v1/records/{id}/accept", tag = "records",
    params(("id" = String, Path, description = "Record id"), ("If-Match" = String, Header, description = "The ETag of the revision seen")),
    responses(
        (status = 200, description = "The record, accepted", body = RecordDoc, headers(("ETag" = String, description = "The new revision"))),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not proposed, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older revision", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn accept_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let RecordToChange { records, current } = record_to_change(
        &state,
        &caller,
        (Role::Approver, "accept a record"),
        &id,
        &headers,
        true,
    )
    .await?;
    let change = ops::accept(&current, stamp(&caller)).map_err(op_problem)?;
    commit(records, vec![change]).await
}

/// Accepted -> superseded by a newer accepted record (approver); both records
/// change together. Needs `If-Match` (of this record).
#[utoipa::path(post, path = "/api/v1/records/{id}/supersede", tag = "records",
    params(("id" = String, Path, description = "The record superseded"), ("If-Match" = String, Header, description = "The ETag of the revision seen")),
    request_body(content = SupersedeRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The record, superseded", body = RecordDoc, headers(("ETag" = String, description = "The new revision"))),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not accepted, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older revision", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The newer record is missing or not accepted", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn supersede_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(value): JsonBody,
) -> Result<Response, Refusal> {
    let RecordToChange { records, current } = record_to_change(
        &state,
        &caller,
        (Role::Approver, "supersede a record"),
        &id,
        &headers,
        true,
    )
    .await?;
    let request: SupersedeRequest = body(value)?;
    if !kompas_record::id::is_valid(&request.by) {
        return Err(invalid(vec![item(
            "/by",
            Some(Value::from(request.by)),
            "not a record id",
        )]));
    }
    let newer = match records.store.get(&request.by).await {
        Ok(r) => r,
        Err(StoreError::NotFound { .. }) => {
            return Err(invalid(vec![item(
                "/by",
                Some(Value::from(request.by.clone())),
                "there is no such record",
            )]))
        }
        Err(e) => return Err(store_problem(e)),
    };
    let (old, new) = ops::supersede(&current, &newer, stamp(&caller)).map_err(op_problem)?;
    commit(records, vec![old, new]).await
}

/// The team chooses another option than the recommendation, with a reason
/// (editor); naming the recommendation withdraws the override. `If-Match` optional.
#[utoipa::path(post, path = "/api/v1/records/{id}/override", tag = "records",
    params(("id" = String, Path, description = "Record id"), ("If-Match" = Option<String>, Header, description = "The ETag of the revision seen (optional)")),
    request_body(content = OverrideRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The record with the override", body = RecordDoc, headers(("ETag" = String, description = "The new revision"))),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Accepted records are frozen, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older revision", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown decision or option, or no reason", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn override_decision(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(value): JsonBody,
) -> Result<Response, Refusal> {
    let RecordToChange { records, current } = record_to_change(
        &state,
        &caller,
        (Role::Editor, "override a recommendation"),
        &id,
        &headers,
        false,
    )
    .await?;
    let request: OverrideRequest = body(value)?;
    let change = ops::set_override(
        &current,
        &request.decision,
        &request.option,
        &request.reason,
        stamp(&caller),
    )
    .map_err(op_problem)?;
    commit(records, vec![change]).await
}

/// Adds a sign-off: a person, in a role, approves the record (editor).
/// `If-Match` optional.
#[utoipa::path(post, path = "/api/v1/records/{id}/sign", tag = "records",
    params(("id" = String, Path, description = "Record id"), ("If-Match" = Option<String>, Header, description = "The ETag of the revision seen (optional)")),
    request_body(content = SignRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The record with the sign-off", body = RecordDoc, headers(("ETag" = String, description = "The new revision"))),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A draft or a superseded record, or changed meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "If-Match names an older revision", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No role, or signed already", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn sign_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    JsonBody(value): JsonBody,
) -> Result<Response, Refusal> {
    let RecordToChange { records, current } = record_to_change(
        &state,
        &caller,
        (Role::Editor, "sign a record"),
        &id,
        &headers,
        false,
    )
    .await?;
    let request: SignRequest = body(value)?;
    let name = request.name.unwrap_or_else(|| caller.0.actor.name.clone());
    let change = ops::sign(
        &current,
        &name,
        &request.role,
        request.comment.as_deref(),
        stamp(&caller),
    )
    .map_err(op_problem)?;
    commit(records, vec![change]).await
}

/// What differs between two records: answers, knowledge, recommendations with the why.
#[utoipa::path(get, path = "/api/v1/records/{id}/diff/{other}", tag = "records",
    params(("id" = String, Path, description = "The earlier record"), ("other" = String, Path, description = "The later record")),
    responses(
        (status = 200, description = "The differences", body = RecordDiffDoc),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn diff_records(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, other)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    known_id(&other)?;
    let records = records(&state)?;
    let a = records.store.get(&id).await.map_err(store_problem)?;
    let b = records.store.get(&other).await.map_err(store_problem)?;
    let sa = records
        .store
        .kb_snapshot(&a.kb.digest)
        .await
        .map_err(store_problem)?;
    let sb = records
        .store
        .kb_snapshot(&b.kb.digest)
        .await
        .map_err(store_problem)?;
    let d = diff::diff(
        Side::of_record(&a, sa.as_ref()),
        Side::of_record(&b, sb.as_ref()),
    );
    Ok(json(StatusCode::OK, &d))
}

/// What differs between a record and the assessment of the answers in the
/// body, with the KB being served: "compare with my current answers".
#[utoipa::path(post, path = "/api/v1/records/{id}/compare", tag = "records",
    params(("id" = String, Path, description = "Record id")),
    request_body(content = crate::api::ProfileDoc, content_type = "application/json", description = "The answers of now"),
    responses(
        (status = 200, description = "The differences (`to.record` is null: the answers of now)", body = RecordDiffDoc),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn compare_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonBody(profile): JsonBody,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    let records = records(&state)?;
    let kb = state.kb();
    let parsed = kb.engine.profile_from_value(&profile).map_err(|e| {
        invalid(
            e.problems
                .into_iter()
                .map(|p| ProblemItem {
                    pointer: p.path,
                    given: (!p.given.is_null()).then_some(p.given),
                    expected: Some(p.expected),
                    message: p.message,
                    help: p.help,
                })
                .collect(),
        )
    })?;
    let record = records.store.get(&id).await.map_err(store_problem)?;
    let then = records
        .store
        .kb_snapshot(&record.kb.digest)
        .await
        .map_err(store_problem)?;
    let now = kb.engine.assess_with(
        &parsed,
        AssessOptions {
            lang: Lang::En,
            flips: false,
        },
    );
    let now = serde_json::to_value(&now).expect("an assessment serialises");
    let identity = Records::served_identity(&state);
    let snapshot = records.served_snapshot(&state);
    let d = diff::diff(
        Side::of_record(&record, then.as_ref()),
        Side {
            record: None,
            assessment: &now,
            kb: &identity,
            kb_snapshot: Some(&snapshot),
            overrides: &[],
        },
    );
    Ok(json(StatusCode::OK, &d))
}

/// Drift review: every accepted record re-assessed with the KB being served;
/// those whose recommendations, findings or blocking questions changed since
/// they were signed, with what changed.
#[utoipa::path(get, path = "/api/v1/records/drift", tag = "records",
    responses(
        (status = 200, description = "The review", body = DriftReviewDoc),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn drift_review(State(state): State<AppState>, caller: Caller) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    let records = records(&state)?;
    let review = records.drift_review(&state).await.map_err(|e| match e {
        crate::records::ReviewError::Store(e) => store_problem(e),
        other => {
            tracing::error!(error = %other, "drift review failed");
            Problem::new(
                ProblemType::Internal,
                "the drift review failed; it has been logged",
            )
            .into()
        }
    })?;
    Ok(json(StatusCode::OK, &*review))
}

/// Whether one record drifted under the KB being served (any status but superseded).
#[utoipa::path(get, path = "/api/v1/records/{id}/drift", tag = "records",
    params(("id" = String, Path, description = "Record id")),
    responses(
        (status = 200, description = "The drift of the record", body = RecordDriftDoc),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn record_drift(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    let records = records(&state)?;
    let record = records.store.get(&id).await.map_err(store_problem)?;
    let drift = if record.status == Status::Superseded {
        None
    } else {
        let then = records
            .store
            .kb_snapshot(&record.kb.digest)
            .await
            .map_err(store_problem)?;
        let served = Records::served_identity(&state);
        let snapshot = records.served_snapshot(&state);
        let engine = state.kb().engine.clone();
        kompas_record::drift::review(
            &record,
            &engine,
            &served,
            &snapshot,
            then.as_ref(),
            &kompas_check::today(),
        )
    };
    Ok(json(
        StatusCode::OK,
        &RecordDriftStatus {
            record: record.id.clone(),
            status: record.status,
            drifted: drift.is_some(),
            drift,
        },
    ))
}

/// The record as MADR 4 decision records, one Markdown file per decision, in a zip.
#[utoipa::path(get, path = "/api/v1/records/{id}/adr.zip", tag = "records",
    params(("id" = String, Path, description = "Record id")),
    responses(
        (status = 200, description = "A zip of MADR 4 files", content_type = "application/zip", body = Vec<u8>),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The record store is unavailable", body = Problem, content_type = "application/problem+json")
    ))]
async fn adr_zip(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, Refusal> {
    allowed(&caller, Role::Reader, "read records")?;
    known_id(&id)?;
    let records = records(&state)?;
    let (record, snapshot, supersedes, superseded_by) = load_for_adr(records, &id).await?;
    let files = adr::export(
        &record,
        snapshot.as_ref(),
        adr::Related {
            supersedes: &supersedes,
            superseded_by: superseded_by.as_ref(),
        },
    );
    let zip = adr::zip(&record.id, &files).map_err(|e| {
        tracing::error!(error = %e, "ADR zip failed");
        Refusal::from(Problem::new(
            ProblemType::Internal,
            "the zip could not be made; it has been logged",
        ))
    })?;
    let disposition = format!("attachment; filename=\"kompas-{}-adr.zip\"", record.id);
    let mut response = ([(header::CONTENT_TYPE, "application/zip")], zip).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A record with everything its ADRs link to.
pub async fn load_for_adr(
    records: &Records,
    id: &str,
) -> Result<(Record, Option<Value>, Vec<Record>, Option<Record>), Refusal> {
    let record = records.store.get(id).await.map_err(store_problem)?;
    let snapshot = records
        .store
        .kb_snapshot(&record.kb.digest)
        .await
        .map_err(store_problem)?;
    let mut supersedes = Vec::new();
    for old in &record.links.supersedes {
        supersedes.push(records.store.get(old).await.map_err(store_problem)?);
    }
    let superseded_by = match &record.links.superseded_by {
        Some(by) => Some(records.store.get(by).await.map_err(store_problem)?),
        None => None,
    };
    Ok((record, snapshot, supersedes, superseded_by))
}

/// Who the server takes the caller to be.
#[utoipa::path(get, path = "/api/v1/me", tag = "records",
    responses(
        (status = 200, description = "The caller and their role", body = MeDoc),
        (status = 401, description = "No or an unknown token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "Records are not enabled", body = Problem, content_type = "application/problem+json")
    ))]
async fn me(State(state): State<AppState>, caller: Caller) -> Result<Response, Refusal> {
    let records = records(&state)?;
    let p = caller.0;
    Ok(json(
        StatusCode::OK,
        &Me {
            id: p.actor.id,
            name: p.actor.name,
            role: p.role.as_str().into(),
            via: p.actor.via,
            mode: if records.auth.is_single_user() {
                "single_user"
            } else {
                "shared"
            }
            .into(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_records_schema_is_named() {
        let names: Vec<_> = schemas().into_iter().map(|(n, _)| n).collect();
        for n in [
            "Record",
            "RecordList",
            "RevisionList",
            "RecordDiff",
            "DriftReview",
            "RecordDriftStatus",
            "Me",
        ] {
            assert!(names.contains(&n), "{n}");
        }
    }
}
