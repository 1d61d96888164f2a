/** Test doubles for the Wickr client: a scripted transport, a fake clock and a capturing HTTP server. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransportRequest, WickrTransport } from '../../../../src/adapters/wickr';
import { WickrClient, type WickrClientConfig } from '../../../../src/adapters/wickr';

export const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
export const NETWORK_ID = '12345678';
export const START = Date.UTC(2026, 0, 1, 0, 0, 0);

/** A scripted answer: a response, or an error the transport throws. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | { error: Error };

/** A transport that answers from a script (the last reply repeats) and records every request. */
export function scriptedTransport(replies: Reply[]): WickrTransport & { requests: TransportRequest[]; destroyed: boolean } {
  const requests: TransportRequest[] = [];
  const transport = {
    requests,
    destroyed: false,
    async send(request: TransportRequest) {
      requests.push(request);
      const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
      if ('error' in reply) throw reply.error;
      const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      return { statusCode: reply.status, headers: lowerKeys(reply.headers ?? {}), body };
    },
    destroy() {
      transport.destroyed = true;
    },
  };
  return transport;
}

/** A clock that only moves when the client sleeps; `sleeps` records every wait. */
export function fakeClock(start = START): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[]; advance(ms: number): void } {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** A client on a scripted transport and a fake clock, with fixed credentials and randomness 0.5. */
export function scriptedClient(replies: Reply[], overrides: Partial<WickrClientConfig> = {}) {
  const transport = scriptedTransport(replies);
  const clock = fakeClock();
  const client = new WickrClient({
    region: 'us-east-1',
    credentials: CREDENTIALS,
    transport,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    // smithy's DefaultRateLimiter reads the real clock; pacing is tested with a stub limiter.
    rateLimiter: null,
    ...overrides,
  });
  return { client, transport, clock };
}

/** One request as a local server received it. */
export type Captured = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; remotePort: number };

/** An HTTP server on 127.0.0.1:0 that records requests and answers with `respond` (200 `{}` by default). */
export async function captureServer(
  respond: (request: Captured, res: http.ServerResponse) => void = (_, res) => res.end('{}'),
): Promise<{ url: string; requests: Captured[]; close(): Promise<void> }> {
  const requests: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), remotePort: req.socket.remotePort ?? 0 };
      requests.push(captured);
      respond(captured, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
