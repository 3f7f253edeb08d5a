// The Prototype Lab's extras: your own data (clicks on the fit figure, CSV
// files or pasted text) and the whole-state JSON export / import.
import { byId, showAlert, download, pickFile, formatHash, parseHash } from "../util.js";

/**
 * Wires the own-data and state buttons once (`page`: the controller's API, see
 * app.js); returns the hook the controller calls when a Prototype Lab goes live.
 */
export function setupOwnData(B, page) {
  const { current, tryAdopt, hashFromControls, load } = page;
  const fitCanvas = byId("fig-fit");

  function dataPoint(e) {
    const r = fitCanvas.getBoundingClientRect();
    const px = ((e.clientX - r.left) * fitCanvas.width) / r.width;
    const py = ((e.clientY - r.top) * fitCanvas.height) / r.height;
    return current().fitCoords(fitCanvas.width, fitCanvas.height, window.devicePixelRatio || 1, px, py);
  }

  // A click adds a point; shift-click or a long press removes the nearest one.
  function editPoints(e, remove) {
    const at = dataPoint(e);
    if (!at) return;
    const d = current().data();
    const xs = [...d.x];
    const ys = [...d.y];
    if (remove) {
      if (xs.length <= 1) return showAlert("The data needs at least one point.");
      const sx = Math.max(1e-9, xs[xs.length - 1] - xs[0]) || 1;
      const dist = (i) => Math.hypot((xs[i] - at[0]) / sx, (ys[i] - at[1]) / 2);
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (dist(i) < dist(best)) best = i;
      xs.splice(best, 1);
      ys.splice(best, 1);
    } else {
      xs.push(at[0]);
      ys.push(at[1]);
    }
    tryAdopt(() => B.Lab.withPoints(hashFromControls(), xs, ys), "Could not use that point");
  }

  let pressTimer = null;
  let longPressed = false;
  fitCanvas.addEventListener("pointerdown", (e) => {
    longPressed = false;
    pressTimer = setTimeout(() => { longPressed = true; editPoints(e, true); }, 600);
  });
  for (const ev of ["pointerup", "pointerleave", "pointercancel"]) fitCanvas.addEventListener(ev, () => clearTimeout(pressTimer));
  fitCanvas.addEventListener("click", (e) => { if (!longPressed) editPoints(e, e.shiftKey); });

  const useCsv = (text) => tryAdopt(() => B.Lab.fromCsv(hashFromControls(), text), "That CSV cannot be used");
  byId("load-csv").addEventListener("click", async () => {
    const text = await pickFile(byId("csv-file"));
    if (text !== null) useCsv(text);
  });
  byId("use-csv").addEventListener("click", () => useCsv(byId("csv-text").value));
  byId("generated-data").addEventListener("click", () => {
    const p = parseHash(hashFromControls());
    p.delete("pts");
    load(formatHash(p));
  });
  byId("export-state").addEventListener("click", () => {
    try {
      download(`protolab-state-step${current().stepCount()}.json`, current().exportState(), "application/json");
    } catch (e) {
      showAlert(e.message);
    }
  });
  byId("import-state").addEventListener("click", async () => {
    const text = await pickFile(byId("state-file"));
    if (text !== null) tryAdopt(() => B.Lab.importState(text), "That state file cannot be used");
  });

  return {
    /** Called whenever a Prototype Lab becomes live: N follows user data. */
    adopted(lab) {
      byId("N").readOnly = lab.isUserData();
      const n = byId("N");
      n.title = (lab.isUserData() ? "N follows your data. " : "") + (n.dataset.help ?? "");
    },
  };
}
