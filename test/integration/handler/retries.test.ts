import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStateStore } from '../../../src/adapters/aws/DynamoStateStore';
import { oktaEvent } from '../../helpers/events';
import { receiveAll } from '../../helpers/moto';
import type { Harness } from './harness';
import { OKTA_SEED, WICKR_SEED, startHarness } from './harness';

const addToEng = (userId: string, login: string) => oktaEvent({ eventType: 'group.user_membership.add', userId, login, groupId: '00gEng', groupName: 'Engineering' });

describe('Handler: sync, when records must be retried', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('answers a batch of nothing but retries with every id, without a Lambda error', async () => {
    h = await startHarness();
    const store = new DynamoStateStore({ client: new DynamoDBClient({}), tableName: h.tableName });
    await store.beginUser('okta:00uAna', 'someone-else', 60_000, []);
    await store.beginUser('okta:00uBo', 'someone-else', 60_000, []);
    await h.publish([addToEng('00uAna', 'ana@example.com'), addToEng('00uBo', 'bo@example.com')]);
    const event = await h.receive();
    expect(event.Records).toHaveLength(2);
    // `invoke` calls the handler as Lambda does: a throw (FullBatchFailureError) would fail here.
    const response = await h.invoke(event);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(event.Records.map((r) => r.messageId).sort());
  });

  it('dead-letters a record throttled on every receive as RetriesExhausted, with its last error', async () => {
    // Wickr answers one request, then throttles for minutes; the queue allows 2 receives.
    h = await startHarness({ maxReceiveCount: 2, wickrSeed: { ...WICKR_SEED, rateLimit: { requestsPerSecond: 0.01, burst: 1 } } });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    await h.publish([addToEng('00uBo', 'bo@example.com')]);
    const deadline = Date.now() + 30_000;
    let letters = await receiveAll(h.sqs, h.queues.dlqUrl, 1, 100);
    while (letters.length === 0 && Date.now() < deadline) {
      const event = await h.receive(10, 1);
      // A 4 s invocation leaves the Wickr client 1 s to retry before the record goes back to SQS.
      if (event.Records.length > 0) await h.invoke(event, h.handler, 4_000);
      letters = await receiveAll(h.sqs, h.queues.dlqUrl, 1, 100);
    }
    expect(letters).toHaveLength(1);
    expect(letters[0]?.MessageAttributes?.errorClass?.StringValue).toBe('RetriesExhausted');
    expect(letters[0]?.MessageAttributes?.reason?.StringValue).toMatch(/^RetriesExhausted: last error RateLimitError/);
  });

  it('re-sends a record whose user stays busy on its last receive, instead of leaving it to the redrive', async () => {
    h = await startHarness({ maxReceiveCount: 1 });
    const store = new DynamoStateStore({ client: new DynamoDBClient({}), tableName: h.tableName });
    await store.beginUser('okta:00uAna', 'someone-else', 60_000, []);
    const event = addToEng('00uAna', 'ana@example.com');
    await h.publish([event]);
    const batch = await h.receive();
    const response = await h.invoke(batch);
    expect(response.batchItemFailures).toEqual([]);
    // The copy comes back as a new message (after its delay) with the same body; nothing went to the DLQ.
    const [copy] = await receiveAll(h.sqs, h.queues.queueUrl, 1, 10_000);
    expect(copy?.Body).toBe(batch.Records[0]?.body);
    expect(copy?.MessageId).not.toBe(batch.Records[0]?.messageId);
    expect(await receiveAll(h.sqs, h.queues.dlqUrl, 1, 500)).toHaveLength(0);
  });
});
