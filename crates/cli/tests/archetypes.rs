//! The archetypes in `examples/`: six organisations written with the ten inputs
//! of the webshop case's decision tree (§15) only. Their stacks and Layer 2
//! boards, snapshots of their reports, the "Done when" numbers of issue 7
//! computed from the influence analysis starting from them, the consistency of
//! every profile's stack, and the reachability of every "unless" alternative of
//! the webshop case (§12).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kompas_check::influence::{analyse, from_profiles, Influence, OutcomeKind};
use kompas_check::StartProfile;
use kompas_engine::{Assessment, Engine, Profile};
use kompas_kb::Verdict;
use serde_json::{json, Value};

/// The ten inputs of the webshop case's decision tree (§15).
const TEN: [&str; 10] = [
    "team_size",
    "kubernetes_experience",
    "budget_constraint",
    "vendor_independence_priority",
    "compliance_requirements",
    "team_maturity",
    "deployment_frequency",
    "service_count",
    "downtime_tolerance",
    "data_criticality",
];

/// The archetypes, in the order of the README table.
const ARCHETYPES: [&str; 6] = [
    "webshop",
    "startup",
    "scaleup-saas",
    "bank",
    "public-sector",
    "enterprise-cloud",
];

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

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn profile(name: &str) -> Profile {
    let path = repo().join("examples").join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    engine()
        .profile_from_text(&text, &format!("examples/{name}.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn assess(name: &str) -> Assessment<'static> {
    engine().assess(&profile(name))
}

/// The ids of the inputs a profile gives.
fn given_inputs(p: &Profile) -> BTreeSet<String> {
    let (kb, compiled) = (engine().kb(), engine().compiled());
    p.given_mask()
        .iter()
        .enumerate()
        .filter(|(_, given)| **given)
        .map(|(v, _)| kb.inputs[compiled.var_input[v]].id.clone())
        .collect()
}

#[test]
fn archetypes_are_written_with_the_ten_inputs_only() {
    for name in ARCHETYPES {
        let given = given_inputs(&profile(name));
        let ten: BTreeSet<String> = TEN.iter().map(|s| s.to_string()).collect();
        assert_eq!(given, ten, "{name}");
    }
}

/// Per Layer 1 decision, the recommendation for each archetype (in `ARCHETYPES` order).
const STACKS: [(&str, [&str; 6]); 20] = [
    (
        "kubernetes",
        [
            "managed_kubernetes",
            "managed_kubernetes",
            "managed_kubernetes",
            "managed_kubernetes",
            "managed_kubernetes",
            "managed_kubernetes",
        ],
    ),
    (
        "cni",
        ["cilium", "flannel", "cilium", "cilium", "cilium", "cilium"],
    ),
    (
        "gitops",
        [
            "argo_cd", "flux", "argo_cd", "argo_cd", "argo_cd", "argo_cd",
        ],
    ),
    (
        "ingress",
        [
            "traefik", "traefik", "traefik", "traefik", "traefik", "traefik",
        ],
    ),
    (
        "observability",
        [
            "prometheus_grafana_loki",
            "cloud_observability",
            "prometheus_grafana_loki",
            "prometheus_grafana_loki",
            "prometheus_grafana_loki",
            "cloud_observability",
        ],
    ),
    (
        "secrets",
        [
            "openbao",
            "cloud_secret_manager",
            "openbao",
            "openbao",
            "openbao",
            "cloud_secret_manager",
        ],
    ),
    (
        "database",
        [
            "managed_postgresql",
            "managed_postgresql",
            "managed_postgresql",
            "postgres_operator",
            "managed_postgresql",
            "managed_postgresql",
        ],
    ),
    (
        "container_registry",
        [
            "harbor",
            "cloud_registry",
            "saas_registry",
            "harbor",
            "harbor",
            "cloud_registry",
        ],
    ),
    (
        "iac",
        [
            "opentofu", "opentofu", "opentofu", "opentofu", "opentofu", "opentofu",
        ],
    ),
    (
        "cluster_backup",
        [
            "velero",
            "provider_backup",
            "velero",
            "velero",
            "velero",
            "provider_backup",
        ],
    ),
    (
        "ci_cd",
        [
            "github_actions",
            "github_actions",
            "github_actions",
            "gitlab_ci",
            "gitlab_ci",
            "github_actions",
        ],
    ),
    (
        "tls",
        [
            "cert_manager",
            "provider_managed_certificates",
            "cert_manager",
            "cert_manager",
            "cert_manager",
            "provider_managed_certificates",
        ],
    ),
    (
        "deployment_strategy",
        [
            "rolling_update",
            "rolling_update",
            "rolling_update",
            "progressive_delivery",
            "rolling_update",
            "rolling_update",
        ],
    ),
    (
        "uptime_monitoring",
        [
            "uptimerobot",
            "cloud_synthetics",
            "uptimerobot",
            "uptimerobot",
            "uptimerobot",
            "cloud_synthetics",
        ],
    ),
    (
        "image_scanning",
        [
            "trivy",
            "trivy",
            "saas_scanner",
            "trivy",
            "trivy",
            "saas_scanner",
        ],
    ),
    (
        "pod_security",
        [
            "pod_security_admission",
            "pod_security_admission",
            "kyverno_pod_security",
            "kyverno_pod_security",
            "kyverno_pod_security",
            "kyverno_pod_security",
        ],
    ),
    (
        "access_control",
        [
            "kubernetes_rbac_oidc",
            "cloud_iam",
            "kubernetes_rbac_oidc",
            "kubernetes_rbac_oidc",
            "kubernetes_rbac_oidc",
            "cloud_iam",
        ],
    ),
    (
        "backup_storage",
        [
            "s3_compatible_eu",
            "provider_native_storage",
            "s3_compatible_eu",
            "s3_compatible_eu",
            "s3_compatible_eu",
            "provider_native_storage",
        ],
    ),
    (
        "cost_monitoring",
        [
            "opencost", "opencost", "opencost", "kubecost", "opencost", "kubecost",
        ],
    ),
    (
        "branching_strategy",
        [
            "trunk_based",
            "trunk_based",
            "trunk_based",
            "trunk_based",
            "trunk_based",
            "trunk_based",
        ],
    ),
];

#[test]
fn every_archetype_gets_its_stack() {
    for (i, name) in ARCHETYPES.iter().enumerate() {
        let a = assess(name);
        for (decision, options) in STACKS {
            assert_eq!(
                a.recommended(decision),
                Some(options[i]),
                "{name}: {decision}"
            );
        }
        assert_eq!(a.decisions.len(), STACKS.len(), "{name}");
    }
}

/// Per Layer 2 capability, the verdict and (for `now`) the tool of each archetype.
const BOARDS: [(&str, [(Verdict, &str); 6]); 8] = {
    use Verdict::{Later, Now, Skip};
    [
        (
            "service_mesh",
            [
                (Later, ""),
                (Skip, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
            ],
        ),
        (
            "distributed_tracing",
            [
                (Now, "otel_tempo"),
                (Skip, ""),
                (Now, "otel_tempo"),
                (Now, "otel_tempo"),
                (Now, "otel_tempo"),
                (Now, "cloud_provider_tracing"),
            ],
        ),
        (
            "chaos_engineering",
            [
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
            ],
        ),
        (
            "policy_enforcement",
            [
                (Now, "kyverno"),
                (Skip, ""),
                (Now, "kyverno"),
                (Now, "kyverno"),
                (Now, "kyverno"),
                (Now, "kyverno"),
            ],
        ),
        (
            "cost_visibility",
            [
                (Now, "opencost"),
                (Later, ""),
                (Now, "opencost"),
                (Later, ""),
                (Now, "opencost"),
                (Later, ""),
            ],
        ),
        (
            "multi_region",
            [
                (Later, ""),
                (Skip, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Skip, ""),
            ],
        ),
        (
            "observability_maturity",
            [
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
                (Later, ""),
            ],
        ),
        (
            "security_auditing",
            [
                (Now, "k8s_audit_logs"),
                (Skip, ""),
                (Now, "k8s_audit_logs"),
                (Now, "k8s_audit_logs"),
                (Now, "k8s_audit_logs"),
                (Now, "k8s_audit_logs"),
            ],
        ),
    ]
};

#[test]
fn every_archetype_gets_its_layer2_board() {
    for (i, name) in ARCHETYPES.iter().enumerate() {
        let a = assess(name);
        for (capability, cells) in BOARDS {
            let c = a.capability(capability).unwrap();
            let (verdict, tool) = cells[i];
            assert_eq!(c.verdict, verdict, "{name}: {capability}");
            if verdict == Verdict::Now {
                assert_eq!(
                    c.tool.as_ref().map(|t| &*t.id),
                    Some(tool),
                    "{name}: {capability}"
                );
            }
        }
        assert_eq!(a.layer2.len(), BOARDS.len(), "{name}");
    }
}

/// The Layer 2 framework's conclusions for the webshop case: tracing, cost
/// visibility and policy enforcement yes; service mesh, multi-region and chaos
/// engineering not now.
#[test]
fn the_webshop_gets_the_layer2_frameworks_conclusions() {
    let a = assess("webshop");
    for c in [
        "distributed_tracing",
        "cost_visibility",
        "policy_enforcement",
    ] {
        assert_eq!(a.capability(c).unwrap().verdict, Verdict::Now, "{c}");
    }
    for c in ["service_mesh", "multi_region", "chaos_engineering"] {
        assert_ne!(a.capability(c).unwrap().verdict, Verdict::Now, "{c}");
    }
    // Cost visibility rests on the profile (a low budget), not on an assumed
    // request from management.
    let cost = a.capability("cost_visibility").unwrap();
    let json = serde_json::to_string(cost).unwrap();
    assert!(json.contains("cost_visibility.budget_concerns"), "{json}");
    let asks = a
        .answers
        .iter()
        .find(|x| &*x.input == "management_asks_cost_visibility")
        .unwrap();
    assert_eq!(asks.value, kompas_engine::AnswerValue::Bool(false));
}

#[test]
fn snapshots_of_the_archetypes() {
    for name in ARCHETYPES {
        if name == "webshop" {
            continue; // its reports are snapshotted in the render crate's tests
        }
        let text = kompas_render::text(&assess(name), false);
        insta::assert_snapshot!(format!("archetype_{name}"), text);
    }
}

// ---------------------------------------------------------------------------
// Issue 7, "Done when": numbers from the influence analysis
// ---------------------------------------------------------------------------

fn starts() -> Vec<StartProfile> {
    ARCHETYPES
        .iter()
        .map(|name| {
            let p = profile(name);
            StartProfile {
                values: p.values().to_vec(),
                given: p.given_mask(),
            }
        })
        .collect()
}

/// The numbers the README states: per scope, which of the ten inputs move a
/// decision or verdict, which move a decision, and which decisions they move.
#[derive(Debug)]
struct Numbers {
    moving_something: usize,
    moving_a_decision: usize,
    decisions_moved: usize,
}

fn numbers(influence: &Influence) -> Numbers {
    let by_input = influence.by_input();
    let ten = || by_input.iter().filter(|(i, _)| TEN.contains(i));
    let moving_something = ten()
        .filter(|(_, m)| {
            m.iter()
                .any(|(o, _)| matches!(o.kind, OutcomeKind::Decision | OutcomeKind::Verdict))
        })
        .count();
    let moving_a_decision = ten()
        .filter(|(_, m)| m.iter().any(|(o, _)| o.kind == OutcomeKind::Decision))
        .count();
    let decisions_moved = influence
        .outcomes
        .iter()
        .filter(|o| {
            o.kind == OutcomeKind::Decision && o.moved_by.iter().any(|(i, _)| TEN.contains(&&**i))
        })
        .count();
    Numbers {
        moving_something,
        moving_a_decision,
        decisions_moved,
    }
}

fn decisions_that_differ() -> usize {
    let stacks: Vec<Assessment> = ARCHETYPES.iter().map(|n| assess(n)).collect();
    engine()
        .kb()
        .decisions
        .iter()
        .filter(|d| {
            let options: BTreeSet<_> = stacks.iter().map(|a| a.recommended(&d.id)).collect();
            options.len() > 1
        })
        .count()
}

/// The README with its lines joined, so a claim may wrap.
fn readme() -> String {
    std::fs::read_to_string(repo().join("README.md"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn done_when_numbers_from_the_archetypes() {
    let (kb, compiled) = (engine().kb(), engine().compiled());
    let influence = from_profiles(kb, compiled, &starts());
    assert_eq!(influence.from_profiles, Some(ARCHETYPES.len()));
    let n = numbers(&influence);
    // Each of the ten inputs moves a Layer 1 decision or a Layer 2 verdict.
    for (input, moves) in influence.by_input() {
        if TEN.contains(&input) {
            assert!(
                moves
                    .iter()
                    .any(|(o, _)| matches!(o.kind, OutcomeKind::Decision | OutcomeKind::Verdict)),
                "{input} moves nothing from the archetypes"
            );
        }
    }
    assert_eq!(n.moving_something, 10, "{n:?}");
    assert!(n.moving_a_decision >= 8, "{n:?}");
    assert!(n.decisions_moved >= 12, "{n:?}");
    let differ = decisions_that_differ();
    assert!(
        differ >= 10,
        "{differ} decisions differ across the archetypes"
    );
    // The README states these numbers.
    let text = readme();
    for claim in [
        format!(
            "{} of the 10 inputs move a Layer 1 decision or a Layer 2 verdict",
            n.moving_something
        ),
        format!("{} of the 10 move a Layer 1 decision", n.moving_a_decision),
        format!(
            "{} of the 20 Layer 1 decisions can be moved by the ten inputs",
            n.decisions_moved
        ),
        format!("{differ} of the 20 decisions differ across the six archetypes"),
    ] {
        assert!(text.contains(&claim), "README.md should say: {claim}");
    }
}

#[test]
fn done_when_numbers_over_every_profile() {
    let (kb, compiled) = (engine().kb(), engine().compiled());
    let influence = analyse(kb, compiled);
    assert!(!influence.partial());
    assert!(
        influence.inert_inputs().is_empty(),
        "{:?}",
        influence.inert_inputs()
    );
    let n = numbers(&influence);
    assert_eq!(n.moving_something, 10, "{n:?}");
    assert!(n.moving_a_decision >= 8, "{n:?}");
    assert!(n.decisions_moved >= 12, "{n:?}");
    let text = readme();
    let claim = format!(
        "Over every profile (`kompas kb influence`), {} of the 10 inputs move a Layer 1 decision and {} of the 20 decisions can be moved by them",
        n.moving_a_decision, n.decisions_moved
    );
    assert!(text.contains(&claim), "README.md should say: {claim}");
}

// ---------------------------------------------------------------------------
// One consistent stack
// ---------------------------------------------------------------------------

/// The consistency rules hold for every profile: `kompas check` proves each over
/// the exhaustive analysis (a broken rule would be K1001 with a witness, an
/// unproven one K1002).
#[test]
fn consistency_holds_for_every_profile() {
    let (kb, compiled) = (engine().kb(), engine().compiled());
    let report = kompas_check::check(kb, compiled, "2026-11-30");
    let broken: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("K10"))
        .map(|d| d.render())
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
    let proof = report.proof.as_ref().unwrap();
    assert!(proof.consistency_rules >= 10, "{proof:?}");
    assert_eq!(proof.consistency_proven, proof.consistency_rules);
    // And the engine meets no broken rule for the archetypes.
    for name in ARCHETYPES {
        let a = assess(name);
        assert!(
            !a.findings.iter().any(|f| &*f.code == "E0401"),
            "{name}: {:?}",
            a.findings
        );
    }
}

// ---------------------------------------------------------------------------
// Reachability of the webshop case's "unless" alternatives (§12)
// ---------------------------------------------------------------------------

/// One "use X unless Y" alternative: the option, the case's condition, whether
/// it can be said with the ten inputs, and a profile that reaches it.
struct Alternative {
    decision: &'static str,
    option: &'static str,
    unless: &'static str,
    in_profile_terms: bool,
    witness: Value,
}

/// A profile of the ten inputs, with some answers changed or added.
fn ten(changes: Value) -> Value {
    let mut p = json!({
        "team_size": 10,
        "kubernetes_experience": "none",
        "budget_constraint": "low",
        "vendor_independence_priority": "high",
        "compliance_requirements": ["GDPR"],
        "team_maturity": "none",
        "deployment_frequency": "weekly",
        "service_count": 8,
        "downtime_tolerance": "none",
        "data_criticality": "high"
    });
    for (k, v) in changes.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

/// A very small team without Kubernetes depth, compliance or critical data.
fn tiny(changes: Value) -> Value {
    let mut base = json!({
        "team_size": 2,
        "kubernetes_experience": "basic",
        "vendor_independence_priority": "medium",
        "compliance_requirements": [],
        "team_maturity": "learning",
        "service_count": 1,
        "downtime_tolerance": "hours",
        "data_criticality": "low"
    });
    for (k, v) in changes.as_object().unwrap() {
        base[k] = v.clone();
    }
    ten(base)
}

fn alternatives() -> Vec<Alternative> {
    let alt = |decision, option, unless, in_profile_terms, witness| Alternative {
        decision,
        option,
        unless,
        in_profile_terms,
        witness,
    };
    vec![
        alt(
            "cni",
            "calico",
            "Calico expertise in-house, no wish to invest in Cilium's learning curve",
            false,
            ten(json!({"calico_expertise": true})),
        ),
        alt(
            "cni",
            "calico",
            "BGP routing requirements",
            false,
            ten(json!({"bgp_routing_required": true})),
        ),
        alt(
            "cni",
            "calico",
            "no capacity for Cilium's learning curve (§15)",
            true,
            tiny(json!({"team_size": 4, "service_count": 3})),
        ),
        alt(
            "cni",
            "flannel",
            "the absolute simplest setup",
            true,
            tiny(json!({})),
        ),
        alt(
            "gitops",
            "flux",
            "GitOps-pure without a UI",
            false,
            tiny(
                json!({"gitops_without_ui": true, "kubernetes_experience": "expert", "team_maturity": "experienced", "team_size": 4}),
            ),
        ),
        alt(
            "gitops",
            "flux",
            "complex Helm and image automation",
            false,
            tiny(
                json!({"complex_helm_image_automation": true, "team_size": 5, "kubernetes_experience": "expert"}),
            ),
        ),
        alt(
            "gitops",
            "flux",
            "a minimal footprint",
            true,
            tiny(json!({})),
        ),
        alt(
            "observability",
            "saas_observability",
            "an enterprise SaaS budget",
            true,
            ten(json!({"budget_constraint": "high", "vendor_independence_priority": "medium"})),
        ),
        alt(
            "observability",
            "cloud_observability",
            "vendor-managed (all-in on one cloud)",
            true,
            ten(json!({"budget_constraint": "high", "vendor_independence_priority": "low"})),
        ),
        alt(
            "secrets",
            "cloud_secret_manager",
            "all-in on one cloud provider",
            true,
            ten(json!({"vendor_independence_priority": "low"})),
        ),
        alt(
            "secrets",
            "sealed_secrets",
            "absolute simplicity",
            true,
            tiny(json!({})),
        ),
        alt(
            "database",
            "postgres_operator",
            "database HA expertise in-house",
            true,
            ten(json!({"team_maturity": "experienced", "kubernetes_experience": "intermediate"})),
        ),
        alt(
            "database",
            "postgres_operator",
            "vendor independence absolute for the database too",
            false,
            ten(json!({"database_portability_absolute": true})),
        ),
        alt(
            "container_registry",
            "cloud_registry",
            "no capacity for registry operations",
            true,
            ten(
                json!({"team_size": 4, "kubernetes_experience": "basic", "team_maturity": "learning"}),
            ),
        ),
        alt(
            "container_registry",
            "saas_registry",
            "vendor SaaS wanted",
            true,
            ten(json!({"budget_constraint": "medium", "vendor_independence_priority": "medium"})),
        ),
        alt(
            "ingress",
            "traefik",
            "dynamic configuration without restarts (today's default)",
            true,
            ten(json!({})),
        ),
        alt(
            "ingress",
            "contour",
            "all-in on the Envoy ecosystem",
            false,
            ten(json!({"envoy_ecosystem": true})),
        ),
        alt(
            "ingress",
            "istio_gateway",
            "all-in on the Envoy ecosystem (Istio Gateway)",
            false,
            ten(json!({"istio_in_use": true})),
        ),
        alt(
            "iac",
            "pulumi",
            "a modern language (TypeScript, Python)",
            false,
            ten(json!({"modern_language_iac": true})),
        ),
        alt(
            "iac",
            "crossplane",
            "Kubernetes-native orchestration",
            false,
            ten(json!({"kubernetes_native_iac": true})),
        ),
    ]
}

#[test]
fn every_unless_alternative_is_reachable() {
    let e = engine();
    for alt in alternatives() {
        let p = e
            .profile_from_value(&alt.witness)
            .unwrap_or_else(|err| panic!("{}: {err}", alt.unless));
        let given = given_inputs(&p);
        if alt.in_profile_terms {
            assert!(
                given.iter().all(|i| TEN.contains(&i.as_str())),
                "{} ({}) must be reachable with the ten inputs alone: {given:?}",
                alt.option,
                alt.unless
            );
        } else {
            assert!(
                given.iter().any(|i| !TEN.contains(&i.as_str())),
                "{}: a condition outside the profile needs its specific question",
                alt.unless
            );
        }
        let a = e.assess(&p);
        assert_eq!(
            a.recommended(alt.decision),
            Some(alt.option),
            "{} / {} ({})",
            alt.decision,
            alt.option,
            alt.unless
        );
    }
}

/// Every option of a decision that the webshop case names in §12 appears in the
/// list above, so the list is the whole of §12.
#[test]
fn the_reachability_list_covers_section_12() {
    let listed: BTreeSet<(&str, &str)> = alternatives()
        .iter()
        .map(|a| (a.decision, a.option))
        .collect();
    for (decision, option) in [
        ("cni", "calico"),
        ("cni", "flannel"),
        ("gitops", "flux"),
        ("observability", "saas_observability"),
        ("observability", "cloud_observability"),
        ("secrets", "cloud_secret_manager"),
        ("secrets", "sealed_secrets"),
        ("database", "postgres_operator"),
        ("container_registry", "cloud_registry"),
        ("container_registry", "saas_registry"),
        ("ingress", "traefik"),
        ("ingress", "contour"),
        ("ingress", "istio_gateway"),
        ("iac", "pulumi"),
        ("iac", "crossplane"),
    ] {
        assert!(listed.contains(&(decision, option)), "{decision}/{option}");
    }
}
