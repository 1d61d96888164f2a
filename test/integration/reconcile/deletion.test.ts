/**
 * Deletion after a grace period, end to end against moto and the Wickr emulator, with SCIM as the
 * source: the sync suspends a deleted user and records when; the reconcile, run with a clock
 * moved on, asks for the deletion once `deleteAfterDays` have passed, and the sync applies it.
 */
import { WickrClient, createWickrPort, createWickrProvisioningPort } from '../../../src/adapters/wickr';
import type { InvocationOutcome } from '../../../src/core/reconcile';
import type { Config } from '../../../src/handlers/config';
import { createReconcileHandler } from '../../../src/handlers/reconcile/index';
import { createSyncHandler } from '../../../src/handlers/sync/createSyncHandler';
import { parseMappingConfig } from '../../../src/core/mapping';
import { scimEvent } from '../../helpers/events';
import { createScimTable, deleteUser, userItem, write } from '../../helpers/scimStore';
import type { Harness } from '../handler/harness';
import { NETWORK, lambdaContext, startHarness } from '../handler/harness';

const DAY = 24 * 60 * 60 * 1000;
const MAPPING = { networkId: NETWORK, securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1', deprovisioning: { deleteAfterDays: 30 }, protectedUsernames: ['root@example.com'] };
const wickrUser = (userId: string, username: string, patch: Record<string, unknown> = {}) => ({
  userId,
  username,
  firstName: 'F',
  lastName: 'L',
  securityGroupIds: ['SGDEFLT1'],
  suspended: false,
  ...patch,
});
const scimUser = (id: string) => userItem(id, { userName: id, givenName: 'F', familyName: 'L', emails: [{ value: `${id}@example.com`, type: 'work' }] });

describe('deletion after deleteAfterDays, against moto and the Wickr emulator', () => {
  let harness: Harness;
  let config: Config;
  let scimTable: string;
  const start = Date.now();
  let now = start;
  const clock = { now: () => now };

  beforeAll(async () => {
    harness = await startHarness({
      mapping: MAPPING,
      wickrSeed: {
        networkId: NETWORK,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        securityGroups: [{ id: 'SGDEFLT1', name: 'Everyone', isDefault: true }],
        users: [wickrUser('1001', 'ana@example.com'), wickrUser('1002', 'bo@example.com'), wickrUser('1003', 'root@example.com'), wickrUser('1004', 'cy@example.com')],
      },
    });
    scimTable = await createScimTable();
    await write(scimTable, ['ana', 'bo', 'root', 'cy'].map(scimUser));
    // SCIM is the only source: no Okta.
    config = { ...harness.config, okta: undefined, scim: { tableName: scimTable } };
  });
  afterAll(async () => harness?.stop());

  // The handlers plan with the moved clock; the Wickr calls keep real deadlines (a month-long timer would overflow).
  const wickr = () => new WickrClient({ region: 'us-east-1', endpoint: config.wickr.endpoint });
  const syncHandler = () => createSyncHandler({ config, clock, wickrFor: () => createWickrPort(wickr(), NETWORK), provisioningFor: () => createWickrProvisioningPort(wickr(), NETWORK) });
  const reconcile = async (payload: object = {}, mapping?: object) => {
    const overrides = mapping === undefined ? {} : { loadMapping: async () => parseMappingConfig(mapping, { sources: ['scim'] }) };
    return (await createReconcileHandler({ config, clock, wickrListFor: () => createWickrPort(wickr(), NETWORK), continuationFor: () => ({ continueRun: async () => undefined }), ...overrides })(
      payload,
      lambdaContext(120_000),
    )) as InvocationOutcome;
  };
  const drain = async () => harness.drain(30_000, syncHandler());

  it('links every SCIM user, then suspends the deleted ones and records when', async () => {
    // Arrange
    expect(await reconcile()).toMatchObject({ status: 'finished', result: { status: 'succeeded', counts: { linked: 4, linksWritten: 4 } } });
    for (const id of ['ana', 'root', 'cy']) await deleteUser(scimTable, id);

    // Act
    await harness.publish(['ana', 'root', 'cy'].map((id) => scimEvent('ScimUserChanged', { eventId: `${id}:9`, userId: id, occurredAt: new Date(now).toISOString() })));
    const drained = await drain();

    // Assess
    expect(drained.failures).toBe(0);
    expect(harness.wickrUser('1001')?.suspended).toBe(true);
    expect(harness.wickrUser('1004')?.suspended).toBe(true);
    // A protected username is never suspended, so never deleted either.
    expect(harness.wickrUser('1003')?.suspended).toBe(false);
  });

  it('deletes nothing before deleteAfterDays have passed', async () => {
    now = start + 29 * DAY;
    expect(await reconcile()).toMatchObject({ result: { status: 'succeeded', counts: { toDelete: 0, messagesSent: 0 } } });
  });

  it('refuses the whole run when the deletions are more than guard.maxDeletions', async () => {
    now = start + 31 * DAY;
    const outcome = await reconcile({}, { ...MAPPING, guard: { maxDeletions: 1 } });
    expect(outcome).toMatchObject({ result: { status: 'guardTripped', reason: 'TooManyDeletions', counts: { toDelete: 2, messagesSent: 0 } } });
    expect((await harness.receive(10, 0)).Records).toEqual([]);
  });

  it('deletes the suspended users once due, through the consumer, and only them', async () => {
    now = start + 31 * DAY;
    const outcome = await reconcile();
    const drained = await drain();

    expect(outcome).toMatchObject({ result: { status: 'succeeded', counts: { toDelete: 2, messagesSent: 2 } } });
    expect(drained.failures).toBe(0);
    expect(harness.wickrUser('1001')).toBeUndefined();
    expect(harness.wickrUser('1004')).toBeUndefined();
    expect(harness.wickrUser('1002')).toMatchObject({ suspended: false });
    expect(harness.wickrUser('1003')).toMatchObject({ suspended: false });
    expect(harness.wickr.state().requests.BatchDeleteUser).toEqual({ '200': 2 });
  });

  it('finds nothing left to delete on the next run', async () => {
    now = start + 32 * DAY;
    expect(await reconcile()).toMatchObject({ result: { status: 'succeeded', counts: { toDelete: 0, messagesSent: 0 } } });
  });
});
