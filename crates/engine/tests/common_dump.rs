#[test]
#[ignore]
fn dump() {
    let kb = kompas_kb::load_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/mini"
    )))
    .unwrap();
    let e = kompas_engine::Engine::new(kb);
    assert!(e.compiled().issues.is_empty(), "{:?}", e.compiled().issues);
    let p = e
        .profile_from_text(
            "team_size: 2\ncompliance_requirements: [none]\nservice_count: '5-10'\n",
            "p.yaml",
        )
        .unwrap();
    let a = e.assess(&p);
    println!("{}", serde_json::to_string_pretty(&a).unwrap());
}

#[test]
#[ignore]
fn dump_builtin() {
    let kb = kompas_kb::builtin::load().unwrap();
    let e = kompas_engine::Engine::new(kb);
    for i in &e.compiled().issues {
        println!("ISSUE {} {} {:?}", i.code, i.message, i.origin);
    }
    let text = std::env::var("PROFILE").unwrap_or_default();
    let p = e.profile_from_text(&text, "p.yaml").unwrap();
    let a = e.assess(&p);
    if std::env::var("FULL").is_ok() {
        println!("{}", serde_json::to_string_pretty(&a).unwrap());
        return;
    }
    for d in &a.decisions {
        println!(
            "{:22} {:28} rule={:35} flips={}",
            d.id,
            d.recommendation.as_ref().map(|r| &*r.option).unwrap_or("-"),
            d.recommendation.as_ref().map(|r| &*r.rule).unwrap_or("-"),
            d.flips
                .iter()
                .map(|f| format!(
                    "{}<-{}",
                    f.option,
                    f.changes
                        .iter()
                        .map(|c| format!("{}={}", c.input, c.to))
                        .collect::<Vec<_>>()
                        .join("&")
                ))
                .collect::<Vec<_>>()
                .join(" | ")
        );
    }
    for c in &a.layer2 {
        println!(
            "L2 {:25} {:?} rank={:?} by={:?} {:?} tool={:?}",
            c.id,
            c.verdict,
            c.rank,
            c.decided_by.step,
            c.decided_by.condition,
            c.tool.as_ref().map(|t| &*t.id)
        );
    }
    for f in &a.findings {
        println!(
            "F {} {:?} {} {:?} {:?} {}",
            f.code, f.severity, f.decision, f.tool, f.accepted_by, f.message
        );
    }
}

#[test]
#[ignore]
fn counts() {
    let kb = kompas_kb::builtin::load().unwrap();
    let e = kompas_engine::Engine::new(kb);
    let p = e
        .profile_from_text(include_str!("../../../examples/webshop.yaml"), "p.yaml")
        .unwrap();
    let a = e.assess_without_flips(&p);
    let alts: usize = a.decisions.iter().map(|d| d.alternatives.len()).sum();
    let rules: usize = a
        .decisions
        .iter()
        .flat_map(|d| &d.alternatives)
        .map(|x| x.rules.len())
        .sum();
    let facts: usize = a
        .decisions
        .iter()
        .flat_map(|d| &d.alternatives)
        .flat_map(|x| &x.rules)
        .map(|r| r.facts.len())
        .sum::<usize>()
        + a.decisions
            .iter()
            .flat_map(|d| &d.because)
            .map(|b| b.facts.len())
            .sum::<usize>();
    let checks: usize = a
        .layer2
        .iter()
        .map(|c| c.triggers.len() + c.skip_if.len() + c.now_if.len() + c.later_if.len())
        .sum();
    let cfacts: usize = a
        .layer2
        .iter()
        .flat_map(|c| {
            c.triggers
                .iter()
                .chain(&c.skip_if)
                .chain(&c.now_if)
                .chain(&c.later_if)
        })
        .map(|c| c.detail.len())
        .sum();
    println!("alts {alts} rulechecks {rules} facts {facts} checks {checks} check-facts {cfacts} findings {} json {}", a.findings.len(), serde_json::to_string(&a).unwrap().len());
    let a = e.assess(&p);
    println!(
        "json with flips {} pretty {}",
        serde_json::to_string(&a).unwrap().len(),
        serde_json::to_string_pretty(&a).unwrap().len()
    );
}
