import { METRICS_NAMESPACE, OutcomeMetric, ReconcileMetric, SERVICE_NAME, WickrMetric } from '../../../src/core/metrics';
import { deployedResources, resource, resourcesOfType, type CfnProps, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant, TEST_STAGE, VARIANT_PARAMS } from './helpers/packagedTemplate';

const PREFIX = `wickr-idp-sync-${TEST_STAGE}`;

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);

/** Each deployed alarm as "<namespace> <metric> <dimensions>" → properties. */
function alarms(variant: StackVariant): Map<string, CfnProps> {
  const found = new Map<string, CfnProps>();
  for (const alarm of Object.values(resourcesOfType(templates[variant]!, 'AWS::CloudWatch::Alarm'))) {
    const p = alarm.Properties;
    const dims = (p.Dimensions as { Name: string; Value: unknown }[]).map((d) => `${d.Name}=${typeof d.Value === 'string' ? d.Value : JSON.stringify(d.Value)}`);
    found.set(`${p.Namespace} ${p.MetricName} ${dims.join(',')}`, p);
  }
  return found;
}

const queueDepth = (queue: string): string => `AWS/SQS ApproximateNumberOfMessagesVisible QueueName={"Fn::GetAtt":["${queue}","QueueName"]}`;
const RECONCILE_ALARMS = [`${METRICS_NAMESPACE} ${ReconcileMetric.guardTripped} service=${SERVICE_NAME}`, 'AWS/Lambda Errors FunctionName={"Ref":"ReconcileLambdaFunction"}'];
const EXPECTED_ALARMS = {
  minimal: [
    queueDepth('EventsDeadLetterQueue'),
    queueDepth('GenericDeliveryDeadLetterQueue'),
    'AWS/SQS ApproximateAgeOfOldestMessage QueueName={"Fn::GetAtt":["EventsQueue","QueueName"]}',
    'AWS/Lambda Errors FunctionName={"Ref":"SyncLambdaFunction"}',
    'AWS/Lambda Throttles FunctionName={"Ref":"SyncLambdaFunction"}',
    `AWS/Events FailedInvocations EventBusName=${PREFIX},RuleName=${PREFIX}-generic`,
    ...RECONCILE_ALARMS,
  ],
  full: [
    ...RECONCILE_ALARMS,
    queueDepth('EventsDeadLetterQueue'),
    queueDepth('GenericDeliveryDeadLetterQueue'),
    queueDepth('OktaDeliveryDeadLetterQueue'),
    queueDepth('IdentityCenterDeliveryDeadLetterQueue'),
    'AWS/SQS ApproximateAgeOfOldestMessage QueueName={"Fn::GetAtt":["EventsQueue","QueueName"]}',
    'AWS/Lambda Errors FunctionName={"Ref":"SyncLambdaFunction"}',
    'AWS/Lambda Throttles FunctionName={"Ref":"SyncLambdaFunction"}',
    `AWS/Events FailedInvocations EventBusName=${PREFIX},RuleName=${PREFIX}-generic`,
    // Rules on a partner bus report with EventBusName; rules on the default bus without it.
    `AWS/Events FailedInvocations EventBusName=${VARIANT_PARAMS.full.oktaEventSourceName},RuleName=${PREFIX}-okta`,
    `AWS/Events FailedInvocations RuleName=${PREFIX}-identity-center`,
  ],
};

describe.each([StackVariant.Minimal, StackVariant.Full])('alarms (%s parameters)', (variant) => {
  it('watches every dead-letter queue, the queue age, Lambda errors and throttles, and each rule failed invocations', () => {
    expect([...alarms(variant).keys()].sort()).toEqual([...EXPECTED_ALARMS[variant]].sort());
  });

  it('fires on the first dead-lettered message', () => {
    for (const [key, p] of alarms(variant)) {
      if (!key.includes('ApproximateNumberOfMessagesVisible')) continue;
      expect({ key, ...p }).toMatchObject({ key, Statistic: 'Maximum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    }
  });

  it('names the rules the failed-invocation alarms watch', () => {
    const ruleNames = Object.values(resourcesOfType(templates[variant]!, 'AWS::Events::Rule')).map((r) => r.Properties.Name as string);
    const watched = [...alarms(variant).keys()].filter((k) => k.includes('FailedInvocations')).map((k) => /RuleName=(.+)$/.exec(k)?.[1]);
    expect(watched.sort()).toEqual(ruleNames.sort());
  });

  it('alarms when the oldest queued message reaches queueAgeAlarmSeconds', () => {
    const age = [...alarms(variant).entries()].find(([k]) => k.includes('ApproximateAgeOfOldestMessage'))?.[1];
    expect(age).toMatchObject({ Threshold: 1800, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('alarm notifications', () => {
  it('e-mails every alarm through one SNS topic when alarmEmail is set', () => {
    const full = templates.full!;
    expect(resource(full, 'AlarmTopic').Properties.Subscription).toEqual([{ Protocol: 'email', Endpoint: 'ops@example.com' }]);
    for (const p of alarms(StackVariant.Full).values()) {
      expect(p.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
      expect(p.OKActions).toEqual([{ Ref: 'AlarmTopic' }]);
    }
  });

  it('keeps the alarms without actions or topic when alarmEmail is empty', () => {
    expect(Object.keys(deployedResources(templates.minimal!))).not.toContain('AlarmTopic');
    for (const p of alarms(StackVariant.Minimal).values()) expect(p.AlarmActions).toBeUndefined();
  });
});

describe.each([StackVariant.Minimal, StackVariant.Full])('dashboard (%s parameters)', (variant) => {
  const body = (): { text: string; metrics: unknown[][] } => {
    const sub = resource(templates[variant]!, 'Dashboard').Properties.DashboardBody['Fn::Sub'] as string;
    const parsed = JSON.parse(sub) as { widgets: { properties: { metrics: unknown[][] } }[] };
    return { text: sub, metrics: parsed.widgets.flatMap((w) => w.properties.metrics) };
  };

  it('charts every outcome, Wickr and reconcile metric the functions emit, in their namespace and service dimension', () => {
    const own = body().metrics.filter((m) => m[0] === METRICS_NAMESPACE);
    const names = new Set(own.map((m) => m[1]));
    expect([...names].sort()).toEqual([...Object.values(OutcomeMetric), ...Object.values(WickrMetric), ...Object.values(ReconcileMetric)].sort());
    for (const m of own) expect(m.slice(2, 4)).toEqual(['service', SERVICE_NAME]);
  });

  it('charts the queue depth and age and the depth of each deployed dead-letter queue', () => {
    const sqs = body().metrics.filter((m) => m[0] === 'AWS/SQS').map((m) => `${m[1]} ${m[3]}`);
    const dlqs = Object.keys(resourcesOfType(templates[variant]!, 'AWS::SQS::Queue')).filter((id) => id !== 'EventsQueue');
    expect(sqs).toEqual(
      expect.arrayContaining([
        'ApproximateNumberOfMessagesVisible ${EventsQueue.QueueName}',
        'ApproximateAgeOfOldestMessage ${EventsQueue.QueueName}',
        ...dlqs.map((id) => `ApproximateNumberOfMessagesVisible \${${id}.QueueName}`),
      ]),
    );
  });

  it('refers only to resources the stack deploys, so Fn::Sub resolves', () => {
    const deployed = Object.keys(deployedResources(templates[variant]!));
    const refs = [...body().text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)].map((m) => m[1]!);
    for (const ref of refs) expect(deployed).toContain(ref);
  });
});
