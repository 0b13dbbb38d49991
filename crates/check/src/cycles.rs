//! K0403: cycles in dependency chains.
//!
//! Derived-fact cycles are found by the compiler (K0305). Layer 0 `related`
//! links are undirected "see also" links, so a cycle there is fine. What must
//! end somewhere: a chain of superseded options (a replaced by b replaced by a
//! recommends nothing) and a chain of tool successors.

use std::collections::HashMap;

use kompas_kb::{Origin, Severity};

use crate::ctx::Ctx;

/// Finds the cycles of a graph given as successor lists over `0..n`; each cycle
/// once, as the node path starting at its smallest node.
fn cycles(n: usize, next: impl Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    // 0 = unvisited, 1 = on the current path, 2 = finished.
    let mut state = vec![0u8; n];
    let mut found: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: (node, its successors, next successor to try).
        let mut path: Vec<(usize, Vec<usize>, usize)> = vec![(start, next(start), 0)];
        state[start] = 1;
        while let Some((node, succ, i)) = path.last_mut() {
            if *i < succ.len() {
                let s = succ[*i];
                *i += 1;
                match state[s] {
                    0 => {
                        state[s] = 1;
                        let succ = next(s);
                        path.push((s, succ, 0));
                    }
                    1 => {
                        let from = path.iter().position(|(x, _, _)| *x == s).unwrap_or(0);
                        let mut cycle: Vec<usize> =
                            path[from..].iter().map(|(x, _, _)| *x).collect();
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, x)| **x)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if !found.contains(&cycle) {
                            found.push(cycle);
                        }
                    }
                    _ => {}
                }
            } else {
                state[*node] = 2;
                path.pop();
            }
        }
    }
    found
}

fn report(ctx: &mut Ctx, what: &str, ids: &[&str], cycle: &[usize], at: &Origin, help: &str) {
    let mut path: Vec<&str> = cycle.iter().map(|i| ids[*i]).collect();
    path.push(ids[cycle[0]]);
    ctx.emit(
        "K0403",
        Severity::Error,
        at,
        format!("{what} form a cycle: {}", path.join(" -> ")),
    )
    .help = Some(help.into());
}

/// Runs the cycle checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for d in &kb.decisions {
        let ids: Vec<&str> = d.options.iter().map(|o| o.id.as_str()).collect();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let next = |i: usize| {
            d.options[i]
                .superseded
                .as_ref()
                .and_then(|s| index.get(s.by.as_str()).copied())
                .into_iter()
                .collect()
        };
        for cycle in cycles(ids.len(), next) {
            let at = d.options[cycle[0]].origin.child("superseded").child("by");
            report(
                ctx,
                &format!("the `superseded.by` links of decision `{}`", d.id),
                &ids,
                &cycle,
                &at,
                "a replacement must lead to an option that is not superseded itself",
            );
        }
    }

    let ids: Vec<&str> = kb.tools.iter().map(|t| t.id.as_str()).collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let next = |i: usize| {
        kb.tools[i]
            .lifecycle
            .successors
            .iter()
            .filter_map(|s| index.get(s.as_str()).copied())
            .collect()
    };
    for cycle in cycles(ids.len(), next) {
        let at = kb.tools[cycle[0]]
            .origin
            .child("lifecycle")
            .child("successors");
        report(
            ctx,
            "the `lifecycle.successors` of tools",
            &ids,
            &cycle,
            &at,
            "a successor must not (indirectly) be succeeded by the tool it replaces",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn finds_each_cycle_once() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let edges = [vec![1], vec![2], vec![0], vec![3], vec![0]];
        let found = cycles(5, |i| edges[i].clone());
        assert_eq!(found, vec![vec![0, 1, 2], vec![3]]);
        let none = cycles(3, |i| if i < 2 { vec![i + 1] } else { vec![] });
        assert!(none.is_empty());
    }
}
