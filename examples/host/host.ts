// A typed host of the `protolab` npm package, run by Node: it reads a lab's
// settings table, trains the Prototype Lab and the Abstraction Lab to the end,
// prints their metrics, and runs a small τ-sweep in slices, writing its CSV.
// (Figures need a browser page: in Node `svg()` and `draw()` throw an Error
// that says so — the CLI draws them natively.)
// tests/package.mjs installs the packed package next to this file,
// type-checks it with `tsc --strict` and runs it.
//
//   npm install ./protolab-0.1.0.tgz && npx tsc -p . && node out/host.js
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import init, {
  AbstractionLab,
  type AbstractionLabMetrics,
  Experiment,
  type Finding,
  Lab,
  type LabMetrics,
  type Progress,
  schemaVersion,
  settings,
  type SettingInfo,
} from "protolab";

// In a browser `await init()` fetches the .wasm next to the module; Node
// passes its bytes.
const wasm = readFileSync(createRequire(import.meta.url).resolve("protolab/protolab_bg.wasm"));
await init({ module_or_path: wasm });

// Each lab's settings: key, range, unit, default, help.
const table: SettingInfo[] = settings("prototypes");
const n = table.find((s) => s.key === "N");
console.log(`prototype lab settings: ${table.map((s) => s.key).join(", ")}; N in [${n?.min}, ${n?.max}], default ${n?.defaultValue}`);

// A lab from a link's hash (or an object of settings).
const lab = new Lab({ N: 20, mask: "C", seed: 7, steps: 1500 });
while (!lab.isFinished()) lab.step(500); // each call does bounded work
const m: LabMetrics | null = lab.metrics();
if (m === null) throw new Error(`diverged: ${lab.divergence()}`);
console.log(`prototype lab ${lab.config()}: step ${m.step}, recon ${m.recon.toFixed(4)}, specialization ${m.specialization.toFixed(2)}`);

const abstraction = new AbstractionLab("D=3&lam=0.03&steps=2000");
while (!abstraction.isFinished()) abstraction.step(1000);
const a: AbstractionLabMetrics | null = abstraction.metrics();
if (a === null) throw new Error(`diverged: ${abstraction.divergence()}`);
console.log(`abstraction lab: step ${a.step}, mean PS ${(a.ps.reduce((s, v) => s + v, 0) / a.ps.length).toFixed(3)}`);

// Experiments run in slices of a time budget, so a page stays responsive.
const sweep = Experiment.sweep("N=10&steps=300", 10, 1);
let progress: Progress = sweep.advance(50);
while (!progress.done) progress = sweep.advance(50);
const csv = sweep.csv();
writeFileSync("sweep.csv", csv);
console.log(`τ-sweep: ${progress.runsDone}/${progress.runsTotal} runs, ${csv.trim().split("\n").length - 1} CSV rows`);

const findings: Finding[] = sweep.results().findings();
console.log(`links use schema v${schemaVersion()}; ${findings.length} findings computed from the sweep`);
