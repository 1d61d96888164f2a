/**
 * Measurement 4: the deployed bundle's size (from `npm run package`) and the time a fresh Node
 * process takes to load the bundled handler module, against an empty handler bundled the same
 * way; medians of alternating runs. The handler validates its configuration at import, so it
 * gets a valid environment (nothing is called: clients connect lazily).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleLikeProduction, bundleParts, PROJECT_ROOT, WORK_DIR, type BundlePart } from '../lib/bundle';
import { median, round } from '../lib/stats';

/** Load times of one module (ms, medians). */
export type LoadTimes = { readonly requireMs: number; readonly processMs: number; readonly rssMb: number };

export type ColdStartResult = {
  readonly zipBytes: number;
  readonly handlerJsBytes: number;
  readonly sourceMapBytes: number;
  readonly emptyHandlerJsBytes: number;
  readonly runs: number;
  /** With NODE_OPTIONS=--enable-source-maps, as serverless.yml deploys it. */
  readonly handler: LoadTimes;
  readonly emptyHandler: LoadTimes;
  /** handler.requireMs − emptyHandler.requireMs. */
  readonly addedRequireMs: number;
  /** The same handler loaded without --enable-source-maps, to show what that option costs. */
  readonly handlerWithoutSourceMaps: LoadTimes;
  readonly packageCommand: string;
  /** The largest packages in the handler bundle (esbuild's metafile, production options). */
  readonly bundleComposition: readonly { readonly name: string; readonly bytes: number }[];
  /** The handler bundle (no source map) gzipped, level 9: about what it weighs inside the zip. */
  readonly handlerJsGzipBytes?: number;
  /** handler.requireMs ÷ emptyHandler.requireMs. */
  readonly requireRatio?: number;
  /** handlerWithoutSourceMaps.requireMs − emptyHandler.requireMs. */
  readonly addedRequireMsWithoutSourceMaps?: number;
  /** Issue #14's goals and the gap to each (positive: over the goal by that much; negative: headroom). */
  readonly goal?: {
    readonly maxAddedRequireMs: number;
    readonly addedRequireMsOverGoal: number;
    readonly maxHandlerJsBytes: number;
    readonly handlerJsBytesOverGoal: number;
  };
  /** The handler bundle by package, largest first (top 15), from esbuild's metafile, with who imports each. */
  readonly composition?: { readonly totalBytes: number; readonly parts: readonly BundlePart[] };
};

/** Issue #14: module load at most this much over an empty handler's. */
export const MAX_ADDED_REQUIRE_MS = 150;
/** Issue #14: the minified bundle, source map excluded, at most 1 MiB. */
export const MAX_HANDLER_JS_BYTES = 2 ** 20;

/** The env the deployed function gets (serverless.yml provider + function environment), with local values. */
const FUNCTION_ENV = {
  WICKR_NETWORK_ID: '12345678',
  WICKR_REGION: 'us-east-1',
  MAPPING_PARAMETER_NAME: '/wickr-idp-sync/bench/mapping',
  OKTA_ORG_URL: 'https://example-org.okta.com',
  OKTA_TOKEN_SECRET_ID: 'wickr-idp-sync/bench/okta-token',
  STATE_TABLE_NAME: 'wickr-idp-sync-bench-state',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/wickr-idp-sync-bench-events',
  DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/wickr-idp-sync-bench-events-dlq',
  POWERTOOLS_SERVICE_NAME: 'wickr-idp-sync',
  POWERTOOLS_METRICS_NAMESPACE: 'WickrIdpSync',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};

function loadOnce(loader: string, moduleFile: string, nodeOptions: string): Promise<{ requireMs: number; processMs: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [loader, moduleFile, 'handler'], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...FUNCTION_ENV, NODE_OPTIONS: nodeOptions },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`loading ${moduleFile} failed (${code}): ${err.slice(-2000)}`));
      const line = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { requireMs: number; rssMb: number };
      resolve({ requireMs: line.requireMs, processMs: performance.now() - started, rssMb: line.rssMb });
    });
  });
}

const summarise = (samples: readonly LoadTimes[]): LoadTimes => ({
  requireMs: round(median(samples.map((s) => s.requireMs)), 1),
  processMs: round(median(samples.map((s) => s.processMs)), 1),
  rssMb: round(median(samples.map((s) => s.rssMb)), 1),
});

/** Packages the service (as `npm run package`), extracts the handler, and times `runs` loads of each module. */
export async function runColdStart(options: { runs: number }): Promise<ColdStartResult> {
  const dir = join(WORK_DIR, 'coldstart');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const packageDir = join(dir, 'package');
  // The deploy artifact itself, written to our own directory so no one else's .serverless/ is touched.
  execFileSync('npm', ['run', 'package', '--', '--package', packageDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const zip = join(packageDir, 'wickr-idp-sync.zip');
  const extracted = join(dir, 'function');
  // Python's zipfile: no unzip binary is assumed on the machine.
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, extracted]);
  const handlerJs = join(extracted, 'src/handlers/sync.js');
  const emptyJs = await bundleLikeProduction(join(__dirname, '../coldstart/emptyHandler.ts'), join(dir, 'empty/src/handlers/empty.js'));
  const loader = await bundleLikeProduction(join(__dirname, '../coldstart/loadOnce.ts'), join(dir, 'loadOnce.js'));

  const ours: LoadTimes[] = [];
  const empty: LoadTimes[] = [];
  const noMaps: LoadTimes[] = [];
  // One warm-up each (the OS file cache), then alternate so drift affects both alike.
  await loadOnce(loader, handlerJs, '--enable-source-maps');
  await loadOnce(loader, emptyJs, '--enable-source-maps');
  for (let i = 0; i < options.runs; i++) {
    ours.push(await loadOnce(loader, handlerJs, '--enable-source-maps'));
    empty.push(await loadOnce(loader, emptyJs, '--enable-source-maps'));
    noMaps.push(await loadOnce(loader, handlerJs, ''));
  }
  const handler = summarise(ours);
  const emptyHandler = summarise(empty);
  const withoutMaps = summarise(noMaps);
  const handlerJsBytes = statSync(handlerJs).size;
  const addedRequireMs = round(handler.requireMs - emptyHandler.requireMs, 1);
  const { totalBytes, parts } = await bundleParts(join(PROJECT_ROOT, 'src/handlers/sync.ts'));
  return {
    zipBytes: statSync(zip).size,
    handlerJsBytes,
    sourceMapBytes: statSync(`${handlerJs}.map`).size,
    emptyHandlerJsBytes: statSync(emptyJs).size,
    runs: options.runs,
    handler,
    emptyHandler,
    addedRequireMs,
    handlerWithoutSourceMaps: withoutMaps,
    packageCommand: `npm run package -- --package ${packageDir.slice(PROJECT_ROOT.length + 1)}`,
    bundleComposition: parts.slice(0, 8).map(({ name, bytes }) => ({ name, bytes })),
    handlerJsGzipBytes: gzipSync(readFileSync(handlerJs), { level: 9 }).length,
    requireRatio: round(handler.requireMs / emptyHandler.requireMs, 1),
    addedRequireMsWithoutSourceMaps: round(withoutMaps.requireMs - emptyHandler.requireMs, 1),
    goal: {
      maxAddedRequireMs: MAX_ADDED_REQUIRE_MS,
      addedRequireMsOverGoal: round(addedRequireMs - MAX_ADDED_REQUIRE_MS, 1),
      maxHandlerJsBytes: MAX_HANDLER_JS_BYTES,
      handlerJsBytesOverGoal: handlerJsBytes - MAX_HANDLER_JS_BYTES,
    },
    composition: { totalBytes, parts: parts.slice(0, 15).map((p) => ({ ...p, share: round(p.share, 4) })) },
  };
}
