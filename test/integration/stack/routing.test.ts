import { randomUUID } from 'node:crypto';
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { resource, type CfnTemplate } from './helpers/cfn';
import { catalogue, type RuleId } from './helpers/idpEvents';
import { packagedTemplate, StackVariant } from './helpers/packagedTemplate';

/**
 * Installs each rule's pattern, as packaged, in moto's EventBridge with an SQS target, publishes
 * every catalogued event (samples, one per supported type, and noise) and checks that exactly
 * the events meant for that rule reach the queue. Each test has its own bus and queue: moto is
 * shared by the parallel workers.
 */
const eventBridge = new EventBridgeClient({});
const sqs = new SQSClient({});
const DELIVERY_DEADLINE_MS = 15_000;

let full: CfnTemplate;
beforeAll(async () => {
  full = await packagedTemplate(StackVariant.Full);
}, 180_000);

type Route = { busName: string; ruleName: string; queueUrl: string; queueArn: string };

async function installRoute(rule: RuleId): Promise<Route> {
  const id = randomUUID().slice(0, 8);
  const route = { busName: `stack-routing-${id}`, ruleName: `stack-routing-${rule}-${id}` };
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `stack-routing-${rule}-${id}` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await eventBridge.send(new CreateEventBusCommand({ Name: route.busName }));
  await eventBridge.send(new PutRuleCommand({ Name: route.ruleName, EventBusName: route.busName, EventPattern: JSON.stringify(resource(full, rule).Properties.EventPattern) }));
  await eventBridge.send(new PutTargetsCommand({ Rule: route.ruleName, EventBusName: route.busName, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn! }] }));
  return { ...route, queueUrl: QueueUrl!, queueArn: Attributes!.QueueArn! };
}

async function removeRoute(route: Route): Promise<void> {
  await eventBridge.send(new RemoveTargetsCommand({ Rule: route.ruleName, EventBusName: route.busName, Ids: ['queue'] }));
  await eventBridge.send(new DeleteRuleCommand({ Name: route.ruleName, EventBusName: route.busName }));
  await eventBridge.send(new DeleteEventBusCommand({ Name: route.busName }));
  await sqs.send(new DeleteQueueCommand({ QueueUrl: route.queueUrl }));
}

/** Publishes the catalogue to the bus; returns EventBridge event id → label. */
async function publishAll(busName: string): Promise<Map<string, string>> {
  const events = catalogue();
  const labels = new Map<string, string>();
  for (let i = 0; i < events.length; i += 10) {
    const chunk = events.slice(i, i + 10);
    const { Entries = [], FailedEntryCount } = await eventBridge.send(new PutEventsCommand({ Entries: chunk.map((e) => ({ ...e.entry, EventBusName: busName })) }));
    expect(FailedEntryCount ?? 0).toBe(0);
    for (const [j, entry] of Entries.entries()) labels.set(entry.EventId!, chunk[j]!.label);
  }
  return labels;
}

/**
 * Receives until every expected event has arrived (or the deadline passes), then once more to
 * catch anything else: returns the bodies of every message received.
 */
async function drain(queueUrl: string, expected: number): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  const deadline = Date.now() + DELIVERY_DEADLINE_MS;
  const receive = async (waitSeconds: number): Promise<number> => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: waitSeconds, VisibilityTimeout: 300 }));
    bodies.push(...Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>));
    return Messages.length;
  };
  while (bodies.length < expected && Date.now() < deadline) await receive(1);
  while ((await receive(0)) > 0);
  return bodies;
}

describe('EventBridge rules in moto', () => {
  it.each<[RuleId]>([['OktaRule'], ['IdentityCenterRule'], ['GenericRule'], ['ScimRule']])('%s delivers exactly the supported events of its source', async (rule) => {
    // Prepare
    const route = await installRoute(rule);
    const expected = catalogue()
      .filter((e) => e.rule === rule)
      .map((e) => e.label);
    try {
      // Act
      const labels = await publishAll(route.busName);
      const bodies = await drain(route.queueUrl, expected.length);

      // Assess
      expect(bodies.map((b) => labels.get(b.id as string) ?? `unknown ${String(b.id)}`).sort()).toEqual([...expected].sort());
      // The target gets the whole envelope (no input transformer): what the consumer parses.
      for (const body of bodies) expect(Object.keys(body)).toEqual(expect.arrayContaining(['id', 'source', 'detail-type', 'time', 'detail']));
    } finally {
      await removeRoute(route);
    }
  });
});
