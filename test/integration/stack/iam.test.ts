import { resource, type CfnTemplate } from './helpers/cfn';
import { ACCOUNT, arn, judge } from './helpers/iamJudge';
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

  it('lets the function write only to its own log group, which no other stage or function shares', () => {
    const g = grants(variant);
    const logResources = LOG_ACTIONS.flatMap((a) => g[a] ?? []);
    expect([...new Set(logResources)].sort()).toEqual([`${LOG_GROUP}:*`, `${LOG_GROUP}:*:*`].sort());
    // A prefix wildcard (…-stacktest*) would also match the stage stacktest2.
    for (const r of logResources) expect(r).toMatch(/:log-group:\/aws\/lambda\/[\w-]+:\*(:\*)?$/);
  });

  // Which calls the consumer makes, and that each is allowed, the e2e tests prove: they judge every
  // recorded call with this same evaluator (local/stack/iam, docs/operations.md § IAM). Here: the
  // neighbours it must not reach.
  it.each([
    ['an item of its table, UpdateItem included (lease, marks, link)', 'dynamodb:UpdateItem', arn.table, true],
    ['the group-member index of its table', 'dynamodb:Query', `${arn.table}/index/byList`, true],
    ['a message to its dead-letter queue', 'sqs:SendMessage', arn.dlq, true],
    ['the table of another stage', 'dynamodb:UpdateItem', arn.table.replace('stacktest', 'stacktest2'), false],
    ['a Scan of its table', 'dynamodb:Scan', arn.table, false],
    ['a message to another queue', 'sqs:SendMessage', arn.queue.replace('-events', '-other'), false],
    ['a purge of its queue', 'sqs:PurgeQueue', arn.queue, false],
  ])('%s (%s): allowed is %s', async (_what, action, resource, expected) => {
    const decision = await judge(templates[variant]!).asRole('IamRoleLambdaExecution', { action, resources: [resource] });
    expect(decision.allowed).toBe(expected);
  });
});

describe('sync function role: resources named by parameters', () => {
  const sync = (variant: StackVariant, action: string, ...resources: string[]) => judge(templates[variant]!).asRole('IamRoleLambdaExecution', { action, resources });

  it.each([
    [StackVariant.Minimal, 'us-east-1', '12345678'],
    [StackVariant.Full, 'eu-west-2', '87654321'],
  ])('allows Wickr calls on the one network, in its own region, and no other (%s)', async (variant, region, network) => {
    const on = (r: string, n: string) => `arn:aws:wickr:${r}:${ACCOUNT.accountId}:network/${n}`;
    expect(await sync(variant, 'wickr:UpdateUser', on(region, network))).toEqual({ allowed: true });
    expect((await sync(variant, 'wickr:UpdateUser', on(region, '11112222'))).allowed).toBe(false);
    expect((await sync(variant, 'wickr:UpdateUser', on('ap-south-1', network))).allowed).toBe(false);
    expect((await sync(variant, 'wickr:DeleteNetwork', on(region, network))).allowed).toBe(false);
  });

  it('reads only the mapping parameter of the stage', async () => {
    const parameter = (name: string) => `arn:aws:ssm:us-east-1:${ACCOUNT.accountId}:parameter/${name}`;
    expect(await sync(StackVariant.Minimal, 'ssm:GetParameter', parameter(`wickr-idp-sync/${TEST_STAGE}/mapping`))).toEqual({ allowed: true });
    expect((await sync(StackVariant.Minimal, 'ssm:GetParameter', parameter('wickr-idp-sync/prod/mapping'))).allowed).toBe(false);
  });

  it('reads only the Okta token secret, whatever suffix Secrets Manager added to its name', async () => {
    const secret = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT.accountId}:secret:${name}`;
    expect(await sync(StackVariant.Full, 'secretsmanager:GetSecretValue', secret('wickr-idp-sync/okta-token-AbC123'))).toEqual({ allowed: true });
    expect((await sync(StackVariant.Full, 'secretsmanager:GetSecretValue', secret('wickr-idp-sync/okta-token-admin-AbC123'))).allowed).toBe(false);
    expect((await sync(StackVariant.Minimal, 'secretsmanager:GetSecretValue', secret('wickr-idp-sync/okta-token-AbC123'))).allowed).toBe(false);
  });

  it('reads Identity Center through the one identity store', async () => {
    const store = (id: string) => `arn:aws:identitystore::${ACCOUNT.accountId}:identitystore/${id}`;
    const user = 'arn:aws:identitystore:::user/9067-abc';
    expect(await sync(StackVariant.Full, 'identitystore:DescribeUser', store('d-1234567890'), user)).toEqual({ allowed: true });
    expect((await sync(StackVariant.Full, 'identitystore:DescribeUser', store('d-9999999999'), user)).allowed).toBe(false);
    expect((await sync(StackVariant.Full, 'identitystore:CreateUser', store('d-1234567890'), user)).allowed).toBe(false);
  });
});

describe.each([StackVariant.Minimal, StackVariant.Full])('reconcile role: items limited by dynamodb:LeadingKeys (%s parameters)', (variant) => {
  const reconcile = (action: string, keys: string[] | undefined) =>
    judge(templates[variant]!).asRole('ReconcileRole', { action, resources: [arn.table], context: keys ? { 'dynamodb:LeadingKeys': keys } : {} });

  it.each([
    ['dynamodb:GetItem', ['reconcile#run']],
    ['dynamodb:PutItem', ['reconcile#run']],
    ['dynamodb:PutItem', ['reconcile#chunk#run-1#okta#0']],
    ['dynamodb:UpdateItem', ['link#okta:00u1']],
    ['dynamodb:BatchGetItem', ['link#okta:00u1', 'link#scim:u-1']],
    ['dynamodb:UpdateItem', ['owner#1001']],
    ['dynamodb:GetItem', ['owner#1001']],
    ['dynamodb:BatchWriteItem', ['gm#iic:g-1#iic:u-1', 'mem#m-1']],
  ])('allows %s on %j', async (action, keys) => {
    expect(await reconcile(action, keys)).toEqual({ allowed: true });
  });

  it.each([
    ['dynamodb:UpdateItem', ['evt#okta:00u1#e-1'], 'an event mark of the consumer'],
    ['dynamodb:PutItem', ['link#okta:00u1'], 'a put that would replace the lease and marks beside a link'],
    ['dynamodb:GetItem', ['lease#okta:00u1'], 'an item it does not own'],
    ['dynamodb:PutItem', ['owner#1001'], 'a put that would replace an owner item instead of claiming it'],
    ['dynamodb:BatchGetItem', ['link#okta:00u1', 'evt#okta:00u1#e-1'], 'a batch read with one key outside link#'],
    ['dynamodb:BatchWriteItem', ['gm#iic:g-1#iic:u-1', 'reconcile#run'], 'a batch with one key outside its prefixes'],
    ['dynamodb:UpdateItem', undefined, 'a request that names no key'],
    ['dynamodb:DeleteItem', ['link#okta:00u1'], 'a delete'],
  ])('refuses %s on %j (%s)', async (action, keys, _why) => {
    expect((await reconcile(action, keys)).allowed).toBe(false);
  });
});

describe.each([StackVariant.Minimal, StackVariant.Full])('events queue policy (%s parameters)', (variant) => {
  const ACCOUNT_ROLE = `arn:aws:iam::${ACCOUNT.accountId}:role/anyone-with-sqs`;
  const SQS_EVERYTHING = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] };
  const send = { action: 'sqs:SendMessage', resources: [arn.queue] };

  it('refuses an account principal whose own policy allows sqs:*', async () => {
    const decision = await judge(templates[variant]!).as(ACCOUNT_ROLE, [SQS_EVERYTHING], send, { 'aws:PrincipalArn': ACCOUNT_ROLE });
    expect(decision).toMatchObject({ allowed: false, result: 'ExplicitlyDenied' });
  });

  it('still lets that principal use the dead-letter queue (the Deny is on the events queue only)', async () => {
    const decision = await judge(templates[variant]!).as(ACCOUNT_ROLE, [SQS_EVERYTHING], { action: 'sqs:ReceiveMessage', resources: [arn.queue] }, { 'aws:PrincipalArn': ACCOUNT_ROLE });
    expect(decision).toEqual({ allowed: true });
  });

  it.each(['IamRoleLambdaExecution', 'ReconcileRole'])('allows %s to send', async (role) => {
    expect(await judge(templates[variant]!).asRole(role, send)).toEqual({ allowed: true });
  });

  it('allows the operators of redrivePrincipalArns to send (a redrive sends with their permissions), and only when named', async () => {
    const OPERATOR = `arn:aws:iam::${ACCOUNT.accountId}:role/ops/redrive`;
    const decision = await judge(templates[variant]!).as(OPERATOR, [SQS_EVERYTHING], send, { 'aws:PrincipalArn': OPERATOR });
    expect(decision.allowed).toBe(variant === StackVariant.Full);
  });

  it('allows EventBridge only on behalf of the stack rules the parameters turn on', async () => {
    const j = judge(templates[variant]!);
    const viaRule = (name: string) => j.as('events.amazonaws.com', [], send, { 'aws:SourceArn': arn.rule(name), 'aws:SourceAccount': ACCOUNT.accountId });
    const expected = variant === StackVariant.Full;
    for (const rule of ['okta', 'identity-center', 'generic']) expect({ rule, allowed: (await viaRule(rule)).allowed }).toEqual({ rule, allowed: expected });
    expect((await viaRule('someone-elses-rule')).allowed).toBe(false);
  });
});
