import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readConfig } from '../../../src/handlers/config';
import { stackQueueNames } from '../../../scripts/redrive';
import { genericBusName } from '../../../scripts/send-test-event';
import { arnOf, conditionHolds, deployedResources, resource, resourcesOfType, type CfnTemplate } from './helpers/cfn';
import { packagedDir, packagedTemplate, StackVariant, TEST_STAGE, VARIANT_PARAMS } from './helpers/packagedTemplate';
import { zipEntries } from './helpers/zipEntries';

const FOURTEEN_DAYS = 1_209_600;
const PREFIX = `wickr-idp-sync-${TEST_STAGE}`;
const DELIVERY_DLQ = {
  OktaRule: 'OktaDeliveryDeadLetterQueue',
  IdentityCenterRule: 'IdentityCenterDeliveryDeadLetterQueue',
  GenericRule: 'GenericDeliveryDeadLetterQueue',
  ScimRule: 'ScimDeliveryDeadLetterQueue',
} as const;
const RULES_BY_VARIANT = { minimal: [], full: ['OktaRule', 'IdentityCenterRule', 'GenericRule', 'ScimRule'] } as const;
/** The rule the events queue's policy names: GetAtt of each rule, ScimRule's included when SCIM is on (settings.js scimRuleArn). */
const eventsQueueSourceArn = (rule: keyof typeof DELIVERY_DLQ): unknown => arnOf(rule);

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);
const template = (variant: StackVariant): CfnTemplate => templates[variant]!;

describe.each([StackVariant.Minimal, StackVariant.Full])('packaged stack (%s parameters)', (variant) => {
  const rules = RULES_BY_VARIANT[variant];

  it('gives the events queue SSE, a visibility of six times the function timeout and a redrive to the consumer DLQ after at least 5 receives', () => {
    const queue = resource(template(variant), 'EventsQueue').Properties;
    const timeout = resource(template(variant), 'SyncLambdaFunction').Properties.Timeout as number;
    expect(timeout).toBe(Number(VARIANT_PARAMS[variant].functionTimeout ?? 60));
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(queue.VisibilityTimeout).toBe(6 * timeout);
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual(arnOf('EventsDeadLetterQueue'));
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(Number(VARIANT_PARAMS[variant].maxReceiveCount ?? 20));
    expect(queue.QueueName).toBe(`${PREFIX}-events`);
  });

  it('keeps every dead-letter queue, of both kinds, encrypted for 14 days and longer than the events queue keeps messages', () => {
    const dlqs = ['EventsDeadLetterQueue', ...rules.map((r) => DELIVERY_DLQ[r])];
    const queues = resourcesOfType(template(variant), 'AWS::SQS::Queue');
    expect(Object.keys(queues).sort()).toEqual(['EventsQueue', ...dlqs].sort());
    for (const id of dlqs) {
      expect({ id, ...queues[id]!.Properties }).toMatchObject({ id, MessageRetentionPeriod: FOURTEEN_DAYS, SqsManagedSseEnabled: true });
      expect(queues[id]!.Properties.FifoQueue).toBeUndefined(); // EventBridge DLQs must be standard queues
    }
    expect(queues.EventsQueue!.Properties.MessageRetentionPeriod).toBeLessThan(FOURTEEN_DAYS);
  });

  it('puts each rule on its bus with a retry policy and its own delivery dead-letter queue', () => {
    // The reconcile's schedule rule (test/integration/stack/reconcile.test.ts) routes no events.
    const deployed = Object.fromEntries(Object.entries(resourcesOfType(template(variant), 'AWS::Events::Rule')).filter(([, r]) => r.Properties.ScheduleExpression === undefined));
    expect(Object.keys(deployed).sort()).toEqual([...rules].sort());
    const expectedBus = {
      OktaRule: VARIANT_PARAMS.full.oktaEventSourceName,
      IdentityCenterRule: 'default',
      GenericRule: { 'Fn::GetAtt': ['GenericEventBus', 'Name'] },
      ScimRule: { 'Fn::GetAtt': ['GenericEventBus', 'Name'] },
    };
    for (const id of rules) {
      const rule = deployed[id]!.Properties;
      expect(rule.EventBusName).toEqual(expectedBus[id]);
      expect(rule.State).toBe('ENABLED');
      expect(rule.Targets).toEqual([
        {
          Id: 'events-queue',
          Arn: arnOf('EventsQueue'),
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: arnOf(DELIVERY_DLQ[id]) },
        },
      ]);
    }
  });

  it('lets EventBridge send to the events queue only for this stack rules (aws:SourceArn), and denies every other sender but the roles', () => {
    const policies = resourcesOfType(template(variant), 'AWS::SQS::QueuePolicy');
    const [queuePolicy] = Object.values(policies).filter((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: 'EventsQueue' }]));
    const statements = (queuePolicy?.Properties.PolicyDocument.Statement ?? []) as Record<string, unknown>[];
    // The Deny exists with or without rules: nobody may skip the bus by sending to the queue (docs/operations.md § IAM).
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual(
      rules.map((rule) => ({
        Sid: rule,
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: arnOf('EventsQueue'),
        Condition: { ArnEquals: { 'aws:SourceArn': eventsQueueSourceArn(rule) } },
      })),
    );
    const denies = statements.filter((st) => st.Effect === 'Deny');
    expect(denies).toMatchObject([{ Sid: 'OnlyTheRulesAndTheRoles', Principal: '*', Action: 'sqs:SendMessage', Resource: arnOf('EventsQueue') }]);
    const notFrom = (denies[0] as { Condition: { ArnNotEquals: Record<string, unknown[]> } }).Condition.ArnNotEquals;
    expect(notFrom['aws:SourceArn'] ?? []).toEqual(rules.map(eventsQueueSourceArn));
    expect(notFrom['aws:PrincipalArn']).toEqual(expect.arrayContaining([arnOf('IamRoleLambdaExecution'), arnOf('ReconcileRole')]));
  });

  it('lets each rule, and only that rule, send to its delivery dead-letter queue', () => {
    const policies = Object.values(resourcesOfType(template(variant), 'AWS::SQS::QueuePolicy'));
    for (const rule of rules) {
      const dlq = DELIVERY_DLQ[rule];
      const policy = policies.find((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: dlq }]));
      expect(policy?.Properties.PolicyDocument.Statement).toEqual([
        {
          Sid: rule,
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: arnOf(dlq),
          Condition: { ArnEquals: { 'aws:SourceArn': arnOf(rule) } },
        },
      ]);
    }
    expect(policies).toHaveLength(rules.length + 1);
  });

  it('creates the state table keyed on pk with TTL on expiresAt, on demand, with point-in-time recovery and the one sparse byList index', () => {
    expect(resource(template(variant), 'StateTable').Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'gpk', AttributeType: 'S' },
        { AttributeName: 'gsk', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byList',
          KeySchema: [
            { AttributeName: 'gpk', KeyType: 'HASH' },
            { AttributeName: 'gsk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['wickrUserId'] },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('runs the sync handler on nodejs22.x arm64 with source maps, fed by the queue with partial batch responses', () => {
    const fn = resource(template(variant), 'SyncLambdaFunction').Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'src/handlers/sync.handler' });
    expect(fn.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    const [mapping] = Object.values(resourcesOfType(template(variant), 'AWS::Lambda::EventSourceMapping'));
    const params = VARIANT_PARAMS[variant];
    expect(mapping!.Properties).toMatchObject({
      EventSourceArn: arnOf('EventsQueue'),
      FunctionName: arnOf('SyncLambdaFunction'),
      BatchSize: Number(params.batchSize ?? 10),
      MaximumBatchingWindowInSeconds: Number(params.batchingWindow ?? 1),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: Number(params.maximumConcurrency ?? 5) },
    });
    expect(resource(template(variant), 'SyncLogGroup').Properties.RetentionInDays).toBe(Number(params.logRetentionDays ?? 30));
  });

  it('outputs the queues, dead-letter queues, table, generic bus and function name', () => {
    const outputs = Object.entries(template(variant).Outputs ?? {})
      .filter(([, o]) => o.Condition === undefined || conditionHolds(template(variant), o.Condition))
      .map(([name]) => name);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'EventsQueueUrl',
        'EventsQueueArn',
        'EventsDeadLetterQueueUrl',
        'EventsDeadLetterQueueArn',
        'StateTableName',
        'SyncFunctionName',
        ...(variant === 'full'
          ? [
              'OktaDeliveryDeadLetterQueueUrl',
              'IdentityCenterDeliveryDeadLetterQueueUrl',
              'GenericDeliveryDeadLetterQueueUrl',
              'GenericEventBusName',
              'GenericEventBusArn',
              'ScimEndpointUrl',
              'ScimTableName',
              'ScimDeliveryDeadLetterQueueUrl',
            ]
          : []),
      ]),
    );
  });

  it('sets an environment the consumer configuration accepts', () => {
    const variables = resource(template(variant), 'SyncLambdaFunction').Properties.Environment.Variables as Record<string, unknown>;
    const standIns = {
      STATE_TABLE_NAME: `${PREFIX}-state`,
      ...(variant === 'full' && { SCIM_TABLE_NAME: `${PREFIX}-scim` }),
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
      DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/d',
    };
    expect(variables).toMatchObject({ STATE_TABLE_NAME: { Ref: 'StateTable' }, QUEUE_URL: { Ref: 'EventsQueue' }, DLQ_URL: { Ref: 'EventsDeadLetterQueue' } });
    const env = { ...(variables as Record<string, string>), ...standIns };
    const config = readConfig(env);
    expect(config.wickr.networkId).toBe(VARIANT_PARAMS[variant].wickrNetworkId);
    expect(config.okta === undefined).toBe(variant === 'minimal');
    expect(config.identityCenter === undefined).toBe(variant === 'minimal');
    expect(config.dryRun).toBe(variant === 'full');
    // The full variant names generic publishers; the consumer then accepts generic bodies, and only then.
    expect(config.genericEnabled).toBe(variant === 'full');
    expect(variables.MAX_RECEIVE_COUNT).toBe(VARIANT_PARAMS[variant].maxReceiveCount ?? '20');
    expect(config.configMaxAgeSeconds).toBe(Number(VARIANT_PARAMS[variant].configMaxAgeSeconds ?? 300));
  });
});

/** Variables of src/handlers/README.md that only make sense on a workstation. */
const LOCAL_ONLY = ['WICKR_ENDPOINT', 'MAPPING_FILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_<SERVICE>'];

describe('packaged stack: optional parts', () => {
  it('sets every variable of src/handlers/README.md except the local-only ones when all sources are on', () => {
    const readme = readFileSync(join(__dirname, '../../../src/handlers/README.md'), 'utf8');
    const documented = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z_<>]+)`/g)].map((m) => m[1]!));
    expect(documented.length).toBeGreaterThan(15);
    const variables = resource(template(StackVariant.Full), 'SyncLambdaFunction').Properties.Environment.Variables as Record<string, unknown>;
    const missing = documented.filter((name) => !(name in variables) && !LOCAL_ONLY.includes(name));
    expect(missing).toEqual([]);
    expect(Object.keys(variables).filter((name) => LOCAL_ONLY.includes(name))).toEqual([]);
  });

  it('has no Okta rule, Identity Center rule, generic bus or rule, or alarm topic when their parameters are empty', () => {
    const minimal = template(StackVariant.Minimal);
    const conditions = ['OktaEnabled', 'IdentityCenterEnabled', 'GenericEnabled', 'ScimEnabled', 'StackBusEnabled', 'AnySourceEnabled', 'AlarmEmailSet'];
    expect(conditions.map((c) => conditionHolds(minimal, c))).toEqual([false, false, false, false, false, false, false]);
    const deployed = Object.keys(deployedResources(minimal));
    const optional = [
      'OktaRule',
      'OktaDeliveryDeadLetterQueue',
      'IdentityCenterRule',
      'IdentityCenterDeliveryDeadLetterQueue',
      'GenericEventBus',
      'GenericRule',
      'GenericDeliveryDeadLetterQueue',
      'AlarmTopic',
    ];
    for (const id of optional) expect(deployed).not.toContain(id);
  });

  it('admits to the stack bus only the principals of genericPublisherArns and the scim role, and denies every other one', () => {
    const full = template(StackVariant.Full);
    const publishers = VARIANT_PARAMS.full.genericPublisherArns!.split(',');
    const scimRole = { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${PREFIX}-us-east-1-scimRole` };
    const busArn = { 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/${PREFIX}` };
    expect(resource(full, 'GenericEventBus').Properties.Policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'NamedPublishers', Effect: 'Allow', Principal: { AWS: publishers }, Action: 'events:PutEvents', Resource: busArn },
        { Sid: 'NoOtherPublisher', Effect: 'Deny', Principal: '*', Action: 'events:PutEvents', Resource: busArn, Condition: { ArnNotLike: { 'aws:PrincipalArn': [...publishers, scimRole] } } },
      ],
    });
    expect(resource(full, 'GenericEventBus').Properties.Name).toBe(PREFIX);
  });

  it('names the queues and the generic bus as the operator tools look them up', () => {
    const full = template(StackVariant.Full);
    const names = stackQueueNames(TEST_STAGE);
    const queueName = (id: string): unknown => resource(full, id).Properties.QueueName;
    expect(queueName('EventsQueue')).toBe(names.queue);
    expect(queueName('EventsDeadLetterQueue')).toBe(names.deadLetter.consumer);
    expect(queueName('OktaDeliveryDeadLetterQueue')).toBe(names.deadLetter.okta);
    expect(queueName('IdentityCenterDeliveryDeadLetterQueue')).toBe(names.deadLetter['identity-center']);
    expect(queueName('GenericDeliveryDeadLetterQueue')).toBe(names.deadLetter.generic);
    expect(resource(full, 'GenericEventBus').Properties.Name).toBe(genericBusName(TEST_STAGE));
  });

  it('saves the runbook Logs Insights queries on the sync and reconcile log groups', () => {
    const queries = Object.values(resourcesOfType(template(StackVariant.Minimal), 'AWS::Logs::QueryDefinition')).map((q) => q.Properties);
    const byName = Object.fromEntries(queries.map((q) => [q.Name as string, q]));
    const folder = `wickr-idp-sync/${TEST_STAGE}`;
    expect(Object.keys(byName).sort()).toEqual(
      [`${folder}/what happened to one Wickr user`, `${folder}/what happened to one event`, `${folder}/dead letters by class (run over the last day)`, `${folder}/recent reconcile runs`].sort(),
    );
    const sync = [`/aws/lambda/${PREFIX}-sync`];
    expect(byName[`${folder}/what happened to one Wickr user`]).toMatchObject({ LogGroupNames: sync, QueryString: expect.stringContaining('filter wickrUserId = ') });
    expect(byName[`${folder}/what happened to one event`]).toMatchObject({ LogGroupNames: sync, QueryString: expect.stringContaining('filter eventId = ') });
    expect(byName[`${folder}/dead letters by class (run over the last day)`]).toMatchObject({ LogGroupNames: sync, QueryString: expect.stringContaining('by errorClass') });
    expect(byName[`${folder}/recent reconcile runs`]).toMatchObject({ LogGroupNames: [`/aws/lambda/${PREFIX}-reconcile`] });
    // The sync function's log group is the one osls creates for it.
    expect(resource(template(StackVariant.Minimal), 'SyncLogGroup').Properties.LogGroupName).toBe(sync[0]);
  });

  it('has the Okta rule on the partner bus when the Okta event source is set', () => {
    const full = template(StackVariant.Full);
    expect(conditionHolds(full, 'OktaEnabled')).toBe(true);
    expect(resource(full, 'OktaRule').Properties).toMatchObject({ Name: `${PREFIX}-okta`, EventBusName: 'aws.partner/okta.com/example-org/wickr-sync' });
  });

  it('ships one minified bundle per function with its source map and no node_modules (the AWS SDK is bundled)', async () => {
    const entries = zipEntries(join(await packagedDir(StackVariant.Minimal), 'wickr-idp-sync.zip'));
    expect(entries.sort()).toEqual(['src/handlers/reconcile.js', 'src/handlers/reconcile.js.map', 'src/handlers/sync.js', 'src/handlers/sync.js.map']);
  });
});
