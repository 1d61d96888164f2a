/**
 * Bundles an entry point the way serverless.yml's `custom.esbuild` bundles the handler (esbuild,
 * node22, CommonJS, minified, names kept, external source map). The handler imports ESM-only
 * packages (@middy/core) that Node cannot `require` from TypeScript run through tsx, and the
 * bundle is also what Lambda runs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

export const BENCH_ROOT = join(__dirname, '..');
export const PROJECT_ROOT = join(BENCH_ROOT, '..');
/** Scratch output of a run (git-ignored). */
export const WORK_DIR = join(BENCH_ROOT, '.work');

/** Bundles `entry` (absolute) to `outfile` (absolute) with the production esbuild options; returns `outfile`. */
export async function bundleLikeProduction(entry: string, outfile: string): Promise<string> {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    keepNames: true,
    target: 'node22',
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  return outfile;
}

/** Output bytes per npm package (ours as `src`) of `entry` bundled for production, largest first. */
export async function bundleComposition(entry: string, top = 8): Promise<{ name: string; bytes: number }[]> {
  const result = await build({
    entryPoints: [entry],
    outfile: join(WORK_DIR, 'composition.js'),
    write: false,
    metafile: true,
    bundle: true,
    minify: true,
    keepNames: true,
    target: 'node22',
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
  });
  const bytes = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith('src/') ? 'src (ours)' : file);
      bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...bytes.entries()].map(([name, n]) => ({ name, bytes: n })).sort((a, b) => b.bytes - a.bytes).slice(0, top);
}
