import type { WickrSeed, WickrUserState } from './types';

/** A security group as held: the seed's members plus the time it was created. */
export type StoredGroup = { id: string; name: string; isDefault: boolean; modified: number };

/** Ids given to seed users without one start above this (and above every explicit id). */
const FIRST_SEQUENTIAL_ID = 1001;
/** GetUsersCount's `remaining` is counted down from this when the seed gives no `maxUsers`. */
const DEFAULT_MAX_USERS = 500;

/**
 * The in-memory network: its groups and users, keyed by id. All mutation goes through here,
 * synchronously, so concurrent requests never interleave inside an update.
 */
export class NetworkStore {
  readonly networkId: string;
  readonly networkName: string;
  readonly region: string;
  readonly groups: StoredGroup[];
  /** Users the network takes before GetUsersCount's `remaining` reaches 0. */
  readonly maxUsers: number;
  private readonly users = new Map<string, WickrUserState>();
  private nextUserId: number;
  /** Listings computed since the last write (`create` and `update` drop them all). */
  private readonly listings = new Map<string, readonly WickrUserState[]>();

  constructor(seed: WickrSeed, nowSeconds: number) {
    this.networkId = seed.networkId;
    this.networkName = seed.networkName ?? 'Emulated network';
    this.region = seed.region ?? 'us-east-1';
    this.groups = seed.securityGroups.map((g) => ({ id: g.id, name: g.name, isDefault: g.isDefault ?? false, modified: nowSeconds }));
    const defaultGroup = this.groups.find((g) => g.isDefault)?.id;
    this.maxUsers = seed.maxUsers ?? DEFAULT_MAX_USERS;
    let next = Math.max(FIRST_SEQUENTIAL_ID - 1, ...seed.users.map((u) => Number(u.userId ?? 0))) + 1;
    for (const u of seed.users) {
      const userId = u.userId ?? String(next++);
      this.users.set(userId, {
        userId,
        username: u.username,
        firstName: u.firstName ?? '',
        lastName: u.lastName ?? '',
        securityGroupIds: u.securityGroupIds?.length ? [...u.securityGroupIds] : defaultGroup ? [defaultGroup] : [],
        suspended: u.suspended ?? false,
        status: u.status ?? 2,
        isAdmin: u.isAdmin ?? false,
        isInviteExpired: u.isInviteExpired ?? false,
        modified: nowSeconds,
      });
    }
    this.nextUserId = next;
  }

  /** Adds a pending user (status 1, invitation fresh) under the next free numeric id; the caller checked the username. */
  create(user: Pick<WickrUserState, 'username' | 'firstName' | 'lastName' | 'securityGroupIds'>, nowSeconds: number): WickrUserState {
    const userId = String(this.nextUserId++);
    const created: WickrUserState = { ...user, userId, suspended: false, status: 1, isAdmin: false, isInviteExpired: false, modified: nowSeconds };
    this.users.set(userId, created);
    this.listings.clear();
    return created;
  }

  /** The user with this id, or undefined. The object is live: change it only through `update`. */
  user(userId: string): WickrUserState | undefined {
    return this.users.get(userId);
  }

  /** Every user, in creation order. */
  allUsers(): WickrUserState[] {
    return [...this.users.values()];
  }

  /**
   * A filtered, sorted listing of the users, computed once per `key` while no user changes. A paged
   * ListUsers reads one page per request; filtering and sorting the whole network for each page made
   * a 100,000-user listing quadratic (1,000 pages × 100,000 users), which the reconcile benchmark measured as the emulator's time, not ours.
   */
  listing(key: string, compute: (users: WickrUserState[]) => WickrUserState[]): readonly WickrUserState[] {
    const cached = this.listings.get(key);
    if (cached) return cached;
    const items = compute(this.allUsers());
    // Many filtered lookups between two writes (one per first sight) must not pile up.
    if (this.listings.size >= 16) this.listings.clear();
    this.listings.set(key, items);
    return items;
  }

  /** The user whose username equals `username` ignoring case, if any. */
  userByUsername(username: string): WickrUserState | undefined {
    return this.usernameTakenBy(username, '');
  }

  /** The user other than `exceptUserId` whose username equals `username` ignoring case, if any. */
  usernameTakenBy(username: string, exceptUserId: string): WickrUserState | undefined {
    const key = username.toLowerCase();
    for (const u of this.users.values()) {
      if (u.userId !== exceptUserId && u.username.toLowerCase() === key) return u;
    }
    return undefined;
  }

  /** The group with this id, or undefined. */
  group(id: string): StoredGroup | undefined {
    return this.groups.find((g) => g.id === id);
  }

  /** Applies changes to a user and stamps `modified`; returns the updated user. */
  update(userId: string, changes: Partial<Omit<WickrUserState, 'userId' | 'modified'>>, nowSeconds: number): WickrUserState {
    const user = this.users.get(userId);
    if (!user) throw new Error(`no user ${userId}`);
    Object.assign(user, changes, { modified: nowSeconds });
    this.listings.clear();
    return user;
  }

  /** Removes a user (BatchDeleteUser); false when there was none. Ids are never reused. */
  delete(userId: string): boolean {
    const deleted = this.users.delete(userId);
    if (deleted) this.listings.clear();
    return deleted;
  }

  /** Active (status 2, not suspended) members of a group, as SecurityGroup.activeMembers counts them. */
  activeMembers(groupId: string): number {
    let n = 0;
    for (const u of this.users.values()) {
      if (u.status === 2 && !u.suspended && u.securityGroupIds.includes(groupId)) n++;
    }
    return n;
  }

  /** A deep copy of all users, for state reports. */
  snapshot(): WickrUserState[] {
    return this.allUsers().map((u) => ({ ...u, securityGroupIds: [...u.securityGroupIds] }));
  }
}
