// Checks the TypeScript declarations wasm-bindgen generates for the bindings
// (`node tests/dts.mjs path/to/protolab_bindings.d.ts`; scripts/types.sh makes
// the file): no export is typed `any`, every type an export names is declared
// (a misspelt `unchecked_return_type` would leave a dangling name), each typed
// result keeps its declared type, and every lab handle exports the shared
// methods under their JS names. Exits non-zero with one line per problem.
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node tests/dts.mjs protolab_bindings.d.ts");
  process.exit(2);
}
const text = readFileSync(file, "utf8");
// The public API ends where wasm-bindgen's loader types begin (`InitInput`,
// `InitOutput` list the raw wasm exports, which are `any` by design).
const end = text.indexOf("export type InitInput");
if (end < 0) {
  console.error(`${file}: no "export type InitInput": not a --target web declaration file`);
  process.exit(2);
}
// Comments go (their prose may say "any"), then string literal types.
const api = text
  .slice(0, end)
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/\/\/.*$/gm, "");
const problems = [];

api.split("\n").forEach((line, k) => {
  if (/\bany\b/.test(line)) problems.push(`typed any: ${line.trim()} (line ${k + 1} of the API part)`);
});

const declared = new Set([...api.matchAll(/export (?:declare )?(?:class|interface|type|enum) (\w+)/g)].map((m) => m[1]));
const builtins = new Set([
  "Array", "Record", "Promise", "Symbol", "Error", "Float64Array", "Float32Array", "Uint8Array",
  "Int32Array", "Uint32Array", "BigInt64Array", "HTMLCanvasElement", "WebAssembly",
]);
const noStrings = api.replace(/"[^"\n]*"/g, '""');
for (const m of noStrings.matchAll(/\b([A-Z]\w*)\b(?!\??\s*:)/g)) {
  const name = m[1];
  if (!declared.has(name) && !builtins.has(name)) problems.push(`type ${name} is used but not declared`);
}

// The methods of each exported class: name -> return type.
const classes = new Map();
for (const m of api.matchAll(/export class (\w+) \{([\s\S]*?)\n\}/g)) {
  const methods = new Map();
  for (const s of m[2].matchAll(/^\s*(?:static )?(\w+)\(.*\): (.+);$/gm)) methods.set(s[1], s[2].trim());
  classes.set(m[1], methods);
}

const expected = {
  Lab: { metrics: "LabMetrics | null", data: "LabData", unitInfo: "UnitInfo | undefined", unitAt: "number | undefined", unitOfRank: "number | undefined" },
  AbstractionLab: { metrics: "AbstractionLabMetrics | null" },
  LatentLab: { metrics: "LatentLabMetrics | null" },
  CapacityLab: { metrics: "CapacityLabMetrics" },
  Experiment: { advance: "Progress" },
  ExperimentResults: { table: "StudyCell[]", findings: "Finding[]", pairedDifferences: "PairedDifference[]", explorerSvg: "string" },
  LambdaSweepRun: { advance: "Progress" },
  LambdaSweepResults: { summary: "LambdaSummary[]" },
  WidthSweepRun: { advance: "Progress" },
  WidthSweepResults: { summary: "WidthSummary[]", minima: "WidthMinimum[]" },
};
const shared = {
  issues: "string[]", step: "number", isBusy: "boolean", activity: "string | undefined",
  reset: "void", config: "string", stepCount: "number", isFinished: "boolean",
  divergence: "string | undefined", draw: "void", svg: "string",
};
for (const lab of ["Lab", "AbstractionLab", "LatentLab", "CapacityLab"]) Object.assign(expected[lab], shared);
for (const runner of ["Experiment", "LambdaSweepRun", "WidthSweepRun"]) {
  Object.assign(expected[runner], { isDone: "boolean", csv: "string" });
}
for (const results of ["ExperimentResults", "LambdaSweepResults", "WidthSweepResults"]) {
  Object.assign(expected[results], { csv: "string", draw: "void", svg: "string" });
}
for (const [cls, methods] of Object.entries(expected)) {
  const found = classes.get(cls);
  if (!found) {
    problems.push(`class ${cls} is not exported`);
    continue;
  }
  for (const [method, type] of Object.entries(methods)) {
    const got = found.get(method);
    if (got === undefined) problems.push(`${cls}.${method}() is not exported`);
    else if (got !== type) problems.push(`${cls}.${method}() returns ${got}, not ${type}`);
  }
}
for (const lab of ["Lab", "AbstractionLab", "LatentLab", "CapacityLab"]) {
  if (!new RegExp(`export class ${lab} \\{[\\s\\S]*?constructor\\(config: LabConfig`).test(api)) {
    problems.push(`new ${lab}(config) does not take a LabConfig`);
  }
}

if (problems.length) {
  console.error(`${file}:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`${file}: ${classes.size} classes, ${declared.size} declared types; no export typed any`);
