//! K0505: decision-level content that belongs to one option.
//!
//! A decision's `chain` is shown for every recommended option that has no
//! chain of its own, and a practice without `options` for every option. When
//! such content names a tool that one option uses and another recommendable
//! option does not, a person reading the other recommendation is told about
//! the wrong tool. The check is exact about what it flags: a practice's
//! `tools` id, or a tool's name appearing as a whole word in the chain's
//! `tooling` line (the line that names the tools; the other lines speak of
//! requirements). Open questions carry no tool ids, so they are not checked.

use kompas_kb::{Decision, Kb, Origin, Severity, Text};

use crate::analysis::Reach;
use crate::ctx::Ctx;

/// Runs the check; `reach` says which options some profile gets.
pub(crate) fn check(ctx: &mut Ctx, reach: &Reach) {
    let kb = ctx.kb;
    for (di, d) in kb.decisions.iter().enumerate() {
        let recommendable: Vec<usize> = (0..d.options.len())
            .filter(|&o| {
                d.options[o].superseded.is_none()
                    && d.rules
                        .iter()
                        .enumerate()
                        .any(|(ri, r)| r.choose == d.options[o].id && reach.rule(di, ri))
            })
            .collect();
        // Tools that some option of the decision uses, with the options that do.
        let option_tools: Vec<&str> = d
            .options
            .iter()
            .flat_map(|o| o.tools.iter().map(String::as_str))
            .collect();
        if let Some(chain) = &d.chain {
            let shown_for: Vec<usize> = recommendable
                .iter()
                .copied()
                .filter(|&o| d.options[o].chain.is_none())
                .collect();
            let named = named_tools(kb, &option_tools, &[&chain.tooling]);
            report(
                ctx,
                d,
                &shown_for,
                &named,
                &d.origin.child("chain"),
                "chain",
                "options[].chain",
            );
        }
        for (pi, p) in d.practices.iter().enumerate() {
            let shown_for: Vec<usize> = recommendable
                .iter()
                .copied()
                .filter(|&o| p.options.is_empty() || p.options.contains(&d.options[o].id))
                .collect();
            let mut named: Vec<&str> = Vec::new();
            for t in &p.tools {
                if option_tools.contains(&t.as_str()) && !named.contains(&t.as_str()) {
                    named.push(t.as_str());
                }
            }
            let at = d.origin.child("practices").child(pi);
            report(
                ctx,
                d,
                &shown_for,
                &named,
                &at,
                "practice",
                "`options: [...]` on the practice",
            );
        }
    }
}

/// The tools (of `candidates`) whose name appears as a whole word in any language of `texts`.
fn named_tools<'k>(kb: &'k Kb, candidates: &[&'k str], texts: &[&Text]) -> Vec<&'k str> {
    let mut out = Vec::new();
    for id in candidates {
        let Some(tool) = kb.tool(id) else { continue };
        let found = texts.iter().any(|t| {
            kompas_kb::LANGUAGES
                .iter()
                .any(|l| contains_word(t.get(l), &tool.name))
        });
        if found && !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// Whether `word` occurs in `text` with no letter or digit on either side.
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn report(
    ctx: &mut Ctx,
    d: &Decision,
    shown_for: &[usize],
    named: &[&str],
    at: &Origin,
    what: &str,
    fix: &str,
) {
    for tool in named {
        let without: Vec<&str> = shown_for
            .iter()
            .map(|&o| &d.options[o])
            .filter(|o| !o.tools.iter().any(|t| t == tool))
            .map(|o| o.id.as_str())
            .collect();
        let with: Vec<&str> = d
            .options
            .iter()
            .filter(|o| o.tools.iter().any(|t| t == tool))
            .map(|o| o.id.as_str())
            .collect();
        if without.is_empty() || with.is_empty() {
            continue;
        }
        let name = ctx.kb.tool(tool).map_or(*tool, |t| t.name.as_str());
        ctx.emit(
            "K0505",
            Severity::Warning,
            at,
            format!(
                "the {what} of decision `{}` names {name} (a tool of {} {}), but it is also shown when {} recommended",
                d.id,
                if with.len() == 1 { "option" } else { "options" },
                crate::ctx::list(&with),
                match without.as_slice() {
                    [one] => format!("`{one}` is"),
                    many => format!("one of {} is", crate::ctx::list(many).replace(" and ", " or ")),
                }
            ),
        )
        .help = Some(format!("move what belongs to one option into {fix}"));
    }
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn whole_words_only() {
        assert!(contains_word("Cilium (CNCF graduated)", "Cilium"));
        assert!(contains_word("use Argo CD.", "Argo CD"));
        assert!(!contains_word("Ciliumlike", "Cilium"));
        assert!(!contains_word("a trivy-less setup", "ivy"));
        assert!(!contains_word("anything", ""));
    }
}
