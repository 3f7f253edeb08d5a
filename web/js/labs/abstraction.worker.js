// How a worker builds the Abstraction Lab's λ-sweep from the bindings (no DOM
// here). Each shard posts one CSV, the default snapshot.
import { withSizes } from "./sizes.js";

// The core's seeds per λ (as the CLI's default and the shipped results), or
// (end-to-end tests only: `testPlan.lambdaSeeds`) fewer: the same runs for
// the first seeds.
const seedsOf = (s, extra) => extra?.testPlan?.lambdaSeeds ?? s.lambdaSeeds;

/** Experiment kind → `build(B, job)`: one shard of its runs. */
export const experiments = {
  lambda: { build: (B, { hash, shard, shards, extra }) => withSizes(B, (s) => B.LambdaSweepRun.shard(hash, seedsOf(s, extra), shard, shards)) },
};
