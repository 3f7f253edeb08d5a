// The Latent Field Lab on the page: its descriptor (see ../labs.js), the view
// of its trend and its "what to try" buttons. Its worker part builds the
// trend: latent-field.worker.js.
import { fetchBytes, formatHash } from "../util.js";
import { csvSweepView, num } from "../results.js";

const DIGITS = "data/digits8x8.bin";

// Per weight decay and checkpoint, the means over the seeds (the README's
// table, docs/labs/latent-field.md#findings).
function renderTrendTable(table, rows) {
  const head = "<tr><th>weight decay</th><th>epoch</th><th>attractors</th><th>memorised</th><th>converged</th><th>train MSE</th><th>held-out MSE</th><th>runs</th></tr>";
  const body = rows.map((r) =>
    `<tr><td>${r.weightDecay}</td><td>${r.epoch}</td><td>${num(r.attractors, 2)}</td><td>${num(r.memorised, 2)}</td><td>${num(r.converged, 2)}</td>` +
    `<td>${num(r.trainMse, 4)}</td><td>${num(r.heldMse, 4)}</td><td>${r.runs}${r.diverged ? ` (${r.diverged} diverged)` : ""}</td></tr>`);
  table.innerHTML = `<caption>Mean over seeds at each checkpoint (24 × 24 trajectory starts). Memorised: the share of attractors that decode to a training image (our definition).</caption>${head}${body.join("")}`;
}

/** The Latent Field Lab's descriptor (what it may hold: ../labs.js). */
export default {
  title: "Latent Field Lab",
  // The digits are fetched when the tab first opens, not in the first load.
  create: async (B, hash) => new B.LatentLab(hash, await fetchBytes(DIGITS)),
  fields: { train: "l-train", wd: "l-wd", h: "l-h", k: "l-k", epochs: "l-epochs", lr: "l-lr", batch: "l-batch", grid: "l-grid", seed: "l-seed" },
  // One epoch per call; a long epoch or an attractor analysis is spread over
  // calls by the core (the status line says so).
  chunk: 1,
  unit: "epoch",
  total: "epochs",
  slowFigures: ["field", "codes", "attractors", "curves"],
  defaultShow: "field,attractors",
  experiments: {
    trend: {
      ...csvSweepView({
        name: "trend",
        results: (B) => B.LatentTrendResults,
        size: [860, 400],
        table: (t, results) => renderTrendTable(t, results.summary()),
        csv: ["Download trend CSV", "protolab-latent-trend.csv"],
      }),
      // A worker cannot share the page's copy of the digits: the bytes go with the job.
      extra: async () => ({ bytes: await fetchBytes(DIGITS) }),
    },
  },
  // Each button's `data-try-latent` holds hash keys to set over the controls'
  // config; the lab is rebuilt with them and plays.
  setup(B, page) {
    for (const b of document.querySelectorAll("[data-try-latent]")) {
      b.addEventListener("click", () => {
        const p = new URLSearchParams(page.hashFromControls());
        for (const [k, v] of new URLSearchParams(b.dataset.tryLatent)) p.set(k, v);
        page.load(formatHash(p)).then(page.play);
      });
    }
  },
};
