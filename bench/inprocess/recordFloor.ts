/**
 * The record floor of the overhead benchmark (issue #14): the least work that makes every
 * network call a record needs, not only the Wickr ones. Per record, bare:
 * - the Wickr calls, SigV4-signed (as {@link runFloor});
 * - the Okta GETs, plain keep-alive HTTP with the SSWS header, JSON parsed;
 * - the DynamoDB calls, one SigV4-signed JSON request each (the @smithy signer, service
 *   `dynamodb`, the `DynamoDB_20120810.<Op>` target of the awsJson1_0 protocol), no SDK client.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import http from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { eachConcurrently, floorSigner, sendJson, wickrCall } from './floor';
import type { FloorDynamoCall, FloorOktaCall, RecordFloorCalls } from './protocol';

/** Where the record floor sends its calls. */
export type RecordFloorEndpoints = { readonly wickr: string; readonly okta: string; readonly oktaToken: string; readonly dynamodb: string; readonly tableName: string };

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);

/** SHA-256 over node:crypto, as the SDK's DynamoDB client hashes in Node (@smithy/hash-node). */
class NodeSha256 {
  readonly #hash: Hash | Hmac;
  public constructor(secret?: SourceData) {
    this.#hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  public update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

type Item = Record<string, { S: string } | { N: string }>;

/**
 * The request body of one DynamoDB command on item `pk`, shaped like the consumer's (a small
 * item, a key, a condition), or undefined for a command the floor does not model.
 */
export function dynamoBody(command: string, table: string, pk: string, nowMs: number): object | undefined {
  const Key = { pk: { S: pk } };
  const Item: Item = { pk: { S: pk }, owner: { S: 'floor' }, expiresAt: { N: String(Math.ceil(nowMs / 1000) + 3600) } };
  const values = { ':now': { N: String(Math.floor(nowMs / 1000)) } };
  switch (command.replace(/Command$/, '')) {
    case 'GetItem':
      return { TableName: table, Key, ConsistentRead: true };
    case 'PutItem':
      return { TableName: table, Item, ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now', ExpressionAttributeValues: values };
    case 'DeleteItem':
      return { TableName: table, Key };
    case 'UpdateItem':
      return { TableName: table, Key, UpdateExpression: 'SET expiresAt = :now', ExpressionAttributeValues: values };
    case 'Query':
      return { TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: pk } }, ConsistentRead: true };
    case 'TransactWriteItems':
      return { TransactItems: [{ Put: { TableName: table, Item } }] };
    case 'BatchWriteItem':
      return { RequestItems: { [table]: [{ PutRequest: { Item } }] } };
    case 'TransactGetItems':
      return { TransactItems: [{ Get: { TableName: table, Key } }] };
    case 'BatchGetItem':
      return { RequestItems: { [table]: { Keys: [Key], ConsistentRead: true } } };
    default:
      return undefined;
  }
}

async function dynamoCall(agent: http.Agent, signer: SignatureV4, url: URL, table: string, call: FloorDynamoCall): Promise<number | 'unmodelled'> {
  const payload = dynamoBody(call.command, table, call.key, Date.now());
  if (!payload) return 'unmodelled';
  const body = JSON.stringify(payload);
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${call.command.replace(/Command$/, '')}` },
    body,
  });
  const signed = await signer.sign(request);
  return sendJson(agent, { method: signed.method, hostname: signed.hostname, port: signed.port, path: signed.path, headers: signed.headers }, body);
}

function oktaCall(agent: http.Agent, url: URL, token: string, call: FloorOktaCall): Promise<number> {
  return sendJson(agent, { method: 'GET', hostname: url.hostname, port: Number(url.port), path: call.path, headers: { host: url.host, authorization: `SSWS ${token}`, accept: 'application/json' } });
}

/**
 * Makes every call of `calls`, `concurrency` at a time (as the handler works on that many users
 * at once); returns the count per service and HTTP status (`unmodelled` for a DynamoDB command
 * the floor cannot shape, which it skips).
 */
export async function runRecordFloor(endpoints: RecordFloorEndpoints, calls: RecordFloorCalls, concurrency: number): Promise<Record<string, Record<string, number>>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  const wickrUrl = new URL(endpoints.wickr);
  const oktaUrl = new URL(endpoints.okta);
  const dynamoUrl = new URL(endpoints.dynamodb);
  const wickrSigner = floorSigner('wickr');
  const dynamoSigner = floorSigner('dynamodb', NodeSha256);
  const statuses: Record<string, Record<string, number>> = { wickr: {}, okta: {}, dynamodb: {} };
  const count = (service: string, status: number | string): void => void (statuses[service][status] = (statuses[service][status] ?? 0) + 1);
  type Tagged = { service: 'wickr' | 'okta' | 'dynamodb'; run: () => Promise<number | string> };
  const all: Tagged[] = [
    ...calls.okta.map((c): Tagged => ({ service: 'okta', run: () => oktaCall(agent, oktaUrl, endpoints.oktaToken, c) })),
    ...calls.dynamodb.map((c): Tagged => ({ service: 'dynamodb', run: () => dynamoCall(agent, dynamoSigner, dynamoUrl, endpoints.tableName, c) })),
    ...calls.wickr.map((c): Tagged => ({ service: 'wickr', run: () => wickrCall(agent, wickrSigner, wickrUrl, c) })),
  ];
  await eachConcurrently(all, concurrency, async (call) => count(call.service, await call.run()));
  agent.destroy();
  return statuses;
}
