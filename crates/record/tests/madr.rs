//! The ADR export, held against the MADR 4.0.0 template
//! (<https://github.com/adr/madr/blob/4.0.0/template/adr-template.md>): its
//! front matter keys and its section headings, in its order.

use kompas_engine::Engine;
use kompas_record::{adr, ops, Actor, ActorVia, Record, Stamp, Status};
use serde_json::Value;

/// The MADR 4.0.0 template, as a specification: the front matter keys it
/// defines, and its sections in order (`true`: the template marks it optional).
const FRONT_MATTER: [&str; 5] = ["status", "date", "decision-makers", "consulted", "informed"];
const SECTIONS: [(&str, bool); 8] = [
    ("## Context and Problem Statement", false),
    ("## Decision Drivers", true),
    ("## Considered Options", false),
    ("## Decision Outcome", false),
    ("### Consequences", true),
    ("### Confirmation", true),
    ("## Pros and Cons of the Options", true),
    ("## More Information", true),
];

fn engine() -> Engine {
    let (kb, _, _) =
        kompas_check::load_checked(None, "2026-11-30").expect("the built-in KB checks");
    Engine::new(kb)
}

fn stamp(who: &str, at: &str) -> Stamp {
    Stamp {
        at: at.into(),
        by: Actor {
            id: format!("local:{who}"),
            name: who.into(),
            via: ActorVia::Local,
        },
    }
}

fn accepted(engine: &Engine, profile: &str, title: &str) -> Record {
    let profile = engine.profile_from_text(profile, "profile.yaml").unwrap();
    let kb = kompas_record::identity::kb_identity(engine.kb(), None);
    let r = ops::create(
        engine,
        &profile,
        kb,
        ops::NewRecord {
            title: title.into(),
            organisation: Some("Webshop".into()),
        },
        stamp("ann", "2026-11-30T09:00:00.000Z").by,
        "2026-11-30T09:00:00.000Z".into(),
    )
    .unwrap();
    let (r, _) = ops::propose(&r, stamp("ann", "2026-11-30T09:10:00.000Z")).unwrap();
    let (r, _) = ops::sign(
        &r,
        "Bram",
        "CTO",
        Some("Go."),
        stamp("bram", "2026-11-30T09:20:00.000Z"),
    )
    .unwrap();
    let (r, _) = ops::accept(&r, stamp("cas", "2026-12-01T10:00:00.000Z")).unwrap();
    r
}

/// Checks one file against the template; returns its front matter.
fn check_madr(name: &str, text: &str) -> Value {
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{name}: no front matter"));
    let (front, body) = rest
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{name}: front matter not closed"));
    let (front, _) = kompas_kb::yaml::parse(front)
        .unwrap_or_else(|e| panic!("{name}: front matter is not YAML: {e:?}"));
    let keys: Vec<&String> = front.as_object().unwrap().keys().collect();
    for key in &keys {
        assert!(
            FRONT_MATTER.contains(&key.as_str()),
            "{name}: `{key}` is not a MADR front matter key"
        );
    }
    for key in ["status", "date", "decision-makers"] {
        assert!(
            front
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|v| !v.is_empty()),
            "{name}: `{key}` missing"
        );
    }
    let date = front["date"].as_str().unwrap();
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{name}: date {date}"
    );

    let headings: Vec<&str> = body.lines().filter(|l| l.starts_with('#')).collect();
    assert!(
        headings[0].starts_with("# ")
            && headings.iter().filter(|h| h.starts_with("# ")).count() == 1,
        "{name}: one title"
    );
    // The template's sections, in its order; `###` option headings only under Pros and Cons.
    let mut next = 0;
    let mut in_pros_cons = false;
    let mut option_headings = Vec::new();
    for h in &headings[1..] {
        if let Some(pos) = SECTIONS.iter().position(|(s, _)| s == h) {
            assert!(pos >= next, "{name}: `{h}` out of the template's order");
            for (skipped, optional) in &SECTIONS[next..pos] {
                assert!(optional, "{name}: required section `{skipped}` missing");
            }
            next = pos + 1;
            in_pros_cons = *h == "## Pros and Cons of the Options";
        } else {
            assert!(
                in_pros_cons && h.starts_with("### "),
                "{name}: `{h}` is not a MADR section"
            );
            option_headings.push(h.trim_start_matches("### "));
        }
    }
    for (required, optional) in &SECTIONS[next..] {
        assert!(optional, "{name}: required section `{required}` missing");
    }
    // Every considered option has its pros and cons, and one was chosen.
    let options = section(body, "## Considered Options");
    let considered: Vec<&str> = options
        .lines()
        .filter_map(|l| l.strip_prefix("* "))
        .collect();
    assert_eq!(considered.len(), option_headings.len(), "{name}");
    for (c, h) in considered.iter().zip(&option_headings) {
        assert!(c.starts_with(h), "{name}: option `{c}` vs heading `{h}`");
    }
    assert!(
        section(body, "## Decision Outcome").starts_with("Chosen option: \""),
        "{name}"
    );
    front
}

fn section<'a>(body: &'a str, heading: &str) -> &'a str {
    let start = body.find(&format!("{heading}\n")).unwrap() + heading.len() + 1;
    let rest = &body[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest[..end].trim()
}

#[test]
fn every_adr_follows_the_madr_4_template_and_shows_overrides() {
    let engine = engine();
    let mut record = accepted(
        &engine,
        "team_size: 10\nservice_count: 12\n",
        "Platform choices",
    );
    // An override before acceptance, on a fresh draft of the same answers.
    let draft = {
        let r = accepted(&engine, "team_size: 10\n", "With an override");
        let mut r = r;
        r.status = Status::Draft;
        r
    };
    let (with_override, _) = ops::set_override(
        &draft,
        "ingress",
        "contour",
        "We run Contour today.",
        stamp("ann", "2026-11-30T11:00:00.000Z"),
    )
    .unwrap();

    let files = adr::export(&record, None, adr::Related::default());
    assert_eq!(files.len(), 20, "one file per decision");
    for f in &files {
        assert!(
            f.name.starts_with(&record.id) && f.name.ends_with(".md"),
            "{}",
            f.name
        );
        let front = check_madr(&f.name, &f.text);
        assert_eq!(front["status"], "accepted");
        assert_eq!(front["date"], "2026-12-01", "the date of acceptance");
        assert_eq!(front["decision-makers"], "Bram (CTO), cas (accepted)");
    }

    let files = adr::export(&with_override, None, adr::Related::default());
    let ingress = files
        .iter()
        .find(|f| f.name.ends_with("-ingress.md"))
        .unwrap();
    check_madr(&ingress.name, &ingress.text);
    assert!(ingress
        .text
        .contains("# Ingress controller: Contour (Envoy-based)"));
    assert!(ingress
        .text
        .contains("* Contour (Envoy-based) (the team's choice)"));
    assert!(ingress.text.contains("* Traefik (recommended by kompas)"));
    assert!(ingress
        .text
        .contains("Chosen option: \"Contour (Envoy-based)\", because we run Contour today."));
    assert!(ingress
        .text
        .contains("* Override: the team chose \"Contour (Envoy-based)\" instead of \"Traefik\""));

    // A superseding record links to the ADRs it supersedes, and back.
    let newer = accepted(&engine, "team_size: 40\n", "Platform choices, revisited");
    let ((old, _), (new, _)) =
        ops::supersede(&record, &newer, stamp("cas", "2026-12-02T10:00:00.000Z")).unwrap();
    record = old;
    let old_files = adr::export(
        &record,
        None,
        adr::Related {
            supersedes: &[],
            superseded_by: Some(&new),
        },
    );
    let new_files = adr::export(
        &new,
        None,
        adr::Related {
            supersedes: std::slice::from_ref(&record),
            superseded_by: None,
        },
    );
    let old_cni = old_files
        .iter()
        .find(|f| f.name.ends_with("-cni.md"))
        .unwrap();
    let new_cni = new_files
        .iter()
        .find(|f| f.name.ends_with("-cni.md"))
        .unwrap();
    let front = check_madr(&old_cni.name, &old_cni.text);
    assert_eq!(
        front["status"],
        format!(
            "superseded by [{}]({})",
            new_cni.name.trim_end_matches(".md"),
            new_cni.name
        )
    );
    check_madr(&new_cni.name, &new_cni.text);
    assert!(
        new_cni.text.contains(&format!(
            "* Supersedes [{}]({})",
            old_cni.name.trim_end_matches(".md"),
            old_cni.name
        )),
        "{}",
        new_cni.text
    );
}

#[test]
fn the_zip_holds_every_file_deflated() {
    let engine = engine();
    let record = accepted(&engine, "team_size: 10\n", "Zip");
    let files = adr::export(&record, None, adr::Related::default());
    let bytes = adr::zip(&record.id, &files).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), files.len());
    for (i, f) in files.iter().enumerate() {
        let mut entry = archive.by_index(i).unwrap();
        assert_eq!(entry.name().unwrap(), format!("{}/{}", record.id, f.name));
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        assert_eq!(text, f.text);
    }
}
