/**
 * The floor of the overhead benchmark: the least work that makes the same Wickr calls — a
 * SigV4 signature (the same @smithy signer and SHA-256 the client uses) and one keep-alive
 * HTTP request per call, the JSON answer parsed, and nothing else.
 */
import http from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { BENCH_NETWORK_ID } from '../lib/population';
import { CREDENTIALS, REGION } from '../lib/aws';
import type { FloorCall } from './protocol';

/** A SigV4 signer for `service` with the pure-JS SHA-256 the Wickr client uses, or `sha256` (a Node crypto one). */
export const floorSigner = (service: string, sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'] = Sha256): SignatureV4 =>
  new SignatureV4({ service, region: REGION, credentials: { ...CREDENTIALS }, sha256, applyChecksum: false });

/** One keep-alive request; parses the JSON answer (as a client would) and returns the status. */
export function sendJson(agent: http.Agent, request: { method: string; hostname: string; port?: number; path: string; headers: Record<string, string> }, body?: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const req = http.request(
      {
        agent,
        method: request.method,
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        headers: { ...request.headers, ...(body && { 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          resolve(res.statusCode ?? 0);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A signed Wickr call against the emulator at `url`; returns the HTTP status. */
export async function wickrCall(agent: http.Agent, signer: SignatureV4, url: URL, call: FloorCall): Promise<number> {
  const body = call.operation === 'UpdateUser' ? JSON.stringify({ userId: call.userId, userDetails: { securityGroupIds: [call.securityGroupId] } }) : undefined;
  const request = new HttpRequest({
    method: call.operation === 'UpdateUser' ? 'PATCH' : 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: call.operation === 'UpdateUser' ? `/networks/${BENCH_NETWORK_ID}/users` : `/networks/${BENCH_NETWORK_ID}/users/${call.userId}`,
    headers: { host: url.host, accept: 'application/json', ...(body && { 'content-type': 'application/json' }) },
    body,
  });
  const signed = await signer.sign(request);
  return sendJson(agent, { method: signed.method, hostname: signed.hostname, port: signed.port, path: signed.path, headers: signed.headers }, body);
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function eachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Makes `calls` against the emulator at `endpoint`, `concurrency` at a time; returns the count per HTTP status. */
export async function runFloor(endpoint: string, calls: readonly FloorCall[], concurrency: number): Promise<Record<string, number>> {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const signer = floorSigner('wickr');
  const statuses: Record<string, number> = {};
  await eachConcurrently(calls, concurrency, async (call) => {
    const status = await wickrCall(agent, signer, url, call);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  agent.destroy();
  return statuses;
}
