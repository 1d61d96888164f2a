import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startWickrEmulator } from './index';
import { DEFAULT_SEED, parseSeed } from './seed';

/**
 * `npm run emulator:wickr -- [--port 8787] [--host 127.0.0.1] [--seed seed.json] [--log]`:
 * prints `listening on <url>` and serves until SIGINT or SIGTERM.
 */
const USAGE = `usage: npm run emulator:wickr -- [--port 8787] [--host 127.0.0.1] [--seed seed.json] [--log]\n  --port <n>       the port (0: any free one; default 8787)\n  --host <addr>    the address to listen on (default 127.0.0.1)\n  --seed <file>    the network, groups and users (the Wickr emulator's seed; default: a network of four)\n  --log            log each request\n  --help           print this help and exit 0`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    strict: true,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`Serves the Wickr Admin API emulator until Ctrl-C (docs/wickr-emulator.md).\n${USAGE}`);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const seed = values.seed ? parseSeed(JSON.parse(readFileSync(values.seed, 'utf8'))) : DEFAULT_SEED;
  const emulator = await startWickrEmulator({ port, host: values.host, seed, log: values.log });
  console.log(`listening on ${emulator.url}`);
  const stop = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
  console.error(error instanceof Error ? error.message : error);
  if (usage) console.error(USAGE);
  process.exit(usage ? 2 : 1);
});
