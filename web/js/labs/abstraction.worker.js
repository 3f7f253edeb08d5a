// How a worker builds the Abstraction Lab's λ-sweep from the bindings (no DOM
// here). Each shard posts one CSV, the default snapshot.
import { withSizes } from "./sizes.js";

/** Experiment kind → `build(B, job)`: one shard of its runs. */
export const experiments = {
  lambda: { build: (B, { hash, shard, shards }) => withSizes(B, (s) => B.LambdaSweepRun.shard(hash, s.lambdaSeeds, shard, shards)) },
};
