import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in SQS endpoint for the two calls moto lacks, StartMessageMoveTask and
 * ListMessageMoveTasks (JSON protocol, `X-Amz-Target: AmazonSQS.<Operation>`). It records each
 * request and answers with the canned result; any other operation gets HTTP 400.
 */
export type MoveTaskEndpoint = {
  readonly url: string;
  readonly requests: { operation: string; input: Record<string, unknown> }[];
  close(): Promise<void>;
};

export async function startMoveTaskEndpoint(answers: Record<string, unknown>): Promise<MoveTaskEndpoint> {
  const requests: MoveTaskEndpoint['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      requests.push({ operation, input: body ? (JSON.parse(body) as Record<string, unknown>) : {} });
      const answer = answers[operation];
      res.writeHead(answer === undefined ? 400 : 200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer ?? { __type: 'com.amazonaws.sqs#InvalidAddress', message: `no canned answer for ${operation}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
