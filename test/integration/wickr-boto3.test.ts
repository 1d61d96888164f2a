import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findMotoPython } from '../../local/moto/startMoto';
import { DEFAULT_SEED, startWickrEmulator, type WickrEmulator } from '../../local/wickr-emulator';

// boto3 (the AWS SDK generated from the same model) against the emulator: if botocore parses every answer into the
// model's shapes and raises the modelled exception class, the emulator speaks the real wire protocol, not just ours.
// The moto Python of the machine image ships boto3/botocore; when its botocore has no `wickr` model, the script loads
// our copy of the published model (test/unit/adapters/wickr/fixtures/service-2.json) through a temporary data path.

const run = promisify(execFile);
const MODEL = join(__dirname, '../unit/adapters/wickr/fixtures/service-2.json');
const RULE_SET = join(__dirname, '../../src/adapters/wickr/endpoint-rule-set-1.json');

const SCRIPT = `
import json, os, shutil, sys, tempfile
import boto3, botocore.session

endpoint, network, model, rule_set, which = sys.argv[1:6]
session = botocore.session.Session()
source = 'installed'
if which == 'fixture' or 'wickr' not in session.get_available_services():
    data = tempfile.mkdtemp()
    target = os.path.join(data, 'wickr', '2024-02-01')
    os.makedirs(target)
    shutil.copy(model, os.path.join(target, 'service-2.json'))
    shutil.copy(rule_set, os.path.join(target, 'endpoint-rule-set-1.json'))
    session.get_component('data_loader').search_paths.insert(0, data)
    source = 'fixture'
client = boto3.session.Session(botocore_session=session).client(
    'wickr', endpoint_url=endpoint, region_name='us-east-1',
    aws_access_key_id='test', aws_secret_access_key='test')

def strip(answer):
    answer.pop('ResponseMetadata', None)
    return answer

out = {'source': source, 'shapes': len(client.meta.service_model.shape_names)}
out['listUsers'] = strip(client.list_users(networkId=network, maxResults=100))
users = [{'username': 'boto.new@example.com', 'firstName': 'Boto', 'lastName': 'New', 'securityGroupIds': ['SGENG001']},
         {'username': 'ALICE.ADMIN@example.com', 'securityGroupIds': ['SGDEFLT1']}]
out['created'] = strip(client.batch_create_user(networkId=network, users=users, clientToken='boto3-create-1'))
out['replayed'] = strip(client.batch_create_user(networkId=network, users=users, clientToken='boto3-create-1'))
out['createdWithoutToken'] = strip(client.batch_create_user(networkId=network, users=[{'username': 'boto.auto@example.com', 'securityGroupIds': ['SGDEFLT1']}]))
new_id = out['created']['successful'][0]['userId']
out['reinvited'] = strip(client.batch_reinvite_user(networkId=network, userIds=[new_id, '1001'], clientToken='boto3-reinvite-1'))
out['counts'] = strip(client.get_users_count(networkId=network))
out['getUser'] = strip(client.get_user(networkId=network, userId=new_id))
out['deleted'] = strip(client.batch_delete_user(networkId=network, userIds=[new_id, '9999999'], clientToken='boto3-delete-1'))
out['deleteReplayed'] = strip(client.batch_delete_user(networkId=network, userIds=[new_id, '9999999'], clientToken='boto3-delete-1'))
try:
    client.get_user(networkId=network, userId=new_id)
    out['getDeleted'] = None
except client.exceptions.ResourceNotFoundError as error:
    out['getDeleted'] = error.response['ResponseMetadata']['HTTPStatusCode']
try:
    client.batch_create_user(networkId=network, users=[{'username': 'two.groups@example.com', 'securityGroupIds': ['SGDEFLT1', 'SGENG001']}])
    out['validationError'] = None
except client.exceptions.ValidationError as error:
    out['validationError'] = {'code': error.response['Error']['Code'], 'status': error.response['ResponseMetadata']['HTTPStatusCode'], 'reasons': error.response.get('reasons')}
print(json.dumps(out))
`;

type Boto3Output = {
  source: 'installed' | 'fixture';
  shapes: number;
  listUsers: { users: Record<string, unknown>[] };
  created: { message: string; successful: Record<string, unknown>[]; failed: Record<string, unknown>[] };
  replayed: { successful: Record<string, unknown>[] };
  createdWithoutToken: { successful: Record<string, unknown>[] };
  reinvited: { successful: { userId: string }[]; failed: Record<string, unknown>[] };
  counts: Record<string, number>;
  getUser: Record<string, unknown>;
  deleted: { message: string; successful: { userId: string }[]; failed: Record<string, unknown>[] };
  deleteReplayed: Record<string, unknown>;
  getDeleted: number | null;
  validationError: { code: string; status: number; reasons: unknown } | null;
};

describe('boto3 against the Wickr emulator', () => {
  let emulator: WickrEmulator;
  let workDir: string;
  let python: string;

  beforeAll(async () => {
    python = findMotoPython();
    workDir = mkdtempSync(join(tmpdir(), 'wickr-boto3-'));
    writeFileSync(join(workDir, 'wickr_boto3.py'), SCRIPT);
    emulator = await startWickrEmulator({ seed: DEFAULT_SEED });
  });

  beforeEach(() => emulator.reset(DEFAULT_SEED));

  afterAll(async () => {
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  // Async, never spawnSync: the emulator answers from this process's event loop.
  async function runBoto3(which: 'installed' | 'fixture'): Promise<Boto3Output> {
    const { stdout } = await run(python, [join(workDir, 'wickr_boto3.py'), emulator.url, DEFAULT_SEED.networkId, MODEL, RULE_SET, which], {
      timeout: 60_000,
      // No AWS_* settings of the test run (moto's endpoint, profiles): the script names its endpoint and keys itself.
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))), AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    return JSON.parse(stdout) as Boto3Output;
  }

  it.each(['installed', 'fixture'] as const)('parses every answer with the %s botocore model', async (which) => {
    // Act
    const out = await runBoto3(which);

    // Assess
    if (which === 'fixture') {
      expect(out.source).toBe('fixture');
      const model = (await import(MODEL)) as { shapes: Record<string, unknown> };
      expect(out.shapes).toBe(Object.keys(model.shapes).length);
    }
    expect(out.listUsers.users).toContainEqual(
      expect.objectContaining({ userId: '1001', username: 'alice.admin@example.com', securityGroups: ['SGADMIN1'], isAdmin: false, status: 2, type: 'user', isInviteExpired: false, suspended: false }),
    );
    expect(out.created.message).toBe('partial success');
    expect(out.created.successful).toEqual([
      expect.objectContaining({ userId: expect.stringMatching(/^[0-9]+$/), username: 'boto.new@example.com', securityGroups: ['SGENG001'], status: 1, inviteCode: expect.any(String) }),
    ]);
    expect(out.created.failed).toEqual([{ userId: '0', field: 'username', reason: 'User already exists' }]);
    expect(out.replayed).toEqual(out.created);
    expect(out.createdWithoutToken.successful).toEqual([expect.objectContaining({ username: 'boto.auto@example.com' })]);
    const newId = out.created.successful[0].userId;
    expect(out.reinvited.successful).toEqual([{ userId: newId }]);
    expect(out.reinvited.failed).toEqual([{ userId: '1001', field: 'userId', reason: 'User is not pending' }]);
    expect(out.counts).toEqual({ pending: 2, active: 4, rejected: 0, remaining: 494, total: 6 });
    expect(out.getUser).toMatchObject({ userId: newId, username: 'boto.new@example.com', status: 1, securityGroupIds: ['SGENG001'], isAdmin: false });
    expect(out.deleted).toEqual({ message: 'partial success', successful: [{ userId: newId }], failed: [{ userId: '9999999', field: 'userId', reason: 'User not found' }] });
    expect(out.deleteReplayed).toEqual(out.deleted);
    expect(out.getDeleted).toBe(404);
    expect(out.validationError).toEqual({ code: 'ValidationError', status: 422, reasons: [{ field: 'users.0.securityGroupIds', reason: expect.any(String) }] });
    expect(emulator.state().requests).toMatchObject({
      ListUsers: { '200': 1 },
      BatchCreateUser: { '200': 3, '422': 1 },
      BatchReinviteUser: { '200': 1 },
      GetUsersCount: { '200': 1 },
      GetUser: { '200': 1, '404': 1 },
      BatchDeleteUser: { '200': 2 },
    });
  });
});
