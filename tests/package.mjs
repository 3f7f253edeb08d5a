// Checks the npm package that scripts/package.sh builds into pkg/:
//  - package.json: name, the workspace's version and licence, `types`, and every
//    file it lists is in `npm pack`'s list (target/pkg-files.json);
//  - docs/package.md (the package's README, its API reference) names every
//    exported class and method of protolab.d.ts, and every `Class.method` or
//    method it names under a class heading exists there;
//  - the packed tarball installs into a scratch project, where the typed example
//    host (examples/host/) and the reference's TypeScript snippets type-check
//    with `tsc --strict`, and the host runs in Node: it trains two labs and runs
//    an experiment; drawing in Node is a clear Error, not a crash.
// Usage: node tests/package.mjs pkg target/pkg-files.json
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const pkgDir = resolve(process.argv[2] ?? "pkg");
const packList = process.argv[3];
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  ok ? passed++ : failed++;
  return ok;
};

const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const cargoVersion = cargo.match(/^version = "([^"]+)"/m)[1];
check(pkg.name === "protolab" && pkg.version === cargoVersion, `package.json: ${pkg.name}@${pkg.version} (Cargo.toml ${cargoVersion})`);
check(pkg.license === "MIT OR Apache-2.0" && pkg.type === "module" && pkg.types === "protolab.d.ts", `licence ${pkg.license}, ES module, types ${pkg.types}`);
if (packList) {
  const packed = JSON.parse(readFileSync(packList, "utf8"))[0].files.map((f) => f.path);
  const missing = [...pkg.files, "package.json"].filter((f) => !packed.includes(f));
  check(missing.length === 0, `npm pack ships ${packed.length} files: ${packed.join(", ")}${missing.length ? ` (missing: ${missing})` : ""}`);
}

// The declarations' public API (wasm-bindgen's loader types start at InitInput).
const dts = readFileSync(join(pkgDir, "protolab.d.ts"), "utf8");
const api = dts.slice(0, dts.indexOf("export type InitInput")).replace(/\/\*[\s\S]*?\*\//g, "");
const classes = new Map();
for (const m of api.matchAll(/export class (\w+) \{([\s\S]*?)\n\}/g)) {
  const methods = [...m[2].matchAll(/^\s+(?:static\s+)?(\w+)\(/gm)].map((x) => x[1]).filter((n) => n !== "free" && n !== "constructor");
  classes.set(m[1], new Set(methods));
}
const functions = [...api.matchAll(/export function (\w+)\(/g)].map((m) => m[1]).filter((f) => f !== "on_load");

const doc = readFileSync(join(root, "docs/package.md"), "utf8");
const sharedTable = doc.slice(doc.indexOf("## The lab contract"), doc.indexOf("### `Lab`"));
const shared = new Set([...sharedTable.matchAll(/`(\w+)\(/g)].map((m) => m[1]));
// The methods named under each class's heading (### `A`, `B`), plus the shared ones for lab handles.
const named = new Map();
for (const part of doc.split(/^### /m).slice(1)) {
  const heads = [...part.split("\n")[0].matchAll(/`(\w+)`/g)].map((m) => m[1]);
  const body = part.slice(part.indexOf("\n")).split(/^## /m)[0];
  for (const h of heads) {
    const own = new Set([...body.matchAll(/`(?:(\w+)\.)?(\w+)\(/g)].filter((m) => !m[1] || m[1] === h).map((m) => m[2]));
    // "with `csv`, `summary`" lists methods without parentheses after the class's name.
    for (const m of body.matchAll(new RegExp(`\`${h}\\.\\w+\\([^\`]*\`\\s+with\\s+([^.;|]*)`, "g"))) for (const w of m[1].matchAll(/`(\w+)`/g)) own.add(w[1]);
    named.set(h, own);
  }
}
const LABS = ["Lab", "AbstractionLab", "LatentLab", "CapacityLab"];
const undocumented = [];
for (const [cls, methods] of classes) {
  if (cls === "SettingInfo" || cls === "ExperimentSizes") {
    if (!doc.includes(`\`${cls}\``)) undocumented.push(cls);
    continue;
  }
  if (!named.has(cls)) {
    undocumented.push(cls);
    continue;
  }
  for (const m of methods) if (!named.get(cls).has(m) && !(LABS.includes(cls) && shared.has(m))) undocumented.push(`${cls}.${m}`);
}
check(undocumented.length === 0, `docs/package.md documents every exported class and method (${[...classes.values()].reduce((n, s) => n + s.size, 0)} methods)${undocumented.length ? ` — missing: ${undocumented.join(", ")}` : ""}`);
const stale = [];
for (const [cls, methods] of named) {
  if (!classes.has(cls)) stale.push(cls);
  else for (const m of methods) if (!classes.get(cls).has(m)) stale.push(`${cls}.${m}`);
}
for (const m of shared) for (const cls of LABS) if (classes.has(cls) && !classes.get(cls).has(m)) stale.push(`${cls}.${m} (lab contract)`);
for (const f of functions) if (!doc.includes(`\`${f}(`)) undocumented.push(f);
check(stale.length === 0, `every method docs/package.md names exists in protolab.d.ts${stale.length ? ` — not there: ${stale.join(", ")}` : ""}`);
check(functions.every((f) => doc.includes(`\`${f}(`)), `docs/package.md names the exported functions (${functions.join(", ")})`);

// Install the packed package into a scratch project and use it as a host would.
const scratch = mkdtempSync(join(tmpdir(), "protolab-host-"));
try {
  const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });
  run("npm", ["pack", pkgDir, "--pack-destination", scratch, "--silent"]);
  const tgz = readdirSync(scratch).find((f) => f.endsWith(".tgz"));
  for (const f of ["host.ts", "tsconfig.json", "package.json"]) cpSync(join(root, "examples/host", f), join(scratch, f));
  run("npm", ["install", `./${tgz}`, "--offline", "--no-audit", "--no-fund", "--silent"]);
  for (const dep of ["@types", "undici-types"]) cpSync(join(root, "node_modules", dep), join(scratch, "node_modules", dep), { recursive: true });
  check(existsSync(join(scratch, "node_modules/protolab/protolab.d.ts")), `${tgz} installs as node_modules/protolab`);

  // The reference's snippets, each a module of its own, type-checked with the host.
  const snippets = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  snippets.forEach((s, k) => writeFileSync(join(scratch, `snippet${k}.ts`), s));
  const tsconfig = JSON.parse(readFileSync(join(scratch, "tsconfig.json"), "utf8"));
  tsconfig.files.push(...snippets.map((_, k) => `snippet${k}.ts`));
  writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify(tsconfig));
  let tsc = "";
  try {
    run(join(root, "node_modules/.bin/tsc"), ["-p", "."]);
  } catch (e) {
    tsc = (e.stdout || "") + (e.stderr || "");
  }
  check(tsc === "", `the example host and docs/package.md's ${snippets.length} TypeScript snippets type-check with tsc --strict${tsc ? `:\n${tsc}` : ""}`);
  if (!tsc) {
    const out = run("node", ["out/host.js"], { timeout: 300000 });
    console.log(out.trim().replace(/^/gm, "     "));
    check(/prototype lab .*recon \d/.test(out) && /abstraction lab: step 2000/.test(out) && /τ-sweep: (\d+)\/\1 runs/.test(out), "the host trains two labs and runs an experiment in Node");
    const csv = readFileSync(join(scratch, "sweep.csv"), "utf8").trim().split("\n");
    check(csv.length > 10 && csv.filter((l) => !l.startsWith("#")).every((l, _, a) => l.split(",").length === a[0].split(",").length), `the host wrote the sweep's CSV (${csv.length} lines, one width)`);
    // Drawing needs a page: in Node it is a clear Error, and the module keeps working.
    writeFileSync(join(scratch, "draw.mjs"), `
      import { readFileSync } from "node:fs";
      import init, { Lab } from "protolab";
      await init({ module_or_path: readFileSync("node_modules/protolab/protolab_bg.wasm") });
      const lab = new Lab("N=5&steps=10");
      let message = "no error";
      try { lab.svg("fit", 400, 300); } catch (e) { message = e.message; }
      lab.step(10);
      console.log(JSON.stringify({ message, step: lab.stepCount() }));`);
    const drawn = JSON.parse(run("node", ["draw.mjs"]));
    check(drawn.message.includes("needs a browser") && drawn.step === 10, `svg() in Node throws "${drawn.message.slice(0, 60)}…" and the lab still steps (${drawn.step})`);
  }
} catch (e) {
  check(false, `unexpected: ${e.message}${e.stderr ? `\n${e.stderr}` : ""}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`package: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
