//! The finite space of a set of variables: the product of their classes.
//!
//! A cell picks one class per variable. Cells are numbered in mixed radix
//! (first variable slowest), so a decision table is a flat vector and a cell's
//! coordinates can be recovered from its number.

use crate::vars::Var;

/// The product of the classes of some variables.
#[derive(Debug, Clone)]
pub struct Space<'a> {
    all: &'a [Var],
    /// The variables spanned, by index into `all`.
    pub vars: &'a [usize],
    radix: Vec<usize>,
}

impl<'a> Space<'a> {
    /// The space of `vars` (indices into `all`).
    pub fn new(all: &'a [Var], vars: &'a [usize]) -> Space<'a> {
        let radix = vars.iter().map(|v| all[*v].class_count()).collect();
        Space { all, vars, radix }
    }

    /// Number of cells (saturating).
    pub fn size(&self) -> usize {
        self.radix
            .iter()
            .try_fold(1usize, |acc, r| acc.checked_mul(*r))
            .unwrap_or(usize::MAX)
    }

    /// Classes per variable.
    pub fn radix(&self) -> &[usize] {
        &self.radix
    }

    /// The cell number of a profile.
    pub fn cell_of(&self, profile: &[i64]) -> usize {
        self.vars.iter().zip(&self.radix).fold(0, |acc, (v, r)| {
            acc * r + self.all[*v].class_of(profile[*v])
        })
    }

    /// The class coordinates of a cell.
    pub fn coords(&self, mut cell: usize) -> Vec<usize> {
        let mut out = vec![0; self.radix.len()];
        for i in (0..self.radix.len()).rev() {
            out[i] = cell % self.radix[i];
            cell /= self.radix[i];
        }
        out
    }

    /// Writes the representatives of a cell's classes into `profile`; variables
    /// outside the space keep their values. `base` supplies untested set members.
    pub fn apply(&self, cell: usize, base: &[i64], profile: &mut [i64]) {
        for (i, class) in self.coords(cell).into_iter().enumerate() {
            let v = self.vars[i];
            profile[v] = self.all[v].representative(class, base[v]);
        }
    }

    /// Calls `f(profile, cell)` for every cell in order, with `profile` set to the
    /// cell's representatives (and its other variables as given).
    pub fn for_each_cell(&self, profile: &mut [i64], mut f: impl FnMut(&[i64], usize)) {
        let n = self.size();
        if n == usize::MAX {
            return;
        }
        let base = profile.to_vec();
        let mut coords = vec![0usize; self.radix.len()];
        for (i, v) in self.vars.iter().enumerate() {
            profile[*v] = self.all[*v].representative(0, base[*v]);
            coords[i] = 0;
        }
        for cell in 0..n {
            f(profile, cell);
            // Odometer increment, last variable fastest.
            for i in (0..coords.len()).rev() {
                coords[i] += 1;
                let v = self.vars[i];
                if coords[i] < self.radix[i] {
                    profile[v] = self.all[v].representative(coords[i], base[v]);
                    break;
                }
                coords[i] = 0;
                profile[v] = self.all[v].representative(0, base[v]);
            }
        }
    }
}
