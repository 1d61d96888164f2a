/**
 * Loads one handler module in this fresh process and prints, as one JSON line, how long the
 * `require` took and how long since the process started. Run by the cold-start scenario as
 * `node loadOnce.js <module> <export>`.
 */
const started = performance.now();
const [moduleFile, exportName] = process.argv.slice(2);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the thing measured is a require
const mod = require(moduleFile) as Record<string, unknown>;
const loaded = performance.now();
if (typeof mod[exportName] !== 'function') throw new Error(`${moduleFile} exports no function ${exportName}`);
process.stdout.write(
  `${JSON.stringify({ requireMs: loaded - started, sinceProcessStartMs: loaded, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20, rssMb: process.memoryUsage().rss / 2 ** 20 })}\n`,
);
