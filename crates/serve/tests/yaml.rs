//! The API takes what the README shows: profiles as YAML as well as JSON, on
//! every endpoint that takes a profile, with the same problem details (and
//! the line and column of each problem).

mod common;

use common::TestServer;
use serde_json::Value;

const WEBSHOP_YAML: &str = include_str!("../../../examples/webshop.yaml");

async fn post(s: &TestServer, path: &str, content_type: &str, body: &str) -> reqwest::Response {
    s.client
        .post(s.url(path))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("the server answers")
}

#[tokio::test]
async fn a_yaml_profile_gets_the_same_assessment_as_its_json() {
    let s = TestServer::builtin().await;
    let yaml = post(&s, "/api/v1/assess", "application/yaml", WEBSHOP_YAML).await;
    assert_eq!(yaml.status(), 200);
    let yaml: Value = yaml.json().await.unwrap();
    let (profile, _) = kompas_kb::yaml::parse(WEBSHOP_YAML).unwrap();
    let json: Value = s
        .client
        .post(s.url("/api/v1/assess"))
        .json(&profile)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(yaml, json);
    for ct in [
        "application/x-yaml",
        "text/yaml",
        "application/yaml; charset=utf-8",
    ] {
        assert_eq!(
            post(&s, "/api/v1/assess", ct, "team_size: 3\n")
                .await
                .status(),
            200,
            "{ct}"
        );
    }
}

#[tokio::test]
async fn yaml_problems_name_pointer_value_expectation_line_and_column() {
    let s = TestServer::builtin().await;
    let r = post(
        &s,
        "/api/v1/assess",
        "application/yaml",
        "team_size: 10\nservice_count: lots\n",
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Value = r.json().await.unwrap();
    let e = &p["errors"][0];
    assert_eq!(e["pointer"], "/service_count");
    assert_eq!(e["given"], "lots");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(16)),
        "{p}"
    );
    assert!(e["expected"].as_str().unwrap().contains("\"5-10\""), "{p}");

    let r = post(&s, "/api/v1/assess", "application/yaml", "team_size: [1\n").await;
    assert_eq!(r.status(), 400);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["type"], "urn:kompas:problem:malformed-yaml");
    assert!(p["errors"][0]["line"].as_u64().is_some(), "{p}");

    // An alias bomb is refused at the alias, within the profile budget.
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    assert_eq!(
        post(&s, "/api/v1/assess", "application/yaml", bomb)
            .await
            .status(),
        400
    );

    // Endpoints without a profile stay JSON only.
    let r = post(&s, "/api/v1/assess", "text/plain", "team_size: 3").await;
    assert_eq!(r.status(), 415);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["detail"].as_str().unwrap().contains("application/yaml"),
        "{p}"
    );
}

#[tokio::test]
async fn explain_and_the_report_take_yaml_with_nested_positions() {
    let s = TestServer::builtin().await;
    let body = format!(
        "decision: cni\nprofile:\n{}",
        WEBSHOP_YAML
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("  {l}\n"))
            .collect::<String>()
    );
    let r = post(&s, "/api/v1/explain", "application/yaml", &body).await;
    assert_eq!(r.status(), 200);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["decision"]["recommendation"]["option"], "cilium");

    let r = post(
        &s,
        "/api/v1/explain",
        "application/yaml",
        "decision: cni\nprofile:\n  team_size: x\n",
    )
    .await;
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["pointer"], "/profile/team_size");
    assert_eq!(p["errors"][0]["line"], 3);

    let r = post(&s, "/api/v1/report.md", "application/yaml", WEBSHOP_YAML).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Cilium"));
}

#[tokio::test]
async fn views_of_an_assessment_by_query_parameter() {
    let s = TestServer::builtin().await;
    let get = |view: &'static str| {
        let s = &s;
        async move {
            let r = post(
                s,
                &format!("/api/v1/assess{view}"),
                "application/yaml",
                WEBSHOP_YAML,
            )
            .await;
            (r.status().as_u16(), r.bytes().await.unwrap())
        }
    };
    let (status, default) = get("").await;
    assert_eq!(status, 200);
    let full: Value = serde_json::from_slice(&default).unwrap();
    assert_eq!(full["view"], "full");
    assert!(
        full["decisions"][0]["traces_to"][0].is_string(),
        "ids, written once under layer0"
    );
    assert!(full["layer0"].as_array().is_some_and(|l| !l.is_empty()));
    let (_, summary) = get("?view=summary").await;
    assert!(summary.len() <= 16 * 1024, "{} bytes", summary.len());
    let summary: Value = serde_json::from_slice(&summary).unwrap();
    assert_eq!(summary["view"], "summary");
    assert_eq!(summary["stack"].as_array().unwrap().len(), 20);
    let (_, expanded) = get("?view=expanded&lang=en").await;
    let expanded: Value = serde_json::from_slice(&expanded).unwrap();
    assert!(expanded["decisions"][0]["traces_to"][0]["title"].is_string());
    assert!(default.len() < serde_json::to_vec(&expanded).unwrap().len());
    let (status, problem) = get("?view=detailed").await;
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&problem).contains("`summary`, `full` or `expanded`"));
    for view in ["summary", "full", "expanded"] {
        let schema: Value = s
            .get(&format!("/api/v1/schema/assessment?view={view}"))
            .await
            .json()
            .await
            .unwrap();
        assert!(schema["properties"].is_object(), "{view}");
    }
}
