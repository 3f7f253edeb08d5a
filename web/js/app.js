// The page: controls ⇄ URL hash ⇄ the live lab, the animation loop, tabs,
// export and embedding. JS owns events and timing; every number comes from the
// wasm module. What differs between labs is in each lab's module (labs/,
// listed in labs/index.js): this file works from their descriptors and names
// no lab.
import { wasm, byId, showAlert, clearAlert, sizeCanvas, download, parseHash, formatHash } from "./util.js";
import { setupExperiments } from "./experiments.js";
import { LABS, DEFAULT_LAB, labOf } from "./labs.js";
import { applySettings } from "./settings.js";

const B = await wasm();
// The footer names the build (the same version every CSV and SVG carries).
byId("version").textContent = `protolab v${B.version()}`;
applySettings(B);

// Keys the page keeps in the hash besides the run config: speed, and the embed
// settings (embed=1 hides the page chrome; show= lists the figures to show;
// controls=0 hides even the play/step/reset strip).
const PAGE_KEYS = ["speed", "embed", "show", "controls"];

let lab = null;
let labId = DEFAULT_LAB;
// The experiment panels (experiments.js): told when a lab's config goes live.
let exps = null;
let playing = false;
let frames = 0;
let rate = { steps: 0, since: performance.now(), value: 0 };
// The last state of each lab, so switching tabs and back keeps your settings.
const remembered = {};

const desc = () => LABS[labId];

function pageSettingsFromHash(params) {
  const speed = Number(params.get("speed"));
  byId("speed").value = Number.isFinite(speed) && speed >= 1 && speed <= 500 ? String(speed) : "100";
}

function fillControls(configHash) {
  const p = parseHash(configHash);
  for (const [key, id] of Object.entries(desc().fields)) byId(id).value = p.get(key) ?? "";
  desc().fill?.(p);
  byId("step-total").textContent = desc().totalOf ? desc().totalOf(lab) : p.get(desc().total);
  byId("step-unit").textContent = desc().unit || "step";
  byId("rate-unit").textContent = (desc().unit || "step") + "s";
}

// The config the controls describe (plus what the lab's `read` keeps, e.g. the user's points).
function hashFromControls() {
  const p = new URLSearchParams();
  p.set("v", String(B.schemaVersion()));
  p.set("lab", labId);
  for (const [key, id] of Object.entries(desc().fields)) p.set(key, byId(id).value.trim());
  desc().read?.(p, parseHash(lab ? lab.config() : ""));
  p.set("speed", byId("speed").value);
  return formatHash(p);
}

function fullHash() {
  const p = parseHash(lab.config());
  p.set("speed", byId("speed").value);
  const page = parseHash(location.hash);
  for (const k of PAGE_KEYS.slice(1)) if (page.has(k)) p.set(k, page.get(k));
  return formatHash(p);
}

const figuresOf = (id) => [...document.querySelectorAll(`.figures figure[data-lab="${id}"]`)];

// Shows the chosen lab's controls, figures and experiments, and (in embed mode)
// only the figures `show=` lists.
function showLab(params) {
  for (const el of document.querySelectorAll("[data-lab]")) el.hidden = el.dataset.lab !== labId;
  for (const tab of document.querySelectorAll("[data-tab]")) {
    const on = tab.dataset.tab === labId;
    tab.classList.toggle("active", on);
    if (on) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  const embed = params.get("embed") === "1";
  document.body.classList.toggle("embed", embed);
  document.body.classList.toggle("no-controls", embed && params.get("controls") === "0");
  const show = (params.get("show") || "").split(",").filter(Boolean);
  // show= naming an experiment figure (the views' `embed`): that figure alone, from the shipped results.
  const experimentOnly = embed && exps !== null && exps.embed(labId, show);
  for (const fig of figuresOf(labId)) {
    fig.hidden = experimentOnly || (embed && show.length > 0 && !show.includes(fig.querySelector("canvas").dataset.figure));
  }
  document.title = `protolab — ${desc().title}`;
}

// Builds a lab from a hash: bad values are reported (role=alert) and replaced
// by defaults, which the controls then show. A lab whose data must be fetched
// first (its `create` is async) is built once the data is there.
let loading = 0;
async function load(hash) {
  const params = parseHash(hash);
  const named = params.get("lab");
  const id = labOf(params);
  const ticket = ++loading;
  let next;
  try {
    next = await LABS[id].create(B, hash);
  } catch (e) {
    showAlert(`Could not start the ${LABS[id].title}: ${e.message || e}`);
    return;
  }
  if (ticket !== loading) {
    next.free(); // a later load won
    return;
  }
  labId = id;
  const notes = named && named !== id ? [`lab=${named} is not a lab here (${Object.keys(LABS).join(", ")}), so this is the ${desc().title}`] : [];
  adopt(next, params, notes);
}

// Makes `next` the live lab: controls, hash, window.protolab and figures follow.
function adopt(next, pageParams = parseHash(location.hash), notes = []) {
  if (lab) lab.free();
  lab = next;
  const issues = [...notes, ...lab.issues()];
  if (issues.length) showAlert("Some settings were not usable: " + issues.join("; ") + ".");
  else clearAlert();
  showLab(pageParams);
  fillControls(lab.config());
  pageSettingsFromHash(pageParams);
  history.replaceState(null, "", "#" + fullHash());
  remembered[labId] = fullHash();
  window.protolab = lab;
  setPlaying(false);
  // A lab that starts with work under way (a measurement) gets frames at once.
  wake();
  resize();
  hooks[labId].adopted?.(lab);
  exps?.shown(labId);
}

// Replaces the lab only if building the new one works; otherwise the message
// is shown and the current state is untouched.
function tryAdopt(build, what) {
  try {
    adopt(build());
  } catch (e) {
    showAlert(`${what}: ${e.message || e}. Nothing was changed.`);
  }
}

function setPlaying(on) {
  playing = Boolean(on && lab && !lab.isFinished());
  byId("play").textContent = playing ? "❚❚ Pause" : "▶ Play";
  byId("play").setAttribute("aria-pressed", String(playing));
  rate = { steps: 0, since: performance.now(), value: rate.value };
  if (playing) wake();
}

const canvases = () => figuresOf(labId).filter((f) => !f.hidden).map((f) => f.querySelector("canvas"));

// Steps per frame are capped by time so the page keeps its frame rate; each
// call does a bounded amount of work in the core.
const STEP_BUDGET_MS = 10;

function stepBudgeted(want, budgetMs = STEP_BUDGET_MS) {
  const t0 = performance.now();
  let taken = 0;
  while (taken < want && performance.now() - t0 < budgetMs) {
    const k = lab.step(Math.min(desc().chunk, want - taken));
    taken += k;
    // 0 steps while busy (a measurement or a long epoch under way) is progress;
    // 0 and not busy means there is nothing left to do.
    if (k === 0 && !lab.isBusy()) break;
  }
  return taken;
}

// Work under way that takes no step (a sample started on load, an analysis
// begun by "Step") goes on while paused, a budget per frame.
function finishBusyWork() {
  const t0 = performance.now();
  while (lab.isBusy() && performance.now() - t0 < STEP_BUDGET_MS) lab.step(0);
  if (!lab.isBusy()) drawAll();
  else showActivity();
}

function showActivity() {
  const what = (lab.isBusy() && lab.activity()) || "";
  const el = byId("activity");
  if (el.textContent !== what) el.textContent = what;
}

// While playing, figures redraw on alternate frames (the curve figures every
// fourth), leaving most of each frame to training.
function drawAll(frame = null) {
  if (!lab) return;
  hooks[labId].beforeDraw?.(lab);
  for (const c of canvases()) {
    const slow = desc().slowFigures.includes(c.dataset.figure);
    if (frame !== null && frame % (slow ? 4 : 2) !== 0) continue;
    try {
      lab.draw(c, c.dataset.figure);
    } catch (e) {
      showAlert(`Could not draw ${c.dataset.figure}: ${e.message}`);
    }
  }
  byId("step-count").textContent = String(lab.stepCount());
  showActivity();
  hooks[labId].afterDraw?.(lab, frame === null);
}

function afterSteps(taken) {
  hooks[labId].stepped?.(lab);
  rate.steps += taken;
  const now = performance.now();
  if (now - rate.since > 500) {
    rate.value = Math.round((rate.steps * 1000) / (now - rate.since));
    rate = { steps: 0, since: now, value: rate.value };
    byId("rate").textContent = rate.value.toLocaleString("en");
  }
  const why = lab.divergence();
  if (why) {
    setPlaying(false);
    showAlert("The run diverged: " + why + ". Nothing after that step is plotted.");
  } else if (lab.isFinished()) {
    setPlaying(false);
  }
}

// The loop asks the browser for frames only while it animates (playing, or a
// call left work half done); an idle page looks every 250 ms for work begun
// elsewhere (a step from the console) and asks for no frames, which kept the
// compositor busy: ~0.5 s of CPU every 9 s, taken from long experiments' workers
// (docs/speed.md). `wake()` starts animating at once.
let pending = null; // { raf } or { timer }
function schedule(now = false) {
  if (pending && (pending.raf || !now)) return;
  if (pending) clearTimeout(pending.timer);
  pending = now || playing || lab?.isBusy() ? { raf: requestAnimationFrame(frame) } : { timer: setTimeout(frame, 250) };
}
const wake = () => schedule(true);

function frame() {
  pending = null;
  if (playing) {
    afterSteps(stepBudgeted(Number(byId("speed").value)));
    frames += 1;
    drawAll(playing ? frames : null);
  } else if (lab && lab.isBusy()) {
    finishBusyWork();
  }
  schedule();
}

function stepOnce() {
  setPlaying(false);
  // One click does a batch of steps, but never freezes the page for long
  // (one epoch of a wide net takes tens of ms).
  afterSteps(stepBudgeted(Number(byId("speed").value), 300));
  drawAll();
  wake();
}

function resize() {
  for (const c of canvases()) sizeCanvas(c);
  drawAll();
}

// Controls.
byId("play").addEventListener("click", () => setPlaying(!playing));
byId("step").addEventListener("click", stepOnce);
byId("reset").addEventListener("click", () => {
  lab.reset();
  hooks[labId].reset?.(lab);
  clearAlert();
  setPlaying(false);
  drawAll();
});
for (const b of document.querySelectorAll("[data-new-seed]")) {
  b.addEventListener("click", () => {
    byId(b.dataset.newSeed).value = String(B.newSeed());
    load(hashFromControls());
  });
}
for (const d of Object.values(LABS)) {
  for (const id of [...Object.values(d.fields), ...(d.extraControls ?? [])]) byId(id).addEventListener("change", () => load(hashFromControls()));
}
for (const tab of document.querySelectorAll("[data-tab]")) {
  tab.addEventListener("click", (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey) return; // a new tab or window gets the plain link
    e.preventDefault();
    const id = tab.dataset.tab;
    if (id !== labId) load(remembered[id] || `v=${B.schemaVersion()}&lab=${id}&speed=${byId("speed").value}`);
  });
}
byId("speed").addEventListener("change", () => history.replaceState(null, "", "#" + fullHash()));
byId("copy-link").addEventListener("click", async () => {
  const url = location.href.split("#")[0] + "#" + fullHash();
  try {
    await navigator.clipboard.writeText(url);
    byId("copy-link").textContent = "Copied ✓";
  } catch {
    window.prompt("Copy this link:", url);
  }
  setTimeout(() => (byId("copy-link").textContent = "Copy link"), 1500);
});
addEventListener("hashchange", () => {
  if (!lab || location.hash.replace(/^#/, "") !== fullHash()) load(location.hash);
});
addEventListener("keydown", (e) => {
  if (e.target.closest("input, select, textarea")) return;
  if (e.key === " ") { e.preventDefault(); setPlaying(!playing); }
  else if (e.key === "s") stepOnce();
  else if (e.key === "r") byId("reset").click();
});
// SVG and PNG buttons under every figure.
for (const c of document.querySelectorAll("canvas[data-figure]")) {
  const name = c.dataset.figure;
  const [w, h] = (c.dataset.svgSize || "900x560").split("x").map(Number);
  const bar = document.createElement("div");
  bar.className = "fig-actions";
  const svg = Object.assign(document.createElement("button"), { type: "button", textContent: "SVG", title: `Download ${name} as SVG` });
  svg.addEventListener("click", () => {
    try {
      download(`protolab-${name}.svg`, lab.svg(name, w, h), "image/svg+xml");
    } catch (e) {
      showAlert(`Could not export ${name}: ${e.message}`);
    }
  });
  const png = Object.assign(document.createElement("button"), { type: "button", textContent: "PNG", title: `Download ${name} as PNG` });
  png.addEventListener("click", () => c.toBlob((blob) => download(`protolab-${name}.png`, blob, "image/png")));
  bar.append(svg, png);
  c.closest("figure").append(bar);
}

// Each lab wires its own buttons (own data, "try" buttons, …) through this API;
// its hooks are called when one of its handles becomes live.
const page = {
  /** The live lab handle. */
  current: () => lab,
  /** Makes the handle `build()` returns live, or reports `what` failed and changes nothing. */
  tryAdopt,
  /** The config hash the controls describe. */
  hashFromControls,
  /** Builds and shows the lab a hash describes (a promise). */
  load,
  /** Starts playing (unless the run is finished). */
  play: () => setPlaying(true),
  /** Redraws the live figures (e.g. after a lab marks something in them). */
  redraw: () => drawAll(),
};
const hooks = Object.fromEntries(Object.entries(LABS).map(([id, d]) => [id, d.setup?.(B, page) ?? {}]));
new ResizeObserver(() => resize()).observe(document.querySelector(".figures"));

load(location.hash);
schedule();
exps = setupExperiments(B, LABS, (id) => (id === labId && lab ? lab.config() : remembered[id] || `lab=${id}`));
if (lab) {
  showLab(parseHash(location.hash));
  exps.shown(labId);
}
// Resize notice for a parent page that embeds us.
if (window.parent !== window) {
  const tell = () => parent.postMessage({ type: "protolab:resize", height: document.documentElement.scrollHeight }, "*");
  new ResizeObserver(tell).observe(document.body);
  tell();
}

// A figure scrolled out of view pauses; it resumes when it is back.
let pausedByScroll = false;
new IntersectionObserver((entries) => {
  const visible = entries.some((e) => e.isIntersecting);
  if (!visible && playing) {
    pausedByScroll = true;
    setPlaying(false);
  } else if (visible && pausedByScroll) {
    pausedByScroll = false;
    setPlaying(true);
  }
}).observe(document.querySelector(".figures"));

// "Embed": a ready iframe snippet for exactly this state.
// The dialog's `#embed-show` offers the live figures and each experiment figure of the lab.
function embedSnippet() {
  const p = parseHash(fullHash());
  p.set("embed", "1");
  p.set("show", byId("embed-show").value);
  const src = location.href.split("#")[0] + "#" + formatHash(p);
  byId("embed-snippet").value = `<iframe src="${src}" width="100%" height="560" style="border:0" loading="lazy" title="protolab: ${desc().title}"></iframe>`;
}
byId("embed-code").addEventListener("click", () => {
  const current = parseHash(location.hash).get("show") || desc().defaultShow;
  const names = Object.values(desc().experiments ?? {}).flatMap((v) => Object.keys(v.embed ?? {}));
  const options = [[desc().defaultShow, `live figures (${desc().defaultShow})`], ...names.map((n) => [n, `experiment: ${n} (precomputed)`])];
  if (!options.some(([v]) => v === current)) options.unshift([current, current]);
  byId("embed-show").replaceChildren(...options.map(([value, text]) => new Option(text, value, false, value === current)));
  embedSnippet();
  byId("embed-dialog").showModal();
  byId("embed-snippet").select();
});
byId("embed-show").addEventListener("change", embedSnippet);
byId("embed-close").addEventListener("click", () => byId("embed-dialog").close());
