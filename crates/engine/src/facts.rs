//! Facts: which comparisons of a condition decided its outcome for a profile.
//!
//! Like `Pred::explain`, but tracks whether a comparison sits under a `not`, so
//! the text shown is always a statement about the profile that is true exactly
//! when `met` is (`calico_expertise is false`, not "`calico_expertise is true`:
//! not met" under a negation). Writes into one reusable buffer.

use kompas_logic::Pred;

/// One comparison that decided an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Leaf id.
    pub leaf: usize,
    /// Whether the comparison, as shown (negated or not), holds.
    pub met: bool,
    /// Whether it sits under an odd number of `not`s.
    pub negated: bool,
}

/// Evaluates `pred` on `p` and appends to `out` the comparisons that decided it:
/// for a true outcome those that made it true, for a false one those that failed.
/// Returns the outcome.
pub(crate) fn explain(pred: &Pred, p: &[i64], out: &mut Vec<Hit>) -> bool {
    walk(pred, p, false, out)
}

/// Returns the outcome seen from the top (the value of `pred`, flipped when
/// `negated`); hits record `met` from the same point of view.
fn walk(pred: &Pred, p: &[i64], negated: bool, out: &mut Vec<Hit>) -> bool {
    match pred {
        Pred::True => !negated,
        Pred::False => negated,
        Pred::Not(child) => walk(child, p, !negated, out),
        // De Morgan: a negated `all` is an `any` of negated children and vice versa.
        Pred::All(children) if !negated => all(children, p, negated, out),
        Pred::Any(children) if negated => all(children, p, negated, out),
        Pred::All(children) | Pred::Any(children) => any(children, p, negated, out),
        Pred::InMask { leaf, .. }
        | Pred::Intersects { leaf, .. }
        | Pred::Int { leaf, .. }
        | Pred::IntIn { leaf, .. }
        | Pred::Ref { leaf, .. } => {
            let met = pred.eval(p) != negated;
            out.push(Hit {
                leaf: *leaf,
                met,
                negated,
            });
            met
        }
    }
}

/// True when every child is; keeps the facts of every child when true, only
/// those of the failed children when false.
fn all(children: &[Pred], p: &[i64], negated: bool, out: &mut Vec<Hit>) -> bool {
    let start = out.len();
    let mut ok = true;
    for c in children {
        let mark = out.len();
        if walk(c, p, negated, out) {
            if !ok {
                out.truncate(mark);
            }
        } else if ok {
            out.drain(start..mark);
            ok = false;
        }
    }
    ok
}

/// True when some child is; keeps the facts of the first true child, or of
/// every child when all fail.
fn any(children: &[Pred], p: &[i64], negated: bool, out: &mut Vec<Hit>) -> bool {
    let start = out.len();
    for c in children {
        let mark = out.len();
        if walk(c, p, negated, out) {
            out.drain(start..mark);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(var: usize, leaf: usize) -> Pred {
        // var is a bool: true when p[var] == 1.
        Pred::InMask {
            var,
            mask: 0b10,
            leaf,
        }
    }

    #[test]
    fn all_keeps_only_failed_leaves_when_false() {
        let pred = Pred::All(vec![leaf(0, 0), leaf(1, 1), leaf(2, 2)].into());
        let mut out = Vec::new();
        assert!(!explain(&pred, &[1, 0, 0], &mut out));
        assert_eq!(out.iter().map(|h| h.leaf).collect::<Vec<_>>(), vec![1, 2]);
        assert!(out.iter().all(|h| !h.met));
        out.clear();
        assert!(explain(&pred, &[1, 1, 1], &mut out));
        assert_eq!(out.len(), 3);
        assert!(out.iter().all(|h| h.met));
    }

    #[test]
    fn any_keeps_first_true_leaf() {
        let pred = Pred::Any(vec![leaf(0, 0), leaf(1, 1)].into());
        let mut out = Vec::new();
        assert!(explain(&pred, &[0, 1], &mut out));
        assert_eq!(
            out,
            vec![Hit {
                leaf: 1,
                met: true,
                negated: false
            }]
        );
        out.clear();
        assert!(!explain(&pred, &[0, 0], &mut out));
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn negation_flips_the_view() {
        // not(any(a, b)) == all(not a, not b)
        let pred = Pred::Not(Box::new(Pred::Any(vec![leaf(0, 0), leaf(1, 1)].into())));
        let mut out = Vec::new();
        assert!(explain(&pred, &[0, 0], &mut out));
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|h| h.met && h.negated));
        out.clear();
        // a is true: not(any) fails because of a alone.
        assert!(!explain(&pred, &[1, 0], &mut out));
        assert_eq!(
            out,
            vec![Hit {
                leaf: 0,
                met: false,
                negated: true
            }]
        );
        // not(all(a, b)) with a true, b false: holds because b is false.
        let pred = Pred::Not(Box::new(Pred::All(vec![leaf(0, 0), leaf(1, 1)].into())));
        out.clear();
        assert!(explain(&pred, &[1, 0], &mut out));
        assert_eq!(
            out,
            vec![Hit {
                leaf: 1,
                met: true,
                negated: true
            }]
        );
    }

    #[test]
    fn outcome_matches_eval() {
        let pred = Pred::Any(
            vec![
                Pred::All(vec![leaf(0, 0), Pred::Not(Box::new(leaf(1, 1)))].into()),
                Pred::Not(Box::new(Pred::Any(vec![leaf(2, 2), leaf(0, 3)].into()))),
            ]
            .into(),
        );
        for bits in 0..8 {
            let p = [bits & 1, (bits >> 1) & 1, (bits >> 2) & 1];
            let mut out = Vec::new();
            assert_eq!(explain(&pred, &p, &mut out), pred.eval(&p), "{p:?}");
            let outcome = pred.eval(&p);
            assert!(out.iter().all(|h| h.met == outcome), "{p:?} {out:?}");
        }
    }
}
