import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeEventBusCommand, EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMoto, type MotoServer } from '../../../local/moto/startMoto';
import { createResolver } from '../../../local/stack/cfn/intrinsics';
import { materialiseStack, type MaterialisedStack, type MotoClients } from '../../../local/stack/cfn/materialise';
import { loadTemplate, type CfnTemplate } from '../../../local/stack/cfn/template';

// Rules on the default bus would see other suites' events on a shared moto: this suite has its own.
let moto: MotoServer;
let clients: MotoClients;
const region = 'us-east-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const fixture = (): CfnTemplate => loadTemplate(join(__dirname, 'fixtures/template.json'));

beforeAll(async () => {
  moto = await startMoto();
  const config = { endpoint: moto.endpoint, region, credentials };
  clients = { sqs: new SQSClient(config), events: new EventBridgeClient(config), dynamodb: new DynamoDBClient(config) };
});
afterAll(async () => {
  await moto?.stop();
});

async function materialise(template = fixture()): Promise<{ stack: MaterialisedStack; suffix: string }> {
  const suffix = `-${randomUUID().slice(0, 6)}`;
  const stack = await materialiseStack(template, { region, accountId: '123456789012', endpoint: moto.endpoint, stackName: 'wickr-idp-sync-local', nameSuffix: suffix }, clients);
  return { stack, suffix };
}

async function drain(queueUrl: string): Promise<Record<string, unknown>[]> {
  const out = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  return (out.Messages ?? []).map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
}

const okta = (source: string, eventType: string, uuid: string): PutEventsRequestEntry => ({
  Source: source,
  DetailType: 'SystemLog',
  Detail: JSON.stringify({ eventType, uuid, outcome: { result: 'SUCCESS' } }),
});

describe('materialising the packaged template in moto', () => {
  it('creates the queues with the template attributes and the redrive policy resolved to moto ARNs', async () => {
    const { stack, suffix } = await materialise();

    const events = stack.queues.find((q) => q.logicalId === 'EventsQueue')!;
    const dlq = stack.queues.find((q) => q.logicalId === 'EventsDeadLetterQueue')!;
    expect(events.name).toBe(`wickr-idp-sync-local-events${suffix}`);
    const attrs = (await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: events.url, AttributeNames: ['All'] }))).Attributes!;
    expect(attrs.VisibilityTimeout).toBe('2');
    expect(attrs.MessageRetentionPeriod).toBe('345600');
    expect(JSON.parse(attrs.RedrivePolicy as string)).toEqual({ deadLetterTargetArn: `arn:aws:sqs:${region}:123456789012:wickr-idp-sync-local-events-dlq${suffix}`, maxReceiveCount: 5 });
    expect(dlq.arn).toBe(JSON.parse(attrs.RedrivePolicy as string).deadLetterTargetArn);
    expect(stack.queues.map((q) => q.logicalId).sort()).toEqual([
      'EventsDeadLetterQueue',
      'EventsQueue',
      'GenericDeliveryDeadLetterQueue',
      'IdentityCenterDeliveryDeadLetterQueue',
      'OktaDeliveryDeadLetterQueue',
    ]);
  });

  it('installs each rule on its bus so that only the supported events reach the queue', async () => {
    // Prepare
    const { stack } = await materialise();
    const queue = stack.queues.find((q) => q.logicalId === 'EventsQueue')!;
    const partner = 'aws.partner/okta.com/example-org/wickr-sync';
    const otherOrg = 'aws.partner/okta.com/other-org/wickr-sync';
    const otherBus = await stack.ensurePartnerBus(otherOrg);

    // Act
    await clients.events.send(
      new PutEventsCommand({
        Entries: [
          { ...okta(partner, 'group.user_membership.add', 'okta-1'), EventBusName: stack.buses.get(partner) },
          { ...okta(partner, 'user.session.start', 'okta-login'), EventBusName: stack.buses.get(partner) },
          { ...okta(otherOrg, 'user.lifecycle.deactivate', 'okta-2'), EventBusName: otherBus },
          {
            Source: 'aws.identitystore',
            DetailType: 'AWS API Call via CloudTrail',
            Detail: JSON.stringify({ eventSource: 'identitystore.amazonaws.com', eventName: 'CreateGroupMembership', eventID: 'iic-1' }),
          },
          {
            Source: 'aws.identitystore',
            DetailType: 'AWS API Call via CloudTrail',
            Detail: JSON.stringify({ eventSource: 'identitystore.amazonaws.com', eventName: 'CreateGroupMembership', eventID: 'iic-denied', errorCode: 'AccessDenied' }),
          },
          { Source: 'wickr-idp-sync.generic', DetailType: 'IdentityUserState', Detail: JSON.stringify({ eventId: 'gen-1' }), EventBusName: stack.ownBusName },
          { Source: 'wickr-idp-sync.generic', DetailType: 'IdentityUserState', Detail: JSON.stringify({ eventId: 'gen-on-default' }) },
        ],
      }),
    );

    // Assess
    const delivered = [...(await drain(queue.url)), ...(await drain(queue.url))];
    const ids = delivered
      .map((e) => {
        const d = e.detail as Record<string, string>;
        return d.uuid ?? d.eventID ?? d.eventId;
      })
      .sort();
    expect(ids).toEqual(['gen-1', 'iic-1', 'okta-1', 'okta-2']);
    expect(stack.buses.get(partner)).toMatch(/^aws\.partner_okta\.com_example-org_wickr-sync-/);
  });

  it('creates the table with its key schema and TTL attribute', async () => {
    const { stack, suffix } = await materialise();

    expect(stack.tables).toEqual([`wickr-idp-sync-local-state${suffix}`]);
    const table = await clients.dynamodb.send(new DescribeTableCommand({ TableName: stack.tables[0] }));
    expect(table.Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    const ttl = await clients.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: stack.tables[0] }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('reads the event source mapping and resolves the function environment to local values', async () => {
    const { stack, suffix } = await materialise();

    expect(stack.eventSources).toHaveLength(1);
    const source = stack.eventSources[0];
    const queueUrl = `${moto.endpoint}/123456789012/wickr-idp-sync-local-events${suffix}`;
    expect(source).toMatchObject({
      batchSize: 10,
      maximumBatchingWindowSeconds: 1,
      maximumConcurrency: 5,
      reportBatchItemFailures: true,
      enabled: true,
      maxReceiveCount: 5,
      queue: { url: queueUrl },
      deadLetterQueue: { name: `wickr-idp-sync-local-events-dlq${suffix}` },
    });
    expect(source.function).toMatchObject({
      name: `wickr-idp-sync-local-sync${suffix}`,
      handler: 'test/integration/local-stack/fixtures/standInHandler.handler',
      timeoutSeconds: 3,
      memorySizeMb: 512,
    });
    expect(source.function.environment).toMatchObject({
      QUEUE_URL: queueUrl,
      DLQ_URL: `${moto.endpoint}/123456789012/wickr-idp-sync-local-events-dlq${suffix}`,
      STATE_TABLE_NAME: `wickr-idp-sync-local-state${suffix}`,
      MAPPING_PARAMETER_NAME: '/wickr-idp-sync/local/mapping',
      LOG_GROUP_HINT: `/aws/lambda/wickr-idp-sync-local-sync${suffix}-${region}`,
      DLQ_ARN_IF_OKTA: source.deadLetterQueue?.arn,
    });
  });

  it('leaves out the resources and values whose condition is false', async () => {
    const template = fixture() as { Conditions: Record<string, unknown> } & CfnTemplate;
    template.Conditions.OktaEnabled = { 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] };

    const { stack } = await materialise(template);

    expect(stack.rules.map((r) => r.logicalId).sort()).toEqual(['GenericRule', 'IdentityCenterRule']);
    expect(stack.queues.some((q) => q.logicalId === 'OktaDeliveryDeadLetterQueue')).toBe(false);
    expect(stack.eventSources[0].function.environment).not.toHaveProperty('DLQ_ARN_IF_OKTA');
  });

  it('skips a schedule rule (the reconcile runs on demand locally) and installs the event rules', async () => {
    const template = fixture();
    template.Resources.ReconcileEventsRuleSchedule1 = {
      Type: 'AWS::Events::Rule',
      Properties: { ScheduleExpression: 'rate(6 hours)', State: 'ENABLED', Targets: [{ Id: 'reconcile', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:reconcile' }] },
    };
    const { stack } = await materialise(template);
    expect(stack.rules.map((r) => r.logicalId)).not.toContain('ReconcileEventsRuleSchedule1');
    expect(stack.rules.map((r) => r.logicalId)).toContain('GenericRule');
  });

  it('gives the stack bus the publisher policy of the template', async () => {
    const { stack } = await materialise();

    const { Policy } = await clients.events.send(new DescribeEventBusCommand({ Name: stack.ownBusName }));
    const statements = (JSON.parse(Policy ?? '{}') as { Statement?: { Sid: string; Effect: string; Resource: string; Condition?: unknown }[] }).Statement ?? [];
    expect(statements.map((st) => [st.Sid, st.Effect])).toEqual([
      ['NamedPublishers', 'Allow'],
      ['NoOtherPublisher', 'Deny'],
    ]);
    expect(statements[0]!.Resource).toBe('arn:aws:events:us-east-1:123456789012:event-bus/wickr-idp-sync-local');
    expect(statements[1]!.Condition).toEqual({ ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::123456789012:role/wickr-idp-sync-local-publisher'] } });
  });

  it('has no bus of its own, and no generic rule, when the generic source is off', async () => {
    const template = fixture() as { Conditions: Record<string, unknown> } & CfnTemplate;
    template.Conditions.GenericEnabled = { 'Fn::Equals': ['false', 'true'] };

    const { stack } = await materialise(template);

    expect(stack.ownBusName).toBeUndefined();
    expect(stack.rules.map((r) => r.logicalId)).not.toContain('GenericRule');
    expect(stack.queues.map((q) => q.logicalId)).not.toContain('GenericDeliveryDeadLetterQueue');
  });

  it('names the place of an intrinsic function it cannot resolve', () => {
    const resolver = createResolver({ Resources: {} }, { region, accountId: '1', stackName: 's' }, { ref: () => '', getAtt: () => '' });

    expect(() => resolver.resolve({ A: [{ 'Fn::Base64': 'x' }] }, 'Resources.X')).toThrow('Resources.X.A[0]: Fn::Base64 is not supported locally');
    expect(resolver.resolve({ 'Fn::Join': ['-', ['a', { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y'] }] }]] })).toBe('a-y');
    expect(resolver.resolve({ 'Fn::Sub': ['${A}/${!Literal}/${AWS::Region}', { A: 'v' }] })).toBe(`v/\${Literal}/${region}`);
  });
});
