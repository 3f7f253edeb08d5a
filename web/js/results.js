// What the experiment views of every lab share: an SVG into its holder, the
// download buttons, number formats, and the whole view of a sweep whose
// workers each send one CSV that a results class of the bindings merges.
import { download } from "./util.js";

/** Puts an SVG into the panel's `[data-exp-figure=name]` holder, if the panel has one. */
export function showSvg(panel, name, svg) {
  const holder = panel.querySelector(`[data-exp-figure="${name}"]`);
  if (holder) holder.innerHTML = svg;
}

/**
 * Replaces the panel's download buttons with `[label, file name, content, MIME type]`
 * items (a panel without a `.downloads` box offers none).
 */
export function showDownloads(panel, items) {
  const box = panel.querySelector(".downloads");
  if (!box) return;
  box.innerHTML = "";
  for (const [label, name, content, type] of items) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => download(name, content, type));
    box.append(b);
  }
}

/** One download item per SVG of `{ figure name: svg }`. */
export const svgDownloads = (svgs) => Object.entries(svgs).map(([name, svg]) => [`Download ${name} SVG`, `protolab-${name}.svg`, svg, "image/svg+xml"]);

/** A `{ mean, sd }` as "mean ± sd" with `d` decimals. */
export const meanSd = (m, d = 3) => `${m.mean.toFixed(d)} ± ${m.sd.toFixed(d)}`;

/** A number with `d` decimals, or "—" where the core has none (null). */
export const num = (v, d = 3) => (v === null ? "—" : v.toFixed(d));

/**
 * The page view of a sweep whose shards each send one CSV (`{ csv }`):
 * `results(B).fromCsvs` merges them and draws the chart (an SVG of `size`,
 * also while shards still run); when all are done, `table(tableEl, results, B)`
 * fills the table and the CSV (`csv: [label, file name]`) and the SVG can be
 * downloaded. `name` is what messages call the experiment.
 */
export function csvSweepView({ name, results, size, table, csv }) {
  return {
    name,
    show({ B, panel, kind, parts, final }) {
      const merged = results(B).fromCsvs(parts.map((p) => p.csv));
      try {
        const svg = merged.svg(...size);
        showSvg(panel, kind, svg);
        if (final) {
          table(panel.querySelector("table.results"), merged, B);
          // The merged CSV, for the download and the end-to-end tests' equality checks.
          panel.protolabCsv = merged.csv();
          showDownloads(panel, [[...csv, panel.protolabCsv, "text/csv"], ...svgDownloads({ [kind]: svg })]);
        }
      } finally {
        merged.free();
      }
    },
  };
}
