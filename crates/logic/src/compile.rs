//! Compilation: a loaded [`Kb`] -> [`Compiled`], the form the checker and the
//! engine work on.
//!
//! Conditions are resolved against the inputs: derived facts, other decisions'
//! recommendations and capabilities' tool picks are inlined, so every
//! predicate reads base inputs only. Decisions' rules are ordered by priority,
//! and each decision gets its decision table over the classes of the variables
//! it reads. Anything that cannot be compiled becomes a [`CompileIssue`] with
//! the JSON pointer of the offending node; compilation goes on, so every issue
//! is reported at once.
//!
//! Inlining follows references lazily, depth first, with a stack of the
//! definitions being compiled: a reference back into the stack is a cycle,
//! reported with its path (K0305 for derived facts alone, K0403 when a decision
//! or a capability is part of it).

use std::collections::HashMap;

use kompas_kb::diag::suggest;
use kompas_kb::{Condition, InputType, Kb, Origin, Scalar, Verdict};

use crate::inline::first_match;
use crate::pred::{IntOp, Leaf, LeafSubject, Pred, NO_VAR};
use crate::space::Space;
use crate::vars::{Domain, Var};

/// A problem found while compiling; the checker turns it into a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileIssue {
    /// Stable diagnostic code.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Where (a condition node or a field of it).
    pub origin: Origin,
    /// How to fix it.
    pub help: Option<String>,
}

/// A compiled rule of a decision.
#[derive(Debug, Clone)]
pub struct CompiledRule {
    /// Index in the decision's `rules`.
    pub index: usize,
    /// Index of the chosen option in the decision's `options` (`None` if dangling).
    pub option: Option<usize>,
    /// Priority (the default rule sorts last whatever its number).
    pub priority: i32,
    /// Whether this is the default rule.
    pub default: bool,
    /// The condition (`True` for the default rule).
    pub pred: Pred,
    /// The conditions of the rule's `notes`, in KB order (`False` if invalid).
    pub notes: Vec<Pred>,
}

/// A compiled decision.
#[derive(Debug, Clone)]
pub struct CompiledDecision {
    /// Index in [`Kb::decisions`].
    pub index: usize,
    /// Rules in evaluation order: priority descending, file order among equals, default last.
    pub rules: Vec<CompiledRule>,
    /// The variables the rules read, sorted.
    pub vars: Vec<usize>,
    /// Winner (index into `rules`) per cell of [`CompiledDecision::space`]; `u16::MAX` = no rule.
    pub table: Vec<u16>,
}

impl CompiledDecision {
    /// The index into `rules` of the rule that decides for this profile, if any.
    #[inline]
    pub fn decide(&self, p: &[i64]) -> Option<usize> {
        self.rules.iter().position(|r| r.pred.eval(p))
    }

    /// The space of this decision's variables.
    pub fn space<'a>(&'a self, compiled: &'a Compiled) -> Space<'a> {
        Space::new(&compiled.vars, &self.vars)
    }
}

/// A compiled named condition of a capability (trigger, skip-if, timing rule).
#[derive(Debug, Clone)]
pub struct CompiledNamed {
    /// `None` when the KB gives no `when`: it cannot be judged from a profile.
    pub pred: Option<Pred>,
}

/// A compiled Layer 2 capability.
#[derive(Debug, Clone)]
pub struct CompiledCapability {
    /// Index in [`Kb::capabilities`].
    pub index: usize,
    /// The verdict when nothing calls for it.
    pub otherwise: Verdict,
    /// The `default: true` tool choice.
    pub default_tool: Option<usize>,
    /// Triggers, in KB order.
    pub triggers: Vec<CompiledNamed>,
    /// Skip-if conditions.
    pub skip_if: Vec<CompiledNamed>,
    /// Now-if timing rules.
    pub now_if: Vec<CompiledNamed>,
    /// Later-if timing rules.
    pub later_if: Vec<CompiledNamed>,
    /// Tool `when` conditions, in KB order.
    pub tools: Vec<Option<Pred>>,
}

/// A derived fact, compiled.
#[derive(Debug, Clone)]
pub enum CompiledDerived {
    /// A boolean fact.
    When(Pred),
    /// Another name for this variable.
    SameAs(usize),
    /// An enum fact: the value of the first case that holds, else `otherwise`.
    Enum {
        /// The value ids.
        values: Vec<String>,
        /// The case conditions, in order.
        cases: Vec<Pred>,
        /// The value index of each case.
        case_values: Vec<usize>,
        /// The value index when no case holds.
        otherwise: usize,
    },
}

impl CompiledDerived {
    /// The dense value on a profile: 0/1 for a boolean fact, the value index
    /// for an enum fact, the variable's value for another name.
    #[inline]
    pub fn value(&self, p: &[i64]) -> i64 {
        match self {
            CompiledDerived::When(pred) => pred.eval(p) as i64,
            CompiledDerived::SameAs(var) => p[*var],
            CompiledDerived::Enum {
                cases,
                case_values,
                otherwise,
                ..
            } => cases
                .iter()
                .position(|c| c.eval(p))
                .map_or(*otherwise, |i| case_values[i]) as i64,
        }
    }

    /// For an enum fact, the index of the case that gives the value (`None`:
    /// `otherwise`); for a boolean fact, `Some(0)` when it holds.
    pub fn deciding_case(&self, p: &[i64]) -> Option<usize> {
        match self {
            CompiledDerived::When(pred) => pred.eval(p).then_some(0),
            CompiledDerived::SameAs(_) => None,
            CompiledDerived::Enum { cases, .. } => cases.iter().position(|c| c.eval(p)),
        }
    }

    /// Calls `f` with every variable the fact reads.
    pub fn for_each_var(&self, f: &mut impl FnMut(usize)) {
        match self {
            CompiledDerived::When(pred) => pred.for_each_var(f),
            CompiledDerived::SameAs(var) => f(*var),
            CompiledDerived::Enum { cases, .. } => cases.iter().for_each(|c| c.for_each_var(f)),
        }
    }
}

/// An input whose default is a derived fact (`default: {from: FACT}`).
#[derive(Debug, Clone)]
pub struct DerivedDefault {
    /// The input's variable.
    pub var: usize,
    /// The fact, by index in [`Kb::derived`].
    pub fact: usize,
    /// Fact value (0/1, or enum value index) -> the variable's dense value.
    pub map: Vec<i64>,
    /// The variables the fact reads, sorted.
    pub reads: Vec<usize>,
}

/// A consistency rule, compiled to the condition under which it is violated.
#[derive(Debug, Clone)]
pub struct CompiledConsistency {
    /// Index in [`Kb::consistency`].
    pub index: usize,
    /// Holds exactly for the profiles that break the rule.
    pub violation: Pred,
    /// The variables it reads, sorted.
    pub vars: Vec<usize>,
}

/// The compiled KB.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// One variable per input, in KB order (index = position in [`Kb::inputs`]
    /// for valid inputs; invalid inputs are left out and reported).
    pub vars: Vec<Var>,
    /// Input id -> variable index.
    pub var_index: HashMap<String, usize>,
    /// Index of each variable's input in [`Kb::inputs`].
    pub var_input: Vec<usize>,
    /// Derived facts, by index in [`Kb::derived`] (`None` if invalid).
    pub derived: Vec<Option<CompiledDerived>>,
    /// Every comparison, by leaf id.
    pub leaves: Vec<Leaf>,
    /// Decisions, by index in [`Kb::decisions`].
    pub decisions: Vec<CompiledDecision>,
    /// Capabilities, by index in [`Kb::capabilities`].
    pub capabilities: Vec<CompiledCapability>,
    /// The default profile, encoded (derived defaults computed).
    pub defaults: Vec<i64>,
    /// Inputs with a derived default, in dependency order (a default that reads
    /// another derived default comes after it).
    pub derived_defaults: Vec<DerivedDefault>,
    /// Per variable: its position in `derived_defaults`, if it has one.
    pub derived_default_of: Vec<Option<usize>>,
    /// Consistency rules that compiled.
    pub consistency: Vec<CompiledConsistency>,
    /// Problems found.
    pub issues: Vec<CompileIssue>,
}

/// Largest decision table built; beyond it flips and exhaustive analysis are skipped
/// for that decision (and the checker says so). The same budget bounds every
/// other enumeration of classes (effective-input flips, influence, consistency).
pub const MAX_TABLE: usize = 1 << 18;

/// Most table cells built for a whole KB, in decision order: the work of
/// compiling, of `kompas check`'s analysis and of one assessment's flips is
/// proportional to it. Decisions past it get no table (the checker says so).
/// The built-in KB uses 550.
pub const MAX_KB_CELLS: usize = 1 << 20;

/// Largest space the checker's one-off proofs (consistency rules, the
/// influence of every input) enumerate for one outcome. They run only when a
/// KB is checked or reloaded, never per assessment, so they may look further
/// than a decision table.
pub const MAX_PROOF_CELLS: usize = 1 << 20;

/// Largest predicate (in nodes) that inlining may build; a condition that would
/// grow beyond it is refused (K0304), so a KB cannot blow up memory.
pub const MAX_INLINED: usize = 1 << 16;

/// A definition that inlining compiles on demand; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    Derived(usize),
    Decision(usize),
    Tools(usize),
}

/// Compilation state of a [`Node`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Todo,
    InProgress,
    Done,
}

pub(crate) struct Compiler<'k> {
    pub kb: &'k Kb,
    pub vars: Vec<Var>,
    pub var_index: HashMap<String, usize>,
    pub derived_index: HashMap<&'k str, usize>,
    pub decision_index: HashMap<&'k str, usize>,
    pub capability_index: HashMap<&'k str, usize>,
    pub derived: Vec<Option<CompiledDerived>>,
    pub derived_state: Vec<State>,
    /// Rules per decision in evaluation order, once compiled.
    pub decision_rules: Vec<Option<Vec<CompiledRule>>>,
    pub decision_state: Vec<State>,
    /// Tool conditions per capability, once compiled.
    pub cap_tools: Vec<Option<Vec<Option<Pred>>>>,
    pub tools_state: Vec<State>,
    /// The definitions being compiled, outermost first.
    pub stack: Vec<Node>,
    pub leaves: Vec<Leaf>,
    pub issues: Vec<CompileIssue>,
}

/// Id -> first position; duplicates are reported by the checker.
fn index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

/// Compiles a KB. Never fails: problems are collected in [`Compiled::issues`].
pub fn compile(kb: &Kb) -> Compiled {
    let mut c = Compiler {
        kb,
        vars: Vec::new(),
        var_index: HashMap::new(),
        derived_index: index(kb.derived.iter().map(|d| d.id.as_str())),
        decision_index: index(kb.decisions.iter().map(|d| d.id.as_str())),
        capability_index: index(kb.capabilities.iter().map(|c| c.id.as_str())),
        derived: vec![None; kb.derived.len()],
        derived_state: vec![State::Todo; kb.derived.len()],
        decision_rules: vec![None; kb.decisions.len()],
        decision_state: vec![State::Todo; kb.decisions.len()],
        cap_tools: vec![None; kb.capabilities.len()],
        tools_state: vec![State::Todo; kb.capabilities.len()],
        stack: Vec::new(),
        leaves: Vec::new(),
        issues: Vec::new(),
    };
    let mut var_input = Vec::new();
    for (i, input) in kb.inputs.iter().enumerate() {
        if c.var_index.contains_key(&input.id) {
            continue; // duplicate ids are reported by the checker
        }
        match Var::from_input(input) {
            Ok(var) => {
                c.var_index.insert(input.id.clone(), c.vars.len());
                c.vars.push(var);
                var_input.push(i);
            }
            Err(message) => c.issues.push(CompileIssue {
                code: "K0306",
                message: format!("input `{}` cannot be used: {message}", input.id),
                origin: input.origin.clone(),
                help: None,
            }),
        }
    }
    for i in 0..kb.derived.len() {
        c.derived_fact(i, None);
    }
    for i in 0..kb.decisions.len() {
        c.ensure_decision(i, None);
    }
    for i in 0..kb.capabilities.len() {
        c.ensure_tools(i, None);
    }

    let mut decisions = Vec::new();
    for (index, d) in kb.decisions.iter().enumerate() {
        // Cloned, not taken: later conditions (notes, triggers, consistency
        // rules) may still inline this decision.
        let mut rules = c.decision_rules[index].clone().unwrap_or_default();
        // Notes are compiled after every decision, outside the inlining stack:
        // a note may name any outcome, its own decision's included.
        for r in &mut rules {
            let rule = &d.rules[r.index];
            r.notes = rule
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    c.condition(&n.when, &rule.origin.child("notes").child(i).child("when"))
                })
                .collect();
        }
        let mut vars = Vec::new();
        for r in &rules {
            r.pred.for_each_var(&mut |v| vars.push(v));
        }
        vars.sort_unstable();
        vars.dedup();
        decisions.push(CompiledDecision {
            index,
            rules,
            vars,
            table: Vec::new(),
        });
    }

    let mut capabilities = Vec::new();
    for (index, cap) in kb.capabilities.iter().enumerate() {
        let named = |c: &mut Compiler, list: &[kompas_kb::NamedCondition]| {
            list.iter()
                .map(|n| CompiledNamed {
                    pred: n
                        .when
                        .as_ref()
                        .map(|w| c.condition(w, &n.origin.child("when"))),
                })
                .collect::<Vec<_>>()
        };
        let triggers = named(&mut c, &cap.triggers);
        let skip_if = named(&mut c, &cap.skip_if);
        let now_if = named(&mut c, &cap.now_if);
        let later_if = named(&mut c, &cap.later_if);
        let tools = c.cap_tools[index].clone().unwrap_or_default();
        capabilities.push(CompiledCapability {
            index,
            otherwise: cap.otherwise,
            default_tool: cap.tools.iter().position(|t| t.default),
            triggers,
            skip_if,
            now_if,
            later_if,
            tools,
        });
    }
    let consistency = crate::consistency::compile(&mut c);

    // Class boundaries come from every predicate of the KB, so classes agree
    // between decisions, capabilities, derived facts and consistency rules.
    let mut vars = std::mem::take(&mut c.vars);
    for d in &decisions {
        for r in &d.rules {
            r.pred.register_boundaries(&mut vars);
        }
    }
    for cap in &capabilities {
        for n in cap
            .triggers
            .iter()
            .chain(&cap.skip_if)
            .chain(&cap.now_if)
            .chain(&cap.later_if)
        {
            if let Some(p) = &n.pred {
                p.register_boundaries(&mut vars);
            }
        }
        for p in cap.tools.iter().flatten() {
            p.register_boundaries(&mut vars);
        }
    }
    for d in c.derived.iter().flatten() {
        match d {
            CompiledDerived::When(p) => p.register_boundaries(&mut vars),
            CompiledDerived::Enum { cases, .. } => {
                cases.iter().for_each(|p| p.register_boundaries(&mut vars))
            }
            CompiledDerived::SameAs(_) => {}
        }
    }
    for k in &consistency {
        k.violation.register_boundaries(&mut vars);
    }
    vars.iter_mut().for_each(Var::finish);
    c.vars = vars;
    let (derived_defaults, derived_default_of) = crate::defaults::compile(&mut c, &var_input);
    let vars = std::mem::take(&mut c.vars);
    let mut defaults: Vec<i64> = vars.iter().map(|v| v.default).collect();
    for dd in &derived_defaults {
        if let Some(Some(fact)) = c.derived.get(dd.fact) {
            defaults[dd.var] = dd
                .map
                .get(fact.value(&defaults) as usize)
                .copied()
                .unwrap_or(0);
        }
    }

    let mut budget = MAX_KB_CELLS;
    for d in &mut decisions {
        let space = Space::new(&vars, &d.vars);
        if space.size() <= MAX_TABLE.min(budget) {
            budget -= space.size();
            let mut table = Vec::with_capacity(space.size());
            let mut profile = defaults.clone();
            space.for_each_cell(&mut profile, |p, _| {
                table.push(d.decide(p).map_or(u16::MAX, |i| i as u16));
            });
            d.table = table;
        }
    }

    Compiled {
        vars,
        var_index: c.var_index,
        var_input,
        derived: c.derived,
        leaves: c.leaves,
        decisions,
        capabilities,
        defaults,
        derived_defaults,
        derived_default_of,
        consistency,
        issues: c.issues,
    }
}

impl Compiled {
    /// Evaluates a derived fact on a profile (`None` if it is invalid).
    pub fn derived_value(&self, index: usize, p: &[i64]) -> Option<serde_json::Value> {
        let fact = self.derived.get(index)?.as_ref()?;
        Some(match fact {
            CompiledDerived::When(pred) => serde_json::Value::Bool(pred.eval(p)),
            CompiledDerived::SameAs(var) => self.vars[*var].decode(p[*var]),
            CompiledDerived::Enum { values, .. } => {
                serde_json::Value::String(values[fact.value(p) as usize].clone())
            }
        })
    }

    /// Computes the derived defaults of the inputs a profile did not give
    /// (`given(var)` is false), in dependency order. Allocation-free.
    #[inline]
    pub fn apply_derived_defaults(&self, values: &mut [i64], given: impl Fn(usize) -> bool) {
        for dd in &self.derived_defaults {
            if given(dd.var) {
                continue;
            }
            if let Some(Some(fact)) = self.derived.get(dd.fact) {
                let v = fact.value(values) as usize;
                values[dd.var] = dd.map.get(v).copied().unwrap_or(values[dd.var]);
            }
        }
    }

    /// The derived default of a variable, if it has one.
    pub fn derived_default(&self, var: usize) -> Option<&DerivedDefault> {
        self.derived_default_of
            .get(var)
            .copied()
            .flatten()
            .map(|i| &self.derived_defaults[i])
    }
}

impl<'k> Compiler<'k> {
    pub(crate) fn issue(
        &mut self,
        code: &'static str,
        origin: &Origin,
        message: String,
        help: Option<String>,
    ) {
        self.issues.push(CompileIssue {
            code,
            message,
            origin: origin.clone(),
            help,
        });
    }

    /// Enters a definition: `false` (and the cycle reported) when it is already
    /// being compiled.
    fn enter(&mut self, node: Node, at: Option<&Origin>) -> bool {
        let state = match node {
            Node::Derived(i) => self.derived_state[i],
            Node::Decision(i) => self.decision_state[i],
            Node::Tools(i) => self.tools_state[i],
        };
        if state == State::InProgress {
            self.cycle(node, at);
            return false;
        }
        self.set_state(node, State::InProgress);
        self.stack.push(node);
        true
    }

    fn leave(&mut self, node: Node) {
        self.stack.pop();
        self.set_state(node, State::Done);
    }

    fn set_state(&mut self, node: Node, state: State) {
        match node {
            Node::Derived(i) => self.derived_state[i] = state,
            Node::Decision(i) => self.decision_state[i] = state,
            Node::Tools(i) => self.tools_state[i] = state,
        }
    }

    fn node_name(&self, node: Node) -> String {
        match node {
            Node::Derived(i) => format!("derived fact `{}`", self.kb.derived[i].id),
            Node::Decision(i) => format!("decision `{}`", self.kb.decisions[i].id),
            Node::Tools(i) => format!(
                "the tool pick of capability `{}`",
                self.kb.capabilities[i].id
            ),
        }
    }

    /// Reports a reference back into the stack of definitions being compiled.
    fn cycle(&mut self, node: Node, at: Option<&Origin>) {
        let from = self.stack.iter().position(|n| *n == node).unwrap_or(0);
        let mut path: Vec<Node> = self.stack[from..].to_vec();
        path.push(node);
        if path.iter().all(|n| matches!(n, Node::Derived(_))) {
            let Node::Derived(i) = node else { return };
            let d = &self.kb.derived[i];
            self.issue(
                "K0305",
                &d.origin,
                format!("derived fact `{}` depends on itself", d.id),
                Some("break the cycle: a derived fact must rest on inputs".into()),
            );
            return;
        }
        let names: Vec<String> = path.iter().map(|n| self.node_name(*n)).collect();
        let origin = at.cloned().unwrap_or_else(|| match node {
            Node::Derived(i) => self.kb.derived[i].origin.clone(),
            Node::Decision(i) => self.kb.decisions[i].origin.clone(),
            Node::Tools(i) => self.kb.capabilities[i].origin.clone(),
        });
        self.issue(
            "K0403",
            &origin,
            format!(
                "conditions on outcomes form a cycle: {}",
                names.join(" -> ")
            ),
            Some("an outcome cannot depend on itself: let one of them rest on inputs only".into()),
        );
    }

    fn derived_fact(&mut self, i: usize, at: Option<&Origin>) {
        if self.derived_state[i] == State::Done || !self.enter(Node::Derived(i), at) {
            return;
        }
        let d = &self.kb.derived[i];
        let enum_form = !d.values.is_empty() || !d.cases.is_empty() || d.otherwise.is_some();
        let forms = [d.when.is_some(), d.same_as.is_some(), enum_form];
        let compiled = match (forms.iter().filter(|f| **f).count(), &d.when, &d.same_as) {
            (1, Some(w), _) => Some(CompiledDerived::When(
                self.condition(w, &d.origin.child("when")),
            )),
            (1, _, Some(name)) => match self.resolve_name(name, &d.origin.child("same_as")) {
                Some(Resolved::Var(v)) => Some(CompiledDerived::SameAs(v)),
                Some(Resolved::Fact(_) | Resolved::EnumFact(_)) => {
                    self.issue(
                        "K0305",
                        &d.origin.child("same_as"),
                        format!("`same_as: {name}` names a derived fact with its own reasoning, not an input; name that fact in conditions directly"),
                        None,
                    );
                    None
                }
                None => None,
            },
            (1, _, _) => crate::defaults::enum_fact(self, i),
            _ => {
                self.issue(
                    "K0305",
                    &d.origin,
                    format!(
                        "derived fact `{}` needs exactly one form: `when` (a boolean fact), `same_as` (another name), or `values` with `cases` and `otherwise` (an enum fact)",
                        d.id
                    ),
                    None,
                );
                None
            }
        };
        self.derived[i] = compiled;
        self.leave(Node::Derived(i));
    }

    /// Compiles the rules of decision `i` (once), in evaluation order.
    pub(crate) fn ensure_decision(&mut self, i: usize, at: Option<&Origin>) {
        if self.decision_state[i] == State::Done || !self.enter(Node::Decision(i), at) {
            return;
        }
        let d = &self.kb.decisions[i];
        let mut rules = Vec::new();
        for (ri, r) in d.rules.iter().enumerate() {
            let option = d.options.iter().position(|o| o.id == r.choose);
            let pred = match (&r.when, r.default) {
                (Some(w), _) => self.condition(w, &r.origin.child("when")),
                (None, true) => Pred::True,
                (None, false) => {
                    self.issue(
                        "K0304",
                        &r.origin,
                        format!(
                            "rule `{}` has no `when`; only the default rule may leave it out",
                            r.id
                        ),
                        Some("add `when:` or mark the rule `default: true`".into()),
                    );
                    Pred::False
                }
            };
            rules.push(CompiledRule {
                index: ri,
                option,
                priority: r.priority,
                default: r.default,
                pred,
                notes: Vec::new(),
            });
        }
        // Stable sort keeps file order among equal priorities.
        rules.sort_by_key(|r| (r.default, std::cmp::Reverse(r.priority)));
        self.decision_rules[i] = Some(rules);
        self.leave(Node::Decision(i));
    }

    /// Compiles the tool conditions of capability `i` (once).
    pub(crate) fn ensure_tools(&mut self, i: usize, at: Option<&Origin>) {
        if self.tools_state[i] == State::Done || !self.enter(Node::Tools(i), at) {
            return;
        }
        let cap = &self.kb.capabilities[i];
        let tools = cap
            .tools
            .iter()
            .map(|t| {
                t.when
                    .as_ref()
                    .map(|w| self.condition(w, &t.origin.child("when")))
            })
            .collect();
        self.cap_tools[i] = Some(tools);
        self.leave(Node::Tools(i));
    }

    pub(crate) fn resolve_name(&mut self, name: &str, origin: &Origin) -> Option<Resolved> {
        if let Some(&v) = self.var_index.get(name) {
            return Some(Resolved::Var(v));
        }
        if let Some(&di) = self.derived_index.get(name) {
            self.derived_fact(di, Some(origin));
            return match &self.derived[di] {
                Some(CompiledDerived::SameAs(v)) => Some(Resolved::Var(*v)),
                Some(CompiledDerived::When(p)) => Some(Resolved::Fact(p.clone())),
                Some(CompiledDerived::Enum { .. }) => Some(Resolved::EnumFact(di)),
                None => None,
            };
        }
        let candidates = self
            .kb
            .inputs
            .iter()
            .map(|i| i.id.as_str())
            .chain(self.kb.derived.iter().map(|d| d.id.as_str()));
        let help = suggest(name, candidates).map(|s| format!("did you mean `{s}`?"));
        self.issue(
            "K0301",
            origin,
            format!("`{name}` is not an input or a derived fact of this KB"),
            help,
        );
        None
    }

    pub(crate) fn condition(&mut self, c: &Condition, origin: &Origin) -> Pred {
        let forms = [
            c.all.is_some(),
            c.any.is_some(),
            c.not.is_some(),
            c.input.is_some(),
            c.decision.is_some(),
            c.capability.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if forms != 1 {
            self.issue(
                "K0304",
                origin,
                if forms == 0 {
                    "empty condition: expected one of `all`, `any`, `not`, `input`, `decision` or `capability`".into()
                } else {
                    "a condition node has exactly one of `all`, `any`, `not`, `input`, `decision` or `capability`; split it into `all: [...]`".into()
                },
                None,
            );
            return Pred::False;
        }
        if let Some(list) = &c.all {
            let children: Vec<Pred> = list
                .iter()
                .enumerate()
                .map(|(i, x)| self.condition(x, &origin.child("all").child(i)))
                .collect();
            return if children.is_empty() {
                Pred::True
            } else {
                Pred::All(children.into())
            };
        }
        if let Some(list) = &c.any {
            let children: Vec<Pred> = list
                .iter()
                .enumerate()
                .map(|(i, x)| self.condition(x, &origin.child("any").child(i)))
                .collect();
            return if children.is_empty() {
                Pred::False
            } else {
                Pred::Any(children.into())
            };
        }
        if let Some(inner) = &c.not {
            return Pred::Not(Box::new(self.condition(inner, &origin.child("not"))));
        }
        if c.decision.is_some() || c.capability.is_some() {
            return crate::outcome::condition(self, c, origin);
        }
        self.comparison(c, origin)
    }

    fn comparison(&mut self, c: &Condition, origin: &Origin) -> Pred {
        let name = c.input.as_deref().unwrap_or_default();
        let ops: Vec<&str> = [
            ("equals", c.equals.is_some()),
            ("in", c.in_.is_some()),
            ("gt", c.gt.is_some()),
            ("gte", c.gte.is_some()),
            ("lt", c.lt.is_some()),
            ("lte", c.lte.is_some()),
            ("contains", c.contains.is_some()),
            ("contains_any", c.contains_any.is_some()),
            ("is", c.is.is_some()),
            ("tool", c.tool.is_some()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(op, _)| *op)
        .collect();
        if let Some(op) = ops.iter().find(|op| matches!(**op, "is" | "tool")) {
            self.issue(
                "K0304",
                &origin.child(op),
                format!(
                    "`{op}` compares {}; a comparison on the input `{name}` uses equals, in, gt, gte, lt, lte, contains or contains_any",
                    if *op == "is" { "a decision's recommendation (`decision: ID, is: OPTION`)" } else { "a capability's tool pick (`capability: ID, tool: TOOL`)" }
                ),
                None,
            );
            return Pred::False;
        }
        if ops.len() != 1 {
            self.issue(
                "K0304",
                origin,
                format!(
                    "a comparison on `{name}` needs exactly one operator (equals, in, gt, gte, lt, lte, contains, contains_any); found {}",
                    if ops.is_empty() { "none".to_string() } else { ops.join(", ") }
                ),
                None,
            );
            return Pred::False;
        }
        let op = ops[0];
        let resolved = match self.resolve_name(name, &origin.child("input")) {
            Some(r) => r,
            None => return Pred::False,
        };
        let var = match resolved {
            Resolved::Fact(pred) => {
                // A boolean derived fact: only `equals: true|false` makes sense.
                return match &c.equals {
                    Some(Scalar::Bool(true)) => pred,
                    Some(Scalar::Bool(false)) => Pred::Not(Box::new(pred)),
                    _ => {
                        self.issue(
                            "K0303",
                            &origin.child(op),
                            format!("`{name}` is a boolean derived fact; compare it with `equals: true` or `equals: false`, not `{op}`"),
                            None,
                        );
                        Pred::False
                    }
                };
            }
            Resolved::EnumFact(di) => {
                return crate::defaults::enum_comparison(self, di, c, op, origin)
            }
            Resolved::Var(v) => v,
        };
        let input = &self.kb.inputs[self.var_input_index(var)];
        let kind = input.kind;
        let leaf = self.leaves.len();
        let op_origin = origin.child(op);
        let values: Vec<&str> = input.values.iter().map(|v| v.id.as_str()).collect();
        let pred = match (kind, op) {
            (InputType::Enum, "equals" | "in") | (InputType::Bool, "equals" | "in") => {
                let given = scalar_operands(c);
                let mut mask = 0u64;
                for (i, g) in given.iter().enumerate() {
                    let at = element_origin(&op_origin, op, i);
                    let index = match (kind, g) {
                        (InputType::Bool, Scalar::Bool(b)) => Some(*b as usize),
                        (InputType::Enum, Scalar::Str(s)) => {
                            match values.iter().position(|v| v == s) {
                                Some(i) => Some(i),
                                None => {
                                    self.unknown_value(&at, name, s, &values);
                                    None
                                }
                            }
                        }
                        _ => {
                            self.issue(
                                "K0303",
                                &at,
                                format!(
                                    "`{name}` is {}; `{g}` does not match its type",
                                    self.vars[var].domain.describe()
                                ),
                                None,
                            );
                            None
                        }
                    };
                    if let Some(i) = index {
                        mask |= 1 << i;
                    }
                }
                Pred::InMask { var, mask, leaf }
            }
            (InputType::Set, "contains" | "contains_any") => {
                let given: Vec<String> = match (&c.contains, &c.contains_any) {
                    (Some(v), _) => vec![v.clone()],
                    (_, Some(list)) => list.clone(),
                    _ => Vec::new(),
                };
                let mut mask = 0u64;
                for (i, s) in given.iter().enumerate() {
                    let at = element_origin(&op_origin, op, i);
                    match values.iter().position(|v| v == s) {
                        Some(i) => mask |= 1 << i,
                        None => self.unknown_value(&at, name, s, &values),
                    }
                }
                Pred::Intersects { var, mask, leaf }
            }
            (InputType::Integer, "gt" | "gte" | "lt" | "lte") => {
                let (op_kind, rhs) = match op {
                    "gt" => (IntOp::Gt, c.gt),
                    "gte" => (IntOp::Gte, c.gte),
                    "lt" => (IntOp::Lt, c.lt),
                    _ => (IntOp::Lte, c.lte),
                };
                Pred::Int {
                    var,
                    op: op_kind,
                    rhs: rhs.unwrap_or_default(),
                    leaf,
                }
            }
            (InputType::Integer, "equals" | "in") => {
                let given = scalar_operands(c);
                let mut ints = Vec::new();
                for (i, g) in given.iter().enumerate() {
                    let at = element_origin(&op_origin, op, i);
                    match g {
                        Scalar::Int(n) => ints.push(*n),
                        Scalar::Str(s) => match input.aliases.iter().find(|a| &a.alias == s) {
                            Some(a) => ints.push(a.value),
                            None => {
                                let aliases: Vec<&str> =
                                    input.aliases.iter().map(|a| a.alias.as_str()).collect();
                                self.issue(
                                    "K0302",
                                    &at,
                                    format!(
                                        "`{s}` is not a number or an alias of `{name}`{}",
                                        if aliases.is_empty() {
                                            String::new()
                                        } else {
                                            format!(" (aliases: {})", aliases.join(", "))
                                        }
                                    ),
                                    None,
                                );
                            }
                        },
                        Scalar::Bool(_) => self.issue(
                            "K0303",
                            &at,
                            format!("`{name}` is a whole number; `{g}` does not match its type"),
                            None,
                        ),
                    }
                }
                if ints.len() == 1 && op == "equals" {
                    Pred::Int {
                        var,
                        op: IntOp::Eq,
                        rhs: ints[0],
                        leaf,
                    }
                } else {
                    Pred::IntIn {
                        var,
                        values: ints.into(),
                        leaf,
                    }
                }
            }
            _ => {
                let allowed = match kind {
                    InputType::Enum => "equals, in",
                    InputType::Bool => "equals",
                    InputType::Set => "contains, contains_any",
                    InputType::Integer => "equals, in, gt, gte, lt, lte",
                };
                self.issue(
                    "K0303",
                    &op_origin,
                    format!(
                        "`{op}` does not apply to `{name}`, which is {}; use one of: {allowed}",
                        self.vars[var].domain.describe()
                    ),
                    None,
                );
                return Pred::False;
            }
        };
        let text = describe(name, &pred, &self.vars[var]);
        self.leaves.push(Leaf {
            name: name.to_owned(),
            var,
            subject: LeafSubject::Input,
            text,
            negated: None,
            origin: origin.clone(),
        });
        pred
    }

    /// Wraps an inlined outcome as one comparison for explanations; refuses one
    /// that grew beyond [`MAX_INLINED`].
    pub(crate) fn named_outcome(
        &mut self,
        pred: Pred,
        subject: LeafSubject,
        name: &str,
        text: String,
        negated: String,
        origin: &Origin,
    ) -> Pred {
        let size = pred.size();
        if size > MAX_INLINED {
            self.issue(
                "K0304",
                origin,
                format!("the condition on `{name}` is too large once the outcomes it names are inlined ({size} nodes, at most {MAX_INLINED})"),
                Some("name fewer decisions inside decisions, or simplify their rules".into()),
            );
            return Pred::False;
        }
        let leaf = self.leaves.len();
        self.leaves.push(Leaf {
            name: name.to_owned(),
            var: NO_VAR,
            subject,
            text,
            negated: Some(negated),
            origin: origin.clone(),
        });
        Pred::Ref {
            pred: Box::new(pred),
            leaf,
        }
    }

    /// K0302: `given` is not one of the input's values.
    pub(crate) fn unknown_value(&mut self, at: &Origin, name: &str, given: &str, values: &[&str]) {
        let help = suggest(given, values.iter().copied()).map(|x| format!("did you mean `{x}`?"));
        self.issue(
            "K0302",
            at,
            format!(
                "`{given}` is not a value of `{name}`; allowed: {}",
                values.join(", ")
            ),
            help,
        );
    }

    fn var_input_index(&self, var: usize) -> usize {
        let id = &self.vars[var].id;
        self.kb
            .inputs
            .iter()
            .position(|i| &i.id == id)
            .expect("every variable comes from an input")
    }
}

/// The values of an `equals` or `in` comparison, as a list.
pub(crate) fn scalar_operands(c: &Condition) -> Vec<Scalar> {
    match (&c.equals, &c.in_) {
        (Some(v), _) => vec![v.clone()],
        (_, Some(list)) => list.clone(),
        _ => Vec::new(),
    }
}

/// Where the `i`th operand is written: list operators point at the element.
pub(crate) fn element_origin(op_origin: &Origin, op: &str, i: usize) -> Origin {
    if matches!(op, "in" | "contains_any") {
        op_origin.child(i)
    } else {
        op_origin.clone()
    }
}

pub(crate) enum Resolved {
    Var(usize),
    Fact(Pred),
    EnumFact(usize),
}

/// "a, b or c" / "neither a nor b" helpers for outcome texts.
pub(crate) fn or_list(items: &[&str]) -> String {
    match items {
        [] => "nothing".into(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// First-match predicate over a list, see [`crate::inline::first_match`].
pub(crate) fn first_of(branches: Vec<(Pred, bool)>, fallback: bool) -> Pred {
    first_match(branches, fallback)
}

/// A comparison in words.
fn describe(name: &str, pred: &Pred, var: &Var) -> String {
    let names = |mask: u64, values: &[String]| -> Vec<String> {
        values
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, v)| v.clone())
            .collect()
    };
    match (pred, &var.domain) {
        (Pred::InMask { mask, .. }, Domain::Bool) => match mask {
            0b10 => format!("{name} is true"),
            0b01 => format!("{name} is false"),
            _ => format!("{name} is true or false"),
        },
        (Pred::InMask { mask, .. }, Domain::Enum(values)) => {
            format!("{name} is {}", names(*mask, values).join(" or "))
        }
        (Pred::Intersects { mask, .. }, Domain::Set(values)) => {
            let n = names(*mask, values);
            if n.len() == 1 {
                format!("{name} includes {}", n[0])
            } else {
                format!("{name} includes any of {}", n.join(", "))
            }
        }
        (Pred::Int { op, rhs, .. }, _) => {
            let sym = match op {
                IntOp::Gt => ">",
                IntOp::Gte => ">=",
                IntOp::Lt => "<",
                IntOp::Lte => "<=",
                IntOp::Eq => "=",
            };
            format!("{name} {sym} {rhs}")
        }
        (Pred::IntIn { values, .. }, _) => format!(
            "{name} is one of {}",
            values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => name.to_owned(),
    }
}
