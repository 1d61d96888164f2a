// @ts-check
'use strict';
/**
 * The sync function's own IAM statements (osls adds the SQS event source mapping's
 * ReceiveMessage/DeleteMessage/GetQueueAttributes and the log-group statements itself).
 * Least privilege: only the calls the consumer makes, each on the one resource it touches.
 * Built in JS because Okta and Identity Center are optional: a statement whose resource does
 * not exist must be left out, and osls's schema allows no `Fn::If` around a whole statement.
 */

const { sub, wickrNetworkArn, mappingParameterArn, secretArn, identityStoreResources } = require('./iamResources');

/**
 * @param {{ wickrNetworkId: string, wickrRegion: string, mappingParameterName: string,
 *   oktaTokenSecretId: string, identityCenterEnabled: boolean, identityStoreId: string }} s
 */
function iamStatements(s) {
  const statements = [
    {
      Sid: 'WickrNetworkUsers',
      Effect: 'Allow',
      Action: [
        'wickr:GetUser',
        'wickr:ListUsers',
        'wickr:UpdateUser',
        'wickr:BatchToggleUserSuspendStatus',
        // Provisioning (mapping `provisioning`): new accounts, and re-invitations the reconcile asks the consumer for.
        // GetUsersCount is not used, so not granted.
        'wickr:BatchCreateUser',
        'wickr:BatchReinviteUser',
        // Deletion after a grace period (mapping `deprovisioning.deleteAfterDays`, off by default). Granted always:
        // the mapping is runtime configuration (SSM, re-read without a deployment), so the role cannot know whether an
        // edit will turn deletion on; what gates it is the opt-in mapping field, guard.maxDeletions and the consumer's
        // re-check of every deletion under the user's lease (docs/events.md § Mapping).
        'wickr:BatchDeleteUser',
      ],
      Resource: [wickrNetworkArn(s)],
    },
    {
      Sid: 'MappingParameter',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      Resource: [mappingParameterArn(s)],
    },
    {
      // UpdateItem: the per-user item's lease, marks and link (DynamoStateStore begin, end, link).
      Sid: 'StateTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }],
    },
    {
      // A group's members (group-wide triggers), one item per member, read through the sparse index.
      Sid: 'StateTableGroupMembers',
      Effect: 'Allow',
      Action: ['dynamodb:Query'],
      Resource: [sub('${StateTable.Arn}/index/byList')],
    },
    {
      // Backoff: the consumer pushes a throttled message's next attempt out itself.
      Sid: 'EventsQueueVisibility',
      Effect: 'Allow',
      Action: ['sqs:ChangeMessageVisibility'],
      Resource: [{ 'Fn::GetAtt': ['EventsQueue', 'Arn'] }],
    },
    {
      // Poison messages go straight to the dead-letter queue with their reason attached; group-wide
      // triggers fan out one ResyncUser message per member to the queue itself, and deferrals that
      // are not failures are re-sent there with a delay.
      Sid: 'EventsQueueSend',
      Effect: 'Allow',
      Action: ['sqs:SendMessage'],
      Resource: [{ 'Fn::GetAtt': ['EventsDeadLetterQueue', 'Arn'] }, { 'Fn::GetAtt': ['EventsQueue', 'Arn'] }],
    },
  ];
  if (s.oktaTokenSecretId) {
    statements.push({ Sid: 'OktaToken', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [secretArn(s.oktaTokenSecretId)] });
  }
  if (s.identityCenterEnabled) {
    statements.push({
      Sid: 'IdentityStoreRead',
      Effect: 'Allow',
      Action: ['identitystore:DescribeUser', 'identitystore:ListGroupMembershipsForMember', 'identitystore:DescribeGroup', 'identitystore:ListGroupMemberships'],
      Resource: identityStoreResources(s),
    });
  }
  return statements;
}

module.exports = { iamStatements };
