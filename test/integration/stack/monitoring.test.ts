import { ConfigMetric, DirectoryMetric, METRICS_NAMESPACE, OutcomeMetric, ReconcileMetric, SERVICE_NAME, WickrMetric } from '../../../src/core/metrics';
import { ScimMetric } from '../../../src/core/scim/constants';
import { deployedResources, resource, resourcesOfType, type CfnProps, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant, TEST_STAGE, VARIANT_PARAMS } from './helpers/packagedTemplate';

const PREFIX = `wickr-idp-sync-${TEST_STAGE}`;

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);

/**
 * Each deployed alarm on one metric as "<namespace> <metric> <dimensions>" → properties; an
 * alarm on metric math as "math <expression>".
 */
function alarms(variant: StackVariant): Map<string, CfnProps> {
  const found = new Map<string, CfnProps>();
  for (const alarm of Object.values(resourcesOfType(templates[variant]!, 'AWS::CloudWatch::Alarm'))) {
    const p = alarm.Properties;
    if (p.Metrics !== undefined) {
      const returned = (p.Metrics as { ReturnData?: boolean; Expression?: string }[]).find((m) => m.ReturnData);
      found.set(`math ${returned?.Expression}`, p);
      continue;
    }
    const dims = (p.Dimensions as { Name: string; Value: unknown }[]).map((d) => `${d.Name}=${typeof d.Value === 'string' ? d.Value : JSON.stringify(d.Value)}`);
    found.set(`${p.Namespace} ${p.MetricName} ${dims.join(',')}`, p);
  }
  return found;
}

const queueDepth = (queue: string): string => `AWS/SQS ApproximateNumberOfMessagesVisible QueueName={"Fn::GetAtt":["${queue}","QueueName"]}`;
const RECONCILE_ALARMS = [`${METRICS_NAMESPACE} ${ReconcileMetric.guardTripped} service=${SERVICE_NAME}`, 'AWS/Lambda Errors FunctionName={"Ref":"ReconcileLambdaFunction"}'];
const ARRIVALS = 'math FILL(sent, 0) + IF(rise > 0, rise, 0)';
const MAPPING_REJECTED = `${METRICS_NAMESPACE} ${ConfigMetric.mappingRejected} service=${SERVICE_NAME}`;
const IDP_AUTH_FAILED = `${METRICS_NAMESPACE} ${DirectoryMetric.authFailed} service=${SERVICE_NAME}`;
/** The SCIM endpoint's (stack/scim.yml): 5xx rate, a burst of 401s, its rule's delivery. */
const SCIM_ALARMS = [
  'math IF(FILL(requests, 0) >= 5, 100 * FILL(errors, 0) / requests, 0)',
  `${METRICS_NAMESPACE} ${ScimMetric.unauthorized} service=${SERVICE_NAME}`,
  queueDepth('ScimDeliveryDeadLetterQueue'),
  `AWS/Events FailedInvocations EventBusName=${PREFIX},RuleName=${PREFIX}-scim`,
];
const EXPECTED_ALARMS = {
  minimal: [
    queueDepth('EventsDeadLetterQueue'),
    ARRIVALS,
    MAPPING_REJECTED,
    IDP_AUTH_FAILED,
    'AWS/SQS ApproximateAgeOfOldestMessage QueueName={"Fn::GetAtt":["EventsQueue","QueueName"]}',
    'AWS/Lambda Errors FunctionName={"Ref":"SyncLambdaFunction"}',
    'AWS/Lambda Throttles FunctionName={"Ref":"SyncLambdaFunction"}',
    ...RECONCILE_ALARMS,
  ],
  full: [
    ...RECONCILE_ALARMS,
    queueDepth('EventsDeadLetterQueue'),
    ARRIVALS,
    MAPPING_REJECTED,
    IDP_AUTH_FAILED,
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
    ...SCIM_ALARMS,
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

  it('alarms again on each new dead letter, sent by the consumer or moved by SQS, even while the queue is not empty', () => {
    const p = alarms(variant).get(ARRIVALS)!;
    const metrics = p.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: CfnProps; Stat: string; Period: number } }[];
    const stat = (id: string) => metrics.find((m) => m.Id === id)?.MetricStat;
    const dlq = [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['EventsDeadLetterQueue', 'QueueName'] } }];
    // SendMessage by the consumer counts in NumberOfMessagesSent; a redrive-policy move only raises the depth.
    expect(stat('sent')).toMatchObject({ Metric: { Namespace: 'AWS/SQS', MetricName: 'NumberOfMessagesSent', Dimensions: dlq }, Stat: 'Sum', Period: 60 });
    expect(stat('depth')).toMatchObject({ Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: dlq }, Stat: 'Maximum', Period: 60 });
    expect(metrics.find((m) => m.Id === 'rise')?.Expression).toBe('DIFF(FILL(depth, REPEAT))');
    expect(p).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    // Back to OK a minute after the last arrival, so the next arrival notifies; that OK itself is not news.
    expect(p.OKActions).toBeUndefined();
  });

  it('names the rules the failed-invocation alarms watch', () => {
    // Schedules (the reconcile, the SCIM outbox drain) route no events.
    const ruleNames = Object.values(resourcesOfType(templates[variant]!, 'AWS::Events::Rule'))
      .filter((r) => r.Properties.EventPattern !== undefined)
      .map((r) => r.Properties.Name as string);
    const watched = [...alarms(variant).keys()].filter((k) => k.includes('FailedInvocations')).map((k) => /RuleName=(.+)$/.exec(k)?.[1]);
    expect(watched.sort()).toEqual(ruleNames.sort());
  });

  it('alarms when the oldest queued message reaches queueAgeAlarmSeconds', () => {
    const age = [...alarms(variant).entries()].find(([k]) => k.includes('ApproximateAgeOfOldestMessage'))?.[1];
    expect(age).toMatchObject({ Threshold: 1800, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('the IdP credentials alarm', () => {
  it.each([StackVariant.Minimal, StackVariant.Full])('fires on the first call the IdP refuses with 401 or 403 (%s parameters)', (variant) => {
    expect(alarms(variant).get(IDP_AUTH_FAILED)).toMatchObject({ Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
  });
});

describe('alarm notifications', () => {
  it('e-mails every alarm through one SNS topic when alarmEmail is set', () => {
    const full = templates.full!;
    expect(resource(full, 'AlarmTopic').Properties.Subscription).toEqual([{ Protocol: 'email', Endpoint: 'ops@example.com' }]);
    for (const [key, p] of alarms(StackVariant.Full)) {
      expect(p.AlarmActions).toEqual([{ Ref: 'AlarmTopic' }]);
      if (key !== ARRIVALS) expect(p.OKActions).toEqual([{ Ref: 'AlarmTopic' }]);
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

  it('charts every outcome, Wickr, reconcile and configuration metric the functions emit, in their namespace and service dimension', () => {
    const own = body().metrics.filter((m) => m[0] === METRICS_NAMESPACE);
    const names = new Set(own.map((m) => m[1]));
    const scim = variant === 'full' ? Object.values(ScimMetric) : [];
    expect([...names].sort()).toEqual(
      [...Object.values(OutcomeMetric), ...Object.values(WickrMetric), ...Object.values(ReconcileMetric), ...Object.values(ConfigMetric), ...Object.values(DirectoryMetric), ...scim].sort(),
    );
    for (const m of own) expect(m.slice(2, 4)).toEqual(['service', SERVICE_NAME]);
  });

  it('charts the queue depth and age and the depth of each deployed dead-letter queue', () => {
    const sqs = body()
      .metrics.filter((m) => m[0] === 'AWS/SQS')
      .map((m) => `${m[1]} ${m[3]}`);
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
