//! Training steps allocate nothing: every buffer is made once per run.
#![allow(unsafe_code)] // a counting global allocator needs `unsafe impl GlobalAlloc`

use protolab_core::{Config, Mask, Trainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn stepping_does_not_allocate() {
    for mask in Mask::ALL {
        let mut run = Trainer::new(Config {
            n: 40,
            mask,
            ..Config::default()
        })
        .unwrap();
        run.step(1);
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        assert_eq!(run.step(200), 200);
        let after = ALLOCATIONS.load(Ordering::Relaxed);
        assert_eq!(
            after - before,
            0,
            "mask {mask}: {} allocations in 200 steps",
            after - before
        );
    }
}
