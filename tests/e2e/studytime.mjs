// The study with its τ-sweep in the page's workers, wall time from the click to
// the final results drawn, as the page shows it (harness.mjs, studySeconds), for one or
// more dist/ folders measured alternately in one browser.
// Usage: node tests/e2e/studytime.mjs DIST [DIST ...] [--rounds K] [--hover MS]
// (--hover: the pointer rests on the Run button MS ms before the click, as a
// user's does; the page starts its workers then; --native BIN: each round also
// runs `BIN study` (the same runs natively on the same cores) and the ratios
// are printed, so that both are measured under the same load)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveDist } from "./serve.mjs";
import { launch, median, studySeconds } from "./harness.mjs";

const args = process.argv.slice(2);
const ri = args.indexOf("--rounds");
const rounds = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 1;
const hi = args.indexOf("--hover");
const hover = hi >= 0 ? Number(args.splice(hi, 2)[1]) : 0;
const ni = args.indexOf("--native");
const native = ni >= 0 ? args.splice(ni, 2)[1] : null;
const scratch = mkdtempSync(join(tmpdir(), "studytime-"));
const natives = [];
// `protolab study` with its τ-sweep, wall seconds (its CSVs go to a scratch folder).
function nativeSeconds() {
  const t0 = process.hrtime.bigint();
  execFileSync(native, ["study", "--quiet", "--out", join(scratch, "study.csv")], { stdio: "ignore" });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
if (args.length === 0) {
  console.error("usage: node tests/e2e/studytime.mjs DIST [DIST ...] [--rounds K] [--hover MS] [--native BIN]");
  process.exit(2);
}
const servers = await Promise.all(args.map((d) => serveDist(d)));
const browser = await launch();
const seen = args.map(() => []);
try {
  for (let r = 0; r < rounds; r++) {
    if (native) natives.push(nativeSeconds());
    for (const k of r % 2 ? [...args.keys()].reverse() : args.keys()) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(servers[k].base + "#v=1&lab=prototypes", { waitUntil: "load" });
      await page.waitForFunction(() => window.protolab, null, { timeout: 30000 });
      seen[k].push(await studySeconds(page, { hover }));
      await page.close();
    }
  }
  const list = (a) => a.map((s) => s.toFixed(2)).join(", ");
  if (native) console.log(`${native} study: ${median(natives).toFixed(2)} s wall (median of ${rounds}: ${list(natives)})`);
  args.forEach((d, k) => {
    console.log(`${d}: the study with its τ-sweep, page's workers${hover ? `, pointer on the button ${hover} ms before the click` : ""}: ${median(seen[k]).toFixed(1)} s wall (median of ${rounds}: ${seen[k].map((s) => s.toFixed(1)).join(", ")})`);
    if (native) console.log(`  ÷ native, round by round: ${list(seen[k].map((s, r) => s / natives[r]))}; medians ${(median(seen[k]) / median(natives)).toFixed(2)}`);
  });
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await browser.close();
  servers.forEach((s) => s.close());
}
