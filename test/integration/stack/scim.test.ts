import { SCIM_KIND_INDEX } from '../../../src/adapters/scim/schema';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../../src/core/metrics';
import { ScimMetric } from '../../../src/core/scim/constants';
import { deployedResources, resource, resourcesOfType, type CfnProps, type CfnTemplate } from './helpers/cfn';
import { packagedTemplate, StackVariant, TEST_STAGE, VARIANT_PARAMS } from './helpers/packagedTemplate';

/**
 * The SCIM endpoint of stack/scim.yml and stack/scimIam.js: absent unless scimEnabled=true
 * (the minimal variant), complete with it (the full variant).
 */
const PREFIX = `wickr-idp-sync-${TEST_STAGE}`;
type Statement = { Sid: string; Effect: string; Action: string[]; Resource: unknown[]; Condition?: unknown };

const templates: Partial<Record<StackVariant, CfnTemplate>> = {};
beforeAll(async () => {
  templates.minimal = await packagedTemplate(StackVariant.Minimal);
  templates.full = await packagedTemplate(StackVariant.Full);
}, 180_000);
const full = (): CfnTemplate => templates.full!;

function statementsOf(roleId: string): Statement[] {
  const policies = resource(full(), roleId).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

describe('SCIM endpoint, off by default', () => {
  it('leaves out every SCIM resource, output and the stack bus when scimEnabled is not set', () => {
    const minimal = templates.minimal!;
    const ids = Object.keys(minimal.Resources);
    expect(ids.filter((id) => /scim/i.test(id))).toEqual([]);
    expect(Object.keys(minimal.Outputs ?? {}).filter((id) => /scim/i.test(id))).toEqual([]);
    expect(Object.keys(deployedResources(minimal))).not.toContain('GenericEventBus');
    expect(JSON.stringify(resource(minimal, 'IamRoleLambdaExecution'))).not.toMatch(/Scim/);
  });
});

describe('SCIM endpoint (scimEnabled=true)', () => {
  it('runs src/handlers/scim on nodejs22.x under its own role, with the SCIM table and the stack bus in its environment', () => {
    const fn = resource(full(), 'ScimLambdaFunction').Properties;
    expect(fn).toMatchObject({ Handler: 'src/handlers/scim.handler', Runtime: 'nodejs22.x', Role: { 'Fn::GetAtt': ['ScimRole', 'Arn'] }, FunctionName: `${PREFIX}-scim` });
    expect(fn.Timeout).toBeLessThan(30); // API Gateway's integration timeout
    expect(fn.Environment.Variables).toMatchObject({ SCIM_TABLE_NAME: { Ref: 'ScimTable' }, EVENT_BUS_NAME: { Ref: 'GenericEventBus' } });
  });

  it('routes ANY /scim/v2 and ANY /scim/v2/{proxy+} to the function with payload format 2.0', () => {
    const routes = Object.values(resourcesOfType(full(), 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['ANY /scim/v2', 'ANY /scim/v2/{proxy+}']);
    for (const r of routes) expect(r.Target).toEqual({ 'Fn::Sub': 'integrations/${ScimIntegration}' });
    expect(resource(full(), 'ScimIntegration').Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': ['ScimLambdaFunction', 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    expect(resource(full(), 'ScimHttpApi').Properties.ProtocolType).toBe('HTTP');
    expect(resource(full(), 'ScimInvokePermission').Properties).toMatchObject({ Principal: 'apigateway.amazonaws.com', FunctionName: { 'Fn::GetAtt': ['ScimLambdaFunction', 'Arn'] } });
  });

  it('throttles the stage at the parameters, never below the 25 requests/s Entra expects', () => {
    const settings = resource(full(), 'ScimHttpApiStage').Properties.DefaultRouteSettings as CfnProps;
    expect(settings).toEqual({ ThrottlingRateLimit: Number(VARIANT_PARAMS.full.scimThrottleRate), ThrottlingBurstLimit: Number(VARIANT_PARAMS.full.scimThrottleBurst) });
    expect(settings.ThrottlingRateLimit).toBeGreaterThanOrEqual(25);
    expect(settings.ThrottlingBurstLimit).toBeGreaterThanOrEqual(25);
  });

  it('writes JSON access logs that hold no header, body or query string, to a log group with the stack retention', () => {
    const stage = resource(full(), 'ScimHttpApiStage').Properties;
    expect(stage.AccessLogSettings.DestinationArn).toEqual({ 'Fn::GetAtt': ['ScimAccessLogGroup', 'Arn'] });
    const format = stage.AccessLogSettings.Format as string;
    const variables = [...format.matchAll(/\$context\.[\w.]+/g)].map((m) => m[0]);
    expect(variables.length).toBeGreaterThan(5);
    // No $context.authorizer.*, no request or response headers ($input/$request), no query string.
    for (const v of variables) expect(v).not.toMatch(/authori[sz]|header|querystring|body|identity\.(user|caller|accessKey|cognito)$|authentication/i);
    expect(format).not.toMatch(/\$input|\$request\.|\$response\./);
    expect(JSON.parse(format.replace(/\$context\.[\w.]+/g, '0'))).toMatchObject({ status: 0, path: '0', routeKey: '0' });
    expect(resource(full(), 'ScimAccessLogGroup').Properties.RetentionInDays).toBe(Number(VARIANT_PARAMS.full.logRetentionDays));
  });

  it('keeps the SCIM store in a pk/sk table with the byKind index on kind/id, encrypted, on demand, with point-in-time recovery', () => {
    expect(resource(full(), 'ScimTable').Properties).toMatchObject({
      TableName: `${PREFIX}-scim`,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: SCIM_KIND_INDEX,
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('gives the scim role its log group, its table and index, and PutEvents on the stack bus, nothing else', () => {
    const byAction = new Map<string, unknown[]>();
    for (const s of statementsOf('ScimRole')) {
      expect(s.Effect).toBe('Allow');
      for (const a of s.Action) byAction.set(a, [...(byAction.get(a) ?? []), ...s.Resource]);
    }
    const table = { 'Fn::GetAtt': ['ScimTable', 'Arn'] };
    const index = { 'Fn::Sub': `\${ScimTable.Arn}/index/${SCIM_KIND_INDEX}` };
    expect([...byAction.keys()].filter((a) => a.includes('*'))).toEqual([]);
    expect(byAction.get('events:PutEvents')).toEqual([{ 'Fn::GetAtt': ['GenericEventBus', 'Arn'] }]);
    expect(byAction.get('dynamodb:Query')).toEqual([table, index]);
    for (const a of ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) expect({ a, on: byAction.get(a) }).toEqual({ a, on: [table] });
    expect(byAction.get('logs:PutLogEvents')).toEqual([{ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${PREFIX}-scim:*` }]);
    expect([...byAction.keys()].filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual(['events:PutEvents']);
    expect(resource(full(), 'ScimRole').Properties.RoleName).toBe(`${PREFIX}-us-east-1-scimRole`);
  });

  it.each([
    ['IamRoleLambdaExecution', 'Sync'],
    ['ReconcileRole', 'Reconcile'],
  ])('lets %s read SCIM users and groups, never tokens, and list them through the index', (roleId, prefix) => {
    const statements =
      roleId === 'IamRoleLambdaExecution'
        ? (resource(full(), roleId).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement)
        : statementsOf(roleId);
    const store = statements.find((s) => s.Sid === `${prefix}ScimStore`);
    expect(store).toMatchObject({ Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], Resource: [{ 'Fn::GetAtt': ['ScimTable', 'Arn'] }] });
    expect(store?.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['user#*', 'group#*'] } });
    expect(statements.find((s) => s.Sid === `${prefix}ScimKindIndex`)).toMatchObject({ Action: ['dynamodb:Query'], Resource: [{ 'Fn::Sub': `\${ScimTable.Arn}/index/${SCIM_KIND_INDEX}` }] });
    expect(statements.filter((s) => JSON.stringify(s).includes('Scim')).flatMap((s) => s.Action)).not.toEqual(expect.arrayContaining(['dynamodb:PutItem']));
  });

  it('drains the outbox on a schedule', () => {
    const schedules = Object.values(resourcesOfType(full(), 'AWS::Events::Rule')).filter((r) => JSON.stringify(r.Properties.Targets).includes('ScimLambdaFunction'));
    expect(schedules.map((r) => r.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
  });

  it('alarms on the 5xx rate of SCIM requests and on a burst of 401s', () => {
    const rate = resource(full(), 'ScimServerErrorRateAlarm').Properties;
    const metric = (id: string) => (rate.Metrics as { Id: string; MetricStat?: { Metric: CfnProps } }[]).find((m) => m.Id === id)?.MetricStat?.Metric;
    expect(metric('errors')).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: 'ScimHttpApi' } }] });
    expect(metric('requests')).toEqual({ Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: { Ref: 'ScimHttpApi' } }] });
    expect(rate).toMatchObject({ Threshold: 5, ComparisonOperator: 'GreaterThanThreshold' });
    // API Gateway counts 4xx only: the function counts its 401s.
    expect(resource(full(), 'ScimUnauthorizedBurstAlarm').Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: ScimMetric.unauthorized,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 10,
    });
  });

  it('charts the SCIM API and function on the dashboard', () => {
    const text = resource(full(), 'Dashboard').Properties.DashboardBody['Fn::Sub'] as string;
    for (const expected of [
      '"AWS/ApiGateway","Count","ApiId","${ScimHttpApi}"',
      '"AWS/ApiGateway","5xx"',
      `"${ScimMetric.unauthorized}","service"`,
      '"FunctionName","${ScimLambdaFunction}"',
      `"RuleName","${PREFIX}-scim"`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('outputs the endpoint URL ending in /scim/v2 and the table name', () => {
    const outputs = full().Outputs!;
    expect(outputs.ScimEndpointUrl?.Value).toEqual({ 'Fn::Sub': '${ScimHttpApi.ApiEndpoint}/scim/v2' });
    expect(outputs.ScimTableName?.Value).toEqual({ Ref: 'ScimTable' });
  });
});
