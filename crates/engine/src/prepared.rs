//! Everything about a KB that does not depend on the profile, computed once
//! when the [`crate::Engine`] is built: texts per language, option and rule
//! tables, trace lists, trade-offs and questions per decision, condition texts,
//! findings per rule. `assess` then only evaluates predicates and shares these.

use std::borrow::Cow;
use std::collections::HashSet;

use kompas_kb::{Complexity, Condition, InputType, Kb, QuestionPriority, SourceRef, Verdict};
use kompas_logic::{Compiled, CompiledDerived, Domain, IntOp, LeafSubject, Pred};

use crate::findings;
use crate::output::*;
use crate::targets::Target;
use crate::text::{local, local_opt, txt, Lang, Txt};

/// Language-independent data plus one [`Texts`] per language.
pub(crate) struct Prepared {
    /// Per leaf id: the texts of a comparison.
    pub leaves: Vec<PLeaf>,
    /// Per variable.
    pub vars: Vec<PVar>,
    /// Per decision: variable classes for flips.
    pub spaces: Vec<PSpace>,
    /// Per derived default (by position in `Compiled::derived_defaults`): the
    /// class the input derives to, per cell of the classes of what its fact
    /// reads (`None` when too many cells to tabulate).
    pub derived_tables: Vec<Option<DerivedTable>>,
    /// Every outcome as a table: decisions (KB order), then capabilities.
    pub targets: Vec<Target>,
    /// Per derived default (by position in `Compiled::derived_defaults`): the
    /// variables its fact reads, and those the derived defaults among them
    /// read (recursively), sorted.
    pub default_reads: Vec<Vec<usize>>,
    /// Per variable, when the KB has at most 64 derived defaults (else empty):
    /// the derived defaults whose `default_reads` hold it, as a bitmask.
    pub default_readers: Vec<u64>,
    /// Per variable: where its classes start in a list of every class of
    /// every variable; `class_count` in all.
    pub class_at: Vec<usize>,
    pub class_count: usize,
    /// Per language ([`Lang::index`]).
    pub texts: Vec<Texts>,
    /// The most comparisons one explanation can list (the size of the scratch
    /// buffer, so it never grows during an assessment).
    pub max_hits: usize,
}

/// A comparison of the KB, for facts.
pub(crate) struct PLeaf {
    /// The input read.
    pub input: Txt<'static>,
    /// The name the KB used, when it differs from the input (a derived fact).
    pub name: Option<Txt<'static>>,
    /// The comparison in words.
    pub text: Txt<'static>,
    /// The negated comparison in words (used when the leaf sits under a `not`).
    pub negated: Txt<'static>,
    /// Variable index ([`kompas_logic::NO_VAR`] unless `subject` is an input).
    pub var: usize,
    /// What the comparison is about.
    pub subject: LeafSubject,
}

/// A variable: its id, its value names and its classes in words.
pub(crate) struct PVar {
    pub id: Txt<'static>,
    pub kind: InputType,
    /// An enum whose values are ordered (`ordered: true` in the KB).
    pub ordered: bool,
    /// Value names (enum and set inputs), by index.
    pub values: Vec<Txt<'static>>,
    /// Set members that are exclusive (`none`): never part of a normalised set.
    pub exclusive: u64,
    /// Its number of classes.
    pub classes: usize,
    /// Integer classes `(lo, hi)`.
    pub int_classes: Vec<(i64, i64)>,
    /// Each class in words (empty for sets: those are described as a change).
    pub class_text: Vec<Txt<'static>>,
    /// Sets of at most [`MAX_TABULATED_SET`] values: the member list of every
    /// subset, by bitmask, so an answer is borrowed rather than built.
    pub subsets: Vec<Vec<Txt<'static>>>,
}

/// The class space of a decision.
pub(crate) struct PSpace {
    /// Classes per variable of the decision.
    pub radix: Vec<usize>,
    /// Per cell of the decision table: the option a profile in it gets, or
    /// [`NO_OPTION`] when none can (no rule decides, the rule names no option,
    /// or no normalised profile is in the cell: an exclusive set member such
    /// as `none` together with others). Flips scan this instead of the rules.
    pub options: Vec<u16>,
    /// Per variable of the decision: is it a set (its classes are member masks)?
    pub is_set: Vec<bool>,
    /// Per option of the decision: does some cell recommend it? A search for
    /// flips is done once it has found every such option.
    pub reachable: Vec<bool>,
}

/// See [`PSpace::options`].
pub(crate) const NO_OPTION: u16 = u16::MAX;

/// A derived default, tabulated: see [`Prepared::derived_tables`].
pub(crate) struct DerivedTable {
    /// The variables the fact reads, sorted.
    pub reads: Vec<usize>,
    /// Classes per read variable.
    pub radix: Vec<usize>,
    /// Per read variable: its stride in `class`.
    pub strides: Vec<usize>,
    /// Per cell (mixed radix, first variable slowest): the class of the value.
    pub class: Vec<u16>,
}

/// An input's texts in one language.
pub(crate) struct PInput {
    /// The question.
    pub question: Txt<'static>,
    /// The label of every value (enum and set inputs), by index; the id when
    /// the KB gives none.
    pub labels: Vec<Txt<'static>>,
    /// The open question it answers (`answers_question`).
    pub answers_question: Option<Txt<'static>>,
    /// What each answer says about the organisation (the KB's `states`).
    pub states: Statements,
}

/// Statements of answers or values by key (`true`/`false`, a value id, or `n`
/// for a number template), in one language.
pub(crate) type Statements = std::collections::BTreeMap<String, Txt<'static>>;

/// The KB's statements in `lang`.
fn statements(
    states: &std::collections::BTreeMap<String, kompas_kb::Text>,
    lang: Lang,
) -> Statements {
    states
        .iter()
        .map(|(k, v)| (k.clone(), local(v, lang)))
        .collect()
}

/// All KB texts in one language, shaped for the output.
pub(crate) struct Texts {
    pub kb: KbRef<'static>,
    /// Per variable.
    pub inputs: Vec<PInput>,
    /// Per derived fact (by index in `Kb::derived`); `None` for another name of an input.
    pub facts: Vec<Option<PFact>>,
    /// Per compiled consistency rule: the finding when it is broken.
    pub consistency: Vec<Finding<'static>>,
    pub decisions: Vec<PDecision>,
    pub capabilities: Vec<PCapability>,
    pub open_questions: Vec<OpenQuestionView<'static>>,
    pub blocking: Vec<Txt<'static>>,
    /// The areas that group the decisions, in reading order.
    pub areas: Vec<AreaView<'static>>,
    /// The most findings one assessment can have (the capacity it reserves).
    pub max_findings: usize,
}

/// A boolean or enum derived fact, shaped for output.
pub(crate) struct PFact {
    pub id: Txt<'static>,
    pub description: Txt<'static>,
    pub source: Option<Txt<'static>>,
    /// The inputs it reads.
    pub inputs: Vec<Txt<'static>>,
    /// Enum facts: the value ids, by index.
    pub values: Vec<Txt<'static>>,
    /// Enum facts: `because` per case; boolean facts: `[because]`.
    pub case_because: Vec<Option<Txt<'static>>>,
    /// Enum facts: `otherwise_because`; boolean facts: `because_not`.
    pub otherwise_because: Option<Txt<'static>>,
    /// What each value says about the organisation (the KB's `states`).
    pub states: Statements,
}

pub(crate) struct PDecision {
    pub id: Txt<'static>,
    pub title: Txt<'static>,
    pub question: Txt<'static>,
    /// The decision's chain (shown when no option is recommended).
    pub chain: Option<ChainView<'static>>,
    /// The questions that affect the decision whatever the option.
    pub questions: Vec<OpenQuestionView<'static>>,
    /// The practices that come with every option.
    pub practices: Vec<PracticeView<'static>>,
    pub reads: Vec<Txt<'static>>,
    pub options: Vec<POption>,
    /// Indexed like `CompiledDecision::rules` (evaluation order).
    pub rules: Vec<PRule>,
}

pub(crate) struct POption {
    pub id: Txt<'static>,
    pub title: Txt<'static>,
    pub rationale: Txt<'static>,
    pub tools: Vec<Txt<'static>>,
    pub pros: Vec<Txt<'static>>,
    pub cons: Vec<Txt<'static>>,
    pub why_not: Option<Txt<'static>>,
    pub seed_choice: bool,
    pub superseded: Option<SupersededView<'static>>,
    pub traces: Vec<TraceRef<'static>>,
    pub tradeoffs: Vec<TradeoffView<'static>>,
    /// Its own chain, else the decision's.
    pub chain: Option<ChainView<'static>>,
    /// The decision's questions and those that matter only for this option.
    pub questions: Vec<OpenQuestionView<'static>>,
    /// The decision's practices and this option's.
    pub practices: Vec<PracticeView<'static>>,
    /// Positions in `CompiledDecision::rules` of the rules that choose it.
    pub rules: Vec<usize>,
    /// Its rules' conditions in words.
    pub condition: Option<Txt<'static>>,
}

pub(crate) struct PRule {
    pub id: Txt<'static>,
    pub because: Txt<'static>,
    pub condition: Option<Txt<'static>>,
    pub source: Option<Txt<'static>>,
    pub priority: i32,
    pub default: bool,
    pub option: Option<usize>,
    /// The findings when this rule decides.
    pub findings: Vec<Finding<'static>>,
    /// The texts of the rule's notes, in KB order (their conditions are compiled).
    pub notes: Vec<Txt<'static>>,
    /// The derived facts (boolean and enum) its condition names; for the
    /// default rule, those the other rules name.
    pub derived: Vec<Txt<'static>>,
}

pub(crate) struct PNamed {
    pub id: Txt<'static>,
    pub text: Txt<'static>,
}

pub(crate) struct PCapTool {
    pub id: Txt<'static>,
    pub title: Txt<'static>,
    pub tools: Vec<Txt<'static>>,
    pub use_when: Txt<'static>,
    pub findings: Vec<Finding<'static>>,
}

pub(crate) struct PCapability {
    pub id: Txt<'static>,
    pub title: Txt<'static>,
    pub question: Txt<'static>,
    pub complexity: Complexity,
    pub otherwise: Verdict,
    pub exit_strategy: Option<Txt<'static>>,
    pub triggers: Vec<PNamed>,
    pub skip_if: Vec<PNamed>,
    pub now_if: Vec<PNamed>,
    pub later_if: Vec<PNamed>,
    pub tools: Vec<PCapTool>,
    /// The `default: true` tool.
    pub default_tool: Option<usize>,
    pub traces: Vec<TraceRef<'static>>,
    pub questions: Vec<OpenQuestionView<'static>>,
}

impl Prepared {
    pub(crate) fn new(kb: &Kb, compiled: &Compiled) -> Prepared {
        let mut vars = compiled.vars.iter().map(prepare_var).collect::<Vec<_>>();
        for (v, var) in vars.iter_mut().enumerate() {
            let input = &kb.inputs[compiled.var_input[v]];
            var.ordered = input.kind == InputType::Enum && input.ordered;
            var.exclusive = input
                .values
                .iter()
                .enumerate()
                .filter(|(i, x)| x.exclusive && *i < 63)
                .fold(0, |acc, (i, _)| acc | 1 << i);
        }
        let mut negated: Vec<Option<String>> = vec![None; compiled.leaves.len()];
        for_each_pred(compiled, |p| collect_negations(p, compiled, &mut negated));
        let leaves = compiled
            .leaves
            .iter()
            .enumerate()
            .map(|(i, leaf)| {
                let input = vars
                    .get(leaf.var)
                    .map_or_else(|| txt(&leaf.name), |v| v.id.clone());
                let negation = leaf
                    .negated
                    .clone()
                    .or_else(|| negated[i].take())
                    .unwrap_or_else(|| format!("not ({})", leaf.text));
                PLeaf {
                    name: (*input != *leaf.name).then(|| txt(&leaf.name)),
                    input,
                    text: txt(&leaf.text),
                    negated: txt(&negation),
                    var: leaf.var,
                    subject: leaf.subject,
                }
            })
            .collect::<Vec<_>>();
        let spaces = compiled
            .decisions
            .iter()
            .zip(&kb.decisions)
            .map(|(d, decision)| {
                let options = cell_options(compiled, d, &vars);
                let mut reachable = vec![false; decision.options.len()];
                for &o in &options {
                    if let Some(slot) = reachable.get_mut(usize::from(o)) {
                        *slot = true;
                    }
                }
                PSpace {
                    radix: d
                        .vars
                        .iter()
                        .map(|v| compiled.vars[*v].class_count())
                        .collect(),
                    options,
                    is_set: d
                        .vars
                        .iter()
                        .map(|v| vars[*v].kind == InputType::Set)
                        .collect(),
                    reachable,
                }
            })
            .collect();
        let texts = Lang::ALL
            .iter()
            .map(|lang| Texts::new(kb, compiled, &leaves, *lang))
            .collect();
        let derived_tables = compiled
            .derived_defaults
            .iter()
            .map(|dd| derived_table(compiled, dd))
            .collect();
        // A default rule lists the comparisons of all other rules of its decision.
        let per_decision = compiled
            .decisions
            .iter()
            .map(|d| d.rules.iter().map(|r| leaf_count(&r.pred)).sum::<usize>());
        let mut max_hits = per_decision.max().unwrap_or(0);
        for_each_pred(compiled, |p| max_hits = max_hits.max(leaf_count(p)));
        let default_reads: Vec<Vec<usize>> = compiled
            .derived_defaults
            .iter()
            .map(|dd| crate::targets::closure(compiled, &dd.reads))
            .collect();
        let mut default_readers = Vec::new();
        if compiled.derived_defaults.len() <= 64 {
            default_readers = vec![0u64; compiled.vars.len()];
            for (i, reads) in default_reads.iter().enumerate() {
                for &r in reads {
                    default_readers[r] |= 1 << i;
                }
            }
        }
        let mut class_at = Vec::with_capacity(compiled.vars.len());
        let mut class_count = 0;
        for v in &vars {
            class_at.push(class_count);
            class_count += v.classes;
        }
        Prepared {
            class_at,
            class_count,
            default_readers,
            leaves,
            vars,
            spaces,
            derived_tables,
            targets: crate::targets::targets(kb, compiled),
            default_reads,
            texts,
            max_hits,
        }
    }

    pub(crate) fn texts(&self, lang: Lang) -> &Texts {
        &self.texts[lang.index()]
    }
}

/// See [`Prepared::derived_tables`].
fn derived_table(compiled: &Compiled, dd: &kompas_logic::DerivedDefault) -> Option<DerivedTable> {
    let fact = compiled.derived.get(dd.fact)?.as_ref()?;
    let space = kompas_logic::Space::new(&compiled.vars, &dd.reads);
    if space.size() > kompas_logic::MAX_TABLE {
        return None;
    }
    let var = &compiled.vars[dd.var];
    let mut class = Vec::with_capacity(space.size());
    let mut profile = compiled.defaults.clone();
    space.for_each_cell(&mut profile, |p, _| {
        let value = dd.map.get(fact.value(p) as usize).copied().unwrap_or(0);
        class.push(u16::try_from(var.class_of(value)).unwrap_or(u16::MAX));
    });
    let radix = space.radix().to_vec();
    Some(DerivedTable {
        reads: dd.reads.clone(),
        strides: (0..radix.len())
            .map(|j| radix[j + 1..].iter().product())
            .collect(),
        radix,
        class,
    })
}

/// See [`PSpace::options`].
fn cell_options(
    compiled: &Compiled,
    d: &kompas_logic::CompiledDecision,
    vars: &[PVar],
) -> Vec<u16> {
    let mut options = Vec::with_capacity(d.table.len());
    if d.table.is_empty() {
        return options;
    }
    // Base 0: a cell is feasible when its classes themselves hold no exclusive member.
    let mut profile = vec![0; compiled.vars.len()];
    d.space(compiled).for_each_cell(&mut profile, |p, cell| {
        let feasible = d
            .vars
            .iter()
            .all(|v| p[*v] & vars[*v].exclusive as i64 == 0);
        let rule = d.rules.get(usize::from(d.table[cell]));
        options.push(match rule.and_then(|r| r.option) {
            Some(o) if feasible => u16::try_from(o).unwrap_or(NO_OPTION),
            _ => NO_OPTION,
        });
    });
    options
}

/// Number of comparisons in a predicate.
fn leaf_count(pred: &Pred) -> usize {
    match pred {
        Pred::True | Pred::False => 0,
        Pred::All(c) | Pred::Any(c) => c.iter().map(leaf_count).sum(),
        Pred::Not(c) => leaf_count(c),
        Pred::InMask { .. }
        | Pred::Intersects { .. }
        | Pred::Int { .. }
        | Pred::IntIn { .. }
        | Pred::Ref { .. } => 1,
    }
}

/// Sets with more values than this build their member lists per assessment.
pub(crate) const MAX_TABULATED_SET: usize = 10;

/// The members of a set value, in KB order.
pub(crate) fn members(values: &[Txt<'static>], mask: i64) -> Vec<Txt<'static>> {
    values
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 63 && mask & (1 << i) != 0)
        .map(|(_, s)| s.clone())
        .collect()
}

fn prepare_var(var: &kompas_logic::Var) -> PVar {
    let (kind, values) = match &var.domain {
        Domain::Enum(v) => (InputType::Enum, v.iter().map(|s| txt(s)).collect()),
        Domain::Set(v) => (InputType::Set, v.iter().map(|s| txt(s)).collect()),
        Domain::Int { .. } => (InputType::Integer, Vec::new()),
        Domain::Bool => (InputType::Bool, Vec::new()),
    };
    let int_classes = var.int_classes();
    let class_text = match kind {
        InputType::Set => Vec::new(),
        _ => (0..var.class_count())
            .map(|c| txt(&var.describe_class(c)))
            .collect(),
    };
    let subsets = match kind {
        InputType::Set if values.len() <= MAX_TABULATED_SET => (0..1i64 << values.len())
            .map(|m| members(&values, m))
            .collect(),
        _ => Vec::new(),
    };
    PVar {
        id: txt(&var.id),
        kind,
        ordered: false,
        values,
        exclusive: 0,
        classes: var.class_count(),
        int_classes,
        class_text,
        subsets,
    }
}

/// Calls `f` on every predicate of the compiled KB.
fn for_each_pred(compiled: &Compiled, mut f: impl FnMut(&Pred)) {
    for d in &compiled.decisions {
        for r in &d.rules {
            f(&r.pred);
        }
    }
    for c in &compiled.capabilities {
        for n in c
            .triggers
            .iter()
            .chain(&c.skip_if)
            .chain(&c.now_if)
            .chain(&c.later_if)
        {
            if let Some(p) = &n.pred {
                f(p);
            }
        }
        for p in c.tools.iter().flatten() {
            f(p);
        }
    }
    for d in compiled.derived.iter().flatten() {
        match d {
            CompiledDerived::When(p) => f(p),
            CompiledDerived::Enum { cases, .. } => cases.iter().for_each(&mut f),
            CompiledDerived::SameAs(_) => {}
        }
    }
    for d in &compiled.decisions {
        for r in &d.rules {
            r.notes.iter().for_each(&mut f);
        }
    }
}

/// Records, for every leaf, its comparison negated in words.
fn collect_negations(pred: &Pred, compiled: &Compiled, out: &mut [Option<String>]) {
    match pred {
        Pred::True | Pred::False => {}
        Pred::All(c) | Pred::Any(c) => c.iter().for_each(|c| collect_negations(c, compiled, out)),
        Pred::Not(c) => collect_negations(c, compiled, out),
        // Named outcomes carry their negation from the compiler; the leaves
        // inside them belong to the definitions they inline.
        Pred::Ref { pred, .. } => collect_negations(pred, compiled, out),
        Pred::InMask { leaf, .. }
        | Pred::Intersects { leaf, .. }
        | Pred::Int { leaf, .. }
        | Pred::IntIn { leaf, .. } => {
            if let (Some(slot), Some(l)) = (out.get_mut(*leaf), compiled.leaves.get(*leaf)) {
                if slot.is_none() {
                    *slot = negate(pred, &l.name, &compiled.vars[l.var].domain);
                }
            }
        }
    }
}

/// A comparison, negated, in words: `x > 5` -> `x <= 5`, `x is none` -> `x is basic or expert`.
fn negate(pred: &Pred, name: &str, domain: &Domain) -> Option<String> {
    let names = |mask: u64, values: &[String]| -> Vec<String> {
        values
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 64 && mask & (1 << i) != 0)
            .map(|(_, v)| v.clone())
            .collect()
    };
    Some(match (pred, domain) {
        (Pred::InMask { mask, .. }, Domain::Bool) => match mask & 0b11 {
            0b10 => format!("{name} is false"),
            0b01 => format!("{name} is true"),
            0b11 => format!("{name} is neither true nor false"),
            _ => format!("{name} is true or false"),
        },
        (Pred::InMask { mask, .. }, Domain::Enum(values)) => {
            let all = if values.len() >= 64 {
                u64::MAX
            } else {
                (1u64 << values.len()) - 1
            };
            let rest = names(!mask & all, values);
            if rest.is_empty() {
                format!("{name} has no value")
            } else {
                format!("{name} is {}", rest.join(" or "))
            }
        }
        (Pred::Intersects { mask, .. }, Domain::Set(values)) => {
            let n = names(*mask, values);
            if n.len() == 1 {
                format!("{name} does not include {}", n[0])
            } else {
                format!("{name} includes none of {}", n.join(", "))
            }
        }
        (Pred::Int { op, rhs, .. }, _) => {
            let sym = match op {
                IntOp::Gt => "<=",
                IntOp::Gte => "<",
                IntOp::Lt => ">=",
                IntOp::Lte => ">",
                IntOp::Eq => "!=",
            };
            format!("{name} {sym} {rhs}")
        }
        (Pred::IntIn { values, .. }, _) => format!(
            "{name} is not one of {}",
            values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => return None,
    })
}

/// A condition in words, from its leaves: `a and (b or c)`.
pub(crate) fn condition_text(pred: &Pred, leaves: &[PLeaf]) -> String {
    fn walk(pred: &Pred, leaves: &[PLeaf], negated: bool, nested: bool, out: &mut String) {
        match pred {
            Pred::True => out.push_str(if negated { "never" } else { "always" }),
            Pred::False => out.push_str(if negated { "always" } else { "never" }),
            Pred::Not(c) => walk(c, leaves, !negated, nested, out),
            Pred::All(c) | Pred::Any(c) => {
                // De Morgan: a negated `all` reads as an `any` of negations.
                let is_all = matches!(pred, Pred::All(_)) != negated;
                if c.len() == 1 {
                    return walk(&c[0], leaves, negated, nested, out);
                }
                if nested {
                    out.push('(');
                }
                for (i, child) in c.iter().enumerate() {
                    if i > 0 {
                        out.push_str(if is_all { " and " } else { " or " });
                    }
                    walk(child, leaves, negated, true, out);
                }
                if nested {
                    out.push(')');
                }
            }
            Pred::InMask { leaf, .. }
            | Pred::Intersects { leaf, .. }
            | Pred::Int { leaf, .. }
            | Pred::IntIn { leaf, .. }
            | Pred::Ref { leaf, .. } => match leaves.get(*leaf) {
                Some(l) if negated => out.push_str(&l.negated),
                Some(l) => out.push_str(&l.text),
                None => out.push('?'),
            },
        }
    }
    let mut out = String::new();
    walk(pred, leaves, false, false, &mut out);
    out
}

fn sources(list: &[SourceRef]) -> Cow<'static, [SourceView<'static>]> {
    list.iter()
        .map(|s| SourceView {
            title: txt(&s.title),
            url: s.url.as_deref().map(txt),
            as_of: s.as_of.as_deref().map(txt),
        })
        .collect()
}

pub(crate) fn source_views(list: &[SourceRef]) -> Cow<'static, [SourceView<'static>]> {
    sources(list)
}

/// Layer 0 references for ids, deduplicated, in the order given; unknown ids are
/// left out (`kompas check` reports them).
pub(crate) fn trace_refs<'a>(
    kb: &Kb,
    ids: impl IntoIterator<Item = &'a String>,
    lang: Lang,
) -> Vec<TraceRef<'static>> {
    let mut seen = HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(id.as_str()))
        .filter_map(|id| kb.layer0_item(id))
        .map(|item| TraceRef {
            id: txt(&item.id),
            kind: item.kind,
            title: local(&item.title, lang),
        })
        .collect()
}

fn priority_rank(p: QuestionPriority) -> u8 {
    match p {
        QuestionPriority::Critical => 0,
        QuestionPriority::Important => 1,
        QuestionPriority::CanWait => 2,
    }
}

impl Texts {
    fn new(kb: &Kb, compiled: &Compiled, leaves: &[PLeaf], lang: Lang) -> Texts {
        let kb_ref = KbRef {
            id: txt(&kb.meta.id),
            version: txt(&kb.meta.version),
            digest: txt(&kb.digest),
            title: local(&kb.meta.title, lang),
            reference: Some(txt(&kb.reference_name(lang.code()))),
        };
        let mut questions: Vec<(usize, OpenQuestionView)> = kb
            .open_questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                (
                    i,
                    OpenQuestionView {
                        id: txt(&q.id),
                        text: local(&q.text, lang),
                        blocking: q.blocking,
                        priority: q.priority,
                        decide_by: local_opt(q.decide_by.as_ref(), lang),
                        default_assumption: local_opt(q.default_assumption.as_ref(), lang),
                        decisions: q.affects.iter().map(|a| txt(a.target())).collect(),
                        input: kb
                            .inputs
                            .iter()
                            .find(|i| i.answers_question.as_deref() == Some(q.id.as_str()))
                            .map(|i| txt(&i.id)),
                        blocks: Vec::new(),
                        generated: false,
                    },
                )
            })
            .collect();
        // Blocking first, then by priority, then in KB order.
        questions.sort_by_key(|(i, q)| (!q.blocking, priority_rank(q.priority), *i));
        let ranked = questions;
        // The questions that affect `id`: with `option`, also those limited to
        // that option; without, only those that hold for every option.
        let affecting_option = |id: &str, option: Option<&str>| -> Vec<OpenQuestionView<'static>> {
            ranked
                .iter()
                .filter(|(i, _)| {
                    kb.open_questions[*i].affects.iter().any(|a| {
                        a.target() == id
                            && (a.options().is_empty()
                                || option.is_some_and(|o| a.options().iter().any(|x| x == o)))
                    })
                })
                .map(|(_, q)| q.clone())
                .collect()
        };
        let affecting = |id: &str| affecting_option(id, None);
        let practice_view = |p: &kompas_kb::Practice| PracticeView {
            capability: local(&p.capability, lang),
            technique: local(&p.technique, lang),
            rationale: local(&p.rationale, lang),
            tools: p.tools.iter().map(|t| txt(t)).collect(),
        };
        let chain_view = |c: &kompas_kb::Chain| ChainView {
            business: local(&c.business, lang),
            technical: local(&c.technical, lang),
            capability: local(&c.capability, lang),
            tooling: local(&c.tooling, lang),
        };
        let facts = facts(kb, compiled, lang);
        let consistency = compiled
            .consistency
            .iter()
            .map(|k| findings::for_consistency(&kb.consistency[k.index], lang))
            .collect();
        let questions: Vec<OpenQuestionView> = ranked.iter().map(|(_, q)| q.clone()).collect();
        let blocking = questions
            .iter()
            .filter(|q| q.blocking)
            .map(|q| q.id.clone())
            .collect();

        let decisions: Vec<PDecision> = kb
            .decisions
            .iter()
            .zip(&compiled.decisions)
            .map(|(d, cd)| {
                let rules: Vec<PRule> = cd
                    .rules
                    .iter()
                    .map(|r| {
                        let rule = &d.rules[r.index];
                        let mut derived = Vec::new();
                        if r.default {
                            for other in d.rules.iter().filter(|o| !o.default) {
                                named_facts(kb, compiled, other.when.as_ref(), &mut derived);
                            }
                        } else {
                            named_facts(kb, compiled, rule.when.as_ref(), &mut derived);
                        }
                        PRule {
                            id: txt(&rule.id),
                            because: local(&rule.because, lang),
                            condition: (!r.default).then(|| txt(&condition_text(&r.pred, leaves))),
                            source: rule.source.as_deref().map(txt),
                            priority: r.priority,
                            default: r.default,
                            option: r.option,
                            findings: findings::for_rule(kb, d, r.option, &rule.because, lang),
                            notes: rule.notes.iter().map(|n| local(&n.text, lang)).collect(),
                            derived: derived.into_iter().map(txt).collect(),
                        }
                    })
                    .collect();
                let options = d
                    .options
                    .iter()
                    .enumerate()
                    .map(|(oi, o)| {
                        let own_rules: Vec<usize> = rules
                            .iter()
                            .enumerate()
                            .filter(|(_, r)| r.option == Some(oi))
                            .map(|(i, _)| i)
                            .collect();
                        let conditions: Vec<&str> = own_rules
                            .iter()
                            .map(|r| {
                                rules[*r]
                                    .condition
                                    .as_deref()
                                    .unwrap_or(if lang == Lang::Nl {
                                        "geen andere regel is van toepassing"
                                    } else {
                                        "no other rule applies"
                                    })
                            })
                            .collect();
                        let condition = match conditions.len() {
                            0 => None,
                            1 => Some(txt(conditions[0])),
                            _ => Some(txt(&conditions
                                .iter()
                                .map(|c| {
                                    if c.contains(" and ") || c.contains(" or ") {
                                        format!("({c})")
                                    } else {
                                        (*c).to_owned()
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(" or "))),
                        };
                        let superseded = o.superseded.as_ref().map(|s| {
                            let by_title = d
                                .options
                                .iter()
                                .find(|x| x.id == s.by)
                                .map_or_else(|| txt(&s.by), |x| local(&x.title, lang));
                            SupersededView {
                                by: txt(&s.by),
                                by_title,
                                reason: local(&s.reason, lang),
                                principles: trace_refs(kb, &s.principles, lang).into(),
                                since: s.since.as_deref().map(txt),
                                sources: sources(&s.sources),
                            }
                        });
                        let tradeoffs = kb
                            .tradeoffs
                            .iter()
                            .filter(|t| {
                                t.applies_to.iter().any(|a| {
                                    a.decision == d.id
                                        && (a.options.is_empty() || a.options.contains(&o.id))
                                })
                            })
                            .map(|t| TradeoffView {
                                id: txt(&t.id),
                                title: local(&t.title, lang),
                                favours: trace_refs(kb, &t.favours, lang).into(),
                                over: trace_refs(kb, &t.over, lang).into(),
                                resolution: local(&t.resolution, lang),
                                rationale: local(&t.rationale, lang),
                                scope: local_opt(t.scope.as_ref(), lang),
                            })
                            .collect();
                        POption {
                            id: txt(&o.id),
                            title: local(&o.title, lang),
                            rationale: local(&o.rationale, lang),
                            tools: o.tools.iter().map(|t| txt(t)).collect(),
                            pros: o.pros.iter().map(|t| local(t, lang)).collect(),
                            cons: o.cons.iter().map(|t| local(t, lang)).collect(),
                            why_not: local_opt(o.why_not.as_ref(), lang),
                            seed_choice: o.case_choice,
                            superseded,
                            traces: trace_refs(kb, d.traces_to.iter().chain(&o.serves), lang),
                            tradeoffs,
                            chain: o.chain.as_ref().or(d.chain.as_ref()).map(chain_view),
                            questions: affecting_option(&d.id, Some(&o.id)),
                            practices: d
                                .practices
                                .iter()
                                .filter(|p| p.options.is_empty() || p.options.contains(&o.id))
                                .map(practice_view)
                                .collect(),
                            rules: own_rules,
                            condition,
                        }
                    })
                    .collect();
                PDecision {
                    id: txt(&d.id),
                    title: local(&d.title, lang),
                    question: local(&d.question, lang),
                    chain: d.chain.as_ref().map(chain_view),
                    questions: affecting(&d.id),
                    practices: d
                        .practices
                        .iter()
                        .filter(|p| p.options.is_empty())
                        .map(practice_view)
                        .collect(),
                    reads: cd.vars.iter().map(|v| txt(&compiled.vars[*v].id)).collect(),
                    options,
                    rules,
                }
            })
            .collect();

        let capabilities: Vec<PCapability> = kb
            .capabilities
            .iter()
            .map(|c| {
                let named = |list: &[kompas_kb::NamedCondition]| {
                    list.iter()
                        .map(|n| PNamed {
                            id: txt(&n.id),
                            text: local(&n.text, lang),
                        })
                        .collect::<Vec<_>>()
                };
                PCapability {
                    id: txt(&c.id),
                    title: local(&c.title, lang),
                    question: local(&c.question, lang),
                    complexity: c.complexity,
                    otherwise: c.otherwise,
                    exit_strategy: local_opt(c.exit_strategy.as_ref(), lang),
                    triggers: named(&c.triggers),
                    skip_if: named(&c.skip_if),
                    now_if: named(&c.now_if),
                    later_if: named(&c.later_if),
                    tools: c
                        .tools
                        .iter()
                        .map(|t| PCapTool {
                            id: txt(&t.id),
                            title: local(&t.title, lang),
                            tools: t.tools.iter().map(|x| txt(x)).collect(),
                            use_when: local(&t.use_when, lang),
                            findings: findings::for_capability_tool(kb, c, t, lang),
                        })
                        .collect(),
                    default_tool: c.tools.iter().position(|t| t.default),
                    traces: trace_refs(kb, &c.traces_to, lang),
                    questions: affecting(&c.id),
                }
            })
            .collect();

        // Each decision has one deciding rule, each capability at most one tool.
        let per_decision = decisions
            .iter()
            .map(|d| d.rules.iter().map(|r| r.findings.len()).max().unwrap_or(0));
        let per_capability = capabilities
            .iter()
            .map(|c| c.tools.iter().map(|t| t.findings.len()).max().unwrap_or(0));
        let max_findings =
            per_decision.chain(per_capability).sum::<usize>() + compiled.consistency.len();
        let areas = kb
            .areas
            .iter()
            .map(|a| AreaView {
                id: txt(&a.id),
                title: local(&a.title, lang),
                help: local_opt(a.help.as_ref(), lang),
                decisions: a.decisions.iter().map(|d| txt(d)).collect(),
            })
            .collect();
        let inputs = compiled
            .var_input
            .iter()
            .map(|&i| {
                let input = &kb.inputs[i];
                PInput {
                    question: local(&input.question, lang),
                    labels: input
                        .values
                        .iter()
                        .map(|v| {
                            v.label
                                .as_ref()
                                .map_or_else(|| txt(&v.id), |l| local(l, lang))
                        })
                        .collect(),
                    answers_question: input.answers_question.as_deref().map(txt),
                    states: statements(&input.states, lang),
                }
            })
            .collect();
        Texts {
            kb: kb_ref,
            inputs,
            facts,
            consistency,
            decisions,
            capabilities,
            open_questions: questions,
            blocking,
            areas,
            max_findings,
        }
    }
}

/// The boolean and enum derived facts of the KB, shaped for output.
fn facts(kb: &Kb, compiled: &Compiled, lang: Lang) -> Vec<Option<PFact>> {
    kb.derived
        .iter()
        .zip(&compiled.derived)
        .map(|(d, c)| {
            let c = c.as_ref()?;
            let mut reads = Vec::new();
            c.for_each_var(&mut |v| reads.push(v));
            reads.sort_unstable();
            reads.dedup();
            let (values, case_because, otherwise_because) = match c {
                CompiledDerived::SameAs(_) => return None,
                CompiledDerived::When(_) => (
                    Vec::new(),
                    vec![local_opt(d.because.as_ref(), lang)],
                    local_opt(d.because_not.as_ref(), lang),
                ),
                CompiledDerived::Enum { values, .. } => (
                    values.iter().map(|v| txt(v)).collect(),
                    d.cases
                        .iter()
                        .map(|x| local_opt(x.because.as_ref(), lang))
                        .collect(),
                    local_opt(d.otherwise_because.as_ref(), lang),
                ),
            };
            Some(PFact {
                id: txt(&d.id),
                description: local(&d.description, lang),
                source: d.source.as_deref().map(txt),
                inputs: reads.iter().map(|v| txt(&compiled.vars[*v].id)).collect(),
                values,
                case_because,
                otherwise_because,
                states: statements(&d.states, lang),
            })
        })
        .collect()
}

/// Adds the ids of the boolean and enum derived facts a condition names.
fn named_facts<'k>(
    kb: &'k Kb,
    compiled: &Compiled,
    c: Option<&'k Condition>,
    out: &mut Vec<&'k str>,
) {
    let Some(c) = c else { return };
    for child in c.all.iter().chain(&c.any).flatten() {
        named_facts(kb, compiled, Some(child), out);
    }
    if let Some(inner) = &c.not {
        named_facts(kb, compiled, Some(inner), out);
    }
    if let Some(name) = &c.input {
        let reasoned = kb
            .derived
            .iter()
            .position(|d| &d.id == name)
            .and_then(|i| compiled.derived.get(i)?.as_ref())
            .is_some_and(|d| !matches!(d, CompiledDerived::SameAs(_)));
        if reasoned && !out.contains(&name.as_str()) {
            out.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(text: &str, negated: &str) -> PLeaf {
        PLeaf {
            input: txt("x"),
            name: None,
            text: txt(text),
            negated: txt(negated),
            var: 0,
            subject: LeafSubject::Input,
        }
    }

    #[test]
    fn negations_read_as_statements() {
        let bool_true = Pred::InMask {
            var: 0,
            mask: 0b10,
            leaf: 0,
        };
        assert_eq!(
            negate(&bool_true, "calico_expertise", &Domain::Bool).unwrap(),
            "calico_expertise is false"
        );
        let exp = Domain::Enum(vec!["none".into(), "basic".into(), "expert".into()]);
        let none = Pred::InMask {
            var: 0,
            mask: 0b001,
            leaf: 0,
        };
        assert_eq!(
            negate(&none, "kubernetes_experience", &exp).unwrap(),
            "kubernetes_experience is basic or expert"
        );
        let gt = Pred::Int {
            var: 0,
            op: IntOp::Gt,
            rhs: 5,
            leaf: 0,
        };
        assert_eq!(
            negate(&gt, "service_count", &Domain::Int { min: 1, max: 99 }).unwrap(),
            "service_count <= 5"
        );
        let set = Domain::Set(vec!["GDPR".into(), "PCI-DSS".into()]);
        let any = Pred::Intersects {
            var: 0,
            mask: 0b11,
            leaf: 0,
        };
        assert_eq!(
            negate(&any, "compliance", &set).unwrap(),
            "compliance includes none of GDPR, PCI-DSS"
        );
        let one = Pred::Intersects {
            var: 0,
            mask: 0b10,
            leaf: 0,
        };
        assert_eq!(
            negate(&one, "compliance", &set).unwrap(),
            "compliance does not include PCI-DSS"
        );
    }

    #[test]
    fn conditions_read_with_de_morgan_and_parentheses() {
        let leaves = [leaf("a", "not a"), leaf("b", "not b"), leaf("c", "not c")];
        let l = |i| Pred::InMask {
            var: 0,
            mask: 1,
            leaf: i,
        };
        let pred = Pred::All(vec![l(0), Pred::Any(vec![l(1), l(2)].into())].into());
        assert_eq!(condition_text(&pred, &leaves), "a and (b or c)");
        let negated = Pred::Not(Box::new(Pred::Any(vec![l(0), l(1)].into())));
        assert_eq!(condition_text(&negated, &leaves), "not a and not b");
        assert_eq!(condition_text(&Pred::True, &leaves), "always");
    }
}
