//! Building inlined predicates: "the first of these branches that holds decides".
//!
//! A decision's recommendation, a capability's tool pick and an enum derived
//! fact's value all follow one shape: an ordered list of conditions, each with
//! an outcome, and a fallback when none holds. "The outcome is in S" is then
//!
//! ```text
//! R_end = [fallback in S]
//! R_i   = c_i or R_(i+1)          when outcome_i is in S
//! R_i   = not c_i and R_(i+1)     otherwise
//! ```
//!
//! Each condition appears once, so the size is linear in the list; constants
//! fold away (a default rule's `True` ends the chain).

use crate::pred::Pred;

/// `a and b`, folding constants and flattening nested `all`s.
pub(crate) fn and(a: Pred, b: Pred) -> Pred {
    match (a, b) {
        (Pred::False, _) | (_, Pred::False) => Pred::False,
        (Pred::True, x) | (x, Pred::True) => x,
        (a, b) => {
            let mut children = Vec::new();
            for p in [a, b] {
                match p {
                    Pred::All(c) => children.extend(c.into_vec()),
                    other => children.push(other),
                }
            }
            Pred::All(children.into())
        }
    }
}

/// `a or b`, folding constants and flattening nested `any`s.
pub(crate) fn or(a: Pred, b: Pred) -> Pred {
    match (a, b) {
        (Pred::True, _) | (_, Pred::True) => Pred::True,
        (Pred::False, x) | (x, Pred::False) => x,
        (a, b) => {
            let mut children = Vec::new();
            for p in [a, b] {
                match p {
                    Pred::Any(c) => children.extend(c.into_vec()),
                    other => children.push(other),
                }
            }
            Pred::Any(children.into())
        }
    }
}

/// `not a`, folding constants and double negations.
pub(crate) fn not(a: Pred) -> Pred {
    match a {
        Pred::True => Pred::False,
        Pred::False => Pred::True,
        Pred::Not(inner) => *inner,
        other => Pred::Not(Box::new(other)),
    }
}

/// "The first branch whose condition holds has its outcome in S; if none
/// holds, `fallback` says whether the fallback outcome is in S." Branches are
/// `(condition, outcome in S)` in evaluation order.
pub(crate) fn first_match(branches: Vec<(Pred, bool)>, fallback: bool) -> Pred {
    let mut acc = if fallback { Pred::True } else { Pred::False };
    for (cond, inside) in branches.into_iter().rev() {
        acc = if inside {
            or(cond, acc)
        } else {
            and(not(cond), acc)
        };
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(var: usize) -> Pred {
        Pred::InMask {
            var,
            mask: 0b10,
            leaf: var,
        }
    }

    /// The reference: evaluate the branches in order.
    fn direct(branches: &[(Pred, bool)], fallback: bool, p: &[i64]) -> bool {
        branches
            .iter()
            .find(|(c, _)| c.eval(p))
            .map_or(fallback, |(_, inside)| *inside)
    }

    #[test]
    fn first_match_agrees_with_evaluating_in_order() {
        for shape in 0..64u32 {
            let branches: Vec<(Pred, bool)> = (0..3)
                .map(|i| {
                    let cond = match (shape >> (2 * i)) & 1 {
                        0 => leaf(i),
                        _ => Pred::Not(Box::new(leaf(i))),
                    };
                    (cond, (shape >> (2 * i + 1)) & 1 == 1)
                })
                .collect();
            for fallback in [false, true] {
                let pred = first_match(branches.clone(), fallback);
                for bits in 0..8 {
                    let p = [bits & 1, (bits >> 1) & 1, (bits >> 2) & 1];
                    assert_eq!(
                        pred.eval(&p),
                        direct(&branches, fallback, &p),
                        "{shape} {fallback} {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn constants_fold() {
        // A default rule (always true) ends the chain.
        let p = first_match(vec![(leaf(0), false), (Pred::True, true)], false);
        assert!(matches!(p, Pred::Not(_)), "{p:?}");
        assert!(matches!(first_match(Vec::new(), true), Pred::True));
        assert!(matches!(not(not(leaf(1))), Pred::InMask { var: 1, .. }));
    }
}
