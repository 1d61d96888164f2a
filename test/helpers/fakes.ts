/** In-memory fakes of the core ports, for unit tests of core. */
import { DependencyError } from '../../src/core/errors';
import type {
  DeadLetter,
  DirectoryLister,
  DirectoryPort,
  Logger,
  MembersPage,
  Page,
  QueuePort,
  StateStore,
  UserEnd,
  UserLink,
  UserState,
  WickrListPort,
  WickrPort,
  WickrProvisioningPort,
} from '../../src/core/ports';
import type { ContinuationPort, ReconcileStore, RunRecord, StoredLink, SuspensionEntry } from '../../src/core/reconcile';
import type { CreateUserResult, DeleteResult, DirectoryUser, IdpGroup, IdpSource, NewWickrUser, ReinviteResult, UserDetailsChange, UsersCount, WickrUser } from '../../src/core/types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };

/** A Wickr network in memory; `failNext` queues errors for the next calls. */
export class FakeWickr implements WickrPort {
  public readonly users = new Map<string, Mutable<WickrUser>>();
  public readonly writes: { op: 'update' | 'suspend'; userId: string; details?: UserDetailsChange; suspend?: boolean; token?: string }[] = [];
  public reads = 0;
  public failNext: unknown[] = [];

  public constructor(users: WickrUser[] = []) {
    for (const u of users) this.users.set(u.userId, { ...u, securityGroupIds: [...u.securityGroupIds] });
  }

  #maybeFail(): void {
    const next = this.failNext.shift();
    if (next) throw next;
  }

  public async getUser(userId: string): Promise<WickrUser | null> {
    this.reads += 1;
    this.#maybeFail();
    const u = this.users.get(userId);
    return u ? { ...u, securityGroupIds: [...u.securityGroupIds] } : null;
  }

  public async findUserByUsername(username: string): Promise<WickrUser | null> {
    this.reads += 1;
    this.#maybeFail();
    const u = [...this.users.values()].find((x) => x.username.toLowerCase() === username.toLowerCase());
    return u ? { ...u, securityGroupIds: [...u.securityGroupIds] } : null;
  }

  public async updateUser(userId: string, details: UserDetailsChange): Promise<void> {
    this.#maybeFail();
    const u = this.users.get(userId);
    if (!u) throw new DependencyError('User not found.', { dependency: 'wickr', kind: 'NOT_FOUND', code: 'ResourceNotFoundError' });
    this.writes.push({ op: 'update', userId, details });
    Object.assign(u, { ...details, securityGroupIds: details.securityGroupIds ? [...details.securityGroupIds] : u.securityGroupIds });
  }

  public async setSuspended(userId: string, suspend: boolean, token: string): Promise<void> {
    this.#maybeFail();
    const u = this.users.get(userId);
    if (!u) throw new DependencyError('User not found', { dependency: 'wickr', kind: 'INVALID' });
    this.writes.push({ op: 'suspend', userId, suspend, token });
    u.suspended = suspend;
  }
}

/** A directory in memory. */
export class FakeDirectory implements DirectoryPort {
  public readonly users = new Map<string, DirectoryUser>();
  public reads = 0;
  public failNext: unknown[] = [];
  public constructor(
    public readonly source: IdpSource,
    users: DirectoryUser[] = [],
  ) {
    for (const u of users) this.users.set(u.idpUserId, u);
  }
  public async getUser(idpUserId: string): Promise<DirectoryUser | null> {
    this.reads += 1;
    const next = this.failNext.shift();
    if (next) throw next;
    return this.users.get(idpUserId) ?? null;
  }
  public async listGroupMemberIds(idpGroupId: string): Promise<string[]> {
    return [...this.users.values()].filter((u) => u.groups.some((g) => g.id === idpGroupId)).map((u) => u.idpUserId);
  }
}

/** The state store in memory, with a controllable clock. */
export class FakeStore implements StateStore {
  public readonly processed = new Set<string>();
  public readonly leases = new Map<string, { owner: string; until: number }>();
  public readonly links = new Map<string, UserLink>();
  public readonly memberships = new Map<string, string>();
  public readonly groups = new Map<string, Set<string>>();
  public now = 1_000_000;
  public failNext: unknown[] = [];

  #maybeFail(): void {
    const next = this.failNext.shift();
    if (next) throw next;
  }
  public async isProcessed(k: string): Promise<boolean> {
    this.#maybeFail();
    return this.processed.has(k);
  }
  public async markProcessed(k: string): Promise<void> {
    this.#maybeFail();
    this.processed.add(k);
  }
  public async acquireLease(k: string, owner: string, ms: number): Promise<boolean> {
    this.#maybeFail();
    const held = this.leases.get(k);
    if (held && held.owner !== owner && held.until >= this.now) return false;
    this.leases.set(k, { owner, until: this.now + ms });
    return true;
  }
  public async releaseLease(k: string, owner: string): Promise<void> {
    if (this.leases.get(k)?.owner === owner) this.leases.delete(k);
  }
  /** Same lease and marks as acquireLease/isProcessed, as the DynamoDB item keeps them together. */
  public async beginUser(k: string, owner: string, ms: number, eventKeys: readonly string[]): Promise<(UserState & { leaseTaken: boolean }) | null> {
    this.#maybeFail();
    const processed = new Set(eventKeys.filter((e) => this.processed.has(e)));
    if (eventKeys.length > 0 && processed.size === eventKeys.length) return { link: this.links.get(k) ?? null, processed, leaseTaken: false };
    const held = this.leases.get(k);
    if (held && held.owner !== owner && held.until >= this.now) return null;
    this.leases.set(k, { owner, until: this.now + ms });
    return { link: this.links.get(k) ?? null, processed, leaseTaken: true };
  }
  public async readUser(k: string, eventKeys: readonly string[]): Promise<UserState> {
    this.#maybeFail();
    return { link: this.links.get(k) ?? null, processed: new Set(eventKeys.filter((e) => this.processed.has(e))) };
  }
  /** Writes done by endUser, in order (one per call). */
  public readonly ends: { key: string; end: UserEnd }[] = [];
  public async endUser(k: string, owner: string, _begun: UserState, end: UserEnd): Promise<void> {
    this.#maybeFail();
    if (this.leases.get(k)?.owner !== owner) throw new Error(`lease of ${k} not held by ${owner}`);
    this.ends.push({ key: k, end });
    for (const e of end.processed) this.processed.add(e);
    if (end.link === null) this.links.delete(k);
    else if (end.link) this.links.set(k, end.link);
    this.leases.delete(k);
  }
  public async getLink(k: string): Promise<UserLink | null> {
    this.#maybeFail();
    return this.links.get(k) ?? null;
  }
  public async putLink(k: string, link: UserLink): Promise<void> {
    this.#maybeFail();
    this.links.set(k, link);
  }
  public async deleteLink(k: string): Promise<void> {
    this.links.delete(k);
  }
  public readonly owners = new Map<string, IdpSource>();
  public async getWickrOwner(id: string): Promise<IdpSource | null> {
    this.#maybeFail();
    return this.owners.get(id) ?? null;
  }
  public async claimWickrOwner(id: string, source: IdpSource): Promise<IdpSource> {
    this.#maybeFail();
    if (!this.owners.has(id)) this.owners.set(id, source);
    return this.owners.get(id) as IdpSource;
  }
  public async getMembershipUser(id: string): Promise<string | null> {
    return this.memberships.get(id) ?? null;
  }
  public async putMembershipUser(id: string, user: string): Promise<void> {
    this.memberships.set(id, user);
  }
  public async listGroupUserKeys(g: string): Promise<string[]> {
    return [...(this.groups.get(g) ?? [])];
  }
  /** Errors thrown by the next group-member writes, one per call. */
  public failGroupWrites: unknown[] = [];
  public async moveGroupMember(userKey: string, joined: readonly string[], left: readonly string[]): Promise<void> {
    const failure = this.failGroupWrites.shift();
    if (failure) throw failure;
    for (const g of joined) this.groups.set(g, new Set([...(this.groups.get(g) ?? []), userKey]));
    for (const g of left) this.groups.get(g)?.delete(userKey);
  }
}

/** The queues in memory. */
export class FakeQueue implements QueuePort {
  public readonly deadLetters: DeadLetter[] = [];
  public readonly delays: { receiptHandle: string; delaySeconds: number }[] = [];
  public failDeadLetter = false;
  public async sendToDeadLetter(letter: DeadLetter): Promise<void> {
    if (this.failDeadLetter) throw new DependencyError('SQS down', { dependency: 'queue', kind: 'TRANSIENT' });
    this.deadLetters.push(letter);
  }
  public async delayRetry(entries: readonly { receiptHandle: string; delaySeconds: number }[]): Promise<void> {
    this.delays.push(...entries);
  }
  public readonly sent: { body: string; delaySeconds?: number }[] = [];
  public failSend = false;
  public async sendMessages(messages: readonly { body: string; delaySeconds?: number }[]): Promise<void> {
    if (this.failSend) throw new DependencyError('SQS down', { dependency: 'queue', kind: 'TRANSIENT' });
    this.sent.push(...messages);
  }
}

/** A logger that keeps its lines. */
export class MemoryLogger implements Logger {
  public readonly lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  public debug(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', message, extra });
  }
  public info(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, extra });
  }
  public warn(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  public error(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, extra });
  }
}

// ——— Reconcile: listers, the run store and continuations in memory ———

/** Pages `items` by `pageSize`, cursors being the next offset. */
function pageOf<T>(items: readonly T[], cursor: string | undefined, pageSize: number): Page<T> {
  const start = cursor === undefined ? 0 : Number(cursor);
  const end = start + pageSize;
  return { items: items.slice(start, end), ...(end < items.length && { cursor: String(end) }) };
}

/** ListUsers over a FakeWickr's users (so a test sees the consumer's writes in the next run). */
export class FakeWickrList implements WickrListPort {
  public pages = 0;
  public failNext: unknown[] = [];
  public constructor(
    private readonly wickr: FakeWickr,
    private readonly pageSize = 100,
  ) {}
  public async listUsersPage(cursor?: string): Promise<Page<WickrUser>> {
    this.pages += 1;
    const next = this.failNext.shift();
    if (next) throw next;
    return pageOf(
      [...this.wickr.users.values()].map((u) => ({ ...u, securityGroupIds: [...u.securityGroupIds] })),
      cursor,
      this.pageSize,
    );
  }
}

/** A directory lister over a FakeDirectory's users and their groups. */
export class FakeLister implements DirectoryLister {
  public pages = 0;
  public failNext: unknown[] = [];
  public constructor(
    private readonly directory: FakeDirectory,
    private readonly pageSize = 200,
  ) {}
  public get source(): IdpSource {
    return this.directory.source;
  }
  #maybeFail(): void {
    this.pages += 1;
    const next = this.failNext.shift();
    if (next) throw next;
  }
  public async resolveGroups(refs: readonly string[]): Promise<IdpGroup[]> {
    this.#maybeFail();
    const all = new Map<string, IdpGroup>();
    for (const u of this.directory.users.values()) for (const g of u.groups) all.set(g.id, g);
    return [...all.values()].filter((g) => refs.some((r) => r === g.id || (g.name !== undefined && g.name.toLowerCase() === r.toLowerCase())));
  }
  public async listUsersPage(cursor?: string): Promise<Page<DirectoryUser>> {
    this.#maybeFail();
    return pageOf(
      [...this.directory.users.values()].map((u) => ({ ...u, groups: [] })),
      cursor,
      this.pageSize,
    );
  }
  /** Identity Center listers name each membership: `m-<groupId>-<userId>`. */
  public async listGroupMembersPage(groupId: string, cursor?: string): Promise<MembersPage> {
    this.#maybeFail();
    const page = pageOf(await this.directory.listGroupMemberIds(groupId), cursor, this.pageSize);
    return this.source === 'identity-center' ? { ...page, membershipIds: page.items.map((id) => `m-${groupId}-${id}`) } : page;
  }
}

/** The reconcile's run record, chunks and links in memory; links are shared with a FakeStore. */
export class FakeReconcileStore implements ReconcileStore {
  public run: RunRecord | null = null;
  public readonly chunks = new Map<string, unknown[]>();
  public putRuns = 0;
  public constructor(
    private readonly state: FakeStore = new FakeStore(),
    private readonly linkPageSize = 500,
  ) {}
  public async getRun(): Promise<RunRecord | null> {
    return this.run === null ? null : structuredClone(this.run);
  }
  public async putRun(run: RunRecord, expectedVersion: number | null): Promise<boolean> {
    if ((this.run?.version ?? null) !== expectedVersion) return false;
    this.putRuns += 1;
    this.run = structuredClone(run);
    return true;
  }
  public async putChunk(runId: string, stream: string, index: number, items: readonly unknown[]): Promise<void> {
    this.chunks.set(`${runId}|${stream}|${index}`, structuredClone([...items]));
  }
  public async getChunk(runId: string, stream: string, index: number): Promise<unknown[]> {
    const chunk = this.chunks.get(`${runId}|${stream}|${index}`);
    if (!chunk) throw new Error(`missing chunk ${stream}#${index}`);
    return structuredClone(chunk);
  }
  public async listLinksPage(cursor?: string): Promise<Page<StoredLink>> {
    const links = [...this.state.links.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([userKey, l]) => ({ userKey, wickrUserId: l.wickrUserId }));
    return pageOf(links, cursor, this.linkPageSize);
  }
  public async readSuspensions(userKeys: readonly string[]): Promise<SuspensionEntry[]> {
    return userKeys.flatMap((userKey) => {
      const l = this.state.links.get(userKey);
      return l?.suspendedAt && l.suspendedFor ? [{ userKey, suspendedAt: Date.parse(l.suspendedAt), suspendedFor: l.suspendedFor }] : [];
    });
  }
  public async putLinks(links: readonly StoredLink[]): Promise<void> {
    for (const l of links) this.state.links.set(l.userKey, { ...this.state.links.get(l.userKey), wickrUserId: l.wickrUserId, ...(l.groupIds && { groupIds: [...l.groupIds] }) });
  }
  /** Membership ids recorded per group key (the `mems#` index partition). */
  public readonly recordedMemberships = new Map<string, Set<string>>();
  /** Group-member and membership items written by putGroupRecords. */
  public groupRecordWrites = 0;
  public async readGroupRecords(groupKey: string): Promise<{ userKeys: Set<string>; membershipIds: Set<string> }> {
    return { userKeys: new Set(this.state.groups.get(groupKey)), membershipIds: new Set(this.recordedMemberships.get(groupKey)) };
  }
  public async putGroupRecords(groupKey: string, userKeys: readonly string[], memberships: readonly { membershipId: string; idpUserId: string }[]): Promise<void> {
    this.groupRecordWrites += userKeys.length + memberships.length;
    this.state.groups.set(groupKey, new Set([...(this.state.groups.get(groupKey) ?? []), ...userKeys]));
    const ids = this.recordedMemberships.get(groupKey) ?? new Set<string>();
    for (const m of memberships) {
      this.state.memberships.set(m.membershipId, m.idpUserId);
      ids.add(m.membershipId);
    }
    this.recordedMemberships.set(groupKey, ids);
  }
}

/** Records continuations instead of invoking anything. */
export class FakeContinuation implements ContinuationPort {
  public readonly payloads: { continueRunId: string; token: string }[] = [];
  public async continueRun(payload: { continueRunId: string; token: string }): Promise<void> {
    this.payloads.push(payload);
  }
}

/** A BatchCreateUser fake over the FakeWickr: replays a known token, refuses listed usernames, answers "already exists". */
export class FakeProvisioning implements WickrProvisioningPort {
  public readonly calls: { users: NewWickrUser[]; token: string }[] = [];
  public readonly refuse = new Set<string>();
  public failNext: unknown[] = [];
  readonly #answers = new Map<string, CreateUserResult[]>();
  #nextId = 5000;
  public constructor(private readonly wickr: FakeWickr) {}

  public async createUsers(users: readonly NewWickrUser[], clientToken: string): Promise<readonly CreateUserResult[]> {
    this.calls.push({ users: [...users], token: clientToken });
    const next = this.failNext.shift();
    if (next) throw next;
    const replay = this.#answers.get(clientToken);
    if (replay) return replay;
    const answer = users.map((u): CreateUserResult => {
      if (this.refuse.has(u.username))
        return { username: u.username, outcome: 'failed', code: 'BatchItemFailed', reason: 'BatchCreateUser refused the item: Wickr refused this item', alreadyExists: false };
      if ([...this.wickr.users.values()].some((w) => w.username.toLowerCase() === u.username.toLowerCase())) {
        return { username: u.username, outcome: 'failed', code: 'UserAlreadyExists', reason: 'exists', alreadyExists: true };
      }
      this.#nextId += 1;
      const userId = String(this.#nextId);
      this.wickr.users.set(userId, { userId, username: u.username, firstName: u.firstName, lastName: u.lastName, securityGroupIds: [u.securityGroupId], suspended: false, status: 1 });
      return { username: u.username, outcome: 'created', userId };
    });
    this.#answers.set(clientToken, answer);
    return answer;
  }
  public readonly reinvites: { userIds: string[]; token: string }[] = [];
  public async reinviteUsers(userIds: readonly string[], clientToken: string): Promise<readonly ReinviteResult[]> {
    this.reinvites.push({ userIds: [...userIds], token: clientToken });
    return userIds.map((userId) => ({ userId, outcome: 'reinvited' as const }));
  }
  public async getUsersCount(): Promise<UsersCount> {
    return { pending: 0, active: 0, rejected: 0, remaining: 0, total: 0 };
  }
  public readonly deletions: { userIds: string[]; token: string }[] = [];
  public async deleteUsers(userIds: readonly string[], clientToken: string): Promise<readonly DeleteResult[]> {
    this.deletions.push({ userIds: [...userIds], token: clientToken });
    return userIds.map((userId) =>
      this.wickr.users.delete(userId) ? { userId, outcome: 'deleted' as const } : { userId, outcome: 'failed' as const, code: 'BatchItemFailed', reason: 'User not found' },
    );
  }
}
