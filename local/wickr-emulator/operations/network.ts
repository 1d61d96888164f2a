import { assertValid, type ErrorReason } from '../errors';
import { paginate } from '../paging';
import { maxResults, requireNetwork, single, sortBy, sortSpec } from '../params';
import { ok, type Operation } from './context';

// The account every emulated network belongs to (GetNetworkResponse requires one).
const ACCOUNT_ID = '123456789012';
const GROUP_SORT_FIELDS = ['id', 'name'] as const;

// SecurityGroup requires securityGroupSettings; these are plausible defaults (every member is optional in the model).
const DEFAULT_SETTINGS = {
  alwaysReauthenticate: false,
  checkForUpdates: true,
  enableAtak: false,
  enableCrashReports: true,
  enableFileDownload: true,
  enableGuestFederation: false,
  enableNotificationPreview: true,
  filesEnabled: true,
  forceReadReceipts: false,
  globalFederation: false,
  isLinkPreviewEnabled: true,
  locationEnabled: true,
  maxBor: 0,
  maxTtl: 31_536_000,
  messageForwardingEnabled: true,
  presenceEnabled: true,
  federationMode: 0,
  lockoutThreshold: 0,
};

/** GetNetwork: GET /networks/{networkId}; the model's required members with fixed account and access level. */
export const getNetwork: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const { networkId, networkName, region } = ctx.store;
  return ok({
    networkId,
    networkName,
    accessLevel: 'PREMIUM',
    awsAccountId: ACCOUNT_ID,
    networkArn: `arn:aws:wickr:${region}:${ACCOUNT_ID}:network/${networkId}`,
    standing: 0,
    migrationState: 0,
  });
};

/** ListSecurityGroups: GET /networks/{networkId}/security-groups, paged like ListUsers, sortable by id or name. */
export const listSecurityGroups: Operation = (ctx) => {
  requireNetwork(ctx.store, ctx.params.networkId!);
  const reasons: ErrorReason[] = [];
  const limit = maxResults(ctx.query, reasons);
  const sort = sortSpec(ctx.query, GROUP_SORT_FIELDS, reasons);
  const nextToken = single(ctx.query, 'nextToken', reasons);
  assertValid(reasons);
  const sorted = sortBy(ctx.store.groups, sort, (g, f) => (f === 'id' ? g.id : g.name.toLowerCase()));
  const { page, nextToken: next } = paginate(sorted, { nextToken, maxResults: limit, fingerprint: JSON.stringify({ sort }), tokens: ctx.pageTokens });
  const securityGroups = page.map((g) => ({
    activeMembers: ctx.store.activeMembers(g.id),
    botMembers: 0,
    id: g.id,
    isDefault: g.isDefault,
    name: g.name,
    modified: g.modified,
    securityGroupSettings: { ...DEFAULT_SETTINGS },
  }));
  return ok(next ? { securityGroups, nextToken: next } : { securityGroups });
};
