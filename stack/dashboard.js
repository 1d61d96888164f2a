// @ts-check
'use strict';
/**
 * The CloudWatch dashboard body, used as `${file(./stack/dashboard.js):body}`. Built here because
 * a dashboard body is one JSON string and its widgets depend on which sources are enabled.
 * Metric names and the namespace are those of src/core/metrics.ts (a test compares them).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 */

const NAMESPACE = 'WickrIdpSync';
const SERVICE = 'wickr-idp-sync';
const OUTCOMES = ['Applied', 'Created', 'Deleted', 'Unchanged', 'Duplicate', 'Ignored', 'NotProvisioned', 'DeadLettered', 'RetryLater'];

/**
 * @param {string} title
 * @param {unknown[][]} metrics CloudWatch metric arrays
 * @param {Record<string, unknown>} [extra]
 */
const widget = (title, metrics, extra = {}) => ({
  type: 'metric',
  width: 12,
  height: 6,
  properties: { title, metrics, region: '${AWS::Region}', view: 'timeSeries', stat: 'Sum', period: 300, ...extra },
});

/**
 * @param {string} queueName an `Fn::Sub` reference such as `${EventsQueue.QueueName}`
 * @param {string} label
 */
const visible = (queueName, label) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queueName, { stat: 'Maximum', label }];

/**
 * @param {{ service: string, stage: string, oktaEventSourceName: string, identityCenter: boolean, generic: boolean, scim: boolean }} stack
 */
function dashboardBody(stack) {
  const prefix = `${stack.service}-${stack.stage}`;
  const okta = stack.oktaEventSourceName !== '';
  // Rules on the default bus report RuleName only; on other buses EventBusName too.
  /** @type {{ name: string, bus: string | null }[]} */
  const rules = [
    ...(okta ? [{ name: 'okta', bus: stack.oktaEventSourceName }] : []),
    ...(stack.identityCenter ? [{ name: 'identity-center', bus: null }] : []),
    ...(stack.generic ? [{ name: 'generic', bus: prefix }] : []),
    ...(stack.scim ? [{ name: 'scim', bus: prefix }] : []),
  ];
  const ruleMetrics = rules.flatMap(({ name, bus }) => {
    const dims = [...(bus === null ? [] : ['EventBusName', bus]), 'RuleName', `${prefix}-${name}`];
    return [
      ['AWS/Events', 'Invocations', ...dims, { label: `${name} delivered` }],
      ['AWS/Events', 'FailedInvocations', ...dims, { label: `${name} failed` }],
    ];
  });
  const widgets = [
    widget(
      'Outcomes per message',
      OUTCOMES.map((m) => [NAMESPACE, m, 'service', SERVICE]),
    ),
    widget('Wickr latency (ms)', [
      [NAMESPACE, 'WickrLatency', 'service', SERVICE, { stat: 'p50', label: 'p50' }],
      [NAMESPACE, 'WickrLatency', 'service', SERVICE, { stat: 'p90', label: 'p90' }],
      [NAMESPACE, 'WickrLatency', 'service', SERVICE, { stat: 'Maximum', label: 'max' }],
    ]),
    widget('Wickr throttles, retries and writes', [
      [NAMESPACE, 'WickrThrottles', 'service', SERVICE],
      [NAMESPACE, 'WickrRetries', 'service', SERVICE],
      [NAMESPACE, 'WickrWrites', 'service', SERVICE],
    ]),
    widget('Events queue', [
      visible('${EventsQueue.QueueName}', 'waiting'),
      ['AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', 'QueueName', '${EventsQueue.QueueName}', { stat: 'Maximum', label: 'in flight' }],
      ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', '${EventsQueue.QueueName}', { stat: 'Maximum', label: 'oldest (s)', yAxis: 'right' }],
    ]),
    widget('Dead-letter queues (messages waiting)', [
      visible('${EventsDeadLetterQueue.QueueName}', 'consumer gave up'),
      ...(okta ? [visible('${OktaDeliveryDeadLetterQueue.QueueName}', 'Okta not delivered')] : []),
      ...(stack.identityCenter ? [visible('${IdentityCenterDeliveryDeadLetterQueue.QueueName}', 'Identity Center not delivered')] : []),
      ...(stack.generic ? [visible('${GenericDeliveryDeadLetterQueue.QueueName}', 'generic not delivered')] : []),
      ...(stack.scim ? [visible('${ScimDeliveryDeadLetterQueue.QueueName}', 'SCIM not delivered')] : []),
    ]),
    widget('Mapping refused (the last good one stays in use)', [[NAMESPACE, 'MappingRejected', 'service', SERVICE, { label: 'refusals' }]]),
    // src/core/metrics.ts DirectoryMetric: the IdP refused the sync's token or role.
    widget('IdP refused the credentials (401/403)', [[NAMESPACE, 'IdpAuthFailed', 'service', SERVICE, { label: 'refused calls' }]]),
    widget('Sync function', [
      ['AWS/Lambda', 'Invocations', 'FunctionName', '${SyncLambdaFunction}'],
      ['AWS/Lambda', 'Errors', 'FunctionName', '${SyncLambdaFunction}'],
      ['AWS/Lambda', 'Throttles', 'FunctionName', '${SyncLambdaFunction}'],
      ['AWS/Lambda', 'Duration', 'FunctionName', '${SyncLambdaFunction}', { stat: 'p99', label: 'duration p99 (ms)', yAxis: 'right' }],
    ]),
    // A widget needs at least one metric: none when every source is off.
    ...(ruleMetrics.length > 0 ? [widget('EventBridge rules', ruleMetrics)] : []),
    // The reconcile (src/core/metrics.ts ReconcileMetric): one value per finished run.
    widget('Reconcile: drift, suspensions, guard', [
      [NAMESPACE, 'ReconcileDrifted', 'service', SERVICE, { label: 'drifted users' }],
      [NAMESPACE, 'ReconcileSuspensions', 'service', SERVICE, { label: 'suspensions planned' }],
      [NAMESPACE, 'ReconcileGuardTripped', 'service', SERVICE, { label: 'guard tripped' }],
      [NAMESPACE, 'ReconcileDeletions', 'service', SERVICE, { label: 'deletions planned' }],
    ]),
    widget('Reconcile function', [
      ['AWS/Lambda', 'Invocations', 'FunctionName', '${ReconcileLambdaFunction}'],
      ['AWS/Lambda', 'Errors', 'FunctionName', '${ReconcileLambdaFunction}', { label: 'failed runs' }],
      [NAMESPACE, 'ReconcileDurationMs', 'service', SERVICE, { stat: 'Maximum', label: 'run duration (ms)', yAxis: 'right' }],
    ]),
    ...(stack.scim ? scimWidgets() : []),
  ];
  // Lay the widgets out two per row.
  const positioned = widgets.map((w, i) => ({ ...w, x: (i % 2) * 12, y: Math.floor(i / 2) * 6 }));
  return { 'Fn::Sub': JSON.stringify({ widgets: positioned }) };
}

/**
 * The SCIM endpoint (stack/scim.yml): what the IdP sent and how it was answered (API Gateway's
 * own metrics, and the refused tokens its access log counts), and the scim function.
 */
function scimWidgets() {
  const api = ['ApiId', '${ScimHttpApi}'];
  return [
    widget('SCIM requests at API Gateway', [
      ['AWS/ApiGateway', 'Count', ...api, { label: 'requests' }],
      ['AWS/ApiGateway', '4xx', ...api, { label: '4xx (its own 429s included)' }],
      ['AWS/ApiGateway', '5xx', ...api, { label: '5xx' }],
    ]),
    // The function's own counts (src/core/scim/constants.ts ScimMetric).
    widget('SCIM answers of the function', [
      [NAMESPACE, 'ScimRequests', 'service', SERVICE, { label: 'answered' }],
      [NAMESPACE, 'ScimClientErrors', 'service', SERVICE, { label: '4xx (bad request)' }],
      [NAMESPACE, 'ScimUnauthorized', 'service', SERVICE, { label: '401 (no valid token)' }],
      [NAMESPACE, 'ScimThrottled', 'service', SERVICE, { label: '429 (function throttle)' }],
      [NAMESPACE, 'ScimServerErrors', 'service', SERVICE, { label: '5xx' }],
      [NAMESPACE, 'ScimOutboxPublished', 'service', SERVICE, { label: 'published late (outbox)' }],
    ]),
    widget('SCIM latency (ms)', [
      ['AWS/ApiGateway', 'Latency', ...api, { stat: 'p50', label: 'p50' }],
      ['AWS/ApiGateway', 'Latency', ...api, { stat: 'p99', label: 'p99' }],
      [NAMESPACE, 'ScimLatency', 'service', SERVICE, { stat: 'p99', label: 'function p99' }],
    ]),
    widget('SCIM function', [
      ['AWS/Lambda', 'Invocations', 'FunctionName', '${ScimLambdaFunction}'],
      ['AWS/Lambda', 'Errors', 'FunctionName', '${ScimLambdaFunction}'],
      ['AWS/Lambda', 'Throttles', 'FunctionName', '${ScimLambdaFunction}'],
      ['AWS/Lambda', 'ConcurrentExecutions', 'FunctionName', '${ScimLambdaFunction}', { stat: 'Maximum', label: 'concurrency', yAxis: 'right' }],
    ]),
  ];
}

/** The reconcile metrics charted (the names of ReconcileMetric in src/core/metrics.ts). */
const RECONCILE_METRICS = ['ReconcileDrifted', 'ReconcileSuspensions', 'ReconcileGuardTripped', 'ReconcileDeletions', 'ReconcileDurationMs'];

module.exports = { dashboardBody, NAMESPACE, SERVICE, OUTCOMES, RECONCILE_METRICS };
