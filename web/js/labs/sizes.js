// The experiments' sizes (τ-sweep N and seeds, positions N, the λ-sweep's
// seeds, the width sweep's pass mark) are defined in the core only; the CLI
// reads the same table. No DOM here: worker modules use it too.

/** Calls `f` with the core's `experimentSizes()` and frees that handle afterwards. */
export function withSizes(B, f) {
  const sizes = B.experimentSizes();
  try {
    return f(sizes);
  } finally {
    sizes.free();
  }
}
