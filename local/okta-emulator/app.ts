/**
 * The emulator's request handling: the Okta API routes the directory adapter and lister call, and the
 * `/__emulator/*` control routes tests use to change the truth and inject faults.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRateLimiter, type RateLimitState } from './rateLimit';
import { parseOktaSeed, type OktaSeed, type OktaSeedGroup, type OktaUserRecord } from './seed';
import { UnsupportedExpressionError } from './query';
import { selectGroups, selectUsers } from './selection';
import { createOktaStore, pageOf, toOktaGroup, toOktaUser, type OktaStore } from './store';

/** What `GET /__emulator/state` returns. */
export type OktaEmulatorState = {
  readonly users: OktaUserRecord[];
  readonly groups: OktaSeedGroup[];
  /** Counts of API calls by route template and HTTP status, e.g. `requests['GET /api/v1/users/{idOrLogin}']['429']`. */
  readonly requests: Record<string, Record<string, number>>;
  readonly rateLimit: RateLimitState;
};

/** The emulator's behaviour, independent of the listening socket. */
export type OktaEmulatorApp = {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  reset(seed: OktaSeed): void;
  setUser(user: unknown): OktaUserRecord;
  setGroup(group: unknown): OktaSeedGroup;
  deleteUser(id: string): boolean;
  failNext(n: number): void;
  state(): OktaEmulatorState;
};

type Reply = { status: number; body?: unknown; headers?: Record<string, string | string[]> };
type Route = { name: string; family: string; key?: string };
type Lister = <T extends { id: string }>(items: readonly T[], render: (item: T) => unknown, maxLimit?: number) => Reply;

/** Okta's default page size for group members is 1000; the emulator's is smaller so pagination is exercised. */
export const DEFAULT_PAGE_SIZE = 200;
const MAX_PAGE_SIZE = 1000;
/** Okta caps `limit` on `GET /api/v1/users` at 200. */
const MAX_USERS_PAGE_SIZE = 200;
const MAX_BODY_BYTES = 1_000_000;

/** Creates the handler; `now` is epoch milliseconds. */
export function createOktaEmulatorApp(options: { seed?: OktaSeed; now: () => number; pageSize?: number }): OktaEmulatorApp {
  const { now } = options;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  let seed = parseOktaSeed(options.seed);
  let store: OktaStore = createOktaStore(seed);
  const limiter = createRateLimiter(seed.rateLimit, now);
  let requests: Record<string, Record<string, number>> = {};
  const createdAt = new Date(now()).toISOString();

  const count = (route: string, status: number): void => {
    const byStatus = (requests[route] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  };

  const api = (method: string, url: URL, req: IncomingMessage): { routeName: string; reply: Reply } => {
    const route = matchApi(method, url.pathname);
    const routeName = route ? `${method} ${route.name}` : `${method} (unmatched)`;
    const decision = limiter.take(route?.family ?? '(unmatched)');
    const withLimits = (reply: Reply): { routeName: string; reply: Reply } => ({
      routeName,
      reply: {
        ...reply,
        // Clients wait X-Rate-Limit-Reset minus this Date before retrying a 429, so both use the same clock.
        headers: { ...decision.headers, Date: new Date(now()).toUTCString(), 'X-Okta-Request-Id': randomUUID(), ...reply.headers },
      },
    });
    if (decision.limited) {
      return withLimits(oktaError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'));
    }
    if (req.headers.authorization !== `SSWS ${seed.token}`) {
      return withLimits(oktaError(401, 'E0000011', 'Invalid token provided'));
    }
    if (!route) return withLimits(oktaError(404, 'E0000007', `Not found: Resource not found: ${url.pathname} (Resource)`));
    const base = `http://${req.headers.host ?? 'localhost'}`;
    const list: Lister = (items, render, maxLimit = MAX_PAGE_SIZE) => {
      const paging = { limit: limitOf(url, pageSize, maxLimit), after: url.searchParams.get('after') ?? undefined };
      const page = pageOf(items, paging);
      return { status: 200, body: page.items.map(render), headers: { Link: links(base, url, paging.limit, page.nextAfter) } };
    };
    try {
      return withLimits(resolve(route, url.searchParams, base, list));
    } catch (error) {
      if (error instanceof UnsupportedExpressionError) return withLimits(oktaError(400, 'E0000031', 'Invalid search criteria.'));
      throw error;
    }
  };

  const resolve = (route: Route, params: URLSearchParams, base: string, list: Lister): Reply => {
    const renderUser = (u: OktaUserRecord): unknown => toOktaUser(u, base, createdAt);
    const renderGroup = (g: OktaSeedGroup): unknown => toOktaGroup(g, base, createdAt);
    const key = route.key ?? '';
    // The listing's identity: its route and every parameter but the page's own.
    const listingKey = `${route.name} ${key} ${[...params]
      .filter(([n]) => n !== 'after' && n !== 'limit')
      .map(([n, v]) => `${n}=${v}`)
      .join('&')}`;
    switch (route.name) {
      case '/api/v1/users':
        return list(
          store.listing(listingKey, (all) => selectUsers(all, params)),
          renderUser,
          MAX_USERS_PAGE_SIZE,
        );
      case '/api/v1/groups':
        return list(selectGroups(store.groups(), params), renderGroup);
      case '/api/v1/users/{idOrLogin}':
      case '/api/v1/users/{idOrLogin}/groups': {
        const user = store.findUser(key);
        if (!user) return notFound(key, 'User');
        return route.name.endsWith('/groups') ? list(store.groupsOf(user), renderGroup) : { status: 200, body: renderUser(user) };
      }
      default: {
        const group = store.findGroup(key);
        if (!group) return notFound(key, 'UserGroup');
        return route.name.endsWith('/users')
          ? list(
              store.listing(listingKey, () => store.membersOf(key)),
              renderUser,
            )
          : { status: 200, body: renderGroup(group) };
      }
    }
  };

  const app: OktaEmulatorApp = {
    async handle(req, res) {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = new URL(req.url ?? '/', 'http://localhost');
      let reply: Reply;
      try {
        if (url.pathname.startsWith('/__emulator/')) {
          reply = await control(app, method, url.pathname, req);
        } else {
          const answer = api(method, url, req);
          count(answer.routeName, answer.reply.status);
          reply = answer.reply;
        }
      } catch (error) {
        reply = { status: 400, body: { message: error instanceof Error ? error.message : String(error) } };
      }
      send(res, reply);
    },
    reset(next) {
      seed = parseOktaSeed(next);
      store = createOktaStore(seed);
      limiter.reset(seed.rateLimit);
      requests = {};
    },
    setUser: (user) => store.setUser(user),
    setGroup: (group) => store.setGroup(group),
    deleteUser: (id) => store.deleteUser(id),
    failNext: (n) => limiter.failNext(n),
    state: () => ({ users: store.users(), groups: store.groups(), requests: structuredClone(requests), rateLimit: limiter.state() }),
  };
  return app;
}

async function control(app: OktaEmulatorApp, method: string, path: string, req: IncomingMessage): Promise<Reply> {
  const [, , resource = '', rawId] = path.split('/');
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  const route = `${method} ${resource}${id === undefined ? '' : '/:id'}`;
  switch (route) {
    case 'GET state':
      return { status: 200, body: app.state() };
    case 'POST reset':
      app.reset((await readJson(req)) as OktaSeed);
      return { status: 200, body: { status: 'ok' } };
    case 'POST faults': {
      const body = (await readJson(req)) as { rateLimitNext?: unknown };
      app.failNext(Number(body.rateLimitNext ?? 0));
      return { status: 200, body: { status: 'ok' } };
    }
    case 'PUT users/:id':
      return { status: 200, body: app.setUser({ ...((await readJson(req)) as object), id }) };
    case 'DELETE users/:id':
      return app.deleteUser(id!) ? { status: 204 } : { status: 404, body: { message: `no user ${id}` } };
    case 'PUT groups/:id':
      return { status: 200, body: app.setGroup({ ...((await readJson(req)) as object), id }) };
    default:
      return { status: 404, body: { message: `unknown control route ${method} ${path}` } };
  }
}

function matchApi(method: string, pathname: string): Route | undefined {
  if (method !== 'GET') return undefined;
  const parts = pathname.split('/').slice(1);
  if (parts[0] !== 'api' || parts[1] !== 'v1') return undefined;
  if (parts.length === 3 && parts[2] === 'users') return { name: '/api/v1/users', family: '/api/v1/users' };
  if (parts.length === 3 && parts[2] === 'groups') return { name: '/api/v1/groups', family: '/api/v1/groups' };
  if (parts.length < 4 || parts.length > 5 || !parts[3]) return undefined;
  const key = decodeURIComponent(parts[3]);
  const sub = parts[4];
  if (parts[2] === 'users' && sub === undefined) return { name: '/api/v1/users/{idOrLogin}', family: '/api/v1/users/{id}', key };
  if (parts[2] === 'users' && sub === 'groups') return { name: '/api/v1/users/{idOrLogin}/groups', family: '/api/v1/users/{id}', key };
  if (parts[2] === 'groups' && sub === undefined) return { name: '/api/v1/groups/{groupId}', family: '/api/v1/groups/{id}', key };
  if (parts[2] === 'groups' && sub === 'users') return { name: '/api/v1/groups/{groupId}/users', family: '/api/v1/groups/{id}', key };
  return undefined;
}

function limitOf(url: URL, pageSize: number, maxLimit: number): number {
  const raw = Number(url.searchParams.get('limit'));
  return Math.min(Number.isInteger(raw) && raw > 0 ? raw : pageSize, maxLimit);
}

/** Okta sends `self` and, when there is more, `next` as separate Link headers; `next` keeps the query (filter, q). */
function links(base: string, url: URL, limit: number, nextAfter?: string): string[] {
  const self = new URL(url.pathname, base);
  self.search = url.search;
  const result = [`<${self.href}>; rel="self"`];
  if (nextAfter !== undefined) {
    const next = new URL(url.pathname, base);
    next.searchParams.set('after', nextAfter);
    next.searchParams.set('limit', String(limit));
    for (const [name, value] of url.searchParams) if (name !== 'after' && name !== 'limit') next.searchParams.append(name, value);
    result.push(`<${next.href}>; rel="next"`);
  }
  return result;
}

function notFound(key: string, type: 'User' | 'UserGroup'): Reply {
  return oktaError(404, 'E0000007', `Not found: Resource not found: ${key} (${type})`);
}

/** Okta's error body. https://developer.okta.com/docs/reference/error-codes/ */
function oktaError(status: number, errorCode: string, errorSummary: string): Reply {
  return {
    status,
    body: { errorCode, errorSummary, errorLink: errorCode, errorId: `oae${randomUUID().replaceAll('-', '').slice(0, 22)}`, errorCauses: [] },
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

function send(res: ServerResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
}
