//! The conditions of an open outcome in words and in data: each cover box
//! becomes a list of terms (`{input, values, values_text}`), and the whole
//! becomes sentences built from the questions and the value labels of the
//! KB, in English or Dutch ("Calico if the answer to “Does the team already
//! have Calico expertise in-house?” is yes; otherwise Cilium."). Sentences
//! never name input ids.

use std::borrow::Cow;

use kompas_kb::InputType;
use kompas_logic::Compiled;

use crate::cover::CoverBox;
use crate::openness::Dim;
use crate::output::{ConditionTerm, TermValue};
use crate::prepared::{PInput, PVar};
use crate::text::{b, Lang, Txt};

/// What the terms and sentences of one assessment read.
pub(crate) struct Words<'e> {
    pub compiled: &'e Compiled,
    pub vars: &'e [PVar],
    pub inputs: &'e [PInput],
    pub lang: Lang,
}

/// One term: its data and its clause for a sentence.
pub(crate) struct Term<'e> {
    pub term: ConditionTerm<'e>,
    /// "the answer to “…” is yes" / "het antwoord op “…” ja is".
    pub clause: String,
}

impl<'e> Words<'e> {
    /// The terms of a box, in KB order of the inputs (dimensions that allow
    /// every value make no term).
    pub(crate) fn terms(&self, dims: &[Dim], b: &CoverBox) -> Vec<Term<'e>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < dims.len() {
            let var = dims[i].var;
            let mut j = i;
            while j < dims.len() && dims[j].var == var {
                j += 1;
            }
            if let Some(t) = self.term(var, &dims[i..j], &b[i..j]) {
                out.push(t);
            }
            i = j;
        }
        out
    }

    fn term(&self, var: usize, dims: &[Dim], allowed: &[Vec<bool>]) -> Option<Term<'e>> {
        let pv: &'e PVar = &self.vars[var];
        let input: &'e PInput = &self.inputs[var];
        let nl = self.lang == Lang::Nl;
        let question = &input.question;
        let (values, values_text, clause): (Vec<TermValue<'e>>, String, String) = match pv.kind {
            InputType::Set => {
                let mut includes = Vec::new();
                let mut excludes = Vec::new();
                for (d, a) in dims.iter().zip(allowed) {
                    let Some(m) = d.member else { continue };
                    match (a.first().copied(), a.get(1).copied()) {
                        (Some(false), Some(true)) => includes.push(m),
                        (Some(true), Some(false)) => excludes.push(m),
                        _ => {}
                    }
                }
                if includes.is_empty() && excludes.is_empty() {
                    return None;
                }
                includes.sort_unstable();
                excludes.sort_unstable();
                let ids = |list: &[usize]| -> Vec<Txt<'e>> {
                    list.iter()
                        .filter_map(|m| pv.values.get(*m))
                        .map(b)
                        .collect()
                };
                let labels = |list: &[usize]| -> Vec<&str> {
                    list.iter()
                        .filter_map(|m| input.labels.get(*m))
                        .map(|l| &**l)
                        .collect()
                };
                let inc = and_list(&labels(&includes), self.lang);
                let exc = and_list(&labels(&excludes), self.lang);
                let (text, clause) = match (includes.is_empty(), excludes.is_empty(), nl) {
                    (false, true, false) => (format!("includes {inc}"), format!("includes {inc}")),
                    (true, false, false) if excludes.len() == 1 => (
                        format!("does not include {exc}"),
                        format!("does not include {exc}"),
                    ),
                    (true, false, false) => (
                        format!(
                            "includes none of {}",
                            or_list(&labels(&excludes), self.lang)
                        ),
                        format!(
                            "includes none of {}",
                            or_list(&labels(&excludes), self.lang)
                        ),
                    ),
                    (false, false, false) => (
                        format!(
                            "includes {inc} but not {}",
                            or_list(&labels(&excludes), self.lang)
                        ),
                        format!(
                            "includes {inc} but not {}",
                            or_list(&labels(&excludes), self.lang)
                        ),
                    ),
                    (false, true, true) => (format!("bevat {inc}"), format!("{inc} bevat")),
                    (true, false, true) => {
                        (format!("bevat {exc} niet"), format!("{exc} niet bevat"))
                    }
                    (false, false, true) => (
                        format!("bevat {inc} maar niet {exc}"),
                        format!("{inc} bevat maar {exc} niet"),
                    ),
                    (true, true, _) => return None,
                };
                let clause = if nl {
                    format!("het antwoord op “{question}” {clause}")
                } else {
                    format!("the answer to “{question}” {clause}")
                };
                (
                    vec![TermValue::Members {
                        includes: ids(&includes),
                        excludes: ids(&excludes),
                    }],
                    text,
                    clause,
                )
            }
            kind => {
                let a = allowed.first()?;
                if a.iter().all(|x| *x) {
                    return None;
                }
                let classes: Vec<usize> = (0..a.len()).filter(|c| a[*c]).collect();
                let (values, text) = match kind {
                    InputType::Bool => {
                        let yes = classes == [1];
                        let text = match (yes, nl) {
                            (true, false) => "yes",
                            (false, false) => "no",
                            (true, true) => "ja",
                            (false, true) => "nee",
                        };
                        (vec![TermValue::Bool(yes)], text.to_owned())
                    }
                    InputType::Enum => {
                        let labels: Vec<&str> = classes
                            .iter()
                            .filter_map(|c| input.labels.get(*c))
                            .map(|l| &**l)
                            .collect();
                        (
                            classes
                                .iter()
                                .filter_map(|c| pv.values.get(*c))
                                .map(|v| TermValue::Id(b(v)))
                                .collect(),
                            or_list(&labels, self.lang),
                        )
                    }
                    _ => {
                        let ranges = ranges(pv, &classes);
                        let (min, max) = match &self.compiled.vars[var].domain {
                            kompas_logic::Domain::Int { min, max } => (*min, *max),
                            _ => (i64::MIN, i64::MAX),
                        };
                        let texts: Vec<String> = ranges
                            .iter()
                            .map(|&(lo, hi)| range_text(lo, hi, min, max, self.lang))
                            .collect();
                        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                        (
                            ranges
                                .iter()
                                .map(|&(min, max)| TermValue::Range { min, max })
                                .collect(),
                            or_list(&texts, self.lang),
                        )
                    }
                };
                let clause = if nl {
                    format!("het antwoord op “{question}” {text} is")
                } else {
                    format!("the answer to “{question}” is {text}")
                };
                (values, text, clause)
            }
        };
        Some(Term {
            term: ConditionTerm {
                input: b(&pv.id),
                values,
                values_text: Cow::Owned(values_text),
            },
            clause,
        })
    }

    /// The condition of a cover in words: "if A and B, or if C"; an empty
    /// box holds whatever the answers.
    pub(crate) fn condition(&self, boxes: &[Vec<Term>]) -> String {
        let nl = self.lang == Lang::Nl;
        let parts: Vec<String> = boxes
            .iter()
            .map(|terms| {
                if terms.is_empty() {
                    return if nl {
                        "wat de onbekende antwoorden ook zijn".into()
                    } else {
                        "whatever the unknown answers are".into()
                    };
                }
                let clauses: Vec<&str> = terms.iter().map(|t| t.clause.as_str()).collect();
                let joined = clauses.join(if nl { " en " } else { " and " });
                if nl {
                    format!("als {joined}")
                } else {
                    format!("if {joined}")
                }
            })
            .collect();
        parts.join(if nl { ", of " } else { ", or " })
    }

    /// The sentence of one outcome: "Calico if …."
    pub(crate) fn outcome_sentence(&self, label: &str, condition: &str) -> String {
        format!("{label} {condition}.")
    }

    /// The sentence of an open outcome: each outcome with its condition, the
    /// one with the longest condition last as "otherwise".
    pub(crate) fn open_sentence(&self, parts: &[Part]) -> String {
        let nl = self.lang == Lang::Nl;
        if parts.len() < 2 {
            return parts
                .first()
                .map(|x| self.outcome_sentence(&x.label, &x.condition))
                .unwrap_or_default();
        }
        let last = parts
            .iter()
            .enumerate()
            .max_by_key(|(i, x)| (x.weight, *i))
            .map_or(0, |(i, _)| i);
        let mut clauses: Vec<String> = parts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != last)
            .map(|(_, x)| format!("{} {}", x.label, x.condition))
            .collect();
        let otherwise = &parts[last].label_after;
        clauses.push(if nl {
            format!("anders {otherwise}")
        } else {
            format!("otherwise {otherwise}")
        });
        format!("{}.", clauses.join("; "))
    }
}

/// One outcome of an open sentence.
pub(crate) struct Part {
    /// The outcome at the start of a clause ("Calico", "Now with Linkerd").
    pub label: String,
    /// The outcome after "otherwise" ("Calico", "now with Linkerd").
    pub label_after: String,
    /// Its condition ("if …").
    pub condition: String,
    /// How long its condition is (the longest is said as "otherwise").
    pub weight: usize,
}

/// Adjacent classes of an integer, merged into ranges `(lo, hi)`.
fn ranges(pv: &PVar, classes: &[usize]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut prev: Option<usize> = None;
    for &c in classes {
        let Some(&(lo, hi)) = pv.int_classes.get(c) else {
            continue;
        };
        match (prev, out.last_mut()) {
            (Some(p), Some(last)) if p + 1 == c => last.1 = hi,
            _ => out.push((lo, hi)),
        }
        prev = Some(c);
    }
    out
}

/// A range of whole numbers in words.
fn range_text(lo: i64, hi: i64, min: i64, max: i64, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    match (lo <= min, hi >= max, nl) {
        (true, true, false) => "any number".into(),
        (true, true, true) => "elk aantal".into(),
        (true, false, false) => format!("at most {hi}"),
        (true, false, true) => format!("hoogstens {hi}"),
        (false, true, false) => format!("at least {lo}"),
        (false, true, true) => format!("minstens {lo}"),
        _ if lo == hi => lo.to_string(),
        (false, false, false) => format!("{lo} to {hi}"),
        (false, false, true) => format!("{lo} tot en met {hi}"),
    }
}

/// "a", "a or b", "a, b or c" (Dutch: "of").
pub(crate) fn or_list(items: &[&str], lang: Lang) -> String {
    join_last(items, if lang == Lang::Nl { " of " } else { " or " })
}

/// "a", "a and b", "a, b and c" (Dutch: "en").
pub(crate) fn and_list(items: &[&str], lang: Lang) -> String {
    join_last(items, if lang == Lang::Nl { " en " } else { " and " })
}

fn join_last(items: &[&str], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., end] => format!("{}{last}{end}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges_read_naturally() {
        assert_eq!(or_list(&["Basic", "Expert"], Lang::En), "Basic or Expert");
        assert_eq!(and_list(&["a", "b", "c"], Lang::Nl), "a, b en c");
        assert_eq!(range_text(1, 10, 1, 100, Lang::En), "at most 10");
        assert_eq!(range_text(11, 100, 1, 100, Lang::Nl), "minstens 11");
        assert_eq!(range_text(5, 8, 1, 100, Lang::En), "5 to 8");
        assert_eq!(range_text(5, 8, 1, 100, Lang::Nl), "5 tot en met 8");
        assert_eq!(range_text(7, 7, 1, 100, Lang::En), "7");
    }
}
