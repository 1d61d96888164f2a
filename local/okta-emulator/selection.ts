/**
 * Which users and groups the list routes return, as Okta decides it:
 * `GET /api/v1/users` leaves out DEPROVISIONED users unless `filter` or `search` asks for them;
 * `q` is a case-insensitive prefix match (users: first name, last name, email; groups: name).
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers
 * https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/#tag/Group/operation/listGroups
 */
import { parseExpression, UnsupportedExpressionError } from './query';
import type { OktaSeedGroup, OktaUserRecord } from './seed';

const USER_ATTRIBUTES = ['status', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'] as const;
const GROUP_ATTRIBUTES = ['id', 'profile.name', 'type'] as const;

/** The users `GET /api/v1/users` answers with for these query parameters. */
export function selectUsers(users: readonly OktaUserRecord[], params: URLSearchParams): OktaUserRecord[] {
  const expression = oneExpression(params);
  if (expression !== undefined) return users.filter(parseExpression(expression, readUser, USER_ATTRIBUTES));
  const listed = users.filter((u) => u.status !== 'DEPROVISIONED');
  const q = params.get('q')?.toLowerCase();
  if (!q) return listed;
  return listed.filter((u) => [u.profile.firstName, u.profile.lastName, u.profile.email ?? u.profile.login].some((v) => v?.toLowerCase().startsWith(q)));
}

/** The groups `GET /api/v1/groups` answers with for these query parameters. */
export function selectGroups(groups: readonly OktaSeedGroup[], params: URLSearchParams): OktaSeedGroup[] {
  const expression = oneExpression(params);
  const matching = expression === undefined ? groups : groups.filter(parseExpression(expression, readGroup, GROUP_ATTRIBUTES));
  const q = params.get('q')?.toLowerCase();
  return q ? matching.filter((g) => g.name.toLowerCase().startsWith(q)) : [...matching];
}

function oneExpression(params: URLSearchParams): string | undefined {
  const filter = params.get('filter');
  const search = params.get('search');
  if (filter !== null && search !== null) throw new UnsupportedExpressionError('filter and search together');
  return filter ?? search ?? undefined;
}

function readUser(user: OktaUserRecord, attribute: string): string | undefined {
  if (attribute === 'status') return user.status;
  if (attribute === 'id') return user.id;
  const field = attribute.slice('profile.'.length) as keyof OktaUserRecord['profile'];
  return user.profile[field] ?? undefined;
}

function readGroup(group: OktaSeedGroup, attribute: string): string | undefined {
  if (attribute === 'id') return group.id;
  if (attribute === 'profile.name') return group.name;
  return 'OKTA_GROUP';
}
