// @ts-check
'use strict';
/**
 * Deploy-time settings for serverless.yml, used as `${file(./stack/settings.js):<name>}`.
 *
 * Reads the `params` (a `--param` on the command line beats `params.<stage>`, which beats
 * `params.default`), validates them all at once so a wrong value fails `osls package` with a
 * message that names the parameter, and derives what YAML cannot compute: numbers, the
 * 6 × timeout visibility, the IAM statements of the optional sources, and a Lambda environment
 * without empty values. osls calls each export with `{ resolveVariable }`.
 */

const { iamStatements } = require('./iam');
const { dashboardBody } = require('./dashboard');
const { reconcileEvents, reconcileStatements } = require('./reconcileIam');
const { scimFunction, scimStatements, scimReadStatements, SCIM_THROTTLE_MIN } = require('./scimIam');
const LIMITS = require('./limits.json');

/** @typedef {(address: string) => Promise<unknown>} ResolveVariable */

const PARAMS = [
  'wickrNetworkId',
  'wickrRegion',
  'wickrUseFips',
  'wickrUseDualstack',
  'mappingParameterName',
  'oktaEventSourceName',
  'oktaOrgUrl',
  'oktaTokenSecretId',
  'identityCenterEnabled',
  'identityStoreId',
  'alarmEmail',
  'dryRun',
  'batchSize',
  'batchingWindow',
  'maximumConcurrency',
  'wickrConcurrency',
  'functionTimeout',
  'maxReceiveCount',
  'logRetentionDays',
  'logLevel',
  'eventTtlSeconds',
  'queueAgeAlarmSeconds',
  'wickrRetryMode',
  'reconcileSchedule',
  'genericPublisherArns',
  'redrivePrincipalArns',
  'configMaxAgeSeconds',
  'scimEnabled',
  'scimThrottleRate',
  'scimThrottleBurst',
];

/**
 * An IAM role or user that may publish generic events. Account roots are refused: the bus
 * policy's Deny names principals by `aws:PrincipalArn`, which for anyone acting in an account is
 * their role or user ARN, never the root's, so a root would admit no one.
 */
const PUBLISHER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * @param {Record<string, string>} raw
 * @returns {{ settings: Settings, errors: string[] }}
 */
function validate(raw) {
  /** @type {string[]} */
  const errors = [];
  const fail = (/** @type {string} */ name, /** @type {string} */ why) => errors.push(`--param ${name}=${JSON.stringify(raw[name])}: ${why}`);
  const int = (/** @type {string} */ name, /** @type {number} */ min, /** @type {number} */ max) => {
    const n = Number(raw[name]);
    if (!/^\d+$/.test(raw[name]) || n < min || n > max) fail(name, `expected a whole number from ${min} to ${max}`);
    return n;
  };
  const bool = (/** @type {string} */ name) => {
    if (raw[name] !== 'true' && raw[name] !== 'false') fail(name, 'expected true or false');
    return raw[name] === 'true';
  };
  const match = (/** @type {string} */ name, /** @type {RegExp} */ re, /** @type {string} */ what) => {
    if (!re.test(raw[name])) fail(name, `expected ${what}`);
    return raw[name];
  };
  /** A bound of stack/limits.json, shared with the handler's own check. */
  const limited = (/** @type {keyof typeof LIMITS & string} */ name) => {
    const { min, max } = /** @type {{ min: number, max: number }} */ (LIMITS[name]);
    return int(name, min, max);
  };
  const arnList = (/** @type {string} */ name) => {
    const arns = [
      ...new Set(
        (raw[name] ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
      ),
    ];
    const bad = arns.filter((a) => !PUBLISHER_ARN.test(a));
    if (bad.length > 0) fail(name, `expected IAM role or user ARNs separated by commas (arn:aws:iam::<account>:role/<name>); not one: ${bad.join(', ')}`);
    return arns;
  };

  const settings = {
    wickrNetworkId: match('wickrNetworkId', /^\d{8}$/, 'the 8-digit Wickr network id'),
    wickrRegion: match('wickrRegion', /^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region such as us-east-1'),
    wickrUseFips: bool('wickrUseFips'),
    wickrUseDualstack: bool('wickrUseDualstack'),
    mappingParameterName: match('mappingParameterName', /^\/?[a-zA-Z0-9_.\-/]{1,1000}$/, 'an SSM parameter name such as /wickr-idp-sync/prod/mapping'),
    oktaEventSourceName: raw.oktaEventSourceName,
    oktaOrgUrl: raw.oktaOrgUrl,
    oktaTokenSecretId: raw.oktaTokenSecretId,
    identityCenterEnabled: bool('identityCenterEnabled'),
    identityStoreId: raw.identityStoreId,
    alarmEmail: raw.alarmEmail,
    dryRun: bool('dryRun'),
    batchSize: limited('batchSize'),
    batchingWindow: int('batchingWindow', 0, 300),
    maximumConcurrency: int('maximumConcurrency', 2, 1000),
    wickrConcurrency: limited('wickrConcurrency'),
    functionTimeout: functionTimeout(raw.functionTimeout, fail),
    maxReceiveCount: limited('maxReceiveCount'),
    logRetentionDays: int('logRetentionDays', 1, 3653),
    logLevel: match('logLevel', /^(TRACE|DEBUG|INFO|WARN|ERROR|CRITICAL|SILENT)$/, 'a Powertools log level (DEBUG, INFO, WARN, ERROR, ...)'),
    eventTtlSeconds: limited('eventTtlSeconds'),
    configMaxAgeSeconds: limited('configMaxAgeSeconds'),
    genericPublisherArns: arnList('genericPublisherArns'),
    redrivePrincipalArns: arnList('redrivePrincipalArns'),
    queueAgeAlarmSeconds: int('queueAgeAlarmSeconds', 60, 1_209_600),
    wickrRetryMode: match('wickrRetryMode', /^(deadline|standard|adaptive)$/, 'deadline, standard or adaptive'),
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
    scimEnabled: bool('scimEnabled'),
    // API Gateway's stage throttling; Entra's gallery apps must take 25 requests/s per tenant.
    scimThrottleRate: int('scimThrottleRate', SCIM_THROTTLE_MIN, 10_000),
    scimThrottleBurst: int('scimThrottleBurst', SCIM_THROTTLE_MIN, 5_000),
    reconcileSchedule: match('reconcileSchedule', /^(off|rate\(([1-9]\d*) (minute|minutes|hour|hours|day|days)\)|cron\([^()]+\))$/, 'off, rate(<n> minutes|hours|days) or cron(<six fields>)'),
  };

  // osls names the role <service>-<stage>-<region>-lambdaRole, and IAM allows 64 characters.
  if (raw.stage !== undefined && !/^[a-zA-Z0-9-]{1,20}$/.test(raw.stage)) errors.push(`--stage ${raw.stage}: expected at most 20 letters, digits or dashes`);

  // Okta is all or nothing: the rule needs the partner bus, the consumer needs the org and token.
  const okta = [settings.oktaEventSourceName, settings.oktaOrgUrl, settings.oktaTokenSecretId];
  if (okta.some(Boolean)) {
    match('oktaEventSourceName', /^aws\.partner\/okta\.com\/[^/\s]+\/[^\s]+$/, 'the partner event source name aws.partner/okta.com/<org>/<name> (set oktaOrgUrl and oktaTokenSecretId with it)');
    match('oktaOrgUrl', /^https:\/\/[a-zA-Z0-9.-]+$/, 'the org URL https://<org>.okta.com (set with oktaEventSourceName)');
    match(
      'oktaTokenSecretId',
      /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+|[\w/+=.@-]{1,512})$/,
      'the Secrets Manager secret name or full ARN holding the Okta API token (set with oktaEventSourceName)',
    );
  }
  if (settings.identityCenterEnabled) {
    match('identityStoreId', /^d-[0-9a-f]{10}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'the identity store id (d-xxxxxxxxxx) when identityCenterEnabled=true');
  }
  if (settings.alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(settings.alarmEmail)) fail('alarmEmail', 'expected an e-mail address or nothing');
  if (settings.batchSize > 10 && settings.batchingWindow < 1) fail('batchingWindow', 'must be at least 1 when batchSize is above 10 (an SQS event source rule)');
  if (settings.scimThrottleBurst < Math.min(settings.scimThrottleRate, 5_000)) fail('scimThrottleBurst', 'must be at least scimThrottleRate: a burst below the rate would refuse the rate itself');
  if (!RETENTION_DAYS.includes(settings.logRetentionDays)) fail('logRetentionDays', `expected one of ${RETENTION_DAYS.join(', ')}`);
  return { settings, errors };
}

/**
 * The function timeout, refused below what the handler needs: it keeps
 * `handlerReserveSeconds` for its answer and metrics and starts no new user in the last third
 * of the rest, so a shorter timeout would defer nearly every record to the next receive.
 * @param {string} value
 * @param {(name: string, why: string) => void} fail
 */
function functionTimeout(value, fail) {
  const { min, max } = LIMITS.functionTimeout;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) fail('functionTimeout', `expected a whole number of seconds from ${min} to ${max} (the Lambda maximum)`);
  else if (n < min) {
    const work = min - LIMITS.handlerReserveSeconds;
    fail('functionTimeout', `at least ${min}: the handler keeps ${LIMITS.handlerReserveSeconds} s in reserve and needs ${work} s of work, so a shorter timeout would defer every record`);
  }
  return n;
}

/** @typedef {ReturnType<typeof validate>['settings']} Settings */

/**
 * Bad parameters end the osls run here, with the message said once. osls resolves every
 * `${file(./stack/settings.js):…}` of serverless.yml (two dozen) and would print the same
 * rejection for each. Inside osls only: a caller of these exports elsewhere (tests) gets the error.
 * @param {string} message
 * @returns {never}
 */
function failOnce(message) {
  const underOsls = /(^|[\\/])(osls|serverless|sls)(\.js)?$/.test(process.argv[1] ?? '');
  if (!underOsls) throw new Error(message);
  process.stderr.write(`\nError:\n${message}\n\nPass them with --param name=value, or set them under params in serverless.yml (docs/operations.md).\n`);
  process.exit(1);
}

/** @type {WeakMap<ResolveVariable, Promise<Settings>>} */
const cache = new WeakMap();

/**
 * Resolves and validates every parameter once per osls run.
 * @param {ResolveVariable} resolveVariable
 * @returns {Promise<Settings>}
 */
function load(resolveVariable) {
  let pending = cache.get(resolveVariable);
  if (!pending) {
    pending = (async () => {
      /** @type {Record<string, string>} */
      const raw = {};
      for (const name of PARAMS) raw[name] = String((await resolveVariable(`param:${name}, ''`)) ?? '').trim();
      raw.stage = String(await resolveVariable('sls:stage'));
      const { settings, errors } = validate(raw);
      if (errors.length > 0) failOnce(`invalid stack parameters:\n  ${errors.join('\n  ')}`);
      return settings;
    })();
    // osls resolves in phases and params are pending in the first: never keep a failure.
    pending.catch(() => cache.delete(resolveVariable));
    cache.set(resolveVariable, pending);
  }
  return pending;
}

/**
 * The scim function's role, named like osls's own (<service>-<stage>-<region>-lambdaRole) so one
 * deployer policy covers every role; the bus policy names it, so it is built here once.
 * @param {ResolveVariable} resolveVariable
 */
async function scimRoleName(resolveVariable) {
  const [service, stage, region] = await Promise.all(['self:service', 'sls:stage', 'self:provider.region'].map((a) => resolveVariable(a)));
  return `${service}-${stage}-${region}-scimRole`;
}

/** @param {(s: Settings, resolveVariable: ResolveVariable) => unknown} pick */
const setting =
  (pick) =>
  async (/** @type {{ resolveVariable: ResolveVariable }} */ { resolveVariable }) =>
    pick(await load(resolveVariable), resolveVariable);

module.exports = {
  validate,
  batchSize: setting((s) => s.batchSize),
  batchingWindow: setting((s) => s.batchingWindow),
  maximumConcurrency: setting((s) => s.maximumConcurrency),
  functionTimeout: setting((s) => s.functionTimeout),
  // AWS: set the source queue's visibility timeout to at least six times the function timeout.
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html#events-sqs-queueconfig
  visibilityTimeout: setting((s) => 6 * s.functionTimeout),
  maxReceiveCount: setting((s) => s.maxReceiveCount),
  logRetentionDays: setting((s) => s.logRetentionDays),
  queueAgeAlarmSeconds: setting((s) => s.queueAgeAlarmSeconds),
  oktaEventSourceName: setting((s) => s.oktaEventSourceName),
  /**
   * The Okta rule's bus and its alarm's dimensions. With Okta off the rule and alarm are not
   * created (Condition OktaEnabled), but cfn-lint still checks them: no empty bus name.
   */
  oktaEventBusName: setting((s) => s.oktaEventSourceName || { Ref: 'AWS::NoValue' }),
  oktaRuleAlarmDimensions: setting(async (s, resolveVariable) => [
    ...(s.oktaEventSourceName ? [{ Name: 'EventBusName', Value: s.oktaEventSourceName }] : []),
    { Name: 'RuleName', Value: `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}-okta` },
  ]),
  /** Non-empty exactly when the generic source is on (the GenericEnabled condition). */
  genericEnabled: setting((s) => String(s.genericPublisherArns.length > 0)),
  genericPublisherArns: setting((s) => s.genericPublisherArns),
  /** The Allow's principals; a placeholder in the branch not taken when the generic source is off (cfn-lint reads both). */
  genericPublisherArnsOrNone: setting((s) => (s.genericPublisherArns.length > 0 ? s.genericPublisherArns : { Ref: 'AWS::NoValue' })),
  /**
   * Who may put events on the stack's bus: the generic publishers and, with SCIM on, the scim
   * function's role (the bus policy's Deny shuts out everyone else).
   */
  busPublisherArns: setting(async (s, resolveVariable) => [
    ...s.genericPublisherArns,
    ...(s.scimEnabled ? [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${await scimRoleName(resolveVariable)}` }] : []),
  ]),
  scimEnabled: setting((s) => String(s.scimEnabled)),
  /**
   * The SCIM rule's ARN for the events queue's policy: `GetAtt` when SCIM is on. stack/scim.yml, and
   * so ScimRule, exists only then, and CloudFormation refuses a GetAtt of a missing resource even
   * in the branch of an `Fn::If` not taken; that branch gets the ARN the rule would have.
   */
  scimRuleArn: setting(async (s, resolveVariable) => {
    if (s.scimEnabled) return { 'Fn::GetAtt': ['ScimRule', 'Arn'] };
    const name = `${await resolveVariable('self:service')}-${await resolveVariable('sls:stage')}`;
    return { 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:\${AWS::AccountId}:rule/${name}/${name}-scim` };
  }),
  scimThrottleRate: setting((s) => s.scimThrottleRate),
  scimThrottleBurst: setting((s) => s.scimThrottleBurst),
  scimRoleName: setting((_settings, resolveVariable) => scimRoleName(resolveVariable)),
  /** The `scim` function's definition, or null (osls then leaves it out) when SCIM is off. */
  scimFunction: setting((s) => (s.scimEnabled ? scimFunction(s) : null)),
  scimIamStatements: setting(async (_settings, resolveVariable) => scimStatements({ service: String(await resolveVariable('self:service')), stage: String(await resolveVariable('sls:stage')) })),
  /**
   * stack/scim.yml (API, table, role, rule, alarms, outputs) when SCIM is on, nothing otherwise:
   * its resources name the function, which exists only then, so no Condition could keep them.
   */
  scimResources: setting((s, resolveVariable) => (s.scimEnabled ? resolveVariable('file(./stack/scim.yml)') : {})),
  /**
   * Who may put messages on the events queue besides its rules: the two roles and the operators
   * of `redrivePrincipalArns` (a redrive sends with the caller's permissions), as the queue
   * policy's Deny names them.
   */
  queueSenderArns: setting((s) => [{ 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] }, { 'Fn::GetAtt': ['ReconcileRole', 'Arn'] }, ...s.redrivePrincipalArns]),
  identityCenterEnabled: setting((s) => String(s.identityCenterEnabled)),
  alarmEmail: setting((s) => s.alarmEmail),
  iamStatements: setting((s) => [...iamStatements(s), ...(s.scimEnabled ? scimReadStatements('Sync') : [])]),
  reconcileIamStatements: setting(async (s, resolveVariable) => [
    ...reconcileStatements(s, { service: String(await resolveVariable('self:service')), stage: String(await resolveVariable('sls:stage')) }),
    ...(s.scimEnabled ? scimReadStatements('Reconcile') : []),
  ]),
  reconcileEvents: setting((s) => reconcileEvents(s.reconcileSchedule)),
  dashboardBody: setting(async (s, resolveVariable) => {
    const [service, stage] = [String(await resolveVariable('self:service')), String(await resolveVariable('sls:stage'))];
    return dashboardBody({ service, stage, oktaEventSourceName: s.oktaEventSourceName, identityCenter: s.identityCenterEnabled, generic: s.genericPublisherArns.length > 0, scim: s.scimEnabled });
  }),
  /** Variables whose value can be empty are left out, so the consumer sees "not set", not "". */
  environment: setting((s) => ({
    WICKR_NETWORK_ID: s.wickrNetworkId,
    WICKR_REGION: s.wickrRegion,
    WICKR_USE_FIPS: String(s.wickrUseFips),
    WICKR_USE_DUALSTACK: String(s.wickrUseDualstack),
    MAPPING_PARAMETER_NAME: s.mappingParameterName,
    ...(s.oktaOrgUrl && { OKTA_ORG_URL: s.oktaOrgUrl, OKTA_TOKEN_SECRET_ID: s.oktaTokenSecretId }),
    ...(s.identityCenterEnabled && { IDENTITY_STORE_ID: s.identityStoreId }),
    // The SCIM source: the consumer re-reads SCIM users and the reconcile lists them from the store.
    ...(s.scimEnabled && { SCIM_TABLE_NAME: { Ref: 'ScimTable' } }),
    DRY_RUN: String(s.dryRun),
    // The consumer refuses generic bodies unless the generic source is on (src/handlers/config.ts).
    GENERIC_ENABLED: String(s.genericPublisherArns.length > 0),
    WICKR_CONCURRENCY: String(s.wickrConcurrency),
    EVENT_TTL_SECONDS: String(s.eventTtlSeconds),
    CONFIG_MAX_AGE_SECONDS: String(s.configMaxAgeSeconds),
    MAX_RECEIVE_COUNT: String(s.maxReceiveCount),
    WICKR_RETRY_MODE: s.wickrRetryMode,
    POWERTOOLS_LOG_LEVEL: s.logLevel,
  })),
};
