//! Variables: the KB's inputs as a dense, typed vector, and their finite partitions.
//!
//! A profile is a `Vec<i64>` indexed by variable: an enum holds the index of
//! its value, a set a bitmask of its values, a bool 0 or 1, an integer itself.
//! Every comparison the KB makes splits a variable's domain into classes; values
//! within a class are indistinguishable to every condition, so analysis and
//! flips only ever need one representative per class.
//!
//! A set is only ever tested through a few *atoms* (`contains X`,
//! `contains_any [...]`: "the answer shares a member with this mask"). Its
//! classes are the distinct truth vectors of those atoms that some answer
//! has: members that no atom separates fall together, and a `contains_any`
//! over five frameworks makes two classes, not 32. The classes are listed
//! once ([`SetClasses`]), so finding, choosing and describing one is a
//! lookup.

use kompas_kb::{Input, InputType};
use serde_json::{json, Value};

/// The domain of one variable.
#[derive(Debug, Clone)]
pub enum Domain {
    /// One of these values (by index).
    Enum(Vec<String>),
    /// A subset of these values (bitmask; at most 63 values).
    Set(Vec<String>),
    /// A whole number in `min..=max`.
    Int {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// `false` (0) or `true` (1).
    Bool,
}

/// One variable: an input of the KB.
#[derive(Debug, Clone)]
pub struct Var {
    /// The input id.
    pub id: String,
    /// Its domain.
    pub domain: Domain,
    /// The fixed default, encoded (0 for a derived default, which is computed per profile).
    pub default: i64,
    /// Class boundaries (integers): a class starts at each boundary; sorted, unique.
    pub(crate) boundaries: Vec<i64>,
    /// Set members that some condition tests (bitmask); other members never matter.
    pub(crate) tested_members: u64,
    /// Set members that stand alone (`none`): a normalised answer never holds one.
    pub(crate) exclusive: u64,
    /// Sets: the distinct masks conditions test it with (see the module docs).
    pub(crate) atoms: Vec<u64>,
    /// Sets: the classes, once every condition is compiled ([`Var::finish`]);
    /// `None` when too many to list: then a class is a subset of the tested members.
    pub(crate) set_classes: Option<Box<SetClasses>>,
}

/// The most classes a set is refined into; past it (or past 64 atoms) its
/// classes are the subsets of its tested members, which is exact too.
pub const MAX_SET_CLASSES: usize = 1 << 12;

/// The classes of a set variable, in the order of their truth vectors.
#[derive(Debug, Clone)]
pub(crate) struct SetClasses {
    /// Per class, ascending: which atoms hold (bit `j` for `atoms[j]`).
    truth: Vec<u64>,
    /// Per class: the tested members an answer in it may hold (those whose
    /// atoms all hold in the class).
    allowed: Vec<u64>,
    /// Per class: the tested members of its answer with the fewest members
    /// (without an exclusive member when the class has such an answer).
    least: Vec<u64>,
}

impl Var {
    /// Builds a variable from an input. Fails (with a message) only for inputs the
    /// checker also rejects, e.g. a set with more than 63 values.
    pub fn from_input(input: &Input) -> Result<Var, String> {
        let values: Vec<String> = input.values.iter().map(|v| v.id.clone()).collect();
        let domain = match input.kind {
            InputType::Enum => {
                if values.is_empty() {
                    return Err("an enum input needs at least one value".into());
                }
                // Conditions hold enum values as a 64-bit mask.
                if values.len() > 64 {
                    return Err(format!(
                        "an enum input holds at most 64 values, not {}",
                        values.len()
                    ));
                }
                Domain::Enum(values)
            }
            InputType::Set => {
                if values.len() > 63 {
                    return Err(format!(
                        "a set input holds at most 63 values, not {}",
                        values.len()
                    ));
                }
                Domain::Set(values)
            }
            InputType::Integer => Domain::Int {
                min: input.min.unwrap_or(i64::MIN / 4),
                max: input.max.unwrap_or(i64::MAX / 4),
            },
            InputType::Bool => Domain::Bool,
        };
        let mut var = Var {
            id: input.id.clone(),
            domain,
            default: 0,
            boundaries: Vec::new(),
            tested_members: 0,
            exclusive: input
                .values
                .iter()
                .enumerate()
                .filter(|(i, v)| v.exclusive && *i < 63)
                .fold(0, |acc, (i, _)| acc | 1 << i),
            atoms: Vec::new(),
            set_classes: None,
        };
        // A derived default is computed per profile; 0 (a valid enum index or
        // `false`) stands in until then.
        if let Some(value) = input.default.value() {
            var.default = var
                .encode(value)
                .map_err(|e| format!("default {value}: {e}"))?;
        }
        Ok(var)
    }

    /// Encodes a JSON value (already of the right shape) into the dense form.
    /// Strings for integers are not accepted here; aliases are resolved by the caller.
    pub fn encode(&self, value: &Value) -> Result<i64, String> {
        match (&self.domain, value) {
            (Domain::Enum(values), Value::String(s)) => values
                .iter()
                .position(|v| v == s)
                .map(|i| i as i64)
                .ok_or_else(|| format!("`{s}` is not one of: {}", values.join(", "))),
            (Domain::Set(values), Value::Array(items)) => {
                let mut mask = 0i64;
                for item in items {
                    let s = item
                        .as_str()
                        .ok_or_else(|| format!("set members are strings, found {item}"))?;
                    let i = values
                        .iter()
                        .position(|v| v == s)
                        .ok_or_else(|| format!("`{s}` is not one of: {}", values.join(", ")))?;
                    mask |= 1 << i;
                }
                Ok(mask)
            }
            (Domain::Int { min, max }, Value::Number(n)) => {
                let i = n
                    .as_i64()
                    .ok_or_else(|| format!("{n} is not a whole number"))?;
                if i < *min || i > *max {
                    return Err(format!("{i} is outside {min}..={max}"));
                }
                Ok(i)
            }
            (Domain::Bool, Value::Bool(b)) => Ok(*b as i64),
            (domain, other) => Err(format!("expected {}, found {other}", domain.describe())),
        }
    }

    /// Decodes a dense value back to JSON.
    pub fn decode(&self, value: i64) -> Value {
        match &self.domain {
            Domain::Enum(values) => json!(values.get(value as usize).cloned().unwrap_or_default()),
            Domain::Set(values) => Value::Array(
                values
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| value & (1 << i) != 0)
                    .map(|(_, v)| json!(v))
                    .collect(),
            ),
            Domain::Int { .. } => json!(value),
            Domain::Bool => json!(value != 0),
        }
    }

    /// Set variables: the members some condition tests (bit per value index).
    /// Bit `j` of a class number is the `j`-th of these members, lowest first.
    pub fn tested_members(&self) -> u64 {
        self.tested_members
    }

    /// Number of classes of this variable under the KB's comparisons.
    pub fn class_count(&self) -> usize {
        match &self.domain {
            Domain::Enum(values) => values.len(),
            Domain::Set(_) => match &self.set_classes {
                Some(sc) => sc.truth.len(),
                None => 1 << self.tested_members.count_ones(),
            },
            Domain::Int { min, max } => {
                1 + self
                    .boundaries
                    .iter()
                    .filter(|b| **b > *min && **b <= *max)
                    .count()
            }
            Domain::Bool => 2,
        }
    }

    /// The class a dense value falls in.
    pub fn class_of(&self, value: i64) -> usize {
        match &self.domain {
            Domain::Enum(_) | Domain::Bool => value as usize,
            Domain::Set(_) => match &self.set_classes {
                // Every answer's truth vector is listed (`finish` unites every block).
                Some(sc) => sc.truth.binary_search(&self.truth(value)).unwrap_or(0),
                None => compress(value as u64, self.tested_members) as usize,
            },
            Domain::Int { min, .. } => {
                // Boundaries above `min` start classes 1..; binary search counts them.
                let above_min = self.boundaries.iter().filter(|b| **b > *min);
                above_min.take_while(|b| **b <= value).count()
            }
        }
    }

    /// A representative dense value of a class. For sets it is near `base`:
    /// the members no condition tests are kept, and so are the tested members
    /// of `base` the class allows, adding the fewest members the class needs;
    /// so `representative(class_of(x), x) == x`.
    pub fn representative(&self, class: usize, base: i64) -> i64 {
        match &self.domain {
            Domain::Enum(_) | Domain::Bool => class as i64,
            Domain::Set(_) => {
                let untested = base & !(self.tested_members as i64);
                let tested = match &self.set_classes {
                    Some(sc) => {
                        let Some(&truth) = sc.truth.get(class) else {
                            return base;
                        };
                        let kept = base as u64 & sc.allowed[class];
                        if self.truth(kept as i64) == truth {
                            kept
                        } else {
                            kept | sc.least[class]
                        }
                    }
                    None => expand(class as u64, self.tested_members),
                };
                untested | tested as i64
            }
            Domain::Int { min, max } => match class {
                0 => *min,
                k => self
                    .boundaries
                    .iter()
                    .copied()
                    .filter(|b| *b > *min && *b <= *max)
                    .nth(k - 1)
                    .unwrap_or(*max),
            },
        }
    }

    /// The integer intervals of the classes, `(lo, hi)` inclusive.
    pub fn int_classes(&self) -> Vec<(i64, i64)> {
        let Domain::Int { min, max } = self.domain else {
            return Vec::new();
        };
        let mut starts = vec![min];
        starts.extend(
            self.boundaries
                .iter()
                .copied()
                .filter(|b| *b > min && *b <= max),
        );
        starts
            .iter()
            .enumerate()
            .map(|(i, lo)| (*lo, starts.get(i + 1).map_or(max, |next| next - 1)))
            .collect()
    }

    /// The class in words, e.g. `at most 5`, `6 to 10`, `GDPR but not PCI-DSS`.
    pub fn describe_class(&self, class: usize) -> String {
        match &self.domain {
            Domain::Enum(values) => values.get(class).cloned().unwrap_or_default(),
            Domain::Bool => (class != 0).to_string(),
            Domain::Int { min, max } => {
                let (lo, hi) = self.int_classes()[class];
                match (lo == *min, hi == *max) {
                    (true, true) => "any number".into(),
                    (true, false) => format!("at most {hi}"),
                    (false, true) => format!("at least {lo}"),
                    (false, false) if lo == hi => format!("{lo}"),
                    (false, false) => format!("{lo} to {hi}"),
                }
            }
            Domain::Set(values) => {
                let name = |i: usize| values[i].as_str();
                let Some(sc) = &self.set_classes else {
                    let tested = expand(class as u64, self.tested_members);
                    let with = members(tested, values.len()).map(name).collect::<Vec<_>>();
                    let without = members(self.tested_members & !tested, values.len())
                        .map(name)
                        .collect::<Vec<_>>();
                    return describe_members(&with.join(", "), &without);
                };
                let (Some(&truth), Some(&allowed)) = (sc.truth.get(class), sc.allowed.get(class))
                else {
                    return String::new();
                };
                // Per atom that holds: the members that make it hold here. An
                // atom whose members include another's is implied by it.
                let needs: Vec<u64> = (0..self.atoms.len())
                    .filter(|j| truth & (1 << j) != 0)
                    .map(|j| self.atoms[j] & allowed)
                    .collect();
                let mut kept: Vec<u64> = Vec::new();
                for (i, &n) in needs.iter().enumerate() {
                    let implied = needs
                        .iter()
                        .enumerate()
                        .any(|(j, &m)| m & !n == 0 && (m != n || j < i) && j != i);
                    if !implied {
                        kept.push(n);
                    }
                }
                let with: Vec<String> = kept
                    .iter()
                    .map(|&n| {
                        let list: Vec<&str> = members(n, values.len()).map(name).collect();
                        match list.len() {
                            1 => list[0].to_owned(),
                            _ => format!("any of {}", list.join(", ")),
                        }
                    })
                    .collect();
                let joiner = if kept.iter().all(|n| n.count_ones() == 1) {
                    ", "
                } else {
                    " and "
                };
                let with = with.join(joiner);
                let without: Vec<&str> = members(self.tested_members & !allowed, values.len())
                    .map(name)
                    .collect();
                describe_members(&with, &without)
            }
        }
    }

    /// Which atoms a set answer makes hold (bit `j` for `atoms[j]`).
    #[inline]
    fn truth(&self, value: i64) -> u64 {
        self.atoms
            .iter()
            .enumerate()
            .filter(|(_, a)| value as u64 & **a != 0)
            .fold(0, |acc, (j, _)| acc | 1 << j)
    }

    /// Registers a condition's test of a set: "shares a member with `mask`".
    pub(crate) fn add_atom(&mut self, mask: u64) {
        self.tested_members |= mask;
        if mask != 0 && !self.atoms.contains(&mask) {
            self.atoms.push(mask);
        }
    }

    /// Lists a set's classes once every condition has registered its atoms.
    /// A class is a union of *blocks* (the members in exactly the same atoms);
    /// they are found breadth first, so each class's `least` answer has the
    /// fewest members, and answers without an exclusive member come first.
    pub(crate) fn finish(&mut self) {
        self.set_classes = None;
        if !matches!(self.domain, Domain::Set(_)) || self.atoms.len() > 64 {
            return;
        }
        self.atoms.sort_unstable();
        // Per block: its atoms, its members, and the member that stands for
        // it (the lowest not exclusive) and whether that one is exclusive.
        let mut blocks: Vec<(u64, u64, u64, bool)> = Vec::new();
        for m in members(self.tested_members, 64) {
            let signature = self.truth(1 << m);
            let exclusive = self.exclusive & (1 << m) != 0;
            match blocks.iter_mut().find(|b| b.0 == signature) {
                Some(b) => {
                    b.1 |= 1 << m;
                    if b.3 && !exclusive {
                        (b.2, b.3) = (1 << m, false);
                    }
                }
                None => blocks.push((signature, 1 << m, 1 << m, exclusive)),
            }
        }
        let mut found: Vec<(u64, u64)> = vec![(0, 0)];
        let mut seen: std::collections::HashSet<u64> = [0].into();
        // First the answers a profile can have, then those with an exclusive member.
        for with_exclusive in [false, true] {
            let mut frontier: Vec<usize> = (0..found.len()).collect();
            while !frontier.is_empty() {
                let mut next = Vec::new();
                for at in frontier {
                    let (truth, least) = found[at];
                    for &(signature, _, member, exclusive) in &blocks {
                        let t = truth | signature;
                        if (exclusive && !with_exclusive) || !seen.insert(t) {
                            continue;
                        }
                        if found.len() == MAX_SET_CLASSES {
                            return;
                        }
                        next.push(found.len());
                        found.push((t, least | member));
                    }
                }
                frontier = next;
            }
        }
        found.sort_unstable();
        let allowed = found
            .iter()
            .map(|&(t, _)| {
                blocks
                    .iter()
                    .filter(|b| b.0 & !t == 0)
                    .fold(0, |acc, b| acc | b.1)
            })
            .collect();
        self.set_classes = Some(Box::new(SetClasses {
            truth: found.iter().map(|f| f.0).collect(),
            allowed,
            least: found.iter().map(|f| f.1).collect(),
        }));
    }

    pub(crate) fn add_boundary(&mut self, b: i64) {
        if let Err(i) = self.boundaries.binary_search(&b) {
            self.boundaries.insert(i, b);
        }
    }
}

impl Domain {
    /// The type in words, for messages.
    pub fn describe(&self) -> String {
        match self {
            Domain::Enum(values) => format!("one of: {}", values.join(", ")),
            Domain::Set(values) => format!("a list of: {}", values.join(", ")),
            Domain::Int { min, max } => format!("a whole number from {min} to {max}"),
            Domain::Bool => "true or false".into(),
        }
    }
}

/// The indices of the bits of `mask` below `n`, lowest first.
fn members(mask: u64, n: usize) -> impl Iterator<Item = usize> {
    (0..n.min(64)).filter(move |i| mask & (1 << i) != 0)
}

/// A set class in words: `includes GDPR but not SOC2`, `includes none of ...`.
fn describe_members(with: &str, without: &[&str]) -> String {
    match (with.is_empty(), without.is_empty()) {
        (false, true) => format!("includes {with}"),
        (true, false) => format!("includes none of {}", without.join(", ")),
        (false, false) => format!("includes {with} but not {}", without.join(", ")),
        (true, true) => "any".into(),
    }
}

/// Packs the bits of `value` selected by `mask` into the low bits.
fn compress(value: u64, mask: u64) -> u64 {
    let mut out = 0;
    let mut bit = 0;
    for i in 0..64 {
        if mask & (1 << i) != 0 {
            if value & (1 << i) != 0 {
                out |= 1 << bit;
            }
            bit += 1;
        }
    }
    out
}

/// The inverse of [`compress`].
fn expand(packed: u64, mask: u64) -> u64 {
    let mut out = 0;
    let mut bit = 0;
    for i in 0..64 {
        if mask & (1 << i) != 0 {
            if packed & (1 << bit) != 0 {
                out |= 1 << i;
            }
            bit += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_var(boundaries: &[i64]) -> Var {
        let mut v = Var {
            id: "n".into(),
            domain: Domain::Int { min: 1, max: 100 },
            default: 1,
            boundaries: Vec::new(),
            tested_members: 0,
            exclusive: 0,
            atoms: Vec::new(),
            set_classes: None,
        };
        for b in boundaries {
            v.add_boundary(*b);
        }
        v
    }

    #[test]
    fn integer_classes_follow_boundaries() {
        let v = int_var(&[6, 3]);
        assert_eq!(v.int_classes(), vec![(1, 2), (3, 5), (6, 100)]);
        assert_eq!(v.class_of(1), 0);
        assert_eq!(v.class_of(5), 1);
        assert_eq!(v.class_of(6), 2);
        assert_eq!(v.describe_class(0), "at most 2");
        assert_eq!(v.describe_class(1), "3 to 5");
        assert_eq!(v.describe_class(2), "at least 6");
    }

    #[test]
    fn set_classes_only_see_tested_members() {
        let mut v = Var {
            id: "c".into(),
            domain: Domain::Set(vec!["GDPR".into(), "PCI-DSS".into(), "SOC2".into()]),
            default: 0,
            boundaries: Vec::new(),
            tested_members: 0b101,
            exclusive: 0,
            atoms: Vec::new(),
            set_classes: None,
        };
        assert_eq!(v.class_count(), 4);
        // PCI-DSS (bit 1) is untested: it does not change the class.
        assert_eq!(v.class_of(0b010), 0);
        assert_eq!(v.class_of(0b001), 1);
        assert_eq!(v.class_of(0b100), 2);
        // Changing the class keeps the untested member.
        assert_eq!(v.representative(1, 0b010), 0b011);
        v.tested_members = 0b001;
        assert_eq!(v.describe_class(1), "includes GDPR");
    }

    fn set_var(values: &[&str], atoms: &[u64], exclusive: u64) -> Var {
        let mut v = Var {
            id: "c".into(),
            domain: Domain::Set(values.iter().map(|s| s.to_string()).collect()),
            default: 0,
            boundaries: Vec::new(),
            tested_members: 0,
            exclusive,
            atoms: Vec::new(),
            set_classes: None,
        };
        for a in atoms {
            v.add_atom(*a);
        }
        v.finish();
        v
    }

    #[test]
    fn set_classes_are_the_truth_vectors_of_the_atoms() {
        // GDPR; any framework; PCI-DSS, DORA or ISO 27001; GDPR or DORA (the
        // built-in KB's tests of its compliance set). PCI-DSS and ISO 27001
        // fall together, SOC 2 only counts as "some framework", and `none`
        // (exclusive) is never tested.
        let values = ["GDPR", "PCI-DSS", "SOC2", "DORA", "ISO27001", "none"];
        let v = set_var(
            &values,
            &[0b00001, 0b11111, 0b11010, 0b01001, 0b11111],
            0b100000,
        );
        assert_eq!(v.atoms.len(), 4, "duplicate atoms count once");
        assert_eq!(v.class_count(), 6);
        assert_eq!(v.class_of(0b00010), v.class_of(0b10000));
        assert_eq!(v.class_of(0b01000), v.class_of(0b11000));
        assert_ne!(v.class_of(0b00100), v.class_of(0b00000));
        // The untested exclusive member does not change the class.
        assert_eq!(v.class_of(0b100000), 0);
        // Every value of 5 tested members is in the class of its representative,
        // and a value is its own class's representative.
        for x in 0..1i64 << 6 {
            let c = v.class_of(x);
            assert_eq!(v.representative(c, x), x);
            for class in 0..v.class_count() {
                let r = v.representative(class, x);
                assert_eq!(v.class_of(r), class, "{x:b} into {class}: {r:b}");
                assert_eq!(r & 0b100000, x & 0b100000, "untested kept");
            }
        }
        let words: Vec<String> = (0..v.class_count()).map(|c| v.describe_class(c)).collect();
        assert_eq!(
            words,
            [
                "includes none of GDPR, PCI-DSS, SOC2, DORA, ISO27001",
                "includes SOC2 but not GDPR, PCI-DSS, DORA, ISO27001",
                "includes GDPR but not PCI-DSS, DORA, ISO27001",
                "includes any of PCI-DSS, ISO27001 but not GDPR, DORA",
                "includes DORA but not GDPR",
                "includes GDPR and any of PCI-DSS, DORA, ISO27001",
            ]
        );
    }

    #[test]
    fn a_set_class_prefers_answers_without_an_exclusive_member() {
        // `none` shares its atom with `a`: the class "the atom holds" is
        // represented by `a`, which a profile can hold.
        let v = set_var(&["a", "none"], &[0b11], 0b10);
        assert_eq!(v.class_count(), 2);
        assert_eq!(v.representative(1, 0), 0b01);
        // Tested alone, `none` makes a class no profile has.
        let v = set_var(&["a", "none"], &[0b01, 0b10], 0b10);
        assert_eq!(v.class_count(), 4);
        assert!((0..4).any(|c| v.representative(c, 0) & 0b10 != 0));
    }

    #[test]
    fn too_many_set_classes_fall_back_to_member_subsets() {
        let values: Vec<String> = (0..13).map(|i| format!("m{i}")).collect();
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        let atoms: Vec<u64> = (0..13).map(|i| 1 << i).collect();
        let v = set_var(&values, &atoms, 0);
        assert!(v.set_classes.is_none());
        assert_eq!(v.class_count(), 1 << 13);
        assert_eq!(v.class_of(0b101), 0b101);
    }
}
