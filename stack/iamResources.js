// @ts-check
'use strict';
/**
 * The resources both functions' IAM statements name (stack/iam.js for sync, stack/reconcileIam.js
 * for the reconcile), built in one place so the two roles can never disagree about them.
 */

/** @param {string} template an `Fn::Sub` template */
const sub = (template) => ({ 'Fn::Sub': template });

/**
 * Resource type `network` of the Service Authorization Reference for AWS Wickr:
 * arn:${Partition}:wickr:${Region}:${Account}:network/${NetworkId}; every Wickr action we call
 * requires it. https://docs.aws.amazon.com/service-authorization/latest/reference/list_awswickr.html
 * @param {{ wickrRegion: string, wickrNetworkId: string }} s
 */
const wickrNetworkArn = (s) => sub(`arn:\${AWS::Partition}:wickr:${s.wickrRegion}:\${AWS::AccountId}:network/${s.wickrNetworkId}`);

/**
 * A parameter ARN has no double slash for hierarchical names: parameter/a/b, not parameter//a/b.
 * @param {{ mappingParameterName: string }} s
 */
const mappingParameterArn = (s) => sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${s.mappingParameterName.replace(/^\//, '')}`);

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
 * Users, groups and memberships have no account or store in their ARNs and their ids are not
 * known in advance: `user/*`, `group/*` and `membership/*` (the AllUsers/AllGroups/
 * AllGroupMemberships resource types) are the narrowest the service allows; the store ARN pins
 * the calls to one identity store.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentitystore.html
 * @param {{ identityStoreId: string }} s
 */
const identityStoreResources = (s) => [
  sub(`arn:\${AWS::Partition}:identitystore::\${AWS::AccountId}:identitystore/${s.identityStoreId}`),
  sub('arn:${AWS::Partition}:identitystore:::user/*'),
  sub('arn:${AWS::Partition}:identitystore:::group/*'),
  sub('arn:${AWS::Partition}:identitystore:::membership/*'),
];

module.exports = { sub, wickrNetworkArn, mappingParameterArn, secretArn, identityStoreResources };
