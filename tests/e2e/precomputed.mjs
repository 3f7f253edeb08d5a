// The reader's page (issue #13): the results that ship with the page are
// there on a fresh load without a click, labelled, greyed when the settings
// differ; "Run again in your browser" gives the same numbers; a study row or
// a figure point replays its run in the lab above with the same config and
// the same final metrics; show=study embeds the figure alone; an experiment
// not precomputed yet says so. Every lab's panel (λ-sweep, trend, width
// sweep) shows its shipped results on a fresh load within the bound, labelled,
// greyed by a setting it does not set; each lab's "Run again" gives the
// shipped rows (study: N ∈ {3, 5}; λ-sweep: seed 0; trend: seed 0 at epochs
// 100 and 500; width sweep: the lab's pair); compare (a view) greys nothing.
// Usage: node tests/e2e/precomputed.mjs [screenshot-dir]
import { join } from "node:path";
import { e2e } from "./harness.mjs";

const shots = process.argv[2];

// The acceptance: table and findings within 2 s of the wasm being ready.
const BOUND_MS = 2000;

// Columns of a run CSV that hold the run's config and results (not `index`,
// which is the run's place in its plan, nor `wall_ms`, which is a clock).
const keyed = (csv) => {
  const [head, ...rows] = csv.trim().split("\n").filter((l) => !l.startsWith("#"));
  const cols = head.split(",");
  const at = (name) => cols.indexOf(name);
  return new Map(rows.map((l) => {
    const c = l.split(",");
    return [`${c[at("mask")]}/${c[at("N")]}/${c[at("seed")]}`, c.slice(at("mask"), at("wall_ms")).join(",")];
  }));
};

await e2e("precomputed", async ({ browser, base, check, watch }) => {
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));

  // 1. A fresh load: no click, the study's table and findings appear.
  const order = [];
  page.on("request", (r) => r.url().includes("data/results/") && order.push(`fetch ${r.url().split("/").pop()}`));
  page.on("load", () => order.push("load"));
  await page.goto(base, { waitUntil: "commit" });
  const wasmAt = await (await page.waitForFunction(() => window.protolab && performance.now(), null, { timeout: 60000, polling: "raf" })).jsonValue();
  const shownAt = await (await page.waitForFunction(() => {
    const rows = document.querySelectorAll("#exp-study table.results tr[data-mask]");
    const f = document.querySelector("#exp-study .finding");
    return rows.length === 48 && f && f.checkVisibility() && rows[0].checkVisibility() && performance.now();
  }, null, { timeout: 60000, polling: "raf" })).jsonValue();
  check(shownAt - wasmAt < BOUND_MS, `fresh load: table (48 cells) and findings visible ${(shownAt - wasmAt).toFixed(0)} ms after the wasm was ready (${shownAt.toFixed(0)} ms after navigation), bound ${BOUND_MS} ms`);
  check(order[0] === "load" && order.includes("fetch manifest.json"), `the shipped results are fetched after the load event, not part of it (${order.slice(0, 3).join(" → ")})`);
  await page.waitForFunction(() => ["study", "sweep", "positions"].every((k) => document.getElementById(`exp-${k}`).dataset.results === "precomputed"), null, { timeout: 30000 });
  const fresh = await page.evaluate(async () => {
    const manifest = await (await fetch("data/results/manifest.json")).json();
    const entry = manifest.labs.prototypes.experiments.study;
    return {
      entry,
      config: window.protolab.config(),
      label: document.querySelector("#exp-study .provenance").textContent,
      button: document.querySelector('[data-run="study"]').textContent,
      stale: document.querySelectorAll(".experiment.stale").length,
      svgs: ["study", "sweep", "positions"].map((k) => document.querySelector(`#exp-${k} .figure-svg svg`)?.outerHTML.length || 0),
    };
  });
  check(fresh.config === fresh.entry.config, `the page's defaults are the config the shipped results were made at (${fresh.entry.config.slice(0, 50)}…)`);
  check(fresh.label.startsWith(`Precomputed at the defaults with protolab v${fresh.entry.version}`) && fresh.button === "Run again in your browser" && fresh.stale === 0,
    `labelled: "${fresh.label.slice(0, 70)}…", button "${fresh.button}", nothing greyed`);
  check(fresh.svgs.every((n) => n > 5000), `study, τ-sweep and positions figures drawn from the shipped files (${fresh.svgs} bytes of SVG)`);
  if (shots) {
    await page.locator("#exp-study").screenshot({ path: join(shots, "precomputed-study.png") });
  }

  // 1b. Every other lab's panel, on a fresh load of its link: no click, its
  // table (rows and columns: the width sweep's is H by pair, all five pairs,
  // and a last row of the smallest passing widths) and caption within the bound of the
  // wasm being ready, labelled with the version, not greyed; then a setting
  // the experiment does not set itself greys it and says so.
  const labPanels = [
    ["abstraction", "lambda", 14, 6, ["a-lr", "0.05", "lr"]],
    ["latent-field", "trend", 7, 8, ["l-seed", "9", "seed"]],
    ["capacity", "widths", 12, 6, ["c-lr", "0.05", "lr"]],
  ];
  for (const [lab, kind, rows, cols, [control, value, key]] of labPanels) {
    await page.goto("about:blank");
    await page.goto(base + `#v=1&lab=${lab}`, { waitUntil: "commit" });
    const ready = await (await page.waitForFunction(() => window.protolab && performance.now(), null, { timeout: 60000, polling: "raf" })).jsonValue();
    const shown = await (await page.waitForFunction(([k, n]) => {
      const panel = document.getElementById(`exp-${k}`);
      const trs = panel.querySelectorAll("table.results tr");
      const cap = panel.querySelector("table.results caption");
      return trs.length - 1 === n && cap && cap.textContent.length > 20 && trs[1].checkVisibility() && performance.now();
    }, [kind, rows], { timeout: 60000, polling: "raf" })).jsonValue();
    const seen = await page.evaluate(async ([lab, kind]) => {
      const manifest = await (await fetch("data/results/manifest.json")).json();
      const panel = document.getElementById(`exp-${kind}`);
      return {
        entry: manifest.labs[lab].experiments[kind],
        results: panel.dataset.results,
        label: panel.querySelector(".provenance").textContent,
        button: panel.querySelector(`[data-run="${kind}"]`).textContent,
        stale: panel.classList.contains("stale"),
        caption: panel.querySelector("table.results caption").textContent,
        cols: panel.querySelector("table.results tr").querySelectorAll("th").length,
        foot: panel.querySelector("table.results tfoot")?.textContent ?? "",
        svg: panel.querySelector(".figure-svg svg")?.outerHTML.length || 0,
      };
    }, [lab, kind]);
    const own = (link) => new URLSearchParams(link).get("lab");
    check(shown - ready < BOUND_MS && seen.results === "precomputed",
      `${lab}: fresh load, no click: the shipped ${kind} table (${rows} rows) and its caption ("${seen.caption.slice(0, 60)}…") visible ${(shown - ready).toFixed(0)} ms after the wasm was ready, bound ${BOUND_MS} ms`);
    check(seen.label.startsWith(`Precomputed at the defaults with protolab v${seen.entry.version}`) && !seen.stale && seen.button === "Run again in your browser" && own(seen.entry.config) === lab,
      `${lab}: the ${kind} panel is labelled "${seen.label.slice(0, 60)}…", not greyed`);
    if (lab === "capacity") check((seen.foot.match(/H = \d+|never/g) || []).length === 5, `capacity: the smallest passing width of each of the five pairs ("${seen.foot}")`);
    check(seen.cols === cols && seen.svg > 3000, `${lab}: the shipped ${kind} table has its ${cols} columns (${seen.cols}), the figure is drawn (${seen.svg} bytes of SVG)`);
    if (shots) await page.locator(`#exp-${kind}`).screenshot({ path: join(shots, `precomputed-${kind}.png`) });
    await page.fill(`#${control}`, value);
    await page.dispatchEvent(`#${control}`, "change");
    await page.waitForFunction((k) => document.getElementById(`exp-${k}`).classList.contains("stale"), kind, { timeout: 20000 });
    const greyed = await page.textContent(`#exp-${kind} .provenance`);
    check(greyed.includes(`your settings differ (${key})`), `${lab}: ${key} = ${value} greys the ${kind}: "${greyed}"`);
  }

  // 1c. compare is a view, not a setting of the runs: turning it on greys nothing.
  await page.goto(base + "#v=1&lab=prototypes", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-study").dataset.results === "precomputed", null, { timeout: 60000 });
  await page.selectOption("#compare", "C");
  await page.dispatchEvent("#compare", "change");
  await page.waitForFunction(() => window.protolab.config().includes("compare=C"), null, { timeout: 20000 });
  const cmp = await page.evaluate(() => ({
    stale: ["study", "sweep", "positions"].filter((k) => document.getElementById(`exp-${k}`).classList.contains("stale")),
    label: document.querySelector("#exp-study .provenance").textContent,
  }));
  check(cmp.stale.length === 0 && cmp.label.startsWith("Precomputed at the defaults"), `compare=C greys none of the Prototype Lab's results (greyed: ${cmp.stale.join(", ") || "none"}; "${cmp.label.slice(0, 50)}…")`);
  await page.selectOption("#compare", "off");
  await page.dispatchEvent("#compare", "change");

  // 2. Settings that differ grey the results that no longer apply, and only those.
  await page.fill("#lamS", "2");
  await page.dispatchEvent("#lamS", "change");
  await page.waitForFunction(() => document.getElementById("exp-study").classList.contains("stale"), null, { timeout: 20000 });
  const lam = await page.evaluate(() => document.querySelector("#exp-study .provenance").textContent);
  check(lam.includes("your settings differ (lamS)"), `λS = 2 greys the study: "${lam}"`);
  await page.fill("#lamS", "1");
  await page.dispatchEvent("#lamS", "change");
  await page.fill("#seed", "7");
  await page.dispatchEvent("#seed", "change");
  await page.waitForFunction(() => window.protolab.config().includes("seed=7"), null, { timeout: 20000 });
  const seed = await page.evaluate(() => ["study", "sweep", "positions"].map((k) => document.getElementById(`exp-${k}`).classList.contains("stale")));
  check(seed.join() === "false,false,true", `seed 7: the study and τ-sweep still apply (they set the seed), the positions do not (stale: ${seed})`);

  // 3. Replay a study cell: the seed picker (keyboard), the link, the run's final metrics.
  await page.goto(base + "#", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-study").dataset.results === "precomputed", null, { timeout: 60000 });
  await page.click('#exp-study tr[data-mask="CS"][data-n="5"] button.replay');
  // (page.click scrolls the row into view itself.)
  await page.waitForSelector(".seed-picker");
  const picker = await page.evaluate(() => ({
    seeds: [...document.querySelectorAll(".seed-picker [data-seed]")].map((b) => b.dataset.seed),
    focused: document.activeElement?.dataset.seed,
  }));
  check(picker.seeds.join() === "0,1,2,3,4,5,6,7,8,9" && picker.focused === "0", `the cell's seed picker lists its 10 seeds, focus on the first (${picker.seeds.join(" ")})`);
  if (shots) await page.locator("#exp-study").screenshot({ path: join(shots, "replay-picker.png") });
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.protolab.config().includes("seed=3") && window.protolab.config().includes("mask=CS&"), null, { timeout: 20000 });
  const shipped = await page.evaluate(() => document.getElementById("exp-study").protolabResults.cellRuns("CS", 5).find((r) => r.seed === 3));
  const opened = await page.evaluate(() => ({ config: window.protolab.config(), N: document.getElementById("N").value, hash: location.hash }));
  check(opened.config === shipped.link && opened.N === "5" && opened.hash.includes("seed=3"), `keyboard: seed 3 opened mask CS, N = 5, seed 3 through the link (${opened.config.slice(0, 60)}…)`);
  await page.evaluate(() => {
    document.getElementById("speed").value = "500";
    document.getElementById("speed").dispatchEvent(new Event("change"));
  });
  await page.click("#play");
  await page.waitForFunction(() => window.protolab.isFinished(), null, { timeout: 120000 });
  const m = await page.evaluate(() => window.protolab.metrics());
  check(m.recon === shipped.recon && m.specialization === shipped.specialization && m.hullEscape === shipped.hullEscape,
    `the replayed run ends where the table's run did, bit for bit: recon ${m.recon} = ${shipped.recon}, specialization ${m.specialization} = ${shipped.specialization}`);

  // 4. Replay from the figures: a τ-sweep point (nearest point of the chart) and a positions panel.
  await page.goto(base + "#", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-sweep").dataset.results === "precomputed", null, { timeout: 60000 });
  const dot = await page.evaluate(() => {
    const svg = document.querySelector('#exp-sweep [data-exp-figure="sweep"] svg');
    svg.scrollIntoView({ block: "center" });
    const c = [...svg.querySelectorAll("circle")][4];
    const r = c.getBoundingClientRect();
    return { x: r.left + r.width / 2 + 3, y: r.top + r.height / 2 - 2 };
  });
  await page.mouse.click(dot.x, dot.y);
  await page.waitForSelector("#exp-sweep .seed-picker");
  const sweepPick = await page.evaluate(() => ({
    seeds: document.querySelectorAll("#exp-sweep .seed-picker [data-seed]").length,
    tau: document.querySelector("#exp-sweep .seed-picker p").textContent.match(/τS = ([^ ]+)/)[1],
  }));
  await page.click('#exp-sweep .seed-picker [data-seed="2"]');
  await page.waitForFunction(() => window.protolab.config().includes("seed=2"), null, { timeout: 20000 });
  const tau = await page.evaluate(() => window.protolab.config());
  check(sweepPick.seeds === 5 && tau.includes("mask=S&") && tau.includes("N=50&") && tau.includes(`tauS=${sweepPick.tau}&`) && sweepPick.tau !== "0.1",
    `a click near the fifth τ-sweep point offered its 5 seeds and opened mask S, N = 50 at its τS = ${sweepPick.tau}`);
  const panel = await page.evaluate(() => {
    const svg = document.querySelector('#exp-positions [data-exp-figure="positions"] svg');
    svg.scrollIntoView({ block: "center" });
    const r = svg.getBoundingClientRect();
    return { x: r.left + r.width * 0.9, y: r.top + r.height * 0.3 };
  });
  await page.mouse.click(panel.x, panel.y);
  await page.waitForFunction(() => window.protolab.config().includes("mask=O&"), null, { timeout: 20000 });
  const pos = await page.evaluate(() => window.protolab.config());
  check(pos.includes("N=100&") && pos.includes("seed=0"), `a click on the positions figure's fourth panel opened mask O at N = 100, seed 0`);

  // 5. "Run again in your browser" (a smaller plan: N ∈ {3, 5}, the same runs) gives the same numbers.
  await page.goto(base + "#", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-study").dataset.results === "precomputed", null, { timeout: 60000 });
  const rowsOf = () => [...document.querySelectorAll("#exp-study table.results tr[data-mask]")].filter((r) => ["3", "5"].includes(r.dataset.n)).map((r) => r.textContent);
  const before = await page.evaluate(rowsOf);
  await page.evaluate(() => (window.protolabTestPlan = { ns: [3, 5], seeds: 10, sweepN: 3, sweepSeeds: 1 }));
  await page.click('[data-run="study"]');
  await page.waitForFunction(() => document.querySelector("#exp-study .status").textContent.includes("done"), null, { timeout: 300000 });
  const after = await page.evaluate(rowsOf);
  const rerun = await page.evaluate(async () => ({
    csv: document.getElementById("exp-study").protolabCsv,
    shippedCsv: await (await fetch("data/results/prototypes-study.csv")).text(),
    label: document.querySelector("#exp-study .provenance").textContent,
  }));
  check(before.length === 16 && after.join("\n") === before.join("\n"), `rerun in the browser: the 16 cells of N = 3 and 5 read exactly as the shipped table`);
  const mine = keyed(rerun.csv);
  const theirs = keyed(rerun.shippedCsv);
  const same = [...mine].filter(([k, v]) => theirs.get(k) === v).length;
  check(mine.size === 160 && same === 160, `rerun: all ${mine.size} runs equal the shipped CSV's, every column but index and wall time, bit for bit (${same} equal)`);
  check(rerun.label.startsWith("Computed in your browser"), `then labelled: "${rerun.label}"`);

  // 5b. The λ-sweep's "Run again" (a smaller plan: seed 0 only, every λ) gives the shipped rows bit for bit.
  await page.goto(base + "#v=1&lab=abstraction", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-lambda").dataset.results === "precomputed", null, { timeout: 60000 });
  await page.evaluate(() => (window.protolabTestPlan = { lambdaSeeds: 1 }));
  await page.click('[data-run="lambda"]');
  await page.waitForFunction(() => document.querySelector("#exp-lambda .status").textContent.includes("done"), null, { timeout: 300000 });
  const lambda = await page.evaluate(async () => ({
    csv: document.getElementById("exp-lambda").protolabCsv,
    shippedCsv: await (await fetch("data/results/abstraction-lambda.csv")).text(),
    label: document.querySelector("#exp-lambda .provenance").textContent,
  }));
  const dataRows = (csv, seed) => csv.trim().split("\n").filter((l) => !l.startsWith("#")).slice(1).filter((l) => l.split(",")[1] === seed);
  const ranL = dataRows(lambda.csv, "0");
  const shippedL = dataRows(lambda.shippedCsv, "0");
  check(ranL.length === 14 && ranL.join("\n") === shippedL.join("\n"), `λ-sweep rerun in the browser: the ${ranL.length} runs of seed 0 equal the shipped CSV's rows, bit for bit`);
  check(lambda.label.startsWith("Computed in your browser"), `then labelled: "${lambda.label}"`);
  await page.evaluate(() => delete window.protolabTestPlan);

  // Data rows of a CSV (provenance lines and header left out), those `keep` accepts.
  const body = (csv, keep = () => true) => csv.trim().split("\n").filter((l) => !l.startsWith("#")).slice(1).filter((l) => keep(l.split(",")));

  // 5c. The trend's "Run again" (a smaller plan: seed 0, no weight decay,
  // checkpoints 100 and 500: one run of 500 epochs; the full plan is 30 000
  // epochs) gives the shipped rows of that seed and those epochs, bit for bit.
  await page.goto("about:blank");
  await page.goto(base + "#v=1&lab=latent-field", { waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-trend").dataset.results === "precomputed", null, { timeout: 60000 });
  await page.evaluate(() => (window.protolabTestPlan = { trend: { seeds: 1, plain: [100, 500], decayed: [] } }));
  await page.click('[data-run="trend"]');
  await page.waitForFunction(() => document.querySelector("#exp-trend .status").textContent.includes("done"), null, { timeout: 300000 });
  const trend = await page.evaluate(async () => ({
    csv: document.getElementById("exp-trend").protolabCsv,
    shippedCsv: await (await fetch("data/results/latent-trend.csv")).text(),
    label: document.querySelector("#exp-trend .provenance").textContent,
    config: window.protolab.config(),
  }));
  // weight_decay,seed,epoch,…: the lab's weight decay and seed, epochs 100 and 500.
  const labP = new URLSearchParams(trend.config);
  const mineT = body(trend.csv);
  const shippedT = body(trend.shippedCsv, (c) => c[0] === labP.get("wd") && c[1] === labP.get("seed") && ["100", "500"].includes(c[2]));
  check(mineT.length === 2 && mineT.join("\n") === shippedT.join("\n"), `trend rerun in the browser: its ${mineT.length} rows (seed ${labP.get("seed")}, epochs 100 and 500) equal the shipped CSV's, bit for bit (${shippedT.length} shipped rows matched)`);
  check(trend.label.startsWith("Computed in your browser"), `then labelled: "${trend.label}"`);
  await page.evaluate(() => delete window.protolabTestPlan);

  // 5d. The width sweep's "Run again" with the scope "this pair" (33 runs; the
  // shipped plan is all five pairs) gives the shipped rows of that pair, bit for bit.
  await page.goto("about:blank");
  await page.goto(base + "#v=1&lab=capacity", { waitUntil: "load" });
  await page.waitForFunction(() => document.getElementById("exp-widths").dataset.results === "precomputed", null, { timeout: 60000 });
  await page.selectOption("#widths-scope", "pair");
  await page.click('[data-run="widths"]');
  await page.waitForFunction(() => document.querySelector("#exp-widths .status").textContent.includes("done"), null, { timeout: 600000 });
  const widths = await page.evaluate(async () => ({
    csv: document.getElementById("exp-widths").protolabCsv,
    shippedCsv: await (await fetch("data/results/capacity-widths.csv")).text(),
    label: document.querySelector("#exp-widths .provenance").textContent,
    pair: document.getElementById("c-pair").value,
  }));
  const mineW = body(widths.csv);
  const pairOf = mineW[0]?.split(",")[0];
  const shippedW = body(widths.shippedCsv, (c) => c[0] === pairOf);
  check(mineW.length === 33 && mineW.every((l) => l.startsWith(`${pairOf},`)) && mineW.join("\n") === shippedW.join("\n"),
    `width-sweep rerun in the browser (pair ${widths.pair}): its ${mineW.length} runs equal the shipped CSV's rows of pair ${pairOf}, bit for bit`);
  check(widths.label.startsWith("Computed in your browser"), `then labelled: "${widths.label}"`);

  // 6. An experiment listed but not precomputed (a manifest entry without files) says so (no error).
  const none = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await none.route("**/data/results/manifest.json", async (route) => {
    const m = await (await route.fetch()).json();
    m.labs.abstraction.experiments.lambda.files = null;
    await route.fulfill({ body: JSON.stringify(m), contentType: "application/json" });
  });
  await none.goto(base + "#v=1&lab=abstraction", { waitUntil: "load" });
  await none.waitForFunction(() => document.getElementById("exp-lambda").dataset.results === "missing", null, { timeout: 60000 });
  const missing = await none.textContent("#exp-lambda .provenance");
  check(missing === "Not precomputed yet — Run in your browser.", `a λ-sweep entry without files: "${missing}"`);
  await none.close();

  // 6b. A damaged shipped file (hand-edited): a clear message naming the line, the panel stays usable.
  const bad = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await bad.route("**/data/results/prototypes-study.csv", async (route) => {
    const text = await (await route.fetch()).text();
    const lines = text.split("\n");
    lines[4] = lines[4].replace(",ok,,", ",ok,,-3");
    await route.fulfill({ body: lines.join("\n"), contentType: "text/csv" });
  });
  await bad.goto(base, { waitUntil: "load" });
  await bad.waitForFunction(() => /could not be read/.test(document.querySelector("#exp-study .provenance")?.textContent), null, { timeout: 60000 });
  const damaged = await bad.evaluate(() => ({
    alert: document.getElementById("alert").textContent,
    run: !document.querySelector('[data-run="study"]').disabled,
    sweep: document.getElementById("exp-sweep").dataset.results,
  }));
  check(/line 5/.test(damaged.alert) && damaged.run && damaged.sweep === "precomputed", `a damaged study CSV is refused with "${damaged.alert.slice(0, 90)}…"; the panel can still run, the τ-sweep still shows`);
  await bad.close();

  // 7. The Embed dialog offers the experiment figures; show=study: the figure alone, sized to the frame.
  await page.goto(base + "#v=1&lab=prototypes", { waitUntil: "load" });
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.protolab, null, { timeout: 60000 });
  await page.click("#embed-code");
  const offered = await page.evaluate(() => [...document.querySelectorAll("#embed-show option")].map((o) => o.value));
  await page.selectOption("#embed-show", "study");
  const snippet = await page.inputValue("#embed-snippet");
  check(["study", "tau", "positions"].every((v) => offered.includes(v)) && snippet.includes("embed=1") && snippet.includes("show=study"), `the Embed dialog offers ${offered.join(", ")}; choosing study gives show=study`);
  await page.click("#embed-close");

  const embed = watch(await browser.newPage({ viewport: { width: 700, height: 460 } }));
  await embed.goto(base + "#v=1&lab=prototypes&embed=1&show=study", { waitUntil: "load" });
  await embed.waitForFunction(() => document.querySelector('#exp-study [data-exp-figure="study"] svg'), null, { timeout: 60000 });
  const alone = await embed.evaluate(() => {
    const visible = (el) => el && el.checkVisibility();
    const svg = document.querySelector('#exp-study [data-exp-figure="study"] svg').getBoundingClientRect();
    return {
      figure: visible(document.querySelector('#exp-study [data-exp-figure="study"]')),
      others: [".figures", ".controls", "#exp-study table.results", "#exp-study .findings", '#exp-study [data-exp-figure="sweep"]', "#exp-sweep", "#exp-positions", "header"].filter((s) => visible(document.querySelector(s))),
      width: svg.width,
    };
  });
  check(alone.figure && alone.others.length === 0 && alone.width > 600, `show=study shows the study figure alone (${alone.width.toFixed(0)} px wide in a 700 px frame; also visible: ${alone.others.join(", ") || "nothing"})`);
  if (shots) await embed.screenshot({ path: join(shots, "embed-study.png") });
});
