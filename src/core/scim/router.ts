/**
 * One SCIM request to one answer: throttle, authenticate, check the body, route, and turn every
 * refusal into an RFC 7644 § 3.12 Error. Nothing is stored before all checks of the request pass.
 */
import { DependencyError } from '../errors';
import { SCIM_LIMITS, ScimSchema } from './constants';
import * as discovery from './discovery';
import { ScimConflictError, ScimError, ScimType, badRequest } from './errors';
import * as groups from './groups';
import type { ScimDeps } from './ports';
import type { TokenBucket } from './throttle';
import type { TokenVerifier } from './tokens';
import type { ScimRequest, ScimResponse } from './types';
import * as users from './users';

/** The use cases' dependencies plus the request gate. */
export type ScimApiDeps = ScimDeps & { readonly verifier: TokenVerifier; readonly throttle: TokenBucket };

/** The Error resource for a refusal (`status` is a string, as the RFC's schema has it). */
export function errorResponse(error: ScimError): ScimResponse {
  return {
    status: error.status,
    headers: error.headers,
    body: { schemas: [ScimSchema.error], status: String(error.status), ...(error.scimType ? { scimType: error.scimType } : {}), detail: error.message },
  };
}

/** Answers one request. Unexpected failures are logged (without the body) and answered 500. */
export async function handleScimRequest(deps: ScimApiDeps, request: ScimRequest): Promise<ScimResponse> {
  try {
    const slot = deps.throttle.take();
    if (!slot.ok) throw new ScimError(429, 'too many requests', { headers: { 'Retry-After': String(slot.retryAfterSeconds) } });
    if (!(await deps.verifier.verify(request.headers.authorization))) {
      throw new ScimError(401, 'a valid bearer token is required', { headers: { 'WWW-Authenticate': 'Bearer realm="scim"' } });
    }
    return await route(deps, request);
  } catch (error) {
    if (error instanceof ScimError) return errorResponse(error);
    if (error instanceof ScimConflictError) return errorResponse(new ScimError(503, 'the resource is being changed by other requests: retry', { headers: { 'Retry-After': '1' } }));
    if (error instanceof DependencyError && error.retryable) return errorResponse(new ScimError(503, 'a dependency is unavailable: retry', { headers: { 'Retry-After': '1' } }));
    deps.logger.error('ScimRequestFailed', { method: request.method, error: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : undefined });
    return errorResponse(new ScimError(500, 'internal error'));
  }
}

/** The JSON body of a write; 413 above the cap, 400 `invalidSyntax` when it does not parse. */
function jsonBody(request: ScimRequest): unknown {
  const text = request.body ?? '';
  if (Buffer.byteLength(text, 'utf8') > SCIM_LIMITS.maxBodyBytes) throw new ScimError(413, `the body exceeds ${SCIM_LIMITS.maxBodyBytes} bytes`);
  if (text.trim() === '') throw badRequest(ScimType.invalidSyntax, 'a JSON body is required');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(ScimType.invalidSyntax, 'the body is not valid JSON', error);
  }
}

const methodNotAllowed = (method: string) => new ScimError(405, `${method} is not supported here`);
const notImplemented = (what: string) => new ScimError(501, `${what} is not supported`);

async function route(deps: ScimDeps, request: ScimRequest): Promise<ScimResponse> {
  const method = request.method.toUpperCase();
  const [resource = '', id, ...rest] = request.path.split('/').filter(Boolean).map(decodeURIComponent);
  const base = request.baseUrl;
  if (rest.length > 0) throw new ScimError(404, 'no such endpoint');
  switch (resource.toLowerCase()) {
    case 'serviceproviderconfig':
      if (method !== 'GET') throw methodNotAllowed(method);
      return { status: 200, body: discovery.serviceProviderConfig(base) };
    case 'resourcetypes':
    case 'schemas': {
      if (method !== 'GET') throw methodNotAllowed(method);
      const types = resource.toLowerCase() === 'resourcetypes';
      if (id === undefined) return { status: 200, body: types ? discovery.resourceTypes(base) : discovery.schemas(base) };
      const found = types ? discovery.resourceType(id, base) : discovery.schema(id, base);
      if (!found) throw new ScimError(404, `${types ? 'resource type' : 'schema'} ${id} not found`);
      return { status: 200, body: found };
    }
    case 'users':
      if (id === undefined) {
        if (method === 'GET') return users.listUsers(deps, request);
        if (method === 'POST') return users.createUser(deps, request, jsonBody(request));
        throw methodNotAllowed(method);
      }
      if (method === 'GET') return users.getUser(deps, request, id);
      if (method === 'PUT') return users.replaceUser(deps, request, id, jsonBody(request));
      if (method === 'PATCH') return users.patchUser(deps, request, id, jsonBody(request));
      if (method === 'DELETE') return users.deleteUser(deps, id);
      throw methodNotAllowed(method);
    case 'groups':
      if (id === undefined) {
        if (method === 'GET') return groups.listGroups(deps, request);
        if (method === 'POST') return groups.createGroup(deps, request, jsonBody(request));
        throw methodNotAllowed(method);
      }
      if (method === 'GET') return groups.getGroup(deps, request, id);
      if (method === 'PUT') return groups.replaceGroup(deps, request, id, jsonBody(request));
      if (method === 'PATCH') return groups.patchGroup(deps, id, jsonBody(request));
      if (method === 'DELETE') return groups.deleteGroup(deps, id);
      throw methodNotAllowed(method);
    case 'bulk':
    case 'me':
    case '.search':
      throw notImplemented(`/${resource}`);
    default:
      throw new ScimError(404, 'no such endpoint');
  }
}
