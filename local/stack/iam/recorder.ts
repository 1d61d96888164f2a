/**
 * A recording HTTP proxy for one function: its `AWS_ENDPOINT_URL` and `WICKR_ENDPOINT` point
 * here, and each request goes on unchanged (headers included, so SigV4 signatures still verify)
 * to moto, or to the Wickr emulator when it is signed for the `wickr` service. Once the answer is
 * back, the exchange is handed to `onExchange`, off the request's path.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { Exchange } from './calls';
import { signingScope } from './calls';

/** Where a recorder forwards to. */
export type RecorderTargets = { readonly aws: string; readonly wickr: string };

/** A running recorder. */
export type Recorder = { readonly endpoint: string; close(): Promise<void> };

const isLoopback = (address: string | undefined): boolean => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/**
 * Starts a recorder. It listens before this returns (a port-0 listen on every address binds
 * synchronously), so a function's environment can name it at once; connections from anywhere
 * but this machine are dropped.
 */
export function startRecorder(targets: RecorderTargets, onExchange: (exchange: Exchange) => void): Recorder {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      const service = signingScope(req.headers)?.service;
      const target = new URL(service === 'wickr' ? targets.wickr : targets.aws);
      const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent });
      upstream.once('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recorder: ${target.host} unreachable: ${error.message}`);
      });
      upstream.once('response', async (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => {
          chunks.push(c);
          res.write(c);
        });
        answer.once('end', () => {
          res.end();
          const exchange: Exchange = {
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            headers: req.headers,
            body: body.toString('utf8'),
            status: answer.statusCode ?? 0,
            responseBody: Buffer.concat(chunks).toString('utf8'),
          };
          setImmediate(() => onExchange(exchange));
        });
      });
      upstream.end(body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(`recorder: ${(error as Error).message}`);
    }
  });
  server.on('connection', (socket) => {
    if (!isLoopback(socket.remoteAddress)) socket.destroy();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the IAM recorder did not bind synchronously');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
