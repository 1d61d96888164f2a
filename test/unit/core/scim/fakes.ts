/** In-memory fakes of the SCIM ports, with the store's conditions, for unit tests of core/scim. */
import { ScimConflictError } from '../../../../src/core/scim/errors';
import type { ScimDeps, ScimPublisher, ScimStore } from '../../../../src/core/scim/ports';
import { TokenBucket } from '../../../../src/core/scim/throttle';
import { type TokenRecord, type TokenStore, TokenVerifier, storeToken } from '../../../../src/core/scim/tokens';
import type { OutboxEntry, ScimRequest, ScimWrite, StoredGroup, StoredUser } from '../../../../src/core/scim/types';
import type { ScimApiDeps } from '../../../../src/core/scim/router';

/** The store in maps; `commit` checks versions and names as the DynamoDB transaction does. */
export class FakeScimStore implements ScimStore {
  public readonly users = new Map<string, StoredUser>();
  public readonly groups = new Map<string, StoredGroup>();
  public readonly userNames = new Map<string, string>();
  public readonly displayNames = new Map<string, string>();
  public readonly members = new Map<string, Set<string>>();
  public readonly outbox = new Map<string, OutboxEntry>();
  public readonly commits: ScimWrite[] = [];
  /** Errors thrown by the next commits, in order. */
  public failCommits: unknown[] = [];

  public async getUser(id: string) {
    return this.users.get(id);
  }
  public async findUserIdByNameKey(key: string) {
    return this.userNames.get(key);
  }
  public async listUsers() {
    return [...this.users.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  public async existingUserIds(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.users.has(id)));
  }
  public async getGroup(id: string) {
    return this.groups.get(id);
  }
  public async findGroupIdByNameKey(key: string) {
    return this.displayNames.get(key);
  }
  public async listGroups() {
    return [...this.groups.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  public async reserveGroupVersion(groupId: string, lastModified: string) {
    const group = this.groups.get(groupId);
    if (!group) return undefined;
    this.groups.set(groupId, { ...group, version: group.version + 1, lastModified });
    return group.version + 1;
  }
  public async listMembers(groupId: string) {
    return [...(this.members.get(groupId) ?? [])].sort();
  }
  public async listGroupsOf(userId: string) {
    return [...this.members.entries()].filter(([, m]) => m.has(userId)).map(([g]) => g);
  }
  public async listOutbox(limit: number) {
    return [...this.outbox.values()].slice(0, limit);
  }
  public async deleteOutbox(eventId: string) {
    this.outbox.delete(eventId);
  }

  public async commit(write: ScimWrite): Promise<void> {
    const failure = this.failCommits.shift();
    if (failure) throw failure;
    if (write.kind === 'changeMembers') {
      this.commits.push(write);
      this.outbox.set(write.outbox.eventId, write.outbox);
      const set = this.members.get(write.groupId) ?? new Set<string>();
      for (const u of write.addMembers) set.add(u);
      for (const u of write.removeMembers) set.delete(u);
      this.members.set(write.groupId, set);
      return;
    }
    const names = write.kind === 'putUser' || write.kind === 'deleteUser' ? this.userNames : this.displayNames;
    const resources: Map<string, { version: number }> = write.kind === 'putUser' || write.kind === 'deleteUser' ? this.users : this.groups;
    const id = write.kind === 'putUser' ? write.user.id : write.kind === 'putGroup' ? write.group.id : write.id;
    const current = resources.get(id);
    if (write.expectedVersion === undefined ? current !== undefined : current?.version !== write.expectedVersion) throw new ScimConflictError('version', 'version');
    if ((write.kind === 'putUser' || write.kind === 'putGroup') && (write.expectedVersion === undefined || write.oldNameKey)) {
      const owner = names.get(write.nameKey);
      if (owner !== undefined && owner !== id) throw new ScimConflictError('uniqueness', 'taken');
    }
    this.commits.push(write);
    this.outbox.set(write.outbox.eventId, write.outbox);
    switch (write.kind) {
      case 'putUser':
        this.users.set(id, write.user);
        if (write.oldNameKey) names.delete(write.oldNameKey);
        names.set(write.nameKey, id);
        return;
      case 'deleteUser':
        this.users.delete(id);
        names.delete(write.nameKey);
        for (const g of write.groupIds) this.members.get(g)?.delete(id);
        return;
      case 'putGroup': {
        this.groups.set(id, write.group);
        if (write.oldNameKey) names.delete(write.oldNameKey);
        names.set(write.nameKey, id);
        const set = this.members.get(id) ?? new Set<string>();
        for (const u of write.addMembers) set.add(u);
        for (const u of write.removeMembers) set.delete(u);
        this.members.set(id, set);
        return;
      }
      case 'deleteGroup':
        this.groups.delete(id);
        names.delete(write.nameKey);
        this.members.delete(id);
        return;
    }
  }
}

/** Records what is published; `failNext` makes the next calls throw or refuse entries. */
export class FakePublisher implements ScimPublisher {
  public readonly published: OutboxEntry[] = [];
  public failNext: ('throw' | 'refuse')[] = [];

  public async publish(entries: readonly OutboxEntry[]) {
    const failure = this.failNext.shift();
    if (failure === 'throw') throw new Error('PutEvents failed');
    if (failure === 'refuse') return { failed: entries.map((e) => e.eventId) };
    this.published.push(...entries);
    return { failed: [] };
  }
}

/** Token records in a map. */
export class FakeTokenStore implements TokenStore {
  public readonly records = new Map<string, TokenRecord>();
  public reads = 0;
  public async listTokens() {
    this.reads++;
    return [...this.records.values()];
  }
  public async putToken(record: TokenRecord) {
    this.records.set(record.id, record);
  }
  public async deleteToken(id: string) {
    return this.records.delete(id);
  }
}

/** The token every {@link scimWorld} accepts. */
export const TOKEN = 'test-token-0123456789abcdef';

/** A whole SCIM API over fakes, with a fixed clock and sequential ids. */
export async function scimWorld(options: { now?: number } = {}) {
  const store = new FakeScimStore();
  const publisher = new FakePublisher();
  const tokens = new FakeTokenStore();
  const clock = { t: options.now ?? Date.parse('2026-12-06T12:00:00Z'), now: () => clock.t };
  await storeToken(tokens, TOKEN, { now: clock.t, id: 'tok1' });
  let next = 0;
  const logs: { message: string; extra?: Record<string, unknown> }[] = [];
  const log = (message: string, extra?: Record<string, unknown>) => logs.push({ message, extra });
  const deps: ScimApiDeps & ScimDeps = {
    store,
    publisher,
    clock,
    newId: () => `id-${String(++next).padStart(4, '0')}`,
    random: () => 0.5,
    sleep: async () => {},
    logger: { debug: log, info: log, warn: log, error: log },
    verifier: new TokenVerifier({ store: tokens, now: clock.now, cacheMs: 60_000 }),
    throttle: new TokenBucket({ ratePerSecond: 1000, burst: 1000, now: clock.now }),
  };
  return { deps, store, publisher, tokens, clock, logs };
}

/** A request with the world's token. */
export function req(method: string, path: string, options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> } = {}): ScimRequest {
  return {
    method,
    path,
    query: options.query ?? {},
    headers: { authorization: `Bearer ${TOKEN}`, ...(options.headers ?? {}) },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    baseUrl: 'https://scim.example.com/scim/v2',
  };
}
