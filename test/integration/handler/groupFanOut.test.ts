/**
 * A SCIM PatchGroup through the real handler: Identity Center users and groups in moto's
 * Identity Store, the fan-out through the real moto queue, Wickr in the emulator.
 */
import { randomInt } from 'node:crypto';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { iicEvent } from '../../helpers/events';
import { receiveAll } from '../../helpers/moto';
import type { Harness } from './harness';
import { WICKR_SEED, startHarness } from './harness';

const identityStore = new IdentitystoreClient({});

async function createMember(IdentityStoreId: string, GroupId: string, userName: string, email?: string): Promise<string> {
  const user = await identityStore.send(
    new CreateUserCommand({
      IdentityStoreId,
      UserName: userName,
      DisplayName: userName,
      Name: { GivenName: userName, FamilyName: 'Test' },
      ...(email && { Emails: [{ Value: email, Primary: true }] }),
    }),
  );
  await identityStore.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId, MemberId: { UserId: user.UserId as string } }));
  return user.UserId as string;
}

describe('Handler: sync, a group-wide trigger', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('fans a PatchGroup out to one record per member, each ending on its own', async () => {
    const storeId = `d-${String(randomInt(1e9, 1e10))}`;
    const members = ['ana', 'bo', 'cy', 'di', 'ed'];
    h = await startHarness({
      identityStoreId: storeId,
      wickrSeed: {
        ...WICKR_SEED,
        users: members.map((name, i) => ({ userId: String(2001 + i), username: `${name}@example.com`, firstName: name, lastName: 'Test', securityGroupIds: ['SGDEFLT1'], suspended: false })),
      },
    });
    const groupId = (await identityStore.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Wickr Admins' }))).GroupId as string;
    for (const name of members) await createMember(storeId, groupId, name, `${name}@example.com`);
    await createMember(storeId, groupId, 'nomail'); // no email: cannot be mapped to a Wickr username

    await h.publish([iicEvent({ eventName: 'PatchGroup', groupId })]);
    const { failures } = await h.drain(60_000);

    expect(failures).toBe(0);
    for (let i = 0; i < members.length; i += 1) expect(h.wickrUser(String(2001 + i))?.securityGroupIds).toEqual(['SGADMIN1']);
    const letters = await receiveAll(h.sqs, h.queues.dlqUrl, 1);
    expect(letters.map((m) => m.MessageAttributes?.errorClass?.StringValue)).toEqual(['UnmappableUser']);
    expect(JSON.parse(letters[0]?.Body ?? '{}')).toMatchObject({ 'detail-type': 'ResyncUser', detail: { origin: 'group-fan-out' } });
  });
});
