// What the end-to-end scripts share: Debian's headless Chromium, a served
// dist/, a check() that prints ok/FAIL lines, console errors as failures, and
// the closing "N passed, N failed" line.
import { chromium } from "playwright-core";
import { serveDist } from "./serve.mjs";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** Runs `body({ browser, base, check, watch })` and exits with its verdict. */
export async function e2e(name, body) {
  const { base, close } = await serveDist();
  const browser = await launch();
  const problems = [];
  let passed = 0;
  let failed = 0;
  const check = (ok, what) => {
    console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
    if (ok) passed++;
    else failed++;
    return ok;
  };
  // Console errors and uncaught exceptions of a page fail the run.
  const watch = (page) => {
    page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
    return page;
  };
  try {
    await body({ browser, base, check, watch });
  } catch (e) {
    check(false, `unexpected: ${e.stack || e.message}`);
  } finally {
    await browser.close();
    close();
  }
  for (const p of problems) check(false, p);
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** The median of a list of measurements (the upper one of an even count), for the benchmarks. */
export const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];

/**
 * Runs the Prototype Lab's study (with its τ-sweep) in the page's workers and
 * returns its wall time in seconds as the page itself shows it: from the Run
 * button's click handler to the final results drawn (the status line, 0.1 s).
 * The button is clicked from inside the page: Playwright's own click
 * (scrolling, waiting for a stable element, hit-testing) took 0.23–0.36 s
 * before the handler ran, which is not the study's time.
 * `hover` (ms): the pointer rests on the button that long before the click, as
 * a user's does, so the page has started its workers (it does on pointerenter
 * and focus); without it the workers start at the click, which only a script
 * does.
 */
export async function studySeconds(page, { hover = 0 } = {}) {
  if (hover > 0) {
    await page.hover('[data-run="study"]');
    await new Promise((r) => setTimeout(r, hover));
  }
  // Clicked and awaited inside the page: the harness does not poll the page
  // while it runs (polling every 50 ms took renderer time from the workers).
  // A study that fails, is cancelled or takes over 15 minutes ends the wait.
  const status = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const line = document.querySelector("#exp-study .status");
        const late = setTimeout(() => reject(new Error(`the study did not finish in 15 minutes: "${line.textContent}"`)), 900000);
        const seen = new MutationObserver(() => {
          const text = line.textContent;
          if (text === "failed" || text === "cancelled") reject(new Error(`the study ${text}`));
          else if (!text.includes("done")) return;
          else resolve(text);
          seen.disconnect();
          clearTimeout(late);
        });
        seen.observe(line, { childList: true, characterData: true, subtree: true });
        document.querySelector('[data-run="study"]').click();
      }),
  );
  const secs = status.match(/· ([0-9.]+) s ·/);
  if (!secs) throw new Error(`no time in the study's status line: "${status}"`);
  return Number(secs[1]);
}
