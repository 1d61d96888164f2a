/**
 * A keep-alive front for moto. moto's server answers every request with `Connection: close`, so
 * each AWS SDK call against it pays a new TCP connection, which a client of the real DynamoDB
 * (keep-alive, https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-reusing-connections.html)
 * pays once. The in-process rig puts this proxy between the handler worker and moto, so the
 * worker's CPU time — handler and floors alike — holds no connection set-up that AWS would not
 * cost. The proxy runs in the parent process, whose CPU is not measured.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running proxy: `url` stands in for moto's endpoint. */
export type KeepAliveProxy = { readonly url: string; stop(): Promise<void> };

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/** Starts a loopback proxy that keeps client connections open and forwards each request to `target`. */
export async function startKeepAliveProxy(target: string): Promise<KeepAliveProxy> {
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const forward = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`keep-alive proxy: ${error.message}`);
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
