// The experiment panels: each runs in its own worker, shows progress, can be
// cancelled, and shows the finished figures, table and findings.
import { showAlert, download } from "./util.js";

const FIGURES = { study: ["study", "sweep"], sweep: ["sweep"], positions: ["positions"] };
const SIZE = { study: [860, 460], sweep: [860, 420], positions: [1200, 620], lambda: [860, 440], widths: [860, 440] };

const fmt = (m, d = 3) => `${m.mean.toFixed(d)} ± ${m.sd.toFixed(d)}`;

function renderTable(table, cells) {
  const head = "<tr><th>mask</th><th>N</th><th>runs</th><th>recon</th><th>specialization</th><th>hull escape</th><th>fit MSE</th></tr>";
  const rows = cells.map((c) =>
    `<tr><td>${c.mask}</td><td>${c.N}</td><td>${c.runs}${c.diverged ? ` (${c.diverged} diverged)` : ""}</td>` +
    `<td>${fmt(c.recon, 4)}</td><td>${fmt(c.specialization)}</td><td>${fmt(c.hullEscape)}</td><td>${fmt(c.fit, 5)}</td></tr>`);
  table.innerHTML = `<caption>Mean ± sd over seeds per mask and N</caption>${head}${rows.join("")}`;
}

function renderFindings(box, findings) {
  box.innerHTML = "";
  for (const f of findings) {
    const div = document.createElement("div");
    div.className = "finding verdict-" + f.verdict.replace(/\s+/g, "-");
    const h = document.createElement("h4");
    h.textContent = `${f.id}: ${f.claim} — ${f.verdict}`;
    const crit = document.createElement("p");
    crit.className = "criterion";
    crit.textContent = "Criterion: " + f.criterion;
    const ul = document.createElement("ul");
    for (const d of f.detail) {
      const li = document.createElement("li");
      li.textContent = d;
      ul.append(li);
    }
    div.append(h, crit, ul);
    box.append(div);
  }
}

const num = (v, d = 3) => (v === null ? "—" : v.toFixed(d));

function renderLambdaTable(table, rows) {
  const head = "<tr><th>λ</th><th>runs</th><th>PS</th><th>CCGP</th><th>alignment</th><th>shattering</th></tr>";
  const body = rows.map((r) =>
    `<tr><td>${r.lambda === 0 ? "0" : r.lambda.toPrecision(2)}</td><td>${r.runs}${r.collapsed ? ` (${r.collapsed} collapsed)` : ""}${r.diverged ? ` (${r.diverged} diverged)` : ""}</td>` +
    `<td>${num(r.ps)}</td><td>${num(r.ccgp)}</td><td>${num(r.alignment)}</td><td>${num(r.shattering)}</td></tr>`);
  table.innerHTML = `<caption>Mean over seeds at the end of training. Collapsed: the hidden layer no longer varies across conditions, so it has no geometry to score.</caption>${head}${body.join("")}`;
}

function renderWidthTable(table, results, pass) {
  const minima = results.minima().map((m) => `${m.pair}: ${m.minWidth === null ? "never" : "H = " + m.minWidth}`).join(" · ");
  const head = "<tr><th>pair</th><th>H</th><th>runs</th><th>mean F1</th></tr>";
  const body = results.summary().map((r) => `<tr><td>${r.pair}</td><td>${r.H}</td><td>${r.runs}</td><td>${num(r.f1)}</td></tr>`);
  table.innerHTML = `<caption>Smallest width with mean F1 &gt; ${pass} — ${minima}</caption>${head}${body.join("")}`;
}

// Sweeps whose workers send one CSV each, merged by a results class.
const CSV_KINDS = {
  lambda: { results: (B) => B.LambdaSweepResults, table: (t, r) => renderLambdaTable(t, r.summary()), csv: ["Download λ-sweep CSV", "protolab-lambda-sweep.csv"], name: "λ-sweep" },
  widths: { results: (B) => B.WidthSweepResults, table: (t, r, B) => {
    const sizes = B.experimentSizes();
    renderWidthTable(t, r, sizes.passF1);
    sizes.free();
  }, csv: ["Download width-sweep CSV", "protolab-width-sweep.csv"], name: "width sweep" },
};

function showCsvKind(B, panel, kind, parts, final) {
  const k = CSV_KINDS[kind];
  const results = k.results(B).fromCsvs(parts.map((p) => p.csv));
  try {
    const [w, h] = SIZE[kind];
    const svg = results.svg(w, h);
    panel.querySelector(`[data-exp-figure="${kind}"]`).innerHTML = svg;
    if (final) {
      k.table(panel.querySelector("table.results"), results, B);
      downloads(panel, kind, { csv: results.csv(), svgs: { [kind]: svg } });
    }
  } finally {
    results.free();
  }
}

// Rebuilds the results from the workers' CSVs and draws each figure as SVG.
function showResults(B, panel, kind, parts) {
  const results = kind === "positions"
    ? B.ExperimentResults.restore(kind, parts[0].csv, parts[0].sweepCsv, parts[0].prototypes)
    : B.ExperimentResults.restoreParts(kind, parts.map((p) => p.csv), parts.map((p) => p.sweepCsv));
  const svgs = {};
  for (const name of FIGURES[kind]) {
    const [w, h] = name === "sweep" ? SIZE.sweep : SIZE[kind];
    svgs[name] = results.svg(name, w, h);
    const holder = panel.querySelector(`[data-exp-figure="${name}"]`);
    if (holder) holder.innerHTML = svgs[name];
  }
  return { results, svgs };
}

function downloads(panel, kind, msg) {
  const box = panel.querySelector(".downloads");
  if (!box) return;
  box.innerHTML = "";
  const add = (label, name, text, type) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => download(name, text, type));
    box.append(b);
  };
  if (kind === "study") add("Download study CSV", "protolab-study.csv", msg.csv, "text/csv");
  if (CSV_KINDS[kind]) add(...CSV_KINDS[kind].csv, msg.csv, "text/csv");
  if (msg.sweepCsv && msg.sweepCsv.split("\n").length > 2) add("Download τ-sweep CSV", "protolab-sweep.csv", msg.sweepCsv, "text/csv");
  else if (kind === "sweep") add("Download τ-sweep CSV", "protolab-sweep.csv", msg.csv, "text/csv");
  for (const [name, svg] of Object.entries(msg.svgs || {})) add(`Download ${name} SVG`, `protolab-${name}.svg`, svg, "image/svg+xml");
}

// The study and the sweep are split over one worker per core (shards of the
// run list, as `protolab study --shard i/n`); positions is 8 runs, one worker.
const WORKERS = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));

// `hashOf(labId)`: the config an experiment starts from; `extraOf(kind, hash)`:
// anything else its worker needs (a promise; e.g. the data file's bytes).
export function setupExperiments(B, hashOf, extraOf) {
  for (const panel of document.querySelectorAll(".experiment")) {
    const kind = panel.id.replace("exp-", "");
    const labId = panel.closest("[data-lab]").dataset.lab;
    const run = panel.querySelector(`[data-run="${kind}"]`);
    const cancel = panel.querySelector(`[data-cancel="${kind}"]`);
    const bar = panel.querySelector("progress");
    const status = panel.querySelector(".status");
    const count = kind === "positions" ? 1 : WORKERS;
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
      if (CSV_KINDS[kind]) {
        try {
          showCsvKind(B, panel, kind, parts, final);
        } catch (e) {
          showAlert(`Could not show the ${CSV_KINDS[kind].name} results: ${e.message}`);
        }
        return;
      }
      try {
        const { results, svgs } = showResults(B, panel, kind, parts);
        if (final) {
          if (kind === "study") {
            renderTable(panel.querySelector("table.results"), results.table());
            renderFindings(panel.querySelector(".findings"), results.findings());
          }
          const csv = kind === "positions" ? parts[0].csv : results.csv();
          const merged = kind === "study" ? B.ExperimentResults.restoreParts("sweep", parts.map((p) => p.sweepCsv), []).csv() : "";
          downloads(panel, kind, { csv, sweepCsv: merged, svgs });
        }
        results.free();
      } catch (e) {
        showAlert(`Could not show the ${kind} results: ${e.message}`);
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
        extra = await extraOf(kind, hash);
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
