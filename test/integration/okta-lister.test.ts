/**
 * The Okta lister (the reconcile's bulk reads), through our Okta client, against the Okta emulator:
 * a few hundred users with small pages, so every listing crosses many pages and both passes.
 */
import { startOktaEmulator, type OktaEmulator, type OktaSeed, type OktaSeedUser } from '../../local/okta-emulator';
import { createOktaLister, type OktaListerOptions } from '../../src/adapters/okta';
import type { DirectoryLister, Logger, Page } from '../../src/core/ports';
import type { DirectoryUser } from '../../src/core/types';

const TOKEN = 'lister-test-token';
const STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'DEPROVISIONED', 'SUSPENDED', 'STAGED', 'LOCKED_OUT'] as const;
const users: OktaSeedUser[] = Array.from({ length: 350 }, (_, i) => ({
  id: `00u${String(i).padStart(4, '0')}`,
  status: STATUSES[i % STATUSES.length] ?? 'ACTIVE',
  profile: { login: `user${i}@example.com`, email: `user${i}@example.com`, firstName: `First${i}`, lastName: `Last${i}` },
  groupIds: i % 3 === 0 ? ['00gAll', '00gThird'] : ['00gAll'],
}));
const seed: OktaSeed = {
  token: TOKEN,
  users,
  groups: [
    { id: '00gAll', name: 'Everyone Wickr' },
    { id: '00gThird', name: 'Wickr Admins' },
    { id: '00gBackup', name: 'Wickr Admins Backup' },
    { id: '00gLower', name: 'wickr admins' },
  ],
};
const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Every page of a listing, by following cursors; also how many pages it took. */
async function drain<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    pages += 1;
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { items, pages };
}

describe('Okta lister against the Okta emulator', () => {
  let emulator: OktaEmulator;
  const lister = (options: Partial<OktaListerOptions> = {}): DirectoryLister =>
    createOktaLister({ orgUrl: emulator.url, token: TOKEN, logger: silent, pageSize: 40, memberPageSize: 40, ...options } as OktaListerOptions);

  beforeEach(async () => {
    emulator = await startOktaEmulator({ seed });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  it('lists every user once, DEPROVISIONED ones included, across both passes', async () => {
    // Act
    const { items, pages } = await drain((cursor) => lister().listUsersPage(cursor));
    // Assess
    expect(items.map((u) => u.idpUserId).sort()).toEqual(users.map((u) => u.id).sort());
    const deprovisioned = users.filter((u) => u.status === 'DEPROVISIONED');
    // 300 listed users in pages of 40 (8 pages), then 50 deprovisioned ones (2 pages).
    expect(pages).toBe(10);
    expect(emulator.state().requests['GET /api/v1/users']).toEqual({ '200': 10 });
    const byId = new Map<string, DirectoryUser>(items.map((u) => [u.idpUserId, u]));
    expect(deprovisioned.every((u) => byId.get(u.id)?.active === false)).toBe(true);
    expect(byId.get('00u0000')).toEqual({ idpUserId: '00u0000', login: 'user0@example.com', email: 'user0@example.com', firstName: 'First0', lastName: 'Last0', active: true, groups: [] });
    expect(byId.get('00u0004')?.active).toBe(false); // SUSPENDED
    expect(byId.get('00u0006')?.active).toBe(true); // LOCKED_OUT
  });

  it('resumes from a cursor handed back by another lister instance', async () => {
    // Prepare
    const first = await lister().listUsersPage();
    // Act
    const second = await lister().listUsersPage(first.cursor);
    // Assess
    expect(second.items[0]?.idpUserId > (first.items.at(-1)?.idpUserId ?? '')).toBe(true);
    expect(second.items).toHaveLength(40);
  });

  it('refuses a cursor it did not make', async () => {
    const forged = Buffer.from(JSON.stringify({ pass: 'listed', next: '/api/v1/groups/00gAll/users' })).toString('base64url');
    await expect(lister().listUsersPage(forged)).rejects.toMatchObject({ dependency: 'directory', kind: 'INVALID' });
    await expect(lister().listUsersPage('not-a-cursor')).rejects.toMatchObject({ kind: 'INVALID' });
  });

  it('throws on a failed page rather than ending the listing, and the same cursor then works', async () => {
    // Prepare
    const okta = lister({ maxRetries: 0 });
    const first = await okta.listUsersPage();
    emulator.failNext(1);
    // Act
    const failed = okta.listUsersPage(first.cursor);
    // Assess
    await expect(failed).rejects.toMatchObject({ kind: 'THROTTLING', statusCode: 429 });
    await expect(okta.listUsersPage(first.cursor)).resolves.toMatchObject({ items: expect.any(Array), cursor: expect.any(String) });
  });

  it('lists the members of a group page by page', async () => {
    // Act
    const all = await drain((cursor) => lister().listGroupMembersPage('00gThird', cursor));
    // Assess
    const expected = users.filter((u) => u.groupIds.includes('00gThird')).map((u) => u.id);
    expect(all.items).toEqual(expected);
    expect(all.pages).toBe(Math.ceil(expected.length / 40));
  });

  it("reads a group's members 1,000 a page by default, Okta's maximum there, and users 200 a page", async () => {
    // Act
    const defaults = createOktaLister({ orgUrl: emulator.url, token: TOKEN, logger: silent });
    const members = await drain((cursor) => defaults.listGroupMembersPage('00gAll', cursor));
    const listed = await defaults.listUsersPage();
    // Assess: all 350 members in one page; the first users page stops at 200.
    expect(members).toEqual({ items: users.map((u) => u.id), pages: 1 });
    expect(listed.items).toHaveLength(200);
  });

  it('lists no members for a group Okta does not know', async () => {
    await expect(lister().listGroupMembersPage('00gNope')).resolves.toEqual({ items: [] });
  });

  it('refuses a member cursor made for another group', async () => {
    const page = await lister().listGroupMembersPage('00gAll');
    await expect(lister().listGroupMembersPage('00gThird', page.cursor)).rejects.toMatchObject({ kind: 'INVALID' });
  });

  it('resolves groups by id and by exact name ignoring case, leaving out prefixes and unknown refs', async () => {
    // Act
    const groups = await lister().resolveGroups(['00gAll', 'WICKR ADMINS', 'Nobody', '00gMissing']);
    // Assess
    expect([...groups].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: '00gAll', name: 'Everyone Wickr' },
      { id: '00gLower', name: 'wickr admins' },
      { id: '00gThird', name: 'Wickr Admins' },
    ]);
  });

  it('paces a listing on the reported budget instead of running into 429s', async () => {
    // Prepare: 2 list calls per minute on a clock the lister's sleep moves forward; the lister keeps 1 in reserve.
    await emulator.stop();
    let now = Date.parse('2026-01-01T00:00:00Z');
    emulator = await startOktaEmulator({ seed: { ...seed, rateLimit: { limit: 100, windowSeconds: 60, families: { '/api/v1/users': 2 } } }, now: () => now });
    const slept: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      slept.push(ms);
      now += ms;
    };
    const okta = lister({ pageSize: 100, sleep, clock: { now: () => now }, requestTimeoutMs: 120_000 });
    // Act: 300 listed users in pages of 100, then the deprovisioned pass: 4 calls.
    const { items } = await drain((cursor) => okta.listUsersPage(cursor));
    // Assess
    expect(items).toHaveLength(350);
    expect(emulator.state().requests['GET /api/v1/users']).toEqual({ '200': 4 });
    expect(slept).toHaveLength(3);
    expect(slept.every((ms) => ms >= 60_000 - 1_000 && ms <= 61_000)).toBe(true);
  });

  it('reads with a token loaded through getToken', async () => {
    const okta = createOktaLister({ orgUrl: emulator.url, getToken: async () => TOKEN, logger: silent });
    await expect(okta.listUsersPage()).resolves.toMatchObject({ items: expect.any(Array) });
  });
});
