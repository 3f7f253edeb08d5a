// The front end's lab contract, checked in Node without a build or a browser:
// the registry (web/js/labs/index.js), the page (index.html) and every lab's
// modules agree — tabs, sections, controls, figures, experiment panels, their
// views and their worker builders — worker modules touch no DOM, and the
// controller (app.js, experiments.js, worker.js, …) names no lab, lab control
// or experiment kind. Everything checked is read from the registry, so a new
// lab is checked as soon as its line is there. Usage: node tests/e2e/registry.mjs
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const root = new URL("../../", import.meta.url).pathname;
const web = join(root, "web/js");
// The controller: shared modules that must work from descriptors alone.
const CONTROLLER = ["app.js", "experiments.js", "worker.js", "settings.js", "labs.js", "precomputed.js", "replay.js"];
// Names only a page has (a worker has no DOM).
const DOM = /\b(document|window|byId|querySelector(All)?|localStorage|HTMLElement)\b/;

let passed = 0;
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (ok) passed++;
  else failed++;
  return ok;
};

// The page's modules are ES modules named .js, which Node reads as ES modules
// only under a package.json that says so: a copy gets one.
const tmp = await mkdtemp(join(tmpdir(), "protolab-registry-"));
try {
  await cp(web, join(tmp, "js"), { recursive: true });
  await writeFile(join(tmp, "package.json"), '{ "type": "module" }');
  const load = (path) => import(pathToFileURL(join(tmp, "js", path)).href);
  const html = await readFile(join(root, "index.html"), "utf8");
  const source = (path) => readFile(join(web, path), "utf8");

  const { REGISTRY } = await load("labs/index.js");
  const ids = REGISTRY.map((e) => e.id);
  check(ids.length >= 1 && new Set(ids).size === ids.length, `the registry lists ${ids.length} labs, each once (${ids})`);

  // Tabs and sections.
  const tabs = [...html.matchAll(/data-tab="([^"]+)"/g)].map((m) => m[1]);
  check(tabs.join() === ids.join(), `the page's tabs are the registry's labs in its order (${tabs})`);
  const sections = new Set([...html.matchAll(/data-lab="([^"]+)"/g)].map((m) => m[1]));
  check([...sections].every((s) => ids.includes(s)) && ids.every((id) => sections.has(id)), `every [data-lab] of the page is a registered lab and every lab has one (${[...sections]})`);

  // The descriptors, as the page builds them.
  const { LABS, DEFAULT_LAB, labOf } = await load("labs.js");
  check(Object.keys(LABS).join() === ids.join() && DEFAULT_LAB === ids[0], `labs.js holds one descriptor per registered lab; the default is ${DEFAULT_LAB}`);
  check(labOf(new URLSearchParams("lab=no-such-lab")) === ids[0] && ids.every((id) => labOf(new URLSearchParams(`lab=${id}`)) === id), "labOf finds each lab by id and falls back to the default");

  const htmlIds = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const figuresOf = (id) => [...html.matchAll(new RegExp(`<figure data-lab="${id}"[^>]*><canvas [^>]*data-figure="([^"]+)"`, "g"))].map((m) => m[1]);
  // Experiment panels: the `exp-<kind>` ids inside each lab's experiments section.
  const panelsOf = (id) => {
    const section = html.match(new RegExp(`<section [^>]*data-lab="${id}"[^>]*>([\\s\\S]*?)</section>`));
    return section ? [...section[1].matchAll(/class="experiment" id="exp-([^"]+)"/g)].map((m) => m[1]) : [];
  };
  const controlIds = [];
  const kindsSeen = new Map();
  for (const { id, worker } of REGISTRY) {
    const d = LABS[id];
    const keys = ["title", "create", "fields", "chunk", "slowFigures", "defaultShow"];
    check(keys.every((k) => d[k] !== undefined) && typeof d.create === "function" && (typeof d.totalOf === "function" || d.total in d.fields),
      `${id}: the descriptor has ${keys.join(", ")}, and total (a key of its fields) or totalOf`);
    const controls = [...Object.values(d.fields), ...(d.extraControls ?? [])];
    controlIds.push(...controls);
    const missing = controls.filter((c) => !htmlIds.has(c));
    check(missing.length === 0, `${id}: all ${controls.length} controls are on the page${missing.length ? ` (missing: ${missing})` : ""}`);
    // Labels, limits and help come from the core's settings table: the page's
    // label for each field is left empty and carries no min or max.
    const written = Object.values(d.fields).filter((c) => {
      const label = html.match(new RegExp(`<label[^>]*>((?:(?!</label>)[\\s\\S])*id="${c}"(?:(?!</label>)[\\s\\S])*)</label>`));
      return !label || !/<span><\/span>/.test(label[1]) || /\s(min|max)="/.test(label[1]);
    });
    check(written.length === 0, `${id}: index.html repeats no label or limit of its settings${written.length ? ` (written out: ${written})` : ""}`);
    const figures = figuresOf(id);
    const named = [...d.slowFigures, ...d.defaultShow.split(",")];
    check(figures.length > 0 && named.every((f) => figures.includes(f)), `${id}: slowFigures and defaultShow name its figures (${figures})`);

    // Every panel has a view on the page and a builder in the worker, and back.
    const panels = panelsOf(id);
    const views = Object.keys(d.experiments ?? {});
    check(panels.slice().sort().join() === views.slice().sort().join(), `${id}: its experiment panels (${panels}) are its descriptor's experiments (${views})`);
    check(views.every((k) => typeof d.experiments[k].show === "function"), `${id}: each experiment view has show()`);
    const builders = worker ? (await worker()).experiments : {};
    check(Object.keys(builders).sort().join() === views.slice().sort().join() && Object.values(builders).every((b) => typeof b.build === "function"),
      `${id}: its worker module builds exactly those kinds (${Object.keys(builders)})`);
    for (const k of views) kindsSeen.set(k, [...(kindsSeen.get(k) ?? []), id]);
  }
  const clashes = [...kindsSeen].filter(([, labs]) => labs.length > 1);
  check(clashes.length === 0, `experiment kinds are unique on the page (the worker dispatches by kind)${clashes.length ? `: ${clashes.map(([k, l]) => `${k} in ${l}`)}` : ""}`);

  // Worker modules and what they import statically touch no DOM (worker.js
  // imports the registry, whose page loaders run only when called).
  const importsOf = (text) => [...text.matchAll(/^\s*import\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)].map((m) => m[1] ?? m[2]);
  const workerFiles = ["worker.js", ...REGISTRY.filter((e) => e.worker).map((e) => join("labs", e.worker.toString().match(/import\("\.\/([^"]+)"\)/)[1]))];
  const seen = new Set();
  const queue = [...workerFiles];
  while (queue.length) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await source(file);
    const hit = text.split("\n").filter((l) => !l.trim().startsWith("//")).join("\n").match(DOM);
    check(!hit, `worker side: ${file} touches no DOM${hit ? ` (uses ${hit[0]})` : ""}`);
    for (const spec of importsOf(text)) {
      const target = relative(web, join(web, dirname(file), spec));
      if (!target.startsWith("..")) queue.push(target); // the bindings live outside web/js
    }
  }

  // The controller names no lab, lab control or experiment kind, not even in comments.
  const word = (w) => new RegExp(`(^|[^\\w-])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w-])`);
  const quoted = (w) => new RegExp(`["'\`#]${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["'\`]`);
  const names = [...ids, ...ids.map((id) => LABS[id].title), ...kindsSeen.keys()];
  for (const file of CONTROLLER) {
    const text = await source(file);
    const hits = [...names.filter((n) => word(n).test(text)), ...controlIds.filter((c) => quoted(c).test(text))];
    check(hits.length === 0, `${file} names no lab, control or experiment${hits.length ? ` (found: ${hits.join(", ")})` : ""}`);
  }
} catch (e) {
  check(false, `unexpected: ${e.stack || e.message}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
console.log(`registry: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
