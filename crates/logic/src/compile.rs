//! Compilation: a loaded [`Kb`] -> [`Compiled`], the form the checker and the
//! engine work on.
//!
//! Conditions are resolved against the inputs (derived facts are inlined, so
//! every predicate reads base inputs only), decisions' rules are ordered by
//! priority, and each decision gets its decision table over the classes of the
//! variables it reads. Anything that cannot be compiled becomes a
//! [`CompileIssue`] with the JSON pointer of the offending node; compilation
//! goes on, so every issue is reported at once.

use std::collections::HashMap;

use kompas_kb::diag::suggest;
use kompas_kb::{Condition, InputType, Kb, Origin, Scalar};

use crate::pred::{IntOp, Leaf, Pred};
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
    /// The default profile, encoded.
    pub defaults: Vec<i64>,
    /// Problems found.
    pub issues: Vec<CompileIssue>,
}

/// Largest decision table built; beyond it flips and exhaustive analysis are skipped
/// for that decision (and the checker says so).
pub const MAX_TABLE: usize = 1 << 18;

/// Most table cells built for a whole KB, in decision order: the work of
/// compiling, of `kompas check`'s analysis and of one assessment's flips is
/// proportional to it. Decisions past it get no table (the checker says so).
/// The built-in KB uses 550.
pub const MAX_KB_CELLS: usize = 1 << 20;

struct Compiler<'k> {
    kb: &'k Kb,
    vars: Vec<Var>,
    var_index: HashMap<String, usize>,
    derived_index: HashMap<&'k str, usize>,
    derived: Vec<Option<CompiledDerived>>,
    derived_state: Vec<u8>, // 0 = todo, 1 = in progress, 2 = done
    leaves: Vec<Leaf>,
    issues: Vec<CompileIssue>,
}

/// Compiles a KB. Never fails: problems are collected in [`Compiled::issues`].
pub fn compile(kb: &Kb) -> Compiled {
    let mut c = Compiler {
        kb,
        vars: Vec::new(),
        var_index: HashMap::new(),
        derived_index: kb
            .derived
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect(),
        derived: vec![None; kb.derived.len()],
        derived_state: vec![0; kb.derived.len()],
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
        c.derived_fact(i);
    }

    let mut decisions = Vec::new();
    for (index, d) in kb.decisions.iter().enumerate() {
        let mut rules = Vec::new();
        for (ri, r) in d.rules.iter().enumerate() {
            let option = d.options.iter().position(|o| o.id == r.choose);
            let pred = match (&r.when, r.default) {
                (Some(w), _) => c.condition(w, &r.origin.child("when")),
                (None, true) => Pred::True,
                (None, false) => {
                    c.issues.push(CompileIssue {
                        code: "K0304",
                        message: format!(
                            "rule `{}` has no `when`; only the default rule may leave it out",
                            r.id
                        ),
                        origin: r.origin.clone(),
                        help: Some("add `when:` or mark the rule `default: true`".into()),
                    });
                    Pred::False
                }
            };
            rules.push(CompiledRule {
                index: ri,
                option,
                priority: r.priority,
                default: r.default,
                pred,
            });
        }
        // Stable sort keeps file order among equal priorities.
        rules.sort_by_key(|r| (r.default, std::cmp::Reverse(r.priority)));
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
        let tools = cap
            .tools
            .iter()
            .map(|t| {
                t.when
                    .as_ref()
                    .map(|w| c.condition(w, &t.origin.child("when")))
            })
            .collect();
        capabilities.push(CompiledCapability {
            index,
            triggers,
            skip_if,
            now_if,
            later_if,
            tools,
        });
    }

    // Class boundaries come from every predicate of the KB, so classes agree
    // between decisions, capabilities and derived facts.
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
        if let CompiledDerived::When(p) = d {
            p.register_boundaries(&mut vars);
        }
    }
    let defaults: Vec<i64> = vars.iter().map(|v| v.default).collect();

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
        issues: c.issues,
    }
}

impl Compiled {
    /// Evaluates a derived fact on a profile (`None` if it is invalid).
    pub fn derived_value(&self, index: usize, p: &[i64]) -> Option<serde_json::Value> {
        match self.derived.get(index)?.as_ref()? {
            CompiledDerived::When(pred) => Some(serde_json::Value::Bool(pred.eval(p))),
            CompiledDerived::SameAs(var) => Some(self.vars[*var].decode(p[*var])),
        }
    }
}

impl<'k> Compiler<'k> {
    fn issue(
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

    fn derived_fact(&mut self, i: usize) {
        match self.derived_state[i] {
            2 => return,
            1 => {
                let d = &self.kb.derived[i];
                self.issue(
                    "K0305",
                    &d.origin,
                    format!("derived fact `{}` depends on itself", d.id),
                    Some("break the cycle: a derived fact must rest on inputs".into()),
                );
                return;
            }
            _ => {}
        }
        self.derived_state[i] = 1;
        let d = &self.kb.derived[i];
        let compiled = match (&d.when, &d.same_as) {
            (Some(w), None) => Some(CompiledDerived::When(
                self.condition(w, &d.origin.child("when")),
            )),
            (None, Some(name)) => {
                match self.resolve_name(name, &d.origin.child("same_as")) {
                    Some(Resolved::Var(v)) => Some(CompiledDerived::SameAs(v)),
                    Some(Resolved::Fact(_)) => {
                        self.issue(
                        "K0305",
                        &d.origin.child("same_as"),
                        format!("`same_as: {name}` names a boolean derived fact; use `when` instead"),
                        None,
                    );
                        None
                    }
                    None => None,
                }
            }
            _ => {
                self.issue(
                    "K0305",
                    &d.origin,
                    format!(
                        "derived fact `{}` needs exactly one of `when` and `same_as`",
                        d.id
                    ),
                    None,
                );
                None
            }
        };
        self.derived[i] = compiled;
        self.derived_state[i] = 2;
    }

    fn resolve_name(&mut self, name: &str, origin: &Origin) -> Option<Resolved> {
        if let Some(&v) = self.var_index.get(name) {
            return Some(Resolved::Var(v));
        }
        if let Some(&di) = self.derived_index.get(name) {
            self.derived_fact(di);
            return match &self.derived[di] {
                Some(CompiledDerived::SameAs(v)) => Some(Resolved::Var(*v)),
                Some(CompiledDerived::When(p)) => Some(Resolved::Fact(p.clone())),
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

    fn condition(&mut self, c: &Condition, origin: &Origin) -> Pred {
        let forms = [
            c.all.is_some(),
            c.any.is_some(),
            c.not.is_some(),
            c.input.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if forms != 1 {
            self.issue(
                "K0304",
                origin,
                if forms == 0 {
                    "empty condition: expected one of `all`, `any`, `not` or `input`".into()
                } else {
                    "a condition node has exactly one of `all`, `any`, `not` or `input`; split it into `all: [...]`".into()
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
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(op, _)| *op)
        .collect();
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
            text,
            origin: origin.clone(),
        });
        pred
    }

    /// K0302: `given` is not one of the input's values.
    fn unknown_value(&mut self, at: &Origin, name: &str, given: &str, values: &[&str]) {
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
fn scalar_operands(c: &Condition) -> Vec<Scalar> {
    match (&c.equals, &c.in_) {
        (Some(v), _) => vec![v.clone()],
        (_, Some(list)) => list.clone(),
        _ => Vec::new(),
    }
}

/// Where the `i`th operand is written: list operators point at the element.
fn element_origin(op_origin: &Origin, op: &str, i: usize) -> Origin {
    if matches!(op, "in" | "contains_any") {
        op_origin.child(i)
    } else {
        op_origin.clone()
    }
}

enum Resolved {
    Var(usize),
    Fact(Pred),
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
