// The first load's budget (SPEC: "first load: wasm + JS + CSS under 400 KB
// gzipped"): opens the built page (dist/) in headless Chromium, once per lab
// (the default page and a link to each lab), records every response until the
// lab is live and the network is idle, and sums what the browser fetched of
// the page itself: the HTML, CSS, JavaScript (the wasm-bindgen module and
// web/js's modules, workers included if any starts) and wasm, each gzipped at
// level 9 (as `gzip -9`). Data files (results, digits) are listed but not
// counted: they are fetched when a figure needs them. Fails, naming each
// part's size, when a first load is over the budget or fetched no wasm.
// Usage: node tests/e2e/size.mjs (after `trunk build --release`).
import { execFileSync } from "node:child_process";
import { e2e } from "./harness.mjs";

/** The budget in bytes (400 KB, counted as 400 × 1000 bytes: the stricter reading). */
const BUDGET = 400 * 1000;
const KB = (n) => `${(n / 1000).toFixed(1)} KB`;
const PAGE = /\.(html|css|js|mjs|wasm)$/;
/** The size of `bytes` gzipped by `gzip -9` (zlib's level 9 is ~1 % larger on the wasm). */
const gzip9 = (bytes) => execFileSync("gzip", ["-9", "-c", "-n"], { input: bytes, maxBuffer: 1 << 28 }).length;

const FIRST_LOADS = [
  ["the default page", ""],
  ["Prototype Lab", "#lab=prototypes"],
  ["Abstraction Lab", "#lab=abstraction"],
  ["Latent Field Lab", "#lab=latent-field"],
  ["Capacity Lab", "#lab=capacity"],
];

await e2e("size", async ({ browser, base, check, watch }) => {
  for (const [name, hash] of FIRST_LOADS) {
    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    const bodies = [];
    page.on("response", (r) => {
      if (r.status() === 200) bodies.push(r.body().then((b) => [r.url(), b], () => [r.url(), null]));
    });
    await page.goto(base + hash, { waitUntil: "load" });
    await page.waitForFunction(() => window.protolab, null, { timeout: 60000 });
    await page.waitForLoadState("networkidle");
    const parts = new Map(); // path → [raw, gzipped]
    const data = [];
    for (const [url, body] of await Promise.all(bodies)) {
      let path = new URL(url).pathname.slice(1) || "index.html";
      if (path.endsWith("/")) path += "index.html";
      if (body === null) {
        check(false, `${name}: could not read the response of ${path}`);
        continue;
      }
      const sizes = [body.length, gzip9(body)];
      if (PAGE.test(path)) parts.set(path, sizes);
      else data.push(`${path} ${KB(sizes[1])}`);
    }
    await page.close();
    const sorted = [...parts].sort((a, b) => b[1][1] - a[1][1]);
    const total = sorted.reduce((t, [, [, gz]]) => t + gz, 0);
    const byKind = (re) => KB(sorted.filter(([p]) => re.test(p)).reduce((t, [, [, gz]]) => t + gz, 0));
    console.log(`${name}: wasm ${byKind(/\.wasm$/)}, JS ${byKind(/\.m?js$/)}, CSS ${byKind(/\.css$/)}, HTML ${byKind(/\.html$/)} (gzip -9)`);
    for (const [path, [raw, gz]] of sorted) console.log(`  ${KB(gz).padStart(9)}  ${path} (${KB(raw)} raw)`);
    if (data.length) console.log(`  not counted (data): ${data.join(", ")}`);
    check(sorted.some(([p]) => p.endsWith(".wasm")), `${name}: the first load fetched the wasm`);
    check(
      total <= BUDGET,
      `${name}: first load ${KB(total)} gzipped (wasm + JS + CSS + HTML) is within the budget of ${KB(BUDGET)}` +
        (total > BUDGET ? ` — OVER by ${KB(total - BUDGET)}: see the parts above` : ""),
    );
  }
});
