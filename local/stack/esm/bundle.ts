import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { build, stop } from 'esbuild';
import { buildOptions } from '../../../esbuild.config';
import { PROJECT_ROOT } from './executionEnvironment';

/**
 * Bundles the handler module with esbuild the way serverless-esbuild bundles it for the
 * deployment (the same options, from esbuild.config.js, which serverless.yml names), so
 * the execution environment loads the same kind of file Lambda does. It also makes the ESM-only
 * packages (middy) loadable, as in the deployed bundle. Returns the bundle's path.
 */
export async function bundleHandler(moduleFile: string): Promise<string> {
  const key = createHash('sha256').update(moduleFile).digest('hex').slice(0, 12);
  const outfile = join(PROJECT_ROOT, '.local/stack/bundles', key, `${basename(moduleFile).replace(/\.[cm]?[jt]s$/, '')}.js`);
  await build({
    entryPoints: [moduleFile],
    outfile,
    ...buildOptions,
    logLevel: 'silent',
  });
  // esbuild keeps a service process running for the next build; the local stack builds once.
  await stop();
  return outfile;
}
