// The Capacity Lab on the page: its descriptor (see ../labs.js) and the view of
// its width sweep, whose scope control and image file the page hands to the
// workers. Its worker part builds the sweep: capacity.worker.js.
import { byId, fetchBytes, parseHash } from "../util.js";
import { csvSweepView, num } from "../results.js";
import { withSizes } from "./sizes.js";

/** The image file a Capacity Lab hash needs (`data=digits` or MNIST pairs). */
const dataFile = (hash) => (parseHash(hash).get("data") === "digits" ? "data/digits8x8.bin" : "data/mnist-pairs.bin");

// One row per width H, one column per pair (one pair or all five): the mean
// F1 over seeds, with the run count where a cell has fewer runs than the most;
// the last row: each pair's smallest width whose mean F1 passes the mark.
function renderWidthTable(table, results, pass) {
  const summary = results.summary();
  const pairs = [...new Set(summary.map((r) => r.pair))];
  const widths = [...new Set(summary.map((r) => r.H))].sort((a, b) => a - b);
  const most = Math.max(...summary.map((r) => r.runs));
  const cell = new Map(summary.map((r) => [`${r.pair}|${r.H}`, r]));
  const minWidth = new Map(results.minima().map((m) => [m.pair, m.minWidth]));
  const head = `<tr><th>H</th>${pairs.map((p) => `<th>${p}</th>`).join("")}</tr>`;
  const body = widths.map((h) => `<tr><td>${h}</td>${pairs.map((p) => {
    const r = cell.get(`${p}|${h}`);
    return `<td>${r ? num(r.f1) + (r.runs < most ? ` (${r.runs} runs)` : "") : ""}</td>`;
  }).join("")}</tr>`);
  const foot = `<tfoot><tr><th>F1 &gt; ${pass} from</th>${pairs.map((p) => {
    const m = minWidth.get(p);
    return `<th>${m === null || m === undefined ? "never" : "H = " + m}</th>`;
  }).join("")}</tr></tfoot>`;
  table.innerHTML = `<caption>Mean held-out F1 over seeds (${most} runs a cell), per width and pair.</caption>${head}${body.join("")}${foot}`;
}

/** The Capacity Lab's descriptor (what it may hold: ../labs.js). */
export default {
  title: "Capacity Lab",
  create: async (B, hash) => new B.CapacityLab(hash, await fetchBytes(dataFile(hash))),
  fields: { data: "c-data", pair: "c-pair", H: "c-H", lr: "c-lr", epochs: "c-epochs", seed: "c-seed", finetune: "c-finetune", small: "c-small", large: "c-large" },
  // One epoch (of the dense, a pruned or a corruption net) per call.
  chunk: 1,
  unit: "epoch",
  totalOf: (lab) => lab.totalSteps(),
  slowFigures: ["pruning", "noise", "saliency"],
  defaultShow: "training,pruning",
  experiments: {
    widths: {
      ...csvSweepView({
        name: "width sweep",
        results: (B) => B.WidthSweepResults,
        size: [860, 440],
        // The pass mark is the core's, as in the CLI.
        table: (t, results, B) => withSizes(B, (s) => renderWidthTable(t, results, s.passF1)),
        csv: ["Download width-sweep CSV", "protolab-width-sweep.csv"],
      }),
      // A worker cannot read the scope control, and the page has the bytes
      // already (fetched once): both go with the job.
      extra: async (hash) => ({ all: byId("widths-scope").value === "all", bytes: await fetchBytes(dataFile(hash)) }),
    },
  },
};
