//! The built-in KB: it covers the seeds completely, and `kb init` writes a copy
//! that loads to the same model.

use std::collections::BTreeSet;

use kompas_kb::{builtin, load_dir, Kb};

fn kb() -> Kb {
    match builtin::load() {
        Ok(kb) => kb,
        Err(e) => panic!(
            "the built-in KB does not load:\n{}",
            e.diagnostics.iter().map(|d| d.render()).collect::<String>()
        ),
    }
}

fn missing<'a>(want: &[&'a str], have: impl IntoIterator<Item = String>) -> Vec<&'a str> {
    let have: BTreeSet<String> = have.into_iter().collect();
    want.iter()
        .copied()
        .filter(|w| !have.contains(*w))
        .collect()
}

/// Every decision of seed 000 §1-§12 (and the contract's list in DESIGN.md).
#[test]
fn every_seed_decision_is_in_the_kb() {
    let kb = kb();
    let want = [
        "kubernetes",
        "cni",
        "gitops",
        "ingress",
        "observability",
        "secrets",
        "database",
        "container_registry",
        "iac",
        "cluster_backup",
        "ci_cd",
        "tls",
        "deployment_strategy",
        "uptime_monitoring",
        "image_scanning",
        "pod_security",
        "access_control",
        "backup_storage",
        "cost_monitoring",
        "branching_strategy",
    ];
    let m = missing(&want, kb.decisions.iter().map(|d| d.id.clone()));
    assert!(m.is_empty(), "decisions missing: {m:?}");
}

/// Every option the seed names, as `decision/option`.
#[test]
fn every_seed_option_is_in_the_kb() {
    let kb = kb();
    let want = [
        // seed 000 §12 "use X unless Y", §4 and §8 choices
        "cni/cilium",
        "cni/calico",
        "cni/flannel",
        "gitops/argo_cd",
        "gitops/flux",
        "observability/prometheus_grafana_loki",
        "observability/saas_observability",
        "observability/cloud_observability",
        "secrets/vault",
        "secrets/cloud_secret_manager",
        "secrets/sealed_secrets",
        "database/managed_postgresql",
        "database/postgres_operator",
        "container_registry/harbor",
        "container_registry/cloud_registry",
        "container_registry/saas_registry",
        "ingress/ingress_nginx",
        "ingress/traefik",
        "ingress/contour",
        "ingress/istio_gateway",
        "iac/terraform",
        "iac/pulumi",
        "iac/crossplane",
        "kubernetes/managed_kubernetes",
        "kubernetes/self_hosted_kubernetes",
        "cluster_backup/velero",
        "ci_cd/github_actions",
        "tls/cert_manager",
        "deployment_strategy/rolling_update",
        "uptime_monitoring/uptimerobot",
        "image_scanning/trivy",
        "pod_security/pod_security_admission",
        "access_control/kubernetes_rbac_oidc",
        "backup_storage/s3_compatible_eu",
        "cost_monitoring/opencost",
        "cost_monitoring/kubecost",
        "branching_strategy/trunk_based",
        "branching_strategy/gitflow",
        // today's open-source successors of the seed's HashiCorp choices
        "iac/opentofu",
        "secrets/openbao",
    ];
    let have = kb
        .decisions
        .iter()
        .flat_map(|d| d.options.iter().map(move |o| format!("{}/{}", d.id, o.id)));
    let m = missing(&want, have);
    assert!(m.is_empty(), "options missing: {m:?}");
}

/// The eight Layer 2 capabilities of seed 003, each with its tool choice space.
#[test]
fn every_layer2_capability_and_tool_is_in_the_kb() {
    let kb = kb();
    let want = [
        "service_mesh/linkerd",
        "service_mesh/istio",
        "service_mesh/cilium_service_mesh",
        "service_mesh/consul_connect",
        "distributed_tracing/otel_jaeger",
        "distributed_tracing/otel_tempo",
        "distributed_tracing/cloud_provider_tracing",
        "distributed_tracing/zipkin",
        "chaos_engineering/chaos_mesh",
        "chaos_engineering/litmuschaos",
        "chaos_engineering/gremlin",
        "chaos_engineering/cloud_chaos",
        "policy_enforcement/kyverno",
        "policy_enforcement/opa_gatekeeper",
        "policy_enforcement/kubewarden",
        "policy_enforcement/pod_security_admission",
        "cost_visibility/kubecost",
        "cost_visibility/opencost",
        "cost_visibility/cloud_cost_tools",
        "multi_region/active_active",
        "multi_region/active_passive",
        "multi_region/read_replicas",
        "observability_maturity/severity_routing",
        "observability_maturity/slo_alerting",
        "security_auditing/k8s_audit_logs",
        "security_auditing/argo_cd_audit",
        "security_auditing/secrets_audit",
    ];
    let have = kb
        .capabilities
        .iter()
        .flat_map(|c| c.tools.iter().map(move |t| format!("{}/{}", c.id, t.id)));
    let m = missing(&want, have);
    assert!(m.is_empty(), "Layer 2 capabilities or tools missing: {m:?}");
}

/// The triggers of seed 003 with numeric thresholds are there, with those numbers.
#[test]
fn layer2_triggers_carry_the_seed_thresholds() {
    let kb = kb();
    let want = [
        "service_mesh.many_services",
        "service_mesh.per_service_security",
        "service_mesh.service_metrics",
        "service_mesh.traffic_splitting",
        "service_mesh.topology",
        "distributed_tracing.many_services",
        "distributed_tracing.slow_debugging",
        "distributed_tracing.root_cause_analysis",
        "distributed_tracing.dependency_graph",
        "distributed_tracing.correlation",
        "chaos_engineering.ha_claimed",
        "chaos_engineering.prevent_incidents",
        "chaos_engineering.validate_rto_rpo",
        "chaos_engineering.team_confidence",
        "chaos_engineering.validate_slos",
        "policy_enforcement.many_developers",
        "policy_enforcement.compliance",
        "policy_enforcement.misconfig_incidents",
        "policy_enforcement.automated_validation",
        "policy_enforcement.audit_trail",
        "cost_visibility.budget_concerns",
        "cost_visibility.multi_tenant",
        "cost_visibility.showback_chargeback",
        "cost_visibility.idle_resources",
        "cost_visibility.capacity_planning",
        "multi_region.latency",
        "multi_region.dr",
        "multi_region.data_residency",
        "multi_region.traffic_growth",
        "observability_maturity.layer1_insufficient",
        "observability_maturity.alerting_unclear",
        "observability_maturity.correlation",
        "observability_maturity.slo_monitoring",
        "security_auditing.compliance",
        "security_auditing.investigate_incidents",
        "security_auditing.break_glass",
        "security_auditing.siem",
    ];
    let have = kb
        .capabilities
        .iter()
        .flat_map(|c| c.triggers.iter().map(|t| t.id.clone()));
    let m = missing(&want, have);
    assert!(m.is_empty(), "triggers missing: {m:?}");

    // The thresholds are numbers in the conditions, not words.
    let condition_text = |cap: &str, id: &str| {
        let c = kb.capability(cap).unwrap();
        let n = c
            .triggers
            .iter()
            .chain(&c.now_if)
            .chain(&c.skip_if)
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        serde_json::to_string(&n.when).unwrap()
    };
    assert!(condition_text("service_mesh", "service_mesh.many_services").contains(r#""gt":5"#));
    assert!(
        condition_text("distributed_tracing", "distributed_tracing.slow_debugging")
            .contains(r#""gt":1"#)
    );
    assert!(
        condition_text("policy_enforcement", "policy_enforcement.many_developers")
            .contains(r#""gt":10"#)
    );
    assert!(
        condition_text("cost_visibility", "cost_visibility.now.cost_growth").contains(r#""gt":20"#)
    );
}

/// The open questions: Q1-Q44 without Q11, plus the Ops-FTE question seed 000 cites.
#[test]
fn every_open_question_is_in_the_kb() {
    let kb = kb();
    let mut want: Vec<String> = (1..=44)
        .filter(|n| *n != 11)
        .map(|n| format!("q{n}"))
        .collect();
    want.push("q_ops_fte".into());
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    let m = missing(&want, kb.open_questions.iter().map(|q| q.id.clone()));
    assert!(m.is_empty(), "open questions missing: {m:?}");
    assert!(kb.open_question("q11").is_none(), "there is no Q11");
    let blocking: BTreeSet<&str> = kb
        .open_questions
        .iter()
        .filter(|q| q.blocking)
        .map(|q| q.id.as_str())
        .collect();
    for q in ["q1", "q5", "q26", "q31", "q32", "q33", "q34"] {
        assert!(blocking.contains(q), "{q} blocks (seed 000 §13)");
    }
    assert!(
        !blocking.contains("q10"),
        "Q10 does not block (seed 000 §13)"
    );
}

/// Layer 0: the seven hard constraints, six non-goals and the principles.
#[test]
fn layer0_is_complete() {
    let kb = kb();
    let want = [
        "constraint.vendor_independence",
        "constraint.data_sovereignty",
        "constraint.business_continuity",
        "constraint.security_baseline",
        "constraint.operational_ownership",
        "constraint.budget",
        "constraint.team_maturity",
        "nongoal.microservices_refactoring",
        "nongoal.multi_region",
        "nongoal.advanced_observability",
        "nongoal.service_mesh",
        "nongoal.full_uptime_guarantee",
        "nongoal.developer_kubectl",
        "principle.security_by_design",
        "principle.open_source",
        "principle.gitops",
        "principle.shared_responsibility",
        "principle.business_impact",
        "principle.least_privilege",
        "principle.defence_in_depth",
        "principle.encryption",
        "principle.audit_trail",
        "req.zero_downtime",
        "req.incident_detection",
        "req.data_recovery",
        "req.vendor_migration",
    ];
    let m = missing(&want, kb.layer0.iter().map(|i| i.id.clone()));
    assert!(m.is_empty(), "Layer 0 items missing: {m:?}");
    // Targets are written down, e.g. RPO 15 min for orders.
    let recovery =
        serde_json::to_string(&kb.layer0_item("req.data_recovery").unwrap().targets).unwrap();
    assert!(recovery.contains("15 min"), "{recovery}");
}

/// The seed's decision-tree inputs (seed 000 §15) exist with exactly its values.
#[test]
fn seed_inputs_have_the_seed_values() {
    let kb = kb();
    let values = |id: &str| -> Vec<String> {
        kb.input(id)
            .unwrap_or_else(|| panic!("input {id} missing"))
            .values
            .iter()
            .map(|v| v.id.clone())
            .collect()
    };
    assert_eq!(
        values("kubernetes_experience"),
        ["none", "basic", "intermediate", "expert"]
    );
    assert_eq!(values("budget_constraint"), ["low", "medium", "high"]);
    assert_eq!(
        values("vendor_independence_priority"),
        ["low", "medium", "high"]
    );
    assert_eq!(values("team_maturity"), ["none", "learning", "experienced"]);
    assert_eq!(
        values("deployment_frequency"),
        ["weekly", "daily", "multiple_daily"]
    );
    assert_eq!(values("downtime_tolerance"), ["none", "minutes", "hours"]);
    assert_eq!(values("data_criticality"), ["low", "medium", "high"]);
    let compliance = values("compliance_requirements");
    for v in ["GDPR", "PCI-DSS", "SOC2", "none"] {
        assert!(compliance.iter().any(|c| c == v), "compliance value {v}");
    }
    let aliases: Vec<String> = kb
        .input("service_count")
        .unwrap()
        .aliases
        .iter()
        .map(|a| a.alias.clone())
        .collect();
    assert_eq!(aliases, ["1", "2-5", "5-10", "10+"]);
    assert!(kb.input("team_size").is_some());
}

/// `kompas kb init` writes files that load to the same model.
#[test]
fn written_copy_loads_to_the_same_model() {
    let original = kb();
    let dir = tempfile::tempdir().unwrap();
    let written = builtin::write_to(dir.path()).unwrap();
    assert_eq!(written.len(), original.files.len());
    let copy = load_dir(dir.path()).expect("the written copy loads");
    assert_eq!(copy.digest, original.digest);
    let json = |kb: &Kb| {
        serde_json::json!({
            "meta": kb.meta, "inputs": kb.inputs, "derived": kb.derived, "layer0": kb.layer0,
            "decisions": kb.decisions, "tradeoffs": kb.tradeoffs,
            "open_questions": kb.open_questions, "capabilities": kb.capabilities,
            "tools": kb.tools, "guidance": kb.guidance, "input_groups": kb.input_groups,
        })
    };
    assert_eq!(json(&copy), json(&original));
    // A second init into the same directory refuses rather than overwrite.
    assert!(builtin::write_to(dir.path()).is_err());
}
