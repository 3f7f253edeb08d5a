// The Prototype Lab's experiment views (study, τ-sweep, positions): tables,
// findings, figures and downloads from the workers' parts or from the results
// that ship with the page (data/results, see ../precomputed.js), and click to
// replay: a study row or a figure's point opens its run in the lab above
// (../replay.js; docs/labs/README.md#precomputed-results).
import { meanSd, showDownloads, showSvg, svgDownloads } from "../results.js";
import { clickableFigure, replay } from "../replay.js";
import { showExplorer } from "../explorer.js";

// The figures each experiment draws, and each figure's SVG size.
const FIGURES = { study: ["study", "sweep"], sweep: ["sweep"], positions: ["positions"] };
const SIZE = { study: [860, 460], sweep: [860, 420], positions: [1200, 620] };

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

// One row per (mask, N) cell; the mask is a button that replays one of the
// cell's runs (a click anywhere on the row does the same).
function renderTable(table, cells, runsOf) {
  const head = "<tr><th>mask</th><th>N</th><th>runs</th><th>recon</th><th>specialization</th><th>hull escape</th><th>fit MSE</th></tr>";
  const rows = cells.map((c) =>
    `<tr data-mask="${esc(c.mask)}" data-n="${c.N}"><td><button type="button" class="replay" title="Replay a run of this cell in the lab above">${esc(c.mask)}</button></td><td>${c.N}</td><td>${c.runs}${c.diverged ? ` (${c.diverged} diverged)` : ""}</td>` +
    `<td>${meanSd(c.recon, 4)}</td><td>${meanSd(c.specialization)}</td><td>${meanSd(c.hullEscape)}</td><td>${meanSd(c.fit, 5)}</td></tr>`);
  table.innerHTML = `<caption>Mean ± sd over seeds per mask and N — click a row to replay one of its runs</caption>${head}${rows.join("")}`;
  table.onclick = (e) => {
    const tr = e.target.closest("tr[data-mask]");
    if (!tr) return;
    const n = Number(tr.dataset.n);
    replay(runsOf(tr.dataset.mask, n), `${tr.dataset.mask}, N = ${n}`, tr.querySelector("button"));
  };
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

// Rebuilds the results from the parts (positions: one part, which also holds
// the prototypes — or, shipped, the positions CSV), draws each figure as SVG
// (clickable to replay), and once every worker is done hands the results and
// SVGs to `done`. The panel keeps the last final results for the clicks.
function showRestored({ B, panel, kind, parts, final }, done) {
  const p0 = parts[0];
  const results = kind !== "positions"
    ? B.ExperimentResults.restoreParts(kind, parts.map((p) => p.csv), parts.map((p) => p.sweepCsv ?? ""))
    : p0.positions !== undefined
      ? B.ExperimentResults.restorePositions(p0.csv, p0.positions)
      : B.ExperimentResults.restore(kind, p0.csv, p0.sweepCsv, p0.prototypes);
  let keep = false;
  try {
    const svgs = {};
    for (const name of FIGURES[kind]) {
      svgs[name] = results.svg(name, ...SIZE[name]);
      showSvg(panel, name, svgs[name]);
    }
    if (final) {
      done(results, svgs);
      panel.protolabResults?.free();
      panel.protolabResults = results;
      // The results' CSV, for the end-to-end test that compares a rerun with the shipped one.
      panel.protolabCsv = results.csv();
      keep = true;
      for (const name of FIGURES[kind]) {
        const holder = panel.querySelector(`[data-exp-figure="${name}"]`);
        if (holder) clickableFigure(holder, SIZE[name], (x, y) => panel.protolabResults.runsAt(name, ...SIZE[name], x, y));
      }
    }
  } finally {
    if (!keep) results.free();
  }
}

const csvItem = (label, name, csv) => [label, name, csv, "text/csv"];

// The study's τ-sweep part, merged from every worker (empty but for its header
// when the study ran none).
function studySweepCsv(B, parts) {
  const sweep = B.ExperimentResults.restoreParts("sweep", parts.map((p) => p.sweepCsv ?? ""), []);
  try {
    return sweep.csv();
  } finally {
    sweep.free();
  }
}

/** Experiment kind → its view (see ../experiments.js). */
export const experiments = {
  study: {
    embed: { study: "study" },
    show: (ctx) => showRestored(ctx, (results, svgs) => {
      const { B, panel, parts } = ctx;
      renderTable(panel.querySelector("table.results"), results.table(), (mask, n) => panel.protolabResults.cellRuns(mask, n));
      renderFindings(panel.querySelector(".findings"), results.findings());
      showExplorer(B, panel.querySelector("[data-explorer]"), parts.map((p) => p.csv));
      const items = [csvItem("Download study CSV", "protolab-study.csv", results.csv())];
      const sweepCsv = studySweepCsv(B, parts);
      if (sweepCsv.split("\n").length > 2) items.push(csvItem("Download τ-sweep CSV", "protolab-sweep.csv", sweepCsv));
      showDownloads(panel, [...items, ...svgDownloads(svgs)]);
    }),
  },
  sweep: {
    embed: { tau: "sweep" },
    show: (ctx) => showRestored(ctx, (results, svgs) =>
      showDownloads(ctx.panel, [csvItem("Download τ-sweep CSV", "protolab-sweep.csv", results.csv()), ...svgDownloads(svgs)])),
  },
  // Eight runs on the same data and initial network: one worker.
  positions: {
    sharded: false,
    embed: { positions: "positions" },
    show: (ctx) => showRestored(ctx, (results, svgs) => showDownloads(ctx.panel, svgDownloads(svgs))),
  },
};
