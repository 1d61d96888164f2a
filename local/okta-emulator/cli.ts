/**
 * `npm run emulator:okta -- --port 8788 [--host 127.0.0.1] [--seed seed.json] [--page-size 200]`
 * The seed file is either an Okta seed or the local stack's seed with an `okta` section.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startOktaEmulator, type OktaSeed } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8788' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'page-size': { type: 'string' },
    },
  });
  const seed = values.seed === undefined ? undefined : readSeed(values.seed);
  const emulator = await startOktaEmulator({
    port: Number(values.port),
    host: values.host,
    seed,
    pageSize: values['page-size'] === undefined ? undefined : Number(values['page-size']),
  });
  console.log(`listening on ${emulator.url}`);
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function readSeed(path: string): OktaSeed {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { okta?: OktaSeed } & OktaSeed;
  return parsed.okta ?? parsed;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
