/**
 * docs/deployer-policy.json and docs/operator-policy.json through a real IAM evaluator
 * (@cloud-copilot/iam-simulate, a test-time dev dependency): every action exists and is allowed
 * on a resource named as the stack names it, other applications' resources are not, and the
 * doctor's calls are allowed and are reads only. Not a proof against a live account (none in CI).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import deployer from '../../../docs/deployer-policy.json';
import operator from '../../../docs/operator-policy.json';

const ACCOUNT = '111122223333';
type Statement = { Sid: string; Action: string[]; Resource: string | string[]; Condition?: unknown };
type Policy = { Id: string; Statement: Statement[] };

/** A concrete ARN of the `prod` stage in eu-west-2 for an ARN pattern of the policy. */
function concrete(pattern: string): string {
  if (pattern === '*') return '*';
  return pattern
    .replace(/^arn:aws:([a-z-]+):\*:\*:/, `arn:aws:$1:eu-west-2:${ACCOUNT}:`)
    .replace(/^arn:aws:([a-z-]+)::\*:/, `arn:aws:$1::${ACCOUNT}:`)
    .replace(/^arn:aws:([a-z-]+):\*::/, 'arn:aws:$1:eu-west-2::')
    .replace('rule/*/wickr-idp-sync-*', 'rule/aws.partner/okta.com/example/wickr-sync/wickr-idp-sync-prod-okta')
    .replace('wickr-idp-sync-*-serverlessdeploymentbuck*', 'wickr-idp-sync-prod-serverlessdeploymentbucket-1a2b3c')
    .replace('wickr-idp-sync-*-reconcile', 'wickr-idp-sync-prod-reconcile')
    .replace('wickr-idp-sync-*-state', 'wickr-idp-sync-prod-state')
    .replace('wickr-idp-sync-*-scim', 'wickr-idp-sync-prod-scim')
    .replace(/wickr-idp-sync-\*/g, 'wickr-idp-sync-prod-x')
    .replace(/wickr-idp-sync\/\*/g, 'wickr-idp-sync/prod/mapping')
    .replace(/\/\*$/, '/sample')
    .replace(/\*/g, 'sample');
}

async function decision(policy: Policy, action: string, resource: string, context: Record<string, string> = {}): Promise<string> {
  const result = await runSimulation(
    {
      request: { principal: `arn:aws:iam::${ACCOUNT}:role/operator`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: context },
      identityPolicies: [{ name: 'policy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

describe.each([
  ['deployer', deployer as Policy],
  ['operator', operator as Policy],
])('docs/%s-policy.json', (_, policy) => {
  it('says it has not been exercised against a live account, and fits a managed policy (6,144 characters)', () => {
    expect(policy.Id).toMatch(/NOT-YET-EXERCISED-against-a-live-account$/);
    expect(JSON.stringify(policy).replace(/\s/g, '').length).toBeLessThanOrEqual(6144);
  });

  it('allows every action it lists on a resource named as the stack names it', async () => {
    const notAllowed: string[] = [];
    for (const statement of policy.Statement) {
      const resources = [statement.Resource].flat().map(concrete);
      const context: Record<string, string> = statement.Condition === undefined ? {} : { 'iam:PassedToService': 'lambda.amazonaws.com' };
      for (const action of statement.Action) {
        const answers = await Promise.all(resources.map((r) => decision(policy, action, r, context)));
        if (!answers.includes('Allowed')) notAllowed.push(`${statement.Sid} ${action}: ${answers.join(' | ')}`);
      }
    }
    expect(notAllowed).toEqual([]);
  });
});

describe('the policies stay within the stack', () => {
  it.each([
    ['deployer', deployer, 'sqs:DeleteQueue', `arn:aws:sqs:eu-west-2:${ACCOUNT}:payments-prod-events`],
    ['deployer', deployer, 'iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/Admin`],
    ['deployer', deployer, 'lambda:UpdateFunctionCode', `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:payments`],
    ['operator', operator, 'lambda:InvokeFunction', `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:wickr-idp-sync-prod-sync`],
    ['operator', operator, 'dynamodb:GetItem', `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/payments`],
    ['operator', operator, 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:payments-db`],
  ])('%s: %s on %s is denied', async (_, policy, action, resource) => {
    expect(await decision(policy as Policy, action, resource)).toBe('ImplicitlyDenied');
  });

  it('does not pass the function roles to any service but Lambda', async () => {
    expect(await decision(deployer as Policy, 'iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/wickr-idp-sync-prod-eu-west-2-lambdaRole`, { 'iam:PassedToService': 'ec2.amazonaws.com' })).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('the doctor', () => {
  /** Every call scripts/lib/doctorPorts.ts and scripts/lib/stackTarget.ts make, on the prod stage. */
  const CALLS: [string, string][] = [
    ['cloudformation:DescribeStacks', `arn:aws:cloudformation:eu-west-2:${ACCOUNT}:stack/wickr-idp-sync-prod/6a1c0e40-0000-0000-0000-000000000000`],
    ['lambda:GetFunctionConfiguration', `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:wickr-idp-sync-prod-reconcile`],
    ['ssm:GetParameter', `arn:aws:ssm:eu-west-2:${ACCOUNT}:parameter/wickr-idp-sync/prod/mapping`],
    ['wickr:ListSecurityGroups', `arn:aws:wickr:eu-west-2:${ACCOUNT}:network/12345678`],
    ['secretsmanager:GetSecretValue', `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:wickr-idp-sync/okta-token-AbCdEf`],
    ['identitystore:ListUsers', `arn:aws:identitystore::${ACCOUNT}:identitystore/d-1234567890`],
    ['identitystore:ListGroups', `arn:aws:identitystore::${ACCOUNT}:identitystore/d-1234567890`],
    ['sqs:GetQueueAttributes', `arn:aws:sqs:eu-west-2:${ACCOUNT}:wickr-idp-sync-prod-events-dlq`],
    ['dynamodb:GetItem', `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/wickr-idp-sync-prod-state`],
    ['dynamodb:Query', `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/wickr-idp-sync-prod-scim/index/byKind`],
  ];

  it.each(CALLS)('may call %s with the operator policy', async (action, resource) => {
    expect(await decision(operator as Policy, action, resource)).toBe('Allowed');
  });

  it('is granted reads only (Get, List, Describe, Query), and no state table Query', async () => {
    const reads = (operator as Policy).Statement.filter((s) => s.Sid.startsWith('Doctor')).flatMap((s) => s.Action);
    expect(reads.filter((a) => !/^[a-z-]+:(Get|List|Describe|Query)/.test(a))).toEqual([]);
    expect(await decision(operator as Policy, 'dynamodb:Query', `arn:aws:dynamodb:eu-west-2:${ACCOUNT}:table/wickr-idp-sync-prod-state/index/byList`)).toBe('ImplicitlyDenied');
    expect(new Set(CALLS.map(([a]) => a))).toEqual(new Set(reads.filter((a) => a !== 'wickr:ListNetworks')));
  });
});
