// Small DOM helpers shared by the page's modules.

/** Resolves with the wasm bindings once trunk's loader has started them. */
export function wasm() {
  return new Promise((resolve) => {
    if (window.wasmBindings) resolve(window.wasmBindings);
    else addEventListener("TrunkApplicationStarted", () => resolve(window.wasmBindings), { once: true });
  });
}

export const byId = (id) => document.getElementById(id);

/** Parses a hash (with or without `#`) into its decoded parameters. */
export const parseHash = (hash) => new URLSearchParams(hash.replace(/^#/, ""));

/**
 * A hash string from parameters: encoded as `URLSearchParams` does, but with
 * `/ : ,` left readable (`pair=4/9`, `pts=0.5:1,…`). The core decodes either form.
 */
export const formatHash = (params) => params.toString().replace(/%2F/gi, "/").replace(/%3A/gi, ":").replace(/%2C/gi, ",");

export function showAlert(text) {
  const a = byId("alert");
  a.textContent = text;
  a.hidden = false;
}

export function clearAlert() {
  const a = byId("alert");
  a.textContent = "";
  a.hidden = true;
}

/** Gives a canvas as many pixels as it shows CSS pixels × devicePixelRatio. */
export function sizeCanvas(c) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(100, Math.round(c.clientWidth * dpr));
  const h = Math.max(80, Math.round(c.clientHeight * dpr));
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
}

export function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Data files by URL: each is fetched once, when a tab or an experiment first
// needs it (not in the first load).
const files = new Map();

/** The bytes of a data file (a failed fetch is forgotten, so a retry fetches again). */
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

/** Reads a file chosen in a hidden file input, then clears the input. */
export function pickFile(input) {
  return new Promise((resolve) => {
    input.onchange = async () => {
      const file = input.files[0];
      input.value = "";
      resolve(file ? await file.text() : null);
    };
    input.click();
  });
}
