import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CONTROL_PREFIX, handleControl } from './control';
import type { EmulatorCore } from './core';
import { WickrApiError, frontEndError, modeledError, type EmulatorResponse } from './errors';
import { decideFault, injectedErrorResponse } from './faults';
import type { Query } from './params';
import { matchRoute, type RouteMatch } from './router';
import { verifySignature } from './signature';

/** How the server gets randomness and reports requests. */
export type ServerOptions = { random: () => number; log: boolean };

/** The HTTP server plus the way to cancel latency waits still pending when it stops. */
export type EmulatorServer = { server: Server; cancelPending(): void };

// Far above any Admin API request (UpdateUser bodies are a few hundred bytes); bounds memory under abuse.
const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

/** Splits `a=1&b=2` into decoded values; '+' stays a plus (SigV4 canonical form; spaces travel as %20). */
function parseQuery(raw: string): Query | undefined {
  const query: Query = {};
  if (!raw) return query;
  try {
    for (const pair of raw.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
      const existing = query[key];
      query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
  } catch {
    return undefined;
  }
  return query;
}

function send(res: ServerResponse, response: EmulatorResponse): void {
  const payload = response.body === undefined ? '' : JSON.stringify(response.body);
  res.writeHead(response.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...response.headers,
  });
  res.end(payload);
}

type Received = { method: string; rawPath: string; rawQuery: string; req: IncomingMessage; body: Buffer | undefined };
/** What to do with a request: answer it, or (no response) destroy its socket; `operation` is counted when set. */
type Outcome = { operation?: string; response?: EmulatorResponse };

/** Creates the HTTP server: control endpoints first, then rate limit, faults, routing, SigV4 and the operation. */
export function createEmulatorServer(core: EmulatorCore, options: ServerOptions): EmulatorServer {
  const pending = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(timer);
        resolve();
      }, ms);
      pending.add(timer);
    });

  async function answer(req: IncomingMessage): Promise<Outcome> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const body = await readBody(req);
    if (rawPath.startsWith(CONTROL_PREFIX)) {
      return { response: body ? handleControl(core, method, rawPath, body) : { status: 413, body: { message: 'Body too large' } } };
    }
    const route = matchRoute(method, rawPath);
    const operation = route?.name ?? 'UnknownOperation';
    const take = core.bucket?.take();
    if (take && !take.allowed) {
      const throttled = modeledError('RateLimitError', 'Rate exceeded');
      return { operation, response: { ...throttled, headers: { ...throttled.headers, 'Retry-After': String(take.retryAfterSeconds) } } };
    }
    const fault = decideFault(core.faults, options.random);
    if (fault.kind === 'reset') return { operation };
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.errorStatus) return { operation, response: injectedErrorResponse(fault.errorStatus) };
    if (!route) return { operation, response: frontEndError('UnknownOperationException', `No operation matches ${method} ${rawPath}`) };
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    return { operation, response: await operate({ method, rawPath, rawQuery, req, body }, route) };
  }

  async function operate({ method, rawPath, rawQuery, req, body }: Received, route: RouteMatch): Promise<EmulatorResponse> {
    const query = parseQuery(rawQuery);
    if (!query) return modeledError('BadRequestError', 'The query string is not valid percent-encoding.');
    if (!body) return modeledError('BadRequestError', 'The request body is too large.');
    const { accessKeyId, secretAccessKey, sessionToken } = core.credentials;
    const signatureProblem = await verifySignature(
      { method, rawPath, query, headers: req.headers, body },
      { accessKeyId, secretAccessKey, sessionToken, region: core.store.region, nowMs: core.now() },
    );
    if (signatureProblem) return signatureProblem;
    if (!route.operation) return frontEndError('UnknownOperationException', `${route.name} is in the model but not emulated`);
    try {
      return route.operation({
        store: core.store,
        pageTokens: core.pageTokens,
        clientTokens: core.clientTokens,
        createUserRefusals: core.createUserRefusals,
        params: route.params,
        query,
        headers: req.headers,
        body,
        nowSeconds: core.nowSeconds(),
      });
    } catch (error) {
      if (error instanceof WickrApiError) return error.response;
      console.error('wickr-emulator: operation failed', error);
      return modeledError('InternalServerError', 'The emulator failed to handle the request.');
    }
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    answer(req).then(
      ({ operation, response }) => {
        // Counted before answering, so a client that reads the state right after its response sees its request.
        if (operation) core.count(operation, response?.status ?? 'reset');
        if (response) send(res, response);
        else req.socket.destroy();
        // Only the path: query strings carry username filters (emails), which must not be logged.
        if (options.log) console.log(`${req.method} ${(req.url ?? '').split('?')[0]} ${response?.status ?? 'reset'} ${(performance.now() - started).toFixed(1)}ms`);
      },
      (error: unknown) => {
        // A client that hangs up mid-request is not the emulator's failure.
        if (req.destroyed || req.socket.destroyed) return;
        console.error('wickr-emulator: request failed', error);
        if (!res.headersSent) send(res, modeledError('InternalServerError', 'The emulator failed to handle the request.'));
      },
    );
  });
  // Node's 5 s default closes idle sockets while clients' keep-alive agents may be reusing them, which shows up
  // as stray ECONNRESETs in tests that count calls; AWS endpoints keep idle connections far longer. stop() ends them.
  server.keepAliveTimeout = 61_000;
  server.headersTimeout = 65_000;
  return {
    server,
    cancelPending: () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
}
