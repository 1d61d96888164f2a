import { createWickrPort, createWickrProvisioningPort, WickrApiError } from '../../../../src/adapters/wickr';
import type { NewWickrUser } from '../../../../src/core/types';
import { NETWORK_ID, scriptedClient, type Reply } from './helpers';

const ADA: NewWickrUser = { username: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', securityGroupId: 'SG1' };
const BOB: NewWickrUser = { username: 'bob@example.com', securityGroupId: 'SG2' };
const INVITE_CODE = 'sEcReT-InViTe-42';

const created = (userId: string, username: string) => ({ userId, username, securityGroups: ['SG1'], status: 1, inviteCode: INVITE_CODE, type: 'user' });
const answer = (body: unknown): Reply[] => [{ status: 200, body }];

async function create(replies: Reply[], users: readonly NewWickrUser[] = [ADA, BOB], token = 'provision-1') {
  const { client, transport } = scriptedClient(replies);
  const results = await createWickrProvisioningPort(client, NETWORK_ID).createUsers(users, token);
  return { results, transport };
}

describe('createWickrProvisioningPort', () => {
  describe('createUsers', () => {
    it('sends exactly one security group per user, the names given and the client token', async () => {
      // Act
      const { transport } = await create(answer({ successful: [] }));

      // Assess
      const request = transport.requests[0];
      expect(`${request.method} ${request.path}`).toBe('POST /networks/12345678/users');
      expect(request.headers['x-client-token']).toBe('provision-1');
      expect(JSON.parse(request.body ?? '')).toEqual({
        users: [
          { username: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', securityGroupIds: ['SG1'] },
          { username: 'bob@example.com', securityGroupIds: ['SG2'] },
        ],
      });
    });

    it('matches successful users back by username ignoring case and never returns their invite code', async () => {
      // Act
      const { results } = await create(answer({ message: 'success', successful: [created('502', 'BOB@example.com'), created('501', 'ada@example.com')], failed: [] }));

      // Assess
      expect(results).toEqual([
        { username: 'Ada@Example.com', outcome: 'created', userId: '501' },
        { username: 'bob@example.com', outcome: 'created', userId: '502' },
      ]);
      expect(JSON.stringify(results)).not.toContain(INVITE_CODE);
    });

    it.each([
      ['"0" as in the model example', { userId: '0' }],
      ['an empty userId', { userId: '' }],
      ['no userId at all', {}],
      ['the existing user id', { userId: '1234' }],
    ])('reports "already exists" with %s as alreadyExists, in our own words', async (_, idPart) => {
      // Act
      const { results } = await create(
        answer({ message: 'partial success', successful: [created('501', 'ada@example.com')], failed: [{ ...idPart, field: 'username', reason: 'User bob@example.com already exists' }] }),
      );

      // Assess
      expect(results[1]).toEqual({
        username: 'bob@example.com',
        outcome: 'failed',
        code: 'UserAlreadyExists',
        reason: 'BatchCreateUser refused the item: a Wickr user with this username already exists (field username)',
        alreadyExists: true,
      });
    });

    it('attributes failures of one kind to the unmatched users, in order', async () => {
      // Act
      const { results } = await create(
        answer({
          failed: [
            { userId: '0', field: 'username', reason: 'User already exists' },
            { userId: '0', field: 'username', reason: 'User already exists' },
          ],
        }),
      );

      // Assess
      expect(results.map((r) => [r.outcome, 'code' in r && r.code, 'alreadyExists' in r && r.alreadyExists])).toEqual([
        ['failed', 'UserAlreadyExists', true],
        ['failed', 'UserAlreadyExists', true],
      ]);
    });

    it('does not guess between failures of different kinds: both users are unattributed, to be looked up', async () => {
      // Act
      const { results } = await create(
        answer({
          failed: [
            { userId: '0', field: 'securityGroupIds', reason: 'Security group not found' },
            { userId: '0', field: 'username', reason: 'User already exists' },
          ],
        }),
      );

      // Assess
      expect(results).toEqual([
        expect.objectContaining({ username: 'Ada@Example.com', outcome: 'failed', code: 'UnattributedResult', alreadyExists: true }),
        expect.objectContaining({ username: 'bob@example.com', outcome: 'failed', code: 'UnattributedResult', alreadyExists: true }),
      ]);
    });

    it('uses a username member on failed items when the answer has one, whatever their kinds', async () => {
      // Act
      const { results } = await create(
        answer({
          failed: [
            { userId: '0', username: 'BOB@example.com', field: 'username', reason: 'User already exists' },
            { userId: '0', username: 'ada@example.com', field: 'securityGroupIds', reason: 'Security group not found' },
          ],
        }),
      );

      // Assess
      expect(results).toEqual([
        expect.objectContaining({ username: 'Ada@Example.com', code: 'InvalidSecurityGroup', alreadyExists: false }),
        expect.objectContaining({ username: 'bob@example.com', code: 'UserAlreadyExists', alreadyExists: true }),
      ]);
    });

    it('reports a user the answer does not mention as NotInResponse', async () => {
      // Act
      const { results } = await create(answer({ message: 'success', successful: [created('501', 'ada@example.com')] }));

      // Assess
      expect(results[1]).toEqual(expect.objectContaining({ username: 'bob@example.com', outcome: 'failed', code: 'NotInResponse', alreadyExists: false }));
    });

    it('reports a successful item without a user id as CreatedWithoutUserId, to be looked up', async () => {
      // Act
      const { results } = await create(answer({ successful: [{ username: 'ada@example.com', inviteCode: INVITE_CODE }, created('502', 'bob@example.com')] }));

      // Assess
      expect(results[0]).toEqual(expect.objectContaining({ outcome: 'failed', code: 'CreatedWithoutUserId', alreadyExists: true }));
      expect(results[1]).toEqual({ username: 'bob@example.com', outcome: 'created', userId: '502' });
      expect(JSON.stringify(results)).not.toContain(INVITE_CODE);
    });

    it('treats a successful item that names no requested user as possibly the missing one', async () => {
      // Act
      const { results } = await create(answer({ successful: [created('501', 'ada@example.com'), created('777', 'someone-else@example.com')] }));

      // Assess
      expect(results[1]).toEqual(expect.objectContaining({ username: 'bob@example.com', code: 'UnattributedResult', alreadyExists: true }));
    });

    it('never repeats the server reason, even in an unknown failure', async () => {
      // Act
      const { results } = await create(answer({ failed: [{ userId: '0', field: 'jane.doe@example.com', reason: 'Jane Doe <jane.doe@example.com> is odd' }] }), [ADA]);

      // Assess
      expect(results).toEqual([{ username: 'Ada@Example.com', outcome: 'failed', code: 'BatchItemFailed', reason: 'BatchCreateUser refused the item: Wickr refused this item', alreadyExists: false }]);
    });

    it('throws a ValidationError of the whole call as an INVALID WickrApiError whose message holds no username', async () => {
      // Prepare
      const refusal: Reply = {
        status: 422,
        headers: { 'x-amzn-errortype': 'ValidationError' },
        body: { message: 'Ada@Example.com is not allowed', reasons: [{ field: 'users.0.username', reason: 'Ada@Example.com is not allowed' }] },
      };

      // Act
      const error = await create([refusal]).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(WickrApiError);
      expect(error).toMatchObject({ kind: 'INVALID', code: 'ValidationError', reasons: [{ field: 'users.0.username' }] });
      expect((error as Error).message).toBe('BatchCreateUser: ValidationError (HTTP 422) on users.0.username');
    });

    it.each([
      ['more than 50 users', Array.from({ length: 51 }, (_, i) => ({ username: `u${i}@example.com`, securityGroupId: 'SG1' })), 'provision-1', /51 items given; at most 50/],
      ['a username twice, ignoring case', [ADA, { ...ADA, username: 'ada@example.COM' }], 'provision-1', /given twice/],
      ['a client token Wickr would refuse', [ADA], 'not a token!', /client token/],
    ])('refuses %s before sending anything', async (_, users, token, message) => {
      // Prepare
      const { client, transport } = scriptedClient(answer({}));

      // Act
      const call = createWickrProvisioningPort(client, NETWORK_ID).createUsers(users, token);

      // Assess
      await expect(call).rejects.toMatchObject({ name: 'WickrApiError', kind: 'INVALID', code: 'InvalidInput', message: expect.stringMatching(message) });
      expect(transport.requests).toHaveLength(0);
    });

    it('sends nothing for no users', async () => {
      const { results, transport } = await create(answer({}), []);
      expect(results).toEqual([]);
      expect(transport.requests).toHaveLength(0);
    });
  });

  describe('reinviteUsers', () => {
    it('reports each requested id in order: reinvited, failed in our words, or not in the response', async () => {
      // Prepare
      const { client, transport } = scriptedClient(answer({ message: 'partial success', successful: [{ userId: '7' }], failed: [{ userId: '8', field: 'userId', reason: 'User is not pending' }] }));

      // Act
      const results = await createWickrProvisioningPort(client, NETWORK_ID).reinviteUsers(['8', '7', '9'], 'reinvite-1');

      // Assess
      expect(`${transport.requests[0].method} ${transport.requests[0].path}`).toBe('PATCH /networks/12345678/users/re-invite');
      expect(transport.requests[0].headers['x-client-token']).toBe('reinvite-1');
      expect(results).toEqual([
        { userId: '8', outcome: 'failed', code: 'UserNotPending', reason: 'BatchReinviteUser refused the item: the user has no pending invitation (field userId)' },
        { userId: '7', outcome: 'reinvited' },
        { userId: '9', outcome: 'failed', code: 'NotInResponse', reason: 'BatchReinviteUser refused the item: the answer lists this item neither as successful nor as failed' },
      ]);
    });

    it('refuses more than 50 ids before sending anything', async () => {
      const { client, transport } = scriptedClient(answer({}));
      const call = createWickrProvisioningPort(client, NETWORK_ID).reinviteUsers(
        Array.from({ length: 51 }, (_, i) => String(i + 1)),
        't',
      );
      await expect(call).rejects.toMatchObject({ code: 'InvalidInput' });
      expect(transport.requests).toHaveLength(0);
    });
  });

  describe('getUsersCount', () => {
    it('returns the five counts', async () => {
      const { client } = scriptedClient(answer({ pending: 1, active: 2, rejected: 3, remaining: 4, total: 3, extra: true }));
      await expect(createWickrProvisioningPort(client, NETWORK_ID).getUsersCount()).resolves.toEqual({ pending: 1, active: 2, rejected: 3, remaining: 4, total: 3 });
    });

    it('treats an answer missing a required count as a TRANSIENT SerializationError', async () => {
      const { client } = scriptedClient(answer({ pending: 1, active: 2 }));
      await expect(createWickrProvisioningPort(client, NETWORK_ID).getUsersCount()).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'SerializationError' });
    });
  });
});

describe('createWickrPort listUsersPage', () => {
  it('reads one page of 100 with the cursor as nextToken and maps the reconcile fields', async () => {
    // Prepare
    const { client, transport } = scriptedClient(
      answer({
        nextToken: 'v1:pagination:next',
        users: [
          { userId: '1', username: 'admin@example.com', securityGroups: ['SG1'], isAdmin: true, status: 2, type: 'user', suspended: false, inviteCode: INVITE_CODE },
          { userId: '2', username: 'pending@example.com', securityGroups: ['SG2'], isAdmin: false, status: 1, isInviteExpired: true, type: 'user' },
          { username: 'no-id@example.com' },
        ],
      }),
    );

    // Act
    const page = await createWickrPort(client, NETWORK_ID).listUsersPage('v1:pagination:this');

    // Assess
    expect(transport.requests[0].path).toBe('/networks/12345678/users?maxResults=100&nextToken=v1%3Apagination%3Athis');
    expect(page.cursor).toBe('v1:pagination:next');
    expect(page.items).toEqual([
      { userId: '1', username: 'admin@example.com', securityGroupIds: ['SG1'], suspended: false, status: 2, isAdmin: true, type: 'user' },
      { userId: '2', username: 'pending@example.com', securityGroupIds: ['SG2'], suspended: false, status: 1, isAdmin: false, isInviteExpired: true, type: 'user' },
    ]);
    expect(JSON.stringify(page)).not.toContain(INVITE_CODE);
  });

  it.each([undefined, ''])('ends the listing when nextToken is %p', async (nextToken) => {
    const { client, transport } = scriptedClient(answer({ users: [], nextToken }));
    const page = await createWickrPort(client, NETWORK_ID).listUsersPage();
    expect(page).toEqual({ items: [] });
    expect(transport.requests[0].path).toBe('/networks/12345678/users?maxResults=100');
  });
});
