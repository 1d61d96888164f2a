/**
 * The schemas use `zod/mini` for the cold start (docs/performance.md § Cold start decision): one
 * `import { z } from 'zod'` anywhere in a handler's import graph brings classic zod's ~430 KiB
 * back. This bundles each handler with the production options and looks at what zod code ended
 * up in the output.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildOptions } from '../../../../esbuild.config';

const ROOT = join(__dirname, '../../../..');

/** The zod files that contribute bytes to the bundle of `entry`, relative to the zod package. */
async function zodFilesIn(entry: string): Promise<string[]> {
  const result = await build({ ...buildOptions, entryPoints: [join(ROOT, entry)], outfile: join(ROOT, '.esbuild/zod-check.js'), sourcemap: false, write: false, metafile: true, logLevel: 'error' });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([file, input]) => file.includes('node_modules/zod/') && input.bytesInOutput > 0)
      .map(([file]) => file.slice(file.indexOf('node_modules/zod/') + 'node_modules/zod/'.length)),
  );
}

describe.each(['src/handlers/sync.ts', 'src/handlers/reconcile.ts'])('the bundle of %s', (entry) => {
  it('holds zod/mini and zod core only: no classic zod, no v3, no locales', async () => {
    const files = await zodFilesIn(entry);
    expect(files).toContain('v4/mini/schemas.js');
    expect(files.filter((file) => !file.startsWith('v4/mini/') && !file.startsWith('v4/core/'))).toEqual([]);
  });
});
