// The Abstraction Lab on the page: its descriptor (see ../labs.js), the view of
// its λ-sweep, and its "Try λ =" buttons. Its worker part builds the sweep:
// abstraction.worker.js.
import { byId } from "../util.js";
import { csvSweepView, num } from "../results.js";

function renderLambdaTable(table, rows) {
  const head = "<tr><th>λ</th><th>runs</th><th>PS</th><th>CCGP</th><th>alignment</th><th>shattering</th></tr>";
  const body = rows.map((r) =>
    `<tr><td>${r.lambda === 0 ? "0" : r.lambda.toPrecision(2)}</td><td>${r.runs}${r.collapsed ? ` (${r.collapsed} collapsed)` : ""}${r.diverged ? ` (${r.diverged} diverged)` : ""}</td>` +
    `<td>${num(r.ps)}</td><td>${num(r.ccgp)}</td><td>${num(r.alignment)}</td><td>${num(r.shattering)}</td></tr>`);
  table.innerHTML = `<caption>Mean over seeds at the end of training. Collapsed: the hidden layer no longer varies across conditions, so it has no geometry to score.</caption>${head}${body.join("")}`;
}

/** The Abstraction Lab's descriptor (what it may hold: ../labs.js). */
export default {
  title: "Abstraction Lab",
  create: (B, hash) => new B.AbstractionLab(hash),
  fields: { D: "a-D", P: "a-P", width: "a-width", lam: "a-lam", lr: "a-lr", adam: "a-adam", steps: "a-steps", noise: "a-noise", seed: "a-seed" },
  // As many steps per call as its work budget allows (a metric sample, which
  // trains classifiers, is spread over calls by the core).
  chunk: Infinity,
  total: "steps",
  slowFigures: ["curves"],
  defaultShow: "kernels,pca,curves",
  experiments: {
    lambda: csvSweepView({
      name: "λ-sweep",
      results: (B) => B.LambdaSweepResults,
      size: [860, 440],
      table: (t, results) => renderLambdaTable(t, results.summary()),
      csv: ["Download λ-sweep CSV", "protolab-lambda-sweep.csv"],
    }),
  },
  // "Try λ = …": sets weight decay in the controls, rebuilds and plays.
  setup(B, page) {
    for (const b of document.querySelectorAll("[data-try-lam]")) {
      b.addEventListener("click", () => {
        byId("a-lam").value = b.dataset.tryLam;
        page.load(page.hashFromControls()).then(page.play);
      });
    }
  },
};
