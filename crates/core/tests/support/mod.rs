//! Helpers shared by the integration tests that include `mod support;`.
#![allow(dead_code)] // each test binary uses its own subset

pub mod files;
pub mod mutate;
pub mod paced;
pub mod peak_alloc;
