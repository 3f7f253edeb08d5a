// Every link keeps its promise, in every lab and for every control: set a
// valid non-default value as a user would, check that the control, the URL
// hash and window.protolab.config() agree with no alert, then open the copied
// link in a fresh page and check the same state there. Also: your own points
// survive a control change, a reload and the embed snippet; a lab's settings
// survive a trip to another tab and back; every lab's embed snippet keeps its
// settings and shows its default figures without chrome, and show= picks each figure.
// Usage: node tests/e2e/links.mjs
import { e2e } from "./harness.mjs";

e2e("links", async ({ browser, base, check, watch }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });

  // A fresh page on `hash`, once its lab is live.
  async function open(hash, labId) {
    const page = watch(await context.newPage());
    // The copy-link fallback (a prompt) must never block the test.
    page.on("dialog", (d) => d.dismiss());
    await page.goto(base + "#" + hash, { waitUntil: "load" });
    await page.waitForFunction((id) => window.protolab && window.protolab.config().includes(`lab=${id}`), labId, { timeout: 30000 });
    return page;
  }

  // What the page shows for one hash key: its control, the hash, the config, the alert.
  const stateOf = (page, key, id) =>
    page.evaluate(([key, id]) => {
      const el = document.getElementById(id);
      const get = (h) => new URLSearchParams(h.replace(/^#/, "")).get(key);
      const alert = document.getElementById("alert");
      return {
        control: el.type === "checkbox" ? String(el.checked) : el.value,
        hash: get(location.hash),
        config: get(window.protolab.config()),
        alert: alert.hidden ? "" : alert.textContent,
      };
    }, [key, id]);

  // The controls of a lab, from the page's own lab descriptors: [id, hash key].
  const controlsOf = (page, labId) =>
    page.evaluate(async (labId) => {
      const { LABS } = await import("./js/labs.js");
      const d = LABS[labId];
      return [...Object.entries(d.fields).map(([key, id]) => [id, key]), ...(d.extraControls ?? []).map((id) => [id, "mask"])];
    }, labId);

  // A valid value other than the current one, as a user would pick it.
  const pickValue = (page, id) =>
    page.evaluate((id) => {
      const el = document.getElementById(id);
      if (el.type === "checkbox") return null;
      if (el.tagName === "SELECT") return [...el.options].map((o) => o.value).find((v) => v !== el.value);
      const v = Number(el.value);
      const min = el.min === "" ? -Infinity : Number(el.min);
      const max = el.max === "" ? Infinity : Number(el.max);
      const step = el.step === "" || el.step === "any" ? null : Number(el.step);
      const candidates = step ? [v + step, v - step] : [v / 2, v * 2, (v + Math.min(max, v + 1)) / 2];
      return String(candidates.find((c) => c >= min && c <= max && c !== v));
    }, id);

  async function setAsUser(page, id, value) {
    const el = page.locator("#" + id);
    const kind = await el.evaluate((e) => (e.type === "checkbox" ? "checkbox" : e.tagName));
    if (kind === "checkbox") await el.click();
    else if (kind === "SELECT") await el.selectOption(value);
    else {
      await el.fill(value);
      await el.press("Tab");
    }
  }

  // Control, hash and config agree (numbers compared as numbers) with no alert.
  const agrees = (s) => {
    const same = (a, b) => a === b || (a !== null && b !== null && a !== "" && Number(a) === Number(b));
    const control = s.control === "true" || s.control === "false" ? null : s.control;
    return same(s.hash, s.config) && (control === null || same(control, s.config)) && s.alert === "";
  };

  async function copiedLink(page) {
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.click("#copy-link");
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes("#"), null, { timeout: 5000 });
    return page.evaluate(() => navigator.clipboard.readText());
  }

  // Every lab of the page's registry (a new lab is tried without a change here).
  const first = await open("v=1", "");
  const LAB_IDS = await first.evaluate(async () => (await import("./js/labs/index.js")).REGISTRY.map((r) => r.id));
  await first.close();
  check(LAB_IDS.length >= 4, `labs in the registry: ${LAB_IDS.join(", ")}`);

  for (const labId of LAB_IDS) {
    const probe = await open(`v=1&lab=${labId}`, labId);
    const controls = await controlsOf(probe, labId);
    // Labels and help come from the core's table (index.html leaves them empty).
    const unlabelled = await probe.evaluate((ids) => ids.filter((id) => {
      const el = document.getElementById(id);
      const text = el.closest("label")?.querySelector("span")?.textContent.trim();
      return el.type !== "checkbox" && (!text || !el.title);
    }), controls.map(([id]) => id));
    check(unlabelled.length === 0, `${labId}: every control has its label and help from the settings table${unlabelled.length ? ` (missing: ${unlabelled})` : ""}`);
    await probe.close();
    check(controls.length >= 9, `${labId}: ${controls.length} controls to try`);
    for (const [id, key] of controls) {
      const page = await open(`v=1&lab=${labId}`, labId);
      const before = await stateOf(page, key, id);
      const value = await pickValue(page, id);
      await setAsUser(page, id, value);
      await page
        .waitForFunction(([key, was]) => new URLSearchParams(window.protolab.config()).get(key) !== was, [key, before.config], { timeout: 30000 })
        .catch(() => {});
      const after = await stateOf(page, key, id);
      const changed = after.config !== before.config;
      check(changed && agrees(after), `${labId} #${id}: ${key} ${before.config} → ${after.config}; control ${after.control}, hash ${after.hash}${after.alert ? `, alert "${after.alert}"` : ""}`);
      const link = await copiedLink(page);
      await page.close();
      const fresh = await open(link.split("#")[1], labId);
      const reopened = await stateOf(fresh, key, id);
      check(agrees(reopened) && reopened.config === after.config && reopened.control === after.control, `${labId} #${id}: the copied link reopens ${key}=${reopened.config} (control ${reopened.control})${reopened.alert ? `, alert "${reopened.alert}"` : ""}`);
      await fresh.close();
    }

    // A lab's settings survive a trip to another tab and back.
    const [id, key] = controls[0];
    const page = await open(`v=1&lab=${labId}`, labId);
    await setAsUser(page, id, await pickValue(page, id));
    await page.waitForFunction(([key, id]) => {
      const el = document.getElementById(id);
      return new URLSearchParams(window.protolab.config()).get(key) === el.value;
    }, [key, id], { timeout: 30000 }).catch(() => {});
    const set = await stateOf(page, key, id);
    const other = LAB_IDS.find((l) => l !== labId);
    await page.click(`[data-tab="${other}"]`);
    await page.waitForFunction((o) => window.protolab.config().includes(`lab=${o}`), other, { timeout: 30000 });
    await page.click(`[data-tab="${labId}"]`);
    await page.waitForFunction((l) => window.protolab.config().includes(`lab=${l}`), labId, { timeout: 30000 });
    const back = await stateOf(page, key, id);
    check(agrees(back) && back.config === set.config, `${labId}: after a trip to ${other} and back, ${key}=${back.config} is kept`);

    // The embed snippet carries the changed setting into a frame without the
    // page's chrome, showing the lab's default figures; show= picks any one.
    await page.click("#embed-code");
    const src = (await page.inputValue("#embed-snippet")).match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    await page.close();
    const embedded = await open(src.split("#")[1], labId);
    const view = () => embedded.evaluate(async (labId) => {
      const { LABS } = await import("./js/labs.js");
      const visible = (el) => el && getComputedStyle(el).display !== "none";
      return {
        chrome: visible(document.querySelector("header")) || visible(document.querySelector(".experiments")),
        figures: [...document.querySelectorAll(`figure[data-lab="${labId}"]`)].filter(visible).map((f) => f.querySelector("canvas").dataset.figure),
        all: [...document.querySelectorAll(`figure[data-lab="${labId}"] canvas`)].map((c) => c.dataset.figure),
        defaults: LABS[labId].defaultShow,
      };
    }, labId);
    const e = await view();
    const kept = await stateOf(embedded, key, id);
    check(!e.chrome && e.figures.join() === e.defaults && kept.config === set.config && kept.alert === "",
      `${labId}: the embed snippet opens without chrome, shows ${e.figures} (default ${e.defaults}) and keeps ${key}=${kept.config}`);
    await embedded.close();
    for (const figure of e.all) {
      const one = await open(`v=1&lab=${labId}&embed=1&show=${figure}`, labId);
      const got = await one.evaluate((labId) => [...document.querySelectorAll(`figure[data-lab="${labId}"]`)].filter((f) => getComputedStyle(f).display !== "none").map((f) => f.querySelector("canvas").dataset.figure), labId);
      check(got.join() === figure, `${labId}: embed show=${figure} shows that figure alone (${got})`);
      await one.close();
    }
  }

  // Your own points survive a control change, a reload, the copied link and the embed snippet.
  const pts = "-0.5:0.25,0:0.5,0.5:-0.1";
  const page = await open(`v=1&lab=prototypes&N=3&pts=${pts}`, "prototypes");
  const points = () => page.evaluate(() => ({ user: window.protolab.isUserData(), x: [...window.protolab.data().x], alert: document.getElementById("alert").hidden ? "" : document.getElementById("alert").textContent }));
  const ownPoints = (p) => p.user && p.x.join() === "-0.5,0,0.5" && p.alert === "";
  check(ownPoints(await points()), "own points open from a pts= link");
  await setAsUser(page, "lr", "0.01");
  await page.waitForFunction(() => window.protolab.config().includes("lr=0.01"), null, { timeout: 20000 });
  const afterChange = await points();
  check(ownPoints(afterChange), `own points survive a control change (lr = 0.01): x = ${afterChange.x}${afterChange.alert ? `, alert "${afterChange.alert}"` : ""}`);
  const hash = await page.evaluate(() => location.hash);
  check(hash.includes(`pts=${pts}`), `the link keeps the points readable: ${hash.slice(0, 90)}`);
  await page.reload({ waitUntil: "load" });
  await page.waitForFunction(() => window.protolab && window.protolab.config().includes("lr=0.01"), null, { timeout: 20000 });
  check(ownPoints(await points()), "own points survive a reload");
  const link = await copiedLink(page);
  await page.click("#embed-code");
  const snippet = await page.inputValue("#embed-snippet");
  await page.close();
  for (const [what, url] of [["copied link", link], ["embed snippet", snippet.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&")]]) {
    const p = await open(url.split("#")[1], "prototypes");
    const got = await p.evaluate(() => ({ user: window.protolab.isUserData(), x: [...window.protolab.data().x], alert: document.getElementById("alert").hidden ? "" : document.getElementById("alert").textContent, lr: new URLSearchParams(window.protolab.config()).get("lr") }));
    check(ownPoints(got) && got.lr === "0.01", `own points and lr survive the ${what}: x = ${got.x}${got.alert ? `, alert "${got.alert}"` : ""}`);
    await p.close();
  }

  // An unknown schema version is named, and the link still opens.
  const v9 = await open("v=9&lab=capacity&pair=1%2F7&data=digits", "capacity");
  const v9s = await stateOf(v9, "pair", "c-pair");
  check(v9s.alert.includes("v=") && v9s.config === "1/7" && v9s.control === "1/7", `v=9 is named in the alert ("${v9s.alert.slice(0, 80)}…"), pair=1/7 still read`);
  await v9.close();
});
