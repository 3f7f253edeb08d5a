// Every relative link in the README and docs/ points at a file that exists, and
// every #anchor at a heading of that file (GitHub's slugs: lower case, spaces to
// hyphens, punctuation dropped). Usage: node tests/doclinks.mjs
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const files = ["README.md"];
const walk = (dir) => {
  for (const e of readdirSync(join(root, dir))) {
    const p = join(dir, e);
    if (statSync(join(root, p)).isDirectory()) walk(p);
    else if (p.endsWith(".md")) files.push(p);
  }
};
walk("docs");
const slug = (h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, "").replace(/ /g, "-");
const anchors = (file) => new Set([...readFileSync(join(root, file), "utf8").matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1])));
const bad = [];
let links = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), "utf8").replace(/```[\s\S]*?```/g, "");
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    links++;
    const [path, anchor] = target.split("#");
    const resolved = path ? normalize(join(dirname(file), path)) : file;
    if (!existsSync(join(root, resolved))) bad.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith(".md") && !anchors(resolved).has(anchor)) bad.push(`${file}: ${target} (no heading #${anchor} in ${relative(".", resolved)})`);
  }
}
for (const b of bad) console.log(`FAIL ${b}`);
console.log(`doc links: ${links - bad.length} of ${links} resolve in ${files.length} files`);
process.exit(bad.length ? 1 : 0);
