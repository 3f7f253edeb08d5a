// Each lab's controls take their labels, limits, help text and "our choice"
// marks from the core's table of settings (B.settings(lab)), so index.html
// repeats none: its label spans are empty until this fills them.
import { byId } from "./util.js";
import { LABS } from "./labs.js";

export function applySettings(B) {
  for (const [labId, d] of Object.entries(LABS)) {
    const infos = B.settings(labId);
    const byKey = new Map(infos.map((s) => [s.key, { ...plain(s) }]));
    for (const s of infos) s.free();
    for (const [key, id] of Object.entries(d.fields)) {
      const s = byKey.get(key);
      const el = byId(id);
      if (!s || !el) continue;
      if (el.type === "number") {
        el.min = String(s.min);
        if (Number.isFinite(s.max)) el.max = String(s.max);
        if (!el.step) el.step = s.kind === "int" ? "1" : "any";
      }
      const range = s.kind === "choice" ? "" : ` Allowed: ${s.min} … ${Number.isFinite(s.max) ? s.max : "any"}${s.unit ? " " + s.unit : ""}.`;
      // Kept in data-help too, for a lab that adds a note to it later.
      el.title = el.dataset.help = `${s.help}${range} Default ${s.defaultValue}${s.ourChoice ? " (our choice, not the paper's)" : ""}.`;
      const label = el.closest("label");
      if (!label) continue;
      label.toggleAttribute("data-our-choice", s.ourChoice);
      const text = label.querySelector("span");
      if (text) text.innerHTML = labelMarkup(s.label);
    }
  }
}

// A table label as HTML: escaped, with `_X` as a subscript and `^X` as a
// superscript (the core writes "τ_C", "2^D").
export function labelMarkup(label) {
  const escaped = label.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  return escaped.replace(/_([A-Za-z0-9]+)/g, "<sub>$1</sub>").replace(/\^([A-Za-z0-9]+)/g, "<sup>$1</sup>");
}

// The fields of a wasm-bindgen SettingInfo as a plain object (the handle is freed).
const plain = (s) => ({ key: s.key, label: s.label, kind: s.kind, min: s.min, max: s.max, unit: s.unit, help: s.help, ourChoice: s.ourChoice, defaultValue: s.defaultValue });
