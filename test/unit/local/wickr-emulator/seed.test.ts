import { DEFAULT_SEED, SeedError, parseCreateUserRefusals, parseFaultSettings, parseSeed } from '../../../../local/wickr-emulator/seed';

const VALID = {
  networkId: '12345678',
  credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  securityGroups: [
    { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
    { id: 'SGADMIN1', name: 'Admins' },
  ],
  users: [{ userId: '7', username: 'a@example.com', securityGroupIds: ['SGADMIN1'] }, { username: 'b@example.com' }],
};

function problemsOf(input: unknown): string[] {
  try {
    parseSeed(input);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  return [];
}

describe('Function: parseSeed()', () => {
  it('accepts the default seed and a minimal one', () => {
    expect(parseSeed(DEFAULT_SEED)).toEqual(DEFAULT_SEED);
    expect(parseSeed(VALID)).toEqual(VALID);
  });

  it('accepts isAdmin, status and isInviteExpired on users, and maxUsers', () => {
    const seed = {
      ...VALID,
      maxUsers: 3,
      users: [
        { username: 'p@example.com', status: 1, isInviteExpired: true },
        { username: 'admin@example.com', isAdmin: true },
      ],
    };

    expect(parseSeed(seed)).toEqual(seed);
  });

  it.each<[string, unknown, string]>([
    ['a networkId with letters', { ...VALID, networkId: '1234567a' }, 'networkId: must be 8 digits'],
    ['a missing secret', { ...VALID, credentials: { accessKeyId: 'AKID' } }, 'credentials.secretAccessKey'],
    ['an unknown member', { ...VALID, color: 'blue' }, 'color'],
    ['a malformed region', { ...VALID, region: 'mars' }, 'region: must look like us-east-1'],
    ['a userId with letters', { ...VALID, users: [{ userId: 'u1', username: 'a@b.c' }] }, 'users.0.userId'],
    ['an 11-digit userId', { ...VALID, users: [{ userId: '12345678901', username: 'a@b.c' }] }, 'users.0.userId'],
    ['a status of 3', { ...VALID, users: [{ username: 'a@b.c', status: 3 }] }, 'users.0.status'],
    ['two groups for one user', { ...VALID, users: [{ username: 'a@b.c', securityGroupIds: ['SGDEFLT1', 'SGADMIN1'] }] }, 'at most one security group'],
    ['an unknown group', { ...VALID, users: [{ username: 'a@b.c', securityGroupIds: ['SGNONE01'] }] }, 'users.0.securityGroupIds: unknown group SGNONE01'],
    [
      'duplicate userIds',
      {
        ...VALID,
        users: [
          { userId: '1', username: 'a@b.c' },
          { userId: '1', username: 'b@b.c' },
        ],
      },
      'users.1.userId: duplicate 1',
    ],
    ['usernames differing only in case', { ...VALID, users: [{ username: 'A@b.c' }, { username: 'a@B.c' }] }, 'users.1.username: duplicate'],
    [
      'duplicate group ids',
      {
        ...VALID,
        securityGroups: [
          { id: 'X', name: 'X', isDefault: true },
          { id: 'X', name: 'Y' },
        ],
      },
      'duplicate id X',
    ],
    [
      'two default groups',
      {
        ...VALID,
        securityGroups: [
          { id: 'X', name: 'X', isDefault: true },
          { id: 'Y', name: 'Y', isDefault: true },
        ],
      },
      'at most one group may be the default',
    ],
    ['a groupless user and no default group', { ...VALID, securityGroups: [{ id: 'X', name: 'X' }], users: [{ username: 'a@b.c' }] }, 'required when no group is the default'],
    ['a burst of 0', { ...VALID, rateLimit: { requestsPerSecond: 1, burst: 0 } }, 'rateLimit.burst'],
    ['an error rate for 404', { ...VALID, faults: { errorRate: { '404': 0.1 } } }, 'faults.errorRate'],
    ['error rates above 1 in sum', { ...VALID, faults: { errorRate: { '500': 0.6, '503': 0.5 } } }, 'faults.errorRate: the error rates must add up to at most 1'],
    ['latency min above max', { ...VALID, faults: { latencyMs: { min: 10, max: 5 } } }, 'min must not exceed max'],
    ['a reset rate above 1', { ...VALID, faults: { resetRate: 1.5 } }, 'faults.resetRate'],
    ['not an object', 'seed', '(root)'],
    ['a non-boolean isAdmin', { ...VALID, users: [{ username: 'a@b.c', isAdmin: 'yes' }] }, 'users.0.isAdmin'],
    ['a negative maxUsers', { ...VALID, maxUsers: -1 }, 'maxUsers'],
  ])('refuses %s, naming the problem', (_case, input, expected) => {
    expect(problemsOf(input).join('\n')).toContain(expected);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ ...VALID, networkId: '1', credentials: {} });

    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('Function: parseFaultSettings()', () => {
  it('keeps null (turn off) apart from absent (leave as is)', () => {
    expect(parseFaultSettings({ rateLimit: null })).toEqual({ rateLimit: null });
    expect(parseFaultSettings({})).toEqual({});
  });

  it('refuses an unknown member', () => {
    expect(() => parseFaultSettings({ latencyMs: { min: 1, max: 2 } })).toThrow(SeedError);
  });
});

describe('Function: parseCreateUserRefusals()', () => {
  it('accepts both refusal kinds with or without reason, field and userId', () => {
    const refusals = [
      { username: 'a@example.com', as: 'failedEntry', reason: 'Nope', field: 'username', userId: null },
      { username: 'b@example.com', as: 'validationError' },
    ];

    expect(parseCreateUserRefusals(refusals)).toEqual(refusals);
  });

  it.each<[string, unknown]>([
    ['an unknown kind', [{ username: 'a@example.com', as: 'teapot' }]],
    ['a missing username', [{ as: 'failedEntry' }]],
    ['not a list', { username: 'a@example.com', as: 'failedEntry' }],
  ])('refuses %s', (_case, input) => {
    expect(() => parseCreateUserRefusals(input)).toThrow(SeedError);
  });
});
