/**
 * A tiny loopback HTTP server for the Okta client's tests: each request is answered by the test's
 * `respond` function, and every request is recorded (path and headers).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server sends back; `hang` never answers (to exercise timeouts). */
export type ScriptedReply = { status?: number; headers?: Record<string, string | string[]>; body?: unknown } | 'hang';

export type ScriptedServer = {
  readonly url: string;
  readonly requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
};

/** Starts the server on 127.0.0.1; `respond` gets the request path (with query) and its 0-based index. */
export async function startScriptedServer(respond: (path: string, index: number, url: string) => ScriptedReply): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  let base = '';
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const reply = respond(path, requests.length - 1, base);
    if (reply === 'hang') return;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/json', ...reply.headers }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Okta's rate-limit headers for a window that resets `resetInSeconds` after now (whole seconds, like Okta). */
export function rateLimitHeaders(limit: number, remaining: number, resetInSeconds: number): Record<string, string> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return {
    'X-Rate-Limit-Limit': String(limit),
    'X-Rate-Limit-Remaining': String(remaining),
    'X-Rate-Limit-Reset': String(nowSeconds + resetInSeconds),
    Date: new Date(nowSeconds * 1000).toUTCString(),
  };
}

/** Okta's error body. */
export function oktaErrorBody(errorCode: string, errorSummary: string): Record<string, unknown> {
  return { errorCode, errorSummary, errorLink: errorCode, errorId: 'oae123', errorCauses: [] };
}
