//! One hidden unit as the page's unit inspector shows it (docs/labs/prototypes.md#inspector):
//! its prototype, width and output weight, the samples it is nearest to, and
//! its partner under the Hungarian assignment that the recon metric uses
//! (docs/labs/prototypes.md#metrics).

use crate::data::Dataset;
use crate::model::GaussianMlp;
use alloc::vec::Vec;

/// What the inspector says about one unit `j`.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitInfo {
    /// The unit's index `j` (its column in the weights).
    pub unit: usize,
    /// Its rank among the prototypes sorted ascending (its row in the prototype figure).
    pub rank: usize,
    /// The centre of its response: the prototype `p_j = −b_j / w_j`.
    pub centre: f64,
    /// Its width `1 / |w_j|`: the response falls to `1/e` at `p_j ± 1/|w_j|`.
    pub width: f64,
    /// Its output weight `a_j`.
    pub weight: f64,
    /// The sample nearest to the prototype (index into the data, sorted by x).
    pub nearest_sample: usize,
    /// `|x_nearest − p_j|`.
    pub nearest_distance: f64,
    /// The samples whose nearest prototype is this unit (may be empty).
    pub owned: Vec<usize>,
    /// The sample the optimal one-to-one assignment gives this unit, if any.
    pub partner: Option<usize>,
    /// `|x_partner − p_j|`.
    pub partner_distance: Option<f64>,
}

/// The inspector's view of every unit, computed once per state: the nearest
/// prototype of every sample (O(N·H)) and one Hungarian assignment (O(N³) at
/// worst, as one metric sample costs). `None` when a prototype or an input is
/// not finite (a diverged run shows no units).
#[derive(Clone, Debug, PartialEq)]
pub struct Units {
    prototypes: Vec<f64>,
    rank: Vec<usize>,
    owner: Vec<usize>,
    partner_of_unit: Vec<Option<usize>>,
    widths: Vec<f64>,
    weights: Vec<f64>,
    xs: Vec<f64>,
}

impl Units {
    /// The units of `model` against the inputs of `data`.
    pub fn of(model: &GaussianMlp, data: &Dataset) -> Option<Self> {
        let prototypes = model.prototypes();
        let xs = data.x.clone();
        if xs.is_empty() || !prototypes.iter().chain(&xs).all(|v| v.is_finite()) {
            return None;
        }
        let h = prototypes.len();
        let mut order: Vec<usize> = (0..h).collect();
        crate::sort::sort_by(&mut order, |&a, &b| prototypes[a].total_cmp(&prototypes[b]));
        let mut rank = alloc::vec![0; h];
        for (r, &j) in order.iter().enumerate() {
            rank[j] = r;
        }
        let owner = xs
            .iter()
            .map(|&x| nearest(&prototypes, x).0)
            .collect::<Vec<_>>();
        // Samples to units, as the recon metric assigns them (rows ≤ columns: N = H).
        let mut partner_of_unit = alloc::vec![None; h];
        if let Some(assignment) =
            crate::hungarian::assign(xs.len(), h, |i, j| (xs[i] - prototypes[j]).abs())
        {
            for (i, j) in assignment.into_iter().enumerate() {
                partner_of_unit[j] = Some(i);
            }
        }
        Some(Self {
            widths: model.w().iter().map(|w| 1.0 / w.abs()).collect(),
            weights: model.a().to_vec(),
            prototypes,
            rank,
            owner,
            partner_of_unit,
            xs,
        })
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.prototypes.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.prototypes.is_empty()
    }

    /// The unit whose prototype has rank `rank` (the prototype figure's row).
    pub fn unit_of_rank(&self, rank: usize) -> Option<usize> {
        self.rank.iter().position(|&r| r == rank)
    }

    /// The unit whose prototype is nearest to `x` (ties: the lower index).
    pub fn nearest_unit(&self, x: f64) -> Option<usize> {
        (!self.is_empty() && x.is_finite()).then(|| nearest(&self.prototypes, x).0)
    }

    /// Everything about unit `j`; `None` when there is no such unit.
    pub fn info(&self, j: usize) -> Option<UnitInfo> {
        let centre = *self.prototypes.get(j)?;
        let (nearest_sample, nearest_distance) = nearest(&self.xs, centre);
        let partner = self.partner_of_unit[j];
        Some(UnitInfo {
            unit: j,
            rank: self.rank[j],
            centre,
            width: self.widths[j],
            weight: self.weights[j],
            nearest_sample,
            nearest_distance,
            owned: (0..self.xs.len()).filter(|&i| self.owner[i] == j).collect(),
            partner,
            partner_distance: partner.map(|i| (self.xs[i] - centre).abs()),
        })
    }
}

/// `(index, |values[index] − x|)` of the value nearest to `x` (the first on ties).
fn nearest(values: &[f64], x: f64) -> (usize, f64) {
    values
        .iter()
        .enumerate()
        .map(|(k, &v)| (k, (v - x).abs()))
        .fold(
            (0, f64::INFINITY),
            |best, c| if c.1 < best.1 { c } else { best },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics;
    use crate::objective::LossTerms;

    fn net(prototypes: &[f64], w: f64) -> GaussianMlp {
        let h = prototypes.len();
        let mut m = GaussianMlp::init(h, 0);
        for (j, &p) in prototypes.iter().enumerate() {
            m.params[j] = w;
            m.params[h + j] = -w * p;
            m.params[2 * h + j] = j as f64 - 1.0;
        }
        m
    }

    #[test]
    fn a_collapsed_pair_and_an_escapee_are_described() {
        let data = Dataset::from_points(&[(-1.0, 0.0), (0.0, 0.0), (1.0, 0.0)]).unwrap();
        // Units 0 and 1 both sit on the middle sample; unit 2 escaped to 3.
        let units = Units::of(&net(&[0.0, 0.0, 3.0], 4.0), &data).unwrap();
        let far = units.info(2).unwrap();
        assert!((far.centre - 3.0).abs() < 1e-6);
        assert_eq!((far.width, far.weight, far.rank), (0.25, 1.0, 2));
        assert_eq!(far.nearest_sample, 2);
        assert!((far.nearest_distance - 2.0).abs() < 1e-6);
        // Nobody's nearest, but the assignment must give it the right sample.
        assert!(far.owned.is_empty());
        assert_eq!(far.partner, Some(2));
        // The first of the tied units owns every sample (the escapee is farther).
        assert_eq!(units.info(0).unwrap().owned, [0, 1, 2]);
        assert!(units.info(1).unwrap().owned.is_empty());
        // The partners' distances are the recon metric's terms.
        let m = metrics::compute(
            &net(&[0.0, 0.0, 3.0], 4.0).prototypes(),
            &data,
            LossTerms::default(),
            0,
        )
        .unwrap();
        let sum: f64 = (0..3)
            .map(|j| units.info(j).unwrap().partner_distance.unwrap())
            .sum();
        assert!((sum / 3.0 - m.recon).abs() < 1e-12);
        assert!(units.info(3).is_none());
    }

    #[test]
    fn ranks_follow_the_sorted_prototypes() {
        let data = Dataset::from_points(&[(-1.0, 0.0), (0.0, 0.0), (1.0, 0.0)]).unwrap();
        let units = Units::of(&net(&[0.5, -0.9, 0.1], 2.0), &data).unwrap();
        assert_eq!(
            (0..3).map(|r| units.unit_of_rank(r)).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(0)]
        );
        assert_eq!(units.nearest_unit(-0.8), Some(1));
        assert_eq!(units.nearest_unit(f64::NAN), None);
        assert_eq!(units.unit_of_rank(3), None);
    }

    #[test]
    fn non_finite_weights_give_no_units() {
        let data = Dataset::from_points(&[(-1.0, 0.0), (1.0, 0.0)]).unwrap();
        let mut m = net(&[0.0, 0.5], 1.0);
        m.params[2] = f64::NAN;
        assert!(Units::of(&m, &data).is_none());
    }
}
