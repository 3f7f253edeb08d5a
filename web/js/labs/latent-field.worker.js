// How a worker builds the Latent Field Lab's trend from the bindings (no DOM
// here). The page sends the digits' bytes as `extra` (fetched once); each
// shard posts one CSV. End-to-end tests only: `testPlan.trend` { seeds,
// plain, decayed } runs a smaller plan, whose rows are the full plan's rows
// at those seeds and checkpoints.

const build = (B, { hash, shard, shards, extra }) => {
  const t = extra?.testPlan?.trend;
  if (!t) return B.LatentTrendRun.shard(hash, extra.bytes, shard, shards);
  return B.LatentTrendRun.shardOfPlan(hash, extra.bytes, shard, shards, t.seeds, Uint32Array.from(t.plain), Uint32Array.from(t.decayed));
};

/** Experiment kind → `build(B, job)`: one shard of its runs. */
export const experiments = { trend: { build } };
