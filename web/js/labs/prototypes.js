// The Prototype Lab on the page: its descriptor (see ../labs.js), the views of
// its three experiments (study, τ-sweep, positions: prototypes.experiments.js),
// and its extras — your own data and the state file (prototypes-data.js). Its worker part builds the
// same experiment kinds: prototypes.worker.js.
import { byId } from "../util.js";
import { experiments } from "./prototypes.experiments.js";
import { setupOwnData } from "./prototypes-data.js";
import { setupCompare } from "../compare.js";
import { setupInspector } from "../inspector.js";

const checkbox = (mask, letter, id) => (byId(id).checked = mask.includes(letter));

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
  experiments,
  // Own data and state files, compare mode and the unit inspector: each
  // returns hooks; the controller gets them joined.
  setup(B, page) {
    const parts = [setupOwnData(B, page), setupCompare(B, page), setupInspector(B, page)];
    const all = (name) => (...args) => { for (const h of parts) h[name]?.(...args); };
    return Object.fromEntries(["adopted", "stepped", "reset", "beforeDraw", "afterDraw"].map((n) => [n, all(n)]));
  },
};
