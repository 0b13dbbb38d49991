//! The fast path from JSON bytes to a profile, for the usual request: a flat
//! JSON object of known input ids with valid answers.
//!
//! It reads the bytes once, straight into dense values, without building a
//! JSON tree or formatting a single message; `unknown` is read as the
//! thorough validator reads it. Anything it is not sure of (a
//! key it does not know or sees twice, an answer out of range, an escape in
//! a string, a float, `null`, nesting, a syntax error) makes it give up, and
//! the caller runs the thorough validator, which finds and names every
//! problem. So the fast path changes no answer and loses no message: a
//! profile it accepts is one the thorough validator accepts with the same
//! values (a property test checks both on random profiles).

use kompas_kb::{Input, InputType, Kb};
use kompas_logic::{Compiled, Domain};
use serde_json::Value;

use super::Profile;

/// The profile in `bytes`, or `None` when the thorough validator must decide.
pub(crate) fn read(kb: &Kb, compiled: &Compiled, bytes: &[u8]) -> Option<Profile> {
    let mut r = Reader { b: bytes, i: 0 };
    let mut profile = Profile::defaults(compiled);
    r.ws();
    r.eat(b'{')?;
    r.ws();
    if r.peek()? == b'}' {
        r.i += 1;
    } else {
        loop {
            r.ws();
            let key = r.string()?;
            let &var = compiled.var_index.get(key)?;
            if profile.given[var].is_some() || profile.unknown.contains(&var) {
                return None; // a key twice: the thorough path names it
            }
            r.ws();
            r.eat(b':')?;
            r.ws();
            if r.literal(UNKNOWN_ANSWER).is_some() {
                // "I don't know": the value stays the one it would be assumed to have.
                profile.unknown.push(var);
            } else {
                let input = kb.inputs.get(*compiled.var_input.get(var)?)?;
                let (dense, given) = r.answer(input, &compiled.vars[var].domain)?;
                profile.values[var] = dense;
                profile.given[var] = Some(given);
            }
            r.ws();
            match r.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
    }
    r.ws();
    if r.i != r.b.len() {
        return None;
    }
    profile.unknown.sort_unstable();
    profile.derive(compiled);
    Some(profile)
}

/// `unknown` as a JSON string (the KB reserves it: no input has such a value).
const UNKNOWN_ANSWER: &[u8] = b"\"unknown\"";

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.i += 1;
        }
    }

    /// A string without escapes or control characters (else `None`).
    fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.i;
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' => return None,
                c if c < 0x20 => return None,
                _ => {}
            }
        }
        std::str::from_utf8(&self.b[start..self.i - 1]).ok()
    }

    /// A whole number of at most 15 digits (larger ones, fractions and
    /// exponents go the thorough way).
    fn integer(&mut self) -> Option<i64> {
        let negative = self.peek()? == b'-';
        if negative {
            self.i += 1;
        }
        let start = self.i;
        let mut n: i64 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            if self.i - start == 15 {
                return None;
            }
            n = n * 10 + i64::from(c - b'0');
            self.i += 1;
        }
        let digits = self.i - start;
        let leading_zero = digits > 1 && self.b[start] == b'0';
        if digits == 0 || digits > 15 || leading_zero {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.peek() {
            return None;
        }
        Some(if negative { -n } else { n })
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.i.checked_add(word.len())?;
        (self.b.get(self.i..end)? == word).then(|| self.i = end)
    }

    /// One answer for `input`: its dense value and the value as written.
    fn answer(&mut self, input: &Input, domain: &Domain) -> Option<(i64, Value)> {
        match input.kind {
            InputType::Enum => {
                let s = self.string()?;
                let i = input.values.iter().position(|v| v.id == s)?;
                Some((i as i64, Value::String(s.to_owned())))
            }
            InputType::Bool => match self.peek()? {
                b't' => self.literal(b"true").map(|()| (1, Value::Bool(true))),
                b'f' => self.literal(b"false").map(|()| (0, Value::Bool(false))),
                _ => None,
            },
            InputType::Integer => {
                let Domain::Int { min, max } = *domain else {
                    return None;
                };
                let (n, given) = if self.peek()? == b'"' {
                    let s = self.string()?;
                    let alias = input.aliases.iter().find(|a| a.alias == s)?;
                    (alias.value, Value::String(s.to_owned()))
                } else {
                    let n = self.integer()?;
                    (n, Value::from(n))
                };
                (min..=max).contains(&n).then_some((n, given))
            }
            InputType::Set => {
                self.eat(b'[')?;
                let mut mask = 0i64;
                let mut exclusive = false;
                let mut others = false;
                let mut items = Vec::new();
                self.ws();
                if self.peek()? == b']' {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        let s = self.string()?;
                        let bit = input.values.iter().position(|v| v.id == s)?;
                        if input.values[bit].exclusive {
                            exclusive = true;
                        } else if bit < 63 {
                            mask |= 1 << bit;
                            others = true;
                        }
                        items.push(Value::String(s.to_owned()));
                        self.ws();
                        match self.next()? {
                            b',' => continue,
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
                if exclusive && others {
                    return None;
                }
                Some((mask, Value::Array(items)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> crate::Engine {
        crate::Engine::new(kompas_kb::builtin::load().unwrap())
    }

    #[test]
    fn a_valid_profile_reads_as_the_thorough_validator_reads_it() {
        let e = engine();
        let text =
            br#" {"team_size": 10, "kubernetes_experience": "none", "budget_constraint": "low",
            "vendor_independence_priority": "high", "compliance_requirements": ["GDPR"],
            "team_maturity": "none", "deployment_frequency": "weekly", "service_count": "5-10",
            "downtime_tolerance": "none", "data_criticality": "high", "calico_expertise": false} "#;
        let fast = read(e.kb(), e.compiled(), text).expect("the fast path reads it");
        let value: Value = serde_json::from_slice(text).unwrap();
        let thorough = e.profile_from_value(&value).unwrap();
        assert_eq!(fast, thorough);
        assert_eq!(read(e.kb(), e.compiled(), b"{}"), Some(e.default_profile()));
        let none = read(
            e.kb(),
            e.compiled(),
            br#"{"compliance_requirements": ["none"]}"#,
        )
        .unwrap();
        let thorough = e
            .profile_from_value(&serde_json::json!({"compliance_requirements": ["none"]}))
            .unwrap();
        assert_eq!(none, thorough);
        let text = br#"{"calico_expertise": "unknown", "team_size": 4, "compliance_requirements": "unknown"}"#;
        let fast = read(e.kb(), e.compiled(), text).expect("the fast path reads unknown answers");
        let thorough = e
            .profile_from_value(&serde_json::from_slice(text).unwrap())
            .unwrap();
        assert_eq!(fast, thorough);
        assert_eq!(fast.unknown().len(), 2);
    }

    #[test]
    fn anything_unsure_goes_the_thorough_way() {
        let e = engine();
        for text in [
            &b""[..],
            b"[]",
            b"{",
            b"{} x",
            br#"{"team_size": 10, "team_size": 10}"#,
            br#"{"team_sise": 10}"#,
            br#"{"team_size": 0}"#,
            br#"{"team_size": 10.0}"#,
            br#"{"team_size": 1e3}"#,
            br#"{"team_size": 0010}"#,
            br#"{"team_size": "10"}"#,
            br#"{"team_size": null}"#,
            br#"{"team_size": 99999999999999999999}"#,
            br#"{"kubernetes_experience": "guru"}"#,
            br#"{"kubernetes_experience": "n\u006fne"}"#,
            br#"{"compliance_requirements": ["none", "GDPR"]}"#,
            br#"{"compliance_requirements": "GDPR"}"#,
            br#"{"calico_expertise": "true"}"#,
            br#"{"calico_expertise": tru}"#,
            br#"{"service_count": "5-100"}"#,
            br#"{"team_size": 10,}"#,
            br#"{"team_size": "unknown", "team_size": 3}"#,
            br#"{"team_size": "unknown", "team_size": "unknown"}"#,
            br#"{"team_size": "Unknown"}"#,
        ] {
            assert!(
                read(e.kb(), e.compiled(), text).is_none(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
