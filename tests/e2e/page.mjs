// End-to-end check of the built page (dist/) in Debian's headless Chromium:
// serve it on 127.0.0.1, press play, see the step counter move and the canvases
// fill, run the positions experiment in its worker, and fail on any console
// error or uncaught exception. Usage: node tests/e2e/page.mjs [screenshot-dir]
import { join } from "node:path";
import { serveDist } from "./serve.mjs";
import { launch } from "./harness.mjs";

const shots = process.argv[2];
const { base, close } = await serveDist();

const browser = await launch();
const problems = [];
let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed = true;
};

// Non-white pixels of every visible live figure: [[figure, count], …].
const inkedFigures = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("figure:not([hidden]) canvas[data-figure]")].map((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
      return [c.dataset.figure, n];
    }));

// Clicks an experiment's run button, waits for "done", and reports what it shows.
async function runExperiment(page, kind, figure) {
  await page.click(`[data-run="${kind}"]`);
  await page.waitForFunction((k) => document.querySelector(`#exp-${k} .status`).textContent.includes("done"), kind, { timeout: 300000 });
  return page.evaluate(([k, f]) => ({
    status: document.querySelector(`#exp-${k} .status`).textContent,
    svg: document.querySelector(`#exp-${k} [data-exp-figure="${f}"] svg`)?.outerHTML.length || 0,
    rows: document.querySelectorAll(`#exp-${k} table.results tr`).length,
    downloads: [...document.querySelectorAll(`#exp-${k} .downloads button`)].map((b) => b.textContent),
  }), [kind, figure]);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  // Every chunk of runs the page hands a worker ("take"), by worker.
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    window.protolabTakes = [];
    // Frames asked for (an idle page asks for none).
    const raf = window.requestAnimationFrame.bind(window);
    window.protolabFrames = 0;
    window.requestAnimationFrame = (f) => (window.protolabFrames++, raf(f));
    Worker.prototype.postMessage = function (msg, ...rest) {
      if (msg?.cmd === "start") window.protolabTakes = [];
      if (msg?.cmd === "take") window.protolabTakes.push({ worker: this, from: msg.from, count: msg.count });
      return post.call(this, msg, ...rest);
    };
  });
  // With several workers (one per core, at most four), the chunks cover places
  // 0 … runs − 1 of the longest-first order once each, and every worker got
  // some; a lone worker runs everything as its shard and is handed nothing.
  const handedOut = (runs) =>
    page.evaluate((runs) => {
      const cores = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
      const takes = window.protolabTakes.filter((t) => t.count > 0).sort((a, b) => a.from - b.from);
      const contiguous = takes.every((t, i) => t.from === (i ? takes[i - 1].from + takes[i - 1].count : 0));
      const workers = new Set(takes.map((t) => t.worker)).size;
      const end = takes.length ? takes.at(-1).from + takes.at(-1).count : 0;
      const ok = cores === 1 ? window.protolabTakes.length === 0 : contiguous && end === runs && workers === cores;
      return { ok, chunks: takes.length, workers, end };
    }, runs);
  await page.goto(base + "#v=1&lab=prototypes&N=30&mask=CS&seed=5", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && document.getElementById("step-count").textContent === "0", null, { timeout: 20000 });
  check(true, "page loaded and exposed window.protolab");
  const footer = await page.evaluate(() => document.getElementById("version").textContent);
  check(/^protolab v\d+\.\d+\.\d+/.test(footer), `footer names the version (${footer})`);
  await page.waitForTimeout(1000);
  const idleFrames = await page.evaluate(async () => {
    const before = window.protolabFrames;
    await new Promise((r) => setTimeout(r, 1500));
    return window.protolabFrames - before;
  });
  check(idleFrames === 0, `a paused page asks for no frames (${idleFrames} in 1.5 s)`);

  await page.click("#play");
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) > 200, null, { timeout: 20000 });
  check(true, "play advanced the step counter past 200");
  const state = await page.evaluate(() => ({ steps: window.protolab.stepCount(), hash: location.hash }));
  check(state.hash.includes("N=30") && state.hash.includes("mask=CS"), `URL hash carries the config (${state.hash.slice(0, 60)}…)`);

  const inked = await inkedFigures(page);
  for (const [fig, n] of inked) check(n > 3000, `canvas ${fig} is drawn (${n} inked pixels)`);
  if (shots) await page.screenshot({ path: join(shots, "lab-playing.png"), fullPage: true });

  // Own data: a click on the data plot adds a point (N follows), a bad CSV is refused.
  await page.click("#play"); // pause
  const box = await page.locator("#fig-fit").boundingBox();
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.4);
  await page.waitForFunction(() => document.getElementById("N").value === "31", null, { timeout: 10000 });
  const own = await page.evaluate(() => ({ user: window.protolab.isUserData(), hash: location.hash }));
  check(own.user && own.hash.includes("pts="), "clicking the data plot added a point: N = 31, points in the link");
  await page.keyboard.down("Shift");
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.4);
  await page.keyboard.up("Shift");
  await page.waitForFunction(() => document.getElementById("N").value === "30", null, { timeout: 10000 });
  check(true, "shift-click removed the nearest point: N = 30");
  await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.4);
  await page.waitForFunction(() => document.getElementById("N").value === "31", null, { timeout: 10000 });
  await page.click("details > summary");
  await page.fill("#csv-text", "x,y\n0.1,0.2\n0.3,not-a-number\n");
  await page.click("#use-csv");
  const csvAlert = await page.textContent("[role=alert]");
  const n = await page.inputValue("#N");
  check(csvAlert.includes("line 3") && n === "31", `bad CSV refused, state kept: "${csvAlert.slice(0, 60)}…", N = ${n}`);

  // A hand-edited link: the bad value is reported in role=alert, the page still works.
  await page.goto(base + "#v=1&N=banana&seed=2", { waitUntil: "load" });
  await page.waitForFunction(() => !document.getElementById("alert").hidden, null, { timeout: 10000 });
  const alert = await page.textContent("[role=alert]");
  check(alert.includes("N=") && alert.includes("default"), `bad URL value reported: "${alert.slice(0, 70)}…"`);
  await page.reload({ waitUntil: "load" });

  // The positions experiment runs in a worker while the page stays live.
  await page.goto(base + "#v=1&N=20&seed=1", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab, null, { timeout: 20000 });
  await page.click('[data-run="positions"]');
  await page.waitForFunction(() => document.querySelector("#exp-positions .status").textContent.includes("done"), null, { timeout: 120000 });
  const svg = await page.evaluate(() => document.querySelector('#exp-positions [data-exp-figure="positions"] svg')?.outerHTML.length || 0);
  check(svg > 5000, `positions figure rendered (${svg} bytes of SVG)`);
  if (shots) await page.screenshot({ path: join(shots, "positions.png"), fullPage: true });

  // Cancelled while its workers are busy, then run again: the second run is
  // whole (the first one's late messages are ignored).
  await page.click('[data-run="sweep"]');
  await page.waitForFunction(() => / runs · /.test(document.querySelector("#exp-sweep .status").textContent), null, { timeout: 60000 });
  await page.click('[data-cancel="sweep"]');
  await page.waitForFunction(() => document.querySelector("#exp-sweep .status").textContent === "cancelled", null, { timeout: 20000 });
  check(true, "the τ-sweep cancelled while running");

  // The τ-sweep is split over several workers and merged on the page.
  const sweep = await runExperiment(page, "sweep", "sweep");
  check(sweep.status.startsWith("70 / 70 runs"), `τ-sweep finished: ${sweep.status}`);
  const sweepTakes = await handedOut(70);
  check(sweepTakes.ok, `τ-sweep: its 70 runs handed out once each, in ${sweepTakes.chunks} chunks, to ${sweepTakes.workers} workers, one per core (end ${sweepTakes.end})`);
  check(sweep.svg > 5000 && sweep.downloads.length >= 2, `τ-sweep figure (${sweep.svg} bytes) and downloads (${sweep.downloads.length}) shown`);

  // The whole study, kept short by its steps setting (the grid of masks, N and
  // seeds is fixed): both figures, the table, the findings and all downloads.
  await page.goto(base + "#v=1&N=20&seed=1&steps=100", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("steps=100"), null, { timeout: 20000 });
  const study = await runExperiment(page, "study", "study");
  const studyMore = await page.evaluate(() => ({
    sweepSvg: document.querySelector('#exp-study [data-exp-figure="sweep"] svg')?.outerHTML.length || 0,
    findings: document.querySelectorAll("#exp-study .finding").length,
  }));
  check(study.status.startsWith("550 / 550 runs") && study.rows === 49, `study finished (480 runs and the 70 of its τ-sweep): ${study.status}; table of ${study.rows - 1} mask × N cells`);
  const studyTakes = await handedOut(550);
  check(studyTakes.ok, `study: its 550 runs handed out once each, in ${studyTakes.chunks} chunks, to ${studyTakes.workers} workers, one per core`);
  check(study.svg > 5000 && studyMore.sweepSvg > 5000 && studyMore.findings > 0, `study figures (${study.svg} and ${studyMore.sweepSvg} bytes of SVG) and ${studyMore.findings} findings shown`);
  check(study.downloads.join() === "Download study CSV,Download τ-sweep CSV,Download study SVG,Download sweep SVG", `study downloads: ${study.downloads.join(", ")}`);

  // The Abstraction Lab tab: the same controls drive a different lab.
  await page.goto(base + "#v=1&lab=prototypes&N=12&seed=4", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && document.getElementById("N").value === "12", null, { timeout: 20000 });
  await page.click('[data-tab="abstraction"]');
  await page.waitForFunction(() => location.hash.includes("lab=abstraction") && window.protolab.config().includes("lab=abstraction"), null, { timeout: 20000 });
  const tab = await page.evaluate(() => ({
    title: document.title,
    protoHidden: document.getElementById("fig-fit").closest("figure").hidden,
    absShown: ["kernels", "pca", "curves"].every((f) => !document.querySelector(`canvas[data-figure=${f}]`).closest("figure").hidden),
    current: document.querySelector('[data-tab="abstraction"]').getAttribute("aria-current"),
  }));
  check(tab.protoHidden && tab.absShown && tab.current === "page" && tab.title.includes("Abstraction"), "the Abstraction Lab tab shows its own figures and is the current tab");
  await page.click('[data-try-lam="0.1"]');
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) > 3000, null, { timeout: 30000 });
  await page.click("#play");
  const abs = await page.evaluate(() => {
    const m = window.protolab.metrics();
    return { hash: location.hash, ps: [...m.ps], steps: window.protolab.stepCount() };
  });
  check(abs.hash.includes("lam=0.1") && abs.ps.every(Number.isFinite), `"Try λ = 0.1" set λ in the link and played to step ${abs.steps} (PS ${abs.ps.map((v) => v.toFixed(2))})`);
  const absInk = await inkedFigures(page);
  check(absInk.map((f) => f[0]).join() === "kernels,pca,curves", `the abstraction figures are the visible ones (${absInk.map((f) => f[0])})`);
  for (const [fig, n] of absInk) check(n > 3000, `abstraction canvas ${fig} is drawn (${n} inked pixels)`);
  if (shots) await page.screenshot({ path: join(shots, "abstraction.png"), fullPage: true });
  const before = await page.evaluate(() => window.protolab.stepCount());
  await page.click("#step");
  const afterStep = await page.evaluate(() => window.protolab.stepCount());
  await page.click("#reset");
  const afterReset = await page.evaluate(() => window.protolab.stepCount());
  check(afterStep > before && afterReset === 0, `step (${before} → ${afterStep}) and reset (→ ${afterReset}) work on this tab`);
  await page.click('[data-tab="prototypes"]');
  await page.waitForFunction(() => window.protolab.config().includes("lab=prototypes"), null, { timeout: 10000 });
  check((await page.inputValue("#N")) === "12", "back on the Prototype Lab tab, its settings were kept (N = 12)");

  // The λ-sweep runs in workers and shows its chart, table and CSV.
  await page.goto(base + "#v=1&lab=abstraction&steps=4000&seed=2", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("steps=4000"), null, { timeout: 20000 });
  const lam = await runExperiment(page, "lambda", "lambda");
  check(lam.status.startsWith("28 / 28 runs"), `λ-sweep finished: ${lam.status}`);
  check(lam.svg > 5000 && lam.rows === 15 && lam.downloads.some((d) => d.includes("CSV")), `λ-sweep chart (${lam.svg} bytes), table (${lam.rows - 1} λ values) and downloads (${lam.downloads.join(", ")})`);

  // Hand-edited abstraction links: a bad value and an unknown lab are reported.
  await page.goto(base + "#v=1&lab=abstraction&D=9", { waitUntil: "load" });
  await page.waitForFunction(() => !document.getElementById("alert").hidden, null, { timeout: 10000 });
  const dAlert = await page.textContent("[role=alert]");
  check(dAlert.includes("D=") && (await page.inputValue("#a-D")) === "3", `bad D reported and replaced: "${dAlert.slice(0, 60)}…"`);
  await page.goto(base + "#v=1&lab=nonsense", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && !document.getElementById("alert").hidden, null, { timeout: 10000 });
  const labAlert = await page.textContent("[role=alert]");
  check(labAlert.includes("lab=nonsense"), `unknown lab reported: "${labAlert.slice(0, 60)}…"`);

  // The Latent Field Lab: its digits are fetched when the tab opens; it trains,
  // finds attractors and draws all four figures.
  await page.goto(base + "#v=1&lab=prototypes&seed=1", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab, null, { timeout: 20000 });
  await page.click('[data-tab="latent-field"]');
  await page.waitForFunction(() => window.protolab.config().includes("lab=latent-field"), null, { timeout: 20000 });
  check((await page.textContent("#step-unit")) === "epoch", "the Latent Field Lab counts epochs");
  await page.fill("#l-epochs", "300");
  await page.dispatchEvent("#l-epochs", "change");
  await page.waitForFunction(() => window.protolab.config().includes("epochs=300"), null, { timeout: 20000 });
  await page.click("#play");
  await page.waitForFunction(() => window.protolab.isFinished(), null, { timeout: 120000 });
  const lat = await page.evaluate(() => ({ m: window.protolab.metrics(), hash: location.hash }));
  check(lat.hash.includes("epochs=300") && lat.m.attractors >= 1 && lat.m.analysedAt === 300, `trained 300 epochs: ${lat.m.attractors} attractors, memorised ${lat.m.memorised.toFixed(2)}, MSE ${lat.m.train.toFixed(3)} / ${lat.m.held.toFixed(3)}`);
  const latInk = await inkedFigures(page);
  check(latInk.map((f) => f[0]).join() === "field,codes,attractors,curves", `the latent figures are the visible ones (${latInk.map((f) => f[0])})`);
  for (const [fig, n] of latInk) check(n > 3000, `latent canvas ${fig} is drawn (${n} inked pixels)`);
  if (shots) await page.screenshot({ path: join(shots, "latent.png"), fullPage: true });
  await page.click('[data-try-latent="train=64&wd=0.001"]');
  await page.waitForFunction(() => location.hash.includes("wd=0.001"), null, { timeout: 20000 });
  await page.click("#play");
  check((await page.inputValue("#l-wd")) === "0.001", "the weight-decay button set wd=0.001 in the controls and the link");

  // The Capacity Lab on the fast 8×8 digits: train, prune, corrupt, saliency;
  // then a width sweep of one pair in workers.
  await page.goto(base + "#v=1&lab=capacity&data=digits&pair=3/8&H=8&epochs=80&finetune=5&large=16", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("lab=capacity"), null, { timeout: 20000 });
  await page.click("#play");
  await page.waitForFunction(() => window.protolab.isFinished(), null, { timeout: 120000 });
  const cap = await page.evaluate(() => window.protolab.metrics());
  const p95 = cap.pruned.find((p) => p.scheme === "global" && p.level === 0.95);
  check(cap.epoch === 80 && cap.pruned.length === 22 && cap.noise.length === 14 && Math.abs(p95.achieved - 0.95) < 0.01,
    `trained 80 epochs (F1 ${cap.f1.toFixed(2)}), pruned at 22 levels (95 % global: achieved ${p95.achieved.toFixed(3)}, F1 ${p95.f1.toFixed(2)} → ${p95.f1Tuned.toFixed(2)} tuned), 14 corruption points`);
  check(cap.paperLevel && Math.abs(cap.paperLevel.achieved - 0.0095) < 0.003, `the paper's real pruning level is measured too: ${(100 * cap.paperLevel.achieved).toFixed(2)} % → F1 ${cap.paperLevel.f1.toFixed(2)} (dense ${cap.f1.toFixed(2)})`);
  const capInk = await inkedFigures(page);
  check(capInk.map((f) => f[0]).join() === "training,pruning,noise,saliency", `the capacity figures are the visible ones (${capInk.map((f) => f[0])})`);
  for (const [fig, n] of capInk) check(n > 3000, `capacity canvas ${fig} is drawn (${n} inked pixels)`);
  if (shots) await page.screenshot({ path: join(shots, "capacity.png"), fullPage: true });
  // One pair (the scope defaults to all five, the shipped plan): 33 runs.
  await page.selectOption("#widths-scope", "pair");
  const widths = await runExperiment(page, "widths", "widths");
  check(widths.status.startsWith("33 / 33 runs"), `width sweep finished: ${widths.status}`);
  check(widths.svg > 5000 && widths.rows === 13 && widths.downloads.some((d) => d.includes("CSV")), `width-sweep chart (${widths.svg} bytes), table (${widths.rows - 2} widths and the smallest passing one), downloads (${widths.downloads.join(", ")})`);
  // The table: a column for the pair run, its smallest passing width in the last row.
  const minima = await page.evaluate(() => ({
    head: [...document.querySelector("#exp-widths table.results tr").querySelectorAll("th")].map((t) => t.textContent),
    foot: document.querySelector("#exp-widths table.results tfoot")?.textContent ?? "",
  }));
  check(minima.head.join() === "H,3/8" && /(H = \d+|never)$/.test(minima.foot), `the smallest passing width is stated under the 3/8 column: "${minima.foot}" (columns ${minima.head.join(", ")})`);

  // Embedding an abstraction figure alone.
  await page.goto(base + "#v=1&lab=abstraction&embed=1&show=pca", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.protolab, null, { timeout: 20000 });
  const shown = await page.evaluate(() => [...document.querySelectorAll(".figures figure")].filter((f) => getComputedStyle(f).display !== "none").map((f) => f.querySelector("canvas").dataset.figure));
  check(shown.join() === "pca", `embed show=pca shows only that abstraction figure (${shown})`);

  // The host example: an embedded iframe (chrome hidden, resize messages) and
  // the module drawing into the host's own canvas.
  await page.goto(base + "examples/embed.html", { waitUntil: "load" });
  await page.waitForFunction(() => window.hostLab && window.hostLab.stepCount() > 0 && window.resizes.length > 0, null, { timeout: 20000 });
  const host = await page.evaluate(() => {
    const c = document.getElementById("mine");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
    return { inked: n, resize: window.resizes[window.resizes.length - 1] };
  });
  check(host.inked > 3000, `host page drew its own lab with the module (${host.inked} inked pixels)`);
  check(host.resize > 100, `iframe posted protolab:resize (height ${host.resize})`);
  const frame = page.frames().find((f) => f.url().includes("embed=1"));
  await frame.waitForFunction(() => window.protolab, null, { timeout: 20000 });
  const inside = await frame.evaluate(() => ({
    header: getComputedStyle(document.querySelector("header")).display,
    experiments: getComputedStyle(document.querySelector(".experiments")).display,
    figures: [...document.querySelectorAll(".figures figure")]
      .filter((f) => getComputedStyle(f).display !== "none")
      .map((f) => f.querySelector("canvas").dataset.figure),
    play: getComputedStyle(document.getElementById("play")).display,
  }));
  check(inside.header === "none" && inside.experiments === "none", "embed mode hides the page chrome");
  check(inside.figures.join() === "fit,prototypes" && inside.play !== "none", `embed shows only show= figures (${inside.figures}) and the control strip`);
  if (shots) await page.screenshot({ path: join(shots, "embed.png"), fullPage: true });
} catch (e) {
  check(false, `unexpected: ${e.message}`);
} finally {
  await browser.close();
  close();
}
for (const p of problems) check(false, p);
console.log(failed ? "e2e: FAILED" : "e2e: all checks passed");
process.exit(failed ? 1 : 0);
