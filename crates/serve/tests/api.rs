//! Black-box tests of the HTTP API: the real server on a free port, over HTTP.

mod common;

use common::{json_of, pointers, webshop_profile, TestServer};
use serde_json::{json, Value};

const PROBLEM: &str = "application/problem+json";

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

#[tokio::test]
async fn healthz_says_ok() {
    let s = TestServer::builtin().await;
    let body = json_of(s.get("/healthz").await, 200, "application/json").await;
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_names_the_loaded_kb() {
    let s = TestServer::builtin().await;
    let body = json_of(s.get("/readyz").await, 200, "application/json").await;
    assert_eq!(body["status"], "ready");
    assert_eq!(body["kb"]["id"], "webshop");
    assert!(body["kb"]["digest"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
}

#[tokio::test]
async fn metrics_count_requests_latency_assessments_and_name_the_kb() {
    let s = TestServer::builtin().await;
    s.post_json("/api/v1/assess", &webshop_profile()).await;
    s.post_raw("/api/v1/assess", Some("application/json"), "{")
        .await;
    let response = s.get("/metrics").await;
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    assert!(
        text.contains(
            r#"kompas_http_requests_total{method="POST",route="/api/v1/assess",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(
        text.contains(
            r#"kompas_http_requests_total{method="POST",route="/api/v1/assess",status="400"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"kompas_http_request_duration_seconds_bucket{method="POST",route="/api/v1/assess",status="200",le="+Inf"} 1"#));
    assert!(text.contains("# TYPE kompas_http_request_duration_seconds histogram"));
    assert!(text.contains(r#"kompas_assessments_total{endpoint="assess"} 1"#));
    assert!(text.contains(r#"kompas_kb_info{id="webshop""#));
    assert!(text.contains(r#"digest="sha256:"#));
    assert!(text.contains(r#"kompas_kb_reloads_total{result="failure"} 0"#));
}

#[tokio::test]
async fn unknown_paths_are_labelled_other_not_by_raw_path() {
    let s = TestServer::builtin().await;
    s.get("/no/such/thing/12345").await;
    let text = s.metrics().await;
    assert!(text.contains(r#"route="other",status="404""#), "{text}");
    assert!(!text.contains("12345"));
}

// ---------------------------------------------------------------------------
// Assess
// ---------------------------------------------------------------------------

#[tokio::test]
async fn assess_the_webshop_profile() {
    let s = TestServer::builtin().await;
    let a = json_of(
        s.post_json("/api/v1/assess", &webshop_profile()).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["kb"]["id"], "webshop");
    let stack = &a["summary"]["stack"];
    assert_eq!(stack["cni"], "cilium");
    assert_eq!(stack["gitops"], "argo_cd");
    assert_eq!(stack["database"], "managed_postgresql");
    let cni = a["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cni")
        .expect("a cni decision");
    assert_eq!(cni["recommendation"]["option"], "cilium");
    assert!(
        !cni["traces_to"].as_array().unwrap().is_empty(),
        "every choice traces to Layer 0"
    );
    assert!(
        cni["flips"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["option"] == "calico"),
        "a flip to calico"
    );
    assert_eq!(a["layer2"].as_array().unwrap().len(), 8);
    for capability in a["layer2"].as_array().unwrap() {
        assert!(["now", "later", "skip"].contains(&capability["verdict"].as_str().unwrap()));
    }
}

#[tokio::test]
async fn calico_expertise_turns_the_cni_to_calico() {
    let s = TestServer::builtin().await;
    let mut profile = webshop_profile();
    profile["calico_expertise"] = json!(true);
    let a = json_of(
        s.post_json("/api/v1/assess", &profile).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["summary"]["stack"]["cni"], "calico");
}

#[tokio::test]
async fn unknown_answers_leave_decisions_open_with_their_conditions() {
    let s = TestServer::builtin().await;
    let mut profile = webshop_profile();
    profile["calico_expertise"] = json!("unknown");
    let a = json_of(
        s.post_json("/api/v1/assess", &profile).await,
        200,
        "application/json",
    )
    .await;
    let cni = a["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "cni")
        .unwrap();
    assert_eq!(cni["status"], "open");
    assert_eq!(cni["provisional"], true);
    let options: Vec<&str> = cni["possible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["option"].as_str().unwrap())
        .collect();
    assert_eq!(options, ["cilium", "calico"]);
    assert_eq!(
        cni["possible"][1]["when"][0][0]["input"],
        "calico_expertise"
    );
    assert_eq!(cni["possible"][1]["when"][0][0]["values"], json!([true]));
    assert_eq!(a["summary"]["open"], json!(["cni"]));
    assert_eq!(a["next_questions"][0]["input"], "calico_expertise");
    assert_eq!(a["next_questions"][0]["state"], "unknown");
    // The same from the query string, as the site writes it.
    let md = s
        .get("/api/v1/report.md?calico_expertise=unknown&compliance_requirements=unknown&team_size=unknown")
        .await;
    assert_eq!(md.status().as_u16(), 200);
    let md = md.text().await.unwrap();
    assert!(md.contains("## Open decisions"), "{md}");
}

#[tokio::test]
async fn an_empty_profile_takes_every_default() {
    let s = TestServer::builtin().await;
    let a = json_of(
        s.post_json("/api/v1/assess", &json!({})).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["summary"]["stack"]["cni"], "cilium");
}

#[tokio::test]
async fn assess_in_dutch() {
    let s = TestServer::builtin().await;
    let a = json_of(
        s.post_json("/api/v1/assess?lang=nl", &json!({})).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["lang"], "nl");
    let problem = json_of(
        s.post_json("/api/v1/assess?lang=fr", &json!({})).await,
        400,
        PROBLEM,
    )
    .await;
    assert_eq!(pointers(&problem), ["/lang"]);
}

// ---------------------------------------------------------------------------
// Bad requests: problem+json, never a 5xx
// ---------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_400_with_line_and_column() {
    let s = TestServer::builtin().await;
    let p = json_of(
        s.post_raw(
            "/api/v1/assess",
            Some("application/json"),
            "{\"team_size\": ,}",
        )
        .await,
        400,
        PROBLEM,
    )
    .await;
    assert_eq!(p["status"], 400);
    assert_eq!(p["type"], "urn:kompas:problem:malformed-json");
    assert_eq!(pointers(&p), [""]);
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 1 column"),
        "{p}"
    );
    let empty = json_of(
        s.post_raw("/api/v1/assess", Some("application/json"), "")
            .await,
        400,
        PROBLEM,
    )
    .await;
    assert!(empty["detail"].as_str().unwrap().contains("empty"));
}

#[tokio::test]
async fn invalid_values_are_422_naming_every_problem_with_its_pointer() {
    let s = TestServer::builtin().await;
    let profile = json!({"team_size": "many", "kubernetes_experience": "guru", "compliance_requirements": ["GDPR", "HIPAA"], "zzz": 1});
    let p = json_of(s.post_json("/api/v1/assess", &profile).await, 422, PROBLEM).await;
    assert_eq!(p["type"], "urn:kompas:problem:invalid-request");
    let mut found = pointers(&p);
    found.sort();
    assert!(found.contains(&"/team_size".to_owned()), "{found:?}");
    assert!(
        found.contains(&"/kubernetes_experience".to_owned()),
        "{found:?}"
    );
    assert!(found.contains(&"/zzz".to_owned()), "{found:?}");
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("/compliance_requirements")),
        "{found:?}"
    );
    for e in p["errors"].as_array().unwrap() {
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(e["expected"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    }
    let k8s = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["pointer"] == "/kubernetes_experience")
        .unwrap();
    assert_eq!(k8s["given"], "guru");
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_422() {
    let s = TestServer::builtin().await;
    for body in [json!([1, 2]), json!("cni"), json!(null), json!(3)] {
        let response = s.post_json("/api/v1/assess", &body).await;
        assert_eq!(response.status().as_u16(), 422, "{body}");
    }
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let s = TestServer::builtin().await;
    let big = json!({ "team_size": 10, "padding": "x".repeat(70 * 1024) }).to_string();
    let p = json_of(
        s.post_raw("/api/v1/assess", Some("application/json"), big)
            .await,
        413,
        PROBLEM,
    )
    .await;
    assert_eq!(p["type"], "urn:kompas:problem:body-too-large");
}

#[tokio::test]
async fn a_body_that_is_not_json_by_content_type_is_415() {
    let s = TestServer::builtin().await;
    for ct in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let p = json_of(s.post_raw("/api/v1/assess", ct, "{}").await, 415, PROBLEM).await;
        assert!(
            p["detail"].as_str().unwrap().contains("application/json"),
            "{p}"
        );
    }
    let ok = s
        .post_raw(
            "/api/v1/assess",
            Some("application/json; charset=utf-8"),
            "{}",
        )
        .await;
    assert_eq!(ok.status().as_u16(), 200);
}

#[tokio::test]
async fn unknown_api_paths_are_404_problems_and_wrong_methods_405() {
    let s = TestServer::builtin().await;
    let p = json_of(s.get("/api/v1/nothing").await, 404, PROBLEM).await;
    assert!(p["detail"].as_str().unwrap().contains("/api/v1/nothing"));
    assert_eq!(s.get("/api/v1/assess").await.status().as_u16(), 405);
}

// ---------------------------------------------------------------------------
// Explain, report
// ---------------------------------------------------------------------------

#[tokio::test]
async fn explain_one_decision() {
    let s = TestServer::builtin().await;
    let e = json_of(
        s.post_json(
            "/api/v1/explain",
            &json!({"profile": webshop_profile(), "decision": "cni"}),
        )
        .await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(e["decision"]["id"], "cni");
    assert_eq!(e["decision"]["recommendation"]["option"], "cilium");
    assert!(!e["decision"]["because"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn explain_names_every_problem_of_the_request() {
    let s = TestServer::builtin().await;
    let p = json_of(
        s.post_json(
            "/api/v1/explain",
            &json!({"profile": {"team_size": -5}, "decision": "cnii"}),
        )
        .await,
        422,
        PROBLEM,
    )
    .await;
    assert_eq!(pointers(&p), ["/profile/team_size", "/decision"]);
    let decision = &p["errors"][1];
    assert_eq!(decision["help"], "did you mean `cni`?");
    let p = json_of(
        s.post_json("/api/v1/explain", &json!({"decision": 7, "extra": 1}))
            .await,
        422,
        PROBLEM,
    )
    .await;
    assert_eq!(pointers(&p), ["/profile", "/decision", "/extra"]);
    let p = json_of(
        s.post_json(
            "/api/v1/explain",
            &json!({"profile": {}, "decision": "service_mesh"}),
        )
        .await,
        422,
        PROBLEM,
    )
    .await;
    assert!(p["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Layer 2"));
}

#[tokio::test]
async fn report_markdown_from_the_query_string_and_from_a_body() {
    let s = TestServer::builtin().await;
    let response = s
        .get("/api/v1/report.md?calico_expertise=true&service_count=12")
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("filename=\"kompas-webshop-"),
        "named after the profile: {disposition}"
    );
    let md = response.text().await.unwrap();
    let named = s
        .get("/api/v1/report.md?calico_expertise=true&org=Acme%20Retail")
        .await;
    assert!(named.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("filename=\"kompas-acme-retail-"));
    assert!(md.starts_with('#'), "{md}");
    assert!(md.contains("Calico"), "{md}");

    let posted = s
        .post_json("/api/v1/report.md?lang=nl", &webshop_profile())
        .await;
    assert_eq!(posted.status().as_u16(), 200);
    assert!(posted.text().await.unwrap().contains("Cilium"));

    let p = json_of(
        s.get("/api/v1/report.md?team_size=lots").await,
        422,
        PROBLEM,
    )
    .await;
    assert_eq!(pointers(&p), ["/team_size"]);
    let p = json_of(s.get("/api/v1/report.md?lang=xx").await, 400, PROBLEM).await;
    assert_eq!(pointers(&p), ["/lang"]);
    let metrics = s.metrics().await;
    assert!(
        metrics.contains(r#"kompas_assessments_total{endpoint="report"} 3"#),
        "{metrics}"
    );
}

// ---------------------------------------------------------------------------
// KB, questionnaire, schemas, OpenAPI
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_kb_document_has_every_section_and_loads_back_as_a_kb() {
    let s = TestServer::builtin().await;
    let kb = json_of(s.get("/api/v1/kb").await, 200, "application/json").await;
    assert_eq!(kb["kb"]["id"], "webshop");
    for section in [
        "inputs",
        "layer0",
        "decisions",
        "capabilities",
        "open_questions",
        "tradeoffs",
        "tools",
    ] {
        assert!(
            kb[section].as_array().is_some_and(|a| !a.is_empty()),
            "section {section}"
        );
    }
    // The document is itself a one-file KB (JSON is YAML).
    let back = kompas_kb::load_sources(vec![("kb.yaml".into(), kb.to_string())])
        .expect("the KB document loads back");
    assert_eq!(
        back.decisions.len(),
        kb["decisions"].as_array().unwrap().len()
    );
    assert_eq!(back.layer0.len(), kb["layer0"].as_array().unwrap().len());

    // Only some sections: what the site's map of the reasoning reads.
    let part = json_of(
        s.get("/api/v1/kb?section=layer0,capabilities").await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(part["kb"]["id"], "webshop");
    assert_eq!(part["layer0"], kb["layer0"]);
    assert_eq!(part["capabilities"], kb["capabilities"]);
    assert!(part["decisions"].as_array().is_none_or(|d| d.is_empty()));
    let p = json_of(s.get("/api/v1/kb?section=secrets").await, 400, PROBLEM).await;
    assert_eq!(pointers(&p), ["/section"]);
}

#[tokio::test]
async fn the_questionnaire_groups_every_input() {
    let s = TestServer::builtin().await;
    let q = json_of(s.get("/api/v1/inputs").await, 200, "application/json").await;
    let inputs: Vec<&Value> = q["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["inputs"].as_array().unwrap())
        .collect();
    let team = inputs
        .iter()
        .find(|i| i["id"] == "team_size")
        .expect("team_size is asked");
    assert_eq!(team["type"], "integer");
    assert!(team["question"]["en"].as_str().is_some());
    let calico = inputs
        .iter()
        .find(|i| i["id"] == "calico_expertise")
        .expect("calico_expertise is asked");
    assert!(calico["influences"]["decisions"]
        .as_array()
        .unwrap()
        .contains(&json!("cni")));
    // "Don't know" is an answer to every question.
    assert_eq!(q["unknown"]["value"], "unknown");
    assert_eq!(q["unknown"]["label"]["nl"], "Weet ik niet");
    let experience = inputs
        .iter()
        .find(|i| i["id"] == "kubernetes_experience")
        .unwrap();
    assert_eq!(experience["ordered"], true);
    let runners = inputs
        .iter()
        .find(|i| i["id"] == "self_hosted_ci_required")
        .unwrap();
    assert_eq!(runners["answers_question"], "q12");
}

#[tokio::test]
async fn the_three_json_schemas() {
    let s = TestServer::builtin().await;
    for name in ["kb", "profile", "assessment"] {
        let schema = json_of(
            s.get(&format!("/api/v1/schema/{name}")).await,
            200,
            "application/schema+json",
        )
        .await;
        assert!(
            schema.is_object()
                && (schema.get("properties").is_some() || schema.get("$defs").is_some()),
            "{name}"
        );
    }
    let profile = json_of(
        s.get("/api/v1/schema/profile").await,
        200,
        "application/schema+json",
    )
    .await;
    assert!(profile["properties"]["team_size"].is_object());
    let p = json_of(s.get("/api/v1/schema/nope").await, 404, PROBLEM).await;
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("`kb`, `profile` and `assessment`"));
}

#[tokio::test]
async fn the_openapi_document_is_generated_and_self_contained() {
    let s = TestServer::builtin().await;
    let doc = json_of(s.get("/api/v1/openapi.json").await, 200, "application/json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    for path in [
        "/api/v1/assess",
        "/api/v1/explain",
        "/api/v1/kb",
        "/api/v1/inputs",
        "/api/v1/schema/{name}",
        "/api/v1/openapi.json",
        "/api/v1/report.md",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["Profile"]["properties"]["team_size"].is_object(),
        "the profile schema is the KB's"
    );
    assert!(schemas["AssessmentFull"]["properties"]["decisions"].is_object());
    assert!(schemas["AssessmentFull"]["properties"]["next_questions"].is_object());
    assert!(schemas["AssessmentSummary"]["properties"]["stack"].is_object());
    assert!(schemas["AssessmentSummary"]["properties"]["next_questions"].is_object());
    assert!(schemas["AssessmentExpanded"]["properties"]["decisions"].is_object());
    assert_eq!(
        schemas["Assessment"]["oneOf"].as_array().map(Vec::len),
        Some(3)
    );
    assert!(schemas["Questionnaire"]["properties"]["unknown"].is_object());
    assert_eq!(
        schemas["Profile"]["properties"]["team_size"]["anyOf"][1]["const"],
        "unknown"
    );
    assert!(schemas["Problem"]["properties"]["errors"].is_object());
    // Every local reference resolves inside the document.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("non-local $ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "dangling $ref {r}");
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "$ref" {
                    out.extend(child.as_str().map(str::to_owned));
                } else {
                    collect_refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Site, security and cache headers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn security_headers_on_pages_api_answers_and_errors() {
    let s = TestServer::builtin().await;
    for path in [
        "/",
        "/assets/app.js",
        "/api/v1/kb",
        "/api/v1/nothing",
        "/nothing",
    ] {
        let r = s.get(path).await;
        let h = r.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("no CSP on {path}"))
            .to_str()
            .unwrap();
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{path}");
        assert!(h.contains_key("permissions-policy"), "{path}");
    }
}

#[tokio::test]
async fn the_site_is_served_with_revalidating_cache_headers() {
    let s = TestServer::builtin().await;
    let page = s.get("/").await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("/assets/app.js") && html.contains("/assets/style.css"));

    let js = s.get("/assets/app.js").await;
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(js.headers()["cache-control"], "no-cache");
    let etag = js.headers()["etag"].clone();
    let again = s
        .client
        .get(s.url("/assets/app.js"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);

    let api = s.get("/api/v1/inputs").await;
    assert_eq!(api.headers()["cache-control"], "no-store");
    assert_eq!(s.get("/assets/nope.js").await.status().as_u16(), 404);
}

#[tokio::test]
async fn large_documents_are_gzipped_when_the_client_asks() {
    use std::io::Read as _;
    let s = TestServer::builtin().await;
    let plain = s.post_json("/api/v1/assess", &webshop_profile()).await;
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    for _ in 0..2 {
        // The first request renders and caches, the second is served from the cache.
        let zipped = s
            .client
            .post(s.url("/api/v1/assess"))
            .header("accept-encoding", "gzip")
            .json(&webshop_profile())
            .send()
            .await
            .unwrap();
        assert_eq!(zipped.status().as_u16(), 200);
        assert_eq!(zipped.headers()["content-encoding"], "gzip");
        assert_eq!(zipped.headers()["vary"], "accept-encoding");
        let body = zipped.bytes().await.unwrap();
        assert!(
            body.len() * 2 < plain.len(),
            "gzip makes it smaller: {} vs {}",
            body.len(),
            plain.len()
        );
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, plain.to_vec());
    }
    let metrics = s.metrics().await;
    assert!(
        metrics.contains(r#"kompas_assessment_cache_requests_total{result="hit"} 2"#),
        "{metrics}"
    );
    let kb = s
        .client
        .get(s.url("/api/v1/kb"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(kb.headers()["content-encoding"], "gzip");
}
