import {
  AccessDeniedException,
  DescribeGroupCommand,
  DescribeUserCommand,
  IdentitystoreClient,
  InternalServerException,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-identitystore';
import { mockClient } from 'aws-sdk-client-mock';
import { createIdentityCenterDirectory } from '../../../../src/adapters/identitycenter/directory';
import { DependencyError } from '../../../../src/core/errors';

const STORE = 'd-1234567890';
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode }, message: 'x' });
const membership = (GroupId: string, UserId = 'u-1') => ({ IdentityStoreId: STORE, MembershipId: `m-${GroupId}`, GroupId, MemberId: { UserId } });

describe(createIdentityCenterDirectory.name, () => {
  const mock = mockClient(IdentitystoreClient);
  const client = new IdentitystoreClient({ region: 'us-east-1' });

  beforeEach(() => {
    mock.reset();
    mock.on(DescribeUserCommand).resolves({
      IdentityStoreId: STORE,
      UserId: 'u-1',
      UserName: 'ana',
      Name: { GivenName: 'Ana', FamilyName: 'Lima' },
      Emails: [{ Value: 'ana.work@example.com' }, { Value: 'ana@example.com', Primary: true }],
    });
    mock.on(ListGroupMembershipsForMemberCommand).resolves({ GroupMemberships: [] });
    mock.on(DescribeGroupCommand).callsFake((input: { GroupId: string }) => ({ GroupId: input.GroupId, DisplayName: `Name of ${input.GroupId}`, IdentityStoreId: STORE }));
  });

  it('maps DescribeUser and every page of memberships, with group names', async () => {
    // Prepare
    mock
      .on(ListGroupMembershipsForMemberCommand)
      .resolvesOnce({ GroupMemberships: [membership('g-1'), membership('g-2')], NextToken: 't1' })
      .resolvesOnce({ GroupMemberships: [membership('g-3')] });
    const directory = createIdentityCenterDirectory({ identityStoreId: STORE, client });
    // Act
    const user = await directory.getUser('u-1');
    // Assess
    expect(directory.source).toBe('identity-center');
    expect(user).toEqual({
      idpUserId: 'u-1',
      email: 'ana@example.com',
      login: 'ana',
      firstName: 'Ana',
      lastName: 'Lima',
      active: true,
      groups: [
        { id: 'g-1', name: 'Name of g-1' },
        { id: 'g-2', name: 'Name of g-2' },
        { id: 'g-3', name: 'Name of g-3' },
      ],
    });
    const pages = mock.commandCalls(ListGroupMembershipsForMemberCommand);
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args[0].input).toMatchObject({ IdentityStoreId: STORE, MemberId: { UserId: 'u-1' }, NextToken: 't1' });
  });

  it.each([
    [[{ Value: 'first@example.com' }, { Value: 'second@example.com' }], 'first@example.com'],
    [[], undefined],
    [undefined, undefined],
  ])('falls back to the first email when none is primary (%j)', async (Emails, email) => {
    mock.on(DescribeUserCommand).resolves({ IdentityStoreId: STORE, UserId: 'u-1', Emails });
    const user = await createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-1');
    expect(user?.email).toBe(email);
  });

  it.each([
    ['DISABLED', false],
    ['ENABLED', true],
    [undefined, true],
  ])('reads UserStatus %s as active=%s', async (UserStatus, active) => {
    mock.on(DescribeUserCommand).resolves({ IdentityStoreId: STORE, UserId: 'u-1', UserStatus: UserStatus as never });
    const user = await createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-1');
    expect(user?.active).toBe(active);
  });

  it('returns null when the user does not exist', async () => {
    mock.on(DescribeUserCommand).rejects(new ResourceNotFoundException(meta(404) as never));
    await expect(createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-gone')).resolves.toBeNull();
  });

  it('keeps a group that vanished mid-read by id only', async () => {
    // Prepare
    mock.on(ListGroupMembershipsForMemberCommand).resolves({ GroupMemberships: [membership('g-1'), membership('g-gone')] });
    mock.on(DescribeGroupCommand, { GroupId: 'g-gone' }).rejects(new ResourceNotFoundException(meta(404) as never));
    // Act
    const user = await createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-1');
    // Assess
    expect(user?.groups).toEqual([{ id: 'g-1', name: 'Name of g-1' }, { id: 'g-gone' }]);
  });

  it('describes each group once while its name is cached', async () => {
    // Prepare
    mock.on(ListGroupMembershipsForMemberCommand).resolves({ GroupMemberships: [membership('g-1'), membership('g-2')] });
    const directory = createIdentityCenterDirectory({ identityStoreId: STORE, client });
    // Act
    await directory.getUser('u-1');
    await directory.getUser('u-1');
    // Assess
    expect(mock.commandCalls(DescribeGroupCommand)).toHaveLength(2);
  });

  it('holds no more group names than the cache bound, evicting the least recently used', async () => {
    // Prepare: each read is a user in exactly one group.
    const directory = createIdentityCenterDirectory({ identityStoreId: STORE, client, groupNameCacheSize: 2 });
    const readUserIn = async (groupId: string): Promise<void> => {
      mock.on(ListGroupMembershipsForMemberCommand).resolves({ GroupMemberships: [membership(groupId)] });
      await directory.getUser('u-1');
    };
    // Act
    for (const groupId of ['g-1', 'g-2', 'g-3', 'g-1', 'g-3']) await readUserIn(groupId);
    // Assess: g-1 was evicted by g-3 and described again; g-3 stayed cached.
    const described = mock.commandCalls(DescribeGroupCommand).map((c) => c.args[0].input.GroupId);
    expect(described).toEqual(['g-1', 'g-2', 'g-3', 'g-1']);
  });

  it.each([
    ['ThrottlingException', () => new ThrottlingException(meta(400) as never), 'THROTTLING'],
    ['AccessDeniedException', () => new AccessDeniedException(meta(403) as never), 'AUTH'],
    ['UnrecognizedClientException', () => Object.assign(new Error('bad key'), { name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } }), 'AUTH'],
    ['ValidationException', () => new ValidationException(meta(400) as never), 'INVALID'],
    ['InternalServerException', () => new InternalServerException(meta(500) as never), 'TRANSIENT'],
    ['a network error', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'TRANSIENT'],
  ])('maps %s to a %s directory error', async (_name, error, kind) => {
    // Prepare
    mock.on(DescribeUserCommand).rejects(error());
    // Act
    const result = createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-1');
    // Assess
    await expect(result).rejects.toBeInstanceOf(DependencyError);
    await expect(result).rejects.toMatchObject({ dependency: 'directory', kind });
  });

  it('maps a failing DescribeGroup too', async () => {
    mock.on(ListGroupMembershipsForMemberCommand).resolves({ GroupMemberships: [membership('g-1')] });
    mock.on(DescribeGroupCommand).rejects(new ThrottlingException(meta(400) as never));
    await expect(createIdentityCenterDirectory({ identityStoreId: STORE, client }).getUser('u-1')).rejects.toMatchObject({ kind: 'THROTTLING' });
  });

  it('lists group member ids across pages', async () => {
    // Prepare
    mock
      .on(ListGroupMembershipsCommand)
      .resolvesOnce({ GroupMemberships: [membership('g-1', 'u-1'), membership('g-1', 'u-2')], NextToken: 'n' })
      .resolvesOnce({ GroupMemberships: [membership('g-1', 'u-3')] });
    // Act
    const ids = await createIdentityCenterDirectory({ identityStoreId: STORE, client, pageSize: 2 }).listGroupMemberIds('g-1');
    // Assess
    expect(ids).toEqual(['u-1', 'u-2', 'u-3']);
    const pages = mock.commandCalls(ListGroupMembershipsCommand);
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args[0].input).toMatchObject({ IdentityStoreId: STORE, GroupId: 'g-1', MaxResults: 2, NextToken: 'n' });
  });

  it('lists no members for a group that does not exist', async () => {
    mock.on(ListGroupMembershipsCommand).rejects(new ResourceNotFoundException(meta(404) as never));
    await expect(createIdentityCenterDirectory({ identityStoreId: STORE, client }).listGroupMemberIds('g-gone')).resolves.toEqual([]);
  });
});
