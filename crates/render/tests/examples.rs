//! The example organisations in examples/*.yaml, assessed with the built-in KB:
//! their key outcomes (derived from the webshop case's rules) and snapshots of their reports.

use kompas_engine::{
    AssessOptions, Assessment, Engine, FindingKind, FindingSeverity, Lang, Profile,
};
use kompas_kb::Verdict;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let kb = kompas_kb::builtin::load().unwrap_or_else(|e| {
            panic!(
                "{}",
                e.diagnostics.iter().map(|d| d.render()).collect::<String>()
            )
        });
        Engine::new(kb)
    })
}

fn profile(name: &str) -> Profile {
    let path = format!("{}/../../examples/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    engine()
        .profile_from_text(&text, &format!("examples/{name}.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The assessment borrows only the engine, so it outlives the profile.
fn assess(name: &str) -> Assessment<'static> {
    engine().assess(&profile(name))
}

/// The report with the KB digest blanked: the digest changes with every edit of
/// the KB, the report's content only when the knowledge does.
fn stable(report: String, a: &Assessment) -> String {
    let digest = a.kb.digest.trim_start_matches("sha256:");
    report.replace(&digest[..digest.len().min(12)], "<digest>")
}

fn stack(a: &Assessment, expected: &[(&str, &str)]) {
    for (d, o) in expected {
        assert_eq!(a.recommended(d), Some(*o), "decision {d}");
    }
}

fn verdicts(a: &Assessment, expected: &[(&str, Verdict)]) {
    for (c, v) in expected {
        assert_eq!(
            a.capability(c).map(|x| x.verdict),
            Some(*v),
            "capability {c}"
        );
    }
}

fn seed_replaced<'a>(
    a: &'a Assessment,
    decision: &str,
) -> Option<&'a kompas_engine::Finding<'static>> {
    a.findings
        .iter()
        .map(|f| f.as_ref())
        .find(|f| f.kind == FindingKind::SeedChoiceReplaced && &*f.decision == decision)
}

fn no_retired_tool(a: &Assessment) {
    assert!(
        !a.findings
            .iter()
            .any(|f| f.kind == FindingKind::Lifecycle && f.severity == FindingSeverity::Error),
        "a retired tool is recommended"
    );
}

#[test]
fn webshop() {
    let a = assess("webshop");
    stack(
        &a,
        &[
            ("kubernetes", "managed_kubernetes"),
            ("cni", "cilium"),
            ("gitops", "argo_cd"),
            ("ingress", "traefik"),
            ("observability", "prometheus_grafana_loki"),
            ("secrets", "openbao"),
            ("database", "managed_postgresql"),
            ("container_registry", "harbor"),
            ("iac", "opentofu"),
            ("cluster_backup", "velero"),
            ("tls", "cert_manager"),
        ],
    );
    let db = a.decision("database").unwrap();
    assert!(db
        .tradeoffs
        .iter()
        .any(|t| &*t.id == "tradeoff.managed_database"));
    // The seed's choices that kompas replaces, and why.
    let vault = seed_replaced(&a, "secrets").expect("seed chose Vault");
    assert_eq!(vault.option.as_deref(), Some("vault"));
    assert!(vault.message.contains("BUSL"), "{}", vault.message);
    let terraform = seed_replaced(&a, "iac").expect("seed chose Terraform");
    assert_eq!(terraform.option.as_deref(), Some("terraform"));
    assert!(terraform.message.contains("BUSL"), "{}", terraform.message);
    let nginx = seed_replaced(&a, "ingress").expect("seed chose ingress-nginx");
    assert_eq!(nginx.option.as_deref(), Some("ingress_nginx"));
    assert!(nginx.message.contains("March 2026"), "{}", nginx.message);
    assert!(!nginx.sources.is_empty());
    no_retired_tool(&a);
    // Layer 2 (seed 003, "for the webshop case").
    verdicts(
        &a,
        &[
            ("distributed_tracing", Verdict::Now),
            ("cost_visibility", Verdict::Now),
            ("policy_enforcement", Verdict::Now),
        ],
    );
    for c in ["service_mesh", "multi_region", "chaos_engineering"] {
        assert_ne!(a.capability(c).unwrap().verdict, Verdict::Now, "{c}");
    }
    // One at a time: the now items are ranked and the first is where to start.
    let first = a.layer2.iter().find(|c| c.start_here).unwrap();
    assert_eq!(first.rank, Some(1));
    assert_eq!(a.summary.now[0], first.id);
    // Defaults are marked, the seed's bucket is kept.
    let sc = a
        .answers
        .iter()
        .find(|x| &*x.input == "service_count")
        .unwrap();
    assert_eq!(sc.given.as_deref(), Some(&serde_json::json!("5-10")));
    assert!(!a.summary.blocking_questions.is_empty());
    insta::assert_snapshot!(
        "webshop_md",
        stable(kompas_render::markdown(&a, Lang::En), &a)
    );
}

#[test]
fn webshop_in_dutch() {
    let p = profile("webshop");
    let a = engine().assess_with(
        &p,
        AssessOptions {
            lang: Lang::Nl,
            flips: true,
        },
    );
    let md = kompas_render::markdown(&a, Lang::Nl);
    assert!(md.contains("## Samenvatting"));
    assert!(md.contains("## Blokkerende open vragen"));
    insta::assert_snapshot!("webshop_nl_md", stable(md, &a));
}

#[test]
fn webshop_terminal_and_explain() {
    let p = profile("webshop");
    let a = engine().assess(&p);
    let plain = kompas_render::text(&a, false);
    assert!(!plain.contains('\u{1b}'), "no colour unless asked");
    assert!(kompas_render::text(&a, true).contains('\u{1b}'));
    insta::assert_snapshot!("webshop_text", plain);

    let e = engine().explain(&p, "cni").unwrap();
    let text = kompas_render::explain_text(&e, false);
    // "Why Cilium and not Calico, and what would make it Calico?"
    assert!(text.contains("Why Cilium"), "{text}");
    assert!(text.contains("Calico (calico)"), "{text}");
    // The reasons say what is so, in the KB's words, not the condition.
    assert!(
        text.contains("- the team has no Calico expertise [default]"),
        "{text}"
    );
    assert!(
        !text.contains("calico_expertise is true, but the answer is false"),
        "{text}"
    );
    assert!(
        text.contains("Calico if the team already has Calico expertise."),
        "{text}"
    );
    insta::assert_snapshot!("webshop_explain_cni", text);
}

#[test]
fn payments() {
    let a = assess("payments");
    stack(
        &a,
        &[
            // It answers that it is not all-in on one cloud and prefers SaaS: Datadog
            // or New Relic, with their synthetic checks.
            ("observability", "saas_observability"),
            ("uptime_monitoring", "saas_synthetics"),
            ("kubernetes", "managed_kubernetes"),
            // Not given: an experienced team of 60 experts is assumed to run a highly
            // available database itself (a derived default).
            ("database", "postgres_operator"),
            ("cni", "cilium"),
            ("pod_security", "kyverno_pod_security"),
            ("deployment_strategy", "progressive_delivery"),
        ],
    );
    let ha = a
        .answers
        .iter()
        .find(|x| x.input == "database_ha_expertise")
        .unwrap();
    assert_eq!(ha.source, kompas_engine::AnswerSource::Derived);
    assert_eq!(
        ha.derived_from.as_ref().map(|f| &*f.fact),
        Some("database_ha_likely")
    );
    // Regulated, stable Layer 1, experts: the compliance-driven capabilities are due now.
    verdicts(
        &a,
        &[
            ("policy_enforcement", Verdict::Now),
            ("security_auditing", Verdict::Now),
            ("service_mesh", Verdict::Now),
            ("distributed_tracing", Verdict::Now),
        ],
    );
    // One consistent stack: one policy engine (Kyverno enforces pod security in
    // Layer 1, so Layer 2 adds no OPA Gatekeeper even with a security team), and a
    // tracing backend that fits the observability SaaS.
    let tool = |c: &str| {
        a.capability(c)
            .and_then(|x| x.tool.as_ref())
            .map(|t| t.id.to_string())
    };
    assert_eq!(tool("policy_enforcement").as_deref(), Some("kyverno"));
    assert_eq!(tool("distributed_tracing").as_deref(), Some("saas_tracing"));
    assert!(!a
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::Consistency));
    assert!(a.summary.now.len() >= 4);
    no_retired_tool(&a);
    insta::assert_snapshot!(
        "payments_md",
        stable(kompas_render::markdown(&a, Lang::En), &a)
    );
}

#[test]
fn calico_shop() {
    let a = assess("calico-shop");
    stack(
        &a,
        &[
            ("cni", "calico"),
            ("database", "postgres_operator"),
            ("gitops", "argo_cd"),
        ],
    );
    let cni = a.decision("cni").unwrap();
    assert_eq!(cni.because[0].rule.as_ref(), "cni.calico_expertise");
    // Cilium still applies (it is the default), but the Calico rule comes first.
    let cilium = cni
        .alternatives
        .iter()
        .find(|x| &*x.option == "cilium")
        .unwrap();
    assert!(cilium.applies);
    // The seed chose Cilium and Managed PostgreSQL: both replaced for this profile, with reasons.
    assert!(seed_replaced(&a, "cni").unwrap().message.contains("Calico"));
    assert!(seed_replaced(&a, "database").is_some());
    // Without the expertise the answer flips back.
    assert!(cni
        .flips
        .iter()
        .any(|f| &*f.option == "cilium" && f.distance == 1));
    no_retired_tool(&a);
    insta::assert_snapshot!(
        "calico_shop_md",
        stable(kompas_render::markdown(&a, Lang::En), &a)
    );
}

/// The webshop with three answers unknown: an open CNI (and more), the next
/// questions, and the unknown answers that block.
fn webshop_with_unknowns() -> Profile {
    let compiled = engine().compiled();
    ["calico_expertise", "all_in_one_cloud", "team_size"]
        .iter()
        .fold(profile("webshop"), |p, id| {
            p.with_unknown(compiled, compiled.var_index[*id])
        })
}

#[test]
fn unknown_answers_in_text_and_markdown() {
    let p = webshop_with_unknowns();
    let a = engine().assess(&p);
    assert!(!a.summary.open.is_empty());
    let text = kompas_render::text(&a, false);
    assert!(!text.contains('…'), "never cut: {text}");
    insta::assert_snapshot!("unknowns_text", text);
    insta::assert_snapshot!(
        "unknowns_md",
        stable(kompas_render::markdown(&a, Lang::En), &a)
    );
    let nl = engine().assess_with(
        &p,
        AssessOptions {
            lang: Lang::Nl,
            flips: true,
        },
    );
    insta::assert_snapshot!(
        "unknowns_nl_md",
        stable(kompas_render::markdown(&nl, Lang::Nl), &nl)
    );
    let e = engine().explain(&p, "cni").unwrap();
    insta::assert_snapshot!(
        "unknowns_explain_cni",
        kompas_render::explain_text(&e, false)
    );
}

#[test]
fn an_empty_profile_in_text() {
    let a = engine().assess(&engine().default_profile());
    insta::assert_snapshot!("empty_text", kompas_render::text(&a, false));
}
