//! The flips of each decision, tabulated lazily over the classes of its
//! effective inputs.
//!
//! A decision's flips (see [`crate::flips`]) depend on the profile only
//! through a few things per input the search can read: the class of its
//! value, whether it is left out with a derived default (then it follows
//! other answers), and, for a set, the members given (set changes are
//! counted in members added or removed). Those make the memo key. So the
//! flips of a cell of classes are searched once and then read back, as a
//! lazy DFA keeps the states it has built: a new profile pays the search only
//! for the decisions whose cell no earlier profile reached.
//!
//! What is kept is the class-level result (the option, the rule, the distance
//! and which input moves to which class), never texts or values: those are
//! rendered per assessment, in its language and from its own answers, so a
//! hit returns exactly what a search would.
//!
//! Memory is bounded: at most [`MAX_CELLS_PER_DECISION`] cells per decision;
//! a full table is emptied and fills again. Profiles with an unknown answer
//! the decision can read are not tabulated.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use std::sync::{Arc, Mutex, PoisonError};

use kompas_kb::InputType;
use kompas_logic::Compiled;

use crate::prepared::Prepared;
use crate::profile::Profile;

/// The most cells kept per decision. A cell's entry (its key and flips) is
/// a few hundred bytes, so the built-in KB's twenty decisions hold at most
/// about 10 MB.
pub const MAX_CELLS_PER_DECISION: usize = 1024;

/// One flip at class level: what [`crate::flips`] renders into a
/// [`crate::Flip`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassFlip {
    /// The option it leads to (index into the decision's options).
    pub option: usize,
    /// The rule that decides it there.
    pub rule: usize,
    /// The number of answers to change.
    pub distance: usize,
    /// The inputs that change, each with its class in the target cell.
    pub changes: Vec<(usize, usize)>,
}

/// The key of a profile's cell for one decision.
type Key = Box<[i64]>;

/// One decision's cells seen, with their flips.
type Table = HashMap<Key, Arc<[ClassFlip]>, FxBuildHasher>;

/// The lazily filled flips tables, one per decision.
pub(crate) struct FlipMemo {
    /// Per decision: the inputs its flips can read (its own, plus those its
    /// inputs' derived defaults follow, recursively), sorted.
    reads: Vec<Vec<usize>>,
    /// Per decision: the cells seen, with their flips.
    tables: Vec<Mutex<Table>>,
}

impl FlipMemo {
    /// Empty tables for the decisions of `compiled`.
    pub(crate) fn new(compiled: &Compiled) -> FlipMemo {
        let reads = compiled
            .decisions
            .iter()
            .map(|cd| crate::targets::closure(compiled, &cd.vars))
            .collect::<Vec<_>>();
        let tables = reads.iter().map(|_| Mutex::default()).collect();
        FlipMemo { reads, tables }
    }

    /// The key of decision `d`'s cell for this profile, whose deciding rule
    /// is `winner`; `None` when an input it can read is unknown.
    pub(crate) fn key(
        &self,
        compiled: &Compiled,
        prepared: &Prepared,
        profile: &Profile,
        d: usize,
        winner: Option<usize>,
    ) -> Option<Key> {
        let p = profile.values();
        let reads = &self.reads[d];
        let mut key = Vec::with_capacity(reads.len() + 2);
        key.push(winner.map_or(-1, |w| w as i64));
        for &v in reads {
            if profile.is_unknown(v) {
                return None;
            }
            let left_out = !profile.is_given(v) && compiled.derived_default(v).is_some();
            let class = compiled.vars[v].class_of(p[v]) as i64;
            key.push(class << 1 | i64::from(left_out));
            if prepared.vars[v].kind == InputType::Set {
                key.push(p[v]);
            }
        }
        Some(key.into_boxed_slice())
    }

    /// The flips kept for decision `d`'s cell `key`.
    pub(crate) fn get(&self, d: usize, key: &[i64]) -> Option<Arc<[ClassFlip]>> {
        let table = self.tables[d]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        table.get(key).cloned()
    }

    /// Keeps the flips of decision `d`'s cell `key`.
    pub(crate) fn put(&self, d: usize, key: Key, flips: Arc<[ClassFlip]>) {
        let mut table = self.tables[d]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if table.len() >= MAX_CELLS_PER_DECISION {
            table.clear();
        }
        table.insert(key, flips);
    }

    /// Forgets every cell.
    pub(crate) fn clear(&self) {
        for table in &self.tables {
            table.lock().unwrap_or_else(PoisonError::into_inner).clear();
        }
    }
}
