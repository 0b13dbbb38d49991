//! Variables: the KB's inputs as a dense, typed vector, and their finite partitions.
//!
//! A profile is a `Vec<i64>` indexed by variable: an enum holds the index of
//! its value, a set a bitmask of its values, a bool 0 or 1, an integer itself.
//! Every comparison the KB makes splits a variable's domain into classes; values
//! within a class are indistinguishable to every condition, so analysis and
//! flips only ever need one representative per class.

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
            Domain::Set(_) => 1 << self.tested_members.count_ones(),
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
            Domain::Set(_) => compress(value as u64, self.tested_members) as usize,
            Domain::Int { min, .. } => {
                // Boundaries above `min` start classes 1..; binary search counts them.
                let above_min = self.boundaries.iter().filter(|b| **b > *min);
                above_min.take_while(|b| **b <= value).count()
            }
        }
    }

    /// A representative dense value of a class. For sets, `base` supplies the
    /// members that no condition tests, so changing a class keeps them.
    pub fn representative(&self, class: usize, base: i64) -> i64 {
        match &self.domain {
            Domain::Enum(_) | Domain::Bool => class as i64,
            Domain::Set(_) => {
                let untested = base & !(self.tested_members as i64);
                untested | expand(class as u64, self.tested_members) as i64
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
                let tested = expand(class as u64, self.tested_members);
                let mut with = Vec::new();
                let mut without = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    if self.tested_members & (1 << i) != 0 {
                        if tested & (1 << i) != 0 {
                            with.push(v.as_str());
                        } else {
                            without.push(v.as_str());
                        }
                    }
                }
                match (with.is_empty(), without.is_empty()) {
                    (false, true) => format!("includes {}", with.join(", ")),
                    (true, false) => format!("includes none of {}", without.join(", ")),
                    (false, false) => format!(
                        "includes {} but not {}",
                        with.join(", "),
                        without.join(", ")
                    ),
                    (true, true) => "any".into(),
                }
            }
        }
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
}
