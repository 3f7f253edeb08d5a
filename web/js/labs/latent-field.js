// The Latent Field Lab on the page: its descriptor (see ../labs.js) and its
// "what to try" buttons. It runs no experiments, so it has no worker part.
import { fetchBytes, formatHash } from "../util.js";

/** The Latent Field Lab's descriptor (what it may hold: ../labs.js). */
export default {
  title: "Latent Field Lab",
  // The digits are fetched when the tab first opens, not in the first load.
  create: async (B, hash) => new B.LatentLab(hash, await fetchBytes("data/digits8x8.bin")),
  fields: { train: "l-train", wd: "l-wd", h: "l-h", k: "l-k", epochs: "l-epochs", lr: "l-lr", batch: "l-batch", grid: "l-grid", seed: "l-seed" },
  // One epoch per call; a long epoch or an attractor analysis is spread over
  // calls by the core (the status line says so).
  chunk: 1,
  unit: "epoch",
  total: "epochs",
  slowFigures: ["field", "codes", "attractors", "curves"],
  defaultShow: "field,attractors",
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
