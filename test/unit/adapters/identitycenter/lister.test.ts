import { IdentitystoreClient, ListGroupMembershipsCommand, ListUsersCommand, ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-identitystore';
import { mockClient } from 'aws-sdk-client-mock';
import { createIdentityCenterLister } from '../../../../src/adapters/identitycenter/lister';

const STORE = 'd-1234567890';
const notFound = () => new ResourceNotFoundException({ $metadata: { httpStatusCode: 404 }, message: 'x' });

describe(createIdentityCenterLister.name, () => {
  const mock = mockClient(IdentitystoreClient);
  const client = new IdentitystoreClient({ region: 'us-east-1' });
  const lister = () => createIdentityCenterLister({ identityStoreId: STORE, client, pageSize: 2 });

  beforeEach(() => {
    mock.reset();
  });

  it('maps a ListUsers page and hands the NextToken back as the cursor', async () => {
    // Prepare
    mock.on(ListUsersCommand, { IdentityStoreId: STORE, MaxResults: 2, NextToken: 'page-2' }).resolves({
      Users: [
        { IdentityStoreId: STORE, UserId: 'u-1', UserName: 'ana', Name: { GivenName: 'Ana' }, Emails: [{ Value: 'ana@example.com' }] },
        { IdentityStoreId: STORE, UserId: 'u-2', UserName: 'bo', UserStatus: 'DISABLED' },
      ],
      NextToken: 'page-3',
    });
    // Act
    const page = await lister().listUsersPage('page-2');
    // Assess
    expect(page).toEqual({
      items: [
        { idpUserId: 'u-1', login: 'ana', email: 'ana@example.com', firstName: 'Ana', lastName: undefined, active: true, groups: [] },
        { idpUserId: 'u-2', login: 'bo', email: undefined, firstName: undefined, lastName: undefined, active: false, groups: [] },
      ],
      cursor: 'page-3',
    });
  });

  it('ends the listing on a page without NextToken', async () => {
    mock.on(ListUsersCommand).resolves({ Users: [] });
    await expect(lister().listUsersPage()).resolves.toEqual({ items: [] });
  });

  it('raises INVALID for a user without UserId rather than leaving it out', async () => {
    mock.on(ListUsersCommand).resolves({ Users: [{ IdentityStoreId: STORE, UserName: 'ghost' } as never] });
    await expect(lister().listUsersPage()).rejects.toMatchObject({ dependency: 'directory', kind: 'INVALID' });
  });

  it('raises THROTTLING when ListUsers is throttled', async () => {
    mock.on(ListUsersCommand).rejects(new ThrottlingException({ $metadata: { httpStatusCode: 400 }, message: 'slow down' }));
    await expect(lister().listUsersPage()).rejects.toMatchObject({ dependency: 'directory', kind: 'THROTTLING' });
  });

  it('lists no members for an unknown group, but fails when the group goes away mid-listing', async () => {
    // Prepare
    mock.on(ListGroupMembershipsCommand).rejects(notFound());
    // Act / Assess
    await expect(lister().listGroupMembersPage('g-1')).resolves.toEqual({ items: [] });
    await expect(lister().listGroupMembersPage('g-1', 'page-2')).rejects.toMatchObject({ dependency: 'directory', kind: 'NOT_FOUND' });
  });

  it('gives the member user ids of a page with their membership ids, in the same order', async () => {
    mock.on(ListGroupMembershipsCommand).resolves({
      GroupMemberships: [
        { IdentityStoreId: STORE, GroupId: 'g-1', MembershipId: 'm-1', MemberId: { UserId: 'u-1' } },
        { IdentityStoreId: STORE, GroupId: 'g-1', MembershipId: 'm-x', MemberId: { GroupId: 'g-nested' } as never },
        { IdentityStoreId: STORE, GroupId: 'g-1', MembershipId: 'm-2', MemberId: { UserId: 'u-2' } },
      ],
      NextToken: 'next',
    });
    await expect(lister().listGroupMembersPage('g-1')).resolves.toEqual({ items: ['u-1', 'u-2'], membershipIds: ['m-1', 'm-2'], cursor: 'next' });
  });
});
