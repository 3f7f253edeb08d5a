//! Binary classification scores: precision, recall, F1 and ROC-AUC.

use alloc::vec::Vec;

/// Counts of a binary confusion matrix (positive = label 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Predicted 1, label 1.
    pub tp: usize,
    /// Predicted 1, label 0.
    pub fp: usize,
    /// Predicted 0, label 0.
    pub tn: usize,
    /// Predicted 0, label 1.
    pub fn_: usize,
}

impl Confusion {
    /// Counts predictions `p ≥ 0.5` against labels.
    pub fn of(probabilities: &[f64], labels: &[f64]) -> Self {
        let mut c = Self::default();
        for (&p, &y) in probabilities.iter().zip(labels) {
            match (p >= 0.5, y > 0.5) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, false) => c.tn += 1,
                (false, true) => c.fn_ += 1,
            }
        }
        c
    }

    /// tp / (tp + fp); 0 when nothing is predicted positive.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 0 when there are no positives.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// 2·tp / (2·tp + fp + fn) — the harmonic mean of precision and recall;
    /// 0 when there are no true positives.
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }

    /// Share of correct predictions.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Area under the ROC curve: the probability that a random positive scores
/// above a random negative, ties counting one half (0.5 when a class is empty).
pub fn roc_auc(scores: &[f64], labels: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    crate::sort::sort_by(&mut order, |&a, &b| scores[a].total_cmp(&scores[b]));
    // Mid-ranks (1-based) over tied scores, then the Mann–Whitney statistic.
    let mut rank = alloc::vec![0.0; scores.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            rank[k] = mid;
        }
        i = j + 1;
    }
    let pos = labels.iter().filter(|&&y| y > 0.5).count() as f64;
    let neg = labels.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return 0.5;
    }
    let sum: f64 = labels
        .iter()
        .zip(&rank)
        .filter(|(y, _)| **y > 0.5)
        .map(|(_, r)| r)
        .sum();
    (sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_made_confusion_counts() {
        // 6 positives, 4 negatives: tp 4, fn 2, fp 1, tn 3.
        let p = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1, 0.55, 0.3, 0.2, 0.1];
        let y = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let c = Confusion::of(&p, &y);
        assert_eq!(
            c,
            Confusion {
                tp: 4,
                fp: 1,
                tn: 3,
                fn_: 2
            }
        );
        assert_eq!(c.precision(), 0.8);
        assert!((c.recall() - 4.0 / 6.0).abs() < 1e-15);
        assert!((c.f1() - 8.0 / 11.0).abs() < 1e-15);
        assert_eq!(c.accuracy(), 0.7);
        // Nothing predicted positive: precision and F1 are 0, not NaN.
        let none = Confusion::of(&[0.1, 0.2], &[1.0, 0.0]);
        assert_eq!((none.precision(), none.f1()), (0.0, 0.0));
    }

    #[test]
    fn auc_counts_ordered_pairs_and_ties() {
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[0.0, 0.0, 1.0, 1.0]), 0.75);
        assert_eq!(roc_auc(&[0.5, 0.5], &[0.0, 1.0]), 0.5);
        assert_eq!(roc_auc(&[0.9, 0.1], &[1.0, 0.0]), 1.0);
        assert_eq!(roc_auc(&[0.9, 0.1], &[1.0, 1.0]), 0.5);
    }
}
