import { createWickrPort, WickrApiError } from '../../../../src/adapters/wickr';
import { NETWORK_ID, scriptedClient } from './helpers';

describe('createWickrPort', () => {
  it('getUser normalises GetUser securityGroupIds into a WickrUser', async () => {
    // Prepare
    const { client } = scriptedClient([{ status: 200, body: { userId: '7', username: 'u@example.com', firstName: 'U', securityGroupIds: ['G1'], suspended: true, status: 2 } }]);

    // Act
    const user = await createWickrPort(client, NETWORK_ID).getUser('7');

    // Assess
    expect(user).toEqual({ userId: '7', username: 'u@example.com', firstName: 'U', lastName: undefined, securityGroupIds: ['G1'], suspended: true, status: 2 });
  });

  it('getUser returns null on ResourceNotFoundError', async () => {
    const { client } = scriptedClient([{ status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundError' }, body: { message: 'User not found.' } }]);
    await expect(createWickrPort(client, NETWORK_ID).getUser('7')).resolves.toBeNull();
  });

  it('getUser rethrows other errors', async () => {
    const { client } = scriptedClient([{ status: 403, body: { __type: 'ForbiddenError' } }]);
    await expect(createWickrPort(client, NETWORK_ID).getUser('7')).rejects.toMatchObject({ kind: 'AUTH' });
  });

  it('findUserByUsername normalises ListUsers securityGroups into securityGroupIds', async () => {
    // Prepare
    const { client } = scriptedClient([{ status: 200, body: { users: [{ userId: '9', username: 'U@example.com', securityGroups: ['G2'] }] } }]);

    // Act
    const user = await createWickrPort(client, NETWORK_ID).findUserByUsername('u@example.com');

    // Assess
    expect(user).toMatchObject({ userId: '9', securityGroupIds: ['G2'], suspended: false });
  });

  it('updateUser sends only the given fields for the port network', async () => {
    // Prepare
    const { client, transport } = scriptedClient([{ status: 200, body: { userId: '9', networkId: NETWORK_ID, suspended: false } }]);

    // Act
    await createWickrPort(client, NETWORK_ID).updateUser('9', { securityGroupIds: ['G3'] });

    // Assess
    expect(transport.requests[0].path).toBe('/networks/12345678/users');
    expect(JSON.parse(transport.requests[0].body ?? '')).toEqual({ userId: '9', userDetails: { securityGroupIds: ['G3'] } });
  });

  it('setSuspended sends the given client token and resolves when the user succeeded', async () => {
    // Prepare
    const { client, transport } = scriptedClient([{ status: 200, body: { successful: [{ userId: '9' }], failed: [] } }]);

    // Act
    await createWickrPort(client, NETWORK_ID).setSuspended('9', false, 'evt-123');

    // Assess
    expect(transport.requests[0].path).toBe('/networks/12345678/users/toggleSuspend?suspend=false');
    expect(transport.requests[0].headers['x-client-token']).toBe('evt-123');
  });

  it('setSuspended throws an INVALID WickrApiError coded from the reason when the user is in failed', async () => {
    // Prepare
    const { client } = scriptedClient([{ status: 200, body: { message: 'partial success', failed: [{ userId: '9', field: 'userId', reason: 'User not found' }] } }]);

    // Act
    const error = await createWickrPort(client, NETWORK_ID)
      .setSuspended('9', true, 't')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(WickrApiError);
    expect(error).toMatchObject({ kind: 'INVALID', code: 'UserNotFound', operation: 'BatchToggleUserSuspendStatus', reasons: [{ field: 'userId' }] });
    expect((error as Error).message).toBe('BatchToggleUserSuspendStatus: user 9 failed (UserNotFound)');
  });
});
