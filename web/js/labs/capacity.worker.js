// How a worker builds the Capacity Lab's width sweep from the bindings (no DOM
// here). The page sends the scope and the image file's bytes as `extra`
// (a worker cannot read the page's controls); each shard posts one CSV.

/** Experiment kind → `build(B, job)`: one shard of its runs. */
export const experiments = {
  widths: { build: (B, { hash, shard, shards, extra }) => B.WidthSweepRun.shard(hash, extra.all, shard, shards, extra.bytes) },
};
