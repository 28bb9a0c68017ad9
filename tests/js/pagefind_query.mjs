// Run Pagefind queries in Node against a built site: node query.mjs SITE_DIR word [word...]
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";
const site = path.resolve(process.argv[2]);
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, opts) => {
  const u = new URL(String(url), pathToFileURL(site + "/pagefind/"));
  if (u.protocol !== "file:") return realFetch(url, opts);
  const data = await readFile(fileURLToPath(u));
  return new Response(data, { status: 200 });
};
globalThis.window = globalThis.window || undefined;
const pf = await import(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href);
await pf.options({ baseUrl: "/" });
const out = {};
for (const q of process.argv.slice(3)) {
  const r = await pf.search(q);
  out[q] = await Promise.all(r.results.map(async (x) => (await x.data()).url));
}
console.log(JSON.stringify(out));
