import { OktaApiError, type Group, type User } from '@okta/okta-sdk-nodejs';
import { createOktaDirectory, type OktaDirectoryClient } from '../../../../src/adapters/okta/directory';
import { ConfigError, DependencyError } from '../../../../src/core/errors';
import type { Logger } from '../../../../src/core/ports';

const ana = {
  id: '00u1',
  status: 'ACTIVE',
  profile: { login: 'ana@example.com', email: 'ana.lima@example.com', firstName: 'Ana', lastName: 'Lima' },
} as User;

function collection<T>(items: T[], failWith?: unknown): never {
  return {
    async *[Symbol.asyncIterator]() {
      yield* items;
      if (failWith) throw failWith;
    },
  } as never;
}

function oktaError(status: number, errorCode: string): OktaApiError {
  return new OktaApiError('https://x.okta.com/api/v1/users/x', status, { errorCode, errorSummary: 'x' }, new Headers() as never);
}

function fakeClient(overrides: {
  getUser?: jest.Mock;
  listUserGroups?: jest.Mock;
  listGroupUsers?: jest.Mock;
} = {}): OktaDirectoryClient & { calls: { getUser: jest.Mock; listUserGroups: jest.Mock; listGroupUsers: jest.Mock } } {
  const calls = {
    getUser: overrides.getUser ?? jest.fn().mockResolvedValue(ana),
    listUserGroups: overrides.listUserGroups ?? jest.fn().mockResolvedValue(collection<Group>([])),
    listGroupUsers: overrides.listGroupUsers ?? jest.fn().mockResolvedValue(collection<User>([])),
  };
  return {
    userApi: { getUser: calls.getUser, listUserGroups: calls.listUserGroups } as never,
    groupApi: { listGroupUsers: calls.listGroupUsers } as never,
    calls,
  };
}

const silent: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const base = { orgUrl: 'https://example.okta.com', token: 'unused', logger: silent };

describe(createOktaDirectory.name, () => {
  it('maps the profile, status and every group of the user', async () => {
    // Prepare
    const groups = [
      { id: '00gA', profile: { name: 'Wickr Admins' } },
      { id: '00gB', profile: { name: 'Everyone' } },
      { id: '00gC', profile: {} },
    ] as Group[];
    const client = fakeClient({ listUserGroups: jest.fn().mockResolvedValue(collection(groups)) });
    const directory = createOktaDirectory({ ...base, client });
    // Act
    const user = await directory.getUser('00u1');
    // Assess
    expect(directory.source).toBe('okta');
    expect(user).toEqual({
      idpUserId: '00u1',
      email: 'ana.lima@example.com',
      login: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: [{ id: '00gA', name: 'Wickr Admins' }, { id: '00gB', name: 'Everyone' }, { id: '00gC' }],
    });
    expect(client.calls.listUserGroups).toHaveBeenCalledWith({ userId: '00u1' });
  });

  it('reads groups by the Okta id even when called with a login', async () => {
    // Prepare
    const client = fakeClient();
    // Act
    const user = await createOktaDirectory({ ...base, client }).getUser('ana@example.com');
    // Assess
    expect(client.calls.getUser).toHaveBeenCalledWith({ userId: 'ana@example.com' });
    expect(client.calls.listUserGroups).toHaveBeenCalledWith({ userId: '00u1' });
    expect(user?.idpUserId).toBe('00u1');
  });

  it('turns null names into absent fields and a suspended status into inactive', async () => {
    // Prepare
    const suspended = { id: '00u2', status: 'SUSPENDED', profile: { login: 'bo', firstName: null, lastName: null } } as User;
    const client = fakeClient({ getUser: jest.fn().mockResolvedValue(suspended) });
    // Act
    const user = await createOktaDirectory({ ...base, client }).getUser('00u2');
    // Assess
    expect(user).toEqual({ idpUserId: '00u2', login: 'bo', active: false, groups: [] });
    expect(user?.firstName).toBeUndefined();
  });

  it('warns without personal data and fails closed on an unknown status', async () => {
    // Prepare
    const odd = { ...ana, status: 'ARCHIVED' } as unknown as User;
    const logger = { ...silent, warn: jest.fn() };
    const client = fakeClient({ getUser: jest.fn().mockResolvedValue(odd) });
    // Act
    const user = await createOktaDirectory({ ...base, logger, client }).getUser('00u1');
    // Assess
    expect(user?.active).toBe(false);
    expect(JSON.stringify(logger.warn.mock.calls)).toContain('ARCHIVED');
    expect(JSON.stringify(logger.warn.mock.calls)).not.toMatch(/example\.com|Ana|Lima/);
  });

  it('returns null when Okta answers 404 for the user', async () => {
    const client = fakeClient({ getUser: jest.fn().mockRejectedValue(oktaError(404, 'E0000007')) });
    await expect(createOktaDirectory({ ...base, client }).getUser('00uGone')).resolves.toBeNull();
  });

  it('returns null when the user disappears between the profile and the group read', async () => {
    const client = fakeClient({ listUserGroups: jest.fn().mockRejectedValue(oktaError(404, 'E0000007')) });
    await expect(createOktaDirectory({ ...base, client }).getUser('00u1')).resolves.toBeNull();
  });

  it.each([
    [429, 'E0000047', 'THROTTLING'],
    [401, 'E0000011', 'AUTH'],
    [403, 'E0000006', 'AUTH'],
    [400, 'E0000001', 'INVALID'],
    [500, 'E0000009', 'TRANSIENT'],
  ])('raises a directory DependencyError for HTTP %i from getUser', async (status, code, kind) => {
    // Prepare
    const client = fakeClient({ getUser: jest.fn().mockRejectedValue(oktaError(status, code)) });
    // Act
    const result = createOktaDirectory({ ...base, client }).getUser('00u1');
    // Assess
    await expect(result).rejects.toBeInstanceOf(DependencyError);
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind, statusCode: status });
  });

  it('raises INVALID when Okta answers without a user id', async () => {
    const client = fakeClient({ getUser: jest.fn().mockResolvedValue({ status: 'ACTIVE' }) });
    await expect(createOktaDirectory({ ...base, client }).getUser('')).rejects.toMatchObject({ dependency: 'directory', kind: 'INVALID' });
    expect(client.calls.listUserGroups).not.toHaveBeenCalled();
  });

  it('raises when a later page of groups fails', async () => {
    // Prepare
    const client = fakeClient({ listUserGroups: jest.fn().mockResolvedValue(collection([{ id: '00gA' }], oktaError(503, 'E0000010'))) });
    // Act / Assess
    await expect(createOktaDirectory({ ...base, client }).getUser('00u1')).rejects.toMatchObject({ kind: 'TRANSIENT' });
  });

  it('lists group member ids across the collection', async () => {
    // Prepare
    const members = [{ id: '00u1' }, { id: '00u2' }, { id: '00u3' }] as User[];
    const client = fakeClient({ listGroupUsers: jest.fn().mockResolvedValue(collection(members)) });
    // Act
    const ids = await createOktaDirectory({ ...base, client }).listGroupMemberIds('00gA');
    // Assess
    expect(ids).toEqual(['00u1', '00u2', '00u3']);
    expect(client.calls.listGroupUsers).toHaveBeenCalledWith({ groupId: '00gA' });
  });

  it('lists no members for a group Okta no longer has', async () => {
    const client = fakeClient({ listGroupUsers: jest.fn().mockRejectedValue(oktaError(404, 'E0000007')) });
    await expect(createOktaDirectory({ ...base, client }).listGroupMemberIds('00gGone')).resolves.toEqual([]);
  });

  it.each([['http://example.okta.com'], ['ftp://example.okta.com'], ['not a url']])('refuses the org URL %s', (orgUrl) => {
    expect(() => createOktaDirectory({ orgUrl, token: 't' })).toThrow(ConfigError);
  });

  it.each([['https://example.okta.com'], ['http://127.0.0.1:8788'], ['http://localhost:8788']])('accepts the org URL %s', (orgUrl) => {
    expect(createOktaDirectory({ orgUrl, token: 't' }).source).toBe('okta');
  });
});
