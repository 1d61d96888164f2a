import { PageTokens, paginate } from '../../../../local/wickr-emulator/paging';
import { NetworkStore } from '../../../../local/wickr-emulator/store';
import { WickrApiError } from '../../../../local/wickr-emulator/errors';

const GROUPS = [
  { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
  { id: 'SGENG001', name: 'Engineering' },
];
const CREDENTIALS = { accessKeyId: 'AKID', secretAccessKey: 'secret' };

describe('Class: NetworkStore', () => {
  it('numbers users without an id after the highest explicit one, in seed order', () => {
    const store = new NetworkStore(
      { networkId: '12345678', credentials: CREDENTIALS, securityGroups: GROUPS, users: [{ username: 'a@x' }, { userId: '1500', username: 'b@x' }, { username: 'c@x' }] },
      100,
    );

    expect(store.allUsers().map((u) => u.userId)).toEqual(['1501', '1500', '1502']);
  });

  it('puts users without a group in the default group, active, not suspended, not admin, invitation not expired', () => {
    const store = new NetworkStore({ networkId: '12345678', credentials: CREDENTIALS, securityGroups: GROUPS, users: [{ username: 'a@x' }] }, 100);

    expect(store.allUsers()[0]).toEqual({
      userId: '1001',
      username: 'a@x',
      firstName: '',
      lastName: '',
      securityGroupIds: ['SGDEFLT1'],
      suspended: false,
      status: 2,
      isAdmin: false,
      isInviteExpired: false,
      modified: 100,
    });
  });

  it('finds a username held by another user ignoring case, but not the user itself', () => {
    const store = new NetworkStore(
      {
        networkId: '12345678',
        credentials: CREDENTIALS,
        securityGroups: GROUPS,
        users: [
          { userId: '1', username: 'Ann@X.org' },
          { userId: '2', username: 'bo@x.org' },
        ],
      },
      100,
    );

    expect(store.usernameTakenBy('ann@x.ORG', '2')?.userId).toBe('1');
    expect(store.usernameTakenBy('ann@x.org', '1')).toBeUndefined();
  });

  it('creates pending users under fresh ids above every seeded one, findable by username ignoring case', () => {
    const store = new NetworkStore({ networkId: '12345678', credentials: CREDENTIALS, securityGroups: GROUPS, users: [{ userId: '1500', username: 'a@x' }] }, 100);

    const first = store.create({ username: 'New@X.org', firstName: 'N', lastName: '', securityGroupIds: ['SGENG001'] }, 200);
    const second = store.create({ username: 'other@x.org', firstName: '', lastName: '', securityGroupIds: ['SGENG001'] }, 200);

    expect(first).toEqual({
      userId: '1501',
      username: 'New@X.org',
      firstName: 'N',
      lastName: '',
      securityGroupIds: ['SGENG001'],
      suspended: false,
      status: 1,
      isAdmin: false,
      isInviteExpired: false,
      modified: 200,
    });
    expect(second.userId).toBe('1502');
    expect(store.userByUsername('new@x.ORG')?.userId).toBe('1501');
    expect(store.allUsers().map((u) => u.userId)).toEqual(['1500', '1501', '1502']);
  });

  it('reports snapshots that later updates do not change', () => {
    const store = new NetworkStore({ networkId: '12345678', credentials: CREDENTIALS, securityGroups: GROUPS, users: [{ userId: '1', username: 'a@x' }] }, 100);
    const before = store.snapshot();

    store.update('1', { securityGroupIds: ['SGENG001'], firstName: 'A' }, 200);

    expect(before[0]).toMatchObject({ securityGroupIds: ['SGDEFLT1'], firstName: '', modified: 100 });
    expect(store.user('1')).toMatchObject({ securityGroupIds: ['SGENG001'], firstName: 'A', modified: 200 });
  });
  it('recomputes a cached listing after any write, and reuses it while nothing changes', () => {
    const store = new NetworkStore({ networkId: '12345678', credentials: CREDENTIALS, securityGroups: GROUPS, users: [{ username: 'b@x' }, { username: 'a@x' }] }, 100);
    let computed = 0;
    const byName = (): readonly string[] =>
      store
        .listing('by-name', (all) => {
          computed += 1;
          return [...all].sort((x, y) => x.username.localeCompare(y.username));
        })
        .map((u) => u.username);

    expect(byName()).toEqual(['a@x', 'b@x']);
    expect(byName()).toEqual(['a@x', 'b@x']);
    expect(computed).toBe(1);
    store.update('1001', { username: 'c@x' }, 101);
    store.create({ username: '0@x', firstName: '', lastName: '', securityGroupIds: [] }, 102);

    expect(byName()).toEqual(['0@x', 'a@x', 'c@x']);
    expect(computed).toBe(2);
  });
});

describe('Function: paginate()', () => {
  const items = Array.from({ length: 7 }, (_, i) => i);

  it('walks every item once and ends without a token', () => {
    const tokens = new PageTokens();
    const seen: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = paginate(items, { nextToken, maxResults: 3, fingerprint: 'f', tokens });
      seen.push(...page.page);
      nextToken = page.nextToken;
    } while (nextToken);

    expect(seen).toEqual(items);
  });

  it('gives no token when the page reaches the end exactly', () => {
    expect(paginate(items, { maxResults: 7, fingerprint: 'f', tokens: new PageTokens() })).toEqual({ page: items });
  });

  it.each<[string, string]>([
    ['an unknown token', 'v1:pagination:unknown'],
    ['a token issued for other parameters', 'OTHER'],
  ])('refuses %s with a ValidationError', (_case, token) => {
    const tokens = new PageTokens();
    const issued = paginate(items, { maxResults: 3, fingerprint: 'other', tokens }).nextToken!;

    const act = (): unknown => paginate(items, { nextToken: token === 'OTHER' ? issued : token, maxResults: 3, fingerprint: 'f', tokens });

    expect(act).toThrow(WickrApiError);
  });
});
