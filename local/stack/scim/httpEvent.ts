/**
 * An HTTP request as API Gateway's HTTP API hands it to a Lambda function (payload format 2.0),
 * and the function's answer back to HTTP, as the local SCIM server needs them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** What the server read of one request. */
export type LocalHttpRequest = {
  readonly method: string;
  /** Path and query as sent (`/scim/v2/Users?filter=…`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
};

/** The route keys of stack/scim.yml. */
const ROUTE_PREFIX = '/scim/v2';

/** The HTTP API v2 event of a request, as the `$default` stage would send it. */
export function toHttpApiEvent(request: LocalHttpRequest, now: Date = new Date()): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://local');
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    // Format 2.0 joins repeated headers with commas and moves cookies to their own field.
    if (name === 'cookie') cookies.push(...[value].flat().flatMap((c) => c.split(';').map((p) => p.trim())));
    else headers[name.toLowerCase()] = [value].flat().join(',');
  }
  headers['x-forwarded-proto'] = 'http';
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const routeKey = url.pathname === ROUTE_PREFIX ? `ANY ${ROUTE_PREFIX}` : `ANY ${ROUTE_PREFIX}/{proxy+}`;
  const proxy = url.pathname.startsWith(`${ROUTE_PREFIX}/`) ? url.pathname.slice(ROUTE_PREFIX.length + 1) : undefined;
  // Text bodies are passed as they are, others base64-encoded (API Gateway does the same by content type).
  const contentType = headers['content-type'] ?? '';
  const textual = request.body.length === 0 || /json|text|xml|x-www-form-urlencoded/i.test(contentType);
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(Object.keys(query).length > 0 && { queryStringParameters: query }),
    ...(proxy !== undefined && { pathParameters: { proxy } }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '127',
      http: { method: request.method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: request.sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(request.body.length > 0 && { body: textual ? request.body.toString('utf8') : request.body.toString('base64') }),
    isBase64Encoded: request.body.length > 0 && !textual,
  };
}

/** An HTTP answer. */
export type LocalHttpResponse = { readonly status: number; readonly headers: Record<string, string>; readonly body: Buffer };

/**
 * The answer API Gateway makes of what the function returned (format 2.0): a structured result
 * as it is; anything else as a 200 JSON body. A function that failed is a 500, as API Gateway's
 * `{"message":"Internal Server Error"}`.
 */
export function fromFunctionResult(result: { kind: 'returned'; response: unknown } | { kind: string }): LocalHttpResponse {
  const internal = { status: 500, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"message":"Internal Server Error"}') };
  if (result.kind !== 'returned') return internal;
  const response = (result as { response: unknown }).response;
  const structured = typeof response === 'object' && response !== null && 'statusCode' in response;
  if (!structured) return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(response ?? null)) };
  const r = response as { statusCode: number; headers?: Record<string, string | number | boolean>; body?: string; isBase64Encoded?: boolean; cookies?: string[] };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) headers[name] = String(value);
  const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
  return { status: r.statusCode, headers, body };
}
