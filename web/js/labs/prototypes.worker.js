// How a worker builds the Prototype Lab's experiments from the bindings. No DOM
// here (a worker has none); the page part, prototypes.js, draws the results.
import { withSizes } from "./sizes.js";

// Besides its CSV, each run sends its τ-sweep part and the final prototypes,
// which the page needs to restore the results.
const snapshot = (exp) => ({ csv: exp.csv(), sweepCsv: exp.sweepCsv(), prototypes: exp.prototypes() });

// The study, or (end-to-end tests only: `testPlan` { ns, seeds, sweepN,
// sweepSeeds }) the same runs over fewer sizes and seeds.
function study(B, { hash, shard, shards, extra }) {
  const t = extra?.testPlan;
  if (t) return B.Experiment.studyOfShard(hash, Uint32Array.from(t.ns), t.seeds, t.sweepN, t.sweepSeeds, shard, shards);
  return B.Experiment.studyShard(hash, shard, shards);
}

/** Experiment kind → `build(B, job)` (one shard of its runs) and `snapshot(exp)` (what to post). */
export const experiments = {
  study: { build: study, snapshot },
  sweep: {
    build: (B, { hash, shard, shards }) => withSizes(B, (s) => B.Experiment.sweepShard(hash, s.sweepN, s.sweepSeeds, shard, shards)),
    snapshot,
  },
  // Eight runs on one data set: not sharded (see the page part).
  positions: { build: (B, { hash }) => withSizes(B, (s) => B.Experiment.positions(hash, s.positionsN)), snapshot },
};
