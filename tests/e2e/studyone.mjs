// The study with its τ-sweep in one thread of headless Chromium (the page's
// main thread, no drawing), for comparing a build's speed per core.
// Usage: node tests/e2e/studyone.mjs DIST
import { serveDist } from "./serve.mjs";
import { launch } from "./harness.mjs";

const dir = process.argv[2];
const server = await serveDist(dir);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.base + "#v=1&lab=prototypes", { waitUntil: "load" });
  await page.waitForFunction(() => window.wasmBindings, null, { timeout: 30000 });
  const secs = await page.evaluate(() => {
    const t0 = performance.now();
    const exp = window.wasmBindings.Experiment.studyShard("", 0, 1);
    while (!exp.advance(1000).done);
    exp.free();
    return (performance.now() - t0) / 1000;
  });
  console.log(`${dir}: the study with its τ-sweep in one thread: ${secs.toFixed(1)} s`);
} finally {
  await browser.close();
  server.close();
}
