// Trunk's post-build hook (Trunk.toml): in a release build, minifies every
// JavaScript file of the staged page — web/js's modules and the wasm-bindgen
// module, whose JSDoc alone was a third of its gzipped size — with terser
// (comments dropped, local names shortened, dead code removed; exported names,
// object properties and the wasm-bindgen getters are kept), and updates the
// subresource-integrity hashes index.html holds for them. The first load's
// budget (SPEC: 400 KB gzipped, tests/e2e/size.mjs) counts what this leaves;
// the sources keep their comments and names. It acts on release builds only
// (`trunk build --release`, and `trunk serve --release` in scripts/serve.sh); a
// debug build needs neither node_modules nor terser.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error("minify-js.mjs runs as Trunk's post_build hook (TRUNK_STAGING_DIR is not set)");
if (process.env.TRUNK_PROFILE !== "release") process.exit(0);
// Loaded only now, so that a debug build never needs it.
const { minify } = await import("terser").catch(() => {
  throw new Error("release builds need terser from node_modules (run `npm ci`, or ./scripts/serve.sh, which installs it)");
});

// Every file under `dir`, at any depth.
async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else yield path;
  }
}

const sri = (text) => `sha384-${createHash("sha384").update(text).digest("base64")}`;
const htmlPath = join(staging, "index.html");
let html = await readFile(htmlPath, "utf8");
for await (const path of files(staging)) {
  if (!path.endsWith(".js")) continue;
  const source = await readFile(path, "utf8");
  let code;
  try {
    // ES modules (top-level await, imports and exports kept as they are).
    ({ code } = await minify(source, { module: true, ecma: 2022, compress: { passes: 2 }, mangle: true, format: { comments: false } }));
  } catch (e) {
    throw new Error(`${relative(staging, path)}: ${e.message} (line ${e.line}, column ${e.col})`);
  }
  await writeFile(path, code);
  // Trunk pinned the file's hash in index.html (modulepreload): pin the new one.
  html = html.replaceAll(sri(source), sri(code));
}
// Every integrity hash index.html holds must name a staged file as it is now
// (a hash that was not found above would leave the module refused).
const hashes = new Set();
for await (const path of files(staging)) hashes.add(sri(await readFile(path)));
for (const [, value] of html.matchAll(/integrity="([^"]+)"/g)) {
  if (!hashes.has(value)) throw new Error(`index.html holds an integrity hash (${value}) that matches no staged file`);
}
await writeFile(htmlPath, html);
