// @ts-check
'use strict';
/**
 * The reconcile function's own role (stack/reconcile.yml), separate from the consumer's so each
 * holds only what it calls: the listings, the state table (run record, snapshot chunks, links
 * through the `links` index), SendMessage to the consumer queue, and InvokeFunction on itself
 * for its continuation. Statements that name an optional source are left out when it is off.
 */
const { sub, wickrNetworkArn, mappingParameterArn, secretArn, identityStoreResources } = require('./iamResources');

/**
 * A condition that every partition key the request names matches one of `patterns`, and that it names one.
 * @param {string[]} patterns
 */
const leadingKeys = (patterns) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': patterns }, Null: { 'dynamodb:LeadingKeys': 'false' } });

/**
 * @param {{ wickrNetworkId: string, wickrRegion: string, mappingParameterName: string,
 *   oktaTokenSecretId: string, identityCenterEnabled: boolean, identityStoreId: string }} s
 * @param {{ service: string, stage: string }} stack
 */
function reconcileStatements(s, stack) {
  const name = `${stack.service}-${stack.stage}-reconcile`;
  const statements = [
    {
      // The role is not osls's, so it writes its own log streams.
      Sid: 'ReconcileLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name}:*`)],
    },
    {
      Sid: 'WickrListUsers',
      Effect: 'Allow',
      Action: ['wickr:ListUsers'],
      Resource: [wickrNetworkArn(s)],
    },
    {
      Sid: 'MappingParameter',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [mappingParameterArn(s)],
    },
    // Item access is limited to the items the reconcile owns or writes, by their partition key
    // (dynamodb:LeadingKeys; ForAllValues with Null=false, so a request that names no key gets
    // nothing): it cannot touch the consumer's event marks, owners or anything else in the table.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
    {
      // The run record (`reconcile#run`: the lock and checkpoint) and the snapshot chunks (`reconcile#chunk#…`).
      Sid: 'StateTableRun',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
      Condition: leadingKeys(['reconcile#*']),
    },
    {
      // The links it establishes, set in the consumer's user items (`link#<userKey>`) without touching their lease and marks.
      Sid: 'StateTableLinks',
      Effect: 'Allow',
      Action: ['dynamodb:UpdateItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
      Condition: leadingKeys(['link#*']),
    },
    {
      // The suspensions the consumer recorded on the links of suspended users, under `deprovisioning`
      // (BatchGetItem: the byList index projects only wickrUserId).
      Sid: 'StateTableSuspensions',
      Effect: 'Allow',
      Action: ['dynamodb:BatchGetItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
      Condition: leadingKeys(['link#*']),
    },
    {
      // Each link it writes first claims the Wickr user's owner (`owner#<wickrUserId>`) for its identity,
      // as the consumer does; GetItem reads the owner when a refusal returns no item.
      Sid: 'StateTableOwners',
      Effect: 'Allow',
      Action: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
      Condition: leadingKeys(['owner#*']),
    },
    {
      // The Identity Center group-member (`gm#…`) and membership (`mem#…`) items it records.
      Sid: 'StateTableGroupRecords',
      Effect: 'Allow',
      Action: ['dynamodb:BatchWriteItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
      Condition: leadingKeys(['gm#*', 'mem#*']),
    },
    {
      // Every link, and the group-member and membership items already recorded for a group.
      Sid: 'LinkIndex',
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [sub('${StateTable.Arn}/index/byList')],
    },
    {
      // ResyncUser messages (SendMessageBatch is authorised as sqs:SendMessage).
      Sid: 'EventsQueueSend',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [{ 'Fn::GetAtt': ['EventsQueue', 'Arn'] }],
    },
    {
      // The continuation: an async invoke of this same function, named, not referenced (a Ref would be circular).
      Sid: 'ContinueItself',
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: [sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`)],
    },
  ];
  if (s.oktaTokenSecretId) {
    statements.push({ Sid: 'OktaToken', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn(s.oktaTokenSecretId)] });
  }
  if (s.identityCenterEnabled) {
    statements.push({
      // As the consumer's IdentityStoreRead: the store ARN plus the id-less user/group/membership types.
      Sid: 'IdentityStoreList',
      Effect: 'Allow',
      Action: ['identitystore:ListUsers', 'identitystore:ListGroups', 'identitystore:ListGroupMemberships'],
      Resource: identityStoreResources(s),
    });
  }
  return statements;
}

/**
 * The schedule event of the reconcile function, or none when `reconcileSchedule` is `off`.
 * @param {string} schedule
 */
function reconcileEvents(schedule) {
  return schedule === 'off' ? [] : [{ schedule: { rate: [schedule], enabled: true } }];
}

module.exports = { reconcileStatements, reconcileEvents };
