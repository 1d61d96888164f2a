// @ts-check
'use strict';
/**
 * The SCIM endpoint's function and IAM (docs/scim.md): the `scim` function's definition (osls
 * has no condition on a function, so stack/settings.js adds it only with scimEnabled=true), its
 * own role's statements (stack/scim.yml), and the read statements the sync and reconcile roles
 * gain on the SCIM store.
 */
const { sub } = require('./iamResources');

/** Entra's gallery apps must take at least 25 requests/s per tenant (docs/scim.md § Limits). */
const SCIM_THROTTLE_MIN = 25;

/**
 * How often the outbox is drained: an accepted change whose event could not be published at
 * once reaches the bus at most this late.
 */
const OUTBOX_DRAIN_SCHEDULE = 'rate(1 minute)';

/** The SCIM table's ARN and its `byKind` index (src/adapters/scim/schema.ts SCIM_KIND_INDEX). */
const SCIM_TABLE = { 'Fn::GetAtt': ['ScimTable', 'Arn'] };
const SCIM_KIND_INDEX = sub('${ScimTable.Arn}/index/byKind');

/**
 * The `scim` function: behind the HTTP API of stack/scim.yml (which defines the integration and
 * routes, so access logs and throttling are ours to set) and on a schedule that drains the outbox.
 * @param {{ logLevel: string }} s
 */
function scimFunction(s) {
  return {
    handler: 'src/handlers/scim.handler',
    description: 'The SCIM 2.0 endpoint: stores what the IdP pushes and publishes each change (docs/scim.md)',
    role: 'ScimRole',
    // API Gateway gives up on an integration after 30 s; the IdP retries what was not answered.
    timeout: 15,
    environment: {
      SCIM_TABLE_NAME: { Ref: 'ScimTable' },
      EVENT_BUS_NAME: { Ref: 'GenericEventBus' },
      POWERTOOLS_LOG_LEVEL: s.logLevel,
    },
    events: [{ schedule: { rate: [OUTBOX_DRAIN_SCHEDULE], enabled: true } }],
  };
}

/**
 * The scim function's role: its own log group, the SCIM table and index, and PutEvents on the
 * stack's bus. Tokens are created and revoked by `npm run scim-token` with the operator's
 * credentials; the function only reads them.
 * @param {{ service: string, stage: string }} stack
 */
function scimStatements(stack) {
  const name = `${stack.service}-${stack.stage}-scim`;
  return [
    {
      // The role is not osls's, so it writes its own log streams.
      Sid: 'ScimLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name}:*`)],
    },
    {
      // Users, groups, memberships, tokens and outbox entries; writes go through TransactWriteItems,
      // which IAM authorises as the Put/Update/Delete of each item (no write of ours is a bare ConditionCheck).
      Sid: 'ScimTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
      Resource: [SCIM_TABLE],
    },
    {
      // Listing users and groups (filters, paging), tokens, and the outbox to drain.
      Sid: 'ScimKindIndex',
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [SCIM_KIND_INDEX],
    },
    {
      Sid: 'StackBusPublish',
      Effect: 'Allow',
      Action: ['events:PutEvents'],
      Resource: [{ 'Fn::GetAtt': ['GenericEventBus', 'Arn'] }],
    },
  ];
}

/**
 * What the sync and reconcile roles read of the SCIM store: users and groups only. The table
 * statement is limited to the `user#` and `group#` partitions (src/adapters/scim/schema.ts
 * ScimKey), so neither role can read a token's hash through it; the index lists users and groups.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 * @param {string} sidPrefix
 */
function scimReadStatements(sidPrefix) {
  return [
    {
      Sid: `${sidPrefix}ScimStore`,
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
      Resource: [SCIM_TABLE],
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['user#*', 'group#*'] } },
    },
    {
      Sid: `${sidPrefix}ScimKindIndex`,
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [SCIM_KIND_INDEX],
    },
  ];
}

module.exports = { scimFunction, scimStatements, scimReadStatements, SCIM_THROTTLE_MIN, OUTBOX_DRAIN_SCHEDULE };
