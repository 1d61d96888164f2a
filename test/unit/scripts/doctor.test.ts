import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../scripts/doctor';
import { deployedTarget, SetupError, setupErrorOf } from '../../../scripts/lib/stackTarget';

const run = async (argv: string[], deps: Parameters<typeof main>[1] = {}): Promise<{ code: number; text: string }> => {
  const lines: string[] = [];
  const code = await main(argv, { ...deps, out: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
};

describe('npm run doctor (command line)', () => {
  it('lists its flags on --help and exits 0', async () => {
    const { code, text } = await run(['--help']);
    expect(code).toBe(0);
    expect(text).toMatch(/--stage <stage>/);
    expect(text).toMatch(/--region <region>/);
    expect(text).toMatch(/--local --seed <seed\.json>/);
  });

  it('exits 2 without --stage, and on an unknown flag', async () => {
    expect(await run([])).toMatchObject({ code: 2, text: expect.stringMatching(/^give --stage/) });
    expect((await run(['--stage', 'prod', '--stag', 'x'])).code).toBe(2);
  });

  it('hands --local and its own flags to the local doctor', async () => {
    const local = jest.fn(async () => 0);
    expect((await run(['--local', '--seed', 's.json'], { local })).code).toBe(0);
    expect(local).toHaveBeenCalledWith(['--seed', 's.json']);
  });

  it.each([
    ['no region', new Error('Region is missing'), /^set-up error: no AWS region\nfix: pass --region/],
    ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), /^set-up error: no AWS credentials\nfix: sign in first/],
    [
      'no stack',
      Object.assign(new Error('Stack with id wickr-idp-sync-prod does not exist'), { name: 'ValidationError' }),
      /^set-up error: stack wickr-idp-sync-prod not found\nfix: check --stage and --region/,
    ],
  ])('reports %s as a set-up error with its fix, exit 2', async (_, error, expected) => {
    const { code, text } = await run(['--stage', 'prod'], { target: () => Promise.reject(error) });
    expect(code).toBe(2);
    expect(text).toMatch(expected);
  });

  it('reports an incomplete function environment as a set-up error', async () => {
    const target = async () => ({ environment: {}, deadLetterQueues: [], unlistedSources: [], commands: { reconcile: '', redrive: () => '', scimToken: '' }, aws: { region: 'eu-west-2' } });
    const { code, text } = await run(['--stage', 'prod'], { target });
    expect(code).toBe(2);
    expect(text).toMatch(/^set-up error: the reconcile function's environment is incomplete \(WICKR_NETWORK_ID: is required\)/);
  });

  it('lets an unexpected error through (exit 1 at the top level)', async () => {
    await expect(run(['--stage', 'prod'], { target: () => Promise.reject(new TypeError('boom')) })).rejects.toThrow('boom');
    expect(setupErrorOf(new TypeError('boom'), 's')).toBeUndefined();
  });
});

describe('deployedTarget', () => {
  const cfn = mockClient(CloudFormationClient);
  const lambda = mockClient(LambdaClient);
  const dynamodb = mockClient(DynamoDBClient);
  const clients = () => ({ cfn: new CloudFormationClient({ region: 'eu-west-2' }), lambda: new LambdaClient({ region: 'eu-west-2' }), dynamodb: new DynamoDBClient({ region: 'eu-west-2' }) });
  afterEach(() => {
    cfn.reset();
    lambda.reset();
    dynamodb.reset();
  });
  const outputs = (o: Record<string, string>) => ({
    Stacks: [{ StackName: 's', CreationTime: new Date(), StackStatus: 'UPDATE_COMPLETE' as const, Outputs: Object.entries(o).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }],
  });

  it('reads the stack outputs and the reconcile function environment', async () => {
    cfn
      .on(DescribeStacksCommand, { StackName: 'wickr-idp-sync-prod' })
      .resolves(
        outputs({ ReconcileFunctionName: 'wickr-idp-sync-prod-reconcile', EventsDeadLetterQueueUrl: 'https://q/dlq', OktaDeliveryDeadLetterQueueUrl: 'https://q/okta', GenericEventBusName: 'bus' }),
      );
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: 'wickr-idp-sync-prod-reconcile' }).resolves({ Environment: { Variables: { WICKR_NETWORK_ID: '12345678' } } });
    const target = await deployedTarget({ stage: 'prod', service: 'wickr-idp-sync', ...clients() });
    expect(target).toMatchObject({
      environment: { WICKR_NETWORK_ID: '12345678' },
      deadLetterQueues: [
        { label: 'consumer', url: 'https://q/dlq' },
        { label: 'okta', url: 'https://q/okta' },
      ],
      unlistedSources: ['generic'],
      aws: { region: 'eu-west-2' },
    });
    expect(target.scimTokens).toBeUndefined();
    expect(target.commands.reconcile).toBe('npm run reconcile -- --stage prod --region eu-west-2');
    expect(target.commands.redrive('okta')).toBe('npm run redrive -- --stage prod --region eu-west-2 --from okta');
  });

  it('counts the live SCIM tokens of the table the stack outputs, when it has SCIM', async () => {
    cfn.on(DescribeStacksCommand).resolves(outputs({ ReconcileFunctionName: 'f', ScimTableName: 'wickr-idp-sync-prod-scim' }));
    lambda.on(GetFunctionConfigurationCommand).resolves({});
    const day = 86_400_000;
    dynamodb
      .on(QueryCommand, { TableName: 'wickr-idp-sync-prod-scim', IndexName: 'byKind', ExpressionAttributeValues: { ':token': { S: 'token' } } })
      .resolvesOnce({ Items: [{}, { expiresAt: { S: new Date(Date.now() - day).toISOString() } }], LastEvaluatedKey: { pk: { S: 'token#2' } } })
      .resolvesOnce({ Items: [{ expiresAt: { S: new Date(Date.now() + day).toISOString() } }] });
    const target = await deployedTarget({ stage: 'prod', service: 'wickr-idp-sync', ...clients() });
    expect(await target.scimTokens?.countLiveTokens()).toBe(2);
    expect(dynamodb.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ pk: { S: 'token#2' } });
  });

  it('says to deploy this version when the stack lacks the reconcile output', async () => {
    cfn.on(DescribeStacksCommand).resolves(outputs({}));
    await expect(deployedTarget({ stage: 'prod', service: 'wickr-idp-sync', ...clients() })).rejects.toBeInstanceOf(SetupError);
  });
});
