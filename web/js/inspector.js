// The unit inspector of the Prototype Lab (docs/labs/prototypes.md#inspector):
// hovering the fit or prototype figure, tapping the prototype figure, or
// focusing either and using the arrow keys selects a unit; the figures mark
// it (its response curve, prototype, nearest samples, Hungarian partner) and
// a tooltip gives its numbers. Esc clears. The bindings do the hit-testing
// (unitAt) on the figures' own axes: no chart math here.
import { byId } from "./util.js";

const FIGURES = ["fit", "prototypes"];
const f = (v, d = 3) => Number(v).toFixed(d);

/** Wires the inspector; returns the hooks the lab's descriptor passes on. */
export function setupInspector(B, page) {
  const tip = byId("unit-tip");
  let selected = null; // { unit, pinned }
  let anchor = null; // the canvas the tooltip belongs to

  function text(info) {
    const s = (x) => `#${x.index} at x = ${f(x.x)} (|Δ| = ${f(x.distance, 4)})`;
    return [
      `Unit ${info.unit} (row ${info.rank + 1} from the bottom)`,
      `centre p = ${f(info.centre, 4)}`,
      `width 1/|w| = ${f(info.width, 4)}`,
      `output weight a = ${f(info.weight, 4)}`,
      `nearest sample ${s(info.nearest)}`,
      `nearest to ${info.owned.length} sample${info.owned.length === 1 ? "" : "s"}${info.owned.length ? ": #" + info.owned.join(", #") : ""}`,
      info.partner ? `Hungarian partner ${s(info.partner)}` : "no Hungarian partner",
    ];
  }

  function showTip() {
    const lab = page.current();
    const info = selected && lab.unitInfo(selected.unit);
    if (!info) {
      tip.hidden = true;
      return;
    }
    tip.replaceChildren(...text(info).map((line, k) => Object.assign(document.createElement(k ? "div" : "strong"), { textContent: line })));
    tip.dataset.unit = String(info.unit);
    tip.hidden = false;
    if (anchor) {
      const r = anchor.getBoundingClientRect();
      tip.style.left = `${window.scrollX + r.left + 12}px`;
      tip.style.top = `${window.scrollY + r.bottom - 8}px`;
    }
  }

  function select(unit, canvas, pinned = false) {
    const lab = page.current();
    const same = selected && selected.unit === unit;
    selected = unit === undefined || unit === null ? null : { unit, pinned: pinned || Boolean(same && selected.pinned) };
    anchor = canvas;
    lab.setHighlight(selected ? selected.unit : undefined);
    page.redraw();
    showTip();
  }

  const unitAt = (c, e) => {
    const r = c.getBoundingClientRect();
    const px = ((e.clientX - r.left) * c.width) / r.width;
    const py = ((e.clientY - r.top) * c.height) / r.height;
    return page.current().unitAt(c.dataset.figure, c.width, c.height, window.devicePixelRatio || 1, px, py);
  };

  for (const name of FIGURES) {
    const c = document.querySelector(`canvas[data-figure="${name}"][id^="fig-"]`);
    c.tabIndex = 0;
    c.setAttribute("aria-describedby", "unit-tip");
    c.setAttribute("aria-label", `${name === "fit" ? "Fit" : "Prototype"} figure: arrow keys select a unit, Esc clears`);
    c.addEventListener("pointermove", (e) => {
      if (e.pointerType === "touch" || (selected && selected.pinned)) return;
      const u = unitAt(c, e);
      if ((u ?? null) !== (selected ? selected.unit : null)) select(u, c);
    });
    c.addEventListener("pointerleave", () => {
      if (selected && !selected.pinned) select(null, c);
    });
    // A tap (or click) on the prototype figure pins a unit; again unpins.
    if (name === "prototypes") {
      c.addEventListener("click", (e) => {
        const u = unitAt(c, e);
        if (u === undefined) return select(null, c);
        if (selected && selected.pinned && selected.unit === u) return select(null, c);
        select(u, c, true);
      });
    }
    c.addEventListener("keydown", (e) => {
      const lab = page.current();
      const n = lab.unitCount();
      if (e.key === "Escape") return select(null, c);
      const step = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1 }[e.key];
      if (!step || !n) return;
      e.preventDefault();
      const info = selected && lab.unitInfo(selected.unit);
      const rank = info ? Math.min(n - 1, Math.max(0, info.rank + step)) : step > 0 ? 0 : n - 1;
      const u = lab.unitOfRank(rank);
      if (u !== undefined) select(u, c, true);
    });
  }

  return {
    adopted() {
      selected = null;
      tip.hidden = true;
    },
    afterDraw() {
      if (selected) showTip();
    },
  };
}
