// Compare mode of the Prototype Lab (docs/labs/prototypes.md#compare): with
// compare=MASK in the link, a second run — the same config with that mask, so
// the same data and initial network — is stepped in lockstep with the first,
// its prototypes drawn over the first's and its metrics in a second column.
// It is window.protolabCompare (the same API as window.protolab) while on.
import { byId } from "./util.js";

// The metrics readout's rows: label, LabMetrics field, digits.
const ROWS = [["step", "step", 0], ["recon (Hungarian)", "recon", 4], ["nearest", "nearest", 4], ["specialization", "specialization", 3], ["hull escape", "hullEscape", 3], ["fit MSE", "fit", 5]];
// The readout is refreshed at most this often while playing (metrics() may
// run a Hungarian assignment when the step is not a sampled one).
const READOUT_MS = 400;

/** Wires compare mode; returns the hooks the lab's descriptor passes on. */
export function setupCompare(B, page) {
  let cmp = null;
  let shownAt = -Infinity;
  const panel = byId("compare-readout");

  function drop() {
    if (cmp) cmp.free();
    cmp = null;
    delete window.protolabCompare;
    panel.hidden = true;
  }

  // Steps the second run up to the first's step count (work under way that
  // takes no step, e.g. a metric sample, goes on too).
  function sync(lab) {
    if (!cmp) return;
    const target = lab.stepCount();
    for (let guard = 0; guard < 100000; guard++) {
      const left = target - cmp.stepCount();
      if (left <= 0 && !cmp.isBusy()) break;
      const k = cmp.step(Math.max(0, Math.min(25, left)));
      if (k === 0 && !cmp.isBusy()) break;
      if (left <= 0) break;
    }
  }

  function overlay(lab) {
    if (!cmp) return lab.clearOverlay();
    if (cmp.divergence()) return lab.clearOverlay();
    const mask = new URLSearchParams(cmp.config()).get("mask");
    lab.setOverlay(cmp.prototypes(), `mask ${mask} (compare)`);
  }

  const cell = (m, field, digits) => (m ? (field === "step" ? String(m.step) : Number(m[field]).toFixed(digits)) : "—");

  function readout(lab, force = false) {
    if (!cmp) return;
    const now = performance.now();
    if (!force && now - shownAt < READOUT_MS) return;
    shownAt = now;
    const [a, b] = [lab, cmp].map((r) => new URLSearchParams(r.config()).get("mask"));
    const [ma, mb] = [lab.metrics(), cmp.metrics()];
    const head = `<tr><th scope="col">metric</th><th scope="col" title="this run's mask">${a}</th><th scope="col" title="the compare run's mask">${b} (compare)</th></tr>`;
    const rows = ROWS.map(([label, f, d]) => `<tr><th scope="row">${label}</th><td data-run="main">${cell(ma, f, d)}</td><td data-run="compare">${cell(mb, f, d)}</td></tr>`);
    const why = cmp.divergence();
    panel.querySelector("table").innerHTML = `<caption>Same data and initial network, stepped together</caption>${head}${rows.join("")}`;
    panel.querySelector(".note").textContent = why ? `The compare run diverged: ${why}.` : "";
    panel.hidden = false;
  }

  return {
    adopted(lab) {
      drop();
      const p = new URLSearchParams(lab.config());
      const mask = p.get("compare");
      if (!mask || mask === "off") return lab.clearOverlay();
      p.set("mask", mask);
      p.set("compare", "off");
      // The link carries the user's points (pts=) when the data is theirs.
      cmp = new B.Lab(p.toString());
      window.protolabCompare = cmp;
      sync(lab);
      readout(lab, true);
      page.redraw(); // the figures were drawn before the second run existed
    },
    stepped(lab) {
      sync(lab);
    },
    reset(lab) {
      if (!cmp) return;
      cmp.reset();
      sync(lab);
      readout(lab, true);
    },
    beforeDraw(lab) {
      if (cmp && cmp.isBusy()) sync(lab);
      overlay(lab);
    },
    afterDraw(lab, paused) {
      readout(lab, paused);
    },
  };
}
