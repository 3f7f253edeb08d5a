// The page: controls ⇄ URL hash ⇄ Lab, the animation loop, and the experiment
// panels. JS owns events and timing; every number comes from the wasm module.
import { wasm, byId, showAlert, clearAlert, sizeCanvas, download, pickFile } from "./util.js";
import { setupExperiments } from "./experiments.js";

const B = await wasm();

// Keys the page keeps in the hash besides the run config: speed, and the embed
// settings (embed=1 hides the page chrome; show=fit,prototypes picks figures;
// controls=0 hides even the play/step/reset strip).
const PAGE_KEYS = ["speed", "embed", "show", "controls"];
const FIELDS = ["N", "target", "seed", "lamC", "lamS", "lamO", "tauC", "tauS", "tauUnits", "lr", "steps"];

let lab = null;
let playing = false;
let frames = 0;
let rate = { steps: 0, since: performance.now(), value: 0 };

function parseHash(hash) {
  return new URLSearchParams(hash.replace(/^#/, ""));
}

function pageSettingsFromHash(params) {
  const speed = Number(params.get("speed"));
  byId("speed").value = Number.isFinite(speed) && speed >= 1 && speed <= 500 ? String(speed) : "100";
}

function fillControls(configHash) {
  const p = parseHash(configHash);
  for (const f of FIELDS) byId(f).value = p.get(f);
  const mask = p.get("mask");
  byId("useC").checked = mask.includes("C");
  byId("useS").checked = mask.includes("S");
  byId("useO").checked = mask.includes("O");
  byId("step-total").textContent = p.get("steps");
}

// The config part of the controls (no points): what CSV or click data is combined with.
function hashFromControls() {
  const p = new URLSearchParams();
  p.set("v", String(B.schemaVersion()));
  p.set("lab", "prototypes");
  for (const f of FIELDS) p.set(f, byId(f).value.trim());
  const mask = (byId("useC").checked ? "C" : "") + (byId("useS").checked ? "S" : "") + (byId("useO").checked ? "O" : "");
  p.set("mask", mask || "base");
  p.set("speed", byId("speed").value);
  // User points stay when other settings change (N follows them).
  const pts = parseHash(lab ? lab.config() : "").get("pts");
  if (pts) p.set("pts", pts);
  return p.toString();
}

function fullHash() {
  const p = parseHash(lab.config());
  p.set("speed", byId("speed").value);
  const page = parseHash(location.hash);
  for (const k of PAGE_KEYS.slice(1)) if (page.has(k)) p.set(k, page.get(k));
  return p.toString();
}

// Embed mode: only the chosen figures and (unless controls=0) a strip of buttons.
function applyEmbed(params) {
  const on = params.get("embed") === "1";
  document.body.classList.toggle("embed", on);
  document.body.classList.toggle("no-controls", on && params.get("controls") === "0");
  const show = (params.get("show") || "").split(",").filter(Boolean);
  for (const fig of document.querySelectorAll(".figures figure")) {
    const name = fig.querySelector("canvas").dataset.figure;
    fig.hidden = on && show.length > 0 && !show.includes(name);
  }
}

// Builds a lab from a hash: bad values are reported (role=alert) and replaced
// by defaults, which the controls then show.
function load(hash) {
  adopt(new B.Lab(hash), parseHash(hash));
}

// Makes `next` the live lab: controls, hash, window.protolab and figures follow.
function adopt(next, pageParams = parseHash(location.hash)) {
  if (lab) lab.free();
  lab = next;
  const issues = lab.issues();
  if (issues.length) showAlert("Some settings were not usable: " + issues.join("; ") + ".");
  else clearAlert();
  fillControls(lab.config());
  byId("N").readOnly = lab.isUserData();
  byId("N").title = lab.isUserData() ? "N follows your data" : "";
  pageSettingsFromHash(pageParams);
  history.replaceState(null, "", "#" + fullHash());
  window.protolab = lab;
  setPlaying(false);
  drawAll();
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
  playing = on && !lab.isFinished();
  byId("play").textContent = playing ? "❚❚ Pause" : "▶ Play";
  byId("play").setAttribute("aria-pressed", String(playing));
  rate = { steps: 0, since: performance.now(), value: rate.value };
}

const canvases = [...document.querySelectorAll("canvas[data-figure]")];

// Steps per frame are capped by time so the page keeps its frame rate.
const STEP_BUDGET_MS = 10;

function stepBudgeted(want) {
  const t0 = performance.now();
  let taken = 0;
  while (taken < want && performance.now() - t0 < STEP_BUDGET_MS) {
    const k = lab.step(Math.min(25, want - taken));
    taken += k;
    if (k === 0) break;
  }
  return taken;
}

// While playing, figures redraw on alternate frames (the curve figures every
// fourth), leaving most of each frame to training.
function drawAll(frame = null) {
  for (const c of canvases) {
    const slow = c.dataset.figure === "losses" || c.dataset.figure === "metrics";
    if (frame !== null && frame % (slow ? 4 : 2) !== 0) continue;
    try {
      lab.draw(c, c.dataset.figure);
    } catch (e) {
      showAlert(`Could not draw ${c.dataset.figure}: ${e.message}`);
    }
  }
  byId("step-count").textContent = String(lab.stepCount());
}

function afterSteps(taken) {
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

function frame() {
  if (playing) {
    afterSteps(stepBudgeted(Number(byId("speed").value)));
    frames += 1;
    drawAll(playing ? frames : null);
  }
  requestAnimationFrame(frame);
}

function stepOnce() {
  setPlaying(false);
  afterSteps(lab.step(Number(byId("speed").value)));
  drawAll();
}

function resize() {
  for (const c of canvases) sizeCanvas(c);
  drawAll();
}

// Controls.
byId("play").addEventListener("click", () => setPlaying(!playing));
byId("step").addEventListener("click", stepOnce);
byId("reset").addEventListener("click", () => {
  lab.reset();
  clearAlert();
  setPlaying(false);
  drawAll();
});
byId("new-seed").addEventListener("click", () => {
  byId("seed").value = String(B.newSeed());
  load(hashFromControls());
});
for (const id of [...FIELDS, "useC", "useS", "useO"]) byId(id).addEventListener("change", () => load(hashFromControls()));
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
  if (location.hash.replace(/^#/, "") !== fullHash()) load(location.hash);
});
addEventListener("keydown", (e) => {
  if (e.target.closest("input, select, textarea")) return;
  if (e.key === " ") { e.preventDefault(); setPlaying(!playing); }
  else if (e.key === "s") stepOnce();
  else if (e.key === "r") byId("reset").click();
});
// SVG and PNG buttons under every figure.
for (const c of canvases) {
  const bar = document.createElement("div");
  bar.className = "fig-actions";
  const svg = Object.assign(document.createElement("button"), { type: "button", textContent: "SVG", title: `Download ${c.dataset.figure} as SVG` });
  svg.addEventListener("click", () => download(`protolab-${c.dataset.figure}.svg`, lab.svg(c.dataset.figure, 900, 560), "image/svg+xml"));
  const png = Object.assign(document.createElement("button"), { type: "button", textContent: "PNG", title: `Download ${c.dataset.figure} as PNG` });
  png.addEventListener("click", () => c.toBlob((blob) => download(`protolab-${c.dataset.figure}.png`, blob, "image/png")));
  bar.append(svg, png);
  c.closest("figure").append(bar);
}

// Own data: click adds a point, shift-click or a long press removes the nearest.
const fitCanvas = byId("fig-fit");
function dataPoint(e) {
  const r = fitCanvas.getBoundingClientRect();
  const px = ((e.clientX - r.left) * fitCanvas.width) / r.width;
  const py = ((e.clientY - r.top) * fitCanvas.height) / r.height;
  return lab.fitCoords(fitCanvas.width, fitCanvas.height, window.devicePixelRatio || 1, px, py);
}
function editPoints(e, remove) {
  const at = dataPoint(e);
  if (!at) return;
  const d = lab.data();
  const xs = [...d.x];
  const ys = [...d.y];
  if (remove) {
    if (xs.length <= 1) return showAlert("The data needs at least one point.");
    let best = 0;
    const sx = Math.max(1e-9, xs[xs.length - 1] - xs[0]) || 1;
    for (let i = 1; i < xs.length; i++) {
      const di = Math.hypot((xs[i] - at[0]) / sx, (ys[i] - at[1]) / 2);
      const db = Math.hypot((xs[best] - at[0]) / sx, (ys[best] - at[1]) / 2);
      if (di < db) best = i;
    }
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

byId("load-csv").addEventListener("click", async () => {
  const text = await pickFile(byId("csv-file"));
  if (text !== null) tryAdopt(() => B.Lab.fromCsv(hashFromControls(), text), "That CSV cannot be used");
});
byId("use-csv").addEventListener("click", () => tryAdopt(() => B.Lab.fromCsv(hashFromControls(), byId("csv-text").value), "That CSV cannot be used"));
byId("generated-data").addEventListener("click", () => {
  const p = parseHash(hashFromControls());
  p.delete("pts");
  load(p.toString());
});
byId("export-state").addEventListener("click", () => {
  try {
    download(`protolab-state-step${lab.stepCount()}.json`, lab.exportState(), "application/json");
  } catch (e) {
    showAlert(e.message);
  }
});
byId("import-state").addEventListener("click", async () => {
  const text = await pickFile(byId("state-file"));
  if (text !== null) tryAdopt(() => B.Lab.importState(text), "That state file cannot be used");
});
new ResizeObserver(resize).observe(document.querySelector(".figures"));

applyEmbed(parseHash(location.hash));
load(location.hash);
resize();
requestAnimationFrame(frame);
setupExperiments(B, () => lab.config());
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
byId("embed-code").addEventListener("click", () => {
  const p = parseHash(fullHash());
  p.set("embed", "1");
  if (!p.has("show")) p.set("show", "fit,prototypes");
  const src = location.href.split("#")[0] + "#" + p.toString();
  byId("embed-snippet").value = `<iframe src="${src}" width="100%" height="560" style="border:0" loading="lazy" title="protolab: Prototype Lab"></iframe>`;
  byId("embed-dialog").showModal();
  byId("embed-snippet").select();
});
byId("embed-close").addEventListener("click", () => byId("embed-dialog").close());
