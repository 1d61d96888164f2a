import { resource, resourcesOfType, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant, TEST_STAGE } from './helpers/packagedTemplate';

type Statement = { Sid?: string; Effect: string; Action: string[]; Resource: unknown[] };
const NAME = `wickr-idp-sync-${TEST_STAGE}-reconcile`;

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);

function grants(variant: StackVariant): Record<string, string[]> {
  const policies = resource(templates[variant]!, 'ReconcileRole').Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  const byAction: Record<string, string[]> = {};
  for (const s of policies.flatMap((p) => p.PolicyDocument.Statement)) {
    expect(s.Effect).toBe('Allow');
    for (const action of s.Action) (byAction[action] ??= []).push(...s.Resource.map((r) => JSON.stringify(r)));
  }
  return byAction;
}

describe('reconcile function', () => {
  it('runs 900 s in 512 MB under its own role, with the consumer environment', () => {
    const fn = resource(templates.minimal!, 'ReconcileLambdaFunction').Properties;
    expect(fn).toMatchObject({ Handler: 'src/handlers/reconcile.handler', Timeout: 900, MemorySize: 512, Role: { 'Fn::GetAtt': ['ReconcileRole', 'Arn'] } });
    expect(Object.keys(fn.Environment.Variables)).toEqual(expect.arrayContaining(['WICKR_NETWORK_ID', 'MAPPING_PARAMETER_NAME', 'STATE_TABLE_NAME', 'QUEUE_URL']));
  });

  it('names its role like osls names the consumer role, so one deployer policy covers both', () => {
    expect(resource(templates.minimal!, 'ReconcileRole').Properties.RoleName).toBe(`wickr-idp-sync-${TEST_STAGE}-us-east-1-reconcileRole`);
  });

  it('is scheduled every 6 hours by default and not at all with reconcileSchedule=off', () => {
    // The reconcile's schedule, not the SCIM outbox drain's.
    const rules = (variant: StackVariant) =>
      Object.values(resourcesOfType(templates[variant]!, 'AWS::Events::Rule')).filter(
        (r) => r.Properties.ScheduleExpression !== undefined && JSON.stringify(r.Properties.Targets).includes('ReconcileLambdaFunction'),
      );
    expect(rules(StackVariant.Minimal).map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(6 hours)']);
    expect(rules(StackVariant.Full)).toEqual([]);
  });

  it.each([StackVariant.Minimal, StackVariant.Full])('grants exactly the calls a run makes, each on its one resource (%s)', (variant) => {
    const g = grants(variant);
    const expected = [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'wickr:ListUsers',
      'ssm:GetParameter',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'sqs:SendMessage',
      'lambda:InvokeFunction',
      ...(variant === 'full' ? ['secretsmanager:GetSecretValue', 'identitystore:ListUsers', 'identitystore:ListGroups', 'identitystore:ListGroupMemberships'] : []),
    ];
    expect(Object.keys(g).sort()).toEqual(expected.sort());
    expect(g['sqs:SendMessage']).toEqual([JSON.stringify({ 'Fn::GetAtt': ['EventsQueue', 'Arn'] })]);
    expect(g['dynamodb:Query']).toEqual([
      JSON.stringify({ 'Fn::Sub': '${StateTable.Arn}/index/byList' }),
      // With SCIM on: the SCIM store's users and groups, and its byKind index (stack/scimIam.js).
      ...(variant === 'full' ? [JSON.stringify({ 'Fn::GetAtt': ['ScimTable', 'Arn'] }), JSON.stringify({ 'Fn::Sub': '${ScimTable.Arn}/index/byKind' })] : []),
    ]);
    expect(g['lambda:InvokeFunction']).toEqual([JSON.stringify({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${NAME}` })]);
    expect(g['logs:PutLogEvents']).toEqual([JSON.stringify({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${NAME}:*` })]);
  });

  it('reads links through the sparse links index of the state table', () => {
    expect(resource(templates.minimal!, 'StateTable').Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byList',
        KeySchema: [
          { AttributeName: 'gpk', KeyType: 'HASH' },
          { AttributeName: 'gsk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['wickrUserId'] },
      },
    ]);
  });
});
