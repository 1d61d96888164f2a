/**
 * `npm run emulator:okta -- --port 8788 [--host 127.0.0.1] [--seed seed.json] [--page-size 200]`
 * The seed file is either an Okta seed or the local stack's seed with an `okta` section.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startOktaEmulator, type OktaSeed } from './index';

const USAGE = `usage: npm run emulator:okta -- [--port 8788] [--host 127.0.0.1] [--seed seed.json] [--page-size 200]\n  --port <n>         the port (default 8788)\n  --host <addr>      the address to listen on (default 127.0.0.1)\n  --seed <file>      an Okta seed, or a local stack seed with an okta section\n  --page-size <n>    users and groups per page\n  --help             print this help and exit 0`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: true,
    options: {
      port: { type: 'string', default: '8788' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`Serves the Okta API emulator until Ctrl-C (docs/directories.md).\n${USAGE}`);
    process.exit(0);
  }
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
  const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
  console.error(error instanceof Error ? error.message : error);
  if (usage) console.error(USAGE);
  process.exit(usage ? 2 : 1);
});
