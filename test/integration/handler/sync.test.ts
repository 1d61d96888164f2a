import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { receiveAll } from '../../helpers/moto';
import { genericEvent, oktaEvent } from '../../helpers/events';
import type { Harness } from './harness';
import { MAPPING, OKTA_SEED, WICKR_SEED, startHarness } from './harness';

const sample = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/idp-samples', name), 'utf8'));
const addToEng = (userId: string, login: string, uuid?: string) => oktaEvent({ eventType: 'group.user_membership.add', userId, login, groupId: '00gEng', groupName: 'Engineering', uuid });

describe('Handler: sync (against moto and the emulators)', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('applies an Okta change with one UpdateUser and makes no write for a redelivered duplicate', async () => {
    // Prepare: Bo joins Engineering in Okta
    h = await startHarness();
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    const event = addToEng('00uBo', 'bo@example.com', 'dup-1');
    // Act: the same IdP event arrives twice, as two SQS messages
    await h.publish([event]);
    const first = await h.invoke(await h.receive());
    await h.publish([event]);
    const second = await h.invoke(await h.receive());
    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    expect(h.wickrUser('1002')?.securityGroupIds).toEqual(['SGENG001']);
    expect(h.writes()).toEqual({ 200: 1 });
  });

  it('reports exactly the records that must be retried in a mixed batch', async () => {
    h = await startHarness();
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    // Another invocation holds Ana's lease: her record must come back; the others must not.
    const { DynamoStateStore } = await import('../../../src/adapters/aws/DynamoStateStore');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    await new DynamoStateStore({ client: new DynamoDBClient({}), tableName: h.tableName }).beginUser('okta:00uAna', 'someone-else', 60_000, []);
    await h.publish([addToEng('00uBo', 'bo@example.com'), addToEng('00uAna', 'ana@example.com'), '{broken', oktaEvent({ eventType: 'user.session.start', userId: '00uBo', login: 'bo@example.com' })]);
    const event = await h.receive();
    const anaMessage = event.Records.find((r) => r.body.includes('00uAna'))!;
    const response = await h.invoke(event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: anaMessage.messageId }]);
    expect(await receiveAll(h.sqs, h.queues.dlqUrl, 1)).toHaveLength(1);
  });

  it('ends a 429 storm in success with backoff, nothing dead-lettered', async () => {
    h = await startHarness({ wickrSeed: { ...WICKR_SEED, rateLimit: { requestsPerSecond: 4, burst: 1 } } });
    h.okta.setUser({ ...OKTA_SEED.users[0]!, groupIds: ['00gAdmins'] });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    await h.publish([addToEng('00uAna', 'ana@example.com'), addToEng('00uBo', 'bo@example.com')]);
    const { failures } = await h.drain(60_000);
    expect(failures).toBe(0);
    const throttled = Object.values(h.wickr.state().requests).reduce((n, byStatus) => n + (byStatus['429'] ?? 0), 0);
    expect(throttled).toBeGreaterThan(0);
    expect(h.wickrUser('1001')?.securityGroupIds).toEqual(['SGADMIN1']);
    expect(h.wickrUser('1002')?.securityGroupIds).toEqual(['SGENG001']);
    expect(await receiveAll(h.sqs, h.queues.dlqUrl, 1, 1_500)).toHaveLength(0);
  });

  it('dead-letters each kind of poison with its reason and acknowledges it', async () => {
    h = await startHarness({ mapping: { ...MAPPING, securityGroups: [{ idpGroup: '00gEng', securityGroupId: 'SGNOPE01' }] } });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    const malformed = sample('okta-1.envelope.json');
    malformed.detail.uuid = 42;
    await h.publish([
      'not json at all',
      malformed,
      genericEvent({ user: { externalId: 'no-mail', firstName: 'No', lastName: 'Mail' } }), // no email to map to a username
      addToEng('00uBo', 'bo@example.com'), // maps to a security group Wickr does not know: ValidationError 422
    ]);
    const response = await h.invoke(await h.receive());
    expect(response.batchItemFailures).toEqual([]);
    const letters = await receiveAll(h.sqs, h.queues.dlqUrl, 4);
    const classes = letters.map((m) => m.MessageAttributes?.errorClass?.StringValue).sort();
    expect(classes).toEqual(['MalformedEvent', 'MalformedJson', 'UnmappableUser', 'ValidationError']);
    for (const letter of letters) expect(letter.MessageAttributes?.reason?.StringValue?.length).toBeGreaterThan(5);
    expect(h.writes()).toEqual({ 422: 1 });
  });

  it('leaves a poison record for retry when the dead-letter send fails', async () => {
    h = await startHarness({ deadLetterUrl: 'http://127.0.0.1:1/000000000000/missing' });
    await h.publish(['{oops']);
    const event = await h.receive();
    const response = await h.invoke(event);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
  });

  it('makes no Wickr write in dry-run mode', async () => {
    h = await startHarness({ dryRun: true });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    await h.publish([addToEng('00uBo', 'bo@example.com')]);
    const response = await h.invoke(await h.receive());
    expect(response.batchItemFailures).toEqual([]);
    expect(h.writes()).toEqual({});
    expect(h.wickrUser('1002')?.securityGroupIds).toEqual(['SGDEFLT1']);
  });

  it('applies in a live run what a dry run before it only previewed', async () => {
    h = await startHarness();
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    const event = addToEng('00uBo', 'bo@example.com', 'preview-1');
    await h.publish([event]);
    await h.invoke(await h.receive(), h.handlerFor({ config: { ...h.config, dryRun: true } }));
    expect(h.writes()).toEqual({});
    await h.publish([event]); // the same IdP event, replayed once the dry run looked right
    await h.invoke(await h.receive());
    expect(h.wickrUser('1002')?.securityGroupIds).toEqual(['SGENG001']);
  });

  it('changes nothing for a generic event about a user Okta manages', async () => {
    h = await startHarness();
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    await h.publish([addToEng('00uBo', 'bo@example.com')]);
    await h.invoke(await h.receive());
    await h.publish([genericEvent({ user: { externalId: 'forged', email: 'bo@example.com', firstName: 'Mallory', lastName: 'Admin', groups: [{ id: 'x', name: 'Wickr Admins' }] } })]);
    const response = await h.invoke(await h.receive());
    expect(response.batchItemFailures).toEqual([]);
    expect(h.wickrUser('1002')).toMatchObject({ firstName: 'Bo', securityGroupIds: ['SGENG001'] });
    expect(h.writes()).toEqual({ 200: 1 });
  });

  it('converges to the IdP truth when concurrent invocations interleave events for one user', async () => {
    // Slow Wickr so invocations overlap; two execution environments with their own handler.
    h = await startHarness({ wickrSeed: { ...WICKR_SEED, faults: { latencyMs: { min: 150, max: 250 } } } });
    const otherEnvironment = h.handlerFor();
    const truths = [['00gEng'], [], ['00gAdmins'], ['00gEng', '00gAdmins'], ['00gEng']];
    const events = truths.map((_, i) => oktaEvent({ eventType: i % 2 ? 'group.user_membership.remove' : 'group.user_membership.add', userId: '00uAna', login: 'ana@example.com', groupId: '00gEng' }));
    // Each event is published while the truth changes, and two invocations race on them.
    const runs: Promise<unknown>[] = [];
    for (const [i, groupIds] of truths.entries()) {
      h.okta.setUser({ ...OKTA_SEED.users[0]!, groupIds });
      await h.publish([events[i]!]);
      const batch = await h.receive(1, 1);
      runs.push(
        h.invoke(batch, i % 2 ? otherEnvironment : h.handler).then(async (r) => {
          const failed = new Set(r.batchItemFailures.map((f) => f.itemIdentifier));
          const { DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
          for (const rec of batch.Records) if (!failed.has(rec.messageId)) await h.sqs.send(new DeleteMessageCommand({ QueueUrl: h.queues.queueUrl, ReceiptHandle: rec.receiptHandle }));
        }),
      );
    }
    await Promise.all(runs);
    await h.drain(60_000, otherEnvironment); // redeliveries of the records refused while the other held the lease
    // Final truth: Engineering only → SGENG001 (precedence: Admins first, but Ana is no longer an admin).
    expect(h.wickrUser('1001')?.securityGroupIds).toEqual(['SGENG001']);
  });
});
