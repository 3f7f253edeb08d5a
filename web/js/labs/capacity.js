// The Capacity Lab on the page: its descriptor (see ../labs.js) and the view of
// its width sweep, whose scope control and image file the page hands to the
// workers. Its worker part builds the sweep: capacity.worker.js.
import { byId, fetchBytes, parseHash } from "../util.js";
import { csvSweepView, num } from "../results.js";
import { withSizes } from "./sizes.js";

/** The image file a Capacity Lab hash needs (`data=digits` or MNIST pairs). */
const dataFile = (hash) => (parseHash(hash).get("data") === "digits" ? "data/digits8x8.bin" : "data/mnist-pairs.bin");

function renderWidthTable(table, results, pass) {
  const minima = results.minima().map((m) => `${m.pair}: ${m.minWidth === null ? "never" : "H = " + m.minWidth}`).join(" · ");
  const head = "<tr><th>pair</th><th>H</th><th>runs</th><th>mean F1</th></tr>";
  const body = results.summary().map((r) => `<tr><td>${r.pair}</td><td>${r.H}</td><td>${r.runs}</td><td>${num(r.f1)}</td></tr>`);
  table.innerHTML = `<caption>Smallest width with mean F1 &gt; ${pass} — ${minima}</caption>${head}${body.join("")}`;
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
