//! Sentences shared by the Markdown report, the terminal summary and `explain`:
//! a fact, why an alternative lost, a flip.

use kompas_engine::{Alternative, Change, DerivedFactView, Fact, FactSubject, Flip, Lang, WhyNot};

/// A fact in words: what the value says about the organisation, in the KB's
/// words ("the team has no Calico expertise"), true whether or not the
/// comparison held. Without a statement: `service_count > 5 (answer: 8)`, or,
/// when it does not hold, `calico_expertise is true, but the answer is false`;
/// a comparison on a derived fact, a decision or a capability names what it is
/// about.
pub(crate) fn fact(f: &Fact, lang: Lang) -> String {
    if let Some(text) = &f.text {
        return text.to_string();
    }
    let (what_en, what_nl) = match f.refers_to {
        None => ("the answer is", "het antwoord is"),
        Some(FactSubject::DerivedFact) => ("it is", "het is"),
        Some(FactSubject::Decision) => ("the recommendation is", "het advies is"),
        Some(FactSubject::Capability) => ("the pick is", "de keuze is"),
    };
    let (short_en, short_nl) = match f.refers_to {
        None => ("answer", "antwoord"),
        Some(FactSubject::DerivedFact) => ("derived", "afgeleid"),
        Some(FactSubject::Decision) => ("recommended", "geadviseerd"),
        Some(FactSubject::Capability) => ("picked", "gekozen"),
    };
    match (f.met, lang) {
        (true, Lang::En) => format!("{} ({short_en}: {})", f.condition, f.value),
        (true, Lang::Nl) => format!("{} ({short_nl}: {})", f.condition, f.value),
        (false, Lang::En) => format!("{}, but {what_en} {}", f.condition, f.value),
        (false, Lang::Nl) => format!("{}, maar {what_nl} {}", f.condition, f.value),
    }
}

/// A derived fact and why: `operations_capacity = low: a team of 3 ...`.
pub(crate) fn derived_fact(f: &DerivedFactView) -> String {
    match &f.because {
        Some(why) => format!("{} = {}: {}", f.id, f.value, why.trim()),
        None => format!("{} = {}", f.id, f.value),
    }
}

/// The failed comparisons of an alternative's rules, one entry per rule.
pub(crate) fn failed_rules(alt: &Alternative, lang: Lang) -> Vec<String> {
    alt.rules
        .iter()
        .filter(|r| !r.holds)
        .map(|r| {
            let failed: Vec<&Fact> = r.facts.iter().filter(|f| !f.met).collect();
            let facts: Vec<String> = failed.iter().map(|f| fact(f, lang)).collect();
            let said = !failed.is_empty() && failed.iter().all(|f| f.text.is_some());
            match lang {
                // Statements say what is so, not what the rule needed.
                Lang::En if said => {
                    format!("rule `{}` does not apply: {}", r.rule, facts.join("; "))
                }
                Lang::Nl if said => format!("regel `{}` geldt niet: {}", r.rule, facts.join("; ")),
                Lang::En => format!("rule `{}` needs {}", r.rule, facts.join("; ")),
                Lang::Nl => format!("regel `{}` vraagt dat {}", r.rule, facts.join("; ")),
            }
        })
        .collect()
}

/// Why an alternative is not the recommendation, in one sentence (without the
/// KB's standing reason, which callers add).
pub(crate) fn why_not(alt: &Alternative, recommended_title: &str, lang: Lang) -> String {
    match (&alt.why_not, lang) {
        (WhyNot::Outranked { rule, priority, .. }, Lang::En) => format!(
            "It applies, but rule `{rule}` (priority {priority}) comes first and chose {recommended_title}."
        ),
        (WhyNot::Outranked { rule, priority, .. }, Lang::Nl) => format!(
            "Is van toepassing, maar regel `{rule}` (prioriteit {priority}) gaat voor en koos {recommended_title}."
        ),
        (WhyNot::ConditionNotMet, Lang::En) => {
            format!("Its condition does not hold: {}.", failed_rules(alt, lang).join("; or "))
        }
        (WhyNot::ConditionNotMet, Lang::Nl) => {
            format!("De voorwaarde geldt niet: {}.", failed_rules(alt, lang).join("; of "))
        }
        (WhyNot::Superseded { by }, _) => {
            let (title, reason) = alt
                .superseded
                .as_ref()
                .map_or((by.as_ref(), ""), |s| (s.by_title.as_ref(), s.reason.as_ref()));
            match lang {
                Lang::En => format!("Superseded by {title}: {}", reason.trim()),
                Lang::Nl => format!("Vervangen door {title}: {}", reason.trim()),
            }
        }
        (WhyNot::NoRule, Lang::En) => "No rule of this decision chooses it.".into(),
        (WhyNot::NoRule, Lang::Nl) => "Geen regel van deze beslissing kiest deze optie.".into(),
    }
}

/// One change of a flip: `bgp_routing_required from false to true`.
pub(crate) fn change(c: &Change, lang: Lang) -> String {
    let to = c.to.to_string();
    let extra = if c.to_text.as_ref() != to {
        format!(" ({})", c.to_text)
    } else {
        String::new()
    };
    match lang {
        Lang::En => format!("`{}` from {} to {to}{extra}", c.input, c.from),
        Lang::Nl => format!("`{}` van {} naar {to}{extra}", c.input, c.from),
    }
}

/// A flip in words: `Calico if BGP routing is needed.`, or, without the KB's
/// statements, `Calico (rule …): change bgp_routing_required from false to true.`
pub(crate) fn flip(f: &Flip, lang: Lang) -> String {
    // With the KB's statements of the new answers: what would have to be so.
    let said: Option<Vec<&str>> = f.changes.iter().map(|c| c.text.as_deref()).collect();
    if let Some(said) = said.filter(|s| !s.is_empty()) {
        return match lang {
            Lang::En => format!("{} if {}.", f.title, said.join(" and ")),
            Lang::Nl => format!("{} als dit geldt: {}.", f.title, said.join(" en ")),
        };
    }
    let changes: Vec<String> = f.changes.iter().map(|c| change(c, lang)).collect();
    match lang {
        Lang::En => format!(
            "{} (rule `{}`): change {}.",
            f.title,
            f.rule,
            changes.join(" and ")
        ),
        Lang::Nl => format!(
            "{} (regel `{}`): verander {}.",
            f.title,
            f.rule,
            changes.join(" en ")
        ),
    }
}
