/**
 * A local Okta Management API for the directory adapter's and lister's tests and the local stack:
 * `GET /api/v1/users` (with `filter`/`search`/`q`), `/users/{idOrLogin}`, `/users/{id}/groups`,
 * `/groups` (with `q`/`search`), `/groups/{id}`, `/groups/{id}/users`, SSWS token auth, Okta's error
 * bodies, Link pagination and per-family rate limits. See docs/directories.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOktaEmulatorApp, type OktaEmulatorState } from './app';
import type { OktaSeed, OktaSeedGroup, OktaSeedUser } from './seed';

export type { OktaEmulatorState } from './app';
export { DEFAULT_PAGE_SIZE } from './app';
export { DEFAULT_OKTA_TOKEN, DEFAULT_RATE_LIMIT, parseOktaSeed } from './seed';
export type { OktaSeed, OktaSeedGroup, OktaSeedUser } from './seed';

/** Options of {@link startOktaEmulator}. */
export type OktaEmulatorOptions = {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default no users or groups, token `test-okta-token` */
  seed?: OktaSeed;
  /** Epoch milliseconds; drives rate-limit windows and the Date header. @default Date.now */
  now?: () => number;
  /** Page size of list routes when the request has no `limit`. @default 200 */
  pageSize?: number;
};

/** A running emulator. */
export type OktaEmulator = {
  /** `http://<host>:<port>`, the client's `orgUrl`. */
  readonly url: string;
  readonly port: number;
  /** Replaces the whole truth, the rate-limit window, pending faults and request counts. */
  reset(seed: OktaSeed): void;
  /** Creates or replaces one user (validated like the seed). */
  setUser(user: OktaSeedUser): void;
  /** Creates or renames one group. */
  setGroup(group: OktaSeedGroup): void;
  /** Removes a user, so the API answers 404 for it; false when there was none. */
  deleteUser(id: string): boolean;
  /** Answers the next `n` API calls (any family) with 429 E0000047. */
  failNext(n: number): void;
  state(): OktaEmulatorState;
  stop(): Promise<void>;
};

/** Starts the emulator on loopback (by default) and resolves once it listens. */
export async function startOktaEmulator(options: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const app = createOktaEmulatorApp({ seed: options.seed, now: options.now ?? Date.now, pageSize: options.pageSize });
  const server = createServer((req, res) => void app.handle(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    reset: (seed) => app.reset(seed),
    setUser: (user) => void app.setUser(user),
    setGroup: (group) => void app.setGroup(group),
    deleteUser: (id) => app.deleteUser(id),
    failNext: (n) => app.failNext(n),
    state: () => app.state(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from fetch's agent would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
