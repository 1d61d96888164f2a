/**
 * The HTTP transport: `node:http`/`node:https` with keep-alive agents owned by the client, so
 * Lambda reuses TLS connections across invocations and `destroy()` can close them.
 */
import http from 'node:http';
import https from 'node:https';
import type { WireResponse } from './classifyError';

/** One signed request, ready to send. */
export type TransportRequest = {
  readonly method: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly port?: number;
  /** Path and query string, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
};

/** Sends one attempt; rejects on transport failure or when `signal` aborts. */
export type WickrTransport = {
  send(request: TransportRequest, signal: AbortSignal): Promise<WireResponse>;
  destroy(): void;
};

/** Options of {@link createNodeHttpTransport}. */
export type NodeHttpTransportOptions = {
  /** Sockets per host. Default 50 (the AWS SDK's default). */
  maxSockets?: number;
};

/** A keep-alive transport on Node's http/https modules. */
export function createNodeHttpTransport(options: NodeHttpTransportOptions = {}): WickrTransport {
  const maxSockets = options.maxSockets ?? 50;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
  return {
    send: (request, signal) => sendOnce(request, signal, request.protocol === 'http:' ? agents.http : agents.https),
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function sendOnce(request: TransportRequest, signal: AbortSignal, agent: http.Agent): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const requestFn = request.protocol === 'http:' ? http.request : https.request;
    const req = requestFn({
      agent,
      method: request.method,
      hostname: request.hostname,
      port: request.port,
      path: request.path,
      headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
    });
    const onAbort = (): void => {
      req.destroy(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    req.on('error', (error) => {
      settle();
      reject(error);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => {
        settle();
        reject(error);
      });
      res.on('end', () => {
        settle();
        resolve({ statusCode: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(request.body);
  });
}

function abortError(signal: AbortSignal): Error {
  return new Error('Request aborted', { cause: signal.reason });
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
