import type { Operation } from './operations/context';
import { getNetwork, listSecurityGroups } from './operations/network';
import { batchCreateUser, batchDeleteUser, batchReinviteUser, getUsersCount } from './operations/provisioning';
import { batchToggleUserSuspendStatus } from './operations/suspend';
import { getUser, listUsers, updateUser } from './operations/users';

/** A matched route: the model's operation name, its decoded path labels, and the handler when emulated. */
export type RouteMatch = { name: string; params: Record<string, string>; operation?: Operation };

const EMULATED: Record<string, Operation> = {
  GetNetwork: getNetwork,
  ListSecurityGroups: listSecurityGroups,
  ListUsers: listUsers,
  UpdateUser: updateUser,
  GetUser: getUser,
  BatchToggleUserSuspendStatus: batchToggleUserSuspendStatus,
  BatchCreateUser: batchCreateUser,
  BatchReinviteUser: batchReinviteUser,
  BatchDeleteUser: batchDeleteUser,
  GetUsersCount: getUsersCount,
};

// Every operation of shared/wickr-model/service-2.json (method, requestUri, name), so that a call the emulator does not
// implement is named in the request counts and is not mistaken for another route (GET …/users/count is not GetUser).
const MODEL_ROUTES: [string, string, string][] = [
  ['POST', '/networks', 'CreateNetwork'],
  ['GET', '/networks', 'ListNetworks'],
  ['DELETE', '/networks/{networkId}', 'DeleteNetwork'],
  ['GET', '/networks/{networkId}', 'GetNetwork'],
  ['PATCH', '/networks/{networkId}', 'UpdateNetwork'],
  ['POST', '/networks/{networkId}/bots', 'CreateBot'],
  ['GET', '/networks/{networkId}/bots', 'ListBots'],
  ['GET', '/networks/{networkId}/bots/count', 'GetBotsCount'],
  ['DELETE', '/networks/{networkId}/bots/{botId}', 'DeleteBot'],
  ['GET', '/networks/{networkId}/bots/{botId}', 'GetBot'],
  ['PATCH', '/networks/{networkId}/bots/{botId}', 'UpdateBot'],
  ['POST', '/networks/{networkId}/data-retention-bots', 'CreateDataRetentionBot'],
  ['DELETE', '/networks/{networkId}/data-retention-bots', 'DeleteDataRetentionBot'],
  ['GET', '/networks/{networkId}/data-retention-bots', 'GetDataRetentionBot'],
  ['PATCH', '/networks/{networkId}/data-retention-bots', 'UpdateDataRetention'],
  ['POST', '/networks/{networkId}/data-retention-bots/challenge', 'CreateDataRetentionBotChallenge'],
  ['GET', '/networks/{networkId}/guest-users', 'ListGuestUsers'],
  ['GET', '/networks/{networkId}/guest-users/blocklist', 'ListBlockedGuestUsers'],
  ['GET', '/networks/{networkId}/guest-users/count', 'GetGuestUserHistoryCount'],
  ['PATCH', '/networks/{networkId}/guest-users/{usernameHash}', 'UpdateGuestUser'],
  ['GET', '/networks/{networkId}/oidc', 'GetOidcInfo'],
  ['POST', '/networks/{networkId}/oidc/save', 'RegisterOidcConfig'],
  ['POST', '/networks/{networkId}/oidc/test', 'RegisterOidcConfigTest'],
  ['POST', '/networks/{networkId}/security-groups', 'CreateSecurityGroup'],
  ['GET', '/networks/{networkId}/security-groups', 'ListSecurityGroups'],
  ['DELETE', '/networks/{networkId}/security-groups/{groupId}', 'DeleteSecurityGroup'],
  ['GET', '/networks/{networkId}/security-groups/{groupId}', 'GetSecurityGroup'],
  ['PATCH', '/networks/{networkId}/security-groups/{groupId}', 'UpdateSecurityGroup'],
  ['GET', '/networks/{networkId}/security-groups/{groupId}/users', 'ListSecurityGroupUsers'],
  ['GET', '/networks/{networkId}/settings', 'GetNetworkSettings'],
  ['PATCH', '/networks/{networkId}/settings', 'UpdateNetworkSettings'],
  ['GET', '/networks/{networkId}/tdf', 'GetOpentdfConfig'],
  ['POST', '/networks/{networkId}/tdf', 'RegisterOpentdfConfig'],
  ['POST', '/networks/{networkId}/users', 'BatchCreateUser'],
  ['GET', '/networks/{networkId}/users', 'ListUsers'],
  ['PATCH', '/networks/{networkId}/users', 'UpdateUser'],
  ['POST', '/networks/{networkId}/users/batch-delete', 'BatchDeleteUser'],
  ['GET', '/networks/{networkId}/users/count', 'GetUsersCount'],
  ['PATCH', '/networks/{networkId}/users/re-invite', 'BatchReinviteUser'],
  ['PATCH', '/networks/{networkId}/users/toggleSuspend', 'BatchToggleUserSuspendStatus'],
  ['POST', '/networks/{networkId}/users/uname-lookup', 'BatchLookupUserUname'],
  ['GET', '/networks/{networkId}/users/{userId}', 'GetUser'],
  ['PATCH', '/networks/{networkId}/users/{userId}/devices', 'BatchResetDevicesForUser'],
  ['GET', '/networks/{networkId}/users/{userId}/devices', 'ListDevicesForUser'],
];

type Segment = { literal: string } | { label: string };
type Route = { method: string; segments: Segment[]; literals: number; name: string };

const ROUTES: Route[] = MODEL_ROUTES.map(([method, uri, name]) => {
  const segments = uri
    .split('/')
    .filter(Boolean)
    .map((s): Segment => (s.startsWith('{') ? { label: s.slice(1, -1) } : { literal: s }));
  return { method, segments, name, literals: segments.filter((s) => 'literal' in s).length };
});

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Finds the model operation for a method and raw path. When several templates match, the one with more
 * literal segments wins, as in Smithy's HTTP binding conflict rules. Undefined when nothing matches.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath.split('/').filter(Boolean).map(decode);
  if (parts.some((p) => p === undefined || p === '')) return undefined;
  let best: { route: Route; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    if (best && best.route.literals >= route.literals) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((s, i) => {
      if ('literal' in s) return s.literal === parts[i];
      params[s.label] = parts[i]!;
      return true;
    });
    if (matches) best = { route, params };
  }
  return best && { name: best.route.name, params: best.params, operation: EMULATED[best.route.name] };
}
