/**
 * The emulator's in-memory directory, and how its records look on the wire (Okta's User and
 * Group objects, trimmed to what the SDK deserialises).
 */
import { parseOktaGroup, parseOktaUser, type OktaSeedGroup, type OktaSeedParsed, type OktaUserRecord } from './seed';

/** The users and groups being served. */
export type OktaStore = {
  /** By id, then by login (case-insensitive), then by unambiguous login short name, like Okta. */
  findUser(idOrLogin: string): OktaUserRecord | undefined;
  findGroup(id: string): OktaSeedGroup | undefined;
  groupsOf(user: OktaUserRecord): OktaSeedGroup[];
  membersOf(groupId: string): OktaUserRecord[];
  setUser(input: unknown): OktaUserRecord;
  setGroup(input: unknown): OktaSeedGroup;
  deleteUser(id: string): boolean;
  users(): OktaUserRecord[];
  groups(): OktaSeedGroup[];
  /**
   * A listing computed from the live records (sorted by id) once per `key` while nothing changes.
   * The list routes serve one page per request; re-copying, filtering and sorting 100,000 users for
   * each page made a whole listing quadratic, which the reconcile benchmark measured as the emulator's time.
   */
  listing<T extends { id: string }>(key: string, compute: (users: readonly OktaUserRecord[]) => T[]): readonly T[];
};

/** Builds a store from a parsed seed; records are copied, the seed is not kept. */
export function createOktaStore(seed: Pick<OktaSeedParsed, 'users' | 'groups'>): OktaStore {
  const users = new Map(seed.users.map((u) => [u.id, structuredClone(u)]));
  const groups = new Map(seed.groups.map((g) => [g.id, { ...g }]));
  // Listings computed since the last write; every write drops them all.
  const listings = new Map<string, readonly { id: string }[]>();
  const changed = <T>(result: T): T => {
    listings.clear();
    return result;
  };

  return {
    findUser(idOrLogin) {
      const byId = users.get(idOrLogin);
      if (byId) return byId;
      const wanted = idOrLogin.toLowerCase();
      const all = [...users.values()];
      const byLogin = all.find((u) => u.profile.login.toLowerCase() === wanted);
      if (byLogin) return byLogin;
      const byShortName = all.filter((u) => u.profile.login.toLowerCase().split('@')[0] === wanted);
      return byShortName.length === 1 ? byShortName[0] : undefined;
    },
    findGroup: (id) => groups.get(id),
    groupsOf: (user) => user.groupIds.flatMap((id) => groups.get(id) ?? []),
    membersOf: (groupId) => [...users.values()].filter((u) => u.groupIds.includes(groupId)),
    setUser(input) {
      const user = parseOktaUser(input, new Set(groups.keys()));
      const clash = [...users.values()].find((u) => u.id !== user.id && u.profile.login.toLowerCase() === user.profile.login.toLowerCase());
      if (clash) throw new Error(`login already used by user ${clash.id}`);
      users.set(user.id, user);
      return changed(user);
    },
    setGroup(input) {
      const group = parseOktaGroup(input);
      groups.set(group.id, group);
      return changed(group);
    },
    deleteUser: (id) => changed(users.delete(id)),
    users: () => [...users.values()].map((u) => structuredClone(u)),
    groups: () => [...groups.values()].map((g) => ({ ...g })),
    listing<T extends { id: string }>(key: string, compute: (all: readonly OktaUserRecord[]) => T[]): readonly T[] {
      const cached = listings.get(key);
      if (cached) return cached as readonly T[];
      const items = sortedById(compute([...users.values()]));
      listings.set(key, items);
      return items;
    },
  };
}

const SORTED = new WeakSet<readonly unknown[]>();
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sorts `items` by id in place and marks the array, so {@link pageOf} need not sort it again. */
function sortedById<T extends { id: string }>(items: T[]): readonly T[] {
  items.sort(byId);
  SORTED.add(items);
  return items;
}

/** Okta's User object. https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/ */
export function toOktaUser(user: OktaUserRecord, baseUrl: string, createdAt: string): Record<string, unknown> {
  return {
    id: user.id,
    status: user.status,
    created: createdAt,
    activated: user.status === 'STAGED' ? null : createdAt,
    statusChanged: createdAt,
    lastLogin: null,
    lastUpdated: createdAt,
    passwordChanged: null,
    type: { id: 'oty1emulator' },
    profile: {
      login: user.profile.login,
      email: user.profile.email ?? user.profile.login,
      firstName: user.profile.firstName ?? null,
      lastName: user.profile.lastName ?? null,
    },
    credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${baseUrl}/api/v1/users/${encodeURIComponent(user.id)}` } },
  };
}

/** Okta's Group object. https://developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/ */
export function toOktaGroup(group: OktaSeedGroup, baseUrl: string, createdAt: string): Record<string, unknown> {
  return {
    id: group.id,
    created: createdAt,
    lastUpdated: createdAt,
    lastMembershipUpdated: createdAt,
    objectClass: ['okta:user_group'],
    type: 'OKTA_GROUP',
    profile: { name: group.name, description: null },
    _links: { self: { href: `${baseUrl}/api/v1/groups/${encodeURIComponent(group.id)}` } },
  };
}

/**
 * One page of a list, Okta style: items in id order, `after` the id of the last item already seen.
 * Comparing ids (rather than finding the cursor's item) keeps a listing going when that item is
 * deleted or filtered out between two pages.
 */
export function pageOf<T extends { id: string }>(items: readonly T[], options: { limit: number; after?: string }): { items: T[]; nextAfter?: string } {
  const after = options.after;
  const sorted = SORTED.has(items) ? items : [...items].sort(byId);
  // The first item whose id sorts after the cursor (binary search: the list is sorted by id).
  let start = 0;
  if (after !== undefined) {
    let end = sorted.length;
    while (start < end) {
      const mid = (start + end) >>> 1;
      if (sorted[mid]!.id > after) end = mid;
      else start = mid + 1;
    }
  }
  const page = sorted.slice(start, start + options.limit);
  return { items: page, nextAfter: start + options.limit < sorted.length ? page[page.length - 1]?.id : undefined };
}
