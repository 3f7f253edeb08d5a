// The experiment panels: each runs in its own worker, shows progress, can be
// cancelled, and shows the finished figures, table and findings.
import { showAlert, download } from "./util.js";

const FIGURES = { study: ["study", "sweep"], sweep: ["sweep"], positions: ["positions"] };
const SIZE = { study: [860, 460], sweep: [860, 420], positions: [1200, 620] };

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

// Rebuilds the results from the worker's CSV and draws each figure as SVG.
function showResults(B, panel, kind, msg) {
  const results = B.ExperimentResults.restore(kind, msg.csv, msg.sweepCsv, msg.prototypes);
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
  if (msg.sweepCsv && msg.sweepCsv.split("\n").length > 2) add("Download τ-sweep CSV", "protolab-sweep.csv", msg.sweepCsv, "text/csv");
  for (const [name, svg] of Object.entries(msg.svgs || {})) add(`Download ${name} SVG`, `protolab-${name}.svg`, svg, "image/svg+xml");
}

export function setupExperiments(B, currentHash) {
  for (const panel of document.querySelectorAll(".experiment")) {
    const kind = panel.id.replace("exp-", "");
    const run = panel.querySelector(`[data-run="${kind}"]`);
    const cancel = panel.querySelector(`[data-cancel="${kind}"]`);
    const bar = panel.querySelector("progress");
    const status = panel.querySelector(".status");
    let worker = null;
    let id = 0;
    let started = 0;
    const stop = () => {
      run.disabled = false;
      cancel.disabled = true;
    };
    run.addEventListener("click", () => {
      worker = worker || new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
      worker.onmessage = ({ data: msg }) => {
        if (msg.id !== id) return;
        if (msg.type === "progress" || msg.type === "done") {
          const p = msg.progress;
          bar.value = p.fraction;
          const secs = ((performance.now() - started) / 1000).toFixed(1);
          status.textContent = `${p.runsDone} / ${p.runsTotal} runs · ${secs} s`;
          const data = msg.type === "done" ? msg : msg.partial;
          if (data) {
            try {
              const { results, svgs } = showResults(B, panel, kind, data);
              if (msg.type === "done") {
                if (kind === "study") {
                  renderTable(panel.querySelector("table.results"), results.table());
                  renderFindings(panel.querySelector(".findings"), results.findings());
                }
                downloads(panel, kind, { ...msg, svgs });
              }
              results.free();
            } catch (e) {
              showAlert(`Could not show the ${kind} results: ${e.message}`);
            }
          }
        }
        if (msg.type === "done") {
          stop();
          status.textContent += " · done";
        } else if (msg.type === "cancelled") {
          stop();
          status.textContent = "cancelled";
        } else if (msg.type === "error") {
          stop();
          showAlert(`The ${kind} stopped: ${msg.message}`);
        }
      };
      worker.onerror = (e) => {
        stop();
        showAlert(`The ${kind} worker failed: ${e.message || "could not start"}`);
      };
      id += 1;
      started = performance.now();
      bar.value = 0;
      status.textContent = "starting…";
      run.disabled = true;
      cancel.disabled = false;
      worker.postMessage({ cmd: "start", id, kind, hash: currentHash() });
    });
    cancel.addEventListener("click", () => worker && worker.postMessage({ cmd: "cancel", id }));
  }
}
