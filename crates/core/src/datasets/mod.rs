//! The data sets shipped with the app, each parsed from its compact file with
//! checks that refuse a corrupt one: the UCI 8×8 digits and the MNIST pairs.

pub mod digits;
pub mod mnist;
