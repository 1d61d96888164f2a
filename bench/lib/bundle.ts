/**
 * Bundles an entry point the way packaging bundles the handler: the same options, read from
 * esbuild.config.js (which serverless.yml's `custom.esbuild.config` names). The handler imports
 * ESM-only packages (@middy/core) that Node cannot `require` from TypeScript run through tsx,
 * and the bundle is also what Lambda runs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { buildOptions as PRODUCTION_OPTIONS } from '../../esbuild.config';

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
    ...PRODUCTION_OPTIONS,
    logLevel: 'error',
  });
  return outfile;
}

/** One package's share of a bundle. */
export type BundlePart = {
  readonly name: string;
  /** Minified output bytes. */
  readonly bytes: number;
  /** Share of the whole bundle, 0..1. */
  readonly share: number;
  /** Who pulls it in: the first importing packages (or our files), as esbuild resolved them. */
  readonly importedBy: readonly string[];
};

/** The package (`@scope/name`) of a metafile input path, `src (ours)` for ours, or the path. */
const packageOf = (file: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? (file.startsWith('src/') ? 'src (ours)' : file);

/**
 * Output bytes per npm package (ours as `src (ours)`) of `entry` bundled with the production
 * options (no source map: it does not change the code), largest first, with the whole size and
 * who imports each package (from esbuild's metafile).
 */
export async function bundleParts(entry: string, options: BuildOptions = {}): Promise<{ totalBytes: number; parts: BundlePart[] }> {
  const result = await build({
    entryPoints: [entry],
    outfile: join(WORK_DIR, 'composition.js'),
    write: false,
    metafile: true,
    ...PRODUCTION_OPTIONS,
    sourcemap: false,
    logLevel: 'error',
    ...options,
  });
  const meta = result.metafile;
  if (!meta) throw new Error('esbuild returned no metafile');
  const bytes = new Map<string, number>();
  let totalBytes = 0;
  for (const output of Object.values(meta.outputs)) {
    totalBytes += output.bytes;
    for (const [file, input] of Object.entries(output.inputs)) bytes.set(packageOf(file), (bytes.get(packageOf(file)) ?? 0) + input.bytesInOutput);
  }
  const importers = new Map<string, Set<string>>();
  for (const [file, input] of Object.entries(meta.inputs)) {
    const from = packageOf(file);
    for (const imported of input.imports) {
      const to = packageOf(imported.path);
      if (to !== from) importers.set(to, (importers.get(to) ?? new Set()).add(from === 'src (ours)' ? file : from));
    }
  }
  const parts = [...bytes.entries()].map(([name, n]) => ({ name, bytes: n, share: n / totalBytes, importedBy: [...(importers.get(name) ?? [])].slice(0, 3) })).sort((a, b) => b.bytes - a.bytes);
  return { totalBytes, parts };
}
