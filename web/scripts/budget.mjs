// The budget of the citizen page on a cheap phone: the JavaScript loaded before anything is
// opened (the entry script and what it imports statically), gzipped, in bytes. Panels loaded
// on demand do not count. Run after `vite build`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 80 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** The scripts index.html loads: module scripts and modulepreload links. */
export function initialScripts(html) {
  const found = new Set();
  for (const match of html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) found.add(match[1]);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) {
    found.add(match[1]);
  }
  return [...found];
}

export function measure(root = dist) {
  const html = readFileSync(join(root, "index.html"), "utf8");
  const scripts = initialScripts(html);
  let total = 0;
  const parts = scripts.map((src) => {
    const bytes = gzipSync(readFileSync(join(root, src.replace(/^\//, ""))), { level: 9 }).length;
    total += bytes;
    return { src, bytes };
  });
  return { total, parts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { total, parts } = measure();
  for (const { src, bytes } of parts) console.log(`${src}: ${bytes} bytes gzipped`);
  const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
  console.log(
    `initial JavaScript: ${total} bytes gzipped, ${verdict} the budget of ${BUDGET_BYTES}`,
  );
  if (parts.length === 0 || total > BUDGET_BYTES) process.exit(1);
}
