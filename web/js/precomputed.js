// The results that ship with the page (data/results/, made by
// scripts/precompute.sh with the release CLI at the documented defaults; see
// docs/labs/README.md#precomputed-results). Fetched only when a lab's panels
// are first shown, after the first paint, never as part of the first load.
// No DOM and no lab named here: experiments.js shows what this returns.

const BASE = new URL("../data/results/", import.meta.url);
let manifest = null;

/** The manifest (fetched once; a failed fetch is retried on the next call). */
export function loadManifest() {
  manifest ??= fetch(new URL("manifest.json", BASE)).then((r) => {
    if (!r.ok) throw new Error(`manifest.json: HTTP ${r.status}`);
    return r.json();
  });
  manifest.catch(() => (manifest = null));
  return manifest;
}

const texts = new Map();
function fetchText(name) {
  if (!texts.has(name)) {
    const p = fetch(new URL(name, BASE)).then((r) => {
      if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
      return r.text();
    });
    p.catch(() => texts.delete(name));
    texts.set(name, p);
  }
  return texts.get(name);
}

/**
 * The shipped results of experiment `kind` of lab `labId`:
 *   null                                   the manifest has no entry for it
 *   { entry, files: null }                 listed but not precomputed yet
 *   { entry, files: { part: text, … } }    the entry and its files' texts
 * `entry` is the manifest's: version, config (the link it was made at),
 * plan, command, varies (settings the experiment sets itself), files.
 */
export async function precomputed(labId, kind) {
  const m = await loadManifest();
  const entry = m?.labs?.[labId]?.experiments?.[kind];
  if (!entry) return null;
  if (!entry.files) return { entry, files: null };
  const parts = Object.entries(entry.files);
  const bodies = await Promise.all(parts.map(([, name]) => fetchText(name)));
  return { entry, files: Object.fromEntries(parts.map(([part], i) => [part, bodies[i]])) };
}

/**
 * The settings of `hash` that differ from `source` (both links of lab
 * `labId`, as the core writes them), leaving out the `varies` keys the
 * experiment sets itself and the view settings (the core's table marks them
 * `view`: they change what the page shows, not what a run computes).
 * `settings`: the lab's table (B.settings) as
 * { key, view } objects; only its keys are compared.
 */
export function differing(settings, hash, source, varies = []) {
  const now = new URLSearchParams(hash.replace(/^#/, ""));
  const then = new URLSearchParams(source.replace(/^#/, ""));
  return settings.filter((s) => !s.view && !varies.includes(s.key) && now.get(s.key) !== then.get(s.key)).map((s) => s.key);
}
