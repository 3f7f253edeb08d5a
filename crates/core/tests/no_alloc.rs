//! Training steps allocate nothing: every buffer is made once per run.
#![allow(unsafe_code)] // a counting global allocator needs `unsafe impl GlobalAlloc`

use protolab_core::{Config, Mask, Trainer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // Per thread: the test harness's own threads may allocate at any time
    // (on a loaded machine they did), and only this test's thread counts.
    // A const initialiser: reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
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
        let before = allocations();
        assert_eq!(run.step(200), 200);
        let after = allocations();
        assert_eq!(
            after - before,
            0,
            "mask {mask}: {} allocations in 200 steps",
            after - before
        );
    }
}
