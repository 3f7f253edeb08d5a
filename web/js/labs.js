// What the page needs to know about each lab: how to build one from a hash,
// which control holds which hash key, and how to step it. `fill`, `read` and
// `extraControls` are for keys that are not one control each (optional). Everything else
// (play/pause, the hash, copy link, embed, export) is shared in app.js.
import { byId } from "./util.js";

// Data files fetched once, when a tab first needs them (not in the first load).
const files = new Map();
export function fetchBytes(url) {
  if (!files.has(url)) {
    const p = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
        return r.arrayBuffer();
      })
      .then((b) => new Uint8Array(b));
    p.catch(() => files.delete(url));
    files.set(url, p);
  }
  return files.get(url);
}

/** The data file a Capacity Lab hash needs. */
export const capacityFile = (hash) =>
  new URLSearchParams(hash.replace(/^#/, "")).get("data") === "digits" ? "data/digits8x8.bin" : "data/mnist-pairs.bin";

const checkbox = (mask, letter, id) => (byId(id).checked = mask.includes(letter));

export const LABS = {
  prototypes: {
    title: "Prototype Lab",
    create: (B, hash) => new B.Lab(hash),
    // hash key → control id
    fields: { N: "N", target: "target", seed: "seed", lamC: "lamC", lamS: "lamS", lamO: "lamO", tauC: "tauC", tauS: "tauS", tauUnits: "tauUnits", lr: "lr", steps: "steps" },
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
    slowFigures: ["losses", "metrics"],
    defaultShow: "fit,prototypes",
  },
  abstraction: {
    title: "Abstraction Lab",
    create: (B, hash) => new B.AbstractionLab(hash),
    fields: { D: "a-D", P: "a-P", width: "a-width", lam: "a-lam", lr: "a-lr", adam: "a-adam", steps: "a-steps", noise: "a-noise", seed: "a-seed" },
    // As many steps per call as its work budget allows (a metric sample, which
    // trains classifiers, is spread over calls by the core).
    chunk: Infinity,
    slowFigures: ["curves"],
    defaultShow: "kernels,pca,curves",
  },
  "latent-field": {
    title: "Latent Field Lab",
    create: async (B, hash) => new B.LatentLab(hash, await fetchBytes("data/digits8x8.bin")),
    fields: { train: "l-train", wd: "l-wd", h: "l-h", k: "l-k", epochs: "l-epochs", lr: "l-lr", batch: "l-batch", grid: "l-grid", seed: "l-seed" },
    // One epoch per call; a long epoch or an attractor analysis is spread over
    // calls by the core (the status line says so).
    chunk: 1,
    unit: "epoch",
    total: "epochs",
    slowFigures: ["field", "codes", "attractors", "curves"],
    defaultShow: "field,attractors",
  },
  capacity: {
    title: "Capacity Lab",
    create: async (B, hash) => new B.CapacityLab(hash, await fetchBytes(capacityFile(hash))),
    fields: { data: "c-data", pair: "c-pair", H: "c-H", lr: "c-lr", epochs: "c-epochs", seed: "c-seed", finetune: "c-finetune", small: "c-small", large: "c-large" },
    // One epoch (of the dense, a pruned or a corruption net) per call.
    chunk: 1,
    unit: "epoch",
    totalOf: (lab) => lab.totalSteps(),
    slowFigures: ["pruning", "noise", "saliency"],
    defaultShow: "training,pruning",
  },
};

/** The lab a hash names (`lab=…`), the Prototype Lab when absent or unknown. */
export function labOf(params) {
  const id = params.get("lab");
  return Object.hasOwn(LABS, id) ? id : "prototypes";
}
