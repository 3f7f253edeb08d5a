// Runs a long experiment's share of runs off the main thread — a fixed shard,
// or, for an experiment that can `pull`, what the page hands it: it asks for
// more ("want") while it still holds about three slices' work, so a worker is
// seldom left waiting while another still has runs queued (docs/speed.md) —
// and posts its progress and results (CSV and whatever its lab snapshots)
// back; the page draws them (drawing needs a window). Which lab builds which
// experiment kind comes from the registry's worker modules, which touch no DOM.
import init, * as B from "../protolab-bindings.js";
import { REGISTRY } from "./labs/index.js";

// Experiment kind → { build(B, job), snapshot?(exp) }, from every lab's worker
// module. Kinds are unique on the page (they name the panels, #exp-<kind>).
const ready = init().then(async () => {
  const kinds = new Map();
  for (const { id, worker } of REGISTRY) {
    if (!worker) continue;
    for (const [kind, spec] of Object.entries((await worker()).experiments)) {
      if (kinds.has(kind)) throw new Error(`two labs define the experiment "${kind}" (the second: ${id})`);
      kinds.set(kind, spec);
    }
  }
  return kinds;
});
// { id, exp, snapshot, lastSnapshot, lastPost, queue }; queue is null for a
// fixed shard, or { asked, exhausted } for runs handed out by the page.
let current = null;

// Frees the experiment in hand (a wasm handle), if any. After a trap the
// instance may refuse even that; the worker then just lets it go.
function release() {
  try {
    current?.exp.free();
  } catch {
    // nothing more to free
  }
  current = null;
}

// What a run posts unless its lab says otherwise: its CSV.
const csvOnly = (exp) => ({ csv: exp.csv() });

const errorText = (e) => String(e && e.message ? e.message : e);

// The next slice of work, as soon as the worker is free: a message to itself,
// not setTimeout(loop, 0), which browsers clamp to 4 ms after a few nested
// calls (a tenth of every 40 ms slice; docs/speed.md).
// Messages from the page (cancel, a new start) still come in between slices.
// One pending tick at most: a start that arrives while one is queued must not
// add a second chain driving the same experiment.
const tick = new MessageChannel();
let scheduled = false;
tick.port1.onmessage = () => {
  scheduled = false;
  loop();
};
const next = () => {
  if (scheduled) return;
  scheduled = true;
  tick.port2.postMessage(null);
};

function loop() {
  if (!current) return;
  const { id, exp, snapshot, queue } = current;
  try {
    const before = queue ? exp.queuedCost() : 0;
    const progress = exp.advance(40);
    if (queue && !queue.exhausted) {
      // More before it runs out: once it holds less than three slices' work.
      const left = exp.queuedCost();
      if (!queue.asked && left <= 3 * (before - left)) {
        queue.asked = true;
        postMessage({ type: "want", id });
      }
      // Out of work: the page's answer ("take") starts the next slice.
      if (progress.done) return;
    }
    const now = performance.now();
    let partial = null;
    if (!progress.done && now - current.lastSnapshot > 1500) {
      current.lastSnapshot = now;
      partial = snapshot(exp);
    }
    if (progress.done) {
      postMessage({ type: "done", id, progress, ...snapshot(exp) });
      release();
      return;
    }
    // Progress at most four times a second: the page handling a message after
    // every slice (status line, bar) cost a tenth of a long experiment's wall
    // time on two cores (docs/speed.md).
    if (partial || now - current.lastPost > 250) {
      current.lastPost = now;
      postMessage({ type: "progress", id, progress, partial });
    }
  } catch (e) {
    postMessage({ type: "error", id, message: errorText(e) });
    release();
    return;
  }
  next();
}

onmessage = async (event) => {
  const { cmd, id, kind, hash, shard = 0, shards = 1, pull = false, extra = {} } = event.data;
  let kinds;
  try {
    kinds = await ready;
  } catch (e) {
    postMessage({ type: "error", id, message: errorText(e) });
    return;
  }
  if (cmd === "cancel") {
    if (current && current.id === id) {
      release();
      postMessage({ type: "cancelled", id });
    }
    return;
  }
  if (cmd === "take") {
    // Places from .. from + count of the order `pull` gave; none: no more.
    const queue = current?.id === id ? current.queue : null;
    if (!queue) return;
    try {
      if (event.data.count > 0) current.exp.take(event.data.from, event.data.count);
      else queue.exhausted = true;
    } catch (e) {
      postMessage({ type: "error", id, message: errorText(e) });
      release();
      return;
    }
    queue.asked = false;
    next();
    return;
  }
  if (cmd === "start") {
    release();
    try {
      const spec = kinds.get(kind);
      if (!spec) throw new Error(`no lab builds an experiment "${kind}" (known: ${[...kinds.keys()].join(", ")})`);
      const exp = spec.build(B, { hash, shard, shards, extra });
      const pulling = pull && typeof exp.pull === "function";
      let costs;
      try {
        costs = pulling ? exp.pull() : null;
      } catch (e) {
        exp.free();
        throw e;
      }
      const queue = pulling ? { asked: true, exhausted: false } : null;
      current = { id, exp, snapshot: spec.snapshot ?? csvOnly, lastSnapshot: performance.now(), lastPost: 0, queue };
      if (queue) postMessage({ type: "want", id, costs });
      else next();
    } catch (e) {
      postMessage({ type: "error", id, message: errorText(e) });
    }
  }
};
