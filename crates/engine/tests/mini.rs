//! The engine on the small fixture KB: decisions, alternatives, findings,
//! Layer 2 verdicts, flips, profile validation, explain, questionnaire.

mod common;

use common::{assess, mini, profile};
use kompas_engine::*;
use kompas_kb::Verdict;
use serde_json::json;

#[test]
fn defaults_recommend_the_default_rules() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    assert_eq!(a.recommended("cni"), Some("cilium"));
    assert_eq!(a.recommended("secrets"), Some("openbao"));
    assert_eq!(a.recommended("ingress"), Some("traefik"));
    assert_eq!(a.summary.stack.get("cni").map(|s| &**s), Some("cilium"));
    assert!(a.answers.iter().all(|x| x.source == AnswerSource::Default));
}

#[test]
fn because_of_a_default_rule_lists_what_did_not_apply() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    let cni = a.decision("cni").unwrap();
    let because = &cni.because[0];
    assert_eq!(&*because.rule, "cni.default");
    assert!(because.default);
    let conditions: Vec<&str> = because.facts.iter().map(|f| &*f.condition).collect();
    assert!(
        conditions.contains(&"calico_expertise is true"),
        "{conditions:?}"
    );
    assert!(because.facts.iter().all(|f| !f.met));
}

#[test]
fn because_of_a_rule_lists_the_facts_that_matched() {
    let e = mini();
    let a = assess(&e, "team_size: 2\ncompliance_requirements: [none]\n");
    let cni = a.decision("cni").unwrap();
    assert_eq!(a.recommended("cni"), Some("flannel"));
    let facts = &cni.because[0].facts;
    assert_eq!(facts.len(), 2);
    assert!(facts.iter().all(|f| f.met));
    // The negated derived fact reads as a statement that is true of the profile.
    assert_eq!(
        &*facts[1].condition,
        "compliance_requirements includes none of GDPR, PCI-DSS, SOC2"
    );
    assert_eq!(facts[1].value, AnswerValue::List(vec![].into()));
}

#[test]
fn alternatives_say_why_not() {
    let e = mini();
    let a = assess(&e, "calico_expertise: true\n");
    let cni = a.decision("cni").unwrap();
    assert_eq!(
        cni.recommendation.as_ref().unwrap().option.as_ref(),
        "calico"
    );
    let cilium = cni
        .alternatives
        .iter()
        .find(|x| &*x.option == "cilium")
        .unwrap();
    assert!(cilium.applies);
    assert_eq!(
        cilium.why_not,
        WhyNot::Outranked {
            rule: "cni.calico_expertise".into(),
            priority: 20,
            option: "calico".into()
        }
    );
    let flannel = cni
        .alternatives
        .iter()
        .find(|x| &*x.option == "flannel")
        .unwrap();
    assert!(!flannel.applies);
    assert_eq!(flannel.why_not, WhyNot::ConditionNotMet);
    let failed = &flannel.rules[0].facts;
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(&*failed[0].condition, "team_size <= 2");
    assert_eq!(failed[0].value, AnswerValue::Int(10));
    assert_eq!(
        &*failed[1].condition,
        "compliance_requirements includes none of GDPR, PCI-DSS, SOC2"
    );
    assert!(!failed[1].met);
    assert_eq!(flannel.reason.as_deref(), Some("No network policies."));

    let ingress = a.decision("ingress").unwrap();
    let nginx = ingress
        .alternatives
        .iter()
        .find(|x| &*x.option == "ingress_nginx")
        .unwrap();
    assert_eq!(
        nginx.why_not,
        WhyNot::Superseded {
            by: "traefik".into()
        }
    );
    let sup = nginx.superseded.as_ref().unwrap();
    assert_eq!(&*sup.by_title, "Traefik");
    assert_eq!(sup.sources.len(), 1);
}

#[test]
fn traces_tradeoffs_chain_and_questions() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    let cni = a.decision("cni").unwrap();
    let traces: Vec<&str> = cni.traces_to.iter().map(|t| &*t.id).collect();
    assert_eq!(
        traces,
        [
            "principle.security_by_design",
            "principle.open_source",
            "constraint.vendor_independence"
        ]
    );
    assert_eq!(cni.traces_to[0].kind, kompas_kb::Layer0Kind::Principle);
    assert_eq!(cni.tradeoffs.len(), 1);
    assert_eq!(&*cni.chain.as_ref().unwrap().tooling, "Cilium.");
    let qs: Vec<&str> = cni.open_questions.iter().map(|q| &*q.id).collect();
    assert_eq!(qs, ["q1", "q2"]);
    // Top level: blocking first, then by priority.
    let all: Vec<&str> = a.open_questions.iter().map(|q| &*q.id).collect();
    assert_eq!(all, ["q1", "q3", "q2"]);
    assert_eq!(&*a.summary.blocking_questions, [Txt::from("q1")]);
    // The secrets trade-off applies only to Vault.
    assert!(a.decision("secrets").unwrap().tradeoffs.is_empty());
}

#[test]
fn findings_seed_choices_replaced() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    let seed: Vec<(&str, &str)> = a
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::SeedChoiceReplaced)
        .map(|f| (&*f.decision, f.option.as_deref().unwrap()))
        .collect();
    assert_eq!(seed, [("secrets", "vault"), ("ingress", "ingress_nginx")]);
    let vault = a
        .findings
        .iter()
        .find(|f| &*f.decision == "secrets")
        .unwrap();
    assert_eq!(vault.principle.as_deref(), Some("principle.open_source"));
    assert!(vault.message.contains("OpenBao"), "{}", vault.message);
    assert!(vault.message.contains("BUSL-1.1"), "{}", vault.message);
    assert_eq!(vault.sources[0].title.as_ref(), "HashiCorp licence FAQ");
    let nginx = a
        .findings
        .iter()
        .find(|f| &*f.decision == "ingress")
        .unwrap();
    assert!(
        nginx.message.contains("retired in March 2026"),
        "{}",
        nginx.message
    );
    assert_eq!(
        nginx.principle.as_deref(),
        Some("principle.security_by_design")
    );
    assert_eq!(a.summary.findings.info, 2);
    assert_eq!(a.summary.findings.error + a.summary.findings.warning, 0);
}

#[test]
fn findings_principle_conflict_accepted_by_a_tradeoff() {
    let e = mini();
    let a = assess(&e, "hashicorp_commercial_support: true\n");
    assert_eq!(a.recommended("secrets"), Some("vault"));
    let f: Vec<_> = a
        .findings
        .iter()
        .filter(|f| &*f.decision == "secrets")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::PrincipleConflict);
    assert_eq!(&*f[0].code, "E0102");
    assert_eq!(f[0].accepted_by.as_deref(), Some("tradeoff.vault_support"));
    assert!(f[0].message.contains("BUSL-1.1"));
    assert_eq!(
        a.decision("secrets").unwrap().tradeoffs[0].id.as_ref(),
        "tradeoff.vault_support"
    );
}

#[test]
fn findings_deprecated_tool() {
    let e = mini();
    let a = assess(&e, "envoy_ecosystem: true\n");
    assert_eq!(a.recommended("ingress"), Some("contour"));
    let f = a
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Lifecycle)
        .unwrap();
    assert_eq!(&*f.code, "E0202");
    assert_eq!(f.severity, FindingSeverity::Warning);
    assert!(
        f.message.contains("deprecated since 2026-01"),
        "{}",
        f.message
    );
}

#[test]
fn layer2_verdicts_and_ranking() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    let mesh = a.capability("service_mesh").unwrap();
    assert_eq!(mesh.verdict, Verdict::Later);
    assert_eq!(mesh.decided_by.step, Step::LaterIf);
    assert_eq!(mesh.triggers[1].status, Met::Unknown);
    assert_eq!(mesh.triggers[1].met, None);
    assert!(mesh.tool.is_none());
    let policy = a.capability("policy_enforcement").unwrap();
    assert_eq!(policy.verdict, Verdict::Now);
    assert_eq!(policy.decided_by.step, Step::Trigger);
    assert_eq!(policy.tool.as_ref().unwrap().id.as_ref(), "kyverno");
    assert!(policy.tool.as_ref().unwrap().default);
    let cost = a.capability("cost_visibility").unwrap();
    assert_eq!(cost.verdict, Verdict::Now);
    // Start simple: the low-complexity item comes first.
    assert_eq!(cost.rank, Some(1));
    assert!(cost.start_here);
    assert_eq!(policy.rank, Some(2));
    assert!(!policy.start_here);
    let now: Vec<&str> = a.summary.now.iter().map(|s| &**s).collect();
    assert_eq!(now, ["cost_visibility", "policy_enforcement"]);
}

#[test]
fn layer2_steps_in_order() {
    let e = mini();
    // Layer 1 stable, many services: the trigger decides (no skip-if met); expert -> Istio.
    let a = assess(&e, "layer1_stable: true\nkubernetes_experience: expert\n");
    let mesh = a.capability("service_mesh").unwrap();
    assert_eq!(
        (mesh.verdict, mesh.decided_by.step),
        (Verdict::Now, Step::Trigger)
    );
    let tool = mesh.tool.as_ref().unwrap();
    assert_eq!((tool.id.as_ref(), tool.default), ("istio", false));
    assert_eq!(
        tool.facts[0].condition.as_ref(),
        "kubernetes_experience is expert"
    );
    // Few services: the skip-if decides.
    let a = assess(&e, "layer1_stable: true\nservice_count: 2\n");
    let mesh = a.capability("service_mesh").unwrap();
    assert_eq!(
        (mesh.verdict, mesh.decided_by.step),
        (Verdict::Skip, Step::SkipIf)
    );
    // No trigger, no skip-if: `otherwise`.
    let a = assess(&e, "team_size: 3\ncompliance_requirements: []\n");
    let cost = a.capability("cost_visibility").unwrap();
    assert_eq!(
        (cost.verdict, cost.decided_by.step),
        (Verdict::Later, Step::Otherwise)
    );
    // A now-if decides even without a trigger.
    let a = assess(&e, "team_size: 3\ncompliance_requirements: [PCI-DSS]\n");
    let cost = a.capability("cost_visibility").unwrap();
    assert_eq!(
        (cost.verdict, cost.decided_by.step),
        (Verdict::Now, Step::NowIf)
    );
}

#[test]
fn flips_name_the_smallest_change() {
    let e = mini();
    let a = e.assess(&e.default_profile());
    let cni = a.decision("cni").unwrap();
    let calico = cni.flips.iter().find(|f| &*f.option == "calico").unwrap();
    assert_eq!(calico.distance, 1);
    assert_eq!(calico.changes.len(), 1);
    let flannel = cni.flips.iter().find(|f| &*f.option == "flannel").unwrap();
    assert_eq!(flannel.distance, 2);
    let inputs: Vec<&str> = flannel.changes.iter().map(|c| &*c.input).collect();
    assert_eq!(inputs, ["team_size", "compliance_requirements"]);
    // Nearest value in the class: from 10 down to 2, not to 1.
    assert_eq!(flannel.changes[0].to, AnswerValue::Int(2));
    assert_eq!(flannel.changes[0].to_text.as_ref(), "at most 2");
    assert_eq!(flannel.changes[1].to, AnswerValue::List(vec![].into()));
    assert_eq!(flannel.changes[1].to_text.as_ref(), "does not include GDPR");
    // Flips are sorted by distance.
    assert!(cni.flips.windows(2).all(|w| w[0].distance <= w[1].distance));
    // The same profile without flips.
    let b = e.assess_without_flips(&e.default_profile());
    assert!(b.decisions.iter().all(|d| d.flips.is_empty()));
    assert!(!b.flips_computed);
}

#[test]
fn flips_to_an_integer_threshold() {
    let e = mini();
    let a = assess(&e, "kubernetes_experience: expert\n");
    let ingress = a.decision("ingress").unwrap();
    let contour = ingress
        .flips
        .iter()
        .find(|f| &*f.option == "contour")
        .unwrap();
    assert_eq!(contour.distance, 1);
    // envoy_ecosystem (true) or service_count > 50: both one change; the tie goes
    // to the change nearest the current value, then to KB order of the cells.
    assert_eq!(contour.changes.len(), 1);
}

#[test]
fn profile_aliases_and_exclusive_values_normalise() {
    let e = mini();
    let p = profile(
        &e,
        "service_count: \"5-10\"\ncompliance_requirements: [none]\nteam_size: 4\n",
    );
    let a = e.assess(&p);
    assert_eq!(
        a.profile.inputs.get("service_count"),
        Some(&AnswerValue::Int(8))
    );
    assert_eq!(
        a.profile.inputs.get("compliance_requirements"),
        Some(&AnswerValue::List(vec![].into()))
    );
    assert_eq!(
        a.profile.derived.get("audit_trail_required"),
        Some(&AnswerValue::Bool(false))
    );
    assert_eq!(
        a.profile.derived.get("team_experience"),
        Some(&AnswerValue::Str("none".into()))
    );
    let sc = a
        .answers
        .iter()
        .find(|x| &*x.input == "service_count")
        .unwrap();
    assert_eq!(sc.source, AnswerSource::Given);
    assert_eq!(sc.given.as_deref(), Some(&json!("5-10")));
    let k = a
        .answers
        .iter()
        .find(|x| &*x.input == "kubernetes_experience")
        .unwrap();
    assert_eq!((k.source, k.given.is_none()), (AnswerSource::Default, true));
    // An empty list is the same as [none]; integers are accepted for aliased inputs.
    let q = profile(
        &e,
        "{\"compliance_requirements\": [], \"service_count\": 8, \"team_size\": 4}",
    );
    assert_eq!(q.values(), p.values());
    // The normalised inputs are themselves a valid profile.
    let again = e.profile_from_value(&e.profile_to_value(&p)).unwrap();
    assert_eq!(again.values(), p.values());
}

#[test]
fn a_bad_profile_gets_every_problem_at_once() {
    let e = mini();
    let text = "\
team_sise: 10
kubernetes_experience: Expert
compliance_requirements: [GDPR, none, HIPAA]
service_count: \"5-11\"
team_size: 0
calico_expertise: \"yes\"
audit_trail_required: true
bgp_routing_required:
layer1_stable: [true]
";
    let err = e.profile_from_text(text, "bad.yaml").unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/team_sise",
            "/kubernetes_experience",
            "/compliance_requirements/1",
            "/compliance_requirements/2",
            "/service_count",
            "/team_size",
            "/calico_expertise",
            "/audit_trail_required",
            "/bgp_routing_required",
            "/layer1_stable",
        ],
        "{err}"
    );
    let by = |path: &str| err.problems.iter().find(|p| p.path == path).unwrap();
    assert_eq!(
        by("/team_sise").help.as_deref(),
        Some("did you mean `team_size`?")
    );
    assert_eq!(by("/team_sise").location.as_deref(), Some("bad.yaml:1:1"));
    assert_eq!(
        by("/kubernetes_experience").help.as_deref(),
        Some("did you mean `expert`?")
    );
    assert_eq!(
        by("/kubernetes_experience").location.as_deref(),
        Some("bad.yaml:2:24")
    );
    assert_eq!(
        by("/kubernetes_experience").expected,
        "one of: none, basic, intermediate, expert; or `unknown` if you do not know"
    );
    assert_eq!(by("/compliance_requirements/2").given, json!("HIPAA"));
    assert!(by("/compliance_requirements/1")
        .message
        .contains("none of the others"));
    assert!(by("/service_count").expected.contains("\"5-10\""));
    assert_eq!(
        by("/service_count").help.as_deref(),
        Some("did you mean `5-10`?")
    );
    assert!(by("/team_size").message.contains("outside 1..1000"));
    assert_eq!(
        by("/calico_expertise").help.as_deref(),
        Some("write true without quotes")
    );
    assert!(by("/audit_trail_required").message.contains("derived fact"));
    assert!(by("/bgp_routing_required")
        .help
        .as_deref()
        .unwrap()
        .contains("default (false)"));
    // Display: one line per problem, each with its location.
    let shown = err.to_string();
    assert_eq!(shown.lines().count(), 10, "{shown}");
    assert!(shown.lines().all(|l| l.starts_with("bad.yaml:")), "{shown}");
}

#[test]
fn unknown_is_an_answer_to_every_input_in_lower_case() {
    let e = mini();
    let p = e
        .profile_from_text(
            "team_size: unknown\ncompliance_requirements: unknown\ncalico_expertise: unknown\n",
            "p.yaml",
        )
        .unwrap();
    let compiled = e.compiled();
    for id in ["team_size", "compliance_requirements", "calico_expertise"] {
        assert!(p.is_unknown(compiled.var_index[id]), "{id}");
        assert!(!p.is_given(compiled.var_index[id]), "{id}");
    }
    // Its value is the one it would be assumed to have, so the provisional
    // recommendation exists; a round trip keeps it unknown.
    assert_eq!(p.values(), e.default_profile().values());
    let again = e.profile_from_value(&e.profile_to_value(&p)).unwrap();
    assert_eq!((again.values(), again.unknown()), (p.values(), p.unknown()));
    let err = e
        .profile_from_text("calico_expertise: Unknown\n", "p.yaml")
        .unwrap_err();
    assert_eq!(
        err.problems[0].help.as_deref(),
        Some("write `unknown` in lower case, without spaces, to say you do not know")
    );
}

#[test]
fn syntax_errors_and_wrong_shapes() {
    let e = mini();
    let err = e
        .profile_from_text("team_size: [1, 2\nx: 1\n", "p.yaml")
        .unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(
        err.problems[0]
            .location
            .as_deref()
            .unwrap()
            .starts_with("p.yaml:"),
        "{err}"
    );
    assert!(err.problems[0].message.starts_with("syntax error"));
    for v in [json!(null), json!([1, 2]), json!("team_size: 3"), json!(3)] {
        let err = e.profile_from_value(&v).unwrap_err();
        assert_eq!(err.problems[0].path, "");
        assert!(err.problems[0].message.contains("not a mapping"));
    }
    // An empty file is the default profile.
    assert_eq!(
        e.profile_from_text("", "empty.yaml").unwrap(),
        e.default_profile()
    );
    assert_eq!(
        e.profile_from_text("# nothing\n", "c.yaml").unwrap(),
        e.default_profile()
    );
}

#[test]
fn too_many_problems_are_capped() {
    let e = mini();
    let items: Vec<String> = (0..500).map(|i| format!("x{i}")).collect();
    let err = e
        .profile_from_value(&json!({"compliance_requirements": items}))
        .unwrap_err();
    assert_eq!(err.problems.len(), MAX_PROBLEMS + 1);
    assert!(err.problems.last().unwrap().message.contains("400 more"));
}

#[test]
fn explain_one_decision() {
    let e = mini();
    let p = profile(&e, "calico_expertise: true\n");
    let x = e.explain(&p, "cni").unwrap();
    assert_eq!(x.decision.id.as_ref(), "cni");
    assert!(!x.decision.flips.is_empty());
    let inputs: Vec<&str> = x.answers.iter().map(|a| &*a.input).collect();
    assert_eq!(
        inputs,
        [
            "team_size",
            "compliance_requirements",
            "calico_expertise",
            "bgp_routing_required"
        ]
    );
    let err = e.explain(&p, "cnii").unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("did you mean `cni`?"), "{msg}");
    assert!(
        msg.contains("known decisions: cni, secrets, ingress"),
        "{msg}"
    );
    let err = e.explain(&p, "service_mesh").unwrap_err();
    assert!(err.to_string().contains("Layer 2 capability"));
}

#[test]
fn questionnaire_says_why_we_ask() {
    let e = mini();
    let q = e.questionnaire();
    let ids: Vec<&str> = q.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["org", "work", "other"]);
    let find = |id: &str| {
        q.groups
            .iter()
            .flat_map(|g| &g.inputs)
            .find(|i| i.id == id)
            .unwrap()
    };
    let compliance = find("compliance_requirements");
    // Through the derived fact `audit_trail_required`.
    assert_eq!(compliance.influences.decisions, ["cni"]);
    assert_eq!(
        compliance.influences.capabilities,
        ["policy_enforcement", "cost_visibility"]
    );
    assert!(compliance
        .values
        .iter()
        .any(|v| v.id == "none" && v.exclusive));
    let exp = find("kubernetes_experience");
    assert_eq!(exp.influences.decisions, ["ingress"]);
    assert_eq!(exp.values[0].label.nl.as_deref(), Some("Geen"));
    assert_eq!(
        find("team_size").question.nl.as_deref(),
        Some("Hoeveel mensen?")
    );
    assert_eq!(find("service_count").aliases.len(), 4);
}

#[test]
fn dutch_texts_where_the_kb_has_them() {
    let e = mini();
    let p = e.default_profile();
    let a = e.assess_with(
        &p,
        AssessOptions {
            lang: Lang::Nl,
            flips: false,
        },
    );
    assert_eq!(a.lang, Lang::Nl);
    assert_eq!(a.kb.title.as_ref(), "Mini-KB");
    let cni = a.decision("cni").unwrap();
    assert!(cni
        .traces_to
        .iter()
        .any(|t| &*t.title == "Open source eerst"));
    // Falls back to English.
    assert_eq!(cni.title.as_ref(), "CNI plugin");
    let f = a
        .findings
        .iter()
        .find(|f| &*f.decision == "secrets")
        .unwrap();
    assert!(f.message.starts_with("De minicasus koos"), "{}", f.message);
}

#[test]
fn schemas() {
    let e = mini();
    let s = profile_schema(e.kb());
    assert_eq!(s["additionalProperties"], json!(false));
    // Every input: its own answers, or `unknown`.
    let answers = |id: &str| s["properties"][id]["anyOf"][0].clone();
    for (id, schema) in s["properties"].as_object().unwrap() {
        assert_eq!(schema["anyOf"][1]["const"], json!("unknown"), "{id}");
    }
    assert_eq!(
        answers("kubernetes_experience")["enum"],
        json!(["none", "basic", "intermediate", "expert"])
    );
    assert_eq!(
        answers("service_count")["anyOf"][1]["enum"],
        json!(["1", "2-5", "5-10", "10+"])
    );
    assert_eq!(
        s["properties"]["compliance_requirements"]["default"],
        json!(["GDPR"])
    );
    assert_eq!(answers("team_size")["maximum"], json!(1000));
    let a = assessment_schema();
    for key in [
        "kb",
        "profile",
        "answers",
        "decisions",
        "layer2",
        "open_questions",
        "findings",
        "summary",
    ] {
        assert!(
            a["required"].as_array().unwrap().contains(&json!(key)),
            "{key}"
        );
    }
}

#[test]
fn assessment_round_trips_through_json() {
    let e = mini();
    let a = assess(&e, "team_size: 2\ncompliance_requirements: [none]\n");
    let text = serde_json::to_string(&a).unwrap();
    let back: Assessment = serde_json::from_str(&text).unwrap();
    assert_eq!(back, a);
}

#[test]
fn evaluate_agrees_with_assess() {
    let e = mini();
    let p = profile(&e, "calico_expertise: true\nlayer1_stable: true\n");
    let core = e.evaluate(&p);
    let a = e.assess(&p);
    for (i, d) in a.decisions.iter().enumerate() {
        let rule = core.rules[i].map(|r| {
            e.kb().decisions[i].rules[e.compiled().decisions[i].rules[r].index]
                .id
                .clone()
        });
        assert_eq!(rule.as_deref(), d.recommendation.as_ref().map(|r| &*r.rule));
    }
    for (i, c) in a.layer2.iter().enumerate() {
        assert_eq!(core.verdicts[i].verdict, c.verdict);
    }
}

#[test]
fn engine_and_outputs_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Engine>();
    send_sync::<Assessment<'static>>();
    send_sync::<Explanation<'static>>();
    send_sync::<ProfileError>();
    send_sync::<Questionnaire>();
}
