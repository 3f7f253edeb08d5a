// The experiment panels: each `.experiment` with id `exp-<kind>` inside a
// lab's `[data-lab]` section runs in background workers, shows progress, can
// be cancelled, and hands what the workers send to its lab's view of that kind
// (the descriptor's `experiments[kind]`), which draws figures, tables and
// download buttons. The lab's worker module builds the same kind (worker.js).
//
// Before any click a panel shows the results that ship with the page
// (precomputed.js), labelled with the version that made them; when the lab's
// settings differ from those results' they are greyed and say so
// (docs/labs/README.md#precomputed-results).
//
// A view: { show(ctx), name?, sharded?, extra?(hash), precomputed?(B, files), embed? }
//   show({ B, panel, kind, parts, final })
//            draws `parts` (the latest message of each worker that sent one),
//            while they run and once more with `final` when all are done
//   name     what messages call the experiment (default: its kind)
//   sharded  false: one worker does all runs (default: one worker per core,
//            each handed runs as it frees up if its experiment can `pull`,
//            else running its shard, as the CLI's `--shard i/n`)
//   extra    what the workers need besides the hash (a promise; e.g. data bytes)
//   precomputed
//            the `parts` of the shipped files ({ part name: text }, as the
//            manifest names them); default: the files are the one part
//   embed    `show=` name → the figure (`data-exp-figure`) an embed shows alone
import { showAlert } from "./util.js";
import { differing, precomputed } from "./precomputed.js";

// The next chunk of runs for a worker that asks ("want"): places `from ..
// from + count` of the longest-first order whose costs the workers sent (the
// CLI's rule, over all the experiment's plans at once), about a third of
// a worker's share of what is left and at least a thousandth of the whole, so
// chunks shrink towards the end and the workers finish together. `count` 0:
// no runs left.
function handOut(queue, workers) {
  const { costs, total } = queue;
  const want = Math.max(queue.left / (3 * workers), total / 1000);
  const from = queue.next;
  let got = 0;
  while (queue.next < costs.length && (got === 0 || got + costs[queue.next] <= want)) got += costs[queue.next++];
  queue.left -= got;
  return { from, count: queue.next - from };
}

// Workers for a sharded experiment: one per core, at most four.
const WORKERS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));

// The panel's line saying where the shown results come from.
function provenanceOf(panel) {
  let p = panel.querySelector(".provenance");
  if (!p) {
    p = Object.assign(document.createElement("p"), { className: "provenance" });
    p.setAttribute("aria-live", "polite");
    panel.querySelector(".run-row").after(p);
  }
  return p;
}

/**
 * Wires every experiment panel of the page. `labs`: lab id → descriptor;
 * `hashOf(labId)`: the config an experiment of that lab starts from.
 * Returns `{ shown(labId, hash), embed(labId, show) }`: the controller calls
 * `shown` whenever a lab's config becomes live (the panels load their shipped
 * results the first time and compare settings every time), and `embed` to
 * show one experiment figure alone (a `show=` name of a view's `embed`); it returns whether it did.
 */
export function setupExperiments(B, labs, hashOf) {
  const panels = []; // { labId, kind, view, panel, state }
  const settingsOf = (labId) => {
    const infos = B.settings(labId);
    const keys = infos.map((s) => ({ key: s.key, view: s.view }));
    for (const s of infos) s.free();
    return keys;
  };
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
    const label = run.textContent;
    // Where the shown results come from: { what: "precomputed" | "browser",
    // source: the link they were made at, entry: the manifest's entry }.
    const state = { shown: null, entry: null, loaded: false };
    const me = { labId, kind, view, panel, state, settings: null };
    panels.push(me);
    const bar = panel.querySelector("progress");
    const status = panel.querySelector(".status");
    const count = view.sharded === false ? 1 : WORKERS;
    const workers = [];
    let id = 0;
    let started = 0;
    let shards = [];
    // Runs handed out to workers that pull (see handOut), for this run.
    let queue = null;
    let runHash = "";
    const stop = () => {
      run.disabled = false;
      cancel.disabled = true;
    };
    const update = (final) => {
      // A fixed shard counts its own runs; pulling workers count against all of them.
      const p = shards.reduce(
        (a, s) => ({
          done: a.done + s.progress.runsDone,
          total: queue ? Math.max(a.total, s.progress.runsTotal) : a.total + s.progress.runsTotal,
          f: a.f + s.progress.fraction / (queue ? 1 : shards.length),
        }),
        { done: 0, total: 0, f: 0 },
      );
      bar.value = p.f;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${p.done} / ${p.total} runs · ${secs} s · ${count} worker${count > 1 ? "s" : ""}${final ? " · done" : ""}`;
    };
    const show = (parts, final) => {
      if (parts.length === 0) return false;
      try {
        view.show({ B, panel, kind, parts, final });
        return true;
      } catch (e) {
        showAlert(`Could not show the ${view.name || kind} results: ${e.message}`);
        return false;
      }
    };
    const onMessage = (k) => ({ data: msg }) => {
      if (msg.id !== id) return;
      if (msg.type === "progress" || msg.type === "done") {
        shards[k].progress = msg.progress;
        if (msg.type === "done") shards[k].data = msg;
        else if (msg.partial) shards[k].data = msg.partial;
        const final = shards.every((s) => s.progress.done);
        if (!final) update(false);
        const parts = shards.map((s) => s.data).filter(Boolean);
        if (final) {
          stop();
          if (show(parts, true)) {
            state.shown = { what: "browser", source: runHash };
            me.label();
          }
          // The time shown runs from the click to the results drawn.
          update(true);
        } else if (msg.partial && show(parts, false)) {
          state.shown = { what: "running", source: runHash };
          me.label();
        }
      } else if (msg.type === "want") {
        if (msg.costs && !queue) {
          const total = msg.costs.reduce((a, c) => a + c, 0);
          queue = { costs: msg.costs, total, left: total, next: 0 };
        }
        workers[k]?.postMessage({ cmd: "take", id, ...handOut(queue, count) });
      } else if (msg.type === "cancelled") {
        stop();
        if (status.textContent !== "failed") status.textContent = "cancelled";
      } else if (msg.type === "error") {
        stop();
        status.textContent = "failed";
        // The other workers' runs could not be shown: they stop too.
        workers.forEach((w) => w?.postMessage({ cmd: "cancel", id }));
        showAlert(`The ${kind} stopped: ${msg.message}`);
      }
    };
    // The provenance line, the button's label and the greying, from what is
    // shown and the lab's settings now.
    me.label = () => {
      const p = provenanceOf(panel);
      const shown = state.shown;
      const varies = state.entry?.varies ?? [];
      me.settings ??= settingsOf(labId);
      const diff = shown && shown.what !== "running" ? differing(me.settings, hashOf(labId), shown.source, varies) : [];
      panel.classList.toggle("stale", diff.length > 0);
      panel.dataset.results = shown ? shown.what : state.entry && !state.entry.files ? "missing" : "none";
      if (!shown) {
        p.textContent = state.entry && !state.entry.files ? "Not precomputed yet — Run in your browser." : "";
        run.textContent = label;
      } else if (shown.what === "precomputed") {
        p.textContent = diff.length
          ? `These were computed at the defaults; your settings differ (${diff.join(", ")}) — run again.`
          : `Precomputed at the defaults with protolab v${state.entry.version} (${state.entry.plan}).`;
        run.textContent = "Run again in your browser";
      } else if (shown.what === "running") {
        p.textContent = "Running in your browser…";
      } else {
        p.textContent = diff.length ? `Computed in your browser at other settings (${diff.join(", ")} differ) — run again.` : "Computed in your browser at these settings.";
        run.textContent = "Run again in your browser";
      }
    };
    // The shipped results, once: shown unless the browser's own are there.
    me.loadShipped = async () => {
      if (state.loaded) return;
      state.loaded = true;
      let found;
      try {
        found = await precomputed(labId, kind);
      } catch (e) {
        // The page works without them: say so in the panel, not as an alert.
        provenanceOf(panel).textContent = `The precomputed results could not be loaded (${e.message || e}) — Run in your browser.`;
        state.loaded = false;
        return;
      }
      if (!found) return;
      state.entry = found.entry;
      let unreadable = false;
      if (found.files && !state.shown) {
        // A damaged file is named in the alert (the core's reader gives the line); the panel stays usable.
        const parts = view.precomputed ? view.precomputed(B, found.files) : [found.files];
        if (show(parts, true)) state.shown = { what: "precomputed", source: found.entry.config };
        else unreadable = true;
      }
      me.label();
      if (unreadable) provenanceOf(panel).textContent = "The precomputed results could not be read — Run in your browser.";
    };
    // The workers, started at the first sign the run is wanted (the pointer
    // on the button, or focus) so their module and wasm load while the hand
    // moves: about a tenth of a second a worker (docs/speed.md).
    const spawn = () => {
      for (let k = 0; k < count; k++) {
        if (workers[k]) continue;
        workers[k] = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
        workers[k].onerror = (e) => {
          // A broken worker is dropped (the next run starts a new one); it
          // is the user's business only if a run was waiting on it.
          workers[k].terminate();
          workers[k] = null;
          if (!cancel.disabled) {
            stop();
            status.textContent = "failed";
            showAlert(`The ${kind} worker failed: ${e.message || "could not start"}`);
          }
        };
      }
    };
    run.addEventListener("pointerenter", spawn);
    run.addEventListener("focus", spawn);
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
      // A smaller plan for the end-to-end tests only (tests/e2e/precomputed.mjs):
      // the same runs as the full one, fewer of them.
      if (window.protolabTestPlan) extra = { ...extra, testPlan: window.protolabTestPlan };
      started = performance.now();
      runHash = hash;
      shards = Array.from({ length: count }, () => ({ progress: { runsDone: 0, runsTotal: 0, fraction: 0, done: false }, data: null }));
      queue = null;
      spawn();
      for (let k = 0; k < count; k++) {
        workers[k].onmessage = onMessage(k);
        // With more than one worker, an experiment that can pull takes its
        // runs as it frees up; others (and a lone worker) run their shard.
        workers[k].postMessage({ cmd: "start", id, kind, hash, shard: k, shards: count, pull: count > 1, extra });
      }
    });
    cancel.addEventListener("click", () => workers.forEach((w) => w?.postMessage({ cmd: "cancel", id })));
  }
  return {
    shown(labId) {
      for (const p of panels.filter((p) => p.labId === labId)) {
        p.label();
        // After the first paint: the shipped results are never part of the first load.
        requestAnimationFrame(() => setTimeout(p.loadShipped, 0));
      }
    },
    embed(labId, show) {
      document.body.classList.remove("embed-experiment");
      for (const el of document.querySelectorAll("[data-embed-shown]")) el.removeAttribute("data-embed-shown");
      const hit = panels.filter((p) => p.labId === labId).flatMap((p) => show.filter((s) => p.view.embed?.[s]).map((s) => [p, p.view.embed[s]]));
      if (hit.length === 0) return false;
      document.body.classList.add("embed-experiment");
      for (const [p, figure] of hit) {
        p.panel.setAttribute("data-embed-shown", "");
        p.panel.querySelector(`[data-exp-figure="${figure}"]`).setAttribute("data-embed-shown", "");
        provenanceOf(p.panel).setAttribute("data-embed-shown", "");
      }
      return true;
    },
  };
}
