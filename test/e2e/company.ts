/**
 * Builds e2e scenarios: a company whose users live in Okta, Identity Center or a generic relay,
 * a Wickr network holding them in a stale state, the directories' truth at the end, and the
 * events that tell the consumer to look. Deterministic for a given seed number.
 */
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';

/** A small deterministic PRNG (mulberry32), so a failing scenario can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shuffles a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Where a user lives: Okta, Identity Center, or an IdP behind the generic event. */
export type Kind = 'okta' | 'iic' | 'generic';
/** IdP group names; the mapping knows the first three, "Support" falls to the default group. */
export const GROUP_NAMES = ['Wickr Admins', 'Engineering', 'Sales', 'Support'] as const;
type GroupName = (typeof GROUP_NAMES)[number];
const SLUG: Record<GroupName, string> = { 'Wickr Admins': 'admins', Engineering: 'eng', Sales: 'sales', Support: 'support' };

/** The mapping of the e2e scenarios (Support is left to the default group). */
export const MAPPING = {
  networkId: '12345678',
  usernameAttribute: 'email',
  securityGroups: [
    { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
    { idpGroup: 'Engineering', securityGroupId: 'SGENG001' },
    { idpGroup: 'Sales', securityGroupId: 'SGSALES1' },
  ],
  defaultSecurityGroupId: 'SGDEFLT1',
  onNoMappedGroup: 'default',
  onDeactivate: 'suspend',
  onDelete: 'suspend',
};

/** One user: where they live, their Wickr id, the stale Wickr state and the IdP truth. */
export type PlannedUser = {
  readonly kind: Kind;
  readonly idpId: string;
  readonly wickrUserId: string;
  readonly email: string;
  readonly before: { firstName: string; lastName: string; securityGroupId: string };
  readonly truth: { firstName: string; lastName: string; active: boolean; groups: GroupName[] };
};

/** What Wickr must hold for a user at the end: the mapping applied to the IdP truth. */
export function expectedWickrUser(u: PlannedUser): { username: string; firstName: string; lastName: string; securityGroupIds: string[]; suspended: boolean } {
  const rule = MAPPING.securityGroups.find((r) => u.truth.groups.includes(r.idpGroup as GroupName));
  return { username: u.email, firstName: u.truth.firstName, lastName: u.truth.lastName, securityGroupIds: [rule?.securityGroupId ?? 'SGDEFLT1'], suspended: !u.truth.active };
}

/** True when Wickr must be written for this user (something differs before the events). */
export function needsWrite(u: PlannedUser): boolean {
  const want = expectedWickrUser(u);
  return want.firstName !== u.before.firstName || want.lastName !== u.before.lastName || want.securityGroupIds[0] !== u.before.securityGroupId || want.suspended;
}

/** Builds the users, deterministic in `random`. */
export function planUsers(counts: Record<Kind, number>, random: () => number): PlannedUser[] {
  const users: PlannedUser[] = [];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  let n = 0;
  for (const kind of ['okta', 'iic', 'generic'] as const) {
    for (let i = 0; i < counts[kind]; i += 1) {
      n += 1;
      const first = `${kind[0].toUpperCase()}user${n}`;
      const groups = GROUP_NAMES.filter(() => random() < 0.35);
      users.push({
        kind,
        idpId: kind === 'okta' ? `00u${kind}${n}` : kind === 'iic' ? `iic-user-${n}` : `ext-${n}`,
        wickrUserId: String(2000 + n),
        email: `user${n}@example.com`,
        before: { firstName: first, lastName: 'Before', securityGroupId: pick(['SGDEFLT1', 'SGSALES1']) },
        // Identity Store (and so moto) has no "disabled" state to seed: Identity Center users stay active.
        truth: { firstName: first, lastName: random() < 0.4 ? 'Renamed' : 'Before', active: kind === 'iic' || random() > 0.15, groups },
      });
    }
  }
  return users;
}

/** The seed: mapping, Wickr network (stale), Okta and Identity Center truth. */
export function seedFor(users: readonly PlannedUser[], wickr: Partial<ScenarioSeed['wickr']> = {}, mapping: object = MAPPING): ScenarioSeed {
  const okta = users.filter((u) => u.kind === 'okta');
  const iic = users.filter((u) => u.kind === 'iic');
  return {
    mapping: mapping as Record<string, unknown>,
    wickr: {
      networkId: '12345678',
      securityGroups: [
        { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
        { id: 'SGADMIN1', name: 'Admins' },
        { id: 'SGENG001', name: 'Engineering' },
        { id: 'SGSALES1', name: 'Sales' },
      ],
      users: users.map((u) => ({
        userId: u.wickrUserId,
        username: u.email,
        firstName: u.before.firstName,
        lastName: u.before.lastName,
        securityGroupIds: [u.before.securityGroupId],
        suspended: false,
      })),
      ...wickr,
    },
    okta: {
      groups: GROUP_NAMES.map((name) => ({ id: `00g${SLUG[name]}`, name })),
      users: okta.map((u) => ({
        id: u.idpId,
        status: u.truth.active ? 'ACTIVE' : 'DEPROVISIONED',
        profile: { login: u.email, email: u.email, firstName: u.truth.firstName, lastName: u.truth.lastName },
        groupIds: u.truth.groups.map((g) => `00g${SLUG[g]}`),
      })),
    },
    identityCenter: {
      identityStoreId: 'd-1234567890',
      groups: GROUP_NAMES.map((name) => ({ id: `iic-group-${SLUG[name]}`, displayName: name })),
      users: iic.map((u) => ({
        id: u.idpId,
        userName: u.email,
        email: u.email,
        givenName: u.truth.firstName,
        familyName: u.truth.lastName,
        active: true,
        groupIds: u.truth.groups.map((g) => `iic-group-${SLUG[g]}`),
      })),
    },
  };
}

const OKTA_SOURCE = 'aws.partner/okta.com/example-org/wickr-sync';
const at = (second: number): string => new Date(Date.UTC(2026, 10, 28, 10, 0, 0) + second * 1000).toISOString();

/** An Okta System Log event about `u` (one of the kinds the consumer acts on). */
export function oktaEvent(u: PlannedUser, uuid: string, second: number, eventType = 'group.user_membership.add'): ScenarioEvent {
  const group = u.truth.groups[0] ?? 'Support';
  return {
    version: '0',
    id: `env-${uuid}`,
    'detail-type': 'SystemLog',
    source: OKTA_SOURCE,
    time: `${at(second).slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventType,
      uuid,
      published: at(second),
      outcome: { result: 'SUCCESS', reason: null },
      displayMessage: eventType,
      severity: 'INFO',
      version: '0',
      actor: { id: '00uadmin', type: 'User', alternateId: 'admin@example.com', displayName: 'Admin' },
      target: [
        { id: u.idpId, type: 'User', alternateId: u.email, displayName: u.truth.firstName },
        ...(eventType.startsWith('group.') ? [{ id: `00g${SLUG[group]}`, type: 'UserGroup', alternateId: 'unknown', displayName: group }] : []),
      ],
    },
  };
}

/** An Identity Center CloudTrail event about `u`, with symbolic ids (the stack swaps in moto's). */
export function iicEvent(u: PlannedUser, eventID: string, second: number, eventName: 'CreateGroupMembership' | 'UpdateUser' = 'CreateGroupMembership'): ScenarioEvent {
  const group = u.truth.groups[0] ?? 'Support';
  const requestParameters =
    eventName === 'UpdateUser'
      ? { identityStoreId: 'd-1234567890', userId: u.idpId, operations: [{ attributePath: 'name.familyName', attributeValue: 'HIDDEN_DUE_TO_SECURITY_REASONS' }] }
      : { identityStoreId: 'd-1234567890', groupId: `iic-group-${SLUG[group]}`, memberId: { userId: u.idpId } };
  return {
    version: '0',
    id: `env-${eventID}`,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.identitystore',
    time: `${at(second).slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.11',
      eventTime: `${at(second).slice(0, 19)}Z`,
      eventSource: 'identitystore.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      requestParameters,
      responseElements: eventName === 'CreateGroupMembership' ? { membershipId: `m-${eventID}`, identityStoreId: 'd-1234567890' } : null,
      eventID,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
    },
  };
}

/** A generic IdentityUserState event carrying `u`'s whole truth. */
export function genericEvent(u: PlannedUser, eventId: string, second: number): ScenarioEvent {
  return {
    version: '0',
    id: `env-${eventId}`,
    'detail-type': 'IdentityUserState',
    source: 'wickr-idp-sync.generic',
    time: `${at(second).slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [],
    detail: {
      eventId,
      occurredAt: `${at(second).slice(0, 19)}Z`,
      user: {
        externalId: u.idpId,
        email: u.email,
        firstName: u.truth.firstName,
        lastName: u.truth.lastName,
        active: u.truth.active,
        groups: u.truth.groups.map((g) => ({ id: `g-${SLUG[g]}`, name: g })),
      },
    },
  };
}

/** `count` events about `u` with distinct IdP ids (a trigger per event; generic ones all carry the truth). */
export function eventsFor(u: PlannedUser, count: number, prefix: string, random: () => number): ScenarioEvent[] {
  const out: ScenarioEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `${prefix}-${u.idpId}-${i}`;
    const second = Math.floor(random() * 3600);
    if (u.kind === 'okta') {
      const types = u.truth.active ? ['group.user_membership.add', 'group.user_membership.remove', 'user.account.update_profile'] : ['user.lifecycle.deactivate', 'group.user_membership.remove'];
      out.push(oktaEvent(u, id, second, types[i % types.length]));
    } else if (u.kind === 'iic') out.push(iicEvent(u, id, second, i % 2 === 0 ? 'CreateGroupMembership' : 'UpdateUser'));
    else out.push(genericEvent(u, id, second));
  }
  return out;
}
