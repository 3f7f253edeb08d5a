// How a worker builds the Latent Field Lab's trend from the bindings (no DOM
// here). The page sends the digits' bytes as `extra` (fetched once); each
// shard posts one CSV.

/** Experiment kind → `build(B, job)`: one shard of its runs. */
export const experiments = {
  trend: { build: (B, { hash, shard, shards, extra }) => B.LatentTrendRun.shard(hash, extra.bytes, shard, shards) },
};
