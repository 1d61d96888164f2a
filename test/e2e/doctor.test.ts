/**
 * The doctor on the local stack (moto, the emulators, the real adapters): one stack for every
 * case, whose state each case breaks and then restores, so one run passes everything and each
 * failure kind fails exactly its own row.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PurgeQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { localTarget, runLocalDoctor } from '../../local/doctor';
import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import { runReconcile } from '../../local/stack/reconcile/runReconcile';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';
import { DEFAULT_OKTA_TOKEN } from '../../local/okta-emulator/seed';
import { dynamoScimTokens } from '../../scripts/lib/scimTokens';
import { DynamoReconcileStore } from '../../src/adapters/aws/DynamoReconcileStore';
import { ScimKey, ScimKind, ScimSort } from '../../src/adapters/scim/schema';
import type { DoctorCheck, DoctorReport } from '../../src/core/doctor';
import { createScimTable } from '../helpers/scimStore';
import { companySeed, companyUsers, MAPPING } from './reconcileWorld';

const SEED_PATH = 'company-seed.json';

describe('e2e: the doctor on the local stack', () => {
  let stack: LocalStack;
  let aws: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  let env: Readonly<Record<string, string>>;

  beforeAll(async () => {
    stack = await startLocalStack({ seed: companySeed(companyUsers(4)) });
    env = stack.reconcileEnvironment as Record<string, string>;
    aws = { endpoint: stack.motoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const doctor = (options: Parameters<typeof runLocalDoctor>[1] = { seedPath: SEED_PATH }): Promise<DoctorReport> => runLocalDoctor(stack, options);
  /** The rows that did not pass or skip. */
  const notPassed = (report: DoctorReport): [string, string][] => report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => [c.name, c.status]);
  const row = (report: DoctorReport, name: string): DoctorCheck => report.checks.find((c) => c.name === name) as DoctorCheck;
  const putMapping = async (mapping: unknown): Promise<void> => {
    const ssm = new SSMClient(aws);
    await ssm.send(new PutParameterCommand({ Name: env.MAPPING_PARAMETER_NAME, Value: typeof mapping === 'string' ? mapping : JSON.stringify(mapping), Type: 'String', Overwrite: true }));
  };

  it('passes every check once a reconcile has run, and warns before the first', async () => {
    expect(notPassed(await doctor())).toEqual([['last reconcile', 'warn']]);

    await runReconcile(stack, { settleTimeoutMs: 60_000 });
    const calls = new Set<string>();
    const wickrBefore = stack.wickr.state().requests;
    const report = await doctor({ seedPath: SEED_PATH, target: { onAwsCall: (call) => calls.add(call) } });
    // Read-only: these reads and nothing else (the Okta client only ever GETs).
    expect([...calls].sort()).toEqual(['DynamoDBClient GetItemCommand', 'SQSClient GetQueueAttributesCommand', 'SSMClient GetParameterCommand', 'SecretsManagerClient GetSecretValueCommand']);
    const wickrAfter = stack.wickr.state().requests;
    const wickrCalls = Object.keys(wickrAfter).filter((op) => JSON.stringify(wickrAfter[op]) !== JSON.stringify(wickrBefore[op]));
    expect(wickrCalls).toEqual(['ListSecurityGroups']);
    expect(notPassed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'mapping',
      'wickr access',
      'security groups',
      'okta credential',
      'IdP groups',
      'SCIM tokens',
      'dead letters (consumer)',
      'dead letters (okta delivery)',
      'dead letters (identity-center delivery)',
      'dead letters (generic delivery)',
      'last reconcile',
    ]);
    expect(row(report, 'last reconcile').detail).toMatch(/: succeeded, /);
  });

  it('fails a bad mapping, an unknown security group and an unresolved IdP group, each on its own row', async () => {
    try {
      await putMapping({ ...MAPPING, securityGroups: [{ idpGroup: 'Engineering', securityGroupID: 'SGENG001' }] });
      const bad = await doctor();
      expect(notPassed(bad)).toEqual([['mapping', 'fail']]);
      expect(row(bad, 'mapping').fix).toMatch(/^correct securityGroups\[0\]/);

      await putMapping({ ...MAPPING, securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGTYPO01' }] });
      const unknownGroup = await doctor();
      expect(notPassed(unknownGroup)).toEqual([['security groups', 'fail']]);
      expect(row(unknownGroup, 'security groups').detail).toBe('not in network 12345678: SGTYPO01 (securityGroups[0].securityGroupId)');

      await putMapping({ ...MAPPING, scope: { idpGroups: ['Wikcr Users'] } });
      const unresolved = await doctor();
      expect(notPassed(unresolved)).toEqual([['IdP groups', 'fail']]);
      expect(row(unresolved, 'IdP groups').detail).toBe('not found in okta: "Wikcr Users" (scope.idpGroups[0])');
    } finally {
      await putMapping(MAPPING);
    }
  });

  it('fails a refused Okta token and refused Wickr credentials', async () => {
    const secrets = new SecretsManagerClient(aws);
    try {
      await secrets.send(new PutSecretValueCommand({ SecretId: env.OKTA_TOKEN_SECRET_ID, SecretString: 'not-the-token' }));
      const okta = await doctor();
      // The groups cannot be checked without the credential: that row says so too.
      expect(notPassed(okta)).toEqual([
        ['okta credential', 'fail'],
        ['IdP groups', 'fail'],
      ]);
      expect(row(okta, 'okta credential').fix).toMatch(/Okta API token was refused/);
    } finally {
      await secrets.send(new PutSecretValueCommand({ SecretId: env.OKTA_TOKEN_SECRET_ID, SecretString: DEFAULT_OKTA_TOKEN }));
    }

    const base = localTarget(stack, { seedPath: SEED_PATH });
    const wickr = await doctor({ seedPath: SEED_PATH, target: { aws: { ...base.aws, credentials: { accessKeyId: 'AKIAOTHERCALLER', secretAccessKey: 'wrong' } } } });
    expect(notPassed(wickr)).toEqual([['wickr access', 'fail']]);
    expect(row(wickr, 'wickr access').fix).toMatch(/credentials were refused/);
  });

  it('fails SCIM without a live token, dead letters, and a failed last reconcile', async () => {
    // The local stage has no SCIM table yet: one as stack/scim.yml defines it, read by the doctor's adapter.
    const dynamodb = new DynamoDBClient(aws);
    const TableName = await createScimTable('ALL', { client: dynamodb, tableName: 'wickr-idp-sync-local-scim' });
    const scimTokens = dynamoScimTokens(dynamodb, TableName);
    const expired = {
      pk: { S: ScimKey.token('t1') },
      sk: { S: ScimSort.token },
      kind: { S: ScimKind.token },
      id: { S: 't1' },
      sha256: { S: '00' },
      createdAt: { S: '2026-01-01T00:00:00Z' },
      expiresAt: { S: '2026-02-01T00:00:00Z' },
    };
    await dynamodb.send(new PutItemCommand({ TableName, Item: expired }));
    const none = await doctor({ seedPath: SEED_PATH, scimTokens });
    expect(notPassed(none)).toEqual([['SCIM tokens', 'fail']]);
    await dynamodb.send(new PutItemCommand({ TableName, Item: { ...expired, pk: { S: ScimKey.token('t2') }, id: { S: 't2' }, expiresAt: { S: '2099-01-01T00:00:00Z' } } }));
    expect(row(await doctor({ seedPath: SEED_PATH, scimTokens }), 'SCIM tokens')).toMatchObject({ status: 'pass', detail: '1 live token' });

    const sqs = new SQSClient(aws);
    const dlq = stack.resources.queues.find((q) => q.logicalId === 'EventsDeadLetterQueue')?.url as string;
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: '{}' }));
      const dead = await doctor();
      expect(notPassed(dead)).toEqual([['dead letters (consumer)', 'fail']]);
      expect(row(dead, 'dead letters (consumer)').detail).toBe('1 message waiting');
    } finally {
      await sqs.send(new PurgeQueueCommand({ QueueUrl: dlq }));
    }

    const store = new DynamoReconcileStore({ client: dynamodb, tableName: env.STATE_TABLE_NAME });
    const run = await store.getRun();
    if (!run?.result) throw new Error('the first case ran a reconcile');
    await store.putRun({ ...run, status: 'failed', version: run.version + 1, result: { ...run.result, status: 'failed', message: 'okta listing failed (THROTTLING)' } }, run.version);
    const failed = await doctor();
    expect(notPassed(failed)).toEqual([['last reconcile', 'fail']]);
    expect(row(failed, 'last reconcile').detail).toMatch(/: failed \(okta listing failed \(THROTTLING\)\)$/);
  });

  // Last: the reconcile the first case ran, and the functions' calls, judged against the packaged template. The
  // doctor's own reads are the operator's, so they go straight to moto and the emulator and are not judged here.
  it('leaves no AWS call of the functions that the packaged template would refuse', async () => {
    await expectNoDenials(stack.iam);
  });
});
