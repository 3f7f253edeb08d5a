// Side-by-side browser benchmark of two builds: steps/s of the wasm build at
// N = 100 (no drawing) in headless Chromium, the two dist/ folders measured
// alternately in one browser so that the machine's load falls on both.
// Usage: node tests/e2e/abbench.mjs DIST_BEFORE DIST_NOW [ROUNDS]
import { serveDist } from "./serve.mjs";
import { launch, median } from "./harness.mjs";

const [before, now, rounds = "5"] = process.argv.slice(2);
if (!before || !now) {
  console.error("usage: node tests/e2e/abbench.mjs DIST_BEFORE DIST_NOW [ROUNDS]");
  process.exit(2);
}
const configs = [
  ["CSO, calibrated defaults", "N=100&mask=CSO&steps=3000"],
  ["CSO, absolute τ 0.01 / 0.001", "N=100&mask=CSO&tauUnits=abs&tauC=0.01&tauS=0.001&steps=3000"],
];
const servers = { before: await serveDist(before), now: await serveDist(now) };
const browser = await launch();
const seen = {};
try {
  for (let r = 0; r < Number(rounds); r++) {
    for (const side of r % 2 ? ["now", "before"] : ["before", "now"]) {
      const page = await browser.newPage();
      await page.goto(servers[side].base + "#v=1&lab=prototypes", { waitUntil: "load" });
      await page.waitForFunction(() => window.wasmBindings, null, { timeout: 30000 });
      const out = await page.evaluate((configs) => {
        const res = {};
        for (const [name, hash] of configs) {
          const lab = new window.wasmBindings.Lab(hash);
          if (lab.issues().length) throw new Error(`${hash}: ${lab.issues().join("; ")}`);
          lab.step(200);
          let steps = 0;
          const t0 = performance.now();
          while (performance.now() - t0 < 2000) {
            lab.reset();
            steps += lab.step(3000);
          }
          res[name] = (steps * 1000) / (performance.now() - t0);
          lab.free();
        }
        return res;
      }, configs);
      for (const [k, v] of Object.entries(out)) (seen[`${k}|${side}`] ??= []).push(v);
      await page.close();
    }
  }
  for (const [name] of configs) {
    const b = median(seen[`${name}|before`]);
    const n = median(seen[`${name}|now`]);
    console.log(`N = 100, ${name}: before ${Math.round(b)} steps/s (${(1e6 / b).toFixed(1)} µs/step), now ${Math.round(n)} (${(1e6 / n).toFixed(1)} µs/step): ${(n / b).toFixed(2)}× (median of ${rounds})`);
  }
} finally {
  await browser.close();
  servers.before.close();
  servers.now.close();
}
