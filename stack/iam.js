// @ts-check
'use strict';
/**
 * The sync function's own IAM statements (osls adds the SQS event source mapping's
 * ReceiveMessage/DeleteMessage/GetQueueAttributes and the log-group statements itself).
 * Least privilege: only the calls the consumer makes, each on the one resource it touches.
 * Built in JS because Okta and Identity Center are optional: a statement whose resource does
 * not exist must be left out, and osls's schema allows no `Fn::If` around a whole statement.
 */

/** @param {string} template an `Fn::Sub` template */
const sub = (template) => ({ 'Fn::Sub': template });

/**
 * Secrets Manager appends `-` and six random characters to a secret's name in its ARN, so a
 * policy that names the secret by name matches the suffix with `-??????`.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html#auth-and-access_examples_wildcard
 * @param {string} secretId a name or a full ARN
 */
function secretArn(secretId) {
  return secretId.startsWith('arn:') ? secretId : sub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${secretId}-??????`);
}

/**
 * @param {{ wickrNetworkId: string, wickrRegion: string, mappingParameterName: string,
 *   oktaTokenSecretId: string, identityCenterEnabled: boolean, identityStoreId: string }} s
 */
function iamStatements(s) {
  const statements = [
    {
      // Resource type `network` of the Service Authorization Reference for AWS Wickr:
      // arn:${Partition}:wickr:${Region}:${Account}:network/${NetworkId}; every action below
      // requires it. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awswickr.html
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
      ],
      Resource: [sub(`arn:\${AWS::Partition}:wickr:${s.wickrRegion}:\${AWS::AccountId}:network/${s.wickrNetworkId}`)],
    },
    {
      Sid: 'MappingParameter',
      Effect: 'Allow',
      Action: ['ssm:GetParameter'],
      // A parameter ARN has no double slash for hierarchical names: parameter/a/b, not parameter//a/b.
      Resource: [sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${s.mappingParameterName.replace(/^\//, '')}`)],
    },
    {
      Sid: 'StateTable',
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
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
      // Users, groups and memberships have no account or store in their ARNs and their ids are
      // not known in advance: `user/*`, `group/*` and `membership/*` (the AllUsers/AllGroups/
      // AllGroupMemberships resource types) are the narrowest the service allows; the store ARN
      // pins the calls to one identity store.
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentitystore.html
      Sid: 'IdentityStoreRead',
      Effect: 'Allow',
      Action: [
        'identitystore:DescribeUser',
        'identitystore:ListGroupMembershipsForMember',
        'identitystore:DescribeGroup',
        'identitystore:ListGroupMemberships',
      ],
      Resource: [
        sub(`arn:\${AWS::Partition}:identitystore::\${AWS::AccountId}:identitystore/${s.identityStoreId}`),
        sub('arn:${AWS::Partition}:identitystore:::user/*'),
        sub('arn:${AWS::Partition}:identitystore:::group/*'),
        sub('arn:${AWS::Partition}:identitystore:::membership/*'),
      ],
    });
  }
  return statements;
}

module.exports = { iamStatements, secretArn };
