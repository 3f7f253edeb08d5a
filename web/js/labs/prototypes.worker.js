// How a worker builds the Prototype Lab's experiments from the bindings. No DOM
// here (a worker has none); the page part, prototypes.js, draws the results.
import { withSizes } from "./sizes.js";

// Besides its CSV, each run sends its τ-sweep part and the final prototypes,
// which the page needs to restore the results.
const snapshot = (exp) => ({ csv: exp.csv(), sweepCsv: exp.sweepCsv(), prototypes: exp.prototypes() });

/** Experiment kind → `build(B, job)` (one shard of its runs) and `snapshot(exp)` (what to post). */
export const experiments = {
  study: { build: (B, { hash, shard, shards }) => B.Experiment.studyShard(hash, shard, shards), snapshot },
  sweep: {
    build: (B, { hash, shard, shards }) => withSizes(B, (s) => B.Experiment.sweepShard(hash, s.sweepN, s.sweepSeeds, shard, shards)),
    snapshot,
  },
  // Eight runs on one data set: not sharded (see the page part).
  positions: { build: (B, { hash }) => withSizes(B, (s) => B.Experiment.positions(hash, s.positionsN)), snapshot },
};
