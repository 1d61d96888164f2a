import type { AddressInfo } from 'node:net';
import { EmulatorCore } from './core';
import { DEFAULT_SEED } from './seed';
import { createEmulatorServer } from './server';
import type { WickrEmulator, WickrEmulatorOptions } from './types';

export { DEFAULT_SEED, SeedError, parseSeed, parseFaultSettings, parseCreateUserRefusals } from './seed';
export type {
  CreateUserRefusal,
  WickrEmulator,
  WickrEmulatorOptions,
  WickrEmulatorState,
  WickrFaults,
  WickrFaultSettings,
  WickrRateLimit,
  WickrSeed,
  WickrSeedSecurityGroup,
  WickrSeedUser,
  WickrUserState,
} from './types';

/**
 * Starts the Wickr Admin API emulator on loopback (port 0 picks a free port) with `seed` or `DEFAULT_SEED`.
 * Throws `SeedError` for an invalid seed.
 */
export async function startWickrEmulator(options: WickrEmulatorOptions = {}): Promise<WickrEmulator> {
  const core = new EmulatorCore(options.seed ?? DEFAULT_SEED, options.now ?? Date.now);
  const { server, cancelPending } = createEmulatorServer(core, { random: options.random ?? Math.random, log: options.log ?? false });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    reset: (seed) => core.reset(seed),
    setFaults: (settings) => core.setFaults(settings),
    setCreateUserRefusals: (refusals) => core.setCreateUserRefusals(refusals),
    state: () => core.state(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        cancelPending();
        server.close((error) => (error ? reject(error) : resolve()));
        // close() waits for keep-alive sockets to go idle and time out; end them now.
        server.closeAllConnections();
      }),
  };
}
