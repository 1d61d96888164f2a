/**
 * A small client for the few Okta Management API reads we make, over Node's global `fetch`: SSWS
 * auth with one token refresh on 401, a timeout per attempt inside a budget per call, waits for
 * `X-Rate-Limit-Reset` on 429, pacing for listings, and `Link` paging kept on the org's origin.
 * It replaces `@okta/okta-sdk-nodejs`, which was 3.3 MiB of a 5.9 MiB bundle (docs/directories.md).
 * https://developer.okta.com/docs/reference/core-okta-api/
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { ConfigError, DependencyError, FailureKind } from '../../core/errors';
import type { Clock, Logger, Random, Sleep } from '../../core/ports';
import { oktaErrorCodeOf, oktaHttpError, oktaNetworkError, oktaResponseError, oktaThrottledError } from './errors';
import { nextLinkOf } from './links';
import { paceDelayMs, readRateLimit, resetDelayMs, type RateLimitSnapshot } from './rateLimit';

/** Options of {@link createOktaClient}. */
export type OktaClientOptions = {
  /** `https://<org>.okta.com`; plain http only for loopback (the emulator). */
  readonly orgUrl: string;
  /** The SSWS API token (tests, scripts). Never logged. Give this or `getToken`. */
  readonly token?: string;
  /** Loads the token; called with `true` once after a 401, to pick up a rotated secret. Never logged. */
  readonly getToken?: (refresh: boolean) => Promise<string>;
  /** 429 retries per call, each after `X-Rate-Limit-Reset` (minus `Date`, plus up to 1 s of jitter). @default 2 */
  readonly maxRetries?: number;
  /**
   * Budget for one call including its 429 waits; a wait that would overrun it fails at once as
   * THROTTLING, leaving the retry to the caller (SQS). 0 disables the budget. @default 10000
   */
  readonly requestTimeoutMs?: number;
  /** Timeout of one HTTP attempt (within the budget). @default 5000 */
  readonly attemptTimeoutMs?: number;
  /** Paced calls wait for the reset once `X-Rate-Limit-Remaining` falls to this share of the limit. @default 0.1 */
  readonly paceReserve?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  readonly sleep?: Sleep;
  /** @default Date */
  readonly clock?: Clock;
  /** Jitter source. @default Math.random */
  readonly random?: Random;
  /** @default console */
  readonly logger?: Logger;
};

/** One GET. */
export type OktaGet = {
  /** Our name for the call, used in errors and logs (`getUser`). */
  readonly operation: string;
  /** Path and query under the org (`/api/v1/users/00u1`), or a `next` from an earlier answer. */
  readonly path: string;
  /** The rate-limit bucket (Okta keeps one per endpoint family), e.g. `/api/v1/users/{id}`. */
  readonly family: string;
  /** Wait for the family's reset when its budget runs low, instead of spending it to a 429 (listings). */
  readonly pace?: boolean;
};

/** A 2xx answer: the parsed body and, when there is a next page, its path and query on the org. */
export type OktaAnswer<T> = { readonly body: T; readonly next?: string };

/** The client: every failure is a `DependencyError('directory')`. */
export type OktaClient = {
  /** The answer, or null on 404. */
  get<T>(request: OktaGet): Promise<OktaAnswer<T> | null>;
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_JITTER_MS = 1000;
const defaultSleep: Sleep = (ms, signal) => sleepFor(ms, undefined, { signal });

/** Builds the client. Throws ConfigError for an unusable `orgUrl` or no token. */
export function createOktaClient(options: OktaClientOptions): OktaClient {
  const origin = checkOrgUrl(options.orgUrl);
  const fetchFn = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const clock = options.clock ?? Date;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? console;
  const maxRetries = options.maxRetries ?? 2;
  const budgetMs = options.requestTimeoutMs ?? 10_000;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const reserve = options.paceReserve ?? 0.1;
  const tokens = createTokenSource(options);
  // Survives between calls (a warm Lambda, a long listing): the budgets Okta last reported.
  const budgets = new Map<string, RateLimitSnapshot>();

  const pace = async (request: OktaGet, deadline: number): Promise<void> => {
    const delayMs = paceDelayMs(budgets.get(request.family), reserve, clock.now());
    if (delayMs === 0) return;
    const waitMs = delayMs + Math.floor(random() * MAX_JITTER_MS);
    if (clock.now() + waitMs > deadline) {
      throw new DependencyError(`Okta ${request.operation} not sent: the rate limit is nearly spent and resets after the request budget`, {
        dependency: 'directory',
        kind: FailureKind.Throttling,
      });
    }
    logger.info('Okta rate limit nearly spent; waiting for the reset', { operation: request.operation, family: request.family, delayMs: waitMs });
    await sleep(waitMs);
    budgets.delete(request.family);
  };

  const send = async (request: OktaGet, url: URL, token: string, deadline: number): Promise<{ response: Response; text: string }> => {
    const timeoutMs = Math.max(1, Math.min(attemptTimeoutMs, deadline - clock.now()));
    try {
      const response = await fetchFn(url, {
        method: 'GET',
        headers: { Authorization: `SSWS ${token}`, Accept: 'application/json', 'User-Agent': 'wickr-idp-sync' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read under the same signal: a stalled body is as much a timeout as a stalled connect.
      return { response, text: await response.text() };
    } catch (error) {
      const timedOut = (error as { name?: unknown } | null)?.name === 'TimeoutError';
      throw oktaNetworkError(request.operation, error, timedOut ? timeoutMs : undefined);
    }
  };

  return {
    async get<T>(request: OktaGet): Promise<OktaAnswer<T> | null> {
      const deadline = budgetMs > 0 ? clock.now() + budgetMs : Number.POSITIVE_INFINITY;
      const url = new URL(request.path, origin);
      // Paths come from our code or from a cursor a caller hands back: neither may leave the org.
      if (url.origin !== origin.origin || !url.pathname.startsWith('/api/v1/')) throw oktaResponseError(request.operation, 'a path outside the org API');
      let throttled = 0;
      let refreshed = false;
      for (;;) {
        if (request.pace) await pace(request, deadline);
        const token = await tokens.current();
        const { response, text } = await send(request, url, token, deadline);
        const requestId = response.headers.get('x-okta-request-id') ?? undefined;
        const snapshot = readRateLimit(response.headers, clock.now());
        if (snapshot) budgets.set(request.family, snapshot);

        if (response.ok) return { body: parseBody<T>(request.operation, text, requestId), next: nextPathOf(request.operation, response, url, origin) };
        const code = oktaErrorCodeOf(safeJson(text));
        if (response.status === 401 && tokens.canRefresh && !refreshed) {
          // A rotated secret: the cached token went stale. Re-read it once; a second 401 is real.
          refreshed = true;
          await tokens.refresh(token);
          continue;
        }
        if (response.status === 429) {
          if (throttled >= maxRetries) throw oktaThrottledError(request.operation, 'retries spent', { code, requestId });
          const waitMs = (resetDelayMs(response.headers, clock.now()) ?? MAX_JITTER_MS) + Math.floor(random() * MAX_JITTER_MS);
          if (clock.now() + waitMs > deadline) throw oktaThrottledError(request.operation, 'the rate limit resets after the request budget', { code, requestId });
          logger.warn('Okta rate limit reached; retrying after the reset', { operation: request.operation, requestId, delayMs: waitMs });
          await sleep(waitMs);
          budgets.delete(request.family);
          throttled += 1;
          continue;
        }
        if (response.status === 404) return null;
        throw oktaHttpError(request.operation, response.status, { code, requestId });
      }
    },
  };
}

type TokenSource = { readonly canRefresh: boolean; current(): Promise<string>; refresh(stale: string): Promise<void> };

function createTokenSource(options: OktaClientOptions): TokenSource {
  const { getToken, token } = options;
  if (!getToken) {
    if (!token) throw new ConfigError('okta.token', 'is required (token or getToken)');
    return { canRefresh: false, current: async () => token, refresh: async () => {} };
  }
  let cached: Promise<string> | undefined;
  const load = (refresh: boolean): Promise<string> => {
    const loading = loadToken(getToken, refresh);
    cached = loading;
    // A failed load is retried on the next call rather than cached.
    loading.catch(() => {
      if (cached === loading) cached = undefined;
    });
    return loading;
  };
  return {
    canRefresh: true,
    current: () => cached ?? load(false),
    async refresh(stale) {
      // Concurrent calls that saw the same 401 share one re-read.
      const now = cached ? await cached.catch(() => undefined) : undefined;
      if (now === undefined || now === stale) await load(true);
    },
  };
}

async function loadToken(getToken: (refresh: boolean) => Promise<string>, refresh: boolean): Promise<string> {
  let token: string;
  try {
    token = await getToken(refresh);
  } catch (error) {
    if (error instanceof DependencyError) throw error;
    throw new DependencyError('The Okta token could not be loaded', { dependency: 'config', kind: FailureKind.Auth, cause: error });
  }
  if (!token) throw new DependencyError('The Okta token is empty', { dependency: 'config', kind: FailureKind.Auth });
  return token;
}

function parseBody<T>(operation: string, text: string, requestId: string | undefined): T {
  const body = safeJson(text);
  // A proxy's HTML page or a cut-off body: nothing says the request was wrong, so it is retried.
  if (body === undefined) throw oktaResponseError(operation, 'the body is not JSON', FailureKind.Transient, requestId);
  return body as T;
}

function nextPathOf(operation: string, response: Response, url: URL, origin: URL): string | undefined {
  const next = nextLinkOf(response.headers.get('link'), url.href);
  if (!next) return undefined;
  // The token would follow the link: never to another host. Stopping instead would make a partial list look complete.
  if (next.origin !== origin.origin) throw oktaResponseError(operation, 'a next link to another origin');
  return `${next.pathname}${next.search}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function checkOrgUrl(orgUrl: string): URL {
  let url: URL;
  try {
    url = new URL(orgUrl);
  } catch {
    throw new ConfigError('okta.orgUrl', 'is not a URL');
  }
  // The SSWS token travels in a header: plain http is only acceptable to a local emulator.
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) return new URL(url.origin);
  throw new ConfigError('okta.orgUrl', 'must be https (http only for 127.0.0.1/localhost)');
}
