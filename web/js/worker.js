// Runs one long experiment off the main thread and posts its progress and
// results (CSV + prototypes) back; the page draws them (drawing needs a window).
import init, { Experiment, LambdaSweepRun, WidthSweepRun, experimentSizes } from "../protolab-bindings.js";

// The experiments' sizes come from the core (the CLI uses the same).
let sizes = null;
const ready = init().then(() => {
  const s = experimentSizes();
  sizes = { sweepN: s.sweepN, sweepSeeds: s.sweepSeeds, positionsN: s.positionsN, lambdaSeeds: s.lambdaSeeds };
  s.free();
});
let current = null; // { id, exp, lastSnapshot }

// The λ- and width sweeps send one CSV; the Prototype Lab's experiments
// also send their τ-sweep part and the final prototypes.
const snapshot = (exp) =>
  exp instanceof Experiment ? { csv: exp.csv(), sweepCsv: exp.sweepCsv(), prototypes: exp.prototypes() } : { csv: exp.csv() };

function loop() {
  if (!current) return;
  const { id, exp } = current;
  try {
    const progress = exp.advance(40);
    const now = performance.now();
    let partial = null;
    if (!progress.done && now - current.lastSnapshot > 1500) {
      current.lastSnapshot = now;
      partial = snapshot(exp);
    }
    if (progress.done) {
      postMessage({ type: "done", id, progress, ...snapshot(exp) });
      exp.free();
      current = null;
      return;
    }
    postMessage({ type: "progress", id, progress, partial });
  } catch (e) {
    postMessage({ type: "error", id, message: String(e && e.message ? e.message : e) });
    current = null;
    return;
  }
  setTimeout(loop, 0);
}

onmessage = async (event) => {
  const { cmd, id, kind, hash, shard = 0, shards = 1, extra = {} } = event.data;
  await ready;
  if (cmd === "cancel") {
    if (current && current.id === id) {
      current.exp.free();
      current = null;
      postMessage({ type: "cancelled", id });
    }
    return;
  }
  if (cmd === "start") {
    if (current) current.exp.free();
    current = null;
    try {
      const exp =
        kind === "study" ? Experiment.studyShard(hash, shard, shards) :
        kind === "sweep" ? Experiment.sweepShard(hash, sizes.sweepN, sizes.sweepSeeds, shard, shards) :
        kind === "lambda" ? LambdaSweepRun.shard(hash, sizes.lambdaSeeds, shard, shards) :
        kind === "widths" ? WidthSweepRun.shard(hash, extra.all, shard, shards, extra.bytes) :
        Experiment.positions(hash, sizes.positionsN);
      current = { id, exp, lastSnapshot: performance.now() };
      setTimeout(loop, 0);
    } catch (e) {
      postMessage({ type: "error", id, message: String(e && e.message ? e.message : e) });
    }
  }
};
