import { waitUntilSettled } from '../../local/stack/run';
import type { ReportUser } from '../../local/stack/report';
import type { LocalStack } from '../../local/stack/stack';

/** A SCIM answer: status and parsed body (204 and empty answers: undefined). */
export type ScimAnswer = { readonly status: number; readonly body: Record<string, unknown> | undefined };

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/**
 * An IdP's side of the conversation: requests to the local SCIM endpoint with the bearer token,
 * `query` appended to every path (Entra's `aadOptscim062020` flag rides on the Tenant URL).
 */
export function scimClient(baseUrl: string, token: string, query = '') {
  const request = async (method: string, path: string, body?: unknown): Promise<ScimAnswer> => {
    const [route, search = ''] = path.split('?');
    const params = [search, query].filter(Boolean).join('&');
    const response = await fetch(`${baseUrl}${route}${params ? `?${params}` : ''}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return {
    request,
    get: (path: string) => request('GET', path),
    post: (path: string, body: unknown) => request('POST', path, body),
    put: (path: string, body: unknown) => request('PUT', path, body),
    patch: (path: string, operations: unknown[]) => request('PATCH', path, { schemas: [PATCH_OP], Operations: operations }),
    delete: (path: string) => request('DELETE', path),
    /** `GET <resource>?filter=<attribute> eq "<value>"`, URL-encoded as IdPs send it. */
    filter: (resource: string, expression: string, extra = '') => request('GET', `${resource}?filter=${encodeURIComponent(expression)}${extra}`),
  };
}
export type ScimClient = ReturnType<typeof scimClient>;

/** Waits until the events of the requests so far have been applied, then reads Wickr's users. */
export async function settledWickrUsers(stack: LocalStack): Promise<ReportUser[]> {
  // The endpoint has published before it answered, and moto's EventBridge puts on the queue within PutEvents.
  await waitUntilSettled(stack, 90_000);
  return stack.wickr.state().users as ReportUser[];
}

/** The Wickr user with this username (case-insensitive), if any. */
export const wickrUser = (users: readonly ReportUser[], username: string): ReportUser | undefined => users.find((u) => u.username.toLowerCase() === username.toLowerCase());

/** A SCIM user as Entra and Okta create it. */
export function scimUser(userName: string, givenName: string, familyName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    userName,
    active: true,
    name: { givenName, familyName },
    emails: [{ value: userName, type: 'work', primary: true }],
    ...extra,
  };
}
