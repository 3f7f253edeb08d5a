// The Prototype Lab on the page: its descriptor (see ../labs.js), the views of
// its three experiments (study, τ-sweep, positions), and its extras — your own
// data and the state file (prototypes-data.js). Its worker part builds the
// same experiment kinds: prototypes.worker.js.
import { byId } from "../util.js";
import { meanSd, showDownloads, showSvg, svgDownloads } from "../results.js";
import { setupOwnData } from "./prototypes-data.js";
import { setupCompare } from "../compare.js";
import { setupInspector } from "../inspector.js";
import { showExplorer } from "../explorer.js";

const checkbox = (mask, letter, id) => (byId(id).checked = mask.includes(letter));

// The figures each experiment draws, and each figure's SVG size.
const FIGURES = { study: ["study", "sweep"], sweep: ["sweep"], positions: ["positions"] };
const SIZE = { study: [860, 460], sweep: [860, 420], positions: [1200, 620] };

function renderTable(table, cells) {
  const head = "<tr><th>mask</th><th>N</th><th>runs</th><th>recon</th><th>specialization</th><th>hull escape</th><th>fit MSE</th></tr>";
  const rows = cells.map((c) =>
    `<tr><td>${c.mask}</td><td>${c.N}</td><td>${c.runs}${c.diverged ? ` (${c.diverged} diverged)` : ""}</td>` +
    `<td>${meanSd(c.recon, 4)}</td><td>${meanSd(c.specialization)}</td><td>${meanSd(c.hullEscape)}</td><td>${meanSd(c.fit, 5)}</td></tr>`);
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

// Rebuilds the results from the workers' parts (positions: one worker, which
// also sent the prototypes), draws each figure as SVG, and once every worker
// is done hands the results and SVGs to `done`.
function showRestored({ B, panel, kind, parts, final }, done) {
  const results = kind === "positions"
    ? B.ExperimentResults.restore(kind, parts[0].csv, parts[0].sweepCsv, parts[0].prototypes)
    : B.ExperimentResults.restoreParts(kind, parts.map((p) => p.csv), parts.map((p) => p.sweepCsv));
  try {
    const svgs = {};
    for (const name of FIGURES[kind]) {
      svgs[name] = results.svg(name, ...SIZE[name]);
      showSvg(panel, name, svgs[name]);
    }
    if (final) done(results, svgs);
  } finally {
    results.free();
  }
}

const csvItem = (label, name, csv) => [label, name, csv, "text/csv"];

// The study's τ-sweep part, merged from every worker (empty but for its header
// when the study ran none).
function studySweepCsv(B, parts) {
  const sweep = B.ExperimentResults.restoreParts("sweep", parts.map((p) => p.sweepCsv), []);
  try {
    return sweep.csv();
  } finally {
    sweep.free();
  }
}

/** The Prototype Lab's descriptor (what it may hold: ../labs.js). */
export default {
  title: "Prototype Lab",
  create: (B, hash) => new B.Lab(hash),
  // hash key → control id
  fields: { N: "N", target: "target", seed: "seed", lamC: "lamC", lamS: "lamS", lamO: "lamO", tauC: "tauC", tauS: "tauS", tauUnits: "tauUnits", lr: "lr", steps: "steps", compare: "compare" },
  // The mask is three checkboxes, one hash key.
  extraControls: ["useC", "useS", "useO"],
  fill(p) {
    const mask = p.get("mask") || "";
    checkbox(mask, "C", "useC");
    checkbox(mask, "S", "useS");
    checkbox(mask, "O", "useO");
  },
  read(p, current) {
    const mask = (byId("useC").checked ? "C" : "") + (byId("useS").checked ? "S" : "") + (byId("useO").checked ? "O" : "");
    p.set("mask", mask || "base");
    // User points stay when other settings change (N follows them).
    const pts = current.get("pts");
    if (pts) p.set("pts", pts);
  },
  // Steps per call inside a frame (the core measures every sampleEvery() steps).
  chunk: 25,
  total: "steps",
  slowFigures: ["losses", "metrics"],
  defaultShow: "fit,prototypes",
  experiments: {
    study: {
      show: (ctx) => showRestored(ctx, (results, svgs) => {
        const { B, panel, parts } = ctx;
        renderTable(panel.querySelector("table.results"), results.table());
        renderFindings(panel.querySelector(".findings"), results.findings());
        showExplorer(B, panel.querySelector("[data-explorer]"), parts.map((p) => p.csv));
        const items = [csvItem("Download study CSV", "protolab-study.csv", results.csv())];
        const sweepCsv = studySweepCsv(B, parts);
        if (sweepCsv.split("\n").length > 2) items.push(csvItem("Download τ-sweep CSV", "protolab-sweep.csv", sweepCsv));
        showDownloads(panel, [...items, ...svgDownloads(svgs)]);
      }),
    },
    sweep: {
      show: (ctx) => showRestored(ctx, (results, svgs) =>
        showDownloads(ctx.panel, [csvItem("Download τ-sweep CSV", "protolab-sweep.csv", results.csv()), ...svgDownloads(svgs)])),
    },
    // Eight runs on the same data and initial network: one worker.
    positions: {
      sharded: false,
      show: (ctx) => showRestored(ctx, (results, svgs) => showDownloads(ctx.panel, svgDownloads(svgs))),
    },
  },
  // Own data and state files, compare mode and the unit inspector: each
  // returns hooks; the controller gets them joined.
  setup(B, page) {
    const parts = [setupOwnData(B, page), setupCompare(B, page), setupInspector(B, page)];
    const all = (name) => (...args) => { for (const h of parts) h[name]?.(...args); };
    return Object.fromEntries(["adopted", "stepped", "reset", "beforeDraw", "afterDraw"].map((n) => [n, all(n)]));
  },
};
