// The study explorer (docs/labs/prototypes.md#explorer): after a (short)
// study, picking two masks shows one dot per seed at every N and the mean ±
// SE of their paired recon differences. Usage: node tests/e2e/explorer.mjs [screenshot-dir]
import { join } from "node:path";
import { e2e } from "./harness.mjs";

const shots = process.argv[2];

e2e("explorer", async ({ browser, base, check, watch }) => {
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 1000 } }));
  await page.goto(base + "#v=1&N=20&seed=1&steps=100", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("steps=100"), null, { timeout: 30000 });
  // The pointer on the Run button starts the panel's workers (they load while
  // the hand moves); the click then uses them.
  const workers = () => page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/worker.js")).length);
  const before = await workers();
  await page.hover('[data-run="study"]');
  await page.waitForFunction((n) => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/worker.js")).length > n, before, { timeout: 10000 }).catch(() => {});
  check((await workers()) > before, `hovering "Run the study" starts its workers before the click (worker.js fetched: ${before} → ${await workers()})`);
  await page.click('[data-run="study"]');
  await page.waitForFunction(() => document.querySelector("#exp-study .status").textContent.includes("done"), null, { timeout: 600000 });
  const box = "#exp-study [data-explorer]";
  await page.waitForSelector(`${box} [data-exp-figure="explorer"] svg`, { timeout: 30000 });

  // What the explorer shows for a pair: dots in its figure, lines in its list.
  const shown = () => page.evaluate((box) => {
    const el = document.querySelector(box);
    return {
      dots: el.querySelectorAll('[data-exp-figure="explorer"] svg circle').length,
      title: el.querySelector("svg text")?.textContent || "",
      stats: [...el.querySelectorAll(".explorer-stats li")].map((li) => li.textContent),
    };
  }, box);
  const first = await shown();
  check(first.stats.length === 6 && first.dots === 60, `default pair base vs C: ${first.dots} dots, ${first.stats.length} N (${first.stats[0]})`);

  await page.selectOption(`${box} [data-mask="a"]`, "C");
  await page.selectOption(`${box} [data-mask="b"]`, "CSO");
  const picked = await shown();
  check(picked.dots === 60 && picked.title.includes("recon(CSO) − recon(C)"), `C vs CSO: one dot per seed at each of 6 N (${picked.dots}), "${picked.title.slice(0, 50)}…"`);
  check(picked.stats.every((s) => /^N=\d+: [+-]\d\.\d{4} ± \d\.\d{4} SE over 10 seeds$/.test(s)), `mean ± SE per N: ${picked.stats.slice(0, 2).join("; ")}`);
  check(picked.stats.join() !== first.stats.join(), "another pair gives other numbers");
  if (shots) {
    await page.locator(box).scrollIntoViewIfNeeded();
    await page.locator(box).screenshot({ path: join(shots, "explorer.png") });
  }
});
