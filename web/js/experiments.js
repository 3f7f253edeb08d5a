// The experiment panels: each `.experiment` with id `exp-<kind>` inside a
// lab's `[data-lab]` section runs in background workers, shows progress, can
// be cancelled, and hands what the workers send to its lab's view of that kind
// (the descriptor's `experiments[kind]`), which draws figures, tables and
// download buttons. The lab's worker module builds the same kind (worker.js).
//
// A view: { show(ctx), name?, sharded?, extra?(hash) }
//   show({ B, panel, kind, parts, final })
//            draws `parts` (the latest message of each worker that sent one),
//            while they run and once more with `final` when all are done
//   name     what messages call the experiment (default: its kind)
//   sharded  false: one worker does all runs (default: the runs are split over
//            one worker per core, as the CLI's `--shard i/n`)
//   extra    what the workers need besides the hash (a promise; e.g. data bytes)
import { showAlert } from "./util.js";

// Workers for a sharded experiment: one per core, at most four.
const WORKERS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));

/**
 * Wires every experiment panel of the page. `labs`: lab id → descriptor;
 * `hashOf(labId)`: the config an experiment of that lab starts from.
 */
export function setupExperiments(B, labs, hashOf) {
  for (const panel of document.querySelectorAll(".experiment")) {
    const kind = panel.id.replace("exp-", "");
    const labId = panel.closest("[data-lab]").dataset.lab;
    const run = panel.querySelector(`[data-run="${kind}"]`);
    const cancel = panel.querySelector(`[data-cancel="${kind}"]`);
    const view = labs[labId]?.experiments?.[kind];
    if (!view) {
      // A page without the view of its panel is a mistake in the page, not
      // the user's: it is logged (the end-to-end tests fail on it) and the
      // panel cannot be started.
      console.error(`#${panel.id}: lab "${labId}" has no experiment "${kind}"`);
      run.disabled = true;
      continue;
    }
    const bar = panel.querySelector("progress");
    const status = panel.querySelector(".status");
    const count = view.sharded === false ? 1 : WORKERS;
    const workers = [];
    let id = 0;
    let started = 0;
    let shards = [];
    const stop = () => {
      run.disabled = false;
      cancel.disabled = true;
    };
    const update = (final) => {
      const p = shards.reduce((a, s) => ({ done: a.done + s.progress.runsDone, total: a.total + s.progress.runsTotal, f: a.f + s.progress.fraction / shards.length }), { done: 0, total: 0, f: 0 });
      bar.value = p.f;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${p.done} / ${p.total} runs · ${secs} s · ${count} worker${count > 1 ? "s" : ""}${final ? " · done" : ""}`;
    };
    const show = (final) => {
      const parts = shards.map((s) => s.data).filter(Boolean);
      if (parts.length === 0) return;
      try {
        view.show({ B, panel, kind, parts, final });
      } catch (e) {
        showAlert(`Could not show the ${view.name || kind} results: ${e.message}`);
      }
    };
    const onMessage = (k) => ({ data: msg }) => {
      if (msg.id !== id) return;
      if (msg.type === "progress" || msg.type === "done") {
        shards[k].progress = msg.progress;
        if (msg.type === "done") shards[k].data = msg;
        else if (msg.partial) shards[k].data = msg.partial;
        const final = shards.every((s) => s.progress.done);
        update(final);
        if (final) {
          stop();
          show(true);
        } else if (msg.partial) show(false);
      } else if (msg.type === "cancelled") {
        stop();
        status.textContent = "cancelled";
      } else if (msg.type === "error") {
        stop();
        showAlert(`The ${kind} stopped: ${msg.message}`);
      }
    };
    run.addEventListener("click", async () => {
      id += 1;
      const mine = id;
      run.disabled = true;
      cancel.disabled = false;
      bar.value = 0;
      status.textContent = "starting…";
      const hash = hashOf(labId);
      let extra;
      try {
        extra = view.extra ? await view.extra(hash) : {};
      } catch (e) {
        stop();
        showAlert(`The ${kind} cannot start: ${e.message || e}`);
        return;
      }
      if (mine !== id) return;
      started = performance.now();
      shards = Array.from({ length: count }, () => ({ progress: { runsDone: 0, runsTotal: 0, fraction: 0, done: false }, data: null }));
      for (let k = 0; k < count; k++) {
        if (!workers[k]) {
          workers[k] = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
          workers[k].onerror = (e) => {
            stop();
            showAlert(`The ${kind} worker failed: ${e.message || "could not start"}`);
          };
        }
        workers[k].onmessage = onMessage(k);
        workers[k].postMessage({ cmd: "start", id, kind, hash, shard: k, shards: count, extra });
      }
    });
    cancel.addEventListener("click", () => workers.forEach((w) => w.postMessage({ cmd: "cancel", id })));
  }
}
