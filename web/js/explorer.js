// The study explorer (docs/labs/prototypes.md#explorer): pick any two masks
// and see recon(B) − recon(A) per N, one dot per seed, mean ± SE. The numbers
// and the figure come from the bindings (pairedDifferences, explorerSvg).
import { showAlert } from "./util.js";

const MASKS = ["base", "C", "S", "O", "CS", "CO", "SO", "CSO"];
let results = null; // the study's results, kept while the page shows them

const options = (chosen) => MASKS.map((m) => `<option value="${m}"${m === chosen ? " selected" : ""}>${m}</option>`).join("");

/** Shows the explorer in `box` for a study's run CSVs (one per worker). */
export function showExplorer(B, box, csvs) {
  if (!box) return;
  if (results) results.free();
  results = B.ExperimentResults.restoreParts("study", csvs, []);
  box.innerHTML =
    `<h4>Explore any two masks</h4>` +
    `<div class="run-row"><label class="inline">A <select data-mask="a">${options("base")}</select></label>` +
    `<label class="inline">B <select data-mask="b">${options("C")}</select></label></div>` +
    `<div class="figure-svg" data-exp-figure="explorer"></div><ul class="explorer-stats"></ul>`;
  const draw = () => {
    const [a, b] = ["a", "b"].map((k) => box.querySelector(`[data-mask="${k}"]`).value);
    try {
      box.querySelector('[data-exp-figure="explorer"]').innerHTML = results.explorerSvg(a, b, 860, 400);
      const rows = results.pairedDifferences(a, b);
      box.querySelector(".explorer-stats").replaceChildren(
        ...rows.map((r) => Object.assign(document.createElement("li"), {
          textContent: r.count
            ? `N=${r.N}: ${r.mean >= 0 ? "+" : ""}${r.mean.toFixed(4)} ± ${r.se.toFixed(4)} SE over ${r.count} seeds`
            : `N=${r.N}: no seed with both runs finished`,
        })),
      );
    } catch (e) {
      showAlert(`Could not draw the explorer: ${e.message || e}`);
    }
  };
  for (const s of box.querySelectorAll("select")) s.addEventListener("change", draw);
  draw();
}
