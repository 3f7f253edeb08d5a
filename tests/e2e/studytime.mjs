// The study with its τ-sweep in the page's workers, wall time from the click to
// "done", for one or more dist/ folders measured alternately in one browser.
// Usage: node tests/e2e/studytime.mjs DIST [DIST ...] [--rounds K]
import { serveDist } from "./serve.mjs";
import { launch, median } from "./harness.mjs";

const args = process.argv.slice(2);
const ri = args.indexOf("--rounds");
const rounds = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 1;
if (args.length === 0) {
  console.error("usage: node tests/e2e/studytime.mjs DIST [DIST ...] [--rounds K]");
  process.exit(2);
}
const servers = await Promise.all(args.map((d) => serveDist(d)));
const browser = await launch();
const seen = args.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? [...args.keys()].reverse() : args.keys()) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(servers[k].base + "#v=1&lab=prototypes", { waitUntil: "load" });
      await page.waitForFunction(() => window.protolab, null, { timeout: 30000 });
      const t0 = Date.now();
      await page.click('[data-run="study"]');
      await page.waitForFunction(() => document.querySelector("#exp-study .status").textContent.includes("done"), null, { timeout: 900000, polling: 50 });
      seen[k].push((Date.now() - t0) / 1000);
      await page.close();
    }
  }
  args.forEach((d, k) => console.log(`${d}: the study with its τ-sweep, page's workers: ${median(seen[k]).toFixed(1)} s wall (median of ${rounds}: ${seen[k].map((s) => s.toFixed(1)).join(", ")})`));
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
