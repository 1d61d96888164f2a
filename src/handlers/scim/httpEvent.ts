/**
 * API Gateway HTTP API (payload format 2.0) events to SCIM requests, and SCIM answers back.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SCIM_CONTENT_TYPE } from '../../core/scim/constants';
import type { ScimRequest, ScimResponse } from '../../core/scim/types';

/** The routes' common prefix. */
export const SCIM_PREFIX = '/scim/v2';

/** True for an HTTP API event (as opposed to the drain's schedule). */
export function isHttpEvent(event: unknown): event is APIGatewayProxyEventV2 {
  return typeof event === 'object' && event !== null && typeof (event as APIGatewayProxyEventV2).requestContext?.http?.method === 'string';
}

/**
 * The SCIM request of an event, or undefined when its path is not under `/scim/v2`. The base URL
 * keeps whatever precedes the prefix (a stage name, a custom domain's base path), and uses
 * `X-Forwarded-Proto` when present (the local server is plain http).
 */
export function toScimRequest(event: APIGatewayProxyEventV2): ScimRequest | undefined {
  const rawPath = event.rawPath ?? event.requestContext.http.path;
  const at = rawPath.indexOf(SCIM_PREFIX);
  const rest = at < 0 ? undefined : rawPath.slice(at + SCIM_PREFIX.length);
  if (rest === undefined || (rest !== '' && !rest.startsWith('/'))) return undefined;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const host = event.requestContext.domainName ?? headers.host ?? 'localhost';
  const proto = headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'https';
  const body = event.body === undefined ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.requestContext.http.method,
    path: rest,
    query: { ...(event.queryStringParameters ?? {}) },
    headers,
    body,
    baseUrl: `${proto}://${host}${rawPath.slice(0, at + SCIM_PREFIX.length)}`,
  };
}

/** The HTTP answer; every one is `application/scim+json`, 204 included. */
export function toHttpResult(response: ScimResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: { 'Content-Type': SCIM_CONTENT_TYPE, ...(response.headers ?? {}) },
    ...(response.body === undefined ? {} : { body: JSON.stringify(response.body) }),
  };
}

/** A short name of what was asked, for logs and metrics: `GET /Users/{id}` (never the query). */
export function routeName(request: ScimRequest): string {
  const [resource = '', id] = request.path.split('/').filter(Boolean);
  return `${request.method.toUpperCase()} /${resource}${id === undefined ? '' : '/{id}'}`;
}
