/**
 * The SCIM endpoint on this machine: a small HTTP server standing in for API Gateway's HTTP API.
 * Each request becomes a payload-format-2.0 event, is run by the real handler in an execution
 * environment (a child process, as for the consumer), and its result becomes the answer. The
 * outbox drain's schedule is a timer. See docs/local.md § SCIM.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionEnvironment } from '../esm/executionEnvironment';
import { fromFunctionResult, type LocalHttpResponse, toHttpApiEvent } from './httpEvent';

/** API Gateway's payload limit: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** How often EventBridge's schedule would drain the outbox (stack/scimIam.js OUTBOX_DRAIN_SCHEDULE). */
const DRAIN_EVERY_MS = 60_000;

/** Options of {@link startScimServer}. */
export type ScimServerOptions = {
  /** 0 picks a free port. */
  readonly port: number;
  /** A new execution environment of the scim function (started lazily by its first invocation). */
  readonly createEnvironment: (slot: number) => ExecutionEnvironment;
  /** Environments at most; requests wait for a free one (Lambda would scale out instead). */
  readonly maxEnvironments?: number;
  readonly drainEveryMs?: number;
  readonly log?: (line: string) => void;
  /**
   * Each answered request: `ms` from its arrival to its answer (waiting for a free environment
   * included), `functionMs` the invocation's own duration (what Lambda would bill).
   */
  readonly onRequest?: (answer: { method: string; status: number; ms: number; functionMs?: number }) => void;
};

/** A running SCIM server. */
export type ScimServer = {
  /** `http://127.0.0.1:<port>/scim/v2` */
  readonly url: string;
  /** Requests being answered now. */
  inFlight(): number;
  /** Runs the outbox drain now (as the schedule would). */
  drain(): Promise<void>;
  /** Stops taking requests, lets those in flight finish (at most `graceMs`), drains once and stops the environments. */
  close(graceMs?: number): Promise<void>;
};

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: LocalHttpResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

/** Starts the server on 127.0.0.1; resolves once it listens. */
export async function startScimServer(options: ScimServerOptions): Promise<ScimServer> {
  const log = options.log ?? (() => {});
  const max = options.maxEnvironments ?? 4;
  const environments: ExecutionEnvironment[] = [];
  const waiting: ((environment: ExecutionEnvironment) => void)[] = [];
  let inFlight = 0;
  let closing = false;
  const idle = new Set<() => void>();

  // An environment runs one invocation at a time: it is taken from acquire() to release().
  const taken = new Set<ExecutionEnvironment>();
  const acquire = (): Promise<ExecutionEnvironment> => {
    let free = environments.find((e) => !taken.has(e));
    if (!free && environments.length < max) {
      free = options.createEnvironment(environments.length);
      environments.push(free);
    }
    if (free) {
      taken.add(free);
      return Promise.resolve(free);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  /** Hands the environment to the next waiting request, or frees it. */
  const release = (environment: ExecutionEnvironment): void => {
    const next = waiting.shift();
    if (next) next(environment);
    else taken.delete(environment);
  };
  const invoke = async (event: unknown): Promise<LocalHttpResponse & { functionMs: number }> => {
    const environment = await acquire();
    try {
      const invocation = await environment.invoke(event);
      if (invocation.result.kind !== 'returned') log(`scim function: ${invocation.result.kind}: ${'error' in invocation.result ? invocation.result.error : ''}`);
      return { ...fromFunctionResult(invocation.result), functionMs: invocation.durationMs };
    } finally {
      release(environment);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = Date.now();
    const body = await readBody(request);
    const answer: LocalHttpResponse & { functionMs?: number } =
      body === undefined
        ? { status: 413, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"Request Entity Too Large"}') }
        : await invoke(toHttpApiEvent({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body, sourceIp: request.socket.remoteAddress ?? '127.0.0.1' }));
    send(response, answer);
    options.onRequest?.({ method: request.method ?? 'GET', status: answer.status, ms: Date.now() - started, functionMs: answer.functionMs });
  };

  const server: Server = createServer((request, response) => {
    if (closing) {
      send(response, { status: 503, headers: { 'content-type': 'application/json', connection: 'close' }, body: Buffer.from('{"message":"Service Unavailable"}') });
      return;
    }
    inFlight += 1;
    handle(request, response)
      .catch((error: unknown) => {
        log(`scim server: ${(error as Error).message}`);
        if (!response.headersSent) send(response, { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"Internal Server Error"}') });
      })
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const done of idle) done();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const drain = async (): Promise<void> => {
    const answer = await invoke({ version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {}, time: new Date().toISOString() });
    if (answer.status >= 500) log('scim outbox drain failed (the function log says why)');
  };
  const timer = setInterval(() => void drain().catch(() => {}), options.drainEveryMs ?? DRAIN_EVERY_MS);
  timer.unref();

  const close = async (graceMs = 30_000): Promise<void> => {
    closing = true;
    clearInterval(timer);
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        idle.add(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    server.closeAllConnections();
    await serverClosed;
    await drain().catch(() => {});
    await Promise.all(environments.map((e) => e.dispose()));
  };

  return { url: `http://127.0.0.1:${port}/scim/v2`, inFlight: () => inFlight, drain, close };
}
