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

/** Makes `calls` against the emulator at `endpoint`, `concurrency` at a time; returns the count per HTTP status. */
export async function runFloor(endpoint: string, calls: readonly FloorCall[], concurrency: number): Promise<Record<string, number>> {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const signer = new SignatureV4({ service: 'wickr', region: REGION, credentials: { ...CREDENTIALS }, sha256: Sha256, applyChecksum: false });
  const statuses: Record<string, number> = {};
  let next = 0;
  const one = async (call: FloorCall): Promise<void> => {
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
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { agent, method: signed.method, hostname: signed.hostname, port: signed.port, path: signed.path, headers: { ...signed.headers, ...(body && { 'content-length': String(Buffer.byteLength(body)) }) } },
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
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls.length) await one(calls[next++]);
    }),
  );
  agent.destroy();
  return statuses;
}
