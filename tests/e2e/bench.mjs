// Browser benchmark: steps/s of the wasm build at N = 100 in headless Chromium,
// bare and while the page animates, and the study's wall time in the page's workers. Usage: node tests/e2e/bench.mjs (after trunk build --release)
import { serveDist } from "./serve.mjs";
import { launch, studySeconds } from "./harness.mjs";

const { base, close } = await serveDist();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "#v=1&N=100&mask=CSO&steps=10000000&speed=500", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.wasmBindings, null, { timeout: 30000 });
  const bare = await page.evaluate(() => {
    const out = {};
    for (const [name, hash] of [["CSO (default tau)", "N=100&mask=CSO&steps=3000"], ["base", "N=100&mask=base&steps=3000"]]) {
      const lab = new window.wasmBindings.Lab(hash);
      lab.step(200);
      lab.reset();
      const t0 = performance.now();
      let steps = 0;
      while (performance.now() - t0 < 2000) {
        lab.reset();
        steps += lab.step(3000);
      }
      out[name] = Math.round((steps * 1000) / (performance.now() - t0));
      lab.free();
    }
    return out;
  });
  for (const [k, v] of Object.entries(bare)) console.log(`wasm, N = 100, mask ${k}: ${v.toLocaleString("en")} steps/s (no drawing)`);
  // Animating: the page's own loop at its fastest speed setting, drawing every frame.
  const anim = await page.evaluate(async () => {
    const start = window.protolab.stepCount();
    let frames = 0;
    let on = true;
    const count = () => { frames++; if (on) requestAnimationFrame(count); };
    requestAnimationFrame(count);
    document.getElementById("play").click();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 3000));
    on = false;
    document.getElementById("play").click();
    const secs = (performance.now() - t0) / 1000;
    return { steps: Math.round((window.protolab.stepCount() - start) / secs), fps: Math.round(frames / secs) };
  });
  console.log(`wasm, N = 100, mask CSO, page animating 4 figures: ${anim.steps.toLocaleString("en")} steps/s at ${anim.fps} frames/s (headless, speed 500 steps/frame)`);
  // The whole study (480 runs and the 70-run τ-sweep, calibrated defaults) in the
  // page's workers, from the click to the results drawn as the page shows it:
  // compare with `protolab study` (the same work) run natively on the same cores.
  await page.goto(base + "#v=1&lab=prototypes", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab, null, { timeout: 30000 });
  const secs = await studySeconds(page);
  console.log(`wasm, the study with its τ-sweep in the page's workers: ${secs.toFixed(1)} s wall (the page's status line, from the click)`);
} finally {
  await browser.close();
  close();
}
