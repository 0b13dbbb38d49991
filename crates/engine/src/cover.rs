//! Covers: the cells of a table that have one outcome, as a short union of
//! boxes.
//!
//! The table is over a few dimensions (mixed radix, first dimension slowest);
//! a box allows a set of values per dimension, and holds every cell whose
//! values are all allowed. The cover of an outcome is a list of boxes whose
//! union is exactly the cells with that outcome (cells marked
//! [`DONT_CARE`] may fall in a box or not: no profile is there). In words, a
//! box is "this and this and this", the cover "this, or that".
//!
//! Finding the smallest cover is hard in general; this one is small in
//! practice ("expand, then drop the redundant"): each box starts from a cell
//! not yet covered and grows one dimension at a time, as far as it stays
//! inside the outcome (an ordered dimension grows to neighbours, so it stays
//! a range); afterwards a box whose cells the others cover is dropped. Every
//! box is checked cell by cell, so the cover is exact whatever the order.

/// A cell no profile can be in (an exclusive set member together with others).
pub(crate) const DONT_CARE: u16 = u16::MAX - 1;

/// A box: per dimension, which values it allows.
pub(crate) type CoverBox = Vec<Vec<bool>>;

/// A table over some dimensions.
pub(crate) struct Table<'a> {
    /// Values per dimension.
    pub radix: &'a [usize],
    /// Per dimension: whether its values are ordered (boxes keep them a range).
    pub ordered: &'a [bool],
    /// The outcome of every cell (mixed radix, first dimension slowest).
    pub cells: &'a [u16],
}

impl Table<'_> {
    fn strides(&self) -> Vec<usize> {
        (0..self.radix.len())
            .map(|i| self.radix[i + 1..].iter().product())
            .collect()
    }

    /// Whether every cell of the box has `outcome` (or is a don't-care).
    fn inside(&self, b: &CoverBox, walk: &mut Walk, outcome: u16) -> bool {
        let mut ok = true;
        walk.cells(b, |cell| {
            let c = self.cells[cell];
            if c != outcome && c != DONT_CARE {
                ok = false;
            }
            ok
        });
        ok
    }
}

/// Walks the cells of boxes; its buffers serve every box of a cover.
struct Walk {
    strides: Vec<usize>,
    /// Per dimension: the values the box allows.
    lists: Vec<Vec<usize>>,
    /// Per dimension: the position in its list.
    at: Vec<usize>,
}

impl Walk {
    fn new(strides: Vec<usize>) -> Walk {
        let n = strides.len();
        Walk {
            strides,
            lists: vec![Vec::new(); n],
            at: vec![0; n],
        }
    }

    /// Calls `f` with every cell of a box until it returns false.
    fn cells(&mut self, b: &CoverBox, mut f: impl FnMut(usize) -> bool) {
        for (list, allowed) in self.lists.iter_mut().zip(b) {
            list.clear();
            list.extend(
                allowed
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| **a)
                    .map(|(i, _)| i),
            );
        }
        if self.lists.iter().any(Vec::is_empty) {
            return;
        }
        self.at.iter_mut().for_each(|a| *a = 0);
        let mut cell: usize = self
            .lists
            .iter()
            .zip(&self.strides)
            .map(|(l, s)| l[0] * s)
            .sum();
        loop {
            if !f(cell) {
                return;
            }
            // Odometer, last dimension fastest; the cell follows along.
            let mut d = self.lists.len();
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                let list = &self.lists[d];
                let s = self.strides[d];
                cell -= list[self.at[d]] * s;
                self.at[d] += 1;
                if self.at[d] < list.len() {
                    cell += list[self.at[d]] * s;
                    break;
                }
                self.at[d] = 0;
                cell += list[0] * s;
            }
        }
    }
}

/// The coordinates of a cell.
fn coords(mut cell: usize, radix: &[usize]) -> Vec<usize> {
    let mut out = vec![0; radix.len()];
    for i in (0..radix.len()).rev() {
        out[i] = cell % radix[i];
        cell /= radix[i];
    }
    out
}

/// The cover of `outcome` in `table`: boxes whose union is exactly its cells.
pub(crate) fn cover(table: &Table, outcome: u16) -> Vec<CoverBox> {
    let mut walk = Walk::new(table.strides());
    let mut covered = vec![false; table.cells.len()];
    let mut boxes: Vec<CoverBox> = Vec::new();
    for start in 0..table.cells.len() {
        if table.cells[start] != outcome || covered[start] {
            continue;
        }
        let b = expand(table, &mut walk, start, outcome);
        walk.cells(&b, |cell| {
            covered[cell] = true;
            true
        });
        boxes.push(b);
    }
    irredundant(table, &mut walk, outcome, boxes)
}

/// Grows the box of one cell as far as it stays inside the outcome.
fn expand(table: &Table, walk: &mut Walk, start: usize, outcome: u16) -> CoverBox {
    let at = coords(start, table.radix);
    let mut b: CoverBox = at
        .iter()
        .zip(table.radix)
        .map(|(c, r)| (0..*r).map(|i| i == *c).collect())
        .collect();
    for d in 0..table.radix.len() {
        let r = table.radix[d];
        if r < 2 {
            continue;
        }
        // The whole dimension first: the usual case, one check.
        let before = std::mem::replace(&mut b[d], vec![true; r]);
        if table.inside(&b, walk, outcome) {
            continue;
        }
        b[d] = before;
        if table.ordered[d] {
            // Down, then up, one neighbour at a time: a range.
            for step in [-1isize, 1] {
                let mut edge = at[d] as isize;
                loop {
                    let next = edge + step;
                    if next < 0 || next >= r as isize {
                        break;
                    }
                    b[d][next as usize] = true;
                    if table.inside(&b, walk, outcome) {
                        edge = next;
                    } else {
                        b[d][next as usize] = false;
                        break;
                    }
                }
            }
        } else {
            for v in 0..r {
                if b[d][v] {
                    continue;
                }
                b[d][v] = true;
                if !table.inside(&b, walk, outcome) {
                    b[d][v] = false;
                }
            }
        }
    }
    b
}

/// Drops the boxes whose cells of the outcome the other boxes cover, the
/// smallest first.
fn irredundant(
    table: &Table,
    walk: &mut Walk,
    outcome: u16,
    mut boxes: Vec<CoverBox>,
) -> Vec<CoverBox> {
    if boxes.len() < 2 {
        return boxes;
    }
    let mut count = vec![0u32; table.cells.len()];
    for b in &boxes {
        walk.cells(b, |cell| {
            count[cell] += 1;
            true
        });
    }
    let size =
        |b: &CoverBox| -> usize { b.iter().map(|d| d.iter().filter(|x| **x).count()).product() };
    let mut order: Vec<usize> = (0..boxes.len()).collect();
    order.sort_by_key(|i| (size(&boxes[*i]), std::cmp::Reverse(*i)));
    let mut keep = vec![true; boxes.len()];
    for i in order {
        let mut needed = false;
        walk.cells(&boxes[i], |cell| {
            if table.cells[cell] == outcome && count[cell] == 1 {
                needed = true;
            }
            !needed
        });
        if !needed {
            keep[i] = false;
            walk.cells(&boxes[i], |cell| {
                count[cell] -= 1;
                true
            });
        }
    }
    let mut i = 0;
    boxes.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    boxes
}

/// Whether a cell is in a box.
#[cfg(test)]
fn contains(b: &CoverBox, radix: &[usize], cell: usize) -> bool {
    coords(cell, radix)
        .iter()
        .zip(b)
        .all(|(c, allowed)| allowed[*c])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_exact(radix: &[usize], cells: &[u16], ordered: &[bool]) {
        let table = Table {
            radix,
            ordered,
            cells,
        };
        let mut outcomes: Vec<u16> = cells.iter().copied().filter(|c| *c != DONT_CARE).collect();
        outcomes.sort_unstable();
        outcomes.dedup();
        for o in outcomes {
            let boxes = cover(&table, o);
            for (cell, &c) in cells.iter().enumerate() {
                let inside = boxes.iter().any(|b| contains(b, radix, cell));
                if c == o {
                    assert!(inside, "cell {cell} of {o} not covered: {boxes:?}");
                } else if c != DONT_CARE {
                    assert!(!inside, "cell {cell} ({c}) wrongly in the cover of {o}");
                }
            }
        }
    }

    #[test]
    fn one_dimension_that_decides() {
        // Outcome 1 exactly when the first dimension is 1.
        let radix = [2, 3];
        let cells = [0, 0, 0, 1, 1, 1];
        let table = Table {
            radix: &radix,
            ordered: &[false, false],
            cells: &cells,
        };
        assert_eq!(
            cover(&table, 1),
            vec![vec![vec![false, true], vec![true; 3]]]
        );
        assert_eq!(
            cover(&table, 0),
            vec![vec![vec![true, false], vec![true; 3]]]
        );
    }

    #[test]
    fn ordered_dimensions_stay_ranges() {
        // Outcome 1 for values 1..=2 of an ordered dimension of 4.
        let cells = [0, 1, 1, 0];
        let table = Table {
            radix: &[4],
            ordered: &[true],
            cells: &cells,
        };
        assert_eq!(cover(&table, 1), vec![vec![vec![false, true, true, false]]]);
        // Two ranges, not one set with a hole.
        assert_eq!(
            cover(&table, 0),
            vec![
                vec![vec![true, false, false, false]],
                vec![vec![false, false, false, true]]
            ]
        );
    }

    #[test]
    fn redundant_boxes_are_dropped() {
        // x or y over two booleans: two boxes, not three.
        let cells = [0, 1, 1, 1];
        let table = Table {
            radix: &[2, 2],
            ordered: &[false, false],
            cells: &cells,
        };
        assert_eq!(cover(&table, 1).len(), 2);
        check_exact(&[2, 2], &cells, &[false, false]);
    }

    fn tables() -> impl Strategy<Value = (Vec<usize>, Vec<u16>, Vec<bool>)> {
        prop::collection::vec(1usize..5, 1..5).prop_flat_map(|radix| {
            let size: usize = radix.iter().product();
            let n = radix.len();
            (
                Just(radix),
                prop::collection::vec(prop_oneof![4 => 0u16..3, 1 => Just(DONT_CARE)], size),
                prop::collection::vec(any::<bool>(), n),
            )
        })
    }

    proptest! {
        #[test]
        fn covers_are_exact((radix, cells, ordered) in tables()) {
            check_exact(&radix, &cells, &ordered);
        }
    }
}
