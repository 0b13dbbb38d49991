//! The JSON API v1 and the operational endpoints, each annotated for the
//! generated OpenAPI document.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::backend::{self, Lang, View};
use crate::encoding::Encoded;
use crate::extract::{DocBody, Document, RawBody};
use crate::metrics::{self, AssessmentKind};
use crate::openapi::external_schema;
use crate::problem::{Problem, ProblemItem, ProblemType};
use crate::query;
use crate::state::AppState;

/// The routes of the API and the operational endpoints, with their OpenAPI paths.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(metrics_text))
        .routes(routes!(assess))
        .routes(routes!(explain))
        .routes(routes!(kb))
        .routes(routes!(inputs))
        .routes(routes!(schema))
        .routes(routes!(openapi_json))
        .routes(routes!(report_get, report_post))
        .merge(crate::records_api::routes())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kompas API",
        description = "A traceable decision engine for cloud-native platform choices: send a profile, get \
                       every platform decision with why, why not, its trace to Layer 0, trade-offs, open \
                       questions and flips, and a now / later / skip verdict for each Layer 2 capability.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0")
    ),
    components(schemas(Problem, ProblemItem, LangCode, ViewName, SchemaName, ProfileDoc, AssessmentDoc, KbFileDoc, QuestionnaireDoc, ExplanationDoc, ExplainRequest, Health, Readiness, KbIdentity)),
    tags(
        (name = "assessment", description = "Assess a profile, explain a decision, download the report"),
        (name = "knowledge base", description = "The knowledge base being served and its questionnaire"),
        (name = "schemas", description = "JSON Schemas and this OpenAPI document"),
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "records", description = "Decision records: save, propose, accept, override, sign, diff, drift review, ADRs")
    )
)]
struct ApiDoc;

// ---------------------------------------------------------------------------
// Schemas owned by other crates: named here, filled in by `openapi::document`
// with the JSON Schemas the engine and the KB model generate.
// ---------------------------------------------------------------------------

external_schema!(
    ProfileDoc,
    "Profile",
    "A profile: the answers of an organisation, keyed by input id (`kompas schema profile`); `unknown` is an answer to every input."
);
external_schema!(
    AssessmentDoc,
    "Assessment",
    "An assessment (`kompas schema assessment`)."
);
external_schema!(
    KbFileDoc,
    "KbFile",
    "The knowledge base as one KB file, every section merged (`kompas schema kb`)."
);
external_schema!(QuestionnaireDoc, "Questionnaire", "The questionnaire: groups of inputs with question, help, values, default and what each input influences, and the answer `unknown` (\"Don't know\") every input accepts.");
external_schema!(ExplanationDoc, "Explanation", "Why a decision came out as it did for a profile: the rule, the facts, why not each alternative, and the flips.");

/// `POST /api/v1/explain` body.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct ExplainRequest {
    /// The profile.
    #[schema(value_type = ProfileDoc)]
    pub profile: Value,
    /// The decision id, e.g. `cni`.
    pub decision: String,
}

/// `GET /healthz` body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` while the process serves.
    pub status: String,
}

/// Identity of the KB being served.
#[derive(Debug, Serialize, ToSchema)]
pub struct KbIdentity {
    /// KB id.
    pub id: String,
    /// KB version.
    pub version: String,
    /// SHA-256 over the KB's files.
    pub digest: String,
}

/// `GET /readyz` body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready`, or `shutting_down` while the server drains.
    pub status: String,
    /// The KB being served.
    pub kb: KbIdentity,
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "Alive", body = Health)))]
async fn healthz() -> Response {
    json_static(r#"{"status":"ok"}"#)
}

/// Readiness: a KB is loaded and the server is not shutting down.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "Ready: a KB is loaded", body = Readiness),
    (status = 503, description = "Shutting down", body = Readiness)
))]
async fn readyz(State(state): State<AppState>) -> Response {
    let kb = state.kb();
    let draining = state.is_shutting_down();
    let body = Readiness {
        status: if draining { "shutting_down" } else { "ready" }.into(),
        kb: KbIdentity {
            id: kb.info.id.clone(),
            version: kb.info.version.clone(),
            digest: kb.info.digest.clone(),
        },
    };
    let status = if draining {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, axum::Json(body)).into_response()
}

/// Metrics in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", responses(
    (status = 200, description = "Prometheus text exposition format", content_type = "text/plain", body = String)
))]
async fn metrics_text(State(state): State<AppState>) -> Response {
    let kb = state.kb();
    let mut text = state.metrics().render(&kb.info);
    let (hits, misses) = kb.cache.stats();
    text.push_str(&metrics::render_cache(hits, misses, kb.cache.len()));
    if let Some(records) = state.records() {
        text.push_str(&records.metrics_text());
    }
    ([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], text).into_response()
}

// ---------------------------------------------------------------------------
// Assessment
// ---------------------------------------------------------------------------

/// Assesses a profile: every decision with its recommendation, why, why not,
/// trace, trade-offs, open questions and flips; every Layer 2 capability with
/// its verdict. The same contract as `kompas assess --format json`.
#[utoipa::path(post, path = "/api/v1/assess", tag = "assessment",
    params(LangParams, ViewParams),
    request_body(content((ProfileDoc = "application/json"), (ProfileDoc = "application/yaml")), description = "The profile, as JSON or YAML (also `application/x-yaml`, `text/yaml`); inputs left out take their defaults"),
    responses(
        (status = 200, description = "The assessment in the view asked for (`full` by default; `summary`; `expanded`, every text in place); each view's JSON Schema is `GET /api/v1/schema/assessment?view=...`", body = AssessmentDoc),
        (status = 400, description = "The body is not JSON (or YAML), or the language is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON (or YAML where a profile is sent)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The profile has invalid values: each named in `errors[]` with its pointer", body = Problem, content_type = "application/problem+json")
    ))]
async fn assess(
    State(state): State<AppState>,
    headers: HeaderMap,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: RawBody,
) -> Result<Response, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    let lang = lang_param(&pairs)?;
    let view = view_param(&pairs)?;
    let kb = state.kb();
    // The same bytes are the same profile: they key the cache as they are.
    let key = (lang.code(), view.name(), body.cache_key());
    let assessment = match kb.cache.get(&key) {
        Some(doc) => doc,
        None => {
            // A JSON profile is read straight from its bytes when it is valid
            // and plain; anything else gets the thorough reading, which names
            // every problem.
            let fast = (!body.yaml)
                .then(|| kb.engine.profile_from_json_fast(&body.bytes))
                .flatten();
            let profile = match fast {
                Some(profile) => profile,
                None => {
                    let doc = body.document()?;
                    backend::parse_profile(&kb.engine, &doc.value, doc.yaml.as_ref(), "")
                        .map_err(|e| invalid("the profile", e))?
                }
            };
            let json = backend::assessment_json(&kb.engine, &profile, lang, view);
            let doc = Arc::new(Encoded::new(json));
            kb.cache.insert(key, doc.clone());
            doc
        }
    };
    state.metrics().count_assessment(AssessmentKind::Assess);
    Ok(assessment.response(&headers, "application/json"))
}

/// Explains one decision for a profile: the rule that fired, the facts that
/// matched, why not each alternative, and the smallest changes that flip it.
#[utoipa::path(post, path = "/api/v1/explain", tag = "assessment",
    params(LangParams),
    request_body(content((ExplainRequest = "application/json"), (ExplainRequest = "application/yaml")), description = "JSON or YAML"),
    responses(
        (status = 200, description = "The explanation", body = ExplanationDoc),
        (status = 400, description = "The body is not JSON (or YAML), or the language is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON (or YAML where a profile is sent)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid profile or unknown decision", body = Problem, content_type = "application/problem+json")
    ))]
async fn explain(
    State(state): State<AppState>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
    DocBody(Document { value: body, yaml }): DocBody,
) -> Result<Response, Problem> {
    let lang = lang_of(pairs)?;
    let (profile, decision) = explain_parts(&body)?;
    let kb = state.kb();
    let explanation = backend::explain_json(&kb.engine, profile, yaml.as_ref(), decision, lang)
        .map_err(|e| invalid("the request", e))?;
    state.metrics().count_assessment(AssessmentKind::Explain);
    Ok(json_bytes(explanation))
}

/// Splits an explain body into its profile and decision, naming what is missing.
fn explain_parts(body: &Value) -> Result<(&Value, &str), Problem> {
    let Some(object) = body.as_object() else {
        return Err(invalid(
            "the request",
            vec![item(
                "",
                Some(body.clone()),
                "an object {\"profile\": {...}, \"decision\": \"cni\"}",
                "the body must be a JSON object",
            )],
        ));
    };
    let mut problems = Vec::new();
    let profile = object.get("profile");
    if profile.is_none() {
        problems.push(item(
            "/profile",
            None,
            "a profile object",
            "`profile` is missing",
        ));
    }
    let decision = match object.get("decision") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(other) => {
            problems.push(item(
                "/decision",
                Some(other.clone()),
                "a decision id (a string)",
                "`decision` must be a string",
            ));
            None
        }
        None => {
            problems.push(item(
                "/decision",
                None,
                "a decision id (a string)",
                "`decision` is missing",
            ));
            None
        }
    };
    for key in object
        .keys()
        .filter(|k| *k != "profile" && *k != "decision")
    {
        problems.push(item(
            &format!("/{}", crate::problem::pointer_token(key)),
            object.get(key).cloned(),
            "only `profile` and `decision`",
            &format!("unknown field `{key}`"),
        ));
    }
    match (profile, decision) {
        (Some(p), Some(d)) if problems.is_empty() => Ok((p, d)),
        _ => Err(invalid("the request", problems)),
    }
}

/// The language parameter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LangParams {
    /// Language of the KB texts: `en` (default) or `nl`.
    #[allow(dead_code)]
    #[param(value_type = Option<LangCode>)]
    lang: Option<String>,
}

/// The view parameter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ViewParams {
    /// The view of the assessment: `full` (default: everything about the
    /// profile, facts and repeated items written once and referred to by
    /// id, the KB's own prose left to the KB by id; at most 100 KB), `summary` (the stack,
    /// statuses and one sentence of why, questions, findings: a few KB) or
    /// `expanded` (every text in place, as the site and decision records read it).
    #[allow(dead_code)]
    #[param(value_type = Option<ViewName>)]
    view: Option<String>,
}

/// A view of an assessment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum ViewName {
    /// The stack, statuses and one sentence of why each, questions, findings.
    Summary,
    /// The whole assessment about the profile, each fact and repeated item
    /// written once, the KB's own prose left to the KB (at most 100 KB).
    Full,
    /// The whole assessment with every text in place.
    Expanded,
}

/// The `view` query parameter (default `full`).
fn view_param(pairs: &[(String, String)]) -> Result<View, Problem> {
    match query::param(pairs, "view") {
        None => Ok(View::Full),
        Some(name) => View::from_name(name).ok_or_else(|| {
            Problem::new(
                ProblemType::InvalidQuery,
                format!(
                    "unknown view `{}`; expected `summary`, `full` or `expanded`",
                    kompas_kb::yaml::clip(name)
                ),
            )
            .with_errors(vec![item(
                "/view",
                Some(Value::from(name)),
                "`summary`, `full` or `expanded`",
                "unknown view",
            )])
        }),
    }
}

/// A language code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum LangCode {
    /// English.
    En,
    /// Dutch.
    Nl,
}

/// The parameters of a report.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportParams {
    /// Language of the report: `en` (default) or `nl`.
    #[allow(dead_code)]
    #[param(value_type = Option<LangCode>)]
    lang: Option<String>,
    /// The organisation whose answers these are: the report's title and the
    /// name of the download (`kompas-ORGANISATION-DATE.md`).
    #[allow(dead_code)]
    org: Option<String>,
}

/// The assessment as a Markdown report, for the answers in the query string
/// (`?calico_expertise=true&service_count=12`, as in the site's links).
#[utoipa::path(get, path = "/api/v1/report.md", tag = "assessment",
    params(ReportParams),
    responses(
        (status = 200, description = "The report", content_type = "text/markdown", body = String),
        (status = 400, description = "The query string cannot be read, or the language is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid answers", body = Problem, content_type = "application/problem+json")
    ))]
async fn report_get(
    State(state): State<AppState>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    let lang = lang_param(&pairs)?;
    let kb = state.kb();
    let profile = query::profile_from_pairs(kb.engine.kb(), &pairs);
    report(
        &state,
        &kb.engine,
        &profile,
        None,
        lang,
        query::param(&pairs, "org"),
    )
}

/// The assessment of the profile in the body as a Markdown report.
#[utoipa::path(post, path = "/api/v1/report.md", tag = "assessment",
    params(ReportParams),
    request_body(content((ProfileDoc = "application/json"), (ProfileDoc = "application/yaml")), description = "The profile, as JSON or YAML"),
    responses(
        (status = 200, description = "The report", content_type = "text/markdown", body = String),
        (status = 400, description = "The body is not JSON (or YAML), or the language is unknown", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON (or YAML where a profile is sent)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid profile", body = Problem, content_type = "application/problem+json")
    ))]
async fn report_post(
    State(state): State<AppState>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
    DocBody(Document {
        value: profile,
        yaml,
    }): DocBody,
) -> Result<Response, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    let lang = lang_param(&pairs)?;
    let kb = state.kb();
    report(
        &state,
        &kb.engine,
        &profile,
        yaml.as_ref(),
        lang,
        query::param(&pairs, "org"),
    )
}

fn report(
    state: &AppState,
    engine: &kompas_engine::Engine,
    profile: &Value,
    yaml: Option<&kompas_kb::yaml::SourceMap>,
    lang: Lang,
    org: Option<&str>,
) -> Result<Response, Problem> {
    let org = org.map(str::trim).filter(|o| !o.is_empty());
    let markdown = backend::report_markdown(engine, profile, yaml, lang)
        .map_err(|e| invalid("the profile", e))?;
    state.metrics().count_assessment(AssessmentKind::Report);
    let filename = format!(
        "attachment; filename=\"{}\"",
        report_filename(&engine.kb().meta.id, org, profile, &kompas_check::today())
    );
    let mut response = (
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        markdown,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&filename) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// The `lang` query parameter (default English).
fn lang_of(pairs: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Result<Lang, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    lang_param(&pairs)
}

fn lang_param(pairs: &[(String, String)]) -> Result<Lang, Problem> {
    match query::param(pairs, "lang") {
        None => Ok(Lang::En),
        Some(code) => backend::parse_lang(code).ok_or_else(|| {
            Problem::new(
                ProblemType::InvalidQuery,
                format!("unknown language `{code}`; expected `en` or `nl`"),
            )
            .with_errors(vec![item(
                "/lang",
                Some(Value::from(code)),
                "`en` or `nl`",
                "unknown language",
            )])
        }),
    }
}

/// The name of a downloaded report: after the organisation when it is named,
/// else after the profile (the KB id and a short digest of the answers, so
/// two profiles never share a name), then the date:
/// `kompas-acme-retail-2026-11-30.md`, `kompas-webshop-3f2a9c1e-2026-11-30.md`.
pub fn report_filename(kb_id: &str, org: Option<&str>, profile: &Value, date: &str) -> String {
    let named = org.map(slug).filter(|s| !s.is_empty());
    let name = named.unwrap_or_else(|| {
        use sha2::Digest as _;
        let canonical = serde_json::to_vec(profile).unwrap_or_default();
        let digest = sha2::Sha256::digest(&canonical);
        let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        format!("{}-{short}", sanitize_filename(kb_id))
    });
    format!("kompas-{name}-{}.md", sanitize_filename(date))
}

/// An organisation's name as a file-name part: ASCII letters and digits,
/// lower case, words joined by `-`, at most 60 characters.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The plain letter of a common accented Latin letter (é -> e), so Dutch and
/// other European names keep their letters in a file name.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' => 'E',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ÿ' => 'y',
        other => other,
    }
}

fn sanitize_filename(id: &str) -> String {
    let clean: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if clean.is_empty() {
        "assessment".into()
    } else {
        clean
    }
}

// ---------------------------------------------------------------------------
// Knowledge base and schemas
// ---------------------------------------------------------------------------

/// The sections of a KB file that `GET /api/v1/kb?section=` can select.
pub const KB_SECTIONS: &[&str] = &[
    "input_groups",
    "inputs",
    "derived",
    "layer0",
    "decisions",
    "areas",
    "tradeoffs",
    "open_questions",
    "capabilities",
    "tools",
    "guidance",
    "consistency",
];

/// The `section` parameter of `GET /api/v1/kb`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct KbParams {
    /// Only these sections (with the `kb` identity), comma-separated or
    /// repeated: `input_groups`, `inputs`, `derived`, `layer0`, `decisions`,
    /// `areas`, `tradeoffs`, `open_questions`, `capabilities`, `tools`, `guidance`,
    /// `consistency`. Without it, every section.
    #[allow(dead_code)]
    section: Option<String>,
}

/// The knowledge base being served, as one KB file (every section merged, or
/// the sections asked for).
#[utoipa::path(get, path = "/api/v1/kb", tag = "knowledge base", params(KbParams), responses(
    (status = 200, description = "The KB", body = KbFileDoc),
    (status = 400, description = "An unknown section", body = Problem, content_type = "application/problem+json")
))]
async fn kb(
    State(state): State<AppState>,
    headers: HeaderMap,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    let wanted = kb_sections(&pairs)?;
    let kb = state.kb();
    if wanted.is_empty() {
        return Ok(kb.kb_json.response(&headers, "application/json"));
    }
    let document = crate::state::kb_sections(kb.engine.kb(), &wanted);
    let body = serde_json::to_vec(&document).unwrap_or_default();
    Ok(Encoded::new(body).response(&headers, "application/json"))
}

/// The sections named by `section` parameters, each checked.
fn kb_sections(pairs: &[(String, String)]) -> Result<Vec<&str>, Problem> {
    let mut wanted = Vec::new();
    for (_, value) in pairs.iter().filter(|(k, _)| k == "section") {
        for name in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let Some(known) = KB_SECTIONS.iter().find(|s| **s == name) else {
                return Err(Problem::new(
                    ProblemType::InvalidQuery,
                    format!(
                        "unknown section `{name}`; expected one of {}",
                        KB_SECTIONS.join(", ")
                    ),
                )
                .with_errors(vec![item(
                    "/section",
                    Some(Value::from(name)),
                    &KB_SECTIONS.join(", "),
                    "unknown section",
                )]));
            };
            if !wanted.contains(known) {
                wanted.push(*known);
            }
        }
    }
    Ok(wanted)
}

/// The questionnaire, generated from the KB's inputs.
#[utoipa::path(get, path = "/api/v1/inputs", tag = "knowledge base", responses((status = 200, description = "The questionnaire", body = QuestionnaireDoc)))]
async fn inputs(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state
        .kb()
        .inputs_json
        .response(&headers, "application/json")
}

/// The schemas `GET /api/v1/schema/{name}` serves.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SchemaName {
    /// A KB file.
    Kb,
    /// A profile of the KB being served.
    Profile,
    /// An assessment.
    Assessment,
}

/// A JSON Schema (2020-12): of a KB file, of a profile of the KB being
/// served, or of an assessment.
#[utoipa::path(get, path = "/api/v1/schema/{name}", tag = "schemas",
    params(("name" = SchemaName, Path, description = "`kb`, `profile` or `assessment`"), ViewParams),
    responses(
        (status = 200, description = "The JSON Schema", content_type = "application/schema+json", body = Object),
        (status = 404, description = "No such schema", body = Problem, content_type = "application/problem+json")
    ))]
async fn schema(
    State(state): State<AppState>,
    Path(name): Path<String>,
    pairs: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(pairs) = pairs.map_err(|e| Problem::new(ProblemType::InvalidQuery, e.body_text()))?;
    let view = view_param(&pairs)?;
    let body = match name.as_str() {
        "kb" => Bytes::from(serde_json::to_vec(&backend::kb_schema()).unwrap_or_default()),
        "profile" => state.kb().profile_schema_json.clone(),
        "assessment" => {
            Bytes::from(serde_json::to_vec(&backend::assessment_schema(view)).unwrap_or_default())
        }
        other => {
            return Err(Problem::new(
                ProblemType::NotFound,
                format!("no schema `{other}`; there are `kb`, `profile` and `assessment`"),
            ))
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/schema+json")], body).into_response())
}

/// This API's OpenAPI 3.1 document, generated from the code.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "schemas", responses((status = 200, description = "The OpenAPI document", body = Object)))]
async fn openapi_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state
        .kb()
        .openapi_json
        .response(&headers, "application/json")
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn json_bytes(body: impl Into<Bytes>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body.into()).into_response()
}

fn json_static(body: &'static str) -> Response {
    json_bytes(Bytes::from_static(body.as_bytes()))
}

/// A 422 listing every problem.
fn invalid(what: &str, errors: Vec<ProblemItem>) -> Problem {
    let n = errors.len();
    let detail = match n {
        1 => format!("{what} has 1 problem: {}", errors[0].message),
        n => format!("{what} has {n} problems"),
    };
    Problem::new(ProblemType::InvalidRequest, detail).with_errors(errors)
}

fn item(pointer: &str, given: Option<Value>, expected: &str, message: &str) -> ProblemItem {
    ProblemItem {
        pointer: pointer.into(),
        given,
        expected: Some(expected.into()),
        message: message.into(),
        help: None,
        line: None,
        column: None,
    }
}

/// A problem+json 404 for unknown API paths.
pub async fn not_found(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> Problem {
    Problem::new(
        ProblemType::NotFound,
        format!("there is no `{}`; see /api/v1/openapi.json", uri.path()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn explain_body_problems_are_all_named() {
        let err = explain_parts(&json!({"decision": 3, "extra": true})).unwrap_err();
        let pointers: Vec<_> = err.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/profile", "/decision", "/extra"]);
        assert_eq!(err.status, 422);
        let ok = json!({"profile": {}, "decision": "cni"});
        assert_eq!(explain_parts(&ok).unwrap().1, "cni");
        assert_eq!(
            explain_parts(&json!([1])).unwrap_err().errors[0].pointer,
            ""
        );
    }

    #[test]
    fn reports_are_named_after_the_organisation_or_the_profile() {
        let date = "2026-11-30";
        assert_eq!(
            report_filename("webshop", Some("Café  Noord B.V."), &json!({}), date),
            "kompas-cafe-noord-b-v-2026-11-30.md"
        );
        let a = report_filename("webshop", None, &json!({}), date);
        let b = report_filename("webshop", None, &json!({"team_size": 40}), date);
        assert!(a.starts_with("kompas-webshop-") && a.ends_with("-2026-11-30.md"));
        assert_ne!(a, b, "two profiles, two names");
        assert_eq!(
            report_filename("webshop", Some("\"/.."), &json!({}), date),
            a,
            "a name with nothing left falls back to the profile"
        );
    }

    #[test]
    fn kb_sections_are_checked() {
        let pairs = |v: &str| vec![("section".to_owned(), v.to_owned())];
        assert_eq!(
            kb_sections(&pairs("layer0, capabilities,layer0")).unwrap(),
            ["layer0", "capabilities"]
        );
        assert!(kb_sections(&[]).unwrap().is_empty());
        let err = kb_sections(&pairs("layer0,secrets")).unwrap_err();
        assert_eq!(err.errors[0].pointer, "/section");
    }

    #[test]
    fn filenames_keep_only_safe_characters() {
        assert_eq!(sanitize_filename("web\"shop/../x"), "webshop..x");
        assert_eq!(sanitize_filename("\""), "assessment");
    }
}
