// Compare mode and the unit inspector of the Prototype Lab
// (docs/labs/prototypes.md#compare, #inspector): a compare=MASK link starts a
// second run on the same data and initial network, one step of the page steps
// both, its metrics differ for another mask, and the link survives a reload;
// hovering the prototype figure and the arrow keys on the fit figure open a
// tooltip with the selected unit's numbers. Usage: node tests/e2e/compare.mjs [screenshot-dir]
import { join } from "node:path";
import { e2e } from "./harness.mjs";

const shots = process.argv[2];

e2e("compare", async ({ browser, base, check, watch }) => {
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 1000 } }));
  const ready = () => page.waitForFunction(() => window.protolab && window.protolabCompare, null, { timeout: 30000 });
  await page.goto(base + "#v=1&lab=prototypes&N=12&mask=CSO&seed=3&steps=2000&compare=base", { waitUntil: "load" });
  await ready();

  // Same data and initial network; the second run is the same config with mask=base.
  const start = await page.evaluate(() => {
    const [a, b] = [window.protolab, window.protolabCompare];
    const q = (r) => new URLSearchParams(r.config());
    return {
      sameData: [...a.data().x].join() === [...b.data().x].join() && [...a.data().y].join() === [...b.data().y].join(),
      sameInit: [...a.prototypes()].join() === [...b.prototypes()].join(),
      masks: [q(a).get("mask"), q(b).get("mask"), q(b).get("compare")],
      sameRest: ["N", "seed", "lr", "steps", "tauC", "tauS"].every((k) => q(a).get(k) === q(b).get(k)),
      control: document.getElementById("compare").value,
    };
  });
  check(start.sameData && start.sameInit && start.sameRest, "the compare run has the same data, initial network and settings");
  check(start.masks.join() === "CSO,base,off" && start.control === "base", `masks ${start.masks.join(" / ")}, control ${start.control}`);

  // One Step steps both; playing keeps them together.
  const counts = () => page.evaluate(() => [window.protolab.stepCount(), window.protolabCompare.stepCount()]);
  await page.click("#step");
  const afterStep = await counts();
  check(afterStep[0] > 0 && afterStep[0] === afterStep[1], `Step advanced both runs together: ${afterStep.join(" / ")}`);
  await page.click("#play");
  await page.waitForFunction(() => window.protolab.stepCount() > 600, null, { timeout: 60000 });
  await page.click("#play");
  const afterPlay = await counts();
  check(afterPlay[0] > 600 && afterPlay[0] === afterPlay[1], `playing kept them in lockstep: ${afterPlay.join(" / ")}`);

  // Their metrics differ (another mask), and the readout shows both columns.
  await page.click("#step");
  await page.waitForFunction(() => !window.protolab.isBusy() && !window.protolabCompare.isBusy(), null, { timeout: 30000 });
  const m = await page.evaluate(() => ({
    a: window.protolab.metrics(),
    b: window.protolabCompare.metrics(),
    shown: [...document.querySelectorAll("#compare-readout td")].map((td) => td.textContent),
    hidden: document.getElementById("compare-readout").hidden,
  }));
  check(m.a && m.b && m.a.step === m.b.step && m.a.recon !== m.b.recon, `recon ${m.a?.recon.toFixed(4)} (CSO) vs ${m.b?.recon.toFixed(4)} (base) at step ${m.a?.step}`);
  check(!m.hidden && m.shown.length === 12 && m.shown.includes(m.b.recon.toFixed(4)), `the readout shows both runs' metrics (${m.shown.slice(2, 4).join(" / ")})`);
  const overlay = await page.evaluate(() => window.protolab.svg("prototypes", 800, 500));
  check(overlay.includes("mask base (compare)") && overlay.includes("mask CSO (this run)"), "the prototype figure draws the compare run over this one, with a legend");
  if (shots) await page.screenshot({ path: join(shots, "compare.png"), clip: { x: 0, y: 0, width: 1280, height: 1000 } });

  // The link survives a reload: compare=base kept, both runs restored at step 0.
  const hash = await page.evaluate(() => location.hash);
  check(hash.includes("compare=base"), `the link carries compare=base (${hash.slice(0, 90)}…)`);
  await page.reload({ waitUntil: "load" });
  await ready();
  const reloaded = await page.evaluate(() => ({
    counts: [window.protolab.stepCount(), window.protolabCompare.stepCount()],
    masks: [window.protolab, window.protolabCompare].map((r) => new URLSearchParams(r.config()).get("mask")),
    control: document.getElementById("compare").value,
    alert: document.getElementById("alert").hidden ? "" : document.getElementById("alert").textContent,
  }));
  check(reloaded.counts.join() === "0,0" && reloaded.masks.join() === "CSO,base" && reloaded.control === "base" && !reloaded.alert, `after a reload: ${reloaded.masks.join(" / ")} at steps ${reloaded.counts.join(" / ")}, control ${reloaded.control}`);
  await page.click("#step");
  const again = await counts();
  check(again[0] > 0 && again[0] === again[1], `and steps both again: ${again.join(" / ")}`);
  await page.click("#reset");
  check((await counts()).join() === "0,0", "Reset takes both back to step 0");

  // Compare off: the second run and its readout go.
  await page.selectOption("#compare", "off");
  await page.waitForFunction(() => window.protolab.config().includes("compare=off"), null, { timeout: 20000 });
  const off = await page.evaluate(() => ({ api: "protolabCompare" in window, hidden: document.getElementById("compare-readout").hidden }));
  check(!off.api && off.hidden, "compare off removes window.protolabCompare and the readout");

  // The inspector: hovering a row of the prototype figure opens its unit's numbers.
  await page.goto(base + "#v=1&lab=prototypes&N=10&mask=CS&seed=2&steps=800", { waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("N=10"), null, { timeout: 30000 });
  await page.click("#play");
  await page.waitForFunction(() => window.protolab.isFinished(), null, { timeout: 60000 });
  const box = await page.locator("#fig-prototypes").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.45);
  await page.waitForFunction(() => !document.getElementById("unit-tip").hidden, null, { timeout: 10000 });
  const hovered = await page.evaluate(([x, y]) => {
    const c = document.getElementById("fig-prototypes");
    const r = c.getBoundingClientRect();
    const under = window.protolab.unitAt("prototypes", c.width, c.height, window.devicePixelRatio || 1, ((x - r.left) * c.width) / r.width, ((y - r.top) * c.height) / r.height);
    const tip = document.getElementById("unit-tip");
    const info = window.protolab.unitInfo(Number(tip.dataset.unit));
    return { under, unit: Number(tip.dataset.unit), text: tip.textContent, info, highlight: window.protolab.highlight() };
  }, [box.x + box.width / 2, box.y + box.height * 0.45]);
  const says = (h) => h.text.includes(`Unit ${h.info.unit} `) && h.text.includes(`centre p = ${h.info.centre.toFixed(4)}`) && h.text.includes(`output weight a = ${h.info.weight.toFixed(4)}`) && (!h.info.partner || h.text.includes(`Hungarian partner #${h.info.partner.index}`));
  check(hovered.unit === hovered.under && hovered.highlight === hovered.unit && says(hovered), `hover: the tooltip gives unit ${hovered.unit}'s numbers (${hovered.text.slice(0, 70)}…)`);
  if (shots) await page.screenshot({ path: join(shots, "inspector.png"), clip: { x: 0, y: 0, width: 1280, height: 1000 } });
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => document.getElementById("unit-tip").hidden, null, { timeout: 10000 });
  check(true, "moving away closes the tooltip");

  // Keyboard: focus the fit figure, arrows walk the units by position, Esc clears.
  await page.locator("#fig-fit").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const keyed = await page.evaluate(() => {
    const tip = document.getElementById("unit-tip");
    return { unit: Number(tip.dataset.unit), hidden: tip.hidden, second: window.protolab.unitOfRank(1), text: tip.textContent, info: window.protolab.unitInfo(Number(tip.dataset.unit)) };
  });
  check(!keyed.hidden && keyed.unit === keyed.second && keyed.info.rank === 1 && says(keyed), `keyboard: two → keys select the second unit from the left (unit ${keyed.unit})`);
  await page.keyboard.press("Escape");
  const cleared = await page.evaluate(() => ({ hidden: document.getElementById("unit-tip").hidden, highlight: window.protolab.highlight() }));
  check(cleared.hidden && cleared.highlight === undefined, "Esc clears the selection");
});
