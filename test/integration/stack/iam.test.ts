import { resource, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant, TEST_STAGE } from './helpers/packagedTemplate';

type Statement = { Sid?: string; Effect: string; Action: string[]; Resource: unknown[] };

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);

function statements(variant: StackVariant): Statement[] {
  const role = resource(templates[variant]!, 'IamRoleLambdaExecution');
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

/** A resource as text: the `Fn::Sub` template, or `GetAtt:<id>.<attr>`. */
function resourceText(r: unknown): string {
  if (typeof r === 'string') return r;
  const value = r as { 'Fn::Sub'?: string; 'Fn::GetAtt'?: [string, string] };
  if (value['Fn::Sub'] !== undefined) return value['Fn::Sub'];
  if (value['Fn::GetAtt'] !== undefined) return `GetAtt:${value['Fn::GetAtt'].join('.')}`;
  throw new Error(`unexpected resource form ${JSON.stringify(r)}`);
}

/** Which resources each action is allowed on. */
function grants(variant: StackVariant): Record<string, string[]> {
  const byAction: Record<string, string[]> = {};
  for (const s of statements(variant)) {
    expect(s.Effect).toBe('Allow');
    for (const action of s.Action) (byAction[action] ??= []).push(...s.Resource.map(resourceText));
  }
  return byAction;
}

const LOG_GROUP = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/wickr-idp-sync-${TEST_STAGE}-sync`;
/**
 * The only resources with a wildcard, and why: the log statements cover the function's log
 * streams (named at run time) in its own log group; Identity Store users, groups and memberships have no account or
 * store in their ARNs and unknown ids (the AllUsers/AllGroups/AllGroupMemberships types).
 */
const WILDCARD_RESOURCES = {
  minimal: [`${LOG_GROUP}:*`, `${LOG_GROUP}:*:*`],
  full: [`${LOG_GROUP}:*`, `${LOG_GROUP}:*:*`, 'arn:${AWS::Partition}:identitystore:::user/*', 'arn:${AWS::Partition}:identitystore:::group/*', 'arn:${AWS::Partition}:identitystore:::membership/*'],
};

const WICKR_ACTIONS = ['wickr:GetUser', 'wickr:ListUsers', 'wickr:UpdateUser', 'wickr:BatchToggleUserSuspendStatus', 'wickr:BatchCreateUser', 'wickr:BatchReinviteUser', 'wickr:BatchDeleteUser'];
const IDENTITY_STORE_ACTIONS = ['identitystore:DescribeUser', 'identitystore:ListGroupMembershipsForMember', 'identitystore:DescribeGroup', 'identitystore:ListGroupMemberships'];
const TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];
const QUEUE_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:TagResource', 'logs:PutLogEvents'];

describe.each([StackVariant.Minimal, StackVariant.Full])('sync function role (%s parameters)', (variant) => {
  it('names no wildcard action', () => {
    expect(Object.keys(grants(variant)).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('uses wildcard resources only where the service requires them', () => {
    const wildcards = [
      ...new Set(
        Object.values(grants(variant))
          .flat()
          .filter((r) => r.includes('*')),
      ),
    ];
    expect(wildcards.sort()).toEqual([...WILDCARD_RESOURCES[variant]].sort());
  });

  it('grants exactly the calls the consumer makes', () => {
    const expected = [
      // With SCIM on, the consumer re-reads SCIM users and their groups (stack/scimIam.js).
      ...(variant === 'full' ? ['dynamodb:BatchGetItem'] : []),
      ...LOG_ACTIONS,
      ...WICKR_ACTIONS,
      'ssm:GetParameter',
      ...TABLE_ACTIONS,
      'dynamodb:Query',
      ...QUEUE_ACTIONS,
      'sqs:SendMessage',
      ...(variant === 'full' ? ['secretsmanager:GetSecretValue', ...IDENTITY_STORE_ACTIONS] : []),
    ];
    expect(Object.keys(grants(variant)).sort()).toEqual(expected.sort());
  });

  it('lets the function write only to its own log group, which no other stage or function shares', () => {
    const g = grants(variant);
    const logResources = LOG_ACTIONS.flatMap((a) => g[a] ?? []);
    expect([...new Set(logResources)].sort()).toEqual([`${LOG_GROUP}:*`, `${LOG_GROUP}:*:*`].sort());
    // A prefix wildcard (…-stacktest*) would also match the stage stacktest2.
    for (const r of logResources) expect(r).toMatch(/:log-group:\/aws\/lambda\/[\w-]+:\*(:\*)?$/);
  });

  it('scopes queue, dead-letter queue and table actions to those resources', () => {
    const g = grants(variant);
    for (const action of QUEUE_ACTIONS) expect({ action, on: g[action] }).toEqual({ action, on: ['GetAtt:EventsQueue.Arn'] });
    expect(g['sqs:SendMessage']).toEqual(['GetAtt:EventsDeadLetterQueue.Arn', 'GetAtt:EventsQueue.Arn']);
    const scim = variant === 'full';
    for (const action of TABLE_ACTIONS) {
      const on = ['GetAtt:StateTable.Arn', ...(scim && action === 'dynamodb:GetItem' ? ['GetAtt:ScimTable.Arn'] : [])];
      expect({ action, on: g[action] }).toEqual({ action, on });
    }
    expect(g['dynamodb:Query']).toEqual(['${StateTable.Arn}/index/byList', ...(scim ? ['GetAtt:ScimTable.Arn', '${ScimTable.Arn}/index/byKind'] : [])]);
  });
});

describe('sync function role: resources named by parameters', () => {
  it.each([
    [StackVariant.Minimal, 'arn:${AWS::Partition}:wickr:us-east-1:${AWS::AccountId}:network/12345678'],
    [StackVariant.Full, 'arn:${AWS::Partition}:wickr:eu-west-2:${AWS::AccountId}:network/87654321'],
  ])('allows the Wickr actions on the one network, in its own region (%s)', (variant, networkArn) => {
    const g = grants(variant);
    for (const action of WICKR_ACTIONS) expect({ action, on: g[action] }).toEqual({ action, on: [networkArn] });
  });

  it('reads only the mapping parameter of the stage', () => {
    expect(grants(StackVariant.Minimal)['ssm:GetParameter']).toEqual([`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/wickr-idp-sync/${TEST_STAGE}/mapping`]);
  });

  it('reads only the Okta token secret, matching the suffix Secrets Manager adds to a name', () => {
    expect(grants(StackVariant.Full)['secretsmanager:GetSecretValue']).toEqual(['arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:wickr-idp-sync/okta-token-??????']);
  });

  it('reads Identity Center through the one identity store', () => {
    const g = grants(StackVariant.Full);
    for (const action of IDENTITY_STORE_ACTIONS) {
      expect(g[action]).toContain('arn:${AWS::Partition}:identitystore::${AWS::AccountId}:identitystore/d-1234567890');
    }
  });
});
