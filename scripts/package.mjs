// Writes pkg/package.json for the npm package: the version and licence are
// read from the workspace's Cargo.toml (one place), the file names from what
// wasm-bindgen made. Usage: node scripts/package.mjs pkg
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "pkg";
const cargo = readFileSync(new URL("../Cargo.toml", import.meta.url), "utf8");
const field = (name) => {
  const m = cargo.match(new RegExp(`^${name} = "([^"]+)"`, "m"));
  if (!m) throw new Error(`Cargo.toml has no ${name} = "…" line`);
  return m[1];
};
for (const f of ["protolab.js", "protolab.d.ts", "protolab_bg.wasm"]) {
  if (!existsSync(join(dir, f))) throw new Error(`${dir}/${f} is missing: run scripts/package.sh`);
}
const pkg = {
  name: "protolab",
  version: field("version"),
  description:
    "Minimal MLPs that learn in your page: train, step and draw protolab's four labs (prototype specialization, abstraction, latent field, capacity) from WebAssembly, with typed results.",
  license: field("license"),
  repository: field("repository"),
  type: "module",
  main: "protolab.js",
  module: "protolab.js",
  types: "protolab.d.ts",
  exports: {
    ".": { types: "./protolab.d.ts", default: "./protolab.js" },
    "./protolab_bg.wasm": "./protolab_bg.wasm",
  },
  files: ["protolab.js", "protolab.d.ts", "protolab_bg.wasm", "protolab_bg.wasm.d.ts", "LICENSE-MIT", "LICENSE-APACHE", "README.md"],
  sideEffects: false,
  keywords: ["neural-network", "interpretability", "webassembly", "mlp", "visualization", "playground"],
};
writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`${dir}/package.json: ${pkg.name}@${pkg.version}`);
