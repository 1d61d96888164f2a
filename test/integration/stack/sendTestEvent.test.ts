import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseGenericEvent } from '../../../src/core/events/generic';
import type { EventBridgeEnvelope } from '../../../src/core/events/envelope';
import { genericBusName, main } from '../../../scripts/send-test-event';
import patterns from '../../../stack/event-patterns.json';

const eventBridge = new EventBridgeClient({});
const sqs = new SQSClient({});
const ROOT = join(__dirname, '../../..');

/** A stage's generic bus in moto with the stack's generic rule targeting a fresh queue. */
async function createGenericBus(stage: string): Promise<string> {
  const busName = genericBusName(stage);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `ste-${stage}` }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await eventBridge.send(new CreateEventBusCommand({ Name: busName }));
  await eventBridge.send(new PutRuleCommand({ Name: `${busName}-generic`, EventBusName: busName, EventPattern: JSON.stringify(patterns.generic) }));
  await eventBridge.send(new PutTargetsCommand({ Rule: `${busName}-generic`, EventBusName: busName, Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn! }] }));
  return QueueUrl!;
}

/** Waits (with a deadline) for the one event on the queue. */
async function receiveOne(queueUrl: string): Promise<EventBridgeEnvelope> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 300 }));
    if (Messages[0]) return JSON.parse(Messages[0].Body!) as EventBridgeEnvelope;
  }
  throw new Error(`no event on ${queueUrl} within 10 s`);
}

const run = async (argv: string[]): Promise<{ code: number; output: string }> => {
  const lines: string[] = [];
  const code = await main(argv, { out: (line) => lines.push(line) });
  return { code, output: lines.join('\n') };
};

const uniqueStage = (): string => `ste-${randomUUID().slice(0, 8)}`;
const eventBridgeId = (output: string): string | undefined => /EventBridge event id: (\S+)/.exec(output)?.[1];

describe('send-test-event against moto', () => {
  it('publishes an IdentityUserState event that the generic rule delivers and the consumer parses', async () => {
    // Prepare
    const stage = uniqueStage();
    const queueUrl = await createGenericBus(stage);

    // Act
    const { code, output } = await run(['--stage', stage, '--email', 'jane.doe@example.com', '--external-id', '00u42', '--group', '00g1=Wickr-Engineering', '--group', 'Admins']);
    const envelope = await receiveOne(queueUrl);

    // Assess
    expect(code).toBe(0);
    expect(envelope.id).toBe(eventBridgeId(output));
    expect(envelope).toMatchObject({ source: 'wickr-idp-sync.generic', 'detail-type': 'IdentityUserState' });
    const parsed = parseGenericEvent(envelope);
    expect(parsed).toMatchObject({
      kind: 'user',
      eventId: /detail\.eventId: (\S+)/.exec(output)?.[1],
      user: { by: 'id', idpUserId: '00u42' },
      state: {
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        active: true,
        groups: [
          { id: '00g1', name: 'Wickr-Engineering' },
          { id: 'Admins', name: 'Admins' },
        ],
      },
    });
  });

  it('sends a deactivation with --inactive, keyed on the e-mail when no external id is given', async () => {
    const stage = uniqueStage();
    const queueUrl = await createGenericBus(stage);

    await run(['--stage', stage, '--email', 'sam@example.com', '--first-name', 'Samantha', '--last-name', 'Quinn', '--inactive']);
    const parsed = parseGenericEvent(await receiveOne(queueUrl));

    expect(parsed).toMatchObject({ user: { idpUserId: 'sam@example.com' }, state: { firstName: 'Samantha', lastName: 'Quinn', active: false, groups: [] } });
  });

  it('prints ids only, never the e-mail or the names', async () => {
    const stage = uniqueStage();
    await createGenericBus(stage);

    const { output } = await run(['--stage', stage, '--email', 'jane.doe@example.com', '--first-name', 'Jane', '--last-name', 'Doe']);

    expect(output).not.toMatch(/jane|doe/i);
  });

  it('fails when the stage has no generic bus', async () => {
    await expect(run(['--stage', uniqueStage(), '--email', 'jane.doe@example.com'])).rejects.toThrow(/does not exist|not found/i);
  });

  it('asks for --email and a stage', async () => {
    const { code, output } = await run(['--stage', 'dev']);
    expect(code).toBe(2);
    expect(output).toContain('usage: npm run send-test-event');
  });

  it('runs as `npm run send-test-event`', async () => {
    const stage = uniqueStage();
    const queueUrl = await createGenericBus(stage);

    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn('npm', ['run', '--silent', 'send-test-event', '--', '--stage', stage, '--email', 'cli@example.com'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.once('error', reject);
      child.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
    });

    expect(code).toBe(0);
    expect((await receiveOne(queueUrl)).id).toBe(eventBridgeId(stdout));
  });
});
