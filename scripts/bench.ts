/**
 * Throughput and memory of the extraction engine, in one process, on the shared corpus repeated to ≥ N MB.
 *
 *   npm run bench                 # builds, then measures the compiled engine in dist/ (what `duban` runs)
 *   npm run bench -- --mb 50
 *
 * It runs the compiled code, not the TypeScript sources, so the figures are those of `node bin/duban.js`;
 * tsx only loads this script. Run it with `node --expose-gc` (as `npm run bench` does) for steady memory
 * readings: a GC is forced after the warm-up and before each memory sample.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

type Pipeline = typeof import("../src/core/pipeline.js");

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = resolve(ROOT, "../shared/corpus");
const ENGINE = join(ROOT, "dist/core/pipeline.js");
const MB = 1024 * 1024;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({ options: { mb: { type: "string", default: "20" } } });
const targetMb = Number(values.mb);
if (!Number.isFinite(targetMb) || targetMb <= 0) fail(`--mb must be a positive number, got ${values.mb}`);
if (!existsSync(CORPUS)) fail(`corpus not found at ${CORPUS} (expected ../shared/corpus beside the project)`);
if (!existsSync(ENGINE)) fail(`${ENGINE} is missing: run \`npm run build\` first`);

const { extractBytes } = (await import(pathToFileURL(ENGINE).href)) as Pipeline;

// The corpus: every report file (the .tsv tables are metadata, not reports).
const names = (await readdir(CORPUS)).filter((n) => !n.startsWith(".") && !n.endsWith(".tsv")).sort();
if (names.length === 0) fail(`no reports in ${CORPUS}`);
const files = await Promise.all(
  names.map(async (n) => ({ path: join(CORPUS, n), bytes: new Uint8Array(await readFile(join(CORPUS, n))) })),
);
const corpusBytes = files.reduce((a, f) => a + f.bytes.length, 0);

// Inputs: the corpus repeated until the target size (the buffers are shared; only the list grows).
const inputs: typeof files = [];
let totalBytes = 0;
while (totalBytes < targetMb * MB) {
  for (const f of files) {
    inputs.push(f);
    totalBytes += f.bytes.length;
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const rssMb = () => process.memoryUsage().rss / MB;
const settledRssMb = () => {
  gc?.();
  return rssMb();
};

// Warm-up: each distinct file once, so JIT and lazy module loading are not measured.
let failures = 0;
for (const f of files) {
  try {
    await extractBytes(f.bytes, f.path);
  } catch {
    failures++;
  }
}
if (failures === files.length) fail("every corpus file failed to extract; is the engine complete?");
gc?.();

let facts = 0;
let tasks = 0;
let errors = 0;
let peakRss = rssMb();
let rssAt10 = 0;
let gcMs = 0;
const tenth = Math.max(1, Math.floor(inputs.length / 10));
const started = performance.now();
for (const [i, f] of inputs.entries()) {
  try {
    const { extraction } = await extractBytes(f.bytes, f.path);
    facts += extraction.facts.length;
    tasks += extraction.tasks.length;
  } catch {
    errors++;
  }
  peakRss = Math.max(peakRss, rssMb());
  if (i + 1 === tenth) {
    const t = performance.now();
    rssAt10 = settledRssMb();
    gcMs += performance.now() - t;
  }
}
const seconds = (performance.now() - started - gcMs) / 1000;
const rssEnd = settledRssMb();
const maxRss = process.resourceUsage().maxRSS / 1024; // kilobytes → MB, the OS's own peak for the process

const mbTotal = totalBytes / MB;
const rows: Array<[string, string]> = [
  ["corpus", `${files.length} files, ${(corpusBytes / MB).toFixed(2)} MB, from ${CORPUS}`],
  ["inputs", `${inputs.length} files${errors ? ` (${errors} failed)` : ""}`],
  ["total", `${mbTotal.toFixed(1)} MB`],
  ["time", `${seconds.toFixed(2)} s`],
  ["throughput", `${(mbTotal / seconds).toFixed(2)} MB/s`],
  ["facts", `${facts} (${Math.round(facts / seconds)} facts/s)`],
  ["tasks", `${tasks} (${Math.round(tasks / seconds)} tasks/s)`],
  ["peak RSS", `${Math.max(peakRss, maxRss).toFixed(0)} MB`],
  ["RSS after 10%", `${rssAt10.toFixed(0)} MB`],
  ["RSS at end", `${rssEnd.toFixed(0)} MB`],
  [
    "engine",
    `${ENGINE} (compiled), node ${process.version}${gc ? ", --expose-gc" : ", no --expose-gc: RSS unsettled"}`,
  ],
];
const w = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
if (errors > 0) process.exitCode = 1;
