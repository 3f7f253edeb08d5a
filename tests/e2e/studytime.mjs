// The study with its τ-sweep in the page's workers, wall time from the click to
// the final results drawn, as the page shows it (harness.mjs, studySeconds), for one or
// more dist/ folders measured alternately in one browser.
// Usage: node tests/e2e/studytime.mjs DIST [DIST ...] [--rounds K]
import { serveDist } from "./serve.mjs";
import { launch, median, studySeconds } from "./harness.mjs";

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
      seen[k].push(await studySeconds(page));
      await page.close();
    }
  }
  args.forEach((d, k) => console.log(`${d}: the study with its τ-sweep, page's workers: ${median(seen[k]).toFixed(1)} s wall (median of ${rounds}: ${seen[k].map((s) => s.toFixed(1)).join(", ")})`));
} finally {
  await browser.close();
  servers.forEach((s) => s.close());
}
